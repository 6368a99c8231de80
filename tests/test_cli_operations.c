/*
 * `ekscodec operations` (DESIGN §3): both formats compared with the official model
 * ($EKSCODEC_SHARED_DIR/models/eks-2017-11-01/service-2.json, read with json-c) and with
 * botocore's names (corpus/operations/botocore_names.json, tools/oracle/operation_names_oracle.py).
 */
#include "test_support.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char cli_path[1024];

typedef struct run_result {
    int exit_code;
    char *out;
} run_result;

/* Runs "ekscodec ARGS" (stderr discarded), stdout captured. */
static run_result run_cli(const char *args)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s' %s 2>/dev/null </dev/null", cli_path, args);
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    ck_assert_ptr_nonnull(buf);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n - 1, p)) > 0) {
        n += got;
        if (cap - n < 2) {
            cap *= 2;
            buf = realloc(buf, cap);
            ck_assert_ptr_nonnull(buf);
        }
    }
    buf[n] = '\0';
    int status = pclose(p);
    run_result r = {WIFEXITED(status) ? WEXITSTATUS(status) : -1, buf};
    return r;
}

static json_object *load_model(const char *test)
{
    const char *shared = ts_shared_dir();
    if (!shared) {
        ts_skip(test, "EKSCODEC_SHARED_DIR (../shared) is absent; model checks not run");
        return NULL;
    }
    char *path = ts_path(shared, "models/eks-2017-11-01/service-2.json");
    json_object *m = json_object_from_file(path);
    ck_assert_msg(m != NULL, "cannot read %s", path);
    free(path);
    return m;
}

static json_object *get(json_object *o, const char *key)
{
    json_object *v = NULL;
    ck_assert_msg(json_object_object_get_ex(o, key, &v), "missing key %s", key);
    return v;
}

static const char *get_s(json_object *o, const char *key)
{
    return json_object_get_string(get(o, key));
}

/* The botocore names entry of `name`. */
static json_object *botocore_entry(json_object *names, const char *name)
{
    json_object *ops = get(names, "operations");
    for (size_t i = 0; i < json_object_array_length(ops); i++) {
        json_object *o = json_object_array_get_idx(ops, i);
        if (strcmp(get_s(o, "name"), name) == 0)
            return o;
    }
    return NULL;
}

START_TEST(json_output_equals_the_model)
{
    json_object *model = load_model("cli operations json");
    if (!model)
        return;
    char *npath = ts_path(ts_source_dir(), "corpus/operations/botocore_names.json");
    json_object *names = json_object_from_file(npath);
    ck_assert_ptr_nonnull(names);
    free(npath);
    run_result r = run_cli("operations --format json");
    ck_assert_int_eq(r.exit_code, 0);
    json_object *out = json_tokener_parse(r.out);
    ck_assert_msg(out != NULL, "not JSON: %.200s", r.out);
    json_object *model_ops = get(model, "operations");
    size_t n_model = (size_t)json_object_object_length(model_ops);
    ck_assert_uint_eq(n_model, 65);
    ck_assert_int_eq(json_object_get_int(get(out, "count")), (int)n_model);
    json_object *ops = get(out, "operations");
    ck_assert_uint_eq(json_object_array_length(ops), n_model);
    const char *prev = "";
    for (size_t i = 0; i < n_model; i++) {
        json_object *o = json_object_array_get_idx(ops, i);
        ck_assert_uint_eq((size_t)json_object_object_length(o), 6);
        const char *name = get_s(o, "name");
        ck_assert_msg(strcmp(prev, name) < 0, "not sorted at %s", name);
        prev = name;
        json_object *mo = NULL;
        ck_assert_msg(json_object_object_get_ex(model_ops, name, &mo), "%s is not in the model", name);
        json_object *http = get(mo, "http"), *code = NULL;
        ck_assert_str_eq(get_s(o, "method"), get_s(http, "method"));
        ck_assert_str_eq(get_s(o, "uri"), get_s(http, "requestUri"));
        int want = json_object_object_get_ex(http, "responseCode", &code) ? json_object_get_int(code) : 200;
        ck_assert(json_object_is_type(get(o, "successCode"), json_type_int));
        ck_assert_int_eq(json_object_get_int(get(o, "successCode")), want);
        json_object *b = botocore_entry(names, name);
        ck_assert_msg(b != NULL, "%s missing from botocore_names.json", name);
        ck_assert_str_eq(get_s(o, "boto3"), get_s(b, "boto3"));
        ck_assert_str_eq(get_s(o, "cli"), get_s(b, "cli"));
    }
    json_object_put(out);
    json_object_put(names);
    json_object_put(model);
    free(r.out);
}
END_TEST

