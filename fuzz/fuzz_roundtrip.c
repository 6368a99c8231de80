/*
 * Structure-aware round trips (the input is both a response and a parameters document):
 *
 *  response: decode (fz_split_response) -> encode (success or error encoder) -> the encoded
 *            body is strict JSON (json-c, strict mode, UTF-8 validated, nothing after it) ->
 *            the encoded response as HTTP/1.1 text -> eks_http_parse -> decode -> the same
 *            value (update, or error kind/type/message/modeled fields; request id; status).
 *  request:  parameters -> request value -> encode -> strict-JSON body -> HTTP/1.1 text ->
 *            eks_http_parse -> request decode -> the same value (the generated idempotency
 *            token, when there was none, is the one the encoder reports).
 *
 * A value that decoded without error must encode without error: the encoders accept
 * everything the decoders produce.
 */
#include "fuzz_support.h"

#include <json-c/json.h>

#include "ekscodec/http_parse.h"

static void check_strict_json(eks_str body)
{
    struct json_tokener *tok = json_tokener_new();
    FZ_CHECK(tok != NULL);
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
    json_object *obj = json_tokener_parse_ex(tok, body.ptr, (int)body.len);
    if (!obj || json_tokener_get_error(tok) != json_tokener_success ||
        json_tokener_get_parse_end(tok) != body.len) {
        fprintf(stderr, "encoder emitted invalid JSON (%s) at %zu of %zu: %.*s\n",
                json_tokener_error_desc(json_tokener_get_error(tok)),
                json_tokener_get_parse_end(tok), body.len, (int)body.len, body.ptr);
        abort();
    }
    json_object_put(obj);
    json_tokener_free(tok);
}

static void append(eks_buf *b, const void *p, size_t n)
{
    FZ_CHECK(eks_buf_append(b, p, n) == EKS_OK);
}

static void append_headers(eks_buf *b, const eks_header *h, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        append(b, h[i].name.ptr, h[i].name.len);
        append(b, ": ", 2);
        append(b, h[i].value.ptr, h[i].value.len);
        append(b, "\r\n", 2);
    }
    append(b, "\r\n", 2);
}

static void dump_diags(const char *what, const eks_diags *d)
{
    fprintf(stderr, "%s:\n", what);
    for (size_t i = 0; i < d->count; i++)
        fprintf(stderr, "  %s %s %s: %s\n", eks_severity_name(d->items[i].severity),
                eks_diag_code_name(d->items[i].code), d->items[i].path, d->items[i].message);
}

/* Bytes that cannot travel in a header value; the encoders refuse them (response
 * splitting). The decoders keep whatever a captured header held, so such values decode but
 * do not re-encode. */
static int has_ctl(eks_str s)
{
    for (size_t i = 0; i < s.len; i++)
        if ((unsigned char)s.ptr[i] < 0x20 || s.ptr[i] == 0x7f)
            return 1;
    return 0;
}

/* HTTP drops whitespace around a field value (RFC 9110 5.5), so a request id or error type
 * with surrounding spaces comes back without them. */
static eks_str ows_trim(eks_str s)
{
    while (s.len && (s.ptr[0] == ' ' || s.ptr[0] == '\t'))
        s.ptr++, s.len--;
    while (s.len && (s.ptr[s.len - 1] == ' ' || s.ptr[s.len - 1] == '\t'))
        s.len--;
    return s;
}

/* The modeled "message" member of the error's shape (every modeled error has one). */
static eks_str *message_member(eks_api_error *e)
{
    eks_error_fields *f = &e->fields;
    switch (e->kind) {
    case EKS_ERROR_INVALID_PARAMETER_EXCEPTION: return &f->invalid_parameter_exception.message;
    case EKS_ERROR_CLIENT_EXCEPTION: return &f->client_exception.message;
    case EKS_ERROR_SERVER_EXCEPTION: return &f->server_exception.message;
    case EKS_ERROR_RESOURCE_IN_USE_EXCEPTION: return &f->resource_in_use_exception.message;
    case EKS_ERROR_RESOURCE_NOT_FOUND_EXCEPTION: return &f->resource_not_found_exception.message;
    case EKS_ERROR_INVALID_REQUEST_EXCEPTION: return &f->invalid_request_exception.message;
    case EKS_ERROR_THROTTLING_EXCEPTION: return &f->throttling_exception.message;
    /* errors of the service the operation does not list, decoded by their shapes */
    case EKS_ERROR_ACCESS_DENIED_EXCEPTION: return &f->access_denied_exception.message;
    case EKS_ERROR_INVALID_STATE_EXCEPTION: return &f->invalid_state_exception.message;
    case EKS_ERROR_RESOURCE_LIMIT_EXCEEDED_EXCEPTION: return &f->resource_limit_exceeded_exception.message;
    case EKS_ERROR_SERVICE_UNAVAILABLE_EXCEPTION: return &f->service_unavailable_exception.message;
    case EKS_ERROR_UNSUPPORTED_AVAILABILITY_ZONE_EXCEPTION: return &f->unsupported_availability_zone_exception.message;
    case EKS_ERROR_BAD_REQUEST_EXCEPTION: return &f->bad_request_exception.message;
    case EKS_ERROR_NOT_FOUND_EXCEPTION: return &f->not_found_exception.message;
    case EKS_ERROR_RESOURCE_PROPAGATION_DELAY_EXCEPTION: return &f->resource_propagation_delay_exception.message;
    default: return NULL;
    }
}

