#!/usr/bin/env python3
"""Writes the hand seeds of fuzz_route (fuzz/seeds/route/) and its dictionary
(fuzz/route.dict) from the request URI templates of the committed extract
(schema/eks-2017-11-01.json): one seed per operation, its method's selector byte and its
template with the labels filled in (plain, percent-encoded ARN, a literal of another
template), a few odd ones, and every literal segment for the dictionary.

Usage: fuzz/make_route_seeds.py     (from anywhere; rewrites the files in place)
"""
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
# fuzz_route.c: the low 3 bits of the first byte pick the method
SELECTOR = {"GET": "0", "POST": "1", "PUT": "2", "DELETE": "3", "PATCH": "4", "HEAD": "5"}
VALUES = ["prod", "arn%3Aaws%3Aeks%3Aus-west-2%3A1%3Acluster%2Fprod", "updates"]
EXTRA = {"wrong_method": "2/clusters/prod/updates", "lowercase": "6/clusters/prod",
         "raw_method": "7OPTIONS /clusters/prod", "empty_segment": "0/clusters//updates",
         "trailing_slash": "0/clusters/prod/", "root": "0/", "dots": "0/clusters/../clusters/prod"}
TOKENS = ["GET ", "POST ", "PUT ", "DELETE ", "PATCH ", "HEAD ", "/", "//", "?", "%2F", "%2f", "%20",
          "%3A", ".", "..", "{", "}", "+", "%", "\\x00"]


def main():
    with open(os.path.join(ROOT, "schema", "eks-2017-11-01.json"), encoding="utf-8") as f:
        ops = json.load(f)["operations"]
    out = os.path.join(HERE, "seeds", "route")
    os.makedirs(out, exist_ok=True)
    lits = set()
    for i, (name, o) in enumerate(sorted(ops.items())):
        uri = o["http"]["requestUri"].split("?")[0]
        k = [0]

        def fill(_):
            k[0] += 1
            return VALUES[(i + k[0]) % len(VALUES)]
        path = re.sub(r"\{[^}]+\}", fill, uri)
        lits.update(s for s in uri.split("/") if s and "{" not in s)
        query = "?maxResults=10" if i % 5 == 0 else ""
        with open(os.path.join(out, name), "w", encoding="utf-8", newline="") as f:
            f.write(SELECTOR[o["http"]["method"]] + path + query)
    for name, text in EXTRA.items():
        with open(os.path.join(out, "x_" + name), "w", encoding="utf-8", newline="") as f:
            f.write(text)
    with open(os.path.join(HERE, "route.dict"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# eks_route: the literal segments of the EKS templates, methods, and path bytes that matter\n")
        for j, lit in enumerate(sorted(lits)):
            f.write('s%d="%s"\n' % (j, lit))
            f.write('p%d="/%s/"\n' % (j, lit))
        for j, tok in enumerate(TOKENS):
            f.write('k%d="%s"\n' % (j, tok))


if __name__ == "__main__":
    main()
