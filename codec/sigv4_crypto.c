/* SHA-256, HMAC-SHA256 with precomputed pad states, and the SigV4 signing-key cache. */
#include "sigv4_internal.h"

#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>

/* Longer inputs are legal but not cached (signed correctly, just derived every time). */
#define CACHE_SECRET_MAX 128
#define CACHE_NAME_MAX 64

typedef struct cache_entry {
    uint64_t last_used; /* 0 = free slot */
    size_t secret_len;
    unsigned char secret[CACHE_SECRET_MAX];
    char date8[8];
    unsigned char region_len;
    unsigned char service_len;
    char region[CACHE_NAME_MAX];
    char service[CACHE_NAME_MAX];
    eks_sv4_hmac_key key;
} cache_entry;

struct eks_sigv4_cache {
    size_t cap;
    size_t count;
    uint64_t tick;
    uint64_t hits;
    uint64_t misses;
    size_t mru; /* index of the entry used last */
    cache_entry entries[]; /* cap of them */
};

void eks_sv4_sha256(const void *data, size_t len, unsigned char out[EKS_SV4_SHA_LEN])
{
    SHA256_CTX c;
    SHA256_Init(&c);
    SHA256_Update(&c, data, len);
    SHA256_Final(out, &c);
}

/* Two output bytes per input byte from one table load: hex runs three times a signature. */
#define H2(x) {"0123456789abcdef"[(x) >> 4], "0123456789abcdef"[(x) & 15]}
#define H16(r) H2(r + 0), H2(r + 1), H2(r + 2), H2(r + 3), H2(r + 4), H2(r + 5), H2(r + 6), H2(r + 7), \
    H2(r + 8), H2(r + 9), H2(r + 10), H2(r + 11), H2(r + 12), H2(r + 13), H2(r + 14), H2(r + 15)
static const char hex_pairs[256][2] = {
    H16(0x00), H16(0x10), H16(0x20), H16(0x30), H16(0x40), H16(0x50), H16(0x60), H16(0x70),
    H16(0x80), H16(0x90), H16(0xa0), H16(0xb0), H16(0xc0), H16(0xd0), H16(0xe0), H16(0xf0),
};

void eks_sv4_hex(const unsigned char *in, size_t len, char *out)
{
    size_t i = 0;
    for (; i + 4 <= len; i += 4) { /* digests are 32 bytes: four pairs per step, no tail */
        memcpy(out + 2 * i, hex_pairs[in[i]], 2);
        memcpy(out + 2 * i + 2, hex_pairs[in[i + 1]], 2);
        memcpy(out + 2 * i + 4, hex_pairs[in[i + 2]], 2);
        memcpy(out + 2 * i + 6, hex_pairs[in[i + 3]], 2);
    }
    for (; i < len; i++)
        memcpy(out + 2 * i, hex_pairs[in[i]], 2);
}

void eks_sv4_hmac_key_init(eks_sv4_hmac_key *key, const void *raw, size_t raw_len)
{
    unsigned char block[EKS_SV4_BLOCK];
    memset(block, 0, sizeof block);
    if (raw_len > EKS_SV4_BLOCK) {
        /* RFC 2104: long keys are hashed first. The context ends holding that hash, the key
         * itself for HMAC: wiped, which eks_sv4_sha256 (payload hashes) does not do. */
        SHA256_CTX c;
        SHA256_Init(&c);
        SHA256_Update(&c, raw, raw_len);
        SHA256_Final(block, &c);
        OPENSSL_cleanse(&c, sizeof c);
    } else if (raw_len)
        memcpy(block, raw, raw_len);
    for (size_t i = 0; i < EKS_SV4_BLOCK; i++)
        block[i] ^= 0x36;
    SHA256_Init(&key->inner);
    SHA256_Update(&key->inner, block, EKS_SV4_BLOCK);
    for (size_t i = 0; i < EKS_SV4_BLOCK; i++)
        block[i] ^= 0x36 ^ 0x5c;
    SHA256_Init(&key->outer);
    SHA256_Update(&key->outer, block, EKS_SV4_BLOCK);
    OPENSSL_cleanse(block, sizeof block);
}

/* Same start state: compared in constant time (an HMAC inner state is key material). */
static int same_state(const SHA256_CTX *a, const SHA256_CTX *b)
{
    uint32_t diff = (a->Nl ^ b->Nl) | (a->Nh ^ b->Nh) | (a->num ^ b->num);
    for (int i = 0; i < 8; i++)
        diff |= a->h[i] ^ b->h[i];
    return diff == 0;
}

