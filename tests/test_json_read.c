/*
 * The strict in-situ JSON reader (codec/json_read.h) and the JSON writers (shape_codec.h).
 *
 * Expectations: RFC 8259 (grammar: what is and is not a JSON text), RFC 3629 §4 (the UTF-8
 * byte-sequence grammar, re-implemented here independently as the reference), strtod() in
 * the C locale (the correctly rounded value of a number token), and json-c in strict mode
 * as a second parser for what the writers produce.
 */
#include "json_path.h"
#include "json_read.h"
#include "shape_codec.h"
#include "test_support.h"

#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Opens r over an exact-size copy of text plus the NUL the reader requires (ASan sees any
 * read past it), reporting into d; the caller frees the returned copy and d. */
static char *reader_open(eks_json_reader *r, eks_diags *d, const char *text, size_t len, const eks_limits *lim)
{
    char *buf = malloc(len + 1);
    ck_assert_ptr_nonnull(buf);
    memcpy(buf, text, len);
    buf[len] = '\0';
    eks_diags_init(d);
    eks_json_reader_init(r, buf, len, lim, d);
    return buf;
}

/* Validates one whole JSON text with the reader; returns true if accepted. *offset gets the
 * offset of the first syntax diagnostic. */
static bool reader_accepts(const char *text, size_t len, const eks_limits *lim, eks_diag_code *code, size_t *offset)
{
    eks_diags d;
    eks_json_reader r;
    char *buf = reader_open(&r, &d, text, len, lim);
    bool ok = eks_json_skip_value(&r) && eks_json_finish(&r);
    if (!ok) {
        ck_assert_msg(d.count >= 1, "rejected without a diagnostic: %.*s", (int)len, text);
        if (code)
            *code = d.items[0].code;
        if (offset)
            *offset = d.items[0].offset;
    } else {
        ck_assert_uint_eq(d.count, 0);
    }
    eks_diags_free(&d);
    free(buf);
    return ok;
}

START_TEST(grammar_accepts)
{
    static const char *const y[] = {
        "{}", "[]", "\"\"", "0", "-0", "1", "-1", "0.5", "1e5", "1E+5", "1e-5", "-0.0e0", "123456789012345678901234567890",
        "true", "false", "null", " \t\r\n[ \t\r\n1 \t\r\n, 2 ]\n", "{\"a\":{\"b\":[{},[],\"\",0]}}",
        "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0000\\u00e9\\uD83D\\uDE39\"", "[\"\xC3\xA9\xF0\x9F\x98\xB9\"]",
        "{\"\":0}", "[1e400]", "[-1e-400]", "\"\x7F\"", "[[[[[[[[[[]]]]]]]]]]",
    };
    for (size_t i = 0; i < sizeof y / sizeof y[0]; i++)
        ck_assert_msg(reader_accepts(y[i], strlen(y[i]), NULL, NULL, NULL), "rejected valid JSON: %s", y[i]);
}
END_TEST

START_TEST(grammar_rejects_with_offset)
{
    static const struct {
        const char *text;
        size_t offset;
        eks_diag_code code;
    } n[] = {
        {"", 0, EKS_DIAG_INVALID_JSON},
        {" ", 1, EKS_DIAG_INVALID_JSON},
        {"{", 1, EKS_DIAG_INVALID_JSON},
        {"[1,]", 3, EKS_DIAG_INVALID_JSON},
        {"[,1]", 1, EKS_DIAG_INVALID_JSON},
        {"{\"a\":1,}", 7, EKS_DIAG_INVALID_JSON},
        {"{\"a\"}", 4, EKS_DIAG_INVALID_JSON},
        {"{a:1}", 1, EKS_DIAG_INVALID_JSON},
        {"{'a':1}", 1, EKS_DIAG_INVALID_JSON},
        {"[01]", 2, EKS_DIAG_INVALID_JSON},
        {"[1.]", 3, EKS_DIAG_INVALID_JSON},
        {"[.5]", 1, EKS_DIAG_INVALID_JSON},
        {"[1e]", 3, EKS_DIAG_INVALID_JSON},
        {"[+1]", 1, EKS_DIAG_INVALID_JSON},
        {"[-]", 2, EKS_DIAG_INVALID_JSON},
        {"[NaN]", 1, EKS_DIAG_INVALID_JSON},
        {"[Infinity]", 1, EKS_DIAG_INVALID_JSON},
        {"[0x10]", 2, EKS_DIAG_INVALID_JSON},
        {"[tru]", 1, EKS_DIAG_INVALID_JSON},
        {"[nul]", 1, EKS_DIAG_INVALID_JSON},
        {"[True]", 1, EKS_DIAG_INVALID_JSON},
        {"[\"a]", 1, EKS_DIAG_INVALID_JSON},
        {"[\"\\x\"]", 2, EKS_DIAG_INVALID_JSON},
        {"[\"\\u12\"]", 2, EKS_DIAG_INVALID_JSON},
        {"[\"\\uZZZZ\"]", 2, EKS_DIAG_INVALID_JSON},
        {"[\"a\tb\"]", 3, EKS_DIAG_INVALID_JSON},
        {"[\"\x1F\"]", 2, EKS_DIAG_INVALID_JSON},
        {"[1] [2]", 4, EKS_DIAG_INVALID_JSON},
        {"{}x", 2, EKS_DIAG_INVALID_JSON},
        {"[1 2]", 3, EKS_DIAG_INVALID_JSON},
        {"[\"\\uD800\"]", 2, EKS_DIAG_INVALID_UTF8},
        {"[\"\\uDC00\"]", 2, EKS_DIAG_INVALID_UTF8},
        {"[\"\\uD800\\u0041\"]", 2, EKS_DIAG_INVALID_UTF8},
        {"[\"\xC3\x28\"]", 2, EKS_DIAG_INVALID_UTF8},
        {"[\"\xED\xA0\x80\"]", 2, EKS_DIAG_INVALID_UTF8},
        {"[\"ab\xFF\"]", 4, EKS_DIAG_INVALID_UTF8},
        {"\xEF\xBB\xBF[]", 0, EKS_DIAG_INVALID_JSON},
        {"/*c*/[]", 0, EKS_DIAG_INVALID_JSON},
        {"[]\x0B", 2, EKS_DIAG_INVALID_JSON}, /* vertical tab is not JSON whitespace */
        {"\xC2\xA0[]", 0, EKS_DIAG_INVALID_JSON},
    };
    for (size_t i = 0; i < sizeof n / sizeof n[0]; i++) {
        eks_diag_code code;
        size_t off;
        ck_assert_msg(!reader_accepts(n[i].text, strlen(n[i].text), NULL, &code, &off), "accepted: %s", n[i].text);
        ck_assert_msg(code == n[i].code, "%s: code %s, want %s", n[i].text, eks_diag_code_name(code),
                      eks_diag_code_name(n[i].code));
        ck_assert_msg(off == n[i].offset, "%s: offset %zu, want %zu", n[i].text, off, n[i].offset);
    }
    /* Embedded NUL bytes (the buffer length, not the terminator, ends the text). */
    eks_diag_code code;
    size_t off;
    ck_assert(!reader_accepts("[1]\0", 4, NULL, &code, &off));
    ck_assert_uint_eq(off, 3);
    ck_assert(!reader_accepts("[\"a\0b\"]", 7, NULL, &code, &off));
    ck_assert_uint_eq(off, 3);
    ck_assert(!reader_accepts("[1,\0", 4, NULL, &code, &off));
    ck_assert_uint_eq(off, 3);
    /* Truncations of a valid text are all rejected at or before their end. */
    const char *full = "{\"update\":{\"id\":\"\\u00e9x\",\"n\":[1.5e3,true,null,{\"k\":\"v\"}]}}";
    for (size_t cut = 0; cut < strlen(full); cut++) {
        ck_assert_msg(!reader_accepts(full, cut, NULL, &code, &off), "prefix of %zu bytes accepted", cut);
        ck_assert_uint_le(off, cut);
    }
    ck_assert(reader_accepts(full, strlen(full), NULL, NULL, NULL));
}
END_TEST

