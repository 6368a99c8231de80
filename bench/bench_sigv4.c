/*
 * SigV4 benchmarks on the typical EKS DisassociateIdentityProviderConfig request.
 *   sign       warm signing-key cache, output reused: the steady state of a client
 *   sign_varying  the same, but every signature one second later and with another
 *              clientRequestToken: the string to sign never repeats its first block, the
 *              body and canonical request repeat only theirs (a client signing one
 *              request per second)
 *   sign_cold  no cache: every signature derives the key (4 extra HMACs)
 *   presign    query signing (X-Amz-Expires 900), warm cache
 *   verify     recompute + constant-time compare of a header-signed request, warm cache
 */
#include "bench.h"
#include "ekscodec/sigv4.h"

#include <stdlib.h>
#include <string.h>

#define BODY "{\"clusterName\":\"prod\",\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"okta\"}," \
             "\"clientRequestToken\":\"3f8e2b7c-0d4a-4c1e-9a57-6b2d8e1f0c93\"}"

typedef struct sign_state {
    eks_header headers[8];
    eks_http_request req;
    eks_sigv4_config cfg;
    eks_sigv4_credentials creds;
    eks_sigv4_cache *cache; /* NULL for sign_cold */
    eks_sigv4_output out;
    eks_header signed_headers[12];
    eks_http_request signed_req;
    eks_sigv4_output scratch; /* verification's reused working space */
    char body[sizeof BODY];   /* a copy sign_varying may change */
} sign_state;

static void *setup_common(bool with_cache, eks_sigv4_mode mode)
{
    sign_state *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->headers[0] = (eks_header){EKS_STR_LIT("Host"), EKS_STR_LIT("eks.us-west-2.amazonaws.com")};
    s->headers[1] = (eks_header){EKS_STR_LIT("Content-Type"), EKS_STR_LIT("application/json")};
    s->headers[2] = (eks_header){EKS_STR_LIT("User-Agent"), EKS_STR_LIT("ekscodec/0.1")};
    s->req.method = EKS_STR_LIT("POST");
    s->req.path = EKS_STR_LIT("/clusters/prod/identity-provider-configs/disassociate");
    s->req.headers = s->headers;
    s->req.header_count = 3;
    memcpy(s->body, BODY, sizeof BODY);
    s->req.body = (eks_str){s->body, sizeof BODY - 1};
    eks_sigv4_config_init_eks(&s->cfg, EKS_STR_LIT("us-west-2"), 1795827723);
    s->cfg.mode = mode;
    s->cfg.expires_seconds = 900;
    s->creds.access_key_id = EKS_STR_LIT("AKIAIOSFODNN7EXAMPLE");
    s->creds.secret_access_key = EKS_STR_LIT("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    s->creds.session_token = EKS_STR_LIT("FwoGZXIvYXdzEBYaDHqa0AP1N2d8d8d8d8d8d8d8d8d8d8d8d8d8d8d8d8d8d8d8d8d8d8d8d8d8d8d8d8d8=");
    if (with_cache && eks_sigv4_cache_new(0, &s->cache) != EKS_OK) {
        free(s);
        return NULL;
    }
    return s;
}

static void *setup_sign(void) { return setup_common(true, EKS_SIGV4_MODE_HEADER); }
static void *setup_cold(void) { return setup_common(false, EKS_SIGV4_MODE_HEADER); }
static void *setup_presign(void) { return setup_common(true, EKS_SIGV4_MODE_QUERY); }

static void teardown(void *p)
{
    sign_state *s = p;
    if (!s)
        return;
    eks_sigv4_output_free(&s->out);
    eks_sigv4_output_free(&s->scratch);
    eks_sigv4_cache_free(s->cache);
    free(s);
}

static size_t op_sign_varying(void *p)
{
    sign_state *s = p;
    if (!s)
        return (size_t)-1;
    /* The token's last hex digit and the clock change every time. */
    static const char digits[] = "0123456789abcdef";
    s->body[sizeof BODY - 4] = digits[(s->cfg.epoch_seconds) & 15];
    s->cfg.epoch_seconds++;
    if (eks_sigv4_sign(s->cache, &s->cfg, &s->creds, &s->req, &s->out) != EKS_OK)
        return (size_t)-1;
    bench_consume(s->out.signature);
    return s->req.body.len;
}

static size_t op_sign(void *p)
{
    sign_state *s = p;
    if (!s || eks_sigv4_sign(s->cache, &s->cfg, &s->creds, &s->req, &s->out) != EKS_OK)
        return (size_t)-1;
    bench_consume(s->out.signature);
    return s->req.body.len;
}

static void *setup_verify(void)
{
    sign_state *s = setup_common(true, EKS_SIGV4_MODE_HEADER);
    if (!s || eks_sigv4_sign(s->cache, &s->cfg, &s->creds, &s->req, &s->out) != EKS_OK) {
        teardown(s);
        return NULL;
    }
    memcpy(s->signed_headers, s->headers, s->req.header_count * sizeof(eks_header));
    memcpy(s->signed_headers + s->req.header_count, s->out.headers, s->out.header_count * sizeof(eks_header));
    s->signed_req = s->req;
    s->signed_req.headers = s->signed_headers;
    s->signed_req.header_count = s->req.header_count + s->out.header_count;
    /* The views above point into s->out; verification gets its own scratch output. */
    return s;
}

static size_t op_verify(void *p)
{
    sign_state *s = p;
    if (!s)
        return (size_t)-1;
    eks_status st = eks_sigv4_verify(s->cache, &s->cfg, &s->creds, &s->signed_req, &s->scratch, NULL);
    return st == EKS_OK ? s->req.body.len : (size_t)-1;
}

void bench_register_sigv4(bench_registry *reg)
{
    static const bench_case cases[] = {
        {"sign", setup_sign, op_sign, teardown},
        {"sign_varying", setup_sign, op_sign_varying, teardown},
        {"sign_cold", setup_cold, op_sign, teardown},
        {"presign", setup_presign, op_sign, teardown},
        {"verify", setup_verify, op_verify, teardown},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        bench_register(reg, &cases[i]);
}
