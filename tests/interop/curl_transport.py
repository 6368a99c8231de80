#!/usr/bin/env python3
"""Interop: examples/curl_transport.c, built against the INSTALLED package, against
`ekscodec serve` (issue 10 item 3).

    python3 tests/interop/curl_transport.py PATH/TO/ekscodec

Environment (tests/interop.cmake): BUILD_DIR, WORK_DIR, CC, CONSUMER_CFLAGS, CONSUMER_LDFLAGS
(the build's flags: a sanitized library needs its runtime in the example too).

1. `cmake --install BUILD_DIR --prefix WORK_DIR/prefix`, then examples/ configured with
   CMAKE_PREFIX_PATH=that prefix (find_package(ekscodec) must find it there) and built.
2. The example runs against `ekscodec serve --log` for cluster names with ' ', '/', 'ü', ':'
   and '+': exit 0, the typed Update it prints is what the service fills in; its request id
   is in the server's log with status 200, verdict valid and no signature diagnostic; its
   createdAt is, to the millisecond, the one the server keeps (DescribeUpdate through boto3).
3. A wrong secret: exit 1, "error: InvalidSignatureException", a 403 in the log.
4. A server with --error ResourceNotFoundException: exit 1, "error: ResourceNotFoundException".

Exit: 0 pass, 1 fail, 77 skip (libcurl's headers, cmake or boto3 missing; under CI=true a failure).
"""
import argparse
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serve_clients as sc  # noqa: E402  (Server, credentials, fail/skip policy)

SIG_CODES = ("signature_mismatch", "signature_missing", "signature_malformed", "clock_skew")
NAMES = ["prod", "my cluster", "a/b", "clüster", "a:b", "a+b"]


def quiet(cmd, what):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if p.returncode != 0:
        print(p.stdout[-3000:] + p.stderr[-3000:], file=sys.stderr)
        sc.fail("%s: exit %d" % (what, p.returncode))
        raise SystemExit(1)
    return p


def build_example(source, work):
    build = os.environ["BUILD_DIR"]
    prefix = os.path.join(work, "prefix")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    quiet(["cmake", "--install", build, "--prefix", prefix], "cmake --install")
    exdir = os.path.join(work, "examples")
    quiet(["cmake", "-S", os.path.join(source, "examples"), "-B", exdir, "-DCMAKE_PREFIX_PATH=" + prefix,
           "-DCMAKE_C_COMPILER=" + os.environ.get("CC", "cc"),
           "-DCMAKE_C_FLAGS=" + os.environ.get("CONSUMER_CFLAGS", ""),
           "-DCMAKE_EXE_LINKER_FLAGS=" + os.environ.get("CONSUMER_LDFLAGS", ""),
           "-DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF"], "configure examples/")
    with open(os.path.join(exdir, "CMakeCache.txt")) as f:
        found = [l.split("=", 1)[1].strip() for l in f if l.startswith("ekscodec_DIR:")]
    if not found or not os.path.realpath(found[0]).startswith(os.path.realpath(prefix)):
        sc.fail("find_package(ekscodec) used %r, not the scratch install %s" % (found, prefix))
    quiet(["cmake", "--build", exdir], "build examples/")
    return os.path.join(exdir, "curl_transport")


