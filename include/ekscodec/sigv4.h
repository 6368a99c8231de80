/*
 * ekscodec — AWS Signature Version 4 (AWS4-HMAC-SHA256): sign, presign, verify.
 *
 * No clock, no environment: time and credentials are inputs.
 *
 * Ownership and lifetimes
 *   - Every eks_str in a config or credentials struct, and the whole eks_http_request
 *     (its header array included), is BORROWED for the duration of the call only.
 *   - eks_sigv4_output is OWNED by the caller and reused across calls: each sign call
 *     overwrites it, and its buffers keep their capacity, so signing the same shape of
 *     request again allocates nothing. Every pointer inside it (the header views in
 *     `headers`, the buffers, the fixed arrays) stays valid until the next sign call with
 *     the same output or eks_sigv4_output_free(), whichever comes first. Nothing in it
 *     points into the request or the credentials.
 *   - eks_sigv4_cache is OWNED by the caller (new/free). It is NOT thread-safe: use one per
 *     thread (or guard it with your own lock). Different caches may be used concurrently.
 *
 * Secrets: the secret key and the derived keys are wiped with OPENSSL_cleanse from every
 * temporary and cache entry. The output holds the session token (it is a header/query value
 * to send) and the signature; eks_sigv4_output_free() wipes the output buffers too.
 * Diagnostics produced by verification never contain the secret, the session token or any
 * signature.
 */
#ifndef EKSCODEC_SIGV4_H
#define EKSCODEC_SIGV4_H

#include "ekscodec/common.h"
#include "ekscodec/diag.h"
#include "ekscodec/http.h"

