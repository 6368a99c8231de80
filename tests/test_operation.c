/*
 * Operation lookup, facts and routing (include/ekscodec/operation.h).
 *
 * Expected values come from outside the code under test:
 *   - the official model ($EKSCODEC_SHARED_DIR/models/eks-2017-11-01/service-2.json, read
 *     with json-c): operation names, methods, request URIs, response codes, metadata;
 *   - botocore (corpus/operations/botocore_names.json, written by
 *     tools/oracle/operation_names_oracle.py): boto3's and the AWS CLI's names;
 *   - a reference matcher written here from the templates alone (every template tried
 *     against the path, O(operations), literal before label on overlap), for the
 *     generated paths and the random ones;
 *   - hand-written cases whose operation names are read off the model's templates.
 */
#include "test_support.h"

#include "ekscodec/operation.h"

#include <json-c/json.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MODEL_REL "models/eks-2017-11-01/service-2.json"
#define NAMES_REL "corpus/operations/botocore_names.json"
#define MAX_OPS 256
#define MAX_SEGS 16
#define MAX_PATH 256

static const char *const all_methods[] = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"};
#define N_METHODS (sizeof all_methods / sizeof all_methods[0])

/* ---- the model, read independently of the generated tables ---- */

typedef struct tpl_seg {
    char text[128]; /* literal bytes, or the label name */
    bool label;
    bool greedy;
} tpl_seg;

typedef struct model_op {
    char name[96];
    char method[16];
    char uri[256];  /* requestUri as written in the model */
    int code;       /* responseCode, 200 when absent */
    size_t nseg;    /* segments of the path part; "/" has none */
    tpl_seg seg[MAX_SEGS];
    size_t nlabels;
} model_op;

typedef struct model {
    json_object *root;
    size_t count;
    model_op ops[MAX_OPS];
} model;

static model M;
static bool model_loaded;

static void parse_template(model_op *op)
{
    char path[256];
    snprintf(path, sizeof path, "%s", op->uri);
    char *q = strchr(path, '?');
    if (q)
        *q = '\0';
    ck_assert_msg(path[0] == '/', "%s: template %s", op->name, path);
    op->nseg = 0;
    op->nlabels = 0;
    if (strcmp(path, "/") == 0)
        return;
    char *save = NULL;
    for (char *s = strtok_r(path + 1, "/", &save); s; s = strtok_r(NULL, "/", &save)) {
        ck_assert_uint_lt(op->nseg, MAX_SEGS);
        tpl_seg *g = &op->seg[op->nseg++];
        size_t n = strlen(s);
        if (s[0] == '{') {
            ck_assert_msg(s[n - 1] == '}', "%s: label %s", op->name, s);
            g->label = true;
            g->greedy = n >= 3 && s[n - 2] == '+';
            snprintf(g->text, sizeof g->text, "%.*s", (int)(n - 2 - (g->greedy ? 1 : 0)), s + 1);
            op->nlabels++;
        } else {
            snprintf(g->text, sizeof g->text, "%s", s);
        }
    }
}

static bool load_model(const char *test)
{
    if (model_loaded)
        return true;
    const char *shared = ts_shared_dir();
    if (!shared) {
        ts_skip(test, "EKSCODEC_SHARED_DIR (../shared) is absent; model checks not run");
        return false;
    }
    char *path = ts_path(shared, MODEL_REL);
    M.root = json_object_from_file(path);
    ck_assert_msg(M.root != NULL, "cannot read %s", path);
    free(path);
    json_object *ops = NULL;
    ck_assert(json_object_object_get_ex(M.root, "operations", &ops));
    M.count = 0;
    json_object_object_foreach(ops, name, o) {
        ck_assert_uint_lt(M.count, MAX_OPS);
        model_op *op = &M.ops[M.count++];
        json_object *http = NULL, *v = NULL;
        ck_assert(json_object_object_get_ex(o, "http", &http));
        snprintf(op->name, sizeof op->name, "%s", name);
        ck_assert(json_object_object_get_ex(http, "method", &v));
        snprintf(op->method, sizeof op->method, "%s", json_object_get_string(v));
        ck_assert(json_object_object_get_ex(http, "requestUri", &v));
        snprintf(op->uri, sizeof op->uri, "%s", json_object_get_string(v));
        op->code = json_object_object_get_ex(http, "responseCode", &v) ? json_object_get_int(v) : 200;
        parse_template(op);
    }
    model_loaded = true;
    return true;
}

static const char *model_meta(const char *key)
{
    json_object *meta = NULL, *v = NULL;
    ck_assert(json_object_object_get_ex(M.root, "metadata", &meta));
    ck_assert_msg(json_object_object_get_ex(meta, key, &v), "metadata.%s", key);
    return json_object_get_string(v);
}

static const model_op *model_find(const char *name)
{
    for (size_t i = 0; i < M.count; i++)
        if (strcmp(M.ops[i].name, name) == 0)
            return &M.ops[i];
    return NULL;
}

/* ---- reference matcher: every template against the path, no trie ---- */

typedef struct path_segs {
    size_t n;
    size_t start[MAX_PATH];
    size_t len[MAX_PATH];
    size_t total; /* path length up to the '?' */
} path_segs;

/* false: not a path any template can match (empty, no leading '/', too many segments). */
static bool split_path(const char *p, size_t len, path_segs *s)
{
    const char *q = memchr(p, '?', len);
    if (q)
        len = (size_t)(q - p);
    s->total = len;
    s->n = 0;
    if (len == 0 || p[0] != '/')
        return false;
    if (len == 1)
        return true;
    size_t start = 1;
    for (size_t i = 1; i <= len; i++) {
        if (i == len || p[i] == '/') {
            if (s->n == MAX_PATH)
                return false;
            s->start[s->n] = start;
            s->len[s->n] = i - start;
            s->n++;
            start = i + 1;
        }
    }
    return true;
}

/* Whether template `op` matches; labels[k] get their (start, len) in path order. */
static bool ref_template_match(const model_op *op, const char *p, const path_segs *s,
                               size_t *lab_start, size_t *lab_len)
{
    size_t k = 0;
    for (size_t i = 0; i < op->nseg; i++) {
        const tpl_seg *g = &op->seg[i];
        if (i >= s->n)
            return false; /* an empty segment can be a label: literals never match one */
        if (g->greedy) {
            lab_start[k] = s->start[i];
            lab_len[k] = s->total - s->start[i];
            return i + 1 == op->nseg;
        }
        if (g->label) {
            lab_start[k] = s->start[i];
            lab_len[k] = s->len[i];
            k++;
        } else if (strlen(g->text) != s->len[i] || memcmp(g->text, p + s->start[i], s->len[i]) != 0) {
            return false;
        }
    }
    return op->nseg == s->n;
}

