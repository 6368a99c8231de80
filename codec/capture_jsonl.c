/*
 * JSON Lines captures (DESIGN §3): one exchange a line,
 *   {"request":{"method","url","headers","body"|"bodyBase64"},
 *    "response":{"status","headers","body"|"bodyBase64"}}
 * headers: a list of [name, value] pairs, or an object of name -> value.
 *
 * Lines are read into a bounded buffer and parsed in place with the codec's strict JSON
 * reader (no tree, strings unescaped where they lie), so one line costs one pass and no
 * allocation in steady state. A line over max_line_bytes is skipped, with no more of it held
 * than the limit and one read, and reported as a limit diagnostic; reading goes on at the
 * next line.
 */
#include "capture_internal.h"
#include "json_path.h"
#include "json_read.h"
#include "limits_resolve.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The buffer starts small (a capture of a few exchanges should not cost a large buffer, and
 * under ASan, as in the fuzz target, a large allocation is an mmap per reader) and doubles
 * while a read would get less than the minimum read of room; reads take all the room. Once
 * the input has proved big, the minimum read rises, and the buffer with it: a 1 GB file read
 * in 16-40 KiB pieces spent about 0.05 s more in the kernel (4 % of validating it) than in
 * 64-256 KiB ones, which still leave the buffer in a core's L2 cache, where the parse finds
 * the bytes the read has just copied. */
#define JSONL_INITIAL_BUFFER (64u * 1024u)
#define JSONL_MIN_READ (16u * 1024u)
#define JSONL_BIG_INPUT (1024u * 1024u)
#define JSONL_MIN_READ_BIG (128u * 1024u)

struct eks_capture_jsonl {
    char *buf;
    size_t cap;
    size_t head;      /* first unconsumed byte */
    size_t tail;      /* end of valid data */
    size_t scan;      /* where the newline search resumes */
    uint64_t read;    /* bytes read so far: picks the minimum read */
    bool eof;
    eks_capture_headers hdrs;
    eks_json_kernel kernel;       /* the string scanner of every line's reader, chosen once at open */
    eks_json_scan_fn kernel_scan;
};

bool eks_capture_jsonl_open(eks_capture_reader *r, char *err, size_t errlen)
{
    r->jsonl = calloc(1, sizeof *r->jsonl);
    if (!r->jsonl) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    r->jsonl->kernel_scan = eks_json_scan_best(&r->jsonl->kernel);
    return true;
}

void eks_capture_jsonl_free(eks_capture_reader *r)
{
    if (!r->jsonl)
        return;
    free(r->jsonl->buf);
    eks_capture_headers_free(&r->jsonl->hdrs);
    free(r->jsonl);
    r->jsonl = NULL;
}

static void add_diag(eks_exchange *ex, eks_diag_code code, const char *path, size_t offset, const char *msg)
{
    eks_diags_add(&ex->diags, EKS_SEV_ERROR, code, path, offset, "%s", msg);
}

/* Whether the line ended where a value was due: then reported as invalid JSON (at the reader's
 * path, which names the value that is missing). */
static bool ended_at_value(eks_json_reader *jr)
{
    if (eks_json_peek(jr) == EKS_JSON_NONE && jr->pos >= jr->len) {
        eks_json_fail(jr, "unexpected end of input");
        return true;
    }
    return false;
}

/* A value of the wrong type, located at `at` (SIZE_MAX: where reading stopped), unless the
 * line ended first (truncated): invalid JSON then. */
static void type_error_at(eks_json_reader *jr, eks_exchange *ex, const char *path, size_t at, const char *msg)
{
    if (jr->failed || ended_at_value(jr))
        return;
    add_diag(ex, EKS_DIAG_WRONG_TYPE, path, at == SIZE_MAX ? jr->pos : at, msg);
}

static void type_error(eks_json_reader *jr, eks_exchange *ex, const char *path, const char *msg)
{
    type_error_at(jr, ex, path, SIZE_MAX, msg);
}

/* Rendered only for a diagnostic: formatting it for every header cost a fifth of validating
 * a capture. */
