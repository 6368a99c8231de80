/*
 * DisassociateIdentityProviderConfig request: encode and decode.
 *
 * Expected values come from the specifications, not from the code under test:
 *  - the path template, method and member names from the official model
 *    (POST /clusters/{name}/identity-provider-configs/disassociate);
 *  - label encoding from RFC 3986 §2.1-2.3 (every byte outside ALPHA / DIGIT / "-" / "." /
 *    "_" / "~" becomes %XX with upper-case hex, '/' included since {name} is not greedy),
 *    which is also what Smithy's httpLabel and botocore's percent_encode(safe='') do;
 *  - UUID version 4 layout from RFC 9562 §5.4 (version nibble 0100 in octet 6, variant 10 in
 *    octet 8, lower-case hex in 8-4-4-4-12 groups);
 *  - JSON from RFC 8259 (checked by parsing our bytes with json-c in strict mode);
 *  - the diagnostics contract from DESIGN.md §2-3 and include/ekscodec/codec.h.
 */
#include "ekscodec/codec.h"
#include "ekscodec/endpoint.h"
#include "ekscodec/op_codec.h"
#include "test_support.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PATH_SUFFIX "/identity-provider-configs/disassociate"

/* ---- helpers ----------------------------------------------------------------------------- */

static const eks_diag *find_diag(const eks_diags *d, eks_diag_code code, const char *path)
{
    for (size_t i = 0; i < d->count; i++)
        if (d->items[i].code == code && (!path || strcmp(d->items[i].path, path) == 0))
            return &d->items[i];
    return NULL;
}

static void dump_diags(const eks_diags *d)
{
    for (size_t i = 0; i < d->count; i++)
        fprintf(stderr, "    diag %s %s path=%s offset=%zu: %s\n", eks_severity_name(d->items[i].severity),
                eks_diag_code_name(d->items[i].code), d->items[i].path,
                d->items[i].offset, d->items[i].message);
}

#define ASSERT_DIAG(diags, code, path, sev)                                                         \
    do {                                                                                            \
        const eks_diag *dg_ = find_diag((diags), (code), (path));                                   \
        if (!dg_)                                                                                   \
            dump_diags(diags);                                                                      \
        ck_assert_msg(dg_ != NULL, "expected diagnostic %s at %s", eks_diag_code_name(code),        \
                      (path) ? (const char *)(path) : "(any)");                                     \
        ck_assert_msg(dg_->severity == (sev), "diagnostic %s has severity %s",                     \
                      eks_diag_code_name(code), eks_severity_name(dg_->severity));                  \
    } while (0)

/* json-c in strict mode with UTF-8 validation; NULL unless every byte was consumed. */
static json_object *parse_strict(const char *s, size_t len)
{
    json_tokener *t = json_tokener_new();
    json_tokener_set_flags(t, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
    json_object *o = json_tokener_parse_ex(t, s, (int)len);
    if (json_tokener_get_error(t) != json_tokener_success || json_tokener_get_parse_end(t) != len) {
        json_object_put(o);
        o = NULL;
    }
    json_tokener_free(t);
    return o;
}

static eks_str S(const char *s) { return eks_str_from_cstr(s); }

static eks_disassociate_idp_request make_req(const char *cluster, const char *type, const char *name,
                                             const char *token)
{
    eks_disassociate_idp_request r;
    memset(&r, 0, sizeof r);
    r.present = true;
    r.cluster_name = S(cluster);
    r.identity_provider_config.present = true;
    r.identity_provider_config.type = S(type);
    r.identity_provider_config.name = S(name);
    r.client_request_token = S(token);
    return r;
}

static eks_request_options opts_host(void)
{
    eks_request_options o;
    memset(&o, 0, sizeof o);
    o.host = EKS_STR_LIT("eks.us-west-2.amazonaws.com");
    return o;
}

static bool str_is(eks_str s, const char *want)
{
    return s.ptr && s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0;
}

#define ASSERT_STR(s, want)                                                                         \
    ck_assert_msg(str_is((s), (want)), "got \"%.*s\" (len %zu), want \"%s\"", (int)(s).len,        \
                  (s).ptr ? (s).ptr : "(absent)", (s).len, (want))

static const eks_header *hdr(const eks_http_request *h, const char *name)
{
    return eks_http_find_header(h->headers, h->header_count, name);
}

/* RFC 3986 §2.3 unreserved set, §2.1 upper-case hex: the reference the encoder is held to. */
static void ref_percent_encode(const unsigned char *s, size_t len, char *out)
{
    static const char unreserved[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] && strchr(unreserved, s[i])) {
            out[o++] = (char)s[i];
        } else {
            o += (size_t)sprintf(out + o, "%%%02X", s[i]);
        }
    }
    out[o] = '\0';
}

/* ---- encode ------------------------------------------------------------------------------ */

START_TEST(enc_basic)
{
    eks_disassociate_idp_request r = make_req("prod", "oidc", "okta", "tok-1");
    eks_request_options o = opts_host();
    eks_encoded_request out = {0};
    eks_diags d;
    eks_diags_init(&d);
    ck_assert_int_eq(eks_disassociate_idp_request_encode(&r, &o, &out, &d), EKS_OK);
    ck_assert_uint_eq(d.count, 0);
    ASSERT_STR(out.http.method, "POST");
    ASSERT_STR(out.http.path, "/clusters/prod" PATH_SUFFIX);
    ck_assert_ptr_null(out.http.query.ptr);
    ASSERT_STR(out.url, "https://eks.us-west-2.amazonaws.com/clusters/prod" PATH_SUFFIX);
    ASSERT_STR(out.host, "eks.us-west-2.amazonaws.com");
    const eks_header *h = hdr(&out.http, "content-type");
    ck_assert_ptr_nonnull(h);
    ASSERT_STR(h->value, "application/json");
    h = hdr(&out.http, "host");
    ck_assert_ptr_nonnull(h);
    ASSERT_STR(h->value, "eks.us-west-2.amazonaws.com");
    h = hdr(&out.http, "content-length");
    ck_assert_ptr_nonnull(h);
    char clen[24];
    snprintf(clen, sizeof clen, "%zu", out.http.body.len);
    ASSERT_STR(h->value, clen);
    /* Exactly the body members given: the URI member clusterName is not repeated in the body. */
    json_object *got = parse_strict(out.http.body.ptr, out.http.body.len);
    ck_assert_msg(got != NULL, "body is not strict JSON: %.*s", (int)out.http.body.len, out.http.body.ptr);
    json_object *want = json_tokener_parse(
        "{\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"okta\"},\"clientRequestToken\":\"tok-1\"}");
    ck_assert_msg(json_object_equal(got, want), "body %.*s", (int)out.http.body.len, out.http.body.ptr);
    ck_assert(!out.token_generated);
    ASSERT_STR(out.client_request_token, "tok-1");
    json_object_put(got);
    json_object_put(want);
    eks_encoded_request_free(&out);
    eks_diags_free(&d);
}
END_TEST

static void encode_path_of(const char *cluster, size_t cluster_len, char *path_out, size_t cap)
{
    eks_disassociate_idp_request r = make_req(NULL, "oidc", "okta", "t");
    r.cluster_name = (eks_str){cluster, cluster_len};
    eks_request_options o = opts_host();
    eks_encoded_request out = {0};
    eks_diags d;
    eks_diags_init(&d);
    eks_status st = eks_disassociate_idp_request_encode(&r, &o, &out, &d);
    if (st != EKS_OK)
        dump_diags(&d);
    ck_assert_int_eq(st, EKS_OK);
    ck_assert_uint_lt(out.http.path.len, cap);
    memcpy(path_out, out.http.path.ptr, out.http.path.len);
    path_out[out.http.path.len] = '\0';
    eks_encoded_request_free(&out);
    eks_diags_free(&d);
}

START_TEST(enc_label_percent_encoding_known)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"a/b", "a%2Fb"},
        {"\xC3\xBC", "%C3%BC"},                       /* ü U+00FC */
        /* Smithy's label-escaping vector, derived byte by byte from RFC 3986 §2.2/2.3. */
        {" %:/?#[]@!$&'()*+,;=\xF0\x9F\x98\xB9",
         "%20%25%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%F0%9F%98%B9"},
        {"-._~", "-._~"},
        {"AZaz09", "AZaz09"},
        {"100%", "100%25"},
        {"%2F", "%252F"},
        {"\xE6\x97\xA5", "%E6%97%A5"},               /* 日 U+65E5 */
        {"\xF4\x8F\xBF\xBF", "%F4%8F%BF%BF"},        /* U+10FFFF */
        {"a..b", "a..b"},
        {"...", "..."},
        {"tab\tnl\n", "tab%09nl%0A"},
        {"\x7F", "%7F"},
    };
    char path[4096], want[4096];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        encode_path_of(cases[i].in, strlen(cases[i].in), path, sizeof path);
        snprintf(want, sizeof want, "/clusters/%s" PATH_SUFFIX, cases[i].want);
        ck_assert_msg(strcmp(path, want) == 0, "case %zu: got %s want %s", i, path, want);
    }
}
END_TEST

START_TEST(enc_label_every_ascii_byte)
{
    /* Every single byte 0x00..0x7F (all valid one-byte UTF-8), and a label holding all of them. */
    char path[4096], want[4096], enc[1024];
    unsigned char all[128];
    for (unsigned c = 0; c < 128; c++) {
        unsigned char b = (unsigned char)c;
        all[c] = b;
        if (c == '.')
            continue; /* "." alone is a dot segment, tested below */
        encode_path_of((const char *)&b, 1, path, sizeof path);
        ref_percent_encode(&b, 1, enc);
        snprintf(want, sizeof want, "/clusters/%s" PATH_SUFFIX, enc);
        ck_assert_msg(strcmp(path, want) == 0, "byte 0x%02X: got %s want %s", c, path, want);
    }
    encode_path_of((const char *)all, sizeof all, path, sizeof path);
    ref_percent_encode(all, sizeof all, enc);
    snprintf(want, sizeof want, "/clusters/%s" PATH_SUFFIX, enc);
    ck_assert_str_eq(path, want);
}
END_TEST

