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

/*
 * A hash state after one 64-byte block, kept with that block and the state it started from.
 * A signer hashes three messages per signature whose first block rarely changes between
 * signatures: the body (same operation and configuration), the canonical request (same
 * method, path and first headers) and the string to sign (same second and scope, and the
 * same key, whose HMAC state is the start). When start and first block are the same as
 * last time, hashing resumes after them instead of compressing the block again: the HMAC
 * pad precomputation, extended one block. The string-to-sign entry is derived from the
 * key and is wiped with the output that holds it.
 */
typedef struct eks_sv4_midstate {
    SHA256_CTX from;  /* the start state (SHA256_Init's, or an HMAC inner state) */
    SHA256_CTX after; /* from, after absorbing block */
    unsigned char block[EKS_SV4_BLOCK];
    int valid;
} eks_sv4_midstate;

typedef struct eks_sv4_midstates {
    eks_sv4_midstate body;
    eks_sv4_midstate canonical_request;
    eks_sv4_midstate string_to_sign;
} eks_sv4_midstates;

/* The output's midstates, allocated on first use (NULL if that fails: hashing then simply
 * starts from scratch). */
eks_sv4_midstates *eks_sv4_midstates_of(eks_sigv4_output *out);

/* SHA-256 of data, resuming from m when its start and first block match (m may be NULL). */
void eks_sv4_sha256_resume(eks_sv4_midstate *m, const void *data, size_t len,
                           unsigned char out[EKS_SV4_SHA_LEN]);
void eks_sv4_hex(const unsigned char *in, size_t len, char *out); /* writes 2*len chars, no NUL */
void eks_sv4_hmac_key_init(eks_sv4_hmac_key *key, const void *raw, size_t raw_len);
void eks_sv4_hmac_final(const eks_sv4_hmac_key *key, const void *msg, size_t len,
                        unsigned char out[EKS_SV4_SHA_LEN]);
/* The same, the inner hash resuming from m when it can (m may be NULL). */
void eks_sv4_hmac_final_resume(const eks_sv4_hmac_key *key, eks_sv4_midstate *m, const void *msg,
                               size_t len, unsigned char out[EKS_SV4_SHA_LEN]);
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
