/*
 * `ekscodec validate --range START:END` and `--merge` end to end (DESIGN §3, issue #12).
 *
 * Tiling: over a capture built from the samples (capture_all_operations.jsonl three times,
 * capture_mixed.jsonl, and a line with non-ASCII text), every set of ranges that tiles the
 * file must validate each exchange exactly once: the per-exchange lines of the pieces,
 * sorted by line, equal those of one whole-file run byte for byte, and `--merge` of the
 * pieces gives the whole-file summary and exit status. The cut sets come from a seeded PRNG
 * (reproducible) plus the edge cases: inside a record, inside a multi-byte UTF-8 character,
 * exactly on a '\n', right after one, at 0, at the size, and END beyond the size.
 *
 * `--split SIZE`: its plan (ranges and their first lines) against the capture's own bytes,
 * and what it refuses.
 */
#include "test_support.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char cli_path[1024];
static char *capture_path;
static char *capture;
static size_t capture_len;

typedef struct outcome {
    int exit_code;
    char *out;
    char *err;
} outcome;

/* Runs "ekscodec ARGS" with stdin from /dev/null (unless ARGS redirects it). When save is
 * not NULL the standard output is kept in that file. */
static outcome run(const char *args, const char *save)
{
    char *out_path = ts_temp_template("ekscodec-range-out");
    char *err_path = ts_temp_template("ekscodec-range-err");
    int fo = mkstemp(out_path), fe = mkstemp(err_path);
    ck_assert(fo >= 0 && fe >= 0);
    close(fo);
    close(fe);
    size_t need = strlen(args) + strlen(cli_path) + strlen(save ? save : out_path) + strlen(err_path) + 32;
    char *cmd = malloc(need);
    ck_assert_ptr_nonnull(cmd);
    snprintf(cmd, need, "'%s' </dev/null %s >'%s' 2>'%s'", cli_path, args, save ? save : out_path, err_path);
    int status = system(cmd);
    free(cmd);
    outcome o;
    o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    o.out = ts_read_file(save ? save : out_path, NULL);
    o.err = ts_read_file(err_path, NULL);
    ck_assert_ptr_nonnull(o.out);
    ck_assert_ptr_nonnull(o.err);
    unlink(out_path);
    unlink(err_path);
    free(out_path);
    free(err_path);
    return o;
}

static void outcome_free(outcome *o)
{
    free(o->out);
    free(o->err);
}

/* Per-exchange lines of a JSON output and its summary line. */
typedef struct ex_line {
    uint64_t line;
    char *text;
} ex_line;

typedef struct parsed {
    ex_line *items;
    size_t count, cap;
    char *summary;
    size_t summaries;
} parsed;

static void parse_output(parsed *p, const char *out)
{
    for (const char *s = out; *s;) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        char *text = strndup(s, n);
        ck_assert_ptr_nonnull(text);
        if (strncmp(text, "{\"summary\":", 11) == 0) {
            free(p->summary);
            p->summary = text;
            p->summaries++;
        } else {
            const char *key = strstr(text, ",\"line\":");
            ck_assert_msg(key != NULL, "no line in %s", text);
            if (p->count == p->cap) {
                p->cap = p->cap ? p->cap * 2 : 64;
                p->items = realloc(p->items, p->cap * sizeof *p->items);
                ck_assert_ptr_nonnull(p->items);
            }
            p->items[p->count].line = strtoull(key + 8, NULL, 10);
            p->items[p->count].text = text;
            p->count++;
        }
        s += n + (nl ? 1 : 0);
    }
}

static void parsed_free(parsed *p)
{
    for (size_t i = 0; i < p->count; i++)
        free(p->items[i].text);
    free(p->items);
    free(p->summary);
    memset(p, 0, sizeof *p);
}

static int by_line(const void *a, const void *b)
{
    const ex_line *x = a, *y = b;
    return x->line < y->line ? -1 : x->line > y->line;
}

static bool append(char **buf, size_t *len, const char *data, size_t n)
{
    char *nb = realloc(*buf, *len + n + 1);
    if (!nb)
        return false;
    *buf = nb;
    memcpy(*buf + *len, data, n);
    *len += n;
    (*buf)[*len] = '\0';
    return true;
}

static bool append_file(char **buf, size_t *len, const char *rel)
{
    char *path = ts_path(ts_source_dir(), rel);
    size_t n;
    char *data = ts_read_file(path, &n);
    bool ok = data && append(buf, len, data, n) && (n == 0 || data[n - 1] == '\n' || append(buf, len, "\n", 1));
    if (!data)
        fprintf(stderr, "test_validate_range: cannot read %s\n", path);
    free(data);
    free(path);
    return ok;
}

/* The capture, written once by main() (tests run in forked children): the samples, plus
 * a blank line and the first line of capture_mixed.jsonl with an extra member holding
 * non-ASCII text (an unknown member is skipped by the reader). */
