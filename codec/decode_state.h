/* The private part of a decode result: the arena that owns every byte its views reach. */
#ifndef EKSCODEC_DECODE_STATE_H
#define EKSCODEC_DECODE_STATE_H

#include "arena.h"
#include "ekscodec/codec.h"
#include "ekscodec/op_codec.h"
#include "ekscodec/operation.h"
#include "json_read.h"
#include "limits_resolve.h"
#include "model_desc.h"

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

/* Zeroed room for a result struct of size bytes in the state's arena (eks_arena_alloc,
 * inlined: every decode takes one, and the call cost a third of a small one's zeroing). */
static inline void *eks_decode_state_alloc(eks_decode_state *state, size_t size)
{
    void *p = eks_arena_alloc_uninit(&state->arena, size);
    if (p)
        memset(p, 0, size);
    return p;
}

/* The first arena block holds the in-situ copy of the input and what decoding it needs
 * (lists of structs take about as many bytes as their JSON; an error response without a type
 * header copies its body twice, once to find its type). It is allocated with the state: one malloc per decode,
 * and for small inputs one the C library serves from its per-thread cache (glibc's tcache
 * takes requests up to 1032 bytes) instead of splitting and merging free chunks. An input
 * that needs more chains further blocks; one over the body limit is never copied, so it
 * gets no room. */
static inline size_t eks_decode_first_block(size_t input_len, size_t struct_size, const eks_limits *limits)
{
    size_t room = (struct_size + 15u) & ~(size_t)15u;
    if (input_len > limits->max_body_bytes || input_len > (SIZE_MAX - 4096 - room) / 2)
        return room + 256;
    return 2 * input_len + 256 + room;
}

/* The size of a state's first block: what eks_decode_begin_resolved can serve from it. */
static inline size_t eks_decode_state_capacity(const eks_decode_state *state)
{
    return state && state->arena.embedded ? state->arena.embedded->size : 0;
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
/* The same for options resolved already (eks_decode_options_resolve: a caller that decodes
 * many inputs with the same options resolves them once), given the state of an earlier
 * decode that nothing reads any more (NULL: none), which it takes over: emptied and used
 * again when its first block holds what this input needs, freed otherwise. Saves the malloc
 * and free of a state per decode where one thread decodes many small bodies in turn
 * (eks_exchange_check, a few percent of validating). Inline: a reused state costs a compare
 * and the arena's reset, less than the call did. */
static inline eks_status eks_decode_begin_resolved(const eks_decode_options *resolved, size_t input_len,
                                                   size_t struct_size, eks_diags *diags, eks_decode_state **state,
                                                   eks_decode_state *spare)
{
    diags->max_items = resolved->limits->max_diagnostics;
    size_t first_block = eks_decode_first_block(input_len, struct_size, resolved->limits);
    if (spare && eks_decode_state_capacity(spare) >= first_block) {
        eks_arena_reset(&spare->arena);
        *state = spare;
        return EKS_OK;
    }
    eks_decode_state_free(spare);
    *state = eks_decode_state_new(first_block);
    return *state ? EKS_OK : EKS_ERR_OUT_OF_MEMORY;
}

/* eks_op_request_decode and eks_op_response_decode for arguments known to be there (op, in
 * and out not NULL) and options resolved (eks_decode_options_resolve; they must outlive the
 * call only), taking over spare (or NULL) as eks_decode_begin_resolved does, whatever they
 * return. route (or NULL): what eks_route answered for in's method and path, op its
 * operation; its labels are taken instead of matching the path on op's template again.
 * scanner: the JSON scanner the caller chose once (eks_json_scanner_best). */
eks_status eks_op_request_decode_reusing(const eks_operation *op, const eks_http_request *in,
                                         const eks_route_match *route, const eks_decode_options *resolved,
                                         const eks_json_scanner *scanner, eks_op_decoded_request *out,
                                         eks_decode_state *spare);
eks_status eks_op_response_decode_reusing(const eks_operation *op, const eks_http_response *in,
                                          const eks_decode_options *resolved, const eks_json_scanner *scanner,
                                          eks_op_decoded_response *out, eks_decode_state *spare);

/* The idempotency-token member of op's input (op not NULL), or NULL when it has none: what
 * eks_op_request_idempotency_token() reads, for eks_exchange_check to read without a call. */
static inline const eks_member_desc *eks_op_token_member(const eks_operation *op)
{
    return op->token_member >= 0 ? &eks_shapes[op->input].members[op->token_member] : NULL;
}

/* True when s holds nothing but JSON whitespace (or nothing at all). Inline, as the next:
 * each decode asks once or twice, and a call cost more than a short body's scan. */
static inline bool eks_only_json_whitespace(eks_str s)
{
    for (size_t i = 0; i < s.len; i++)
        if (s.ptr[i] != ' ' && s.ptr[i] != '\t' && s.ptr[i] != '\r' && s.ptr[i] != '\n')
            return false;
    return true;
}

/* Maps the outcome of a decode to the documented status. */
static inline eks_status eks_decode_status(const eks_diags *diags, bool syntax_failed, bool oom)
{
    if (oom)
        return EKS_ERR_OUT_OF_MEMORY;
    if (syntax_failed) /* the limit's diagnostic may have been dropped, not its code */
        return eks_diags_has_code(diags, EKS_DIAG_LIMIT_EXCEEDED) ? EKS_ERR_LIMIT_EXCEEDED
                                                                  : EKS_ERR_MALFORMED_INPUT;
    return diags->errors ? EKS_ERR_VALIDATION_FAILED : EKS_OK;
}

#endif
