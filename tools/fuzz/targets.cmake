# libFuzzer targets of the CLI's own code, tools/fuzz/fuzz_<name>.c: text the CLI reads that
# no library entry point does (fuzz/ holds the library's targets, which use only its API and
# never name tools/). Built by tools/fuzz/CMakeLists.txt (EKSCODEC_BUILD_FUZZERS=ON, with
# fuzz/'s eks_add_fuzz_target), replayed by tests/fuzz_replay.cmake in every build, run by
# scripts/fuzz_ci.sh beside fuzz/'s.
set(EKSCODEC_CLI_FUZZ_TARGETS
  renumber
)
# The CLI sources (in tools/) each one is built with, besides the library.
set(EKSCODEC_CLI_FUZZ_SOURCES_renumber validate_renumber.c cli_common.c cli_out.c)
