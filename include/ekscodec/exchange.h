/*
 * Validating one HTTP exchange (a request and, optionally, its response) as EKS traffic,
 * the per-exchange work of `ekscodec validate` (DESIGN §3): decide whether it is EKS
 * traffic (and by which rule), route it to its operation, decode and validate both sides,
 * then the checks that need both sides or the headers: Authorization form and credential
 * scope, clock skew, idempotency token, and (optionally) the recomputed signature.
 *
 * No I/O and no clock: the time to judge skew against is an argument of
 * eks_exchange_check() (a proxy passes its clock; a capture checked after the fact passes
 * EKS_EXCHANGE_NO_CLOCK and the response's Date is used instead).
 *
 * Ownership and lifetimes:
 *  - eks_exchange is the caller's: every view in it (and the strings in eks_exchange_options:
 *    endpoints, credentials) is borrowed and must stay valid while a check that uses it runs;
 *    the options' strings must live as long as the context made from them.
 *  - eks_exchange_ctx is created by eks_exchange_ctx_new and freed by eks_exchange_ctx_free.
 *  - eks_exchange_result is the caller's struct, zero-initialised once, reused across
 *    checks and released with eks_exchange_result_free(). It owns its decode results and
 *    diagnostics; its views (path, request_id, authorization, capture) point into the
 *    exchange checked or into those decode results, and are valid until the next
 *    eks_exchange_check() or eks_exchange_result_free() on it, and no longer than the
 *    exchange.
 *
 * Thread-safety: a context belongs to one thread at a time (it holds a SigV4 key cache and
 * scratch space, and keeps the memory of a check's decodes, up to 64 KiB a side, for the
 * next check's, which saves two mallocs and frees per exchange); make one per thread. Options and credentials are only read and may be
 * shared by contexts on several threads. eks_exchange_select() and the name functions keep
 * no state and are safe from any thread. No global mutable state.
 *
 * Secrets: diagnostics never quote a signature, a secret key or a session token; the
 * result's `authorization` view is the raw header value and must be redacted before it is
 * shown (tools/validate_report.c does).
 */
#ifndef EKSCODEC_EXCHANGE_H
#define EKSCODEC_EXCHANGE_H

#include "ekscodec/codec.h"
#include "ekscodec/diag.h"
#include "ekscodec/http.h"
#include "ekscodec/op_codec.h"
#include "ekscodec/operation.h"
#include "ekscodec/sigv4.h"

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One exchange as captured. The capture readers (capture.h) fill it; a proxy fills it from
 * the messages it forwards (diags then empty: eks_diags_init). */
typedef struct eks_exchange {
    uint64_t position;        /* where it was read (eks_capture_position_name()); echoed only */
    bool has_request;
    bool has_response;
    eks_http_request request; /* HTTP/2 pseudo-headers (":authority", ...) are left out */
    eks_str host;             /* Host header, else the URL's authority (port kept); may be absent */
    eks_str authority;        /* URL authority when the capture gave a URL (userinfo removed):
                                 stands in for a Host header the signature covers */
    eks_http_response response;
    eks_diags diags;          /* problems reading this exchange; errors make it unusable */
} eks_exchange;

#define EKS_EXCHANGE_MAX_ENDPOINTS 16

typedef struct eks_exchange_options {
    bool strict;                 /* decode both sides strictly (eks_decode_options.strict) */
    /* Hosts whose traffic is EKS whatever their name (`validate --endpoint HOST[:PORT]`),
     * borrowed NUL-terminated strings. Without a port any port matches. */
    const char *endpoints[EKS_EXCHANGE_MAX_ENDPOINTS];
    size_t endpoint_count;
    bool verify_signatures;      /* recompute signatures with creds; without credentials (no
                                  * access key id and no secret) only their form is checked */
    eks_sigv4_credentials creds; /* borrowed; access_key_id.ptr NULL when absent */
} eks_exchange_options;

/* A request time further than this from the reference clock is a clock_skew warning
 * (SigV4 servers allow 15 minutes; 5 is the point where a client clock is worth a look). */
#define EKS_EXCHANGE_CLOCK_SKEW_SECONDS 300
/* eks_exchange_check() without a clock: skew is judged against the response's Date. */
#define EKS_EXCHANGE_NO_CLOCK INT64_MIN

typedef enum eks_verdict {
    EKS_VERDICT_VALID = 0,
    EKS_VERDICT_INVALID,
    EKS_VERDICT_SKIPPED /* not EKS traffic, no operation at its path, or a response alone */
} eks_verdict;

/* Where a diagnostic comes from; printed as "part". */
typedef enum eks_exchange_part {
    EKS_PART_CAPTURE = 0, /* reading the capture itself */
    EKS_PART_REQUEST,
    EKS_PART_RESPONSE,
    EKS_PART_EXCHANGE     /* checks across both sides (clock skew) */
} eks_exchange_part;

