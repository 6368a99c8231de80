#include "query.h"

#include "buf_inline.h"
#include "char_class.h"
#include "double_text.h"
#include "json_read.h"
#include "shape_codec.h"
#include "uri_label.h"

#include <stdarg.h>

#include <stdio.h>
#include <string.h>

/* ---- encode ----------------------------------------------------------------------------- */

/* The text of one scalar: a view into the value or into scratch (digits written backwards
 * from its end). Returns false when the value is absent (nothing to send). */
static inline bool scalar_text(const eks_shape_desc *sd, const void *v, char scratch[EKS_DOUBLE_TEXT_MAX], eks_str *text)
{
    switch (sd->kind) {
    case EKS_KIND_STRING:
    case EKS_KIND_BLOB:
        *text = *(const eks_str *)v;
        return text->ptr != NULL;
    case EKS_KIND_ENUM: {
        const eks_enum_layout *e = v;
        const char *known = e->raw.ptr ? NULL : eks_enum_to_string(sd->enum_desc, e->value);
        *text = e->raw.ptr ? e->raw : known ? eks_str_from_cstr(known) : EKS_STR_ABSENT;
        return text->ptr != NULL;
    }
    case EKS_KIND_BOOLEAN: {
        const eks_opt_bool *b = v;
        *text = b->value ? EKS_STR_LIT("true") : EKS_STR_LIT("false");
        return b->present;
    }
    case EKS_KIND_INTEGER:
    case EKS_KIND_LONG: {
        const eks_opt_int *i = v;
        uint64_t mag = i->value < 0 ? 0 - (uint64_t)i->value : (uint64_t)i->value;
        _Static_assert(EKS_DOUBLE_TEXT_MAX >= 32, "an integer's 20 digits and sign end at scratch + 32");
        char *d = eks_decimal_before(scratch + 32, mag);
        if (i->value < 0)
            *--d = '-';
        *text = (eks_str){d, (size_t)(scratch + 32 - d)};
        return i->present;
    }
    case EKS_KIND_DOUBLE: {
        const eks_opt_double *d = v;
        size_t n = eks_double_text(d->value, scratch);
        *text = (eks_str){scratch, n};
        return d->present && n > 0;
    }
    default:
        /* Timestamps, structures and maps as query values do not occur in this model; the
         * generator's tests would show a model that needs them. */
        return false;
    }
}

/* Query values are mostly tokens, ARNs and numbers: copy leading runs of unreserved bytes
 * eight at a time, then the general encoder for the rest. */
static size_t encode_value(char *dst, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (len - i >= 8 && (eks_char_class[u[i]] & eks_char_class[u[i + 1]] & eks_char_class[u[i + 2]] &
                            eks_char_class[u[i + 3]] & eks_char_class[u[i + 4]] & eks_char_class[u[i + 5]] &
                            eks_char_class[u[i + 6]] & eks_char_class[u[i + 7]] & EKS_CC_UNRESERVED)) {
        memcpy(dst + i, s + i, 8);
        i += 8;
    }
    return i + eks_uri_encode_label_into(dst + i, s + i, len - i, false);
}

/* Appends one "?name=value" / "&name=value" with its room reserved first (worst case:
 * every byte percent-encoded). */
static inline eks_status put_pair(eks_buf *out, bool first, const eks_member_desc *m, eks_str text)
{
    size_t nl = m->location_name_len;
    if (text.len > (SIZE_MAX >> 3) || nl > (SIZE_MAX >> 3))
        return EKS_ERR_LIMIT_EXCEEDED;
    eks_status st = eks_buf_room(out, 2 + nl + 3 * text.len);
    if (st != EKS_OK)
        return st;
    char *w = out->ptr + out->len;
    *w++ = first ? '?' : '&';
    /* The generator guarantees that query names need no percent-encoding. */
    eks_copy_small(w, m->location_name, nl);
    w += nl;
    *w++ = '=';
    w += encode_value(w, text.ptr, text.len);
    out->len = (size_t)(w - out->ptr);
    return EKS_OK;
}

