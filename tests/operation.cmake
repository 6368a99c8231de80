# Operation lookup, facts and routing (include/ekscodec/operation.h): against the official
# model, botocore's names (corpus/operations/botocore_names.json) and a reference matcher.
eks_add_check_test(test_operation ${CMAKE_CURRENT_SOURCE_DIR}/test_operation.c)

# The same router over a synthetic model whose templates overlap as EKS's do not
# (tests/route_synthetic/, see its README): codec/operation.c compiled a second time with the
# synthetic ids and model.h force-included, as tests/coverage_tests.cmake does for the engine.
set(EKS_ROUTE_SYNTH_DIR ${CMAKE_CURRENT_SOURCE_DIR}/route_synthetic)
add_executable(test_operation_synthetic
  ${CMAKE_CURRENT_SOURCE_DIR}/test_operation_synthetic.c
  ${CMAKE_CURRENT_SOURCE_DIR}/support/test_support.c
  ${EKS_ROUTE_SYNTH_DIR}/generated/model_tables.c
  ${PROJECT_SOURCE_DIR}/codec/operation.c)
target_include_directories(test_operation_synthetic BEFORE PRIVATE
  ${EKS_ROUTE_SYNTH_DIR} ${PROJECT_SOURCE_DIR}/codec ${PROJECT_SOURCE_DIR}/include
  ${CMAKE_CURRENT_SOURCE_DIR}/support)
target_compile_options(test_operation_synthetic PRIVATE -fno-strict-aliasing
  "SHELL:-include ${EKS_ROUTE_SYNTH_DIR}/ekscodec/model.h"
  "SHELL:-include ${EKS_ROUTE_SYNTH_DIR}/generated/model_ids.h")
target_link_libraries(test_operation_synthetic PRIVATE PkgConfig::CHECK)
add_test(NAME test_operation_synthetic COMMAND test_operation_synthetic)
set_tests_properties(test_operation_synthetic PROPERTIES ENVIRONMENT "CK_DEFAULT_TIMEOUT=120")

# ekscodec operations, both formats, against the model and botocore's names.
eks_add_check_test(test_cli_operations ${CMAKE_CURRENT_SOURCE_DIR}/test_cli_operations.c)
add_dependencies(test_cli_operations ekscodec_cli)
