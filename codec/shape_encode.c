/*
 * Schema-directed JSON encoding and validation of the generated structs. JSON is written
 * straight into an eks_buf: no document tree, no allocation once the buffer is warm.
 */
#include "buf_inline.h"
#include "constraints.h"
#include "double_text.h"
#include "enum_lookup.h"
#include "key_set.h"
#include "json_read.h"
#include "shape_codec.h"

#include <math.h>
#include <stdarg.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <stdio.h>
#include <string.h>

const char *eks_enum_to_string(const eks_enum_desc *desc, int value)
{
    if (value < 1 || value > desc->count)
        return NULL;
    return desc->values[value - 1];
}

int eks_enum_search(const eks_enum_desc *desc, const char *s, size_t len)
{
    for (int i = 0; i < desc->count; i++) {
        const char *v = desc->values[i];
        if (desc->lengths[i] == len && len && v[0] == s[0] && eks_bytes_equal(v, s, len))
            return i + 1;
    }
    return desc->count + 1;
}

int eks_enum_from_string(const eks_enum_desc *desc, const char *s, size_t len)
{
    return s ? eks_enum_lookup(desc, s, len) : desc->count + 1;
}

bool eks_shape_value_present(eks_shape_id shape, const void *value)
{
    switch (eks_shapes[shape].kind) {
    case EKS_KIND_STRUCTURE:
    case EKS_KIND_LIST:
    case EKS_KIND_MAP:
        return *(const bool *)value;
    case EKS_KIND_STRING:
    case EKS_KIND_BLOB:
        return ((const eks_str *)value)->ptr != NULL;
    case EKS_KIND_ENUM: {
        const eks_enum_layout *e = value;
        return e->raw.ptr != NULL || e->value != 0;
    }
    case EKS_KIND_BOOLEAN:
        return ((const eks_opt_bool *)value)->present;
    case EKS_KIND_INTEGER:
    case EKS_KIND_LONG:
        return ((const eks_opt_int *)value)->present;
    case EKS_KIND_DOUBLE:
        return ((const eks_opt_double *)value)->present;
    case EKS_KIND_TIMESTAMP:
        return ((const eks_timestamp *)value)->present;
    }
    return false;
}

/* ---- JSON writing -------------------------------------------------------------------- */

static const char hex_upper[] = "0123456789ABCDEF";

/* Bytes JSON strings cannot carry raw (RFC 8259 section 7). High bytes pass: the input is
 * valid UTF-8, checked before encoding. */
static bool needs_escape(unsigned char c)
{
    return c < 0x20 || c == '"' || c == '\\';
}

/* Non-zero (in some byte's high bit) when a byte of w is a control byte, '"' or '\\'. The
 * three zero-byte tests share one final mask: a borrow can only mark a byte above a byte
 * that really matches, so "any byte matches" stays exact. */
static inline uint64_t json_word_dirty(uint64_t w)
{
    uint64_t quote = w ^ (EKS_SWAR_ONES * '"');
    uint64_t backslash = w ^ (EKS_SWAR_ONES * '\\');
    return (((w - EKS_SWAR_ONES * 0x20) & ~w) | ((quote - EKS_SWAR_ONES) & ~quote) |
            ((backslash - EKS_SWAR_ONES) & ~backslash)) &
           EKS_SWAR_HIGHS;
}

static inline bool json_word_clean(uint64_t w)
{
    return json_word_dirty(w) == 0;
}

