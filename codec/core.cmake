# Core codec sources (schema tables, JSON, request/response codec, diagnostics).
list(APPEND EKSCODEC_SOURCES
  codec/status.c
  codec/buf.c
  codec/diag.c
  codec/http_value.c
)
