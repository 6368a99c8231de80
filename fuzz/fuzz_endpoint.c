/*
 * eks_endpoint_resolve on arbitrary region / URL bytes. Input: one flag byte (FIPS,
 * dual-stack, region absent, URL absent, error buffer size), then the region up to the first
 * LF, then the override URL (the rest, LFs included).
 *
 * On success the answer must be something a caller can paste into a request line and a Host
 * header: NUL-terminated at its stated length, printable ASCII, http(s) scheme, lower-case
 * Host that occurs in the URL, path offset inside the URL. On failure the output is zeroed
 * and the message is printable, NUL-terminated and within the buffer.
 */
#include "fuzz_support.h"

#include <ctype.h>
#include <strings.h>

#include "ekscodec/endpoint.h"

static int printable(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x21 || (unsigned char)s[i] > 0x7e)
            return 0;
    return 1;
}

static int all_zero(const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i])
            return 0;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    uint8_t flags = data[0];
    fz_pool pool = {{0}, 0};
    const uint8_t *rest = data + 1;
    size_t left = size - 1;
    const uint8_t *nl = memchr(rest, '\n', left);
    size_t rlen = nl ? (size_t)(nl - rest) : left;

    eks_endpoint_params params;
    memset(&params, 0, sizeof params);
    params.use_fips = flags & 1;
    params.use_dualstack = flags & 2;
    if (!(flags & 4))
        params.region = fz_copy(&pool, rest, rlen);
    if (nl && !(flags & 8))
        params.endpoint_url = fz_copy(&pool, nl + 1, left - rlen - 1);
    /* Sizes 1..4 exercise truncation of the message; 0 means "no buffer". */
    size_t errlen = (flags >> 4) & 3 ? ((flags >> 4) & 3) : 256;
    bool no_errbuf = (flags >> 6) == 3;
    char *errbuf = no_errbuf ? NULL : fz_alloc(&pool, errlen);

    eks_endpoint *ep = fz_alloc(&pool, sizeof *ep);
    memset(ep, 0xa5, sizeof *ep);
    eks_status st = eks_endpoint_resolve(&params, ep, errbuf, no_errbuf ? 0 : errlen);
    FZ_CHECK(st == EKS_OK || st == EKS_ERR_ENDPOINT || st == EKS_ERR_LIMIT_EXCEEDED);
    if (errbuf) {
        size_t n = strnlen(errbuf, errlen);
        FZ_CHECK(n < errlen);
        for (size_t i = 0; i < n; i++)
            FZ_CHECK(errbuf[i] >= 0x20 && errbuf[i] <= 0x7e);
        if (st == EKS_OK)
            FZ_CHECK(n == 0);
        else if (errlen > 1)
            FZ_CHECK(n > 0);
    }
    if (st != EKS_OK) {
        FZ_CHECK(all_zero(ep, sizeof *ep));
    } else {
        FZ_CHECK(ep->url_len <= EKS_ENDPOINT_URL_MAX && strlen(ep->url) == ep->url_len);
        FZ_CHECK(printable(ep->url, ep->url_len));
        FZ_CHECK(strncmp(ep->url, "https://", 8) == 0 || strncmp(ep->url, "http://", 7) == 0 ||
                 strncmp(ep->url, "HTTPS://", 8) == 0 || strncmp(ep->url, "HTTP://", 7) == 0 ||
                 ep->is_override);
        FZ_CHECK(ep->path_offset <= ep->url_len);
        FZ_CHECK(ep->host_len > 0 && ep->host_len <= EKS_ENDPOINT_HOST_MAX &&
                 strlen(ep->host) == ep->host_len);
        FZ_CHECK(printable(ep->host, ep->host_len));
        for (size_t i = 0; i < ep->host_len; i++)
            FZ_CHECK(!isupper((unsigned char)ep->host[i]));
        FZ_CHECK(strlen(ep->signing_region) <= EKS_ENDPOINT_REGION_MAX);
        FZ_CHECK(ep->is_override == (params.endpoint_url.ptr != NULL));
        FZ_CHECK(ep->is_override ? ep->partition == NULL : ep->partition != NULL);
        if (params.region.ptr)
            FZ_CHECK(eks_str_eq(eks_str_from_cstr(ep->signing_region), params.region));
        else
            FZ_CHECK(ep->signing_region[0] == '\0');
        /* The Host is the URL's authority, lower-cased: find it case-insensitively. */
        const char *auth = strstr(ep->url, "://");
        FZ_CHECK(auth != NULL);
        auth += 3;
        size_t hn = ep->host_len;
        const char *cut = ep->host[0] == '[' ? strchr(ep->host, ']') : strchr(ep->host, ':');
        if (cut)
            hn = (size_t)(cut - ep->host) + (ep->host[0] == '[');
        FZ_CHECK((size_t)(auth - ep->url) + hn <= ep->url_len);
        FZ_CHECK(strncasecmp(auth, ep->host, hn) == 0);
    }
    FZ_CHECK(eks_endpoint_partition_of(params.region) != NULL);
    fz_pool_free(&pool);
    return 0;
}
