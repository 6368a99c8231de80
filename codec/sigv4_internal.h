/* Private to the SigV4 module: SHA-256 / HMAC primitives and the signing-key cache. */
#ifndef EKSCODEC_SIGV4_INTERNAL_H
#define EKSCODEC_SIGV4_INTERNAL_H

/*
 * Why the low-level SHA256_* API and not EVP: OpenSSL 3.0's EVP_DigestInit_ex2() frees and
 * re-creates the provider context on every init, even on a reused EVP_MD_CTX with the same
 * fetched EVP_MD (measured: one malloc per digest, four per signature), and
 * EVP_MD_CTX_copy_ex() duplicates it with another malloc. SHA256_CTX is plain memory:
 * precomputed HMAC states are copied with memcpy and a warm signature allocates nothing.
 * It needs no fetch at all, so the per-call fetch cost of the one-shot SHA256()/HMAC()
 * does not arise either. The functions are deprecated in 3.0 but present in every 3.x.
 */
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/sha.h>

#include "ekscodec/sigv4.h"

#define EKS_SV4_SHA_LEN 32
#define EKS_SV4_BLOCK 64

/* HMAC-SHA256 key as the states after absorbing key^ipad and key^opad (RFC 2104 §4). */
typedef struct eks_sv4_hmac_key {
    SHA256_CTX inner;
    SHA256_CTX outer;
} eks_sv4_hmac_key;

void eks_sv4_sha256(const void *data, size_t len, unsigned char out[EKS_SV4_SHA_LEN]);
void eks_sv4_hex(const unsigned char *in, size_t len, char *out); /* writes 2*len chars, no NUL */
void eks_sv4_hmac_key_init(eks_sv4_hmac_key *key, const void *raw, size_t raw_len);
void eks_sv4_hmac_final(const eks_sv4_hmac_key *key, const void *msg, size_t len,
                        unsigned char out[EKS_SV4_SHA_LEN]);
void eks_sv4_hmac_key_wipe(eks_sv4_hmac_key *key);

/*
 * The signing key for (secret, date "YYYYMMDD", region, service) as precomputed HMAC state.
 * With a cache: *key points into the cache (valid until the next cache call). Without, or
 * when the inputs are too long to cache: the key is derived into *tmp and *key == tmp; the
 * caller must eks_sv4_hmac_key_wipe(tmp).
 */
void eks_sv4_signing_key(eks_sigv4_cache *cache, eks_str secret, const char date8[8],
                         eks_str region, eks_str service, eks_sv4_hmac_key *tmp,
                         const eks_sv4_hmac_key **key);

#endif
