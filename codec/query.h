/*
 * Query-string members of restJson1 requests (private): encoding from and decoding into the
 * generated input structs. Smithy's httpQuery binding: scalars as their text, booleans as
 * "true"/"false", lists as the key repeated once per item, every key and value
 * percent-encoded as RFC 3986 unreserved-only (botocore and the JS SDK send it so).
 */
#ifndef EKSCODEC_QUERY_H
#define EKSCODEC_QUERY_H

#include "arena.h"
#include "ekscodec/common.h"
#include "ekscodec/diag.h"
#include "model_desc.h"

/* Appends "?name=value&..." for every present query member of `input` (a value of that
 * shape) to out; appends nothing when none is present. Members in model order, list items
 * in list order. *clean is set false when the shape validator may have something to report
 * about a query member (missing, invalid UTF-8, unknown enum value, a constraint); it is
 * left alone otherwise. Returns EKS_OK, EKS_ERR_OUT_OF_MEMORY or EKS_ERR_LIMIT_EXCEEDED. */
eks_status eks_query_encode(const eks_shape_desc *input, const void *value, eks_buf *out, bool *clean);

/* Decodes a raw query (without '?'; absent or empty = no parameters) into the query members
 * of dst, a value of `input`. Strings are percent-decoded into arena memory. A parameter
 * that names no member is ignored (a warning in strict mode); a malformed escape, a value
 * that is not an integer / boolean of the model, or a scalar member given twice is an error
 * at "$.<member>" with the byte offset in the query. value_offsets (NULL, or one entry per
 * member of input, set to SIZE_MAX by the caller) gets the offset in the query of the first
 * value of each member the query names, decodable or not, for the checks that follow.
 * Returns false on out-of-memory. */
bool eks_query_decode(const eks_shape_desc *input, eks_str query, void *dst, eks_arena *arena, bool strict,
                      eks_diags *diags, size_t *value_offsets);

#endif
