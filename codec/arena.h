/*
 * A bump allocator owned by one decode result: everything a result points to (list item
 * arrays, the in-situ body copy) comes from its arena and goes away with one free.
 */
#ifndef EKSCODEC_ARENA_H
#define EKSCODEC_ARENA_H

#include <stdbool.h>
#include <stddef.h>

typedef struct eks_arena_block eks_arena_block;
struct eks_arena_block {
    eks_arena_block *next;
    size_t size;
    size_t used;
    _Alignas(16) unsigned char data[];
};

typedef struct eks_arena {
    eks_arena_block *head;
    size_t total;       /* bytes handed out, for limits */
    size_t first_block; /* size of the first block; 0 = 1 KiB */
    eks_arena_block *embedded; /* the first block when its owner allocated it, else NULL */
} eks_arena;

void eks_arena_init(eks_arena *arena);
/* Starts an arena whose first block is `size` bytes at mem (16-byte aligned), in memory
 * its owner allocated together with the arena (one malloc per decode instead of two):
 * eks_arena_free() frees the blocks that follow and leaves mem to the owner.
 * size >= sizeof(eks_arena_block). */
void eks_arena_init_in(eks_arena *arena, void *mem, size_t size);
/* A good first-block size avoids a chain of doubling blocks (and, for large inputs, a fresh
 * mmap per block): decoders pass a size derived from the input length. */
void eks_arena_set_first_block(eks_arena *arena, size_t size);
void eks_arena_free(eks_arena *arena);
/* Frees the blocks the arena allocated (all but an embedded first block): eks_arena_reset's
 * rare part. */
void eks_arena_free_chain(eks_arena *arena);
/* Empties an arena for another use: frees the blocks it allocated and, for one started by
 * eks_arena_init_in(), makes the whole first block free again (its bytes are not cleared:
 * eks_arena_alloc zeroes what it hands out). Inline: a decode that reuses a state resets its
 * arena, and one whose first block sufficed (nearly all) has nothing to free. */
static inline void eks_arena_reset(eks_arena *arena)
{
    if (arena->head != arena->embedded)
        eks_arena_free_chain(arena);
    arena->head = arena->embedded;
    arena->total = 0;
    if (arena->embedded)
        arena->embedded->used = 0;
}
/* Takes need bytes (a multiple of 16) from a new block, when the head block lacks room. */
void *eks_arena_alloc_from_new_block(eks_arena *arena, size_t need);
/* Like eks_arena_alloc, without zeroing (for buffers about to be overwritten). Inline: a
 * decode takes a dozen allocations, and the call with its register saves for the rare new
 * block cost twice the bump itself. */
static inline void *eks_arena_alloc_uninit(eks_arena *arena, size_t size)
{
    size_t need = (size + 15u) & ~(size_t)15u;
    eks_arena_block *b = arena->head;
    if (need < size) /* size wrapped */
        return NULL;
    if (!b || b->size - b->used < need)
        return eks_arena_alloc_from_new_block(arena, need);
    void *p = b->data + b->used;
    b->used += need;
    arena->total += need;
    return p;
}
/* Zeroed, 16-byte aligned memory, or NULL when out of memory. */
void *eks_arena_alloc(eks_arena *arena, size_t size);
/* Extends the allocation p of old_size bytes to new_size bytes where it lies, when p is
 * the last allocation of the current block and the block has room: true, and p keeps its
 * contents; false changes nothing (the caller allocates anew and copies). Lets a growing
 * list, whose items allocate nothing in between, double without copying. */
bool eks_arena_grow_in_place(eks_arena *arena, void *p, size_t old_size, size_t new_size);
/* Copies bytes and appends a NUL; NULL when out of memory. */
char *eks_arena_strndup(eks_arena *arena, const char *s, size_t len);

#endif
