/*
 * The library from several threads at once (common.h: "safe to call from many threads at once
 * as long as each thread works on its own objects"; shared inputs are only read).
 *
 * Each of THREADS threads, ROUNDS times over, does what a user's transport or validator does,
 * on inputs every thread shares (the bytes of the corpus and of the captures) and with
 * objects of its own (json-c trees, decode results, SigV4 caches and outputs, capture
 * readers, exchange contexts):
 *   - every case of corpus/ops (650: encode and decode for all 65 operations), checked
 *     against the case's expected values, which the oracles wrote (support/ops_case.c);
 *   - each request a case encodes, signed and the signature verified;
 *   - every exchange of the bundled captures (JSON Lines, HAR, raw HTTP, botocore-signed)
 *     checked with signature verification;
 *   - idempotency tokens drawn from the default random source.
 * The threads start together (a barrier before their first call, so that whatever is set up
 * on first use is set up by all of them at once); what their signing and checking give is
 * compared byte for byte with their own later rounds and with a run alone afterwards: the
 * library keeps no state between calls, so a thread gets what a lone caller gets. Tokens
 * must be UUIDs and all distinct.
 * Built with -fsanitize=thread (scripts/test.sh's build-tsan), any data race fails the run
 * whatever the results.
 */
#include "ekscodec/capture.h"
#include "ekscodec/exchange.h"
#include "ekscodec/op_json.h"
#include "ops_case.h"
#include "test_support.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { THREADS = 4, ROUNDS = 2, TOKENS_PER_ROUND = 8 };

/* 2015-08-30T12:36:00Z: a fixed clock for signing and checking */
#define SIGNING_TIME 1440938160
#define ACCESS_KEY "AKIDEXAMPLE"
#define SECRET_KEY "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define SESSION_TOKEN "FQoGZXIvYXdzEXAMPLESESSIONTOKEN"

static const char *const capture_files[] = {
    "corpus/samples/capture_all_operations.jsonl", "corpus/samples/capture_mixed.jsonl",
    "corpus/samples/capture_mixed.har",            "corpus/samples/capture_mixed.http",
    "corpus/captures/signed_botocore.jsonl",       "corpus/captures/sdk_signed_headers.jsonl",
};
enum { CAPTURES = sizeof capture_files / sizeof capture_files[0] };

/* What every thread reads and nobody writes once the threads start. */
typedef struct shared_input {
    ops_case_file *cases;
    size_t case_count;
    char *capture[CAPTURES];
    size_t capture_len[CAPTURES];
    eks_sigv4_credentials creds;
    eks_exchange_options options;
} shared_input;

/* One thread's objects and what it found. */
typedef struct worker {
    const shared_input *in;
    eks_sigv4_cache *cache;
    eks_sigv4_output sig, scratch;
    eks_buf digest;       /* signatures and check results of one round, in order */
    size_t case_failures; /* corpus cases that differed from their expected values */
    size_t signed_count, verify_failures;
    size_t exchanges;
    char first_failure[4096 + 256];
    char tokens[ROUNDS * TOKENS_PER_ROUND][40];
    size_t token_count;
    eks_buf first;            /* the digest of its first round, which later rounds must equal */
    int rounds_done;
    size_t digest_mismatches; /* later rounds that differed from the first */
    pthread_barrier_t *start; /* every thread's first call into the library at once; NULL: alone */
    bool out_of_memory;
} worker;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void note_failure(worker *w, const char *fmt, ...)
{
    if (w->first_failure[0])
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->first_failure, sizeof w->first_failure, fmt, ap);
    va_end(ap);
}

static void add(worker *w, const char *bytes, size_t len)
{
    if (eks_buf_append(&w->digest, bytes, len) != EKS_OK)
        w->out_of_memory = true;
}

static void add_cstr(worker *w, const char *s)
{
    add(w, s, strlen(s));
    add(w, "\n", 1);
}

