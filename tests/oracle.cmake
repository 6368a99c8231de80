# oracle_regen: every oracle script (tools/oracle/*.py, corpus/captures/make_*.py) rerun into a
# temporary directory, its output compared byte for byte with the committed files.
# SKIP (77) without python3, botocore, ../shared or the JS SDK; a failure then with CI=true.
add_test(NAME oracle_regen
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/oracle_regen.sh ${PROJECT_SOURCE_DIR} ${EKSCODEC_SHARED_DIR})
set_tests_properties(oracle_regen PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
