/*
 * A program outside the project, built only from what `cmake --install` put in a prefix:
 * it proves the installed headers compile on their own and the installed library links and
 * exports the documented symbols. Expected values come from the contracts in
 * include/ekscodec/common.h, not from the implementation, and the version from the package
 * that found the library: EKSCODEC_EXPECTED_VERSION is find_package's ekscodec_VERSION or
 * `pkg-config --modversion ekscodec`.
 */
#include <ekscodec/common.h>
#include <ekscodec/version.h>

#include <stdio.h>
#include <string.h>

#ifndef EKSCODEC_EXPECTED_VERSION
#error "build with -DEKSCODEC_EXPECTED_VERSION=\"x.y.z\" (the version the package reports)"
#endif

int main(void)
{
    int rc = 1;
    const char *what = "eks_strerror";
    eks_buf buf = {0};
    const char *ok = eks_strerror(EKS_OK);
    const char *oom = eks_strerror(EKS_ERR_OUT_OF_MEMORY);
    const char *out_of_range = eks_strerror(EKS_STATUS_COUNT_); /* "never NULL" */

    if (ok == NULL || oom == NULL || out_of_range == NULL || ok[0] == '\0' || strcmp(ok, oom) == 0)
        goto out;

    what = "eks_buf_append";
    if (eks_buf_append_cstr(&buf, "identity-provider-configs") != EKS_OK ||
        eks_buf_append(&buf, "/disassociate", 13) != EKS_OK)
        goto out;
    /* len excludes the terminator, and the buffer stays NUL-terminated. */
    what = "eks_buf contents";
    if (buf.len != 38 || buf.ptr[buf.len] != '\0' ||
        strcmp(buf.ptr, "identity-provider-configs/disassociate") != 0)
        goto out;
    what = "eks_str_eq_cstr";
    if (!eks_str_eq_cstr((eks_str){buf.ptr, buf.len}, "identity-provider-configs/disassociate") ||
        eks_str_eq_cstr((eks_str){buf.ptr, buf.len - 1}, "identity-provider-configs/disassociate"))
        goto out;
    what = "eks_version";
    char macros[64];
    snprintf(macros, sizeof macros, "%d.%d.%d", EKSCODEC_VERSION_MAJOR, EKSCODEC_VERSION_MINOR,
             EKSCODEC_VERSION_PATCH);
    if (eks_version() == NULL || strcmp(eks_version(), EKSCODEC_EXPECTED_VERSION) != 0 ||
        strcmp(EKSCODEC_VERSION_STRING, EKSCODEC_EXPECTED_VERSION) != 0 ||
        strcmp(macros, EKSCODEC_EXPECTED_VERSION) != 0)
        goto out;
    rc = 0;
out:
    eks_buf_free(&buf);
    if (rc != 0)
        fprintf(stderr, "consumer: %s did not behave as documented\n", what);
    else
        printf("consumer: ok (%s, version %s)\n", ok, eks_version());
    return rc;
}
