/*
 * HTTP/1.1 message parser (RFC 9112). See include/ekscodec/http_parse.h for the contract.
 *
 * Shape: find each line (bounded by the limit that applies to it, so an endless line is a
 * limit error rather than an endless wait), validate it, keep views into the input. Only
 * folded field values, chunked bodies of two or more chunks and field arrays past the
 * inline capacity need owned storage; all of it lives in one arena plus one array.
 *
 * Every "ran out of bytes" path validates what it has first, so a prefix is reported as
 * incomplete only when every byte of it could still begin a valid message.
 */
#include "ekscodec/http_parse.h"

#include "arena.h"
#include "buf_inline.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct eks_http_owned_ {
    eks_arena arena;     /* folded field values, decoded chunked bodies */
    eks_header *fields;  /* heap field array once the inline one is full */
};

typedef struct parser {
    const char *in;
    size_t len;
    eks_http_parse_options opt;  /* resolved: no zero fields */
    eks_http_message *out;
    eks_header *fields;          /* headers, then trailers */
    size_t nfields;
    size_t cap;
} parser;

typedef enum line_res { LINE_OK, LINE_MORE, LINE_LONG } line_res;

/* ---- character classes (RFC 9110 §5.6.2 token, §5.5 field-vchar) ---- */

/* Not <ctype.h>: its answers depend on the process locale. */
static bool is_alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_tchar(unsigned char c)
{
    switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '^': case '_': case '`': case '|': case '~':
        return true;
    default:
        return is_alnum((char)c);
    }
}

/* VCHAR or obs-text: what may appear in a field value, reason phrase or request-target
 * (the target's URI syntax is checked by whoever interprets it, not by the framing). */
static bool is_vchar(unsigned char c)
{
    return (c > 0x20 && c < 0x7f) || c >= 0x80;
}

