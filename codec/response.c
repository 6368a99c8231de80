/*
 * DisassociateIdentityProviderConfig responses: decode (2xx -> output, otherwise the
 * restJson1 error) and encode (for fixtures and mock servers).
 */
#include "buf_inline.h"
#include "decode_state.h"
#include "http_name.h"
#include "ekscodec/op_codec.h"
#include "shape_codec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OP (&eks_operations[EKS_OPERATION_DISASSOCIATE_IDENTITY_PROVIDER_CONFIG])

/* Whether s holds a ',', ':' or '#' (eight bytes at a time: a plain type name, the usual
 * case, then needs only its blanks trimmed). Inlined in each of its three users: called, it
 * cost decode_error 13 instructions an operation (2282 -> 2294 under callgrind). */
static inline __attribute__((always_inline)) bool has_type_punctuation(const char *s, size_t n)
{
    size_t i = 0;
    uint64_t hit = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w = eks_swar_load(s + i);
        hit |= eks_swar_eq_mask(w, ',') | eks_swar_eq_mask(w, ':') | eks_swar_eq_mask(w, '#');
    }
    for (; i < n; i++)
        hit |= s[i] == ',' || s[i] == ':' || s[i] == '#';
    return hit != 0;
}

/* The restJson1 cuts of p..end, which holds punctuation: before the first ':', after the last
 * '#' (botocore's code.split(':', 1)[0].rsplit('#', 1)[-1]); nothing trimmed. */
static eks_str cut_type(const char *p, const char *end)
{
    const char *colon = memchr(p, ':', (size_t)(end - p));
    if (colon)
        end = colon;
    for (const char *q = end; q > p; q--)
        if (q[-1] == '#') {
            p = q;
            break;
        }
    eks_str out = {p, (size_t)(end - p)};
    return out;
}

eks_str eks_error_type_cut(eks_str raw)
{
    if (!raw.ptr || !has_type_punctuation(raw.ptr, raw.len))
        return raw;
    return cut_type(raw.ptr, raw.ptr + raw.len);
}

eks_str eks_error_type_sanitize(eks_str raw)
{
    if (!raw.ptr)
        return raw;
    const char *p = raw.ptr, *end = raw.ptr + raw.len;
    bool punctuated = has_type_punctuation(p, raw.len);
    /* A header folded into a list ("A,B") names the first type. */
    const char *comma = punctuated ? memchr(p, ',', raw.len) : NULL;
    if (comma)
        end = comma;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    if (punctuated)
        return cut_type(p, end);
    eks_str out = {p, (size_t)(end - p)};
    return out;
}

/* A header value without the whitespace around it (RFC 9110 section 5.5). */
static eks_str trim_blanks(eks_str t)
{
    while (t.len && (t.ptr[0] == ' ' || t.ptr[0] == '\t')) {
        t.ptr++;
        t.len--;
    }
    while (t.len && (t.ptr[t.len - 1] == ' ' || t.ptr[t.len - 1] == '\t'))
        t.len--;
    return t;
}

void eks_decoded_response_free(eks_decoded_response *out)
{
    if (!out)
        return;
    eks_diags_free(&out->diags);
    eks_decode_state_free(out->state_);
    memset(out, 0, sizeof *out);
}

static char first_non_ws(eks_str s)
{
    for (size_t i = 0; i < s.len; i++)
        if (s.ptr[i] != ' ' && s.ptr[i] != '\t' && s.ptr[i] != '\r' && s.ptr[i] != '\n')
            return s.ptr[i];
    return 0;
}

/* The body's top-level "code", "__type" and "Message" strings, read from a scratch copy
 * before the modeled decode (which needs the type first). Non-string values are skipped:
 * a numeric "code" is not an error type, and not fatal either. */
typedef struct error_body_keys {
    eks_str code, type, message_upper;
} error_body_keys;

static bool scan_error_body(char *buf, size_t len, const eks_limits *limits, eks_diags *scratch,
                            error_body_keys *keys)
{
    eks_json_reader r;
    eks_json_reader_init(&r, buf, len, limits, scratch);
    if (eks_json_peek(&r) != EKS_JSON_OBJECT)
        return false;
    eks_json_object_begin(&r);
    bool first = true;
    eks_str key;
    size_t koff;
    while (eks_json_object_next(&r, &first, &key, &koff)) {
        eks_str *slot = eks_str_eq_cstr(key, "code") ? &keys->code
                        : eks_str_eq_cstr(key, "__type") ? &keys->type
                        : eks_str_eq_cstr(key, "Message") ? &keys->message_upper : NULL;
        if (slot && !slot->ptr && eks_json_peek(&r) == EKS_JSON_STRING) {
            if (!eks_json_read_string(&r, slot))
                return false;
        } else if (!eks_json_skip_value(&r)) {
            return false;
        }
    }
    return !r.failed;
}

