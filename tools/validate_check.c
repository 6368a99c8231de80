/* Per-exchange checks of `ekscodec validate`; see validate_check.h. */
#include "validate_check.h"

#include "civil_time.h"

#include "ekscodec/endpoint.h"
#include "ekscodec/operation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* DESIGN §3: request time vs response Date beyond this is reported (SigV4 servers allow
 * 15 minutes; 5 is the point where a client clock is worth a look). */
#define VAL_CLOCK_SKEW_SECONDS 300

struct val_ctx {
    val_config cfg;
    eks_sigv4_cache *cache;
    eks_sigv4_output scratch;
    eks_header *hdrs; /* request headers plus a Host from the URL, for verification */
    size_t hdrs_cap;
    /* host -> region, for the last host seen (captures repeat one endpoint) */
    char last_host[EKS_ENDPOINT_HOST_MAX + 1];
    size_t last_host_len;
    char last_region[EKS_ENDPOINT_REGION_MAX + 1];
    bool last_has_region;
};

const char *val_part_name(val_part part)
{
    switch (part) {
    case VAL_PART_CAPTURE: return "capture";
    case VAL_PART_REQUEST: return "request";
    case VAL_PART_RESPONSE: return "response";
    case VAL_PART_EXCHANGE: return "exchange";
    }
    return "exchange";
}

const char *val_verdict_name(val_verdict v)
{
    switch (v) {
    case VAL_VALID: return "valid";
    case VAL_INVALID: return "invalid";
    case VAL_SKIPPED: return "skipped";
    }
    return "invalid";
}

val_ctx *val_ctx_new(const val_config *cfg)
{
    val_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->cfg = *cfg;
    eks_sigv4_output_init(&c->scratch);
    if (cfg->verify_signatures && eks_sigv4_cache_new(0, &c->cache) != EKS_OK) {
        free(c);
        return NULL;
    }
    return c;
}

void val_ctx_free(val_ctx *c)
{
    if (!c)
        return;
    eks_sigv4_cache_free(c->cache);
    eks_sigv4_output_free(&c->scratch);
    free(c->hdrs);
    free(c);
}

void val_result_free(val_result *r)
{
    if (r->req_decoded)
        eks_op_decoded_request_free(&r->req);
    if (r->resp_decoded)
        eks_op_decoded_response_free(&r->resp);
    eks_diags_free(&r->checks);
    memset(r, 0, sizeof *r);
}

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }

static bool ieq(const char *a, size_t alen, const char *b)
{
    size_t blen = strlen(b);
    if (alen != blen)
        return false;
    for (size_t i = 0; i < alen; i++)
        if (lower(a[i]) != b[i])
            return false;
    return true;
}

/* host without ":port" (IPv6 literals keep their brackets) */
static eks_str host_name(eks_str host)
{
    if (!host.ptr || !host.len || host.ptr[0] == '[')
        return host;
    const char *colon = memchr(host.ptr, ':', host.len);
    return colon ? (eks_str){host.ptr, (size_t)(colon - host.ptr)} : host;
}

const char *val_selection_name(val_selection s)
{
    switch (s) {
    case VAL_SELECTED_HOST: return "host";
    case VAL_SELECTED_VPC_ENDPOINT: return "vpc-endpoint";
    case VAL_SELECTED_ENDPOINT_OPTION: return "endpoint-option";
    case VAL_SELECTED_CREDENTIAL_SCOPE: return "credential-scope";
    case VAL_SELECTED_NONE: break;
    }
    return "none";
}

/* Does label `l` (of length n) equal the endpoint prefix, or the prefix + "-fips"? */
static bool is_prefix_label(const char *l, size_t n)
{
    const char *prefix = eks_service_endpoint_prefix();
    size_t pl = strlen(prefix);
    if (n != pl && n != pl + 5)
        return false;
    for (size_t i = 0; i < pl; i++)
        if (lower(l[i]) != prefix[i])
            return false;
    return n == pl || ieq(l + pl, 5, "-fips");
}