static bool make_capture(void)
{
    char *buf = NULL;
    size_t len = 0;
    for (int i = 0; i < 3; i++)
        if (!append_file(&buf, &len, "corpus/samples/capture_all_operations.jsonl"))
            return false;
    size_t mixed_at = len;
    if (!append_file(&buf, &len, "corpus/samples/capture_mixed.jsonl"))
        return false;
    size_t first_len = (size_t)(strchr(buf + mixed_at, '\n') - (buf + mixed_at)); /* without '{' and with '\n' */
    char *first = strndup(buf + mixed_at + 1, first_len);
    static const char note[] = "{\"note\":\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\",";
    bool ok = first && append(&buf, &len, "\n", 1) && append(&buf, &len, note, strlen(note)) &&
              append(&buf, &len, first, first_len) &&
              append_file(&buf, &len, "corpus/samples/capture_mixed.jsonl");
    free(first);
    if (!ok)
        return false;
    capture_path = ts_temp_template("ekscodec-range-cap");
    int fd = mkstemp(capture_path);
    if (fd < 0 || write(fd, buf, len) != (ssize_t)len) {
        perror("test_validate_range: capture");
        return false;
    }
    close(fd);
    capture = buf;
    capture_len = len;
    return true;
}

static uint64_t rng_state;
static uint64_t rng(void)
{
    /* splitmix64 */
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The line byte `at` lies on (1-based), counted here from the capture's bytes: what a driver
 * passes as --first-line. */
static uint64_t line_of(uint64_t at)
{
    uint64_t n = 1;
    for (uint64_t i = 0; i < at && i < capture_len; i++)
        n += capture[i] == '\n';
    return n;
}

/* Validates the tiling cuts[0..n) (sorted, cuts[0] == 0, last >= size) piece by piece and
 * compares with the whole-file output; with first_line, each piece is told the line its
 * START lies on instead of counting it. */
static void check_tiling(const uint64_t *cuts, size_t n, const parsed *whole, int whole_exit, const char *label,
                         bool first_line)
{
#define append(b, l, d, n) ck_assert(append(b, l, d, n))
    parsed pieces;
    memset(&pieces, 0, sizeof pieces);
    char **saved = calloc(n, sizeof *saved);
    ck_assert_ptr_nonnull(saved);
    size_t merge_len = 0;
    char *merge_args = NULL;
    append(&merge_args, &merge_len, "validate --merge", 16);
    for (size_t i = 0; i + 1 < n; i++) {
        char args[1400];
        saved[i] = ts_temp_template("ekscodec-range-piece");
        int fd = mkstemp(saved[i]);
        ck_assert(fd >= 0);
        close(fd);
        char given[48] = "";
        if (first_line)
            snprintf(given, sizeof given, " --first-line %llu", (unsigned long long)line_of(cuts[i]));
        snprintf(args, sizeof args, "validate --format json --range %llu:%llu%s '%s'", (unsigned long long)cuts[i],
                 (unsigned long long)cuts[i + 1], given, capture_path);
        outcome o = run(args, saved[i]);
        ck_assert_msg(o.exit_code == 0 || o.exit_code == 1, "%s: range %llu:%llu exit %d: %s", label,
                      (unsigned long long)cuts[i], (unsigned long long)cuts[i + 1], o.exit_code, o.err);
        size_t before = pieces.summaries;
        parse_output(&pieces, o.out);
        ck_assert_uint_eq(pieces.summaries, before + 1);
        outcome_free(&o);
        append(&merge_args, &merge_len, " '", 2);
        append(&merge_args, &merge_len, saved[i], strlen(saved[i]));
        append(&merge_args, &merge_len, "'", 1);
    }
    qsort(pieces.items, pieces.count, sizeof *pieces.items, by_line);
    ck_assert_msg(pieces.count == whole->count, "%s: %zu exchanges in the pieces, %zu in the whole file", label,
                  pieces.count, whole->count);
    for (size_t i = 0; i < whole->count; i++)
        ck_assert_msg(strcmp(pieces.items[i].text, whole->items[i].text) == 0, "%s: exchange %zu differs:\n%s\n%s",
                      label, i, pieces.items[i].text, whole->items[i].text);
    /* the merged summary and status are the whole file's */
    append(&merge_args, &merge_len, " --format json", 14);
    outcome m = run(merge_args, NULL);
    ck_assert_msg(m.exit_code == whole_exit, "%s: merge exit %d, whole %d: %s", label, m.exit_code, whole_exit,
                  m.err);
    char want[512];
    snprintf(want, sizeof want, "%s\n", whole->summary);
    ck_assert_str_eq(m.out, want);
    outcome_free(&m);
    for (size_t i = 0; i + 1 < n; i++) {
        unlink(saved[i]);
        free(saved[i]);
    }
    free(saved);
    free(merge_args);
    parsed_free(&pieces);
#undef append
}

static void whole_output(parsed *whole, int *exit_code)
{
    char args[1200];
    snprintf(args, sizeof args, "validate --format json '%s'", capture_path);
    outcome o = run(args, NULL);
    ck_assert_int_eq(o.exit_code, 1); /* capture_mixed.jsonl has invalid exchanges */
    memset(whole, 0, sizeof *whole);
    parse_output(whole, o.out);
    ck_assert_uint_eq(whole->summaries, 1);
    ck_assert_uint_gt(whole->count, 600);
    for (size_t i = 1; i < whole->count; i++)
        ck_assert(whole->items[i - 1].line < whole->items[i].line);
    *exit_code = o.exit_code;
    outcome_free(&o);
}

START_TEST(random_tilings_validate_each_exchange_once)
{
    parsed whole;
    int whole_exit;
    whole_output(&whole, &whole_exit);
    const char *euro = strstr(capture, "\xe2\x82\xac");
    ck_assert_ptr_nonnull(euro);
    uint64_t euro_at = (uint64_t)(euro - capture);
    const char *nl = strchr(capture + capture_len / 2, '\n');
    uint64_t nl_at = (uint64_t)(nl - capture);
    for (unsigned set = 0; set < 24; set++) {
        rng_state = 0x5eed0000u + set;
        uint64_t cuts[16];
        size_t n = 0;
        cuts[n++] = 0;
        size_t k = 1 + (size_t)(rng() % 7);
        for (size_t i = 0; i < k; i++)
            cuts[n++] = rng() % (capture_len + 1);
        /* edge cases, spread over the sets */
        switch (set % 6) {
        case 0: cuts[n++] = euro_at + 1; break;  /* inside the 3-byte character */
        case 1: cuts[n++] = nl_at; break;         /* exactly on a newline */
        case 2: cuts[n++] = nl_at + 1; break;     /* right after it: a record's first byte */
        case 3: cuts[n++] = euro_at + 2; cuts[n++] = nl_at; break;
        case 4: cuts[n++] = 1; break;             /* inside the first record */
        default: cuts[n++] = capture_len - 1; break;
        }
        /* the last piece ends at the size, or beyond it */
        cuts[n++] = set % 2 ? capture_len : capture_len + 1 + rng() % 100000;
        qsort(cuts, n, sizeof cuts[0], cmp_u64);
        char label[32];
        snprintf(label, sizeof label, "set %u", set);
        check_tiling(cuts, n, &whole, whole_exit, label, set % 4 >= 2);
    }
    parsed_free(&whole);
}
END_TEST

START_TEST(degenerate_tilings)
{
    parsed whole;
    int whole_exit;
    whole_output(&whole, &whole_exit);
    /* one piece; empty pieces (START == END) anywhere; a piece per byte near a newline */
    uint64_t one[] = {0, capture_len};
    uint64_t empties[] = {0, 0, 5000, 5000, capture_len, capture_len, capture_len + 7};
    const char *nl = strchr(capture + 1000, '\n');
    uint64_t at = (uint64_t)(nl - capture);
    uint64_t bytes[] = {0, at - 1, at, at + 1, at + 2, capture_len};
    for (int given = 0; given < 2; given++) {
        check_tiling(one, 2, &whole, whole_exit, "one piece", given);
        check_tiling(empties, 7, &whole, whole_exit, "empty pieces", given);
        check_tiling(bytes, 6, &whole, whole_exit, "bytes around a newline", given);
    }
    parsed_free(&whole);
}
END_TEST

START_TEST(range_lines_are_whole_file_lines)
{
    /* a range holding exactly the last record of capture_mixed's second copy */
    char args[1300];
    const char *tail = capture + capture_len - 1;
    while (tail > capture && tail[-1] != '\n')
        tail--;
    uint64_t lines = 0;
    for (const char *p = capture; p < tail; p++)
        lines += *p == '\n';
    snprintf(args, sizeof args, "validate --format json --range %llu:%llu '%s'",
             (unsigned long long)(tail - capture), (unsigned long long)capture_len, capture_path);
    outcome o = run(args, NULL);
    char want[64];
    snprintf(want, sizeof want, ",\"line\":%llu,", (unsigned long long)(lines + 1));
    ck_assert_msg(strstr(o.out, want) != NULL, "want %s in %s", want, o.out);
    ck_assert_ptr_nonnull(strstr(o.out, "{\"summary\":{\"exchanges\":1,"));
    outcome_free(&o);
    /* --first-line is taken as given, not counted: a byte of the second line said to lie on
     * line 7 (possible for all the tool can know without counting: at most START+1) puts the
     * next record, the file's third line, on line 8 */
    const char *second = strchr(capture, '\n') + 1;
    const char *third = strchr(second, '\n') + 1;
    ck_assert_int_ge(second - capture, 6);
    snprintf(args, sizeof args, "validate --format json --range %llu:%llu --first-line 7 '%s'",
             (unsigned long long)(second - capture + 1), (unsigned long long)(third - capture + 1), capture_path);
    o = run(args, NULL);
    ck_assert_msg(strstr(o.out, ",\"line\":8,") != NULL, "want line 8 in %s", o.out);
    ck_assert_ptr_nonnull(strstr(o.out, "{\"summary\":{\"exchanges\":1,"));
    outcome_free(&o);
}
END_TEST

/* OPTION (--range 0:100, --split 100) refuses the HAR and the raw HTTP sample, saying WHY
 * and naming the kind. */
static void check_refuses_har_and_http(const char *option, const char *why)
{
    static const char *const files[] = {"corpus/samples/capture_mixed.har", "corpus/samples/capture_mixed.http"};
    for (size_t i = 0; i < 2; i++) {
        char *path = ts_path(ts_source_dir(), files[i]);
        char args[1200];
        snprintf(args, sizeof args, "validate %s '%s'", option, path);
        outcome o = run(args, NULL);
        ck_assert_int_eq(o.exit_code, 2);
        ck_assert_str_eq(o.out, "");
        ck_assert_ptr_nonnull(strstr(o.err, why));
        ck_assert_ptr_nonnull(strstr(o.err, i == 0 ? "HAR" : "HTTP"));
        outcome_free(&o);
        free(path);
    }
}

START_TEST(range_refuses_har_and_http)
{
    check_refuses_har_and_http("--range 0:100", "--range applies to JSON Lines files only");
}
END_TEST

/* ARGS is a usage error: exit 2, the usage on stderr, nothing on stdout. */
static void expect_usage_error(const char *args)
{
    outcome o = run(args, NULL);
    ck_assert_msg(o.exit_code == 2, "%s: exit %d", args, o.exit_code);
    ck_assert_msg(strstr(o.err, "usage:") != NULL, "%s: %s", args, o.err);
    ck_assert_msg(o.out[0] == '\0', "%s: printed %s", args, o.out);
    outcome_free(&o);
}

START_TEST(bad_ranges_are_usage_errors)
{
    static const char *const bad[] = {"5:1",  "a:b", "1:",   ":5", "-1:5", "1:-5", "1:99999999999999999999",
                                      "99999999999999999999:1", "1:2:3", "+1:5", " 1:5", "1:5 ", "15", "",
                                      "0x10:20", "1.5:3"};
    static const char *const bad_first[] = {"0", "-1", "x", "", "1.5", "99999999999999999999", "+2", " 2", "2 "};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char args[1300];
        snprintf(args, sizeof args, "validate --range '%s' '%s'", bad[i], capture_path);
        expect_usage_error(args);
    }
    char args[1300];
    for (size_t i = 0; i < sizeof bad_first / sizeof bad_first[0]; i++) {
        snprintf(args, sizeof args, "validate --range 0:10 --first-line '%s' '%s'", bad_first[i], capture_path);
        expect_usage_error(args);
    }
    /* line N starts after N-1 newlines: byte START is on line START+1 at most (a larger N
     * would also carry the line numbers past 2^64-1) */
    static const char *const past_start[] = {"--range 0:10 --first-line 2", "--range 5:10 --first-line 7",
                                             "--range 0:3000 --first-line 18446744073709551615"};
    for (size_t i = 0; i < sizeof past_start / sizeof past_start[0]; i++) {
        snprintf(args, sizeof args, "validate %s '%s'", past_start[i], capture_path);
        outcome op = run(args, NULL);
        ck_assert_msg(op.exit_code == 2 && strstr(op.err, "at most START+1"), "%s: exit %d %s", past_start[i],
                      op.exit_code, op.err);
        outcome_free(&op);
    }
    snprintf(args, sizeof args, "validate --range 5:10 --first-line 6 '%s'", capture_path);
    outcome ok6 = run(args, NULL);
    ck_assert_msg(ok6.exit_code == 0, "exit %d %s", ok6.exit_code, ok6.err);
    outcome_free(&ok6);
    /* --first-line without --range */
    snprintf(args, sizeof args, "validate --first-line 1 '%s'", capture_path);
    outcome o0 = run(args, NULL);
    ck_assert_int_eq(o0.exit_code, 2);
    ck_assert_str_eq(o0.out, "");
    outcome_free(&o0);
    /* exactly one FILE */
    snprintf(args, sizeof args, "validate --range 0:10 '%s' '%s'", capture_path, capture_path);
    outcome o = run(args, NULL);
    ck_assert_int_eq(o.exit_code, 2);
    outcome_free(&o);
    snprintf(args, sizeof args, "validate --range 0:10");
    o = run(args, NULL);
    ck_assert_int_eq(o.exit_code, 2);
    outcome_free(&o);
    /* stdin that is a regular file can be ranged; a pipe cannot */
    snprintf(args, sizeof args, "validate --range 0:10 - <'%s'", capture_path);
    o = run(args, NULL);
    ck_assert_int_eq(o.exit_code, 0);
    ck_assert_str_eq(o.out, "1 exchange: 1 valid, 0 invalid, 0 skipped\n");
    outcome_free(&o);
    snprintf(args, sizeof args, "cat '%s' | '%s' validate --range 0:10 - >/dev/null 2>/dev/null", capture_path,
             cli_path);
    int status = system(args);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 2);
    /* the largest representable END is fine: beyond the size */
    snprintf(args, sizeof args, "validate --range 0:18446744073709551615 '%s'", capture_path);
    o = run(args, NULL);
    ck_assert_int_eq(o.exit_code, 1);
    outcome_free(&o);
}
END_TEST

