/*
 * EKS endpoint resolution: a small interpreter for the compiled endpoint rule set.
 *
 * Why an interpreter and not hand-written EKS logic: the rule set is the source of truth
 * and has grown special cases over time (FIPS hostnames differ for aws and aws-us-gov).
 * schema/gen_endpoints.py flattens the rule tree into tables (rules, conditions, URL
 * template segments) and refuses any construct this file does not implement, so a new
 * rule set is either evaluated exactly or not generated at all. The tree is a dozen
 * nodes; walking it costs far less than formatting the URL.
 *
 * Semantics follow the Smithy endpoint rules spec as botocore implements it:
 *   - rules are tried in order; a rule matches when all its conditions hold;
 *   - a matching tree rule is final (the generator checks that every tree ends with a
 *     rule that cannot fail, which is where botocore's fall-through would differ);
 *   - aws.partition never fails: listed regions first, then each partition's regionRegex
 *     in file order, else the first partition ("aws").
 */
#include "ekscodec/endpoint.h"

#include "generated/endpoints_table.h"

#include <string.h>

#if !defined(EKS_EP_TABLE_FORMAT) || EKS_EP_TABLE_FORMAT != 1
#error "codec/generated/endpoints_table.h has another table format: rerun schema/gen_endpoints.py"
#endif

/* Messages of our own (the rule set's messages come from the tables). */
#define MSG_BAD_REGION "Invalid Configuration: Region is not a valid host label"
#define MSG_BAD_URL "Invalid Configuration: Endpoint is not a valid http or https URL"
#define MSG_URL_TOO_LONG "Invalid Configuration: Endpoint URL is too long"
#define MSG_HOST_TOO_LONG "Invalid Configuration: Endpoint hostname is too long"
#define MSG_NO_RULE "No endpoint rule matched"
#define MSG_TOO_SMALL "Resolved endpoint does not fit in eks_endpoint"

typedef struct scope {
    const eks_endpoint_params *p;
    int partition; /* bound by aws.partition; -1 while unbound */
} scope;

static bool is_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* One RFC 1123 label as the rules' isValidHostLabel defines it: ^(?!-)[a-zA-Z\d-]{1,63}(?<!-)$ */
static bool is_host_label(const char *s, size_t n)
{
    if (n == 0 || n > 63 || s[0] == '-' || s[n - 1] == '-')
        return false;
    for (size_t i = 0; i < n; i++)
        if (!is_alnum((unsigned char)s[i]) && s[i] != '-')
            return false;
    return true;
}

static bool is_host_labels(const char *s, size_t n, bool allow_subdomains)
{
    if (!allow_subdomains)
        return is_host_label(s, n);
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || s[i] == '.') {
            if (!is_host_label(s + start, i - start))
                return false;
            start = i + 1;
        }
    }
    return true;
}

/* botocore's validate_region_name additionally refuses all-digit names, which would make
 * the hostname look like part of an IPv4 address. */
static bool is_valid_region(eks_str r)
{
    if (!is_host_label(r.ptr, r.len))
        return false;
    for (size_t i = 0; i < r.len; i++)
        if (!is_digit((unsigned char)r.ptr[i]))
            return true;
    return false;
}

static bool rx_class(uint8_t kind, const char *text, unsigned char c)
{
    switch (kind) {
    case EKS_EP_RX_WORD: return is_alnum(c) || c == '_';
    case EKS_EP_RX_DIGIT: return is_digit(c);
    default: return c == (unsigned char)text[0];
    }
}

/* Backtracking match of a token program against the whole input (the patterns are
 * anchored at the start; end_anchored says whether at the end too). Recursion depth is
 * bounded by the number of tokens; inputs are at most 63 bytes. */
