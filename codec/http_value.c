#include "http_name.h"

#include "buf_inline.h"
#include "civil_time.h"

#include <string.h>

/* ASCII case-insensitive equality of n bytes; field names are ASCII tokens, so no locale
 * (and no libc call per header: the signer looks up "host" on every signature). Eight bytes
 * are folded and compared at a time (a short tail as the overlapping last eight), and the
 * first differing word ends the compare. */
static bool same_name(const char *a, const char *b, size_t n)
{
    if (n >= 8) {
        for (size_t i = 0; i + 8 < n; i += 8)
            if (eks_swar_lower(eks_swar_load(a + i)) != eks_swar_lower(eks_swar_load(b + i)))
                return false;
        return eks_swar_lower(eks_swar_load(a + n - 8)) == eks_swar_lower(eks_swar_load(b + n - 8));
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x != y && ((x ^ y) != 0x20 || (unsigned char)((x | 0x20) - 'a') >= 26u))
            return false;
    }
    return true;
}

const eks_header *eks_http_find_header(const eks_header *headers, size_t count, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < count; i++)
        if (headers[i].name.len == n && headers[i].name.ptr && same_name(headers[i].name.ptr, name, n))
            return &headers[i];
    return NULL;
}

const eks_header *eks_http_find_lower(const eks_header *headers, size_t count, const char *lower, size_t n)
{
    for (size_t i = 0; i < count; i++)
        if (headers[i].name.len == n && headers[i].name.ptr && eks_ascii_equal_lower(headers[i].name.ptr, lower, n))
            return &headers[i];
    return NULL;
}

/* Two or four ASCII digits at p, or -1: every response's Date is parsed, so no loop. */
static int digits2(const char *p)
{
    unsigned a = (unsigned)(unsigned char)p[0] - '0', b = (unsigned)(unsigned char)p[1] - '0';
    return a < 10 && b < 10 ? (int)(a * 10 + b) : -1;
}

static int digits4(const char *p)
{
    int hi = digits2(p), lo = digits2(p + 2);
    return hi < 0 || lo < 0 ? -1 : hi * 100 + lo;
}

bool eks_parse_http_date(eks_str s, int64_t *epoch)
{
    /* IMF-fixdate: day-name "," SP 2DIGIT SP month SP 4DIGIT SP HH:MM:SS SP "GMT" (29 bytes) */
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    if (!s.ptr || s.len != 29 || s.ptr[3] != ',' || s.ptr[4] != ' ' || s.ptr[7] != ' ' || s.ptr[11] != ' ' ||
        s.ptr[16] != ' ' || s.ptr[19] != ':' || s.ptr[22] != ':' || s.ptr[25] != ' ' ||
        memcmp(s.ptr + 26, "GMT", 3) != 0)
        return false;
    unsigned mon = 0;
    for (unsigned i = 0; i < 12 && !mon; i++)
        if (s.ptr[8] == months[3 * i] && s.ptr[9] == months[3 * i + 1] && s.ptr[10] == months[3 * i + 2])
            mon = i + 1;
    int day = digits2(s.ptr + 5), year = digits4(s.ptr + 12), hh = digits2(s.ptr + 17), mm = digits2(s.ptr + 20),
        ss = digits2(s.ptr + 23);
    if (!mon || day < 1 || day > 31 || year < 0 || hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60)
        return false;
    *epoch = eks_days_from_civil(year, mon, (unsigned)day) * 86400 + hh * 3600 + mm * 60 + ss;
    return true;
}

bool eks_parse_date_field(eks_str v, int64_t *t)
{
    if (eks_parse_http_date(v, t))
        return true;
    if (!v.ptr || v.len != 31 || v.ptr[25] != ' ' || (v.ptr[26] != '+' && v.ptr[26] != '-'))
        return false;
    for (size_t i = 27; i < 31; i++)
        if (v.ptr[i] < '0' || v.ptr[i] > '9')
            return false;
    int hh = (v.ptr[27] - '0') * 10 + (v.ptr[28] - '0'), mm = (v.ptr[29] - '0') * 10 + (v.ptr[30] - '0');
    char fixdate[29];
    memcpy(fixdate, v.ptr, 26);
    memcpy(fixdate + 26, "GMT", 3);
    if (hh > 23 || mm > 59 || !eks_parse_http_date((eks_str){fixdate, sizeof fixdate}, t))
        return false;
    int64_t offset = (int64_t)(hh * 60 + mm) * 60; /* local time = UTC + offset */
    *t += v.ptr[26] == '+' ? -offset : offset;
    return true;
}
