/*
 * The CLI contract of DESIGN §3: exit codes, botocore-shaped decode output (expectations
 * from botocore: the .botocore.json files in corpus/samples, made by tools/oracle/cli_decode_oracle.py),
 * encode output, diagnostics with byte offsets.
 */
#include "test_support.h"
#include "ekscodec/operation.h"

#include <json-c/json.h>
#include <stdbool.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char cli_path[1024];

typedef struct run_result {
    int exit_code;
    char *out; /* stdout */
    char *err; /* stderr */
} run_result;

/* Runs "ekscodec ARGS" with stdin from `input` (may be NULL). */
static run_result run_cli(const char *args, const char *input, size_t input_len)
{
    char *in_path = ts_temp_template("ekscodec-cli-in");
    char *out_path = ts_temp_template("ekscodec-cli-out");
    char *err_path = ts_temp_template("ekscodec-cli-err");
    int fd_in = mkstemp(in_path), fd_out = mkstemp(out_path), fd_err = mkstemp(err_path);
    ck_assert(fd_in >= 0 && fd_out >= 0 && fd_err >= 0);
    if (input)
        ck_assert_int_eq(write(fd_in, input, input_len), (ssize_t)input_len);
    close(fd_in);
    close(fd_out);
    close(fd_err);
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' %s <'%s' >'%s' 2>'%s'", cli_path, args, in_path, out_path, err_path);
    int status = system(cmd);
    run_result r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = ts_read_file(out_path, NULL);
    r.err = ts_read_file(err_path, NULL);
    unlink(in_path);
    unlink(out_path);
    unlink(err_path);
    free(in_path);
    free(out_path);
    free(err_path);
    return r;
}

/* The SigV4 test suite's example credentials in the environment the CLI inherits, no token. */
static void use_example_credentials(void)
{
    setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", 1);
    unsetenv("AWS_SESSION_TOKEN");
}

static void free_result(run_result *r)
{
    free(r->out);
    free(r->err);
}

static char *sample(const char *name)
{
    char rel[256];
    snprintf(rel, sizeof rel, "corpus/samples/%s", name);
    return ts_path(ts_source_dir(), rel);
}

static json_object *get(json_object *o, const char *key)
{
    json_object *v = NULL;
    ck_assert_msg(json_object_object_get_ex(o, key, &v), "missing key %s", key);
    return v;
}

/* Every member of botocore's parse must appear, equal, in ours (we add diagnostics and the
 * modeled error fields on top, as DESIGN §3 says). */
static void assert_contains(json_object *ours, json_object *theirs, const char *where)
{
    if (json_object_get_type(theirs) == json_type_object) {
        ck_assert_msg(json_object_get_type(ours) == json_type_object, "%s: not an object", where);
        json_object_object_foreach(theirs, k, v) {
            json_object *mine = NULL;
            ck_assert_msg(json_object_object_get_ex(ours, k, &mine), "%s.%s missing", where, k);
            char sub[512];
            snprintf(sub, sizeof sub, "%s.%s", where, k);
            assert_contains(mine, v, sub);
        }
    } else if (json_object_get_type(theirs) == json_type_array) {
        ck_assert_msg(json_object_get_type(ours) == json_type_array, "%s: not an array", where);
        ck_assert_uint_eq(json_object_array_length(ours), json_object_array_length(theirs));
        for (size_t i = 0; i < json_object_array_length(theirs); i++)
            assert_contains(json_object_array_get_idx(ours, i), json_object_array_get_idx(theirs, i), where);
    } else if (json_object_get_type(theirs) == json_type_double || json_object_get_type(theirs) == json_type_int) {
        ck_assert_msg(fabs(json_object_get_double(ours) - json_object_get_double(theirs)) < 1e-9,
                      "%s: %f != %f", where, json_object_get_double(ours), json_object_get_double(theirs));
    } else {
        ck_assert_msg(json_object_equal(ours, theirs), "%s: %s != %s", where,
                      json_object_to_json_string(ours), json_object_to_json_string(theirs));
    }
}

static void check_against_botocore(const char *http_name, const char *expect_name)
{
    char *in_path = sample(http_name), *exp_path = sample(expect_name);
    char args[1200];
    snprintf(args, sizeof args, "decode --format json '%s'", in_path);
    run_result r = run_cli(args, NULL, 0);
    ck_assert_msg(r.exit_code == 0, "exit %d: %s", r.exit_code, r.err);
    json_object *ours = json_tokener_parse(r.out);
    json_object *theirs = json_object_from_file(exp_path);
    ck_assert_ptr_nonnull(ours);
    ck_assert_ptr_nonnull(theirs);
    assert_contains(ours, theirs, "$");
    ck_assert_uint_eq(json_object_array_length(get(ours, "diagnostics")), 0);
    json_object_put(ours);
    json_object_put(theirs);
    free(in_path);
    free(exp_path);
    free_result(&r);
}

START_TEST(decode_typical_response_matches_botocore)
{
    check_against_botocore("response_typical.http", "response_typical.botocore.json");
}
END_TEST

START_TEST(decode_error_response_matches_botocore)
{
    check_against_botocore("error_not_found.http", "error_not_found.botocore.json");
    char *in_path = sample("error_not_found.http");
    char args[1200];
    snprintf(args, sizeof args, "decode '%s'", in_path);
    run_result r = run_cli(args, NULL, 0);
    json_object *ours = json_tokener_parse(r.out);
    /* DESIGN §3 adds httpStatus and the modeled fields (clusterName) at the top level. */
    ck_assert_int_eq(json_object_get_int(get(ours, "httpStatus")), 404);
    ck_assert_str_eq(json_object_get_string(get(ours, "clusterName")), "prod");
    json_object_put(ours);
    free(in_path);
    free_result(&r);
}
END_TEST

/* A map key holding U+0000 has no json-c view: decode says so and exits 2; it printed the
 * tags with the keys cut at the NUL and merged ({"tags":{"a":"v2"}}), exit 0. */
START_TEST(decode_refuses_to_print_a_key_it_cannot_show)
{
    const char *body = "{\"tags\":{\"a\\u0000b\":\"v1\",\"a\\u0000c\":\"v2\"}}";
    run_result r = run_cli("decode --operation ListTagsForResource --format json", body, strlen(body));
    ck_assert_int_eq(r.exit_code, 2);
    ck_assert_str_eq(r.out, "");
    ck_assert_ptr_nonnull(strstr(r.err, "U+0000"));
    free_result(&r);
}
END_TEST

START_TEST(unknown_status_warns_and_strict_fails)
{
    const char *body = "{\"update\":{\"id\":\"u1\",\"status\":\"Paused\"}}";
    run_result r = run_cli("decode --format json", body, strlen(body));
    ck_assert_int_eq(r.exit_code, 0);
    json_object *o = json_tokener_parse(r.out);
    json_object *d = json_object_array_get_idx(get(o, "diagnostics"), 0);
    ck_assert_str_eq(json_object_get_string(get(d, "severity")), "warning");
    ck_assert_str_eq(json_object_get_string(get(d, "code")), "unknown_enum_value");
    ck_assert_str_eq(json_object_get_string(get(d, "path")), "$.update.status");
    /* the raw value is kept in the output */
    ck_assert_str_eq(json_object_get_string(get(get(o, "update"), "status")), "Paused");
    json_object_put(o);
    free_result(&r);

    r = run_cli("decode --strict --format json", body, strlen(body));
    ck_assert_int_eq(r.exit_code, 1);
    o = json_tokener_parse(r.out);
    d = json_object_array_get_idx(get(o, "diagnostics"), 0);
    ck_assert_str_eq(json_object_get_string(get(d, "severity")), "error");
    json_object_put(o);
    free_result(&r);
}
END_TEST

