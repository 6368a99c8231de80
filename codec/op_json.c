/* json-c views of the per-operation codec (include/ekscodec/op_json.h). */
#include "ekscodec/op_json.h"

#include <stdio.h>
#include <string.h>

eks_status eks_op_request_from_json(const eks_operation *op, json_object *params,
                                    const eks_decode_options *options, eks_op_decoded_request *out)
{
    if (!out)
        return EKS_ERR_INVALID_ARGUMENT;
    if (!params) {
        memset(out, 0, sizeof *out);
        eks_diags_init(&out->diags);
        return EKS_ERR_INVALID_ARGUMENT;
    }
    size_t len = 0;
    const char *text = json_object_to_json_string_length(params, JSON_C_TO_STRING_PLAIN, &len);
    if (!text) {
        memset(out, 0, sizeof *out);
        eks_diags_init(&out->diags);
        return EKS_ERR_OUT_OF_MEMORY;
    }
    return eks_op_request_from_params(op, text, len, options, out);
}

static json_object *parse_text(const eks_buf *b)
{
    return b->ptr ? json_tokener_parse(b->ptr) : NULL;
}

static json_object *str_or_empty(eks_str s)
{
    return s.ptr ? json_object_new_string_len(s.ptr, (int)s.len) : json_object_new_string("");
}

/* Adds val (which may be NULL: a constructor that ran out of memory) under key. json-c keeps
 * val only when the add succeeds, so it is released here otherwise. false: out of memory. */
static bool add(json_object *obj, const char *key, json_object *val)
{
    if (val && json_object_object_add(obj, key, val) == 0)
        return true;
    json_object_put(val);
    return false;
}

/* Whether the encoder's compact JSON text has an object key holding U+0000: json-c keeps a
 * key as a C string, so it would cut the key there and merge distinct keys ("a\0b" and
 * "a\0c" both "a"), silently. A key is a string followed by ':'. The text's own strings
 * are escaped by the encoder, which writes NUL as \u0000 and nothing else does. */
static bool has_key_with_nul(const char *p, size_t n)
{
    const char *q = p, *end = p + n;
    bool any = false;
    while (!any && q < end && (q = memchr(q, '\\', (size_t)(end - q))) != NULL) {
        any = end - q >= 6 && memcmp(q, "\\u0000", 6) == 0;
        q += 2; /* an escape is two bytes at least */
    }
    if (!any)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (p[i] != '"')
            continue;
        bool nul = false;
        for (i++; i < n && p[i] != '"'; i++)
            if (p[i] == '\\') {
                nul = nul || (n - i >= 6 && memcmp(p + i, "\\u0000", 6) == 0);
                i++;
            }
        if (nul && i + 1 < n && p[i + 1] == ':')
            return true;
    }
    return false;
}

eks_status eks_op_response_to_json(const eks_op_decoded_response *r, json_object **out)
{
    if (!r || !out || !r->op)
        return EKS_ERR_INVALID_ARGUMENT;
    *out = NULL;
    eks_buf b = {0};
    /* a result with no output struct (none decoded: an operation without output) is {} */
    eks_status st = r->is_error  ? eks_api_error_fields_to_json(&r->error, &b)
                    : r->output ? eks_op_output_to_json(r->op, r->output, &b)
                                 : eks_buf_append(&b, "{}", 2);
    if (st == EKS_OK && (st = eks_buf_append_byte(&b, '\0')) == EKS_OK)
        b.len--;
    if (st == EKS_OK && has_key_with_nul(b.ptr, b.len))
        st = EKS_ERR_MALFORMED_INPUT;
    json_object *root = st == EKS_OK ? parse_text(&b) : NULL;
    eks_buf_free(&b);
    if (st != EKS_OK)
        return st;
    if (!root)
        return EKS_ERR_OUT_OF_MEMORY; /* the text is the encoder's own JSON: only OOM fails */
    /* Every constructor and every add can run out of memory: then nothing is returned, rather
     * than a tree with members missing (or json-c's assertion on a NULL object). */
    bool ok = true;
    if (r->is_error) {
        json_object *err = json_object_new_object();
        char status[16];
        snprintf(status, sizeof status, "%d", r->http_status);
        /* With no type anywhere botocore reports the status code as the code; a type given
         * but empty, or empty once cut ("", ":Name", "ns#"), it reports as "". */
        ok = err && add(err, "Code", r->error.type.ptr && r->error.type.len ? str_or_empty(r->error.type)
                                     : r->error.raw_type.ptr                ? json_object_new_string("")
                                                                             : json_object_new_string(status));
        ok = ok && add(err, "Message", str_or_empty(r->error.message));
        if (!ok)
            json_object_put(err);
        ok = ok && add(root, "Error", err);
        ok = ok && add(root, "httpStatus", json_object_new_int(r->http_status));
    }
    json_object *meta = ok ? json_object_new_object() : NULL;
    ok = ok && meta && add(meta, "RequestId", str_or_empty(r->request_id));
    ok = ok && add(meta, "HTTPStatusCode", json_object_new_int(r->http_status));
    if (!ok)
        json_object_put(meta);
    ok = ok && add(root, "ResponseMetadata", meta);
    if (!ok) {
        json_object_put(root);
        return EKS_ERR_OUT_OF_MEMORY;
    }
    *out = root;
    return EKS_OK;
}
