# The fuzz targets, one per library entry point: fuzz/fuzz_<name>.c defines
# LLVMFuzzerTestOneInput. Shared by fuzz/CMakeLists.txt (libFuzzer builds) and
# tests/fuzz_replay.cmake (the same targets replayed by ctest in every build).
set(EKSCODEC_FUZZ_TARGETS
  request_decode
  response_decode
  params_decode
  http_parse
  sigv4
  endpoint
  roundtrip
  capture_read
  op_decode
  op_roundtrip
  route
  json_kernels
)
# Targets that also need tools/ sources (the capture readers live with the CLI, which is the
# only code that touches files).
set(EKSCODEC_FUZZ_EXTRA_SOURCES_capture_read
  tools/capture_util.c tools/capture_jsonl.c tools/capture_http.c tools/capture_har.c
  tools/validate_check.c)
set(EKSCODEC_FUZZ_EXTRA_INCLUDES_capture_read tools codec)
# json_kernels drives the reader and the shape engine directly (private headers), to run
# every scanner kernel in one process.
set(EKSCODEC_FUZZ_EXTRA_INCLUDES_json_kernels codec)
