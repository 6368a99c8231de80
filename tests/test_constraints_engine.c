/*
 * Constraint traits through the generic engine over the synthetic model
 * (tests/engine_synthetic/), whose Bounds structure holds what the EKS model has and more: a
 * string with min, max and a pattern anchored at both ends (Label), a string with only a max
 * (Note), a map with bounds and constrained keys (LabelMap), a list with only a max
 * (CodeList), a long whose bounds a double cannot hold (Offset), an integer with only a min
 * (Level) and a blob (Digest: Smithy counts its bytes). Bounds are read from
 * tests/schema_fixtures/synthetic-model.json, never from the tables under test.
 */
#include "constraints_decode.h"
#include "constraints_model.h"
#include "shape_codec.h"
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_object *model;

static void load_model(void)
{
    char *p = ts_path(ts_source_dir(), "tests/schema_fixtures/synthetic-model.json");
    model = cm_load(p);
    free(p);
}

static void free_model(void)
{
    json_object_put(model);
    model = NULL;
}

static const eks_severity role_sev[] = {EKS_SEV_WARNING, EKS_SEV_ERROR, EKS_SEV_ERROR};

/* Expected diagnostics: code + path, every one with severity `sev`, and nothing else. */
typedef struct want {
    eks_diag_code code;
    const char *path;
} want;

static void expect(const eks_diags *d, eks_severity sev, const want *w, size_t n, const char *what)
{
    ck_assert_msg(d->count == n, "%s: %zu diagnostics, want %zu (first: %s %s %s)", what, d->count, n,
                  d->count ? eks_diag_code_name(d->items[0].code) : "-", d->count ? d->items[0].path : "",
                  d->count ? d->items[0].message : "");
    for (size_t i = 0; i < n; i++) {
        bool found = false;
        for (size_t k = 0; k < d->count && !found; k++)
            found = d->items[k].code == w[i].code && strcmp(d->items[k].path, w[i].path) == 0 &&
                    d->items[k].severity == sev;
        ck_assert_msg(found, "%s: no %s %s at %s", what, eks_severity_name(sev), eks_diag_code_name(w[i].code),
                      w[i].path);
    }
}

#define LEN EKS_DIAG_LENGTH_OUT_OF_RANGE
#define VAL EKS_DIAG_VALUE_OUT_OF_RANGE
#define PAT EKS_DIAG_PATTERN_MISMATCH

static char *bounds_json(const char *member, const char *raw_value)
{
    size_t n = strlen(member) + strlen(raw_value) + 16;
    char *s = malloc(n);
    ck_assert_ptr_nonnull(s);
    snprintf(s, n, "{\"%s\":%s}", member, raw_value);
    return s;
}

/* Decodes {member: raw} as Bounds in every role and checks the verdict. */
static void check_member(const char *member, const char *raw, const want *w, size_t n)
{
    char *json = bounds_json(member, raw);
    for (cd_role r = CD_RESPONSE; r <= CD_REQUEST; r++) {
        eks_bounds b = {0};
        cd_decode x;
        cd_run(&x, EKS_SHAPE_BOUNDS, json, &b, r);
        expect(&x.diags, role_sev[r], w, n, json);
        cd_free(&x);
    }
    free(json);
}

START_TEST(string_length_and_anchored_pattern)
{
    ck_assert_int_eq(cm_need(model, "Label", "min"), 2);
    ck_assert_int_eq(cm_need(model, "Label", "max"), 4);
    ck_assert_str_eq(cm_pattern(model, "Label"), "^[a-z][a-z0-9\\-]*$");
    const want len[] = {{LEN, "$.label"}}, pat[] = {{PAT, "$.label"}}, both[] = {{LEN, "$.label"}, {PAT, "$.label"}};
    check_member("label", "\"ab\"", NULL, 0);
    check_member("label", "\"a-9z\"", NULL, 0);
    check_member("label", "\"a\"", len, 1);
    check_member("label", "\"abcde\"", len, 1);
    check_member("label", "\"1ab\"", pat, 1);
    check_member("label", "\"ab_\"", pat, 1); /* '$': the whole string must match */
    check_member("label", "\"ab\\n\"", pat, 1);
    check_member("label", "\"\"", both, 2);
    check_member("label", "\"ab\\u00fc\"", pat, 1);
    check_member("label", "null", NULL, 0); /* absent: nothing to check */
}
END_TEST