/* DESIGN §2: a syntax or UTF-8 diagnostic names where it is. With a path kept by its caller
 * (here only what eks_json_skip_value pushes), the reader locates one at the value it lies in
 * (a member's value from the byte after its ':', an item from the byte after '[' or ','), and
 * a bad key, ':', ',' or closing bracket at the object or array holding it; code, offset and
 * message stay what they were without a path, when the path is "". */
START_TEST(syntax_errors_name_their_path)
{
    static const struct {
        const char *text;
        size_t offset;
        eks_diag_code code;
        const char *path;
    } n[] = {
        {"{\"a\":[1,}", 8, EKS_DIAG_INVALID_JSON, "$.a[1]"},     /* an item missing after ',' */
        {"[", 1, EKS_DIAG_INVALID_JSON, "$[0]"},                  /* ... and after '[' */
        {"[0,[1,tru]]", 6, EKS_DIAG_INVALID_JSON, "$[1][1]"},
        {"{\"a\":", 5, EKS_DIAG_INVALID_JSON, "$.a"},             /* a value missing after ':' */
        {"{\"a\": \t", 7, EKS_DIAG_INVALID_JSON, "$.a"},
        {"{\"a\":{\"b\":\"\\q\"}}", 11, EKS_DIAG_INVALID_JSON, "$.a.b"},
        {"{\"a b\":{\"c\":\"x\ty\"}}", 14, EKS_DIAG_INVALID_JSON, "$[\"a b\"].c"},
        {"{\"a\":\"\xFF\"}", 6, EKS_DIAG_INVALID_UTF8, "$.a"},
        {"{\"a\":[\"\\uD800\"]}", 7, EKS_DIAG_INVALID_UTF8, "$.a[0]"},
        {"{\"a\":{\"b\":-}}", 11, EKS_DIAG_INVALID_JSON, "$.a.b"},
        /* between members or items, and keys: the container's */
        {"{\"a\":{\"b\" 1}}", 10, EKS_DIAG_INVALID_JSON, "$.a"},
        {"{\"a\":1 \"b\":2}", 7, EKS_DIAG_INVALID_JSON, "$"},
        {"{\"a\":[1 2]}", 8, EKS_DIAG_INVALID_JSON, "$.a"},
        {"{\"a\":[1,]}", 8, EKS_DIAG_INVALID_JSON, "$.a"},
        {"{\"a\":{\"b\":1,}}", 12, EKS_DIAG_INVALID_JSON, "$.a"},
        {"{\"a\":{\"b\xFF\":1}}", 8, EKS_DIAG_INVALID_UTF8, "$.a"},
        {"{\"a\":{\"b", 6, EKS_DIAG_INVALID_JSON, "$.a"},
        {"{\"a\":{\"b\":1}", 12, EKS_DIAG_INVALID_JSON, "$"},
        /* the top level */
        {"{}x", 2, EKS_DIAG_INVALID_JSON, "$"},
        {"", 0, EKS_DIAG_INVALID_JSON, "$"},
        {"\xEF\xBB\xBF[]", 0, EKS_DIAG_INVALID_JSON, "$"},
    };
    for (size_t i = 0; i < sizeof n / sizeof n[0]; i++) {
        for (int with_path = 0; with_path <= 1; with_path++) {
            eks_diags d;
            eks_json_reader r;
            eks_json_path path;
            path.depth = 0;
            char *buf = reader_open(&r, &d, n[i].text, strlen(n[i].text), NULL);
            if (with_path)
                r.path = &path;
            ck_assert_msg(!(eks_json_skip_value(&r) && eks_json_finish(&r)), "accepted: %s", n[i].text);
            ck_assert_uint_eq(d.count, 1);
            const eks_diag *dg = &d.items[0];
            const char *want = with_path ? n[i].path : "";
            ck_assert_msg(dg->code == n[i].code, "%s: code %s", n[i].text, eks_diag_code_name(dg->code));
            ck_assert_msg(dg->offset == n[i].offset, "%s: offset %zu, want %zu", n[i].text, dg->offset, n[i].offset);
            ck_assert_msg(strcmp(dg->path, want) == 0, "%s: path \"%s\", want \"%s\"", n[i].text, dg->path, want);
            char tail[48];
            snprintf(tail, sizeof tail, " at byte offset %zu", n[i].offset);
            size_t ml = strlen(dg->message), tl = strlen(tail);
            ck_assert_msg(ml > tl && strcmp(dg->message + ml - tl, tail) == 0, "%s: message %s", n[i].text,
                          dg->message);
            if (with_path) /* every step pushed was popped, or the read stopped inside it */
                ck_assert_uint_le(path.depth, 8);
            eks_diags_free(&d);
            free(buf);
        }
    }
}
END_TEST

START_TEST(depth_and_string_limits)
{
    eks_limits lim;
    memset(&lim, 0, sizeof lim);
    lim.max_depth = 4;
    eks_diag_code code;
    size_t off;
    ck_assert(reader_accepts("[[[[]]]]", 8, &lim, NULL, NULL));
    ck_assert(!reader_accepts("[[[[[]]]]]", 10, &lim, &code, &off));
    ck_assert_int_eq(code, EKS_DIAG_LIMIT_EXCEEDED);
    ck_assert_uint_eq(off, 4);
    ck_assert(reader_accepts("{\"a\":{\"b\":[{}]}}", 16, &lim, NULL, NULL));
    ck_assert(!reader_accepts("{\"a\":{\"b\":[{\"c\":[]}]}}", 22, &lim, &code, NULL));
    ck_assert_int_eq(code, EKS_DIAG_LIMIT_EXCEEDED);
    /* Siblings do not add up: depth is nesting, not count. */
    ck_assert(reader_accepts("[[[[]]],[[[]]],[[[]]]]", 22, &lim, NULL, NULL));
    memset(&lim, 0, sizeof lim);
    lim.max_string_bytes = 4;
    ck_assert(reader_accepts("[\"abcd\"]", 8, &lim, NULL, NULL));
    ck_assert(reader_accepts("[\"\\u00e9\\u00e9\"]", 16, &lim, NULL, NULL)); /* 4 bytes once unescaped */
    ck_assert(!reader_accepts("[\"abcde\"]", 9, &lim, &code, &off));
    ck_assert_int_eq(code, EKS_DIAG_LIMIT_EXCEEDED);
    ck_assert_uint_eq(off, 1);
    ck_assert(!reader_accepts("[\"\\u00e9\\u00e9a\"]", 17, &lim, &code, NULL));
    ck_assert_int_eq(code, EKS_DIAG_LIMIT_EXCEEDED);
}
END_TEST