static bool ends_with_ci(eks_str s, const char *suffix)
{
    size_t n = strlen(suffix);
    return s.len >= n && ieq(s.ptr + s.len - n, n, suffix);
}

/* Interface VPC endpoint names: vpce-<id>[-<az>].<prefix>.<region>.vpce.amazonaws.com, and
 * .amazonaws.com.cn in the China partition; the second label names the service. */
static bool is_vpc_endpoint(eks_str h)
{
    if (h.len < 5 || !ieq(h.ptr, 5, "vpce-") ||
        !(ends_with_ci(h, ".vpce.amazonaws.com") || ends_with_ci(h, ".vpce.amazonaws.com.cn")))
        return false;
    const char *d1 = memchr(h.ptr, '.', h.len);
    const char *d2 = d1 ? memchr(d1 + 1, '.', (size_t)(h.ptr + h.len - d1 - 1)) : NULL;
    return d2 && is_prefix_label(d1 + 1, (size_t)(d2 - d1 - 1));
}

/* --endpoint HOST matches that host on any port; HOST:PORT only that port. */
static bool endpoint_named(const val_config *cfg, eks_str host)
{
    eks_str name = host_name(host);
    for (size_t i = 0; i < cfg->endpoint_count; i++) {
        const char *e = cfg->endpoints[i];
        bool has_port = e[0] == '[' ? strstr(e, "]:") != NULL : strchr(e, ':') != NULL;
        eks_str got = has_port ? host : name;
        size_t n = strlen(e);
        if (got.len != n)
            continue;
        bool same = true;
        for (size_t k = 0; k < n && same; k++)
            same = lower(got.ptr[k]) == lower(e[k]);
        if (same)
            return true;
    }
    return false;
}

static eks_str query_param(eks_str query, const char *name, char *buf, size_t bufsz);

/* The service named by the request's SigV4 credential scope: <key>/<date>/<region>/<service>/aws4_request. */
static bool scope_names_service(const eks_http_request *req)
{
    char buf[256];
    eks_str cred = EKS_STR_ABSENT;
    const eks_header *auth = eks_http_find_header(req->headers, req->header_count, "authorization");
    if (auth) {
        const char *p = auth->value.ptr, *end = p + auth->value.len;
        const char *c = NULL;
        for (const char *q = p; q + 11 <= end; q++)
            if (memcmp(q, "Credential=", 11) == 0) {
                c = q + 11;
                break;
            }
        if (c) {
            const char *e = memchr(c, ',', (size_t)(end - c));
            cred = (eks_str){c, (size_t)((e ? e : end) - c)};
        }
    } else {
        cred = query_param(req->query, "X-Amz-Credential", buf, sizeof buf);
    }
    if (!cred.ptr)
        return false;
    static const char tail[] = "/aws4_request";
    while (cred.len && cred.ptr[cred.len - 1] == ' ')
        cred.len--;
    if (cred.len < sizeof tail - 1 || memcmp(cred.ptr + cred.len - (sizeof tail - 1), tail, sizeof tail - 1) != 0)
        return false;
    eks_str rest = {cred.ptr, cred.len - (sizeof tail - 1)};
    const char *slash = NULL;
    for (size_t i = rest.len; i > 0; i--)
        if (rest.ptr[i - 1] == '/') {
            slash = rest.ptr + i - 1;
            break;
        }
    if (!slash)
        return false;
    return eks_str_eq_cstr((eks_str){slash + 1, (size_t)(rest.ptr + rest.len - slash - 1)},
                           eks_service_signing_name());
}

