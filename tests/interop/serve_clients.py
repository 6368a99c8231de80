#!/usr/bin/env python3
"""Interop: real clients against `ekscodec serve` (issue 10 items 2 and 3).

    python3 tests/interop/serve_clients.py PATH/TO/ekscodec [--table FILE]

1. Starts `ekscodec serve --listen 127.0.0.1:0 --log LOG --complete-after 1` with
   credentials in its environment and reads the port from its stdout.
2. boto3 (endpoint_url, us-west-2, the same credentials): disassociate_identity_provider_config
   then describe_update until Successful; createdAt is the same instant in both answers,
   whole milliseconds, equal to the body the server sent, and within the call's wall-clock
   window; the request ids are in the --log. Cluster names with ' ', '/', 'ü', ':' and '+'
   all verify. A wrong secret raises ClientError InvalidSignatureException (403), an unknown
   access key UnrecognizedClientException (403).
3. A second server with --error ResourceNotFoundException: boto3 raises
   client.exceptions.ResourceNotFoundException.
4. curl --aws-sigv4 aws:amz:us-west-2:eks POSTs the same request for each cluster name; the
   table of which names verify is printed (and written to --table). curl's known bugs are
   recorded, not failed on; a plain name ("prod") must verify.
5. The log: every request the test meant to be good shows verdict valid with no signature
   diagnostics.
6. Protocol: a chunked body, Expect: 100-continue, two pipelined requests, no Host;
   --respond, --max-requests 1, start-up errors. Load and faults: serve_load.py.
7. Framing and authentication edges (framing_part): a chunked request's last chunk arriving
   with the next request, LF-then-CRLF empty lines, Content-Length beside Transfer-Encoding,
   empty lines before an oversized header section, X-Amz-Signature= outside the query, and a
   presigned request's session token.

Exit: 0 pass, 1 fail, 77 skip (boto3 missing; under CI=true a failure).
"""
import argparse
import decimal
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.environ.get("EKSCODEC_SOURCE_DIR") or os.path.dirname(os.path.dirname(HERE))
REGION = "us-west-2"
ACCESS_KEY = "AKIDSERVEEXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYSERVEKEY"
NAMES = ["prod", "my cluster", "a/b", "clüster", "a:b", "a+b"]

failures = []
REQUEST_IDS = []  # of the 200 answers boto3 received; each must be in the server's log


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg, file=sys.stderr)


def finish(tmp, keep=False):
    """The test's exit status from the failures recorded: 1 keeping tmp to look at, else 0
    after removing it (unless keep: a folder the caller owns)."""
    if failures:
        print("%d failure(s); files kept in %s" % (len(failures), tmp), file=sys.stderr)
        return 1
    if not keep:
        shutil.rmtree(tmp, ignore_errors=True)
    print("PASS")
    return 0


def cli_version(argv0):
    """What `argv0 --version` prints, or None when it cannot run."""
    try:
        p = subprocess.run([argv0, "--version"], capture_output=True, text=True, timeout=60,
                           stdin=subprocess.DEVNULL)
    except OSError:
        return None
    return (p.stdout + p.stderr).strip() if p.returncode == 0 else None


def skip_or_fail(why):
    if os.environ.get("CI", "").lower() == "true":
        print("FAIL (CI=true, a missing interop peer is a failure): %s" % why, file=sys.stderr)
        sys.exit(1)
    print("SKIP: serve_clients: %s" % why, file=sys.stderr)
    sys.exit(77)


class Server:
    def __init__(self, exe, tmp, name, extra, keep_token=False, preexec_fn=None, env_extra=None):
        self.log = os.path.join(tmp, name + ".log")
        env = dict(os.environ, AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY, **(env_extra or {}))
        if not keep_token:
            env.pop("AWS_SESSION_TOKEN", None)
        self.err = open(os.path.join(tmp, name + ".err"), "w+")
        self.proc = subprocess.Popen(
            [exe, "serve", "--listen", "127.0.0.1:0", "--log", self.log, "--region", REGION] + extra,
            stdout=subprocess.PIPE, stderr=self.err, env=env, text=True, preexec_fn=preexec_fn)
        line = self.proc.stdout.readline()
        if not line.startswith("listening on 127.0.0.1:"):
            raise RuntimeError("serve did not start: %r" % line)
        self.port = int(line.strip().rsplit(":", 1)[1])
        self.url = "http://127.0.0.1:%d" % self.port

    def stop(self, sig=signal.SIGTERM):
        self.proc.send_signal(sig)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            fail("serve did not stop on SIGTERM")
        self.err.seek(0)
        summary = self.err.read()
        if self.proc.returncode != 0:
            fail("serve exited %d: %s" % (self.proc.returncode, summary))
        if "runtime error:" in summary or "Sanitizer" in summary:
            fail("serve: sanitizer report on stderr: %s" % summary[:2000])
        return summary

    def records(self):
        with open(self.log, encoding="utf-8") as f:
            return [json.loads(l) for l in f if l.strip()]


def client(url, secret=SECRET_KEY, key=ACCESS_KEY, validate=True):
    import boto3
    from botocore.config import Config
    return boto3.client("eks", endpoint_url=url, region_name=REGION, aws_access_key_id=key,
                        aws_secret_access_key=secret,
                        config=Config(retries={"max_attempts": 1}, parameter_validation=validate))


