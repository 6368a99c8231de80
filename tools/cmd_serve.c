/*
 * ekscodec serve (DESIGN §3): a local EKS endpoint that verifies SigV4.
 *
 * One thread, poll(). Each connection buffers its input until eks_http_parse() sees a whole
 * request (the parser takes a complete buffer, so a request is re-parsed as bytes arrive;
 * parsing starts only once the header section is complete). Limits (usage text, README):
 * header section 64 KiB, body 8 MiB, 64 connections (more wait in the listen backlog),
 * --idle-timeout seconds (10) without a byte of a request from a client closes its connection
 * (408 when a request was begun), and so does a request not whole --request-timeout seconds
 * (30) after its first byte.
 */
#include "cli_common.h"
#include "cli_sign.h"
#include "exchange_internal.h"
#include "json_read.h"
#include "validate_report.h"

#include "ekscodec/http_parse.h"
#include "ekscodec/op_codec.h"
#include "ekscodec/operation.h"
#include "ekscodec/sigv4.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <openssl/rand.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define SRV_MAX_HEADER_BYTES (64u * 1024u)
#define SRV_MAX_BODY_BYTES (8u * 1024u * 1024u)
#define SRV_MAX_CONNS 64
#define SRV_MAX_RESPOND 64
#define SRV_MAX_UPDATES 4096
/* Answers queued and not yet sent past which a connection's further pipelined requests wait:
 * a client that pipelines requests and never reads would otherwise make the server queue an
 * answer to each (a 1 MB --respond fixture: 150 MB from 48 KB of requests). */
#define SRV_MAX_QUEUED_OUT (1u << 20)

static volatile sig_atomic_t g_stop;

static void on_signal(int sig)
{
    (void)sig;
    g_stop = 1;
}

typedef struct srv_conn {
    int fd;
    eks_buf in;
    eks_buf out;
    size_t out_off;
    int64_t last_ms;
    int64_t request_ms; /* when the first byte of the request being read came; 0: none */
    bool sent_continue;
    bool close_after;
    int64_t linger_until; /* closing: shut for writing, input read and dropped until EOF or then */
    bool chunked_wait; /* the last parse was an incomplete chunked body ... */
    size_t parsed_len; /* ... of this many bytes */
    size_t head_scanned; /* bytes of in searched for the head's end without finding it */
    size_t chunk_at;     /* where its walk goes on: the next chunk-size line, or trailer line */
    bool chunk_trailers; /* the last chunk was seen: chunk_at is in the trailer section */
} srv_conn;

/* Its strings are owned copies (free_text), kept with their lengths: a name may hold a NUL
 * (%00 in the path, \u0000 in the body), which a C string would cut short. */
typedef struct srv_update {
    char id[37];
    eks_str cluster;
    eks_str idp_type;
    eks_str idp_name;
    eks_str token; /* the request's clientRequestToken, absent when it had none */
    uint64_t key;  /* update_key() of the four, compared first: a retry is looked for among 4096 */
    int64_t created_ms;
} srv_update;

typedef struct srv_respond {
    const eks_operation *op;
    eks_buf body;
} srv_respond;

typedef struct srv {
    eks_sigv4_credentials creds;
    const char *region;
    bool strict;
    eks_error_kind error_kind;
    srv_respond respond[SRV_MAX_RESPOND];
    size_t respond_count;
    double complete_after;
    double request_timeout; /* seconds from a request's first byte to its last */
    double idle_timeout;    /* seconds without a byte of a request before a connection is closed */
    FILE *log;
    uint64_t max_requests;
    const eks_operation *op_disassociate;
    const eks_operation *op_describe_update;
    srv_update *updates;
    size_t update_count;
    eks_sigv4_cache *cache;
    eks_sigv4_output scratch;
    eks_exchange_ctx *vctx;
    eks_exchange_result vres;
    val_sink sink;
    uint64_t requests, valid, invalid, rejected;
} srv;

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void uuid_v4(char out[37])
{
    unsigned char b[16];
    if (RAND_bytes(b, sizeof b) != 1) {
        /* Not a secret; a request id or update id only needs to be unique here. */
        static uint64_t counter;
        uint64_t v = (uint64_t)now_ms() ^ ++counter;
        memcpy(b, &v, 8);
        memcpy(b + 8, &counter, 8);
    }
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* RFC 9562 §5.4: version 4 */
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* variant 10 */
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
             b[13], b[14], b[15]);
}

static void http_date(char out[64])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    snprintf(out, 64, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday], tm.tm_mday,
             months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* ---------------------------------------------------------------- responses */

/* A response under construction: status, extra headers, body (owned). */
typedef struct srv_resp {
    int status;
    const char *error_type; /* x-amzn-errortype, NULL for success */
    eks_buf body;
    char request_id[37];
    /* why a request that parsed was refused as malformed HTTP (its Host): logged as one that
     * did not parse, invalid whatever a capture of it would be */
    const char *malformed;
} srv_resp;

static void json_escape_into(eks_buf *b, const char *s, size_t n)
{
    eks_buf_append_byte(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            eks_buf_append_byte(b, '\\');
            eks_buf_append_byte(b, (char)c);
        } else if (c < 0x20) {
            char e[8];
            snprintf(e, sizeof e, "\\u%04x", c);
            eks_buf_append_cstr(b, e);
        } else {
            eks_buf_append_byte(b, (char)c);
        }
    }
    eks_buf_append_byte(b, '"');
}

static void resp_message(srv_resp *r, int status, const char *type, const char *message)
{
    r->status = status;
    r->error_type = type;
    eks_buf_clear(&r->body);
    eks_buf_append_cstr(&r->body, "{\"message\":");
    json_escape_into(&r->body, message, strlen(message));
    eks_buf_append_byte(&r->body, '}');
}

/* A modeled error of the service through the library's encoder. */
static void resp_modeled_error(srv_resp *r, const eks_operation *op, eks_error_kind kind,
                               const char *message)
{
    eks_api_error err;
    memset(&err, 0, sizeof err);
    err.kind = kind;
    err.message = eks_str_from_cstr(message);
    eks_encoded_response enc;
    memset(&enc, 0, sizeof enc);
    if (eks_op_error_encode(op, &err, 0, EKS_STR_ABSENT, &enc, NULL) != EKS_OK) {
        resp_message(r, 500, "InternalFailure", "could not encode the error response");
        eks_encoded_response_free(&enc);
        return;
    }
    r->status = enc.http.status;
    r->error_type = eks_error_kind_name(kind);
    eks_buf_clear(&r->body);
    eks_buf_append(&r->body, enc.http.body.ptr, enc.http.body.len);
    eks_encoded_response_free(&enc);
}

static const char *reason_phrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Status";
    }
}

/* Appends the response as HTTP/1.1 bytes to out (log_exchange() lists the same headers). A
 * response to HEAD has the headers of the one to GET and no content (RFC 9110 §9.3.2): bytes
 * after them would be read as the start of the next response. keep_alive_10: an HTTP/1.0
 * request asked to keep the connection, which its client knows only from the answer's
 * "Connection: keep-alive" (RFC 9112 section 9.3 and appendix C.2.2); without it, it waits
 * for the close. */
static void resp_serialize(const srv_resp *r, bool close_conn, bool keep_alive_10, bool to_head, eks_buf *out)
{
    char date[64], line[256];
    http_date(date);
    snprintf(line, sizeof line, "HTTP/1.1 %d %s\r\n", r->status, reason_phrase(r->status));
    eks_buf_append_cstr(out, line);
    snprintf(line, sizeof line, "x-amzn-RequestId: %s\r\nDate: %s\r\n", r->request_id, date);
    eks_buf_append_cstr(out, line);
    if (r->error_type) {
        snprintf(line, sizeof line, "x-amzn-ErrorType: %s\r\n", r->error_type);
        eks_buf_append_cstr(out, line);
    }
    snprintf(line, sizeof line, "Content-Type: application/json\r\nContent-Length: %zu\r\n%s\r\n",
             r->body.len, close_conn ? "Connection: close\r\n" : keep_alive_10 ? "Connection: keep-alive\r\n" : "");
    eks_buf_append_cstr(out, line);
    if (!to_head)
        eks_buf_append(out, r->body.ptr ? r->body.ptr : "", r->body.len);
}

/* ---------------------------------------------------------------- request handling */

static eks_str header(const eks_http_request *req, const char *name)
{
    const eks_header *h = eks_http_find_header(req->headers, req->header_count, name);
    return h ? h->value : EKS_STR_ABSENT;
}