START_TEST(invalid_json_names_the_byte_offset)
{
    /* The first byte that cannot continue the document is the 'x' at offset 11. */
    const char *body = "{\"update\": x}";
    run_result r = run_cli("decode --format json", body, strlen(body));
    ck_assert_int_eq(r.exit_code, 1);
    json_object *o = json_tokener_parse(r.out);
    json_object *d = json_object_array_get_idx(get(o, "diagnostics"), 0);
    ck_assert_str_eq(json_object_get_string(get(d, "code")), "invalid_json");
    ck_assert_int_eq(json_object_get_int(get(d, "offset")), 11);
    ck_assert_ptr_nonnull(strstr(json_object_get_string(get(d, "message")), "11"));
    json_object_put(o);
    free_result(&r);

    r = run_cli("decode --format text", body, strlen(body));
    ck_assert_int_eq(r.exit_code, 1);
    ck_assert_ptr_nonnull(strstr(r.out, "invalid_json"));
    ck_assert_ptr_nonnull(strstr(r.out, "byte 11"));
    free_result(&r);
}
END_TEST

START_TEST(status_and_header_flags_make_an_error_response)
{
    const char *body = "{\"message\":\"slow down\"}";
    run_result r = run_cli("decode --status 429 --header 'X-Amzn-ErrorType: ThrottlingException'", body,
                           strlen(body));
    ck_assert_int_eq(r.exit_code, 0);
    json_object *o = json_tokener_parse(r.out);
    json_object *e = get(o, "Error");
    ck_assert_str_eq(json_object_get_string(get(e, "Code")), "ThrottlingException");
    ck_assert_str_eq(json_object_get_string(get(e, "Message")), "slow down");
    ck_assert_int_eq(json_object_get_int(get(get(o, "ResponseMetadata"), "HTTPStatusCode")), 429);
    json_object_put(o);
    free_result(&r);
}
END_TEST

START_TEST(html_502_keeps_status_and_explains)
{
    const char *body = "<html><body>502 Bad Gateway</body></html>";
    run_result r = run_cli("decode --status 502", body, strlen(body));
    ck_assert_int_eq(r.exit_code, 1);
    json_object *o = json_tokener_parse(r.out);
    ck_assert_int_eq(json_object_get_int(get(o, "httpStatus")), 502);
    /* botocore's convention when no type exists: the status code as the code */
    ck_assert_str_eq(json_object_get_string(get(get(o, "Error"), "Code")), "502");
    ck_assert_ptr_nonnull(strstr(r.out, "not_json"));
    json_object_put(o);
    free_result(&r);
}
END_TEST

START_TEST(encode_unsigned_json_output)
{
    const char *params = "{\"clusterName\":\"a/b c\",\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"okta\"},"
                         "\"clientRequestToken\":\"tok-1\"}";
    run_result r = run_cli("encode --unsigned --region us-west-2 --format json -", params, strlen(params));
    ck_assert_msg(r.exit_code == 0, "exit %d: %s", r.exit_code, r.err);
    json_object *o = json_tokener_parse(r.out);
    ck_assert_ptr_nonnull(o);
    ck_assert_str_eq(json_object_get_string(get(o, "method")), "POST");
    /* RFC 3986: '/' and ' ' are outside unreserved -> %2F, %20 */
    ck_assert_str_eq(json_object_get_string(get(o, "path")), "/clusters/a%2Fb%20c/identity-provider-configs/disassociate");
    ck_assert_str_eq(json_object_get_string(get(o, "url")),
                     "https://eks.us-west-2.amazonaws.com/clusters/a%2Fb%20c/identity-provider-configs/disassociate");
    json_object *headers = get(o, "headers");
    bool saw_ct = false, saw_host = false;
    for (size_t i = 0; i < json_object_array_length(headers); i++) {
        json_object *h = json_object_array_get_idx(headers, i);
        const char *name = json_object_get_string(json_object_array_get_idx(h, 0));
        const char *value = json_object_get_string(json_object_array_get_idx(h, 1));
        for (const char *c = name; *c; c++)
            ck_assert_msg(!(*c >= 'A' && *c <= 'Z'), "header name %s not lower-case", name);
        if (strcmp(name, "content-type") == 0)
            saw_ct = strcmp(value, "application/json") == 0;
        if (strcmp(name, "host") == 0)
            saw_host = strcmp(value, "eks.us-west-2.amazonaws.com") == 0;
    }
    ck_assert(saw_ct && saw_host);
    json_object *body = json_tokener_parse(json_object_get_string(get(o, "body")));
    json_object *expect = json_tokener_parse("{\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"okta\"},"
                                             "\"clientRequestToken\":\"tok-1\"}");
    ck_assert(json_object_equal(body, expect));
    ck_assert(!json_object_object_get_ex(o, "signature", NULL));
    json_object_put(body);
    json_object_put(expect);
    json_object_put(o);
    free_result(&r);
}
END_TEST

START_TEST(encode_rejects_traversal_labels)
{
    const char *cases[][2] = {
        {"{\"clusterName\":\"\",\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"x\"}}", "empty_uri_label"},
        {"{\"clusterName\":\".\",\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"x\"}}", "dot_segment_label"},
        {"{\"clusterName\":\"..\",\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"x\"}}", "dot_segment_label"},
        {"{\"clusterName\":\"p\"}", "missing_required_member"},
        {"{\"clusterName\":\"p\",\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"x\"},\"extra\":1}", "unknown_member"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        run_result r = run_cli("encode --unsigned --region us-east-1", cases[i][0], strlen(cases[i][0]));
        ck_assert_msg(r.exit_code == 1, "case %zu: exit %d", i, r.exit_code);
        ck_assert_msg(strstr(r.err, cases[i][1]) != NULL, "case %zu: %s not in %s", i, cases[i][1], r.err);
        ck_assert_str_eq(r.out, "");
        free_result(&r);
    }
}
END_TEST

START_TEST(usage_errors_exit_2)
{
    run_result r = run_cli("decode --no-such-flag", NULL, 0);
    ck_assert_int_eq(r.exit_code, 2);
    free_result(&r);
    /* each refusal says why before the usage (a bad --format, two FILEs printed the usage
     * alone) */
    static const struct {
        const char *args, *why;
    } said[] = {
        {"encode --format xml", "ekscodec encode: --format wants http or json\n"},
        {"sign --format text", "ekscodec sign: --format wants http or json\n"},
        {"decode --format http", "ekscodec decode: --format wants json or text\n"},
        {"decode a b", "ekscodec decode: more than one FILE given (one FILE, or '-' for stdin)\n"},
        {"encode a -- b", "ekscodec encode: more than one FILE given (one FILE, or '-' for stdin)\n"},
    };
    for (size_t i = 0; i < sizeof said / sizeof said[0]; i++) {
        r = run_cli(said[i].args, NULL, 0);
        ck_assert_msg(r.exit_code == 2 && strncmp(r.err, said[i].why, strlen(said[i].why)) == 0 &&
                          strstr(r.err, "usage: ekscodec "),
                      "%s: exit %d: %s", said[i].args, r.exit_code, r.err);
        free_result(&r);
    }
    /* "--" ends the options of encode, decode and sign too (only validate took it): a FILE
     * named like an option is read */
    char *dir = ts_temp_template("ekscodec-cli-dd");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char file[1100], args[1300];
    snprintf(file, sizeof file, "%s/--status", dir);
    FILE *f = fopen(file, "w");
    ck_assert_ptr_nonnull(f);
    fputs("{\"clusters\":[\"a\"]}", f);
    fclose(f);
    char back[1024];
    ck_assert_ptr_nonnull(getcwd(back, sizeof back));
    ck_assert_int_eq(chdir(dir), 0); /* the FILE named relatively: "--status" itself */
    snprintf(args, sizeof args, "decode --operation ListClusters --status 200 -- --status");
    r = run_cli(args, NULL, 0);
    ck_assert_int_eq(chdir(back), 0);
    ck_assert_msg(r.exit_code == 0 && strncmp(r.out, "{\"clusters\":[\"a\"]", 16) == 0, "exit %d: %s%s", r.exit_code,
                  r.out, r.err);
    free_result(&r);
    unlink(file);
    rmdir(dir);
    free(dir);
    r = run_cli("decode /nonexistent/file.json", NULL, 0);
    ck_assert_int_eq(r.exit_code, 2);
    free_result(&r);
    r = run_cli("frobnicate", NULL, 0);
    ck_assert_int_eq(r.exit_code, 2);
    free_result(&r);
    r = run_cli("decode --status 99", "{}", 2);
    ck_assert_int_eq(r.exit_code, 2);
    free_result(&r);
    /* no region anywhere: env is cleared for this one */
    const char *params = "{\"clusterName\":\"p\",\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"x\"}}";
    r = run_cli("encode --unsigned", params, strlen(params));
    ck_assert_int_eq(r.exit_code, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "region"));
    free_result(&r);
}
END_TEST