/* Template a is preferred over b: at the first position where one has a literal and the
 * other a label, the literal (the router tries literal children first). */
static bool ref_prefer(const model_op *a, const model_op *b)
{
    for (size_t i = 0; i < a->nseg && i < b->nseg; i++)
        if (a->seg[i].label != b->seg[i].label)
            return !a->seg[i].label;
    return false;
}

typedef struct ref_result {
    const model_op *op;
    size_t matches_with_method; /* operations whose template and method match */
    bool path_matched;          /* some template matches, with any method */
} ref_result;

static ref_result ref_route(const char *method, const char *p, size_t len)
{
    ref_result r = {NULL, 0, false};
    path_segs segs, *s = &segs;
    size_t ls[MAX_SEGS], ll[MAX_SEGS];
    if (split_path(p, len, s)) {
        for (size_t i = 0; i < M.count; i++) {
            if (!ref_template_match(&M.ops[i], p, s, ls, ll))
                continue;
            r.path_matched = true;
            if (strcmp(M.ops[i].method, method) != 0)
                continue;
            r.matches_with_method++;
            if (!r.op || ref_prefer(&M.ops[i], r.op))
                r.op = &M.ops[i];
        }
    }
    if (r.op)
        r.path_matched = false; /* the API's meaning: matched, but not for this method */
    return r;
}

/* ---- helpers ---- */

static eks_str S(const char *s)
{
    return (eks_str){s, strlen(s)};
}

static eks_route_match route(const char *method, const char *path)
{
    eks_route_match m;
    memset(&m, 0x5a, sizeof m);
    ck_assert_int_eq(eks_route(S(method), S(path), &m), EKS_OK);
    return m;
}

static const char *op_name(const eks_route_match *m)
{
    return m->op ? eks_operation_name(m->op) : "(none)";
}

/* Builds the path of `op` with label k replaced by values[k % nvalues]; records offsets. */
static void build_path(const model_op *op, const char *const *values, size_t nvalues, size_t rot,
                       char *out, size_t cap, size_t *offsets)
{
    size_t n = 0, k = 0;
    if (op->nseg == 0)
        n = (size_t)snprintf(out, cap, "/");
    for (size_t i = 0; i < op->nseg; i++) {
        n += (size_t)snprintf(out + n, cap - n, "/");
        if (op->seg[i].label) {
            offsets[k] = n;
            n += (size_t)snprintf(out + n, cap - n, "%s", values[(k + rot) % nvalues]);
            k++;
        } else {
            n += (size_t)snprintf(out + n, cap - n, "%s", op->seg[i].text);
        }
        ck_assert_uint_lt(n, cap);
    }
}

static void expect_route_of(const model_op *op, const char *method, const char *path,
                            const char *const *values, size_t nvalues, size_t rot, const size_t *offsets)
{
    eks_route_match m = route(method, path);
    ck_assert_msg(m.op != NULL, "%s %s: no operation, want %s", method, path, op->name);
    ck_assert_msg(strcmp(eks_operation_name(m.op), op->name) == 0, "%s %s: %s, want %s", method, path,
                  op_name(&m), op->name);
    ck_assert_msg(!m.path_matched, "%s %s: path_matched with an operation", method, path);
    ck_assert_uint_eq(m.label_count, op->nlabels);
    size_t k = 0;
    for (size_t i = 0; i < op->nseg; i++) {
        if (!op->seg[i].label)
            continue;
        const char *want = values[(k + rot) % nvalues];
        ck_assert_msg(m.labels[k].name && strcmp(m.labels[k].name, op->seg[i].text) == 0,
                      "%s %s: label %zu named %s, want %s", method, path, k,
                      m.labels[k].name ? m.labels[k].name : "(null)", op->seg[i].text);
        ck_assert_msg(m.labels[k].raw.len == strlen(want) && memcmp(m.labels[k].raw.ptr, want, strlen(want)) == 0,
                      "%s %s: label %s = '%.*s', want '%s'", method, path, op->seg[i].text,
                      (int)m.labels[k].raw.len, m.labels[k].raw.ptr, want);
        ck_assert_uint_eq(m.labels[k].offset, offsets[k]);
        ck_assert_ptr_eq(m.labels[k].raw.ptr, path + offsets[k]);
        k++;
    }
}

/* ---- lookup and facts ---- */

START_TEST(count_and_order)
{
    if (!load_model("operation count"))
        return;
    ck_assert_uint_eq(M.count, 65); /* the model this tree is generated from */
    ck_assert_uint_eq(eks_operation_count(), M.count);
    ck_assert_ptr_null(eks_operation_at(eks_operation_count()));
    ck_assert_ptr_null(eks_operation_at(SIZE_MAX));
    for (size_t i = 0; i < eks_operation_count(); i++) {
        const eks_operation *op = eks_operation_at(i);
        ck_assert_ptr_nonnull(op);
        ck_assert_msg(model_find(eks_operation_name(op)) != NULL, "%s is not in the model", eks_operation_name(op));
        if (i > 0)
            ck_assert_msg(strcmp(eks_operation_name(eks_operation_at(i - 1)), eks_operation_name(op)) < 0,
                          "order at %zu", i);
    }
}
END_TEST

