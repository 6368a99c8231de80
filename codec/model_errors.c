/* Lookups over the generated error table (hand-written: the table is data). */
#include "model_desc.h"

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

eks_error_kind eks_error_kind_from_name(const char *s, size_t len)
{
    if (!s)
        return EKS_ERROR_UNMODELED;
    for (int i = 0; i < EKS_ERROR_KIND_COUNT; i++) {
        const char *name = eks_shapes[eks_errors[i].shape].name;
        if (strlen(name) == len && memcmp(name, s, len) == 0)
            return eks_errors[i].kind;
    }
    return EKS_ERROR_UNMODELED;
}