/* `serve` refuses to start on what it cannot honour (DESIGN §3): exit 2 with a message,
 * before it listens (the interop_serve test covers the running server). */
START_TEST(serve_start_up_refusals_exit_2)
{
    run_result r = run_cli("serve --help", NULL, 0);
    ck_assert_int_eq(r.exit_code, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "64 KiB"));
    free_result(&r);
    unsetenv("AWS_ACCESS_KEY_ID");
    r = run_cli("serve --listen 127.0.0.1:0", NULL, 0);
    ck_assert_int_eq(r.exit_code, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "AWS_ACCESS_KEY_ID"));
    free_result(&r);
    setenv("AWS_ACCESS_KEY_ID", "AKIDSERVETEST", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "serve-test-secret", 1);
    r = run_cli("serve --listen 0.0.0.0:0", NULL, 0);
    ck_assert_int_eq(r.exit_code, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "--allow-remote"));
    free_result(&r);
    r = run_cli("serve --error NoSuchShapeException", NULL, 0);
    ck_assert_int_eq(r.exit_code, 2);
    free_result(&r);
    r = run_cli("serve --respond NoSuchOperation=/dev/null", NULL, 0);
    ck_assert_int_eq(r.exit_code, 2);
    free_result(&r);
    r = run_cli("serve --respond DescribeCluster=/nonexistent/fixture.json", NULL, 0);
    ck_assert_int_eq(r.exit_code, 2);
    ck_assert_ptr_null(strstr(r.err, "serve-test-secret"));
    free_result(&r);
    /* numbers are plain decimals in range (README deviations): a port over 65535 would
     * listen on its low 16 bits (65616 on port 80), a negative count would mean no limit */
    static const char *const bad_numbers[] = {
        "--complete-after -1",     "--complete-after 0x10",        "--complete-after ' 5'",
        "--complete-after 5.",     "--request-timeout 1e-300",     "--request-timeout 0",
        "--max-requests -1",       "--max-requests 0",             "--max-requests 99999999999999999999999",
        "--listen 127.0.0.1:99999", "--listen 127.0.0.1:65616",    "--listen '127.0.0.1:+80'",
    };
    for (size_t i = 0; i < sizeof bad_numbers / sizeof bad_numbers[0]; i++) {
        char args[160];
        snprintf(args, sizeof args, "serve %s", bad_numbers[i]);
        r = run_cli(args, NULL, 0);
        ck_assert_msg(r.exit_code == 2 && strstr(r.out, "listening") == NULL, "%s: exit %d %s", args, r.exit_code,
                      r.out);
        free_result(&r);
    }
    unsetenv("AWS_ACCESS_KEY_ID");
    unsetenv("AWS_SECRET_ACCESS_KEY");
}
END_TEST

/* Every number an option takes is plain decimal digits in range (README deviations): a sign,
 * a space or hex is a usage error, and a time past the year 9999 is refused as --time's. */
START_TEST(sign_and_decode_numbers_are_plain_decimals)
{
    setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", 1);
    const char req[] = "GET / HTTP/1.1\r\nHost: eks.us-west-2.amazonaws.com\r\n\r\n";
    static const char *const bad[] = {"--presign ' +60'", "--presign 0x3c", "--presign 604801",
                                      "--time ' 5'", "--time +5", "--time 253402300800",
                                      "--time 99999999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char args[160];
        snprintf(args, sizeof args, "sign --region us-west-2 %s", bad[i]);
        run_result r = run_cli(args, req, sizeof req - 1);
        ck_assert_msg(r.exit_code == 2 && (strstr(r.err, "--presign") || strstr(r.err, "--time")), "%s: exit %d %s",
                      args, r.exit_code, r.err);
        free_result(&r);
    }
    run_result r = run_cli("sign --region us-west-2 --time 253402300799", req, sizeof req - 1);
    ck_assert_msg(r.exit_code == 0 && strstr(r.out, "X-Amz-Date: 99991231T235959Z"), "exit %d %s%s", r.exit_code,
                  r.out, r.err);
    free_result(&r);
    static const char *const bad_status[] = {"' +404'", "404x", "0x194", "99", "600"};
    for (size_t i = 0; i < sizeof bad_status / sizeof bad_status[0]; i++) {
        char args[160];
        snprintf(args, sizeof args, "decode --status %s", bad_status[i]);
        r = run_cli(args, "{}", 2);
        ck_assert_msg(r.exit_code == 2 && strstr(r.err, "--status"), "%s: exit %d %s", args, r.exit_code, r.err);
        free_result(&r);
    }
    unsetenv("AWS_ACCESS_KEY_ID");
    unsetenv("AWS_SECRET_ACCESS_KEY");
}
END_TEST

/* Official aws-c-auth suite through `ekscodec sign`: the Authorization line must equal the
 * suite's header-signed-request.txt; with --presign the query must carry the suite's
 * query signature. */
static void sign_vector(const char *shared, const char *name)
{
    char dir[1024], req[1200], exp_path[1200], qsig_path[1200], args[2600];
    snprintf(dir, sizeof dir, "%s/vectors/sigv4/aws-c-auth-v4/%s", shared, name);
    snprintf(req, sizeof req, "%s/request.txt", dir);
    snprintf(exp_path, sizeof exp_path, "%s/header-signed-request.txt", dir);
    snprintf(qsig_path, sizeof qsig_path, "%s/query-signature.txt", dir);
    char *expected = ts_read_file(exp_path, NULL);
    char *qsig = ts_read_file(qsig_path, NULL);
    ck_assert_ptr_nonnull(expected);
    ck_assert_ptr_nonnull(qsig);
    const char *auth = strstr(expected, "Authorization:");
    ck_assert_ptr_nonnull(auth);
    char want[512];
    size_t n = strcspn(auth + 14, "\r\n");
    snprintf(want, sizeof want, "Authorization: %.*s", (int)n, auth + 14);
    snprintf(args, sizeof args,
             "sign --service service --region us-east-1 --time 20150830T123600Z '%s'", req);
    run_result r = run_cli(args, NULL, 0);
    ck_assert_msg(r.exit_code == 0, "%s: exit %d %s", name, r.exit_code, r.err);
    ck_assert_msg(strstr(r.out, want) != NULL, "%s: %s not in\n%s", name, want, r.out);
    ck_assert_msg(strstr(r.out, "wJalrXUtnFEMI") == NULL, "secret printed");
    free_result(&r);
    snprintf(args, sizeof args,
             "sign --service service --region us-east-1 --time 20150830T123600Z --presign 3600 '%s'", req);
    r = run_cli(args, NULL, 0);
    ck_assert_int_eq(r.exit_code, 0);
    qsig[strcspn(qsig, "\r\n")] = '\0';
    char wantq[128];
    snprintf(wantq, sizeof wantq, "X-Amz-Signature=%s", qsig);
    ck_assert_msg(strstr(r.out, wantq) != NULL, "%s: %s not in\n%s", name, wantq, r.out);
    free_result(&r);
    free(expected);
    free(qsig);
}

START_TEST(sign_matches_official_vectors)
{
    const char *shared = ts_shared_dir();
    if (!shared) {
        ts_skip("cli sign vectors", TS_NO_SHARED);
        return;
    }
    use_example_credentials();
    sign_vector(shared, "post-vanilla");
    sign_vector(shared, "get-vanilla-query-order-key-case");
    sign_vector(shared, "get-header-value-multiline"); /* folded lines through the HTTP parser */
    sign_vector(shared, "get-header-key-duplicate");
    unsetenv("AWS_ACCESS_KEY_ID");
    unsetenv("AWS_SECRET_ACCESS_KEY");
}
END_TEST

