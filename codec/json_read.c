#include "json_read.h"

#include "buf_inline.h"
#include "json_path.h"
#include "limits_resolve.h"

#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void eks_json_reader_init(eks_json_reader *r, char *buf, size_t len, const eks_limits *limits,
                          eks_diags *diags)
{
    /* Every field by name, no memset: its call cost as much as the rest of a decoder's set-up. */
    r->buf = buf;
    r->len = len;
    r->pos = 0;
    r->depth = 0;
    r->limits = eks_limits_resolved(limits);
    r->diags = diags;
    r->failed = false;
    r->oom = false;
    r->scan = eks_json_scan_best(&r->kernel);
    r->path = NULL;
}

bool eks_json_reader_use_kernel(eks_json_reader *r, eks_json_kernel k)
{
    eks_json_scan_fn scan = eks_json_scan_get(k);
    if (!scan)
        return false;
    r->scan = scan;
    r->kernel = k;
    return true;
}

const char *eks_json_type_name(eks_json_type t)
{
    switch (t) {
    case EKS_JSON_OBJECT: return "object";
    case EKS_JSON_ARRAY: return "array";
    case EKS_JSON_STRING: return "string";
    case EKS_JSON_NUMBER: return "number";
    case EKS_JSON_TRUE:
    case EKS_JSON_FALSE: return "boolean";
    case EKS_JSON_NULL: return "null";
    case EKS_JSON_NONE: break;
    }
    return "nothing";
}

/* The path a diagnostic of the reader names: r->path rendered, rooted at "$", when the caller
 * keeps one (DESIGN §2: every decode diagnostic names where it is); else "". */
static void render_path(const eks_json_reader *r, char *out, size_t cap)
{
    out[0] = '\0';
    if (r->path)
        eks_json_path_render(r->path, "$", out, cap);
}

/* The diagnostic that ends a read, located at offset and at r->path: inside a member's value,
 * the member ($.update.id); at a key, a ':', a ',' or a closing bracket, the object or array
 * holding it; a too-deep container, itself; after the top-level value, "$". Rendered here,
 * once; out of line and cold, so that the string reader's inlined bodies keep a call. */
