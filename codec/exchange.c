/* Checking one exchange (exchange.h): the context, the driver and the result. */
#include "exchange_internal.h"
#include "http_name.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *eks_exchange_part_name(eks_exchange_part part)
{
    switch (part) {
    case EKS_PART_CAPTURE: return "capture";
    case EKS_PART_REQUEST: return "request";
    case EKS_PART_RESPONSE: return "response";
    case EKS_PART_EXCHANGE: return "exchange";
    }
    return "unknown";
}

const char *eks_verdict_name(eks_verdict v)
{
    switch (v) {
    case EKS_VERDICT_VALID: return "valid";
    case EKS_VERDICT_INVALID: return "invalid";
    case EKS_VERDICT_SKIPPED: return "skipped";
    }
    return "unknown";
}

eks_exchange_ctx *eks_exchange_ctx_new(const eks_exchange_options *cfg)
{
    if (!cfg || cfg->endpoint_count > EKS_EXCHANGE_MAX_ENDPOINTS)
        return NULL;
    /* half a credential would make verification fail on every exchange, or pass unchecked */
    if (cfg->verify_signatures && !cfg->creds.access_key_id.ptr != !cfg->creds.secret_access_key.ptr)
        return NULL;
    for (size_t i = 0; i < cfg->endpoint_count; i++)
        if (!cfg->endpoints[i])
            return NULL;
    eks_exchange_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->cfg = *cfg;
    c->service = eks_str_from_cstr(eks_service_signing_name());
    eks_decode_options decode = {.strict = cfg->strict};
    eks_decode_options_resolve(&decode, &c->decode, &c->decode_limits);
    c->scanner = eks_json_scanner_best();
    eks_sigv4_output_init(&c->scratch);
    if (cfg->verify_signatures && eks_sigv4_cache_new(0, &c->cache) != EKS_OK) {
        free(c);
        return NULL;
    }
    return c;
}

void eks_exchange_ctx_free(eks_exchange_ctx *c)
{
    if (!c)
        return;
    eks_sigv4_cache_free(c->cache);
    eks_sigv4_output_free(&c->scratch);
    eks_decode_state_free(c->spare_request);
    eks_decode_state_free(c->spare_response);
    free(c->hdrs);
    free(c);
}

void eks_exchange_result_free(eks_exchange_result *r)
{
    if (!r)
        return;
    if (r->req_decoded)
        eks_op_decoded_request_free(&r->req);
    if (r->resp_decoded)
        eks_op_decoded_response_free(&r->resp);
    eks_diags_free(&r->checks);
    memset(r, 0, sizeof *r);
}

static bool verify_signature(eks_exchange_ctx *c, const eks_exchange *ex, eks_diags *d)
{
    eks_http_request req = ex->request;
    /* SigV4 signs Host; captures made from URLs (HAR over HTTP/2, JSONL) may not list it */
    if (!eks_http_find_header(req.headers, req.header_count, "host") && ex->authority.ptr) {
        if (c->hdrs_cap < req.header_count + 1) {
            eks_header *n = realloc(c->hdrs, (req.header_count + 1) * sizeof *n);
            if (!n)
                return false;
            c->hdrs = n;
            c->hdrs_cap = req.header_count + 1;
        }
        if (req.header_count)
            memcpy(c->hdrs, req.headers, req.header_count * sizeof *c->hdrs);
        c->hdrs[req.header_count] = (eks_header){EKS_STR_LIT("Host"), ex->authority};
        req.headers = c->hdrs;
        req.header_count++;
    }
    eks_sigv4_config cfg;
    /* no time: skew is judged once, by eks_exchange_check_clock_skew, against the caller's
     * clock or the response's Date (a capture is checked after the fact) */
    memset(&cfg, 0, sizeof cfg);
    size_t errors = d->errors;
    eks_status st = eks_sigv4_verify(c->cache, &cfg, &c->cfg.creds, &req, &c->scratch, d);
    if (st == EKS_ERR_OUT_OF_MEMORY)
        return false;
    /* A failure that no finding explains would leave the exchange "valid" with its signature
     * never compared: that must read as an error, not as a verified request. */
    if (st != EKS_OK && d->errors == errors &&
        eks_diags_add(d, EKS_SEV_ERROR, EKS_DIAG_SIGNATURE_MISMATCH,
                      eks_http_find_header(req.headers, req.header_count, "authorization") ? "header:authorization"
                                                                                            : "query:X-Amz-Signature",
                      SIZE_MAX,
                      "the signature could not be verified (%s)", eks_strerror(st)) != EKS_OK)
        return false;
    return true;
}