static char *write_temp(const char *data)
{
    return ts_write_temp(data, strlen(data));
}

START_TEST(merge_status_and_errors)
{
    char *a = write_temp("{\"file\":\"x\",\"line\":1,\"verdict\":\"valid\",\"diagnostics\":[]}\n"
                         "{\"summary\":{\"exchanges\":3,\"valid\":2,\"invalid\":0,\"skipped\":1}}\n");
    char *b = write_temp("{\"summary\":{\"exchanges\":4,\"valid\":3,\"invalid\":0,\"skipped\":1}}\n");
    char *c = write_temp("{\"summary\":{\"exchanges\":2,\"valid\":0,\"invalid\":2,\"skipped\":0}}\n");
    char *none = write_temp("{\"file\":\"x\",\"line\":1,\"verdict\":\"valid\",\"diagnostics\":[]}\n");
    char *broken = write_temp("{\"summary\":{\"exchanges\":3,\"valid\":1,\"invalid\":0,\"skipped\":0}}\n");
    char *junk = write_temp("{\"summary\":{\"exchanges\":\"3\"}}\n");
    /* counts that wrap: one line whose parts sum to its total only modulo 2^64, and two lines
     * whose totals do (merged, 2^64-1 invalid and 1 more read as 0 invalid, exit 0) */
    char *wrap_line = write_temp("{\"summary\":{\"exchanges\":9223372036854775809,\"valid\":9223372036854775809,"
                                 "\"invalid\":9223372036854775809,\"skipped\":9223372036854775807}}\n");
    char *wrap_sum = write_temp("{\"summary\":{\"exchanges\":18446744073709551615,\"valid\":0,"
                                "\"invalid\":18446744073709551615,\"skipped\":0}}\n"
                                "{\"summary\":{\"exchanges\":1,\"valid\":0,\"invalid\":1,\"skipped\":0}}\n");
    char args[1400];
    snprintf(args, sizeof args, "validate --merge '%s' '%s'", a, b);
    outcome o = run(args, NULL);
    ck_assert_int_eq(o.exit_code, 0);
    ck_assert_str_eq(o.out, "7 exchanges: 5 valid, 0 invalid, 2 skipped\n");
    outcome_free(&o);
    snprintf(args, sizeof args, "validate --merge --format json '%s' - <'%s'", a, c);
    o = run(args, NULL);
    ck_assert_int_eq(o.exit_code, 1);
    ck_assert_str_eq(o.out, "{\"summary\":{\"exchanges\":5,\"valid\":2,\"invalid\":2,\"skipped\":1}}\n");
    outcome_free(&o);
    /* stdin by default */
    snprintf(args, sizeof args, "validate --merge <'%s'", b);
    o = run(args, NULL);
    ck_assert_int_eq(o.exit_code, 0);
    ck_assert_str_eq(o.out, "4 exchanges: 3 valid, 0 invalid, 1 skipped\n");
    outcome_free(&o);
    /* a run that exited 2 says so in its summary: merged, its counts are kept and the status
     * is 2 again (it was 0 or 1: the failure was lost); "incomplete" is true or absent */
    char *incomplete = write_temp("{\"summary\":{\"exchanges\":3,\"valid\":3,\"invalid\":0,\"skipped\":0,"
                                  "\"incomplete\":true}}\n");
    char *not_incomplete = write_temp("{\"summary\":{\"exchanges\":3,\"valid\":3,\"invalid\":0,\"skipped\":0,"
                                      "\"incomplete\":false}}\n");
    snprintf(args, sizeof args, "validate --merge --format json '%s' '%s'", a, incomplete);
    o = run(args, NULL);
    ck_assert_int_eq(o.exit_code, 2);
    ck_assert_str_eq(o.out, "{\"summary\":{\"exchanges\":6,\"valid\":5,\"invalid\":0,\"skipped\":1,\"incomplete\":true}}\n");
    ck_assert_ptr_nonnull(strstr(o.err, "could not read all of its input"));
    outcome_free(&o);
    /* end to end: validate of a missing file and a readable one, then --merge */
    char *missing_run = ts_write_temp("", 0);
    snprintf(args, sizeof args, "validate --format json /nonexistent/capture.jsonl '%s'", capture_path);
    o = run(args, missing_run);
    ck_assert_int_eq(o.exit_code, 2);
    outcome_free(&o);
    snprintf(args, sizeof args, "validate --merge '%s'", missing_run);
    o = run(args, NULL);
    ck_assert_msg(o.exit_code == 2, "merge of a run that exited 2: exit %d", o.exit_code);
    outcome_free(&o);
    unlink(missing_run);
    free(missing_run);
    const char *const bad[] = {none, broken, junk, "/nonexistent/out.json", wrap_line, wrap_sum, not_incomplete};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(args, sizeof args, "validate --merge '%s' '%s'", a, bad[i]);
        o = run(args, NULL);
        ck_assert_msg(o.exit_code == 2, "%s: exit %d", bad[i], o.exit_code);
        ck_assert_ptr_nonnull(strstr(o.err, bad[i]));
        outcome_free(&o);
    }
    /* --merge takes no validation options */
    snprintf(args, sizeof args, "validate --merge --strict '%s'", a);
    o = run(args, NULL);
    ck_assert_int_eq(o.exit_code, 2);
    outcome_free(&o);
    const char *const files[] = {a, b, c, none, broken, junk, wrap_line, wrap_sum, incomplete, not_incomplete};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        unlink(files[i]);
        free((void *)files[i]);
    }
}
END_TEST

