/* The private part of a decode result: the arena that owns every byte its views reach. */
#ifndef EKSCODEC_DECODE_STATE_H
#define EKSCODEC_DECODE_STATE_H

#include "arena.h"
#include "ekscodec/codec.h"
#include "ekscodec/op_codec.h"
#include "limits_resolve.h"

#include <string.h>

struct eks_decode_state {
    eks_arena arena;
};

/* A state whose arena's first block (first_block bytes) comes with it in one allocation. */
eks_decode_state *eks_decode_state_new(size_t first_block);
void eks_decode_state_free(eks_decode_state *state);
/* A mutable NUL-terminated copy of bytes (NULL: the empty string) in the state's arena (the
 * in-situ JSON buffer, a header value the result keeps). Inline: every decode makes two or
 * three, and the call cost as much as the bump. */
static inline char *eks_decode_state_copy(eks_decode_state *state, const char *bytes, size_t len)
{
    if (!bytes)
        len = 0;
    if (len == SIZE_MAX)
        return NULL;
    char *p = eks_arena_alloc_uninit(&state->arena, len + 1);
    if (p) {
        if (len)
            memcpy(p, bytes, len);
        p[len] = '\0';
    }
    return p;
}

/* Decode options with their limits resolved: *resolved as *options (NULL = lenient defaults),
 * its limits pointing at *limits, every limit given (zero ones replaced by their defaults). */
static inline void eks_decode_options_resolve(const eks_decode_options *options, eks_decode_options *resolved,
                                              eks_limits *limits)
{
    eks_decode_options defaults = {0};
    *resolved = options ? *options : defaults;
    *limits = eks_limits_resolved(resolved->limits);
    resolved->limits = limits;
}

/* The common start of every decode entry point, after the result was zeroed: resolves the
 * options (NULL = lenient defaults) and limits, applies the diagnostics limit and creates
 * the state, its arena sized for an input of input_len bytes (the body, or the parameters
 * document) and a result struct of struct_size bytes that the caller allocates in it.
 * Returns EKS_OK or EKS_ERR_OUT_OF_MEMORY. */
eks_status eks_decode_begin(const eks_decode_options *options, size_t input_len, size_t struct_size,
                            eks_decode_options *resolved, eks_limits *limits, eks_diags *diags,
                            eks_decode_state **state);
/* The same, given the state of an earlier decode that nothing reads any more (NULL: none),
 * which it takes over: emptied and used again when its first block holds what this input
 * needs, freed otherwise. Saves the malloc and free of a state per decode where one thread
 * decodes many small bodies in turn (eks_exchange_check, a few percent of validating). */
eks_status eks_decode_begin_reusing(const eks_decode_options *options, size_t input_len, size_t struct_size,
                                    eks_decode_options *resolved, eks_limits *limits, eks_diags *diags,
                                    eks_decode_state **state, eks_decode_state *spare);
/* eks_decode_begin_reusing for options resolved already (eks_decode_options_resolve): a
 * caller that decodes many inputs with the same options resolves them once. */
eks_status eks_decode_begin_resolved(const eks_decode_options *resolved, size_t input_len, size_t struct_size,
                                     eks_diags *diags, eks_decode_state **state, eks_decode_state *spare);
/* The size of a state's first block: what eks_decode_begin_reusing can serve from it. */
static inline size_t eks_decode_state_capacity(const eks_decode_state *state)
{
    return state && state->arena.embedded ? state->arena.embedded->size : 0;
}

/* eks_op_request_decode and eks_op_response_decode for arguments known to be there (op, in
 * and out not NULL) and options resolved (eks_decode_options_resolve; they must outlive the
 * call only), taking over spare (or NULL) as eks_decode_begin_reusing does, whatever they
 * return. */
eks_status eks_op_request_decode_reusing(const eks_operation *op, const eks_http_request *in,
                                         const eks_decode_options *resolved, eks_op_decoded_request *out,
                                         eks_decode_state *spare);
eks_status eks_op_response_decode_reusing(const eks_operation *op, const eks_http_response *in,
                                          const eks_decode_options *resolved, eks_op_decoded_response *out,
                                          eks_decode_state *spare);

/* True when s holds nothing but JSON whitespace (or nothing at all). */
bool eks_only_json_whitespace(eks_str s);

/* Maps the outcome of a decode to the documented status. */
eks_status eks_decode_status(const eks_diags *diags, bool syntax_failed, bool oom);

#endif
