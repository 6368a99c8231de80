/* Calendar helpers shared by the SigV4 time parser and the CLI's HTTP-date parser (private). */
#ifndef EKSCODEC_CIVIL_TIME_H
#define EKSCODEC_CIVIL_TIME_H

#include "buf_inline.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's civil algorithm). */
static inline int64_t eks_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

/* Days in month m (1..12) of year y, Gregorian leap years: eks_days_from_civil carries a
 * day past the month's end into the next month, so parsers check against this first. */
static inline unsigned eks_days_in_month(int64_t y, unsigned m)
{
    static const unsigned char days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m != 2)
        return days[m - 1];
    return 28u + (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

/* Byte i of a word read by eks_load_le64 holding ch: the masks and expected values of a
 * date's fixed bytes. */
#define EKS_LE_BYTE(i, ch) ((uint64_t)(unsigned char)(ch) << (8 * (i)))

/* Eight bytes read by eks_load_le64 as eight digit values 0..9 (*values, byte for byte), or
 * false when any byte is no ASCII digit. The date parsers check and convert a word at a time:
 * every captured exchange has a date or two. */
static inline bool eks_le64_digits(uint64_t w, uint64_t *values)
{
    uint64_t v = w ^ (EKS_SWAR_ONES * '0'); /* a digit becomes 0..9: high nibble 0, low below 10 */
    if ((v & (EKS_SWAR_ONES * 0xf0)) | (((v & (EKS_SWAR_ONES * 0x0f)) + EKS_SWAR_ONES * 6) & (EKS_SWAR_ONES * 0x10)))
        return false;
    *values = v;
    return true;
}

/* Digit values (eks_le64_digits) taken two by two as written: byte 2k becomes the number
 * 0..99 of the digits in bytes 2k (tens) and 2k + 1, the odd bytes become 0. No sum carries
 * out of its byte (9 * 10 + 9 < 256). */
static inline uint64_t eks_le64_pairs(uint64_t v)
{
    return (v * 10 + (v >> 8)) & UINT64_C(0x00ff00ff00ff00ff);
}

/* Pair k (0..3) of eks_le64_pairs. */
static inline unsigned eks_le64_pair(uint64_t pairs, unsigned k)
{
    return (unsigned)(pairs >> (16 * k)) & 0xff;
}

#endif
