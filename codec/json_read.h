/*
 * Strict, in-situ JSON reader (RFC 8259) for the schema-directed decoder.
 *
 * Why not json-c here: json-c lets the last duplicate key win without telling anyone,
 * builds a heap object per value, and reports no positions inside a parsed tree. The
 * decoder needs duplicate detection, byte offsets for every diagnostic and no per-value
 * allocation, so it reads the bytes itself. json-c is still used where a document tree is
 * the right tool (CLI input parameters, capture readers).
 *
 * The reader works on a private, mutable, NUL-terminated copy of the input: strings are
 * unescaped in place and NUL-terminated where their closing quote was, so every eks_str it
 * returns points into that copy (owned by the decode result).
 */
#ifndef EKSCODEC_JSON_READ_H
#define EKSCODEC_JSON_READ_H

#include "ekscodec/common.h"
#include "ekscodec/diag.h"
#include "buf_inline.h"
#include "json_scan.h"

#include <stdint.h>

struct eks_json_path;

typedef struct eks_json_reader {
    char *buf;        /* mutable copy, buf[len] == '\0' */
    size_t len;
    size_t pos;
    size_t depth;
    eks_limits limits;
    eks_diags *diags;
    bool failed;      /* a syntax/limit error was reported; stop decoding */
    bool oom;
    /* Finds where a string's plain ASCII run ends. Set by init to the fastest scanner for
     * this CPU; eks_json_reader_use_kernel() runs another kernel: all give identical results. */
    eks_json_scan_fn scan;
    eks_json_kernel kernel; /* the kernel scan belongs to; also picks how escaped strings are moved */
    /* Where the reader stands in the document, kept by its caller (the shape decoder, the JSON
     * Lines reader), or NULL (init's default): rendered, rooted at "$", only into the reader's
     * own diagnostics (syntax, UTF-8, limits), and extended by eks_json_skip_value with the
     * keys and indexes it passes, so that an error inside a skipped value names that value.
     * The caller pushes a member's key once the ':' is read and pops it after the value, so a
     * bad value names its member ($.update.id), and a bad key, ':', ',' or closing bracket the
     * container holding it ($.update); a limit names the string or the container that broke
     * it. Without one, those diagnostics carry the empty path. */
    struct eks_json_path *path;
} eks_json_reader;

typedef enum eks_json_type {
    EKS_JSON_NONE, /* end of input or syntax error */
    EKS_JSON_OBJECT,
    EKS_JSON_ARRAY,
    EKS_JSON_STRING,
    EKS_JSON_NUMBER,
    EKS_JSON_TRUE,
    EKS_JSON_FALSE,
    EKS_JSON_NULL
} eks_json_type;

void eks_json_reader_init(eks_json_reader *r, char *buf, size_t len, const eks_limits *limits,
                          eks_diags *diags);
/* eks_json_reader_init for a caller that opens a reader for every record (a JSON Lines
 * capture): limits already resolved (eks_limits_resolved), and the kernel it chose once, with
 * its scanner (eks_json_scan_best's answer, or eks_json_scan_get(kernel)), so that the CPU is
 * not checked again for each. Inline: the init's call, zeroing and CPU check cost about 65
 * instructions a record. */
static inline void eks_json_reader_init_resolved(eks_json_reader *r, char *buf, size_t len,
                                                 const eks_limits *resolved, eks_diags *diags,
                                                 eks_json_scan_fn scan, eks_json_kernel kernel)
{
    *r = (eks_json_reader){.buf = buf, .len = len, .limits = *resolved, .diags = diags, .scan = scan,
                           .kernel = kernel};
}
/* A scanner and its kernel chosen once (eks_json_scanner_best) by a caller that decodes many
 * inputs, handed to each reader's init so that the CPU is not asked again for each. */
typedef struct eks_json_scanner {
    eks_json_scan_fn scan;
    eks_json_kernel kernel;
} eks_json_scanner;

static inline eks_json_scanner eks_json_scanner_best(void)
{
    eks_json_scanner s;
    s.scan = eks_json_scan_best(&s.kernel);
    return s;
}
/* Runs kernel k instead of the fastest one (tests and the differential fuzz target compare
 * them); false, with the reader unchanged, when this build or CPU lacks k. */
