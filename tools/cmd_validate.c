/*
 * ekscodec validate: check captured traffic (HAR 1.2, JSON Lines, raw HTTP/1.1) against the
 * DisassociateIdentityProviderConfig model (DESIGN §3).
 *
 * Work is cut into units: a whole file, or, for a JSON Lines file with --jobs N > 1, N byte
 * ranges aligned to line starts. Units run in order on one thread, or on N threads that
 * each write into a temporary file; the main thread copies those to stdout in input order,
 * fixing up line numbers (a range does not know how many lines precede it until the ranges
 * before it are done).
 *
 * --range START:END restricts one JSON Lines file to the records whose first byte lies in
 * [START, END): both ends are moved to the next line start (align_to_line), which is exactly
 * how --jobs cuts a file, and the resulting span is cut into units like a whole file. Line
 * numbers stay those of the whole file: the newlines before the span are counted first (a
 * plain counting pass over [0, START), no parsing), unless --first-line N says that byte
 * START lies on line N. A driver tiling a file gives N, or each range would count the
 * whole prefix again: quadratic over a tiling.
 *
 * --merge reads the JSON outputs of several runs (or just their summary lines), sums the
 * summaries and prints the total with the exit status validate would have had.
 *
 * --split SIZE plans a tiling for such a driver: the ranges and the N of each
 * (validate_split.h), from one counting read of the file; --newlines START:END counts one
 * range's newlines, for a driver that counts the ranges in parallel and sums them.
 */
#include "capture_file.h"
#include "cli_args.h"
#include "cli_common.h"
#include "ekscodec/exchange.h"
#include "validate_renumber.h"
#include "validate_report.h"
#include "validate_split.h"

#include "json_read.h"

#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int cmd_validate(int argc, char **argv);

#define DETECT_BYTES 65536u
/* JSONL files below this are not worth splitting across jobs */
#define SPLIT_MIN_BYTES (1u << 20)

typedef struct val_file {
    const char *name;
    int fd;
    bool is_stdin;
    bool regular;
    uint64_t size;
    eks_capture_kind kind;
    uint64_t lo, hi;       /* span to validate: [0, size), or the aligned --range */
    uint64_t line_base;    /* newlines before lo */
    char *prefix; /* non-regular input: bytes read for detection */
    size_t prefix_len;
} val_file;

typedef struct val_unit {
    val_file *file;
    uint64_t start, end;
    /* results */
    val_counts counts;
    uint64_t lines;
    bool failed;
    bool cut; /* stopped by a write that failed (its own or another unit's): output incomplete */
    char err[256];
    FILE *tmp;
    atomic_bool done;
} val_unit;

typedef struct val_run {
    eks_exchange_options cfg;
    val_format fmt;
    eks_capture_options copt;
    val_unit *units;
    size_t unit_count;
    atomic_size_t next_unit;
    atomic_uint_fast64_t bytes_done;
    atomic_uint_fast64_t exchanges_done;
    uint64_t bytes_total;
    bool progress;
    double t0;
    double last_progress;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    /* The errno of the first write that failed, to stdout or to a unit's temporary file: the
     * output is incomplete from there, so every unit stops at its next exchange, rather than
     * validate a capture of terabytes for an output already lost, and the run ends in exit 2. */
    atomic_int out_err, tmp_err;
    const char *tmp_dir; /* for the units' temporary files: $TMPDIR, else /tmp */
} val_run;

static double now_sec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void validate_usage(FILE *f)
{
    fputs("usage: ekscodec validate [--strict] [--verify-signatures] [--format text|json] [--jobs N]\n"
          "                         [--endpoint HOST[:PORT]]... [--max-line-bytes N]\n"
          "                         [--range START:END [--first-line N] [--end-line]] [--] FILE...\n"
          "       ekscodec validate --merge [--format text|json] [FILE|-]...\n"
          "       ekscodec validate --split SIZE FILE\n"
          "       ekscodec validate --newlines START:END FILE\n"
          "       ekscodec validate --renumber N --name NAME [--as SHOWN] [OUTPUT|-]...\n"
          "Input: HAR 1.2, JSON Lines exchanges or raw HTTP/1.1 messages (detected from the content;\n"
          "'-' reads stdin). An exchange is EKS traffic when its host is an EKS endpoint (eks.*,\n"
          "eks-fips.*, a VPC endpoint name), its SigV4 scope names the service, or --endpoint names\n"
          "its host; it is routed to its operation by method and path. Other traffic is skipped.\n"
          "--verify-signatures recomputes SigV4 signatures with AWS_ACCESS_KEY_ID,\n"
          "AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN from the environment (without the first\n"
          "two it refuses to run: exit 2).\n"
          "--jobs N splits the work over N threads (0: one per CPU; at most 256).\n"
          "--range START:END (bytes, END exclusive; one JSON Lines file) validates the records whose\n"
          "first byte lies in the range, with line numbers as in the whole file; --first-line N\n"
          "(1-based: byte START lies on line N) spares it counting the lines before START;\n"
          "--end-line prints, before the summary, the line END lies on (the next range's N).\n"
          "--merge sums the summaries of JSON outputs of several runs and exits as validate would.\n"
          "--split SIZE (bytes, or with K, M, G) prints the ranges of SIZE bytes that tile one JSON\n"
          "Lines FILE, one 'START:END N' a line: arguments for --range START:END --first-line N.\n"
          "--newlines START:END prints the number of newline bytes in [START, END) of one JSON Lines\n"
          "FILE: counted range by range (in parallel), their sums give each range's --first-line.\n"
          "--renumber N adds N to the line numbers of NAME's exchanges in text OUTPUTs of --range\n"
          "runs (stdin when none), printing SHOWN for NAME with --as; every other byte is copied.\n"
          "Exit: 0 nothing invalid, 1 some exchange invalid, 2 usage error or unreadable input.\n", f);
}

