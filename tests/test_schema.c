/*
 * The schema chain: official model -> schema/<name>.json (extract) -> generated C tables.
 *
 * Each link is checked on its own, with expectations read from the upstream artefact, so a
 * mismatch names the link that broke:
 *   - tables vs extract: every descriptor of codec/generated/model_tables.c and every
 *     generated string<->enum function against schema/eks-2017-11-01.json;
 *   - extract vs model: an independent closure walk over service-2.json (not the generator's
 *     code) must give exactly the extract's shapes with identical facts;
 *   - the figures the issue states (enum sizes, error statuses) against the model file, so a
 *     newer model fails here and asks for `python3 schema/gen_schema.py all`.
 * The regeneration (drift) test and the other-operation runs are tests/schema_generator_test.sh.
 */
#include "model_desc.h"
#include "test_support.h"

#include <json-c/json.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OPERATION "DisassociateIdentityProviderConfig"
#define EXTRACT_PATH "schema/eks-2017-11-01.json"
#define MODEL_PATH "models/eks-2017-11-01/service-2.json"
#define REGENERATE "; run `python3 schema/gen_schema.py all` if the model changed"

static json_object *load_json(const char *dir, const char *rel)
{
    char *path = ts_path(dir, rel);
    ck_assert_ptr_nonnull(path);
    json_object *o = json_object_from_file(path);
    ck_assert_msg(o != NULL, "cannot load %s: %s", path, json_util_get_last_err());
    free(path);
    return o;
}

static json_object *load_extract(void)
{
    return load_json(ts_source_dir(), EXTRACT_PATH);
}

/* NULL when ../shared is absent (the caller skips loudly). */
static json_object *load_model(const char *test)
{
    const char *shared = ts_shared_dir();
    if (!shared) {
        ts_skip(test, TS_NO_SHARED);
        return NULL;
    }
    return load_json(shared, MODEL_PATH);
}

static json_object *get(json_object *o, const char *key)
{
    json_object *v = NULL;
    if (o == NULL || !json_object_object_get_ex(o, key, &v))
        return NULL;
    return v;
}

static json_object *must(json_object *o, const char *key, const char *where)
{
    json_object *v = get(o, key);
    ck_assert_msg(v != NULL, "%s: missing \"%s\"", where, key);
    return v;
}

static const char *get_str(json_object *o, const char *key)
{
    json_object *v = get(o, key);
    return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

static bool get_true(json_object *o, const char *key)
{
    json_object *v = get(o, key);
    return v && json_object_is_type(v, json_type_boolean) && json_object_get_boolean(v);
}

static bool str_in_array(json_object *arr, const char *s)
{
    if (!arr)
        return false;
    for (size_t i = 0; i < json_object_array_length(arr); i++)
        if (strcmp(json_object_get_string(json_object_array_get_idx(arr, i)), s) == 0)
            return true;
    return false;
}

static const eks_shape_desc *table_shape(const char *name)
{
    for (int i = 0; i < EKS_SHAPE_COUNT_; i++)
        if (eks_shapes[i].name && strcmp(eks_shapes[i].name, name) == 0)
            return &eks_shapes[i];
    return NULL;
}

static const char *shape_name(eks_shape_id id)
{
    ck_assert_int_ge(id, 0);
    ck_assert_int_lt(id, EKS_SHAPE_COUNT_);
    return eks_shapes[id].name;
}

static const char *error_kind_shape(eks_error_kind kind)
{
    for (int i = 0; i < EKS_ERROR_KIND_COUNT; i++)
        if (eks_errors[i].kind == kind)
            return shape_name(eks_errors[i].shape);
    return NULL;
}

/* Smithy/botocore shape types and member locations, as the descriptors name them. */
static eks_shape_kind expected_kind(json_object *shape, const char *name)
{
    const char *t = get_str(shape, "type");
    ck_assert_msg(t != NULL, "%s: no type", name);
    static const struct { const char *type; eks_shape_kind kind; } map[] = {
        {"structure", EKS_KIND_STRUCTURE}, {"list", EKS_KIND_LIST}, {"map", EKS_KIND_MAP},
        {"string", EKS_KIND_STRING}, {"boolean", EKS_KIND_BOOLEAN},
        {"integer", EKS_KIND_INTEGER}, {"long", EKS_KIND_LONG}, {"double", EKS_KIND_DOUBLE},
        {"float", EKS_KIND_DOUBLE}, {"timestamp", EKS_KIND_TIMESTAMP}, {"blob", EKS_KIND_BLOB},
    };
    if (strcmp(t, "string") == 0 && get(shape, "enum"))
        return EKS_KIND_ENUM;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i].type, t) == 0)
            return map[i].kind;
    ck_abort_msg("%s: type %s has no descriptor kind", name, t);
    return EKS_KIND_STRING;
}

static eks_member_location expected_location(json_object *member, const char *where)
{
    const char *loc = get_str(member, "location");
    if (!loc)
        return EKS_LOC_BODY;
    static const struct { const char *name; eks_member_location loc; } map[] = {
        {"uri", EKS_LOC_URI}, {"querystring", EKS_LOC_QUERY}, {"header", EKS_LOC_HEADER},
        {"headers", EKS_LOC_HEADERS}, {"statusCode", EKS_LOC_STATUS},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i].name, loc) == 0)
            return map[i].loc;
    ck_abort_msg("%s: unknown location %s", where, loc);
    return EKS_LOC_BODY;
}