eks_status eks_json_write_string(eks_buf *out, const char *s, size_t len)
{
    /* One reservation covers the common case (nothing to escape); escapes reserve more. */
    eks_status st;
    if ((out->cap - out->len <= len + 2 || !out->ptr) && (st = eks_buf_reserve(out, len + 2)) != EKS_OK)
        return st;
    out->ptr[out->len++] = '"';
    size_t i = 0, run = 0;
    while (i < len) {
        /* 8 bytes at a time while none is a control byte, quote or backslash; the last
         * partial word is checked as the overlapping final 8 bytes. */
        while (i + 8 <= len && json_word_clean(eks_swar_load(s + i)))
            i += 8;
        if (i < len && len >= 8 && i + 8 > len && json_word_clean(eks_swar_load(s + len - 8)))
            i = len;
        while (i < len && !needs_escape((unsigned char)s[i]))
            i++;
        if (i >= len)
            break;
        unsigned char c = (unsigned char)s[i];
        if ((st = eks_buf_put(out, s + run, i - run)) != EKS_OK)
            return st;
        char esc[6] = {'\\', 0, 0, 0, 0, 0};
        size_t n = 2;
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            /* Every other control character needs a \u escape. */
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = hex_upper[c >> 4];
            esc[5] = hex_upper[c & 15];
            n = 6;
        }
        if ((st = eks_buf_put(out, esc, n)) != EKS_OK)
            return st;
        i++;
        run = i;
    }
    if (run < len && (st = eks_buf_put(out, s + run, len - run)) != EKS_OK)
        return st;
    return eks_buf_put_byte(out, '"');
}

static eks_status write_int(eks_buf *out, int64_t v)
{
    char tmp[24], *end = tmp + sizeof tmp;
    char *p = eks_decimal_before(end, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v);
    if (v < 0)
        *--p = '-';
    return eks_buf_put(out, p, (size_t)(end - p));
}

eks_status eks_json_write_int(eks_buf *out, int64_t v)
{
    return write_int(out, v);
}

eks_status eks_json_write_double(eks_buf *out, double v)
{
    if (!isfinite(v))
        return EKS_ERR_INVALID_ARGUMENT; /* JSON has no NaN or infinity */
    if (v == floor(v) && fabs(v) < 9007199254740992.0 && !(v == 0 && signbit(v)))
        return write_int(out, (int64_t)v);
    char tmp[EKS_DOUBLE_TEXT_MAX];
    size_t n = eks_double_text(v, tmp);
    return n ? eks_buf_append(out, tmp, n) : EKS_ERR_INVALID_ARGUMENT;
}

/* Encoding checks on the way what validation would report (required members, UTF-8, enum
 * values, finite numbers, constraint traits): when anything is off, `clean` turns false and the caller runs the
 * full validator for the diagnostics. The common, valid case is then a single pass. */
typedef struct encoder {
    eks_buf *out;
    bool clean;
    /* The top-level string member written from here instead of from the value (the
     * generated idempotency token), so the caller's value need not be copied. */
    const eks_str *replacement;
} encoder;

static eks_status encode_value(encoder *enc, eks_shape_id shape, const void *v);

/* What copy_classify() found in a string's bytes. */
enum {
    STR_NEEDS_ESCAPE = 1u << 0, /* a control byte, '"' or '\\' */
    STR_NOT_ASCII = 1u << 1     /* a byte >= 0x80: the UTF-8 check must look */
};

/* Copies the len bytes at p to w and classifies them in the same pass: 16 bytes per step
 * with SSE2 (every x86-64 has it), else 8-byte words (SWAR); the last block overlaps the
 * one before, short strings take one or two overlapping 4-byte words. Nothing is read or
 * written outside [p, p + len) and [w, w + len). */
static EKS_ALWAYS_INLINE unsigned copy_classify(char *w, const char *p, size_t len)
{
#if defined(__SSE2__)
    if (len >= 16) {
        const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
        const __m128i ctl_max = _mm_set1_epi8(0x1F);
        __m128i esc = _mm_setzero_si128(), all = _mm_setzero_si128();
        for (size_t i = 0;; i += 16) {
            if (i + 16 >= len)
                i = len - 16; /* the last block, overlapping */
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
            _mm_storeu_si128((__m128i *)(void *)(w + i), x);
            /* x <= 0x1F (unsigned) exactly when min(x, 0x1F) == x */
            __m128i bad = _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash));
            esc = _mm_or_si128(esc, _mm_or_si128(bad, _mm_cmpeq_epi8(_mm_min_epu8(x, ctl_max), x)));
            all = _mm_or_si128(all, x);
            if (i + 16 == len)
                break;
        }
        return (_mm_movemask_epi8(esc) ? STR_NEEDS_ESCAPE : 0u) | (_mm_movemask_epi8(all) ? STR_NOT_ASCII : 0u);
    }
