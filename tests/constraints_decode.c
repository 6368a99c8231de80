#include "constraints_decode.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

void cd_run(cd_decode *x, eks_shape_id shape, const char *json, void *dst, cd_role role)
{
    size_t len = strlen(json);
    x->buf = malloc(len + 1);
    ck_assert_ptr_nonnull(x->buf);
    memcpy(x->buf, json, len + 1);
    eks_arena_init(&x->arena);
    eks_diags_init(&x->diags);
    eks_shape_decoder_init(&x->d, x->buf, len, &x->arena, &x->diags, NULL, role == CD_RESPONSE_STRICT);
    /* What request.c's decoders and the CLI's parameter reader set. */
    if (role == CD_REQUEST || role == CD_PARAMS)
        x->d.constraint_severity = EKS_SEV_ERROR;
    if (role == CD_PARAMS) {
        x->d.all_locations = true;
        x->d.unknown_member_is_error = true;
    }
    ck_assert_msg(eks_shape_decode_value(&x->d, shape, dst) && eks_json_finish(&x->d.reader), "decoding stopped: %s",
                  json);
}

void cd_free(cd_decode *x)
{
    eks_diags_free(&x->diags);
    eks_arena_free(&x->arena);
    free(x->buf);
}

size_t cd_count_code(const eks_diags *d, eks_diag_code code)
{
    size_t n = 0;
    for (size_t i = 0; i < d->count; i++)
        n += d->items[i].code == code;
    return n;
}
