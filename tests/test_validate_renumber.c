/*
 * `ekscodec validate --renumber N --name NAME [--as SHOWN]` end to end (issue #12: the Dask
 * driver renumbers the text output of ranges run with --first-line 1 through it).
 *
 * Against validate itself: over random tilings of a capture with invalid exchanges, each
 * range run with `--range START:END --first-line 1 --end-line`, its end line and summary
 * taken off, and renumbered by the sum of the M - 1 of the ranges before it, the pieces put
 * together are one whole-file run's output byte for byte (its summary aside), also when the
 * ranges name the file one way and the whole-file run another (--as).
 *
 * Against the rule in validate_renumber.h, on text made here with its expected output: lines
 * of every length (one longer than any read), exchange lines of NAME and of names it is a
 * prefix of or that are a prefix of it, lines that only look like one, control characters
 * in the name, no final newline. Then what it refuses: usage, unreadable input, an output that
 * cannot be written, a line number past 2^64-1.
 */
#include "test_support.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char cli_path[1024];
static char *capture_path;
static size_t capture_len;

static uint64_t rng_state;
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* A growing NUL-terminated byte buffer. */
typedef struct text {
    char *p;
    size_t len, cap;
} text;

static void put(text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->p = realloc(t->p, t->cap);
        ck_assert_ptr_nonnull(t->p);
    }
    memcpy(t->p + t->len, s, n);
    t->len += n;
    t->p[t->len] = '\0';
}