#endif
    uint64_t acc, dirty;
    if (len >= 8) {
        acc = dirty = 0;
        for (size_t i = 0; i + 8 < len; i += 8) {
            uint64_t x = eks_swar_load(p + i);
            memcpy(w + i, &x, 8);
            acc |= x;
            dirty |= json_word_dirty(x);
        }
        uint64_t x = eks_swar_load(p + len - 8); /* the last word, overlapping the one before */
        memcpy(w + len - 8, &x, 8);
        acc |= x;
        dirty |= json_word_dirty(x);
    } else if (len >= 4) {
        uint32_t lo, hi;
        memcpy(&lo, p, 4);
        memcpy(&hi, p + len - 4, 4);
        memcpy(w, &lo, 4);
        memcpy(w + len - 4, &hi, 4);
        acc = lo | (uint64_t)hi << 32;
        dirty = json_word_dirty(acc);
    } else {
        acc = dirty = 0;
        for (size_t i = 0; i < len; i++) {
            unsigned char c = (unsigned char)p[i];
            w[i] = (char)c;
            acc |= c;
            dirty |= needs_escape(c);
        }
    }
    return (dirty ? STR_NEEDS_ESCAPE : 0u) | ((acc & EKS_SWAR_HIGHS) ? STR_NOT_ASCII : 0u);
}

/* The string whose bytes copy_classify() has put at w (out->ptr + out->len + 1, with room for
 * the closing quote): quoted and committed when it needs no escape, else rewritten by the
 * escaping writer from out->len on. High bytes send it through the UTF-8 check: ASCII is
 * valid UTF-8, so most strings skip it. */
static EKS_ALWAYS_INLINE eks_status finish_string(encoder *enc, char *w, const char *p, size_t len, unsigned cls)
{
    eks_buf *out = enc->out;
    if ((cls & STR_NOT_ASCII) && !eks_utf8_valid(p, len))
        enc->clean = false;
    if (cls & STR_NEEDS_ESCAPE)
        return eks_json_write_string(out, p, len);
    w[-1] = '"';
    w[len] = '"';
    out->len += len + 2;
    out->ptr[out->len] = '\0';
    return EKS_OK;
}

/* The common case, a string that needs no escape, is copied and checked in one pass into
 * space reserved up front; a byte that needs an escape sends the string to the escaping
 * writer instead (nothing is committed until the end). */
static EKS_ALWAYS_INLINE eks_status encode_string(encoder *enc, const char *p, size_t len)
{
    if (len && !p) {
        enc->clean = false;
        return eks_json_write_string(enc->out, "", 0);
    }
    eks_buf *out = enc->out;
    eks_status st;
    if ((out->cap - out->len <= len + 2 || !out->ptr) && (st = eks_buf_reserve(out, len + 2)) != EKS_OK)
        return st;
    char *w = out->ptr + out->len + 1;
    return finish_string(enc, w, p, len, copy_classify(w, p, len));
}

/* A present member of EKS_MEMBER_PLAIN_BODY_STRING: comma, key and string in one
 * reservation. */
static EKS_ALWAYS_INLINE eks_status encode_plain_member(encoder *enc, const eks_member_desc *m, const eks_str *sv,
                                                        bool *first)
{
    eks_buf *out = enc->out;
    size_t key_len = m->json_key_len, len = sv->len;
    eks_status st;
    if ((out->cap - out->len <= key_len + len + 3 || !out->ptr) &&
        (st = eks_buf_reserve(out, key_len + len + 3)) != EKS_OK)
        return st;
    if (!*first)
        out->ptr[out->len++] = ',';
    *first = false;
    eks_copy_small(out->ptr + out->len, m->json_key, key_len);
    out->len += key_len;
    char *w = out->ptr + out->len + 1;
    return finish_string(enc, w, sv->ptr, len, copy_classify(w, sv->ptr, len));
}

static eks_status encode_number(encoder *enc, double v, bool timestamp)
{
    if (!isfinite(v) || (timestamp && (v < -62135596800.0 || v >= 253402300800.0))) {
        enc->clean = false;
        return eks_buf_put_byte(enc->out, '0');
    }
    return eks_json_write_double(enc->out, v);
}

