#!/usr/bin/env python3
"""Builds corpus/samples/capture_mixed.{jsonl,har,http}: the bundled sample captures.

Only the inputs are generated here; the expected outputs
(corpus/samples/capture_mixed.*.expected.jsonl) are written by hand from the list below
and checked by tests/test_validate.c. Signatures are well-formed but not real.
Deterministic: ctest oracle_regen reruns it into a temporary directory (--out-dir) and
compares the output with the committed files.

capture_mixed.jsonl, by line:
  1 valid 200                         -> valid
  2 valid request, 404 ResourceNotFound -> valid
  3 identityProviderConfig.name missing -> invalid (request missing_required_member)
  4 GET /clusters/prod (DescribeCluster) -> valid (routed to its operation)
  5 POST to an S3 host                 -> skipped
  6 no Authorization                   -> invalid (signature_missing)
  7 host eu-west-1, scope us-west-2    -> invalid (endpoint)
  8 X-Amz-Date 601 s before Date       -> valid, warning clock_skew
  9 no clientRequestToken              -> valid, warning missing_idempotency_token
 10 update.status "Paused"             -> valid, warning unknown_enum_value (error with --strict)
 11 truncated JSON line                -> invalid (capture invalid_json at $.request.headers[0]:
                                          the line ends where the first header was due)
 12 bodies as bodyBase64               -> valid
 13 eks-fips host in us-gov-west-1     -> valid
 14 cluster label ".."                 -> invalid (dot_segment_label)
 15 ResourceNotFound with status 400   -> valid, warning status_mismatch
 16 blank line                         -> not an exchange
 17 response only, headers as object   -> skipped
"""
import argparse
import base64
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
_ap = argparse.ArgumentParser(description="Builds the bundled sample captures.")
_ap.add_argument("--out-dir", default=os.path.join(HERE, "..", "samples"))
OUT = _ap.parse_args().out_dir
SIG = "f" * 8 + "0123456789abcdef" * 3 + "e" * 8
TOKEN = "6f1c2d3e-4b5a-4978-8a1b-0c2d3e4f5a6b"
OP = "/clusters/%s/identity-provider-configs/disassociate"
UPDATE = ('{"update":{"id":"0b3f4c5d-7a8b-4c9d-8e0f-123456789abc","status":"%s",'
          '"type":"DisassociateIdentityProviderConfig","params":[{"type":"IdentityProviderConfig",'
          '"value":"[{\\"type\\":\\"oidc\\",\\"name\\":\\"okta\\"}]"}],"createdAt":1764291723.456,"errors":[]}}')


def auth(region, service="eks"):
    return ("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261128/%s/%s/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date, Signature=%s" % (region, service, SIG))


def req(host, cluster="prod", body=None, amz="20261128T010203Z", region=None, with_auth=True, method="POST",
        path=None):
    region = region or host.split(".")[1]
    if body is None:
        body = {"identityProviderConfig": {"type": "oidc", "name": "okta"}, "clientRequestToken": TOKEN}
    h = [["Host", host], ["Content-Type", "application/json"], ["X-Amz-Date", amz]]
    if with_auth:
        h.append(["Authorization", auth(region)])
    return {"method": method, "url": "https://%s%s" % (host, path or OP % cluster), "headers": h,
            "body": json.dumps(body, separators=(",", ":")) if isinstance(body, dict) else body}


def ok(status="InProgress"):
    return {"status": 200, "headers": [["Date", "Sat, 28 Nov 2026 01:02:04 GMT"],
                                       ["Content-Type", "application/json"],
                                       ["x-amzn-RequestId", "5f2b9c1e-8d7a-4e3b-a1c2-0d9e8f7a6b5c"]],
            "body": UPDATE % status}


def err(status, etype, body):
    return {"status": status, "headers": [["Date", "Sat, 28 Nov 2026 01:02:04 GMT"],
                                          ["Content-Type", "application/json"],
                                          ["x-amzn-RequestId", "0c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e"],
                                          ["x-amzn-ErrorType", etype]], "body": body}


