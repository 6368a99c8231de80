/* Calendar helpers shared by the SigV4 time parser and the CLI's HTTP-date parser (private). */
#ifndef EKSCODEC_CIVIL_TIME_H
#define EKSCODEC_CIVIL_TIME_H

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

/* Exactly n decimal digits at p (n <= 9), as a number; false on any other byte. */
static inline bool eks_parse_digits(const char *p, size_t n, unsigned *out)
{
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return false;
        v = v * 10 + (unsigned)(p[i] - '0');
    }
    *out = v;
    return true;
}

#endif
