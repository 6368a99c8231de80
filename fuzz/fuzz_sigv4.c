/*
 * SigV4 on arbitrary requests. Input: one flag byte, then "METHOD" line, "PATH" line, an
 * optional "?QUERY" line, "name: value" header lines, an empty line, the body.
 *
 *  1. sign (header or query mode, options from the flag byte); when it succeeds, the signed
 *     request (output headers replacing those of the same name, or the output query) must
 *     verify with the same credentials, and must stop verifying once a body byte changes;
 *     signing through a cache gives the same signature as without one, and so does an
 *     output reused from a signature under another key;
 *  2. verify the request exactly as given (its own Authorization / X-Amz-* material, random
 *     or half-right): must not crash, must not succeed (nobody can forge the HMAC without the
 *     planted secret), and must explain itself with an error diagnostic;
 *  3. the planted secret and session token never appear in any diagnostic, nor the
 *     signature computed with the secret in verification diagnostics.
 */
#include "fuzz_support.h"

#include <ctype.h>
#include <strings.h>

#include "ekscodec/sigv4.h"

static const char SECRET[] = "FuzzPlantedSecret/wJalrXUtnFEMI+K7MDENGbPxRfiCYzz";
static const char TOKEN[] = "FuzzPlantedSessionToken+AQoDYXdzEJr//////////wEaDLsNs3cretTok";
static const char HOST[] = "eks.us-west-2.amazonaws.com";

/* libFuzzer learns the planted strings from the comparisons the signer and its cache make
 * and then feeds them back; what the input itself carries may legitimately be echoed. */
static int input_has_secret;

static void check_no_secret(const eks_diags *d, const char *signature)
{
    fz_check_diags(d);
    if (input_has_secret)
        return;
    FZ_CHECK(!fz_diags_contain(d, SECRET, sizeof SECRET - 1));
    /* Any 12 consecutive bytes of the secret would already be a leak worth catching. */
    FZ_CHECK(!fz_diags_contain(d, SECRET + 10, 12));
    FZ_CHECK(!fz_diags_contain(d, TOKEN, sizeof TOKEN - 1));
    FZ_CHECK(!fz_diags_contain(d, TOKEN + 20, 12));
    if (signature && signature[0])
        FZ_CHECK(!fz_diags_contain(d, signature, EKS_SIGV4_HEX_LEN));
}

static int name_is(eks_str name, const char *s)
{
    return name.len == strlen(s) && strncasecmp(name.ptr, s, name.len) == 0;
}

static int name_eq(eks_str a, eks_str b)
{
    return a.len == b.len && (a.len == 0 || strncasecmp(a.ptr, b.ptr, a.len) == 0);
}

/* RFC 9110 5.6.2 token: what a field name is made of. */
static int is_token(eks_str s)
{
    if (s.len == 0)
        return 0;
    for (size_t i = 0; i < s.len; i++) {
        unsigned char c = (unsigned char)s.ptr[i];
        if (!(isalnum(c) || (c < 0x80 && strchr("!#$%&'*+-.^_`|~", c) && c)))
            return 0;
    }
    return 1;
}

