/*
 * `ekscodec validate` end to end (DESIGN §3): the bundled sample captures against their
 * hand-written expectations (corpus/samples/capture_mixed.*.expected.jsonl, derived from
 * the construction in corpus/captures/make_capture_mixed.py), exit codes, --strict,
 * --jobs ordering, an over-long JSONL line, signatures computed by botocore
 * (corpus/captures/signed_botocore.jsonl) and the no-secret-in-any-output invariant.
 */
#define _DEFAULT_SOURCE /* wait4: the rusage of one child */
#include "test_support.h"

#include <errno.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static char cli_path[1024];

typedef ts_cli_result run_result;

/* Runs "env ENV ekscodec ARGS" (env may be NULL) with stdin from /dev/null. */
static run_result run_cli_env(const char *env, const char *args) { return ts_run_cli(cli_path, env, args); }
static run_result run_cli(const char *args) { return run_cli_env(NULL, args); }
static void free_result(run_result *r) { ts_cli_result_free(r); }

static char *src_file(const char *rel) { return ts_path(ts_source_dir(), rel); }

/* Splits text into lines (modifies it); returns the count. */
static size_t split_lines(char *text, char **lines, size_t max)
{
    size_t n = 0;
    for (char *p = text; *p && n < max;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        lines[n++] = p;
        if (!nl)
            break;
        p = nl + 1;
    }
    return n;
}

/* Every key of `want` must be in `got` and equal; diagnostics are compared element by
 * element on the keys the expectation gives (messages and byte offsets are the library's
 * wording, not part of the contract checked here, but must be present and non-empty). */
static void assert_exchange(json_object *got, json_object *want, const char *file, size_t idx)
{
    json_object_object_foreach(want, k, v) {
        json_object *g = NULL;
        ck_assert_msg(json_object_object_get_ex(got, k, &g), "exchange %zu: key %s missing in %s", idx, k,
                      json_object_to_json_string(got));
        if (strcmp(k, "diagnostics") == 0) {
            size_t n = json_object_array_length(v);
            ck_assert_msg(json_object_array_length(g) == n, "exchange %zu: %zu diagnostics, want %zu: %s", idx,
                          json_object_array_length(g), n, json_object_to_json_string(g));
            for (size_t i = 0; i < n; i++) {
                json_object *gd = json_object_array_get_idx(g, i), *wd = json_object_array_get_idx(v, i);
                json_object_object_foreach(wd, dk, dv) {
                    json_object *x = NULL;
                    ck_assert_msg(json_object_object_get_ex(gd, dk, &x) && json_object_equal(x, dv),
                                  "exchange %zu diag %zu: %s is %s, want %s", idx, i, dk,
                                  x ? json_object_to_json_string(x) : "(absent)", json_object_to_json_string(dv));
                }
                json_object *msg = NULL;
                ck_assert(json_object_object_get_ex(gd, "message", &msg));
                ck_assert_int_gt(json_object_get_string_len(msg), 0);
            }
        } else {
            ck_assert_msg(json_object_equal(g, v), "exchange %zu: %s is %s, want %s", idx, k,
                          json_object_to_json_string(g), json_object_to_json_string(v));
        }
    }
    /* nothing beyond the contract's keys */
    json_object_object_foreach(got, gk, gv) {
        (void)gv;
        ck_assert_msg(strcmp(gk, "file") == 0 || json_object_object_get_ex(want, gk, NULL),
                      "exchange %zu: unexpected key %s", idx, gk);
    }
    json_object *f = NULL;
    if (json_object_object_get_ex(got, "file", &f))
        ck_assert_str_eq(json_object_get_string(f), file);
    else
        ck_assert_msg(json_object_object_get_ex(want, "summary", NULL), "exchange %zu has no file", idx);
}

static void check_sample(const char *name, const char *extra_args)
{
    char rel[256];
    snprintf(rel, sizeof rel, "corpus/samples/%s", name);
    char *path = src_file(rel);
    snprintf(rel, sizeof rel, "corpus/samples/%s.expected.jsonl", name);
    char *exp_path = src_file(rel);
    char *expected = ts_read_file(exp_path, NULL);
    ck_assert_ptr_nonnull(expected);
    char args[2048];
    snprintf(args, sizeof args, "validate --format json %s '%s'", extra_args, path);
    run_result r = run_cli(args);
    ck_assert_msg(r.exit_code == 1, "exit %d: %s", r.exit_code, r.err);
    char *gl[64], *wl[64];
    size_t ng = split_lines(r.out, gl, 64), nw = split_lines(expected, wl, 64);
    while (ng && !*gl[ng - 1])
        ng--;
    while (nw && !*wl[nw - 1])
        nw--;
    ck_assert_uint_eq(ng, nw);
    for (size_t i = 0; i < nw; i++) {
        json_object *g = json_tokener_parse(gl[i]), *w = json_tokener_parse(wl[i]);
        ck_assert_msg(g != NULL, "output line %zu is not JSON: %s", i + 1, gl[i]);
        ck_assert_ptr_nonnull(w);
        assert_exchange(g, w, path, i);
        json_object_put(g);
        json_object_put(w);
    }
    free_result(&r);
    free(expected);
    free(exp_path);
    free(path);
}

START_TEST(sample_jsonl_json_output) { check_sample("capture_mixed.jsonl", ""); }
END_TEST

START_TEST(sample_har_json_output) { check_sample("capture_mixed.har", ""); }
END_TEST

START_TEST(sample_http_json_output) { check_sample("capture_mixed.http", ""); }
END_TEST

START_TEST(sample_jsonl_jobs_same_output) { check_sample("capture_mixed.jsonl", "--jobs 2"); }
END_TEST

static size_t count_substr(const char *s, const char *sub)
{
    size_t n = 0;
    for (const char *p = strstr(s, sub); p; p = strstr(p + 1, sub))
        n++;
    return n;
}

START_TEST(sample_text_output)
{
    char *path = src_file("corpus/samples/capture_mixed.jsonl");
    char args[1200];
    snprintf(args, sizeof args, "validate '%s'", path);
    run_result r = run_cli(args);
    ck_assert_int_eq(r.exit_code, 1);
    /* one block per exchange with problems: lines 3 6 7 8 9 10 11 14 15 */
    static const int lines[] = {3, 6, 7, 8, 9, 10, 11, 14, 15};
    size_t blocks = 0;
    for (char *p = r.out; (p = strstr(p, path)) != NULL; p++)
        blocks++;
    ck_assert_uint_eq(blocks, sizeof lines / sizeof lines[0]);
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        char head[1100];
        snprintf(head, sizeof head, "%s:%d: ", path, lines[i]);
        ck_assert_msg(strstr(r.out, head) != NULL, "no block for line %d", lines[i]);
    }
    ck_assert_uint_eq(count_substr(r.out, ": invalid"), 5);
    ck_assert_ptr_nonnull(strstr(r.out, "\n16 exchanges: 9 valid, 5 invalid, 2 skipped\n"));
    free_result(&r);
    free(path);
}
END_TEST

START_TEST(strict_turns_unknown_enum_into_error)
{
    char *path = src_file("corpus/samples/capture_mixed.jsonl");
    char args[1200];
    snprintf(args, sizeof args, "validate --strict '%s'", path);
    run_result r = run_cli(args);
    ck_assert_int_eq(r.exit_code, 1);
    ck_assert_ptr_nonnull(strstr(r.out, "16 exchanges: 8 valid, 6 invalid, 2 skipped\n"));
    free_result(&r);
    free(path);
}
END_TEST

/* First line of the sample: a valid exchange. */
static char *valid_line(void)
{
    char *path = src_file("corpus/samples/capture_mixed.jsonl");
    char *all = ts_read_file(path, NULL);
    ck_assert_ptr_nonnull(all);
    char *nl = strchr(all, '\n');
    nl[1] = '\0';
    free(path);
    return all;
}

/* docs/validate.md, "Diagnostics per exchange": a part stores 1,000 diagnostics and counts the
 * rest; the report ends the list with their number. Planted: 1,200 members the model does
 * not have in the request (a warning each) and 1,050 UpdateParamType values it does not know
 * in the response (--strict: an error each), so 200 + 50 = 250 are not shown. */
