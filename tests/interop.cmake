# Interop (issue 9): traffic of every operation through `ekscodec validate`.
# test_mixed_capture: corpus/samples/capture_all_operations.jsonl (scripts/gen_mixed_capture.py)
#   routed to the operation its .operations sidecar names, all valid; --strict vs lenient.
eks_add_check_test(test_mixed_capture ${CMAKE_CURRENT_SOURCE_DIR}/interop/test_mixed_capture.c)
add_dependencies(test_mixed_capture ekscodec_cli)
set_tests_properties(test_mixed_capture PROPERTIES LABELS interop TIMEOUT 120)

# interop_clients: boto3, AWS CLI v1 (`aws` on PATH) and AWS CLI v2 (/usr/bin/aws) call a
# loopback recording server; the recorded capture must validate with --verify-signatures,
# selected by credential scope. Skips (77) without boto3 or AWS CLI v2, fails then under CI=true.
add_test(NAME interop_clients
  COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/interop/capture_clients.py $<TARGET_FILE:ekscodec_cli>)
set_tests_properties(interop_clients PROPERTIES LABELS interop SKIP_RETURN_CODE 77 TIMEOUT 180
  ENVIRONMENT "EKSCODEC_SHARED_DIR=${EKSCODEC_SHARED_DIR};EKSCODEC_SOURCE_DIR=${PROJECT_SOURCE_DIR}")

# interop_serve: boto3, botocore's SigV4Auth and curl --aws-sigv4 against `ekscodec serve`
# (signature verification, Update lifecycle, --error, --log, protocol). Skips (77)
# without boto3, fails then under CI=true.
add_test(NAME interop_serve
  COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/interop/serve_clients.py $<TARGET_FILE:ekscodec_cli>)
set_tests_properties(interop_serve PROPERTIES LABELS interop SKIP_RETURN_CODE 77 TIMEOUT 180)

# interop_serve_awscli: AWS CLI v2 (/usr/bin/aws) and v1 (`aws` on PATH, when present) against
# `ekscodec serve`: JSON output parsed, createdAt equal to the body the server sent.
add_test(NAME interop_serve_awscli
  COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/interop/serve_awscli.py $<TARGET_FILE:ekscodec_cli>)
set_tests_properties(interop_serve_awscli PROPERTIES LABELS interop SKIP_RETURN_CODE 77 TIMEOUT 180)

# interop_serve_js: @aws-sdk/client-eks (tools/oracle/js, npm ci from the lockfile) against
# `ekscodec serve`.
find_program(EKSCODEC_NODE node)
if(EKSCODEC_NODE)
  add_test(NAME interop_serve_js
    COMMAND ${EKSCODEC_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/interop/serve_js.mjs $<TARGET_FILE:ekscodec_cli>)
else()
  # Without node the test still exists and says why it cannot run (a failure with CI=true).
  add_test(NAME interop_serve_js COMMAND python3 -c
    "import sys; sys.path.insert(0, '${CMAKE_CURRENT_SOURCE_DIR}/interop'); import serve_clients as s; s.skip_or_fail('node is missing (scripts/setup.sh installs nodejs)')")
endif()
set_tests_properties(interop_serve_js PROPERTIES LABELS interop SKIP_RETURN_CODE 77 TIMEOUT 120
  ENVIRONMENT "EKSCODEC_SOURCE_DIR=${PROJECT_SOURCE_DIR}")

# interop_curl_transport: examples/curl_transport.c built against a scratch install of this
# build (find_package(ekscodec), as tests/install.cmake does) and libcurl, run against
# `ekscodec serve`; its printed Update is checked against the server's log. A sanitized
# library needs the sanitizer runtime in whatever links it, hence the build's flags.
get_property(_eks_example_link_options DIRECTORY ${PROJECT_SOURCE_DIR} PROPERTY LINK_OPTIONS)
string(JOIN " " _eks_example_ldflags ${CMAKE_EXE_LINKER_FLAGS} ${_eks_example_link_options})
add_test(NAME interop_curl_transport
  COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/interop/curl_transport.py $<TARGET_FILE:ekscodec_cli>)
set_tests_properties(interop_curl_transport PROPERTIES LABELS interop SKIP_RETURN_CODE 77 TIMEOUT 300
  ENVIRONMENT "BUILD_DIR=${PROJECT_BINARY_DIR};WORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/interop-example;CC=${CMAKE_C_COMPILER};CONSUMER_CFLAGS=${CMAKE_C_FLAGS};CONSUMER_LDFLAGS=${_eks_example_ldflags};EKSCODEC_SOURCE_DIR=${PROJECT_SOURCE_DIR}")

# interop_serve_load: 8 keep-alive clients x 250 signed requests, twice (warm-up, measured),
# with broken connections alongside and requests not signed with the configured key mixed in
# (403, never 200); server RSS flat, requests/s printed. In build-asan it runs the ASan CLI.
add_test(NAME interop_serve_load
  COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/interop/serve_load.py $<TARGET_FILE:ekscodec_cli>)
set_tests_properties(interop_serve_load PROPERTIES LABELS interop SKIP_RETURN_CODE 77 TIMEOUT 180)
