/* Lookups over the generated error table (hand-written: the table is data). */
#include "model_desc.h"

#include "buf_inline.h"
#include "ekscodec/operation.h"

#include <string.h>

const char *eks_error_kind_name(eks_error_kind kind)
{
    for (int i = 0; i < EKS_ERROR_KIND_COUNT; i++)
        if (eks_errors[i].kind == kind)
            return eks_shapes[eks_errors[i].shape].name;
    return NULL;
}

int eks_error_kind_http_status(eks_error_kind kind)
{
    for (int i = 0; i < EKS_ERROR_KIND_COUNT; i++)
        if (eks_errors[i].kind == kind)
            return eks_shapes[eks_errors[i].shape].http_status;
    return 0;
}

const eks_error_desc *eks_error_desc_of(eks_error_kind kind)
{
    /* The generator emits the table in enum order; the search covers any other order. */
    if (kind >= 1 && kind <= EKS_ERROR_KIND_COUNT && eks_errors[kind - 1].kind == kind)
        return &eks_errors[kind - 1];
    for (int i = 0; i < EKS_ERROR_KIND_COUNT; i++)
        if (eks_errors[i].kind == kind)
            return &eks_errors[i];
    return NULL;
}

/* name (NUL-terminated) equals the len bytes at s. The first byte rules out most names
 * before their length is taken. */
static bool name_is(const char *name, const char *s, size_t len)
{
    return len && name[0] == s[0] && strlen(name) == len && eks_bytes_equal(name, s, len);
}

eks_error_kind eks_error_kind_from_name(const char *s, size_t len)
{
    if (!s)
        return EKS_ERROR_UNMODELED;
    for (int i = 0; i < EKS_ERROR_KIND_COUNT; i++)
        if (name_is(eks_shapes[eks_errors[i].shape].name, s, len))
            return eks_errors[i].kind;
    return EKS_ERROR_UNMODELED;
}

/* Whether the model lists kind for op: the response decoder reads any error of the service
 * by its shape (as botocore does) and reports one op does not list as unmodeled_error. */
bool eks_operation_has_error(const eks_operation *op, eks_error_kind kind)
{
    if (!op) /* lists nothing (operation.h) */
        return false;
    for (int i = 0; i < op->error_count; i++)
        if (op->errors[i] == kind)
            return true;
    return false;
}
