/* Verification of a captured SigV4-signed request (header or presigned-query form). */
#include "sigv4_core.h"

#include "http_name.h"
#include "sigv4_expires.h"

#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SKEW_SECONDS 900 /* SigV4: a header-signed request is valid for 15 minutes */
#define SIGNED_NAMES_ON_STACK 32

typedef struct parsed {
    bool query_form;
    eks_str algorithm, credential, date, expires, signed_headers, signature, token;
    const char *where;    /* diagnostic location of the signature material */
    const char *repeated; /* the first presignature parameter named twice, or NULL */
    const eks_str *signed_names; /* signed_headers' names, sorted (eks_sv4_name_order) */
    size_t signed_count;
} parsed;

static int name_order_qsort(const void *a, const void *b)
{
    return eks_sv4_name_order(*(const eks_str *)a, *(const eks_str *)b);
}

static eks_status diag(eks_diags *d, eks_severity sev, eks_diag_code code, const char *path,
                       const char *msg, eks_str a, eks_str b)
{
    if (!d)
        return EKS_OK;
    /* Only non-secret values are ever passed as a/b: scopes, dates, header names, and access
     * key ids cut by key_id_tail(). */
    if (a.ptr && b.ptr)
        return eks_diags_add(d, sev, code, path, SIZE_MAX, "%s ('%.*s' vs expected '%.*s')", msg,
                             (int)(a.len > 256 ? 256 : a.len), a.ptr, (int)(b.len > 256 ? 256 : b.len), b.ptr);
    if (a.ptr)
        return eks_diags_add(d, sev, code, path, SIZE_MAX, "%s ('%.*s')", msg,
                             (int)(a.len > 256 ? 256 : a.len), a.ptr);
    return eks_diags_add(d, sev, code, path, SIZE_MAX, "%s", msg);
}

/* An access key id appears in messages as the AWS console shows one, by its last four
 * characters ("...MPLE"); an id of eight characters or fewer not at all ("..."). ASCII dots:
 * text output replaces bytes outside ASCII. */
#define KEY_ID_TAIL_SIZE 8
static eks_str key_id_tail(eks_str id, char out[KEY_ID_TAIL_SIZE])
{
    size_t n = id.len > 8 ? 4 : 0;
    memcpy(out, "...", 3);
    if (n)
        memcpy(out + 3, id.ptr + id.len - n, n);
    return (eks_str){out, 3 + n};
}

static eks_str trim(eks_str s)
{
    while (s.len && (s.ptr[0] == ' ' || s.ptr[0] == '\t'))
        s.ptr++, s.len--;
    while (s.len && (s.ptr[s.len - 1] == ' ' || s.ptr[s.len - 1] == '\t'))
        s.len--;
    return s;
}

/* "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...": NULL, or what is
 * wrong with it. Each of the three components once and nothing else, as exchange_auth.c's
 * reading of the header for validate has it: a repeated Signature verified here by its last
 * copy while validate called the same header malformed. */
static const char *parse_authorization(eks_str v, parsed *p)
{
    static const char *const lacks = "Authorization header lacks Credential, SignedHeaders or Signature";
    if (!v.ptr) /* an absent value (eks_str: ptr NULL) carries nothing to parse */
        return lacks;
    v = trim(v);
    const char *sp = memchr(v.ptr, ' ', v.len);
    if (!sp)
        return lacks;
    p->algorithm = (eks_str){v.ptr, (size_t)(sp - v.ptr)};
    const char *s = sp + 1, *end = v.ptr + v.len;
    while (s < end) {
        const char *e = memchr(s, ',', (size_t)(end - s));
        if (!e)
            e = end;
        eks_str part = trim((eks_str){s, (size_t)(e - s)});
        s = e + 1;
        if (!part.len)
            continue;
        const char *eq = memchr(part.ptr, '=', part.len);
        if (!eq)
            return "Authorization header has a component without '='";
        eks_str k = {part.ptr, (size_t)(eq - part.ptr)};
        eks_str val = {eq + 1, (size_t)(part.ptr + part.len - eq - 1)};
        eks_str *slot = eks_str_eq_cstr(k, "Credential")      ? &p->credential
                        : eks_str_eq_cstr(k, "SignedHeaders") ? &p->signed_headers
                        : eks_str_eq_cstr(k, "Signature")     ? &p->signature
                                                              : NULL;
        if (!slot)
            return "Authorization header has a component other than Credential, SignedHeaders and Signature";
        if (slot->ptr)
            return "Authorization header repeats a component";
        *slot = val;
    }
    return p->credential.ptr && p->signed_headers.ptr && p->signature.ptr ? NULL : lacks;
}

