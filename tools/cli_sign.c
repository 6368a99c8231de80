#include "cli_sign.h"

#include "cli_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static bool copy_env(const char *name, eks_buf *dst)
{
    const char *v = getenv(name);
    if (!v || !*v)
        return false;
    return eks_buf_append(dst, v, strlen(v)) == EKS_OK;
}

bool cli_parse_time(const char *arg, int64_t *epoch_seconds)
{
    if (!arg) {
        *epoch_seconds = (int64_t)time(NULL); /* the CLI may read the clock; the library never does */
        return true;
    }
    int64_t secs;
    if (eks_sigv4_parse_time(eks_str_from_cstr(arg), &secs) == EKS_OK) {
        *epoch_seconds = secs;
        return true;
    }
    uint64_t v; /* at most 9999-12-31T23:59:59Z, the last time an X-Amz-Date can name */
    if (cli_parse_number(arg, 0, 253402300799u, &v)) {
        *epoch_seconds = (int64_t)v;
        return true;
    }
    fprintf(stderr, "ekscodec: --time wants YYYYMMDDTHHMMSSZ or seconds since the epoch (up to the year 9999)\n");
    return false;
}

static bool is_header(const eks_header *h, const char *name)
{
    return h->name.len == strlen(name) && strncasecmp(h->name.ptr, name, h->name.len) == 0;
}

/* Which input made eks_sigv4_sign refuse (it says only "invalid argument"): each is replaced
 * in turn by one known to be good, and the first whose replacement lets the signature through
 * is named, without its value (a secret, or a part of one). The rules stay the library's. */
static const char *refused_input(const eks_sigv4_config *cfg, const eks_sigv4_credentials *creds,
                                 const eks_http_request *req)
{
    static const eks_header good_host = {EKS_STR_LIT("host"), EKS_STR_LIT("example.com")};
    eks_sigv4_output out;
    eks_sigv4_output_init(&out);
    const char *why = NULL;
    for (int k = 0; k < 6 && !why; k++) {
        eks_sigv4_config c = *cfg;
        eks_sigv4_credentials cr = *creds;
        eks_http_request r = *req;
        const char *name = NULL;
        switch (k) {
        case 0:
            c.region = EKS_STR_LIT("us-east-1");
            name = CLI_REGION_REFUSED;
            break;
        case 1: c.service = EKS_STR_LIT("eks"), name = "the service (--service) is empty or has a byte the Credential scope cannot carry (a space, ',', ';', '/', '=', a control or DEL)"; break;
        case 2: cr.access_key_id = EKS_STR_LIT("AKIDEXAMPLE"), name = "AWS_ACCESS_KEY_ID is empty or has a byte the Credential scope cannot carry (a space, ',', ';', '/', '=', a control or DEL)"; break;
        case 3:
            cr.session_token = EKS_STR_ABSENT;
            name = "AWS_SESSION_TOKEN has a control byte or DEL (it goes into a header line)";
            break;
        case 4:
            c.payload_hash = EKS_STR_ABSENT;
            name = "the X-Amz-Content-Sha256 header's value is longer than 64 bytes or not printable ASCII";
            break;
        default:
            r.headers = &good_host, r.header_count = 1;
            name = "a header's name is not an RFC 9110 token, or its value holds a NUL, CR or LF";
            break;
        }
        if (eks_sigv4_sign(NULL, &c, &cr, &r, &out) == EKS_OK)
            why = name;
    }
    eks_sigv4_output_free(&out);
    return why;
}

bool cli_region_signable(const char *region)
{
    static const eks_header host = {EKS_STR_LIT("host"), EKS_STR_LIT("example.com")};
    const eks_http_request req = {.method = EKS_STR_LIT("GET"), .path = EKS_STR_LIT("/"), .headers = &host,
                                  .header_count = 1};
    const eks_sigv4_credentials creds = {.access_key_id = EKS_STR_LIT("AKIDEXAMPLE"),
                                         .secret_access_key = EKS_STR_LIT("example")};
    eks_sigv4_config cfg;
    eks_sigv4_config_init_eks(&cfg, eks_str_from_cstr(region), 0);
    eks_sigv4_output out;
    eks_sigv4_output_init(&out);
    bool ok = eks_sigv4_sign(NULL, &cfg, &creds, &req, &out) == EKS_OK;
    eks_sigv4_output_free(&out);
    return ok;
}

