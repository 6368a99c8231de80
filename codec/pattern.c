/*
 * The pattern matcher: a bit-parallel NFA simulation over the compiled atoms. No recursion,
 * no backtracking, no allocation: one 64-bit state set, so the cost is linear in the input
 * whatever the pattern (a backtracking engine on patterns like these is quadratic on
 * hostile input when unanchored).
 *
 * State i (bit i) means "the next atom to match is atom i"; the accepting state (all atoms
 * consumed) would be bit atom_count, which does not fit when there are 64 atoms, so it is
 * never stored: acceptance is read off the set instead (some active state from which only
 * optional atoms remain, or the last atom just consumed).
 */
#include "pattern.h"

#include <stdint.h>

static inline bool atom_has(const eks_pattern_atom *a, unsigned char c)
{
    return (a->cls[c >> 5] >> (c & 31)) & 1u;
}

/* Adds every state reachable without consuming input: past an optional or starred atom.
 * Each round moves at least one state a step further, so at most n rounds. */
static inline uint64_t closure(uint64_t set, uint64_t nullable, uint64_t mask)
{
    for (;;) {
        uint64_t next = (set | ((set & nullable) << 1)) & mask;
        if (next == set)
            return set;
        set = next;
    }
}

bool eks_pattern_match(const eks_pattern *p, const char *s, size_t len)
{
    int n = p->atom_count;
    /* The generator refuses patterns over 64 atoms; a table that claims more is corrupt,
     * and a check that cannot run must not pass. */
    if (n < 0 || n > 64 || (n > 0 && !p->atoms))
        return false;
    uint64_t mask = n == 64 ? UINT64_MAX : (UINT64_C(1) << n) - 1;
    uint64_t nullable = 0, star = 0, tail = 0;
    bool tail_open = true; /* atoms i..n-1 all optional */
    for (int i = n - 1; i >= 0; i--) {
        uint64_t bit = UINT64_C(1) << i;
        if (p->atoms[i].quant != EKS_PATTERN_ONE)
            nullable |= bit;
        if (p->atoms[i].quant == EKS_PATTERN_STAR)
            star |= bit;
        tail_open = tail_open && p->atoms[i].quant != EKS_PATTERN_ONE;
        if (tail_open)
            tail |= bit;
    }
    uint64_t last = n ? UINT64_C(1) << (n - 1) : 0;
    /* The start state, closed; it accepts the empty match when every atom is optional. */
    uint64_t init = n ? closure(1, nullable, mask) : 0;
    bool init_accepts = n == 0 || (init & tail) != 0;

    uint64_t set = init;
    bool accepted = init_accepts;
    if (accepted && !p->anchored_end)
        return true; /* RegExp.test: a match anywhere, here the empty one at 0 */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        uint64_t moved = 0;
        if (c < 128) {
            for (uint64_t todo = set; todo; todo &= todo - 1) {
                int a = __builtin_ctzll(todo);
                if (atom_has(&p->atoms[a], c))
                    moved |= UINT64_C(1) << a;
            }
        }
        /* Bytes >= 0x80 move nothing: no class holds a non-ASCII code point. */
        set = closure(((moved << 1) | (moved & star)) & mask, nullable, mask);
        accepted = (moved & last) != 0 || (set & tail) != 0;
        if (!p->anchored_start) {
            /* Without '^' a new attempt starts at every position. */
            set |= init;
            accepted = accepted || init_accepts;
        }
        if (accepted && !p->anchored_end)
            return true;
        if (!set && p->anchored_start) /* every attempt ended and no new one may start */
            return accepted && i + 1 == len;
    }
    return accepted; /* '$': only a match that ends at the end counts */
}
