/*
 * The library under the locale its host sets (setlocale(LC_ALL, "") on a user's machine): the
 * bytes it reads and writes are defined by HTTP, JSON and SigV4, never by the locale.
 *
 * Each check runs first in the "C" locale, then under each of:
 *   tr_TR.UTF-8, tr_TR.ISO-8859-9  Turkish: 'I' does not fold to 'i' (strncasecmp failed on
 *                                  TRANSFER-ENCODING, and a chunked message was framed by
 *                                  Content-Length or read as having no body)
 *   de_DE.UTF-8                    decimal comma
 *   ps_AF.UTF-8                    a two-byte decimal point (U+066B): fractional numbers were
 *                                  written as invalid JSON
 * and must give what RFC 9112 and RFC 8259 say (chunked framing, JSON numbers) and the same
 * bytes as in "C" (signatures, encoded responses). scripts/setup.sh generates the locales; a
 * missing one is a loud skip, a failure with CI=true.
 */
#include "ekscodec/capture.h"
#include "ekscodec/http_parse.h"
#include "ekscodec/op_json.h"
#include "ekscodec/sigv4.h"
#include "test_support.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const locales[] = {"tr_TR.UTF-8", "tr_TR.ISO-8859-9", "de_DE.UTF-8", "ps_AF.UTF-8"};
enum { LOCALES = sizeof locales / sizeof locales[0] };

/* Switches the whole process to `name`; false (and a skip, or a failure with CI=true) when
 * the machine does not have it. */
static bool use_locale(const char *name)
{
    if (setlocale(LC_ALL, name))
        return true;
    char why[200];
    snprintf(why, sizeof why, "locale %s is not installed: run scripts/setup.sh (localedef)", name);
    ts_skip("the library under a host's locale", why);
    return false;
}

/* ---- HTTP framing ------------------------------------------------------------------------ */

/* Field names are case-insensitive (RFC 9110 §5.1) and chunked is a transfer coding name,
 * also case-insensitive (§7.3.2); the chunked coding wins over Content-Length, which a sender
 * must not send with it (RFC 9112 §6.3). */
static void check_upper_case_framing(const char *where)
{
    static const struct {
        const char *text;
        eks_http_framing framing;
    } messages[] = {
        {"POST /clusters HTTP/1.1\r\nHost: h\r\nTRANSFER-ENCODING: CHUNKED\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
         EKS_HTTP_FRAMING_CHUNKED},
        {"POST /clusters HTTP/1.1\r\nHost: h\r\nCONTENT-LENGTH: 5\r\nTRANSFER-ENCODING: chunked\r\n\r\n"
         "5\r\nhello\r\n0\r\n\r\n",
         EKS_HTTP_FRAMING_CHUNKED},
        {"HTTP/1.1 200 OK\r\nTRANSFER-ENCODING: chunked\r\nCONTENT-TYPE: application/json\r\n\r\n"
         "5\r\nhello\r\n0\r\n\r\n",
         EKS_HTTP_FRAMING_CHUNKED},
        {"POST /clusters HTTP/1.1\r\nHost: h\r\nCONTENT-LENGTH: 5\r\n\r\nhello", EKS_HTTP_FRAMING_CONTENT_LENGTH},
    };
    for (size_t i = 0; i < sizeof messages / sizeof messages[0]; i++) {
        const char *text = messages[i].text;
        eks_http_parse_options po;
        memset(&po, 0, sizeof po);
        eks_http_message msg;
        eks_status st = eks_http_parse(text, strlen(text), &po, &msg);
        eks_str body = strncmp(text, "HTTP/", 5) == 0 ? msg.response.body : msg.request.body;
        ck_assert_msg(st == EKS_OK, "%s: message %zu: %s", where, i, eks_strerror(st));
        ck_assert_msg(msg.framing == messages[i].framing, "%s: message %zu framed as %d", where, i, (int)msg.framing);
        ck_assert_msg(eks_str_eq_cstr(body, "hello"), "%s: message %zu: body %.*s", where, i, (int)body.len,
                      body.ptr ? body.ptr : "");
        ck_assert_msg(msg.consumed == strlen(text), "%s: message %zu: %zu of %zu bytes read", where, i, msg.consumed,
                      strlen(text));
        eks_http_message_free(&msg);
    }
    /* the raw HTTP capture reader frames by the same rules */
    static const char capture[] = "POST /clusters HTTP/1.1\r\nHost: eks.us-west-2.amazonaws.com\r\n"
                                  "TRANSFER-ENCODING: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"
                                  "HTTP/1.1 200 OK\r\nCONTENT-LENGTH: 2\r\n\r\n{}";
    eks_capture_reader *r = NULL;
    char err[200];
    ck_assert(eks_capture_reader_new_memory(&r, EKS_CAPTURE_HTTP, capture, sizeof capture - 1, NULL, err, sizeof err));
    eks_exchange ex;
    memset(&ex, 0, sizeof ex);
    ck_assert_int_eq(eks_capture_reader_next(r, &ex, err, sizeof err), 1);
    ck_assert_msg(ex.has_request && ex.has_response && eks_str_eq_cstr(ex.request.body, "{}") && ex.diags.count == 0,
                  "%s: the capture's chunked request was not read as one (%zu diagnostics)", where, ex.diags.count);
    ck_assert_int_eq(eks_capture_reader_next(r, &ex, err, sizeof err), 0);
    eks_capture_reader_free(r);
}

