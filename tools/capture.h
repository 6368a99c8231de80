/*
 * Capture readers for `ekscodec validate`: HAR 1.2, JSON Lines exchanges and raw HTTP/1.1
 * message files, each turned into a stream of request/response exchanges.
 *
 * Ownership: every view in a cap_exchange (method, path, headers, bodies, host) points into
 * storage owned by the reader and stays valid until the next cap_reader_next() or
 * cap_reader_free() on that reader. The reader keeps one exchange in memory at a time
 * (HAR excepted: json-c builds the whole document, see docs/validate.md), so memory is flat
 * in the number of exchanges.
 */
#ifndef EKSCODEC_TOOLS_CAPTURE_H
#define EKSCODEC_TOOLS_CAPTURE_H

#include "ekscodec/common.h"
#include "ekscodec/diag.h"
#include "ekscodec/http.h"

#include <stdint.h>

typedef enum cap_kind {
    CAP_UNKNOWN = 0,
    CAP_JSONL,
    CAP_HAR,
    CAP_HTTP
} cap_kind;

/* Name used in messages and JSON output ("jsonl", "har", "http"). */
const char *cap_kind_name(cap_kind kind);
/* What a position counts for this kind: "line" (1-based), "entry" (0-based index into
 * log.entries), "offset" (byte offset of the request's first byte). */
const char *cap_position_name(cap_kind kind);

/* Detects the kind from the first bytes of a capture (never from a file name): a JSON object
 * whose first member is "log" is HAR; any other JSON object is JSON Lines; a start line of an
 * HTTP/1.1 request or response is raw HTTP. Leading whitespace and a UTF-8 BOM are skipped. */
cap_kind cap_detect(const char *head, size_t len);

typedef struct cap_exchange {
    uint64_t position;        /* see cap_position_name(); JSONL: relative to the reader's start */
    bool has_request;
    bool has_response;
    eks_http_request request; /* HTTP/2 pseudo-headers (":authority", ...) are left out */
    eks_str host;             /* Host header, else the URL's authority (port kept); may be absent */
    eks_str authority;        /* URL authority when the capture gave a URL (userinfo removed) */
    eks_http_response response;
    eks_diags diags;          /* problems reading this exchange; errors make it unusable */
} cap_exchange;

typedef struct cap_options {
    size_t max_line_bytes;    /* JSONL: longer lines become a limit diagnostic (0: default) */
    size_t max_message_bytes; /* raw HTTP: body limit per message (0: default) */
    size_t max_har_bytes;     /* HAR: whole-file limit, the tree is built at once (0: default) */
} cap_options;

#define CAP_DEFAULT_MAX_LINE_BYTES (32u * 1024u * 1024u)
#define CAP_DEFAULT_MAX_MESSAGE_BYTES EKS_LIMIT_DEFAULT_BODY_BYTES
#define CAP_DEFAULT_MAX_HAR_BYTES (256u * 1024u * 1024u)

typedef struct cap_reader cap_reader;

/*
 * Opens a reader of `kind` over fd, bytes [start, end) (end == UINT64_MAX: to end of file).
 * prefix[0..prefix_len) are bytes already read from fd at `start` (stdin detection); they
 * are copied. For a regular file the reader uses pread and leaves the file offset alone, so
 * several readers may share one fd. JSONL ranges must begin at a line start.
 * Returns false with a message in err (never capture content) when it cannot start.
 */
bool cap_reader_open(cap_reader **out, cap_kind kind, int fd, uint64_t start, uint64_t end,
                     const char *prefix, size_t prefix_len, const cap_options *options,
                     char *err, size_t errlen);
/* 1: *ex holds the next exchange; 0: end of input; -1: I/O error (message in err). */
int cap_reader_next(cap_reader *r, cap_exchange *ex, char *err, size_t errlen);
/* Input bytes consumed so far (progress). */
uint64_t cap_reader_bytes(const cap_reader *r);
/* JSONL: lines seen so far (the line-number base of a following range). */
uint64_t cap_reader_lines(const cap_reader *r);
void cap_reader_free(cap_reader *r);

/* ---- pieces shared by the readers (capture_util.c) ---- */

/* Splits an absolute URL ("https://user@host:port/path?query#frag") or an origin-form
 * target ("/path?query"). authority excludes userinfo; path is "/" when empty. */
bool cap_split_url(eks_str url, eks_str *authority, eks_str *path, eks_str *query);
/* Decodes standard base64 (RFC 4648 §4, padding optional, whitespace ignored) into out,
 * which may equal in (decoding never grows). Returns false on a bad character. */
bool cap_base64_decode(const char *in, size_t len, char *out, size_t *out_len);
/* Growable header array reused across exchanges. */
typedef struct cap_headers {
    eks_header *items;
    size_t count;
    size_t cap;
} cap_headers;
bool cap_headers_push(cap_headers *h, eks_str name, eks_str value);
void cap_headers_free(cap_headers *h);
/* Fills ex->host from the Host header or the authority. */
void cap_exchange_set_host(cap_exchange *ex);

#endif
