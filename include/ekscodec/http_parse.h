/*
 * ekscodec — HTTP/1.1 message parser (RFC 9112): bytes in, eks_http_request /
 * eks_http_response values out. Pure: no I/O, no global state.
 *
 * One call parses one message from the front of a buffer and reports how many bytes it
 * occupies (`consumed`), so a caller holding several messages back to back continues at
 * input + consumed.
 *
 * Ownership:
 *  - The caller's input is BORROWED and must outlive the result: the method, target, path,
 *    query, authority, version, reason, header names, unfolded header values and
 *    Content-Length / single-chunk bodies are views into it.
 *  - The result OWNS the header and trailer arrays (a small inline array inside the struct,
 *    a heap array past EKS_HTTP_INLINE_FIELDS), values joined from obsolete line folding and
 *    chunked bodies decoded from two or more chunks. Views into those live until
 *    eks_http_message_free().
 *  - The result points into itself, so it must not be copied or moved while its views are
 *    in use; copy out the eks_http_request / eks_http_response values instead (they stay
 *    valid as long as the original result does).
 *  - An absolute-form target with an empty path ("http://host") yields path "/"
 *    (RFC 9112 §3.3), a view of static storage.
 *
 * Status:
 *  - EKS_OK: a whole message was parsed (diags may hold warnings).
 *  - EKS_ERR_MALFORMED_INPUT with incomplete == true: the input ends before the message
 *    does; every byte seen so far is valid, so more input may complete it (streaming).
 *    With kind == EKS_HTTP_NONE the input held nothing but empty lines (end of a stream).
 *  - EKS_ERR_MALFORMED_INPUT with incomplete == false: the bytes violate RFC 9112; no
 *    amount of further input helps.
 *  - EKS_ERR_LIMIT_EXCEEDED: a configured limit was hit (checked before waiting for more
 *    input, so an endless header line is a limit error, not "incomplete").
 *  - EKS_ERR_OUT_OF_MEMORY; EKS_ERR_INVALID_ARGUMENT (NULL out; NULL input with len > 0;
 *    options->expect other than EKS_HTTP_NONE, EKS_HTTP_REQUEST, EKS_HTTP_RESPONSE): API
 *    misuse, not a fault of the input, so no diagnostic (with out set it is emptied).
 *  Every other failure (malformed input, a limit) adds one error diagnostic
 *  (EKS_DIAG_HTTP_MALFORMED or EKS_DIAG_LIMIT_EXCEEDED) whose offset is the byte offset
 *  into the input; EKS_ERR_OUT_OF_MEMORY may come without one. Messages never
 *  quote header values. After a failure the views are unspecified unless head_complete is
 *  set (then the head's views hold, the body and trailers stay unspecified); call _free()
 *  anyway.
 *
 * What is accepted (and why, where RFC 9112 leaves a choice):
 *  - CRLF or bare LF line endings, mixed; a bare CR anywhere in the head is rejected (§2.2).
 *  - Empty lines before the start line are skipped (§2.2) and counted in `consumed`.
 *  - Exactly one SP between start-line parts; a response status line may omit the SP and
 *    reason after the status code. Status must be 100..599. Version is "HTTP/" DIGIT "." DIGIT.
 *  - Field names are tokens, kept as sent; whitespace before the colon is rejected (§5.1).
 *    Values have surrounding OWS removed; CTLs other than HTAB are rejected. Obsolete line
 *    folding (§5.2) is joined with one SP. Whitespace before the first field line is
 *    rejected (§2.2).
 *  - Body (§6.3): 1xx, 204 and 304 responses have none. Transfer-Encoding with chunked as
 *    the final coding → chunked (a Content-Length next to it is ignored with a warning);
 *    chunked not final → malformed for a request, read to the end of input for a response;
 *    Transfer-Encoding in an HTTP/1.0 message → malformed (§6.1). Otherwise Content-Length
 *    (1*DIGIT; repeated fields or list members must all be equal); otherwise a request
 *    has no body and a response's body is the rest of the input. Other transfer codings
 *    (gzip, ...) are left applied: the body is what remains after de-chunking.
 *  - Chunk extensions are skipped (they must start with ';' and hold no CTL); trailer fields
 *    are parsed like header fields and exposed in `trailers`, never merged into headers.
 *  - A response to HEAD cannot be recognised from its bytes alone: the caller says so with
 *    response_to_head, or it is framed like any other response.
 */
