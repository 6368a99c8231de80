/*
 * DisassociateIdentityProviderConfig request: encode (struct -> HTTP request) and decode
 * (captured HTTP request -> struct), both driven by the generated operation tables.
 */
#include "buf_inline.h"
#include "decode_state.h"
#include "shape_codec.h"
#include "uri_label.h"

#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OP (&eks_operations[EKS_OPERATION_DISASSOCIATE_IDENTITY_PROVIDER_CONFIG])
#define MAX_LABELS 8

eks_decode_state *eks_decode_state_new(void)
{
    eks_decode_state *s = malloc(sizeof *s);
    if (s)
        eks_arena_init(&s->arena);
    return s;
}

void eks_decode_state_free(eks_decode_state *state)
{
    if (!state)
        return;
    eks_arena_free(&state->arena);
    free(state);
}

char *eks_decode_state_copy(eks_decode_state *state, const char *bytes, size_t len)
{
    /* Size the arena once for the copy plus what decoding it typically needs (lists of
     * structs take about as many bytes as their JSON). */
    if (!state->arena.head)
        eks_arena_set_first_block(&state->arena, len < 512 ? 2048 : 2 * len + 1024);
    return eks_arena_strndup(&state->arena, bytes ? bytes : "", bytes ? len : 0);
}

eks_status eks_decode_begin(const eks_decode_options *options, eks_decode_options *resolved,
                            eks_limits *limits, eks_diags *diags, eks_decode_state **state)
{
    eks_decode_options defaults = {0};
    *resolved = options ? *options : defaults;
    *limits = eks_limits_resolve(resolved->limits);
    resolved->limits = limits;
    diags->max_items = limits->max_diagnostics;
    *state = eks_decode_state_new();
    return *state ? EKS_OK : EKS_ERR_OUT_OF_MEMORY;
}

bool eks_only_json_whitespace(eks_str s)
{
    for (size_t i = 0; i < s.len; i++)
        if (s.ptr[i] != ' ' && s.ptr[i] != '\t' && s.ptr[i] != '\r' && s.ptr[i] != '\n')
            return false;
    return true;
}

eks_status eks_decode_status(const eks_diags *diags, bool syntax_failed, bool oom)
{
    if (oom)
        return EKS_ERR_OUT_OF_MEMORY;
    if (syntax_failed) {
        for (size_t i = 0; i < diags->count; i++)
            if (diags->items[i].code == EKS_DIAG_LIMIT_EXCEEDED)
                return EKS_ERR_LIMIT_EXCEEDED;
        return EKS_ERR_MALFORMED_INPUT;
    }
    return diags->errors ? EKS_ERR_VALIDATION_FAILED : EKS_OK;
}

/* The documentation names "oidc" as the only identity provider type; the model types it as
 * a plain string, so anything else is a warning, not an error (encode and captured-request
 * decode; parameters say it once, when they are encoded). */
static void check_idp_type(const eks_disassociate_idp_request *req, eks_diags *diags, bool *oom)
{
    const eks_identity_provider_config *ipc = &req->identity_provider_config;
    if (ipc->present && ipc->type.ptr && !(ipc->type.len == 4 && memcmp(ipc->type.ptr, "oidc", 4) == 0) &&
        eks_diags_add(diags, EKS_SEV_WARNING, EKS_DIAG_UNEXPECTED_VALUE, "$.identityProviderConfig.type",
                      SIZE_MAX, "identity provider type \"%.*s\" is not \"oidc\", the only documented type",
                      (int)(ipc->type.len > 64 ? 64 : ipc->type.len), ipc->type.ptr) != EKS_OK)
        *oom = true;
}

/* ---- encode ----------------------------------------------------------------------------- */

static eks_status default_random(void *ctx, unsigned char *buf, size_t len)
{
    (void)ctx;
    return RAND_bytes(buf, (int)len) == 1 ? EKS_OK : EKS_ERR_CRYPTO;
}

/* RFC 9562 version 4 UUID, lower-case, as both SDKs generate for idempotency tokens. */
static eks_status make_uuid_v4(const eks_random_source *rnd, char out[37])
{
    unsigned char b[16];
    eks_status st = rnd && rnd->fill ? rnd->fill(rnd->ctx, b, sizeof b) : default_random(NULL, b, sizeof b);
    if (st != EKS_OK)
        return st;
    b[6] = (unsigned char)((b[6] & 0x0F) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3F) | 0x80);
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = hex[b[i] >> 4];
        out[o++] = hex[b[i] & 15];
    }
    out[o] = '\0';
    return EKS_OK;
}

