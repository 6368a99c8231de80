#include "double_text.h"

#include "json_read.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>

/* snprintf's %g follows LC_NUMERIC: de_DE writes "1,5", ps_AF the two bytes of U+066B.
 * Finite %g output is otherwise digits, signs and 'e', so whatever else it holds, one run of
 * bytes, is the locale's decimal point. Replacing it needs no locale call (uselocale and
 * newlocale per number would cost more than the formatting). */
static size_t with_point(char *s, size_t n)
{
    size_t o = 0;
    bool in_point = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool number_byte = (c >= '0' && c <= '9') || c == '-' || c == '+' || c == 'e' || c == 'E';
        if (number_byte)
            s[o++] = c;
        else if (!in_point)
            s[o++] = '.';
        in_point = !number_byte;
    }
    return o;
}

size_t eks_double_text(double v, char out[EKS_DOUBLE_TEXT_MAX])
{
    if (!isfinite(v))
        return 0;
    for (int prec = 15; prec <= 17; prec++) {
        int n = snprintf(out, EKS_DOUBLE_TEXT_MAX, "%.*g", prec, v);
        if (n <= 0 || n >= EKS_DOUBLE_TEXT_MAX)
            return 0;
        size_t len = with_point(out, (size_t)n);
        /* read back without the locale (json_read.c): 17 digits always come back */
        double back;
        if (eks_json_number_to_double(out, len, &back) && back == v)
            return len;
    }
    return 0;
}
