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
    if (!name || !headers)
        return NULL;
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
static EKS_ALWAYS_INLINE int digits2(const char *p)
{
    unsigned a = (unsigned)(unsigned char)p[0] - '0', b = (unsigned)(unsigned char)p[1] - '0';
    return a < 10 && b < 10 ? (int)(a * 10 + b) : -1;
}

static EKS_ALWAYS_INLINE int digits4(const char *p)
{
    int hi = digits2(p), lo = digits2(p + 2);
    return hi < 0 || lo < 0 ? -1 : hi * 100 + lo;
}

bool eks_parse_http_date(eks_str s, int64_t *epoch)
{
    /* IMF-fixdate: day-name "," SP 2DIGIT SP month SP 4DIGIT SP HH:MM:SS SP "GMT" (29 bytes) */
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    if (!epoch || !s.ptr || s.len != 29 || s.ptr[3] != ',' || s.ptr[4] != ' ' || s.ptr[7] != ' ' || s.ptr[11] != ' ' ||
        s.ptr[16] != ' ' || s.ptr[19] != ':' || s.ptr[22] != ':' || s.ptr[25] != ' ' ||
        memcmp(s.ptr + 26, "GMT", 3) != 0)
        return false;
    unsigned mon = 0;
    for (unsigned i = 0; i < 12 && !mon; i++)
        if (s.ptr[8] == months[3 * i] && s.ptr[9] == months[3 * i + 1] && s.ptr[10] == months[3 * i + 2])
            mon = i + 1;
    int day = digits2(s.ptr + 5), year = digits4(s.ptr + 12), hh = digits2(s.ptr + 17), mm = digits2(s.ptr + 20),
        ss = digits2(s.ptr + 23);
    if (!mon || day < 1 || year < 0 || ((unsigned)day > 28 && (unsigned)day > eks_days_in_month(year, mon)) || hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60)
        return false;
    *epoch = eks_days_from_civil(year, mon, (unsigned)day) * 86400 + hh * 3600 + mm * 60 + ss;
    return true;
}

static unsigned month_of(const char *p)
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    for (unsigned i = 0; i < 12; i++)
        if (p[0] == months[3 * i] && p[1] == months[3 * i + 1] && p[2] == months[3 * i + 2])
            return i + 1;
    return 0;
}

/* A run of 1..max ASCII digits at *i (its value in *out); false when there is none or more. */
static bool digit_run(eks_str v, size_t *i, size_t max, int *out)
{
    size_t k = *i;
    int x = 0;
    while (k < v.len && k - *i < max + 1 && v.ptr[k] >= '0' && v.ptr[k] <= '9')
        x = x * 10 + (v.ptr[k++] - '0');
    if (k == *i || k - *i > max || (k < v.len && v.ptr[k] >= '0' && v.ptr[k] <= '9'))
        return false;
    *i = k;
    *out = x;
    return true;
}

static bool spaces(eks_str v, size_t *i)
{
    size_t k = *i;
    while (k < v.len && v.ptr[k] == ' ')
        k++;
    bool any = k > *i;
    *i = k;
    return any;
}

/* "HH:MM:SS" at *i, in seconds */
static bool clock_time(eks_str v, size_t *i, int64_t *secs)
{
    int hh, mm, ss;
    if (!digit_run(v, i, 2, &hh) || *i >= v.len || v.ptr[(*i)++] != ':' || !digit_run(v, i, 2, &mm) ||
        *i >= v.len || v.ptr[(*i)++] != ':' || !digit_run(v, i, 2, &ss) || hh > 23 || mm > 59 || ss > 60)
        return false;
    *secs = hh * 3600 + mm * 60 + ss;
    return true;
}

bool eks_parse_date_field(eks_str v, int64_t *t)
{
    if (!v.ptr)
        return false;
    /* a captured value may keep the field's surrounding whitespace (RFC 9110 §5.5 OWS) */
    while (v.len && (v.ptr[0] == ' ' || v.ptr[0] == '\t'))
        v.ptr++, v.len--;
    while (v.len && (v.ptr[v.len - 1] == ' ' || v.ptr[v.len - 1] == '\t'))
        v.len--;
    if (eks_parse_http_date(v, t))
        return true;
    if (v.len < 20)
        return false;
    size_t i = 0;
    int day, year;
    unsigned mon;
    int64_t secs, offset = 0;
    if (v.len == 24 && v.ptr[3] == ' ' && v.ptr[7] == ' ' && v.ptr[10] == ' ' && v.ptr[19] == ' ') {
        /* asctime: day-name SP month SP ( 2DIGIT / SP DIGIT ) SP HH:MM:SS SP 4DIGIT */
        mon = month_of(v.ptr + 4);
        i = v.ptr[8] == ' ' ? 9 : 8;
        size_t at = 11, y = 20;
        if (!mon || !digit_run(v, &i, 2, &day) || i != 10 || !clock_time(v, &at, &secs) || at != 19 ||
            !digit_run(v, &y, 4, &year) || y != 24 || year < 1000)
            return false;
    } else {
        /* RFC 5322 section 3.3: [day-name ","] day month year time zone; zone +hhmm/-hhmm, or
         * GMT, UT, UTC (obsolete names of +0000) */
        if (v.len > 4 && v.ptr[3] == ',') {
            i = 4;
            spaces(v, &i);
        }
        if (!digit_run(v, &i, 2, &day) || !spaces(v, &i) || i + 3 > v.len || !(mon = month_of(v.ptr + i)))
            return false;
        i += 3;
        if (!spaces(v, &i) || !digit_run(v, &i, 4, &year) || year < 1000 || !spaces(v, &i) ||
            !clock_time(v, &i, &secs) || !spaces(v, &i))
            return false;
        eks_str zone = {v.ptr + i, v.len - i};
        if (zone.len == 5 && (zone.ptr[0] == '+' || zone.ptr[0] == '-')) {
            size_t z = i + 1;
            int hhmm;
            if (!digit_run(v, &z, 4, &hhmm) || z != v.len || hhmm % 100 > 59 || hhmm / 100 > 23)
                return false;
            offset = (int64_t)((hhmm / 100) * 60 + hhmm % 100) * 60; /* local time = UTC + offset */
            if (zone.ptr[0] == '-')
                offset = -offset;
        } else if (!eks_str_eq_cstr(zone, "GMT") && !eks_str_eq_cstr(zone, "UT") && !eks_str_eq_cstr(zone, "UTC")) {
            return false;
        }
    }
    if (day < 1 || ((unsigned)day > 28 && (unsigned)day > eks_days_in_month(year, mon)))
        return false;
    *t = eks_days_from_civil(year, mon, (unsigned)day) * 86400 + secs - offset;
    return true;
}
