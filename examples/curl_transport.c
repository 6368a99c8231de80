/*
 * curl_transport: ekscodec inside a transport you own (here libcurl).
 *
 *   curl_transport ENDPOINT_URL CLUSTER_NAME [IDP_NAME]
 *   e.g. AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... AWS_REGION=us-west-2 \
 *        curl_transport https://eks.us-west-2.amazonaws.com prod okta
 *
 * Calls DisassociateIdentityProviderConfig for an OIDC identity provider config: ekscodec
 * encodes the request and signs it (SigV4), libcurl carries the bytes, ekscodec decodes the
 * answer into the typed Update, printed one field a line. ekscodec does no I/O of its own:
 * where the bytes go (proxy, TLS, retries, connection reuse) is the transport's business,
 * and this file is the smallest transport that is still correct. Copy it and change that part.
 *
 * Credentials come from the environment as for the AWS CLI (AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN optional); the region from AWS_REGION, else
 * AWS_DEFAULT_REGION, else us-west-2. Exit: 0 with the Update printed, 1 when the service
 * answered an error (printed as "error: TYPE: message"), 2 on bad usage or a transport failure.
 *
 * Built against an installed ekscodec (examples/CMakeLists.txt: find_package(ekscodec)).
 */
#include <ekscodec/codec.h>
#include <ekscodec/endpoint.h>
#include <ekscodec/sigv4.h>

#include <curl/curl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define MAX_RESPONSE_HEADERS 64
#define MAX_RESPONSE_BYTES (8u * 1024u * 1024u) /* a peer must not make us buffer without end */

/* The compiler may drop a memset of memory that is freed next; a volatile store it may not. */
static void wipe(void *p, size_t n)
{
    volatile unsigned char *v = p;
    while (n--)
        *v++ = 0;
}

/* A NUL-terminated copy of a view: libcurl wants C strings, ekscodec hands out views. */
static char *cstr(eks_str s)
{
    char *p = malloc(s.len + 1);
    if (p) {
        if (s.len)
            memcpy(p, s.ptr, s.len);
        p[s.len] = '\0';
    }
    return p;
}

/* "Name: value" for curl's header list. The Authorization value is a signature: the buffer
 * is wiped before it is freed, like everything else derived from the secret. */
static struct curl_slist *add_header(struct curl_slist *list, const eks_header *h, bool *ok)
{
    size_t n = h->name.len + 2 + h->value.len + 1;
    char *line = malloc(n);
    if (!line) {
        *ok = false;
        return list;
    }
    snprintf(line, n, "%.*s: %.*s", (int)h->name.len, h->name.ptr, (int)h->value.len, h->value.ptr);
    struct curl_slist *grown = curl_slist_append(list, line); /* copies the line */
    wipe(line, n);
    free(line);
    if (!grown) {
        *ok = false;
        return list;
    }
    return grown;
}

static void free_headers(struct curl_slist *list)
{
    for (struct curl_slist *h = list; h; h = h->next)
        wipe(h->data, strlen(h->data));
    curl_slist_free_all(list);
}

/* What came back. Header lines are kept as raw bytes and split only after the transfer,
 * because `raw` moves as it grows and eks_header views must not dangle. */
typedef struct response {
    eks_buf body;
    eks_buf raw_headers;
    bool too_big;
} response;

static size_t on_body(char *data, size_t size, size_t n, void *ctx)
{
    response *r = ctx;
    size_t len = size * n;
    if (r->body.len + len > MAX_RESPONSE_BYTES) {
        r->too_big = true;
        return 0; /* makes curl_easy_perform fail with CURLE_WRITE_ERROR */
    }
    return eks_buf_append(&r->body, data, len) == EKS_OK ? len : 0;
}

