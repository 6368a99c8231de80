/* Private: canonical request builder shared by signing and verification. */
#ifndef EKSCODEC_SIGV4_CORE_H
#define EKSCODEC_SIGV4_CORE_H

#include "sigv4_internal.h"

typedef struct eks_sv4_param {
    eks_str key;   /* literal, not yet URI-encoded */
    eks_str value; /* literal, not yet URI-encoded */
} eks_sv4_param;

typedef struct eks_sv4_core {
    const eks_http_request *req;
    bool single_encode_path;
    bool no_path_normalization;
    /* Verification: sign exactly the request headers named in this list, sorted by
     * eks_sv4_name_order. NULL: the default rules (everything but the never-signed headers
     * and the skip_* ones). */
    const eks_str *signed_names;
    size_t signed_count;
    bool skip_date;  /* request's own x-amz-date is replaced by an added one */
    bool skip_token;
    bool skip_content_sha;
    const eks_header *add_headers; /* names already lower-case; values canonical */
    size_t add_header_count;
    const eks_sv4_param *add_params; /* presign parameters */
    size_t add_param_count;
    bool add_signed_headers_param; /* X-Amz-SignedHeaders=<computed list> */
    bool drop_signature_param;     /* verification of a presigned request */
    bool drop_token_param;
    /* Presigning: the request's own X-Amz-* authentication parameters are replaced by the
     * ones being added (as botocore's query signer does), never sent twice. */
    bool drop_auth_params;
    eks_str payload_hash;
} eks_sv4_core;

/* Fills out->canonical_request and out->signed_headers; uses out's private scratch. */
eks_status eks_sv4_canonical_request(const eks_sv4_core *in, eks_sigv4_output *out);
/* Appends the URI encoding of bytes (RFC 3986 unreserved kept) to buf. */
eks_status eks_sv4_uri_encode(eks_buf *buf, const char *p, size_t n);
/* Percent-decodes one query key or value (invalid escapes kept literally). */
eks_status eks_sv4_uri_decode(eks_buf *buf, const char *p, size_t n);
bool eks_sv4_never_signed(const char *lower, size_t n);
/* Header names in order, ASCII case ignored (a shorter name before a longer one it starts):
 * <0, 0 or >0. For lower-case names, the byte order SignedHeaders is sorted in. */
int eks_sv4_name_order(eks_str a, eks_str b);
/* The first of names[0..n) (sorted by eks_sv4_name_order) equal to name, case ignored, or n. */
size_t eks_sv4_find_name(const eks_str *names, size_t n, eks_str name);
/* True for the query parameter names a presigned request carries (X-Amz-Algorithm,
 * -Credential, -Date, -Expires, -SignedHeaders, -Security-Token, -Signature). */
bool eks_sv4_is_auth_param(const char *name, size_t n);
/* True when the query names X-Amz-Algorithm, X-Amz-Credential or X-Amz-Signature (after
 * percent-decoding): it carries a presignature, a second auth mechanism beside a header. */
bool eks_sv4_query_has_presignature(eks_str query);

#endif
