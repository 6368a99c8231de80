#!/usr/bin/env bash
# tools/dask/ekscodec-dask on a LocalCluster of 2 workers (threads, the default, and
# processes), over a generated ~30 MB JSON Lines capture with invalid exchanges planted in it
# (capture_mixed.jsonl, in the middle and at the end), gives byte for byte the output of one
# `ekscodec validate` of the whole file (--format json and text: same exchanges, verdicts,
# diagnostics, line numbers, summary) and the same exit status; and so does a run during
# which one worker process is killed (Dask reruns its tasks), and one during which the
# ekscodec process of a task is killed (the driver has Dask rerun it). Exit 77 (skipped, loudly) when /usr/bin/python3 has no
# distributed; with CI=true that is a failure.
#   env: SOURCE_DIR, CLI (the ekscodec binary); DASK_PYTHON (default /usr/bin/python3, the
#   interpreter the driver's #! names: Debian's python3-distributed installs there)
set -euo pipefail
PY=${DASK_PYTHON:-/usr/bin/python3}
if ! "$PY" -c 'import distributed' 2>/dev/null; then
    msg="$PY cannot import distributed: apt-get install python3-distributed (scripts/setup.sh)"
    if [[ ${CI:-} == true ]]; then
        echo "FAIL: $msg" >&2
        exit 1
    fi
    echo "SKIP test_dask: $msg" >&2
    exit 77
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/ekscodec-dask-test-XXXXXX")
driver_pid=
sched_pid=
cleanup() {
    [[ -n $driver_pid ]] && kill "$driver_pid" 2>/dev/null || true
    [[ -n $sched_pid ]] && kill "$sched_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
DASK="$PY $SOURCE_DIR/tools/dask/ekscodec-dask"
mixed=$SOURCE_DIR/corpus/samples/capture_mixed.jsonl
# the checks below that run the driver's functions in Python load its module with this
cat >driver_module.py <<'PYLOAD'
import importlib.machinery, importlib.util
def load(path, name="ekscodec_dask_driver"):
    """The driver's module from path, named name (not __main__, as the script runs it)."""
    loader = importlib.machinery.SourceFileLoader(name, path)
    mod = importlib.util.module_from_spec(importlib.util.spec_from_loader(name, loader))
    loader.exec_module(mod)
    return mod
PYLOAD

"$PY" "$SOURCE_DIR/scripts/gen_mixed_capture.py" gen.jsonl --size-mb 30 >/dev/null 2>&1
half=$(( $(wc -l <gen.jsonl) / 2 ))
{ head -n "$half" gen.jsonl; cat "$mixed"; tail -n "+$((half + 1))" gen.jsonl; cat "$mixed"; } >cap.jsonl
rm gen.jsonl
echo "capture: $(wc -c <cap.jsonl) bytes, $(wc -l <cap.jsonl) lines"

run_to() { # OUT command...: runs it with stdout in OUT, its exit status in rc
    local out=$1
    shift
    rc=0
    "$@" >"$out" || rc=$?
}
fail=0
check() { # name, want-output, got-output, want-status, got-status
    if ! cmp -s "$2" "$3"; then
        echo "FAIL $1: output differs from ekscodec validate of the whole file" >&2
        diff <(head -c 100000 "$2") <(head -c 100000 "$3") | head -20 >&2
        fail=1
    elif [[ $4 != "$5" ]]; then
        echo "FAIL $1: exit $5, ekscodec validate exits $4" >&2
        fail=1
    else
        echo "ok $1 ($(grep -c . "$3") lines of output, exit $5)"
    fi
}
# stand_in NAME PATTERN ACTION: $work/NAME, an ekscodec that runs the shell ACTION when its
# arguments (as " ARGS ") match the case PATTERN, then (unless ACTION exits) the real one
stand_in() {
    printf '#!/bin/sh\ncase " $* " in %s) %s ;; esac\nexec "%s" "$@"\n' "$2" "$3" "$CLI" >"$work/$1"
    chmod +x "$work/$1"
}
# refuses NAME OPTION [LOG]: an ekscodec older than OPTION, which refuses it as validate
# refuses an unknown option (a line, its usage, exit 2), each time noted in the file LOG
refuses() {
    stand_in "$1" "*\" $2 \"*" "${3:+echo x >>\"$3\"; }echo \"ekscodec validate: unknown option $2\" >&2
    \"$CLI\" validate --help >&2; exit 2"
}

# The driver's line counts, `ekscodec validate --split` and Python's (numpy when it imports,
# bytearray.count otherwise), against counting the newlines before each cut here: random
# cuts, and for Python a small block so that cuts fall inside blocks too; --split at a few
# sizes, its cuts being the multiples of the size.
if "$PY" - "$SOURCE_DIR/tools/dask/ekscodec_dask.py" cap.jsonl "$CLI" <<'PYCHECK'; then
import random, sys, driver_module
def load(block_numpy):
    if block_numpy:
        sys.modules["numpy"] = None
    return driver_module.load(sys.argv[1], "driver%d" % block_numpy)
data = open(sys.argv[2], "rb").read()
rng = random.Random(7)
cuts = cuts0 = sorted(rng.sample(range(len(data) + 1), 200) + [0, len(data), data.index(b"\n"), data.index(b"\n") + 1])
def lines_at(cuts):  # ascending cuts, one pass
    out, line, pos = [], 1, 0
    for c in cuts:
        line += data.count(b"\n", pos, c)
        pos = c
        out.append(line)
    return out
def compare(what, cuts, got):
    want = lines_at(cuts)
    if got != want:
        bad = next((i for i in range(min(len(got), len(cuts))) if got[i] != want[i]), min(len(got), len(cuts)))
        sys.exit("line count (%s): %d lines for %d cuts; at cut %d: %s, want %s" % (
            what, len(got), len(cuts), cuts[min(bad, len(cuts) - 1)], got[bad:bad + 1], want[bad:bad + 1]))
for block_numpy in (False, True):
    compare("numpy " + ("blocked" if block_numpy else "used"), cuts,
            list(load(block_numpy).first_lines_python(sys.argv[2], cuts, block=65536 + 13)))
mod = load(False)
line = data.index(b"\n") + 1
for size in (1 << 20, 3 * 1024 * 1024 + 7, line, line - 1, len(data) - 1, len(data), len(data) + 1):
    cuts = list(range(0, len(data), size))
    compare("--split %d" % size, cuts, list(mod.first_lines_ekscodec(sys.argv[3], sys.argv[2], cuts, size)))
# the driver's ranges tile the file with ranges of the size, but for the last one, which
# takes what is left when that is under a tenth of the size (one task fewer, not a runt)
n = len(data)
for size in (1 << 20, n // 3, n // 3 - 1, n // 10, n // 10 + 1, n // 2 - n // 21, n - 1, n, n + 1, 999):
    got = mod.ranges(sys.argv[2], size)
    last = got[-1][1] - got[-1][0]
    if (got[0][0] != 0 or got[-1][1] != n or any(a[1] != b[0] for a, b in zip(got, got[1:]))
            or any(e - s != size for s, e in got[:-1])
            or not (last < size * 1.1 and (len(got) == 1 or last >= size / 10))):
        sys.exit("ranges of %d bytes over %d: %r" % (size, n, got[:3] + ["..."] + got[-3:]))
# the driver's counting thread: --split's lines, and Python not run at all when --split works
python_counts = []
def python_count(*args, **kwargs):
    python_counts.append(args)
    raise AssertionError("the driver counted in Python although --split worked")
mod.first_lines_python = python_count
size = 1 << 20
work = [(0, sys.argv[2], sys.argv[2], s, e) for s, e in mod.ranges(sys.argv[2], size)]
q = mod.start_counting(work, sys.argv[3], size)
try:
    compare("start_counting", [w[3] for w in work], [q.get(timeout=60) for _ in work])
except Exception as e:  # queue.Empty: the thread died
    sys.exit("start_counting with --split: %r" % e)
import threading
for t in threading.enumerate():
    if t.name == "ekscodec-dask line count":
        t.join(60)
if python_counts:
    sys.exit("start_counting: counted in Python too, although --split gave every line")
print("ok line count at %d random cuts, with numpy and without; --split at 7 sizes; the driver's thread; "
      "its ranges at 10 sizes" % len(cuts0))
PYCHECK
    :
else
    echo "FAIL line count" >&2
    fail=1
fi

# main() called in-process (a thread LocalCluster, torn down since the process goes on):
# the modules it marks absent while Dask starts (jinja2, pandas) are importable again, the
# collector is on, Dask's configuration is as it was; and Dask was not handed the driver's
# source (inspect.getsource never called on one of its frames) while the caller's code
# (frames outside the driver) is left to Dask as usual; the import's shortcuts are undone.
head -n 3 "$mixed" >three.jsonl
"$CLI" validate three.jsonl >three.want && three_rc=0 || three_rc=$?
if "$PY" - "$SOURCE_DIR/tools/dask/ekscodec_dask.py" three.jsonl "$CLI" three.want "$three_rc" <<'PYCHECK'; then
import contextlib, driver_module, gc, inspect, io, sys
mod = driver_module.load(sys.argv[1])
def run():
    out = io.TextIOWrapper(io.BytesIO(), write_through=True)
    with contextlib.redirect_stdout(out):
        rc = mod.main([sys.argv[2], "--workers", "1", "--ekscodec", sys.argv[3]])
    got = out.buffer.getvalue()
    if got != open(sys.argv[4], "rb").read() or rc != int(sys.argv[5]):
        problems.append("output or status differs from validate's: %r, exit %d" % (got[-200:], rc))
    return rc
problems = []
had = {m: m in sys.modules for m in ("jinja2", "pandas")}
import os, ssl, yaml
usual_load, usual_roots = yaml.safe_load, ssl.SSLContext.load_default_certs
rc = run()  # the first run imports distributed
for m, was in had.items():
    if not was and m in sys.modules and sys.modules[m] is None:
        problems.append("%s left marked absent in sys.modules" % m)
if not gc.isenabled():
    problems.append("the garbage collector left off")
import dask
# what the import's shortcuts (quick_dask_import) change is undone, and changes nothing:
# Dask's defaults are those PyYAML's own loader reads; in-process, UCX is registered and
# tornado's default client context trusts the system's CA roots as a new one does
if yaml.safe_load is not usual_load or ssl.SSLContext.load_default_certs is not usual_roots:
    problems.append("yaml.safe_load or ssl.SSLContext.load_default_certs left replaced")
import distributed, distributed.comm.registry, tornado.netutil
if sorted(distributed.Client._default_event_handlers) != ["print", "warn"]:
    problems.append("Client's default subscriptions left as %r" % distributed.Client._default_event_handlers)
for pkg in (dask, distributed):
    with open(os.path.join(os.path.dirname(pkg.__file__), pkg.__name__ + ".yaml")) as f:
        if yaml.load(f, Loader=yaml.SafeLoader) not in dask.config.defaults:
            problems.append("%s.yaml read into other defaults than PyYAML's SafeLoader reads" % pkg.__name__)
if "ucx" not in distributed.comm.registry.backends:
    problems.append("in-process, the UCX transport is not registered")
roots = ssl.create_default_context().cert_store_stats()["x509_ca"]
if tornado.netutil._client_ssl_defaults.cert_store_stats()["x509_ca"] != roots:
    problems.append("in-process, tornado's default TLS context lacks the %d CA roots" % roots)
keys = ("distributed.worker.profile.enabled", "distributed.admin.tick.interval",
        "distributed.diagnostics.computations.ignore-modules")
before = {k: dask.config.get(k) for k in keys}
read_from = []
real_getsource = inspect.getsource
def getsource(obj):
    read_from.append(getattr(obj, "f_globals", {}).get("__name__"))
    return real_getsource(obj)
inspect.getsource = getsource
run()
inspect.getsource = real_getsource
after = {k: dask.config.get(k) for k in keys}
if after != before:
    problems.append("Dask's configuration changed: %r -> %r" % (before, after))
if mod.__name__ in read_from:
    problems.append("Dask read the driver's source for the scheduler: %r" % read_from)
if "__main__" not in read_from:
    problems.append("Dask did not read the caller's code: its ignore list covers too much: %r" % read_from)
if problems:
    sys.exit("; ".join(problems))
print("ok main() in-process: output, exit %d; modules, collector and configuration restored; "
      "the driver's source kept from the scheduler" % rc)
PYCHECK
    :
else
    echo "FAIL main() in-process" >&2
    fail=1
fi

for fmt in json text; do
    run_to whole.$fmt "$CLI" validate --format $fmt cap.jsonl
    want=$rc
    [[ $want == 1 ]] || { echo "FAIL: the planted invalid exchanges should make validate exit 1, not $want" >&2; exit 1; }
    for mode in threads processes; do
        opt=
        [[ $mode == processes ]] && opt=--processes
        start=$(date +%s%N)
        mkdir tmp.$mode.$fmt  # the driver leaves nothing in TMPDIR, the workers' scratch space included
        TMPDIR=$work/tmp.$mode.$fmt run_to dask.$fmt $DASK cap.jsonl --workers 2 --split-mb 3 --format $fmt $opt \
            --ekscodec "$CLI"
        got=$rc
        echo "dask --format $fmt, worker $mode: $(( ($(date +%s%N) - start) / 1000000 )) ms"
        check "dask --format $fmt, worker $mode" whole.$fmt dask.$fmt "$want" "$got"
        if [[ -n $(ls -A tmp.$mode.$fmt) ]]; then
            echo "FAIL dask --format $fmt, worker $mode: left in TMPDIR: $(ls -A tmp.$mode.$fmt)" >&2
            fail=1
        fi
    done
done

# Where most exchanges are invalid, text output is large, and a range's of 256 KiB or more
# (EKSCODEC_DASK_RENUMBER_BYTES) is renumbered by `ekscodec validate --renumber` on this
# machine, a smaller one in Python: 8 MB of the capture with every Authorization malformed
# (one invalid exchange a line, 0.3 bytes of output a byte), in ranges of 2 MB, given by a
# relative and by an absolute name, with the default size (every range through ekscodec but
# the first, which has nothing to change), 0 (the same) and one no output reaches (none). A wrapper
# logs each --renumber it is asked for. Then one that has no --renumber (an ekscodec older
# than the driver): asked once, the driver renumbers in Python, nothing said.
head -c 8000000 cap.jsonl | sed 's/AWS4-HMAC-SHA256 Credential=/AWS4-HMAC-SHA257 Credential=/' >bad.jsonl
stand_in renumber-ekscodec '*" --renumber "*' "echo x >>\"$work/renumber.log\""
for nm in bad.jsonl "$work/bad.jsonl"; do
    run_to badw.txt "$CLI" validate "$nm"
    want=$rc
    for at in default 0 100000000000; do
        : >renumber.log
        if [[ $at == default ]]; then
            run_to badd.txt $DASK "$nm" --workers 2 --split-mb 2 --ekscodec "$work/renumber-ekscodec"
        else
            run_to badd.txt env EKSCODEC_DASK_RENUMBER_BYTES=$at $DASK "$nm" --workers 2 --split-mb 2 \
                --ekscodec "$work/renumber-ekscodec"
        fi
        asked=$(grep -c . renumber.log || true)
        expect=3  # the ranges after the first (a LocalCluster's tasks print the name as given)
        [[ $at == 100000000000 ]] && expect=0
        if [[ $asked != "$expect" ]]; then
            echo "FAIL dask text, renumbering $nm at $at bytes: ekscodec --renumber asked $asked times, want" \
                "$expect" >&2
            fail=1
        fi
        check "dask --format text, all invalid, $nm, renumbered by ekscodec from $at bytes ($asked ranges)" \
            badw.txt badd.txt "$want" "$rc"
    done
done
# Output appended to a file (>>: O_APPEND, where the kernel's sendfile refuses to write, so
# the driver copies a task's output file itself), JSON and text; afterwards nothing is left in
# TMPDIR: neither the files the tasks kept their output in nor the workers' scratch space.
mkdir tmpd
for fmt in json text; do
    echo "before" >app.want
    "$CLI" validate --format $fmt bad.jsonl >>app.want || true
    echo "before" >app.got
    TMPDIR=$work/tmpd $DASK bad.jsonl --workers 2 --split-mb 2 --format $fmt --ekscodec "$CLI" >>app.got && rc=0 || rc=$?
    check "dask --format $fmt, all invalid, appended to a file (>>)" app.want app.got 1 "$rc"
    if [[ -n $(ls -A tmpd) ]]; then  # the workers' scratch space (dask-worker-space) included
        echo "FAIL dask --format $fmt: left in TMPDIR: $(ls -A tmpd)" >&2
        fail=1
    fi
done
# The driver submits at most 4 ranges per worker thread beyond the one it is printing: with
# its output in a pipe nobody reads for 3 s, the workers stop there (a wrapper logs each
# range it runs) instead of validating the whole file into files waiting to be printed; then
# the output is whole. 8 MB in 32 ranges, 2 workers: at most 9 run while the pipe is full.
stand_in logrange-ekscodec '*" --range "*' "echo x >>\"$work/ranges.log\""
: >ranges.log
run_to ahead.want "$CLI" validate --format json bad.jsonl
want=$rc
{ $DASK bad.jsonl --workers 2 --split-mb 0.25 --format json --ekscodec "$work/logrange-ekscodec" && echo 0 >ahead.rc ||
    echo $? >ahead.rc; } | { sleep 3; grep -c . ranges.log >ranges.seen || true; cat >ahead.got; }
seen=$(cat ranges.seen)
if [[ $seen -gt 9 || $seen -lt 1 ]]; then
    echo "FAIL dask, a consumer that does not read: $seen of 32 ranges run, want at most 9" >&2
    fail=1
else
    check "dask --format json, a consumer that waits 3 s ($seen ranges run meanwhile)" ahead.want ahead.got \
        "$want" "$(cat ahead.rc)"
fi
# Each range's output file is deleted once printed, not at the end: read slowly (256 KiB every
# 0.1 s), the driver's directory of task outputs never holds more than the window (9 files,
# and one being created as a printed one goes); kept until the end, it would grow to 32.
mkdir tmpk
run_to keep.want "$CLI" validate --format json bad.jsonl
want=$rc
{ TMPDIR=$work/tmpk $DASK bad.jsonl --workers 2 --split-mb 0.25 --format json --ekscodec "$CLI" && echo 0 >keep.rc ||
    echo $? >keep.rc; } | {
    most=0 seen=0
    while [[ $(dd bs=256k count=1 iflag=fullblock 2>/dev/null | tee -a keep.got | wc -c) -gt 0 ]]; do
        files=$(find tmpk -path '*/ekscodec-dask-*' -name '*.out' -type f | wc -l)
        seen=$((seen + 1)) most=$((files > most ? files : most))
        sleep 0.1
    done
    echo "$most $seen" >keep.most; }
read -r most seen <keep.most
if [[ $most -gt 10 || $seen -lt 8 ]]; then
    echo "FAIL dask, a consumer that reads slowly: up to $most task outputs kept (want at most 10)," \
        "$seen reads" >&2
    fail=1
else
    check "dask --format json, read slowly (at most $most task outputs kept at once, $seen reads)" \
        keep.want keep.got "$want" "$(cat keep.rc)"
fi
refuses old3-ekscodec --renumber "$work/renumber.log"
: >renumber.log
errs=$($DASK bad.jsonl --workers 2 --split-mb 2 --ekscodec "$work/old3-ekscodec" 2>&1 >old3.txt) && rc=0 || rc=$?
run_to badw.txt "$CLI" validate bad.jsonl
if [[ -n $errs || $(grep -c . renumber.log) != 1 ]]; then
    echo "FAIL dask text, an ekscodec without --renumber: asked $(grep -c . renumber.log) times (want 1)," \
        "said: $errs" >&2
    fail=1
fi
check "dask --format text, all invalid, an ekscodec without --renumber here (Python renumbers)" badw.txt old3.txt \
    1 "$rc"

# (--format text counts nothing: the runs above with it check that the ranges' own numbering,
# added up by the driver, gives the whole file's, over 10 ranges with planted invalid
# exchanges in the middle and at the end, and over the 7 ranges of 2 KB of the sample below,
# whose invalid exchanges are spread over them.)
# The lines counted on the cluster (--count-lines cluster: a task per range, `validate
# --newlines`, summed by the driver), on this LocalCluster and, the default there, with
# --scheduler naming a cluster another process runs; and a count that fails on the workers
# (a wrapper refusing --newlines): the file is reported unreadable, exit 2, nothing printed
# for it.
run_to cl.json $DASK cap.jsonl --workers 2 --split-mb 3 --format json --count-lines cluster --ekscodec "$CLI"
check "dask --format json, --count-lines cluster" whole.json cl.json 1 "$rc"
"$PY" - >sched.addr 2>sched.err <<'PYSCHED' &
import logging, time
from distributed import LocalCluster
cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp://", host="127.0.0.1",
                       dashboard_address=None, silence_logs=logging.ERROR,
                       scheduler_kwargs={"dashboard_address": "127.0.0.1:0"})
print(cluster.scheduler_address, flush=True)
while True:
    time.sleep(60)
PYSCHED
sched_pid=$!
for _ in $(seq 1 300); do
    [[ -s sched.addr ]] && break
    sleep 0.1
done
if [[ ! -s sched.addr ]]; then
    echo "FAIL: the scheduler for --scheduler did not start: $(head -c 300 sched.err)" >&2
    fail=1
else
    addr=$(head -n 1 sched.addr)
    run_to sched.json $DASK cap.jsonl --scheduler "$addr" --split-mb 3 --format json --ekscodec "$CLI"
    check "dask --format json, --scheduler (lines counted on the cluster)" whole.json sched.json 1 "$rc"
    run_to schedh.json $DASK cap.jsonl --scheduler "$addr" --split-mb 3 --format json --count-lines here \
        --ekscodec "$CLI"
    check "dask --format json, --scheduler --count-lines here" whole.json schedh.json 1 "$rc"
    # text: the tasks print the absolute path; every range renamed (and renumbered) by
    # ekscodec validate --renumber --as
    run_to sched.text env EKSCODEC_DASK_RENUMBER_BYTES=0 $DASK cap.jsonl --scheduler "$addr" --split-mb 3 \
        --ekscodec "$CLI"
    check "dask --format text, --scheduler, renamed and renumbered by ekscodec" whole.text sched.text 1 "$rc"
    # the command's start-up shortcuts (quick_dask_import, modules marked absent) stay out of
    # a run with --scheduler, which may need them (a wss:// scheduler verified against the
    # system's CA roots by tornado's default context, a ucx:// one), and are taken by a run
    # that starts its own LocalCluster: main() as the command calls it (exit_next), then the
    # state it left: tornado's CA roots, a new context's, whether UCX is registered
    cat >state.py <<'PYSTATE'
import contextlib, driver_module, io, os, sys
mod = driver_module.load(sys.argv[1])
with contextlib.redirect_stdout(io.TextIOWrapper(io.BytesIO(), write_through=True)):
    rc = mod.main(sys.argv[2:], exit_next=True)
import ssl, tornado.netutil, distributed.comm.registry
print(tornado.netutil._client_ssl_defaults.cert_store_stats()["x509_ca"],
      ssl.create_default_context().cert_store_stats()["x509_ca"], "ucx" in distributed.comm.registry.backends, rc)
sys.stdout.flush()
os._exit(0)
PYSTATE
    remote=$("$PY" state.py "$SOURCE_DIR/tools/dask/ekscodec_dask.py" three.jsonl --scheduler "$addr" --ekscodec "$CLI" 2>&1)
    local=$("$PY" state.py "$SOURCE_DIR/tools/dask/ekscodec_dask.py" three.jsonl --workers 1 --ekscodec "$CLI" 2>&1)
    read -r roots_remote system_roots ucx_remote rc_remote <<<"$remote"
    read -r roots_local _ ucx_local rc_local <<<"$local"
    if [[ $rc_remote != "$three_rc" || $rc_local != "$three_rc" || ! $system_roots -gt 0 || $roots_remote != "$system_roots" ||
          $ucx_remote != True || $roots_local != 0 || $ucx_local != False ]]; then
        echo "FAIL dask start-up shortcuts: --scheduler left '$remote', a LocalCluster '$local' (tornado's CA" \
            "roots, the system's, UCX registered, exit); want N N True $three_rc and 0 N False $three_rc" >&2
        fail=1
    else
        echo "ok dask start-up shortcuts: kept from a --scheduler run (tornado trusts the $system_roots CA roots," \
            "UCX registered), taken by a LocalCluster's"
    fi
fi
kill "$sched_pid" 2>/dev/null || true
wait "$sched_pid" 2>/dev/null || true
stand_in nonewlines-ekscodec '*" --newlines "*' 'echo "ekscodec validate: cannot read planted: Input/output error" >&2; exit 2'
errs=$($DASK cap.jsonl --workers 2 --split-mb 3 --format json --count-lines cluster \
    --ekscodec "$work/nonewlines-ekscodec" 2>&1 >nonl.json) && rc=0 || rc=$?
if [[ $rc != 2 || $errs != *"cannot read cap.jsonl"*"planted: Input/output error"* || $(grep -c . <<<"$errs") != 1 ||
      $(cat nonl.json) != '{"summary":{"exchanges":0,"valid":0,"invalid":0,"skipped":0,"incomplete":true}}' ]]; then
    echo "FAIL dask --count-lines cluster, the count failing: exit $rc, want 2, one message and an empty" \
        "summary: $errs $(head -c 300 nonl.json)" >&2
    fail=1
else
    echo "ok dask --count-lines cluster, the count failing: reported once, exit 2"
fi
# an ekscodec older than the driver on the workers: no --newlines (it prints its usage and
# exits 2); the driver says so in one line, not with the usage
refuses old-ekscodec --newlines
errs=$($DASK cap.jsonl --workers 2 --split-mb 3 --format json --count-lines cluster \
    --ekscodec "$work/old-ekscodec" 2>&1 >/dev/null) && rc=0 || rc=$?
if [[ $rc != 2 || $errs != *"has no --newlines"*"--count-lines here"* || $(grep -c . <<<"$errs") != 1 ]]; then
    echo "FAIL dask --count-lines cluster with an older ekscodec: exit $rc, want 2 and one line: $errs" >&2
    fail=1
else
    echo "ok dask --count-lines cluster with an older ekscodec: one line, exit 2"
fi
# --format text counts nothing: each range says which line its end is on (--end-line); an
# ekscodec without that option on the workers is said so in one line, and the output stops
# at the first range (numbered from line 1, so still right), exit 2
refuses old2-ekscodec --end-line
errs=$($DASK cap.jsonl --workers 2 --split-mb 3 --ekscodec "$work/old2-ekscodec" 2>&1 >old2.txt) && rc=0 || rc=$?
if [[ $rc != 2 || $errs != *"has no --end-line"*"--format json"* || $(grep -c . <<<"$errs") != 1 ||
      $(cat old2.txt) != "0 exchanges: 0 valid, 0 invalid, 0 skipped (incomplete: see the messages on stderr)" ]]; then
    echo "FAIL dask --format text with an ekscodec without --end-line: exit $rc, want 2, one line and an" \
        "empty summary: $errs $(head -c 300 old2.txt)" >&2
    fail=1
else
    echo "ok dask --format text with an ekscodec without --end-line: one line, exit 2"
fi

# --format text, a range after the first failing to be read on its worker (a wrapper): the
# task's own message once, nothing after the first range (whose lines it numbered from 1),
# exit 2
stand_in failrange-ekscodec '*" --range 0:"*) ;; *" --range "*' \
    'echo "ekscodec validate: cannot read planted: Input/output error" >&2; exit 2'
errs=$($DASK cap.jsonl --workers 2 --split-mb 3 --ekscodec "$work/failrange-ekscodec" 2>&1 >failr.txt) && rc=0 || rc=$?
want=$("$CLI" validate --range 0:$((3 * 1024 * 1024)) cap.jsonl | head -n -1)
if [[ $rc != 2 || $errs != "ekscodec validate: cannot read planted: Input/output error" ||
      $(head -n -1 failr.txt) != "$want" || $(tail -n 1 failr.txt) != *" exchanges: "* ]]; then
    echo "FAIL dask --format text, a later range unreadable: exit $rc, want 2, the task's message once and" \
        "the first range's output: $errs $(head -c 300 failr.txt)" >&2
    fail=1
else
    echo "ok dask --format text, a later range unreadable: its message once, the first range's output, exit 2"
fi

# The driver's count falls back to Python when `validate --split` fails: same output.
stand_in nosplit-ekscodec '*" --split "*' 'echo "planted failure of --split" >&2; exit 2'
run_to nosplit.json $DASK cap.jsonl --workers 2 --split-mb 3 --format json --ekscodec "$work/nosplit-ekscodec" 2>nosplit.err
if ! grep -q "planted failure of --split; counting lines in Python" nosplit.err; then
    echo "FAIL: the driver did not say that it counted in Python: $(head -c 300 nosplit.err)" >&2
    fail=1
fi
check "dask --format json, --split failing" whole.json nosplit.json 1 "$rc"

# A worker killed mid-run: each task first sleeps (a wrapper around ekscodec) so that one
# is surely running; the worker process (--processes) that runs it (the parent of the
# wrapper, a child of the driver) is killed with SIGKILL: a validation with the lines
# counted here, and a count with the lines counted on the cluster (the counts it held are
# lost, and the validations that depend on them wait for Dask to redo them).
stand_in slow-ekscodec '*' 'sleep 0.3'
# Runs the driver (DRIVER-ARGS) in the background, stdout in OUT, and kills with SIGKILL the
# first process PICK names while it runs (PICK PID PPID ARGS prints a pid, or fails); sets
# killed (empty: none was seen) and got (the driver's exit status).
kill_during_run() { # OUT PICK DRIVER-ARGS...
    local out=$1 pick=$2 victim
    shift 2
    $DASK "$@" >"$out" 2>"$out.err" &
    driver_pid=$!
    killed=
    for _ in $(seq 1 300); do
        while read -r pid ppid args; do
            victim=$($pick "$pid" "$ppid" "$args") || continue
            kill -9 "$victim" && killed=$victim
            break
        done < <(ps -eo pid=,ppid=,args=)
        [[ -n $killed ]] && break
        sleep 0.1
    done
    got=0
    wait "$driver_pid" || got=$?
    driver_pid=
}
# a $task task's wrapper (not the driver's line count, --split, which runs it too) whose
# parent is a worker process, a child of the driver: that worker
worker_running_task() {
    [[ $3 == *slow-ekscodec*$task* && $(ps -o ppid= -p "$2" | tr -d ' ') == "$driver_pid" ]] && echo "$2"
}
# a --range task's wrapper that is a child of the driver itself (thread workers)
task_of_driver() {
    [[ $3 == *slow-ekscodec*--range* && $2 == "$driver_pid" ]] && echo "$1"
}
for count in here cluster text; do
    task=--range fmt=json
    [[ $count == cluster ]] && task=--newlines
    [[ $count == text ]] && fmt=text count=here
    kill_during_run killed.$fmt worker_running_task cap.jsonl --workers 2 --split-mb 2 --format $fmt --processes \
        --count-lines $count --ekscodec "$work/slow-ekscodec"
    if [[ -z $killed ]]; then
        echo "FAIL worker killed (--format $fmt, lines counted $count): no running $task task was seen to kill" >&2
        fail=1
    else
        echo "killed worker process $killed during a $task task"
        check "dask --format $fmt, a worker killed, lines counted $count" whole.$fmt killed.$fmt 1 "$got"
    fi
done

# The ekscodec of a task killed mid-run, with thread workers (no worker process to lose):
# the wrapper, a child of the driver itself, is killed with SIGKILL while it sleeps.
kill_during_run killed2.json task_of_driver cap.jsonl --workers 2 --split-mb 2 --format json \
    --ekscodec "$work/slow-ekscodec"
if [[ -z $killed ]]; then
    echo "FAIL task killed: no running task was seen to kill" >&2
    fail=1
else
    echo "killed task process $killed during the run"
    check "dask --format json, a task's ekscodec killed" whole.json killed2.json 1 "$got"
fi
# Names as validate prints them (text: control characters and non-UTF-8 bytes as '?'; JSON:
# a byte of no UTF-8 character, a control character and DEL as \u00XX): the driver maps the
# absolute path its tasks were given back to the name given, for names with a tab, an ESC,
# DEL, U+0085, a right-to-left override (U+202E), a quote and a backslash, a byte that is no
# UTF-8 (alone, and after a UTF-8 letter), in a directory whose name has them too and a line
# separator (U+2028); and a name with '..' after a symbolic link means what the kernel makes
# of it, as for validate.
odd=$(printf 'd\tir\033\177\342\200\250')
mkdir -p "$odd/real/sub" "$odd/other"
ln -s ../real/sub "$odd/other/link"
cp "$mixed" "$odd/real/cap.jsonl"
head -n 3 "$mixed" >"$odd/other/cap.jsonl"
names=("$(printf 'n\tame\033[2J\177\302\205\342\200\256"q\\.jsonl')" "$(printf 'bad\377byte.jsonl')"
       "$(printf 'caf\303\251\377.jsonl')")
for nm in "${names[@]}"; do cp "$mixed" "$odd/$nm"; done
for run in json text text-renumbered-by-ekscodec; do
    fmt=${run%%-*} at=
    [[ $run == text-renumbered-by-ekscodec ]] && at=0  # every range's output through --renumber --as
    for nm in "${names[@]}" other/link/../cap.jsonl; do
        (cd "$odd" && run_to "$work/oddw.$fmt" "$CLI" validate --format $fmt "$nm" && echo $rc >"$work/oddw.rc")
        (cd "$odd" && run_to "$work/oddd.$fmt" env ${at:+EKSCODEC_DASK_RENUMBER_BYTES=$at} $DASK "$nm" \
            --workers 2 --split-mb 0.002 --format $fmt --ekscodec "$CLI" 2>/dev/null && echo $rc >"$work/oddd.rc")
        check "dask --format $run, name $(printf '%q' "$nm")" oddw.$fmt oddd.$fmt "$(cat oddw.rc)" "$(cat oddd.rc)"
    done
done
# Refused before any range runs, as `validate --range` refuses them: a HAR or raw HTTP file
# (reported once, in its place; the JSON Lines file beside it is still validated, exit 2)
# and an --endpoint validate refuses (its message, exit 2, no cluster started).
cp "$SOURCE_DIR/corpus/samples/capture_mixed.har" "$SOURCE_DIR/corpus/samples/capture_mixed.http" .
cp "$mixed" small.jsonl
# (validate of the JSON Lines file alone, its summary marked incomplete as the driver's is:
# its counts miss the two files refused)
run_to refw.json "$CLI" validate --format json small.jsonl
sed -i '$ s/}}$/,"incomplete":true}}/' refw.json
errs=$($DASK capture_mixed.har small.jsonl capture_mixed.http --workers 2 --format json --ekscodec "$CLI" \
    2>&1 >refd.json) && rc=0 || rc=$?
check "dask, a HAR and a raw HTTP file refused beside a JSON Lines one" refw.json refd.json 2 "$rc"
if [[ $(grep -c 'capture_mixed.har is a HAR file' <<<"$errs") != 1 ||
      $(grep -c 'capture_mixed.http is not JSON Lines' <<<"$errs") != 1 ]]; then
    echo "FAIL dask: HAR and raw HTTP files not reported once each: $errs" >&2
    fail=1
fi
start=$(date +%s%N)
errs=$($DASK small.jsonl --endpoint https://eks.example --ekscodec "$CLI" 2>&1 >endp.out) && rc=0 || rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
if [[ $rc != 2 || $errs != *"--endpoint wants HOST[:PORT]"* || $(wc -l <<<"$errs") != 1 || -s endp.out ]]; then
    echo "FAIL dask --endpoint https://...: exit $rc, want 2, validate's one message and no output" \
        "(no summary of ranges that ran): $errs $(head -c 300 endp.out)" >&2
    fail=1
else
    echo "ok dask --endpoint https://... refused before the cluster starts ($ms ms, exit 2)"
fi
# What the driver echoes of its arguments reaches stderr as validate shows what it echoes: an
# ESC, a C1 control (U+009B), a right-to-left override (U+202E) or a newline as '?'. Each
# case: an unrecognized option (argparse quotes it), an --ekscodec that cannot run, a
# scheduler that cannot be reached (Dask's message quotes its address), and the launcher,
# copied alone into a directory so named, saying where it looked.
nasty=$(printf '\033[31mX\302\233\342\200\256')
mkdir -p "launcher$nasty"
cp "$SOURCE_DIR/tools/dask/ekscodec-dask" "launcher$nasty/"
for case in option ekscodec scheduler launcher; do
    want="?[31mX??" env=() cmd=($DASK small.jsonl --workers 1 --ekscodec "$CLI")
    case $case in
    option) cmd+=("--bogus$nasty") want="unrecognized arguments: --bogus?[31mX??" ;;
    ekscodec) cmd=($DASK small.jsonl --workers 1 --ekscodec "/nonexistent$nasty") want="cannot run /nonexistent?[31mX??" ;;
    scheduler) # (ESC and a newline: a host name with U+009B or U+202E fails IDNA, unquoted)
        env=(DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT=1s) cmd+=(--scheduler $'tcp://no\033[31mX\nx:8786')
        want="no?[31mX?x:8786" ;;
    launcher) cmd=($PY "launcher$nasty/ekscodec-dask" small.jsonl) want="launcher?[31mX??" ;;
    esac
    errs=$(env "${env[@]}" "${cmd[@]}" 2>&1 >/dev/null) && rc=0 || rc=$?
    if [[ $rc != 2 || $errs != *"$want"* || $errs == *$'\033'* || $errs == *$'\302\233'* ||
          $errs == *$'\342\200\256'* || $(wc -l <<<"$errs") -gt 3 ]]; then
        echo "FAIL dask, $case echoed: exit $rc (want 2), want '$want' and no raw control: $(printf '%q' "$errs")" >&2
        fail=1
    else
        echo "ok dask, $case echoed with its controls as '?' (exit 2)"
    fi