static size_t on_header(char *data, size_t size, size_t n, void *ctx)
{
    response *r = ctx;
    size_t len = size * n;
    /* A "100 Continue" (or any interim) answer comes first: only the last status line's
     * headers belong to the final response. */
    if (len >= 5 && memcmp(data, "HTTP/", 5) == 0)
        eks_buf_clear(&r->raw_headers);
    if (r->raw_headers.len + len > MAX_RESPONSE_BYTES) {
        r->too_big = true;
        return 0;
    }
    return eks_buf_append(&r->raw_headers, data, len) == EKS_OK ? len : 0;
}

/* Splits the raw header section into views; the status line and malformed lines are skipped
 * (x-amzn-RequestId and x-amzn-ErrorType are the only ones the decoder needs). */
static size_t split_headers(eks_buf *raw, eks_header *out, size_t max)
{
    size_t n = 0;
    char *p = raw->ptr, *end = raw->ptr + raw->len;
    while (p && p < end && n < max) {
        char *eol = memchr(p, '\n', (size_t)(end - p));
        char *line_end = eol ? eol : end;
        char *colon = memchr(p, ':', (size_t)(line_end - p));
        if (colon && memcmp(p, "HTTP/", 5) != 0) {
            char *v = colon + 1, *ve = line_end;
            while (v < ve && (*v == ' ' || *v == '\t'))
                v++;
            while (ve > v && (ve[-1] == '\r' || ve[-1] == ' ' || ve[-1] == '\t'))
                ve--;
            out[n].name = (eks_str){p, (size_t)(colon - p)};
            out[n].value = (eks_str){v, (size_t)(ve - v)};
            n++;
        }
        p = eol ? eol + 1 : NULL;
    }
    return n;
}

