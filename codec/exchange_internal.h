/* Private to the exchange checks (exchange*.c): the context and the pieces shared by the
 * selection rules, the Authorization checks and the driver. */
#ifndef EKSCODEC_EXCHANGE_INTERNAL_H
#define EKSCODEC_EXCHANGE_INTERNAL_H

#include "ekscodec/endpoint.h"
#include "ekscodec/exchange.h"

#include "decode_state.h"

#define EKS_EXCHANGE_HOST_MEMO 8
#define EKS_EXCHANGE_SCOPE_MEMO_MAX 128
#define EKS_EXCHANGE_SIGNED_MEMO 4
#define EKS_EXCHANGE_SIGNED_MEMO_MAX 256

struct eks_exchange_ctx {
    eks_exchange_options cfg;
    eks_sigv4_cache *cache;
    eks_sigv4_output scratch;
    eks_header *hdrs; /* request headers plus a Host from the URL, for verification */
    size_t hdrs_cap;
    /* host -> the region it names and whether the endpoint rules resolve it, for the last
     * few hosts seen: a capture repeats a handful of endpoints, often interleaved, and
     * resolving a region costs about as much as the rest of the Authorization checks.
     * Replaced oldest first; the most recent hit is tried first. */
    struct eks_exchange_host_memo {
        char host[EKS_ENDPOINT_HOSTNAME_MAX + 1]; /* as captured */
        size_t host_len;                          /* 0 = matches nothing */
        char region[EKS_ENDPOINT_REGION_MAX + 1]; /* lower case */
        size_t region_len;
        bool resolves;
        /* The credential scope that last passed the scope checks with this host (and the
         * offset of its date): a client signs with one scope per endpoint, and only the
         * request's day, compared each time, can fail it again. 0 = none. */
        char scope[EKS_EXCHANGE_SCOPE_MEMO_MAX];
        size_t scope_len, scope_day;
    } hosts[EKS_EXCHANGE_HOST_MEMO];
    unsigned hosts_next, hosts_last_hit;
    /* SignedHeaders lists that passed their check (an SDK signs the same headers on every
     * call of an operation), replaced oldest first. len 0 = none. */
    struct eks_exchange_signed_memo {
        char list[EKS_EXCHANGE_SIGNED_MEMO_MAX];
        size_t len;
    } signed_lists[EKS_EXCHANGE_SIGNED_MEMO];
    unsigned signed_next;
    eks_str service; /* the model's signing name, measured once */
    /* The decode states of the previous result, which the next check's decodes take over
     * instead of allocating their own (one spare per side, each at most
     * EKS_EXCHANGE_SPARE_STATE_MAX bytes: a context keeps no large body's memory). */
    eks_decode_state *spare_request;
    eks_decode_state *spare_response;
    /* The decode options of every check (strict from cfg, default limits), resolved once. */
    eks_decode_options decode;
    eks_limits decode_limits;
    eks_json_scanner scanner; /* chosen once, at the context's creation */
};
#define EKS_EXCHANGE_SPARE_STATE_MAX (64u * 1024u)

/* What check_authorization learnt that later checks need. */
typedef struct eks_auth_info {
    const eks_header *authorization; /* the request's first Authorization header, or NULL */
    bool present;
    bool presigned;
    bool well_formed;
    eks_str amz_date; /* X-Amz-Date header, or the query parameter decoded into date_buf, or
                       * without either the Date header's time formatted there */
    bool from_date_header;
    int64_t expires;    /* presigned: X-Amz-Expires, in 1..604800 seconds; else 0 */
    char date_buf[32];  /* lives as long as amz_date is read (the clock-skew check) */
} eks_auth_info;

/* ASCII lower case (hosts and header names are compared without locale). */
static inline char eks_exchange_lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }
/* host without ":port" (IPv6 literals keep their brackets) */
eks_str eks_exchange_host_name(eks_str host);
/* Query parameter `name`'s raw (still percent-encoded) value, found within the query's own
 * bytes at a parameter boundary; false when absent. */
bool eks_exchange_query_find(eks_str query, const char *name, eks_str *raw);
/* The value of query parameter `name`, percent-decoded into buf (truncated to bufsz - 1). */
eks_str eks_exchange_query_param(eks_str query, const char *name, char *buf, size_t bufsz);
/* Authorization header or presigned query: form, credential scope (service, region, date). */
void eks_exchange_check_authorization(eks_exchange_ctx *c, const eks_exchange *ex, eks_diags *d,
                                      eks_auth_info *ai);
/* X-Amz-Date against now, or (now == EKS_EXCHANGE_NO_CLOCK) against the response's Date; a
 * presigned request's against its validity, X-Amz-Date .. X-Amz-Date + X-Amz-Expires. */
void eks_exchange_check_clock_skew(const eks_exchange *ex, const eks_auth_info *ai, int64_t now, eks_diags *d);

#endif
