/*
 * SigV4 tests. Expected values come from the official suites in
 * $EKSCODEC_SHARED_DIR/vectors/sigv4 (aws-c-auth-v4, botocore-aws4), from botocore run as an
 * oracle (corpus/sigv4/botocore_diff.jsonl, see test_sigv4_diff.c), or from the SigV4 rules
 * written out literally in the assertions below.
 */
#include "ekscodec/sigv4.h"
#include "test_support.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <ctype.h>
#include <dirent.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#define TV_MAX_HEADERS 32

/* A request parsed from the suite's text format; views point into `text` (owned). */
typedef struct tv_request {
    char *text;
    eks_header headers[TV_MAX_HEADERS];
    eks_http_request req;
} tv_request;

TCase *sigv4_diff_tcase(void); /* test_sigv4_diff.c */

#define AKID "AKIDEXAMPLE"
#define SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define EMPTY_SHA "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

/* ---------- helpers ---------- */

/* Parses the suite's request format: request line split on the LAST space (paths may hold
 * spaces), folded header lines kept raw, body after the first blank line. */

static char *tv_read(const char *dir, const char *name, size_t *len)
{
    char *p = ts_path(dir, name);
    char *s = ts_read_file(p, len);
    free(p);
    return s;
}

static int tv_parse_request(const char *text, size_t len, tv_request *out)
{
    memset(out, 0, sizeof *out);
    out->text = malloc(len + 1);
    if (!out->text)
        return -1;
    memcpy(out->text, text, len);
    out->text[len] = '\0';
    char *s = out->text, *end = s + len;
    char *nl = memchr(s, '\n', (size_t)(end - s));
    char *line_end = nl ? nl : end;
    char *sp1 = memchr(s, ' ', (size_t)(line_end - s));
    char *sp2 = line_end;
    while (sp2 > s && sp2[-1] != ' ')
        sp2--;
    if (!sp1 || sp2 <= sp1 + 1)
        return -1;
    sp2--; /* the last space */
    out->req.method = (eks_str){s, (size_t)(sp1 - s)};
    char *target = sp1 + 1;
    char *q = memchr(target, '?', (size_t)(sp2 - target));
    out->req.path = (eks_str){target, (size_t)((q ? q : sp2) - target)};
    out->req.query = q ? (eks_str){q + 1, (size_t)(sp2 - q - 1)} : EKS_STR_ABSENT;
    size_t n = 0;
    s = nl ? nl + 1 : end;
    while (s < end) {
        nl = memchr(s, '\n', (size_t)(end - s));
        line_end = nl ? nl : end;
        if (line_end == s) { /* blank line: body follows */
            s = nl ? nl + 1 : end;
            out->req.body = (eks_str){s, (size_t)(end - s)};
            break;
        }
        if ((*s == ' ' || *s == '\t') && n > 0) { /* folded continuation */
            eks_header *h = &out->headers[n - 1];
            h->value.len = (size_t)(line_end - h->value.ptr);
        } else {
            char *colon = memchr(s, ':', (size_t)(line_end - s));
            if (!colon || n == TV_MAX_HEADERS)
                return -1;
            out->headers[n].name = (eks_str){s, (size_t)(colon - s)};
            out->headers[n].value = (eks_str){colon + 1, (size_t)(line_end - colon - 1)};
            n++;
        }
        s = nl ? nl + 1 : end;
    }
    if (!out->req.body.ptr)
        out->req.body = (eks_str){"", 0};
    out->req.headers = out->headers;
    out->req.header_count = n;
    return 0;
}

static void tv_request_free(tv_request *r)
{
    free(r->text);
    r->text = NULL;
}

static eks_str S(const char *s)
{
    return eks_str_from_cstr(s);
}

static void assert_buf_eq(const eks_buf *b, const char *expected, const char *what, const char *name)
{
    const char *got = b->ptr ? b->ptr : "";
    if (b->len != strlen(expected) || memcmp(got, expected, b->len) != 0)
        ck_abort_msg("%s: %s differs\n--- expected\n%s\n--- got\n%.*s", name, what, expected, (int)b->len, got);
}

static char *trim_nl(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* ---------- aws-c-auth-v4 suite ---------- */

typedef struct ctx_case {
    char akid[64], secret[128], token[1024], region[64], service[64], amz_date[17];
    int normalize, sign_body, omit_token;
    int expires;
} ctx_case;

static int load_context(const char *dir, ctx_case *c)
{
    size_t len;
    char *txt = tv_read(dir, "context.json", &len);
    if (!txt)
        return -1;
    json_object *o = json_tokener_parse(txt), *v, *cr;
    free(txt);
    if (!o)
        return -1;
    memset(c, 0, sizeof *c);
    json_object_object_get_ex(o, "credentials", &cr);
    snprintf(c->akid, sizeof c->akid, "%s", json_object_get_string(json_object_object_get(cr, "access_key_id")));
    snprintf(c->secret, sizeof c->secret, "%s", json_object_get_string(json_object_object_get(cr, "secret_access_key")));
    if (json_object_object_get_ex(cr, "token", &v))
        snprintf(c->token, sizeof c->token, "%s", json_object_get_string(v));
    snprintf(c->region, sizeof c->region, "%s", json_object_get_string(json_object_object_get(o, "region")));
    snprintf(c->service, sizeof c->service, "%s", json_object_get_string(json_object_object_get(o, "service")));
    /* "2015-08-30T12:36:00Z" -> "20150830T123600Z" */
    const char *ts = json_object_get_string(json_object_object_get(o, "timestamp"));
    size_t k = 0;
    for (const char *p = ts; *p && k < 16; p++)
        if (*p != '-' && *p != ':')
            c->amz_date[k++] = *p;
    c->normalize = json_object_get_boolean(json_object_object_get(o, "normalize"));
    c->sign_body = json_object_get_boolean(json_object_object_get(o, "sign_body"));
    c->omit_token = json_object_object_get_ex(o, "omit_session_token", &v) && json_object_get_boolean(v);
    c->expires = json_object_get_int(json_object_object_get(o, "expiration_in_seconds"));
    json_object_put(o);
    return 0;
}

static int list_dirs(const char *root, char names[][128], int max)
{
    DIR *d = opendir(root);
    int n = 0;
    if (!d)
        return -1;
    struct dirent *e;
    while ((e = readdir(d)) && n < max) {
        if (e->d_name[0] == '.')
            continue;
        char *p = ts_path(root, e->d_name);
        struct stat st;
        if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
            snprintf(names[n++], 128, "%.127s", e->d_name);
        free(p);
    }
    closedir(d);
    return n;
}

static char *suite_dir(const char *sub)
{
    const char *shared = ts_shared_dir();
    if (!shared)
        return NULL;
    char *v = ts_path(shared, "vectors/sigv4");
    char *d = ts_path(v, sub);
    free(v);
    struct stat st;
    if (stat(d, &st) != 0) {
        free(d);
        return NULL;
    }
    return d;
}

static void setup_case(const ctx_case *c, int query, eks_sigv4_config *cfg, eks_sigv4_credentials *cr)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->region = S(c->region);
    cfg->service = S(c->service);
    cfg->amz_date = S(c->amz_date);
    cfg->no_path_normalization = !c->normalize;
    cfg->session_token_unsigned = c->omit_token;
    cfg->mode = query ? EKS_SIGV4_MODE_QUERY : EKS_SIGV4_MODE_HEADER;
    cfg->expires_seconds = (uint32_t)c->expires;
    /* Suite rule 5: header signing adds and signs x-amz-content-sha256 when sign_body;
     * without sign_body the hash line is the empty-body hash. */
    cfg->sign_content_sha256 = !query && c->sign_body;
    if (!c->sign_body)
        cfg->payload_hash = EKS_STR_LIT(EMPTY_SHA);
    cr->access_key_id = S(c->akid);
    cr->secret_access_key = S(c->secret);
    cr->session_token = c->token[0] ? S(c->token) : EKS_STR_ABSENT;
}

static void run_aws_c_auth(int query)
{
    char *root = suite_dir("aws-c-auth-v4");
    if (!root) {
        ts_skip("sigv4 aws-c-auth-v4 vectors",
                "$EKSCODEC_SHARED_DIR/vectors/sigv4/aws-c-auth-v4 not found: " TS_GET_SHARED);
        return;
    }
    static char names[64][128];
    int n = list_dirs(root, names, 64);
    ck_assert_int_eq(n, 38);
    const char *pre = query ? "query" : "header";
    eks_sigv4_cache *cache = NULL;
    ck_assert_int_eq(eks_sigv4_cache_new(4, &cache), EKS_OK);
    eks_sigv4_output out = {0};
    int passed = 0;
    for (int i = 0; i < n; i++) {
        char *dir = ts_path(root, names[i]);
        ctx_case c;
        ck_assert_msg(load_context(dir, &c) == 0, "%s: context.json", names[i]);
        size_t len;
        char *txt = tv_read(dir, "request.txt", &len);
        ck_assert_ptr_nonnull(txt);
        tv_request r;
        ck_assert_msg(tv_parse_request(txt, len, &r) == 0, "%s: request.txt", names[i]);
        eks_sigv4_config cfg;
        eks_sigv4_credentials cr;
        setup_case(&c, query, &cfg, &cr);
        ck_assert_msg(eks_sigv4_sign(cache, &cfg, &cr, &r.req, &out) == EKS_OK, "%s: sign failed", names[i]);
        char fn[64];
        snprintf(fn, sizeof fn, "%s-canonical-request.txt", pre);
        char *creq = tv_read(dir, fn, &len);
        snprintf(fn, sizeof fn, "%s-string-to-sign.txt", pre);
        char *sts = tv_read(dir, fn, &len);
        snprintf(fn, sizeof fn, "%s-signature.txt", pre);
        char *sig = tv_read(dir, fn, &len);
        ck_assert(creq && sts && sig);
        assert_buf_eq(&out.canonical_request, creq, "canonical request", names[i]);
        assert_buf_eq(&out.string_to_sign, sts, "string to sign", names[i]);
        ck_assert_msg(strcmp(out.signature, trim_nl(sig)) == 0, "%s: signature", names[i]);
        if (!query) {
            char expect[512];
            snprintf(expect, sizeof expect,
                     "AWS4-HMAC-SHA256 Credential=%s/%.8s/%s/%s/aws4_request, SignedHeaders=%s, Signature=%s",
                     c.akid, c.amz_date, c.region, c.service, out.signed_headers.ptr, sig);
            assert_buf_eq(&out.authorization, expect, "authorization", names[i]);
        } else {
            ck_assert_uint_eq(out.header_count, 0);
            ck_assert(strstr(out.query.ptr, sig) != NULL);
        }
        passed++;
        free(creq);
        free(sts);
        free(sig);
        free(txt);
        tv_request_free(&r);
        free(dir);
    }
    ck_assert_int_eq(passed, 38);
    fprintf(stderr, "sigv4: aws-c-auth-v4 %s signing: %d/38 cases passed\n", pre, passed);
    eks_sigv4_output_free(&out);
    eks_sigv4_cache_free(cache);
    free(root);
}

START_TEST(aws_c_auth_header_signing) { run_aws_c_auth(0); }
END_TEST

START_TEST(aws_c_auth_query_signing) { run_aws_c_auth(1); }
END_TEST

/* ---------- botocore-aws4 suite ---------- */

static void botocore_case(const char *dir, const char *name, int *passed)
{
    char fn[256];
    size_t len;
    snprintf(fn, sizeof fn, "%.200s.req", name);
    char *txt = tv_read(dir, fn, &len);
    if (!txt)
        return; /* a grouping folder */
    tv_request r;
    ck_assert_msg(tv_parse_request(txt, len, &r) == 0, "%s: .req", name);
    eks_sigv4_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.region = S("us-east-1");
    cfg.service = S("service");
    cfg.amz_date = S("20150830T123600Z");
    eks_sigv4_credentials cr = {S(AKID), S(SECRET), EKS_STR_ABSENT};
    if (strcmp(name, "get-vanilla-with-session-token") == 0) /* suite README: token not in .req */
        cr.session_token = S("6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267");
    eks_sigv4_output out = {0};
    ck_assert_msg(eks_sigv4_sign(NULL, &cfg, &cr, &r.req, &out) == EKS_OK, "%s: sign", name);
    snprintf(fn, sizeof fn, "%.200s.authz", name);
    char *authz = tv_read(dir, fn, &len);
    snprintf(fn, sizeof fn, "%.200s.creq", name);
    char *creq = tv_read(dir, fn, &len);
    ck_assert(authz && creq);
    assert_buf_eq(&out.canonical_request, creq, "canonical request", name);
    assert_buf_eq(&out.authorization, trim_nl(authz), "authorization", name);
    (*passed)++;
    free(authz);
    free(creq);
    free(txt);
    tv_request_free(&r);
    eks_sigv4_output_free(&out);
}

