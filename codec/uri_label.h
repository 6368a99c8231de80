/* URI template expansion and matching for restJson1 HTTP bindings (private). */
#ifndef EKSCODEC_URI_LABEL_H
#define EKSCODEC_URI_LABEL_H

#include "ekscodec/common.h"
#include "ekscodec/diag.h"
#include "arena.h"
#include "model_desc.h"

/* Writes s percent-encoded into dst, which has room for 3 * len bytes, and returns the bytes
 * written (no NUL): every byte outside RFC 3986 unreserved (A-Z a-z 0-9 - . _ ~) becomes
 * %XX in upper-case hex; with keep_slash (greedy labels) '/' stays literal. */
size_t eks_uri_encode_label_into(char *dst, const char *s, size_t len, bool keep_slash);

/* Checks a label value before it goes into a path: empty, "." and ".." are rejected (a dot
 * segment would be resolved away by the server or a proxy, reaching another resource).
 * Adds diagnostics at path "$.<member>" and offset (the label's in the raw path, SIZE_MAX
 * when the value is the caller's); returns false if any error was added. */
bool eks_uri_label_check(eks_str value, const char *member, size_t offset, eks_diags *diags, bool *oom);

/* Whether eks_uri_label_check() may have something to say about value (empty or starting
 * with '.' within two bytes): the inline test that spares every other label the call. */
static inline bool eks_uri_label_suspect(eks_str value)
{
    return value.ptr && value.len <= 2 && (value.len == 0 || value.ptr[0] == '.');
}

typedef struct eks_uri_label_match {
    const eks_member_desc *member;
    eks_str raw;     /* as it appeared in the path */
    size_t offset;   /* byte offset of raw within the path */
} eks_uri_label_match;

/* Matches a raw request path (no query) against the path part of op's URI template. Returns
 * the number of labels matched (all of them) or -1 when the path does not fit the template. */
int eks_uri_match(const eks_operation_desc *op, eks_str path, eks_uri_label_match *labels, int max_labels);

/* Percent-decodes raw into arena memory (NUL-terminated). Returns false and sets *bad_at to
 * the offset of a malformed escape ('%' not followed by two hex digits). */
bool eks_uri_decode_label(eks_arena *arena, eks_str raw, eks_str *out, size_t *bad_at, bool *oom);

#endif