START_TEST(find_by_botocore_names)
{
    char *path = ts_path(ts_source_dir(), NAMES_REL);
    json_object *doc = json_object_from_file(path);
    ck_assert_msg(doc != NULL, "cannot read %s", path);
    free(path);
    json_object *ops = NULL;
    ck_assert(json_object_object_get_ex(doc, "operations", &ops));
    size_t n = json_object_array_length(ops);
    ck_assert_uint_eq(n, eks_operation_count());
    for (size_t i = 0; i < n; i++) {
        json_object *o = json_object_array_get_idx(ops, i), *v;
        const char *names[3];
        const char *keys[3] = {"name", "boto3", "cli"};
        for (int k = 0; k < 3; k++) {
            ck_assert(json_object_object_get_ex(o, keys[k], &v));
            names[k] = json_object_get_string(v);
        }
        const eks_operation *op = eks_operation_find(names[0], strlen(names[0]));
        ck_assert_msg(op != NULL, "%s not found", names[0]);
        ck_assert_str_eq(eks_operation_name(op), names[0]);
        ck_assert_str_eq(eks_operation_snake_name(op), names[1]);
        ck_assert_str_eq(eks_operation_cli_name(op), names[2]);
        for (int k = 1; k < 3; k++)
            ck_assert_msg(eks_operation_find(names[k], strlen(names[k])) == op, "%s", names[k]);
        /* not NUL-terminated: the length decides */
        char buf[128];
        snprintf(buf, sizeof buf, "%sX", names[1]);
        ck_assert_ptr_eq(eks_operation_find(buf, strlen(names[1])), op);
        ck_assert_ptr_null(eks_operation_find(buf, strlen(buf)));
    }
    json_object_put(doc);
}
END_TEST

START_TEST(find_rejects_near_misses)
{
    static const char *const misses[] = {
        "describecluster", "DESCRIBE_CLUSTER", "Describe-Cluster", "describe_Cluster", "DescribeCluster ",
        " DescribeCluster", "Describe", "describe_", "describe-", "DescribeClusterX", "DescribeCluster\n",
        "describe-cluster_", "describe cluster", "Describe_Cluster", "a", "zzzz", "\xff",
    };
    for (size_t i = 0; i < sizeof misses / sizeof misses[0]; i++)
        ck_assert_msg(eks_operation_find(misses[i], strlen(misses[i])) == NULL, "'%s' found", misses[i]);
    ck_assert_ptr_null(eks_operation_find(NULL, 0));
    ck_assert_ptr_null(eks_operation_find(NULL, 5));
    ck_assert_ptr_null(eks_operation_find("", 0));
    ck_assert_ptr_null(eks_operation_find("DescribeCluster\0", 16));
    /* a prefix of a longer name by length */
    ck_assert_ptr_nonnull(eks_operation_find("DescribeClusterVersions", 15));
    ck_assert_str_eq(eks_operation_name(eks_operation_find("DescribeClusterVersions", 15)), "DescribeCluster");
}
END_TEST

/* operation.h: NULL is "no operation" to every accessor (a failed eks_operation_find passed
 * on unchecked): no name, method or URI, no success status, no errors; never a crash. */
START_TEST(accessors_take_null)
{
    ck_assert_ptr_null(eks_operation_name(NULL));
    ck_assert_ptr_null(eks_operation_snake_name(NULL));
    ck_assert_ptr_null(eks_operation_cli_name(NULL));
    ck_assert_ptr_null(eks_operation_method(NULL));
    ck_assert_ptr_null(eks_operation_request_uri(NULL));
    ck_assert_int_eq(eks_operation_success_code(NULL), 0);
    ck_assert_uint_eq(eks_operation_error_count(NULL), 0);
    ck_assert_int_eq(eks_operation_error_at(NULL, 0), EKS_ERROR_NONE);
    ck_assert_int_eq(eks_operation_error_at(NULL, SIZE_MAX), EKS_ERROR_NONE);
    ck_assert(!eks_operation_has_error(NULL, EKS_ERROR_RESOURCE_NOT_FOUND_EXCEPTION));
    ck_assert(!eks_operation_has_error(NULL, EKS_ERROR_NONE));
    ck_assert(!eks_operation_has_error(NULL, EKS_ERROR_UNMODELED));
    /* what such a NULL usually comes from */
    ck_assert_uint_eq(eks_operation_error_count(eks_operation_find("NoSuchOperation", 15)), 0);
    ck_assert_uint_eq(eks_operation_error_count(eks_operation_at(eks_operation_count())), 0);
}
END_TEST

START_TEST(facts_equal_the_model)
{
    if (!load_model("operation facts"))
        return;
    for (size_t i = 0; i < M.count; i++) {
        const model_op *mo = &M.ops[i];
        const eks_operation *op = eks_operation_find(mo->name, strlen(mo->name));
        ck_assert_msg(op != NULL, "%s not found", mo->name);
        ck_assert_str_eq(eks_operation_method(op), mo->method);
        ck_assert_str_eq(eks_operation_request_uri(op), mo->uri);
        ck_assert_int_eq(eks_operation_success_code(op), mo->code);
        ck_assert_uint_le(mo->nlabels, EKS_ROUTE_MAX_LABELS);
    }
    ck_assert_str_eq(eks_service_signing_name(), model_meta("signingName"));
    ck_assert_str_eq(eks_service_endpoint_prefix(), model_meta("endpointPrefix"));
    ck_assert_str_eq(eks_service_api_version(), model_meta("apiVersion"));
}
END_TEST

/* Each operation's modeled errors are the model's "errors" list, in its order. */
START_TEST(errors_equal_the_model)
{
    if (!load_model("operation errors"))
        return;
    json_object *ops = NULL;
    ck_assert(json_object_object_get_ex(M.root, "operations", &ops));
    size_t total = 0;
    json_object_object_foreach(ops, name, o) {
        const eks_operation *op = eks_operation_find(name, strlen(name));
        ck_assert_msg(op != NULL, "%s not found", name);
        json_object *errs = NULL;
        size_t n = json_object_object_get_ex(o, "errors", &errs) ? json_object_array_length(errs) : 0;
        ck_assert_uint_eq(eks_operation_error_count(op), n);
        for (size_t i = 0; i < n; i++) {
            json_object *shape = NULL;
            ck_assert(json_object_object_get_ex(json_object_array_get_idx(errs, i), "shape", &shape));
            eks_error_kind kind = eks_operation_error_at(op, i);
            ck_assert_msg(kind != EKS_ERROR_NONE, "%s error %zu", name, i);
            ck_assert_str_eq(eks_error_kind_name(kind), json_object_get_string(shape));
            ck_assert(eks_operation_has_error(op, kind));
        }
        ck_assert_int_eq(eks_operation_error_at(op, n), EKS_ERROR_NONE);
        total += n;
    }
    ck_assert_uint_gt(total, 0);
    /* an error another operation lists is not this one's: DescribeUpdate has no
     * ResourceInUseException in the model */
    const eks_operation *du = eks_operation_find("DescribeUpdate", 14);
    ck_assert_ptr_nonnull(du);
    json_object *du_model = NULL, *errs = NULL;
    ck_assert(json_object_object_get_ex(ops, "DescribeUpdate", &du_model));
    ck_assert(json_object_object_get_ex(du_model, "errors", &errs));
    bool listed = false;
    for (size_t i = 0; i < json_object_array_length(errs); i++) {
        json_object *shape = NULL;
        json_object_object_get_ex(json_object_array_get_idx(errs, i), "shape", &shape);
        listed |= strcmp(json_object_get_string(shape), "ResourceInUseException") == 0;
    }
    ck_assert(eks_operation_has_error(du, EKS_ERROR_RESOURCE_IN_USE_EXCEPTION) == listed);
}
END_TEST

