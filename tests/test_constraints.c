/*
 * Smithy constraint traits on the EKS model: the pattern matcher against JavaScript's RegExp
 * (tests/pattern_cases/, computed by node), and length / range / pattern checks on decode,
 * encode and for values outside JSON. Bounds and patterns are read from the model file
 * (schema/eks-2017-11-01.json, the extract test_schema holds to the official model), never
 * from the generated tables under test. Severities follow DESIGN §2 as issue 9 states them:
 * a decoded response warns (errs when strict), a request, parameters and every encode err.
 *
 * DisassociateIdentityProviderConfig, the operation with a public typed API, has no
 * constrained shape (its clusterName is a plain String in the model), so the checks run
 * through the engine on other operations' shapes; the typed API is held to "no constraint
 * where the model gives none".
 */
#include "ekscodec/codec.h"
#include "constraints_decode.h"
#include "constraints_model.h"
#include "pattern.h"
#include "shape_codec.h"
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_object *model;

static void load_model(void)
{
    char *p = ts_path(ts_source_dir(), "schema/eks-2017-11-01.json");
    model = cm_load(p);
    free(p);
}

static void free_model(void)
{
    json_object_put(model);
    model = NULL;
}

/* ---- pattern matcher vs the ECMA-262 oracle --------------------------------------------- */

typedef struct test_pattern {
    eks_pattern p;
    eks_pattern_atom *atoms;
    json_object *cases;
} test_pattern;

static eks_pattern_quant quant_of(const char *s)
{
    if (strcmp(s, "EKS_PATTERN_ONE") == 0)
        return EKS_PATTERN_ONE;
    if (strcmp(s, "EKS_PATTERN_OPTIONAL") == 0)
        return EKS_PATTERN_OPTIONAL;
    ck_assert_str_eq(s, "EKS_PATTERN_STAR");
    return EKS_PATTERN_STAR;
}

static void pattern_from_json(json_object *jp, test_pattern *tp)
{
    json_object *v, *atoms;
    ck_assert(json_object_object_get_ex(jp, "source", &v));
    tp->p.source = json_object_get_string(v);
    ck_assert(json_object_object_get_ex(jp, "anchored_start", &v));
    tp->p.anchored_start = json_object_get_boolean(v);
    ck_assert(json_object_object_get_ex(jp, "anchored_end", &v));
    tp->p.anchored_end = json_object_get_boolean(v);
    ck_assert(json_object_object_get_ex(jp, "atoms", &atoms));
    size_t n = json_object_array_length(atoms);
    tp->atoms = calloc(n ? n : 1, sizeof *tp->atoms);
    ck_assert_ptr_nonnull(tp->atoms);
    for (size_t i = 0; i < n; i++) {
        json_object *a = json_object_array_get_idx(atoms, i), *cls, *q;
        ck_assert(json_object_object_get_ex(a, "cls", &cls) && json_object_object_get_ex(a, "quant", &q));
        for (size_t w = 0; w < 4; w++)
            tp->atoms[i].cls[w] = (uint32_t)json_object_get_int64(json_object_array_get_idx(cls, w));
        tp->atoms[i].quant = quant_of(json_object_get_string(q));
    }
    tp->p.atom_count = (int)n;
    tp->p.atoms = tp->atoms;
    ck_assert(json_object_object_get_ex(jp, "cases", &tp->cases));
}

static json_object *load_cases(void)
{
    char *p = ts_path(ts_source_dir(), "tests/pattern_cases/pattern_cases.json");
    json_object *doc = json_object_from_file(p);
    ck_assert_msg(doc != NULL, "cannot read %s (regenerate with tests/pattern_cases/gen_pattern_cases.py)", p);
    free(p);
    json_object *patterns;
    ck_assert(json_object_object_get_ex(doc, "patterns", &patterns));
    return doc;
}

/* Runs the matcher on an exact-size copy, so that a read past len is an ASan error. */
static bool match_exact(const eks_pattern *p, const char *s, size_t len)
{
    char *copy = malloc(len ? len : 1);
    ck_assert_ptr_nonnull(copy);
    memcpy(copy, s, len);
    bool r = eks_pattern_match(p, copy, len);
    free(copy);
    return r;
}

/* Runs every case of the oracle's pattern `jp` through pattern p; returns the number run. */
static size_t run_cases(const eks_pattern *p, json_object *cases)
{
    size_t n = json_object_array_length(cases);
    for (size_t i = 0; i < n; i++) {
        json_object *c = json_object_array_get_idx(cases, i);
        json_object *input = json_object_array_get_idx(c, 0);
        bool want = json_object_get_boolean(json_object_array_get_idx(c, 1));
        const char *s = json_object_get_string(input);
        size_t len = (size_t)json_object_get_string_len(input);
        ck_assert_msg(match_exact(p, s, len) == want, "/%s/u.test(\"%.*s\") is %s in JavaScript", p->source,
                      (int)(len > 80 ? 80 : len), s, want ? "true" : "false");
    }
    return n;
}

START_TEST(pattern_cases_match_the_ecma_oracle)
{
    json_object *doc = load_cases(), *patterns;
    json_object_object_get_ex(doc, "patterns", &patterns);
    size_t total = 0, np = json_object_array_length(patterns);
    for (size_t i = 0; i < np; i++) {
        test_pattern tp;
        pattern_from_json(json_object_array_get_idx(patterns, i), &tp);
        total += run_cases(&tp.p, tp.cases);
        free(tp.atoms);
    }
    /* The fixture really holds the variety the matcher needs (64 atoms, both anchors...). */
    ck_assert_uint_ge(np, 15);
    ck_assert_uint_ge(total, 2000);
    json_object_put(doc);
}
END_TEST

/* The model's two patterns, from the generated tables, against the oracle's answers
 * (hand-picked inputs plus 2000 seeded random strings). */
