# ekscodec validate: the library's capture readers and exchange checks, and the CLI end to end.
if(EXISTS ${PROJECT_SOURCE_DIR}/codec/exchange.cmake)
  eks_add_check_test(test_capture_readers ${CMAKE_CURRENT_SOURCE_DIR}/test_capture_readers.c)
  eks_add_check_test(test_exchange ${CMAKE_CURRENT_SOURCE_DIR}/test_exchange.c)
endif()
# bench/ and fuzz/ reach the library the way users do: no file of theirs may name tools/.
add_test(NAME test_no_tools_in_bench_fuzz
  COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -P ${CMAKE_CURRENT_SOURCE_DIR}/no_tools_refs.cmake)
if(EKSCODEC_VALIDATE_LIB_SOURCES)
  eks_add_check_test(test_validate ${CMAKE_CURRENT_SOURCE_DIR}/test_validate.c)
  add_dependencies(test_validate ekscodec_cli)
endif()
