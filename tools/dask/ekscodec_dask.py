"""ekscodec-dask: `ekscodec validate` over a Dask cluster (this module is its program; the
ekscodec-dask script beside it, or in bin/ once installed, runs it as __main__).

    ekscodec-dask FILE... [--scheduler ADDRESS] [--split-mb 64] [--workers N] [--strict]
                  [--verify-signatures] [--endpoint HOST[:PORT]]... [--format text|json]
                  [--processes] [--count-lines here|cluster] [--ekscodec PATH]

Each JSON Lines FILE is cut into byte ranges of about --split-mb MiB (2^20 bytes); each range
is one Dask task running `ekscodec validate --format F --range START:END --first-line N FILE`
on a worker, which validates exactly the records whose first byte lies in the range (ranges need
not fall on line starts) and numbers lines as in the whole file, N being the line START lies
on.
With --format text (the default) nothing is counted: every range runs at once with N = 1
and --end-line, numbering its lines from its START and saying which line its END is on, and
the driver adds to each range's line numbers those of the ranges before it (text prints a
line number only in the header of each problem exchange; a range's output of 256 KiB or
more, where most exchanges have problems, goes through `ekscodec validate --renumber` on
this machine when it has one, which does that at some 1 GB/s where Python does 0.2;
EKSCODEC_DASK_RENUMBER_BYTES sets that size, for tests).
With --format json, where every exchange is a line with its number, each N is counted and
each range submitted as soon as its N is known, either
  here (the default without --scheduler): one read of the whole file by `ekscodec validate
    --split` on this machine (by Python where this machine has no ekscodec), beside Dask's
    start-up; or
  on the cluster (--count-lines cluster, the default with --scheduler): a task per range,
    `ekscodec validate --newlines START:END FILE`, all at once, so that the workers read
    the file in parallel instead of this machine reading all of it; the driver sums the
    counts, and each range's validation depends on its count, so it runs on the worker
    that counted it (which has it in its page cache), ahead of the counts still waiting.
A task whose ekscodec is killed is rerun (twice at most), as is one whose worker dies, and one
whose ekscodec could not keep its output (which ends the run if it fails again). The
per-exchange output of the tasks is printed in file order, as it arrives, then the summary
of all of them; the exit status is validate's: 0 nothing invalid, 1 some exchange invalid,
2 usage error, unreadable input or an output that cannot be written. The output is the one
`ekscodec validate --format F FILE...` would print. A reader that leaves (SIGPIPE) or a
signal (SIGTERM, SIGHUP, SIGINT) ends the driver as it ends validate, once it has killed its
tasks' ekscodec processes and removed its files.

Without --scheduler a LocalCluster of --workers workers (one thread each) runs the tasks; they
are threads of this process unless --processes: a task only waits for its ekscodec process,
so threads lose nothing and spare the start-up of worker processes (about a second each).
Their tasks leave each range's output in a file under $TMPDIR (a directory ekscodec-dask-*,
removed at the end), which the driver copies to its output and deletes. At most 4 ranges
per worker thread are submitted beyond the one being printed, so a slow reader of the
output holds back the workers instead of letting the outputs pile up.
With --scheduler the workers must see FILE at the same path (a shared file system) and have
the ekscodec binary on their PATH (or at --ekscodec PATH). On this machine (a LocalCluster's
tasks, and the line count) ekscodec is the one on PATH, else the one installed beside this
script (`cmake --install` puts both in bin/), unless --ekscodec names another.

Credentials (--verify-signatures): AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
AWS_SESSION_TOKEN reach ekscodec through the workers' environment, never through task
arguments (which a scheduler logs and shows on its dashboard). A LocalCluster's workers
(threads, or processes) inherit this process's environment; the workers of a remote cluster
must have them set when they start.
"""
import argparse
import collections
import contextlib
import errno
import gc
import itertools
import logging
import math
import os
import queue
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time

# a range's text output this long or longer is renumbered by ekscodec (write_output)
RENUMBER_IN_C_BYTES = int(os.environ.get("EKSCODEC_DASK_RENUMBER_BYTES", 1 << 18))
# ranges submitted beyond the one being printed, per worker thread (ahead)
AHEAD_PER_THREAD = 4
TASK_RETRIES = 2  # reruns of a task whose ekscodec was killed (a lost worker does not count)
# validate's words when it could not write its output (stdout, or --jobs' temporary files):
# what it printed is not the range's whole output
OUTPUT_LOST = ("ekscodec validate: cannot write the output", "ekscodec validate: cannot keep the output")


# match() anchors at pos: no ^, which matches only at the start of the whole buffer
TEXT_SUMMARY = re.compile(
    rb"(\d+) exchanges?: (\d+) valid, (\d+) invalid, (\d+) skipped(?: \(incomplete: see the messages on stderr\))?$")
# validate --end-line's line in text, the last of a task's per-exchange output: at most 80
# bytes from its end (two 20-digit numbers); ^ matches after a newline, not where a search starts
END_LINE = re.compile(rb"^byte \d+ is on line (\d+)\n\Z", re.M)
# (with "incomplete":true from a run that exits 2: its counts are kept, its status is 2)
JSON_SUMMARY = re.compile(
    rb'\{"summary":\{"exchanges":(\d+),"valid":(\d+),"invalid":(\d+),"skipped":(\d+)(?:,"incomplete":true)?\}\}$')


# A task's output left in a file on the driver's machine (a LocalCluster's): its name, size
# and last bytes (where validate's summary and --end-line's line are)
KeptOutput = collections.namedtuple("KeptOutput", "name size tail")
KEPT_TAIL_BYTES = 512


