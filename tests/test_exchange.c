/*
 * The exchange API (include/ekscodec/exchange.h) on its own, no CLI. The exchanges are the
 * botocore-signed requests of corpus/captures/signed_botocore.jsonl (make_signed.py: botocore
 * SigV4Auth, AKIDEXAMPLE / the AWS documentation's example secret, signed at
 * 2026-11-28T01:02:03Z = 1795827723, responses dated 01:02:04), so what is "valid" and which
 * headers are signed comes from botocore, not from ekscodec. Variations of them test the
 * selection rules (DESIGN §3), invalid requests and responses (the model: `name` is
 * required in IdentityProviderConfig; RFC 8259 for a truncated body), clock skew judged
 * against the clock the caller passes (5 minutes: DESIGN §3), signature verification with
 * the caller's credentials, and which unsigned headers are reported (docs/validate.md).
 */
#include "test_support.h"

#include "ekscodec/capture.h"
#include "ekscodec/exchange.h"
#include "ekscodec/op_json.h"
#include "ekscodec/operation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SIGNED_AT 1795827723 /* 2026-11-28T01:02:03Z, botocore's fixed signing time */
#define AK "AKIDEXAMPLE"
#define SK "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define TOKEN "FQoGZXIvYXdzEXAMPLESESSIONTOKEN"

/* Line `line` (1-based) of signed_botocore.jsonl, read by the library's memory reader. */
typedef struct fixture {
    char *data;
    eks_capture_reader *r;
    eks_exchange ex;
    eks_header hdrs[24]; /* request headers, for variations */
    char err[256];
} fixture;

static void fx_open(fixture *f, unsigned line)
{
    memset(f, 0, sizeof *f);
    char *path = ts_path(ts_source_dir(), "corpus/captures/signed_botocore.jsonl");
    size_t len = 0;
    f->data = ts_read_file(path, &len);
    free(path);
    ck_assert_ptr_nonnull(f->data);
    ck_assert(eks_capture_reader_new_memory(&f->r, EKS_CAPTURE_JSONL, f->data, len, NULL, f->err, sizeof f->err));
    for (unsigned i = 0; i < line; i++)
        ck_assert_int_eq(eks_capture_reader_next(f->r, &f->ex, f->err, sizeof f->err), 1);
    ck_assert_uint_eq(f->ex.position, line);
    ck_assert_uint_eq(f->ex.diags.count, 0);
    ck_assert(f->ex.has_request && f->ex.has_response);
    ck_assert_uint_le(f->ex.request.header_count, 20);
    memcpy(f->hdrs, f->ex.request.headers, f->ex.request.header_count * sizeof *f->hdrs);
    f->ex.request.headers = f->hdrs;
}

/* Adds a request header (the signature does not cover it). */
static void fx_add_header(fixture *f, const char *name, const char *value)
{
    ck_assert_uint_lt(f->ex.request.header_count, 24);
    f->hdrs[f->ex.request.header_count++] = (eks_header){eks_str_from_cstr(name), eks_str_from_cstr(value)};
}

static void fx_close(fixture *f)
{
    eks_capture_reader_free(f->r);
    eks_diags_free(&f->ex.diags);
    free(f->data);
}

static eks_exchange_options verify_opts(const char *secret, const char *token)
{
    eks_exchange_options o;
    memset(&o, 0, sizeof o);
    o.verify_signatures = true;
    o.creds.access_key_id = EKS_STR_LIT(AK);
    o.creds.secret_access_key = eks_str_from_cstr(secret);
    o.creds.session_token = eks_str_from_cstr(token);
    return o;
}

/* A context with the default options (zeroed into *o, which it borrows). */
static eks_exchange_ctx *default_ctx(eks_exchange_options *o)
{
    memset(o, 0, sizeof *o);
    eks_exchange_ctx *ctx = eks_exchange_ctx_new(o);
    ck_assert_ptr_nonnull(ctx);
    return ctx;
}

/* Runs one check with a fresh context; the result is the caller's to free. */
static void check(const eks_exchange_options *o, const eks_exchange *ex, int64_t now, eks_exchange_result *res)
{
    eks_exchange_ctx *ctx = eks_exchange_ctx_new(o);
    ck_assert_ptr_nonnull(ctx);
    ck_assert(eks_exchange_check(ctx, ex, now, res));
    eks_exchange_ctx_free(ctx);
}

typedef struct found {
    size_t n;
    eks_exchange_part part[16];
    eks_diag_code code[16];
    eks_severity sev[16];
    char path[16][64];
} found;

static void collect(void *ctx, eks_exchange_part part, const eks_diag *d)
{
    found *f = ctx;
    if (f->n == 16)
        return;
    f->part[f->n] = part;
    f->code[f->n] = d->code;
    f->sev[f->n] = d->severity;
    snprintf(f->path[f->n], sizeof f->path[f->n], "%s", d->path);
    f->n++;
}

static found diags_of(const eks_exchange_result *res)
{
    found f;
    memset(&f, 0, sizeof f);
    eks_exchange_result_each(res, collect, &f);
    return f;
}

static void assert_only_diag(const eks_exchange_result *res, eks_exchange_part part, eks_severity sev,
                             eks_diag_code code, const char *path)
{
    found f = diags_of(res);
    ck_assert_msg(f.n == 1, "%zu diagnostics, want 1 (%s)", f.n, eks_diag_code_name(code));
    ck_assert_str_eq(eks_exchange_part_name(f.part[0]), eks_exchange_part_name(part));
    ck_assert_str_eq(eks_severity_name(f.sev[0]), eks_severity_name(sev));
    ck_assert_str_eq(eks_diag_code_name(f.code[0]), eks_diag_code_name(code));
    ck_assert_str_eq(f.path[0], path);
}

/* capture.h and exchange.h take NULL where a caller may hold none (an API review: each of
 * these crashed), and name a value outside their enums as none of theirs. */
static void count_diag(void *ctx, eks_exchange_part part, const eks_diag *d)
{
    (void)part;
    (void)d;
    ++*(int *)ctx;
}

START_TEST(null_arguments_and_names_outside_the_enums)
{
    char err[64] = "";
    eks_exchange ex;
    memset(&ex, 0, sizeof ex);
    ck_assert_int_eq(eks_capture_reader_next(NULL, &ex, err, sizeof err), -1);
    ck_assert_str_eq(err, "invalid argument: no reader");
    ck_assert_int_eq(eks_capture_reader_next(NULL, NULL, NULL, 0), -1);
    eks_capture_reader *r = NULL;
    ck_assert(eks_capture_reader_new_memory(&r, EKS_CAPTURE_JSONL, "{}\n", 3, NULL, err, sizeof err));
    ck_assert_int_eq(eks_capture_reader_next(r, NULL, err, sizeof err), -1);
    ck_assert_str_eq(err, "invalid argument: no exchange to fill");
    eks_capture_reader_free(r);
    ck_assert_uint_eq(eks_capture_reader_bytes(NULL), 0);
    ck_assert_uint_eq(eks_capture_reader_lines(NULL), 0);
    ck_assert_int_eq(eks_capture_detect(NULL, 5), EKS_CAPTURE_UNKNOWN);
    ck_assert_uint_eq(eks_exchange_result_errors(NULL), 0);
    ck_assert_uint_eq(eks_exchange_result_warnings(NULL), 0);
    ck_assert_uint_eq(eks_exchange_result_dropped(NULL), 0);
    int calls = 0;
    eks_exchange_result_each(NULL, count_diag, &calls);
    ck_assert_int_eq(calls, 0);
    /* out of range: "unknown", never a real verdict or part ("invalid", "exchange" before) */
    ck_assert_str_eq(eks_verdict_name((eks_verdict)9), "unknown");
    ck_assert_str_eq(eks_exchange_part_name((eks_exchange_part)-1), "unknown");
    ck_assert_str_eq(eks_verdict_name(EKS_VERDICT_INVALID), "invalid");
    ck_assert_str_eq(eks_exchange_part_name(EKS_PART_EXCHANGE), "exchange");
}
END_TEST

START_TEST(valid_exchange_signed_by_botocore)
{
    for (unsigned line = 1; line <= 2; line++) {
        fixture f;
        fx_open(&f, line);
        eks_exchange_options o = verify_opts(SK, line == 2 ? TOKEN : NULL);
        eks_exchange_result res;
        memset(&res, 0, sizeof res);
        check(&o, &f.ex, SIGNED_AT, &res);
        ck_assert_str_eq(eks_verdict_name(res.verdict), "valid");
        ck_assert(res.selected);
        ck_assert_str_eq(eks_selection_name(res.selected_by), "host");
        ck_assert_str_eq(eks_operation_name(res.op), "DisassociateIdentityProviderConfig");
        ck_assert_int_eq(res.status, 200);
        ck_assert(eks_str_eq_cstr(res.path, "/clusters/prod/identity-provider-configs/disassociate"));
        ck_assert_uint_eq(eks_exchange_result_errors(&res), 0);
        ck_assert_uint_eq(eks_exchange_result_warnings(&res), 0);
        ck_assert_uint_eq(diags_of(&res).n, 0);
        ck_assert(res.req_decoded && res.resp_decoded);
        eks_exchange_result_free(&res);
        ck_assert_ptr_null(res.op); /* freed results are zeroed, reusable */
        fx_close(&f);
    }
}
END_TEST

/* The host rule (DESIGN §3) on hosts built from first labels around the model's prefix and
 * what may follow the label (nothing, a port, more labels, a port after those, a byte that
 * does not end a label), in mixed case. Expected from the rule as written, read off each host
 * here: the first DNS label, which ends at the first '.' or at the ':' of a port, is `eks` or
 * `eks-fips` in any ASCII case. No other rule can apply (no options, no request). */