static void response_roundtrip(const uint8_t *data, size_t size, uint32_t h)
{
    fz_pool pool = {{0}, 0};
    eks_header headers[FZ_MAX_HEADERS];
    eks_http_response in;
    fz_split_response(&pool, data, size, h, headers, &in);
    eks_decode_options opt = {.strict = h & 1, .limits = NULL};
    eks_decoded_response r1, r2;
    eks_status st = eks_disassociate_idp_response_decode(&in, &opt, &r1);
    fz_pool_free(&pool);
    fz_check_result(st, &r1.diags);
    if (st != EKS_OK) {
        eks_decoded_response_free(&r1);
        return;
    }

    eks_encoded_response enc = {0};
    eks_diags d;
    eks_diags_init(&d);
    eks_status es = r1.is_error
                        ? eks_disassociate_idp_error_encode(&r1.error, r1.http_status,
                                                            r1.request_id, &enc, &d)
                        : eks_disassociate_idp_response_encode(&r1.output, r1.request_id, &enc, &d);
    fz_check_result(es, &d);
    eks_str type = r1.error.type.ptr ? r1.error.type
                   : eks_str_from_cstr(eks_error_kind_name(r1.error.kind));
    /* A type a header cannot carry (controls; a space at either end, which HTTP drops; a ',',
     * ':' or '#', where the header's type is folded or cut: a body's "A,B" decodes as such) is
     * refused by the encoder (codec.h). */
    bool encodable = !has_ctl(r1.request_id) &&
                     (!r1.is_error || (r1.http_status >= 300 && r1.http_status != 304 && type.len > 0 &&
                                       !has_ctl(type) && type.ptr[0] != ' ' && type.ptr[type.len - 1] != ' ' &&
                                       !memchr(type.ptr, ',', type.len) && !memchr(type.ptr, ':', type.len) &&
                                       !memchr(type.ptr, '#', type.len)));
    if (!encodable) {
        FZ_CHECK(es != EKS_OK);
        eks_diags_free(&d);
        eks_encoded_response_free(&enc);
        eks_decoded_response_free(&r1);
        return;
    }
    if (es != EKS_OK)
        dump_diags("response encode refused a decoded value", &d);
    FZ_CHECK(es == EKS_OK);
    eks_diags_free(&d);
    /* The success encoder writes the operation's modeled 200, whatever 2xx was decoded. */
    int want_status = r1.is_error ? r1.http_status : 200;
    FZ_CHECK(enc.http.status == want_status);
    if (enc.http.body.len > 0)
        check_strict_json(enc.http.body);

    /* The bytes a mock server would send, read back by the HTTP parser. */
    eks_buf text = {0};
    char line[64];
    int n = snprintf(line, sizeof line, "HTTP/1.1 %d X\r\n", enc.http.status);
    append(&text, line, (size_t)n);
    append_headers(&text, enc.http.headers, enc.http.header_count);
    append(&text, enc.http.body.ptr, enc.http.body.len);
    eks_http_message msg;
    eks_http_parse_options po = {0};
    po.expect = EKS_HTTP_RESPONSE;
    /* Long labels and ids are legal: the parser's default line limits are not under test. */
    po.max_start_line_bytes = po.max_header_bytes = text.len + 1;
    eks_status ps = eks_http_parse(text.ptr, text.len, &po, &msg);
    if (ps != EKS_OK)
        dump_diags("HTTP parse of an encoded response", &msg.diags);
    FZ_CHECK(ps == EKS_OK && msg.consumed == text.len);
    st = eks_disassociate_idp_response_decode(&msg.response, &opt, &r2);
    fz_check_result(st, &r2.diags);
    if (st != EKS_OK)
        dump_diags("decode of an encoded response", &r2.diags);
    FZ_CHECK(st == EKS_OK);
    FZ_CHECK(r2.http_status == want_status && r2.is_error == r1.is_error);
    FZ_CHECK(fz_str_eq(ows_trim(r2.request_id), ows_trim(r1.request_id)));
    if (r1.is_error) {
        FZ_CHECK(r2.error.kind == r1.error.kind);
        FZ_CHECK(fz_str_eq(ows_trim(r2.error.type), ows_trim(type)));
        FZ_CHECK(fz_str_eq(r2.error.message, r1.error.message));
        /* The encoder documents that err->message fills the body's "message" when the
         * modeled member is unset (a "Message"-only body decodes that way). */
        eks_api_error want = r1.error;
        eks_str *m = message_member(&want);
        if (m && !m->ptr)
            *m = want.message;
        FZ_CHECK(fz_error_fields_eq(&r2.error, &want));
    } else {
        FZ_CHECK(fz_update_eq(&r2.output.update, &r1.output.update));
    }
    eks_decoded_response_free(&r2);
    eks_http_message_free(&msg);
    eks_buf_free(&text);
    eks_encoded_response_free(&enc);
    eks_decoded_response_free(&r1);
}