static void header_path(char *path, size_t cap, const char *where, size_t idx)
{
    snprintf(path, cap, "$.%s.headers[%zu]", where, idx);
}

/* Where the plain run (nothing to unescape, ASCII) of string bytes starting at b[s] ends: the
 * index of the first quote, backslash, control or non-ASCII byte, as scan answers. b[end - 1]
 * is the line's NUL, so s < end. */
static inline EKS_JSON_ALWAYS_INLINE size_t plain_run_end(const unsigned char *b, size_t s, size_t end,
                                                          eks_json_scan_fn scan)
{
#if EKS_JSON_MOVE_RUN16
    /* Header names and most values end within four 16-byte blocks: tested inline (SSE2, the
     * x86-64 baseline) and unrolled, they spare the scan kernel's call; only a longer value (a
     * signature) goes on in the kernel. */
    if (s + 64 <= end) {
        unsigned m; /* a second block's stops shifted above the first's: one count for both */
        if ((m = eks_json_stop_mask16(b + s)) || (m = eks_json_stop_mask16(b + s + 16) << 16))
            return s + (size_t)__builtin_ctz(m);
        if ((m = eks_json_stop_mask16(b + s + 32)) || (m = eks_json_stop_mask16(b + s + 48) << 16))
            return s + 32 + (size_t)__builtin_ctz(m);
        s += 64;
    }
#endif
    return scan(b, s, end);
}

/* The header pairs at jr->pos written as capture writers write them, ["name","value"] with no
 * space and nothing escaped, one after another with a bare ',' between: both strings of each
 * taken in place and pushed, the reader left after the last one's ']'. Returns how many it
 * read; it stops before a pair it cannot read (0: the element at jr->pos), which the general
 * path reads with its diagnostics: a pair is taken here only where that path cannot fail. The
 * buffer and the header array are held in locals: each NUL written through char * would
 * otherwise reload them. */
static size_t read_plain_pairs(eks_json_reader *jr, eks_capture_headers *hdrs)
{
    /* The depth and string limits are those the general steps apply; a capture line's never
     * bind here (a string is shorter than the line, and a pair is four levels deep). */
    if (jr->failed || jr->depth >= jr->limits.max_depth || jr->limits.max_string_bytes < jr->len)
        return 0;
    unsigned char *b = (unsigned char *)jr->buf;
    size_t end = jr->len + 1;
    eks_json_scan_fn scan = jr->scan;
    eks_header *items = hdrs->items;
    size_t count = hdrs->count, cap = hdrs->cap, read = 0, p = jr->pos, after = p;
    /* b[len] is NUL: each test that matches a non-NUL byte keeps the next read in bounds. */
    while (b[p] == '[' && b[p + 1] == '"') {
        size_t ns = p + 2, ne = plain_run_end(b, ns, end, scan);
        if (b[ne] != '"' || b[ne + 1] != ',' || b[ne + 2] != '"')
            break;
        size_t vs = ne + 3, ve = plain_run_end(b, vs, end, scan);
        if (b[ve] != '"' || b[ve + 1] != ']')
            break;
        if (count == cap) {
            hdrs->count = count;
            if (!eks_capture_headers_grow(hdrs))
                break; /* out_of_memory tells the caller */
            items = hdrs->items;
            cap = hdrs->cap;
        }
        b[ne] = '\0';
        b[ve] = '\0';
        if (b[ns] != ':') /* eks_capture_pseudo_header(), on the name's first byte */
            items[count++] = (eks_header){{(const char *)b + ns, ne - ns}, {(const char *)b + vs, ve - vs}};
        read++;
        after = ve + 2;
        if (b[after] != ',')
            break;
        p = after + 1;
    }
    hdrs->count = count;
    jr->pos = after;
    return read;
}

/* After a pair's '[': its two strings and the ']', each string with its index on the
 * reader's path; false at anything else. */