/* ------------------------------------------------------------------------------------ */
/* (a) generated tables == extract                                                       */

/* The encoder's fast path (EKS_MEMBER_PLAIN_BODY_STRING), from the extract: a body member
 * whose shape is a string without enum, min, max or pattern. */
static bool plain_body_string(json_object *shapes, json_object *m)
{
    json_object *t = must(shapes, get_str(m, "shape"), "member shape");
    return get(m, "location") == NULL && strcmp(get_str(t, "type"), "string") == 0 && !get(t, "enum") &&
           !get(t, "min") && !get(t, "max") && !get(t, "pattern");
}

static void check_table_shape(json_object *shapes, const char *name, json_object *es)
{
    const eks_shape_desc *d = table_shape(name);
    ck_assert_msg(d != NULL, "extract shape %s is not in eks_shapes", name);
    ck_assert_msg(d->kind == expected_kind(es, name), "%s: kind %d", name, (int)d->kind);
    ck_assert_msg(d->c_size > 0, "%s: c_size 0", name);

    if (d->kind == EKS_KIND_STRUCTURE) {
        json_object *members = must(es, "members", name);
        json_object *required = get(es, "required");
        ck_assert_msg(d->member_count == json_object_object_length(members),
                      "%s: %d members in the table, %d in the extract", name, d->member_count,
                      json_object_object_length(members));
        int i = 0;
        json_object_object_foreach(members, mname, m) {
            const eks_member_desc *md = &d->members[i++];
            ck_assert_msg(strcmp(md->name, mname) == 0, "%s member %d: %s in the table, %s in the extract",
                          name, i - 1, md->name, mname);
            ck_assert_msg(strcmp(shape_name(md->shape), get_str(m, "shape")) == 0,
                          "%s.%s: shape %s, extract %s", name, mname, shape_name(md->shape), get_str(m, "shape"));
            ck_assert_msg(md->location == expected_location(m, mname), "%s.%s: location %d", name, mname,
                          (int)md->location);
            /* The encoder writes json_key verbatim; member names are plain identifiers here
             * (asserted), so the JSON string of the name is the name in quotes. */
            ck_assert_uint_eq(md->name_len, strlen(mname));
            ck_assert_msg(strcspn(mname, "\"\\") == strlen(mname), "%s.%s needs JSON escaping", name, mname);
            char key[256];
            snprintf(key, sizeof key, "\"%s\":", mname);
            ck_assert_str_eq(md->json_key, key);
            ck_assert_uint_eq(md->json_key_len, strlen(key));
            const char *ln = get_str(m, "locationName") ? get_str(m, "locationName") : mname;
            ck_assert_msg(strcmp(md->location_name, ln) == 0, "%s.%s: locationName %s, extract %s", name, mname,
                          md->location_name, ln);
            unsigned want = (str_in_array(required, mname) ? EKS_MEMBER_REQUIRED : 0u) |
                            (get_true(m, "idempotencyToken") ? EKS_MEMBER_IDEMPOTENCY_TOKEN : 0u) |
                            (plain_body_string(shapes, m) ? EKS_MEMBER_PLAIN_BODY_STRING : 0u);
            ck_assert_msg(md->flags == want, "%s.%s: flags %u, extract says %u", name, mname, md->flags, want);
        }
        /* A required name that is not a member would be silently unenforceable. */
        for (size_t r = 0; required && r < json_object_array_length(required); r++) {
            const char *rn = json_object_get_string(json_object_array_get_idx(required, r));
            ck_assert_msg(get(members, rn) != NULL, "%s: required %s is not a member", name, rn);
        }
    } else {
        ck_assert_msg(d->member_count == 0 && d->members == NULL, "%s: members on a non-structure", name);
    }

    if (d->kind == EKS_KIND_LIST)
        ck_assert_str_eq(shape_name(d->item), get_str(es, "member"));
    if (d->kind == EKS_KIND_MAP) {
        ck_assert_str_eq(shape_name(d->key), get_str(es, "key"));
        ck_assert_str_eq(shape_name(d->item), get_str(es, "value"));
    }

    if (d->kind == EKS_KIND_ENUM) {
        json_object *vals = must(es, "enum", name);
        ck_assert_ptr_nonnull(d->enum_desc);
        ck_assert_str_eq(d->enum_desc->name, name);
        ck_assert_msg(d->enum_desc->count == (int)json_object_array_length(vals), "%s: %d values in the table, %zu in the extract",
                      name, d->enum_desc->count, json_object_array_length(vals));
        for (int i = 0; i < d->enum_desc->count; i++) {
            json_object *v = json_object_array_get_idx(vals, (size_t)i);
            ck_assert_msg(strcmp(d->enum_desc->values[i], json_object_get_string(v)) == 0,
                          "%s value %d: %s", name, i, d->enum_desc->values[i]);
            /* The decoder matches wire strings by these lengths: the extract's byte count. */
            ck_assert_msg(d->enum_desc->lengths[i] == (unsigned)json_object_get_string_len(v),
                          "%s value %d: length %u in the table, %d in the extract", name, i,
                          (unsigned)d->enum_desc->lengths[i], json_object_get_string_len(v));
        }
    } else {
        ck_assert_msg(d->enum_desc == NULL, "%s: enum table on a non-enum", name);
    }

    if (get_true(es, "exception")) {
        ck_assert_msg(d->is_error, "%s: not marked as an error", name);
        ck_assert_int_eq(d->http_status, json_object_get_int(must(es, "httpStatusCode", name)));
        ck_assert_msg(d->is_fault == get_true(es, "fault"), "%s: fault flag", name);
    } else {
        ck_assert_msg(!d->is_error && !d->is_fault && d->http_status == 0, "%s: error flags on a non-error", name);
    }

    json_object *mn = get(es, "min"), *mx = get(es, "max");
    ck_assert_msg(d->has_min == (mn != NULL) && d->has_max == (mx != NULL), "%s: min/max presence", name);
    if (mn)
        ck_assert_int_eq(d->min_value, json_object_get_int64(mn));
    if (mx)
        ck_assert_int_eq(d->max_value, json_object_get_int64(mx));
}

