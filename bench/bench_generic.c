/* The codec for every operation (ekscodec/op_codec.h): a DescribeCluster response decoded
 * and validated, and encoded again (a mock server's answer), and a ListClusters request
 * (query members, no body) encoded. */
#include "bench.h"
#include "bench_data.h"
#include "ekscodec/op_json.h"

#include <stdlib.h>
#include <string.h>

typedef struct gdecode_state {
    const eks_operation *op;
    char *body;
    size_t len;
    eks_http_response resp;
    eks_header headers[1];
} gdecode_state;

static void *setup_describe_cluster(void)
{
    gdecode_state *s = calloc(1, sizeof *s);
    s->op = eks_operation_find("DescribeCluster", 15);
    s->body = bench_data_load("describe_cluster.json", &s->len);
    s->headers[0] = (eks_header){EKS_STR_LIT("Content-Type"), EKS_STR_LIT("application/json")};
    s->resp = (eks_http_response){.status = 200, .headers = s->headers, .header_count = 1,
                                  .body = {s->body, s->len}};
    if (!s->op)
        exit(2);
    return s;
}

static void teardown_gdecode(void *p)
{
    gdecode_state *s = p;
    free(s->body);
    free(s);
}

/* Decode and validate into the generated DescribeCluster output struct. */
static size_t op_decode_generic(void *p)
{
    gdecode_state *s = p;
    eks_op_decoded_response r;
    eks_status st = eks_op_response_decode(s->op, &s->resp, NULL, &r);
    bool ok = st == EKS_OK && r.output && r.diags.count == 0;
    bench_consume(r.output);
    eks_op_decoded_response_free(&r);
    return ok ? s->len : (size_t)-1;
}

/* The same, then botocore's parsed shape as a json-c object (what a caller gets who wants
 * a document rather than the struct). */
static size_t op_decode_generic_json(void *p)
{
    gdecode_state *s = p;
    eks_op_decoded_response r;
    eks_status st = eks_op_response_decode(s->op, &s->resp, NULL, &r);
    json_object *o = NULL;
    bool ok = st == EKS_OK && eks_op_response_to_json(&r, &o) == EKS_OK;
    bench_consume(o);
    json_object_put(o);
    eks_op_decoded_response_free(&r);
    return ok ? s->len : (size_t)-1;
}

/* The response a mock server answers DescribeCluster with (ekscodec serve's path): the
 * output decoded once from the same 3.9 KB body, encoded again each time into a reused
 * output (its createdAt has a fraction: the double writer's path). */
typedef struct grespond_state {
    gdecode_state in;
    eks_op_decoded_response decoded;
    eks_encoded_response out;
} grespond_state;

static void *setup_describe_cluster_response(void)
{
    grespond_state *s = calloc(1, sizeof *s);
    gdecode_state *in = setup_describe_cluster();
    s->in = *in;
    free(in);
    s->in.resp.headers = s->in.headers; /* now inside s */
    if (eks_op_response_decode(s->in.op, &s->in.resp, NULL, &s->decoded) != EKS_OK || !s->decoded.output)
        exit(2);
    return s;
}

static void teardown_grespond(void *p)
{
    grespond_state *s = p;
    eks_encoded_response_free(&s->out);
    eks_op_decoded_response_free(&s->decoded);
    free(s->in.body);
    free(s);
}

static size_t op_encode_generic_response(void *p)
{
    grespond_state *s = p;
    eks_status st = eks_op_response_encode(s->in.op, s->decoded.output, EKS_STR_LIT("req-1"), &s->out, NULL);
    bench_consume(s->out.http.body.ptr);
    return st == EKS_OK ? s->out.http.body.len : (size_t)-1;
}

typedef struct gencode_state {
    const eks_operation *op;
    char *params_json;
    size_t len;
    eks_op_decoded_request params;
    eks_endpoint endpoint;
    eks_request_options options;
    eks_encoded_request out;
} gencode_state;

static void *setup_list_clusters(void)
{
    gencode_state *s = calloc(1, sizeof *s);
    s->op = eks_operation_find("ListClusters", 12);
    s->params_json = bench_data_load("list_clusters_params.json", &s->len);
    if (!s->op || eks_op_request_from_params(s->op, s->params_json, s->len, NULL, &s->params) != EKS_OK)
        exit(2);
    eks_endpoint_params ep = {.region = EKS_STR_LIT("us-west-2")};
    if (eks_endpoint_resolve(&ep, &s->endpoint, NULL, 0) != EKS_OK)
        exit(2);
    s->options.endpoint = &s->endpoint;
    return s;
}

static void teardown_gencode(void *p)
{
    gencode_state *s = p;
    eks_encoded_request_free(&s->out);
    eks_op_decoded_request_free(&s->params);
    free(s->params_json);
    free(s);
}

/* Encode from the parameters decoded once (as the `encode` case does), reusing the output. */
static size_t op_encode_generic(void *p)
{
    gencode_state *s = p;
    eks_status st = eks_op_request_encode(s->op, s->params.value, &s->options, &s->out, NULL);
    bench_consume(s->out.http.query.ptr);
    return st == EKS_OK ? s->out.url.len : (size_t)-1;
}

void bench_register_generic(bench_registry *reg)
{
    static const bench_case cases[] = {
        {"decode_generic_describe_cluster", setup_describe_cluster, op_decode_generic, teardown_gdecode},
        {"decode_generic_describe_cluster_json", setup_describe_cluster, op_decode_generic_json, teardown_gdecode},
        {"encode_generic_list_clusters", setup_list_clusters, op_encode_generic, teardown_gencode},
        {"encode_generic_describe_cluster_response", setup_describe_cluster_response, op_encode_generic_response,
         teardown_grespond},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        bench_register(reg, &cases[i]);
}
