/*
 * Out-of-memory behaviour of every allocating entry point: the test binary is linked with
 * -Wl,--wrap=malloc,calloc,realloc (tests/coverage_tests.cmake), so allocation number k of a
 * call can be made to fail, for every k until the call no longer allocates that often.
 * Each failure must give EKS_ERR_OUT_OF_MEMORY (never a crash, another status, or a result
 * that cannot be freed), and the free must release everything (ASan/LSan and valgrind check).
 */
#include "ekscodec/capture.h"
#include "ekscodec/codec.h"
#include "ekscodec/exchange.h"
#include "ekscodec/http_parse.h"
#include "ekscodec/op_json.h"
#include "ekscodec/sigv4.h"
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);

static long fail_at = -1; /* index of the allocation to fail; -1: none */
static long seen;         /* allocations since arming */

static bool should_fail(void)
{
    return fail_at >= 0 && seen++ == fail_at;
}

void *__wrap_malloc(size_t n)
{
    return should_fail() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t m)
{
    return should_fail() ? NULL : __real_calloc(n, m);
}

void *__wrap_realloc(void *p, size_t n)
{
    return should_fail() ? NULL : __real_realloc(p, n);
}

/* json-c allocates inside its own library, out of the malloc wrappers' reach: the json-c
 * calls the library makes are wrapped too (tests/coverage_tests.cmake), so that each can be
 * made to fail as it does when json-c runs out of memory. */
struct json_tokener *__real_json_tokener_new_ex(int depth);
struct json_tokener *__wrap_json_tokener_new_ex(int depth);
static bool fail_json_tokener;

struct json_tokener *__wrap_json_tokener_new_ex(int depth)
{
    return fail_json_tokener ? NULL : __real_json_tokener_new_ex(depth);
}

/* The constructors and the add of the json-c tree eks_op_response_to_json builds: the call
 * number json_fail_at fails (NULL, or -1 with val not taken, as json-c does). */
static long json_fail_at = -1;
static long json_seen;

static bool json_should_fail(void)
{
    return json_fail_at >= 0 && json_seen++ == json_fail_at;
}

json_object *__real_json_object_new_object(void);
json_object *__real_json_object_new_string(const char *s);
json_object *__real_json_object_new_string_len(const char *s, int len);
json_object *__real_json_object_new_int(int32_t i);
int __real_json_object_object_add(json_object *obj, const char *key, json_object *val);
json_object *__wrap_json_object_new_object(void);
json_object *__wrap_json_object_new_string(const char *s);
json_object *__wrap_json_object_new_string_len(const char *s, int len);
json_object *__wrap_json_object_new_int(int32_t i);
int __wrap_json_object_object_add(json_object *obj, const char *key, json_object *val);

json_object *__wrap_json_object_new_object(void)
{
    return json_should_fail() ? NULL : __real_json_object_new_object();
}

json_object *__wrap_json_object_new_string(const char *s)
{
    return json_should_fail() ? NULL : __real_json_object_new_string(s);
}

json_object *__wrap_json_object_new_string_len(const char *s, int len)
{
    return json_should_fail() ? NULL : __real_json_object_new_string_len(s, len);
}

json_object *__wrap_json_object_new_int(int32_t i)
{
    return json_should_fail() ? NULL : __real_json_object_new_int(i);
}

int __wrap_json_object_object_add(json_object *obj, const char *key, json_object *val)
{
    return json_should_fail() ? -1 : __real_json_object_object_add(obj, key, val);
}

static void arm(long k)
{
    seen = 0;
    fail_at = k;
}

/* Returns true while the k-th allocation was reached (the call saw the failure). */
static bool disarm(void)
{
    bool reached = seen > fail_at;
    fail_at = -1;
    return reached;
}

#define SWEEP_MAX 400

static const char typical_body[] =
    "{\"update\":{\"id\":\"u-1\",\"status\":\"InProgress\",\"type\":\"DisassociateIdentityProviderConfig\","
    "\"params\":[{\"type\":\"IdentityProviderConfig\",\"value\":\"[{\\\"type\\\":\\\"oidc\\\"}]\"},"
    "{\"type\":\"Version\",\"value\":\"1.30\"},{\"type\":\"Bogus\",\"value\":\"x\"}],"
    "\"createdAt\":1764291723.456,\"errors\":[{\"errorCode\":\"AccessDenied\",\"errorMessage\":\"m\","
    "\"resourceIds\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}],\"cancellation\":{\"status\":\"Failed\",\"reason\":\"r\"},"
    "\"extra\":1,\"extra2\":2}}";