/* Decoded X-Amz-* values are appended to `store`; views are fixed up after all appends. */
static eks_status parse_query(eks_str q, parsed *p, eks_buf *store)
{
    struct { const char *name; eks_str *dst; } want[] = {
        {"X-Amz-Algorithm", &p->algorithm}, {"X-Amz-Credential", &p->credential},
        {"X-Amz-Date", &p->date}, {"X-Amz-Expires", &p->expires},
        {"X-Amz-SignedHeaders", &p->signed_headers}, {"X-Amz-Signature", &p->signature},
        {"X-Amz-Security-Token", &p->token},
    };
    size_t off[7], len[7];
    bool found[7] = {false};
    const char *s = q.ptr, *end = q.ptr ? q.ptr + q.len : NULL;
    eks_buf key = {0};
    eks_status st = EKS_OK;
    while (s && s < end) {
        const char *e = memchr(s, '&', (size_t)(end - s));
        if (!e)
            e = end;
        const char *eq = memchr(s, '=', (size_t)(e - s));
        eks_buf_clear(&key);
        if ((st = eks_sv4_uri_decode(&key, s, (size_t)((eq ? eq : e) - s))) != EKS_OK)
            goto out;
        for (size_t i = 0; i < 7; i++) {
            bool named = key.len == strlen(want[i].name) && memcmp(key.ptr, want[i].name, key.len) == 0;
            if (named && found[i] && !p->repeated)
                p->repeated = want[i].name;
            if (named && !found[i]) {
                off[i] = store->len;
                if (eq && (st = eks_sv4_uri_decode(store, eq + 1, (size_t)(e - eq - 1))) != EKS_OK)
                    goto out;
                len[i] = store->len - off[i];
                found[i] = true;
            }
        }
        s = e + 1;
    }
    for (size_t i = 0; i < 7; i++)
        if (found[i])
            *want[i].dst = (eks_str){store->ptr ? store->ptr + off[i] : "", len[i]};
out:
    eks_buf_free(&key);
    return st;
}

static bool is_lower_hex64(eks_str s)
{
    if (s.len != EKS_SIGV4_HEX_LEN)
        return false;
    for (size_t i = 0; i < s.len; i++)
        if (!((s.ptr[i] >= '0' && s.ptr[i] <= '9') || (s.ptr[i] >= 'a' && s.ptr[i] <= 'f')))
            return false;
    return true;
}

