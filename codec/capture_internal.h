/* Private to the capture readers: the reader, the per-kind entry points and small shared
 * helpers (capture.c). */
#ifndef EKSCODEC_CAPTURE_INTERNAL_H
#define EKSCODEC_CAPTURE_INTERNAL_H

#include "ekscodec/capture.h"
#include "json_scan.h" /* eks_json_kernel, eks_json_scan_fn */

typedef struct eks_capture_jsonl eks_capture_jsonl;
typedef struct eks_capture_http eks_capture_http;
typedef struct eks_capture_har eks_capture_har;

struct eks_capture_reader {
    eks_capture_kind kind;
    eks_capture_source src;
    uint64_t src_off;   /* input offset of the next byte src.read returns */
    bool src_done;      /* src.read returned 0 or -1: it is not called again */
    const char *mem;    /* eks_capture_reader_new_memory: the caller's bytes */
    size_t mem_len;
    size_t mem_pos;
    eks_capture_options opt;
    uint64_t bytes;  /* consumed, for progress */
    uint64_t lines;  /* JSONL lines seen */
    eks_capture_jsonl *jsonl;
    eks_capture_http *http;
    eks_capture_har *har;
};

/* Reads up to n bytes from the reader's source: > 0 bytes read, 0 at the end, -1 on a read
 * error with "read error: <reason>" in err. */
ptrdiff_t eks_capture_read(eks_capture_reader *r, char *dst, size_t n, char *err, size_t errlen);

bool eks_capture_jsonl_open(eks_capture_reader *r, char *err, size_t errlen);
int eks_capture_jsonl_next(eks_capture_reader *r, eks_exchange *ex, char *err, size_t errlen);
void eks_capture_jsonl_free(eks_capture_reader *r);

bool eks_capture_http_open(eks_capture_reader *r, char *err, size_t errlen);
int eks_capture_http_next(eks_capture_reader *r, eks_exchange *ex, char *err, size_t errlen);
void eks_capture_http_free(eks_capture_reader *r);

bool eks_capture_har_open(eks_capture_reader *r, char *err, size_t errlen);
int eks_capture_har_next(eks_capture_reader *r, eks_exchange *ex, char *err, size_t errlen);
void eks_capture_har_free(eks_capture_reader *r);

/* Splits an absolute URL ("https://user@host:port/path?query#frag") or an origin-form
 * target ("/path?query"). authority excludes userinfo; path is "/" when empty. */
/* The authority without its userinfo ("user:password@"), which may hold a password and is
 * never kept: HAR and JSON Lines URLs, and raw HTTP's absolute-form request targets. */
eks_str eks_capture_without_userinfo(eks_str authority);
bool eks_capture_split_url(eks_str url, eks_str *authority, eks_str *path, eks_str *query);
/* Decodes standard base64 (RFC 4648 §4, padding optional, whitespace ignored) into out,
 * which may equal in (decoding never grows). Returns false on a bad character. */
bool eks_capture_base64_decode(const char *in, size_t len, char *out, size_t *out_len);
/* Growable header array reused across exchanges. A push that runs out of memory sets
 * out_of_memory (cleared by the caller per exchange): the reader then fails with
 * "out of memory" rather than passing on an exchange with headers missing. */
typedef struct eks_capture_headers {
    eks_header *items;
    size_t count;
    size_t cap;
    bool out_of_memory;
} eks_capture_headers;
bool eks_capture_headers_grow(eks_capture_headers *h);
/* Inline: a capture pushes every header it reads, and the call cost more than the store. */
static inline bool eks_capture_headers_push(eks_capture_headers *h, eks_str name, eks_str value)
{
    if (h->count == h->cap && !eks_capture_headers_grow(h))
        return false;
    h->items[h->count++] = (eks_header){name, value};
    return true;
}
void eks_capture_headers_free(eks_capture_headers *h);
/* HTTP/2 pseudo-headers (":authority", ":path", ...) are not fields of the HTTP/1.1 message
 * (RFC 9113 §8.3): every reader leaves them out of an exchange (exchange.h). */
static inline bool eks_capture_pseudo_header(eks_str name)
{
    return name.len && name.ptr[0] == ':';
}
/* Fills ex->host from the Host header or the authority. */
void eks_capture_set_host(eks_exchange *ex);

/* Parses one JSON Lines exchange in place (line[len] must be writable and is overwritten
 * with NUL; strings are unescaped inside line), its strings scanned by kernel with scan (as
 * eks_json_scan_best answers it, asked once per capture, or eks_json_scan_get(kernel)). Views
 * in ex point into line or into hdrs. Problems are added to ex->diags. Exposed for tests and
 * the benchmark. */
void eks_capture_jsonl_parse_line(char *line, size_t len, eks_json_kernel kernel, eks_json_scan_fn scan,
                                  eks_capture_headers *hdrs, eks_exchange *ex);

#endif