val_selection val_select(const val_config *cfg, const eks_http_request *req, eks_str host)
{
    eks_str h = host_name(host);
    if (h.ptr && h.len) {
        const char *dot = memchr(h.ptr, '.', h.len);
        if (is_prefix_label(h.ptr, dot ? (size_t)(dot - h.ptr) : h.len))
            return VAL_SELECTED_HOST;
        if (is_vpc_endpoint(h))
            return VAL_SELECTED_VPC_ENDPOINT;
    }
    if (host.ptr && endpoint_named(cfg, host))
        return VAL_SELECTED_ENDPOINT_OPTION;
    if (scope_names_service(req))
        return VAL_SELECTED_CREDENTIAL_SCOPE;
    return VAL_SELECTED_NONE;
}

/* Region named by an EKS host (eks.<region>.amazonaws.com, eks-fips.<region>.api.aws, ...):
 * its second label, accepted when the endpoint rules resolve that region. */
static bool host_region(val_ctx *c, eks_str host, eks_str *region)
{
    eks_str h = host_name(host);
    if (h.len == c->last_host_len && h.len && memcmp(h.ptr, c->last_host, h.len) == 0) {
        *region = eks_str_from_cstr(c->last_has_region ? c->last_region : NULL);
        return c->last_has_region;
    }
    c->last_has_region = false;
    c->last_host_len = 0;
    if (!h.len) { /* no Host (h.ptr may be NULL: no memcpy/memchr on it) */
        *region = EKS_STR_ABSENT;
        return false;
    }
    if (h.len <= EKS_ENDPOINT_HOSTNAME_MAX) {
        memcpy(c->last_host, h.ptr, h.len);
        c->last_host_len = h.len;
    }
    const char *d1 = memchr(h.ptr, '.', h.len);
    const char *d2 = d1 ? memchr(d1 + 1, '.', (size_t)(h.ptr + h.len - d1 - 1)) : NULL;
    if (d2 && (size_t)(d2 - d1 - 1) <= EKS_ENDPOINT_REGION_MAX) {
        size_t n = (size_t)(d2 - d1 - 1);
        for (size_t i = 0; i < n; i++)
            c->last_region[i] = lower(d1[1 + i]);
        c->last_region[n] = '\0';
        eks_endpoint_params p = {.region = {c->last_region, n}};
        eks_endpoint ep;
        c->last_has_region = n && eks_endpoint_resolve(&p, &ep, NULL, 0) == EKS_OK;
    }
    *region = eks_str_from_cstr(c->last_has_region ? c->last_region : NULL);
    return c->last_has_region;
}

/* Echo a scope part only when it looks like one (a DNS-label-ish token): anything else from
 * the capture stays out of the output. */
static bool printable_token(eks_str s)
{
    if (!s.len || s.len > 32)
        return false;
    for (size_t i = 0; i < s.len; i++) {
        char ch = s.ptr[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-'))
            return false;
    }
    return true;
}

typedef struct auth_info {
    bool present;
    bool presigned;
    bool well_formed;
    eks_str amz_date; /* X-Amz-Date header or query parameter */
} auth_info;

static eks_str query_param(eks_str query, const char *name, char *buf, size_t bufsz)
{
    if (!query.ptr)
        return EKS_STR_ABSENT;
    size_t nl = strlen(name);
    const char *p = query.ptr, *end = query.ptr + query.len;
    while (p && p < end) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *e = amp ? amp : end;
        if ((size_t)(e - p) > nl && memcmp(p, name, nl) == 0 && p[nl] == '=') {
            /* percent-decode into buf */
            size_t o = 0;
            for (const char *q = p + nl + 1; q < e && o + 1 < bufsz; q++) {
                if (*q == '%' && e - q >= 3) {
                    char hex[3] = {q[1], q[2], 0};
                    buf[o++] = (char)strtol(hex, NULL, 16);
                    q += 2;
                } else {
                    buf[o++] = *q;
                }
            }
            buf[o] = '\0';
            return (eks_str){buf, o};
        }
        p = amp ? amp + 1 : end;
    }
    return EKS_STR_ABSENT;
}

