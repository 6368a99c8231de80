/*
 * Block scanners for the JSON reader: find, many bytes at a time, where a string's plain
 * ASCII run ends. Every scanner answers exactly the same question as the portable scalar one,
 * so a decode gives byte-for-byte the same results and diagnostics whichever runs.
 *
 * Which scanner a reader uses is chosen per reader (eks_json_reader.scan), never through
 * global state: eks_json_reader_init() takes the best one the CPU supports, and tests and the
 * differential fuzz target may swap in another to compare them within one process.
 */
#ifndef EKSCODEC_JSON_SCAN_H
#define EKSCODEC_JSON_SCAN_H

#include <stddef.h>

/* Index of the first byte in b[pos, end) that ends a plain string run: '"', '\\', a control
 * character (< 0x20) or a non-ASCII byte (>= 0x80); end if there is none. Reads no byte at or
 * past end. */
typedef size_t (*eks_json_scan_fn)(const unsigned char *b, size_t pos, size_t end);

typedef enum eks_json_kernel {
    EKS_JSON_KERNEL_SCALAR, /* always compiled, always available */
    EKS_JSON_KERNEL_SSE2,   /* x86-64 baseline */
    EKS_JSON_KERNEL_AVX2,   /* x86-64, when the CPU reports AVX2 */
    EKS_JSON_KERNEL_NEON,   /* arm64 baseline (compiled there only; not tested on x86-64 CI) */
    EKS_JSON_KERNEL_COUNT_
} eks_json_kernel;

/* The scanner for a kernel, or NULL when this build or this CPU does not have it. */
eks_json_scan_fn eks_json_scan_get(eks_json_kernel k);
/* The fastest kernel available here (the scalar one in an -DEKSCODEC_SIMD=OFF build). */
eks_json_kernel eks_json_kernel_best(void);
const char *eks_json_kernel_name(eks_json_kernel k);

#endif