START_TEST(encode_signs_by_default_without_leaking_secrets)
{
    const char *params = "{\"clusterName\":\"prod\",\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"okta\"},"
                         "\"clientRequestToken\":\"t\"}";
    setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "SECRET-MUST-NOT-APPEAR", 1);
    setenv("AWS_SESSION_TOKEN", "SESSION-TOKEN-VALUE", 1);
    run_result r = run_cli("encode --region cn-north-1 --time 20261128T010203Z --format json", params, strlen(params));
    ck_assert_msg(r.exit_code == 0, "exit %d: %s", r.exit_code, r.err);
    ck_assert(strstr(r.out, "SECRET-MUST-NOT-APPEAR") == NULL && strstr(r.err, "SECRET-MUST-NOT-APPEAR") == NULL);
    json_object *o = json_tokener_parse(r.out);
    ck_assert_str_eq(json_object_get_string(get(o, "url")),
                     "https://eks.cn-north-1.amazonaws.com.cn/clusters/prod/identity-provider-configs/disassociate");
    ck_assert_uint_eq(strlen(json_object_get_string(get(o, "signature"))), 64);
    /* the token is sent (signed) and the scope names the region and service */
    ck_assert_ptr_nonnull(strstr(r.out, "[\"x-amz-security-token\",\"SESSION-TOKEN-VALUE\"]"));
    ck_assert_ptr_nonnull(strstr(json_object_get_string(get(o, "stringToSign")), "20261128/cn-north-1/eks/aws4_request"));
    json_object_put(o);
    free_result(&r);
    /* no credentials: a clear usage error, not an unsigned request */
    unsetenv("AWS_ACCESS_KEY_ID");
    unsetenv("AWS_SECRET_ACCESS_KEY");
    unsetenv("AWS_SESSION_TOKEN");
    r = run_cli("encode --region us-east-1", params, strlen(params));
    ck_assert_int_eq(r.exit_code, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "AWS_ACCESS_KEY_ID"));
    free_result(&r);
}
END_TEST

/* An access key id reaches stdout only inside the signed request the user asked for (the
 * Credential of the Authorization header or of a presigned query, and the canonical request
 * that signs it), never stderr, never the output of a run that fails; the key id of a
 * signature being replaced does not survive re-signing. */
#define CLI_KEY_ID "AKIAPLANTEDCLIKEY555"
#define CLI_OLD_KEY_ID "ASIAPLANTEDOLDKEY444"

static void assert_key_id_only_in_credentials(const run_result *r, const char *what, bool may_sign)
{
    ck_assert_msg(strstr(r->err, CLI_KEY_ID) == NULL, "%s: key id in stderr:\n%s", what, r->err);
    ck_assert_msg(strstr(r->out, CLI_OLD_KEY_ID) == NULL && strstr(r->err, CLI_OLD_KEY_ID) == NULL,
                  "%s: the replaced signature's key id survived:\n%s%s", what, r->out, r->err);
    size_t n = 0;
    for (const char *p = strstr(r->out, CLI_KEY_ID); p; p = strstr(p + 1, CLI_KEY_ID), n++)
        ck_assert_msg(p - r->out >= 11 && memcmp(p - 11, "Credential=", 11) == 0,
                      "%s: key id outside a Credential value:\n%s", what, r->out);
    ck_assert_msg(may_sign ? n > 0 : n == 0, "%s: key id %zu times in stdout:\n%s", what, n, r->out);
}

START_TEST(access_key_id_only_in_the_signed_request)
{
    const char *good = "{\"clusterName\":\"prod\",\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"okta\"},"
                       "\"clientRequestToken\":\"t\"}";
    const char *bad = "{\"clusterName\":\"prod\",\"identityProviderConfig\":{\"type\":\"oidc\"}}";
    const char *resign = "POST /clusters/prod/identity-provider-configs/disassociate HTTP/1.1\r\n"
                         "Host: eks.us-west-2.amazonaws.com\r\nContent-Type: application/json\r\n"
                         "X-Amz-Date: 20261128T010203Z\r\nAuthorization: AWS4-HMAC-SHA256 Credential=" CLI_OLD_KEY_ID
                         "/20261128/us-west-2/eks/aws4_request, SignedHeaders=content-type;host;x-amz-date, "
                         "Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\r\n"
                         "Content-Length: 2\r\n\r\n{}";
    const char *no_host = "POST / HTTP/1.1\r\nAuthorization: AWS4-HMAC-SHA256 Credential=" CLI_OLD_KEY_ID
                          "/20261128/us-west-2/eks/aws4_request\r\nContent-Length: 0\r\n\r\n";
    static const char *formats[] = {"--format http", "--format json", "--presign 900 --format http",
                                    "--presign 900 --format json"};
    setenv("AWS_ACCESS_KEY_ID", CLI_KEY_ID, 1);
    setenv("AWS_SECRET_ACCESS_KEY", "planted-secret", 1);
    for (size_t f = 0; f < sizeof formats / sizeof formats[0]; f++) {
        char args[256], what[300];
        snprintf(args, sizeof args, "encode --region us-west-2 --time 20261128T010203Z %s", formats[f]);
        run_result r = run_cli(args, good, strlen(good));
        ck_assert_msg(r.exit_code == 0, "%s: exit %d: %s", args, r.exit_code, r.err);
        assert_key_id_only_in_credentials(&r, args, true);
        free_result(&r);
        snprintf(what, sizeof what, "%s (invalid parameters)", args);
        r = run_cli(args, bad, strlen(bad));
        ck_assert_msg(r.exit_code == 1, "%s: exit %d: %s", what, r.exit_code, r.err);
        assert_key_id_only_in_credentials(&r, what, false);
        free_result(&r);
        snprintf(args, sizeof args, "sign --region us-west-2 --time 20261128T010203Z %s", formats[f]);
        r = run_cli(args, resign, strlen(resign));
        ck_assert_msg(r.exit_code == 0, "%s: exit %d: %s", args, r.exit_code, r.err);
        assert_key_id_only_in_credentials(&r, args, true);
        free_result(&r);
        snprintf(what, sizeof what, "%s (no Host)", args);
        r = run_cli(args, no_host, strlen(no_host));
        ck_assert_msg(r.exit_code == 2, "%s: exit %d: %s", what, r.exit_code, r.err);
        assert_key_id_only_in_credentials(&r, what, false);
        free_result(&r);
    }
    unsetenv("AWS_ACCESS_KEY_ID");
    unsetenv("AWS_SECRET_ACCESS_KEY");
}
END_TEST

/* DESIGN §3 sign: "the same request signed". The old signature's headers never stay beside
 * the new one, even where the signer sends no replacement: re-signed without a session token
 * the old token goes; presigned (date and token in the query) the old date and token
 * headers go; the output verifies with no unsigned x-amz-* header. */
