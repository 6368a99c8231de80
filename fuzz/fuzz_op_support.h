/* Helpers of the per-operation fuzz targets (fuzz_op_decode, fuzz_op_roundtrip): header-only,
 * as fuzz_support.h. */
#ifndef EKSCODEC_FUZZ_OP_SUPPORT_H
#define EKSCODEC_FUZZ_OP_SUPPORT_H

#include "fuzz_support.h"

#include "ekscodec/op_json.h"

#include <json-c/json.h>
#include <stdbool.h>

/* The decoded response as JSON text (malloc'd): json-c's view (without ResponseMetadata when
 * asked), or, for a value that has none (a key holding U+0000, which json-c cannot keep:
 * EKS_ERR_MALFORMED_INPUT), the encoder's own text, which must then hold that escaped NUL. */
static inline char *fz_response_text(const eks_op_decoded_response *r, bool without_metadata)
{
    json_object *o = NULL;
    eks_status st = eks_op_response_to_json(r, &o);
    if (st == EKS_ERR_MALFORMED_INPUT) {
        FZ_CHECK(o == NULL);
        eks_buf b = {0};
        FZ_CHECK((r->is_error ? eks_api_error_fields_to_json(&r->error, &b) : eks_op_output_to_json(r->op, r->output, &b)) ==
                 EKS_OK);
        FZ_CHECK(b.ptr != NULL && strstr(b.ptr, "\\u0000") != NULL);
        char *text = strdup(b.ptr);
        FZ_CHECK(text != NULL);
        eks_buf_free(&b);
        return text;
    }
    FZ_CHECK(st == EKS_OK && o != NULL);
    if (without_metadata)
        json_object_object_del(o, "ResponseMetadata");
    char *text = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
    FZ_CHECK(text != NULL);
    json_object_put(o);
    return text;
}

#endif
