/*
 * Smithy constraint traits (`length`, `range`, `pattern`) checked against one value: shared
 * by the decoder, the encoder's clean test and the validator (codec/shape_decode.c,
 * codec/shape_encode.c). Private to the library.
 */
#ifndef EKSCODEC_CONSTRAINTS_H
#define EKSCODEC_CONSTRAINTS_H

#include "ekscodec/diag.h"
#include "model_desc.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* has_min and has_max are adjacent bytes: one 16-bit load tests both. */
_Static_assert(offsetof(eks_shape_desc, has_max) == offsetof(eks_shape_desc, has_min) + 1,
               "has_min and has_max adjacent");

/* Whether the model constrains values of sd at all: the one test the hot paths pay for an
 * unconstrained shape (two loads, two branches). */
static inline bool eks_shape_constrained(const eks_shape_desc *sd)
{
    uint16_t bounds;
    memcpy(&bounds, &sd->has_min, sizeof bounds);
    return bounds != 0 || sd->pattern != NULL;
}

/* Smithy's `length` of a string: Unicode code points, i.e. the bytes that do not continue a
 * UTF-8 sequence (not bytes, not UTF-16 units). Meaningful for valid UTF-8 only; invalid
 * UTF-8 is reported on its own (invalid_utf8). */
size_t eks_utf8_length(const char *s, size_t len);

/* Receives one violation: its diagnostic code and a complete message. */
typedef void (*eks_constraint_emit)(void *ctx, eks_diag_code code, const char *message);

/* Each returns true when the value meets every constraint of sd; with emit non-NULL it reports
 * every violation through emit (the message names the shape, the bound and the actual
 * length or value; a string value shows at most 64 bytes of itself, escaped). `role` (may be
 * NULL) says what the value is when the path does not, e.g. "map key". */
bool eks_constraints_string(const eks_shape_desc *sd, const char *s, size_t len, const char *role,
                            eks_constraint_emit emit, void *ctx);
bool eks_constraints_count(const eks_shape_desc *sd, size_t count, eks_constraint_emit emit, void *ctx);
bool eks_constraints_integer(const eks_shape_desc *sd, int64_t v, eks_constraint_emit emit, void *ctx);

#endif