START_TEST(host_rule_on_first_labels)
{
    static const char *const labels[] = {"eks", "EKS", "eKs", "eks-fips", "EKS-FIPS", "eks-Fips", "eks-fip", "eks-fipss",
                                         "eks-", "ekss", "ek", "e", "", "xeks", "eksfips", "eks-fips-x", "fips.eks",
                                         "eks_fips", "[eks]", "eks-fips-", "e-fips"};
    static const char *const tails[] = {"", ".", ".us-west-2.amazonaws.com", ":443", ":443.x", ".x:8443", "x", "-",
                                        "/", "?", " ", ".eu-west-1.api.aws"};
    size_t selected = 0, total = 0;
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        for (size_t t = 0; t < sizeof tails / sizeof tails[0]; t++) {
            char host[96];
            int n = snprintf(host, sizeof host, "%s%s", labels[i], tails[t]);
            size_t end = 0;
            while (host[end] && host[end] != '.' && host[end] != ':')
                end++;
            char first[32];
            size_t k = 0;
            for (; k < end && k + 1 < sizeof first; k++)
                first[k] = (char)(host[k] >= 'A' && host[k] <= 'Z' ? host[k] + 32 : host[k]);
            first[k] = '\0';
            bool want = strcmp(first, "eks") == 0 || strcmp(first, "eks-fips") == 0;
            eks_selection got = eks_exchange_select(NULL, NULL, (eks_str){host, (size_t)n});
            ck_assert_msg(got == (want ? EKS_SELECTED_HOST : EKS_SELECTED_NONE), "host '%s': %s", host,
                          eks_selection_name(got));
            selected += want;
            total++;
        }
    ck_assert_uint_gt(selected, 20);
    ck_assert_uint_lt(selected, total / 2);
}
END_TEST

/* DESIGN §3's selection rules, in order: host, VPC endpoint name, a configured endpoint,
 * the credential scope; otherwise the exchange is skipped. */
START_TEST(each_selection_rule)
{
    static const struct {
        const char *host;
        const char *endpoint; /* configured, or NULL */
        bool drop_authorization;
        const char *want;
    } cases[] = {
        {"eks.us-west-2.amazonaws.com", NULL, false, "host"},
        {"eks-fips.us-east-1.amazonaws.com", NULL, false, "host"},
        {"vpce-0a1b2c3d4e5f-abcdefgh.eks.us-west-2.vpce.amazonaws.com", NULL, false, "vpc-endpoint"},
        {"localhost:8443", "localhost:8443", true, "endpoint-option"},
        {"localhost:9999", "localhost", true, "endpoint-option"},
        {"proxy.internal.example:8080", NULL, false, "credential-scope"},
        {"localhost:9999", "localhost:8443", true, "none"},
        {"proxy.internal.example:8080", NULL, true, "none"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fixture f;
        fx_open(&f, 1);
        f.ex.host = eks_str_from_cstr(cases[i].host);
        if (cases[i].drop_authorization)
            f.ex.request.header_count--; /* Authorization is the last header of line 1 */
        ck_assert(cases[i].drop_authorization ==
                  !eks_http_find_header(f.ex.request.headers, f.ex.request.header_count, "authorization"));
        eks_exchange_options o;
        memset(&o, 0, sizeof o);
        if (cases[i].endpoint) {
            o.endpoints[0] = cases[i].endpoint;
            o.endpoint_count = 1;
        }
        ck_assert_str_eq(eks_selection_name(eks_exchange_select(&o, &f.ex.request, f.ex.host)), cases[i].want);
        eks_exchange_result res;
        memset(&res, 0, sizeof res);
        check(&o, &f.ex, EKS_EXCHANGE_NO_CLOCK, &res);
        if (strcmp(cases[i].want, "none") == 0) {
            ck_assert_msg(!res.selected, "%s", cases[i].host);
            ck_assert_str_eq(eks_verdict_name(res.verdict), "skipped");
            ck_assert_ptr_null(res.op);
        } else {
            ck_assert_msg(res.selected, "%s", cases[i].host);
            ck_assert_str_eq(eks_selection_name(res.selected_by), cases[i].want);
            ck_assert_str_eq(eks_operation_name(res.op), "DisassociateIdentityProviderConfig");
        }
        eks_exchange_result_free(&res);
        fx_close(&f);
    }
}
END_TEST

/* IdentityProviderConfig.name is required by the model. */
START_TEST(invalid_request)
{
    fixture f;
    fx_open(&f, 1);
    static const char body[] = "{\"identityProviderConfig\":{\"type\":\"oidc\"},"
                               "\"clientRequestToken\":\"6f1c2d3e-4b5a-4978-8a1b-0c2d3e4f5a6b\"}";
    f.ex.request.body = EKS_STR_LIT(body);
    eks_exchange_options o;
    memset(&o, 0, sizeof o);
    eks_exchange_result res;
    memset(&res, 0, sizeof res);
    check(&o, &f.ex, EKS_EXCHANGE_NO_CLOCK, &res);
    ck_assert_str_eq(eks_verdict_name(res.verdict), "invalid");
    assert_only_diag(&res, EKS_PART_REQUEST, EKS_SEV_ERROR, EKS_DIAG_MISSING_REQUIRED_MEMBER,
                     "$.identityProviderConfig.name");
    eks_exchange_result_free(&res);
    fx_close(&f);
}
END_TEST

/* A response body cut short is not JSON (RFC 8259); a lone response cannot be attributed. */
START_TEST(invalid_response_and_orphan_response)
{
    fixture f;
    fx_open(&f, 1);
    f.ex.response.body = EKS_STR_LIT("{\"update\":{\"id\":\"0b3f");
    eks_exchange_options o;
    memset(&o, 0, sizeof o);
    eks_exchange_result res;
    memset(&res, 0, sizeof res);
    check(&o, &f.ex, EKS_EXCHANGE_NO_CLOCK, &res);
    ck_assert_str_eq(eks_verdict_name(res.verdict), "invalid");
    found d = diags_of(&res);
    ck_assert_uint_ge(d.n, 1);
    for (size_t i = 0; i < d.n; i++) {
        ck_assert_int_eq(d.part[i], EKS_PART_RESPONSE);
        ck_assert_int_eq(d.sev[i], EKS_SEV_ERROR);
    }
    ck_assert_str_eq(eks_diag_code_name(d.code[0]), "invalid_json");
    f.ex.has_request = false;
    /* an orphan response keeps its request id (a view into the exchange): a log of a
     * server's answers names each one by it (it was only set for decoded responses) */
    static const eks_header rid[] = {{EKS_STR_LIT("X-Amzn-RequestId"), EKS_STR_LIT("rid-orphan")}};
    f.ex.response.headers = rid;
    f.ex.response.header_count = 1;
    check(&o, &f.ex, EKS_EXCHANGE_NO_CLOCK, &res);
    ck_assert_str_eq(eks_verdict_name(res.verdict), "skipped");
    ck_assert(!res.selected);
    ck_assert(eks_str_eq_cstr(res.request_id, "rid-orphan"));
    eks_exchange_result_free(&res);
    fx_close(&f);
}
END_TEST

static void count_each(void *ctx, eks_exchange_part part, const eks_diag *d)
{
    size_t *n = ctx;
    (void)d;
    n[part]++;
}

/* A part stores at most EKS_LIMIT_DEFAULT_DIAGNOSTICS diagnostics and counts the rest
 * (diag.h): 1,100 members the model does not have in the request (a warning each) and 1,050
 * UpdateParamType values it does not know in the response (strict: an error each) give
 * 1,100 warnings and 1,050 errors, of which 1,000 of each part are visited and the other 150
 * are counted as dropped. */
START_TEST(diagnostics_past_the_limit_are_counted)
{
    enum { UNKNOWN_MEMBERS = 1100, UNKNOWN_VALUES = 1050 };
    fixture f;
    fx_open(&f, 1);
    char *req = ts_dipc_request_with_unknown_members(UNKNOWN_MEMBERS);
    char *resp = ts_update_with_unknown_param_types(UNKNOWN_VALUES);
    f.ex.request.body = eks_str_from_cstr(req);
    f.ex.response.body = eks_str_from_cstr(resp);
    eks_exchange_options o;
    memset(&o, 0, sizeof o);
    o.strict = true;
    eks_exchange_result res;
    memset(&res, 0, sizeof res);
    check(&o, &f.ex, EKS_EXCHANGE_NO_CLOCK, &res);
    ck_assert_str_eq(eks_verdict_name(res.verdict), "invalid");
    ck_assert_uint_eq(eks_exchange_result_warnings(&res), UNKNOWN_MEMBERS);
    ck_assert_uint_eq(eks_exchange_result_errors(&res), UNKNOWN_VALUES);
    ck_assert_uint_eq(eks_exchange_result_dropped(&res),
                      UNKNOWN_MEMBERS + UNKNOWN_VALUES - 2 * EKS_LIMIT_DEFAULT_DIAGNOSTICS);
    size_t seen[4] = {0};
    eks_exchange_result_each(&res, count_each, seen);
    ck_assert_uint_eq(seen[EKS_PART_REQUEST], EKS_LIMIT_DEFAULT_DIAGNOSTICS);
    ck_assert_uint_eq(seen[EKS_PART_RESPONSE], EKS_LIMIT_DEFAULT_DIAGNOSTICS);
    ck_assert_uint_eq(seen[EKS_PART_CAPTURE] + seen[EKS_PART_EXCHANGE], 0);
    eks_exchange_result_free(&res);
    ck_assert_uint_eq(eks_exchange_result_dropped(&res), 0); /* freed results are zeroed */
    free(req);
    free(resp);
    fx_close(&f);
}
END_TEST

/* A presigned request is valid from X-Amz-Date to X-Amz-Date + X-Amz-Expires (SigV4: "the
 * time period, in seconds, for which the generated presigned URL is valid", at most 7 days):
 * used within that, no finding however long after signing; used after it, clock_skew at
 * query:X-Amz-Expires; dated more than 5 minutes after the reference, clock_skew at
 * query:X-Amz-Date. Before, the 5-minute rule for a header's X-Amz-Date was applied to the
 * query's (at header:x-amz-date), and expiry was never judged. */
static void presigned_exchange(const char *expires, const char *response_date, char *line, size_t cap)
{
    snprintf(line, cap,
             "{\"request\":{\"method\":\"GET\",\"url\":\"https://eks.us-west-2.amazonaws.com/clusters/prod"
             "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%%2F20261128%%2Fus-west-2%%2Feks"
             "%%2Faws4_request&X-Amz-Date=20261128T010203Z&X-Amz-Expires=%s&X-Amz-SignedHeaders=host"
             "&X-Amz-Signature=%064d\",\"headers\":[[\"Host\",\"eks.us-west-2.amazonaws.com\"]]},"
             "\"response\":{\"status\":200,\"headers\":[[\"Date\",\"%s\"],[\"Content-Type\",\"application/json\"]],"
             "\"body\":\"{\\\"cluster\\\":{\\\"name\\\":\\\"prod\\\"}}\"}}\n",
             expires, 7, response_date);
}

/* That exchange, read from its JSON Lines record and checked at now into *res; the result's
 * views live as long as the exchange: presigned_close() once they are read. */
typedef struct presigned_run {
    eks_capture_reader *r;
    eks_exchange ex;
} presigned_run;

static void check_presigned(presigned_run *run, eks_exchange_ctx *ctx, const char *expires, const char *response_date,
                            int64_t now, eks_exchange_result *res)
{
    char line[1024], err[256];
    presigned_exchange(expires, response_date, line, sizeof line);
    memset(run, 0, sizeof *run); /* the reader frees what an exchange it is given holds */
    ck_assert(eks_capture_reader_new_memory(&run->r, EKS_CAPTURE_JSONL, line, strlen(line), NULL, err, sizeof err));
    ck_assert_int_eq(eks_capture_reader_next(run->r, &run->ex, err, sizeof err), 1);
    ck_assert(eks_exchange_check(ctx, &run->ex, now, res));
}

static void presigned_close(presigned_run *run)
{
    eks_diags_free(&run->ex.diags);
    eks_capture_reader_free(run->r);
}

START_TEST(presigned_validity_window)
{
    static const struct {
        const char *expires;
        int64_t now; /* EKS_EXCHANGE_NO_CLOCK: the response's Date */
        const char *date;
        const char *path; /* the one clock_skew warning, or NULL: none */
    } cases[] = {
        {"604800", SIGNED_AT + 7200, "", NULL},         /* 2 h into 7 days */
        {"604800", SIGNED_AT + 604800, "", NULL},       /* its last second */
        {"604800", SIGNED_AT + 604801, "", "query:X-Amz-Expires"},
        {"60", SIGNED_AT + 60, "", NULL},
        {"60", SIGNED_AT + 61, "", "query:X-Amz-Expires"},
        {"60", SIGNED_AT - 300, "", NULL},              /* the signer's clock 5 minutes ahead */
        {"60", SIGNED_AT - 301, "", "query:X-Amz-Date"},
        {"60", INT64_MAX, "", "query:X-Amz-Expires"},
        {"60", INT64_MIN + 1, "", "query:X-Amz-Date"}, /* INT64_MIN is EKS_EXCHANGE_NO_CLOCK */
        {"3600", EKS_EXCHANGE_NO_CLOCK, "Sat, 28 Nov 2026 01:40:00 GMT", NULL},
        {"3600", EKS_EXCHANGE_NO_CLOCK, "Sat, 28 Nov 2026 02:02:04 GMT", "query:X-Amz-Expires"},
    };
    eks_exchange_options o;
    eks_exchange_ctx *ctx = default_ctx(&o);
    eks_exchange_result res;
    memset(&res, 0, sizeof res);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        presigned_run run;
        check_presigned(&run, ctx, cases[i].expires,
                        cases[i].date[0] ? cases[i].date : "Sat, 28 Nov 2026 01:02:04 GMT", cases[i].now, &res);
        if (cases[i].path) {
            assert_only_diag(&res, EKS_PART_EXCHANGE, EKS_SEV_WARNING, EKS_DIAG_CLOCK_SKEW, cases[i].path);
        } else {
            found f = diags_of(&res);
            ck_assert_msg(f.n == 0, "case %zu: %zu diagnostics, the first %s at %s", i, f.n,
                          f.n ? eks_diag_code_name(f.code[0]) : "-", f.n ? f.path[0] : "-");
        }
        presigned_close(&run);
    }
    /* X-Amz-Expires that is no integer in 1..604800: the form is refused, as by the service */
    static const char *const bad[] = {"0", "604801", "-5", "60s", "060", "", "99999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        presigned_run run;
        check_presigned(&run, ctx, bad[i], "Sat, 28 Nov 2026 01:02:04 GMT", SIGNED_AT, &res);
        assert_only_diag(&res, EKS_PART_REQUEST, EKS_SEV_ERROR, EKS_DIAG_SIGNATURE_MALFORMED, "query:X-Amz-Expires");
        presigned_close(&run);
    }
    eks_exchange_result_free(&res);
    eks_exchange_ctx_free(ctx);
}
END_TEST

