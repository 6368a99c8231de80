/*
 * Raw HTTP/1.1 captures: the messages of a connection in the order they were sent, parsed
 * with eks_http_parse (RFC 9112 framing). Responses answer requests in order (RFC 9112
 * §9.3.2), so a response is paired with the oldest request still waiting for one, which
 * also pairs pipelined requests right; interim 1xx responses are skipped; a response to
 * HEAD has no body. The file is read incrementally: the buffer holds the waiting requests
 * and the message being read (bounded by the parser's limits) and is compacted before each
 * exchange.
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
/* Requests waiting for their responses. A capture of requests alone (no responses) is valid:
 * each request is given alone once this many more follow it, or at the end of the file. */
#define HTTP_MAX_WAITING 16u

typedef struct waiting_request {
    size_t at;  /* offset of its start line in buf */
    bool head;  /* a HEAD request: its response has no body */
} waiting_request;

struct eks_capture_http {
    char *buf;
    size_t cap;
    size_t len;
    uint64_t start;   /* file offset where this reader began */
    uint64_t base;    /* file offset of buf[0] */
    size_t scan;      /* start of the next unread message in buf */
    waiting_request waiting[HTTP_MAX_WAITING]; /* oldest first */
    size_t nwaiting;
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

/* The most bytes the buffer holds, whatever the source's piece sizes: reads stop exactly
 * there, so where a file's pipelined requests overflow it does not depend on them. */
static size_t max_buffer(const eks_capture_reader *r)
{
    /* a request and its response, each at most body limit + head limits, and one interim
     * response between them; pipelined requests beyond that are given alone (see parse_at) */
    return 2 * (r->opt.max_message_bytes + 2 * EKS_HTTP_DEFAULT_MAX_HEADER_BYTES +
                EKS_HTTP_DEFAULT_MAX_START_LINE_BYTES) +
           EKS_HTTP_DEFAULT_MAX_HEADER_BYTES + EKS_HTTP_DEFAULT_MAX_START_LINE_BYTES + HTTP_MIN_READ;
}

/* 0 read something or at end; -1 I/O error; -2 buffer at its limit */
static int more(eks_capture_reader *r, char *err, size_t errlen)
{
    eks_capture_http *h = r->http;
    if (h->read_failed) {
        snprintf(err, errlen, "%s", h->read_err);
        return -1;
    }
    size_t limit = max_buffer(r);
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

typedef enum { MSG_OK, MSG_BAD, MSG_DEFER, MSG_IOERR } msg_result;

/* Parses the message at buf[at..], reading more input until it is complete. Errors go to
 * diags, at file offsets. With can_defer, a buffer at its limit is MSG_DEFER rather than an
 * error: the waiting requests' bytes, not this message, fill it. */
static msg_result parse_at(eks_capture_reader *r, size_t at, bool response_to_head, bool can_defer,
                           eks_http_message *msg, eks_diags *diags, char *err, size_t errlen)
{
    eks_capture_http *h = r->http;
    eks_http_parse_options opt = {.max_body_bytes = r->opt.max_message_bytes,
                                  .response_to_head = response_to_head};
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
            if (can_defer)
                return MSG_DEFER;
            eks_diags_add(diags, EKS_SEV_ERROR, EKS_DIAG_LIMIT_EXCEEDED, "", (size_t)(h->base + at),
                          "message at byte offset %llu is larger than the reader's limit",
                          (unsigned long long)(h->base + at));
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
            size_t off = d->offset == SIZE_MAX ? SIZE_MAX : (size_t)(h->base + at + d->offset);
            eks_diags_add(diags, d->severity, d->code, d->path, off, "%s", d->message);
        }
        if (msg->diags.count == 0)
            eks_diags_add(diags, EKS_SEV_ERROR, EKS_DIAG_HTTP_MALFORMED, "", (size_t)(h->base + at),
                          "unreadable HTTP message (%s)", eks_strerror(st));
        return MSG_BAD;
    }
}

/* Drops the bytes before the oldest waiting request (or the next message). Always when an
 * exchange's views are released; between messages of one call (skipped interim responses,
 * requests put to wait) only once they are at least half the buffer, so that the moves cost
 * no more than the bytes consumed. */
static void compact(eks_capture_http *h, bool always)
{
    size_t keep = h->nwaiting ? h->waiting[0].at : h->scan;
    if (keep == 0 || (!always && keep < h->len - keep))
        return;
    memmove(h->buf, h->buf + keep, h->len - keep);
    h->len -= keep;
    h->base += keep;
    h->scan -= keep;
    for (size_t i = 0; i < h->nwaiting; i++)
        h->waiting[i].at -= keep;
}

/* Both return 0, -1 on an I/O error, or -2 when the buffer is full of requests waiting for
 * responses (with none waiting, the bytes before h->scan are dropped to make room, so -2
 * cannot happen then). */

/* Moves h->scan past the empty lines between messages, reading as needed; at the end of the
 * input h->scan == h->len. Read empty lines are dropped, so a run of them needs no room. */
static int skip_empty_lines(eks_capture_reader *r, char *err, size_t errlen)
{
    eks_capture_http *h = r->http;
    for (;;) {
        while (h->scan < h->len && (h->buf[h->scan] == '\r' || h->buf[h->scan] == '\n'))
            h->scan++;
        if (h->scan < h->len || h->eof)
            return 0;
        compact(h, true);
        int m = more(r, err, errlen);
        if (m < 0)
            return m;
    }
}

