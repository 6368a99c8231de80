/*
 * The one generic engine: decodes JSON into, and encodes JSON from, the generated C structs
 * by walking the shape descriptors. Private to the library.
 */
#ifndef EKSCODEC_SHAPE_CODEC_H
#define EKSCODEC_SHAPE_CODEC_H

#include "arena.h"
#include "json_path.h"
#include "json_read.h"
#include "model_desc.h"

#define EKS_PATH_MAX 512

typedef struct eks_shape_decoder {
    eks_json_reader reader;
    eks_arena *arena;
    eks_diags *diags;
    bool strict;
    bool oom;
    /* Keys that the top-level object may carry besides the shape's members (error bodies:
     * "code", "__type", "message"/"Message"): NULL-terminated list. */
    const char *const *extra_top_keys;
    /* Parameter documents (the CLI's boto-style input) carry every member, URI labels
     * included, and an unknown parameter there is a mistake, not a newer service. */
    bool all_locations;
    bool unknown_member_is_error;
    /* Severity of a broken constraint trait (length_out_of_range, value_out_of_range,
     * pattern_mismatch). eks_shape_decoder_init() sets the response rule: a warning, an error
     * when strict, since a newer service may widen a limit its older model states. Decoders
     * of what a client sends (a captured request, boto-style parameters) set EKS_SEV_ERROR
     * after init: the service would reject the request. */
    eks_severity constraint_severity;
    /* Scalar values reported and left out (a wrong type, an integer out of its range, a
     * timestamp out of years 1..9999): a list or map whose item's decode moved it has no item
     * to keep, where a structure simply leaves the member absent. */
    size_t dropped;
    eks_json_path path;
} eks_shape_decoder;

/* buf must be a mutable copy of the input with buf[len] == '\0' (it is rewritten in place). */
void eks_shape_decoder_init(eks_shape_decoder *d, char *buf, size_t len, eks_arena *arena,
                            eks_diags *diags, const eks_limits *limits, bool strict);
/* eks_shape_decoder_init for the decodes of a caller that resolved its limits
 * (eks_limits_resolved) and chose the scanner once: inline, with neither done again, since
 * the call, the resolving and the CPU check were most of a small decode's set-up. */
static inline void eks_shape_decoder_init_resolved(eks_shape_decoder *d, char *buf, size_t len, eks_arena *arena,
                                                   eks_diags *diags, const eks_limits *resolved, bool strict,
                                                   const eks_json_scanner *scanner)
{
    /* Field by field: zeroing the path frames would cost more than a small decode. */
    d->extra_top_keys = NULL;
    d->all_locations = false;
    d->unknown_member_is_error = false;
    d->oom = false;
    d->dropped = 0;
    d->path.depth = 0;
    eks_json_reader_init_resolved(&d->reader, buf, len, resolved, diags, scanner->scan, scanner->kernel);
    d->reader.path = &d->path; /* the reader's limit diagnostics name the decoder's path */
    d->arena = arena;
    d->diags = diags;
    d->strict = strict;
    d->constraint_severity = strict ? EKS_SEV_ERROR : EKS_SEV_WARNING;
}
/* Decodes the next JSON value as `shape` into dst (zeroed by the caller). Returns false when
 * decoding cannot continue (syntax error, limit, out of memory); model violations are
 * diagnostics and return true. */
bool eks_shape_decode_value(eks_shape_decoder *d, eks_shape_id shape, void *dst);
/* Adds a diagnostic located at the decoder's current JSON path. */
void eks_shape_diag(eks_shape_decoder *d, eks_severity sev, eks_diag_code code, size_t offset,
                    const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* A captured value quoted in a diagnostic message (docs/security.md): the whole value when it
 * has at most 64 bytes, else its first 61 (cut where a UTF-8 character ends) and "...", as a
 * constraint message cuts it (a value cut without a mark read as the whole value); each C0
 * control and DEL as '?' (a NUL would end the quote, hiding the rest of what was sent; the
 * others would act on a terminal). Returns buf. */
#define EKS_DIAG_QUOTE_MAX 64
static inline const char *eks_diag_quote(char buf[EKS_DIAG_QUOTE_MAX + 1], eks_str v)
{
    bool cut = v.len > EKS_DIAG_QUOTE_MAX;
    size_t n = cut ? eks_utf8_cut(v.ptr, EKS_DIAG_QUOTE_MAX - 3) : v.len;
    for (size_t i = 0; i < n; i++)
        buf[i] = (unsigned char)v.ptr[i] < 0x20 || v.ptr[i] == 0x7f ? '?' : v.ptr[i];
    if (cut) {
        memcpy(buf + n, "...", 3);
        n += 3;
    }
    buf[n] = '\0';
    return buf;
}

/* Checks a decoded or caller-built struct against the model: required members, enum values
 * (UNKNOWN -> diagnostic), UTF-8 of every string, and the constraint traits (length, range,
 * pattern: always errors here, as on every encode). `path` is the JSON path prefix ("$").
 * Every member is checked, whatever its location. */
void eks_shape_validate(eks_shape_id shape, const void *value, const char *path, bool strict,
                        eks_diags *diags, bool *oom);
/* The same for a response being encoded (a fixture, a mock server's answer): a broken
 * constraint is a warning, as the decoder reports it in a response (a newer service may
 * widen a limit), so that a captured response can be encoded again; anything else is as
 * above, with strict false. Path "$". */
void eks_shape_validate_response(eks_shape_id shape, const void *value, eks_diags *diags, bool *oom);
/* The same, its diagnostics located at offset (a query value's byte in the query string). */
void eks_shape_validate_at(eks_shape_id shape, const void *value, const char *path, bool strict, size_t offset,
                           eks_diags *diags, bool *oom);

/* Checks only the constraint traits of one value of `shape` and of everything inside it (list
 * items, map keys and values, present structure members), for values that do not travel as
 * JSON: URI labels, query-string and header values, which request.c decodes itself. `value`
 * points to the member's C representation: eks_str (string, blob), eks_enum_layout (enum:
 * its raw string, else its constant's), eks_opt_int (integer, long; absent = nothing to
 * check), eks_list_layout / eks_map_layout, or a generated struct. Each violation becomes one
 * diagnostic of severity `sev` at `path` ("$.clusterName"; list items and map entries add
 * "[i]" / ".key") with byte offset `offset` (SIZE_MAX when unknown). Kinds without a
 * constraint (booleans, doubles, timestamps) cost nothing. *oom is set when a diagnostic
 * cannot be stored. */
void eks_shape_check_constraints(eks_shape_id shape, const void *value, const char *path, eks_severity sev,
                                 size_t offset, eks_diags *diags, bool *oom);

/* JSON encoding of a struct's body members into out (appended). On the way it checks what
 * eks_shape_validate() would report; *clean (may be NULL) is false when that would be
 * anything (then run the validator for the diagnostics; the output is only usable if the
 * validator finds no error). Returns EKS_OK or EKS_ERR_OUT_OF_MEMORY. */
eks_status eks_shape_encode_json(eks_shape_id shape, const void *value, eks_buf *out, bool *clean);
/* The same, with the top-level string member of index `member` (of `shape`, a structure; -1:
 * none) written as *replacement instead of its value in the struct: a generated idempotency
 * token. */
eks_status eks_shape_encode_json_with(eks_shape_id shape, const void *value, int member,
                                      const eks_str *replacement, eks_buf *out, bool *clean);
eks_status eks_json_write_string(eks_buf *out, const char *s, size_t len);
eks_status eks_json_write_double(eks_buf *out, double v);
eks_status eks_json_write_int(eks_buf *out, int64_t v);

#endif