/* Access key id named by the request's credential (Authorization, else X-Amz-Credential). */
static bool request_access_key(const eks_http_request *req, eks_str *akid)
{
    eks_str auth = header(req, "authorization");
    if (auth.ptr) {
        const char *p = NULL;
        for (size_t i = 0; i + 11 <= auth.len; i++)
            if (memcmp(auth.ptr + i, "Credential=", 11) == 0) {
                p = auth.ptr + i + 11;
                break;
            }
        if (!p)
            return false;
        const char *end = auth.ptr + auth.len, *q = p;
        while (q < end && *q != '/' && *q != ',' && *q != ' ')
            q++;
        *akid = (eks_str){p, (size_t)(q - p)};
        return true;
    }
    if (req->query.ptr) {
        const char *k = "X-Amz-Credential=";
        size_t kl = strlen(k);
        for (size_t i = 0; i + kl <= req->query.len; i++)
            if (memcmp(req->query.ptr + i, k, kl) == 0 && (i == 0 || req->query.ptr[i - 1] == '&')) {
                const char *p = req->query.ptr + i + kl, *end = req->query.ptr + req->query.len, *q = p;
                while (q < end && *q != '%' && *q != '/' && *q != '&')
                    q++;
                *akid = (eks_str){p, (size_t)(q - p)};
                return true;
            }
    }
    return false;
}

static int hex_digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Whether a query value, percent-decoded, is `want` (a bad escape never is). */
static bool query_value_is(eks_str raw, eks_str want)
{
    size_t o = 0;
    for (size_t i = 0; i < raw.len; i++, o++) {
        char c = raw.ptr[i];
        if (c == '%') {
            int hi = i + 2 < raw.len ? hex_digit(raw.ptr[i + 1]) : -1, lo = hi >= 0 ? hex_digit(raw.ptr[i + 2]) : -1;
            if (lo < 0)
                return false;
            c = (char)(hi * 16 + lo);
            i += 2;
        }
        if (o >= want.len || want.ptr[o] != c)
            return false;
    }
    return o == want.len;
}

/* The error an invalid request of op gets: the first of InvalidParameterException,
 * InvalidRequestException, ClientException that the model lists for the operation; else the
 * first error it lists with status 400 (TagResource's BadRequestException: a client reading
 * by the operation's list would call ClientException unmodeled); else, for an operation that
 * lists no 400 error (ListAccessPolicies), ClientException. */
static eks_error_kind invalid_request_kind(const eks_operation *op)
{
    static const eks_error_kind order[] = {EKS_ERROR_INVALID_PARAMETER_EXCEPTION,
                                           EKS_ERROR_INVALID_REQUEST_EXCEPTION,
                                           EKS_ERROR_CLIENT_EXCEPTION};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
        if (eks_operation_has_error(op, order[i]))
            return order[i];
    for (size_t i = 0; i < eks_operation_error_count(op); i++)
        if (eks_error_kind_http_status(eks_operation_error_at(op, i)) == 400)
            return eks_operation_error_at(op, i);
    return EKS_ERROR_CLIENT_EXCEPTION;
}

/* An owned copy of s (absent: absent); *ok false when out of memory. */
static eks_str dup_text(eks_str s, bool *ok)
{
    if (!s.ptr)
        return EKS_STR_ABSENT;
    char *p = malloc(s.len + 1);
    if (!p) {
        *ok = false;
        return EKS_STR_ABSENT;
    }
    if (s.len)
        memcpy(p, s.ptr, s.len);
    p[s.len] = '\0';
    return (eks_str){p, s.len};
}

/* FNV-1a over each string and its length: what a retry must repeat, as one number. */
static uint64_t update_key(eks_str token, eks_str cluster, eks_str type, eks_str name)
{
    const eks_str parts[4] = {token, cluster, type, name};
    uint64_t h = 14695981039346656037u;
    for (size_t p = 0; p < 4; p++) {
        for (size_t i = 0; i < parts[p].len; i++)
            h = (h ^ (unsigned char)parts[p].ptr[i]) * 1099511628211u;
        for (size_t i = 0; i < sizeof parts[p].len; i++)
            h = (h ^ ((parts[p].len >> (8 * i)) & 0xff)) * 1099511628211u;
    }
    return h;
}

static void free_text(eks_str *s)
{
    free((void *)s->ptr);
    *s = EKS_STR_ABSENT;
}

static void update_free(srv_update *u)
{
    free_text(&u->cluster);
    free_text(&u->idp_type);
    free_text(&u->idp_name);
    free_text(&u->token);
}

/* The Update as the service fills it for DisassociateIdentityProviderConfig; the enum strings
 * come from the model's tables. */
static void update_json(const srv *S, const srv_update *u, bool fresh, eks_buf *b)
{
    /* DESIGN §3: a new Update is InProgress, --complete-after 0 included; DescribeUpdate, or
     * a retry of the request that made it (its clientRequestToken), finds it as it is now:
     * Successful once --complete-after has passed */
    bool done = !fresh && (double)(now_ms() - u->created_ms) >= S->complete_after * 1000.0;
    const char *status = eks_update_status_to_string(done ? EKS_UPDATE_STATUS_SUCCESSFUL : EKS_UPDATE_STATUS_IN_PROGRESS);
    const char *type = eks_update_type_to_string(EKS_UPDATE_TYPE_DISASSOCIATE_IDENTITY_PROVIDER_CONFIG);
    const char *ptype = eks_update_param_type_to_string(EKS_UPDATE_PARAM_TYPE_IDENTITY_PROVIDER_CONFIG);
    eks_buf_append_cstr(b, "{\"update\":{\"id\":");
    json_escape_into(b, u->id, strlen(u->id));
    eks_buf_append_cstr(b, ",\"status\":");
    json_escape_into(b, status, strlen(status));
    eks_buf_append_cstr(b, ",\"type\":");
    json_escape_into(b, type, strlen(type));
    eks_buf_append_cstr(b, ",\"params\":[{\"type\":");
    json_escape_into(b, ptype, strlen(ptype));
    eks_buf_append_cstr(b, ",\"value\":");
    /* The service puts a JSON document in a string: [{"type":"oidc","name":"<name>"}], the
     * type and name of the request's identityProviderConfig. */
    eks_buf inner;
    eks_buf_init(&inner);
    eks_buf_append_cstr(&inner, "[{\"type\":");
    json_escape_into(&inner, u->idp_type.ptr, u->idp_type.len);
    eks_buf_append_cstr(&inner, ",\"name\":");
    json_escape_into(&inner, u->idp_name.ptr, u->idp_name.len);
    eks_buf_append_cstr(&inner, "}]");
    json_escape_into(b, inner.ptr, inner.len);
    eks_buf_free(&inner);
    char ts[64];
    snprintf(ts, sizeof ts, "}],\"createdAt\":%lld.%03d,\"errors\":[]}}",
             (long long)(u->created_ms / 1000), (int)(u->created_ms % 1000));
    eks_buf_append_cstr(b, ts);
}

/* RFC 9112 §3.2: a request with more than one Host field line, or a Host value that is not
 * uri-host [":" port], MUST be answered 400. The bytes a uri-host and port may hold (RFC 3986
 * §3.2.2: unreserved, pct-encoded, sub-delims, and the brackets and colons of an IP-literal):
 * a space, '/', '@', '?', '#', a control or a non-ASCII byte is no Host value. */
static bool host_field_ok(const eks_http_request *req)
{
    size_t seen = 0;
    for (size_t h = 0; h < req->header_count; h++) {
        eks_str n = req->headers[h].name, v = req->headers[h].value;
        if (n.len != 4 || strncasecmp(n.ptr, "host", 4) != 0)
            continue;
        if (++seen > 1)
            return false;
        for (size_t i = 0; i < v.len; i++) {
            unsigned char c = (unsigned char)v.ptr[i];
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  strchr("-._~%!$&'()*+,;=:[]", c)) || c == '\0')
                return false;
        }
    }
    return true;
}

