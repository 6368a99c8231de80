/* Decoding one JSON value as a shape with the decoder settings each codec entry point uses,
 * for the constraint tests over the EKS tables and over the synthetic model. */
#ifndef EKSCODEC_TESTS_CONSTRAINTS_DECODE_H
#define EKSCODEC_TESTS_CONSTRAINTS_DECODE_H

#include "shape_codec.h"

#include <stddef.h>

/* Whose settings to decode with: response.c lenient / strict, request.c (constraints are
 * errors), the CLI's parameters (also every location in the body, unknown members errors). */
typedef enum cd_role { CD_RESPONSE, CD_RESPONSE_STRICT, CD_REQUEST, CD_PARAMS } cd_role;

/* One decode: its own copy of the JSON, arena and diagnostics; release with cd_free(). */
typedef struct cd_decode {
    char *buf;
    eks_arena arena;
    eks_diags diags;
    eks_shape_decoder d;
} cd_decode;

/* Decodes json as shape into dst; fails the running Check test when decoding stops. */
void cd_run(cd_decode *x, eks_shape_id shape, const char *json, void *dst, cd_role role);
void cd_free(cd_decode *x);
/* How many diagnostics of the list have this code. */
size_t cd_count_code(const eks_diags *d, eks_diag_code code);

#endif
