/*
 * `validate --renumber`'s copy (tools/validate_renumber.c, the CLI's) on arbitrary text.
 * Input: byte 0 picks the file name (of 4: plain, with a tab validate prints as '?', with
 * ":1" in it, with a byte of no UTF-8 character) and, by its bit 2, an --as name (with a
 * control character); byte 1 the buffer size (0: the default; else at least the smallest
 * the name allows, so that reads end everywhere in lines); bytes 2-9 the number to add (little-endian; byte 2's
 * top bits pick near 0, near 2^64-1 or any); the rest is the text, read through a pipe.
 *
 * Invariants: the output is the text read line by line by the rule of validate_renumber.h,
 * written here from that header with the names as validate shows them spelled out: a line
 * that begins with NAME, ':', 1-20 digits and ':' gets the number plus N (and SHOWN for
 * NAME); one that begins with NAME, ':' and 21 digits, or whose number does not fit or would
 * pass 2^64-1, is an error: the copy says false, names that line in one message, and has
 * written exactly the lines before it; every other line is copied as it is.
 */
#include "fuzz_support.h"

#include "validate_renumber.h"

#include <unistd.h>

typedef struct fz_name {
    const char *given, *shown;
} fz_name;

static const fz_name names[] = {
    {"a", "a"}, {"/x/a\tb.jsonl", "/x/a?b.jsonl"}, {"n:1", "n:1"}, {"\xff.j", "?.j"}};
static const fz_name as_name = {"B\x01", "B?"};

typedef struct fz_buf {
    char *p;
    size_t len, cap;
} fz_buf;

static void put(fz_buf *b, const void *s, size_t n)
{
    if (!b->p || b->len + n > b->cap) {
        b->cap = (b->len + n) * 2 + 64;
        b->p = realloc(b->p, b->cap);
        FZ_CHECK(b->p != NULL);
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

/* The rule, line by line: the expected output in *want; the 1-based line that is an error,
 * or 0. */
static uint64_t expected(const uint8_t *t, size_t n, const char *from, const char *to, uint64_t add, fz_buf *want)
{
    size_t plen = strlen(from);
    uint64_t line = 0;
    for (size_t at = 0; at < n;) {
        line++;
        const uint8_t *nl = memchr(t + at, '\n', n - at);
        size_t end = nl ? (size_t)(nl - t) + 1 : n, len = end - at;
        const uint8_t *l = t + at;
        at = end;
        if (len <= plen || memcmp(l, from, plen) != 0 || l[plen] != ':') {
            put(want, l, len);
            continue;
        }
        size_t d = 0;
        while (plen + 1 + d < len && l[plen + 1 + d] >= '0' && l[plen + 1 + d] <= '9')
            d++;
        if (d > 20)
            return line;
        if (d == 0 || plen + 1 + d == len || l[plen + 1 + d] != ':') {
            put(want, l, len);
            continue;
        }
        uint64_t v = 0;
        for (size_t k = 0; k < d; k++) {
            unsigned digit = (unsigned)(l[plen + 1 + k] - '0');
            if (v > (UINT64_MAX - digit) / 10)
                return line;
            v = v * 10 + digit;
        }
        if (v > UINT64_MAX - add)
            return line;
        char num[32];
        int w = snprintf(num, sizeof num, ":%llu", (unsigned long long)(v + add));
        put(want, to, strlen(to));
        put(want, num, (size_t)w);
        put(want, l + plen + 1 + d, len - plen - 1 - d);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 10 || size - 10 > 60000) /* the text must fit in a pipe: written before read */
        return 0;
    const fz_name *name = &names[data[0] & 3];
    bool with_as = data[0] & 4;
    uint64_t add = 0;
    for (int i = 0; i < 8; i++)
        add |= (uint64_t)data[2 + i] << (8 * i);
    switch (data[2] >> 6) {
    case 0: add &= 0xffff; break;
    case 1: add = UINT64_MAX - (add & 0xffff); break;
    default: break;
    }
    const uint8_t *text = data + 10;
    size_t text_len = size - 10;

    fz_buf want = {0};
    put(&want, "", 0);
    uint64_t bad_line = expected(text, text_len, name->shown, with_as ? as_name.shown : name->shown, add, &want);

    int fds[2];
    FZ_CHECK(pipe(fds) == 0);
    FZ_CHECK(text_len == 0 || write(fds[1], text, text_len) == (ssize_t)text_len);
    close(fds[1]);
    char *out = NULL, *msg = NULL;
    size_t out_len = 0, msg_len = 0;
    FILE *outf = open_memstream(&out, &out_len), *msgf = open_memstream(&msg, &msg_len);
    FZ_CHECK(outf && msgf);
    val_renumber r = {.name = name->given, .as = with_as ? as_name.given : NULL, .add = add,
                      .buffer_bytes = data[1], .messages = msgf};
    bool ok = val_renumber_copy(fds[0], "fuzz", outf, &r);
    close(fds[0]);
    fclose(outf);
    fclose(msgf);

    FZ_CHECK(ok == (bad_line == 0));
    FZ_CHECK(out_len == want.len && memcmp(out, want.p, want.len) == 0);
    if (bad_line) {
        char where[64];
        snprintf(where, sizeof where, "fuzz, line %llu: ", (unsigned long long)bad_line);
        FZ_CHECK(strstr(msg, where) != NULL && strchr(msg, '\n') == msg + msg_len - 1);
    } else {
        FZ_CHECK(msg_len == 0);
    }
    free(out);
    free(msg);
    free(want.p);
    return 0;
}