START_TEST(tables_match_extract_shapes)
{
    json_object *ex = load_extract();
    json_object *shapes = must(ex, "shapes", "extract");
    json_object_object_foreach(shapes, name, es)
        check_table_shape(shapes, name, es);
    /* Reverse direction: nothing in the tables that the extract does not hold. */
    ck_assert_int_eq(EKS_SHAPE_COUNT_, json_object_object_length(shapes));
    for (int i = 0; i < EKS_SHAPE_COUNT_; i++) {
        ck_assert_msg(eks_shapes[i].name != NULL, "eks_shapes[%d] is empty", i);
        ck_assert_msg(get(shapes, eks_shapes[i].name) != NULL, "table shape %s is not in the extract", eks_shapes[i].name);
        for (int j = 0; j < i; j++)
            ck_assert_str_ne(eks_shapes[i].name, eks_shapes[j].name);
    }
    json_object_put(ex);
}
END_TEST

START_TEST(tables_match_extract_operations)
{
    json_object *ex = load_extract();
    json_object *ops = must(ex, "operations", "extract");
    json_object *shapes = must(ex, "shapes", "extract");
    ck_assert_int_eq(EKS_OPERATION_COUNT_, json_object_object_length(ops));
    ck_assert_msg(get(ops, OPERATION) != NULL, "extract lacks %s", OPERATION);

    /* Every error shape of every operation, first occurrence order. */
    const char *all_errors[64];
    int n_errors = 0;
    json_object_object_foreach(ops, opname, op) {
        const eks_operation_desc *d = NULL;
        for (int i = 0; i < EKS_OPERATION_COUNT_; i++)
            if (strcmp(eks_operations[i].name, opname) == 0)
                d = &eks_operations[i];
        ck_assert_msg(d != NULL, "operation %s is not in eks_operations", opname);
        json_object *http = must(op, "http", opname);
        ck_assert_str_eq(d->method, get_str(http, "method"));
        ck_assert_str_eq(d->request_uri, get_str(http, "requestUri"));
        json_object *rc = get(http, "responseCode");
        ck_assert_int_eq(d->response_code, rc ? json_object_get_int(rc) : 200);
        if (get_str(op, "input"))
            ck_assert_str_eq(shape_name(d->input), get_str(op, "input"));
        else
            ck_assert_int_eq(d->input, EKS_SHAPE_NONE_);
        if (get_str(op, "output"))
            ck_assert_str_eq(shape_name(d->output), get_str(op, "output"));
        else
            ck_assert_int_eq(d->output, EKS_SHAPE_NONE_);

        /* The pre-split path: literals and uri-bound input members rebuild the template. */
        char rebuilt[512] = "";
        for (int i = 0; i < d->uri_segment_count; i++) {
            const eks_uri_segment *g = &d->uri_segments[i];
            size_t used = strlen(rebuilt);
            if (g->member < 0) {
                ck_assert_ptr_nonnull(g->literal);
                ck_assert_uint_eq(g->literal_len, strlen(g->literal));
                snprintf(rebuilt + used, sizeof rebuilt - used, "%s", g->literal);
            } else {
                ck_assert_int_ne(d->input, EKS_SHAPE_NONE_);
                ck_assert_int_lt(g->member, eks_shapes[d->input].member_count);
                const eks_member_desc *m = &eks_shapes[d->input].members[g->member];
                ck_assert_msg(m->location == EKS_LOC_URI, "%s: label segment %d is %s, not a uri member", opname, i, m->name);
                snprintf(rebuilt + used, sizeof rebuilt - used, "{%s%s}", m->location_name, g->greedy ? "+" : "");
            }
        }
        const char *uri = get_str(http, "requestUri");
        ck_assert_msg(strncmp(rebuilt, uri, strcspn(uri, "?")) == 0 && strlen(rebuilt) == strcspn(uri, "?"),
                      "%s: segments rebuild %s, template %s", opname, rebuilt, uri);

        json_object *errs = must(op, "errors", opname);
        ck_assert_int_eq(d->error_count, (int)json_object_array_length(errs));
        for (int i = 0; i < d->error_count; i++) {
            const char *want = json_object_get_string(json_object_array_get_idx(errs, (size_t)i));
            const char *got = error_kind_shape(d->errors[i]);
            ck_assert_msg(got && strcmp(got, want) == 0, "%s error %d: %s, extract %s", opname, i, got ? got : "(none)", want);
            ck_assert_msg(get(shapes, want) && get_true(get(shapes, want), "exception"), "%s is not an exception shape", want);
            bool seen = false;
            for (int k = 0; k < n_errors; k++)
                seen = seen || strcmp(all_errors[k], want) == 0;
            if (!seen) {
                ck_assert_int_lt(n_errors, 64);
                all_errors[n_errors++] = want;
            }
        }
    }

    /* eks_errors: exactly the operations' error shapes, with the public lookups agreeing. */
    ck_assert_int_eq(EKS_ERROR_KIND_COUNT, n_errors);
    for (int i = 0; i < EKS_ERROR_KIND_COUNT; i++) {
        const eks_error_desc *e = &eks_errors[i];
        const char *name = shape_name(e->shape);
        json_object *es = get(shapes, name);
        ck_assert_msg(es && get_true(es, "exception"), "eks_errors[%d] = %s is not an extract exception", i, name);
        bool listed = false;
        for (int k = 0; k < n_errors; k++)
            listed = listed || strcmp(all_errors[k], name) == 0;
        ck_assert_msg(listed, "eks_errors has %s, which no operation returns", name);
        ck_assert_int_ne(e->kind, EKS_ERROR_NONE);
        ck_assert_int_ne(e->kind, EKS_ERROR_UNMODELED);
        ck_assert_str_eq(eks_error_kind_name(e->kind), name);
        ck_assert_int_eq(eks_error_kind_http_status(e->kind), json_object_get_int(must(es, "httpStatusCode", name)));
        ck_assert_int_eq(eks_error_kind_from_name(name, strlen(name)), e->kind);
        for (int j = 0; j < i; j++)
            ck_assert_int_ne(eks_errors[j].kind, e->kind);
    }
    ck_assert_int_eq(eks_error_kind_from_name("ThrottlingExceptio", 18), EKS_ERROR_UNMODELED);
    ck_assert_int_eq(eks_error_kind_from_name("throttlingexception", 19), EKS_ERROR_UNMODELED);
    ck_assert_int_eq(eks_error_kind_from_name("", 0), EKS_ERROR_UNMODELED);
    ck_assert_int_eq(eks_error_kind_from_name(NULL, 0), EKS_ERROR_UNMODELED);
    ck_assert_ptr_null(eks_error_kind_name(EKS_ERROR_NONE));
    ck_assert_ptr_null(eks_error_kind_name(EKS_ERROR_UNMODELED));
    ck_assert_int_eq(eks_error_kind_http_status(EKS_ERROR_UNMODELED), 0);
    json_object_put(ex);
}
END_TEST