static bool host_is_sane(eks_str host)
{
    if (!host.ptr || host.len == 0 || host.len > 255)
        return false;
    for (size_t i = 0; i < host.len; i++) {
        unsigned char c = (unsigned char)host.ptr[i];
        /* RFC 3986 reg-name/IP-literal characters plus ':' for the port; anything else
         * (spaces, CR/LF, '@', '/') would corrupt the request line or headers. */
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '.' || c == ':' || c == '[' || c == ']' || c == '_' || c == '~'))
            return false;
    }
    return true;
}

void eks_encoded_request_free(eks_encoded_request *out)
{
    if (!out)
        return;
    eks_buf_free(&out->storage);
    memset(out, 0, sizeof *out);
}

eks_status eks_disassociate_idp_request_encode(const eks_disassociate_idp_request *req,
                                               const eks_request_options *options,
                                               eks_encoded_request *out, eks_diags *diags_in)
{
    if (!req || !options || !out)
        return EKS_ERR_INVALID_ARGUMENT;
    eks_diags local;
    eks_diags *diags = diags_in;
    if (!diags) {
        eks_diags_init(&local);
        diags = &local;
    }
    size_t errors_before = diags->errors;
    bool oom = false;
    eks_status st = EKS_OK;
    eks_buf *sb = &out->storage;
    eks_buf_clear(sb);
    if (!sb->ptr && (st = eks_buf_reserve(sb, 512)) != EKS_OK)
        goto out;

    /* url_prefix is scheme://host[:port]; base_path is an override URL's path, if any. */
    eks_str url_prefix, base_path = EKS_STR_LIT(""), host;
    char bare_prefix[8 + 262];
    if (options->endpoint) {
        const eks_endpoint *ep = options->endpoint;
        url_prefix = (eks_str){ep->url, ep->path_offset};
        base_path = (eks_str){ep->url + ep->path_offset, ep->url_len - ep->path_offset};
        /* A trailing '/' of the base joins the operation path's leading '/'. */
        while (base_path.len && base_path.ptr[base_path.len - 1] == '/')
            base_path.len--;
        host = (eks_str){ep->host, ep->host_len};
    } else {
        host = options->host;
        int n = host_is_sane(host) ? snprintf(bare_prefix, sizeof bare_prefix, "https://%.*s",
                                              (int)host.len, host.ptr) : 0;
        url_prefix = (eks_str){bare_prefix, n > 0 ? (size_t)n : 0};
    }
    /* An endpoint from eks_endpoint_resolve() has a validated host already. */
    if ((!options->endpoint && !host_is_sane(host)) || (base_path.len && memchr(base_path.ptr, '?', base_path.len))) {
        if (eks_diags_add(diags, EKS_SEV_ERROR, EKS_DIAG_ENDPOINT, "host", SIZE_MAX,
                          "no usable endpoint: give options.endpoint (eks_endpoint_resolve) or "
                          "options.host") != EKS_OK)
            oom = true;
    }

    const eks_shape_desc *in = &eks_shapes[OP->input];
    for (int i = 0; i < in->member_count; i++) {
        const eks_member_desc *m = &in->members[i];
        if (m->location == EKS_LOC_URI)
            eks_uri_label_check(*(const eks_str *)((const char *)req + m->offset), m->name, diags, &oom);
    }
    check_idp_type(req, diags, &oom);
    if (oom) {
        st = EKS_ERR_OUT_OF_MEMORY;
        goto out;
    }
    if (diags->errors > errors_before) {
        st = EKS_ERR_VALIDATION_FAILED;
        goto out;
    }

    /* The idempotency token: absent -> generated; present (even empty) -> sent as given. */
    eks_disassociate_idp_request body_value = *req;
    char token[37];
    out->token_generated = false;
    if (!req->client_request_token.ptr) {
        if ((st = make_uuid_v4(&options->random, token)) != EKS_OK)
            goto out;
        body_value.client_request_token.ptr = token;
        body_value.client_request_token.len = 36;
        out->token_generated = true;
    }

    /* storage: path \0 body \0 url \0 host \0 content-length \0 token \0
     * The parts around the body are each written into one reservation: the path's room is
     * its literals plus three bytes per label byte (all percent-encoded, at worst). */
    size_t path_room = base_path.len;
    for (int i = 0; i < OP->uri_segment_count; i++) {
        const eks_uri_segment *seg = &OP->uri_segments[i];
        size_t n = seg->member < 0 ? seg->literal_len
                                   : ((const eks_str *)((const char *)req + in->members[seg->member].offset))->len;
        /* Each term is under 2^60 and the sum is kept under 2^63: no overflow, no division. */
        if (n > (SIZE_MAX >> 6) || path_room > (SIZE_MAX >> 1)) {
            st = EKS_ERR_LIMIT_EXCEEDED;
            goto out;
        }
        path_room += seg->member < 0 ? n : 3 * n;
    }
    if ((st = eks_buf_room(sb, path_room + 1)) != EKS_OK)
        goto out;
    size_t path_off = sb->len;
    char *w = sb->ptr + path_off;
    eks_copy_small(w, base_path.ptr, base_path.len);
    w += base_path.len;
    for (int i = 0; i < OP->uri_segment_count; i++) {
        const eks_uri_segment *seg = &OP->uri_segments[i];
        if (seg->member < 0) {
            eks_copy_small(w, seg->literal, seg->literal_len);
            w += seg->literal_len;
        } else {
            const eks_str *v = (const eks_str *)((const char *)req + in->members[seg->member].offset);
            w += eks_uri_encode_label_into(w, v->ptr, v->len, seg->greedy);
        }
    }
    size_t path_len = (size_t)(w - (sb->ptr + path_off));
    *w = '\0';
    sb->len = path_off + path_len + 1;
    size_t body_off = sb->len;
    bool clean = true;
    if ((st = eks_shape_encode_json(OP->input, &body_value, sb, &clean)) != EKS_OK)
        goto out;
    /* The encoder saw something validation reports (a missing member, bad UTF-8, an unknown
     * enum value...): the validator says what and where; errors void the output. */
    if (!clean) {
        eks_shape_validate(OP->input, req, "$", options->strict, diags, &oom);
        if (oom) {
            st = EKS_ERR_OUT_OF_MEMORY;
            goto out;
        }
        if (diags->errors > errors_before) {
            st = EKS_ERR_VALIDATION_FAILED;
            goto out;
        }
    }
    size_t body_len = sb->len - body_off;
    char digits[20];
    const char *digit = eks_decimal_before(digits + sizeof digits, body_len);
    size_t clen_n = (size_t)(digits + sizeof digits - digit);
    /* Reserve first: the path is copied from this same buffer, which must not move. */
    if ((st = eks_buf_room(sb, 1 + url_prefix.len + path_len + 1 + host.len + 1 + clen_n + 1 + 37)) != EKS_OK)
        goto out;
    w = sb->ptr + sb->len;
    *w++ = '\0';
    size_t url_off = (size_t)(w - sb->ptr);
    eks_copy_small(w, url_prefix.ptr, url_prefix.len);
    w += url_prefix.len;
    eks_copy_small(w, sb->ptr + path_off, path_len);
    w += path_len;
    *w++ = '\0';
    size_t url_len = url_prefix.len + path_len;
    size_t host_off = (size_t)(w - sb->ptr);
    eks_copy_small(w, host.ptr, host.len);
    w += host.len;
    *w++ = '\0';
    size_t clen_off = (size_t)(w - sb->ptr);
    eks_copy_small(w, digit, clen_n);
    w += clen_n;
    *w++ = '\0';
    size_t token_off = (size_t)(w - sb->ptr);
    if (out->token_generated) {
        memcpy(w, token, 37); /* with its NUL */
        w += 37;
    }
    sb->len = (size_t)(w - sb->ptr);
    sb->ptr[sb->len] = '\0';

    /* Views are taken only now: the appends above may have moved the storage. */
    const char *base = sb->ptr;
    out->http.method = EKS_STR_LIT("POST");
    out->http.path = (eks_str){base + path_off, path_len};
    out->http.query = EKS_STR_ABSENT;
    out->http.body = (eks_str){base + body_off, body_len};
    out->url = (eks_str){base + url_off, url_len};
    out->host = (eks_str){base + host_off, host.len};
    out->client_request_token = out->token_generated ? (eks_str){base + token_off, 36}
                                                     : req->client_request_token;
    /* Content-Length last: a signer can sign the first two headers as botocore does and
     * leave the framing header unsigned. */
    out->headers[0] = (eks_header){EKS_STR_LIT("Host"), out->host};
    out->headers[1] = (eks_header){EKS_STR_LIT("Content-Type"), EKS_STR_LIT("application/json")};
    out->headers[2] = (eks_header){EKS_STR_LIT("Content-Length"), {base + clen_off, clen_n}};
    out->http.headers = out->headers;
    out->http.header_count = 3;
    (void)OP->method; /* the model says POST; asserted by the schema tests */
out:
    if (st != EKS_OK) {
        out->http.header_count = 0;
        out->http.body = EKS_STR_ABSENT;
        out->http.path = EKS_STR_ABSENT;
    }
    if (diags == &local && local.items)
        eks_diags_free(&local);
    return st;
}

