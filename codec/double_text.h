/* Private: a double as JSON and query strings write it, the same in every process locale. */
#ifndef EKSCODEC_DOUBLE_TEXT_H
#define EKSCODEC_DOUBLE_TEXT_H

#include <stddef.h>

/* "-1.2345678901234567e-308" is 24 bytes; room for any locale's longer decimal point first */
#define EKS_DOUBLE_TEXT_MAX 48

/* The shortest of %.15g..%.17g that reads back to v (0.1 as "0.1", not 0.10000000000000001),
 * with '.' as the decimal point whatever LC_NUMERIC says. Writes no NUL; returns the length,
 * or 0 when v is not finite (JSON has no NaN or infinity). */
size_t eks_double_text(double v, char out[EKS_DOUBLE_TEXT_MAX]);

#endif