/* The generated per-enum functions, through one signature so one loop covers them all. */
typedef struct enum_api {
    const char *shape;
    int (*from)(const char *s, size_t len);
    const char *(*to)(int v);
    int unknown;
    int count_macro;
} enum_api;

#define ENUM_API(cn, shape_name, CN)                                                                \
    static int cn##_from(const char *s, size_t len) { return (int)eks_##cn##_from_string(s, len); } \
    static const char *cn##_to(int v) { return eks_##cn##_to_string((eks_##cn)v); }
EKS_MODEL_ENUMS(ENUM_API)

/* The generated list names every enum once; the count check below compares it with the
 * extract, and each row's functions are checked value by value against the extract. */
#define ENUM_ROW(cn, shape_name, CN) {#shape_name, cn##_from, cn##_to, EKS_##CN##_UNKNOWN, EKS_##CN##_COUNT},
static const enum_api enum_apis[] = {EKS_MODEL_ENUMS(ENUM_ROW)};

/* Every name set has its perfect hash (the generator falls back to a plain search without
 * one, which is correct but slow: a set the hash cannot tell apart should be seen here), and
 * each name's slot holds that name: a table that disagreed with eks_name_hash_slot would lose
 * members and enum values. */
START_TEST(name_hashes_cover_every_name)
{
    for (int i = 0; i < EKS_SHAPE_COUNT_; i++) {
        const eks_shape_desc *sd = &eks_shapes[i];
        if (sd->kind == EKS_KIND_STRUCTURE && sd->member_count) {
            ck_assert_msg(sd->member_hash != NULL, "%s has no member hash", sd->name);
            for (int m = 0; m < sd->member_count; m++) {
                const eks_member_desc *md = &sd->members[m];
                unsigned slot = eks_name_hash_slot(sd->member_hash, md->name, md->name_len);
                ck_assert_msg(sd->member_hash->slots[slot] == m + 1, "%s.%s: slot %u holds %d, want %d",
                              sd->name, md->name, slot, sd->member_hash->slots[slot], m + 1);
            }
        }
        if (sd->kind == EKS_KIND_ENUM) {
            const eks_enum_desc *ed = sd->enum_desc;
            ck_assert_msg(ed->hash != NULL, "%s has no value hash", sd->name);
            for (int v = 0; v < ed->count; v++) {
                unsigned slot = eks_name_hash_slot(ed->hash, ed->values[v], ed->lengths[v]);
                ck_assert_msg(ed->hash->slots[slot] == v + 1, "%s value %s: slot %u holds %d, want %d", sd->name,
                              ed->values[v], slot, ed->hash->slots[slot], v + 1);
            }
        }
    }
}
END_TEST

/* The decoder checks required members through a generated mask: bit i must be set exactly
 * when the extract lists members[i] as required. */