__attribute__((cold, noinline, format(printf, 4, 5))) static void fail_at(eks_json_reader *r, eks_diag_code code,
                                                                         size_t offset, const char *fmt, ...)
{
    if (r->failed)
        return;
    r->failed = true;
    char path[EKS_JSON_PATH_TEXT_MAX];
    render_path(r, path, sizeof path);
    char msg[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (eks_diags_add(r->diags, EKS_SEV_ERROR, code, path, offset, "%s", msg) != EKS_OK)
        r->oom = true;
}

/* A string over the limit: a value's path is the member's, a key's the object's that holds it.
 * Three arguments, so that the string reader's call passes none on the stack. */
__attribute__((cold, noinline)) static void string_too_long(eks_json_reader *r, size_t start, size_t n)
{
    fail_at(r, EKS_DIAG_LIMIT_EXCEEDED, start, "string of %zu bytes exceeds the limit of %zu at byte offset %zu", n,
            r->limits.max_string_bytes, start);
}

/* A syntax or UTF-8 diagnostic (DESIGN §2: every decode diagnostic names where it is). */
__attribute__((cold, noinline)) static void report(eks_json_reader *r, eks_diag_code code, size_t offset,
                                                   const char *what)
{
    fail_at(r, code, offset, "%s at byte offset %zu", what, offset);
}

void eks_json_fail(eks_json_reader *r, const char *what)
{
    report(r, EKS_DIAG_INVALID_JSON, r->pos, what);
}

static void skip_ws(eks_json_reader *r)
{
    r->pos = eks_json_skip_ws_at(r->buf, r->pos);
}

/* At the '{' or '[' that opens a container: r->path, when kept, is that container's. */
static bool enter(eks_json_reader *r)
{
    if (++r->depth > r->limits.max_depth) {
        fail_at(r, EKS_DIAG_LIMIT_EXCEEDED, r->pos, "nesting deeper than the limit of %zu at byte offset %zu", r->limits.max_depth,
                       r->pos);
        return false;
    }
    return true;
}

bool eks_json_container_begin_slow(eks_json_reader *r, char open)
{
    if (eks_json_peek(r) != (open == '{' ? EKS_JSON_OBJECT : EKS_JSON_ARRAY)) {
        eks_json_fail(r, open == '{' ? "expected '{'" : "expected '['");
        return false;
    }
    if (!enter(r))
        return false;
    r->pos++;
    return true;
}

bool eks_json_object_fail(eks_json_reader *r, bool after_member)
{
    if (r->pos >= r->len)
        eks_json_fail(r, "unexpected end of input in object");
    else
        eks_json_fail(r, after_member ? "expected ',' or '}' in object" : "expected a string key in object");
    return false;
}

bool eks_json_key_colon_fail(eks_json_reader *r)
{
    eks_json_fail(r, "expected ':' after object key");
    return false;
}

bool eks_json_array_fail(eks_json_reader *r, bool trailing_comma)
{
    if (trailing_comma)
        eks_json_fail(r, "trailing comma in array");
    else
        eks_json_fail(r, r->pos >= r->len ? "unexpected end of input in array" : "expected ',' or ']' in array");
    return false;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static bool read_hex4(const char *p, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval(p[i]);
        if (h < 0)
            return false;
        v = (v << 4) | (unsigned)h;
    }
    *out = v;
    return true;
}

static size_t put_utf8(char *dst, unsigned cp)
{
    if (cp < 0x80) {
        dst[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        dst[0] = (char)(0xC0 | (cp >> 6));
        dst[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        dst[0] = (char)(0xE0 | (cp >> 12));
        dst[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        dst[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    dst[0] = (char)(0xF0 | (cp >> 18));
    dst[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    dst[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    dst[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Length of the valid UTF-8 sequence at s (at most avail bytes), or 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t avail)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        return avail >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    }
    if (c >= 0xE0 && c <= 0xEF) {
        if (avail < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if (c == 0xE0 && s[1] < 0xA0)
            return 0; /* overlong */
        if (c == 0xED && s[1] > 0x9F)
            return 0; /* UTF-16 surrogate */
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (avail < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && s[1] < 0x90)
            return 0;
        if (c == 0xF4 && s[1] > 0x8F)
            return 0;
        return 4;
    }
    return 0;
}

size_t eks_utf8_cut(const char *s, size_t n)
{
    size_t lead = n; /* back over the continuation bytes at the end, at most three */
    while (lead > 0 && n - lead < 3 && ((unsigned char)s[lead - 1] & 0xC0) == 0x80)
        lead--;
    if (lead == 0)
        return n;
    unsigned char c = (unsigned char)s[lead - 1];
    size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    return n - (lead - 1) < want ? lead - 1 : n;
}

bool eks_utf8_valid(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    if (len < 8) { /* short strings, most of them ASCII: one pass to find out */
        unsigned char any = 0;
        for (size_t k = 0; k < len; k++)
            any |= u[k];
        if (any < 0x80)
            return true;
    }
    while (i < len) {
        /* ASCII runs 8 bytes at a time; a short ASCII tail is checked as the overlapping
         * final 8 bytes. */
        while (i + 8 <= len && !(eks_swar_load(s + i) & EKS_SWAR_HIGHS))
            i += 8;
        if (i < len && len >= 8 && i + 8 > len && !(eks_swar_load(s + len - 8) & EKS_SWAR_HIGHS))
            break;
        if (i >= len)
            break;
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        size_t n = utf8_seq(u + i, len - i);
        if (!n)
            return false;
        i += n;
    }
    return true;
}

/* How the slow path moves plain runs: the kernel's scan and a memmove per run (portable),
 * eks_json_move_run16, packing 16-byte blocks of escaped quotes bytewise (SSE2), or
 * eks_json_move_run32_avx2, packing 32-byte blocks and the runs that end inside one by
 * byte shuffles (AVX2). */
typedef enum string_move { MOVE_BY_SCAN, MOVE_BLOCKS_SSE2, MOVE_BLOCKS_SHUFFLE } string_move;

/* The slow path's body, inlined once for each way of moving. */
static inline __attribute__((always_inline)) bool read_string_escaped(eks_json_reader *r, eks_str *out,
                                                                      string_move move)
{
    size_t start = r->pos;
    if (r->failed || r->buf[start] != '"') {
        eks_json_fail(r, "expected a string");
        return false;
    }
    unsigned char *b = (unsigned char *)r->buf;
    size_t src = start + 1;
    size_t dst = src;
    for (;;) {
        /* Plain ASCII needs no rewriting: skipped by blocks, and moved only once an escape
         * has shortened the string. b[len] is the terminating NUL, so the scan always stops. */
#if EKS_JSON_MOVE_RUN16
        if (move == MOVE_BLOCKS_SHUFFLE) {
            src = eks_json_move_run32_avx2(b, &dst, src, r->len + 1);
        } else if (move == MOVE_BLOCKS_SSE2) {
            src = eks_json_move_run16(b, &dst, src, r->len + 1, false);
        } else
#endif
        {
            (void)move;
            size_t stop = r->scan(b, src, r->len + 1);
            if (dst != src)
                memmove(b + dst, b + src, stop - src);
            dst += stop - src;
            src = stop;
        }
        unsigned c = b[src];
        if (c == '"')
            break;
        if (src >= r->len) {
            report(r, EKS_DIAG_INVALID_JSON, start, "unterminated string starting");
            return false;
        }
        if (c < 0x20) {
            report(r, EKS_DIAG_INVALID_JSON, src, "unescaped control character in string");
            return false;
        }
        if (c >= 0x80) {
            size_t n = utf8_seq(b + src, r->len - src);
            if (!n) {
                report(r, EKS_DIAG_INVALID_UTF8, src, "invalid UTF-8 in string");
                return false;
            }
            memmove(b + dst, b + src, n);
            src += n;
            dst += n;
            continue;
        }
        /* backslash escape */
        char e = (char)b[src + 1];
        unsigned cp;
        switch (e) {
        case '"': b[dst++] = '"'; src += 2; continue;
        case '\\': b[dst++] = '\\'; src += 2; continue;
        case '/': b[dst++] = '/'; src += 2; continue;
        case 'b': b[dst++] = '\b'; src += 2; continue;
        case 'f': b[dst++] = '\f'; src += 2; continue;
        case 'n': b[dst++] = '\n'; src += 2; continue;
        case 'r': b[dst++] = '\r'; src += 2; continue;
        case 't': b[dst++] = '\t'; src += 2; continue;
        case 'u':
            if (src + 6 > r->len || !read_hex4((const char *)b + src + 2, &cp)) {
                report(r, EKS_DIAG_INVALID_JSON, src, "invalid \\u escape");
                return false;
            }
            src += 6;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                unsigned lo;
                if (src + 6 > r->len || b[src] != '\\' || b[src + 1] != 'u' ||
                    !read_hex4((const char *)b + src + 2, &lo) || lo < 0xDC00 || lo > 0xDFFF) {
                    report(r, EKS_DIAG_INVALID_UTF8, src - 6, "unpaired UTF-16 surrogate in \\u escape");
                    return false;
                }
                src += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                report(r, EKS_DIAG_INVALID_UTF8, src - 6, "unpaired UTF-16 surrogate in \\u escape");
                return false;
            }
            /* An escape is at least as long as its UTF-8 form, so dst never passes src. */
            dst += put_utf8((char *)b + dst, cp);
            continue;
        default:
            report(r, EKS_DIAG_INVALID_JSON, src, "invalid escape in string");
            return false;
        }
    }
    size_t n = dst - (start + 1);
    if (n > r->limits.max_string_bytes) {
        string_too_long(r, start, n);
        return false;
    }
    b[dst] = '\0';
    r->pos = src + 1;
    out->ptr = (const char *)b + start + 1;
    out->len = n;
    return true;
}

/* Out of line, so that the short plain string below does not pay for their registers. */
__attribute__((noinline)) static bool read_string_escaped_portable(eks_json_reader *r, eks_str *out)
{
    return read_string_escaped(r, out, MOVE_BY_SCAN);
}

#if EKS_JSON_MOVE_RUN16
__attribute__((noinline)) static bool read_string_escaped_sse2(eks_json_reader *r, eks_str *out)
{
    return read_string_escaped(r, out, MOVE_BLOCKS_SSE2);
}

__attribute__((noinline, target("avx2,popcnt"))) static bool read_string_escaped_avx2(eks_json_reader *r,
                                                                                      eks_str *out)
{
    return read_string_escaped(r, out, MOVE_BLOCKS_SHUFFLE);
}
#endif

bool eks_json_read_string_slow(eks_json_reader *r, eks_str *out)
{
    /* A string starting within 8 bytes of the end, which the fast path cannot read a word of
     * ("prod"} closing an error body), is plain far more often than not: taken bytewise up to
     * the NUL at len, and handed to the general path only if it is not. */
    unsigned char *b = (unsigned char *)r->buf;
    size_t start = r->pos;
    if (!r->failed && b[start] == '"' && start + 9 > r->len + 1) {
        size_t p = start + 1;
        while (eks_json_plain_byte(b[p]))
            p++;
        if (b[p] == '"' && p - (start + 1) <= r->limits.max_string_bytes) {
            b[p] = '\0';
            r->pos = p + 1;
            out->ptr = (const char *)b + start + 1;
            out->len = p - (start + 1);
            return true;
        }
    }
#if EKS_JSON_MOVE_RUN16
    if (r->kernel == EKS_JSON_KERNEL_AVX2)
        return read_string_escaped_avx2(r, out);
    if (r->kernel == EKS_JSON_KERNEL_SSE2)
        return read_string_escaped_sse2(r, out);
#endif
    return read_string_escaped_portable(r, out);
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static const double pow10_exact[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                     1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* Whether the eight bytes at s are all digits, and then their value in *v. One step instead of
 * eight for the integer part of an epoch timestamp (ten digits), the commonest long number. */
static inline EKS_JSON_ALWAYS_INLINE bool eight_digits(const unsigned char *s, uint64_t *v)
{
    uint64_t x = eks_load_le64((const char *)s) ^ (EKS_SWAR_ONES * '0'); /* a digit's byte becomes 0..9 */
    /* Byte by byte, without carries: bit 7 ends up set when the byte is 10..127 (0x76 + its
     * low seven bits reach 0x80) or was already set; either way it is no digit. */
    if ((((x & EKS_SWAR_ONES * 0x7f) + EKS_SWAR_ONES * 0x76) | x) & EKS_SWAR_HIGHS)
        return false;
    /* The first digit is the low byte: pairs of neighbours fold to 0..99, then to 0..9999, then
     * to the eight-digit value; no lane overflows into the next. */
    x = (x * 10 + (x >> 8)) & UINT64_C(0x00ff00ff00ff00ff);
    x = (x * 100 + (x >> 16)) & UINT64_C(0x0000ffff0000ffff);
    *v = (x * 10000 + (x >> 32)) & UINT64_C(0xffffffff);
    return true;
}

/* The run of digits at s appended to *mant, one by one, whose value past 19 digits wraps and
 * is not used. Returns the byte after the run. */
static inline EKS_JSON_ALWAYS_INLINE const unsigned char *read_digits(const unsigned char *s, uint64_t *mant)
{
    uint64_t m = *mant;
    for (unsigned d; (d = (unsigned)*s - '0') < 10; s++)
        m = m * 10 + d;
    *mant = m;
    return s;
}

bool eks_json_read_number(eks_json_reader *r, eks_str *text, double *value)
{
    const char *b = r->buf;
    size_t p = r->pos, start = p;
    /* The value of the common token (no exponent, at most 19 digits) is gathered on the way:
     * Clinger's fast path, as in eks_json_number_to_double, without reading the token twice. */
    uint64_t mant = 0;
    size_t digits = 0, frac = 0;
    bool neg = b[p] == '-', exponent = false;
    if (neg)
        p++;
    if (b[p] == '0') {
        p++;
        digits++;
    } else if (is_digit(b[p])) {
        const unsigned char *s = (const unsigned char *)b + p, *q = s;
        if (p + 8 <= r->len + 1 && eight_digits(s, &mant)) /* b[len] is the last byte it may read */
            q += 8;
        size_t n = (size_t)(read_digits(q, &mant) - s);
        p += n;
        digits = n;
    } else {
        report(r, EKS_DIAG_INVALID_JSON, p, "invalid number");
        return false;
    }
    if (b[p] == '.') {
        p++;
        if (!is_digit(b[p])) {
            report(r, EKS_DIAG_INVALID_JSON, p, "invalid number: digit expected after '.'");
            return false;
        }
        const unsigned char *s = (const unsigned char *)b + p;
        frac = (size_t)(read_digits(s, &mant) - s);
        p += frac;
        digits += frac;
    }
    if (b[p] == 'e' || b[p] == 'E') {
        exponent = true;
        p++;
        if (b[p] == '+' || b[p] == '-')
            p++;
        if (!is_digit(b[p])) {
            report(r, EKS_DIAG_INVALID_JSON, p, "invalid number: digit expected in exponent");
            return false;
        }
        while (is_digit(b[p]))
            p++;
    }
    text->ptr = b + start;
    text->len = p - start;
    r->pos = p;
    if (!value)
        return true;
    if (!exponent && digits <= 19 && mant <= (UINT64_C(1) << 53) && frac <= 22) {
        double d = (double)mant;
        if (frac)
            d /= pow10_exact[frac];
        *value = neg ? -d : d;
    } else if (!eks_json_number_to_double(text->ptr, text->len, value)) {
        *value = NAN;
    }
    return true;
}

bool eks_json_number_to_double(const char *text, size_t len, double *out)
{
    /* Fast path (Clinger): a mantissa below 2^53 times an exact power of ten is one
     * correctly rounded IEEE operation. Covers every timestamp a service sends. */
    size_t i = 0;
    bool neg = false;
    uint64_t mant = 0;
    int digits = 0, exp10 = 0;
    if (i < len && text[i] == '-') {
        neg = true;
        i++;
    }
    for (; i < len && is_digit(text[i]); i++) {
        if (mant || text[i] != '0')
            digits++;
        if (digits > 19)
            goto slow;
        mant = mant * 10 + (uint64_t)(text[i] - '0');
    }
    if (i < len && text[i] == '.') {
        for (i++; i < len && is_digit(text[i]); i++) {
            if (mant || text[i] != '0')
                digits++;
            if (digits > 19)
                goto slow;
            mant = mant * 10 + (uint64_t)(text[i] - '0');
            exp10--;
        }
    }
    if (i < len && (text[i] == 'e' || text[i] == 'E')) {
        i++;
        bool eneg = false;
        if (i < len && (text[i] == '+' || text[i] == '-'))
            eneg = text[i++] == '-';
        int e = 0;
        for (; i < len && is_digit(text[i]); i++) {
            if (e > 100000)
                goto slow;
            e = e * 10 + (text[i] - '0');
        }
        exp10 += eneg ? -e : e;
    }
    if (i != len)
        return false;
    if (mant <= (UINT64_C(1) << 53) && exp10 >= -22 && exp10 <= 22) {
        double d = (double)mant;
        d = exp10 < 0 ? d / pow10_exact[-exp10] : d * pow10_exact[exp10];
        *out = neg ? -d : d;
        return true;
    }
    if (mant == 0) {
        *out = neg ? -0.0 : 0.0;
        return true;
    }
slow:;
    /* Rare: many digits or a large exponent. strtod under a thread-local C locale
     * (uselocale, POSIX 2008) keeps the decimal point '.' whatever locale the embedding
     * process set, without touching other threads. */
    /* RFC 8259 sets no length limit on a number; long tokens (bounded by the body limit)
     * get a heap copy. */
    char small[512];
    char *tmp = len < sizeof small ? small : malloc(len + 1);
    if (!tmp)
        return false;
    memcpy(tmp, text, len);
    tmp[len] = '\0';
    bool ok = false;
    locale_t c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    if (c_locale != (locale_t)0) {
        char *end = NULL;
        locale_t previous = uselocale(c_locale);
        double d = strtod(tmp, &end);
        uselocale(previous);
        freelocale(c_locale);
        if (end == tmp + len) {
            *out = d;
            ok = true;
        }
    }
    if (tmp != small)
        free(tmp);
    return ok;
}

bool eks_json_read_literal(eks_json_reader *r)
{
    const char *p = r->buf + r->pos;
    size_t avail = r->len - r->pos;
    const char *lit = p[0] == 't' ? "true" : p[0] == 'f' ? "false" : "null";
    size_t n = strlen(lit);
    if (avail < n || memcmp(p, lit, n) != 0) {
        eks_json_fail(r, "invalid literal");
        return false;
    }
    r->pos += n;
    return true;
}

/* eks_json_skip_value's steps into a member or an item, on r->path when there is one. */
static bool skip_member(eks_json_reader *r, eks_str key)
{
    if (r->path)
        eks_json_path_push_key(r->path, key.ptr, key.len);
    bool ok = eks_json_skip_value(r);
    if (r->path)
        eks_json_path_pop(r->path);
    return ok;
}

static bool skip_item(eks_json_reader *r, size_t index)
{
    if (r->path)
        eks_json_path_push_index(r->path, index);
    bool ok = eks_json_skip_value(r);
    if (r->path)
        eks_json_path_pop(r->path);
    return ok;
}

bool eks_json_skip_member(eks_json_reader *r, eks_str key) { return skip_member(r, key); }

bool eks_json_skip_value(eks_json_reader *r)
{
    eks_json_type t = eks_json_peek(r);
    eks_str s;
    bool first = true;
    size_t koff;
    switch (t) {
    case EKS_JSON_OBJECT:
        if (!eks_json_object_begin(r))
            return false;
        while (eks_json_object_next(r, &first, &s, &koff))
            if (!skip_member(r, s))
                return false;
        return !r->failed;
    case EKS_JSON_ARRAY:
        if (!eks_json_array_begin(r))
            return false;
        for (size_t i = 0; eks_json_array_next(r, &first); i++)
            if (!skip_item(r, i))
                return false;
        return !r->failed;
    case EKS_JSON_STRING:
        return eks_json_read_string(r, &s);
    case EKS_JSON_NUMBER:
        return eks_json_read_number(r, &s, NULL);
    case EKS_JSON_TRUE:
    case EKS_JSON_FALSE:
    case EKS_JSON_NULL:
        return eks_json_read_literal(r);
    case EKS_JSON_NONE:
        break;
    }
    eks_json_fail(r, r->pos >= r->len ? "unexpected end of input" : "unexpected character");
    return false;
}

bool eks_json_finish(eks_json_reader *r)
{
    if (r->failed)
        return false;
    skip_ws(r);
    if (r->pos != r->len) {
        eks_json_fail(r, r->buf[r->pos] == '\0' ? "NUL byte after the JSON value"
                                                 : "trailing characters after the JSON value");
        return false;
    }
    return true;
}