START_TEST(resigning_drops_the_old_signature_headers)
{
    const char *old = "GET /clusters?maxResults=5 HTTP/1.1\r\nHost: eks.us-west-2.amazonaws.com\r\n"
                      "X-Amz-Security-Token: OLDTOKEN\r\nX-Amz-Date: 20200101T000000Z\r\n"
                      "Authorization: AWS4-HMAC-SHA256 Credential=OLD/20200101/us-west-2/eks/aws4_request, "
                      "SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=00\r\n\r\n";
    use_example_credentials();
    /* re-signed with a header, a presigned request loses its old presignature parameters
     * (a request with both kinds of signature is refused by AWS); its own parameters stay */
    const char *oldq = "GET /clusters?maxResults=5&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=OLD%2F20200101"
                       "%2Fus-west-2%2Feks%2Faws4_request&X-Amz-Date=20200101T000000Z&X-Amz-Expires=60&"
                       "X-Amz-SignedHeaders=host&X-Amz-Security-Token=OLDTOKEN&X-Amz-Signature=00&nextToken=a%20b "
                       "HTTP/1.1\r\nHost: eks.us-west-2.amazonaws.com\r\n\r\n";
    run_result q = run_cli("sign --region us-west-2 --time 20261128T010203Z", oldq, strlen(oldq));
    ck_assert_msg(q.exit_code == 0, "exit %d: %s", q.exit_code, q.err);
    ck_assert_msg(strncmp(q.out, "GET /clusters?maxResults=5&nextToken=a%20b HTTP/1.1\r\n", 53) == 0 &&
                      !strstr(q.out, "OLD") && !strstr(q.out, "X-Amz-Signature") && !strstr(q.out, "X-Amz-Expires"),
                  "%s", q.out);
    run_result qv = run_cli("validate --verify-signatures -", q.out, strlen(q.out));
    ck_assert_msg(strstr(qv.out, "1 exchange: 1 valid") != NULL, "%s", qv.out);
    free_result(&qv);
    free_result(&q);
    static const char *modes[] = {"", "--presign 60"};
    for (size_t m = 0; m < 2; m++) {
        char args[160];
        snprintf(args, sizeof args, "sign --region us-west-2 --time 20261128T010203Z %s", modes[m]);
        run_result r = run_cli(args, old, strlen(old));
        ck_assert_msg(r.exit_code == 0, "%s: exit %d: %s", args, r.exit_code, r.err);
        ck_assert_msg(!strstr(r.out, "OLDTOKEN") && !strstr(r.out, "20200101") && !strstr(r.out, "Signature=00"),
                      "%s: the old signature's headers stayed:\n%s", args, r.out);
        ck_assert_msg(strstr(r.out, "maxResults=5") != NULL, "%s: the query was lost:\n%s", args, r.out);
        /* the tool's own verifier finds nothing unsigned in what it printed */
        run_result v = run_cli("validate --verify-signatures -", r.out, strlen(r.out));
        ck_assert_msg(strstr(v.out, "1 exchange:") != NULL && strstr(v.out, "unsigned_header") == NULL &&
                          strstr(v.out, "signature_mismatch") == NULL,
                      "%s:\n%s", args, v.out);
        free_result(&v);
        free_result(&r);
    }
    unsetenv("AWS_ACCESS_KEY_ID");
    unsetenv("AWS_SECRET_ACCESS_KEY");
}
END_TEST

/* A chunked request is printed with chunked framing: its Transfer-Encoding header stays, so
 * the body after the header section must be chunks (RFC 9112 section 7.1), not the de-chunked
 * content the parser hands to the signer. */
START_TEST(sign_keeps_chunked_framing)
{
    use_example_credentials();
    const char *req = "POST /clusters HTTP/1.1\r\nHost: eks.us-west-2.amazonaws.com\r\nTransfer-Encoding: chunked\r\n"
                      "Content-Type: application/json\r\n\r\n3\r\n{\"a\r\n4\r\n\":1}\r\n0\r\n\r\n";
    run_result r = run_cli("sign --region us-west-2 --time 20261128T010203Z", req, strlen(req));
    ck_assert_msg(r.exit_code == 0, "exit %d: %s", r.exit_code, r.err);
    const char *body = strstr(r.out, "\r\n\r\n");
    ck_assert_ptr_nonnull(body);
    ck_assert_str_eq(body + 4, "7\r\n{\"a\":1}\r\n0\r\n\r\n");
    run_result v = run_cli("validate --verify-signatures -", r.out, strlen(r.out));
    /* the body is no CreateCluster input; what matters is that it is read and signed */
    ck_assert_msg(strstr(v.out, "1 exchange:") && !strstr(v.out, "http_malformed") &&
                      !strstr(v.out, "signature_mismatch"),
                  "%s%s", v.out, r.out);
    free_result(&v);
    free_result(&r);
    const char *empty = "POST /clusters HTTP/1.1\r\nHost: eks.us-west-2.amazonaws.com\r\nTransfer-Encoding: chunked\r\n"
                        "\r\n0\r\n\r\n";
    r = run_cli("sign --region us-west-2 --time 20261128T010203Z", empty, strlen(empty));
    ck_assert_msg(r.exit_code == 0, "exit %d: %s", r.exit_code, r.err);
    body = strstr(r.out, "\r\n\r\n");
    ck_assert_ptr_nonnull(body);
    ck_assert_str_eq(body + 4, "0\r\n\r\n");
    free_result(&r);
    /* trailer fields (RFC 9112 section 7.1.2) are no part of the signature; they go out as
     * they came, in order, not dropped */
    const char *trailed = "POST /clusters HTTP/1.1\r\nHost: eks.us-west-2.amazonaws.com\r\nTransfer-Encoding: chunked\r\n"
                          "\r\n2\r\n{}\r\n0\r\nX-Checksum: abc\r\nX-Other: d e\r\n\r\n";
    r = run_cli("sign --region us-west-2 --time 20261128T010203Z", trailed, strlen(trailed));
    ck_assert_msg(r.exit_code == 0, "exit %d: %s", r.exit_code, r.err);
    body = strstr(r.out, "\r\n\r\n");
    ck_assert_ptr_nonnull(body);
    ck_assert_str_eq(body + 4, "2\r\n{}\r\n0\r\nX-Checksum: abc\r\nX-Other: d e\r\n\r\n");
    free_result(&r);
    r = run_cli("sign --region us-west-2 --time 20261128T010203Z --format json", trailed, strlen(trailed));
    ck_assert_msg(r.exit_code == 0, "exit %d: %s", r.exit_code, r.err);
    ck_assert_msg(strstr(r.out, "\"trailers\":[[\"x-checksum\",\"abc\"],[\"x-other\",\"d e\"]]"), "%s", r.out);
    free_result(&r);
    unsetenv("AWS_ACCESS_KEY_ID");
    unsetenv("AWS_SECRET_ACCESS_KEY");
}
END_TEST

/* Input after the request is refused, not dropped: a body without framing headers is no body
 * (RFC 9112 section 6.3), and signing the request without it gave exit 0 and a signature of an
 * empty payload. A final newline after the request is fine. */
/* What a review of encode, decode and sign found (2026-12-07), each failing before:
 * - sign hashed the body into the canonical request even when the request carries
 *   X-Amz-Content-Sha256, whose value botocore's SigV4Auth.canonical_request uses instead: the
 *   expected signature is botocore's (SigV4Auth("eks", "us-west-2") over the same request,
 *   its clock set to 2026-11-28T01:02:03Z through botocore.auth.get_current_datetime);
 * - sign signed two Host headers as "host:a,b", and an empty one;
 * - sign wrote every request as HTTP/1.1;
 * - encode --endpoint-url with a query ended in an internal "no usable endpoint", exit 1;
 * - decode echoed --header and --operation values raw (an ESC reached the terminal);
 * - a refused signing input was "invalid argument", with no word of which. */