bool eks_json_reader_use_kernel(eks_json_reader *r, eks_json_kernel k);
/* Skips whitespace and tells what the next value is, without consuming it. */
static inline eks_json_type eks_json_peek(eks_json_reader *r);
const char *eks_json_type_name(eks_json_type t);

/* Reports a syntax error at the current position (and r->path) and marks the reader failed. */
void eks_json_fail(eks_json_reader *r, const char *what);

/* Object iteration: call begin at '{', then next until it returns false. next reads the key
 * and the ':' and leaves the reader at the value, which the caller must consume. */
static inline bool eks_json_object_begin(eks_json_reader *r);
static inline bool eks_json_object_next(eks_json_reader *r, bool *first, eks_str *key, size_t *key_offset);
/* The same, trying first whether the key is the one spelled by the token_len bytes at token,
 * a member's `"name":` (a name that needs no escaping), which settles the common key without
 * scanning it: *got_expected says whether it was. */
static inline bool eks_json_object_next_expecting(eks_json_reader *r, bool *first, const char *token,
                                                  size_t token_len, bool *got_expected, eks_str *key,
                                                  size_t *key_offset);
/* Its first half alone: the key if it is token's, else false with nothing read. */
static inline bool eks_json_object_take_token(eks_json_reader *r, bool *first, const char *token, size_t token_len,
                                              eks_str *key, size_t *key_offset);
static inline bool eks_json_array_begin(eks_json_reader *r);
static inline bool eks_json_array_next(eks_json_reader *r, bool *first);
/* Out of line, for the inline begin: everything but '{' or '[' right at r->pos within the
 * depth limit (whitespace first, errors, the limit). */
bool eks_json_container_begin_slow(eks_json_reader *r, char open);
/* Out of line, for the inline iterators: report the syntax error at r->pos (what was expected
 * in an object or an array) and return false. */
bool eks_json_object_fail(eks_json_reader *r, bool after_member);
bool eks_json_key_colon_fail(eks_json_reader *r);
bool eks_json_array_fail(eks_json_reader *r, bool trailing_comma);

static inline bool eks_json_read_string(eks_json_reader *r, eks_str *out);
/* The whole string reader: escapes, UTF-8, errors. eks_json_read_string inlines the common
 * case (plain ASCII up to the closing quote) and calls this for everything else. */
bool eks_json_read_string_slow(eks_json_reader *r, eks_str *out);
/* Number token as text (validated against the JSON grammar), plus its value. */
bool eks_json_read_number(eks_json_reader *r, eks_str *text, double *value);
bool eks_json_read_literal(eks_json_reader *r); /* true/false/null */
/* Consumes one value of any type, validating it (pushing and popping its keys and indexes on
 * r->path, when there is one). */
bool eks_json_skip_value(eks_json_reader *r);
/* The value of member `key` (read just before, a view into the reader's buffer), skipped with
 * the key on r->path when there is one, so that a diagnostic inside it names it. */
bool eks_json_skip_member(eks_json_reader *r, eks_str key);
/* After the top-level value: only whitespace may remain. */
bool eks_json_finish(eks_json_reader *r);

/* Locale-independent decimal parsing of a JSON number token. */
bool eks_json_number_to_double(const char *text, size_t len, double *out);
/* UTF-8 validation (RFC 3629: no overlongs, no surrogates, max U+10FFFF). */
bool eks_utf8_valid(const char *s, size_t len);
/* n, or less when s[0..n) would end inside a UTF-8 sequence: the length at which to cut
 * valid UTF-8 so that the kept part stays valid (bytes that are not UTF-8 are cut anywhere). */
size_t eks_utf8_cut(const char *s, size_t n);

/* Inline: the decoders call these for every key and value, and a call (with the saving of
 * registers the whole string reader needs) cost more than the work in the common case. */

static inline bool eks_json_is_ws(unsigned char c)
{
    /* one compare and one bit test instead of four compares */
    const uint64_t ws = UINT64_C(1) << ' ' | UINT64_C(1) << '\n' | UINT64_C(1) << '\r' | UINT64_C(1) << '\t';
    return c <= ' ' && (ws >> c & 1);
}

static inline size_t eks_json_skip_ws_at(const char *buf, size_t p)
{
    const unsigned char *b = (const unsigned char *)buf;
    while (eks_json_is_ws(b[p]))
        p++;
    return p;
}

