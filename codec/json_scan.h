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
 * character (< 0x20) or a non-ASCII byte (>= 0x80); end if there is none. b is the start of
 * the buffer: a block scanner may read any byte of b[0, end), and reads none at or past end. */
typedef size_t (*eks_json_scan_fn)(const unsigned char *b, size_t pos, size_t end);

typedef enum eks_json_kernel {
    EKS_JSON_KERNEL_SCALAR, /* always compiled, always available */
    EKS_JSON_KERNEL_SSE2,   /* x86-64 baseline */
    EKS_JSON_KERNEL_AVX2,   /* x86-64, when the CPU reports AVX2 */
    EKS_JSON_KERNEL_NEON,   /* arm64 baseline (compiled there only; not tested on x86-64 CI) */
    EKS_JSON_KERNEL_COUNT_
} eks_json_kernel;

/* Whether c continues a plain string run (the one definition every kernel's scalar part uses):
 * printable ASCII other than '"' and '\\'. */
static inline int eks_json_plain_byte(unsigned char c)
{
    return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

/* The scanner for a kernel, or NULL when this build or this CPU does not have it. */
eks_json_scan_fn eks_json_scan_get(eks_json_kernel k);
/* The fastest kernel available here (the scalar one in an -DEKSCODEC_SIMD=OFF build). */
eks_json_kernel eks_json_kernel_best(void);
/* The fastest kernel's scanner, with the kernel in *kernel: one CPU check per reader. */
eks_json_scan_fn eks_json_scan_best(eks_json_kernel *kernel);
const char *eks_json_kernel_name(eks_json_kernel k);

/* One condition for every x86-64 block kernel, the scanners of json_scan.c and the inline
 * helpers below, so that neither can be compiled without the other. */
#if defined(EKSCODEC_SIMD) && (defined(__x86_64__) || defined(_M_X64)) && defined(__GNUC__)
#define EKS_JSON_X86_SIMD 1
#define EKS_JSON_MOVE_RUN16 1
#include <emmintrin.h>
#include <immintrin.h>
#include <stdbool.h>
#include <stdint.h>
#include <tmmintrin.h>
#include <string.h>

/* Bit i set when p[i] is a byte a plain string stops at: '"', '\\', a control byte or a
 * non-ASCII one (one signed compare finds both of the last two: as signed chars, non-ASCII
 * bytes are negative, so "less than 0x20" covers them too). */
static inline unsigned eks_json_stop_mask16(const unsigned char *p)
{
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
                               _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)));
    return (unsigned)_mm_movemask_epi8(hit);
}

/* Copies k < 16 bytes from src to dst, every load before any store, so the two may overlap:
 * the few bytes before an escape, while the escapes so far have freed less than a block. */
static inline void eks_json_move_short(unsigned char *dst, const unsigned char *src, size_t k)
{
    if (k >= 8) {
        uint64_t a, z;
        memcpy(&a, src, 8);
        memcpy(&z, src + k - 8, 8);
        memcpy(dst, &a, 8);
        memcpy(dst + k - 8, &z, 8);
    } else if (k >= 4) {
        uint32_t a, z;
        memcpy(&a, src, 4);
        memcpy(&z, src + k - 4, 4);
        memcpy(dst, &a, 4);
        memcpy(dst + k - 4, &z, 4);
    } else if (k) {
        unsigned char a = src[0], m = src[k >> 1], z = src[k - 1];
        dst[0] = a;
        dst[k >> 1] = m;
        dst[k - 1] = z;
    }
}

/* The 8 bytes of x (little-endian) without those whose bit is set in drop, packed down; the
 * count kept goes to *kept. The top bytes freed are left zero: the caller stores all 8, over
 * bytes it has already read. */
static inline uint64_t eks_json_drop_bytes8(uint64_t x, unsigned drop, size_t *kept)
{
    size_t n = 8;
    while (drop) { /* highest first, so the lower positions still name their bytes */
        unsigned i = 31u - (unsigned)__builtin_clz(drop);
        uint64_t below = (UINT64_C(1) << (8 * i)) - 1;
        x = (x & below) | ((x >> 8) & ~below);
        drop &= ~(1u << i);
        n--;
    }
    *kept = n;
    return x;
}

/* The 16 bytes of v without those whose bit is set in drop (each a backslash of a \" or \/),
 * stored packed down at out; returns how many were kept. Each 8-byte half is stored whole:
 * the caller has read every byte the two stores can cover. */
