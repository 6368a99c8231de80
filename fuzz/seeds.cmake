# Seed corpora: build/fuzz/seeds/<target>/ gets every input file of corpus/ (every regular
# file except expected outputs and READMEs; the name flattens its path, so the many
# params.json / body files of the case folders do not collide) plus the hand-written seeds
# of fuzz/seeds/<target>/. Re-globbed on every build, so new corpus cases are picked up
# without re-running CMake.
include(${CMAKE_CURRENT_LIST_DIR}/targets.cmake)
if(NOT TARGET fuzz_seeds)
  add_custom_target(fuzz_seeds ALL
    COMMAND ${CMAKE_COMMAND}
      -DCORPUS_DIR=${PROJECT_SOURCE_DIR}/corpus
      -DHAND_DIR=${PROJECT_SOURCE_DIR}/fuzz/seeds
      -DOUT_DIR=${PROJECT_BINARY_DIR}/fuzz/seeds
      "-DTARGETS=${EKSCODEC_FUZZ_TARGETS}"
      -P ${PROJECT_SOURCE_DIR}/fuzz/make_seeds.cmake
    COMMENT "Fuzz seed corpora from corpus/ and fuzz/seeds/"
    VERBATIM)
endif()
