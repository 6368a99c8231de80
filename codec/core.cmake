# Core codec sources (schema tables, JSON, request/response codec, diagnostics).
list(APPEND EKSCODEC_SOURCES
  codec/status.c
  codec/version.c
  codec/buf.c
  codec/char_class.c
  codec/diag.c
  codec/http_value.c
  codec/arena.c
  codec/json_read.c
  codec/json_scan.c
  codec/json_path.c
  codec/shape_decode.c
  codec/double_text.c
  codec/shape_encode.c
  codec/constraints.c
  codec/pattern.c
  codec/model_errors.c
  codec/uri_label.c
  codec/request.c
  codec/query.c
  codec/op_json.c
  codec/response.c
  codec/generated/model_tables.c
  codec/generated/json_keep_shuffle.c
)