/* Is the message at h->scan a response? Reads until its first 5 bytes are buffered. */
static int starts_response(eks_capture_reader *r, bool *response, char *err, size_t errlen)
{
    eks_capture_http *h = r->http;
    while (h->len - h->scan < 5 && !h->eof) {
        compact(h, true); /* moves under 5 bytes when no request waits */
        int m = more(r, err, errlen);
        if (m < 0)
            return m;
    }
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
 * The request is parsed again: reading since it was parsed may have moved the buffer. */
static int give_oldest(eks_capture_reader *r, eks_exchange *ex, char *err, size_t errlen)
{
    eks_capture_http *h = r->http;
    waiting_request w = h->waiting[0];
    h->nwaiting--;
    memmove(h->waiting, h->waiting + 1, h->nwaiting * sizeof *h->waiting);
    ex->position = h->base + w.at;
    if (parse_at(r, w.at, false, false, &h->req, &ex->diags, err, errlen) != MSG_OK) {
        /* it parsed whole before, from the same bytes */
        snprintf(err, errlen, "internal error: a buffered request no longer parses");
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

/* The buffer is full of waiting requests and the message after them: the oldest is given
 * without a response, to make room. */
static int give_oldest_for_room(eks_capture_reader *r, eks_exchange *ex, char *err, size_t errlen)
{
    eks_capture_http *h = r->http;
    eks_http_message_free(&h->resp);
    if (!h->nwaiting) { /* cannot happen: with nothing waiting, reading makes room */
        snprintf(err, errlen, "internal error: raw HTTP buffer full with no request waiting");
        return -1;
    }
    int g = give_oldest(r, ex, err, errlen);
    if (g == 1)
        eks_diags_add(&ex->diags, EKS_SEV_WARNING, EKS_DIAG_LIMIT_EXCEEDED, "", SIZE_MAX,
                      "given without a response: the pipelined messages after this request "
                      "exceed the reader's buffer, so later responses may be paired with "
                      "the wrong requests");
    return g;
}

int eks_capture_http_next(eks_capture_reader *r, eks_exchange *ex, char *err, size_t errlen)
{
    eks_capture_http *h = r->http;
    eks_http_message_free(&h->req);
    eks_http_message_free(&h->resp);
    compact(h, true); /* the last exchange's views are released */
    for (;;) {
        compact(h, false); /* nothing points into the buffer here */
        if (h->dead)
            return h->nwaiting ? give_oldest(r, ex, err, errlen) : 0;
        int s = skip_empty_lines(r, err, errlen);
        if (s == -1)
            return -1;
        if (s == -2)
            return give_oldest_for_room(r, ex, err, errlen);
        size_t at = h->scan;
        if (at == h->len) { /* the end */
            r->bytes = h->base + h->scan - h->start;
            return h->nwaiting ? give_oldest(r, ex, err, errlen) : 0;
        }
        bool response = false;
        s = starts_response(r, &response, err, errlen);
        if (s == -1)
            return -1;
        if (s == -2)
            return give_oldest_for_room(r, ex, err, errlen);
        at = h->scan; /* reading may have compacted the buffer */
        if (!response && h->nwaiting == HTTP_MAX_WAITING)
            return give_oldest(r, ex, err, errlen);
        bool to_head = response && h->nwaiting && h->waiting[0].head;
        eks_http_message *msg = response ? &h->resp : &h->req;
        msg_result m = parse_at(r, at, to_head, h->nwaiting > 0, msg, &ex->diags, err, errlen);
        if (m == MSG_IOERR)
            return -1;
        if (m == MSG_DEFER)
            return give_oldest_for_room(r, ex, err, errlen);
        if (m == MSG_BAD) {
            if (!response && h->nwaiting) {
                /* the waiting requests first; this one fails again once they are given */
                eks_diags_free(&ex->diags);
                eks_diags_init(&ex->diags);
                return give_oldest(r, ex, err, errlen);
            }
            /* nothing from here on is read: progress stops at this message's first byte,
             * however much of the file happens to be buffered */
            h->dead = true;
            h->scan = at;
            eks_http_message_free(msg);
            if (response && h->nwaiting)
                return give_oldest(r, ex, err, errlen); /* the request, with its response's error */
            ex->position = h->base + at;
            r->bytes = h->base + h->scan - h->start;
            return 1;
        }
        h->scan = at + msg->consumed;
        if (!response) {
            h->waiting[h->nwaiting++] =
                (waiting_request){at, eks_str_eq_cstr(h->req.request.method, "HEAD")};
            eks_http_message_free(&h->req);
            continue;
        }
        int status = h->resp.response.status;
        if (status / 100 == 1 && status != 101) { /* interim (RFC 9110 §15.2): the final one follows */
            eks_http_message_free(&h->resp);
            continue;
        }
        if (status == 101) {
            /* RFC 9110 §15.2.2: the connection speaks another protocol after this response.
             * Whether anything follows is known only once a read says so (a memory source
             * has not yet reported its end); the buffer holds at least the response, so a
             * read error or a full buffer counts as "something follows". */
            h->dead = true;
            if (h->len == h->scan && !h->eof)
                (void)more(r, err, errlen);
            if (h->len > h->scan || !h->eof)
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