static bool read_pair_strings(eks_json_reader *jr, eks_str *name, eks_str *value)
{
    bool f2 = true;
    for (size_t i = 0; i < 2; i++) {
        if (!eks_json_array_next(jr, &f2))
            return false;
        eks_json_path_push_index(jr->path, i);
        bool read = false;
        if (eks_json_peek(jr) == EKS_JSON_STRING)
            read = eks_json_read_string(jr, i ? value : name);
        else
            ended_at_value(jr); /* a line cut here is not JSON; anything else, not a pair */
        eks_json_path_pop(jr->path);
        if (!read)
            return false;
    }
    return !eks_json_array_next(jr, &f2);
}

/* headers: [[name, value], ...] or {name: value, ...} */
static bool read_headers(eks_json_reader *jr, eks_capture_headers *hdrs, eks_exchange *ex, const char *where)
{
    eks_json_type t = eks_json_peek(jr);
    bool first = true;
    eks_str name, value;
    size_t koff;
    char path[64];
    if (t == EKS_JSON_NULL)
        return eks_json_read_literal(jr);
    if (t == EKS_JSON_OBJECT) {
        if (!eks_json_object_begin(jr))
            return false;
        while (eks_json_object_next(jr, &first, &name, &koff)) {
            /* the value with its name on the reader's path: a syntax error in it names it */
            eks_json_path_push_key(jr->path, name.ptr, name.len);
            bool string = eks_json_peek(jr) == EKS_JSON_STRING;
            if (!string) {
                snprintf(path, sizeof path, "$.%s.headers", where);
                type_error(jr, ex, path, "header values must be strings");
            }
            bool read = string && eks_json_read_string(jr, &value);
            eks_json_path_pop(jr->path);
            if (!read)
                return false;
            if (!eks_capture_pseudo_header(name) && !eks_capture_headers_push(hdrs, name, value))
                return false;
        }
        return !jr->failed;
    }
    if (t != EKS_JSON_ARRAY) {
        snprintf(path, sizeof path, "$.%s.headers", where);
        type_error(jr, ex, path, "headers must be a list of [name, value] pairs or an object");
        return false;
    }
    if (!eks_json_array_begin(jr))
        return false;
    size_t idx = 0;
    while (eks_json_array_next(jr, &first)) {
        size_t n = read_plain_pairs(jr, hdrs);
        if (hdrs->out_of_memory)
            return false;
        if (n) {
            idx += n;
            continue;
        }
        /* A pair that is not two strings is located at its '[', as its path names it. Read with
         * its index on the reader's path (the fast path above takes only pairs it cannot fail
         * in), so that a syntax error inside names the pair, or the string in it. */
        eks_json_path_push_index(jr->path, idx);
        if (eks_json_peek(jr) != EKS_JSON_ARRAY) {
            header_path(path, sizeof path, where, idx);
            type_error(jr, ex, path, "a header must be a [name, value] pair");
            eks_json_path_pop(jr->path);
            return false;
        }
        size_t pair_at = jr->pos;
        bool pair = eks_json_array_begin(jr) && read_pair_strings(jr, &name, &value);
        eks_json_path_pop(jr->path);
        if (jr->failed)
            return false;
        if (!pair) {
            header_path(path, sizeof path, where, idx);
            type_error_at(jr, ex, path, pair_at, "a header must be a [name, value] pair of strings");
            return false;
        }
        if (jr->failed || (!eks_capture_pseudo_header(name) && !eks_capture_headers_push(hdrs, name, value)))
            return false;
        idx++;
    }
    return !jr->failed;
}

/* Rendered only for a diagnostic, as the header paths are. */
static void body_path(char *path, size_t cap, const char *where, eks_str key)
{
    snprintf(path, cap, "$.%s.%.*s", where, (int)key.len, key.ptr);
}

/* The members of an exchange's objects in the order capture writers put them, each as the
 * `"name":` token that eks_json_object_take_token matches whole: a key in that order costs one
 * compare instead of a scan, and names its member without a string compare. Any other order or
 * spacing reads as before. */
typedef struct key_token {
    const char *text;
    size_t len;
} key_token;
#define KEY_TOKEN(name) {"\"" name "\":", sizeof(name) + 2}
enum { TOP_REQUEST, TOP_RESPONSE, TOP_KEYS };
static const key_token top_keys[TOP_KEYS] = {[TOP_REQUEST] = KEY_TOKEN("request"),
                                             [TOP_RESPONSE] = KEY_TOKEN("response")};