static bool rx_match(const eks_ep_rx_tok *t, size_t nt, bool end_anchored, const char *s, size_t n)
{
    if (nt == 0)
        return n == 0 || !end_anchored;
    if (t->kind == EKS_EP_RX_LIT)
        return n >= t->len && memcmp(s, t->text, t->len) == 0 &&
               rx_match(t + 1, nt - 1, end_anchored, s + t->len, n - t->len);
    if (t->kind == EKS_EP_RX_ALT) {
        const char *alt = t->text, *end = t->text + t->len;
        while (alt < end) {
            const char *bar = memchr(alt, '|', (size_t)(end - alt));
            size_t alen = (size_t)((bar ? bar : end) - alt);
            if (n >= alen && memcmp(s, alt, alen) == 0 &&
                rx_match(t + 1, nt - 1, end_anchored, s + alen, n - alen))
                return true;
            alt += alen + 1;
        }
        return false;
    }
    size_t k = 0;
    while (k < n && (t->max == 0 || k < t->max) && rx_class(t->kind, t->text, (unsigned char)s[k]))
        k++;
    for (;;) {
        if (k < t->min)
            return false;
        if (rx_match(t + 1, nt - 1, end_anchored, s + k, n - k))
            return true;
        if (k == 0)
            return false;
        k--;
    }
}

static int region_cmp(const eks_ep_region *r, const char *s, size_t n)
{
    size_t m = r->len < n ? r->len : n;
    int c = memcmp(r->name, s, m);
    if (c != 0)
        return c;
    return r->len < n ? -1 : r->len > n ? 1 : 0;
}

/* aws.partition. The generator already resolved listed regions to the partition botocore
 * picks (its per-partition "listed or regex" order), so only unlisted ones scan regexes. */
static int partition_index(const char *s, size_t n)
{
    size_t lo = 0, hi = eks_ep_region_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = region_cmp(&eks_ep_regions[mid], s, n);
        if (c == 0)
            return eks_ep_regions[mid].partition;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (int i = 0; i < EKS_EP_PARTITION_COUNT; i++) {
        const eks_ep_partition *p = &eks_ep_partitions[i];
        if (rx_match(&eks_ep_rx[p->rx_first], p->rx_count, p->rx_end_anchored, s, n))
            return i;
    }
    return EKS_EP_DEFAULT_PARTITION;
}

/* String value of an argument; ptr NULL when unset (the rules' "null"). */
static eks_str arg_str(const scope *sc, const eks_ep_arg *a)
{
    eks_str v = EKS_STR_ABSENT;
    if (a->kind == EKS_EP_ARG_STR) {
        v.ptr = a->str;
        v.len = a->len;
    } else if (a->kind == EKS_EP_ARG_PARAM) {
        if (a->index == EKS_EP_PARAM_REGION)
            v = sc->p->region;
        else if (a->index == EKS_EP_PARAM_ENDPOINT)
            v = sc->p->endpoint_url;
    } else if (a->kind == EKS_EP_ARG_ATTR && sc->partition >= 0 &&
               a->index < EKS_EP_ATTR_STRING_COUNT_) {
        const eks_ep_partition *p = &eks_ep_partitions[sc->partition];
        v.ptr = p->str[a->index];
        v.len = p->str_len[a->index];
    }
    return v;
}

/* Boolean value: 0, 1, or -1 when null. Boolean parameters always have a value (their
 * defaults are false, which the generator checks). */
static int arg_bool(const scope *sc, const eks_ep_arg *a)
{
    if (a->kind == EKS_EP_ARG_BOOL)
        return a->index != 0;
    if (a->kind == EKS_EP_ARG_PARAM) {
        if (a->index == EKS_EP_PARAM_USE_FIPS)
            return sc->p->use_fips;
        if (a->index == EKS_EP_PARAM_USE_DUALSTACK)
            return sc->p->use_dualstack;
        return -1;
    }
    if (a->kind == EKS_EP_ARG_ATTR && sc->partition >= 0) {
        const eks_ep_partition *p = &eks_ep_partitions[sc->partition];
        if (a->index == EKS_EP_ATTR_SUPPORTS_FIPS)
            return p->supports_fips;
        if (a->index == EKS_EP_ATTR_SUPPORTS_DUALSTACK)
            return p->supports_dualstack;
    }
    return -1;
}

