# HTTP/1.1 message parser (RFC 9112 framing, limits, truncation, robustness).
eks_add_check_test(test_http_parse ${CMAKE_CURRENT_SOURCE_DIR}/test_http_parse.c)