/* Query parameter names are percent-decoded before they are compared, as the SigV4 verifier
 * (and the service) decode them: a presigned URL whose names are written X%2DAmz%2D... is
 * presigned. The exchange check compared raw names, and called it unsigned
 * (signature_missing) where eks_sigv4_verify found the signature. */
START_TEST(presigned_parameter_names_are_decoded)
{
    char line[1024], encoded[1200], err[256];
    presigned_exchange("60", "Sat, 28 Nov 2026 01:02:04 GMT", line, sizeof line);
    size_t o = 0;
    for (const char *p = line; *p && o + 16 < sizeof encoded;) {
        if (strncmp(p, "X-Amz-", 6) == 0) {
            memcpy(encoded + o, "X%2DAmz%2D", 10);
            o += 10;
            p += 6;
        } else {
            encoded[o++] = *p++;
        }
    }
    encoded[o] = '\0';
    ck_assert_ptr_null(strstr(encoded, "X-Amz-"));
    eks_exchange_options opt;
    eks_exchange_ctx *ctx = default_ctx(&opt);
    eks_capture_reader *r = NULL;
    eks_exchange ex;
    memset(&ex, 0, sizeof ex);
    ck_assert(eks_capture_reader_new_memory(&r, EKS_CAPTURE_JSONL, encoded, o, NULL, err, sizeof err));
    ck_assert_int_eq(eks_capture_reader_next(r, &ex, err, sizeof err), 1);
    eks_exchange_result res;
    memset(&res, 0, sizeof res);
    ck_assert(eks_exchange_check(ctx, &ex, SIGNED_AT, &res));
    found f = diags_of(&res);
    ck_assert_msg(f.n == 0, "%zu diagnostics, the first %s at %s", f.n, f.n ? eks_diag_code_name(f.code[0]) : "-",
                  f.n ? f.path[0] : "-");
    ck_assert_str_eq(eks_verdict_name(res.verdict), "valid");
    eks_exchange_result_free(&res);
    eks_diags_free(&ex.diags);
    eks_capture_reader_free(r);
    /* a bare name is the parameter with an empty value, for the verifier too: a signature
     * that is malformed, not missing */
    char *bare = strstr(encoded, "X%2DAmz%2DSignature=");
    ck_assert_ptr_nonnull(bare);
    size_t at = (size_t)(bare - encoded) + strlen("X%2DAmz%2DSignature");
    memmove(encoded + at, encoded + at + 65, o - at - 65 + 1); /* "=" and 64 digits */
    o -= 65;
    memset(&ex, 0, sizeof ex);
    ck_assert(eks_capture_reader_new_memory(&r, EKS_CAPTURE_JSONL, encoded, o, NULL, err, sizeof err));
    ck_assert_int_eq(eks_capture_reader_next(r, &ex, err, sizeof err), 1);
    ck_assert(eks_exchange_check(ctx, &ex, SIGNED_AT, &res));
    assert_only_diag(&res, EKS_PART_REQUEST, EKS_SEV_ERROR, EKS_DIAG_SIGNATURE_MALFORMED, "query:X-Amz-Signature");
    eks_exchange_result_free(&res);
    eks_diags_free(&ex.diags);
    eks_capture_reader_free(r);
    eks_exchange_ctx_free(ctx);
}
END_TEST

/* The same exchange is fine at one clock and clock_skew at another: more than 5 minutes
 * either way from X-Amz-Date (DESIGN §3), judged against the clock passed in. */
