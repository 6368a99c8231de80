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
#include "json_scan.h"

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
     * this CPU; a caller may replace it (eks_json_scan_get) to run another kernel: all give
     * identical results. */
    eks_json_scan_fn scan;
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
/* Skips whitespace and tells what the next value is, without consuming it. */
eks_json_type eks_json_peek(eks_json_reader *r);
const char *eks_json_type_name(eks_json_type t);

/* Reports a syntax error at the current position and marks the reader failed. */
void eks_json_fail(eks_json_reader *r, const char *what);

/* Object iteration: call begin at '{', then next until it returns false. next reads the key
 * and the ':' and leaves the reader at the value, which the caller must consume. */
bool eks_json_object_begin(eks_json_reader *r);
bool eks_json_object_next(eks_json_reader *r, bool *first, eks_str *key, size_t *key_offset);
bool eks_json_array_begin(eks_json_reader *r);
bool eks_json_array_next(eks_json_reader *r, bool *first);

bool eks_json_read_string(eks_json_reader *r, eks_str *out);
/* Number token as text (validated against the JSON grammar), plus its value. */
bool eks_json_read_number(eks_json_reader *r, eks_str *text, double *value);
bool eks_json_read_literal(eks_json_reader *r); /* true/false/null */
/* Consumes one value of any type, validating it. */
bool eks_json_skip_value(eks_json_reader *r);
/* After the top-level value: only whitespace may remain. */
bool eks_json_finish(eks_json_reader *r);

/* Locale-independent decimal parsing of a JSON number token. */
bool eks_json_number_to_double(const char *text, size_t len, double *out);
/* UTF-8 validation (RFC 3629: no overlongs, no surrogates, max U+10FFFF). */
bool eks_utf8_valid(const char *s, size_t len);

#endif
