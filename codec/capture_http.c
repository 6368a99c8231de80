/*
 * Raw HTTP/1.1 captures: the messages of a connection in the order they were sent, parsed
 * with eks_http_parse (RFC 9112 framing). Responses answer requests in order (RFC 9112
 * §9.3.2), so a response is paired with the oldest request still waiting for one, which
 * also pairs pipelined requests right; interim 1xx responses are skipped; a response to
 * HEAD has no body.
 *
 * Two buffers. The read buffer holds the message being read and what was read after it;
 * everything before that message is dropped whenever more must be read, so empty lines,
 * interim responses and finished exchanges never take room. A request is copied, once
 * whole, to the waiting area until its response comes. Every decision (a message too big,
 * a request that does not fit behind the waiting ones) depends on the messages' sizes only,
 * never on how far the source happened to read ahead: a file is judged the same whatever
 * the pieces its source hands over.
 *
 * After a framing error nothing later in the file can be trusted (the next message's start
 * is unknown), so the reader reports the error at its byte offset and stops.
 */
#include "capture_internal.h"
#include "ekscodec/http_parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The read buffer starts small (most captures are small, and the fuzzer opens one per
 * input) and doubles whenever a read would get less than HTTP_MIN_READ bytes of room. */
#define HTTP_INITIAL_BUFFER (64u * 1024u)
#define HTTP_MIN_READ (16u * 1024u)
/* Requests waiting for their responses. A capture of requests alone (no responses) is valid:
 * each request is given alone once this many more follow it, or at the end of the file. */
#define HTTP_MAX_WAITING 16u

typedef struct waiting_request {
    uint64_t position; /* file offset of its request line */
    size_t len;        /* its bytes, at the front of the waiting area after those before it */
    bool head;         /* a HEAD request: its response has no body */
} waiting_request;

struct eks_capture_http {
    char *buf;        /* read buffer */
    size_t cap;
    size_t len;
    uint64_t start;   /* file offset where this reader began */
    uint64_t base;    /* file offset of buf[0] */
    size_t scan;      /* start of the next unread message in buf */
    eks_buf waiting_bytes;                     /* the waiting requests' bytes, oldest first */
    waiting_request waiting[HTTP_MAX_WAITING]; /* oldest first */
    size_t nwaiting;
    size_t given_len; /* bytes of the request given last, still at the front of waiting_bytes */
    bool eof;
    bool bom_checked; /* a UTF-8 byte order mark opening the file has been looked for */
    bool dead;        /* a framing error or a 101 ended the file */
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
    eks_buf_init(&r->http->waiting_bytes);
    return true;
}

void eks_capture_http_free(eks_capture_reader *r)
{
    if (!r->http)
        return;
    eks_http_message_free(&r->http->req);
    eks_http_message_free(&r->http->resp);
    eks_buf_free(&r->http->waiting_bytes);
    free(r->http->buf);
    free(r->http);
    r->http = NULL;
}

/* The most bytes one message can take: body limit, header and trailer sections, start line. */
static size_t message_limit(const eks_capture_reader *r)
{
    /* a body limit meant as "no limit" (SIZE_MAX) must not wrap the sums below */
    size_t body = r->opt.max_message_bytes < SIZE_MAX / 4 ? r->opt.max_message_bytes : SIZE_MAX / 4;
    return body + 2 * EKS_HTTP_DEFAULT_MAX_HEADER_BYTES + EKS_HTTP_DEFAULT_MAX_START_LINE_BYTES;
}

/* The read buffer's bound: one message, twice over for a chunked body's framing (chunk-size
 * lines count against no limit), and one read's room. */
static size_t read_limit(const eks_capture_reader *r) { return 2 * message_limit(r) + HTTP_MIN_READ; }

/* Reads more input after buf[len], first dropping the bytes before h->scan (nothing points
 * there while a message is being read). 0 read something or at end; -1 I/O error; -2 the
 * buffer holds read_limit bytes of the message at h->scan, which is then too big. */
