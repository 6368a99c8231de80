#!/usr/bin/env python3
"""Load and faults against `ekscodec serve` (issue 10 item 4), loopback only, bounded.

    python3 tests/interop/serve_load.py PATH/TO/ekscodec [--rounds-of N]

Two rounds (warm-up, then measured) of 8 concurrent keep-alive clients x 250 requests each,
signed beforehand with botocore's SigV4Auth (so the clock measures the server and the HTTP
exchange, not Python's signer), while a fault thread keeps sending: half a request then
silence, an oversized header section, garbage bytes, a request closed mid-body; and four
clients stalled for the whole test after half a request (line, headers, body).
- Every good request (a DisassociateIdentityProviderConfig for a name of its own) is answered
  200 with the Update of THAT name: an answer crossed between connections is a wrong answer.
- Every 25th request of each client is not signed with the configured key: unsigned, another
  access key, a wrong secret, or signed correctly and then changed (body, path, X-Amz-Date,
  Content-Type): each must get 403 with its error type, never 200.
- 431 for the big header section, 400 for garbage, 408 for the stalled clients (10 s idle).
- The server's resident memory (VmRSS of /proc/PID/status) after the measured round exceeds
  the one after the warm-up by less than RSS_BOUND_KIB (1.5 MiB, 768 bytes a request): the
  1920 updates the round creates are kept (the store is bounded at 4096 updates), about
  0.2 KiB each (0.3 KiB with ASan's redzones), measured +0.4 MiB (+0.6 MiB under ASan);
  a buffer, a connection or a response kept per request would exceed it.
- 64 idle connections: a 65th waits in the backlog and is served once one closes.
- Still serving afterwards; the log's good exchanges are valid with the signature verified.
Prints the measured round's requests/s (all 2000 of it, 80 of them rejected ones).

Under ASan+UBSan (the ASan build's ctest runs its own CLI), ASan's quarantine keeps freed
memory for a while: the server gets ASAN_OPTIONS quarantine_size_mb=4 so that the quarantine
fills during the warm-up round and the RSS comparison measures the server, not the
quarantine; LeakSanitizer still checks for leaks at the server's exit (a non-zero exit fails).

Exit: 0 pass, 1 fail, 77 skip (botocore missing; under CI=true a failure).
"""
import argparse
import http.client
import json
import os
import signal
import socket
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serve_clients as sc  # noqa: E402  (Server, credentials, fail/skip policy)

CLIENTS = 8
PER_CLIENT = 250
BAD_EVERY = 25
RSS_BOUND_KIB = 1536
SIG_CODES = ("signature_mismatch", "signature_missing", "signature_malformed", "clock_skew")
# What each kind of request that was not signed with the configured key must get.
BAD_KINDS = {
    "unsigned": "MissingAuthenticationTokenException",
    "wrong-key": "UnrecognizedClientException",
    "wrong-secret": "InvalidSignatureException",
    "tampered-body": "InvalidSignatureException",
    "tampered-path": "InvalidSignatureException",
    "tampered-header": "InvalidSignatureException",
    "tampered-content-type": "InvalidSignatureException",
}
# Stalled clients, each with a different half of a request, held open for the whole test.
STALLS = [
    b"POST /clusters/prod/identity-provider-configs/disassociate HTTP/1.1\r\nHost: x\r\n",
    b"POST /clusters/prod/identity-provider-conf",
    b"POST /clusters/prod/identity-provider-configs/disassociate HTTP/1.1\r\nHost: x\r\n"
    b"Content-Length: 100\r\n\r\n{\"identityProviderConfig\":",
    b"P",
]


def bad_request(port, kind, n):
    """A request that must be refused: never signed with the configured key, or changed after."""
    idp = "bad%04d" % n
    if kind == "wrong-key":
        return sc.signed_request(port, "prod", idp, key="AKIDOTHEREXAMPLE")
    if kind == "wrong-secret":
        return sc.signed_request(port, "prod", idp, secret="not-the-secret")
    path, body, headers = sc.signed_request(port, "prod", idp)
    if kind == "unsigned":
        del headers["Authorization"]
    elif kind == "tampered-body":
        body = body.replace(idp, idp.upper())  # same length: only the payload hash can tell
    elif kind == "tampered-path":
        path = path.replace("/prod/", "/prud/")
    elif kind == "tampered-header":
        # X-Amz-Date is signed; one second later is well within the allowed clock skew.
        d = headers["X-Amz-Date"]
        headers["X-Amz-Date"] = d[:-3] + ("%02d" % ((int(d[-3:-1]) + 1) % 60)) + "Z"
    elif kind == "tampered-content-type":
        headers["Content-Type"] = "application/x-amz-json-1.1"
    return path, body, headers


