/*
 * The generic shape engine over the synthetic model (tests/engine_synthetic/): the shape kinds
 * EKS does not use. Expectations come from RFC 8259 (JSON grammar, escapes), Smithy
 * semantics (integer = 32-bit, long = 64-bit, null means absent, dense collections) and the
 * engine's documented contracts (shape_codec.h, json_path.h).
 */
#include "shape_codec.h"
#include "test_support.h"
#include "uri_label.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One decode: owns the input copy, the arena and the diagnostics. */
typedef struct dec {
    char *buf;
    eks_arena arena;
    eks_diags diags;
    eks_shape_decoder d;
    bool ok;
} dec;

static void dec_run_opts(dec *x, eks_shape_id shape, const char *json, void *dst, bool strict,
                         const eks_limits *limits, bool all_locations, bool unknown_is_error,
                         const char *const *extra)
{
    size_t len = strlen(json);
    x->buf = malloc(len + 1);
    ck_assert_ptr_nonnull(x->buf);
    memcpy(x->buf, json, len + 1);
    eks_arena_init(&x->arena);
    eks_diags_init(&x->diags);
    eks_shape_decoder_init(&x->d, x->buf, len, &x->arena, &x->diags, limits, strict);
    x->d.all_locations = all_locations;
    x->d.unknown_member_is_error = unknown_is_error;
    x->d.extra_top_keys = extra;
    x->ok = eks_shape_decode_value(&x->d, shape, dst) && eks_json_finish(&x->d.reader);
}

static void dec_run(dec *x, eks_shape_id shape, const char *json, void *dst)
{
    dec_run_opts(x, shape, json, dst, false, NULL, true, false, NULL);
}

static void dec_free(dec *x)
{
    eks_diags_free(&x->diags);
    eks_arena_free(&x->arena);
    free(x->buf);
}

static size_t count_code(const eks_diags *d, eks_diag_code code)
{
    size_t n = 0;
    for (size_t i = 0; i < d->count; i++)
        n += d->items[i].code == code;
    return n;
}

static const eks_diag *find_code(const eks_diags *d, eks_diag_code code)
{
    for (size_t i = 0; i < d->count; i++)
        if (d->items[i].code == code)
            return &d->items[i];
    return NULL;
}

static bool str_is(eks_str s, const char *want)
{
    return s.ptr && s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0;
}

/* ---- booleans ----------------------------------------------------------------------- */

