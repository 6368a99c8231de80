/*
 * ekscodec — endpoint resolution for EKS: region + options -> URL, Host, signing region.
 *
 * The answer is what the official EKS endpoint rule set (endpoint-rule-set-1.json) says,
 * evaluated over the AWS partitions file: both are compiled into tables by
 * schema/gen_endpoints.py, and a test replays botocore's answers for every known region.
 *
 * Before the rules run, two inputs are checked the way botocore's client checks them,
 * because the rules themselves would paste anything into a hostname:
 *   - region: a DNS label (1..63 of [A-Za-z0-9-], no '-' at either end) and not all
 *     digits (botocore's validate_region_name); otherwise EKS_ERR_ENDPOINT.
 *   - endpoint_url: "http://" or "https://" (any case), a host that is a dotted list of
 *     DNS labels (<= 255 bytes), an IPv4 address or a bracketed IPv6 address, an optional
 *     port (1..65535), then an optional path/query (no fragment); printable ASCII only, no userinfo
 *     ("user@"). Stricter than botocore, which also takes other schemes, userinfo and
 *     spaces in the path: those are header-injection or credential-leak hazards here.
 *
 * Where a botocore client departs from the rule set, this follows the rule set:
 *   - FIPS and DualStack with endpoint_url are errors (the client silently drops them);
 *   - "fips-us-east-1"-style pseudo-regions are not rewritten (the client turns them into
 *     us-east-1 + FIPS with a deprecation warning; the rules build eks.fips-us-east-1...);
 *     set use_fips instead;
 *   - dual-stack in aws-iso-e / aws-iso-f resolves as the partitions file says (the client
 *     refuses with EndpointVariantError from its older endpoints.json data).
 * corpus/endpoints/botocore_endpoints.jsonl records both answers for every case.
 *
 * Thread-safe, no heap allocation, no global mutable state.
 */
#ifndef EKSCODEC_ENDPOINT_H
#define EKSCODEC_ENDPOINT_H

#include "ekscodec/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Longest URL eks_endpoint_resolve() produces; longer override URLs are refused with
 * EKS_ERR_LIMIT_EXCEEDED. Rule-set URLs are at most ~110 bytes. */
#define EKS_ENDPOINT_URL_MAX 2047
/* Longest hostname (DNS limit, as botocore checks); longer hosts: EKS_ERR_LIMIT_EXCEEDED. */
#define EKS_ENDPOINT_HOSTNAME_MAX 255
/* Host header value: hostname, "[...]" around IPv6, ":65535". */
#define EKS_ENDPOINT_HOST_MAX (EKS_ENDPOINT_HOSTNAME_MAX + 2 + 6)
/* A region is one DNS label. */
#define EKS_ENDPOINT_REGION_MAX 63

/* Inputs: the rule set's parameters. All views are borrowed for the duration of the call. */
typedef struct eks_endpoint_params {
    eks_str region;        /* Region; absent (ptr NULL) = not set. Empty is invalid. */
    bool use_fips;         /* UseFIPS */
    bool use_dualstack;    /* UseDualStack */
    eks_str endpoint_url;  /* Endpoint: override URL; absent = resolve from the region */
} eks_endpoint_params;

/* Output, filled by eks_endpoint_resolve(); caller-owned, typically on the stack. */
typedef struct eks_endpoint {
    char url[EKS_ENDPOINT_URL_MAX + 1];  /* NUL-terminated; the rule set's URL verbatim */
    size_t url_len;
    /* Where the URL's path (possibly empty) starts: an operation path is appended there. */
    size_t path_offset;
    /* Host header value as SigV4 signs it (botocore's _host_from_url): the URL's host
     * lower-cased, IPv6 in brackets, ":port" only when not the scheme's default. */
    char host[EKS_ENDPOINT_HOST_MAX + 1];
    size_t host_len;
    /* Credential-scope region. The EKS rules set no authSchemes, so it is the Region
     * parameter as given; "" when Region is absent (only possible with an override URL:
     * the caller must then supply one to the signer). */
    char signing_region[EKS_ENDPOINT_REGION_MAX + 1];
    /* Partition id ("aws", "aws-cn", ...) from aws.partition(Region); static storage.
     * NULL when the URL came from endpoint_url (the rules do not evaluate it then). */
    const char *partition;
    bool is_override;  /* URL came from endpoint_url */
} eks_endpoint;

/*
 * Resolves the endpoint. On EKS_OK *out is filled. On failure *out is zeroed and, when
 * errbuf is not NULL and errlen > 0, errbuf receives a NUL-terminated message (truncated
 * to errlen - 1 bytes): for errors the rule set defines, its message verbatim, e.g.
 * "Invalid Configuration: Missing Region" or "FIPS is enabled but this partition does not
 * support FIPS". Messages never contain the caller's input.
 *
 * Returns EKS_OK; EKS_ERR_ENDPOINT (the rules give an error, or the region/URL is
 * invalid); EKS_ERR_LIMIT_EXCEEDED (override URL or its hostname too long);
 * EKS_ERR_BUFFER_TOO_SMALL (a rule-set URL would not fit in eks_endpoint: only possible
 * with a changed rule set); EKS_ERR_INVALID_ARGUMENT (params or out NULL).
 */
EKS_API eks_status eks_endpoint_resolve(const eks_endpoint_params *params, eks_endpoint *out,
                                        char *errbuf, size_t errlen);

/* aws.partition as botocore computes it: the first partition listing the region or matching
 * its regionRegex, else "aws". Never NULL (static storage); no validation of the region. */
EKS_API const char *eks_endpoint_partition_of(eks_str region);

/* Versions of the rule set and partitions file the tables were generated from (static). */
EKS_API const char *eks_endpoint_ruleset_version(void);
EKS_API const char *eks_endpoint_partitions_version(void);

#ifdef __cplusplus
}
#endif
#endif
