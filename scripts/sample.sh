#!/usr/bin/env bash
# Sets up, builds (build/), and runs the main job on the bundled sample: validates the
# capture corpus/samples/capture_mixed.jsonl (exit 1: it holds invalid exchanges on purpose);
# then decodes a captured DisassociateIdentityProviderConfig response to JSON and encodes a
# request as HTTP/1.1, unsigned and signed.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
scripts/build.sh build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEKSCODEC_SANITIZE=OFF

cli=build/tools/ekscodec
response=corpus/samples/response_typical.http
request=corpus/samples/request_typical.json
capture=corpus/samples/capture_mixed.jsonl
run() { echo "\$ $*"; "$@"; echo; }

# The main job: validate captured traffic. The sample mixes valid, invalid, error-response
# and unrelated exchanges on purpose, so the expected exit status here is 1 (some invalid).
echo "\$ $cli validate $capture"
rc=0
"$cli" validate "$capture" || rc=$?
echo "(exit status $rc: 0 = all valid, 1 = some invalid, 2 = unreadable)"
echo
[[ $rc -le 1 ]] || exit "$rc"

run "$cli" decode --format json "$response"
run "$cli" decode --format text "$response"
run "$cli" encode --unsigned --region us-west-2 --format http "$request"
# Signed, with AWS's published example credentials and a fixed time (reproducible output).
echo "\$ AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=… $cli encode --region us-west-2 --time 20261128T010203Z $request"
AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY AWS_SESSION_TOKEN= \
    "$cli" encode --region us-west-2 --time 20261128T010203Z "$request"
echo
