/*
 * HAR 1.2 captures (log.entries[].request / .response). json-c's tokener is fed the file in
 * chunks (json_tokener_parse_ex), but it still builds the whole document tree, so a HAR
 * file is held in memory at once (a few times its size); the reader refuses files over
 * max_har_bytes. JSON Lines is the format for big captures (docs/validate.md).
 *
 * Fields used (HAR 1.2 spec): request.method, request.url, request.headers[{name,value}],
 * request.postData.text; response.status (0 = no response was received),
 * response.headers, response.content.text with content.encoding "base64" for bytes.
 * postData.encoding "base64" is accepted too (an extension some exporters write).
 */
#include "capture_internal.h"

#include <math.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct eks_capture_har {
    json_object *root;
    json_object *entries;
    size_t count;
    size_t next;
    uint64_t total;
    eks_capture_headers hdrs;
    eks_buf req_body;
    eks_buf resp_body;
};

/* Fills chunk[0, n) from the source, short only at the end of the input. json-c is fed the
 * file in chunks of this one size whatever pieces the source hands over: what it reports
 * for an error (its words, and its offset) depends on where its chunks end. */
/* Nesting json-c accepts. Its default, 32, is below what browsers write: Chrome puts the
 * JavaScript stack that started a request in each entry's _initiator, one level deeper for
 * every async parent (DevTools keeps up to 32 of them), so a HAR of an async-heavy page
 * nests some 40 levels. The bound stays, for json-c's recursive free of the tree. */
#define HAR_MAX_DEPTH 512
/* json-c's depth counts a slot for the top-level value besides its containers' nesting */
#define HAR_TOKENER_DEPTH (HAR_MAX_DEPTH + 1)

static ptrdiff_t read_chunk(eks_capture_reader *r, char *chunk, size_t n, char *err, size_t errlen)
{
    size_t have = 0;
    while (have < n) {
        ptrdiff_t got = eks_capture_read(r, chunk + have, n - have, err, errlen);
        if (got < 0)
            return -1;
        if (got == 0)
            break;
        have += (size_t)got;
    }
    return (ptrdiff_t)have;
}

/* RFC 8259 §2: only whitespace may follow the value. chunk[from, n) comes after the
 * document; chunk_start is chunk[0]'s file offset. */
static bool only_space_after(const char *chunk, size_t from, size_t n, uint64_t chunk_start, char *err,
                             size_t errlen)
{
    for (size_t i = from; i < n; i++)
        if (chunk[i] != ' ' && chunk[i] != '\t' && chunk[i] != '\n' && chunk[i] != '\r') {
            snprintf(err, errlen, "not valid JSON (HAR): %s at byte %llu", json_tokener_error_desc(json_tokener_error_parse_unexpected),
                     (unsigned long long)(chunk_start + i));
            return false;
        }
    return true;
}

