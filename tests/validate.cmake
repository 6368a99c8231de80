# ekscodec validate: capture readers and checks (compiled in), and the CLI end to end.
if(EKSCODEC_VALIDATE_LIB_SOURCES)
  eks_add_check_test(test_capture_readers ${CMAKE_CURRENT_SOURCE_DIR}/test_capture_readers.c
                     ${EKSCODEC_VALIDATE_LIB_SOURCES})
  target_include_directories(test_capture_readers PRIVATE ${EKSCODEC_VALIDATE_TOOLS_DIR})
  find_package(Threads REQUIRED)
  target_link_libraries(test_capture_readers PRIVATE Threads::Threads)
  eks_add_check_test(test_validate ${CMAKE_CURRENT_SOURCE_DIR}/test_validate.c)
  add_dependencies(test_validate ekscodec_cli)
endif()
