#!/usr/bin/env python3
"""Requests/s of `ekscodec serve` against client processes (a measurement, not a test).

    python3 tests/interop/serve_rate.py EKSCODEC [EKSCODEC...] [--clients 8] [--requests 400]
                                        [--rounds 3]

serve_load.py's clients are threads of one Python process: with the GIL they, not the server,
set its requests/s (a faster server there can even show fewer: each answer wakes a thread that
must wait for the GIL). Here each client is a process, on a keep-alive connection, sending
DisassociateIdentityProviderConfig requests signed beforehand by botocore, each for a cluster of
its own, so that every one creates an Update and the server's store fills as in a long run.
Two rounds per server and binary: a warm-up, then the measured one (the store then holds the
warm-up's updates). Binaries given together are measured in interleaved rounds, so a change of
load hits all of them; each figure is the best of --rounds.
"""
import argparse
import multiprocessing
import os
import socket
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serve_clients as sc  # noqa: E402  (Server, signed_request, read_response)


def client(job):
    """Sends each request of job on one connection, reading its answer first; each must be 200."""
    port, requests = job
    s = socket.create_connection(("127.0.0.1", port))
    f = s.makefile("rb")
    for req in requests:
        s.sendall(req)
        status, _ = sc.read_response(f)
        if b" 200 " not in status:
            raise RuntimeError("answer %r" % status)
    s.close()


def rate(exe, clients, per_client):
    """The measured round's requests/s of a fresh server."""
    tmp = tempfile.mkdtemp(prefix="serve_rate.")
    srv = sc.Server(exe, tmp, "rate", [])
    try:
        got = None
        for rnd in ("warm", "measured"):
            jobs = []
            for c in range(clients):
                reqs = []
                for i in range(per_client):
                    path, body, headers = sc.signed_request(srv.port, "%s-%d-%d" % (rnd, c, i))
                    head = "POST %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % (path, srv.port)
                    head += "".join("%s: %s\r\n" % kv for kv in headers.items())
                    head += "Content-Length: %d\r\n\r\n" % len(body.encode())
                    reqs.append(head.encode() + body.encode())
                jobs.append((srv.port, reqs))
            with multiprocessing.Pool(clients) as pool:
                t0 = time.monotonic()
                pool.map(client, jobs)
                got = clients * per_client / (time.monotonic() - t0)
        return got
    finally:
        srv.stop()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("exe", nargs="+")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--requests", type=int, default=400, help="per client and round")
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    best = {exe: 0.0 for exe in a.exe}
    for _ in range(a.rounds):
        for exe in a.exe:
            best[exe] = max(best[exe], rate(exe, a.clients, a.requests))
    for exe in a.exe:
        print("%s: %.0f requests/s (%d client processes, %d requests each after a warm-up of as many; best of %d)"
              % (exe, best[exe], a.clients, a.requests, a.rounds))
    return 1 if sc.failures else 0


if __name__ == "__main__":
    sys.exit(main())
