/* Which exchanges are EKS traffic (DESIGN §3): the selection rules of eks_exchange_select. */
#include "exchange_internal.h"
#include "char_class.h"
#include "model_desc.h"

#include <stdlib.h>
#include <string.h>

static bool ieq(const char *a, size_t alen, const char *b)
{
    size_t blen = strlen(b);
    if (alen != blen)
        return false;
    for (size_t i = 0; i < alen; i++)
        if (eks_exchange_lower(a[i]) != b[i])
            return false;
    return true;
}

eks_str eks_exchange_host_name(eks_str host)
{
    if (!host.ptr || !host.len || host.ptr[0] == '[')
        return host;
    const char *colon = memchr(host.ptr, ':', host.len);
    return colon ? (eks_str){host.ptr, (size_t)(colon - host.ptr)} : host;
}
const char *eks_selection_name(eks_selection s)
{
    switch (s) {
    case EKS_SELECTED_HOST: return "host";
    case EKS_SELECTED_VPC_ENDPOINT: return "vpc-endpoint";
    case EKS_SELECTED_ENDPOINT_OPTION: return "endpoint-option";
    case EKS_SELECTED_CREDENTIAL_SCOPE: return "credential-scope";
    case EKS_SELECTED_NONE: break;
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
        if (eks_exchange_lower(l[i]) != prefix[i])
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
static bool endpoint_named(const eks_exchange_options *cfg, eks_str host)
{
    eks_str name = eks_exchange_host_name(host);
    size_t count = cfg->endpoint_count < EKS_EXCHANGE_MAX_ENDPOINTS ? cfg->endpoint_count : EKS_EXCHANGE_MAX_ENDPOINTS;
    for (size_t i = 0; i < count; i++) {
        const char *e = cfg->endpoints[i];
        if (!e)
            continue;
        bool has_port = e[0] == '[' ? strstr(e, "]:") != NULL : strchr(e, ':') != NULL;
        eks_str got = has_port ? host : name;
        size_t n = strlen(e);
        if (got.len != n)
            continue;
        bool same = true;
        for (size_t k = 0; k < n && same; k++)
            same = eks_exchange_lower(got.ptr[k]) == eks_exchange_lower(e[k]);
        if (same)
            return true;
    }
    return false;
}

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
        cred = eks_exchange_query_param(req->query, "X-Amz-Credential", buf, sizeof buf);
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

/* The first rule on the host as captured, in one pass from its start: the prefix (or the
 * prefix + "-fips") followed by the end of the first DNS label, which is a '.', the ':' of
 * a port, or the end. What is_prefix_label decides on eks_exchange_host_name's label, without
 * finding the ':' and the '.' first: nearly every exchange of a capture is selected here. A
 * host starting with '[' (an IPv6 literal) fails on its first byte, as there. */
static bool host_label_is_prefix(eks_str host)
{
    const char *prefix = eks_service.endpoint_prefix; /* the table itself: no call, no registers to keep */
    size_t i = 0;
    for (; prefix[i]; i++)
        if (i == host.len || eks_exchange_lower(host.ptr[i]) != prefix[i])
            return false;
    if (i == host.len || host.ptr[i] == '.' || host.ptr[i] == ':')
        return true;
    if (host.len - i < 5 || !ieq(host.ptr + i, 5, "-fips"))
        return false;
    i += 5;
    return i == host.len || host.ptr[i] == '.' || host.ptr[i] == ':';
}

/* The rules after the first, for the exchanges it does not select (kept out of line, so
 * that the common case saves no registers for them). */
__attribute__((noinline)) static eks_selection select_by_other_rules(const eks_exchange_options *cfg,
                                                                    const eks_http_request *req, eks_str host)
{
    eks_str h = eks_exchange_host_name(host);
    if (h.ptr && h.len && is_vpc_endpoint(h))
        return EKS_SELECTED_VPC_ENDPOINT;
    if (host.ptr && cfg && endpoint_named(cfg, host))
        return EKS_SELECTED_ENDPOINT_OPTION;
    if (req && scope_names_service(req))
        return EKS_SELECTED_CREDENTIAL_SCOPE;
    return EKS_SELECTED_NONE;
}

eks_selection eks_exchange_select(const eks_exchange_options *cfg, const eks_http_request *req, eks_str host)
{
    if (host.ptr && host_label_is_prefix(host))
        return EKS_SELECTED_HOST;
    return select_by_other_rules(cfg, req, host);
}
/* The byte at p[*i] of a query key or value percent-decoded, *i moved past it: "%XX" with two
 * hex digits is one byte, any other '%' stands for itself, as the SigV4 verifier reads the
 * query (sigv4_canon.c). */
static char decoded_byte(const char *p, size_t n, size_t *i)
{
    unsigned hi, lo;
    if (p[*i] == '%' && *i + 2 < n && (hi = eks_hex_digit1[(unsigned char)p[*i + 1]]) != 0 &&
        (lo = eks_hex_digit1[(unsigned char)p[*i + 2]]) != 0) {
        *i += 3;
        return (char)((hi - 1) * 16 + (lo - 1));
    }
    return p[(*i)++];
}

/* Whether the key p[0..n), percent-decoded, is name: the verifier decodes keys too, so
 * "X%2DAmz%2DSignature" names the signature for both. */
static bool key_is(const char *p, size_t n, const char *name, size_t nl)
{
    size_t i = 0, k = 0;
    while (i < n && k < nl)
        if (decoded_byte(p, n, &i) != name[k++])
            return false;
    return i == n && k == nl;
}

bool eks_exchange_query_find(eks_str query, const char *name, eks_str *raw)
{
    if (!query.ptr)
        return false;
    size_t nl = strlen(name);
    const char *p = query.ptr, *end = query.ptr + query.len;
    while (p < end) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *e = amp ? amp : end;
        /* a pair without '=' is its name with an empty value, as the verifier reads it */
        const char *eq = memchr(p, '=', (size_t)(e - p));
        if (key_is(p, (size_t)((eq ? eq : e) - p), name, nl)) {
            *raw = eq ? (eks_str){eq + 1, (size_t)(e - eq - 1)} : (eks_str){e, 0};
            return true;
        }
        p = amp ? amp + 1 : end;
    }
    return false;
}

eks_str eks_exchange_query_param(eks_str query, const char *name, char *buf, size_t bufsz)
{
    eks_str raw;
    if (!eks_exchange_query_find(query, name, &raw))
        return EKS_STR_ABSENT;
    size_t o = 0;
    for (size_t i = 0; i < raw.len && o + 1 < bufsz;)
        buf[o++] = decoded_byte(raw.ptr, raw.len, &i);
    buf[o] = '\0';
    return (eks_str){buf, o};
}