START_TEST(diagnostics_past_the_limit_are_reported_as_a_count)
{
    char *line = valid_line();
    json_object *rec = json_tokener_parse(line);
    ck_assert_ptr_nonnull(rec);
    char *req = ts_dipc_request_with_unknown_members(1200);
    char *resp = ts_update_with_unknown_param_types(1050);
    json_object *side;
    ck_assert(json_object_object_get_ex(rec, "request", &side));
    json_object_object_add(side, "body", json_object_new_string(req));
    ck_assert(json_object_object_get_ex(rec, "response", &side));
    json_object_object_add(side, "body", json_object_new_string(resp));
    const char *text = json_object_to_json_string_ext(rec, JSON_C_TO_STRING_PLAIN);
    size_t n = strlen(text);
    char *data = malloc(n + 2);
    memcpy(data, text, n);
    memcpy(data + n, "\n", 2);
    char *cap = ts_write_temp(data, n + 1);
    char args[1200];
    snprintf(args, sizeof args, "validate --strict '%s'", cap);
    run_result r = run_cli(args);
    ck_assert_int_eq(r.exit_code, 1);
    ck_assert_msg(strstr(r.out, "  [1050 errors, 1200 warnings]\n"), "%.300s", r.out);
    ck_assert_msg(strstr(r.out, "\n  ... 250 more diagnostics not shown\n"), "%.300s", r.out);
    ck_assert_uint_eq(count_substr(r.out, "\n  request  warning unknown_member "), 1000);
    ck_assert_uint_eq(count_substr(r.out, "\n  response error   unknown_enum_value "), 1000);
    free_result(&r);
    snprintf(args, sizeof args, "validate --strict --format json '%s'", cap);
    r = run_cli(args);
    ck_assert_int_eq(r.exit_code, 1);
    char *nl = strchr(r.out, '\n');
    ck_assert_ptr_nonnull(nl);
    *nl = '\0';
    json_object *got = json_tokener_parse(r.out), *diags;
    ck_assert_ptr_nonnull(got);
    ck_assert(json_object_object_get_ex(got, "diagnostics", &diags));
    ck_assert_uint_eq(json_object_array_length(diags), 2001);
    ck_assert_str_eq(json_object_to_json_string_ext(json_object_array_get_idx(diags, 2000), JSON_C_TO_STRING_PLAIN),
                     "{\"part\":\"exchange\",\"severity\":\"warning\",\"code\":\"limit_exceeded\",\"path\":\"\","
                     "\"message\":\"250 more diagnostics not shown\"}");
    json_object_put(got);
    free_result(&r);
    unlink(cap);
    free(cap);
    free(data);
    free(req);
    free(resp);
    json_object_put(rec);
    free(line);
}
END_TEST

START_TEST(exit_codes)
{
    char *line = valid_line();
    char *ok = ts_write_temp(line, strlen(line));
    char args[1200];
    snprintf(args, sizeof args, "validate '%s'", ok);
    run_result r = run_cli(args);
    ck_assert_int_eq(r.exit_code, 0);
    ck_assert_str_eq(r.out, "1 exchange: 1 valid, 0 invalid, 0 skipped\n");
    free_result(&r);
    /* unreadable input: 2, even next to a readable file */
    snprintf(args, sizeof args, "validate '%s' /nonexistent/capture.jsonl", ok);
    r = run_cli(args);
    ck_assert_int_eq(r.exit_code, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "/nonexistent/capture.jsonl"));
    /* and the summary says its counts miss that input, as JSON's "incomplete" does (it read
     * as a clean run of the readable file) */
    ck_assert_str_eq(r.out, "1 exchange: 1 valid, 0 invalid, 0 skipped (incomplete: see the messages on stderr)\n");
    free_result(&r);
    char *junk = ts_write_temp("just some text\n", 15);
    snprintf(args, sizeof args, "validate '%s'", junk);
    r = run_cli(args);
    ck_assert_int_eq(r.exit_code, 2);
    free_result(&r);
    /* '-' is named stdin, as the other commands name it (it was "- is empty") */
    r = run_cli("validate -"); /* stdin is /dev/null */
    ck_assert_int_eq(r.exit_code, 2);
    ck_assert_str_eq(r.err, "ekscodec validate: stdin is empty\n");
    free_result(&r);
    /* usage errors */
    r = run_cli("validate");
    ck_assert_int_eq(r.exit_code, 2);
    free_result(&r);
    snprintf(args, sizeof args, "validate --format yaml '%s'", ok);
    r = run_cli(args);
    ck_assert_int_eq(r.exit_code, 2);
    ck_assert_msg(strstr(r.err, "ekscodec validate: --format wants text or json") == r.err, "%s", r.err);
    free_result(&r);
    /* counts are plain decimals: no sign, space or suffix */
    static const char *const bad_counts[] = {"--jobs x", "--jobs '+2'", "--jobs ' 2'", "--jobs 2k",
                                             "--jobs 257", "--max-line-bytes 0", "--max-line-bytes '+64'",
                                             "--max-line-bytes ' 64'"};
    for (size_t i = 0; i < sizeof bad_counts / sizeof bad_counts[0]; i++) {
        snprintf(args, sizeof args, "validate %s '%s'", bad_counts[i], ok);
        r = run_cli(args);
        /* the message names the option, before the usage text */
        char opt[32];
        snprintf(opt, sizeof opt, "ekscodec validate: %.*s wants", (int)strcspn(bad_counts[i], " "), bad_counts[i]);
        ck_assert_msg(r.exit_code == 2 && strstr(r.err, opt) == r.err, "%s: exit %d, wanted 2 (usage) and %s: %s",
                      bad_counts[i], r.exit_code, opt, r.err);
        free_result(&r);
    }
    /* --endpoint is HOST[:PORT] as a Host field carries it (DESIGN §3): a URL, a path, a
     * space or a port outside 1..65535 would match no exchange and leave its traffic
     * skipped, not checked */
    static const char *const bad_endpoints[] = {"http://localhost:4566", "localhost:4566/", "'a b'", ":",
                                                "x:", "x:0", "x:65536", "x:99999999", "[]", "'[::1'"};
    for (size_t i = 0; i < sizeof bad_endpoints / sizeof bad_endpoints[0]; i++) {
        snprintf(args, sizeof args, "validate --endpoint %s '%s'", bad_endpoints[i], ok);
        r = run_cli(args);
        ck_assert_msg(r.exit_code == 2 && strstr(r.err, "--endpoint wants HOST[:PORT]"), "%s: exit %d: %s",
                      bad_endpoints[i], r.exit_code, r.err);
        free_result(&r);
    }
    static const char *const good_endpoints[] = {"localhost", "localhost:4566", "127.0.0.1:65535", "[::1]",
                                                 "[::1]:8080", "my-proxy.internal_1~x"};
    for (size_t i = 0; i < sizeof good_endpoints / sizeof good_endpoints[0]; i++) {
        snprintf(args, sizeof args, "validate --endpoint '%s' '%s'", good_endpoints[i], ok);
        r = run_cli(args);
        ck_assert_msg(r.exit_code == 0, "%s: exit %d: %s", good_endpoints[i], r.exit_code, r.err);
        free_result(&r);
    }
    /* after "--" every argument is a FILE, one starting with '-' too (POSIX utility syntax
     * guideline 10) */
    char dash_name[64];
    snprintf(dash_name, sizeof dash_name, "-ekscodec-dash-%d.jsonl", (int)getpid());
    FILE *dash = fopen(dash_name, "wb"); /* in the working directory: a name as given */
    ck_assert_ptr_nonnull(dash);
    ck_assert_uint_eq(fwrite(line, 1, strlen(line), dash), strlen(line));
    fclose(dash);
    snprintf(args, sizeof args, "validate %s", dash_name);
    r = run_cli(args);
    ck_assert_msg(r.exit_code == 2 && strstr(r.err, "unknown option"), "exit %d: %s", r.exit_code, r.err);
    free_result(&r);
    snprintf(args, sizeof args, "validate -- %s", dash_name);
    r = run_cli(args);
    ck_assert_msg(r.exit_code == 0, "exit %d: %s", r.exit_code, r.err);
    ck_assert_str_eq(r.out, "1 exchange: 1 valid, 0 invalid, 0 skipped\n");
    free_result(&r);
    unlink(dash_name);
    /* stdin */
    snprintf(args, sizeof args, "validate - <'%s'", ok);
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "'%s' validate - <'%s' >/dev/null 2>&1", cli_path, ok);
    int st = system(cmd);
    ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    unlink(ok);
    unlink(junk);
    free(ok);
    free(junk);
    free(line);
}
END_TEST

