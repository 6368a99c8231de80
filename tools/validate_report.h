/*
 * Output of `ekscodec validate`: one text block per exchange with problems, or one JSON
 * object per exchange, then the summary (DESIGN §3).
 *
 * Secrets: nothing from a capture's headers is printed (Authorization, X-Amz-Security-Token
 * and any query string stay out); what is echoed (request path, request id, file name) is
 * sanitized, and val_redact() is the one place that turns a secret-bearing value into
 * "<redacted>" should a caller need to show one.
 *
 * Positions and parallel jobs: a worker writing into a temporary file does not know how
 * many lines came before its byte range, so in deferred mode a position is written as a
 * marker (a NUL byte and the 8-byte relative value; NUL never occurs in the output
 * otherwise) and val_sink_replay() adds the base when the parent copies it to stdout.
 */
#ifndef EKSCODEC_TOOLS_VALIDATE_REPORT_H
#define EKSCODEC_TOOLS_VALIDATE_REPORT_H

#include "ekscodec/capture.h"
#include "ekscodec/exchange.h"

#include <stdio.h>

typedef enum val_format {
    VAL_FMT_TEXT = 0,
    VAL_FMT_JSON
} val_format;

typedef struct val_sink {
    FILE *f;
    bool deferred; /* positions as markers, see above */
    uint64_t base; /* added to positions when not deferred */
    /* JSON: "status" (and "requestId") of every exchange that has them, not only of those
     * selected: serve's log, where each line is an answer serve sent, refused ones included */
    bool status_always;
} val_sink;

typedef struct val_counts {
    uint64_t exchanges;
    uint64_t valid;
    uint64_t invalid;
    uint64_t skipped;
} val_counts;

/* Adds c to into; false, into unchanged, when a count would pass 2^64-1. */
bool val_counts_add(val_counts *into, const val_counts *c);

/* Prints one exchange (text: only when it has diagnostics). Returns 0, or the errno of a
 * write to s->f that failed (the output is incomplete from there: callers stop). */
int val_report_exchange(val_sink *s, val_format fmt, const char *file, eks_capture_kind kind,
                        uint64_t position, const eks_exchange_result *r);
/* incomplete: the run exits 2, its counts missing input it could not read (or write); JSON
 * says so with "incomplete":true, so that --merge of the output exits 2 as the run did; text
 * with " (incomplete: see the messages on stderr)" after the counts. */
void val_report_summary(FILE *f, val_format fmt, const val_counts *c, bool incomplete);
/* Copies a deferred output stream to out, replacing each marker by base + value. False when
 * in cannot be read back; a write to out that fails sets *write_err to its errno (if still 0)
 * and ends the copy, which is then true. */
bool val_sink_replay(FILE *in, FILE *out, uint64_t base, int *write_err);

/* The form a secret takes in any output. */
#define VAL_REDACTED "<redacted>"
/* Writes an Authorization value into out (size outsz, NUL-terminated, truncated) with every
 * part replaced by VAL_REDACTED but the algorithm, the separators, component names, the
 * credential scope after the access key id and SignedHeaders' names (each shown only when it
 * holds nothing but the bytes such a part is made of). */
void val_redact_authorization(eks_str value, char *out, size_t outsz);

#endif
