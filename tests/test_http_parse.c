/*
 * HTTP/1.1 parser tests. Expected values are worked out by hand from RFC 9112 (message
 * syntax §2-§7) and RFC 9110 (field syntax §5); section numbers are cited per case.
 * Inputs are copied into exact-size heap buffers so ASan catches any read past the end.
 */
#include "ekscodec/http_parse.h"
#include "test_support.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct run {
    char *buf;
    size_t len;
    eks_status st;
    eks_http_message m;
} run;

static void parse_bytes(run *r, const char *s, size_t n, const eks_http_parse_options *o)
{
    r->buf = malloc(n ? n : 1);
    ck_assert_ptr_nonnull(r->buf);
    memcpy(r->buf, s, n);
    r->len = n;
    r->st = eks_http_parse(r->buf, n, o, &r->m);
}

static void parse(run *r, const char *s, const eks_http_parse_options *o)
{
    parse_bytes(r, s, strlen(s), o);
}

static void done(run *r)
{
    eks_http_message_free(&r->m);
    free(r->buf);
}

#define ck_view(v, lit)                                                                   \
    do {                                                                                  \
        eks_str v_ = (v);                                                                 \
        ck_assert_msg(v_.ptr && v_.len == strlen(lit) && memcmp(v_.ptr, lit, v_.len) == 0, \
                      "%s: got \"%.*s\", want \"%s\"", #v, (int)v_.len, v_.ptr ? v_.ptr : "(absent)", lit); \
    } while (0)

/* The diagnostics hold exactly one error, with this code, at this byte offset. */
static void expect_error(const run *r, eks_status st, eks_diag_code code, size_t offset)
{
    ck_assert_msg(r->st == st, "status %s, want %s (%s)", eks_strerror(r->st), eks_strerror(st),
                  r->m.diags.count ? r->m.diags.items[0].message : "no diagnostic");
    ck_assert_uint_eq(r->m.diags.errors, 1);
    const eks_diag *d = &r->m.diags.items[r->m.diags.count - 1];
    ck_assert_int_eq(d->severity, EKS_SEV_ERROR);
    ck_assert_int_eq(d->code, code);
    ck_assert_msg(d->offset == offset, "offset %zu, want %zu (%s)", d->offset, offset, d->message);
    ck_assert(strlen(d->message) > 10);
}

static void expect_malformed_at(const char *input, size_t offset)
{
    run r;
    parse(&r, input, NULL);
    expect_error(&r, EKS_ERR_MALFORMED_INPUT, EKS_DIAG_HTTP_MALFORMED, offset);
    ck_assert(!r.m.incomplete);
    done(&r);
}

/* Offset of the first occurrence of needle in hay (test inputs are built to contain it). */
static size_t at(const char *hay, const char *needle)
{
    const char *p = strstr(hay, needle);
    ck_assert_ptr_nonnull(p);
    return (size_t)(p - hay);
}

static const char post_crlf[] =
    "POST /clusters/prod/identity-provider-configs/disassociate?x=1&y HTTP/1.1\r\n"
    "Host: eks.us-west-2.amazonaws.com\r\n"
    "Content-Type:application/json  \r\n"
    "X-Amz-Date: \t20261128T010203Z\t \r\n"
    "x-amz-date: second\r\n"
    "Content-Length: 13\r\n"
    "\r\n"
    "{\"a\":\"b\\r\\n\"}";

START_TEST(request_line_headers_and_content_length)
{
    run r;
    parse(&r, post_crlf, NULL);
    ck_assert_int_eq(r.st, EKS_OK);
    ck_assert_int_eq(r.m.kind, EKS_HTTP_REQUEST);
    ck_view(r.m.request.method, "POST");
    ck_view(r.m.target, "/clusters/prod/identity-provider-configs/disassociate?x=1&y");
    ck_view(r.m.request.path, "/clusters/prod/identity-provider-configs/disassociate");
    ck_view(r.m.request.query, "x=1&y");
    ck_assert_ptr_null(r.m.authority.ptr);
    ck_view(r.m.version, "HTTP/1.1");
    ck_assert_uint_eq(r.m.request.header_count, 5);
    const eks_header *h = r.m.request.headers;
    /* Names as sent; OWS (SP / HTAB) around values is not part of the value (RFC 9110 §5.5). */
    ck_view(h[0].name, "Host");
    ck_view(h[0].value, "eks.us-west-2.amazonaws.com");
    ck_view(h[1].name, "Content-Type");
    ck_view(h[1].value, "application/json");
    ck_view(h[2].name, "X-Amz-Date");
    ck_view(h[2].value, "20261128T010203Z");
    ck_view(h[3].name, "x-amz-date");
    ck_view(h[3].value, "second");
    ck_assert_ptr_eq(eks_http_find_header(h, 5, "X-AMZ-DATE"), &h[2]);
    ck_view(r.m.request.body, "{\"a\":\"b\\r\\n\"}");
    ck_assert_int_eq(r.m.framing, EKS_HTTP_FRAMING_CONTENT_LENGTH);
    ck_assert_uint_eq(r.m.consumed, strlen(post_crlf));
    ck_assert_uint_eq(r.m.diags.count, 0);
    ck_assert_ptr_null(r.m.trailers);
    /* Views point into the caller's input. */
    ck_assert_ptr_eq(r.m.request.method.ptr, r.buf);
    ck_assert_ptr_eq(r.m.request.body.ptr, r.buf + strlen(post_crlf) - 13);
    done(&r);
}
END_TEST

START_TEST(query_absent_empty_and_raw)
{
    run r;
    parse(&r, "GET /a HTTP/1.1\r\n\r\n", NULL);
    ck_assert_int_eq(r.st, EKS_OK);
    ck_view(r.m.request.path, "/a");
    ck_assert_ptr_null(r.m.request.query.ptr);
    /* No framing headers on a request: no body (RFC 9112 §6.3 rule 7). */
    ck_assert_int_eq(r.m.framing, EKS_HTTP_FRAMING_NONE);
    ck_assert_uint_eq(r.m.request.body.len, 0);
    ck_assert_uint_eq(r.m.request.header_count, 0);
    done(&r);

    parse(&r, "GET /a? HTTP/1.1\r\n\r\n", NULL);
    ck_assert_int_eq(r.st, EKS_OK);
    ck_view(r.m.request.query, "");
    done(&r);

    /* Neither decoded nor normalised: dot segments, double slashes and %-escapes stay. */
    parse(&r, "POST /clusters/%2E%2e/a//b/../c?q=%20+x?y HTTP/1.0\r\n\r\n", NULL);
    ck_assert_int_eq(r.st, EKS_OK);
    ck_view(r.m.request.path, "/clusters/%2E%2e/a//b/../c");
    ck_view(r.m.request.query, "q=%20+x?y");
    ck_view(r.m.version, "HTTP/1.0");
    done(&r);
}
END_TEST

START_TEST(absolute_asterisk_and_authority_forms)
{
    run r;
    /* RFC 9112 §3.2.2 absolute-form. */
    parse(&r, "POST https://eks.us-west-2.amazonaws.com:443/clusters/a%2Fb/x?y=1 HTTP/1.1\r\n\r\n", NULL);
    ck_assert_int_eq(r.st, EKS_OK);
    ck_view(r.m.authority, "eks.us-west-2.amazonaws.com:443");
    ck_view(r.m.request.path, "/clusters/a%2Fb/x");
    ck_view(r.m.request.query, "y=1");
    done(&r);

    /* §3.3: an empty path is sent as "/". */
    parse(&r, "GET http://example.com?k HTTP/1.1\r\n\r\n", NULL);
    ck_assert_int_eq(r.st, EKS_OK);
    ck_view(r.m.authority, "example.com");
    ck_view(r.m.request.path, "/");
    ck_view(r.m.request.query, "k");
    done(&r);

    /* §3.2.4 asterisk-form. */
    parse(&r, "OPTIONS * HTTP/1.1\r\n\r\n", NULL);
    ck_assert_int_eq(r.st, EKS_OK);
    ck_view(r.m.request.path, "*");
    ck_assert_ptr_null(r.m.authority.ptr);
    done(&r);

    /* §3.2.3 authority-form (CONNECT only): no path. */
    parse(&r, "CONNECT eks.amazonaws.com:443 HTTP/1.1\r\n\r\n", NULL);
    ck_assert_int_eq(r.st, EKS_OK);
    ck_view(r.m.authority, "eks.amazonaws.com:443");
    ck_assert_ptr_null(r.m.request.path.ptr);
    done(&r);
}
END_TEST

START_TEST(response_status_reason_and_body_to_end)
{
    static const char in[] = "HTTP/1.1 404 Not  Found\r\nx-amzn-RequestId: r-1\r\n\r\n"
                             "{\"message\":\"no\"}\r\ntrailing";
    run r;
    parse(&r, in, NULL);
    ck_assert_int_eq(r.st, EKS_OK);
    ck_assert_int_eq(r.m.kind, EKS_HTTP_RESPONSE);
    ck_assert_int_eq(r.m.response.status, 404);
    ck_view(r.m.reason, "Not  Found");
    ck_assert_uint_eq(r.m.response.header_count, 1);
    ck_view(r.m.response.headers[0].name, "x-amzn-RequestId");
    /* §6.3 rule 8: no Transfer-Encoding or Content-Length: the rest of the input. */
    ck_assert_int_eq(r.m.framing, EKS_HTTP_FRAMING_TO_END);
    ck_view(r.m.response.body, "{\"message\":\"no\"}\r\ntrailing");
    ck_assert_uint_eq(r.m.consumed, strlen(in));
    ck_assert_uint_eq(r.m.request.header_count, 0);
    ck_assert_ptr_null(r.m.request.method.ptr);
    done(&r);

    /* Reason phrase may be empty; the SP before it is tolerated when missing. */
    parse(&r, "HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n", NULL);
    ck_assert_int_eq(r.st, EKS_OK);
    ck_view(r.m.reason, "");
    done(&r);
    parse(&r, "HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok", NULL);
    ck_assert_int_eq(r.st, EKS_OK);
    ck_assert_int_eq(r.m.response.status, 200);
    ck_view(r.m.reason, "");
    ck_view(r.m.response.body, "ok");
    done(&r);
}
END_TEST

START_TEST(responses_that_never_have_a_body)
{
    /* §6.3 rule 1: 1xx, 204 and 304 end after the header section whatever it says. */
    static const char *const heads[] = {"HTTP/1.1 100 Continue\r\n",
                                        "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n",
                                        "HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n"};
    for (size_t k = 0; k < 3; k++) {
        char in[256];
        snprintf(in, sizeof in, "%s\r\nHTTP/1.1 200 OK", heads[k]);
        run r;
        parse(&r, in, NULL);
        ck_assert_int_eq(r.st, EKS_OK);
        ck_assert_int_eq(r.m.framing, EKS_HTTP_FRAMING_NONE);
        ck_assert_uint_eq(r.m.response.body.len, 0);
        ck_assert_uint_eq(r.m.consumed, strlen(heads[k]) + 2);
        done(&r);
    }
    /* A response to HEAD, which only the caller knows: its framing headers describe the
     * body a GET would have had (RFC 9110 §9.3.2). The option does not touch requests. */
    static const char *const head_responses[] = {"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n",
                                                 "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n",
                                                 "HTTP/1.1 200 OK\r\n"};
    eks_http_parse_options to_head = {.response_to_head = true};
    for (size_t k = 0; k < 3; k++) {
        char in[256];
        snprintf(in, sizeof in, "%s\r\nGET / HTTP/1.1", head_responses[k]);
        run r;
        parse(&r, in, &to_head);
        ck_assert_int_eq(r.st, EKS_OK);
        ck_assert_int_eq(r.m.framing, EKS_HTTP_FRAMING_NONE);
        ck_assert_uint_eq(r.m.response.body.len, 0);
        ck_assert_uint_eq(r.m.consumed, strlen(head_responses[k]) + 2);
        done(&r);
    }
    run r;
    parse(&r, "POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}", &to_head);
    ck_assert_int_eq(r.st, EKS_OK);
    ck_assert_int_eq(r.m.framing, EKS_HTTP_FRAMING_CONTENT_LENGTH);
    ck_assert_uint_eq(r.m.request.body.len, 2);
    done(&r);
}
END_TEST

START_TEST(lf_only_and_mixed_line_endings)
{
    /* RFC 9112 §2.2: a recipient MAY accept a single LF as a line terminator. */
    static const char in[] = "POST /p HTTP/1.1\nHost: h\r\nContent-Length: 4\n\nbody";
    run r;
    parse(&r, in, NULL);
    ck_assert_int_eq(r.st, EKS_OK);
    ck_view(r.m.request.path, "/p");
    ck_assert_uint_eq(r.m.request.header_count, 2);
    ck_view(r.m.request.headers[0].value, "h");
    ck_view(r.m.request.headers[1].value, "4");
    ck_view(r.m.request.body, "body");
    ck_assert_uint_eq(r.m.consumed, strlen(in));
    done(&r);

    static const char chunked[] = "HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n3\nabc\n2\nde\n0\nT: v\n\n";
    parse(&r, chunked, NULL);
    ck_assert_int_eq(r.st, EKS_OK);
    ck_view(r.m.response.body, "abcde");
    ck_assert_uint_eq(r.m.trailer_count, 1);
    ck_view(r.m.trailers[0].value, "v");
    ck_assert_uint_eq(r.m.consumed, strlen(chunked));
    done(&r);
}
END_TEST

/* The well-known "Wikipedia in\r\n\r\nchunks." chunked example, with chunk extensions
 * (§7.1.1, including BWS and a quoted-string value) and a trailer section (§7.1.2). */
static const char chunked_resp[] =
    "HTTP/1.1 200 OK\r\n"
    "Transfer-Encoding: chunked\r\n"
    "Trailer: Expires\r\n"
    "\r\n"
    "4;name=value\r\nWiki\r\n"
    "5 ; quoted=\"a;b c\"\r\npedia\r\n"
    "e\r\n in\r\n\r\nchunks.\r\n"
    "0;last\r\n"
    "Expires: Wed, 21 Oct 2015 07:28:00 GMT\r\n"
    "X-Checksum:  abc \r\n"
    "\r\n";

START_TEST(chunked_with_extensions_and_trailers)
{
    run r;
    parse(&r, chunked_resp, NULL);
    ck_assert_int_eq(r.st, EKS_OK);
    ck_assert_int_eq(r.m.framing, EKS_HTTP_FRAMING_CHUNKED);
    ck_view(r.m.response.body, "Wikipedia in\r\n\r\nchunks.");
    ck_assert_uint_eq(r.m.response.header_count, 2);
    ck_view(r.m.response.headers[1].name, "Trailer");
    ck_assert_uint_eq(r.m.trailer_count, 2);
    ck_view(r.m.trailers[0].name, "Expires");
    ck_view(r.m.trailers[0].value, "Wed, 21 Oct 2015 07:28:00 GMT");
    ck_view(r.m.trailers[1].name, "X-Checksum");
    ck_view(r.m.trailers[1].value, "abc");
    /* Trailers are not merged into the header section. */
    ck_assert_ptr_null(eks_http_find_header(r.m.response.headers, r.m.response.header_count, "expires"));
    ck_assert_uint_eq(r.m.consumed, strlen(chunked_resp));
    ck_assert_uint_eq(r.m.diags.count, 0);
    done(&r);
}
END_TEST

START_TEST(chunked_edge_cases)
{
    run r;
    /* chunk-size = 1*HEXDIG: leading zeros and either case are fine. */
    parse(&r, "POST / HTTP/1.1\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n"
              "00000000000000000000000A\r\n0123456789\r\n0000\r\n\r\n", NULL);
    ck_assert_int_eq(r.st, EKS_OK);
    ck_view(r.m.request.body, "0123456789");
    /* Documented: a single-chunk body is a view into the input, not a copy. */
    ck_assert_ptr_eq(r.m.request.body.ptr, r.buf + r.len - strlen("0123456789\r\n0000\r\n\r\n"));
    ck_assert_uint_eq(r.m.trailer_count, 0);
    ck_assert_ptr_null(r.m.trailers);
    done(&r);

    /* Only the last chunk: empty body. */
    parse(&r, "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET", NULL);
    ck_assert_int_eq(r.st, EKS_OK);
    ck_assert_ptr_nonnull(r.m.request.body.ptr);
    ck_assert_uint_eq(r.m.request.body.len, 0);
    ck_assert_uint_eq(r.m.consumed, r.len - 3);
    done(&r);
}
END_TEST

START_TEST(invalid_chunk_sizes)
{
    static const char head[] = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
    static const struct {
        const char *body;
        size_t off; /* within body */
    } cases[] = {
        {"g\r\nx\r\n0\r\n\r\n", 0},           /* not HEXDIG */
        {"\r\n0\r\n\r\n", 0},                 /* empty size */
        {"-1\r\nx\r\n0\r\n\r\n", 0},          /* sign */
        {"0x5\r\nhello\r\n0\r\n\r\n", 1},     /* C prefix */
        {"5 \r\nhello\r\n0\r\n\r\n", 1},      /* BWS only before ';' (§7.1.1) */
        {"5 x\r\nhello\r\n0\r\n\r\n", 2},     /* extension must start with ';' */
        {"5;a\x01\r\nhello\r\n0\r\n\r\n", 3}, /* CTL in extension */
        {"3\r\nabcd\r\n0\r\n\r\n", 6},        /* data longer than the size */
        {"3\r\nabc\rx0\r\n\r\n", 6},          /* CR not followed by LF */
        {"0\r\nbad trailer\r\n\r\n", 6},      /* trailer line without colon */
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char in[256];
        snprintf(in, sizeof in, "%s%s", head, cases[k].body);
        expect_malformed_at(in, strlen(head) + cases[k].off);
    }
}
END_TEST

START_TEST(huge_chunk_size_is_a_limit_error)
{
    static const char head[] = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
    /* 2^64, 2^96 - 1 and just past the default 8 MiB: representable or not, too big. */
    static const char *const sizes[] = {"10000000000000000", "FFFFFFFFFFFFFFFFFFFFFFFF", "800001"};
    for (size_t k = 0; k < 3; k++) {
        char in[256];
        snprintf(in, sizeof in, "%s%s\r\nabc\r\n0\r\n\r\n", head, sizes[k]);
        run r;
        parse(&r, in, NULL);
        expect_error(&r, EKS_ERR_LIMIT_EXCEEDED, EKS_DIAG_LIMIT_EXCEEDED, strlen(head));
        ck_assert(!r.m.incomplete);
        done(&r);
    }
    /* 2^64 + 1 cannot be represented: a limit error even with no limit. */
    eks_http_parse_options unlimited = {.max_body_bytes = SIZE_MAX};
    char in[256];
    snprintf(in, sizeof in, "%s10000000000000001\r\nabc\r\n0\r\n\r\n", head);
    run u;
    parse(&u, in, &unlimited);
    expect_error(&u, EKS_ERR_LIMIT_EXCEEDED, EKS_DIAG_LIMIT_EXCEEDED, strlen(head));
    done(&u);
    /* The sum of chunks counts, not each chunk. */
    eks_http_parse_options o = {.max_body_bytes = 5};
    run r;
    parse(&r, "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n", &o);
    expect_error(&r, EKS_ERR_LIMIT_EXCEEDED, EKS_DIAG_LIMIT_EXCEEDED, strlen(head) + 8);
    done(&r);
    parse(&r, "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n", &o);
    ck_assert_int_eq(r.st, EKS_OK);
    ck_view(r.m.request.body, "abcde");
    done(&r);
}
END_TEST

START_TEST(content_length_rules)
{
    /* §6.3 rule 5 and §8.6: 1*DIGIT; repeated values (fields or list members) must agree. */
    static const char *const ok[] = {"Content-Length: 3\r\n", "content-length: 003\r\n",
                                     "Content-Length: 3, 3\r\n",
                                     "Content-Length: 3\r\nCONTENT-LENGTH:3\r\n"};
    for (size_t k = 0; k < 4; k++) {
        char in[256];
        snprintf(in, sizeof in, "POST / HTTP/1.1\r\n%s\r\nabcdef", ok[k]);
        run r;
        parse(&r, in, NULL);
        ck_assert_msg(r.st == EKS_OK, "case %zu", k);
        ck_view(r.m.request.body, "abc");
        ck_assert_uint_eq(r.m.consumed, strlen(in) - 3);
        done(&r);
    }
    static const char *const bad[] = {"Content-Length: -1\r\n", "Content-Length: +3\r\n",
                                      "Content-Length: 0x3\r\n", "Content-Length: 3 4\r\n",
                                      "Content-Length:\r\n",     "Content-Length: 3,\r\n",
                                      "Content-Length: 3, 4\r\n",
                                      "Content-Length: 3\r\nContent-Length: 4\r\n"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        char in[256];
        snprintf(in, sizeof in, "POST / HTTP/1.1\r\n%s\r\nabcdef", bad[k]);
        run r;
        parse(&r, in, NULL);
        ck_assert_msg(r.st == EKS_ERR_MALFORMED_INPUT && !r.m.incomplete, "case %zu", k);
        ck_assert(eks_diags_has_code(&r.m.diags, EKS_DIAG_HTTP_MALFORMED));
        ck_assert_str_eq(r.m.diags.items[0].path, "header:Content-Length");
        done(&r);
    }
}
END_TEST

START_TEST(content_length_overflow_is_a_limit_error)
{
    static const char *const huge[] = {"18446744073709551616", "99999999999999999999999999", "8388609"};
    for (size_t k = 0; k < 3; k++) {
        char in[256];
        snprintf(in, sizeof in, "HTTP/1.1 200 OK\r\nContent-Length: %s\r\n\r\nabc", huge[k]);
        run r;
        parse(&r, in, NULL);
        expect_error(&r, EKS_ERR_LIMIT_EXCEEDED, EKS_DIAG_LIMIT_EXCEEDED, strlen(in) - 3);
        done(&r);
    }
    /* Past SIZE_MAX is a limit error even when the limit is SIZE_MAX (not "incomplete"). */
    eks_http_parse_options unlimited = {.max_body_bytes = SIZE_MAX};
    for (size_t k = 0; k < 2; k++) {
        char in[256];
        snprintf(in, sizeof in, "HTTP/1.1 200 OK\r\nContent-Length: %s\r\n\r\nabc", huge[k]);
        run u;
        parse(&u, in, &unlimited);
        expect_error(&u, EKS_ERR_LIMIT_EXCEEDED, EKS_DIAG_LIMIT_EXCEEDED, strlen(in) - 3);
        done(&u);
    }
    /* Two different values that both overflow are still refused (conflict or limit). */
    run r;
    parse(&r, "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n"
              "Content-Length: 99999999999999999999998\r\n\r\n", NULL);
    ck_assert_int_ne(r.st, EKS_OK);
    done(&r);
}
END_TEST

START_TEST(transfer_encoding_and_content_length)
{
    /* §6.3 rule 3: Transfer-Encoding overrides Content-Length; flagged as a warning. */
    run r;
    parse(&r, "POST / HTTP/1.1\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n"
              "2\r\nok\r\n0\r\n\r\n", NULL);
    ck_assert_int_eq(r.st, EKS_OK);
    ck_view(r.m.request.body, "ok");
    ck_assert_uint_eq(r.m.diags.errors, 0);
    ck_assert_uint_eq(r.m.diags.warnings, 1);
    ck_assert_int_eq(r.m.diags.items[0].severity, EKS_SEV_WARNING);
    ck_assert_int_eq(r.m.diags.items[0].code, EKS_DIAG_HTTP_MALFORMED);
    ck_assert_str_eq(r.m.diags.items[0].path, "header:content-length");
    done(&r);

    /* Request whose final coding is not chunked: §6.3 rule 4, 400 Bad Request. */
    parse(&r, "POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", NULL);
    ck_assert_int_eq(r.st, EKS_ERR_MALFORMED_INPUT);
    done(&r);
    parse(&r, "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", NULL);
    ck_assert_int_eq(r.st, EKS_ERR_MALFORMED_INPUT);
    ck_assert(!r.m.incomplete);
    done(&r);
    /* §6.1: chunked at most once. */
    parse(&r, "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"
              "0\r\n\r\n", NULL);
    ck_assert_int_eq(r.st, EKS_ERR_MALFORMED_INPUT);
    done(&r);
    /* Same for a response, which is then read until the connection closes. */
    parse(&r, "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nContent-Length: 1\r\n\r\n\x1f\x8b", NULL);
    ck_assert_int_eq(r.st, EKS_OK);
    ck_assert_int_eq(r.m.framing, EKS_HTTP_FRAMING_TO_END);
    ck_view(r.m.response.body, "\x1f\x8b");
    done(&r);
    /* §6.1: Transfer-Encoding in HTTP/1.0 means faulty framing. */
    parse(&r, "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", NULL);
    ck_assert_int_eq(r.st, EKS_ERR_MALFORMED_INPUT);
    done(&r);
    /* Empty or invalid codings. */
    parse(&r, "POST / HTTP/1.1\r\nTransfer-Encoding: ,chunked\r\n\r\n0\r\n\r\n", NULL);
    ck_assert_int_eq(r.st, EKS_OK);
    done(&r);
    parse(&r, "POST / HTTP/1.1\r\nTransfer-Encoding: chu\"nked\r\n\r\n0\r\n\r\n", NULL);
    ck_assert_int_eq(r.st, EKS_ERR_MALFORMED_INPUT);
    done(&r);
}
END_TEST

START_TEST(obsolete_line_folding_is_joined)
{
    /* §5.2: each obs-fold (OWS CRLF RWS) is replaced by SP; OWS at the ends is dropped. */
    static const char in[] = "GET / HTTP/1.1\r\n"
                             "X-Folded: first  \r\n"
                             "   second\t\r\n"
                             "\tthird\r\n"
                             "X-Empty:\r\n"
                             "  only-continuation\n"
                             "X-Blank: a\r\n"
                             " \r\n"
                             " b\r\n"
                             "Host: h\r\n"
                             "\r\n";
    run r;
    parse(&r, in, NULL);
    ck_assert_int_eq(r.st, EKS_OK);
    ck_assert_uint_eq(r.m.request.header_count, 4);
    const eks_header *h = r.m.request.headers;
    ck_view(h[0].name, "X-Folded");
    ck_view(h[0].value, "first second third");
    ck_view(h[1].value, "only-continuation");
    ck_view(h[2].value, "a b");
    ck_view(h[3].name, "Host");
    ck_view(h[3].value, "h");
    /* Joined values live in the result, not in the input. */
    ck_assert(h[0].value.ptr < r.buf || h[0].value.ptr >= r.buf + r.len);
    ck_assert_uint_eq(r.m.consumed, strlen(in));
    done(&r);
    /* An error in a joined framing value points at its field line: the value's offset was
     * taken from its address in the result (65,632 in a 93-byte input, found by fuzzing). */
    static const char *const bad[] = {"POST / HTTP/1.1\r\nTransfer-Encoding: gz@\r\n y\r\n\r\n",
                                      "POST / HTTP/1.1\r\nContent-Length: 1\r\n x\r\n\r\n",
                                      "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n x\r\n\r\n"};
    for (size_t k = 0; k < 3; k++) {
        parse(&r, bad[k], NULL);
        expect_error(&r, EKS_ERR_MALFORMED_INPUT, EKS_DIAG_HTTP_MALFORMED, strlen("POST / HTTP/1.1\r\n"));
        done(&r);
    }
}
END_TEST

START_TEST(malformed_field_lines)
{
    /* §2.2: whitespace between the start line and the first field line. */
    expect_malformed_at("GET / HTTP/1.1\r\n Host: h\r\n\r\n", 16);
    /* Field line without a colon. */
    expect_malformed_at("GET / HTTP/1.1\r\nHost h\r\n\r\n", 20);
    expect_malformed_at("GET / HTTP/1.1\r\nHost\r\n\r\n", 20);
    /* §5.1: no whitespace between field name and colon (must reject with 400). */
    static const char sp[] = "GET / HTTP/1.1\r\nHost: h\r\nContent-Length : 0\r\n\r\n";
    expect_malformed_at(sp, at(sp, " :"));
    run r;
    parse(&r, sp, NULL);
    ck_assert_str_eq(r.m.diags.items[0].path, "header:Content-Length");
    done(&r);
    expect_malformed_at("GET / HTTP/1.1\r\nHost\t: h\r\n\r\n", 20);
    /* Empty name, non-token name characters. */
    expect_malformed_at("GET / HTTP/1.1\r\n: v\r\n\r\n", 16);
    expect_malformed_at("GET / HTTP/1.1\r\nX(y): v\r\n\r\n", 17);
    expect_malformed_at("GET / HTTP/1.1\r\nX\xc3\xa9: v\r\n\r\n", 17);
    /* RFC 9110 §5.5: CR, LF and NUL are never allowed in a value; nor other CTLs. */
    expect_malformed_at("GET / HTTP/1.1\r\nX: a\rb\r\n\r\n", 20);
    static const char nul[] = "GET / HTTP/1.1\r\nX: a\0b\r\n\r\n";
    parse_bytes(&r, nul, sizeof nul - 1, NULL);
    expect_error(&r, EKS_ERR_MALFORMED_INPUT, EKS_DIAG_HTTP_MALFORMED, 20);
    done(&r);
    expect_malformed_at("GET / HTTP/1.1\r\nX: a\x7f\r\n\r\n", 20);
    expect_malformed_at("GET / HTTP/1.1\r\nX: a\r\n \x01\r\n\r\n", 23);
    /* The diagnostic names the field but never quotes its value (it may be a secret). */
    static const char secret[] = "GET / HTTP/1.1\r\nAuthorization: AWS4 Signature=s3cr3t\x01\r\n\r\n";
    expect_malformed_at(secret, at(secret, "\x01"));
    parse(&r, secret, NULL);
    ck_assert_str_eq(r.m.diags.items[0].path, "header:Authorization");
    ck_assert_ptr_null(strstr(r.m.diags.items[0].message, "s3cr3t"));
    done(&r);
    /* A line without a colon is no field line: its leading run of name characters may be the
     * wrapped rest of a value (a token, a signature, base64 with '/' and '='), never echoed. */
    static const char *const wrapped[] = {
        "GET / HTTP/1.1\r\nX-Amz-Security-Token: FwoGZXIvYXdz\r\nTOKENREST0123456789\r\n\r\n",
        "GET / HTTP/1.1\r\nX-Amz-Security-Token: FwoGZXIvYXdz\r\nTOKENREST0123/456789==\r\n\r\n",
        "GET / HTTP/1.1\r\nX-Amz-Security-Token: FwoGZXIvYXdz\r\nTOKENREST0123 456789\r\n\r\n",
    };
    static const size_t wrapped_at[] = {19, 13, 13}; /* the line's end, its '/', its space */
    for (size_t i = 0; i < sizeof wrapped / sizeof *wrapped; i++) {
        expect_malformed_at(wrapped[i], at(wrapped[i], "TOKENREST") + wrapped_at[i]);
        parse(&r, wrapped[i], NULL);
        ck_assert_str_eq(r.m.diags.items[0].path, "");
        ck_assert_msg(!strstr(r.m.diags.items[0].message, "TOKENREST"), "%s", r.m.diags.items[0].message);
        done(&r);
    }
    /* obs-text (0x80-0xFF) in a value is allowed, byte for byte. */
    parse(&r, "GET / HTTP/1.1\r\nX: caf\xc3\xa9 \xff\r\n\r\n", NULL);
    ck_assert_int_eq(r.st, EKS_OK);
    ck_view(r.m.request.headers[0].value, "caf\xc3\xa9 \xff");
    done(&r);
}
END_TEST

START_TEST(malformed_start_lines)
{
    expect_malformed_at("GET  / HTTP/1.1\r\n\r\n", 4);        /* two SPs */
    expect_malformed_at("GET / HTTP/1.1 \r\n\r\n", 14);       /* trailing SP */
    expect_malformed_at("GET /\x01 HTTP/1.1\r\n\r\n", 5);     /* CTL in target */
    expect_malformed_at("GET / http/1.1\r\n\r\n", 6);         /* version is case-sensitive (§2.3) */
    expect_malformed_at("GET / HTTP/11\r\n\r\n", 12);
    expect_malformed_at("GET / HTTP/1.1x\r\n\r\n", 14);
    expect_malformed_at("GET /\r\n\r\n", 5);
    expect_malformed_at("G@T / HTTP/1.1\r\n\r\n", 1);
    expect_malformed_at("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 0); /* a TLS hello */
    expect_malformed_at("HTTP/1.1 20 OK\r\n\r\n", 11);
    expect_malformed_at("HTTP/1.1 099 Low\r\n\r\n", 9);
    expect_malformed_at("HTTP/1.1 600 High\r\n\r\n", 9);
    expect_malformed_at("HTTP/1.1  200 OK\r\n\r\n", 9);
    expect_malformed_at("HTTP/1.1 200OK\r\n\r\n", 12);
    expect_malformed_at("HTTP/1.1 200 O\x01K\r\n\r\n", 14);
    expect_malformed_at("GET / HTTP/1.1\rHost: h\r\n\r\n", 14); /* bare CR (§2.2) */
    /* A method named HTTP is a request, not a response. */
    run r;
    parse(&r, "HTTP / HTTP/1.1\r\n\r\n", NULL);
    ck_assert_int_eq(r.st, EKS_OK);
    ck_assert_int_eq(r.m.kind, EKS_HTTP_REQUEST);
    done(&r);
}
END_TEST

START_TEST(non_utf8_body_passes_through_byte_exact)
{
    static const char head[] = "HTTP/1.1 500 X\r\nContent-Length: 9\r\n\r\n";
    static const char body[] = "\x00\xff\xfe\x80\r\n\xc3\x28\x00";
    char in[128];
    memcpy(in, head, sizeof head - 1);
    memcpy(in + sizeof head - 1, body, sizeof body - 1);
    run r;
    parse_bytes(&r, in, sizeof head - 1 + sizeof body - 1, NULL);
    ck_assert_int_eq(r.st, EKS_OK);
    ck_assert_uint_eq(r.m.response.body.len, 9);
    ck_assert_int_eq(memcmp(r.m.response.body.ptr, body, 9), 0);
    done(&r);

    /* The same bytes split across chunks (decoded into owned storage). */
    static const char chunked[] = "HTTP/1.1 500 X\r\nTransfer-Encoding: chunked\r\n\r\n"
                                  "4\r\n\x00\xff\xfe\x80\r\n5\r\n\r\n\xc3\x28\x00\r\n0\r\n\r\n";
    parse_bytes(&r, chunked, sizeof chunked - 1, NULL);
    ck_assert_int_eq(r.st, EKS_OK);
    ck_assert_uint_eq(r.m.response.body.len, 9);
    ck_assert_int_eq(memcmp(r.m.response.body.ptr, body, 9), 0);
    ck_assert(r.m.response.body.ptr < r.buf || r.m.response.body.ptr >= r.buf + r.len);
    done(&r);
}
END_TEST

START_TEST(messages_back_to_back)
{
    static const char in[] =
        "GET /a HTTP/1.1\r\nHost: h\r\n\r\n"
        "POST /b HTTP/1.1\nContent-Length: 3\n\nabc"
        "\r\n\r\n" /* §2.2: empty lines before a start line are ignored */
        "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\nT: 1\r\n\r\n"
        "HTTP/1.1 100 Continue\r\n\r\n"
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
        "\r\n";
    static const char *const want[] = {"/a", "/b", "/c", "100", "200"};
    static const char *const body[] = {"", "abc", "x", "", "ok"};
    char *buf = malloc(sizeof in - 1);
    memcpy(buf, in, sizeof in - 1);
    size_t pos = 0, n = 0;
    for (;; n++) {
        eks_http_message m;
        eks_status st = eks_http_parse(buf + pos, sizeof in - 1 - pos, NULL, &m);
        if (n == 5) {
            /* Only an empty line is left: no message, not an error in the middle of one. */
            ck_assert_int_eq(st, EKS_ERR_MALFORMED_INPUT);
            ck_assert(m.incomplete);
            ck_assert_int_eq(m.kind, EKS_HTTP_NONE);
            eks_http_message_free(&m);
            break;
        }
        ck_assert_msg(st == EKS_OK, "message %zu: %s", n, m.diags.count ? m.diags.items[0].message : "");
        if (m.kind == EKS_HTTP_REQUEST) {
            ck_view(m.request.path, want[n]);
            ck_view(m.request.body, body[n]);
        } else {
            char s[8];
            snprintf(s, sizeof s, "%d", m.response.status);
            ck_assert_str_eq(s, want[n]);
            ck_view(m.response.body, body[n]);
        }
        ck_assert_uint_gt(m.consumed, 0);
        pos += m.consumed;
        eks_http_message_free(&m);
    }
    ck_assert_uint_eq(pos, sizeof in - 3);
    free(buf);
}
END_TEST

/* Every proper prefix of a valid message is "incomplete", never a crash or "malformed". */
static const eks_header *headers_of(const eks_http_message *m, size_t *n)
{
    *n = m->kind == EKS_HTTP_REQUEST ? m->request.header_count : m->response.header_count;
    return m->kind == EKS_HTTP_REQUEST ? m->request.headers : m->response.headers;
}

/* Every prefix of msg is incomplete (or, from complete_from on, complete). Once the prefix
 * holds the whole head (through the empty line after the start line), head_complete is set
 * and the head's views are those of the whole message's parse. */
static void check_every_prefix(const char *msg, size_t full, size_t complete_from)
{
    const char *start = msg + strspn(msg, "\r\n");
    size_t head_end = (size_t)(strstr(start, "\r\n\r\n") - msg) + 4;
    run whole;
    parse_bytes(&whole, msg, full, NULL);
    ck_assert_int_eq(whole.st, EKS_OK);
    size_t want_n;
    const eks_header *want = headers_of(&whole.m, &want_n);
    for (size_t n = 0; n < full; n++) {
        run r;
        parse_bytes(&r, msg, n, NULL);
        ck_assert_msg(r.m.head_complete == (n >= head_end), "prefix %zu of %zu: head_complete %d", n, full,
                      r.m.head_complete);
        if (r.m.head_complete) {
            size_t got_n;
            const eks_header *got = headers_of(&r.m, &got_n);
            ck_assert_uint_eq(got_n, want_n);
            for (size_t k = 0; k < got_n; k++) {
                ck_assert(eks_str_eq(got[k].name, want[k].name));
                ck_assert(eks_str_eq(got[k].value, want[k].value));
            }
            ck_assert(eks_str_eq(r.m.version, whole.m.version));
            if (r.m.kind == EKS_HTTP_REQUEST) {
                ck_assert(eks_str_eq(r.m.request.method, whole.m.request.method));
                ck_assert(eks_str_eq(r.m.request.path, whole.m.request.path));
                ck_assert(eks_str_eq(r.m.request.query, whole.m.request.query));
            }
        }
        if (n >= complete_from) {
            ck_assert_msg(r.st == EKS_OK, "prefix %zu", n);
        } else {
            ck_assert_msg(r.st == EKS_ERR_MALFORMED_INPUT && r.m.incomplete,
                          "prefix %zu of %zu: %s (%s)", n, full, eks_strerror(r.st),
                          r.m.diags.count ? r.m.diags.items[0].message : "");
            ck_assert_uint_eq(r.m.diags.errors, 1);
            ck_assert_uint_eq(r.m.diags.items[0].offset, n);
        }
        done(&r);
    }
    ck_assert_uint_eq(whole.m.consumed, full);
    ck_assert(whole.m.head_complete);
    done(&whole);
}

START_TEST(truncated_at_every_byte)
{
    static const char chunked_req[] = "\r\n"
                                      "POST /clusters/c/identity-provider-configs/disassociate?a=b HTTP/1.1\r\n"
                                      "Host: eks.us-east-1.amazonaws.com\r\n"
                                      "X-Fold: a\r\n b\r\n"
                                      "Transfer-Encoding: chunked\r\n"
                                      "\r\n"
                                      "3;e=1\r\n{\"a\r\n2\n\":\r\n0\r\nT: x\r\n\r\n";
    check_every_prefix(chunked_req, sizeof chunked_req - 1, SIZE_MAX);
    check_every_prefix(post_crlf, sizeof post_crlf - 1, SIZE_MAX);
    check_every_prefix(chunked_resp, sizeof chunked_resp - 1, SIZE_MAX);
    /* A response without framing is complete as soon as its header section is. */
    static const char to_end[] = "HTTP/1.1 200 OK\r\nA: b\r\n\r\nbody";
    check_every_prefix(to_end, sizeof to_end - 1, sizeof to_end - 5);
}
END_TEST

START_TEST(limits_are_enforced_exactly)
{
    eks_http_parse_options o = {.max_start_line_bytes = 16};
    run r;
    parse(&r, "GET /12 HTTP/1.1\r\n\r\n", &o); /* 16 bytes */
    ck_assert_int_eq(r.st, EKS_OK);
    done(&r);
    parse(&r, "GET /123 HTTP/1.1\r\n\r\n", &o);
    expect_error(&r, EKS_ERR_LIMIT_EXCEEDED, EKS_DIAG_LIMIT_EXCEEDED, 0);
    done(&r);
    /* An unterminated line is a limit error once it is too long, not "incomplete". */
    parse(&r, "GET /0123456789abcdef", &o);
    expect_error(&r, EKS_ERR_LIMIT_EXCEEDED, EKS_DIAG_LIMIT_EXCEEDED, 0);
    ck_assert(!r.m.incomplete);
    done(&r);
    /* Chunk-size lines share the start line limit. */
    parse(&r, "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
              "1;0123456789abcdef\r\nx\r\n0\r\n\r\n", &o);
    ck_assert_int_eq(r.st, EKS_ERR_LIMIT_EXCEEDED);
    done(&r);

    o = (eks_http_parse_options){.max_header_count = 2};
    parse(&r, "GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\n\r\n", &o);
    ck_assert_int_eq(r.st, EKS_OK);
    done(&r);
    parse(&r, "GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", &o);
    expect_error(&r, EKS_ERR_LIMIT_EXCEEDED, EKS_DIAG_LIMIT_EXCEEDED, 28);
    done(&r);
    /* The trailer section has its own budget of the same size. */
    parse(&r, "POST / HTTP/1.1\r\nA: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nT: 1\r\nU: 2\r\n\r\n", &o);
    ck_assert_int_eq(r.st, EKS_OK);
    ck_assert_uint_eq(r.m.trailer_count, 2);
    done(&r);

    /* Header bytes: "A: 1\r\n" (6) + "\r\n" (2) = 8. */
    o = (eks_http_parse_options){.max_header_bytes = 8};
    parse(&r, "GET / HTTP/1.1\r\nA: 1\r\n\r\n", &o);
    ck_assert_int_eq(r.st, EKS_OK);
    done(&r);
    parse(&r, "GET / HTTP/1.1\r\nA: 12\r\n\r\n", &o);
    expect_error(&r, EKS_ERR_LIMIT_EXCEEDED, EKS_DIAG_LIMIT_EXCEEDED, 23);
    done(&r);
    parse(&r, "GET / HTTP/1.1\r\nA: 1\r\n  2\r\n\r\n", &o); /* folded lines count too */
    ck_assert_int_eq(r.st, EKS_ERR_LIMIT_EXCEEDED);
    done(&r);

    o = (eks_http_parse_options){.max_body_bytes = 3};
    parse(&r, "POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc", &o);
    ck_assert_int_eq(r.st, EKS_OK);
    done(&r);
    parse(&r, "POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\nabcd", &o);
    ck_assert_int_eq(r.st, EKS_ERR_LIMIT_EXCEEDED);
    done(&r);
    parse(&r, "HTTP/1.1 200 OK\r\n\r\nabcd", &o);
    ck_assert_int_eq(r.st, EKS_ERR_LIMIT_EXCEEDED);
    done(&r);
}
END_TEST

START_TEST(default_limits_hold)
{
    /* 100 fields pass, the 101st is refused; also exercises the growth past the inline array. */
    size_t cap = 200 * 16 + 64;
    char *in = malloc(cap);
    size_t n = (size_t)snprintf(in, cap, "GET / HTTP/1.1\r\n");
    for (int k = 0; k < 100; k++)
        n += (size_t)snprintf(in + n, cap - n, "X-%d: v%d\r\n", k, k);
    memcpy(in + n, "\r\n", 2);
    run r;
    parse_bytes(&r, in, n + 2, NULL);
    ck_assert_int_eq(r.st, EKS_OK);
    ck_assert_uint_eq(r.m.request.header_count, EKS_HTTP_DEFAULT_MAX_HEADER_COUNT);
    ck_view(r.m.request.headers[0].name, "X-0");
    ck_view(r.m.request.headers[99].name, "X-99");
    ck_view(r.m.request.headers[99].value, "v99");
    ck_view(r.m.request.headers[57].value, "v57");
    done(&r);
    n += (size_t)snprintf(in + n, cap - n, "X-100: v\r\n\r\n");
    parse_bytes(&r, in, n, NULL);
    ck_assert_int_eq(r.st, EKS_ERR_LIMIT_EXCEEDED);
    done(&r);
    free(in);

    /* A start line of 8192 bytes passes, 8193 does not (RFC 9112 §3: at least 8000). */
    size_t big = EKS_HTTP_DEFAULT_MAX_START_LINE_BYTES + 16;
    in = malloc(big);
    for (size_t extra = 0; extra < 2; extra++) {
        size_t line = EKS_HTTP_DEFAULT_MAX_START_LINE_BYTES + extra;
        memcpy(in, "GET /", 5);
        memset(in + 5, 'a', line - 5 - 9);
        memcpy(in + line - 9, " HTTP/1.1\r\n\r\n", 13);
        parse_bytes(&r, in, line + 4, NULL);
        ck_assert_int_eq(r.st, extra ? EKS_ERR_LIMIT_EXCEEDED : EKS_OK);
        done(&r);
    }
    free(in);
}
END_TEST

START_TEST(expect_option_and_arguments)
{
    eks_http_parse_options o = {.expect = EKS_HTTP_REQUEST};
    run r;
    parse(&r, "HTTP/1.1 200 OK\r\n\r\n", &o);
    ck_assert_int_eq(r.st, EKS_ERR_MALFORMED_INPUT);
    ck_assert(!r.m.incomplete);
    done(&r);
    o.expect = EKS_HTTP_RESPONSE;
    parse(&r, "GET / HTTP/1.1\r\n\r\n", &o);
    ck_assert_int_eq(r.st, EKS_ERR_MALFORMED_INPUT);
    done(&r);
    parse(&r, "HTT", &o); /* could still become "HTTP/" */
    ck_assert(r.m.incomplete);
    done(&r);

    eks_http_message m;
    ck_assert_int_eq(eks_http_parse("x", 1, NULL, NULL), EKS_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(eks_http_parse(NULL, 3, NULL, &m), EKS_ERR_INVALID_ARGUMENT);
    ck_assert_uint_eq(m.diags.count + m.diags.errors, 0); /* misuse: no diagnostic (http_parse.h) */
    eks_http_message_free(&m);
    o.expect = (eks_http_kind)7;
    ck_assert_int_eq(eks_http_parse("x", 1, &o, &m), EKS_ERR_INVALID_ARGUMENT);
    ck_assert_uint_eq(m.diags.count + m.diags.errors, 0);
    eks_http_message_free(&m);
    ck_assert_int_eq(eks_http_parse(NULL, 0, NULL, &m), EKS_ERR_MALFORMED_INPUT);
    ck_assert(m.incomplete);
    ck_assert_int_eq(m.kind, EKS_HTTP_NONE);
    eks_http_message_free(&m);
    eks_http_message_free(&m); /* idempotent */
    eks_http_message_free(NULL);
}
END_TEST

/* http.h: a NULL name or output is a miss, not a crash. */
START_TEST(header_and_date_helpers_take_null)
{
    static const eks_header h[] = {{EKS_STR_LIT("Host"), EKS_STR_LIT("x")}};
    ck_assert_ptr_null(eks_http_find_header(h, 1, NULL));
    ck_assert_ptr_null(eks_http_find_header(NULL, 3, "host"));
    ck_assert(!eks_parse_http_date(EKS_STR_LIT("Sun, 06 Nov 1994 08:49:37 GMT"), NULL));
}
END_TEST

/* Deterministic mutation smoke test: any input gives a defined status and sane views. */
START_TEST(mutated_inputs_never_crash)
{
    static const char *const seeds[] = {post_crlf, chunked_resp,
                                        "GET / HTTP/1.1\r\nA: a\r\n b\r\n\r\n"};
    uint64_t x = 0x9E3779B97F4A7C15u;
    for (int iter = 0; iter < 20000; iter++) {
        const char *seed = seeds[iter % 3];
        size_t n = strlen(seed);
        char buf[1024];
        memcpy(buf, seed, n);
        for (int k = 0; k < 1 + iter % 4; k++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            size_t pos = (size_t)(x % n);
            static const char alphabet[] = "\r\n :;\t0aF,-\x00\x80";
            buf[pos] = (x >> 32) & 1 ? alphabet[(x >> 40) % (sizeof alphabet - 1)] : (char)(x >> 48);
        }
        size_t len = (size_t)((x >> 20) % (n + 1));
        run r;
        eks_http_parse_options o = {.max_body_bytes = 64, .max_header_count = 6};
        parse_bytes(&r, buf, len, &o);
        ck_assert(r.st == EKS_OK || r.st == EKS_ERR_MALFORMED_INPUT || r.st == EKS_ERR_LIMIT_EXCEEDED);
        if (r.st == EKS_OK) {
            ck_assert_uint_le(r.m.consumed, len);
            const eks_str body = r.m.kind == EKS_HTTP_REQUEST ? r.m.request.body : r.m.response.body;
            ck_assert_uint_le(body.len, 64);
            ck_assert_uint_eq(r.m.diags.errors, 0);
        } else {
            ck_assert_uint_eq(r.m.diags.errors, 1);
            ck_assert_uint_le(r.m.diags.items[r.m.diags.count - 1].offset, len);
        }
        done(&r);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("http_parse");
    TCase *tc = tcase_create("http_parse");
    tcase_add_test(tc, request_line_headers_and_content_length);
    tcase_add_test(tc, query_absent_empty_and_raw);
    tcase_add_test(tc, absolute_asterisk_and_authority_forms);
    tcase_add_test(tc, response_status_reason_and_body_to_end);
    tcase_add_test(tc, responses_that_never_have_a_body);
    tcase_add_test(tc, lf_only_and_mixed_line_endings);
    tcase_add_test(tc, chunked_with_extensions_and_trailers);
    tcase_add_test(tc, chunked_edge_cases);
    tcase_add_test(tc, invalid_chunk_sizes);
    tcase_add_test(tc, huge_chunk_size_is_a_limit_error);
    tcase_add_test(tc, content_length_rules);
    tcase_add_test(tc, content_length_overflow_is_a_limit_error);
    tcase_add_test(tc, transfer_encoding_and_content_length);
    tcase_add_test(tc, obsolete_line_folding_is_joined);
    tcase_add_test(tc, malformed_field_lines);
    tcase_add_test(tc, malformed_start_lines);
    tcase_add_test(tc, non_utf8_body_passes_through_byte_exact);
    tcase_add_test(tc, messages_back_to_back);
    tcase_add_test(tc, truncated_at_every_byte);
    tcase_add_test(tc, limits_are_enforced_exactly);
    tcase_add_test(tc, default_limits_hold);
    tcase_add_test(tc, expect_option_and_arguments);
    tcase_add_test(tc, mutated_inputs_never_crash);
    tcase_add_test(tc, header_and_date_helpers_take_null);
    suite_add_tcase(s, tc);
    return ts_run_suite(s);
}