START_TEST(enc_label_rejected)
{
    static const struct {
        const char *name;
        eks_diag_code code;
    } cases[] = {
        {"", EKS_DIAG_EMPTY_URI_LABEL},
        {".", EKS_DIAG_DOT_SEGMENT_LABEL},
        {"..", EKS_DIAG_DOT_SEGMENT_LABEL},
    };
    eks_encoded_request out = {0};
    for (size_t i = 0; i < 3; i++) {
        eks_disassociate_idp_request r = make_req(cases[i].name, "oidc", "okta", "t");
        eks_request_options o = opts_host();
        eks_diags d;
        eks_diags_init(&d);
        ck_assert_int_eq(eks_disassociate_idp_request_encode(&r, &o, &out, &d), EKS_ERR_VALIDATION_FAILED);
        ASSERT_DIAG(&d, cases[i].code, "$.clusterName", EKS_SEV_ERROR);
        ck_assert_uint_eq(out.http.header_count, 0);
        ck_assert_ptr_null(out.http.path.ptr);
        eks_diags_free(&d);
    }
    eks_encoded_request_free(&out);
}
END_TEST

START_TEST(enc_missing_required)
{
    static const struct {
        const char *cluster, *type, *name;
        bool idp_present;
        const char *path;
    } cases[] = {
        {NULL, "oidc", "okta", true, "$.clusterName"},
        {"c", NULL, NULL, false, "$.identityProviderConfig"},
        {"c", NULL, "okta", true, "$.identityProviderConfig.type"},
        {"c", "oidc", NULL, true, "$.identityProviderConfig.name"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        eks_disassociate_idp_request r = make_req(cases[i].cluster, cases[i].type, cases[i].name, "t");
        r.identity_provider_config.present = cases[i].idp_present;
        eks_request_options o = opts_host();
        eks_encoded_request out = {0};
        eks_diags d;
        eks_diags_init(&d);
        ck_assert_int_eq(eks_disassociate_idp_request_encode(&r, &o, &out, &d), EKS_ERR_VALIDATION_FAILED);
        ASSERT_DIAG(&d, EKS_DIAG_MISSING_REQUIRED_MEMBER, cases[i].path, EKS_SEV_ERROR);
        ck_assert_uint_eq(d.errors, 1);
        eks_diags_free(&d);
        eks_encoded_request_free(&out);
    }
    /* Both members of identityProviderConfig missing: two diagnostics. */
    eks_disassociate_idp_request r = make_req("c", NULL, NULL, "t");
    eks_request_options o = opts_host();
    eks_encoded_request out = {0};
    eks_diags d;
    eks_diags_init(&d);
    ck_assert_int_eq(eks_disassociate_idp_request_encode(&r, &o, &out, &d), EKS_ERR_VALIDATION_FAILED);
    ASSERT_DIAG(&d, EKS_DIAG_MISSING_REQUIRED_MEMBER, "$.identityProviderConfig.type", EKS_SEV_ERROR);
    ASSERT_DIAG(&d, EKS_DIAG_MISSING_REQUIRED_MEMBER, "$.identityProviderConfig.name", EKS_SEV_ERROR);
    eks_diags_free(&d);
    eks_encoded_request_free(&out);
    /* Required empty strings are present: the model has no length constraint on them. */
    r = make_req("c", "", "", "t");
    eks_diags_init(&d);
    ck_assert_int_eq(eks_disassociate_idp_request_encode(&r, &o, &out, &d), EKS_OK);
    json_object *got = parse_strict(out.http.body.ptr, out.http.body.len);
    json_object *want = json_tokener_parse("{\"identityProviderConfig\":{\"type\":\"\",\"name\":\"\"},\"clientRequestToken\":\"t\"}");
    ck_assert(json_object_equal(got, want));
    json_object_put(got);
    json_object_put(want);
    eks_diags_free(&d);
    eks_encoded_request_free(&out);
}
END_TEST

/* A deterministic randomness source: returns a fixed 16-byte pattern and counts calls. */
typedef struct fixed_random {
    unsigned char bytes[16];
    int calls;
    size_t last_len;
    eks_status result;
} fixed_random;

static eks_status fixed_fill(void *ctx, unsigned char *buf, size_t len)
{
    fixed_random *f = ctx;
    f->calls++;
    f->last_len = len;
    for (size_t i = 0; i < len; i++)
        buf[i] = f->bytes[i % 16];
    return f->result;
}

static void check_uuid_v4_format(eks_str t)
{
    ck_assert_uint_eq(t.len, 36);
    for (size_t i = 0; i < 36; i++) {
        char c = t.ptr[i];
        if (i == 8 || i == 13 || i == 18 || i == 23)
            ck_assert_msg(c == '-', "uuid %.36s: '-' expected at %zu", t.ptr, i);
        else
            ck_assert_msg((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'),
                          "uuid %.36s: lower-case hex expected at %zu", t.ptr, i);
    }
    ck_assert_msg(t.ptr[14] == '4', "uuid %.36s: version nibble", t.ptr);            /* RFC 9562 §5.4 */
    ck_assert_msg(strchr("89ab", t.ptr[19]) != NULL, "uuid %.36s: variant", t.ptr); /* §4.1 variant 10xx */
}

static void body_token(eks_str body, char *out, size_t cap)
{
    json_object *o = parse_strict(body.ptr, body.len);
    ck_assert_ptr_nonnull(o);
    json_object *t;
    ck_assert(json_object_object_get_ex(o, "clientRequestToken", &t));
    snprintf(out, cap, "%s", json_object_get_string(t));
    json_object_put(o);
}

START_TEST(enc_token_injected_random)
{
    /* Expected UUIDs computed by hand from RFC 9562 §5.4: octet 6 = (b6 & 0x0F) | 0x40,
     * octet 8 = (b8 & 0x3F) | 0x80, the rest verbatim. */
    static const struct {
        unsigned char b[16];
        const char *want;
    } cases[] = {
        {{0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f},
         "00010203-0405-4607-8809-0a0b0c0d0e0f"},
        {{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
         "ffffffff-ffff-4fff-bfff-ffffffffffff"},
        {{0}, "00000000-0000-4000-8000-000000000000"},
        {{0xde, 0xad, 0xbe, 0xef, 0x12, 0x34, 0xa6, 0x78, 0x5a, 0xbc, 0xde, 0xf0, 0x11, 0x22, 0x33, 0x44},
         "deadbeef-1234-4678-9abc-def011223344"},
    };
    eks_encoded_request out = {0};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fixed_random fr;
        memset(&fr, 0, sizeof fr);
        memcpy(fr.bytes, cases[i].b, 16);
        eks_disassociate_idp_request r = make_req("prod", "oidc", "okta", NULL);
        eks_request_options o = opts_host();
        o.random.fill = fixed_fill;
        o.random.ctx = &fr;
        ck_assert_int_eq(eks_disassociate_idp_request_encode(&r, &o, &out, NULL), EKS_OK);
        ck_assert_int_eq(fr.calls, 1);
        ck_assert_uint_eq(fr.last_len, 16);
        ck_assert(out.token_generated);
        ASSERT_STR(out.client_request_token, cases[i].want);
        char tok[64];
        body_token(out.http.body, tok, sizeof tok);
        ck_assert_str_eq(tok, cases[i].want);
    }
    /* A failing randomness source fails the encode, with nothing usable produced. */
    fixed_random bad;
    memset(&bad, 0, sizeof bad);
    bad.result = EKS_ERR_CRYPTO;
    eks_disassociate_idp_request r = make_req("prod", "oidc", "okta", NULL);
    eks_request_options o = opts_host();
    o.random.fill = fixed_fill;
    o.random.ctx = &bad;
    ck_assert_int_eq(eks_disassociate_idp_request_encode(&r, &o, &out, NULL), EKS_ERR_CRYPTO);
    ck_assert_uint_eq(out.http.header_count, 0);
    /* A given token never consults the randomness source. */
    fixed_random fr;
    memset(&fr, 0, sizeof fr);
    r = make_req("prod", "oidc", "okta", "given");
    o.random.ctx = &fr;
    ck_assert_int_eq(eks_disassociate_idp_request_encode(&r, &o, &out, NULL), EKS_OK);
    ck_assert_int_eq(fr.calls, 0);
    eks_encoded_request_free(&out);
}
END_TEST

START_TEST(enc_token_default_random)
{
    eks_encoded_request out = {0};
    char first[64] = "", tok[64];
    for (int i = 0; i < 50; i++) {
        eks_disassociate_idp_request r = make_req("prod", "oidc", "okta", NULL);
        eks_request_options o = opts_host();
        ck_assert_int_eq(eks_disassociate_idp_request_encode(&r, &o, &out, NULL), EKS_OK);
        ck_assert(out.token_generated);
        check_uuid_v4_format(out.client_request_token);
        body_token(out.http.body, tok, sizeof tok);
        ck_assert_uint_eq(strlen(tok), 36);
        ck_assert(memcmp(tok, out.client_request_token.ptr, 36) == 0);
        if (i == 0)
            snprintf(first, sizeof first, "%s", tok);
        else
            ck_assert_str_ne(first, tok); /* 122 random bits: a repeat means no randomness */
    }
    eks_encoded_request_free(&out);
}
END_TEST

/* codec.h: the encoded request owns every byte its views show, and the input is borrowed for
 * the call only. A given token is a view like the others: the caller's buffer may be reused
 * or freed right after the call. */
START_TEST(enc_given_token_is_owned_by_the_output)
{
    char *given = strdup("tok-given-7f3a");
    ck_assert_ptr_nonnull(given);
    eks_disassociate_idp_request r = make_req("prod", "oidc", "okta", given);
    eks_request_options o = opts_host();
    eks_encoded_request out = {0};
    ck_assert_int_eq(eks_disassociate_idp_request_encode(&r, &o, &out, NULL), EKS_OK);
    ck_assert(!out.token_generated);
    memset(given, 'X', strlen(given));
    free(given);
    ck_assert(out.client_request_token.ptr >= out.storage.ptr &&
              out.client_request_token.ptr + out.client_request_token.len <= out.storage.ptr + out.storage.len);
    ASSERT_STR(out.client_request_token, "tok-given-7f3a");
    eks_encoded_request_free(&out);
}
END_TEST

START_TEST(enc_token_empty_is_not_absent)
{
    eks_disassociate_idp_request r = make_req("prod", "oidc", "okta", "");
    eks_request_options o = opts_host();
    fixed_random fr;
    memset(&fr, 0, sizeof fr);
    o.random.fill = fixed_fill;
    o.random.ctx = &fr;
    eks_encoded_request out = {0};
    ck_assert_int_eq(eks_disassociate_idp_request_encode(&r, &o, &out, NULL), EKS_OK);
    ck_assert(!out.token_generated);
    ck_assert_int_eq(fr.calls, 0);
    json_object *got = parse_strict(out.http.body.ptr, out.http.body.len);
    json_object *want = json_tokener_parse("{\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"okta\"},\"clientRequestToken\":\"\"}");
    ck_assert_msg(json_object_equal(got, want), "body %.*s", (int)out.http.body.len, out.http.body.ptr);
    ck_assert_ptr_nonnull(out.client_request_token.ptr);
    ck_assert_uint_eq(out.client_request_token.len, 0);
    json_object_put(got);
    json_object_put(want);
    eks_encoded_request_free(&out);
}
END_TEST

START_TEST(enc_invalid_utf8)
{
    /* RFC 3629 §3-4 ill-formed sequences: truncated, lone continuation, overlong, surrogate,
     * beyond U+10FFFF, 0xFF. */
    static const char *const bad[] = {"\xC3", "a\x80", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80",
                                      "\xF4\x90\x80\x80", "\xFF", "ok\xC3\x28"};
    static const char *const paths[] = {"$.clusterName", "$.identityProviderConfig.type",
                                        "$.identityProviderConfig.name", "$.clientRequestToken"};
    eks_encoded_request out = {0};
    for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
        for (int field = 0; field < 4; field++) {
            eks_disassociate_idp_request r = make_req("prod", "oidc", "okta", "tok");
            eks_str *f = field == 0 ? &r.cluster_name
                         : field == 1 ? &r.identity_provider_config.type
                         : field == 2 ? &r.identity_provider_config.name
                                      : &r.client_request_token;
            *f = S(bad[b]);
            eks_request_options o = opts_host();
            eks_diags d;
            eks_diags_init(&d);
            ck_assert_int_eq(eks_disassociate_idp_request_encode(&r, &o, &out, &d), EKS_ERR_VALIDATION_FAILED);
            ASSERT_DIAG(&d, EKS_DIAG_INVALID_UTF8, paths[field], EKS_SEV_ERROR);
            eks_diags_free(&d);
        }
    }
    eks_encoded_request_free(&out);
}
END_TEST

START_TEST(enc_json_escaping_complete)
{
    /* Every control character, the two characters JSON must escape, and non-ASCII text. */
    char in[128];
    size_t n = 0;
    for (int c = 0; c < 0x20; c++)
        in[n++] = (char)c;
    const char *tail = "\"\\/ \x7F\xC3\xBC\xF0\x9F\x98\xB9\xE2\x80\xA8 end";
    memcpy(in + n, tail, strlen(tail));
    n += strlen(tail);
    eks_disassociate_idp_request r = make_req("prod", "oidc", NULL, NULL);
    r.identity_provider_config.name = (eks_str){in, n};
    r.client_request_token = (eks_str){in, n};
    r.identity_provider_config.type = (eks_str){in + 5, 30};
    eks_request_options o = opts_host();
    eks_encoded_request out = {0};
    ck_assert_int_eq(eks_disassociate_idp_request_encode(&r, &o, &out, NULL), EKS_OK);
    /* RFC 8259 §7: no raw control character may appear in the text. */
    for (size_t i = 0; i < out.http.body.len; i++)
        ck_assert_msg((unsigned char)out.http.body.ptr[i] >= 0x20, "raw control byte 0x%02X at %zu",
                      (unsigned char)out.http.body.ptr[i], i);
    json_object *got = parse_strict(out.http.body.ptr, out.http.body.len);
    ck_assert_msg(got != NULL, "body is not strict JSON: %.*s", (int)out.http.body.len, out.http.body.ptr);
    json_object *idp, *name, *type, *tok;
    ck_assert(json_object_object_get_ex(got, "identityProviderConfig", &idp));
    ck_assert(json_object_object_get_ex(idp, "name", &name));
    ck_assert(json_object_object_get_ex(idp, "type", &type));
    ck_assert(json_object_object_get_ex(got, "clientRequestToken", &tok));
    ck_assert_int_eq(json_object_get_string_len(name), (int)n);
    ck_assert(memcmp(json_object_get_string(name), in, n) == 0);
    ck_assert_int_eq(json_object_get_string_len(tok), (int)n);
    ck_assert(memcmp(json_object_get_string(tok), in, n) == 0);
    ck_assert_int_eq(json_object_get_string_len(type), 30);
    ck_assert(memcmp(json_object_get_string(type), in + 5, 30) == 0);
    json_object_put(got);
    eks_encoded_request_free(&out);
}
END_TEST

/* The string writer copies and checks 8 bytes at a time with an overlapping last word: one
 * byte that needs an escape (or is not UTF-8) must be found at every position of every
 * length around the word sizes. json-c, an independent parser, reads the result back. */
START_TEST(enc_string_every_position)
{
    static const char special[] = {'"', '\\', '\n', 0x01, 0x1F, 0x7F, 'z'};
    eks_encoded_request out = {0};
    char in[48];
    for (size_t len = 1; len <= 40; len++) {
        for (size_t pos = 0; pos < len; pos++) {
            for (size_t k = 0; k <= sizeof special; k++) {
                memset(in, 'a', len);
                bool bad_utf8 = k == sizeof special;
                in[pos] = bad_utf8 ? (char)0xFF : special[k];
                eks_disassociate_idp_request r = make_req("prod", "oidc", NULL, NULL);
                r.identity_provider_config.name = (eks_str){in, len};
                eks_request_options o = opts_host();
                eks_diags d;
                eks_diags_init(&d);
                eks_status st = eks_disassociate_idp_request_encode(&r, &o, &out, &d);
                if (bad_utf8) {
                    ck_assert_int_eq(st, EKS_ERR_VALIDATION_FAILED);
                    ASSERT_DIAG(&d, EKS_DIAG_INVALID_UTF8, "$.identityProviderConfig.name", EKS_SEV_ERROR);
                    eks_diags_free(&d);
                    continue;
                }
                ck_assert_int_eq(st, EKS_OK);
                eks_diags_free(&d);
                json_object *got = parse_strict(out.http.body.ptr, out.http.body.len);
                ck_assert_msg(got != NULL, "len %zu pos %zu: %.*s", len, pos, (int)out.http.body.len,
                              out.http.body.ptr);
                json_object *idp, *name;
                ck_assert(json_object_object_get_ex(got, "identityProviderConfig", &idp));
                ck_assert(json_object_object_get_ex(idp, "name", &name));
                ck_assert_int_eq(json_object_get_string_len(name), (int)len);
                ck_assert_msg(memcmp(json_object_get_string(name), in, len) == 0, "len %zu pos %zu", len, pos);
                json_object_put(got);
            }
        }
    }
    eks_encoded_request_free(&out);
}
END_TEST

START_TEST(enc_reuse_one_output)
{
    /* One output object across many encodes of growing and shrinking size; every view is
     * checked after each encode (ASan/valgrind catch stale views and leaks). */
    eks_encoded_request out = {0};
    char name[2100], idp_name[700], enc[6400], want[6600];
    for (int i = 0; i < 400; i++) {
        size_t len = (size_t)((i * 37) % 700) + 1;
        for (size_t k = 0; k < len; k++)
            name[k] = (char)("a/ b%~"[(k + (size_t)i) % 6]);
        name[len] = '\0';
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
            continue;
        size_t nlen = (size_t)((i * 53) % 600);
        memset(idp_name, 'n', nlen);
        idp_name[nlen] = '\0';
        eks_disassociate_idp_request r = make_req(name, "oidc", idp_name, (i % 2) ? "tok" : NULL);
        eks_request_options o = opts_host();
        if (i % 7 == 3) {
            r.cluster_name = EKS_STR_LIT("");
            ck_assert_int_eq(eks_disassociate_idp_request_encode(&r, &o, &out, NULL), EKS_ERR_VALIDATION_FAILED);
            continue;
        }
        ck_assert_int_eq(eks_disassociate_idp_request_encode(&r, &o, &out, NULL), EKS_OK);
        ref_percent_encode((const unsigned char *)name, len, enc);
        snprintf(want, sizeof want, "/clusters/%s" PATH_SUFFIX, enc);
        ASSERT_STR(out.http.path, want);
        snprintf(want, sizeof want, "https://eks.us-west-2.amazonaws.com/clusters/%s" PATH_SUFFIX, enc);
        ASSERT_STR(out.url, want);
        ASSERT_STR(hdr(&out.http, "host")->value, "eks.us-west-2.amazonaws.com");
        ASSERT_STR(hdr(&out.http, "content-type")->value, "application/json");
        char clen[24];
        snprintf(clen, sizeof clen, "%zu", out.http.body.len);
        ASSERT_STR(hdr(&out.http, "content-length")->value, clen);
        json_object *got = parse_strict(out.http.body.ptr, out.http.body.len);
        ck_assert_ptr_nonnull(got);
        json_object *idp, *jn, *jt;
        ck_assert(json_object_object_get_ex(got, "identityProviderConfig", &idp));
        ck_assert(json_object_object_get_ex(idp, "name", &jn));
        ck_assert_str_eq(json_object_get_string(jn), idp_name);
        ck_assert(json_object_object_get_ex(got, "clientRequestToken", &jt));
        ck_assert_uint_eq(out.client_request_token.len, (size_t)json_object_get_string_len(jt));
        ck_assert(memcmp(out.client_request_token.ptr, json_object_get_string(jt), out.client_request_token.len) == 0);
        json_object_put(got);
    }
    eks_encoded_request_free(&out);
    eks_encoded_request_free(&out); /* idempotent */
}
END_TEST

START_TEST(enc_host_and_endpoint)
{
    /* Bare host: reached over https, Host header verbatim. */
    static const char *const hosts[] = {"eks.eu-west-1.amazonaws.com", "localhost:4566", "[::1]:8443"};
    eks_encoded_request out = {0};
    char want[600];
    for (size_t i = 0; i < 3; i++) {
        eks_disassociate_idp_request r = make_req("prod", "oidc", "okta", "t");
        eks_request_options o;
        memset(&o, 0, sizeof o);
        o.host = S(hosts[i]);
        ck_assert_int_eq(eks_disassociate_idp_request_encode(&r, &o, &out, NULL), EKS_OK);
        ASSERT_STR(out.host, hosts[i]);
        ASSERT_STR(hdr(&out.http, "host")->value, hosts[i]);
        snprintf(want, sizeof want, "https://%s/clusters/prod" PATH_SUFFIX, hosts[i]);
        ASSERT_STR(out.url, want);
        ASSERT_STR(out.http.path, "/clusters/prod" PATH_SUFFIX);
    }
    /* A resolved endpoint: its URL prefixes the path, its base path is kept in front of the
     * operation path (as botocore does with endpoint_url), its Host is used; it wins over host. */
    static const struct {
        const char *region, *url, *want_host, *want_url_prefix, *want_path_prefix;
    } eps[] = {
        {"us-west-2", NULL, "eks.us-west-2.amazonaws.com", "https://eks.us-west-2.amazonaws.com", ""},
        {"cn-north-1", NULL, "eks.cn-north-1.amazonaws.com.cn", "https://eks.cn-north-1.amazonaws.com.cn", ""},
        {NULL, "http://localhost:4566", "localhost:4566", "http://localhost:4566", ""},
        {NULL, "https://proxy.example/base/", "proxy.example", "https://proxy.example/base", "/base"},
        {NULL, "https://proxy.example/a/b", "proxy.example", "https://proxy.example/a/b", "/a/b"},
    };
    for (size_t i = 0; i < sizeof eps / sizeof eps[0]; i++) {
        eks_endpoint_params p;
        memset(&p, 0, sizeof p);
        p.region = S(eps[i].region);
        p.endpoint_url = S(eps[i].url);
        eks_endpoint ep;
        ck_assert_int_eq(eks_endpoint_resolve(&p, &ep, NULL, 0), EKS_OK);
        eks_disassociate_idp_request r = make_req("a/b", "oidc", "okta", "t");
        eks_request_options o;
        memset(&o, 0, sizeof o);
        o.endpoint = &ep;
        o.host = EKS_STR_LIT("ignored.example");
        eks_diags d;
        eks_diags_init(&d);
        eks_status st = eks_disassociate_idp_request_encode(&r, &o, &out, &d);
        if (st != EKS_OK)
            dump_diags(&d);
        ck_assert_msg(st == EKS_OK, "endpoint case %zu: %s", i, eks_strerror(st));
        ASSERT_STR(out.host, eps[i].want_host);
        ASSERT_STR(hdr(&out.http, "host")->value, eps[i].want_host);
        snprintf(want, sizeof want, "%s/clusters/a%%2Fb" PATH_SUFFIX, eps[i].want_url_prefix);
        ASSERT_STR(out.url, want);
        snprintf(want, sizeof want, "%s/clusters/a%%2Fb" PATH_SUFFIX, eps[i].want_path_prefix);
        ASSERT_STR(out.http.path, want);
        eks_diags_free(&d);
    }
    /* No usable host: nothing given, empty, CR/LF (header injection), userinfo, space, '/'. */
    static const char *const bad[] = {NULL, "", "a\r\nX-Evil: 1", "user@host", "a b", "host/path"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        eks_disassociate_idp_request r = make_req("prod", "oidc", "okta", "t");
        eks_request_options o;
        memset(&o, 0, sizeof o);
        o.host = S(bad[i]);
        eks_diags d;
        eks_diags_init(&d);
        ck_assert_msg(eks_disassociate_idp_request_encode(&r, &o, &out, &d) == EKS_ERR_VALIDATION_FAILED,
                      "bad host case %zu accepted", i);
        ASSERT_DIAG(&d, EKS_DIAG_ENDPOINT, NULL, EKS_SEV_ERROR);
        ck_assert_uint_eq(out.http.header_count, 0);
        eks_diags_free(&d);
    }
    eks_encoded_request_free(&out);
}
END_TEST

START_TEST(enc_api_misuse)
{
    eks_disassociate_idp_request r = make_req("prod", "oidc", "okta", "t");
    eks_request_options o = opts_host();
    eks_encoded_request out = {0};
    ck_assert_int_eq(eks_disassociate_idp_request_encode(NULL, &o, &out, NULL), EKS_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(eks_disassociate_idp_request_encode(&r, NULL, &out, NULL), EKS_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(eks_disassociate_idp_request_encode(&r, &o, NULL, NULL), EKS_ERR_INVALID_ARGUMENT);
    eks_encoded_request_free(NULL);
    /* Diagnostics are appended to the caller's list, not replacing what it holds. */
    eks_diags d;
    eks_diags_init(&d);
    ck_assert_int_eq(eks_diags_add(&d, EKS_SEV_WARNING, EKS_DIAG_ENDPOINT, "x", 0, "earlier"), EKS_OK);
    r.cluster_name = EKS_STR_LIT("");
    ck_assert_int_eq(eks_disassociate_idp_request_encode(&r, &o, &out, &d), EKS_ERR_VALIDATION_FAILED);
    ck_assert_uint_eq(d.count, 2);
    ck_assert_int_eq(d.items[0].code, EKS_DIAG_ENDPOINT);
    eks_diags_free(&d);
    eks_encoded_request_free(&out);
}
END_TEST

/* ---- decode ------------------------------------------------------------------------------ */

static const char GOOD_BODY[] =
    "{\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"okta\"},\"clientRequestToken\":\"tok\"}";

static eks_http_request http_req(const char *method, const char *path, const char *body, size_t body_len)
{
    eks_http_request h;
    memset(&h, 0, sizeof h);
    h.method = S(method);
    h.path = S(path);
    h.body = (eks_str){body, body_len};
    return h;
}

static eks_status decode(const char *method, const char *path, const char *body, size_t body_len,
                         const eks_decode_options *opt, eks_decoded_request *out)
{
    eks_http_request h = http_req(method, path, body, body_len);
    return eks_disassociate_idp_request_decode(&h, opt, out);
}

#define GOOD_PATH "/clusters/prod" PATH_SUFFIX

START_TEST(dec_basic)
{
    eks_decoded_request out;
    ck_assert_int_eq(decode("POST", GOOD_PATH, GOOD_BODY, strlen(GOOD_BODY), NULL, &out), EKS_OK);
    ck_assert_uint_eq(out.diags.count, 0);
    ASSERT_STR(out.value.cluster_name, "prod");
    ck_assert(out.value.identity_provider_config.present);
    ASSERT_STR(out.value.identity_provider_config.type, "oidc");
    ASSERT_STR(out.value.identity_provider_config.name, "okta");
    ASSERT_STR(out.value.client_request_token, "tok");
    eks_decoded_request_free(&out);
    /* Absent token stays absent; an empty one is the empty string. */
    const char *b1 = "{\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"okta\"}}";
    ck_assert_int_eq(decode("POST", GOOD_PATH, b1, strlen(b1), NULL, &out), EKS_OK);
    ck_assert_ptr_null(out.value.client_request_token.ptr);
    eks_decoded_request_free(&out);
    const char *b2 = "{\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"okta\"},\"clientRequestToken\":\"\"}";
    ck_assert_int_eq(decode("POST", GOOD_PATH, b2, strlen(b2), NULL, &out), EKS_OK);
    ck_assert_ptr_nonnull(out.value.client_request_token.ptr);
    ck_assert_uint_eq(out.value.client_request_token.len, 0);
    eks_decoded_request_free(&out);
    /* Whitespace anywhere RFC 8259 allows it; escapes decoded; "null" token = absent. */
    const char *b3 = " \r\n\t{ \"identityProviderConfig\" : { \"name\" : \"\\u006Fk\\/ta\\n\" , \"type\":\"oidc\" } ,"
                     "\"clientRequestToken\":null }\n";
    ck_assert_int_eq(decode("POST", GOOD_PATH, b3, strlen(b3), NULL, &out), EKS_OK);
    ASSERT_STR(out.value.identity_provider_config.name, "ok/ta\n");
    ck_assert_ptr_null(out.value.client_request_token.ptr);
    eks_decoded_request_free(&out);
}
END_TEST

START_TEST(dec_result_owns_its_bytes)
{
    char *path = strdup("/clusters/a%2Fb" PATH_SUFFIX);
    char *body = strdup(GOOD_BODY);
    eks_decoded_request out;
    ck_assert_int_eq(decode("POST", path, body, strlen(body), NULL, &out), EKS_OK);
    memset(path, 'X', strlen(path));
    memset(body, 'X', strlen(body));
    free(path);
    free(body);
    ASSERT_STR(out.value.cluster_name, "a/b");
    ASSERT_STR(out.value.identity_provider_config.name, "okta");
    ASSERT_STR(out.value.client_request_token, "tok");
    eks_decoded_request_free(&out);
    eks_decoded_request_free(&out); /* idempotent */
}
END_TEST

START_TEST(dec_wrong_method)
{
    static const char *const methods[] = {"PUT", "GET", "post", "POST ", ""};
    for (size_t i = 0; i < 5; i++) {
        eks_decoded_request out;
        ck_assert_int_eq(decode(methods[i], GOOD_PATH, GOOD_BODY, strlen(GOOD_BODY), NULL, &out),
                         EKS_ERR_VALIDATION_FAILED);
        ASSERT_DIAG(&out.diags, EKS_DIAG_WRONG_METHOD, NULL, EKS_SEV_ERROR);
        eks_decoded_request_free(&out);
    }
}
END_TEST

START_TEST(dec_wrong_path)
{
    static const char *const paths[] = {
        "/clusters/prod/identity-provider-configs/associate",
        "/clusters/prod" PATH_SUFFIX "/",
        "/clusters/a/b" PATH_SUFFIX, /* a raw '/' cannot be inside the label */
        "/clusters/prod",
        "/clusters/prod/identity-provider-configs/disassociat",
        "clusters/prod" PATH_SUFFIX,
        "/Clusters/prod" PATH_SUFFIX,
        "/",
        "",
    };
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        eks_decoded_request out;
        ck_assert_msg(decode("POST", paths[i], GOOD_BODY, strlen(GOOD_BODY), NULL, &out) == EKS_ERR_VALIDATION_FAILED,
                      "path %s accepted", paths[i]);
        ASSERT_DIAG(&out.diags, EKS_DIAG_WRONG_PATH, NULL, EKS_SEV_ERROR);
        eks_decoded_request_free(&out);
    }
}
END_TEST

START_TEST(dec_label_percent_decoding)
{
    static const struct {
        const char *raw, *want;
    } ok[] = {
        {"a%2Fb", "a/b"},
        {"%C3%BC", "\xC3\xBC"},
        {"%c3%bc", "\xC3\xBC"}, /* RFC 3986 §2.1: hex digits are case-insensitive */
        {"%20%25%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%F0%9F%98%B9",
         " %:/?#[]@!$&'()*+,;=\xF0\x9F\x98\xB9"},
        {"a+b", "a+b"},         /* '+' is not a space in a path */
        {"-._~", "-._~"},
        {"%2E%2E%2E", "..."},
        {"%00x", "\0x"},
    };
    char path[512];
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        snprintf(path, sizeof path, "/clusters/%s" PATH_SUFFIX, ok[i].raw);
        eks_decoded_request out;
        eks_status st = decode("POST", path, GOOD_BODY, strlen(GOOD_BODY), NULL, &out);
        if (st != EKS_OK)
            dump_diags(&out.diags);
        ck_assert_msg(st == EKS_OK, "%s: %s", path, eks_strerror(st));
        size_t wl = i == 7 ? 2 : strlen(ok[i].want);
        ck_assert_uint_eq(out.value.cluster_name.len, wl);
        ck_assert(memcmp(out.value.cluster_name.ptr, ok[i].want, wl) == 0);
        eks_decoded_request_free(&out);
    }
    /* Malformed escapes: the offset is that of the '%' in the path ("/clusters/" is 10 bytes). */
    static const struct {
        const char *raw;
        size_t offset;
    } bad[] = {{"%G1", 10}, {"ab%4", 12}, {"%", 10}, {"x%zz", 11}, {"%%41", 10}, {"a%2", 11}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(path, sizeof path, "/clusters/%s" PATH_SUFFIX, bad[i].raw);
        eks_decoded_request out;
        ck_assert_int_eq(decode("POST", path, GOOD_BODY, strlen(GOOD_BODY), NULL, &out), EKS_ERR_VALIDATION_FAILED);
        const eks_diag *dg = find_diag(&out.diags, EKS_DIAG_INVALID_URI_LABEL, "$.clusterName");
        if (!dg)
            dump_diags(&out.diags);
        ck_assert_ptr_nonnull(dg);
        ck_assert_msg(dg->offset == bad[i].offset, "%s: offset %zu, want %zu", path, dg->offset, bad[i].offset);
        eks_decoded_request_free(&out);
    }
    /* Decoded, but not UTF-8 / empty / a dot segment. */
    static const struct {
        const char *raw;
        eks_diag_code code;
    } rej[] = {{"%C3%28", EKS_DIAG_INVALID_UTF8}, {"%FF", EKS_DIAG_INVALID_UTF8}, {"%ED%A0%80", EKS_DIAG_INVALID_UTF8},
               {"", EKS_DIAG_EMPTY_URI_LABEL},    {".", EKS_DIAG_DOT_SEGMENT_LABEL},
               {"..", EKS_DIAG_DOT_SEGMENT_LABEL}, {"%2E", EKS_DIAG_DOT_SEGMENT_LABEL},
               {"%2e%2E", EKS_DIAG_DOT_SEGMENT_LABEL}};
    for (size_t i = 0; i < sizeof rej / sizeof rej[0]; i++) {
        snprintf(path, sizeof path, "/clusters/%s" PATH_SUFFIX, rej[i].raw);
        eks_decoded_request out;
        ck_assert_msg(decode("POST", path, GOOD_BODY, strlen(GOOD_BODY), NULL, &out) == EKS_ERR_VALIDATION_FAILED,
                      "%s accepted", path);
        ASSERT_DIAG(&out.diags, rej[i].code, "$.clusterName", EKS_SEV_ERROR);
        eks_decoded_request_free(&out);
    }
}
END_TEST

/* Values of 1 to 24 bytes with one escape ("%41", 'A') at every position, or none: a value
 * is decoded eight bytes a step and its last 1..7 bytes as one overlapping block, so every
 * split of value and escape across those steps comes up. Expected: the value with "%41"
 * read as 'A' (RFC 3986 §2.1). */
START_TEST(dec_label_escape_at_every_position)
{
    static const char plain[] = "abcdefghijklmnopqrstuvwx";
    char raw[40], want[40], path[128];
    size_t checked = 0;
    for (size_t len = 1; len <= 24; len++)
        for (size_t at = 0; at <= len; at++) { /* at == len: no escape */
            size_t n = 0, w = 0;
            for (size_t j = 0; j < len; j++) {
                if (j == at) {
                    memcpy(raw + n, "%41", 3);
                    n += 3;
                    want[w++] = 'A';
                } else {
                    raw[n++] = plain[j];
                    want[w++] = plain[j];
                }
            }
            raw[n] = '\0';
            snprintf(path, sizeof path, "/clusters/%s" PATH_SUFFIX, raw);
            eks_decoded_request out;
            eks_status st = decode("POST", path, GOOD_BODY, strlen(GOOD_BODY), NULL, &out);
            ck_assert_msg(st == EKS_OK, "%s: %s", path, eks_strerror(st));
            ck_assert_msg(out.value.cluster_name.len == w && memcmp(out.value.cluster_name.ptr, want, w) == 0,
                          "%s: '%.*s', want '%.*s'", path, (int)out.value.cluster_name.len,
                          out.value.cluster_name.ptr, (int)w, want);
            eks_decoded_request_free(&out);
            checked++;
        }
    ck_assert_uint_eq(checked, 24 * 25 / 2 + 24); /* the sum of len + 1 for len 1..24 */
}
END_TEST

/* Every byte in either digit of an escape: RFC 3986 §2.1 takes "%" HEXDIG HEXDIG, HEXDIG being
 * 0-9 and A-F in either case; any other byte there is a malformed escape at the '%' (offset
 * 10: "/clusters/" before it). A good escape decodes to its value: "%4X" is one letter of
 * 0x40-0x4F, so the label passes the cluster name's pattern when that letter is A-O. ('/'
 * would end the label, so it stays out.) */
START_TEST(dec_label_every_byte_as_a_hex_digit)
{
    char path[128];
    size_t decoded = 0;
    for (int pos = 0; pos < 2; pos++)
        for (int c = 1; c < 256; c++) {
            if (c == '/')
                continue;
            char esc[4] = {'%', pos == 0 ? (char)c : '4', pos == 0 ? '1' : (char)c, '\0'};
            snprintf(path, sizeof path, "/clusters/%sx" PATH_SUFFIX, esc);
            bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            int digit = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
            eks_decoded_request out;
            eks_status st = decode("POST", path, GOOD_BODY, strlen(GOOD_BODY), NULL, &out);
            const eks_diag *dg = find_diag(&out.diags, EKS_DIAG_INVALID_URI_LABEL, "$.clusterName");
            ck_assert_msg(hex == (dg == NULL), "%%%02x in digit %d: malformed-escape diagnostic %s", c, pos + 1,
                          dg ? "given" : "missing");
            if (dg)
                ck_assert_uint_eq(dg->offset, 10);
            if (hex && pos == 1 && digit >= 1) {
                ck_assert_msg(st == EKS_OK, "%s: %s", path, eks_strerror(st));
                char want[3] = {(char)(0x40 + digit), 'x', '\0'};
                ck_assert_uint_eq(out.value.cluster_name.len, 2);
                ck_assert_msg(memcmp(out.value.cluster_name.ptr, want, 2) == 0, "%s: '%.*s', want '%s'", path,
                              (int)out.value.cluster_name.len, out.value.cluster_name.ptr, want);
                decoded++;
            }
            eks_decoded_request_free(&out);
        }
    ck_assert_uint_eq(decoded, 15 + 6); /* 1-9, a-f, A-F */
}
END_TEST

/* Decodes body with the given options; checks status and one diagnostic (code, path, offset). */
static void expect_body(const char *body, size_t len, const eks_decode_options *opt, eks_status want_status,
                        eks_diag_code code, const char *path, size_t offset, eks_severity sev)
{
    eks_decoded_request out;
    eks_status st = decode("POST", GOOD_PATH, body, len, opt, &out);
    if (st != want_status)
        dump_diags(&out.diags);
    ck_assert_msg(st == want_status, "body %.*s: status %s, want %s", (int)(len > 200 ? 200 : len), body,
                  eks_strerror(st), eks_strerror(want_status));
    const eks_diag *dg = find_diag(&out.diags, code, path);
    if (!dg)
        dump_diags(&out.diags);
    ck_assert_msg(dg != NULL, "body %.*s: no %s at %s", (int)(len > 200 ? 200 : len), body,
                  eks_diag_code_name(code), path ? path : "(any)");
    ck_assert_int_eq(dg->severity, sev);
    if (offset != (size_t)-2)
        ck_assert_msg(dg->offset == offset, "body %.*s: %s at offset %zu, want %zu", (int)(len > 200 ? 200 : len),
                      body, eks_diag_code_name(code), dg->offset, offset);
    eks_decoded_request_free(&out);
}

#define ANY_OFFSET ((size_t)-2)
#define EXPECT(body, st, code, path, off) expect_body((body), strlen(body), NULL, (st), (code), (path), (off), EKS_SEV_ERROR)

START_TEST(dec_invalid_json_offsets)
{
    /* Offsets point at the first byte that cannot continue a JSON text (RFC 8259 grammar). */
    const char *t1 = "{\"identityProviderConfig\":";
    EXPECT(t1, EKS_ERR_MALFORMED_INPUT, EKS_DIAG_INVALID_JSON, NULL, strlen(t1));
    EXPECT("{\"a\" 1}", EKS_ERR_MALFORMED_INPUT, EKS_DIAG_INVALID_JSON, NULL, 5);
    EXPECT("{'a':1}", EKS_ERR_MALFORMED_INPUT, EKS_DIAG_INVALID_JSON, NULL, 1);
    EXPECT("{\"a\":1,}", EKS_ERR_MALFORMED_INPUT, EKS_DIAG_INVALID_JSON, NULL, 7);
    EXPECT("{\"a\":01}", EKS_ERR_MALFORMED_INPUT, EKS_DIAG_INVALID_JSON, NULL, 6);
    EXPECT("{\"a\":NaN}", EKS_ERR_MALFORMED_INPUT, EKS_DIAG_INVALID_JSON, NULL, 5);
    EXPECT("{\"a\":tru}", EKS_ERR_MALFORMED_INPUT, EKS_DIAG_INVALID_JSON, NULL, 5);
    EXPECT("{\"a\":\"\\x\"}", EKS_ERR_MALFORMED_INPUT, EKS_DIAG_INVALID_JSON, NULL, 6);
    EXPECT("{\"a\":[1 2]}", EKS_ERR_MALFORMED_INPUT, EKS_DIAG_INVALID_JSON, NULL, 8);
    EXPECT("{\"a\":1.}", EKS_ERR_MALFORMED_INPUT, EKS_DIAG_INVALID_JSON, NULL, 7);
    EXPECT("nope", EKS_ERR_MALFORMED_INPUT, EKS_DIAG_INVALID_JSON, NULL, 0);
    /* A byte-order mark is not JSON text (RFC 8259 §8.1: MUST NOT be added); rejected at 0. */
    const char *bom = "\xEF\xBB\xBF{\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"okta\"}}";
    EXPECT(bom, EKS_ERR_MALFORMED_INPUT, EKS_DIAG_INVALID_JSON, NULL, 0);
    /* Trailing garbage after the value. */
    char t2[200];
    snprintf(t2, sizeof t2, "%s x", GOOD_BODY);
    EXPECT(t2, EKS_ERR_MALFORMED_INPUT, EKS_DIAG_INVALID_JSON, NULL, strlen(GOOD_BODY) + 1);
    snprintf(t2, sizeof t2, "%s{}", GOOD_BODY);
    EXPECT(t2, EKS_ERR_MALFORMED_INPUT, EKS_DIAG_INVALID_JSON, NULL, strlen(GOOD_BODY));
    /* Invalid UTF-8 inside a JSON string, at the offending byte. */
    const char *u = "{\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"ok\xC3\x28\"}}";
    EXPECT(u, EKS_ERR_MALFORMED_INPUT, EKS_DIAG_INVALID_UTF8, NULL, (size_t)(strchr(u, '\xC3') - u));
}
END_TEST

START_TEST(dec_nul_bytes)
{
    size_t n = strlen(GOOD_BODY);
    char b[200];
    /* NUL after the value. */
    memcpy(b, GOOD_BODY, n);
    b[n] = '\0';
    expect_body(b, n + 1, NULL, EKS_ERR_MALFORMED_INPUT, EKS_DIAG_INVALID_JSON, NULL, n, EKS_SEV_ERROR);
    /* NUL before the value. */
    b[0] = '\0';
    memcpy(b + 1, GOOD_BODY, n);
    expect_body(b, n + 1, NULL, EKS_ERR_MALFORMED_INPUT, EKS_DIAG_INVALID_JSON, NULL, 0, EKS_SEV_ERROR);
    /* Raw NUL inside a string: an unescaped control character (RFC 8259 §7). */
    memcpy(b, GOOD_BODY, n + 1);
    char *k = strstr(b, "okta");
    k[1] = '\0';
    expect_body(b, n, NULL, EKS_ERR_MALFORMED_INPUT, EKS_DIAG_INVALID_JSON, NULL, (size_t)(k + 1 - b), EKS_SEV_ERROR);
    /* Escaped NUL is a value like any other. */
    const char *esc = "{\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"a\\u0000b\"}}";
    eks_decoded_request out;
    ck_assert_int_eq(decode("POST", GOOD_PATH, esc, strlen(esc), NULL, &out), EKS_OK);
    ck_assert_uint_eq(out.value.identity_provider_config.name.len, 3);
    ck_assert(memcmp(out.value.identity_provider_config.name.ptr, "a\0b", 3) == 0);
    eks_decoded_request_free(&out);
}
END_TEST

START_TEST(dec_duplicate_keys)
{
    const char *known = "{\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"okta\"},\"clientRequestToken\":\"a\","
                        "\"clientRequestToken\":\"b\"}";
    EXPECT(known, EKS_ERR_VALIDATION_FAILED, EKS_DIAG_DUPLICATE_KEY, "$.clientRequestToken",
           (size_t)(strstr(strstr(known, "clientRequestToken") + 1, "clientRequestToken") - known - 1));
    const char *nested = "{\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"okta\",\"type\":\"oidc\"}}";
    EXPECT(nested, EKS_ERR_VALIDATION_FAILED, EKS_DIAG_DUPLICATE_KEY, "$.identityProviderConfig.type",
           (size_t)(strstr(strstr(nested, "\"type\"") + 1, "\"type\"") - nested));
    const char *unknown = "{\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"okta\"},\"x\":1,\"x\":2}";
    EXPECT(unknown, EKS_ERR_VALIDATION_FAILED, EKS_DIAG_DUPLICATE_KEY, "$.x", (size_t)(strrchr(unknown, 'x') - unknown - 1));
    /* Many unknown keys, the duplicate far down the object (past any small inline set). */
    char big[4096];
    size_t o = (size_t)snprintf(big, sizeof big, "{\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"okta\"}");
    for (int i = 0; i < 100; i++)
        o += (size_t)snprintf(big + o, sizeof big - o, ",\"k%d\":%d", i, i);
    size_t dup_at = o + 1;
    o += (size_t)snprintf(big + o, sizeof big - o, ",\"k57\":0}");
    EXPECT(big, EKS_ERR_VALIDATION_FAILED, EKS_DIAG_DUPLICATE_KEY, "$.k57", dup_at);
    /* Keys equal after unescaping are the same key (RFC 8259 §8.3 compares code units). */
    const char *esc = "{\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"okta\"},\"\\u0078\":1,\"x\":2}";
    EXPECT(esc, EKS_ERR_VALIDATION_FAILED, EKS_DIAG_DUPLICATE_KEY, "$.x", ANY_OFFSET);
    /* The same key in two different objects is not a duplicate. */
    const char *two = "{\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"okta\",\"z\":{\"x\":1}},\"x\":{\"x\":2}}";
    eks_decoded_request out;
    ck_assert_int_eq(decode("POST", GOOD_PATH, two, strlen(two), NULL, &out), EKS_OK);
    ck_assert(!eks_diags_has_code(&out.diags, EKS_DIAG_DUPLICATE_KEY));
    eks_decoded_request_free(&out);
}
END_TEST

START_TEST(dec_wrong_types)
{
    const char *b1 = "{\"identityProviderConfig\":\"oidc\"}";
    EXPECT(b1, EKS_ERR_VALIDATION_FAILED, EKS_DIAG_WRONG_TYPE, "$.identityProviderConfig", (size_t)(strchr(b1, ':') - b1 + 1));
    const char *b2 = "{\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":5}}";
    EXPECT(b2, EKS_ERR_VALIDATION_FAILED, EKS_DIAG_WRONG_TYPE, "$.identityProviderConfig.name", (size_t)(strchr(b2, '5') - b2));
    const char *b3 = "{\"identityProviderConfig\":{\"type\":[\"oidc\"],\"name\":\"n\"},\"clientRequestToken\":true}";
    EXPECT(b3, EKS_ERR_VALIDATION_FAILED, EKS_DIAG_WRONG_TYPE, "$.identityProviderConfig.type", (size_t)(strchr(b3, '[') - b3));
    EXPECT(b3, EKS_ERR_VALIDATION_FAILED, EKS_DIAG_WRONG_TYPE, "$.clientRequestToken", (size_t)(strstr(b3, "true") - b3));
    const char *b4 = "{\"identityProviderConfig\":{\"type\":{},\"name\":false}}";
    EXPECT(b4, EKS_ERR_VALIDATION_FAILED, EKS_DIAG_WRONG_TYPE, "$.identityProviderConfig.name", ANY_OFFSET);
    EXPECT("[]", EKS_ERR_VALIDATION_FAILED, EKS_DIAG_WRONG_TYPE, "$", 0);
    EXPECT("\"x\"", EKS_ERR_VALIDATION_FAILED, EKS_DIAG_WRONG_TYPE, "$", 0);
    EXPECT(" 42", EKS_ERR_VALIDATION_FAILED, EKS_DIAG_WRONG_TYPE, "$", 1);
    EXPECT("null", EKS_ERR_VALIDATION_FAILED, EKS_DIAG_WRONG_TYPE, "$", 0);
}
END_TEST

