/* A line buffer in front of a FILE for output written in many small pieces (validate's
 * report): pieces are copied into it and reach the FILE in one fwrite when it fills or is
 * flushed. With --format json validate writes a line for every exchange, and as fprintf,
 * fputc and fwrite calls (each taking the FILE's lock) that line cost as much as checking the
 * exchange did. */
#ifndef EKSCODEC_TOOLS_CLI_OUT_H
#define EKSCODEC_TOOLS_CLI_OUT_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define CLI_OUT_BYTES 4096

/* Lives on the caller's stack for one piece of output; f is borrowed. Nothing reaches f
 * before cli_out_flush (or a fill); a write error shows in ferror(f), as with stdio, and its
 * errno in err, taken when the fwrite fails (ferror alone cannot say why, later). */
typedef struct cli_out {
    FILE *f;
    size_t n;
    int err; /* errno of the first fwrite to f that failed here; 0: none */
    char buf[CLI_OUT_BYTES];
} cli_out;

static inline void cli_out_init(cli_out *o, FILE *f)
{
    o->f = f;
    o->n = 0;
    o->err = 0;
}

void cli_out_flush(cli_out *o);
/* Out of line: the rare piece that does not fit what is left. */
void cli_out_bytes_slow(cli_out *o, const void *p, size_t len);

static inline void cli_out_bytes(cli_out *o, const void *p, size_t len)
{
    size_t room = CLI_OUT_BYTES - o->n;
    if (len <= room && len <= CLI_OUT_BYTES) { /* the second test is implied: it tells gcc */
        memcpy(o->buf + o->n, p, len);
        o->n += len;
        return;
    }
    cli_out_bytes_slow(o, p, len);
}

static inline void cli_out_char(cli_out *o, char c)
{
    if (o->n == CLI_OUT_BYTES)
        cli_out_flush(o);
    o->buf[o->n++] = c;
}

static inline void cli_out_str(cli_out *o, const char *s) { cli_out_bytes(o, s, strlen(s)); }

/* s, then spaces up to width columns (printf's "%-*s" for ASCII s). */
void cli_out_padded(cli_out *o, const char *s, size_t width);
/* v in decimal (printf's "%" PRIu64); a negative int goes through cli_out_int. */
void cli_out_u64(cli_out *o, uint64_t v);
void cli_out_int(cli_out *o, int v);
/* s[0..len) as a JSON string, quotes included: '"', '\\' and C0 controls escaped (\n, \r, \t
 * by name, the rest as \u00XX), and cli_json_escaped_char's set (DEL, C1 controls, bytes of no
 * UTF-8 character) as \u00XX, so that the output is always JSON and safe on a terminal. */
void cli_out_json_str(cli_out *o, const char *s, size_t len);
/* s[0..len) for a terminal, as cli_put_terminal_text writes it: a control character (C0,
 * DEL, C1) or a byte of no UTF-8 character becomes '?'. */
void cli_out_terminal_text(cli_out *o, const char *s, size_t len);

#endif
