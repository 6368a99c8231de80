#!/usr/bin/env python3
"""Interop: real clients' traffic to a loopback endpoint, checked by `ekscodec validate`.

    python3 tests/interop/capture_clients.py PATH/TO/ekscodec [--keep DIR]

1. Starts an HTTP/1.1 server on 127.0.0.1 (port 0, loopback only) that records every request
   as received (method, raw path + query, header names/values in order and case, body) and
   answers it with a canned valid response of the operation being called (the body of
   corpus/ops/<Op>/y_decode_response_full.json, else _minimal; status 200, Content-Type
   application/json, Date, x-amzn-RequestId).
2. boto3 (this python3) calls EVERY operation of the official model
   ($EKSCODEC_SHARED_DIR/models/eks-2017-11-01/service-2.json, loaded ahead of botocore's
   bundled copy, which lacks some operations) with the params of corpus/ops/<Op>/
   y_encode_full.json, y_encode_minimal.json and y_encode_label_escaping.json, with a session
   token. AWS CLI v1 (`aws` on PATH) and AWS CLI v2 (/usr/bin/aws) make 6 calls each with
   --endpoint-url, v1 with the session token, v2 without.
3. The recorded exchanges are written as a JSON Lines capture; `ekscodec validate --format
   json --verify-signatures` with the same credentials but no session token must report 0
   skipped and, for every exchange, selectedBy "credential-scope", the operation called,
   verdict valid, no signature_mismatch. With the session token given, the same holds for
   the requests that carry it, and each one without it (AWS CLI v2's) must be invalid with
   exactly one signature_mismatch, at header:x-amz-security-token. With a wrong secret every
   exchange must be invalid with signature_mismatch (proof that verification ran).

Every problem is printed (client, call, the recorded request, the diagnostics) before the
exit status: 0 pass, 1 fail, 77 skip (boto3 or AWS CLI v2 missing; under CI=true a failure).
"""
import argparse
import base64
import email.utils
import glob
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid

from serve_clients import cli_version  # the same probe as the serve tests'

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.environ.get("EKSCODEC_SOURCE_DIR") or os.path.dirname(os.path.dirname(HERE))
OPS_DIR = os.path.join(SOURCE, "corpus", "ops")
REGION = "us-west-2"
ACCESS_KEY = "AKIDINTEROPEXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYINTEROPKEY"
SESSION_TOKEN = "FwoGZXIvYXdzEINTEROPSESSIONTOKEN//example+token="
CLI_V2 = "/usr/bin/aws"


def skip_or_fail(why):
    if os.environ.get("CI", "").lower() == "true":
        print("FAIL (CI=true, a missing interop peer is a failure): %s" % why, file=sys.stderr)
        sys.exit(1)
    print("*" * 72 + "\nSKIP: interop_clients: %s\n" % why + "*" * 72, file=sys.stderr)
    sys.exit(77)


# ---------------------------------------------------------------- recording server

class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.exchanges = []  # (label, operation, request dict, response dict)
        self.current = None  # (label, operation, response body)


REC = Recorder()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the SDKs expect

    def log_message(self, *_args):
        pass

    def _body(self):
        te = self.headers.get("Transfer-Encoding", "")
        if "chunked" in te.lower():
            data = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def _handle(self):
        body = self._body()
        host = self.headers.get("Host") or "%s:%d" % self.server.server_address
        req = {"method": self.command, "url": "http://%s%s" % (host, self.path),
               # raw (name, value) pairs in the order and case received
               "headers": [[k, v] for k, v in self.headers.raw_items()]}
        try:
            req["body"] = body.decode("utf-8")
        except UnicodeDecodeError:
            req["bodyBase64"] = base64.b64encode(body).decode("ascii")
        with REC.lock:
            label, op, resp_body = REC.current or ("?", None, "{}")
        data = resp_body.encode("utf-8")
        hdrs = [["Date", email.utils.formatdate(usegmt=True)], ["Content-Type", "application/json"],
                ["x-amzn-RequestId", str(uuid.uuid4())], ["Content-Length", str(len(data))]]
        # Recorded before the answer goes out: once the client has its response, the test
        # counts the requests that reached the server, and a record made after the write
        # could land after that count (seen: the first call counted 0, the next 2).
        with REC.lock:
            REC.exchanges.append((label, op, req, {"status": 200, "headers": hdrs, "body": resp_body}))
        self.send_response_only(200)
        for k, v in hdrs:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle


