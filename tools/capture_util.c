/* Capture readers: kind detection, byte source, dispatch and small shared helpers. */
#include "capture_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *cap_kind_name(cap_kind kind)
{
    switch (kind) {
    case CAP_JSONL: return "jsonl";
    case CAP_HAR: return "har";
    case CAP_HTTP: return "http";
    case CAP_UNKNOWN: break;
    }
    return "unknown";
}

const char *cap_position_name(cap_kind kind)
{
    switch (kind) {
    case CAP_JSONL: return "line";
    case CAP_HAR: return "entry";
    case CAP_HTTP: return "offset";
    case CAP_UNKNOWN: break;
    }
    return "position";
}

static bool is_tchar(unsigned char c)
{
    /* RFC 9110 §5.6.2 token characters. */
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return c && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

cap_kind cap_detect(const char *head, size_t len)
{
    size_t i = 0;
    if (len >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n'))
        i++;
    if (i >= len)
        return CAP_UNKNOWN;
    if (head[i] == '{') {
        i++;
        while (i < len && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n'))
            i++;
        /* HAR 1.2: the root object has exactly one member, "log". */
        if (len - i >= 5 && memcmp(head + i, "\"log\"", 5) == 0)
            return CAP_HAR;
        return CAP_JSONL;
    }
    if (len - i >= 5 && memcmp(head + i, "HTTP/", 5) == 0)
        return CAP_HTTP;
    /* request-line = method SP request-target SP HTTP-version (RFC 9112 §3) */
    size_t m = i;
    while (m < len && is_tchar((unsigned char)head[m]))
        m++;
    if (m > i && m < len && head[m] == ' ') {
        const char *eol = memchr(head + m, '\n', len - m);
        size_t lim = eol ? (size_t)(eol - head) : len;
        for (size_t p = m + 1; p + 6 <= lim; p++)
            if (memcmp(head + p, " HTTP/", 6) == 0)
                return CAP_HTTP;
    }
    return CAP_UNKNOWN;
}

ssize_t cap_source_read(cap_source *src, char *dst, size_t n)
{
    if (src->prefix_pos < src->prefix_len) {
        size_t k = src->prefix_len - src->prefix_pos;
        if (k > n)
            k = n;
        memcpy(dst, src->prefix + src->prefix_pos, k);
        src->prefix_pos += k;
        src->off += k;
        return (ssize_t)k;
    }
    if (src->off >= src->end)
        return 0;
    if ((uint64_t)n > src->end - src->off)
        n = (size_t)(src->end - src->off);
    for (;;) {
        ssize_t got = src->seekable ? pread(src->fd, dst, n, (off_t)src->off) : read(src->fd, dst, n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got > 0)
            src->off += (uint64_t)got;
        return got;
    }
}

bool cap_reader_open(cap_reader **out, cap_kind kind, int fd, uint64_t start, uint64_t end,
                     const char *prefix, size_t prefix_len, const cap_options *options,
                     char *err, size_t errlen)
{
    *out = NULL;
    cap_reader *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    r->kind = kind;
    if (options)
        r->opt = *options;
    if (!r->opt.max_line_bytes)
        r->opt.max_line_bytes = CAP_DEFAULT_MAX_LINE_BYTES;
    if (!r->opt.max_message_bytes)
        r->opt.max_message_bytes = CAP_DEFAULT_MAX_MESSAGE_BYTES;
    if (!r->opt.max_har_bytes)
        r->opt.max_har_bytes = CAP_DEFAULT_MAX_HAR_BYTES;
    struct stat st;
    r->src.fd = fd;
    r->src.seekable = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    r->src.off = start;
    r->src.end = end;
    if (prefix_len) {
        r->src.prefix = malloc(prefix_len);
        if (!r->src.prefix) {
            free(r);
            snprintf(err, errlen, "out of memory");
            return false;
        }
        memcpy(r->src.prefix, prefix, prefix_len);
        r->src.prefix_len = prefix_len;
    }
    bool ok = false;
    switch (kind) {
    case CAP_JSONL: ok = cap_jsonl_open(r, err, errlen); break;
    case CAP_HTTP: ok = cap_http_open(r, err, errlen); break;
    case CAP_HAR: ok = cap_har_open(r, err, errlen); break;
    case CAP_UNKNOWN: snprintf(err, errlen, "not a HAR, JSON Lines or HTTP/1.1 capture"); break;
    }
    if (!ok) {
        cap_reader_free(r);
        return false;
    }
    *out = r;
    return true;
}

int cap_reader_next(cap_reader *r, cap_exchange *ex, char *err, size_t errlen)
{
    eks_diags_free(&ex->diags);
    eks_diags_init(&ex->diags);
    ex->position = 0;
    ex->has_request = ex->has_response = false;
    memset(&ex->request, 0, sizeof ex->request);
    memset(&ex->response, 0, sizeof ex->response);
    ex->host = ex->authority = EKS_STR_ABSENT;
    switch (r->kind) {
    case CAP_JSONL: return cap_jsonl_next(r, ex, err, errlen);
    case CAP_HTTP: return cap_http_next(r, ex, err, errlen);
    case CAP_HAR: return cap_har_next(r, ex, err, errlen);
    case CAP_UNKNOWN: break;
    }
    return 0;
}

uint64_t cap_reader_bytes(const cap_reader *r) { return r->bytes; }
uint64_t cap_reader_lines(const cap_reader *r) { return r->lines; }

void cap_reader_free(cap_reader *r)
{
    if (!r)
        return;
    cap_jsonl_free(r);
    cap_http_free(r);
    cap_har_free(r);
    free(r->src.prefix);
    free(r);
}

bool cap_split_url(eks_str url, eks_str *authority, eks_str *path, eks_str *query)
{
    *authority = *path = *query = EKS_STR_ABSENT;
    if (!url.ptr)
        return false;
    const char *p = url.ptr, *end = url.ptr + url.len;
    const char *hash = memchr(p, '#', url.len);
    if (hash)
        end = hash;
    const char *scheme_end = NULL;
    for (const char *q = p; q < end && *q != '/' && *q != '?'; q++)
        if (*q == ':') {
            scheme_end = q;
            break;
        }
    if (scheme_end && end - scheme_end >= 3 && scheme_end[1] == '/' && scheme_end[2] == '/') {
        const char *a = scheme_end + 3, *ae = a;
        while (ae < end && *ae != '/' && *ae != '?')
            ae++;
        /* userinfo may hold a password: never keep it */
        const char *at = NULL;
        for (const char *q = a; q < ae; q++)
            if (*q == '@')
                at = q;
        if (at)
            a = at + 1;
        *authority = (eks_str){a, (size_t)(ae - a)};
        p = ae;
    } else if (p == end || *p != '/') {
        return false;
    }
    const char *qm = memchr(p, '?', (size_t)(end - p));
    const char *pe = qm ? qm : end;
    *path = pe > p ? (eks_str){p, (size_t)(pe - p)} : EKS_STR_LIT("/");
    if (qm)
        *query = (eks_str){qm + 1, (size_t)(end - qm - 1)};
    return true;
}

static int b64val(unsigned char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

bool cap_base64_decode(const char *in, size_t len, char *out, size_t *out_len)
{
    uint32_t acc = 0;
    int bits = 0;
    size_t o = 0, pad = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
            continue;
        if (c == '=') {
            pad++;
            continue;
        }
        int v = b64val(c);
        if (v < 0 || pad)
            return false;
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (char)((acc >> bits) & 0xFF);
        }
    }
    /* RFC 4648 §3.5: leftover bits must be zero; at most two '=' pad characters. */
    if (pad > 2 || bits >= 6 || (acc & ((1u << bits) - 1)) != 0)
        return false;
    *out_len = o;
    return true;
}

bool cap_headers_push(cap_headers *h, eks_str name, eks_str value)
{
    if (h->count == h->cap) {
        size_t ncap = h->cap ? h->cap * 2 : 32;
        eks_header *n = realloc(h->items, ncap * sizeof *n);
        if (!n)
            return false;
        h->items = n;
        h->cap = ncap;
    }
    h->items[h->count++] = (eks_header){name, value};
    return true;
}

void cap_headers_free(cap_headers *h)
{
    free(h->items);
    memset(h, 0, sizeof *h);
}

void cap_exchange_set_host(cap_exchange *ex)
{
    const eks_header *h = eks_http_find_header(ex->request.headers, ex->request.header_count, "host");
    ex->host = h ? h->value : ex->authority;
}
