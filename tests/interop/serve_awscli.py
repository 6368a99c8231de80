#!/usr/bin/env python3
"""Interop: the AWS CLI against `ekscodec serve` (issue 10 item 3).

    python3 tests/interop/serve_awscli.py PATH/TO/ekscodec

For AWS CLI v2 (/usr/bin/aws, run by /usr/bin/python3) and AWS CLI v1 (`aws` on PATH):
1. `aws eks disassociate-identity-provider-config --endpoint-url URL --output json --debug`:
   the JSON on stdout is parsed; the Update's fields are what the service fills in; its
   createdAt equals, to the millisecond, the createdAt of the body the server sent (the CLI's
   --debug log prints the raw body and the x-amzn-RequestId), and the server's --log has
   that request id with status 200, verdict valid and no signature diagnostic.
2. `aws eks describe-update` until the status is Successful (--complete-after 1), the same
   createdAt each time.
3. A wrong secret: exit status 254 (v2) / 255 (v1), the error message names
   InvalidSignatureException, and the server logged a 403 for it.

Exit: 0 pass, 1 fail, 77 skip (a CLI missing; under CI=true a failure).
"""
import argparse
import ast
import datetime
import decimal
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serve_clients as sc  # noqa: E402  (Server, credentials, fail/skip policy)

CLI_V2 = "/usr/bin/aws"
SIG_CODES = ("signature_mismatch", "signature_missing", "signature_malformed", "clock_skew")


class Cli:
    def __init__(self, label, argv0, home, url):
        self.label, self.argv0, self.url = label, argv0, url
        os.makedirs(home, exist_ok=True)
        # Nothing of the machine's own AWS configuration may leak into the calls.
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        self.env.update({"AWS_ACCESS_KEY_ID": sc.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": sc.SECRET_KEY,
                         "AWS_DEFAULT_REGION": sc.REGION, "HOME": home, "AWS_PAGER": "",
                         "AWS_CONFIG_FILE": os.path.join(home, "config"),
                         "AWS_SHARED_CREDENTIALS_FILE": os.path.join(home, "credentials"),
                         "AWS_EC2_METADATA_DISABLED": "true", "AWS_MAX_ATTEMPTS": "1"})

    def run(self, args, secret=None):
        env = dict(self.env)
        if secret is not None:
            env["AWS_SECRET_ACCESS_KEY"] = secret
        return subprocess.run([self.argv0, "eks", *args, "--endpoint-url", self.url, "--output", "json",
                               "--debug"], env=env, stdin=subprocess.DEVNULL, capture_output=True,
                              text=True, timeout=60)


def wire_response(debug):
    """(request id, parsed body) of the last response in a --debug log: what the server sent."""
    rid = re.findall(r"'x-amzn-RequestId': '([0-9a-f-]+)'", debug)
    bodies = re.findall(r"Response body:\s*\n(b'.*?'|b\".*?\")\s*$", debug, re.M)
    if not rid or not bodies:
        return None, None
    return rid[-1], json.loads(ast.literal_eval(bodies[-1]), parse_float=decimal.Decimal)


def millis(value):
    """createdAt as the CLI prints it -> epoch milliseconds, exactly (no binary float).
    v2 prints ISO 8601 ("2026-12-05T06:16:05.819000+00:00"), v1 epoch seconds (1796451365.819)."""
    if isinstance(value, decimal.Decimal):
        ms = value * 1000
        if ms != ms.to_integral_value():
            sc.fail("createdAt %s is not whole milliseconds" % value)
        return int(ms)
    t = datetime.datetime.fromisoformat(value)
    if t.microsecond % 1000:
        sc.fail("createdAt %r is not whole milliseconds" % value)
    return int(t.timestamp()) * 1000 + t.microsecond // 1000


def output(p):
    return json.loads(p.stdout, parse_float=decimal.Decimal)