/* ---- routing ---- */

/* Label values: plain, percent-encoded ('/' as %2F, space as %20), UTF-8 percent-encoded,
 * literals of other templates, an ARN with its '/' encoded, reserved bytes the SDKs leave
 * alone, and "." / ".." (no dot-segment removal: they are labels like any other). */
static const char *const label_values[] = {
    "prod", "my%2Fcluster%20one", "%C3%A9t%C3%A9-%E2%9C%93", "updates", "addons", "clusters",
    "access-policies", "update-config", "cancel-update", "describe",
    "arn:aws:eks:us-west-2:123456789012:cluster%2Fprod", "a~b_c.d-e", "%25", "%2F", ".", "..",
    "x%3Fy", "%3F",
};
#define N_VALUES (sizeof label_values / sizeof label_values[0])

START_TEST(every_template_routes_to_its_operation)
{
    if (!load_model("routing every template"))
        return;
    char path[1024], with_query[1200];
    size_t offsets[MAX_SEGS];
    for (size_t i = 0; i < M.count; i++) {
        const model_op *op = &M.ops[i];
        for (size_t rot = 0; rot < N_VALUES; rot++) {
            build_path(op, label_values, N_VALUES, rot, path, sizeof path, offsets);
            /* the reference agrees, and nothing else matches this (method, path) */
            ref_result r = ref_route(op->method, path, strlen(path));
            ck_assert_msg(r.op == op && r.matches_with_method == 1, "reference: %s %s", op->method, path);
            expect_route_of(op, op->method, path, label_values, N_VALUES, rot, offsets);
            snprintf(with_query, sizeof with_query, "%s?maxResults=10&nextToken=a/b%%2F/c", path);
            expect_route_of(op, op->method, with_query, label_values, N_VALUES, rot, offsets);
            snprintf(with_query, sizeof with_query, "%s?", path);
            expect_route_of(op, op->method, with_query, label_values, N_VALUES, rot, offsets);
            if (op->nlabels == 0)
                break;
        }
    }
}
END_TEST

/* A label value of n bytes (n < 48; value has room for the NUL): the characters a label
 * may hold unescaped, and escapes, repeated. */
static void fill_label_value(char *value, size_t n)
{
    static const char fill[] = "arn%3Aaws%3Aeks-c_d.e~";
    for (size_t j = 0; j < n; j++)
        value[j] = fill[j % (sizeof fill - 1)];
    value[n] = '\0';
}

/* Label values of every length from 0 to 40 in every template (all labels of a path the same
 * length): a segment's end is found a word at a time, so lengths around 8, 16 and 24 are the
 * edges of that search. The path sits in a buffer of exactly its length, so that a read past
 * it shows under ASan. Expected: the template's own operation and values (the reference
 * agrees). */
START_TEST(label_lengths_across_word_boundaries)
{
    if (!load_model("label lengths"))
        return;
    char value[48], path[1024];
    size_t offsets[MAX_SEGS];
    for (size_t n = 0; n <= 40; n++) {
        fill_label_value(value, n);
        const char *values[] = {value};
        for (size_t i = 0; i < M.count; i++) {
            const model_op *op = &M.ops[i];
            if (op->nlabels == 0)
                continue;
            build_path(op, values, 1, 0, path, sizeof path, offsets);
            size_t len = strlen(path);
            ref_result r = ref_route(op->method, path, len);
            ck_assert_msg(r.op == op, "reference: %s %s", op->method, path);
            char *exact = malloc(len);
            ck_assert_ptr_nonnull(exact);
            memcpy(exact, path, len);
            eks_route_match m;
            ck_assert_int_eq(eks_route(S(op->method), (eks_str){exact, len}, &m), EKS_OK);
            ck_assert_msg(m.op && strcmp(eks_operation_name(m.op), op->name) == 0, "%s %s: %s, want %s",
                          op->method, path, op_name(&m), op->name);
            ck_assert_uint_eq(m.label_count, op->nlabels);
            for (size_t k = 0; k < m.label_count; k++) {
                ck_assert_uint_eq(m.labels[k].offset, offsets[k]);
                ck_assert_ptr_eq(m.labels[k].raw.ptr, exact + offsets[k]);
                ck_assert_uint_eq(m.labels[k].raw.len, n);
            }
            free(exact);
        }
    }
}
END_TEST

/* A '?' at every position of every template's path (label values 0 to 40 bytes long, the
 * query after it holding '/'): the router finds a segment's end and the path's end in one
 * scan, a block of 8 or 16 bytes at a time with the last block overlapping, so a '?' in any
 * byte of a block, and a '/' after it, must end the path exactly where the reference cuts it.
 * The path sits in a buffer of exactly its length (ASan sees a read past it). Expected: the
 * reference's operation, labels and path_matched, for the template's method and another. */
