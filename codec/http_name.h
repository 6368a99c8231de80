/* Header lookups of the decoders, which look for names they know in lower case. */
#ifndef EKSCODEC_HTTP_NAME_H
#define EKSCODEC_HTTP_NAME_H

#include "ekscodec/http.h"

#include <stdint.h>
#include <string.h>

/* eks_http_find_header() for a name of n bytes given in lower case: only the headers'
 * names need folding. */
const eks_header *eks_http_find_lower(const eks_header *headers, size_t count, const char *lower, size_t n);

/* A caller-built view of n > 0 bytes at NULL: the public entry points that take an
 * eks_http_request or eks_http_response refuse it (EKS_ERR_INVALID_ARGUMENT), as eks_route
 * does, where reading it would fault. */
static inline bool eks_http_view_ok(const void *ptr, size_t n) { return ptr || !n; }

/* The views of a request that only these entry points cannot read as absent; the body
 * differs between them (a decoder reads (NULL, n) as no body), so each checks it itself. */
static inline bool eks_http_request_views_ok(const eks_http_request *r)
{
    return eks_http_view_ok(r->method.ptr, r->method.len) && eks_http_view_ok(r->path.ptr, r->path.len) &&
           eks_http_view_ok(r->query.ptr, r->query.len) && eks_http_view_ok(r->headers, r->header_count);
}

/* The first header named `lower`, four lower-case ASCII letters, in any case (RFC 9110 section
 * 5.1), by one 4-byte compare: setting bit 0x20 lowers a capital letter and changes no
 * lower-case one, and of all bytes only a letter and its capital become that letter. The
 * captured exchange's Host and the response's Date are looked up so for every record. */
static inline const eks_header *eks_http_find_lower4(const eks_header *headers, size_t count, const char lower[4])
{
    uint32_t want, got;
    memcpy(&want, lower, 4);
    for (size_t i = 0; headers && i < count; i++) {
        if (headers[i].name.len != 4 || !headers[i].name.ptr)
            continue;
        memcpy(&got, headers[i].name.ptr, 4);
        if ((got | UINT32_C(0x20202020)) == want)
            return &headers[i];
    }
    return NULL;
}

/* For a string literal: its length is known at compile time. */
#define EKS_HTTP_FIND_LOWER(headers, count, literal) \
    eks_http_find_lower((headers), (count), (literal), sizeof(literal) - 1)

/* A request's Date field, which SigV4 signs when a request has no X-Amz-Date: an IMF-fixdate
 * (eks_parse_http_date), an asctime date (RFC 9110 section 5.6.7), or an RFC 5322 date
 * (optional day name, a one- or two-digit day, HH:MM:SS, a zone +hhmm/-hhmm, GMT, UT or UTC)
 * such as botocore writes ("Sat, 28 Nov 2026 01:02:03 -0000", email.utils.formatdate).
 * RFC 850 dates (two-digit years) are not read. */
bool eks_parse_date_field(eks_str v, int64_t *epoch);

#endif