enum { REQ_METHOD, REQ_URL, REQ_HEADERS, REQ_BODY, REQ_KEYS };
static const key_token request_keys[REQ_KEYS] = {[REQ_METHOD] = KEY_TOKEN("method"), [REQ_URL] = KEY_TOKEN("url"),
                                                 [REQ_HEADERS] = KEY_TOKEN("headers"),
                                                 [REQ_BODY] = KEY_TOKEN("body")};
enum { RESP_STATUS, RESP_HEADERS, RESP_BODY, RESP_KEYS };
static const key_token response_keys[RESP_KEYS] = {[RESP_STATUS] = KEY_TOKEN("status"),
                                                   [RESP_HEADERS] = KEY_TOKEN("headers"),
                                                   [RESP_BODY] = KEY_TOKEN("body")};
#define NOT_LISTED SIZE_MAX /* a member its object's table does not list (bodyBase64, unknown ones) */
/* next_member tries the tokens of members 0..3 (a later one would only be looked up) */
_Static_assert(TOP_KEYS <= 4 && REQ_KEYS <= 4 && RESP_KEYS <= 4, "next_member tries four tokens");

/* The next member's key, and which of keys[0..n) it names in *member (NOT_LISTED: none), for
 * an object whose table is keys: keys[*want] is tried first as a token, a constant in each case
 * below (n and keys are constants where this is inlined), so that its compare folds to a load
 * or two; any other key is read as any is and looked up in keys. *want moves on past the member
 * found; after a member not listed it stays. False at the object's end or an error. */
static inline EKS_JSON_ALWAYS_INLINE bool next_member(eks_json_reader *jr, bool *first, const key_token *keys,
                                                      size_t n, size_t *want, size_t *member, eks_str *key,
                                                      size_t *koff)
{
    bool got = false;
    switch (*want) {
#define TRY_TOKEN(i)                                                                                                   \
    case i: got = i < n && eks_json_object_take_token(jr, first, keys[i].text, keys[i].len, key, koff); break
        TRY_TOKEN(0);
        TRY_TOKEN(1);
        TRY_TOKEN(2);
        TRY_TOKEN(3);
#undef TRY_TOKEN
    default: break; /* past the last one listed */
    }
    if (got) {
        *member = (*want)++;
        return true;
    }
    if (!eks_json_object_next(jr, first, key, koff))
        return false;
    *member = NOT_LISTED;
    for (size_t i = 0; i < n; i++)
        if (keys[i].len - 3 == key->len && memcmp(keys[i].text + 1, key->ptr, key->len) == 0) {
            *member = i;
            *want = i + 1;
            break;
        }
    return true;
}

/* body / bodyBase64 */
static bool read_body(eks_json_reader *jr, eks_str key, size_t koff, eks_exchange *ex, const char *where,
                      eks_str *body)
{
    char path[64];
    if (body->ptr) {
        /* at the second key, as every other duplicate of a record */
        body_path(path, sizeof path, where, key);
        add_diag(ex, EKS_DIAG_DUPLICATE_KEY, path, koff, "body given twice (body and bodyBase64)");
        return false;
    }
    eks_json_type t = eks_json_peek(jr);
    if (t == EKS_JSON_NULL)
        return eks_json_read_literal(jr);
    if (t != EKS_JSON_STRING) {
        body_path(path, sizeof path, where, key);
        type_error(jr, ex, path, "a body must be a string");
        return false;
    }
    size_t off = jr->pos;
    eks_str s;
    if (!eks_json_read_string(jr, &s))
        return false;
    if (key.len == 10) { /* bodyBase64: decoded in place, it only shrinks */
        size_t n;
        if (!eks_capture_base64_decode(s.ptr, s.len, (char *)s.ptr, &n)) {
            body_path(path, sizeof path, where, key);
            add_diag(ex, EKS_DIAG_INVALID_JSON, path, off, "bodyBase64 is not valid base64");
            return false;
        }
        s.len = n;
    }
    *body = s;
    return true;
}

