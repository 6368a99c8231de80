#include "uri_label.h"

#include "buf_inline.h"
#include "char_class.h"

#include <string.h>

static const char hex_upper[] = "0123456789ABCDEF";

size_t eks_uri_encode_label_into(char *dst, const char *s, size_t len, bool keep_slash)
{
    char *p = dst;
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    for (; i < len; i++) {
        unsigned char c = u[i];
        if ((eks_char_class[c] & EKS_CC_UNRESERVED) || (keep_slash && c == '/')) {
            *p++ = (char)c;
        } else {
            *p++ = '%';
            *p++ = hex_upper[c >> 4];
            *p++ = hex_upper[c & 15];
        }
    }
    return (size_t)(p - dst);
}

bool eks_uri_label_check(eks_str value, const char *member, size_t offset, eks_diags *diags, bool *oom)
{
    bool empty = value.ptr && value.len == 0;
    bool dot_segment = value.ptr && ((value.len == 1 && value.ptr[0] == '.') ||
                                     (value.len == 2 && value.ptr[0] == '.' && value.ptr[1] == '.'));
    if (!empty && !dot_segment)
        return true; /* the common case builds no path */
    char path[160];
    size_t n = strlen(member);
    if (n > sizeof path - 3)
        n = sizeof path - 3;
    memcpy(path, "$.", 2);
    memcpy(path + 2, member, n);
    path[n + 2] = '\0';
    eks_status st;
    if (empty)
        st = eks_diags_add(diags, EKS_SEV_ERROR, EKS_DIAG_EMPTY_URI_LABEL, path, offset,
                           "URI label \"%s\" is empty: the request would address another path", member);
    else
        st = eks_diags_add(diags, EKS_SEV_ERROR, EKS_DIAG_DOT_SEGMENT_LABEL, path, offset,
                           "URI label \"%s\" is a dot segment (\"%.*s\"), which path normalization "
                           "would resolve to another resource",
                           member, (int)value.len, value.ptr);
    if (st != EKS_OK)
        *oom = true;
    return false;
}

/* Every request of a capture is matched here once, on the template the generator split
 * (eks_operation_desc.uri_segments: literals with their lengths, labels with their member):
 * a literal is compared whole and inline (a memcmp call costs more than its few words), a
 * label's end found by eks_uri_segment_end, and nothing is looked up by name. */
int eks_uri_match(const eks_operation_desc *op, eks_str path, eks_uri_label_match *labels, int max_labels)
{
    const eks_shape_desc *input = &eks_shapes[op->input];
    size_t p = 0;
    int count = 0;
    for (int i = 0; i < op->uri_segment_count; i++) {
        const eks_uri_segment *seg = &op->uri_segments[i];
        if (seg->member < 0) {
            if (path.len - p < seg->literal_len || !eks_bytes_equal(path.ptr + p, seg->literal, seg->literal_len))
                return -1;
            p += seg->literal_len;
            continue;
        }
        if (count >= max_labels)
            return -1;
        /* A label runs to the next '/'; a greedy one ({name+}, '/' kept) to where the literals
         * after it begin, which must end the path. */
        size_t start = p, end;
        if (seg->greedy) {
            size_t rest = 0;
            for (int k = i + 1; k < op->uri_segment_count; k++)
                rest += op->uri_segments[k].literal_len;
            if (path.len - p < rest)
                return -1;
            end = path.len - rest;
        } else {
            end = eks_uri_segment_end(path.ptr, p, path.len, false);
        }
        labels[count].member = &input->members[seg->member];
        labels[count].raw.ptr = path.ptr + start;
        labels[count].raw.len = end - start;
        labels[count].offset = start;
        count++;
        p = end;
    }
    return p == path.len ? count : -1;
}

/* Whether s[i, len) holds a '%', for a tail of fewer than 8 bytes of a value of at least 8:
 * read as the value's last 8 bytes, those before i masked off (to 0, which is no '%'). */
static inline bool tail_has_percent(const char *s, size_t i, size_t len)
{
    static const char keep_from[16] = {0, 0, 0, 0, 0, 0, 0, 0, -1, -1, -1, -1, -1, -1, -1, -1};
    size_t skip = i - (len - 8);
    return eks_swar_find_mask(eks_swar_load(s + len - 8) & eks_swar_load(keep_from + 8 - skip), '%') != 0;
}

bool eks_uri_decode_label(eks_arena *arena, eks_str raw, eks_str *out, size_t *bad_at, bool *oom)
{
    char *dst = eks_arena_alloc_uninit(arena, raw.len + 1);
    if (!dst) {
        *oom = true;
        return false;
    }
    /* Labels and query values are mostly unescaped and short: eight bytes are tested for '%'
     * and copied as one word (a memchr and a memcpy per run cost more than the bytes). A word
     * is stored whole even when it holds a '%': the decoded bytes overwrite its tail, and
     * dst is never behind src, so the store stays inside the raw.len + 1 bytes. */
    const char *s = raw.ptr;
    size_t n = 0, i = 0;
    while (i < raw.len) {
        if (raw.len - i >= 8) {
            uint64_t w = eks_swar_load(s + i);
            uint64_t pct = eks_swar_find_mask(w, '%');
            memcpy(dst + n, &w, 8);
            if (!pct) {
                n += 8;
                i += 8;
                continue;
            }
            size_t k = eks_swar_first(pct);
            n += k;
            i += k;
        } else if (raw.len >= 8 && !tail_has_percent(s, i, raw.len)) {
            /* the last 1..7 bytes, without an escape: two overlapping moves, not a byte loop */
            size_t r = raw.len - i;
            if (r >= 4) {
                memcpy(dst + n, s + i, 4);
                memcpy(dst + n + r - 4, s + raw.len - 4, 4);
            } else {
                dst[n] = s[i];
                dst[n + r / 2] = s[i + r / 2];
                dst[n + r - 1] = s[raw.len - 1];
            }
            n += r;
            break;
        } else if (s[i] != '%') {
            dst[n++] = s[i++];
            continue;
        }
        /* the escape at i, and those right after it (an ARN's or UTF-8's come in runs) */
        do {
            unsigned hi = raw.len - i >= 3 ? eks_hex_digit1[(unsigned char)s[i + 1]] : 0;
            unsigned lo = hi ? eks_hex_digit1[(unsigned char)s[i + 2]] : 0;
            if (!lo) {
                *bad_at = i;
                return false;
            }
            dst[n++] = (char)((hi - 1) * 16 + lo - 1);
            i += 3;
        } while (i < raw.len && s[i] == '%');
    }
    dst[n] = '\0';
    out->ptr = dst;
    out->len = n;
    return true;
}
