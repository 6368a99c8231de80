/* URI template expansion and matching for restJson1 HTTP bindings (private). */
#ifndef EKSCODEC_URI_LABEL_H
#define EKSCODEC_URI_LABEL_H

#include "ekscodec/common.h"
#include "ekscodec/diag.h"
#include "arena.h"
#include "buf_inline.h"
#include "model_desc.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

/* Offset of the first '/' in p[pos, len), or len; with query_ends also of the first '?' (the
 * router's segments: a '?' ends the path). '/' (0x2f) and '?' (0x3f) differ only in bit 0x10:
 * with it set in every byte both read '?', and no other byte does, so one test finds either.
 * Sixteen bytes a step with SSE2, eight by SWAR without: path segments are short words, or
 * label values such as ARNs, where a byte loop or a libc call per segment costs more than
 * the scan. A tail shorter than a step is read as the overlapping last block (the path is at
 * least that long), the bytes already scanned left out of the test. */
static inline size_t eks_uri_segment_end(const char *p, size_t pos, size_t len, bool query_ends)
{
    const unsigned char fold = query_ends ? 0x10 : 0, stop = query_ends ? '?' : '/';
#if defined(__SSE2__)
    const __m128i vfold = _mm_set1_epi8((char)fold), vstop = _mm_set1_epi8((char)stop);
    for (; len - pos >= 16; pos += 16) {
        __m128i v = _mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)(p + pos)), vfold);
        unsigned hit = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vstop));
        if (hit)
            return pos + (size_t)__builtin_ctz(hit);
    }
    if (pos == len)
        return len;
    if (len >= 16) {
        __m128i v = _mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)(p + len - 16)), vfold);
        unsigned hit = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vstop)) >> (pos - (len - 16));
        return hit ? pos + (size_t)__builtin_ctz(hit) : len;
    }
#endif
    for (; len - pos >= 8; pos += 8) {
        uint64_t hit = eks_swar_find_mask(eks_swar_load(p + pos) | EKS_SWAR_ONES * fold, stop);
        if (hit)
            return pos + eks_swar_first(hit);
    }
    if (pos == len)
        return len;
    if (len >= 8) {
        /* bytes 0..7 of the mask table from (8 - skip) are 0 before `skip`, 0xff from it, in
         * memory order whatever the byte order: this zeroes the already scanned bytes before
         * the test (a borrow from a '/' among them could flag the byte after it) */
        static const char keep_from[16] = {0, 0, 0, 0, 0, 0, 0, 0, -1, -1, -1, -1, -1, -1, -1, -1};
        size_t skip = pos - (len - 8);
        uint64_t w = eks_swar_load(p + len - 8) & eks_swar_load(keep_from + 8 - skip);
        uint64_t hit = eks_swar_find_mask(w | EKS_SWAR_ONES * fold, stop);
        return hit ? len - 8 + eks_swar_first(hit) : len;
    }
    while (pos < len && (unsigned char)(p[pos] | fold) != stop)
        pos++;
    return pos;
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