/* --split SIZE plans the tiling a driver runs: "START:END N" lines, START the multiples of
 * SIZE, END the next one or the size, N the line START lies on, counted here. */
static void check_split(const char *size_arg, uint64_t piece)
{
    char args[1300];
    snprintf(args, sizeof args, "validate --split %s '%s'", size_arg, capture_path);
    outcome o = run(args, NULL);
    ck_assert_msg(o.exit_code == 0, "--split %s: exit %d: %s", size_arg, o.exit_code, o.err);
    ck_assert_str_eq(o.err, "");
    uint64_t want_start = 0, line = 1, counted_to = 0;
    size_t ranges = 0;
    for (const char *p = o.out; *p;) {
        unsigned long long start, end, n;
        int used = 0;
        ck_assert_msg(sscanf(p, "%llu:%llu %llu\n%n", &start, &end, &n, &used) == 3 && used > 0,
                      "--split %s: line %zu is not START:END N: %.40s", size_arg, ranges + 1, p);
        for (; counted_to < start && counted_to < capture_len; counted_to++)
            line += capture[counted_to] == '\n';
        uint64_t want_end = capture_len - want_start > piece ? want_start + piece : capture_len;
        ck_assert_msg(start == want_start && end == want_end && n == line,
                      "--split %s, range %zu: %llu:%llu %llu, want %llu:%llu %llu", size_arg, ranges, start, end,
                      n, (unsigned long long)want_start, (unsigned long long)want_end, (unsigned long long)line);
        want_start = end;
        ranges++;
        p += used;
    }
    ck_assert_msg(want_start == capture_len && ranges == capture_len / piece + (capture_len % piece != 0),
                  "--split %s: %zu ranges ending at %llu", size_arg, ranges, (unsigned long long)want_start);
    outcome_free(&o);
}