static inline size_t eks_json_pack16_sse2(unsigned char *out, __m128i v, unsigned drop)
{
    uint64_t lo = (uint64_t)_mm_cvtsi128_si64(v);
    uint64_t hi = (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(v, v));
    size_t n_lo, n_hi;
    lo = eks_json_drop_bytes8(lo, drop & 0xffu, &n_lo);
    memcpy(out, &lo, 8);
    hi = eks_json_drop_bytes8(hi, drop >> 8, &n_hi);
    memcpy(out + n_lo, &hi, 8);
    return n_lo + n_hi;
}

/* eks_json_keep_shuffle[m]: the pshufb control (8 bytes) that keeps the bytes whose bit is
 * clear in m, packed down, and zeroes the rest (codec/generated/json_keep_shuffle.c). */
extern const uint64_t eks_json_keep_shuffle[256];

/* The same as eks_json_pack16_sse2 by one byte shuffle: what the AVX2 kernel uses (every
 * AVX2 CPU has SSSE3 and POPCNT). Unescaping embedded JSON spent more in the byte-at-a-time
 * drop loop than in everything else of the move: about 4 % of validating a capture. */
__attribute__((target("ssse3,popcnt"))) static inline size_t eks_json_pack16_ssse3(unsigned char *out, __m128i v,
                                                                                  unsigned drop)
{
    const uint64_t high_half = UINT64_C(0x0808080808080808); /* the upper 8 bytes' indexes */
    __m128i control = _mm_set_epi64x((long long)(eks_json_keep_shuffle[drop >> 8] + high_half),
                                     (long long)eks_json_keep_shuffle[drop & 0xffu]);
    __m128i packed = _mm_shuffle_epi8(v, control);
    size_t n_lo = 8 - (size_t)__builtin_popcount(drop & 0xffu);
    _mm_storel_epi64((__m128i *)(void *)out, packed);
    _mm_storel_epi64((__m128i *)(void *)(out + n_lo), _mm_unpackhi_epi64(packed, packed));
    return n_lo + 8 - (size_t)__builtin_popcount(drop >> 8);
}

/* The 32 bytes of v without those whose bit is set in drop, stored packed down at out; returns
 * how many were kept. One in-lane shuffle packs each 8-byte quarter (the table's indexes, plus
 * 8 for the upper quarter of each lane), and the four quarters are stored 8 bytes each, one
 * after another's kept bytes: the AVX2 kernel's whole-block step, which two 16-byte packs did
 * with twice the table and shuffle work. The stores reach out + 32 at most: the caller has read
 * every byte they can cover. */
__attribute__((target("avx2,popcnt"))) static inline size_t eks_json_pack32_avx2(unsigned char *out, __m256i v,
                                                                                uint32_t drop)
{
    __m256i control = _mm256_set_epi64x((long long)eks_json_keep_shuffle[drop >> 24],
                                        (long long)eks_json_keep_shuffle[(drop >> 16) & 0xffu],
                                        (long long)eks_json_keep_shuffle[(drop >> 8) & 0xffu],
                                        (long long)eks_json_keep_shuffle[drop & 0xffu]);
    const __m256i upper_quarters = _mm256_set_epi64x(0x0808080808080808LL, 0, 0x0808080808080808LL, 0);
    __m256i packed = _mm256_shuffle_epi8(v, _mm256_add_epi8(control, upper_quarters));
    __m128i lo = _mm256_castsi256_si128(packed), hi = _mm256_extracti128_si256(packed, 1);
    size_t n0 = 8 - (size_t)__builtin_popcount(drop & 0xffu);
    size_t n1 = 16 - (size_t)__builtin_popcount(drop & 0xffffu);
    size_t n2 = 24 - (size_t)__builtin_popcount(drop & 0xffffffu);
    _mm_storel_epi64((__m128i *)(void *)out, lo);
    _mm_storeh_pi((__m64 *)(void *)(out + n0), _mm_castsi128_ps(lo)); /* any alignment: storeh_pd is a double store */
    _mm_storel_epi64((__m128i *)(void *)(out + n1), hi);
    _mm_storeh_pi((__m64 *)(void *)(out + n2), _mm_castsi128_ps(hi));
    return 32 - (size_t)__builtin_popcount(drop);
}

/* The character a \", \\ or \/ escape at b[src] stands for; 0 for any other stop (the
 * caller's slow path takes it). The stop may be the terminating NUL: b[src + 1] is read only
 * after a backslash, which never is. */
static inline __attribute__((always_inline)) unsigned char eks_json_short_escape(const unsigned char *b, size_t src)
{
    if (b[src] != '\\')
        return 0;
    unsigned char e = b[src + 1];
    return e == '"' || e == '\\' || e == '/' ? e : 0;
}