START_TEST(skew_against_supplied_clock)
{
    static const struct {
        int64_t now;
        bool skew;
    } cases[] = {
        {SIGNED_AT, false},       {SIGNED_AT + 300, false}, {SIGNED_AT - 300, false},
        {SIGNED_AT + 301, true},  {SIGNED_AT - 301, true},  {SIGNED_AT + 86400, true},
        {INT64_MAX, true},        {INT64_MIN + 1, true},    {0, true},
    };
    eks_exchange_options o;
    eks_exchange_ctx *ctx = default_ctx(&o);
    eks_exchange_result res;
    memset(&res, 0, sizeof res);
    for (int with_response = 0; with_response < 2; with_response++) {
        fixture f;
        fx_open(&f, 1);
        f.ex.has_response = with_response;
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            ck_assert(eks_exchange_check(ctx, &f.ex, cases[i].now, &res));
            ck_assert_str_eq(eks_verdict_name(res.verdict), "valid"); /* a warning */
            if (cases[i].skew)
                assert_only_diag(&res, EKS_PART_EXCHANGE, EKS_SEV_WARNING, EKS_DIAG_CLOCK_SKEW, "header:x-amz-date");
            else
                ck_assert_msg(diags_of(&res).n == 0, "clock %lld", (long long)cases[i].now);
        }
        /* no clock: the response's Date (one second later) is the reference; without a
         * response there is nothing to judge against */
        ck_assert(eks_exchange_check(ctx, &f.ex, EKS_EXCHANGE_NO_CLOCK, &res));
        ck_assert_uint_eq(diags_of(&res).n, 0);
        fx_close(&f);
    }
    /* a response dated an hour after the request, no clock: skew against that Date */
    fixture f;
    fx_open(&f, 1);
    eks_header rh[4];
    ck_assert_uint_le(f.ex.response.header_count, 4);
    memcpy(rh, f.ex.response.headers, f.ex.response.header_count * sizeof *rh);
    for (size_t i = 0; i < f.ex.response.header_count; i++)
        if (eks_str_eq_cstr(rh[i].name, "Date"))
            rh[i].value = EKS_STR_LIT("Sat, 28 Nov 2026 02:02:04 GMT");
    f.ex.response.headers = rh;
    ck_assert(eks_exchange_check(ctx, &f.ex, EKS_EXCHANGE_NO_CLOCK, &res));
    assert_only_diag(&res, EKS_PART_EXCHANGE, EKS_SEV_WARNING, EKS_DIAG_CLOCK_SKEW, "header:x-amz-date");
    /* ... while a clock, when given, is what counts */
    ck_assert(eks_exchange_check(ctx, &f.ex, SIGNED_AT + 1, &res));
    ck_assert_uint_eq(diags_of(&res).n, 0);
    fx_close(&f);
    eks_exchange_result_free(&res);
    eks_exchange_ctx_free(ctx);
}
END_TEST

/* Signatures are recomputed with the credentials in the options: botocore's verify with
 * the right secret (and session token), and fail with another one. */
