#!/usr/bin/env python3
"""Differential oracle for the DisassociateIdentityProviderConfig codec: botocore's rest-json
serializer and parser run over fixed inputs; their outputs are frozen into JSON Lines that the
C test (tests/test_roundtrip.c, "botocore_oracle") replays against ekscodec.

requests.jsonl, one object a line:
  {"id", "params": <boto3-style parameters>, "method", "path", "headers": {name: value},
   "body": <botocore's body text>, "client_fills_token": bool, "differs": null | reason,
   "expect": null | {"status": ..., "diag": ...}}
  "client_fills_token": the parameters carry no clientRequestToken; botocore's client fills it
  (handlers.generate_idempotent_uuid) before the serializer runs, ekscodec's encoder does it
  itself, so the C side expects botocore's body plus a generated UUID v4.

responses.jsonl, one object a line:
  {"id", "status", "headers": [[name, value], ...], "body",
   "botocore": {"kind": "output", "update": {...} | null, "request_id"}
             | {"kind": "error", "code", "message", "fields": {...}, "request_id"}
             | {"kind": "exception", "exception": "<type>"},
   "differs": null | reason, "expect": null | {...}}
  The parse mirrors what a botocore client does: parser.parse(response, output shape), then
  for status >= 300 the second pass of botocore.endpoint._add_modeled_error_fields. Datetimes
  become epoch seconds ((dt - epoch).total_seconds(), microsecond resolution).

DIFFERENCES below lists every case where ekscodec deliberately differs from botocore; each
such case carries "differs" (the reason) and "expect" (ekscodec's documented behaviour, from
DESIGN.md §2-3 and codec.h), which the C test asserts instead of botocore's result.

Model: $EKSCODEC_SHARED_DIR/models/eks-2017-11-01/service-2.json (the one the C tables are
generated from) when present, else botocore's bundled EKS model, which is older (no
Update.cancellation: the parser then drops that member). The committed files use the former.
Deterministic: fixed inputs, a seeded PRNG, sorted keys. Same botocore + model, same bytes.
Usage: codec_oracle.py [--out-dir corpus/oracle]
"""
import argparse
import datetime
import json
import os
import random
import sys

try:
    import botocore.loaders
    import botocore.model
    import botocore.parsers
    import botocore.serialize
    from urllib3._collections import HTTPHeaderDict
except ImportError:  # the C test treats exit status 77 as "skip"
    print("SKIP: botocore is not importable", file=sys.stderr)
    sys.exit(77)

OPERATION = "DisassociateIdentityProviderConfig"

# case id -> why ekscodec differs (documented behaviour is in the case's "expect").
DIFFERENCES = {
    "req_empty_cluster_name": "empty URI label rejected (empty_uri_label): path-traversal hazard, DESIGN.md §3",
    "req_dot_cluster_name": "'.' as URI label rejected (dot_segment_label), DESIGN.md §3",
    "req_dotdot_cluster_name": "'..' as URI label rejected (dot_segment_label), DESIGN.md §3",
    "resp_createdAt_huge": "1e300 is no date: invalid_timestamp (botocore raises while parsing)",
    "resp_createdAt_string_iso": "rest-json timestamps are JSON numbers: a string is invalid_timestamp "
                                 "(botocore parses ISO 8601 text)",
    "resp_createdAt_bool": "a boolean is invalid_timestamp (botocore reads true as epoch 1)",
    "resp_200_not_json": "non-JSON 200 body is invalid_json (botocore returns {})",
    "resp_200_html": "HTML 200 body is not_json (botocore returns {})",
    "resp_200_body_array": "body [] is wrong_type (botocore raises)",
    "resp_update_as_list": "update as a list is wrong_type (botocore raises)",
    "resp_params_as_object": "params as an object is wrong_type (botocore raises)",
    "resp_200_trailing_garbage": "trailing bytes after the JSON value are invalid_json (botocore returns {})",
    "err_numeric_code_falls_to_dunder_type": "a numeric body code is skipped, __type is used "
                                             "(botocore reports the number as the code)",
    "err_capital_Code": "only the Smithy 'code' key names the type; 'Code' is not read "
                        "(botocore also reads 'Code')",
    "err_html_502": "HTML body: missing_error_type + not_json (botocore invents Code '502')",
    "err_html_502_with_header": "HTML body with x-amzn-errortype: the header names the type "
                                "(botocore ignores it for 5xx HTML and reports '502')",
    "err_empty_500_no_type": "no type anywhere: missing_error_type (botocore invents Code '500')",
    "err_no_type_400": "no type anywhere: missing_error_type (botocore invents Code '400')",
    "err_nested_dunder_type_ignored": "nested __type is not a type: missing_error_type "
                                      "(botocore invents Code from the status)",
    "err_header_list": "'A,B' header (folded list) names the first type A (botocore keeps 'A,B')",
    "err_empty_header_uses_body_code": "an empty x-amzn-errortype is no type; the body code is used "
                                       "(botocore reports '')",
    "err_text_body_with_header": "non-JSON error body: type from the header, not_json diagnostic, "
                                 "no message (botocore uses the text as Message)",
}


