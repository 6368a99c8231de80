/*
 * DisassociateIdentityProviderConfig request: encode (struct -> HTTP request) and decode
 * (captured HTTP request -> struct), both driven by the generated operation tables.
 */
#include "buf_inline.h"
#include "decode_state.h"
#include "http_name.h"
#include "limits_resolve.h"
#include "ekscodec/op_codec.h"
#include "query.h"
#include "shape_codec.h"
#include "uri_label.h"

#include <openssl/err.h>
#include <openssl/rand.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OP (&eks_operations[EKS_OPERATION_DISASSOCIATE_IDENTITY_PROVIDER_CONFIG])
#define MAX_LABELS 8
#define EKS_REQUEST_MEMBERS_TRACKED 64

eks_decode_state *eks_decode_state_new(size_t first_block)
{
    const size_t at = (sizeof(eks_decode_state) + 15u) & ~(size_t)15u;
    eks_decode_state *s = malloc(at + sizeof(eks_arena_block) + first_block);
    if (s)
        eks_arena_init_in(&s->arena, (char *)s + at, sizeof(eks_arena_block) + first_block);
    return s;
}

void eks_decode_state_free(eks_decode_state *state)
{
    if (!state)
        return;
    eks_arena_free(&state->arena);
    free(state);
}

eks_status eks_decode_begin(const eks_decode_options *options, size_t input_len, size_t struct_size,
                            eks_decode_options *resolved, eks_limits *limits, eks_diags *diags,
                            eks_decode_state **state)
{
    eks_decode_options_resolve(options, resolved, limits);
    return eks_decode_begin_resolved(resolved, input_len, struct_size, diags, state, NULL);
}

/* The documentation names "oidc" as the only identity provider type; the model types it as
 * a plain string, so anything else is a warning, not an error (encode and captured-request
 * decode; parameters say it once, when they are encoded). */
static void check_idp_type(const void *value, eks_diags *diags, bool *oom)
{
    const eks_identity_provider_config *ipc =
        &((const eks_disassociate_idp_request *)value)->identity_provider_config;
    char quoted[EKS_DIAG_QUOTE_MAX + 1];
    if (ipc->present && ipc->type.ptr && !(ipc->type.len == 4 && memcmp(ipc->type.ptr, "oidc", 4) == 0) &&
        eks_diags_add(diags, EKS_SEV_WARNING, EKS_DIAG_UNEXPECTED_VALUE, "$.identityProviderConfig.type",
                      SIZE_MAX, "identity provider type \"%s\" is not \"oidc\", the only documented type",
                      eks_diag_quote(quoted, ipc->type)) !=
            EKS_OK)
        *oom = true;
}

/* ---- encode ----------------------------------------------------------------------------- */

