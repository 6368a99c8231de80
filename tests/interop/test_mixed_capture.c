/*
 * `ekscodec validate` over traffic of every operation (issue 9):
 *  - corpus/samples/capture_all_operations.jsonl (scripts/gen_mixed_capture.py, built from the
 *    y_ cases of corpus/ops) validates with 0 skipped; each exchange names the operation the
 *    sidecar .operations file gives for its line (taken from the cases, not from ekscodec),
 *    is valid with no diagnostic, and is selected by its host; all 65 operations occur.
 *  - --strict turns an unknown enum value in a DescribeUpdate response into an error, while
 *    the default (lenient) mode keeps the exchange valid with an unknown_enum_value warning.
 */
#include "test_support.h"

#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define ALL_OPERATIONS 65

static char cli_path[1024];

typedef ts_cli_result run_result;

/* Runs ekscodec ARGS without credentials in the environment, stdin from /dev/null. */
static run_result run_cli(const char *args) { return ts_run_cli(cli_path, NULL, args); }
static void free_result(run_result *r) { ts_cli_result_free(r); }

/* Splits text into lines in place (a trailing newline ends the last line); returns the count. */
static size_t split_lines(char *text, char ***lines_out)
{
    size_t cap = 256, n = 0;
    char **lines = malloc(cap * sizeof *lines);
    ck_assert_ptr_nonnull(lines);
    for (char *p = text; *p;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        if (n == cap) {
            cap *= 2;
            lines = realloc(lines, cap * sizeof *lines);
            ck_assert_ptr_nonnull(lines);
        }
        lines[n++] = p;
        if (!nl)
            break;
        p = nl + 1;
    }
    *lines_out = lines;
    return n;
}

static const char *get_str(json_object *o, const char *key)
{
    json_object *v = NULL;
    return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string)
               ? json_object_get_string(v)
               : NULL;
}

static int64_t get_int(json_object *o, const char *key)
{
    json_object *v = NULL;
    ck_assert_msg(json_object_object_get_ex(o, key, &v), "no %s in %s", key, json_object_to_json_string(o));
    return json_object_get_int64(v);
}

START_TEST(all_operations_routed_and_valid)
{
    char *cap = ts_path(ts_source_dir(), "corpus/samples/capture_all_operations.jsonl");
    char *side_path = ts_path(ts_source_dir(), "corpus/samples/capture_all_operations.jsonl.operations");
    char *sidecar = ts_read_file(side_path, NULL);
    ck_assert_msg(sidecar != NULL, "cannot read %s", side_path);
    char **want;
    size_t nwant = split_lines(sidecar, &want);
    ck_assert_uint_gt(nwant, 2 * ALL_OPERATIONS - 1);

    char args[1200];
    snprintf(args, sizeof args, "validate --format json '%s'", cap);
    run_result r = run_cli(args);
    ck_assert_msg(r.exit_code == 0, "exit %d: %s", r.exit_code, r.err);
    char **got;
    size_t ngot = split_lines(r.out, &got);
    ck_assert_msg(ngot == nwant + 1, "%zu output lines for %zu exchanges", ngot, nwant);

    size_t problems = 0;
    char **seen = calloc(nwant, sizeof *seen);
    size_t nseen = 0;
    for (size_t i = 0; i < nwant; i++) {
        json_object *o = json_tokener_parse(got[i]);
        ck_assert_msg(o != NULL, "output line %zu is not JSON: %s", i + 1, got[i]);
        const char *op = get_str(o, "operation"), *verdict = get_str(o, "verdict"), *by = get_str(o, "selectedBy");
        json_object *diags = NULL;
        bool has_diags = json_object_object_get_ex(o, "diagnostics", &diags);
        bool ok = get_int(o, "line") == (int64_t)(i + 1) && op && strcmp(op, want[i]) == 0 && verdict &&
                  strcmp(verdict, "valid") == 0 && by && strcmp(by, "host") == 0 && has_diags &&
                  json_object_array_length(diags) == 0;
        if (!ok) {
            /* report every problem line before failing */
            fprintf(stderr, "line %zu: want operation %s, valid, selectedBy host, no diagnostic; got %s\n", i + 1,
                    want[i], got[i]);
            problems++;
        }
        bool dup = false;
        for (size_t k = 0; k < nseen && !dup; k++)
            dup = strcmp(seen[k], want[i]) == 0;
        if (!dup)
            seen[nseen++] = want[i];
        json_object_put(o);
    }
    ck_assert_msg(problems == 0, "%zu of %zu exchanges wrong (see stderr)", problems, nwant);
    ck_assert_uint_eq(nseen, ALL_OPERATIONS);

    json_object *sum = json_tokener_parse(got[nwant]), *s = NULL;
    ck_assert_msg(sum && json_object_object_get_ex(sum, "summary", &s), "last line: %s", got[nwant]);
    ck_assert_int_eq(get_int(s, "exchanges"), (int64_t)nwant);
    ck_assert_int_eq(get_int(s, "valid"), (int64_t)nwant);
    ck_assert_int_eq(get_int(s, "invalid"), 0);
    ck_assert_int_eq(get_int(s, "skipped"), 0);
    json_object_put(sum);

    free(seen);
    free(got);
    free(want);
    free_result(&r);
    free(sidecar);
    free(side_path);
    free(cap);
}
END_TEST