START_TEST(model_patterns_from_the_tables_match_the_oracle)
{
    const struct { eks_shape_id id; const char *name; } shapes[] = {
        {EKS_SHAPE_CLUSTER_NAME, "ClusterName"},
        {EKS_SHAPE_EKS_ANYWHERE_SUBSCRIPTION_NAME, "EksAnywhereSubscriptionName"},
    };
    json_object *doc = load_cases(), *patterns;
    json_object_object_get_ex(doc, "patterns", &patterns);
    for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++) {
        const char *want = cm_pattern(model, shapes[k].name);
        ck_assert_ptr_nonnull(want);
        const eks_pattern *p = eks_shapes[shapes[k].id].pattern;
        ck_assert_ptr_nonnull(p);
        ck_assert_str_eq(p->source, want);
        size_t ran = 0;
        for (size_t i = 0; i < json_object_array_length(patterns); i++) {
            json_object *jp = json_object_array_get_idx(patterns, i), *src;
            json_object_object_get_ex(jp, "source", &src);
            if (strcmp(json_object_get_string(src), want) == 0) {
                json_object *cases;
                json_object_object_get_ex(jp, "cases", &cases);
                ran += run_cases(p, cases);
            }
        }
        ck_assert_uint_ge(ran, 1000);
    }
    /* Issue 9's examples: not anchored at the end, so anything may follow the first character. */
    const eks_pattern *p = eks_shapes[EKS_SHAPE_CLUSTER_NAME].pattern;
    const char *yes[] = {"a!", "prod cluster", "9"}, *no[] = {"-a", "_x", "", "\xc3\xbc"};
    for (size_t i = 0; i < 3; i++)
        ck_assert_msg(match_exact(p, yes[i], strlen(yes[i])), "%s", yes[i]);
    for (size_t i = 0; i < 4; i++)
        ck_assert_msg(!match_exact(p, no[i], strlen(no[i])), "%s", no[i]);
    json_object_put(doc);
}
END_TEST

static test_pattern find_case_pattern(json_object *doc, const char *source)
{
    json_object *patterns;
    json_object_object_get_ex(doc, "patterns", &patterns);
    for (size_t i = 0; i < json_object_array_length(patterns); i++) {
        json_object *jp = json_object_array_get_idx(patterns, i), *src;
        json_object_object_get_ex(jp, "source", &src);
        if (strcmp(json_object_get_string(src), source) == 0) {
            test_pattern tp;
            pattern_from_json(jp, &tp);
            return tp;
        }
    }
    ck_abort_msg("pattern %s is not in the fixture", source);
    return (test_pattern){0};
}

/* Invalid UTF-8 cannot reach JavaScript; the contract (pattern.h) is that each such byte is
 * a code point no class holds, so the expectations follow from the ECMA semantics of a
 * non-matching character at that position. */
START_TEST(pattern_invalid_bytes_and_input_bounds)
{
    json_object *doc = load_cases();
    const eks_pattern *cluster = eks_shapes[EKS_SHAPE_CLUSTER_NAME].pattern;
    ck_assert(match_exact(cluster, "a\xff", 2));       /* like "a!" */
    ck_assert(!match_exact(cluster, "\xff" "a", 2));   /* like "!a" */
    ck_assert(!match_exact(cluster, "\xc3", 1));       /* a truncated sequence */
    ck_assert(match_exact(cluster, "9\xc3", 2));
    ck_assert(!match_exact(cluster, "\x80\x80" "a", 3));
    /* Only len bytes count: the rest of the buffer is never read. */
    ck_assert(!match_exact(cluster, "-abc", 0));
    ck_assert(match_exact(cluster, "ab-", 1));

    test_pattern full = find_case_pattern(doc, "^[a-z0-9-]+$");
    ck_assert(!match_exact(&full.p, "ab\xff", 3));
    ck_assert(match_exact(&full.p, "ab\xff", 2));
    ck_assert(!match_exact(&full.p, "\xff", 1));
    free(full.atoms);
    test_pattern tail = find_case_pattern(doc, "[0-9]{2,3}$");
    ck_assert(match_exact(&tail.p, "\xff" "12", 3));
    ck_assert(!match_exact(&tail.p, "12\xff", 3));
    ck_assert(!match_exact(&tail.p, "1\xff" "2", 3));
    free(tail.atoms);
    /* Long hostile input: linear time, and the answer of the semantics. */
    size_t big = 1u << 20;
    char *s = malloc(big);
    ck_assert_ptr_nonnull(s);
    memset(s, 'a', big);
    test_pattern uuid = find_case_pattern(doc, "^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$");
    ck_assert(!eks_pattern_match(&uuid.p, s, big));
    test_pattern many = find_case_pattern(doc, "[ab]{62}c?d");
    ck_assert(!eks_pattern_match(&many.p, s, big));
    s[big - 1] = 'd';
    ck_assert(eks_pattern_match(&many.p, s, big));
    free(uuid.atoms);
    free(many.atoms);
    free(s);
    json_object_put(doc);
}
END_TEST

/* ---- decoding ----------------------------------------------------------------------------- */


/* The only diagnostic of the list, which must have this code, severity and path. */
static const eks_diag *only(const eks_diags *d, eks_diag_code code, eks_severity sev, const char *path)
{
    ck_assert_msg(d->count == 1, "%zu diagnostics, want 1 (%s) (first: %s %s)", d->count,
                  eks_diag_code_name(code), d->count ? eks_diag_code_name(d->items[0].code) : "-",
                  d->count ? d->items[0].message : "");
    ck_assert_str_eq(eks_diag_code_name(d->items[0].code), eks_diag_code_name(code));
    ck_assert_str_eq(eks_severity_name(d->items[0].severity), eks_severity_name(sev));
    ck_assert_str_eq(d->items[0].path, path);
    return &d->items[0];
}

static void none(const eks_diags *d)
{
    ck_assert_msg(d->count == 0, "unexpected %s at %s: %s", eks_diag_code_name(d->items[0].code),
                  d->items[0].path, d->items[0].message);
}

static char *json_string_member(const char *key, const char *value)
{
    size_t n = strlen(key) + strlen(value) + 16;
    char *s = malloc(n);
    ck_assert_ptr_nonnull(s);
    snprintf(s, n, "{\"%s\":\"%s\"}", key, value);
    return s;
}

