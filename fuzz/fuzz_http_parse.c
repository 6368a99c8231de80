/*
 * eks_http_parse on arbitrary bytes: every message of the input in turn (pipelining), with
 * default options or small limits and a fixed expected kind chosen by the input's hash.
 * Beyond memory safety it checks what the header promises: limits hold on success, a strict
 * prefix of a message whose end is framed is "incomplete" (never "malformed", never OK), and
 * re-parsing exactly the consumed bytes gives the same message.
 */
#include "fuzz_support.h"

#include "ekscodec/http_parse.h"

static void touch_headers(fz_walk *w, const eks_header *h, size_t n)
{
    FZ_CHECK(n == 0 || h != NULL);
    for (size_t i = 0; i < n; i++) {
        FZ_CHECK(h[i].name.ptr != NULL && h[i].name.len > 0);
        fz_touch(w, h[i].name);
        fz_touch(w, h[i].value);
    }
}

static void check_ok(const eks_http_message *m, const eks_http_parse_options *o, size_t len)
{
    eks_limits none = eks_limits_resolve(NULL);
    fz_walk w = {&none, 0};
    FZ_CHECK(m->kind == EKS_HTTP_REQUEST || m->kind == EKS_HTTP_RESPONSE);
    FZ_CHECK(o->expect == EKS_HTTP_NONE || m->kind == o->expect);
    FZ_CHECK(m->consumed > 0 && m->consumed <= len);
    FZ_CHECK(!m->incomplete);
    FZ_CHECK(m->version.len == 8 && memcmp(m->version.ptr, "HTTP/", 5) == 0);
    const eks_header *hs;
    size_t hn;
    eks_str body;
    if (m->kind == EKS_HTTP_REQUEST) {
        const eks_http_request *r = &m->request;
        FZ_CHECK(r->method.len > 0);
        FZ_CHECK(r->method.len + 1 + m->target.len + 1 + m->version.len <= o->max_start_line_bytes);
        fz_touch(&w, r->method);
        fz_touch(&w, r->path);
        fz_touch(&w, r->query);
        fz_touch(&w, m->target);
        fz_touch(&w, m->authority);
        hs = r->headers;
        hn = r->header_count;
        body = r->body;
    } else {
        const eks_http_response *r = &m->response;
        FZ_CHECK(r->status >= 100 && r->status <= 599);
        FZ_CHECK(m->version.len + 4 + (m->reason.len ? 1 + m->reason.len : 0) <= o->max_start_line_bytes);
        fz_touch(&w, m->reason);
        if (o->response_to_head)
            FZ_CHECK(m->framing == EKS_HTTP_FRAMING_NONE && r->body.len == 0);
        hs = r->headers;
        hn = r->header_count;
        body = r->body;
    }
    FZ_CHECK(hn <= o->max_header_count);
    FZ_CHECK(m->trailer_count <= o->max_header_count);
    FZ_CHECK(body.len <= o->max_body_bytes);
    FZ_CHECK(m->trailer_count == 0 || m->framing == EKS_HTTP_FRAMING_CHUNKED);
    touch_headers(&w, hs, hn);
    touch_headers(&w, m->trailers, m->trailer_count);
    fz_touch(&w, body);
}