START_TEST(string_length_is_in_code_points)
{
    int64_t max = cm_need(model, "Note", "max"), ignored;
    ck_assert(!cm_bound(model, "Note", "min", &ignored));
    const want len[] = {{LEN, "$.note"}};
    const char *units[] = {"\xc3\xbc", "\xf0\x9f\x98\x80", "\\u00fc", "\\ud83d\\ude00", "x"};
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++)
        for (int64_t n = max; n <= max + 1; n++) {
            char *v = cm_repeat(units[u], (size_t)n);
            size_t cap = strlen(v) + 3;
            char *q = malloc(cap);
            snprintf(q, cap, "\"%s\"", v);
            check_member("note", q, len, n > max ? 1 : 0);
            free(q);
            free(v);
        }
    check_member("note", "\"\"", NULL, 0);
    /* Code points, not characters as a reader sees them: e + COMBINING ACUTE is two. */
    char *e = cm_repeat("e\xcc\x81", (size_t)max / 2 + 1);
    size_t cap = strlen(e) + 3;
    char *q = malloc(cap);
    snprintf(q, cap, "\"%s\"", e);
    check_member("note", q, len, (size_t)(max / 2 + 1) * 2 > (size_t)max ? 1 : 0);
    free(q);
    free(e);
}
END_TEST

START_TEST(map_entries_keys_and_values)
{
    ck_assert_int_eq(cm_need(model, "LabelMap", "min"), 1);
    ck_assert_int_eq(cm_need(model, "LabelMap", "max"), 2);
    const want count[] = {{LEN, "$.labels"}};
    check_member("labels", "{}", count, 1);
    check_member("labels", "{\"ab\":\"x\"}", NULL, 0);
    check_member("labels", "{\"ab\":\"x\",\"cd\":\"y\"}", NULL, 0);
    check_member("labels", "{\"ab\":\"x\",\"cd\":\"y\",\"ef\":\"z\"}", count, 1);
    const want key_len[] = {{LEN, "$.labels.a"}}, key_pat[] = {{PAT, "$.labels.A1"}};
    check_member("labels", "{\"a\":\"x\"}", key_len, 1);
    check_member("labels", "{\"A1\":\"x\"}", key_pat, 1);
    const want value_len[] = {{LEN, "$.labels.ab"}};
    check_member("labels", "{\"ab\":\"123456\"}", value_len, 1);
    /* Null values are dropped (reported as such); the count is of the map the caller gets. */
    char *json = bounds_json("labels", "{\"ab\":null,\"cd\":\"y\",\"ef\":null}");
    eks_bounds b = {0};
    cd_decode x;
    cd_run(&x, EKS_SHAPE_BOUNDS, json, &b, CD_REQUEST);
    ck_assert_uint_eq(b.labels.count, 1);
    ck_assert_uint_eq(x.diags.count, 2);
    ck_assert_int_eq(x.diags.items[0].code, EKS_DIAG_WRONG_TYPE);
    cd_free(&x);
    free(json);
}
END_TEST

START_TEST(list_item_counts)
{
    int64_t max = cm_need(model, "CodeList", "max"), ignored;
    ck_assert(!cm_bound(model, "CodeList", "min", &ignored));
    const want count[] = {{LEN, "$.codes"}};
    check_member("codes", "[]", NULL, 0);
    ck_assert_int_eq(max, 2);
    check_member("codes", "[\"ab\",\"cd\"]", NULL, 0);
    check_member("codes", "[\"ab\",\"cd\",\"ef\"]", count, 1);
    const want item[] = {{LEN, "$.codes[1]"}, {PAT, "$.codes[1]"}};
    check_member("codes", "[\"ab\",\"A\"]", item, 2);

    /* PartList (min 1, max 10) in the request. */
    int64_t pmin = cm_need(model, "PartList", "min"), pmax = cm_need(model, "PartList", "max");
    const int64_t counts[] = {pmin - 1, pmin, pmax, pmax + 1};
    for (size_t i = 0; i < 4; i++) {
        char json[512] = "{\"parts\":[";
        for (int64_t k = 0; k < counts[i]; k++)
            strcat(json, k ? ",{\"size\":1}" : "{\"size\":1}");
        strcat(json, "]}");
        eks_put_thing_request rq = {0};
        cd_decode x;
        cd_run(&x, EKS_SHAPE_PUT_THING_REQUEST, json, &rq, CD_REQUEST);
        const want w[] = {{LEN, "$.parts"}};
        bool bad = counts[i] < pmin || counts[i] > pmax;
        expect(&x.diags, EKS_SEV_ERROR, w, bad ? 1 : 0, json);
        if (bad)
            ck_assert_uint_eq(x.diags.items[0].offset, strlen("{\"parts\":"));
        cd_free(&x);
    }
}
END_TEST

