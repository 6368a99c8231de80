# validate_jsonl for ekscodec-bench: the JSON Lines reader and the per-exchange checks.
if(EKSCODEC_VALIDATE_LIB_SOURCES)
  list(APPEND EKSCODEC_BENCH_SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/bench_validate.c ${EKSCODEC_VALIDATE_LIB_SOURCES})
  add_compile_definitions(EKS_BENCH_HAVE_VALIDATE EKS_BENCH_CORPUS_DIR="${PROJECT_SOURCE_DIR}/corpus")
  include_directories(${EKSCODEC_VALIDATE_TOOLS_DIR})
  find_package(Threads REQUIRED)
  link_libraries(Threads::Threads)
endif()
