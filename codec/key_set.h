/* Private: the keys seen in one JSON object or map, to find one given twice (the decoder's
 * members and map keys, the encoder's map keys). A small inline array covers real traffic;
 * many keys switch to a hash set, so the check stays linear. Keys are borrowed views (ptr
 * non-NULL); free the set's table with key_set_free(). */
#ifndef EKSCODEC_KEY_SET_H
#define EKSCODEC_KEY_SET_H

#include "ekscodec/common.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

typedef struct key_set {
    eks_str inline_keys[8];
    size_t count;
    eks_str *table;
    size_t cap;
} key_set;

/* FNV-1a from a basis that differs per table (its address, which ASLR varies from run to
 * run), then MurmurHash3's 64-bit finalizer: FNV alone changes its high bits little for a
 * change in the last bytes, so keys alike but for those took neighbouring slots and the
 * probing went quadratic (20,000 of them, 0.64 s). Not a keyed hash: it stops keys that
 * collide by their likeness, not an attacker who knows the table's address. */
static inline uint64_t key_hash(const key_set *s, eks_str k)
{
    uint64_t h = 1469598103934665603ull ^ (uint64_t)(uintptr_t)s->table;
    for (size_t i = 0; i < k.len; i++)
        h = (h ^ (unsigned char)k.ptr[i]) * 1099511628211ull;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

static inline bool key_set_insert_table(key_set *s, eks_str k, bool *dup)
{
    size_t mask = s->cap - 1;
    for (size_t i = (size_t)key_hash(s, k) & mask;; i = (i + 1) & mask) {
        if (!s->table[i].ptr) {
            s->table[i] = k;
            return true;
        }
        if (eks_str_eq(s->table[i], k)) {
            *dup = true;
            return true;
        }
    }
}

/* The inline array is written before it is read: only the counts are set. */
static inline void key_set_init(key_set *s)
{
    s->count = 0;
    s->table = NULL;
    s->cap = 0;
}

static inline bool key_set_add(key_set *s, eks_str k, bool *dup)
{
    *dup = false;
    if (!s->table) {
        for (size_t i = 0; i < s->count; i++)
            if (eks_str_eq(s->inline_keys[i], k)) {
                *dup = true;
                return true;
            }
        if (s->count < 8) {
            s->inline_keys[s->count++] = k;
            return true;
        }
        s->cap = 64;
        s->table = calloc(s->cap, sizeof *s->table);
        if (!s->table)
            return false;
        for (size_t i = 0; i < s->count; i++)
            key_set_insert_table(s, s->inline_keys[i], dup);
    }
    if ((s->count + 1) * 2 > s->cap) {
        size_t ncap = s->cap * 2;
        eks_str *old = s->table;
        size_t ocap = s->cap;
        s->table = calloc(ncap, sizeof *s->table);
        if (!s->table) {
            s->table = old;
            return false;
        }
        s->cap = ncap;
        bool ignored;
        for (size_t i = 0; i < ocap; i++)
            if (old[i].ptr)
                key_set_insert_table(s, old[i], &ignored);
        free(old);
    }
    if (!key_set_insert_table(s, k, dup))
        return false;
    if (!*dup)
        s->count++;
    return true;
}

static inline void key_set_free(key_set *s)
{
    free(s->table);
    s->table = NULL;
}

#endif
