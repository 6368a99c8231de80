/* The private part of a decode result: the arena that owns every byte its views reach. */
#ifndef EKSCODEC_DECODE_STATE_H
#define EKSCODEC_DECODE_STATE_H

#include "arena.h"
#include "ekscodec/codec.h"

struct eks_decode_state {
    eks_arena arena;
};

eks_decode_state *eks_decode_state_new(void);
void eks_decode_state_free(eks_decode_state *state);
/* A mutable NUL-terminated copy of bytes in the state's arena (the in-situ JSON buffer). */
char *eks_decode_state_copy(eks_decode_state *state, const char *bytes, size_t len);

/* Maps the outcome of a decode to the documented status. */
eks_status eks_decode_status(const eks_diags *diags, bool syntax_failed, bool oom);

#endif