static void malformed(eks_diags *d, const char *path, const char *msg)
{
    eks_diags_add(d, EKS_SEV_ERROR, EKS_DIAG_SIGNATURE_MALFORMED, path, SIZE_MAX, "%s", msg);
}

/* Credential = AKID/YYYYMMDD/region/service/aws4_request */
static bool check_scope(eks_str cred, eks_str amz_date, bool have_region, eks_str region,
                        const char *path, eks_diags *d)
{
    eks_str part[5];
    size_t n = 0;
    const char *p = cred.ptr, *end = cred.ptr + cred.len;
    while (n < 5) {
        const char *slash = memchr(p, '/', (size_t)(end - p));
        const char *e = slash ? slash : end;
        part[n++] = (eks_str){p, (size_t)(e - p)};
        if (!slash)
            break;
        p = slash + 1;
    }
    if (n != 5 || part[4].ptr + part[4].len != end || !eks_str_eq_cstr(part[4], "aws4_request") || !part[0].len) {
        malformed(d, path, "Credential is not <access key>/<date>/<region>/<service>/aws4_request");
        return false;
    }
    bool ok = true;
    bool digits = part[1].len == 8;
    for (size_t i = 0; digits && i < 8; i++)
        digits = part[1].ptr[i] >= '0' && part[1].ptr[i] <= '9';
    if (!digits) {
        malformed(d, path, "credential scope date is not YYYYMMDD");
        ok = false;
    } else if (amz_date.ptr && (amz_date.len < 8 || memcmp(amz_date.ptr, part[1].ptr, 8) != 0)) {
        malformed(d, path, "credential scope date differs from the date of X-Amz-Date");
        ok = false;
    }
    const char *service = eks_service_signing_name();
    if (!eks_str_eq_cstr(part[3], service)) {
        if (printable_token(part[3]))
            eks_diags_add(d, EKS_SEV_ERROR, EKS_DIAG_SIGNATURE_MALFORMED, path, SIZE_MAX,
                          "credential scope names service '%.*s', not '%s'", (int)part[3].len, part[3].ptr,
                          service);
        else
            eks_diags_add(d, EKS_SEV_ERROR, EKS_DIAG_SIGNATURE_MALFORMED, path, SIZE_MAX,
                          "credential scope does not name service '%s'", service);
        ok = false;
    }
    if (have_region && !eks_str_eq(part[2], region)) {
        if (printable_token(part[2]))
            eks_diags_add(d, EKS_SEV_ERROR, EKS_DIAG_ENDPOINT, path, SIZE_MAX,
                          "credential scope region '%.*s' is not the host's region '%.*s'", (int)part[2].len,
                          part[2].ptr, (int)region.len, region.ptr);
        else
            eks_diags_add(d, EKS_SEV_ERROR, EKS_DIAG_ENDPOINT, path, SIZE_MAX,
                          "credential scope region is not the host's region '%.*s'", (int)region.len, region.ptr);
        ok = false;
    }
    return ok;
}

static bool hex64(eks_str s)
{
    if (s.len != 64)
        return false;
    for (size_t i = 0; i < 64; i++) {
        char ch = s.ptr[i];
        if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f')))
            return false;
    }
    return true;
}

static bool signed_headers_ok(eks_str s)
{
    /* lower-case names joined by ';', host among them (SigV4 always signs it) */
    bool host = false;
    const char *p = s.ptr, *end = s.ptr + s.len;
    if (!s.len)
        return false;
    while (p <= end) {
        const char *semi = memchr(p, ';', (size_t)(end - p));
        const char *e = semi ? semi : end;
        if (e == p)
            return false;
        for (const char *q = p; q < e; q++)
            if ((*q >= 'A' && *q <= 'Z') || *q <= ' ' || *q == ',')
                return false;
        if (e - p == 4 && memcmp(p, "host", 4) == 0)
            host = true;
        if (!semi)
            break;
        p = semi + 1;
    }
    return host;
}

/* Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=<64 hex> */
static void check_authorization(val_ctx *c, const cap_exchange *ex, eks_diags *d, auth_info *ai)
{
    const eks_http_request *req = &ex->request;
    eks_str region = EKS_STR_ABSENT;
    bool have_region = host_region(c, ex->host, &region);
    const eks_header *auth = eks_http_find_header(req->headers, req->header_count, "authorization");
    const eks_header *date = eks_http_find_header(req->headers, req->header_count, "x-amz-date");
    char qbuf[256], dbuf[32];
    ai->amz_date = date ? date->value : EKS_STR_ABSENT;
    if (!auth) {
        eks_str sig = query_param(req->query, "X-Amz-Signature", qbuf, sizeof qbuf);
        if (!sig.ptr) {
            eks_diags_add(d, EKS_SEV_ERROR, EKS_DIAG_SIGNATURE_MISSING, "header:authorization", SIZE_MAX,
                          "no Authorization header and no X-Amz-Signature query parameter: the request is not signed");
            return;
        }
        ai->present = ai->presigned = true;
        bool ok = hex64(sig);
        if (!ok)
            malformed(d, "query:X-Amz-Signature", "X-Amz-Signature is not 64 lower-case hex digits");
        eks_str qd = query_param(req->query, "X-Amz-Date", dbuf, sizeof dbuf);
        ai->amz_date = qd;
        eks_str cred = query_param(req->query, "X-Amz-Credential", qbuf, sizeof qbuf);
        if (!cred.ptr) {
            malformed(d, "query:X-Amz-Credential", "presigned request without X-Amz-Credential");
            ok = false;
        } else if (!check_scope(cred, qd, have_region, region, "query:X-Amz-Credential", d)) {
            ok = false;
        }
        ai->well_formed = ok;
        return;
    }
    ai->present = true;
    const char *path = "header:authorization";
    eks_str v = auth->value;
    static const char alg[] = EKS_SIGV4_ALGORITHM " ";
    if (v.len < sizeof alg - 1 || memcmp(v.ptr, alg, sizeof alg - 1) != 0) {
        malformed(d, path, "Authorization does not start with \"AWS4-HMAC-SHA256 \"");
        return;
    }
    eks_str cred = EKS_STR_ABSENT, sh = EKS_STR_ABSENT, sig = EKS_STR_ABSENT;
    const char *p = v.ptr + sizeof alg - 1, *end = v.ptr + v.len;
    while (p < end) {
        while (p < end && (*p == ' ' || *p == ','))
            p++;
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *e = comma ? comma : end;
        const char *eq = memchr(p, '=', (size_t)(e - p));
        if (!eq) {
            if (p < e) {
                malformed(d, path, "Authorization has a component without '='");
                return;
            }
            break;
        }
        const char *ve = e;
        while (ve > eq + 1 && ve[-1] == ' ')
            ve--;
        eks_str val = {eq + 1, (size_t)(ve - eq - 1)};
        size_t kl = (size_t)(eq - p);
        eks_str *slot = NULL;
        if (kl == 10 && memcmp(p, "Credential", 10) == 0) slot = &cred;
        else if (kl == 13 && memcmp(p, "SignedHeaders", 13) == 0) slot = &sh;
        else if (kl == 9 && memcmp(p, "Signature", 9) == 0) slot = &sig;
        if (!slot || slot->ptr) {
            malformed(d, path, slot ? "Authorization repeats a component"
                                    : "Authorization has a component other than Credential, SignedHeaders, Signature");
            return;
        }
        *slot = val;
        p = e;
    }
    bool ok = true;
    if (!cred.ptr || !sh.ptr || !sig.ptr) {
        malformed(d, path, "Authorization lacks Credential, SignedHeaders or Signature");
        return;
    }
    if (!hex64(sig)) {
        malformed(d, path, "Signature is not 64 lower-case hex digits");
        ok = false;
    }
    if (!signed_headers_ok(sh)) {
        malformed(d, path, "SignedHeaders is not a ';'-separated list of lower-case names including host");
        ok = false;
    }
    if (!date && !eks_http_find_header(req->headers, req->header_count, "date")) {
        malformed(d, "header:x-amz-date", "signed request without X-Amz-Date (or Date)");
        ok = false;
    }
    if (!check_scope(cred, ai->amz_date, have_region, region, path, d))
        ok = false;
    ai->well_formed = ok;
}