static bool is_ws(char c)
{
    return c == ' ' || c == '\t';
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static size_t sat_add(size_t a, size_t b)
{
    return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

/* s is lit (given in lower case) in any ASCII case. Not strncasecmp, which follows the
 * process's locale: under a Turkish one 'I' does not fold to 'i', and TRANSFER-ENCODING went
 * unseen (the message framed by Content-Length or as having no body). */
static bool name_is(eks_str s, const char *lit)
{
    size_t n = strlen(lit);
    return s.len == n && eks_ascii_equal_lower(s.ptr, lit, n);
}

/* ---- diagnostics ---- */

#if defined(__GNUC__)
#define EKS_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define EKS_PRINTF(f, a)
#endif

EKS_PRINTF(6, 0)
static eks_status vreport(parser *p, eks_status st, eks_severity sev, const char *path,
                          size_t off, const char *fmt, va_list ap)
{
    char msg[256];
    vsnprintf(msg, sizeof msg, fmt, ap);
    eks_diag_code code = st == EKS_ERR_LIMIT_EXCEEDED ? EKS_DIAG_LIMIT_EXCEEDED : EKS_DIAG_HTTP_MALFORMED;
    if (eks_diags_add(&p->out->diags, sev, code, path, off, "%s", msg) != EKS_OK)
        return EKS_ERR_OUT_OF_MEMORY;
    return st;
}

EKS_PRINTF(4, 5)
static eks_status malformed(parser *p, size_t off, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    eks_status st = vreport(p, EKS_ERR_MALFORMED_INPUT, EKS_SEV_ERROR, path, off, fmt, ap);
    va_end(ap);
    return st;
}

EKS_PRINTF(4, 5)
static eks_status too_big(parser *p, size_t off, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    eks_status st = vreport(p, EKS_ERR_LIMIT_EXCEEDED, EKS_SEV_ERROR, path, off, fmt, ap);
    va_end(ap);
    return st;
}

static eks_status need_more(parser *p, const char *what)
{
    p->out->incomplete = true;
    return malformed(p, p->len, "", "message truncated: input ends inside the %s", what);
}

/* A malformed field, located as "header:<name>". Only a name that a colon follows is one:
 * a line without a colon may be the wrapped rest of a value (a session token, a signature),
 * so its leading run of name characters is never echoed. The path is only formatted here,
 * on the error path. */
static eks_status field_error(parser *p, size_t off, const char *name, size_t n, const char *msg)
{
    char path[80];
    snprintf(path, sizeof path, "header:%.*s", (int)(n > 64 ? 64 : n), name);
    return malformed(p, off, path, "%s", msg);
}

/* ---- lines ---- */

/*
 * Finds the LF ending the line that starts at `from`, looking at no more than max_bytes
 * bytes (line ending included). On LINE_OK, [from, *eol) is the content without CR/LF and
 * *next the start of the following line. LINE_LONG: max_bytes were available and held no
 * LF. LINE_MORE: the input ends first; *eol is then the end of the available content
 * (minus a final CR that may begin a CRLF).
 */
static line_res find_line(const parser *p, size_t from, size_t max_bytes, size_t *eol, size_t *next)
{
    size_t avail = p->len - from;
    size_t n = avail < max_bytes ? avail : max_bytes;
    const char *lf = n ? memchr(p->in + from, '\n', n) : NULL;
    *eol = *next = p->len;
    if (!lf) {
        if (avail >= max_bytes)
            return LINE_LONG;
        if (*eol > from && p->in[*eol - 1] == '\r')
            (*eol)--;
        return LINE_MORE;
    }
    size_t i = (size_t)(lf - p->in);
    *next = i + 1;
    *eol = (i > from && p->in[i - 1] == '\r') ? i - 1 : i;
    return LINE_OK;
}

/* ---- start line (RFC 9112 §3, §4) ---- */

/* HTTP-version = "HTTP/" DIGIT "." DIGIT (§2.3). Bytes of s[0..n) that match, at most 8. */
static size_t version_prefix(const char *s, size_t n)
{
    static const char pat[] = "HTTP/d.d";
    size_t k = 0;
    for (; k < n && k < 8; k++) {
        char c = s[k];
        if (pat[k] == 'd' ? !(c >= '0' && c <= '9') : c != pat[k])
            break;
    }
    return k;
}

static eks_status check_version(parser *p, size_t i, size_t e, bool partial)
{
    size_t m = version_prefix(p->in + i, e - i);
    if (m < 8) {
        if (partial && i + m == e)
            return need_more(p, "start line");
        return malformed(p, i + m, "", "invalid HTTP-version (expected HTTP/DIGIT.DIGIT)");
    }
    p->out->version = (eks_str){p->in + i, 8};
    return EKS_OK;
}

static eks_status parse_request_line(parser *p, size_t s, size_t e, bool partial)
{
    const char *in = p->in;
    size_t i = s;
    while (i < e && is_tchar((unsigned char)in[i]))
        i++;
    if (i == e && partial)
        return need_more(p, "start line");
    if (i == s)
        return malformed(p, i, "", "request line must start with a method token");
    if (i == e || in[i] != ' ')
        return malformed(p, i, "", "method must be followed by a single SP");
    p->out->request.method = (eks_str){in + s, i - s};
    size_t t = ++i;
    while (i < e && is_vchar((unsigned char)in[i]))
        i++;
    if (i == e && partial)
        return need_more(p, "start line");
    if (i == t)
        return malformed(p, i, "", "empty or invalid request-target");
    if (i == e || in[i] != ' ')
        return malformed(p, i, "", "request-target must be followed by a single SP");
    p->out->target = (eks_str){in + t, i - t};
    i++;
    eks_status st = check_version(p, i, e, partial);
    if (st != EKS_OK)
        return st;
    if (i + 8 != e)
        return malformed(p, i + 8, "", "unexpected bytes after the HTTP-version");
    return partial ? need_more(p, "start line") : EKS_OK;
}

static eks_status parse_status_line(parser *p, size_t s, size_t e, bool partial)
{
    const char *in = p->in;
    eks_status st = check_version(p, s, e, partial);
    if (st != EKS_OK)
        return st;
    size_t i = s + 8;
    int status = 0;
    for (size_t k = 0; k < 4; k++, i++) {
        if (i == e && partial)
            return need_more(p, "start line");
        if (k == 0 ? (i == e || in[i] != ' ') : (i == e || in[i] < '0' || in[i] > '9'))
            return malformed(p, i, "", k == 0 ? "HTTP-version must be followed by a single SP"
                                               : "status code must be three digits");
        if (k > 0)
            status = status * 10 + (in[i] - '0');
    }
    if (status < 100 || status > 599)
        return malformed(p, s + 9, "", "status code %d is outside 100..599", status);
    p->out->response.status = status;
    /* RFC 9112 §4 requires the SP even with an empty reason; common senders drop both. */
    p->out->reason = (eks_str){in + i, 0};
    if (i < e) {
        if (in[i] != ' ')
            return malformed(p, i, "", "status code must be followed by SP and a reason phrase");
        size_t r = ++i;
        while (i < e && (is_vchar((unsigned char)in[i]) || is_ws(in[i])))
            i++;
        if (i < e)
            return malformed(p, i, "", "control character in the reason phrase");
        p->out->reason = (eks_str){in + r, e - r};
    }
    return partial ? need_more(p, "start line") : EKS_OK;
}

static eks_status parse_start_line(parser *p, size_t s, size_t e, bool partial)
{
    /* A method is a token and "HTTP/" holds '/', so the two kinds cannot be confused. */
    bool response = e - s >= 5 && memcmp(p->in + s, "HTTP/", 5) == 0;
    p->out->kind = response ? EKS_HTTP_RESPONSE : EKS_HTTP_REQUEST;
    bool known = response || !partial || e - s >= 5;
    if (p->opt.expect != EKS_HTTP_NONE && p->opt.expect != p->out->kind && known)
        return malformed(p, s, "", "expected an HTTP %s, found a %s",
                         p->opt.expect == EKS_HTTP_REQUEST ? "request" : "response",
                         response ? "response" : "request");
    return response ? parse_status_line(p, s, e, partial) : parse_request_line(p, s, e, partial);
}

/* ---- fields (RFC 9112 §5) ---- */

static struct eks_http_owned_ *owned(parser *p)
{
    if (!p->out->owned_) {
        p->out->owned_ = calloc(1, sizeof *p->out->owned_);
        if (p->out->owned_)
            eks_arena_init(&p->out->owned_->arena);
    }
    return p->out->owned_;
}

static eks_status push_field(parser *p, eks_header h)
{
    if (p->nfields == p->cap) {
        struct eks_http_owned_ *o = owned(p);
        if (!o || p->cap > SIZE_MAX / 2 / sizeof *p->fields)
            return EKS_ERR_OUT_OF_MEMORY;
        size_t cap = p->cap * 2;
        bool inline_now = p->fields == p->out->inline_fields_;
        eks_header *a = realloc(inline_now ? NULL : p->fields, cap * sizeof *a);
        if (!a)
            return EKS_ERR_OUT_OF_MEMORY;
        if (inline_now)
            memcpy(a, p->fields, p->nfields * sizeof *a);
        p->fields = o->fields = a;
        p->cap = cap;
    }
    p->fields[p->nfields++] = h;
    return EKS_OK;
}

/*
 * field-line = field-name ":" OWS field-value OWS. Fills name and trimmed value. With
 * partial, [s, e) is the available start of a line whose end has not arrived.
 */
static eks_status scan_field_line(parser *p, size_t s, size_t e, bool partial, const char *section,
                                  eks_header *h)
{
    const char *in = p->in;
    size_t i = s;
    while (i < e && is_tchar((unsigned char)in[i]))
        i++;
    if (i == e && partial)
        return need_more(p, section);
    if (i == s)
        return malformed(p, i, "", "%s line must start with a field name", section);
    if (i == e)
        return malformed(p, i, "", "%s line has no colon", section);
    if (in[i] != ':') {
        size_t k = i;
        while (k < e && is_ws(in[k]))
            k++;
        if (k < e && in[k] == ':')
            return field_error(p, i, in + s, i - s,
                               "whitespace between field name and colon (RFC 9112 §5.1)");
        if (k == e && partial)
            return need_more(p, section);
        /* judged on the bytes up to the first one that is neither a name character nor
         * whitespace, whatever follows: the same words however much of the line has arrived */
        return malformed(p, i, "", k > i ? "%s line has no colon" : "%s line has an invalid character in its field name",
                         section);
    }
    h->name = (eks_str){in + s, i - s};
    size_t v = ++i;
    while (i < e && (is_vchar((unsigned char)in[i]) || is_ws(in[i])))
        i++;
    if (i < e)
        return field_error(p, i, h->name.ptr, h->name.len, "control character in field value");
    if (partial)
        return need_more(p, section);
    while (v < e && is_ws(in[v]))
        v++;
    while (e > v && is_ws(in[e - 1]))
        e--;
    h->value = (eks_str){in + v, e - v};
    return EKS_OK;
}

/* Content of an obs-fold continuation line: field-vchar, SP, HTAB only. */
static eks_status scan_continuation(parser *p, size_t s, size_t e, const eks_header *h)
{
    for (size_t i = s; i < e; i++)
        if (!is_vchar((unsigned char)p->in[i]) && !is_ws(p->in[i]))
            return field_error(p, i, h->name.ptr, h->name.len, "control character in folded field value");
    return EKS_OK;
}

static eks_str trim_ows(const char *s, size_t n)
{
    while (n && is_ws(*s))
        s++, n--;
    while (n && is_ws(s[n - 1]))
        n--;
    return (eks_str){s, n};
}

/*
 * Joins the value on the field line with its continuation lines, which start at `from`
 * and end before `to` (all validated): RFC 9112 §5.2 lets a recipient replace each obs-fold
 * with SP, so the non-empty trimmed pieces are joined with one SP.
 */
static eks_status unfold(parser *p, eks_header *h, size_t from, size_t to)
{
    size_t total = h->value.len;
    for (int pass = 0; pass < 2; pass++) {
        char *dst = NULL;
        size_t n = h->value.len;
        if (pass == 1) {
            struct eks_http_owned_ *o = owned(p);
            dst = o ? eks_arena_alloc(&o->arena, total + 1) : NULL;
            if (!dst)
                return EKS_ERR_OUT_OF_MEMORY;
            memcpy(dst, h->value.ptr, n);
        }
        for (size_t i = from, eol, next; i < to; i = next) {
            find_line(p, i, to - i, &eol, &next);
            eks_str seg = trim_ows(p->in + i, eol - i);
            if (!seg.len)
                continue;
            if (n) {
                if (dst)
                    dst[n] = ' ';
                n++;
            }
            if (dst)
                memcpy(dst + n, seg.ptr, seg.len);
            n += seg.len;
        }
        total = n;
        if (dst)
            h->value = (eks_str){dst, n};
    }
    return EKS_OK;
}

/*
 * Field lines from *pos through the empty line that ends the section; appended to
 * p->fields. `section` ("header section" / "trailer section") names it in messages.
 */
static eks_status parse_fields(parser *p, size_t *pos, const char *section)
{
    const char *in = p->in;
    size_t start = *pos, i = *pos, count = 0, eol, next;
    size_t budget = p->opt.max_header_bytes;
    for (;;) {
        line_res r = find_line(p, i, budget - (i - start), &eol, &next);
        if (r == LINE_LONG)
            return too_big(p, i, "", "%s exceeds max_header_bytes (%zu)", section, budget);
        if (r == LINE_MORE) {
            /* Continuations are consumed with their field, so a line starting with
             * whitespace here has no field to continue. */
            eks_header h;
            if (eol > i && is_ws(in[i]))
                return malformed(p, i, "", "whitespace before the first field line (RFC 9112 §2.2)");
            /* the checks of a whole line, in the same order, so that the error found does
             * not depend on how much of the line has arrived ("\r" may begin the empty
             * line that ends the section) */
            if (eol > i && in[i] != '\r' && count == p->opt.max_header_count)
                return too_big(p, i, "", "%s has more than max_header_count (%zu) fields", section,
                               p->opt.max_header_count);
            return scan_field_line(p, i, eol, true, section, &h);
        }
        if (eol == i)
            break;
        if (is_ws(in[i]))
            return malformed(p, i, "", "whitespace before the first field line (RFC 9112 §2.2)");
        if (count == p->opt.max_header_count)
            return too_big(p, i, "", "%s has more than max_header_count (%zu) fields", section,
                           p->opt.max_header_count);
        eks_header h;
        eks_status st = scan_field_line(p, i, eol, false, section, &h);
        if (st != EKS_OK)
            return st;
        /* obs-fold: the next line continues this field when it starts with SP or HTAB. */
        size_t fold = next, j = next;
        for (;;) {
            if (j == p->len)
                return need_more(p, section);
            if (!is_ws(in[j]))
                break;
            r = find_line(p, j, budget - (j - start), &eol, &next);
            if (r == LINE_LONG)
                return too_big(p, j, "", "%s exceeds max_header_bytes (%zu)", section, budget);
            st = scan_continuation(p, j, eol, &h);
            if (st != EKS_OK)
                return st;
            if (r == LINE_MORE)
                return need_more(p, section);
            j = next;
        }
        if (j != fold && (st = unfold(p, &h, fold, j)) != EKS_OK)
            return st;
        if ((st = push_field(p, h)) != EKS_OK)
            return st;
        count++;
        i = j;
    }
    *pos = next;
    return EKS_OK;
}

/* ---- framing (RFC 9112 §6) ---- */

/* Input offset of a field's value for a diagnostic. A value joined from obsolete line
 * folding lives in the result's arena, not in the input: its field line's start then. */
static size_t value_offset(const parser *p, const eks_header *h)
{
    uintptr_t v = (uintptr_t)h->value.ptr, in = (uintptr_t)p->in;
    if (v >= in && v <= in + p->len)
        return (size_t)(v - in);
    return (size_t)((uintptr_t)h->name.ptr - in);
}

/* Transfer-Encoding: is it present, and is chunked the final coding (§6.1)? */
static eks_status scan_transfer_encoding(parser *p, size_t nheaders, bool *present, bool *chunked)
{
    *present = *chunked = false;
    for (size_t f = 0; f < nheaders; f++) {
        const eks_header *h = &p->fields[f];
        if (!name_is(h->name, "transfer-encoding"))
            continue;
        size_t off = value_offset(p, h);
        *present = true;
        const char *s = h->value.ptr, *end = s + h->value.len;
        while (s < end) {
            const char *comma = memchr(s, ',', (size_t)(end - s));
            const char *e = comma ? comma : end;
            eks_str item = trim_ows(s, (size_t)(e - s));
            s = comma ? comma + 1 : end;
            if (!item.len)
                continue; /* empty list elements are allowed (RFC 9110 §5.6.1) */
            size_t n = 0;
            while (n < item.len && is_tchar((unsigned char)item.ptr[n]))
                n++;
            if (n == 0 || (n < item.len && !is_ws(item.ptr[n]) && item.ptr[n] != ';'))
                return field_error(p, off, h->name.ptr, h->name.len, "invalid transfer-coding");
            if (*chunked)
                return field_error(p, off, h->name.ptr, h->name.len,
                                   "chunked must be the final transfer coding, applied once");
            *chunked = name_is((eks_str){item.ptr, n}, "chunked");
        }
    }
    return EKS_OK;
}

/* Content-Length = 1*DIGIT; repeats (fields or list members) must agree (§6.3 rule 5). */
static eks_status scan_content_length(parser *p, size_t nheaders, bool *present, size_t *value,
                                      bool *overflow)
{
    *present = *overflow = false;
    *value = 0;
    for (size_t f = 0; f < nheaders; f++) {
        const eks_header *h = &p->fields[f];
        if (!name_is(h->name, "content-length"))
            continue;
        size_t off = value_offset(p, h);
        const char *s = h->value.ptr, *end = s + h->value.len;
        for (bool more = true; more;) {
            const char *comma = memchr(s, ',', (size_t)(end - s));
            more = comma != NULL; /* "3," has an empty last member: invalid */
            eks_str item = trim_ows(s, (size_t)((comma ? comma : end) - s));
            s = comma ? comma + 1 : end;
            size_t v = 0;
            bool over = false;
            for (size_t k = 0; k < item.len; k++) {
                if (item.ptr[k] < '0' || item.ptr[k] > '9')
                    return field_error(p, off, h->name.ptr, h->name.len, "Content-Length is not decimal");
                unsigned d = (unsigned)(item.ptr[k] - '0');
                if (over)
                    continue;
                if (v > (SIZE_MAX - d) / 10)
                    over = true;
                else
                    v = v * 10 + d;
            }
            if (!item.len)
                return field_error(p, off, h->name.ptr, h->name.len, "Content-Length is not decimal");
            if (*present && (v != *value || over != *overflow))
                return field_error(p, off, h->name.ptr, h->name.len, "conflicting Content-Length values");
            *present = true;
            *value = v;
            *overflow = over;
        }
    }
    return EKS_OK;
}

/*
 * chunked-body = *chunk last-chunk trailer-section CRLF (§7.1). The first pass (dst NULL)
 * validates and measures; the second copies and cannot fail.
 */
static eks_status walk_chunks(parser *p, size_t *pos, char *dst, size_t *total, size_t *nchunks,
                              size_t *first)
{
    const char *in = p->in;
    size_t i = *pos, sum = 0, eol, next;
    size_t max_line = p->opt.max_start_line_bytes;
    *nchunks = 0;
    for (;;) {
        line_res r = find_line(p, i, sat_add(max_line, 2), &eol, &next);
        if (r == LINE_LONG || eol - i > max_line)
            return too_big(p, i, "body", "chunk-size line exceeds max_start_line_bytes (%zu)", max_line);
        size_t k = i, size = 0;
        bool over = false;
        for (int d; k < eol && (d = hex_value(in[k])) >= 0; k++) {
            if (size > (SIZE_MAX - (size_t)d) / 16)
                over = true;
            else
                size = size * 16 + (size_t)d;
        }
        if (k == i && !(r == LINE_MORE && k == eol))
            return malformed(p, k, "body", "chunk size is not a hexadecimal number");
        size_t x = k;
        while (x < eol && is_ws(in[x]))
            x++;
        if (x < eol && in[x] != ';')
            return malformed(p, x, "body", "unexpected bytes after the chunk size");
        for (size_t c = x; c < eol; c++)
            if (!is_vchar((unsigned char)in[c]) && !is_ws(in[c]))
                return malformed(p, c, "body", "control character in chunk extension");
        if (r == LINE_MORE)
            return need_more(p, "chunked body");
        if (x == eol && x != k)
            return malformed(p, k, "body", "whitespace after the chunk size without an extension");
        if (over || size > p->opt.max_body_bytes - sum)
            return too_big(p, i, "body", "chunked body exceeds max_body_bytes (%zu)", p->opt.max_body_bytes);
        i = next;
        if (size == 0)
            break;
        if (p->len - i < size)
            return need_more(p, "chunked body");
        if (dst)
            memcpy(dst + sum, in + i, size);
        if ((*nchunks)++ == 0)
            *first = i;
        sum += size;
        i += size;
        if (i < p->len && in[i] == '\n') {
            i++;
        } else if (i + 1 < p->len && in[i] == '\r' && in[i + 1] == '\n') {
            i += 2;
        } else if (i == p->len || (i + 1 == p->len && in[i] == '\r')) {
            return need_more(p, "chunked body");
        } else {
            return malformed(p, i, "body", "chunk data is not followed by CRLF");
        }
    }
    *pos = i;
    *total = sum;
    return EKS_OK;
}

static eks_status parse_chunked(parser *p, size_t *pos, eks_str *body)
{
    size_t i = *pos, total = 0, nchunks = 0, first = i;
    eks_status st = walk_chunks(p, &i, NULL, &total, &nchunks, &first);
    if (st != EKS_OK)
        return st;
    size_t nheaders = p->nfields;
    if ((st = parse_fields(p, &i, "trailer section")) != EKS_OK)
        return st;
    p->out->trailer_count = p->nfields - nheaders;
    if (nchunks <= 1) {
        /* One chunk is already contiguous in the input: no copy. */
        *body = (eks_str){p->in + first, total};
    } else {
        struct eks_http_owned_ *o = owned(p);
        char *dst = o ? eks_arena_alloc(&o->arena, total + 1) : NULL;
        if (!dst)
            return EKS_ERR_OUT_OF_MEMORY;
        size_t again = *pos;
        if ((st = walk_chunks(p, &again, dst, &total, &nchunks, &first)) != EKS_OK)
            return st;
        *body = (eks_str){dst, total};
    }
    *pos = i;
    return EKS_OK;
}

static eks_status parse_body(parser *p, size_t *pos, eks_str *body)
{
    eks_http_message *out = p->out;
    size_t nheaders = p->nfields, i = *pos, max = p->opt.max_body_bytes;
    bool request = out->kind == EKS_HTTP_REQUEST;
    int status = out->response.status;
    *body = (eks_str){p->in + i, 0};
    /* §6.3 rule 1: these responses end with the header section, whatever it says. */
    if (!request && (p->opt.response_to_head || status / 100 == 1 || status == 204 || status == 304)) {
        out->framing = EKS_HTTP_FRAMING_NONE;
        return EKS_OK;
    }
    bool te = false, chunked = false, cl = false, overflow = false;
    size_t length = 0;
    eks_status st = scan_transfer_encoding(p, nheaders, &te, &chunked);
    if (st != EKS_OK)
        return st;
    if (te) {
        if (out->version.ptr[5] == '1' && out->version.ptr[7] == '0') {
            const eks_header *h = eks_http_find_header(p->fields, nheaders, "transfer-encoding");
            return malformed(p, value_offset(p, h), "header:transfer-encoding",
                             "Transfer-Encoding in an HTTP/1.0 message (RFC 9112 §6.1)");
        }
        if (eks_http_find_header(p->fields, nheaders, "content-length") &&
            eks_diags_add(&out->diags, EKS_SEV_WARNING, EKS_DIAG_HTTP_MALFORMED, "header:content-length",
                          *pos, "Content-Length ignored: Transfer-Encoding takes precedence "
                                "(RFC 9112 §6.3)") != EKS_OK)
            return EKS_ERR_OUT_OF_MEMORY;
        if (chunked) {
            out->framing = EKS_HTTP_FRAMING_CHUNKED;
            return parse_chunked(p, pos, body);
        }
        if (request)
            return malformed(p, i, "header:transfer-encoding",
                             "request Transfer-Encoding does not end with chunked (RFC 9112 §6.3)");
    } else {
        if ((st = scan_content_length(p, nheaders, &cl, &length, &overflow)) != EKS_OK)
            return st;
    }
    if (cl) {
        out->framing = EKS_HTTP_FRAMING_CONTENT_LENGTH;
        /* Even with max_body_bytes = SIZE_MAX: an unrepresentable length cannot fit. */
        if (overflow || length > max)
            return too_big(p, i, "header:content-length", "Content-Length exceeds max_body_bytes (%zu)", max);
        if (p->len - i < length)
            return need_more(p, "body");
        *body = (eks_str){p->in + i, length};
        *pos = i + length;
    } else if (request) {
        out->framing = EKS_HTTP_FRAMING_NONE;
    } else {
        out->framing = EKS_HTTP_FRAMING_TO_END;
        if (p->len - i > max)
            return too_big(p, i, "body", "body exceeds max_body_bytes (%zu)", max);
        *body = (eks_str){p->in + i, p->len - i};
        *pos = p->len;
    }
    return EKS_OK;
}

/* ---- request-target (RFC 9112 §3.2) ---- */

static void split_target(eks_http_message *out)
{
    static const char root[] = "/";
    const char *t = out->target.ptr;
    size_t n = out->target.len, k = 0, path = 0;
    out->authority = EKS_STR_ABSENT;
    out->request.query = EKS_STR_ABSENT;
    if (eks_str_eq(out->request.method, EKS_STR_LIT("CONNECT"))) { /* methods are case-sensitive */
        /* authority-form: there is no path. */
        out->authority = out->target;
        out->request.path = EKS_STR_ABSENT;
        return;
    }
    /* absolute-form: scheme "://" authority path-abempty [ "?" query ] (RFC 3986 §3) */
    if ((t[0] | 0x20) >= 'a' && (t[0] | 0x20) <= 'z') {
        for (k = 1; k < n && (is_alnum(t[k]) || t[k] == '+' || t[k] == '-' || t[k] == '.'); k++)
            ;
        if (n - k >= 3 && memcmp(t + k, "://", 3) == 0) {
            size_t a = k + 3, b = a;
            while (b < n && t[b] != '/' && t[b] != '?')
                b++;
            out->authority = (eks_str){t + a, b - a};
            path = b;
        }
    }
    const char *q = memchr(t + path, '?', n - path);
    size_t path_end = q ? (size_t)(q - t) : n;
    out->request.path = (eks_str){t + path, path_end - path};
    if (out->authority.ptr && path_end == path)
        out->request.path = (eks_str){root, 1}; /* RFC 9112 §3.3: empty path means "/" */
    if (q)
        out->request.query = (eks_str){q + 1, n - path_end - 1};
}

/* ---- entry points ---- */

static eks_http_parse_options resolve(const eks_http_parse_options *in)
{
    eks_http_parse_options o = in ? *in : (eks_http_parse_options){0};
    if (!o.max_start_line_bytes)
        o.max_start_line_bytes = EKS_HTTP_DEFAULT_MAX_START_LINE_BYTES;
    if (!o.max_header_count)
        o.max_header_count = EKS_HTTP_DEFAULT_MAX_HEADER_COUNT;
    if (!o.max_header_bytes)
        o.max_header_bytes = EKS_HTTP_DEFAULT_MAX_HEADER_BYTES;
    if (!o.max_body_bytes)
        o.max_body_bytes = EKS_HTTP_DEFAULT_MAX_BODY_BYTES;
    return o;
}

eks_status eks_http_parse(const char *input, size_t len, const eks_http_parse_options *options,
                          eks_http_message *out)
{
    if (!out)
        return EKS_ERR_INVALID_ARGUMENT;
    memset(out, 0, sizeof *out);
    eks_diags_init(&out->diags);
    if (!input && len)
        return EKS_ERR_INVALID_ARGUMENT;
    if (options && options->expect != EKS_HTTP_NONE && options->expect != EKS_HTTP_REQUEST &&
        options->expect != EKS_HTTP_RESPONSE)
        return EKS_ERR_INVALID_ARGUMENT;
    parser p = {.in = input ? input : "", .len = len, .opt = resolve(options), .out = out,
                .fields = out->inline_fields_, .cap = EKS_HTTP_INLINE_FIELDS};
    eks_status st = EKS_OK;
    size_t i = 0, eol = 0, next = 0;

    /* RFC 9112 §2.2: empty lines before the start line are ignored (robustness). */
    while (i < len && (input[i] == '\n' || (input[i] == '\r' && i + 1 < len && input[i + 1] == '\n')))
        i += input[i] == '\n' ? 1 : 2;
    if (i == len || (i + 1 == len && input[i] == '\r')) {
        out->incomplete = true;
        st = malformed(&p, len, "", "no message: the input is empty or holds only empty lines");
        goto out;
    }
    size_t max_line = p.opt.max_start_line_bytes;
    line_res r = find_line(&p, i, sat_add(max_line, 2), &eol, &next);
    if (r == LINE_LONG || eol - i > max_line) {
        st = too_big(&p, i, "", "start line exceeds max_start_line_bytes (%zu)", max_line);
        goto out;
    }
    if ((st = parse_start_line(&p, i, eol, r == LINE_MORE)) != EKS_OK)
        goto out;
    i = next;
    if ((st = parse_fields(&p, &i, "header section")) != EKS_OK)
        goto out;
    size_t nheaders = p.nfields;
    if (out->kind == EKS_HTTP_REQUEST)
        split_target(out);
    out->head_complete = true;
    eks_str body = {0};
    st = parse_body(&p, &i, &body);
    /* after the body: reading trailers may have moved the field array */
    if (out->kind == EKS_HTTP_REQUEST) {
        out->request.headers = p.fields;
        out->request.header_count = nheaders;
    } else {
        out->response.headers = p.fields;
        out->response.header_count = nheaders;
    }
    if (st != EKS_OK)
        goto out;

    out->trailers = out->trailer_count ? p.fields + nheaders : NULL;
    out->consumed = i;
    if (out->kind == EKS_HTTP_REQUEST)
        out->request.body = body;
    else
        out->response.body = body;
out:
    if (st != EKS_OK && st != EKS_ERR_MALFORMED_INPUT && st != EKS_ERR_LIMIT_EXCEEDED &&
        !out->diags.errors)
        eks_diags_add(&out->diags, EKS_SEV_ERROR, EKS_DIAG_HTTP_MALFORMED, "", SIZE_MAX, "%s",
                      eks_strerror(st));
    return st;
}

void eks_http_message_free(eks_http_message *msg)
{
    if (!msg)
        return;
    eks_diags_free(&msg->diags);
    if (msg->owned_) {
        eks_arena_free(&msg->owned_->arena);
        free(msg->owned_->fields);
        free(msg->owned_);
    }
    memset(msg, 0, sizeof *msg);
}
