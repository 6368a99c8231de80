/* Capture readers: kind detection, the byte source, dispatch and small shared helpers. */
#include "capture_internal.h"
#include "http_name.h"
#include "json_scan.h" /* EKS_JSON_X86_SIMD, and its SSE2 intrinsics */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *eks_capture_kind_name(eks_capture_kind kind)
{
    switch (kind) {
    case EKS_CAPTURE_JSONL: return "jsonl";
    case EKS_CAPTURE_HAR: return "har";
    case EKS_CAPTURE_HTTP: return "http";
    case EKS_CAPTURE_UNKNOWN: break;
    }
    return "unknown";
}

const char *eks_capture_position_name(eks_capture_kind kind)
{
    switch (kind) {
    case EKS_CAPTURE_JSONL: return "line";
    case EKS_CAPTURE_HAR: return "entry";
    case EKS_CAPTURE_HTTP: return "offset";
    case EKS_CAPTURE_UNKNOWN: break;
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

eks_capture_kind eks_capture_detect(const char *head, size_t len)
{
    if (!head)
        return EKS_CAPTURE_UNKNOWN;
    size_t i = 0;
    if (len >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n'))
        i++;
    if (i >= len)
        return EKS_CAPTURE_UNKNOWN;
    if (head[i] == '{') {
        i++;
        while (i < len && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n'))
            i++;
        /* HAR 1.2: the root object has exactly one member, "log". */
        if (len - i >= 5 && memcmp(head + i, "\"log\"", 5) == 0)
            return EKS_CAPTURE_HAR;
        return EKS_CAPTURE_JSONL;
    }
    if (len - i >= 5 && memcmp(head + i, "HTTP/", 5) == 0)
        return EKS_CAPTURE_HTTP;
    /* request-line = method SP request-target SP HTTP-version (RFC 9112 §3) */
    size_t m = i;
    while (m < len && is_tchar((unsigned char)head[m]))
        m++;
    if (m > i && m < len && head[m] == ' ') {
        const char *eol = memchr(head + m, '\n', len - m);
        size_t lim = eol ? (size_t)(eol - head) : len;
        for (size_t p = m + 1; p + 6 <= lim; p++)
            if (memcmp(head + p, " HTTP/", 6) == 0)
                return EKS_CAPTURE_HTTP;
    }
    return EKS_CAPTURE_UNKNOWN;
}

ptrdiff_t eks_capture_read(eks_capture_reader *r, char *dst, size_t n, char *err, size_t errlen)
{
    if (r->mem) {
        size_t k = r->mem_len - r->mem_pos;
        if (k > n)
            k = n;
        if (k)
            memcpy(dst, r->mem + r->mem_pos, k);
        r->mem_pos += k;
        r->src_off += k;
        return (ptrdiff_t)k;
    }
    if (r->src_done || n == 0)
        return 0;
    char why[128] = "";
    ptrdiff_t got = r->src.read(r->src.user, dst, n, why, sizeof why);
    if (got < 0 || (size_t)got > n) {
        r->src_done = true;
        snprintf(err, errlen, "read error: %s", why[0] ? why : "the read callback failed");
        return -1;
    }
    if (got == 0)
        r->src_done = true;
    r->src_off += (uint64_t)got;
    return got;
}

/* Fills the defaults, then opens the reader of r->kind; frees r when that fails. */
static bool reader_start(eks_capture_reader *r, const eks_capture_options *options, eks_capture_reader **out,
                         char *err, size_t errlen)
{
    if (options)
        r->opt = *options;
    if (!r->opt.max_line_bytes)
        r->opt.max_line_bytes = EKS_CAPTURE_DEFAULT_MAX_LINE_BYTES;
    if (!r->opt.max_message_bytes)
        r->opt.max_message_bytes = EKS_CAPTURE_DEFAULT_MAX_MESSAGE_BYTES;
    if (!r->opt.max_har_bytes)
        r->opt.max_har_bytes = EKS_CAPTURE_DEFAULT_MAX_HAR_BYTES;
    bool ok = false;
    switch (r->kind) {
    case EKS_CAPTURE_JSONL: ok = eks_capture_jsonl_open(r, err, errlen); break;
    case EKS_CAPTURE_HTTP: ok = eks_capture_http_open(r, err, errlen); break;
    case EKS_CAPTURE_HAR: ok = eks_capture_har_open(r, err, errlen); break;
    case EKS_CAPTURE_UNKNOWN: snprintf(err, errlen, "not a HAR, JSON Lines or HTTP/1.1 capture"); break;
    default: snprintf(err, errlen, "invalid capture kind %d", (int)r->kind); break;
    }
    if (!ok) {
        eks_capture_reader_free(r);
        return false;
    }
    *out = r;
    return true;
}

bool eks_capture_reader_new(eks_capture_reader **out, eks_capture_kind kind, const eks_capture_source *src,
                            const eks_capture_options *options, char *err, size_t errlen)
{
    if (!out || !src || !src->read) {
        /* the source is released as by any other failed open, so its owner need not
         * tell this failure from the others */
        if (src && src->release)
            src->release(src->user);
        if (out)
            *out = NULL;
        snprintf(err, errlen, "invalid argument: %s", !out ? "no reader to open" : !src ? "no source" : "no read callback");
        return false;
    }
    *out = NULL;
    eks_capture_reader *r = calloc(1, sizeof *r);
    if (!r) {
        if (src->release)
            src->release(src->user);
        snprintf(err, errlen, "out of memory");
        return false;
    }
    r->kind = kind;
    r->src = *src;
    r->src_off = src->offset;
    return reader_start(r, options, out, err, errlen);
}

bool eks_capture_reader_new_memory(eks_capture_reader **out, eks_capture_kind kind, const char *data, size_t len,
                                   const eks_capture_options *options, char *err, size_t errlen)
{
    if (!out) {
        snprintf(err, errlen, "invalid argument: no reader to open");
        return false;
    }
    *out = NULL;
    eks_capture_reader *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    r->kind = kind;
    r->mem = data ? data : "";
    r->mem_len = data ? len : 0;
    return reader_start(r, options, out, err, errlen);
}

int eks_capture_reader_next(eks_capture_reader *r, eks_exchange *ex, char *err, size_t errlen)
{
    if (!r || !ex) {
        if (err && errlen)
            snprintf(err, errlen, "invalid argument: %s", !r ? "no reader" : "no exchange to fill");
        return -1;
    }
    eks_diags_free(&ex->diags);
    eks_diags_init(&ex->diags);
    ex->position = 0;
    ex->has_request = ex->has_response = false;
    memset(&ex->request, 0, sizeof ex->request);
    memset(&ex->response, 0, sizeof ex->response);
    ex->host = ex->authority = EKS_STR_ABSENT;
    switch (r->kind) {
    case EKS_CAPTURE_JSONL: return eks_capture_jsonl_next(r, ex, err, errlen);
    case EKS_CAPTURE_HTTP: return eks_capture_http_next(r, ex, err, errlen);
    case EKS_CAPTURE_HAR: return eks_capture_har_next(r, ex, err, errlen);
    case EKS_CAPTURE_UNKNOWN: break;
    }
    return 0;
}

uint64_t eks_capture_reader_bytes(const eks_capture_reader *r) { return r ? r->bytes : 0; }
uint64_t eks_capture_reader_lines(const eks_capture_reader *r) { return r ? r->lines : 0; }

void eks_capture_reader_free(eks_capture_reader *r)
{
    if (!r)
        return;
    eks_capture_jsonl_free(r);
    eks_capture_http_free(r);
    eks_capture_har_free(r);
    if (r->src.release)
        r->src.release(r->src.user);
    free(r);
}

eks_str eks_capture_without_userinfo(eks_str authority)
{
    /* the last '@' ends the userinfo; memchr first, as almost no authority has one (this
     * runs for every captured request) */
    if (!authority.ptr || !memchr(authority.ptr, '@', authority.len))
        return authority;
    const char *at = authority.ptr + authority.len - 1;
    while (*at != '@')
        at--;
    return (eks_str){at + 1, (size_t)(authority.ptr + authority.len - at - 1)};
}

#if EKS_JSON_X86_SIMD
/* Bit i set where p[i] equals a byte of va, vb, vc or vd (each sixteen times one byte). */
static inline unsigned any4_mask16(const char *p, __m128i va, __m128i vb, __m128i vc, __m128i vd)
{
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, va), _mm_cmpeq_epi8(v, vb)),
                               _mm_or_si128(_mm_cmpeq_epi8(v, vc), _mm_cmpeq_epi8(v, vd)));
    return (unsigned)_mm_movemask_epi8(hit);
}
#endif

/* The first byte of [s, e) that is a, b, c or d, or e. Reads no byte outside [lo, e) (lo <= s):
 * 16 bytes a step where SSE2 is there, a tail under 16 as the 16 that end at e when [lo, e)
 * holds that many (the bits of the bytes before s shifted out), else bytewise. */
static inline const char *find_any4(const char *lo, const char *s, const char *e, char a, char b, char c, char d)
{
#if EKS_JSON_X86_SIMD
    const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b), vc = _mm_set1_epi8(c), vd = _mm_set1_epi8(d);
    for (; e - s >= 16; s += 16) {
        unsigned m = any4_mask16(s, va, vb, vc, vd);
        if (m)
            return s + __builtin_ctz(m);
    }
    if (s < e && e - lo >= 16) {
        unsigned m = any4_mask16(e - 16, va, vb, vc, vd) >> (16 - (e - s));
        return m ? s + __builtin_ctz(m) : e;
    }
#else
    (void)lo;
#endif
    for (; s < e; s++)
        if (*s == a || *s == b || *s == c || *s == d)
            return s;
    return e;
}