START_TEST(text_output_equals_the_model)
{
    json_object *model = load_model("cli operations text");
    if (!model)
        return;
    run_result r = run_cli("operations");
    ck_assert_int_eq(r.exit_code, 0);
    run_result t = run_cli("operations --format text");
    ck_assert_int_eq(t.exit_code, 0);
    ck_assert_str_eq(r.out, t.out);
    json_object *model_ops = get(model, "operations");
    size_t lines = 0;
    long method_col = -1, uri_col = -1, code_col = -1;
    char *save = NULL;
    for (char *line = strtok_r(r.out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char name[128], method[16], uri[256];
        int code = 0, end = 0;
        ck_assert_msg(sscanf(line, "%127s %15s %255s %d%n", name, method, uri, &code, &end) == 4, "line: %s", line);
        ck_assert_msg(line[end] == '\0', "trailing bytes: %s", line);
        json_object *mo = NULL, *http, *c = NULL;
        ck_assert_msg(json_object_object_get_ex(model_ops, name, &mo), "%s is not in the model", name);
        http = get(mo, "http");
        ck_assert_str_eq(method, get_s(http, "method"));
        ck_assert_str_eq(uri, get_s(http, "requestUri"));
        ck_assert_int_eq(code, json_object_object_get_ex(http, "responseCode", &c) ? json_object_get_int(c) : 200);
        /* aligned: every column starts at the same byte on every line */
        long mc = (long)(strstr(line + strlen(name), method) - line);
        long uc = (long)(strstr(line + mc + strlen(method), uri) - line);
        long cc = (long)(strrchr(line, ' ') - line + 1);
        if (lines == 0) {
            method_col = mc;
            uri_col = uc;
            code_col = cc;
        }
        ck_assert_int_eq(mc, method_col);
        ck_assert_int_eq(uc, uri_col);
        ck_assert_int_eq(cc, code_col);
        lines++;
    }
    ck_assert_uint_eq(lines, (size_t)json_object_object_length(model_ops));
    free(r.out);
    free(t.out);
    json_object_put(model);
}
END_TEST

START_TEST(usage_errors_exit_2)
{
    static const char *const bad[] = {"operations --format xml", "operations --format", "operations extra",
                                      "operations --bogus"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        run_result r = run_cli(bad[i]);
        ck_assert_msg(r.exit_code == 2, "%s: exit %d", bad[i], r.exit_code);
        ck_assert_str_eq(r.out, "");
        free(r.out);
    }
    run_result h = run_cli("operations --help");
    ck_assert_int_eq(h.exit_code, 0);
    ck_assert_ptr_nonnull(strstr(h.out, "--format text|json"));
    free(h.out);
}
END_TEST

int main(void)
{
    const char *build = getenv("EKSCODEC_BUILD_DIR");
    snprintf(cli_path, sizeof cli_path, "%s/tools/ekscodec", build ? build : ".");
    if (access(cli_path, X_OK) != 0) {
        fprintf(stderr, "test_cli_operations: %s is not built\n", cli_path);
        return EXIT_FAILURE;
    }
    Suite *s = suite_create("cli_operations");
    TCase *tc = tcase_create("cli_operations");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, json_output_equals_the_model);
    tcase_add_test(tc, text_output_equals_the_model);
    tcase_add_test(tc, usage_errors_exit_2);
    suite_add_tcase(s, tc);
    return ts_run_suite(s);
}
