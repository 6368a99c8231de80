/*
 * The codec for every operation (ekscodec/op_codec.h, op_json.h) beyond what the
 * per-operation corpus covers: captured requests with query strings (RFC 3986
 * percent-encoding; Smithy httpQuery: repeated keys for lists, "true"/"false", decimal
 * integers), bodiless operations, argument checks, the json-c views and the generic
 * response/error encoders. Expected values come from the model (operation templates,
 * member names, constraints) and the RFCs, written here by hand.
 */
#include "ekscodec/op_json.h"
#include "test_support.h"

#include <openssl/err.h>
#include <openssl/rand.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define S(lit) EKS_STR_LIT(lit)

static const eks_operation *op(const char *name)
{
    const eks_operation *o = eks_operation_find(name, strlen(name));
    ck_assert_msg(o != NULL, "no operation %s", name);
    return o;
}

static bool has_diag(const eks_diags *d, eks_severity sev, eks_diag_code code, const char *path)
{
    for (size_t i = 0; i < d->count; i++)
        if (d->items[i].severity == sev && d->items[i].code == code && strcmp(d->items[i].path, path) == 0)
            return true;
    return false;
}

static void dump(const eks_diags *d)
{
    for (size_t i = 0; i < d->count; i++)
        fprintf(stderr, "  %s %s %s: %s\n", eks_severity_name(d->items[i].severity),
                eks_diag_code_name(d->items[i].code), d->items[i].path, d->items[i].message);
}

#define ASSERT_DIAG(d, sev, code, path)                                                     \
    do {                                                                                    \
        if (!has_diag((d), (sev), (code), (path))) {                                        \
            dump(d);                                                                        \
            ck_abort_msg("no %s %s at %s", eks_severity_name(sev), eks_diag_code_name(code), (path)); \
        }                                                                                   \
    } while (0)

static eks_status decode_get(const char *opname, const char *method, const char *path, const char *query,
                             bool strict, eks_op_decoded_request *out)
{
    eks_header h = {S("Host"), S("eks.us-west-2.amazonaws.com")};
    eks_http_request req = {.method = eks_str_from_cstr(method), .path = eks_str_from_cstr(path),
                            .query = query ? eks_str_from_cstr(query) : EKS_STR_ABSENT,
                            .headers = &h, .header_count = 1};
    eks_decode_options o = {.strict = strict};
    return eks_op_request_decode(op(opname), &req, &o, out);
}

/* The diagnostic of a value from the path or the query string is located at that value's first
 * byte (in the path, or in the query after '?'), as the decode errors there already were. */
static size_t offset_of(const eks_diags *d, eks_diag_code code, const char *path)
{
    for (size_t i = 0; i < d->count; i++)
        if (d->items[i].code == code && strcmp(d->items[i].path, path) == 0)
            return d->items[i].offset;
    dump(d);
    ck_abort_msg("no %s at %s", eks_diag_code_name(code), path);
    return 0;
}

START_TEST(path_and_query_findings_are_located)
{
    eks_op_decoded_request r;
    /* constraints of query values (maxResults: 1..100) */
    decode_get("ListClusters", "GET", "/clusters", "maxResults=1000", false, &r);
    ck_assert_uint_eq(offset_of(&r.diags, EKS_DIAG_VALUE_OUT_OF_RANGE, "$.maxResults"), strlen("maxResults="));
    eks_op_decoded_request_free(&r);
    decode_get("ListClusters", "GET", "/clusters", "include=%C3%A9&nextToken=t&maxResults=0&maxResults=7", false, &r);
    ck_assert_uint_eq(offset_of(&r.diags, EKS_DIAG_VALUE_OUT_OF_RANGE, "$.maxResults"),
                      strlen("include=%C3%A9&nextToken=t&maxResults="));
    eks_op_decoded_request_free(&r);
    /* empty and dot-segment labels: at the label's place in the path */
    decode_get("DescribeCluster", "GET", "/clusters/", NULL, false, &r);
    ck_assert_uint_eq(offset_of(&r.diags, EKS_DIAG_EMPTY_URI_LABEL, "$.name"), strlen("/clusters/"));
    eks_op_decoded_request_free(&r);
    decode_get("DescribeCluster", "GET", "/clusters/..", NULL, false, &r);
    ck_assert_uint_eq(offset_of(&r.diags, EKS_DIAG_DOT_SEGMENT_LABEL, "$.name"), strlen("/clusters/"));
    eks_op_decoded_request_free(&r);
    decode_get("DescribeAddon", "GET", "/clusters/prod/addons/%2E", NULL, false, &r);
    ck_assert_uint_eq(offset_of(&r.diags, EKS_DIAG_DOT_SEGMENT_LABEL, "$.addonName"), strlen("/clusters/prod/addons/"));
    eks_op_decoded_request_free(&r);
}
END_TEST

/* An unknown enum value is quoted whole in its diagnostic: a NUL inside it (a JSON \u0000) is
 * shown as '?', not the end of the quote, and the raw value keeps every byte. */
START_TEST(unknown_enum_with_nul_is_quoted_whole)
{
    static const char body[] = "{\"cluster\":{\"name\":\"p\",\"status\":\"Fu\\u0000ture\"}}";
    eks_http_response resp = {.status = 200, .body = {body, sizeof body - 1}};
    eks_op_decoded_response r;
    ck_assert_int_eq(eks_op_response_decode(op("DescribeCluster"), &resp, NULL, &r), EKS_OK);
    ck_assert_uint_eq(r.diags.count, 1);
    ck_assert_str_eq(eks_diag_code_name(r.diags.items[0].code), "unknown_enum_value");
    ck_assert_str_eq(r.diags.items[0].path, "$.cluster.status");
    ck_assert_msg(strstr(r.diags.items[0].message, "\"Fu?ture\" is not a known ClusterStatus value"), "%s",
                  r.diags.items[0].message);
    const eks_describe_cluster_response *v = r.output;
    ck_assert_uint_eq(v->cluster.status.raw.len, 7);
    ck_assert_int_eq(memcmp(v->cluster.status.raw.ptr, "Fu\0ture", 7), 0);
    eks_op_decoded_response_free(&r);
    /* docs/security.md: at most 64 bytes quoted, a control byte (ESC here) as '?'; a value
     * cut says so ("..." after its first 61 bytes, as constraint messages cut a value) */
    char long_body[256], want[128];
    snprintf(long_body, sizeof long_body, "{\"cluster\":{\"name\":\"p\",\"status\":\"a\\u001bb%s\"}}",
             "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX");
    snprintf(want, sizeof want, "\"a?b%.58s...\" is not a known ClusterStatus value",
             "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX");
    resp.body = (eks_str){long_body, strlen(long_body)};
    ck_assert_int_eq(eks_op_response_decode(op("DescribeCluster"), &resp, NULL, &r), EKS_OK);
    ck_assert_uint_eq(r.diags.count, 1);
    ck_assert_msg(strstr(r.diags.items[0].message, want), "%s", r.diags.items[0].message);
    eks_op_decoded_response_free(&r);
    /* cut where a character ends: 40 two-byte characters quoted as 30 (60 bytes) and "..." */
    char e_acute[81] = "", want_e[61] = "";
    for (int i = 0; i < 40; i++)
        strcat(e_acute, "\xc3\xa9");
    memcpy(want_e, e_acute, 60);
    snprintf(long_body, sizeof long_body, "{\"cluster\":{\"name\":\"p\",\"status\":\"%s\"}}", e_acute);
    snprintf(want, sizeof want, "\"%s...\" is not", want_e);
    resp.body = (eks_str){long_body, strlen(long_body)};
    ck_assert_int_eq(eks_op_response_decode(op("DescribeCluster"), &resp, NULL, &r), EKS_OK);
    ck_assert_msg(strstr(r.diags.items[0].message, want), "%s", r.diags.items[0].message);
    eks_op_decoded_response_free(&r);
}
END_TEST

/* The other diagnostics that quote a captured value quote it whole too (as the enum value
 * above): an error type from the body, an identity provider type, a query parameter name. */
static const char *message_of(const eks_diags *d, eks_diag_code code)
{
    for (size_t i = 0; i < d->count; i++)
        if (d->items[i].code == code)
            return d->items[i].message;
    dump(d);
    ck_abort_msg("no %s", eks_diag_code_name(code));
    return NULL;
}

