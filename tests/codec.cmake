# Core codec: request/response encode+decode, the strict JSON reader, round trips and the
# botocore differential (corpus/oracle/*.jsonl, written by tools/oracle/codec_oracle.py).
eks_add_check_test(test_request ${CMAKE_CURRENT_SOURCE_DIR}/test_request.c)
eks_add_check_test(test_response ${CMAKE_CURRENT_SOURCE_DIR}/test_response.c)
eks_add_check_test(test_json_read ${CMAKE_CURRENT_SOURCE_DIR}/test_json_read.c)
eks_add_check_test(test_roundtrip ${CMAKE_CURRENT_SOURCE_DIR}/test_roundtrip.c)

