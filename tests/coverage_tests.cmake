# Coverage runners (scripts/coverage.sh counts every tests/test_* binary).
#
# test_coverage_core: json_path rendering, diagnostics limits, arena and buffer edges, over
# the ordinary library.
eks_add_check_test(test_coverage_core ${CMAKE_CURRENT_SOURCE_DIR}/test_coverage_core.c)

# test_coverage_codec: operation codec corners (error encode/decode, request encode with
# override endpoints and bad hosts, request/params decode forms, endpoint URL checks).
eks_add_check_test(test_coverage_codec ${CMAKE_CURRENT_SOURCE_DIR}/test_coverage_codec.c)

# test_coverage_engine: the generic shape engine (codec/shape_*.c and what it needs) compiled
# a second time over the tables of a synthetic model (tests/engine_synthetic/, generated from
# tests/schema_fixtures/synthetic-model.json; see its README), so the shape kinds EKS does
# not use (maps, booleans, integers, longs, doubles, blobs) run too. The codec sources are
# the originals, so llvm-cov merges their coverage with the other binaries'. codec/model_desc.h
# includes "generated/model_ids.h" relative to itself (the committed EKS ids): the synthetic
# ids and model.h are force-included first, and their include guards turn the committed ones
# into no-ops; nothing is copied, so nothing can drift.
set(EKS_SYNTH_DIR ${CMAKE_CURRENT_SOURCE_DIR}/engine_synthetic)
function(eks_add_synthetic_engine_exe name)
  add_executable(${name} ${ARGN}
    ${CMAKE_CURRENT_SOURCE_DIR}/support/test_support.c
    ${EKS_SYNTH_DIR}/generated/model_tables.c
    ${PROJECT_SOURCE_DIR}/codec/shape_decode.c
    ${PROJECT_SOURCE_DIR}/codec/shape_encode.c
    ${PROJECT_SOURCE_DIR}/codec/double_text.c
    ${PROJECT_SOURCE_DIR}/codec/constraints.c
    ${PROJECT_SOURCE_DIR}/codec/pattern.c
    ${PROJECT_SOURCE_DIR}/codec/json_read.c
    ${PROJECT_SOURCE_DIR}/codec/json_scan.c
    ${PROJECT_SOURCE_DIR}/codec/generated/json_keep_shuffle.c
    ${PROJECT_SOURCE_DIR}/codec/json_path.c
    ${PROJECT_SOURCE_DIR}/codec/arena.c
    ${PROJECT_SOURCE_DIR}/codec/buf.c
    ${PROJECT_SOURCE_DIR}/codec/diag.c
    ${PROJECT_SOURCE_DIR}/codec/status.c
    ${PROJECT_SOURCE_DIR}/codec/model_errors.c
    ${PROJECT_SOURCE_DIR}/codec/uri_label.c
    ${PROJECT_SOURCE_DIR}/codec/char_class.c)
  target_include_directories(${name} BEFORE PRIVATE
    ${EKS_SYNTH_DIR} ${PROJECT_SOURCE_DIR}/codec ${PROJECT_SOURCE_DIR}/include
    ${CMAKE_CURRENT_SOURCE_DIR}/support)
  # SHELL: keeps CMake from de-duplicating the repeated -include flag.
  target_compile_options(${name} PRIVATE -fno-strict-aliasing
    "SHELL:-include ${EKS_SYNTH_DIR}/ekscodec/model.h"
    "SHELL:-include ${EKS_SYNTH_DIR}/generated/model_ids.h")
  target_link_libraries(${name} PRIVATE PkgConfig::CHECK OpenSSL::Crypto m)
endfunction()
eks_add_synthetic_engine_exe(test_coverage_engine ${CMAKE_CURRENT_SOURCE_DIR}/test_coverage_engine.c)
add_test(NAME test_coverage_engine COMMAND test_coverage_engine)
set_tests_properties(test_coverage_engine PROPERTIES ENVIRONMENT "CK_DEFAULT_TIMEOUT=120")
# Engine defects found by coverage work (64-bit integers through a double, null map values
# kept silently), fixed since: kept as their own runner of regressions.
eks_add_synthetic_engine_exe(coverage_engine_bugs ${CMAKE_CURRENT_SOURCE_DIR}/coverage_engine_bugs.c)
add_test(NAME coverage_engine_regressions COMMAND coverage_engine_bugs)
set_tests_properties(coverage_engine_regressions PROPERTIES ENVIRONMENT "CK_DEFAULT_TIMEOUT=120")
# Out-of-memory sweeps: the library's allocations are wrapped at link time so the k-th one can
# fail (ASan keeps its own interceptors underneath __real_malloc).
eks_add_check_test(test_oom ${CMAKE_CURRENT_SOURCE_DIR}/test_oom.c)
target_link_options(test_oom PRIVATE -Wl,--wrap=malloc -Wl,--wrap=calloc -Wl,--wrap=realloc
  -Wl,--wrap=json_tokener_new_ex -Wl,--wrap=json_object_new_object -Wl,--wrap=json_object_new_string
  -Wl,--wrap=json_object_new_string_len -Wl,--wrap=json_object_new_int -Wl,--wrap=json_object_object_add)