bool cli_sign_request(const eks_http_request *req, size_t signed_count, const char *region,
                      const char *service, const char *time_arg, const char *presign,
                      cli_signed *s)
{
    memset(s, 0, sizeof *s);
    eks_sigv4_output_init(&s->out);
    if (!region) {
        fprintf(stderr, "ekscodec: signing needs a region (--region, AWS_REGION or AWS_DEFAULT_REGION)\n");
        return false;
    }
    if (!copy_env("AWS_ACCESS_KEY_ID", &s->akid) || !copy_env("AWS_SECRET_ACCESS_KEY", &s->secret)) {
        fprintf(stderr, "ekscodec: signing needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment "
                        "(encode --unsigned writes a request unsigned)\n");
        return false;
    }
    bool has_token = copy_env("AWS_SESSION_TOKEN", &s->token);
    eks_sigv4_config cfg;
    eks_sigv4_config_init_eks(&cfg, eks_str_from_cstr(region), 0);
    if (service)
        cfg.service = eks_str_from_cstr(service);
    if (!cli_parse_time(time_arg, &cfg.epoch_seconds))
        return false;
    if (presign) {
        uint64_t v;
        if (!cli_parse_number(presign, EKS_SIGV4_MIN_EXPIRES, EKS_SIGV4_MAX_EXPIRES, &v)) {
            fprintf(stderr, "ekscodec: --presign wants seconds in %u..%u\n", EKS_SIGV4_MIN_EXPIRES,
                    EKS_SIGV4_MAX_EXPIRES);
            return false;
        }
        cfg.mode = EKS_SIGV4_MODE_QUERY;
        cfg.expires_seconds = (uint32_t)v;
        s->presigned = true;
    }
    eks_sigv4_credentials creds = {
        .access_key_id = {s->akid.ptr, s->akid.len},
        .secret_access_key = {s->secret.ptr, s->secret.len},
        .session_token = has_token ? (eks_str){s->token.ptr, s->token.len} : EKS_STR_ABSENT,
    };
    if (signed_count > req->header_count)
        signed_count = req->header_count;
    /* Re-signing: the request's own Authorization and X-Amz-* signing headers are replaced,
     * so they are not handed to the signer (a presignature refuses an Authorization header). */
    eks_http_request to_sign = *req;
    if (!s->presigned && req->query.ptr) { /* the presigner drops them itself */
        if (eks_sigv4_query_without_auth(req->query, &s->query) != EKS_OK) {
            fprintf(stderr, "ekscodec: out of memory\n");
            return false;
        }
        /* nothing left: no '?' either */
        to_sign.query = s->query.len ? (eks_str){s->query.ptr, s->query.len} : EKS_STR_ABSENT;
    }
    to_sign.header_count = 0;
    for (size_t i = 0; i < signed_count && to_sign.header_count < CLI_SIGNED_MAX_HEADERS; i++) {
        const eks_header *h = &req->headers[i];
        if (is_header(h, "authorization") || is_header(h, "x-amz-date") ||
            is_header(h, "x-amz-security-token"))
            continue;
        s->headers[to_sign.header_count++] = *h;
    }
    to_sign.headers = s->headers;
    /* A request that carries its payload's hash (X-Amz-Content-Sha256: a digest, or
     * UNSIGNED-PAYLOAD) is signed with that value as the canonical request's last line, as
     * botocore's SigV4Auth.canonical_request does; the body's hash would contradict it */
    const eks_header *content_sha = eks_http_find_header(to_sign.headers, to_sign.header_count, "x-amz-content-sha256");
    if (content_sha && !cfg.payload_hash.ptr)
        cfg.payload_hash = content_sha->value;
    eks_status st = eks_sigv4_sign(NULL, &cfg, &creds, &to_sign, &s->out);
    if (st != EKS_OK) {
        const char *what = st == EKS_ERR_INVALID_ARGUMENT ? refused_input(&cfg, &creds, &to_sign) : NULL;
        if (what)
            fprintf(stderr, "ekscodec: signing failed: %s\n", what);
        else
            fprintf(stderr, "ekscodec: signing failed: %s\n", eks_strerror(st));
        return false;
    }
    /* The request as sent: its headers minus any the signer replaces, then the signer's. */
    size_t n = 0;
    for (size_t i = 0; i < req->header_count && n < CLI_SIGNED_MAX_HEADERS - 4; i++) {
        bool replaced = false;
        for (size_t k = 0; k < s->out.header_count; k++)
            if (s->out.headers[k].name.len == req->headers[i].name.len &&
                strncasecmp(s->out.headers[k].name.ptr, req->headers[i].name.ptr, req->headers[i].name.len) == 0)
                replaced = true;
        /* the old signature's headers go even where the signer sends no new one (no session
         * token now; a presignature, which has its date and token in the query): left in,
         * they would be sent unsigned beside the new signature */
        if (is_header(&req->headers[i], "authorization") || is_header(&req->headers[i], "x-amz-date") ||
            is_header(&req->headers[i], "x-amz-security-token"))
            replaced = true;
        if (!replaced)
            s->headers[n++] = req->headers[i];
    }
    if (n + s->out.header_count > CLI_SIGNED_MAX_HEADERS) {
        fprintf(stderr, "ekscodec: too many headers (limit %d)\n", CLI_SIGNED_MAX_HEADERS);
        return false;
    }
    for (size_t k = 0; k < s->out.header_count; k++)
        s->headers[n++] = s->out.headers[k];
    s->request = *req;
    s->request.headers = s->headers;
    s->request.header_count = n;
    if (s->presigned)
        s->request.query = (eks_str){s->out.query.ptr ? s->out.query.ptr : "", s->out.query.len};
    else
        s->request.query = to_sign.query;
    return true;
}

void cli_sign_add_json(const cli_signed *s, json_object *obj)
{
    json_object_object_add(obj, "canonicalRequest",
                           json_object_new_string_len(s->out.canonical_request.ptr ? s->out.canonical_request.ptr : "",
                                                      (int)s->out.canonical_request.len));
    json_object_object_add(obj, "stringToSign",
                           json_object_new_string_len(s->out.string_to_sign.ptr ? s->out.string_to_sign.ptr : "",
                                                      (int)s->out.string_to_sign.len));
    json_object_object_add(obj, "signature", json_object_new_string(s->out.signature));
}

void cli_signed_free(cli_signed *s)
{
    eks_sigv4_output_free(&s->out);
    eks_buf_free_secure(&s->secret);
    eks_buf_free_secure(&s->token);
    eks_buf_free(&s->akid);
    eks_buf_free(&s->query);
}
