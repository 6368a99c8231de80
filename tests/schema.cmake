# Schema chain: official model -> schema/*.json -> generated C tables.
# test_schema: tables vs extract, extract vs model (independent closure walk), stated figures.
eks_add_check_test(test_schema ${CMAKE_CURRENT_SOURCE_DIR}/test_schema.c)

# schema_generator: regenerate and diff (drift), gzip input, other operations compiled with
# this project's compiler and warnings. Skips (77) without python3 or ../shared.
string(JOIN " " EKSCODEC_SCHEMA_TEST_WARNINGS ${EKSCODEC_WARNINGS})
add_test(NAME schema_generator
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/schema_generator_test.sh
          ${PROJECT_SOURCE_DIR} ${EKSCODEC_SHARED_DIR} ${CMAKE_C_COMPILER} "${EKSCODEC_SCHEMA_TEST_WARNINGS}")
set_tests_properties(schema_generator PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