static void walk_botocore(const char *root, int *passed)
{
    static char names[64][128];
    char local[64][128];
    int n = list_dirs(root, names, 64);
    memcpy(local, names, sizeof local);
    for (int i = 0; i < n; i++) {
        char *dir = ts_path(root, local[i]);
        botocore_case(dir, local[i], passed);
        walk_botocore(dir, passed);
        free(dir);
    }
}

START_TEST(botocore_aws4_authz)
{
    char *root = suite_dir("botocore-aws4");
    if (!root) {
        ts_skip("sigv4 botocore-aws4 vectors",
                "$EKSCODEC_SHARED_DIR/vectors/sigv4/botocore-aws4 not found: " TS_GET_SHARED);
        return;
    }
    int passed = 0;
    walk_botocore(root, &passed);
    ck_assert_int_eq(passed, 34);
    fprintf(stderr, "sigv4: botocore-aws4: %d/34 Authorization headers matched\n", passed);
    free(root);
}
END_TEST

/* ---------- verification against the suite's signed requests ---------- */

static eks_status verify_req(const ctx_case *c, const eks_http_request *req, eks_diags *d)
{
    eks_sigv4_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.region = S(c->region);
    cfg.service = S(c->service);
    cfg.no_path_normalization = !c->normalize;
    eks_sigv4_credentials cr = {S(c->akid), S(c->secret), c->token[0] ? S(c->token) : EKS_STR_ABSENT};
    return eks_sigv4_verify(NULL, &cfg, &cr, req, NULL, d);
}

static int find_header(const tv_request *r, const char *name)
{
    for (size_t i = 0; i < r->req.header_count; i++)
        if (r->headers[i].name.len == strlen(name) && strncasecmp(r->headers[i].name.ptr, name, strlen(name)) == 0)
            return (int)i;
    return -1;
}

static void expect_rejected(const ctx_case *c, const eks_http_request *req, const char *name, const char *what)
{
    eks_diags d;
    eks_diags_init(&d);
    eks_status st = verify_req(c, req, &d);
    ck_assert_msg(st == EKS_ERR_SIGNATURE_MISMATCH, "%s: change to %s was accepted (%s)", name, what, eks_strerror(st));
    ck_assert_msg(d.errors > 0, "%s: %s: no error diagnostic", name, what);
    eks_diags_free(&d);
}

static void run_verify(int query)
{
    char *root = suite_dir("aws-c-auth-v4");
    if (!root) {
        ts_skip("sigv4 verification vectors",
                "$EKSCODEC_SHARED_DIR/vectors/sigv4/aws-c-auth-v4 not found: " TS_GET_SHARED);
        return;
    }
    static char names[64][128];
    int n = list_dirs(root, names, 64);
    int accepted = 0, mutations = 0;
    for (int i = 0; i < n; i++) {
        char *dir = ts_path(root, names[i]);
        ctx_case c;
        ck_assert(load_context(dir, &c) == 0);
        size_t len;
        char *txt = tv_read(dir, query ? "query-signed-request.txt" : "header-signed-request.txt", &len);
        ck_assert_ptr_nonnull(txt);
        tv_request r;
        ck_assert(tv_parse_request(txt, len, &r) == 0);
        eks_diags d;
        eks_diags_init(&d);
        eks_status st = verify_req(&c, &r.req, &d);
        ck_assert_msg(st == EKS_OK, "%s: correctly signed request rejected: %s (%s)", names[i], eks_strerror(st),
                      d.count ? d.items[d.count - 1].message : "");
        eks_diags_free(&d);
        accepted++;

        /* Single-byte changes: each edits r.text in place and is undone afterwards. */
        char *m = (char *)r.req.method.ptr;
        m[0] ^= 1;
        expect_rejected(&c, &r.req, names[i], "method");
        m[0] ^= 1;
        mutations++;

        /* path: one byte more ('x' appended is never normalised away) */
        size_t plen = r.req.path.len;
        char *pbuf = malloc(plen + 2);
        memcpy(pbuf, r.req.path.ptr, plen);
        pbuf[plen] = 'x';
        eks_str saved_path = r.req.path;
        r.req.path = (eks_str){pbuf, plen + 1};
        expect_rejected(&c, &r.req, names[i], "path");
        r.req.path = saved_path;
        free(pbuf);
        mutations++;

        if (r.req.query.ptr && r.req.query.len) {
            /* the original query's first byte, or (query-signed) the X-Amz-Date value */
            char *q = (char *)r.req.query.ptr;
            size_t pos = 0;
            if (query) {
                char *dp = strstr(q, "X-Amz-Date=");
                ck_assert_ptr_nonnull(dp);
                pos = (size_t)(dp - q) + 11 + 15; /* the last digit of the seconds */
                q[pos] ^= 1;
                expect_rejected(&c, &r.req, names[i], "date (query)");
                q[pos] ^= 1;
                mutations++;
                pos = 0;
            }
            q[pos] ^= 1;
            expect_rejected(&c, &r.req, names[i], "query");
            q[pos] ^= 1;
            mutations++;
        }

        int hi = find_header(&r, "host");
        ck_assert_int_ge(hi, 0);
        char *hv = (char *)r.headers[hi].value.ptr;
        hv[r.headers[hi].value.len - 1] ^= 1;
        expect_rejected(&c, &r.req, names[i], "signed header host");
        hv[r.headers[hi].value.len - 1] ^= 1;
        mutations++;

        eks_str saved_body = r.req.body;
        char one[1] = {'x'};
        if (saved_body.len) {
            char *b = (char *)saved_body.ptr;
            b[saved_body.len - 1] ^= 1;
            expect_rejected(&c, &r.req, names[i], "body");
            b[saved_body.len - 1] ^= 1;
        } else {
            r.req.body = (eks_str){one, 1};
            expect_rejected(&c, &r.req, names[i], "body");
            r.req.body = saved_body;
        }
        mutations++;

        if (!query) {
            int di = find_header(&r, "x-amz-date");
            ck_assert_int_ge(di, 0);
            char *dv = (char *)r.headers[di].value.ptr;
            dv[14] ^= 1;
            expect_rejected(&c, &r.req, names[i], "date");
            dv[14] ^= 1;
            mutations++;
        }
        /* undone mutations leave a request that still verifies */
        ck_assert_int_eq(verify_req(&c, &r.req, NULL), EKS_OK);
        free(txt);
        tv_request_free(&r);
        free(dir);
    }
    ck_assert_int_eq(accepted, 38);
    fprintf(stderr, "sigv4: verify (%s form): %d/38 suite requests accepted, %d single-byte changes rejected\n",
            query ? "query" : "header", accepted, mutations);
    free(root);
}

START_TEST(verify_header_form_suite) { run_verify(0); }
END_TEST

START_TEST(verify_query_form_suite) { run_verify(1); }
END_TEST

/* ---------- unit tests: rules written out from the SigV4 specification ---------- */

typedef struct fixture {
    eks_header h[16];
    eks_http_request req;
    eks_sigv4_config cfg;
    eks_sigv4_credentials cr;
} fixture;

static void fx_init(fixture *f)
{
    memset(f, 0, sizeof *f);
    f->h[0] = (eks_header){S("Host"), S("example.amazonaws.com")};
    f->req.method = S("GET");
    f->req.path = S("/");
    f->req.headers = f->h;
    f->req.header_count = 1;
    f->req.body = S("");
    f->cfg.region = S("us-east-1");
    f->cfg.service = S("service");
    f->cfg.amz_date = S("20150830T123600Z");
    f->cr = (eks_sigv4_credentials){S(AKID), S(SECRET), EKS_STR_ABSENT};
}

static const char *cr_line(const eks_buf *cr, int line, char *buf, size_t cap)
{
    const char *s = cr->ptr;
    for (int i = 0; i < line; i++) {
        s = strchr(s, '\n');
        ck_assert_ptr_nonnull(s);
        s++;
    }
    const char *e = strchr(s, '\n');
    size_t n = e ? (size_t)(e - s) : strlen(s);
    ck_assert_uint_lt(n, cap);
    memcpy(buf, s, n);
    buf[n] = '\0';
    return buf;
}

START_TEST(header_values_trimmed_and_collapsed)
{
    fixture f;
    fx_init(&f);
    f.h[1] = (eks_header){S("My-Header"), S(" \t a   b\t\tc \r\n   d  ")};
    f.req.header_count = 2;
    eks_sigv4_output out = {0};
    ck_assert_int_eq(eks_sigv4_sign(NULL, &f.cfg, &f.cr, &f.req, &out), EKS_OK);
    ck_assert(strstr(out.canonical_request.ptr, "\nmy-header:a b c d\n") != NULL);
    eks_sigv4_output_free(&out);
}
END_TEST

START_TEST(headers_sorted_repeats_joined_in_order)
{
    fixture f;
    fx_init(&f);
    f.h[1] = (eks_header){S("Zeta"), S("1")};
    f.h[2] = (eks_header){S("ALPHA"), S("z")};
    f.h[3] = (eks_header){S("zeta"), S("0")};
    f.h[4] = (eks_header){S("alpha"), S("a")};
    f.h[5] = (eks_header){S("x-amz-meta"), S("")};
    f.req.header_count = 6;
    eks_sigv4_output out = {0};
    ck_assert_int_eq(eks_sigv4_sign(NULL, &f.cfg, &f.cr, &f.req, &out), EKS_OK);
    ck_assert(strstr(out.canonical_request.ptr,
                     "\nalpha:z,a\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\nx-amz-meta:\nzeta:1,0\n\n") != NULL);
    ck_assert_str_eq(out.signed_headers.ptr, "alpha;host;x-amz-date;x-amz-meta;zeta");
    eks_sigv4_output_free(&out);
}
END_TEST

START_TEST(hop_by_hop_and_volatile_headers_never_signed)
{
    static const char *never[] = {"User-Agent", "X-Amzn-Trace-Id", "Expect", "Connection",
                                  "Transfer-Encoding", "Keep-Alive", "TE", "Trailer", "Upgrade",
                                  "Proxy-Authorization", "Proxy-Authenticate", "Authorization"};
    fixture f;
    fx_init(&f);
    for (size_t i = 0; i < 12; i++)
        f.h[1 + i] = (eks_header){S(never[i]), S("v")};
    f.h[13] = (eks_header){S("Content-Type"), S("application/json")};
    f.req.header_count = 14;
    eks_sigv4_output out = {0};
    ck_assert_int_eq(eks_sigv4_sign(NULL, &f.cfg, &f.cr, &f.req, &out), EKS_OK);
    ck_assert_str_eq(out.signed_headers.ptr, "content-type;host;x-amz-date");
    eks_sigv4_output_free(&out);
}
END_TEST

START_TEST(path_double_encoded_and_normalized)
{
    fixture f;
    fx_init(&f);
    char line[256];
    eks_sigv4_output out = {0};
    f.req.method = S("POST");
    f.req.path = S("/clusters/a%2Fb%20c/identity-provider-configs/disassociate");
    ck_assert_int_eq(eks_sigv4_sign(NULL, &f.cfg, &f.cr, &f.req, &out), EKS_OK);
    ck_assert_str_eq(cr_line(&out.canonical_request, 1, line, sizeof line),
                     "/clusters/a%252Fb%2520c/identity-provider-configs/disassociate");
    f.cfg.single_encode_path = true; /* S3 style: the path as sent */
    ck_assert_int_eq(eks_sigv4_sign(NULL, &f.cfg, &f.cr, &f.req, &out), EKS_OK);
    ck_assert_str_eq(cr_line(&out.canonical_request, 1, line, sizeof line),
                     "/clusters/a%2Fb%20c/identity-provider-configs/disassociate");
    f.cfg.single_encode_path = false;
    f.req.path = S("//a/./b/../c//d/");
    ck_assert_int_eq(eks_sigv4_sign(NULL, &f.cfg, &f.cr, &f.req, &out), EKS_OK);
    ck_assert_str_eq(cr_line(&out.canonical_request, 1, line, sizeof line), "/a/c/d/");
    f.req.path = S("/../..");
    ck_assert_int_eq(eks_sigv4_sign(NULL, &f.cfg, &f.cr, &f.req, &out), EKS_OK);
    ck_assert_str_eq(cr_line(&out.canonical_request, 1, line, sizeof line), "/");
    f.cfg.no_path_normalization = true;
    f.req.path = S("//a/./b/../c//d/");
    ck_assert_int_eq(eks_sigv4_sign(NULL, &f.cfg, &f.cr, &f.req, &out), EKS_OK);
    ck_assert_str_eq(cr_line(&out.canonical_request, 1, line, sizeof line), "//a/./b/../c//d/");
    eks_sigv4_output_free(&out);
}
END_TEST

START_TEST(query_decoded_reencoded_sorted)
{
    fixture f;
    fx_init(&f);
    char line[256];
    eks_sigv4_output out = {0};
    f.req.query = S("b=2&a%20b=x+y&A=%7e&a=&&c&a=%zz");
    ck_assert_int_eq(eks_sigv4_sign(NULL, &f.cfg, &f.cr, &f.req, &out), EKS_OK);
    ck_assert_str_eq(cr_line(&out.canonical_request, 2, line, sizeof line),
                     "A=~&a=&a=%25zz&a%20b=x%2By&b=2&c=");
    eks_sigv4_output_free(&out);
}
END_TEST