START_TEST(required_masks_match_extract)
{
    json_object *ex = load_extract();
    json_object *shapes = must(ex, "shapes", "extract");
    int structures = 0, with_required = 0;
    for (int i = 0; i < EKS_SHAPE_COUNT_; i++) {
        const eks_shape_desc *sd = &eks_shapes[i];
        if (sd->kind != EKS_KIND_STRUCTURE)
            continue;
        json_object *required = must(must(shapes, sd->name, "extract shapes"), "required", sd->name);
        uint64_t want = 0;
        for (int m = 0; m < sd->member_count; m++)
            for (size_t k = 0; k < json_object_array_length(required); k++)
                if (strcmp(json_object_get_string(json_object_array_get_idx(required, k)), sd->members[m].name) == 0)
                    want |= UINT64_C(1) << m;
        ck_assert_msg(sd->required_members == want, "%s: required mask %llx, extract says %llx", sd->name,
                      (unsigned long long)sd->required_members, (unsigned long long)want);
        ck_assert_int_eq((int)json_object_array_length(required), __builtin_popcountll(want));
        structures++;
        with_required += want != 0;
    }
    ck_assert_int_gt(structures, 0);
    ck_assert_int_gt(with_required, 0);
    json_object_put(ex);
}
END_TEST

/* The decoder matches an expected key by its raw bytes, which is only right for a name that
 * JSON spells one way unescaped (RFC 8259 §7: no quote, backslash or control character). */
START_TEST(member_names_need_no_escaping)
{
    for (int i = 0; i < EKS_SHAPE_COUNT_; i++)
        for (int m = 0; m < eks_shapes[i].member_count; m++) {
            const eks_member_desc *md = &eks_shapes[i].members[m];
            ck_assert_uint_eq(md->name_len, strlen(md->name));
            for (size_t k = 0; k < md->name_len; k++) {
                unsigned char c = (unsigned char)md->name[k];
                ck_assert_msg(c >= 0x20 && c < 0x7f && c != '"' && c != '\\', "%s.%s", eks_shapes[i].name,
                              md->name);
            }
        }
}
END_TEST

START_TEST(enum_functions_match_extract)
{
    json_object *ex = load_extract();
    json_object *shapes = must(ex, "shapes", "extract");
    int enums_in_extract = 0;
    json_object_object_foreach(shapes, sname, sv) {
        (void)sname;
        enums_in_extract += get(sv, "enum") != NULL;
    }
    /* A new enum in the extract needs a row here (and its functions exist only if generated). */
    ck_assert_int_eq(enums_in_extract, (int)(sizeof enum_apis / sizeof enum_apis[0]));

    for (size_t e = 0; e < sizeof enum_apis / sizeof enum_apis[0]; e++) {
        const enum_api *api = &enum_apis[e];
        json_object *vals = must(must(shapes, api->shape, "extract shapes"), "enum", api->shape);
        int n = (int)json_object_array_length(vals);
        ck_assert_msg(api->count_macro == n && api->unknown == n + 1, "%s: COUNT %d / UNKNOWN %d for %d values",
                      api->shape, api->count_macro, api->unknown, n);
        for (int i = 0; i < n; i++) {
            const char *v = json_object_get_string(json_object_array_get_idx(vals, (size_t)i));
            size_t len = strlen(v);
            ck_assert_msg(api->from(v, len) == i + 1, "%s: from_string(%s) = %d, want %d", api->shape, v, api->from(v, len), i + 1);
            ck_assert_msg(api->to(i + 1) && strcmp(api->to(i + 1), v) == 0, "%s: to_string(%d)", api->shape, i + 1);

            /* Lengths are honoured: a prefix, and the value followed by more bytes, are not the value. */
            ck_assert_int_eq(api->from(v, len - 1), api->unknown);
            char longer[128];
            ck_assert_uint_lt(len + 2, sizeof longer);
            memcpy(longer, v, len);
            memcpy(longer + len, "x", 2);
            ck_assert_int_eq(api->from(longer, len + 1), api->unknown);
            ck_assert_int_eq(api->from(longer, len), i + 1);

            /* Matching is case-sensitive: swapped case is unknown unless it is itself a value. */
            char swapped[128];
            for (size_t k = 0; k <= len; k++)
                swapped[k] = (char)(isupper((unsigned char)v[k]) ? tolower((unsigned char)v[k]) : toupper((unsigned char)v[k]));
            if (!str_in_array(vals, swapped))
                ck_assert_msg(api->from(swapped, len) == api->unknown, "%s: %s matched", api->shape, swapped);
        }
        ck_assert_int_eq(api->from("", 0), api->unknown);
        ck_assert_int_eq(api->from(NULL, 0), api->unknown);
        ck_assert_int_eq(api->from("NoSuchValue", 11), api->unknown);
        ck_assert_ptr_null(api->to(0));
        ck_assert_ptr_null(api->to(api->unknown));
    }
    /* The model's own value "Unknown" is a real ErrorCode, distinct from the UNKNOWN sentinel. */
    ck_assert_int_eq(eks_error_code_from_string("Unknown", 7), EKS_ERROR_CODE_UNKNOWN_VALUE);
    ck_assert_int_ne(EKS_ERROR_CODE_UNKNOWN_VALUE, EKS_ERROR_CODE_UNKNOWN);
    ck_assert_str_eq(eks_error_code_to_string(EKS_ERROR_CODE_UNKNOWN_VALUE), "Unknown");
    json_object_put(ex);
}
END_TEST

/* ------------------------------------------------------------------------------------ */
/* (b) extract == closure of the operation in the model                                  */

/* Small string set: the closure of one operation has a few dozen shapes. */
typedef struct name_set {
    const char *names[512];
    int count;
} name_set;