done
# When the driver cannot go on it ends as validate does, leaving nothing behind: no traceback,
# no file in TMPDIR, no ekscodec still running. (ps shows a run's processes by its capture.)
leftovers() { # NAME DIR: fails NAME if DIR holds anything or an ekscodec of this test still runs
    sleep 0.3
    local procs
    procs=$(pgrep -f -- "--range [0-9:]* .*$work/" || true)
    if [[ -n $(ls -A "$2") || -n $procs ]]; then
        echo "FAIL $1: left in TMPDIR: $(ls -A "$2"); still running: $procs" >&2
        fail=1
    fi
}
mkdir tmpo
# its reader gone, it dies by SIGPIPE (exit 141), silently, as validate does
errs=$( { TMPDIR=$work/tmpo $DASK "$work/bad.jsonl" --workers 2 --split-mb 0.25 --format json --ekscodec "$CLI" \
    2>&1 >&3; echo "exit $?" >pipe.rc; } 3>&1 | head -c 1000 >/dev/null)
if [[ $(cat pipe.rc) != "exit 141" || -n $errs ]]; then
    echo "FAIL dask, a reader that leaves: $(cat pipe.rc) (want 141, SIGPIPE), said: $errs" >&2
    fail=1
else
    echo "ok dask, a reader that leaves: exit 141 (SIGPIPE), nothing said"