/* Moves a decode state the result is done with into the context's empty spare slot, when it
 * is small enough to keep; frees it otherwise. */
static void keep_spare(eks_decode_state **spare, eks_decode_state *state)
{
    if (!*spare && state && eks_decode_state_capacity(state) <= EKS_EXCHANGE_SPARE_STATE_MAX)
        *spare = state;
    else
        eks_decode_state_free(state);
}

/* The context's spare state, now the caller's to hand to a decode. */
static eks_decode_state *take_spare(eks_decode_state **spare)
{
    eks_decode_state *s = *spare;
    *spare = NULL;
    return s;
}

/* A diagnostics list emptied as eks_exchange_result_free() leaves it (all zero); most are
 * empty already, and then nothing is called. */
static void diags_clear(eks_diags *d)
{
    if (d->items)
        eks_diags_free(d);
    *d = (eks_diags){0};
}

/* What eks_exchange_result_free() does before a check, less the zeroing of the decode
 * results that the check's decodes overwrite anyway (the result's largest part, zeroed up to
 * three times per exchange before): their states go to the context's spare slots, their
 * lists are freed, and clear_decodes() zeroes a part no decode will write. Until then a part
 * whose flag is false holds stale views, read by nothing. */
static void recycle_result(eks_exchange_ctx *c, eks_exchange_result *out)
{
    if (out->req_decoded) {
        keep_spare(&c->spare_request, out->req.state_);
        if (out->req.diags.items)
            eks_diags_free(&out->req.diags);
    }
    if (out->resp_decoded) {
        keep_spare(&c->spare_response, out->resp.state_);
        if (out->resp.diags.items)
            eks_diags_free(&out->resp.diags);
    }
    diags_clear(&out->checks);
    out->verdict = (eks_verdict)0;
    out->selected = false;
    out->selected_by = EKS_SELECTED_NONE;
    out->op = NULL;
    out->status = 0;
    out->path = out->request_id = out->authorization = EKS_STR_ABSENT;
    out->capture = NULL;
    out->req_decoded = out->resp_decoded = false;
}

/* Zeroes the decode results the check leaves undone (as eks_exchange_result_free() did). */
static void clear_decodes(eks_exchange_result *out, bool request, bool response)
{
    if (request)
        memset(&out->req, 0, sizeof out->req);
    if (response)
        memset(&out->resp, 0, sizeof out->resp);
}

/* A count of every part's diagnostics: the eks_diags member at `member` (offsetof), summed
 * over the parts the result holds. Inlined with a constant member where the check reads the
 * errors for the verdict. */
static inline size_t sum_over_parts(const eks_exchange_result *r, size_t member)
{
#define PART_COUNT(diags) (*(const size_t *)(const void *)((const char *)(diags) + member))
    size_t n = PART_COUNT(&r->checks) + (r->capture ? PART_COUNT(r->capture) : 0);
    if (r->req_decoded)
        n += PART_COUNT(&r->req.diags);
    if (r->resp_decoded)
        n += PART_COUNT(&r->resp.diags);
    return n;
#undef PART_COUNT
}

static inline size_t result_errors(const eks_exchange_result *r)
{
    return sum_over_parts(r, offsetof(eks_diags, errors));
}

/* An exchange that is not decoded still has its response's request id (a skipped or
 * unreadable exchange's answer carries one): a view into the exchange's header. A decoded
 * response's is its own copy. */
static void raw_request_id(const eks_exchange *ex, eks_exchange_result *out)
{
    const eks_header *rid = ex->has_response ? EKS_HTTP_FIND_LOWER(ex->response.headers, ex->response.header_count,
                                                                   "x-amzn-requestid")
                                             : NULL;
    if (rid)
        out->request_id = rid->value;
}

