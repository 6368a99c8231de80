/* validate --split: see validate_split.h. */
#include "validate_split.h"

#include "cli_common.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SPLIT_BUF_BYTES (1u << 20)

bool val_split_parse_size(const char *s, uint64_t *out)
{
    uint64_t v;
    const char *p;
    if (!cli_parse_decimal(s, &v, &p))
        return false;
    unsigned shift = 0;
    switch (*p) {
    case '\0': break;
    case 'K': shift = 10; p++; break;
    case 'M': shift = 20; p++; break;
    case 'G': shift = 30; p++; break;
    default: return false;
    }
    if (*p || v == 0 || v > (UINT64_MAX >> shift))
        return false;
    *out = v << shift;
    return true;
}

/* A window of the file read once, front to back: counts the newlines up to a position. */
typedef struct newline_counter {
    int fd;
    char *buf;
    size_t buf_size;
    uint64_t end;            /* nothing at or past it is read */
    uint64_t buf_lo, buf_hi; /* bytes of the file held in buf */
    uint64_t pos;            /* counted up to here */
    uint64_t lines;          /* newlines in [0, pos) */
} newline_counter;

/* Starts counting at `from` (its line count taken as 0), reading at most up to `end`; false
 * when out of memory. */
static bool counter_init(newline_counter *c, int fd, uint64_t from, uint64_t end)
{
    size_t size = end - from < SPLIT_BUF_BYTES ? (size_t)(end - from) + 1 : SPLIT_BUF_BYTES;
    *c = (newline_counter){.fd = fd, .buf = malloc(size), .buf_size = size, .end = end, .buf_lo = from,
                           .buf_hi = from, .pos = from};
    return c->buf != NULL;
}

/* Advances to `to` (<= end); false (errno set, or 0 when the file ended early) on a failed
 * read. With out, what out holds is flushed before each read. */
static bool count_to(newline_counter *c, uint64_t to, FILE *out)
{
    while (c->pos < to) {
        if (c->pos >= c->buf_hi) {
            /* what is known goes out before the reader may wait on the disk */
            if (out)
                fflush(out);
            size_t want = c->end - c->pos < c->buf_size ? (size_t)(c->end - c->pos) : c->buf_size;
            ssize_t got;
            do
                got = pread(c->fd, c->buf, want, (off_t)c->pos);
            while (got < 0 && errno == EINTR);
            if (got <= 0) {
                if (got == 0)
                    errno = 0;
                return false;
            }
            c->buf_lo = c->pos;
            c->buf_hi = c->pos + (uint64_t)got;
        }
        uint64_t stop = to < c->buf_hi ? to : c->buf_hi;
        const char *q = c->buf + (c->pos - c->buf_lo), *e = c->buf + (stop - c->buf_lo);
        while ((q = memchr(q, '\n', (size_t)(e - q))) != NULL) {
            c->lines++;
            q++;
        }
        c->pos = stop;
    }
    return true;
}

bool val_split_print(int fd, uint64_t size, uint64_t piece, const char *name, FILE *out)
{
    char nb[CLI_SHOWN_MAX]; /* the file name as a message shows it */
    if (piece == 0) /* val_split_parse_size never gives it; 0 would never end */
        return false;
    newline_counter c;
    if (!counter_init(&c, fd, 0, size)) {
        fprintf(stderr, "ekscodec validate: out of memory\n");
        return false;
    }
    bool ok = true, written = true;
    uint64_t start = 0;
    do {
        if (!count_to(&c, start, out)) {
            if (errno)
                fprintf(stderr, "ekscodec validate: cannot read %s: %s\n", cli_shown(name, nb, sizeof nb), strerror(errno));
            else
                fprintf(stderr, "ekscodec validate: %s ended at byte %" PRIu64 ", before its size %" PRIu64
                                " (it changed while read)\n", cli_shown(name, nb, sizeof nb), c.pos, size);
            ok = false;
            break;
        }
        uint64_t end = size - start > piece ? start + piece : size;
        if (fprintf(out, "%" PRIu64 ":%" PRIu64 " %" PRIu64 "\n", start, end, c.lines + 1) < 0) {
            written = false;
            break;
        }
        start = end;
    } while (start < size);
    free(c.buf);
    if ((fflush(out) != 0 || !written) && ok) {
        fprintf(stderr, "ekscodec validate: cannot write the output: %s\n", strerror(errno));
        ok = false;
    }
    return ok;
}

bool val_count_newlines(int fd, uint64_t from, uint64_t end, uint64_t *out)
{
    newline_counter c;
    if (!counter_init(&c, fd, from, end))
        return false;
    bool ok = count_to(&c, end, NULL);
    *out = c.lines;
    free(c.buf);
    return ok;
}