static const char *const error_extra_keys[] = {"code", "__type", "message", "Message", NULL};

static void add(eks_diags *d, bool *oom, eks_severity sev, eks_diag_code code, const char *path,
                const char *msg)
{
    if (eks_diags_add(d, sev, code, path, SIZE_MAX, "%s", msg) != EKS_OK)
        *oom = true;
}

/* Where a diagnostics list stood, so that what a decode added can be taken back. */
typedef struct diags_mark {
    size_t count, errors, warnings, dropped;
    uint64_t codes_seen;
} diags_mark;

static diags_mark diags_mark_take(const eks_diags *d)
{
    diags_mark m = {d->count, d->errors, d->warnings, d->dropped, d->codes_seen};
    return m;
}

static void diags_rollback(eks_diags *d, diags_mark m)
{
    for (size_t i = m.count; i < d->count; i++) {
        free(d->items[i].path);
        free(d->items[i].message);
    }
    d->count = m.count;
    d->errors = m.errors;
    d->warnings = m.warnings;
    d->dropped = m.dropped;
    d->codes_seen = m.codes_seen;
}

/* scan_error_body() over a fresh copy of the body (the reader rewrites what it reads). */
static bool scan_body_copy(const eks_http_response *in, const eks_limits *limits, eks_decode_state *state,
                           error_body_keys *keys, bool *oom)
{
    char *scratch = eks_decode_state_copy(state, in->body.ptr, in->body.len);
    if (!scratch) {
        *oom = true;
        return false;
    }
    eks_diags ignored;
    eks_diags_init(&ignored);
    bool ok = scan_error_body(scratch, in->body.len, limits, &ignored, keys);
    eks_diags_free(&ignored);
    return ok;
}

/* A body that is not an error document (not JSON, not an object, or broken): report where
 * and why, keep the status and the type. c is its first non-blank byte. */
static void decode_not_document(const eks_http_response *in, const eks_decode_options *options,
                                const eks_limits *limits, const eks_json_scanner *scanner,
                                eks_op_decoded_response *out, char c, bool *syntax_failed, bool *oom)
{
    eks_diags *diags = &out->diags;
    char *buf = eks_decode_state_copy(out->state_, in->body.ptr, in->body.len);
    if (!buf) {
        *oom = true;
        return;
    }
    if (c == '<') {
        add(diags, oom, EKS_SEV_ERROR, EKS_DIAG_NOT_JSON, "",
            "error body is not JSON (it looks like HTML or XML, e.g. from a proxy)");
        return;
    }
    eks_shape_decoder dec;
    eks_shape_decoder_init_resolved(&dec, buf, in->body.len, &out->state_->arena, diags, limits, options->strict,
                                    scanner);
    if (c == '{' || c == '[' || c == '"' || c == '-' || (c >= '0' && c <= '9') || c == 't' ||
        c == 'f' || c == 'n') {
        /* Located at the value's first byte, past leading whitespace, as a 2xx body's is. */
        eks_json_peek(&dec.reader);
        size_t at = dec.reader.pos;
        if (eks_json_skip_value(&dec.reader) && eks_json_finish(&dec.reader))
            eks_shape_diag(&dec, EKS_SEV_ERROR, EKS_DIAG_WRONG_TYPE, at,
                           "error body is JSON but not an object");
    } else {
        add(diags, oom, EKS_SEV_ERROR, EKS_DIAG_NOT_JSON, "", "error body is not JSON");
        return;
    }
    *syntax_failed = dec.reader.failed;
    *oom |= dec.oom || dec.reader.oom;
}

