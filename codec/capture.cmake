# Capture readers (HAR 1.2, JSON Lines, raw HTTP/1.1) over memory or a read callback.
list(APPEND EKSCODEC_SOURCES
  codec/capture.c
  codec/capture_jsonl.c
  codec/capture_http.c
  codec/capture_har.c
)
