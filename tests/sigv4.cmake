# SigV4: official vectors, rules, verification, botocore differential (one runner).
eks_add_check_test(test_sigv4
  ${CMAKE_CURRENT_SOURCE_DIR}/test_sigv4.c
  ${CMAKE_CURRENT_SOURCE_DIR}/test_sigv4_diff.c)
# Heap blocks released by the library are searched for a planted session token: free and
# realloc are wrapped at link time for every object linked in (the library's included).
eks_add_check_test(test_secret_wipe ${CMAKE_CURRENT_SOURCE_DIR}/test_secret_wipe.c)
target_link_options(test_secret_wipe PRIVATE -Wl,--wrap=free -Wl,--wrap=realloc)