START_TEST(captured_values_with_nul_are_quoted_whole)
{
    static const char err_body[] = "{\"code\":\"Fu\\u0000tureException\",\"message\":\"m\"}";
    eks_http_response resp = {.status = 400, .body = {err_body, sizeof err_body - 1}};
    eks_op_decoded_response r;
    ck_assert_int_eq(eks_op_response_decode(op("DescribeCluster"), &resp, NULL, &r), EKS_OK);
    const char *m = message_of(&r.diags, EKS_DIAG_UNMODELED_ERROR);
    ck_assert_msg(strstr(m, "\"Fu?tureException\""), "%s", m);
    eks_op_decoded_response_free(&r);
    /* a type given but empty once cut, quoted in missing_error_type's message */
    static const char cut_body[] = "{\"code\":\"ns#:Fu\\u0000x\",\"message\":\"m\"}";
    resp.body = (eks_str){cut_body, sizeof cut_body - 1};
    ck_assert_int_eq(eks_op_response_decode(op("DescribeCluster"), &resp, NULL, &r), EKS_ERR_VALIDATION_FAILED);
    m = message_of(&r.diags, EKS_DIAG_MISSING_ERROR_TYPE);
    ck_assert_msg(strstr(m, "\"ns#:Fu?x\""), "%s", m);
    eks_op_decoded_response_free(&r);

    static const char req_body[] = "{\"identityProviderConfig\":{\"type\":\"Fu\\u0000ture\",\"name\":\"n\"}}";
    eks_header h = {S("Host"), S("eks.us-west-2.amazonaws.com")};
    eks_http_request req = {.method = S("POST"), .path = S("/clusters/c/identity-provider-configs/disassociate"),
                            .headers = &h, .header_count = 1, .body = {req_body, sizeof req_body - 1}};
    eks_op_decoded_request q;
    ck_assert_int_eq(eks_op_request_decode(op("DisassociateIdentityProviderConfig"), &req, NULL, &q), EKS_OK);
    m = message_of(&q.diags, EKS_DIAG_UNEXPECTED_VALUE);
    ck_assert_msg(strstr(m, "\"Fu?ture\""), "%s", m);
    eks_op_decoded_request_free(&q);

    decode_get("ListClusters", "GET", "/clusters", "Fu%00ture=1", true, &q);
    m = message_of(&q.diags, EKS_DIAG_UNKNOWN_MEMBER);
    ck_assert_msg(strstr(m, "\"Fu?ture\""), "%s", m);
    eks_op_decoded_request_free(&q);

    /* longer than 64 bytes: cut with the mark, as the enum value (both were cut to 64 bytes
     * before they were quoted, so the mark never came) */
    char x100[101], long_req[256], want[80];
    memset(x100, 'x', 100);
    x100[100] = '\0';
    snprintf(want, sizeof want, "\"%.61s...\"", x100);
    snprintf(long_req, sizeof long_req, "{\"identityProviderConfig\":{\"type\":\"%s\",\"name\":\"n\"}}", x100);
    req.body = eks_str_from_cstr(long_req);
    ck_assert_int_eq(eks_op_request_decode(op("DisassociateIdentityProviderConfig"), &req, NULL, &q), EKS_OK);
    m = message_of(&q.diags, EKS_DIAG_UNEXPECTED_VALUE);
    ck_assert_msg(strstr(m, want), "%s", m);
    eks_op_decoded_request_free(&q);
    char long_query[128];
    snprintf(long_query, sizeof long_query, "%s=1", x100);
    decode_get("ListClusters", "GET", "/clusters", long_query, true, &q);
    m = message_of(&q.diags, EKS_DIAG_UNKNOWN_MEMBER);
    ck_assert_msg(strstr(m, want), "%s", m);
    eks_op_decoded_request_free(&q);
}
END_TEST

/* ListClusters: maxResults (integer 1..100), nextToken (string), include (list of strings),
 * all query members (model: ListClustersRequest). */
START_TEST(query_members_decode)
{
    eks_op_decoded_request r;
    ck_assert_int_eq(decode_get("ListClusters", "GET", "/clusters", "maxResults=5&nextToken=a%2Fb%20c&include=all&include=x",
                                false, &r),
                     EKS_OK);
    ck_assert_uint_eq(r.diags.count, 0);
    const eks_list_clusters_request *v = r.value;
    ck_assert(v->max_results.present && v->max_results.value == 5);
    ck_assert(eks_str_eq_cstr(v->next_token, "a/b c"));
    ck_assert_uint_eq(v->include.count, 2);
    ck_assert(eks_str_eq_cstr(v->include.items[0], "all") && eks_str_eq_cstr(v->include.items[1], "x"));
    eks_op_decoded_request_free(&r);

    /* '+' is a plain byte in RFC 3986 (the SDKs send a space as %20); an empty value and a
     * parameter without '=' are empty strings; empty pairs ("&&") are no parameters. */
    ck_assert_int_eq(decode_get("ListClusters", "GET", "/clusters", "&&nextToken=a+b&&include&include=", false, &r),
                     EKS_OK);
    v = r.value;
    ck_assert(eks_str_eq_cstr(v->next_token, "a+b"));
    ck_assert_uint_eq(v->include.count, 2);
    ck_assert(eks_str_eq_cstr(v->include.items[0], "") && eks_str_eq_cstr(v->include.items[1], ""));
    eks_op_decoded_request_free(&r);
}
END_TEST

START_TEST(query_members_refused)
{
    eks_op_decoded_request r;
    /* not an integer, out of the model's range, not a 32-bit integer, given twice */
    ck_assert_int_eq(decode_get("ListClusters", "GET", "/clusters", "maxResults=five", false, &r),
                     EKS_ERR_VALIDATION_FAILED);
    ASSERT_DIAG(&r.diags, EKS_SEV_ERROR, EKS_DIAG_WRONG_TYPE, "$.maxResults");
    eks_op_decoded_request_free(&r);
    ck_assert_int_eq(decode_get("ListClusters", "GET", "/clusters", "maxResults=101", false, &r),
                     EKS_ERR_VALIDATION_FAILED);
    ASSERT_DIAG(&r.diags, EKS_SEV_ERROR, EKS_DIAG_VALUE_OUT_OF_RANGE, "$.maxResults");
    eks_op_decoded_request_free(&r);
    ck_assert_int_eq(decode_get("ListClusters", "GET", "/clusters", "maxResults=2147483648", false, &r),
                     EKS_ERR_VALIDATION_FAILED);
    ASSERT_DIAG(&r.diags, EKS_SEV_ERROR, EKS_DIAG_WRONG_TYPE, "$.maxResults");
    eks_op_decoded_request_free(&r);
    ck_assert_int_eq(decode_get("ListClusters", "GET", "/clusters", "maxResults=-", false, &r),
                     EKS_ERR_VALIDATION_FAILED);
    eks_op_decoded_request_free(&r);
    ck_assert_int_eq(decode_get("ListClusters", "GET", "/clusters", "maxResults=1&maxResults=2", false, &r),
                     EKS_ERR_VALIDATION_FAILED);
    ASSERT_DIAG(&r.diags, EKS_SEV_ERROR, EKS_DIAG_DUPLICATE_KEY, "$.maxResults");
    eks_op_decoded_request_free(&r);
    /* malformed escapes (RFC 3986 §2.1: '%' and two hex digits), in a value and in a name */
    ck_assert_int_eq(decode_get("ListClusters", "GET", "/clusters", "nextToken=%G1", false, &r),
                     EKS_ERR_VALIDATION_FAILED);
    ASSERT_DIAG(&r.diags, EKS_SEV_ERROR, EKS_DIAG_INVALID_URI_LABEL, "$.nextToken");
    ck_assert_uint_eq(r.diags.items[0].offset, 10);
    eks_op_decoded_request_free(&r);
    ck_assert_int_eq(decode_get("ListClusters", "GET", "/clusters", "next%2Token=x", false, &r),
                     EKS_ERR_VALIDATION_FAILED);
    ASSERT_DIAG(&r.diags, EKS_SEV_ERROR, EKS_DIAG_INVALID_URI_LABEL, "query");
    eks_op_decoded_request_free(&r);
    /* percent-decoded bytes that are not UTF-8 */
    ck_assert_int_eq(decode_get("ListClusters", "GET", "/clusters", "nextToken=%FF", false, &r),
                     EKS_ERR_VALIDATION_FAILED);
    ASSERT_DIAG(&r.diags, EKS_SEV_ERROR, EKS_DIAG_INVALID_UTF8, "$.nextToken");
    eks_op_decoded_request_free(&r);
    /* a parameter the model does not have: ignored, a warning in strict mode */
    ck_assert_int_eq(decode_get("ListClusters", "GET", "/clusters", "colour=red", false, &r), EKS_OK);
    ck_assert_uint_eq(r.diags.count, 0);
    eks_op_decoded_request_free(&r);
    ck_assert_int_eq(decode_get("ListClusters", "GET", "/clusters", "colour=red", true, &r), EKS_OK);
    ASSERT_DIAG(&r.diags, EKS_SEV_WARNING, EKS_DIAG_UNKNOWN_MEMBER, "query");
    eks_op_decoded_request_free(&r);
}
END_TEST

