/*
 * ekscodec — the codec for every operation of the service, driven by the generated tables.
 *
 * An operation is named by an `eks_operation` handle (ekscodec/operation.h: look one up by
 * its API, boto3 or AWS CLI name, or route a method and path to it). Its input and output
 * values are the generated structs of ekscodec/model.h — for DescribeCluster,
 * eks_describe_cluster_request and eks_describe_cluster_response — passed here as `void *`
 * and typed by the operation: a value handed in must be of the operation's input type.
 * The typed DisassociateIdentityProviderConfig API of ekscodec/codec.h is this codec
 * applied to that operation.
 *
 * Ownership is as in codec.h: encode outputs own their bytes and are reused across calls;
 * decode results own every byte their views (and `value` / `output`) reach, and are released
 * with one _free() whatever the returned status; diagnostics lists passed in are appended to.
 * Thread safety: no global state.
 */
#ifndef EKSCODEC_OP_CODEC_H
#define EKSCODEC_OP_CODEC_H

#include "ekscodec/codec.h"
#include "ekscodec/operation.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Encodes a request of `op` from `input` (a value of the operation's input struct): path
 * with URI labels percent-encoded, query-string members, JSON body when the operation has
 * body members (then Content-Type and Content-Length; none otherwise, as the SDKs send GET
 * and DELETE requests), idempotency token generated when absent. Diagnostics and statuses as
 * eks_disassociate_idp_request_encode(). */
EKS_API eks_status eks_op_request_encode(const eks_operation *op, const void *input,
                                         const eks_request_options *options,
                                         eks_encoded_request *out, eks_diags *diags);

/* Whether requests of `op` carry a JSON body (the operation has body members); GET and
 * DELETE operations, and a few POSTs, send none. */
EKS_API bool eks_op_request_has_body(const eks_operation *op);

/* The idempotency token of a request value of `op`: the view stored in `input` (absent when
 * not set) and, through *member (may be NULL), the member's model name — NULL, with an
 * absent view, when the operation has no idempotency token. */
EKS_API eks_str eks_op_request_idempotency_token(const eks_operation *op, const void *input, const char **member);

typedef struct eks_op_decoded_request {
    const eks_operation *op;
    void *value;              /* the operation's input struct, owned by this result */
    eks_diags diags;
    eks_decode_state *state_;
} eks_op_decoded_request;

/* Decodes a captured request of `op`: method, path labels (percent-decoded), query-string
 * members, JSON body. Every decode here overwrites *out without freeing it: call its _free()
 * before decoding into the same result again (encode outputs are reusable, decode results
 * are not). */
EKS_API eks_status eks_op_request_decode(const eks_operation *op, const eks_http_request *in,
                                         const eks_decode_options *options, eks_op_decoded_request *out);
/* Decodes boto3-style parameters (every member by its model name, labels and query members
 * included) into the operation's input struct; unknown parameters are errors. */
EKS_API eks_status eks_op_request_from_params(const eks_operation *op, const char *json, size_t len,
                                              const eks_decode_options *options,
                                              eks_op_decoded_request *out);
EKS_API void eks_op_decoded_request_free(eks_op_decoded_request *out);

typedef struct eks_op_decoded_response {
    const eks_operation *op;
    int http_status;
    eks_str request_id;       /* x-amzn-requestid (absent if not sent) */
    bool is_error;            /* status outside 2xx */
    void *output;             /* when !is_error: the operation's output struct (NULL if it has none) */
    eks_api_error error;      /* when is_error; an error of the service the operation does not
                               * list keeps its kind and members (unmodeled_error diagnostic) */
    eks_diags diags;
    eks_decode_state *state_;
} eks_op_decoded_response;

/* Decodes a response of `op`; *out as for eks_op_request_decode (free it before reuse). */
EKS_API eks_status eks_op_response_decode(const eks_operation *op, const eks_http_response *in,
                                          const eks_decode_options *options, eks_op_decoded_response *out);
EKS_API void eks_op_decoded_response_free(eks_op_decoded_response *out);

/* Success response of `op` (its modeled success status) for fixtures and mock servers;
 * `output` is a value of the operation's output struct (NULL for an operation without
 * output: the body is {}). As eks_disassociate_idp_response_encode(). */
EKS_API eks_status eks_op_response_encode(const eks_operation *op, const void *output, eks_str request_id,
                                          eks_encoded_response *out, eks_diags *diags);
/* Error response, as eks_disassociate_idp_error_encode(); any error shape of the service
 * may be sent (a decoder of `op` reads one the operation does not list, and reports it as
 * unmodeled_error). */
EKS_API eks_status eks_op_error_encode(const eks_operation *op, const eks_api_error *err, int status,
                                       eks_str request_id, eks_encoded_response *out, eks_diags *diags);

/* JSON text of a decoded or caller-built output value of `op` in botocore's parsed shape
 * (members by model name, absent members omitted, timestamps as epoch seconds). Appends to
 * out. output NULL: "{}" for an operation without output, else EKS_ERR_INVALID_ARGUMENT
 * (as eks_op_response_encode); op NULL: EKS_ERR_INVALID_ARGUMENT. */
EKS_API eks_status eks_op_output_to_json(const eks_operation *op, const void *output, eks_buf *out);

#ifdef __cplusplus
}
#endif
#endif
