/*
 * Raw HTTP/1.1 captures: a request followed by its response, exchanges back to back, parsed
 * with eks_http_parse (RFC 9112 framing). The file is read incrementally: the buffer holds
 * one exchange (bounded by the parser's limits) and is compacted before the next.
 *
 * After a framing error nothing later in the file can be trusted (the next message's start
 * is unknown), so the reader reports the error at its byte offset and stops.
 */
#include "capture_internal.h"
#include "ekscodec/http_parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The buffer starts small (most captures are small, and the fuzzer opens one per input) and
 * doubles whenever a read would get less than HTTP_MIN_READ bytes of room. */
#define HTTP_INITIAL_BUFFER (64u * 1024u)
#define HTTP_MIN_READ (16u * 1024u)

struct eks_capture_http {
    char *buf;
    size_t cap;
    size_t len;
    uint64_t start;   /* file offset where this reader began */
    uint64_t base;    /* file offset of buf[0] */
    size_t pos;       /* start of the next exchange in buf */
    bool eof;
    bool dead;        /* a framing error ended the file */
    bool read_failed; /* the source failed: reported once the bytes before it are used */
    char read_err[160];
    eks_http_message req;
    eks_http_message resp;
};

bool eks_capture_http_open(eks_capture_reader *r, char *err, size_t errlen)
{
    r->http = calloc(1, sizeof *r->http);
    if (!r->http) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    r->http->base = r->http->start = r->src_off;
    return true;
}

void eks_capture_http_free(eks_capture_reader *r)
{
    if (!r->http)
        return;
    eks_http_message_free(&r->http->req);
    eks_http_message_free(&r->http->resp);
    free(r->http->buf);
    free(r->http);
    r->http = NULL;
}

static size_t max_buffer(const eks_capture_reader *r)
{
    /* a request and its response, each at most body limit + head limits */
    return 2 * (r->opt.max_message_bytes + 2 * EKS_HTTP_DEFAULT_MAX_HEADER_BYTES +
                EKS_HTTP_DEFAULT_MAX_START_LINE_BYTES) + HTTP_MIN_READ;
}

/* 0 read something or at end; -1 I/O error; -2 buffer at its limit */
static int more(eks_capture_reader *r, char *err, size_t errlen)
{
    eks_capture_http *h = r->http;
    if (h->read_failed) {
        snprintf(err, errlen, "%s", h->read_err);
        return -1;
    }
    if (h->cap - h->len < HTTP_MIN_READ) {
        if (h->cap >= max_buffer(r))
            return -2;
        size_t ncap = h->cap ? h->cap * 2 : HTTP_INITIAL_BUFFER;
        char *n = realloc(h->buf, ncap);
        if (!n) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        h->buf = n;
        h->cap = ncap;
    }
    ptrdiff_t got = eks_capture_read(r, h->buf + h->len, h->cap - h->len, err, errlen);
    if (got < 0) {
        /* kept: the source is not asked again, and a message completed by the bytes read
         * before the failure is still returned first */
        h->read_failed = true;
        snprintf(h->read_err, sizeof h->read_err, "%s", err);
        return -1;
    }
    if (got == 0)
        h->eof = true;
    h->len += (size_t)got;
    return 0;
}

typedef enum { MSG_OK, MSG_END, MSG_BAD, MSG_IOERR } msg_result;

/* Parses the message at buf[at..], reading more input until it is complete. */
static msg_result parse_at(eks_capture_reader *r, size_t at, eks_http_message *msg, eks_exchange *ex,
                           char *err, size_t errlen)
{
    eks_capture_http *h = r->http;
    eks_http_parse_options opt = {.max_body_bytes = r->opt.max_message_bytes};
    for (;;) {
        eks_http_message_free(msg);
        size_t parsed = h->len - at;
        eks_status st = eks_http_parse(h->buf ? h->buf + at : "", parsed, &opt, msg);
        /* A response without framing ends with the input: only the end of file ends it. */
        bool need_more = (st == EKS_OK && msg->framing == EKS_HTTP_FRAMING_TO_END && !h->eof) ||
                         (st == EKS_ERR_MALFORMED_INPUT && msg->incomplete && !h->eof);
        if (need_more) {
            /* Parse again only once the message's bytes have doubled (or the input ended,
             * failed or filled the buffer): a source handing over small pieces would
             * otherwise make each message cost time quadratic in its size (fuzz finding 10).
             * Reading ahead past the message's end is harmless: the bytes stay buffered for
             * the next one. */
            int m;
            do
                m = more(r, err, errlen);
            while (m == 0 && !h->eof && h->len - at < 2 * parsed);
            if (m != 0 && h->len - at > parsed)
                continue; /* the bytes read before the failure or the limit may complete it */
            if (m == -1)
                return MSG_IOERR;
            if (m == 0)
                continue;
            eks_diags_add(&ex->diags, EKS_SEV_ERROR, EKS_DIAG_LIMIT_EXCEEDED, "", (size_t)(h->base + at),
                          "message at byte offset %llu is larger than the reader's limit",
                          (unsigned long long)(h->base + at));
            return MSG_BAD;
        }
        if (st == EKS_OK)
            return MSG_OK;
        if (st == EKS_ERR_MALFORMED_INPUT && msg->incomplete && msg->kind == EKS_HTTP_NONE)
            return MSG_END; /* only empty lines left */
        if (st == EKS_ERR_OUT_OF_MEMORY) {
            snprintf(err, errlen, "out of memory");
            return MSG_IOERR;
        }
        /* the parser's own diagnostic, moved to file offsets */
        for (size_t i = 0; i < msg->diags.count; i++) {
            const eks_diag *d = &msg->diags.items[i];
            size_t off = d->offset == SIZE_MAX ? SIZE_MAX : (size_t)(h->base + at + d->offset);
            eks_diags_add(&ex->diags, d->severity, d->code, d->path, off, "%s", d->message);
        }
        if (msg->diags.count == 0)
            eks_diags_add(&ex->diags, EKS_SEV_ERROR, EKS_DIAG_HTTP_MALFORMED, "", (size_t)(h->base + at),
                          "unreadable HTTP message (%s)", eks_strerror(st));
        return MSG_BAD;
    }
}