START_TEST(integer_and_long_ranges)
{
    int64_t omin = cm_need(model, "Offset", "min"), omax = cm_need(model, "Offset", "max");
    /* Beyond 2^53: a check through a double would see 9007199254740994 as in range. */
    ck_assert_int_eq(omax, 9007199254740993LL);
    const want off[] = {{VAL, "$.offset"}};
    char raw[40];
    snprintf(raw, sizeof raw, "%lld", (long long)omax);
    check_member("offset", raw, NULL, 0);
    snprintf(raw, sizeof raw, "%lld", (long long)omax + 1);
    check_member("offset", raw, off, 1);
    snprintf(raw, sizeof raw, "%lld", (long long)omin);
    check_member("offset", raw, NULL, 0);
    snprintf(raw, sizeof raw, "%lld", (long long)omin - 1);
    check_member("offset", raw, off, 1);
    check_member("offset", "-9223372036854775808", off, 1);
    check_member("offset", "1.0e2", NULL, 0);

    int64_t lmin = cm_need(model, "Level", "min"), ignored;
    ck_assert(!cm_bound(model, "Level", "max", &ignored));
    const want lvl[] = {{VAL, "$.level"}};
    snprintf(raw, sizeof raw, "%lld", (long long)lmin);
    check_member("level", raw, NULL, 0);
    snprintf(raw, sizeof raw, "%lld", (long long)lmin - 1);
    check_member("level", raw, lvl, 1);
    check_member("level", "2147483647", NULL, 0);
    /* Not an integer at all: wrong_type only, no range diagnostic on a value never set. */
    char *json = bounds_json("level", "2147483648");
    eks_bounds b = {0};
    cd_decode x;
    cd_run(&x, EKS_SHAPE_BOUNDS, json, &b, CD_REQUEST);
    ck_assert_uint_eq(x.diags.count, 1);
    ck_assert_int_eq(x.diags.items[0].code, EKS_DIAG_WRONG_TYPE);
    cd_free(&x);
    free(json);
}
END_TEST

START_TEST(blob_length_counts_bytes)
{
    ck_assert_int_eq(cm_need(model, "Digest", "min"), 2);
    ck_assert_int_eq(cm_need(model, "Digest", "max"), 3);
    const want len[] = {{LEN, "$.digest"}};
    check_member("digest", "\"aGk=\"", NULL, 0);     /* "hi": 2 bytes */
    check_member("digest", "\"YWJj\"", NULL, 0);     /* "abc": 3 */
    check_member("digest", "\"YQ==\"", len, 1);      /* "a": 1 */
    check_member("digest", "\"YWJjZA==\"", len, 1);  /* "abcd": 4 */
    check_member("digest", "\"\"", len, 1);
}
END_TEST

/* ---- encode, validate and eks_shape_check_constraints ------------------------------------ */

static bool encode_clean(eks_shape_id shape, const void *v)
{
    eks_buf b;
    eks_buf_init(&b);
    bool clean = true;
    ck_assert_int_eq(eks_shape_encode_json(shape, v, &b, &clean), EKS_OK);
    eks_buf_free(&b);
    return clean;
}