#ifndef EKSCODEC_HTTP_PARSE_H
#define EKSCODEC_HTTP_PARSE_H

#include "ekscodec/common.h"
#include "ekscodec/diag.h"
#include "ekscodec/http.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Defaults for the limits below (used for every option field left at zero). The start line
 * default honours RFC 9112 §3's "at least 8000 octets" recommendation. */
#define EKS_HTTP_DEFAULT_MAX_START_LINE_BYTES 8192u
#define EKS_HTTP_DEFAULT_MAX_HEADER_COUNT 100u
#define EKS_HTTP_DEFAULT_MAX_HEADER_BYTES (64u * 1024u)
#define EKS_HTTP_DEFAULT_MAX_BODY_BYTES EKS_LIMIT_DEFAULT_BODY_BYTES

typedef enum eks_http_kind {
    EKS_HTTP_NONE = 0,   /* no start line seen (empty input) */
    EKS_HTTP_REQUEST,
    EKS_HTTP_RESPONSE
} eks_http_kind;

/* How the body's end was found (RFC 9112 §6.3). */
typedef enum eks_http_framing {
    EKS_HTTP_FRAMING_NONE = 0,      /* no body: request without framing headers, 1xx/204/304 */
    EKS_HTTP_FRAMING_CONTENT_LENGTH,
    EKS_HTTP_FRAMING_CHUNKED,
    EKS_HTTP_FRAMING_TO_END         /* response delimited by the end of the input */
} eks_http_framing;

typedef struct eks_http_parse_options {
    /* Longest start line, and longest chunk-size line, without its line ending. */
    size_t max_start_line_bytes;
    /* Field lines in the header section (after unfolding); the trailer section has its own
     * budget of the same size. */
    size_t max_header_count;
    /* Bytes of the header section from its first field line through the empty line that
     * ends it, line endings included; again separately for the trailer section. */
    size_t max_header_bytes;
    /* Body bytes after de-chunking. */
    size_t max_body_bytes;
    /* EKS_HTTP_NONE accepts either kind (detected from a leading "HTTP/"); otherwise the
     * other kind is malformed input. */
    eks_http_kind expect;
    /* The response answers a HEAD request, which only the caller can know: it has no body,
     * whatever its Content-Length or Transfer-Encoding say (RFC 9112 §6.3 rule 1). Ignored
     * for requests. */
    bool response_to_head;
} eks_http_parse_options;

#define EKS_HTTP_INLINE_FIELDS 24

typedef struct eks_http_message {
    eks_http_kind kind;
    eks_http_request request;    /* when kind == EKS_HTTP_REQUEST, else zeroed */
    eks_http_response response;  /* when kind == EKS_HTTP_RESPONSE, else zeroed */
    eks_str version;             /* "HTTP/1.1" */
    eks_str target;              /* request-target as sent (requests only) */
    eks_str authority;           /* "host[:port]" of an absolute-form target, else absent */
    eks_str reason;              /* reason phrase of a response, possibly empty */
    const eks_header *trailers;  /* trailer fields of a chunked body, in order */
    size_t trailer_count;
    eks_http_framing framing;
    size_t consumed;             /* bytes of input this message spans (valid on EKS_OK) */
    bool incomplete;             /* see "Status" above */
    /* The start line and the header section were read whole: the method, target, path,
     * query, authority, version, reason and headers are valid views even when the body is
     * not (an incomplete body while streaming, or a body error), so a server can answer
     * "Expect: 100-continue" before the body arrives. */
    bool head_complete;
    eks_diags diags;             /* owned by the result */
    /* private */
    eks_header inline_fields_[EKS_HTTP_INLINE_FIELDS];
    struct eks_http_owned_ *owned_;
} eks_http_message;

/*
 * Parses the message at the front of input[0..len). options may be NULL (all defaults).
 * out is overwritten without being freed: call eks_http_message_free() before reusing it.
 * Never reads input[len] or beyond.
 */
EKS_API eks_status eks_http_parse(const char *input, size_t len,
                                  const eks_http_parse_options *options, eks_http_message *out);

/* Releases everything the result owns and zeroes it. NULL and zeroed results are fine. */
EKS_API void eks_http_message_free(eks_http_message *msg);

#ifdef __cplusplus
}
#endif
#endif
