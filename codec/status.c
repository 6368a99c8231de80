#include "ekscodec/common.h"
#include "limits_resolve.h"

#include <string.h>

const char *eks_strerror(eks_status status)
{
    switch (status) {
    case EKS_OK: return "success";
    case EKS_ERR_INVALID_ARGUMENT: return "invalid argument";
    case EKS_ERR_MALFORMED_INPUT: return "malformed input";
    case EKS_ERR_VALIDATION_FAILED: return "validation failed";
    case EKS_ERR_LIMIT_EXCEEDED: return "limit exceeded";
    case EKS_ERR_OUT_OF_MEMORY: return "out of memory";
    case EKS_ERR_CRYPTO: return "cryptographic operation failed";
    case EKS_ERR_SIGNATURE_MISMATCH: return "signature mismatch";
    case EKS_ERR_ENDPOINT: return "endpoint resolution failed";
    case EKS_ERR_BUFFER_TOO_SMALL: return "buffer too small";
    case EKS_STATUS_COUNT_: break;
    }
    return "unknown status";
}

eks_str eks_str_from_cstr(const char *cstr)
{
    eks_str s = {cstr, cstr ? strlen(cstr) : 0};
    return s;
}

bool eks_str_eq(eks_str a, eks_str b)
{
    if (a.ptr == NULL || b.ptr == NULL)
        return a.ptr == b.ptr;
    return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

bool eks_str_eq_cstr(eks_str a, const char *b)
{
    if (!a.ptr || !b)
        return a.ptr == NULL && b == NULL; /* absent equals absent only, as eks_str_eq */
    /* one pass, stopping at b's NUL or the first difference: its callers compare with short
     * names (methods, header and member names), where a strlen then a memcmp cost four times
     * more */
    size_t i = 0;
    for (; i < a.len; i++)
        if (!b[i] || b[i] != a.ptr[i])
            return false;
    return !b[i];
}

eks_limits eks_limits_resolve(const eks_limits *in)
{
    return eks_limits_resolved(in);
}
