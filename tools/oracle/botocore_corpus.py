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
Any job may name another operation of the model with "operation" (the API name, e.g.
"DescribeCluster"; default DisassociateIdentityProviderConfig). Such jobs get richer answers
(tools/oracle/gen_ops_corpus.py drives them); jobs without it are answered exactly as before:
  {"op":"encode","operation":OP,"params":{...},"region":R}
    -> {"ok":true,"method","path","rawQuery","query":[[name,value],...] (decoded, as sent),
        "host","contentType","contentLength","hasBody","body","tokenGenerated"}
     | {"ok":false,"error":...}
  {"op":"decode","operation":OP,"params":{...valid input...},"status",...} -> as above
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
    import botocore
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
            c.meta.events.register("before-send.eks", self._send)
            self.clients[region] = c
        return self.clients[region]

    def _send(self, request, **_kwargs):
        self.captured = request
        status, headers, body = self.reply
        return AWSResponse(request.url, status, headers, _RawBody(body))

    def _call(self, client, job, params):
        op = job.get("operation", OPERATION)
        return getattr(client, botocore.xform_name(op))(**params)

    def token_member(self, op):
        shape = self.client("us-west-2").meta.service_model.operation_model(op).input_shape
        for name, member in (shape.members.items() if shape else []):
            if member.metadata.get("idempotencyToken"):
                return name
        return None

    def encode(self, job):
        self.captured = None
        self.reply = (200, {"content-type": "application/json"}, b"{}")
        try:
            self._call(self.client(job["region"]), job, job["params"])
        except Exception as e:  # noqa: BLE001 - the oracle records what botocore does
            if self.captured is None:
                return {"ok": False, "error": "%s: %s" % (type(e).__name__, " | ".join(str(e).splitlines()))}
        req = self.captured
        body = req.body.decode("utf-8") if isinstance(req.body, bytes) else (req.body or "")
        extended = "operation" in job
        token = self.token_member(job["operation"]) if extended else "clientRequestToken"
        generated = False
        if token is not None and token not in job["params"] and (body or not extended):
            tok = json.loads(body).get(token)
            if isinstance(tok, str) and UUID4.match(tok):
                generated = True
                body = body.replace(tok, "<generated-uuid4>")
        from urllib.parse import parse_qsl, urlsplit
        url = urlsplit(req.url)
        ctype = req.headers.get("Content-Type")
        ctype = ctype.decode() if isinstance(ctype, bytes) else ctype
        out = {"ok": True, "method": req.method, "path": url.path, "host": url.netloc,
               "contentType": ctype, "body": body, "tokenGenerated": generated}
        if extended:
            clen = req.headers.get("Content-Length")
            out.update({"rawQuery": url.query,
                        "query": [list(kv) for kv in parse_qsl(url.query, keep_blank_values=True)],
                        "contentLength": clen.decode() if isinstance(clen, bytes) else clen,
                        "hasBody": req.body is not None and req.body != b"" and req.body != ""})
        return out

    def decode(self, job):
        body = base64.b64decode(job["bodyBase64"])
        headers = {}
        for k, v in job["headers"]:  # botocore's HTTPHeaders joins repeats with ", "
            headers[k] = headers[k] + ", " + v if k in headers else v
        self.reply = (job["status"], headers, body)
        try:
            params = job.get("params", dict(
                clusterName="prod", identityProviderConfig={"type": "oidc", "name": "okta"},
                clientRequestToken="11111111-2222-4333-8444-555555555555"))
            out = self._call(self.client("us-west-2"), job, params)
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