/* {"tags":{"k0":"v",...}} with n entries; key i is "k<i>". */
static char *tags_json(size_t n)
{
    size_t cap = 32 + n * 24;
    char *s = malloc(cap);
    ck_assert_ptr_nonnull(s);
    size_t o = (size_t)snprintf(s, cap, "{\"tags\":{");
    for (size_t i = 0; i < n; i++)
        o += (size_t)snprintf(s + o, cap - o, "%s\"k%zu\":\"v\"", i ? "," : "", i);
    snprintf(s + o, cap - o, "}}");
    return s;
}

START_TEST(string_length_counts_code_points)
{
    /* TagValue: max only (no min: the empty string is fine). */
    int64_t max = cm_need(model, "TagValue", "max");
    int64_t ignored;
    ck_assert(!cm_bound(model, "TagValue", "min", &ignored));
    const char *units[] = {"\xc3\xbc" /* ü, 2 bytes */, "\xf0\x9f\x98\x80" /* U+1F600, 4 bytes */, "x"};
    for (size_t u = 0; u < 3; u++)
        for (int64_t n = max; n <= max + 1; n++) {
            char *v = cm_repeat(units[u], (size_t)n);
            char *obj = json_string_member("k", v);
            size_t len = strlen(obj) + 16;
            char *json = malloc(len);
            snprintf(json, len, "{\"tags\":%s}", obj);
            eks_list_tags_for_resource_response out = {0};
            cd_decode x;
            cd_run(&x, EKS_SHAPE_LIST_TAGS_FOR_RESOURCE_RESPONSE, json, &out, CD_RESPONSE);
            if (n == max) {
                none(&x.diags);
            } else {
                const eks_diag *d = only(&x.diags, EKS_DIAG_LENGTH_OUT_OF_RANGE, EKS_SEV_WARNING, "$.tags.k");
                char want[64];
                snprintf(want, sizeof want, "length %lld", (long long)n);
                ck_assert_msg(strstr(d->message, want), "%s", d->message);
                /* The value starts after {"tags":{"k": */
                ck_assert_uint_eq(d->offset, strlen("{\"tags\":{\"k\":"));
            }
            ck_assert_uint_eq(out.tags.values[0].len, strlen(v)); /* kept as decoded */
            cd_free(&x);
            free(json);
            free(obj);
            free(v);
        }
    eks_list_tags_for_resource_response out = {0};
    cd_decode x;
    cd_run(&x, EKS_SHAPE_LIST_TAGS_FOR_RESOURCE_RESPONSE, "{\"tags\":{\"k\":\"\"}}", &out, CD_RESPONSE);
    none(&x.diags);
    cd_free(&x);

    /* ClusterName in a request: 100 code points of 199 bytes pass (the pattern is anchored at
     * the start only, so "a" then anything matches); one more is an error. */
    int64_t cmax = cm_need(model, "ClusterName", "max");
    for (int64_t n = cmax; n <= cmax + 1; n++) {
        char *tail = cm_repeat("\xc3\xbc", (size_t)n - 1);
        size_t len = strlen(tail) + 2;
        char *v = malloc(len);
        snprintf(v, len, "a%s", tail);
        char *json = json_string_member("name", v);
        eks_create_cluster_request req = {0};
        cd_run(&x, EKS_SHAPE_CREATE_CLUSTER_REQUEST, json, &req, CD_REQUEST);
        size_t got = cd_count_code(&x.diags, EKS_DIAG_LENGTH_OUT_OF_RANGE);
        ck_assert_uint_eq(got, n == cmax ? 0 : 1);
        ck_assert_uint_eq(cd_count_code(&x.diags, EKS_DIAG_PATTERN_MISMATCH), 0);
        for (size_t i = 0; i < x.diags.count; i++)
            if (x.diags.items[i].code == EKS_DIAG_LENGTH_OUT_OF_RANGE) {
                ck_assert_int_eq(x.diags.items[i].severity, EKS_SEV_ERROR);
                ck_assert_str_eq(x.diags.items[i].path, "$.name");
            }
        cd_free(&x);
        free(json);
        free(v);
        free(tail);
    }
}
END_TEST