/* A capture big enough to be split across jobs (> 1 MiB): the sample repeated; output with
 * --jobs 2 must equal --jobs 1 byte for byte (order and line numbers). */
/* A temporary file of copies of the mixed sample (*copies of them), min_bytes or more; its path
 * (malloc'd: the caller unlinks and frees it). */
static char *repeated_sample(size_t min_bytes, size_t *copies)
{
    char *path = src_file("corpus/samples/capture_mixed.jsonl");
    size_t len = 0;
    char *sample = ts_read_file(path, &len);
    ck_assert_ptr_nonnull(sample);
    size_t reps = min_bytes / len + 1;
    char *big = malloc(len * reps);
    ck_assert_ptr_nonnull(big);
    for (size_t i = 0; i < reps; i++)
        memcpy(big + i * len, sample, len);
    char *tmp = ts_write_temp(big, len * reps);
    free(big);
    free(sample);
    free(path);
    *copies = reps;
    return tmp;
}

START_TEST(jobs_split_preserves_order_and_lines)
{
    size_t reps = 0;
    char *tmp = repeated_sample(3u << 20, &reps);
    char args[1200];
    snprintf(args, sizeof args, "validate --format json --jobs 1 '%s'", tmp);
    run_result one = run_cli(args);
    snprintf(args, sizeof args, "validate --format json --jobs 2 '%s'", tmp);
    run_result two = run_cli(args);
    snprintf(args, sizeof args, "validate --jobs 3 '%s'", tmp);
    run_result three = run_cli(args);
    ck_assert_int_eq(one.exit_code, 1);
    ck_assert_int_eq(two.exit_code, 1);
    ck_assert_int_eq(three.exit_code, 1);
    ck_assert_msg(strcmp(one.out, two.out) == 0, "--jobs 2 output differs from --jobs 1");
    /* the last exchange: the orphan response of the last copy, line 17 * reps */
    char want[128];
    snprintf(want, sizeof want, "\"line\":%zu,\"verdict\":\"skipped\"", 17 * reps);
    ck_assert_ptr_nonnull(strstr(one.out, want));
    snprintf(want, sizeof want, "{\"summary\":{\"exchanges\":%zu,\"valid\":%zu,\"invalid\":%zu,\"skipped\":%zu}}",
             16 * reps, 9 * reps, 5 * reps, 2 * reps);
    ck_assert_ptr_nonnull(strstr(one.out, want));
    snprintf(want, sizeof want, "%zu exchanges: %zu valid, %zu invalid, %zu skipped\n", 16 * reps, 9 * reps,
             5 * reps, 2 * reps);
    ck_assert_ptr_nonnull(strstr(three.out, want));
    snprintf(want, sizeof want, "%s:%zu: invalid", tmp, 17 * (reps - 1) + 14);
    ck_assert_ptr_nonnull(strstr(three.out, want));
    free_result(&one);
    free_result(&two);
    free_result(&three);
    unlink(tmp);
    free(tmp);
}
END_TEST

/* A 100 MB line: over the line limit, reported for that line; the lines around it are read. */
/* A write that fails ends validate at once with exit 2 and its reason; what reached the output is
 * the start of the whole output, with no summary, which would count exchanges whose lines are
 * missing. The failure is a file size limit (ulimit -f: EFBIG, SIGXFSZ ignored): with --jobs 1
 * on stdout, a regular file; with --jobs 2 on the workers' temporary files, stdout being a pipe
 * to a cat outside the limit. Before, the second lost the lines past the limit without a word,
 * the run ending in exit 1 with a summary of all of them. */
START_TEST(a_failed_write_ends_validate)
{
    size_t copies = 0;
    char *cap = repeated_sample(1u << 20, &copies); /* --jobs cuts files of 1 MiB or more */
    char args[1200];
    snprintf(args, sizeof args, "validate --format json '%s'", cap);
    run_result whole = run_cli(args);
    ck_assert_int_eq(whole.exit_code, 1);
    size_t whole_len = strlen(whole.out);
    ck_assert_uint_gt(whole_len, 256 * 1024); /* far past the limit, 64 blocks of 512 or 1024 */
    char *paths[3];
    const char *stems[3] = {"ekscodec-val-cut-out", "ekscodec-val-cut-err", "ekscodec-val-cut-rc"};
    for (int i = 0; i < 3; i++) {
        paths[i] = ts_temp_template(stems[i]);
        int fd = mkstemp(paths[i]);
        ck_assert_int_ge(fd, 0);
        close(fd);
    }
    for (int jobs = 1; jobs <= 2; jobs++) {
        char cmd[6000];
        if (jobs == 1)
            snprintf(cmd, sizeof cmd,
                     "(trap '' XFSZ; ulimit -f 64; exec '%s' validate --format json '%s' >'%s' 2>'%s');"
                     " echo $? >'%s'",
                     cli_path, cap, paths[0], paths[1], paths[2]);
        else
            snprintf(cmd, sizeof cmd,
                     "{ (trap '' XFSZ; ulimit -f 64; exec '%s' validate --jobs 2 --format json '%s' 2>'%s');"
                     " echo $? >'%s'; } | cat >'%s'",
                     cli_path, cap, paths[1], paths[2], paths[0]);
        ck_assert_int_eq(system(cmd), 0);
        size_t out_len = 0;
        char *out = ts_read_file(paths[0], &out_len), *err = ts_read_file(paths[1], NULL);
        char *rc = ts_read_file(paths[2], NULL);
        ck_assert(out && err && rc);
        ck_assert_msg(atoi(rc) == 2, "--jobs %d: exit %s, stderr: %s", jobs, rc, err);
        ck_assert_msg(strstr(err, strerror(EFBIG)) != NULL, "--jobs %d: %s", jobs, err);
        ck_assert_msg(strstr(err, jobs == 1 ? "cannot write the output" : "in a temporary file") != NULL,
                      "--jobs %d: %s", jobs, err);
        ck_assert_uint_lt(out_len, whole_len);
        ck_assert_msg(memcmp(out, whole.out, out_len) == 0, "--jobs %d: not the start of the whole output", jobs);
        ck_assert_ptr_null(strstr(out, "\"summary\""));
        free(out);
        free(err);
        free(rc);
    }
    /* the temporary files are made in TMPDIR (glibc's tmpfile() would ignore it) */
    snprintf(args, sizeof args, "validate --jobs 2 --format json '%s'", cap);
    run_result nowhere = run_cli_env("TMPDIR=/nonexistent/ekscodec", args);
    ck_assert_msg(nowhere.exit_code == 2 && strstr(nowhere.err, "in a temporary file in /nonexistent/ekscodec: "
                                                                "No such file") &&
                      !strstr(nowhere.out, "summary"),
                  "exit %d: %s", nowhere.exit_code, nowhere.err);
    free_result(&nowhere);
    for (int i = 0; i < 3; i++) {
        unlink(paths[i]);
        free(paths[i]);
    }
    free_result(&whole);
    unlink(cap);
    free(cap);
}
END_TEST

/* Runs the shell command cmd, in which @OUT@ and @ERR@ name files for it to write (substituted
 * here); returns its exit status, with what it wrote in *out and *err (malloc'd). */
