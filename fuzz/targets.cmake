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