static void handle(srv *S, const eks_http_request *req, srv_resp *r, const eks_operation **op_out)
{
    eks_route_match m;
    *op_out = NULL;
    /* RFC 9112 §3.2 answers any request without a good Host 400, whatever it asks for: before
     * routing, or an unknown path got 404 for it */
    if (!header(req, "host").ptr || !host_field_ok(req)) {
        r->malformed = !header(req, "host").ptr ? "missing Host header (RFC 9112 section 3.2; SigV4 signs it)"
                                                 : "more than one Host field line, or a Host value that is no "
                                                   "uri-host [\":\" port] (RFC 9112 section 3.2)";
        resp_message(r, 400, "BadRequestException", r->malformed);
        S->invalid++; /* malformed, whatever its signature */
        return;
    }
    if (eks_route(req->method, req->path, &m) != EKS_OK || !m.op) {
        /* The service's front end answers an unknown path or method like this. */
        resp_message(r, 404, "UnknownOperationException", "no operation of the EKS API has this method and path");
        return;
    }
    const eks_operation *op = m.op;
    *op_out = op;
    eks_str akid;
    eks_str qv;
    if (!header(req, "authorization").ptr && !eks_exchange_query_find(req->query, "X-Amz-Signature", &qv)) {
        resp_message(r, 403, "MissingAuthenticationTokenException", "Missing Authentication Token");
        S->rejected++;
        return;
    }
    if (!request_access_key(req, &akid) || !eks_str_eq(akid, S->creds.access_key_id)) {
        resp_message(r, 403, "UnrecognizedClientException", "The security token included in the request is invalid.");
        S->rejected++;
        return;
    }
    if (S->creds.session_token.ptr) {
        /* in a header, or in the query of a presigned request: the signature does not depend
         * on the token, so it is compared here */
        eks_str tok = header(req, "x-amz-security-token");
        if ((tok.ptr && !eks_str_eq(tok, S->creds.session_token)) ||
            (eks_exchange_query_find(req->query, "X-Amz-Security-Token", &qv) && !query_value_is(qv, S->creds.session_token))) {
            resp_message(r, 403, "UnrecognizedClientException", "The security token included in the request is invalid.");
            S->rejected++;
            return;
        }
    }
    eks_sigv4_config cfg;
    eks_sigv4_config_init_eks(&cfg, eks_str_from_cstr(S->region), (int64_t)time(NULL));
    if (!S->region)
        cfg.region = EKS_STR_ABSENT;
    eks_diags sd;
    eks_diags_init(&sd);
    eks_status st = eks_sigv4_verify(S->cache, &cfg, &S->creds, req, &S->scratch, &sd);
    bool skew = eks_diags_has_code(&sd, EKS_DIAG_CLOCK_SKEW);
    eks_diags_free(&sd);
    if (st != EKS_OK || skew) {
        resp_message(r, 403, "InvalidSignatureException",
                     skew ? "Signature expired: the request time is more than 15 minutes away from the server time."
                          : "The request signature we calculated does not match the signature you provided. "
                            "Check your AWS Secret Access Key and signing method. Consult the service "
                            "documentation for details.");
        S->rejected++;
        return;
    }
    eks_decode_options dopt = {.strict = S->strict, .limits = NULL};
    eks_op_decoded_request dec;
    memset(&dec, 0, sizeof dec);
    st = eks_op_request_decode(op, req, &dopt, &dec);
    if (st != EKS_OK || dec.diags.errors) {
        char msg[512] = "invalid request";
        for (size_t i = 0; i < dec.diags.count; i++)
            if (dec.diags.items[i].severity == EKS_SEV_ERROR) {
                snprintf(msg, sizeof msg, "%s: %s", dec.diags.items[i].path, dec.diags.items[i].message);
                msg[eks_utf8_cut(msg, strlen(msg))] = '\0'; /* snprintf may have cut a character */
                break;
            }
        resp_modeled_error(r, op, invalid_request_kind(op), msg);
        S->invalid++;
        eks_op_decoded_request_free(&dec);
        return;
    }
    S->valid++;
    if (S->error_kind != EKS_ERROR_NONE) {
        resp_modeled_error(r, op, S->error_kind, "error requested with ekscodec serve --error");
        goto out;
    }
    for (size_t i = 0; i < S->respond_count; i++)
        if (S->respond[i].op == op) {
            r->status = eks_operation_success_code(op);
            eks_buf_clear(&r->body);
            eks_buf_append(&r->body, S->respond[i].body.ptr, S->respond[i].body.len);
            goto out;
        }
    if (op == S->op_disassociate) {
        const eks_disassociate_identity_provider_config_request *in = dec.value;
        /* clientRequestToken "ensures the idempotency of the request" (the model): a retry
         * with the same token and parameters (botocore keeps the token across its retries)
         * gets the update the first request made, not a second one */
        uint64_t key = update_key(in->client_request_token, in->cluster_name, in->identity_provider_config.type,
                                  in->identity_provider_config.name);
        for (size_t i = 0; in->client_request_token.ptr && i < S->update_count; i++) {
            srv_update *u = &S->updates[i];
            if (u->key == key && u->token.ptr && eks_str_eq(in->client_request_token, u->token) &&
                eks_str_eq(in->cluster_name, u->cluster) &&
                eks_str_eq(in->identity_provider_config.type, u->idp_type) &&
                eks_str_eq(in->identity_provider_config.name, u->idp_name)) {
                r->status = eks_operation_success_code(op);
                eks_buf_clear(&r->body);
                update_json(S, u, false, &r->body);
                goto out;
            }
        }
        if (S->update_count == SRV_MAX_UPDATES) {
            /* Bounded memory: the oldest update is forgotten (DescribeUpdate then says 404). */
            update_free(&S->updates[0]);
            memmove(S->updates, S->updates + 1, (SRV_MAX_UPDATES - 1) * sizeof *S->updates);
            S->update_count--;
        }
        srv_update *u = &S->updates[S->update_count];
        uuid_v4(u->id);
        bool ok = true;
        u->cluster = dup_text(in->cluster_name, &ok);
        u->idp_type = dup_text(in->identity_provider_config.type, &ok);
        u->idp_name = dup_text(in->identity_provider_config.name, &ok);
        u->token = dup_text(in->client_request_token, &ok);
        u->key = key;
        u->created_ms = now_ms();
        if (!ok) {
            update_free(u);
            resp_message(r, 500, "ServerException", "out of memory");
            goto out;
        }
        S->update_count++;
        r->status = eks_operation_success_code(op);
        eks_buf_clear(&r->body);
        update_json(S, u, true, &r->body);
        goto out;
    }
    if (op == S->op_describe_update) {
        const eks_describe_update_request *in = dec.value;
        for (size_t i = 0; i < S->update_count; i++) {
            srv_update *u = &S->updates[i];
            if (eks_str_eq_cstr(in->update_id, u->id) && eks_str_eq(in->name, u->cluster) &&
                !in->nodegroup_name.ptr && !in->addon_name.ptr && !in->capability_name.ptr) {
                r->status = eks_operation_success_code(op);
                eks_buf_clear(&r->body);
                update_json(S, u, false, &r->body);
                goto out;
            }
        }
        resp_modeled_error(r, op, EKS_ERROR_RESOURCE_NOT_FOUND_EXCEPTION, "No update found with this id for this resource.");
        goto out;
    }
    resp_message(r, 501, "NotImplementedException",
                 "ekscodec serve has no answer for this operation (use --respond OP=FILE)");
out:
    eks_op_decoded_request_free(&dec);
}

/* Writes one exchange to --log in the shape of `validate --format json`: ex holds the request
 * (or, for one refused before it parsed, its diagnostic), r the answer. */
static void log_answer(srv *S, eks_exchange *ex, const srv_resp *r)
{
    char date[64];
    http_date(date);
    eks_header hs[5];
    size_t n = 0;
    char len[32];
    snprintf(len, sizeof len, "%zu", r->body.len);
    hs[n++] = (eks_header){EKS_STR_LIT("x-amzn-RequestId"), {r->request_id, strlen(r->request_id)}};
    hs[n++] = (eks_header){EKS_STR_LIT("Date"), {date, strlen(date)}};
    if (r->error_type)
        hs[n++] = (eks_header){EKS_STR_LIT("x-amzn-ErrorType"), eks_str_from_cstr(r->error_type)};
    hs[n++] = (eks_header){EKS_STR_LIT("Content-Type"), EKS_STR_LIT("application/json")};
    hs[n++] = (eks_header){EKS_STR_LIT("Content-Length"), {len, strlen(len)}};
    ex->position = S->requests;
    ex->has_response = true;
    ex->response = (eks_http_response){r->status, hs, n, {r->body.ptr ? r->body.ptr : "", r->body.len}};
    if (eks_exchange_check(S->vctx, ex, (int64_t)time(NULL), &S->vres))
        val_report_exchange(&S->sink, VAL_FMT_JSON, "serve", EKS_CAPTURE_JSONL, ex->position, &S->vres);
    fflush(S->log);
}

static void log_exchange(srv *S, const eks_http_request *req, const srv_resp *r)
{
    if (!S->log)
        return;
    eks_exchange ex;
    memset(&ex, 0, sizeof ex);
    ex.has_request = true;
    ex.request = *req;
    ex.host = header(req, "host");
    eks_diags_init(&ex.diags);
    log_answer(S, &ex, r);
    eks_diags_free(&ex.diags);
}