static void decode_error(const eks_http_response *in, const eks_decode_options *options,
                         const eks_limits *limits, const eks_json_scanner *scanner, eks_op_decoded_response *out,
                         bool *syntax_failed, bool *oom)
{
    eks_diags *diags = &out->diags;
    eks_api_error *err = &out->error;
    error_body_keys keys;
    memset(&keys, 0, sizeof keys);
    /* an absent body with a length (NULL, n) is absent, as on the success path */
    char c = in->body.ptr ? first_non_ws(in->body) : 0;
    bool object = in->body.ptr && !eks_only_json_whitespace(in->body) && c == '{';

    const eks_header *h = EKS_HTTP_FIND_LOWER(in->headers, in->header_count, "x-amzn-errortype");
    /* RFC 9110 section 5.5: surrounding whitespace is not part of a field value, so a header
     * of blanks is empty and the body decides. */
    eks_str header_type = h ? trim_blanks(h->value) : EKS_STR_ABSENT;
    /* The body's keys are needed up front only when the header names no type. Otherwise
     * (what the service sends) the body is decoded once, and scanned only when that decode
     * fails (was it a broken document, or a model violation in a readable one?) or finds no
     * "message" ("Message" may hold it). The scan accepts every object that the decode
     * accepts: both read it with the same reader and limits, the decode adding its own. */
    bool scanned = false, body_is_json = false;
    /* Each source counts only when it names a type once cut: a header ":Name" or "ns#" is
     * read as no header, and the body decides (the corpus spec, tools/oracle/gen_corpus.py).
     * Blanks the cuts leave next to the name ("Name :uri", "ns# Name") are part of it, as
     * botocore reads them (code.split(':', 1)[0].rsplit('#', 1)[-1], nothing stripped):
     * "Name " is not the modeled Name, and "ns# :x" names the type " ", not none. */
    eks_str header_named = header_type.len ? eks_error_type_sanitize(header_type) : EKS_STR_ABSENT;
    bool header_names = header_named.len != 0;
    if (object && !header_names) {
        body_is_json = scan_body_copy(in, limits, out->state_, &keys, oom);
        if (*oom)
            return;
        scanned = true;
    }
    /* A body's "code" or "__type" is a JSON string, not an HTTP field: no list to fold and no
     * outer whitespace to drop (RFC 9110 speaks of header fields only). botocore reads it with
     * the cuts alone, so " Name" and "A,B" are types of their own, unmodeled ones; the JS SDK
     * would take "A" (docs/compatibility.md). */
    eks_str code_named = keys.code.ptr ? eks_error_type_cut(keys.code) : EKS_STR_ABSENT;
    eks_str type_named = keys.type.ptr ? eks_error_type_cut(keys.type) : EKS_STR_ABSENT;
    /* The first source that names a type; when none does, the first one given (kept raw; an
     * empty or blank one is given too: botocore reports its code as ""). */
    eks_error_type_source source = header_names      ? EKS_ERROR_TYPE_HEADER
                                   : code_named.len ? EKS_ERROR_TYPE_BODY_CODE
                                   : type_named.len ? EKS_ERROR_TYPE_BODY_TYPE
                                   : h              ? EKS_ERROR_TYPE_HEADER
                                   : keys.code.ptr  ? EKS_ERROR_TYPE_BODY_CODE
                                   : keys.type.ptr  ? EKS_ERROR_TYPE_BODY_TYPE
                                                    : EKS_ERROR_TYPE_NONE;
    err->type_source = source;
    if (source == EKS_ERROR_TYPE_HEADER)
        err->raw_type = header_type;
    else if (source == EKS_ERROR_TYPE_BODY_CODE)
        err->raw_type = keys.code, err->type = code_named;
    else if (source == EKS_ERROR_TYPE_BODY_TYPE)
        err->raw_type = keys.type, err->type = type_named;
    if (err->type_source == EKS_ERROR_TYPE_HEADER) {
        /* Header bytes belong to the caller: keep a copy owned by the result. */
        char *copy = eks_decode_state_copy(out->state_, err->raw_type.ptr, err->raw_type.len);
        if (!copy) {
            *oom = true;
            return;
        }
        /* the type is the same bytes of the copy (cut once, above) */
        err->type = header_names ? (eks_str){copy + (header_named.ptr - header_type.ptr), header_named.len}
                                 : (eks_str){copy, 0};
        err->raw_type.ptr = copy;
    }
    /* The service's error of that name, listed by the operation or not: both SDKs keep the
     * members of one it does not list (botocore reads them with the service's shape, the JS
     * SDK copies the body's), and a service sends errors its model lists for some operations
     * only (ThrottlingException, AccessDeniedException) to any. Not listing it is a finding
     * (unmodeled_error), not a reason to drop what it carries. */
    err->kind = err->type.ptr && err->type.len ? eks_error_kind_from_name(err->type.ptr, err->type.len)
                                               : EKS_ERROR_UNMODELED;

    char msg[300];
    const char *type_at = err->type_source == EKS_ERROR_TYPE_HEADER      ? "header:x-amzn-errortype"
                          : err->type_source == EKS_ERROR_TYPE_BODY_CODE ? "$.code"
                          : err->type_source == EKS_ERROR_TYPE_BODY_TYPE ? "$.__type"
                                                                         : "header:x-amzn-errortype";
    char quoted[EKS_DIAG_QUOTE_MAX + 1];
    if ((!err->type.ptr || !err->type.len) && err->raw_type.ptr) {
        /* given, but nothing is left of any ("", ":Name", "ns#"); botocore reads such a type as "" */
        snprintf(msg, sizeof msg, "error response names no error type: \"%s\" (%s) is empty once its "
                 "namespace (to '#') and suffix (from ':') are cut (kept raw)",
                 eks_diag_quote(quoted, err->raw_type), type_at);
        add(diags, oom, EKS_SEV_ERROR, EKS_DIAG_MISSING_ERROR_TYPE, "header:x-amzn-errortype", msg);
    } else if (!err->type.ptr || !err->type.len) {
        add(diags, oom, EKS_SEV_ERROR, EKS_DIAG_MISSING_ERROR_TYPE, "header:x-amzn-errortype",
            "error response names no error type (no x-amzn-errortype header, no \"code\" or "
            "\"__type\" in the body)");
    } else if (err->kind == EKS_ERROR_UNMODELED) {
        snprintf(msg, sizeof msg, "error type \"%s\" is not an error of the service's model (kept raw)",
                 eks_diag_quote(quoted, err->type));
        add(diags, oom, options->strict ? EKS_SEV_ERROR : EKS_SEV_WARNING, EKS_DIAG_UNMODELED_ERROR, type_at, msg);
    } else {
        if (!eks_operation_has_error(out->op, err->kind)) {
            snprintf(msg, sizeof msg, "%s is an error of the service that %s does not list (read by its shape)",
                     eks_error_kind_name(err->kind), out->op->name);
            add(diags, oom, options->strict ? EKS_SEV_ERROR : EKS_SEV_WARNING, EKS_DIAG_UNMODELED_ERROR, type_at,
                msg);
        }
        int modeled = eks_error_kind_http_status(err->kind);
        if (modeled && modeled != in->status) {
            snprintf(msg, sizeof msg, "%.*s is modeled with HTTP %d, the response has %d",
                     (int)err->type.len, err->type.ptr, modeled, in->status);
            add(diags, oom, EKS_SEV_WARNING, EKS_DIAG_STATUS_MISMATCH, "status", msg);
        }
    }

    if (!in->body.ptr || eks_only_json_whitespace(in->body)) {
        add(diags, oom, EKS_SEV_WARNING, EKS_DIAG_EMPTY_BODY, "", "error response has an empty body");
        return;
    }
    if (c != '{' || (scanned && !body_is_json)) {
        decode_not_document(in, options, limits, scanner, out, c, syntax_failed, oom);
        return;
    }

    diags_mark mark = diags_mark_take(diags);
    char *buf = eks_decode_state_copy(out->state_, in->body.ptr, in->body.len);
    if (!buf) {
        *oom = true;
        return;
    }
    eks_shape_decoder dec;
    eks_shape_decoder_init_resolved(&dec, buf, in->body.len, &out->state_->arena, diags, limits, options->strict,
                                    scanner);
    dec.extra_top_keys = error_extra_keys;
    if (err->kind != EKS_ERROR_UNMODELED) {
        const eks_error_desc *ed = eks_error_desc_of(err->kind);
        void *fields = (char *)&err->fields + ed->offset;
        if (eks_shape_decode_value(&dec, ed->shape, fields))
            eks_json_finish(&dec.reader);
        /* Every modeled exception of this service has a "message" member. */
        const eks_shape_desc *sd = &eks_shapes[ed->shape];
        for (int i = 0; i < sd->member_count; i++)
            if (EKS_STR_IS_LITERAL(((eks_str){sd->members[i].name, sd->members[i].name_len}), "message"))
                err->message = *(eks_str *)((char *)fields + sd->members[i].offset);
    } else {
        /* Unmodeled: nothing to type the members against; validate the JSON and take the
         * message if there is one. */
        bool first = true;
        eks_str key;
        size_t koff;
        if (eks_json_object_begin(&dec.reader)) {
            while (eks_json_object_next(&dec.reader, &first, &key, &koff)) {
                if (EKS_STR_IS_LITERAL(key, "message") && !err->message.ptr &&
                    eks_json_peek(&dec.reader) == EKS_JSON_STRING) {
                    if (!eks_json_read_string(&dec.reader, &err->message))
                        break;
                } else if (!eks_json_skip_value(&dec.reader)) {
                    break;
                }
            }
            eks_json_finish(&dec.reader);
        }
    }
    *oom |= dec.oom || dec.reader.oom;
    if (*oom)
        return;
    if (dec.reader.failed && !scanned) {
        body_is_json = scan_body_copy(in, limits, out->state_, &keys, oom);
        if (*oom)
            return;
        scanned = true;
        if (!body_is_json) {
            /* Broken, not a model violation: report it as the scan-first order would. */
            diags_rollback(diags, mark);
            err->message = EKS_STR_ABSENT;
            memset(&err->fields, 0, sizeof err->fields);
            decode_not_document(in, options, limits, scanner, out, c, syntax_failed, oom);
            return;
        }
    }
    if (!err->message.ptr && !scanned && !scan_body_copy(in, limits, out->state_, &keys, oom) && *oom)
        return;
    if (!err->message.ptr && keys.message_upper.ptr)
        err->message = keys.message_upper;
    *syntax_failed = dec.reader.failed;
}

