/* tools/cli_out.c: the report's escapers, word at a time, against escapers written here
 * bytewise from the rules they implement (RFC 8259 §7 for JSON strings; RFC 3629 / Unicode
 * table 3-7 for well-formed UTF-8; cli_common.h for what is a control character), over strings
 * that put every interesting sequence at every offset of the 8-byte words. */
#include "cli_out.h"

#include "test_support.h"

#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Length of the well-formed UTF-8 sequence at s (n bytes left), 0 when there is none. */
static size_t ref_utf8_len(const unsigned char *s, size_t n)
{
    unsigned char b = s[0];
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF; /* the second byte's range */
    if (b <= 0x7F)
        return 1;
    else if (b >= 0xC2 && b <= 0xDF)
        len = 2;
    else if (b == 0xE0)
        len = 3, lo = 0xA0;
    else if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF)
        len = 3;
    else if (b == 0xED)
        len = 3, hi = 0x9F;
    else if (b == 0xF0)
        len = 4, lo = 0x90;
    else if (b >= 0xF1 && b <= 0xF3)
        len = 4;
    else if (b == 0xF4)
        len = 4, hi = 0x8F;
    else
        return 0;
    if (len > n || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return len;
}

static size_t ref_json(const unsigned char *s, size_t len, char *out)
{
    size_t o = 0;
    out[o++] = '"';
    for (size_t i = 0; i < len;) {
        unsigned c = s[i];
        size_t k = ref_utf8_len(s + i, len - i);
        if (c == '"' || c == '\\') {
            out[o++] = '\\', out[o++] = (char)c, i++;
        } else if (c == '\n' || c == '\r' || c == '\t') {
            out[o++] = '\\', out[o++] = c == '\n' ? 'n' : c == '\r' ? 'r' : 't', i++;
        } else if (c < 0x20 || c == 0x7F || k == 0) {
            o += (size_t)sprintf(out + o, "\\u%04x", c), i++;
        } else if (k == 2 && c == 0xC2 && s[i + 1] < 0xA0) { /* U+0080..U+009F */
            o += (size_t)sprintf(out + o, "\\u%04x", s[i + 1]), i += 2;
        } else {
            memcpy(out + o, s + i, k), o += k, i += k;
        }
    }
    out[o++] = '"';
    return o;
}

/* Unicode's bidirectional format characters (UAX #9 §2: ALM, LRM, RLM, LRE..RLO, LRI..PDI)
 * and its line and paragraph separators (U+2028, U+2029), by code point */
static bool reorders_or_breaks(const unsigned char *s, size_t k)
{
    unsigned cp = k == 2 ? (s[0] & 0x1Fu) << 6 | (s[1] & 0x3Fu)
                         : k == 3 ? (s[0] & 0x0Fu) << 12 | (s[1] & 0x3Fu) << 6 | (s[2] & 0x3Fu) : 0;
    return cp == 0x061C || cp == 0x200E || cp == 0x200F || cp == 0x2028 || cp == 0x2029 ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

static size_t ref_terminal(const unsigned char *s, size_t len, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        unsigned c = s[i];
        size_t k = ref_utf8_len(s + i, len - i);
        if (k == 0 || c < 0x20 || c == 0x7F) {
            out[o++] = '?', i++;
        } else if (k == 2 && c == 0xC2 && s[i + 1] < 0xA0) {
            out[o++] = '?', i += 2;
        } else if (k > 1 && reorders_or_breaks(s + i, k)) {
            out[o++] = '?', i += k;
        } else {
            memcpy(out + o, s + i, k), o += k, i += k;
        }
    }
    return o;
}

/* Runs fn over s into a memory FILE and returns what reached it (caller frees). */
static char *through_out(void (*fn)(cli_out *, const char *, size_t), const char *s, size_t len, size_t *got)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    ck_assert_ptr_nonnull(f);
    cli_out o;
    cli_out_init(&o, f);
    fn(&o, s, len);
    cli_out_flush(&o);
    ck_assert_int_eq(fclose(f), 0);
    *got = size;
    return buf;
}