/* "capture", "request", "response", "exchange" / "valid", "invalid", "skipped" (static);
 * "unknown" for a value outside the enum, never a real name. */
EKS_API const char *eks_exchange_part_name(eks_exchange_part part);
EKS_API const char *eks_verdict_name(eks_verdict v);

/* Why an exchange was taken for EKS traffic (DESIGN §3), in the order the rules are tried. */
typedef enum eks_selection {
    EKS_SELECTED_NONE = 0,
    EKS_SELECTED_HOST,             /* first DNS label is the endpoint prefix ("eks", "eks-fips") */
    EKS_SELECTED_VPC_ENDPOINT,     /* vpce-....eks.<region>.vpce.amazonaws.com[.cn] */
    EKS_SELECTED_ENDPOINT_OPTION,  /* named in eks_exchange_options.endpoints */
    EKS_SELECTED_CREDENTIAL_SCOPE  /* SigV4 scope .../eks/aws4_request, on any host */
} eks_selection;
/* "host", "vpc-endpoint", "endpoint-option", "credential-scope", "none" (static; "none" for
 * a value outside the enum too, which selects nothing). */
EKS_API const char *eks_selection_name(eks_selection s);

typedef struct eks_exchange_result {
    eks_verdict verdict;
    bool selected;             /* EKS traffic routed to an operation */
    eks_selection selected_by;
    const eks_operation *op;   /* the operation (selected exchanges only; static) */
    int status;                /* response status, 0 when no response */
    eks_str path;              /* request path (selected exchanges only) */
    eks_str request_id;        /* x-amzn-requestid of the response, when sent */
    eks_str authorization;     /* the request's Authorization value: a secret-bearing view,
                                  redact before showing it */
    eks_op_decoded_request req;
    eks_op_decoded_response resp;
    eks_diags checks;          /* Authorization, skew, token, signature */
    const eks_diags *capture;  /* the exchange's reading problems (borrowed from it) */
    bool req_decoded;
    bool resp_decoded;
} eks_exchange_result;

/* Counts errors/warnings over every part (diagnostics dropped past a part's limit included);
 * 0 for NULL, as are the other counts. */
EKS_API size_t eks_exchange_result_errors(const eks_exchange_result *r);
EKS_API size_t eks_exchange_result_warnings(const eks_exchange_result *r);
/* Counts, over every part, the diagnostics counted but not stored (eks_diags.dropped: a
 * part's EKS_LIMIT_DEFAULT_DIAGNOSTICS was reached, or memory ran out): what
 * eks_exchange_result_each() does not reach. */
EKS_API size_t eks_exchange_result_dropped(const eks_exchange_result *r);
/* Calls fn for each diagnostic in output order (capture, request, response, exchange); r or
 * fn NULL: no call. */
typedef void (*eks_exchange_diag_fn)(void *ctx, eks_exchange_part part, const eks_diag *d);
EKS_API void eks_exchange_result_each(const eks_exchange_result *r, eks_exchange_diag_fn fn, void *ctx);
/* Frees what the result owns and zeroes it (reusable afterwards). NULL ok. */
EKS_API void eks_exchange_result_free(eks_exchange_result *r);

typedef struct eks_exchange_ctx eks_exchange_ctx;

/* A context for checking exchanges with these options (copied; their strings borrowed).
 * NULL when options is NULL or invalid (endpoint_count over EKS_EXCHANGE_MAX_ENDPOINTS, a
 * NULL among the first endpoint_count endpoints, verify_signatures with an access key id
 * and no secret or the reverse) or memory ran out. */
EKS_API eks_exchange_ctx *eks_exchange_ctx_new(const eks_exchange_options *options);
EKS_API void eks_exchange_ctx_free(eks_exchange_ctx *ctx); /* NULL ok */

/* Whether the request is EKS traffic by DESIGN §3's rules, and which rule said so
 * (EKS_SELECTED_NONE: not EKS traffic). host: the exchange's host (port kept, may be absent).
 * options NULL: no --endpoint names; req NULL: no credential scope to read. */
EKS_API eks_selection eks_exchange_select(const eks_exchange_options *options, const eks_http_request *req,
                                          eks_str host);

/*
 * Checks one exchange into *out (see the lifetime rules above). now: the reference clock in
 * epoch seconds, against which the request's X-Amz-Date (header or presigned query) is
 * judged (a clock_skew warning beyond EKS_EXCHANGE_CLOCK_SKEW_SECONDS); with
 * EKS_EXCHANGE_NO_CLOCK the response's Date is the reference, and without either there is
 * no skew check. With verify_signatures, a signature that could not be compared (over a
 * limit, say) is an error as a mismatch is. Returns false when memory ran out (*out then
 * holds what was done and must still be freed) or an argument is NULL.
 */
EKS_API bool eks_exchange_check(eks_exchange_ctx *ctx, const eks_exchange *ex, int64_t now,
                                eks_exchange_result *out);

#ifdef __cplusplus
}
#endif

#endif
