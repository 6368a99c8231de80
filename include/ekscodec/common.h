/*
 * ekscodec — common types: status codes, borrowed strings, owned buffers, limits.
 *
 * Ownership conventions used by every ekscodec header:
 *   eks_str  is a BORROWED view (pointer + length). Whoever produced it owns the bytes;
 *            a view inside a decode result lives exactly as long as that result.
 *            ptr == NULL means "absent"; ptr != NULL with len == 0 is the empty string.
 *   eks_buf  is an OWNED, growable byte buffer. It is always NUL-terminated when ptr != NULL
 *            (the terminator is not counted in len). Release it with eks_buf_free().
 *
 * The library keeps no global mutable state; every function is safe to call from many
 * threads at once as long as each thread works on its own objects.
 * The host's process state does not change results: the locale it sets (text is read and
 * written as HTTP, JSON and SigV4 define it, '.' for a decimal point, ASCII case folding),
 * the time zone (times are UTC), signals (none are touched). A failure leaves nothing on the
 * thread's OpenSSL error queue (the status says what failed). errno is not part of the
 * interface: a call may change it (json-c's number parser sets it), and statuses, not errno,
 * say what happened.
 */
#ifndef EKSCODEC_COMMON_H
#define EKSCODEC_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The library is built with hidden visibility: EKS_API marks what it exports. (No Windows
 * build: a DLL would need dllexport while building and dllimport in its users.) */
#if defined(__GNUC__)
#define EKS_API __attribute__((visibility("default")))
#else
#define EKS_API
#endif

/* One status enum for every fallible function. Contiguous; EKS_STATUS_COUNT_ is not a status. */
typedef enum eks_status {
    EKS_OK = 0,
    EKS_ERR_INVALID_ARGUMENT,   /* caller broke an API precondition (NULL where not allowed, bad option) */
    EKS_ERR_MALFORMED_INPUT,    /* bytes could not be parsed (JSON syntax, HTTP framing, encoding) */
    EKS_ERR_VALIDATION_FAILED,  /* parsed, but violates the model; see the diagnostics list */
    EKS_ERR_LIMIT_EXCEEDED,     /* a configured limit (size, depth, count) was hit */
    EKS_ERR_OUT_OF_MEMORY,
    EKS_ERR_CRYPTO,             /* OpenSSL failed (hash, HMAC, randomness) */
    EKS_ERR_SIGNATURE_MISMATCH, /* a recomputed signature differs from the captured one */
    EKS_ERR_ENDPOINT,           /* no endpoint can be resolved for the given region/options */
    EKS_ERR_BUFFER_TOO_SMALL,   /* a caller-provided fixed buffer is too small */
    EKS_STATUS_COUNT_
} eks_status;

/* Static, never NULL, never contains caller data. */
EKS_API const char *eks_strerror(eks_status status);

/* The library's version, "MAJOR.MINOR.PATCH" (the CMake project version; ekscodec/version.h
 * holds the version a program was compiled against). A static string, never NULL: the
 * caller neither frees nor modifies it. */
EKS_API const char *eks_version(void);

/* Borrowed view. See the ownership notes above. */
typedef struct eks_str {
    const char *ptr;
    size_t len;
} eks_str;

#define EKS_STR_ABSENT ((eks_str){NULL, 0})
/* For string literals only. */
#define EKS_STR_LIT(s) ((eks_str){(s), sizeof(s) - 1})

EKS_API eks_str eks_str_from_cstr(const char *cstr); /* NULL -> absent */
EKS_API bool eks_str_eq(eks_str a, eks_str b);       /* byte equality; absent == absent only */
EKS_API bool eks_str_eq_cstr(eks_str a, const char *b);

/* Owned growable buffer. Zero-initialise ({0}) or eks_buf_init() before use. */
typedef struct eks_buf {
    char *ptr;
    size_t len;
    size_t cap;
} eks_buf;

EKS_API void eks_buf_init(eks_buf *buf); /* NULL: nothing */
EKS_API void eks_buf_free(eks_buf *buf);  /* frees storage, leaves an empty buffer; NULL ok */
EKS_API void eks_buf_clear(eks_buf *buf); /* len = 0, keeps capacity (reuse without malloc); NULL ok */
/* Room for `extra` more bytes (and the terminator): EKS_OK, EKS_ERR_OUT_OF_MEMORY, or
 * EKS_ERR_INVALID_ARGUMENT when buf is NULL. */
EKS_API eks_status eks_buf_reserve(eks_buf *buf, size_t extra);
/* EKS_ERR_INVALID_ARGUMENT when buf is NULL, or bytes is NULL with len > 0 (NULL, 0
 * appends nothing); otherwise EKS_OK or EKS_ERR_OUT_OF_MEMORY. */
EKS_API eks_status eks_buf_append(eks_buf *buf, const void *bytes, size_t len);
/* As eks_buf_append; cstr NULL is EKS_ERR_INVALID_ARGUMENT. */
EKS_API eks_status eks_buf_append_cstr(eks_buf *buf, const char *cstr);
EKS_API eks_status eks_buf_append_byte(eks_buf *buf, char byte);
/* Overwrites the buffer with zeros before freeing; use for key material. */
EKS_API void eks_buf_free_secure(eks_buf *buf);

/*
 * Explicit limits for untrusted input. Zero in any field means "use the default".
 * Defaults (EKS_LIMIT_DEFAULT_*) are generous for this API and documented in the README.
 */
typedef struct eks_limits {
    size_t max_body_bytes;    /* request/response body size */
    size_t max_depth;         /* JSON nesting depth */
    size_t max_list_len;      /* elements of any one list, entries of any one map the decoder
                               * stores; an array it skips unstored (an unknown member, an
                               * unmodeled error's body) is bounded by the body and depth
                               * limits only */
    size_t max_string_bytes;  /* bytes in any one JSON string (after unescaping) */
    size_t max_diagnostics;   /* diagnostics kept per result; the rest are counted, not stored */
} eks_limits;

#define EKS_LIMIT_DEFAULT_BODY_BYTES (8u * 1024u * 1024u)
#define EKS_LIMIT_DEFAULT_DEPTH 64u
#define EKS_LIMIT_DEFAULT_LIST_LEN 100000u
#define EKS_LIMIT_DEFAULT_STRING_BYTES (1024u * 1024u)
#define EKS_LIMIT_DEFAULT_DIAGNOSTICS 1000u

/* Returns *in with every zero field replaced by its default (in may be NULL). */
EKS_API eks_limits eks_limits_resolve(const eks_limits *in);

#ifdef __cplusplus
}
#endif
#endif
