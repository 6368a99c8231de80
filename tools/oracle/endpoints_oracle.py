#!/usr/bin/env python3
"""Oracle for EKS endpoint resolution: runs botocore and writes the expectations that
tests/test_endpoint.c compares the C resolver against.

Usage:
    tools/oracle/endpoints_oracle.py [--out corpus/endpoints/botocore_endpoints.jsonl]

Every line of the output is one case:
    {"id": N, "params": {"Region": str|null, "UseFIPS": bool, "UseDualStack": bool,
                         "Endpoint": str|null},
     "ruleset": {"url": U} | {"error": MESSAGE},
     "client":  {"url": U, "host": H, "signing_region": R} | {"error_type": T, "error": M},
     "expect":  {"url": U, "host": H, "signing_region": R, "partition": P|null}
              | {"error": MESSAGE|null, "why": ...}}

"ruleset" is botocore's EndpointProvider evaluating the EKS endpoint rule set with the
bundled partitions (the pure rules). "client" is what a real botocore client does: it
validates the region name and the endpoint URL (InvalidRegionError, ValueError), and
it drops UseFIPS / UseDualStack silently when endpoint_url is given, where the rule set
says those combinations are errors. "expect" is the contract of eks_endpoint_resolve():
  - the client's input validation (botocore.utils.validate_region_name: a host label, not
    all digits; is_valid_endpoint_url for the override and for the URL the rules built)
    comes first: those cases must fail, message not compared;
  - a few override URLs botocore accepts are rejected by ekscodec on purpose (userinfo in
    the URL, schemes other than http/https): "why" says so;
  - otherwise the rule set decides: its URL, or its error message verbatim. The signing
    region is the Region parameter (the EKS rules set no authSchemes, so botocore signs
    with the client's region — the "client" field shows it), the Host header value is
    botocore.auth._host_from_url(url), and the partition is aws.partition(Region) as
    botocore computes it (null for override endpoints, where the rules do not evaluate it).

Only the Python standard library and botocore are needed; the environment's AWS_*
settings are cleared so that they cannot change the answers.
"""
import argparse
import json
import os
import re
import sys

for _k in list(os.environ):
    if _k.startswith("AWS_"):
        del os.environ[_k]
os.environ["AWS_CONFIG_FILE"] = os.devnull
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull

import botocore  # noqa: E402
import botocore.auth  # noqa: E402
import botocore.config  # noqa: E402
import botocore.session  # noqa: E402
from botocore.endpoint_provider import EndpointProvider, RuleSetStandardLibrary  # noqa: E402
from botocore.exceptions import EndpointResolutionError, InvalidRegionError  # noqa: E402
from botocore.utils import (is_valid_endpoint_url, is_valid_ipv6_endpoint_url,  # noqa: E402
                            validate_region_name)

# One unlisted region per partition that its regionRegex accepts (checked below).
UNLISTED = {
    "aws": ["us-west-99", "ap-central-7", "il-north-10", "mx-south-2", "us-east-01"],
    "aws-cn": ["cn-south-7", "cn-east-12"],
    "aws-eusc": ["eusc-de-west-9"],
    "aws-iso": ["us-iso-north-3"],
    "aws-iso-b": ["us-isob-south-2"],
    "aws-iso-e": ["eu-isoe-north-4"],
    "aws-iso-f": ["us-isof-west-8"],
    "aws-us-gov": ["us-gov-central-5"],
}
# Valid host labels that match no partition: aws.partition falls back to the first (aws).
FALLBACK = ["mars-east-1", "US-EAST-1", "Us-West-2", "eusc-fr-east-1", "us-east-1a",
            "local", "cn-north-x", "us-isoz-east-1", "us-iso-east", "a" * 63, "x",
            "us-east-1-1", "9us-east-1", "us--east-1"]
# Rejected by the client's region-name validation before any rule runs.
INVALID = ["", "us_east_1", "us-east-1-", "-us-east-1", "us east 1", "a" * 64, "123", "0",
           "us-east-1.evil.com", "us-east-1/x", "us-east-1\n", "\u016bs-east-1",
           "us-east-1#", "us-east-1\u0000", "us-east-1:443", "us-east-1\r\nX: y",
           "\u00e9u-west-1", "us-east-1\t", "."]
OVERRIDES = [
    "https://example.com",
    "http://localhost:8080",
    "https://eks.internal.example:443/prefix/",
    "https://eks.internal.example:8443/prefix",
    "http://[::1]:9000",
    "http://[fe80::1]",
    "https://127.0.0.1",
    "HTTPS://EXAMPLE.COM",
    "https://Example.COM.:8443/a/b?x=y",
    "https://example.com/",
    "not a url",
    "example.com",
    "https://",
    "https://-bad-.example.com",
    "https://exa\r\nmple.com",
    "https://exa mple.com",
    "https://user:pw@example.com",
    "ftp://example.com",
    "https://" + "a" * 63 + "." + "b" * 63 + "." + "c" * 63 + "." + "d" * 60,
]
# Deliberate differences: botocore accepts these override URLs, ekscodec refuses them.
POLICY_REJECT = [
    (re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*@"),
     "userinfo in an endpoint URL is refused: credentials in URLs end up in logs"),
    (re.compile(r"^(?![Hh][Tt][Tt][Pp][Ss]?://)[A-Za-z][A-Za-z0-9+.-]*://"),
     "only http and https endpoints are accepted"),
]