/* One recomputation; *match set with a constant-time comparison. */
static eks_status recompute(eks_sigv4_cache *cache, const eks_sigv4_config *cfg,
                            const eks_sigv4_credentials *creds, const eks_http_request *req,
                            const parsed *p, eks_str scope_region, eks_str scope_service,
                            eks_str payload_hash, bool drop_token, eks_sigv4_output *out, bool *match)
{
    eks_sv4_core core;
    eks_status st;
    unsigned char digest[EKS_SV4_SHA_LEN];
    char sig[EKS_SIGV4_HEX_LEN];
    eks_sv4_hmac_key tmp;
    const eks_sv4_hmac_key *key = NULL;

    memset(&core, 0, sizeof core);
    core.req = req;
    core.single_encode_path = cfg->single_encode_path;
    core.no_path_normalization = cfg->no_path_normalization;
    core.signed_names = p->signed_names;
    core.signed_count = p->signed_count;
    core.drop_signature_param = p->query_form;
    core.drop_token_param = drop_token;
    core.payload_hash = payload_hash;
    if ((st = eks_sv4_canonical_request(&core, out)) != EKS_OK)
        return st;
    eks_buf *sts = &out->string_to_sign;
    eks_buf_clear(sts);
    eks_sv4_midstates *mid = eks_sv4_midstates_of(out);
    if (!mid)
        return EKS_ERR_OUT_OF_MEMORY;
    eks_sv4_sha256_resume(&mid->canonical_request, out->canonical_request.ptr,
                          out->canonical_request.len, digest);
    char hex[EKS_SIGV4_HEX_LEN];
    eks_sv4_hex(digest, sizeof digest, hex);
    const char *credential_scope = (const char *)memchr(p->credential.ptr, '/', p->credential.len) + 1;
    size_t scope_len = (size_t)(p->credential.ptr + p->credential.len - credential_scope);
    if ((st = eks_buf_append_cstr(sts, "AWS4-HMAC-SHA256\n")) != EKS_OK ||
        (st = eks_buf_append(sts, p->date.ptr, p->date.len)) != EKS_OK ||
        (st = eks_buf_append_byte(sts, '\n')) != EKS_OK ||
        (st = eks_buf_append(sts, credential_scope, scope_len)) != EKS_OK ||
        (st = eks_buf_append_byte(sts, '\n')) != EKS_OK || (st = eks_buf_append(sts, hex, sizeof hex)) != EKS_OK)
        return st;
    eks_sv4_signing_key(cache, creds->secret_access_key, credential_scope, scope_region, scope_service, &tmp, &key);
    eks_sv4_hmac_final_resume(key, &mid->string_to_sign, sts->ptr, sts->len, digest);
    if (key == &tmp)
        eks_sv4_hmac_key_wipe(&tmp);
    eks_sv4_hex(digest, sizeof digest, sig);
    *match = CRYPTO_memcmp(sig, p->signature.ptr, EKS_SIGV4_HEX_LEN) == 0;
    OPENSSL_cleanse(sig, sizeof sig);
    OPENSSL_cleanse(digest, sizeof digest);
    return EKS_OK;
}