/* *at: where the request object begins (what a missing member is reported at). */
static bool read_request(eks_json_reader *jr, eks_capture_headers *hdrs, eks_exchange *ex, eks_str *url,
                         size_t *at)
{
    bool first = true;
    eks_str key;
    size_t koff, member;
    unsigned seen = 0;
    size_t want = 0;
    if (eks_json_peek(jr) != EKS_JSON_OBJECT) {
        type_error(jr, ex, "$.request", "request must be an object");
        return false;
    }
    *at = jr->pos;
    size_t at_depth = jr->path->depth; /* the request's own path */
    if (!eks_json_object_begin(jr))
        return false;
    while (next_member(jr, &first, request_keys, REQ_KEYS, &want, &member, &key, &koff)) {
        /* each value with its key on the reader's path, so that a syntax error in it names it
         * (a failure ends the record: the path is not read again) */
        eks_json_path_put_key(jr->path, at_depth, key.ptr, key.len);
        unsigned bit = member == REQ_METHOD ? 1 : member == REQ_URL ? 2 : member == REQ_HEADERS ? 4 : 0;
        if (bit && (seen & bit)) {
            add_diag(ex, EKS_DIAG_DUPLICATE_KEY, "$.request", koff, "member given twice in the request");
            return false;
        }
        seen |= bit;
        if (bit == 1 || bit == 2) {
            eks_str *dst = bit == 1 ? &ex->request.method : url;
            if (eks_json_peek(jr) != EKS_JSON_STRING) {
                type_error(jr, ex, bit == 1 ? "$.request.method" : "$.request.url", "must be a string");
                return false;
            }
            if (!eks_json_read_string(jr, dst))
                return false;
        } else if (bit == 4) {
            if (!read_headers(jr, hdrs, ex, "request"))
                return false;
        } else if (member == REQ_BODY || EKS_STR_IS_LITERAL(key, "bodyBase64")) {
            if (!read_body(jr, key, koff, ex, "request", &ex->request.body))
                return false;
        } else if (!eks_json_skip_value(jr)) {
            return false;
        }
        eks_json_path_cut_to(jr->path, at_depth);
    }
    return !jr->failed;
}

/* Whether the number token at d is three digits 100..599 (as services send a status), which
 * the number reader would take whole, as an integer in range: read here, since its call and
 * conversion cost about 110 instructions for those three bytes. d[0] is a number's first
 * byte, and each digit matched keeps the next read within the line. */
static bool plain_status(const char *d)
{
    return d[0] >= '1' && d[0] <= '5' && d[1] >= '0' && d[1] <= '9' && d[2] >= '0' && d[2] <= '9' &&
           !(d[3] >= '0' && d[3] <= '9') && d[3] != '.' && d[3] != 'e' && d[3] != 'E';
}

