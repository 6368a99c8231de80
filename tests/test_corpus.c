/*
 * Golden corpus runner: every case folder under corpus/request, corpus/response and
 * corpus/error goes through the library API and must produce the committed expected.json
 * (format: corpus/README.md). The expectations come from botocore, the AWS SDK for
 * JavaScript and the specifications, through tools/oracle/gen_corpus.py — never from
 * ekscodec.
 *
 * The verdict prefix of a case name is checked against the outcome too:
 *   y_ -> EKS_OK and no diagnostics; i_ -> EKS_OK and >= 1 warning, no error;
 *   n_ -> a non-OK status or >= 1 error diagnostic.
 *
 * corpus/known_failures.txt lists cases where the library is known to disagree with a
 * well-founded expectation (reported to the codec owner). They are run and reported loudly
 * but do not fail the test; a listed case that passes fails the test (remove it from the list).
 *
 * `test_corpus --differential` reruns the oracles (gen_corpus.py into a temporary directory)
 * and compares every generated file with the committed one; when botocore, node or the
 * installed JS SDK is missing it skips (ts_skip: exit 77, ctest SKIP), or fails with CI=true.
 */
#include "ekscodec/codec.h"
#include "json_compare.h"
#include "test_support.h"

#include <dirent.h>
#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- small utilities -------------------------------------------------------------------- */

typedef struct strlist {
    char **items;
    size_t count, cap;
} strlist;

static void sl_add(strlist *l, const char *s)
{
    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->items = realloc(l->items, l->cap * sizeof *l->items);
        ck_assert_ptr_nonnull(l->items);
    }
    l->items[l->count++] = strdup(s);
}