/* eks_capture_split_url for a URL that starts "https://" or "http://", as every capture writer
 * writes them, in at most three forward scans instead of the general path's five searches and
 * bytewise scheme loop (about 300 instructions for each JSON Lines record). Its answers are the
 * general path's: with no '#', '/' or '?' in the scheme, the authority runs from the "//" to
 * the first '/', '?' or '#' (the general path's first '/' before the fragment, cut at a '?'
 * before it), the path on to the first '?' or '#', the query from that '?' to the first '#'.
 * An authority holding an '@' (userinfo) is left to the general path: false then (with
 * *authority perhaps written). */
static bool split_http_url(eks_str url, eks_str *authority, eks_str *path, eks_str *query)
{
    const char *u = url.ptr, *end = url.ptr + url.len;
    size_t scheme = url.len >= 7 && memcmp(u, "http", 4) == 0 ? (u[4] == 's' ? 5 : 4) : 0;
    if (!scheme || url.len < scheme + 3 || memcmp(u + scheme, "://", 3) != 0)
        return false;
    const char *a = u + scheme + 3;
    const char *ae = find_any4(u, a, end, '/', '?', '#', '@');
    if (ae < end && *ae == '@')
        return false;
    *authority = (eks_str){a, (size_t)(ae - a)};
    const char *pe = ae < end && *ae == '/' ? find_any4(u, ae + 1, end, '?', '#', '?', '#') : ae;
    *path = pe > ae ? (eks_str){ae, (size_t)(pe - ae)} : EKS_STR_LIT("/");
    *query = EKS_STR_ABSENT;
    if (pe < end && *pe == '?') {
        const char *fe = find_any4(u, pe + 1, end, '#', '#', '#', '#');
        *query = (eks_str){pe + 1, (size_t)(fe - pe - 1)};
    }
    return true;
}