START_TEST(split_plans_the_tiling)
{
    const char *nl = strchr(capture, '\n');
    uint64_t line_len = (uint64_t)(nl - capture) + 1;
    uint64_t sizes[] = {97, line_len, line_len - 1, 4096 + 3, capture_len / 3, capture_len - 1, capture_len,
                        capture_len + 1};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        char arg[32];
        snprintf(arg, sizeof arg, "%llu", (unsigned long long)sizes[i]);
        check_split(arg, sizes[i]);
    }
    check_split("4K", 4096);
    check_split("1M", 1u << 20);
    check_split("1G", 1u << 30);
    check_split("18446744073709551615", UINT64_MAX);
    check_split("17179869183G", 17179869183ull << 30);
}
END_TEST

START_TEST(split_refuses_bad_sizes_and_inputs)
{
    static const char *const bad[] = {"0",  "-1", "",   "x",  "1.5", "5Q", "1KK", "1k", " 5", "5 ", "+5",
                                      "0K", "18446744073709551616", "17179869184G", "K"};
    char args[1400];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(args, sizeof args, "validate --split '%s' '%s'", bad[i], capture_path);
        expect_usage_error(args);
    }
    /* exactly one FILE, and no other option */
    static const struct {
        const char *opts;
        int files;
    } combos[] = {{"--split 10", 2},           {"--split 10", 0},         {"--split 10 --range 0:5", 1},
                  {"--split 10 --format json", 1}, {"--split 10 --merge", 1}, {"--strict --split 10", 1},
                  {"--split 10 --first-line 1", 1}};
    for (size_t i = 0; i < sizeof combos / sizeof combos[0]; i++) {
        snprintf(args, sizeof args, "validate %s%s%s%s%s", combos[i].opts, combos[i].files > 0 ? " " : "",
                 combos[i].files > 0 ? capture_path : "", combos[i].files > 1 ? " " : "",
                 combos[i].files > 1 ? capture_path : "");
        expect_usage_error(args);
    }
    /* only a regular JSON Lines file can be cut */
    check_refuses_har_and_http("--split 100", "--split applies to a regular JSON Lines file");
    snprintf(args, sizeof args, "cat '%s' | '%s' validate --split 100 - 2>&1 | grep -q 'not a regular file'",
             capture_path, cli_path);
    ck_assert_int_eq(system(args), 0);
    snprintf(args, sizeof args, "validate --split 100 /nonexistent/capture.jsonl");
    outcome o = run(args, NULL);
    ck_assert_int_eq(o.exit_code, 2);
    ck_assert_ptr_nonnull(strstr(o.err, "cannot open /nonexistent/capture.jsonl"));
    outcome_free(&o);
}
END_TEST