/* The decode of a response of out->op with resolved options (eks_decode_options_resolve);
 * `output` is where a success output goes (zeroed, of the operation's output type; NULL when
 * the operation has no output, or to have it allocated in the result). */
static eks_status response_decode_into(const eks_http_response *in, const eks_decode_options *options,
                                       const eks_json_scanner *scanner, eks_op_decoded_response *out, void *output,
                                       eks_decode_state *spare)
{
    const eks_operation_desc *op = out->op;
    const eks_limits *limits = options->limits;
    size_t output_size = !output && op->output != EKS_SHAPE_NONE_ ? eks_shapes[op->output].c_size : 0;
    if (eks_decode_begin_resolved(options, in->body.len, output_size, &out->diags, &out->state_, spare) != EKS_OK)
        return EKS_ERR_OUT_OF_MEMORY;
    if (output_size && !(output = eks_decode_state_alloc(out->state_, output_size)))
        return EKS_ERR_OUT_OF_MEMORY;
    out->output = output;
    bool oom = false, syntax_failed = false;
    out->http_status = in->status;
    out->is_error = in->status < 200 || in->status > 299;

    const eks_header *rid = EKS_HTTP_FIND_LOWER(in->headers, in->header_count, "x-amzn-requestid");
    if (rid) {
        char *copy = eks_decode_state_copy(out->state_, rid->value.ptr, rid->value.len);
        if (!copy)
            return eks_decode_status(&out->diags, false, true);
        out->request_id = (eks_str){copy, rid->value.len};
    }
    if (in->status < 100 || in->status > 599)
        add(&out->diags, &oom, EKS_SEV_ERROR, EKS_DIAG_HTTP_MALFORMED, "status",
            "HTTP status is outside 100..599");
    if (in->body.len > limits->max_body_bytes) {
        char msg[120];
        snprintf(msg, sizeof msg, "body of %zu bytes exceeds the limit of %zu", in->body.len,
                 limits->max_body_bytes);
        add(&out->diags, &oom, EKS_SEV_ERROR, EKS_DIAG_LIMIT_EXCEEDED, "", msg);
        return eks_decode_status(&out->diags, true, oom);
    }
    if (out->is_error) {
        decode_error(in, options, limits, scanner, out, &syntax_failed, &oom);
        return eks_decode_status(&out->diags, syntax_failed, oom);
    }

    if (!in->body.ptr || eks_only_json_whitespace(in->body)) {
        /* An empty body decodes to an empty output: an error when the output has required
         * members, else still worth a warning (the service always sends a JSON object). */
        if (op->output != EKS_SHAPE_NONE_ && output)
            eks_shape_validate(op->output, output, "$", options->strict, &out->diags, &oom);
        add(&out->diags, &oom, EKS_SEV_WARNING, EKS_DIAG_EMPTY_BODY, "", "success response has an empty body");
        return eks_decode_status(&out->diags, false, oom);
    }
    char c = first_non_ws(in->body);
    if (c == '<') {
        add(&out->diags, &oom, EKS_SEV_ERROR, EKS_DIAG_NOT_JSON, "",
            "body is not JSON (it looks like HTML or XML, e.g. from a proxy)");
        return eks_decode_status(&out->diags, false, oom);
    }
    char *buf = eks_decode_state_copy(out->state_, in->body.ptr, in->body.len);
    if (!buf)
        return eks_decode_status(&out->diags, false, true);
    eks_shape_decoder dec;
    eks_shape_decoder_init_resolved(&dec, buf, in->body.len, &out->state_->arena, &out->diags, limits,
                                    options->strict, scanner);
    eks_json_type t = eks_json_peek(&dec.reader);
    if (t == EKS_JSON_NONE) {
        eks_json_fail(&dec.reader, "body is not JSON");
    } else if (t != EKS_JSON_OBJECT) {
        size_t at = dec.reader.pos;
        if (eks_json_skip_value(&dec.reader) && eks_json_finish(&dec.reader)) /* JSON, but no object */
            eks_shape_diag(&dec, EKS_SEV_ERROR, EKS_DIAG_WRONG_TYPE, at,
                           "body is a JSON %s, expected an object", eks_json_type_name(t));
    } else if (op->output == EKS_SHAPE_NONE_ || !output) {
        /* No modeled output: the object is checked as JSON and its members are unknown. */
        if (eks_json_skip_value(&dec.reader))
            eks_json_finish(&dec.reader);
    } else if (eks_shape_decode_value(&dec, op->output, output)) {
        eks_json_finish(&dec.reader);
    }
    syntax_failed = dec.reader.failed;
    oom |= dec.oom || dec.reader.oom;
    return eks_decode_status(&out->diags, syntax_failed, oom);
}