bool val_parse_http_date(eks_str s, int64_t *epoch)
{
    /* IMF-fixdate: day-name "," SP 2DIGIT SP month SP 4DIGIT SP HH:MM:SS SP "GMT" (29 bytes) */
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    if (!s.ptr || s.len != 29 || s.ptr[3] != ',' || s.ptr[4] != ' ' || s.ptr[7] != ' ' || s.ptr[11] != ' ' ||
        s.ptr[16] != ' ' || s.ptr[19] != ':' || s.ptr[22] != ':' || s.ptr[25] != ' ' ||
        memcmp(s.ptr + 26, "GMT", 3) != 0)
        return false;
    unsigned day, year, hh, mm, ss, mon = 0;
    for (unsigned i = 0; i < 12; i++)
        if (memcmp(s.ptr + 8, months + 3 * i, 3) == 0)
            mon = i + 1;
    if (!mon || !eks_parse_digits(s.ptr + 5, 2, &day) || !eks_parse_digits(s.ptr + 12, 4, &year) ||
        !eks_parse_digits(s.ptr + 17, 2, &hh) || !eks_parse_digits(s.ptr + 20, 2, &mm) ||
        !eks_parse_digits(s.ptr + 23, 2, &ss) || day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60)
        return false;
    *epoch = eks_days_from_civil(year, mon, day) * 86400 + hh * 3600 + mm * 60 + ss;
    return true;
}

static void check_clock_skew(const cap_exchange *ex, const auth_info *ai, eks_diags *d)
{
    int64_t t_req, t_resp;
    const eks_header *date = eks_http_find_header(ex->response.headers, ex->response.header_count, "date");
    if (!ai->amz_date.ptr || !date || eks_sigv4_parse_time(ai->amz_date, &t_req) != EKS_OK ||
        !val_parse_http_date(date->value, &t_resp))
        return;
    int64_t diff = t_req - t_resp;
    if (diff > VAL_CLOCK_SKEW_SECONDS || diff < -VAL_CLOCK_SKEW_SECONDS)
        eks_diags_add(d, EKS_SEV_WARNING, EKS_DIAG_CLOCK_SKEW, "header:x-amz-date", SIZE_MAX,
                      "X-Amz-Date is %lld s %s the response's Date (more than %d minutes apart)",
                      (long long)(diff < 0 ? -diff : diff), diff < 0 ? "before" : "after",
                      VAL_CLOCK_SKEW_SECONDS / 60);
}

static bool verify_signature(val_ctx *c, const cap_exchange *ex, eks_diags *d)
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
    memset(&cfg, 0, sizeof cfg); /* no time: a capture is checked after the fact */
    eks_status st = eks_sigv4_verify(c->cache, &cfg, &c->cfg.creds, &req, &c->scratch, d);
    return st != EKS_ERR_OUT_OF_MEMORY;
}