/* Writes the comma (after the first member) and the member's "key": in one reservation. */
static EKS_ALWAYS_INLINE eks_status put_key(eks_buf *out, const eks_member_desc *m, bool *first)
{
    size_t key_len = m->json_key_len;
    eks_status st;
    if ((out->cap - out->len <= key_len + 1 || !out->ptr) && (st = eks_buf_reserve(out, key_len + 1)) != EKS_OK)
        return st;
    if (!*first)
        out->ptr[out->len++] = ',';
    *first = false;
    eks_copy_small(out->ptr + out->len, m->json_key, key_len);
    out->len += key_len;
    return EKS_OK;
}

/* `replaced`: the index of the member written from enc->replacement; -1 (nested structures,
 * or no token to fill) for none. */
static EKS_ALWAYS_INLINE eks_status encode_structure(encoder *enc, const eks_shape_desc *sd, const void *v,
                                                     int replaced)
{
    eks_buf *out = enc->out;
    eks_status st = eks_buf_put_byte(out, '{');
    bool first = true;
    for (int i = 0; st == EKS_OK && i < sd->member_count; i++) {
        const eks_member_desc *m = &sd->members[i];
        const void *field = i == replaced ? (const void *)enc->replacement : (const char *)v + m->offset;
        /* Most members of this API: nothing about them to check but presence. */
        if (m->flags & EKS_MEMBER_PLAIN_BODY_STRING) {
            const eks_str *sv = field;
            if (sv->ptr)
                st = encode_plain_member(enc, m, sv, &first);
            else if (m->flags & EKS_MEMBER_REQUIRED)
                enc->clean = false;
            continue;
        }
        const eks_shape_desc *msd = &eks_shapes[m->shape];
        eks_shape_kind kind = msd->kind;
        /* Strings, most members of this API, go straight to the string writer. */
        if (kind == EKS_KIND_STRING || kind == EKS_KIND_BLOB) {
            const eks_str *sv = field;
            if (!sv->ptr) {
                if (m->flags & EKS_MEMBER_REQUIRED)
                    enc->clean = false;
                continue;
            }
            /* Labels and query values too: a URI label breaking ClusterName's pattern is as
             * wrong as a body member breaking it. */
            if (eks_shape_constrained(msd) && !eks_constraints_string(msd, sv->ptr, sv->len, NULL, NULL, NULL))
                enc->clean = false;
            if (m->location != EKS_LOC_BODY) {
                /* URI labels and the like: not in the body, but still validated. */
                if (kind != EKS_KIND_STRING || !(eks_is_ascii(sv->ptr, sv->len) || eks_utf8_valid(sv->ptr, sv->len)))
                    enc->clean = false;
            } else if ((st = put_key(out, m, &first)) == EKS_OK) {
                st = encode_string(enc, sv->ptr, sv->len);
            }
            continue;
        }
        if (!eks_shape_value_present(m->shape, field)) {
            if (m->flags & EKS_MEMBER_REQUIRED)
                enc->clean = false;
            continue;
        }
        if (m->location != EKS_LOC_BODY) {
            enc->clean = false; /* not expected in this API: let the validator look */
            continue;
        }
        if (kind == EKS_KIND_ENUM) {
            const eks_enum_layout *e = field;
            if (!e->raw.ptr && !eks_enum_to_string(eks_shapes[m->shape].enum_desc, e->value)) {
                enc->clean = false;
                continue; /* UNKNOWN without a raw string has nothing to send */
            }
        }
        if ((st = put_key(out, m, &first)) == EKS_OK)
            st = encode_value(enc, m->shape, field);
    }
    return st == EKS_OK ? eks_buf_put_byte(out, '}') : st;
}

/* Whether two entries of a caller-built map share a key: the JSON would carry the key twice,
 * which readers take differently (ekscodec's decoder refuses it and keeps the first, the SDKs
 * keep the last). Out of memory reads as a duplicate: the validator then runs and says so. */