eks_status eks_op_response_decode_reusing(const eks_operation *op, const eks_http_response *in,
                                          const eks_decode_options *resolved, const eks_json_scanner *scanner,
                                          eks_op_decoded_response *out, eks_decode_state *spare)
{
    memset(out, 0, sizeof *out); /* its diagnostics initialised too: an empty list is all zero */
    out->op = op;
    /* The state is created by response_decode_into; the output lives in its arena. */
    return response_decode_into(in, resolved, scanner, out, NULL, spare);
}

eks_status eks_op_response_decode(const eks_operation *op, const eks_http_response *in,
                                  const eks_decode_options *options, eks_op_decoded_response *out)
{
    if (out && in && op && eks_http_view_ok(in->headers, in->header_count)) {
        eks_decode_options opts;
        eks_limits limits;
        eks_decode_options_resolve(options, &opts, &limits);
        eks_json_scanner scanner = eks_json_scanner_best();
        return eks_op_response_decode_reusing(op, in, &opts, &scanner, out, NULL);
    }
    if (out) {
        memset(out, 0, sizeof *out);
        eks_diags_init(&out->diags);
    }
    return EKS_ERR_INVALID_ARGUMENT;
}

void eks_op_decoded_response_free(eks_op_decoded_response *out)
{
    if (!out)
        return;
    eks_diags_free(&out->diags);
    eks_decode_state_free(out->state_);
    memset(out, 0, sizeof *out);
}

