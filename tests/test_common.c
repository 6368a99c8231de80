#include "ekscodec/common.h"
#include "ekscodec/diag.h"
#include "ekscodec/version.h"
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

START_TEST(strerror_covers_every_status)
{
    for (int s = 0; s < EKS_STATUS_COUNT_; s++)
        ck_assert_str_ne(eks_strerror((eks_status)s), "unknown status");
    ck_assert_str_eq(eks_strerror(EKS_STATUS_COUNT_), "unknown status");
}
END_TEST

START_TEST(buf_grows_and_stays_terminated)
{
    eks_buf b = {0};
    for (int i = 0; i < 1000; i++)
        ck_assert_int_eq(eks_buf_append(&b, "abc", 3), EKS_OK);
    ck_assert_uint_eq(b.len, 3000);
    ck_assert_int_eq(b.ptr[b.len], '\0');
    ck_assert_int_eq(memcmp(b.ptr + 2997, "abc", 3), 0);
    eks_buf_clear(&b);
    ck_assert_uint_eq(b.len, 0);
    ck_assert_str_eq(b.ptr, "");
    eks_buf_free_secure(&b);
    ck_assert_ptr_null(b.ptr);
}
END_TEST

/* common.h: "always NUL-terminated when ptr != NULL", a buffer that was only reserved too
 * (the first allocation was left unterminated: strlen read past it). */
START_TEST(buf_reserved_only_is_terminated)
{
    eks_buf b = {0};
    ck_assert_int_eq(eks_buf_reserve(&b, 10), EKS_OK);
    ck_assert_ptr_nonnull(b.ptr);
    ck_assert_uint_eq(b.len, 0);
    ck_assert_int_eq(b.ptr[0], '\0');
    ck_assert_str_eq(b.ptr, "");
    eks_buf_free(&b);
}
END_TEST

/* common.h and diag.h: a NULL buffer, list, string or format is refused (or a no-op for
 * eks_buf_clear, false for eks_diags_has_code); each of these crashed before. */