START_TEST(string_unescaping)
{
    static const struct {
        const char *json;
        const char *want;
        size_t want_len;
    } cases[] = {
        {"\"plain\"", "plain", 5},
        {"\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\/\b\f\n\r\t", 8},
        {"\"\\u0000\"", "\0", 1},
        {"\"\\u001F\\u007f\"", "\x1F\x7F", 2},
        {"\"\\u00E9\"", "\xC3\xA9", 2},
        {"\"\\u0800\"", "\xE0\xA0\x80", 3},
        {"\"\\uFFFF\"", "\xEF\xBF\xBF", 3},
        {"\"\\uD83D\\uDE39\"", "\xF0\x9F\x98\xB9", 4},
        {"\"\\udbff\\udfff\"", "\xF4\x8F\xBF\xBF", 4},
        {"\"\\uD800\\uDC00\"", "\xF0\x90\x80\x80", 4},
        {"\"a\\u0041\xC3\xA9\\n\xF0\x9F\x98\xB9z\"", "aA\xC3\xA9\n\xF0\x9F\x98\xB9z", 10},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len = strlen(cases[i].json);
        eks_diags d;
        eks_json_reader r;
        char *buf = reader_open(&r, &d, cases[i].json, len, NULL);
        eks_str s;
        ck_assert_msg(eks_json_read_string(&r, &s), "%s", cases[i].json);
        ck_assert_msg(s.len == cases[i].want_len && memcmp(s.ptr, cases[i].want, s.len) == 0, "%s", cases[i].json);
        ck_assert_int_eq(s.ptr[s.len], '\0'); /* NUL-terminated in place */
        ck_assert(eks_json_finish(&r));
        eks_diags_free(&d);
        free(buf);
    }
}
END_TEST

START_TEST(object_iteration_keys_and_offsets)
{
    const char *text = " { \"a\" : 1 , \"b\\u0063\":[true] ,\"\":{}}";
    size_t len = strlen(text);
    char *buf = strdup(text);
    eks_diags d;
    eks_diags_init(&d);
    eks_json_reader r;
    eks_json_reader_init(&r, buf, len, NULL, &d);
    ck_assert_int_eq(eks_json_peek(&r), EKS_JSON_OBJECT);
    ck_assert(eks_json_object_begin(&r));
    bool first = true;
    eks_str key;
    size_t koff;
    static const char *const keys[] = {"a", "bc", ""};
    static const size_t offs[] = {3, 13, 31};
    static const eks_json_type types[] = {EKS_JSON_NUMBER, EKS_JSON_ARRAY, EKS_JSON_OBJECT};
    int n = 0;
    while (eks_json_object_next(&r, &first, &key, &koff)) {
        ck_assert_int_lt(n, 3);
        ck_assert_uint_eq(key.len, strlen(keys[n]));
        ck_assert(memcmp(key.ptr, keys[n], key.len) == 0);
        ck_assert_uint_eq(koff, offs[n]);
        ck_assert_int_eq(eks_json_peek(&r), types[n]);
        if (n == 0) {
            eks_str t;
            double v;
            ck_assert(eks_json_read_number(&r, &t, &v));
            ck_assert(v == 1.0);
            ck_assert_uint_eq(t.len, 1);
        } else {
            ck_assert(eks_json_skip_value(&r));
        }
        n++;
    }
    ck_assert_int_eq(n, 3);
    ck_assert(eks_json_finish(&r));
    ck_assert_uint_eq(d.count, 0);
    eks_diags_free(&d);
    free(buf);
}
END_TEST

/* One object's keys as eks_json_object_next reads them, or as eks_json_object_next_expecting
 * does when told to expect token (a member's `"name":`) at every key; each value skipped. */
typedef struct key_walk {
    char keys[8][16];
    size_t key_len[8], key_off[8], pos_after[8];
    int count, expected_hits;
    bool ok;
    size_t diags;
    eks_diag_code code;
    size_t diag_offset;
} key_walk;

static void walk_keys(const char *text, const char *token, const eks_limits *lim, key_walk *w)
{
    memset(w, 0, sizeof *w);
    size_t len = strlen(text);
    eks_diags d;
    eks_json_reader r;
    char *buf = reader_open(&r, &d, text, len, lim);
    bool first = true, got = false, ok = eks_json_object_begin(&r);
    eks_str key;
    size_t koff;
    while (ok) {
        bool more = token ? eks_json_object_next_expecting(&r, &first, token, strlen(token), &got, &key, &koff)
                          : eks_json_object_next(&r, &first, &key, &koff);
        if (!more)
            break;
        ck_assert_int_lt(w->count, 8);
        ck_assert_uint_lt(key.len, 16);
        ck_assert_int_eq(key.ptr[key.len], '\0'); /* NUL-terminated in place, whichever way */
        ck_assert(key.ptr > buf && key.ptr + key.len < buf + len);
        memcpy(w->keys[w->count], key.ptr, key.len);
        w->key_len[w->count] = key.len;
        w->key_off[w->count] = koff;
        w->pos_after[w->count] = r.pos;
        if (token && got) {
            /* A hit is the expected name itself, never a key that only reads like it. */
            ck_assert(key.len == strlen(token) - 3 && memcmp(key.ptr, token + 1, key.len) == 0);
            w->expected_hits++;
        }
        w->count++;
        ok = eks_json_skip_value(&r);
    }
    w->ok = ok && !r.failed && eks_json_finish(&r);
    w->diags = d.count;
    if (d.count) {
        w->code = d.items[0].code;
        w->diag_offset = d.items[0].offset;
    }
    eks_diags_free(&d);
    free(buf);
}

/* The expected-key shortcut settles a key only where it is that key, compact: every key, its
 * offset (the opening quote), where reading goes on, and every verdict and diagnostic are
 * those of the plain key reader (tested above against RFC 8259). The hit counts come from
 * reading each text by hand. */