def flow(cli, logged):
    name = "cli %s/ü" % cli.label  # a space, '/', 'ü': the labels the CLI must encode
    t0 = time.time()
    p = cli.run(["disassociate-identity-provider-config", "--cluster-name", name,
                 "--identity-provider-config", "type=oidc,name=okta"])
    if p.returncode != 0:
        sc.fail("%s disassociate: exit %d: %s" % (cli.label, p.returncode, p.stderr[-800:]))
        return
    up = output(p)["update"]
    rid, wire = wire_response(p.stderr)
    if wire is None:
        sc.fail("%s: no response body/request id in the --debug log" % cli.label)
        return
    logged.append((cli.label, rid, 200))
    want = dict(wire["update"])
    if (up["id"], up["status"], up["type"]) != (want["id"], "InProgress", "DisassociateIdentityProviderConfig"):
        sc.fail("%s: update %r, server sent %r" % (cli.label, up, want))
    if up["params"] != [{"type": "IdentityProviderConfig", "value": '[{"type":"oidc","name":"okta"}]'}] \
            or up["errors"] != []:
        sc.fail("%s: params/errors %r" % (cli.label, up))
    created = millis(up["createdAt"])
    if created != millis(want["createdAt"]):
        sc.fail("%s: createdAt %s = %d ms, the server sent %r" % (cli.label, up["createdAt"], created,
                                                                want["createdAt"]))
    if not t0 - 1 <= created / 1000 <= time.time() + 1:
        sc.fail("%s: createdAt %s is not now" % (cli.label, up["createdAt"]))
    deadline = time.time() + 15
    polls = 0
    while True:
        polls += 1
        d = cli.run(["describe-update", "--name", name, "--update-id", up["id"]])
        if d.returncode != 0:
            sc.fail("%s describe-update: exit %d: %s" % (cli.label, d.returncode, d.stderr[-800:]))
            return
        du = output(d)["update"]
        drid, _ = wire_response(d.stderr)
        logged.append((cli.label, drid, 200))
        if millis(du["createdAt"]) != created:
            sc.fail("%s: describe-update createdAt %s != %s" % (cli.label, du["createdAt"], up["createdAt"]))
        if du["status"] == "Successful":
            break
        if time.time() > deadline:
            sc.fail("%s: update never Successful" % cli.label)
            return
        time.sleep(0.5)
    bad = cli.run(["describe-update", "--name", name, "--update-id", up["id"]], secret="not-the-secret")
    brid, _ = wire_response(bad.stderr)
    logged.append((cli.label, brid, 403))
    # The CLI's last stderr line: "An error occurred (InvalidSignatureException) when calling ..."
    last = bad.stderr.strip().splitlines()[-1] if bad.stderr.strip() else ""
    if bad.returncode not in (254, 255) or "(InvalidSignatureException)" not in last:
        sc.fail("%s wrong secret: exit %d, %r" % (cli.label, bad.returncode, last))
    print("%s: disassociate %r -> %s createdAt %s; Successful after %d describe-update(s); "
          "wrong secret -> %s" % (cli.label, name, up["id"], up["createdAt"], polls, last[:80]))


def check_log(srv, logged):
    by_id = {r.get("requestId"): r for r in srv.records() if "requestId" in r}
    for label, rid, status in logged:
        r = by_id.get(rid)
        if r is None:
            sc.fail("%s: request id %s not in the server's log" % (label, rid))
            continue
        codes = [d["code"] for d in r.get("diagnostics", [])]
        if r.get("status") != status:
            sc.fail("%s: log status %r for %s, want %d" % (label, r.get("status"), rid, status))
        if status == 200 and (r["verdict"] != "valid" or any(c in SIG_CODES for c in codes)):
            sc.fail("%s: log of %s not valid/verified: %r" % (label, rid, r))
        if status == 403 and "signature_mismatch" not in codes:
            sc.fail("%s: log of the wrong-secret request lacks signature_mismatch: %r" % (label, r))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("exe")
    a = ap.parse_args()
    v2 = sc.cli_version(CLI_V2) if os.access(CLI_V2, os.X_OK) else None
    if not v2 or not v2.startswith("aws-cli/2."):
        sc.skip_or_fail("AWS CLI v2 (%s) is missing: apt-get install awscli (scripts/setup.sh)" % CLI_V2)
    clis = [("aws-cli-v2", CLI_V2, v2)]
    v1_path = shutil.which("aws")
    v1 = sc.cli_version(v1_path) if v1_path else None
    if v1 and v1.startswith("aws-cli/1."):
        clis.append(("aws-cli-v1", v1_path, v1))
    else:
        # v1 is not a Debian package (pip install awscli); v2 is the client CI must have.
        print("note: no AWS CLI v1 on PATH (found %r); only v2 is run" % v1)
    tmp = tempfile.mkdtemp(prefix="serve_awscli.")
    t0 = time.time()
    srv = sc.Server(a.exe, tmp, "cli", ["--complete-after", "1"])
    logged = []
    try:
        for label, argv0, version in clis:
            print("%s: %s" % (label, version))
            flow(Cli(label, argv0, os.path.join(tmp, label), srv.url), logged)
    finally:
        srv.stop()
    check_log(srv, logged)
    print("%d CLI exchanges checked against the log, %.1f s" % (len(logged), time.time() - t0))
    return sc.finish(tmp)


if __name__ == "__main__":
    sys.exit(main())