START_TEST(response_constraints_warn_when_lenient_and_err_when_strict)
{
    int64_t min = cm_need(model, "TagMap", "min"), max = cm_need(model, "TagMap", "max");
    const int64_t counts[] = {min - 1, min, max, max + 1};
    for (size_t i = 0; i < 4; i++) {
        bool bad = counts[i] < min || counts[i] > max;
        char *json = tags_json((size_t)counts[i]);
        for (cd_role r = CD_RESPONSE; r <= CD_RESPONSE_STRICT; r++) {
            eks_list_tags_for_resource_response out = {0};
            cd_decode x;
            cd_run(&x, EKS_SHAPE_LIST_TAGS_FOR_RESOURCE_RESPONSE, json, &out, r);
            ck_assert(out.tags.present);
            ck_assert_uint_eq(out.tags.count, (size_t)counts[i]); /* kept whatever the verdict */
            if (!bad) {
                none(&x.diags);
            } else {
                const eks_diag *d = only(&x.diags, EKS_DIAG_LENGTH_OUT_OF_RANGE,
                                         r == CD_RESPONSE ? EKS_SEV_WARNING : EKS_SEV_ERROR, "$.tags");
                ck_assert_uint_eq(d->offset, strlen("{\"tags\":")); /* the map's '{' */
                char want[64];
                snprintf(want, sizeof want, "%lld entries", (long long)counts[i]);
                ck_assert_msg(strstr(d->message, want), "%s", d->message);
                snprintf(want, sizeof want, "%lld", (long long)(counts[i] < min ? min : max));
                ck_assert_msg(strstr(d->message, want), "%s", d->message);
            }
            cd_free(&x);
        }
        free(json);
    }

    /* Map keys: TagKey's length bounds, located at the entry. */
    int64_t kmax = cm_need(model, "TagKey", "max"), kmin = cm_need(model, "TagKey", "min");
    ck_assert_int_eq(kmin, 1);
    for (int64_t n = kmax; n <= kmax + 1; n++) {
        char *k = cm_repeat("\xc3\xbc", (size_t)n);
        size_t len = strlen(k) + 32;
        char *json = malloc(len);
        snprintf(json, len, "{\"tags\":{\"%s\":\"v\"}}", k);
        eks_list_tags_for_resource_response out = {0};
        cd_decode x;
        cd_run(&x, EKS_SHAPE_LIST_TAGS_FOR_RESOURCE_RESPONSE, json, &out, CD_RESPONSE_STRICT);
        if (n == kmax) {
            none(&x.diags);
        } else {
            ck_assert_uint_eq(x.diags.count, 1);
            ck_assert_int_eq(x.diags.items[0].code, EKS_DIAG_LENGTH_OUT_OF_RANGE);
            ck_assert_int_eq(x.diags.items[0].severity, EKS_SEV_ERROR);
            ck_assert(strncmp(x.diags.items[0].path, "$.tags[\"", 8) == 0);
            ck_assert_ptr_nonnull(strstr(x.diags.items[0].message, "map key"));
            ck_assert_uint_eq(x.diags.items[0].offset, strlen("{\"tags\":{"));
        }
        cd_free(&x);
        free(json);
        free(k);
    }
    eks_list_tags_for_resource_response out = {0};
    cd_decode x;
    cd_run(&x, EKS_SHAPE_LIST_TAGS_FOR_RESOURCE_RESPONSE, "{\"tags\":{\"\":\"v\"}}", &out, CD_RESPONSE);
    only(&x.diags, EKS_DIAG_LENGTH_OUT_OF_RANGE, EKS_SEV_WARNING, "$.tags[\"\"]");
    cd_free(&x);
}
END_TEST

