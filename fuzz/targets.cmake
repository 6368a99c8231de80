# The fuzz targets, one per library entry point (and renumber, validate --renumber's copy,
# which reads text a user may give it): fuzz/fuzz_<name>.c defines
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
  renumber
)
# Targets of the CLI's own code (tools/): built with these sources of it besides the library
set(EKSCODEC_FUZZ_CLI_SOURCES_renumber tools/validate_renumber.c tools/cli_common.c tools/cli_out.c)
