# validate_jsonl for ekscodec-bench: the library's JSON Lines reader and exchange checks.
if(EXISTS ${PROJECT_SOURCE_DIR}/codec/exchange.cmake)
  list(APPEND EKSCODEC_BENCH_SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/bench_validate.c)
  add_compile_definitions(EKS_BENCH_HAVE_VALIDATE EKS_BENCH_CORPUS_DIR="${PROJECT_SOURCE_DIR}/corpus")
endif()