START_TEST(boolean_literals_and_wrong_types)
{
    const struct { const char *json; bool present, value; bool wrong; } cases[] = {
        {"true", true, true, false},
        {"false", true, false, false},
        {"null", false, false, false},      /* null means absent */
        {"\"true\"", false, false, true},   /* a string is not a boolean */
        {"1", false, false, true},          /* JSON has no 0/1 booleans */
        {"[]", false, false, true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        eks_opt_bool b = {0};
        dec x;
        dec_run(&x, EKS_SHAPE_FLAG, cases[i].json, &b);
        ck_assert_msg(x.ok, "%s", cases[i].json);
        ck_assert_int_eq(b.present, cases[i].present);
        ck_assert_int_eq(b.value, cases[i].value);
        ck_assert_uint_eq(count_code(&x.diags, EKS_DIAG_WRONG_TYPE), cases[i].wrong ? 1 : 0);
        if (cases[i].wrong)
            ck_assert_ptr_nonnull(strstr(find_code(&x.diags, EKS_DIAG_WRONG_TYPE)->message, "boolean"));
        dec_free(&x);
    }
}
END_TEST

/* ---- integers (Smithy integer: signed 32-bit) and longs (signed 64-bit) ------------------ */

START_TEST(integer_32_bit_bounds)
{
    const struct { const char *json; bool valid; int64_t value; } cases[] = {
        {"2147483647", true, 2147483647},
        {"-2147483648", true, -2147483647LL - 1},
        {"0", true, 0},
        {"-0", true, 0},
        {"2147483648", false, 0},
        {"-2147483649", false, 0},
        {"1.5", false, 0},
        {"1e400", false, 0},          /* no finite double: not an integer */
        {"\"12\"", false, 0},
        {"true", false, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        eks_opt_int v = {0};
        dec x;
        dec_run(&x, EKS_SHAPE_COUNT, cases[i].json, &v);
        ck_assert_msg(x.ok, "%s", cases[i].json);
        ck_assert_msg(v.present == cases[i].valid, "%s", cases[i].json);
        if (cases[i].valid)
            ck_assert_int_eq(v.value, cases[i].value);
        ck_assert_uint_eq(count_code(&x.diags, EKS_DIAG_WRONG_TYPE), cases[i].valid ? 0 : 1);
        if (!cases[i].valid && cases[i].json[0] != '"' && cases[i].json[0] != 't')
            ck_assert_ptr_nonnull(strstr(x.diags.items[0].message, "32-bit integer"));
        dec_free(&x);
    }
}
END_TEST

START_TEST(long_64_bit_bounds)
{
    const struct { const char *json; bool valid; int64_t value; } cases[] = {
        {"2147483648", true, 2147483648LL},      /* beyond int32, fine for a long */
        {"-9223372036854775808", true, INT64_MIN},
        {"4611686018427387904", true, 4611686018427387904LL}, /* 2^62 */
        {"9223372036854775808", false, 0},        /* 2^63 */
        {"1e19", false, 0},
        {"0.5", false, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        eks_opt_int v = {0};
        dec x;
        dec_run(&x, EKS_SHAPE_BIG, cases[i].json, &v);
        ck_assert_msg(x.ok, "%s", cases[i].json);
        ck_assert_msg(v.present == cases[i].valid, "%s", cases[i].json);
        if (cases[i].valid)
            ck_assert_int_eq(v.value, cases[i].value);
        else
            ck_assert_ptr_nonnull(strstr(x.diags.items[0].message, "64-bit integer"));
        dec_free(&x);
    }
}
END_TEST

/* ---- doubles, timestamps, blobs -------------------------------------------------------- */

START_TEST(doubles_timestamps_blobs)
{
    eks_opt_double d = {0};
    dec x;
    dec_run(&x, EKS_SHAPE_RATIO, "-12.5e-1", &d);
    ck_assert(x.ok && d.present);
    ck_assert(d.value == -1.25);
    dec_free(&x);

    memset(&d, 0, sizeof d);
    dec_run(&x, EKS_SHAPE_WEIGHT, "\"NaN\"", &d); /* a string is not a number */
    ck_assert(x.ok && !d.present);
    ck_assert_uint_eq(count_code(&x.diags, EKS_DIAG_WRONG_TYPE), 1);
    dec_free(&x);

    /* Timestamps: epoch seconds within years 1..9999 (253402300799 = 9999-12-31T23:59:59Z). */
    const struct { const char *json; bool valid; double v; eks_diag_code code; } ts[] = {
        {"0", true, 0, 0},
        {"1700000000.25", true, 1700000000.25, 0},
        {"253402300799", true, 253402300799.0, 0},
        /* 9999-12-31T23:59:59.5Z and .999Z are still year 9999 (botocore parses both). */
        {"253402300799.5", true, 253402300799.5, 0},
        {"253402300799.999", true, 253402300799.999, 0},
        {"-62135596800", true, -62135596800.0, 0},
        {"-62135596800.5", false, 0, EKS_DIAG_INVALID_TIMESTAMP},
        {"253402300800", false, 0, EKS_DIAG_INVALID_TIMESTAMP},
        {"-62135596801", false, 0, EKS_DIAG_INVALID_TIMESTAMP},
        {"\"2020-01-01T00:00:00Z\"", false, 0, EKS_DIAG_INVALID_TIMESTAMP},
    };
    for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++) {
        eks_timestamp t = {0};
        dec_run(&x, EKS_SHAPE_WHEN, ts[i].json, &t);
        ck_assert_msg(x.ok, "%s", ts[i].json);
        ck_assert_int_eq(t.present, ts[i].valid);
        if (ts[i].valid)
            ck_assert(t.epoch_seconds == ts[i].v);
        else
            ck_assert_uint_eq(count_code(&x.diags, ts[i].code), 1);
        dec_free(&x);
    }

    /* rest-json blobs travel as (base64) strings; the engine keeps the text. */
    eks_str blob = {0};
    dec_run(&x, EKS_SHAPE_PAYLOAD, "\"aGVsbG8=\"", &blob);
    ck_assert(x.ok && str_is(blob, "aGVsbG8="));
    dec_free(&x);
    memset(&blob, 0, sizeof blob);
    dec_run(&x, EKS_SHAPE_PAYLOAD, "[1,2]", &blob);
    ck_assert(x.ok && !blob.ptr);
    ck_assert_ptr_nonnull(strstr(x.diags.items[0].message, "string"));
    dec_free(&x);
}
END_TEST

/* ---- maps -------------------------------------------------------------------------------- */

START_TEST(map_entries_duplicates_and_types)
{
    eks_name_map m = {0};
    dec x;
    dec_run(&x, EKS_SHAPE_NAME_MAP, "{\"a\":\"x\",\"b c\":\"y\",\"a\":\"z\"}", &m);
    ck_assert(x.ok && m.present);
    ck_assert_uint_eq(m.count, 2);
    ck_assert(str_is(m.keys[0], "a") && str_is(m.values[0], "x")); /* the first is kept */
    ck_assert(str_is(m.keys[1], "b c") && str_is(m.values[1], "y"));
    const eks_diag *dup = find_code(&x.diags, EKS_DIAG_DUPLICATE_KEY);
    ck_assert_ptr_nonnull(dup);
    ck_assert_str_eq(dup->path, "$.a");
    dec_free(&x);
    /* The first copy's value left out (null, or of the wrong type): the key is absent, the
     * later copy still a skipped duplicate, and the message claims nothing kept (it said
     * "the first is kept", of a value that was dropped). */
    static const char *const first_dropped[] = {"{\"a\":null,\"a\":\"z\"}", "{\"a\":5,\"a\":\"z\"}"};
    for (size_t i = 0; i < 2; i++) {
        memset(&m, 0, sizeof m);
        dec_run(&x, EKS_SHAPE_NAME_MAP, first_dropped[i], &m);
        ck_assert_uint_eq(m.count, 0);
        dup = find_code(&x.diags, EKS_DIAG_DUPLICATE_KEY);
        ck_assert_ptr_nonnull(dup);
        ck_assert_str_eq(dup->path, "$.a");
        ck_assert_msg(strstr(dup->message, "kept") == NULL && strstr(dup->message, "skipped") != NULL, "%s",
                      dup->message);
        dec_free(&x);
    }

    /* A value of the wrong type is located at its key; a non-identifier key is bracketed. */
    memset(&m, 0, sizeof m);
    dec_run(&x, EKS_SHAPE_NAME_MAP, "{\"b c\":1}", &m);
    ck_assert(x.ok);
    ck_assert_uint_eq(x.diags.count, 1);
    ck_assert_str_eq(x.diags.items[0].path, "$[\"b c\"]");
    dec_free(&x);

    memset(&m, 0, sizeof m);
    dec_run(&x, EKS_SHAPE_NAME_MAP, "[\"a\"]", &m);
    ck_assert(x.ok && !m.present);
    ck_assert_ptr_nonnull(strstr(x.diags.items[0].message, "expected object"));
    dec_free(&x);

    memset(&m, 0, sizeof m);
    dec_run(&x, EKS_SHAPE_NAME_MAP, "{}", &m);
    ck_assert(x.ok && m.present);
    ck_assert_uint_eq(m.count, 0);
    dec_free(&x);
}
END_TEST

/* Many keys: past the inline key set, past the first hash table, with a late duplicate. */
START_TEST(map_with_many_keys)
{
    char json[8192];
    size_t o = 0;
    o += (size_t)snprintf(json + o, sizeof json - o, "{");
    for (int i = 0; i < 100; i++)
        o += (size_t)snprintf(json + o, sizeof json - o, "%s\"k%d\":\"v%d\"", i ? "," : "", i, i);
    o += (size_t)snprintf(json + o, sizeof json - o, ",\"k7\":\"again\",\"k77\":\"again\"}");
    eks_name_map m = {0};
    dec x;
    dec_run(&x, EKS_SHAPE_NAME_MAP, json, &m);
    ck_assert(x.ok);
    ck_assert_uint_eq(m.count, 100);
    ck_assert_uint_eq(count_code(&x.diags, EKS_DIAG_DUPLICATE_KEY), 2);
    for (int i = 0; i < 100; i++) {
        char k[16], v[16];
        snprintf(k, sizeof k, "k%d", i);
        snprintf(v, sizeof v, "v%d", i);
        ck_assert(str_is(m.keys[i], k) && str_is(m.values[i], v));
    }
    dec_free(&x);
}
END_TEST

START_TEST(map_and_list_length_limits)
{
    eks_limits lim = {.max_list_len = 3};
    eks_name_map m = {0};
    dec x;
    dec_run_opts(&x, EKS_SHAPE_NAME_MAP, "{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"}", &m, false, &lim, true,
                 false, NULL);
    ck_assert(x.ok);
    ck_assert_uint_eq(m.count, 3);
    dec_free(&x);
    memset(&m, 0, sizeof m);
    dec_run_opts(&x, EKS_SHAPE_NAME_MAP, "{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\",\"d\":\"4\"}", &m, false,
                 &lim, true, false, NULL);
    ck_assert(!x.ok);
    ck_assert_ptr_nonnull(find_code(&x.diags, EKS_DIAG_LIMIT_EXCEEDED));
    dec_free(&x);

    eks_name_list l = {0};
    dec_run_opts(&x, EKS_SHAPE_NAME_LIST, "[\"a\",\"b\",\"c\",\"d\"]", &l, false, &lim, true, false, NULL);
    ck_assert(!x.ok);
    ck_assert_str_eq(find_code(&x.diags, EKS_DIAG_LIMIT_EXCEEDED)->path, "$"); /* the list itself */
    dec_free(&x);
}
END_TEST

/* ---- lists and structures -------------------------------------------------------------- */

START_TEST(list_of_structures_grows_and_drops_nulls)
{
    eks_part_list pl = {0};
    dec x;
    dec_run(&x, EKS_SHAPE_PART_LIST,
            "[{\"size\":1},null,{\"size\":2,\"ratio\":0.5},{\"size\":3},{\"size\":4},{\"size\":5},"
            "{\"size\":6,\"mode\":\"9lives\"}]", &pl);
    ck_assert(x.ok && pl.present);
    ck_assert_uint_eq(pl.count, 6); /* the null is dropped (dense list) ... */
    const eks_diag *w = find_code(&x.diags, EKS_DIAG_WRONG_TYPE);
    ck_assert_ptr_nonnull(w); /* ... and the drop is reported as a warning at its index */
    ck_assert_int_eq(w->severity, EKS_SEV_WARNING);
    ck_assert_str_eq(w->path, "$[1]");
    for (size_t i = 0; i < 6; i++)
        ck_assert_int_eq(pl.items[i].size.value, (int64_t)i + 1);
    ck_assert(pl.items[1].ratio.present && pl.items[1].ratio.value == 0.5);
    ck_assert_int_eq(pl.items[5].mode.value, EKS_MODE_V_9LIVES);
    dec_free(&x);

    memset(&pl, 0, sizeof pl);
    dec_run(&x, EKS_SHAPE_PART_LIST, "{\"size\":1}", &pl);
    ck_assert(x.ok && !pl.present);
    ck_assert_ptr_nonnull(strstr(x.diags.items[0].message, "expected array"));
    dec_free(&x);
}
END_TEST

START_TEST(structure_required_duplicates_and_unknowns)
{
    /* size is required: missing in [0], null in [1] (null means absent). */
    eks_part_list pl = {0};
    dec x;
    dec_run(&x, EKS_SHAPE_PART_LIST, "[{\"ratio\":1},{\"size\":null},{\"size\":1,\"size\":2}]", &pl);
    ck_assert(x.ok);
    ck_assert_uint_eq(count_code(&x.diags, EKS_DIAG_MISSING_REQUIRED_MEMBER), 2);
    ck_assert_str_eq(x.diags.items[0].path, "$[0].size");
    ck_assert_ptr_nonnull(strstr(x.diags.items[0].message, "missing"));
    ck_assert_str_eq(x.diags.items[1].path, "$[1].size");
    ck_assert_ptr_nonnull(strstr(x.diags.items[1].message, "null or invalid"));
    const eks_diag *dup = find_code(&x.diags, EKS_DIAG_DUPLICATE_KEY);
    ck_assert_str_eq(dup->path, "$[2].size");
    ck_assert_int_eq(pl.items[2].size.value, 1); /* the first is kept */
    dec_free(&x);

    /* Unknown members: silent when lenient, warnings when strict, except the extra keys;
     * the same unknown key twice is a duplicate either way. */
    const char *json = "{\"size\":1,\"zz\":{\"deep\":[1,2]},\"code\":\"x\",\"zz\":0}";
    const char *const extra[] = {"code", NULL};
    eks_part p = {0};
    dec_run_opts(&x, EKS_SHAPE_PART, json, &p, false, NULL, false, false, extra);
    ck_assert(x.ok);
    ck_assert_uint_eq(x.diags.count, 1);
    ck_assert_int_eq(x.diags.items[0].code, EKS_DIAG_DUPLICATE_KEY);
    dec_free(&x);
    memset(&p, 0, sizeof p);
    dec_run_opts(&x, EKS_SHAPE_PART, json, &p, true, NULL, false, false, extra);
    ck_assert_uint_eq(count_code(&x.diags, EKS_DIAG_UNKNOWN_MEMBER), 1);
    ck_assert_int_eq(find_code(&x.diags, EKS_DIAG_UNKNOWN_MEMBER)->severity, EKS_SEV_WARNING);
    ck_assert_str_eq(find_code(&x.diags, EKS_DIAG_UNKNOWN_MEMBER)->path, "$.zz");
    dec_free(&x);
    memset(&p, 0, sizeof p);
    dec_run_opts(&x, EKS_SHAPE_PART, json, &p, false, NULL, false, true, extra);
    ck_assert_uint_eq(count_code(&x.diags, EKS_DIAG_UNKNOWN_MEMBER), 2); /* zz and code */
    ck_assert_int_eq(find_code(&x.diags, EKS_DIAG_UNKNOWN_MEMBER)->severity, EKS_SEV_ERROR);
    dec_free(&x);

    /* Non-body members (URI labels) are unknown in a body unless all locations are read. */
    eks_put_thing_request rq = {0};
    dec_run_opts(&x, EKS_SHAPE_PUT_THING_REQUEST, "{\"bucket\":\"b\",\"key\":\"k\",\"default\":true}", &rq,
                 true, NULL, false, false, NULL);
    ck_assert(x.ok && !rq.bucket.ptr && rq.default_.present && rq.default_.value);
    ck_assert_uint_eq(count_code(&x.diags, EKS_DIAG_UNKNOWN_MEMBER), 2);
    ck_assert_uint_eq(count_code(&x.diags, EKS_DIAG_MISSING_REQUIRED_MEMBER), 0);
    dec_free(&x);
}
END_TEST

/* Many unknown keys in one structure: the duplicate check must stay exact past the inline set. */
START_TEST(structure_with_many_unknown_keys)
{
    char json[8192];
    size_t o = (size_t)snprintf(json, sizeof json, "{\"size\":1");
    for (int i = 0; i < 80; i++)
        o += (size_t)snprintf(json + o, sizeof json - o, ",\"u%d\":%d", i, i);
    snprintf(json + o, sizeof json - o, ",\"u3\":0,\"u79\":0,\"u80\":0}");
    eks_part p = {0};
    dec x;
    dec_run_opts(&x, EKS_SHAPE_PART, json, &p, true, NULL, false, false, NULL);
    ck_assert(x.ok);
    ck_assert_uint_eq(count_code(&x.diags, EKS_DIAG_DUPLICATE_KEY), 2);
    ck_assert_uint_eq(count_code(&x.diags, EKS_DIAG_UNKNOWN_MEMBER), 81);
    dec_free(&x);
}
END_TEST

START_TEST(enum_known_unknown_and_sentinel_names)
{
    const struct { const char *json; int value; bool strict; int diags; eks_severity sev; } c[] = {
        {"\"fast\"", EKS_MODE_FAST, false, 0, 0},
        {"\"Unknown\"", EKS_MODE_UNKNOWN_VALUE, true, 0, 0}, /* a model value, not the sentinel */
        {"\"unset\"", EKS_MODE_UNSET_VALUE, true, 0, 0},
        {"\"FAST\"", EKS_MODE_UNKNOWN, false, 1, EKS_SEV_WARNING}, /* case-sensitive */
        {"\"\"", EKS_MODE_UNKNOWN, true, 1, EKS_SEV_ERROR},
        {"\"fas\"", EKS_MODE_UNKNOWN, true, 1, EKS_SEV_ERROR},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        eks_mode_field f = {0};
        dec x;
        dec_run_opts(&x, EKS_SHAPE_MODE, c[i].json, &f, c[i].strict, NULL, true, false, NULL);
        ck_assert(x.ok);
        ck_assert_int_eq(f.value, c[i].value);
        ck_assert_ptr_nonnull(f.raw.ptr); /* the raw string is always kept */
        ck_assert_uint_eq(x.diags.count, (size_t)c[i].diags);
        if (c[i].diags) {
            ck_assert_int_eq(x.diags.items[0].code, EKS_DIAG_UNKNOWN_ENUM_VALUE);
            ck_assert_int_eq(x.diags.items[0].severity, c[i].sev);
        }
        dec_free(&x);
    }
    eks_mode_field f = {0};
    dec x;
    dec_run(&x, EKS_SHAPE_MODE, "3", &f);
    ck_assert(x.ok && !f.raw.ptr);
    ck_assert_uint_eq(count_code(&x.diags, EKS_DIAG_WRONG_TYPE), 1);
    dec_free(&x);
}
END_TEST

START_TEST(syntax_errors_stop_decoding)
{
    const char *bad[] = {"", "   ", "{\"size\":", "{\"size\":1", "[1,]", "tru", "{\"size\":1}}", "@"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        eks_part p = {0};
        dec x;
        dec_run(&x, EKS_SHAPE_PART, bad[i], &p);
        ck_assert_msg(!x.ok, "accepted %s", bad[i]);
        ck_assert_msg(x.diags.errors > 0, "%s", bad[i]);
        dec_free(&x);
    }
    /* A syntax error inside an unknown value or a wrongly typed value stops it too. */
    const char *bad2[] = {"{\"zz\":[1,}", "{\"ratio\":[1,}", "{\"size\":1,\"size\":[}",
                          "[{\"size\":1},null,]"};
    for (size_t i = 0; i < sizeof bad2 / sizeof bad2[0]; i++) {
        eks_part_list pl = {0};
        eks_part p = {0};
        dec x;
        dec_run(&x, i == 3 ? EKS_SHAPE_PART_LIST : EKS_SHAPE_PART, bad2[i], i == 3 ? (void *)&pl : (void *)&p);
        ck_assert_msg(!x.ok, "accepted %s", bad2[i]);
        ck_assert_ptr_nonnull(find_code(&x.diags, EKS_DIAG_INVALID_JSON));
        dec_free(&x);
    }
    eks_name_map m = {0};
    dec x;
    dec_run(&x, EKS_SHAPE_NAME_MAP, "{\"a\":\"1\",\"a\":[}", &m);
    ck_assert(!x.ok);
    dec_free(&x);
}
END_TEST

/* ---- encoding ------------------------------------------------------------------------- */

static char *encode(eks_shape_id shape, const void *v, bool *clean)
{
    eks_buf b;
    eks_buf_init(&b);
    ck_assert_int_eq(eks_shape_encode_json(shape, v, &b, clean), EKS_OK);
    return b.ptr;
}

static size_t validate(eks_shape_id shape, const void *v, bool strict, eks_diags *d)
{
    bool oom = false;
    eks_diags_init(d);
    eks_shape_validate(shape, v, "$", strict, d, &oom);
    ck_assert(!oom);
    return d->count;
}

START_TEST(encode_scalars_and_round_trip)
{
    eks_part parts[2] = {
        {.present = true, .size = {true, INT64_MIN}, .ratio = {true, 0.1}, .weight = {true, -2.5},
         .mode = {EKS_MODE_SLOW_MODE, {0}}},
        {.present = true, .size = {true, 9007199254740993LL}, .ratio = {true, 1e300}},
    };
    eks_str tags[1] = {{"t", 1}};
    eks_str mk[2] = {{"a\"b", 3}, {"x", 1}};
    eks_str mv[2] = {{"line\nbreak", 10}, {"", 0}};
    eks_put_thing_request rq = {
        .present = true,
        .bucket = {"b", 1},
        .key = {"k/ey", 4},
        .token = {"tok", 3},
        .default_ = {true, false},
        .body = {"aGk=", 4},
        .parts = {true, 2, parts},
        .documentation = {"d\x01", 2},
    };
    bool clean = false;
    char *json = encode(EKS_SHAPE_PUT_THING_REQUEST, &rq, &clean);
    ck_assert(clean);
    /* Body members only, in model order; \u0001 as RFC 8259 section 7 requires. */
    ck_assert_str_eq(json,
                     "{\"token\":\"tok\",\"default\":false,\"body\":\"aGk=\",\"parts\":["
                     "{\"size\":-9223372036854775808,\"ratio\":0.1,\"weight\":-2.5,\"mode\":\"SLOW_MODE\"},"
                     "{\"size\":9007199254740993,\"ratio\":1e+300}],\"documentation\":\"d\\u0001\"}");

    /* Decoding what was encoded gives the same values back. */
    eks_put_thing_request back = {0};
    dec x;
    dec_run_opts(&x, EKS_SHAPE_PUT_THING_REQUEST, json, &back, true, NULL, false, false, NULL);
    ck_assert(x.ok);
    ck_assert_uint_eq(count_code(&x.diags, EKS_DIAG_MISSING_REQUIRED_MEMBER), 0);
    ck_assert_uint_eq(x.diags.count, 0);
    ck_assert(back.default_.present && !back.default_.value);
    ck_assert(str_is(back.body, "aGk=") && str_is(back.token, "tok"));
    ck_assert_uint_eq(back.parts.count, 2);
    ck_assert_int_eq(back.parts.items[0].size.value, INT64_MIN);
    ck_assert(back.parts.items[0].ratio.value == 0.1 && back.parts.items[0].weight.value == -2.5);
    ck_assert_int_eq(back.parts.items[0].mode.value, EKS_MODE_SLOW_MODE);
    ck_assert(back.parts.items[1].ratio.value == 1e300);
    ck_assert(str_is(back.documentation, "d\x01"));
    dec_free(&x);
    free(json);

    /* Maps: keys escaped like any JSON string. */
    eks_name_map m = {true, 2, mk, mv};
    json = encode(EKS_SHAPE_NAME_MAP, &m, &clean);
    ck_assert(clean);
    ck_assert_str_eq(json, "{\"a\\\"b\":\"line\\nbreak\",\"x\":\"\"}");
    free(json);

    eks_name_list nl = {true, 1, tags};
    json = encode(EKS_SHAPE_NAME_LIST, &nl, &clean);
    ck_assert_str_eq(json, "[\"t\"]");
    free(json);

    eks_opt_bool t = {true, true};
    json = encode(EKS_SHAPE_FLAG, &t, &clean);
    ck_assert_str_eq(json, "true");
    free(json);
    eks_opt_int i32 = {true, 2147483647};
    json = encode(EKS_SHAPE_COUNT, &i32, &clean);
    ck_assert_str_eq(json, "2147483647");
    free(json);
    eks_timestamp ts = {true, 1700000000.5};
    json = encode(EKS_SHAPE_WHEN, &ts, &clean);
    ck_assert(clean);
    ck_assert_str_eq(json, "1700000000.5");
    free(json);
}
END_TEST

START_TEST(encode_flags_what_validation_reports)
{
    eks_diags d;
    bool clean = true;
    char *json;

    /* Missing required members (URI labels bucket/key). */
    eks_put_thing_request rq = {.present = true};
    json = encode(EKS_SHAPE_PUT_THING_REQUEST, &rq, &clean);
    ck_assert(!clean);
    ck_assert_str_eq(json, "{}");
    free(json);
    ck_assert_uint_eq(validate(EKS_SHAPE_PUT_THING_REQUEST, &rq, false, &d), 2);
    ck_assert_str_eq(d.items[0].path, "$.bucket");
    ck_assert_int_eq(d.items[0].code, EKS_DIAG_MISSING_REQUIRED_MEMBER);
    eks_diags_free(&d);

    /* A URI label that is not UTF-8; a header enum and a query list are validated too. */
    eks_str tags[1] = {{"ok", 2}};
    rq = (eks_put_thing_request){.present = true, .bucket = {"\xff", 1}, .key = {"k", 1},
                                 .tags = {true, 1, tags}, .mode = {EKS_MODE_FAST, {0}}};
    json = encode(EKS_SHAPE_PUT_THING_REQUEST, &rq, &clean);
    ck_assert(!clean);
    ck_assert_str_eq(json, "{}");
    free(json);
    ck_assert_uint_eq(validate(EKS_SHAPE_PUT_THING_REQUEST, &rq, false, &d), 1);
    ck_assert_int_eq(d.items[0].code, EKS_DIAG_INVALID_UTF8);
    ck_assert_str_eq(d.items[0].path, "$.bucket");
    eks_diags_free(&d);

    /* Enum: unknown raw string (strict error, lenient warning), out-of-range constant. */
    eks_part p = {.present = true, .size = {true, 1}, .mode = {EKS_MODE_UNKNOWN, {"turbo", 5}}};
    json = encode(EKS_SHAPE_PART, &p, &clean);
    ck_assert(!clean);
    ck_assert_str_eq(json, "{\"size\":1,\"mode\":\"turbo\"}");
    free(json);
    ck_assert_uint_eq(validate(EKS_SHAPE_PART, &p, true, &d), 1);
    ck_assert_int_eq(d.items[0].severity, EKS_SEV_ERROR);
    ck_assert_str_eq(d.items[0].path, "$.mode");
    eks_diags_free(&d);
    validate(EKS_SHAPE_PART, &p, false, &d);
    ck_assert_int_eq(d.items[0].severity, EKS_SEV_WARNING);
    eks_diags_free(&d);
    p.mode = (eks_mode_field){(eks_mode)42, {0}};
    json = encode(EKS_SHAPE_PART, &p, &clean);
    ck_assert(!clean);
    ck_assert_str_eq(json, "{\"size\":1}"); /* nothing to send */
    free(json);
    ck_assert_uint_eq(validate(EKS_SHAPE_PART, &p, false, &d), 1);
    ck_assert_int_eq(d.items[0].code, EKS_DIAG_UNKNOWN_ENUM_VALUE);
    eks_diags_free(&d);

    /* JSON has no NaN/Infinity (RFC 8259 section 6); timestamps stay within years 1..9999. */
    p = (eks_part){.present = true, .size = {true, 1}, .ratio = {true, NAN}, .weight = {true, INFINITY}};
    json = encode(EKS_SHAPE_PART, &p, &clean);
    ck_assert(!clean);
    free(json);
    ck_assert_uint_eq(validate(EKS_SHAPE_PART, &p, false, &d), 2);
    ck_assert_int_eq(d.items[0].code, EKS_DIAG_WRONG_TYPE);
    ck_assert_str_eq(d.items[1].path, "$.weight");
    eks_diags_free(&d);
    /* The last second of year 9999 with a fraction is a date: encoded as is, no diagnostic. */
    eks_put_thing_response last = {.present = true, .created = {true, 253402300799.75}};
    json = encode(EKS_SHAPE_PUT_THING_RESPONSE, &last, &clean);
    ck_assert(clean);
    ck_assert_msg(strstr(json, "253402300799.75") != NULL, "%s", json);
    free(json);
    ck_assert_uint_eq(validate(EKS_SHAPE_PUT_THING_RESPONSE, &last, false, &d), 0);
    eks_diags_free(&d);
    eks_put_thing_response rs = {.present = true, .created = {true, 253402300800.0}};
    json = encode(EKS_SHAPE_PUT_THING_RESPONSE, &rs, &clean);
    ck_assert(!clean);
    free(json);
    ck_assert_uint_eq(validate(EKS_SHAPE_PUT_THING_RESPONSE, &rs, false, &d), 1);
    ck_assert_int_eq(d.items[0].code, EKS_DIAG_INVALID_TIMESTAMP);
    eks_diags_free(&d);

    /* Collections whose arrays are missing; strings whose bytes are missing or not UTF-8. */
    eks_part_list pl = {true, 3, NULL};
    json = encode(EKS_SHAPE_PART_LIST, &pl, &clean);
    ck_assert(!clean);
    ck_assert_str_eq(json, "[]");
    free(json);
    ck_assert_uint_eq(validate(EKS_SHAPE_PART_LIST, &pl, false, &d), 1);
    eks_diags_free(&d);
    eks_name_map m = {true, 2, NULL, NULL};
    json = encode(EKS_SHAPE_NAME_MAP, &m, &clean);
    ck_assert(!clean);
    ck_assert_str_eq(json, "{}");
    free(json);
    ck_assert_uint_eq(validate(EKS_SHAPE_NAME_MAP, &m, false, &d), 1);
    eks_diags_free(&d);
    eks_str keys[1] = {{"\xc0\xaf", 2}}; /* overlong '/': not UTF-8 (RFC 3629) */
    eks_str vals[1] = {{NULL, 3}};
    m = (eks_name_map){true, 1, keys, vals};
    json = encode(EKS_SHAPE_NAME_MAP, &m, &clean);
    ck_assert(!clean);
    free(json);
    ck_assert_uint_eq(validate(EKS_SHAPE_NAME_MAP, &m, false, &d), 2);
    ck_assert_int_eq(d.items[0].code, EKS_DIAG_INVALID_UTF8);
    ck_assert_int_eq(d.items[1].code, EKS_DIAG_WRONG_TYPE);
    eks_diags_free(&d);

    /* A valid list of parts validates with no diagnostic and encodes clean. */
    eks_part items[1] = {{.present = true, .size = {true, 5}, .mode = {EKS_MODE_UNSET, {"fast", 4}}}};
    pl = (eks_part_list){true, 1, items};
    json = encode(EKS_SHAPE_PART_LIST, &pl, &clean);
    ck_assert(clean);
    ck_assert_str_eq(json, "[{\"size\":5,\"mode\":\"fast\"}]");
    free(json);
    ck_assert_uint_eq(validate(EKS_SHAPE_PART_LIST, &pl, true, &d), 0);
    eks_diags_free(&d);
}
END_TEST

/* ---- JSON writers --------------------------------------------------------------------- */

START_TEST(json_string_escapes)
{
    /* RFC 8259 section 7: quote, backslash and controls escaped; short forms where they exist. */
    const struct { const char *in; size_t len; const char *out; } c[] = {
        {"", 0, "\"\""},
        {"plain ascii text, longer than 8", 31, "\"plain ascii text, longer than 8\""},
        {"\"\\\b\f\n\r\t", 7, "\"\\\"\\\\\\b\\f\\n\\r\\t\""},
        {"\x1f\x7f", 2, "\"\\u001F\x7f\""},
        {"0123456789abcdef\"", 17, "\"0123456789abcdef\\\"\""},
        {"abcdefghij\x01klmnopqr", 19, "\"abcdefghij\\u0001klmnopqr\""},
        {"caf\xc3\xa9 \xe2\x82\xac", 9, "\"caf\xc3\xa9 \xe2\x82\xac\""},
        {"a\0b", 3, "\"a\\u0000b\""},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        eks_buf b;
        eks_buf_init(&b);
        ck_assert_int_eq(eks_json_write_string(&b, c[i].in, c[i].len), EKS_OK);
        ck_assert_str_eq(b.ptr, c[i].out);
        eks_buf_free(&b);
    }
}
END_TEST

/* RFC 8259 section 7, written out byte by byte: the expectation for the encoder's block-wise
 * copy-and-classify paths (16-byte SSE2 blocks, 8-byte words, 4-byte pairs, single bytes). */
static size_t rfc8259_quote(char *dst, const unsigned char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t o = 0;
    dst[o++] = '"';
    for (size_t i = 0; i < len; i++) {
        unsigned char c = s[i];
        const char *short_form = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\b' ? "\\b" : c == '\f' ? "\\f"
                               : c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : NULL;
        if (short_form) {
            memcpy(dst + o, short_form, 2);
            o += 2;
        } else if (c < 0x20) {
            o += (size_t)sprintf(dst + o, "\\u00%c%c", hex[c >> 4], hex[c & 15]);
        } else {
            dst[o++] = (char)c;
        }
    }
    dst[o++] = '"';
    dst[o] = '\0';
    return o;
}

/* Every length 0..40 with one special byte at every position (or none): plain members
 * (BadThing.message) and map keys/values (the general string path) both equal the RFC
 * form, and a lone high byte (invalid UTF-8) makes the encoding unclean. */
START_TEST(json_string_blocks_every_length_and_position)
{
    const unsigned char specials[] = {'"', '\\', '\n', 0x01, 0x1f, 0x00, 0x7f, 0xC3};
    for (size_t len = 0; len <= 40; len++)
        for (size_t si = 0; si < sizeof specials; si++)
            for (size_t at = 0; at <= len; at++) { /* at == len: no special byte */
                unsigned char s[48];
                for (size_t i = 0; i < len; i++)
                    s[i] = (unsigned char)('a' + i % 26);
                if (at < len)
                    s[at] = specials[si];
                bool invalid_utf8 = at < len && specials[si] == 0xC3;
                char want[48 * 6 + 3];
                rfc8259_quote(want, s, len);

                eks_bad_thing bt = {.present = true, .message = {(const char *)s, len}};
                bool clean = false;
                char *json = encode(EKS_SHAPE_BAD_THING, &bt, &clean);
                char expect[sizeof want + 16];
                snprintf(expect, sizeof expect, "{\"message\":%s}", want);
                ck_assert_msg(strcmp(json, expect) == 0, "len %zu, byte 0x%02x at %zu: %s", len, specials[si], at, json);
                ck_assert_msg(clean == !invalid_utf8, "len %zu at %zu: clean %d", len, at, clean);
                free(json);

                eks_str k = {(const char *)s, len};
                eks_name_map m = {.present = true, .count = 1, .keys = &k, .values = &k};
                json = encode(EKS_SHAPE_NAME_MAP, &m, &clean);
                char expect_map[2 * sizeof want + 8];
                snprintf(expect_map, sizeof expect_map, "{%s:%s}", want, want);
                ck_assert_msg(strcmp(json, expect_map) == 0, "map, len %zu at %zu: %s", len, at, json);
                ck_assert_msg(clean == !invalid_utf8, "map, len %zu at %zu: clean %d", len, at, clean);
                free(json);
            }
}
END_TEST

START_TEST(json_numbers_shortest_round_trip)
{
    const struct { double v; const char *out; } c[] = {
        {0, "0"}, {-7, "-7"}, {0.1, "0.1"}, {1.5, "1.5"}, {-0.0, "-0"},
        {9007199254740992.0, "9007199254740992"}, {1e21, "1e+21"}, {123.456, "123.456"},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        eks_buf b;
        eks_buf_init(&b);
        ck_assert_int_eq(eks_json_write_double(&b, c[i].v), EKS_OK);
        ck_assert_str_eq(b.ptr, c[i].out);
        eks_buf_free(&b);
    }
    /* Values that need 16 or 17 digits still read back exactly. */
    const double hard[] = {0.1 + 0.2, 1.0 / 3.0, 5e-324, 1.7976931348623157e308, -2.2250738585072014e-308};
    for (size_t i = 0; i < sizeof hard / sizeof hard[0]; i++) {
        eks_buf b;
        eks_buf_init(&b);
        ck_assert_int_eq(eks_json_write_double(&b, hard[i]), EKS_OK);
        double back = 0;
        ck_assert(eks_json_number_to_double(b.ptr, b.len, &back));
        ck_assert_msg(back == hard[i], "%s", b.ptr);
        eks_buf_free(&b);
    }
    eks_buf b;
    eks_buf_init(&b);
    ck_assert_int_eq(eks_json_write_double(&b, NAN), EKS_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(eks_json_write_double(&b, -INFINITY), EKS_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(eks_json_write_int(&b, INT64_MIN), EKS_OK);
    ck_assert_str_eq(b.ptr, "-9223372036854775808");
    eks_buf_free(&b);
}
END_TEST

START_TEST(enum_helpers_and_error_table)
{
    ck_assert_str_eq(eks_mode_to_string(EKS_MODE_V_9LIVES), "9lives");
    ck_assert_ptr_null(eks_mode_to_string(EKS_MODE_UNKNOWN));
    ck_assert_ptr_null(eks_mode_to_string(EKS_MODE_UNSET));
    ck_assert_int_eq(eks_mode_from_string(NULL, 0), EKS_MODE_UNKNOWN);
    ck_assert_int_eq(eks_mode_from_string("SLOW_MODEX", 9), EKS_MODE_SLOW_MODE);
    ck_assert_int_eq(eks_mode_from_string("SLOW", 4), EKS_MODE_UNKNOWN);
    ck_assert_str_eq(eks_error_kind_name(EKS_ERROR_BROKEN), "Broken");
    ck_assert_ptr_null(eks_error_kind_name(EKS_ERROR_UNMODELED));
    ck_assert_int_eq(eks_error_kind_http_status(EKS_ERROR_BAD_THING), 400);
    ck_assert_int_eq(eks_error_kind_http_status(EKS_ERROR_BROKEN), 503);
    ck_assert_int_eq(eks_error_kind_http_status(EKS_ERROR_NONE), 0);
    ck_assert_int_eq(eks_error_kind_from_name("BadThing", 8), EKS_ERROR_BAD_THING);
    ck_assert_int_eq(eks_error_kind_from_name("BadThin", 7), EKS_ERROR_UNMODELED);
    ck_assert_int_eq(eks_error_kind_from_name(NULL, 0), EKS_ERROR_UNMODELED);
    eks_opt_bool absent = {0};
    ck_assert(!eks_shape_value_present(EKS_SHAPE_FLAG, &absent));
    eks_opt_double dd = {true, 0};
    ck_assert(eks_shape_value_present(EKS_SHAPE_RATIO, &dd));
}
END_TEST

/* ---- URI templates ------------------------------------------------------------------ */

/* PutThing's template is /things/{bucket}/{key+}?x-id=PutThing: a path is matched against its
 * path part only (the query is not in the path), and a greedy label takes the rest of the
 * path, '/' included (Smithy httpLabel, greedy labels). */
START_TEST(uri_template_greedy_label_and_query_part)
{
    const eks_operation_desc *op = &eks_operations[EKS_OPERATION_PUT_THING];
    eks_uri_label_match l[4];
    const char *p = "/things/b1/a/b/c";
    ck_assert_int_eq(eks_uri_match(op, (eks_str){p, strlen(p)}, l, 4), 2);
    ck_assert_str_eq(l[0].member->name, "bucket");
    ck_assert(str_is(l[0].raw, "b1"));
    ck_assert_uint_eq(l[0].offset, 8);
    ck_assert_str_eq(l[1].member->name, "key");
    ck_assert(str_is(l[1].raw, "a/b/c"));
    ck_assert_uint_eq(l[1].offset, 11);
    p = "/things/b1/"; /* an empty greedy label still matches: the caller reports it */
    ck_assert_int_eq(eks_uri_match(op, (eks_str){p, strlen(p)}, l, 4), 2);
    ck_assert_uint_eq(l[1].raw.len, 0);
    ck_assert_uint_eq(l[1].offset, 11);
    p = "/things/b1"; /* no '/' before the greedy label */
    ck_assert_int_eq(eks_uri_match(op, (eks_str){p, strlen(p)}, l, 4), -1);
    p = "/thing/b1/k";
    ck_assert_int_eq(eks_uri_match(op, (eks_str){p, strlen(p)}, l, 4), -1);
    p = "/things/b1/k";
    ck_assert_int_eq(eks_uri_match(op, (eks_str){p, strlen(p)}, l, 1), -1); /* no room for two */
    op = &eks_operations[EKS_OPERATION_PING]; /* "/" */
    ck_assert_int_eq(eks_uri_match(op, (eks_str){"/", 1}, l, 4), 0);
    ck_assert_int_eq(eks_uri_match(op, (eks_str){"/x", 2}, l, 4), -1);
    ck_assert_int_eq(eks_uri_match(op, (eks_str){"", 0}, l, 4), -1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("coverage_engine");
    TCase *tc = tcase_create("synthetic");
    tcase_add_test(tc, boolean_literals_and_wrong_types);
    tcase_add_test(tc, integer_32_bit_bounds);
    tcase_add_test(tc, long_64_bit_bounds);
    tcase_add_test(tc, doubles_timestamps_blobs);
    tcase_add_test(tc, map_entries_duplicates_and_types);
    tcase_add_test(tc, map_with_many_keys);
    tcase_add_test(tc, map_and_list_length_limits);
    tcase_add_test(tc, list_of_structures_grows_and_drops_nulls);
    tcase_add_test(tc, structure_required_duplicates_and_unknowns);
    tcase_add_test(tc, structure_with_many_unknown_keys);
    tcase_add_test(tc, enum_known_unknown_and_sentinel_names);
    tcase_add_test(tc, syntax_errors_stop_decoding);
    tcase_add_test(tc, encode_scalars_and_round_trip);
    tcase_add_test(tc, encode_flags_what_validation_reports);
    tcase_add_test(tc, json_string_escapes);
    tcase_add_test(tc, json_string_blocks_every_length_and_position);
    tcase_add_test(tc, json_numbers_shortest_round_trip);
    tcase_add_test(tc, enum_helpers_and_error_table);
    tcase_add_test(tc, uri_template_greedy_label_and_query_part);
    suite_add_tcase(s, tc);
    return ts_run_suite(s);
}