/* --newlines START:END prints the newline bytes in [START, END) (END past the size counts to
 * the size), counted here: random ranges, the whole file, an empty range and one past the end. */
static uint64_t newlines_of(const char *range)
{
    char args[1300];
    snprintf(args, sizeof args, "validate --newlines %s '%s'", range, capture_path);
    outcome o = run(args, NULL);
    ck_assert_msg(o.exit_code == 0, "--newlines %s: exit %d: %s", range, o.exit_code, o.err);
    ck_assert_str_eq(o.err, "");
    unsigned long long n;
    int used = 0;
    ck_assert_msg(sscanf(o.out, "%llu\n%n", &n, &used) == 1 && o.out[used] == '\0', "--newlines %s: %s", range,
                  o.out);
    outcome_free(&o);
    return n;
}

START_TEST(newlines_counts_a_range)
{
    rng_state = 0x5eed;
    for (int i = 0; i < 40; i++) {
        uint64_t a = rng() % (capture_len + 2), b = rng() % (capture_len + 2);
        uint64_t start = a < b ? a : b, end = a < b ? b : a, want = 0;
        for (uint64_t k = start; k < end && k < capture_len; k++)
            want += capture[k] == '\n';
        char range[64];
        snprintf(range, sizeof range, "%llu:%llu", (unsigned long long)start, (unsigned long long)end);
        ck_assert_msg(newlines_of(range) == want, "--newlines %s, want %llu", range, (unsigned long long)want);
    }
    char range[64];
    snprintf(range, sizeof range, "0:%llu", (unsigned long long)capture_len);
    uint64_t all = 0;
    for (uint64_t k = 0; k < capture_len; k++)
        all += capture[k] == '\n';
    ck_assert_uint_eq(newlines_of(range), all);
    ck_assert_uint_eq(newlines_of("0:18446744073709551615"), all);
    ck_assert_uint_eq(newlines_of("7:7"), 0);
    snprintf(range, sizeof range, "%llu:%llu", (unsigned long long)capture_len + 5, (unsigned long long)capture_len + 9);
    ck_assert_uint_eq(newlines_of(range), 0);
}
END_TEST

