/*
 * ekscodec — typed codec for EKS DisassociateIdentityProviderConfig (rest-json).
 *
 * The value types (eks_disassociate_identity_provider_config_request, eks_update, the enum
 * fields, eks_error_fields, ...) are generated from the official service model into
 * ekscodec/model.h. This header adds the operation's encode/decode entry points.
 *
 * Ownership:
 *  - Encode reads caller-owned values (borrowed for the duration of the call) and writes an
 *    eks_encoded_request / eks_encoded_response that owns its bytes. Zero-initialise it once
 *    ({0}); encoding into it again reuses its storage (no allocation in steady state); every
 *    view inside it stays valid until the next encode into the same object or its _free().
 *  - Decode copies the input it needs: the result owns every byte its views point to and is
 *    released with one _free() call, whatever the returned status. The caller's input may be
 *    freed right after the call. Unlike an encode output, a decode result is not reused:
 *    every decode starts by zeroing *out without freeing what it held, so free a result
 *    (its _free()) before decoding into it again, or the earlier result leaks.
 *  - Diagnostics lists passed in are appended to; the caller owns and frees them.
 *
 * Status: EKS_OK when the input is valid (warnings allowed); EKS_ERR_VALIDATION_FAILED when it
 * was understood but violates the model (see the diagnostics; a body that is no JSON at all,
 * an HTML or XML page from a proxy, is one too: not_json); EKS_ERR_MALFORMED_INPUT when
 * it could not be parsed (JSON broken or cut short: invalid_json); EKS_ERR_LIMIT_EXCEEDED; EKS_ERR_OUT_OF_MEMORY;
 * EKS_ERR_INVALID_ARGUMENT for API misuse (NULL pointers; a NULL header array with a
 * header_count, or a method, path or query view that is NULL with a non-zero length; a
 * body view (NULL, n) is no body).
 *
 * Thread safety: no global state; distinct objects may be used from distinct threads.
 */
#ifndef EKSCODEC_CODEC_H
#define EKSCODEC_CODEC_H

#include "ekscodec/common.h"
#include "ekscodec/diag.h"
#include "ekscodec/endpoint.h"
#include "ekscodec/http.h"
#include "ekscodec/model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef eks_disassociate_identity_provider_config_request eks_disassociate_idp_request;
typedef eks_disassociate_identity_provider_config_response eks_disassociate_idp_output;

/* Randomness for the idempotency token. fill must write len random bytes and return EKS_OK.
 * With fill == NULL the library uses OpenSSL's RAND_bytes. */
typedef struct eks_random_source {
    eks_status (*fill)(void *ctx, unsigned char *buf, size_t len);
    void *ctx;
} eks_random_source;

typedef struct eks_request_options {
    /* Where the request goes: an endpoint from eks_endpoint_resolve() (region, FIPS,
     * dual-stack or an override URL; its base path is kept in front of the operation path),
     * or, when endpoint is NULL, a bare host ("eks.us-west-2.amazonaws.com[:port]") reached
     * over https. Borrowed for the call. */
    const eks_endpoint *endpoint;
    eks_str host;
    eks_random_source random;
    bool strict; /* unknown enum values in the input become errors instead of warnings */
} eks_request_options;

#define EKS_ENCODED_MAX_HEADERS 8

typedef struct eks_encoded_request {
    eks_http_request http;       /* method, path, headers, body: views into storage; after a
                                    failed encode no headers, path, query and body absent (and
                                    url, host, client_request_token) */
    eks_header headers[EKS_ENCODED_MAX_HEADERS]; /* Host, Content-Type, Content-Length */
    eks_str url;                 /* scheme://host + path */
    eks_str host;
    eks_str client_request_token; /* the token sent (given, copied; or generated) */
    bool token_generated;
    eks_buf storage;
} eks_encoded_request;

/* Encodes req. Diagnostics (missing required members, empty/dot URI label, invalid UTF-8,
 * unknown enum values) are appended to diags (may be NULL). On any error-severity
 * diagnostic nothing usable is produced and EKS_ERR_VALIDATION_FAILED is returned. */
EKS_API eks_status eks_disassociate_idp_request_encode(const eks_disassociate_idp_request *req,
                                                       const eks_request_options *options,
                                                       eks_encoded_request *out, eks_diags *diags);
EKS_API void eks_encoded_request_free(eks_encoded_request *out);

typedef struct eks_decode_options {
    bool strict;               /* unknown enum values -> errors; unknown members -> warnings;
                                * an error type the operation does not list -> error */
    const eks_limits *limits;  /* NULL = defaults */
} eks_decode_options;

typedef struct eks_decode_state eks_decode_state; /* private */

typedef struct eks_decoded_request {
    eks_disassociate_idp_request value; /* views into this result */
    eks_diags diags;
    eks_decode_state *state_;
} eks_decoded_request;

/* Decodes a captured request: method, path (label percent-decoded), body. Headers are not
 * required (the body is JSON whatever Content-Type says; a mismatch is not an error).
 * *out is overwritten, not freed: eks_decoded_request_free() it before decoding into it
 * again (as for every decode here). */
EKS_API eks_status eks_disassociate_idp_request_decode(const eks_http_request *in,
                                                       const eks_decode_options *options,
                                                       eks_decoded_request *out);
EKS_API void eks_decoded_request_free(eks_decoded_request *out);

/* Decodes boto-style parameters (every member by its model name, the URI label included:
 * {"clusterName":"prod","identityProviderConfig":{"type":"oidc","name":"okta"}}) into a
 * request value, with the same strictness as a body plus: unknown parameters are errors.
 * Release with eks_decoded_request_free(), also before decoding into *out again. */
