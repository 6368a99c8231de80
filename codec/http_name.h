/* Header lookups of the decoders, which look for names they know in lower case. */
#ifndef EKSCODEC_HTTP_NAME_H
#define EKSCODEC_HTTP_NAME_H

#include "ekscodec/http.h"

/* eks_http_find_header() for a name of n bytes given in lower case: only the headers'
 * names need folding. */
const eks_header *eks_http_find_lower(const eks_header *headers, size_t count, const char *lower, size_t n);

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