START_TEST(expected_key_reads_as_any_key)
{
    eks_limits lim3, lim4;
    memset(&lim3, 0, sizeof lim3);
    lim3.max_string_bytes = 3;
    lim4 = lim3;
    lim4.max_string_bytes = 4;
    static const char *const type = "\"type\":";
    const struct {
        const char *text;
        const eks_limits *lim;
        int hits;
        bool ok;
    } cases[] = {
        {"{\"type\":\"a\",\"type\":\"b\"}", NULL, 2, true},           /* first, then after a comma */
        {"{ \"type\":\"a\" , \"type\" :\"b\"}", NULL, 0, true},       /* spaced: the plain reader's */
        {"{\"type\":1 ,\"type\":2,\n\"type\":3}", NULL, 1, true},     /* space before the comma, newline after */
        {"{\"typ\":\"a\",\"types\":1,\"Type\":2,\"type\":3}", NULL, 1, true},
        {"{\"ty\\u0070e\":1}", NULL, 0, true},                       /* the same name, escaped */
        {"{\"a\":[1]x\"type\":2}", NULL, 0, false},                  /* no comma: not skipped over */
        {"{\"a\":[1]\"type\":2}", NULL, 0, false},
        {"{\"type\":", NULL, 1, false},                              /* the token ends the text */
        {"{\"type\"", NULL, 0, false},                               /* the token would run past it */
        {"{\"type\":1}", &lim3, 0, false},                           /* the key is over the string limit */
        {"{\"type\":1}", &lim4, 1, true},
        {"{}", NULL, 0, true},
        {"{\"type\":1,}", NULL, 1, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        key_walk plain, expecting;
        walk_keys(cases[i].text, NULL, cases[i].lim, &plain);
        walk_keys(cases[i].text, type, cases[i].lim, &expecting);
        const char *t = cases[i].text;
        ck_assert_msg(plain.ok == cases[i].ok, "%s", t);
        ck_assert_msg(expecting.ok == plain.ok && expecting.count == plain.count, "%s", t);
        ck_assert_msg(expecting.expected_hits == cases[i].hits, "%s: %d hits", t, expecting.expected_hits);
        for (int k = 0; k < plain.count; k++) {
            ck_assert_msg(expecting.key_len[k] == plain.key_len[k] &&
                              memcmp(expecting.keys[k], plain.keys[k], plain.key_len[k]) == 0,
                          "%s: key %d", t, k);
            ck_assert_msg(expecting.key_off[k] == plain.key_off[k], "%s: key %d offset", t, k);
            ck_assert_msg(expecting.pos_after[k] == plain.pos_after[k], "%s: key %d end", t, k);
        }
        ck_assert_msg(expecting.diags == plain.diags && expecting.code == plain.code &&
                          expecting.diag_offset == plain.diag_offset,
                      "%s: diagnostics differ", t);
        ck_assert_msg(plain.ok || plain.diags >= 1, "%s", t);
    }
    /* The limit case is the string limit, at the key's quote. */
    key_walk w;
    walk_keys("{\"type\":1}", type, &lim3, &w);
    ck_assert_int_eq(w.code, EKS_DIAG_LIMIT_EXCEEDED);
    ck_assert_uint_eq(w.diag_offset, 1);
}
END_TEST

/* ---- numbers ---------------------------------------------------------------------------- */

static void check_number(const char *text)
{
    double want = strtod(text, NULL), got = 0;
    ck_assert_msg(eks_json_number_to_double(text, strlen(text), &got), "%s not converted", text);
    ck_assert_msg(memcmp(&got, &want, sizeof got) == 0 || (want == 0 && got == 0 && signbit(want) == signbit(got)),
                  "%s: got %.17g, want %.17g", text, got, want);
    /* The reader gathers the value of short tokens as it scans them: the same value. */
    size_t len = strlen(text);
    eks_diags d;
    eks_json_reader r;
    char *buf = reader_open(&r, &d, text, len, NULL);
    eks_str t;
    double via_reader = 0;
    ck_assert_msg(eks_json_read_number(&r, &t, &via_reader), "%s not read", text);
    ck_assert_uint_eq(t.len, len);
    ck_assert_msg(memcmp(&via_reader, &want, sizeof want) == 0 ||
                      (want == 0 && via_reader == 0 && signbit(want) == signbit(via_reader)),
                  "%s read: got %.17g, want %.17g", text, via_reader, want);
    eks_diags_free(&d);
    free(buf);
}

START_TEST(numbers_match_strtod)
{
    static const char *const hard[] = {
        "0", "-0", "1", "0.1", "0.2", "0.3", "1e23", "8.98846567431158e307", "1.7976931348623157e308",
        "2.2250738585072014e-308", "2.2250738585072011e-308", "4.9406564584124654e-324", "5e-324", "1e-400",
        "9007199254740993", "9007199254740992", "9007199254740991", "18014398509481985", "123456789012345678901234567890",
        "0.30000000000000004", "1.00000000000000011102230246251565404236316680908203125",
        "1.00000000000000011102230246251565404236316680908203124", "7.038531e-26", "1700000000.123",
        "1e22", "1e-22", "123456789012345678e-5", "9999999999999999999", "10000000000000000000e-19",
        "0.000000000000000000000000000000000000000000001", "1700000000.12345678901234567890123456789",
        "2.47032822920623272e-324", "1e308", "-1e308", "4503599627370497.5", "3.0e-0", "1E00000000000000022",
    };
    for (size_t i = 0; i < sizeof hard / sizeof hard[0]; i++)
        check_number(hard[i]);
    /* Random tokens: mantissas of 1..25 digits, optional fraction and exponent. */
    unsigned long long x = 88172645463325252ull;
    char num[96];
    for (int i = 0; i < 50000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        unsigned long long y = x;
        int n = 0;
        if (y & 1)
            num[n++] = '-';
        y >>= 1;
        int idigits = 1 + (int)(y % 20);
        y /= 20;
        for (int k = 0; k < idigits; k++) {
            x = x * 6364136223846793005ull + 1442695040888963407ull;
            num[n++] = (char)('0' + (x >> 33) % 10);
        }
        if (num[n - idigits] == '0' && idigits > 1)
            num[n - idigits] = '7';
        if (y & 1) {
            num[n++] = '.';
            int f = 1 + (int)((y >> 1) % 20);
            for (int k = 0; k < f; k++) {
                x = x * 6364136223846793005ull + 1442695040888963407ull;
                num[n++] = (char)('0' + (x >> 33) % 10);
            }
        }
        if (y & 64)
            n += snprintf(num + n, sizeof num - (size_t)n, "e%d", (int)((y >> 8) % 700) - 350);
        num[n] = '\0';
        check_number(num);
    }
}
END_TEST

START_TEST(write_double_roundtrips)
{
    /* The writer's text is a JSON number (json-c strict parses it) whose value is the double. */
    static const double fixed[] = {0.0, 1.0, -1.0, 0.1, 1700000000.123, 1700000000.987654, -86400.5, 1e-7,
                                   9007199254740992.0, 9007199254740993.0, 1e21, 1e300, 5e-324, 253402300799.0,
                                   -62135596800.0, 1.7976931348623157e308, 2.2250738585072014e-308};
    unsigned long long x = 0x2545F4914F6CDD1Dull;
    for (int i = 0; i < 20000 + (int)(sizeof fixed / sizeof fixed[0]); i++) {
        double v;
        if (i < (int)(sizeof fixed / sizeof fixed[0])) {
            v = fixed[i];
        } else {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            if (i % 3 == 0) {
                memcpy(&v, &x, sizeof v);
                if (!isfinite(v))
                    continue;
            } else { /* timestamp-like values with fractions */
                v = (double)(x % 4000000000ull) + (double)((x >> 32) % 1000000ull) / 1e6;
                if (i % 2)
                    v = -v;
            }
        }
        eks_buf b = {0};
        ck_assert_int_eq(eks_json_write_double(&b, v), EKS_OK);
        ck_assert_msg(b.len > 0 && b.len < 40, "%.17g -> %s", v, b.ptr);
        json_tokener *t = json_tokener_new();
        json_tokener_set_flags(t, JSON_TOKENER_STRICT);
        json_object *o = json_tokener_parse_ex(t, b.ptr, (int)b.len);
        /* A top-level number needs a terminator for json-c; try again with one. */
        if (!o) {
            json_tokener_reset(t);
            char tmp[48];
            snprintf(tmp, sizeof tmp, "[%s]", b.ptr);
            o = json_tokener_parse_ex(t, tmp, (int)strlen(tmp));
        }
        ck_assert_msg(o != NULL, "%.17g written as %s: not JSON", v, b.ptr);
        json_object_put(o);
        json_tokener_free(t);
        double back = strtod(b.ptr, NULL);
        ck_assert_msg(memcmp(&back, &v, sizeof v) == 0 || (v == 0 && back == 0), "%.17g written as %s, reads %.17g", v,
                      b.ptr, back);
        eks_buf_free(&b);
    }
    eks_buf b = {0};
    ck_assert_int_ne(eks_json_write_double(&b, NAN), EKS_OK);
    ck_assert_int_ne(eks_json_write_double(&b, INFINITY), EKS_OK);
    eks_buf_free(&b);
}
END_TEST

START_TEST(write_string_every_byte_class)
{
    /* All 32 controls, quote, backslash, DEL, and multi-byte UTF-8: json-c strict must read
     * back the same bytes, and no raw control byte may appear (RFC 8259 §7). */
    char in[64];
    size_t n = 0;
    for (int c = 0; c < 0x20; c++)
        in[n++] = (char)c;
    const char *tail = "\"\\/\x7F\xC3\xA9\xF0\x9F\x98\xB9\xE2\x80\xA8";
    memcpy(in + n, tail, strlen(tail));
    n += strlen(tail);
    eks_buf b = {0};
    ck_assert_int_eq(eks_json_write_string(&b, in, n), EKS_OK);
    for (size_t i = 0; i < b.len; i++)
        ck_assert_msg((unsigned char)b.ptr[i] >= 0x20, "raw control byte at %zu", i);
    char wrapped[512];
    snprintf(wrapped, sizeof wrapped, "[%s]", b.ptr);
    json_tokener *t = json_tokener_new();
    json_tokener_set_flags(t, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
    json_object *o = json_tokener_parse_ex(t, wrapped, (int)strlen(wrapped));
    ck_assert_msg(o != NULL, "not JSON: %s", wrapped);
    json_object *s = json_object_array_get_idx(o, 0);
    ck_assert_int_eq(json_object_get_string_len(s), (int)n);
    ck_assert(memcmp(json_object_get_string(s), in, n) == 0);
    json_object_put(o);
    json_tokener_free(t);
    /* And our own reader reads it back too. */
    char *copy = strdup(b.ptr);
    eks_diags d;
    eks_diags_init(&d);
    eks_json_reader r;
    eks_json_reader_init(&r, copy, b.len, NULL, &d);
    eks_str back;
    ck_assert(eks_json_read_string(&r, &back));
    ck_assert_uint_eq(back.len, n);
    ck_assert(memcmp(back.ptr, in, n) == 0);
    eks_diags_free(&d);
    free(copy);
    eks_buf_free(&b);
}
END_TEST

/* ---- UTF-8 ------------------------------------------------------------------------------ */

/* RFC 3629 §4 UTF8-char grammar, as the reference: returns the length of the well-formed
 * sequence at s, 0 if ill-formed. */
static size_t ref_utf8_char(const unsigned char *s, size_t n)
{
#define TAIL(i) (n > (i) && s[i] >= 0x80 && s[i] <= 0xBF)
    if (n == 0)
        return 0;
    unsigned c = s[0];
    if (c <= 0x7F)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return TAIL(1) ? 2 : 0;
    if (c == 0xE0)
        return n > 2 && s[1] >= 0xA0 && s[1] <= 0xBF && TAIL(2) ? 3 : 0;
    if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF)
        return TAIL(1) && TAIL(2) ? 3 : 0;
    if (c == 0xED)
        return n > 2 && s[1] >= 0x80 && s[1] <= 0x9F && TAIL(2) ? 3 : 0;
    if (c == 0xF0)
        return n > 3 && s[1] >= 0x90 && s[1] <= 0xBF && TAIL(2) && TAIL(3) ? 4 : 0;
    if (c >= 0xF1 && c <= 0xF3)
        return TAIL(1) && TAIL(2) && TAIL(3) ? 4 : 0;
    if (c == 0xF4)
        return n > 3 && s[1] >= 0x80 && s[1] <= 0x8F && TAIL(2) && TAIL(3) ? 4 : 0;
    return 0;
#undef TAIL
}

static bool ref_utf8_valid(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t k = ref_utf8_char(s + i, n - i);
        if (!k)
            return false;
        i += k;
    }
    return true;
}

