eks_add_check_test(test_cli ${CMAKE_CURRENT_SOURCE_DIR}/test_cli.c)
add_dependencies(test_cli ekscodec_cli)
# the report's escapers and line buffer (tools/cli_out.c), against bytewise escapers written from the rules
eks_add_check_test(test_cli_out ${CMAKE_CURRENT_SOURCE_DIR}/test_cli_out.c ${PROJECT_SOURCE_DIR}/tools/cli_out.c
  ${PROJECT_SOURCE_DIR}/tools/cli_common.c)
target_include_directories(test_cli_out PRIVATE ${PROJECT_SOURCE_DIR}/tools)
# the readers' file source (tools/capture_file.c): a file that shrinks while read, stdin left at an offset
eks_add_check_test(test_capture_file ${CMAKE_CURRENT_SOURCE_DIR}/test_capture_file.c
  ${PROJECT_SOURCE_DIR}/tools/capture_file.c)
target_include_directories(test_capture_file PRIVATE ${PROJECT_SOURCE_DIR}/tools)