START_TEST(query_at_every_position_ends_the_path)
{
    if (!load_model("query positions"))
        return;
    static const char query[] = "?a=b/c/d%2F";
    char value[48], path[1024];
    size_t offsets[MAX_SEGS], checked = 0, matched = 0;
    for (size_t n = 0; n <= 40; n += (n < 20 ? 1 : 7)) {
        fill_label_value(value, n);
        const char *values[] = {value};
        for (size_t i = 0; i < M.count; i++) {
            const model_op *op = &M.ops[i];
            build_path(op, values, 1, 0, path, sizeof path, offsets);
            size_t len = strlen(path);
            for (size_t at = 1; at <= len; at++) {
                char *exact = malloc(at + sizeof query - 1);
                ck_assert_ptr_nonnull(exact);
                memcpy(exact, path, at);
                memcpy(exact + at, query, sizeof query - 1);
                size_t total = at + sizeof query - 1;
                for (size_t k = 0; k < 2; k++) {
                    const char *method = k == 0 ? op->method : all_methods[(i + at) % N_METHODS];
                    ref_result r = ref_route(method, exact, total);
                    eks_route_match m;
                    ck_assert_int_eq(eks_route(S(method), (eks_str){exact, total}, &m), EKS_OK);
                    checked++;
                    ck_assert_msg(m.path_matched == r.path_matched, "%s %.*s: path_matched %d, want %d", method,
                                  (int)total, exact, m.path_matched, r.path_matched);
                    if (!r.op) {
                        ck_assert_msg(m.op == NULL, "%s %.*s: %s, want none", method, (int)total, exact, op_name(&m));
                        continue;
                    }
                    matched++;
                    ck_assert_msg(m.op && strcmp(eks_operation_name(m.op), r.op->name) == 0, "%s %.*s: %s, want %s",
                                  method, (int)total, exact, op_name(&m), r.op->name);
                    /* the labels are the reference's: the segments up to the '?' */
                    path_segs segs;
                    size_t ls[MAX_SEGS], ll[MAX_SEGS];
                    ck_assert(split_path(exact, total, &segs));
                    ck_assert(ref_template_match(r.op, exact, &segs, ls, ll));
                    ck_assert_uint_eq(m.label_count, r.op->nlabels);
                    for (size_t l = 0; l < m.label_count; l++) {
                        ck_assert_uint_eq(m.labels[l].offset, ls[l]);
                        ck_assert_uint_eq(m.labels[l].raw.len, ll[l]);
                        ck_assert_ptr_eq(m.labels[l].raw.ptr, exact + ls[l]);
                    }
                }
                free(exact);
            }
        }
    }
    /* cut at every byte, some paths route (a template's prefix is another's) and most do not */
    ck_assert_uint_gt(matched, checked / 50);
    ck_assert_uint_lt(matched, checked / 2);
}
END_TEST

/* A literal segment with one byte changed (its first, middle or last) is not that literal:
 * the path does not route to the template's operation, and the router agrees with the
 * reference on what it routes to instead (a label there, or nothing). Changing the middle
 * byte keeps the length and both ends, so such a segment lands where the literal itself
 * would be looked up and only its bytes tell them apart. */
START_TEST(literal_near_misses_are_not_the_literal)
{
    if (!load_model("literal near misses"))
        return;
    static const char *const values[] = {"v"};
    char path[1024];
    size_t offsets[MAX_SEGS];
    for (size_t i = 0; i < M.count; i++) {
        const model_op *op = &M.ops[i];
        build_path(op, values, 1, 0, path, sizeof path, offsets);
        size_t pos = 1;
        for (size_t g = 0; g < op->nseg; g++) {
            size_t seg_len = op->seg[g].label ? strlen(values[0]) : strlen(op->seg[g].text);
            for (size_t which = 0; which < 3 && !op->seg[g].label; which++) {
                size_t at = pos + (which == 0 ? 0 : which == 1 ? seg_len / 2 : seg_len - 1);
                char saved = path[at];
                path[at] = saved == 'X' ? 'Y' : 'X';
                eks_route_match m = route(op->method, path);
                ref_result r = ref_route(op->method, path, strlen(path));
                ck_assert_msg(m.op == NULL || strcmp(eks_operation_name(m.op), op->name) != 0,
                              "%s %s: routed to %s", op->method, path, op->name);
                ck_assert_msg(r.op ? m.op && strcmp(eks_operation_name(m.op), r.op->name) == 0 : m.op == NULL,
                              "%s %s: %s, the reference %s", op->method, path, op_name(&m),
                              r.op ? r.op->name : "(none)");
                ck_assert_msg(m.op || m.path_matched == r.path_matched, "%s %s: path_matched %d", op->method,
                              path, m.path_matched);
                path[at] = saved;
            }
            pos += seg_len + 1;
        }
    }
}
END_TEST

START_TEST(other_methods_match_the_path_only)
{
    if (!load_model("routing other methods"))
        return;
    char path[1024];
    size_t offsets[MAX_SEGS];
    static const char *const odd[] = {"get", "Get", "post", "GET ", " GET", "OPTIONS", "TRACE", "CONNECT",
                                      "", "G", "GETX", "DELETE\0"};
    for (size_t i = 0; i < M.count; i++) {
        const model_op *op = &M.ops[i];
        for (size_t rot = 0; rot < 3; rot++) {
            build_path(op, label_values, N_VALUES, rot, path, sizeof path, offsets);
            for (size_t k = 0; k < N_METHODS; k++) {
                /* methods of templates written identically are the same path's methods */
                bool used = false;
                for (size_t j = 0; j < M.count; j++)
                    used |= strcmp(M.ops[j].uri, op->uri) == 0 && strcmp(M.ops[j].method, all_methods[k]) == 0;
                if (used)
                    continue;
                ref_result r = ref_route(all_methods[k], path, strlen(path));
                ck_assert_msg(r.op == NULL && r.path_matched, "reference: %s %s", all_methods[k], path);
                eks_route_match m = route(all_methods[k], path);
                ck_assert_msg(m.op == NULL, "%s %s: %s, want none", all_methods[k], path, op_name(&m));
                ck_assert_msg(m.path_matched, "%s %s: path_matched false", all_methods[k], path);
                ck_assert_uint_eq(m.label_count, 0);
            }
            for (size_t k = 0; k < sizeof odd / sizeof odd[0]; k++) {
                eks_route_match m;
                size_t mlen = k + 1 == sizeof odd / sizeof odd[0] ? 7 : strlen(odd[k]);
                ck_assert_int_eq(eks_route((eks_str){odd[k], mlen}, S(path), &m), EKS_OK);
                ck_assert_msg(m.op == NULL && m.path_matched, "'%s' %s: %s", odd[k], path, op_name(&m));
            }
            eks_route_match m;
            ck_assert_int_eq(eks_route((eks_str){NULL, 0}, S(path), &m), EKS_OK);
            ck_assert(m.op == NULL && m.path_matched);
        }
    }
}
END_TEST

/* Empty and dot-segment labels, as both SDKs send them (tools/oracle/gen_ops_corpus.py
 * records it): routed to the template's operation, so that the request decoder reports the
 * label. Expected operations from the model's templates. */