fi
leftovers "dask, a reader that leaves" tmpo
# an output that cannot be written: exit 2 and why, as validate says it
for fmt in json text; do
    errs=$(TMPDIR=$work/tmpo $DASK "$work/bad.jsonl" --workers 2 --split-mb 2 --format $fmt --ekscodec "$CLI" \
        2>&1 >/dev/full) && rc=0 || rc=$?
    if [[ $rc != 2 || $errs != "ekscodec-dask: cannot write the output: No space left on device" ]]; then
        echo "FAIL dask --format $fmt >/dev/full: exit $rc (want 2), said: $(head -c 600 <<<"$errs")" >&2
        fail=1
    else
        echo "ok dask --format $fmt >/dev/full: exit 2, $errs"
    fi
    leftovers "dask --format $fmt >/dev/full" tmpo
done
# SIGTERM mid-run (each range's ekscodec 0.3 s late, so that some run): it stops them, removes
# its files and dies by the signal (exit 143); what it printed is whole lines of validate's
stand_in slow-ekscodec '*" --range "*' "sleep 0.3"
run_to termw.json "$CLI" validate --format json bad.jsonl
TMPDIR=$work/tmpo $DASK bad.jsonl --workers 2 --split-mb 0.25 --format json --ekscodec "$work/slow-ekscodec" \
    >termd.json 2>term.err &
