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

/* Month 1..12 of its three-letter name (case-sensitive, RFC 9110 section 5.6.7) in the low
 * three bytes of key, p[0] lowest (eks_load_le64), or 0. */
static unsigned month_number(uint32_t key)
{
#define EKS_MONTH(a, b, c) ((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16)
    switch (key) {
    case EKS_MONTH('J', 'a', 'n'): return 1;
    case EKS_MONTH('F', 'e', 'b'): return 2;
    case EKS_MONTH('M', 'a', 'r'): return 3;
    case EKS_MONTH('A', 'p', 'r'): return 4;
    case EKS_MONTH('M', 'a', 'y'): return 5;
    case EKS_MONTH('J', 'u', 'n'): return 6;
    case EKS_MONTH('J', 'u', 'l'): return 7;
    case EKS_MONTH('A', 'u', 'g'): return 8;
    case EKS_MONTH('S', 'e', 'p'): return 9;
    case EKS_MONTH('O', 'c', 't'): return 10;
    case EKS_MONTH('N', 'o', 'v'): return 11;
    case EKS_MONTH('D', 'e', 'c'): return 12;
    default: return 0;
    }
#undef EKS_MONTH
}

bool eks_parse_http_date(eks_str s, int64_t *epoch)
{
    /* IMF-fixdate: day-name "," SP 2DIGIT SP month SP 4DIGIT SP HH:MM:SS SP "GMT" (29 bytes;
     * the day name is not checked). Every response's Date is parsed: the bytes are read as
     * four words, at 0, 8, 16 and (overlapping) 21. */
    if (!epoch || !s.ptr || s.len != 29)
        return false;
    uint64_t w0 = eks_load_le64(s.ptr), w8 = eks_load_le64(s.ptr + 8), w16 = eks_load_le64(s.ptr + 16),
             w21 = eks_load_le64(s.ptr + 21);
    /* "," at 3; SP at 4, 7, 11, 16 and 25; ":" at 19 and 22; "GMT" at 26 */
    if ((w0 & (EKS_LE_BYTE(3, 0xff) | EKS_LE_BYTE(4, 0xff) | EKS_LE_BYTE(7, 0xff))) !=
            (EKS_LE_BYTE(3, ',') | EKS_LE_BYTE(4, ' ') | EKS_LE_BYTE(7, ' ')) ||
        (w8 & EKS_LE_BYTE(3, 0xff)) != EKS_LE_BYTE(3, ' ') ||
        (w16 & (EKS_LE_BYTE(0, 0xff) | EKS_LE_BYTE(3, 0xff) | EKS_LE_BYTE(6, 0xff))) !=
            (EKS_LE_BYTE(0, ' ') | EKS_LE_BYTE(3, ':') | EKS_LE_BYTE(6, ':')) ||
        w21 >> 32 != (EKS_LE_BYTE(0, ' ') | EKS_LE_BYTE(1, 'G') | EKS_LE_BYTE(2, 'M') | EKS_LE_BYTE(3, 'T')))
        return false;
    /* The twelve digits gathered into two words: day (5-6), year (12-15), hour (17-18) in one;
     * minute (20-21), second (23-24) and a "0000" pad in the other. */
    uint64_t dv, tv;
    if (!eks_le64_digits((w0 >> 40 & 0xffff) | (w8 >> 32) << 16 | (w16 >> 8 & 0xffff) << 48, &dv) ||
        !eks_le64_digits((w16 >> 32 & 0xffff) | (w21 >> 16 & 0xffff) << 16 | (EKS_SWAR_ONES * '0') << 32, &tv))
        return false;
    dv = eks_le64_pairs(dv);
    tv = eks_le64_pairs(tv);
    unsigned mon = month_number((uint32_t)(w8 & 0xffffff)), day = eks_le64_pair(dv, 0),
             year = eks_le64_pair(dv, 1) * 100 + eks_le64_pair(dv, 2), hh = eks_le64_pair(dv, 3),
             mm = eks_le64_pair(tv, 0), ss = eks_le64_pair(tv, 1);
    if (!mon || day < 1 || (day > 28 && day > eks_days_in_month(year, mon)) || hh > 23 || mm > 59 || ss > 60)
        return false;
    *epoch = eks_days_from_civil(year, mon, day) * 86400 + hh * 3600 + mm * 60 + ss;
    return true;
}

static unsigned month_of(const char *p)
{
    return month_number((uint32_t)(unsigned char)p[0] | (uint32_t)(unsigned char)p[1] << 8 |
                        (uint32_t)(unsigned char)p[2] << 16);
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