/* ---- JSON numbers ------------------------------------------------------------------------ */

/* What the encoders write for a DescribeCluster output whose createdAt has a fraction: the
 * response body, the botocore-shaped JSON and the json-c view, each of which must be JSON
 * (RFC 8259 §6: '.' before the fraction) holding the same number; appended to *all. */
static void check_fractional_numbers(const char *where, eks_buf *all)
{
    static const char body[] = "{\"cluster\":{\"name\":\"c\",\"createdAt\":1700000000.123}}";
    const eks_operation *op = eks_operation_find("DescribeCluster", strlen("DescribeCluster"));
    ck_assert_ptr_nonnull(op);
    eks_header h[] = {{EKS_STR_LIT("Content-Type"), EKS_STR_LIT("application/json")}};
    eks_http_response in = {.status = 200, .headers = h, .header_count = 1, .body = {body, sizeof body - 1}};
    eks_op_decoded_response d;
    ck_assert_int_eq(eks_op_response_decode(op, &in, NULL, &d), EKS_OK);

    eks_encoded_response enc;
    memset(&enc, 0, sizeof enc);
    eks_buf text;
    eks_buf_init(&text);
    json_object *view = NULL;
    ck_assert_int_eq(eks_op_response_encode(op, d.output, EKS_STR_LIT("req-1"), &enc, NULL), EKS_OK);
    ck_assert_int_eq(eks_op_output_to_json(op, d.output, &text), EKS_OK);
    eks_status st = eks_op_response_to_json(&d, &view);
    ck_assert_msg(st == EKS_OK, "%s: eks_op_response_to_json: %s", where, eks_strerror(st));
    char *encoded = strndup(enc.http.body.ptr, enc.http.body.len);
    ck_assert_ptr_nonnull(encoded);
    const char *texts[] = {encoded, text.ptr, json_object_to_json_string_ext(view, JSON_C_TO_STRING_PLAIN)};
    for (size_t i = 0; i < 3; i++) {
        json_object *o = json_tokener_parse(texts[i]), *cluster = NULL, *at = NULL;
        ck_assert_msg(o != NULL, "%s: not JSON: %s", where, texts[i]);
        ck_assert(json_object_object_get_ex(o, "cluster", &cluster) && json_object_object_get_ex(cluster, "createdAt", &at));
        ck_assert_msg(json_object_get_double(at) == 1700000000.123, "%s: createdAt in %s", where, texts[i]);
        json_object_put(o);
        if (i < 2)
            ck_assert_int_eq(eks_buf_append_cstr(all, texts[i]), EKS_OK);
    }
    json_object_put(view);
    free(encoded);
    eks_buf_free(&text);
    eks_encoded_response_free(&enc);
    eks_op_decoded_response_free(&d);
}