static bool read_response(eks_json_reader *jr, eks_capture_headers *hdrs, eks_exchange *ex)
{
    bool first = true;
    eks_str key;
    size_t koff, member;
    bool have_status = false, have_headers = false;
    size_t want = 0;
    if (eks_json_peek(jr) != EKS_JSON_OBJECT) {
        type_error(jr, ex, "$.response", "response must be an object");
        return false;
    }
    size_t at = jr->pos; /* a missing status is reported at the object */
    size_t at_depth = jr->path->depth; /* the response's own path */
    if (!eks_json_object_begin(jr))
        return false;
    while (next_member(jr, &first, response_keys, RESP_KEYS, &want, &member, &key, &koff)) {
        /* each value with its key on the reader's path, as in the request */
        eks_json_path_put_key(jr->path, at_depth, key.ptr, key.len);
        if (member == RESP_STATUS) {
            eks_str text;
            double v = 0;
            bool number = eks_json_peek(jr) == EKS_JSON_NUMBER;
            size_t voff = jr->pos; /* a wrong value is located at its first byte, a repeat at its key */
            const char *d = jr->buf + voff;
            if (!have_status && number && plain_status(d)) {
                ex->response.status = (d[0] - '0') * 100 + (d[1] - '0') * 10 + (d[2] - '0');
                jr->pos = voff + 3;
            } else if (have_status || !number || !eks_json_read_number(jr, &text, &v) || !(v >= 100 && v <= 599) ||
                       v != floor(v)) { /* range first: (int) of 2e12 is undefined */
                /* a line that ends where the status was due is not JSON, as in type_error_at */
                if (!jr->failed && (have_status || !ended_at_value(jr)))
                    add_diag(ex, have_status ? EKS_DIAG_DUPLICATE_KEY : EKS_DIAG_WRONG_TYPE, "$.response.status",
                             have_status ? koff : voff, "status must be given once, as an integer 100..599");
                return false;
            } else {
                ex->response.status = (int)v;
            }
            have_status = true;
        } else if (member == RESP_HEADERS) {
            /* given twice, the two lists would be taken as one */
            if (have_headers) {
                add_diag(ex, EKS_DIAG_DUPLICATE_KEY, "$.response", koff, "member given twice in the response");
                return false;
            }
            have_headers = true;
            if (!read_headers(jr, hdrs, ex, "response"))
                return false;
        } else if (member == RESP_BODY || EKS_STR_IS_LITERAL(key, "bodyBase64")) {
            if (!read_body(jr, key, koff, ex, "response", &ex->response.body))
                return false;
        } else if (!eks_json_skip_value(jr)) {
            return false;
        }
        eks_json_path_cut_to(jr->path, at_depth);
    }
    if (!jr->failed && !have_status) {
        add_diag(ex, EKS_DIAG_MISSING_REQUIRED_MEMBER, "$.response.status", at, "response has no status");
        return false;
    }
    return !jr->failed;
}