static bool map_has_duplicate_key(const eks_map_layout *m)
{
    key_set seen;
    key_set_init(&seen);
    bool dup = false;
    for (size_t i = 0; i < m->count && !dup; i++)
        if (m->keys[i].ptr && !key_set_add(&seen, m->keys[i], &dup))
            dup = true;
    key_set_free(&seen);
    return dup;
}

static eks_status encode_value(encoder *enc, eks_shape_id shape, const void *v)
{
    const eks_shape_desc *sd = &eks_shapes[shape];
    eks_buf *out = enc->out;
    eks_status st = EKS_OK;
    switch (sd->kind) {
    case EKS_KIND_STRUCTURE:
        return encode_structure(enc, sd, v, -1);
    case EKS_KIND_LIST: {
        const eks_list_layout *l = v;
        const eks_shape_desc *item = &eks_shapes[sd->item];
        if ((st = eks_buf_put_byte(out, '[')) != EKS_OK)
            return st;
        if (eks_shape_constrained(sd) && !eks_constraints_count(sd, l->count, NULL, NULL))
            enc->clean = false;
        if (l->count && !l->items)
            enc->clean = false;
        else
            for (size_t i = 0; i < l->count && st == EKS_OK; i++) {
                if (i && (st = eks_buf_put_byte(out, ',')) != EKS_OK)
                    return st;
                st = encode_value(enc, sd->item, (const char *)l->items + i * item->c_size);
            }
        return st == EKS_OK ? eks_buf_put_byte(out, ']') : st;
    }
    case EKS_KIND_MAP: {
        const eks_map_layout *m = v;
        const eks_shape_desc *val = &eks_shapes[sd->item];
        const eks_shape_desc *key = &eks_shapes[sd->key];
        bool key_constrained = eks_shape_constrained(key);
        if ((st = eks_buf_put_byte(out, '{')) != EKS_OK)
            return st;
        if (eks_shape_constrained(sd) && !eks_constraints_count(sd, m->count, NULL, NULL))
            enc->clean = false;
        if (m->count && (!m->keys || !m->values)) {
            enc->clean = false;
        } else {
            if (m->count > 1 && map_has_duplicate_key(m))
                enc->clean = false; /* the validator names the key */
            for (size_t i = 0; i < m->count && st == EKS_OK; i++) {
                if (i && (st = eks_buf_put_byte(out, ',')) != EKS_OK)
                    return st;
                if (key_constrained && !eks_constraints_string(key, m->keys[i].ptr, m->keys[i].len, NULL, NULL, NULL))
                    enc->clean = false;
                if ((st = encode_string(enc, m->keys[i].ptr, m->keys[i].len)) != EKS_OK ||
                    (st = eks_buf_put_byte(out, ':')) != EKS_OK)
                    return st;
                st = encode_value(enc, sd->item, (const char *)m->values + i * val->c_size);
            }
        }
        return st == EKS_OK ? eks_buf_put_byte(out, '}') : st;
    }
    case EKS_KIND_STRING:
    case EKS_KIND_BLOB: {
        const eks_str *s = v;
        if (eks_shape_constrained(sd) && !eks_constraints_string(sd, s->ptr, s->len, NULL, NULL, NULL))
            enc->clean = false;
        return encode_string(enc, s->ptr, s->len);
    }
    case EKS_KIND_ENUM: {
        const eks_enum_layout *e = v;
        /* The raw string wins: it is what the wire carried, known to the model or not. An
         * unknown one makes the validator speak (a warning, or an error when strict). */
        if (e->raw.ptr) {
            if (eks_enum_from_string(sd->enum_desc, e->raw.ptr, e->raw.len) == sd->enum_desc->count + 1)
                enc->clean = false;
            if (eks_shape_constrained(sd) && !eks_constraints_string(sd, e->raw.ptr, e->raw.len, NULL, NULL, NULL))
                enc->clean = false;
            return encode_string(enc, e->raw.ptr, e->raw.len);
        }
        const char *s = eks_enum_to_string(sd->enum_desc, e->value);
        if (!s) /* no value to write (a list item or map value left unset): the validator refuses it */
            enc->clean = false;
        else if (eks_shape_constrained(sd) && !eks_constraints_string(sd, s, strlen(s), NULL, NULL, NULL))
            enc->clean = false;
        return eks_json_write_string(out, s ? s : "", s ? strlen(s) : 0);
    }
    case EKS_KIND_BOOLEAN:
        return eks_buf_append_cstr(out, ((const eks_opt_bool *)v)->value ? "true" : "false");
    case EKS_KIND_INTEGER:
    case EKS_KIND_LONG: {
        int64_t n = ((const eks_opt_int *)v)->value;
        if (sd->kind == EKS_KIND_INTEGER && (n < INT32_MIN || n > INT32_MAX))
            enc->clean = false; /* the model's integer is 32 bits: no reader takes more */
        if (eks_shape_constrained(sd) && !eks_constraints_integer(sd, n, NULL, NULL))
            enc->clean = false;
        return write_int(out, n);
    }
    case EKS_KIND_DOUBLE:
        return encode_number(enc, ((const eks_opt_double *)v)->value, false);
    case EKS_KIND_TIMESTAMP:
        return encode_number(enc, ((const eks_timestamp *)v)->epoch_seconds, true);
    }
    return EKS_ERR_INVALID_ARGUMENT;
}

