#include "ekscodec/http.h"

#include <string.h>

/* ASCII case-insensitive equality of n bytes; field names are ASCII tokens, so no locale
 * (and no libc call per header: the signer looks up "host" on every signature). */
static bool same_name(const char *a, const char *b, size_t n)
{
    unsigned char diff = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        x |= (unsigned char)((unsigned char)(x - 'A') < 26u) << 5;
        y |= (unsigned char)((unsigned char)(y - 'A') < 26u) << 5;
        diff |= x ^ y;
    }
    return diff == 0;
}

const eks_header *eks_http_find_header(const eks_header *headers, size_t count, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < count; i++)
        if (headers[i].name.len == n && headers[i].name.ptr && same_name(headers[i].name.ptr, name, n))
            return &headers[i];
    return NULL;
}