/* The SSE2 and AVX2 kernels' step through a string being unescaped in place: moves the
 * plain run at b[src, ...) down to b[*dst, ...) (*dst <= src), writing the escapes \", \\ and
 * \/ as their character on the way, and returns where it stops: at a quote, at
 * another escape, at a control or non-ASCII byte, or at end; *dst is advanced by what was
 * written. Reads nothing at or past end. Inline, because escaped bodies (JSON sent inside a
 * JSON string) have an escaped quote every few bytes, where a call to scan and one to memmove
 * per run cost more than the run. A whole 16-byte store is safe whenever it ends at or below
 * the stop: every byte below it has been read (it is in the register), and [dst, src) holds
 * left-overs the string no longer needs. shuffle: pack blocks with eks_json_pack16_ssse3
 * (only where the caller is compiled for SSSE3: the AVX2 kernel's). */
static inline __attribute__((always_inline)) size_t eks_json_move_run16(unsigned char *b, size_t *dst, size_t src,
                                                                       size_t end, bool shuffle)
{
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i bslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(0x20);
    size_t d = *dst;
    while (end - src >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(b + src));
        unsigned q = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote));
        unsigned bs = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, bslash));
        unsigned ctl = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, space));
        unsigned mask = q | bs | ctl;
        /* A whole block of plain bytes and \" or \/ escapes: both halves packed at once. The
         * 16 bytes are consumed, so the two 8-byte stores, which end at or below src + 16,
         * only cover bytes already read. Each backslash's next byte must be a quote or a
         * slash inside the block (bit 16 of esc is outside it), which also turns away \\.
         * Anything else (a closing quote, another escape, a backslash ending the block, a
         * control or non-ASCII byte) goes one escape at a time below. */
        if (mask && !ctl) {
            unsigned esc = bs << 1; /* the escaped bytes */
            unsigned ok = q;
            if (esc & ~q)
                ok |= (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('/')));
            if (!(q & ~esc) && !(esc & ~ok)) {
                d += shuffle ? eks_json_pack16_ssse3(b + d, v, bs) : eks_json_pack16_sse2(b + d, v, bs);
                src += 16;
                continue;
            }
        }
        size_t k = mask ? (size_t)__builtin_ctz(mask) : 16;
        if (d + 16 <= src + k)
            _mm_storeu_si128((__m128i *)(void *)(b + d), v);
        else if (d != src)
            eks_json_move_short(b + d, b + src, k);
        d += k;
        src += k;
        if (!mask)
            continue;
        unsigned char e = eks_json_short_escape(b, src);
        if (!e)
            break;
        b[d++] = e;
        src += 2;
    }
    if (end - src < 16) {
        /* The last bytes before end: by the 16 that end there, when the buffer holds that
         * many (the bytes before src in them, read but not looked at, may be output already),
         * rather than one by one: a captured response's body is its record's last string. */
        size_t stop = src;
        if (end >= 16) {
            unsigned mask = eks_json_stop_mask16(b + end - 16) >> (16 - (end - src));
            stop = mask ? src + (size_t)__builtin_ctz(mask) : end;
        } else {
            while (stop < end && eks_json_plain_byte(b[stop]))
                stop++;
        }
        if (d != src)
            eks_json_move_short(b + d, b + src, stop - src);
        d += stop - src;
        src = stop;
    }
    *dst = d;
    return src;
}

/* The backslashes of a block that begin an escape, bs being its backslashes and its first
 * byte unescaped. In a run of backslashes the first begins an escape, the second is escaped,
 * the third begins one, and so on: the escape beginnings are the run's bytes at the parity of
 * its start. Adding a run's lowest bit to the run clears the whole run (the carry ripples
 * through it), which isolates the runs that start at even positions without a loop. */
static inline uint32_t eks_json_escape_starts32(uint32_t bs)
{
    const uint64_t even = UINT64_C(0x55555555);
    uint64_t b = bs;
    uint64_t heads = b & ~(b << 1); /* the first byte of each run */
    uint64_t even_runs = b & ~(b + (heads & even));
    return (uint32_t)((even_runs & even) | (b & ~even_runs & ~even));
}

/* The AVX2 kernel's step: the same contract as eks_json_move_run16, 32 bytes at a time, and
 * a block passes whole whatever its \", \\ and \/ escapes: their backslashes are found
 * arithmetically (eks_json_escape_starts32) and dropped by one shuffle per half. An escaped
 * body (JSON sent inside a JSON string) has an escape every few bytes and \\\" wherever its
 * own strings hold a quote, and a step that stopped at each \\ or ran short of room did a
 * few bytes a step. A block stops where the slow path must look: a closing quote, a control
 * or non-ASCII byte, or a backslash whose escape is another (\n, \u, ...) or a bad one; the
 * bytes before the stop are moved and the stop is returned. A backslash ending a block whose
 * escaped byte (the next block's first) is a quote, backslash or slash is taken with it. */