START_TEST(signature_verified_with_supplied_credentials)
{
    static const struct {
        unsigned line;
        const char *secret;
        const char *token;
        bool ok;
    } cases[] = {
        {1, SK, NULL, true},
        {2, SK, TOKEN, true},
        {1, "not-the-secret", NULL, false},
        {2, "not-the-secret", TOKEN, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fixture f;
        fx_open(&f, cases[i].line);
        eks_exchange_options o = verify_opts(cases[i].secret, cases[i].token);
        eks_exchange_result res;
        memset(&res, 0, sizeof res);
        check(&o, &f.ex, SIGNED_AT, &res);
        if (cases[i].ok) {
            ck_assert_str_eq(eks_verdict_name(res.verdict), "valid");
            ck_assert_uint_eq(diags_of(&res).n, 0);
        } else {
            ck_assert_str_eq(eks_verdict_name(res.verdict), "invalid");
            found d = diags_of(&res);
            ck_assert_uint_eq(d.n, 1);
            ck_assert_str_eq(eks_diag_code_name(d.code[0]), "signature_mismatch");
            ck_assert_int_eq(d.part[0], EKS_PART_REQUEST);
        }
        /* without verify_signatures the same exchange only has its form checked */
        o.verify_signatures = false;
        check(&o, &f.ex, SIGNED_AT, &res);
        ck_assert_str_eq(eks_verdict_name(res.verdict), "valid");
        eks_exchange_result_free(&res);
        fx_close(&f);
    }
}
END_TEST

/* A JSON Lines or HAR record may carry any number of headers; the signer's canonical request
 * takes at most 65535. Past that nothing can be compared: the exchange is invalid with a
 * limit_exceeded error, never valid (a wrongly signed request was reported valid). */
START_TEST(signature_past_the_header_limit_is_not_verified)
{
    static const char *const secrets[] = {SK, "not-the-secret"};
    for (size_t s = 0; s < 2; s++) {
        fixture f;
        fx_open(&f, 1);
        size_t base = f.ex.request.header_count, n = base + 65536;
        eks_header *h = calloc(n, sizeof *h);
        ck_assert_ptr_nonnull(h);
        memcpy(h, f.hdrs, base * sizeof *h);
        for (size_t i = base; i < n; i++)
            h[i] = (eks_header){EKS_STR_LIT("x-extra"), EKS_STR_LIT("v")};
        f.ex.request.headers = h;
        f.ex.request.header_count = n;
        eks_exchange_options o = verify_opts(secrets[s], NULL);
        eks_exchange_result res;
        memset(&res, 0, sizeof res);
        check(&o, &f.ex, SIGNED_AT, &res);
        ck_assert_str_eq(eks_verdict_name(res.verdict), "invalid");
        found d = diags_of(&res);
        ck_assert_uint_eq(d.n, 1);
        ck_assert_str_eq(eks_diag_code_name(d.code[0]), "limit_exceeded");
        ck_assert_int_eq(d.part[0], EKS_PART_REQUEST);
        ck_assert_str_eq(d.path[0], "header:authorization");
        eks_exchange_result_free(&res);
        free(h);
        fx_close(&f);
    }
}
END_TEST

/* What the header refuses or allows: invalid options give no context (not a context that
 * reads past endpoints[] or never compares a signature), NULL arguments no crash. */
START_TEST(options_and_arguments_the_header_refuses)
{
    ck_assert_ptr_null(eks_exchange_ctx_new(NULL));
    eks_exchange_options o;
    memset(&o, 0, sizeof o);
    o.endpoint_count = EKS_EXCHANGE_MAX_ENDPOINTS + 1;
    for (size_t i = 0; i < EKS_EXCHANGE_MAX_ENDPOINTS; i++)
        o.endpoints[i] = "proxy.internal";
    ck_assert_ptr_null(eks_exchange_ctx_new(&o));
    /* eks_exchange_select reads the options directly: no more than the array holds */
    eks_http_request none;
    memset(&none, 0, sizeof none);
    ck_assert_int_eq(eks_exchange_select(&o, &none, EKS_STR_LIT("proxy.internal")), EKS_SELECTED_ENDPOINT_OPTION);
    o.endpoint_count = 2;
    o.endpoints[1] = NULL;
    ck_assert_ptr_null(eks_exchange_ctx_new(&o));
    ck_assert_int_eq(eks_exchange_select(&o, &none, EKS_STR_LIT("other.internal")), EKS_SELECTED_NONE);
    o.endpoint_count = 1;
    eks_exchange_ctx *ctx = eks_exchange_ctx_new(&o);
    ck_assert_ptr_nonnull(ctx);
    eks_exchange_ctx_free(ctx);
    ck_assert_int_eq(eks_exchange_select(NULL, NULL, EKS_STR_LIT("eks.us-west-2.amazonaws.com")), EKS_SELECTED_HOST);
    ck_assert_int_eq(eks_exchange_select(NULL, NULL, EKS_STR_LIT("proxy.internal")), EKS_SELECTED_NONE);

    /* half a credential: every exchange would fail verification, or pass it unchecked */
    memset(&o, 0, sizeof o);
    o.verify_signatures = true;
    o.creds.access_key_id = EKS_STR_LIT("AKIDEXAMPLE");
    ck_assert_ptr_null(eks_exchange_ctx_new(&o));
    o.creds.access_key_id = EKS_STR_ABSENT;
    o.creds.secret_access_key = EKS_STR_LIT(SK);
    ck_assert_ptr_null(eks_exchange_ctx_new(&o));
    o.creds.secret_access_key = EKS_STR_ABSENT; /* none: the form is checked, documented */
    ctx = eks_exchange_ctx_new(&o);
    ck_assert_ptr_nonnull(ctx);

    fixture f;
    fx_open(&f, 1);
    eks_exchange_result res;
    memset(&res, 0, sizeof res);
    ck_assert(!eks_exchange_check(NULL, &f.ex, SIGNED_AT, &res));
    ck_assert(!eks_exchange_check(ctx, NULL, SIGNED_AT, &res));
    ck_assert(!eks_exchange_check(ctx, &f.ex, SIGNED_AT, NULL));
    ck_assert(eks_exchange_check(ctx, &f.ex, SIGNED_AT, &res));
    ck_assert_str_eq(eks_verdict_name(res.verdict), "valid");
    eks_exchange_result_free(&res);
    eks_exchange_result_free(NULL);
    eks_exchange_ctx_free(ctx);
    fx_close(&f);
}
END_TEST

/* The headers botocore and the AWS CLI send unsigned (measured in docs/validate.md) are
 * normal traffic: no warning. An unsigned x-amz-* or Content-Type header could be changed
 * without breaking the signature: unsigned_header warning at its own path. */
START_TEST(unsigned_header_rule)
{
    static const struct {
        const char *name;
        const char *value;
        const char *warn_path; /* NULL: no warning */
    } cases[] = {
        {"User-Agent", "aws-cli/2.22.0 Python/3.12.6 Linux/6.1 botocore/2.4", NULL},
        {"Content-Length", "117", NULL},
        {"Accept-Encoding", "identity", NULL},
        {"amz-sdk-invocation-id", "1b7a4a2c-6c59-4a52-9a8f-2f1f5c6b7d8e", NULL},
        {"amz-sdk-request", "attempt=1; max=3", NULL},
        {"X-Amz-Target", "AnythingElse", "header:x-amz-target"},
        {"x-amz-meta-note", "changed in transit", "header:x-amz-meta-note"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fixture f;
        fx_open(&f, 1);
        fx_add_header(&f, cases[i].name, cases[i].value);
        eks_exchange_options o = verify_opts(SK, NULL);
        eks_exchange_result res;
        memset(&res, 0, sizeof res);
        check(&o, &f.ex, SIGNED_AT, &res);
        ck_assert_str_eq(eks_verdict_name(res.verdict), "valid"); /* the signature still holds */
        if (cases[i].warn_path)
            assert_only_diag(&res, EKS_PART_REQUEST, EKS_SEV_WARNING, EKS_DIAG_UNSIGNED_HEADER, cases[i].warn_path);
        else
            ck_assert_msg(diags_of(&res).n == 0, "%s", cases[i].name);
        eks_exchange_result_free(&res);
        fx_close(&f);
    }
    /* a session token the signature does not cover: line 1 carries none, add one */
    fixture f;
    fx_open(&f, 1);
    fx_add_header(&f, "X-Amz-Security-Token", TOKEN);
    eks_exchange_options o = verify_opts(SK, NULL);
    eks_exchange_result res;
    memset(&res, 0, sizeof res);
    check(&o, &f.ex, SIGNED_AT, &res);
    found d = diags_of(&res);
    bool warned = false;
    for (size_t k = 0; k < d.n; k++)
        warned |= d.code[k] == EKS_DIAG_UNSIGNED_HEADER && strcmp(d.path[k], "header:x-amz-security-token") == 0;
    ck_assert(warned);
    eks_exchange_result_free(&res);
    fx_close(&f);
}
END_TEST

START_TEST(names)
{
    ck_assert_str_eq(eks_verdict_name(EKS_VERDICT_VALID), "valid");
    ck_assert_str_eq(eks_verdict_name(EKS_VERDICT_INVALID), "invalid");
    ck_assert_str_eq(eks_verdict_name(EKS_VERDICT_SKIPPED), "skipped");
    ck_assert_str_eq(eks_exchange_part_name(EKS_PART_CAPTURE), "capture");
    ck_assert_str_eq(eks_exchange_part_name(EKS_PART_EXCHANGE), "exchange");
    ck_assert_str_eq(eks_selection_name(EKS_SELECTED_VPC_ENDPOINT), "vpc-endpoint");
    ck_assert_str_eq(eks_selection_name(EKS_SELECTED_NONE), "none");
}
END_TEST

/* The Authorization header's form (SigV4 "Authorization header" layout: algorithm, then
 * Credential=AKID/YYYYMMDD/region/service/aws4_request, SignedHeaders=lower-case names
 * including host, Signature=64 lower-case hex digits), checked without verifying the
 * signature: each broken value gives one error on the request naming the header. */
#define SIG64 "adcc8eb834f6ab385e10b476326a9c94d55d677642835a472a209c7636bbaf19"
#define CRED "Credential=AKIDEXAMPLE/20261128/us-west-2/eks/aws4_request"
#define SH "SignedHeaders=content-type;host;x-amz-date"
typedef struct auth_case {
    const char *value;
    eks_diag_code code; /* EKS_DIAG_CODE_COUNT_: well formed, no diagnostic */
    const char *path;
} auth_case;

static const auth_case auth_cases[] = {
    {"AWS4-HMAC-SHA256 " CRED ", " SH ", Signature=" SIG64, EKS_DIAG_CODE_COUNT_, NULL},
    {"AWS4-HMAC-SHA1 " CRED ", " SH ", Signature=" SIG64, EKS_DIAG_SIGNATURE_MALFORMED, "header:authorization"},
    {"AWS4-HMAC-SHA256 " CRED ", " SH ", Signature=" SIG64 ", Extra", EKS_DIAG_SIGNATURE_MALFORMED,
     "header:authorization"},
    {"AWS4-HMAC-SHA256 " CRED ", " SH ", Signature=" SIG64 ", Signature=" SIG64, EKS_DIAG_SIGNATURE_MALFORMED,
     "header:authorization"},
    {"AWS4-HMAC-SHA256 " CRED ", " SH ", Foo=bar, Signature=" SIG64, EKS_DIAG_SIGNATURE_MALFORMED,
     "header:authorization"},
    {"AWS4-HMAC-SHA256 " CRED ", " SH, EKS_DIAG_SIGNATURE_MALFORMED, "header:authorization"},
    {"AWS4-HMAC-SHA256 " CRED ", " SH ", Signature=abc123", EKS_DIAG_SIGNATURE_MALFORMED, "header:authorization"},
    {"AWS4-HMAC-SHA256 " CRED ", " SH ", Signature=ADCC8EB834F6AB385E10B476326A9C94D55D677642835A472A209C7636BBAF19",
     EKS_DIAG_SIGNATURE_MALFORMED, "header:authorization"},
    {"AWS4-HMAC-SHA256 " CRED ", SignedHeaders=Content-Type;Host;X-Amz-Date, Signature=" SIG64,
     EKS_DIAG_SIGNATURE_MALFORMED, "header:authorization"},
    {"AWS4-HMAC-SHA256 " CRED ", SignedHeaders=content-type;x-amz-date, Signature=" SIG64,
     EKS_DIAG_SIGNATURE_MALFORMED, "header:authorization"},
    {"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261128/us-west-2/eks, " SH ", Signature=" SIG64,
     EKS_DIAG_SIGNATURE_MALFORMED, "header:authorization"},
    {"AWS4-HMAC-SHA256 Credential=/20261128/us-west-2/eks/aws4_request, " SH ", Signature=" SIG64,
     EKS_DIAG_SIGNATURE_MALFORMED, "header:authorization"},
    {"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/2026112A/us-west-2/eks/aws4_request, " SH ", Signature=" SIG64,
     EKS_DIAG_SIGNATURE_MALFORMED, "header:authorization"},
    {"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-west-2/eks/aws4_request, " SH ", Signature=" SIG64,
     EKS_DIAG_SIGNATURE_MALFORMED, "header:authorization"},
    {"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261128/us-west-2/ec2/aws4_request, " SH ", Signature=" SIG64,
     EKS_DIAG_SIGNATURE_MALFORMED, "header:authorization"},
    {"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261128/us-west-2/e\x01s/aws4_request, " SH ", Signature=" SIG64,
     EKS_DIAG_SIGNATURE_MALFORMED, "header:authorization"},
    /* signed for another region than the host's: the request went to the wrong endpoint */
    {"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261128/eu-west-1/eks/aws4_request, " SH ", Signature=" SIG64,
     EKS_DIAG_ENDPOINT, "header:authorization"},
    {"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261128/eu-\x01/eks/aws4_request, " SH ", Signature=" SIG64,
     EKS_DIAG_ENDPOINT, "header:authorization"},
    /* the components are separated by a comma (SigV4 "Authorization header"), a space after
     * it optional */
    {"AWS4-HMAC-SHA256 " CRED "," SH ",Signature=" SIG64, EKS_DIAG_CODE_COUNT_, NULL},
    {"AWS4-HMAC-SHA256 " CRED ", SignedHeaders=, Signature=" SIG64, EKS_DIAG_SIGNATURE_MALFORMED,
     "header:authorization"},
    {"AWS4-HMAC-SHA256 " CRED ", SignedHeaders=content-type,host;x-amz-date, Signature=" SIG64,
     EKS_DIAG_SIGNATURE_MALFORMED, "header:authorization"},
    {"AWS4-HMAC-SHA256 " CRED ", " SH ", Signature=" SIG64 "0", EKS_DIAG_SIGNATURE_MALFORMED, "header:authorization"},
    /* a scope has five parts: not three, not six */
    {"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261128/aws4_request, " SH ", Signature=" SIG64,
     EKS_DIAG_SIGNATURE_MALFORMED, "header:authorization"},
    {"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261128/us-west-2/eks/eks/aws4_request, " SH ", Signature=" SIG64,
     EKS_DIAG_SIGNATURE_MALFORMED, "header:authorization"},
};

START_TEST(authorization_form)
{
    const auth_case *c = &auth_cases[_i];
    fixture f;
    fx_open(&f, 1);
    eks_header *auth = NULL;
    for (size_t i = 0; i < f.ex.request.header_count; i++)
        if (eks_str_eq_cstr(f.hdrs[i].name, "Authorization"))
            auth = &f.hdrs[i];
    ck_assert_ptr_nonnull(auth);
    auth->value = eks_str_from_cstr(c->value);
    eks_exchange_options o;
    memset(&o, 0, sizeof o);
    eks_exchange_result res;
    memset(&res, 0, sizeof res);
    check(&o, &f.ex, SIGNED_AT, &res);
    if (c->code == EKS_DIAG_CODE_COUNT_) {
        ck_assert_uint_eq(diags_of(&res).n, 0);
        ck_assert_str_eq(eks_verdict_name(res.verdict), "valid");
    } else {
        assert_only_diag(&res, EKS_PART_REQUEST, EKS_SEV_ERROR, c->code, c->path);
        ck_assert_str_eq(eks_verdict_name(res.verdict), "invalid");
    }
    eks_exchange_result_free(&res);
    fx_close(&f);
}
END_TEST

/* Which rule a malformed value breaks, by the message that names it: a '/' more or fewer in
 * the scope breaks its five-part form (not the service or region rule a shifted split would
 * name), a ',' in SignedHeaders ends that component (SigV4 separates components by commas). */
START_TEST(authorization_form_names_the_rule)
{
    static const struct {
        const char *value, *message;
    } cases[] = {
        {"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261128/aws4_request, " SH ", Signature=" SIG64,
         "Credential is not <access key>/<date>/<region>/<service>/aws4_request"},
        {"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261128/us-west-2/eks/eks/aws4_request, " SH ", Signature=" SIG64,
         "Credential is not <access key>/<date>/<region>/<service>/aws4_request"},
        {"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261128/us-west-2/eks/aws4_request/, " SH ", Signature=" SIG64,
         "Credential is not <access key>/<date>/<region>/<service>/aws4_request"},
        {"AWS4-HMAC-SHA256 " CRED ", SignedHeaders=content-type,host;x-amz-date, Signature=" SIG64,
         "Authorization has a component without '='"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fixture f;
        fx_open(&f, 1);
        for (size_t h = 0; h < f.ex.request.header_count; h++)
            if (eks_str_eq_cstr(f.hdrs[h].name, "Authorization"))
                f.hdrs[h].value = eks_str_from_cstr(cases[i].value);
        eks_exchange_options o;
        memset(&o, 0, sizeof o);
        eks_exchange_result res;
        memset(&res, 0, sizeof res);
        check(&o, &f.ex, SIGNED_AT, &res);
        ck_assert_msg(res.checks.count == 1, "%s: %zu diagnostics", cases[i].value, res.checks.count);
        ck_assert_str_eq(res.checks.items[0].message, cases[i].message);
        eks_exchange_result_free(&res);
        fx_close(&f);
    }
}
END_TEST

/* A signed request needs the time it was signed at (SigV4: X-Amz-Date, or Date). */
START_TEST(signed_request_without_date)
{
    fixture f;
    fx_open(&f, 1);
    size_t kept = 0;
    for (size_t i = 0; i < f.ex.request.header_count; i++)
        if (!eks_str_eq_cstr(f.hdrs[i].name, "X-Amz-Date"))
            f.hdrs[kept++] = f.hdrs[i];
    ck_assert_uint_eq(kept + 1, f.ex.request.header_count);
    f.ex.request.header_count = kept;
    eks_exchange_options o;
    memset(&o, 0, sizeof o);
    eks_exchange_result res;
    memset(&res, 0, sizeof res);
    check(&o, &f.ex, SIGNED_AT, &res);
    assert_only_diag(&res, EKS_PART_REQUEST, EKS_SEV_ERROR, EKS_DIAG_SIGNATURE_MALFORMED, "header:x-amz-date");
    eks_exchange_result_free(&res);
    fx_close(&f);
}
END_TEST

/* Line 3: botocore signed with the request's Date header ("Sat, 28 Nov 2026 01:02:03 -0000")
 * and sent no X-Amz-Date, as SigV4 allows. The signature verifies, the clock is judged
 * against that Date (5 minutes, as for X-Amz-Date), and a Date that is no date is malformed. */
START_TEST(signed_with_the_date_header)
{
    fixture f;
    fx_open(&f, 3);
    ck_assert_ptr_null(eks_http_find_header(f.ex.request.headers, f.ex.request.header_count, "x-amz-date"));
    eks_exchange_options o = verify_opts(SK, NULL);
    eks_exchange_result res;
    memset(&res, 0, sizeof res);
    check(&o, &f.ex, SIGNED_AT + 300, &res);
    ck_assert_str_eq(eks_verdict_name(res.verdict), "valid");
    ck_assert_uint_eq(diags_of(&res).n, 0);
    check(&o, &f.ex, SIGNED_AT - 301, &res);
    assert_only_diag(&res, EKS_PART_EXCHANGE, EKS_SEV_WARNING, EKS_DIAG_CLOCK_SKEW, "header:date");
    /* a captured value with the field's surrounding whitespace kept: the same date */
    for (size_t i = 0; i < f.ex.request.header_count; i++)
        if (eks_str_eq_cstr(f.hdrs[i].name, "Date"))
            f.hdrs[i].value = EKS_STR_LIT(" \tSat, 28 Nov 2026 01:02:03 -0000 ");
    check(&o, &f.ex, SIGNED_AT, &res);
    ck_assert_str_eq(eks_verdict_name(res.verdict), "valid");
    ck_assert_uint_eq(diags_of(&res).n, 0);
    /* another secret: the signature no longer matches */
    eks_exchange_options wrong = verify_opts("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEZ", NULL);
    check(&wrong, &f.ex, SIGNED_AT, &res);
    ck_assert_str_eq(eks_verdict_name(res.verdict), "invalid");
    for (size_t i = 0; i < f.ex.request.header_count; i++)
        if (eks_str_eq_cstr(f.hdrs[i].name, "Date"))
            f.hdrs[i].value = EKS_STR_LIT("Sat, 28 Nov 2026 01:02:03 EST"); /* obsolete zone names other than UT/GMT are not read */
    memset(&o, 0, sizeof o); /* form checks only */
    check(&o, &f.ex, SIGNED_AT, &res);
    assert_only_diag(&res, EKS_PART_REQUEST, EKS_SEV_ERROR, EKS_DIAG_SIGNATURE_MALFORMED, "header:date");
    eks_exchange_result_free(&res);
    fx_close(&f);
}
END_TEST

/* Randomness for re-encoding a decoded request: zeros, so a generated token is the same in
 * both runs compared. */
static eks_status zero_fill(void *ctx, unsigned char *buf, size_t len)
{
    (void)ctx;
    memset(buf, 0, len);
    return EKS_OK;
}

static void print_diag(void *ctx, eks_exchange_part part, const eks_diag *d)
{
    fprintf(ctx, "%s %s %s %s @%zu %s\n", eks_exchange_part_name(part), eks_severity_name(d->severity),
            eks_diag_code_name(d->code), d->path, d->offset, d->message);
}

/* All a check gave, as text: verdict, operation, every diagnostic, the request id, the
 * decoded request encoded again and the decoded response as botocore parses it. */
static char *result_text(const eks_exchange_result *res)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    ck_assert_ptr_nonnull(f);
    fprintf(f, "%s %s status %d id %.*s\n", eks_verdict_name(res->verdict), res->op ? eks_operation_name(res->op) : "-",
            res->status, (int)res->request_id.len, res->request_id.ptr ? res->request_id.ptr : "");
    eks_exchange_result_each(res, print_diag, f);
    if (res->req_decoded && res->req.value) {
        eks_request_options ro = {.host = EKS_STR_LIT("eks.us-west-2.amazonaws.com"), .random = {zero_fill, NULL}};
        eks_encoded_request enc;
        memset(&enc, 0, sizeof enc); /* zeroed once, as codec.h asks */
        eks_diags d;
        eks_diags_init(&d);
        if (eks_op_request_encode(res->op, res->req.value, &ro, &enc, &d) == EKS_OK)
            fprintf(f, "%.*s %.*s\n", (int)enc.url.len, enc.url.ptr, (int)enc.http.body.len, enc.http.body.ptr);
        else
            fprintf(f, "request not encodable (%zu diagnostics)\n", d.count);
        eks_encoded_request_free(&enc);
        eks_diags_free(&d);
    }
    if (res->resp_decoded) {
        json_object *j = NULL;
        if (eks_op_response_to_json(&res->resp, &j) == EKS_OK)
            fprintf(f, "%s\n", json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN));
        json_object_put(j);
    }
    fclose(f);
    return text;
}

/* A copy of ex whose bodies end with pad spaces (the same JSON, but a decode state sized for
 * it is larger than the context keeps); its bodies are in *store, the caller's to free. */
static eks_exchange padded(const eks_exchange *ex, size_t pad, char **store)
{
    eks_exchange p = *ex;
    size_t lq = ex->request.body.len, ls = ex->response.body.len;
    char *b = malloc(lq + ls + 2 * pad + 1);
    ck_assert_ptr_nonnull(b);
    memcpy(b, ex->request.body.ptr ? ex->request.body.ptr : "", lq);
    memset(b + lq, ' ', pad);
    memcpy(b + lq + pad, ex->response.body.ptr ? ex->response.body.ptr : "", ls);
    memset(b + lq + pad + ls, ' ', pad);
    p.request.body = (eks_str){b, lq + pad};
    p.response.body = (eks_str){b + lq + pad, ls + pad};
    *store = b;
    return p;
}

/* One context and one result through captures' exchanges in turn, as `ekscodec validate`
 * runs them, give what a fresh context and result give for each: the decode states a
 * context keeps from one check for the next change nothing. Every operation's exchanges
 * (corpus/samples/capture_all_operations.jsonl) and the planted invalid ones of
 * capture_mixed.jsonl, with every third one also sent again with bodies too large for the
 * state kept, and too large to be kept. */
/* One context over many hosts, in changing order, more of them than it remembers: each
 * exchange is judged against its own host's region (the second DNS label, lower-cased), as
 * with a fresh context. The request is signed for us-west-2. */
typedef struct host_case {
    const char *host;
    const char *region; /* the host's region when the endpoint rules resolve it, else NULL */
} host_case;

static const host_case host_cases[] = {
    {"eks.us-west-2.amazonaws.com", "us-west-2"},
    {"eks.eu-west-1.amazonaws.com", "eu-west-1"},
    {"EKS.EU-CENTRAL-1.AMAZONAWS.COM", "eu-central-1"},
    {"eks.us-west-2.amazonaws.com:443", "us-west-2"},
    {"eks.cn-north-1.amazonaws.com.cn", "cn-north-1"},
    {"eks-fips.us-gov-west-1.amazonaws.com", "us-gov-west-1"},
    {"eks.ap-southeast-2.amazonaws.com", "ap-southeast-2"},
    {"eks.123.amazonaws.com", NULL}, /* all digits: not a region */
    {"eks.sa-east-1.amazonaws.com", "sa-east-1"},
    {"eks.me-south-1.amazonaws.com", "me-south-1"},
    {"Eks.Us-West-2.Amazonaws.Com", "us-west-2"},
    {"eks.af-south-1.amazonaws.com", "af-south-1"},
};

START_TEST(a_context_judges_each_host_by_its_own_region)
{
    const size_t n = sizeof host_cases / sizeof host_cases[0];
    fixture f;
    fx_open(&f, 1);
    eks_exchange_options o;
    memset(&o, 0, sizeof o);
    eks_exchange_ctx *ctx = eks_exchange_ctx_new(&o);
    ck_assert_ptr_nonnull(ctx);
    size_t judged = 0, mismatched = 0;
    for (size_t round = 0; round < 4; round++) {
        for (size_t k = 0; k < n; k++) {
            /* forward, backward, then two strides that interleave far-apart hosts */
            size_t i = round == 0 ? k : round == 1 ? n - 1 - k : (k * (round == 2 ? 5 : 7)) % n;
            const host_case *hc = &host_cases[i];
            f.ex.host = eks_str_from_cstr(hc->host);
            eks_exchange_result res;
            memset(&res, 0, sizeof res);
            ck_assert(eks_exchange_check(ctx, &f.ex, SIGNED_AT, &res));
            found got = diags_of(&res);
            size_t endpoint = 0;
            for (size_t d = 0; d < got.n; d++)
                endpoint += got.code[d] == EKS_DIAG_ENDPOINT;
            bool want_mismatch = hc->region && strcmp(hc->region, "us-west-2") != 0;
            ck_assert_msg(endpoint == (want_mismatch ? 1u : 0u), "round %zu, host %s: %zu endpoint diagnostics",
                          round, hc->host, endpoint);
            if (want_mismatch) {
                char want[128];
                snprintf(want, sizeof want, "credential scope region 'us-west-2' is not the host's region '%s'",
                         hc->region);
                bool named = false;
                for (size_t d = 0; d < res.checks.count; d++)
                    named |= strcmp(res.checks.items[d].message, want) == 0;
                ck_assert_msg(named, "round %zu, host %s: no \"%s\"", round, hc->host, want);
                mismatched++;
            }
            /* and the same as a context that has seen no other host */
            eks_exchange_result fresh;
            memset(&fresh, 0, sizeof fresh);
            check(&o, &f.ex, SIGNED_AT, &fresh);
            char *a = result_text(&res), *b = result_text(&fresh);
            ck_assert_msg(strcmp(a, b) == 0, "host %s:\nshared: %sfresh: %s", hc->host, a, b);
            free(a);
            free(b);
            eks_exchange_result_free(&fresh);
            eks_exchange_result_free(&res);
            judged++;
        }
    }
    ck_assert_uint_eq(judged, 4 * n);
    ck_assert_uint_eq(mismatched, 4 * 8);
    eks_exchange_ctx_free(ctx);
    fx_close(&f);
}
END_TEST

/* A context remembers Authorization parts that passed (a client repeats its scope and its
 * signed headers), but what else a check reads still counts: after a valid exchange, the
 * same Authorization with X-Amz-Date on another day (the scope's date must be X-Amz-Date's,
 * SigV4), sent to another region's host, or with SignedHeaders empty (which never passes),
 * is judged as a fresh context judges it. */
START_TEST(a_context_remembers_only_what_passed)
{
    static const struct {
        const char *host, *amz_date, *authorization;
        eks_diag_code code; /* the error wanted on the request, EKS_DIAG_CODE_COUNT_: none */
    } steps[] = {
        {"eks.us-west-2.amazonaws.com", "20261128T010203Z", NULL, EKS_DIAG_CODE_COUNT_},
        {"eks.us-west-2.amazonaws.com", "20261129T010203Z", NULL, EKS_DIAG_SIGNATURE_MALFORMED},
        {"eks.eu-west-1.amazonaws.com", "20261128T010203Z", NULL, EKS_DIAG_ENDPOINT},
        {"eks.us-west-2.amazonaws.com", "20261128T010203Z",
         "AWS4-HMAC-SHA256 " CRED ", SignedHeaders=, Signature=" SIG64, EKS_DIAG_SIGNATURE_MALFORMED},
        {"eks.us-west-2.amazonaws.com", "2026112", NULL, EKS_DIAG_SIGNATURE_MALFORMED},
        {"eks.us-west-2.amazonaws.com", "20261128T010203Z", NULL, EKS_DIAG_CODE_COUNT_},
    };
    fixture f;
    fx_open(&f, 1);
    eks_header *auth = NULL, *date = NULL;
    for (size_t i = 0; i < f.ex.request.header_count; i++) {
        if (eks_str_eq_cstr(f.hdrs[i].name, "Authorization"))
            auth = &f.hdrs[i];
        if (eks_str_eq_cstr(f.hdrs[i].name, "X-Amz-Date"))
            date = &f.hdrs[i];
    }
    ck_assert_ptr_nonnull(auth);
    ck_assert_ptr_nonnull(date);
    const eks_str signed_auth = auth->value;
    eks_exchange_options o;
    eks_exchange_ctx *shared = default_ctx(&o);
    for (size_t round = 0; round < 2; round++)
        for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
            f.ex.host = eks_str_from_cstr(steps[i].host);
            date->value = eks_str_from_cstr(steps[i].amz_date);
            auth->value = steps[i].authorization ? eks_str_from_cstr(steps[i].authorization) : signed_auth;
            eks_exchange_result res, fresh;
            memset(&res, 0, sizeof res);
            memset(&fresh, 0, sizeof fresh);
            ck_assert(eks_exchange_check(shared, &f.ex, EKS_EXCHANGE_NO_CLOCK, &res));
            check(&o, &f.ex, EKS_EXCHANGE_NO_CLOCK, &fresh);
            char *got = result_text(&res), *want = result_text(&fresh);
            ck_assert_msg(strcmp(got, want) == 0, "step %zu:\nshared: %sfresh: %s", i, got, want);
            free(got);
            free(want);
            found d = diags_of(&res);
            size_t errors = 0;
            for (size_t k = 0; k < d.n; k++)
                errors += d.sev[k] == EKS_SEV_ERROR;
            if (steps[i].code == EKS_DIAG_CODE_COUNT_) {
                ck_assert_msg(errors == 0, "step %zu: %zu errors", i, errors);
            } else {
                ck_assert_msg(errors == 1, "step %zu: %zu errors", i, errors);
                bool named = false;
                for (size_t k = 0; k < d.n; k++)
                    named |= d.sev[k] == EKS_SEV_ERROR && d.code[k] == steps[i].code;
                ck_assert_msg(named, "step %zu: no %s", i, eks_diag_code_name(steps[i].code));
            }
            eks_exchange_result_free(&res);
            eks_exchange_result_free(&fresh);
        }
    eks_exchange_ctx_free(shared);
    fx_close(&f);
}
END_TEST