W2 = "eks.us-west-2.amazonaws.com"
NF = '{"message":"No identity provider configuration named okta is associated with cluster prod.","clusterName":"prod"}'
lines = [
    {"request": req(W2), "response": ok()},
    {"request": req(W2), "response": err(404, "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazon.eks/", NF)},
    {"request": req(W2, body={"identityProviderConfig": {"type": "oidc"}, "clientRequestToken": TOKEN}),
     "response": err(400, "InvalidParameterException", '{"message":"name is required","clusterName":"prod"}')},
    {"request": req(W2, method="GET", path="/clusters/prod", body=""),
     "response": {"status": 200, "headers": [["Content-Type", "application/json"]], "body": '{"cluster":{"name":"prod"}}'}},
    {"request": req("my-bucket.s3.us-west-2.amazonaws.com", path="/upload", body="hello", region="us-west-2"),
     "response": {"status": 200, "headers": [], "body": ""}},
    {"request": req(W2, with_auth=False), "response": ok()},
    {"request": req("eks.eu-west-1.amazonaws.com", region="us-west-2"), "response": ok()},
    {"request": req(W2, amz="20261128T005203Z"), "response": ok()},
    {"request": req(W2, body={"identityProviderConfig": {"type": "oidc", "name": "okta"}}), "response": ok()},
    {"request": req(W2), "response": ok("Paused")},
    None,  # line 11: truncated JSON
    None,  # line 12: base64 bodies
    {"request": req("eks-fips.us-gov-west-1.amazonaws.com"), "response": ok()},
    {"request": req(W2, cluster=".."), "response": ok()},
    {"request": req(W2), "response": err(400, "ResourceNotFoundException", NF)},
]
out = []
for i, ex in enumerate(lines, 1):
    if i == 11:
        out.append('{"request":{"method":"POST","url":"https://eks.us-west-2.amazonaws.com' + OP % "prod" + '","headers":[')
    elif i == 12:
        r = req(W2)
        r["bodyBase64"] = base64.b64encode(r.pop("body").encode()).decode()
        s = ok()
        s["bodyBase64"] = base64.b64encode(s.pop("body").encode()).decode()
        out.append(json.dumps({"request": r, "response": s}, separators=(",", ":")))
    else:
        out.append(json.dumps(ex, separators=(",", ":")))
out.append("")
out.append(json.dumps({"response": {"status": 200, "headers": {"Content-Type": "application/json"}, "body": "{}"}},
                      separators=(",", ":")))
with open(os.path.join(OUT, "capture_mixed.jsonl"), "w", newline="\n") as f:
    f.write("\n".join(out) + "\n")

# HAR 1.2 variant: entries 0..4
def har_headers(h):
    return [{"name": n, "value": v} for n, v in h]


def har_entry(rq, rs, b64_response=False):
    e = {"startedDateTime": "2026-11-28T01:02:03.000Z", "time": 12,
         "request": {"method": rq["method"], "url": rq["url"], "httpVersion": "HTTP/1.1",
                     "headers": har_headers([h for h in rq["headers"] if h[0] != "Host"] + [[":authority", rq["url"].split("/")[2]]]),
                     "queryString": [], "cookies": [], "headersSize": -1, "bodySize": len(rq["body"])},
         "response": {"status": rs["status"], "statusText": "", "httpVersion": "HTTP/1.1",
                      "headers": har_headers(rs["headers"]), "cookies": [], "redirectURL": "",
                      "headersSize": -1, "bodySize": len(rs["body"]),
                      "content": {"size": len(rs["body"]), "mimeType": "application/json", "text": rs["body"]}},
         "cache": {}, "timings": {"send": 0, "wait": 10, "receive": 2}}
    if rq["body"]:
        e["request"]["postData"] = {"mimeType": "application/json", "text": rq["body"]}
    if b64_response:
        c = e["response"]["content"]
        c["text"] = base64.b64encode(c["text"].encode()).decode()
        c["encoding"] = "base64"
    return e


