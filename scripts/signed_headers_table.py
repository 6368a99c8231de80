#!/usr/bin/env python3
"""Which headers each client signs: records real clients against a loopback server and
tabulates SignedHeaders against the headers they send (docs/validate.md, "Which headers the
SDKs sign").

    python3 scripts/signed_headers_table.py record OUT.jsonl   # run the clients, write a capture
    python3 scripts/signed_headers_table.py table CAPTURE.jsonl...  # print the Markdown table

`record` runs, each against http://127.0.0.1:<port> with the example credentials below and a
session token: boto3 (this python3), AWS CLI v1 (`aws` on PATH), AWS CLI v2 (/usr/bin/aws),
the AWS SDK for JavaScript v3 (tools/oracle/js/node_modules, `npm ci --prefix tools/oracle/js`)
and curl --aws-sigv4; each makes a GET (DescribeCluster) and a POST with a JSON body
(DisassociateIdentityProviderConfig). A client that is not installed is left out (and named
on stderr). The capture is JSON Lines in the format `ekscodec validate` reads.

`table` groups the exchanges by client (from User-Agent) and prints, per client, the headers
it signs, the headers it sends unsigned, and which of those ekscodec's unsigned_header rule
reports (an unsigned x-amz-* header or Content-Type: codec/sigv4_verify.c).
"""
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(HERE)
REGION = "us-west-2"
AK, SK, TOKEN = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "FQoGZXIvYXdzEXAMPLESESSIONTOKEN"
BODY_DESCRIBE = '{"cluster":{"name":"prod","status":"ACTIVE"}}'
BODY_UPDATE = ('{"update":{"id":"0b3f4c5d-7a8b-4c9d-8e0f-123456789abc","status":"InProgress",'
               '"type":"DisassociateIdentityProviderConfig","params":[],"createdAt":1764291723.456,"errors":[]}}')