/* ---- SigV4 ------------------------------------------------------------------------------- */

/* Header names with upper-case I (lower-cased for the canonical request, sorted for the
 * signed list) and a session token; the signature is appended to *all, and must verify. */
static void check_signature(const char *where, eks_buf *all)
{
    eks_header h[] = {
        {EKS_STR_LIT("Host"), EKS_STR_LIT("eks.us-west-2.amazonaws.com")},
        {EKS_STR_LIT("X-Request-ID"), EKS_STR_LIT("Id-1")},
        {EKS_STR_LIT("If-Match"), EKS_STR_LIT("\"I\"")},
        {EKS_STR_LIT("CONTENT-TYPE"), EKS_STR_LIT("application/json")},
        {EKS_STR_LIT("Authorization-Info"), EKS_STR_LIT("I")},
    };
    eks_http_request req = {.method = EKS_STR_LIT("POST"), .path = EKS_STR_LIT("/clusters/IDENTITY"),
                            .query = EKS_STR_LIT("Include=I&include=i"), .headers = h,
                            .header_count = sizeof h / sizeof h[0], .body = EKS_STR_LIT("{}")};
    eks_sigv4_credentials cr = {EKS_STR_LIT("AKIDEXAMPLE"), EKS_STR_LIT("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
                                EKS_STR_LIT("TOKEN")};
    eks_sigv4_config cfg;
    eks_sigv4_config_init_eks(&cfg, EKS_STR_LIT("us-west-2"), 1440938160);
    eks_sigv4_output out = {0}, scratch = {0};
    ck_assert_int_eq(eks_sigv4_sign(NULL, &cfg, &cr, &req, &out), EKS_OK);
    ck_assert_int_eq(eks_buf_append(all, out.canonical_request.ptr, out.canonical_request.len), EKS_OK);
    ck_assert_int_eq(eks_buf_append(all, out.authorization.ptr, out.authorization.len), EKS_OK);
    eks_header sent[sizeof h / sizeof h[0] + 4];
    size_t n = 0;
    for (size_t i = 0; i < sizeof h / sizeof h[0]; i++)
        sent[n++] = h[i];
    for (size_t i = 0; i < out.header_count; i++)
        sent[n++] = out.headers[i];
    req.headers = sent;
    req.header_count = n;
    eks_diags d;
    eks_diags_init(&d);
    ck_assert_msg(eks_sigv4_verify(NULL, &cfg, &cr, &req, &scratch, &d) == EKS_OK && d.count == 0, "%s: %s", where,
                  d.count ? d.items[0].message : "verify failed");
    eks_diags_free(&d);
    eks_sigv4_output_free(&out);
    eks_sigv4_output_free(&scratch);
}

START_TEST(same_bytes_under_every_locale)
{
    eks_buf in_c;
    eks_buf_init(&in_c);
    ck_assert_ptr_nonnull(setlocale(LC_ALL, "C"));
    check_upper_case_framing("C");
    check_fractional_numbers("C", &in_c);
    check_signature("C", &in_c);
    for (size_t i = 0; i < LOCALES; i++) {
        if (!use_locale(locales[i]))
            continue; /* the others still run (with CI=true the skip has failed the test) */
        eks_buf here;
        eks_buf_init(&here);
        check_upper_case_framing(locales[i]);
        check_fractional_numbers(locales[i], &here);
        check_signature(locales[i], &here);
        ck_assert_msg(here.len == in_c.len && memcmp(here.ptr, in_c.ptr, here.len) == 0,
                      "%s: encoded responses or signatures differ from the C locale's", locales[i]);
        eks_buf_free(&here);
    }
    setlocale(LC_ALL, "C");
    eks_buf_free(&in_c);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("locale");
    TCase *tc = tcase_create("host_locale");
    tcase_add_test(tc, same_bytes_under_every_locale);
    suite_add_tcase(s, tc);
    return ts_run_suite(s);
}