def start_server():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


# ---------------------------------------------------------------- corpus

def load_case(op, name):
    path = os.path.join(OPS_DIR, op, name)
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def canned_response(op):
    for name in ("y_decode_response_full.json", "y_decode_response_minimal.json"):
        case = load_case(op, name)
        if case and case["input"]["status"] == 200:
            return case["input"]["body"]
    return "{}"


def set_current(label, op):
    with REC.lock:
        REC.current = (label, op, canned_response(op))


# ---------------------------------------------------------------- clients

def run_boto3(endpoint, problems):
    import boto3
    import botocore.config
    import botocore.session

    bs = botocore.session.get_session()
    shared = os.environ.get("EKSCODEC_SHARED_DIR")
    model = os.path.join(shared, "models", "eks-2017-11-01", "service-2.json") if shared else None
    if not model or not os.path.exists(model):
        skip_or_fail("no official model (EKSCODEC_SHARED_DIR=%r)" % shared)
    tmp = tempfile.mkdtemp(prefix="ekscodec-interop-model-")
    d = os.path.join(tmp, "eks", "2017-11-01")
    os.makedirs(d)
    os.symlink(model, os.path.join(d, "service-2.json"))
    bs.get_component("data_loader").search_paths.insert(0, tmp)
    session = boto3.session.Session(botocore_session=bs)
    client = session.client("eks", region_name=REGION, endpoint_url=endpoint, aws_access_key_id=ACCESS_KEY,
                            aws_secret_access_key=SECRET_KEY, aws_session_token=SESSION_TOKEN,
                            config=botocore.config.Config(retries={"total_max_attempts": 1}))
    ops = client.meta.service_model.operation_names
    with open(model, encoding="utf-8") as f:
        official = sorted(json.load(f)["operations"])
    if sorted(ops) != official:
        problems.append("boto3 client does not have the official model's operations: missing %s"
                        % sorted(set(official) - set(ops)))
    calls = 0
    for op in official:
        for name in ("y_encode_full.json", "y_encode_minimal.json", "y_encode_label_escaping.json"):
            case = load_case(op, name)
            if case is None:
                continue
            label = "boto3 %s %s" % (op, name)
            set_current(label, op)
            before = len(REC.exchanges)
            try:
                getattr(client, botocore.xform_name(op))(**case["input"]["params"])
            except Exception as e:  # noqa: BLE001 - every failure is reported
                problems.append("%s: boto3 raised %s: %s" % (label, type(e).__name__, e))
            if len(REC.exchanges) != before + 1:
                problems.append("%s: %d requests reached the server, want 1" % (label, len(REC.exchanges) - before))
            calls += 1
    shutil.rmtree(tmp, ignore_errors=True)
    return calls


CLI_CALLS = [
    ("DescribeCluster", ["eks", "describe-cluster", "--name", "prod"]),
    ("ListClusters", ["eks", "list-clusters", "--include", "all", "--max-results", "10", "--no-paginate"]),
    ("DisassociateIdentityProviderConfig",
     ["eks", "disassociate-identity-provider-config", "--cluster-name", "prod",
      "--identity-provider-config", "type=oidc,name=okta"]),
    ("DescribeUpdate", ["eks", "describe-update", "--name", "prod",
                        "--update-id", "0b3f4c5d-7a8b-4c9d-8e0f-123456789abc", "--nodegroup-name", "ng 1"]),
    ("TagResource", ["eks", "tag-resource", "--resource-arn",
                     "arn:aws:eks:us-west-2:123456789012:cluster/prod", "--tags", "team=platform,env=dev"]),
    ("ListUpdates", ["eks", "list-updates", "--name", "prod", "--max-results", "5", "--no-paginate"]),
]