static eks_status default_random(void *ctx, unsigned char *buf, size_t len)
{
    (void)ctx;
    /* A failure queues OpenSSL errors on this thread, where the host's own TLS code would
     * read them as its own (SSL_get_error, ERR_get_error): the status says it instead. */
    ERR_set_mark();
    if (RAND_bytes(buf, (int)len) == 1) {
        ERR_pop_to_mark();
        return EKS_OK;
    }
    ERR_pop_to_mark();
    return EKS_ERR_CRYPTO;
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

bool eks_op_request_has_body(const eks_operation *op)
{
    return op && op->has_body_members;
}

eks_str eks_op_request_idempotency_token(const eks_operation *op, const void *input, const char **member)
{
    const eks_member_desc *m = op ? eks_op_token_member(op) : NULL;
    if (member)
        *member = m ? m->name : NULL;
    return m && input ? *(const eks_str *)((const char *)input + m->offset) : EKS_STR_ABSENT;
}

/* For a request without body members (nothing else walks its labels): whether the shape
 * validator has nothing to say about them — present when required, valid UTF-8, no length
 * or pattern constraint to check (those are the validator's). */
static bool labels_clean(const eks_shape_desc *in, const void *req)
{
    for (int i = 0; i < in->member_count; i++) {
        const eks_member_desc *m = &in->members[i];
        if (m->location != EKS_LOC_URI)
            continue;
        const eks_shape_desc *sd = &eks_shapes[m->shape];
        const eks_str *v = (const eks_str *)((const char *)req + m->offset);
        if (sd->kind != EKS_KIND_STRING || sd->has_min || sd->has_max || sd->pattern ||
            (!v->ptr && (m->flags & EKS_MEMBER_REQUIRED)) || (v->ptr && !eks_utf8_valid(v->ptr, v->len)))
            return false;
    }
    return true;
}

static const eks_str method_names[] = {
    [EKS_METHOD_GET] = EKS_STR_LIT("GET"),       [EKS_METHOD_POST] = EKS_STR_LIT("POST"),
    [EKS_METHOD_PUT] = EKS_STR_LIT("PUT"),       [EKS_METHOD_DELETE] = EKS_STR_LIT("DELETE"),
    [EKS_METHOD_PATCH] = EKS_STR_LIT("PATCH"),   [EKS_METHOD_HEAD] = EKS_STR_LIT("HEAD"),
};

/* The encoder, inlined into the typed DisassociateIdentityProviderConfig entry point and
 * into the generic one: the typed path is the hot path of embedders, and a call through the
 * generic entry cost it measurably (about 7 % of an encode). */
/* After a failed encode every view is absent, not only the framing ones: they point into
 * storage, which the call cleared and may have moved (a URL logged after a failed encode read
 * freed memory), or, refused at once, describe the previous request. */
static void clear_encoded_views(eks_encoded_request *out)
{
    out->http.header_count = 0;
    out->http.body = EKS_STR_ABSENT;
    out->http.path = EKS_STR_ABSENT;
    out->http.query = EKS_STR_ABSENT;
    out->url = out->host = out->client_request_token = EKS_STR_ABSENT;
    out->token_generated = false;
}

static EKS_ALWAYS_INLINE eks_status request_encode(const eks_operation_desc *op, const void *req,
                                                   const eks_request_options *options, eks_encoded_request *out,
                                                   eks_diags *diags_in)
{
    if (!op || !req || !options || !out) {
        if (out)
            clear_encoded_views(out);
        return EKS_ERR_INVALID_ARGUMENT;
    }
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

    /* The labels, checked on the walk that sizes the path: the template holds every URI
     * member once, in member order (the generator checks it), so the diagnostics come in
     * member order. The path's room is its literals plus three bytes per label byte (all
     * percent-encoded, at worst). */
    const eks_shape_desc *in = &eks_shapes[op->input];
    size_t path_room = base_path.len;
    bool too_long = false;
    int labels = 0;
    for (int i = 0; i < op->uri_segment_count; i++) {
        const eks_uri_segment *seg = &op->uri_segments[i];
        size_t n = seg->literal_len;
        if (seg->member >= 0) {
            labels++;
            const eks_member_desc *m = &in->members[seg->member];
            eks_str v = *(const eks_str *)((const char *)req + m->offset);
            if (eks_uri_label_suspect(v))
                eks_uri_label_check(v, m->name, SIZE_MAX, diags, &oom);
            n = v.len;
        }
        /* Each term is under 2^60 and the sum is kept under 2^63: no overflow, no division. */
        if (n > (SIZE_MAX >> 6) || path_room > (SIZE_MAX >> 1))
            too_long = true;
        else
            path_room += seg->member < 0 ? n : 3 * n;
    }
    /* The identity provider type check only ever warns: without a list to report to (the
     * local one is discarded), it has nothing to do. */
    if (op == OP && diags_in)
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
    const eks_member_desc *token_member = op->token_member >= 0 ? &in->members[op->token_member] : NULL;
    char token[37];
    eks_str generated = EKS_STR_ABSENT;
    out->token_generated = false;
    eks_str given_token = token_member ? *(const eks_str *)((const char *)req + token_member->offset)
                                       : EKS_STR_ABSENT;
    if (token_member && !given_token.ptr) {
        if ((st = make_uuid_v4(&options->random, token)) != EKS_OK)
            goto out;
        generated = (eks_str){token, 36};
        out->token_generated = true;
    }

    /* storage: path \0 body \0 url \0 host \0 content-length \0 token \0
     * The parts around the body are each written into one reservation. */
    if (too_long) {
        st = EKS_ERR_LIMIT_EXCEEDED;
        goto out;
    }
    if ((st = eks_buf_room(sb, path_room + 1)) != EKS_OK)
        goto out;
    size_t path_off = sb->len;
    char *w = sb->ptr + path_off;
    eks_copy_small(w, base_path.ptr, base_path.len);
    w += base_path.len;
    for (int i = 0; i < op->uri_segment_count; i++) {
        const eks_uri_segment *seg = &op->uri_segments[i];
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
    /* The query string goes right after the path (over its NUL), so that the request target
     * is one run of bytes for the url; http.path and http.query are views into it. */
    size_t query_len = 0;
    bool clean = true;
    if (op->query_member_count) {
        sb->len--;
        if ((st = eks_query_encode(in, req, sb, &clean)) != EKS_OK || (st = eks_buf_append_byte(sb, '\0')) != EKS_OK)
            goto out;
        query_len = sb->len - 1 - (path_off + path_len);
    }
    size_t body_off = sb->len;
    if (op->has_body_members) {
        if ((st = eks_shape_encode_json_with(op->input, req, generated.ptr ? op->token_member : -1, &generated, sb,
                                             &clean)) != EKS_OK)
            goto out;
    } else if (labels) {
        clean &= labels_clean(in, req);
    }
    /* The encoder saw something validation reports (a missing member, bad UTF-8, an unknown
     * enum value...): the validator says what and where; errors void the output. */
    if (!clean) {
        eks_shape_validate(op->input, req, "$", options->strict, diags, &oom);
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
    /* Reserve first: the path is copied from this same buffer, which must not move. A given
     * token is copied too: the output owns every byte its views show (codec.h), and the
     * caller may free its request right after the call. */
    size_t target_len = path_len + query_len;
    size_t token_len = out->token_generated ? 36 : given_token.ptr ? given_token.len : 0;
    if ((st = eks_buf_room(sb, 1 + url_prefix.len + target_len + 1 + host.len + 1 + clen_n + 1 + token_len + 1)) !=
        EKS_OK)
        goto out;
    w = sb->ptr + sb->len;
    *w++ = '\0';
    size_t url_off = (size_t)(w - sb->ptr);
    eks_copy_small(w, url_prefix.ptr, url_prefix.len);
    w += url_prefix.len;
    eks_copy_small(w, sb->ptr + path_off, target_len);
    w += target_len;
    *w++ = '\0';
    size_t url_len = url_prefix.len + target_len;
    size_t host_off = (size_t)(w - sb->ptr);
    eks_copy_small(w, host.ptr, host.len);
    w += host.len;
    *w++ = '\0';
    size_t clen_off = (size_t)(w - sb->ptr);
    eks_copy_small(w, digit, clen_n);
    w += clen_n;
    *w++ = '\0';
    size_t token_off = (size_t)(w - sb->ptr);
    if (token_len) {
        memcpy(w, out->token_generated ? token : given_token.ptr, token_len);
        w += token_len;
        *w++ = '\0';
    }
    sb->len = (size_t)(w - sb->ptr);
    sb->ptr[sb->len] = '\0';

    /* Views are taken only now: the appends above may have moved the storage. */
    const char *base = sb->ptr;
    out->http.method = method_names[op->method_id];
    out->http.path = (eks_str){base + path_off, path_len};
    out->http.query = query_len ? (eks_str){base + path_off + path_len + 1, query_len - 1} : EKS_STR_ABSENT;
    out->http.body = op->has_body_members ? (eks_str){base + body_off, body_len} : EKS_STR_ABSENT;
    out->url = (eks_str){base + url_off, url_len};
    out->host = (eks_str){base + host_off, host.len};
    out->client_request_token = given_token.ptr || out->token_generated ? (eks_str){base + token_off, token_len}
                                                                         : given_token;
    /* Content-Length last: a signer can sign the first two headers as botocore does and
     * leave the framing header unsigned. A request without body members has no content:
     * no Content-Type and no Content-Length (RFC 9110 §8.6: a user agent should not send
     * one for a method whose content has no defined meaning), as botocore sends it. */
    out->headers[0] = (eks_header){EKS_STR_LIT("Host"), out->host};
    out->http.headers = out->headers;
    out->http.header_count = 1;
    if (op->has_body_members) {
        out->headers[1] = (eks_header){EKS_STR_LIT("Content-Type"), EKS_STR_LIT("application/json")};
        out->headers[2] = (eks_header){EKS_STR_LIT("Content-Length"), {base + clen_off, clen_n}};
        out->http.header_count = 3;
    }
out:
    if (st != EKS_OK)
        clear_encoded_views(out);
    if (diags == &local && local.items)
        eks_diags_free(&local);
    return st;
}

eks_status eks_disassociate_idp_request_encode(const eks_disassociate_idp_request *req,
                                               const eks_request_options *options,
                                               eks_encoded_request *out, eks_diags *diags)
{
    return request_encode(OP, req, options, out, diags); /* which checks every argument */
}

eks_status eks_op_request_encode(const eks_operation *op, const void *req, const eks_request_options *options,
                                 eks_encoded_request *out, eks_diags *diags)
{
    return request_encode(op, req, options, out, diags);
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

/* "$." + the member's name, for the diagnostics of a label or a query value: made for every
 * one of them, so without snprintf (which cost 3-4 % of validating a capture). */
static void member_path(char *out, size_t cap, const eks_member_desc *m)
{
    size_t n = m->name_len < cap - 3 ? m->name_len : cap - 3;
    out[0] = '$';
    out[1] = '.';
    memcpy(out + 2, m->name, n);
    out[2 + n] = '\0';
}

/* eks_str_eq_cstr(method, name) for a present name, inlined: called, the compare of a
 * four-letter method cost three times its loop. */
static inline bool method_is(eks_str method, const char *name)
{
    if (!method.ptr)
        return false;
    size_t i = 0;
    for (; i < method.len; i++)
        if (!name[i] || name[i] != method.ptr[i])
            return false;
    return !name[i];
}

/* The decode of a captured request into value (zeroed, of the operation's input type);
 * diags and state as eks_decode_begin() left them. */
/* The labels eks_route found on op's template, as eks_uri_match would give them (the router
 * and eks_uri_match cut the same template's labels alike: a label to the next '/', a greedy
 * one, last in its template, as the generator requires, to the path's end), or -1 when route
 * is NULL or does not fit op's template, and the caller matches the path itself. A path
 * holding a '?' (the views' contract excludes the query; eks_route stops there, eks_uri_match
 * does not) is matched again too. */
static int labels_from_route(const eks_operation_desc *op, const eks_route_match *route, eks_str path,
                             eks_uri_label_match *labels)
{
    if (!route || route->op != op || !path.ptr || memchr(path.ptr, '?', path.len))
        return -1;
    const eks_shape_desc *input = &eks_shapes[op->input];
    size_t k = 0;
    for (int i = 0; i < op->uri_segment_count; i++) {
        const eks_uri_segment *seg = &op->uri_segments[i];
        if (seg->member < 0)
            continue;
        if (k == route->label_count || k == MAX_LABELS)
            return -1;
        labels[k] = (eks_uri_label_match){&input->members[seg->member], route->labels[k].raw, route->labels[k].offset};
        k++;
    }
    return k == route->label_count ? (int)k : -1;
}

static eks_status request_decode_into(const eks_operation_desc *op, const eks_http_request *in,
                                      const eks_route_match *route, const eks_decode_options *options,
                                      const eks_limits *limits, const eks_json_scanner *scanner,
                                      eks_diags *diags, eks_decode_state *state, void *value)
{
    bool oom = false, syntax_failed = false;
    eks_arena *arena = &state->arena;
    const eks_shape_desc *input = &eks_shapes[op->input];

    if (!method_is(in->method, op->method) &&
        eks_diags_add(diags, EKS_SEV_ERROR, EKS_DIAG_WRONG_METHOD, "method", SIZE_MAX,
                      "method is \"%.*s\", the operation uses %s",
                      (int)(in->method.len > 20 ? 20 : in->method.len),
                      in->method.ptr ? in->method.ptr : "", op->method) != EKS_OK)
        oom = true;

    eks_uri_label_match labels[MAX_LABELS];
    int nlabels = labels_from_route(op, route, in->path, labels);
    if (nlabels < 0)
        nlabels = in->path.ptr ? eks_uri_match(op, in->path, labels, MAX_LABELS) : -1;
    if (nlabels < 0) {
        if (eks_diags_add(diags, EKS_SEV_ERROR, EKS_DIAG_WRONG_PATH, "path", 0,
                          "path does not match %s", op->request_uri) != EKS_OK)
            oom = true;
        nlabels = 0;
    }
    for (int i = 0; i < nlabels && !oom; i++) {
        char p[128];
        member_path(p, sizeof p, labels[i].member);
        eks_str v;
        size_t bad_at = 0;
        if (!eks_uri_decode_label(arena, labels[i].raw, &v, &bad_at, &oom)) {
            if (!oom && eks_diags_add(diags, EKS_SEV_ERROR, EKS_DIAG_INVALID_URI_LABEL, p,
                                      labels[i].offset + bad_at,
                                      "malformed percent-escape in URI label at path byte %zu",
                                      labels[i].offset + bad_at) != EKS_OK)
                oom = true;
            continue;
        }
        if (!eks_utf8_valid(v.ptr, v.len)) {
            if (eks_diags_add(diags, EKS_SEV_ERROR, EKS_DIAG_INVALID_UTF8, p, labels[i].offset,
                              "URI label is not valid UTF-8 once percent-decoded") != EKS_OK)
                oom = true;
        }
        /* Kept even when rejected (empty, dot segment): the caller sees what was sent. An
         * empty or dot label is reported once, as such, not again as a length or pattern. */
        if (eks_uri_label_check(v, labels[i].member->name, labels[i].offset, diags, &oom))
            eks_shape_check_constraints(labels[i].member->shape, &v, p, EKS_SEV_ERROR, labels[i].offset, diags, &oom);
        *(eks_str *)((char *)value + labels[i].member->offset) = v;
    }
    if (!oom && op->query_member_count) {
        /* Where each query member's value was given, SIZE_MAX when it was not: the checks of
         * the decoded values locate their findings there. */
        size_t given[EKS_REQUEST_MEMBERS_TRACKED];
        bool tracked = input->member_count <= EKS_REQUEST_MEMBERS_TRACKED;
        for (int i = 0; tracked && i < input->member_count; i++)
            given[i] = SIZE_MAX;
        if (!eks_query_decode(input, in->query, value, arena, options->strict, diags, tracked ? given : NULL))
            oom = true;
        /* Query values as the validator sees a request value: enum values, UTF-8 and the
         * model's constraints (errors: the service would refuse them). */
        for (int i = 0; i < input->member_count && !oom; i++) {
            const eks_member_desc *m = &input->members[i];
            const void *field = (const char *)value + m->offset;
            if (m->location == EKS_LOC_QUERY && eks_shape_value_present(m->shape, field)) {
                char p[128];
                member_path(p, sizeof p, m);
                /* a list's items each have their own place: only a single value's is known */
                size_t at = tracked && eks_shapes[m->shape].kind != EKS_KIND_LIST ? given[i] : SIZE_MAX;
                eks_shape_validate_at(m->shape, field, p, options->strict, at, diags, &oom);
            }
        }
    }

    if (in->body.len > limits->max_body_bytes) {
        if (eks_diags_add(diags, EKS_SEV_ERROR, EKS_DIAG_LIMIT_EXCEEDED, "", SIZE_MAX,
                          "body of %zu bytes exceeds the limit of %zu", in->body.len,
                          limits->max_body_bytes) != EKS_OK)
            oom = true;
        syntax_failed = true;
        goto out;
    }
    if (!op->has_body_members) {
        /* Nothing of the operation travels in a body: content there is ignored by the
         * service, so it is worth a warning, not a rejection. */
        if (in->body.ptr && !eks_only_json_whitespace(in->body) &&
            eks_diags_add(diags, EKS_SEV_WARNING, EKS_DIAG_UNEXPECTED_VALUE, "", SIZE_MAX,
                          "the operation sends no body, this request has %zu bytes", in->body.len) != EKS_OK)
            oom = true;
        goto required;
    }
    if (!in->body.ptr || eks_only_json_whitespace(in->body)) {
        if (eks_diags_add(diags, EKS_SEV_ERROR, EKS_DIAG_EMPTY_BODY, "", SIZE_MAX,
                          "request body is empty; the operation sends a JSON object") != EKS_OK)
            oom = true;
        /* Report the members an empty body lacks, as a decode of "{}" would. */
        eks_shape_validate(op->input, value, "$", options->strict, diags, &oom);
        goto out;
    }
    char *buf = eks_decode_state_copy(state, in->body.ptr, in->body.len);
    if (!buf) {
        oom = true;
        goto out;
    }
    eks_shape_decoder dec;
    eks_shape_decoder_init_resolved(&dec, buf, in->body.len, arena, diags, limits, options->strict, scanner);
    dec.constraint_severity = EKS_SEV_ERROR; /* a request the service would refuse */
    if (eks_json_peek(&dec.reader) != EKS_JSON_OBJECT && !dec.reader.failed) {
        eks_json_type t = eks_json_peek(&dec.reader);
        if (t == EKS_JSON_NONE) {
            eks_json_fail(&dec.reader, "body is not JSON");
            syntax_failed = true;
            goto out;
        }
        size_t at = dec.reader.pos;
        if (eks_json_skip_value(&dec.reader) && eks_json_finish(&dec.reader)) /* JSON, but no object */
            eks_shape_diag(&dec, EKS_SEV_ERROR, EKS_DIAG_WRONG_TYPE, at,
                           "body is a JSON %s, the operation sends an object", eks_json_type_name(t));
        syntax_failed = dec.reader.failed;
        oom |= dec.oom;
        goto out;
    }
    /* The URI and query members live outside the body; their JSON twins in a body are
     * unknown members to the body decoder (all_locations is false: it writes body members
     * only), so what the path and query said stays (test_request's dec_unknown_members). */
    if (eks_shape_decode_value(&dec, op->input, value))
        eks_json_finish(&dec.reader);
    syntax_failed = dec.reader.failed;
    oom |= dec.oom || dec.reader.oom;
    if (syntax_failed || oom)
        goto out;
    if (op == OP)
        check_idp_type(value, diags, &oom);
required:
    /* Required URI and query members: the body decoder only checks body members. The
     * generated mask names the required ones in member order (a structure has at most 64
     * members: the decoder's duplicate-key set is a bit per member). */
    for (uint64_t required = input->required_members; required; required &= required - 1) {
        const eks_member_desc *m = &input->members[__builtin_ctzll(required)];
        if (m->location != EKS_LOC_BODY && (m->flags & EKS_MEMBER_REQUIRED) &&
            !eks_shape_value_present(m->shape, (char *)value + m->offset) &&
            (m->location != EKS_LOC_URI || nlabels > 0)) {
            char p[128];
            snprintf(p, sizeof p, "$.%s", m->name);
            if (eks_diags_add(diags, EKS_SEV_ERROR, EKS_DIAG_MISSING_REQUIRED_MEMBER, p, SIZE_MAX,
                              "required %s \"%s\" is missing",
                              m->location == EKS_LOC_URI ? "URI label" : "query parameter",
                              m->location_name) != EKS_OK)
                oom = true;
        }
    }
out:
    return eks_decode_status(diags, syntax_failed, oom);
}

eks_status eks_disassociate_idp_request_decode(const eks_http_request *in,
                                               const eks_decode_options *options,
                                               eks_decoded_request *out)
{
    if (!out)
        return EKS_ERR_INVALID_ARGUMENT;
    memset(out, 0, sizeof *out);
    eks_diags_init(&out->diags);
    if (!in || !eks_http_request_views_ok(in))
        return EKS_ERR_INVALID_ARGUMENT;
    eks_decode_options opts;
    eks_limits limits;
    if (eks_decode_begin(options, in->body.len, 0, &opts, &limits, &out->diags, &out->state_) != EKS_OK)
        return EKS_ERR_OUT_OF_MEMORY;
    eks_json_scanner scanner = eks_json_scanner_best();
    return request_decode_into(OP, in, NULL, &opts, &limits, &scanner, &out->diags, out->state_, &out->value);
}

/* The start of a generic request result (zeroed, diags initialised) with resolved options:
 * the state created and the operation's input struct allocated in it. */
static eks_status op_result_begin(const eks_operation_desc *op, const eks_decode_options *resolved,
                                  size_t input_len, eks_op_decoded_request *out, eks_decode_state *spare)
{
    size_t size = eks_shapes[op->input].c_size;
    out->op = op;
    if (eks_decode_begin_resolved(resolved, input_len, size, &out->diags, &out->state_, spare) != EKS_OK)
        return EKS_ERR_OUT_OF_MEMORY;
    out->value = eks_decode_state_alloc(out->state_, size);
    return out->value ? EKS_OK : EKS_ERR_OUT_OF_MEMORY;
}

eks_status eks_op_request_decode_reusing(const eks_operation *op, const eks_http_request *in,
                                         const eks_route_match *route, const eks_decode_options *resolved,
                                         const eks_json_scanner *scanner, eks_op_decoded_request *out,
                                         eks_decode_state *spare)
{
    *out = (eks_op_decoded_request){.op = op}; /* zeroed, its diagnostics initialised */
    if (op_result_begin(op, resolved, in->body.len, out, spare) != EKS_OK)
        return EKS_ERR_OUT_OF_MEMORY;
    return request_decode_into(op, in, route, resolved, resolved->limits, scanner, &out->diags, out->state_,
                               out->value);
}

eks_status eks_op_request_decode(const eks_operation *op, const eks_http_request *in,
                                 const eks_decode_options *options, eks_op_decoded_request *out)
{
    if (out && in && op && eks_http_request_views_ok(in)) {
        eks_decode_options opts;
        eks_limits limits;
        eks_decode_options_resolve(options, &opts, &limits);
        eks_json_scanner scanner = eks_json_scanner_best();
        return eks_op_request_decode_reusing(op, in, NULL, &opts, &scanner, out, NULL);
    }
    if (out) {
        memset(out, 0, sizeof *out);
        eks_diags_init(&out->diags);
    }
    return EKS_ERR_INVALID_ARGUMENT;
}

void eks_op_decoded_request_free(eks_op_decoded_request *out)
{
    if (!out)
        return;
    eks_diags_free(&out->diags);
    eks_decode_state_free(out->state_);
    memset(out, 0, sizeof *out);
}

static eks_status params_decode_into(const eks_operation_desc *op, const char *json, size_t len,
                                     const eks_decode_options *options, const eks_limits *limits,
                                     eks_diags *diags, eks_decode_state *state, void *value)
{
    bool oom = false, syntax_failed = false;
    if (len > limits->max_body_bytes) {
        if (eks_diags_add(diags, EKS_SEV_ERROR, EKS_DIAG_LIMIT_EXCEEDED, "", SIZE_MAX,
                          "parameters of %zu bytes exceed the limit of %zu", len,
                          limits->max_body_bytes) != EKS_OK)
            oom = true;
        return eks_decode_status(diags, true, oom);
    }
    char *buf = eks_decode_state_copy(state, json, len);
    if (!buf)
        return EKS_ERR_OUT_OF_MEMORY;
    eks_shape_decoder dec;
    eks_shape_decoder_init(&dec, buf, len, &state->arena, diags, limits, options->strict);
    dec.constraint_severity = EKS_SEV_ERROR; /* parameters are about to be sent */
    dec.all_locations = true;
    dec.unknown_member_is_error = true;
    eks_json_type t = eks_json_peek(&dec.reader);
    if (t != EKS_JSON_OBJECT) {
        size_t at = dec.reader.pos;
        if (t == EKS_JSON_NONE)
            eks_json_fail(&dec.reader, "parameters are not JSON");
        else if (eks_json_skip_value(&dec.reader) && eks_json_finish(&dec.reader)) /* JSON, but no object */
            eks_shape_diag(&dec, EKS_SEV_ERROR, EKS_DIAG_WRONG_TYPE, at,
                           "parameters must be a JSON object, got %s", eks_json_type_name(t));
    } else if (eks_shape_decode_value(&dec, op->input, value)) {
        eks_json_finish(&dec.reader);
    }
    syntax_failed = dec.reader.failed;
    oom = dec.oom || dec.reader.oom;
    /* The URI labels' own rule (empty, "." or ".." is refused), which encoding applies: said
     * here too, with whatever else the parameters have wrong, not only once those are fixed
     * (the encoder's copy of the same finding is the same diagnostic: eks_diags_append_new
     * keeps one) */
    if (!syntax_failed && !oom && t == EKS_JSON_OBJECT) {
        const eks_shape_desc *in = &eks_shapes[op->input];
        for (int i = 0; i < op->uri_segment_count; i++) {
            const eks_uri_segment *seg = &op->uri_segments[i];
            if (seg->member < 0)
                continue;
            const eks_member_desc *m = &in->members[seg->member];
            eks_str v = *(const eks_str *)((const char *)value + m->offset);
            if (v.ptr && eks_uri_label_suspect(v))
                eks_uri_label_check(v, m->name, SIZE_MAX, diags, &oom);
        }
    }
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
    if (eks_decode_begin(options, len, 0, &opts, &limits, &out->diags, &out->state_) != EKS_OK)
        return EKS_ERR_OUT_OF_MEMORY;
    return params_decode_into(OP, json, len, &opts, &limits, &out->diags, out->state_, &out->value);
}

eks_status eks_op_request_from_params(const eks_operation *op, const char *json, size_t len,
                                      const eks_decode_options *options, eks_op_decoded_request *out)
{
    if (!out)
        return EKS_ERR_INVALID_ARGUMENT;
    memset(out, 0, sizeof *out);
    eks_diags_init(&out->diags);
    if (!op || (!json && len))
        return EKS_ERR_INVALID_ARGUMENT;
    eks_decode_options opts;
    eks_limits limits;
    eks_decode_options_resolve(options, &opts, &limits);
    if (op_result_begin(op, &opts, len, out, NULL) != EKS_OK)
        return EKS_ERR_OUT_OF_MEMORY;
    return params_decode_into(op, json, len, &opts, &limits, &out->diags, out->state_, out->value);
}