START_TEST(empty_and_dot_labels_route)
{
    static const struct {
        const char *method, *path, *op, *label;
    } cases[] = {
        {"GET", "/clusters/", "DescribeCluster", ""},
        {"DELETE", "/clusters/", "DeleteCluster", ""},
        {"GET", "/clusters//updates", "ListUpdates", ""},
        {"POST", "/clusters//identity-provider-configs/disassociate", "DisassociateIdentityProviderConfig", ""},
        {"GET", "/clusters/prod/updates/", "DescribeUpdate", ""},
        {"GET", "/clusters/../node-groups", "ListNodegroups", ".."},
        {"GET", "/clusters/./addons", "ListAddons", "."},
        {"GET", "/tags/", "ListTagsForResource", ""},
        {"GET", "/clusters/?x=1", "DescribeCluster", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        eks_route_match m = route(cases[i].method, cases[i].path);
        ck_assert_msg(m.op && strcmp(eks_operation_name(m.op), cases[i].op) == 0, "%s %s: %s, want %s",
                      cases[i].method, cases[i].path, op_name(&m), cases[i].op);
        ck_assert_uint_ge(m.label_count, 1);
        bool found = false;
        for (size_t k = 0; k < m.label_count; k++)
            found |= eks_str_eq_cstr(m.labels[k].raw, cases[i].label);
        ck_assert_msg(found, "%s %s: no label '%s'", cases[i].method, cases[i].path, cases[i].label);
    }
}
END_TEST

START_TEST(paths_that_match_nothing)
{
    /* no template matches these, whatever the method (so path_matched stays false too) */
    static const char *const paths[] = {
        "", "/", "//", "?", "?/clusters", "/?clusters", "/nope", "/nope?/clusters", "clusters", "clusters/prod",
        "/clusters/prod//", "//clusters/prod",
        "/clusters/a/b/c/d/e/f/g", "/clusters/prod/updates/u/", "/clusters/prod/updates///cancel-update",
        "/clusters/prod/nope", "/Clusters/prod", "/CLUSTERS", "/clusters/prod/Updates", "/clusters%2Fprod",
        "/addons", "/addons/x", "/addons/supported-versions/x", "/tags", "/tags/a/b",
        "/clusters/prod/../prod/x", "/./clusters", "/clusters/././x", "/clusters/prod/updates/u/cancel-update/x",
        " /clusters", "/clusters ", "/clusters\n", "/clusters;x", "/clusters#x", "http://eks/clusters",
        "/clusters//?x", "/%2Fclusters", "/clusters/prod/updates/u/%2Fcancel-update",
    };
    bool have_model = load_model("routing no-match reference");
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        for (size_t k = 0; k < N_METHODS; k++) {
            if (have_model) {
                ref_result r = ref_route(all_methods[k], paths[i], strlen(paths[i]));
                ck_assert_msg(r.op == NULL && !r.path_matched, "reference: %s '%s'", all_methods[k], paths[i]);
            }
            eks_route_match m = route(all_methods[k], paths[i]);
            ck_assert_msg(m.op == NULL, "%s '%s': %s", all_methods[k], paths[i], op_name(&m));
            ck_assert_msg(!m.path_matched, "%s '%s': path_matched", all_methods[k], paths[i]);
            ck_assert_uint_eq(m.label_count, 0);
        }
    }
}
END_TEST

typedef struct amb_case {
    const char *method, *path, *op; /* op NULL: nothing for this method */
    bool path_matched;
    const char *labels[4]; /* name=value, in path order */
} amb_case;

