/*
 * Perfect hashes of the model's fixed name sets (the values of an enum, the member names of a
 * structure), so that a decoder finds the one candidate for a wire string with one hash and
 * one compare instead of comparing against every name. schema/gen_schema.py chooses, per set,
 * a seed and a table size under which no two names share a slot, and writes the slot table;
 * eks_name_hash_slot must compute exactly what its Python twin (name_hash in the generator)
 * computes, on every platform: the words are read little-endian whatever the CPU.
 */
#ifndef EKSCODEC_NAME_HASH_H
#define EKSCODEC_NAME_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct eks_name_hash {
    uint64_t seed;
    unsigned shift;        /* 64 - log2(slot count) */
    const uint8_t *slots;  /* 1 + index of the only name that can hash here, or 0 */
} eks_name_hash;

/* n (4 or 8) bytes at p as a little-endian number. */
static inline uint64_t eks_name_hash_le(const char *p, size_t n)
{
    uint64_t w = 0;
    memcpy(&w, p, n);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w); /* the n bytes sit at the top of w: swapped, they are the low n */
#endif
    return w;
}

/* Reads only the len bytes of s (a short string may end the buffer). The first, last and,
 * from 16 bytes on, middle 8 bytes: enough to tell apart every name set of the model (the
 * generator checks, and falls back to a plain search where it is not). */
static inline unsigned eks_name_hash_slot(const eks_name_hash *h, const char *s, size_t len)
{
    uint64_t a = 0, b = 0, c = 0;
    if (len >= 8) {
        a = eks_name_hash_le(s, 8);
        b = eks_name_hash_le(s + len - 8, 8);
        if (len >= 16)
            c = eks_name_hash_le(s + (len - 8) / 2, 8);
    } else if (len >= 4) {
        a = eks_name_hash_le(s, 4);
        b = eks_name_hash_le(s + len - 4, 4);
    } else if (len) {
        a = (uint64_t)(unsigned char)s[0] | (uint64_t)(unsigned char)s[len / 2] << 8 |
            (uint64_t)(unsigned char)s[len - 1] << 16;
    }
    uint64_t x = a * UINT64_C(0x9E3779B97F4A7C15) ^ b * UINT64_C(0xC2B2AE3D27D4EB4F) ^
                 c * UINT64_C(0x165667B19E3779F9) ^ (uint64_t)len;
    return (unsigned)((x * h->seed) >> h->shift);
}

#endif