START_TEST(host_port_kept)
{
    fixture f;
    fx_init(&f);
    f.h[0].value = S("eks.us-west-2.amazonaws.com:8443");
    eks_sigv4_output out = {0};
    ck_assert_int_eq(eks_sigv4_sign(NULL, &f.cfg, &f.cr, &f.req, &out), EKS_OK);
    ck_assert(strstr(out.canonical_request.ptr, "\nhost:eks.us-west-2.amazonaws.com:8443\n") != NULL);
    f.req.header_count = 0; /* no Host at all: refused */
    ck_assert_int_eq(eks_sigv4_sign(NULL, &f.cfg, &f.cr, &f.req, &out), EKS_ERR_INVALID_ARGUMENT);
    eks_sigv4_output_free(&out);
}
END_TEST

START_TEST(expires_bounds)
{
    fixture f;
    fx_init(&f);
    eks_sigv4_output out = {0};
    f.cfg.mode = EKS_SIGV4_MODE_QUERY;
    static const uint32_t bad[] = {0, 604801, UINT32_MAX};
    for (size_t i = 0; i < 3; i++) {
        f.cfg.expires_seconds = bad[i];
        ck_assert_int_eq(eks_sigv4_sign(NULL, &f.cfg, &f.cr, &f.req, &out), EKS_ERR_INVALID_ARGUMENT);
        ck_assert_uint_eq(out.query.len, 0);
    }
    f.cfg.expires_seconds = 1;
    ck_assert_int_eq(eks_sigv4_sign(NULL, &f.cfg, &f.cr, &f.req, &out), EKS_OK);
    ck_assert(strstr(out.query.ptr, "&X-Amz-Expires=1&") != NULL);
    f.cfg.expires_seconds = 604800;
    ck_assert_int_eq(eks_sigv4_sign(NULL, &f.cfg, &f.cr, &f.req, &out), EKS_OK);
    ck_assert(strstr(out.query.ptr, "&X-Amz-Expires=604800&") != NULL);
    ck_assert(strstr(out.canonical_request.ptr, "&X-Amz-Expires=604800&") != NULL);
    eks_sigv4_output_free(&out);
}
END_TEST

