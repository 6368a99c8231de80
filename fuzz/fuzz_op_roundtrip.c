/*
 * Round trips through the codec for every operation: the first input byte picks the
 * operation, the low bit of the second the direction, the rest is
 *   a success response body: decode -> encode -> decode gives the same value (its JSON
 *     view), and what decoded without error or constraint warning encodes without error;
 *   boto3-style parameters: params -> encode -> the encoded request decoded as a captured
 *     one -> no error, and encoding that value again gives the same bytes (path, query,
 *     body; the generated token is the one the first encode used).
 */
#include "fuzz_op_support.h"

static eks_status fixed_random(void *ctx, unsigned char *b, size_t n)
{
    (void)ctx;
    memset(b, 0xa5, n);
    return EKS_OK;
}

static void dump(const char *what, const eks_diags *d)
{
    fprintf(stderr, "%s:\n", what);
    for (size_t i = 0; i < d->count; i++)
        fprintf(stderr, "  %s %s %s: %s\n", eks_severity_name(d->items[i].severity),
                eks_diag_code_name(d->items[i].code), d->items[i].path, d->items[i].message);
}

/* A broken constraint is a warning for the lenient response decode and for the response
 * encoder alike (a newer service may widen a limit), so such a response round-trips too.
 * Diagnostics past the cap cannot be told apart: such a response is left out. */
static bool diagnostics_unseen(const eks_diags *d)
{
    return d->dropped > 0;
}

static void response_roundtrip(const eks_operation *op, const uint8_t *data, size_t size)
{
    eks_header ct = {EKS_STR_LIT("Content-Type"), EKS_STR_LIT("application/json")};
    eks_http_response in = {.status = eks_operation_success_code(op), .headers = &ct, .header_count = 1,
                            .body = {(const char *)data, size}};
    eks_op_decoded_response a;
    eks_status st = eks_op_response_decode(op, &in, NULL, &a);
    fz_check_result(st, &a.diags);
    if (st == EKS_OK && a.diags.errors == 0 && !diagnostics_unseen(&a.diags)) {
        eks_encoded_response enc = {0};
        eks_diags d;
        eks_diags_init(&d);
        eks_status est = eks_op_response_encode(op, a.output, EKS_STR_ABSENT, &enc, &d);
        if (est != EKS_OK) {
            dump("decoded without error, did not encode", &d);
            FZ_CHECK(est == EKS_OK);
        }
        eks_op_decoded_response b;
        eks_status bst = eks_op_response_decode(op, &enc.http, NULL, &b);
        if (bst != EKS_OK || b.diags.errors)
            dump("encoded response does not decode cleanly", &b.diags);
        FZ_CHECK(bst == EKS_OK && b.diags.errors == 0);
        char *ja = fz_response_text(&a, true), *jb = fz_response_text(&b, true);
        if (strcmp(ja, jb) != 0) {
            fprintf(stderr, "value changed in the round trip:\n  %s\n  %s\n", ja, jb);
            abort();
        }
        free(ja);
        free(jb);
        eks_op_decoded_response_free(&b);
        eks_encoded_response_free(&enc);
        eks_diags_free(&d);
    }
    eks_op_decoded_response_free(&a);
}

static void request_roundtrip(const eks_operation *op, const uint8_t *data, size_t size)
{
    eks_op_decoded_request p;
    eks_status st = eks_op_request_from_params(op, (const char *)data, size, NULL, &p);
    fz_check_result(st, &p.diags);
    eks_endpoint ep;
    eks_endpoint_params where = {.region = EKS_STR_LIT("us-west-2")};
    FZ_CHECK(eks_endpoint_resolve(&where, &ep, NULL, 0) == EKS_OK);
    eks_request_options ro = {.endpoint = &ep, .random = {fixed_random, NULL}};
    eks_encoded_request e1 = {0}, e2 = {0};
    eks_diags d;
    eks_diags_init(&d);
    if (st == EKS_OK && eks_op_request_encode(op, p.value, &ro, &e1, &d) == EKS_OK) {
        eks_op_decoded_request r;
        eks_status rst = eks_op_request_decode(op, &e1.http, NULL, &r);
        if (rst != EKS_OK || r.diags.errors)
            dump("encoded request does not decode cleanly", &r.diags);
        FZ_CHECK(rst == EKS_OK && r.diags.errors == 0);
        FZ_CHECK(eks_op_request_encode(op, r.value, &ro, &e2, NULL) == EKS_OK);
        bool same = eks_str_eq(e1.url, e2.url) && eks_str_eq(e1.http.body, e2.http.body) &&
                    eks_str_eq(e1.http.method, e2.http.method);
        if (!same) {
            fprintf(stderr, "request changed in the round trip:\n  %.*s %.*s\n  %.*s %.*s\n", (int)e1.url.len,
                    e1.url.ptr, (int)e1.http.body.len, e1.http.body.ptr ? e1.http.body.ptr : "", (int)e2.url.len,
                    e2.url.ptr, (int)e2.http.body.len, e2.http.body.ptr ? e2.http.body.ptr : "");
            abort();
        }
        eks_op_decoded_request_free(&r);
    }
    eks_encoded_request_free(&e1);
    eks_encoded_request_free(&e2);
    eks_diags_free(&d);
    eks_op_decoded_request_free(&p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const eks_operation *op = eks_operation_at(data[0] % eks_operation_count());
    FZ_CHECK(op != NULL);
    /* Exact-size copies, so that ASan sees any read past the end. */
    fz_pool pool = {{0}, 0};
    eks_str body = fz_copy(&pool, data + 2, size - 2);
    if (data[1] & 1)
        response_roundtrip(op, (const uint8_t *)body.ptr, body.len);
    else
        request_roundtrip(op, (const uint8_t *)body.ptr, body.len);
    fz_pool_free(&pool);
    return 0;
}