def boto3_part(srv):
    from botocore.exceptions import ClientError
    c = client(srv.url)
    wire = {}

    def keep_body(http_response, **_):
        wire["body"] = http_response.content

    # The bytes botocore parsed, to compare the parsed createdAt with what the server sent.
    c.meta.events.register("after-call.eks.DisassociateIdentityProviderConfig", keep_body)
    good_paths = []
    for name in NAMES:
        try:
            t0 = time.time()
            r = c.disassociate_identity_provider_config(
                clusterName=name, identityProviderConfig={"type": "oidc", "name": "okta"})
            t1 = time.time()
        except ClientError as e:
            fail("boto3 disassociate %r: %s" % (name, e))
            continue
        up = r["update"]
        if up["status"] != "InProgress" or up["type"] != "DisassociateIdentityProviderConfig":
            fail("disassociate %r: update %r" % (name, up))
        want_params = [{"type": "IdentityProviderConfig", "value": '[{"type":"oidc","name":"okta"}]'}]
        if up["params"] != want_params or up["errors"] != []:
            fail("disassociate %r: params/errors %r" % (name, up))
        created = up["createdAt"].timestamp()
        if created < t0 - 1 or created > t1 + 1 or up["createdAt"].microsecond % 1000:
            fail("createdAt %r not now to the millisecond" % up["createdAt"])
        sent = json.loads(wire.get("body", b"{}"), parse_float=decimal.Decimal).get("update", {})
        got_ms = int(up["createdAt"].timestamp()) * 1000 + up["createdAt"].microsecond // 1000
        if got_ms != sent.get("createdAt", decimal.Decimal(-1)) * 1000:
            fail("boto3 createdAt %r != the server's %r" % (up["createdAt"], sent.get("createdAt")))
        REQUEST_IDS.append(r["ResponseMetadata"]["RequestId"])
        deadline = time.time() + 10
        while True:
            d = c.describe_update(name=name, updateId=up["id"])["update"]
            if d["createdAt"] != up["createdAt"]:
                fail("describe_update createdAt %r != %r" % (d["createdAt"], up["createdAt"]))
            if d["status"] == "Successful":
                break
            if time.time() > deadline:
                fail("update of %r never Successful" % name)
                break
            time.sleep(0.25)
        good_paths.append(name)
    bad = client(srv.url, secret="not-the-secret")
    try:
        bad.describe_update(name="prod", updateId="x")
        fail("wrong secret accepted")
    except ClientError as e:
        if e.response["Error"]["Code"] != "InvalidSignatureException" or \
                e.response["ResponseMetadata"]["HTTPStatusCode"] != 403:
            fail("wrong secret: %r" % e.response)
    # An invalid request is answered with an error the operation lists (README, serve step 4):
    # the tagging operations list no InvalidParameterException, InvalidRequestException or
    # ClientException (boto3's own checks off, so that the request is sent)
    loose = client(srv.url, validate=False)
    arn = "arn:aws:eks:us-west-2:111122223333:cluster/prod"
    for name, call in (("TagResource", lambda: loose.tag_resource(resourceArn=arn, tags={})),
                       ("UntagResource", lambda: loose.untag_resource(resourceArn=arn, tagKeys=[])),
                       ("ListClusters", lambda: loose.list_clusters(maxResults=0))):
        try:
            call()
            fail("%s: an invalid request was answered 200" % name)
        except ClientError as e:
            code = e.response["Error"]["Code"]
            listed = [shape.name for shape in c.meta.service_model.operation_model(name).error_shapes]
            if e.response["ResponseMetadata"]["HTTPStatusCode"] != 400 or code not in listed:
                fail("%s: an invalid request got %s %s, an error the operation does not list" % (
                    name, e.response["ResponseMetadata"]["HTTPStatusCode"], code))
    unknown = client(srv.url, key="AKIDUNKNOWNEXAMPLE")
    try:
        unknown.describe_update(name="prod", updateId="x")
        fail("unknown key accepted")
    except ClientError as e:
        if e.response["Error"]["Code"] != "UnrecognizedClientException":
            fail("unknown key: %r" % e.response)
    return good_paths


