# Endpoint resolution: botocore corpus replay, generated-table drift checks, live oracle.
# --wrap=malloc/calloc/realloc lets the test count allocations made by the static library.
eks_add_check_test(test_endpoint ${CMAKE_CURRENT_SOURCE_DIR}/test_endpoint.c)
target_link_options(test_endpoint PRIVATE
  -Wl,--wrap=malloc -Wl,--wrap=calloc -Wl,--wrap=realloc)
