/* The report's line buffer: see cli_out.h. */
#include "cli_out.h"

#include "cli_common.h"

#include "buf_inline.h"

#include <errno.h>
#include <stdbool.h>

static void put(cli_out *o, const void *p, size_t len)
{
    errno = 0;
    if (fwrite(p, 1, len, o->f) != len && !o->err)
        o->err = errno ? errno : EIO;
}

void cli_out_flush(cli_out *o)
{
    if (o->n)
        put(o, o->buf, o->n);
    o->n = 0;
}

void cli_out_bytes_slow(cli_out *o, const void *p, size_t len)
{
    cli_out_flush(o);
    if (len >= CLI_OUT_BYTES) {
        put(o, p, len);
        return;
    }
    memcpy(o->buf, p, len);
    o->n = len;
}

void cli_out_padded(cli_out *o, const char *s, size_t width)
{
    size_t len = strlen(s);
    cli_out_bytes(o, s, len);
    for (; len < width; len++)
        cli_out_char(o, ' ');
}

void cli_out_u64(cli_out *o, uint64_t v)
{
    char d[20];
    size_t i = sizeof d;
    do {
        d[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    cli_out_bytes(o, d + i, sizeof d - i);
}

void cli_out_int(cli_out *o, int v)
{
    if (v < 0)
        cli_out_char(o, '-');
    cli_out_u64(o, v < 0 ? (uint64_t)0 - (uint64_t)(int64_t)v : (uint64_t)v);
}

/* Eight bytes at a time over the common case, text that needs nothing done to it (the
 * library's word tests, buf_inline.h: each may flag a byte above one it flags rightly, never
 * miss one), so a word without a flag is wholly plain and a flagged one is looked at bytewise.
 * Shown as it is: 0x20..0x7E; below, 0x7F and above need a look. */
static inline uint64_t needs_look(uint64_t w)
{
    return eks_swar_has_less_or_high(w, 0x20) | eks_swar_has_byte(w, 0x7f);
}

static void put_hex4(cli_out *o, unsigned c)
{
    static const char hex[] = "0123456789abcdef";
    char e[6] = {'\\', 'u', hex[c >> 12 & 15], hex[c >> 8 & 15], hex[c >> 4 & 15], hex[c & 15]};
    cli_out_bytes(o, e, sizeof e);
}

void cli_out_json_str(cli_out *o, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    cli_out_char(o, '"');
    size_t run = 0, i = 0;
    while (i < len) {
        if (len - i >= 8) {
            uint64_t w = eks_swar_load(s + i);
            if (!(needs_look(w) | eks_swar_has_byte(w, '"') | eks_swar_has_byte(w, '\\'))) {
                i += 8;
                continue;
            }
        }
        unsigned c = u[i];
        size_t n = 1;
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
            i++;
            continue;
        }
        if (c >= 0x7f) {
            int esc = cli_json_escaped_char(u + i, len - i, &n);
            if (esc < 0) {
                i += n;
                continue;
            }
            c = (unsigned)esc;
        }
        cli_out_bytes(o, s + run, i - run);
        switch (c) {
        case '"': cli_out_bytes(o, "\\\"", 2); break;
        case '\\': cli_out_bytes(o, "\\\\", 2); break;
        case '\n': cli_out_bytes(o, "\\n", 2); break;
        case '\r': cli_out_bytes(o, "\\r", 2); break;
        case '\t': cli_out_bytes(o, "\\t", 2); break;
        default: put_hex4(o, c); break;
        }
        i += n;
        run = i;
    }
    cli_out_bytes(o, s + run, len - run);
    cli_out_char(o, '"');
}

void cli_out_terminal_text(cli_out *o, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t run = 0, i = 0;
    while (i < len) {
        if (len - i >= 8) {
            if (!needs_look(eks_swar_load(s + i))) {
                i += 8;
                continue;
            }
        }
        if (u[i] >= 0x20 && u[i] < 0x7f) {
            i++;
            continue;
        }
        size_t n;
        if (cli_terminal_char(u + i, len - i, &n)) {
            i += n;
            continue;
        }
        cli_out_bytes(o, s + run, i - run);
        cli_out_char(o, '?');
        i += n;
        run = i;
    }
    cli_out_bytes(o, s + run, len - run);
}