/* Whether the validator has nothing to say about a scalar query value that the writer has
 * in hand: valid UTF-8, a known enum value, an integer inside its range. Anything else
 * (a string with a length or pattern constraint, an unknown enum value) is left to it. */
static inline bool scalar_clean(const eks_shape_desc *sd, const void *v, eks_str text)
{
    switch (sd->kind) {
    case EKS_KIND_STRING:
        return !sd->has_min && !sd->has_max && !sd->pattern &&
               (eks_is_ascii(text.ptr, text.len) || eks_utf8_valid(text.ptr, text.len));
    case EKS_KIND_ENUM:
        return ((const eks_enum_layout *)v)->raw.ptr == NULL;
    case EKS_KIND_INTEGER:
    case EKS_KIND_LONG: {
        int64_t x = ((const eks_opt_int *)v)->value;
        return (!sd->has_min || x >= sd->min_value) && (!sd->has_max || x <= sd->max_value);
    }
    case EKS_KIND_BOOLEAN:
        return true;
    default:
        return false;
    }
}

eks_status eks_query_encode(const eks_shape_desc *input, const void *value, eks_buf *out, bool *clean)
{
    bool first = true;
    char scratch[EKS_DOUBLE_TEXT_MAX]; /* an integer is written before scratch + 32 */
    eks_status st = EKS_OK;
    for (int i = 0; st == EKS_OK && i < input->member_count; i++) {
        const eks_member_desc *m = &input->members[i];
        if (m->location != EKS_LOC_QUERY)
            continue;
        const void *field = (const char *)value + m->offset;
        const eks_shape_desc *sd = &eks_shapes[m->shape];
        eks_str text;
        if (sd->kind == EKS_KIND_LIST) {
            const eks_list_layout *l = field;
            const eks_shape_desc *item = &eks_shapes[sd->item];
            if (!l->present) {
                *clean &= !(m->flags & EKS_MEMBER_REQUIRED);
                continue;
            }
            if (sd->has_min || sd->has_max || (l->count && !l->items))
                *clean = false;
            for (size_t k = 0; st == EKS_OK && l->items && k < l->count; k++) {
                const void *iv = (const char *)l->items + k * item->c_size;
                if (!scalar_text(item, iv, scratch, &text)) {
                    *clean = false;
                    continue;
                }
                *clean &= scalar_clean(item, iv, text);
                st = put_pair(out, first, m, text);
                first = false;
            }
        } else if (scalar_text(sd, field, scratch, &text)) {
            *clean &= scalar_clean(sd, field, text);
            st = put_pair(out, first, m, text);
            first = false;
        } else if (m->flags & EKS_MEMBER_REQUIRED) {
            *clean = false;
        }
    }
    return st;
}

/* ---- decode ----------------------------------------------------------------------------- */

static const eks_member_desc *query_member(const eks_shape_desc *input, eks_str name)
{
    for (int i = 0; i < input->member_count; i++) {
        const eks_member_desc *m = &input->members[i];
        if (m->location == EKS_LOC_QUERY && m->location_name_len == name.len &&
            memcmp(m->location_name, name.ptr, name.len) == 0)
            return m;
    }
    return NULL;
}

typedef struct qdiag_ctx {
    eks_diags *diags;
    bool *oom;
} qdiag_ctx;