START_TEST(dec_unknown_members)
{
    const char *b = "{\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"okta\",\"extra\":[1,{\"a\":null}]},"
                    "\"clusterName\":\"other\",\"future\":{\"x\":1}}";
    eks_decoded_request out;
    /* Lenient (default): ignored without a word. */
    ck_assert_int_eq(decode("POST", GOOD_PATH, b, strlen(b), NULL, &out), EKS_OK);
    ck_assert_uint_eq(out.diags.count, 0);
    ASSERT_STR(out.value.cluster_name, "prod"); /* the label comes from the path, not the body */
    eks_decoded_request_free(&out);
    /* Strict: a warning for each, still valid. */
    eks_decode_options strict = {.strict = true};
    ck_assert_int_eq(decode("POST", GOOD_PATH, b, strlen(b), &strict, &out), EKS_OK);
    ASSERT_DIAG(&out.diags, EKS_DIAG_UNKNOWN_MEMBER, "$.identityProviderConfig.extra", EKS_SEV_WARNING);
    ASSERT_DIAG(&out.diags, EKS_DIAG_UNKNOWN_MEMBER, "$.clusterName", EKS_SEV_WARNING);
    ASSERT_DIAG(&out.diags, EKS_DIAG_UNKNOWN_MEMBER, "$.future", EKS_SEV_WARNING);
    ck_assert_uint_eq(out.diags.warnings, 3);
    ck_assert_uint_eq(out.diags.errors, 0);
    ASSERT_STR(out.value.cluster_name, "prod");
    eks_decoded_request_free(&out);
}
END_TEST

