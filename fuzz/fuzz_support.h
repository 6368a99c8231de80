/*
 * Helpers shared by the fuzz targets (header-only: each target is one translation unit, so
 * everything here is static). Invariants are checked with FZ_CHECK, which aborts: libFuzzer
 * and the standalone replay driver both report an abort as a failure with the input kept.
 *
 * Why exact-size copies: libFuzzer's own buffer is exact-size too, but the replay driver
 * and the split inputs (method, path, body, ...) would otherwise be views into one larger
 * block, where an over-read of one field lands silently in the next. Each field gets its own
 * malloc of exactly its length, so ASan reports the first byte read past it.
 */
#ifndef EKSCODEC_FUZZ_SUPPORT_H
#define EKSCODEC_FUZZ_SUPPORT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ekscodec/codec.h"
#include "ekscodec/diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FZ_CHECK(cond)                                                                    \
    do {                                                                                  \
        if (!(cond)) {                                                                    \
            fprintf(stderr, "fuzz invariant violated: %s (%s:%d)\n", #cond, __FILE__,     \
                    __LINE__);                                                            \
            abort();                                                                      \
        }                                                                                 \
    } while (0)

/* Every exact-size copy made for one input; released together at the end of the input. */
#define FZ_POOL_MAX 96
typedef struct fz_pool {
    void *ptrs[FZ_POOL_MAX];
    size_t n;
} fz_pool;

/* malloc(0) is a valid, unique, zero-byte block under ASan and glibc: reading it is caught,
 * and a non-NULL pointer keeps "empty" distinct from "absent". */
static inline void *fz_alloc(fz_pool *pool, size_t n)
{
    FZ_CHECK(pool->n < FZ_POOL_MAX);
    void *p = malloc(n);
    if (!p && n == 0)
        p = malloc(1);
    if (!p)
        abort();
    /* Tells gcc the block may be initialised: a zero-byte copy is never read, but gcc's
     * -Wmaybe-uninitialized cannot see that. */
    __asm__ volatile("" : : "r"(p) : "memory");
    pool->ptrs[pool->n++] = p;
    return p;
}

static inline eks_str fz_copy(fz_pool *pool, const void *bytes, size_t n)
{
    char *p = fz_alloc(pool, n);
    if (n)
        memcpy(p, bytes, n);
    return (eks_str){p, n};
}

static inline void fz_pool_free(fz_pool *pool)
{
    for (size_t i = 0; i < pool->n; i++)
        free(pool->ptrs[i]);
    pool->n = 0;
}

/* FNV-1a: picks options from the input itself, so a mutation can flip them and every
 * reproducer replays with the same options. */
static inline uint32_t fz_hash(const uint8_t *data, size_t size)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < size; i++)
        h = (h ^ data[i]) * 16777619u;
    return h;
}

/* Small limits, all at least 1, so that limit paths are reached by ordinary inputs. */
static inline eks_limits fz_small_limits(uint32_t h)
{
    eks_limits l = {0};
    l.max_body_bytes = 1 + (h % 512);
    l.max_depth = 1 + ((h >> 9) % 6);
    l.max_list_len = 1 + ((h >> 12) % 4);
    l.max_string_bytes = 1 + ((h >> 14) % 48);
    l.max_diagnostics = 1 + ((h >> 20) % 4);
    return l;
}

/* Line cursor over the raw input: lines end at LF, a CR before it is dropped. */
typedef struct fz_cursor {
    const uint8_t *p;
    size_t left;
} fz_cursor;

static inline int fz_next_line(fz_cursor *c, const uint8_t **line, size_t *len)
{
    if (c->left == 0)
        return 0;
    const uint8_t *nl = memchr(c->p, '\n', c->left);
    size_t n = nl ? (size_t)(nl - c->p) : c->left;
    *line = c->p;
    *len = n;
    c->p += nl ? n + 1 : n;
    c->left -= nl ? n + 1 : n;
    if (*len > 0 && (*line)[*len - 1] == '\r')
        (*len)--;
    return 1;
}