/* ops_case_run's callback: signs what the case encoded, then verifies that signature. */
static void sign_and_verify(void *ctx, const eks_operation *op, const eks_encoded_request *enc)
{
    worker *w = ctx;
    eks_sigv4_config cfg;
    eks_sigv4_config_init_eks(&cfg, eks_str_from_cstr("us-west-2"), SIGNING_TIME);
    eks_status st = eks_sigv4_sign(w->cache, &cfg, &w->in->creds, &enc->http, &w->sig);
    if (st != EKS_OK) {
        w->verify_failures++;
        note_failure(w, "signing a request of %s: %s", eks_operation_name(op), eks_strerror(st));
        return;
    }
    w->signed_count++;
    add(w, w->sig.authorization.ptr, w->sig.authorization.len);
    add(w, "\n", 1);
    /* the request as sent: the encoder's headers and the signer's */
    eks_header headers[EKS_ENCODED_MAX_HEADERS + 4];
    size_t n = 0;
    for (size_t i = 0; i < enc->http.header_count; i++)
        headers[n++] = enc->http.headers[i];
    for (size_t i = 0; i < w->sig.header_count; i++)
        headers[n++] = w->sig.headers[i];
    eks_http_request sent = enc->http;
    sent.headers = headers;
    sent.header_count = n;
    eks_diags diags;
    eks_diags_init(&diags);
    st = eks_sigv4_verify(w->cache, &cfg, &w->in->creds, &sent, &w->scratch, &diags);
    if (st != EKS_OK || diags.count != 0) {
        w->verify_failures++;
        note_failure(w, "verifying the signature of a request of %s: %s", eks_operation_name(op),
                     diags.count ? diags.items[0].message : eks_strerror(st));
    }
    eks_diags_free(&diags);
}

static void add_diag(void *ctx, eks_exchange_part part, const eks_diag *d)
{
    worker *w = ctx;
    char line[512];
    snprintf(line, sizeof line, "  %s %s %s %s: ", eks_exchange_part_name(part), eks_severity_name(d->severity),
             eks_diag_code_name(d->code), d->path);
    add(w, line, strlen(line));
    add_cstr(w, d->message ? d->message : "");
}

static void check_capture(worker *w, size_t i)
{
    const char *data = w->in->capture[i];
    size_t len = w->in->capture_len[i];
    char err[256];
    eks_capture_reader *reader = NULL;
    eks_exchange_ctx *ctx = eks_exchange_ctx_new(&w->in->options);
    if (!ctx || !eks_capture_reader_new_memory(&reader, eks_capture_detect(data, len), data, len, NULL, err,
                                               sizeof err)) {
        note_failure(w, "%s: cannot start reading: %s", capture_files[i], ctx ? err : "no context");
        w->verify_failures++;
        eks_exchange_ctx_free(ctx);
        return;
    }
    add_cstr(w, capture_files[i]);
    eks_exchange ex;
    memset(&ex, 0, sizeof ex);
    int got;
    while ((got = eks_capture_reader_next(reader, &ex, err, sizeof err)) == 1) {
        eks_exchange_result r;
        memset(&r, 0, sizeof r);
        if (!eks_exchange_check(ctx, &ex, SIGNING_TIME, &r))
            w->out_of_memory = true;
        char line[256];
        snprintf(line, sizeof line, "%llu %s %s %d", (unsigned long long)ex.position, eks_verdict_name(r.verdict),
                 r.op ? eks_operation_name(r.op) : "-", r.status);
        add_cstr(w, line);
        eks_exchange_result_each(&r, add_diag, w);
        eks_exchange_result_free(&r);
        w->exchanges++;
    }
    if (got < 0) {
        note_failure(w, "%s: %s", capture_files[i], err);
        w->verify_failures++;
    }
    eks_capture_reader_free(reader);
    eks_exchange_ctx_free(ctx);
}

/* Encodes a CreateCluster request without a token: the default source draws one. */
static void draw_token(worker *w, const eks_operation *op)
{
    static const char params[] = "{\"name\":\"c\",\"roleArn\":\"arn:aws:iam::111122223333:role/r\","
                                 "\"resourcesVpcConfig\":{}}";
    eks_op_decoded_request in;
    eks_status st = eks_op_request_from_params(op, params, sizeof params - 1, NULL, &in);
    eks_endpoint ep;
    eks_endpoint_params where = {.region = eks_str_from_cstr("us-west-2")};
    eks_encoded_request enc;
    memset(&enc, 0, sizeof enc);
    if (st == EKS_OK && eks_endpoint_resolve(&where, &ep, NULL, 0) == EKS_OK) {
        eks_request_options ro = {.endpoint = &ep};
        st = eks_op_request_encode(op, in.value, &ro, &enc, NULL);
    }
    if (st != EKS_OK || !enc.token_generated || enc.client_request_token.len >= sizeof w->tokens[0]) {
        note_failure(w, "drawing a token: %s%s", eks_strerror(st), st == EKS_OK ? " (none drawn)" : "");
        w->verify_failures++;
    } else if (w->token_count < ROUNDS * TOKENS_PER_ROUND) {
        memcpy(w->tokens[w->token_count], enc.client_request_token.ptr, enc.client_request_token.len);
        w->tokens[w->token_count++][enc.client_request_token.len] = '\0';
    }
    eks_encoded_request_free(&enc);
    eks_op_decoded_request_free(&in);
}

