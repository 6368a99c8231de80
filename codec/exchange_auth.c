/* The Authorization checks of an exchange: form, credential scope, request date and clock
 * skew (SigV4: docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html). */
#include "exchange_internal.h"

#include "buf_inline.h"
#include "http_name.h"

#include <stdio.h>
#include <string.h>


/* Region named by an EKS host (eks.<region>.amazonaws.com, eks-fips.<region>.api.aws, ...):
 * its second label, accepted when the endpoint rules resolve that region. *region points
 * into the context's memo and stays valid until the next call. */
static bool host_region(eks_exchange_ctx *c, eks_str host, eks_str *region)
{
    eks_str h = eks_exchange_host_name(host);
    *region = EKS_STR_ABSENT;
    if (!h.len) /* no Host and no authority: memchr must not see a NULL view */
        return false;
    struct eks_exchange_host_memo *m = NULL;
    for (unsigned k = 0; k < EKS_EXCHANGE_HOST_MEMO; k++) {
        unsigned slot = (c->hosts_last_hit + k) % EKS_EXCHANGE_HOST_MEMO;
        if (c->hosts[slot].host_len == h.len && memcmp(c->hosts[slot].host, h.ptr, h.len) == 0) {
            m = &c->hosts[slot];
            c->hosts_last_hit = slot;
            break;
        }
    }
    if (!m) {
        m = &c->hosts[c->hosts_next++ % EKS_EXCHANGE_HOST_MEMO];
        m->host_len = 0; /* a host too long to keep is looked up again each time */
        m->region_len = 0;
        m->resolves = false;
        if (h.len <= EKS_ENDPOINT_HOSTNAME_MAX) {
            memcpy(m->host, h.ptr, h.len);
            m->host_len = h.len;
        }
        const char *d1 = memchr(h.ptr, '.', h.len);
        const char *d2 = d1 ? memchr(d1 + 1, '.', (size_t)(h.ptr + h.len - d1 - 1)) : NULL;
        size_t n = d2 ? (size_t)(d2 - d1 - 1) : 0;
        if (n && n <= EKS_ENDPOINT_REGION_MAX) {
            for (size_t i = 0; i < n; i++)
                m->region[i] = eks_exchange_lower(d1[1 + i]);
            m->region[n] = '\0';
            m->region_len = n;
            eks_endpoint_params p = {.region = {m->region, n}};
            eks_endpoint ep;
            m->resolves = eks_endpoint_resolve(&p, &ep, NULL, 0) == EKS_OK;
        }
    }
    if (m->resolves)
        *region = (eks_str){m->region, m->region_len};
    return m->resolves;
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


static void malformed(eks_diags *d, const char *path, const char *msg)
{
    eks_diags_add(d, EKS_SEV_ERROR, EKS_DIAG_SIGNATURE_MALFORMED, path, SIZE_MAX, "%s", msg);
}

/* Credential = AKID/YYYYMMDD/region/service/aws4_request */
static bool check_scope(const eks_exchange_ctx *c, eks_str cred, eks_str amz_date, bool have_region,
                        eks_str region, const char *path, eks_diags *d)
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
    if (n != 5 || part[4].ptr + part[4].len != end || !EKS_STR_IS_LITERAL(part[4], "aws4_request") || !part[0].len) {
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
    const char *service = c->service.ptr;
    if (part[3].len != c->service.len || memcmp(part[3].ptr, service, part[3].len) != 0) {
        if (printable_token(part[3]))
            eks_diags_add(d, EKS_SEV_ERROR, EKS_DIAG_SIGNATURE_MALFORMED, path, SIZE_MAX,
                          "credential scope names service '%.*s', not '%s'", (int)part[3].len, part[3].ptr,
                          service);
        else
            eks_diags_add(d, EKS_SEV_ERROR, EKS_DIAG_SIGNATURE_MALFORMED, path, SIZE_MAX,
                          "credential scope does not name service '%s'", service);
        ok = false;
    }
    if (have_region && (part[2].len != region.len || memcmp(part[2].ptr, region.ptr, region.len) != 0)) {
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
    for (size_t i = 0; i < 64; i += 8) {
        uint64_t x = eks_swar_load(s.ptr + i);
        if ((x & EKS_SWAR_HIGHS) ||
            (eks_swar_in_range(x, '0', '9') | eks_swar_in_range(x, 'a', 'f')) != EKS_SWAR_HIGHS)
            return false;
    }
    return true;
}

/* A byte SignedHeaders may not hold: upper case, a control or space, ',' or a byte over 0x7F. */
static bool bad_signed_header_byte(char c)
{
    return (unsigned char)c >= 0x80 || (c >= 'A' && c <= 'Z') || c <= ' ' || c == ',';
}

static bool has_bad_signed_header_byte(const char *p, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x = eks_swar_load(p + i), y = x & ~EKS_SWAR_HIGHS;
        if ((x & EKS_SWAR_HIGHS) | eks_swar_in_range(y, 0, ' ') | eks_swar_in_range(y, 'A', 'Z') |
            eks_swar_in_range(y, ',', ','))
            return true;
    }
    for (; i < n; i++)
        if (bad_signed_header_byte(p[i]))
            return true;
    return false;
}

static bool signed_headers_ok(eks_str s)
{
    /* lower-case names joined by ';', host among them (SigV4 always signs it) */
    bool host = false;
    const char *p = s.ptr, *end = s.ptr + s.len;
    if (!s.len || has_bad_signed_header_byte(s.ptr, s.len))
        return false;
    while (p <= end) {
        const char *semi = memchr(p, ';', (size_t)(end - p));
        const char *e = semi ? semi : end;
        if (e == p)
            return false;
        if (e - p == 4 && memcmp(p, "host", 4) == 0)
            host = true;
        if (!semi)
            break;
        p = semi + 1;
    }
    return host;
}

/* Whether header name `name` is `lower` (a lower-case name of n bytes) in any case. */
static inline bool header_is(eks_str name, const char *lower, size_t n)
{
    return name.len == n && name.ptr && eks_ascii_equal_lower(name.ptr, lower, n);
}

/* The first Authorization, X-Amz-Date and Date headers, in one pass over the headers (what
 * eks_http_find_header finds, looking once rather than three times). */
static void find_auth_headers(const eks_http_request *req, const eks_header **auth, const eks_header **amz_date,
                              const eks_header **date)
{
    *auth = *amz_date = *date = NULL;
    for (size_t i = 0; i < req->header_count; i++) {
        const eks_header *h = &req->headers[i];
        switch (h->name.len) {
        case 13:
            if (!*auth && header_is(h->name, "authorization", 13))
                *auth = h;
            break;
        case 10:
            if (!*amz_date && header_is(h->name, "x-amz-date", 10))
                *amz_date = h;
            break;
        case 4:
            if (!*date && header_is(h->name, "date", 4))
                *date = h;
            break;
        default:
            break;
        }
    }
}

/* Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=<64 hex> */
void eks_exchange_check_authorization(eks_exchange_ctx *c, const eks_exchange *ex, eks_diags *d, eks_auth_info *ai)
{
    const eks_http_request *req = &ex->request;
    eks_str region = EKS_STR_ABSENT;
    bool have_region = host_region(c, ex->host, &region);
    const eks_header *auth, *date, *plain_date;
    find_auth_headers(req, &auth, &date, &plain_date);
    char qbuf[256];
    ai->authorization = auth;
    ai->amz_date = date ? date->value : EKS_STR_ABSENT;
    ai->from_date_header = false;
    int64_t plain_t;
    if (auth && !date && plain_date && eks_parse_date_field(plain_date->value, &plain_t) &&
        eks_sigv4_format_time(plain_t, ai->date_buf) == EKS_OK) {
        /* SigV4 signs the Date header's time when there is no X-Amz-Date */
        ai->amz_date = (eks_str){ai->date_buf, EKS_SIGV4_DATE_LEN};
        ai->from_date_header = true;
    }
    if (!auth) {
        eks_str sig = eks_exchange_query_param(req->query, "X-Amz-Signature", qbuf, sizeof qbuf);
        if (!sig.ptr) {
            eks_diags_add(d, EKS_SEV_ERROR, EKS_DIAG_SIGNATURE_MISSING, "header:authorization", SIZE_MAX,
                          "no Authorization header and no X-Amz-Signature query parameter: the request is not signed");
            return;
        }
        ai->present = ai->presigned = true;
        bool ok = hex64(sig);
        if (!ok)
            malformed(d, "query:X-Amz-Signature", "X-Amz-Signature is not 64 lower-case hex digits");
        eks_str qd = eks_exchange_query_param(req->query, "X-Amz-Date", ai->date_buf, sizeof ai->date_buf);
        ai->amz_date = qd;
        eks_str cred = eks_exchange_query_param(req->query, "X-Amz-Credential", qbuf, sizeof qbuf);
        if (!cred.ptr) {
            malformed(d, "query:X-Amz-Credential", "presigned request without X-Amz-Credential");
            ok = false;
        } else if (!check_scope(c, cred, qd, have_region, region, "query:X-Amz-Credential", d)) {
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
    if (!date && !plain_date) {
        malformed(d, "header:x-amz-date", "signed request without X-Amz-Date (or Date)");
        ok = false;
    } else if (!date && !ai->from_date_header) {
        malformed(d, "header:date", "no X-Amz-Date, and the Date header is no date read here (IMF-fixdate, asctime, RFC 5322) in the years 1970..9999");
        ok = false;
    }
    if (!check_scope(c, cred, ai->amz_date, have_region, region, path, d))
        ok = false;
    ai->well_formed = ok;
}

void eks_exchange_check_clock_skew(const eks_exchange *ex, const eks_auth_info *ai, int64_t now, eks_diags *d)
{
    int64_t t_req, t_ref = now;
    const char *ref = "the clock";
    if (now == EKS_EXCHANGE_NO_CLOCK) {
        const eks_header *date =
            ex->has_response ? EKS_HTTP_FIND_LOWER(ex->response.headers, ex->response.header_count, "date") : NULL;
        if (!date || !eks_parse_http_date(date->value, &t_ref))
            return;
        ref = "the response's Date";
    }
    if (!ai->amz_date.ptr || eks_sigv4_parse_time(ai->amz_date, &t_req) != EKS_OK)
        return;
    /* t_req is within the years 0..9999 but the caller's clock may be any int64: the
     * difference saturates instead of overflowing */
    int64_t diff = (t_ref > 0 && t_req < t_ref - INT64_MAX) ? INT64_MIN + 1
                   : (t_ref < 0 && t_req > t_ref + INT64_MAX) ? INT64_MAX
                                                               : t_req - t_ref;
    if (diff > EKS_EXCHANGE_CLOCK_SKEW_SECONDS || diff < -EKS_EXCHANGE_CLOCK_SKEW_SECONDS)
        eks_diags_add(d, EKS_SEV_WARNING, EKS_DIAG_CLOCK_SKEW,
                      ai->from_date_header ? "header:date" : "header:x-amz-date", SIZE_MAX,
                      "%s is %lld s %s %s (more than %d minutes apart)", ai->from_date_header ? "Date" : "X-Amz-Date",
                      (long long)(diff < 0 ? -diff : diff), diff < 0 ? "before" : "after", ref,
                      EKS_EXCHANGE_CLOCK_SKEW_SECONDS / 60);
}