/* Naive search; inputs are small and this keeps the target free of _GNU_SOURCE. */
static inline int fz_contains(const char *hay, size_t hay_len, const char *needle, size_t n)
{
    if (n == 0 || hay_len < n)
        return 0;
    for (size_t i = 0; i + n <= hay_len; i++)
        if (hay[i] == needle[0] && memcmp(hay + i, needle, n) == 0)
            return 1;
    return 0;
}

static inline int fz_diags_contain(const eks_diags *d, const char *needle, size_t n)
{
    for (size_t i = 0; i < d->count; i++) {
        const eks_diag *g = &d->items[i];
        if (fz_contains(g->path, strlen(g->path), needle, n) ||
            fz_contains(g->message, strlen(g->message), needle, n))
            return 1;
    }
    return 0;
}

/* The list is self-consistent and within its limit; every string in it is readable. */
static inline void fz_check_diags(const eks_diags *d)
{
    size_t limit = d->max_items ? d->max_items : EKS_LIMIT_DEFAULT_DIAGNOSTICS;
    FZ_CHECK(d->count <= limit);
    FZ_CHECK(d->count <= d->cap || (d->count == 0 && d->cap == 0));
    FZ_CHECK(d->count + d->dropped == d->errors + d->warnings);
    FZ_CHECK(d->dropped == 0 || d->count == limit);
    size_t errors = 0;
    for (size_t i = 0; i < d->count; i++) {
        const eks_diag *g = &d->items[i];
        FZ_CHECK(g->severity == EKS_SEV_ERROR || g->severity == EKS_SEV_WARNING);
        FZ_CHECK((unsigned)g->code < (unsigned)EKS_DIAG_CODE_COUNT_);
        FZ_CHECK(eks_diag_code_name(g->code) != NULL);
        FZ_CHECK(g->path != NULL && g->message != NULL);
        FZ_CHECK(strlen(g->message) > 0);
        errors += g->severity == EKS_SEV_ERROR;
    }
    FZ_CHECK(errors <= d->errors);
    FZ_CHECK(d->count - errors <= d->warnings);
    if (d->dropped == 0)
        FZ_CHECK(errors == d->errors);
}

/* Every diagnostic's byte offset lies within the input it was found in (or is SIZE_MAX,
 * "no offset"). */
static inline void fz_check_offsets(const eks_diags *d, size_t input_len)
{
    for (size_t i = 0; i < d->count; i++)
        FZ_CHECK(d->items[i].offset == SIZE_MAX || d->items[i].offset <= input_len);
}

/* A result is EKS_OK with no error diagnostic, or a failure with at least one (running out
 * of memory is the one failure that may be unable to record why). */
static inline void fz_check_result(eks_status st, const eks_diags *d)
{
    FZ_CHECK((unsigned)st < (unsigned)EKS_STATUS_COUNT_);
    FZ_CHECK(eks_strerror(st) != NULL);
    fz_check_diags(d);
    if (st == EKS_OK)
        FZ_CHECK(d->errors == 0);
    else if (st != EKS_ERR_OUT_OF_MEMORY)
        FZ_CHECK(d->errors >= 1);
}

/* Deepest nesting of JSON arrays/objects in bytes (strings skipped); used to check that a
 * decode which succeeded stayed within max_depth. */
static inline size_t fz_json_depth(const char *p, size_t n)
{
    size_t depth = 0, max = 0;
    int in_str = 0;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (in_str) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_str = 0;
        } else if (c == '"') {
            in_str = 1;
        } else if (c == '{' || c == '[') {
            if (++depth > max)
                max = depth;
        } else if ((c == '}' || c == ']') && depth > 0) {
            depth--;
        }
    }
    return max;
}

/* ---- walking decoded values ------------------------------------------------------------
 * Touching every byte of every view after the input copies are freed proves the result owns
 * what it points to (ASan: heap-use-after-free otherwise); the limit checks prove that no
 * string or list larger than the limit got into a value that decoded. */

