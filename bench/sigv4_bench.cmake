# SigV4 cases for ekscodec-bench: sign (warm key cache), sign_cold (no cache), presign, verify.
list(APPEND EKSCODEC_BENCH_SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/bench_sigv4.c)
add_compile_definitions(EKS_BENCH_HAVE_SIGV4)