/* The fields of a result that result_text() does not show, as a fresh result has them: the
 * flags and views, and each decode result the check did not make all zero (as
 * eks_exchange_result_free() leaves it), never what an earlier check left there. */
static void assert_same_fields(const eks_exchange_result *got, const eks_exchange_result *want)
{
    static const unsigned char zero[sizeof(eks_op_decoded_response)];
    ck_assert_int_eq(got->verdict, want->verdict);
    ck_assert_int_eq(got->selected, want->selected);
    ck_assert_int_eq(got->selected_by, want->selected_by);
    ck_assert_ptr_eq(got->op, want->op);
    ck_assert_int_eq(got->status, want->status);
    ck_assert_ptr_eq(got->path.ptr, want->path.ptr);
    ck_assert_uint_eq(got->path.len, want->path.len);
    ck_assert_ptr_eq(got->authorization.ptr, want->authorization.ptr);
    ck_assert_uint_eq(got->authorization.len, want->authorization.len);
    ck_assert_int_eq(got->request_id.ptr != NULL, want->request_id.ptr != NULL);
    ck_assert_ptr_eq(got->capture, want->capture);
    ck_assert_int_eq(got->req_decoded, want->req_decoded);
    ck_assert_int_eq(got->resp_decoded, want->resp_decoded);
    ck_assert_uint_eq(got->checks.count, want->checks.count);
    ck_assert_uint_eq(got->checks.errors, want->checks.errors);
    ck_assert_uint_eq(got->checks.warnings, want->checks.warnings);
    ck_assert_uint_eq(got->checks.max_items, want->checks.max_items);
    if (!got->req_decoded)
        ck_assert_mem_eq(&got->req, zero, sizeof got->req);
    if (!got->resp_decoded)
        ck_assert_mem_eq(&got->resp, zero, sizeof got->resp);
}

