/* Private to the capture readers: the byte source and the per-kind entry points. */
#ifndef EKSCODEC_TOOLS_CAPTURE_INTERNAL_H
#define EKSCODEC_TOOLS_CAPTURE_INTERNAL_H

#include "capture.h"

#include <sys/types.h>

/* Bytes [off, end) of an fd: pread for regular files (readers may share the fd), read()
 * otherwise; prefix bytes (already taken from a pipe for detection) come first. */
typedef struct cap_source {
    int fd;
    bool seekable;
    uint64_t off;
    uint64_t end;
    char *prefix;
    size_t prefix_len;
    size_t prefix_pos;
} cap_source;

/* Reads up to n bytes: > 0 bytes read, 0 at the end, -1 on error (errno set). */
ssize_t cap_source_read(cap_source *src, char *dst, size_t n);

typedef struct cap_jsonl cap_jsonl;
typedef struct cap_http cap_http;
typedef struct cap_har cap_har;

struct cap_reader {
    cap_kind kind;
    cap_source src;
    cap_options opt;
    uint64_t bytes;  /* consumed, for progress */
    uint64_t lines;  /* JSONL lines seen */
    cap_jsonl *jsonl;
    cap_http *http;
    cap_har *har;
};

bool cap_jsonl_open(cap_reader *r, char *err, size_t errlen);
int cap_jsonl_next(cap_reader *r, cap_exchange *ex, char *err, size_t errlen);
void cap_jsonl_free(cap_reader *r);

bool cap_http_open(cap_reader *r, char *err, size_t errlen);
int cap_http_next(cap_reader *r, cap_exchange *ex, char *err, size_t errlen);
void cap_http_free(cap_reader *r);

bool cap_har_open(cap_reader *r, char *err, size_t errlen);
int cap_har_next(cap_reader *r, cap_exchange *ex, char *err, size_t errlen);
void cap_har_free(cap_reader *r);

/* Parses one JSON Lines exchange in place (line[len] must be writable and is overwritten
 * with NUL; strings are unescaped inside line). Views in ex point into line or into hdrs.
 * Problems are added to ex->diags. Exposed for tests and the benchmark. */
void cap_jsonl_parse_line(char *line, size_t len, cap_headers *hdrs, cap_exchange *ex);

#endif