/* A request refused before it was parsed (or whole) is an exchange too: invalid, with what
 * refused it, as a capture reader reports a record it cannot read. */
static void log_refused(srv *S, const srv_resp *r, eks_diag_code code, const char *why)
{
    if (!S->log)
        return;
    eks_exchange ex;
    memset(&ex, 0, sizeof ex);
    eks_diags_init(&ex.diags);
    if (eks_diags_add(&ex.diags, EKS_SEV_ERROR, code, "", SIZE_MAX, "request refused with HTTP %d: %s", r->status,
                      why) == EKS_OK)
        log_answer(S, &ex, r);
    eks_diags_free(&ex.diags);
}

/* ---------------------------------------------------------------- connections */

/* The next member of a comma-separated field value (RFC 9110 §5.6.1) from *at, without its
 * surrounding spaces and tabs (possibly empty); false past the end. */
static bool next_list_member(eks_str v, size_t *at, eks_str *member)
{
    if (*at > v.len)
        return false;
    size_t a = *at, end = a;
    while (end < v.len && v.ptr[end] != ',')
        end++;
    size_t b = end;
    while (a < b && (v.ptr[a] == ' ' || v.ptr[a] == '\t'))
        a++;
    while (b > a && (v.ptr[b - 1] == ' ' || v.ptr[b - 1] == '\t'))
        b--;
    *member = (eks_str){v.ptr + a, b - a};
    *at = end + 1;
    return true;
}

/* Does a field named `name` hold `token` as a member of its comma-separated list (RFC 9110
 * §5.6.1, case-insensitive: Connection options and expectations are tokens)? Every field
 * line of that name counts (§5.3). */
static bool header_list_has(const eks_http_request *req, const char *name, const char *token)
{
    size_t tn = strlen(token), nn = strlen(name);
    for (size_t h = 0; h < req->header_count; h++) {
        if (req->headers[h].name.len != nn || strncasecmp(req->headers[h].name.ptr, name, nn) != 0)
            continue;
        eks_str m;
        for (size_t at = 0; next_list_member(req->headers[h].value, &at, &m);)
            if (m.len == tn && strncasecmp(m.ptr, token, tn) == 0)
                return true;
    }
    return false;
}

/* Whether every transfer coding the request's Transfer-Encoding lists is chunked (RFC 9112
 * §6.1: the parser only needs chunked to be the last one; a coding before it, such as gzip,
 * would still have to be undone, and serve undoes none). */
static bool only_chunked_coding(const eks_http_request *req)
{
    for (size_t h = 0; h < req->header_count; h++) {
        eks_str n = req->headers[h].name;
        if (n.len != 17 || strncasecmp(n.ptr, "transfer-encoding", 17) != 0)
            continue;
        eks_str m;
        for (size_t at = 0; next_list_member(req->headers[h].value, &at, &m);) {
            size_t name_len = 0; /* the coding's name: before its parameters */
            while (name_len < m.len && m.ptr[name_len] != ';' && m.ptr[name_len] != ' ' && m.ptr[name_len] != '\t')
                name_len++;
            if (name_len && (name_len != 7 || strncasecmp(m.ptr, "chunked", 7) != 0))
                return false;
        }
    }
    return true;
}

/* Index past the first empty line of p[from, n) (a LF, then LF or CRLF: lines may end in
 * either, RFC 9112 §2.2), 0 when there is none yet. */
static size_t blank_line_end(const char *p, size_t from, size_t n)
{
    for (size_t i = from; i + 1 < n; i++) {
        if (p[i] != '\n')
            continue;
        if (p[i + 1] == '\n')
            return i + 2;
        if (i + 2 < n && p[i + 1] == '\r' && p[i + 2] == '\n')
            return i + 3;
    }
    return 0;
}

/* Bytes of empty lines (CRLF or LF) at the start of p, which a server ignores before a
 * request line (RFC 9112 §2.2). */
static size_t leading_empty_lines(const char *p, size_t n)
{
    size_t i = 0;
    for (;;) {
        if (i < n && p[i] == '\n')
            i++;
        else if (i + 1 < n && p[i] == '\r' && p[i + 1] == '\n')
            i += 2;
        else
            return i;
    }
}

/* Walks the buffered request's chunked body from c->chunk_at as far as its bytes go, each byte
 * once however the body arrives: true when the body is complete (last chunk, trailers, empty
 * line) or the walk meets what it cannot read (then eks_http_parse says what is wrong), false
 * while more bytes are needed. It only decides when to parse: the parser decides what the
 * bytes mean. Without it, each read holding an empty line would re-parse the whole body. */
static bool chunked_body_ready(srv_conn *c)
{
    const char *p = c->in.ptr;
    size_t n = c->in.len;
    while (!c->chunk_trailers) {
        size_t i = c->chunk_at;
        const char *nl = memchr(p + i, '\n', n - i);
        if (!nl) /* a chunk-size line longer than the parser takes (then 413), or not yet whole */
            return n - i > EKS_HTTP_DEFAULT_MAX_START_LINE_BYTES + 2;
        size_t size = 0, digits = 0;
        for (; p + i < nl && hex_digit(p[i]) >= 0; i++, digits++) {
            if (size > SRV_MAX_BODY_BYTES / 16)
                return true; /* over the body limit: 413 */
            size = size * 16 + (size_t)hex_digit(p[i]);
        }
        if (!digits)
            return true;
        size_t data = (size_t)(nl - p) + 1;
        if (size == 0) {
            c->chunk_trailers = true;
            c->chunk_at = data;
            break;
        }
        if (n - data <= size)
            return false; /* the data and the line end after it are not all here */
        size_t end = data + size;
        if (p[end] == '\r') {
            if (n - end < 2)
                return false;
            if (p[end + 1] != '\n')
                return true;
            end++;
        } else if (p[end] != '\n') {
            return true;
        }
        c->chunk_at = end + 1;
    }
    for (;;) { /* trailer field lines, then the empty line */
        size_t i = c->chunk_at;
        const char *nl = memchr(p + i, '\n', n - i);
        if (!nl)
            return n - i > SRV_MAX_HEADER_BYTES;
        size_t len = (size_t)(nl - p) - i;
        if (len == 0 || (len == 1 && p[i] == '\r'))
            return true;
        c->chunk_at = (size_t)(nl - p) + 1;
    }
}

/* Answers a request refused before it is handled, and closes the connection after: counted
 * as a request (the next one's number) and as invalid, and logged. to_head: the request was
 * read far enough to know it is a HEAD (its answer has no content). */
static void conn_queue_error(srv *S, srv_conn *c, int status, const char *type, const char *msg, bool to_head)
{
    srv_resp r;
    memset(&r, 0, sizeof r);
    eks_buf_init(&r.body);
    uuid_v4(r.request_id);
    resp_message(&r, status, type, msg);
    resp_serialize(&r, true, false, to_head, &c->out);
    S->requests++;
    S->invalid++;
    /* a timeout is a limit the request broke, as a size is */
    bool limit = status == 408 || status == 413 || status == 414 || status == 431;
    log_refused(S, &r, limit ? EKS_DIAG_LIMIT_EXCEEDED : EKS_DIAG_HTTP_MALFORMED, msg);
    eks_buf_free(&r.body);
    c->close_after = true;
}

/* Whether the buffered request is a HEAD, known from its first bytes before it parses: an
 * answer to a HEAD has no content (RFC 9110 §9.3.2), an error answer included. */
static bool begins_head(const srv_conn *c)
{
    return c->in.len >= 5 && memcmp(c->in.ptr, "HEAD ", 5) == 0;
}

/* Serves the complete requests in c->in, until SRV_MAX_QUEUED_OUT bytes of answers wait to be
 * sent (the rest are served once those are: poll() reads no more from a connection with
 * answers queued). */
