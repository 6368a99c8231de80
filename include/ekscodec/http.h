/*
 * ekscodec — an HTTP request or response as plain values (no I/O).
 *
 * Everything here is BORROWED: the arrays and bytes belong to whoever built the value
 * (the caller, or an encode/parse result that documents its own lifetime).
 */
#ifndef EKSCODEC_HTTP_H
#define EKSCODEC_HTTP_H

#include "ekscodec/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct eks_header {
    eks_str name;   /* as sent; comparisons are case-insensitive */
    eks_str value;  /* as given; eks_http_parse() trims surrounding whitespace (RFC 9110 §5.5) */
} eks_header;

typedef struct eks_http_request {
    eks_str method;              /* "POST" */
    eks_str path;                /* raw request path, already percent-encoded, no query */
    eks_str query;               /* raw query without '?'; absent when the target had none */
    const eks_header *headers;   /* in the order they were sent; repeated names allowed */
    size_t header_count;
    eks_str body;                /* may be empty */
} eks_http_request;

typedef struct eks_http_response {
    int status;                  /* 100..599 */
    const eks_header *headers;
    size_t header_count;
    eks_str body;
} eks_http_response;

/* First header named `name` (ASCII case-insensitive), or NULL; NULL also when name is
 * NULL, or headers is NULL (whatever count says). */
EKS_API const eks_header *eks_http_find_header(const eks_header *headers, size_t count,
                                               const char *name);

/* RFC 9110 §5.6.7 IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") to epoch seconds; false
 * when s is not one, or epoch is NULL. */
EKS_API bool eks_parse_http_date(eks_str s, int64_t *epoch);

#ifdef __cplusplus
}
#endif
#endif