def plan(port, rnd):
    """Per client: [(path, body, headers, expect)] where expect is an idp name (good) or
    ("bad", kind)."""
    kinds = sorted(BAD_KINDS)
    out = []
    for i in range(CLIENTS):
        reqs = []
        for j in range(PER_CLIENT):
            if j % BAD_EVERY == BAD_EVERY - 1:
                kind = kinds[(i + j // BAD_EVERY) % len(kinds)]
                reqs.append(bad_request(port, kind, rnd * 10000 + i * 1000 + j) + (("bad", kind),))
            else:
                idp = "r%d-c%d-n%d" % (rnd, i, j)
                reqs.append(sc.signed_request(port, "load-%d" % i, idp) + (idp,))
        out.append(reqs)
    return out


def run_round(port, reqs):
    wrong, answered = [], [0, 0]  # good, bad
    lock = threading.Lock()

    def worker(mine):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for path, body, headers, expect in mine:
            try:
                conn.request("POST", path, body=body, headers=headers)
                r = conn.getresponse()
                data = r.read()
                if isinstance(expect, tuple):
                    etype = r.getheader("x-amzn-ErrorType")
                    ok = r.status == 403 and etype == BAD_KINDS[expect[1]]
                else:
                    up = json.loads(data)["update"]
                    ok = r.status == 200 and up["status"] == "InProgress" and \
                        json.loads(up["params"][0]["value"]) == [{"type": "oidc", "name": expect}]
            except Exception as e:  # noqa: BLE001 - every failure is a wrong answer here
                ok, data = False, repr(e).encode()
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            with lock:
                answered[isinstance(expect, tuple)] += 1
                if not ok:
                    wrong.append((expect, data[:200]))
        conn.close()

    threads = [threading.Thread(target=worker, args=(mine,)) for mine in reqs]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return wrong, answered, time.monotonic() - t0


class Faults(threading.Thread):
    """Keeps sending broken traffic until stopped; records what came back."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.port, self.stop, self.problems, self.count = port, threading.Event(), [], 0
        path, body, headers = sc.signed_request(port, "midbody", "x")
        self.midbody = ("POST %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % (path, port) +
                        "".join("%s: %s\r\n" % kv for kv in headers.items()) +
                        "Content-Length: %d\r\n\r\n" % len(body)).encode() + body.encode()[:10]

    def raw(self, payload, want):
        s = socket.create_connection(("127.0.0.1", self.port), timeout=30)
        try:
            s.sendall(payload)
            if want is None:
                return
            got = s.recv(65536)
            if not got.startswith(want):
                self.problems.append("%r -> %r" % (payload[:30], got[:60]))
        except OSError as e:
            if want is not None:
                self.problems.append("%r -> %r" % (payload[:30], e))
        finally:
            s.close()

    def run(self):
        while not self.stop.is_set():
            self.raw(b"GET /clusters HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (70 * 1024) + b"\r\n\r\n",
                     b"HTTP/1.1 431")
            self.raw(b"\x00\x01\x02garbage\xff\r\n\r\n", b"HTTP/1.1 400")
            self.raw(self.midbody, None)  # closed mid-body
            self.raw(b"POST /clusters/prod/identity-provider-configs/disassociate HTTP/1.1\r\nHo", None)
            self.count += 4
            self.stop.wait(0.05)


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def conn_limit_part(srv):
    """64 open connections at once: the 65th waits in the backlog until one closes."""
    idle = [socket.create_connection(("127.0.0.1", srv.port)) for _ in range(64)]
    time.sleep(0.3)
    path, body, headers = sc.signed_request(srv.port, "limit", "okta")
    result = {}

    def one():
        c = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30)
        c.request("POST", path, body=body, headers=headers)
        result["status"] = c.getresponse().status
        c.close()

    t = threading.Thread(target=one)
    t.start()
    time.sleep(1.0)
    if "status" in result:
        sc.fail("connection limit: a 65th connection was served while 64 were open")
    idle[0].close()
    t.join(20)
    if result.get("status") != 200:
        sc.fail("connection limit: the waiting request was not served once a slot freed: %r" % result)
    for s in idle[1:]:
        s.close()


def is_sanitized(exe):
    """Whether exe is built with ASan: every instrumented binary calls __asan_init (clang
    links the runtime in, whose "AddressSanitizer" strings a gcc build, linked to libasan.so,
    does not carry)."""
    with open(exe, "rb") as f:
        return b"__asan_init" in f.read()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("exe")
    a = ap.parse_args()
    try:
        import botocore  # noqa: F401
    except ImportError:
        sc.skip_or_fail("botocore is not installed for %s" % sys.executable)
    asan = is_sanitized(a.exe)
    if asan:
        opts = os.environ.get("ASAN_OPTIONS", "")
        os.environ["ASAN_OPTIONS"] = (opts + ":" if opts else "") + "quarantine_size_mb=4"
    tmp = tempfile.mkdtemp(prefix="serve_load.")
    t_start = time.time()
    srv = sc.Server(a.exe, tmp, "load", ["--complete-after", "1"])
    try:
        stalls = []
        for half in STALLS:
            stalls.append(socket.create_connection(("127.0.0.1", srv.port)))
            stalls[-1].sendall(half)
        faults = Faults(srv.port)
        faults.start()
        results = []
        rss = []
        for rnd in range(2):
            reqs = plan(srv.port, rnd)
            wrong, answered, secs = run_round(srv.port, reqs)
            rss.append(rss_kib(srv.proc.pid))
            results.append((wrong, answered, secs))
        faults.stop.set()
        faults.join(30)
        total = CLIENTS * PER_CLIENT
        bad_total = CLIENTS * (PER_CLIENT // BAD_EVERY)
        for rnd, (wrong, answered, secs) in enumerate(results):
            if wrong:
                sc.fail("round %d: %d wrong answers, first %r" % (rnd, len(wrong), wrong[0]))
            if answered != [total - bad_total, bad_total]:
                sc.fail("round %d: answered %r of %r" % (rnd, answered, [total - bad_total, bad_total]))
        if faults.problems:
            sc.fail("faults: %d wrong answers, first %s" % (len(faults.problems), faults.problems[0]))
        grew = rss[1] - rss[0]
        if grew >= RSS_BOUND_KIB:
            sc.fail("server RSS grew by %d KiB over the measured round (%d -> %d KiB), bound %d KiB"
                    % (grew, rss[0], rss[1], RSS_BOUND_KIB))
        secs = results[1][2]
        print("load: %d clients x %d keep-alive requests per round (%d refused: %s), 2 rounds, "
              "%d broken connections alongside" % (CLIENTS, PER_CLIENT, bad_total, ", ".join(sorted(BAD_KINDS)),
                                                   faults.count))
        print("load: measured round %d requests in %.2f s = %.0f requests/s (%s%s)"
              % (total, secs, total / secs, os.path.basename(a.exe), ", ASan+UBSan" if asan else ""))
        print("load: server VmRSS %d KiB after warm-up, %d KiB after the measured round (+%d KiB, "
              "%d bytes a request; bound %d KiB)" % (rss[0], rss[1], grew, grew * 1024 // total, RSS_BOUND_KIB))
        # The stalled clients are timed out after 10 s without a byte, with 408.
        for half, stall in zip(STALLS, stalls):
            stall.settimeout(30)
            try:
                got = stall.recv(65536)
            except OSError as e:
                got = repr(e).encode()
            if not got.startswith(b"HTTP/1.1 408"):
                sc.fail("stalled client (%r): %r" % (half[:30], got[:80]))
            stall.close()
        conn_limit_part(srv)
        try:
            sc.client(srv.url).disassociate_identity_provider_config(
                clusterName="after", identityProviderConfig={"type": "oidc", "name": "x"})
        except Exception as e:  # noqa: BLE001
            sc.fail("not serving after the load and the faults: %r" % e)
    finally:
        summary = srv.stop(signal.SIGTERM)
    print(summary.strip())
    good = 0
    for r in srv.records():
        if r.get("status") == 200:
            good += 1
            codes = [d["code"] for d in r.get("diagnostics", [])]
            if r["verdict"] != "valid" or any(c in SIG_CODES for c in codes):
                sc.fail("log: a 200 exchange not valid/verified: %r" % r)
        elif r.get("status") is not None and "summary" not in r and r.get("status") < 400:
            sc.fail("log: unexpected status %r" % r)
    want_good = 2 * (CLIENTS * PER_CLIENT - CLIENTS * (PER_CLIENT // BAD_EVERY)) + 2
    if good != want_good:
        sc.fail("log: %d exchanges answered 200, want %d (every good request, nothing else)" % (good, want_good))
    print("%.1f s" % (time.time() - t_start))
    return sc.finish(tmp)


if __name__ == "__main__":
    sys.exit(main())