static void conn_process(srv *S, srv_conn *c)
{
    while (!c->close_after && c->in.len > 0 && !(S->max_requests && S->requests >= S->max_requests) &&
           c->out.len - c->out_off < SRV_MAX_QUEUED_OUT) {
        /* Empty lines between requests are dropped (RFC 9112 §2.2): a request begins at its
         * request line, and a buffer of nothing else holds no request (no 408 for it). */
        size_t lead = leading_empty_lines(c->in.ptr, c->in.len);
        if (lead) {
            memmove(c->in.ptr, c->in.ptr + lead, c->in.len - lead);
            c->in.len -= lead;
            c->in.ptr[c->in.len] = '\0';
            c->parsed_len = c->parsed_len > lead ? c->parsed_len - lead : 0;
            c->chunk_at = c->chunk_at > lead ? c->chunk_at - lead : 0;
            c->head_scanned = c->head_scanned > lead ? c->head_scanned - lead : 0;
            if (!c->in.len)
                return;
        }
        /* The search goes on where the last one stopped (less the two bytes an empty line's
         * "\n\r" may have begun with): a head trickled a byte a read is not searched whole on
         * every read, which was quadratic in its length. */
        size_t hend = blank_line_end(c->in.ptr, c->head_scanned, c->in.len);
        if (!hend)
            c->head_scanned = c->in.len > 2 ? c->in.len - 2 : 0;
        if (c->in.len > SRV_MAX_HEADER_BYTES + 2 * (size_t)SRV_MAX_BODY_BYTES) {
            /* Backstop on what one request may hold in memory, framing included: an 8 MiB
             * body sent in tiny chunks is several times that on the wire, and is refused
             * here (the limit documented beside the body's). */
            conn_queue_error(S, c, 413, "RequestEntityTooLarge",
                             "request larger than 16 MiB + 64 KiB as sent (chunk framing included; the body limit is 8 MiB)",
                             begins_head(c));
            return;
        }
        if (!hend) {
            /* The head is not whole, but a limit it already breaks is answered now: the
             * client may send nothing more, and would get 408 for it after the timeout. The
             * first line's end is looked for in its first 8 KiB and two bytes only. */
            size_t max_line = EKS_HTTP_DEFAULT_MAX_START_LINE_BYTES;
            size_t look = c->in.len < max_line + 2 ? c->in.len : max_line + 2;
            const char *nl = memchr(c->in.ptr, '\n', look);
            size_t line = nl ? (size_t)(nl - c->in.ptr) - (nl > c->in.ptr && nl[-1] == '\r') : c->in.len;
            /* unended: a last CR may be the start of its line ending */
            bool cr_last = !nl && c->in.ptr[c->in.len - 1] == '\r';
            if (line > max_line + cr_last) {
                conn_queue_error(S, c, 414, "URITooLong", "request line longer than 8 KiB", begins_head(c));
                return;
            }
            if (nl && c->in.len - (size_t)(nl + 1 - c->in.ptr) > SRV_MAX_HEADER_BYTES) {
                conn_queue_error(S, c, 431, "RequestHeaderFieldsTooLarge", "header section larger than 64 KiB", begins_head(c));
            }
            return;
        }
        /* A chunked body is parsed again only once its walk has reached the end (or another
         * MiB came, a backstop): re-parsing the whole buffer on every read is quadratic. */
        if (c->chunked_wait && c->in.len < c->parsed_len + (1u << 20) && !chunked_body_ready(c))
            return;
        bool was_waiting = c->chunked_wait;
        c->chunked_wait = false;
        eks_http_parse_options po;
        memset(&po, 0, sizeof po);
        po.max_header_bytes = SRV_MAX_HEADER_BYTES;
        po.max_body_bytes = SRV_MAX_BODY_BYTES;
        po.expect = EKS_HTTP_REQUEST;
        eks_http_message msg;
        eks_status st = eks_http_parse(c->in.ptr, c->in.len, &po, &msg);
        if (st == EKS_ERR_MALFORMED_INPUT && msg.incomplete) {
            if (msg.framing == EKS_HTTP_FRAMING_CHUNKED && !was_waiting) {
                c->chunk_at = hend; /* the first chunk-size line */
                c->chunk_trailers = false;
            }
            c->chunked_wait = msg.framing == EKS_HTTP_FRAMING_CHUNKED;
            c->parsed_len = c->in.len;
            /* RFC 9110 §10.1.1: only an HTTP/1.1 client gets an interim response, and
             * only for the 100-continue expectation itself */
            if (!c->sent_continue && msg.head_complete && eks_str_eq_cstr(msg.version, "HTTP/1.1") &&
                header_list_has(&msg.request, "expect", "100-continue")) {
                eks_buf_append_cstr(&c->out, "HTTP/1.1 100 Continue\r\n\r\n");
                c->sent_continue = true;
            }
            eks_http_message_free(&msg);
            return;
        }
        if (st == EKS_ERR_LIMIT_EXCEEDED) {
            size_t at = msg.diags.count ? msg.diags.items[0].offset : 0;
            const char *nl = memchr(c->in.ptr, '\n', c->in.len);
            eks_http_message_free(&msg);
            if (at >= hend)
                conn_queue_error(S, c, 413, "RequestEntityTooLarge", "request body larger than 8 MiB", begins_head(c));
            else if (nl && at < (size_t)(nl - c->in.ptr)) /* RFC 9112 section 3: a target too long to parse */
                conn_queue_error(S, c, 414, "URITooLong", "request line longer than 8 KiB", begins_head(c));
            else
                conn_queue_error(S, c, 431, "RequestHeaderFieldsTooLarge",
                                 "header section over its limits (64 KiB, 100 fields)", begins_head(c));
            return;
        }
        if (st != EKS_OK) {
            eks_http_message_free(&msg);
            conn_queue_error(S, c, 400, "BadRequestException", "malformed HTTP/1.1 request", begins_head(c));
            return;
        }
        eks_http_request req = msg.request;
        if (msg.framing == EKS_HTTP_FRAMING_CHUNKED) {
            /* both framings: a request smuggling pattern (RFC 9112 §6.3: handled as an error, or
             * the connection closed after the answer); a transfer coding before chunked that
             * serve does not undo (§6.1: SHOULD get 501; the still-coded content read as the
             * body answered gzip bytes as JSON). Refused, and the connection closed. */
            bool smuggling = header(&req, "content-length").ptr != NULL;
            if (smuggling || !only_chunked_coding(&req)) {
                bool to_head = eks_str_eq_cstr(msg.request.method, "HEAD");
                eks_http_message_free(&msg);
                if (smuggling)
                    conn_queue_error(S, c, 400, "BadRequestException",
                                     "both Transfer-Encoding and Content-Length (RFC 9112 section 6.3)", to_head);
                else
                    conn_queue_error(S, c, 501, "NotImplementedException",
                                     "a transfer coding other than chunked (RFC 9112 section 6.1)", to_head);
                return;
            }
        }
        if (msg.version.len < 6 || msg.version.ptr[5] != '1') {
            /* RFC 9112 section 2.3: another major version (HTTP/2.0 as a request line) is not
             * HTTP/1.1 with another number; its framing may differ: refused, and closed */
            bool to_head = eks_str_eq_cstr(msg.request.method, "HEAD");
            eks_http_message_free(&msg);
            conn_queue_error(S, c, 505, "HTTPVersionNotSupportedException", "serve speaks HTTP/1.x only", to_head);
            return;
        }
        bool http10 = eks_str_eq_cstr(msg.version, "HTTP/1.0");
        bool close_conn = header_list_has(&req, "connection", "close") ||
                          (http10 && !header_list_has(&req, "connection", "keep-alive"));
        srv_resp r;
        memset(&r, 0, sizeof r);
        eks_buf_init(&r.body);
        uuid_v4(r.request_id);
        const eks_operation *op;
        S->requests++;
        handle(S, &req, &r, &op);
        resp_serialize(&r, close_conn, http10 && !close_conn, eks_str_eq_cstr(req.method, "HEAD"), &c->out);
        if (r.malformed)
            log_refused(S, &r, EKS_DIAG_HTTP_MALFORMED, r.malformed);
        else
            log_exchange(S, &req, &r);
        eks_buf_free(&r.body);
        size_t used = msg.consumed;
        eks_http_message_free(&msg);
        memmove(c->in.ptr, c->in.ptr + used, c->in.len - used);
        c->in.len -= used;
        c->in.ptr[c->in.len] = '\0';
        c->head_scanned = 0;
        c->sent_continue = false;
        if (close_conn)
            c->close_after = true;
        if (S->max_requests && S->requests >= S->max_requests)
            return;
    }
}

/* Serves what c->in holds, then restarts the request clock when a request was answered
 * and more input waits (the next request's first bytes), or stops it when none does, or when
 * the answers queued hold the rest back (the client is not slow: it has yet to read them).
 * True when the input held a request, or its start: bytes that were only empty lines between
 * requests do not keep a connection alive (an endless stream of them held its slot forever,
 * and 64 such clients every slot). */