class LocalProcesses:
    """The tasks that run in the driver's process (a LocalCluster of threads) and their
    ekscodec processes. When the driver ends (early: a signal, an output that cannot be
    written), stop() kills those processes, which would otherwise run on, orphans, to the
    ends of their ranges, and waits for their tasks to leave, so that no task makes a file in
    the driver's directory while it is being removed; a task that comes later does nothing
    (a killed task is rerun)."""

    def __init__(self):
        self.cond = threading.Condition()
        self.running = set()
        self.active = 0
        self.stopping = False

    def enter(self):
        with self.cond:
            if self.stopping:
                return False
            self.active += 1
            return True

    def leave(self):
        with self.cond:
            self.active -= 1
            self.cond.notify_all()

    def started(self, proc):
        with self.cond:
            self.running.add(proc)
            if self.stopping:
                proc.kill()

    def ended(self, proc):
        with self.cond:
            self.running.discard(proc)

    def stop(self, wait=5.0):
        with self.cond:
            self.stopping = True
            for proc in self.running:
                with contextlib.suppress(OSError):
                    proc.kill()
            self.cond.wait_for(lambda: self.active == 0, timeout=wait)


# A task finds it as an attribute of __main__ (local_processes): Dask pickles the tasks'
# functions with the globals they name, even for a LocalCluster of threads, so a global named
# in a task would be a copy (and a lock does not pickle).
EKSCODEC_DASK_LOCAL = LocalProcesses()


def local_processes():
    """The driver's LocalProcesses when this task runs in the driver's process, else None (a
    worker process: its ekscodec stops with it, or finishes its range)."""
    return getattr(sys.modules.get("__main__"), "EKSCODEC_DASK_LOCAL", None)


@contextlib.contextmanager
def task_here():
    """A task's time in the driver's LocalProcesses, if it runs there; raises when the driver
    is stopping (Dask then gives up on it)."""
    local = local_processes()
    if local and not local.enter():
        raise RuntimeError("ekscodec-dask is stopping")
    try:
        yield local
    finally:
        if local:
            local.leave()


def run_ekscodec(local, cmd, out):
    """Runs cmd with stdout to out (a file, or subprocess.PIPE), stderr piped, stdin from
    /dev/null, in local (a LocalProcesses, or None) while it runs. Returns (exit code, stdout
    bytes or None, stderr bytes)."""
    with subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL) as proc:
        if local:
            local.started(proc)
        try:
            got, err = proc.communicate()
        finally:
            if local:
                local.ended(proc)
        return proc.returncode, got, err


class OutputLost(Exception):
    """The driver's own output cannot be written (a full disk, a closed pipe): args[0] is why,
    and errno the errno (EPIPE: the reader left, and the driver dies by SIGPIPE as validate
    does)."""

    def __init__(self, why, errno_=None):
        super().__init__(why)
        self.errno = errno_


class Stopped(BaseException):
    """A signal (SIGTERM, SIGHUP; SIGINT is KeyboardInterrupt) ends the run: the driver cleans
    up, then dies by it. A BaseException, as KeyboardInterrupt, so that no `except Exception`
    on the way (Dask's) takes it for an error of its own."""

    def __init__(self, signum):
        super().__init__(signum)
        self.signum = signum


def stop_on_signal(signum, frame):
    raise Stopped(signum)


class Output:
    """The driver's standard output (binary): a write that fails raises OutputLost."""

    def __init__(self, raw):
        self.raw = raw

    def fileno(self):
        return self.raw.fileno()

    def write(self, data):
        try:
            return self.raw.write(data)
        except OSError as e:
            raise OutputLost(e.strerror or str(e), e.errno) from None

    def flush(self):
        try:
            self.raw.flush()
        except OSError as e:
            raise OutputLost(e.strerror or str(e), e.errno) from None


def validate_range(ekscodec, path, start, end, first_line, fmt, flags, counted=None, keep_in=None):
    """One task: runs on a worker. Returns (exit code, stdout bytes, stderr text); with
    keep_in, a directory on the driver's machine, the stdout stays in a file there and a
    KeptOutput stands for the bytes. counted: unused; given the future of this range's count
    (--count-lines cluster), it makes the count a dependency, so that Dask runs this task on
    the worker that holds it, which has just read the range into its page cache."""
    cmd = [ekscodec, "validate", "--format", fmt, *flags, "--range", "%d:%d" % (start, end),
           "--first-line", str(first_line), "--", path]
    # stdout into a file: a pipe hands it over in pipe-sized reads (--format json is a quarter
    # of the input's size), a cost of the same order as validating. Read back into memory it
    # costs as much again (fresh pages: 0.7 s of system time for 322 MB here), so where the
    # driver shares this machine the file is what it gets.
    kept = None
    try:
        with task_here() as local:
            if keep_in:
                fd, kept = tempfile.mkstemp(suffix=".out", dir=keep_in)
                out = os.fdopen(fd, "w+b")
            else:
                out = tempfile.TemporaryFile()
            with out:
                rc, _, err = run_ekscodec(local, cmd, out)
                size = out.seek(0, os.SEEK_END)
                out.seek(max(0, size - KEPT_TAIL_BYTES) if kept else 0)
                text = out.read()
            if rc < 0 or local and local.stopping:
                forget(kept)
    except OSError as e:
        forget(kept)
        return 2, b"", "ekscodec-dask: cannot run %s: %s\n" % (shown_text(ekscodec), e)
    if rc < 0:
        # killed by a signal (the OOM killer, an operator): an error makes Dask rerun the task
        raise RuntimeError("%s --range %d:%d killed by signal %d" % (ekscodec, start, end, -rc))
    err = err.decode("utf-8", "replace")
    if rc == 2 and any(line.startswith(OUTPUT_LOST) for line in err.splitlines()):
        # it could not keep its output (a full TMPDIR): an error, which Dask reruns, then
        # ends the run; printed, the output would have a gap or a cut line
        forget(kept)
        raise RuntimeError("%s --range %d:%d of %s: %s" % (
            ekscodec, start, end, shown_name(path).decode("utf-8"),
            next(line for line in err.splitlines() if line.startswith(OUTPUT_LOST))))
    return rc, KeptOutput(kept, size, text) if kept else text, err


def forget(name):
    """Removes the file name, if any, and if it is still there."""
    if name:
        with contextlib.suppress(OSError):
            os.unlink(name)