START_TEST(utf8_exhaustive_up_to_three_bytes)
{
    unsigned char b[4];
    for (unsigned a = 0; a < 256; a++) {
        b[0] = (unsigned char)a;
        ck_assert_msg(eks_utf8_valid((char *)b, 1) == ref_utf8_valid(b, 1), "%02X", a);
        for (unsigned c = 0; c < 256; c++) {
            b[1] = (unsigned char)c;
            ck_assert_msg(eks_utf8_valid((char *)b, 2) == ref_utf8_valid(b, 2), "%02X %02X", a, c);
            if (a < 0xE0 || a > 0xF4)
                continue;
            for (unsigned e = 0; e < 256; e++) {
                b[2] = (unsigned char)e;
                if (eks_utf8_valid((char *)b, 3) != ref_utf8_valid(b, 3))
                    ck_abort_msg("%02X %02X %02X", a, c, e);
            }
        }
    }
    /* Four-byte leads with every second byte and boundary tails. */
    static const unsigned char tails[] = {0x00, 0x7F, 0x80, 0xBF, 0xC0, 0xFF};
    for (unsigned a = 0xF0; a < 0x100; a++)
        for (unsigned c = 0; c < 256; c++)
            for (size_t t1 = 0; t1 < sizeof tails; t1++)
                for (size_t t2 = 0; t2 < sizeof tails; t2++) {
                    b[0] = (unsigned char)a;
                    b[1] = (unsigned char)c;
                    b[2] = tails[t1];
                    b[3] = tails[t2];
                    if (eks_utf8_valid((char *)b, 4) != ref_utf8_valid(b, 4))
                        ck_abort_msg("%02X %02X %02X %02X", b[0], b[1], b[2], b[3]);
                }
    /* And the JSON string reader agrees with the reference on every 2-byte sequence. */
    for (unsigned a = 0x80; a < 256; a++)
        for (unsigned c = 0; c < 256; c++) {
            unsigned char u[2] = {(unsigned char)a, (unsigned char)c};
            if (c < 0x20 || c == '"' || c == '\\')
                continue; /* JSON-level errors, not UTF-8 ones */
            char text[8] = {'[', '"', (char)a, (char)c, '"', ']', 0};
            eks_diag_code code = EKS_DIAG_INVALID_JSON;
            bool ok = reader_accepts(text, 6, NULL, &code, NULL);
            ck_assert_msg(ok == ref_utf8_valid(u, 2), "JSON string %02X %02X", a, c);
            if (!ok)
                ck_assert_int_eq(code, EKS_DIAG_INVALID_UTF8);
        }
}
END_TEST

/* Fixed regression (once a known failure; the fixed_regressions case of test_json_read): a
 * number token of 512 bytes or more is valid JSON (RFC 8259 §6 sets no length) and has a value. */
/* RFC 8259 section 6: an integer part is the longest run of the bytes '0'..'9'. Every byte
 * value that is not one (nor starts a fraction or an exponent), right after runs of 1..17 digits (so at each place of the eight bytes
 * the reader may take in one step, and after them), ends the token there; the value is that
 * of the digits (strtod's). */