START_TEST(response_decode_out_of_memory)
{
    static const struct {
        int status;
        const char *type;
        const char *body;
    } cases[] = {
        {200, NULL, typical_body},
        {404, "ResourceNotFoundException", "{\"message\":\"gone\",\"clusterName\":\"prod\",\"code\":\"X\"}"},
        {400, NULL, "{\"__type\":\"ns#Unmodeled:uri\",\"Message\":\"m\",\"k\":[1,2,3]}"},
        {502, NULL, "<html>bad gateway</html>"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        eks_header h[2] = {{EKS_STR_LIT("x-amzn-RequestId"), EKS_STR_LIT("rid")},
                           {EKS_STR_LIT("x-amzn-ErrorType"), eks_str_from_cstr(cases[c].type)}};
        eks_http_response resp = {cases[c].status, h, cases[c].type ? 2 : 1, eks_str_from_cstr(cases[c].body)};
        eks_decode_options opt = {.strict = true};
        long k = 0;
        for (; k < SWEEP_MAX; k++) {
            eks_decoded_response out;
            arm(k);
            eks_status st = eks_disassociate_idp_response_decode(&resp, &opt, &out);
            bool reached = disarm();
            if (reached)
                ck_assert_msg(st == EKS_ERR_OUT_OF_MEMORY, "case %zu, failing allocation %ld: %s", c, k,
                              eks_strerror(st));
            eks_decoded_response_free(&out);
            if (!reached)
                break;
        }
        ck_assert_int_lt(k, SWEEP_MAX);
        ck_assert_int_gt(k, 0); /* the decode allocates, so some failure was injected */
    }
}
END_TEST

START_TEST(request_paths_out_of_memory)
{
    static const char params[] = "{\"clusterName\":\"a/b c\",\"identityProviderConfig\":{\"type\":\"saml\",\"name\":\"n\"}}";
    eks_header hs[] = {{EKS_STR_LIT("Host"), EKS_STR_LIT("eks.us-west-2.amazonaws.com")}};
    eks_http_request captured = {EKS_STR_LIT("POST"), EKS_STR_LIT("/clusters/a%2Fb/identity-provider-configs/disassociate"),
                                 EKS_STR_ABSENT, hs, 1,
                                 EKS_STR_LIT("{\"identityProviderConfig\":{\"type\":\"x\",\"name\":\"n\"},\"u\":1}")};
    long k;
    for (k = 0; k < SWEEP_MAX; k++) {
        eks_decoded_request p;
        arm(k);
        eks_status st = eks_disassociate_idp_request_from_params(params, sizeof params - 1, NULL, &p);
        bool reached = disarm();
        if (reached)
            ck_assert_msg(st == EKS_ERR_OUT_OF_MEMORY, "params, allocation %ld: %s", k, eks_strerror(st));
        eks_decoded_request_free(&p);
        if (!reached)
            break;
    }
    ck_assert_int_lt(k, SWEEP_MAX);
    for (k = 0; k < SWEEP_MAX; k++) {
        eks_decoded_request d;
        eks_decode_options opt = {.strict = true};
        arm(k);
        eks_status st = eks_disassociate_idp_request_decode(&captured, &opt, &d);
        bool reached = disarm();
        if (reached)
            ck_assert_msg(st == EKS_ERR_OUT_OF_MEMORY, "decode, allocation %ld: %s", k, eks_strerror(st));
        eks_decoded_request_free(&d);
        if (!reached)
            break;
    }
    ck_assert_int_lt(k, SWEEP_MAX);
    /* encode: a fresh output every time (first use allocates), warnings on the way */
    eks_decoded_request p;
    ck_assert_int_eq(eks_disassociate_idp_request_from_params(params, sizeof params - 1, NULL, &p), EKS_OK);
    eks_request_options ro = {.host = EKS_STR_LIT("eks.us-west-2.amazonaws.com")};
    for (k = 0; k < SWEEP_MAX; k++) {
        eks_encoded_request out = {0};
        eks_diags d;
        eks_diags_init(&d);
        arm(k);
        eks_status st = eks_disassociate_idp_request_encode(&p.value, &ro, &out, &d);
        bool reached = disarm();
        if (reached)
            ck_assert_msg(st == EKS_ERR_OUT_OF_MEMORY, "encode, allocation %ld: %s", k, eks_strerror(st));
        eks_encoded_request_free(&out);
        eks_diags_free(&d);
        if (!reached)
            break;
    }
    ck_assert_int_lt(k, SWEEP_MAX);
    eks_decoded_request_free(&p);
}
END_TEST

START_TEST(response_encode_out_of_memory)
{
    eks_http_response resp = {200, NULL, 0, eks_str_from_cstr(typical_body)};
    eks_decoded_response r;
    eks_disassociate_idp_response_decode(&resp, NULL, &r);
    long k;
    for (k = 0; k < SWEEP_MAX; k++) {
        eks_encoded_response out = {0};
        eks_diags d;
        eks_diags_init(&d);
        arm(k);
        eks_status st = eks_disassociate_idp_response_encode(&r.output, EKS_STR_LIT("rid"), &out, &d);
        bool reached = disarm();
        if (reached)
            ck_assert_msg(st == EKS_ERR_OUT_OF_MEMORY, "response encode, allocation %ld: %s", k, eks_strerror(st));
        eks_encoded_response_free(&out);
        eks_diags_free(&d);
        if (!reached)
            break;
    }
    ck_assert_int_lt(k, SWEEP_MAX);
    eks_api_error err = {.kind = EKS_ERROR_RESOURCE_NOT_FOUND_EXCEPTION, .message = EKS_STR_LIT("gone")};
    for (k = 0; k < SWEEP_MAX; k++) {
        eks_encoded_response out = {0};
        arm(k);
        eks_status st = eks_disassociate_idp_error_encode(&err, 0, EKS_STR_LIT("rid"), &out, NULL);
        bool reached = disarm();
        if (reached)
            ck_assert_msg(st == EKS_ERR_OUT_OF_MEMORY, "error encode, allocation %ld: %s", k, eks_strerror(st));
        eks_encoded_response_free(&out);
        if (!reached)
            break;
    }
    ck_assert_int_lt(k, SWEEP_MAX);
    eks_decoded_response_free(&r);
}
END_TEST

/* The generic codec: a captured GET with a query string (list members allocate), parameters
 * as a json-c object, a response into its struct and its json-c view, and the generic
 * response encoder. */
START_TEST(generic_paths_out_of_memory)
{
    const eks_operation *lc = eks_operation_find("ListClusters", 12);
    ck_assert_ptr_nonnull(lc);
    eks_header hs[] = {{EKS_STR_LIT("Host"), EKS_STR_LIT("eks.us-west-2.amazonaws.com")}};
    eks_http_request get = {EKS_STR_LIT("GET"), EKS_STR_LIT("/clusters"),
                            EKS_STR_LIT("maxResults=5&include=a&include=b%20c&nextToken=t"), hs, 1, EKS_STR_ABSENT};
    eks_http_response resp = {200, hs, 1, EKS_STR_LIT("{\"clusters\":[\"a\",\"b\"],\"nextToken\":\"n\"}")};
    long k;
    for (k = 0; k < SWEEP_MAX; k++) {
        eks_op_decoded_request d;
        arm(k);
        eks_status st = eks_op_request_decode(lc, &get, NULL, &d);
        bool reached = disarm();
        if (reached)
            ck_assert_msg(st == EKS_ERR_OUT_OF_MEMORY, "captured GET, allocation %ld: %s", k, eks_strerror(st));
        eks_op_decoded_request_free(&d);
        if (!reached)
            break;
    }
    ck_assert_int_lt(k, SWEEP_MAX);
    json_object *params = json_tokener_parse("{\"include\":[\"all\"],\"maxResults\":3}");
    for (k = 0; k < SWEEP_MAX; k++) {
        eks_op_decoded_request d;
        arm(k);
        eks_status st = eks_op_request_from_json(lc, params, NULL, &d);
        bool reached = disarm();
        if (reached)
            ck_assert_msg(st == EKS_ERR_OUT_OF_MEMORY, "params object, allocation %ld: %s", k, eks_strerror(st));
        eks_op_decoded_request_free(&d);
        if (!reached)
            break;
    }
    ck_assert_int_lt(k, SWEEP_MAX);
    json_object_put(params);
    for (k = 0; k < SWEEP_MAX; k++) {
        eks_op_decoded_response r;
        json_object *o = NULL;
        eks_encoded_response enc = {0};
        arm(k);
        eks_status st = eks_op_response_decode(lc, &resp, NULL, &r);
        if (st == EKS_OK)
            st = eks_op_response_to_json(&r, &o);
        if (st == EKS_OK)
            st = eks_op_response_encode(lc, r.output, EKS_STR_LIT("rid"), &enc, NULL);
        bool reached = disarm();
        if (reached)
            ck_assert_msg(st == EKS_ERR_OUT_OF_MEMORY, "response, allocation %ld: %s", k, eks_strerror(st));
        json_object_put(o);
        eks_encoded_response_free(&enc);
        eks_op_decoded_response_free(&r);
        if (!reached)
            break;
    }
    ck_assert_int_lt(k, SWEEP_MAX);
}
END_TEST

START_TEST(sigv4_and_http_parse_out_of_memory)
{
    eks_header h[] = {{EKS_STR_LIT("Host"), EKS_STR_LIT("eks.us-west-2.amazonaws.com")},
                      {EKS_STR_LIT("Content-Type"), EKS_STR_LIT("application/json")}};
    eks_http_request req = {EKS_STR_LIT("POST"), EKS_STR_LIT("/a/b"), EKS_STR_LIT("x=1&y=2"), h, 2,
                            EKS_STR_LIT("{}")};
    eks_sigv4_config cfg;
    eks_sigv4_config_init_eks(&cfg, EKS_STR_LIT("us-west-2"), 1764291723);
    eks_sigv4_credentials cr = {EKS_STR_LIT("AKIDEXAMPLE"), EKS_STR_LIT("secret"), EKS_STR_LIT("token")};
    long k;
    for (int mode = 0; mode < 2; mode++) {
        cfg.mode = mode ? EKS_SIGV4_MODE_QUERY : EKS_SIGV4_MODE_HEADER;
        cfg.expires_seconds = 60;
        for (k = 0; k < SWEEP_MAX; k++) {
            eks_sigv4_output out;
            eks_sigv4_output_init(&out);
            eks_sigv4_cache *cache = NULL;
            arm(k);
            eks_status st = eks_sigv4_cache_new(2, &cache);
            if (st == EKS_OK)
                st = eks_sigv4_sign(cache, &cfg, &cr, &req, &out);
            bool reached = disarm();
            if (reached)
                ck_assert_msg(st == EKS_ERR_OUT_OF_MEMORY, "sign mode %d, allocation %ld: %s", mode, k,
                              eks_strerror(st));
            eks_sigv4_output_free(&out);
            eks_sigv4_cache_free(cache);
            if (!reached)
                break;
        }
        ck_assert_int_lt(k, SWEEP_MAX);
    }
    static const char chunked[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: 1\r\n  folded\r\n\r\n"
                                  "3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\nTrailer: t\r\n\r\n";
    for (k = 0; k < SWEEP_MAX; k++) {
        eks_http_message m;
        arm(k);
        eks_status st = eks_http_parse(chunked, sizeof chunked - 1, NULL, &m);
        bool reached = disarm();
        if (reached)
            ck_assert_msg(st == EKS_ERR_OUT_OF_MEMORY, "http parse, allocation %ld: %s", k, eks_strerror(st));
        eks_http_message_free(&m);
        if (!reached)
            break;
    }
    ck_assert_int_lt(k, SWEEP_MAX);
}
END_TEST

/* ---- capture readers and the exchange checks ---- */

#define SIGNED_REQ                                                                                                 \
    "\"method\":\"POST\",\"url\":\"https://eks.us-west-2.amazonaws.com/clusters/prod/identity-provider-configs/"   \
    "disassociate\",\"headers\":[[\"Host\",\"eks.us-west-2.amazonaws.com\"],[\"Content-Type\",\"application/json\"]," \
    "[\"X-Amz-Date\",\"20261128T010203Z\"],[\"X-Amz-Meta-Unsigned\",\"1\"],[\"Authorization\",\"AWS4-HMAC-SHA256 "  \
    "Credential=AKIDEXAMPLE/20261128/us-west-2/eks/aws4_request, SignedHeaders=content-type;host;x-amz-date, "      \
    "Signature=adcc8e0c5e4c7a5b4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f80912\"]]"

static const char oom_jsonl[] =
    "{\"request\":{" SIGNED_REQ ",\"body\":\"{\\\"identityProviderConfig\\\":{\\\"type\\\":\\\"oidc\\\",\\\"name\\\":"
    "\\\"okta\\\"}}\"},\"response\":{\"status\":404,\"headers\":{\"Date\":\"Sat, 28 Nov 2026 03:02:04 GMT\","
    "\"x-amzn-ErrorType\":\"ResourceNotFoundException\"},\"bodyBase64\":\"eyJtZXNzYWdlIjoibm8ifQ==\"}}\n"
    "{\"request\":{\"method\":\"GET\",\"url\":\"https://eks.us-west-2.amazonaws.com/clusters/prod\"}}\n"
    "{\"request\":{\"method\":\"GET\"}}\n";
static const char oom_har[] =
    "{\"log\":{\"entries\":[{\"request\":{\"method\":\"GET\",\"url\":\"https://eks.us-west-2.amazonaws.com/clusters/"
    "prod\",\"headers\":[{\"name\":\"X-Amz-Date\",\"value\":\"20261128T010203Z\"}]},\"response\":{\"status\":200,"
    "\"headers\":[{\"name\":\"Date\",\"value\":\"Sat, 28 Nov 2026 01:02:04 GMT\"}],\"content\":{\"text\":"
    "\"eyJjbHVzdGVyIjp7Im5hbWUiOiJwcm9kIn19\",\"encoding\":\"base64\"}}}]}}";
static const char oom_http[] = "GET /clusters/prod HTTP/1.1\r\nHost: eks.us-west-2.amazonaws.com\r\n\r\n"
                               "HTTP/1.1 200 OK\r\nContent-Length: 11\r\nTransfer-Encoding: chunked\r\n\r\n"
                               "b\r\n{\"cluster\":\r\n2\r\n{}\r\n1\r\n}\r\n0\r\n\r\n";

static int releases;
static void count_release(void *user)
{
    (void)user;
    releases++;
}

typedef struct mem_src {
    const char *p;
    size_t left;
} mem_src;

static ptrdiff_t read_odd(void *user, char *dst, size_t n, char *why, size_t why_len)
{
    (void)why;
    (void)why_len;
    mem_src *m = user;
    size_t k = m->left < 7 ? m->left : 7;
    if (k > n)
        k = n;
    memcpy(dst, m->p, k);
    m->p += k;
    m->left -= k;
    return (ptrdiff_t)k;
}

/* Reads and checks a whole capture; the outcome (verdict, error and warning counts of every
 * exchange) goes into out. Returns false when a call reported running out of memory. No
 * assertion runs in here (Check allocates in ck_assert while allocations may fail): a
 * broken contract is written into *bad for the caller to assert afterwards. */
static bool run_capture(const char *data, size_t len, bool callback, char *out, size_t outsz, const char **bad)
{
    eks_exchange_options o;
    memset(&o, 0, sizeof o);
    o.verify_signatures = true;
    o.creds.access_key_id = EKS_STR_LIT("AKIDEXAMPLE");
    o.creds.secret_access_key = EKS_STR_LIT("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    char err[256] = "";
    bool ok = false;
    size_t used = 0;
    out[0] = '\0';
    eks_exchange ex;
    memset(&ex, 0, sizeof ex);
    eks_exchange_result res;
    memset(&res, 0, sizeof res);
    eks_capture_reader *r = NULL;
    mem_src ms = {data, len};
    eks_capture_source src = {.read = read_odd, .user = &ms, .release = count_release};
    releases = 0;
    eks_capture_kind kind = eks_capture_detect(data, len);
    eks_exchange_ctx *ctx = eks_exchange_ctx_new(&o);
    bool opened = callback ? eks_capture_reader_new(&r, kind, &src, NULL, err, sizeof err)
                           : eks_capture_reader_new_memory(&r, kind, data, len, NULL, err, sizeof err);
    if (!opened && (r != NULL || strcmp(err, "out of memory") != 0))
        *bad = "a reader that failed to open did not say out of memory";
    if (!ctx || !opened)
        goto out;
    int got;
    while ((got = eks_capture_reader_next(r, &ex, err, sizeof err)) == 1) {
        if (!eks_exchange_check(ctx, &ex, 1795827723, &res))
            goto out;
        used += (size_t)snprintf(out + used, outsz - used, "%s/%zu/%zu ", eks_verdict_name(res.verdict),
                                 eks_exchange_result_errors(&res), eks_exchange_result_warnings(&res));
        if (used >= outsz) {
            *bad = "outcome buffer too small";
            goto out;
        }
    }
    if (got < 0) {
        if (strcmp(err, "out of memory") != 0)
            *bad = "a reader that failed did not say out of memory";
        goto out;
    }
    ok = true;
out:
    eks_exchange_result_free(&res);
    eks_diags_free(&ex.diags);
    eks_capture_reader_free(r);
    eks_exchange_ctx_free(ctx);
    if (callback && releases != 1)
        *bad = "the source was not released exactly once";
    return ok;
}

/* Every allocation of reading and checking a capture may fail: the failure is reported, or
 * the outcome is exactly what it is with memory (never an exchange silently changed). */
START_TEST(capture_and_exchange_out_of_memory)
{
    static const struct {
        const char *data;
        size_t len;
    } caps[] = {{oom_jsonl, sizeof oom_jsonl - 1}, {oom_har, sizeof oom_har - 1}, {oom_http, sizeof oom_http - 1}};
    for (size_t c = 0; c < sizeof caps / sizeof caps[0]; c++)
        for (int callback = 0; callback < 2; callback++) {
            char want[512], got[512];
            const char *bad = NULL;
            ck_assert(run_capture(caps[c].data, caps[c].len, callback, want, sizeof want, &bad));
            ck_assert_msg(bad == NULL, "%s", bad);
            ck_assert_msg(want[0] != '\0', "capture %zu read no exchange", c);
            long k;
            for (k = 0; k < SWEEP_MAX; k++) {
                arm(k);
                bool ok = run_capture(caps[c].data, caps[c].len, callback, got, sizeof got, &bad);
                bool reached = disarm();
                ck_assert_msg(bad == NULL, "capture %zu, allocation %ld: %s", c, k, bad);
                if (!reached) {
                    ck_assert(ok);
                    break;
                }
                if (ok)
                    ck_assert_msg(strcmp(got, want) == 0, "capture %zu, allocation %ld: %s instead of %s", c, k,
                                  got, want);
            }
            ck_assert_int_lt(k, SWEEP_MAX);
        }
}
END_TEST

/* A diagnostic that memory ran out storing is counted and dropped (diag.h): errors +
 * warnings = count + dropped stays true, and eks_diags_append_new carries the counts without
 * wrapping. Every allocation of eks_diags_add fails in turn, after a stored warning. */
START_TEST(diags_keep_their_counts_when_memory_runs_out)
{
    for (long k = 0; k < 4; k++) {
        eks_diags src, dst;
        eks_diags_init(&src);
        eks_diags_init(&dst);
        ck_assert_int_eq(eks_diags_add(&src, EKS_SEV_WARNING, EKS_DIAG_UNKNOWN_MEMBER, "$.w", 1, "w"), EKS_OK);
        arm(k);
        eks_status st = eks_diags_add(&src, EKS_SEV_ERROR, EKS_DIAG_WRONG_TYPE, "$.e", 2, "e");
        bool reached = disarm();
        ck_assert_int_eq(st, reached ? EKS_ERR_OUT_OF_MEMORY : EKS_OK);
        ck_assert_uint_eq(src.errors + src.warnings, src.count + src.dropped);
        ck_assert_int_eq(eks_diags_append_new(&dst, &src), EKS_OK);
        ck_assert_uint_eq(dst.errors, 1);
        ck_assert_uint_eq(dst.warnings, 1);
        ck_assert_uint_eq(dst.errors + dst.warnings, dst.count + dst.dropped);
        eks_diags_free(&src);
        eks_diags_free(&dst);
        if (!reached)
            break;
    }
}
END_TEST

/* json-c's tokener could not be made (it ran out of memory): the HAR reader fails to open,
 * saying so, instead of handing NULL to json_tokener_free(), which dereferences it. */
START_TEST(har_reader_without_a_tokener)
{
    for (int callback = 0; callback < 2; callback++) {
        eks_capture_reader *r = (eks_capture_reader *)&r; /* must come back NULL */
        char err[256] = "";
        mem_src ms = {oom_har, sizeof oom_har - 1};
        eks_capture_source src = {.read = read_odd, .user = &ms, .release = count_release};
        releases = 0;
        fail_json_tokener = true;
        bool opened = callback ? eks_capture_reader_new(&r, EKS_CAPTURE_HAR, &src, NULL, err, sizeof err)
                               : eks_capture_reader_new_memory(&r, EKS_CAPTURE_HAR, oom_har, sizeof oom_har - 1,
                                                               NULL, err, sizeof err);
        fail_json_tokener = false;
        ck_assert(!opened);
        ck_assert_ptr_null(r);
        ck_assert_str_eq(err, "out of memory");
        if (callback)
            ck_assert_int_eq(releases, 1);
    }
}
END_TEST

/* Every json-c object eks_op_response_to_json makes, and every add, may fail: the call says
 * EKS_ERR_OUT_OF_MEMORY and returns nothing (never a tree with members missing or null, nor
 * json-c's assertion on a NULL object), and releases what it made (ASan and valgrind check). */
START_TEST(response_to_json_when_json_c_runs_out)
{
    const eks_operation *dc = eks_operation_find("DescribeCluster", 15);
    ck_assert_ptr_nonnull(dc);
    eks_header eh[] = {{EKS_STR_LIT("x-amzn-ErrorType"), EKS_STR_LIT("ResourceNotFoundException")},
                       {EKS_STR_LIT("x-amzn-RequestId"), EKS_STR_LIT("rid-1")}};
    eks_http_response responses[] = {
        {404, eh, 2, EKS_STR_LIT("{\"message\":\"no\",\"clusterName\":\"c\"}")},
        {500, NULL, 0, EKS_STR_LIT("{}")},
        {200, eh + 1, 1, EKS_STR_LIT("{\"cluster\":{\"name\":\"prod\"}}")},
    };
    for (size_t i = 0; i < sizeof responses / sizeof responses[0]; i++) {
        eks_op_decoded_response r;
        eks_op_response_decode(dc, &responses[i], NULL, &r);
        json_object *want = NULL;
        ck_assert_int_eq(eks_op_response_to_json(&r, &want), EKS_OK);
        long k;
        for (k = 0; k < 64; k++) {
            json_object *got = (json_object *)&got;
            json_seen = 0;
            json_fail_at = k;
            eks_status st = eks_op_response_to_json(&r, &got);
            bool reached = json_seen > json_fail_at;
            json_fail_at = -1;
            if (!reached) {
                ck_assert_int_eq(st, EKS_OK);
                ck_assert(json_object_equal(got, want));
                json_object_put(got);
                break;
            }
            ck_assert_msg(st == EKS_ERR_OUT_OF_MEMORY, "response %zu, json-c call %ld: %s", i, k,
                          eks_strerror(st));
            ck_assert_ptr_null(got);
        }
        ck_assert_int_gt(k, 2);
        ck_assert_int_lt(k, 64);
        json_object_put(want);
        eks_op_decoded_response_free(&r);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("oom");
    TCase *tc = tcase_create("oom");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, response_decode_out_of_memory);
    tcase_add_test(tc, diags_keep_their_counts_when_memory_runs_out);
    tcase_add_test(tc, request_paths_out_of_memory);
    tcase_add_test(tc, response_encode_out_of_memory);
    tcase_add_test(tc, sigv4_and_http_parse_out_of_memory);
    tcase_add_test(tc, generic_paths_out_of_memory);
    tcase_add_test(tc, capture_and_exchange_out_of_memory);
    tcase_add_test(tc, har_reader_without_a_tokener);
    tcase_add_test(tc, response_to_json_when_json_c_runs_out);
    suite_add_tcase(s, tc);
    return ts_run_suite(s);
}