static eks_status fixed_random(void *ctx, unsigned char *buf, size_t len)
{
    uint32_t x = *(uint32_t *)ctx;
    for (size_t i = 0; i < len; i++) {
        x = x * 1103515245u + 12345u;
        buf[i] = (unsigned char)(x >> 16);
    }
    return EKS_OK;
}

static void request_roundtrip(const uint8_t *data, size_t size, uint32_t h)
{
    fz_pool pool = {{0}, 0};
    eks_str json = fz_copy(&pool, data, size);
    eks_decode_options opt = {.strict = (h >> 1) & 1, .limits = NULL};
    eks_decoded_request p;
    eks_status st = eks_disassociate_idp_request_from_params(json.ptr, json.len, &opt, &p);
    fz_pool_free(&pool);
    fz_check_result(st, &p.diags);
    if (st != EKS_OK) {
        eks_decoded_request_free(&p);
        return;
    }

    eks_request_options ro;
    memset(&ro, 0, sizeof ro);
    eks_endpoint ep;
    if ((h >> 2) & 1) {
        eks_endpoint_params epp = {EKS_STR_LIT("us-west-2"), (h >> 3) & 1, (h >> 4) & 1,
                                   EKS_STR_ABSENT};
        FZ_CHECK(eks_endpoint_resolve(&epp, &ep, NULL, 0) == EKS_OK);
        ro.endpoint = &ep;
    } else {
        ro.host = EKS_STR_LIT("eks.us-west-2.amazonaws.com");
    }
    ro.random.fill = fixed_random;
    ro.random.ctx = &h;
    ro.strict = opt.strict;
    eks_encoded_request enc = {0};
    eks_diags d;
    eks_diags_init(&d);
    eks_status es = eks_disassociate_idp_request_encode(&p.value, &ro, &enc, &d);
    fz_check_result(es, &d);
    /* The parameters decoder leaves the URI-label hazard to the encoder, the one place that
     * builds a path: "", "." and ".." decode but must not encode (DESIGN.md, section 3). */
    eks_str label = p.value.cluster_name;
    bool hazard = label.len <= 2 && (label.len == 0 || eks_str_eq_cstr(label, ".") ||
                                     eks_str_eq_cstr(label, ".."));
    if (hazard) {
        FZ_CHECK(es == EKS_ERR_VALIDATION_FAILED);
        FZ_CHECK(eks_diags_has_code(&d, EKS_DIAG_EMPTY_URI_LABEL) ||
                 eks_diags_has_code(&d, EKS_DIAG_DOT_SEGMENT_LABEL));
        eks_diags_free(&d);
        eks_encoded_request_free(&enc);
        eks_decoded_request_free(&p);
        return;
    }
    if (es != EKS_OK)
        dump_diags("request encode refused a decoded value", &d);
    FZ_CHECK(es == EKS_OK);
    eks_diags_free(&d);
    check_strict_json(enc.http.body);

    eks_buf text = {0};
    append(&text, enc.http.method.ptr, enc.http.method.len);
    append(&text, " ", 1);
    append(&text, enc.http.path.ptr, enc.http.path.len);
    if (enc.http.query.ptr) {
        append(&text, "?", 1);
        append(&text, enc.http.query.ptr, enc.http.query.len);
    }
    append(&text, " HTTP/1.1\r\n", 11);
    append_headers(&text, enc.http.headers, enc.http.header_count);
    append(&text, enc.http.body.ptr, enc.http.body.len);
    eks_http_message msg;
    eks_http_parse_options po = {0};
    po.expect = EKS_HTTP_REQUEST;
    /* Long labels and ids are legal: the parser's default line limits are not under test. */
    po.max_start_line_bytes = po.max_header_bytes = text.len + 1;
    eks_status ps = eks_http_parse(text.ptr, text.len, &po, &msg);
    if (ps != EKS_OK)
        dump_diags("HTTP parse of an encoded request", &msg.diags);
    FZ_CHECK(ps == EKS_OK && msg.consumed == text.len);

    eks_decoded_request r;
    st = eks_disassociate_idp_request_decode(&msg.request, &opt, &r);
    fz_check_result(st, &r.diags);
    if (st != EKS_OK)
        dump_diags("decode of an encoded request", &r.diags);
    FZ_CHECK(st == EKS_OK);
    eks_disassociate_idp_request want = p.value;
    if (!want.client_request_token.ptr) {
        FZ_CHECK(enc.token_generated);
        want.client_request_token = enc.client_request_token;
    }
    FZ_CHECK(fz_request_eq(&r.value, &want));
    eks_decoded_request_free(&r);
    eks_http_message_free(&msg);
    eks_buf_free(&text);
    eks_encoded_request_free(&enc);
    eks_decoded_request_free(&p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint32_t h = fz_hash(data, size);
    response_roundtrip(data, size, h);
    request_roundtrip(data, size, h);
    return 0;
}