static bool conn_serve_input(srv *S, srv_conn *c, int64_t now)
{
    uint64_t served = S->requests;
    conn_process(S, c);
    /* a lone CR: the first half of an empty line's CRLF (a client sending CR, then LF, then
     * CR ... held its slot, each half restarting both clocks), not a request's first byte */
    bool pending = c->in.len && !(c->in.len == 1 && c->in.ptr[0] == '\r');
    if (!pending || c->out.len - c->out_off >= SRV_MAX_QUEUED_OUT)
        c->request_ms = 0;
    else if (!c->request_ms || S->requests != served)
        c->request_ms = now;
    return pending || S->requests != served;
}

static void conn_close(srv_conn *c)
{
    close(c->fd);
    c->fd = -1;
    eks_buf_free(&c->in);
    eks_buf_free(&c->out);
    c->out_off = 0;
}

/* A connection whose answers are all sent, closed from our side (Connection: close, an error
 * answer): shut for writing and read to its end, for 2 s at most, before the close (a lingering
 * close, RFC 9112 §9.6). Closing with unread input makes the kernel reset the connection, and
 * the reset drops answers still in its send buffer: a client that pipelined past the close
 * lost the answers before it. Any other end (a send error) closes at once. */
static void conn_end(srv_conn *c, int64_t now)
{
    if (!c->close_after || c->out_off < c->out.len || shutdown(c->fd, SHUT_WR) != 0) {
        conn_close(c);
        return;
    }
    c->linger_until = now + 2000;
    eks_buf_free(&c->in);
}

/* Sends what is queued; false when the connection is done (error or closed after). */
static bool conn_flush(srv_conn *c)
{
    while (c->out_off < c->out.len) {
        ssize_t n = send(c->fd, c->out.ptr + c->out_off, c->out.len - c->out_off, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return true;
            return false;
        }
        c->out_off += (size_t)n;
    }
    eks_buf_clear(&c->out);
    c->out_off = 0;
    return !c->close_after;
}

/* Sends what is queued; once all of it is sent, serves the requests that waited for that
 * (SRV_MAX_QUEUED_OUT) and sends their answers, as long as the socket takes them at once.
 * Ends the connection on a send error, or when it was to close after its answers. */
static void conn_send(srv *S, srv_conn *c, int64_t now)
{
    while (c->out.len) {
        if (!conn_flush(c)) {
            conn_end(c, now);
            return;
        }
        if (c->out.len)
            return; /* the rest when poll() says the socket takes more */
        c->last_ms = now;
        conn_serve_input(S, c, now);
    }
}

/* ---------------------------------------------------------------- start-up */

static void usage(FILE *f)
{
    fputs("usage: ekscodec serve [--listen 127.0.0.1:PORT] [--allow-remote] [--region R] [--strict]\n"
          "                      [--error NAME] [--respond OP=FILE]... [--complete-after SECONDS]\n"
          "                      [--log FILE|-] [--max-requests N] [--request-timeout SECONDS]\n"
          "                      [--idle-timeout SECONDS]\n"
          "A local EKS endpoint (HTTP/1.1) that verifies SigV4 against AWS_ACCESS_KEY_ID /\n"
          "AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN when set: requests must carry it) and\n"
          "validates each request.\n"
          "  --listen HOST:PORT     default 127.0.0.1:0 (port 0: a free port); prints\n"
          "                         'listening on HOST:PORT' on stdout when ready\n"
          "  --allow-remote         allow a non-loopback listen address\n"
          "  --region R             credential scope region to require (else AWS_REGION,\n"
          "                         AWS_DEFAULT_REGION; none: any region)\n"
          "  --strict               strict request decoding\n"
          "  --error NAME           answer every correctly signed request with this modeled error\n"
          "  --respond OP=FILE      answer OP with the JSON body in FILE (checked at start)\n"
          "  --complete-after S     DescribeUpdate reports Successful S seconds after creation\n"
          "                         (default 2)\n"
          "  --log FILE|-           one JSON line per exchange, as `validate --format json`\n"
          "  --max-requests N       exit after N requests\n"
          "  --request-timeout S    a request must arrive whole within S seconds of its first\n"
          "                         byte, else 408 and the connection closed (default 30)\n"
          "  --idle-timeout S       a connection S seconds without a byte of a request is closed\n"
          "                         (408 if a request was begun; default 10)\n"
          "Limits: request line 8 KiB (414), header section 64 KiB and 100 fields (431), body\n"
          "8 MiB and a request 16 MiB + 64 KiB as sent, chunk framing included (413), 64\n"
          "connections (more wait in the backlog), 1 MiB of answers queued per connection (its\n"
          "pipelined requests wait).\n"
          "SIGINT/SIGTERM: stop, summary line on stderr.\n", f);
}

static bool is_loopback(const struct sockaddr *sa)
{
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;
        return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
    }
    if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)sa;
        return IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
    }
    return false;
}

static int open_listener(const char *listen_arg, bool allow_remote, char *shown, size_t shownsz)
{
    char host[256], nb[CLI_SHOWN_MAX]; /* nb: listen_arg as a message shows it */
    const char *port;
    const char *colon = strrchr(listen_arg, ':');
    if (!colon || colon == listen_arg || (size_t)(colon - listen_arg) >= sizeof host) {
        fprintf(stderr, "ekscodec serve: --listen wants HOST:PORT\n");
        return -2;
    }
    memcpy(host, listen_arg, (size_t)(colon - listen_arg));
    host[colon - listen_arg] = '\0';
    port = colon + 1;
    uint64_t port_number; /* getaddrinfo keeps the low 16 bits of a larger one: 65616 is 80 */
    if (!cli_parse_number(port, 0, 65535, &port_number)) {
        fprintf(stderr, "ekscodec serve: --listen wants HOST:PORT with a port 0..65535 (0: any free one)\n");
        return -2;
    }
    if (host[0] == '[') {
        size_t hl = strlen(host);
        if (hl < 2 || host[hl - 1] != ']') {
            fprintf(stderr, "ekscodec serve: --listen wants HOST:PORT ([V6]:PORT)\n");
            return -2;
        }
        memmove(host, host + 1, hl - 2);
        host[hl - 2] = '\0';
    }
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    int gai = getaddrinfo(host, port, &hints, &res);
    if (gai != 0) {
        fprintf(stderr, "ekscodec serve: cannot resolve --listen %s: %s\n", cli_shown(listen_arg, nb, sizeof nb),
                gai_strerror(gai));
        return -2;
    }
    if (!allow_remote && !is_loopback(res->ai_addr)) {
        fprintf(stderr, "ekscodec serve: %s is not a loopback address; pass --allow-remote to listen "
                        "on it (the server accepts anyone holding the credentials)\n",
                cli_shown(listen_arg, nb, sizeof nb));
        freeaddrinfo(res);
        return -2;
    }
    int fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(fd, res->ai_addr, res->ai_addrlen) != 0 || listen(fd, 128) != 0) {
        int e = errno;
        fprintf(stderr, "ekscodec serve: cannot listen on %s: %s\n", cli_shown(listen_arg, nb, sizeof nb), strerror(e));
        if (fd >= 0)
            close(fd);
        freeaddrinfo(res);
        return -1;
    }
    freeaddrinfo(res);
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    getsockname(fd, (struct sockaddr *)&ss, &sl);
    char addr[INET6_ADDRSTRLEN];
    int p;
    if (ss.ss_family == AF_INET6) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
        inet_ntop(AF_INET6, &a->sin6_addr, addr, sizeof addr);
        p = ntohs(a->sin6_port);
        snprintf(shown, shownsz, "[%s]:%d", addr, p);
    } else {
        struct sockaddr_in *a = (struct sockaddr_in *)&ss;
        inet_ntop(AF_INET, &a->sin_addr, addr, sizeof addr);
        p = ntohs(a->sin_port);
        snprintf(shown, shownsz, "%s:%d", addr, p);
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    return fd;
}

static bool load_respond(srv *S, const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (!eq || S->respond_count >= SRV_MAX_RESPOND) {
        fprintf(stderr, "ekscodec serve: --respond wants OP=FILE (at most %d)\n", SRV_MAX_RESPOND);
        return false;
    }
    const eks_operation *op = eks_operation_find(arg, (size_t)(eq - arg));
    if (!op) {
        char nb[CLI_SHOWN_MAX];
        fprintf(stderr, "ekscodec serve: --respond %s: no operation has the name before '='\n",
                cli_shown(arg, nb, sizeof nb));
        return false;
    }
    srv_respond *rp = &S->respond[S->respond_count];
    eks_buf_init(&rp->body);
    if (!cli_read_input(eq + 1, &rp->body))
        return false;
    S->respond_count++;
    eks_header h[1] = {{EKS_STR_LIT("Content-Type"), EKS_STR_LIT("application/json")}};
    eks_http_response resp = {eks_operation_success_code(op), h, 1, {rp->body.ptr ? rp->body.ptr : "", rp->body.len}};
    eks_decode_options dopt = {.strict = S->strict, .limits = NULL};
    eks_op_decoded_response dec;
    memset(&dec, 0, sizeof dec);
    eks_status st = eks_op_response_decode(op, &resp, &dopt, &dec);
    bool ok = st == EKS_OK && dec.diags.errors == 0;
    if (!ok) {
        char shown_file[CLI_SHOWN_MAX];
        fprintf(stderr, "ekscodec serve: --respond %s: %s is not a valid %s response:\n",
                eks_operation_name(op), cli_shown(eq + 1, shown_file, sizeof shown_file), eks_operation_name(op));
        cli_print_diags_text(stderr, &dec.diags);
    }
    eks_op_decoded_response_free(&dec);
    rp->op = op;
    return ok;
}