eks_status eks_shape_encode_json(eks_shape_id shape, const void *value, eks_buf *out, bool *clean)
{
    encoder enc = {out, true, NULL};
    eks_status st = encode_value(&enc, shape, value);
    if (clean)
        *clean = enc.clean;
    return st;
}

eks_status eks_shape_encode_json_with(eks_shape_id shape, const void *value, int member,
                                      const eks_str *replacement, eks_buf *out, bool *clean)
{
    encoder enc = {out, true, replacement};
    const eks_shape_desc *sd = &eks_shapes[shape];
    eks_status st = sd->kind == EKS_KIND_STRUCTURE && member >= 0 && member < sd->member_count && replacement
                        ? encode_structure(&enc, sd, value, member)
                        : encode_value(&enc, shape, value);
    if (clean)
        *clean = enc.clean;
    return st;
}

/* ---- validation of a struct (caller-built or decoded) ---------------------------------- */

typedef struct validator {
    eks_diags *diags;
    bool strict;
    bool *oom;
    bool constraints_only;         /* eks_shape_check_constraints(): nothing else is checked */
    eks_severity constraint_sev;
    size_t offset;                 /* of every diagnostic; SIZE_MAX for a struct in memory */
    const char *root;
    eks_json_path path;
} validator;

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void vdiag(validator *v, eks_severity sev, eks_diag_code code, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    char path[EKS_JSON_PATH_TEXT_MAX];
    eks_json_path_render(&v->path, v->root, path, sizeof path);
    if (eks_diags_add(v->diags, sev, code, path, v->offset, "%s", msg) != EKS_OK)
        *v->oom = true;
}

static void constraint_emit(void *ctx, eks_diag_code code, const char *message)
{
    validator *v = ctx;
    vdiag(v, v->constraint_sev, code, "%s", message);
}

static size_t vpush(validator *v, const char *name, size_t name_len, size_t index)
{
    if (name)
        eks_json_path_push_key(&v->path, name, name_len);
    else
        eks_json_path_push_index(&v->path, index);
    return 0;
}

static void vpop(validator *v, size_t unused)
{
    (void)unused;
    eks_json_path_pop(&v->path);
}

static void validate_value(validator *v, eks_shape_id shape, const void *value);

static void validate_structure(validator *v, const eks_shape_desc *sd, const void *value)
{
    for (int i = 0; i < sd->member_count; i++) {
        const eks_member_desc *m = &sd->members[i];
        const void *field = (const char *)value + m->offset;
        size_t old = vpush(v, m->name, m->name_len, 0);
        if (!eks_shape_value_present(m->shape, field)) {
            if ((m->flags & EKS_MEMBER_REQUIRED) && !v->constraints_only)
                vdiag(v, EKS_SEV_ERROR, EKS_DIAG_MISSING_REQUIRED_MEMBER,
                      "required member \"%s\" of %s is missing", m->name, sd->name);
        } else {
            validate_value(v, m->shape, field);
        }
        vpop(v, old);
    }
}

