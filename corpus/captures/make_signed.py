#!/usr/bin/env python3
"""Oracle: signs DisassociateIdentityProviderConfig requests with botocore's SigV4Auth and
writes them as a JSON Lines capture (corpus/captures/signed_botocore.jsonl), so that
`ekscodec validate --verify-signatures` is tested against signatures it did not compute.

Credentials (the AWS documentation's example pair; not real):
  AWS_ACCESS_KEY_ID=AKIDEXAMPLE
  AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
  line 2 also carries AWS_SESSION_TOKEN=FQoGZXIvYXdzEXAMPLESESSIONTOKEN (signed)
  line 3 has a Date header, so botocore signs it ("-0000" zone) and sends no X-Amz-Date
Time: 2026-11-28T01:02:03Z. Run: python3 corpus/captures/make_signed.py [--out-dir DIR]
Deterministic: ctest oracle_regen reruns it and compares the output with the committed file.
"""
import argparse
import datetime
import json
import os
import sys

try:
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
except ImportError:
    sys.exit("botocore is needed to regenerate this file (the committed output is used otherwise)")
from unittest import mock

AK, SK, TOK = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "FQoGZXIvYXdzEXAMPLESESSIONTOKEN"
HERE = os.path.dirname(os.path.abspath(__file__))
BODY = '{"identityProviderConfig":{"type":"oidc","name":"okta"},"clientRequestToken":"6f1c2d3e-4b5a-4978-8a1b-0c2d3e4f5a6b"}'
UPDATE = ('{"update":{"id":"0b3f4c5d-7a8b-4c9d-8e0f-123456789abc","status":"InProgress",'
          '"type":"DisassociateIdentityProviderConfig","params":[],"createdAt":1764291723.456,"errors":[]}}')


def signed(region, token, date_header=False):
    url = "https://eks.%s.amazonaws.com/clusters/prod/identity-provider-configs/disassociate" % region
    headers = {"Content-Type": "application/json"}
    if date_header:
        headers["Date"] = "replaced by the signer"
    req = AWSRequest(method="POST", url=url, data=BODY.encode(), headers=headers)
    fixed = datetime.datetime(2026, 11, 28, 1, 2, 3)
    with mock.patch("botocore.auth.get_current_datetime", return_value=fixed):
        SigV4Auth(Credentials(AK, SK, token), "eks", region).add_auth(req)
    headers = [["Host", "eks.%s.amazonaws.com" % region]] + [[k, v] for k, v in req.headers.items()]
    return {"request": {"method": "POST", "url": url, "headers": headers, "body": BODY},
            "response": {"status": 200, "headers": [["Date", "Sat, 28 Nov 2026 01:02:04 GMT"],
                                                     ["Content-Type", "application/json"]], "body": UPDATE}}


_ap = argparse.ArgumentParser(description="Signs sample requests with botocore.")
_ap.add_argument("--out-dir", default=HERE)
with open(os.path.join(_ap.parse_args().out_dir, "signed_botocore.jsonl"), "w", newline="\n") as f:
    f.write(json.dumps(signed("us-west-2", None), separators=(",", ":")) + "\n")
    f.write(json.dumps(signed("eu-west-1", TOK), separators=(",", ":")) + "\n")
    f.write(json.dumps(signed("us-west-2", None, date_header=True), separators=(",", ":")) + "\n")