static bool set_has(const name_set *s, const char *n)
{
    for (int i = 0; i < s->count; i++)
        if (strcmp(s->names[i], n) == 0)
            return true;
    return false;
}

static void set_add(name_set *s, const char *n)
{
    if (set_has(s, n))
        return;
    ck_assert_int_lt(s->count, (int)(sizeof s->names / sizeof s->names[0]));
    s->names[s->count++] = n;
}

/* Every shape reachable from the operations' input, output and errors (worklist walk). */
static void model_closure(json_object *model, json_object *op_names, name_set *out)
{
    json_object *ops = must(model, "operations", "model"), *shapes = must(model, "shapes", "model");
    out->count = 0;
    for (size_t i = 0; i < json_object_array_length(op_names); i++) {
        const char *on = json_object_get_string(json_object_array_get_idx(op_names, i));
        json_object *op = must(ops, on, "model operations");
        if (get(op, "input"))
            set_add(out, get_str(get(op, "input"), "shape"));
        if (get(op, "output"))
            set_add(out, get_str(get(op, "output"), "shape"));
        json_object *errs = get(op, "errors");
        for (size_t k = 0; errs && k < json_object_array_length(errs); k++)
            set_add(out, get_str(json_object_array_get_idx(errs, k), "shape"));
    }
    for (int next = 0; next < out->count; next++) {
        json_object *s = must(shapes, out->names[next], "model shapes");
        json_object *members = get(s, "members");
        if (members) {
            json_object_object_foreach(members, mn, m) {
                (void)mn;
                set_add(out, get_str(m, "shape"));
            }
        }
        static const char *const refs[] = {"member", "key", "value"};
        for (size_t r = 0; r < 3; r++)
            if (get(s, refs[r]))
                set_add(out, get_str(get(s, refs[r]), "shape"));
    }
}

/* JSON equality of an optional field (absent == absent). */
static void same_opt(json_object *a, json_object *b, const char *key, const char *where)
{
    json_object *va = get(a, key), *vb = get(b, key);
    ck_assert_msg((va == NULL) == (vb == NULL), "%s: \"%s\" present in only one of model/extract", where, key);
    if (va)
        ck_assert_msg(json_object_equal(va, vb), "%s: \"%s\" differs: model %s, extract %s", where, key,
                      json_object_to_json_string(va), json_object_to_json_string(vb));
}

static void same_str_list(json_object *model_list, json_object *extract_list, const char *where)
{
    size_t n = model_list ? json_object_array_length(model_list) : 0;
    ck_assert_msg(extract_list != NULL || n == 0, "%s: list missing from the extract", where);
    ck_assert_msg((extract_list ? json_object_array_length(extract_list) : 0) == n, "%s: length differs", where);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(json_object_equal(json_object_array_get_idx(model_list, i), json_object_array_get_idx(extract_list, i)),
                      "%s[%zu] differs", where, i);
}

/* Keys an extract may hold; prose (documentation) or anything unknown is a defect. */
static void only_keys(json_object *o, const char *const *allowed, const char *where)
{
    json_object_object_foreach(o, k, v) {
        (void)v;
        bool ok = false;
        for (size_t i = 0; allowed[i]; i++)
            ok = ok || strcmp(allowed[i], k) == 0;
        ck_assert_msg(ok, "%s: unexpected key \"%s\" in the extract", where, k);
    }
}

static void check_model_shape(const char *name, json_object *ms, json_object *es)
{
    static const char *const shape_keys[] = {"type", "enum", "min", "max", "pattern", "required", "members",
                                             "exception", "httpStatusCode", "fault", "errorCode", "union",
                                             "member", "key", "value", "timestampFormat", NULL};
    static const char *const member_keys[] = {"shape", "location", "locationName", "idempotencyToken",
                                              "jsonvalue", "timestampFormat", "hostLabel", NULL};
    only_keys(es, shape_keys, name);
    same_opt(ms, es, "type", name);
    same_opt(ms, es, "enum", name);
    same_opt(ms, es, "min", name);
    same_opt(ms, es, "max", name);
    same_opt(ms, es, "pattern", name);
    same_opt(ms, es, "timestampFormat", name);
    static const char *const refs[] = {"member", "key", "value"};
    for (size_t r = 0; r < 3; r++) {
        json_object *mr = get(ms, refs[r]);
        const char *er = get_str(es, refs[r]);
        ck_assert_msg((mr == NULL) == (er == NULL), "%s: \"%s\" presence", name, refs[r]);
        if (mr)
            ck_assert_str_eq(get_str(mr, "shape"), er);
    }
    if (strcmp(get_str(ms, "type"), "structure") != 0) {
        ck_assert_msg(get(es, "members") == NULL && get(es, "required") == NULL, "%s: members on a non-structure", name);
        return;
    }
    same_str_list(get(ms, "required"), get(es, "required"), name);
    json_object *mm = get(ms, "members"), *em = must(es, "members", name);
    ck_assert_msg((mm ? json_object_object_length(mm) : 0) == json_object_object_length(em), "%s: member count differs", name);
    if (mm) {
        /* json-c keeps object keys in document order; member order is what the SDKs emit. */
        struct json_object_iterator mi = json_object_iter_begin(mm), me = json_object_iter_end(mm);
        struct json_object_iterator ei = json_object_iter_begin(em);
        for (; !json_object_iter_equal(&mi, &me); json_object_iter_next(&mi), json_object_iter_next(&ei)) {
            const char *mname = json_object_iter_peek_name(&mi);
            ck_assert_msg(strcmp(mname, json_object_iter_peek_name(&ei)) == 0, "%s: member %s out of order (extract has %s)",
                          name, mname, json_object_iter_peek_name(&ei));
            json_object *m = json_object_iter_peek_value(&mi), *e = json_object_iter_peek_value(&ei);
            char where[256];
            snprintf(where, sizeof where, "%s.%s", name, mname);
            only_keys(e, member_keys, where);
            for (size_t k = 0; member_keys[k]; k++)
                same_opt(m, e, member_keys[k], where);
        }
    }
    bool exc = get_true(ms, "exception");
    ck_assert_msg(exc == get_true(es, "exception"), "%s: exception flag", name);
    ck_assert_msg(get_true(ms, "fault") == get_true(es, "fault"), "%s: fault flag", name);
    ck_assert_msg(get_true(ms, "union") == get_true(es, "union"), "%s: union flag", name);
    if (exc) {
        json_object *status = get(get(ms, "error"), "httpStatusCode");
        ck_assert_msg(status != NULL, "%s: model gives no httpStatusCode", name);
        ck_assert_msg(json_object_equal(status, get(es, "httpStatusCode")), "%s: httpStatusCode differs", name);
        json_object *mcode = get(get(ms, "error"), "code");
        ck_assert_msg((mcode == NULL) == (get(es, "errorCode") == NULL) &&
                          (mcode == NULL || json_object_equal(mcode, get(es, "errorCode"))),
                      "%s: error code differs", name);
    } else {
        ck_assert_msg(get(es, "httpStatusCode") == NULL, "%s: status on a non-error", name);
    }
}