def curl_part(srv):
    curl = shutil.which("curl")
    table = []
    if not curl:
        return table
    import urllib.parse
    for name in NAMES:
        path = "/clusters/%s/identity-provider-configs/disassociate" % urllib.parse.quote(name, safe="")
        body = json.dumps({"identityProviderConfig": {"type": "oidc", "name": "okta"},
                           "clientRequestToken": "11111111-2222-4333-8444-555555555555"})
        p = subprocess.run([curl, "-sS", "-o", "-", "-w", "\n%{http_code}", "--aws-sigv4",
                            "aws:amz:%s:eks" % REGION, "--user", "%s:%s" % (ACCESS_KEY, SECRET_KEY),
                            "-H", "Content-Type: application/json", "--data-binary", body,
                            srv.url + path], capture_output=True, text=True, timeout=30)
        out = p.stdout.rsplit("\n", 1)
        code = out[-1] if len(out) == 2 else "?"
        table.append((name, path, code, out[0][:120] if code != "200" else ""))
    version = subprocess.run([curl, "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    print("curl table (%s):" % version)
    print("| cluster name | path sent | status |")
    for name, path, code, msg in table:
        print("| `%s` | `%s` | %s %s |" % (name, path, code, msg))
    if not table or table[0][2] != "200":
        fail("curl --aws-sigv4 request for 'prod' did not verify: %r" % (table[:1],))
    return table


def protocol_part(srv):
    """Chunked request body, Expect: 100-continue, two requests pipelined on one connection."""
    path, body, headers = signed_request(srv.port, "chunked")
    # botocore signs the host from the URL but leaves the Host header to the HTTP client
    head = "POST %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % (path, srv.port) + \
        "".join("%s: %s\r\n" % kv for kv in headers.items())
    b = body.encode()
    chunked = head + "Transfer-Encoding: chunked\r\n\r\n"
    payload = chunked.encode() + b"%x\r\n" % 10 + b[:10] + b"\r\n" + b"%x\r\n" % (len(b) - 10) + b[10:] + b"\r\n0\r\n\r\n"
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
    s.sendall(payload)
    resp = s.recv(65536)
    if not resp.startswith(b"HTTP/1.1 200"):
        fail("chunked body: %r" % resp[:200])
    s.close()
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
    s.sendall((head + "Expect: 100-continue\r\nContent-Length: %d\r\n\r\n" % len(b)).encode())
    cont = s.recv(65536)
    if not cont.startswith(b"HTTP/1.1 100 Continue\r\n\r\n"):
        fail("Expect: 100-continue: %r" % cont[:100])
    s.sendall(b)
    resp = cont[len(b"HTTP/1.1 100 Continue\r\n\r\n"):] or s.recv(65536)
    if not resp.startswith(b"HTTP/1.1 200"):
        fail("after 100 Continue: %r" % resp[:200])
    s.close()
    one = (head + "Content-Length: %d\r\n\r\n" % len(b)).encode() + b
    conn = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
    conn.sendall(one + one)
    f = conn.makefile("rb")
    for k in range(2):
        status, _ = read_response(f)
        if not status.startswith(b"HTTP/1.1 200"):
            fail("pipelined request %d: %r" % (k, status))
    conn.close()
    nohost = ("POST %s HTTP/1.0\r\n" % path + "".join("%s: %s\r\n" % kv for kv in headers.items()) +
              "Content-Length: %d\r\n\r\n" % len(b)).encode() + b
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
    s.sendall(nohost)
    resp = s.recv(65536)
    if not resp.startswith(b"HTTP/1.1 400"):
        fail("request without Host: %r" % resp[:100])
    s.close()


def read_response(f):
    """(status line, body) of the next HTTP/1.1 response on the binary file f (Content-Length
    framed, as serve's are)."""
    status = f.readline()
    length = 0
    while True:
        line = f.readline()
        if line in (b"\r\n", b""):
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return status, f.read(length)


def read_answers(sock, want, timeout=3.0):
    """Up to `want` HTTP responses read from sock within timeout: [(status, error type)], then
    "closed" when the server closed the connection, else "open"."""
    sock.settimeout(timeout)
    f = sock.makefile("rb")
    got = []
    try:
        while len(got) < want:
            status = f.readline()
            if not status:
                return got, "closed"
            length, etype = 0, None
            while True:
                line = f.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
                elif name.lower() == b"x-amzn-errortype":
                    etype = value.strip().decode()
            f.read(length)
            got.append((int(status.split()[1]), etype))
        sock.settimeout(0.3)
        return got, "closed" if f.read(1) == b"" else "open"
    except socket.timeout:
        return got, "open"


def framing_part(exe, tmp):
    """HTTP/1.1 framing and authentication edges, each once broken (a review's findings): a
    chunked request whose last chunk arrives with the next request, empty lines ended by LF
    then CRLF, Content-Length beside Transfer-Encoding (RFC 9112 §6.3), empty lines before an
    oversized header section, X-Amz-Signature= outside the query, 100 Continue sent for
    "100-continue" anywhere in the head or to an HTTP/1.0 client, and the session token of a
    presigned request."""
    srv = Server(exe, tmp, "framing", [])
    try:
        path, body, headers = signed_request(srv.port, "framing")
        b = body.encode()
        fields = ["Host: 127.0.0.1:%d" % srv.port] + ["%s: %s" % kv for kv in headers.items()]

        def head(eol, extra):
            return ("POST %s HTTP/1.1" % path + eol + eol.join(fields + extra) + eol).encode()
        one = head("\r\n", ["Content-Length: %d" % len(b)]) + b"\r\n" + b
        chunked = head("\r\n", ["Transfer-Encoding: chunked"]) + b"\r\n" + b"%x\r\n" % len(b) + b + b"\r\n"
        cases = [
            ("chunked, then its last chunk with a pipelined request", [chunked, b"0\r\n\r\n" + one],
             [(200, None), (200, None)], "open"),
            ("lines ended by LF, the empty line by CRLF", [head("\n", ["Content-Length: %d" % len(b)]) + b"\r\n" + b],
             [(200, None)], "open"),
            ("chunked body ended by 0 LF CRLF", [chunked, b"0\n\r\n"], [(200, None)], "open"),
            ("Content-Length and Transfer-Encoding", [head("\r\n", ["Content-Length: 5", "Transfer-Encoding: chunked"]) +
             b"\r\n" + b"%x\r\n" % len(b) + b + b"\r\n0\r\n\r\n" + one], [(400, "BadRequestException")], "closed"),
            ("empty lines, then 150 header fields", [b"\r\n\r\nGET /clusters HTTP/1.1\r\nHost: h\r\n" +
             b"".join(b"X-H%d: 1\r\n" % i for i in range(150)) + b"\r\n"], [(431, "RequestHeaderFieldsTooLarge")], "closed"),
            # RFC 9112 §3: a request-target longer than the server parses is 414, whether the
            # line ended or not yet
            ("a request line over 8 KiB", [b"GET /clusters/" + b"a" * 8200 + b" HTTP/1.1\r\nHost: h\r\n\r\n"],
             [(414, "URITooLong")], "closed"),
            ("a request line over 8 KiB, not ended", [b"GET /clusters/" + b"a" * 9000], [(414, "URITooLong")], "closed"),
            # a limit broken before the head is whole is answered then, not with 408 once the
            # client has stalled for the idle timeout (30 s: no answer within read_answers' 3 s)
            ("a request line over 8 KiB, ended, then nothing", [b"GET /clusters/" + b"a" * 9000 + b" HTTP/1.1\r\n"],
             [(414, "URITooLong")], "closed"),
            # 8,192 bytes is the longest line: 8,193 not ended is already too long, unless its
            # last byte is the CR of its line ending
            ("a request line of 8,193 bytes, not ended", [b"GET /clusters/" + b"a" * (8193 - 14)],
             [(414, "URITooLong")], "closed"),
            ("a request line of 8,192 bytes and a CR, not ended", [b"GET /clusters/" + b"a" * (8192 - 14) + b"\r"],
             [], "open"),
            ("a header section over 64 KiB, not ended", [b"GET /clusters HTTP/1.1\r\nHost: h\r\nX-Big: " +
             b"a" * 70000 + b"\r\n"], [(431, "RequestHeaderFieldsTooLarge")], "closed"),
            ("X-Amz-Signature= in a header, not the query", [b"GET /clusters?maxResults=1 HTTP/1.1\r\nHost: h\r\n"
             b"X-Note: X-Amz-Signature=1\r\n\r\n"], [(403, "MissingAuthenticationTokenException")], "open"),
            # RFC 9110 §10.1.1: 100 Continue answers the expectation of an HTTP/1.1 request only
            ("Expect: 100-continue from HTTP/1.0", [head("\r\n", ["Expect: 100-continue", "Content-Length: %d" % len(b)])
             .replace(b" HTTP/1.1\r\n", b" HTTP/1.0\r\n", 1) + b"\r\n", b], [(200, None)], "closed"),
            ("100-continue in another field", [head("\r\n", ["X-Note: 100-continue", "Content-Length: %d" % len(b)]) +
             b"\r\n", b], [(200, None)], "open"),
            # RFC 9112 §6.1: a transfer coding serve does not undo is 501 (the still-coded
            # content was read as the body: 200 for a body labelled gzip that was not)
            ("Transfer-Encoding: gzip, chunked", [head("\r\n", ["Transfer-Encoding: gzip, chunked"]) + b"\r\n" +
             b"%x\r\n" % len(b) + b + b"\r\n0\r\n\r\n"], [(501, "NotImplementedException")], "closed"),
            ("Transfer-Encoding: chunked;x=1", [head("\r\n", ["Transfer-Encoding: , Chunked ;x=1"]) + b"\r\n" +
             b"%x\r\n" % len(b) + b + b"\r\n0\r\n\r\n"], [(200, None)], "open"),
            # RFC 9112 §3.2: two Host lines, or a Host value that is no uri-host[:port], is 400
            # (it was 403 InvalidSignatureException: the signature covered one Host only)
            ("two Host lines", [head("\r\n", ["Host: 127.0.0.1:%d" % srv.port, "Content-Length: %d" % len(b)]) +
             b"\r\n" + b], [(400, "BadRequestException")], "open"),
            ("no Host, an unknown path", [b"GET /no/such/operation HTTP/1.1\r\n\r\n"], [(400, "BadRequestException")],
             "open"),
            ("two Host lines, an unknown path", [b"GET /no/such/operation HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"],
             [(400, "BadRequestException")], "open"),
            ("a Host value with a space", [head("\r\n", ["Content-Length: %d" % len(b)]).replace(
                b"Host: 127.0.0.1", b"Host: a b 127.0.0.1", 1) + b"\r\n" + b], [(400, "BadRequestException")], "open"),
            ("100-Continue as a list member", [head("\r\n", ["Expect: x, 100-Continue ", "Content-Length: %d" % len(b)]) +
             b"\r\n", b], [(100, None), (200, None)], "open"),
        ]
        for name, parts, want, state in cases:
            s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
            for k, part in enumerate(parts):
                if k:
                    time.sleep(0.2)  # the server has parsed what came first
                s.sendall(part)
            got = read_answers(s, len(want))
            s.close()
            if got != (want, state):
                fail("framing: %s: got %r, want %r" % (name, got, (want, state)))
        # --log holds every answer, those to requests refused before they were handled (400,
        # 413, 414, 431, 501, 505) included, numbered without gaps; those refused as malformed
        # HTTP (a Host among them) are invalid with the reason (they were missing, numbered
        # with gaps, and a missing Host was logged "skipped")
        answered = [st for _, _, want, _ in cases for st, _ in want if st != 100]
        recs = srv.records()
        if [r.get("status") for r in recs] != answered or [r.get("line") for r in recs] != list(
                range(1, len(answered) + 1)):
            fail("framing: --log: statuses %r lines %r, want %r numbered from 1" % (
                [r.get("status") for r in recs], [r.get("line") for r in recs], answered))
        if any(not r.get("requestId") for r in recs):
            fail("framing: --log: a line without the answer's requestId: %r" % [r for r in recs if not r.get("requestId")][:2])
        for r in recs:
            refused = r.get("status") in (413, 414, 431, 501, 505) or (
                r.get("status") == 400 and "operation" not in r)
            codes = [d["code"] for d in r.get("diagnostics", [])]
            want = "limit_exceeded" if r.get("status") in (408, 413, 414, 431) else "http_malformed"
            if refused and (r.get("verdict") != "invalid" or want not in codes):
                fail("framing: --log: a refused request logged as %r (want %s)" % (r, want))
        # HTTP/1.0 with Connection: keep-alive: the connection stays open, and the answer says
        # so (RFC 9112 appendix C.2.2), else the client waits for a close that comes 10 s later
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        s.sendall(head("\r\n", ["Connection: keep-alive", "Content-Length: %d" % len(b)])
                  .replace(b" HTTP/1.1\r\n", b" HTTP/1.0\r\n", 1) + b"\r\n" + b)
        s.settimeout(3)
        answer = b""
        while b"\r\n\r\n" not in answer:
            more = s.recv(4096)
            if not more:
                break
            answer += more
        s.close()
        fields = answer.partition(b"\r\n\r\n")[0].lower().split(b"\r\n")
        if not answer.startswith(b"HTTP/1.1 200 ") or b"connection: keep-alive" not in fields:
            fail("framing: HTTP/1.0 keep-alive: the answer lacks Connection: keep-alive: %r" % answer[:400])
        chunked_in_many_reads(srv)
    finally:
        summary = srv.stop()
    # the summary's "rejected signatures" are the 403 answers (the cases' and the chunked
    # body's): a 400 for the Host is not one (it counted the three Host cases)
    rejected = sum(st == 403 for _, _, want, _ in cases for st, _ in want) + 1
    if ", %d rejected signatures" % rejected not in summary:
        fail("framing: summary %r; want %d rejected signatures" % (summary.strip(), rejected))
    presigned_token_part(exe, tmp)
    trickling_client_part(exe, tmp)


def trickling_client_part(exe, tmp):
    """A client that sends a byte every 0.3 s is never idle for 10 s, so it held its
    connection slot for as long as it liked (64 of them stop the server answering anyone):
    a request must now arrive whole within --request-timeout of its first byte, else 408 and
    the connection closed. A keep-alive client idle between requests is not affected."""
    srv = Server(exe, tmp, "trickle", ["--request-timeout", "1.5"])
    try:
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        s.sendall(b"GET /clusters HTTP/1.1\r\n")
        t0 = time.monotonic()
        s.settimeout(0.3)
        got = b""
        while time.monotonic() - t0 < 8 and not got:
            try:
                s.sendall(b"X")
                got = s.recv(65536)
            except socket.timeout:
                pass
            except OSError:
                break
        waited = time.monotonic() - t0
        s.close()
        if not got.startswith(b"HTTP/1.1 408 ") or not 1.4 <= waited <= 4.0:
            fail("trickling client: after %.1f s got %r" % (waited, got[:120]))
        # a client idle between two requests keeps its connection past the request timeout
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        req = b"GET /clusters HTTP/1.1\r\nHost: h\r\n\r\n"
        s.sendall(req)
        first = read_answers(s, 1)
        time.sleep(2.5)
        s.sendall(req)
        second = read_answers(s, 1)
        s.close()
        if first[0] != [(403, "MissingAuthenticationTokenException")] or second != first:
            fail("keep-alive after an idle pause: %r then %r" % (first, second))
        print("trickling client: 408 after %.1f s (--request-timeout 1.5)" % waited)
    finally:
        srv.stop()


def idempotency_part(exe, tmp):
    """clientRequestToken "ensures the idempotency of the request" (the model): a retry with
    the same token and parameters gets the update the first call made (each call made a new
    one, so a retry botocore sends with the same token after a lost answer made two updates);
    calls without a token of their own (botocore fills in a new one each) make new ones."""
    srv = Server(exe, tmp, "idempotency", ["--complete-after", "60"])
    try:
        c = client(srv.url)
        idp = {"type": "oidc", "name": "okta"}
        first = c.disassociate_identity_provider_config(clusterName="prod", identityProviderConfig=idp,
                                                        clientRequestToken="tok-1")["update"]
        again = c.disassociate_identity_provider_config(clusterName="prod", identityProviderConfig=idp,
                                                        clientRequestToken="tok-1")["update"]
        other = c.disassociate_identity_provider_config(clusterName="prod", identityProviderConfig=idp)["update"]
        third = c.disassociate_identity_provider_config(clusterName="prod", identityProviderConfig=idp)["update"]
        if again["id"] != first["id"] or again["createdAt"] != first["createdAt"]:
            fail("idempotency: the same clientRequestToken twice made %s then %s" % (first["id"], again["id"]))
        if len({first["id"], other["id"], third["id"]}) != 3:
            fail("idempotency: calls with new tokens share an update: %r" % ([first, other, third],))
    finally:
        srv.stop()


def fd_limit_part(exe, tmp):
    """Under `ulimit -n 40` the server runs out of descriptors before its 64 connections:
    accept() fails with EMFILE and the connection stays in the backlog, so the listener is
    readable again at once. The server spun a core (1.6 s of CPU in 3 s with 50 clients
    connected and idle); now it rests the listener between tries, and a connection waiting in
    the backlog is served once others close."""
    import resource
    srv = Server(exe, tmp, "fdlimit", [],
                 preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (40, 40)))
    socks = []
    try:
        socks = [socket.create_connection(("127.0.0.1", srv.port), timeout=10) for _ in range(50)]
        time.sleep(0.5)
        before = cpu_seconds(srv.proc.pid)
        time.sleep(2)
        used = cpu_seconds(srv.proc.pid) - before
        for s in socks[:20]:
            s.close()
        last = socks[-1]  # in the backlog when the descriptors ran out
        last.sendall(b"GET /clusters HTTP/1.1\r\nHost: h\r\n\r\n")
        got = read_answers(last, 1, timeout=5)
        print("fd limit 40, 50 idle clients: %.2f s of server CPU in 2 s" % used)
        if used > 0.5:
            fail("fd limit: %.2f s of server CPU in 2 s with idle clients (a busy loop on EMFILE?)" % used)
        if got[0] != [(403, "MissingAuthenticationTokenException")]:
            fail("fd limit: a client from the backlog got %r once descriptors were free" % (got,))
    finally:
        for s in socks:
            s.close()
        srv.stop()


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def chunked_in_many_reads(srv):
    """A chunked body of 1-byte chunks arriving in 1,500 reads, each ending with an empty line
    inside a chunk: the server walks each byte once (when every read that held an empty line
    re-parsed the whole body, 1,000 such reads cost 1.6 s of CPU, growing with the square of
    the reads; now about 0.1 s)."""
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=30)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    before = cpu_seconds(srv.proc.pid)
    s.sendall(b"POST /clusters/prod/identity-provider-configs/disassociate HTTP/1.1\r\nHost: h\r\n"
              b"Transfer-Encoding: chunked\r\n\r\n")
    for _ in range(1500):
        s.sendall(b"1\r\nA\r\n" * 600 + b"4\r\n\r\n\r\n\r\n")
        time.sleep(0.002)  # a read each
    s.sendall(b"0\r\n\r\n")
    got = read_answers(s, 1, timeout=30)
    s.close()
    used = cpu_seconds(srv.proc.pid) - before
    print("framing: a chunked body in 1,500 reads (5.4 MB of 1-byte chunks): %.2f s of server CPU" % used)
    if got[0] != [(403, "MissingAuthenticationTokenException")]:
        fail("framing: chunked body in many reads: %r" % (got,))
    if used > 1.0:
        fail("framing: chunked body in many reads cost %.2f s of server CPU (want < 1 s: quadratic re-parsing?)"
             % used)