static int sh_run(const char *cmd, char **out, char **err)
{
    char *paths[2] = {ts_temp_template("ekscodec-val-sh-out"), ts_temp_template("ekscodec-val-sh-err")};
    for (int i = 0; i < 2; i++) {
        int fd = mkstemp(paths[i]);
        ck_assert_int_ge(fd, 0);
        close(fd);
    }
    size_t cap = strlen(cmd) + 2 * strlen(paths[0]) + 2 * strlen(paths[1]) + 16, n = 0;
    char *full = malloc(cap);
    ck_assert_ptr_nonnull(full);
    for (const char *p = cmd; *p; p++) {
        if (strncmp(p, "@OUT@", 5) == 0 || strncmp(p, "@ERR@", 5) == 0) {
            n += (size_t)snprintf(full + n, cap - n, "'%s'", paths[p[1] == 'E']);
            p += 4;
        } else {
            full[n++] = *p;
        }
    }
    full[n] = '\0';
    int st = system(full);
    free(full);
    *out = ts_read_file(paths[0], NULL);
    *err = ts_read_file(paths[1], NULL);
    ck_assert(*out && *err);
    for (int i = 0; i < 2; i++) {
        unlink(paths[i]);
        free(paths[i]);
    }
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* What the review of 2026-12-07 found in reading FILEs and arguments, each failing before:
 * - a pipe's kind was detected from its bytes up to the first newline, so a HAR written as
 *   "{\n" and the rest later (pretty-printed: "log" on the second line) was read as JSON
 *   Lines, and blank lines written first made JSON Lines "not a capture";
 * - stdin left partway through a file by the caller was read from byte 0;
 * - '-' twice split the stream between the two at random;
 * - an unknown option reached the terminal raw (an ESC);
 * - FILEs past the soft limit on descriptors (kept open to the end) could not be opened. */
START_TEST(inputs_are_read_as_given)
{
    char *har = src_file("corpus/samples/capture_mixed.har");
    char *jsonl = src_file("corpus/samples/capture_mixed.jsonl");
    char cmd[4096], *out, *err;
    snprintf(cmd, sizeof cmd, "'%s' validate '%s' >@OUT@ 2>@ERR@", cli_path, har);
    ck_assert_int_eq(sh_run(cmd, &out, &err), 1);
    free(out);
    free(err);
    snprintf(cmd, sizeof cmd, "{ head -c 2 '%s'; sleep 0.3; tail -c +3 '%s'; } | '%s' validate - >@OUT@ 2>@ERR@", har, har,
             cli_path);
    int rc = sh_run(cmd, &out, &err);
    ck_assert_msg(rc == 1 && strstr(out, "5 exchanges: 4 valid, 1 invalid, 0 skipped"), "HAR in two writes: exit %d: %.300s%.300s",
                  rc, out, err);
    free(out);
    free(err);
    snprintf(cmd, sizeof cmd, "{ printf '\\n\\n'; sleep 0.3; cat '%s'; } | '%s' validate - >@OUT@ 2>@ERR@", jsonl, cli_path);
    rc = sh_run(cmd, &out, &err);
    ck_assert_msg(rc == 1 && strstr(out, "16 exchanges: 9 valid, 5 invalid, 2 skipped"),
                  "JSON Lines after blank lines written first: exit %d: %.300s%.300s", rc, out, err);
    free(out);
    free(err);
    /* stdin at the second line: the 15 exchanges after it, numbered from there as cat gives them */
    char *via_cat;
    snprintf(cmd, sizeof cmd, "(read -r x; cat | '%s' validate --format json -) <'%s' >@OUT@ 2>@ERR@", cli_path, jsonl);
    ck_assert_int_eq(sh_run(cmd, &via_cat, &err), 1);
    free(err);
    snprintf(cmd, sizeof cmd, "(read -r x; '%s' validate --format json -) <'%s' >@OUT@ 2>@ERR@", cli_path, jsonl);
    ck_assert_int_eq(sh_run(cmd, &out, &err), 1);
    ck_assert_str_eq(out, via_cat);
    ck_assert_ptr_nonnull(strstr(out, "\"exchanges\":15,"));
    free(out);
    free(err);
    free(via_cat);
    snprintf(cmd, sizeof cmd, "'%s' validate - - <'%s' >@OUT@ 2>@ERR@", cli_path, jsonl);
    rc = sh_run(cmd, &out, &err);
    ck_assert_msg(rc == 2 && !*out && strstr(err, "given 2 times"), "- twice: exit %d: %.300s", rc, err);
    free(out);
    free(err);
    snprintf(cmd, sizeof cmd, "'%s' validate --no$(printf '\\033')[2J '%s' >@OUT@ 2>@ERR@", cli_path, jsonl);
    rc = sh_run(cmd, &out, &err);
    ck_assert_msg(rc == 2 && strstr(err, "unknown option --no?[2J") && !strchr(err, '\033'), "exit %d: %.300s", rc, err);
    free(out);
    free(err);
    /* 40 FILEs under a soft limit of 32 descriptors (the hard one allowing more) */
    char *many = malloc(40 * (strlen(jsonl) + 3) + strlen(cli_path) + 100);
    ck_assert_ptr_nonnull(many);
    size_t len = (size_t)sprintf(many, "ulimit -S -n 32 && '%s' validate", cli_path);
    for (int i = 0; i < 40; i++)
        len += (size_t)sprintf(many + len, " '%s'", jsonl);
    sprintf(many + len, " >@OUT@ 2>@ERR@");
    rc = sh_run(many, &out, &err);
    free(many);
    ck_assert_msg(rc == 1 && strstr(out, "640 exchanges: 360 valid, 200 invalid, 80 skipped") && !*err,
                  "40 FILEs, soft limit 32: exit %d: %.300s", rc, err);
    free(out);
    free(err);
    free(har);
    free(jsonl);
}
END_TEST

START_TEST(huge_line_is_a_limit_error)
{
    char *line = valid_line();
    size_t ll = strlen(line);
    char *tmpl = ts_temp_template("ekscodec-val-huge");
    int fd = mkstemp(tmpl);
    ck_assert(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    ck_assert_ptr_nonnull(f);
    fwrite(line, 1, ll, f);
    fputs("{\"request\":{\"method\":\"POST\",\"body\":\"", f);
    static char chunk[1 << 20];
    memset(chunk, 'a', sizeof chunk);
    for (int i = 0; i < 100; i++)
        fwrite(chunk, 1, sizeof chunk, f);
    fputs("\"}}\n", f);
    fwrite(line, 1, ll, f);
    fclose(f);
    char args[1200];
    snprintf(args, sizeof args, "validate --format json '%s'", tmpl);
    run_result r = run_cli(args);
    ck_assert_int_eq(r.exit_code, 1);
    char *ls[8];
    size_t n = split_lines(r.out, ls, 8);
    ck_assert_uint_ge(n, 4);
    ck_assert_ptr_nonnull(strstr(ls[0], "\"line\":1,\"verdict\":\"valid\""));
    ck_assert_ptr_nonnull(strstr(ls[1], "\"line\":2,\"verdict\":\"invalid\""));
    ck_assert_ptr_nonnull(strstr(ls[1], "\"code\":\"limit_exceeded\""));
    ck_assert_ptr_nonnull(strstr(ls[2], "\"line\":3,\"verdict\":\"valid\""));
    ck_assert_str_eq(ls[3], "{\"summary\":{\"exchanges\":3,\"valid\":2,\"invalid\":1,\"skipped\":0}}");
    free_result(&r);
    unlink(tmpl);
    free(tmpl);
    free(line);
}
END_TEST

/* A line over --max-line-bytes is skipped holding no more of it than the limit (and a read's
 * worth): growing the buffer by doubling held up to twice the limit. Measured as the peak RSS
 * of that one CLI process (wait4: not of every child this test process ran, when Check does
 * not fork); AddressSanitizer keeps freed blocks in quarantine, ThreadSanitizer shadows every
 * byte, and valgrind counts its own, so those runs check the verdict only. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define UNDER_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define UNDER_SANITIZER 1
#endif
#endif
START_TEST(huge_line_memory_is_bounded_by_the_limit)
{
    char *tmpl = ts_temp_template("ekscodec-val-rss");
    int fd = mkstemp(tmpl);
    ck_assert(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("{\"request\":{\"method\":\"POST\",\"body\":\"", f);
    static char chunk[1 << 20];
    memset(chunk, 'a', sizeof chunk);
    for (int i = 0; i < 60; i++)
        fwrite(chunk, 1, sizeof chunk, f);
    fputs("\"}}\n", f);
    fclose(f);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0)
            _exit(126);
        execl(cli_path, cli_path, "validate", "--max-line-bytes", "40000000", tmpl, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    ck_assert_int_eq(wait4(pid, &status, 0, &ru), pid);
    unlink(tmpl);
    free(tmpl);
    /* exit 1: the line is an invalid exchange (limit_exceeded), not a read error */
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 1, "status %d", status);
    /* Under valgrind (scripts/valgrind_tests.py) the peak is valgrind's, and a forked child
     * keeps the high-water mark of the process it was forked from: only a native run
     * measures the reader. */
    const char *preload = getenv("LD_PRELOAD");
    bool native = !(preload && strstr(preload, "vgpreload"));
#ifdef UNDER_SANITIZER
    native = false;
#endif
    /* 40 MB of line plus the program: under 56 MB; doubling reached 64 MiB of buffer */
    if (native)
        ck_assert_msg(ru.ru_maxrss < 56 * 1024, "peak RSS %ld kB", ru.ru_maxrss);
}
END_TEST