eks_status eks_disassociate_idp_response_decode(const eks_http_response *in,
                                                const eks_decode_options *options,
                                                eks_decoded_response *out)
{
    if (!out)
        return EKS_ERR_INVALID_ARGUMENT;
    memset(out, 0, sizeof *out);
    eks_diags_init(&out->diags);
    if (!in || !eks_http_view_ok(in->headers, in->header_count))
        return EKS_ERR_INVALID_ARGUMENT;
    eks_op_decoded_response g;
    memset(&g, 0, sizeof g);
    eks_diags_init(&g.diags);
    g.op = OP;
    eks_decode_options opts;
    eks_limits limits;
    eks_decode_options_resolve(options, &opts, &limits);
    eks_json_scanner scanner = eks_json_scanner_best();
    eks_status st = response_decode_into(in, &opts, &scanner, &g, &out->output, NULL);
    out->http_status = g.http_status;
    out->request_id = g.request_id;
    out->is_error = g.is_error;
    out->error = g.error;
    out->diags = g.diags;
    out->state_ = g.state_;
    return st;
}

/* ---- encode ----------------------------------------------------------------------------- */

void eks_encoded_response_free(eks_encoded_response *out)
{
    if (!out)
        return;
    eks_buf_free(&out->storage);
    memset(out, 0, sizeof *out);
}

/* After a failed encode: no view of the previous response survives, as request encode does;
 * they point into storage, which the failed call may have cleared or moved, and a status
 * and headers left from the last success would pass for this response. */
static void clear_response_views(eks_encoded_response *out)
{
    out->http.status = 0;
    out->http.header_count = 0;
    out->http.body = EKS_STR_ABSENT;
}

/* storage layout: body \0 content-length \0 request-id \0 error-type \0 */
static eks_status finish_response(eks_encoded_response *out, int status, size_t body_off,
                                  eks_str request_id, eks_str error_type)
{
    eks_buf *sb = &out->storage;
    size_t body_len = sb->len - body_off;
    eks_status st;
    if ((st = eks_buf_append_byte(sb, '\0')) != EKS_OK)
        return st;
    size_t clen_off = sb->len;
    char clen[24];
    int n = snprintf(clen, sizeof clen, "%zu", body_len);
    if ((st = eks_buf_append(sb, clen, (size_t)n)) != EKS_OK || (st = eks_buf_append_byte(sb, '\0')) != EKS_OK)
        return st;
    size_t rid_off = sb->len;
    if (request_id.ptr && ((st = eks_buf_append(sb, request_id.ptr, request_id.len)) != EKS_OK ||
                           (st = eks_buf_append_byte(sb, '\0')) != EKS_OK))
        return st;
    size_t type_off = sb->len;
    if (error_type.ptr && ((st = eks_buf_append(sb, error_type.ptr, error_type.len)) != EKS_OK ||
                           (st = eks_buf_append_byte(sb, '\0')) != EKS_OK))
        return st;
    const char *b = sb->ptr;
    size_t h = 0;
    out->headers[h++] = (eks_header){EKS_STR_LIT("Content-Type"), EKS_STR_LIT("application/json")};
    out->headers[h++] = (eks_header){EKS_STR_LIT("Content-Length"), {b + clen_off, (size_t)n}};
    if (request_id.ptr)
        out->headers[h++] = (eks_header){EKS_STR_LIT("x-amzn-RequestId"), {b + rid_off, request_id.len}};
    if (error_type.ptr)
        out->headers[h++] = (eks_header){EKS_STR_LIT("x-amzn-ErrorType"), {b + type_off, error_type.len}};
    out->http.status = status;
    out->http.headers = out->headers;
    out->http.header_count = h;
    out->http.body = (eks_str){b + body_off, body_len};
    return EKS_OK;
}