bool eks_capture_har_open(eks_capture_reader *r, char *err, size_t errlen)
{
    bool ok = false;
    eks_capture_har *h = calloc(1, sizeof *h);
    json_tokener *tok = json_tokener_new_ex(HAR_TOKENER_DEPTH);
    /* json-c parses incrementally, so the chunk size is only a read size: 64 KiB stays in
     * malloc's (and ASan's) ordinary size classes, where 1 MiB cost an mmap per open. */
    enum { HAR_CHUNK = 64 * 1024 };
    char *chunk = malloc(HAR_CHUNK);
    uint64_t chunk_start = 0, fed_start = 0; /* file offsets of chunk[0], of what json-c got last */
    r->har = h;
    if (!h || !tok || !chunk) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
    enum json_tokener_error jerr = json_tokener_continue;
    for (;;) {
        ptrdiff_t got = read_chunk(r, chunk, HAR_CHUNK, err, errlen);
        if (got < 0)
            goto out;
        if (got == 0)
            break;
        chunk_start = h->total;
        h->total += (uint64_t)got;
        /* The bytes are judged in file order, the limit being one more fault: a syntax error
         * within the first max_har_bytes is reported as such, past them the size is, so the
         * answer does not depend on how the source cut the file. */
        bool over = h->total > r->opt.max_har_bytes;
        size_t use = !over ? (size_t)got
                           : r->opt.max_har_bytes > chunk_start ? (size_t)(r->opt.max_har_bytes - chunk_start) : 0;
        if (jerr == json_tokener_success) {
            /* The document ended with an earlier chunk. json-c rejects what follows it
             * within the chunk that ended it (strict mode); later chunks are checked here
             * the same way, so a file is judged the same wherever the source cut it. */
            if (!only_space_after(chunk, 0, use, chunk_start, err, errlen))
                goto out;
        } else if (use > 0) {
            /* A UTF-8 byte order mark opening the file (Fiddler and other Windows tools write
             * one) is skipped, as eks_capture_detect skips it (RFC 8259 §8.1 lets a parser
             * ignore it); json-c would call it an unexpected character. */
            size_t skip = chunk_start == 0 && use >= 3 && memcmp(chunk, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
            fed_start = chunk_start + skip;
            h->root = json_tokener_parse_ex(tok, chunk + skip, (int)(use - skip));
            jerr = json_tokener_get_error(tok);
            if (jerr != json_tokener_continue && jerr != json_tokener_success)
                break;
            /* json-c ends the text at a NUL and ignores the rest of the chunk: checked here,
             * like the chunks after it */
            if (jerr == json_tokener_success &&
                !only_space_after(chunk, skip + json_tokener_get_parse_end(tok), use, chunk_start, err, errlen))
                goto out;
        }
        if (over) {
            snprintf(err, errlen,
                     "HAR file larger than %zu bytes: HAR is parsed whole; convert it to JSON Lines",
                     r->opt.max_har_bytes);
            goto out;
        }
    }
    if (jerr == json_tokener_continue && !h->root) {
        /* end of file: a complete top-level value may still be pending (json-c needs EOF) */
        fed_start = h->total;
        h->root = json_tokener_parse_ex(tok, "", 1);
        jerr = json_tokener_get_error(tok);
    }
    if (!h->root || jerr != json_tokener_success) {
        /* json-c's parse end counts from the start of the last bytes it was given */
        if (jerr == json_tokener_error_depth) /* json-c's end is past the bracket one too deep */
            snprintf(err, errlen, "HAR nests deeper than %d levels at byte %llu", HAR_MAX_DEPTH,
                     (unsigned long long)(fed_start + json_tokener_get_parse_end(tok) -
                                          (json_tokener_get_parse_end(tok) > 0)));
        else
            snprintf(err, errlen, "not valid JSON (HAR): %s at byte %llu", json_tokener_error_desc(jerr),
                     (unsigned long long)(fed_start + json_tokener_get_parse_end(tok)));
        goto out;
    }
    json_object *log = NULL;
    if (!json_object_object_get_ex(h->root, "log", &log) ||
        !json_object_object_get_ex(log, "entries", &h->entries) ||
        !json_object_is_type(h->entries, json_type_array)) {
        snprintf(err, errlen, "not a HAR file: no log.entries array");
        goto out;
    }
    h->count = json_object_array_length(h->entries);
    ok = true;
out:
    if (tok) /* json-c's json_tokener_free() does not take NULL (it resets the tokener first) */
        json_tokener_free(tok);
    free(chunk);
    return ok;
}

void eks_capture_har_free(eks_capture_reader *r)
{
    if (!r->har)
        return;
    json_object_put(r->har->root);
    eks_capture_headers_free(&r->har->hdrs);
    eks_buf_free(&r->har->req_body);
    eks_buf_free(&r->har->resp_body);
    free(r->har);
    r->har = NULL;
}

static json_object *member(json_object *o, const char *key)
{
    json_object *v = NULL;
    return o && json_object_object_get_ex(o, key, &v) ? v : NULL;
}

static eks_str str_of(json_object *o)
{
    if (!o || !json_object_is_type(o, json_type_string))
        return EKS_STR_ABSENT;
    return (eks_str){json_object_get_string(o), (size_t)json_object_get_string_len(o)};
}

static bool add_headers(eks_capture_headers *hdrs, json_object *list, eks_exchange *ex, const char *where)
{
    if (!list)
        return true;
    if (!json_object_is_type(list, json_type_array)) {
        eks_diags_add(&ex->diags, EKS_SEV_ERROR, EKS_DIAG_WRONG_TYPE, where, SIZE_MAX, "headers must be a list");
        return false;
    }
    size_t n = json_object_array_length(list);
    for (size_t i = 0; i < n; i++) {
        json_object *hd = json_object_array_get_idx(list, i);
        eks_str name = str_of(member(hd, "name")), value = str_of(member(hd, "value"));
        if (!name.ptr || !value.ptr) {
            eks_diags_add(&ex->diags, EKS_SEV_ERROR, EKS_DIAG_WRONG_TYPE, where, SIZE_MAX,
                          "header %zu lacks a string name or value", i);
            return false;
        }
        if (eks_capture_pseudo_header(name))
            continue;
        if (!eks_capture_headers_push(hdrs, name, value))
            return false;
    }
    return true;
}

static bool body_of(json_object *holder, eks_buf *scratch, eks_exchange *ex, const char *where, eks_str *out,
                    bool *out_of_memory)
{
    eks_str text = str_of(member(holder, "text"));
    eks_str enc = str_of(member(holder, "encoding"));
    *out = text.ptr ? text : (eks_str){"", 0};
    if (text.ptr && enc.ptr && !eks_str_eq_cstr(enc, "base64") && enc.len) {
        /* HAR 1.2 defines only base64; another (an exporter's "gzip"?) is not undone here,
         * and the text is then judged as it is: said, not silently */
        char path[64];
        snprintf(path, sizeof path, "%s.encoding", where);
        eks_diags_add(&ex->diags, EKS_SEV_WARNING, EKS_DIAG_UNEXPECTED_VALUE, path, SIZE_MAX,
                      "encoding is not base64, the only one HAR defines: the text is taken as it is");
    }
    if (!text.ptr || !enc.ptr || !eks_str_eq_cstr(enc, "base64"))
        return true;
    eks_buf_clear(scratch);
    size_t n;
    if (eks_buf_reserve(scratch, text.len + 1) != EKS_OK) {
        *out_of_memory = true;
        return false;
    }
    if (!eks_capture_base64_decode(text.ptr, text.len, scratch->ptr, &n)) {
        eks_diags_add(&ex->diags, EKS_SEV_ERROR, EKS_DIAG_INVALID_JSON, where, SIZE_MAX,
                      "text with encoding base64 is not valid base64");
        return false;
    }
    scratch->len = n;
    scratch->ptr[n] = '\0';
    *out = (eks_str){scratch->ptr, n};
    return true;
}

static int next_entry(eks_capture_har *h, eks_exchange *ex, json_object *req, json_object *resp);

int eks_capture_har_next(eks_capture_reader *r, eks_exchange *ex, char *err, size_t errlen)
{
    eks_capture_har *h = r->har;
    if (h->next >= h->count) {
        r->bytes = h->total;
        return 0;
    }
    size_t idx = h->next++;
    r->bytes = h->count ? h->total * h->next / h->count : h->total;
    ex->position = idx;
    json_object *entry = json_object_array_get_idx(h->entries, idx);
    if (!json_object_is_type(entry, json_type_object)) {
        /* as a JSON Lines line that is not an object: a record that cannot be read */
        eks_diags_add(&ex->diags, EKS_SEV_ERROR, EKS_DIAG_WRONG_TYPE, "$", SIZE_MAX,
                      "a HAR entry must be an object");
        return 1;
    }
    json_object *req = member(entry, "request"), *resp = member(entry, "response");
    h->hdrs.count = 0;
    h->hdrs.out_of_memory = false;
    int got = next_entry(h, ex, req, resp);
    if (h->hdrs.out_of_memory) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return got;
}

/* Fills ex from one entry's request and response; 1 (problems are in ex->diags). */
static int next_entry(eks_capture_har *h, eks_exchange *ex, json_object *req, json_object *resp)
{
    if (!req)
        /* HAR 1.2 requires one; said, as for a JSON Lines record without either, so that a
         * misspelled "requst" does not hide the entry */
        eks_diags_add(&ex->diags, EKS_SEV_WARNING, EKS_DIAG_MISSING_REQUIRED_MEMBER, "$", SIZE_MAX, "%s",
                      resp ? "the HAR entry has no request (HAR 1.2 requires one)"
                           : "the HAR entry has neither a request nor a response (other members are ignored)");
    if (req) {
        eks_str url = str_of(member(req, "url"));
        ex->request.method = str_of(member(req, "method"));
        if (!ex->request.method.ptr || !url.ptr) {
            eks_diags_add(&ex->diags, EKS_SEV_ERROR, EKS_DIAG_MISSING_REQUIRED_MEMBER, "$.request", SIZE_MAX,
                          "a HAR request needs a method and a url");
            return 1;
        }
        if (!eks_capture_split_url(url, &ex->authority, &ex->request.path, &ex->request.query)) {
            eks_diags_add(&ex->diags, EKS_SEV_ERROR, EKS_DIAG_UNEXPECTED_VALUE, "$.request.url", SIZE_MAX,
                          "url is not absolute");
            return 1;
        }
        if (!add_headers(&h->hdrs, member(req, "headers"), ex, "$.request.headers") ||
            !body_of(member(req, "postData"), &h->req_body, ex, "$.request.postData", &ex->request.body,
                    &h->hdrs.out_of_memory))
            return 1;
        ex->has_request = true;
    }
    size_t req_count = h->hdrs.count;
    json_object *status = member(resp, "status");
    /* json_object_get_int would saturate 1e12 and truncate 200.5; both must be refused. */
    double status_value = status && (json_object_is_type(status, json_type_int) ||
                                     json_object_is_type(status, json_type_double))
                              ? json_object_get_double(status)
                              : -1;
    int code = status_value >= 0 && status_value <= 599 && status_value == floor(status_value) ? (int)status_value : -1;
    if (resp && code != 0) { /* HAR 1.2: status 0 when no response was received */
        if (code < 100 || code > 599) {
            eks_diags_add(&ex->diags, EKS_SEV_ERROR, EKS_DIAG_WRONG_TYPE, "$.response.status", SIZE_MAX,
                          "status must be an integer in 100..599 (or 0 for no response)");
            ex->has_request = false;
            return 1;
        }
        ex->response.status = code;
        if (!add_headers(&h->hdrs, member(resp, "headers"), ex, "$.response.headers") ||
            !body_of(member(resp, "content"), &h->resp_body, ex, "$.response.content", &ex->response.body,
                    &h->hdrs.out_of_memory)) {
            ex->has_request = false;
            return 1;
        }
        ex->has_response = true;
    }
    ex->request.headers = h->hdrs.items;
    ex->request.header_count = req_count;
    ex->response.headers = h->hdrs.items ? h->hdrs.items + req_count : NULL;
    ex->response.header_count = h->hdrs.count - req_count;
    if (ex->has_request)
        eks_capture_set_host(ex);
    return 1;
}
