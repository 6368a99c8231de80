/*
 * A program outside the project, built only from what `cmake --install` put in a prefix:
 * it proves the installed headers compile on their own and the installed library links and
 * exports the documented symbols. Expected values come from the contracts in
 * include/ekscodec/common.h, not from the implementation, and the version from the package
 * that found the library: EKSCODEC_EXPECTED_VERSION is find_package's ekscodec_VERSION or
 * `pkg-config --modversion ekscodec`. The exchange API (capture.h, exchange.h) is checked on
 * a two-line JSON Lines capture with outcomes fixed by DESIGN §3: an unsigned request to an
 * EKS host is selected by its host and invalid (signature_missing); a call to another host
 * is skipped.
 */
#include <ekscodec/capture.h>
#include <ekscodec/common.h>
#include <ekscodec/exchange.h>
#include <ekscodec/op_json.h>
#include <ekscodec/operation.h>
#include <ekscodec/version.h>

#include <stdio.h>
#include <string.h>

#ifndef EKSCODEC_EXPECTED_VERSION
#error "build with -DEKSCODEC_EXPECTED_VERSION=\"x.y.z\" (the version the package reports)"
#endif

static const char capture[] =
    "{\"request\":{\"method\":\"POST\",\"url\":\"https://eks.us-west-2.amazonaws.com/clusters/prod/"
    "identity-provider-configs/disassociate\",\"headers\":[[\"Content-Type\",\"application/json\"]],"
    "\"body\":\"{\\\"identityProviderConfig\\\":{\\\"type\\\":\\\"oidc\\\",\\\"name\\\":"
    "\\\"okta\\\"},\\\"clientRequestToken\\\":\\\"t-1\\\"}\"}}\n"
    "{\"request\":{\"method\":\"GET\",\"url\":\"https://example.com/clusters/prod\",\"headers\":[]}}\n";

/* op_json.h hands json-c objects across: the consumer calls json-c itself (json-c is part
 * of the library's interface, so linking ekscodec links it). Parameters of DESIGN §3's
 * example decode without an error; an error response is "Error": {"Code", "Message"}. */
static int check_op_json(void)
{
    const eks_operation *op = eks_operation_find("DisassociateIdentityProviderConfig", 34);
    json_object *params = json_tokener_parse(
        "{\"clusterName\":\"prod\",\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"okta\"}}");
    eks_op_decoded_request req = {0};
    int rc = 1;
    if (op && params && eks_op_request_from_json(op, params, NULL, &req) == EKS_OK && req.diags.errors == 0) {
        static const eks_header type = {{"x-amzn-ErrorType", 16}, {"ResourceNotFoundException", 25}};
        eks_http_response in = {404, &type, 1, {"{\"message\":\"m\"}", 15}};
        eks_op_decoded_response resp = {0};
        json_object *j = NULL, *error = NULL, *code = NULL;
        if (eks_op_response_decode(op, &in, NULL, &resp) == EKS_OK && eks_op_response_to_json(&resp, &j) == EKS_OK &&
            json_object_object_get_ex(j, "Error", &error) && json_object_object_get_ex(error, "Code", &code) &&
            strcmp(json_object_get_string(code), "ResourceNotFoundException") == 0)
            rc = 0;
        json_object_put(j);
        eks_op_decoded_response_free(&resp);
    }
    eks_op_decoded_request_free(&req);
    json_object_put(params);
    return rc;
}

/* The capture above, one byte per call (a transport's read callback). */
static ptrdiff_t read_one(void *user, char *dst, size_t n, char *why, size_t why_len)
{
    size_t *pos = user;
    (void)n;
    (void)why;
    (void)why_len;
    if (*pos >= sizeof capture - 1)
        return 0;
    dst[0] = capture[(*pos)++];
    return 1;
}