START_TEST(session_token_appended_unsigned)
{
    /* aws-c-auth-v4/post-sts-header-after: with the token left unsigned the signature is the
     * one of the same request without a token (values copied from that case). */
    static const char *tok = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";
    fixture f;
    fx_init(&f);
    f.req.method = S("POST");
    f.cr.session_token = S(tok);
    f.cfg.session_token_unsigned = true;
    eks_sigv4_output out = {0};
    ck_assert_int_eq(eks_sigv4_sign(NULL, &f.cfg, &f.cr, &f.req, &out), EKS_OK);
    ck_assert_str_eq(out.signature, "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
    ck_assert_str_eq(out.signed_headers.ptr, "host;x-amz-date");
    ck_assert_uint_eq(out.header_count, 3);
    ck_assert_str_eq(out.headers[1].name.ptr, "X-Amz-Security-Token");
    ck_assert(eks_str_eq_cstr(out.headers[1].value, tok));
    ck_assert(eks_str_eq_cstr(out.headers[2].name, "Authorization"));
    f.cfg.mode = EKS_SIGV4_MODE_QUERY;
    f.cfg.expires_seconds = 3600;
    ck_assert_int_eq(eks_sigv4_sign(NULL, &f.cfg, &f.cr, &f.req, &out), EKS_OK);
    ck_assert_str_eq(out.signature, "2ce6e6d2e0cf2f9d1b55fafec88cd20574c31dc2e7631979f71ba2310083e95b");
    const char *t = strstr(out.query.ptr, "&X-Amz-Security-Token=AQoDYXdzEPT%2F%2F");
    const char *s = strstr(out.query.ptr, "&X-Amz-Signature=");
    ck_assert(t && s && t < s);
    ck_assert(strstr(out.canonical_request.ptr, "Security-Token") == NULL);
    eks_sigv4_output_free(&out);
}
END_TEST

START_TEST(content_sha256_header_on_request_only)
{
    fixture f;
    fx_init(&f);
    f.req.body = S("Param1=value1");
    eks_sigv4_output out = {0};
    ck_assert_int_eq(eks_sigv4_sign(NULL, &f.cfg, &f.cr, &f.req, &out), EKS_OK);
    ck_assert_str_eq(out.signed_headers.ptr, "host;x-amz-date");
    /* body hash from the suite README */
    ck_assert_str_eq(out.payload_hash, "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e");
    ck_assert_uint_eq(out.header_count, 2);
    f.cfg.sign_content_sha256 = true;
    ck_assert_int_eq(eks_sigv4_sign(NULL, &f.cfg, &f.cr, &f.req, &out), EKS_OK);
    ck_assert_str_eq(out.signed_headers.ptr, "host;x-amz-content-sha256;x-amz-date");
    ck_assert_uint_eq(out.header_count, 3);
    ck_assert(eks_str_eq_cstr(out.headers[1].value, "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"));
    eks_sigv4_output_free(&out);
}
END_TEST

START_TEST(time_input_forms)
{
    char s[17];
    int64_t t;
    ck_assert_int_eq(eks_sigv4_format_time(1440938160, s), EKS_OK); /* calendar.timegm */
    ck_assert_str_eq(s, "20150830T123600Z");
    ck_assert_int_eq(eks_sigv4_format_time(951868799, s), EKS_OK);
    ck_assert_str_eq(s, "20000229T235959Z");
    ck_assert_int_eq(eks_sigv4_format_time(0, s), EKS_OK);
    ck_assert_str_eq(s, "19700101T000000Z");
    ck_assert_int_eq(eks_sigv4_format_time(-1, s), EKS_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(eks_sigv4_parse_time(S("20261128T010203Z"), &t), EKS_OK);
    ck_assert_int_eq(t, 1795827723);
    ck_assert_int_eq(eks_sigv4_parse_time(S("20150229T000000Z"), &t), EKS_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(eks_sigv4_parse_time(S("2015-08-30T12:36:00Z"), &t), EKS_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(eks_sigv4_parse_time(S("20150830T123660Z"), &t), EKS_ERR_INVALID_ARGUMENT);
    /* epoch and string produce the same signature */
    fixture f;
    fx_init(&f);
    eks_sigv4_output a = {0}, b = {0};
    ck_assert_int_eq(eks_sigv4_sign(NULL, &f.cfg, &f.cr, &f.req, &a), EKS_OK);
    f.cfg.amz_date = EKS_STR_ABSENT;
    f.cfg.epoch_seconds = 1440938160;
    ck_assert_int_eq(eks_sigv4_sign(NULL, &f.cfg, &f.cr, &f.req, &b), EKS_OK);
    ck_assert_str_eq(a.signature, b.signature);
    ck_assert_str_eq(a.signature, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"); /* get-vanilla */
    eks_sigv4_output_free(&a);
    eks_sigv4_output_free(&b);
}
END_TEST

/* "YYYYMMDD'T'HHMMSS'Z'" (the SigV4 X-Amz-Date, ISO 8601 basic format in UTC) is read a word
 * at a time: any digit turned into the byte just below '0' or above '9', a lower-case or
 * missing 'T' or 'Z', or one byte more or less, is no time. */
START_TEST(time_every_digit_and_separator)
{
    static const char good[] = "20261128T010203Z";
    char s[sizeof good];
    int64_t t;
    ck_assert_int_eq(eks_sigv4_parse_time(S(good), &t), EKS_OK);
    for (size_t i = 0; i < sizeof good - 1; i++) {
        if (i == 8 || i == 15)
            continue;
        for (int k = 0; k < 2; k++) {
            memcpy(s, good, sizeof good);
            s[i] = k ? ':' : '/';
            ck_assert_msg(eks_sigv4_parse_time((eks_str){s, 16}, &t) == EKS_ERR_INVALID_ARGUMENT, "%s", s);
        }
    }
    ck_assert_int_eq(eks_sigv4_parse_time(S("20261128t010203Z"), &t), EKS_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(eks_sigv4_parse_time(S("20261128T010203z"), &t), EKS_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(eks_sigv4_parse_time(S("20261128 010203Z"), &t), EKS_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(eks_sigv4_parse_time(S("20261128T0102030"), &t), EKS_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(eks_sigv4_parse_time(S("20261128T010203"), &t), EKS_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(eks_sigv4_parse_time(S("20261128T010203ZZ"), &t), EKS_ERR_INVALID_ARGUMENT);
    /* each field at its largest and one past it (calendar.timegm for the values) */
    ck_assert_int_eq(eks_sigv4_parse_time(S("20261231T235959Z"), &t), EKS_OK);
    ck_assert_int_eq(t, 1798761599);
    ck_assert_int_eq(eks_sigv4_parse_time(S("20261331T000000Z"), &t), EKS_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(eks_sigv4_parse_time(S("20261232T000000Z"), &t), EKS_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(eks_sigv4_parse_time(S("20261231T240000Z"), &t), EKS_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(eks_sigv4_parse_time(S("20261231T236000Z"), &t), EKS_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(eks_sigv4_parse_time(S("20261200T000000Z"), &t), EKS_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(eks_sigv4_parse_time(S("20260028T000000Z"), &t), EKS_ERR_INVALID_ARGUMENT);
}
END_TEST

/* Every formatted time agrees with the C library's gmtime_r (an independent calendar) and
 * reads back to itself, across 1970..9999, the ends of the range and leap days. */
START_TEST(time_format_matches_gmtime)
{
    char s[17], want[64];
    int64_t back;
    const int64_t last = 253402300799LL; /* 9999-12-31T23:59:59Z */
    const int64_t fixed[] = {0, 59, 86399, 86400, 68169599 /* 1972-02-28T23:59:59 */, 68169600, 951782400,
                             951868800, 4107542399LL, 4107542400LL, last};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0] + 20000; i++) {
        int64_t t = i < sizeof fixed / sizeof fixed[0] ? fixed[i] : (int64_t)(i * 1267000607ULL % (uint64_t)last);
        time_t tt = (time_t)t;
        struct tm tm;
        ck_assert_ptr_nonnull(gmtime_r(&tt, &tm));
        snprintf(want, sizeof want, "%04d%02d%02dT%02d%02d%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                 tm.tm_hour, tm.tm_min, tm.tm_sec);
        ck_assert_int_eq(eks_sigv4_format_time(t, s), EKS_OK);
        ck_assert_msg(strcmp(s, want) == 0, "t=%lld: %s, gmtime says %s", (long long)t, s, want);
        ck_assert_int_eq(eks_sigv4_parse_time((eks_str){s, 16}, &back), EKS_OK);
        ck_assert_int_eq(back, t);
    }
    ck_assert_int_eq(eks_sigv4_format_time(last + 1, s), EKS_ERR_INVALID_ARGUMENT);
}
END_TEST

/* Credentials and scope are checked 8 bytes at a time: a forbidden byte at any position of
 * any length must still be refused, and an allowed one accepted. Header names are
 * lower-cased 8 bytes at a time: every byte value at every position of names of length
 * 1..24 must come out as the per-byte rule (RFC 9110 names are case-insensitive; SigV4
 * wants lower case) says, computed here with tolower() on ASCII only. */
START_TEST(swar_checks_every_position)
{
    static const char forbidden_in_id[] = {'/', ',', '=', ' ', ';', '\n', 0x01, 0x7f};
    char id[41];
    for (size_t len = 1; len <= 24; len++) { /* three words: short, whole and partial tails */
        for (size_t pos = 0; pos < len; pos++) {
            for (size_t k = 0; k <= sizeof forbidden_in_id; k++) {
                memset(id, 'A', len);
                id[len] = '\0';
                bool bad = k < sizeof forbidden_in_id;
                id[pos] = bad ? forbidden_in_id[k] : '+';
                fixture f;
                fx_init(&f);
                f.cr.access_key_id = (eks_str){id, len};
                eks_sigv4_output out = {0};
                ck_assert_msg(eks_sigv4_sign(NULL, &f.cfg, &f.cr, &f.req, &out) ==
                                  (bad ? EKS_ERR_INVALID_ARGUMENT : EKS_OK),
                              "access key len %zu pos %zu byte 0x%02x", len, pos, (unsigned char)id[pos]);
                /* the session token forbids only control bytes and DEL */
                f.cr.access_key_id = S(AKID);
                f.cr.session_token = (eks_str){id, len};
                bool bad_in_token = bad && (unsigned char)id[pos] != ' ' && strchr("/,=;", id[pos]) == NULL;
                ck_assert_msg(eks_sigv4_sign(NULL, &f.cfg, &f.cr, &f.req, &out) ==
                                  (bad_in_token ? EKS_ERR_INVALID_ARGUMENT : EKS_OK),
                              "token len %zu pos %zu byte 0x%02x", len, pos, (unsigned char)id[pos]);
                eks_sigv4_output_free(&out);
            }
        }
    }
    /* the token characters at the edges of the letter ranges, and some inside them */
    static const char edge_chars[] = "!#$%&'*+-.^_`|~09AMZamz";
    char name[25], want[64], got[128];
    for (size_t len = 1; len <= 20; len++) {
        for (size_t pos = 0; pos < len; pos++) {
            for (const char *e = edge_chars; *e; e++) {
                int c = *e;
                memset(name, 'q', len);
                name[pos] = (char)c;
                name[len] = '\0';
                fixture f;
                fx_init(&f);
                f.h[1] = (eks_header){(eks_str){name, len}, S("v")};
                f.req.header_count = 2;
                eks_sigv4_output out = {0};
                ck_assert_int_eq(eks_sigv4_sign(NULL, &f.cfg, &f.cr, &f.req, &out), EKS_OK);
                size_t n = 0;
                for (size_t i = 0; i < len; i++)
                    want[n++] = (char)tolower((unsigned char)name[i]);
                memcpy(want + n, ":v", 3);
                bool found = false;
                for (int line = 3; line < 6 && !found; line++)
                    found = strcmp(cr_line(&out.canonical_request, line, got, sizeof got), want) == 0;
                ck_assert_msg(found, "name %s: no line %s in\n%s", name, want, out.canonical_request.ptr);
                eks_sigv4_output_free(&out);
            }
        }
    }
}
END_TEST

/* The reference rule for the canonical path (what botocore does): drop empty and "."
 * segments, ".." removes the segment before it, a trailing '/' stays when a segment does. */
static void reference_normalize(const char *path, char *out)
{
    char segs[32][64];
    int n = 0;
    const char *s = path;
    while (*s) {
        while (*s == '/')
            s++;
        const char *e = s;
        while (*e && *e != '/')
            e++;
        size_t len = (size_t)(e - s);
        if (len == 2 && s[0] == '.' && s[1] == '.') {
            if (n > 0)
                n--;
        } else if (len > 0 && !(len == 1 && s[0] == '.')) {
            memcpy(segs[n], s, len);
            segs[n++][len] = '\0';
        }
        s = e;
    }
    size_t o = 0;
    for (int i = 0; i < n; i++) {
        size_t len = strlen(segs[i]);
        out[o++] = '/';
        memcpy(out + o, segs[i], len);
        o += len;
    }
    if (n == 0 || path[strlen(path) - 1] == '/')
        out[o++] = '/';
    out[o] = '\0';
}

/* Paths are checked 8 bytes at a time for anything normalization would change: "//", "/."
 * and "/.." placed at every offset of paths up to 40 bytes must come out as the rule says. */
START_TEST(path_normalization_every_position)
{
    static const char *const inserts[] = {"/", "/.", "/..", "/./", "/../", "/.well-known", "//x"};
    char path[128], want[128], got[256];
    for (size_t len = 1; len <= 40; len++) {
        for (size_t pos = 1; pos <= len; pos++) {
            for (size_t k = 0; k < sizeof inserts / sizeof inserts[0]; k++) {
                /* "/abcdefg/abcdefg/..." cut to len, the insert at pos */
                char base[64];
                for (size_t i = 0; i < len; i++)
                    base[i] = i % 8 == 0 ? '/' : (char)('a' + i % 8);
                base[len] = '\0';
                snprintf(path, sizeof path, "%.*s%s%s", (int)pos, base, inserts[k], base + pos);
                reference_normalize(path, want);
                fixture f;
                fx_init(&f);
                f.req.path = (eks_str){path, strlen(path)};
                eks_sigv4_output out = {0};
                ck_assert_int_eq(eks_sigv4_sign(NULL, &f.cfg, &f.cr, &f.req, &out), EKS_OK);
                cr_line(&out.canonical_request, 1, got, sizeof got);
                ck_assert_msg(strcmp(got, want) == 0, "path %s: canonical %s, rule says %s", path, got, want);
                eks_sigv4_output_free(&out);
            }
        }
    }
}
END_TEST

/* One output reused across signatures resumes hashing after first blocks it has seen. Its
 * signatures must equal those of a fresh output for every change that touches a first
 * block or the state it starts from: the body's first 64 bytes, the path, the time (the
 * string to sign), the secret and the region (the HMAC state the string to sign starts
 * from), bodies shorter than, equal to and longer than one block, header and query mode. */
START_TEST(reused_output_matches_fresh)
{
    static const char *const bodies[] = {
        "", "{}", "0123456789012345678901234567890123456789012345678901234567890123",
        "{\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"okta-production-sso\"},\"clientRequestToken\":\"a\"}",
        "{\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"okta-production-ssx\"},\"clientRequestToken\":\"a\"}",
        "{\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"okta-production-sso\"},\"clientRequestToken\":\"b\"}"};
    static const char *const paths[] = {"/clusters/prod/identity-provider-configs/disassociate",
                                        "/clusters/prox/identity-provider-configs/disassociate"};
    static const char *const secrets[] = {SECRET, "another-secret-key-of-forty-bytes-long!!"};
    static const char *const regions[] = {"us-east-1", "eu-west-1"};
    static const int64_t times[] = {1440938160, 1440938161};
    eks_sigv4_cache *cache = NULL;
    ck_assert_int_eq(eks_sigv4_cache_new(0, &cache), EKS_OK);
    eks_sigv4_output reused = {0};
    unsigned long step = 0;
    for (int round = 0; round < 3; round++) {
        for (size_t b = 0; b < 6; b++)
            for (size_t p = 0; p < 2; p++)
                for (size_t k = 0; k < 2; k++)
                    for (size_t r = 0; r < 2; r++)
                        for (size_t t = 0; t < 2; t++)
                            for (int mode = 0; mode < 2; mode++) {
                                /* a different order each round, so each case follows others */
                                size_t bb = (b + (size_t)round) % 6, kk = (k + step) % 2;
                                step++;
                                fixture f;
                                fx_init(&f);
                                f.req.method = S("POST");
                                f.req.path = S(paths[p]);
                                f.req.body = S(bodies[bb]);
                                f.cfg.amz_date = EKS_STR_ABSENT;
                                f.cfg.epoch_seconds = times[t];
                                f.cfg.region = S(regions[r]);
                                f.cfg.mode = mode ? EKS_SIGV4_MODE_QUERY : EKS_SIGV4_MODE_HEADER;
                                f.cfg.expires_seconds = 60;
                                f.cr.secret_access_key = S(secrets[kk]);
                                eks_sigv4_output fresh = {0};
                                ck_assert_int_eq(eks_sigv4_sign(NULL, &f.cfg, &f.cr, &f.req, &fresh), EKS_OK);
                                ck_assert_int_eq(eks_sigv4_sign(cache, &f.cfg, &f.cr, &f.req, &reused), EKS_OK);
                                ck_assert_msg(strcmp(fresh.signature, reused.signature) == 0,
                                              "round %d body %zu path %zu key %zu region %zu time %zu mode %d", round,
                                              bb, p, kk, r, t, mode);
                                ck_assert_str_eq(fresh.payload_hash, reused.payload_hash);
                                eks_sigv4_output_free(&fresh);
                            }
    }
    eks_sigv4_output_free(&reused);
    eks_sigv4_cache_free(cache);
}
END_TEST

START_TEST(invalid_arguments)
{
    fixture f;
    fx_init(&f);
    eks_sigv4_output out = {0};
    eks_sigv4_config c = f.cfg;
    c.region = EKS_STR_ABSENT;
    ck_assert_int_eq(eks_sigv4_sign(NULL, &c, &f.cr, &f.req, &out), EKS_ERR_INVALID_ARGUMENT);
    c = f.cfg;
    c.region = S("us/east");
    ck_assert_int_eq(eks_sigv4_sign(NULL, &c, &f.cr, &f.req, &out), EKS_ERR_INVALID_ARGUMENT);
    eks_sigv4_credentials cr = f.cr;
    cr.session_token = S("abc\r\nX-Injected: 1");
    ck_assert_int_eq(eks_sigv4_sign(NULL, &f.cfg, &cr, &f.req, &out), EKS_ERR_INVALID_ARGUMENT);
    cr = f.cr;
    cr.access_key_id = S("AKID/x");
    ck_assert_int_eq(eks_sigv4_sign(NULL, &f.cfg, &cr, &f.req, &out), EKS_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(eks_sigv4_sign(NULL, NULL, &f.cr, &f.req, &out), EKS_ERR_INVALID_ARGUMENT);
    eks_sigv4_output_free(&out);
}
END_TEST

START_TEST(eks_defaults)
{
    eks_sigv4_config c;
    eks_sigv4_config_init_eks(&c, S("us-west-2"), 1795827723);
    ck_assert(eks_str_eq_cstr(c.service, "eks"));
    ck_assert(!c.single_encode_path && !c.no_path_normalization && !c.session_token_unsigned &&
              !c.sign_content_sha256 && c.mode == EKS_SIGV4_MODE_HEADER && c.payload_hash.ptr == NULL);
    /* A zeroed config with only region + time is the same thing (service absent = eks). */
    fixture f;
    fx_init(&f);
    eks_sigv4_output a = {0}, b = {0};
    f.cfg = c;
    ck_assert_int_eq(eks_sigv4_sign(NULL, &f.cfg, &f.cr, &f.req, &a), EKS_OK);
    memset(&f.cfg, 0, sizeof f.cfg);
    f.cfg.region = S("us-west-2");
    f.cfg.epoch_seconds = 1795827723;
    ck_assert_int_eq(eks_sigv4_sign(NULL, &f.cfg, &f.cr, &f.req, &b), EKS_OK);
    ck_assert_str_eq(a.signature, b.signature);
    ck_assert(strstr(a.string_to_sign.ptr, "\n20261128/us-west-2/eks/aws4_request\n") != NULL);
    eks_sigv4_output_free(&a);
    eks_sigv4_output_free(&b);
}
END_TEST

START_TEST(cache_hits_evicts_lru_and_matches_uncached)
{
    fixture f;
    fx_init(&f);
    eks_sigv4_cache *cache = NULL;
    ck_assert_int_eq(eks_sigv4_cache_new(2, &cache), EKS_OK);
    eks_sigv4_output out = {0}, ref = {0};
    static const char *regions[] = {"us-east-1", "eu-west-1", "cn-north-1"};
    uint64_t hits, misses;
    for (int i = 0; i < 3; i++) {
        f.cfg.region = S(regions[i]);
        ck_assert_int_eq(eks_sigv4_sign(cache, &f.cfg, &f.cr, &f.req, &out), EKS_OK);
        ck_assert_int_eq(eks_sigv4_sign(NULL, &f.cfg, &f.cr, &f.req, &ref), EKS_OK);
        ck_assert_str_eq(out.signature, ref.signature);
    }
    ck_assert_uint_eq(eks_sigv4_cache_count(cache), 2);
    eks_sigv4_cache_stats(cache, &hits, &misses);
    ck_assert_uint_eq(hits, 0);
    ck_assert_uint_eq(misses, 3);
    f.cfg.region = S("cn-north-1"); /* most recent: hit */
    ck_assert_int_eq(eks_sigv4_sign(cache, &f.cfg, &f.cr, &f.req, &out), EKS_OK);
    f.cfg.region = S("us-east-1"); /* evicted first (least recently used): miss */
    ck_assert_int_eq(eks_sigv4_sign(cache, &f.cfg, &f.cr, &f.req, &out), EKS_OK);
    ck_assert_str_eq(out.signature, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    f.cfg.region = S("eu-west-1"); /* evicted by us-east-1 just now: miss */
    ck_assert_int_eq(eks_sigv4_sign(cache, &f.cfg, &f.cr, &f.req, &out), EKS_OK);
    eks_sigv4_cache_stats(cache, &hits, &misses);
    ck_assert_uint_eq(hits, 1);
    ck_assert_uint_eq(misses, 5);
    /* a different secret or date is a different key */
    f.cr.secret_access_key = S("another-secret");
    ck_assert_int_eq(eks_sigv4_sign(cache, &f.cfg, &f.cr, &f.req, &out), EKS_OK);
    ck_assert_int_eq(eks_sigv4_sign(NULL, &f.cfg, &f.cr, &f.req, &ref), EKS_OK);
    ck_assert_str_eq(out.signature, ref.signature);
    eks_sigv4_cache_clear(cache);
    ck_assert_uint_eq(eks_sigv4_cache_count(cache), 0);
    eks_sigv4_cache_free(cache);
    eks_sigv4_output_free(&out);
    eks_sigv4_output_free(&ref);
}
END_TEST

START_TEST(steady_state_reuses_output_storage)
{
    fixture f;
    fx_init(&f);
    f.req.method = S("POST");
    f.req.path = S("/clusters/prod/identity-provider-configs/disassociate");
    f.h[1] = (eks_header){S("Content-Type"), S("application/json")};
    f.req.header_count = 2;
    f.req.body = S("{\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"okta\"}}");
    eks_sigv4_cache *cache = NULL;
    ck_assert_int_eq(eks_sigv4_cache_new(0, &cache), EKS_OK);
    eks_sigv4_output out = {0};
    ck_assert_int_eq(eks_sigv4_sign(cache, &f.cfg, &f.cr, &f.req, &out), EKS_OK);
    eks_buf *bufs[] = {&out.authorization, &out.signed_headers, &out.canonical_request, &out.string_to_sign,
                       &out.priv_bytes_, &out.priv_items_, &out.priv_token_};
    char *ptrs[7];
    size_t caps[7];
    for (int i = 0; i < 7; i++)
        ptrs[i] = bufs[i]->ptr, caps[i] = bufs[i]->cap;
    char first[65];
    memcpy(first, out.signature, 65);
    for (int n = 0; n < 100; n++)
        ck_assert_int_eq(eks_sigv4_sign(cache, &f.cfg, &f.cr, &f.req, &out), EKS_OK);
    for (int i = 0; i < 7; i++) {
        ck_assert_ptr_eq(ptrs[i], bufs[i]->ptr);
        ck_assert_uint_eq(caps[i], bufs[i]->cap);
    }
    ck_assert_str_eq(first, out.signature);
    eks_sigv4_cache_free(cache);
    eks_sigv4_output_free(&out);
}
END_TEST

/* Unsigned headers: the ones the SDKs leave unsigned on every request are no finding; an
 * unsigned x-amz-* header or Content-Type (which could be changed without breaking the
 * signature) is an unsigned_header warning at its own path. */
START_TEST(verify_unsigned_headers)
{
    fixture f;
    fx_init(&f);
    eks_sigv4_output out = {0};
    ck_assert_int_eq(eks_sigv4_sign(NULL, &f.cfg, &f.cr, &f.req, &out), EKS_OK);
    eks_header h[16];
    size_t n = 0;
    h[n++] = f.h[0];
    for (size_t i = 0; i < out.header_count; i++)
        h[n++] = out.headers[i];
    /* What botocore and the AWS CLI send unsigned on every request. */
    h[n++] = (eks_header){S("Content-Length"), S("0")};
    h[n++] = (eks_header){S("Accept-Encoding"), S("identity")};
    h[n++] = (eks_header){S("amz-sdk-invocation-id"), S("2b4c1f5a-0000-4000-8000-000000000000")};
    h[n++] = (eks_header){S("amz-sdk-request"), S("attempt=1")};
    h[n++] = (eks_header){S("User-Agent"), S("Boto3/1.35 md/Botocore#1.43")};
    eks_http_request signed_req = f.req;
    signed_req.headers = h;
    signed_req.header_count = n;
    eks_diags d;
    eks_diags_init(&d);
    ck_assert_int_eq(eks_sigv4_verify(NULL, &f.cfg, &f.cr, &signed_req, NULL, &d), EKS_OK);
    ck_assert_uint_eq(d.count, 0);
    eks_diags_free(&d);
    /* Headers that change what the service does, added after signing. */
    h[n++] = (eks_header){S("X-Amz-Target"), S("Other.Operation")};
    h[n++] = (eks_header){S("Content-Type"), S("text/plain")};
    signed_req.header_count = n;
    eks_diags_init(&d);
    ck_assert_int_eq(eks_sigv4_verify(NULL, &f.cfg, &f.cr, &signed_req, NULL, &d), EKS_OK);
    ck_assert_uint_eq(d.count, 2);
    ck_assert_int_eq(d.items[0].code, EKS_DIAG_UNSIGNED_HEADER);
    ck_assert_int_eq(d.items[0].severity, EKS_SEV_WARNING);
    ck_assert_str_eq(d.items[0].path, "header:x-amz-target");
    ck_assert_int_eq(d.items[1].code, EKS_DIAG_UNSIGNED_HEADER);
    ck_assert_str_eq(d.items[1].path, "header:content-type");
    ck_assert_str_eq(eks_diag_code_name(EKS_DIAG_UNSIGNED_HEADER), "unsigned_header");
    eks_diags_free(&d);
    eks_sigv4_output_free(&out);
}
END_TEST

START_TEST(verify_reports_without_secrets)
{
    static const char *tok = "SESSIONTOKENVALUE";
    fixture f;
    fx_init(&f);
    f.cr.session_token = S(tok);
    eks_sigv4_output out = {0};
    ck_assert_int_eq(eks_sigv4_sign(NULL, &f.cfg, &f.cr, &f.req, &out), EKS_OK);
    eks_header h[8];
    h[0] = f.h[0];
    for (size_t i = 0; i < out.header_count; i++)
        h[1 + i] = out.headers[i];
    eks_http_request signed_req = f.req;
    signed_req.headers = h;
    signed_req.header_count = 1 + out.header_count;
    eks_diags d;
    eks_diags_init(&d);
    ck_assert_int_eq(eks_sigv4_verify(NULL, &f.cfg, &f.cr, &signed_req, NULL, &d), EKS_OK);
    ck_assert_uint_eq(d.errors, 0);
    /* wrong secret, wrong access key id, wrong region: reported, nothing secret printed */
    eks_sigv4_credentials bad = {S("AKIDOTHER"), S("not-the-secret"), S(tok)};
    eks_sigv4_config vc = f.cfg;
    vc.region = S("eu-west-1");
    ck_assert_int_eq(eks_sigv4_verify(NULL, &vc, &bad, &signed_req, NULL, &d), EKS_ERR_SIGNATURE_MISMATCH);
    ck_assert(eks_diags_has_code(&d, EKS_DIAG_SIGNATURE_MISMATCH));
    int saw_akid = 0, saw_region = 0;
    for (size_t i = 0; i < d.count; i++) {
        const char *m = d.items[i].message;
        ck_assert(strstr(m, SECRET) == NULL && strstr(m, "not-the-secret") == NULL);
        ck_assert(strstr(m, tok) == NULL && strstr(m, out.signature) == NULL);
        /* access key ids, captured (AKID) and given: at most their last four characters */
        ck_assert_msg(strstr(m, "AKIDE") == NULL && strstr(m, "AKIDO") == NULL, "key id in: %s", m);
        if (strstr(m, "access key id")) {
            saw_akid = 1;
            ck_assert_msg(strstr(m, "MPLE") && strstr(m, "THER"), "no last four characters in: %s", m);
        }
        saw_region |= strstr(m, "region") != NULL;
    }
    ck_assert(saw_akid && saw_region);
    eks_diags_free(&d);
    /* no signature at all */
    eks_diags_init(&d);
    ck_assert_int_eq(eks_sigv4_verify(NULL, &f.cfg, &f.cr, &f.req, NULL, &d), EKS_ERR_SIGNATURE_MISMATCH);
    ck_assert(eks_diags_has_code(&d, EKS_DIAG_SIGNATURE_MISSING));
    eks_diags_free(&d);
    /* malformed Authorization */
    h[out.header_count].value = S("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/2015");
    eks_diags_init(&d);
    ck_assert_int_eq(eks_sigv4_verify(NULL, &f.cfg, &f.cr, &signed_req, NULL, &d), EKS_ERR_SIGNATURE_MISMATCH);
    ck_assert(eks_diags_has_code(&d, EKS_DIAG_SIGNATURE_MALFORMED));
    eks_diags_free(&d);
    eks_sigv4_output_free(&out);
}
END_TEST

/* f's request presigned for 60 s into *out, and *vc a verifying config of f's scope
 * (without a time). */
static void presigned_60(fixture *f, eks_sigv4_output *out, eks_sigv4_config *vc)
{
    fx_init(f);
    f->cfg.mode = EKS_SIGV4_MODE_QUERY;
    f->cfg.expires_seconds = 60;
    ck_assert_int_eq(eks_sigv4_sign(NULL, &f->cfg, &f->cr, &f->req, out), EKS_OK);
    memset(vc, 0, sizeof *vc);
    vc->region = S("us-east-1");
    vc->service = S("service");
}

START_TEST(verify_presigned_expiry)
{
    fixture f;
    eks_sigv4_output out = {0};
    eks_sigv4_config vc;
    presigned_60(&f, &out, &vc);
    eks_http_request r = f.req;
    r.query = (eks_str){out.query.ptr, out.query.len};
    vc.epoch_seconds = 1440938160 + 60; /* last valid second */
    ck_assert_int_eq(eks_sigv4_verify(NULL, &vc, &f.cr, &r, NULL, NULL), EKS_OK);
    vc.epoch_seconds = 1440938160 + 61;
    eks_diags d;
    eks_diags_init(&d);
    ck_assert_int_eq(eks_sigv4_verify(NULL, &vc, &f.cr, &r, NULL, &d), EKS_ERR_SIGNATURE_MISMATCH);
    ck_assert(eks_diags_has_code(&d, EKS_DIAG_SIGNATURE_MISMATCH));
    ck_assert(strstr(d.items[0].message, "expired") != NULL);
    eks_diags_free(&d);
    eks_sigv4_output_free(&out);
}
END_TEST

/* X-Amz-Expires is read by one rule, the exchange checker's (test_exchange
 * presigned_validity_window): digits as the signers write them, no leading zero, 1..604800.
 * The verifier took "060" for 60 (and then failed on the signature, a signature_mismatch
 * where the exchange checker said signature_malformed). Percent-encoded digits are the same
 * value: canonicalization decodes them, so that request verifies. */
START_TEST(presigned_expires_one_rule)
{
    fixture f;
    eks_sigv4_output out = {0};
    eks_sigv4_config vc;
    presigned_60(&f, &out, &vc);
    const char *at = strstr(out.query.ptr, "X-Amz-Expires=60&");
    ck_assert_ptr_nonnull(at);
    size_t head = (size_t)(at - out.query.ptr) + strlen("X-Amz-Expires="), tail = head + 2;
    static const char *const bad[] = {"060", "0", "00", "604801", "-5", "+60", "60s", " 60", "", "6000000000"};
    for (size_t i = 0; i <= sizeof bad / sizeof bad[0]; i++) {
        const char *value = i < sizeof bad / sizeof bad[0] ? bad[i] : "6%30";
        char q[1024];
        int n = snprintf(q, sizeof q, "%.*s%s%s", (int)head, out.query.ptr, value, out.query.ptr + tail);
        ck_assert(n > 0 && (size_t)n < sizeof q);
        eks_http_request r = f.req;
        r.query = (eks_str){q, (size_t)n};
        eks_diags d;
        eks_diags_init(&d);
        eks_status st = eks_sigv4_verify(NULL, &vc, &f.cr, &r, NULL, &d);
        if (i == sizeof bad / sizeof bad[0]) {
            ck_assert_msg(st == EKS_OK, "X-Amz-Expires=%s: %s", value, d.count ? d.items[0].message : "");
        } else {
            ck_assert_int_eq(st, EKS_ERR_SIGNATURE_MISMATCH);
            ck_assert_msg(d.count >= 1 && d.items[0].code == EKS_DIAG_SIGNATURE_MALFORMED &&
                              strcmp(d.items[0].path, "query:X-Amz-Expires") == 0,
                          "X-Amz-Expires=%s: %s at %s", value, d.count ? eks_diag_code_name(d.items[0].code) : "none",
                          d.count ? d.items[0].path : "");
        }
        eks_diags_free(&d);
    }
    eks_sigv4_output_free(&out);
}
END_TEST

/* f's request signed with f's config into *out, as sent: its Host and the output's headers
 * in h (8 entries), and in query mode the output's query. */
static eks_http_request signed_fixture(const fixture *f, eks_sigv4_output *out, eks_header h[8])
{
    ck_assert_int_eq(eks_sigv4_sign(NULL, &f->cfg, &f->cr, &f->req, out), EKS_OK);
    size_t n = 0;
    h[n++] = f->h[0];
    for (size_t i = 0; i < out->header_count && n < 8; i++)
        h[n++] = out->headers[i];
    eks_http_request r = f->req;
    r.headers = h;
    r.header_count = n;
    if (f->cfg.mode == EKS_SIGV4_MODE_QUERY)
        r.query = (eks_str){out->query.ptr, out->query.len};
    return r;
}

/* An empty session token is none, for verify as for sign: sign sends no token for it, and
 * the request it signed must verify with the same credentials (it was signature_mismatch at
 * header:x-amz-security-token, "request carries no session token"). */
START_TEST(empty_session_token_is_none)
{
    for (int query = 0; query < 2; query++) {
        fixture f;
        fx_init(&f);
        f.cr.session_token = (eks_str){"", 0};
        if (query) {
            f.cfg.mode = EKS_SIGV4_MODE_QUERY;
            f.cfg.expires_seconds = 3600;
        }
        eks_sigv4_output out = {0}, scratch = {0};
        eks_header h[8];
        eks_http_request r = signed_fixture(&f, &out, h);
        /* no token sent: no header, and no query parameter when presigned */
        ck_assert(!eks_http_find_header(r.headers, r.header_count, "x-amz-security-token"));
        for (size_t i = 0; r.query.ptr && i + 20 <= r.query.len; i++)
            ck_assert(memcmp(r.query.ptr + i, "X-Amz-Security-Token", 20) != 0);
        eks_diags d;
        eks_diags_init(&d);
        eks_sigv4_config vc = f.cfg;
        vc.amz_date = EKS_STR_ABSENT;
        ck_assert_int_eq(eks_sigv4_verify(NULL, &vc, &f.cr, &r, &scratch, &d), EKS_OK);
        ck_assert_uint_eq(d.count, 0);
        eks_diags_free(&d);
        eks_sigv4_output_free(&out);
        eks_sigv4_output_free(&scratch);
    }
}
END_TEST

/* A signature over UNSIGNED-PAYLOAD (the header form's x-amz-content-sha256, or an S3-style
 * presigned URL) covers no body: EKS's signers always hash the body, so such a request verifies
 * only without a body, or when the caller's config names that payload hash. A request whose
 * body was swapped under it verified before. */
START_TEST(signature_that_covers_no_body)
{
    for (int query = 0; query < 2; query++)
        for (int with_body = 0; with_body < 2; with_body++) {
            fixture f;
            fx_init(&f);
            f.req.method = S("POST");
            f.req.body = with_body ? S("{\"name\":\"EVIL\"}") : S("");
            f.cfg.payload_hash = S(EKS_SIGV4_UNSIGNED_PAYLOAD);
            if (query) {
                f.cfg.mode = EKS_SIGV4_MODE_QUERY;
                f.cfg.expires_seconds = 3600;
            } else {
                f.cfg.sign_content_sha256 = true;
            }
            eks_sigv4_output out = {0};
            eks_header h[8];
            eks_http_request r = signed_fixture(&f, &out, h);
            eks_sigv4_config vc = f.cfg;
            vc.amz_date = EKS_STR_ABSENT;
            /* the caller who names the hash accepts whatever body comes with it */
            ck_assert_int_eq(eks_sigv4_verify(NULL, &vc, &f.cr, &r, NULL, NULL), EKS_OK);
            /* an EKS verifier: the body must be signed, or absent */
            vc.payload_hash = EKS_STR_ABSENT;
            eks_diags d;
            eks_diags_init(&d);
            eks_status st = eks_sigv4_verify(NULL, &vc, &f.cr, &r, NULL, &d);
            if (with_body) {
                ck_assert_msg(st == EKS_ERR_SIGNATURE_MISMATCH, "query %d: status %d", query, (int)st);
                ck_assert(eks_diags_has_code(&d, EKS_DIAG_SIGNATURE_MISMATCH));
                ck_assert(strstr(d.items[d.count - 1].message, "does not cover the body") != NULL);
            } else {
                ck_assert_msg(st == EKS_OK && d.errors == 0, "query %d: status %d", query, (int)st);
            }
            eks_diags_free(&d);
            eks_sigv4_output_free(&out);
        }
}
END_TEST

/* "now" is any int64 the caller passes: the skew and expiry comparisons must not overflow
 * (UBSan: signed integer overflow in now - t for now = INT64_MIN) and must still report. */
START_TEST(verify_clock_extremes)
{
    static const int64_t nows[] = {INT64_MIN, INT64_MIN + 1, -1, INT64_MAX - 1, INT64_MAX};
    for (int mode = 0; mode < 2; mode++) {
        fixture f;
        fx_init(&f);
        f.cfg.mode = mode ? EKS_SIGV4_MODE_QUERY : EKS_SIGV4_MODE_HEADER;
        f.cfg.expires_seconds = 60;
        eks_sigv4_output out = {0};
        eks_header h[8];
        eks_http_request r = signed_fixture(&f, &out, h);
        eks_sigv4_config vc;
        memset(&vc, 0, sizeof vc);
        vc.service = S("service");
        for (size_t i = 0; i < sizeof nows / sizeof nows[0]; i++) {
            vc.epoch_seconds = nows[i];
            eks_diags d;
            eks_diags_init(&d);
            ck_assert_int_eq(eks_sigv4_verify(NULL, &vc, &f.cr, &r, NULL, &d), EKS_ERR_SIGNATURE_MISMATCH);
            ck_assert(eks_diags_has_code(&d, EKS_DIAG_CLOCK_SKEW) ||
                      (mode && eks_diags_has_code(&d, EKS_DIAG_SIGNATURE_MISMATCH)));
            eks_diags_free(&d);
        }
        vc.epoch_seconds = 1440938160 + 60; /* within 15 minutes and before expiry */
        ck_assert_int_eq(eks_sigv4_verify(NULL, &vc, &f.cr, &r, NULL, NULL), EKS_OK);
        eks_sigv4_output_free(&out);
    }
}
END_TEST

/* A header whose value is absent (ptr NULL, as eks_str allows and the signer accepts) is a
 * malformed Authorization, not a NULL pointer handed to memchr (UBSan: nonnull-attribute). */
/* sigv4.h: the init functions do nothing given NULL (they wrote through it before). */
START_TEST(init_functions_take_null)
{
    eks_sigv4_config_init_eks(NULL, S("us-west-2"), 0);
    eks_sigv4_output_init(NULL);
}
END_TEST

/* A NULL header array with a count, or a query, path or header value that is NULL with a
 * length, is refused by sign, presign and verify (sign read the headers at address 0). */
START_TEST(null_views_with_length_are_refused)
{
    eks_header h[] = {{S("Host"), S("eks.us-west-2.amazonaws.com")}};
    eks_sigv4_credentials cr = {S("AKIDEXAMPLE"), S("secret"), EKS_STR_ABSENT};
    eks_sigv4_config cfg;
    eks_sigv4_config_init_eks(&cfg, S("us-west-2"), 1764291723);
    eks_sigv4_output out;
    eks_sigv4_output_init(&out);
    for (int k = 0; k < 4; k++) {
        eks_http_request r = {.method = S("GET"), .path = S("/clusters"), .headers = h, .header_count = 1};
        eks_header bad[] = {{S("Host"), S("eks.us-west-2.amazonaws.com")}, {S("X-A"), {NULL, 3}}};
        if (k == 0)
            r.headers = NULL, r.header_count = 3;
        else if (k == 1)
            r.query = (eks_str){NULL, 5};
        else if (k == 2)
            r.path = (eks_str){NULL, 5};
        else
            r.headers = bad, r.header_count = 2;
        for (int mode = 0; mode < 2; mode++) {
            cfg.mode = mode ? EKS_SIGV4_MODE_QUERY : EKS_SIGV4_MODE_HEADER;
            cfg.expires_seconds = 60;
            ck_assert_msg(eks_sigv4_sign(NULL, &cfg, &cr, &r, &out) == EKS_ERR_INVALID_ARGUMENT, "case %d mode %d", k,
                          mode);
        }
        if (k < 3)
            ck_assert_msg(eks_sigv4_verify(NULL, &cfg, &cr, &r, NULL, NULL) == EKS_ERR_INVALID_ARGUMENT, "case %d", k);
    }
    eks_sigv4_output_free(&out);
}
END_TEST

START_TEST(verify_absent_authorization_value)
{
    fixture f;
    fx_init(&f);
    f.h[1] = (eks_header){S("X-Amz-Date"), S("20150830T123600Z")};
    f.h[2] = (eks_header){S("Authorization"), EKS_STR_ABSENT};
    f.req.header_count = 3;
    eks_diags d;
    eks_diags_init(&d);
    ck_assert_int_eq(eks_sigv4_verify(NULL, &f.cfg, &f.cr, &f.req, NULL, &d), EKS_ERR_SIGNATURE_MISMATCH);
    ck_assert(eks_diags_has_code(&d, EKS_DIAG_SIGNATURE_MALFORMED));
    eks_diags_free(&d);
}
END_TEST

/* Clock skew (AWS SigV4 documentation, "Elements of an AWS API request signature": a request
 * must reach AWS within 15 minutes of its timestamp, or it is refused as skewed). A correctly
 * signed request, header form, is checked at its own time plus and minus 900 s (accepted)
 * and 901 s (refused with EKS_DIAG_CLOCK_SKEW), in both directions; a presigned one at 901 s
 * before its X-Amz-Date (refused) and 900 s before (accepted). */
START_TEST(verify_clock_skew_bounds)
{
    const int64_t t = 1440938160; /* 20150830T123600Z, the fixture's signing time */
    for (int mode = 0; mode < 2; mode++) {
        fixture f;
        fx_init(&f);
        f.cfg.mode = mode ? EKS_SIGV4_MODE_QUERY : EKS_SIGV4_MODE_HEADER;
        f.cfg.expires_seconds = 3600; /* expiry out of the way: only the skew is tested */
        eks_sigv4_output out = {0};
        ck_assert_int_eq(eks_sigv4_sign(NULL, &f.cfg, &f.cr, &f.req, &out), EKS_OK);
        eks_http_request r = f.req;
        eks_header h[3];
        if (mode) {
            r.query = (eks_str){out.query.ptr, out.query.len};
        } else {
            ck_assert_uint_eq(out.header_count, 2); /* X-Amz-Date, Authorization */
            h[0] = f.h[0];
            h[1] = out.headers[0];
            h[2] = out.headers[1];
            r.headers = h;
            r.header_count = 3;
        }
        static const struct {
            int64_t offset;
            bool header_ok, query_ok;
        } cases[] = {
            {0, true, true},       {900, true, true},     {-900, true, true},   {901, false, true},
            {-901, false, false},  {3600, false, true},   {-3600, false, false},
        };
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            eks_sigv4_config vc;
            memset(&vc, 0, sizeof vc);
            vc.region = S("us-east-1");
            vc.service = S("service");
            vc.epoch_seconds = t + cases[i].offset;
            eks_diags d;
            eks_diags_init(&d);
            bool ok = mode ? cases[i].query_ok : cases[i].header_ok;
            eks_status st = eks_sigv4_verify(NULL, &vc, &f.cr, &r, NULL, &d);
            ck_assert_msg(st == (ok ? EKS_OK : EKS_ERR_SIGNATURE_MISMATCH), "%s form, now = t%+lld: status %d",
                          mode ? "query" : "header", (long long)cases[i].offset, (int)st);
            ck_assert_msg(eks_diags_has_code(&d, EKS_DIAG_CLOCK_SKEW) == !ok, "%s form, now = t%+lld: clock skew %s",
                          mode ? "query" : "header", (long long)cases[i].offset, ok ? "reported" : "not reported");
            eks_diags_free(&d);
        }
        eks_sigv4_output_free(&out);
    }
}
END_TEST

/* Without X-Amz-Date the time comes from the Date header (SigV4: "x-amz-date or Date";
 * botocore signs so when a request has a Date header). Signatures from botocore 1.43.11's
 * SigV4Auth over GET / with the fixture's host, key and scope, signed as "date;host": at
 * 2015-08-30T12:36:00Z its own Date form (email.utils.formatdate, "-0000"), an IMF-fixdate
 * ("GMT", usegmt=True), zones two hours east and eight west (the same instant), asctime,
 * RFC 5322 without a day name and with UT or UTC; at 2015-08-05T12:36:00Z asctime's padded
 * one-digit day and RFC 5322's one-digit day (for the forms botocore does not write itself,
 * a client's Date kept as given: SigV4Auth with _set_necessary_date_headers a no-op). */
START_TEST(verify_date_header_instead_of_x_amz_date)
{
    static const struct {
        const char *date, *signature;
        bool fifth; /* 2015-08-05, else 2015-08-30 */
    } cases[] = {
        {"Sun, 30 Aug 2015 12:36:00 -0000", "7680771e48fa28c7db272da980f990fa8ee39dee61905c4203f5da9d3d48ac86", false},
        {"Sun, 30 Aug 2015 12:36:00 GMT", "1262aceaf1a79c7f0b69fda81cd744572fcbe2e4c23b647b4de183cd5a0f1075", false},
        {"Sun, 30 Aug 2015 14:36:00 +0200", "f1335064aefe9ebe09e27b48a6f89ffad2a9b1394489c6227e268f4412507b3e", false},
        {"Sun Aug 30 12:36:00 2015", "16660d767071008dfa6b2466ea4adcd9210bee0857c7e8e7308e9e193224efae", false},
        {"Sun, 30 Aug 2015 04:36:00 -0800", "6c5e637477f17f0b9bcf62ad0e41a5f1572cb4084b86accd91cb19b8e415928f", false},
        {"30 Aug 2015 12:36:00 UT", "0f5b305706f319f999ba93c68cf008791264c103795c216584351fa63fd6e150", false},
        {"Sun, 30 Aug 2015 12:36:00 UTC", "6704b3ede8fcf3b4c3141244f359ea46e03bf40cd553a2d2ef82d51924725816", false},
        {"Wed Aug  5 12:36:00 2015", "d0ff1108de4e2bfa76a4ddf9d19efdedcd1962221e3e6c0e8b7b2b2bcced2b78", true},
        {"Wed, 5 Aug 2015 12:36:00 -0000", "f807869cc49674e8c624581e9800f75075c6ab066455e2e51841901eb46f82be", true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char auth[256];
        snprintf(auth, sizeof auth,
                 "AWS4-HMAC-SHA256 Credential=" AKID "/%s/us-east-1/service/aws4_request, "
                 "SignedHeaders=date;host, Signature=%s",
                 cases[i].fifth ? "20150805" : "20150830", cases[i].signature);
        const int64_t at = cases[i].fifth ? 1438778160 : 1440938160;
        fixture f;
        fx_init(&f);
        f.h[1] = (eks_header){S("Date"), eks_str_from_cstr(cases[i].date)};
        f.h[2] = (eks_header){S("Authorization"), eks_str_from_cstr(auth)};
        f.req.header_count = 3;
        eks_sigv4_config vc;
        memset(&vc, 0, sizeof vc);
        vc.region = S("us-east-1");
        vc.service = S("service");
        vc.epoch_seconds = at + 900; /* the edge of the 15-minute window */
        eks_diags d;
        eks_diags_init(&d);
        ck_assert_msg(eks_sigv4_verify(NULL, &vc, &f.cr, &f.req, NULL, &d) == EKS_OK, "%s: %s", cases[i].date,
                      d.count ? d.items[0].message : "");
        eks_diags_free(&d);
        vc.epoch_seconds = at + 901;
        eks_diags_init(&d);
        ck_assert_int_eq(eks_sigv4_verify(NULL, &vc, &f.cr, &f.req, NULL, &d), EKS_ERR_SIGNATURE_MISMATCH);
        ck_assert(eks_diags_has_code(&d, EKS_DIAG_CLOCK_SKEW));
        ck_assert_str_eq(d.items[0].path, "header:date");
        eks_diags_free(&d);
    }
    /* a Date that is no date: malformed, where it is */
    /* (RFC 850's two-digit year is not read: which century it means needs a clock) */
    static const char *const bad[] = {"Sun, 30 Aug 2015 12:36:00 +2400", "Sun, 30 Aug 2015 12:36:00 EST",
                                      "Sunday, 30-Aug-15 12:36:00 GMT", "Sun, 30 Aug 2015 12:36:00 +02:0",
                                      "Sun, 30 Aug 2015 12:36 GMT",       "Sun, 030 Aug 2015 12:36:00 GMT",
                                      "Sun, 30 Aug 2015 12:36:00 GMT x",  "Sun Aug 30 12:36:00 15"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        fixture f;
        fx_init(&f);
        f.h[1] = (eks_header){S("Date"), eks_str_from_cstr(bad[i])};
        f.h[2] = (eks_header){S("Authorization"),
                              S("AWS4-HMAC-SHA256 Credential=" AKID "/20150830/us-east-1/service/aws4_request, "
                                "SignedHeaders=date;host, Signature=7680771e48fa28c7db272da980f990fa8ee39dee61905c4203f5da9d3d48ac86")};
        f.req.header_count = 3;
        eks_diags d;
        eks_diags_init(&d);
        ck_assert_int_eq(eks_sigv4_verify(NULL, &f.cfg, &f.cr, &f.req, NULL, &d), EKS_ERR_SIGNATURE_MISMATCH);
        ck_assert_msg(eks_diags_has_code(&d, EKS_DIAG_SIGNATURE_MALFORMED), "%s", bad[i]);
        ck_assert_str_eq(d.items[0].path, "header:date");
        eks_diags_free(&d);
    }
}
END_TEST

/* One auth mechanism per request (AWS refuses "more than one auth mechanism"), and one copy
 * of each credential (RFC 9110 section 5.3: Authorization is no list, and a service reading
 * another copy than the verifier did would judge another request). */
/* The Authorization header names each of its three components once and nothing else
 * (exchange_auth.c reads it so for validate): a wrong Signature before the right one verified
 * by the last copy, which validate's own reading called malformed. */
START_TEST(authorization_components_once_each)
{
    fixture f;
    fx_init(&f);
    eks_sigv4_output out = {0};
    eks_header h[8];
    eks_http_request r = signed_fixture(&f, &out, h);
    size_t ai = 0;
    while (ai < r.header_count && !eks_str_eq_cstr(h[ai].name, "Authorization"))
        ai++;
    ck_assert_uint_lt(ai, r.header_count);
    char good[512];
    ck_assert_uint_lt(h[ai].value.len, sizeof good);
    memcpy(good, h[ai].value.ptr, h[ai].value.len);
    good[h[ai].value.len] = '\0';
    char *sig = strstr(good, "Signature=");
    ck_assert_ptr_nonnull(sig);
    const char *right = sig + 10;
    int head = (int)(sig - good); /* "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=, " */
    char value[4][512];
    snprintf(value[0], sizeof value[0], "%.*sSignature=%064d, Signature=%s", head, good, 0, right);
    snprintf(value[1], sizeof value[1], "%.*sSignature=%s, Signature=%s", head, good, right, right);
    snprintf(value[2], sizeof value[2], "%.*sSignature=%s, Extra=1", head, good, right);
    snprintf(value[3], sizeof value[3], "%.*sSignature=%s, junk", head, good, right);
    static const char *const why[4] = {"repeats a component", "repeats a component", "other than Credential",
                                       "without '='"};
    eks_sigv4_config vc = f.cfg;
    vc.amz_date = EKS_STR_ABSENT;
    for (size_t i = 0; i < 4; i++) {
        h[ai].value = eks_str_from_cstr(value[i]);
        eks_diags d;
        eks_diags_init(&d);
        ck_assert_msg(eks_sigv4_verify(NULL, &vc, &f.cr, &r, NULL, &d) == EKS_ERR_SIGNATURE_MISMATCH, "%s", value[i]);
        ck_assert_msg(eks_diags_has_code(&d, EKS_DIAG_SIGNATURE_MALFORMED) && strstr(d.items[0].message, why[i]),
                      "%s: %s", value[i], d.count ? d.items[0].message : "no diagnostic");
        eks_diags_free(&d);
    }
    /* the SDKs' own layout, and blanks or an empty component around it, still verify */
    snprintf(value[0], sizeof value[0], " %.*sSignature=%s ,", head, good, right);
    h[ai].value = eks_str_from_cstr(value[0]);
    ck_assert_int_eq(eks_sigv4_verify(NULL, &vc, &f.cr, &r, NULL, NULL), EKS_OK);
    eks_sigv4_output_free(&out);
}
END_TEST

START_TEST(one_auth_mechanism_one_copy)
{
    /* signing with a header refuses a query that already carries a presignature */
    static const char *const presigned_queries[] = {"a=1&X-Amz-Signature=abc", "X-Amz-Algorithm=AWS4-HMAC-SHA256",
                                                    "X%2DAmz%2DCredential=k"};
    for (size_t i = 0; i < sizeof presigned_queries / sizeof presigned_queries[0]; i++) {
        fixture f;
        fx_init(&f);
        f.req.query = eks_str_from_cstr(presigned_queries[i]);
        eks_sigv4_output out = {0};
        ck_assert_msg(eks_sigv4_sign(NULL, &f.cfg, &f.cr, &f.req, &out) == EKS_ERR_INVALID_ARGUMENT, "%s",
                      presigned_queries[i]);
        eks_sigv4_output_free(&out);
    }
    /* names that are no presignature (another case: query names are case-sensitive) */
    static const char *const plain_queries[] = {"x-amz-signature=abc", "X-Amz-Date=1&X-Amz-Expires=2", "X-Amz-Target=t"};
    for (size_t i = 0; i < sizeof plain_queries / sizeof plain_queries[0]; i++) {
        fixture f;
        fx_init(&f);
        f.req.query = eks_str_from_cstr(plain_queries[i]);
        eks_sigv4_output out = {0};
        ck_assert_msg(eks_sigv4_sign(NULL, &f.cfg, &f.cr, &f.req, &out) == EKS_OK, "%s", plain_queries[i]);
        eks_sigv4_output_free(&out);
    }
    for (int mode = 0; mode < 2; mode++) {
        fixture f;
        fx_init(&f);
        f.cfg.mode = mode ? EKS_SIGV4_MODE_QUERY : EKS_SIGV4_MODE_HEADER;
        f.cfg.expires_seconds = 60;
        eks_sigv4_output out = {0};
        eks_header h[8];
        eks_http_request r = signed_fixture(&f, &out, h);
        char q[1024];
        eks_sigv4_config vc;
        memset(&vc, 0, sizeof vc);
        vc.service = S("service");
        ck_assert_int_eq(eks_sigv4_verify(NULL, &vc, &f.cr, &r, NULL, NULL), EKS_OK); /* as signed */
        eks_diags d;
        if (mode) {
            /* a second X-Amz-Signature, after the right one */
            snprintf(q, sizeof q, "%.*s&X-Amz-Signature=%064d", (int)out.query.len, out.query.ptr, 0);
            r.query = eks_str_from_cstr(q);
        } else {
            /* a second Authorization header, after the right one */
            h[r.header_count++] = (eks_header){S("authorization"),
                                               S("AWS4-HMAC-SHA256 Credential=X/20150830/us-east-1/service/aws4_request, "
                                                 "SignedHeaders=host, Signature=0000000000000000000000000000000000000000000000000000000000000000")};
        }
        eks_diags_init(&d);
        ck_assert_int_eq(eks_sigv4_verify(NULL, &vc, &f.cr, &r, NULL, &d), EKS_ERR_SIGNATURE_MISMATCH);
        ck_assert_msg(eks_diags_has_code(&d, EKS_DIAG_SIGNATURE_MALFORMED), "mode %d: %s", mode,
                      d.count ? d.items[0].message : "");
        eks_diags_free(&d);
        if (!mode) {
            /* the right Authorization header, and a presignature's parameter in the query */
            r.header_count--;
            r.query = S("X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request");
            eks_diags_init(&d);
            ck_assert_int_eq(eks_sigv4_verify(NULL, &vc, &f.cr, &r, NULL, &d), EKS_ERR_SIGNATURE_MISMATCH);
            ck_assert(eks_diags_has_code(&d, EKS_DIAG_SIGNATURE_MALFORMED));
            ck_assert_str_eq(d.items[0].path, "query");
            eks_diags_free(&d);
        }
        eks_sigv4_output_free(&out);
    }
}
END_TEST

/* SigV4 key derivation spelled out with OpenSSL's one-shot HMAC (an independent path from
 * the signer's precomputed states), for a secret longer than an HMAC block minus "AWS4":
 * such keys are hashed first (RFC 2104), a branch ordinary secrets never take. */
static void hmac256(const void *key, size_t klen, const void *msg, size_t mlen, unsigned char out[32])
{
    unsigned int n = 32;
    ck_assert_ptr_nonnull(HMAC(EVP_sha256(), key, (int)klen, msg, mlen, out, &n));
}

START_TEST(long_secret_matches_spec_derivation)
{
    char secret[100];
    memset(secret, 'k', sizeof secret - 1);
    secret[sizeof secret - 1] = '\0';
    eks_header h[] = {{EKS_STR_LIT("Host"), EKS_STR_LIT("eks.us-west-2.amazonaws.com")}};
    eks_http_request r = {.method = EKS_STR_LIT("POST"), .path = EKS_STR_LIT("/"), .headers = h,
                          .header_count = 1, .body = EKS_STR_LIT("{}")};
    eks_sigv4_config cfg;
    eks_sigv4_config_init_eks(&cfg, EKS_STR_LIT("us-west-2"), 1764291723); /* 2025-11-28 */
    eks_sigv4_credentials cr = {EKS_STR_LIT("AKIDEXAMPLE"), eks_str_from_cstr(secret), EKS_STR_ABSENT};
    eks_sigv4_output out;
    eks_sigv4_output_init(&out);
    ck_assert_int_eq(eks_sigv4_sign(NULL, &cfg, &cr, &r, &out), EKS_OK);
    char k0[4 + sizeof secret];
    memcpy(k0, "AWS4", 4);
    memcpy(k0 + 4, secret, sizeof secret - 1);
    unsigned char kd[32], kr[32], ks[32], kk[32], sig[32];
    hmac256(k0, 4 + sizeof secret - 1, out.amz_date, 8, kd);
    hmac256(kd, 32, "us-west-2", 9, kr);
    hmac256(kr, 32, "eks", 3, ks);
    hmac256(ks, 32, "aws4_request", 12, kk);
    hmac256(kk, 32, out.string_to_sign.ptr, out.string_to_sign.len, sig);
    char hex[65];
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", sig[i]);
    ck_assert_str_eq(out.signature, hex);
    eks_sigv4_output_free(&out);
}
END_TEST

/* Many headers in reverse order: the canonical request lists them sorted by name, so the
 * signature is that of the same headers given in order (SigV4: the order received does not
 * matter, only repeated names keep theirs). */
/* CPU seconds of the fastest of three verifications of a request with n headers, every one
 * of them signed (n names in SignedHeaders). */
static double verify_seconds(size_t n)
{
    eks_header *h = calloc(n + 3, sizeof *h);
    char *names = malloc(n * 8);
    char *auth = malloc(n * 8 + 256);
    ck_assert(h && names && auth);
    int len = sprintf(auth, "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20251128/us-west-2/eks/aws4_request, "
                            "SignedHeaders=");
    for (size_t i = 0; i < n; i++) {
        snprintf(names + 8 * i, 8, "h%06zu", i);
        h[i] = (eks_header){{names + 8 * i, 7}, EKS_STR_LIT("v")};
        len += sprintf(auth + len, "h%06zu;", i);
    }
    len += sprintf(auth + len, "host;x-amz-date, Signature=%064d", 0);
    h[n] = (eks_header){EKS_STR_LIT("Host"), EKS_STR_LIT("eks.us-west-2.amazonaws.com")};
    h[n + 1] = (eks_header){EKS_STR_LIT("X-Amz-Date"), EKS_STR_LIT("20251128T010203Z")};
    h[n + 2] = (eks_header){EKS_STR_LIT("Authorization"), {auth, (size_t)len}};
    eks_http_request r = {.method = EKS_STR_LIT("GET"), .path = EKS_STR_LIT("/"), .headers = h,
                          .header_count = n + 3, .body = EKS_STR_LIT("")};
    eks_sigv4_config cfg;
    memset(&cfg, 0, sizeof cfg);
    eks_sigv4_credentials cr = {EKS_STR_LIT("AKIDEXAMPLE"), EKS_STR_LIT("s"), EKS_STR_ABSENT};
    double best = 1e9;
    for (int k = 0; k < 3; k++) {
        clock_t t = clock();
        ck_assert_int_eq(eks_sigv4_verify(NULL, &cfg, &cr, &r, NULL, NULL), EKS_ERR_SIGNATURE_MISMATCH);
        double sec = (double)(clock() - t) / CLOCKS_PER_SEC;
        best = sec < best ? sec : best;
    }
    free(auth);
    free(names);
    free(h);
    return best;
}

/* Verifying a request of n headers, all signed, costs about n log n: a captured request of
 * thousands of signed headers (a JSON Lines record may hold 32 MiB) took seconds when each
 * header was looked up in the signed list, and each listed name among the headers, by a scan
 * (n^2: ten times the headers, a hundred times the time). Machine speed cancels out of the
 * ratio; 40 leaves room for n log n and noise. */
START_TEST(verify_cost_grows_with_headers_not_their_square)
{
    double small = verify_seconds(1500), large = verify_seconds(15000);
    fprintf(stderr, "sigv4: verify of 1,500 / 15,000 signed headers: %.4f / %.4f s CPU\n", small, large);
    ck_assert_msg(large < 40 * (small > 1e-4 ? small : 1e-4), "%.4f s for 15,000 headers against %.4f s for 1,500",
                  large, small);
}
END_TEST

START_TEST(many_headers_sorted_independent_of_order)
{
    enum { N = 40 };
    char names[N][16];
    eks_header rev[N + 1], fwd[N + 1];
    for (int i = 0; i < N; i++)
        snprintf(names[i], sizeof names[i], "x-h-%02d", i);
    rev[0] = fwd[0] = (eks_header){EKS_STR_LIT("Host"), EKS_STR_LIT("example.amazonaws.com")};
    for (int i = 0; i < N; i++) {
        fwd[i + 1] = (eks_header){eks_str_from_cstr(names[i]), EKS_STR_LIT("v")};
        rev[i + 1] = (eks_header){eks_str_from_cstr(names[N - 1 - i]), EKS_STR_LIT("v")};
    }
    eks_http_request r = {.method = EKS_STR_LIT("GET"), .path = EKS_STR_LIT("/"), .headers = rev,
                          .header_count = N + 1, .body = EKS_STR_LIT("")};
    eks_sigv4_config cfg;
    eks_sigv4_config_init_eks(&cfg, EKS_STR_LIT("us-east-1"), 1764291723);
    eks_sigv4_credentials cr = {EKS_STR_LIT("AKIDEXAMPLE"), EKS_STR_LIT("s"), EKS_STR_ABSENT};
    eks_sigv4_output a, b;
    eks_sigv4_output_init(&a);
    eks_sigv4_output_init(&b);
    ck_assert_int_eq(eks_sigv4_sign(NULL, &cfg, &cr, &r, &a), EKS_OK);
    r.headers = fwd;
    ck_assert_int_eq(eks_sigv4_sign(NULL, &cfg, &cr, &r, &b), EKS_OK);
    ck_assert_str_eq(a.signature, b.signature);
    const char *prev = NULL;
    for (int i = 0; i < N; i++) {
        const char *at = strstr(a.canonical_request.ptr, names[i]);
        ck_assert_ptr_nonnull(at);
        if (prev)
            ck_assert(at > prev);
        prev = at;
    }
    eks_sigv4_output_free(&a);
    eks_sigv4_output_free(&b);
}
END_TEST

START_TEST(cache_new_arguments)
{
    eks_sigv4_cache *c = NULL;
    ck_assert_int_eq(eks_sigv4_cache_new(0, NULL), EKS_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(eks_sigv4_cache_new(SIZE_MAX, &c), EKS_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_null(c);
    ck_assert_int_eq(eks_sigv4_cache_new(0, &c), EKS_OK); /* 0 = the default size */
    ck_assert_uint_eq(eks_sigv4_cache_count(c), 0);
    eks_sigv4_cache_free(c);
    eks_sigv4_cache_free(NULL);
}
END_TEST

/* A request that already carries presign parameters (a re-signed capture, or hostile input)
 * gets them replaced, never duplicated: botocore's query signer overwrites them too, and a
 * verifier reading the first X-Amz-Date would otherwise see the stale one. */
START_TEST(presign_replaces_existing_auth_params)
{
    eks_header h[] = {{EKS_STR_LIT("Host"), EKS_STR_LIT("eks.us-west-2.amazonaws.com")}};
    eks_http_request r = {.method = EKS_STR_LIT("GET"), .path = EKS_STR_LIT("/"),
                          .query = EKS_STR_LIT("X-Amz-Date=x&foo=bar&X%2DAmz%2DSignature=abc&X-Amz-Expires=9"),
                          .headers = h, .header_count = 1, .body = EKS_STR_LIT("")};
    eks_sigv4_config cfg;
    eks_sigv4_config_init_eks(&cfg, EKS_STR_LIT("us-west-2"), 1764291723);
    cfg.mode = EKS_SIGV4_MODE_QUERY;
    cfg.expires_seconds = 60;
    eks_sigv4_credentials cr = {EKS_STR_LIT("AKIDEXAMPLE"), EKS_STR_LIT("secret"), EKS_STR_ABSENT};
    eks_sigv4_output out;
    eks_sigv4_output_init(&out);
    ck_assert_int_eq(eks_sigv4_sign(NULL, &cfg, &cr, &r, &out), EKS_OK);
    const char *q = out.query.ptr;
    ck_assert_ptr_nonnull(strstr(q, "foo=bar&"));
    ck_assert_ptr_null(strstr(q, "X-Amz-Date=x"));
    ck_assert_ptr_null(strstr(q, "Signature=abc"));
    ck_assert_ptr_null(strstr(q, "X-Amz-Expires=9&"));
    ck_assert_ptr_nonnull(strstr(q, "X-Amz-Expires=60&"));
    const char *first = strstr(q, "X-Amz-Date=");
    ck_assert_ptr_null(strstr(first + 1, "X-Amz-Date="));
    /* and the result verifies */
    eks_http_request signed_req = r;
    signed_req.query = (eks_str){out.query.ptr, out.query.len};
    ck_assert_int_eq(eks_sigv4_verify(NULL, &cfg, &cr, &signed_req, NULL, NULL), EKS_OK);
    eks_sigv4_output_free(&out);
}
END_TEST

/* The presignature parameters are those the SigV4 query form defines (X-Amz-Algorithm,
 * -Credential, -Date, -Expires, -SignedHeaders, -Security-Token, -Signature), matched after
 * percent-decoding; everything else stays byte for byte and in order. */
START_TEST(query_without_auth_keeps_the_rest)
{
    eks_buf out;
    eks_buf_init(&out);
    ck_assert_int_eq(eks_sigv4_query_without_auth(
                         EKS_STR_LIT("X-Amz-Algorithm=AWS4-HMAC-SHA256&a=1&X%2DAmz%2DSignature=abc&"
                                     "b=&&x-amz-date=2&X-Amz-Credential=k%2F1&c&X-Amz-Expires=9&"
                                     "X-Amz-SignedHeaders=host&X-Amz-Security-Token=t&X-Amz-Target=z"),
                         &out),
                     EKS_OK);
    /* header names are case-insensitive, query names are not: x-amz-date is the caller's */
    ck_assert_str_eq(out.ptr, "a=1&b=&x-amz-date=2&c&X-Amz-Target=z");
    eks_buf_clear(&out);
    ck_assert_int_eq(eks_sigv4_query_without_auth(EKS_STR_LIT("X-Amz-Signature=abc"), &out), EKS_OK);
    ck_assert_uint_eq(out.len, 0);
    ck_assert_int_eq(eks_buf_append_cstr(&out, "kept"), EKS_OK);
    ck_assert_int_eq(eks_sigv4_query_without_auth(EKS_STR_ABSENT, &out), EKS_OK);
    ck_assert_str_eq(out.ptr, "kept"); /* appends, never clears */
    ck_assert_int_eq(eks_sigv4_query_without_auth(EKS_STR_LIT("a"), NULL), EKS_ERR_INVALID_ARGUMENT);
    eks_buf_free(&out);
}
END_TEST

static Suite *sigv4_suite(void)
{
    Suite *s = suite_create("sigv4");
    TCase *v = tcase_create("vectors");
    tcase_add_test(v, aws_c_auth_header_signing);
    tcase_add_test(v, aws_c_auth_query_signing);
    tcase_add_test(v, botocore_aws4_authz);
    tcase_add_test(v, verify_header_form_suite);
    tcase_add_test(v, verify_query_form_suite);
    suite_add_tcase(s, v);
    TCase *u = tcase_create("rules");
    tcase_set_timeout(u, 120); /* the every-position sweeps, under ASan or valgrind */
    tcase_add_test(u, presign_replaces_existing_auth_params);
    tcase_add_test(u, query_without_auth_keeps_the_rest);
    tcase_add_test(u, long_secret_matches_spec_derivation);
    tcase_add_test(u, many_headers_sorted_independent_of_order);
    tcase_add_test(u, verify_cost_grows_with_headers_not_their_square);
    tcase_add_test(u, cache_new_arguments);
    tcase_add_test(u, header_values_trimmed_and_collapsed);
    tcase_add_test(u, headers_sorted_repeats_joined_in_order);
    tcase_add_test(u, hop_by_hop_and_volatile_headers_never_signed);
    tcase_add_test(u, path_double_encoded_and_normalized);
    tcase_add_test(u, query_decoded_reencoded_sorted);
    tcase_add_test(u, host_port_kept);
    tcase_add_test(u, expires_bounds);
    tcase_add_test(u, session_token_appended_unsigned);
    tcase_add_test(u, content_sha256_header_on_request_only);
    tcase_add_test(u, time_input_forms);
    tcase_add_test(u, reused_output_matches_fresh);
    tcase_add_test(u, path_normalization_every_position);
    tcase_add_test(u, swar_checks_every_position);
    tcase_add_test(u, time_format_matches_gmtime);
    tcase_add_test(u, time_every_digit_and_separator);
    tcase_add_test(u, invalid_arguments);
    tcase_add_test(u, eks_defaults);
    tcase_add_test(u, cache_hits_evicts_lru_and_matches_uncached);
    tcase_add_test(u, steady_state_reuses_output_storage);
    tcase_add_test(u, verify_reports_without_secrets);
    tcase_add_test(u, verify_unsigned_headers);
    tcase_add_test(u, verify_presigned_expiry);
    tcase_add_test(u, presigned_expires_one_rule);
    tcase_add_test(u, signature_that_covers_no_body);
    tcase_add_test(u, authorization_components_once_each);
    tcase_add_test(u, verify_clock_skew_bounds);
    tcase_add_test(u, verify_clock_extremes);
    tcase_add_test(u, verify_absent_authorization_value);
    tcase_add_test(u, verify_date_header_instead_of_x_amz_date);
    tcase_add_test(u, one_auth_mechanism_one_copy);
    tcase_add_test(u, init_functions_take_null);
    tcase_add_test(u, null_views_with_length_are_refused);
    tcase_add_test(u, empty_session_token_is_none);
    suite_add_tcase(s, u);
    suite_add_tcase(s, sigv4_diff_tcase());
    return s;
}

int main(void)
{
    return ts_run_suite(sigv4_suite());
}