/* Booleans and enums in query strings: DeleteAddon's preserve (boolean) and
 * DescribeClusterVersions' status (enum ClusterVersionStatus). */
START_TEST(query_booleans_and_enums)
{
    eks_op_decoded_request r;
    ck_assert_int_eq(decode_get("DeleteAddon", "DELETE", "/clusters/prod/addons/vpc-cni", "preserve=true", false, &r),
                     EKS_OK);
    const eks_delete_addon_request *d = r.value;
    ck_assert(d->preserve.present && d->preserve.value);
    ck_assert(eks_str_eq_cstr(d->cluster_name, "prod") && eks_str_eq_cstr(d->addon_name, "vpc-cni"));
    eks_op_decoded_request_free(&r);
    /* "True" is what botocore sends for a Python True in some paths; the model's wire form
     * is the lower-case JSON literal */
    ck_assert_int_eq(decode_get("DeleteAddon", "DELETE", "/clusters/prod/addons/vpc-cni", "preserve=True", false, &r),
                     EKS_ERR_VALIDATION_FAILED);
    ASSERT_DIAG(&r.diags, EKS_SEV_ERROR, EKS_DIAG_WRONG_TYPE, "$.preserve");
    eks_op_decoded_request_free(&r);
    /* an enum value the model does not list: kept, a warning (error when strict) */
    ck_assert_int_eq(decode_get("DescribeClusterVersions", "GET", "/cluster-versions", "status=RETIRED", false, &r),
                     EKS_OK);
    ASSERT_DIAG(&r.diags, EKS_SEV_WARNING, EKS_DIAG_UNKNOWN_ENUM_VALUE, "$.status");
    eks_op_decoded_request_free(&r);
    ck_assert_int_eq(decode_get("DescribeClusterVersions", "GET", "/cluster-versions", "status=RETIRED", true, &r),
                     EKS_ERR_VALIDATION_FAILED);
    ASSERT_DIAG(&r.diags, EKS_SEV_ERROR, EKS_DIAG_UNKNOWN_ENUM_VALUE, "$.status");
    eks_op_decoded_request_free(&r);
}
END_TEST

/* Operations without body members: a body is ignored with a warning; required labels are
 * checked; a wrong method and path are reported. */
START_TEST(bodiless_requests)
{
    eks_header h = {S("Host"), S("eks.us-west-2.amazonaws.com")};
    eks_http_request req = {.method = S("GET"), .path = S("/clusters/prod"), .headers = &h, .header_count = 1,
                            .body = S("{\"name\":\"x\"}")};
    eks_op_decoded_request r;
    ck_assert_int_eq(eks_op_request_decode(op("DescribeCluster"), &req, NULL, &r), EKS_OK);
    ASSERT_DIAG(&r.diags, EKS_SEV_WARNING, EKS_DIAG_UNEXPECTED_VALUE, "");
    ck_assert(eks_str_eq_cstr(((const eks_describe_cluster_request *)r.value)->name, "prod"));
    eks_op_decoded_request_free(&r);
    req.method = S("POST");
    req.path = S("/clusters/prod/x");
    ck_assert_int_eq(eks_op_request_decode(op("DescribeCluster"), &req, NULL, &r), EKS_ERR_VALIDATION_FAILED);
    ASSERT_DIAG(&r.diags, EKS_SEV_ERROR, EKS_DIAG_WRONG_METHOD, "method");
    ASSERT_DIAG(&r.diags, EKS_SEV_ERROR, EKS_DIAG_WRONG_PATH, "path");
    eks_op_decoded_request_free(&r);
    /* ClusterName's pattern (^[0-9A-Za-z]...) on a label: DescribeAddon's clusterName is a
     * ClusterName in the model, DescribeCluster's name a plain String */
    req.method = S("GET");
    req.path = S("/clusters/-prod");
    req.body = EKS_STR_ABSENT;
    ck_assert_int_eq(eks_op_request_decode(op("DescribeCluster"), &req, NULL, &r), EKS_OK);
    eks_op_decoded_request_free(&r);
    req.path = S("/clusters/-prod/addons/vpc-cni");
    ck_assert_int_eq(eks_op_request_decode(op("DescribeAddon"), &req, NULL, &r), EKS_ERR_VALIDATION_FAILED);
    ASSERT_DIAG(&r.diags, EKS_SEV_ERROR, EKS_DIAG_PATTERN_MISMATCH, "$.clusterName");
    eks_op_decoded_request_free(&r);
    /* an empty label is reported as such, once (not again as ClusterName's min length) */
    req.path = S("/clusters//addons/vpc-cni");
    ck_assert_int_eq(eks_op_request_decode(op("DescribeAddon"), &req, NULL, &r), EKS_ERR_VALIDATION_FAILED);
    ASSERT_DIAG(&r.diags, EKS_SEV_ERROR, EKS_DIAG_EMPTY_URI_LABEL, "$.clusterName");
    ck_assert_uint_eq(r.diags.errors, 1);
    eks_op_decoded_request_free(&r);
    /* body limit applies whether or not the body is read */
    eks_limits small = {.max_body_bytes = 4};
    eks_decode_options o = {.limits = &small};
    req.path = S("/clusters/prod");
    req.body = S("{\"a\":1}");
    ck_assert_int_eq(eks_op_request_decode(op("DescribeCluster"), &req, &o, &r), EKS_ERR_LIMIT_EXCEEDED);
    eks_op_decoded_request_free(&r);
}
END_TEST

