/*
 * eks_disassociate_idp_response_decode on a response built from the input (status, headers,
 * body; see fz_split_response): success and error statuses, lenient and strict, and small
 * limits for a quarter of the inputs.
 */
#include "fuzz_support.h"

static void check_value(const eks_decoded_response *r, const eks_limits *limits, int status)
{
    fz_walk w = {limits, 0};
    fz_touch(&w, r->request_id);
    FZ_CHECK(r->http_status == status);
    FZ_CHECK(r->is_error == (status < 200 || status > 299));
    if (r->is_error) {
        FZ_CHECK(!r->output.present);
        fz_walk_error(&w, &r->error);
        if (r->error.kind != EKS_ERROR_NONE && r->error.kind != EKS_ERROR_UNMODELED)
            FZ_CHECK(eks_error_kind_name(r->error.kind) != NULL);
    } else {
        fz_walk_update(&w, &r->output.update);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint32_t h = fz_hash(data, size);
    fz_pool pool = {{0}, 0};
    eks_header headers[FZ_MAX_HEADERS];
    eks_http_response in;
    fz_split_response(&pool, data, size, h, headers, &in);

    eks_limits small = fz_small_limits(h);
    bool use_small = (h >> 28) % 4 == 0;
    eks_decode_options lenient = {.strict = false, .limits = NULL};
    eks_decode_options strict = {.strict = true, .limits = NULL};
    eks_decode_options limited = {.strict = (h >> 27) & 1, .limits = &small};

    eks_decoded_response r_len, r_str, r_lim;
    memset(&r_lim, 0, sizeof r_lim);
    eks_status s_len = eks_disassociate_idp_response_decode(&in, &lenient, &r_len);
    eks_status s_str = eks_disassociate_idp_response_decode(&in, &strict, &r_str);
    eks_status s_lim = EKS_OK;
    if (use_small)
        s_lim = eks_disassociate_idp_response_decode(&in, &limited, &r_lim);
    int status = in.status;
    size_t body_len = in.body.len;
    size_t depth = fz_json_depth(in.body.ptr, in.body.len);
    fz_pool_free(&pool);

    eks_limits defaults = eks_limits_resolve(NULL);
    fz_check_result(s_len, &r_len.diags);
    fz_check_result(s_str, &r_str.diags);
    check_value(&r_len, &defaults, status);
    check_value(&r_str, &defaults, status);
    if (s_str == EKS_OK) {
        FZ_CHECK(s_len == EKS_OK);
        if (!r_len.is_error) {
            FZ_CHECK(fz_update_eq(&r_len.output.update, &r_str.output.update));
        } else {
            FZ_CHECK(fz_error_fields_eq(&r_len.error, &r_str.error));
            FZ_CHECK(fz_str_eq(r_len.error.type, r_str.error.type));
            FZ_CHECK(fz_str_eq(r_len.error.message, r_str.error.message));
        }
    }
    if (use_small) {
        eks_limits resolved = eks_limits_resolve(&small);
        fz_check_result(s_lim, &r_lim.diags);
        FZ_CHECK(r_lim.diags.count <= small.max_diagnostics);
        check_value(&r_lim, &resolved, status);
        if (s_lim == EKS_OK) {
            FZ_CHECK(body_len <= small.max_body_bytes);
            FZ_CHECK(depth <= small.max_depth);
        }
    }
    eks_decoded_response_free(&r_len);
    eks_decoded_response_free(&r_str);
    eks_decoded_response_free(&r_lim);
    return 0;
}