/* Overlaps the templates allow, with the answers read off the model's templates. */
static const amb_case ambiguous[] = {
    {"GET", "/clusters/prod", "DescribeCluster", false, {"name=prod"}},
    {"DELETE", "/clusters/prod", "DeleteCluster", false, {"name=prod"}},
    {"GET", "/clusters/updates", "DescribeCluster", false, {"name=updates"}},
    {"GET", "/clusters/prod/updates", "ListUpdates", false, {"name=prod"}},
    {"POST", "/clusters/prod/updates", "UpdateClusterVersion", false, {"name=prod"}},
    {"PUT", "/clusters/prod/updates", NULL, true, {0}},
    {"DELETE", "/clusters/prod/updates", NULL, true, {0}},
    {"GET", "/clusters/prod/updates/u-1", "DescribeUpdate", false, {"name=prod", "updateId=u-1"}},
    {"POST", "/clusters/prod/updates/u-1", NULL, true, {0}},
    {"GET", "/clusters/updates/updates", "ListUpdates", false, {"name=updates"}},
    {"POST", "/clusters/updates/updates", "UpdateClusterVersion", false, {"name=updates"}},
    {"GET", "/clusters/updates/updates/updates", "DescribeUpdate", false, {"name=updates", "updateId=updates"}},
    {"POST", "/clusters/updates/updates/cancel-update/cancel-update", "CancelUpdate", false,
     {"name=updates", "updateId=cancel-update"}},
    {"POST", "/clusters/prod/updates/cancel-update", NULL, true, {0}},
    {"GET", "/clusters/addons/addons/addons", "DescribeAddon", false, {"name=addons", "addonName=addons"}},
    {"GET", "/clusters/a/addons/update", "DescribeAddon", false, {"name=a", "addonName=update"}},
    {"POST", "/clusters/a/addons/update/update", "UpdateAddon", false, {"name=a", "addonName=update"}},
    {"POST", "/clusters/a/addons/update", NULL, true, {0}},
    {"GET", "/addons/supported-versions", "DescribeAddonVersions", false, {0}},
    {"GET", "/addons/configuration-schemas", "DescribeAddonConfiguration", false, {0}},
    {"GET", "/clusters/addons", "DescribeCluster", false, {"name=addons"}},
    {"GET", "/clusters/clusters/addons", "ListAddons", false, {"name=clusters"}},
    {"POST", "/clusters/a/identity-provider-configs/describe", "DescribeIdentityProviderConfig", false, {"name=a"}},
    {"POST", "/clusters/a/identity-provider-configs/disassociate", "DisassociateIdentityProviderConfig", false,
     {"name=a"}},
    {"GET", "/clusters/a/identity-provider-configs/describe", NULL, true, {0}},
    {"GET", "/clusters/a/identity-provider-configs", "ListIdentityProviderConfigs", false, {"name=a"}},
    {"POST", "/clusters/a/identity-provider-configs", NULL, true, {0}},
    {"POST", "/clusters/a/insights", "ListInsights", false, {"name=a"}},
    {"GET", "/clusters/a/insights", NULL, true, {0}},
    {"GET", "/clusters/a/insights/i-1", "DescribeInsight", false, {"name=a", "id=i-1"}},
    {"GET", "/clusters/a/insights-refresh", "DescribeInsightsRefresh", false, {"name=a"}},
    {"POST", "/clusters/a/insights-refresh", "StartInsightsRefresh", false, {"name=a"}},
    {"GET", "/clusters/a/insights-refresh/x", NULL, false, {0}},
    {"POST", "/clusters/a/update-config", "UpdateClusterConfig", false, {"name=a"}},
    {"POST", "/clusters/a/node-groups/update-config/update-config", "UpdateNodegroupConfig", false,
     {"name=a", "nodegroupName=update-config"}},
    {"POST", "/clusters/a/node-groups/ng/update-version", "UpdateNodegroupVersion", false,
     {"name=a", "nodegroupName=ng"}},
    {"GET", "/clusters/a/access-entries/arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr/access-policies",
     "ListAssociatedAccessPolicies", false, {"name=a", "principalArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr"}},
    {"DELETE", "/clusters/a/access-entries/p/access-policies/access-policies", "DisassociateAccessPolicy", false,
     {"name=a", "principalArn=p", "policyArn=access-policies"}},
    {"GET", "/access-policies", "ListAccessPolicies", false, {0}},
    {"GET", "/cluster-registrations/x", NULL, true, {0}},
    {"DELETE", "/cluster-registrations/x", "DeregisterCluster", false, {"name=x"}},
    {"POST", "/cluster-registrations", "RegisterCluster", false, {0}},
    {"GET", "/clusters", "ListClusters", false, {0}},
    {"POST", "/clusters", "CreateCluster", false, {0}},
    {"GET", "/clusters?include=all", "ListClusters", false, {0}},
    {"GET", "/clusters/prod?x=/updates", "DescribeCluster", false, {"name=prod"}},
    {"GET", "/clusters/prod/updates?/u1", "ListUpdates", false, {"name=prod"}},
    {"POST", "/clusters/prod?/updates/u1/cancel-update", NULL, true, {0}},
    {"GET", "/eks-anywhere-subscriptions/s-1", "DescribeEksAnywhereSubscription", false, {"id=s-1"}},
    {"POST", "/tags/arn%3Aaws%3Aeks%3Aus-west-2%3A1%3Acluster%2Fprod", "TagResource", false,
     {"resourceArn=arn%3Aaws%3Aeks%3Aus-west-2%3A1%3Acluster%2Fprod"}},
    {"DELETE", "/tags/arn:aws:eks:us-west-2:1:cluster%2Fprod", "UntagResource", false,
     {"resourceArn=arn:aws:eks:us-west-2:1:cluster%2Fprod"}},
    {"GET", "/tags/arn:aws:eks:us-west-2:1:cluster/prod", NULL, false, {0}},
    {"GET", "/clusters/.", "DescribeCluster", false, {"name=."}},
    {"GET", "/clusters/..", "DescribeCluster", false, {"name=.."}},
    {"GET", "/clusters/%2E%2E/updates", "ListUpdates", false, {"name=%2E%2E"}},
    {"GET", "/clusters/%2F", "DescribeCluster", false, {"name=%2F"}},
    {"GET", "/clusters/a%2Fb%2Fupdates", "DescribeCluster", false, {"name=a%2Fb%2Fupdates"}},
    {"GET", "/clusters/%", "DescribeCluster", false, {"name=%"}},
};

START_TEST(ambiguities_follow_the_whole_template)
{
    for (size_t i = 0; i < sizeof ambiguous / sizeof ambiguous[0]; i++) {
        const amb_case *c = &ambiguous[i];
        eks_route_match m = route(c->method, c->path);
        if (!c->op) {
            ck_assert_msg(m.op == NULL, "%s %s: %s, want none", c->method, c->path, op_name(&m));
            ck_assert_msg(m.path_matched == c->path_matched, "%s %s: path_matched %d", c->method, c->path,
                          m.path_matched);
            continue;
        }
        ck_assert_msg(m.op && strcmp(eks_operation_name(m.op), c->op) == 0, "%s %s: %s, want %s", c->method,
                      c->path, op_name(&m), c->op);
        ck_assert(!m.path_matched);
        size_t n = 0;
        while (n < 4 && c->labels[n])
            n++;
        ck_assert_uint_eq(m.label_count, n);
        size_t prev_end = 0;
        for (size_t k = 0; k < n; k++) {
            char got[512];
            snprintf(got, sizeof got, "%s=%.*s", m.labels[k].name, (int)m.labels[k].raw.len, m.labels[k].raw.ptr);
            ck_assert_str_eq(got, c->labels[k]);
            ck_assert_ptr_eq(m.labels[k].raw.ptr, c->path + m.labels[k].offset);
            ck_assert_uint_ge(m.labels[k].offset, prev_end); /* path order */
            prev_end = m.labels[k].offset + m.labels[k].raw.len;
        }
        if (model_loaded || load_model("ambiguity reference")) {
            ref_result r = ref_route(c->method, c->path, strlen(c->path));
            ck_assert_msg(r.op && strcmp(r.op->name, c->op) == 0, "reference disagrees: %s %s", c->method, c->path);
        }
    }
}
END_TEST