START_TEST(sign_encode_decode_review)
{
    const char *keys[] = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"};
    char *saved[3];
    for (int i = 0; i < 3; i++) {
        const char *v = getenv(keys[i]);
        saved[i] = v ? strdup(v) : NULL;
    }
    use_example_credentials();
    const char *carried = "GET /clusters?foo=bar HTTP/1.1\r\nHost: eks.us-west-2.amazonaws.com\r\n"
                          "X-Amz-Content-Sha256: UNSIGNED-PAYLOAD\r\n\r\n";
    run_result r = run_cli("sign --region us-west-2 --time 20261128T010203Z", carried, strlen(carried));
    ck_assert_msg(r.exit_code == 0 && strstr(r.out, "SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature="
                                                    "76b8dd2828da4c8adb32b66d88261c6c8c5a78848f4b26787aeedf749497d013"),
                  "exit %d: %.600s%.300s", r.exit_code, r.out, r.err);
    free_result(&r);
    const char *hosts[] = {"GET / HTTP/1.1\r\nHost: eks.us-west-2.amazonaws.com\r\nHost: other\r\n\r\n",
                           "GET / HTTP/1.1\r\nHost: \r\n\r\n"};
    for (int i = 0; i < 2; i++) {
        r = run_cli("sign --region us-west-2", hosts[i], strlen(hosts[i]));
        ck_assert_msg(r.exit_code == 2 && !*r.out && strstr(r.err, "one Host header"), "Host case %d: exit %d: %.300s",
                      i, r.exit_code, r.err);
        free_result(&r);
    }
    const char *http10 = "GET /a HTTP/1.0\r\nHost: eks.us-west-2.amazonaws.com\r\n\r\n";
    r = run_cli("sign --region us-west-2", http10, strlen(http10));
    ck_assert_msg(r.exit_code == 0 && strncmp(r.out, "GET /a HTTP/1.0\r\n", 17) == 0, "exit %d: %.100s", r.exit_code,
                  r.out);
    free_result(&r);
    r = run_cli("encode --operation DescribeCluster --unsigned --endpoint-url 'http://localhost:4566/?a=b'",
                "{\"name\":\"x\"}", 12);
    ck_assert_msg(r.exit_code == 2 && strstr(r.err, "a base URL has no query"), "exit %d: %.300s", r.exit_code, r.err);
    free_result(&r);
    const char *echoed[] = {"decode --header \"$(printf 'X\\033]0;t\\007')\"",
                            "decode --operation \"$(printf 'Desc\\033[2Jribe')\""};
    for (int i = 0; i < 2; i++) {
        r = run_cli(echoed[i], "{}", 2);
        ck_assert_msg(r.exit_code == 2 && *r.err && !strchr(r.err, '\033') && !strchr(r.err, '\007'),
                      "case %d: exit %d: %.300s", i, r.exit_code, r.err);
        free_result(&r);
    }
    const char *plain = "GET / HTTP/1.1\r\nHost: eks.us-west-2.amazonaws.com\r\n\r\n";
    struct {
        const char *env, *value, *args, *named;
    } refused[] = {
        {"AWS_SESSION_TOKEN", "tok\nX: 1", "sign --region us-west-2", "AWS_SESSION_TOKEN has a control byte"},
        {"AWS_ACCESS_KEY_ID", "AK/ID", "sign --region us-west-2", "AWS_ACCESS_KEY_ID is empty or has a byte"},
        {NULL, NULL, "sign --region us-west-2 --service ''", "the service (--service) is empty"},
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        if (refused[i].env)
            setenv(refused[i].env, refused[i].value, 1);
        r = run_cli(refused[i].args, plain, strlen(plain));
        ck_assert_msg(r.exit_code == 2 && strstr(r.err, refused[i].named) && !strstr(r.err, "tok\n") &&
                          !strstr(r.err, "AK/ID"),
                      "case %zu: exit %d: %.300s", i, r.exit_code, r.err);
        free_result(&r);
        setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", 1);
        unsetenv("AWS_SESSION_TOKEN");
    }
    for (int i = 0; i < 3; i++) {
        if (saved[i])
            setenv(keys[i], saved[i], 1);
        else
            unsetenv(keys[i]);
        free(saved[i]);
    }
}
END_TEST

/* Without credentials, sign and encode say what is missing and point at the one way to go
 * on without them, encode --unsigned: sign has no --unsigned (it said "or --unsigned"). */
START_TEST(signing_without_credentials_says_what_to_do)
{
    unsetenv("AWS_ACCESS_KEY_ID");
    unsetenv("AWS_SECRET_ACCESS_KEY");
    const char *req = "GET /clusters HTTP/1.1\r\nHost: eks.us-west-2.amazonaws.com\r\n\r\n";
    const char *params = "{\"clusterName\":\"prod\",\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"okta\"}}";
    run_result r = run_cli("sign --region us-west-2", req, strlen(req));
    run_result e = run_cli("encode --region us-west-2", params, strlen(params));
    const char *want = "ekscodec: signing needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment "
                       "(encode --unsigned writes a request unsigned)\n";
    ck_assert_msg(r.exit_code == 2 && !*r.out, "sign: exit %d: %s", r.exit_code, r.out);
    ck_assert_str_eq(r.err, want);
    ck_assert_msg(e.exit_code == 2 && !*e.out, "encode: exit %d: %s", e.exit_code, e.out);
    ck_assert_str_eq(e.err, want);
    free_result(&r);
    free_result(&e);
    /* and what it names exists */
    e = run_cli("encode --unsigned --region us-west-2", params, strlen(params));
    ck_assert_msg(e.exit_code == 0, "encode --unsigned: exit %d: %s", e.exit_code, e.err);
    free_result(&e);
}
END_TEST

START_TEST(sign_refuses_bytes_after_the_request)
{
    use_example_credentials();
    static const char *const bad[] = {
        "POST /clusters HTTP/1.1\r\nHost: eks.us-west-2.amazonaws.com\r\nContent-Type: application/json\r\n\r\n{\"a\":1}",
        "POST /clusters HTTP/1.1\r\nHost: eks.us-west-2.amazonaws.com\r\nContent-Length: 2\r\n\r\n{}{\"a\":1}",
        "GET /clusters HTTP/1.1\r\nHost: eks.us-west-2.amazonaws.com\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        run_result r = run_cli("sign --region us-west-2 --time 20261128T010203Z", bad[i], strlen(bad[i]));
        ck_assert_msg(r.exit_code == 2 && strstr(r.err, "after the end of the request") && !*r.out,
                      "case %zu: exit %d: %s%s", i, r.exit_code, r.out, r.err);
        free_result(&r);
    }
    static const char *const good[] = {
        "POST /clusters HTTP/1.1\r\nHost: eks.us-west-2.amazonaws.com\r\nContent-Length: 2\r\n\r\n{}\n",
        "GET /clusters HTTP/1.1\nHost: eks.us-west-2.amazonaws.com\n\n\n",
        "GET /clusters HTTP/1.1\nHost: eks.us-west-2.amazonaws.com\n",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        run_result r = run_cli("sign --region us-west-2 --time 20261128T010203Z", good[i], strlen(good[i]));
        ck_assert_msg(r.exit_code == 0, "case %zu: exit %d: %s", i, r.exit_code, r.err);
        free_result(&r);
    }
    unsetenv("AWS_ACCESS_KEY_ID");
    unsetenv("AWS_SECRET_ACCESS_KEY");
}
END_TEST

/* decode of an HTTP response: bytes after the message its framing ends are refused, as sign
 * refuses them after a request, not ignored (a second body was judged valid unseen) */
START_TEST(decode_refuses_bytes_after_the_response)
{
    static const char *const bad[] = {
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}{\"cluster\":{\"name\":5}}",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\nx",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        run_result r = run_cli("decode --operation DescribeCluster", bad[i], strlen(bad[i]));
        ck_assert_msg(r.exit_code == 2 && strstr(r.err, "after the end of the response") && !*r.out,
                      "case %zu: exit %d: %s%s", i, r.exit_code, r.out, r.err);
        free_result(&r);
    }
    static const char *const good[] = {
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}\r\n",
        "HTTP/1.1 200 OK\r\n\r\n{}", /* no framing: the body runs to the end */
        /* interim responses before the final one (curl -i of a request sent with Expect) */
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}",
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\n\r\nHTTP/1.1 200 OK\r\n\r\n{}",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        run_result r = run_cli("decode --operation DescribeCluster", good[i], strlen(good[i]));
        ck_assert_msg(r.exit_code == 0 && strstr(r.out, "\"HTTPStatusCode\":200"), "case %zu: exit %d: %s%s", i,
                      r.exit_code, r.out, r.err);
        free_result(&r);
    }
}
END_TEST

/* encode --format json: "url" carries the endpoint's scheme, as botocore's request.url does; an
 * --endpoint-url of http:// (ekscodec serve, LocalStack) gave an https:// url. */