START_TEST(extract_matches_model)
{
    json_object *model = load_model("extract_matches_model");
    if (!model)
        return;
    json_object *ex = load_extract();

    json_object *svc = must(ex, "service", "extract"), *meta = must(model, "metadata", "model");
    json_object_object_foreach(svc, sk, sv)
        ck_assert_msg(json_object_equal(sv, get(meta, sk)), "service.%s differs from the model's metadata", sk);
    ck_assert_str_eq(get_str(svc, "protocol"), "rest-json");

    json_object *ops = must(ex, "operations", "extract");
    json_object *op_names = json_object_new_array();
    json_object_object_foreach(ops, on, eop) {
        json_object_array_add(op_names, json_object_new_string(on));
        json_object *mop = must(must(model, "operations", "model"), on, "model operations");
        json_object *mh = must(mop, "http", on), *eh = must(eop, "http", on);
        same_opt(mh, eh, "method", on);
        same_opt(mh, eh, "requestUri", on);
        same_opt(mh, eh, "responseCode", on);
        ck_assert_int_eq(json_object_object_length(eh), 2 + (get(mh, "responseCode") != NULL));
        static const char *const io[] = {"input", "output"};
        for (size_t k = 0; k < 2; k++) {
            json_object *mref = get(mop, io[k]);
            ck_assert_msg((mref == NULL) == (get(eop, io[k]) == NULL), "%s: %s presence", on, io[k]);
            if (mref)
                ck_assert_str_eq(get_str(mref, "shape"), get_str(eop, io[k]));
        }
        json_object *merrs = get(mop, "errors"), *eerrs = must(eop, "errors", on);
        size_t n = merrs ? json_object_array_length(merrs) : 0;
        ck_assert_uint_eq(json_object_array_length(eerrs), n);
        for (size_t k = 0; k < n; k++)
            ck_assert_str_eq(get_str(json_object_array_get_idx(merrs, k), "shape"),
                             json_object_get_string(json_object_array_get_idx(eerrs, k)));
    }
    ck_assert_msg(get(ops, OPERATION) != NULL, "extract lacks %s", OPERATION);

    name_set closure;
    model_closure(model, op_names, &closure);
    json_object *eshapes = must(ex, "shapes", "extract"), *mshapes = must(model, "shapes", "model");
    for (int i = 0; i < closure.count; i++)
        ck_assert_msg(get(eshapes, closure.names[i]) != NULL, "closure shape %s missing from the extract" REGENERATE,
                      closure.names[i]);
    json_object_object_foreach(eshapes, en, es) {
        ck_assert_msg(set_has(&closure, en), "extract shape %s is not in the closure of the operations", en);
        check_model_shape(en, must(mshapes, en, "model shapes"), es);
    }
    ck_assert_int_eq(closure.count, json_object_object_length(eshapes));
    json_object_put(op_names);
    json_object_put(ex);
    json_object_put(model);
}
END_TEST

/* ------------------------------------------------------------------------------------ */
/* (c) the figures, asserted against the model, and the tables against the model  */

static const struct { const char *shape; int count; } stated_enums[] = {
    {"UpdateStatus", 4}, {"UpdateType", 20}, {"UpdateParamType", 51}, {"ErrorCode", 17}, {"CancellationStatus", 3},
};
static const struct { const char *shape; int status; } stated_errors[] = {
    {"InvalidParameterException", 400}, {"ClientException", 400},   {"ServerException", 500},
    {"ResourceInUseException", 409},    {"ResourceNotFoundException", 404}, {"InvalidRequestException", 400},
    {"ThrottlingException", 429},
};