START_TEST(arguments_and_odd_bytes)
{
    eks_route_match m;
    ck_assert_int_eq(eks_route(S("GET"), S("/clusters"), NULL), EKS_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(eks_route((eks_str){NULL, 3}, S("/clusters"), &m), EKS_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_null(m.op);
    ck_assert_int_eq(eks_route(S("GET"), (eks_str){NULL, 9}, &m), EKS_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(eks_route(S("GET"), (eks_str){NULL, 0}, &m), EKS_OK);
    ck_assert(m.op == NULL && !m.path_matched && m.label_count == 0);
    /* bytes are bytes: NUL, CR, high bytes stay inside a label */
    static const char with_nul[] = "/clusters/a\0b";
    ck_assert_int_eq(eks_route(S("GET"), (eks_str){with_nul, sizeof with_nul - 1}, &m), EKS_OK);
    ck_assert_str_eq(op_name(&m), "DescribeCluster");
    ck_assert_uint_eq(m.labels[0].raw.len, 3);
    m = route("GET", "/clusters/\xff\xfe\r");
    ck_assert_str_eq(op_name(&m), "DescribeCluster");
    ck_assert_uint_eq(m.labels[0].raw.len, 3);
    /* the path is not read past its length */
    static const char longer[] = "/clusters/prod/updates";
    ck_assert_int_eq(eks_route(S("GET"), (eks_str){longer, 14}, &m), EKS_OK);
    ck_assert_str_eq(op_name(&m), "DescribeCluster");
    ck_assert_uint_eq(m.labels[0].raw.len, 4);
    /* a long path, many segments: ends at the first segment the trie lacks */
    size_t n = 200000;
    char *big = malloc(n + 1);
    ck_assert_ptr_nonnull(big);
    for (size_t i = 0; i < n; i += 2) {
        big[i] = '/';
        big[i + 1] = 'a';
    }
    big[n] = '\0';
    m = route("GET", big);
    ck_assert_ptr_null(m.op);
    memcpy(big, "/clusters/", 10);
    m = route("GET", big);
    ck_assert_ptr_null(m.op);
    memset(big + 10, 'x', n - 10); /* one 200 KB label */
    m = route("GET", big);
    ck_assert_str_eq(op_name(&m), "DescribeCluster");
    ck_assert_uint_eq(m.labels[0].raw.len, n - 10);
    free(big);
}
END_TEST

/* Random paths: labels from random bytes and template literals, segment counts 0..8, every
 * method; the router must agree with the reference, and no (method, path) may match two
 * operations. */
static uint64_t rng_state = 0x9e3779b97f4a7c15u;
static uint32_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

static void random_label(char *out, size_t cap)
{
    static const char alphabet[] = "abcXYZ019-_.~%2F:@+!$&'()*,;= \xc3\xa9?";
    /* the alphabet holds '?' last: only some labels get one, which cuts the path there */
    size_t len = 1 + rnd() % 12, n = 0;
    bool allow_q = rnd() % 8 == 0;
    while (n < len && n + 1 < cap) {
        char c = alphabet[rnd() % (sizeof alphabet - (allow_q ? 1 : 2))];
        out[n++] = c;
    }
    out[n] = '\0';
}

START_TEST(random_paths_agree_with_the_reference)
{
    if (!load_model("routing random paths"))
        return;
    /* the literal segments of every template */
    const char *lits[128];
    size_t nlits = 0;
    for (size_t i = 0; i < M.count; i++)
        for (size_t s = 0; s < M.ops[i].nseg; s++) {
            if (M.ops[i].seg[s].label)
                continue;
            bool seen = false;
            for (size_t j = 0; j < nlits; j++)
                seen |= strcmp(lits[j], M.ops[i].seg[s].text) == 0;
            if (!seen && nlits < 128)
                lits[nlits++] = M.ops[i].seg[s].text;
        }
    char path[2048], lab[64];
    size_t offsets[MAX_SEGS];
    size_t matched = 0, total = 0;
    for (int iter = 0; iter < 8000; iter++) {
        if (iter % 2 == 0) {
            /* a template's shape with random values */
            const model_op *op = &M.ops[rnd() % M.count];
            char vals[MAX_SEGS][64];
            const char *vp[MAX_SEGS];
            for (size_t k = 0; k < MAX_SEGS; k++) {
                if (rnd() % 3 == 0)
                    snprintf(vals[k], sizeof vals[k], "%s", lits[rnd() % nlits]);
                else
                    random_label(vals[k], sizeof vals[k]);
                vp[k] = vals[k];
            }
            build_path(op, vp, MAX_SEGS, 0, path, sizeof path, offsets);
        } else {
            /* random segments: literals, labels, empties */
            size_t nseg = rnd() % 9, n = 0;
            path[n++] = '/';
            for (size_t s = 0; s < nseg; s++) {
                if (s)
                    path[n++] = '/';
                uint32_t r = rnd() % 10;
                if (r < 6)
                    snprintf(lab, sizeof lab, "%s", lits[rnd() % nlits]);
                else if (r < 9)
                    random_label(lab, sizeof lab);
                else
                    lab[0] = '\0';
                n += (size_t)snprintf(path + n, sizeof path - n, "%s", lab);
            }
            path[n] = '\0';
        }
        for (size_t k = 0; k < N_METHODS; k++) {
            ref_result r = ref_route(all_methods[k], path, strlen(path));
            ck_assert_msg(r.matches_with_method <= 1, "%s %s matches %zu operations", all_methods[k], path,
                          r.matches_with_method);
            eks_route_match m = route(all_methods[k], path);
            total++;
            if (r.op) {
                matched++;
                ck_assert_msg(m.op && strcmp(eks_operation_name(m.op), r.op->name) == 0, "%s %s: %s, want %s",
                              all_methods[k], path, op_name(&m), r.op->name);
                ck_assert_uint_eq(m.label_count, r.op->nlabels);
            } else {
                ck_assert_msg(m.op == NULL, "%s %s: %s, want none", all_methods[k], path, op_name(&m));
            }
            ck_assert_msg(m.path_matched == r.path_matched, "%s %s: path_matched %d, want %d", all_methods[k], path,
                          m.path_matched, r.path_matched);
        }
    }
    /* the generator must have produced a real mix */
    ck_assert_uint_gt(matched, total / 20);
    ck_assert_uint_lt(matched, total / 2);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("operation");
    TCase *tc = tcase_create("operation");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, count_and_order);
    tcase_add_test(tc, find_by_botocore_names);
    tcase_add_test(tc, find_rejects_near_misses);
    tcase_add_test(tc, accessors_take_null);
    tcase_add_test(tc, errors_equal_the_model);
    tcase_add_test(tc, facts_equal_the_model);
    tcase_add_test(tc, every_template_routes_to_its_operation);
    tcase_add_test(tc, label_lengths_across_word_boundaries);
    tcase_add_test(tc, query_at_every_position_ends_the_path);
    tcase_add_test(tc, literal_near_misses_are_not_the_literal);
    tcase_add_test(tc, other_methods_match_the_path_only);
    tcase_add_test(tc, paths_that_match_nothing);
    tcase_add_test(tc, ambiguities_follow_the_whole_template);
    tcase_add_test(tc, arguments_and_odd_bytes);
    tcase_add_test(tc, random_paths_agree_with_the_reference);
    tcase_add_test(tc, empty_and_dot_labels_route);
    suite_add_tcase(s, tc);
    int rc = ts_run_suite(s);
    if (M.root)
        json_object_put(M.root);
    return rc;
}