static void run_round(worker *w)
{
    eks_buf_clear(&w->digest);
    for (size_t i = 0; i < w->in->case_count; i++) {
        const ops_case_file *f = &w->in->cases[i];
        json_object *c = json_tokener_parse(f->text); /* this thread's tree */
        if (!c) {
            w->out_of_memory = true;
            continue;
        }
        ops_case_report r;
        memset(&r, 0, sizeof r);
        ops_case_run(&r, f->file, f->op, c, sign_and_verify, w);
        if (r.failed) {
            w->case_failures++;
            note_failure(w, "ops/%s: %s", f->file, r.text);
        }
        json_object_put(c);
    }
    for (size_t i = 0; i < CAPTURES; i++)
        check_capture(w, i);
    const eks_operation *create = eks_operation_find("CreateCluster", strlen("CreateCluster"));
    for (int i = 0; i < TOKENS_PER_ROUND && create; i++)
        draw_token(w, create);
    if (w->rounds_done++ == 0) {
        if (eks_buf_append(&w->first, w->digest.ptr ? w->digest.ptr : "", w->digest.len) != EKS_OK)
            w->out_of_memory = true;
    } else if (w->digest.len != w->first.len || memcmp(w->digest.ptr, w->first.ptr, w->digest.len) != 0) {
        w->digest_mismatches++;
    }
}

static void *thread_main(void *arg)
{
    worker *w = arg;
    /* no call before this one: anything the library (or OpenSSL, json-c) sets up on first
     * use is set up by all the threads at once */
    pthread_barrier_wait(w->start);
    for (int r = 0; r < ROUNDS; r++)
        run_round(w);
    return NULL;
}

static bool worker_init(worker *w, const shared_input *in)
{
    memset(w, 0, sizeof *w);
    w->in = in;
    eks_sigv4_output_init(&w->sig);
    eks_sigv4_output_init(&w->scratch);
    eks_buf_init(&w->digest);
    eks_buf_init(&w->first);
    return eks_sigv4_cache_new(EKS_SIGV4_CACHE_DEFAULT_ENTRIES, &w->cache) == EKS_OK;
}

static void worker_free(worker *w)
{
    eks_sigv4_cache_free(w->cache);
    eks_sigv4_output_free(&w->sig);
    eks_sigv4_output_free(&w->scratch);
    eks_buf_free(&w->digest);
    eks_buf_free(&w->first);
}

static bool is_uuid4(const char *s)
{
    if (strlen(s) != 36)
        return false;
    for (int i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !strchr("0123456789abcdef", s[i]))
            return false;
    }
    return s[14] == '4' && strchr("89ab", s[19]) != NULL;
}