def load_operation():
    shared = os.environ.get("EKSCODEC_SHARED_DIR")
    path = os.path.join(shared, "models", "eks-2017-11-01", "service-2.json") if shared else None
    if path and os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            model = botocore.model.ServiceModel(json.load(f))
    else:
        loader = botocore.loaders.Loader()
        model = botocore.model.ServiceModel(loader.load_service_model("eks", "service-2"))
    return model.operation_model(OPERATION)


# ---- requests ---------------------------------------------------------------------------

CLUSTER_NAMES = [
    "prod", "my-cluster", "a", "Cluster_01.v2~x", "name with spaces", "a/b", "a/b/c", "ü",
    "percent%20literal", "100%", "%2F", "plus+sign", "amp&ersand", "eq=ual", "semi;colon",
    "q?mark", "hash#tag", "colon:name", "at@sign", "comma,name", "quote'single",
    "quote\"double", "back\\slash", "brace{x}", "pipe|x", "caret^x", "backtick`x", "dollar$x",
    "excl!x", "star*x", "paren(x)", "lt<gt>", "[brackets]", " %:/?#[]@!$&'()*+,;=\U0001F639",
    "日本語クラスター", "Ελληνικά", "кластер", "ሴ", "tab\tname", "nl\nname", "del\x7fname",
    "a..b", "...", ".x", "x.", "-._~", "a" * 100, "x" * 255, "é" * 60, "\U0010FFFF",
]

IDP_NAMES = ["okta", "my-oidc", "name with \"quotes\" and \\backslash\\",
             "controls \x00\x01\x08\x09\x0a\x0c\x0d\x1f end", "ünïcödé 日本 😀", "a" * 300, ""]

TOKENS = ["11111111-2222-4333-8444-555555555555", "token-123", "", "tok\"en\\with\nescapes",
          "ü😀", "x" * 64]


def request_cases():
    rnd = random.Random(20261128)
    cases = []
    for i, name in enumerate(CLUSTER_NAMES):
        params = {"clusterName": name,
                  "identityProviderConfig": {"type": "oidc", "name": IDP_NAMES[i % len(IDP_NAMES)]}}
        if i % 3 != 2:
            params["clientRequestToken"] = TOKENS[i % len(TOKENS)]
        cases.append(("req_name_%02d" % i, params))
    # Random unicode/ASCII mixes, including every control character somewhere.
    alphabet = [chr(c) for c in range(0x20)] + list("azAZ09-._~ /%?#[]@!$&'()*+,;=\"\\") + \
        ["é", "ß", "中", "😹", "\u2028", "\ufeff", "\U0001F600"]
    for i in range(20):
        def rstr(lo, hi):
            return "".join(rnd.choice(alphabet) for _ in range(rnd.randint(lo, hi)))
        name = rstr(1, 40)
        if name in (".", ".."):
            name += "x"
        params = {"clusterName": name,
                  "identityProviderConfig": {"type": rnd.choice(["oidc", "oidc", "saml", ""]),
                                             "name": rstr(0, 60)}}
        if rnd.random() < 0.6:
            params["clientRequestToken"] = rstr(0, 40)
        cases.append(("req_random_%02d" % i, params))
    base_idp = {"type": "oidc", "name": "okta"}
    cases.append(("req_empty_cluster_name", {"clusterName": "", "identityProviderConfig": base_idp,
                                              "clientRequestToken": "t"}))
    cases.append(("req_dot_cluster_name", {"clusterName": ".", "identityProviderConfig": base_idp,
                                           "clientRequestToken": "t"}))
    cases.append(("req_dotdot_cluster_name", {"clusterName": "..", "identityProviderConfig": base_idp,
                                              "clientRequestToken": "t"}))
    return cases