START_TEST(number_digit_runs_end_at_any_other_byte)
{
    static const char digits[] = "98765432109876543";
    for (size_t n = 1; n <= 17; n++) {
        char text[32];
        memcpy(text, digits, n);
        text[n] = '\0';
        double want = strtod(text, NULL);
        for (int c = 0; c < 256; c++) {
            if ((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E') /* these go on with the token */
                continue;
            text[n] = (char)c;
            memcpy(text + n + 1, "00000000", 8); /* digits behind the stop must not count */
            eks_diags d;
            eks_json_reader r;
            char *buf = reader_open(&r, &d, text, n + 9, NULL);
            eks_str t;
            double got = -1;
            ck_assert_msg(eks_json_read_number(&r, &t, &got), "%zu digits then byte %d: not read", n, c);
            ck_assert_msg(t.len == n && r.pos == n, "%zu digits then byte %d: token of %zu bytes", n, c, t.len);
            ck_assert_msg(got == want, "%zu digits then byte %d: got %.17g, want %.17g", n, c, got, want);
            eks_diags_free(&d);
            free(buf);
        }
    }
}
END_TEST

START_TEST(known_long_number_tokens)
{
    char num[2100];
    for (size_t len = 500; len < 2000; len += 100) {
        memcpy(num, "1700000000.", 11);
        memset(num + 11, '0', len - 12);
        num[len - 1] = '7';
        num[len] = '\0';
        check_number(num);
    }
}
END_TEST

/* RFC 8259 section 7: a string's bytes up to the next '"', '\\' or control character (below
 * U+0020) are taken as they are; the scanners also stop at non-ASCII, which goes to UTF-8
 * validation. Written from the grammar, independently of codec/json_scan.c. */
static bool rfc_plain_ascii(unsigned char c)
{
    return c >= 0x20 && c <= 0x7E && c != 0x22 && c != 0x5C ? true : c == 0x7F;
}

/* Every scanner, at every start and end around the 16- and 32-byte blocks, with each byte
 * value planted at each place: the stop it reports is the first byte the grammar says ends a
 * plain run. */
START_TEST(scanners_stop_where_the_grammar_says)
{
    unsigned char buf[80];
    int kernels = 0;
    for (int k = 0; k < EKS_JSON_KERNEL_COUNT_; k++) {
        eks_json_scan_fn scan = eks_json_scan_get((eks_json_kernel)k);
        if (!scan)
            continue;
        kernels++;
        for (unsigned v = 0; v < 256; v++) {
            for (size_t at = 0; at < 72; at += (at < 40 ? 1 : 7)) {
                memset(buf, 'a', sizeof buf);
                buf[at] = (unsigned char)v;
                for (size_t pos = 0; pos < 20; pos += 5) {
                    for (size_t end = pos; end <= 72; end += (end < 36 ? 1 : 9)) {
                        size_t want = pos;
                        while (want < end && rfc_plain_ascii(buf[want]))
                            want++;
                        size_t got = scan(buf, pos, end);
                        if (got != want)
                            ck_abort_msg("%s: byte 0x%02x at %zu, scan [%zu,%zu): %zu, want %zu",
                                      eks_json_kernel_name((eks_json_kernel)k), v, at, pos, end, got, want);
                    }
                }
            }
        }
    }
    /* The scalar kernel is always there; a SIMD build on x86-64 also has SSE2. */
    ck_assert_int_ge(kernels, 1);
    eks_json_kernel best;
    ck_assert(eks_json_scan_best(&best) == eks_json_scan_get(eks_json_kernel_best()));
    ck_assert_int_eq(best, eks_json_kernel_best());
#if defined(EKSCODEC_SIMD) && defined(__x86_64__)
    ck_assert_ptr_nonnull(eks_json_scan_get(EKS_JSON_KERNEL_SSE2));
    ck_assert_int_ne(eks_json_kernel_best(), EKS_JSON_KERNEL_SCALAR);
#elif !defined(EKSCODEC_SIMD)
    ck_assert_int_eq(eks_json_kernel_best(), EKS_JSON_KERNEL_SCALAR);
    ck_assert_int_eq(kernels, 1);
#endif
}
END_TEST

/* Reads one JSON string with the given kernel; returns a description of the outcome (value
 * bytes or the first diagnostic's code and offset) in out. */
static void read_with_kernel(eks_json_kernel k, const char *text, size_t len, char *out, size_t cap)
{
    eks_diags d;
    eks_json_reader r;
    char *buf = reader_open(&r, &d, text, len, NULL);
    ck_assert(eks_json_reader_use_kernel(&r, k));
    eks_str s = {0};
    if (eks_json_read_string(&r, &s))
        snprintf(out, cap, "ok %zu:%.*s pos %zu", s.len, (int)s.len, s.ptr, r.pos);
    else
        snprintf(out, cap, "fail code %d at %zu: %s", (int)d.items[0].code, d.items[0].offset, d.items[0].message);
    eks_diags_free(&d);
    free(buf);
}

/* Escapes, UTF-8 (valid, truncated, overlong), control bytes and a missing closing quote
 * placed across the block boundaries: every kernel reads the same value or reports the same
 * diagnostic at the same offset as the scalar one. */
START_TEST(kernels_read_strings_identically)
{
    static const char *const inserts[] = {"\\n", "\\u00e9", "\\ud83d\\ude00", "\xc3\xa9", "\xe2\x82\xac",
                                          "\xf0\x9f\x98\x80", "\xc3", "\xe2\x82", "\xc0\xaf", "\xed\xa0\x80",
                                          "\x01", "\x7f", "\\x", "\\ud800", "\\", "\"", ""};
    char text[200], want[400], got[400];
    for (size_t i = 0; i < sizeof inserts / sizeof inserts[0]; i++) {
        for (size_t at = 0; at < 70; at++) {
            for (int closed = 0; closed < 2; closed++) {
                size_t n = (size_t)snprintf(text, sizeof text, "\"%.*s%s%.*s%s", (int)at,
                                            "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-_abcdefgh",
                                            inserts[i], (int)(at % 37), "0123456789abcdefghijklmnopqrstuvwxyz",
                                            closed ? "\"" : "");
                read_with_kernel(EKS_JSON_KERNEL_SCALAR, text, n, want, sizeof want);
                for (int k = 1; k < EKS_JSON_KERNEL_COUNT_; k++) {
                    if (!eks_json_scan_get((eks_json_kernel)k))
                        continue;
                    read_with_kernel((eks_json_kernel)k, text, n, got, sizeof got);
                    ck_assert_msg(strcmp(got, want) == 0, "%s on %s: %s, scalar: %s",
                                  eks_json_kernel_name((eks_json_kernel)k), text, got, want);
                }
            }
        }
    }
}
END_TEST

/* Test-side escaper, from RFC 8259 section 7: each byte of raw as JSON string content,
 * choosing among the spellings the grammar allows (short escapes, \u forms, raw UTF-8). */
static size_t escape_for_json(const unsigned char *raw, size_t n, uint32_t *seed, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = raw[i];
        *seed = *seed * 1103515245u + 12345u;
        unsigned pick = (*seed >> 16) % 3;
        if (c == '"' || c == '\\' || (c == '/' && pick == 1)) {
            out[o++] = '\\';
            out[o++] = (char)c;
        } else if (c < 0x20 || (c == '/' && pick == 0) || (c == 'q' && pick == 1)) {
            o += (size_t)sprintf(out + o, "\\u%04x", c);
        } else if (c == '\n' && pick == 2) {
            out[o++] = '\\';
            out[o++] = 'n';
        } else {
            out[o++] = (char)c;
        }
    }
    return o;
}

/* Reads the JSON string text[0, len) with every kernel this CPU has: each must accept it,
 * give exactly want[0, want_len) and stop at end_pos. Returns how many kernels read it. */
static size_t expect_kernels_read(const char *text, size_t len, const void *want, size_t want_len, size_t end_pos,
                                  const char *what)
{
    size_t kernels = 0;
    for (int k = 0; k < EKS_JSON_KERNEL_COUNT_; k++) {
        if (!eks_json_scan_get((eks_json_kernel)k))
            continue;
        const char *name = eks_json_kernel_name((eks_json_kernel)k);
        eks_diags d;
        eks_json_reader r;
        char *buf = reader_open(&r, &d, text, len, NULL);
        ck_assert(eks_json_reader_use_kernel(&r, (eks_json_kernel)k));
        eks_str s = {0};
        ck_assert_msg(eks_json_read_string(&r, &s), "%s: %s refused: %s", name, what, d.count ? d.items[0].message : "");
        ck_assert_msg(s.len == want_len && memcmp(s.ptr, want, want_len) == 0, "%s: %s: read %.*s as %.*s", name, what,
                      (int)len, text, (int)s.len, s.ptr);
        ck_assert_uint_eq(r.pos, end_pos);
        eks_diags_free(&d);
        free(buf);
        kernels++;
    }
    return kernels;
}

/* In-place unescaping of strings with many escapes (JSON sent inside a JSON string): the
 * block kernels move each plain run down by the room the escapes before it freed, with
 * whole-block stores once that room allows. Strings with escapes every 0 to 40 bytes, runs
 * crossing the 16-byte blocks, UTF-8, and the string's end near or at the buffer's end: every
 * kernel reads back exactly the raw bytes the test escaped. */
START_TEST(kernels_unescape_dense_strings)
{
    static const char *const pieces[] = {"\"", "\\", "\n", "/", "q", "\x01", "\xc3\xa9", "\xe2\x82\xac", "{", ":"};
    static const char plain[] = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    uint32_t seed = 12345;
    unsigned char raw[600];
    char text[4000];
    size_t checked = 0;
    for (int round = 0; round < 1500; round++) {
        size_t n = 0;
        seed = seed * 1103515245u + 12345u;
        size_t spacing = (seed >> 16) % 41, target = (seed >> 8) % 500;
        while (n < target) {
            seed = seed * 1103515245u + 12345u;
            size_t run = spacing ? (seed >> 16) % (spacing + 1) : 0;
            for (size_t i = 0; i < run && n < sizeof raw - 4; i++)
                raw[n++] = (unsigned char)plain[(seed + i * 7) % (sizeof plain - 1)];
            const char *p = pieces[(seed >> 5) % (sizeof pieces / sizeof pieces[0])];
            size_t pl = strlen(p);
            if (n + pl > sizeof raw)
                break;
            memcpy(raw + n, p, pl);
            n += pl;
        }
        size_t t = 0;
        text[t++] = '"';
        t += escape_for_json(raw, n, &seed, text + t);
        text[t++] = '"';
        size_t pad = (seed >> 20) % 24; /* 0: the closing quote is the buffer's last byte */
        memset(text + t, ' ', pad);
        t += pad;
        char what[64];
        snprintf(what, sizeof what, "round %d (%zu raw bytes, spacing %zu)", round, n, spacing);
        checked += expect_kernels_read(text, t, raw, n, t - pad, what);
    }
    ck_assert_uint_ge(checked, 1500);
}
END_TEST

/* Every 16-byte block made of plain bytes and escaped quotes or slashes (the strings of JSON
 * sent inside a JSON string, which the block kernels pack a block at a time), at each of the
 * 16 alignments to the blocks, with plain text or another escape after it: every kernel reads
 * back the text with each \" as " and each \/ as / (RFC 8259 section 7). */
START_TEST(kernels_unescape_every_block_of_escaped_quotes)
{
    char text[96], want[96];
    size_t checked = 0;
    /* bit i of shape: token i is an escape (2 bytes) rather than a plain byte; the tokens
     * fill exactly 16 bytes */
    for (unsigned shape = 0; shape < (1u << 16); shape++) {
        size_t bytes = 0, tokens = 0;
        while (bytes < 16)
            bytes += (shape >> tokens++ & 1u) ? 2 : 1;
        if (bytes != 16 || (tokens < 16 && (shape >> tokens) != 0))
            continue; /* overshoots the block, or a shape already counted with fewer tokens */
        for (size_t lead = 0; lead < 16; lead++) {
            size_t t = 0, w = 0;
            text[t++] = '"';
            for (size_t i = 0; i < lead; i++)
                text[t++] = want[w++] = (char)('a' + i);
            for (size_t i = 0; i < tokens; i++) {
                if (shape >> i & 1u) {
                    char c = (i + lead) % 3 ? '"' : '/';
                    text[t++] = '\\';
                    text[t++] = want[w++] = c;
                } else {
                    text[t++] = want[w++] = (char)('A' + i);
                }
            }
            const char *tail = lead % 2 ? "\\\"xyz\\/0123456789abcdef" : "xyz0123456789abcdefghij";
            for (const char *p = tail; *p; p++) {
                text[t++] = *p;
                if (*p != '\\')
                    want[w++] = *p;
            }
            text[t++] = '"';
            checked += expect_kernels_read(text, t, want, w, t, "a block of escaped quotes");
        }
    }
    ck_assert_uint_ge(checked, 1597 * 16); /* compositions of 16 into ones and twos: F(17) */
}
END_TEST

/* A run of plain bytes and escaped quotes ended inside a block by each kind of stop (an
 * escape other than \" or \/, an escaped quote whose backslash ends a block, a non-ASCII
 * byte, the closing quote) at each of the first 48 offsets, after 0 to 8 escaped quotes: the
 * few escapes before the stop leave less room below the run than a block, so a kernel that
 * packed the run with whole-block stores would write over the stop. Every kernel reads back
 * the raw bytes the test put in (RFC 8259 section 7). */
START_TEST(kernels_unescape_runs_ended_inside_a_block)
{
    static const struct {
        const char *text, *raw;
    } stops[] = {{"\\n", "\n"},        {"\\\\", "\\"},           {"\\u00e9", "\xc3\xa9"}, {"\xc3\xa9", "\xc3\xa9"},
                 {"\\\"", "\""},       {"\\/", "/"},             {"\\\\\\\"", "\\\""},    {"", ""}};
    char text[256], want[256];
    size_t checked = 0;
    for (size_t si = 0; si < sizeof stops / sizeof stops[0]; si++) {
        for (size_t escapes = 0; escapes <= 8; escapes++) {
            for (size_t at = 2 * escapes; at < 48; at++) {
                size_t t = 0, w = 0;
                text[t++] = '"';
                for (size_t i = 0; i < escapes; i++) {
                    text[t++] = '\\';
                    text[t++] = want[w++] = '"';
                }
                for (char c = 'a'; t - 1 < at; c = c == 'z' ? 'a' : (char)(c + 1))
                    text[t++] = want[w++] = c;
                for (const char *q = stops[si].text; *q; q++)
                    text[t++] = *q;
                for (const char *q = stops[si].raw; *q; q++)
                    want[w++] = *q;
                if (stops[si].text[0]) { /* then more escaped text, across the next blocks */
                    for (size_t i = 0; i < 12; i++) {
                        text[t++] = '\\';
                        text[t++] = want[w++] = '"';
                        text[t++] = want[w++] = (char)('A' + i);
                        text[t++] = want[w++] = ':';
                    }
                }
                text[t++] = '"';
                char what[64];
                snprintf(what, sizeof what, "stop %zu at %zu after %zu escapes", si, at, escapes);
                checked += expect_kernels_read(text, t, want, w, t, what);
            }
        }
    }
    ck_assert_uint_ge(checked, 8 * 300);
}
END_TEST

/* JSON escaping of raw bytes (RFC 8259 §7): a quote or backslash behind a backslash, a
 * newline as \n, anything else as itself. */
static size_t json_escape(const char *raw, size_t n, char *out)
{
    size_t t = 0;
    for (size_t i = 0; i < n; i++) {
        if (raw[i] == '"' || raw[i] == '\\') {
            out[t++] = '\\';
            out[t++] = raw[i];
        } else if (raw[i] == '\n') {
            out[t++] = '\\';
            out[t++] = 'n';
        } else {
            out[t++] = raw[i];
        }
    }
    return t;
}

/* Runs of backslashes (escaped backslashes, and one before a quote or newline: \\\" and the
 * like, what a string holding JSON that holds a quoted string becomes) at every offset of the
 * first blocks, after 0 to 3 escaped quotes: the block kernels tell an escaped backslash from
 * one that begins an escape wherever a run starts or ends, and across a block's end. Then an
 * odd run before a letter that is no escape: every kernel refuses it at the run's last
 * backslash, as RFC 8259 reads it. */
START_TEST(kernels_unescape_backslash_runs)
{
    static const char *const snippets[] = {"\\", "\\\\", "\\\\\\", "\\\"", "\"\\", "\\\n", "\\/", "\\\xc3\xa9", "\\\\\"\\"};
    char raw[256], text[600];
    size_t checked = 0;
    for (size_t si = 0; si < sizeof snippets / sizeof snippets[0]; si++) {
        for (size_t quotes = 0; quotes <= 3; quotes++) {
            for (size_t at = 0; at < 72; at++) {
                size_t n = 0;
                for (size_t i = 0; i < quotes; i++)
                    raw[n++] = '"';
                for (char c = 'a'; n < at + quotes; c = c == 'z' ? 'a' : (char)(c + 1))
                    raw[n++] = c;
                for (const char *q = snippets[si]; *q; q++)
                    raw[n++] = *q;
                for (size_t i = 0; i < at % 7 + 2; i++) { /* more runs, ending anywhere */
                    raw[n++] = '\\';
                    raw[n++] = '"';
                    raw[n++] = (char)('A' + i);
                    for (size_t k = 0; k < (at + i) % 5; k++)
                        raw[n++] = '\\';
                }
                size_t t = 0;
                text[t++] = '"';
                t += json_escape(raw, n, text + t);
                text[t++] = '"';
                char what[64];
                snprintf(what, sizeof what, "snippet %zu at %zu after %zu quotes", si, at, quotes);
                checked += expect_kernels_read(text, t, raw, n, t, what);
            }
        }
    }
    size_t kernels = 0; /* the scalar one always; a -DEKSCODEC_SIMD=OFF build has no other */
    for (int k = 0; k < EKS_JSON_KERNEL_COUNT_; k++)
        kernels += eks_json_scan_get((eks_json_kernel)k) != NULL;
    ck_assert_uint_eq(checked, 9 * 4 * 72 * kernels);
    /* \a: no escape; the odd backslash before it is where the string goes wrong */
    for (size_t run = 1; run <= 7; run += 2) {
        for (size_t at = 0; at < 72; at++) {
            size_t t = 0;
            text[t++] = '"';
            for (size_t i = 0; i < at; i++) {
                if (i % 9 == 4) { /* an escaped quote now and then */
                    text[t++] = '\\';
                    text[t++] = '"';
                } else {
                    text[t++] = 'x';
                }
            }
            size_t bad = t + run - 1;
            for (size_t i = 0; i < run; i++)
                text[t++] = '\\';
            text[t++] = 'a';
            for (size_t i = 0; i < 40; i++)
                text[t++] = 'z';
            text[t++] = '"';
            for (int k = 0; k < EKS_JSON_KERNEL_COUNT_; k++) {
                if (!eks_json_scan_get((eks_json_kernel)k))
                    continue;
                eks_diags d;
                eks_json_reader r;
                char *buf = reader_open(&r, &d, text, t, NULL);
                ck_assert(eks_json_reader_use_kernel(&r, (eks_json_kernel)k));
                eks_str s = {0};
                ck_assert_msg(!eks_json_read_string(&r, &s), "%s accepted \\a after %zu", eks_json_kernel_name((eks_json_kernel)k), at);
                ck_assert_uint_eq(d.count, 1);
                ck_assert_uint_eq(d.items[0].code, EKS_DIAG_INVALID_JSON);
                ck_assert_msg(d.items[0].offset == bad, "%s: run %zu at %zu: offset %zu, want %zu",
                              eks_json_kernel_name((eks_json_kernel)k), run, at, d.items[0].offset, bad);
                eks_diags_free(&d);
                free(buf);
            }
        }
    }
}
END_TEST

#if EKS_JSON_MOVE_RUN16
/* The AVX2 kernel's shuffle controls, from their definition: entry m keeps the bytes of 0..7
 * whose bit is clear in m, in order, and fills the rest with 0x80 (pshufb's zero). */
START_TEST(keep_shuffle_table_is_its_definition)
{
    for (unsigned m = 0; m < 256; m++) {
        unsigned char want[8];
        size_t n = 0;
        for (unsigned i = 0; i < 8; i++)
            if (!(m >> i & 1u))
                want[n++] = (unsigned char)i;
        while (n < 8)
            want[n++] = 0x80;
        for (unsigned j = 0; j < 8; j++)
            ck_assert_msg((unsigned)(eks_json_keep_shuffle[m] >> (8 * j) & 0xffu) == want[j],
                          "entry %u byte %u: 0x%02x, want 0x%02x", m, j,
                          (unsigned)(eks_json_keep_shuffle[m] >> (8 * j) & 0xffu), want[j]);
    }
}
END_TEST
#endif

#if EKS_JSON_MOVE_RUN16
/* Only called where the CPU has AVX2: the 32-byte register is built and used inside. */
__attribute__((target("avx2,popcnt"))) static size_t pack32_of(unsigned char *out, const unsigned char *in,
                                                                uint32_t drop)
{
    return eks_json_pack32_avx2(out, _mm256_loadu_si256((const __m256i *)(const void *)in), drop);
}

/* The AVX2 kernel's whole-block pack against its definition: the bytes whose bit is clear, in
 * order, and their count; nothing stored past 32 bytes. Every single byte and pair of bytes
 * dropped, each byte kept alone, the quarter boundaries, and a deterministic spread of masks. */
START_TEST(pack32_keeps_the_bytes_not_dropped)
{
    if (!eks_json_scan_get(EKS_JSON_KERNEL_AVX2))
        return; /* no AVX2 here: nothing can call it */
    unsigned char in[32], out[48], want[32];
    for (unsigned i = 0; i < 32; i++)
        in[i] = (unsigned char)('A' + i);
    uint32_t masks[2200];
    size_t m = 0;
    masks[m++] = 0;
    masks[m++] = UINT32_C(0xffffffff);
    for (unsigned i = 0; i < 32; i++) {
        masks[m++] = UINT32_C(1) << i;
        masks[m++] = ~(UINT32_C(1) << i);
        for (unsigned j = i + 1; j < 32; j++)
            masks[m++] = UINT32_C(1) << i | UINT32_C(1) << j;
    }
    for (uint32_t x = 12345; m < sizeof masks / sizeof masks[0];) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5; /* xorshift32 */
        masks[m++] = x;
    }
    for (size_t t = 0; t < m; t++) {
        size_t n = 0;
        for (unsigned i = 0; i < 32; i++)
            if (!(masks[t] >> i & 1u))
                want[n++] = in[i];
        memset(out, '#', sizeof out);
        size_t kept = pack32_of(out, in, masks[t]);
        ck_assert_msg(kept == n, "mask 0x%08x: kept %zu, want %zu", masks[t], kept, n);
        ck_assert_msg(memcmp(out, want, n) == 0, "mask 0x%08x: wrong bytes", masks[t]);
        for (size_t i = 32; i < sizeof out; i++)
            ck_assert_msg(out[i] == '#', "mask 0x%08x: byte %zu written", masks[t], i);
    }
}
END_TEST
#endif