START_TEST(encode_and_validate_report_every_violation_as_an_error)
{
    eks_str keys[3] = {EKS_STR_LIT("ab"), EKS_STR_LIT("cd"), EKS_STR_LIT("x")};
    eks_str values[3] = {EKS_STR_LIT("1"), EKS_STR_LIT("\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc"), EKS_STR_LIT("")};
    eks_str codes[3] = {EKS_STR_LIT("ab"), EKS_STR_LIT("cd"), EKS_STR_LIT("ef")};
    eks_put_thing_request rq = {
        .present = true,
        .bucket = EKS_STR_LIT("b"),
        .key = EKS_STR_LIT("k"),
        .label = EKS_STR_LIT("ab"),
        .bounds = {.present = true, .label = EKS_STR_LIT("abcd"), .note = EKS_STR_LIT("12345"),
                   .labels = {true, 2, keys, values}, .codes = {true, 2, codes},
                   .offset = {true, 9007199254740993LL}, .level = {true, -3}, .digest = EKS_STR_LIT("YWJj")},
    };
    /* Everything at its bound: one clean pass, nothing for the validator. */
    ck_assert(encode_clean(EKS_SHAPE_PUT_THING_REQUEST, &rq));
    eks_diags d;
    bool oom = false;
    eks_diags_init(&d);
    eks_shape_validate(EKS_SHAPE_PUT_THING_REQUEST, &rq, "$", false, &d, &oom);
    expect(&d, EKS_SEV_ERROR, NULL, 0, "at the bounds");

    /* One past each: every one reported, as an error even though not strict. */
    rq.label = EKS_STR_LIT("1x"); /* a query-string member */
    rq.bounds.note = EKS_STR_LIT("123456");
    rq.bounds.labels.count = 3;
    rq.bounds.codes.count = 3;
    rq.bounds.offset.value = 9007199254740994LL;
    rq.bounds.level.value = -4;
    rq.bounds.digest = EKS_STR_LIT("YQ==");
    ck_assert(!encode_clean(EKS_SHAPE_PUT_THING_REQUEST, &rq));
    const want w[] = {
        {PAT, "$.label"},          {LEN, "$.bounds.note"},   {LEN, "$.bounds.labels"},
        {LEN, "$.bounds.labels.x"}, {LEN, "$.bounds.codes"}, {VAL, "$.bounds.offset"},
        {VAL, "$.bounds.level"},   {LEN, "$.bounds.digest"},
    };
    eks_diags_free(&d);
    eks_shape_validate(EKS_SHAPE_PUT_THING_REQUEST, &rq, "$", false, &d, &oom);
    expect(&d, EKS_SEV_ERROR, w, sizeof w / sizeof w[0], "past the bounds");
    ck_assert(!oom);
    eks_diags_free(&d);

    /* Each violation alone turns the encoder's flag. */
    eks_bounds b = rq.bounds;
    b.note = EKS_STR_LIT("1");
    b.labels.count = 1;
    b.codes.count = 1;
    b.offset.value = 0;
    b.level.value = 0;
    b.digest = EKS_STR_LIT("aGk=");
    ck_assert(encode_clean(EKS_SHAPE_BOUNDS, &b));
    eks_bounds one = b;
    one.labels.keys = &keys[2];
    ck_assert(!encode_clean(EKS_SHAPE_BOUNDS, &one));
    one = b;
    one.labels.values = &values[1];
    ck_assert(encode_clean(EKS_SHAPE_BOUNDS, &one)); /* five code points: at the max */
    one = b;
    one.codes.items = &codes[0];
    one.codes.count = 3;
    ck_assert(!encode_clean(EKS_SHAPE_BOUNDS, &one));
    one = b;
    one.label = EKS_STR_LIT("a");
    ck_assert(!encode_clean(EKS_SHAPE_BOUNDS, &one));
    one = b;
    one.level.value = INT64_MIN;
    ck_assert(!encode_clean(EKS_SHAPE_BOUNDS, &one));
    one = b;
    one.digest = EKS_STR_LIT("");
    ck_assert(!encode_clean(EKS_SHAPE_BOUNDS, &one));
    eks_opt_int count = {true, 600};
    ck_assert(!encode_clean(EKS_SHAPE_COUNT, &count));
    count.value = cm_need(model, "Count", "max");
    ck_assert(encode_clean(EKS_SHAPE_COUNT, &count));
}
END_TEST