static bool header_value_ok(eks_str v)
{
    for (size_t i = 0; i < v.len; i++) {
        unsigned char c = (unsigned char)v.ptr[i];
        if (c < 0x20 || c == 0x7f) /* CR/LF would split the header (response splitting) */
            return false;
    }
    return true;
}

eks_status eks_disassociate_idp_response_encode(const eks_disassociate_idp_output *output,
                                                eks_str request_id, eks_encoded_response *out,
                                                eks_diags *diags)
{
    return eks_op_response_encode(OP, output, request_id, out, diags);
}

eks_status eks_op_response_encode(const eks_operation *op, const void *output, eks_str request_id,
                                  eks_encoded_response *out, eks_diags *diags_in)
{
    if (!op || !out || (!output && op->output != EKS_SHAPE_NONE_)) {
        if (out)
            clear_response_views(out);
        return EKS_ERR_INVALID_ARGUMENT;
    }
    eks_diags local;
    eks_diags *diags = diags_in ? diags_in : (eks_diags_init(&local), &local);
    size_t errors_before = diags->errors;
    bool oom = false;
    eks_status st = EKS_OK;
    if (request_id.ptr && !header_value_ok(request_id))
        add(diags, &oom, EKS_SEV_ERROR, EKS_DIAG_HTTP_MALFORMED, "header:x-amzn-requestid",
            "request id contains control characters");
    if (oom) {
        st = EKS_ERR_OUT_OF_MEMORY;
        goto out;
    }
    if (diags->errors > errors_before) {
        st = EKS_ERR_VALIDATION_FAILED;
        goto out;
    }
    eks_buf_clear(&out->storage);
    bool clean = true;
    if (op->output == EKS_SHAPE_NONE_)
        st = eks_buf_append(&out->storage, "{}", 2);
    else
        st = eks_shape_encode_json(op->output, output, &out->storage, &clean);
    if (st != EKS_OK)
        goto out;
    if (!clean) {
        eks_shape_validate_response(op->output, output, diags, &oom);
        if (oom || diags->errors > errors_before) {
            st = oom ? EKS_ERR_OUT_OF_MEMORY : EKS_ERR_VALIDATION_FAILED;
            goto out;
        }
    }
    st = finish_response(out, op->response_code, 0, request_id, EKS_STR_ABSENT);
out:
    if (st != EKS_OK)
        clear_response_views(out);
    if (diags == &local)
        eks_diags_free(&local);
    return st;
}

/* Where the modeled error ed's "message" member lies in an eks_error_fields, or -1 when it
 * has none. */
static ptrdiff_t message_offset(const eks_error_desc *ed)
{
    const eks_shape_desc *sd = &eks_shapes[ed->shape];
    for (int i = 0; i < sd->member_count; i++)
        if (strcmp(sd->members[i].name, "message") == 0)
            return (ptrdiff_t)(ed->offset + sd->members[i].offset);
    return -1;
}

/* Whether err->message goes into the body: always for an unmodeled type, else where the
 * modeled "message" member is not set. */
static bool message_written(const eks_error_desc *ed, ptrdiff_t off, const eks_api_error *err)
{
    return err->message.ptr && (!ed || (off >= 0 && !((const eks_str *)((const char *)&err->fields + off))->ptr));
}

eks_status eks_disassociate_idp_error_encode(const eks_api_error *err, int status, eks_str request_id,
                                             eks_encoded_response *out, eks_diags *diags)
{
    return eks_op_error_encode(OP, err, status, request_id, out, diags);
}