driver_pid=$!
sleep 2
kill -TERM "$driver_pid"
wait "$driver_pid" && rc=0 || rc=$?
driver_pid=
got=$(wc -c <termd.json)
if [[ $rc != 143 || -s term.err || $got == 0 || $(tail -c 1 termd.json | od -An -c | tr -d ' ') != '\n' ]] ||
   ! cmp -s termd.json <(head -c "$got" termw.json); then
    echo "FAIL dask, SIGTERM: exit $rc (want 143), $got bytes printed, said: $(head -c 600 term.err)" >&2
    fail=1
else
    echo "ok dask, SIGTERM mid-run: exit 143, the first $got bytes of validate's output, nothing said"
fi
leftovers "dask, SIGTERM" tmpo
# A range whose ekscodec could not keep its output (its TMPDIR full: validate exits 2 with
# "cannot write the output") is rerun (twice), then ends the run: exit 2 and why; nothing of
# it is printed, the ranges before it are.
stand_in full-ekscodec '*" --range 524288:"*' "echo x >>\"$work/full.log\"; printf '{\"file\":\"bad.js'
    echo 'ekscodec validate: cannot write the output: No space left on device' >&2; exit 2"
: >full.log
TMPDIR=$work/tmpo run_to fulld.json $DASK bad.jsonl --workers 2 --split-mb 0.25 --format json \
    --ekscodec "$work/full-ekscodec" 2>full.err
