#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void eks_arena_init(eks_arena *arena)
{
    arena->head = NULL;
    arena->total = 0;
    arena->first_block = 0;
    arena->embedded = NULL;
}

void eks_arena_init_in(eks_arena *arena, void *mem, size_t size)
{
    eks_arena_block *b = mem;
    b->next = NULL;
    b->size = size - sizeof *b;
    b->used = 0;
    arena->head = b;
    arena->total = 0;
    arena->first_block = 0;
    arena->embedded = b;
}

void eks_arena_set_first_block(eks_arena *arena, size_t size)
{
    arena->first_block = size;
}

void eks_arena_free(eks_arena *arena)
{
    eks_arena_reset(arena); /* the blocks it allocated; the first, when embedded, is its owner's */
    eks_arena_init(arena);
}

void eks_arena_free_chain(eks_arena *arena)
{
    /* blocks are chained newest first: an embedded first block is the chain's last */
    eks_arena_block *first = arena->embedded;
    eks_arena_block *b = arena->head;
    while (b && b != first) {
        eks_arena_block *next = b->next;
        free(b);
        b = next;
    }
    arena->head = first;
}

void *eks_arena_alloc_from_new_block(eks_arena *arena, size_t need)
{
    eks_arena_block *b = arena->head;
    size_t block = b ? b->size * 2 : arena->first_block ? arena->first_block : 1024;
    if (block < need)
        block = need;
    if (block > SIZE_MAX - sizeof *b)
        return NULL;
    eks_arena_block *nb = malloc(sizeof *nb + block);
    if (!nb)
        return NULL;
    nb->next = b;
    nb->size = block;
    nb->used = need;
    arena->head = nb;
    arena->total += need;
    return nb->data;
}

bool eks_arena_grow_in_place(eks_arena *arena, void *p, size_t old_size, size_t new_size)
{
    eks_arena_block *b = arena->head;
    size_t old_need = (old_size + 15u) & ~(size_t)15u;
    size_t new_need = (new_size + 15u) & ~(size_t)15u;
    if (!b || !p || new_need < new_size || new_need < old_need || b->used < old_need ||
        (unsigned char *)p != b->data + b->used - old_need || b->size - b->used < new_need - old_need)
        return false;
    b->used += new_need - old_need;
    arena->total += new_need - old_need;
    return true;
}

void *eks_arena_alloc(eks_arena *arena, size_t size)
{
    void *p = eks_arena_alloc_uninit(arena, size);
    if (p)
        memset(p, 0, size);
    return p;
}

char *eks_arena_strndup(eks_arena *arena, const char *s, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *p = eks_arena_alloc_uninit(arena, len + 1);
    if (p) {
        if (len)
            memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}