#ifdef __cplusplus
extern "C" {
#endif

#define EKS_SIGV4_ALGORITHM "AWS4-HMAC-SHA256"
#define EKS_SIGV4_DATE_LEN 16           /* "YYYYMMDDTHHMMSSZ" */
#define EKS_SIGV4_HEX_LEN 64            /* hex SHA-256 / signature */
#define EKS_SIGV4_MIN_EXPIRES 1u
#define EKS_SIGV4_MAX_EXPIRES 604800u   /* 7 days: the SigV4 maximum for presigned requests */
#define EKS_SIGV4_DEFAULT_SERVICE "eks"
#define EKS_SIGV4_UNSIGNED_PAYLOAD "UNSIGNED-PAYLOAD"
#define EKS_SIGV4_CACHE_DEFAULT_ENTRIES 8u

typedef enum eks_sigv4_mode {
    EKS_SIGV4_MODE_HEADER = 0,  /* Authorization header (default) */
    EKS_SIGV4_MODE_QUERY = 1    /* presigned URL: X-Amz-* query parameters */
} eks_sigv4_mode;

typedef struct eks_sigv4_credentials {
    eks_str access_key_id;     /* required; no '/', ',', '=', whitespace or control bytes */
    eks_str secret_access_key; /* required */
    eks_str session_token;     /* optional (absent = long-term credentials); no control bytes */
} eks_sigv4_credentials;

/*
 * Signing configuration. A zero-initialised struct plus `region` and a time is the EKS
 * default: service "eks", header signing, double URI encoding, path normalization, session
 * token signed, no x-amz-content-sha256 header, payload hash = hex SHA-256 of the body.
 * Every boolean is named so that `false` is that default.
 */
typedef struct eks_sigv4_config {
    eks_str region;            /* required, e.g. "us-west-2" */
    eks_str service;           /* absent = "eks" */
    /* Time of signing. amz_date ("YYYYMMDDTHHMMSSZ", UTC) wins when present; otherwise
     * epoch_seconds (seconds since 1970-01-01T00:00:00Z, year 1970..9999) is used. */
    eks_str amz_date;
    int64_t epoch_seconds;
    eks_sigv4_mode mode;
    /* Query mode only: X-Amz-Expires, 1..604800 inclusive; anything else (0 included) is
     * EKS_ERR_INVALID_ARGUMENT. Ignored in header mode. */
    uint32_t expires_seconds;
    /* S3 is the only service that signs the path as sent; every other service (EKS included)
     * URI-encodes the already-encoded path once more ("%2F" -> "%252F"). */
    bool single_encode_path;
    /* Normalization removes "." / ".." / empty segments before encoding (not S3). */
    bool no_path_normalization;
    /* true: the token is left out of the signature and attached afterwards (header
     * X-Amz-Security-Token, or the query parameter just before X-Amz-Signature). */
    bool session_token_unsigned;
    /* true: add an x-amz-content-sha256 header carrying the payload hash and sign it. */
    bool sign_content_sha256;
    /* Payload hash to put in the canonical request. Absent = hex SHA-256 of the body
     * (always computed; SigV4 has no "no hash" form). Otherwise used verbatim, e.g.
     * EKS_SIGV4_UNSIGNED_PAYLOAD; at most 64 bytes, printable ASCII. */
    eks_str payload_hash;
} eks_sigv4_config;

/* Fills *cfg with the EKS defaults above for `region` (borrowed) and time epoch_seconds.
 * cfg NULL: does nothing. */
EKS_API void eks_sigv4_config_init_eks(eks_sigv4_config *cfg, eks_str region, int64_t epoch_seconds);

/*
 * Result of one signing call. Zero-initialise ({0}) or eks_sigv4_output_init() once, reuse,
 * eks_sigv4_output_free() at the end. See the lifetime rules at the top of this file.
 * Reuse pays: besides its buffers, an output keeps the hash states after the first block of
 * the last body, canonical request and string to sign, and resumes from them when the next
 * ones start alike. The last of these is derived from the signing key: like the session
 * token copy, it stays in the output until eks_sigv4_output_free() wipes it.
 */
typedef struct eks_sigv4_output {
    /* Header mode: the headers to ADD to the request (replace any of the same name), in this
     * order: X-Amz-Date, X-Amz-Security-Token (whenever there is a token, signed or not),
     * x-amz-content-sha256 (when asked), Authorization. Query mode: header_count == 0. */
    eks_header headers[4];
    size_t header_count;
    /* Query mode: the complete query string to send (without '?'): the original raw query,
     * unchanged, then X-Amz-Algorithm, -Credential, -Date, -Expires, -SignedHeaders,
     * [-Security-Token], -Signature. Header mode: empty. */
    eks_buf query;
    eks_buf authorization;      /* header mode: the Authorization value; query mode: empty */
    eks_buf signed_headers;     /* "host;x-amz-date" */
    eks_buf canonical_request;  /* always filled: exact bytes that were hashed */
    eks_buf string_to_sign;     /* always filled */
    char amz_date[EKS_SIGV4_DATE_LEN + 1];
    char payload_hash[EKS_SIGV4_HEX_LEN + 1];
    char signature[EKS_SIGV4_HEX_LEN + 1];
    /* Private scratch space, reused across calls. */
    eks_buf priv_bytes_;
    eks_buf priv_items_;
    eks_buf priv_token_;
    int64_t priv_time_; /* epoch_seconds + 1 that amz_date was formatted from; 0: none */
    eks_buf priv_midstates_; /* hash states after first blocks seen last time (wiped on free) */
} eks_sigv4_output;

EKS_API void eks_sigv4_output_init(eks_sigv4_output *out); /* NULL ok (does nothing) */
EKS_API void eks_sigv4_output_free(eks_sigv4_output *out); /* wipes, frees; NULL ok */

/* Signing-key cache: signing keys keyed by (secret, date, region, service), stored as
 * precomputed HMAC inner/outer SHA-256 states, so a repeat signature skips the 4-HMAC key
 * derivation and two of the SHA-256 blocks of the final HMAC. Bounded: at most
 * max_entries keys (0 = EKS_SIGV4_CACHE_DEFAULT_ENTRIES); the least recently used one is
 * evicted and wiped. One cache per thread. Owned by the caller. */
typedef struct eks_sigv4_cache eks_sigv4_cache;

EKS_API eks_status eks_sigv4_cache_new(size_t max_entries, eks_sigv4_cache **out);
EKS_API void eks_sigv4_cache_free(eks_sigv4_cache *cache); /* wipes every entry; NULL ok */
EKS_API void eks_sigv4_cache_clear(eks_sigv4_cache *cache); /* wipes, keeps the object */
EKS_API size_t eks_sigv4_cache_count(const eks_sigv4_cache *cache);
/* Lookups that found / did not find a key since creation (for tests and tuning). */
EKS_API void eks_sigv4_cache_stats(const eks_sigv4_cache *cache, uint64_t *hits, uint64_t *misses);

/*
 * Signs `req` (header or query mode per cfg->mode) into *out.
 * cache may be NULL (every call derives the key; nothing is kept).
 * The request must carry a Host header (SigV4 always signs it). Headers never signed:
 * authorization, user-agent, x-amzn-trace-id, expect and the hop-by-hop headers (connection,
 * keep-alive, proxy-authenticate, proxy-authorization, te, trailer, transfer-encoding,
 * upgrade). In header mode an X-Amz-Date (and, when a token is given,
 * X-Amz-Security-Token; when sign_content_sha256, x-amz-content-sha256) already in the
 * request is ignored: the output's value replaces it. AWS refuses a request with two auth
 * mechanisms, so a presignature refuses an Authorization header, and a header signature a
 * query naming X-Amz-Algorithm, X-Amz-Credential or X-Amz-Signature (re-signing a captured
 * request: eks_sigv4_query_without_auth removes them).
 * Returns EKS_OK, EKS_ERR_INVALID_ARGUMENT (missing/invalid config, credentials, time,
 * expires, no Host, two auth mechanisms, a NULL header array with a header_count or a
 * view of the request that is NULL with a non-zero length), EKS_ERR_LIMIT_EXCEEDED (more than 65535 headers or query parameters),
 * EKS_ERR_OUT_OF_MEMORY. On error *out holds no valid signature.
 */
EKS_API eks_status eks_sigv4_sign(eks_sigv4_cache *cache, const eks_sigv4_config *cfg,
                                  const eks_sigv4_credentials *creds, const eks_http_request *req,
                                  eks_sigv4_output *out);

/*
 * Appends to *out the pairs of a raw query string that are not SigV4 authentication
 * parameters (X-Amz-Algorithm, -Credential, -Date, -Expires, -SignedHeaders,
 * -Security-Token, -Signature; names compared after percent-decoding), unchanged and in
 * order, joined by '&'; empty pairs are dropped. For re-signing a captured request: a header
 * signature sent beside an old presignature is refused by AWS. query is BORROWED; *out is
 * the caller's (appended to, not cleared). Returns EKS_OK, EKS_ERR_INVALID_ARGUMENT (out NULL),
 * EKS_ERR_OUT_OF_MEMORY.
 */
EKS_API eks_status eks_sigv4_query_without_auth(eks_str query, eks_buf *out);

/*
 * Verifies a captured signed request (Authorization header, else X-Amz-Signature query
 * parameter) against `creds`. The signature is recomputed from what the request states
 * (X-Amz-Date, or without one the Date header as an IMF-fixdate or with a numeric zone;
 * credential scope; signed header list) with cfg's path rules
 * (single_encode_path, no_path_normalization); cfg->region/service (service absent = "eks",
 * region absent = not checked) are compared with the credential scope. When creds carries a
 * session token (an empty one is none, as for eks_sigv4_sign), the request must carry the
 * same one (X-Amz-Security-Token header, or query parameter when presigned), as the service
 * requires of temporary credentials.
 * When cfg carries a time (amz_date present or epoch_seconds != 0) it is "now": a presigned
 * request past its expiry, or a header-signed one more than 15 minutes away, is reported.
 * The payload hash is the body's SHA-256. A signature computed over another one instead (an
 * x-amz-content-sha256 header that is no hex digest, or UNSIGNED-PAYLOAD when presigned)
 * verifies only a request without a body, since it covers no body: with one it is a
 * signature_mismatch, unless cfg->payload_hash names that hash (the caller accepts any body
 * under it, as S3's rules do; EKS's SDKs always sign the body).
 * cfg->mode, expires_seconds and the other signing options are ignored.
 *
 * Returns EKS_OK when the signature matches (warnings may still be added),
 * EKS_ERR_SIGNATURE_MISMATCH when it is missing, malformed, or does not match (diagnostics
 * signature_missing / signature_malformed / signature_mismatch / clock_skew say what can be
 * known: access key id, credential scope, date, signed header list, expiry; messages show an
 * access key id by its last four characters only, and never a secret, token or signature),
 * EKS_ERR_LIMIT_EXCEEDED (more than 65535 header fields or query parameters: nothing was
 * compared; a limit_exceeded error says so), EKS_ERR_INVALID_ARGUMENT (as for
 * eks_sigv4_sign: NULL arguments, views that are NULL with a non-zero length), EKS_ERR_OUT_OF_MEMORY.
 * diags may be NULL.
 * scratch may be NULL (a temporary one is used); cache may be NULL.
 */
EKS_API eks_status eks_sigv4_verify(eks_sigv4_cache *cache, const eks_sigv4_config *cfg,
                                    const eks_sigv4_credentials *creds,
                                    const eks_http_request *req, eks_sigv4_output *scratch,
                                    eks_diags *diags);

/* Formats epoch seconds as "YYYYMMDDTHHMMSSZ" (out: 17 bytes). EKS_ERR_INVALID_ARGUMENT
 * outside years 1970..9999. */
EKS_API eks_status eks_sigv4_format_time(int64_t epoch_seconds, char out[EKS_SIGV4_DATE_LEN + 1]);
/* Parses "YYYYMMDDTHHMMSSZ" (exact form, fields range-checked). */
EKS_API eks_status eks_sigv4_parse_time(eks_str amz_date, int64_t *epoch_seconds);

#ifdef __cplusplus
}
#endif
#endif