START_TEST(dec_missing_required)
{
    EXPECT("{}", EKS_ERR_VALIDATION_FAILED, EKS_DIAG_MISSING_REQUIRED_MEMBER, NULL, ANY_OFFSET);
    EXPECT("{\"identityProviderConfig\":null}", EKS_ERR_VALIDATION_FAILED, EKS_DIAG_MISSING_REQUIRED_MEMBER, NULL,
           ANY_OFFSET);
    const char *b = "{\"identityProviderConfig\":{\"name\":\"okta\"}}";
    EXPECT(b, EKS_ERR_VALIDATION_FAILED, EKS_DIAG_MISSING_REQUIRED_MEMBER, NULL, ANY_OFFSET);
    b = "{\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":null}}";
    EXPECT(b, EKS_ERR_VALIDATION_FAILED, EKS_DIAG_MISSING_REQUIRED_MEMBER, NULL, ANY_OFFSET);
    /* Empty body: the object every request sends is missing. */
    eks_decoded_request out;
    ck_assert_int_eq(decode("POST", GOOD_PATH, "", 0, NULL, &out), EKS_ERR_VALIDATION_FAILED);
    ASSERT_DIAG(&out.diags, EKS_DIAG_EMPTY_BODY, NULL, EKS_SEV_ERROR);
    eks_decoded_request_free(&out);
    ck_assert_int_eq(decode("POST", GOOD_PATH, " \n", 2, NULL, &out), EKS_ERR_VALIDATION_FAILED);
    ASSERT_DIAG(&out.diags, EKS_DIAG_EMPTY_BODY, NULL, EKS_SEV_ERROR);
    eks_decoded_request_free(&out);
}
END_TEST