bool val_check(val_ctx *c, const cap_exchange *ex, val_result *out)
{
    val_result_free(out);
    out->capture = &ex->diags;
    out->status = ex->has_response ? ex->response.status : 0;
    eks_decode_options opt = {.strict = c->cfg.strict};
    if (ex->diags.errors || !ex->has_request) {
        /* unreadable record: invalid; an orphan response cannot be attributed: skipped */
        out->verdict = ex->diags.errors ? VAL_INVALID : VAL_SKIPPED;
        return true;
    }
    val_selection sel = val_select(&c->cfg, &ex->request, ex->host);
    eks_route_match route;
    if (sel == VAL_SELECTED_NONE || eks_route(ex->request.method, ex->request.path, &route) != EKS_OK ||
        !route.op) {
        /* Not EKS traffic, or an EKS path no operation has: nothing to check it against. */
        out->verdict = VAL_SKIPPED;
        return true;
    }
    out->selected = true;
    out->selected_by = sel;
    out->op = route.op;
    out->path = ex->request.path;
    const eks_header *auth = eks_http_find_header(ex->request.headers, ex->request.header_count, "authorization");
    out->authorization = auth ? auth->value : EKS_STR_ABSENT;
    eks_status st = eks_op_request_decode(route.op, &ex->request, &opt, &out->req);
    out->req_decoded = true;
    if (st == EKS_ERR_OUT_OF_MEMORY)
        return false;
    if (ex->has_response) {
        st = eks_op_response_decode(route.op, &ex->response, &opt, &out->resp);
        out->resp_decoded = true;
        if (st == EKS_ERR_OUT_OF_MEMORY)
            return false;
        out->request_id = out->resp.request_id;
    }
    auth_info ai = {0};
    check_authorization(c, ex, &out->checks, &ai);
    if (ex->has_response)
        check_clock_skew(ex, &ai, &out->checks);
    const char *token_member = NULL;
    eks_str token = eks_op_request_idempotency_token(route.op, out->req.value, &token_member);
    if (token_member && !token.ptr && out->req.diags.errors == 0) {
        char path[96];
        snprintf(path, sizeof path, "$.%s", token_member);
        eks_diags_add(&out->checks, EKS_SEV_WARNING, EKS_DIAG_MISSING_IDEMPOTENCY_TOKEN, path, SIZE_MAX,
                      "%s is absent: a retry could not be told from a new request (the SDKs always send one)",
                      token_member);
    }
    if (c->cfg.verify_signatures && c->cfg.creds.access_key_id.ptr && ai.well_formed &&
        !verify_signature(c, ex, &out->checks))
        return false;
    out->verdict = val_result_errors(out) ? VAL_INVALID : VAL_VALID;
    return true;
}

size_t val_result_errors(const val_result *r)
{
    size_t n = r->checks.errors + (r->capture ? r->capture->errors : 0);
    if (r->req_decoded)
        n += r->req.diags.errors;
    if (r->resp_decoded)
        n += r->resp.diags.errors;
    return n;
}

size_t val_result_warnings(const val_result *r)
{
    size_t n = r->checks.warnings + (r->capture ? r->capture->warnings : 0);
    if (r->req_decoded)
        n += r->req.diags.warnings;
    if (r->resp_decoded)
        n += r->resp.diags.warnings;
    return n;
}

static val_part part_of_check(const eks_diag *d)
{
    return d->code == EKS_DIAG_CLOCK_SKEW ? VAL_PART_EXCHANGE : VAL_PART_REQUEST;
}

void val_result_each(const val_result *r, val_diag_fn fn, void *ctx)
{
    if (r->capture)
        for (size_t i = 0; i < r->capture->count; i++)
            fn(ctx, VAL_PART_CAPTURE, &r->capture->items[i]);
    if (r->req_decoded)
        for (size_t i = 0; i < r->req.diags.count; i++)
            fn(ctx, VAL_PART_REQUEST, &r->req.diags.items[i]);
    for (size_t i = 0; i < r->checks.count; i++)
        if (part_of_check(&r->checks.items[i]) == VAL_PART_REQUEST)
            fn(ctx, VAL_PART_REQUEST, &r->checks.items[i]);
    if (r->resp_decoded)
        for (size_t i = 0; i < r->resp.diags.count; i++)
            fn(ctx, VAL_PART_RESPONSE, &r->resp.diags.items[i]);
    for (size_t i = 0; i < r->checks.count; i++)
        if (part_of_check(&r->checks.items[i]) == VAL_PART_EXCHANGE)
            fn(ctx, VAL_PART_EXCHANGE, &r->checks.items[i]);
}
