# ekscodec operations: the operation list from the generated tables (text or JSON).
list(APPEND EKSCODEC_CLI_SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/cmd_operations.c)
add_compile_definitions(EKSCODEC_CLI_HAVE_OPERATIONS)
