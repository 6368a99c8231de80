/*
 * validate_jsonl: `ekscodec validate`'s hot path (JSON Lines reader + per-exchange checks,
 * output discarded) over a generated capture held in memory, read through the library's
 * memory reader (the CLI reads files through a callback over the same reader). bytes_per_op is the capture size, so MB/s = ops_per_sec * bytes_per_op.
 * The capture mirrors scripts/gen_capture.py: mostly valid signed-looking exchanges, some
 * 404 errors, some invalid requests, some unrelated calls.
 */
#include "bench.h"

#include "ekscodec/capture.h"
#include "ekscodec/exchange.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CAPTURE_BYTES (8u << 20)

typedef struct vstate {
    FILE *f;      /* open_memstream over data while the capture is written */
    char *data;
    size_t size;
    size_t bytes;
    eks_exchange_ctx *ctx;
} vstate;

static void *setup(void)
{
    vstate *s = calloc(1, sizeof *s);
    s->f = open_memstream(&s->data, &s->size);
    if (!s->f)
        return s;
    static const char *regions[] = {"us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"};
    char line[4096];
    for (unsigned i = 0; s->bytes < CAPTURE_BYTES; i++) {
        const char *rg = regions[i % 4];
        unsigned kind = i % 50; /* 0,1: 404; 2: invalid; 3,4: unrelated; else valid */
        int n;
        if (kind == 3 || kind == 4) {
            n = snprintf(line, sizeof line,
                         "{\"request\":{\"method\":\"GET\",\"url\":\"https://eks.%s.amazonaws.com/clusters/c%u\","
                         "\"headers\":[[\"Host\",\"eks.%s.amazonaws.com\"]],\"body\":\"\"},\"response\":{\"status\":200,"
                         "\"headers\":[[\"Content-Type\",\"application/json\"]],\"body\":\"{\\\"cluster\\\":{}}\"}}\n",
                         rg, i % 97, rg);
        } else {
            const char *resp200 =
                "\"response\":{\"status\":200,\"headers\":[[\"Date\",\"Sat, 28 Nov 2026 01:02:05 GMT\"],"
                "[\"Content-Type\",\"application/json\"],[\"x-amzn-RequestId\",\"fbb230bb-9d64-497d-a940-a5ac64c2f2e3\"]],"
                "\"body\":\"{\\\"update\\\":{\\\"id\\\":\\\"fbb230bb-9d64-497d-a940-a5ac64c2f2e3\\\",\\\"status\\\":"
                "\\\"InProgress\\\",\\\"type\\\":\\\"DisassociateIdentityProviderConfig\\\",\\\"params\\\":[{\\\"type\\\":"
                "\\\"IdentityProviderConfig\\\",\\\"value\\\":\\\"[{\\\\\\\"type\\\\\\\": \\\\\\\"oidc\\\\\\\", "
                "\\\\\\\"name\\\\\\\": \\\\\\\"okta\\\\\\\"}]\\\"}],\\\"createdAt\\\":1795827724.456,\\\"errors\\\":[]}}\"}";
            const char *resp404 =
                "\"response\":{\"status\":404,\"headers\":[[\"Date\",\"Sat, 28 Nov 2026 01:02:05 GMT\"],"
                "[\"x-amzn-ErrorType\",\"ResourceNotFoundException:http://internal.amazon.com/coral/com.amazon.eks/\"]],"
                "\"body\":\"{\\\"message\\\":\\\"No identity provider configuration named okta is associated with "
                "cluster c.\\\",\\\"clusterName\\\":\\\"c\\\"}\"}";
            n = snprintf(line, sizeof line,
                         "{\"request\":{\"method\":\"POST\",\"url\":\"https://eks.%s.amazonaws.com/clusters/cluster-%u/"
                         "identity-provider-configs/disassociate\",\"headers\":[[\"Host\",\"eks.%s.amazonaws.com\"],"
                         "[\"Content-Type\",\"application/json\"],[\"User-Agent\",\"aws-cli/2.22.0 Python/3.12.6 "
                         "Linux/6.1 botocore/2.4\"],[\"X-Amz-Date\",\"20261128T010204Z\"],[\"X-Amz-Security-Token\","
                         "\"FwoGZXIvYXdzEXAMPLETOKEN%08u\"],[\"Authorization\",\"AWS4-HMAC-SHA256 "
                         "Credential=AKIAIOSFODNN7EXAMPLE/20261128/%s/eks/aws4_request, "
                         "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, "
                         "Signature=4283fefc63f0cd0e873a0000c6d07ef7b77e90d3593ad699fc1f7cd5bb2e35cb\"]],"
                         "\"body\":\"{\\\"identityProviderConfig\\\":{\\\"type\\\":\\\"oidc\\\"%s},"
                         "\\\"clientRequestToken\\\":\\\"7d5c8dfc-bb96-4079-8782-%012u\\\"}\"},%s}\n",
                         rg, i % 97, rg, i % 1000, rg, kind == 2 ? "" : ",\\\"name\\\":\\\"okta\\\"", i,
                         kind < 2 ? resp404 : resp200);
        }
        if (n <= 0 || (size_t)n >= sizeof line)
            break;
        fwrite(line, 1, (size_t)n, s->f);
        s->bytes += (size_t)n;
    }
    if (fclose(s->f) != 0)
        s->data = NULL;
    s->f = NULL;
    eks_exchange_options cfg = {0};
    s->ctx = eks_exchange_ctx_new(&cfg);
    return s;
}