START_TEST(newlines_refuses_bad_ranges_and_inputs)
{
    static const char *const bad[] = {"5:4", "", "5", ":5", "5:", "x:5", "-1:5", "5:18446744073709551616", " 1:2"};
    char args[1400];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(args, sizeof args, "validate --newlines '%s' '%s'", bad[i], capture_path);
        expect_usage_error(args);
    }
    static const char *const opts[] = {"--newlines 0:5 --split 10", "--newlines 0:5 --range 0:5",
                                       "--newlines 0:5 --format json", "--strict --newlines 0:5",
                                       "--newlines 0:5 --first-line 1", "--newlines 0:5 --merge"};
    for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++) {
        snprintf(args, sizeof args, "validate %s '%s'", opts[i], capture_path);
        expect_usage_error(args);
    }
    snprintf(args, sizeof args, "validate --newlines 0:5 '%s' '%s'", capture_path, capture_path);
    expect_usage_error(args);
    check_refuses_har_and_http("--newlines 0:100", "--newlines applies to a regular JSON Lines file");
    outcome o = run("validate --newlines 0:5 /nonexistent/capture.jsonl", NULL);
    ck_assert_int_eq(o.exit_code, 2);
    ck_assert_ptr_nonnull(strstr(o.err, "cannot open /nonexistent/capture.jsonl"));
    outcome_free(&o);
}
END_TEST

/* --end-line prints, before the summary, the line END lies on: 1 + the newlines before END
 * (END clamped to the size), counted here; for a range given --first-line N, N - 1 more than
 * that minus the newlines before START, as its own lines are numbered. Random ranges, text
 * and JSON, with the true N and with N = 1 (what a driver that does not count passes). */