RECORDED = []


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *_args):
        pass

    def _handle(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n).decode("utf-8") if n else ""
        host = self.headers.get("Host")
        RECORDED.append({"request": {"method": self.command, "url": "http://%s%s" % (host, self.path),
                                     "headers": [[k, v] for k, v in self.headers.raw_items()], "body": body}})
        data = (BODY_UPDATE if self.command == "POST" else BODY_DESCRIBE).encode()
        self.send_response_only(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = _handle


def env():
    e = dict(os.environ, AWS_ACCESS_KEY_ID=AK, AWS_SECRET_ACCESS_KEY=SK, AWS_SESSION_TOKEN=TOKEN,
             AWS_DEFAULT_REGION=REGION, AWS_REGION=REGION, AWS_EC2_METADATA_DISABLED="true",
             AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null", AWS_PAGER="")
    return e


def run(cmd, **kw):
    subprocess.run(cmd, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120, **kw)


JS = """
const {EKSClient, DescribeClusterCommand, DisassociateIdentityProviderConfigCommand} = require('@aws-sdk/client-eks');
const c = new EKSClient({region: '%s', endpoint: process.argv[1], maxAttempts: 1});
(async () => {
  await c.send(new DescribeClusterCommand({name: 'prod'}));
  await c.send(new DisassociateIdentityProviderConfigCommand({clusterName: 'prod',
    identityProviderConfig: {type: 'oidc', name: 'okta'}}));
})().catch(e => { console.error(e); process.exit(1); });
""" % REGION


def record(out):
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    url = "http://127.0.0.1:%d" % srv.server_address[1]
    try:
        import boto3
        c = boto3.client("eks", region_name=REGION, endpoint_url=url, aws_access_key_id=AK,
                         aws_secret_access_key=SK, aws_session_token=TOKEN)
        c.describe_cluster(name="prod")
        c.disassociate_identity_provider_config(clusterName="prod",
                                                identityProviderConfig={"type": "oidc", "name": "okta"})
    except ImportError:
        print("left out: boto3 (not installed)", file=sys.stderr)
    cli_args = [["eks", "describe-cluster", "--name", "prod"],
                ["eks", "disassociate-identity-provider-config", "--cluster-name", "prod",
                 "--identity-provider-config", "type=oidc,name=okta"]]
    for name, exe in (("AWS CLI v1", shutil.which("aws")), ("AWS CLI v2", "/usr/bin/aws")):
        if not exe or not os.path.exists(exe):
            print("left out: %s (not installed)" % name, file=sys.stderr)
            continue
        for a in cli_args:
            run([exe] + a + ["--endpoint-url", url, "--region", REGION])
    js_dir = os.path.join(SOURCE, "tools", "oracle", "js")
    if shutil.which("node") and os.path.isdir(os.path.join(js_dir, "node_modules", "@aws-sdk", "client-eks")):
        run(["node", "-e", JS, url], cwd=js_dir)
    else:
        print("left out: JS SDK v3 (npm ci --prefix tools/oracle/js)", file=sys.stderr)
    if shutil.which("curl"):
        base = ["curl", "-s", "-o", "/dev/null", "--aws-sigv4", "aws:amz:%s:eks" % REGION, "--user", "%s:%s" % (AK, SK),
                "-H", "x-amz-security-token: " + TOKEN]
        run(base + [url + "/clusters/prod"])
        run(base + ["-H", "Content-Type: application/json", "--data",
                    '{"identityProviderConfig":{"type":"oidc","name":"okta"}}',
                    url + "/clusters/prod/identity-provider-configs/disassociate"])
    srv.shutdown()
    with open(out, "w", encoding="utf-8") as f:
        for ex in RECORDED:
            f.write(json.dumps(ex, separators=(",", ":")) + "\n")
    print("%d exchanges written to %s" % (len(RECORDED), out), file=sys.stderr)


def client_of(ua):
    ua = ua or ""
    if ua.startswith("aws-cli/2"):
        return "AWS CLI v2"
    if ua.startswith("aws-cli/1"):
        return "AWS CLI v1"
    if ua.startswith("Boto3/"):
        return "boto3 (botocore)"
    if "aws-sdk-js/3" in ua:
        return "JS SDK v3"
    if ua.startswith("curl/"):
        return "curl --aws-sigv4"
    return "other (%s)" % ua.split(" ")[0]


def warned(name):
    return name.startswith("x-amz-") or name == "content-type"


def table(paths):
    clients = {}
    for p in paths:
        with open(p, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                req = json.loads(line)["request"]
                hdrs = {k.lower(): v for k, v in req["headers"]}
                auth = hdrs.get("authorization", "")
                signed = set()
                for part in auth.split(","):
                    part = part.strip()
                    if part.startswith("SignedHeaders="):
                        signed = set(part[len("SignedHeaders="):].split(";"))
                c = clients.setdefault(client_of(hdrs.get("user-agent")), {"n": 0, "signed": {}, "unsigned": {}})
                c["n"] += 1
                for h in hdrs:
                    if h == "authorization":
                        continue
                    key = "signed" if h in signed else "unsigned"
                    c[key][h] = c[key].get(h, 0) + 1

    def names(d, n):
        return ", ".join("`%s`%s" % (h, "" if k == n else " (%d of %d)" % (k, n)) for h, k in sorted(d.items())) or "—"

    print("| client | requests | signed (`SignedHeaders`) | sent unsigned | `unsigned_header` warnings |")
    print("| --- | --- | --- | --- | --- |")
    for name in sorted(clients):
        c = clients[name]
        w = {h: k for h, k in c["unsigned"].items() if warned(h)}
        print("| %s | %d | %s | %s | %s |" % (name, c["n"], names(c["signed"], c["n"]), names(c["unsigned"], c["n"]),
                                             names(w, c["n"]) if w else "none"))


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "record":
        record(sys.argv[2])
    elif len(sys.argv) >= 3 and sys.argv[1] == "table":
        table(sys.argv[2:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