static bool cond_holds(scope *sc, const eks_ep_cond *c)
{
    bool r = false;
    switch (c->fn) {
    case EKS_EP_FN_IS_SET:
        r = c->a.kind == EKS_EP_ARG_PARAM && (c->a.index == EKS_EP_PARAM_USE_FIPS ||
                                              c->a.index == EKS_EP_PARAM_USE_DUALSTACK)
                ? true
                : arg_str(sc, &c->a).ptr != NULL;
        break;
    case EKS_EP_FN_BOOLEAN_EQUALS: {
        int a = arg_bool(sc, &c->a), b = arg_bool(sc, &c->b);
        r = a >= 0 && a == b;
        break;
    }
    case EKS_EP_FN_STRING_EQUALS: {
        eks_str a = arg_str(sc, &c->a), b = arg_str(sc, &c->b);
        r = a.ptr != NULL && b.ptr != NULL && eks_str_eq(a, b);
        break;
    }
    case EKS_EP_FN_PARTITION: {
        eks_str a = arg_str(sc, &c->a);
        if (a.ptr != NULL) {
            sc->partition = partition_index(a.ptr, a.len);
            r = true;
        }
        break;
    }
    case EKS_EP_FN_IS_VALID_HOST_LABEL: {
        eks_str a = arg_str(sc, &c->a);
        r = a.ptr != NULL && is_host_labels(a.ptr, a.len, arg_bool(sc, &c->b) == 1);
        break;
    }
    default:
        break;
    }
    return c->negate ? !r : r;
}

static void set_error(char *errbuf, size_t errlen, const char *msg)
{
    if (errbuf == NULL || errlen == 0)
        return;
    size_t n = strlen(msg);
    if (n >= errlen)
        n = errlen - 1;
    memcpy(errbuf, msg, n);
    errbuf[n] = '\0';
}

static char to_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool has_prefix_nocase(const char *s, size_t n, const char *prefix, size_t m)
{
    if (n < m)
        return false;
    for (size_t i = 0; i < m; i++)
        if (to_lower(s[i]) != prefix[i])
            return false;
    return true;
}

/* Copies a DNS name lower-cased into host while checking it, in one pass: dot-separated
 * labels of 1..63 [A-Za-z0-9-] with no '-' at either end, one trailing dot allowed (a
 * fully-qualified name keeps it in Host, as botocore sends it). Stops at ':' or the end;
 * returns the index it stopped at, or 0 when the name is invalid. */
static size_t copy_hostname(const char *u, size_t i, size_t end, char *host, size_t *hlen)
{
    size_t h = 0, label = 0;
    char prev = '.';
    for (; i < end && u[i] != ':'; i++) {
        char c = u[i];
        if (c == '.') {
            if (label == 0 || prev == '-')
                return 0;
            label = 0;
        } else if (is_alnum((unsigned char)c) || c == '-') {
            if ((label == 0 && c == '-') || ++label > 63)
                return 0;
        } else {
            return 0; /* includes '@' (userinfo) and '[' */
        }
        if (h == EKS_ENDPOINT_HOSTNAME_MAX)
            return 0; /* too long: the caller tells this apart from a bad name */
        host[h++] = to_lower(c);
        prev = c;
    }
    if (h == 0 || prev == '-')
        return 0;
    *hlen = h;
    return i;
}

/*
 * Checks an endpoint URL and derives the Host header value and the path offset.
 * Mirrors botocore's is_valid_endpoint_url + _host_from_url for the URLs it accepts,
 * and refuses more (see endpoint.h): this string goes into the request line and the Host
 * header, so control characters, spaces and userinfo never pass.
 */