__attribute__((target("avx2,ssse3,popcnt"))) static inline size_t
eks_json_move_run32_avx2(unsigned char *b, size_t *dst, size_t src, size_t end)
{
    const __m256i quote = _mm256_set1_epi8('"');
    const __m256i bslash = _mm256_set1_epi8('\\');
    const __m256i slash = _mm256_set1_epi8('/');
    const __m256i space = _mm256_set1_epi8(0x20);
    size_t d = *dst;
    while (end - src >= 32) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(b + src));
        __m256i is_quote = _mm256_cmpeq_epi8(v, quote);
        __m256i is_bslash = _mm256_cmpeq_epi8(v, bslash);
        /* signed: non-ASCII bytes are negative, below 0x20 with the control bytes. Quotes
         * and control bytes are only ever asked about together (the bytes a run stops at
         * unless escaped), and quotes, backslashes and slashes together (what an escape may
         * stand for): one mask each, so three mask moves per block rather than five. */
        uint32_t bs = (uint32_t)_mm256_movemask_epi8(is_bslash);
        uint32_t quote_ctl = (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(is_quote, _mm256_cmpgt_epi8(space, v)));
        if (!(bs | quote_ctl)) { /* [d, d + 32) ends at or below src + 32, all read */
            _mm256_storeu_si256((__m256i *)(void *)(b + d), v);
            d += 32;
            src += 32;
            continue;
        }
        /* without \\ (no two backslashes side by side), each backslash begins an escape */
        uint32_t starts = bs & bs << 1 ? eks_json_escape_starts32(bs) : bs;
        uint64_t escaped = (uint64_t)starts << 1; /* bit 32: the next block's first byte */
        uint64_t simple = (uint32_t)_mm256_movemask_epi8(
            _mm256_or_si256(_mm256_or_si256(is_quote, is_bslash), _mm256_cmpeq_epi8(v, slash)));
        /* An escape the slow path takes stops at its backslash, so that it sees the escape
         * whole; one whose escaped byte is past the block, too, until looked at below. */
        uint64_t stop = (quote_ctl & ~escaped) | ((escaped & ~simple) >> 1);
        size_t run = stop ? (size_t)__builtin_ctzll(stop) : 32;
        unsigned char next = 0;
        if (run == 31 && starts >> 31 && end - src > 32) { /* b[src + 32] is before end */
            next = b[src + 32];
            if (next == '"' || next == '\\' || next == '/')
                run = 32;
        }
        if (run == 32) {
            d += eks_json_pack32_avx2(b + d, v, starts);
            src += 32;
            if (starts >> 31) { /* the escaped byte after the block: d < src, all read */
                b[d++] = next;
                src++;
            }
            continue;
        }
        /* The run before the stop, whose escapes are all \", \\ or \/; the stop begins no
         * escape. Packed stores reach up to 16 bytes past where they start and must end at or
         * below src + run (the rest is not read yet): with too little room (the string's
         * first escapes), the run is packed aside and copied. */
        __m128i lo = _mm256_castsi256_si128(v), hi = _mm256_extracti128_si256(v, 1);
        uint32_t dropped = starts & (uint32_t)((UINT64_C(1) << run) - 1);
        size_t kept = run - (size_t)__builtin_popcount(dropped);
        size_t kept_lo = 16 - (size_t)__builtin_popcount(dropped & 0xffffu);
        size_t reach = run > 16 ? kept_lo + 16 : 16;
        if (d + reach <= src + run) {
            size_t n = eks_json_pack16_ssse3(b + d, lo, dropped & 0xffffu);
            if (run > 16)
                eks_json_pack16_ssse3(b + d + n, hi, dropped >> 16);
        } else if (run) {
            unsigned char packed[48];
            size_t n = eks_json_pack16_ssse3(packed, lo, dropped & 0xffffu);
            eks_json_pack16_ssse3(packed + n, hi, dropped >> 16);
            if (kept >= 16) {
                memcpy(b + d, packed, 16);
                eks_json_move_short(b + d + 16, packed + 16, kept - 16);
            } else {
                eks_json_move_short(b + d, packed, kept);
            }
        }
        *dst = d + kept;
        return src + run;
    }
    *dst = d;
    return eks_json_move_run16(b, dst, src, end, true);
}
#endif

#endif