START_TEST(encode_bodiless_and_query)
{
    eks_endpoint ep;
    eks_endpoint_params where = {.region = S("us-west-2")};
    ck_assert_int_eq(eks_endpoint_resolve(&where, &ep, NULL, 0), EKS_OK);
    eks_request_options ro = {.endpoint = &ep};
    eks_op_decoded_request p;
    const char *params = "{\"clusterName\":\"prod\",\"addonName\":\"vpc cni\",\"preserve\":false}";
    ck_assert_int_eq(eks_op_request_from_params(op("delete-addon"), params, strlen(params), NULL, &p), EKS_OK);
    eks_encoded_request enc = {0};
    eks_diags d;
    eks_diags_init(&d);
    ck_assert_int_eq(eks_op_request_encode(op("delete_addon"), p.value, &ro, &enc, &d), EKS_OK);
    /* RFC 3986 §2.1: space as %20; a boolean as "false" (Smithy httpQuery) */
    ck_assert(eks_str_eq_cstr(enc.http.method, "DELETE"));
    ck_assert(eks_str_eq_cstr(enc.http.path, "/clusters/prod/addons/vpc%20cni"));
    ck_assert(eks_str_eq_cstr(enc.http.query, "preserve=false"));
    ck_assert(eks_str_eq_cstr(enc.url, "https://eks.us-west-2.amazonaws.com/clusters/prod/addons/vpc%20cni?preserve=false"));
    ck_assert_ptr_null(enc.http.body.ptr);
    ck_assert_uint_eq(enc.http.header_count, 1);
    ck_assert(!eks_op_request_has_body(op("DeleteAddon")) && eks_op_request_has_body(op("CreateCluster")));
    eks_op_decoded_request_free(&p);
    /* a negative integer goes out as such and is refused by the model's range */
    const char *neg = "{\"maxResults\":-3}";
    ck_assert_int_eq(eks_op_request_from_params(op("ListClusters"), neg, strlen(neg), NULL, &p),
                     EKS_ERR_VALIDATION_FAILED);
    ASSERT_DIAG(&p.diags, EKS_SEV_ERROR, EKS_DIAG_VALUE_OUT_OF_RANGE, "$.maxResults");
    eks_op_decoded_request_free(&p);
    /* a required query-less label missing from parameters */
    const char *none = "{}";
    ck_assert_int_eq(eks_op_request_from_params(op("DescribeCluster"), none, 2, NULL, &p), EKS_ERR_VALIDATION_FAILED);
    ASSERT_DIAG(&p.diags, EKS_SEV_ERROR, EKS_DIAG_MISSING_REQUIRED_MEMBER, "$.name");
    eks_op_decoded_request_free(&p);
    /* the idempotency token of an operation, and of one without */
    const char *member = "x";
    const eks_list_clusters_request lc = {0};
    eks_str t = eks_op_request_idempotency_token(op("ListClusters"), &lc, &member);
    ck_assert_ptr_null(member);
    ck_assert_ptr_null(t.ptr);
    eks_create_cluster_request cc;
    memset(&cc, 0, sizeof cc);
    cc.client_request_token = S("tok");
    t = eks_op_request_idempotency_token(op("CreateCluster"), &cc, &member);
    ck_assert_str_eq(member, "clientRequestToken");
    ck_assert(eks_str_eq_cstr(t, "tok"));
    eks_encoded_request_free(&enc);
    eks_diags_free(&d);
}
END_TEST

/* RFC 8259 §3: the literal names are exactly true, false and null, so "nope", "txyz" and
 * "fals" are no JSON value, whatever their first byte; and a value followed by more than
 * whitespace is no JSON text. Either is a syntax error (invalid_json, malformed input) and
 * only that: no wrong_type claiming a type the text does not have, where the parameters,
 * a member, a request body or a response body should be an object or a string. A real value
 * of the wrong type is still wrong_type (validation failed). */
static bool has_code(const eks_diags *d, eks_diag_code code)
{
    for (size_t i = 0; i < d->count; i++)
        if (d->items[i].code == code)
            return true;
    return false;
}