bool eks_exchange_check(eks_exchange_ctx *c, const eks_exchange *ex, int64_t now, eks_exchange_result *out)
{
    if (!c || !ex || !out)
        return false;
    recycle_result(c, out);
    out->capture = &ex->diags;
    out->status = ex->has_response ? ex->response.status : 0;
    if (ex->diags.errors || !ex->has_request) {
        /* unreadable record: invalid; an orphan response cannot be attributed: skipped */
        out->verdict = ex->diags.errors ? EKS_VERDICT_INVALID : EKS_VERDICT_SKIPPED;
        clear_decodes(out, true, true);
        raw_request_id(ex, out);
        return true;
    }
    eks_selection sel = eks_exchange_select(&c->cfg, &ex->request, ex->host);
    eks_route_match route;
    if (sel == EKS_SELECTED_NONE || eks_route(ex->request.method, ex->request.path, &route) != EKS_OK ||
        !route.op) {
        /* Not EKS traffic, or an EKS path no operation has: nothing to check it against. */
        out->verdict = EKS_VERDICT_SKIPPED;
        clear_decodes(out, true, true);
        raw_request_id(ex, out);
        return true;
    }
    out->selected = true;
    out->selected_by = sel;
    out->op = route.op;
    out->path = ex->request.path;
    eks_auth_info ai = {0};
    eks_exchange_check_authorization(c, ex, &out->checks, &ai);
    out->authorization = ai.authorization ? ai.authorization->value : EKS_STR_ABSENT;
    eks_status st = eks_op_request_decode_reusing(route.op, &ex->request, &route, &c->decode, &c->scanner,
                                                  &out->req, take_spare(&c->spare_request));
    out->req_decoded = true;
    if (!ex->has_response || st == EKS_ERR_OUT_OF_MEMORY)
        clear_decodes(out, false, true);
    if (st == EKS_ERR_OUT_OF_MEMORY)
        return false;
    if (ex->has_response) {
        st = eks_op_response_decode_reusing(route.op, &ex->response, &c->decode, &c->scanner, &out->resp,
                                            take_spare(&c->spare_response));
        out->resp_decoded = true;
        if (st == EKS_ERR_OUT_OF_MEMORY)
            return false;
        out->request_id = out->resp.request_id;
    }
    eks_exchange_check_clock_skew(ex, &ai, now, &out->checks);
    /* eks_op_request_idempotency_token(), read in place */
    const eks_member_desc *token = eks_op_token_member(route.op);
    if (token && out->req.diags.errors == 0 &&
        (!out->req.value || !((const eks_str *)((const char *)out->req.value + token->offset))->ptr)) {
        char path[96];
        snprintf(path, sizeof path, "$.%s", token->name);
        eks_diags_add(&out->checks, EKS_SEV_WARNING, EKS_DIAG_MISSING_IDEMPOTENCY_TOKEN, path, SIZE_MAX,
                      "%s is absent: a retry could not be told from a new request (the SDKs always send one)",
                      token->name);
    }
    if (c->cfg.verify_signatures && c->cfg.creds.access_key_id.ptr && ai.well_formed &&
        !verify_signature(c, ex, &out->checks))
        return false;
    out->verdict = result_errors(out) ? EKS_VERDICT_INVALID : EKS_VERDICT_VALID;
    return true;
}

size_t eks_exchange_result_errors(const eks_exchange_result *r)
{
    return r ? result_errors(r) : 0;
}

size_t eks_exchange_result_warnings(const eks_exchange_result *r)
{
    return r ? sum_over_parts(r, offsetof(eks_diags, warnings)) : 0;
}

size_t eks_exchange_result_dropped(const eks_exchange_result *r)
{
    return r ? sum_over_parts(r, offsetof(eks_diags, dropped)) : 0;
}

static eks_exchange_part part_of_check(const eks_diag *d)
{
    return d->code == EKS_DIAG_CLOCK_SKEW ? EKS_PART_EXCHANGE : EKS_PART_REQUEST;
}

void eks_exchange_result_each(const eks_exchange_result *r, eks_exchange_diag_fn fn, void *ctx)
{
    if (!r || !fn)
        return;
    if (r->capture)
        for (size_t i = 0; i < r->capture->count; i++)
            fn(ctx, EKS_PART_CAPTURE, &r->capture->items[i]);
    if (r->req_decoded)
        for (size_t i = 0; i < r->req.diags.count; i++)
            fn(ctx, EKS_PART_REQUEST, &r->req.diags.items[i]);
    for (size_t i = 0; i < r->checks.count; i++)
        if (part_of_check(&r->checks.items[i]) == EKS_PART_REQUEST)
            fn(ctx, EKS_PART_REQUEST, &r->checks.items[i]);
    if (r->resp_decoded)
        for (size_t i = 0; i < r->resp.diags.count; i++)
            fn(ctx, EKS_PART_RESPONSE, &r->resp.diags.items[i]);
    for (size_t i = 0; i < r->checks.count; i++)
        if (part_of_check(&r->checks.items[i]) == EKS_PART_EXCHANGE)
            fn(ctx, EKS_PART_EXCHANGE, &r->checks.items[i]);
}