# ekscodec validate: opening capture files (the readers and checks are the library's), the
# command and its report.
list(APPEND EKSCODEC_CLI_SOURCES
  ${CMAKE_CURRENT_SOURCE_DIR}/capture_file.c
  ${CMAKE_CURRENT_SOURCE_DIR}/validate_report.c
  ${CMAKE_CURRENT_SOURCE_DIR}/validate_split.c
  ${CMAKE_CURRENT_SOURCE_DIR}/validate_renumber.c
  ${CMAKE_CURRENT_SOURCE_DIR}/cmd_validate.c
)
# Tells tests/ that the validate command is built (its end-to-end tests need it).
set(EKSCODEC_VALIDATE_LIB_SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/cmd_validate.c CACHE INTERNAL "validate is built")
add_compile_definitions(EKSCODEC_CLI_HAVE_VALIDATE)
# --jobs runs worker threads
set(THREADS_PREFER_PTHREAD_FLAG ON)
find_package(Threads REQUIRED)
link_libraries(Threads::Threads)