eks_status eks_sigv4_verify(eks_sigv4_cache *cache, const eks_sigv4_config *cfg,
                            const eks_sigv4_credentials *creds, const eks_http_request *req,
                            eks_sigv4_output *scratch, eks_diags *diags)
{
    eks_status st = EKS_OK;
    eks_sigv4_output local;
    eks_buf store = {0};
    parsed p;
    eks_str *signed_names = NULL; /* p.signed_names' storage when long, and after them a flag for each */
    /* when short (the SDKs sign a handful): no allocation */
    eks_str few_names[SIGNED_NAMES_ON_STACK];
    bool few_seen[SIGNED_NAMES_ON_STACK];
    bool failed = false, malformed = false, date_header = false;
    char date_iso[EKS_SIGV4_DATE_LEN + 1];
    eks_sigv4_output_init(&local);
    memset(&p, 0, sizeof p);
    if (!cfg || !creds || !req || !creds->access_key_id.ptr || !creds->secret_access_key.ptr ||
        !req->method.ptr || !eks_http_request_views_ok(req) || !eks_http_view_ok(req->body.ptr, req->body.len)) {
        st = EKS_ERR_INVALID_ARGUMENT;
        goto out;
    }
    eks_sigv4_output *out = scratch ? scratch : &local;
    eks_str service = cfg->service.ptr ? cfg->service : EKS_STR_LIT(EKS_SIGV4_DEFAULT_SERVICE);

    const eks_header *auth = eks_http_find_header(req->headers, req->header_count, "authorization");
    if (auth) {
        p.where = "header:authorization";
        /* RFC 9110 section 5.3: Authorization is no list; which copy a service would read is
         * unknown. And AWS refuses a second auth mechanism (a presignature) beside it. */
        size_t after = (size_t)(auth - req->headers) + 1;
        bool twice = EKS_HTTP_FIND_LOWER(auth + 1, req->header_count - after, "authorization") != NULL;
        if (twice || eks_sv4_query_has_presignature(req->query)) {
            st = diag(diags, EKS_SEV_ERROR, EKS_DIAG_SIGNATURE_MALFORMED, twice ? p.where : "query",
                      twice ? "more than one Authorization header"
                            : "an Authorization header and a presignature in the query (two auth mechanisms)",
                      EKS_STR_ABSENT, EKS_STR_ABSENT);
            malformed = true;
            goto out;
        }
        const char *fault = parse_authorization(auth->value, &p);
        if (fault) {
            st = diag(diags, EKS_SEV_ERROR, EKS_DIAG_SIGNATURE_MALFORMED, p.where, fault, EKS_STR_ABSENT,
                      EKS_STR_ABSENT);
            malformed = true;
            goto out;
        }
        const eks_header *dh = eks_http_find_header(req->headers, req->header_count, "x-amz-date");
        if (dh) {
            p.date = trim(dh->value);
        } else if ((dh = eks_http_find_header(req->headers, req->header_count, "date")) != NULL) {
            /* signed in its ISO 8601 form: the string to sign always has that */
            int64_t dt;
            date_header = true;
            if (eks_parse_date_field(trim(dh->value), &dt) && eks_sigv4_format_time(dt, date_iso) == EKS_OK)
                p.date = (eks_str){date_iso, EKS_SIGV4_DATE_LEN};
        }
        const eks_header *th = eks_http_find_header(req->headers, req->header_count, "x-amz-security-token");
        if (th)
            p.token = th->value;
    } else {
        p.query_form = true;
        p.where = "query:X-Amz-Signature";
        if ((st = parse_query(req->query, &p, &store)) != EKS_OK)
            goto out;
        if (!p.signature.ptr) {
            st = diag(diags, EKS_SEV_ERROR, EKS_DIAG_SIGNATURE_MISSING, "header:authorization",
                      "request carries neither an Authorization header nor an X-Amz-Signature parameter",
                      EKS_STR_ABSENT, EKS_STR_ABSENT);
            malformed = true;
            goto out;
        }
        if (p.repeated) {
            st = diag(diags, EKS_SEV_ERROR, EKS_DIAG_SIGNATURE_MALFORMED, "query",
                      "a presignature parameter appears more than once", eks_str_from_cstr(p.repeated),
                      EKS_STR_ABSENT);
            malformed = true;
            goto out;
        }
        if (!p.algorithm.ptr || !p.credential.ptr || !p.signed_headers.ptr || !p.expires.ptr) {
            st = diag(diags, EKS_SEV_ERROR, EKS_DIAG_SIGNATURE_MALFORMED, "query",
                      "presigned request lacks X-Amz-Algorithm, -Credential, -SignedHeaders or -Expires",
                      EKS_STR_ABSENT, EKS_STR_ABSENT);
            malformed = true;
            goto out;
        }
    }
    const char *cred_where = p.query_form ? "query:X-Amz-Credential" : "header:authorization";
    const char *date_where = p.query_form ? "query:X-Amz-Date" : date_header ? "header:date" : "header:x-amz-date";

    if (!eks_str_eq_cstr(p.algorithm, EKS_SIGV4_ALGORITHM)) {
        st = diag(diags, EKS_SEV_ERROR, EKS_DIAG_SIGNATURE_MALFORMED, p.where, "algorithm is not AWS4-HMAC-SHA256",
                  p.algorithm.len <= 32 ? p.algorithm : EKS_STR_ABSENT, EKS_STR_ABSENT);
        malformed = true;
        goto out;
    }
    if (!is_lower_hex64(p.signature)) {
        st = diag(diags, EKS_SEV_ERROR, EKS_DIAG_SIGNATURE_MALFORMED, p.where,
                  "signature is not 64 lower-case hex digits", EKS_STR_ABSENT, EKS_STR_ABSENT);
        malformed = true;
        goto out;
    }
    int64_t t = 0;
    if (!p.date.ptr || eks_sigv4_parse_time(p.date, &t) != EKS_OK) {
        st = diag(diags, EKS_SEV_ERROR, p.date.ptr || date_header ? EKS_DIAG_SIGNATURE_MALFORMED : EKS_DIAG_SIGNATURE_MISSING,
                  date_where,
                  date_header ? "no X-Amz-Date, and the Date header is no date read here (IMF-fixdate, asctime, RFC 5322) in the years 1970..9999"
                              : "X-Amz-Date is missing or not YYYYMMDDTHHMMSSZ",
                  p.date.ptr && p.date.len <= 32 ? p.date : EKS_STR_ABSENT, EKS_STR_ABSENT);
        malformed = true;
        goto out;
    }
    /* Credential = <akid>/<YYYYMMDD>/<region>/<service>/aws4_request */
    eks_str part[5];
    size_t np = 0;
    const char *s = p.credential.ptr, *end = s + p.credential.len;
    while (np < 5) {
        const char *e = memchr(s, '/', (size_t)(end - s));
        if (!e)
            e = end;
        part[np++] = (eks_str){s, (size_t)(e - s)};
        if (e == end)
            break;
        s = e + 1;
    }
    if (np != 5 || s > end || part[4].ptr + part[4].len != end || !eks_str_eq_cstr(part[4], "aws4_request") ||
        part[1].len != 8 || part[0].len == 0 || part[2].len == 0 || part[3].len == 0) {
        st = diag(diags, EKS_SEV_ERROR, EKS_DIAG_SIGNATURE_MALFORMED, cred_where,
                  "credential is not <access key id>/<date>/<region>/<service>/aws4_request", EKS_STR_ABSENT,
                  EKS_STR_ABSENT);
        malformed = true;
        goto out;
    }
    /* What differs and can be known without the secret. */
    if (!eks_str_eq(part[0], creds->access_key_id)) {
        char got[KEY_ID_TAIL_SIZE], want[KEY_ID_TAIL_SIZE];
        if ((st = diag(diags, EKS_SEV_ERROR, EKS_DIAG_SIGNATURE_MISMATCH, cred_where,
                       "access key id differs from the given credentials", key_id_tail(part[0], got),
                       key_id_tail(creds->access_key_id, want))) != EKS_OK)
            goto out;
        failed = true;
    }
    if (memcmp(part[1].ptr, p.date.ptr, 8) != 0) {
        if ((st = diag(diags, EKS_SEV_ERROR, EKS_DIAG_SIGNATURE_MISMATCH, cred_where,
                       date_header ? "credential scope date differs from the Date header's"
                                   : "credential scope date differs from X-Amz-Date", part[1], (eks_str){p.date.ptr, 8})) != EKS_OK)
            goto out;
        failed = true;
    }
    if (cfg->region.ptr && !eks_str_eq(part[2], cfg->region)) {
        if ((st = diag(diags, EKS_SEV_ERROR, EKS_DIAG_SIGNATURE_MISMATCH, cred_where,
                       "credential scope region differs", part[2], cfg->region)) != EKS_OK)
            goto out;
        failed = true;
    }
    if (!eks_str_eq(part[3], service)) {
        if ((st = diag(diags, EKS_SEV_ERROR, EKS_DIAG_SIGNATURE_MISMATCH, cred_where,
                       "credential scope service differs", part[3], service)) != EKS_OK)
            goto out;
        failed = true;
    }
    /* The signature covers whatever token the request carries; the service then checks that
     * token against the credentials' own, so a foreign or missing one fails there. An empty
     * token is no token, as eks_sigv4_sign takes it (it sends none). */
    if (creds->session_token.ptr && creds->session_token.len &&
        !eks_str_eq(trim(p.token), creds->session_token)) {
        if ((st = diag(diags, EKS_SEV_ERROR, EKS_DIAG_SIGNATURE_MISMATCH,
                       p.query_form ? "query:X-Amz-Security-Token" : "header:x-amz-security-token",
                       p.token.ptr ? "session token differs from the given credentials' token"
                                   : "request carries no session token; the given credentials have one",
                       EKS_STR_ABSENT, EKS_STR_ABSENT)) != EKS_OK)
            goto out;
        failed = true;
    }
    /* Signed header list: lower-case, sorted, no duplicates, host included, all present. */
    {
        /* The list's names, sorted (a list that is not is reported, and looked up the same
         * way): each request header is looked up once, in O(log n), where a scan of the list
         * for each header, and of the headers for each listed name, made a capture of many
         * headers that signs many cost their product (thousands of each: seconds). */
        size_t count = 1;
        for (size_t i = 0; i < p.signed_headers.len; i++)
            count += p.signed_headers.ptr[i] == ';';
        eks_str *names = few_names;
        bool *seen = few_seen;
        if (count > SIGNED_NAMES_ON_STACK) {
            names = signed_names = malloc(count * (sizeof *signed_names + 1));
            if (!signed_names) {
                st = EKS_ERR_OUT_OF_MEMORY;
                goto out;
            }
            seen = (bool *)(signed_names + count);
        }
        memset(seen, 0, count);
        eks_str prev = EKS_STR_ABSENT;
        bool has_host = false, ordered = true;
        const char *hs = p.signed_headers.ptr, *he = hs + p.signed_headers.len;
        size_t n = 0;
        while (hs <= he) {
            const char *e = memchr(hs, ';', (size_t)(he - hs));
            if (!e)
                e = he;
            eks_str name = {hs, (size_t)(e - hs)};
            for (size_t i = 0; i < name.len; i++)
                if (name.ptr[i] >= 'A' && name.ptr[i] <= 'Z')
                    ordered = false;
            if (prev.ptr && eks_sv4_name_order(prev, name) >= 0)
                ordered = false;
            if (eks_str_eq_cstr(name, "host"))
                has_host = true;
            names[n++] = name;
            prev = name;
            hs = e + 1;
        }
        if (!ordered)
            qsort(names, n, sizeof *names, name_order_qsort);
        p.signed_names = names;
        p.signed_count = n;
        /* Unsigned headers that can change what the service does — x-amz-* (a session
         * token among them) and Content-Type — could have been altered on the way without
         * breaking the signature: worth a warning. Others (Content-Length, Accept-Encoding,
         * amz-sdk-invocation-id, User-Agent ...) are left unsigned by the SDKs themselves,
         * and a warning on every request would teach people to ignore warnings. */
        for (size_t i = 0; i < req->header_count; i++) {
            const eks_header *h = &req->headers[i];
            size_t at = eks_sv4_find_name(names, n, h->name);
            if (at < n) {
                seen[at] = true;
                continue;
            }
            char lower[64];
            if (h->name.len == 0 || h->name.len > sizeof lower)
                continue;
            for (size_t j = 0; j < h->name.len; j++)
                lower[j] = (h->name.ptr[j] >= 'A' && h->name.ptr[j] <= 'Z') ? (char)(h->name.ptr[j] + 32) : h->name.ptr[j];
            eks_str ln = {lower, h->name.len};
            bool matters = (ln.len > 6 && memcmp(lower, "x-amz-", 6) == 0) || eks_str_eq_cstr(ln, "content-type");
            if (matters && !(p.query_form && eks_str_eq_cstr(ln, "x-amz-security-token"))) {
                char where[80];
                snprintf(where, sizeof where, "header:%.*s", (int)ln.len, lower);
                if ((st = diag(diags, EKS_SEV_WARNING, EKS_DIAG_UNSIGNED_HEADER, where,
                               "header is not covered by the signature", ln, EKS_STR_ABSENT)) != EKS_OK)
                    goto out;
            }
        }
        /* in the list's own order, as sent */
        for (const char *a = p.signed_headers.ptr, *z = a + p.signed_headers.len; a <= z;) {
            const char *e = memchr(a, ';', (size_t)(z - a));
            if (!e)
                e = z;
            eks_str name = {a, (size_t)(e - a)};
            a = e + 1;
            size_t at = eks_sv4_find_name(names, n, name);
            if (at < n && seen[at])
                continue;
            if (name.len <= 128) {
                if ((st = diag(diags, EKS_SEV_ERROR, EKS_DIAG_SIGNATURE_MISMATCH, p.where,
                               "a signed header is not in the request", name, EKS_STR_ABSENT)) != EKS_OK)
                    goto out;
                failed = true;
            }
        }
        if (!ordered || p.signed_headers.len == 0) {
            if ((st = diag(diags, EKS_SEV_ERROR, EKS_DIAG_SIGNATURE_MALFORMED, p.where,
                           "signed header list is not lower-case, sorted and unique", EKS_STR_ABSENT,
                           EKS_STR_ABSENT)) != EKS_OK)
                goto out;
            failed = true;
        }
        if (!has_host) {
            if ((st = diag(diags, EKS_SEV_ERROR, EKS_DIAG_SIGNATURE_MISMATCH, p.where,
                           "host is not among the signed headers", EKS_STR_ABSENT, EKS_STR_ABSENT)) != EKS_OK)
                goto out;
            failed = true;
        }
    }
    /* Expiry and clock. */
    if (p.query_form) {
        uint32_t ex = 0;
        if (!eks_sigv4_expires_parse(p.expires, &ex)) {
            if ((st = diag(diags, EKS_SEV_ERROR, EKS_DIAG_SIGNATURE_MALFORMED, "query:X-Amz-Expires",
                           "X-Amz-Expires is not an integer in 1..604800",
                           p.expires.len <= 16 ? p.expires : EKS_STR_ABSENT, EKS_STR_ABSENT)) != EKS_OK)
                goto out;
            failed = true;
        } else if (cfg->amz_date.ptr || cfg->epoch_seconds != 0) {
            int64_t now = cfg->epoch_seconds;
            if (cfg->amz_date.ptr && eks_sigv4_parse_time(cfg->amz_date, &now) != EKS_OK) {
                st = EKS_ERR_INVALID_ARGUMENT;
                goto out;
            }
            if (now > t + (int64_t)ex) {
                if ((st = diag(diags, EKS_SEV_ERROR, EKS_DIAG_SIGNATURE_MISMATCH, "query:X-Amz-Expires",
                               "presigned request has expired", EKS_STR_ABSENT, EKS_STR_ABSENT)) != EKS_OK)
                    goto out;
                failed = true;
            } else if (now < t - MAX_SKEW_SECONDS) { /* t is 0..9999-12-31: no overflow */
                if ((st = diag(diags, EKS_SEV_ERROR, EKS_DIAG_CLOCK_SKEW, date_where,
                               "X-Amz-Date is more than 15 minutes in the future", p.date, EKS_STR_ABSENT)) != EKS_OK)
                    goto out;
                failed = true;
            }
        }
    } else if (cfg->amz_date.ptr || cfg->epoch_seconds != 0) {
        int64_t now = cfg->epoch_seconds;
        if (cfg->amz_date.ptr && eks_sigv4_parse_time(cfg->amz_date, &now) != EKS_OK) {
            st = EKS_ERR_INVALID_ARGUMENT;
            goto out;
        }
        /* now is any int64 the caller passes; t is within years 1970..9999, so t +- 900
         * cannot overflow where now - t could */
        if (now > t + MAX_SKEW_SECONDS || now < t - MAX_SKEW_SECONDS) {
            if ((st = diag(diags, EKS_SEV_ERROR, EKS_DIAG_CLOCK_SKEW, date_where,
                           date_header ? "the Date header is more than 15 minutes away from the given time"
                                       : "X-Amz-Date is more than 15 minutes away from the given time", p.date,
                           EKS_STR_ABSENT)) != EKS_OK)
                goto out;
            failed = true;
        }
    }

    /* Recompute. Payload hash: the body's own hash, so a changed body never verifies; then
     * what may have been signed instead of it (an x-amz-content-sha256 that is no hex digest,
     * UNSIGNED-PAYLOAD for a presigned request), which verifies only a request without a body. */
    unsigned char digest[EKS_SV4_SHA_LEN];
    char body_hash[EKS_SIGV4_HEX_LEN];
    eks_sv4_midstates *mid = eks_sv4_midstates_of(out);
    if (!mid) {
        st = EKS_ERR_OUT_OF_MEMORY;
        goto out;
    }
    eks_sv4_sha256_resume(&mid->body, req->body.ptr ? req->body.ptr : "", req->body.len, digest);
    eks_sv4_hex(digest, sizeof digest, body_hash);
    /* The body's hash first; a non-digest x-amz-content-sha256 only as an alternative (the
     * header may be there without having been what the signer hashed). */
    eks_str hashes[4] = {{body_hash, sizeof body_hash}, EKS_STR_ABSENT, EKS_STR_ABSENT, cfg->payload_hash};
    const eks_header *ch = eks_http_find_header(req->headers, req->header_count, "x-amz-content-sha256");
    if (ch && !is_lower_hex64(trim(ch->value)))
        hashes[1] = trim(ch->value);
    if (p.query_form)
        hashes[2] = EKS_STR_LIT(EKS_SIGV4_UNSIGNED_PAYLOAD); /* what S3-style presigners sign */
    bool match = false;
    int matched_hash = -1;
    for (int h = 0; h < 4 && !match; h++) {
        if (!hashes[h].ptr)
            continue;
        matched_hash = h;
        /* A presigned token may have been signed or appended afterwards: try both. */
        for (int drop = 0; drop < (p.query_form && p.token.ptr ? 2 : 1) && !match; drop++)
            if ((st = recompute(cache, cfg, creds, req, &p, part[2], part[3], hashes[h], drop == 1, out, &match)) != EKS_OK) {
                /* the canonical request's item limit: no signature was compared, which the
                 * caller must see as a finding, not as a verified request */
                if (st == EKS_ERR_LIMIT_EXCEEDED &&
                    diag(diags, EKS_SEV_ERROR, EKS_DIAG_LIMIT_EXCEEDED, p.where,
                         "more than 65535 header fields or query parameters: the signature cannot be recomputed",
                         EKS_STR_ABSENT, EKS_STR_ABSENT) != EKS_OK)
                    st = EKS_ERR_OUT_OF_MEMORY;
                goto out;
            }
    }
    if (match && matched_hash > 0 && req->body.len > 0 &&
        !(cfg->payload_hash.ptr && eks_str_eq(hashes[matched_hash], cfg->payload_hash))) {
        /* Signed over a payload hash that is no hash of the body (UNSIGNED-PAYLOAD, an S3
         * presigner's; STREAMING-...): genuine, but the body could be anything. Every EKS
         * operation signs its body's SHA-256 (the SDKs' signers, botocore's presigner among
         * them, hash it), so only a request without a body verifies that way, unless the
         * caller's configuration names that hash (it accepts such bodies). */
        if ((st = diag(diags, EKS_SEV_ERROR, EKS_DIAG_SIGNATURE_MISMATCH, p.where,
                       "the signature does not cover the body (it was computed over a payload hash that is not "
                       "the body's SHA-256, such as UNSIGNED-PAYLOAD): the body may have been changed",
                       EKS_STR_ABSENT, EKS_STR_ABSENT)) != EKS_OK)
            goto out;
        failed = true;
    }
    if (!match) {
        if ((st = diag(diags, EKS_SEV_ERROR, EKS_DIAG_SIGNATURE_MISMATCH, p.where,
                       "signature does not match the one recomputed from the request and the given secret "
                       "(method, path, query, a signed header, the body, the date or the secret differ)",
                       EKS_STR_ABSENT, EKS_STR_ABSENT)) != EKS_OK)
            goto out;
        failed = true;
    }
    st = EKS_OK;
out:
    free(signed_names);
    eks_sigv4_output_free(&local);
    eks_buf_free_secure(&store);
    if (st == EKS_OK && (failed || malformed))
        st = EKS_ERR_SIGNATURE_MISMATCH;
    return st;
}