#define EXAMPLE_ENV "AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

/* Asked to verify signatures without the key to verify them with, validate refuses to run:
 * checking their form only would let line 2 of this capture through as valid after its body
 * was changed (its signature no longer covers it), and nothing in the output would say so. */
START_TEST(verify_signatures_without_credentials_refused)
{
    char *path = src_file("corpus/captures/signed_botocore.jsonl");
    char args[1200];
    static const char *envs[] = {NULL, "AWS_ACCESS_KEY_ID=AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY=x",
                                 "AWS_ACCESS_KEY_ID= AWS_SECRET_ACCESS_KEY=x"};
    static const char *modes[] = {"", "--format json", "--jobs 2", "--range 0:100"};
    for (size_t e = 0; e < sizeof envs / sizeof envs[0]; e++)
        for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
            snprintf(args, sizeof args, "validate --verify-signatures %s '%s'", modes[m], path);
            run_result r = run_cli_env(envs[e], args);
            ck_assert_msg(r.exit_code == 2, "%s %s: exit %d", envs[e] ? envs[e] : "", args, r.exit_code);
            ck_assert_msg(r.out[0] == '\0', "%s: printed %s", args, r.out);
            ck_assert_str_eq(r.err, "ekscodec validate: --verify-signatures needs AWS_ACCESS_KEY_ID and "
                                    "AWS_SECRET_ACCESS_KEY in the environment (the key that signed the captured "
                                    "requests)\n");
            free_result(&r);
        }
    free(path);
}
END_TEST

START_TEST(verify_signatures_from_botocore)
{
    char *path = src_file("corpus/captures/signed_botocore.jsonl");
    char args[1200];
    snprintf(args, sizeof args, "validate --verify-signatures '%s'", path);
    run_result r = run_cli_env(EXAMPLE_ENV, args);
    ck_assert_msg(r.exit_code == 0, "exit %d: %s%s", r.exit_code, r.out, r.err);
    /* line 3 is signed with its Date header, no X-Amz-Date */
    ck_assert_str_eq(r.out, "3 exchanges: 3 valid, 0 invalid, 0 skipped\n");
    free_result(&r);
    /* Line 2 was signed with temporary credentials and carries their token. Given that
     * token, lines 1 and 3, which lack it, are what AWS refuses (SigV4: a request made with
     * temporary credentials must include X-Amz-Security-Token); a foreign token likewise. */
    r = run_cli_env(EXAMPLE_ENV " AWS_SESSION_TOKEN=FQoGZXIvYXdzEXAMPLESESSIONTOKEN", args);
    ck_assert_int_eq(r.exit_code, 1);
    ck_assert_msg(strstr(r.out, ":1: invalid ") && strstr(r.out, ":2: valid ") == NULL && strstr(r.out, ":3: invalid "),
                  "%s", r.out);
    ck_assert_msg(strstr(r.out, "  request  error   signature_mismatch header:x-amz-security-token: request carries "
                                "no session token; the given credentials have one\n"),
                  "%s", r.out);
    ck_assert_msg(strstr(r.out, "3 exchanges: 1 valid, 2 invalid, 0 skipped\n"), "%s", r.out);
    ck_assert_msg(!strstr(r.out, "FQoGZXIvYXdz"), "the token is shown:\n%s", r.out);
    free_result(&r);
    r = run_cli_env(EXAMPLE_ENV " AWS_SESSION_TOKEN=another-token", args);
    ck_assert_int_eq(r.exit_code, 1);
    ck_assert_msg(strstr(r.out, "  request  error   signature_mismatch header:x-amz-security-token: session token "
                                "differs from the given credentials' token\n"),
                  "%s", r.out);
    ck_assert_msg(strstr(r.out, "3 exchanges: 0 valid, 3 invalid, 0 skipped\n"), "%s", r.out);
    ck_assert_msg(!strstr(r.out, "FQoGZXIvYXdz") && !strstr(r.out, "another-token"), "a token is shown:\n%s", r.out);
    free_result(&r);
    r = run_cli_env("AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=not-the-secret", args);
    ck_assert_int_eq(r.exit_code, 1);
    ck_assert_uint_eq(count_substr(r.out, "signature_mismatch"), 3);
    ck_assert_ptr_nonnull(strstr(r.out, "3 exchanges: 0 valid, 3 invalid, 0 skipped\n"));
    free_result(&r);
    /* without credentials: refused (verify_signatures_without_credentials_refused) */
    free(path);
}
END_TEST

/* Planted access key ids: one in captures, another in AWS_ACCESS_KEY_ID. */
#define CAPTURED_KEY_ID "ASIAPLANTEDCAPTURED9"
#define CONFIGURED_KEY_ID "AKIAPLANTEDCONFIG777"

/* Secrets planted in a capture (signature, session token, a malformed Authorization value,
 * a presigned query, userinfo in a URL, access key ids) and in the environment never reach
 * any output. */