"$CLI" validate --format json --range 0:524288 bad.jsonl | grep -v '"summary"' >fullw.json || true
if [[ $rc != 2 || $(grep -c . full.log) != 3 || $(cat full.err) != *"--range 524288:786432 of bad.jsonl: ekscodec validate: cannot write the output: No space left on device"* ]] ||
   ! cmp -s fullw.json fulld.json; then
    echo "FAIL dask, a range that could not keep its output: exit $rc (want 2), run $(grep -c . full.log) times" \
        "(want 3), $(wc -c <fulld.json) bytes printed (want the $(wc -c <fullw.json) of the ranges before)," \
        "said: $(head -c 600 full.err)" >&2
    fail=1
else
    echo "ok dask, a range that could not keep its output: run 3 times, exit 2, the ranges before it printed"
fi
leftovers "dask, a range that could not keep its output" tmpo
# FILEs: after options, after --, named like an option (given to every ekscodec after --, the
# line counts too); unreadable ones said as validate says them, a name's control bytes as '?'
cp small.jsonl ./-lead.jsonl
: >empty.jsonl
mkdir adir
for count in here cluster; do
    run_to argw.json "$CLI" validate --format json small.jsonl --strict -- -lead.jsonl
    want=$rc
    errs=$($DASK small.jsonl --strict --workers 2 --split-mb 0.002 --format json --count-lines $count \
        --ekscodec "$CLI" -- -lead.jsonl 2>&1 >argd.json) && rc=0 || rc=$?
    [[ -z $errs ]] || { echo "FAIL dask, FILEs after options and --, count $count: said $errs" >&2; fail=1; }
    check "dask, FILEs after an option and after --, one named -lead.jsonl, lines counted $count" \
        argw.json argd.json "$want" "$rc"
