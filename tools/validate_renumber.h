/*
 * `ekscodec validate --renumber N --name NAME [--as SHOWN] [OUTPUT|-]...`: adds N to the
 * line numbers in the text output of a `validate --range START:END --first-line 1` run, so
 * that ranges validated at once, each numbering its lines from its START, print the numbers
 * of the whole file. A driver (tools/dask/) learns N for a range only when the ranges before
 * it end (their `--end-line`); it then has the range's output in hand, and renumbering it in
 * the driver's own language is one interpreted step per problem exchange: on traffic where
 * every exchange is invalid, slower than the workers that validated it.
 *
 * What changes: the exchange lines of the file NAME, `NAME:LINE: verdict ...` at the start
 * of a line (NAME as validate prints it: see cli_shown), get LINE + N, and SHOWN for NAME when
 * one is given. Every other byte is copied as it is: the indented diagnostics, other files'
 * exchanges, summaries and `--end-line`'s line. A line that begins with NAME, ':' and more
 * than 20 digits, or an exchange line whose number does not fit in 64 bits or would pass
 * 2^64-1, is an error (validate prints neither). Memory is one fixed buffer, whatever the
 * length of a line.
 */
#ifndef EKSCODEC_TOOLS_VALIDATE_RENUMBER_H
#define EKSCODEC_TOOLS_VALIDATE_RENUMBER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct val_renumber {
    const char *name; /* the file whose lines are renumbered, as validate was given it */
    const char *as;   /* printed instead of name; NULL: name */
    uint64_t add;
    size_t buffer_bytes; /* 0: 256 KiB; smaller ones (tests, fuzzing) are raised to what
                            deciding on a line's start takes */
    FILE *messages;      /* where an error is said; NULL: stderr */
} val_renumber;

/* Copies fd (named input in messages) to out, renumbered as r says. Returns false after a
 * message (r->messages) when fd cannot be read or holds a line that is an error (which input
 * line, and why); what was copied before that line stays written. Whether out could be
 * written is for the caller to ask (ferror, fflush). */
bool val_renumber_copy(int fd, const char *input, FILE *out, const val_renumber *r);

#endif
