# ekscodec validate: capture readers (HAR, JSON Lines, raw HTTP/1.1), per-exchange checks, report.
list(APPEND EKSCODEC_CLI_SOURCES
  ${CMAKE_CURRENT_SOURCE_DIR}/capture_util.c
  ${CMAKE_CURRENT_SOURCE_DIR}/capture_jsonl.c
  ${CMAKE_CURRENT_SOURCE_DIR}/capture_http.c
  ${CMAKE_CURRENT_SOURCE_DIR}/capture_har.c
  ${CMAKE_CURRENT_SOURCE_DIR}/validate_check.c
  ${CMAKE_CURRENT_SOURCE_DIR}/validate_report.c
  ${CMAKE_CURRENT_SOURCE_DIR}/cmd_validate.c
)
# Shared with the tests and the benchmark, which compile the readers and checks directly.
set(EKSCODEC_VALIDATE_LIB_SOURCES
  ${CMAKE_CURRENT_SOURCE_DIR}/capture_util.c
  ${CMAKE_CURRENT_SOURCE_DIR}/capture_jsonl.c
  ${CMAKE_CURRENT_SOURCE_DIR}/capture_http.c
  ${CMAKE_CURRENT_SOURCE_DIR}/capture_har.c
  ${CMAKE_CURRENT_SOURCE_DIR}/validate_check.c
  ${CMAKE_CURRENT_SOURCE_DIR}/validate_report.c
  CACHE INTERNAL "validate sources")
set(EKSCODEC_VALIDATE_TOOLS_DIR ${CMAKE_CURRENT_SOURCE_DIR} CACHE INTERNAL "tools dir")
add_compile_definitions(EKSCODEC_CLI_HAVE_VALIDATE)
# --jobs runs worker threads
set(THREADS_PREFER_PTHREAD_FLAG ON)
find_package(Threads REQUIRED)
link_libraries(Threads::Threads)