REQUEST_EXPECT = {
    "req_empty_cluster_name": {"status": "validation_failed", "diag": "empty_uri_label", "path": "$.clusterName"},
    "req_dot_cluster_name": {"status": "validation_failed", "diag": "dot_segment_label", "path": "$.clusterName"},
    "req_dotdot_cluster_name": {"status": "validation_failed", "diag": "dot_segment_label", "path": "$.clusterName"},
}


def run_requests(op):
    ser = botocore.serialize.create_serializer("rest-json", include_validation=False)
    out = []
    for cid, params in request_cases():
        r = ser.serialize_to_request(json.loads(json.dumps(params)), op)
        body = r["body"].decode("utf-8") if isinstance(r["body"], bytes) else r["body"]
        out.append({
            "id": cid, "params": params, "method": r["method"], "path": r["url_path"],
            "headers": dict(sorted(r["headers"].items())), "body": body,
            "client_fills_token": "clientRequestToken" not in params,
            "differs": DIFFERENCES.get(cid), "expect": REQUEST_EXPECT.get(cid),
        })
    return out


# ---- responses --------------------------------------------------------------------------

UPDATE_STATUSES = ["InProgress", "Failed", "Cancelled", "Successful"]
UPDATE_TYPES = ["VersionUpdate", "EndpointAccessUpdate", "LoggingUpdate", "ConfigUpdate",
                "AssociateIdentityProviderConfig", "DisassociateIdentityProviderConfig",
                "AssociateEncryptionConfig", "AddonUpdate", "VpcConfigUpdate", "AccessConfigUpdate",
                "UpgradePolicyUpdate", "ZonalShiftConfigUpdate", "AutoModeUpdate",
                "RemoteNetworkConfigUpdate", "DeletionProtectionUpdate", "CapabilityUpdate",
                "ControlPlaneScalingConfigUpdate", "VendedLogsUpdate", "ControlPlaneEgressUpdate",
                "VersionRollback"]
PARAM_TYPES = ["Version", "PlatformVersion", "IdentityProviderConfig", "EncryptionConfig",
               "ClusterLogging", "ControlPlaneEgressMode", "WarmPoolReuseOnScaleIn"]
ERROR_CODES = ["SubnetNotFound", "SecurityGroupNotFound", "EniLimitReached", "IpNotAvailable",
               "AccessDenied", "OperationNotPermitted", "VpcIdNotFound", "Unknown",
               "NodeCreationFailure", "PodEvictionFailure", "InsufficientFreeAddresses",
               "ClusterUnreachable", "InsufficientNumberOfReplicas", "ConfigurationConflict",
               "AdmissionRequestDenied", "UnsupportedAddonModification", "K8sResourceNotFound"]

MODELED = [  # shape, modeled status, extra members
    ("InvalidParameterException", 400, ["clusterName", "nodegroupName", "fargateProfileName", "addonName", "subscriptionId"]),
    ("ClientException", 400, ["clusterName", "nodegroupName", "addonName", "subscriptionId"]),
    ("ServerException", 500, ["clusterName", "nodegroupName", "addonName", "subscriptionId"]),
    ("ResourceInUseException", 409, ["clusterName", "nodegroupName", "addonName"]),
    ("ResourceNotFoundException", 404, ["clusterName", "nodegroupName", "fargateProfileName", "addonName", "subscriptionId"]),
    ("InvalidRequestException", 400, ["clusterName", "nodegroupName", "addonName", "subscriptionId"]),
    ("ThrottlingException", 429, ["clusterName"]),
]

