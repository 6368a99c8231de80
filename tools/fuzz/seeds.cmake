# Seed corpora of the CLI's fuzz targets: <build>/tools/fuzz/seeds/<target>/ gets the
# hand-written seeds of tools/fuzz/seeds/<target>/ and corpus/'s input files, by fuzz/'s
# make_seeds.cmake (see fuzz/seeds.cmake).
include(${CMAKE_CURRENT_LIST_DIR}/targets.cmake)
if(NOT TARGET fuzz_cli_seeds)
  add_custom_target(fuzz_cli_seeds ALL
    COMMAND ${CMAKE_COMMAND}
      -DCORPUS_DIR=${PROJECT_SOURCE_DIR}/corpus
      -DHAND_DIR=${PROJECT_SOURCE_DIR}/tools/fuzz/seeds
      -DOUT_DIR=${PROJECT_BINARY_DIR}/tools/fuzz/seeds
      "-DTARGETS=${EKSCODEC_CLI_FUZZ_TARGETS}"
      -P ${PROJECT_SOURCE_DIR}/fuzz/make_seeds.cmake
    COMMENT "Fuzz seed corpora of the CLI's targets"
    VERBATIM)
endif()
