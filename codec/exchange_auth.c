/* The Authorization checks of an exchange: form, credential scope, request date and clock
 * skew (SigV4: docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html). */
#include "exchange_internal.h"

#include "buf_inline.h"
#include "civil_time.h"
#include "http_name.h"
#include "sigv4_expires.h"

#include <stdio.h>
#include <string.h>


/* Region named by an EKS host (eks.<region>.amazonaws.com, eks-fips.<region>.api.aws, ...):
 * its second label, accepted (resolves) when the endpoint rules resolve that region. Returns
 * the host's memo entry, valid until the next call, or NULL without a host. */
static struct eks_exchange_host_memo *host_region(eks_exchange_ctx *c, eks_str host)
{
    if (!host.len) /* no Host and no authority */
        return NULL;
    /* the memo is keyed by the host as captured, port and all: a hit needs no eks_exchange_host_name */
    struct eks_exchange_host_memo *m = NULL;
    for (unsigned k = 0; k < EKS_EXCHANGE_HOST_MEMO; k++) {
        unsigned slot = (c->hosts_last_hit + k) % EKS_EXCHANGE_HOST_MEMO;
        if (c->hosts[slot].host_len == host.len && eks_bytes_equal(c->hosts[slot].host, host.ptr, host.len)) {
            m = &c->hosts[slot];
            c->hosts_last_hit = slot;
            break;
        }
    }
    if (!m) {
        eks_str h = eks_exchange_host_name(host);
        if (!h.len) /* ":port" alone: memchr must not see a NULL view */
            return NULL;
        m = &c->hosts[c->hosts_next++ % EKS_EXCHANGE_HOST_MEMO];
        m->host_len = 0; /* a host too long to keep is looked up again each time */
        m->region_len = 0;
        m->resolves = false;
        m->scope_len = 0;
        if (host.len <= EKS_ENDPOINT_HOSTNAME_MAX) {
            memcpy(m->host, host.ptr, host.len);
            m->host_len = host.len;
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
    return m;
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
static bool check_scope_fully(const eks_exchange_ctx *c, struct eks_exchange_host_memo *m, eks_str cred,
                              eks_str amz_date, const char *path, eks_diags *d)
{
    bool have_region = m && m->resolves;
    eks_str region = have_region ? (eks_str){m->region, m->region_len} : EKS_STR_ABSENT;
    /* Exactly four '/' (five parts), the last part aws4_request, the first not empty. The end
     * is compared first; the first three '/' are then searched for (the third not at all when
     * the second part is a date of eight digits), the fourth part must hold none. */
    static const char last[] = "/aws4_request";
    const size_t ll = sizeof last - 1;
    eks_str part[5];
    bool form = cred.len >= ll && eks_bytes_equal(cred.ptr + cred.len - ll, last, ll);
    bool digits = false;
    const char *p = cred.ptr, *head_end = cred.ptr + cred.len - (form ? ll : 0);
    for (size_t i = 0; form && i < 3; i++) {
        uint64_t digit_values;
        const char *slash;
        if (i == 1 && head_end - p > 8 && p[8] == '/' && eks_le64_digits(eks_load_le64(p), &digit_values)) {
            slash = p + 8;
            digits = true;
        } else {
            slash = memchr(p, '/', (size_t)(head_end - p));
        }
        if (!slash) {
            form = false;
        } else {
            part[i] = (eks_str){p, (size_t)(slash - p)};
            p = slash + 1;
        }
    }
    if (form) {
        part[3] = (eks_str){p, (size_t)(head_end - p)};
        part[4] = (eks_str){head_end + 1, ll - 1};
        for (size_t i = 0; i < part[3].len; i++)
            if (part[3].ptr[i] == '/')
                form = false;
    }
    if (!form || !part[0].len) {
        malformed(d, path, "Credential is not <access key>/<date>/<region>/<service>/aws4_request");
        return false;
    }
    bool ok = true;
    if (!digits) {
        malformed(d, path, "credential scope date is not YYYYMMDD");
        ok = false;
    } else if (amz_date.ptr && (amz_date.len < 8 || memcmp(amz_date.ptr, part[1].ptr, 8) != 0)) {
        malformed(d, path, "credential scope date differs from the date of X-Amz-Date");
        ok = false;
    }
    const char *service = c->service.ptr;
    if (part[3].len != c->service.len || !eks_bytes_equal(part[3].ptr, service, part[3].len)) {
        if (printable_token(part[3]))
            eks_diags_add(d, EKS_SEV_ERROR, EKS_DIAG_SIGNATURE_MALFORMED, path, SIZE_MAX,
                          "credential scope names service '%.*s', not '%s'", (int)part[3].len, part[3].ptr,
                          service);
        else
            eks_diags_add(d, EKS_SEV_ERROR, EKS_DIAG_SIGNATURE_MALFORMED, path, SIZE_MAX,
                          "credential scope does not name service '%s'", service);
        ok = false;
    }
    if (have_region && (part[2].len != region.len || !eks_bytes_equal(part[2].ptr, region.ptr, region.len))) {
        if (printable_token(part[2]))
            eks_diags_add(d, EKS_SEV_ERROR, EKS_DIAG_ENDPOINT, path, SIZE_MAX,
                          "credential scope region '%.*s' is not the host's region '%.*s'", (int)part[2].len,
                          part[2].ptr, (int)region.len, region.ptr);
        else
            eks_diags_add(d, EKS_SEV_ERROR, EKS_DIAG_ENDPOINT, path, SIZE_MAX,
                          "credential scope region is not the host's region '%.*s'", (int)region.len, region.ptr);
        ok = false;
    }
    if (ok && m && cred.len <= sizeof m->scope) {
        memcpy(m->scope, cred.ptr, cred.len);
        m->scope_len = cred.len;
        m->scope_day = (size_t)(part[1].ptr - cred.ptr);
    }
    return ok;
}

/* check_scope_fully, or true at once when the scope passed with this host before and the
 * request's day is still the scope's */
static inline bool check_scope(const eks_exchange_ctx *c, struct eks_exchange_host_memo *m, eks_str cred,
                               eks_str amz_date, const char *path, eks_diags *d)
{
    if (m && m->scope_len && cred.len == m->scope_len && eks_bytes_equal(cred.ptr, m->scope, cred.len) &&
        (!amz_date.ptr || (amz_date.len >= 8 && memcmp(amz_date.ptr, cred.ptr + m->scope_day, 8) == 0)))
        return true;
    return check_scope_fully(c, m, cred, amz_date, path, d);
}

static bool hex64(eks_str s)
{
    if (s.len != 64)
        return false;
    /* one test at the end: a signature is nearly always well formed */
    uint64_t bad = 0;
    for (size_t i = 0; i < 64; i += 8) {
        uint64_t x = eks_swar_load(s.ptr + i);
        /* a byte over 0x7F may upset the range tests' neighbours, but x itself flags it */
        bad |= x | ~(eks_swar_in_range(x, '0', '9') | eks_swar_in_range(x, 'a', 'f'));
    }
    return !(bad & EKS_SWAR_HIGHS);
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

static bool signed_headers_fully_ok(eks_exchange_ctx *c, eks_str s)
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
    if (host && s.len <= EKS_EXCHANGE_SIGNED_MEMO_MAX) {
        struct eks_exchange_signed_memo *m = &c->signed_lists[c->signed_next++ % EKS_EXCHANGE_SIGNED_MEMO];
        memcpy(m->list, s.ptr, s.len);
        m->len = s.len;
    }
    return host;
}

/* signed_headers_fully_ok, or true at once for a list that passed before */
static inline bool signed_headers_ok(eks_exchange_ctx *c, eks_str s)
{
    for (unsigned k = 0; k < EKS_EXCHANGE_SIGNED_MEMO; k++)
        if (s.len && c->signed_lists[k].len == s.len && eks_bytes_equal(c->signed_lists[k].list, s.ptr, s.len))
            return true;
    return signed_headers_fully_ok(c, s);
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

/* Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...: its three
 * values, or false once the form's first fault is reported. Components are split at ',' (the
 * spaces and commas before one skipped, the spaces after its value dropped), each named up to
 * its first '='. */
static bool split_authorization(eks_str v, const char *path, eks_diags *d, eks_str *cred, eks_str *sh, eks_str *sig)
{
    static const char alg[] = EKS_SIGV4_ALGORITHM " ";
    if (v.len < sizeof alg - 1 || memcmp(v.ptr, alg, sizeof alg - 1) != 0) {
        malformed(d, path, "Authorization does not start with \"AWS4-HMAC-SHA256 \"");
        return false;
    }
    *cred = *sh = *sig = EKS_STR_ABSENT;
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
                return false;
            }
            break;
        }
        const char *ve = e;
        while (ve > eq + 1 && ve[-1] == ' ')
            ve--;
        eks_str val = {eq + 1, (size_t)(ve - eq - 1)};
        size_t kl = (size_t)(eq - p);
        eks_str *slot = NULL;
        if (kl == 10 && memcmp(p, "Credential", 10) == 0) slot = cred;
        else if (kl == 13 && memcmp(p, "SignedHeaders", 13) == 0) slot = sh;
        else if (kl == 9 && memcmp(p, "Signature", 9) == 0) slot = sig;
        if (!slot || slot->ptr) {
            malformed(d, path, slot ? "Authorization repeats a component"
                                    : "Authorization has a component other than Credential, SignedHeaders, Signature");
            return false;
        }
        *slot = val;
        p = e;
    }
    if (!cred->ptr || !sh->ptr || !sig->ptr) {
        malformed(d, path, "Authorization lacks Credential, SignedHeaders or Signature");
        return false;
    }
    return true;
}

/* The layout the SDKs send, "AWS4-HMAC-SHA256 Credential=<c>, SignedHeaders=<s>,
 * Signature=<g>" with g the last 64 bytes, cut without split_authorization's search of each
 * component; false for any other layout. split_authorization finds the same three values
 * when c has no ',' and does not end in ' ' (checked here), and s and g have none either and
 * do not end in one (which signed_headers_ok and hex64 passing imply: the caller asks them). */
static bool split_usual(eks_str v, eks_str *cred, eks_str *sh, eks_str *sig)
{
    static const char head[] = EKS_SIGV4_ALGORITHM " Credential=", mid[] = ", SignedHeaders=",
                      tail[] = ", Signature=";
    const size_t hl = sizeof head - 1, ml = sizeof mid - 1, tl = sizeof tail - 1;
    if (v.len < hl + ml + tl + 64 || !eks_bytes_equal(v.ptr, head, hl) ||
        !eks_bytes_equal(v.ptr + v.len - 64 - tl, tail, tl))
        return false;
    /* the first ',' after "Credential=" must start ", SignedHeaders=" before the tail */
    const char *comma = memchr(v.ptr + hl, ',', v.len - 64 - tl - ml - hl + 1);
    if (!comma || !eks_bytes_equal(comma, mid, ml) || (comma > v.ptr + hl && comma[-1] == ' '))
        return false;
    *cred = (eks_str){v.ptr + hl, (size_t)(comma - v.ptr) - hl};
    *sh = (eks_str){comma + ml, (size_t)(v.ptr + v.len - 64 - tl - comma) - ml};
    *sig = (eks_str){v.ptr + v.len - 64, 64};
    return true;
}

/* Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=<64 hex> */
void eks_exchange_check_authorization(eks_exchange_ctx *c, const eks_exchange *ex, eks_diags *d, eks_auth_info *ai)
{
    const eks_http_request *req = &ex->request;
    struct eks_exchange_host_memo *host = host_region(c, ex->host);
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
        char ebuf[16];
        eks_str given = eks_exchange_query_param(req->query, "X-Amz-Expires", ebuf, sizeof ebuf);
        uint32_t expires = 0;
        if (!eks_sigv4_expires_parse(given, &expires)) {
            malformed(d, "query:X-Amz-Expires", "X-Amz-Expires is not an integer in 1..604800 (seconds)");
            ok = false;
        } else {
            ai->expires = expires;
        }
        eks_str cred = eks_exchange_query_param(req->query, "X-Amz-Credential", qbuf, sizeof qbuf);
        if (!cred.ptr) {
            malformed(d, "query:X-Amz-Credential", "presigned request without X-Amz-Credential");
            ok = false;
        } else if (!check_scope(c, host, cred, qd, "query:X-Amz-Credential", d)) {
            ok = false;
        }
        ai->well_formed = ok;
        return;
    }
    ai->present = true;
    const char *path = "header:authorization";
    eks_str cred, sh, sig;
    bool ok = true;
    if (!split_usual(auth->value, &cred, &sh, &sig) || !hex64(sig) || !signed_headers_ok(c, sh)) {
        if (!split_authorization(auth->value, path, d, &cred, &sh, &sig))
            return;
        if (!hex64(sig)) {
            malformed(d, path, "Signature is not 64 lower-case hex digits");
            ok = false;
        }
        if (!signed_headers_ok(c, sh)) {
            malformed(d, path, "SignedHeaders is not a ';'-separated list of lower-case names including host");
            ok = false;
        }
    }
    if (!date && !plain_date) {
        malformed(d, "header:x-amz-date", "signed request without X-Amz-Date (or Date)");
        ok = false;
    } else if (!date && !ai->from_date_header) {
        malformed(d, "header:date", "no X-Amz-Date, and the Date header is no date read here (IMF-fixdate, asctime, RFC 5322) in the years 1970..9999");
        ok = false;
    }
    if (!check_scope(c, host, cred, ai->amz_date, path, d))
        ok = false;
    ai->well_formed = ok;
}

