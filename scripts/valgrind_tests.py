#!/usr/bin/env python3
"""Runs every compiled ctest test of a build directory under valgrind memcheck (errors and
definite/indirect leaks fail), then the CLI on the bundled samples.

Usage: scripts/valgrind_tests.py [BUILD_DIR]      (default: build)
Check runs tests in-process here (CK_FORK=no) so valgrind sees the code under test; child
processes that are shells, Python or node (oracle runs) are not traced.
"""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VALGRIND = ["valgrind", "--quiet", "--error-exitcode=97", "--leak-check=full",
            "--errors-for-leak-kinds=definite,indirect", "--show-leak-kinds=definite,indirect",
            "--trace-children=yes", "--trace-children-skip=*/sh,*/bash,*python*,*node*,*/cmake,*/cc,*/gcc"]


def is_elf(path):
    try:
        with open(path, "rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def main():
    build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build"))
    info = json.loads(subprocess.run(["ctest", "--test-dir", build, "--show-only=json-v1"],
                                     check=True, capture_output=True, text=True).stdout)
    failed, ran = [], 0
    for t in info["tests"]:
        cmd = t.get("command") or []
        # Only our own compiled runners: script tests (cmake -P, sh) only drive tools.
        if not cmd or not is_elf(cmd[0]) or not os.path.abspath(cmd[0]).startswith(build + os.sep):
            continue
        env = dict(os.environ, CK_FORK="no")
        skip_rc = None
        for p in t.get("properties", []):
            if p["name"] == "ENVIRONMENT":
                for kv in p["value"]:
                    k, _, v = kv.partition("=")
                    env[k] = v
            if p["name"] == "SKIP_RETURN_CODE":
                skip_rc = int(p["value"])
        cwd = next((p["value"] for p in t.get("properties", []) if p["name"] == "WORKING_DIRECTORY"), build)
        ran += 1
        r = subprocess.run(VALGRIND + cmd, env=env, cwd=cwd, capture_output=True, text=True)
        ok = r.returncode == 0 or (skip_rc is not None and r.returncode == skip_rc)
        print("%-28s %s" % (t["name"], "ok" if ok else "FAILED (exit %d)" % r.returncode), flush=True)
        if not ok:
            failed.append(t["name"])
            sys.stdout.write(r.stdout[-4000:])
            sys.stdout.write(r.stderr[-8000:])
    cli = os.path.join(build, "tools", "ekscodec")
    samples = os.path.join(ROOT, "corpus", "samples")
    for args in (["decode", os.path.join(samples, "response_typical.http")],
                 ["decode", os.path.join(samples, "error_not_found.http")],
                 ["encode", "--unsigned", "--region", "us-west-2", os.path.join(samples, "request_typical.json")]):
        ran += 1
        r = subprocess.run(VALGRIND + [cli] + args, capture_output=True, text=True)
        name = "cli " + " ".join(args[:1])
        print("%-28s %s" % (name, "ok" if r.returncode == 0 else "FAILED (exit %d)" % r.returncode))
        if r.returncode != 0:
            failed.append(name)
            sys.stdout.write(r.stderr[-8000:])
    print("valgrind: %d passed, %d failed" % (ran - len(failed), len(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
