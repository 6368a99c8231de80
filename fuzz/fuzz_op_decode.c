/*
 * The codec for every operation (ekscodec/op_codec.h): the first input byte picks the
 * operation (all 65 tables get exercised), the low bit of the second a response or a
 * captured request, the rest is the message as fz_split_response / fz_split_request read it (a bare body gets
 * the operation's method and a path from its template).
 *
 * Invariants: the statuses and diagnostics of fz_check_result; a decode result owns what it
 * points to (its JSON view is built after the input is freed); what strict decoding accepts
 * lenient decoding accepts as the same value; limits hold.
 */
#include "fuzz_op_support.h"

/* The operation's template with every label "prod" (a path the router would give it). */
static void template_path(const eks_operation *op, char *out, size_t cap)
{
    const char *t = eks_operation_request_uri(op);
    size_t o = 0;
    for (; *t && *t != '?' && o + 5 < cap; t++) {
        if (*t == '{') {
            const char *close = strchr(t, '}');
            if (!close)
                break;
            memcpy(out + o, "prod", 4);
            o += 4;
            t = close;
        } else {
            out[o++] = *t;
        }
    }
    out[o] = '\0';
}

static eks_status fixed_random(void *ctx, unsigned char *b, size_t n)
{
    (void)ctx;
    memset(b, 0x5a, n);
    return EKS_OK;
}

/* The value of a decoded request, as the bytes the encoder makes of it (NULL when it does
 * not encode: a value with errors). */
static char *request_bytes(const eks_operation *op, const eks_op_decoded_request *r)
{
    eks_endpoint ep;
    eks_endpoint_params where = {.region = EKS_STR_LIT("us-west-2")};
    FZ_CHECK(eks_endpoint_resolve(&where, &ep, NULL, 0) == EKS_OK);
    eks_request_options ro = {.endpoint = &ep, .random = {fixed_random, NULL}};
    eks_encoded_request enc = {0};
    char *text = NULL;
    if (eks_op_request_encode(op, r->value, &ro, &enc, NULL) == EKS_OK) {
        size_t n = enc.url.len + enc.http.body.len + 2;
        text = malloc(n);
        FZ_CHECK(text != NULL);
        snprintf(text, n, "%.*s\n%.*s", (int)enc.url.len, enc.url.ptr, (int)enc.http.body.len,
                 enc.http.body.ptr ? enc.http.body.ptr : "");
    }
    eks_encoded_request_free(&enc);
    return text;
}

/* body_parsed: false for a request of an operation without a body, whose content is
 * ignored (with a warning) rather than parsed, so that no depth limit applies to it. */
static void check_limited(eks_status st, const eks_diags *d, const eks_limits *small, size_t body_len, size_t depth,
                          bool body_parsed)
{
    fz_check_result(st, d);
    FZ_CHECK(d->count <= small->max_diagnostics);
    if (st == EKS_OK) {
        FZ_CHECK(body_len <= small->max_body_bytes);
        FZ_CHECK(!body_parsed || depth <= small->max_depth);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const eks_operation *op = eks_operation_at(data[0] % eks_operation_count());
    FZ_CHECK(op != NULL);
    bool response = data[1] & 1;
    data += 2;
    size -= 2;
    uint32_t h = fz_hash(data, size);
    fz_pool pool = {{0}, 0};
    eks_header headers[FZ_MAX_HEADERS];
    eks_limits small = fz_small_limits(h);
    bool use_small = (h >> 28) % 4 == 0;
    eks_decode_options lenient = {.strict = false}, strict = {.strict = true};
    eks_decode_options limited = {.strict = (h >> 27) & 1, .limits = &small};

    if (response) {
        eks_http_response in;
        fz_split_response(&pool, data, size, h, headers, &in);
        eks_op_decoded_response a, b, c;
        memset(&c, 0, sizeof c);
        eks_status sa = eks_op_response_decode(op, &in, &lenient, &a);
        eks_status sb = eks_op_response_decode(op, &in, &strict, &b);
        eks_status sc = use_small ? eks_op_response_decode(op, &in, &limited, &c) : EKS_OK;
        int status = in.status;
        size_t body_len = in.body.len, depth = fz_json_depth(in.body.ptr, in.body.len);
        fz_pool_free(&pool);
        fz_check_result(sa, &a.diags);
        fz_check_result(sb, &b.diags);
        FZ_CHECK(a.http_status == status && a.is_error == (status < 200 || status > 299));
        FZ_CHECK(a.op == op);
        char *ja = fz_response_text(&a, false), *jb = fz_response_text(&b, false);
        if (sb == EKS_OK) {
            FZ_CHECK(sa == EKS_OK);
            FZ_CHECK(strcmp(ja, jb) == 0);
        }
        if (use_small) {
            check_limited(sc, &c.diags, &small, body_len, depth, true);
            free(fz_response_text(&c, false));
        }
        free(ja);
        free(jb);
        eks_op_decoded_response_free(&a);
        eks_op_decoded_response_free(&b);
        eks_op_decoded_response_free(&c);
        return 0;
    }

    eks_http_request in;
    fz_split_request(&pool, data, size, headers, &in);
    char path[256];
    if (fz_is_body_only(data, size)) {
        /* fz_split_request gave the default operation's line: use this operation's. */
        template_path(op, path, sizeof path);
        in.method = eks_str_from_cstr(eks_operation_method(op));
        in.path = eks_str_from_cstr(path);
    }
    eks_op_decoded_request a, b, c;
    memset(&c, 0, sizeof c);
    eks_status sa = eks_op_request_decode(op, &in, &lenient, &a);
    eks_status sb = eks_op_request_decode(op, &in, &strict, &b);
    eks_status sc = use_small ? eks_op_request_decode(op, &in, &limited, &c) : EKS_OK;
    size_t body_len = in.body.len, depth = fz_json_depth(in.body.ptr, in.body.len);
    fz_pool_free(&pool);
    fz_check_result(sa, &a.diags);
    fz_check_result(sb, &b.diags);
    FZ_CHECK(a.value != NULL || sa == EKS_ERR_OUT_OF_MEMORY);
    if (sb == EKS_OK) {
        FZ_CHECK(sa == EKS_OK);
        char *ra = request_bytes(op, &a), *rb = request_bytes(op, &b);
        FZ_CHECK((ra == NULL) == (rb == NULL));
        FZ_CHECK(!ra || strcmp(ra, rb) == 0);
        free(ra);
        free(rb);
    }
    if (use_small)
        check_limited(sc, &c.diags, &small, body_len, depth, eks_op_request_has_body(op));
    eks_op_decoded_request_free(&a);
    eks_op_decoded_request_free(&b);
    eks_op_decoded_request_free(&c);
    return 0;
}