static size_t op(void *state)
{
    vstate *s = state;
    if (!s->data || !s->ctx)
        return (size_t)-1;
    eks_capture_reader *r = NULL;
    char err[256];
    eks_exchange ex;
    memset(&ex, 0, sizeof ex);
    eks_exchange_result res;
    memset(&res, 0, sizeof res);
    size_t valid = 0;
    if (!eks_capture_reader_new_memory(&r, EKS_CAPTURE_JSONL, s->data, s->size, NULL, err, sizeof err))
        return (size_t)-1;
    while (eks_capture_reader_next(r, &ex, err, sizeof err) == 1) {
        if (!eks_exchange_check(s->ctx, &ex, EKS_EXCHANGE_NO_CLOCK, &res))
            break;
        valid += res.verdict == EKS_VERDICT_VALID;
    }
    bench_consume(&valid);
    eks_exchange_result_free(&res);
    eks_diags_free(&ex.diags);
    eks_capture_reader_free(r);
    return s->bytes;
}

static void teardown(void *state)
{
    vstate *s = state;
    if (s->f)
        fclose(s->f);
    free(s->data);
    eks_exchange_ctx_free(s->ctx);
    free(s);
}

/* validate_jsonl_mixed: every operation of the service, from the committed sample
 * corpus/samples/capture_all_operations.jsonl (scripts/gen_mixed_capture.py: the valid
 * requests and responses of corpus/ops), repeated to the same size. */
static void *setup_mixed(void)
{
    vstate *s = calloc(1, sizeof *s);
    FILE *in = fopen(EKS_BENCH_CORPUS_DIR "/samples/capture_all_operations.jsonl", "rb");
    s->f = open_memstream(&s->data, &s->size);
    if (!in || !s->f) {
        if (in)
            fclose(in);
        return s;
    }
    char *all = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (cap - n < 65536) {
            cap = cap ? cap * 2 : 1 << 20;
            all = realloc(all, cap);
            if (!all)
                exit(2);
        }
        size_t got = fread(all + n, 1, cap - n, in);
        if (!got)
            break;
        n += got;
    }
    fclose(in);
    while (n && s->bytes < CAPTURE_BYTES) {
        fwrite(all, 1, n, s->f);
        s->bytes += n;
    }
    free(all);
    if (fclose(s->f) != 0)
        s->data = NULL;
    s->f = NULL;
    eks_exchange_options cfg = {0};
    s->ctx = eks_exchange_ctx_new(&cfg);
    return s;
}

void bench_register_validate(bench_registry *reg)
{
    bench_case c = {"validate_jsonl", setup, op, teardown};
    bench_register(reg, &c);
    bench_case m = {"validate_jsonl_mixed", setup_mixed, op, teardown};
    bench_register(reg, &m);
}