START_TEST(text_that_only_starts_like_a_literal_is_a_syntax_error)
{
    static const struct {
        const char *json;
        eks_status want;
        eks_diag_code code;
    } cases[] = {
        {"nope", EKS_ERR_MALFORMED_INPUT, EKS_DIAG_INVALID_JSON},
        {"txyz", EKS_ERR_MALFORMED_INPUT, EKS_DIAG_INVALID_JSON},
        {"fals", EKS_ERR_MALFORMED_INPUT, EKS_DIAG_INVALID_JSON},
        {"null x", EKS_ERR_MALFORMED_INPUT, EKS_DIAG_INVALID_JSON},
        {"[1,2] x", EKS_ERR_MALFORMED_INPUT, EKS_DIAG_INVALID_JSON},
        {"[1,2", EKS_ERR_MALFORMED_INPUT, EKS_DIAG_INVALID_JSON},
        {"true", EKS_ERR_VALIDATION_FAILED, EKS_DIAG_WRONG_TYPE},
        {"[1,2]", EKS_ERR_VALIDATION_FAILED, EKS_DIAG_WRONG_TYPE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *j = cases[i].json;
        eks_diag_code other = cases[i].code == EKS_DIAG_INVALID_JSON ? EKS_DIAG_WRONG_TYPE : EKS_DIAG_INVALID_JSON;
        /* the parameters, and the member "name" (a string) of DescribeCluster's */
        char member[64];
        snprintf(member, sizeof member, "{\"name\":%s}", j);
        const char *params[] = {j, member};
        for (int k = 0; k < 2; k++) {
            eks_op_decoded_request p;
            eks_status st = eks_op_request_from_params(op("DescribeCluster"), params[k], strlen(params[k]), NULL, &p);
            if (k == 1 && strchr(j, ' ')) /* a value, then " x}": the object's syntax error */
                ck_assert_msg(st == EKS_ERR_MALFORMED_INPUT && has_code(&p.diags, EKS_DIAG_INVALID_JSON),
                              "parameters %s: status %d", params[k], (int)st);
            else
                ck_assert_msg(st == cases[i].want && has_code(&p.diags, cases[i].code) && !has_code(&p.diags, other),
                              "parameters %s: status %d", params[k], (int)st);
            eks_op_decoded_request_free(&p);
        }
        /* CreateCluster's request body, and DescribeCluster's response body */
        eks_header h[] = {{S("Host"), S("eks.us-west-2.amazonaws.com")}, {S("Content-Type"), S("application/json")}};
        eks_http_request req = {.method = S("POST"), .path = S("/clusters"), .headers = h, .header_count = 2,
                                .body = eks_str_from_cstr(j)};
        eks_op_decoded_request rq;
        eks_status st = eks_op_request_decode(op("CreateCluster"), &req, NULL, &rq);
        if (!(st == cases[i].want && has_code(&rq.diags, cases[i].code) && !has_code(&rq.diags, other))) {
            dump(&rq.diags);
            ck_abort_msg("request body %s: status %d", j, (int)st);
        }
        eks_op_decoded_request_free(&rq);
        eks_http_response resp = {.status = 200, .headers = h + 1, .header_count = 1, .body = eks_str_from_cstr(j)};
        eks_op_decoded_response rs;
        st = eks_op_response_decode(op("DescribeCluster"), &resp, NULL, &rs);
        if (!(st == cases[i].want && has_code(&rs.diags, cases[i].code) && !has_code(&rs.diags, other))) {
            dump(&rs.diags);
            ck_abort_msg("response body %s: status %d", j, (int)st);
        }
        eks_op_decoded_response_free(&rs);
    }
}
END_TEST

/* A 200 response of `operation` with `body` decoded into *d (the caller frees it): its status,
 * and whether its botocore-shaped JSON, without ResponseMetadata, equals want_output. */
static eks_status decode_output_as(const char *operation, const char *body, const char *want_output,
                                   eks_op_decoded_response *d, bool *equal, char *got, size_t gotsz)
{
    eks_header h[] = {{S("Content-Type"), S("application/json")}};
    eks_http_response resp = {.status = 200, .headers = h, .header_count = 1, .body = eks_str_from_cstr(body)};
    eks_status st = eks_op_response_decode(op(operation), &resp, NULL, d);
    json_object *o = NULL;
    ck_assert_int_eq(eks_op_response_to_json(d, &o), EKS_OK);
    json_object_object_del(o, "ResponseMetadata");
    json_object *want = json_tokener_parse(want_output);
    ck_assert_ptr_nonnull(want);
    *equal = json_object_equal(o, want);
    snprintf(got, gotsz, "%s", json_object_to_json_string(o));
    json_object_put(want);
    json_object_put(o);
    return st;
}

/* The response decoded with wrong_type's rule (docs/compatibility.md: reported and dropped):
 * body -> the output without the rejected values, and the path of the one diagnostic. */
static void check_dropped(const char *operation, const char *body, const char *want_output, const char *want_path)
{
    eks_op_decoded_response d;
    bool equal;
    char got[512];
    eks_status st = decode_output_as(operation, body, want_output, &d, &equal, got, sizeof got);
    ck_assert_msg(st == EKS_ERR_VALIDATION_FAILED && equal, "%s %s: status %d, got %s", operation, body, (int)st,
                  got);
    ck_assert_msg(d.diags.count == 1 && d.diags.items[0].code == EKS_DIAG_WRONG_TYPE &&
                      strcmp(d.diags.items[0].path, want_path) == 0,
                  "%s %s: %zu diagnostics", operation, body, d.diags.count);
    eks_op_decoded_response_free(&d);
}

START_TEST(a_rejected_item_is_dropped_not_zeroed)
{
    /* list items and map values of the wrong type: no "" or {} in their place */
    check_dropped("ListClusters", "{\"clusters\":[5,\"a\"]}", "{\"clusters\":[\"a\"]}", "$.clusters[0]");
    check_dropped("ListClusters", "{\"clusters\":[\"a\",true,\"b\"]}", "{\"clusters\":[\"a\",\"b\"]}",
                  "$.clusters[1]");
    check_dropped("ListTagsForResource", "{\"tags\":{\"team\":7,\"env\":\"prod\"}}", "{\"tags\":{\"env\":\"prod\"}}",
                  "$.tags.team");
    check_dropped("DescribeUpdate", "{\"update\":{\"params\":[\"x\",{\"type\":\"Version\",\"value\":\"1\"}]}}",
                  "{\"update\":{\"params\":[{\"type\":\"Version\",\"value\":\"1\"}]}}", "$.update.params[0]");
    check_dropped("ListClusters", "{\"clusters\":[[\"a\"]]}", "{\"clusters\":[]}", "$.clusters[0]");
    /* an item that keeps its place though one of its own members is dropped */
    check_dropped("DescribeUpdate", "{\"update\":{\"params\":[{\"type\":5,\"value\":\"1\"}]}}",
                  "{\"update\":{\"params\":[{\"value\":\"1\"}]}}", "$.update.params[0].type");
}
END_TEST

/* A document that ends inside a list item or map value: what was read stays, the value cut
 * short is not kept (RFC 8259: a string ends with its closing quote; nothing of it is a
 * value before that). It was kept as "" in a list or map ([""], {"k":""}), where a structure
 * member cut short is never set. */
static void check_cut_short(const char *operation, const char *body, const char *want_output)
{
    eks_op_decoded_response d;
    bool equal;
    char got[512];
    eks_status st = decode_output_as(operation, body, want_output, &d, &equal, got, sizeof got);
    ck_assert_msg(st != EKS_OK && equal && has_code(&d.diags, EKS_DIAG_INVALID_JSON), "%s %s: status %d, got %s",
                  operation, body, (int)st, got);
    eks_op_decoded_response_free(&d);
}

START_TEST(a_value_cut_short_is_not_kept)
{
    check_cut_short("ListClusters", "{\"clusters\":[", "{\"clusters\":[]}");
    check_cut_short("ListClusters", "{\"clusters\":[\"a", "{\"clusters\":[]}");
    check_cut_short("ListClusters", "{\"clusters\":[\"a\",\"b", "{\"clusters\":[\"a\"]}");
    check_cut_short("ListClusters", "{\"clusters\":[\"a\"", "{\"clusters\":[\"a\"]}");
    check_cut_short("ListClusters", "{\"nextToken\":\"x", "{}");
    check_cut_short("ListTagsForResource", "{\"tags\":{\"k\":", "{\"tags\":{}}");
    check_cut_short("ListTagsForResource", "{\"tags\":{\"k\":\"v\",\"j\":\"w", "{\"tags\":{\"k\":\"v\"}}");
    /* a structure item keeps what it read before the break */
    check_cut_short("DescribeUpdate", "{\"update\":{\"params\":[{\"type\":\"Version\",\"value\":\"1",
                    "{\"update\":{\"params\":[{\"type\":\"Version\"}]}}");
}
END_TEST

/* RFC 8259 numbers whose decimal value has a fraction, however small, are no integers; those
 * written with a fraction or an exponent whose value is whole are (docs/compatibility.md). */
START_TEST(an_integer_is_judged_by_its_decimal_value)
{
    static const struct {
        const char *number;
        long long want; /* -1: wrong_type */
    } cases[] = {
        {"2147483646.99999999999", -1}, {"10.99999999999999999", -1}, {"1e-400", -1}, {"5e-1", -1},
        {"0.1e1", 1}, {"1.5e1", 15}, {"100e-2", 1}, {"3.0", 3}, {"3e0", 3}, {"0e-400", 0}, {"-0.0", 0},
        {"2147483647.000", 2147483647}, {"2.147483647e9", 2147483647}, {"2.147483648e9", -1},
        {"21474836470e-1", 2147483647}, {"1e999999999999999999", -1}, {"1.00000000000000000001", -1},
        /* more digits than a 64-bit integer holds, an integer once scaled */
        {"100000000000000000000e-18", 100}, {"100000000000000000000000000000000000000e-37", 10},
        {"100000000000000000000", -1}, {"100000000000000000001e-1", -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char body[128];
        snprintf(body, sizeof body, "{\"subscription\":{\"licenseQuantity\":%s}}", cases[i].number);
        eks_header h[] = {{S("Content-Type"), S("application/json")}};
        eks_http_response resp = {.status = 200, .headers = h, .header_count = 1, .body = eks_str_from_cstr(body)};
        eks_op_decoded_response d;
        eks_status st = eks_op_response_decode(op("DescribeEksAnywhereSubscription"), &resp, NULL, &d);
        json_object *o = NULL, *sub = NULL, *q = NULL;
        ck_assert_int_eq(eks_op_response_to_json(&d, &o), EKS_OK);
        ck_assert(json_object_object_get_ex(o, "subscription", &sub));
        bool present = json_object_object_get_ex(sub, "licenseQuantity", &q);
        if (cases[i].want < 0)
            ck_assert_msg(st == EKS_ERR_VALIDATION_FAILED && !present && has_code(&d.diags, EKS_DIAG_WRONG_TYPE),
                          "%s: status %d, present %d", cases[i].number, (int)st, present);
        else
            ck_assert_msg(st == EKS_OK && present && json_object_get_int64(q) == cases[i].want,
                          "%s: status %d, got %s", cases[i].number, (int)st, json_object_to_json_string(sub));
        json_object_put(o);
        eks_op_decoded_response_free(&d);
    }
}
END_TEST

START_TEST(argument_checks)
{
    eks_op_decoded_request r;
    eks_op_decoded_response s;
    eks_http_request req = {.method = S("GET"), .path = S("/clusters")};
    eks_http_response resp = {.status = 200, .body = S("{}")};
    ck_assert_int_eq(eks_op_request_decode(NULL, &req, NULL, &r), EKS_ERR_INVALID_ARGUMENT);
    eks_op_decoded_request_free(&r);
    ck_assert_int_eq(eks_op_request_decode(op("ListClusters"), NULL, NULL, &r), EKS_ERR_INVALID_ARGUMENT);
    eks_op_decoded_request_free(&r);
    ck_assert_int_eq(eks_op_request_decode(op("ListClusters"), &req, NULL, NULL), EKS_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(eks_op_request_from_params(NULL, "{}", 2, NULL, &r), EKS_ERR_INVALID_ARGUMENT);
    eks_op_decoded_request_free(&r);
    ck_assert_int_eq(eks_op_request_from_params(op("ListClusters"), NULL, 2, NULL, &r), EKS_ERR_INVALID_ARGUMENT);
    eks_op_decoded_request_free(&r);
    ck_assert_int_eq(eks_op_request_from_json(op("ListClusters"), NULL, NULL, &r), EKS_ERR_INVALID_ARGUMENT);
    eks_op_decoded_request_free(&r);
    ck_assert_int_eq(eks_op_request_from_json(op("ListClusters"), NULL, NULL, NULL), EKS_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(eks_op_response_decode(NULL, &resp, NULL, &s), EKS_ERR_INVALID_ARGUMENT);
    eks_op_decoded_response_free(&s);
    ck_assert_int_eq(eks_op_response_decode(op("ListClusters"), NULL, NULL, &s), EKS_ERR_INVALID_ARGUMENT);
    eks_op_decoded_response_free(&s);
    ck_assert_int_eq(eks_op_response_decode(op("ListClusters"), &resp, NULL, NULL), EKS_ERR_INVALID_ARGUMENT);
    eks_encoded_request enc = {0};
    eks_request_options ro = {.host = S("eks.us-west-2.amazonaws.com")};
    ck_assert_int_eq(eks_op_request_encode(NULL, &r, &ro, &enc, NULL), EKS_ERR_INVALID_ARGUMENT);
    eks_encoded_response er = {0};
    ck_assert_int_eq(eks_op_response_encode(NULL, NULL, EKS_STR_ABSENT, &er, NULL), EKS_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(eks_op_response_encode(op("ListClusters"), NULL, EKS_STR_ABSENT, &er, NULL),
                     EKS_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(eks_op_output_to_json(NULL, NULL, NULL), EKS_ERR_INVALID_ARGUMENT);
    /* as eks_op_response_encode: NULL output only for an operation without one (an API
     * review: ListClusters' was "{}"), a NULL operation refused by the error encoder too */
    eks_buf jb = {0};
    ck_assert_int_eq(eks_op_output_to_json(op("ListClusters"), NULL, &jb), EKS_ERR_INVALID_ARGUMENT);
    ck_assert_uint_eq(jb.len, 0);
    eks_api_error ae = {.kind = EKS_ERROR_SERVER_EXCEPTION};
    ck_assert_int_eq(eks_op_error_encode(NULL, &ae, 0, EKS_STR_ABSENT, &er, NULL), EKS_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(eks_op_error_encode(op("ListClusters"), &ae, 0, EKS_STR_ABSENT, &er, NULL), EKS_OK);
    eks_encoded_response_free(&er);
    eks_buf_free(&jb);
    ck_assert_int_eq(eks_op_response_to_json(NULL, NULL), EKS_ERR_INVALID_ARGUMENT);
    eks_op_decoded_request_free(NULL);
    eks_op_decoded_response_free(NULL);
}
END_TEST

/* json-c in, botocore's parsed shape out (DESIGN §3 decode output). */
START_TEST(json_views)
{
    json_object *params = json_tokener_parse("{\"include\":[\"all\"],\"maxResults\":10}");
    ck_assert_ptr_nonnull(params);
    eks_op_decoded_request r;
    ck_assert_int_eq(eks_op_request_from_json(op("ListClusters"), params, NULL, &r), EKS_OK);
    ck_assert_int_eq(((const eks_list_clusters_request *)r.value)->max_results.value, 10);
    eks_op_decoded_request_free(&r);
    json_object_put(params);

    eks_header h[2] = {{S("x-amzn-RequestId"), S("req-1")}, {S("x-amzn-ErrorType"), S("ResourceNotFoundException")}};
    eks_http_response resp = {.status = 200, .headers = h, .header_count = 1,
                              .body = S("{\"clusters\":[\"a\",\"b\"],\"nextToken\":\"n\"}")};
    eks_op_decoded_response d;
    ck_assert_int_eq(eks_op_response_decode(op("ListClusters"), &resp, NULL, &d), EKS_OK);
    json_object *o = NULL;
    ck_assert_int_eq(eks_op_response_to_json(&d, &o), EKS_OK);
    json_object *want = json_tokener_parse("{\"clusters\":[\"a\",\"b\"],\"nextToken\":\"n\","
                                           "\"ResponseMetadata\":{\"RequestId\":\"req-1\",\"HTTPStatusCode\":200}}");
    ck_assert_msg(json_object_equal(o, want), "got %s", json_object_to_json_string(o));
    json_object_put(o);
    json_object_put(want);
    /* and back: the output re-encoded as the service would send it */
    eks_encoded_response enc = {0};
    ck_assert_int_eq(eks_op_response_encode(d.op, d.output, S("req-1"), &enc, NULL), EKS_OK);
    ck_assert_int_eq(enc.http.status, 200);
    json_object *body = json_tokener_parse(enc.http.body.ptr);
    want = json_tokener_parse("{\"clusters\":[\"a\",\"b\"],\"nextToken\":\"n\"}");
    ck_assert(json_object_equal(body, want));
    json_object_put(body);
    json_object_put(want);
    eks_encoded_response_free(&enc);
    eks_op_decoded_response_free(&d);

    /* an error: botocore's Error/Code/Message, httpStatus and the modeled members */
    resp.status = 404;
    resp.header_count = 2;
    resp.body = S("{\"message\":\"no such cluster\",\"clusterName\":\"prod\"}");
    ck_assert_int_eq(eks_op_response_decode(op("DescribeCluster"), &resp, NULL, &d), EKS_OK);
    ck_assert_int_eq(eks_op_response_to_json(&d, &o), EKS_OK);
    want = json_tokener_parse("{\"message\":\"no such cluster\",\"clusterName\":\"prod\","
                              "\"Error\":{\"Code\":\"ResourceNotFoundException\",\"Message\":\"no such cluster\"},"
                              "\"httpStatus\":404,\"ResponseMetadata\":{\"RequestId\":\"req-1\",\"HTTPStatusCode\":404}}");
    ck_assert_msg(json_object_equal(o, want), "got %s", json_object_to_json_string(o));
    json_object_put(o);
    json_object_put(want);
    /* re-encoded through the generic error encoder: the modeled status and type */
    ck_assert_int_eq(eks_op_error_encode(d.op, &d.error, 0, S("req-1"), &enc, NULL), EKS_OK);
    ck_assert_int_eq(enc.http.status, 404);
    ck_assert_ptr_nonnull(eks_http_find_header(enc.http.headers, enc.http.header_count, "x-amzn-errortype"));
    eks_encoded_response_free(&enc);
    eks_op_decoded_response_free(&d);

    /* no type anywhere: the status is the code, as botocore reports it */
    resp.status = 500;
    resp.header_count = 1;
    resp.body = S("{}");
    ck_assert_int_eq(eks_op_response_decode(op("DescribeCluster"), &resp, NULL, &d), EKS_ERR_VALIDATION_FAILED);
    ck_assert_int_eq(eks_op_response_to_json(&d, &o), EKS_OK);
    json_object *err = NULL;
    ck_assert(json_object_object_get_ex(o, "Error", &err));
    ck_assert_str_eq(json_object_get_string(json_object_object_get(err, "Code")), "500");
    json_object_put(o);
    eks_op_decoded_response_free(&d);

    /* an empty success body decodes to an empty output, with a warning */
    resp.status = 200;
    resp.body = S("");
    ck_assert_int_eq(eks_op_response_decode(op("ListClusters"), &resp, NULL, &d), EKS_OK);
    ASSERT_DIAG(&d.diags, EKS_SEV_WARNING, EKS_DIAG_EMPTY_BODY, "");
    eks_op_decoded_response_free(&d);
}
END_TEST

/* An error the service models but the operation does not list keeps its kind and members
 * (botocore reads them with the service's shape; the model lists ThrottlingException for 7
 * of 65 operations, a service sends it to any), with an unmodeled_error warning; where the
 * operation lists it, no warning. */
START_TEST(errors_not_listed_keep_their_kind)
{
    eks_header h = {S("x-amzn-ErrorType"), S("ThrottlingException")};
    eks_http_response resp = {.status = 429, .headers = &h, .header_count = 1,
                              .body = S("{\"message\":\"Rate exceeded\",\"clusterName\":\"prod\"}")};
    static const char *const ops[] = {"ListClusters", "DisassociateIdentityProviderConfig"};
    for (size_t i = 0; i < 2; i++) {
        const eks_operation *o = op(ops[i]);
        bool listed = eks_operation_has_error(o, EKS_ERROR_THROTTLING_EXCEPTION);
        ck_assert(listed == (i == 1)); /* the model's lists */
        eks_op_decoded_response d;
        ck_assert_int_eq(eks_op_response_decode(o, &resp, NULL, &d), EKS_OK);
        ck_assert_int_eq(d.error.kind, EKS_ERROR_THROTTLING_EXCEPTION);
        ck_assert(eks_str_eq_cstr(d.error.fields.throttling_exception.cluster_name, "prod"));
        ck_assert(eks_str_eq_cstr(d.error.message, "Rate exceeded"));
        ck_assert(eks_diags_has_code(&d.diags, EKS_DIAG_UNMODELED_ERROR) == !listed);
        if (!listed)
            ASSERT_DIAG(&d.diags, EKS_SEV_WARNING, EKS_DIAG_UNMODELED_ERROR, "header:x-amzn-errortype");
        json_object *j = NULL, *f = NULL;
        ck_assert_int_eq(eks_op_response_to_json(&d, &j), EKS_OK);
        ck_assert(json_object_object_get_ex(j, "clusterName", &f) && strcmp(json_object_get_string(f), "prod") == 0);
        json_object_put(j);
        eks_op_decoded_response_free(&d);
    }
}
END_TEST

/* A decode's status says why it failed whatever the diagnostics cap kept (common.h limits):
 * nesting past max_depth is EKS_ERR_LIMIT_EXCEEDED even when the cap is full with a warning
 * met before it (an unknown enum value) and the limit's own diagnostic is only counted. */
START_TEST(limit_status_does_not_depend_on_the_diagnostics_cap)
{
    const char *body = "{\"cluster\":{\"status\":\"NEW_STATUS\",\"name\":\"prod\",\"x\":[[[[[[1]]]]]]}}";
    eks_http_response in = {.status = 200, .body = {body, strlen(body)}};
    for (size_t cap = 0; cap <= 3; cap++) {
        eks_limits lim = {.max_depth = 4, .max_diagnostics = cap};
        eks_decode_options o = {.limits = &lim};
        eks_op_decoded_response r;
        eks_status st = eks_op_response_decode(op("DescribeCluster"), &in, &o, &r);
        ck_assert_msg(st == EKS_ERR_LIMIT_EXCEEDED, "max_diagnostics %zu: %s", cap, eks_strerror(st));
        ck_assert_uint_eq(r.diags.errors, 1);
        ck_assert_uint_eq(r.diags.warnings, 1);
        ck_assert(eks_diags_has_code(&r.diags, EKS_DIAG_LIMIT_EXCEEDED));
        eks_op_decoded_response_free(&r);
    }
}
END_TEST

/* A response value that readers take differently, or not at all, is refused by the encoder
 * (found by a differential review: each was written, and ekscodec's own decoder then refused
 * the bytes or the SDKs read them otherwise): a map key given twice (ekscodec keeps the first,
 * the SDKs the last), an integer outside 32 bits (the model's integer), an enum list item with
 * no value (it was written ""). A broken constraint is a warning, as the decoder reports it in
 * a response, so that a captured response encodes again: {"tags":{}} was refused. */
static eks_status encode_response(const char *operation, const void *output, eks_diags *d, eks_encoded_response *enc)
{
    eks_diags_init(d);
    memset(enc, 0, sizeof *enc);
    return eks_op_response_encode(op(operation), output, EKS_STR_LIT("req-1"), enc, d);
}

START_TEST(response_encode_refuses_what_readers_differ_on)
{
    eks_diags d;
    eks_encoded_response enc;
    /* a key twice: among 2 keys, and among 20 (past the set's inline slots) */
    for (size_t n = 2; n <= 20; n += 18) {
        eks_str keys[20], values[20];
        char names[20][8];
        for (size_t i = 0; i < n; i++) {
            snprintf(names[i], sizeof names[i], "k%zu", i == n - 1 ? (size_t)0 : i);
            keys[i] = eks_str_from_cstr(names[i]);
            values[i] = EKS_STR_LIT("v");
        }
        eks_list_tags_for_resource_response tags = {.present = true, .tags = {true, n, keys, values}};
        ck_assert_int_eq(encode_response("ListTagsForResource", &tags, &d, &enc), EKS_ERR_VALIDATION_FAILED);
        ASSERT_DIAG(&d, EKS_SEV_ERROR, EKS_DIAG_DUPLICATE_KEY, "$.tags.k0");
        eks_diags_free(&d);
        eks_encoded_response_free(&enc);
    }
    eks_describe_nodegroup_response ng;
    memset(&ng, 0, sizeof ng);
    ng.present = ng.nodegroup.present = true;
    for (int i = 0; i < 4; i++) {
        static const int64_t v[] = {3000000000LL, -2147483649LL, 2147483647LL, -2147483648LL};
        ng.nodegroup.disk_size = (eks_opt_int){true, v[i]};
        eks_status st = encode_response("DescribeNodegroup", &ng, &d, &enc);
        if (i < 2) {
            ck_assert_int_eq(st, EKS_ERR_VALIDATION_FAILED);
            ASSERT_DIAG(&d, EKS_SEV_ERROR, EKS_DIAG_WRONG_TYPE, "$.nodegroup.diskSize");
        } else {
            ck_assert_int_eq(st, EKS_OK); /* the ends of the range */
        }
        eks_diags_free(&d);
        eks_encoded_response_free(&enc);
    }
    eks_describe_cluster_response cl;
    memset(&cl, 0, sizeof cl);
    eks_log_type_field types[2] = {{EKS_LOG_TYPE_API, EKS_STR_ABSENT}, {EKS_LOG_TYPE_UNSET, EKS_STR_ABSENT}};
    eks_log_setup setup = {.present = true, .types = {true, 2, types}};
    cl.present = cl.cluster.present = cl.cluster.logging.present = true;
    cl.cluster.logging.cluster_logging = (eks_log_setups){true, 1, &setup};
    ck_assert_int_eq(encode_response("DescribeCluster", &cl, &d, &enc), EKS_ERR_VALIDATION_FAILED);
    ASSERT_DIAG(&d, EKS_SEV_ERROR, EKS_DIAG_UNKNOWN_ENUM_VALUE, "$.cluster.logging.clusterLogging[0].types[1]");
    eks_diags_free(&d);
    eks_encoded_response_free(&enc);
    /* a broken constraint (TagMap has at least 1 entry): encoded, with the decoder's warning */
    eks_list_tags_for_resource_response empty = {.present = true, .tags = {true, 0, NULL, NULL}};
    ck_assert_int_eq(encode_response("ListTagsForResource", &empty, &d, &enc), EKS_OK);
    ASSERT_DIAG(&d, EKS_SEV_WARNING, EKS_DIAG_LENGTH_OUT_OF_RANGE, "$.tags");
    ck_assert(eks_str_eq_cstr(enc.http.body, "{\"tags\":{}}"));
    eks_diags_free(&d);
    eks_encoded_response_free(&enc);
}
END_TEST

/* err->message goes into the body where the modeled message is not set: checked for UTF-8
 * as the fields are (it went out as raw bytes, which botocore cannot decode). */
START_TEST(error_message_must_be_utf8)
{
    for (int modeled = 0; modeled < 2; modeled++) {
        eks_api_error err;
        memset(&err, 0, sizeof err);
        err.kind = modeled ? EKS_ERROR_RESOURCE_NOT_FOUND_EXCEPTION : EKS_ERROR_UNMODELED;
        err.type = modeled ? EKS_STR_ABSENT : EKS_STR_LIT("FutureException");
        err.message = (eks_str){"bad \xC3 \xED\xA0\x80", 9};
        eks_diags d;
        eks_diags_init(&d);
        eks_encoded_response enc;
        memset(&enc, 0, sizeof enc);
        ck_assert_int_eq(eks_op_error_encode(op("DescribeCluster"), &err, modeled ? 0 : 400, EKS_STR_LIT("r"), &enc, &d),
                         EKS_ERR_VALIDATION_FAILED);
        ASSERT_DIAG(&d, EKS_SEV_ERROR, EKS_DIAG_INVALID_UTF8, "$.message");
        eks_diags_free(&d);
        err.message = EKS_STR_LIT("caf\xC3\xA9");
        ck_assert_int_eq(eks_op_error_encode(op("DescribeCluster"), &err, modeled ? 0 : 400, EKS_STR_LIT("r"), &enc, NULL),
                         EKS_OK);
        eks_encoded_response_free(&enc);
    }
}
END_TEST

/* json-c keeps an object key as a C string: a map key holding U+0000 has no json-c view (it
 * was cut at the NUL, and "a\0b", "a\0c" merged into one "a", silently). A NUL in a value is
 * kept (json-c strings carry a length). */
START_TEST(json_view_refuses_a_key_with_nul)
{
    static const struct {
        const char *body;
        eks_status want;
    } cases[] = {
        {"{\"tags\":{\"a\\u0000b\":\"v1\",\"a\\u0000c\":\"v2\"}}", EKS_ERR_MALFORMED_INPUT},
        {"{\"tags\":{\"k\":\"a\\u0000b\",\"\\\\u0000\":\"x\"}}", EKS_OK},
    };
    for (size_t i = 0; i < 2; i++) {
        eks_header h[] = {{EKS_STR_LIT("Content-Type"), EKS_STR_LIT("application/json")}};
        eks_http_response in = {.status = 200, .headers = h, .header_count = 1,
                                .body = eks_str_from_cstr(cases[i].body)};
        eks_op_decoded_response r;
        ck_assert_int_eq(eks_op_response_decode(op("ListTagsForResource"), &in, NULL, &r), EKS_OK);
        json_object *view = NULL;
        ck_assert_int_eq(eks_op_response_to_json(&r, &view), cases[i].want);
        if (cases[i].want == EKS_OK) {
            json_object *tags = NULL, *k = NULL;
            ck_assert(json_object_object_get_ex(view, "tags", &tags) && json_object_object_get_ex(tags, "k", &k));
            ck_assert_int_eq(json_object_get_string_len(k), 3);
            ck_assert_mem_eq(json_object_get_string(k), "a\0b", 3);
            ck_assert_int_eq(json_object_object_length(tags), 2);
        } else {
            ck_assert_ptr_null(view);
        }
        json_object_put(view);
        eks_op_decoded_response_free(&r);
    }
}
END_TEST

/* A URI label the encoder would refuse (empty, ".", "..") is said by the parameters' decode
 * too, beside their other faults; it came only once those were fixed. */
START_TEST(label_faults_come_with_the_others)
{
    static const char params[] = "{\"clusterName\":\".\",\"principalArn\":\"p\"}";
    eks_op_decoded_request in;
    ck_assert_int_eq(eks_op_request_from_params(op("AssociateAccessPolicy"), params, sizeof params - 1, NULL, &in),
                     EKS_ERR_VALIDATION_FAILED);
    ASSERT_DIAG(&in.diags, EKS_SEV_ERROR, EKS_DIAG_MISSING_REQUIRED_MEMBER, "$.policyArn");
    ASSERT_DIAG(&in.diags, EKS_SEV_ERROR, EKS_DIAG_DOT_SEGMENT_LABEL, "$.clusterName");
    eks_op_decoded_request_free(&in);
}
END_TEST

/* CPU seconds (best of 3) to decode a ListTagsForResource body of n (at most 8,100) tags
 * whose keys are alike but for their last two bytes, or numbered. */
static double decode_tags_seconds(size_t n, bool numbered)
{
    /* 90 printable bytes that need no escape in JSON */
    static const char alike[] = "!#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}";
    _Static_assert(sizeof alike - 1 >= 90, "90 bytes");
    char *body = malloc(n * 24 + 32);
    ck_assert_ptr_nonnull(body);
    size_t o = (size_t)sprintf(body, "{\"tags\":{");
    for (size_t i = 0; i < n; i++) {
        if (numbered)
            o += (size_t)sprintf(body + o, "%s\"k%07zu\":\"v\"", i ? "," : "", i);
        else
            o += (size_t)sprintf(body + o, "%s\"aaaaaaaaa%c%c\":\"v\"", i ? "," : "", alike[i / 90 % 90], alike[i % 90]);
    }
    o += (size_t)sprintf(body + o, "}}");
    eks_header h[] = {{S("Content-Type"), S("application/json")}};
    eks_http_response resp = {.status = 200, .headers = h, .header_count = 1, .body = {body, o}};
    double best = 1e9;
    for (int k = 0; k < 3; k++) {
        eks_op_decoded_response d;
        clock_t t = clock();
        eks_op_response_decode(op("ListTagsForResource"), &resp, NULL, &d);
        double sec = (double)(clock() - t) / CLOCKS_PER_SEC;
        ck_assert_ptr_nonnull(d.output);
        ck_assert_uint_eq(((const eks_list_tags_for_resource_response *)d.output)->tags.count, n);
        eks_op_decoded_response_free(&d);
        best = sec < best ? sec : best;
    }
    free(body);
    return best;
}

/* The keys of an object or map are checked for duplicates in a hash set: its cost grows
 * with the keys, not their square, whatever they look like. Slots taken from an FNV hash's
 * high bits put keys alike but for their last bytes in neighbouring slots (20,000 such keys
 * took 0.64 s). Ten times the keys must take well under a hundred times the time (machine
 * speed cancels out of the ratio; 40 leaves room for noise). */
START_TEST(duplicate_key_check_stays_linear)
{
    for (int numbered = 0; numbered < 2; numbered++) {
        double small = decode_tags_seconds(810, numbered), large = decode_tags_seconds(8100, numbered);
        fprintf(stderr, "op_codec: 810 / 8,100 %s map keys: %.4f / %.4f s CPU\n", numbered ? "numbered" : "alike",
                small, large);
        ck_assert_msg(large < 40 * (small > 2e-4 ? small : 2e-4), "%.4f s for 8,100 keys against %.4f s for 810",
                      large, small);
    }
}
END_TEST

/* When the default random source fails (a host whose OpenSSL cannot build its DRBG), encode
 * says so (EKS_ERR_CRYPTO) and leaves the thread's OpenSSL error queue as it found it: a
 * host's own TLS code reads that queue (SSL_get_error) and would take the entries for its
 * own. The failure is made by naming a DRBG that does not exist. */
START_TEST(failed_random_leaves_no_openssl_errors)
{
    ck_assert_int_eq(RAND_set_DRBG_type(NULL, "NO-SUCH-DRBG", NULL, NULL, NULL), 1);
    ERR_clear_error();
    const eks_operation *op = eks_operation_find("CreateCluster", strlen("CreateCluster"));
    static const char params[] = "{\"name\":\"x\",\"roleArn\":\"arn:aws:iam::1:role/r\",\"resourcesVpcConfig\":{}}";
    eks_op_decoded_request in;
    ck_assert_int_eq(eks_op_request_from_params(op, params, sizeof params - 1, NULL, &in), EKS_OK);
    eks_encoded_request enc;
    memset(&enc, 0, sizeof enc);
    eks_request_options ro = {.host = EKS_STR_LIT("eks.us-west-2.amazonaws.com")};
    ck_assert_int_eq(eks_op_request_encode(op, in.value, &ro, &enc, NULL), EKS_ERR_CRYPTO);
    unsigned long left = ERR_peek_error();
    char text[256] = "";
    if (left)
        ERR_error_string_n(left, text, sizeof text);
    ck_assert_msg(left == 0, "left on the OpenSSL error queue: %s", text);
    /* OpenSSL's default DRBG again (none was made), for the tests after this one when Check
     * does not fork (valgrind_tests.py): tokens are drawn again */
    ck_assert_int_eq(RAND_set_DRBG_type(NULL, NULL, NULL, NULL, NULL), 1);
    ck_assert_int_eq(eks_op_request_encode(op, in.value, &ro, &enc, NULL), EKS_OK);
    ck_assert(enc.token_generated);
    eks_encoded_request_free(&enc);
    eks_op_decoded_request_free(&in);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("op_codec");
    TCase *tc = tcase_create("generic");
    tcase_add_test(tc, query_members_decode);
    tcase_add_test(tc, unknown_enum_with_nul_is_quoted_whole);
    tcase_add_test(tc, captured_values_with_nul_are_quoted_whole);
    tcase_add_test(tc, path_and_query_findings_are_located);
    tcase_add_test(tc, query_members_refused);
    tcase_add_test(tc, query_booleans_and_enums);
    tcase_add_test(tc, bodiless_requests);
    tcase_add_test(tc, encode_bodiless_and_query);
    tcase_add_test(tc, argument_checks);
    tcase_add_test(tc, limit_status_does_not_depend_on_the_diagnostics_cap);
    tcase_add_test(tc, json_views);
    tcase_add_test(tc, errors_not_listed_keep_their_kind);
    tcase_add_test(tc, text_that_only_starts_like_a_literal_is_a_syntax_error);
    tcase_add_test(tc, a_rejected_item_is_dropped_not_zeroed);
    tcase_add_test(tc, a_value_cut_short_is_not_kept);
    tcase_add_test(tc, an_integer_is_judged_by_its_decimal_value);
    tcase_add_test(tc, response_encode_refuses_what_readers_differ_on);
    tcase_add_test(tc, error_message_must_be_utf8);
    tcase_add_test(tc, json_view_refuses_a_key_with_nul);
    tcase_add_test(tc, label_faults_come_with_the_others);
    tcase_add_test(tc, duplicate_key_check_stays_linear);
    tcase_add_test(tc, failed_random_leaves_no_openssl_errors);
    suite_add_tcase(s, tc);
    return ts_run_suite(s);
}