class _Stop(Exception):
    pass


def _load():
    session = botocore.session.Session()
    loader = session.get_component("data_loader")
    rules = loader.load_service_model("eks", "endpoint-rule-set-1")
    partitions = loader.load_data("partitions")
    return session, rules, partitions


def _regions(session, partitions):
    names = set()
    for p in session.get_available_partitions():
        names.update(session.get_available_regions("eks", p))
        names.update(session.get_available_regions("eks", p, allow_non_regional=True))
    for p in partitions["partitions"]:
        names.update(p["regions"].keys())
    return sorted(names)


def _ruleset(provider, params):
    kw = {k: v for k, v in params.items() if v is not None}
    try:
        return {"url": provider.resolve_endpoint(**kw).url}
    except EndpointResolutionError as e:
        return {"error": e.kwargs["msg"]}


def _client(session, params):
    cap = {}

    def grab(request, **_):
        cap["url"] = request.url
        auth = request.headers.get("Authorization")
        if isinstance(auth, bytes):
            auth = auth.decode()
        cap["scope"] = auth.split("Credential=")[1].split(",")[0].split("/")
        raise _Stop()

    cfg = botocore.config.Config(use_fips_endpoint=params["UseFIPS"],
                                 use_dualstack_endpoint=params["UseDualStack"],
                                 retries={"max_attempts": 0})
    try:
        c = session.create_client("eks", region_name=params["Region"],
                                  endpoint_url=params["Endpoint"], config=cfg,
                                  aws_access_key_id="AKIDEXAMPLE",
                                  aws_secret_access_key="not-a-secret")
        c.meta.events.register("before-send.eks", grab)
        c.disassociate_identity_provider_config(
            clusterName="c", identityProviderConfig={"type": "oidc", "name": "n"})
    except _Stop:
        suffix = "/clusters/c/identity-provider-configs/disassociate"
        url = cap["url"]
        if url.endswith(suffix):
            url = url[: -len(suffix)]
        return {"url": url, "host": botocore.auth._host_from_url(cap["url"]),
                "signing_region": cap["scope"][2]}
    except Exception as e:  # the error class is the fact recorded
        return {"error_type": type(e).__name__, "error": str(e)}
    raise AssertionError("request was not sent")


def _valid_url(url):
    return is_valid_endpoint_url(url) or is_valid_ipv6_endpoint_url(url)


def _expect(params, ruleset, client, lib, partitions):
    # botocore's own validators, called directly: the client runs them in an order that
    # depends on other settings (no region -> NoRegionError before the URL is checked).
    try:
        validate_region_name(params["Region"])
    except InvalidRegionError:
        return {"error": None, "why": "region is not a valid host label"}
    if params["Endpoint"] is not None and not _valid_url(params["Endpoint"]):
        return {"error": None, "why": "endpoint override is not a valid URL"}
    if "url" in ruleset and not _valid_url(ruleset["url"]):
        # The rules built a URL the client then refuses (empty Region): still an error.
        return {"error": None, "why": "resolved URL is not valid (empty region)"}
    if params["Endpoint"] is not None:
        for rx, why in POLICY_REJECT:
            if rx.match(params["Endpoint"]):
                return {"error": None, "why": why}
    if "error" in ruleset:
        return {"error": ruleset["error"]}
    url = ruleset["url"]
    part = None
    if params["Endpoint"] is None:
        part = lib.aws_partition(params["Region"])["name"]
    return {"url": url, "host": botocore.auth._host_from_url(url),
            "signing_region": params["Region"] or "", "partition": part}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "corpus", "endpoints",
        "botocore_endpoints.jsonl"))
    args = ap.parse_args()

    session, rules, partitions = _load()
    provider = EndpointProvider(ruleset_data=rules, partition_data=partitions)
    lib = RuleSetStandardLibrary(partitions)
    by_id = {p["id"]: p for p in partitions["partitions"]}
    for pid, regs in UNLISTED.items():
        for r in regs:
            assert re.match(by_id[pid]["regionRegex"], r), (pid, r)
            assert lib.aws_partition(r)["name"] == pid, (pid, r)
    for r in FALLBACK:
        assert not any(re.match(p["regionRegex"], r) for p in partitions["partitions"]), r

    regions = _regions(session, partitions)
    region_cases = regions + [r for v in UNLISTED.values() for r in v] + FALLBACK + INVALID
    cases = []
    for r in region_cases + [None]:
        for fips in (False, True):
            for ds in (False, True):
                cases.append({"Region": r, "UseFIPS": fips, "UseDualStack": ds,
                              "Endpoint": None})
    for ep in OVERRIDES:
        for r in ("us-east-1", None, "cn-north-1"):
            for fips in (False, True):
                for ds in (False, True):
                    cases.append({"Region": r, "UseFIPS": fips, "UseDualStack": ds,
                                  "Endpoint": ep})

    tmp = args.out + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        for i, params in enumerate(cases):
            rs = _ruleset(provider, params)
            cl = _client(session, params)
            line = {"id": i, "params": params, "ruleset": rs, "client": cl,
                    "expect": _expect(params, rs, cl, lib, partitions)}
            f.write(json.dumps(line, ensure_ascii=True, sort_keys=True) + "\n")
    os.replace(tmp, args.out)
    print(f"botocore {botocore.__version__}: {len(cases)} cases "
          f"({len(regions)} known regions) -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
