/*
 * ekscodec — json-c views of the codec for every operation (ekscodec/op_codec.h): boto3-style
 * parameters in, botocore-shaped parsed responses out. A separate header so that users who
 * do not hand json-c objects around need not see json-c's headers.
 *
 * Ownership: objects passed in are borrowed for the call; an object returned through `out`
 * is new, owned by the caller and released with json_object_put().
 * Threads: json-c keeps the text of an object it serializes inside the object, so reading
 * one here writes to it: an object passed in must not be in use by another thread meanwhile
 * (give each thread its own, as for every other object of this library).
 */
#ifndef EKSCODEC_OP_JSON_H
#define EKSCODEC_OP_JSON_H

#include "ekscodec/op_codec.h"

#include <json-c/json.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Decodes boto3-style parameters given as a json-c object into the operation's input, as
 * eks_op_request_from_params() does with their JSON text (the object is serialized first,
 * so json-c's own leniencies — duplicate keys merged, NaN — cannot slip past the strict
 * reader). Release `out` with eks_op_decoded_request_free(), also before decoding into it
 * again (a decode overwrites it without freeing). */
EKS_API eks_status eks_op_request_from_json(const eks_operation *op, json_object *params,
                                            const eks_decode_options *options, eks_op_decoded_request *out);

/* A decoded response as botocore's client returns it: the output members (timestamps as
 * epoch seconds) for a 2xx; for an error the modeled members plus
 * "Error": {"Code", "Message"} (the HTTP status as Code when no type was sent, and "" when
 * one was sent that is empty, or empty once its namespace and ':' suffix are cut, as botocore does) and "httpStatus"; always "ResponseMetadata": {"RequestId", "HTTPStatusCode"}.
 * Diagnostics are not included (see r->diags). EKS_ERR_MALFORMED_INPUT, *out NULL, when a
 * key of the value holds U+0000: json-c keeps keys as C strings and would cut it there, so
 * it has no such view (eks_op_output_to_json() writes it); EKS_ERR_OUT_OF_MEMORY. */
EKS_API eks_status eks_op_response_to_json(const eks_op_decoded_response *r, json_object **out);

#ifdef __cplusplus
}
#endif
#endif