START_TEST(a_reused_context_and_result_change_nothing)
{
    static const char *const files[] = {"corpus/samples/capture_all_operations.jsonl",
                                        "corpus/samples/capture_mixed.jsonl"};
    eks_exchange_options o;
    eks_exchange_ctx *shared = default_ctx(&o);
    eks_exchange_result reused;
    memset(&reused, 0, sizeof reused);
    size_t compared = 0, padded_ones = 0, decoded = 0;
    for (size_t fi = 0; fi < sizeof files / sizeof files[0]; fi++) {
        char *path = ts_path(ts_source_dir(), files[fi]), err[256];
        size_t len = 0;
        char *data = ts_read_file(path, &len);
        free(path);
        ck_assert_ptr_nonnull(data);
        eks_capture_reader *r = NULL;
        ck_assert(eks_capture_reader_new_memory(&r, EKS_CAPTURE_JSONL, data, len, NULL, err, sizeof err));
        eks_exchange ex;
        memset(&ex, 0, sizeof ex);
        for (size_t n = 0; eks_capture_reader_next(r, &ex, err, sizeof err) == 1; n++) {
            char *store = NULL;
            for (int variant = 0; variant < (n % 3 == 0 ? 2 : 1); variant++) {
                eks_exchange e = variant ? padded(&ex, 100000, &store) : ex;
                eks_exchange_result fresh;
                memset(&fresh, 0, sizeof fresh);
                check(&o, &e, EKS_EXCHANGE_NO_CLOCK, &fresh);
                ck_assert(eks_exchange_check(shared, &e, EKS_EXCHANGE_NO_CLOCK, &reused));
                char *want = result_text(&fresh), *got = result_text(&reused);
                ck_assert_msg(strcmp(got, want) == 0, "%s exchange %zu%s:\nreused: %sfresh: %s", files[fi], n + 1,
                              variant ? " (padded)" : "", got, want);
                assert_same_fields(&reused, &fresh);
                decoded += reused.resp_decoded;
                free(want);
                free(got);
                eks_exchange_result_free(&fresh);
                compared++;
                padded_ones += (size_t)variant;
            }
            free(store);
        }
        eks_diags_free(&ex.diags);
        eks_capture_reader_free(r);
        free(data);
    }
    eks_exchange_result_free(&reused);
    eks_exchange_ctx_free(shared);
    ck_assert_uint_ge(compared, 222 + 70);
    ck_assert_uint_ge(padded_ones, 70);
    ck_assert_uint_ge(decoded, 200);
}
END_TEST

