# Constraint traits (length, range, pattern): test_constraints over the EKS tables (with the
# pattern oracle's cases, tests/pattern_cases/), test_constraints_engine over the synthetic
# model's constrained shapes (tests/engine_synthetic/).
eks_add_check_test(test_constraints ${CMAKE_CURRENT_SOURCE_DIR}/test_constraints.c
  ${CMAKE_CURRENT_SOURCE_DIR}/constraints_model.c ${CMAKE_CURRENT_SOURCE_DIR}/constraints_decode.c)
eks_add_synthetic_engine_exe(test_constraints_engine ${CMAKE_CURRENT_SOURCE_DIR}/test_constraints_engine.c
  ${CMAKE_CURRENT_SOURCE_DIR}/constraints_model.c ${CMAKE_CURRENT_SOURCE_DIR}/constraints_decode.c)
target_link_libraries(test_constraints_engine PRIVATE PkgConfig::JSONC)
add_test(NAME test_constraints_engine COMMAND test_constraints_engine)
set_tests_properties(test_constraints_engine PROPERTIES ENVIRONMENT
  "EKSCODEC_SOURCE_DIR=${PROJECT_SOURCE_DIR};CK_DEFAULT_TIMEOUT=120")