static ts_cli_result cli(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static ts_cli_result cli(const char *fmt, ...)
{
    char args[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    return ts_run_cli(cli_path, NULL, args);
}

/* capture_mixed.jsonl (invalid exchanges among valid ones) 40 times: ~550 KB, 680 lines */
static bool make_capture(void)
{
    char *path = ts_path(ts_source_dir(), "corpus/samples/capture_mixed.jsonl");
    size_t n;
    char *sample = ts_read_file(path, &n);
    free(path);
    if (!sample || n == 0 || sample[n - 1] != '\n') {
        fprintf(stderr, "test_validate_renumber: cannot read corpus/samples/capture_mixed.jsonl\n");
        free(sample);
        return false;
    }
    capture_path = ts_temp_template("ekscodec-renumber-cap");
    int fd = mkstemp(capture_path);
    bool ok = fd >= 0;
    for (int i = 0; i < 40 && ok; i++)
        ok = write(fd, sample, n) == (ssize_t)n;
    if (fd >= 0)
        close(fd);
    capture_len = 40 * n;
    free(sample);
    return ok;
}

/* The whole-file text output of validate given the capture as `name`, summary taken off. */
static char *whole_output(const char *name)
{
    ts_cli_result r = cli("validate '%s'", name);
    ck_assert_int_eq(r.exit_code, 1); /* capture_mixed.jsonl has invalid exchanges */
    char *last = r.out + strlen(r.out) - 1;
    ck_assert(last > r.out && *last == '\n');
    while (last > r.out && last[-1] != '\n')
        last--;
    ck_assert_msg(strstr(last, " exchanges: ") != NULL, "no summary: %s", last);
    *last = '\0';
    ck_assert_uint_gt(strlen(r.out), 20000);
    free(r.err);
    return r.out;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The ranges between cuts run as a driver runs them, named `ranges_name`; each one's output
 * renumbered (--as `as` when not NULL) and appended: the result, malloc'd. */
static char *tiled_output(const uint64_t *cuts, size_t ncuts, const char *ranges_name, const char *as)
{
    text all = {0};
    put(&all, "", 0);
    uint64_t before = 0; /* the lines of the ranges before: the sum of their M - 1 */
    for (size_t i = 0; i + 1 < ncuts; i++) {
        ts_cli_result r = cli("validate --range %llu:%llu --first-line 1 --end-line '%s'",
                              (unsigned long long)cuts[i], (unsigned long long)cuts[i + 1], ranges_name);
        ck_assert_msg(r.exit_code == 0 || r.exit_code == 1, "range %llu:%llu: exit %d: %s",
                      (unsigned long long)cuts[i], (unsigned long long)cuts[i + 1], r.exit_code, r.err);
        /* the last two lines: "byte END is on line M", the summary */
        char *end = r.out + strlen(r.out) - 1;
        while (end > r.out && end[-1] != '\n')
            end--;
        char *end_line = end - 1;
        while (end_line > r.out && end_line[-1] != '\n')
            end_line--;
        unsigned long long byte, m;
        ck_assert_msg(sscanf(end_line, "byte %llu is on line %llu\n", &byte, &m) == 2, "no end line: %s", end_line);
        char *body = ts_write_temp(r.out, (size_t)(end_line - r.out));
        ts_cli_result n = as ? cli("validate --renumber %llu --name '%s' --as '%s' '%s'", (unsigned long long)before,
                                   ranges_name, as, body)
                             : cli("validate --renumber %llu --name '%s' '%s'", (unsigned long long)before,
                                   ranges_name, body);
        ck_assert_msg(n.exit_code == 0, "--renumber: exit %d: %s", n.exit_code, n.err);
        ck_assert_str_eq(n.err, "");
        put(&all, n.out, strlen(n.out));
        before += m - 1;
        unlink(body);
        free(body);
        ts_cli_result_free(&n);
        ts_cli_result_free(&r);
    }
    return all.p;
}

START_TEST(renumbered_ranges_are_the_whole_files_output)
{
    char *whole = whole_output(capture_path);
    for (unsigned set = 0; set < 10; set++) {
        rng_state = 0x4e4e0000u + set;
        uint64_t cuts[10];
        size_t n = 0;
        cuts[n++] = 0;
        for (size_t k = 1 + (size_t)(rng() % 7); k > 0; k--)
            cuts[n++] = rng() % (capture_len + 1);
        cuts[n++] = capture_len;
        qsort(cuts, n, sizeof cuts[0], cmp_u64);
        char *got = tiled_output(cuts, n, capture_path, NULL);
        ck_assert_msg(strcmp(got, whole) == 0, "tiling %u: %zu bytes of output, the whole file's %zu", set,
                      strlen(got), strlen(whole));
        free(got);
    }
    free(whole);
}
END_TEST

/* The ranges given the file as DIR/X, the whole-file run as DIR/./X; --as makes them agree */
START_TEST(as_names_the_file_as_given)
{
    const char *base = strrchr(capture_path, '/') + 1;
    size_t n = strlen(capture_path) + sizeof "./";
    char *other = malloc(n);
    ck_assert_ptr_nonnull(other);
    snprintf(other, n, "%.*s./%s", (int)(base - capture_path), capture_path, base);
    char *whole = whole_output(other);
    uint64_t cuts[] = {0, capture_len / 3, capture_len / 3 + 1, capture_len};
    char *got = tiled_output(cuts, 4, capture_path, other);
    ck_assert_msg(strcmp(got, whole) == 0, "--as: %.300s, want %.300s", got, whole);
    free(got);
    char *unnamed = tiled_output(cuts, 4, capture_path, NULL);
    ck_assert(strcmp(unnamed, whole) != 0); /* the names differ without --as */
    free(unnamed);
    free(whole);
    free(other);
}
END_TEST

static void both(text *a, text *b, const char *s, size_t n)
{
    put(a, s, n);
    put(b, s, n);
}

/* Text following the rule of validate_renumber.h, made with its expected output: exchange
 * lines of NAME (its tab printed '?' by validate), two thirds of the lines, short so that
 * reads end inside them, among lines of every other kind, one line of 600 KB, the last line
 * without a newline; given twice (inputs are concatenated). */
START_TEST(renumbers_exchange_lines_of_name_only)
{
    static const char shown[] = "/x/a?b.jsonl";
    const unsigned long long add = 999999999999ull;
    text in = {0}, want = {0};
    char b[128];
    rng_state = 0x7e47;
    for (int i = 0; i < 150000; i++) {
        unsigned long long line = rng() % 100000000ull + 1;
        int n;
        switch (rng() % 12) {
        case 0: case 1: case 2: case 3: case 4: case 5: case 6: case 7: /* an exchange line of NAME */
            n = snprintf(b, sizeof b, "%s:%llu: invalid  X", shown, line);
            put(&in, b, (size_t)n);
            n = snprintf(b, sizeof b, "%s:%llu: invalid  X", shown, line + add);
            put(&want, b, (size_t)n);
            break;
        case 8: /* of another file: NAME is a prefix of its name, or its name of NAME */
            n = snprintf(b, sizeof b, rng() & 1 ? "%sx:%llu: valid" : "%.10s:%llu: valid", shown, line);
            both(&in, &want, b, (size_t)n);
            break;
        case 9: /* like one: no digits, no ':' after them, indented, after another byte */
            n = snprintf(b, sizeof b, "%s:: x\n%s:12 x\n  %s:3: x\nq%s:4: x", shown, shown, shown, shown);
            both(&in, &want, b, (size_t)n);
            break;
        case 10: /* a summary, an end line */
            n = snprintf(b, sizeof b, "%llu exchanges: 1 valid, 0 invalid, 0 skipped\nbyte 9 is on line 4", line);
            both(&in, &want, b, (size_t)n);
            break;
        default: /* a diagnostic of random length */
            both(&in, &want, "  request  error   x ", 21);
            for (uint64_t k = rng() % 40; k > 0; k--)
                both(&in, &want, "y", 1);
        }
        both(&in, &want, "\n", 1);
        if (i == 75000) {
            both(&in, &want, "  ", 2);
            for (int k = 0; k < 600000; k++)
                both(&in, &want, "z", 1);
            both(&in, &want, "\n", 1);
        }
    }
    int n = snprintf(b, sizeof b, "%s:7: no newline", shown);
    put(&in, b, (size_t)n);
    n = snprintf(b, sizeof b, "%s:%llu: no newline", shown, 7 + add);
    put(&want, b, (size_t)n);
    char *path = ts_write_temp(in.p, in.len);
    ts_cli_result r = cli("validate --renumber %llu --name '/x/a\tb.jsonl' '%s' - '%s'", add, path, path);
    ck_assert_msg(r.exit_code == 0, "exit %d: %s", r.exit_code, r.err);
    ck_assert_str_eq(r.err, "");
    ck_assert_uint_eq(strlen(r.out), 2 * want.len);
    ck_assert(memcmp(r.out, want.p, want.len) == 0);
    ck_assert(memcmp(r.out + want.len, want.p, want.len) == 0); /* '-' read stdin: /dev/null */
    ts_cli_result_free(&r);
    unlink(path);
    free(path);
    free(in.p);
    free(want.p);
}
END_TEST

static void expect_failure(const char *input, const char *args, const char *why)
{
    char *path = ts_write_temp(input, strlen(input));
    ts_cli_result r = cli("validate %s '%s'", args, path);
    ck_assert_msg(r.exit_code == 2, "%s: exit %d, want 2", args, r.exit_code);
    ck_assert_msg(strstr(r.err, why) != NULL, "%s: %s, want %s", args, r.err, why);
    ts_cli_result_free(&r);
    unlink(path);
    free(path);
}

START_TEST(refusals)
{
    static const char *usage[] = {
        "--renumber 1",         "--renumber 1 --name ''",  "--renumber x --name a", "--renumber -1 --name a",
        "--renumber 18446744073709551616 --name a",        "--name a",              "--as b",
        "--renumber 1 --name a --as ''",                   "--renumber 1 --name a --strict",
        "--renumber 1 --name a --format json",             "--renumber 1 --name a --merge",
        "--renumber 1 --name a --range 0:1",               "--renumber 1 --name a --split 1",
    };
    for (size_t i = 0; i < sizeof usage / sizeof usage[0]; i++)
        expect_failure("a:1: x\n", usage[i], "--renumber wants N");
    /* the largest number there is, and one past it, by adding and by its digits */
    char *path = ts_write_temp("a:0: x\n", 7);
    ts_cli_result r = cli("validate --renumber 18446744073709551615 --name a '%s'", path);
    ck_assert_int_eq(r.exit_code, 0);
    ck_assert_str_eq(r.out, "a:18446744073709551615: x\n");
    ts_cli_result_free(&r);
    unlink(path);
    free(path);
    expect_failure("a:0: x\na:1: y\n", "--renumber 18446744073709551615 --name a",
                   ", line 2: its line number plus N passes 2^64-1");
    expect_failure("a:2: x\n\na:18446744073709551616: y\n", "--renumber 0 --name a",
                   ", line 3: a line number of more than 20 digits or past 2^64-1");
    expect_failure("a:2: x\na:000000000000000000001 y\n", "--renumber 0 --name a",
                   ", line 2: a line number of more than 20 digits or past 2^64-1");
    expect_failure("", "--renumber 0 --name a /nonexistent/out.txt", "cannot open /nonexistent/out.txt");
    /* an output that cannot be written */
    path = ts_write_temp("a:1: x\n", 7);
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s' validate --renumber 1 --name a '%s' >/dev/full 2>'%s.err'", cli_path, path, path);
    int status = system(cmd);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 2);
    snprintf(cmd, sizeof cmd, "%s.err", path);
    char *err = ts_read_file(cmd, NULL);
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(strstr(err, "cannot write the output") != NULL, "%s", err);
    free(err);
    unlink(cmd);
    unlink(path);
    free(path);
}
END_TEST

static Suite *renumber_suite(void)
{
    Suite *s = suite_create("validate_renumber");
    TCase *tc = tcase_create("renumber");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, renumbered_ranges_are_the_whole_files_output);
    tcase_add_test(tc, as_names_the_file_as_given);
    tcase_add_test(tc, renumbers_exchange_lines_of_name_only);
    tcase_add_test(tc, refusals);
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
    int rc = ts_run_suite(renumber_suite());
    unlink(capture_path);
    free(capture_path);
    return rc;
}