/* role: NULL for a value, "map key" for a key (whose path is the entry's). */
static void validate_string(validator *v, const eks_shape_desc *sd, eks_str s, const char *role)
{
    if (s.len && !s.ptr) {
        if (!v->constraints_only)
            vdiag(v, EKS_SEV_ERROR, EKS_DIAG_WRONG_TYPE, "string of length %zu has no bytes", s.len);
        return;
    }
    if (!v->constraints_only && !eks_utf8_valid(s.ptr, s.len))
        vdiag(v, EKS_SEV_ERROR, EKS_DIAG_INVALID_UTF8, "%s value is not valid UTF-8", sd->name);
    if (eks_shape_constrained(sd))
        eks_constraints_string(sd, s.ptr, s.len, role, constraint_emit, v);
}

static void validate_value(validator *v, eks_shape_id shape, const void *value)
{
    const eks_shape_desc *sd = &eks_shapes[shape];
    switch (sd->kind) {
    case EKS_KIND_STRUCTURE:
        validate_structure(v, sd, value);
        return;
    case EKS_KIND_LIST: {
        const eks_list_layout *l = value;
        if (l->count && !l->items) {
            if (!v->constraints_only)
                vdiag(v, EKS_SEV_ERROR, EKS_DIAG_WRONG_TYPE, "list of %zu items has no items array", l->count);
        } else {
            for (size_t i = 0; i < l->count && !*v->oom; i++) {
                size_t old = vpush(v, NULL, 0, i);
                validate_value(v, sd->item, (const char *)l->items + i * eks_shapes[sd->item].c_size);
                vpop(v, old);
            }
        }
        /* After the items, as the decoder reports it (it knows the count only at the end). */
        if (eks_shape_constrained(sd))
            eks_constraints_count(sd, l->count, constraint_emit, v);
        return;
    }
    case EKS_KIND_MAP: {
        const eks_map_layout *m = value;
        if (m->count && (!m->keys || !m->values)) {
            if (!v->constraints_only)
                vdiag(v, EKS_SEV_ERROR, EKS_DIAG_WRONG_TYPE, "map of %zu entries has no arrays", m->count);
        } else {
            /* An entry is located by its key, as the decoder locates it ("$.tags.team"). */
            key_set seen;
            key_set_init(&seen);
            for (size_t i = 0; i < m->count && !*v->oom; i++) {
                eks_str k = m->keys[i];
                size_t old = k.ptr ? vpush(v, k.ptr, k.len, 0) : vpush(v, NULL, 0, i);
                bool dup = false;
                if (k.ptr && !v->constraints_only && !key_set_add(&seen, k, &dup))
                    *v->oom = true;
                if (dup)
                    vdiag(v, EKS_SEV_ERROR, EKS_DIAG_DUPLICATE_KEY, "map key appears more than once");
                validate_string(v, &eks_shapes[sd->key], k, "map key");
                validate_value(v, sd->item, (const char *)m->values + i * eks_shapes[sd->item].c_size);
                vpop(v, old);
            }
            key_set_free(&seen);
        }
        if (eks_shape_constrained(sd))
            eks_constraints_count(sd, m->count, constraint_emit, v);
        return;
    }
    case EKS_KIND_STRING:
    case EKS_KIND_BLOB:
        validate_string(v, sd, *(const eks_str *)value, NULL);
        return;
    case EKS_KIND_ENUM: {
        const eks_enum_layout *e = value;
        if (v->constraints_only) {
            const char *known = e->raw.ptr ? NULL : eks_enum_to_string(sd->enum_desc, e->value);
            if (e->raw.ptr)
                validate_string(v, sd, e->raw, NULL);
            else if (known)
                validate_string(v, sd, (eks_str){known, strlen(known)}, NULL);
            return;
        }
        if (e->raw.ptr) {
            validate_string(v, sd, e->raw, NULL);
            int known = eks_enum_from_string(sd->enum_desc, e->raw.ptr, e->raw.len);
            if (known == sd->enum_desc->count + 1) {
                char quoted[EKS_DIAG_QUOTE_MAX + 1];
                vdiag(v, v->strict ? EKS_SEV_ERROR : EKS_SEV_WARNING, EKS_DIAG_UNKNOWN_ENUM_VALUE,
                      "\"%s\" is not a known %s value", eks_diag_quote(quoted, e->raw), sd->name);
            }
        } else if (e->value < 1 || e->value > sd->enum_desc->count) {
            vdiag(v, EKS_SEV_ERROR, EKS_DIAG_UNKNOWN_ENUM_VALUE,
                  "%s constant %d is out of range and no raw string is given", sd->name, e->value);
        } else if (eks_shape_constrained(sd)) {
            const char *known = eks_enum_to_string(sd->enum_desc, e->value);
            eks_constraints_string(sd, known, strlen(known), NULL, constraint_emit, v);
        }
        return;
    }
    case EKS_KIND_INTEGER:
    case EKS_KIND_LONG: {
        /* Checked whether or not `present` says so: the encoder writes list items as they are. */
        int64_t n = ((const eks_opt_int *)value)->value;
        if (sd->kind == EKS_KIND_INTEGER && (n < INT32_MIN || n > INT32_MAX) && !v->constraints_only)
            vdiag(v, EKS_SEV_ERROR, EKS_DIAG_WRONG_TYPE, "%lld is not a valid 32-bit integer", (long long)n);
        else if (eks_shape_constrained(sd))
            eks_constraints_integer(sd, n, constraint_emit, v);
        return;
    }
    case EKS_KIND_DOUBLE:
        if (v->constraints_only)
            return;
        if (!isfinite(((const eks_opt_double *)value)->value))
            vdiag(v, EKS_SEV_ERROR, EKS_DIAG_WRONG_TYPE, "%s is not a finite number", sd->name);
        return;
    case EKS_KIND_TIMESTAMP: {
        if (v->constraints_only)
            return;
        double s = ((const eks_timestamp *)value)->epoch_seconds;
        if (!isfinite(s) || s < -62135596800.0 || s >= 253402300800.0) /* years 1..9999 */
            vdiag(v, EKS_SEV_ERROR, EKS_DIAG_INVALID_TIMESTAMP, "timestamp is outside years 1..9999");
        return;
    }
    case EKS_KIND_BOOLEAN:
        return;
    }
}