JSON_HDR = ["Content-Type", "application/json"]


def body(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


def response_cases():
    cases = []

    def ok(cid, text, headers=None, status=200):
        cases.append((cid, status, [JSON_HDR] + (headers or []), text))

    def update(**kw):
        u = {"id": "b5f0ba18-9a87-4450-b5a0-825e6e84496f", "status": "InProgress",
             "type": "DisassociateIdentityProviderConfig",
             "params": [{"type": "IdentityProviderConfig", "value": "[]"}],
             "createdAt": 1700000000.123, "errors": []}
        u.update(kw)
        return {"update": u}

    ok("resp_typical", body(update()), [["x-amzn-RequestId", "6f1d5ab0-7c3a-4b0e-9d5b-1c2d3e4f5a6b"]])
    ok("resp_full_with_cancellation", body(update(
        errors=[{"errorCode": "AccessDenied", "errorMessage": "denied ü", "resourceIds": ["r-1", "r-2"]}],
        cancellation={"status": "Successful", "reason": "user asked"})))
    for i, st in enumerate(UPDATE_STATUSES):
        ok("resp_status_%s" % st, body(update(status=st)))
    for i, ty in enumerate(UPDATE_TYPES):
        ok("resp_type_%s" % ty, body(update(type=ty)))
    ok("resp_param_types", body(update(params=[{"type": t, "value": "v%d" % i} for i, t in enumerate(PARAM_TYPES)])))
    ok("resp_error_codes", body(update(errors=[{"errorCode": c, "errorMessage": "m", "resourceIds": []}
                                               for c in ERROR_CODES])))
    for cs in ["InProgress", "Failed", "Successful"]:
        ok("resp_cancellation_%s" % cs, body(update(cancellation={"status": cs, "reason": "r"})))
    for cid, text in [("resp_createdAt_integer", "1700000000"), ("resp_createdAt_fraction", "1700000000.987654"),
                      ("resp_createdAt_exponent", "1.7000000001E9"), ("resp_createdAt_exponent_neg", "17000000005e-1"),
                      ("resp_createdAt_negative", "-86400.5"), ("resp_createdAt_zero", "0"),
                      ("resp_createdAt_huge", "1e300"), ("resp_createdAt_string_iso", '"2023-11-14T22:13:20Z"'),
                      ("resp_createdAt_bool", "true")]:
        ok(cid, '{"update":{"id":"x","createdAt":%s}}' % text)
    ok("resp_null_members", '{"update":{"id":null,"status":null,"type":"ConfigUpdate","params":null,'
                            '"createdAt":null,"errors":null,"cancellation":null}}')
    ok("resp_update_null", '{"update":null}')
    ok("resp_unknown_members", '{"extra":1,"update":{"id":"u","newField":{"a":[1,2]},"status":"Failed"}}')
    ok("resp_unknown_enums", body(update(status="Paused", type="BrandNewUpdate",
                                         params=[{"type": "Version", "value": "1"}, {"type": "A"},
                                                 {"type": "B"}, {"type": "FutureParam", "value": "x"}],
                                         errors=[{"errorCode": "NewCode"}],
                                         cancellation={"status": "Pending"})))
    ok("resp_unicode_strings", body(update(id="ü\u0000\u001f\"\\😹", params=[{"type": "Version", "value": "\u2028\ud7ff"}])))
    ok("resp_800_params", body(update(params=[{"type": PARAM_TYPES[i % len(PARAM_TYPES)], "value": str(i)}
                                              for i in range(800)])))
    ok("resp_empty_body", "")
    ok("resp_empty_object", "{}")
    ok("resp_200_not_json", "hello")
    ok("resp_200_html", "<html><body>OK</body></html>")
    ok("resp_200_body_array", "[]")
    ok("resp_update_as_list", '{"update":[]}')
    ok("resp_params_as_object", '{"update":{"params":{"type":"Version"}}}')
    ok("resp_200_trailing_garbage", '{"update":{"id":"a"}} x')

    def err(cid, status, headers, text):
        cases.append((cid, status, headers, text))

    for shape, status, members in MODELED:
        fields = {m: "%s-%s" % (m, shape[:6]) for m in members}
        fields["message"] = "%s happened: ü" % shape
        err("err_%s" % shape, status, [JSON_HDR, ["x-amzn-ErrorType", shape + ":http://internal.amazon.com/coral/com.amazon.coral.validate/"],
                                       ["x-amzn-RequestId", "req-" + shape]], body(fields))
    err("err_body_code", 404, [JSON_HDR], '{"code":"ResourceNotFoundException","message":"no such cluster","clusterName":"c"}')
    err("err_body_dunder_type", 400, [JSON_HDR], '{"__type":"InvalidParameterException","message":"bad"}')
    err("err_body_dunder_type_namespace", 409, [JSON_HDR],
        '{"__type":"com.amazonaws.eks#ResourceInUseException","message":"busy","clusterName":"c"}')
    err("err_body_code_uri_namespace", 429, [JSON_HDR],
        '{"code":"aws.protocoltests.restjson#ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.validate/","message":"slow down"}')
    err("err_header_wins_over_body", 400, [JSON_HDR, ["X-Amzn-Errortype", "ClientException"]],
        '{"code":"ServerException","__type":"ThrottlingException","message":"m"}')
    err("err_code_wins_over_dunder_type", 500, [JSON_HDR], '{"__type":"ClientException","code":"ServerException"}')
    err("err_Message_capital", 400, [JSON_HDR, ["x-amzn-errortype", "InvalidRequestException"]], '{"Message":"capital M"}')
    err("err_message_wins_over_Message", 400, [JSON_HDR, ["x-amzn-errortype", "InvalidRequestException"]],
        '{"Message":"capital","message":"lower"}')
    err("err_unmodeled_AccessDenied", 403, [JSON_HDR, ["x-amzn-errortype", "AccessDeniedException"]],
        '{"message":"User is not authorized"}')
    err("err_unmodeled_body_code", 400, [JSON_HDR], '{"code":"ValidationException","message":"1 validation error"}')
    err("err_status_mismatch", 400, [JSON_HDR, ["x-amzn-errortype", "ResourceNotFoundException"]], '{"message":"m"}')
    err("err_empty_body_with_header", 404, [["x-amzn-errortype", "ResourceNotFoundException"]], "")
    err("err_multiple_hash", 400, [JSON_HDR], '{"__type":"a#b#ClientException"}')
    err("err_numeric_code_falls_to_dunder_type", 400, [JSON_HDR], '{"code":400,"__type":"ClientException","message":"m"}')
    err("err_capital_Code", 400, [JSON_HDR], '{"Code":"ClientException","message":"m"}')
    err("err_html_502", 502, [["Content-Type", "text/html"]], "<html><body><h1>502 Bad Gateway</h1></body></html>")
    err("err_html_502_with_header", 502, [["Content-Type", "text/html"], ["x-amzn-errortype", "ServerException"]],
        "<html><body>Bad Gateway</body></html>")
    err("err_empty_500_no_type", 500, [], "")
    err("err_no_type_400", 400, [JSON_HDR], '{"message":"who am I"}')
    err("err_nested_dunder_type_ignored", 400, [JSON_HDR], '{"error":{"__type":"ClientException"},"message":"m"}')
    err("err_header_list", 400, [JSON_HDR, ["x-amzn-errortype", "ClientException,InvalidRequestException"]], '{"message":"m"}')
    err("err_empty_header_uses_body_code", 400, [JSON_HDR, ["x-amzn-errortype", ""]], '{"code":"ClientException"}')
    err("err_text_body_with_header", 400, [["Content-Type", "text/plain"], ["x-amzn-errortype", "ClientException"]],
        "Bad request")
    return cases


RESPONSE_EXPECT = {
    "resp_createdAt_huge": {"status": "validation_failed", "diag": "invalid_timestamp", "path": "$.update.createdAt"},
    "resp_createdAt_string_iso": {"status": "validation_failed", "diag": "invalid_timestamp", "path": "$.update.createdAt"},
    "resp_createdAt_bool": {"status": "validation_failed", "diag": "invalid_timestamp", "path": "$.update.createdAt"},
    "resp_200_not_json": {"status": "malformed_input", "diag": "invalid_json", "offset": 0},
    "resp_200_html": {"status": "validation_failed", "diag": "not_json"},
    "resp_200_body_array": {"status": "validation_failed", "diag": "wrong_type", "path": "$"},
    "resp_update_as_list": {"status": "validation_failed", "diag": "wrong_type", "path": "$.update"},
    "resp_params_as_object": {"status": "validation_failed", "diag": "wrong_type", "path": "$.update.params"},
    "resp_200_trailing_garbage": {"status": "malformed_input", "diag": "invalid_json", "offset": 22},
    "err_numeric_code_falls_to_dunder_type": {"status": "ok", "code": "ClientException"},
    "err_capital_Code": {"status": "validation_failed", "diag": "missing_error_type"},
    "err_html_502": {"status": "validation_failed", "diag": "missing_error_type", "diag2": "not_json"},
    "err_html_502_with_header": {"status": "validation_failed", "code": "ServerException", "diag": "not_json"},
    "err_empty_500_no_type": {"status": "validation_failed", "diag": "missing_error_type"},
    "err_no_type_400": {"status": "validation_failed", "diag": "missing_error_type"},
    "err_nested_dunder_type_ignored": {"status": "validation_failed", "diag": "missing_error_type"},
    "err_header_list": {"status": "ok", "code": "ClientException"},
    "err_empty_header_uses_body_code": {"status": "ok", "code": "ClientException"},
    "err_text_body_with_header": {"status": "validation_failed", "code": "ClientException", "diag": "not_json"},
}

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def normalize(value):
    if isinstance(value, datetime.datetime):
        return (value - EPOCH).total_seconds()
    if isinstance(value, dict):
        return {k: normalize(v) for k, v in value.items() if k != "ResponseMetadata"}
    if isinstance(value, list):
        return [normalize(v) for v in value]
    return value


def run_responses(op):
    parser = botocore.parsers.create_parser("rest-json")
    service = op.service_model
    out = []
    for cid, status, headers, text in response_cases():
        hd = HTTPHeaderDict()
        for k, v in headers:
            hd.add(k, v)
        resp = {"status_code": status, "headers": hd, "body": text.encode("utf-8")}
        try:
            parsed = parser.parse(resp, op.output_shape)
            if status >= 300:  # botocore.endpoint._add_modeled_error_fields
                code = parsed.get("Error", {}).get("Code")
                shape = service.shape_for_error_code(code) if isinstance(code, str) else None
                fields = normalize(parser.parse(resp, shape)) if shape is not None else {}
                result = {"kind": "error", "code": code, "message": parsed["Error"].get("Message"),
                          "fields": fields}
            else:
                result = {"kind": "output", "update": normalize(parsed.get("update"))}
            result["request_id"] = parsed.get("ResponseMetadata", {}).get("RequestId")
        except Exception as e:  # noqa: BLE001 - the oracle records what botocore does
            result = {"kind": "exception", "exception": type(e).__name__}
        out.append({"id": cid, "status": status, "headers": headers, "body": text, "botocore": result,
                    "differs": DIFFERENCES.get(cid), "expect": RESPONSE_EXPECT.get(cid)})
    return out


def write(path, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for r in rows:
            f.write(json.dumps(r, sort_keys=True, ensure_ascii=True) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out-dir", default="corpus/oracle")
    args = ap.parse_args()
    op = load_operation()
    os.makedirs(args.out_dir, exist_ok=True)
    reqs = run_requests(op)
    resps = run_responses(op)
    ids = [r["id"] for r in reqs + resps]
    assert len(ids) == len(set(ids)), "duplicate case ids"
    missing = set(DIFFERENCES) - set(ids)
    assert not missing, "DIFFERENCES names unknown cases: %s" % sorted(missing)
    write(os.path.join(args.out_dir, "requests.jsonl"), reqs)
    write(os.path.join(args.out_dir, "responses.jsonl"), resps)
    print("codec_oracle: %d request cases, %d response cases, %d documented differences"
          % (len(reqs), len(resps), len(DIFFERENCES)), file=sys.stderr)


if __name__ == "__main__":
    main()
