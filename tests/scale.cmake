# Scaling out `ekscodec validate` (issue #12): --range tiling, --merge and --renumber (Check
# runners), and
# the Dask driver tools/dask/ekscodec-dask against a whole-file run (skipped, loudly, when
# /usr/bin/python3 has no distributed; a failure with CI=true). `ctest -L scale` runs them.
if(EKSCODEC_VALIDATE_LIB_SOURCES)
  eks_add_check_test(test_validate_range ${CMAKE_CURRENT_SOURCE_DIR}/test_validate_range.c)
  add_dependencies(test_validate_range ekscodec_cli)
  set_tests_properties(test_validate_range PROPERTIES LABELS scale)
  eks_add_check_test(test_validate_renumber ${CMAKE_CURRENT_SOURCE_DIR}/test_validate_renumber.c)
  add_dependencies(test_validate_renumber ekscodec_cli)
  set_tests_properties(test_validate_renumber PROPERTIES LABELS scale)
endif()
if(TARGET ekscodec_cli)
  add_test(NAME test_dask COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/test_dask.sh)
  set_tests_properties(test_dask PROPERTIES LABELS scale SKIP_RETURN_CODE 77 TIMEOUT 180 ENVIRONMENT
    "SOURCE_DIR=${PROJECT_SOURCE_DIR};CLI=$<TARGET_FILE:ekscodec_cli>")
endif()
