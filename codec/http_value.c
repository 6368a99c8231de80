#include "ekscodec/http.h"

#include <strings.h>
#include <string.h>

const eks_header *eks_http_find_header(const eks_header *headers, size_t count, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < count; i++)
        if (headers[i].name.len == n && headers[i].name.ptr && strncasecmp(headers[i].name.ptr, name, n) == 0)
            return &headers[i];
    return NULL;
}