static void print_update(const eks_update *u)
{
    /* createdAt is epoch seconds with millisecond precision on the wire; printed both as
     * ISO 8601 and as the number, so a reader can compare with the service's own log. */
    long long ms = (long long)(u->created_at.epoch_seconds * 1000.0 + (u->created_at.epoch_seconds >= 0 ? 0.5 : -0.5));
    time_t secs = (time_t)(ms / 1000);
    struct tm tm;
    char iso[32] = "?";
    if (gmtime_r(&secs, &tm))
        strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%S", &tm);
    printf("update.id: %.*s\n", (int)u->id.len, u->id.ptr);
    printf("update.status: %.*s\n", (int)u->status.raw.len, u->status.raw.ptr);
    printf("update.type: %.*s\n", (int)u->type.raw.len, u->type.raw.ptr);
    for (size_t i = 0; i < u->params.count; i++)
        printf("update.params[%zu]: %.*s = %.*s\n", i, (int)u->params.items[i].type.raw.len,
               u->params.items[i].type.raw.ptr, (int)u->params.items[i].value.len, u->params.items[i].value.ptr);
    printf("update.createdAt: %s.%03lldZ (%lld.%03lld)\n", iso, ms % 1000, ms / 1000, ms % 1000);
    printf("update.errors: %zu\n", u->errors.count);
    for (size_t i = 0; i < u->errors.count; i++)
        printf("update.errors[%zu]: %.*s: %.*s\n", i, (int)u->errors.items[i].error_code.raw.len,
               u->errors.items[i].error_code.raw.ptr, (int)u->errors.items[i].error_message.len,
               u->errors.items[i].error_message.ptr);
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: %s ENDPOINT_URL CLUSTER_NAME [IDP_NAME]\n", argv[0]);
        return 2;
    }
    const char *akid = getenv("AWS_ACCESS_KEY_ID"), *env_secret = getenv("AWS_SECRET_ACCESS_KEY");
    const char *token = getenv("AWS_SESSION_TOKEN");
    const char *region = getenv("AWS_REGION");
    if (!region || !*region)
        region = getenv("AWS_DEFAULT_REGION");
    if (!region || !*region)
        region = "us-west-2";
    if (!akid || !*akid || !env_secret || !*env_secret) {
        fprintf(stderr, "curl_transport: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY\n");
        return 2;
    }

    int rc = 2;
    char *secret = NULL, *url = NULL, *method = NULL;
    size_t secret_len = strlen(env_secret);
    eks_encoded_request enc = {0};
    eks_sigv4_output sig;
    eks_sigv4_output_init(&sig);
    eks_diags diags;
    eks_diags_init(&diags);
    eks_decoded_response dec = {0};
    response resp = {0};
    struct curl_slist *headers = NULL;
    CURL *curl = NULL;
    bool curl_global = false;

    /* A transport holds credentials in memory it owns (from a credential provider, a vault);
     * this copy stands for that memory: wiped before it is freed, as the signer wipes what
     * it derives from it. */
    secret = cstr((eks_str){env_secret, secret_len});
    if (!secret)
        goto oom;

    /* Resolving through the endpoint rules gives the Host header SigV4 must sign for a URL
     * exactly as the SDKs compute it (port only when not the scheme's default). */
    eks_endpoint_params epp = {.region = eks_str_from_cstr(region), .endpoint_url = eks_str_from_cstr(argv[1])};
    eks_endpoint ep;
    char err[256];
    if (eks_endpoint_resolve(&epp, &ep, err, sizeof err) != EKS_OK) {
        fprintf(stderr, "curl_transport: endpoint %s: %s\n", argv[1], err);
        goto out;
    }

    eks_disassociate_idp_request in = {
        .present = true,
        .cluster_name = eks_str_from_cstr(argv[2]),
        .identity_provider_config = {.present = true, .type = EKS_STR_LIT("oidc"),
                                     .name = eks_str_from_cstr(argc > 3 ? argv[3] : "okta")},
        /* client_request_token absent: the codec generates one, as the SDKs do. */
    };
    eks_request_options ropt = {.endpoint = &ep};
    eks_status st = eks_disassociate_idp_request_encode(&in, &ropt, &enc, &diags);
    if (st != EKS_OK) {
        /* Caught before anything is sent: e.g. an empty, "." or ".." cluster name, which
         * would reach another path on the server. */
        fprintf(stderr, "curl_transport: cannot encode the request: %s\n", eks_strerror(st));
        for (size_t i = 0; i < diags.count; i++)
            fprintf(stderr, "  %s: %s\n", diags.items[i].path, diags.items[i].message);
        goto out;
    }

    /* Sign what identifies the request, not how it is framed: Content-Length is left out
     * (as botocore does), so a transport may re-frame the body; the payload hash in the
     * signature covers the body's bytes either way. */
    eks_header to_sign_headers[EKS_ENCODED_MAX_HEADERS];
    eks_http_request to_sign = enc.http;
    to_sign.headers = to_sign_headers;
    to_sign.header_count = 0;
    for (size_t i = 0; i < enc.http.header_count; i++)
        if (!(enc.http.headers[i].name.len == 14 &&
              strncasecmp(enc.http.headers[i].name.ptr, "content-length", 14) == 0))
            to_sign_headers[to_sign.header_count++] = enc.http.headers[i];
    eks_sigv4_config cfg;
    eks_sigv4_config_init_eks(&cfg, eks_str_from_cstr(ep.signing_region[0] ? ep.signing_region : region),
                              (int64_t)time(NULL));
    eks_sigv4_credentials creds = {
        .access_key_id = eks_str_from_cstr(akid),
        .secret_access_key = {secret, secret_len},
        .session_token = token && *token ? eks_str_from_cstr(token) : EKS_STR_ABSENT,
    };
    st = eks_sigv4_sign(NULL, &cfg, &creds, &to_sign, &sig);
    if (st != EKS_OK) {
        fprintf(stderr, "curl_transport: signing failed: %s\n", eks_strerror(st));
        goto out;
    }

    /* Everything sent is what was signed: the codec's headers (Host included, so libcurl
     * does not derive its own), then the signer's (X-Amz-Date, token, Authorization).
     * Content-Length comes from CURLOPT_POSTFIELDSIZE. */
    bool ok = true;
    for (size_t i = 0; i < to_sign.header_count; i++)
        headers = add_header(headers, &to_sign.headers[i], &ok);
    for (size_t i = 0; i < sig.header_count; i++)
        headers = add_header(headers, &sig.headers[i], &ok);
    /* libcurl adds "Expect: 100-continue" to bodies over 1 KiB and waits for the answer:
     * an extra round trip for nothing, the request being complete and signed. */
    struct curl_slist *grown = curl_slist_append(headers, "Expect:");
    if (grown)
        headers = grown;
    url = cstr(enc.url);
    method = cstr(enc.http.method);
    if (!ok || !grown || !url || !method)
        goto oom;

    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        goto oom;
    curl_global = true;
    curl = curl_easy_init();
    if (!curl)
        goto oom;
    eks_buf_init(&resp.body);
    eks_buf_init(&resp.raw_headers);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    /* The path goes out byte for byte as it was signed: libcurl would otherwise squash
     * "/./" and "/../" segments. */
    curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);
    /* The method is the operation's, from the model (POST for this one). */
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, enc.http.body.ptr);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)enc.http.body.len);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &resp);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &resp);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    /* Never follow a redirect: a signed request replayed elsewhere would carry our signature
     * to a host it was not meant for. */
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    CURLcode cc = curl_easy_perform(curl);
    if (cc != CURLE_OK) {
        fprintf(stderr, "curl_transport: %s: %s\n", url,
                resp.too_big ? "response larger than 8 MiB" : curl_easy_strerror(cc));
        goto out;
    }
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);

    eks_header rh[MAX_RESPONSE_HEADERS];
    eks_http_response http = {
        .status = (int)status,
        .headers = rh,
        .header_count = split_headers(&resp.raw_headers, rh, MAX_RESPONSE_HEADERS),
        .body = {resp.body.ptr ? resp.body.ptr : "", resp.body.len},
    };
    eks_decode_options dopt = {.strict = false};
    st = eks_disassociate_idp_response_decode(&http, &dopt, &dec);
    printf("status: %d\n", dec.http_status);
    printf("request-id: %.*s\n", (int)dec.request_id.len, dec.request_id.ptr ? dec.request_id.ptr : "");
    if (dec.is_error) {
        /* A modeled error (ResourceNotFoundException, ...) or the front end's own
         * (InvalidSignatureException): the type is what callers branch on. */
        printf("error: %.*s: %.*s\n", (int)dec.error.type.len, dec.error.type.ptr ? dec.error.type.ptr : "",
               (int)dec.error.message.len, dec.error.message.ptr ? dec.error.message.ptr : "");
        rc = 1;
        goto out;
    }
    if (st != EKS_OK || !dec.output.update.present) {
        /* A 2xx whose body is not a valid Update is not a success: say where it is wrong. */
        fprintf(stderr, "curl_transport: the response is not a valid answer (%s)\n", eks_strerror(st));
        for (size_t i = 0; i < dec.diags.count; i++)
            fprintf(stderr, "  %s: %s\n", dec.diags.items[i].path, dec.diags.items[i].message);
        goto out;
    }
    print_update(&dec.output.update);
    rc = 0;
    goto out;
oom:
    fprintf(stderr, "curl_transport: out of memory\n");
out:
    if (curl)
        curl_easy_cleanup(curl);
    if (curl_global)
        curl_global_cleanup();
    free_headers(headers);
    free(url);
    free(method);
    eks_decoded_response_free(&dec);
    eks_buf_free(&resp.body);
    eks_buf_free(&resp.raw_headers);
    eks_diags_free(&diags);
    eks_encoded_request_free(&enc);
    eks_sigv4_output_free(&sig); /* wipes the signature and the key-derived hash states */
    if (secret) {
        wipe(secret, secret_len);
        free(secret);
    }
    return rc;
}