static const char *const pieces[] = {
    "\"", "\\", "\n", "\r", "\t", "\x01", "\x1b", "\x1f", " ", "~", "\x7f",
    "\xc2\x80", "\xc2\x9f", "\xc2\xa0", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
    "\xff", "\x80", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc2", "\xe2\x82",
    /* U+061C, U+200F, U+2028, U+202E, U+2066, U+2069, and neighbours shown as they are:
     * U+061B, U+2027, U+202F, U+2065, U+206A */
    "\xd8\x9c", "\xe2\x80\x8f", "\xe2\x80\xa8", "\xe2\x80\xae", "\xe2\x81\xa6", "\xe2\x81\xa9",
    "\xd8\x9b", "\xe2\x80\xa7", "\xe2\x80\xaf", "\xe2\x81\xa5", "\xe2\x81\xaa",
};
#define PIECES (sizeof pieces / sizeof *pieces)

static void check_all(void (*fn)(cli_out *, const char *, size_t),
                      size_t (*ref)(const unsigned char *, size_t, char *))
{
    size_t checked = 0;
    char s[64], want[512];
    for (size_t a = 0; a < PIECES; a++)
        for (size_t b = 0; b < PIECES; b++)
            for (size_t at = 0; at < 17; at++)
                for (size_t tail = 0; tail < 10; tail += 3) {
                    /* plain letters around two pieces: the pieces land at every offset of a
                     * word, and the string ends at every distance after them */
                    size_t n = 0;
                    for (size_t i = 0; i < at; i++)
                        s[n++] = (char)('a' + i);
                    n += (size_t)sprintf(s + n, "%s%s", pieces[a], pieces[b]);
                    for (size_t i = 0; i < tail; i++)
                        s[n++] = 'z';
                    size_t wn = ref((const unsigned char *)s, n, want), got_n;
                    char *got = through_out(fn, s, n, &got_n);
                    ck_assert_msg(got_n == wn && memcmp(got, want, wn) == 0, "pieces %zu,%zu at %zu: got %.*s want %.*s",
                                  a, b, at, (int)got_n, got, (int)wn, want);
                    free(got);
                    checked++;
                }
    ck_assert_uint_eq(checked, PIECES * PIECES * 17u * 4u);
}

START_TEST(json_str_matches_the_rules) { check_all(cli_out_json_str, ref_json); }
END_TEST

START_TEST(terminal_text_matches_the_rules) { check_all(cli_out_terminal_text, ref_terminal); }
END_TEST

/* Pieces longer than the buffer, and many small ones across its end, arrive whole and in
 * order; numbers as printf writes them. */
static void put_many(cli_out *o, const char *s, size_t len)
{
    (void)len;
    for (int i = 0; i < 3000; i++) {
        cli_out_str(o, s);
        cli_out_u64(o, (uint64_t)i * 1000003u);
        cli_out_int(o, -i);
        cli_out_padded(o, "ab", 5);
        cli_out_char(o, '|');
    }
    static char big[3 * CLI_OUT_BYTES];
    memset(big, 'q', sizeof big);
    cli_out_bytes(o, big, sizeof big);
    cli_out_u64(o, UINT64_MAX);
}

START_TEST(buffer_keeps_order_across_flushes)
{
    size_t got_n;
    char *got = through_out(put_many, "x", 1, &got_n);
    char *want = malloc(got_n + 64), *w = want;
    ck_assert_ptr_nonnull(want);
    for (int i = 0; i < 3000; i++)
        w += sprintf(w, "x%llu%d%-5s|", (unsigned long long)i * 1000003u, -i, "ab");
    memset(w, 'q', 3 * CLI_OUT_BYTES), w += 3 * CLI_OUT_BYTES;
    w += sprintf(w, "%llu", (unsigned long long)UINT64_MAX);
    ck_assert_uint_eq(got_n, (size_t)(w - want));
    ck_assert(memcmp(got, want, got_n) == 0);
    free(got);
    free(want);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cli_out");
    TCase *tc = tcase_create("escape");
    tcase_add_test(tc, json_str_matches_the_rules);
    tcase_add_test(tc, terminal_text_matches_the_rules);
    tcase_add_test(tc, buffer_keeps_order_across_flushes);
    suite_add_tcase(s, tc);
    return ts_run_suite(s);
}