/* ---- decode ----------------------------------------------------------------------------- */

void eks_decoded_request_free(eks_decoded_request *out)
{
    if (!out)
        return;
    eks_diags_free(&out->diags);
    eks_decode_state_free(out->state_);
    memset(out, 0, sizeof *out);
}

eks_status eks_disassociate_idp_request_decode(const eks_http_request *in,
                                               const eks_decode_options *options,
                                               eks_decoded_request *out)
{
    if (!out)
        return EKS_ERR_INVALID_ARGUMENT;
    memset(out, 0, sizeof *out);
    eks_diags_init(&out->diags);
    if (!in)
        return EKS_ERR_INVALID_ARGUMENT;
    eks_decode_options opts;
    eks_limits limits;
    if (eks_decode_begin(options, &opts, &limits, &out->diags, &out->state_) != EKS_OK)
        return EKS_ERR_OUT_OF_MEMORY;
    options = &opts;
    bool oom = false, syntax_failed = false;
    eks_arena *arena = &out->state_->arena;
    eks_diags *diags = &out->diags;
    const eks_shape_desc *input = &eks_shapes[OP->input];

    if (!eks_str_eq_cstr(in->method, OP->method) &&
        eks_diags_add(diags, EKS_SEV_ERROR, EKS_DIAG_WRONG_METHOD, "method", SIZE_MAX,
                      "method is \"%.*s\", the operation uses %s",
                      (int)(in->method.len > 20 ? 20 : in->method.len),
                      in->method.ptr ? in->method.ptr : "", OP->method) != EKS_OK)
        oom = true;

    eks_uri_label_match labels[MAX_LABELS];
    int nlabels = in->path.ptr ? eks_uri_match(OP->request_uri, input, in->path, labels, MAX_LABELS) : -1;
    if (nlabels < 0) {
        if (eks_diags_add(diags, EKS_SEV_ERROR, EKS_DIAG_WRONG_PATH, "path", 0,
                          "path does not match %s", OP->request_uri) != EKS_OK)
            oom = true;
        nlabels = 0;
    }
    for (int i = 0; i < nlabels && !oom; i++) {
        char p[128];
        snprintf(p, sizeof p, "$.%s", labels[i].member->name);
        eks_str value;
        size_t bad_at = 0;
        if (!eks_uri_decode_label(arena, labels[i].raw, &value, &bad_at, &oom)) {
            if (!oom && eks_diags_add(diags, EKS_SEV_ERROR, EKS_DIAG_INVALID_URI_LABEL, p,
                                      labels[i].offset + bad_at,
                                      "malformed percent-escape in URI label at path byte %zu",
                                      labels[i].offset + bad_at) != EKS_OK)
                oom = true;
            continue;
        }
        if (!eks_utf8_valid(value.ptr, value.len)) {
            if (eks_diags_add(diags, EKS_SEV_ERROR, EKS_DIAG_INVALID_UTF8, p, labels[i].offset,
                              "URI label is not valid UTF-8 once percent-decoded") != EKS_OK)
                oom = true;
        }
        /* Kept even when rejected (empty, dot segment): the caller sees what was sent. */
        eks_uri_label_check(value, labels[i].member->name, diags, &oom);
        *(eks_str *)((char *)&out->value + labels[i].member->offset) = value;
    }

    if (in->body.len > limits.max_body_bytes) {
        if (eks_diags_add(diags, EKS_SEV_ERROR, EKS_DIAG_LIMIT_EXCEEDED, "", SIZE_MAX,
                          "body of %zu bytes exceeds the limit of %zu", in->body.len,
                          limits.max_body_bytes) != EKS_OK)
            oom = true;
        syntax_failed = true;
        goto out;
    }
    if (!in->body.ptr || eks_only_json_whitespace(in->body)) {
        if (eks_diags_add(diags, EKS_SEV_ERROR, EKS_DIAG_EMPTY_BODY, "", SIZE_MAX,
                          "request body is empty; the operation sends a JSON object") != EKS_OK)
            oom = true;
        /* Report the members an empty body lacks, as a decode of "{}" would. */
        eks_shape_validate(OP->input, &out->value, "$", options->strict, diags, &oom);
        goto out;
    }
    char *buf = eks_decode_state_copy(out->state_, in->body.ptr, in->body.len);
    if (!buf) {
        oom = true;
        goto out;
    }
    eks_shape_decoder dec;
    eks_shape_decoder_init(&dec, buf, in->body.len, arena, diags, &limits, options->strict);
    dec.constraint_severity = EKS_SEV_ERROR; /* a request: the service would reject it */
    if (eks_json_peek(&dec.reader) != EKS_JSON_OBJECT && !dec.reader.failed) {
        eks_json_type t = eks_json_peek(&dec.reader);
        if (t == EKS_JSON_NONE) {
            eks_json_fail(&dec.reader, "body is not JSON");
            syntax_failed = true;
            goto out;
        }
        eks_shape_diag(&dec, EKS_SEV_ERROR, EKS_DIAG_WRONG_TYPE, dec.reader.pos,
                       "body is a JSON %s, the operation sends an object", eks_json_type_name(t));
        if (eks_json_skip_value(&dec.reader))
            eks_json_finish(&dec.reader);
        syntax_failed = dec.reader.failed;
        oom |= dec.oom;
        goto out;
    }
    /* The URI member lives in the path; its JSON twin in a body is an unknown member. */
    eks_str saved_labels[MAX_LABELS];
    for (int i = 0; i < nlabels; i++)
        saved_labels[i] = *(eks_str *)((char *)&out->value + labels[i].member->offset);
    if (eks_shape_decode_value(&dec, OP->input, &out->value))
        eks_json_finish(&dec.reader);
    for (int i = 0; i < nlabels; i++)
        *(eks_str *)((char *)&out->value + labels[i].member->offset) = saved_labels[i];
    syntax_failed = dec.reader.failed;
    oom |= dec.oom || dec.reader.oom;
    if (syntax_failed || oom)
        goto out;
    /* Required URI members: the body decoder only checks body members. */
    for (int i = 0; i < input->member_count; i++) {
        const eks_member_desc *m = &input->members[i];
        if (m->location == EKS_LOC_URI && (m->flags & EKS_MEMBER_REQUIRED) &&
            !((eks_str *)((char *)&out->value + m->offset))->ptr && nlabels > 0) {
            char p[128];
            snprintf(p, sizeof p, "$.%s", m->name);
            if (eks_diags_add(diags, EKS_SEV_ERROR, EKS_DIAG_MISSING_REQUIRED_MEMBER, p, SIZE_MAX,
                              "required URI label \"%s\" is missing", m->location_name) != EKS_OK)
                oom = true;
        }
    }
    check_idp_type(&out->value, diags, &oom);
out:
    return eks_decode_status(diags, syntax_failed, oom);
}

