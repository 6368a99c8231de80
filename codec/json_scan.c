#include "json_scan.h"

#include <stdbool.h>
#include <stdint.h>

#if EKS_JSON_X86_SIMD
#define EKS_SCAN_X86 1
#include <immintrin.h>
#elif defined(EKSCODEC_SIMD) && defined(__aarch64__)
#define EKS_SCAN_NEON 1
#include <arm_neon.h>
#endif

static size_t scan_scalar(const unsigned char *b, size_t pos, size_t end)
{
    while (pos < end && eks_json_plain_byte(b[pos]))
        pos++;
    return pos;
}

#if EKS_SCAN_X86
static size_t scan_sse2(const unsigned char *b, size_t pos, size_t end)
{
    while (end - pos >= 16) {
        unsigned mask = eks_json_stop_mask16(b + pos);
        if (mask)
            return pos + (size_t)__builtin_ctz(mask);
        pos += 16;
    }
    /* The last bytes by the 16 that end at end (those before pos read, not looked at): the
     * last string of a body or a record ends there, and bytewise its tail cost more than the
     * blocks before it. */
    if (end >= 16 && end > pos) {
        unsigned mask = eks_json_stop_mask16(b + end - 16) >> (16 - (end - pos));
        return mask ? pos + (size_t)__builtin_ctz(mask) : end;
    }
    return scan_scalar(b, pos, end);
}

__attribute__((target("avx2"))) static size_t scan_avx2(const unsigned char *b, size_t pos, size_t end)
{
    const __m256i quote = _mm256_set1_epi8('"');
    const __m256i bslash = _mm256_set1_epi8('\\');
    const __m256i space = _mm256_set1_epi8(0x20);
    while (end - pos >= 32) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(b + pos));
        /* signed: 0x20 > v covers controls and non-ASCII, as in the SSE2 scanner */
        __m256i hit = _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(v, quote), _mm256_cmpeq_epi8(v, bslash)),
                                      _mm256_cmpgt_epi8(space, v));
        unsigned mask = (unsigned)_mm256_movemask_epi8(hit);
        if (mask)
            return pos + (size_t)__builtin_ctz(mask);
        pos += 32;
    }
    return scan_sse2(b, pos, end);
}
#endif

#if EKS_SCAN_NEON
static size_t scan_neon(const unsigned char *b, size_t pos, size_t end)
{
    const uint8x16_t quote = vdupq_n_u8('"');
    const uint8x16_t bslash = vdupq_n_u8('\\');
    const uint8x16_t space = vdupq_n_u8(0x20);
    const uint8x16_t high = vdupq_n_u8(0x80);
    while (end - pos >= 16) {
        uint8x16_t v = vld1q_u8(b + pos);
        uint8x16_t hit = vorrq_u8(vorrq_u8(vceqq_u8(v, quote), vceqq_u8(v, bslash)),
                                  vorrq_u8(vcltq_u8(v, space), vcgeq_u8(v, high)));
        /* Narrow each byte's all-ones/all-zeros to 4 bits, giving a 64-bit mask whose lowest
         * set nibble marks the first hit. */
        uint64_t mask = vget_lane_u64(vreinterpret_u64_u8(vshrn_n_u16(vreinterpretq_u16_u8(hit), 4)), 0);
        if (mask)
            return pos + (size_t)(__builtin_ctzll(mask) >> 2);
        pos += 16;
    }
    return scan_scalar(b, pos, end);
}
#endif

#if EKS_SCAN_X86
/* The AVX2 kernel also unescapes with SSSE3's byte shuffle and POPCNT (codec/json_scan.h),
 * which every AVX2 CPU has; asked anyway, as it costs nothing. */
static bool avx2_kernel_runs_here(void)
{
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("ssse3") && __builtin_cpu_supports("popcnt");
}
#endif

eks_json_scan_fn eks_json_scan_get(eks_json_kernel k)
{
    switch (k) {
    case EKS_JSON_KERNEL_SCALAR: return scan_scalar;
#if EKS_SCAN_X86
    case EKS_JSON_KERNEL_SSE2: return scan_sse2;
    case EKS_JSON_KERNEL_AVX2: return avx2_kernel_runs_here() ? scan_avx2 : NULL;
#endif
#if EKS_SCAN_NEON
    case EKS_JSON_KERNEL_NEON: return scan_neon;
#endif
    default: return NULL;
    }
}

eks_json_scan_fn eks_json_scan_best(eks_json_kernel *kernel)
{
#if EKS_SCAN_X86
    bool avx2 = avx2_kernel_runs_here();
    *kernel = avx2 ? EKS_JSON_KERNEL_AVX2 : EKS_JSON_KERNEL_SSE2;
    return avx2 ? scan_avx2 : scan_sse2;
#elif EKS_SCAN_NEON
    *kernel = EKS_JSON_KERNEL_NEON;
    return scan_neon;
#else
    *kernel = EKS_JSON_KERNEL_SCALAR;
    return scan_scalar;
#endif
}

eks_json_kernel eks_json_kernel_best(void)
{
    eks_json_kernel k;
    eks_json_scan_best(&k);
    return k;
}

const char *eks_json_kernel_name(eks_json_kernel k)
{
    static const char *const names[EKS_JSON_KERNEL_COUNT_] = {"scalar", "sse2", "avx2", "neon"};
    return (unsigned)k < EKS_JSON_KERNEL_COUNT_ ? names[k] : "unknown";
}