void eks_capture_jsonl_parse_line(char *line, size_t len, eks_json_kernel kernel, eks_json_scan_fn scan,
                                  eks_capture_headers *hdrs, eks_exchange *ex)
{
    eks_json_reader jr;
    /* Strings may be as long as the line: the line limit is the only string limit here. The
     * header lists are bounded by it too: max_list_len binds only lists the shape decoder
     * stores, and this reader never consults it (so it is left at its default, unused). */
    const eks_limits lim = {.max_string_bytes = len + 1};
    const eks_limits resolved = eks_limits_resolved(&lim); /* folded: only len + 1 is not a constant */
    line[len] = '\0';
    eks_json_reader_init_resolved(&jr, line, len, &resolved, &ex->diags, scan, kernel);
    /* The members read are kept on it (request, response, theirs, the header pairs read by the
     * general path, the unknown members skipped), so that a syntax error or a limit names the
     * value it lies in. */
    eks_json_path path;
    path.depth = 0;
    jr.path = &path;
    hdrs->count = 0;
    hdrs->out_of_memory = false;
    size_t req_lo = 0, req_hi = 0, resp_lo = 0, resp_hi = 0, req_at = 0;
    eks_str url = EKS_STR_ABSENT, key;
    bool first = true, ok = false, seen_request = false, seen_response = false;
    size_t koff, want = 0, member;
    if (eks_json_peek(&jr) != EKS_JSON_OBJECT) {
        eks_json_fail(&jr, "expected a JSON object (one exchange per line)");
        goto out;
    }
    if (!eks_json_object_begin(&jr))
        goto out;
    while (next_member(&jr, &first, top_keys, TOP_KEYS, &want, &member, &key, &koff)) {
        if (member == TOP_REQUEST) {
            if (seen_request) {
                add_diag(ex, EKS_DIAG_DUPLICATE_KEY, "$.request", koff, "request given twice");
                goto out;
            }
            seen_request = true;
            eks_json_path_push_key(&path, key.ptr, key.len);
            /* null = absent (docs/validate.md) */
            bool null = eks_json_peek(&jr) == EKS_JSON_NULL;
            if (!null)
                req_lo = hdrs->count;
            bool read = null ? eks_json_read_literal(&jr) : read_request(&jr, hdrs, ex, &url, &req_at);
            eks_json_path_pop(&path);
            if (!read)
                goto out;
            if (null)
                continue;
            req_hi = hdrs->count;
            ex->has_request = true;
        } else if (member == TOP_RESPONSE) {
            if (seen_response) {
                add_diag(ex, EKS_DIAG_DUPLICATE_KEY, "$.response", koff, "response given twice");
                goto out;
            }
            seen_response = true;
            eks_json_path_push_key(&path, key.ptr, key.len);
            /* null = absent: a request never answered */
            bool null = eks_json_peek(&jr) == EKS_JSON_NULL;
            if (!null)
                resp_lo = hdrs->count;
            bool read = null ? eks_json_read_literal(&jr) : read_response(&jr, hdrs, ex);
            eks_json_path_pop(&path);
            if (!read)
                goto out;
            if (null)
                continue;
            resp_hi = hdrs->count;
            ex->has_response = true;
        } else if (!eks_json_skip_member(&jr, key)) {
            goto out;
        }
    }
    if (!eks_json_finish(&jr))
        goto out;
    ok = true;
out:
    if (!ok) {
        ex->has_request = ex->has_response = false;
        return;
    }
    /* each side's headers are contiguous; the array is final only now (it may have moved) */
    ex->request.headers = hdrs->items ? hdrs->items + req_lo : NULL;
    ex->request.header_count = req_hi - req_lo;
    ex->response.headers = hdrs->items ? hdrs->items + resp_lo : NULL;
    ex->response.header_count = resp_hi - resp_lo;
    if (ex->has_request) {
        if (!ex->request.method.ptr || !url.ptr) {
            add_diag(ex, EKS_DIAG_MISSING_REQUIRED_MEMBER, ex->request.method.ptr ? "$.request.url" : "$.request.method",
                     req_at, "a request needs a method and a url");
            ex->has_request = ex->has_response = false;
            return;
        }
        if (!eks_capture_split_url(url, &ex->authority, &ex->request.path, &ex->request.query)) {
            /* at the url's opening quote: its bytes, unescaped in place, start right after it */
            add_diag(ex, EKS_DIAG_UNEXPECTED_VALUE, "$.request.url", (size_t)(url.ptr - line) - 1,
                     "url is neither absolute (scheme://host/path) nor a path");
            ex->has_request = ex->has_response = false;
            return;
        }
        if (!ex->request.body.ptr)
            ex->request.body = (eks_str){"", 0};
        eks_capture_set_host(ex);
    }
    if (ex->has_response && !ex->response.body.ptr)
        ex->response.body = (eks_str){"", 0};
    if (!ex->has_request && !ex->has_response)
        /* skipped, but not without a word: a misspelled "req" would hide the record */
        eks_diags_add(&ex->diags, EKS_SEV_WARNING, EKS_DIAG_MISSING_REQUIRED_MEMBER, "$", 0, "%s",
                      "the record has neither a request nor a response (other members are ignored)");
}

/* Reads more input behind tail, compacting or growing the buffer first. */
static int fill(eks_capture_reader *r, char *err, size_t errlen)
{
    eks_capture_jsonl *j = r->jsonl;
    size_t min_read = j->read >= JSONL_BIG_INPUT ? JSONL_MIN_READ_BIG : JSONL_MIN_READ;
    /* compacted whenever the buffer would otherwise grow: grown with a consumed line still in
     * front, it could not be held to the bound below (it doubled past it) */
    if (j->head > 0 && (j->head == j->tail || j->cap - j->tail < min_read + 1)) {
        memmove(j->buf, j->buf + j->head, j->tail - j->head);
        j->tail -= j->head;
        j->scan -= j->head;
        j->head = 0;
    }
    if (j->cap - j->tail < min_read + 1) {
        size_t ncap = j->cap ? j->cap * 2 : JSONL_INITIAL_BUFFER;
        while (ncap - j->tail < min_read + 1)
            ncap *= 2;
        /* Never more than the longest line kept needs: one that outgrows it is skipped, and
         * doubling past the limit would hold up to twice --max-line-bytes of it. */
        size_t most = r->opt.max_line_bytes + min_read + 2;
        if (r->opt.max_line_bytes < SIZE_MAX / 2 && ncap > most && most - j->tail >= min_read + 1)
            ncap = most;
        char *n = realloc(j->buf, ncap);
        if (!n) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        j->buf = n;
        j->cap = ncap;
    }
    ptrdiff_t got = eks_capture_read(r, j->buf + j->tail, j->cap - j->tail - 1, err, errlen);
    if (got < 0)
        return -1;
    if (got == 0)
        j->eof = true;
    j->tail += (size_t)got;
    j->read += (uint64_t)got;
    return 0;
}