START_TEST(stated_figures_hold_in_model)
{
    json_object *model = load_model("stated_figures_hold_in_model");
    if (!model)
        return;
    json_object *mshapes = must(model, "shapes", "model");
    for (size_t i = 0; i < sizeof stated_enums / sizeof stated_enums[0]; i++) {
        json_object *vals = must(must(mshapes, stated_enums[i].shape, "model shapes"), "enum", stated_enums[i].shape);
        ck_assert_msg((int)json_object_array_length(vals) == stated_enums[i].count,
                      "model %s has %zu values, the issue states %d: newer model?" REGENERATE, stated_enums[i].shape,
                      json_object_array_length(vals), stated_enums[i].count);
    }
    json_object *errs = must(must(must(model, "operations", "model"), OPERATION, "model"), "errors", OPERATION);
    size_t n = sizeof stated_errors / sizeof stated_errors[0];
    ck_assert_msg(json_object_array_length(errs) == n, "model lists %zu errors for " OPERATION ", the issue states %zu" REGENERATE,
                  json_object_array_length(errs), n);
    for (size_t i = 0; i < n; i++) {
        bool listed = false;
        for (size_t k = 0; k < n; k++)
            listed = listed || strcmp(get_str(json_object_array_get_idx(errs, k), "shape"), stated_errors[i].shape) == 0;
        ck_assert_msg(listed, "model does not list %s for " OPERATION REGENERATE, stated_errors[i].shape);
        json_object *s = must(mshapes, stated_errors[i].shape, "model shapes");
        ck_assert_msg(get_true(s, "exception"), "%s is not an exception in the model", stated_errors[i].shape);
        ck_assert_int_eq(json_object_get_int(must(must(s, "error", stated_errors[i].shape), "httpStatusCode", "error")),
                         stated_errors[i].status);
    }
    json_object_put(model);
}
END_TEST

START_TEST(tables_match_model_directly)
{
    json_object *model = load_model("tables_match_model_directly");
    if (!model)
        return;
    json_object *mshapes = must(model, "shapes", "model");
    /* Every enum in the tables carries the model's list, in the model's order. */
    for (int i = 0; i < EKS_SHAPE_COUNT_; i++) {
        const eks_shape_desc *d = &eks_shapes[i];
        json_object *ms = must(mshapes, d->name, "model shapes");
        ck_assert_msg(d->kind == expected_kind(ms, d->name), "%s: kind differs from the model" REGENERATE, d->name);
        if (d->kind == EKS_KIND_ENUM) {
            json_object *vals = must(ms, "enum", d->name);
            ck_assert_msg(d->enum_desc->count == (int)json_object_array_length(vals), "%s: %d values in the tables, %zu in the model" REGENERATE,
                          d->name, d->enum_desc->count, json_object_array_length(vals));
            for (int k = 0; k < d->enum_desc->count; k++)
                ck_assert_str_eq(d->enum_desc->values[k], json_object_get_string(json_object_array_get_idx(vals, (size_t)k)));
        }
        if (d->is_error)
            ck_assert_int_eq(d->http_status, json_object_get_int(get(get(ms, "error"), "httpStatusCode")));
    }
    /* The figures, read through the public generated API. */
    ck_assert_int_eq(EKS_UPDATE_STATUS_COUNT, 4);
    ck_assert_int_eq(EKS_UPDATE_TYPE_COUNT, 20);
    ck_assert_int_eq(EKS_UPDATE_PARAM_TYPE_COUNT, 51);
    ck_assert_int_eq(EKS_ERROR_CODE_COUNT, 17);
    ck_assert_int_eq(EKS_CANCELLATION_STATUS_COUNT, 3);
    ck_assert_int_eq(eks_operations[EKS_OPERATION_DISASSOCIATE_IDENTITY_PROVIDER_CONFIG].error_count, 7);
    for (size_t i = 0; i < sizeof stated_errors / sizeof stated_errors[0]; i++) {
        const char *n = stated_errors[i].shape;
        eks_error_kind k = eks_error_kind_from_name(n, strlen(n));
        ck_assert_msg(k != EKS_ERROR_UNMODELED, "%s not in the tables" REGENERATE, n);
        ck_assert_int_eq(eks_error_kind_http_status(k), stated_errors[i].status);
    }
    const eks_operation_desc *op = &eks_operations[EKS_OPERATION_DISASSOCIATE_IDENTITY_PROVIDER_CONFIG];
    json_object *mop = must(must(model, "operations", "model"), OPERATION, "model");
    ck_assert_str_eq(op->name, OPERATION);
    ck_assert_str_eq(op->method, get_str(get(mop, "http"), "method"));
    ck_assert_str_eq(op->request_uri, get_str(get(mop, "http"), "requestUri"));
    ck_assert_int_eq(op->error_count, (int)json_object_array_length(get(mop, "errors")));
    json_object_put(model);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("schema");
    TCase *tables = tcase_create("tables_vs_extract");
    tcase_add_test(tables, tables_match_extract_shapes);
    tcase_add_test(tables, tables_match_extract_operations);
    tcase_add_test(tables, enum_functions_match_extract);
    tcase_add_test(tables, name_hashes_cover_every_name);
    tcase_add_test(tables, required_masks_match_extract);
    tcase_add_test(tables, member_names_need_no_escaping);
    suite_add_tcase(s, tables);
    TCase *model = tcase_create("extract_vs_model");
    tcase_add_test(model, extract_matches_model);
    tcase_add_test(model, stated_figures_hold_in_model);
    tcase_add_test(model, tables_match_model_directly);
    suite_add_tcase(s, model);
    return ts_run_suite(s);
}