eks_status eks_op_error_encode(const eks_operation *op, const eks_api_error *err, int status, eks_str request_id,
                               eks_encoded_response *out, eks_diags *diags_in)
{
    /* error shapes are the service's; the operation only names which it lists, but a NULL
     * one is misuse here as in every other eks_op_ call */
    if (!op || !err || !out) {
        if (out)
            clear_response_views(out);
        return EKS_ERR_INVALID_ARGUMENT;
    }
    eks_diags local;
    eks_diags *diags = diags_in ? diags_in : (eks_diags_init(&local), &local);
    size_t errors_before = diags->errors;
    bool oom = false;
    eks_status st = EKS_OK;
    const eks_error_desc *ed = eks_error_desc_of(err->kind);
    eks_str type = err->type.ptr ? err->type
                   : ed ? eks_str_from_cstr(eks_shapes[ed->shape].name) : EKS_STR_ABSENT;
    if (!type.ptr || !type.len)
        add(diags, &oom, EKS_SEV_ERROR, EKS_DIAG_MISSING_ERROR_TYPE, "type",
            "an error response needs a type (err->type or a modeled kind)");
    else if (!header_value_ok(type))
        add(diags, &oom, EKS_SEV_ERROR, EKS_DIAG_HTTP_MALFORMED, "type", "error type contains control characters");
    else if (type.ptr[0] == ' ' || type.ptr[type.len - 1] == ' ')
        /* A blank at either end is part of the type (botocore keeps "Name " apart from Name),
         * but not of a header field value (RFC 9110 section 5.5): sent, it would be read back
         * as another type, a modeled one perhaps. */
        add(diags, &oom, EKS_SEV_ERROR, EKS_DIAG_HTTP_MALFORMED, "type",
            "error type starts or ends with a space, which x-amzn-errortype cannot carry");
    else if (has_type_punctuation(type.ptr, type.len))
        /* A ',' (a body's "A,B" names that type, botocore's reading), ':' or '#': the header's
         * reading would fold the list or cut there and find another type, a modeled one
         * perhaps ("ClientException,X" read back as ClientException). */
        add(diags, &oom, EKS_SEV_ERROR, EKS_DIAG_HTTP_MALFORMED, "type",
            "error type contains ',', ':' or '#', which x-amzn-errortype would read as another type");
    if (request_id.ptr && !header_value_ok(request_id))
        add(diags, &oom, EKS_SEV_ERROR, EKS_DIAG_HTTP_MALFORMED, "header:x-amzn-requestid",
            "request id contains control characters");
    if (status == 0)
        status = ed ? eks_shapes[ed->shape].http_status : 0;
    if (status < 300 || status > 599)
        add(diags, &oom, EKS_SEV_ERROR, EKS_DIAG_STATUS_MISMATCH, "status",
            "an error response needs a status in 300..599 (0 = modeled, only for modeled kinds)");
    else if (status == 304)
        /* RFC 9110 §15.4.5: a 304 ends with its header section; the body would be read as
         * the start of the next response. */
        add(diags, &oom, EKS_SEV_ERROR, EKS_DIAG_STATUS_MISMATCH, "status",
            "status 304 cannot carry content, and an error response has a body");
    if (ed)
        eks_shape_validate_response(ed->shape, (const char *)&err->fields + ed->offset, diags, &oom);
    /* err->message is written where the modeled "message" is not set (always for a type the
     * model does not know): checked as the fields are, or invalid UTF-8 went out as it was */
    ptrdiff_t message_at = ed ? message_offset(ed) : -1;
    if (message_written(ed, message_at, err) && !eks_utf8_valid(err->message.ptr, err->message.len))
        add(diags, &oom, EKS_SEV_ERROR, EKS_DIAG_INVALID_UTF8, "$.message", "error message is not valid UTF-8");
    if (oom) {
        st = EKS_ERR_OUT_OF_MEMORY;
        goto out;
    }
    if (diags->errors > errors_before) {
        st = EKS_ERR_VALIDATION_FAILED;
        goto out;
    }
    eks_buf_clear(&out->storage);
    if (ed) {
        /* err->message fills the body's "message" when the modeled field is not set. */
        eks_error_fields fields = err->fields;
        if (message_written(ed, message_at, err))
            *(eks_str *)((char *)&fields + message_at) = err->message;
        st = eks_shape_encode_json(ed->shape, (const char *)&fields + ed->offset, &out->storage, NULL);
    } else {
        st = eks_buf_append_byte(&out->storage, '{');
        if (st == EKS_OK && err->message.ptr) {
            if ((st = eks_buf_append_cstr(&out->storage, "\"message\":")) == EKS_OK)
                st = eks_json_write_string(&out->storage, err->message.ptr, err->message.len);
        }
        if (st == EKS_OK)
            st = eks_buf_append_byte(&out->storage, '}');
    }
    if (st == EKS_OK)
        st = finish_response(out, status, 0, request_id, type);
out:
    if (st != EKS_OK)
        clear_response_views(out);
    if (diags == &local)
        eks_diags_free(&local);
    return st;
}

eks_status eks_op_output_to_json(const eks_operation *op, const void *output, eks_buf *out)
{
    /* NULL output: "{}" only for an operation without output, as eks_op_response_encode() */
    if (!op || !out || (!output && op->output != EKS_SHAPE_NONE_))
        return EKS_ERR_INVALID_ARGUMENT;
    if (op->output == EKS_SHAPE_NONE_)
        return eks_buf_append(out, "{}", 2);
    return eks_shape_encode_json(op->output, output, out, NULL);
}

eks_status eks_disassociate_idp_output_to_json(const eks_disassociate_idp_output *output, eks_buf *out)
{
    if (!output || !out)
        return EKS_ERR_INVALID_ARGUMENT;
    return eks_shape_encode_json(OP->output, output, out, NULL);
}

eks_status eks_api_error_fields_to_json(const eks_api_error *err, eks_buf *out)
{
    if (!err || !out)
        return EKS_ERR_INVALID_ARGUMENT;
    const eks_error_desc *ed = eks_error_desc_of(err->kind);
    if (ed)
        return eks_shape_encode_json(ed->shape, (const char *)&err->fields + ed->offset, out, NULL);
    return eks_buf_append(out, "{}", 2);
}