/* The JSON path of a missing member names the member, as the encoder's diagnostic does
 * (DESIGN.md §2: "a location (JSON path like $.update.params[3].type ...)"), so the same
 * problem reads the same whether a request is being built or checked. */
START_TEST(dec_missing_required_paths)
{
    static const struct {
        const char *body, *path;
    } cases[] = {
        {"{}", "$.identityProviderConfig"},
        {"{\"identityProviderConfig\":null}", "$.identityProviderConfig"},
        {"{\"identityProviderConfig\":{\"name\":\"okta\"}}", "$.identityProviderConfig.type"},
        {"{\"identityProviderConfig\":{\"type\":\"oidc\"}}", "$.identityProviderConfig.name"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        EXPECT(cases[i].body, EKS_ERR_VALIDATION_FAILED, EKS_DIAG_MISSING_REQUIRED_MEMBER, cases[i].path, ANY_OFFSET);
}
END_TEST

START_TEST(dec_type_not_oidc)
{
    const char *b = "{\"identityProviderConfig\":{\"type\":\"saml\",\"name\":\"okta\"}}";
    expect_body(b, strlen(b), NULL, EKS_OK, EKS_DIAG_UNEXPECTED_VALUE, "$.identityProviderConfig.type", ANY_OFFSET,
                EKS_SEV_WARNING);
    b = "{\"identityProviderConfig\":{\"type\":\"OIDC\",\"name\":\"okta\"}}"; /* case matters */
    expect_body(b, strlen(b), NULL, EKS_OK, EKS_DIAG_UNEXPECTED_VALUE, "$.identityProviderConfig.type", ANY_OFFSET,
                EKS_SEV_WARNING);
    eks_decoded_request out;
    ck_assert_int_eq(decode("POST", GOOD_PATH, GOOD_BODY, strlen(GOOD_BODY), NULL, &out), EKS_OK);
    ck_assert(!eks_diags_has_code(&out.diags, EKS_DIAG_UNEXPECTED_VALUE));
    eks_decoded_request_free(&out);
}
END_TEST

START_TEST(dec_limits)
{
    eks_limits lim;
    eks_decode_options opt = {.limits = &lim};
    eks_decoded_request out;
    /* Body size: exactly the limit passes, one byte more fails. */
    memset(&lim, 0, sizeof lim);
    lim.max_body_bytes = strlen(GOOD_BODY);
    ck_assert_int_eq(decode("POST", GOOD_PATH, GOOD_BODY, strlen(GOOD_BODY), &opt, &out), EKS_OK);
    eks_decoded_request_free(&out);
    lim.max_body_bytes = strlen(GOOD_BODY) - 1;
    ck_assert_int_eq(decode("POST", GOOD_PATH, GOOD_BODY, strlen(GOOD_BODY), &opt, &out), EKS_ERR_LIMIT_EXCEEDED);
    ASSERT_DIAG(&out.diags, EKS_DIAG_LIMIT_EXCEEDED, NULL, EKS_SEV_ERROR);
    eks_decoded_request_free(&out);
    /* Depth: {} is depth 1; {"x":{"y":{}}} depth 3. */
    memset(&lim, 0, sizeof lim);
    lim.max_depth = 3;
    const char *d3 = "{\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"okta\"},\"x\":{\"y\":{}}}";
    const char *d4 = "{\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"okta\"},\"x\":{\"y\":[{}]}}";
    ck_assert_int_eq(decode("POST", GOOD_PATH, d3, strlen(d3), &opt, &out), EKS_OK);
    eks_decoded_request_free(&out);
    ck_assert_int_eq(decode("POST", GOOD_PATH, d4, strlen(d4), &opt, &out), EKS_ERR_LIMIT_EXCEEDED);
    ASSERT_DIAG(&out.diags, EKS_DIAG_LIMIT_EXCEEDED, NULL, EKS_SEV_ERROR);
    eks_decoded_request_free(&out);
    /* Default depth (64): 63 nested arrays inside the top object pass, 64 fail; a hostile
     * 100000-deep nesting fails cleanly (no stack exhaustion). */
    size_t deep_n = 100000;
    char *deep = malloc(deep_n * 2 + 64);
    for (size_t levels = 63; levels <= 64; levels++) {
        size_t o = (size_t)sprintf(deep, "{\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"k\"},\"x\":");
        memset(deep + o, '[', levels);
        memset(deep + o + levels, ']', levels);
        o += 2 * levels;
        deep[o++] = '}';
        ck_assert_int_eq(decode("POST", GOOD_PATH, deep, o, NULL, &out), levels == 63 ? EKS_OK : EKS_ERR_LIMIT_EXCEEDED);
        eks_decoded_request_free(&out);
    }
    memset(deep, '[', deep_n);
    memset(deep + deep_n, ']', deep_n);
    ck_assert_int_eq(decode("POST", GOOD_PATH, deep, 2 * deep_n, NULL, &out), EKS_ERR_LIMIT_EXCEEDED);
    eks_decoded_request_free(&out);
    free(deep);
    /* String length, counted after unescaping (keys are strings too; the longest key here,
     * "identityProviderConfig", has 22 bytes): 22 bytes pass, 23 fail. */
    memset(&lim, 0, sizeof lim);
    lim.max_string_bytes = 22;
    const char *s10 = "{\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":"
                      "\"\\u00fc\\u00fc\\u00fc\\u00fc\\u00fc\\u00fc\\u00fc\\u00fc\\u00fc\\u00fc\\u00fc\"}}";
    const char *s11 = "{\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"0123456789abcdefghijklm\"}}";
    ck_assert_int_eq(decode("POST", GOOD_PATH, s10, strlen(s10), &opt, &out), EKS_OK);
    ck_assert_uint_eq(out.value.identity_provider_config.name.len, 22);
    eks_decoded_request_free(&out);
    ck_assert_int_eq(decode("POST", GOOD_PATH, s11, strlen(s11), &opt, &out), EKS_ERR_LIMIT_EXCEEDED);
    ASSERT_DIAG(&out.diags, EKS_DIAG_LIMIT_EXCEEDED, NULL, EKS_SEV_ERROR);
    eks_decoded_request_free(&out);
    /* max_diagnostics: extra diagnostics are counted, not stored. */
    memset(&lim, 0, sizeof lim);
    lim.max_diagnostics = 2;
    eks_decode_options sopt = {.strict = true, .limits = &lim};
    const char *many = "{\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"k\"},\"a\":1,\"b\":2,\"c\":3,\"d\":4}";
    ck_assert_int_eq(decode("POST", GOOD_PATH, many, strlen(many), &sopt, &out), EKS_OK);
    ck_assert_uint_eq(out.diags.count, 2);
    ck_assert_uint_eq(out.diags.warnings, 4);
    ck_assert_uint_eq(out.diags.dropped, 2);
    eks_decoded_request_free(&out);
}
END_TEST

START_TEST(dec_api_misuse)
{
    eks_decoded_request out;
    ck_assert_int_eq(eks_disassociate_idp_request_decode(NULL, NULL, &out), EKS_ERR_INVALID_ARGUMENT);
    eks_decoded_request_free(&out);
    eks_http_request h = http_req("POST", GOOD_PATH, GOOD_BODY, strlen(GOOD_BODY));
    ck_assert_int_eq(eks_disassociate_idp_request_decode(&h, NULL, NULL), EKS_ERR_INVALID_ARGUMENT);
    eks_decoded_request_free(NULL);
    /* Absent path / method / body. */
    h = http_req(NULL, NULL, NULL, 0);
    ck_assert_int_eq(eks_disassociate_idp_request_decode(&h, NULL, &out), EKS_ERR_VALIDATION_FAILED);
    ASSERT_DIAG(&out.diags, EKS_DIAG_WRONG_METHOD, NULL, EKS_SEV_ERROR);
    ASSERT_DIAG(&out.diags, EKS_DIAG_WRONG_PATH, NULL, EKS_SEV_ERROR);
    eks_decoded_request_free(&out);
}
END_TEST

/* A header array or query that is NULL with a count or length is refused, as eks_route
 * refuses such a path (the decoders read the headers at address 0 before). */
START_TEST(dec_null_views_with_length)
{
    eks_decoded_request out;
    eks_op_decoded_request oout;
    const eks_operation *op = eks_operation_find("DisassociateIdentityProviderConfig", 34);
    ck_assert_ptr_nonnull(op);
    for (int k = 0; k < 2; k++) {
        eks_http_request h = http_req("POST", GOOD_PATH, GOOD_BODY, strlen(GOOD_BODY));
        if (k == 0)
            h.header_count = 3;
        else
            h.query = (eks_str){NULL, 4};
        ck_assert_int_eq(eks_disassociate_idp_request_decode(&h, NULL, &out), EKS_ERR_INVALID_ARGUMENT);
        eks_decoded_request_free(&out);
        ck_assert_int_eq(eks_op_request_decode(op, &h, NULL, &oout), EKS_ERR_INVALID_ARGUMENT);
        eks_op_decoded_request_free(&oout);
    }
}
END_TEST

/* A failed encode into a reused output leaves no view behind: the url, host and token views
 * of the previous encode pointed into storage the failed one had moved (use after free). */
START_TEST(enc_failure_leaves_no_views)
{
    eks_request_options o = {0};
    o.host = eks_str_from_cstr("eks.us-west-2.amazonaws.com");
    eks_disassociate_idp_request r;
    memset(&r, 0, sizeof r);
    r.cluster_name = eks_str_from_cstr("prod");
    r.identity_provider_config.present = true;
    r.identity_provider_config.type = eks_str_from_cstr("oidc");
    r.identity_provider_config.name = eks_str_from_cstr("okta");
    r.client_request_token = eks_str_from_cstr("tok");
    eks_encoded_request out = {0};
    ck_assert_int_eq(eks_disassociate_idp_request_encode(&r, &o, &out, NULL), EKS_OK);
    ck_assert_ptr_nonnull(out.url.ptr);
    static char big[8192];
    memset(big, 'a', sizeof big); /* the path no longer fits: storage grows */
    r.cluster_name = (eks_str){big, sizeof big};
    r.identity_provider_config.present = false; /* required: the encode fails after growing */
    ck_assert_int_eq(eks_disassociate_idp_request_encode(&r, &o, &out, NULL), EKS_ERR_VALIDATION_FAILED);
    ck_assert_ptr_null(out.url.ptr);
    ck_assert_ptr_null(out.host.ptr);
    ck_assert_ptr_null(out.client_request_token.ptr);
    ck_assert_ptr_null(out.http.path.ptr);
    ck_assert_ptr_null(out.http.query.ptr);
    ck_assert_uint_eq(out.http.header_count, 0);
    ck_assert(!out.token_generated);
    /* refused at once (no options): the previous request's views are gone too */
    r.cluster_name = eks_str_from_cstr("prod");
    r.identity_provider_config.present = true;
    ck_assert_int_eq(eks_disassociate_idp_request_encode(&r, &o, &out, NULL), EKS_OK);
    ck_assert_int_eq(eks_disassociate_idp_request_encode(&r, NULL, &out, NULL), EKS_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_null(out.url.ptr);
    ck_assert_ptr_null(out.http.path.ptr);
    ck_assert_uint_eq(out.http.header_count, 0);
    eks_encoded_request_free(&out);
}
END_TEST

/* Encode -> decode: what we send is what a server reading it gets back. */
START_TEST(enc_dec_label_bytes)
{
    eks_encoded_request enc = {0};
    char name[256];
    for (int c = 1; c < 256; c++) {
        size_t n = 0;
        name[n++] = 'x';
        if (c < 0x80) {
            name[n++] = (char)c;
        } else { /* the code point U+00XX as UTF-8 */
            name[n++] = (char)(0xC0 | (c >> 6));
            name[n++] = (char)(0x80 | (c & 0x3F));
        }
        eks_disassociate_idp_request r = make_req(NULL, "oidc", "okta", "t");
        r.cluster_name = (eks_str){name, n};
        eks_request_options o = opts_host();
        ck_assert_int_eq(eks_disassociate_idp_request_encode(&r, &o, &enc, NULL), EKS_OK);
        eks_decoded_request dec;
        ck_assert_int_eq(eks_disassociate_idp_request_decode(&enc.http, NULL, &dec), EKS_OK);
        ck_assert_uint_eq(dec.value.cluster_name.len, n);
        ck_assert(memcmp(dec.value.cluster_name.ptr, name, n) == 0);
        eks_decoded_request_free(&dec);
    }
    eks_encoded_request_free(&enc);
}
END_TEST

static Suite *request_suite(void)
{
    Suite *s = suite_create("request");
    TCase *e = tcase_create("encode");
    tcase_add_test(e, enc_basic);
    tcase_add_test(e, enc_label_percent_encoding_known);
    tcase_add_test(e, enc_label_every_ascii_byte);
    tcase_add_test(e, enc_label_rejected);
    tcase_add_test(e, enc_missing_required);
    tcase_add_test(e, enc_token_injected_random);
    tcase_add_test(e, enc_token_default_random);
    tcase_add_test(e, enc_given_token_is_owned_by_the_output);
    tcase_add_test(e, enc_token_empty_is_not_absent);
    tcase_add_test(e, enc_invalid_utf8);
    tcase_add_test(e, enc_json_escaping_complete);
    tcase_add_test(e, enc_string_every_position);
    tcase_add_test(e, enc_reuse_one_output);
    tcase_add_test(e, enc_host_and_endpoint);
    tcase_add_test(e, enc_api_misuse);
    tcase_add_test(e, enc_dec_label_bytes);
    suite_add_tcase(s, e);
    TCase *d = tcase_create("decode");
    tcase_add_test(d, dec_basic);
    tcase_add_test(d, dec_result_owns_its_bytes);
    tcase_add_test(d, dec_wrong_method);
    tcase_add_test(d, dec_wrong_path);
    tcase_add_test(d, dec_label_percent_decoding);
    tcase_add_test(d, dec_label_every_byte_as_a_hex_digit);
    tcase_add_test(d, dec_label_escape_at_every_position);
    tcase_add_test(d, dec_invalid_json_offsets);
    tcase_add_test(d, dec_nul_bytes);
    tcase_add_test(d, dec_duplicate_keys);
    tcase_add_test(d, dec_wrong_types);
    tcase_add_test(d, dec_unknown_members);
    tcase_add_test(d, dec_missing_required);
    tcase_add_test(d, dec_type_not_oidc);
    tcase_add_test(d, dec_limits);
    tcase_add_test(d, dec_api_misuse);
    tcase_add_test(d, enc_failure_leaves_no_views);
    tcase_add_test(d, dec_null_views_with_length);
    suite_add_tcase(s, d);

    TCase *k = tcase_create("fixed_regressions");
    tcase_add_test(k, dec_missing_required_paths);
    suite_add_tcase(s, k);

    return s;
}

int main(void)
{
    return ts_run_suite(request_suite());
}
