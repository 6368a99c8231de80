# ekscodec-bench's command line, which scripts/bench_vs_simdjson.sh and the peers' scripts rely on.
if(TARGET ekscodec-bench)
  add_test(NAME bench_cli COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/bench_cli.sh $<TARGET_FILE:ekscodec-bench>)
endif()