START_TEST(check_constraints_reports_only_constraints)
{
    eks_str keys[1] = {EKS_STR_LIT("A")};
    eks_str values[1] = {EKS_STR_LIT("\xff")};
    eks_bounds b = {.present = true, .label = {"\xff\xfe", 2}, .labels = {true, 1, keys, values},
                    .level = {true, -10}};
    eks_diags d;
    bool oom = false;
    eks_diags_init(&d);
    eks_shape_check_constraints(EKS_SHAPE_BOUNDS, &b, "$.bounds", EKS_SEV_WARNING, 5, &d, &oom);
    /* Invalid UTF-8 is not this function's business (its caller checks it); only traits. */
    const want w[] = {{PAT, "$.bounds.label"}, {LEN, "$.bounds.labels.A"}, {PAT, "$.bounds.labels.A"},
                      {VAL, "$.bounds.level"}};
    expect(&d, EKS_SEV_WARNING, w, 4, "check_constraints");
    for (size_t i = 0; i < d.count; i++)
        ck_assert_uint_eq(d.items[i].offset, 5);
    eks_diags_free(&d);

    /* The HTTP status of a response (Count, statusCode location) is not JSON either. */
    int64_t min = cm_need(model, "Count", "min"), max = cm_need(model, "Count", "max");
    eks_opt_int st = {true, max + 1};
    eks_shape_check_constraints(EKS_SHAPE_COUNT, &st, "$.status", EKS_SEV_WARNING, SIZE_MAX, &d, &oom);
    const want sw[] = {{VAL, "$.status"}};
    expect(&d, EKS_SEV_WARNING, sw, 1, "status");
    eks_diags_free(&d);
    st.value = min;
    eks_shape_check_constraints(EKS_SHAPE_COUNT, &st, "$.status", EKS_SEV_WARNING, SIZE_MAX, &d, &oom);
    expect(&d, EKS_SEV_WARNING, NULL, 0, "status");
    ck_assert(!oom);
}
END_TEST

/* The decoder, the encoder's flag and the validator agree on every input: decode as a
 * request, then the decoded value encodes clean exactly when decoding found no violation,
 * and validation finds the same violations at the same paths. */
START_TEST(decoder_encoder_and_validator_agree)
{
    const char *inputs[] = {
        "{}",
        "{\"label\":\"ab\",\"note\":\"\",\"labels\":{\"ab\":\"x\"},\"codes\":[],\"offset\":0,\"level\":0,\"digest\":\"aGk=\"}",
        "{\"label\":\"a\",\"note\":\"\\u00fc\\u00fc\\u00fc\\u00fc\\u00fc\\u00fc\"}",
        "{\"labels\":{\"a\":\"1\",\"b_\":\"2\",\"cd\":\"3\"}}",
        "{\"labels\":{}}",
        "{\"codes\":[\"ab\",\"Z\",\"cd\"]}",
        "{\"offset\":9007199254740994,\"level\":-2147483648}",
        "{\"digest\":\"YWJjZGVm\"}",
        "{\"label\":\"abcd\",\"codes\":[\"abcd\",\"abcde\"]}",
    };
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        eks_bounds b = {0};
        cd_decode x;
        cd_run(&x, EKS_SHAPE_BOUNDS, inputs[i], &b, CD_REQUEST);
        size_t n = x.diags.count;
        ck_assert_msg(encode_clean(EKS_SHAPE_BOUNDS, &b) == (n == 0), "%s", inputs[i]);
        eks_diags v;
        bool oom = false;
        eks_diags_init(&v);
        eks_shape_validate(EKS_SHAPE_BOUNDS, &b, "$", false, &v, &oom);
        ck_assert_msg(v.count == n, "%s: decode %zu, validate %zu", inputs[i], n, v.count);
        for (size_t k = 0; k < n; k++) {
            ck_assert_int_eq(v.items[k].code, x.diags.items[k].code);
            ck_assert_str_eq(v.items[k].path, x.diags.items[k].path);
            ck_assert_str_eq(v.items[k].message, x.diags.items[k].message);
        }
        eks_diags_free(&v);
        cd_free(&x);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("constraints_engine");
    TCase *tc = tcase_create("synthetic");
    tcase_add_checked_fixture(tc, load_model, free_model);
    tcase_add_test(tc, string_length_and_anchored_pattern);
    tcase_add_test(tc, string_length_is_in_code_points);
    tcase_add_test(tc, map_entries_keys_and_values);
    tcase_add_test(tc, list_item_counts);
    tcase_add_test(tc, integer_and_long_ranges);
    tcase_add_test(tc, blob_length_counts_bytes);
    tcase_add_test(tc, encode_and_validate_report_every_violation_as_an_error);
    tcase_add_test(tc, check_constraints_reports_only_constraints);
    tcase_add_test(tc, decoder_encoder_and_validator_agree);
    suite_add_tcase(s, tc);
    return ts_run_suite(s);
}
