/*
 * A wire string to its enum constant, inline for the decoders: the generated perfect hash
 * names the one candidate, one compare settles it. Enums the generator found no hash for
 * take the out-of-line search (eks_enum_from_string, which uses this too).
 */
#ifndef EKSCODEC_ENUM_LOOKUP_H
#define EKSCODEC_ENUM_LOOKUP_H

#include "buf_inline.h"
#include "model_desc.h"

/* Searches the values in turn: for an enum without a hash. */
int eks_enum_search(const eks_enum_desc *desc, const char *s, size_t len);

/* Whether the n bytes at a and b are equal, for an enum candidate of the wire string's
 * length: from 16 bytes on, two words a step, the last 16 bytes overlapping, which halves the
 * loop's steps against eks_bytes_equal on the long values (UpdateType's run to 34 bytes). */
static inline bool eks_enum_bytes_equal(const char *a, const char *b, size_t n)
{
    if (n < 16)
        return eks_bytes_equal(a, b, n);
    uint64_t diff = 0;
    for (size_t i = 0; i + 16 < n; i += 16)
        diff |= (eks_swar_load(a + i) ^ eks_swar_load(b + i)) | (eks_swar_load(a + i + 8) ^ eks_swar_load(b + i + 8));
    diff |= (eks_swar_load(a + n - 16) ^ eks_swar_load(b + n - 16)) | (eks_swar_load(a + n - 8) ^ eks_swar_load(b + n - 8));
    return diff == 0;
}

/* The constant (1..count) whose value is the len bytes at s, or count + 1 for none. s may
 * hold NUL bytes (a JSON "\u0000"); it is compared by length, never as a C string. */
static inline int eks_enum_lookup(const eks_enum_desc *desc, const char *s, size_t len)
{
    if (!desc->hash)
        return eks_enum_search(desc, s, len);
    if (len == 0)
        return desc->count + 1; /* no model enum has an empty value */
    int i = desc->hash->slots[eks_name_hash_slot(desc->hash, s, len)] - 1;
    return i >= 0 && desc->lengths[i] == len && eks_enum_bytes_equal(desc->values[i], s, len) ? i + 1
                                                                                      : desc->count + 1;
}

#endif
