#!/usr/bin/env python3
"""botocore run as an oracle for the ekscodec corpus (tools/oracle/gen_corpus.py drives it).

A real botocore client (param validation, idempotency-token filling, endpoint rules, rest-json
serializer, rest-json parser, client-side error code extraction and modeled error fields) whose
HTTP layer is replaced by a 'before-send' hook: the hook records the prepared request and
answers with a canned response. Nothing leaves the process; retries are off.

The service model is the official one from $EKSCODEC_SHARED_DIR (the one the schema was
extracted from) when present, else botocore's bundled copy.

Protocol (also usable as a library through run_jobs()): JSON Lines jobs on stdin,
one result a line on stdout, in order:
  {"op":"encode","params":{...},"region":"us-west-2"}
    -> {"ok":true,"method","path","host","contentType","body","tokenGenerated"}
     | {"ok":false,"error":"<ExceptionName>: <first line>"}
  {"op":"decode","status":200,"headers":[[name,value],...],"bodyBase64":"..."}
    -> {"ok":true,"output":{...}}   (datetime -> epoch seconds, ResponseMetadata dropped)
     | {"ok":false,"errorCode","message","httpStatus","fields":{...}}   (ClientError)
     | {"ok":false,"exception":"<ExceptionName>"}                     (anything else)
Exit status 77 when botocore cannot be imported.
"""
import base64
import datetime
import json
import os
import re
import sys
import tempfile

try:
    import botocore.config
    import botocore.exceptions
    import botocore.session
    from botocore.awsrequest import AWSResponse
except ImportError:
    print("SKIP: botocore is not importable", file=sys.stderr)
    sys.exit(77)

OPERATION = "DisassociateIdentityProviderConfig"
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


class _RawBody:
    """Just enough of a urllib3 response for AWSResponse.content."""

    def __init__(self, data):
        self._data = data

    def stream(self, *_args, **_kwargs):
        if self._data:
            yield self._data


class Oracle:
    def __init__(self):
        self._tmp = None
        self.session = botocore.session.get_session()
        shared = os.environ.get("EKSCODEC_SHARED_DIR")
        model = os.path.join(shared, "models", "eks-2017-11-01", "service-2.json") if shared else None
        if model and os.path.exists(model):
            self._tmp = tempfile.TemporaryDirectory(prefix="ekscodec-oracle-")
            d = os.path.join(self._tmp.name, "eks", "2017-11-01")
            os.makedirs(d)
            os.symlink(model, os.path.join(d, "service-2.json"))
            self.session.get_component("data_loader").search_paths.insert(0, self._tmp.name)
        self.clients = {}
        self.captured = None
        self.reply = None

    def client(self, region):
        if region not in self.clients:
            c = self.session.create_client(
                "eks", region_name=region, aws_access_key_id="AKIDEXAMPLE",
                aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                config=botocore.config.Config(retries={"total_max_attempts": 1}))
            c.meta.events.register("before-send.eks.%s" % OPERATION, self._send)
            self.clients[region] = c
        return self.clients[region]

    def _send(self, request, **_kwargs):
        self.captured = request
        status, headers, body = self.reply
        return AWSResponse(request.url, status, headers, _RawBody(body))

    def encode(self, job):
        self.captured = None
        self.reply = (200, {"content-type": "application/json"}, b"{}")
        try:
            self.client(job["region"]).disassociate_identity_provider_config(**job["params"])
        except Exception as e:  # noqa: BLE001 - the oracle records what botocore does
            if self.captured is None:
                return {"ok": False, "error": "%s: %s" % (type(e).__name__, " | ".join(str(e).splitlines()))}
        req = self.captured
        body = req.body.decode("utf-8") if isinstance(req.body, bytes) else (req.body or "")
        generated = False
        if "clientRequestToken" not in job["params"]:
            tok = json.loads(body).get("clientRequestToken")
            if isinstance(tok, str) and UUID4.match(tok):
                generated = True
                body = body.replace(tok, "<generated-uuid4>")
        from urllib.parse import urlsplit
        url = urlsplit(req.url)
        return {"ok": True, "method": req.method, "path": url.path, "host": url.netloc,
                "contentType": req.headers.get("Content-Type").decode()
                if isinstance(req.headers.get("Content-Type"), bytes) else req.headers.get("Content-Type"),
                "body": body, "tokenGenerated": generated}

    def decode(self, job):
        body = base64.b64decode(job["bodyBase64"])
        headers = {}
        for k, v in job["headers"]:  # botocore's HTTPHeaders joins repeats with ", "
            headers[k] = headers[k] + ", " + v if k in headers else v
        self.reply = (job["status"], headers, body)
        try:
            out = self.client("us-west-2").disassociate_identity_provider_config(
                clusterName="prod", identityProviderConfig={"type": "oidc", "name": "okta"},
                clientRequestToken="11111111-2222-4333-8444-555555555555")
            return {"ok": True, "output": plain(out)}
        except botocore.exceptions.ClientError as e:
            r = e.response
            err = r.get("Error", {})
            fields = {k: plain(v) for k, v in r.items() if k not in ("Error", "ResponseMetadata")}
            return {"ok": False, "errorCode": err.get("Code"), "message": err.get("Message"),
                    "httpStatus": r.get("ResponseMetadata", {}).get("HTTPStatusCode"), "fields": fields}
        except Exception as e:  # noqa: BLE001
            return {"ok": False, "exception": type(e).__name__}


def plain(value):
    if isinstance(value, datetime.datetime):
        return (value - EPOCH).total_seconds()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in sorted(value.items()) if k != "ResponseMetadata"}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def run_jobs(jobs):
    o = Oracle()
    return [o.encode(j) if j["op"] == "encode" else o.decode(j) for j in jobs]


def main():
    jobs = [json.loads(line) for line in sys.stdin if line.strip()]
    for r in run_jobs(jobs):
        sys.stdout.write(json.dumps(r, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