def presigned_token_part(exe, tmp):
    """A server given a session token refuses a presigned request that carries another one in
    its query (the signature does not depend on the token), and lets the right one through."""
    from botocore.auth import SigV4QueryAuth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    os.environ["AWS_SESSION_TOKEN"] = "SERVER/TOKEN+="
    try:
        srv = Server(exe, tmp, "token", [], keep_token=True)
    finally:
        del os.environ["AWS_SESSION_TOKEN"]
    try:
        for token, refused in (("SERVER/TOKEN+=", False), ("OTHER/TOKEN+=", True)):
            req = AWSRequest(method="GET", url="http://127.0.0.1:%d/clusters/prod" % srv.port)
            SigV4QueryAuth(Credentials(ACCESS_KEY, SECRET_KEY, token), "eks", REGION, expires=300).add_auth(req)
            target = req.url.split("%d" % srv.port, 1)[1]
            s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
            s.sendall(("GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n" % (target, srv.port)).encode())
            (answers, _) = read_answers(s, 1)
            s.close()
            status, etype = answers[0] if answers else (None, None)
            if refused and (status, etype) != (403, "UnrecognizedClientException"):
                fail("presigned request with another session token: %r" % ((status, etype),))
            if not refused and (status == 403 or status is None):
                fail("presigned request with the server's session token refused: %r" % ((status, etype),))
    finally:
        srv.stop()


