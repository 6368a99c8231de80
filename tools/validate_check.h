/*
 * Per-exchange checks of `ekscodec validate` (DESIGN §3): select the exchanges that are EKS
 * traffic, route each to its operation, decode and validate both sides, then the checks that
 * need both sides or the headers: Authorization form and credential scope, clock skew,
 * idempotency token, and (optionally) the recomputed signature.
 *
 * Ownership: a val_ctx is owned by one thread (it holds a SigV4 key cache and scratch
 * space). A val_result is reused across exchanges; its views point into the exchange or
 * into the decode results it owns, valid until the next val_check() or val_result_free().
 */
#ifndef EKSCODEC_TOOLS_VALIDATE_CHECK_H
#define EKSCODEC_TOOLS_VALIDATE_CHECK_H

#include "capture.h"
#include "ekscodec/codec.h"
#include "ekscodec/op_codec.h"
#include "ekscodec/sigv4.h"

#define VAL_MAX_ENDPOINTS 16

typedef struct val_config {
    bool strict;
    /* --endpoint HOST[:PORT]: hosts whose traffic is EKS whatever their name (borrowed).
     * Without a port any port matches. */
    const char *endpoints[VAL_MAX_ENDPOINTS];
    size_t endpoint_count;
    bool verify_signatures;      /* recompute signatures (needs creds) */
    eks_sigv4_credentials creds; /* borrowed; access_key_id.ptr NULL when absent */
} val_config;

typedef enum val_verdict {
    VAL_VALID = 0,
    VAL_INVALID,
    VAL_SKIPPED
} val_verdict;

/* Where a diagnostic comes from; printed as "part". */
typedef enum val_part {
    VAL_PART_CAPTURE = 0, /* reading the capture itself */
    VAL_PART_REQUEST,
    VAL_PART_RESPONSE,
    VAL_PART_EXCHANGE     /* checks across both sides / signature */
} val_part;

const char *val_part_name(val_part part);
const char *val_verdict_name(val_verdict v);

/* Why an exchange was taken for EKS traffic (DESIGN §3), in the order the rules are tried. */
typedef enum val_selection {
    VAL_SELECTED_NONE = 0,
    VAL_SELECTED_HOST,             /* first DNS label is the endpoint prefix ("eks", "eks-fips") */
    VAL_SELECTED_VPC_ENDPOINT,     /* vpce-....eks.<region>.vpce.amazonaws.com[.cn] */
    VAL_SELECTED_ENDPOINT_OPTION,  /* named by --endpoint */
    VAL_SELECTED_CREDENTIAL_SCOPE  /* SigV4 scope .../eks/aws4_request, on any host */
} val_selection;
const char *val_selection_name(val_selection s);

typedef struct val_result {
    val_verdict verdict;
    bool selected;             /* EKS traffic routed to an operation */
    val_selection selected_by;
    const eks_operation *op;   /* the operation (selected exchanges only) */
    int status;                /* response status, 0 when no response */
    eks_str path;              /* request path (selected exchanges only) */
    eks_str request_id;        /* x-amzn-requestid of the response, when sent */
    eks_str authorization;     /* the request's Authorization value: print only through
                                  val_redact_authorization() */
    eks_op_decoded_request req;
    eks_op_decoded_response resp;
    eks_diags checks;          /* VAL_PART_EXCHANGE */
    const eks_diags *capture;  /* the exchange's reading problems (borrowed) */
    bool req_decoded;
    bool resp_decoded;
} val_result;

/* Counts errors/warnings over every part. */
size_t val_result_errors(const val_result *r);
size_t val_result_warnings(const val_result *r);
/* Calls fn for each diagnostic in output order (capture, request, response, exchange). */
typedef void (*val_diag_fn)(void *ctx, val_part part, const eks_diag *d);
void val_result_each(const val_result *r, val_diag_fn fn, void *ctx);

typedef struct val_ctx val_ctx;

val_ctx *val_ctx_new(const val_config *cfg);
void val_ctx_free(val_ctx *ctx);

/* Whether the exchange's request is EKS traffic by DESIGN §3's rules, and which rule said so
 * (VAL_SELECTED_NONE: not EKS traffic). */
val_selection val_select(const val_config *cfg, const eks_http_request *req, eks_str host);

/* Checks one exchange into *out (reused; zero-initialise once). Returns false only when
 * memory ran out. */
bool val_check(val_ctx *ctx, const cap_exchange *ex, val_result *out);
void val_result_free(val_result *r);

/* RFC 9110 §5.6.7 IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") to epoch seconds. */
bool val_parse_http_date(eks_str s, int64_t *epoch);

#endif