static eks_status parse_url(eks_endpoint *out, const char **msg)
{
    const char *u = out->url;
    size_t n = out->url_len;
    eks_status st = EKS_ERR_ENDPOINT;
    unsigned default_port;
    size_t auth, auth_end, host_end, h = 0;

    *msg = MSG_BAD_URL;
    /* RFC 3986 section 3.5: a fragment is never sent; in an endpoint it could only end up
     * inside the request path, so it is refused. */
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)u[i] <= 0x20 || (unsigned char)u[i] >= 0x7f || u[i] == '#')
            goto out;
    if (has_prefix_nocase(u, n, "https://", 8)) {
        default_port = 443;
        auth = 8;
    } else if (has_prefix_nocase(u, n, "http://", 7)) {
        default_port = 80;
        auth = 7;
    } else {
        goto out;
    }
    auth_end = auth;
    while (auth_end < n && u[auth_end] != '/' && u[auth_end] != '?' && u[auth_end] != '#')
        auth_end++;

    if (auth < auth_end && u[auth] == '[') {
        /* IPv6 literal: hex digits, ':' and '.' (embedded IPv4); kept in brackets. */
        bool colon = false;
        out->host[h++] = '[';
        for (host_end = auth + 1; host_end < auth_end && u[host_end] != ']'; host_end++) {
            char c = to_lower(u[host_end]);
            if (c == ':')
                colon = true;
            else if (!is_digit((unsigned char)c) && !(c >= 'a' && c <= 'f') && c != '.')
                goto out;
            if (h == EKS_ENDPOINT_HOSTNAME_MAX + 1)
                goto out;
            out->host[h++] = c;
        }
        if (host_end == auth_end || !colon)
            goto out;
        out->host[h++] = ']';
        host_end++;
    } else {
        host_end = copy_hostname(u, auth, auth_end, out->host, &h);
        if (host_end == 0) {
            size_t colon = auth;
            while (colon < auth_end && u[colon] != ':')
                colon++;
            if (colon - auth > EKS_ENDPOINT_HOSTNAME_MAX) {
                *msg = MSG_HOST_TOO_LONG;
                st = EKS_ERR_LIMIT_EXCEEDED;
            }
            goto out;
        }
    }

    if (host_end < auth_end) {
        /* ":port": 1..5 digits, 1..65535; omitted from Host when it is the default. */
        size_t digits = auth_end - host_end - 1;
        unsigned port = 0;
        if (u[host_end] != ':' || digits == 0 || digits > 5)
            goto out;
        for (size_t i = host_end + 1; i < auth_end; i++) {
            if (!is_digit((unsigned char)u[i]))
                goto out;
            port = port * 10 + (unsigned)(u[i] - '0');
        }
        if (port == 0 || port > 65535)
            goto out;
        if (port != default_port) {
            char tmp[6];
            size_t k = 0;
            do {
                tmp[k++] = (char)('0' + port % 10);
                port /= 10;
            } while (port != 0);
            out->host[h++] = ':';
            while (k > 0)
                out->host[h++] = tmp[--k];
        }
    }
    out->host[h] = '\0';
    out->host_len = h;
    out->path_offset = auth_end;
    *msg = NULL;
    st = EKS_OK;
out:
    return st;
}

/* Expands an endpoint rule's URL template into out->url. */
static eks_status expand(const scope *sc, const eks_ep_rule *rule, eks_endpoint *out)
{
    size_t len = 0;
    for (uint16_t i = 0; i < rule->count; i++) {
        const eks_ep_seg *seg = &eks_ep_segs[rule->first + i];
        eks_str v;
        if (seg->kind == EKS_EP_SEG_LIT) {
            v.ptr = seg->lit;
            v.len = seg->len;
        } else {
            eks_ep_arg a = {seg->kind == EKS_EP_SEG_PARAM ? EKS_EP_ARG_PARAM : EKS_EP_ARG_ATTR,
                            seg->index, 0, NULL};
            v = arg_str(sc, &a);
            if (v.ptr == NULL)
                return EKS_ERR_ENDPOINT; /* unset value in a template: generator forbids */
            if (seg->kind == EKS_EP_SEG_PARAM && seg->index == EKS_EP_PARAM_ENDPOINT)
                out->is_override = true;
        }
        if (v.len > EKS_ENDPOINT_URL_MAX - len)
            return EKS_ERR_BUFFER_TOO_SMALL;
        memcpy(out->url + len, v.ptr, v.len);
        len += v.len;
    }
    out->url[len] = '\0';
    out->url_len = len;
    return EKS_OK;
}

