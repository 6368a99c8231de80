#include "ekscodec/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const diag_code_names[EKS_DIAG_CODE_COUNT_] = {
    [EKS_DIAG_INVALID_JSON] = "invalid_json",
    [EKS_DIAG_INVALID_UTF8] = "invalid_utf8",
    [EKS_DIAG_DUPLICATE_KEY] = "duplicate_key",
    [EKS_DIAG_WRONG_TYPE] = "wrong_type",
    [EKS_DIAG_MISSING_REQUIRED_MEMBER] = "missing_required_member",
    [EKS_DIAG_UNKNOWN_MEMBER] = "unknown_member",
    [EKS_DIAG_UNKNOWN_ENUM_VALUE] = "unknown_enum_value",
    [EKS_DIAG_INVALID_TIMESTAMP] = "invalid_timestamp",
    [EKS_DIAG_EMPTY_URI_LABEL] = "empty_uri_label",
    [EKS_DIAG_DOT_SEGMENT_LABEL] = "dot_segment_label",
    [EKS_DIAG_INVALID_URI_LABEL] = "invalid_uri_label",
    [EKS_DIAG_WRONG_METHOD] = "wrong_method",
    [EKS_DIAG_WRONG_PATH] = "wrong_path",
    [EKS_DIAG_UNEXPECTED_VALUE] = "unexpected_value",
    [EKS_DIAG_EMPTY_BODY] = "empty_body",
    [EKS_DIAG_NOT_JSON] = "not_json",
    [EKS_DIAG_LIMIT_EXCEEDED] = "limit_exceeded",
    [EKS_DIAG_UNMODELED_ERROR] = "unmodeled_error",
    [EKS_DIAG_STATUS_MISMATCH] = "status_mismatch",
    [EKS_DIAG_MISSING_ERROR_TYPE] = "missing_error_type",
    [EKS_DIAG_SIGNATURE_MISMATCH] = "signature_mismatch",
    [EKS_DIAG_SIGNATURE_MALFORMED] = "signature_malformed",
    [EKS_DIAG_SIGNATURE_MISSING] = "signature_missing",
    [EKS_DIAG_CLOCK_SKEW] = "clock_skew",
    [EKS_DIAG_ENDPOINT] = "endpoint",
    [EKS_DIAG_HTTP_MALFORMED] = "http_malformed",
    [EKS_DIAG_MISSING_IDEMPOTENCY_TOKEN] = "missing_idempotency_token",
    [EKS_DIAG_UNSIGNED_HEADER] = "unsigned_header",
    [EKS_DIAG_LENGTH_OUT_OF_RANGE] = "length_out_of_range",
    [EKS_DIAG_VALUE_OUT_OF_RANGE] = "value_out_of_range",
    [EKS_DIAG_PATTERN_MISMATCH] = "pattern_mismatch",
};

const char *eks_diag_code_name(eks_diag_code code)
{
    if ((unsigned)code >= EKS_DIAG_CODE_COUNT_ || !diag_code_names[code])
        return "unknown";
    return diag_code_names[code];
}

const char *eks_severity_name(eks_severity sev)
{
    switch (sev) {
    case EKS_SEV_ERROR: return "error";
    case EKS_SEV_WARNING: return "warning";
    }
    return "unknown"; /* not a severity: named as no real one */
}

void eks_diags_init(eks_diags *diags)
{
    if (!diags)
        return;
    memset(diags, 0, sizeof *diags);
}

void eks_diags_free(eks_diags *diags)
{
    if (!diags)
        return;
    if (diags->items) { /* most lists are empty: an exchange has several */
        for (size_t i = 0; i < diags->count; i++) {
            free(diags->items[i].path);
            free(diags->items[i].message);
        }
        free(diags->items);
    }
    size_t max_items = diags->max_items;
    eks_diags_init(diags);
    diags->max_items = max_items;
}

_Static_assert(EKS_DIAG_CODE_COUNT_ <= 64, "eks_diags.codes_seen has a bit per code");

bool eks_diags_has_code(const eks_diags *diags, eks_diag_code code)
{
    return diags && (unsigned)code < EKS_DIAG_CODE_COUNT_ && (diags->codes_seen >> code & 1);
}

static char *dup_cstr(const char *s)
{
    size_t n = strlen(s);
    char *p = malloc(n + 1);
    if (p)
        memcpy(p, s, n + 1);
    return p;
}

eks_status eks_diags_add(eks_diags *diags, eks_severity sev, eks_diag_code code,
                         const char *path, size_t offset, const char *fmt, ...)
{
    if (!diags || !fmt)
        return EKS_ERR_INVALID_ARGUMENT;
    if (sev == EKS_SEV_ERROR)
        diags->errors++;
    else
        diags->warnings++;
    if ((unsigned)code < EKS_DIAG_CODE_COUNT_)
        diags->codes_seen |= (uint64_t)1 << code;
    size_t max_items = diags->max_items ? diags->max_items : EKS_LIMIT_DEFAULT_DIAGNOSTICS;
    if (diags->count >= max_items) {
        diags->dropped++;
        return EKS_OK;
    }
    if (diags->count == diags->cap) {
        size_t cap = diags->cap ? diags->cap * 2 : 8;
        eks_diag *items = realloc(diags->items, cap * sizeof *items);
        if (!items) { /* counted, not stored: dropped, so errors + warnings = count + dropped */
            diags->dropped++;
            return EKS_ERR_OUT_OF_MEMORY;
        }
        diags->items = items;
        diags->cap = cap;
    }
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    eks_diag *d = &diags->items[diags->count];
    d->severity = sev;
    d->code = code;
    d->offset = offset;
    d->path = dup_cstr(path ? path : "");
    d->message = dup_cstr(msg);
    if (!d->path || !d->message) {
        free(d->path);
        free(d->message);
        diags->dropped++;
        return EKS_ERR_OUT_OF_MEMORY;
    }
    diags->count++;
    return EKS_OK;
}

eks_status eks_diags_append_new(eks_diags *dst, const eks_diags *src)
{
    /* dst already holds every diagnostic of itself, the dropped ones included: they are in
     * its counts, and adding them again would count each twice */
    if (!dst || !src)
        return EKS_ERR_INVALID_ARGUMENT;
    if (dst == src)
        return EKS_OK;
    size_t before = dst->count;
    for (size_t i = 0; i < src->count; i++) {
        const eks_diag *d = &src->items[i];
        bool seen = false;
        for (size_t k = 0; k < before && !seen; k++)
            seen = dst->items[k].severity == d->severity && dst->items[k].code == d->code &&
                   strcmp(dst->items[k].path, d->path) == 0;
        if (!seen && eks_diags_add(dst, d->severity, d->code, d->path, d->offset, "%s", d->message) != EKS_OK)
            return EKS_ERR_OUT_OF_MEMORY;
    }
    size_t stored_errors = 0;
    for (size_t i = 0; i < src->count; i++)
        stored_errors += src->items[i].severity == EKS_SEV_ERROR;
    size_t dropped_errors = src->errors - stored_errors; /* <= src->dropped: eks_diags_add's invariant */
    dst->errors += dropped_errors;
    dst->warnings += src->dropped - dropped_errors;
    dst->dropped += src->dropped;
    dst->codes_seen |= src->codes_seen;
    return EKS_OK;
}
