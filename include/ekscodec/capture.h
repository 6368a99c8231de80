/*
 * Capture readers: HAR 1.2, JSON Lines exchanges and raw HTTP/1.1 messages, each turned
 * into a stream of request/response exchanges (eks_exchange, see exchange.h) that
 * eks_exchange_check() validates. Formats: docs/validate.md and DESIGN §3.
 *
 * Input: bytes in memory (eks_capture_reader_new_memory) or a caller's read callback
 * (eks_capture_reader_new), so a proxy or a transport can parse what it captured without
 * files. The library does no I/O of its own; opening files is the caller's business
 * (`ekscodec validate` does it in tools/).
 *
 * Ownership and lifetimes:
 *  - The reader owns all its storage. Every view in an exchange it fills (method, path,
 *    query, headers, bodies, host, authority) points into that storage, or into the
 *    memory given to eks_capture_reader_new_memory, and stays valid until the next
 *    eks_capture_reader_next() or eks_capture_reader_free() on that reader.
 *  - eks_capture_reader_new_memory borrows data: it must stay unchanged until the reader
 *    is freed (it is read, never written).
 *  - A source's `user` pointer is borrowed; `release` (when set) is called with it once, by
 *    eks_capture_reader_free or by a failed eks_capture_reader_new.
 *  - ex->diags is owned by the exchange struct: zero-initialise the struct once, pass it to
 *    every eks_capture_reader_next(), and eks_diags_free(&ex.diags) at the end.
 *
 * Memory is flat in the number of exchanges: a reader keeps one exchange in memory at a
 * time, except HAR, which json-c parses as one document (hence max_har_bytes), and raw HTTP,
 * which also keeps the requests still waiting for their responses (pipelining): at most
 * 16, taking at most one message at the limits below (max_message_bytes + 2 x 64 KiB +
 * 8 KiB; a single request alone may take up to the read buffer's bound); a request that
 * does not fit behind them makes the oldest be given without a response, with a
 * limit_exceeded warning. Its read buffer holds the message being read, up to twice that
 * size plus 16 KiB: chunked framing (chunk-size lines and extensions) counts against the
 * doubling, so a message of tiny chunks can be a limit error with a body under the limit.
 * These decisions depend on the messages alone, never on the sizes of the pieces the
 * source hands over. When the source fails, the requests already whole are given first,
 * without responses, then the error.
 *
 * Raw HTTP pairing: the messages are one connection's, in the order sent, so responses
 * answer requests in order (RFC 9112 §9.3.2): a response is paired with the oldest request
 * still waiting for one; a request left waiting when the file ends (or when 16 more
 * requests follow it) is an exchange without a response; a response with nothing waiting
 * is an exchange without a request. Interim 1xx responses are skipped (RFC 9110 §15.2); a
 * response to a HEAD request has no body whatever its headers say; after a 101 the
 * connection speaks another protocol, so the reader stops there with a warning.
 *
 * Reading ahead: a raw HTTP message whose end is not yet buffered is parsed again only once
 * its buffered bytes have doubled (or the input ended, failed or filled the buffer), which
 * keeps a source handing over small pieces linear. So over a callback that blocks between
 * messages (a live connection), a complete message is returned only when more bytes, the
 * end or an error arrive; such a caller hands each message to the memory reader instead.
 * A read error after a message's last byte is reported after that exchange, not instead.
 *
 * Limits (eks_capture_options; 0 selects the default):
 *  - max_line_bytes (JSON Lines, default 32 MiB): a longer line is skipped, with no more of
 *    it buffered than the limit and one read, and reported as one exchange with a
 *    limit_exceeded error; reading goes on.
 *  - max_message_bytes (raw HTTP, default EKS_LIMIT_DEFAULT_BODY_BYTES): the body limit
 *    per message; header sections are bounded by the HTTP parser's defaults
 *    (EKS_HTTP_DEFAULT_MAX_HEADER_BYTES, EKS_HTTP_DEFAULT_MAX_START_LINE_BYTES). A larger
 *    message is a limit_exceeded error at its byte offset and ends the capture (framing
 *    after it cannot be trusted).
 *  - max_har_bytes (HAR, default 256 MiB): a larger HAR file fails to open.
 *
 * Thread-safety: a reader is used by one thread at a time; different readers are
 * independent. The functions keep no global state.
 */
#ifndef EKSCODEC_CAPTURE_H
#define EKSCODEC_CAPTURE_H

#include "ekscodec/common.h"
#include "ekscodec/diag.h"
#include "ekscodec/exchange.h"
#include "ekscodec/http.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum eks_capture_kind {
    EKS_CAPTURE_UNKNOWN = 0,
    EKS_CAPTURE_JSONL,
    EKS_CAPTURE_HAR,
    EKS_CAPTURE_HTTP
} eks_capture_kind;