static int more(eks_capture_reader *r, char *err, size_t errlen)
{
    eks_capture_http *h = r->http;
    if (h->read_failed) {
        snprintf(err, errlen, "%s", h->read_err);
        return -1;
    }
    if (h->scan > 0) {
        memmove(h->buf, h->buf + h->scan, h->len - h->scan);
        h->len -= h->scan;
        h->base += h->scan;
        h->scan = 0;
    }
    size_t limit = read_limit(r);
    if (h->len >= limit)
        return -2;
    if (h->cap - h->len < HTTP_MIN_READ && h->cap < limit) {
        size_t ncap = h->cap ? h->cap * 2 : HTTP_INITIAL_BUFFER;
        if (ncap > limit)
            ncap = limit;
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

typedef enum { MSG_OK, MSG_BAD, MSG_IOERR } msg_result;

/* Parses the message at h->scan, reading more input until it is complete (reading may move
 * it to buf[0]). Errors go to diags, at file offsets. */
static msg_result parse_next(eks_capture_reader *r, bool response_to_head, eks_http_message *msg, eks_diags *diags,
                             char *err, size_t errlen)
{
    eks_capture_http *h = r->http;
    eks_http_parse_options opt = {.max_body_bytes = r->opt.max_message_bytes,
                                  .response_to_head = response_to_head};
    for (;;) {
        eks_http_message_free(msg);
        size_t parsed = h->len - h->scan;
        eks_status st = eks_http_parse(h->buf ? h->buf + h->scan : "", parsed, &opt, msg);
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
            while (m == 0 && !h->eof && h->len - h->scan < 2 * parsed);
            if (m != 0 && h->len - h->scan > parsed)
                continue; /* the bytes read before the failure or the limit may complete it */
            if (m == -1)
                return MSG_IOERR;
            if (m == 0)
                continue;
            eks_diags_add(diags, EKS_SEV_ERROR, EKS_DIAG_LIMIT_EXCEEDED, "", (size_t)(h->base + h->scan),
                          "message at byte offset %llu is larger than the reader's limit",
                          (unsigned long long)(h->base + h->scan));
            return MSG_BAD;
        }
        if (st == EKS_OK)
            return MSG_OK;
        if (st == EKS_ERR_OUT_OF_MEMORY) {
            snprintf(err, errlen, "out of memory");
            return MSG_IOERR;
        }
        /* the parser's own diagnostic, moved to file offsets */
        for (size_t i = 0; i < msg->diags.count; i++) {
            const eks_diag *d = &msg->diags.items[i];
            size_t off = d->offset == SIZE_MAX ? SIZE_MAX : (size_t)(h->base + h->scan + d->offset);
            eks_diags_add(diags, d->severity, d->code, d->path, off, "%s", d->message);
        }
        if (msg->diags.count == 0)
            eks_diags_add(diags, EKS_SEV_ERROR, EKS_DIAG_HTTP_MALFORMED, "", (size_t)(h->base + h->scan),
                          "unreadable HTTP message (%s)", eks_strerror(st));
        return MSG_BAD;
    }
}

/* Moves h->scan past the empty lines between messages, reading as needed (they are dropped
 * as they are read); at the end of the input h->scan == h->len. */
static int skip_empty_lines(eks_capture_reader *r, char *err, size_t errlen)
{
    eks_capture_http *h = r->http;
    for (;;) {
        if (!h->bom_checked) {
            /* A UTF-8 byte order mark opening the file (a capture saved by a Windows editor)
             * is skipped, as eks_capture_detect skips it: it is no part of any message. */
            if (h->len - h->scan < 3 && !h->eof) {
                if (more(r, err, errlen) != 0) /* -2 cannot happen: under 3 bytes are kept */
                    return -1;
                continue;
            }
            h->bom_checked = true;
            if (h->base + h->scan == 0 && h->len - h->scan >= 3 && memcmp(h->buf + h->scan, "\xEF\xBB\xBF", 3) == 0)
                h->scan += 3;
        }
        while (h->scan < h->len && (h->buf[h->scan] == '\r' || h->buf[h->scan] == '\n'))
            h->scan++;
        if (h->scan < h->len || h->eof)
            return 0;
        if (more(r, err, errlen) != 0) /* -2 cannot happen: the buffer was emptied */
            return -1;
    }
}

/* Is the message at h->scan a response? Reads until its first 5 bytes are buffered. */
static int starts_response(eks_capture_reader *r, bool *response, char *err, size_t errlen)
{
    eks_capture_http *h = r->http;
    while (h->len - h->scan < 5 && !h->eof)
        if (more(r, err, errlen) != 0) /* -2 cannot happen: under 5 bytes are kept */
            return -1;
    *response = h->len - h->scan >= 5 && memcmp(h->buf + h->scan, "HTTP/", 5) == 0;
    return 0;
}

/* Parser warnings (e.g. Content-Length next to chunked) belong to the exchange. */
static void add_warnings(eks_exchange *ex, const eks_http_message *msg)
{
    for (size_t i = 0; i < msg->diags.count; i++) {
        const eks_diag *d = &msg->diags.items[i];
        if (d->severity == EKS_SEV_WARNING)
            eks_diags_add(&ex->diags, d->severity, d->code, d->path, SIZE_MAX, "%s", d->message);
    }
}

/* The oldest waiting request becomes the exchange, with h->resp when it holds a response.
 * Its bytes stay at the front of the waiting area until the next call (the views). */
static int give_oldest(eks_capture_reader *r, eks_exchange *ex, char *err, size_t errlen)
{
    eks_capture_http *h = r->http;
    waiting_request w = h->waiting[0];
    h->nwaiting--;
    memmove(h->waiting, h->waiting + 1, h->nwaiting * sizeof *h->waiting);
    h->given_len = w.len;
    ex->position = w.position;
    eks_http_parse_options opt = {.max_body_bytes = r->opt.max_message_bytes};
    if (eks_http_parse(h->waiting_bytes.ptr, w.len, &opt, &h->req) != EKS_OK || h->req.consumed != w.len) {
        /* it parsed whole before, from the same bytes */
        snprintf(err, errlen, "internal error: a waiting request no longer parses");
        return -1;
    }
    ex->has_request = true;
    ex->request = h->req.request;
    ex->authority = eks_capture_without_userinfo(h->req.authority);
    eks_capture_set_host(ex);
    add_warnings(ex, &h->req);
    if (h->resp.kind == EKS_HTTP_RESPONSE) {
        ex->has_response = true;
        ex->response = h->resp.response;
        add_warnings(ex, &h->resp);
    }
    r->bytes = h->base + h->scan - h->start;
    return 1;
}

/* The oldest waiting request, given without its response because the requests pipelined
 * after it do not fit behind it (HTTP_MAX_WAITING of them, or the bytes they may hold): the
 * pairing of the later responses is a guess from here on, which the warning says. */
static int give_oldest_crowded_out(eks_capture_reader *r, eks_exchange *ex, char *err, size_t errlen)
{
    int g = give_oldest(r, ex, err, errlen);
    if (g == 1)
        eks_diags_add(&ex->diags, EKS_SEV_WARNING, EKS_DIAG_LIMIT_EXCEEDED, "", SIZE_MAX,
                      "given without a response: the pipelined requests after it exceed "
                      "the reader's limit, so later responses may be paired with the "
                      "wrong requests");
    return g;
}

/* Puts the request just parsed at buf[at..] (h->req) to wait for its response. False when
 * it does not fit behind the requests already waiting: the waiting area holds one message
 * at the limits (a single request may exceed that alone, by its chunked framing). */
static bool put_to_wait(eks_capture_reader *r, size_t at, bool *oom)
{
    eks_capture_http *h = r->http;
    size_t n = h->req.consumed;
    *oom = false;
    if (h->nwaiting && h->waiting_bytes.len + n > message_limit(r))
        return false;
    if (eks_buf_append(&h->waiting_bytes, h->buf + at, n) != EKS_OK) {
        *oom = true;
        return false;
    }
    h->waiting[h->nwaiting++] =
        (waiting_request){h->base + at, n, eks_str_eq_cstr(h->req.request.method, "HEAD")};
    return true;
}

/* After a 101 the connection speaks another protocol (RFC 9110 §15.2.2): nothing more is
 * read. Whether anything follows is asked of the source with a one-byte read, so a source
 * that has not yet reported its end (the memory reader) answers like any other. A failed
 * read says nothing either way: no warning, and the failure is reported next. */
static bool bytes_after_101(eks_capture_reader *r)
{
    eks_capture_http *h = r->http;
    if (h->len > h->scan)
        return true;
    if (h->eof || h->read_failed)
        return false;
    char probe;
    ptrdiff_t got = eks_capture_read(r, &probe, 1, h->read_err, sizeof h->read_err);
    if (got < 0)
        h->read_failed = true;
    return got > 0;
}

/* Reading failed (err says why). The requests already whole are given first, each without
 * a response, as the end of the file would give them; the failure comes after them. Out of
 * memory is reported at once. */
static int give_waiting_then_fail(eks_capture_reader *r, eks_exchange *ex, char *err, size_t errlen)
{
    eks_capture_http *h = r->http;
    if (!h->read_failed || !h->nwaiting)
        return -1;
    eks_http_message_free(&h->resp);
    return give_oldest(r, ex, err, errlen);
}

int eks_capture_http_next(eks_capture_reader *r, eks_exchange *ex, char *err, size_t errlen)
{
    eks_capture_http *h = r->http;
    eks_http_message_free(&h->req);
    eks_http_message_free(&h->resp);
    if (h->given_len) { /* the last exchange's request: its views are released */
        eks_buf *wb = &h->waiting_bytes;
        memmove(wb->ptr, wb->ptr + h->given_len, wb->len - h->given_len);
        wb->len -= h->given_len;
        h->given_len = 0;
    }
    for (;;) {
        if (h->dead) {
            if (h->nwaiting)
                return give_oldest(r, ex, err, errlen);
            if (h->read_failed) { /* the source failed while the reader looked past the end */
                snprintf(err, errlen, "%s", h->read_err);
                return -1;
            }
            return 0;
        }
        if (skip_empty_lines(r, err, errlen) == -1)
            return give_waiting_then_fail(r, ex, err, errlen);
        if (h->scan == h->len) { /* the end */
            r->bytes = h->base + h->scan - h->start;
            return h->nwaiting ? give_oldest(r, ex, err, errlen) : 0;
        }
        bool response = false;
        if (starts_response(r, &response, err, errlen) == -1)
            return give_waiting_then_fail(r, ex, err, errlen);
        if (!response && h->nwaiting == HTTP_MAX_WAITING)
            return give_oldest_crowded_out(r, ex, err, errlen);
        bool to_head = response && h->nwaiting && h->waiting[0].head;
        eks_http_message *msg = response ? &h->resp : &h->req;
        msg_result m = parse_next(r, to_head, msg, &ex->diags, err, errlen);
        if (m == MSG_IOERR) {
            eks_http_message_free(msg);
            return give_waiting_then_fail(r, ex, err, errlen);
        }
        if (m == MSG_BAD) {
            eks_http_message_free(msg);
            if (!response && h->nwaiting) {
                /* the waiting requests first; this one fails again once they are given */
                eks_diags_free(&ex->diags);
                eks_diags_init(&ex->diags);
                return give_oldest(r, ex, err, errlen);
            }
            /* nothing from here on is read: progress stops at this message's first byte */
            h->dead = true;
            r->bytes = h->base + h->scan - h->start;
            if (response && h->nwaiting)
                return give_oldest(r, ex, err, errlen); /* the request, with its response's error */
            ex->position = h->base + h->scan;
            return 1;
        }
        size_t at = h->scan;
        h->scan += msg->consumed;
        if (!response) {
            bool oom;
            bool waits = put_to_wait(r, at, &oom);
            eks_http_message_free(&h->req);
            if (oom) {
                snprintf(err, errlen, "out of memory");
                return -1;
            }
            if (waits)
                continue;
            /* parsed again once the oldest has made room */
            h->scan = at;
            return give_oldest_crowded_out(r, ex, err, errlen);
        }
        int status = h->resp.response.status;
        if (status / 100 == 1 && status != 101) { /* interim (RFC 9110 §15.2): the final one follows */
            eks_http_message_free(&h->resp);
            continue;
        }
        if (status == 101) {
            h->dead = true;
            if (bytes_after_101(r))
                eks_diags_add(&ex->diags, EKS_SEV_WARNING, EKS_DIAG_HTTP_MALFORMED, "", SIZE_MAX,
                              "101 Switching Protocols: the bytes after this response are another "
                              "protocol and are not read");
        }
        if (h->nwaiting)
            return give_oldest(r, ex, err, errlen);
        ex->position = h->base + at; /* a response with no request before it */
        ex->has_response = true;
        ex->response = h->resp.response;
        add_warnings(ex, &h->resp);
        r->bytes = h->base + h->scan - h->start;
        return 1;
    }
}
