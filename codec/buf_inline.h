/* Hot-path appends for the encoders: the capacity check inlined, the slow path out of line. */
#ifndef EKSCODEC_BUF_INLINE_H
#define EKSCODEC_BUF_INLINE_H

#include "ekscodec/common.h"

#include <string.h>

/* For the few small helpers the compiler's heuristics leave out of line on the encode path. */
#if defined(__GNUC__)
#define EKS_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define EKS_ALWAYS_INLINE inline
#endif

/* eks_buf_reserve with the common case (room already there) decided inline. */
static inline eks_status eks_buf_room(eks_buf *b, size_t extra)
{
    return b->ptr && b->cap - b->len > extra ? EKS_OK : eks_buf_reserve(b, extra);
}

static inline eks_status eks_buf_put(eks_buf *b, const void *bytes, size_t len)
{
    if (b->cap - b->len <= len || !b->ptr) {
        eks_status st = eks_buf_reserve(b, len);
        if (st != EKS_OK)
            return st;
    }
    memcpy(b->ptr + b->len, bytes, len);
    b->len += len;
    b->ptr[b->len] = '\0';
    return EKS_OK;
}

static inline eks_status eks_buf_put_byte(eks_buf *b, char c)
{
    if (b->cap - b->len <= 1 || !b->ptr) {
        eks_status st = eks_buf_reserve(b, 1);
        if (st != EKS_OK)
            return st;
    }
    b->ptr[b->len++] = c;
    b->ptr[b->len] = '\0';
    return EKS_OK;
}

/* Copies n bytes with fixed-size moves the compiler inlines (overlapping at the ends):
 * for the short keys and values of this API a libc memcpy call costs more than the copy. */
static EKS_ALWAYS_INLINE void eks_copy_small(char *dst, const char *src, size_t n)
{
    if (n >= 16) {
        if (n > 32)
            for (size_t i = 0; i + 16 < n; i += 16)
                memcpy(dst + i, src + i, 16);
        else
            memcpy(dst, src, 16);
        memcpy(dst + n - 16, src + n - 16, 16);
    } else if (n >= 8) {
        memcpy(dst, src, 8);
        memcpy(dst + n - 8, src + n - 8, 8);
    } else if (n >= 4) {
        memcpy(dst, src, 4);
        memcpy(dst + n - 4, src + n - 4, 4);
    } else if (n) {
        /* 1 to 3 bytes: first, middle, last (a byte loop here became a memcpy call) */
        dst[0] = src[0];
        dst[n / 2] = src[n / 2];
        dst[n - 1] = src[n - 1];
    }
}

/* Writes v in decimal so that it ends just before end; returns where it starts (at most 20
 * digits before end). */
static inline char *eks_decimal_before(char *end, uint64_t v)
{
    do
        *--end = (char)('0' + v % 10);
    while (v /= 10);
    return end;
}

/* Whether eks_str s is the string literal LIT: the length first, then a compare of constant
 * size that the compiler inlines (eks_str_eq_cstr, a strlen and a memcmp call, cost a tenth
 * of reading a JSON Lines capture). */
#define EKS_STR_IS_LITERAL(s, lit) ((s).len == sizeof(lit) - 1 && memcmp((s).ptr, lit, sizeof(lit) - 1) == 0)

/* Word-at-a-time byte tests (SWAR), for scanning ASCII text 8 bytes per step. */
#define EKS_SWAR_ONES UINT64_C(0x0101010101010101)
#define EKS_SWAR_HIGHS UINT64_C(0x8080808080808080)

static inline uint64_t eks_swar_load(const char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

/* The eight bytes at p with p[0] in the low byte on any host (compilers make this one load on
 * a little-endian machine): for code that names bytes by their position in a word. */
static inline uint64_t eks_load_le64(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    return (uint64_t)u[0] | (uint64_t)u[1] << 8 | (uint64_t)u[2] << 16 | (uint64_t)u[3] << 24 |
           (uint64_t)u[4] << 32 | (uint64_t)u[5] << 40 | (uint64_t)u[6] << 48 | (uint64_t)u[7] << 56;
}

/* Non-zero when some byte of w is < n (n <= 128), or has its high bit set. */
static inline uint64_t eks_swar_has_less_or_high(uint64_t w, unsigned n)
{
    return ((w - EKS_SWAR_ONES * n) | w) & EKS_SWAR_HIGHS;
}

/* Non-zero when some byte of w equals c. */
static inline uint64_t eks_swar_has_byte(uint64_t w, unsigned char c)
{
    uint64_t x = w ^ (EKS_SWAR_ONES * c);
    return (x - EKS_SWAR_ONES) & ~x & EKS_SWAR_HIGHS;
}

/* Index (0..7, in memory order) of the first byte flagged in a non-zero mask of the tests
 * here. Exact for eks_swar_eq_mask; for the borrow-based tests on little-endian only, where a
 * borrow runs from a true hit towards later bytes. */
static inline size_t eks_swar_first(uint64_t mask)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    return (size_t)__builtin_ctzll(mask) >> 3;
#else
    return (size_t)__builtin_clzll(mask) >> 3;
#endif
}

