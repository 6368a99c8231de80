/*
 * eks_disassociate_idp_request_decode on a captured request built from the input (method,
 * path, query, headers, body; see fz_split_request). Each input is decoded lenient and strict
 * with default limits and, for a quarter of the inputs, lenient with small limits.
 */
#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint32_t h = fz_hash(data, size);
    fz_pool pool = {{0}, 0};
    eks_header headers[FZ_MAX_HEADERS];
    eks_http_request in;
    fz_split_request(&pool, data, size, headers, &in);

    eks_limits small = fz_small_limits(h);
    bool use_small = (h >> 28) % 4 == 0;
    eks_decode_options lenient = {.strict = false, .limits = NULL};
    eks_decode_options strict = {.strict = true, .limits = NULL};
    eks_decode_options limited = {.strict = (h >> 27) & 1, .limits = &small};

    eks_decoded_request r_len, r_str, r_lim;
    memset(&r_lim, 0, sizeof r_lim);
    eks_status s_len = eks_disassociate_idp_request_decode(&in, &lenient, &r_len);
    eks_status s_str = eks_disassociate_idp_request_decode(&in, &strict, &r_str);
    eks_status s_lim = EKS_OK;
    if (use_small)
        s_lim = eks_disassociate_idp_request_decode(&in, &limited, &r_lim);
    size_t body_len = in.body.len;
    size_t depth = fz_json_depth(in.body.ptr, in.body.len);
    /* The results must own what they point to: the input is gone from here on. */
    fz_pool_free(&pool);

    eks_limits defaults = eks_limits_resolve(NULL);
    fz_walk w = {&defaults, 0};
    fz_check_result(s_len, &r_len.diags);
    fz_check_result(s_str, &r_str.diags);
    fz_walk_request(&w, &r_len.value);
    fz_walk_request(&w, &r_str.value);
    /* Strict only adds errors: whatever it accepts, lenient accepts, as the same value. */
    if (s_str == EKS_OK) {
        FZ_CHECK(s_len == EKS_OK);
        FZ_CHECK(fz_request_eq(&r_len.value, &r_str.value));
    }
    if (use_small) {
        eks_limits resolved = eks_limits_resolve(&small);
        fz_walk wl = {&resolved, 0};
        fz_check_result(s_lim, &r_lim.diags);
        FZ_CHECK(r_lim.diags.count <= small.max_diagnostics);
        fz_walk_request(&wl, &r_lim.value);
        if (s_lim == EKS_OK) {
            FZ_CHECK(body_len <= small.max_body_bytes);
            FZ_CHECK(depth <= small.max_depth);
        }
    }
    eks_decoded_request_free(&r_len);
    eks_decoded_request_free(&r_str);
    eks_decoded_request_free(&r_lim);
    return 0;
}