START_TEST(no_secret_in_any_output)
{
    static const char *secrets[] = {
        "5ec12e75ec12e75ec12e75ec12e75ec12e75ec12e75ec12e75ec12e75ec12e7a",
        "PLANTEDSESSIONTOKEN0xC0FFEE",
        "PLANTEDSECRETKEY0xBADF00D",
        "PLANTEDMALFORMEDAUTH",
        "PLANTEDQUERYSIG",
        "PLANTEDPASSWORD",
        CAPTURED_KEY_ID,
        CONFIGURED_KEY_ID,
    };
    const char *op = "https://eks.us-west-2.amazonaws.com/clusters/prod/identity-provider-configs/disassociate";
    const char *body = "{\\\"identityProviderConfig\\\":{\\\"type\\\":\\\"oidc\\\",\\\"name\\\":\\\"okta\\\"}}";
    const char *resp = "\"response\":{\"status\":200,\"headers\":[[\"Date\",\"Sat, 28 Nov 2026 01:02:04 GMT\"]],"
                       "\"body\":\"{}\"}";
    char cap[8192];
    snprintf(cap, sizeof cap,
             /* well-formed, the configured key id, region mismatch: the text output shows the
              * redacted header */
             "{\"request\":{\"method\":\"POST\",\"url\":\"%s\",\"headers\":[[\"X-Amz-Date\",\"20261128T010203Z\"],"
             "[\"X-Amz-Security-Token\",\"%s\"],[\"Authorization\",\"AWS4-HMAC-SHA256 "
             "Credential=" CONFIGURED_KEY_ID "/20261128/eu-west-1/eks/aws4_request, "
             "SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=%s\"]],\"body\":\"%s\"},%s}\n"
             /* well-formed and matching scope, another key id: verified (mismatch) with --verify-signatures */
             "{\"request\":{\"method\":\"POST\",\"url\":\"%s\",\"headers\":[[\"X-Amz-Date\",\"20261128T010203Z\"],"
             "[\"X-Amz-Security-Token\",\"%s\"],[\"Authorization\",\"AWS4-HMAC-SHA256 "
             "Credential=" CAPTURED_KEY_ID "/20261128/us-west-2/eks/aws4_request, "
             "SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=%s\"]],\"body\":\"%s\"},%s}\n"
             /* malformed Authorization carrying a secret */
             "{\"request\":{\"method\":\"POST\",\"url\":\"%s\",\"headers\":[[\"Authorization\",\"AWS4-HMAC-SHA256 "
             "Credential=%s, Signature=%s\"]],\"body\":\"%s\"},%s}\n"
             /* presigned query with a bad signature, password in the URL */
             "{\"request\":{\"method\":\"POST\",\"url\":\"https://user:%s@eks.us-west-2.amazonaws.com/clusters/prod/"
             "identity-provider-configs/disassociate?X-Amz-Signature=%s&X-Amz-Security-Token=%s\","
             "\"headers\":[],\"body\":\"%s\"},%s}\n",
             op, secrets[1], secrets[0], body, resp, op, secrets[1], secrets[0], body, resp, op, secrets[3],
             secrets[3], body, resp, secrets[5], secrets[4], secrets[1], body, resp);
    char *tmp = ts_write_temp(cap, strlen(cap));
    static const char *modes[] = {"", "--format json", "--verify-signatures", "--verify-signatures --format json",
                                  "--strict --verify-signatures", "--jobs 2 --format json --verify-signatures"};
    char env[512];
    snprintf(env, sizeof env, "AWS_ACCESS_KEY_ID=" CONFIGURED_KEY_ID " AWS_SECRET_ACCESS_KEY=%s AWS_SESSION_TOKEN=%s",
             secrets[2], secrets[1]);
    bool saw_redacted = false;
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
        char args[1400];
        snprintf(args, sizeof args, "validate %s '%s'", modes[m], tmp);
        run_result r = run_cli_env(strstr(modes[m], "verify") ? env : NULL, args);
        ck_assert_msg(r.exit_code == 1, "mode %s: exit %d: %s", modes[m], r.exit_code, r.err);
        ck_assert_ptr_nonnull(strstr(r.out, "4 exchanges") ? r.out : strstr(r.out, "\"exchanges\":4"));
        for (size_t s = 0; s < sizeof secrets / sizeof secrets[0]; s++) {
            ck_assert_msg(strstr(r.out, secrets[s]) == NULL, "mode '%s': secret %zu in stdout:\n%s", modes[m], s,
                          r.out);
            ck_assert_msg(strstr(r.err, secrets[s]) == NULL, "mode '%s': secret %zu in stderr", modes[m], s);
        }
        if (strstr(r.out, "Signature=<redacted>"))
            saw_redacted = true;
        if (strstr(modes[m], "verify"))
            ck_assert_ptr_nonnull(strstr(r.out, "signature_mismatch"));
        free_result(&r);
    }
    ck_assert(saw_redacted); /* the text output did show the header, redacted */
    unlink(tmp);
    free(tmp);
}
END_TEST

/* An Authorization value is shown (redacted) when it is malformed, so the redaction cannot
 * rely on its form: blanks or tabs instead of commas, components in another order, a blank
 * around '=', a bare token. The expected text is the rule of docs/validate.md applied by
 * hand: the algorithm, separators, component names, the scope after the key id and the
 * signed header names are shown, nothing else. */
START_TEST(malformed_authorization_shows_no_secret)
{
#define MK_KEY "AKIAMALFORMEDPLANT01"
#define MK_SIG "5ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7"
#define MK_SCOPE "/20261128/us-west-2/eks/aws4_request"
    static const struct {
        const char *auth, *shown;
    } cases[] = {
        {"AWS4-HMAC-SHA256 Credential=" MK_KEY MK_SCOPE " SignedHeaders=host Signature=" MK_SIG,
         "AWS4-HMAC-SHA256 Credential=<redacted>" MK_SCOPE " SignedHeaders=host Signature=<redacted>"},
        {"AWS4-HMAC-SHA256 SignedHeaders=host Credential=" MK_KEY MK_SCOPE ", Signature=" MK_SIG,
         "AWS4-HMAC-SHA256 SignedHeaders=host Credential=<redacted>" MK_SCOPE ", Signature=<redacted>"},
        {"AWS4-HMAC-SHA256 Credential=" MK_KEY MK_SCOPE "\\tSignedHeaders=host\\tSignature=" MK_SIG,
         "AWS4-HMAC-SHA256 Credential=<redacted>" MK_SCOPE "?SignedHeaders=host?Signature=<redacted>"},
        {"AWS4-HMAC-SHA256 Credential=" MK_KEY MK_SCOPE ", SignedHeaders=host, Signature = " MK_SIG,
         "AWS4-HMAC-SHA256 Credential=<redacted>" MK_SCOPE ", SignedHeaders=host, <redacted> =<redacted> <redacted>"},
        {"AWS4-HMAC-SHA256 " MK_SIG, "AWS4-HMAC-SHA256 <redacted>"},
        {"AWS4-HMAC-SHA256 Credential=" MK_KEY "/2026\\u001b[2J, SignedHeaders=Host;" MK_KEY ", Signature=" MK_SIG,
         "AWS4-HMAC-SHA256 Credential=<redacted>, SignedHeaders=<redacted>, Signature=<redacted>"},
    };
    size_t n = sizeof cases / sizeof cases[0];
    char cap[8192];
    size_t o = 0;
    for (size_t i = 0; i < n; i++)
        o += (size_t)snprintf(cap + o, sizeof cap - o,
                              "{\"request\":{\"method\":\"GET\",\"url\":\"https://eks.us-west-2.amazonaws.com/clusters/"
                              "prod\",\"headers\":[[\"X-Amz-Date\",\"20261128T010203Z\"],[\"Authorization\",\"%s\"]],"
                              "\"body\":\"\"}}\n",
                              cases[i].auth);
    ck_assert_uint_lt(o, sizeof cap);
    char *tmp = ts_write_temp(cap, o);
    static const char *modes[] = {"", "--format json", "--strict"};
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
        char args[1200];
        snprintf(args, sizeof args, "validate %s '%s'", modes[m], tmp);
        run_result r = run_cli(args);
        ck_assert_msg(r.exit_code == 1, "mode '%s': exit %d: %s", modes[m], r.exit_code, r.err);
        ck_assert_msg(!strstr(r.out, MK_KEY) && !strstr(r.err, MK_KEY), "mode '%s': key id shown:\n%s", modes[m],
                      r.out);
        ck_assert_msg(!strstr(r.out, MK_SIG) && !strstr(r.err, MK_SIG), "mode '%s': signature shown:\n%s", modes[m],
                      r.out);
        ck_assert_msg(!strchr(r.out, '\033'), "mode '%s': an escape byte in the output", modes[m]);
        if (!modes[m][0]) {
            for (size_t i = 0; i < n; i++) {
                char want[600];
                snprintf(want, sizeof want, "\n  authorization: %s\n", cases[i].shown);
                ck_assert_msg(strstr(r.out, want), "case %zu: want%s in:\n%s", i, want, r.out);
            }
        }
        free_result(&r);
    }
    unlink(tmp);
    free(tmp);
#undef MK_KEY
#undef MK_SIG
#undef MK_SCOPE
}
END_TEST

/* A diagnostic's path can quote the capture (the name of an unsigned header): in text
 * output it is shown as a message is, control bytes as '?', so a captured name cannot
 * start a line of its own or send a terminal escape. */