eks_status eks_disassociate_idp_request_from_params(const char *json, size_t len,
                                                    const eks_decode_options *options,
                                                    eks_decoded_request *out)
{
    if (!out)
        return EKS_ERR_INVALID_ARGUMENT;
    memset(out, 0, sizeof *out);
    eks_diags_init(&out->diags);
    if (!json && len)
        return EKS_ERR_INVALID_ARGUMENT;
    eks_decode_options opts;
    eks_limits limits;
    if (eks_decode_begin(options, &opts, &limits, &out->diags, &out->state_) != EKS_OK)
        return EKS_ERR_OUT_OF_MEMORY;
    options = &opts;
    bool oom = false, syntax_failed = false;
    if (len > limits.max_body_bytes) {
        if (eks_diags_add(&out->diags, EKS_SEV_ERROR, EKS_DIAG_LIMIT_EXCEEDED, "", SIZE_MAX,
                          "parameters of %zu bytes exceed the limit of %zu", len,
                          limits.max_body_bytes) != EKS_OK)
            oom = true;
        return eks_decode_status(&out->diags, true, oom);
    }
    char *buf = eks_decode_state_copy(out->state_, json, len);
    if (!buf)
        return EKS_ERR_OUT_OF_MEMORY;
    eks_shape_decoder dec;
    eks_shape_decoder_init(&dec, buf, len, &out->state_->arena, &out->diags, &limits, options->strict);
    dec.constraint_severity = EKS_SEV_ERROR; /* parameters of a request: the service would reject it */
    dec.all_locations = true;
    dec.unknown_member_is_error = true;
    eks_json_type t = eks_json_peek(&dec.reader);
    if (t != EKS_JSON_OBJECT) {
        if (t == EKS_JSON_NONE)
            eks_json_fail(&dec.reader, "parameters are not JSON");
        else
            eks_shape_diag(&dec, EKS_SEV_ERROR, EKS_DIAG_WRONG_TYPE, dec.reader.pos,
                           "parameters must be a JSON object, got %s", eks_json_type_name(t));
    } else if (eks_shape_decode_value(&dec, OP->input, &out->value)) {
        eks_json_finish(&dec.reader);
    }
    syntax_failed = dec.reader.failed;
    oom = dec.oom || dec.reader.oom;
    return eks_decode_status(&out->diags, syntax_failed, oom);
}