/* Any URL or target, as eks_capture_split_url describes. */
__attribute__((noinline)) static bool split_url_general(eks_str url, eks_str *authority, eks_str *path, eks_str *query)
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
        const char *a = scheme_end + 3;
        const char *slash = memchr(a, '/', (size_t)(end - a));
        const char *ae = slash ? slash : end;
        const char *qm = memchr(a, '?', (size_t)(ae - a));
        if (qm)
            ae = qm;
        *authority = eks_capture_without_userinfo((eks_str){a, (size_t)(ae - a)});
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

bool eks_capture_split_url(eks_str url, eks_str *authority, eks_str *path, eks_str *query)
{
    if (url.ptr && split_http_url(url, authority, path, query))
        return true;
    return split_url_general(url, authority, path, query);
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

bool eks_capture_base64_decode(const char *in, size_t len, char *out, size_t *out_len)
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

bool eks_capture_headers_grow(eks_capture_headers *h)
{
    size_t ncap = h->cap ? h->cap * 2 : 32;
    eks_header *n = realloc(h->items, ncap * sizeof *n);
    if (!n) {
        h->out_of_memory = true;
        return false;
    }
    h->items = n;
    h->cap = ncap;
    return true;
}

void eks_capture_headers_free(eks_capture_headers *h)
{
    free(h->items);
    memset(h, 0, sizeof *h);
}

void eks_capture_set_host(eks_exchange *ex)
{
    /* the first Host field, as eks_http_find_header(..., "host") finds it, without its strlen
     * and bytewise compare for every captured request */
    const eks_header *h = eks_http_find_lower4(ex->request.headers, ex->request.header_count, "host");
    ex->host = h ? h->value : ex->authority;
}
