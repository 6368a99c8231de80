/*
 * eks_route over the tables of a small synthetic model (tests/route_synthetic/, generated
 * from route-model.json there; see its README): what the EKS templates never need but the
 * router supports — a literal child and a label child at one node (backtracking out of a
 * literal that leads nowhere, or to a template without the method), a greedy {x+} label
 * next to a literal, the root template "/", one trie node whose templates name the label
 * differently, and a template with more labels than EKS_ROUTE_MAX_LABELS.
 *
 * The expected operations are read off the fixture's templates (route-model.json):
 *   Root GET /                       GetA GET /a/{x}/b          DeleteA DELETE /a/{other}/b
 *   GetALit GET /a/lit/c             PostLit POST /a/lit/{y}    GetFile GET /files/{path+}
 *   GetSpecial GET /files/special/{id}                          DeepNine GET /d/{l1}/.../{l9}
 */
#include "test_support.h"

#include "ekscodec/operation.h"

#include <stdio.h>
#include <string.h>

typedef struct syn_case {
    const char *method, *path, *op; /* op NULL: no operation */
    bool path_matched;
    const char *labels[3]; /* name=value in path order */
} syn_case;

static const syn_case cases[] = {
    {"GET", "/", "Root", false, {0}},
    {"GET", "/?x=1", "Root", false, {0}},
    {"POST", "/", NULL, true, {0}},
    {"GET", "//", NULL, false, {0}},
    {"GET", "", NULL, false, {0}},
    /* literal first */
    {"GET", "/a/lit/c", "GetALit", false, {0}},
    {"POST", "/a/lit/c", "PostLit", false, {"y=c"}},
    /* the literal "lit" leads to /a/lit/{y} (POST only): back out, take {x}=lit */
    {"GET", "/a/lit/b", "GetA", false, {"x=lit"}},
    {"DELETE", "/a/lit/b", "DeleteA", false, {"other=lit"}},
    {"POST", "/a/lit/b", "PostLit", false, {"y=b"}},
    {"PUT", "/a/lit/b", NULL, true, {0}},
    {"GET", "/a/q/b", "GetA", false, {"x=q"}},
    {"DELETE", "/a/q/b", "DeleteA", false, {"other=q"}}, /* same trie node, the template's name */
    {"POST", "/a/q/b", NULL, true, {0}},
    {"GET", "/a/q/c", NULL, false, {0}},
    {"GET", "/a/lit", NULL, false, {0}},
    /* empty segments are labels (the SDKs send empty label values as they are) */
    {"GET", "/a/lit/", NULL, true, {0}},
    {"POST", "/a/lit/", "PostLit", false, {"y="}},
    {"GET", "/a//b", "GetA", false, {"x="}},
    /* greedy: the rest of the path, '/' and empty segments inside */
    {"GET", "/files/special/7", "GetSpecial", false, {"id=7"}},
    {"GET", "/files/special", "GetFile", false, {"path=special"}},
    {"GET", "/files/special/7/8", "GetFile", false, {"path=special/7/8"}},
    {"GET", "/files/special/", "GetSpecial", false, {"id="}},
    {"GET", "/files/x", "GetFile", false, {"path=x"}},
    {"GET", "/files/x/y//z/", "GetFile", false, {"path=x/y//z/"}},
    {"GET", "/files/x/y?z/w", "GetFile", false, {"path=x/y"}},
    {"GET", "/files/%2F", "GetFile", false, {"path=%2F"}},
    {"GET", "/files/", "GetFile", false, {"path="}},
    {"GET", "/files//x", "GetFile", false, {"path=/x"}},
    /* more segments than any template has (the deepest, DeepNine, has ten) */
    {"GET", "/files/1/2/3/4/5/6/7/8/9/10/11/12", "GetFile", false, {"path=1/2/3/4/5/6/7/8/9/10/11/12"}},
    {"GET", "/files", NULL, false, {0}},
    {"DELETE", "/files/x", NULL, true, {0}},
    {"DELETE", "/files/special/7", NULL, true, {0}},
    /* nine labels, one more than a match can hold: never matched, never overflows */
    {"GET", "/d/1/2/3/4/5/6/7/8/9", NULL, false, {0}},
    {"GET", "/d/1/2/3/4/5/6/7/8", NULL, false, {0}},
    {"GET", "/d/1/2/3/4/5/6/7/8/9/10", NULL, false, {0}},
};

START_TEST(synthetic_routes)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const syn_case *c = &cases[i];
        eks_route_match m;
        memset(&m, 0x5a, sizeof m);
        ck_assert_int_eq(eks_route((eks_str){c->method, strlen(c->method)}, (eks_str){c->path, strlen(c->path)}, &m),
                         EKS_OK);
        const char *got = m.op ? eks_operation_name(m.op) : "(none)";
        if (!c->op) {
            ck_assert_msg(m.op == NULL, "%s %s: %s, want none", c->method, c->path, got);
            ck_assert_msg(m.path_matched == c->path_matched, "%s %s: path_matched %d", c->method, c->path,
                          m.path_matched);
            ck_assert_uint_eq(m.label_count, 0);
            continue;
        }
        ck_assert_msg(m.op && strcmp(got, c->op) == 0, "%s %s: %s, want %s", c->method, c->path, got, c->op);
        ck_assert(!m.path_matched);
        size_t n = 0;
        while (n < 3 && c->labels[n])
            n++;
        ck_assert_uint_eq(m.label_count, n);
        for (size_t k = 0; k < n; k++) {
            char buf[256];
            snprintf(buf, sizeof buf, "%s=%.*s", m.labels[k].name, (int)m.labels[k].raw.len, m.labels[k].raw.ptr);
            ck_assert_str_eq(buf, c->labels[k]);
            ck_assert_ptr_eq(m.labels[k].raw.ptr, c->path + m.labels[k].offset);
        }
    }
}
END_TEST

START_TEST(synthetic_facts)
{
    ck_assert_uint_eq(eks_operation_count(), 8);
    const eks_operation *op = eks_operation_find("get-a-lit", 9);
    ck_assert_ptr_nonnull(op);
    ck_assert_str_eq(eks_operation_name(op), "GetALit");
    ck_assert_str_eq(eks_operation_snake_name(op), "get_a_lit");
    ck_assert_ptr_eq(eks_operation_find("GetALit", 7), op);
    ck_assert_str_eq(eks_operation_request_uri(eks_operation_find("GetFile", 7)), "/files/{path+}");
    ck_assert_int_eq(eks_operation_success_code(op), 200);
    ck_assert_str_eq(eks_service_signing_name(), "routes");
    ck_assert_str_eq(eks_service_endpoint_prefix(), "routes");
    ck_assert_str_eq(eks_service_api_version(), "2001-01-01");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("operation_synthetic");
    TCase *tc = tcase_create("routes");
    tcase_add_test(tc, synthetic_routes);
    tcase_add_test(tc, synthetic_facts);
    suite_add_tcase(s, tc);
    return ts_run_suite(s);
}
