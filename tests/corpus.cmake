# Golden corpus (corpus/request, corpus/response, corpus/error; format in corpus/README.md),
# generated with botocore and the AWS SDK for JavaScript by tools/oracle/gen_corpus.py.
eks_add_check_test(test_corpus ${CMAKE_CURRENT_SOURCE_DIR}/test_corpus.c)
# Reruns the oracles and compares with the committed cases; SKIP (77) without botocore, node
# or tools/oracle/js/node_modules (scripts/setup.sh, or npm ci --prefix tools/oracle/js), a
# failure then with CI=true.
add_test(NAME test_corpus_differential COMMAND test_corpus --differential)
set_tests_properties(test_corpus_differential PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 900 ENVIRONMENT
  "EKSCODEC_SHARED_DIR=${EKSCODEC_SHARED_DIR};EKSCODEC_SOURCE_DIR=${PROJECT_SOURCE_DIR};EKSCODEC_BUILD_DIR=${PROJECT_BINARY_DIR};CK_DEFAULT_TIMEOUT=900")