def run_cli(label, argv0, endpoint, home, problems, token):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({"AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
                "AWS_DEFAULT_REGION": REGION, "AWS_CONFIG_FILE": os.path.join(home, "config"),
                "AWS_SHARED_CREDENTIALS_FILE": os.path.join(home, "credentials"), "HOME": home,
                "AWS_PAGER": "", "AWS_EC2_METADATA_DISABLED": "true", "AWS_MAX_ATTEMPTS": "1"})
    if token:
        env["AWS_SESSION_TOKEN"] = SESSION_TOKEN
    for op, args in CLI_CALLS:
        call = "%s %s" % (label, " ".join(args[:2]))
        set_current(call, op)
        before = len(REC.exchanges)
        p = subprocess.run([argv0, *args, "--endpoint-url", endpoint, "--output", "json"], env=env,
                           stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
        if p.returncode != 0:
            problems.append("%s: exit %d: %s" % (call, p.returncode, p.stderr.strip()[-600:]))
        if len(REC.exchanges) != before + 1:
            problems.append("%s: %d requests reached the server, want 1" % (call, len(REC.exchanges) - before))


# ---------------------------------------------------------------- validation

def validate(binary, capture, secret, token):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({"AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": secret})
    if token:
        env["AWS_SESSION_TOKEN"] = token
    p = subprocess.run([binary, "validate", "--format", "json", "--verify-signatures", capture], env=env,
                       stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
    lines = [json.loads(l) for l in p.stdout.splitlines() if l.strip()]
    return p.returncode, lines, p.stderr


def show_request(req):
    hs = "\n".join("      %s: %s" % (k, v) for k, v in req["headers"])
    body = req.get("body", req.get("bodyBase64", ""))
    return "    %s %s\n%s\n      body: %s" % (req["method"], req["url"], hs, body[:400])


def carries_token(req):
    return any(k.lower() == "x-amz-security-token" for k, _v in req["headers"])


TOKENLESS_FINDING = ("signature_mismatch error at header:x-amz-security-token: "
                     "request carries no session token; the given credentials have one")


def check_results(exchanges, lines, rc, stderr, want_valid, token, problems):
    kind = ("right secret" if want_valid else "wrong secret") + (", session token given" if token else "")
    # AWS refuses a request made with temporary credentials that lacks their session token
    # (SigV4: "you must include X-Amz-Security-Token"): with the token given, a request
    # without one (the AWS CLI v2's here) is invalid, with that one finding only.
    tokenless = TOKENLESS_FINDING if token else None
    if not lines or "summary" not in lines[-1]:
        problems.append("%s: no summary line (exit %d): %s" % (kind, rc, stderr.strip()))
        return
    summary = lines[-1]["summary"]
    results = lines[:-1]
    if summary.get("skipped") != 0:
        problems.append("%s: summary %s: %d exchanges skipped" % (kind, summary, summary.get("skipped")))
    if len(results) != len(exchanges) or summary.get("exchanges") != len(exchanges):
        problems.append("%s: %d results, summary %s, for %d recorded exchanges"
                        % (kind, len(results), summary, len(exchanges)))
    want_rc = 0 if want_valid and not (tokenless and not all(carries_token(e[2]) for e in exchanges)) else 1
    if rc != want_rc:
        problems.append("%s: exit %d, want %d" % (kind, rc, want_rc))
    # Exchanges with the same problems are reported together: the count, their lines and
    # calls, and the first one in full (recorded request and diagnostics).
    groups = {}
    for (label, op, req, _resp), res in zip(exchanges, results):
        bad = []
        diags = res.get("diagnostics", [])
        if res.get("selectedBy") != "credential-scope":
            bad.append("selectedBy %r, want 'credential-scope'" % res.get("selectedBy"))
        if res.get("operation") != op:
            bad.append("operation %r, want %r" % (res.get("operation"), op))
        mismatches = ["signature_mismatch %s at %s: %s" % (d.get("severity"), d.get("path"), d.get("message"))
                      for d in diags if d.get("code") == "signature_mismatch"]
        if want_valid and tokenless and not carries_token(req):
            if res.get("verdict") != "invalid":
                bad.append("verdict %r, want 'invalid'" % res.get("verdict"))
            if mismatches != [tokenless]:
                bad.append("signature mismatches %s, want [%s]" % (mismatches, tokenless))
        elif want_valid:
            if res.get("verdict") != "valid":
                bad.append("verdict %r, want 'valid'" % res.get("verdict"))
            # Any signature_mismatch, warnings included: these requests are signed correctly.
            # No signature_mismatch of any severity: the headers the SDKs leave unsigned
            # (Content-Length, Accept-Encoding, amz-sdk-*) are no finding, and an unsigned
            # x-amz-* or Content-Type header would be unsigned_header, not a mismatch.
            bad.extend(mismatches)
        else:
            if res.get("verdict") != "invalid":
                bad.append("verdict %r, want 'invalid'" % res.get("verdict"))
            if not any(d.get("code") == "signature_mismatch" and d.get("severity") == "error" for d in diags):
                bad.append("no signature_mismatch error")
        if bad:
            groups.setdefault(tuple(bad), []).append((res.get("line"), label, req, diags))
    for bad, items in groups.items():
        line, label, req, diags = items[0]
        problems.append("%s: %d exchange(s): %s\n  lines %s\n  calls: %s\n  first: line %s, %s\n"
                        "  diagnostics: %s\n%s"
                        % (kind, len(items), "; ".join(bad), " ".join(str(i[0]) for i in items),
                           ", ".join(i[1] for i in items[:8]) + (", ..." if len(items) > 8 else ""),
                           line, label, json.dumps(diags), show_request(req)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ekscodec")
    ap.add_argument("--keep", help="also copy the capture (and the validate outputs) into this directory")
    args = ap.parse_args()
    if not os.access(args.ekscodec, os.X_OK):
        print("FAIL: %s is not an executable" % args.ekscodec, file=sys.stderr)
        return 1
    try:
        import boto3  # noqa: F401
    except ImportError:
        skip_or_fail("boto3 is not importable by %s" % sys.executable)
    v1 = shutil.which("aws")
    v1_version = cli_version(v1) if v1 else None
    v2_version = cli_version(CLI_V2) if os.access(CLI_V2, os.X_OK) else None
    if not v2_version:
        skip_or_fail("AWS CLI v2 (%s) is missing: apt-get install awscli (scripts/setup.sh)" % CLI_V2)
    if not v1_version or not v1_version.startswith("aws-cli/1."):
        skip_or_fail("AWS CLI v1 (`aws` on PATH) is missing (found %r)" % v1_version)
    if not v2_version.startswith("aws-cli/2."):
        skip_or_fail("%s is not AWS CLI v2: %s" % (CLI_V2, v2_version))
    print("clients: boto3 %s; %s; %s" % (__import__("boto3").__version__, v1_version, v2_version))

    problems = []
    srv = start_server()
    endpoint = "http://127.0.0.1:%d" % srv.server_address[1]
    work = tempfile.mkdtemp(prefix="ekscodec-interop-")
    try:
        t0 = time.time()
        n = run_boto3(endpoint, problems)
        print("boto3: %d calls in %.1f s" % (n, time.time() - t0))
        for label, argv0, token in (("aws-cli-v1", v1, True), ("aws-cli-v2", CLI_V2, False)):
            t0 = time.time()
            home = os.path.join(work, label)
            os.makedirs(home)
            run_cli(label, argv0, endpoint, home, problems, token)
            print("%s: %d calls in %.1f s" % (label, len(CLI_CALLS), time.time() - t0))
        srv.shutdown()
        exchanges = list(REC.exchanges)
        capture = os.path.join(work, "capture.jsonl")
        with open(capture, "w", encoding="utf-8", newline="\n") as f:
            for _label, _op, req, resp in exchanges:
                f.write(json.dumps({"request": req, "response": resp}, ensure_ascii=False) + "\n")
        print("capture: %d exchanges, %d bytes" % (len(exchanges), os.path.getsize(capture)))
        for secret, want_valid, token in ((SECRET_KEY, True, SESSION_TOKEN), (SECRET_KEY, True, None),
                                          ("not-the-secret-key", False, SESSION_TOKEN)):
            rc, lines, err = validate(args.ekscodec, capture, secret, token)
            check_results(exchanges, lines, rc, err, want_valid, token, problems)
            if args.keep:
                os.makedirs(args.keep, exist_ok=True)
                with open(os.path.join(args.keep, "validate-%s%s.jsonl" % ("ok" if want_valid else "wrong",
                                                                        "" if token else "-no-token")),
                          "w", encoding="utf-8") as f:
                    f.write("\n".join(json.dumps(l) for l in lines) + "\n")
        if args.keep:
            shutil.copy(capture, os.path.join(args.keep, "capture.jsonl"))
            with open(os.path.join(args.keep, "capture.jsonl.calls"), "w", encoding="utf-8") as f:
                f.write("".join("%s\t%s\n" % (op, label) for label, op, _r, _s in exchanges))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if problems:
        print("\n%d problem(s):" % len(problems), file=sys.stderr)
        for p in problems:
            print("- " + p, file=sys.stderr)
        return 1
    print("ok: every exchange selected by credential scope, routed to its operation, valid, signature verified")
    return 0


if __name__ == "__main__":
    sys.exit(main())
