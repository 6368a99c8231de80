/* eks_limits_resolve() inline, for the decode entry points and the JSON reader that resolve
 * the limits on every call. */
#ifndef EKSCODEC_LIMITS_RESOLVE_H
#define EKSCODEC_LIMITS_RESOLVE_H

#include "ekscodec/common.h"

static inline eks_limits eks_limits_resolved(const eks_limits *in)
{
    eks_limits out = {0};
    if (in)
        out = *in;
    if (out.max_body_bytes == 0) out.max_body_bytes = EKS_LIMIT_DEFAULT_BODY_BYTES;
    if (out.max_depth == 0) out.max_depth = EKS_LIMIT_DEFAULT_DEPTH;
    if (out.max_list_len == 0) out.max_list_len = EKS_LIMIT_DEFAULT_LIST_LEN;
    if (out.max_string_bytes == 0) out.max_string_bytes = EKS_LIMIT_DEFAULT_STRING_BYTES;
    if (out.max_diagnostics == 0) out.max_diagnostics = EKS_LIMIT_DEFAULT_DIAGNOSTICS;
    return out;
}

#endif
