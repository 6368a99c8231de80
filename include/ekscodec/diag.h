/*
 * ekscodec — diagnostics: what is wrong with an input, where, and how bad.
 *
 * A diagnostics list is owned by whoever holds it (usually a decode or encode result) and
 * released with eks_diags_free(). Every string inside is owned by the list.
 * Messages never contain secret material (keys, session tokens, signatures).
 */
#ifndef EKSCODEC_DIAG_H
#define EKSCODEC_DIAG_H

#include "ekscodec/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum eks_severity {
    EKS_SEV_ERROR = 0,
    EKS_SEV_WARNING = 1
} eks_severity;

/* Stable machine codes. The names (eks_diag_code_name) are part of the CLI/corpus contract. */
typedef enum eks_diag_code {
    EKS_DIAG_INVALID_JSON = 0,         /* syntax error; at a byte offset, and in a decoded body at
                                        * the JSON path of the value it lies in ("$.update.id";
                                        * between members, the object's; "$" at the top level) */
    EKS_DIAG_INVALID_UTF8,             /* a string (JSON or URI label) is not valid UTF-8 */
    EKS_DIAG_DUPLICATE_KEY,            /* the same member twice in one object */
    EKS_DIAG_WRONG_TYPE,               /* JSON type differs from the model's */
    EKS_DIAG_MISSING_REQUIRED_MEMBER,
    EKS_DIAG_UNKNOWN_MEMBER,           /* member not in the model (kept out of the struct) */
    EKS_DIAG_UNKNOWN_ENUM_VALUE,       /* raw string kept next to the UNKNOWN constant */
    EKS_DIAG_INVALID_TIMESTAMP,
    EKS_DIAG_EMPTY_URI_LABEL,
    EKS_DIAG_DOT_SEGMENT_LABEL,        /* "." or ".." as a URI label: path traversal hazard */
    EKS_DIAG_INVALID_URI_LABEL,        /* bad percent-encoding in a captured path */
    EKS_DIAG_WRONG_METHOD,
    EKS_DIAG_WRONG_PATH,
    EKS_DIAG_UNEXPECTED_VALUE,         /* e.g. identityProviderConfig.type other than "oidc" */
    EKS_DIAG_EMPTY_BODY,
    EKS_DIAG_NOT_JSON,                 /* body is not JSON at all (HTML from a proxy, ...) */
    EKS_DIAG_LIMIT_EXCEEDED,
    EKS_DIAG_UNMODELED_ERROR,          /* error type not among the operation's errors */
    EKS_DIAG_STATUS_MISMATCH,          /* HTTP status differs from the modeled one */
    EKS_DIAG_MISSING_ERROR_TYPE,       /* non-2xx with no error type anywhere */
    EKS_DIAG_SIGNATURE_MISMATCH,
    EKS_DIAG_SIGNATURE_MALFORMED,
    EKS_DIAG_SIGNATURE_MISSING,
    EKS_DIAG_CLOCK_SKEW,
    EKS_DIAG_ENDPOINT,
    EKS_DIAG_HTTP_MALFORMED,
    EKS_DIAG_MISSING_IDEMPOTENCY_TOKEN, /* no clientRequestToken: a retry looks like a new request */
    EKS_DIAG_UNSIGNED_HEADER,          /* an x-amz-* or Content-Type header the signature does not cover */
    /* Smithy constraint traits. Requests, parameters and every encode: errors; a decoded
     * response: a warning, an error when strict (a newer service may widen a limit). */
    EKS_DIAG_LENGTH_OUT_OF_RANGE,      /* `length`: string code points, list items, map entries */
    EKS_DIAG_VALUE_OUT_OF_RANGE,       /* `range`: integer or long value */
    EKS_DIAG_PATTERN_MISMATCH,         /* `pattern`: ECMA-262 regex, not implicitly anchored */
    EKS_DIAG_CODE_COUNT_
} eks_diag_code;

typedef struct eks_diag {
    eks_severity severity;
    eks_diag_code code;
    char *path;     /* JSON path ("$.update.params[3].type"), "header:<name>", "path", or "" */
    size_t offset;  /* byte offset into the input that was decoded; SIZE_MAX when not known */
    char *message;  /* human-readable, constant wording plus non-secret context */
} eks_diag;

typedef struct eks_diags {
    eks_diag *items;
    size_t count;
    size_t cap;
    size_t errors;    /* counts include diagnostics dropped past the limit */
    size_t warnings;
    size_t dropped;   /* counted, not stored: max_diagnostics was reached (or memory ran out) */
    size_t max_items; /* 0 = EKS_LIMIT_DEFAULT_DIAGNOSTICS */
    uint64_t codes_seen; /* bit (1 << code) for every code added, stored or dropped: a status
                          * or a check never depends on max_diagnostics */
} eks_diags;

EKS_API void eks_diags_init(eks_diags *diags); /* NULL: nothing */
EKS_API void eks_diags_free(eks_diags *diags);
/* Adds one diagnostic; path (NULL: "") and message are copied. Returns EKS_OK,
 * EKS_ERR_OUT_OF_MEMORY, or EKS_ERR_INVALID_ARGUMENT when diags or fmt is NULL (nothing
 * counted). */
EKS_API eks_status eks_diags_add(eks_diags *diags, eks_severity sev, eks_diag_code code,
                                 const char *path, size_t offset, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;
EKS_API const char *eks_diag_code_name(eks_diag_code code);  /* "missing_required_member" */
EKS_API const char *eks_severity_name(eks_severity sev);     /* "error" | "warning"; "unknown" for another value */
/* Whether a diagnostic with this code was added, stored or dropped past max_diagnostics.
 * diags NULL: false. */
EKS_API bool eks_diags_has_code(const eks_diags *diags, eks_diag_code code);
/* Appends to dst every diagnostic of src that dst does not already hold with the same
 * severity, code and path: for a caller that decodes parameters and then encodes them,
 * where both steps report one unknown enum value. The diagnostics src dropped past its
 * max_diagnostics cannot be compared: they are added to dst's counts (errors, warnings,
 * dropped, codes_seen) as they are. dst == src adds nothing: a list holds all of itself,
 * its dropped diagnostics included (already in its counts). EKS_OK, EKS_ERR_OUT_OF_MEMORY, or
 * EKS_ERR_INVALID_ARGUMENT when dst or src is NULL (dst unchanged). */
EKS_API eks_status eks_diags_append_new(eks_diags *dst, const eks_diags *src);

#ifdef __cplusplus
}
#endif
#endif