static void sl_free(strlist *l)
{
    for (size_t i = 0; i < l->count; i++)
        free(l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}

static bool sl_has(const strlist *l, const char *s)
{
    for (size_t i = 0; i < l->count; i++)
        if (strcmp(l->items[i], s) == 0)
            return true;
    return false;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Subdirectories of dir, sorted. */
static void list_dir(const char *dir, strlist *out)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            sl_add(out, e->d_name);
    closedir(d);
    if (out->count)
        qsort(out->items, out->count, sizeof *out->items, cmp_str);
}

/* Failure messages for one case. */
typedef struct report {
    char buf[8192];
    size_t len;
    int problems;
} report;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void problem(report *r, const char *fmt, ...)
{
    r->problems++;
    if (r->len + 8 >= sizeof r->buf)
        return;
    r->len += (size_t)snprintf(r->buf + r->len, sizeof r->buf - r->len, "    - ");
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(r->buf + r->len, sizeof r->buf - r->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        r->len += (size_t)n;
    if (r->len >= sizeof r->buf - 2)
        r->len = sizeof r->buf - 2;
    r->buf[r->len++] = '\n';
    r->buf[r->len] = '\0';
}

static char *read_case_file(const char *dir, const char *name, size_t *len)
{
    char *p = ts_path(dir, name);
    char *data = ts_read_file(p, len);
    free(p);
    return data;
}

static json_object *str_or_null(eks_str s)
{
    return s.ptr ? json_object_new_string_len(s.ptr, (int)s.len) : NULL;
}

static const char *short_json(json_object *o)
{
    return o ? json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE) : "null";
}

static json_object *get(json_object *o, const char *key)
{
    json_object *v = NULL;
    return o && json_object_object_get_ex(o, key, &v) ? v : NULL;
}

static const char *status_name(eks_status st)
{
    switch (st) {
    case EKS_OK: return "ok";
    case EKS_ERR_INVALID_ARGUMENT: return "invalid_argument";
    case EKS_ERR_MALFORMED_INPUT: return "malformed_input";
    case EKS_ERR_VALIDATION_FAILED: return "validation_failed";
    case EKS_ERR_LIMIT_EXCEEDED: return "limit_exceeded";
    case EKS_ERR_OUT_OF_MEMORY: return "out_of_memory";
    default: return "other";
    }
}

/* ---- actual value as botocore-shaped JSON (built from the typed structs) ------------------ */

static void put_str(json_object *o, const char *k, eks_str s)
{
    if (s.ptr)
        json_object_object_add(o, k, json_object_new_string_len(s.ptr, (int)s.len));
}

static json_object *update_json(const eks_update *u)
{
    json_object *o = json_object_new_object();
    put_str(o, "id", u->id);
    put_str(o, "status", u->status.raw);
    put_str(o, "type", u->type.raw);
    if (u->params.present) {
        json_object *a = json_object_new_array();
        for (size_t i = 0; i < u->params.count; i++) {
            json_object *p = json_object_new_object();
            put_str(p, "type", u->params.items[i].type.raw);
            put_str(p, "value", u->params.items[i].value);
            json_object_array_add(a, p);
        }
        json_object_object_add(o, "params", a);
    }
    if (u->created_at.present)
        json_object_object_add(o, "createdAt", json_object_new_double(u->created_at.epoch_seconds));
    if (u->errors.present) {
        json_object *a = json_object_new_array();
        for (size_t i = 0; i < u->errors.count; i++) {
            const eks_error_detail *e = &u->errors.items[i];
            json_object *d = json_object_new_object();
            put_str(d, "errorCode", e->error_code.raw);
            put_str(d, "errorMessage", e->error_message);
            if (e->resource_ids.present) {
                json_object *r = json_object_new_array();
                for (size_t j = 0; j < e->resource_ids.count; j++)
                    json_object_array_add(r, str_or_null(e->resource_ids.items[j]));
                json_object_object_add(d, "resourceIds", r);
            }
            json_object_array_add(a, d);
        }
        json_object_object_add(o, "errors", a);
    }
    if (u->cancellation.present) {
        json_object *c = json_object_new_object();
        put_str(c, "status", u->cancellation.status.raw);
        put_str(c, "reason", u->cancellation.reason);
        json_object_object_add(o, "cancellation", c);
    }
    return o;
}

/* ---- diagnostics ------------------------------------------------------------------------- */

static void check_diags(report *r, const eks_diags *actual, json_object *expected)
{
    size_t n = expected ? json_object_array_length(expected) : 0;
    bool *used = calloc(actual->count + 1, 1);
    ck_assert_ptr_nonnull(used);
    for (size_t i = 0; i < n; i++) {
        json_object *e = json_object_array_get_idx(expected, i);
        const char *sev = json_object_get_string(get(e, "severity"));
        const char *code = json_object_get_string(get(e, "code"));
        const char *path = json_object_get_string(get(e, "path"));
        json_object *off = get(e, "offset");
        bool found = false;
        for (size_t k = 0; k < actual->count && !found; k++) {
            const eks_diag *d = &actual->items[k];
            if (used[k] || strcmp(eks_severity_name(d->severity), sev) || strcmp(eks_diag_code_name(d->code), code) ||
                strcmp(d->path, path))
                continue;
            if (off && (uint64_t)json_object_get_int64(off) != (uint64_t)d->offset) {
                problem(r, "diagnostic %s %s at \"%s\": offset %zu, expected %lld", sev, code, path, d->offset,
                     (long long)json_object_get_int64(off));
            }
            used[k] = found = true;
        }
        if (!found)
            problem(r, "missing diagnostic: %s %s at \"%s\"", sev, code, path);
    }
    for (size_t k = 0; k < actual->count; k++)
        if (!used[k])
            problem(r, "unexpected diagnostic: %s %s at \"%s\" (%s)", eks_severity_name(actual->items[k].severity),
                 eks_diag_code_name(actual->items[k].code), actual->items[k].path, actual->items[k].message);
    free(used);
}

static void check_status(report *r, eks_status st, json_object *exp)
{
    const char *want = json_object_get_string(get(exp, "status"));
    if (strcmp(status_name(st), want) != 0)
        problem(r, "status %s, expected %s", status_name(st), want);
}

static void check_verdict(report *r, const char *name, eks_status st, size_t errors, size_t warnings)
{
    bool ok = st == EKS_OK && errors == 0;
    switch (name[0]) {
    case 'y':
        if (!ok || warnings)
            problem(r, "y_ case must be accepted without diagnostics: status %s, %zu errors, %zu warnings",
                 status_name(st), errors, warnings);
        break;
    case 'i':
        if (!ok || !warnings)
            problem(r, "i_ case must be accepted with >= 1 warning: status %s, %zu errors, %zu warnings",
                 status_name(st), errors, warnings);
        break;
    case 'n':
        if (ok)
            problem(r, "n_ case must be rejected: status ok with no error diagnostic");
        break;
    default:
        problem(r, "case name has no y_/i_/n_ verdict prefix");
    }
}

static void check_value(report *r, const char *what, json_object *actual, json_object *expected)
{
    if (!ts_json_equal(actual, expected)) {
        char a[1200];
        snprintf(a, sizeof a, "%s", short_json(actual));
        problem(r, "%s differs:\n        got      %.1000s\n        expected %.1000s", what, a, short_json(expected));
    }
}

/* ---- the three kinds of case ------------------------------------------------------------- */

static eks_status fixed_random(void *ctx, unsigned char *buf, size_t len)
{
    (void)ctx;
    /* Same bytes as gen_corpus.py's fixed_uuid4(). */
    for (size_t i = 0; i < len; i++)
        buf[i] = (unsigned char)((0xA5 + 7 * i) & 0xFF);
    return EKS_OK;
}

static bool option_strict(const char *dir)
{
    size_t len;
    char *o = read_case_file(dir, "options.json", &len);
    if (!o)
        return false;
    json_object *j = json_tokener_parse(o);
    bool strict = json_object_get_boolean(get(j, "strict"));
    json_object_put(j);
    free(o);
    return strict;
}

static void run_encode(report *r, const char *dir, const char *name, json_object *exp)
{
    size_t plen = 0, olen = 0;
    char *params = read_case_file(dir, "params.json", &plen);
    char *opts = read_case_file(dir, "options.json", &olen);
    ck_assert_msg(params && opts, "%s: params.json/options.json missing", name);
    json_object *oj = json_tokener_parse(opts);
    const char *region = json_object_get_string(get(oj, "region"));
    eks_decode_options dopt = {.strict = json_object_get_boolean(get(oj, "strict"))};

    eks_decoded_request p = {0};
    eks_encoded_request enc = {0};
    eks_diags d;
    eks_diags_init(&d);
    eks_status st = eks_disassociate_idp_request_from_params(params, plen, &dopt, &p);
    eks_diags all;
    eks_diags_init(&all);
    for (size_t i = 0; i < p.diags.count; i++)
        eks_diags_add(&all, p.diags.items[i].severity, p.diags.items[i].code, p.diags.items[i].path,
                      p.diags.items[i].offset, "%s", p.diags.items[i].message);
    if (st == EKS_OK) {
        eks_endpoint ep;
        eks_endpoint_params epp = {.region = eks_str_from_cstr(region)};
        ck_assert_int_eq(eks_endpoint_resolve(&epp, &ep, NULL, 0), EKS_OK);
        eks_request_options ro = {.endpoint = &ep, .random = {fixed_random, NULL}, .strict = dopt.strict};
        st = eks_disassociate_idp_request_encode(&p.value, &ro, &enc, &d);
        for (size_t i = 0; i < d.count; i++)
            eks_diags_add(&all, d.items[i].severity, d.items[i].code, d.items[i].path, d.items[i].offset, "%s",
                          d.items[i].message);
    }
    check_status(r, st, exp);
    check_diags(r, &all, get(exp, "diagnostics"));
    check_verdict(r, name, st, all.errors, all.warnings);
    json_object *want = get(exp, "request");
    if (st == EKS_OK && want) {
        json_object *got = json_object_new_object();
        json_object_object_add(got, "method", str_or_null(enc.http.method));
        json_object_object_add(got, "path", str_or_null(enc.http.path));
        json_object_object_add(got, "url", str_or_null(enc.url));
        json_object_object_add(got, "host", str_or_null(enc.host));
        const eks_header *ct = eks_http_find_header(enc.http.headers, enc.http.header_count, "content-type");
        json_object_object_add(got, "contentType", ct ? str_or_null(ct->value) : NULL);
        json_object_object_add(got, "tokenGenerated", json_object_new_boolean(enc.token_generated));
        json_object *body = json_tokener_parse(enc.http.body.ptr ? enc.http.body.ptr : "");
        if (!body || enc.http.body.len != strlen(enc.http.body.ptr))
            problem(r, "encoded body is not one JSON value: %.*s", (int)enc.http.body.len, enc.http.body.ptr);
        json_object_object_add(got, "body", body);
        check_value(r, "encoded request", got, want);
        /* The framing headers follow from the request itself. */
        const eks_header *h = eks_http_find_header(enc.http.headers, enc.http.header_count, "host");
        if (!h || !eks_str_eq(h->value, enc.host))
            problem(r, "Host header missing or different from the endpoint host");
        const eks_header *cl = eks_http_find_header(enc.http.headers, enc.http.header_count, "content-length");
        char want_len[32];
        snprintf(want_len, sizeof want_len, "%zu", enc.http.body.len);
        if (!cl || !eks_str_eq_cstr(cl->value, want_len))
            problem(r, "Content-Length missing or not %s", want_len);
        json_object_put(got);
    } else if (st == EKS_OK) {
        problem(r, "encoded although the expectation has no request");
    }
    eks_diags_free(&all);
    eks_diags_free(&d);
    eks_encoded_request_free(&enc);
    eks_decoded_request_free(&p);
    json_object_put(oj);
    free(params);
    free(opts);
}

/* Strips one trailing newline (the files end with one for readability). */
static eks_str line_file(char *data, size_t len)
{
    if (len && data[len - 1] == '\n')
        len--;
    return (eks_str){data, len};
}

static void run_decode_request(report *r, const char *dir, const char *name, json_object *exp)
{
    size_t ml, pl, bl;
    char *m = read_case_file(dir, "method", &ml), *p = read_case_file(dir, "path", &pl);
    char *b = read_case_file(dir, "body", &bl);
    ck_assert_msg(m && p && b, "%s: method/path/body missing", name);
    eks_http_request in = {.method = line_file(m, ml), .path = line_file(p, pl), .body = {b, bl}};
    eks_decode_options opt = {.strict = option_strict(dir)};
    eks_decoded_request out = {0};
    eks_status st = eks_disassociate_idp_request_decode(&in, &opt, &out);
    check_status(r, st, exp);
    check_diags(r, &out.diags, get(exp, "diagnostics"));
    check_verdict(r, name, st, out.diags.errors, out.diags.warnings);
    json_object *want = get(exp, "value");
    if (st == EKS_OK && want) {
        json_object *got = json_object_new_object();
        put_str(got, "clusterName", out.value.cluster_name);
        if (out.value.identity_provider_config.present) {
            json_object *i = json_object_new_object();
            put_str(i, "type", out.value.identity_provider_config.type);
            put_str(i, "name", out.value.identity_provider_config.name);
            json_object_object_add(got, "identityProviderConfig", i);
        }
        put_str(got, "clientRequestToken", out.value.client_request_token);
        check_value(r, "decoded request", got, want);
        json_object_put(got);
    }
    eks_decoded_request_free(&out);
    free(m);
    free(p);
    free(b);
}

#define MAX_HEADERS 32

static void run_decode_response(report *r, const char *dir, const char *name, json_object *exp)
{
    size_t sl, hl, bl;
    char *s = read_case_file(dir, "status", &sl), *h = read_case_file(dir, "headers", &hl);
    char *b = read_case_file(dir, "body", &bl);
    ck_assert_msg(s && h && b, "%s: status/headers/body missing", name);
    eks_header headers[MAX_HEADERS];
    size_t nh = 0;
    /* "Name: value" lines; the value is everything after ": " up to the newline. */
    for (char *line = h; *line && nh < MAX_HEADERS;) {
        char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        char *colon = memchr(line, ':', len);
        ck_assert_msg(colon != NULL, "%s: header line without ':'", name);
        size_t vstart = (size_t)(colon - line) + 1;
        if (vstart < len && line[vstart] == ' ')
            vstart++;
        headers[nh++] = (eks_header){{line, (size_t)(colon - line)}, {line + vstart, len - vstart}};
        line = nl ? nl + 1 : line + len;
    }
    eks_http_response in = {.status = atoi(s), .headers = headers, .header_count = nh, .body = {b, bl}};
    eks_decode_options opt = {.strict = option_strict(dir)};
    eks_decoded_response out = {0};
    eks_status st = eks_disassociate_idp_response_decode(&in, &opt, &out);
    check_status(r, st, exp);
    check_diags(r, &out.diags, get(exp, "diagnostics"));
    check_verdict(r, name, st, out.diags.errors, out.diags.warnings);
    json_object *rid = get(exp, "requestId");
    json_object *got_rid = str_or_null(out.request_id);
    check_value(r, "request id", got_rid, rid);
    json_object_put(got_rid);
    json_object *want_err = get(exp, "error");
    json_object *want_out = get(exp, "output");
    if (want_err) {
        if (!out.is_error)
            problem(r, "decoded as a success, expected an error response");
        json_object *got = json_object_new_object();
        json_object_object_add(got, "code", out.error.type.ptr && out.error.type.len ? str_or_null(out.error.type) : NULL);
        const char *kind = out.error.kind == EKS_ERROR_UNMODELED || out.error.kind == EKS_ERROR_NONE
                               ? NULL : eks_error_kind_name(out.error.kind);
        json_object_object_add(got, "kind", kind ? json_object_new_string(kind) : NULL);
        json_object_object_add(got, "message", str_or_null(out.error.message));
        eks_buf fb = {0};
        json_object *fields = NULL;
        if (eks_api_error_fields_to_json(&out.error, &fb) == EKS_OK && fb.ptr)
            fields = json_tokener_parse(fb.ptr);
        eks_buf_free(&fb);
        json_object_object_add(got, "fields", fields ? fields : json_object_new_object());
        check_value(r, "error", got, want_err);
        json_object_put(got);
    } else if (want_out) {
        if (out.is_error)
            problem(r, "decoded as an error, expected a success response");
        json_object *got = json_object_new_object();
        if (out.output.update.present)
            json_object_object_add(got, "update", update_json(&out.output.update));
        check_value(r, "output", got, want_out);
        json_object_put(got);
    }
    eks_decoded_response_free(&out);
    free(s);
    free(h);
    free(b);
}

/* ---- walking the corpus ------------------------------------------------------------------ */

static const char *const GROUPS[] = {"request", "response", "error"};

static void load_known_failures(strlist *kf)
{
    char *p = ts_path(ts_source_dir(), "corpus/known_failures.txt");
    size_t len;
    char *data = ts_read_file(p, &len);
    free(p);
    if (!data)
        return;
    for (char *line = strtok(data, "\n"); line; line = strtok(NULL, "\n")) {
        while (*line == ' ')
            line++;
        if (*line == '#' || *line == '\0')
            continue;
        char *end = line;
        while (*end && *end != ' ' && *end != '\t' && *end != '#')
            end++;
        *end = '\0';
        sl_add(kf, line);
    }
    free(data);
}

/* Runs one group; returns the number of cases; *failed counts unexpected failures. */
static size_t run_group(const char *group, const strlist *kf, size_t *failed, size_t *known, strlist *seen)
{
    char *gdir = ts_path(ts_source_dir(), "corpus");
    char *dir = ts_path(gdir, group);
    free(gdir);
    strlist cases = {0};
    list_dir(dir, &cases);
    for (size_t i = 0; i < cases.count; i++) {
        const char *name = cases.items[i];
        char *cdir = ts_path(dir, name);
        char id[512];
        snprintf(id, sizeof id, "%s/%s", group, name);
        sl_add(seen, id);
        size_t len;
        char *text = read_case_file(cdir, "expected.json", &len);
        report r = {.len = 0};
        r.buf[0] = '\0';
        json_object *doc = text ? json_tokener_parse(text) : NULL;
        if (!doc) {
            problem(&r, "expected.json missing or not JSON");
        } else {
            const char *op = json_object_get_string(get(doc, "op"));
            json_object *exp = get(doc, "expected");
            if (strcmp(op, "encode") == 0)
                run_encode(&r, cdir, name, exp);
            else if (strcmp(op, "decode_request") == 0)
                run_decode_request(&r, cdir, name, exp);
            else if (strcmp(op, "decode_response") == 0)
                run_decode_response(&r, cdir, name, exp);
            else
                problem(&r, "unknown op \"%s\"", op);
        }
        bool is_known = sl_has(kf, id);
        if (r.problems && is_known) {
            (*known)++;
            fprintf(stderr, "KNOWN FAILURE (corpus/known_failures.txt) %s:\n%s", id, r.buf);
        } else if (r.problems) {
            (*failed)++;
            fprintf(stderr, "FAIL %s:\n%s", id, r.buf);
        } else if (is_known) {
            (*failed)++;
            fprintf(stderr, "FAIL %s: listed in corpus/known_failures.txt but passes; remove it from the list\n", id);
        }
        json_object_put(doc);
        free(text);
        free(cdir);
    }
    size_t n = cases.count;
    sl_free(&cases);
    free(dir);
    return n;
}

START_TEST(corpus_cases)
{
    strlist kf = {0}, seen = {0};
    load_known_failures(&kf);
    size_t total = 0, failed = 0, known = 0;
    for (size_t g = 0; g < sizeof GROUPS / sizeof *GROUPS; g++) {
        size_t f0 = failed;
        size_t n = run_group(GROUPS[g], &kf, &failed, &known, &seen);
        fprintf(stderr, "corpus/%s: %zu cases, %zu failed\n", GROUPS[g], n, failed - f0);
        total += n;
    }
    for (size_t i = 0; i < kf.count; i++)
        if (!sl_has(&seen, kf.items[i])) {
            fprintf(stderr, "FAIL corpus/known_failures.txt names %s, which is not a case\n", kf.items[i]);
            failed++;
        }
    if (known)
        fprintf(stderr, "*** %zu KNOWN FAILURES (corpus/known_failures.txt): the library disagrees with these "
                        "expectations; they do not fail this test ***\n", known);
    fprintf(stderr, "corpus: %zu cases, %zu failed, %zu known failures\n", total, failed, known);
    ck_assert_msg(total >= 300, "only %zu corpus cases (is EKSCODEC_SOURCE_DIR right?)", total);
    ck_assert_msg(failed == 0, "%zu corpus cases failed (listed above)", failed);
    sl_free(&kf);
    sl_free(&seen);
}
END_TEST

/* ---- differential mode ------------------------------------------------------------------- */

static int sh(const char *cmd)
{
    int rc = system(cmd);
    return rc == -1 ? -1 : WEXITSTATUS(rc);
}

static bool same_file(const char *a, const char *b)
{
    size_t la, lb;
    char *da = ts_read_file(a, &la), *db = ts_read_file(b, &lb);
    bool same = da && db && la == lb && memcmp(da, db, la) == 0;
    free(da);
    free(db);
    return same;
}

/* Compares every file of every case folder under two corpus roots; returns the differences. */
static size_t diff_trees(const char *committed, const char *fresh)
{
    size_t diffs = 0;
    for (size_t g = 0; g < sizeof GROUPS / sizeof *GROUPS; g++) {
        char *ca = ts_path(committed, GROUPS[g]), *cb = ts_path(fresh, GROUPS[g]);
        strlist a = {0}, b = {0};
        list_dir(ca, &a);
        list_dir(cb, &b);
        for (size_t i = 0; i < b.count; i++)
            if (!sl_has(&a, b.items[i])) {
                fprintf(stderr, "DIFF %s/%s: generated but not committed\n", GROUPS[g], b.items[i]);
                diffs++;
            }
        for (size_t i = 0; i < a.count; i++) {
            if (!sl_has(&b, a.items[i])) {
                fprintf(stderr, "DIFF %s/%s: committed but no longer generated\n", GROUPS[g], a.items[i]);
                diffs++;
                continue;
            }
            char *da = ts_path(ca, a.items[i]), *db = ts_path(cb, a.items[i]);
            strlist fa = {0}, fb = {0};
            list_dir(da, &fa);
            list_dir(db, &fb);
            for (size_t k = 0; k < fb.count; k++)
                if (!sl_has(&fa, fb.items[k])) {
                    fprintf(stderr, "DIFF %s/%s/%s: new file\n", GROUPS[g], a.items[i], fb.items[k]);
                    diffs++;
                }
            for (size_t k = 0; k < fa.count; k++) {
                char *pa = ts_path(da, fa.items[k]), *pb = ts_path(db, fa.items[k]);
                if (!same_file(pa, pb)) {
                    fprintf(stderr, "DIFF %s/%s/%s: differs from a fresh oracle run (diff %s %s)\n", GROUPS[g],
                            a.items[i], fa.items[k], pa, pb);
                    diffs++;
                }
                free(pa);
                free(pb);
            }
            sl_free(&fa);
            sl_free(&fb);
            free(da);
            free(db);
        }
        sl_free(&a);
        sl_free(&b);
        free(ca);
        free(cb);
    }
    return diffs;
}

static const char *differential_missing(void)
{
    if (sh("python3 -c 'import botocore' >/dev/null 2>&1") != 0)
        return TS_NO_BOTOCORE;
    /* The committed cases were made with the official model, which the oracles prefer to
     * botocore's older bundled one (no Update.cancellation): without it they differ. */
    const char *shared = ts_shared_dir();
    char *model = shared ? ts_path(shared, "models/eks-2017-11-01/service-2.json") : NULL;
    bool have_model = model && access(model, R_OK) == 0;
    free(model);
    if (!have_model)
        return "$EKSCODEC_SHARED_DIR/models/eks-2017-11-01/service-2.json (the official model the corpus was "
               "generated with) not found: " TS_GET_SHARED;
    if (sh("node --version >/dev/null 2>&1") != 0)
        return "node is not installed: run scripts/setup.sh (Debian packages nodejs npm)";
    char *p = ts_path(ts_source_dir(), "tools/oracle/js/node_modules/@aws-sdk/client-eks/package.json");
    bool have = access(p, R_OK) == 0;
    free(p);
    if (!have)
        return "the JS SDK (@aws-sdk/client-eks) is not installed in tools/oracle/js/node_modules: run "
               "scripts/setup.sh, or npm ci --prefix tools/oracle/js";
    return NULL;
}

START_TEST(corpus_differential)
{
    const char *missing = differential_missing();
    if (missing) {
        ts_skip("corpus differential (the committed expectations were not rechecked against the oracles)",
                missing);
        return;
    }
    char *tmpl = ts_temp_template("ekscodec-corpus");
    ck_assert_ptr_nonnull(mkdtemp(tmpl));
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "cd '%s' && python3 tools/oracle/gen_corpus.py --out '%s'", ts_source_dir(), tmpl);
    int rc = sh(cmd);
    ck_assert_msg(rc == 0, "gen_corpus.py failed (exit %d)", rc);
    char *committed = ts_path(ts_source_dir(), "corpus");
    char *fresh = ts_path(tmpl, "corpus");
    size_t diffs = diff_trees(committed, fresh);
    char *ca = ts_path(ts_source_dir(), "docs/compatibility.md"), *cb = ts_path(tmpl, "docs/compatibility.md");
    if (!same_file(ca, cb)) {
        fprintf(stderr, "DIFF docs/compatibility.md differs from a fresh oracle run (diff %s %s)\n", ca, cb);
        diffs++;
    }
    if (diffs == 0) {
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpl);
        (void)sh(cmd);
        fprintf(stderr, "differential: botocore and the JS SDK reproduce every committed case\n");
    } else {
        fprintf(stderr, "differential: %zu differences; fresh output kept in %s\n", diffs, tmpl);
    }
    free(committed);
    free(fresh);
    free(ca);
    free(cb);
    free(tmpl);
    ck_assert_msg(diffs == 0, "%zu files differ from a fresh oracle run", diffs);
}
END_TEST

int main(int argc, char **argv)
{
    bool differential = argc > 1 && strcmp(argv[1], "--differential") == 0;
    Suite *s = suite_create("corpus");
    TCase *tc = tcase_create(differential ? "differential" : "cases");
    tcase_set_timeout(tc, 600);
    if (differential) {
        tcase_add_test(tc, corpus_differential);
    } else {
        tcase_add_test(tc, corpus_cases);
    }
    suite_add_tcase(s, tc);
    return ts_run_suite(s);
}