static inline eks_json_type eks_json_peek(eks_json_reader *r)
{
    static const unsigned char types[256] = {
        ['{'] = EKS_JSON_OBJECT, ['['] = EKS_JSON_ARRAY, ['"'] = EKS_JSON_STRING,
        ['t'] = EKS_JSON_TRUE,   ['f'] = EKS_JSON_FALSE, ['n'] = EKS_JSON_NULL,
        ['-'] = EKS_JSON_NUMBER, ['0'] = EKS_JSON_NUMBER, ['1'] = EKS_JSON_NUMBER,
        ['2'] = EKS_JSON_NUMBER, ['3'] = EKS_JSON_NUMBER, ['4'] = EKS_JSON_NUMBER,
        ['5'] = EKS_JSON_NUMBER, ['6'] = EKS_JSON_NUMBER, ['7'] = EKS_JSON_NUMBER,
        ['8'] = EKS_JSON_NUMBER, ['9'] = EKS_JSON_NUMBER,
    };
    if (r->failed)
        return EKS_JSON_NONE;
    r->pos = eks_json_skip_ws_at(r->buf, r->pos);
    /* b[len] is NUL, whose entry is EKS_JSON_NONE: no separate end test */
    return (eks_json_type)types[(unsigned char)r->buf[r->pos]];
}

/* Offset of the first byte in the 8 at p that ends a plain ASCII run (a quote, a backslash,
 * a control or a non-ASCII byte), or 8. Each test's lowest flagged byte is exact (a borrow
 * only runs upwards from a flagged byte), so the lowest bit of their union is the first stop. */
static inline size_t eks_json_plain_prefix8(const unsigned char *p)
{
    uint64_t w = eks_swar_load((const char *)p);
    uint64_t stop = eks_swar_has_less_or_high(w, 0x20) | eks_swar_has_byte(w, '"') | eks_swar_has_byte(w, '\\');
    return stop ? eks_swar_first(stop) : 8;
}

/* Where the plain ASCII run of string bytes starting at src ends (the index of the first
 * quote, backslash, control or non-ASCII byte): the first word by SWAR, the rest by the
 * kernel's scanner. Needs src + 8 <= len + 1; reads nothing past the NUL at len. */
static inline size_t eks_json_plain_run_end(const eks_json_reader *r, size_t src)
{
    const unsigned char *b = (const unsigned char *)r->buf;
    size_t stop = src + eks_json_plain_prefix8(b + src);
    if (stop == src + 8)
        stop = r->scan(b, stop, r->len + 1);
    return stop;
}

static inline bool eks_json_read_string(eks_json_reader *r, eks_str *out)
{
    unsigned char *b = (unsigned char *)r->buf;
    size_t start = r->pos, src = start + 1;
    /* b[len] is NUL, so reading up to it stays inside the copy */
    if (r->failed || b[start] != '"' || src + 8 > r->len + 1)
        return eks_json_read_string_slow(r, out);
    size_t stop = eks_json_plain_run_end(r, src);
    if (b[stop] != '"' || stop - src > r->limits.max_string_bytes)
        return eks_json_read_string_slow(r, out);
    b[stop] = '\0';
    r->pos = stop + 1;
    out->ptr = (const char *)b + src;
    out->len = stop - src;
    return true;
}

#if defined(__GNUC__)
#define EKS_JSON_ALWAYS_INLINE __attribute__((always_inline))
#else
#define EKS_JSON_ALWAYS_INLINE
#endif

/* '{' or '[' right at r->pos within the depth limit, inline; the rest out of line. */
static inline bool eks_json_container_begin(eks_json_reader *r, char open)
{
    if (!r->failed && r->buf[r->pos] == open && r->depth < r->limits.max_depth) {
        r->depth++;
        r->pos++;
        return true;
    }
    return eks_json_container_begin_slow(r, open);
}

static inline bool eks_json_object_begin(eks_json_reader *r) { return eks_json_container_begin(r, '{'); }
static inline bool eks_json_array_begin(eks_json_reader *r) { return eks_json_container_begin(r, '['); }