/* Hashes data into c (which holds the start state), through m when possible. */
static void update_resuming(eks_sv4_midstate *m, SHA256_CTX *c, const unsigned char *data, size_t len)
{
    if (m && len >= EKS_SV4_BLOCK && c->num == 0) {
        if (m->valid && same_state(&m->from, c) && memcmp(m->block, data, EKS_SV4_BLOCK) == 0) {
            *c = m->after;
        } else {
            m->from = *c;
            SHA256_Update(c, data, EKS_SV4_BLOCK);
            m->after = *c;
            memcpy(m->block, data, EKS_SV4_BLOCK);
            m->valid = 1;
        }
        data += EKS_SV4_BLOCK;
        len -= EKS_SV4_BLOCK;
    }
    SHA256_Update(c, data, len);
}

void eks_sv4_sha256_resume(eks_sv4_midstate *m, const void *data, size_t len,
                           unsigned char out[EKS_SV4_SHA_LEN])
{
    SHA256_CTX c;
    SHA256_Init(&c);
    update_resuming(m, &c, data, len);
    SHA256_Final(out, &c);
}

void eks_sv4_hmac_final(const eks_sv4_hmac_key *key, const void *msg, size_t len,
                        unsigned char out[EKS_SV4_SHA_LEN])
{
    eks_sv4_hmac_final_resume(key, NULL, msg, len, out);
}

void eks_sv4_hmac_final_resume(const eks_sv4_hmac_key *key, eks_sv4_midstate *m, const void *msg,
                               size_t len, unsigned char out[EKS_SV4_SHA_LEN])
{
    SHA256_CTX c;
    unsigned char inner[EKS_SV4_SHA_LEN];
    c = key->inner;
    update_resuming(m, &c, msg, len);
    SHA256_Final(inner, &c);
    c = key->outer;
    SHA256_Update(&c, inner, sizeof inner);
    SHA256_Final(out, &c);
    /* c ends holding the MAC, which is the next key while kSigning is derived (kDate ..
     * kSigning itself): wiped, as the inner digest is. */
    OPENSSL_cleanse(&c, sizeof c);
    OPENSSL_cleanse(inner, sizeof inner);
}

void eks_sv4_hmac_key_wipe(eks_sv4_hmac_key *key)
{
    OPENSSL_cleanse(key, sizeof *key);
}

/* kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request") */
static void derive(eks_str secret, const char date8[8], eks_str region, eks_str service,
                   eks_sv4_hmac_key *out)
{
    unsigned char k[EKS_SV4_SHA_LEN];
    eks_sv4_hmac_key step;
    unsigned char first[4 + CACHE_SECRET_MAX];
    if (secret.len <= CACHE_SECRET_MAX) {
        memcpy(first, "AWS4", 4);
        memcpy(first + 4, secret.ptr, secret.len);
        eks_sv4_hmac_key_init(&step, first, 4 + secret.len);
        OPENSSL_cleanse(first, sizeof first);
    } else {
        /* Over 64 bytes HMAC hashes the key anyway; hash "AWS4"||secret without a copy. */
        SHA256_CTX c;
        SHA256_Init(&c);
        SHA256_Update(&c, "AWS4", 4);
        SHA256_Update(&c, secret.ptr, secret.len);
        SHA256_Final(k, &c);
        OPENSSL_cleanse(&c, sizeof c);
        eks_sv4_hmac_key_init(&step, k, sizeof k);
    }
    eks_sv4_hmac_final(&step, date8, 8, k);
    eks_sv4_hmac_key_init(&step, k, sizeof k);
    eks_sv4_hmac_final(&step, region.ptr, region.len, k);
    eks_sv4_hmac_key_init(&step, k, sizeof k);
    eks_sv4_hmac_final(&step, service.ptr, service.len, k);
    eks_sv4_hmac_key_init(&step, k, sizeof k);
    eks_sv4_hmac_final(&step, "aws4_request", 12, k);
    eks_sv4_hmac_key_init(out, k, sizeof k);
    OPENSSL_cleanse(k, sizeof k);
    eks_sv4_hmac_key_wipe(&step);
}

/* Short byte compares inline: a libc call per field cost more than the compare. */
static bool same_bytes(const char *a, const char *b, size_t n)
{
    unsigned diff = 0;
    for (size_t i = 0; i < n; i++)
        diff |= (unsigned char)a[i] ^ (unsigned char)b[i];
    return diff == 0;
}

/* Constant time in the secret's bytes (its length is not secret: it is public in the
 * cache's layout anyway); 8 bytes per step. */
static bool same_secret(const unsigned char *a, const char *b, size_t n)
{
    uint64_t diff = 0;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x, y;
        memcpy(&x, a + i, 8);
        memcpy(&y, b + i, 8);
        diff |= x ^ y;
    }
    for (; i < n; i++)
        diff |= (uint64_t)(a[i] ^ (unsigned char)b[i]);
    return diff == 0;
}

