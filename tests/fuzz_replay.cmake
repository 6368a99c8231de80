# Every fuzz target, built with the ordinary compiler and a plain main()
# (fuzz/standalone_main.c), replays its seed corpus (built from corpus/ by the fuzz_seeds
# step) and its past crash inputs (fuzz/regressions/<target>/) as a ctest test. Runs in
# every build, gcc included; under EKSCODEC_SANITIZE the replays get ASan+UBSan.
include(${PROJECT_SOURCE_DIR}/fuzz/seeds.cmake)
foreach(t IN LISTS EKSCODEC_FUZZ_TARGETS)
  add_executable(fuzz_replay_${t}
    ${PROJECT_SOURCE_DIR}/fuzz/fuzz_${t}.c ${PROJECT_SOURCE_DIR}/fuzz/standalone_main.c)
  target_link_libraries(fuzz_replay_${t} PRIVATE ekscodec_internal)
  add_dependencies(fuzz_replay_${t} fuzz_seeds)
  add_test(NAME fuzz_replay_${t}
    COMMAND fuzz_replay_${t} ${PROJECT_BINARY_DIR}/fuzz/seeds/${t}
            ${PROJECT_SOURCE_DIR}/fuzz/regressions/${t})
endforeach()
# The CLI's own targets (tools/fuzz/targets.cmake), the same way, with the CLI sources each
# one needs.
include(${PROJECT_SOURCE_DIR}/tools/fuzz/seeds.cmake)
foreach(t IN LISTS EKSCODEC_CLI_FUZZ_TARGETS)
  set(sources ${PROJECT_SOURCE_DIR}/tools/fuzz/fuzz_${t}.c ${PROJECT_SOURCE_DIR}/fuzz/standalone_main.c)
  foreach(src IN LISTS EKSCODEC_CLI_FUZZ_SOURCES_${t})
    list(APPEND sources ${PROJECT_SOURCE_DIR}/tools/${src})
  endforeach()
  add_executable(fuzz_replay_${t} ${sources})
  target_link_libraries(fuzz_replay_${t} PRIVATE ekscodec_internal)
  target_include_directories(fuzz_replay_${t} PRIVATE ${PROJECT_SOURCE_DIR}/tools ${PROJECT_SOURCE_DIR}/fuzz)
  add_dependencies(fuzz_replay_${t} fuzz_cli_seeds)
  add_test(NAME fuzz_replay_${t}
    COMMAND fuzz_replay_${t} ${PROJECT_BINARY_DIR}/tools/fuzz/seeds/${t}
            ${PROJECT_SOURCE_DIR}/tools/fuzz/regressions/${t})
endforeach()