START_TEST(end_line_is_the_next_ranges_first_line)
{
    rng_state = 0xe11d;
    for (int i = 0; i < 40; i++) {
        uint64_t a = rng() % (capture_len + 3), b = rng() % (capture_len + 3);
        uint64_t start = a < b ? a : b, end = a < b ? b : a, before_start = 0, before_end = 0;
        for (uint64_t k = 0; k < end && k < capture_len; k++) {
            before_start += k < start && capture[k] == '\n';
            before_end += capture[k] == '\n';
        }
        bool json = i & 1, relative = i % 3 == 0;
        uint64_t n = relative ? 1 : before_start + 1;
        uint64_t want = before_end + 1 - (relative ? before_start : 0);
        uint64_t clamped = end < capture_len ? end : capture_len;
        char args[1400];
        snprintf(args, sizeof args, "validate %s--range %llu:%llu --first-line %llu --end-line '%s'",
                 json ? "--format json " : "", (unsigned long long)start, (unsigned long long)end,
                 (unsigned long long)n, capture_path);
        outcome o = run(args, NULL);
        ck_assert_msg(o.exit_code == 0 || o.exit_code == 1, "%s: exit %d: %s", args, o.exit_code, o.err);
        /* the line before the summary */
        size_t len = strlen(o.out);
        ck_assert_uint_ge(len, 2);
        const char *summary = o.out + len - 1;
        while (summary > o.out && summary[-1] != '\n')
            summary--;
        ck_assert_msg(summary > o.out, "%s: nothing before the summary", args);
        const char *line = summary - 1;
        while (line > o.out && line[-1] != '\n')
            line--;
        char want_line[128];
        if (json)
            snprintf(want_line, sizeof want_line, "{\"rangeEnd\":{\"byte\":%llu,\"line\":%llu}}\n",
                     (unsigned long long)clamped, (unsigned long long)want);
        else
            snprintf(want_line, sizeof want_line, "byte %llu is on line %llu\n", (unsigned long long)clamped,
                     (unsigned long long)want);
        ck_assert_msg(strncmp(line, want_line, strlen(want_line)) == 0 && line + strlen(want_line) == summary,
                      "%s: %.*s, want %s", args, (int)(summary - line), line, want_line);
        outcome_free(&o);
    }
    expect_usage_error("validate --end-line '/dev/null'");
}
END_TEST

/* A file whose last line has no newline: END at or past its end lies on that last line (1 +
 * the newlines before it), which the reader counts as a line but no newline ends. */
START_TEST(end_line_after_a_last_line_without_newline)
{
    char *path = write_temp("{}\n{}"); /* bytes 0-1 line 1, 2 its newline, 3-4 line 2 */
    static const struct {
        const char *range;
        const char *want;
    } cases[] = {{"0:5", "byte 5 is on line 2\n"},        {"0:99", "byte 5 is on line 2\n"},
                 {"3:5", "byte 5 is on line 2\n"},        {"5:9", "byte 5 is on line 2\n"},
                 {"0:3", "byte 3 is on line 2\n"},        {"0:2", "byte 2 is on line 1\n"},
                 {"1:1", "byte 1 is on line 1\n"},        {"4:5 --first-line 1", "byte 5 is on line 1\n"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char args[256];
        snprintf(args, sizeof args, "validate --range %s --end-line '%s'", cases[i].range, path);
        outcome o = run(args, NULL);
        ck_assert_msg(o.exit_code == 0 || o.exit_code == 1, "%s: exit %d: %s", args, o.exit_code, o.err);
        ck_assert_msg(strstr(o.out, cases[i].want) != NULL, "%s: %s, want %s", args, o.out, cases[i].want);
        outcome_free(&o);
    }
    unlink(path);
    free(path);
}
END_TEST

static Suite *range_suite(void)
{
    Suite *s = suite_create("validate_range");
    TCase *tc = tcase_create("range");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, random_tilings_validate_each_exchange_once);
    tcase_add_test(tc, degenerate_tilings);
    tcase_add_test(tc, range_lines_are_whole_file_lines);
    tcase_add_test(tc, range_refuses_har_and_http);
    tcase_add_test(tc, bad_ranges_are_usage_errors);
    tcase_add_test(tc, merge_status_and_errors);
    tcase_add_test(tc, split_plans_the_tiling);
    tcase_add_test(tc, split_refuses_bad_sizes_and_inputs);
    tcase_add_test(tc, newlines_counts_a_range);
    tcase_add_test(tc, newlines_refuses_bad_ranges_and_inputs);
    tcase_add_test(tc, end_line_is_the_next_ranges_first_line);
    tcase_add_test(tc, end_line_after_a_last_line_without_newline);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    const char *build = getenv("EKSCODEC_BUILD_DIR");
    snprintf(cli_path, sizeof cli_path, "%s/tools/ekscodec", build ? build : ".");
    if (!make_capture()) {
        free(capture_path);
        return EXIT_FAILURE;
    }
    int rc = ts_run_suite(range_suite());
    unlink(capture_path);
    free(capture_path);
    return rc;
}