typedef struct fz_walk {
    const eks_limits *limits; /* resolved */
    unsigned sum;
} fz_walk;

/* Strings that may come from a header or the path: no JSON string limit applies. */
static inline void fz_touch(fz_walk *w, eks_str s)
{
    if (!s.ptr) {
        FZ_CHECK(s.len == 0);
        return;
    }
    for (size_t i = 0; i < s.len; i++)
        w->sum += (unsigned char)s.ptr[i];
}

/* Strings decoded from a JSON string. */
static inline void fz_walk_str(fz_walk *w, eks_str s)
{
    FZ_CHECK(s.len <= w->limits->max_string_bytes);
    fz_touch(w, s);
}

#define FZ_WALK_ENUM(w, field, to_string, from_string, unknown_value)                     \
    do {                                                                                  \
        fz_walk_str((w), (field).raw);                                                    \
        if ((field).value == (unknown_value))                                             \
            FZ_CHECK((field).raw.ptr != NULL &&                                           \
                     from_string((field).raw.ptr, (field).raw.len) == (unknown_value));   \
        else if ((field).raw.ptr && (field).value != 0)                                   \
            FZ_CHECK(from_string((field).raw.ptr, (field).raw.len) == (field).value &&    \
                     to_string((field).value) != NULL);                                   \
    } while (0)

static inline void fz_walk_update(fz_walk *w, const eks_update *u)
{
    if (!u->present)
        return;
    fz_walk_str(w, u->id);
    FZ_WALK_ENUM(w, u->status, eks_update_status_to_string, eks_update_status_from_string,
                 EKS_UPDATE_STATUS_UNKNOWN);
    FZ_WALK_ENUM(w, u->type, eks_update_type_to_string, eks_update_type_from_string,
                 EKS_UPDATE_TYPE_UNKNOWN);
    FZ_CHECK(u->params.count <= w->limits->max_list_len);
    FZ_CHECK(u->params.count == 0 || u->params.items != NULL);
    for (size_t i = 0; i < u->params.count; i++) {
        const eks_update_param *p = &u->params.items[i];
        FZ_WALK_ENUM(w, p->type, eks_update_param_type_to_string,
                     eks_update_param_type_from_string, EKS_UPDATE_PARAM_TYPE_UNKNOWN);
        fz_walk_str(w, p->value);
    }
    FZ_CHECK(u->errors.count <= w->limits->max_list_len);
    FZ_CHECK(u->errors.count == 0 || u->errors.items != NULL);
    for (size_t i = 0; i < u->errors.count; i++) {
        const eks_error_detail *e = &u->errors.items[i];
        FZ_WALK_ENUM(w, e->error_code, eks_error_code_to_string, eks_error_code_from_string,
                     EKS_ERROR_CODE_UNKNOWN);
        fz_walk_str(w, e->error_message);
        FZ_CHECK(e->resource_ids.count <= w->limits->max_list_len);
        for (size_t j = 0; j < e->resource_ids.count; j++)
            fz_walk_str(w, e->resource_ids.items[j]);
    }
    if (u->cancellation.present) {
        FZ_WALK_ENUM(w, u->cancellation.status, eks_cancellation_status_to_string,
                     eks_cancellation_status_from_string, EKS_CANCELLATION_STATUS_UNKNOWN);
        fz_walk_str(w, u->cancellation.reason);
    }
}

