# SigV4: official vectors, rules, verification, botocore differential (one runner).
eks_add_check_test(test_sigv4
  ${CMAKE_CURRENT_SOURCE_DIR}/test_sigv4.c
  ${CMAKE_CURRENT_SOURCE_DIR}/test_sigv4_diff.c)
