#!/usr/bin/env python3
"""Oracle for operation names: asks botocore how boto3 and the AWS CLI spell every
operation of the EKS model, and writes the expectations tests/test_operation.c checks
eks_operation_find() and the generated name tables against.

Usage:
    tools/oracle/operation_names_oracle.py [--model ../shared/models/eks-2017-11-01/service-2.json]
                                           [--out corpus/operations/botocore_names.json]

boto3's client method is botocore.xform_name(name) (botocore/client.py builds the method
map with it); the AWS CLI's command is xform_name(name, '-') (awscli/clidriver.py,
ServiceOperation names). Output: {"botocore": VERSION, "model": {"apiVersion", "operations":
N}, "operations": [{"name", "boto3", "cli"}, ...]} sorted by name; no timestamps, so a
re-run on the same botocore and model rewrites the same bytes.
"""
import argparse
import json
import os
import sys


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default=os.path.join(root, "..", "shared", "models",
                                                    "eks-2017-11-01", "service-2.json"))
    ap.add_argument("--out", default=os.path.join(root, "corpus", "operations", "botocore_names.json"))
    args = ap.parse_args()
    try:
        import botocore
    except ImportError:
        sys.exit("operation_names_oracle.py: botocore is not importable")
    with open(args.model, encoding="utf-8") as f:
        model = json.load(f)
    ops = []
    for name in sorted(model["operations"]):
        ops.append({"name": name,
                    "boto3": botocore.xform_name(name),
                    "cli": botocore.xform_name(name, "-")})
    doc = {"botocore": botocore.__version__,
           "model": {"apiVersion": model["metadata"]["apiVersion"], "operations": len(ops)},
           "operations": ops}
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print("%s: %d operations (botocore %s)" % (args.out, len(ops), botocore.__version__))


if __name__ == "__main__":
    main()
