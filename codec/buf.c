#include "ekscodec/common.h"

#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>

void eks_buf_init(eks_buf *buf)
{
    if (!buf)
        return;
    buf->ptr = NULL;
    buf->len = 0;
    buf->cap = 0;
}

void eks_buf_free(eks_buf *buf)
{
    if (!buf)
        return;
    free(buf->ptr);
    eks_buf_init(buf);
}

void eks_buf_free_secure(eks_buf *buf)
{
    if (!buf)
        return;
    if (buf->ptr)
        OPENSSL_cleanse(buf->ptr, buf->cap);
    eks_buf_free(buf);
}

void eks_buf_clear(eks_buf *buf)
{
    if (!buf)
        return;
    buf->len = 0;
    if (buf->ptr)
        buf->ptr[0] = '\0';
}

eks_status eks_buf_reserve(eks_buf *buf, size_t extra)
{
    if (!buf)
        return EKS_ERR_INVALID_ARGUMENT;
    /* +1 keeps room for the terminator that every eks_buf carries. */
    if (extra > SIZE_MAX - buf->len - 1)
        return EKS_ERR_OUT_OF_MEMORY;
    size_t need = buf->len + extra + 1;
    if (need <= buf->cap)
        return EKS_OK;
    size_t cap = buf->cap ? buf->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    /* Not realloc: it would hand the old block back to the heap as it is, and a buffer may
     * hold a session token or a signature (the signer's, the verifier's). The old block is
     * wiped before it is freed; doubling keeps the cost to one more pass over the bytes. */
    char *p = malloc(cap);
    if (!p)
        return EKS_ERR_OUT_OF_MEMORY;
    if (buf->ptr) {
        memcpy(p, buf->ptr, buf->len + 1 <= buf->cap ? buf->len + 1 : buf->len);
        OPENSSL_cleanse(buf->ptr, buf->cap);
        free(buf->ptr);
    } else {
        p[0] = '\0'; /* common.h: NUL-terminated whenever ptr != NULL, reserved-only included */
    }
    buf->ptr = p;
    buf->cap = cap;
    return EKS_OK;
}

eks_status eks_buf_append(eks_buf *buf, const void *bytes, size_t len)
{
    if (!buf || (!bytes && len))
        return EKS_ERR_INVALID_ARGUMENT;
    eks_status st = eks_buf_reserve(buf, len);
    if (st != EKS_OK)
        return st;
    if (len)
        memcpy(buf->ptr + buf->len, bytes, len);
    buf->len += len;
    buf->ptr[buf->len] = '\0';
    return EKS_OK;
}

eks_status eks_buf_append_cstr(eks_buf *buf, const char *cstr)
{
    if (!cstr)
        return EKS_ERR_INVALID_ARGUMENT;
    return eks_buf_append(buf, cstr, strlen(cstr));
}

eks_status eks_buf_append_byte(eks_buf *buf, char byte)
{
    return eks_buf_append(buf, &byte, 1);
}