#if defined(__GNUC__)
__attribute__((format(printf, 6, 7)))
#endif
static void qdiag(qdiag_ctx *c, eks_severity sev, eks_diag_code code, const char *member, size_t offset,
                  const char *fmt, ...)
{
    char path[160], msg[300];
    snprintf(path, sizeof path, "$.%s", member ? member : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (eks_diags_add(c->diags, sev, code, member ? path : "query", offset, "%s", msg) != EKS_OK)
        *c->oom = true;
}

/* Strict decimal integer within the kind's range: what the SDKs send for an integer. */
static bool parse_int(eks_str s, eks_shape_kind kind, int64_t *out)
{
    size_t i = 0;
    bool neg = s.len && s.ptr[0] == '-';
    i = neg;
    if (i == s.len || s.len - i > 19)
        return false;
    uint64_t v = 0;
    for (; i < s.len; i++) {
        if (s.ptr[i] < '0' || s.ptr[i] > '9')
            return false;
        v = v * 10 + (uint64_t)(s.ptr[i] - '0');
    }
    uint64_t limit = kind == EKS_KIND_INTEGER ? (neg ? 2147483648u : 2147483647u)
                                              : (neg ? 9223372036854775808u : 9223372036854775807u);
    if (v > limit)
        return false;
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return true;
}

/* Stores one decoded scalar into field (a value of sd). */
static void store_scalar(qdiag_ctx *c, const eks_member_desc *m, const eks_shape_desc *sd, eks_str text,
                         size_t offset, void *field)
{
    switch (sd->kind) {
    case EKS_KIND_STRING:
    case EKS_KIND_BLOB:
        *(eks_str *)field = text;
        return;
    case EKS_KIND_ENUM: {
        eks_enum_layout *e = field;
        e->raw = text;
        e->value = eks_enum_from_string(sd->enum_desc, text.ptr, text.len);
        return;
    }
    case EKS_KIND_BOOLEAN: {
        eks_opt_bool *b = field;
        if (eks_str_eq_cstr(text, "true") || eks_str_eq_cstr(text, "false")) {
            b->present = true;
            b->value = text.ptr[0] == 't';
        } else {
            qdiag(c, EKS_SEV_ERROR, EKS_DIAG_WRONG_TYPE, m->name, offset,
                  "query parameter %s must be true or false", m->location_name);
        }
        return;
    }
    case EKS_KIND_INTEGER:
    case EKS_KIND_LONG: {
        eks_opt_int *i = field;
        if (parse_int(text, sd->kind, &i->value))
            i->present = true;
        else
            qdiag(c, EKS_SEV_ERROR, EKS_DIAG_WRONG_TYPE, m->name, offset,
                  "query parameter %s is not a%s integer", m->location_name,
                  sd->kind == EKS_KIND_INTEGER ? " 32-bit" : " 64-bit");
        return;
    }
    default:
        qdiag(c, EKS_SEV_ERROR, EKS_DIAG_WRONG_TYPE, m->name, offset,
              "query parameter %s has a type this decoder does not read", m->location_name);
        return;
    }
}

/* A parameter name, percent-decoded only when it holds an escape: a name is looked up and
 * never kept, so a plain one is read where it lies. */
static bool decode_name(eks_arena *arena, eks_str raw, eks_str *name, size_t *bad, bool *oom)
{
    if (!raw.len || !memchr(raw.ptr, '%', raw.len)) {
        *name = raw;
        return true;
    }
    return eks_uri_decode_label(arena, raw, name, bad, oom);
}

typedef struct qpair {
    eks_str name, value; /* raw */
    size_t offset;
} qpair;

/* Next "name=value" of q from *pos; false at the end. */
static bool next_pair(eks_str q, size_t *pos, qpair *p)
{
    while (*pos < q.len && q.ptr[*pos] == '&')
        (*pos)++;
    if (*pos >= q.len)
        return false;
    size_t start = *pos;
    const char *amp = memchr(q.ptr + start, '&', q.len - start);
    size_t end = amp ? (size_t)(amp - q.ptr) : q.len;
    const char *eq = memchr(q.ptr + start, '=', end - start);
    p->offset = start;
    p->name = (eks_str){q.ptr + start, (size_t)((eq ? eq : q.ptr + end) - (q.ptr + start))};
    p->value = eq ? (eks_str){eq + 1, (size_t)(q.ptr + end - (eq + 1))} : (eks_str){q.ptr + end, 0};
    *pos = end;
    return true;
}

bool eks_query_decode(const eks_shape_desc *input, eks_str query, void *dst, eks_arena *arena, bool strict,
                      eks_diags *diags, size_t *value_offsets)
{
    bool oom = false;
    qdiag_ctx c = {diags, &oom};
    if (!query.ptr || !query.len)
        return true;
    /* Pass 1: how many items each list member gets, so each list is one allocation (none to
     * count when the input has no list in the query). */
    size_t counts[64];
    size_t pos = 0;
    qpair p;
    bool has_list = false;
    for (int i = 0; i < input->member_count && !has_list; i++)
        has_list = input->members[i].location == EKS_LOC_QUERY &&
                   eks_shapes[input->members[i].shape].kind == EKS_KIND_LIST;
    if (has_list) /* 512 bytes: zeroed only where they are used */
        memset(counts, 0, sizeof counts);
    while (has_list && next_pair(query, &pos, &p) && !oom) {
        eks_str name;
        size_t bad;
        if (!decode_name(arena, p.name, &name, &bad, &oom))
            continue;
        const eks_member_desc *m = query_member(input, name);
        if (m && eks_shapes[m->shape].kind == EKS_KIND_LIST)
            counts[m - input->members]++;
    }
    for (int i = 0; has_list && i < input->member_count && i < 64 && !oom; i++) {
        const eks_member_desc *m = &input->members[i];
        if (!counts[i])
            continue;
        eks_list_layout *l = (eks_list_layout *)((char *)dst + m->offset);
        size_t isz = eks_shapes[eks_shapes[m->shape].item].c_size;
        l->items = eks_arena_alloc(arena, counts[i] * isz);
        if (!l->items)
            oom = true;
        l->present = true;
        l->count = 0;
    }
    /* Pass 2: decode and store. */
    uint64_t seen = 0; /* bit i: member i (of the first 64) was given */
    pos = 0;
    while (!oom && next_pair(query, &pos, &p)) {
        eks_str name, value;
        size_t bad = 0;
        if (!decode_name(arena, p.name, &name, &bad, &oom)) {
            if (!oom)
                qdiag(&c, EKS_SEV_ERROR, EKS_DIAG_INVALID_URI_LABEL, NULL, p.offset + bad,
                      "malformed percent-escape in a query parameter name at query byte %zu", p.offset + bad);
            continue;
        }
        const eks_member_desc *m = query_member(input, name);
        if (!m) {
            char quoted[EKS_DIAG_QUOTE_MAX + 1];
            if (strict)
                qdiag(&c, EKS_SEV_WARNING, EKS_DIAG_UNKNOWN_MEMBER, NULL, p.offset,
                      "query parameter \"%s\" is not in the model",
                      eks_diag_quote(quoted, name));
            continue;
        }
        size_t value_off = (size_t)(p.value.ptr - query.ptr);
        if (value_offsets && value_offsets[m - input->members] == SIZE_MAX)
            value_offsets[m - input->members] = value_off;
        if (!eks_uri_decode_label(arena, p.value, &value, &bad, &oom)) {
            if (!oom)
                qdiag(&c, EKS_SEV_ERROR, EKS_DIAG_INVALID_URI_LABEL, m->name, value_off + bad,
                      "malformed percent-escape in query parameter %s at query byte %zu", m->location_name,
                      value_off + bad);
            continue;
        }
        if (!eks_utf8_valid(value.ptr, value.len)) {
            qdiag(&c, EKS_SEV_ERROR, EKS_DIAG_INVALID_UTF8, m->name, value_off,
                  "query parameter %s is not valid UTF-8 once percent-decoded", m->location_name);
            continue;
        }
        const eks_shape_desc *sd = &eks_shapes[m->shape];
        int idx = (int)(m - input->members);
        void *field = (char *)dst + m->offset;
        if (sd->kind == EKS_KIND_LIST) {
            eks_list_layout *l = field;
            const eks_shape_desc *item = &eks_shapes[sd->item];
            store_scalar(&c, m, item, value, value_off, (char *)l->items + l->count * item->c_size);
            l->count++;
            continue;
        }
        if (idx < 64 && (seen & (UINT64_C(1) << idx))) {
            qdiag(&c, EKS_SEV_ERROR, EKS_DIAG_DUPLICATE_KEY, m->name, p.offset,
                  "query parameter %s is given more than once", m->location_name);
            continue;
        }
        if (idx < 64)
            seen |= UINT64_C(1) << idx;
        store_scalar(&c, m, sd, value, value_off, field);
    }
    return !oom;
}