static inline void fz_walk_error(fz_walk *w, const eks_api_error *e)
{
    fz_touch(w, e->type);
    fz_touch(w, e->raw_type);
    fz_walk_str(w, e->message);
    const eks_error_fields *f = &e->fields;
    switch (e->kind) {
    case EKS_ERROR_INVALID_PARAMETER_EXCEPTION:
        fz_walk_str(w, f->invalid_parameter_exception.cluster_name);
        fz_walk_str(w, f->invalid_parameter_exception.nodegroup_name);
        fz_walk_str(w, f->invalid_parameter_exception.fargate_profile_name);
        fz_walk_str(w, f->invalid_parameter_exception.addon_name);
        fz_walk_str(w, f->invalid_parameter_exception.subscription_id);
        fz_walk_str(w, f->invalid_parameter_exception.message);
        break;
    case EKS_ERROR_CLIENT_EXCEPTION:
        fz_walk_str(w, f->client_exception.cluster_name);
        fz_walk_str(w, f->client_exception.nodegroup_name);
        fz_walk_str(w, f->client_exception.addon_name);
        fz_walk_str(w, f->client_exception.subscription_id);
        fz_walk_str(w, f->client_exception.message);
        break;
    case EKS_ERROR_SERVER_EXCEPTION:
        fz_walk_str(w, f->server_exception.cluster_name);
        fz_walk_str(w, f->server_exception.nodegroup_name);
        fz_walk_str(w, f->server_exception.addon_name);
        fz_walk_str(w, f->server_exception.subscription_id);
        fz_walk_str(w, f->server_exception.message);
        break;
    case EKS_ERROR_RESOURCE_IN_USE_EXCEPTION:
        fz_walk_str(w, f->resource_in_use_exception.cluster_name);
        fz_walk_str(w, f->resource_in_use_exception.nodegroup_name);
        fz_walk_str(w, f->resource_in_use_exception.addon_name);
        fz_walk_str(w, f->resource_in_use_exception.message);
        break;
    case EKS_ERROR_RESOURCE_NOT_FOUND_EXCEPTION:
        fz_walk_str(w, f->resource_not_found_exception.cluster_name);
        fz_walk_str(w, f->resource_not_found_exception.nodegroup_name);
        fz_walk_str(w, f->resource_not_found_exception.fargate_profile_name);
        fz_walk_str(w, f->resource_not_found_exception.addon_name);
        fz_walk_str(w, f->resource_not_found_exception.subscription_id);
        fz_walk_str(w, f->resource_not_found_exception.message);
        break;
    case EKS_ERROR_INVALID_REQUEST_EXCEPTION:
        fz_walk_str(w, f->invalid_request_exception.cluster_name);
        fz_walk_str(w, f->invalid_request_exception.nodegroup_name);
        fz_walk_str(w, f->invalid_request_exception.addon_name);
        fz_walk_str(w, f->invalid_request_exception.subscription_id);
        fz_walk_str(w, f->invalid_request_exception.message);
        break;
    case EKS_ERROR_THROTTLING_EXCEPTION:
        fz_walk_str(w, f->throttling_exception.cluster_name);
        fz_walk_str(w, f->throttling_exception.message);
        break;
    /* errors of the service the operation does not list, read by the service's shapes */
    case EKS_ERROR_ACCESS_DENIED_EXCEPTION: fz_walk_str(w, f->access_denied_exception.message); break;
    case EKS_ERROR_INVALID_STATE_EXCEPTION:
        fz_walk_str(w, f->invalid_state_exception.cluster_name);
        fz_walk_str(w, f->invalid_state_exception.message);
        break;
    case EKS_ERROR_RESOURCE_LIMIT_EXCEEDED_EXCEPTION:
        fz_walk_str(w, f->resource_limit_exceeded_exception.cluster_name);
        fz_walk_str(w, f->resource_limit_exceeded_exception.nodegroup_name);
        fz_walk_str(w, f->resource_limit_exceeded_exception.subscription_id);
        fz_walk_str(w, f->resource_limit_exceeded_exception.message);
        break;
    case EKS_ERROR_SERVICE_UNAVAILABLE_EXCEPTION: fz_walk_str(w, f->service_unavailable_exception.message); break;
    case EKS_ERROR_UNSUPPORTED_AVAILABILITY_ZONE_EXCEPTION: {
        const eks_unsupported_availability_zone_exception *u = &f->unsupported_availability_zone_exception;
        fz_walk_str(w, u->message);
        fz_walk_str(w, u->cluster_name);
        fz_walk_str(w, u->nodegroup_name);
        FZ_CHECK(u->valid_zones.count <= w->limits->max_list_len);
        for (size_t i = 0; i < u->valid_zones.count; i++)
            fz_walk_str(w, u->valid_zones.items[i]);
        break;
    }
    case EKS_ERROR_BAD_REQUEST_EXCEPTION: fz_walk_str(w, f->bad_request_exception.message); break;
    case EKS_ERROR_NOT_FOUND_EXCEPTION: fz_walk_str(w, f->not_found_exception.message); break;
    case EKS_ERROR_RESOURCE_PROPAGATION_DELAY_EXCEPTION:
        fz_walk_str(w, f->resource_propagation_delay_exception.message);
        break;
    case EKS_ERROR_NONE:
    case EKS_ERROR_UNMODELED:
        break;
    default:
        FZ_CHECK(!"error kind out of range");
    }
}

