# route for ekscodec-bench: eks_route() over paths built from every operation's template.
list(APPEND EKSCODEC_BENCH_SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/bench_route.c)
add_compile_definitions(EKS_BENCH_HAVE_ROUTE)
