# Constraint traits (length, range, pattern): test_constraints over the EKS tables (with the
# pattern oracle's cases, tests/pattern_cases/), test_constraints_engine over the synthetic
# model's constrained shapes (tests/engine_synthetic/).
eks_add_check_test(test_constraints ${CMAKE_CURRENT_SOURCE_DIR}/test_constraints.c
  ${CMAKE_CURRENT_SOURCE_DIR}/constraints_model.c)