static inline bool entry_matches(const cache_entry *e, eks_str secret, const char date8[8],
                          eks_str region, eks_str service)
{
    uint64_t d1, d2;
    memcpy(&d1, e->date8, 8);
    memcpy(&d2, date8, 8);
    return e->last_used != 0 && e->secret_len == secret.len && e->region_len == region.len &&
           e->service_len == service.len && d1 == d2 && same_bytes(e->region, region.ptr, region.len) &&
           same_bytes(e->service, service.ptr, service.len) && same_secret(e->secret, secret.ptr, secret.len);
}

void eks_sv4_signing_key(eks_sigv4_cache *cache, eks_str secret, const char date8[8],
                         eks_str region, eks_str service, eks_sv4_hmac_key *tmp,
                         const eks_sv4_hmac_key **key)
{
    if (!cache || secret.len > CACHE_SECRET_MAX || region.len >= CACHE_NAME_MAX ||
        service.len >= CACHE_NAME_MAX) {
        derive(secret, date8, region, service, tmp);
        *key = tmp;
        return;
    }
    /* The entry used last is the likely one (one signer, one key, one day): try it first. */
    cache_entry *mru = &cache->entries[cache->mru];
    if (entry_matches(mru, secret, date8, region, service)) {
        mru->last_used = ++cache->tick;
        cache->hits++;
        *key = &mru->key;
        return;
    }
    cache_entry *victim = &cache->entries[0];
    for (size_t i = 0; i < cache->cap; i++) {
        cache_entry *e = &cache->entries[i];
        if (entry_matches(e, secret, date8, region, service)) {
            e->last_used = ++cache->tick;
            cache->hits++;
            cache->mru = i;
            *key = &e->key;
            return;
        }
        if (e->last_used < victim->last_used)
            victim = e; /* free slots (0) first, then the least recently used */
    }
    cache->misses++;
    if (victim->last_used == 0)
        cache->count++;
    OPENSSL_cleanse(victim, sizeof *victim);
    derive(secret, date8, region, service, &victim->key);
    victim->secret_len = secret.len;
    memcpy(victim->secret, secret.ptr, secret.len);
    memcpy(victim->date8, date8, 8);
    victim->region_len = (unsigned char)region.len;
    victim->service_len = (unsigned char)service.len;
    memcpy(victim->region, region.ptr, region.len);
    memcpy(victim->service, service.ptr, service.len);
    victim->last_used = ++cache->tick;
    cache->mru = (size_t)(victim - cache->entries);
    *key = &victim->key;
}

eks_status eks_sigv4_cache_new(size_t max_entries, eks_sigv4_cache **out)
{
    if (!out)
        return EKS_ERR_INVALID_ARGUMENT;
    *out = NULL;
    if (max_entries == 0)
        max_entries = EKS_SIGV4_CACHE_DEFAULT_ENTRIES;
    if (max_entries > (SIZE_MAX - sizeof(eks_sigv4_cache)) / sizeof(cache_entry))
        return EKS_ERR_INVALID_ARGUMENT;
    eks_sigv4_cache *c = calloc(1, sizeof *c + max_entries * sizeof(cache_entry));
    if (!c)
        return EKS_ERR_OUT_OF_MEMORY;
    c->cap = max_entries;
    *out = c;
    return EKS_OK;
}

void eks_sigv4_cache_clear(eks_sigv4_cache *cache)
{
    if (!cache)
        return;
    OPENSSL_cleanse(cache->entries, cache->cap * sizeof(cache_entry));
    cache->count = 0;
}

void eks_sigv4_cache_free(eks_sigv4_cache *cache)
{
    if (!cache)
        return;
    eks_sigv4_cache_clear(cache);
    free(cache);
}

size_t eks_sigv4_cache_count(const eks_sigv4_cache *cache)
{
    return cache ? cache->count : 0;
}

void eks_sigv4_cache_stats(const eks_sigv4_cache *cache, uint64_t *hits, uint64_t *misses)
{
    if (hits)
        *hits = cache ? cache->hits : 0;
    if (misses)
        *misses = cache ? cache->misses : 0;
}

eks_sv4_midstates *eks_sv4_midstates_of(eks_sigv4_output *out)
{
    eks_buf *b = &out->priv_midstates_;
    if (b->len != sizeof(eks_sv4_midstates)) {
        if (eks_buf_reserve(b, sizeof(eks_sv4_midstates)) != EKS_OK)
            return NULL;
        memset(b->ptr, 0, sizeof(eks_sv4_midstates));
        b->len = sizeof(eks_sv4_midstates);
    }
    return (eks_sv4_midstates *)(void *)b->ptr; /* malloc'd: aligned for any type */
}