def count_range(ekscodec, path, start, end):
    """One task: runs on a worker. Returns the newlines in [start, end) of path, or an OSError
    saying why ekscodec could not count them."""
    try:
        with task_here() as local:
            rc, got, err = run_ekscodec(local, [ekscodec, "validate", "--newlines", "%d:%d" % (start, end), "--",
                                                path], subprocess.PIPE)
    except OSError as e:
        return OSError("cannot run %s: %s" % (ekscodec, e))
    if rc < 0:  # as validate_range: Dask reruns it
        raise RuntimeError("%s --newlines %d:%d killed by signal %d" % (ekscodec, start, end, -rc))
    if rc != 0 or not got.strip().isdigit():
        err = err.decode("utf-8", "replace")
        if "unknown option --newlines" in err:  # the usage follows: not worth repeating
            return OSError("the workers' %s has no --newlines (an ekscodec older than this driver): update it, or "
                           "give --count-lines here" % ekscodec)
        return OSError(err.strip().split("\n")[0] or "%s --newlines: exit %d" % (ekscodec, rc))
    return int(got)


def split_summary(out, fmt):
    """Splits a task's output into (per-exchange output, counts or None), without copying
    the output (tens of MB with --format json)."""
    end = len(out)
    while end and out[end - 1] == 0x0A:
        end -= 1
    nl = out.rfind(b"\n", 0, end)
    m = (JSON_SUMMARY if fmt == "json" else TEXT_SUMMARY).match(out, nl + 1, end)
    if not m:
        return out, None
    return (memoryview(out)[:nl + 1] if nl > 0 else b""), [int(x) for x in m.groups()]


def split_end_line(body):
    """Takes the `byte END is on line M` line (validate --end-line, text) off the end of a
    task's per-exchange output: (the rest, M), or (body, None) when it is not there."""
    m = END_LINE.search(body, max(0, len(body) - 80))
    if not m:
        return body, None
    return body[:m.start()], int(m.group(1))


def renumber(body, absp, path, offset):
    """Text output of a range run with --first-line 1: adds offset to the line number of each
    exchange's header line (`NAME:LINE: verdict ...`; the lines under it are indented) and
    names the file as given (path) instead of as the task was given it (absp)."""
    a, p = shown_name(absp), shown_name(path)
    if offset == 0 and a == p:
        return body
    header = re.compile(rb"^" + re.escape(a) + rb":(\d+):", re.M)
    return header.sub(lambda m: b"%s:%d:" % (p, int(m.group(1)) + offset), body)


def write_output(out, output, length, offset, absp, path, renumberer):
    """Writes the first length bytes of a range's per-exchange output to out, output being
    its bytes or the KeptOutput file a task left it in; written as validate of the whole file
    prints it: with the file named as given (path, where the task was given absp), and, for
    text (offset not None), offset added to its line numbers (renumber). A text output of
    RENUMBER_IN_C_BYTES or more goes through `ekscodec validate --renumber` with renumberer[0]
    (this machine's ekscodec; None: there is none), straight to out's file: Python spends
    about a microsecond on each exchange line, and where every exchange has problems that is
    slower than the workers that validated them. An ekscodec older than --renumber is not
    asked again (renumberer[0] = None). A kept output that needs no change is copied by the
    kernel (sendfile). Returns why the output could not be written, or None."""
    kept = output if isinstance(output, KeptOutput) else None
    try:
        fd = out.fileno()
    except (AttributeError, OSError, ValueError):  # not a file (main() called in-process)
        fd = None
    if offset is not None and (offset or absp != path):
        if renumberer[0] and fd is not None and length >= RENUMBER_IN_C_BYTES:
            out.flush()
            cmd = [renumberer[0], "validate", "--renumber", str(offset), "--name", absp]
            cmd += ["--as", path] if absp != path else []
            if kept:
                os.truncate(kept.name, length)  # its summary and end line go
                proc = subprocess.run(cmd + ["--", kept.name], stdin=subprocess.DEVNULL, stdout=fd,
                                      stderr=subprocess.PIPE)
            else:
                proc = subprocess.run(cmd, input=output[:length], stdout=fd, stderr=subprocess.PIPE)
            err = proc.stderr.decode("utf-8", "replace")
            if proc.returncode == 0:
                return None
            if proc.returncode == -signal.SIGPIPE:
                raise OutputLost(os.strerror(errno.EPIPE), errno.EPIPE)
            lost = [line for line in err.splitlines() if line.startswith(OUTPUT_LOST[0])]
            if lost:  # the output has a gap from here: nothing more can be printed after it
                raise OutputLost(lost[0].split(": ", 2)[-1])
            if "unknown option --renumber" not in err:
                return (err.strip().split("\n")[0] or "%s validate --renumber: exit %d" % (renumberer[0], proc.returncode))
            renumberer[0] = None  # nothing was written: its usage went to stderr
        out.write(renumber(read_output(output, length), absp, path, offset))
    elif kept and fd is not None and absp == path:
        out.flush()
        copy_kept(kept.name, length, fd, out)
    elif absp != path and offset is None:
        # validate printed the absolute path; print the name as given, like validate does
        out.write(rename_json(read_output(output, length), absp, path))
    else:
        out.write(read_output(output, length))
    return None


def read_output(output, length):
    """The first length bytes of output (bytes, or a KeptOutput)."""
    if not isinstance(output, KeptOutput):
        return output[:length]
    with open(output.name, "rb") as f:
        return f.read(length)


def copy_kept(name, length, fd, out):
    """Copies the first length bytes of the file name to fd (out's), by sendfile where the
    kernel can, else through out."""
    with open(name, "rb") as f:
        sent = 0
        try:
            while sent < length:
                n = os.sendfile(fd, f.fileno(), sent, length - sent)
                if n == 0:
                    break  # the file is shorter than it was: nothing more to send
                sent += n
            return
        except OSError as e:
            if sent or e.errno not in (errno.EINVAL, errno.ENOSYS):
                raise OutputLost(e.strerror or str(e), e.errno) from None
        while sent < length:
            chunk = f.read(min(1 << 20, length - sent))
            if not chunk:
                break
            out.write(chunk)
            sent += len(chunk)


