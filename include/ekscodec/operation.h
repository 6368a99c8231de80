/*
 * ekscodec — the service's operations: lookup by name, facts from the model, and routing
 * (HTTP method + raw request path -> operation and URI labels).
 *
 * Ownership: every pointer and string these functions return points into static tables
 * generated from the service model (codec/generated/); it is never freed and lives as long
 * as the program. eks_route() writes only into the caller's eks_route_match; the label views
 * in it point into the caller's `path` bytes and live exactly as long as those.
 *
 * No function here allocates or keeps state; all are safe to call from any thread.
 */
#ifndef EKSCODEC_OPERATION_H
#define EKSCODEC_OPERATION_H

#include "ekscodec/common.h"
#include "ekscodec/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One operation of the service. Opaque: read it through the accessors below. */
typedef struct eks_operation_desc eks_operation;

/* Number of operations (65 for EKS 2017-11-01). */
EKS_API size_t eks_operation_count(void);
/* The i-th operation, in the byte order of the API names; NULL when i >= the count. */
EKS_API const eks_operation *eks_operation_at(size_t i);

/*
 * The operation with this name, or NULL. Accepts the API name ("DescribeCluster"), boto3's
 * method name ("describe_cluster") and the AWS CLI's command ("describe-cluster"). Exact,
 * case-sensitive byte comparison; `name` need not be NUL-terminated (NULL with len 0 finds
 * nothing).
 */
EKS_API const eks_operation *eks_operation_find(const char *name, size_t len);

/* Facts of one operation: op comes from this API (eks_operation_at, eks_operation_find,
 * eks_route), or is NULL, which every accessor below accepts as "no operation" (a failed
 * lookup passed on unchecked): it has no name, method or URI (NULL), no success status (0)
 * and lists no errors (0, EKS_ERROR_NONE, false). Static strings. */
EKS_API const char *eks_operation_name(const eks_operation *op);       /* "DescribeCluster" */
EKS_API const char *eks_operation_snake_name(const eks_operation *op); /* "describe_cluster" */
EKS_API const char *eks_operation_cli_name(const eks_operation *op);   /* "describe-cluster" */
EKS_API const char *eks_operation_method(const eks_operation *op);     /* "GET" */
/* The model's requestUri as written there ("/clusters/{name}"), labels unexpanded. */
EKS_API const char *eks_operation_request_uri(const eks_operation *op);
/* The success status: the model's responseCode, 200 when it gives none; 0 for NULL. */
EKS_API int eks_operation_success_code(const eks_operation *op);
/* The errors the model lists for op (its "errors"), in the model's order: what a service
 * answering op may return as a modeled error. A server picks its answer from these; the
 * response decoder reads another error of the service by its shape and reports it
 * (unmodeled_error). 0 for NULL. */
EKS_API size_t eks_operation_error_count(const eks_operation *op);
/* The i-th of them; EKS_ERROR_NONE when i >= eks_operation_error_count(op) (op NULL too). */
EKS_API eks_error_kind eks_operation_error_at(const eks_operation *op, size_t i);
/* Whether op lists kind; false for NULL. */
EKS_API bool eks_operation_has_error(const eks_operation *op, eks_error_kind kind);

/* Facts of the service (the model's metadata). Static strings. */
EKS_API const char *eks_service_signing_name(void);    /* SigV4 credential scope: "eks" */
EKS_API const char *eks_service_endpoint_prefix(void); /* first DNS label of the host: "eks" */
EKS_API const char *eks_service_api_version(void);     /* "2017-11-01" */

/* More labels than any template of the model has (EKS: at most 3). */
#define EKS_ROUTE_MAX_LABELS 8

typedef struct eks_route_label {
    const char *name; /* the template's label name ("name" for {name}); static */
    eks_str raw;      /* view into the caller's path, still percent-encoded */
    size_t offset;    /* byte offset of raw in path */
} eks_route_label;

typedef struct eks_route_match {
    const eks_operation *op; /* NULL: not an operation of this service */
    bool path_matched;       /* a template matched the path, but not for this method (405) */
    size_t label_count;      /* labels of op's template, in path order; 0 when op is NULL */
    eks_route_label labels[EKS_ROUTE_MAX_LABELS];
} eks_route_match;

/*
 * Finds the operation whose method and request URI template match a request.
 *
 * method: the request line's method, compared exactly: methods are case-sensitive
 *   (RFC 9110 §9.1), so "get" matches nothing.
 * path: the raw request-target path as received. The caller strips the query; if a '?' is
 *   present anyway, routing stops there (the rest is ignored). Nothing is normalized: no
 *   dot-segment removal, no percent-decoding. A literal '/' separates segments; an encoded
 *   one (%2F) stays inside its segment, as the SDKs encode a '/' inside a label value. A
 *   label's bytes come back raw (decode them with the label's own rules if needed).
 *
 * A literal segment matches its bytes exactly; a label matches one segment, empty ones
 * included (a greedy {x+} label, the rest of the path). Both SDKs send an empty label value
 * as is ("/clusters//node-groups" for an empty cluster name) and "." or ".." likewise, so
 * such a path is routed to its operation, and the operation's request decoder reports the
 * label (empty_uri_label, dot_segment_label) instead of the exchange going unchecked.
 * Where the templates overlap
 * (a label where another template has a literal, e.g. /clusters/{name} and
 * /clusters/{name}/updates with a cluster named "updates"), the whole template decides: the
 * literal is tried first, then the label, and a template only matches if the path ends at
 * it and it has an operation for this method.
 *
 * Cost: one trie step per segment (a hash lookup among the literal children), bounded
 * backtracking; independent of the number of operations. No allocation.
 *
 * Returns EKS_OK with out->op NULL when nothing matches (that is not an error), or
 * EKS_ERR_INVALID_ARGUMENT when out is NULL, or a view is NULL with a non-zero length.
 */
EKS_API eks_status eks_route(eks_str method, eks_str path, eks_route_match *out);

#ifdef __cplusplus
}
#endif
#endif