static inline void fz_walk_request(fz_walk *w, const eks_disassociate_idp_request *r)
{
    fz_touch(w, r->cluster_name);
    fz_walk_str(w, r->identity_provider_config.type);
    fz_walk_str(w, r->identity_provider_config.name);
    fz_walk_str(w, r->client_request_token);
}

/* ---- value equality (roundtrip, strict vs lenient) ------------------------------------ */

static inline int fz_str_eq(eks_str a, eks_str b)
{
    return eks_str_eq(a, b);
}

/* Enum fields are equal when both constant and raw string are (the raw string is what an
 * unknown value is made of; for known values it is the listed wire string). */
#define FZ_ENUM_EQ(a, b) ((a).value == (b).value && fz_str_eq((a).raw, (b).raw))

static inline int fz_update_eq(const eks_update *a, const eks_update *b)
{
    if (a->present != b->present)
        return 0;
    if (!a->present)
        return 1;
    if (!fz_str_eq(a->id, b->id) || !FZ_ENUM_EQ(a->status, b->status) ||
        !FZ_ENUM_EQ(a->type, b->type))
        return 0;
    if (a->created_at.present != b->created_at.present ||
        (a->created_at.present && a->created_at.epoch_seconds != b->created_at.epoch_seconds))
        return 0;
    if (a->params.present != b->params.present || a->params.count != b->params.count)
        return 0;
    for (size_t i = 0; i < a->params.count; i++) {
        const eks_update_param *x = &a->params.items[i], *y = &b->params.items[i];
        if (x->present != y->present || !FZ_ENUM_EQ(x->type, y->type) ||
            !fz_str_eq(x->value, y->value))
            return 0;
    }
    if (a->errors.present != b->errors.present || a->errors.count != b->errors.count)
        return 0;
    for (size_t i = 0; i < a->errors.count; i++) {
        const eks_error_detail *x = &a->errors.items[i], *y = &b->errors.items[i];
        if (x->present != y->present || !FZ_ENUM_EQ(x->error_code, y->error_code) ||
            !fz_str_eq(x->error_message, y->error_message) ||
            x->resource_ids.present != y->resource_ids.present ||
            x->resource_ids.count != y->resource_ids.count)
            return 0;
        for (size_t j = 0; j < x->resource_ids.count; j++)
            if (!fz_str_eq(x->resource_ids.items[j], y->resource_ids.items[j]))
                return 0;
    }
    if (a->cancellation.present != b->cancellation.present)
        return 0;
    if (a->cancellation.present &&
        (!FZ_ENUM_EQ(a->cancellation.status, b->cancellation.status) ||
         !fz_str_eq(a->cancellation.reason, b->cancellation.reason)))
        return 0;
    return 1;
}

#define FZ_EQ5(k, m1, m2, m3, m4, m5)                                                      \
    (fz_str_eq(a->fields.k.m1, b->fields.k.m1) && fz_str_eq(a->fields.k.m2, b->fields.k.m2) && \
     fz_str_eq(a->fields.k.m3, b->fields.k.m3) && fz_str_eq(a->fields.k.m4, b->fields.k.m4) && \
     fz_str_eq(a->fields.k.m5, b->fields.k.m5))