/* The sample under --jobs 2 and --strict: same routing, still all valid (y_ cases are strict-clean). */
START_TEST(all_operations_strict_and_jobs)
{
    char *cap = ts_path(ts_source_dir(), "corpus/samples/capture_all_operations.jsonl");
    char args[1200];
    snprintf(args, sizeof args, "validate --strict --jobs 2 '%s'", cap);
    run_result r = run_cli(args);
    ck_assert_msg(r.exit_code == 0, "exit %d: %s%s", r.exit_code, r.out, r.err);
    ck_assert_ptr_nonnull(strstr(r.out, " valid, 0 invalid, 0 skipped\n"));
    free_result(&r);
    free(cap);
}
END_TEST

static const char strict_capture[] =
    "{\"request\":{\"method\":\"GET\",\"url\":\"https://eks.us-west-2.amazonaws.com/clusters/prod/updates/"
    "9a8b7c6d-1111-4222-8333-444455556666\",\"headers\":[[\"Host\",\"eks.us-west-2.amazonaws.com\"],"
    "[\"X-Amz-Date\",\"20261128T010203Z\"],[\"Authorization\",\"AWS4-HMAC-SHA256 "
    "Credential=AKIDEXAMPLE/20261128/us-west-2/eks/aws4_request, SignedHeaders=host;x-amz-date, "
    "Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"]],\"body\":\"\"},"
    "\"response\":{\"status\":200,\"headers\":[[\"Date\",\"Sat, 28 Nov 2026 01:02:04 GMT\"],"
    "[\"Content-Type\",\"application/json\"],[\"x-amzn-RequestId\",\"7d1c0e9a-2b3c-4d5e-8f60-718293a4b5c6\"]],"
    "\"body\":\"{\\\"update\\\":{\\\"id\\\":\\\"9a8b7c6d-1111-4222-8333-444455556666\\\",\\\"status\\\":"
    "\\\"Paused\\\",\\\"type\\\":\\\"VersionUpdate\\\",\\\"params\\\":[],\\\"createdAt\\\":1795827723.5,"
    "\\\"errors\\\":[]}}\"}}\n";

/* The one diagnostic of the single exchange, checked field by field. */
static void check_enum_run(const char *flags, int want_exit, const char *want_verdict, const char *want_severity)
{
    char *tmp = ts_temp_template("ekscodec-interop-cap");
    int fd = mkstemp(tmp);
    ck_assert(fd >= 0);
    ck_assert_int_eq(write(fd, strict_capture, sizeof strict_capture - 1), (ssize_t)(sizeof strict_capture - 1));
    close(fd);
    char args[1200];
    snprintf(args, sizeof args, "validate --format json %s '%s'", flags, tmp);
    run_result r = run_cli(args);
    ck_assert_msg(r.exit_code == want_exit, "%s: exit %d: %s%s", flags, r.exit_code, r.out, r.err);
    char **lines;
    size_t n = split_lines(r.out, &lines);
    ck_assert_uint_eq(n, 2);
    json_object *o = json_tokener_parse(lines[0]);
    ck_assert_msg(o != NULL, "%s", lines[0]);
    ck_assert_str_eq(get_str(o, "verdict"), want_verdict);
    ck_assert_str_eq(get_str(o, "operation"), "DescribeUpdate");
    ck_assert_str_eq(get_str(o, "selectedBy"), "host");
    json_object *diags = NULL;
    ck_assert(json_object_object_get_ex(o, "diagnostics", &diags));
    ck_assert_msg(json_object_array_length(diags) == 1, "%s: %s", flags, lines[0]);
    json_object *d = json_object_array_get_idx(diags, 0);
    ck_assert_str_eq(get_str(d, "part"), "response");
    ck_assert_str_eq(get_str(d, "severity"), want_severity);
    ck_assert_str_eq(get_str(d, "code"), "unknown_enum_value");
    ck_assert_str_eq(get_str(d, "path"), "$.update.status");
    json_object_put(o);
    free(lines);
    free_result(&r);
    unlink(tmp);
    free(tmp);
}

START_TEST(unknown_enum_lenient_warns_strict_fails)
{
    check_enum_run("", 0, "valid", "warning");
    check_enum_run("--strict", 1, "invalid", "error");
}
END_TEST

static Suite *mixed_suite(void)
{
    Suite *s = suite_create("interop_mixed_capture");
    TCase *tc = tcase_create("validate");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, all_operations_routed_and_valid);
    tcase_add_test(tc, all_operations_strict_and_jobs);
    tcase_add_test(tc, unknown_enum_lenient_warns_strict_fails);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    const char *build = getenv("EKSCODEC_BUILD_DIR");
    snprintf(cli_path, sizeof cli_path, "%s/tools/ekscodec", build ? build : ".");
    return ts_run_suite(mixed_suite());
}
