#!/usr/bin/env bash
# Sets up, builds (build/), and runs the CLI on the bundled samples: decodes a captured
# DisassociateIdentityProviderConfig response to JSON, and encodes a request as HTTP/1.1.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
scripts/build.sh build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEKSCODEC_SANITIZE=OFF

cli=build/tools/ekscodec
response=corpus/samples/response_typical.http
request=corpus/samples/request_typical.json
run() { echo "\$ $*"; "$@"; echo; }
run "$cli" decode --format json "$response"
run "$cli" decode --format text "$response"
run "$cli" encode --unsigned --region us-west-2 --format http "$request"