har = {"log": {"version": "1.2", "creator": {"name": "make_capture_mixed.py", "version": "1"}, "entries": [
    har_entry(req(W2), ok()),                                      # 0 valid
    har_entry(req(W2), ok(), b64_response=True),                   # 1 valid, base64 content
    har_entry(lines[2]["request"], lines[2]["response"]),          # 2 invalid (missing name)
    har_entry(lines[3]["request"], lines[3]["response"]),          # 3 DescribeCluster: valid
    {"startedDateTime": "2026-11-28T01:02:03.000Z", "time": 0,     # 4 no response (status 0): request only
     "request": har_entry(req(W2), ok())["request"],
     "response": {"status": 0, "statusText": "", "httpVersion": "", "headers": [], "cookies": [],
                  "redirectURL": "", "headersSize": -1, "bodySize": 0, "content": {"size": 0, "mimeType": ""}},
     "cache": {}, "timings": {"send": 0, "wait": 0, "receive": 0}},
]}}
with open(os.path.join(OUT, "capture_mixed.har"), "w", newline="\n") as f:
    json.dump(har, f, indent=2)
    f.write("\n")

# Raw HTTP/1.1 variant (RFC 9112): exchanges back to back; the comment after each is what
# the expected file says. Offsets are printed for the hand-written expected file.
def http_req(host, path, body, amz="20261128T010203Z", eol="\r\n"):
    head = ["POST %s HTTP/1.1" % path, "Host: " + host, "Content-Type: application/json",
            "X-Amz-Date: " + amz, "Authorization: " + auth(host.split(".")[1]),
            "Content-Length: %d" % len(body.encode())]
    return eol.join(head) + eol + eol + body


BODY = json.dumps({"identityProviderConfig": {"type": "oidc", "name": "okta"}, "clientRequestToken": TOKEN},
                  separators=(",", ":"))
upd = UPDATE % "InProgress"
parts = []
# 1: valid, Content-Length framing, CRLF
parts.append(http_req(W2, OP % "prod", BODY) +
             "HTTP/1.1 200 OK\r\nDate: Sat, 28 Nov 2026 01:02:04 GMT\r\nContent-Type: application/json\r\n"
             "x-amzn-RequestId: 5f2b9c1e-8d7a-4e3b-a1c2-0d9e8f7a6b5c\r\nContent-Length: %d\r\n\r\n%s" % (len(upd), upd))
# 2: valid 404, chunked with chunk extensions and a trailer field (RFC 9112 §7.1.1, §7.1.2)
nf1, nf2 = NF[:40], NF[40:]
parts.append(http_req(W2, OP % "prod", BODY) +
             "HTTP/1.1 404 Not Found\r\nDate: Sat, 28 Nov 2026 01:02:04 GMT\r\nContent-Type: application/json\r\n"
             "x-amzn-ErrorType: ResourceNotFoundException\r\nTransfer-Encoding: chunked\r\n\r\n"
             "%x;name=value;flag\r\n%s\r\n%x ; q=\"quoted\"\r\n%s\r\n0\r\nX-Checksum: abc\r\n\r\n" % (len(nf1), nf1, len(nf2), nf2))
# 3: valid, LF-only line endings and an obsolete folded header line (RFC 9112 §5.2)
parts.append(http_req(W2, OP % "prod", BODY, eol="\n") +
             "HTTP/1.1 200 OK\nDate: Sat, 28 Nov 2026 01:02:04 GMT\nX-Note: first\n  folded\n"
             "Content-Type: application/json\nContent-Length: %d\n\n%s" % (len(upd), upd))
# 4: another operation, DescribeCluster, sent unsigned: invalid (signature_missing)
parts.append("GET /clusters/prod HTTP/1.1\r\nHost: %s\r\n\r\n"
             "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}" % W2)
# 5: invalid, truncated request (Content-Length says more than the file holds)
parts.append("POST %s HTTP/1.1\r\nHost: %s\r\nContent-Length: 500\r\n\r\n{\"identityProviderConfig\":" % (OP % "prod", W2))
data = "".join(parts).encode()
off = 0
for i, p in enumerate(parts, 1):
    print("http exchange %d at offset %d" % (i, off))
    off += len(p.encode())
with open(os.path.join(OUT, "capture_mixed.http"), "wb") as f:
    f.write(data)
