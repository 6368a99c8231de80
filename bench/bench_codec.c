/* Codec hot paths: request encode, response decode+validate, and the json-c floor. */
#include "bench.h"
#include "bench_data.h"
#include "ekscodec/codec.h"
#include "ekscodec/sigv4.h"

#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

typedef struct decode_state {
    char *body;
    size_t len;
    eks_http_response resp;
    eks_header headers[2];
} decode_state;

static void *setup_decode(const char *file, int status)
{
    decode_state *s = calloc(1, sizeof *s);
    s->body = bench_data_load(file, &s->len);
    s->headers[0] = (eks_header){EKS_STR_LIT("Content-Type"), EKS_STR_LIT("application/json")};
    s->headers[1] = (eks_header){EKS_STR_LIT("x-amzn-ErrorType"), EKS_STR_LIT("ResourceNotFoundException")};
    s->resp.status = status;
    s->resp.headers = s->headers;
    s->resp.header_count = status == 200 ? 1 : 2;
    s->resp.body = (eks_str){s->body, s->len};
    return s;
}

static void *setup_typical(void) { return setup_decode("response_typical.json", 200); }
static void *setup_large(void) { return setup_decode("response_large.json", 200); }
static void *setup_error(void) { return setup_decode("error_typical.json", 404); }

static void teardown_decode(void *p)
{
    decode_state *s = p;
    free(s->body);
    free(s);
}

/* Decode and validate (enums, types, required members): what a user pays per response. */
static size_t op_decode(void *p)
{
    decode_state *s = p;
    eks_decoded_response r;
    eks_status st = eks_disassociate_idp_response_decode(&s->resp, NULL, &r);
    bool ok = st == EKS_OK && (s->resp.status != 200 || r.output.update.present);
    bench_consume(r.output.update.id.ptr);
    eks_decoded_response_free(&r);
    return ok ? s->len : (size_t)-1;
}

/* The floor: json-c parsing the same bytes into its tree, then freeing it. */
static size_t op_json_c_parse(void *p)
{
    decode_state *s = p;
    json_tokener *tok = json_tokener_new();
    json_object *obj = json_tokener_parse_ex(tok, s->body, (int)s->len);
    bool ok = obj != NULL;
    bench_consume(obj);
    json_object_put(obj);
    json_tokener_free(tok);
    return ok ? s->len : (size_t)-1;
}

typedef struct encode_state {
    char *params_json;
    size_t len;
    eks_decoded_request params;
    eks_endpoint endpoint;
    eks_request_options options;
    eks_encoded_request out;
} encode_state;

static void *setup_encode(void)
{
    encode_state *s = calloc(1, sizeof *s);
    s->params_json = bench_data_load("request_params.json", &s->len);
    if (eks_disassociate_idp_request_from_params(s->params_json, s->len, NULL, &s->params) != EKS_OK)
        exit(2);
    eks_endpoint_params ep = {.region = EKS_STR_LIT("us-west-2")};
    if (eks_endpoint_resolve(&ep, &s->endpoint, NULL, 0) != EKS_OK)
        exit(2);
    s->options.endpoint = &s->endpoint;
    return s;
}

static void teardown_encode(void *p)
{
    encode_state *s = p;
    eks_encoded_request_free(&s->out);
    eks_decoded_request_free(&s->params);
    free(s->params_json);
    free(s);
}

/* Encode with the token given (as botocore's bench does), reusing the output object. */
static size_t op_encode(void *p)
{
    encode_state *s = p;
    eks_status st = eks_disassociate_idp_request_encode(&s->params.value, &s->options, &s->out, NULL);
    bench_consume(s->out.http.body.ptr);
    return st == EKS_OK ? s->out.http.body.len : (size_t)-1;
}

/* Encode then sign (warm key cache), as a client sends it: the path a transport pays. */
typedef struct encode_sign_state {
    encode_state enc;
    eks_sigv4_cache *cache;
    eks_sigv4_config cfg;
    eks_sigv4_credentials creds;
    eks_sigv4_output out;
} encode_sign_state;

static void *setup_encode_sign(void)
{
    encode_sign_state *s = calloc(1, sizeof *s);
    encode_state *e = setup_encode();
    s->enc = *e;
    s->enc.options.endpoint = &s->enc.endpoint; /* it pointed into *e */
    free(e);
    if (eks_sigv4_cache_new(0, &s->cache) != EKS_OK)
        exit(2);
    eks_sigv4_config_init_eks(&s->cfg, EKS_STR_LIT("us-west-2"), 1764291723);
    s->creds.access_key_id = EKS_STR_LIT("AKIDEXAMPLE");
    s->creds.secret_access_key = EKS_STR_LIT("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    eks_sigv4_output_init(&s->out);
    return s;
}

static void teardown_encode_sign(void *p)
{
    encode_sign_state *s = p;
    eks_sigv4_output_free(&s->out);
    eks_sigv4_cache_free(s->cache);
    eks_encoded_request_free(&s->enc.out);
    eks_decoded_request_free(&s->enc.params);
    free(s->enc.params_json);
    free(s);
}

static size_t op_encode_sign(void *p)
{
    encode_sign_state *s = p;
    if (eks_disassociate_idp_request_encode(&s->enc.params.value, &s->enc.options, &s->enc.out, NULL) != EKS_OK)
        return (size_t)-1;
    eks_http_request signed_part = s->enc.out.http;
    signed_part.header_count = 2; /* host, content-type: Content-Length stays unsigned */
    if (eks_sigv4_sign(s->cache, &s->cfg, &s->creds, &signed_part, &s->out) != EKS_OK)
        return (size_t)-1;
    bench_consume(s->out.signature);
    return s->enc.out.http.body.len;
}

void bench_register_codec(bench_registry *reg)
{
    static const bench_case cases[] = {
        {"encode", setup_encode, op_encode, teardown_encode},
        {"decode_typical", setup_typical, op_decode, teardown_decode},
        {"decode_large", setup_large, op_decode, teardown_decode},
        {"decode_error", setup_error, op_decode, teardown_decode},
        {"json_c_parse_typical", setup_typical, op_json_c_parse, teardown_decode},
        {"encode_sign", setup_encode_sign, op_encode_sign, teardown_encode_sign},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        bench_register(reg, &cases[i]);
}