static int cmp_token(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

START_TEST(threads_get_what_a_lone_caller_gets)
{
    shared_input in;
    memset(&in, 0, sizeof in);
    char why[512];
    size_t operations;
    char *root = ts_path(ts_source_dir(), "corpus/ops");
    in.cases = ops_cases_load(root, &in.case_count, &operations, why, sizeof why);
    free(root);
    ck_assert_msg(in.cases != NULL, "%s", why);
    ck_assert_int_eq(operations, eks_operation_count());
    for (size_t i = 0; i < CAPTURES; i++) {
        char *path = ts_path(ts_source_dir(), capture_files[i]);
        in.capture[i] = ts_read_file(path, &in.capture_len[i]);
        ck_assert_msg(in.capture[i] != NULL, "cannot read %s", path);
        free(path);
    }
    in.creds = (eks_sigv4_credentials){eks_str_from_cstr(ACCESS_KEY), eks_str_from_cstr(SECRET_KEY),
                                       eks_str_from_cstr(SESSION_TOKEN)};
    in.options = (eks_exchange_options){.verify_signatures = true, .creds = in.creds};

    /* the threads first, all starting at once; then a run alone to compare them with */
    worker w[THREADS];
    pthread_t tid[THREADS];
    pthread_barrier_t start;
    ck_assert_int_eq(pthread_barrier_init(&start, NULL, THREADS), 0);
    for (int t = 0; t < THREADS; t++) {
        ck_assert(worker_init(&w[t], &in));
        w[t].start = &start;
    }
    for (int t = 0; t < THREADS; t++)
        ck_assert_int_eq(pthread_create(&tid[t], NULL, thread_main, &w[t]), 0);
    for (int t = 0; t < THREADS; t++)
        ck_assert_int_eq(pthread_join(tid[t], NULL), 0);
    pthread_barrier_destroy(&start);

    worker lone;
    ck_assert(worker_init(&lone, &in));
    run_round(&lone);
    ck_assert_msg(!lone.out_of_memory, "out of memory");
    ck_assert_msg(lone.case_failures == 0 && lone.verify_failures == 0, "alone: %zu cases differ, %zu failures: %s",
                  lone.case_failures, lone.verify_failures, lone.first_failure);
    fprintf(stderr, "%d threads, %d rounds each; alone: %zu corpus cases, %zu requests signed and verified, %zu "
            "exchanges checked\n", THREADS, ROUNDS, in.case_count, lone.signed_count, lone.exchanges);
    /* the run did the work this test is about */
    ck_assert_uint_ge(lone.signed_count, 200);
    ck_assert_uint_ge(lone.exchanges, 100);

    char(*tokens)[40] = calloc(THREADS * ROUNDS * TOKENS_PER_ROUND + TOKENS_PER_ROUND, sizeof *tokens);
    ck_assert_ptr_nonnull(tokens);
    size_t ntok = 0;
    for (size_t i = 0; i < lone.token_count; i++)
        memcpy(tokens[ntok++], lone.tokens[i], sizeof tokens[0]);
    for (int t = 0; t < THREADS; t++) {
        ck_assert_msg(!w[t].out_of_memory, "thread %d: out of memory", t);
        ck_assert_msg(w[t].case_failures == 0 && w[t].verify_failures == 0,
                      "thread %d: %zu cases differ, %zu failures: %s", t, w[t].case_failures, w[t].verify_failures,
                      w[t].first_failure);
        ck_assert_msg(w[t].first.len == lone.digest.len && memcmp(w[t].first.ptr, lone.digest.ptr, lone.digest.len) == 0,
                      "thread %d signed or checked otherwise than a lone caller", t);
        ck_assert_msg(w[t].digest_mismatches == 0, "thread %d: %zu of its later rounds differ from its first", t,
                      w[t].digest_mismatches);
        ck_assert_uint_eq(w[t].signed_count, ROUNDS * lone.signed_count);
        ck_assert_uint_eq(w[t].exchanges, ROUNDS * lone.exchanges);
        ck_assert_uint_eq(w[t].token_count, ROUNDS * TOKENS_PER_ROUND);
        for (size_t i = 0; i < w[t].token_count; i++)
            memcpy(tokens[ntok++], w[t].tokens[i], sizeof tokens[0]);
        worker_free(&w[t]);
    }
    qsort(tokens, ntok, sizeof tokens[0], cmp_token);
    for (size_t i = 0; i < ntok; i++) {
        ck_assert_msg(is_uuid4(tokens[i]), "token %s is no UUID version 4", tokens[i]);
        ck_assert_msg(i == 0 || strcmp(tokens[i - 1], tokens[i]) != 0, "token %s drawn twice", tokens[i]);
    }
    free(tokens);
    worker_free(&lone);
    for (size_t i = 0; i < CAPTURES; i++)
        free(in.capture[i]);
    ops_cases_free(in.cases, in.case_count);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("threads");
    TCase *tc = tcase_create("concurrent");
    tcase_set_timeout(tc, 600); /* ThreadSanitizer and valgrind run it many times slower */
    tcase_add_test(tc, threads_get_what_a_lone_caller_gets);
    suite_add_tcase(s, tc);
    return ts_run_suite(s);
}
