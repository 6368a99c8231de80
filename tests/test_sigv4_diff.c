/*
 * Differential test against botocore's SigV4Auth.
 * Committed mode: corpus/sigv4/botocore_diff.jsonl (written by tools/oracle/sigv4_oracle.py)
 * must give identical Authorization headers. Live mode: when botocore is importable, the
 * oracle is rerun into a temporary file and compared the same way; otherwise a loud skip.
 */
#include "ekscodec/sigv4.h"
#include "test_support.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

TCase *sigv4_diff_tcase(void); /* registered by test_sigv4.c */

static eks_str jstr(json_object *o, const char *key)
{
    json_object *v;
    if (!json_object_object_get_ex(o, key, &v) || json_object_is_type(v, json_type_null))
        return EKS_STR_ABSENT;
    return (eks_str){json_object_get_string(v), (size_t)json_object_get_string_len(v)};
}

/* Returns the number of cases compared; aborts the test on the first difference. */
static int compare_file(const char *path, eks_sigv4_cache *cache)
{
    size_t len;
    char *text = ts_read_file(path, &len);
    ck_assert_msg(text != NULL, "cannot read %s", path);
    eks_sigv4_output out = {0};
    int n = 0;
    char *line = text, *end = text + len;
    while (line < end) {
        char *nl = memchr(line, '\n', (size_t)(end - line));
        size_t ll = nl ? (size_t)(nl - line) : (size_t)(end - line);
        if (ll == 0) {
            line = nl ? nl + 1 : end;
            continue;
        }
        json_tokener *tok = json_tokener_new();
        json_object *o = json_tokener_parse_ex(tok, line, (int)ll);
        ck_assert_msg(o != NULL, "%s: line %d is not JSON", path, n + 1);
        json_tokener_free(tok);
        json_object *hs = json_object_object_get(o, "headers");
        size_t nh = json_object_array_length(hs);
        ck_assert_uint_le(nh, 16);
        eks_header h[16];
        for (size_t i = 0; i < nh; i++) {
            json_object *pair = json_object_array_get_idx(hs, i);
            json_object *k = json_object_array_get_idx(pair, 0), *v = json_object_array_get_idx(pair, 1);
            h[i].name = (eks_str){json_object_get_string(k), (size_t)json_object_get_string_len(k)};
            h[i].value = (eks_str){json_object_get_string(v), (size_t)json_object_get_string_len(v)};
        }
        eks_http_request req = {jstr(o, "method"), jstr(o, "path"), jstr(o, "query"), h, nh, jstr(o, "body")};
        if (!req.body.ptr)
            req.body = EKS_STR_LIT("");
        eks_sigv4_config cfg;
        eks_sigv4_config_init_eks(&cfg, jstr(o, "region"), 0);
        cfg.service = jstr(o, "service");
        cfg.amz_date = jstr(o, "amz_date");
        eks_sigv4_credentials cr = {jstr(o, "access_key_id"), jstr(o, "secret_access_key"), jstr(o, "session_token")};
        eks_str name = jstr(o, "name");
        eks_status st = eks_sigv4_sign(cache, &cfg, &cr, &req, &out);
        ck_assert_msg(st == EKS_OK, "%.*s: sign: %s", (int)name.len, name.ptr, eks_strerror(st));
        eks_str want = jstr(o, "authorization");
        ck_assert_msg(want.len == out.authorization.len && memcmp(want.ptr, out.authorization.ptr, want.len) == 0,
                      "%.*s: Authorization differs from botocore\n  botocore: %.*s\n  ekscodec: %s\n  canonical request:\n%s",
                      (int)name.len, name.ptr, (int)want.len, want.ptr, out.authorization.ptr,
                      out.canonical_request.ptr);
        /* and the signed request verifies */
        eks_header sh[24];
        memcpy(sh, h, nh * sizeof h[0]);
        for (size_t i = 0; i < out.header_count; i++)
            sh[nh + i] = out.headers[i];
        eks_http_request sreq = req;
        sreq.headers = sh;
        sreq.header_count = nh + out.header_count;
        ck_assert_int_eq(eks_sigv4_verify(cache, &cfg, &cr, &sreq, NULL, NULL), EKS_OK);
        json_object_put(o);
        n++;
        line = nl ? nl + 1 : end;
    }
    eks_sigv4_output_free(&out);
    free(text);
    return n;
}

START_TEST(botocore_committed_corpus)
{
    char *path = ts_path(ts_source_dir(), "corpus/sigv4/botocore_diff.jsonl");
    eks_sigv4_cache *cache = NULL;
    ck_assert_int_eq(eks_sigv4_cache_new(4, &cache), EKS_OK);
    int n = compare_file(path, cache);
    ck_assert_int_ge(n, 200);
    fprintf(stderr, "sigv4: botocore differential (committed): %d/%d Authorization headers identical\n", n, n);
    eks_sigv4_cache_free(cache);
    free(path);
}
END_TEST

START_TEST(botocore_live)
{
    if (system("python3 -c 'import botocore' >/dev/null 2>&1") != 0) {
        ts_skip("sigv4 live botocore differential", TS_NO_BOTOCORE);
        return;
    }
    char *tmpl = ts_temp_template("ekscodec-sigv4-oracle");
    int fd = mkstemp(tmpl);
    ck_assert_int_ge(fd, 0);
    close(fd);
    char *script = ts_path(ts_source_dir(), "tools/oracle/sigv4_oracle.py");
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "python3 '%s' --out '%s'", script, tmpl);
    int rc = system(cmd);
    if (rc != 0) {
        unlink(tmpl);
        free(tmpl);
        free(script);
        ck_abort_msg("oracle failed: %s (status %d)", cmd, rc);
    }
    int n = compare_file(tmpl, NULL);
    fprintf(stderr, "sigv4: botocore differential (live rerun): %d/%d Authorization headers identical\n", n, n);
    ck_assert_int_ge(n, 200);
    unlink(tmpl);
    free(tmpl);
    free(script);
}
END_TEST

TCase *sigv4_diff_tcase(void)
{
    TCase *t = tcase_create("botocore_diff");
    tcase_add_test(t, botocore_committed_corpus);
    tcase_add_test(t, botocore_live);
    return t;
}
