/* Private: the one reading of a presigned request's X-Amz-Expires (already percent-decoded),
 * shared by the verifier (sigv4_verify.c) and the exchange checker (exchange_auth.c), which
 * must call the same value malformed. */
#ifndef EKSCODEC_SIGV4_EXPIRES_H
#define EKSCODEC_SIGV4_EXPIRES_H

#include "ekscodec/sigv4.h"

#include <stdbool.h>
#include <stdint.h>

/* Seconds in EKS_SIGV4_MIN_EXPIRES..EKS_SIGV4_MAX_EXPIRES, written as every signer writes
 * them: decimal digits, no sign, no space, no leading zero. False for anything else (absent
 * included). */
static inline bool eks_sigv4_expires_parse(eks_str s, uint32_t *seconds)
{
    uint32_t v = 0;
    /* 604800 has 6 digits: a seventh makes any value too large, so no overflow */
    if (!s.ptr || s.len == 0 || s.len > 6 || s.ptr[0] == '0')
        return false;
    for (size_t i = 0; i < s.len; i++) {
        if (s.ptr[i] < '0' || s.ptr[i] > '9')
            return false;
        v = v * 10 + (uint32_t)(s.ptr[i] - '0');
    }
    if (v < EKS_SIGV4_MIN_EXPIRES || v > EKS_SIGV4_MAX_EXPIRES)
        return false;
    *seconds = v;
    return true;
}

#endif