static void print_progress(val_run *run, bool final)
{
    if (!run->progress)
        return;
    double t = now_sec();
    if (!final && t - run->last_progress < 0.5)
        return;
    run->last_progress = t;
    double mb = (double)atomic_load(&run->bytes_done) / 1e6, el = t - run->t0;
    if (final) {
        fputs("\r\033[K", stderr);
        return;
    }
    fprintf(stderr, "\rvalidate: %.1f MB", mb);
    if (run->bytes_total)
        fprintf(stderr, " of %.1f MB (%.0f%%)", (double)run->bytes_total / 1e6,
                100.0 * mb * 1e6 / (double)run->bytes_total);
    fprintf(stderr, ", %.1f MB/s, %llu exchanges\033[K", el > 0 ? mb / el : 0.0,
            (unsigned long long)atomic_load(&run->exchanges_done));
    fflush(stderr);
}

/* Runs one unit, writing through sink. Sets unit->failed on unreadable input. */
static void run_unit(val_run *run, val_unit *u, val_sink *sink, eks_exchange_ctx *ctx, bool main_thread)
{
    eks_capture_reader *reader = NULL;
    eks_exchange ex;
    memset(&ex, 0, sizeof ex);
    eks_exchange_result res;
    memset(&res, 0, sizeof res);
    val_file *f = u->file;
    uint64_t reported = 0, n = 0;
    if (!cli_capture_open(&reader, f->kind, f->fd, u->start, u->end, f->prefix, f->prefix_len, &run->copt, u->err,
                          sizeof u->err)) {
        u->failed = true;
        goto out;
    }
    for (;;) {
        if (atomic_load_explicit(&run->out_err, memory_order_relaxed) ||
            atomic_load_explicit(&run->tmp_err, memory_order_relaxed)) {
            u->cut = true;
            break;
        }
        int got = eks_capture_reader_next(reader, &ex, u->err, sizeof u->err);
        if (got < 0) {
            u->failed = true;
            break;
        }
        if (got == 0)
            break;
        if (!eks_exchange_check(ctx, &ex, EKS_EXCHANGE_NO_CLOCK, &res)) {
            snprintf(u->err, sizeof u->err, "out of memory");
            u->failed = true;
            break;
        }
        u->counts.exchanges++;
        if (res.verdict == EKS_VERDICT_VALID)
            u->counts.valid++;
        else if (res.verdict == EKS_VERDICT_INVALID)
            u->counts.invalid++;
        else
            u->counts.skipped++;
        int werr = val_report_exchange(sink, run->fmt, f->name, f->kind, ex.position, &res);
        if (werr) {
            int none = 0;
            atomic_compare_exchange_strong(sink->deferred ? &run->tmp_err : &run->out_err, &none, werr);
            u->cut = true;
            break;
        }
        if ((++n & 255) == 0) {
            uint64_t b = eks_capture_reader_bytes(reader);
            atomic_fetch_add(&run->bytes_done, b - reported);
            atomic_fetch_add(&run->exchanges_done, 256);
            reported = b;
            if (main_thread)
                print_progress(run, false);
        }
    }
    atomic_fetch_add(&run->bytes_done, eks_capture_reader_bytes(reader) - reported);
    atomic_fetch_add(&run->exchanges_done, n & 255);
    u->lines = eks_capture_reader_lines(reader);
out:
    eks_exchange_result_free(&res);
    eks_diags_free(&ex.diags);
    eks_capture_reader_free(reader);
}

/* An anonymous temporary file in dir (glibc's tmpfile() ignores TMPDIR, and /tmp may be a
 * small tmpfs): unlinked at once, so nothing is left however the run ends. */
static FILE *unit_tmpfile(const char *dir)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s/ekscodec-validate-XXXXXX", dir) >= (int)sizeof path)
        return NULL;
    int fd = mkstemp(path);
    if (fd < 0)
        return NULL;
    unlink(path);
    FILE *f = fdopen(fd, "w+b");
    if (!f)
        close(fd);
    return f;
}

static void *worker(void *arg)
{
    val_run *run = arg;
    eks_exchange_ctx *ctx = eks_exchange_ctx_new(&run->cfg);
    for (;;) {
        size_t i = atomic_fetch_add(&run->next_unit, 1);
        if (i >= run->unit_count)
            break;
        val_unit *u = &run->units[i];
        errno = 0;
        u->tmp = ctx ? unit_tmpfile(run->tmp_dir) : NULL;
        if (!ctx) {
            snprintf(u->err, sizeof u->err, "out of memory");
            u->failed = true;
        } else if (!u->tmp) {
            /* as a write to it that failed: nothing is printed from this unit on (its lines
             * missing, those after it would be numbered as if it had none), and no summary */
            int none = 0;
            atomic_compare_exchange_strong(&run->tmp_err, &none, errno ? errno : ENAMETOOLONG);
            u->cut = true;
        } else {
            val_sink sink = {.f = u->tmp, .deferred = true};
            run_unit(run, u, &sink, ctx, false);
            errno = 0;
            if (fflush(u->tmp) != 0) {
                int none = 0;
                atomic_compare_exchange_strong(&run->tmp_err, &none, errno ? errno : EIO);
                u->cut = true;
            }
        }
        pthread_mutex_lock(&run->mu);
        atomic_store(&u->done, true);
        pthread_cond_broadcast(&run->cv);
        pthread_mutex_unlock(&run->mu);
    }
    eks_exchange_ctx_free(ctx);
    return NULL;
}