/* Modeled error members of the same kind. `present` is not compared: an error body with no
 * modeled member may decode with or without it. */
static inline int fz_error_fields_eq(const eks_api_error *a, const eks_api_error *b)
{
    if (a->kind != b->kind)
        return 0;
    switch (a->kind) {
    case EKS_ERROR_INVALID_PARAMETER_EXCEPTION:
        return FZ_EQ5(invalid_parameter_exception, cluster_name, nodegroup_name,
                      fargate_profile_name, addon_name, subscription_id) &&
               fz_str_eq(a->fields.invalid_parameter_exception.message,
                         b->fields.invalid_parameter_exception.message);
    case EKS_ERROR_CLIENT_EXCEPTION:
        return FZ_EQ5(client_exception, cluster_name, nodegroup_name, addon_name,
                      subscription_id, message);
    case EKS_ERROR_SERVER_EXCEPTION:
        return FZ_EQ5(server_exception, cluster_name, nodegroup_name, addon_name,
                      subscription_id, message);
    case EKS_ERROR_RESOURCE_IN_USE_EXCEPTION:
        return FZ_EQ5(resource_in_use_exception, cluster_name, nodegroup_name, addon_name,
                      message, message);
    case EKS_ERROR_RESOURCE_NOT_FOUND_EXCEPTION:
        return FZ_EQ5(resource_not_found_exception, cluster_name, nodegroup_name,
                      fargate_profile_name, addon_name, subscription_id) &&
               fz_str_eq(a->fields.resource_not_found_exception.message,
                         b->fields.resource_not_found_exception.message);
    case EKS_ERROR_INVALID_REQUEST_EXCEPTION:
        return FZ_EQ5(invalid_request_exception, cluster_name, nodegroup_name, addon_name,
                      subscription_id, message);
    case EKS_ERROR_THROTTLING_EXCEPTION:
        return FZ_EQ5(throttling_exception, cluster_name, message, message, message, message);
    case EKS_ERROR_NONE:
    case EKS_ERROR_UNMODELED:
        return 1;
    default: {
        /* an error of the service the operation does not list: the same members, as written */
        eks_buf ja = {0}, jb = {0};
        int same = eks_api_error_fields_to_json(a, &ja) == EKS_OK && eks_api_error_fields_to_json(b, &jb) == EKS_OK &&
                   ja.len == jb.len && memcmp(ja.ptr, jb.ptr, ja.len) == 0;
        eks_buf_free(&ja);
        eks_buf_free(&jb);
        return same;
    }
    }
}

static inline int fz_request_eq(const eks_disassociate_idp_request *a, const eks_disassociate_idp_request *b)
{
    return fz_str_eq(a->cluster_name, b->cluster_name) &&
           a->identity_provider_config.present == b->identity_provider_config.present &&
           fz_str_eq(a->identity_provider_config.type, b->identity_provider_config.type) &&
           fz_str_eq(a->identity_provider_config.name, b->identity_provider_config.name) &&
           fz_str_eq(a->client_request_token, b->client_request_token);
}

/* ---- splitting raw bytes into HTTP values ---------------------------------------------
 * A deliberately loose splitter (not eks_http_parse: that is a target of its own), so that
 * the corpus's .http files, bare JSON bodies and arbitrary bytes all become values:
 *   - input starting with '{', '[' or whitespace: a body alone (start line synthesized);
 *   - otherwise: a start line, "name: value" lines up to an empty line, then the body. */

#define FZ_MAX_HEADERS 40

static inline int fz_is_body_only(const uint8_t *data, size_t size)
{
    return size == 0 || data[0] == '{' || data[0] == '[' || data[0] == ' ' || data[0] == '\t' ||
           data[0] == '\r' || data[0] == '\n';
}