static eks_status parse_copy(const uint8_t *p, size_t n, const eks_http_parse_options *o,
                             eks_http_message *m)
{
    fz_pool pool = {{0}, 0};
    eks_str copy = fz_copy(&pool, p, n);
    eks_status st = eks_http_parse(copy.ptr, copy.len, o, m);
    fz_check_result(st, &m->diags);
    if (st == EKS_OK)
        check_ok(m, o, n);
    /* The views of a message point into the input: release the message first. */
    eks_http_message_free(m);
    fz_pool_free(&pool);
    return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint32_t h = fz_hash(data, size);
    eks_http_parse_options o = {0};
    if ((h & 3) == 0) {
        o.max_start_line_bytes = 1 + (h >> 2) % 96;
        o.max_header_count = 1 + (h >> 9) % 8;
        o.max_header_bytes = 1 + (h >> 12) % 256;
        o.max_body_bytes = 1 + (h >> 20) % 256;
    }
    o.expect = (eks_http_kind)((h >> 28) % 3);
    o.response_to_head = (h >> 27) & 1;
    /* The resolved values, for checking (the parser reads zero as "default"). */
    eks_http_parse_options eff = o;
    if (!eff.max_start_line_bytes)
        eff.max_start_line_bytes = EKS_HTTP_DEFAULT_MAX_START_LINE_BYTES;
    if (!eff.max_header_count)
        eff.max_header_count = EKS_HTTP_DEFAULT_MAX_HEADER_COUNT;
    if (!eff.max_header_bytes)
        eff.max_header_bytes = EKS_HTTP_DEFAULT_MAX_HEADER_BYTES;
    if (!eff.max_body_bytes)
        eff.max_body_bytes = EKS_HTTP_DEFAULT_MAX_BODY_BYTES;

    fz_pool pool = {{0}, 0};
    eks_str input = fz_copy(&pool, data, size);
    size_t off = 0;
    for (int n = 0; n < 4 && off <= size; n++) {
        eks_http_message m;
        eks_status st = eks_http_parse(input.ptr + off, size - off, n % 2 ? NULL : &o, &m);
        const eks_http_parse_options *used = n % 2 ? NULL : &eff;
        eks_http_parse_options defaults = {EKS_HTTP_DEFAULT_MAX_START_LINE_BYTES,
                                           EKS_HTTP_DEFAULT_MAX_HEADER_COUNT,
                                           EKS_HTTP_DEFAULT_MAX_HEADER_BYTES,
                                           EKS_HTTP_DEFAULT_MAX_BODY_BYTES, EKS_HTTP_NONE, false};
        if (!used)
            used = &defaults;
        fz_check_result(st, &m.diags);
        fz_check_offsets(&m.diags, size - off);
        if (st == EKS_ERR_MALFORMED_INPUT && m.incomplete)
            FZ_CHECK(m.diags.errors >= 1);
        if (st != EKS_OK) {
            if (m.head_complete) { /* the head's views hold even when the body does not */
                eks_limits lim = eks_limits_resolve(NULL);
                fz_walk w = {&lim, 0};
                const eks_header *hs = m.kind == EKS_HTTP_REQUEST ? m.request.headers : m.response.headers;
                size_t hn = m.kind == EKS_HTTP_REQUEST ? m.request.header_count : m.response.header_count;
                FZ_CHECK(m.kind == EKS_HTTP_REQUEST || m.kind == EKS_HTTP_RESPONSE);
                FZ_CHECK(hn <= used->max_header_count);
                touch_headers(&w, hs, hn);
                fz_touch(&w, m.version);
                fz_touch(&w, m.request.method);
                fz_touch(&w, m.request.path);
                fz_touch(&w, m.request.query);
            }
            eks_http_message_free(&m);
            break;
        }
        check_ok(&m, used, size - off);
        size_t consumed = m.consumed;
        eks_http_framing framing = m.framing;
        eks_http_message_free(&m);

        eks_http_message again;
        /* Exactly the consumed bytes are the same message. */
        eks_status st2 = parse_copy(data + off, consumed, used, &again);
        if (framing != EKS_HTTP_FRAMING_TO_END) {
            FZ_CHECK(st2 == EKS_OK);
            /* A strict prefix cannot be a complete message when the end is framed. */
            size_t k = (h >> 5) % consumed;
            eks_http_message pre;
            eks_status st3 = eks_http_parse(NULL, 0, used, &pre);
            eks_http_message_free(&pre);
            (void)st3;
            fz_pool pp = {{0}, 0};
            eks_str prefix = fz_copy(&pp, data + off, k);
            st3 = eks_http_parse(prefix.ptr, prefix.len, used, &pre);
            fz_check_result(st3, &pre.diags);
            FZ_CHECK(st3 == EKS_ERR_MALFORMED_INPUT && pre.incomplete);
            eks_http_message_free(&pre);
            fz_pool_free(&pp);
        }
        off += consumed;
    }
    fz_pool_free(&pool);
    return 0;
}
