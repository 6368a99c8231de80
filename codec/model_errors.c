/* Lookups over the generated error table (hand-written: the table is data). */
#include "model_desc.h"

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

/* Errors are typed per operation, as the AWS SDK for JavaScript does: a type the service
 * models but this operation does not list is unmodeled here (botocore would look it up
 * service-wide and fill its fields; the corpus records the difference). */
bool eks_operation_has_error(const eks_operation *op, eks_error_kind kind)
{
    for (int i = 0; i < op->error_count; i++)
        if (op->errors[i] == kind)
            return true;
    return false;
}

eks_error_kind eks_operation_error_kind(eks_operation_id op, const char *s, size_t len)
{
    eks_error_kind kind = eks_error_kind_from_name(s, len);
    return eks_operation_has_error(&eks_operations[op], kind) ? kind : EKS_ERROR_UNMODELED;
}
