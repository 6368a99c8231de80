/* The private part of a decode result: the arena that owns every byte its views reach. */
#ifndef EKSCODEC_DECODE_STATE_H
#define EKSCODEC_DECODE_STATE_H

#include "arena.h"
#include "ekscodec/codec.h"

struct eks_decode_state {
    eks_arena arena;
};

/* A state whose arena's first block (first_block bytes) comes with it in one allocation. */
eks_decode_state *eks_decode_state_new(size_t first_block);
void eks_decode_state_free(eks_decode_state *state);
/* A mutable NUL-terminated copy of bytes in the state's arena (the in-situ JSON buffer). */
char *eks_decode_state_copy(eks_decode_state *state, const char *bytes, size_t len);

/* The common start of every decode entry point, after the result was zeroed: resolves the
 * options (NULL = lenient defaults) and limits, applies the diagnostics limit and creates
 * the state, its arena sized for an input of input_len bytes (the body, or the parameters
 * document) and a result struct of struct_size bytes that the caller allocates in it.
 * Returns EKS_OK or EKS_ERR_OUT_OF_MEMORY. */
eks_status eks_decode_begin(const eks_decode_options *options, size_t input_len, size_t struct_size,
                            eks_decode_options *resolved, eks_limits *limits, eks_diags *diags,
                            eks_decode_state **state);

/* True when s holds nothing but JSON whitespace (or nothing at all). */
bool eks_only_json_whitespace(eks_str s);

/* Maps the outcome of a decode to the documented status. */
eks_status eks_decode_status(const eks_diags *diags, bool syntax_failed, bool oom);

#endif