START_TEST(text_path_quotes_no_control_bytes)
{
    char *path = src_file("corpus/captures/signed_botocore.jsonl");
    char *all = ts_read_file(path, NULL);
    ck_assert_ptr_nonnull(all);
    char *nl = strchr(all, '\n');
    ck_assert_ptr_nonnull(nl);
    nl[1] = '\0';
    const char *at = strstr(all, "\"headers\":[");
    ck_assert_ptr_nonnull(at);
    size_t head = (size_t)(at - all) + strlen("\"headers\":[");
    /* a newline, an ESC (C0) and a CSI (C1, U+009B: a one-character escape to terminals that
     * read C1 controls in UTF-8) */
    static const char planted[] = "[\"x-amz-a\\nfake.jsonl:9: valid\\u001b[2J\\u009b2J\",\"v\"],";
    char line[8192];
    ck_assert_uint_lt(strlen(all) + sizeof planted, sizeof line);
    snprintf(line, sizeof line, "%.*s%s%s", (int)head, all, planted, all + head);
    char *tmp = ts_write_temp(line, strlen(line));
    char args[1200];
    snprintf(args, sizeof args, "validate --verify-signatures '%s'", tmp);
    run_result r = run_cli_env(EXAMPLE_ENV, args);
    ck_assert_msg(r.exit_code == 0, "exit %d: %s%s", r.exit_code, r.out, r.err); /* a warning only */
    ck_assert_msg(strstr(r.out, " unsigned_header header:x-amz-a?fake.jsonl:9: valid?[2"), "%s", r.out);
    ck_assert_msg(!strchr(r.out, '\033'), "an escape byte in:\n%s", r.out);
    ck_assert_msg(!strstr(r.out, "\nfake.jsonl"), "a planted line in:\n%s", r.out);
    ck_assert_msg(!strstr(r.out, "\xc2\x9b"), "a C1 control in:\n%s", r.out);
    free_result(&r);
    /* JSON output: the same bytes escaped, none raw */
    snprintf(args, sizeof args, "validate --format json --verify-signatures '%s'", tmp);
    r = run_cli_env(EXAMPLE_ENV, args);
    ck_assert_msg(r.exit_code == 0, "exit %d: %s%s", r.exit_code, r.out, r.err);
    ck_assert_msg(strstr(r.out, "header:x-amz-a\\nfake.jsonl:9: valid\\u001b[2j\\u009b2j"), "%s", r.out); /* names lowercased */
    ck_assert_msg(!strchr(r.out, '\033') && !strstr(r.out, "\xc2\x9b"), "a raw control in:\n%s", r.out);
    free_result(&r);
    unlink(tmp);
    free(tmp);
    free(all);
    free(path);
}
END_TEST

/* validate_report.h: the file name is sanitized where it is echoed. A name is chosen by
 * whoever wrote the capture's directory: in text output an ESC, a BEL or a newline in it is
 * shown as '?', not sent to the terminal; its UTF-8 letters stay as they are. */
START_TEST(text_output_quotes_file_names_safely)
{
    char *sample = src_file("corpus/samples/capture_mixed.jsonl");
    char *all = ts_read_file(sample, NULL);
    ck_assert_ptr_nonnull(all);
    char *dir = ts_temp_template("ekscodec-val-names");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char name[1200];
    snprintf(name, sizeof name, "%s/caf\xc3\xa9\x1b]0;owned\x07\x1b[2J\nfake.jsonl:1: valid\xc2\x9b.jsonl", dir);
    FILE *f = fopen(name, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(all, 1, strlen(all), f), strlen(all));
    fclose(f);
    /* the shell gets the name through a glob: it holds no quote-safe form */
    char args[1300];
    snprintf(args, sizeof args, "validate %s/caf*", dir);
    run_result r = run_cli(args);
    ck_assert_msg(r.exit_code == 1, "exit %d: %s", r.exit_code, r.err); /* the sample has invalid exchanges */
    ck_assert_msg(!strchr(r.out, '\033') && !strchr(r.out, '\a') && !strstr(r.out, "\xc2\x9b"), "%s", r.out);
    ck_assert_msg(!strstr(r.out, "\nfake.jsonl"), "a planted line in:\n%s", r.out);
    ck_assert_msg(strstr(r.out, "/caf\xc3\xa9?]0;owned??[2J?fake.jsonl:1: valid?.jsonl:") != NULL, "%s", r.out);
    free_result(&r);
    /* --format json writes the name as decode and sign write JSON: a UTF-8 letter as it is, a
     * byte of no UTF-8 character and a C1 control as \u00XX (RFC 8259 section 7) */
    char mixed[1300];
    snprintf(mixed, sizeof mixed, "%s/mix\xc3\xa9\xff\xc2\x9b.jsonl", dir);
    ck_assert_int_eq(rename(name, mixed), 0);
    snprintf(args, sizeof args, "validate --format json %s/mix*", dir);
    r = run_cli(args);
    ck_assert_msg(r.exit_code == 1, "exit %d: %s", r.exit_code, r.err);
    ck_assert_msg(strstr(r.out, "/mix\xc3\xa9\\u00ff\\u009b.jsonl\"") != NULL, "%s", r.out);
    free_result(&r);
    ck_assert_int_eq(rename(mixed, name), 0);
    /* on stderr too: an empty file of that name, and one that does not exist */
    char empty[1300];
    snprintf(empty, sizeof empty, "%s/empty\x1b[2J\nekscodec validate: fine.jsonl", dir);
    FILE *e = fopen(empty, "wb");
    ck_assert_ptr_nonnull(e);
    fclose(e);
    snprintf(args, sizeof args, "validate %s/empty* %s/missing\x1b[2J.jsonl", dir, dir);
    r = run_cli(args);
    ck_assert_msg(r.exit_code == 2, "exit %d: %s", r.exit_code, r.err);
    ck_assert_msg(!strchr(r.err, '\033') && strstr(r.err, "/empty?[2J?ekscodec validate: fine.jsonl is empty\n") &&
                      strstr(r.err, "/missing?[2J.jsonl"),
                  "%s", r.err);
    free_result(&r);
    unlink(empty);
    unlink(name);
    rmdir(dir);
    free(dir);
    free(all);
    free(sample);
}
END_TEST

/* Access key ids, captured or configured, are never printed: a diagnostic names at most the
 * last four characters, as the AWS console does. Planted in the three capture formats, in
 * both signature forms (Authorization header, presigned query), with a captured key id that
 * differs from AWS_ACCESS_KEY_ID and one that matches it, under every output mode. */

typedef struct planted_exchange {
    const char *key_id;
    bool presigned;
} planted_exchange;

static const planted_exchange planted[] = {
    {CAPTURED_KEY_ID, false},
    {CONFIGURED_KEY_ID, false},
    {CAPTURED_KEY_ID, true},
    {CONFIGURED_KEY_ID, true},
};
#define PLANTED_COUNT (sizeof planted / sizeof planted[0])
#define PLANTED_HOST "eks.us-west-2.amazonaws.com"
#define PLANTED_PATH "/clusters/prod/identity-provider-configs/disassociate"
#define PLANTED_BODY "{\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"okta\"}}"
#define PLANTED_SIG "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* The request target (path + presigned query) and the Authorization value ("" when presigned). */
static void planted_request(const planted_exchange *e, char *target, size_t tsz, char *auth, size_t asz)
{
    if (e->presigned) {
        snprintf(target, tsz,
                 PLANTED_PATH "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=%s%%2F20261128%%2Fus-west-2%%2Feks"
                              "%%2Faws4_request&X-Amz-Date=20261128T010203Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host"
                              "&X-Amz-Signature=" PLANTED_SIG,
                 e->key_id);
        auth[0] = '\0';
    } else {
        snprintf(target, tsz, PLANTED_PATH);
        snprintf(auth, asz,
                 "AWS4-HMAC-SHA256 Credential=%s/20261128/us-west-2/eks/aws4_request, "
                 "SignedHeaders=content-type;host;x-amz-date, Signature=" PLANTED_SIG,
                 e->key_id);
    }
}

static json_object *header_pair(const char *name, const char *value, bool har)
{
    json_object *h;
    if (har) {
        h = json_object_new_object();
        json_object_object_add(h, "name", json_object_new_string(name));
        json_object_object_add(h, "value", json_object_new_string(value));
    } else {
        h = json_object_new_array();
        json_object_array_add(h, json_object_new_string(name));
        json_object_array_add(h, json_object_new_string(value));
    }
    return h;
}