static void validate_with(eks_shape_id shape, const void *value, const char *path, bool strict, size_t offset,
                          eks_severity constraint_sev, eks_diags *diags, bool *oom)
{
    validator v; /* not zero-initialised: the path frames are written before being read */
    v.diags = diags;
    v.strict = strict;
    v.oom = oom;
    v.constraints_only = false;
    v.constraint_sev = constraint_sev;
    v.offset = offset;
    v.root = path ? path : "$";
    v.path.depth = 0;
    validate_value(&v, shape, value);
}

void eks_shape_validate(eks_shape_id shape, const void *value, const char *path, bool strict,
                        eks_diags *diags, bool *oom)
{
    /* a request being encoded or decoded: the service would reject a broken constraint */
    validate_with(shape, value, path, strict, SIZE_MAX, EKS_SEV_ERROR, diags, oom);
}

void eks_shape_validate_response(eks_shape_id shape, const void *value, eks_diags *diags, bool *oom)
{
    validate_with(shape, value, "$", false, SIZE_MAX, EKS_SEV_WARNING, diags, oom);
}

void eks_shape_validate_at(eks_shape_id shape, const void *value, const char *path, bool strict, size_t offset,
                           eks_diags *diags, bool *oom)
{
    validate_with(shape, value, path, strict, offset, EKS_SEV_ERROR, diags, oom);
}

void eks_shape_check_constraints(eks_shape_id shape, const void *value, const char *path, eks_severity sev,
                                 size_t offset, eks_diags *diags, bool *oom)
{
    if (!value || (unsigned)shape >= (unsigned)EKS_SHAPE_COUNT_ || !eks_shape_value_present(shape, value))
        return;
    validator v;
    v.diags = diags;
    v.strict = false;
    v.oom = oom;
    v.constraints_only = true;
    v.constraint_sev = sev;
    v.offset = offset;
    v.root = path ? path : "$";
    v.path.depth = 0;
    validate_value(&v, shape, value);
}
