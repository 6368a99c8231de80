eks_add_check_test(test_cli ${CMAKE_CURRENT_SOURCE_DIR}/test_cli.c)
add_dependencies(test_cli ekscodec_cli)