/* One exchange as a JSON Lines record or a HAR entry. */
static json_object *planted_json(const planted_exchange *e, bool har)
{
    char target[512], auth[512], url[600];
    planted_request(e, target, sizeof target, auth, sizeof auth);
    snprintf(url, sizeof url, "https://" PLANTED_HOST "%s", target);
    json_object *rq = json_object_new_object(), *rs = json_object_new_object();
    json_object *rqh = json_object_new_array(), *rsh = json_object_new_array();
    json_object_object_add(rq, "method", json_object_new_string("POST"));
    json_object_object_add(rq, "url", json_object_new_string(url));
    json_object_array_add(rqh, header_pair("Host", PLANTED_HOST, har));
    json_object_array_add(rqh, header_pair("Content-Type", "application/json", har));
    if (!e->presigned) {
        json_object_array_add(rqh, header_pair("X-Amz-Date", "20261128T010203Z", har));
        json_object_array_add(rqh, header_pair("Authorization", auth, har));
    }
    json_object_object_add(rq, "headers", rqh);
    json_object_array_add(rsh, header_pair("Date", "Sat, 28 Nov 2026 01:02:04 GMT", har));
    json_object_array_add(rsh, header_pair("Content-Type", "application/json", har));
    json_object_object_add(rs, "status", json_object_new_int(200));
    json_object_object_add(rs, "headers", rsh);
    if (har) {
        json_object *post = json_object_new_object(), *content = json_object_new_object();
        json_object_object_add(post, "mimeType", json_object_new_string("application/json"));
        json_object_object_add(post, "text", json_object_new_string(PLANTED_BODY));
        json_object_object_add(rq, "httpVersion", json_object_new_string("HTTP/1.1"));
        json_object_object_add(rq, "postData", post);
        json_object_object_add(content, "mimeType", json_object_new_string("application/json"));
        json_object_object_add(content, "text", json_object_new_string("{}"));
        json_object_object_add(rs, "httpVersion", json_object_new_string("HTTP/1.1"));
        json_object_object_add(rs, "content", content);
    } else {
        json_object_object_add(rq, "body", json_object_new_string(PLANTED_BODY));
        json_object_object_add(rs, "body", json_object_new_string("{}"));
    }
    json_object *ex = json_object_new_object();
    if (har)
        json_object_object_add(ex, "startedDateTime", json_object_new_string("2026-11-28T01:02:03.000Z"));
    json_object_object_add(ex, "request", rq);
    json_object_object_add(ex, "response", rs);
    return ex;
}

/* The capture in one format: 0 JSON Lines, 1 HAR, 2 raw HTTP/1.1. Returns a temp file path. */
static char *planted_capture(int format)
{
    char text[16384];
    size_t o = 0;
    if (format == 1) {
        json_object *root = json_object_new_object(), *log = json_object_new_object();
        json_object *entries = json_object_new_array();
        for (size_t i = 0; i < PLANTED_COUNT; i++)
            json_object_array_add(entries, planted_json(&planted[i], true));
        json_object_object_add(log, "version", json_object_new_string("1.2"));
        json_object_object_add(log, "entries", entries);
        json_object_object_add(root, "log", log);
        o = (size_t)snprintf(text, sizeof text, "%s\n", json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN));
        json_object_put(root);
    }
    for (size_t i = 0; format != 1 && i < PLANTED_COUNT; i++) {
        if (format == 0) {
            json_object *ex = planted_json(&planted[i], false);
            o += (size_t)snprintf(text + o, sizeof text - o, "%s\n",
                                  json_object_to_json_string_ext(ex, JSON_C_TO_STRING_PLAIN));
            json_object_put(ex);
        } else {
            char target[512], auth[512], auth_line[600] = "";
            planted_request(&planted[i], target, sizeof target, auth, sizeof auth);
            if (auth[0])
                snprintf(auth_line, sizeof auth_line, "X-Amz-Date: 20261128T010203Z\r\nAuthorization: %s\r\n", auth);
            o += (size_t)snprintf(text + o, sizeof text - o,
                                  "POST %s HTTP/1.1\r\nHost: " PLANTED_HOST "\r\nContent-Type: application/json\r\n%s"
                                  "Content-Length: %zu\r\n\r\n" PLANTED_BODY
                                  "HTTP/1.1 200 OK\r\nDate: Sat, 28 Nov 2026 01:02:04 GMT\r\n"
                                  "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
                                  target, auth_line, strlen(PLANTED_BODY));
        }
        ck_assert_uint_lt(o, sizeof text);
    }
    ck_assert_uint_lt(o, sizeof text);
    return ts_write_temp(text, o);
}

START_TEST(access_key_ids_never_printed)
{
    /* Everything but the last four characters, as well as the whole key id. */
    static const char *hidden[] = {CAPTURED_KEY_ID, CONFIGURED_KEY_ID, "ASIAPLANTEDCAPTU", "AKIAPLANTEDCONF"};
    static const char *formats[] = {"JSON Lines", "HAR", "raw HTTP"};
    static const char *modes[] = {"", "--format json", "--verify-signatures", "--verify-signatures --format json",
                                  "--strict --verify-signatures", "--jobs 2 --format json --verify-signatures"};
    for (int f = 0; f < 3; f++) {
        char *cap = planted_capture(f);
        for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
            char args[1400];
            snprintf(args, sizeof args, "validate %s '%s'", modes[m], cap);
            run_result r = run_cli_env("AWS_ACCESS_KEY_ID=" CONFIGURED_KEY_ID " AWS_SECRET_ACCESS_KEY=planted-secret",
                                       args);
            ck_assert_msg(r.exit_code == 0 || r.exit_code == 1, "%s, mode '%s': exit %d: %s", formats[f], modes[m],
                          r.exit_code, r.err);
            ck_assert_msg(strstr(r.out, "4 exchanges") || strstr(r.out, "\"exchanges\":4"),
                          "%s, mode '%s': not 4 exchanges:\n%s%s", formats[f], modes[m], r.out, r.err);
            for (size_t h = 0; h < sizeof hidden / sizeof hidden[0]; h++) {
                ck_assert_msg(strstr(r.out, hidden[h]) == NULL, "%s, mode '%s': %s in stdout:\n%s", formats[f],
                              modes[m], hidden[h], r.out);
                ck_assert_msg(strstr(r.err, hidden[h]) == NULL, "%s, mode '%s': %s in stderr:\n%s", formats[f],
                              modes[m], hidden[h], r.err);
            }
            if (strstr(modes[m], "verify")) {
                /* the wrong key is reported, by its last four characters: both exchanges with the
                 * captured key id, header and presigned form */
                ck_assert_msg(count_substr(r.out, "access key id differs") == 2, "%s, mode '%s':\n%s", formats[f],
                              modes[m], r.out);
                ck_assert_msg(count_substr(r.out, "RED9") == 2 && count_substr(r.out, "G777") == 2,
                              "%s, mode '%s': the last four characters are not shown:\n%s", formats[f], modes[m],
                              r.out);
            }
            free_result(&r);
        }
        unlink(cap);
        free(cap);
    }
}
END_TEST

static Suite *validate_suite(void)
{
    Suite *s = suite_create("validate");
    TCase *tc = tcase_create("cli");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, sample_jsonl_json_output);
    tcase_add_test(tc, sample_har_json_output);
    tcase_add_test(tc, sample_http_json_output);
    tcase_add_test(tc, sample_jsonl_jobs_same_output);
    tcase_add_test(tc, sample_text_output);
    tcase_add_test(tc, strict_turns_unknown_enum_into_error);
    tcase_add_test(tc, diagnostics_past_the_limit_are_reported_as_a_count);
    tcase_add_test(tc, exit_codes);
    tcase_add_test(tc, jobs_split_preserves_order_and_lines);
    tcase_add_test(tc, huge_line_is_a_limit_error);
    tcase_add_test(tc, huge_line_memory_is_bounded_by_the_limit);
    tcase_add_test(tc, verify_signatures_from_botocore);
    tcase_add_test(tc, verify_signatures_without_credentials_refused);
    tcase_add_test(tc, no_secret_in_any_output);
    tcase_add_test(tc, malformed_authorization_shows_no_secret);
    tcase_add_test(tc, text_path_quotes_no_control_bytes);
    tcase_add_test(tc, text_output_quotes_file_names_safely);
    tcase_add_test(tc, access_key_ids_never_printed);
    tcase_add_test(tc, a_failed_write_ends_validate);
    tcase_add_test(tc, inputs_are_read_as_given);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    const char *build = getenv("EKSCODEC_BUILD_DIR");
    snprintf(cli_path, sizeof cli_path, "%s/tools/ekscodec", build ? build : ".");
    return ts_run_suite(validate_suite());
}
