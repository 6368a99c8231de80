#include "http_name.h"

#include "buf_inline.h"

#include <string.h>

/* ASCII case-insensitive equality of n bytes; field names are ASCII tokens, so no locale
 * (and no libc call per header: the signer looks up "host" on every signature). Eight bytes
 * are folded and compared at a time (a short tail as the overlapping last eight), and the
 * first differing word ends the compare. */
static bool same_name(const char *a, const char *b, size_t n)
{
    if (n >= 8) {
        for (size_t i = 0; i + 8 < n; i += 8)
            if (eks_swar_lower(eks_swar_load(a + i)) != eks_swar_lower(eks_swar_load(b + i)))
                return false;
        return eks_swar_lower(eks_swar_load(a + n - 8)) == eks_swar_lower(eks_swar_load(b + n - 8));
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x != y && ((x ^ y) != 0x20 || (unsigned char)((x | 0x20) - 'a') >= 26u))
            return false;
    }
    return true;
}

const eks_header *eks_http_find_header(const eks_header *headers, size_t count, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < count; i++)
        if (headers[i].name.len == n && headers[i].name.ptr && same_name(headers[i].name.ptr, name, n))
            return &headers[i];
    return NULL;
}

const eks_header *eks_http_find_lower(const eks_header *headers, size_t count, const char *lower, size_t n)
{
    for (size_t i = 0; i < count; i++)
        if (headers[i].name.len == n && headers[i].name.ptr && eks_ascii_equal_lower(headers[i].name.ptr, lower, n))
            return &headers[i];
    return NULL;
}
