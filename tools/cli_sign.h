/* CLI glue for SigV4: credentials from the environment, --time/--presign, output assembly. */
#ifndef EKSCODEC_CLI_SIGN_H
#define EKSCODEC_CLI_SIGN_H

#include "ekscodec/http.h"
#include "ekscodec/sigv4.h"

#include <json-c/json.h>

#define CLI_SIGNED_MAX_HEADERS 128

typedef struct cli_signed {
    eks_http_request request;     /* the signed request to print (views into this struct/out) */
    eks_header headers[CLI_SIGNED_MAX_HEADERS];
    eks_sigv4_output out;
    eks_buf secret;               /* copies of the credentials, wiped on free */
    eks_buf token;
    eks_buf akid;
    eks_buf query;                /* a header-signed request's query without an old presignature */
    bool presigned;
} cli_signed;

/* Signs req with credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY /
 * AWS_SESSION_TOKEN. Only the first signed_count headers are signed (the encoder's framing
 * header, Content-Length, comes after them and is left unsigned as botocore does); SIZE_MAX
 * signs them all. time_arg: YYYYMMDDTHHMMSSZ or epoch seconds; NULL = now. presign: NULL for
 * header signing, else X-Amz-Expires seconds. Prints the reason and returns false. */
bool cli_sign_request(const eks_http_request *req, size_t signed_count, const char *region,
                      const char *service, const char *time_arg, const char *presign,
                      cli_signed *out);
#define CLI_REGION_REFUSED                                                                                  \
    "the region (--region, AWS_REGION or AWS_DEFAULT_REGION) is empty or has a byte the Credential scope "   \
    "cannot carry (a space, ',', ';', '/', '=', a control or DEL)"
/* Whether a request can be signed, and so verified, for region (the library's rule for a
 * credential scope part). */
bool cli_region_signable(const char *region);
/* --time: YYYYMMDDTHHMMSSZ or epoch seconds (digits only, up to the year 9999); NULL = now.
 * Prints the reason and returns false. */
bool cli_parse_time(const char *arg, int64_t *epoch_seconds);
/* canonicalRequest, stringToSign, signature (DESIGN §3 --format json). */
void cli_sign_add_json(const cli_signed *s, json_object *obj);
void cli_signed_free(cli_signed *s);

#endif