static void check_signed_output(const eks_sigv4_output *o, const eks_sigv4_config *cfg)
{
    for (int i = 0; i < EKS_SIGV4_HEX_LEN; i++)
        FZ_CHECK(isdigit((unsigned char)o->signature[i]) ||
                 (o->signature[i] >= 'a' && o->signature[i] <= 'f'));
    FZ_CHECK(o->signature[EKS_SIGV4_HEX_LEN] == '\0');
    char date[EKS_SIGV4_DATE_LEN + 1];
    FZ_CHECK(eks_sigv4_format_time(cfg->epoch_seconds, date) == EKS_OK);
    FZ_CHECK(strcmp(date, o->amz_date) == 0);
    FZ_CHECK(o->canonical_request.len > 0 && o->string_to_sign.len > 0);
    FZ_CHECK(input_has_secret || !fz_contains(o->canonical_request.ptr, o->canonical_request.len, SECRET, sizeof SECRET - 1));
    FZ_CHECK(input_has_secret || !fz_contains(o->string_to_sign.ptr, o->string_to_sign.len, SECRET, sizeof SECRET - 1));
    if (cfg->mode == EKS_SIGV4_MODE_HEADER) {
        FZ_CHECK(o->header_count >= 2 && o->header_count <= 4);
        FZ_CHECK(name_is(o->headers[o->header_count - 1].name, "authorization"));
        FZ_CHECK(fz_contains(o->authorization.ptr, o->authorization.len, o->signature, EKS_SIGV4_HEX_LEN));
        FZ_CHECK(input_has_secret || !fz_contains(o->authorization.ptr, o->authorization.len, SECRET, sizeof SECRET - 1));
    } else {
        FZ_CHECK(o->header_count == 0);
        FZ_CHECK(fz_contains(o->query.ptr, o->query.len, o->signature, EKS_SIGV4_HEX_LEN));
        FZ_CHECK(input_has_secret || !fz_contains(o->query.ptr, o->query.len, SECRET, sizeof SECRET - 1));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    uint8_t flags = data[0];
    uint32_t h = fz_hash(data, size);
    input_has_secret = fz_contains((const char *)data, size, SECRET + 10, 12) ||
                       fz_contains((const char *)data, size, TOKEN + 20, 12);
    fz_pool pool = {{0}, 0};
    eks_header headers[FZ_MAX_HEADERS + 1];
    eks_http_request req;
    memset(&req, 0, sizeof req);
    req.headers = headers;

    fz_cursor c = {data + 1, size - 1};
    const uint8_t *line;
    size_t len;
    if (fz_next_line(&c, &line, &len))
        req.method = fz_copy(&pool, line, len);
    else
        req.method = fz_copy(&pool, "POST", 4);
    if (fz_next_line(&c, &line, &len))
        req.path = fz_copy(&pool, line, len);
    else
        req.path = fz_copy(&pool, "/", 1);
    if (c.left > 0 && c.p[0] == '?') {
        fz_next_line(&c, &line, &len);
        req.query = len ? fz_copy(&pool, line + 1, len - 1) : fz_copy(&pool, "", 0);
    }
    req.header_count = fz_split_headers(&pool, &c, headers, &req.body);
    bool has_host = false;
    for (size_t i = 0; i < req.header_count; i++)
        has_host |= name_is(headers[i].name, "host");
    if (!has_host) {
        headers[req.header_count].name = fz_copy(&pool, "Host", 4);
        headers[req.header_count].value = fz_copy(&pool, HOST, sizeof HOST - 1);
        req.header_count++;
    }

    eks_sigv4_config cfg;
    eks_str region = fz_copy(&pool, "us-west-2", 9);
    int64_t now = 946684800 + (int64_t)(h % 2000000000u); /* 2000 .. 2063 */
    eks_sigv4_config_init_eks(&cfg, region, now);
    cfg.mode = (flags & 1) ? EKS_SIGV4_MODE_QUERY : EKS_SIGV4_MODE_HEADER;
    cfg.expires_seconds = 1 + (h >> 8) % EKS_SIGV4_MAX_EXPIRES;
    cfg.single_encode_path = flags & 2;
    cfg.no_path_normalization = flags & 4;
    cfg.session_token_unsigned = flags & 8;
    cfg.sign_content_sha256 = flags & 16;
    /* The verifier can only know an UNSIGNED-PAYLOAD hash from x-amz-content-sha256. */
    bool unsigned_payload = (flags & 64) && cfg.sign_content_sha256 && cfg.mode == EKS_SIGV4_MODE_HEADER;
    if (unsigned_payload)
        cfg.payload_hash = EKS_STR_LIT(EKS_SIGV4_UNSIGNED_PAYLOAD);
    eks_sigv4_credentials creds = {
        .access_key_id = fz_copy(&pool, "AKIDFUZZEXAMPLE", 15),
        .secret_access_key = fz_copy(&pool, SECRET, sizeof SECRET - 1),
        .session_token = (flags & 32) ? fz_copy(&pool, TOKEN, sizeof TOKEN - 1) : EKS_STR_ABSENT,
    };
    eks_sigv4_cache *cache = NULL;
    if (flags & 128)
        FZ_CHECK(eks_sigv4_cache_new(2, &cache) == EKS_OK);

    /* 1. sign, then verify what was signed. */
    eks_sigv4_output out = {0}, scratch = {0};
    eks_status st = eks_sigv4_sign(cache, &cfg, &creds, &req, &out);
    FZ_CHECK(st == EKS_OK || st == EKS_ERR_INVALID_ARGUMENT || st == EKS_ERR_LIMIT_EXCEEDED);
    /* Header names that are not RFC 9110 tokens cannot be listed in SignedHeaders: refused. */
    for (size_t i = 0; i < req.header_count; i++)
        if (!is_token(req.headers[i].name))
            FZ_CHECK(st == EKS_ERR_INVALID_ARGUMENT);
    if (st == EKS_OK) {
        check_signed_output(&out, &cfg);
        if (cache) {
            eks_sigv4_output again = {0};
            FZ_CHECK(eks_sigv4_sign(cache, &cfg, &creds, &req, &again) == EKS_OK);
            FZ_CHECK(strcmp(again.signature, out.signature) == 0);
            eks_sigv4_output_free(&again);
        }
        /* An output that last signed the same request under another key resumes hashing
         * after the first blocks it saw (same body, canonical request, string-to-sign
         * start): the signature must still be the fresh output's. */
        {
            static const char other_secret[] = "another/secret/key/for/the/fuzzer/0000";
            eks_sigv4_credentials other = creds;
            other.secret_access_key = EKS_STR_LIT(other_secret);
            eks_sigv4_output reused = {0};
            FZ_CHECK(eks_sigv4_sign(cache, &cfg, &other, &req, &reused) == EKS_OK);
            FZ_CHECK(strcmp(reused.signature, out.signature) != 0); /* another key, another HMAC */
            FZ_CHECK(eks_sigv4_sign(cache, &cfg, &creds, &req, &reused) == EKS_OK);
            FZ_CHECK(strcmp(reused.signature, out.signature) == 0);
            eks_sigv4_output_free(&reused);
        }
        eks_header sh[FZ_MAX_HEADERS + 5];
        eks_http_request sreq = req;
        size_t n = 0;
        if (cfg.mode == EKS_SIGV4_MODE_HEADER) {
            for (size_t i = 0; i < req.header_count; i++) {
                bool replaced = false;
                for (size_t j = 0; j < out.header_count; j++)
                    replaced |= name_eq(req.headers[i].name, out.headers[j].name);
                if (!replaced)
                    sh[n++] = req.headers[i];
            }
            for (size_t j = 0; j < out.header_count; j++)
                sh[n++] = out.headers[j];
            sreq.headers = sh;
            sreq.header_count = n;
        } else {
            sreq.query = (eks_str){out.query.ptr, out.query.len};
        }
        eks_diags d;
        eks_diags_init(&d);
        eks_status vs = eks_sigv4_verify(NULL, &cfg, &creds, &sreq, &scratch, &d);
        check_no_secret(&d, NULL);
        /* Findings 1 and 3 are fixed: the signer refuses non-token header names and, when
         * presigning, an Authorization header, and replaces X-Amz-* query parameters; so
         * whatever it signs must verify (regressions in fuzz/regressions/sigv4/). */
        if (vs != EKS_OK) {
            fprintf(stderr, "verify of a freshly signed request: %s\n", eks_strerror(vs));
            for (size_t i = 0; i < d.count; i++)
                fprintf(stderr, "  %s %s: %s\n", eks_diag_code_name(d.items[i].code), d.items[i].path,
                        d.items[i].message);
        }
        FZ_CHECK(vs == EKS_OK);
        FZ_CHECK(d.errors == 0);
        eks_diags_free(&d);
        if (unsigned_payload && sreq.body.len > 0) {
            /* a signature that covers no body verifies a body only for a caller who names
             * its payload hash */
            eks_sigv4_config body_signed = cfg;
            body_signed.payload_hash = EKS_STR_ABSENT;
            eks_diags_init(&d);
            vs = eks_sigv4_verify(cache, &body_signed, &creds, &sreq, &scratch, &d);
            check_no_secret(&d, out.signature);
            FZ_CHECK(vs == EKS_ERR_SIGNATURE_MISMATCH);
            FZ_CHECK(d.errors >= 1);
            eks_diags_free(&d);
        }

        if (sreq.body.len > 0 && !unsigned_payload) {
            fz_pool bp = {{0}, 0};
            eks_str body = fz_copy(&bp, sreq.body.ptr, sreq.body.len);
            ((char *)body.ptr)[(h >> 3) % body.len] ^= 1;
            sreq.body = body;
            eks_diags_init(&d);
            vs = eks_sigv4_verify(cache, &cfg, &creds, &sreq, &scratch, &d);
            check_no_secret(&d, out.signature);
            FZ_CHECK(vs == EKS_ERR_SIGNATURE_MISMATCH);
            FZ_CHECK(d.errors >= 1);
            eks_diags_free(&d);
            fz_pool_free(&bp);
        }
    }

    /* 2. verify the input as it came. */
    eks_diags d;
    eks_diags_init(&d);
    eks_status vs = eks_sigv4_verify(cache, &cfg, &creds, &req, &scratch, &d);
    check_no_secret(&d, st == EKS_OK ? out.signature : NULL);
    FZ_CHECK(vs == EKS_ERR_SIGNATURE_MISMATCH || vs == EKS_ERR_INVALID_ARGUMENT);
    if (vs == EKS_ERR_SIGNATURE_MISMATCH)
        FZ_CHECK(d.errors >= 1);
    eks_diags_free(&d);

    eks_sigv4_output_free(&out);
    eks_sigv4_output_free(&scratch);
    eks_sigv4_cache_free(cache);
    fz_pool_free(&pool);
    return 0;
}