/* Seconds as DIGITS[.DIGITS], at most 1e9 (strtod alone took a sign, a space, hex and
 * exponents such as 1e-300). */
static bool parse_seconds(const char *s, double *out)
{
    uint64_t whole;
    const char *p;
    if (!cli_parse_decimal(s, &whole, &p) || whole > 1000000000u)
        return false;
    if (*p == '.') {
        const char *frac = ++p;
        while (*p >= '0' && *p <= '9')
            p++;
        if (p == frac)
            return false;
    }
    if (*p)
        return false;
    *out = strtod(s, NULL);
    return *out <= 1e9;
}

int cmd_serve(int argc, char **argv);

int cmd_serve(int argc, char **argv)
{
    srv S;
    memset(&S, 0, sizeof S);
    S.complete_after = 2.0;
    S.request_timeout = 30.0;
    S.idle_timeout = 10.0;
    const char *listen_arg = "127.0.0.1:0", *log_path = NULL, *region_flag = NULL;
    bool allow_remote = false;
    int rc = EXIT_USAGE, lfd = -1;
    srv_conn conns[SRV_MAX_CONNS];
    for (size_t i = 0; i < SRV_MAX_CONNS; i++)
        conns[i].fd = -1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            rc = EXIT_VALID;
            goto out;
        } else if (strcmp(a, "--allow-remote") == 0) {
            allow_remote = true;
        } else if (strcmp(a, "--strict") == 0) {
            S.strict = true;
        } else if (v && strcmp(a, "--listen") == 0) {
            listen_arg = v, i++;
        } else if (v && strcmp(a, "--region") == 0) {
            region_flag = v, i++;
        } else if (v && strcmp(a, "--log") == 0) {
            log_path = v, i++;
        } else if (v && strcmp(a, "--error") == 0) {
            S.error_kind = eks_error_kind_from_name(v, strlen(v));
            if (S.error_kind == EKS_ERROR_UNMODELED || S.error_kind == EKS_ERROR_NONE) {
                char shown_v[CLI_SHOWN_MAX];
                fprintf(stderr, "ekscodec serve: --error %s is not an error shape of the model\n",
                        cli_shown(v, shown_v, sizeof shown_v));
                goto out;
            }
            i++;
        } else if (v && strcmp(a, "--respond") == 0) {
            if (!load_respond(&S, v))
                goto out;
            i++;
        } else if (v && strcmp(a, "--complete-after") == 0) {
            if (!parse_seconds(v, &S.complete_after)) {
                fprintf(stderr, "ekscodec serve: --complete-after wants seconds >= 0\n");
                goto out;
            }
            i++;
        } else if (v && strcmp(a, "--request-timeout") == 0) {
            if (!parse_seconds(v, &S.request_timeout) || S.request_timeout <= 0) {
                fprintf(stderr, "ekscodec serve: --request-timeout wants seconds > 0\n");
                goto out;
            }
            i++;
        } else if (v && strcmp(a, "--idle-timeout") == 0) {
            if (!parse_seconds(v, &S.idle_timeout) || S.idle_timeout <= 0) {
                fprintf(stderr, "ekscodec serve: --idle-timeout wants seconds > 0\n");
                goto out;
            }
            i++;
        } else if (v && strcmp(a, "--max-requests") == 0) {
            uint64_t n;
            if (!cli_parse_number(v, 1, UINT64_MAX, &n)) {
                fprintf(stderr, "ekscodec serve: --max-requests wants a positive number\n");
                goto out;
            }
            S.max_requests = n;
            i++;
        } else {
            char shown_opt[CLI_SHOWN_MAX];
            fprintf(stderr, "ekscodec serve: unknown or incomplete option '%s'\n",
                    cli_shown(a, shown_opt, sizeof shown_opt));
            usage(stderr);
            goto out;
        }
    }
    const char *akid = getenv("AWS_ACCESS_KEY_ID"), *secret = getenv("AWS_SECRET_ACCESS_KEY");
    const char *token = getenv("AWS_SESSION_TOKEN");
    if (!akid || !*akid || !secret || !*secret) {
        fprintf(stderr, "ekscodec serve: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set "
                        "(the credentials requests are verified against)\n");
        goto out;
    }
    S.creds.access_key_id = eks_str_from_cstr(akid);
    S.creds.secret_access_key = eks_str_from_cstr(secret);
    S.creds.session_token = token && *token ? eks_str_from_cstr(token) : EKS_STR_ABSENT;
    S.region = cli_region(region_flag);
    if (S.region && !cli_region_signable(S.region)) {
        /* no request could be signed for it: every one would get 403 */
        fprintf(stderr, "ekscodec serve: %s\n", CLI_REGION_REFUSED);
        goto out;
    }
    S.op_disassociate = eks_operation_find("DisassociateIdentityProviderConfig", 34);
    S.op_describe_update = eks_operation_find("DescribeUpdate", 14);
    S.updates = calloc(SRV_MAX_UPDATES, sizeof *S.updates);
    if (eks_sigv4_cache_new(0, &S.cache) != EKS_OK)
        S.cache = NULL;
    eks_sigv4_output_init(&S.scratch);
    eks_exchange_options vc;
    memset(&vc, 0, sizeof vc);
    vc.strict = S.strict;
    vc.verify_signatures = true;
    vc.creds = S.creds;
    S.vctx = eks_exchange_ctx_new(&vc);
    if (!S.updates || !S.cache || !S.vctx) {
        fprintf(stderr, "ekscodec serve: out of memory\n");
        goto out;
    }
    char shown[300];
    lfd = open_listener(listen_arg, allow_remote, shown, sizeof shown);
    if (lfd < 0) {
        rc = EXIT_USAGE; /* 1 would say a request was invalid */
        goto out;
    }
    /* after the listener: a server that cannot start leaves an existing log as it was */
    if (log_path) {
        /* opened without truncating: an existing log is emptied only once the server listens
         * (below), so that a start that fails leaves it as it was */
        S.log = strcmp(log_path, "-") == 0 ? stdout : fopen(log_path, "a");
        if (!S.log) {
            char shown_log[CLI_SHOWN_MAX];
            int e = errno;
            fprintf(stderr, "ekscodec serve: cannot open --log %s: %s\n", cli_shown(log_path, shown_log, sizeof shown_log),
                    strerror(e));
            goto out;
        }
        S.sink.f = S.log;
        S.sink.status_always = true;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    /* a caller waits for this line: one that cannot be written ends the server, which would
     * otherwise serve nobody who knows it is there */
    if (printf("listening on %s\n", shown) < 0 || fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "ekscodec serve: cannot write 'listening on %s' to stdout: %s\n", shown, strerror(errno));
        goto out;
    }
    struct stat log_st;
    if (S.log && S.log != stdout && fstat(fileno(S.log), &log_st) == 0 && S_ISREG(log_st.st_mode) &&
        ftruncate(fileno(S.log), 0) != 0) {
        char shown_log[CLI_SHOWN_MAX];
        fprintf(stderr, "ekscodec serve: cannot empty --log %s: %s\n", cli_shown(log_path, shown_log, sizeof shown_log),
                strerror(errno));
        goto out;
    }

    struct pollfd pfds[SRV_MAX_CONNS + 1];
    int map[SRV_MAX_CONNS + 1];
    /* accept() out of descriptors (EMFILE: `ulimit -n` below the 64 connections) leaves the
     * connection in the backlog and the listener readable: polled at once again, the loop
     * spun a core until a connection closed. The listener rests until this time instead. */
    int64_t accept_resume_ms = 0;
    bool poll_failed = false;
    while (!g_stop && !(S.max_requests && S.requests >= S.max_requests)) {
        nfds_t n = 0;
        size_t open_conns = 0;
        for (size_t i = 0; i < SRV_MAX_CONNS; i++)
            if (conns[i].fd >= 0) {
                open_conns++;
                pfds[n] = (struct pollfd){conns[i].fd, (short)(conns[i].out.len ? POLLOUT : POLLIN), 0};
                map[n++] = (int)i;
            }
        /* poll() wakes for the nearest deadline of a connection (idle, request, lingering
         * close), so that a timeout of 0.3 s is 0.3 s and 10 s not up to 11 (a fixed 1 s tick) */
        int timeout_ms = 1000;
        int64_t tick_at = mono_ms();
        for (size_t i = 0; i < SRV_MAX_CONNS; i++) {
            const srv_conn *c = &conns[i];
            if (c->fd < 0)
                continue;
            int64_t due = c->linger_until ? c->linger_until : c->last_ms + (int64_t)(S.idle_timeout * 1000.0) + 1;
            if (!c->linger_until && c->request_ms) {
                int64_t slow_due = c->request_ms + (int64_t)(S.request_timeout * 1000.0) + 1;
                due = slow_due < due ? slow_due : due;
            }
            int64_t rest = due - tick_at;
            if (rest < timeout_ms)
                timeout_ms = rest > 0 ? (int)rest : 0;
        }
        if (accept_resume_ms) {
            int64_t rest = accept_resume_ms - mono_ms();
            if (rest > 0)
                timeout_ms = (int)(rest < timeout_ms ? rest : timeout_ms);
            else
                accept_resume_ms = 0;
        }
        if (open_conns < SRV_MAX_CONNS && !accept_resume_ms) {
            pfds[n] = (struct pollfd){lfd, POLLIN, 0};
            map[n++] = -1;
        }
        int pr = poll(pfds, n, timeout_ms);
        if (pr < 0 && errno != EINTR) {
            fprintf(stderr, "ekscodec serve: poll: %s\n", strerror(errno));
            poll_failed = true;
            break;
        }
        int64_t now = mono_ms();
        for (nfds_t k = 0; pr > 0 && k < n; k++) {
            if (!pfds[k].revents)
                continue;
            if (map[k] < 0) {
                for (;;) {
                    size_t slot = SRV_MAX_CONNS;
                    for (size_t i = 0; i < SRV_MAX_CONNS; i++)
                        if (conns[i].fd < 0) {
                            slot = i;
                            break;
                        }
                    if (slot == SRV_MAX_CONNS)
                        break;
                    int cfd = accept(lfd, NULL, NULL);
                    if (cfd < 0) {
                        if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
                            accept_resume_ms = now + 100;
                        break;
                    }
                    fcntl(cfd, F_SETFL, fcntl(cfd, F_GETFL) | O_NONBLOCK);
                    fcntl(cfd, F_SETFD, FD_CLOEXEC);
                    memset(&conns[slot], 0, sizeof conns[slot]);
                    conns[slot].fd = cfd;
                    conns[slot].last_ms = now;
                    eks_buf_init(&conns[slot].in);
                    eks_buf_init(&conns[slot].out);
                }
                continue;
            }
            srv_conn *c = &conns[map[k]];
            if (c->linger_until) {
                char discard[16384];
                ssize_t got = recv(c->fd, discard, sizeof discard, 0);
                if (got == 0 || (got < 0 && errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK))
                    conn_close(c); /* the client's end: nothing left to reset */
                continue;
            }
            if (pfds[k].revents & POLLOUT) {
                conn_send(&S, c, now);
                continue;
            }
            char buf[65536];
            ssize_t got = recv(c->fd, buf, sizeof buf, 0);
            if (got < 0 && (errno == EAGAIN || errno == EINTR))
                continue;
            if (got <= 0) {
                conn_close(c);
                continue;
            }
            if (eks_buf_append(&c->in, buf, (size_t)got) != EKS_OK) {
                conn_close(c);
                continue;
            }
            if (conn_serve_input(&S, c, now))
                c->last_ms = now;
            conn_send(&S, c, now);
        }
        for (size_t i = 0; i < SRV_MAX_CONNS; i++) {
            srv_conn *c = &conns[i];
            if (c->fd < 0)
                continue;
            if (c->linger_until) {
                if (now >= c->linger_until)
                    conn_close(c);
                continue;
            }
            /* A client trickling bytes is never idle: the request deadline frees its slot. */
            bool slow = c->request_ms && (double)(now - c->request_ms) > S.request_timeout * 1000.0;
            if ((double)(now - c->last_ms) > S.idle_timeout * 1000.0 || slow) {
                if (c->in.len && !c->out.len) {
                    conn_queue_error(&S, c, 408, "RequestTimeoutException",
                                     slow ? "request not complete within --request-timeout"
                                          : "no complete request within --idle-timeout", false);
                    if (!conn_flush(c)) { /* the 408 is sent: a lingering close, as for any answer */
                        conn_end(c, now);
                        continue;
                    }
                }
                conn_close(c);
            }
        }
    }
    /* Answers already queued go out before the exit (--max-requests), all connections side by
     * side and for 2 s at most in all: clients that do not read cannot hold up the exit (one
     * blocking send of 2 s per connection took 16 s for five such clients). */
    /* A connection whose answers are all sent is shut for writing and read to its end before
     * it is closed (a lingering close, RFC 9112 §9.6): closing a socket with unread input
     * makes the kernel reset it, which drops answers still in its send buffer. */
    int64_t drain_until = mono_ms() + 2000;
    bool shut[SRV_MAX_CONNS] = {false};
    for (;;) {
        struct pollfd pending[SRV_MAX_CONNS];
        size_t owner[SRV_MAX_CONNS];
        nfds_t np = 0;
        for (size_t i = 0; i < SRV_MAX_CONNS; i++) {
            if (conns[i].fd < 0)
                continue;
            conns[i].close_after = true;
            bool sending = conns[i].out_off < conns[i].out.len;
            if (!sending && !shut[i]) {
                shutdown(conns[i].fd, SHUT_WR);
                shut[i] = true;
            }
            pending[np] = (struct pollfd){.fd = conns[i].fd, .events = sending ? POLLOUT : POLLIN};
            owner[np++] = i;
        }
        int64_t left = drain_until - mono_ms();
        if (np == 0 || left <= 0)
            break;
        if (poll(pending, np, (int)left) < 0 && errno != EINTR)
            break;
        for (nfds_t k = 0; k < np; k++) {
            srv_conn *c = &conns[owner[k]];
            short ev = pending[k].revents;
            if (!ev)
                continue;
            if (!shut[owner[k]]) {
                if (ev & (POLLERR | POLLHUP | POLLNVAL) ||
                    (ev & POLLOUT && !conn_flush(c) && c->out_off < c->out.len))
                    conn_close(c); /* gone, or a send error (not a full buffer) */
                continue;
            }
            char discard[16384];
            ssize_t got = recv(c->fd, discard, sizeof discard, 0);
            if (got == 0 || (got < 0 && errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK))
                conn_close(c); /* the client's end: nothing left to reset */
        }
    }
    for (size_t i = 0; i < SRV_MAX_CONNS; i++)
        if (conns[i].fd >= 0)
            conn_close(&conns[i]);
    fprintf(stderr, "ekscodec serve: %llu requests, %llu valid, %llu invalid, %llu rejected signatures\n",
            (unsigned long long)S.requests, (unsigned long long)S.valid, (unsigned long long)S.invalid,
            (unsigned long long)S.rejected);
    rc = poll_failed ? EXIT_USAGE : EXIT_VALID;
    if (S.log && S.log != stdout) { /* stdout is judged by main() */
        bool failed = ferror(S.log) != 0;
        failed |= fclose(S.log) != 0;
        S.log = NULL;
        if (failed) {
            char log_shown[CLI_SHOWN_MAX];
            fprintf(stderr, "ekscodec serve: cannot write the output (--log %s)\n",
                    cli_shown(log_path, log_shown, sizeof log_shown));
            rc = EXIT_USAGE;
        }
    }
out:
    if (lfd >= 0)
        close(lfd);
    if (S.log && S.log != stdout)
        fclose(S.log);
    for (size_t i = 0; i < S.respond_count; i++)
        eks_buf_free(&S.respond[i].body);
    if (S.respond_count < SRV_MAX_RESPOND)
        eks_buf_free(&S.respond[S.respond_count].body);
    for (size_t i = 0; i < S.update_count; i++)
        update_free(&S.updates[i]);
    free(S.updates);
    eks_exchange_result_free(&S.vres);
    if (S.vctx)
        eks_exchange_ctx_free(S.vctx);
    eks_sigv4_output_free(&S.scratch);
    if (S.cache)
        eks_sigv4_cache_free(S.cache);
    return rc;
}