START_TEST(null_arguments_are_refused)
{
    eks_buf b = {0};
    eks_buf_clear(NULL);
    ck_assert_int_eq(eks_buf_append(NULL, "x", 1), EKS_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(eks_buf_append(&b, NULL, 3), EKS_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(eks_buf_append_cstr(&b, NULL), EKS_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_null(b.ptr);
    ck_assert_int_eq(eks_buf_append(&b, NULL, 0), EKS_OK);
    ck_assert_str_eq(b.ptr, "");
    eks_buf_free(&b);
    ck_assert_int_eq(eks_diags_add(NULL, EKS_SEV_ERROR, EKS_DIAG_WRONG_TYPE, "$", 0, "x"),
                     EKS_ERR_INVALID_ARGUMENT);
    ck_assert(!eks_diags_has_code(NULL, EKS_DIAG_WRONG_TYPE));
    /* these crashed (an API review): a NULL buffer or list is refused or ignored */
    eks_buf_init(NULL);
    ck_assert_int_eq(eks_buf_reserve(NULL, 1), EKS_ERR_INVALID_ARGUMENT);
    eks_diags_init(NULL);
    eks_diags d;
    eks_diags_init(&d);
    ck_assert_int_eq(eks_diags_add(&d, EKS_SEV_ERROR, EKS_DIAG_WRONG_TYPE, "$", 0, "x"), EKS_OK);
    ck_assert_int_eq(eks_diags_append_new(&d, NULL), EKS_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(eks_diags_append_new(NULL, &d), EKS_ERR_INVALID_ARGUMENT);
    ck_assert_uint_eq(d.count, 1);
    eks_diags_free(&d);
    /* a value outside the enum is named as no real severity (7 was "warning") */
    ck_assert_str_eq(eks_severity_name((eks_severity)7), "unknown");
    ck_assert_str_eq(eks_severity_name((eks_severity)-1), "unknown");
}
END_TEST

/* Appending a list to itself adds nothing (diag.h): its dropped diagnostics were counted
 * a second time (errors 2 -> 3, dropped 1 -> 2). */
START_TEST(diags_append_to_itself_adds_nothing)
{
    eks_diags d;
    eks_diags_init(&d);
    d.max_items = 1;
    ck_assert_int_eq(eks_diags_add(&d, EKS_SEV_ERROR, EKS_DIAG_WRONG_TYPE, "$.a", 0, "x"), EKS_OK);
    ck_assert_int_eq(eks_diags_add(&d, EKS_SEV_ERROR, EKS_DIAG_WRONG_TYPE, "$.b", 0, "y"), EKS_OK);
    ck_assert_int_eq(eks_diags_add(&d, EKS_SEV_WARNING, EKS_DIAG_UNKNOWN_MEMBER, "$.c", 0, "z"), EKS_OK);
    ck_assert_int_eq(eks_diags_append_new(&d, &d), EKS_OK);
    ck_assert_uint_eq(d.count, 1);
    ck_assert_uint_eq(d.errors, 2);
    ck_assert_uint_eq(d.warnings, 1);
    ck_assert_uint_eq(d.dropped, 2);
    eks_diags_free(&d);
}
END_TEST

START_TEST(diag_codes_have_stable_names)
{
    for (int c = 0; c < EKS_DIAG_CODE_COUNT_; c++)
        ck_assert_str_ne(eks_diag_code_name((eks_diag_code)c), "unknown");
    ck_assert_str_eq(eks_diag_code_name(EKS_DIAG_MISSING_REQUIRED_MEMBER), "missing_required_member");
    ck_assert_str_eq(eks_diag_code_name(EKS_DIAG_EMPTY_URI_LABEL), "empty_uri_label");
}
END_TEST

START_TEST(diags_respect_the_storage_limit)
{
    eks_diags d;
    eks_diags_init(&d);
    d.max_items = 3;
    for (int i = 0; i < 5; i++)
        ck_assert_int_eq(eks_diags_add(&d, i % 2 ? EKS_SEV_WARNING : EKS_SEV_ERROR,
                                       EKS_DIAG_WRONG_TYPE, "$.a", 7, "n=%d", i), EKS_OK);
    ck_assert_uint_eq(d.count, 3);
    ck_assert_uint_eq(d.dropped, 2);
    ck_assert_uint_eq(d.errors, 3);
    ck_assert_uint_eq(d.warnings, 2);
    ck_assert_str_eq(d.items[2].message, "n=2");
    ck_assert(eks_diags_has_code(&d, EKS_DIAG_WRONG_TYPE));
    ck_assert(!eks_diags_has_code(&d, EKS_DIAG_DUPLICATE_KEY));
    eks_diags_free(&d);
    ck_assert_uint_eq(d.count, 0);
}
END_TEST

/* diag.h: a dropped diagnostic still counts (errors, warnings, has_code), and
 * eks_diags_append_new carries the counts of what src dropped. */
START_TEST(dropped_diagnostics_still_count)
{
    eks_diags src, dst;
    eks_diags_init(&src);
    eks_diags_init(&dst);
    src.max_items = 1;
    ck_assert_int_eq(eks_diags_add(&src, EKS_SEV_WARNING, EKS_DIAG_UNKNOWN_ENUM_VALUE, "$.a", 1, "w"), EKS_OK);
    ck_assert_int_eq(eks_diags_add(&src, EKS_SEV_ERROR, EKS_DIAG_MISSING_REQUIRED_MEMBER, "$.b", 2, "e"), EKS_OK);
    ck_assert_int_eq(eks_diags_add(&src, EKS_SEV_WARNING, EKS_DIAG_UNKNOWN_MEMBER, "$.c", 3, "w2"), EKS_OK);
    ck_assert(eks_diags_has_code(&src, EKS_DIAG_MISSING_REQUIRED_MEMBER));
    ck_assert(!eks_diags_has_code(&src, EKS_DIAG_WRONG_TYPE));
    ck_assert(!eks_diags_has_code(&src, EKS_DIAG_CODE_COUNT_));
    /* dst already holds the stored one: it is not copied again, the dropped two are counted */
    ck_assert_int_eq(eks_diags_add(&dst, EKS_SEV_WARNING, EKS_DIAG_UNKNOWN_ENUM_VALUE, "$.a", 1, "w"), EKS_OK);
    ck_assert_int_eq(eks_diags_append_new(&dst, &src), EKS_OK);
    ck_assert_uint_eq(dst.count, 1);
    ck_assert_uint_eq(dst.errors, 1);
    ck_assert_uint_eq(dst.warnings, 2);
    ck_assert_uint_eq(dst.dropped, 2);
    ck_assert(eks_diags_has_code(&dst, EKS_DIAG_MISSING_REQUIRED_MEMBER));
    ck_assert(eks_diags_has_code(&dst, EKS_DIAG_UNKNOWN_MEMBER));
    eks_diags_free(&src);
    eks_diags_free(&dst);
    ck_assert(!eks_diags_has_code(&dst, EKS_DIAG_UNKNOWN_MEMBER));
}
END_TEST

START_TEST(limits_fill_defaults_only_where_zero)
{
    eks_limits in = {.max_depth = 5};
    eks_limits l = eks_limits_resolve(&in);
    ck_assert_uint_eq(l.max_depth, 5);
    ck_assert_uint_eq(l.max_body_bytes, EKS_LIMIT_DEFAULT_BODY_BYTES);
    l = eks_limits_resolve(NULL);
    ck_assert_uint_eq(l.max_depth, EKS_LIMIT_DEFAULT_DEPTH);
}
END_TEST

/* The version written in project(ekscodec VERSION x.y.z ...) of the top-level CMakeLists.txt,
 * read here from the file itself. */
static void version_in_cmakelists(char *out, size_t cap)
{
    char *path = ts_path(ts_source_dir(), "CMakeLists.txt");
    char *text = ts_read_file(path, NULL);
    ck_assert_msg(text != NULL, "cannot read %s", path);
    const char *p = strstr(text, "project(ekscodec VERSION ");
    ck_assert_msg(p != NULL, "%s has no project(ekscodec VERSION ...)", path);
    p += strlen("project(ekscodec VERSION ");
    size_t n = strspn(p, "0123456789.");
    ck_assert(n > 0 && n < cap);
    memcpy(out, p, n);
    out[n] = '\0';
    free(text);
    free(path);
}

START_TEST(version_is_the_project_version)
{
    char want[32], macros[64];
    version_in_cmakelists(want, sizeof want);
    /* what ctest was told by CMake, and what pkg-config reads from the built .pc file */
    const char *from_cmake = getenv("EKSCODEC_PROJECT_VERSION");
    ck_assert_msg(from_cmake != NULL, "EKSCODEC_PROJECT_VERSION is not set (tests/CMakeLists.txt sets it)");
    ck_assert_str_eq(from_cmake, want);
    const char *build = getenv("EKSCODEC_BUILD_DIR");
    ck_assert_ptr_nonnull(build);
    char cmd[1200], pc[64] = "";
    snprintf(cmd, sizeof cmd, "PKG_CONFIG_PATH='%s' pkg-config --modversion ekscodec", build);
    FILE *f = popen(cmd, "r");
    ck_assert_ptr_nonnull(f);
    ck_assert_ptr_nonnull(fgets(pc, sizeof pc, f));
    ck_assert_int_eq(pclose(f), 0);
    pc[strcspn(pc, "\n")] = '\0';
    ck_assert_str_eq(pc, want);
    /* the library and the generated header */
    ck_assert_str_eq(eks_version(), want);
    ck_assert_ptr_eq(eks_version(), eks_version()); /* a static string */
    ck_assert_str_eq(EKSCODEC_VERSION_STRING, want);
    snprintf(macros, sizeof macros, "%d.%d.%d", EKSCODEC_VERSION_MAJOR, EKSCODEC_VERSION_MINOR,
             EKSCODEC_VERSION_PATCH);
    ck_assert_str_eq(macros, want);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("common");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, strerror_covers_every_status);
    tcase_add_test(tc, buf_grows_and_stays_terminated);
    tcase_add_test(tc, diag_codes_have_stable_names);
    tcase_add_test(tc, diags_respect_the_storage_limit);
    tcase_add_test(tc, dropped_diagnostics_still_count);
    tcase_add_test(tc, limits_fill_defaults_only_where_zero);
    tcase_add_test(tc, version_is_the_project_version);
    tcase_add_test(tc, buf_reserved_only_is_terminated);
    tcase_add_test(tc, null_arguments_are_refused);
    tcase_add_test(tc, diags_append_to_itself_adds_nothing);
    suite_add_tcase(s, tc);
    return ts_run_suite(s);
}
