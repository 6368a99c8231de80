#!/usr/bin/env python3
"""Writes fuzz/seeds/op_decode/ and fuzz/seeds/op_roundtrip/: for every operation of corpus/ops, its valid responses and
requests in the input format of fuzz/fuzz_op_decode.c (operation index byte, mode byte,
message), and their success bodies and parameters for fuzz/fuzz_op_roundtrip.c, so that the fuzzer starts inside every operation's tables. The operation index is
the position in the sorted list of API names, as eks_operation_at() orders them.

Usage: python3 fuzz/make_op_seeds.py   (deterministic; rerun when corpus/ops changes)
"""
import json
import os
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OPS = os.path.join(ROOT, "corpus", "ops")
OUT = os.path.join(HERE, "seeds", "op_decode")
OUT_RT = os.path.join(HERE, "seeds", "op_roundtrip")


def main():
    ops = sorted(d for d in os.listdir(OPS) if os.path.isdir(os.path.join(OPS, d)))
    for d in (OUT, OUT_RT):
        os.makedirs(d, exist_ok=True)
        for f in os.listdir(d):
            os.remove(os.path.join(d, f))
    n = 0
    for index, op in enumerate(ops):
        for name in sorted(os.listdir(os.path.join(OPS, op))):
            # Valid messages only, one of each sort: the mutations find the rest.
            if not name.startswith("y_") or not any(k in name for k in ("_minimal", "_full", "_error_")):
                continue
            with open(os.path.join(OPS, op, name), encoding="utf-8") as f:
                case = json.load(f)
            # op_roundtrip: a success body, or the parameters.
            if case["kind"] == "decode_response" and case["input"]["status"] < 300:
                rt = bytes([index, 1]) + case["input"]["body"].encode("utf-8")
            elif case["kind"] == "encode":
                rt = bytes([index, 0]) + json.dumps(case["input"]["params"], separators=(",", ":")).encode("utf-8")
            else:
                rt = None
            if rt is not None:
                with open(os.path.join(OUT_RT, "%s-%s" % (op, name[:-5])), "wb") as f:
                    f.write(rt)
            if case["kind"] == "decode_response":
                inp = case["input"]
                head = "%d\r\n" % inp["status"] + "".join("%s: %s\r\n" % (k, v) for k, v in inp["headers"])
                msg = bytes([index, 1]) + (head + "\r\n" + inp["body"]).encode("utf-8")
            else:
                req = case["expected"].get("request")
                if not req:
                    continue
                query = urllib.parse.urlencode([tuple(p) for p in req["query"]], quote_via=urllib.parse.quote)
                target = req["path"] + ("?" + query if query else "")
                body = json.dumps(req["body"], separators=(",", ":")) if req["body"] is not None else ""
                head = "%s %s HTTP/1.1\r\nHost: %s\r\n" % (req["method"], target, req["host"])
                if req["contentType"]:
                    head += "Content-Type: %s\r\n" % req["contentType"]
                msg = bytes([index, 0]) + (head + "\r\n" + body).encode("utf-8")
            with open(os.path.join(OUT, "%s-%s" % (op, name[:-5])), "wb") as f:
                f.write(msg)
            n += 1
    print("make_op_seeds: %d seeds for %d operations" % (n, len(ops)))


if __name__ == "__main__":
    main()