/* High bit set in exactly the bytes of w that equal c (no false positives, unlike
 * eks_swar_has_byte, so masks of neighbouring positions can be combined). */
static inline uint64_t eks_swar_eq_mask(uint64_t w, unsigned char c)
{
    const uint64_t low7 = EKS_SWAR_ONES * 0x7f;
    uint64_t x = w ^ (EKS_SWAR_ONES * c);
    return ~(((x & low7) + low7) | x | low7);
}

/* Non-zero when some byte of w equals c, with the first such byte exact for eks_swar_first:
 * the cheaper borrow test where a borrow runs towards later bytes (little-endian), the exact
 * mask elsewhere. */
static inline uint64_t eks_swar_find_mask(uint64_t w, unsigned char c)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    return eks_swar_has_byte(w, c);
#else
    return eks_swar_eq_mask(w, c);
#endif
}

/* High bit set in each byte of w that is an ASCII upper-case letter. */
static inline uint64_t eks_swar_upper_mask(uint64_t w)
{
    uint64_t low7 = w & (EKS_SWAR_ONES * 0x7f);
    uint64_t ge_a = low7 + EKS_SWAR_ONES * (0x80 - 'A'); /* high bit: byte >= 'A' */
    uint64_t gt_z = low7 + EKS_SWAR_ONES * (0x7f - 'Z'); /* high bit: byte > 'Z' */
    return (ge_a ^ gt_z) & ~w & EKS_SWAR_HIGHS;
}

/* High bit set in each byte of y (whose high bits must be clear) that lies in lo..hi: the
 * two sums stay below 0x100 per byte, so no carry crosses bytes. */
static inline uint64_t eks_swar_in_range(uint64_t y, unsigned char lo, unsigned char hi)
{
    return ~(y + EKS_SWAR_ONES * (0x7fu - hi)) & (y + EKS_SWAR_ONES * (0x80u - lo)) & EKS_SWAR_HIGHS;
}

/* ASCII lower case of eight bytes; other bytes (non-ASCII included) are left as they are. */
static inline uint64_t eks_swar_lower(uint64_t w)
{
    return w | (eks_swar_upper_mask(w) >> 2);
}

/* Whether the n bytes at a are `lower` (given in lower case) in any ASCII case: header names,
 * compared eight bytes at a time, a short tail as the overlapping last eight. */
static inline bool eks_ascii_equal_lower(const char *a, const char *lower, size_t n)
{
    if (n < 8) {
        for (size_t i = 0; i < n; i++) {
            char c = a[i];
            if ((c >= 'A' && c <= 'Z' ? (char)(c + 32) : c) != lower[i])
                return false;
        }
        return true;
    }
    for (size_t i = 0; i + 8 < n; i += 8)
        if (eks_swar_lower(eks_swar_load(a + i)) != eks_swar_load(lower + i))
            return false;
    return eks_swar_lower(eks_swar_load(a + n - 8)) == eks_swar_load(lower + n - 8);
}

/* memcmp(a, b, n) == 0 for the short keys and enum values of the decoders, inline with
 * overlapping fixed-size loads (a libc call costs more than the compare). */
static inline bool eks_bytes_equal(const char *a, const char *b, size_t n)
{
    if (n >= 8) {
        uint64_t diff = 0;
        for (size_t i = 0; i + 8 < n; i += 8)
            diff |= eks_swar_load(a + i) ^ eks_swar_load(b + i);
        return (diff | (eks_swar_load(a + n - 8) ^ eks_swar_load(b + n - 8))) == 0;
    }
    if (n >= 4) {
        uint32_t a0, a1, b0, b1;
        memcpy(&a0, a, 4);
        memcpy(&a1, a + n - 4, 4);
        memcpy(&b0, b, 4);
        memcpy(&b1, b + n - 4, 4);
        return ((a0 ^ b0) | (a1 ^ b1)) == 0;
    }
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return false;
    return true;
}

/* Whether every byte of s is ASCII (then it is valid UTF-8 with no further look): the
 * inline test in front of eks_utf8_valid() for the short values of the encoders. */
static inline bool eks_is_ascii(const char *s, size_t len)
{
    uint64_t acc = 0;
    size_t i = 0;
    for (; i + 8 <= len; i += 8)
        acc |= eks_swar_load(s + i);
    for (; i < len; i++)
        acc |= (unsigned char)s[i];
    return !(acc & EKS_SWAR_HIGHS);
}

/* dst = ASCII lower-case of src (other bytes unchanged), 8 bytes per step. */
static inline void eks_ascii_lower_copy(char *dst, const char *src, size_t n)
{
    if (n >= 8) {
        for (size_t i = 0; i + 8 < n; i += 8) {
            uint64_t w = eks_swar_load(src + i);
            w |= eks_swar_upper_mask(w) >> 2;
            memcpy(dst + i, &w, 8);
        }
        uint64_t w = eks_swar_load(src + n - 8); /* overlapping last word */
        w |= eks_swar_upper_mask(w) >> 2;
        memcpy(dst + n - 8, &w, 8);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)src[i];
        dst[i] = (char)(c | (unsigned char)((unsigned char)(c - 'A') < 26u) << 5);
    }
}

#endif