/* One result through exchanges that leave different parts undone, in an order where each
 * follows one that filled them: with a response, without one, not EKS traffic, an orphan
 * response, a record with reading problems. Each time the result holds what a fresh one
 * would (assert_same_fields: the parts left undone all zero). */
START_TEST(a_reused_result_keeps_nothing_of_the_previous_check)
{
    fixture f;
    fx_open(&f, 1);
    eks_exchange_options o;
    eks_exchange_ctx *shared = default_ctx(&o);
    eks_exchange_result reused;
    memset(&reused, 0, sizeof reused);
    eks_exchange full = f.ex;
    eks_exchange no_response = f.ex;
    no_response.has_response = false;
    eks_exchange elsewhere = f.ex;
    elsewhere.host = EKS_STR_LIT("www.example.com");
    eks_header other_host = {EKS_STR_LIT("Host"), EKS_STR_LIT("www.example.com")};
    elsewhere.request.headers = &other_host;
    elsewhere.request.header_count = 1;
    eks_exchange orphan = f.ex;
    orphan.has_request = false;
    eks_exchange unreadable = f.ex;
    eks_diags_init(&unreadable.diags);
    ck_assert_int_eq(eks_diags_add(&unreadable.diags, EKS_SEV_ERROR, EKS_DIAG_INVALID_JSON, "", 0, "broken"), EKS_OK);
    const eks_exchange *order[] = {&full, &no_response, &full, &elsewhere, &full, &orphan,
                                   &full, &unreadable, &no_response, &elsewhere, &full};
    size_t decoded_responses = 0, undone = 0;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        eks_exchange_result fresh;
        memset(&fresh, 0, sizeof fresh);
        check(&o, order[i], EKS_EXCHANGE_NO_CLOCK, &fresh);
        ck_assert(eks_exchange_check(shared, order[i], EKS_EXCHANGE_NO_CLOCK, &reused));
        assert_same_fields(&reused, &fresh);
        char *want = result_text(&fresh), *got = result_text(&reused);
        ck_assert_msg(strcmp(got, want) == 0, "exchange %zu:\nreused: %sfresh: %s", i, got, want);
        free(want);
        free(got);
        decoded_responses += reused.resp_decoded;
        undone += !reused.resp_decoded;
        eks_exchange_result_free(&fresh);
    }
    ck_assert_uint_eq(decoded_responses, 5); /* the five `full` ones */
    ck_assert_uint_eq(undone, 6);
    eks_exchange_result_free(&reused);
    eks_exchange_ctx_free(shared);
    eks_diags_free(&unreadable.diags);
    fx_close(&f);
}
END_TEST

/* eks_exchange_check decodes the request with the labels eks_route found, not matching the
 * path on the template a second time: what it reports must be what eks_op_request_decode,
 * which matches the path itself, reports for the same request. Every operation with labels,
 * each label given a different value (malformed escapes at different places, invalid UTF-8,
 * a dot segment, plain text) in every rotation, so that a label taken for another, or given
 * another's bytes, shows in the diagnostics' paths and offsets. */
START_TEST(checked_labels_are_the_decoders_own)
{
    static const char *const values[] = {"%zz", "ab%4", "%41%42%F", "%FF", ".", "a%20b%2Fc", "plain"};
    const size_t nv = sizeof values / sizeof *values;
    eks_exchange_options o;
    eks_exchange_ctx *ctx = default_ctx(&o);
    eks_exchange_result res;
    memset(&res, 0, sizeof res);
    size_t compared = 0, with_diags = 0;
    for (size_t i = 0; i < eks_operation_count(); i++) {
        const eks_operation *op = eks_operation_at(i);
        const char *uri = eks_operation_request_uri(op);
        if (!strchr(uri, '{'))
            continue;
        for (size_t rot = 0; rot < nv; rot++) {
            char path[512];
            size_t n = 0, k = 0;
            for (const char *u = uri; *u && *u != '?'; u++) {
                if (*u != '{') {
                    path[n++] = *u;
                    continue;
                }
                n += (size_t)snprintf(path + n, sizeof path - n, "%s", values[(k++ + rot) % nv]);
                u = strchr(u, '}');
            }
            path[n] = '\0';
            eks_exchange ex;
            memset(&ex, 0, sizeof ex);
            eks_diags_init(&ex.diags);
            ex.has_request = true;
            ex.request.method = eks_str_from_cstr(eks_operation_method(op));
            ex.request.path = (eks_str){path, n};
            ex.request.body = EKS_STR_LIT("");
            ex.host = EKS_STR_LIT("eks.us-west-2.amazonaws.com");
            ck_assert(eks_exchange_check(ctx, &ex, EKS_EXCHANGE_NO_CLOCK, &res));
            ck_assert_msg(res.selected && res.op == op && res.req_decoded, "%s %s not routed to %s",
                          eks_operation_method(op), path, eks_operation_name(op));
            eks_op_decoded_request direct;
            eks_op_request_decode(op, &ex.request, NULL, &direct);
            const eks_diags *a = &res.req.diags, *b = &direct.diags;
            ck_assert_msg(a->count == b->count && a->errors == b->errors && a->warnings == b->warnings,
                          "%s %s: %zu diagnostics checked, %zu decoded", eks_operation_name(op), path, a->count,
                          b->count);
            for (size_t d = 0; d < a->count; d++) {
                const eks_diag *x = &a->items[d], *y = &b->items[d];
                ck_assert_msg(x->code == y->code && x->severity == y->severity && x->offset == y->offset &&
                                  strcmp(x->path, y->path) == 0 && strcmp(x->message, y->message) == 0,
                              "%s %s, diagnostic %zu: checked %s at %s byte %zu (%s), decoded %s at %s byte %zu (%s)",
                              eks_operation_name(op), path, d, eks_diag_code_name(x->code), x->path, x->offset,
                              x->message, eks_diag_code_name(y->code), y->path, y->offset, y->message);
            }
            with_diags += a->count > 0;
            compared++;
            eks_op_decoded_request_free(&direct);
            eks_diags_free(&ex.diags);
        }
    }
    ck_assert_uint_gt(compared, 40 * nv); /* most of the 65 operations have a label */
    ck_assert_uint_gt(with_diags, compared / 2);
    eks_exchange_result_free(&res);
    eks_exchange_ctx_free(ctx);
}
END_TEST

static Suite *exchange_suite(void)
{
    Suite *s = suite_create("exchange");
    TCase *tc = tcase_create("exchange");
    tcase_add_test(tc, valid_exchange_signed_by_botocore);
    tcase_add_test(tc, null_arguments_and_names_outside_the_enums);
    tcase_add_test(tc, each_selection_rule);
    tcase_add_test(tc, host_rule_on_first_labels);
    tcase_add_test(tc, invalid_request);
    tcase_add_test(tc, invalid_response_and_orphan_response);
    tcase_add_test(tc, diagnostics_past_the_limit_are_counted);
    tcase_add_test(tc, skew_against_supplied_clock);
    tcase_add_test(tc, presigned_validity_window);
    tcase_add_test(tc, presigned_parameter_names_are_decoded);
    tcase_add_test(tc, signature_verified_with_supplied_credentials);
    tcase_add_test(tc, signature_past_the_header_limit_is_not_verified);
    tcase_add_test(tc, unsigned_header_rule);
    tcase_add_test(tc, options_and_arguments_the_header_refuses);
    tcase_add_test(tc, names);
    tcase_add_loop_test(tc, authorization_form, 0, (int)(sizeof auth_cases / sizeof auth_cases[0]));
    tcase_add_test(tc, signed_request_without_date);
    tcase_add_test(tc, signed_with_the_date_header);
    tcase_add_test(tc, a_reused_context_and_result_change_nothing);
    tcase_add_test(tc, a_reused_result_keeps_nothing_of_the_previous_check);
    tcase_add_test(tc, a_context_judges_each_host_by_its_own_region);
    tcase_add_test(tc, a_context_remembers_only_what_passed);
    tcase_add_test(tc, authorization_form_names_the_rule);
    tcase_add_test(tc, checked_labels_are_the_decoders_own);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return ts_run_suite(exchange_suite()); }