/* Name used in messages and JSON output ("jsonl", "har", "http"); static storage. */
EKS_API const char *eks_capture_kind_name(eks_capture_kind kind);
/* What an exchange's position counts for this kind (static storage): "line" (1-based,
 * counted from the reader's first byte), "entry" (0-based index into log.entries),
 * "offset" (byte offset of the request's first byte, counted from the source's offset). */
EKS_API const char *eks_capture_position_name(eks_capture_kind kind);

/* Detects the kind from the first bytes of a capture (never from a file name): a JSON object
 * whose first member is "log" is HAR; any other JSON object is JSON Lines; a start line of an
 * HTTP/1.1 request or response is raw HTTP. Leading whitespace and a UTF-8 BOM are skipped.
 * head NULL: EKS_CAPTURE_UNKNOWN. */
EKS_API eks_capture_kind eks_capture_detect(const char *head, size_t len);

typedef struct eks_capture_options {
    size_t max_line_bytes;    /* JSONL: longer lines become a limit diagnostic (0: default) */
    size_t max_message_bytes; /* raw HTTP: body limit per message (0: default) */
    size_t max_har_bytes;     /* HAR: whole-file limit, the tree is built at once (0: default) */
} eks_capture_options;

#define EKS_CAPTURE_DEFAULT_MAX_LINE_BYTES (32u * 1024u * 1024u)
#define EKS_CAPTURE_DEFAULT_MAX_MESSAGE_BYTES EKS_LIMIT_DEFAULT_BODY_BYTES
#define EKS_CAPTURE_DEFAULT_MAX_HAR_BYTES (256u * 1024u * 1024u)

/*
 * Reads up to n bytes of the capture into dst. Returns how many (1..n; fewer than asked is
 * fine, any number of times), 0 at the end of the input, or -1 on a read error after
 * writing a short reason (NUL-terminated, no capture content) into why[0..why_len).
 * After 0 or -1 it is not called again.
 */
typedef ptrdiff_t (*eks_capture_read_fn)(void *user, char *dst, size_t n, char *why, size_t why_len);

typedef struct eks_capture_source {
    eks_capture_read_fn read;
    void *user;                 /* passed to read and release (borrowed) */
    void (*release)(void *user);/* optional: called once when the reader is done with user */
    uint64_t offset;            /* input offset of the first byte read returns: raw HTTP
                                   positions and diagnostics count from it */
} eks_capture_source;

typedef struct eks_capture_reader eks_capture_reader;

/*
 * Opens a reader of `kind` over src (options may be NULL: defaults). A JSON Lines source
 * that starts inside a file must start at a line start (line numbers count from it).
 * HAR is read and parsed whole here. Returns false, *out NULL, with a message in err
 * (never capture content) when it cannot start: out of memory, a read error, a HAR file
 * that is too large, not JSON or has no log.entries, EKS_CAPTURE_UNKNOWN or a kind outside
 * the enum, out or src NULL, or a source without a read callback (its release is still
 * called).
 */
EKS_API bool eks_capture_reader_new(eks_capture_reader **out, eks_capture_kind kind, const eks_capture_source *src,
                                    const eks_capture_options *options, char *err, size_t errlen);
/* The same over data[0..len) (borrowed, see above); positions count from data[0]. data
 * NULL reads as no bytes. */
EKS_API bool eks_capture_reader_new_memory(eks_capture_reader **out, eks_capture_kind kind, const char *data,
                                           size_t len, const eks_capture_options *options, char *err,
                                           size_t errlen);
/*
 * 1: *ex holds the next exchange (its diags say what could not be read; an exchange with
 * errors there is unusable); 0: end of input; -1: read error, out of memory, or r or ex
 * NULL (message in err, when err is not NULL). The previous exchange's views become invalid.
 */
EKS_API int eks_capture_reader_next(eks_capture_reader *r, eks_exchange *ex, char *err, size_t errlen);
/* Input bytes consumed so far (progress; 0 for NULL). Raw HTTP: a framing error stops it at the first
 * byte of the message that could not be read, and a 101 right after that response (the
 * rest is not read), wherever the source's pieces ended. */
EKS_API uint64_t eks_capture_reader_bytes(const eks_capture_reader *r);
/* JSON Lines: lines seen so far (the line-number base of a reader that starts after them;
 * 0 for NULL). */
EKS_API uint64_t eks_capture_reader_lines(const eks_capture_reader *r);
/* Frees the reader (NULL ok) and releases its source. */
EKS_API void eks_capture_reader_free(eks_capture_reader *r);

#ifdef __cplusplus
}
#endif

#endif
