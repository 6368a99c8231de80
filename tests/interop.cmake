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
# (signature verification, Update lifecycle, --error, --log, load and faults). Skips (77)
# without boto3, fails then under CI=true.
add_test(NAME interop_serve
  COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/interop/serve_clients.py $<TARGET_FILE:ekscodec_cli>)
set_tests_properties(interop_serve PROPERTIES LABELS interop SKIP_RETURN_CODE 77 TIMEOUT 180)