/* Header lines then body; c is positioned after the start line. */
static inline size_t fz_split_headers(fz_pool *pool, fz_cursor *c, eks_header *headers, eks_str *body)
{
    size_t n = 0;
    const uint8_t *line;
    size_t len;
    while (fz_next_line(c, &line, &len) && len > 0) {
        if (n == FZ_MAX_HEADERS)
            continue;
        const uint8_t *colon = memchr(line, ':', len);
        size_t name_len = colon ? (size_t)(colon - line) : len;
        size_t v = colon ? name_len + 1 : len;
        while (v < len && (line[v] == ' ' || line[v] == '\t'))
            v++;
        headers[n].name = fz_copy(pool, line, name_len);
        headers[n].value = fz_copy(pool, line + v, len - v);
        n++;
    }
    *body = fz_copy(pool, c->p, c->left);
    return n;
}

static const int fz_statuses[8] __attribute__((unused)) = {200, 200, 400, 404, 409, 429, 500, 503};

/* Response: "HTTP/1.1 404 ..." or "404" as the first line; a bare body gets a status chosen
 * by the hash. */
static inline void fz_split_response(fz_pool *pool, const uint8_t *data, size_t size, uint32_t h,
                              eks_header *headers, eks_http_response *out)
{
    memset(out, 0, sizeof *out);
    out->headers = headers;
    if (fz_is_body_only(data, size)) {
        out->status = fz_statuses[h % 8];
        out->body = fz_copy(pool, data, size);
        return;
    }
    fz_cursor c = {data, size};
    const uint8_t *line = data; /* fz_next_line sets both unless the input is empty */
    size_t len = 0;
    fz_next_line(&c, &line, &len);
    size_t i = 0;
    if (len >= 5 && memcmp(line, "HTTP/", 5) == 0) {
        const uint8_t *sp = memchr(line, ' ', len);
        i = sp ? (size_t)(sp - line) + 1 : len;
    }
    int status = 0, digits = 0;
    while (i < len && digits < 4 && line[i] >= '0' && line[i] <= '9') {
        status = status * 10 + (line[i++] - '0');
        digits++;
    }
    out->status = digits ? status : 200;
    out->header_count = fz_split_headers(pool, &c, headers, &out->body);
}

static const char fz_default_path[] __attribute__((unused)) = "/clusters/prod/identity-provider-configs/disassociate";

/* Request: "METHOD SP TARGET [SP VERSION]" first line (target split at '?' into path and
 * query); a bare body gets POST and the operation's path. */
static inline void fz_split_request(fz_pool *pool, const uint8_t *data, size_t size,
                             eks_header *headers, eks_http_request *out)
{
    memset(out, 0, sizeof *out);
    out->headers = headers;
    if (fz_is_body_only(data, size)) {
        out->method = fz_copy(pool, "POST", 4);
        out->path = fz_copy(pool, fz_default_path, sizeof fz_default_path - 1);
        out->body = fz_copy(pool, data, size);
        return;
    }
    fz_cursor c = {data, size};
    const uint8_t *line = data; /* fz_next_line sets both unless the input is empty */
    size_t len = 0;
    fz_next_line(&c, &line, &len);
    const uint8_t *sp = memchr(line, ' ', len);
    size_t mlen = sp ? (size_t)(sp - line) : len;
    out->method = fz_copy(pool, line, mlen);
    const uint8_t *t = sp ? sp + 1 : line + len;
    size_t tlen = (size_t)(line + len - t);
    const uint8_t *sp2 = memchr(t, ' ', tlen);
    if (sp2)
        tlen = (size_t)(sp2 - t);
    const uint8_t *q = memchr(t, '?', tlen);
    if (q) {
        out->path = fz_copy(pool, t, (size_t)(q - t));
        out->query = fz_copy(pool, q + 1, tlen - (size_t)(q - t) - 1);
    } else {
        out->path = fz_copy(pool, t, tlen);
    }
    out->header_count = fz_split_headers(pool, &c, headers, &out->body);
}

#endif