/* Reads the capture and checks both exchanges; 0 when they come out as documented. */
static int check_capture(bool callback)
{
    static const char *const want_verdict[] = {"invalid", "skipped"};
    char err[256];
    size_t pos = 0;
    eks_capture_source src = {read_one, &pos, NULL, 0};
    eks_capture_reader *r = NULL;
    eks_exchange_options opt = {0};
    eks_exchange_ctx *ctx = eks_exchange_ctx_new(&opt);
    eks_exchange ex = {0};
    eks_exchange_result res = {0};
    int rc = 1, n = 0;
    bool opened = callback ? eks_capture_reader_new(&r, EKS_CAPTURE_JSONL, &src, NULL, err, sizeof err)
                           : eks_capture_reader_new_memory(&r, EKS_CAPTURE_JSONL, capture, sizeof capture - 1, NULL,
                                                           err, sizeof err);
    if (!ctx || !opened || eks_capture_detect(capture, sizeof capture - 1) != EKS_CAPTURE_JSONL)
        goto out;
    while (eks_capture_reader_next(r, &ex, err, sizeof err) == 1) {
        if (n == 2 || !eks_exchange_check(ctx, &ex, EKS_EXCHANGE_NO_CLOCK, &res) ||
            strcmp(eks_verdict_name(res.verdict), want_verdict[n]) != 0 || ex.position != (uint64_t)n + 1)
            goto out;
        if (n == 0 && (res.selected_by != EKS_SELECTED_HOST || eks_exchange_result_errors(&res) != 1 ||
                       strcmp(eks_operation_name(res.op), "DisassociateIdentityProviderConfig") != 0 ||
                       !eks_diags_has_code(&res.checks, EKS_DIAG_SIGNATURE_MISSING)))
            goto out;
        n++;
    }
    rc = n == 2 && eks_capture_reader_bytes(r) == sizeof capture - 1 ? 0 : 1;
out:
    eks_exchange_result_free(&res);
    eks_diags_free(&ex.diags);
    eks_capture_reader_free(r);
    eks_exchange_ctx_free(ctx);
    return rc;
}

int main(void)
{
    int rc = 1;
    const char *what = "eks_strerror";
    eks_buf buf = {0};
    const char *ok = eks_strerror(EKS_OK);
    const char *oom = eks_strerror(EKS_ERR_OUT_OF_MEMORY);
    const char *out_of_range = eks_strerror(EKS_STATUS_COUNT_); /* "never NULL" */

    if (ok == NULL || oom == NULL || out_of_range == NULL || ok[0] == '\0' || strcmp(ok, oom) == 0)
        goto out;

    what = "eks_buf_append";
    if (eks_buf_append_cstr(&buf, "identity-provider-configs") != EKS_OK ||
        eks_buf_append(&buf, "/disassociate", 13) != EKS_OK)
        goto out;
    /* len excludes the terminator, and the buffer stays NUL-terminated. */
    what = "eks_buf contents";
    if (buf.len != 38 || buf.ptr[buf.len] != '\0' ||
        strcmp(buf.ptr, "identity-provider-configs/disassociate") != 0)
        goto out;
    what = "eks_str_eq_cstr";
    if (!eks_str_eq_cstr((eks_str){buf.ptr, buf.len}, "identity-provider-configs/disassociate") ||
        eks_str_eq_cstr((eks_str){buf.ptr, buf.len - 1}, "identity-provider-configs/disassociate"))
        goto out;
    what = "eks_version";
    char macros[64];
    snprintf(macros, sizeof macros, "%d.%d.%d", EKSCODEC_VERSION_MAJOR, EKSCODEC_VERSION_MINOR,
             EKSCODEC_VERSION_PATCH);
    if (eks_version() == NULL || strcmp(eks_version(), EKSCODEC_EXPECTED_VERSION) != 0 ||
        strcmp(EKSCODEC_VERSION_STRING, EKSCODEC_EXPECTED_VERSION) != 0 ||
        strcmp(macros, EKSCODEC_EXPECTED_VERSION) != 0)
        goto out;
    what = "op_json.h (json-c objects in and out)";
    if (check_op_json() != 0)
        goto out;
    what = "eks_capture_reader_new_memory + eks_exchange_check";
    if (check_capture(false) != 0)
        goto out;
    what = "eks_capture_reader_new (callback) + eks_exchange_check";
    if (check_capture(true) != 0)
        goto out;
    rc = 0;
out:
    eks_buf_free(&buf);
    if (rc != 0)
        fprintf(stderr, "consumer: %s did not behave as documented\n", what);
    else
        printf("consumer: ok (%s, version %s)\n", ok, eks_version());
    return rc;
}