START_TEST(encode_json_url_keeps_the_endpoint_scheme)
{
    static const struct { const char *args, *url; } cases[] = {
        {"--endpoint-url http://127.0.0.1:8080", "\"url\":\"http://127.0.0.1:8080/clusters/prod\""},
        {"--endpoint-url http://127.0.0.1:8080/pre", "\"url\":\"http://127.0.0.1:8080/pre/clusters/prod\""},
        {"--endpoint-url https://example.com", "\"url\":\"https://example.com/clusters/prod\""},
        {"", "\"url\":\"https://eks.us-west-2.amazonaws.com/clusters/prod\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char args[256];
        snprintf(args, sizeof args, "encode --operation DescribeCluster --region us-west-2 --unsigned --format json %s",
                 cases[i].args);
        run_result r = run_cli(args, "{\"name\":\"prod\"}", 15);
        ck_assert_msg(r.exit_code == 0 && strstr(r.out, cases[i].url), "%s: exit %d: %s%s", args, r.exit_code, r.out,
                      r.err);
        free_result(&r);
    }
}
END_TEST

/* --unsigned does not make a malformed --time acceptable (every number an option takes is
 * plain decimal digits, else exit 2), and --presign with --unsigned is a contradiction, not a
 * silently unsigned request with exit 0. */
START_TEST(encode_unsigned_still_checks_time_and_presign)
{
    const char *p = "{\"clusterName\":\"prod\",\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"okta\"}}";
    static const char *const bad[] = {"--time garbage", "--time ' 5'", "--time 0x10", "--presign 900",
                                      "--presign abc"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char args[160];
        snprintf(args, sizeof args, "encode --region us-west-2 --unsigned %s", bad[i]);
        run_result r = run_cli(args, p, strlen(p));
        ck_assert_msg(r.exit_code == 2 && !*r.out && (strstr(r.err, "--time") || strstr(r.err, "--presign")),
                      "%s: exit %d: %s%s", args, r.exit_code, r.out, r.err);
        free_result(&r);
    }
    run_result r = run_cli("encode --region us-west-2 --unsigned --time 20261128T010203Z", p, strlen(p));
    ck_assert_msg(r.exit_code == 0 && !strstr(r.out, "Authorization"), "exit %d: %s", r.exit_code, r.err);
    free_result(&r);
}
END_TEST

/* JSON output is JSON whatever bytes the input held (DESIGN §3 output formats): a header byte
 * that is no UTF-8 character becomes \u00XX, as validate writes it; a body that is not UTF-8
 * goes as bodyBase64 (the capture format's rule, DESIGN §3). RFC 8259 §8.1: JSON text
 * exchanged between systems is UTF-8. */
static bool no_byte_above_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return false;
    return true;
}

START_TEST(json_output_stays_json_for_any_bytes)
{
    const char resp[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                        "x-amzn-RequestId: ab\xff\xfe\x85" "cd\xc3\xa9\r\nContent-Length: 2\r\n\r\n{}";
    run_result r = run_cli("decode --format json", resp, sizeof resp - 1);
    ck_assert_msg(r.exit_code == 0, "exit %d: %s", r.exit_code, r.err);
    /* each bad byte escaped alone; the valid two-byte e-acute kept as it is */
    ck_assert_msg(strstr(r.out, "\"RequestId\":\"ab\\u00ff\\u00fe\\u0085cd\xc3\xa9\"") != NULL, "%s", r.out);
    json_object *o = json_tokener_parse(r.out);
    ck_assert_ptr_nonnull(o);
    json_object_put(o);
    free_result(&r);
    const char req[] = "POST /clusters HTTP/1.1\r\nHost: eks.us-west-2.amazonaws.com\r\n"
                       "Content-Length: 4\r\n\r\n\x1f\x8b\xff\x00";
    use_example_credentials();
    r = run_cli("sign --region us-west-2 --time 20261128T010203Z --format json", req, sizeof req - 1);
    ck_assert_msg(r.exit_code == 0, "exit %d: %s", r.exit_code, r.err);
    ck_assert_msg(no_byte_above_ascii(r.out), "%s", r.out);
    o = json_tokener_parse(r.out);
    ck_assert_ptr_nonnull(o);
    ck_assert_str_eq(json_object_get_string(get(o, "bodyBase64")), "H4v/AA=="); /* RFC 4648 §4 */
    ck_assert(!json_object_object_get_ex(o, "body", NULL));
    json_object_put(o);
    free_result(&r);
    unsetenv("AWS_ACCESS_KEY_ID");
    unsetenv("AWS_SECRET_ACCESS_KEY");
}
END_TEST

/* Output that cannot be written is no success: exit 2, as for unreadable input (README
 * deviations; DESIGN §3 names only usage errors and unreadable input), for every command:
 * stdout on /dev/full (ENOSPC on every write). */
START_TEST(unwritable_output_is_exit_2)
{
    if (access("/dev/full", W_OK) != 0) {
        ts_skip("unwritable output", "no /dev/full on this system");
        return;
    }
    char *resp = sample("response_typical.http");
    char *cap = sample("capture_mixed.jsonl");
    const char *cmds[][2] = {{"decode", resp}, {"decode --format json", resp}, {"validate", cap},
                             {"operations", ""}, {"--version", ""}};
    char *err_path = ts_temp_template("ekscodec-cli-err");
    int fd = mkstemp(err_path);
    ck_assert(fd >= 0);
    close(fd);
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        char file[1100] = "";
        if (cmds[i][1][0])
            snprintf(file, sizeof file, "'%s'", cmds[i][1]);
        char cmd[4096];
        snprintf(cmd, sizeof cmd, "'%s' %s %s >/dev/full 2>'%s'", cli_path, cmds[i][0], file, err_path);
        int st = system(cmd);
        char *err = ts_read_file(err_path, NULL);
        ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 2 && err && strstr(err, "cannot write the output"),
                      "%s: status %d: %s", cmd, st, err ? err : "");
        free(err);
    }
    unlink(err_path);
    free(err_path);
    free(resp);
    free(cap);
}
END_TEST

/* decode --format text shows what a response says (request id, error type and message, the
 * diagnostics that quote them) for a terminal: a C1 control (U+009B: CSI), an escaped ESC in
 * the JSON message, a right-to-left override (U+202E, escaped) and a line separator (U+2028,
 * raw) in it, and a byte that is no UTF-8 become '?'; nothing raw reaches the terminal. */
START_TEST(decode_text_output_shows_no_control_characters)
{
    const char resp[] = "HTTP/1.1 400 Bad\r\nx-amzn-ErrorType: Bad\xc2\x9bThing\r\nx-amzn-RequestId: r\xff\r\n"
                        "Content-Length: 36\r\n\r\n{\"message\":\"m\\u001b[31m\\u202eok\xe2\x80\xa8\"}";
    run_result r = run_cli("decode --format text", resp, sizeof resp - 1);
    ck_assert_msg(r.exit_code == 0, "exit %d: %s", r.exit_code, r.err);
    ck_assert_msg(!strchr(r.out, '\033') && !strstr(r.out, "\xc2\x9b") && !strchr(r.out, '\xff') &&
                      !strstr(r.out, "\xe2\x80\xae") && !strstr(r.out, "\xe2\x80\xa8"),
                  "%s", r.out);
    ck_assert_msg(strstr(r.out, "request-id r?\n") && strstr(r.out, "error  Bad?Thing (unmodeled)\n") &&
                      strstr(r.out, "message  m?[31m?ok?\n") && strstr(r.out, "error type \"Bad?Thing\""),
                  "%s", r.out);
    free_result(&r);
}
END_TEST

/* `ekscodec --version` and `-V` print the CMake project version (ctest passes it in). */
START_TEST(version_flags_print_the_project_version)
{
    const char *version = getenv("EKSCODEC_PROJECT_VERSION");
    ck_assert_msg(version != NULL, "EKSCODEC_PROJECT_VERSION is not set (tests/CMakeLists.txt sets it)");
    char want[64];
    snprintf(want, sizeof want, "ekscodec %s\n", version);
    static const char *flags[] = {"--version", "-V"};
    for (int i = 0; i < 2; i++) {
        run_result r = run_cli(flags[i], NULL, 0);
        ck_assert_msg(r.exit_code == 0, "%s: exit %d", flags[i], r.exit_code);
        ck_assert_str_eq(r.out, want);
        ck_assert_str_eq(r.err, "");
        free_result(&r);
    }
    run_result r = run_cli("--help", NULL, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "--version"));
    ck_assert_ptr_nonnull(strstr(r.out, "any operation")); /* encode is not one operation's */
    free_result(&r);
}
END_TEST

/* Error code as botocore parses it (corpus/error/n_every_type_empty_once_cut's oracle, and
 * botocore's RestJSONParser for a body without any type): a type given but empty, or empty
 * once cut, is "", no type at all is the HTTP status. */