/* First byte after the newline at or after pos-1: ranges start at line starts. */
static uint64_t align_to_line(int fd, uint64_t pos, uint64_t size)
{
    char buf[65536];
    if (pos == 0)
        return 0;
    uint64_t p = pos - 1;
    while (p < size) {
        ssize_t got = pread(fd, buf, sizeof buf, (off_t)p);
        if (got <= 0)
            return size;
        char *nl = memchr(buf, '\n', (size_t)got);
        if (nl)
            return p + (uint64_t)(nl - buf) + 1;
        p += (uint64_t)got;
    }
    return size;
}

static bool detect_ws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* Whether the first n bytes of a pipe decide its kind as all of it would (eks_capture_detect):
 * past a BOM and leading whitespace, after a '{' 5 bytes past the whitespace that follows it
 * (a HAR pretty-printed has "log" on its second line), else the first line whole. Reading a
 * pipe only up to its first newline made the kind depend on how the writer cut its writes. */
static bool detect_settled(const char *h, size_t n)
{
    size_t i = n >= 3 && memcmp(h, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (i < n && detect_ws(h[i]))
        i++;
    if (i >= n)
        return false;
    if (h[i] == '{') {
        for (i++; i < n && detect_ws(h[i]); i++)
            ;
        return n - i >= 5;
    }
    return memchr(h + i, '\n', n - i) != NULL;
}

/* Opens a file and detects its kind. Prints why and returns false when unreadable. */
static bool open_file(val_file *f)
{
    char nb[CLI_SHOWN_MAX]; /* a file name as a message shows it */
    char head[DETECT_BYTES];
    size_t have = 0;
    f->is_stdin = strcmp(f->name, "-") == 0;
    f->fd = f->is_stdin ? STDIN_FILENO : open(f->name, O_RDONLY);
    if (f->fd < 0) {
        fprintf(stderr, "ekscodec validate: cannot open %s: %s\n", cli_shown(f->name, nb, sizeof nb), strerror(errno));
        return false;
    }
    struct stat st;
    f->regular = fstat(f->fd, &st) == 0 && S_ISREG(st.st_mode);
    /* stdin left partway through a file by the caller ((read line; validate -) < FILE) is read
     * on from there, as `cat | validate -` would read it: as a stream, not from byte 0 */
    if (f->regular && f->is_stdin && lseek(f->fd, 0, SEEK_CUR) != 0)
        f->regular = false;
    if (!f->regular && !f->is_stdin && fstat(f->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        fprintf(stderr, "ekscodec validate: %s is a directory\n", cli_shown(f->name, nb, sizeof nb));
        return false;
    }
    if (f->regular) {
        f->size = (uint64_t)st.st_size;
        ssize_t got = pread(f->fd, head, sizeof head, 0);
        if (got < 0) {
            fprintf(stderr, "ekscodec validate: cannot read %s: %s\n", cli_shown(f->name, nb, sizeof nb), strerror(errno));
            return false;
        }
        have = (size_t)got;
    } else {
        /* a pipe: what is read for detection is handed to the reader */
        for (;;) {
            ssize_t got = read(f->fd, head + have, sizeof head - have);
            if (got < 0 && errno == EINTR)
                continue;
            if (got < 0) {
                fprintf(stderr, "ekscodec validate: cannot read %s: %s\n", cli_shown(f->name, nb, sizeof nb), strerror(errno));
                return false;
            }
            have += (size_t)got;
            if (got == 0 || have == sizeof head || detect_settled(head, have))
                break;
        }
        f->prefix = malloc(have ? have : 1);
        if (!f->prefix)
            return false;
        memcpy(f->prefix, head, have);
        f->prefix_len = have;
    }
    f->kind = eks_capture_detect(head, have);
    if (f->kind == EKS_CAPTURE_UNKNOWN) {
        /* '-' is stdin, named as the other commands name it */
        const char *shown = strcmp(f->name, "-") == 0 ? "stdin" : cli_shown(f->name, nb, sizeof nb);
        if (have == 0)
            fprintf(stderr, "ekscodec validate: %s is empty\n", shown);
        else
            fprintf(stderr, "ekscodec validate: %s is not a HAR, JSON Lines or HTTP/1.1 capture\n", shown);
        return false;
    }
    return true;
}

/* A whole argument that is an unsigned decimal: no sign, space or suffix (strtoull took
 * "+2" and " 2"). */
static bool parse_size(const char *s, uint64_t *out)
{
    const char *rest;
    return cli_parse_decimal(s, out, &rest) && !*rest;
}

/* START:END, two unsigned decimal numbers, START <= END. */
static bool parse_range(const char *s, uint64_t *start, uint64_t *end)
{
    const char *p;
    return cli_parse_decimal(s, start, &p) && *p == ':' && cli_parse_decimal(p + 1, end, &p) && !*p &&
           *start <= *end;
}

/* HOST[:PORT] as the Host field carries it (RFC 9110 §7.2): a name of letters, digits and
 * "-._~", or an [IPv6] literal, and a port 1..65535. A URL ("http://host:4566") would match
 * no exchange and leave its traffic skipped, not checked. */
static bool endpoint_arg_ok(const char *s)
{
    const char *p = s;
    if (*p == '[') {
        for (p++; *p && (strchr("0123456789abcdefABCDEF:.", *p)); p++)
            ;
        if (*p != ']' || p - s < 3)
            return false;
        p++;
    } else {
        for (; *p && (strchr("-._~", *p) || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') || (*p >= '0' && *p <= '9'));
             p++)
            ;
        if (p == s)
            return false;
    }
    if (!*p)
        return true;
    uint64_t port;
    const char *rest;
    return *p == ':' && cli_parse_decimal(p + 1, &port, &rest) && !*rest && port >= 1 && port <= 65535;
}

/* One summary line of a JSON output: {"summary":{"exchanges":N,"valid":V,"invalid":I,"skipped":S}},
 * with "incomplete":true after the counts from a run that exited 2 (*incomplete set).
 * Returns 1 and adds to *c when line is one, 0 when it is another line, -1 when it is a
 * summary that cannot be read, -2 when adding it to *c would pass 2^64-1. */
static int merge_line(char *line, size_t len, val_counts *c, bool *incomplete)
{
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        len--;
    const char *p = line;
    while (p < line + len && (*p == ' ' || *p == '\t'))
        p++;
    if (line + len - p < 11 || memcmp(p, "{\"summary\"", 10) != 0)
        return 0;
    line[len] = '\0';
    eks_diags diags;
    memset(&diags, 0, sizeof diags);
    eks_limits lim = {.max_body_bytes = len + 1, .max_depth = 8, .max_list_len = 16, .max_string_bytes = len + 1,
                      .max_diagnostics = 4};
    eks_json_reader jr;
    eks_json_reader_init(&jr, line, len, &lim, &diags);
    bool first = true, first2 = true, ok = false, have_summary = false;
    eks_str key;
    size_t koff;
    uint64_t v[4] = {0, 0, 0, 0};
    unsigned seen = 0;
    static const char *const names[4] = {"exchanges", "valid", "invalid", "skipped"};
    if (eks_json_peek(&jr) != EKS_JSON_OBJECT || !eks_json_object_begin(&jr))
        goto out;
    while (eks_json_object_next(&jr, &first, &key, &koff)) {
        if (!eks_str_eq_cstr(key, "summary") || have_summary || eks_json_peek(&jr) != EKS_JSON_OBJECT ||
            !eks_json_object_begin(&jr))
            goto out;
        have_summary = true;
        while (eks_json_object_next(&jr, &first2, &key, &koff)) {
            if (eks_str_eq_cstr(key, "incomplete") && !(seen & 16u)) {
                /* only true: an output without it is a complete run's */
                if (eks_json_peek(&jr) != EKS_JSON_TRUE || !eks_json_read_literal(&jr))
                    goto out;
                seen |= 16u;
                continue;
            }
            int k = -1;
            for (int i = 0; i < 4; i++)
                if (eks_str_eq_cstr(key, names[i]))
                    k = i;
            eks_str text;
            double d;
            if (k < 0 || (seen & (1u << k)) || eks_json_peek(&jr) != EKS_JSON_NUMBER ||
                !eks_json_read_number(&jr, &text, &d))
                goto out;
            char num[24];
            if (text.len == 0 || text.len > 20)
                goto out;
            memcpy(num, text.ptr, text.len);
            num[text.len] = '\0';
            if (!parse_size(num, &v[k]))
                goto out;
            seen |= 1u << k;
        }
        if (jr.failed)
            goto out;
    }
    uint64_t parts;
    ok = !jr.failed && eks_json_finish(&jr) && have_summary && (seen & 15u) == 15 &&
         !__builtin_add_overflow(v[1], v[2], &parts) && !__builtin_add_overflow(parts, v[3], &parts) &&
         parts == v[0];
out:
    eks_diags_free(&diags);
    if (!ok)
        return -1;
    if (seen & 16u)
        *incomplete = true;
    val_counts add = {v[0], v[1], v[2], v[3]};
    return val_counts_add(c, &add) ? 1 : -2;
}

/* validate --merge: sums the summaries of every input; other lines are ignored. */
static int merge_outputs(const char **files, size_t nfiles, val_format fmt)
{
    char nb[CLI_SHOWN_MAX]; /* a file name as a message shows it */
    static const char *dash[1] = {"-"};
    if (nfiles == 0) {
        files = dash;
        nfiles = 1;
    }
    val_counts total = {0};
    bool bad = false;
    char *line = NULL;
    size_t cap = 0;
    for (size_t i = 0; i < nfiles; i++) {
        bool is_stdin = strcmp(files[i], "-") == 0;
        FILE *f = is_stdin ? stdin : fopen(files[i], "r");
        if (!f) {
            fprintf(stderr, "ekscodec validate: cannot open %s: %s\n", cli_shown(files[i], nb, sizeof nb), strerror(errno));
            bad = true;
            continue;
        }
        size_t summaries = 0, lineno = 0, broken = 0;
        ssize_t n;
        while ((n = getline(&line, &cap, f)) >= 0) {
            lineno++;
            bool incomplete = false;
            int got = merge_line(line, (size_t)n, &total, &incomplete);
            if (got > 0 && incomplete) {
                fprintf(stderr, "ekscodec validate: %s:%zu: the run that wrote this summary could not read all of "
                                "its input (it exited 2)\n",
                        cli_shown(files[i], nb, sizeof nb), lineno);
                bad = true;
            }
            if (got == -2) {
                fprintf(stderr, "ekscodec validate: %s:%zu: the counts add up past 2^64-1\n", cli_shown(files[i], nb, sizeof nb),
                        lineno);
                bad = true;
                broken++;
            } else if (got < 0) {
                fprintf(stderr, "ekscodec validate: %s:%zu: not a summary of validate --format json\n",
                        cli_shown(files[i], nb, sizeof nb), lineno);
                bad = true;
                broken++;
            }
            summaries += got > 0;
        }
        if (ferror(f)) {
            fprintf(stderr, "ekscodec validate: cannot read %s: %s\n", cli_shown(files[i], nb, sizeof nb), strerror(errno));
            bad = true;
        } else if (summaries == 0 && broken == 0) {
            fprintf(stderr, "ekscodec validate: %s has no summary line (validate --format json output)\n",
                    cli_shown(files[i], nb, sizeof nb));
            bad = true;
        }
        if (!is_stdin)
            fclose(f);
    }
    free(line);
    val_report_summary(stdout, fmt, &total, bad);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "ekscodec validate: cannot write the output: %s\n", strerror(errno));
        bad = true;
    }
    return bad ? EXIT_USAGE : total.invalid ? EXIT_INVALID : EXIT_VALID;
}

/* After a failed read of a file by val_count_newlines: errno says why, 0 that the file ended
 * before its size. */
static void say_unreadable(const char *name)
{
    char nb[CLI_SHOWN_MAX];
    fprintf(stderr, "ekscodec validate: cannot read %s: %s\n", cli_shown(name, nb, sizeof nb),
            errno ? strerror(errno) : "it ended before its size (it changed while read)");
}

/* --end-line: the line byte END lies on (END clamped to the size), from what the run read:
 * line_of(hi) - the newlines in [END, hi) (at most the one ending the record END cuts into),
 * where line_of(hi) = line_of(lo) + the lines of [lo, hi), the last one counted by the reader
 * even without a newline. Printed before the summary; false (after saying why) when the
 * bytes after END cannot be read. */
static bool print_end_line(val_file *f, const val_run *run, uint64_t range_end, val_format fmt)
{
    uint64_t end = range_end < f->size ? range_end : f->size, lines = 0, tail = 0;
    for (size_t i = 0; i < run->unit_count; i++)
        lines += run->units[i].lines;
    char last = '\n';
    errno = 0;
    bool ok = !(f->hi == f->size && lines && pread(f->fd, &last, 1, (off_t)f->size - 1) != 1) &&
              (end >= f->hi || val_count_newlines(f->fd, end, f->hi, &tail));
    if (!ok) {
        say_unreadable(f->name);
        return false;
    }
    if (f->hi == f->size && lines && last != '\n')
        lines--; /* the file's last line has no newline: it ends no line */
    uint64_t line = f->line_base + 1 + lines - tail;
    if (fmt == VAL_FMT_JSON)
        printf("{\"rangeEnd\":{\"byte\":%" PRIu64 ",\"line\":%" PRIu64 "}}\n", end, line);
    else
        printf("byte %" PRIu64 " is on line %" PRIu64 "\n", end, line);
    return true;
}

/* validate --split SIZE FILE, and validate --newlines START:END FILE: the counting a driver
 * of --range needs, on a regular JSON Lines file */
static int count_file(const char *split_arg, const char *newlines_arg, const char **files, size_t nfiles,
                      bool other_opts)
{
    char nb[CLI_SHOWN_MAX]; /* a file name as a message shows it */
    const char *opt = split_arg ? "--split" : "--newlines";
    uint64_t piece = 0, start = 0, end = 0;
    if (other_opts || nfiles != 1 || (split_arg && !val_split_parse_size(split_arg, &piece)) ||
        (newlines_arg && !parse_range(newlines_arg, &start, &end))) {
        fprintf(stderr, "ekscodec validate: %s wants %s and exactly one FILE, and no other option\n", opt,
                split_arg ? "SIZE > 0 (bytes, or with K, M or G)" : "START:END, byte offsets with START <= END");
        validate_usage(stderr);
        return EXIT_USAGE;
    }
    val_file f = {.name = files[0], .fd = -1};
    int rc = EXIT_USAGE;
    if (!open_file(&f))
        goto out;
    if (f.kind != EKS_CAPTURE_JSONL || !f.regular) {
        fprintf(stderr, "ekscodec validate: %s applies to a regular JSON Lines file: %s is %s\n", opt,
                cli_shown(f.name, nb, sizeof nb),
                f.kind == EKS_CAPTURE_HAR    ? "a HAR file (one JSON document, it cannot be cut)"
                : f.kind != EKS_CAPTURE_JSONL ? "raw HTTP/1.1 (no record boundaries to cut at)"
                                              : "not a regular file");
        goto out;
    }
    if (split_arg) {
        if (val_split_print(f.fd, f.size, piece, f.name, stdout))
            rc = EXIT_VALID;
        goto out;
    }
    uint64_t n = 0;
    end = end < f.size ? end : f.size;
    errno = 0;
    if (start < end && !val_count_newlines(f.fd, start, end, &n)) {
        say_unreadable(f.name);
        goto out;
    }
    if (printf("%" PRIu64 "\n", n) < 0 || fflush(stdout) != 0)
        fprintf(stderr, "ekscodec validate: cannot write the output: %s\n", strerror(errno));
    else
        rc = EXIT_VALID;
out:
    if (f.fd > 2)
        close(f.fd);
    free(f.prefix);
    return rc;
}

/* validate --renumber N --name NAME [--as SHOWN] [OUTPUT|-]...: text outputs of --range runs
 * renumbered (validate_renumber.h), concatenated on stdout */
static int renumber_outputs(const char *add_arg, const char *name, const char *as, const char **files,
                            size_t nfiles, bool other_opts)
{
    char nb[CLI_SHOWN_MAX]; /* a file name as a message shows it */
    val_renumber r = {.name = name, .as = as};
    if (other_opts || !add_arg || !parse_size(add_arg, &r.add) || !name || !*name || (as && !*as)) {
        fprintf(stderr, "ekscodec validate: --renumber wants N (0 to 2^64-1) and --name NAME, and takes only "
                        "--as, --format text and its inputs\n");
        validate_usage(stderr);
        return EXIT_USAGE;
    }
    static const char *dash[1] = {"-"};
    if (nfiles == 0) {
        files = dash;
        nfiles = 1;
    }
    setvbuf(stdout, NULL, _IOFBF, 1u << 20);
    bool ok = true;
    for (size_t i = 0; i < nfiles && ok; i++) {
        bool is_stdin = strcmp(files[i], "-") == 0;
        int fd = is_stdin ? STDIN_FILENO : open(files[i], O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            fprintf(stderr, "ekscodec validate: cannot open %s: %s\n", cli_shown(files[i], nb, sizeof nb),
                    strerror(errno));
            ok = false;
            break;
        }
        ok = val_renumber_copy(fd, is_stdin ? "stdin" : files[i], stdout, &r);
        if (!is_stdin)
            close(fd);
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "ekscodec validate: cannot write the output: %s\n", strerror(errno));
        ok = false;
    }
    return ok ? EXIT_VALID : EXIT_USAGE;
}