/* The two halves of a key step around the key string itself. key_begin: past a '}' (false,
 * object done), a ',' between members, and whitespace, to the key's opening quote, whose
 * position it returns in *at. */
static inline EKS_JSON_ALWAYS_INLINE bool eks_json_key_begin(eks_json_reader *r, bool *first, size_t *at)
{
    if (r->failed)
        return false;
    const char *b = r->buf;
    size_t p = eks_json_skip_ws_at(b, r->pos);
    if (b[p] == '}') {
        r->pos = p + 1;
        r->depth--;
        return false;
    }
    if (*first) {
        *first = false;
    } else {
        r->pos = p;
        if (b[p] != ',')
            return eks_json_object_fail(r, true);
        p = eks_json_skip_ws_at(b, p + 1);
    }
    r->pos = p;
    if (b[p] != '"')
        return eks_json_object_fail(r, false);
    *at = p;
    return true;
}

/* key_colon: past the whitespace and the ':' after the key, to the value. */
static inline EKS_JSON_ALWAYS_INLINE bool eks_json_key_colon(eks_json_reader *r)
{
    size_t p = eks_json_skip_ws_at(r->buf, r->pos);
    r->pos = p;
    if (r->buf[p] != ':')
        return eks_json_key_colon_fail(r);
    r->pos = p + 1;
    return true;
}

/* Inlined even where the compiler judges it big: out of line, the call and the registers it
 * saves cost as much as the work for a short key. */
static inline EKS_JSON_ALWAYS_INLINE bool eks_json_object_next(eks_json_reader *r, bool *first, eks_str *key,
                                                        size_t *key_offset)
{
    *key_offset = r->pos; /* set on every path: inlined, the compiler cannot tell it is read only after true */
    return eks_json_key_begin(r, first, key_offset) && eks_json_read_string(r, key) && eks_json_key_colon(r);
}

/* The key at r->pos when it is the one token (non-NULL) spells, with its colon: true, with the
 * key read; false, with nothing changed, otherwise. Such a token (schema/gen_schema.py checks
 * the name) holds no quote, backslash or control byte that would read differently, so the
 * bytes ',' (unless first) and the token, found right here, are that key and its colon:
 * compact JSON, what services send, takes one compare instead of a key's steps. A caller that
 * passes a constant token has its compare folded to a load or two. */
static inline EKS_JSON_ALWAYS_INLINE bool eks_json_object_take_token(eks_json_reader *r, bool *first,
                                                              const char *token, size_t token_len,
                                                              eks_str *key, size_t *key_offset)
{
    char *b = r->buf;
    size_t p = r->pos, q = p + !*first;
    if (!r->failed && (*first || b[p] == ',') && q + token_len <= r->len &&
        token_len - 3 <= r->limits.max_string_bytes && eks_bytes_equal(b + q, token, token_len)) {
        *first = false;
        *key_offset = q;
        b[q + token_len - 2] = '\0';
        key->ptr = b + q + 1;
        key->len = token_len - 3;
        r->pos = q + token_len;
        return true;
    }
    return false;
}

static inline EKS_JSON_ALWAYS_INLINE bool eks_json_object_next_expecting(eks_json_reader *r, bool *first,
                                                                  const char *token, size_t token_len,
                                                                  bool *got_expected, eks_str *key,
                                                                  size_t *key_offset)
{
    *got_expected = token && eks_json_object_take_token(r, first, token, token_len, key, key_offset);
    if (*got_expected)
        return true;
    /* Anything else (whitespace, another key, the object's end) is read as any key is: an
     * expected key spelled with whitespace is matched by the caller's member search. */
    return eks_json_object_next(r, first, key, key_offset);
}

static inline bool eks_json_array_next(eks_json_reader *r, bool *first)
{
    if (r->failed)
        return false;
    const char *b = r->buf;
    size_t p = eks_json_skip_ws_at(b, r->pos);
    r->pos = p;
    if (b[p] == ']') {
        r->pos = p + 1;
        r->depth--;
        return false;
    }
    if (*first) {
        *first = false;
        return true;
    }
    if (b[p] != ',')
        return eks_json_array_fail(r, false);
    p = eks_json_skip_ws_at(b, p + 1);
    r->pos = p;
    if (b[p] == ']')
        return eks_json_array_fail(r, true);
    return true;
}

#endif