static Suite *json_suite(void)
{
    Suite *s = suite_create("json_read");
    TCase *g = tcase_create("grammar");
    tcase_add_test(g, grammar_accepts);
    tcase_add_test(g, grammar_rejects_with_offset);
    tcase_add_test(g, syntax_errors_name_their_path);
    tcase_add_test(g, depth_and_string_limits);
    tcase_add_test(g, string_unescaping);
    tcase_add_test(g, object_iteration_keys_and_offsets);
    tcase_add_test(g, expected_key_reads_as_any_key);
    suite_add_tcase(s, g);
    TCase *n = tcase_create("numbers_and_writers");
    tcase_add_test(n, numbers_match_strtod);
    tcase_add_test(n, number_digit_runs_end_at_any_other_byte);
    tcase_add_test(n, write_double_roundtrips);
    tcase_add_test(n, write_string_every_byte_class);
    suite_add_tcase(s, n);
    TCase *u = tcase_create("utf8");
    tcase_add_test(u, utf8_exhaustive_up_to_three_bytes);
    tcase_add_test(u, scanners_stop_where_the_grammar_says);
    tcase_add_test(u, kernels_read_strings_identically);
    tcase_add_test(u, kernels_unescape_dense_strings);
    tcase_add_test(u, kernels_unescape_every_block_of_escaped_quotes);
    tcase_add_test(u, kernels_unescape_runs_ended_inside_a_block);
    tcase_add_test(u, kernels_unescape_backslash_runs);
#if EKS_JSON_MOVE_RUN16
    tcase_add_test(u, keep_shuffle_table_is_its_definition);
    tcase_add_test(u, pack32_keeps_the_bytes_not_dropped);
#endif
    suite_add_tcase(s, u);

    TCase *k = tcase_create("fixed_regressions");
    tcase_add_test(k, known_long_number_tokens);
    suite_add_tcase(s, k);

    return s;
}

int main(void)
{
    return ts_run_suite(json_suite());
}
