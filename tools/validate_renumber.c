/* validate --renumber: see validate_renumber.h. */
#include "validate_renumber.h"

#include "cli_common.h"
#include "cli_out.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RENUMBER_BUF_BYTES (1u << 18)
#define U64_DIGITS 20

/* "NAME:" as validate prints it (malloc'd; *len its length), or NULL when out of memory. */
static char *shown_prefix(const char *name, size_t *len)
{
    size_t cap = strlen(name) + 2; /* shown text is never longer than the name */
    char *p = malloc(cap);
    if (!p)
        return NULL;
    cli_shown(name, p, cap);
    *len = strlen(p);
    p[(*len)++] = ':';
    return p;
}

typedef struct renumber_in {
    int fd;
    char *buf;
    size_t cap, lo, hi; /* buf[lo, hi) is read and not yet copied */
    bool eof;
} renumber_in;

/* Reads more, keeping buf[lo, hi) (moved to the front when room is needed). False after a
 * message naming input on a failed read. */
static bool refill(renumber_in *in, const char *input, FILE *messages)
{
    if (in->lo > 0 && in->hi == in->cap) {
        memmove(in->buf, in->buf + in->lo, in->hi - in->lo);
        in->hi -= in->lo;
        in->lo = 0;
    } else if (in->lo == in->hi) {
        in->lo = in->hi = 0;
    }
    for (;;) {
        ssize_t n = read(in->fd, in->buf + in->hi, in->cap - in->hi);
        if (n > 0) {
            in->hi += (size_t)n;
            return true;
        }
        if (n == 0) {
            in->eof = true;
            return true;
        }
        if (errno != EINTR) {
            char nb[CLI_SHOWN_MAX];
            fprintf(messages, "ekscodec validate: cannot read %s: %s\n", cli_shown(input, nb, sizeof nb),
                    strerror(errno));
            return false;
        }
    }
}

/* At a line start, p[0, avail) holding the whole line or at least PREFIX, 21 digits and
 * one more byte: the length of "PREFIX<digits>", *number the number, when the line begins
 * with PREFIX, 1 to 20 digits and ':'; SIZE_MAX when it begins with PREFIX and 21 digits,
 * or with a number past 2^64-1 and ':' (neither is validate's); else 0. Nothing that decides
 * lies past what a full window holds, so where a read ends changes nothing. */
static size_t header_at(const char *p, size_t avail, const char *prefix, size_t plen, uint64_t *number)
{
    if (avail <= plen || memcmp(p, prefix, plen) != 0)
        return 0;
    uint64_t v = 0;
    size_t i = plen;
    bool over = false;
    for (; i < avail && p[i] >= '0' && p[i] <= '9'; i++) {
        if (i - plen == U64_DIGITS)
            return SIZE_MAX;
        unsigned d = (unsigned)(p[i] - '0');
        over = over || v > (UINT64_MAX - d) / 10;
        v = v * 10 + d;
    }
    if (i == plen || i == avail || p[i] != ':')
        return 0;
    *number = v;
    return over ? SIZE_MAX : i;
}

bool val_renumber_copy(int fd, const char *input, FILE *out, const val_renumber *r)
{
    char nb[CLI_SHOWN_MAX]; /* the input's name as a message shows it */
    FILE *messages = r->messages ? r->messages : stderr;
    size_t plen = 0, alen = 0;
    char *prefix = shown_prefix(r->name, &plen);
    char *as = shown_prefix(r->as ? r->as : r->name, &alen);
    /* deciding whether a line is an exchange line takes its prefix, 21 digits and a byte */
    size_t need = plen + U64_DIGITS + 2;
    size_t cap = r->buffer_bytes ? r->buffer_bytes : RENUMBER_BUF_BYTES;
    renumber_in in = {.fd = fd, .cap = cap < 2 * need ? 2 * need : cap};
    in.buf = malloc(in.cap);
    bool ok = prefix && as && in.buf;
    if (!ok)
        fprintf(messages, "ekscodec validate: out of memory\n");
    cli_out o;
    cli_out_init(&o, out);
    uint64_t line = 1;
    bool at_line_start = true;
    while (ok) {
        if (at_line_start) {
            while (ok && !in.eof && in.hi - in.lo < need && !memchr(in.buf + in.lo, '\n', in.hi - in.lo))
                ok = refill(&in, input, messages);
            if (!ok)
                break;
            uint64_t number = 0;
            size_t n = header_at(in.buf + in.lo, in.hi - in.lo, prefix, plen, &number);
            if (n == SIZE_MAX || (n && number > UINT64_MAX - r->add)) {
                fprintf(messages, "ekscodec validate: %s, line %" PRIu64 ": %s\n", cli_shown(input, nb, sizeof nb),
                        line, n == SIZE_MAX ? "a line number of more than 20 digits or past 2^64-1"
                                            : "its line number plus N passes 2^64-1");
                ok = false;
                break;
            }
            if (n) {
                cli_out_bytes(&o, as, alen);
                cli_out_u64(&o, number + r->add);
                in.lo += n; /* the ':' and the rest of the line are copied as they are */
            }
            at_line_start = false;
        }
        if (in.lo == in.hi) {
            if (in.eof)
                break;
            ok = refill(&in, input, messages);
            continue;
        }
        const char *nl = memchr(in.buf + in.lo, '\n', in.hi - in.lo);
        size_t end = nl ? (size_t)(nl - in.buf) + 1 : in.hi;
        cli_out_bytes(&o, in.buf + in.lo, end - in.lo);
        in.lo = end;
        if (nl) {
            at_line_start = true;
            line++;
        }
    }
    cli_out_flush(&o);
    free(prefix);
    free(as);
    free(in.buf);
    return ok;
}