/* Skips the line at j->head through its newline; *line_len gets its length without it. */
static int discard_line(eks_capture_reader *r, size_t *line_len, char *err, size_t errlen)
{
    eks_capture_jsonl *j = r->jsonl;
    *line_len = 0;
    for (;;) {
        char *nl = memchr(j->buf + j->head, '\n', j->tail - j->head);
        if (nl) {
            size_t n = (size_t)(nl - (j->buf + j->head)) + 1;
            *line_len += n - 1;
            r->bytes += n;
            j->head += n;
            j->scan = j->head;
            return 0;
        }
        *line_len += j->tail - j->head;
        r->bytes += j->tail - j->head;
        j->head = j->scan = j->tail;
        if (j->eof)
            return 0;
        if (fill(r, err, errlen) < 0)
            return -1;
    }
}

static void line_too_long(const eks_capture_reader *r, eks_exchange *ex, size_t line_len)
{
    eks_diags_add(&ex->diags, EKS_SEV_ERROR, EKS_DIAG_LIMIT_EXCEEDED, "", SIZE_MAX,
                  "line of %zu bytes is longer than the limit of %zu bytes; skipped", line_len,
                  r->opt.max_line_bytes);
}

static bool blank(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
            return false;
    return true;
}

int eks_capture_jsonl_next(eks_capture_reader *r, eks_exchange *ex, char *err, size_t errlen)
{
    eks_capture_jsonl *j = r->jsonl;
    for (;;) {
        char *nl = j->tail > j->scan ? memchr(j->buf + j->scan, '\n', j->tail - j->scan) : NULL;
        size_t line_len;
        if (nl) {
            line_len = (size_t)(nl - (j->buf + j->head));
        } else if (j->tail - j->head > r->opt.max_line_bytes) {
            r->lines++;
            ex->position = r->lines;
            size_t skipped;
            if (discard_line(r, &skipped, err, errlen) < 0)
                return -1;
            /* reported as a line that fits the buffer is: what is reported must not depend
             * on how much of the line one read brought */
            line_too_long(r, ex, skipped);
            return 1;
        } else if (!j->eof) {
            j->scan = j->tail;
            if (fill(r, err, errlen) < 0)
                return -1;
            continue;
        } else if (j->tail > j->head) {
            line_len = j->tail - j->head; /* last line without a newline */
        } else {
            return 0;
        }
        if (line_len > r->opt.max_line_bytes) {
            /* whole line buffered but still over the limit */
            r->lines++;
            ex->position = r->lines;
            size_t consumed = line_len + (nl ? 1 : 0);
            j->head += consumed;
            j->scan = j->head;
            r->bytes += consumed;
            line_too_long(r, ex, line_len);
            return 1;
        }
        char *line = j->buf + j->head;
        size_t consumed = line_len + (nl ? 1 : 0);
        j->head += consumed;
        j->scan = j->head;
        r->bytes += consumed;
        r->lines++;
        /* A UTF-8 byte order mark opening the file (Windows tools write one) is whitespace to
         * the record, as eks_capture_detect takes it (RFC 8259 §8.1 lets a parser ignore it);
         * overwritten in place, so offsets into the line stay those of its bytes. */
        if (r->lines == 1 && r->src.offset == 0 && line_len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0)
            memset(line, ' ', 3);
        if (blank(line, line_len))
            continue;
        if (line[line_len - 1] == '\r')
            line_len--;
        ex->position = r->lines;
        /* line[line_len] is the newline, or the spare byte fill() keeps after tail */
        eks_capture_jsonl_parse_line(line, line_len, j->kernel, j->kernel_scan, &j->hdrs, ex);
        if (j->hdrs.out_of_memory) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        return 1;
    }
}
