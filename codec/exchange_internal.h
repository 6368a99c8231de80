/* Private to the exchange checks (exchange*.c): the context and the pieces shared by the
 * selection rules, the Authorization checks and the driver. */
#ifndef EKSCODEC_EXCHANGE_INTERNAL_H
#define EKSCODEC_EXCHANGE_INTERNAL_H

#include "ekscodec/endpoint.h"
#include "ekscodec/exchange.h"

#include <string.h>

struct eks_exchange_ctx {
    eks_exchange_options cfg;
    eks_sigv4_cache *cache;
    eks_sigv4_output scratch;
    eks_header *hdrs; /* request headers plus a Host from the URL, for verification */
    size_t hdrs_cap;
    /* host -> region, for the last host seen (captures repeat one endpoint) */
    char last_host[EKS_ENDPOINT_HOST_MAX + 1];
    size_t last_host_len;
    char last_region[EKS_ENDPOINT_REGION_MAX + 1];
    size_t last_region_len;
    bool last_has_region;
    eks_str service; /* the model's signing name, measured once */
};

/* What check_authorization learnt that later checks need. */
typedef struct eks_auth_info {
    const eks_header *authorization; /* the request's first Authorization header, or NULL */
    bool present;
    bool presigned;
    bool well_formed;
    eks_str amz_date; /* X-Amz-Date header, or the query parameter decoded into date_buf */
    char date_buf[32];  /* lives as long as amz_date is read (the clock-skew check) */
} eks_auth_info;

/* ASCII lower case (hosts and header names are compared without locale). */
static inline char eks_exchange_lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }
/* Eight bytes at a time (SWAR): an exchange's headers and Authorization are checked byte by
 * byte, and one branch per byte was a tenth of checking an exchange. */
#define EKS_SWAR_ONES 0x0101010101010101ull
#define EKS_SWAR_HIGH 0x8080808080808080ull
static inline uint64_t eks_swar_load(const char *p)
{
    uint64_t x;
    memcpy(&x, p, 8);
    return x;
}
/* The high bit of each byte of y (whose high bits are clear) that lies in lo..hi: the two
 * sums stay below 0x100 per byte, so no carry crosses bytes. */
static inline uint64_t eks_swar_in_range(uint64_t y, unsigned char lo, unsigned char hi)
{
    return ~(y + EKS_SWAR_ONES * (0x7fu - hi)) & (y + EKS_SWAR_ONES * (0x80u - lo)) & EKS_SWAR_HIGH;
}
/* ASCII lower case of eight bytes; a byte with its high bit set stays unlike any ASCII. */
static inline uint64_t eks_swar_lower(uint64_t x)
{
    return x | (eks_swar_in_range(x & ~EKS_SWAR_HIGH, 'A', 'Z') >> 2);
}
/* Whether header name `name` is `lower` (lower case, 8 <= n <= 16 bytes) in any case: the
 * first and the last eight bytes, overlapping. */
static inline bool eks_exchange_name_is(eks_str name, const char *lower, size_t n)
{
    return name.len == n && name.ptr && eks_swar_lower(eks_swar_load(name.ptr)) == eks_swar_load(lower) &&
           eks_swar_lower(eks_swar_load(name.ptr + n - 8)) == eks_swar_load(lower + n - 8);
}

/* host without ":port" (IPv6 literals keep their brackets) */
eks_str eks_exchange_host_name(eks_str host);
/* The value of query parameter `name`, percent-decoded into buf (truncated to bufsz - 1). */
eks_str eks_exchange_query_param(eks_str query, const char *name, char *buf, size_t bufsz);
/* Authorization header or presigned query: form, credential scope (service, region, date). */
void eks_exchange_check_authorization(eks_exchange_ctx *c, const eks_exchange *ex, eks_diags *d,
                                      eks_auth_info *ai);
/* X-Amz-Date against now, or (now == EKS_EXCHANGE_NO_CLOCK) against the response's Date. */
void eks_exchange_check_clock_skew(const eks_exchange *ex, const eks_auth_info *ai, int64_t now, eks_diags *d);

#endif
