# HTTP/1.1 message parser (captured requests/responses -> eks_http_request/response).
list(APPEND EKSCODEC_SOURCES
  codec/http_parse.c
)