int eks_capture_http_next(eks_capture_reader *r, eks_exchange *ex, char *err, size_t errlen)
{
    eks_capture_http *h = r->http;
    eks_http_message_free(&h->req);
    eks_http_message_free(&h->resp);
    if (h->dead)
        return 0;
    if (h->pos > 0) {
        memmove(h->buf, h->buf + h->pos, h->len - h->pos);
        h->len -= h->pos;
        h->base += h->pos;
        h->pos = 0;
    }
    if (h->len == 0 && !h->eof && more(r, err, errlen) == -1)
        return -1;
    /* Skip the empty lines between exchanges so the position is the start line's offset. */
    size_t lead = 0;
    for (;;) {
        while (lead < h->len && (h->buf[lead] == '\r' || h->buf[lead] == '\n'))
            lead++;
        if (lead < h->len || h->eof)
            break;
        if (more(r, err, errlen) == -1)
            return -1;
    }
    if (lead == h->len) {
        r->bytes = h->base + h->len - h->start;
        h->pos = h->len;
        return 0;
    }
    ex->position = h->base + lead;
    msg_result m1 = parse_at(r, lead, &h->req, ex, err, errlen);
    if (m1 == MSG_IOERR)
        return -1;
    if (m1 == MSG_END) {
        h->pos = h->len;
        return 0;
    }
    if (m1 == MSG_BAD) {
        h->dead = true;
        r->bytes = h->base + h->len - h->start;
        return 1;
    }
    size_t end1 = lead + h->req.consumed;
    size_t end = end1;
    if (h->req.kind == EKS_HTTP_REQUEST) {
        /* Is a response next? Peek at the next start line. */
        size_t p = end1;
        for (;;) {
            while (p < h->len && (h->buf[p] == '\r' || h->buf[p] == '\n'))
                p++;
            if (h->len - p >= 5 || h->eof)
                break;
            if (more(r, err, errlen) == -1)
                return -1;
        }
        if (h->len - p >= 5 && memcmp(h->buf + p, "HTTP/", 5) == 0) {
            msg_result m2 = parse_at(r, end1, &h->resp, ex, err, errlen);
            if (m2 == MSG_IOERR)
                return -1;
            if (m2 == MSG_BAD) {
                h->dead = true;
                eks_http_message_free(&h->resp);
            } else if (m2 == MSG_OK) {
                end = end1 + h->resp.consumed;
            }
        }
        /* reading more may have moved the buffer: parse the request again in place */
        if (parse_at(r, lead, &h->req, ex, err, errlen) != MSG_OK)
            return -1;
        ex->has_request = true;
        ex->request = h->req.request;
        ex->authority = eks_capture_without_userinfo(h->req.authority);
        eks_capture_set_host(ex);
        if (h->resp.kind == EKS_HTTP_RESPONSE) {
            ex->has_response = true;
            ex->response = h->resp.response;
        }
    } else {
        ex->has_response = true; /* a response with no request before it */
        ex->response = h->req.response;
    }
    /* parser warnings (e.g. Content-Length next to chunked) belong to the exchange */
    const eks_diags *pd[2] = {&h->req.diags, &h->resp.diags};
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < pd[k]->count; i++) {
            const eks_diag *d = &pd[k]->items[i];
            if (d->severity == EKS_SEV_WARNING)
                eks_diags_add(&ex->diags, d->severity, d->code, d->path, SIZE_MAX, "%s", d->message);
        }
    h->pos = h->dead ? h->len : end;
    r->bytes = h->base + h->pos - h->start;
    return 1;
}
