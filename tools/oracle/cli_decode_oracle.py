#!/usr/bin/env python3
"""botocore's parse of the bundled sample responses, as the expectation for
`ekscodec decode --format json` (DESIGN §3: the output mirrors botocore's parsed shape).

Writes <name>.botocore.json for each corpus/samples/*.http response, into corpus/samples or
the directory given as the only argument: the parsed dict with datetimes as epoch seconds and
ResponseMetadata reduced to the two fields ekscodec prints (RequestId, HTTPStatusCode).
Other .http files there are request captures for `ekscodec validate` (capture_mixed.http
starts with a request line) and are passed over: a response starts with "HTTP/".
Deterministic; ctest oracle_regen reruns it and compares the output with the committed files.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SAMPLES = os.path.join(ROOT, "corpus", "samples")


def split_http(raw):
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ")[1])
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(b":")
        headers[k.decode().strip().lower()] = v.decode().strip()
    return status, headers, body


def to_plain(v):
    import datetime
    if isinstance(v, datetime.datetime):
        return v.timestamp()
    if isinstance(v, dict):
        return {k: to_plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [to_plain(x) for x in v]
    return v


def main():
    try:
        import botocore.session
        from botocore import parsers
    except ImportError:
        print("SKIP: botocore is not installed for python3", file=sys.stderr)
        return 77
    model = botocore.session.get_session().get_service_model("eks")
    op = model.operation_model("DisassociateIdentityProviderConfig")
    parser = parsers.create_parser("rest-json")
    out_dir = sys.argv[1] if len(sys.argv) > 1 else SAMPLES
    for name in sorted(os.listdir(SAMPLES)):
        if not name.endswith(".http"):
            continue
        with open(os.path.join(SAMPLES, name), "rb") as f:
            raw = f.read()
        if not raw.startswith(b"HTTP/"):
            continue
        status, headers, body = split_http(raw)
        parsed = parser.parse({"status_code": status, "headers": headers, "body": body}, op.output_shape)
        meta = parsed.get("ResponseMetadata", {})
        parsed["ResponseMetadata"] = {"RequestId": meta.get("RequestId", ""),
                                      "HTTPStatusCode": meta.get("HTTPStatusCode", status)}
        with open(os.path.join(out_dir, name[:-5] + ".botocore.json"), "w") as f:
            json.dump(to_plain(parsed), f, indent=1, sort_keys=True)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