EKS_API eks_status eks_disassociate_idp_request_from_params(const char *json, size_t len,
                                                            const eks_decode_options *options,
                                                            eks_decoded_request *out);

/* Where the error type of an error response was found. */
typedef enum eks_error_type_source {
    EKS_ERROR_TYPE_NONE = 0,
    EKS_ERROR_TYPE_HEADER,     /* x-amzn-errortype */
    EKS_ERROR_TYPE_BODY_CODE,  /* top-level "code" */
    EKS_ERROR_TYPE_BODY_TYPE   /* top-level "__type" */
} eks_error_type_source;

typedef struct eks_api_error {
    /* The service's error of that type, whether or not the operation lists it (one it does not
     * list is an unmodeled_error diagnostic: eks_operation_has_error() tells); its members are
     * read by its shape. EKS_ERROR_UNMODELED when the service's model has no such error. */
    eks_error_kind kind;
    /* The type raw_type names: eks_error_type_sanitize(raw_type) from the header,
     * eks_error_type_cut(raw_type) from the body's code or __type (botocore's reading: " Name"
     * and "A,B" stay whole); empty when no source names one once cut. */
    eks_str type;               /* "ResourceNotFoundException" */
    eks_str raw_type;           /* exactly as found (the header value without its outer blanks) */
    eks_error_type_source type_source;
    eks_str message;            /* "message" or "Message" */
    eks_error_fields fields;    /* modeled members; fields.<kind's shape> is valid */
} eks_api_error;

typedef struct eks_decoded_response {
    int http_status;
    eks_str request_id;         /* x-amzn-requestid (absent if not sent) */
    bool is_error;              /* status outside 2xx */
    eks_disassociate_idp_output output; /* when !is_error */
    eks_api_error error;        /* when is_error */
    eks_diags diags;
    eks_decode_state *state_;
} eks_decoded_response;

/* Decodes a response; *out is overwritten, not freed: eks_decoded_response_free() it
 * before decoding into it again. */
EKS_API eks_status eks_disassociate_idp_response_decode(const eks_http_response *in,
                                                        const eks_decode_options *options,
                                                        eks_decoded_response *out);
EKS_API void eks_decoded_response_free(eks_decoded_response *out);

/* Error-type sanitizing of the restJson1 protocol for an x-amzn-errortype header value: first
 * entry of a comma list, without the blanks around it (RFC 9110 section 5.6.1), cut at the
 * first ':', keep what follows the last '#'. Blanks next to the cuts stay, as botocore keeps
 * them ("ns# Name :uri" -> " Name "). Returns a view into `raw`. */
EKS_API eks_str eks_error_type_sanitize(eks_str raw);
/* The same cuts alone, for a body's "code" or "__type" string, which is no HTTP field (no list,
 * no outer whitespace to drop): what botocore reads, code.split(':', 1)[0].rsplit('#', 1)[-1]
 * (" Name" and "A,B" stay whole). Returns a view into `raw`. */
EKS_API eks_str eks_error_type_cut(eks_str raw);

typedef struct eks_encoded_response {
    eks_http_response http;     /* status, headers, body: views into storage; after a failed
                                   encode status 0, no headers, body absent */
    eks_header headers[EKS_ENCODED_MAX_HEADERS];
    eks_buf storage;
} eks_encoded_response;

/* Success response (status 200) for fixtures and mock servers. request_id may be absent.
 * The value is checked as a decoder reads it: what no reader would take, or readers take
 * differently, is an error and nothing is written (EKS_ERR_VALIDATION_FAILED: invalid UTF-8,
 * an integer outside 32 bits, a map key given twice, an enum with no value, a timestamp
 * outside years 1..9999, a required member missing); a broken length, range or pattern
 * constraint is a warning and the response is written, as the decoder reports it in a
 * response (a newer service may widen a limit; a captured response encodes again). */
EKS_API eks_status eks_disassociate_idp_response_encode(const eks_disassociate_idp_output *output,
                                                        eks_str request_id,
                                                        eks_encoded_response *out, eks_diags *diags);
/* Error response: status 0 means the modeled status of err->kind, otherwise 300..599 but
 * 304 (which cannot carry content; RFC 9110 §15.4.5). The type goes in
 * x-amzn-errortype (err->type, else the kind's shape name), so a type with control
 * characters, with a space at either end (a header value's ends are not part of it,
 * RFC 9110 §5.5), or with a ',', ':' or '#' (where the header's type is folded or cut) is
 * refused; the body carries "message" (err->message where the modeled one is not set,
 * which must be UTF-8 as every field) and the modeled fields, checked as for a success
 * response. */
EKS_API eks_status eks_disassociate_idp_error_encode(const eks_api_error *err, int status,
                                                     eks_str request_id,
                                                     eks_encoded_response *out, eks_diags *diags);
EKS_API void eks_encoded_response_free(eks_encoded_response *out);

/* JSON of a value in the wire shape (which is also botocore's parsed shape, timestamps as
 * epoch seconds): {"update":{...}} for the output; the modeled members of an error
 * ({} when unmodeled). Appends to out. */
EKS_API eks_status eks_disassociate_idp_output_to_json(const eks_disassociate_idp_output *output,
                                                       eks_buf *out);
EKS_API eks_status eks_api_error_fields_to_json(const eks_api_error *err, eks_buf *out);

#ifdef __cplusplus
}
#endif
#endif