eks_status eks_endpoint_resolve(const eks_endpoint_params *params, eks_endpoint *out,
                                char *errbuf, size_t errlen)
{
    eks_status st = EKS_ERR_INVALID_ARGUMENT;
    const char *msg = "Invalid argument";
    scope sc = {params, -1};

    if (params == NULL || out == NULL)
        goto out;
    out->is_override = false;
    out->partition = NULL;

    /* Input checks a botocore client makes before any rule runs. */
    st = EKS_ERR_ENDPOINT;
    if (params->region.ptr != NULL && !is_valid_region(params->region)) {
        msg = MSG_BAD_REGION;
        goto out;
    }
    if (params->endpoint_url.ptr != NULL) {
        if (params->endpoint_url.len > EKS_ENDPOINT_URL_MAX) {
            st = EKS_ERR_LIMIT_EXCEEDED;
            msg = MSG_URL_TOO_LONG;
            goto out;
        }
        memcpy(out->url, params->endpoint_url.ptr, params->endpoint_url.len);
        out->url[params->endpoint_url.len] = '\0';
        out->url_len = params->endpoint_url.len;
        if ((st = parse_url(out, &msg)) != EKS_OK)
            goto out;
        st = EKS_ERR_ENDPOINT;
    }

    size_t i = EKS_EP_ROOT_FIRST, end = EKS_EP_ROOT_FIRST + EKS_EP_ROOT_COUNT;
    const eks_ep_rule *hit = NULL;
    while (i < end) {
        const eks_ep_rule *r = &eks_ep_rules[i];
        int saved = sc.partition; /* a failed rule's assignments do not leak to the next */
        bool ok = true;
        for (uint16_t c = 0; c < r->cond_count && ok; c++)
            ok = cond_holds(&sc, &eks_ep_conds[r->cond_first + c]);
        if (!ok) {
            sc.partition = saved;
            i++;
        } else if (r->type == EKS_EP_RULE_TREE) {
            i = r->first;
            end = (size_t)r->first + r->count;
        } else {
            hit = r;
            break;
        }
    }
    msg = MSG_NO_RULE;
    if (hit == NULL)
        goto out;
    if (hit->type == EKS_EP_RULE_ERROR) {
        msg = hit->error;
        goto out;
    }
    if ((st = expand(&sc, hit, out)) != EKS_OK) {
        msg = st == EKS_ERR_BUFFER_TOO_SMALL ? MSG_TOO_SMALL : MSG_NO_RULE;
        goto out;
    }
    if ((st = parse_url(out, &msg)) != EKS_OK)
        goto out;
    if (params->region.ptr != NULL)
        memcpy(out->signing_region, params->region.ptr, params->region.len);
    out->signing_region[params->region.ptr != NULL ? params->region.len : 0] = '\0';
    out->partition = sc.partition >= 0 ? eks_ep_partitions[sc.partition].str[EKS_EP_ATTR_NAME] : NULL;
    msg = NULL;
out:
    if (st != EKS_OK) {
        if (out != NULL)
            memset(out, 0, sizeof *out);
        set_error(errbuf, errlen, msg);
    } else if (errbuf != NULL && errlen > 0) {
        errbuf[0] = '\0';
    }
    return st;
}

const char *eks_endpoint_partition_of(eks_str region)
{
    int i = region.ptr != NULL ? partition_index(region.ptr, region.len) : EKS_EP_DEFAULT_PARTITION;
    return eks_ep_partitions[i].str[EKS_EP_ATTR_NAME];
}

const char *eks_endpoint_ruleset_version(void)
{
    return EKS_EP_RULESET_VERSION;
}

const char *eks_endpoint_partitions_version(void)
{
    return EKS_EP_PARTITIONS_VERSION;
}