void eks_exchange_check_clock_skew(const eks_exchange *ex, const eks_auth_info *ai, int64_t now, eks_diags *d)
{
    int64_t t_req, t_ref = now;
    const char *ref = "the clock";
    if (now == EKS_EXCHANGE_NO_CLOCK) {
        const eks_header *date = ex->has_response ? eks_http_find_lower4(ex->response.headers, ex->response.header_count, "date") : NULL;
        if (!date || !eks_parse_http_date(date->value, &t_ref))
            return;
        ref = "the response's Date";
    }
    if (!ai->amz_date.ptr || eks_sigv4_parse_time(ai->amz_date, &t_req) != EKS_OK)
        return;
    if (ai->presigned) {
        /* A presigned request is valid from its X-Amz-Date (a signer's clock a little ahead
         * is tolerated, as for a header) to X-Amz-Date + X-Amz-Expires, up to 7 days later:
         * being used hours after it was signed is what it is for. t_req and expires are
         * small (years 0..9999, 7 days): their sums cannot overflow. */
        if (ai->expires && t_ref > t_req + ai->expires)
            eks_diags_add(d, EKS_SEV_WARNING, EKS_DIAG_CLOCK_SKEW, "query:X-Amz-Expires", SIZE_MAX,
                          "presigned request used %llu s after it expired (X-Amz-Date + X-Amz-Expires %lld s), "
                          "by %s",
                          (unsigned long long)((uint64_t)t_ref - (uint64_t)(t_req + ai->expires)),
                          (long long)ai->expires, ref);
        else if (t_ref < t_req - EKS_EXCHANGE_CLOCK_SKEW_SECONDS)
            eks_diags_add(d, EKS_SEV_WARNING, EKS_DIAG_CLOCK_SKEW, "query:X-Amz-Date", SIZE_MAX,
                          "X-Amz-Date is %llu s after %s (more than %d minutes: signed in the future)",
                          (unsigned long long)((uint64_t)t_req - (uint64_t)t_ref), ref,
                          EKS_EXCHANGE_CLOCK_SKEW_SECONDS / 60);
        return;
    }
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