def newline_counter():
    """Returns count(buffer, n) -> number of newlines in buffer[:n], for the count without
    ekscodec: numpy where it is installed (several GB/s, GIL released), else bytearray.count
    (about 1.4 GB/s, GIL held)."""
    try:
        import numpy
    except ImportError:
        return lambda buf, n: buf.count(b"\n", 0, n)
    return lambda buf, n: int(numpy.count_nonzero(numpy.frombuffer(buf, numpy.uint8, n) == 0x0A))


def first_lines_python(path, cuts, block=1 << 22):
    """Yields, for each cut (ascending byte offsets), the line it lies on (1-based). One pass
    over the file: each range is told its line instead of counting every byte before it
    (which over a tiling reads the file quadratically)."""
    count = newline_counter()
    buf = bytearray(block)
    view = memoryview(buf)
    line, pos = 1, 0
    with open(path, "rb", buffering=0) as f:
        for cut in cuts:
            while pos < cut:
                got = f.readinto(view[:min(cut - pos, block)])
                if not got:
                    pos = cut  # the file shrank: the range will find nothing there
                    break
                line += count(buf, got)
                pos += got
            yield line


def first_lines_ekscodec(ekscodec, path, cuts, split_bytes):
    """The same as first_lines_python, read from `ekscodec validate --split`, which counts at
    memory speed in its own process (neither this interpreter's time nor its GIL, which the
    Dask import and the workers' threads need) and prints each range's line once known."""
    proc = subprocess.Popen([ekscodec, "validate", "--split", str(split_bytes), "--", path], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    found = 0
    try:
        for cut in cuts:
            got = proc.stdout.readline().split()
            if len(got) != 2 or not got[0].startswith(b"%d:" % cut):
                break
            yield int(got[1])
            found += 1
    finally:
        # all found: a file that grew since its size was taken has more ranges, not these;
        # else the lines are wrong or were not wanted, and any more would be too
        if proc.poll() is None:
            proc.kill()
        proc.stdout.close()
        err = proc.stderr.read().decode("utf-8", "replace").strip()
        proc.stderr.close()
        rc = proc.wait()
    if found < len(cuts):
        raise OSError("%s validate --split: %s" % (ekscodec, err or "unexpected output (exit %d)" % rc))


def beside_this_script(name):
    """The executable NAME in the directory of the ekscodec-dask script that runs this module
    (symbolic links followed), or None."""
    script = globals().get("EKSCODEC_DASK_SCRIPT", __file__)
    p = os.path.join(os.path.dirname(os.path.realpath(script)), name)
    return p if os.path.isfile(p) and os.access(p, os.X_OK) else None


def not_jsonl(path):
    """Why validate --range would refuse the file, from its first bytes as eks_capture_detect
    reads them (a BOM and whitespace skipped; '{' then "log" is HAR), or None: every range of
    it would be refused, after a pass over the data to count its lines."""
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError:
        return None  # reported in its place, as validate does
    head = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    head = head.lstrip(b" \t\r\n")
    if not head:
        return None  # empty, or all whitespace: validate says which
    if head[:1] != b"{":
        return "not JSON Lines (raw HTTP/1.1, say: no record boundaries to cut at)"
    if head[1:].lstrip(b" \t\r\n").startswith(b'"log"'):
        return "a HAR file (one JSON document, it cannot be cut)"
    return None


def ranges(path, split_bytes):
    """The ranges of split_bytes tiling path, the last one longer when what is left for it
    is under a tenth of split_bytes: a range is one task, whose ekscodec process and Dask's
    round trips cost some 5 ms however short it is (Hadoop's input splits have the same rule,
    its SPLIT_SLOP of 1.1)."""
    size = os.path.getsize(path)
    if size == 0:
        return [(0, 0)]
    starts = list(range(0, size, split_bytes))
    if len(starts) > 1 and size - starts[-1] < split_bytes / 10:
        starts.pop()
    return list(zip(starts, starts[1:] + [size]))


def main(argv=None, exit_next=False):
    """The command; exit_next: the process exits once it returns (no teardown needed)."""
    ap = ArgumentParser(prog="ekscodec-dask", usage="%(prog)s [options] [--] FILE...", description="ekscodec validate over a Dask cluster "
                                 "(JSON Lines captures, cut into byte ranges)")
    ap.add_argument("files", nargs="*", metavar="FILE")
    ap.add_argument("--scheduler", metavar="ADDRESS", help="a running Dask scheduler (default: a LocalCluster)")
    ap.add_argument("--split-mb", type=float, default=64.0,
                    help="range size in MiB, 2^20 bytes (default 64; a file's last range is up to 10%% longer)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                    help="LocalCluster workers (default: one per CPU)")
    ap.add_argument("--processes", action="store_true",
                    help="LocalCluster workers are processes (default: threads of this process, which start "
                    "faster; each task runs ekscodec in its own process either way)")
    ap.add_argument("--strict", action="store_true")
    ap.add_argument("--verify-signatures", action="store_true")
    ap.add_argument("--endpoint", action="append", default=[], metavar="HOST[:PORT]")
    ap.add_argument("--format", choices=("text", "json"), default="text")
    ap.add_argument("--count-lines", choices=("here", "cluster"),
                    help="with --format json, where the line each range starts on is counted: here (one read "
                    "of the whole file on this machine, beside Dask's start-up; the default without "
                    "--scheduler) or cluster (each range's newlines by a task on the workers, in parallel, "
                    "where the range is then validated; the default with --scheduler). --format text counts "
                    "nothing")
    ap.add_argument("--ekscodec", metavar="PATH", help="the ekscodec binary on the workers (default: ekscodec "
                    "on their PATH; for a LocalCluster, the one on this PATH, else the one installed beside "
                    "ekscodec-dask)")
    # FILEs after options too, as validate takes them, and every argument after "--" a FILE
    # (which parse_intermixed_args does not do itself)
    argv = sys.argv[1:] if argv is None else list(argv)
    files = argv[argv.index("--") + 1:] if "--" in argv else []
    args = ap.parse_intermixed_args(argv[:len(argv) - len(files) - 1] if "--" in argv else argv)
    args.files += files
    if not args.files:
        ap.error("the following arguments are required: FILE")
    if sys.stdout is None:  # started with its standard output closed
        say("cannot write the output: %s" % os.strerror(errno.EBADF))
        return 2
    if not math.isfinite(args.split_mb) or args.split_mb <= 0 or args.workers < 1:
        ap.error("--split-mb and --workers must be positive")
    flags = []
    if args.strict:
        flags.append("--strict")
    if args.verify_signatures:
        flags.append("--verify-signatures")
    for e in args.endpoint:
        flags += ["--endpoint", e]
    # on this machine: PATH's ekscodec, else the one installed beside this script
    here = shutil.which("ekscodec") or beside_this_script("ekscodec")
    ekscodec = args.ekscodec or "ekscodec"
    if not args.scheduler and not args.ekscodec:
        ekscodec = here or ekscodec
    split_bytes = max(1, int(args.split_mb * 1024 * 1024))
    counter = shutil.which(args.ekscodec) if args.ekscodec else here
    # --verify-signatures needs credentials in the workers' environment: a LocalCluster's is
    # this one (a remote cluster's workers are asked by their tasks)
    probed = flags if not args.scheduler else [f for f in flags if f != "--verify-signatures"]
    if counter and (args.endpoint or "--verify-signatures" in probed):
        # validate's own check of the options it is passed, before a cluster runs every range
        # only for each to refuse them: on an empty range of a one-record file made here
        with tempfile.NamedTemporaryFile(suffix=".jsonl") as probe:
            probe.write(b"{}\n")
            probe.flush()
            proc = subprocess.run([counter, "validate", "--range", "0:0"] + probed + [probe.name],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        if proc.returncode == 2:
            sys.stderr.buffer.write(proc.stderr)
            return 2

    work = []  # (FILE argument's index, path, absolute path, start, end)
    status = 0
    for n, path in enumerate(args.files):
        try:
            mode = os.stat(path).st_mode if path != "-" else 0
        except OSError as e:  # as validate says it
            say("cannot open %s: %s" % (path, e.strerror))
            status = 2
            continue
        if stat.S_ISDIR(mode) or not stat.S_ISREG(mode):
            say(path + (" is a directory" if stat.S_ISDIR(mode) else ": not a regular file (ranges need one)"))
            status = 2
            continue
        why = not_jsonl(path)
        if why:
            say("%s is %s: ranges need JSON Lines; `ekscodec validate` reads it whole" % (path, why))
            status = 2
            continue
        # the workers of a cluster see the file at the same absolute path (a shared file
        # system); a LocalCluster's, in this directory, as given (and print it so)
        absp = os.path.join(os.getcwd(), path) if args.scheduler else path
        work += [(n, path, absp, s, e) for s, e in ranges(path, split_bytes)]

    # counted here, the lines are counted (a pass over the data) while distributed is imported
    # and the cluster starts: both are paid once, side by side. The ekscodec that counts (and
    # checks the options) runs here: the one given if this machine has it, else PATH's
    # --format text needs no count: each range numbers its lines from its START (--first-line
    # 1) and says which line its END is on (--end-line); the driver adds up (renumber)
    count_here = (args.count_lines or ("cluster" if args.scheduler else "here")) == "here"
    if args.format == "text":
        lines = itertools.repeat((1, None))
    else:
        lines = start_counting(work, counter, split_bytes) if count_here else None
    # Modules Dask imports only for what this driver never does are marked absent (None in
    # sys.modules makes an import fail at once, and Dask guards each of these imports) until
    # the client is up: jinja2, which dask.widgets imports to render HTML for notebooks (10 ms
    # of the import), and, for a LocalCluster of threads, pandas, which a worker imports when
    # it registers, only to report its version (0.35 s; the report says "None": these
    # workers' tasks run ekscodec and nothing else). When the process ends with this run (the
    # command, not main() called in-process, whose later Dask would stay without them), also
    # tornado.log's colorama and curses (colours for a terminal's log: Dask's is silenced
    # here) and, for a LocalCluster, distributed.comm.ucx, the UCX transport, which only a
    # ucx:// scheduler uses and which imports unittest.mock: 25 M instructions in all, 2 % of
    # the import (callgrind).
    absent = ["jinja2"] + ([] if args.scheduler or args.processes else ["pandas"])
    if exit_next:
        absent += ["colorama", "curses"] + ([] if args.scheduler else ["distributed.comm.ucx"])
    absent = [m for m in absent if m not in sys.modules]
    for m in absent:
        sys.modules[m] = None
    # Importing distributed and starting a cluster create some hundred thousand objects and
    # no garbage: the collector's passes over them cost 40-50 ms here (a tenth of the
    # driver's fixed cost); it is off until the client is up, then those objects are frozen
    # out of its way (gc.freeze) and it runs as usual.
    gc.disable()
    cluster = client = None
    totals = [0, 0, 0, 0]
    out = Output(sys.stdout.buffer)
    lost = stopped = None  # an OutputLost; the number of the signal that ended the run
    global EKSCODEC_DASK_LOCAL
    local = EKSCODEC_DASK_LOCAL = LocalProcesses()  # this run's (main() may be called again)
    # main() may be called in-process: what it changes of the interpreter's state is undone
    # however it ends, the collector and the modules once the client is up, Dask's
    # configuration at the end
    starting = contextlib.ExitStack()
    starting.callback(gc.enable)
    starting.callback(lambda: [sys.modules.pop(m) for m in absent if m in sys.modules and sys.modules[m] is None])
    running = contextlib.ExitStack()
    try:
        try:
            with quick_dask_import(skip_ca_roots=exit_next and not args.scheduler):
                import dask
                from distributed import Client, LocalCluster
        except ImportError:
            say("this python (%s) cannot import distributed: apt-get install python3-distributed" % sys.executable)
            return 2
        # Dask sends the scheduler the source of the code that submits a task (for its
        # dashboard), which inspect.getsource finds, on its first call, by mapping every
        # imported module to its file: 20 ms, in every run's fixed cost. This driver's source
        # says nothing of the tasks: its frames are skipped like Dask's own, leaving none. Run
        # by the ekscodec-dask script, the frames above it are runpy's and the script's (also
        # named __main__).
        config = {"distributed.diagnostics.computations.ignore-modules":
                  list(dask.config.get("distributed.diagnostics.computations.ignore-modules")) +
                  [re.escape(__name__) + "$"] + (["runpy$"] if __name__ == "__main__" else [])}
        if not args.scheduler:
            # Dask's own periodic work competes with the ekscodec processes for the cores, and
            # none of it serves these tasks (0.2-0.4 s of CPU over a 1 GB run): the workers'
            # statistical profiler (every thread every 10 ms: with thread workers, this
            # process's counting too), the event loop's 20 ms latency tick, the system monitor
            # behind the dashboard (there is none), and the memory monitor of each worker
            # (memory_limit=0): the tasks' memory is in their ekscodec processes, not in the
            # workers it would pause or restart. Nor does anyone ask its HTTP servers for
            # metrics, health or JSON: without those routes, their modules are not imported
            # (11 M instructions, 1 % of the fixed cost).
            config.update({"distributed.worker.profile.enabled": False,
                           "distributed.admin.tick.interval": "1s",
                           "distributed.admin.system-monitor.interval": "5s",
                           "distributed.scheduler.http.routes": [],
                           "distributed.worker.http.routes": []})
        running.enter_context(dask.config.set(config))
        # a LocalCluster's tasks leave their output in files here (validate_range), and its
        # workers their scratch space, which Dask would otherwise leave in TMPDIR after every
        # run (removed at the end; a task still running then, after an error, may leave its file)
        keep_in = None if args.scheduler else running.enter_context(
            tempfile.TemporaryDirectory(prefix="ekscodec-dask-", ignore_cleanup_errors=True))
        if args.scheduler:
            client = Client(args.scheduler)
        else:
            cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=args.processes,
                                   memory_limit=0, local_directory=keep_in,
                                   dashboard_address=None, silence_logs=logging.ERROR,
                                   # its HTTP server (no dashboard) on a free loopback port, not
                                   # on 8787 with a warning when another cluster holds that
                                   scheduler_kwargs={"dashboard_address": "127.0.0.1:0"})
            # (the command only: in-process, a Client another thread makes meanwhile would
            # subscribe to nothing either)
            with without_default_subscriptions(Client) if exit_next else contextlib.nullcontext():
                client = Client(cluster)
        gc.freeze()
        starting.close()
        if lines is None:
            lines = counted_on_cluster(client, work, ekscodec)
        text_mode = args.format == "text"
        futures = ahead(submit_each(client, work, lines, ekscodec, args.format,
                                    flags + ["--end-line"] if text_mode else flags, keep_in),
                        ranges_ahead(client, None if args.scheduler else args.workers))
        renumberer = [counter]  # this machine's ekscodec, for write_output
        reported = set()
        said = set()  # (FILE argument's index or None, a stderr line of its tasks), printed once
        start_line = {}  # text: FILE argument's index -> the line the next range starts on, None: unknown
        for (n, path, absp, s, e), fut in zip(work, futures):
            if isinstance(fut, OSError):
                if n not in reported:
                    reported.add(n)
                    say("cannot read %s: %s" % (path, fut.strerror or fut))
                status = 2
                continue
            rc, output, err = fut.result()
            kept = output if isinstance(output, KeptOutput) else None
            # the summary and the end line, at the end: in a kept output's tail
            body, counts = split_summary(kept.tail if kept else output, args.format)
            offset = None  # text: what to add to the line numbers
            if text_mode:
                first = start_line.get(n, 1)
                body, end = split_end_line(body)
                if first is None:  # an earlier range of this file said nothing of its end: reported
                    body, counts, err = b"", None, ""
                    forget(kept and kept.name)
                    output = kept = None  # nothing of it is printed
                else:
                    start_line[n] = first + end - 1 if end is not None else None
                    # without its end line (a range that could not be read says why itself), the
                    # file's later ranges cannot be numbered: their output is left out, exit 2
                    if end is None and n not in reported:
                        reported.add(n)
                        status = 2
                        why = None
                        if "unknown option --end-line" in err:
                            err = ""  # the usage that follows is not worth repeating
                            why = ("the workers' %s has no --end-line (an ekscodec older than this driver): "
                                   "update it, or give --format json" % ekscodec)
                        elif not err.strip():
                            why = ("the range %d:%d did not say which line its end is on: the lines after it "
                                   "cannot be numbered" % (s, e))
                        if why:
                            say("%s: %s" % (path, why))
                    offset = first - 1
            if output is not None:
                length = kept.size - len(kept.tail) + len(body) if kept else len(body)
                not_written = write_output(out, output, length, offset, absp, path, renumberer)
                if not_written:
                    say("%s: %s" % (path, not_written))
                    status = 2
                out.flush()
                forget(kept and kept.name)
            if err:
                # validate's messages name the file as it printed it: as given here, and each
                # message once for each FILE argument, as validate prints it (a file that
                # cannot be opened fails every one of its ranges)
                if absp != path:
                    err = err.replace(shown_name(absp).decode("utf-8"), shown_name(path).decode("utf-8"))
                # (shown: validate's own lines need nothing, a message of this driver's
                # quoting --ekscodec's path may)
                # A message that names no file (the run's own: "no AWS_ACCESS_KEY_ID ...") is
                # printed once, as validate prints it once per run, not once per FILE
                lines = err.split("\n")
                named = shown_name(path).decode("utf-8")
                for line in lines[:-1] if lines[-1] == "" else lines:
                    key = (n if named in line else None, line)
                    if key not in said:
                        said.add(key)
                        sys.stderr.write(shown_text(line) + "\n")
            if rc not in (0, 1) or counts is None:
                status = 2
            if counts:
                totals = [a + b for a, b in zip(totals, counts)]
            fut.release()
    except OutputLost as e:
        lost = e
    except Stopped as e:
        stopped = e.signum
    except KeyboardInterrupt:
        stopped = signal.SIGINT
    except Exception as e:  # a scheduler out of reach, a task that killed its workers (KilledWorker)
        # exit 2 like unreadable input: 1 would claim that some exchange is invalid
        say("%s: %s" % (type(e).__name__, e))
        return 2
    finally:
        # the ekscodec processes of tasks still running here have nobody to print for
        local.stop()
        # A LocalCluster of threads dies with this process: when the process exits next
        # (ekscodec-dask run as a command), closing it first costs 10-15 ms and frees nothing
        # the exit does not. A remote scheduler is told that the client leaves, and worker
        # processes are stopped, either way.
        if not (exit_next and cluster is not None and not args.processes):
            if client is not None:
                client.close()
            if cluster is not None:
                cluster.close()
        starting.close()
        running.close()
    n, v, i, k = totals
    try:
        if stopped or lost:
            pass
        elif args.format == "json":
            # as validate's: a run that exits 2 says its counts miss something, for --merge
            out.write(b'{"summary":{"exchanges":%d,"valid":%d,"invalid":%d,"skipped":%d%s}}\n' %
                      (n, v, i, k, b',"incomplete":true' if status else b""))
        else:
            out.write(b"%d exchange%s: %d valid, %d invalid, %d skipped%s\n" % (
                n, b"" if n == 1 else b"s", v, i, k, b" (incomplete: see the messages on stderr)" if status else b""))
        if not stopped:
            out.flush()
    except OutputLost as e:
        lost = e
    if stopped:
        return -stopped
    if lost:
        if lost.errno == errno.EPIPE:  # the reader left: validate dies by SIGPIPE, silently
            return -signal.SIGPIPE
        say("cannot write the output: %s" % lost)
        return 2
    return status if status else (1 if i else 0)


@contextlib.contextmanager
def quick_dask_import(skip_ca_roots):
    """Avoids, while Dask is imported, two of the import's costs that buy this driver nothing
    (and undoes both once it is):
    - PyYAML's pure-Python loader reads the defaults Dask and distributed ship (dask.yaml,
      distributed.yaml): libyaml's, where PyYAML has it, gives the same objects for 126 M
      fewer instructions, a tenth of the import (callgrind, Debian's Dask 2022.12). Any
      other YAML (the user's Dask configuration) is read as usual, errors and all.
    - tornado.netutil makes a default client TLS context when it is imported, and that
      reads and parses every CA root of the system: 240 M instructions, a fifth of the
      import. A LocalCluster never uses it (its comms are in-process or plain TCP), nor do
      Dask's https:// preloads (urllib3's own context); a wss:// scheduler without Security
      settings does. skip_ca_roots (given when the process ends with this run and the run
      starts its own LocalCluster) makes it without them; otherwise tornado keeps its
      usual default."""
    with contextlib.ExitStack() as swaps:
        try:
            import yaml
        except ImportError:  # Dask cannot be imported either: the caller says so
            yaml = None
        if yaml is not None and hasattr(yaml, "CSafeLoader"):
            usual_load = yaml.safe_load

            def safe_load(stream):
                name = getattr(stream, "name", None)
                if (isinstance(name, str) and os.path.basename(name) in ("dask.yaml", "distributed.yaml")
                        and os.path.basename(os.path.dirname(name)) in ("dask", "distributed")):
                    return yaml.load(stream, Loader=yaml.CSafeLoader)
                return usual_load(stream)

            swaps.enter_context(swapped(yaml, "safe_load", safe_load))
        if skip_ca_roots:
            import ssl
            swaps.enter_context(swapped(ssl.SSLContext, "load_default_certs",
                                        lambda self, purpose=ssl.Purpose.SERVER_AUTH: None))
        yield


def without_default_subscriptions(client_class):
    """A Client made meanwhile does not subscribe to its workers' print and warn events (which
    forward what a task gives distributed.print or distributed.warn; these tasks give nothing).
    The first of those messages, sent as the client starts, opens its 10 ms send batch, which
    the first task's submission then waited out: 7 ms of the fixed cost, from the client's
    start to the first task's. Dask's class attribute is put back as soon as the client is up;
    a Dask without it is left as it is."""
    if not isinstance(client_class.__dict__.get("_default_event_handlers"), dict):
        return contextlib.nullcontext()
    return swapped(client_class, "_default_event_handlers", {})


@contextlib.contextmanager
def swapped(owner, name, value):
    """owner.name is value meanwhile, then what it was."""
    usual = getattr(owner, name)
    setattr(owner, name, value)
    try:
        yield
    finally:
        setattr(owner, name, usual)


def start_counting(work, counter, split_bytes):
    """Counts, in a thread, the line each range starts on (with the ekscodec binary counter,
    or in Python when it is None); returns a queue that gets one line number per item of
    work, in order, or an OSError (a file that cannot be read)."""
    lines = queue.SimpleQueue()

    def count():
        try:
            for _, run in itertools.groupby(work, key=lambda item: item[0]):  # one FILE argument's ranges
                run = list(run)
                absp, cuts = run[0][2], [it[3] for it in run]
                done = 0
                # one range, at 0, is on line 1 without counting (and --split refuses an empty file)
                if counter and cuts != [0]:
                    try:
                        for line in first_lines_ekscodec(counter, absp, cuts, split_bytes):
                            lines.put(line)
                            done += 1
                    except OSError as e:
                        # the count is only a faster way: Python's reports what it cannot read
                        say("%s; counting lines in Python" % e)
                if done < len(cuts):  # the lines after the done ones (whose count needs the whole prefix)
                    try:
                        for line in itertools.islice(first_lines_python(absp, cuts), done, None):
                            lines.put(line)
                            done += 1
                    except OSError as e:
                        for _ in range(len(cuts) - done):
                            lines.put(e)
        except Exception as e:
            lines.put(e)

    threading.Thread(target=count, name="ekscodec-dask line count", daemon=True).start()
    return lines


def counted_on_cluster(client, work, ekscodec):
    """The --count-lines cluster source of submit_each: each range's newlines counted by a task
    (`ekscodec validate --newlines`), all submitted at once, so the workers read the file in
    parallel; yields, for each item of work in order, (the line its range starts on, or an
    OSError when its file cannot be read there; the future of that range's count, or None)."""
    counts = [client.submit(count_range, ekscodec, absp, s, e, pure=False, retries=TASK_RETRIES)
              if k + 1 < len(work) and work[k + 1][0] == n else None  # a file's last range: no count needed
              for k, (n, _, absp, s, e) in enumerate(work)]
    line = failed = None
    for k, (n, _, _, _, _) in enumerate(work):
        if k == 0 or work[k - 1][0] != n:
            line, failed = 1, None
        got = counts[k].result() if counts[k] is not None and not failed else None
        if isinstance(got, OSError):
            failed = got
        yield (failed or line), (counts[k] if not failed else None)
        counts[k] = None  # held by the task that depends on it, as long as it needs it
        if got is not None and not failed:
            line += got


def submit_each(client, work, lines, ekscodec, fmt, flags, keep_in):
    """Yields, for each item of work in order, its validation's future (submitted when the
    item is taken, as soon as the line its range starts on is known, so the workers start on
    the first ranges while the rest of the file is still being counted), or the OSError
    saying why its file cannot be read. lines: a queue from start_counting, or an iterator of
    (line, future of the range's count or None) pairs. A validation outranks the counts still
    waiting (priority), so a worker validates the range it counted while its page cache
    still holds it."""
    pairs = lines if not isinstance(lines, queue.SimpleQueue) else ((lines.get(), None) for _ in work)
    for (_, _, absp, s, e), (line, counted) in zip(work, pairs):
        if isinstance(line, OSError):
            yield line  # this file cannot be read: reported in file order, the others go on
            continue
        if isinstance(line, Exception):
            raise line
        yield client.submit(validate_range, ekscodec, absp, s, e, line, fmt, flags, counted=counted,
                            keep_in=keep_in, pure=False, retries=TASK_RETRIES, priority=1)


def ahead(items, how_many):
    """Yields the items of the iterator items in order, having taken how_many() more from it
    beforehand: the ranges submitted beyond the one being printed. Without a bound, a
    consumer slower than the workers (a pipe, a disk) would let every range's output pile
    up, in the files of a LocalCluster's tasks or in the workers' memory, up to the whole
    output of the whole capture."""
    window = collections.deque()
    for item in items:
        window.append(item)
        if len(window) > how_many():
            yield window.popleft()
    while window:
        yield window.popleft()


def ranges_ahead(client, local_threads):
    """how_many for ahead: AHEAD_PER_THREAD ranges per worker thread of the cluster (a
    LocalCluster's local_threads; a remote cluster's, asked at most once a second, since
    workers may join or leave while it runs)."""
    if local_threads:
        return lambda: AHEAD_PER_THREAD * local_threads
    threads, asked = 1, -1.0

    def how_many():
        nonlocal threads, asked
        if time.monotonic() - asked >= 1.0:
            asked = time.monotonic()
            threads = max(1, sum(client.nthreads().values()))
        return AHEAD_PER_THREAD * threads
    return how_many


def rename_json(text, absp, path):
    """Replaces the file name validate printed (absolute) by the one given on the command line,
    both written as validate's JSON writes a name (put_json_str); text output is renamed by
    renumber."""
    enc = lambda p: b'{"file":' + json_name(p)
    return text.replace(enc(absp), enc(path))


# cli_shown's bidirectional marks and line and paragraph separators (cli_common.c, moves_text)
MOVES_TEXT = frozenset([0x061C, 0x200E, 0x200F, 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def shown_name(name):
    """cli_shown: a control character, DEL, a C1 control, a bidirectional mark, a line or
    paragraph separator or a byte of no UTF-8 character is '?'."""
    return "".join("?" if 0xDC80 <= ord(c) <= 0xDCFF or ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 or ord(c) in MOVES_TEXT
                   else c for c in name).encode("utf-8")


def shown_text(text):
    """text (a message that may quote a path, an address or an argument as given) for stderr:
    shown_name's rules, a newline in it included, as validate shows what it echoes."""
    return shown_name(str(text)).decode("utf-8")


def say(message):
    """One message of the driver's on stderr, one line, as validate writes its own: whatever it
    quotes (a FILE, --ekscodec's path, an exception's text, which may quote the --scheduler
    address) shown by shown_text."""
    print("ekscodec-dask: " + shown_text(message), file=sys.stderr)


class ArgumentParser(argparse.ArgumentParser):
    """argparse's, whose messages quote an unrecognized or ambiguous argument as given."""

    def error(self, message):
        super().error(shown_text(message))


def json_name(name):
    """put_json_str: a byte of no UTF-8 character, a C0 or C1 control and DEL are \\u00XX."""
    out = ['"']
    for c in name:
        o = ord(c)
        if c in '"\\':
            out.append("\\" + c)
        elif c in "\n\r\t":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}[c])
        elif 0xDC80 <= o <= 0xDCFF:  # os.fsdecode's stand-in for an undecodable byte
            out.append("\\u%04x" % (o - 0xDC00))
        elif o < 0x20 or 0x7F <= o < 0xA0:
            out.append("\\u%04x" % o)
        else:
            out.append(c)
    out.append('"')
    return "".join(out).encode("utf-8")


if __name__ == "__main__":
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, stop_on_signal)
    # the ekscodec-dask script left SIGINT to kill the process while this module loaded (no
    # traceback, as validate dies by it); from here it is KeyboardInterrupt, and cleaned up
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        status = main(exit_next=True)
    except Stopped as e:  # before the cluster starts: nothing to clean up
        status = -e.signum
    except KeyboardInterrupt:
        status = -signal.SIGINT
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, OSError):  # closed, or said so
            stream.flush()
    if status < 0:
        # a signal ended the run (or the reader of the output left): the process dies by it,
        # as validate does, once cleaned up; a shell reports it (or, for SIGPIPE, does not)
        signal.signal(-status, signal.SIG_DFL)
        os.kill(os.getpid(), -status)
    # everything is closed and written: what is left is the interpreter's teardown of
    # distributed's threads and event loops, about 0.15 s (a tenth of a small run's time)
    # that frees nothing the exit itself does not
    os._exit(status)