START_TEST(request_and_params_constraints_are_errors)
{
    /* ClusterName's pattern and bounds in a request body (CreateCluster.name). */
    ck_assert_int_eq(cm_need(model, "ClusterName", "min"), 1);
    const struct { const char *name; size_t length, pattern; } cases[] = {
        {"prod", 0, 0}, {"prod cluster", 0, 0}, {"9", 0, 0}, {"a!", 0, 0},
        {"-a", 0, 1}, {"_x", 0, 1}, {"\xc3\xbc", 0, 1}, {"", 1, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *json = json_string_member("name", cases[i].name);
        eks_create_cluster_request req = {0};
        cd_decode x;
        cd_run(&x, EKS_SHAPE_CREATE_CLUSTER_REQUEST, json, &req, CD_REQUEST);
        ck_assert_msg(cd_count_code(&x.diags, EKS_DIAG_LENGTH_OUT_OF_RANGE) == cases[i].length, "%s", cases[i].name);
        ck_assert_msg(cd_count_code(&x.diags, EKS_DIAG_PATTERN_MISMATCH) == cases[i].pattern, "%s", cases[i].name);
        for (size_t k = 0; k < x.diags.count; k++)
            if (x.diags.items[k].code != EKS_DIAG_MISSING_REQUIRED_MEMBER) {
                ck_assert_int_eq(x.diags.items[k].severity, EKS_SEV_ERROR);
                ck_assert_str_eq(x.diags.items[k].path, "$.name");
                ck_assert_uint_eq(x.diags.items[k].offset, strlen("{\"name\":"));
            }
        cd_free(&x);
        /* The same value in a response-side decode is only a warning. */
        memset(&req, 0, sizeof req);
        cd_run(&x, EKS_SHAPE_CREATE_CLUSTER_REQUEST, json, &req, CD_RESPONSE);
        for (size_t k = 0; k < x.diags.count; k++)
            if (x.diags.items[k].code == EKS_DIAG_PATTERN_MISMATCH)
                ck_assert_int_eq(x.diags.items[k].severity, EKS_SEV_WARNING);
        cd_free(&x);
        free(json);
    }

    /* Parameters carry the URI label too: CreateAddon's clusterName is a ClusterName. */
    eks_create_addon_request add = {0};
    cd_decode x;
    cd_run(&x, EKS_SHAPE_CREATE_ADDON_REQUEST, "{\"clusterName\":\"-prod\",\"addonName\":\"vpc-cni\"}", &add, CD_PARAMS);
    const eks_diag *d = only(&x.diags, EKS_DIAG_PATTERN_MISMATCH, EKS_SEV_ERROR, "$.clusterName");
    ck_assert_ptr_nonnull(strstr(d->message, "\"-prod\""));
    ck_assert_ptr_nonnull(strstr(d->message, cm_pattern(model, "ClusterName")));
    cd_free(&x);
    memset(&add, 0, sizeof add);
    cd_run(&x, EKS_SHAPE_CREATE_ADDON_REQUEST, "{\"clusterName\":\"prod\",\"addonName\":\"vpc-cni\"}", &add, CD_PARAMS);
    none(&x.diags);
    cd_free(&x);

    /* EksAnywhereSubscriptionName: the other pattern of the model. */
    eks_create_eks_anywhere_subscription_request sub = {0};
    cd_run(&x, EKS_SHAPE_CREATE_EKS_ANYWHERE_SUBSCRIPTION_REQUEST,
            "{\"name\":\"_sub\",\"term\":{\"duration\":12,\"unit\":\"MONTHS\"}}", &sub, CD_REQUEST);
    only(&x.diags, EKS_DIAG_PATTERN_MISMATCH, EKS_SEV_ERROR, "$.name");
    cd_free(&x);
}
END_TEST

START_TEST(integer_ranges)
{
    int64_t min = cm_need(model, "ListInsightsMaxResults", "min");
    int64_t max = cm_need(model, "ListInsightsMaxResults", "max");
    const int64_t values[] = {min - 1, min, max, max + 1, INT32_MIN, INT32_MAX};
    for (size_t i = 0; i < 6; i++) {
        char json[96];
        snprintf(json, sizeof json, "{\"maxResults\":%lld}", (long long)values[i]);
        eks_list_insights_request req = {0};
        cd_decode x;
        cd_run(&x, EKS_SHAPE_LIST_INSIGHTS_REQUEST, json, &req, CD_REQUEST);
        ck_assert(req.max_results.present && req.max_results.value == values[i]);
        if (values[i] >= min && values[i] <= max) {
            none(&x.diags);
        } else {
            const eks_diag *d = only(&x.diags, EKS_DIAG_VALUE_OUT_OF_RANGE, EKS_SEV_ERROR, "$.maxResults");
            char want[48];
            snprintf(want, sizeof want, "value %lld", (long long)values[i]);
            ck_assert_msg(strstr(d->message, want), "%s", d->message);
            ck_assert_uint_eq(d->offset, strlen("{\"maxResults\":"));
        }
        cd_free(&x);
    }

    /* Only a minimum: ZeroCapacity (0) and Capacity (1); no maximum to break. In a response. */
    ck_assert_int_eq(cm_need(model, "ZeroCapacity", "min"), 0);
    int64_t cap_min = cm_need(model, "Capacity", "min"), ignored;
    ck_assert(!cm_bound(model, "ZeroCapacity", "max", &ignored) && !cm_bound(model, "Capacity", "max", &ignored));
    const struct { const char *json; const char *path; } cases[] = {
        {"{\"minSize\":0,\"maxSize\":2147483647,\"desiredSize\":0}", NULL},
        {"{\"minSize\":-1}", "$.minSize"},
        {"{\"desiredSize\":-2147483648}", "$.desiredSize"},
    };
    for (size_t i = 0; i < 3; i++) {
        eks_nodegroup_scaling_config c = {0};
        cd_decode x;
        cd_run(&x, EKS_SHAPE_NODEGROUP_SCALING_CONFIG, cases[i].json, &c, CD_RESPONSE);
        if (cases[i].path)
            only(&x.diags, EKS_DIAG_VALUE_OUT_OF_RANGE, EKS_SEV_WARNING, cases[i].path);
        else
            none(&x.diags);
        cd_free(&x);
    }
    char json[64];
    snprintf(json, sizeof json, "{\"maxSize\":%lld}", (long long)cap_min - 1);
    eks_nodegroup_scaling_config c = {0};
    cd_decode x;
    cd_run(&x, EKS_SHAPE_NODEGROUP_SCALING_CONFIG, json, &c, CD_RESPONSE_STRICT);
    only(&x.diags, EKS_DIAG_VALUE_OUT_OF_RANGE, EKS_SEV_ERROR, "$.maxSize");
    cd_free(&x);
}
END_TEST

START_TEST(list_item_counts)
{
    int64_t max = cm_need(model, "EncryptionConfigList", "max"), ignored;
    ck_assert(!cm_bound(model, "EncryptionConfigList", "min", &ignored));
    for (int64_t n = 0; n <= max + 1; n++) {
        char json[256] = "{\"encryptionConfig\":[";
        for (int64_t i = 0; i < n; i++)
            strcat(json, i ? ",{}" : "{}");
        strcat(json, "]}");
        eks_associate_encryption_config_request req = {0};
        cd_decode x;
        cd_run(&x, EKS_SHAPE_ASSOCIATE_ENCRYPTION_CONFIG_REQUEST, json, &req, CD_REQUEST);
        if (n <= max) {
            none(&x.diags);
        } else {
            const eks_diag *d = only(&x.diags, EKS_DIAG_LENGTH_OUT_OF_RANGE, EKS_SEV_ERROR, "$.encryptionConfig");
            ck_assert_uint_eq(d->offset, strlen("{\"encryptionConfig\":"));
            ck_assert_ptr_nonnull(strstr(d->message, "items"));
        }
        cd_free(&x);
    }
    /* Dropped null items do not count: the list the caller gets has max items. */
    char json[64];
    snprintf(json, sizeof json, "{\"encryptionConfig\":[null,{},null]}");
    eks_associate_encryption_config_request req = {0};
    cd_decode x;
    cd_run(&x, EKS_SHAPE_ASSOCIATE_ENCRYPTION_CONFIG_REQUEST, json, &req, CD_REQUEST);
    ck_assert_uint_eq(req.encryption_config.count, 1);
    ck_assert_uint_eq(cd_count_code(&x.diags, EKS_DIAG_LENGTH_OUT_OF_RANGE), 0);
    cd_free(&x);
}
END_TEST

/* ---- encoding and validation --------------------------------------------------------------- */

static bool encode_clean(eks_shape_id shape, const void *v)
{
    eks_buf b;
    eks_buf_init(&b);
    bool clean = true;
    ck_assert_int_eq(eks_shape_encode_json(shape, v, &b, &clean), EKS_OK);
    eks_buf_free(&b);
    return clean;
}

static void validate(eks_shape_id shape, const void *v, eks_diags *d)
{
    bool oom = false;
    eks_diags_init(d);
    eks_shape_validate(shape, v, "$", false, d, &oom);
    ck_assert(!oom);
}

START_TEST(encode_flags_violations_and_validation_reports_errors)
{
    eks_diags d;
    int64_t cmax = cm_need(model, "ClusterName", "max");
    /* A URI label (CreateAddon's clusterName): at the bound in code points, and one past. */
    for (int64_t n = cmax; n <= cmax + 1; n++) {
        char *tail = cm_repeat("\xf0\x9f\x98\x80", (size_t)n - 1);
        size_t len = strlen(tail) + 2;
        char *name = malloc(len);
        snprintf(name, len, "p%s", tail);
        eks_create_addon_request req = {.present = true, .cluster_name = {name, strlen(name)},
                                        .addon_name = EKS_STR_LIT("vpc-cni")};
        ck_assert(encode_clean(EKS_SHAPE_CREATE_ADDON_REQUEST, &req) == (n == cmax));
        validate(EKS_SHAPE_CREATE_ADDON_REQUEST, &req, &d);
        if (n == cmax) {
            none(&d);
        } else {
            const eks_diag *x = only(&d, EKS_DIAG_LENGTH_OUT_OF_RANGE, EKS_SEV_ERROR, "$.clusterName");
            ck_assert_uint_eq(x->offset, SIZE_MAX);
        }
        eks_diags_free(&d);
        free(name);
        free(tail);
    }
    eks_create_addon_request req = {.present = true, .cluster_name = EKS_STR_LIT("-x"),
                                    .addon_name = EKS_STR_LIT("vpc-cni")};
    ck_assert(!encode_clean(EKS_SHAPE_CREATE_ADDON_REQUEST, &req));
    validate(EKS_SHAPE_CREATE_ADDON_REQUEST, &req, &d);
    only(&d, EKS_DIAG_PATTERN_MISMATCH, EKS_SEV_ERROR, "$.clusterName");
    eks_diags_free(&d);

    /* A map in the body: entry count and key length. */
    int64_t mmax = cm_need(model, "TagMap", "max"), kmax = cm_need(model, "TagKey", "max");
    eks_str keys[64], values[64];
    char key_text[64][8];
    ck_assert_int_le(mmax + 1, 64);
    for (int i = 0; i < 64; i++) {
        snprintf(key_text[i], sizeof key_text[i], "k%d", i);
        keys[i] = (eks_str){key_text[i], strlen(key_text[i])};
        values[i] = EKS_STR_LIT("v");
    }
    eks_tag_resource_request tr = {.present = true, .resource_arn = EKS_STR_LIT("arn:aws:eks:us-west-2:1:cluster/p"),
                                   .tags = {true, (size_t)mmax, keys, values}};
    ck_assert(encode_clean(EKS_SHAPE_TAG_RESOURCE_REQUEST, &tr));
    tr.tags.count = (size_t)mmax + 1;
    ck_assert(!encode_clean(EKS_SHAPE_TAG_RESOURCE_REQUEST, &tr));
    validate(EKS_SHAPE_TAG_RESOURCE_REQUEST, &tr, &d);
    only(&d, EKS_DIAG_LENGTH_OUT_OF_RANGE, EKS_SEV_ERROR, "$.tags");
    eks_diags_free(&d);
    tr.tags.count = 1;
    char *long_key = cm_repeat("k", (size_t)kmax + 1);
    keys[0] = (eks_str){long_key, strlen(long_key)};
    ck_assert(!encode_clean(EKS_SHAPE_TAG_RESOURCE_REQUEST, &tr));
    validate(EKS_SHAPE_TAG_RESOURCE_REQUEST, &tr, &d);
    ck_assert_uint_eq(d.count, 1);
    ck_assert_int_eq(d.items[0].code, EKS_DIAG_LENGTH_OUT_OF_RANGE);
    ck_assert(strncmp(d.items[0].path, "$.tags.kkkk", 11) == 0);
    eks_diags_free(&d);
    long_key[kmax] = '\0';
    keys[0].len = (size_t)kmax;
    ck_assert(encode_clean(EKS_SHAPE_TAG_RESOURCE_REQUEST, &tr));
    free(long_key);

    /* Integers: a query-string member (ListClusters.maxResults) and a body one. */
    int64_t imax = cm_need(model, "ListClustersRequestMaxResults", "max");
    eks_list_clusters_request lc = {.present = true, .max_results = {true, imax}};
    validate(EKS_SHAPE_LIST_CLUSTERS_REQUEST, &lc, &d);
    none(&d);
    eks_diags_free(&d);
    lc.max_results.value = imax + 1;
    ck_assert(!encode_clean(EKS_SHAPE_LIST_CLUSTERS_REQUEST, &lc));
    validate(EKS_SHAPE_LIST_CLUSTERS_REQUEST, &lc, &d);
    only(&d, EKS_DIAG_VALUE_OUT_OF_RANGE, EKS_SEV_ERROR, "$.maxResults");
    eks_diags_free(&d);
    int64_t imin = cm_need(model, "ListInsightsMaxResults", "min");
    eks_list_insights_request li = {.present = true, .cluster_name = EKS_STR_LIT("p"), .max_results = {true, imin}};
    ck_assert(encode_clean(EKS_SHAPE_LIST_INSIGHTS_REQUEST, &li));
    li.max_results.value = imin - 1;
    ck_assert(!encode_clean(EKS_SHAPE_LIST_INSIGHTS_REQUEST, &li));
    validate(EKS_SHAPE_LIST_INSIGHTS_REQUEST, &li, &d);
    only(&d, EKS_DIAG_VALUE_OUT_OF_RANGE, EKS_SEV_ERROR, "$.maxResults");
    eks_diags_free(&d);

    /* Response encode (the serve command) is validated the same way: errors. */
    eks_list_tags_for_resource_response lt = {.present = true, .tags = {true, 0, keys, values}};
    ck_assert(!encode_clean(EKS_SHAPE_LIST_TAGS_FOR_RESOURCE_RESPONSE, &lt));
    validate(EKS_SHAPE_LIST_TAGS_FOR_RESOURCE_RESPONSE, &lt, &d);
    only(&d, EKS_DIAG_LENGTH_OUT_OF_RANGE, EKS_SEV_ERROR, "$.tags");
    eks_diags_free(&d);
}
END_TEST

/* ---- values that are not JSON: eks_shape_check_constraints -------------------------------- */

START_TEST(check_constraints_for_labels_and_query_values)
{
    eks_diags d;
    bool oom = false;
    eks_diags_init(&d);
    eks_str label = EKS_STR_LIT("_prod");
    eks_shape_check_constraints(EKS_SHAPE_CLUSTER_NAME, &label, "$.clusterName", EKS_SEV_ERROR, 9, &d, &oom);
    const eks_diag *x = only(&d, EKS_DIAG_PATTERN_MISMATCH, EKS_SEV_ERROR, "$.clusterName");
    ck_assert_uint_eq(x->offset, 9);
    eks_diags_free(&d);
    label = EKS_STR_LIT("prod");
    eks_shape_check_constraints(EKS_SHAPE_CLUSTER_NAME, &label, "$.clusterName", EKS_SEV_ERROR, 9, &d, &oom);
    none(&d);
    eks_str absent = EKS_STR_ABSENT;
    eks_shape_check_constraints(EKS_SHAPE_CLUSTER_NAME, &absent, "$.clusterName", EKS_SEV_ERROR, 9, &d, &oom);
    none(&d);

    /* A query-string list (UntagResource's tagKeys): item count, then each item's length. */
    int64_t lmin = cm_need(model, "TagKeyList", "min"), lmax = cm_need(model, "TagKeyList", "max");
    int64_t kmax = cm_need(model, "TagKey", "max");
    eks_str items[64];
    ck_assert_int_le(lmax + 1, 64);
    for (int i = 0; i < 64; i++)
        items[i] = EKS_STR_LIT("team");
    eks_tag_key_list tk = {true, (size_t)lmax, items};
    eks_shape_check_constraints(EKS_SHAPE_TAG_KEY_LIST, &tk, "$.tagKeys", EKS_SEV_WARNING, SIZE_MAX, &d, &oom);
    none(&d);
    tk.count = (size_t)lmax + 1;
    eks_shape_check_constraints(EKS_SHAPE_TAG_KEY_LIST, &tk, "$.tagKeys", EKS_SEV_WARNING, SIZE_MAX, &d, &oom);
    only(&d, EKS_DIAG_LENGTH_OUT_OF_RANGE, EKS_SEV_WARNING, "$.tagKeys");
    eks_diags_free(&d);
    tk.count = (size_t)lmin - 1;
    eks_shape_check_constraints(EKS_SHAPE_TAG_KEY_LIST, &tk, "$.tagKeys", EKS_SEV_ERROR, SIZE_MAX, &d, &oom);
    only(&d, EKS_DIAG_LENGTH_OUT_OF_RANGE, EKS_SEV_ERROR, "$.tagKeys");
    eks_diags_free(&d);
    char *long_key = cm_repeat("\xc3\xbc", (size_t)kmax + 1);
    items[3] = (eks_str){long_key, strlen(long_key)};
    tk.count = 4;
    eks_shape_check_constraints(EKS_SHAPE_TAG_KEY_LIST, &tk, "$.tagKeys", EKS_SEV_ERROR, SIZE_MAX, &d, &oom);
    only(&d, EKS_DIAG_LENGTH_OUT_OF_RANGE, EKS_SEV_ERROR, "$.tagKeys[3]");
    eks_diags_free(&d);
    free(long_key);

    /* An integer from a query string. */
    int64_t max = cm_need(model, "ListUpdatesRequestMaxResults", "max");
    eks_opt_int mr = {true, max + 1};
    eks_shape_check_constraints(EKS_SHAPE_LIST_UPDATES_REQUEST_MAX_RESULTS, &mr, "$.maxResults", EKS_SEV_ERROR, 30, &d,
                                &oom);
    x = only(&d, EKS_DIAG_VALUE_OUT_OF_RANGE, EKS_SEV_ERROR, "$.maxResults");
    ck_assert_uint_eq(x->offset, 30);
    eks_diags_free(&d);
    mr.present = false; /* absent: nothing to check */
    eks_shape_check_constraints(EKS_SHAPE_LIST_UPDATES_REQUEST_MAX_RESULTS, &mr, "$.maxResults", EKS_SEV_ERROR, 30, &d,
                                &oom);
    none(&d);

    /* Unconstrained shapes and kinds report nothing, whatever the value. */
    eks_str s = EKS_STR_LIT("-");
    eks_shape_check_constraints(EKS_SHAPE_STRING, &s, "$.x", EKS_SEV_ERROR, 0, &d, &oom);
    eks_update_param_type_field e = {EKS_UPDATE_PARAM_TYPE_UNKNOWN, EKS_STR_LIT("")};
    eks_shape_check_constraints(EKS_SHAPE_UPDATE_PARAM_TYPE, &e, "$.type", EKS_SEV_ERROR, 0, &d, &oom);
    none(&d);
    ck_assert(!oom);
    eks_diags_free(&d);
}
END_TEST

START_TEST(messages_name_bound_and_actual_and_quote_little)
{
    /* A 300-byte value that breaks the pattern is quoted to at most 64 bytes, escaped. */
    char value[301];
    memset(value, 'x', 300);
    value[0] = '-';
    value[1] = '"';
    value[2] = '\n';
    value[300] = '\0';
    eks_str v = {value, 300};
    eks_diags d;
    bool oom = false;
    eks_diags_init(&d);
    eks_shape_check_constraints(EKS_SHAPE_CLUSTER_NAME, &v, "$.name", EKS_SEV_ERROR, SIZE_MAX, &d, &oom);
    ck_assert_uint_eq(d.count, 2);
    const eks_diag *len = &d.items[0], *pat = &d.items[1];
    if (len->code != EKS_DIAG_LENGTH_OUT_OF_RANGE) {
        const eks_diag *t = len;
        len = pat;
        pat = t;
    }
    ck_assert_int_eq(len->code, EKS_DIAG_LENGTH_OUT_OF_RANGE);
    ck_assert_ptr_nonnull(strstr(len->message, "ClusterName"));
    ck_assert_ptr_nonnull(strstr(len->message, "300"));
    ck_assert_ptr_nonnull(strstr(len->message, "100"));
    ck_assert_int_eq(pat->code, EKS_DIAG_PATTERN_MISMATCH);
    ck_assert_ptr_nonnull(strstr(pat->message, "\"-\\\"\\u000axxx"));
    ck_assert_ptr_nonnull(strstr(pat->message, "xxx...\""));
    ck_assert_ptr_null(strstr(pat->message, "\n"));
    char *run = cm_repeat("x", 70); /* more than the quote may hold */
    ck_assert_ptr_null(strstr(pat->message, run));
    free(run);
    eks_diags_free(&d);

    /* A cut never splits a UTF-8 sequence. */
    char *many = cm_repeat("\xe2\x82\xac", 50); /* 50 x EURO SIGN */
    many[0] = '_';
    many[1] = '_';
    many[2] = '_';
    v = (eks_str){many, strlen(many)};
    eks_shape_check_constraints(EKS_SHAPE_CLUSTER_NAME, &v, "$.name", EKS_SEV_ERROR, SIZE_MAX, &d, &oom);
    ck_assert_uint_eq(d.count, 1);
    ck_assert_int_eq(d.items[0].code, EKS_DIAG_PATTERN_MISMATCH);
    const char *m = d.items[0].message;
    ck_assert(eks_utf8_valid(m, strlen(m)));
    ck_assert_ptr_nonnull(strstr(m, "\xe2\x82\xac..."));
    eks_diags_free(&d);
    free(many);
    ck_assert(!oom);
}
END_TEST

/* ---- the typed DisassociateIdentityProviderConfig API ----------------------------------- */

/* The model types its clusterName as String (no traits) and no shape it reaches has a
 * constraint, so names that would break ClusterName's traits pass here: constraints follow
 * the member's shape, not its name. (Labels of operations whose label is a ClusterName are
 * checked by the generic request codec through eks_shape_check_constraints.) */
START_TEST(disassociate_api_applies_only_the_model_s_constraints)
{
    json_object *shapes, *req, *members, *cn, *shape;
    json_object_object_get_ex(model, "shapes", &shapes);
    ck_assert(json_object_object_get_ex(shapes, "DisassociateIdentityProviderConfigRequest", &req));
    json_object_object_get_ex(req, "members", &members);
    ck_assert(json_object_object_get_ex(members, "clusterName", &cn));
    json_object_object_get_ex(cn, "shape", &shape);
    const char *sname = json_object_get_string(shape);
    int64_t ignored;
    ck_assert(!cm_bound(model, sname, "min", &ignored) && !cm_bound(model, sname, "max", &ignored) &&
              !cm_pattern(model, sname));

    char *name = cm_repeat("_", 150);
    eks_disassociate_idp_request r = {
        .present = true,
        .cluster_name = {name, 150},
        .identity_provider_config = {.present = true, .type = EKS_STR_LIT("oidc"), .name = EKS_STR_LIT("okta")},
        .client_request_token = EKS_STR_LIT("tok"),
    };
    eks_request_options o;
    memset(&o, 0, sizeof o);
    o.host = EKS_STR_LIT("eks.us-west-2.amazonaws.com");
    eks_encoded_request out = {0};
    eks_diags d;
    eks_diags_init(&d);
    ck_assert_int_eq(eks_disassociate_idp_request_encode(&r, &o, &out, &d), EKS_OK);
    none(&d);

    eks_http_request hr = {.method = EKS_STR_LIT("POST"), .path = out.http.path, .body = out.http.body};
    eks_decoded_request dr;
    ck_assert_int_eq(eks_disassociate_idp_request_decode(&hr, NULL, &dr), EKS_OK);
    none(&dr.diags);
    eks_decoded_request_free(&dr);

    size_t plen = strlen(name) + 128;
    char *params = malloc(plen);
    snprintf(params, plen, "{\"clusterName\":\"%s\",\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"okta\"}}",
             name);
    ck_assert_int_eq(eks_disassociate_idp_request_from_params(params, strlen(params), NULL, &dr), EKS_OK);
    none(&dr.diags);
    eks_decoded_request_free(&dr);
    free(params);
    eks_encoded_request_free(&out);

    const char *body = "{\"update\":{\"id\":\"-\",\"params\":[{\"type\":\"Version\",\"value\":\"\"}],\"errors\":[]}}";
    eks_http_response resp = {.status = 200, .body = {body, strlen(body)}};
    eks_decoded_response rs;
    eks_decode_options strict = {.strict = true};
    ck_assert_int_eq(eks_disassociate_idp_response_decode(&resp, &strict, &rs), EKS_OK);
    ck_assert_uint_eq(cd_count_code(&rs.diags, EKS_DIAG_LENGTH_OUT_OF_RANGE) +
                          cd_count_code(&rs.diags, EKS_DIAG_PATTERN_MISMATCH) +
                          cd_count_code(&rs.diags, EKS_DIAG_VALUE_OUT_OF_RANGE), 0);
    eks_decoded_response_free(&rs);
    free(name);
}
END_TEST

START_TEST(diagnostic_codes_have_their_stable_names)
{
    ck_assert_str_eq(eks_diag_code_name(EKS_DIAG_LENGTH_OUT_OF_RANGE), "length_out_of_range");
    ck_assert_str_eq(eks_diag_code_name(EKS_DIAG_VALUE_OUT_OF_RANGE), "value_out_of_range");
    ck_assert_str_eq(eks_diag_code_name(EKS_DIAG_PATTERN_MISMATCH), "pattern_mismatch");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("constraints");
    TCase *tc = tcase_create("eks");
    tcase_add_checked_fixture(tc, load_model, free_model);
    tcase_add_test(tc, pattern_cases_match_the_ecma_oracle);
    tcase_add_test(tc, model_patterns_from_the_tables_match_the_oracle);
    tcase_add_test(tc, pattern_invalid_bytes_and_input_bounds);
    tcase_add_test(tc, string_length_counts_code_points);
    tcase_add_test(tc, response_constraints_warn_when_lenient_and_err_when_strict);
    tcase_add_test(tc, request_and_params_constraints_are_errors);
    tcase_add_test(tc, integer_ranges);
    tcase_add_test(tc, list_item_counts);
    tcase_add_test(tc, encode_flags_violations_and_validation_reports_errors);
    tcase_add_test(tc, check_constraints_for_labels_and_query_values);
    tcase_add_test(tc, messages_name_bound_and_actual_and_quote_little);
    tcase_add_test(tc, disassociate_api_applies_only_the_model_s_constraints);
    tcase_add_test(tc, diagnostic_codes_have_their_stable_names);
    suite_add_tcase(s, tc);
    return ts_run_suite(s);
}