done
$DASK --ekscodec "$CLI" no-such.jsonl adir empty.jsonl empty.jsonl $'no\e[2Jsuch' >/dev/null 2>msgs.err && rc=0 ||
    rc=$?
want=$'ekscodec-dask: cannot open no-such.jsonl: No such file or directory
ekscodec-dask: adir is a directory
ekscodec-dask: cannot open no?[2Jsuch: No such file or directory
ekscodec validate: empty.jsonl is empty
ekscodec validate: empty.jsonl is empty'
if [[ $rc != 2 || $(cat msgs.err) != "$want" ]]; then
    echo "FAIL dask, unreadable FILEs: exit $rc (want 2), said: $(cat -v msgs.err)" >&2
    fail=1
else
    echo "ok dask, unreadable FILEs said as validate says them (exit 2)"
fi
# validate's refusal of the run, not of a FILE (--verify-signatures without credentials), once,
# as validate prints it, with its exit status 2 and nothing on stdout (it was printed once per
# FILE, and later by every range)
env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY "$CLI" validate --verify-signatures small.jsonl ./-lead.jsonl \
    >oncew.out 2>oncew.err && rcw=0 || rcw=$?
env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY $DASK --workers 2 --split-mb 0.002 --ekscodec "$CLI" \
    --verify-signatures small.jsonl ./-lead.jsonl >onced.out 2>onced.err && rcd=0 || rcd=$?
if [[ ! -s oncew.err || $rcw != 2 || $rcd != 2 || -s onced.out || -s oncew.out ]] || ! cmp -s oncew.err onced.err; then
    echo "FAIL dask, a refusal of the run: exit $rcd (validate $rcw), said $(grep -c . onced.err) times," \
        "validate $(grep -c . oncew.err): $(cat onced.err)" >&2
    fail=1
else
    echo "ok dask, a refusal of the run (no credentials for --verify-signatures) said once, as validate says it"
fi
# ... and in JSON its summary says the counts miss them ("incomplete":true), as validate's
# does, so that --merge of the output exits 2 as the run did (it said 0)
run_to unrw.json "$CLI" validate --format json no-such.jsonl small.jsonl 2>/dev/null
want=$rc
run_to unrd.json $DASK --workers 2 --split-mb 0.002 --format json --ekscodec "$CLI" no-such.jsonl small.jsonl \
    2>/dev/null
check "dask --format json, an unreadable FILE among them" unrw.json unrd.json "$want" "$rc"
"$CLI" validate --merge unrd.json >/dev/null 2>&1 && rc=0 || rc=$?
if [[ $rc != 2 || $(tail -1 unrd.json) != *',"incomplete":true}}' ]]; then
    echo "FAIL dask --format json, an unreadable FILE: --merge of the output exits $rc, want 2;" \
        "summary $(tail -1 unrd.json)" >&2
    fail=1
else
    echo "ok dask --format json, an unreadable FILE: the summary says incomplete, --merge exits 2"
fi
exit $fail