int cmd_validate(int argc, char **argv)
{
    char nb[CLI_SHOWN_MAX]; /* a file name as a message shows it */
    cli_args a = {.argc = argc, .argv = argv};
    const char *format = "text", *jobs_arg = "1", *max_line_arg = NULL, *range_arg = NULL;
    const char *first_line_arg = NULL, *split_arg = NULL, *newlines_arg = NULL;
    const char *renumber_arg = NULL, *name_arg = NULL, *as_arg = NULL;
    bool strict = false, verify = false, merge = false, other_opts = false, end_line = false;
    const char **files = calloc((size_t)argc, sizeof *files);
    size_t nfiles = 0;
    int rc = EXIT_USAGE;
    val_file *vf = NULL;
    val_run run;
    memset(&run, 0, sizeof run);
    pthread_mutex_init(&run.mu, NULL);
    pthread_cond_init(&run.cv, NULL);
    pthread_t *threads = NULL;
    size_t nthreads = 0;
    if (!files)
        goto out;
    for (a.i = 1; a.i < argc && !a.error; a.i++) {
        if (strcmp(argv[a.i], "--") == 0) { /* the rest are FILEs, whatever they start with */
            while (++a.i < argc)
                files[nfiles++] = argv[a.i];
            break;
        }
        if (cli_opt(&a, "--strict", false)) strict = other_opts = true;
        else if (cli_opt(&a, "--verify-signatures", false)) verify = other_opts = true;
        else if (cli_opt(&a, "--format", true)) format = a.value;
        else if (cli_opt(&a, "--jobs", true)) jobs_arg = a.value, other_opts = true;
        else if (cli_opt(&a, "--max-line-bytes", true)) max_line_arg = a.value, other_opts = true;
        else if (cli_opt(&a, "--range", true)) range_arg = a.value, other_opts = true;
        else if (cli_opt(&a, "--first-line", true)) first_line_arg = a.value, other_opts = true;
        else if (cli_opt(&a, "--end-line", false)) end_line = other_opts = true;
        else if (cli_opt(&a, "--merge", false)) merge = true;
        else if (cli_opt(&a, "--split", true)) split_arg = a.value;
        else if (cli_opt(&a, "--newlines", true)) newlines_arg = a.value;
        else if (cli_opt(&a, "--renumber", true)) renumber_arg = a.value;
        else if (cli_opt(&a, "--name", true)) name_arg = a.value;
        else if (cli_opt(&a, "--as", true)) as_arg = a.value;
        else if (cli_opt(&a, "--endpoint", true)) {
            other_opts = true;
            if (a.error)
                break;
            if (run.cfg.endpoint_count == EKS_EXCHANGE_MAX_ENDPOINTS || !endpoint_arg_ok(a.value)) {
                fprintf(stderr,
                        "ekscodec validate: --endpoint wants HOST[:PORT] (a host name or [IPv6] address, "
                        "a port 1-65535; not a URL), at most %d of them\n",
                        EKS_EXCHANGE_MAX_ENDPOINTS);
                goto out;
            }
            run.cfg.endpoints[run.cfg.endpoint_count++] = a.value;
        } else if (cli_opt(&a, "--help", false)) {
            validate_usage(stdout);
            rc = EXIT_VALID;
            goto out;
        } else if (argv[a.i][0] == '-' && argv[a.i][1] != '\0') {
            char shown_opt[CLI_SHOWN_MAX];
            fprintf(stderr, "ekscodec validate: unknown option %s\n", cli_shown(argv[a.i], shown_opt, sizeof shown_opt));
            validate_usage(stderr);
            goto out;
        } else {
            files[nfiles++] = argv[a.i];
        }
    }
    size_t dashes = 0;
    for (size_t i = 0; i < nfiles; i++)
        dashes += strcmp(files[i], "-") == 0;
    if (dashes > 1) { /* each would take a part of the stream, at random */
        fprintf(stderr, "ekscodec validate: - (standard input) given %zu times: it can be read once\n", dashes);
        goto out;
    }
    if (renumber_arg || name_arg || as_arg) {
        rc = renumber_outputs(renumber_arg, name_arg, as_arg, files, nfiles,
                              a.error || other_opts || merge || split_arg || newlines_arg || strcmp(format, "text"));
        goto out;
    }
    if (split_arg || newlines_arg) {
        rc = count_file(split_arg, newlines_arg, files, nfiles,
                        a.error || other_opts || merge || strcmp(format, "text") || (split_arg && newlines_arg));
        goto out;
    }
    if (merge) {
        if (a.error || other_opts || (strcmp(format, "text") && strcmp(format, "json"))) {
            fprintf(stderr, "ekscodec validate: --merge takes only --format and its inputs\n");
            validate_usage(stderr);
            goto out;
        }
        rc = merge_outputs(files, nfiles, strcmp(format, "json") == 0 ? VAL_FMT_JSON : VAL_FMT_TEXT);
        goto out;
    }
    uint64_t jobs = 1, max_line = 0, range_start = 0, range_end = 0, first_line = 0;
    if (first_line_arg && (a.error || !range_arg || !parse_size(first_line_arg, &first_line) || first_line == 0)) {
        fprintf(stderr, "ekscodec validate: --first-line wants a line number >= 1, with --range\n");
        validate_usage(stderr);
        goto out;
    }
    if (end_line && !range_arg) {
        fprintf(stderr, "ekscodec validate: --end-line goes with --range\n");
        validate_usage(stderr);
        goto out;
    }
    if (range_arg && (a.error || !parse_range(range_arg, &range_start, &range_end))) {
        fprintf(stderr, "ekscodec validate: --range wants START:END, byte offsets with START <= END\n");
        validate_usage(stderr);
        goto out;
    }
    if (first_line && first_line - 1 > range_start) { /* line N starts after N-1 newlines */
        fprintf(stderr, "ekscodec validate: --first-line %s cannot be the line of byte %" PRIu64
                        ": line N starts after N-1 newlines, so N is at most START+1\n", first_line_arg, range_start);
        goto out;
    }
    if (range_arg && nfiles != 1) {
        fprintf(stderr, "ekscodec validate: --range applies to exactly one FILE\n");
        validate_usage(stderr);
        goto out;
    }
    const char *wrong = a.error ? NULL
                        : nfiles == 0 ? "no FILE given ('-' reads stdin)"
                        : strcmp(format, "text") && strcmp(format, "json") ? "--format wants text or json"
                        : !parse_size(jobs_arg, &jobs) || jobs > 256 ? "--jobs wants a number of threads 0..256"
                        : max_line_arg && (!parse_size(max_line_arg, &max_line) || max_line == 0)
                            ? "--max-line-bytes wants a number of bytes >= 1"
                            : NULL;
    if (a.error || wrong) {
        if (wrong)
            fprintf(stderr, "ekscodec validate: %s\n", wrong);
        validate_usage(stderr);
        goto out;
    }
    if (jobs == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = n > 0 ? (uint64_t)n : 1;
    }
    run.fmt = strcmp(format, "json") == 0 ? VAL_FMT_JSON : VAL_FMT_TEXT;
    run.copt.max_line_bytes = (size_t)max_line;
    run.cfg.strict = strict;
    run.cfg.verify_signatures = verify;
    if (verify) {
        const char *ak = getenv("AWS_ACCESS_KEY_ID"), *sk = getenv("AWS_SECRET_ACCESS_KEY");
        const char *tok = getenv("AWS_SESSION_TOKEN");
        if (ak && *ak && sk && *sk) {
            run.cfg.creds.access_key_id = eks_str_from_cstr(ak);
            run.cfg.creds.secret_access_key = eks_str_from_cstr(sk);
            run.cfg.creds.session_token = tok && *tok ? eks_str_from_cstr(tok) : EKS_STR_ABSENT;
        } else {
            /* Checking the form only would let a tampered request through as "valid", and
             * nothing in the output would say that no signature was checked: refused. */
            fprintf(stderr, "ekscodec validate: --verify-signatures needs AWS_ACCESS_KEY_ID and "
                            "AWS_SECRET_ACCESS_KEY in the environment (the key that signed the captured "
                            "requests)\n");
            goto out;
        }
    }

    /* Every FILE stays open until the end (its units run later, on any thread), and each of
     * --jobs' threads holds a temporary file: past the soft limit on descriptors (1024 on many
     * systems; a shell glob over a directory of logs) the last FILEs could not be opened. The
     * limit is raised as far as the hard one allows; beyond it they still cannot. */
    struct rlimit nofile;
    uint64_t want_fds = (uint64_t)nfiles + jobs + 16;
    if (getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur != RLIM_INFINITY && nofile.rlim_cur < want_fds) {
        nofile.rlim_cur = nofile.rlim_max == RLIM_INFINITY || nofile.rlim_max > want_fds ? want_fds : nofile.rlim_max;
        setrlimit(RLIMIT_NOFILE, &nofile);
    }
    /* files and units */
    vf = calloc(nfiles, sizeof *vf);
    run.units = calloc(nfiles * (size_t)jobs, sizeof *run.units);
    if (!vf || !run.units)
        goto out;
    bool unreadable = false;
    for (size_t i = 0; i < nfiles; i++) {
        val_file *f = &vf[i];
        f->name = files[i];
        f->fd = -1;
        if (!open_file(f)) {
            unreadable = true;
            continue;
        }
        f->lo = 0;
        f->hi = f->size;
        if (range_arg) {
            if (f->kind != EKS_CAPTURE_JSONL) {
                fprintf(stderr,
                        "ekscodec validate: --range applies to JSON Lines files only: %s is %s\n",
                        cli_shown(f->name, nb, sizeof nb),
                        f->kind == EKS_CAPTURE_HAR ? "a HAR file (one JSON document, it cannot be cut)"
                                           : "raw HTTP/1.1 (no record boundaries to cut at)");
                goto out;
            }
            if (!f->regular) {
                fprintf(stderr, "ekscodec validate: --range needs a regular file, not %s\n",
                        cli_shown(f->name, nb, sizeof nb));
                goto out;
            }
            /* the records whose first byte lies in [START, END): the line starts >= START and < END */
            f->lo = align_to_line(f->fd, range_start < f->size ? range_start : f->size, f->size);
            f->hi = align_to_line(f->fd, range_end < f->size ? range_end : f->size, f->size);
            /* with --first-line, only [START, lo) is counted: at most the one newline ending
             * the record START cuts into */
            uint64_t from = first_line ? (range_start < f->lo ? range_start : f->lo) : 0;
            errno = 0;
            if (!val_count_newlines(f->fd, from, f->lo, &f->line_base)) {
                say_unreadable(f->name);
                goto out;
            }
            if (first_line)
                f->line_base += first_line - 1;
        }
        run.bytes_total += f->hi - f->lo;
        uint64_t span = f->hi - f->lo;
        uint64_t parts = f->kind == EKS_CAPTURE_JSONL && f->regular && span >= SPLIT_MIN_BYTES ? jobs : 1;
        uint64_t prev = f->lo;
        for (uint64_t k = 1; k <= parts; k++) {
            uint64_t end = k == parts ? (f->regular ? f->hi : UINT64_MAX)
                                      : align_to_line(f->fd, f->lo + span * k / parts, f->hi);
            if (k < parts && end <= prev)
                continue;
            val_unit *u = &run.units[run.unit_count++];
            u->file = f;
            u->start = prev;
            u->end = end;
            prev = end;
        }
    }
    if (run.fmt == VAL_FMT_JSON || run.fmt == VAL_FMT_TEXT)
        setvbuf(stdout, NULL, _IOFBF, 1u << 20);
    run.progress = isatty(STDERR_FILENO);
    run.t0 = run.last_progress = now_sec();
    val_counts total = {0};
    const char *tmpdir = getenv("TMPDIR");
    run.tmp_dir = tmpdir && *tmpdir ? tmpdir : "/tmp";
    if (jobs <= 1 || run.unit_count <= 1) {
        eks_exchange_ctx *ctx = eks_exchange_ctx_new(&run.cfg);
        if (!ctx)
            goto out;
        uint64_t base = 0;
        for (size_t i = 0; i < run.unit_count; i++) {
            val_unit *u = &run.units[i];
            if (i == 0 || u->file != run.units[i - 1].file)
                base = u->file->line_base;
            val_sink sink = {.f = stdout, .base = u->file->kind == EKS_CAPTURE_JSONL ? base : 0};
            run_unit(&run, u, &sink, ctx, true);
            base += u->lines;
        }
        eks_exchange_ctx_free(ctx);
    } else {
        nthreads = (size_t)jobs < run.unit_count ? (size_t)jobs : run.unit_count;
        threads = calloc(nthreads, sizeof *threads);
        if (!threads)
            goto out;
        fflush(stdout);
        for (size_t t = 0; t < nthreads; t++)
            if (pthread_create(&threads[t], NULL, worker, &run) != 0) {
                fprintf(stderr, "ekscodec validate: cannot start a thread\n");
                nthreads = t;
                break;
            }
        if (nthreads == 0)
            goto out;
        uint64_t base = 0;
        bool cut = false;
        for (size_t i = 0; i < run.unit_count; i++) {
            val_unit *u = &run.units[i];
            pthread_mutex_lock(&run.mu);
            while (!atomic_load(&u->done)) {
                struct timespec ts;
                clock_gettime(CLOCK_REALTIME, &ts);
                ts.tv_nsec += 250000000;
                if (ts.tv_nsec >= 1000000000) {
                    ts.tv_sec++;
                    ts.tv_nsec -= 1000000000;
                }
                pthread_cond_timedwait(&run.cv, &run.mu, &ts);
                print_progress(&run, false);
            }
            pthread_mutex_unlock(&run.mu);
            if (i == 0 || u->file != run.units[i - 1].file)
                base = u->file->line_base;
            /* past a unit cut short, the output would have a gap: nothing more is printed */
            cut = cut || u->cut || atomic_load(&run.out_err);
            if (u->tmp && !cut) {
                rewind(u->tmp);
                int werr = 0;
                bool read = val_sink_replay(u->tmp, stdout, u->file->kind == EKS_CAPTURE_JSONL ? base : 0, &werr);
                if (werr) {
                    int none = 0;
                    atomic_compare_exchange_strong(&run.out_err, &none, werr);
                }
                if (!read) {
                    snprintf(u->err, sizeof u->err, "cannot read back the temporary output");
                    u->failed = true;
                }
            }
            if (u->tmp)
                fclose(u->tmp);
            u->tmp = NULL;
            base += u->lines;
        }
    }
    print_progress(&run, true);
    for (size_t i = 0; i < run.unit_count; i++) {
        val_unit *u = &run.units[i];
        (void)val_counts_add(&total, &u->counts); /* cannot pass 2^64-1: an exchange is some bytes of a file */
        if (u->failed) {
            fprintf(stderr, "ekscodec validate: %s: %s\n", cli_shown(u->file->name, nb, sizeof nb), u->err);
            unreadable = true;
        }
    }
    int tmp_err = atomic_load(&run.tmp_err), out_err = atomic_load(&run.out_err);
    if (tmp_err)
        fprintf(stderr, "ekscodec validate: cannot keep the output of --jobs in a temporary file in %s: %s\n",
                cli_shown(run.tmp_dir, nb, sizeof nb), strerror(tmp_err));
    if (tmp_err || out_err) {
        /* no summary (it would count exchanges whose lines are missing), no end line */
        unreadable = true;
    } else {
        if (end_line && !unreadable && !print_end_line(&vf[0], &run, range_end, run.fmt))
            unreadable = true;
        val_report_summary(stdout, run.fmt, &total, unreadable);
    }
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout) || out_err) {
        fprintf(stderr, "ekscodec validate: cannot write the output: %s\n",
                strerror(out_err ? out_err : errno ? errno : EIO));
        unreadable = true;
    }
    rc = unreadable ? EXIT_USAGE : total.invalid ? EXIT_INVALID : EXIT_VALID;
out:
    for (size_t t = 0; t < nthreads; t++)
        pthread_join(threads[t], NULL);
    free(threads);
    if (run.units)
        for (size_t i = 0; i < run.unit_count; i++)
            if (run.units[i].tmp)
                fclose(run.units[i].tmp);
    if (vf)
        for (size_t i = 0; i < nfiles; i++) {
            if (vf[i].fd > 2)
                close(vf[i].fd);
            free(vf[i].prefix);
        }
    free(vf);
    free(run.units);
    free(files);
    pthread_mutex_destroy(&run.mu);
    pthread_cond_destroy(&run.cv);
    return rc;
}