START_TEST(decode_error_code_like_botocore)
{
    const char *body = "{\"code\":\"ns#\",\"__type\":\":y\",\"message\":\"m\"}";
    run_result r = run_cli("decode --operation DescribeCluster --status 400 --header 'x-amzn-ErrorType: :X'", body,
                           strlen(body));
    ck_assert_int_eq(r.exit_code, 1);
    ck_assert_msg(strstr(r.out, "\"Error\":{\"Code\":\"\",\"Message\":\"m\"}"), "%s", r.out);
    free_result(&r);
    /* an empty code, or an empty header, is given too: botocore reports "" */
    const char *empty = "{\"code\":\"\",\"message\":\"m\"}";
    r = run_cli("decode --operation DescribeCluster --status 400", empty, strlen(empty));
    ck_assert_int_eq(r.exit_code, 1);
    ck_assert_msg(strstr(r.out, "\"Error\":{\"Code\":\"\",\"Message\":\"m\"}"), "%s", r.out);
    free_result(&r);
    const char *none = "{\"message\":\"m\"}";
    r = run_cli("decode --operation DescribeCluster --status 400 --header 'x-amzn-ErrorType:'", none, strlen(none));
    ck_assert_int_eq(r.exit_code, 1);
    ck_assert_msg(strstr(r.out, "\"Error\":{\"Code\":\"\",\"Message\":\"m\"}"), "%s", r.out);
    free_result(&r);
    r = run_cli("decode --operation DescribeCluster --status 400", none, strlen(none));
    ck_assert_int_eq(r.exit_code, 1);
    ck_assert_msg(strstr(r.out, "\"Error\":{\"Code\":\"400\",\"Message\":\"m\"}"), "%s", r.out);
    free_result(&r);
}
END_TEST

/* `ekscodec encode --operation X --unsigned --format json` for every operation of the
 * per-operation corpus (the y_encode_full case of each, whose parameters carry every
 * member): method, path and body as botocore sent them (expected.request, from
 * tools/oracle/gen_ops_corpus.py), the query in the path as sent. (`decode --operation X`
 * prints eks_op_response_to_json(), which tests/test_ops_corpus.c compares with botocore's
 * parse for every response case.) */
START_TEST(every_operation_through_the_cli)
{
    char *root = ts_path(ts_source_dir(), "corpus/ops");
    size_t n = eks_operation_count();
    ck_assert_uint_eq(n, 65);
    for (size_t i = 0; i < n; i++) {
        const char *name = eks_operation_name(eks_operation_at(i));
        char rel[512];
        snprintf(rel, sizeof rel, "%s/%s/y_encode_full.json", root, name);
        json_object *c = json_object_from_file(rel);
        ck_assert_msg(c != NULL, "cannot read %s", rel);
        json_object *in = get(c, "input"), *want = get(get(c, "expected"), "request");
        const char *params = json_object_to_json_string_ext(get(in, "params"), JSON_C_TO_STRING_PLAIN);
        char args[256];
        /* alternate the three spellings of the name */
        const eks_operation *op = eks_operation_at(i);
        const char *spelled = i % 3 == 0 ? name : i % 3 == 1 ? eks_operation_snake_name(op) : eks_operation_cli_name(op);
        snprintf(args, sizeof args, "encode --operation %s --region us-west-2 --unsigned --format json", spelled);
        run_result r = run_cli(args, params, strlen(params));
        ck_assert_msg(r.exit_code == 0, "%s: exit %d: %s", name, r.exit_code, r.err);
        json_object *got = json_tokener_parse(r.out);
        ck_assert_msg(got != NULL, "%s: not JSON: %s", name, r.out);
        ck_assert_str_eq(json_object_get_string(get(got, "method")), json_object_get_string(get(want, "method")));
        const char *path = json_object_get_string(get(got, "path"));
        const char *wpath = json_object_get_string(get(want, "path"));
        ck_assert_msg(strncmp(path, wpath, strlen(wpath)) == 0 && (path[strlen(wpath)] == '\0' || path[strlen(wpath)] == '?'),
                      "%s: path %s, want %s", name, path, wpath);
        bool want_query = json_object_array_length(get(want, "query")) > 0;
        ck_assert_msg(want_query == (strchr(path, '?') != NULL), "%s: query in %s", name, path);
        json_object *wb = get(want, "body");
        const char *body = json_object_get_string(get(got, "body"));
        if (json_object_get_type(wb) == json_type_null) {
            ck_assert_msg(body[0] == '\0', "%s: body %s, want none", name, body);
        } else {
            json_object *gb = json_tokener_parse(body);
            /* a generated token differs from the corpus's masked one; compare the rest */
            json_object *wcopy = NULL;
            ck_assert_int_eq(json_object_deep_copy(wb, &wcopy, NULL), 0);
            if (json_object_object_get_ex(wcopy, "clientRequestToken", NULL) &&
                json_object_get_boolean(get(want, "tokenGenerated"))) {
                json_object_object_del(wcopy, "clientRequestToken");
                json_object_object_del(gb, "clientRequestToken");
            }
            ck_assert_msg(json_object_equal(gb, wcopy), "%s: body %s, want %s", name, body,
                          json_object_to_json_string(wcopy));
            json_object_put(gb);
            json_object_put(wcopy);
        }
        json_object_put(got);
        free_result(&r);
        json_object_put(c);
    }
    free(root);
}
END_TEST

int main(void)
{
    const char *build = getenv("EKSCODEC_BUILD_DIR");
    snprintf(cli_path, sizeof cli_path, "%s/tools/ekscodec", build ? build : ".");
    if (access(cli_path, X_OK) != 0) {
        fprintf(stderr, "test_cli: %s is not built\n", cli_path);
        return EXIT_FAILURE;
    }
    unsetenv("AWS_REGION");
    unsetenv("AWS_ACCESS_KEY_ID");
    unsetenv("AWS_SECRET_ACCESS_KEY");
    unsetenv("AWS_SESSION_TOKEN");
    unsetenv("AWS_DEFAULT_REGION");
    Suite *s = suite_create("cli");
    TCase *tc = tcase_create("cli");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, decode_typical_response_matches_botocore);
    tcase_add_test(tc, serve_start_up_refusals_exit_2);
    tcase_add_test(tc, decode_error_response_matches_botocore);
    tcase_add_test(tc, unknown_status_warns_and_strict_fails);
    tcase_add_test(tc, invalid_json_names_the_byte_offset);
    tcase_add_test(tc, status_and_header_flags_make_an_error_response);
    tcase_add_test(tc, html_502_keeps_status_and_explains);
    tcase_add_test(tc, encode_unsigned_json_output);
    tcase_add_test(tc, encode_rejects_traversal_labels);
    tcase_add_test(tc, usage_errors_exit_2);
    tcase_add_test(tc, sign_matches_official_vectors);
    tcase_add_test(tc, encode_signs_by_default_without_leaking_secrets);
    tcase_add_test(tc, access_key_id_only_in_the_signed_request);
    tcase_add_test(tc, resigning_drops_the_old_signature_headers);
    tcase_add_test(tc, sign_keeps_chunked_framing);
    tcase_add_test(tc, decode_error_code_like_botocore);
    tcase_add_test(tc, sign_refuses_bytes_after_the_request);
    tcase_add_test(tc, signing_without_credentials_says_what_to_do);
    tcase_add_test(tc, decode_refuses_bytes_after_the_response);
    tcase_add_test(tc, encode_json_url_keeps_the_endpoint_scheme);
    tcase_add_test(tc, encode_unsigned_still_checks_time_and_presign);
    tcase_add_test(tc, json_output_stays_json_for_any_bytes);
    tcase_add_test(tc, unwritable_output_is_exit_2);
    tcase_add_test(tc, sign_encode_decode_review);
    tcase_add_test(tc, decode_text_output_shows_no_control_characters);
    tcase_add_test(tc, sign_and_decode_numbers_are_plain_decimals);
    tcase_add_test(tc, version_flags_print_the_project_version);
    tcase_add_test(tc, every_operation_through_the_cli);
    tcase_add_test(tc, decode_refuses_to_print_a_key_it_cannot_show);
    suite_add_tcase(s, tc);
    return ts_run_suite(s);
}