def run(example, url, name, secret=sc.SECRET_KEY):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({"AWS_ACCESS_KEY_ID": sc.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": secret, "AWS_REGION": sc.REGION})
    p = subprocess.run([example, url, name], env=env, capture_output=True, text=True, timeout=60)
    fields = {}
    for line in p.stdout.splitlines():
        k, _, v = line.partition(": ")
        fields[k] = v
    if "Sanitizer" in p.stderr or "runtime error:" in p.stderr:
        sc.fail("curl_transport %r: sanitizer report: %s" % (name, p.stderr[:2000]))
    if secret in p.stdout + p.stderr or sc.SECRET_KEY in p.stdout + p.stderr:
        sc.fail("curl_transport %r printed the secret" % name)
    return p, fields


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("exe")
    a = ap.parse_args()
    for var in ("BUILD_DIR", "WORK_DIR"):
        if var not in os.environ:
            print("FAIL: %s not set (run through ctest)" % var, file=sys.stderr)
            return 1
    try:
        import boto3  # noqa: F401
    except ImportError:
        sc.skip_or_fail("boto3 is not installed for %s" % sys.executable)
    if not shutil.which("cmake"):
        sc.skip_or_fail("cmake is not on PATH")
    if subprocess.run(["pkg-config", "--exists", "libcurl"]).returncode != 0:
        sc.skip_or_fail("libcurl's development files are missing: apt-get install libcurl4-openssl-dev "
                        "(scripts/setup.sh)")
    t0 = time.time()
    example = build_example(sc.SOURCE, os.environ["WORK_DIR"])
    print("built %s against the installed package in %.1f s" % (example, time.time() - t0))
    tmp = os.path.join(os.environ["WORK_DIR"], "serve")
    os.makedirs(tmp)
    srv = sc.Server(a.exe, tmp, "example", ["--complete-after", "1"])
    logged = []
    try:
        c = sc.client(srv.url)
        for name in NAMES:
            t1 = time.time()
            p, f = run(example, srv.url, name)
            t2 = time.time()
            if p.returncode != 0:
                sc.fail("curl_transport %r: exit %d: %s%s" % (name, p.returncode, p.stdout, p.stderr))
                continue
            logged.append((name, f.get("request-id"), 200))
            want = {"status": "200", "update.status": "InProgress",
                    "update.type": "DisassociateIdentityProviderConfig",
                    "update.params[0]": 'IdentityProviderConfig = [{"type":"oidc","name":"okta"}]',
                    "update.errors": "0"}
            for k, v in want.items():
                if f.get(k) != v:
                    sc.fail("curl_transport %r: %s is %r, want %r" % (name, k, f.get(k), v))
            # "2026-12-05T06:15:38.818Z (1796451338.818)"
            shown = f.get("update.createdAt", "").rpartition("(")[2].rstrip(")")
            whole, _, frac = shown.partition(".")
            ms = int(whole or 0) * 1000 + int((frac + "000")[:3])
            if not t1 - 1 <= ms / 1000 <= t2 + 1:
                sc.fail("curl_transport %r: createdAt %r is not now" % (name, shown))
            kept = c.describe_update(name=name, updateId=f.get("update.id", "x"))["update"]["createdAt"]
            kept_ms = int(kept.timestamp()) * 1000 + kept.microsecond // 1000
            if kept_ms != ms:
                sc.fail("curl_transport %r: createdAt %d ms, the server keeps %d ms" % (name, ms, kept_ms))
            print("curl_transport %r -> %s %s createdAt %s" % (name, f.get("status"), f.get("update.id"),
                                                               f.get("update.createdAt")))
        p, f = run(example, srv.url, "prod", secret="not-the-secret")
        logged.append(("wrong secret", f.get("request-id"), 403))
        if p.returncode != 1 or not f.get("error", "").startswith("InvalidSignatureException: "):
            sc.fail("wrong secret: exit %d, %r" % (p.returncode, p.stdout))
    finally:
        srv.stop()
    by_id = {r.get("requestId"): r for r in srv.records() if "requestId" in r}
    for what, rid, status in logged:
        r = by_id.get(rid)
        if r is None:
            sc.fail("%s: request id %r not in the server's log" % (what, rid))
            continue
        codes = [d["code"] for d in r.get("diagnostics", [])]
        if r.get("status") != status:
            sc.fail("%s: log status %r, want %d" % (what, r.get("status"), status))
        if status == 200 and (r["verdict"] != "valid" or any(c in SIG_CODES for c in codes)):
            sc.fail("%s: logged exchange not valid/verified: %r" % (what, r))
        if status == 403 and "signature_mismatch" not in codes:
            sc.fail("%s: no signature_mismatch in the log: %r" % (what, r))
    err = sc.Server(a.exe, tmp, "error", ["--error", "ResourceNotFoundException"])
    try:
        p, f = run(example, err.url, "prod")
        if p.returncode != 1 or not f.get("error", "").startswith("ResourceNotFoundException: ") or \
                f.get("status") != "404":
            sc.fail("--error ResourceNotFoundException: exit %d, %r" % (p.returncode, p.stdout))
    finally:
        err.stop()
    print("%d example runs checked against the log, %.1f s" % (len(logged) + 1, time.time() - t0))
    return sc.finish(os.environ["WORK_DIR"], keep=True)


if __name__ == "__main__":
    sys.exit(main())