def respond_part(exe, tmp, source):
    """--respond with a corpus fixture answers; an invalid fixture stops the start (exit 2);
    so do a non-loopback --listen without --allow-remote and an --error that is no shape."""
    with open(os.path.join(source, "corpus", "ops", "DescribeCluster", "y_decode_response_full.json")) as f:
        fixture = json.load(f)["input"]["body"]
    good = os.path.join(tmp, "describe_cluster.json")
    with open(good, "w") as f:
        f.write(fixture)
    srv = Server(exe, tmp, "respond", ["--respond", "DescribeCluster=" + good])
    try:
        got = client(srv.url).describe_cluster(name="prod")
        if got["cluster"]["name"] != json.loads(fixture)["cluster"]["name"]:
            fail("--respond: %r" % got["cluster"])
    finally:
        srv.stop()
    env = dict(os.environ, AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY)
    once = subprocess.Popen([exe, "serve", "--max-requests", "1"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, text=True)
    port = int(once.stdout.readline().strip().rsplit(":", 1)[1])
    try:
        client("http://127.0.0.1:%d" % port).describe_cluster(name="prod")
    except Exception:  # noqa: BLE001 - 501 expected, only the exit matters
        pass
    try:
        _, err = once.communicate(timeout=10)
        if once.returncode != 0 or "1 requests" not in err:
            fail("--max-requests 1: exit %d, %r" % (once.returncode, err))
    except subprocess.TimeoutExpired:
        once.kill()
        fail("--max-requests 1: still running")
    bad = os.path.join(tmp, "bad.json")
    with open(bad, "w") as f:
        f.write('{"cluster":{"status":42}}')
    env = dict(os.environ, AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY)
    for args, why in ((["--respond", "DescribeCluster=" + bad], "invalid fixture"),
                      (["--listen", "0.0.0.0:0"], "non-loopback listen"),
                      (["--error", "NoSuchShape"], "unknown error shape")):
        p = subprocess.run([exe, "serve"] + args, capture_output=True, text=True, env=env, timeout=10)
        if p.returncode != 2 or not p.stderr:
            fail("%s: exit %d, stderr %r" % (why, p.returncode, p.stderr))


def error_part(exe, tmp):
    srv = Server(exe, tmp, "error", ["--error", "ResourceNotFoundException"])
    try:
        c = client(srv.url)
        try:
            c.describe_update(name="prod", updateId="x")
            fail("--error: no error raised")
        except c.exceptions.ResourceNotFoundException:
            pass
        except Exception as e:
            fail("--error: raised %r" % e)
    finally:
        summary = srv.stop(signal.SIGINT)
        if "1 requests, 1 valid" not in summary:
            fail("--error server's SIGINT summary: %r" % summary)


def head_fresh_update_and_shutdown_part(exe, tmp):
    """A response to HEAD has no content (RFC 9110 section 9.3.2: the next response follows its
    header at once); a new Update is InProgress even with --complete-after 0 (DESIGN section 3:
    only DescribeUpdate finds it Successful); SIGTERM ends the server within about 2 s even
    when five clients pipeline requests and never read their answers; --log that cannot be
    written is exit 2."""
    srv = Server(exe, tmp, "head", ["--complete-after", "0"])
    try:
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        s.sendall(b"HEAD /clusters HTTP/1.1\r\nHost: h\r\n\r\nGET /clusters HTTP/1.1\r\nHost: h\r\n\r\n")
        got = b""
        deadline = time.time() + 5
        while got.count(b"HTTP/1.1 ") < 2 and time.time() < deadline:
            chunk = s.recv(65536)
            if not chunk:
                break
            got += chunk
        s.close()
        end = got.find(b"\r\n\r\n")
        if end < 0 or not got[end + 4:].startswith(b"HTTP/1.1 "):
            fail("HEAD: content after the header, or no second response: %r" % got[:400])
        # ... an error answer to a HEAD included, refused before it parses (a body over the
        # limit, too many fields, a malformed field): it had the error's JSON (a third review)
        for want, req in ((b"413", b"HEAD /x HTTP/1.1\r\nHost: a\r\nContent-Length: 9999999999\r\n\r\n"),
                          (b"431", b"HEAD /x HTTP/1.1\r\nHost: a\r\n" + b"X-F: v\r\n" * 101 + b"\r\n"),
                          (b"400", b"HEAD /x HTTP/1.1\r\nHost: a\r\nX-F: a\x01b\r\n\r\n")):
            s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
            s.sendall(req)
            got = read_to_end(s)[0]
            s.close()
            end = got.find(b"\r\n\r\n")
            if not got.startswith(b"HTTP/1.1 " + want) or end < 0 or got[end + 4:]:
                fail("HEAD refused %s: content after the header: %r" % (want.decode(), got[:300]))
        path, body, headers = signed_request(srv.port, "fresh")
        head = "POST %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % (path, srv.port) + \
            "".join("%s: %s\r\n" % kv for kv in headers.items())
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        s.sendall((head + "Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body)).encode() + body.encode())
        resp = read_to_end(s)[0]
        s.close()
        update = json.loads(resp.split(b"\r\n\r\n", 1)[1])["update"]
        if update["status"] != "InProgress":
            fail("--complete-after 0: a new Update is %r, want InProgress" % update["status"])
        socks = []
        flood = b"GET /clusters HTTP/1.1\r\nHost: h\r\n\r\n" * 20000
        for _ in range(5):
            c = socket.socket()
            c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            c.connect(("127.0.0.1", srv.port))
            c.setblocking(False)
            sent, t = 0, time.monotonic()
            while time.monotonic() - t < 0.1:
                try:
                    sent += c.send(flood[sent:sent + 65536])
                except BlockingIOError:
                    time.sleep(0.01)
            socks.append(c)
        time.sleep(0.3)
        t0 = time.monotonic()
    finally:
        srv.stop()
    took = time.monotonic() - t0
    for c in socks:
        c.close()
    if took > 5:
        fail("SIGTERM with five clients that do not read: %.1f s to exit, want about 2" % took)
    env = dict(os.environ, AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY)
    p = subprocess.Popen([exe, "serve", "--listen", "127.0.0.1:0", "--log", "/dev/full"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=env, text=True)
    port = int(p.stdout.readline().strip().rsplit(":", 1)[1])
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(b"GET /clusters HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
    read_to_end(s)
    s.close()
    p.send_signal(signal.SIGTERM)
    _, err = p.communicate(timeout=10)
    if p.returncode != 2 or "cannot write the output" not in err:
        fail("--log /dev/full: exit %d, %r; want 2 and 'cannot write the output'" % (p.returncode, err))
    # a start-up nobody can use ends at once, exit 2: a 'listening on' line that cannot be
    # written (a caller waiting for it would wait forever: it served until stopped), a region
    # no request can be signed for (every request got 403)
    # (and an existing --log FILE is left as it was: it is emptied once the server listens)
    kept = os.path.join(tmp, "kept.log")
    with open(kept, "w") as f:
        f.write("an earlier run's log\n")
    with open("/dev/full", "w") as full:
        for args, out, want in [(["--log", kept], full, "cannot write 'listening on 127.0.0.1:"),
                                (["--region", "us west", "--log", kept], subprocess.PIPE, "the region (--region")]:
            try:
                p = subprocess.run([exe, "serve", "--listen", "127.0.0.1:0"] + args, stdout=out,
                                   stderr=subprocess.PIPE, env=env, text=True, timeout=5)
                rc, err = p.returncode, p.stderr
            except subprocess.TimeoutExpired:
                rc, err = None, "still serving after 5 s"
            if rc != 2 or want not in err:
                fail("serve %s: exit %r, %r; want 2 and %r" % (args, rc, err, want))
            with open(kept) as f:
                if f.read() != "an earlier run's log\n":
                    fail("serve %s: a start that failed emptied the existing --log" % (args,))
    # --max-requests 1 with requests on two connections that one poll() finds readable (the
    # server stopped while both are sent): one request is answered, not one per connection
    p = subprocess.Popen([exe, "serve", "--listen", "127.0.0.1:0", "--max-requests", "1"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=env, text=True)
    port = int(p.stdout.readline().strip().rsplit(":", 1)[1])
    conns = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(2)]
    time.sleep(0.3)  # both accepted
    os.kill(p.pid, signal.SIGSTOP)
    for c in conns:
        c.sendall(b"GET /clusters HTTP/1.1\r\nHost: h\r\n\r\n" * 3)
    time.sleep(0.2)
    os.kill(p.pid, signal.SIGCONT)
    _, err = p.communicate(timeout=10)
    answered = 0
    for c in conns:
        answered += read_to_end(c)[0].count(b"HTTP/1.1 ")
        c.close()
    if answered != 1 or "1 requests" not in err:
        fail("--max-requests 1: %d answers (%r), want 1" % (answered, err))
    # --max-requests 300 with 5,000 requests pipelined by a client that reads all along: the
    # 300 answers all arrive, then the end of the stream. Closing a socket with unread input
    # resets it, and the reset dropped answers still in the kernel (about half of them).
    p = subprocess.Popen([exe, "serve", "--listen", "127.0.0.1:0", "--max-requests", "300"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    port = int(p.stdout.readline().strip().rsplit(":", 1)[1])
    c = socket.create_connection(("127.0.0.1", port), timeout=10)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    flood = b"GET /clusters HTTP/1.1\r\nHost: h\r\n\r\n" * 5000
    sender = threading.Thread(target=lambda: _send_ignoring_reset(c, flood), daemon=True)
    sender.start()
    got, ended = read_to_end(c)
    sender.join(10)
    c.close()
    _, err = p.communicate(timeout=10)
    if got.count(b"HTTP/1.1 ") != 300 or ended != "EOF":
        fail("--max-requests 300 with 5,000 pipelined: %d answers, ended by %s" % (got.count(b"HTTP/1.1 "), ended))
    # Mid-run, the same for a Connection: close request with more pipelined behind it: its
    # answer and the 299 before it all arrive, then the end of the stream (the connection was
    # closed at once with the rest unread, and the reset dropped answers still in the kernel)
    p = subprocess.Popen([exe, "serve", "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         env=env, text=True)
    port = int(p.stdout.readline().strip().rsplit(":", 1)[1])
    c = socket.create_connection(("127.0.0.1", port), timeout=10)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    one = b"GET /clusters HTTP/1.1\r\nHost: h\r\n\r\n"
    flood = one * 299 + b"GET /clusters HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n" + one * 4700
    sender = threading.Thread(target=lambda: _send_ignoring_reset(c, flood), daemon=True)
    sender.start()
    got, ended = read_to_end(c)
    sender.join(10)
    c.close()
    p.send_signal(signal.SIGTERM)
    p.communicate(timeout=10)
    if got.count(b"HTTP/1.1 ") != 300 or ended != "EOF":
        fail("Connection: close as request 300 of 5,000 pipelined: %d answers, ended by %s"
             % (got.count(b"HTTP/1.1 "), ended))
    print("HEAD without content; a new Update InProgress at --complete-after 0; SIGTERM %.1f s with 5 "
          "non-reading clients; --log /dev/full exit 2; --max-requests 1 answers one request, 300 of "
          "5,000 pipelined all arrive, and so do the 300 up to a Connection: close" % took)


def read_to_end(sock):
    """(bytes until the peer's end or an error, "EOF" or the error's repr)"""
    got = b""
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return got, "EOF"
            got += chunk
    except OSError as e:
        return got, repr(e)


def _send_ignoring_reset(sock, data):
    try:
        sock.sendall(data)
    except OSError:
        pass  # the server stopped reading: what it answered is what counts


def rss_bytes(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def signed_raw(port, method, path, body=""):
    """The bytes of a request signed by botocore (Host as the URL gives it)."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    req = AWSRequest(method=method, url="http://127.0.0.1:%d%s" % (port, path), data=body,
                     headers={"Content-Type": "application/json"} if body else {})
    SigV4Auth(Credentials(ACCESS_KEY, SECRET_KEY), "eks", REGION).add_auth(req)
    head = "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % (method, path, port)
    head += "".join("%s: %s\r\n" % kv for kv in req.headers.items() if kv[0].lower() != "host")
    if body:
        head += "Content-Length: %d\r\n" % len(body.encode())
    return (head + "\r\n").encode() + body.encode()


def seconds_until_closed(port, pieces, wait, limit):
    """Sends pieces in turn, one each `wait` seconds, until the server closes the connection:
    the seconds that took, or None after `limit`."""
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    s.settimeout(wait)
    t0 = time.monotonic()
    closed = None
    turn = 0
    while time.monotonic() - t0 < limit and closed is None:
        try:
            s.sendall(pieces[turn % len(pieces)])
            turn += 1
            if s.recv(100) == b"":
                closed = time.monotonic() - t0
        except socket.timeout:
            pass
        except OSError:
            closed = time.monotonic() - t0
    s.close()
    return closed


def review_2026_12_07_part(exe, tmp):
    """What a review of serve found (2026-12-07), each checked here against the fault it had:
    1. a client sending only empty lines kept its connection for good (each byte restarted
       the idle clock, and 64 such clients held every slot): closed after --idle-timeout;
    2. a client pipelining requests for a 1 MB --respond fixture and reading none of the
       answers made the server queue them all (150 MB for 150 requests): at most 1 MiB of
       answers waits per connection, the next requests wait for it;
    3. a chunk-size line between 4 and 8 KiB, trickled, made the server re-parse the whole
       buffered body on every byte (a core busy): it waits for the line's end or its limit;
    4. a NUL in a cluster or provider name (%00, \\u0000) cut the name the server kept;
    5. a --log FILE was emptied even when the start then failed (port in use);
    6. 428 went out as "HTTP/1.1 428 Status";
    7. a request line saying HTTP/2.0 was served as HTTP/1.1: 505, and the connection closed."""
    srv = Server(exe, tmp, "review", ["--idle-timeout", "1"])
    try:
        # whole CRLFs, then each CRLF's CR and LF apart (a lone CR restarted both clocks: a
        # third review, 2026-12-07)
        for what, pieces, wait in (("only empty lines", [b"\r\n"], 0.2),
                                   ("each empty line's CR and LF apart", [b"\r", b"\n"], 0.25)):
            closed = seconds_until_closed(srv.port, pieces, wait, 6)
            if closed is None or not 0.9 <= closed <= 3.0:
                fail("review 1: a client sending %s: %s" % (
                    what, "still open after 6 s" if closed is None else "closed after %.1f s" % closed))
            else:
                print("review 1: a client sending %s closed after %.1f s (--idle-timeout 1)" % (what, closed))
    finally:
        srv.stop()

    # A timeout is the one given, not the next whole second: poll() woke once a second, so
    # 0.3 s closed a connection after 1.0 s (a third review, 2026-12-07)
    srv = Server(exe, tmp, "tick", ["--idle-timeout", "0.3"])
    try:
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        t0 = time.monotonic()
        got = s.recv(100)
        closed = time.monotonic() - t0
        s.close()
        if got != b"" or not 0.25 <= closed <= 0.8:
            fail("review: --idle-timeout 0.3: an idle connection closed after %.2f s (%r)" % (closed, got))
        else:
            print("review: --idle-timeout 0.3: an idle connection closed after %.2f s" % closed)
    finally:
        srv.stop()

    names = ["cluster-%06d" % i for i in range(70000)]
    fixture = os.path.join(tmp, "list_clusters.json")
    with open(fixture, "w") as f:
        json.dump({"clusters": names}, f)
    # Under ASan the answers' freed buffers wait in its quarantine (256 MB by default), which
    # a server that queues nothing still grows by: 4 MB, as serve_load.py gives it
    opts = os.environ.get("ASAN_OPTIONS", "")
    srv = Server(exe, tmp, "queued", ["--respond", "ListClusters=" + fixture],
                 env_extra={"ASAN_OPTIONS": (opts + ":" if opts else "") + "quarantine_size_mb=4"})
    try:
        req = signed_raw(srv.port, "GET", "/clusters")
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=30)
        s.sendall(req)
        if read_answers(s, 1, timeout=10)[0] != [(200, None)]:
            fail("review 2: --respond ListClusters did not answer 200")
        before = rss_bytes(srv.proc.pid)
        count = 100
        s.sendall(req * count)
        time.sleep(1.5)
        grown = rss_bytes(srv.proc.pid) - before
        got, _ = read_answers(s, count, timeout=30)
        s.close()
        print("review 2: %d pipelined requests for a %d-byte answer, unread for 1.5 s: server RSS +%.1f MB"
              % (count, os.path.getsize(fixture), grown / 1e6))
        if grown > 30e6 or got != [(200, None)] * count:
            fail("review 2: RSS grew by %.1f MB (want < 30: answers queued without bound?); %d of %d answers"
                 % (grown / 1e6, len(got), count))
    finally:
        srv.stop()

    srv = Server(exe, tmp, "chunkline", [])
    try:
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=30)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        s.sendall(b"POST /clusters/prod/identity-provider-configs/disassociate HTTP/1.1\r\nHost: h\r\n"
                  b"Transfer-Encoding: chunked\r\n\r\n" + b"1\r\nA\r\n" * 700000 + b"1;" + b"x" * 4100)
        time.sleep(0.5)
        before = cpu_seconds(srv.proc.pid)
        for _ in range(300):
            s.sendall(b"x")
            time.sleep(0.005)
        used = cpu_seconds(srv.proc.pid) - before
        s.sendall(b"\r\nA\r\n0\r\n\r\n")
        got = read_answers(s, 1, timeout=30)
        s.close()
        print("review 3: a 4.4 KB chunk-size line trickled after a 4 MB body: %.2f s of server CPU" % used)
        if used > 0.5 or got[0] != [(403, "MissingAuthenticationTokenException")]:
            fail("review 3: %.2f s of server CPU (want < 0.5: re-parsing on every byte?); answer %r" % (used, got))
    finally:
        srv.stop()

    srv = Server(exe, tmp, "nul", ["--respond", "ListClusters=" + fixture])
    try:
        body = json.dumps({"identityProviderConfig": {"type": "oidc", "name": "x\u0000y"}})
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        s.sendall(signed_raw(srv.port, "POST", "/clusters/a%00b/identity-provider-configs/disassociate", body))
        status, body = read_response(s.makefile("rb"))
        update = json.loads(body)["update"]
        s.close()
        kept = json.loads(update["params"][0]["value"])[0]["name"]
        answers = {}
        for cluster in ("a%00b", "a"):
            s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
            s.sendall(signed_raw(srv.port, "GET", "/clusters/%s/updates/%s" % (cluster, update["id"])))
            answers[cluster] = read_answers(s, 1)[0]
            s.close()
        if (not status.startswith(b"HTTP/1.1 200 ") or kept != "x\u0000y" or
                answers != {"a%00b": [(200, None)], "a": [(404, "ResourceNotFoundException")]}):
            fail("review 4: names with NUL: %r, name kept %r, DescribeUpdate %r" % (status, kept, answers))
    finally:
        srv.stop()

    held = socket.socket()
    held.bind(("127.0.0.1", 0))
    held.listen(1)
    log = os.path.join(tmp, "kept.log")
    with open(log, "w") as f:
        f.write("an earlier run's log\n")
    env = dict(os.environ, AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY)
    p = subprocess.run([exe, "serve", "--listen", "127.0.0.1:%d" % held.getsockname()[1], "--log", log],
                       capture_output=True, text=True, env=env, timeout=10)
    held.close()
    with open(log) as f:
        left = f.read()
    if p.returncode != 2 or left != "an earlier run's log\n":
        fail("review 5: port in use: exit %d, the log now %r" % (p.returncode, left[:100]))

    srv = Server(exe, tmp, "err428", ["--error", "ResourcePropagationDelayException"])
    try:
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        s.sendall(signed_raw(srv.port, "GET", "/clusters/prod"))
        line = s.makefile("rb").readline()
        s.close()
        if line != b"HTTP/1.1 428 Precondition Required\r\n":
            fail("review 6: status line %r" % line)
    finally:
        srv.stop()

    srv = Server(exe, tmp, "http2", [])  # 7. a request line of another major version
    try:
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        s.sendall(b"GET /clusters HTTP/2.0\r\nHost: h\r\n\r\nGET /clusters HTTP/1.1\r\nHost: h\r\n\r\n")
        got = read_answers(s, 2)
        s.close()
        if got != ([(505, "HTTPVersionNotSupportedException")], "closed"):
            fail("review 7: HTTP/2.0 request line: %r" % (got,))
    finally:
        srv.stop()


# ---------------------------------------------------------------- signed raw requests

def signed_request(port, name, idp="okta", key=ACCESS_KEY, secret=SECRET_KEY):
    """(path, body, headers) of a DisassociateIdentityProviderConfig signed by botocore."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    body = json.dumps({"identityProviderConfig": {"type": "oidc", "name": idp},
                       "clientRequestToken": "11111111-2222-4333-8444-555555555555"})
    path = "/clusters/%s/identity-provider-configs/disassociate" % name
    req = AWSRequest(method="POST", url="http://127.0.0.1:%d%s" % (port, path), data=body,
                     headers={"Content-Type": "application/json"})
    SigV4Auth(Credentials(key, secret), "eks", REGION).add_auth(req)
    return path, body, dict(req.headers.items())


def check_log(srv, good_names):
    recs = [r for r in srv.records() if "summary" not in r]
    logged = {r.get("requestId") for r in recs if r.get("status") == 200}
    for rid in REQUEST_IDS:
        if rid not in logged:
            fail("log: boto3's request id %s is not logged as a 200" % rid)
    sig_codes = ("signature_mismatch", "signature_missing", "signature_malformed", "clock_skew")
    good = 0
    for r in recs:
        codes = [d["code"] for d in r.get("diagnostics", [])]
        if r.get("status") in (200,):
            good += 1
            if r["verdict"] != "valid" or any(c in sig_codes for c in codes):
                fail("log: good request not valid/verified: %r" % r)
    if good < len(good_names):
        fail("log: %d good exchanges, want >= %d" % (good, len(good_names)))
    return len(recs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("exe")
    ap.add_argument("--table")
    a = ap.parse_args()
    try:
        import boto3  # noqa: F401
        import botocore  # noqa: F401
    except ImportError:
        skip_or_fail("boto3 is not installed for %s" % sys.executable)
    tmp = tempfile.mkdtemp(prefix="serve_clients.")
    t0 = time.time()
    srv = Server(a.exe, tmp, "main", ["--complete-after", "1"])
    try:
        names = boto3_part(srv)
        table = curl_part(srv)
        protocol_part(srv)
    finally:
        summary = srv.stop()
    print(summary.strip())
    n = check_log(srv, names)
    error_part(a.exe, tmp)
    respond_part(a.exe, tmp, SOURCE)
    framing_part(a.exe, tmp)
    head_fresh_update_and_shutdown_part(a.exe, tmp)
    fd_limit_part(a.exe, tmp)
    idempotency_part(a.exe, tmp)
    review_2026_12_07_part(a.exe, tmp)
    if a.table:
        with open(a.table, "w") as f:
            json.dump(table, f)
    print("%d exchanges logged, %.1f s" % (n, time.time() - t0))
    return finish(tmp)


if __name__ == "__main__":
    sys.exit(main())
