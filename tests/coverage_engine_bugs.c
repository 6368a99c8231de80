/*
 * Engine defects found while writing test_coverage_engine (synthetic model), fixed since:
 * 64-bit integers were read through a double, and null map values were kept silently. Run by
 * ctest as coverage_engine_regressions.
 */
#include "shape_codec.h"
#include "test_support.h"

#include <stdlib.h>
#include <string.h>

static bool run(eks_shape_id shape, const char *json, void *dst, eks_diags *diags, eks_arena *a,
                char **buf)
{
    size_t len = strlen(json);
    *buf = malloc(len + 1);
    memcpy(*buf, json, len + 1);
    eks_arena_init(a);
    eks_diags_init(diags);
    eks_shape_decoder d;
    eks_shape_decoder_init(&d, *buf, len, a, diags, NULL, false);
    d.all_locations = true;
    return eks_shape_decode_value(&d, shape, dst) && eks_json_finish(&d.reader);
}

/* Smithy long = signed 64-bit: the bounds are exact, and no integer may change value.
 * The engine converts through a double (53-bit mantissa). */
START_TEST(long_bounds_are_exact)
{
    const struct { const char *json; bool valid; int64_t value; } c[] = {
        {"9223372036854775807", true, INT64_MAX},        /* rejected today */
        {"-9223372036854775809", false, 0},              /* accepted as INT64_MIN today */
        {"9007199254740993", true, 9007199254740993LL},  /* decoded as ...992 today */
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        eks_opt_int v = {0};
        eks_diags d;
        eks_arena a;
        char *buf;
        ck_assert(run(EKS_SHAPE_BIG, c[i].json, &v, &d, &a, &buf));
        ck_assert_msg(v.present == c[i].valid, "%s: present=%d", c[i].json, v.present);
        if (c[i].valid)
            ck_assert_msg(v.value == c[i].value, "%s decoded as %lld", c[i].json, (long long)v.value);
        eks_diags_free(&d);
        eks_arena_free(&a);
        free(buf);
    }
}
END_TEST

/* A dense map drops null values (restJson1 RestJsonDeserializesDenseSetMapAndSkipsNull), and
 * the engine reports drops (as decode_list does for null list elements). Today the entry is
 * kept with an absent value and no diagnostic; re-encoding it writes "" instead. */
START_TEST(null_map_value_is_dropped_and_reported)
{
    eks_name_map m = {0};
    eks_diags d;
    eks_arena a;
    char *buf;
    ck_assert(run(EKS_SHAPE_NAME_MAP, "{\"a\":null,\"b\":\"x\"}", &m, &d, &a, &buf));
    ck_assert_uint_eq(d.count, 1);
    ck_assert_uint_eq(m.count, 1);
    eks_diags_free(&d);
    eks_arena_free(&a);
    free(buf);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("coverage_engine_bugs");
    TCase *tc = tcase_create("bugs");
    tcase_add_test(tc, long_bounds_are_exact);
    tcase_add_test(tc, null_map_value_is_dropped_and_reported);
    suite_add_tcase(s, tc);
    return ts_run_suite(s);
}
