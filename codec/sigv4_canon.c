/* SigV4 canonical request (AWS SigV4 "Create a canonical request"). */
#include "sigv4_core.h"

#include "buf_inline.h"
#include "char_class.h"

#include <stdlib.h>
#include <string.h>

#define MAX_ITEMS 65535u

typedef struct item {
    uint32_t k_off, k_len, v_off, v_len;
    uint32_t seq; /* arrival order: repeated headers keep it when joined */
} item;

static const char hexu[] = "0123456789ABCDEF";

/* RFC 3986 unreserved: A-Z a-z 0-9 - _ . ~ */
static bool is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* keep_slash / keep_pct: extra bytes left as they are (path '/', single-encoding '%'). */
static eks_status encode_into(eks_buf *buf, const char *p, size_t n, bool keep_slash, bool keep_pct)
{
    if (n > (SIZE_MAX - 1) / 3)
        return EKS_ERR_LIMIT_EXCEEDED;
    eks_status st = eks_buf_room(buf, 3 * n);
    if (st != EKS_OK)
        return st;
    char *w = buf->ptr + buf->len;
    /* One table load per byte instead of a chain of range tests (this runs over every path
     * and query byte). */
    const unsigned char mask = (unsigned char)(EKS_CC_UNRESERVED | (keep_slash ? EKS_CC_SLASH : 0u) |
                                               (keep_pct ? EKS_CC_PERCENT : 0u));
    /* Most paths and values need no escape at all: find how far that holds, copy the run
     * in one go, and go byte by byte only from the first byte that needs one. */
    size_t i = 0;
    while (i < n && (eks_char_class[(unsigned char)p[i]] & mask))
        i++;
    eks_copy_small(w, p, i);
    w += i;
    for (; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (eks_char_class[c] & mask) {
            *w++ = (char)c;
        } else {
            *w++ = '%';
            *w++ = hexu[c >> 4];
            *w++ = hexu[c & 15];
        }
    }
    buf->len = (size_t)(w - buf->ptr);
    buf->ptr[buf->len] = '\0';
    return EKS_OK;
}

eks_status eks_sv4_uri_encode(eks_buf *buf, const char *p, size_t n)
{
    return encode_into(buf, p, n, false, false);
}

eks_status eks_sv4_uri_decode(eks_buf *buf, const char *p, size_t n)
{
    eks_status st = eks_buf_room(buf, n);
    if (st != EKS_OK)
        return st;
    char *w = buf->ptr + buf->len;
    for (size_t i = 0; i < n; i++) {
        int hi, lo;
        if (p[i] == '%' && i + 2 < n && (hi = eks_hex_digit1[(unsigned char)p[i + 1]] - 1) >= 0 &&
            (lo = eks_hex_digit1[(unsigned char)p[i + 2]] - 1) >= 0) {
            *w++ = (char)(hi << 4 | lo);
            i += 2;
        } else {
            *w++ = p[i];
        }
    }
    buf->len = (size_t)(w - buf->ptr);
    buf->ptr[buf->len] = '\0';
    return EKS_OK;
}

/* Decode, then encode again, in one pass: "%E1%88%B4" stays, "a b" -> "a%20b", '+' -> %2B. */
static eks_status reencode_into(eks_buf *buf, const char *p, size_t n)
{
    if (n > (SIZE_MAX - 1) / 3)
        return EKS_ERR_LIMIT_EXCEEDED;
    eks_status st = eks_buf_room(buf, 3 * n);
    if (st != EKS_OK)
        return st;
    char *w = buf->ptr + buf->len;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        int hi, lo;
        if (c == '%' && i + 2 < n && (hi = eks_hex_digit1[(unsigned char)p[i + 1]] - 1) >= 0 &&
            (lo = eks_hex_digit1[(unsigned char)p[i + 2]] - 1) >= 0) {
            c = (unsigned char)(hi << 4 | lo);
            i += 2;
        }
        if (eks_char_class[c] & EKS_CC_UNRESERVED) {
            *w++ = (char)c;
        } else {
            *w++ = '%';
            *w++ = hexu[c >> 4];
            *w++ = hexu[c & 15];
        }
    }
    buf->len = (size_t)(w - buf->ptr);
    buf->ptr[buf->len] = '\0';
    return EKS_OK;
}

bool eks_sv4_never_signed(const char *lower, size_t n)
{
    /* botocore's SIGNED_HEADERS_BLACKLIST plus authorization (it is the signature itself).
     * Hop-by-hop headers (RFC 9110 §7.6.1) and user-agent / x-amzn-trace-id are changed by
     * proxies, SDK layers and tracing, so signing them would break verification. The
     * length picks the candidates: every header of every request passes here. */
#define NEVER(lit) (memcmp(lower, lit, sizeof lit - 1) == 0)
    switch (n) {
    case 2: return NEVER("te");
    case 6: return NEVER("expect");
    case 7: return NEVER("trailer") || NEVER("upgrade");
    case 10: return NEVER("connection") || NEVER("keep-alive") || NEVER("user-agent");
    case 13: return NEVER("authorization");
    case 15: return NEVER("x-amzn-trace-id");
    case 17: return NEVER("transfer-encoding");
    case 18: return NEVER("proxy-authenticate");
    case 19: return NEVER("proxy-authorization");
    default: return false;
    }
#undef NEVER
}

static bool name_is(const char *p, size_t n, const char *lit, size_t litn)
{
    return n == litn && memcmp(p, lit, n) == 0;
}

int eks_sv4_name_order(eks_str a, eks_str b)
{
    size_t n = a.len < b.len ? a.len : b.len;
    for (size_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)a.ptr[i], y = (unsigned char)b.ptr[i];
        if (x == y) /* names are lower-case in all but malformed lists: fold only where they differ */
            continue;
        x = x >= 'A' && x <= 'Z' ? (unsigned char)(x + 32) : x;
        y = y >= 'A' && y <= 'Z' ? (unsigned char)(y + 32) : y;
        if (x != y)
            return x < y ? -1 : 1;
    }
    return a.len < b.len ? -1 : a.len > b.len;
}

size_t eks_sv4_find_name(const eks_str *names, size_t n, eks_str name)
{
    if (n <= 16) { /* the SDKs' lists: a scan that mostly compares lengths beats the search */
        for (size_t i = 0; i < n; i++)
            if (names[i].len == name.len && eks_sv4_name_order(names[i], name) == 0)
                return i;
        return n;
    }
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (eks_sv4_name_order(names[mid], name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && eks_sv4_name_order(names[lo], name) == 0 ? lo : n;
}

/* Items live in out->priv_items_ as raw storage; indices survive its reallocation. */
static inline eks_status push_item(eks_buf *items, const item *it)
{
    if (items->len >= 2 * MAX_ITEMS * sizeof(item))
        return EKS_ERR_LIMIT_EXCEEDED;
    eks_status st = eks_buf_room(items, sizeof(item));
    if (st != EKS_OK)
        return st;
    /* Field by field: a 20-byte block copy of the just-written local would be read back
     * through the store buffer in wider pieces than it was written (a forwarding stall). */
    item *slot = (item *)(void *)(items->ptr + items->len);
    slot->k_off = it->k_off;
    slot->k_len = it->k_len;
    slot->v_off = it->v_off;
    slot->v_len = it->v_len;
    slot->seq = it->seq;
    items->len += sizeof(item);
    return EKS_OK;
}

/* The first (up to) 8 bytes of a key as a big-endian number: comparing two of them orders
 * the keys as memcmp would over those bytes, and header names mostly differ there. */
static inline uint64_t key_prefix(const char *p, size_t n)
{
    uint64_t v = 0;
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (n >= 8) {
        memcpy(&v, p, 8);
        return __builtin_bswap64(v);
    }
#endif
    size_t m = n < 8 ? n : 8;
    for (size_t i = 0; i < m; i++)
        v |= (uint64_t)(unsigned char)p[i] << (56 - 8 * i);
    return v;
}

static int cmp_items(const char *base, const item *a, const item *b)
{
    uint64_t pa = key_prefix(base + a->k_off, a->k_len), pb = key_prefix(base + b->k_off, b->k_len);
    if (pa != pb)
        return pa < pb ? -1 : 1; /* zero padding sorts a shorter prefix first, as memcmp+length does */
    size_t n = a->k_len < b->k_len ? a->k_len : b->k_len;
    int c = n > 8 ? memcmp(base + a->k_off + 8, base + b->k_off + 8, n - 8) : 0;
    if (c)
        return c;
    if (a->k_len != b->k_len)
        return a->k_len < b->k_len ? -1 : 1;
    if (a->seq != b->seq) /* headers: keep arrival order */
        return a->seq < b->seq ? -1 : 1;
    n = a->v_len < b->v_len ? a->v_len : b->v_len;
    c = memcmp(base + a->v_off, base + b->v_off, n);
    if (c)
        return c;
    return a->v_len < b->v_len ? -1 : a->v_len > b->v_len;
}

static void merge_sort(const char *base, item *a, item *tmp, size_t n)
{
    if (n < 2)
        return;
    if (n <= 16) { /* insertion sort: typical requests have a handful of items */
        for (size_t i = 1; i < n; i++) {
            item x = a[i];
            size_t j = i;
            while (j > 0 && cmp_items(base, &a[j - 1], &x) > 0) {
                a[j] = a[j - 1];
                j--;
            }
            a[j] = x;
        }
        return;
    }
    size_t h = n / 2;
    merge_sort(base, a, tmp, h);
    merge_sort(base, a + h, tmp, n - h);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = cmp_items(base, &a[j], &a[i]) < 0 ? a[j++] : a[i++];
    while (i < h)
        tmp[k++] = a[i++];
    while (j < n)
        tmp[k++] = a[j++];
    memcpy(a, tmp, n * sizeof(item));
}

/* Canonical header value: trimmed, every run of whitespace (folded lines included) -> ' '.
 * The caller has reserved v.len bytes. */
/* True when some byte of p[0..n) is <= 0x20 (whitespace, or a control byte): only then
 * can trimming or collapsing change the value. 8 bytes per step. */
static bool has_space_or_ctl(const char *p, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w = eks_swar_load(p + i);
        if ((w - EKS_SWAR_ONES * 0x21) & ~w & EKS_SWAR_HIGHS)
            return true;
    }
    for (; i < n; i++)
        if ((unsigned char)p[i] <= 0x20)
            return true;
    return false;
}

static void canon_value(eks_buf *b, eks_str v)
{
    /* Typical values (hosts, dates, tokens, content types) have no whitespace at all. */
    if (!has_space_or_ctl(v.ptr, v.len)) {
        eks_copy_small(b->ptr + b->len, v.ptr, v.len);
        b->len += v.len;
        return;
    }
    char *w = b->ptr + b->len;
    const unsigned char *p = (const unsigned char *)v.ptr, *e = p + v.len;
    while (p < e && is_ws(*p))
        p++;
    while (e > p && is_ws(e[-1]))
        e--;
    while (p < e) {
        if (is_ws(*p)) {
            *w++ = ' ';
            while (is_ws(*p))
                p++;
        } else {
            *w++ = (char)*p++;
        }
    }
    b->len = (size_t)(w - b->ptr);
}

static eks_status add_header(eks_buf *bytes, eks_buf *items, eks_str name, eks_str value,
                             bool value_canonical, uint32_t seq, const eks_sv4_core *in,
                             bool from_request)
{
    eks_status st;
    item it;
    if (bytes->len > UINT32_MAX - name.len - value.len - 2)
        return EKS_ERR_LIMIT_EXCEEDED;
    it.k_off = (uint32_t)bytes->len;
    it.k_len = (uint32_t)name.len;
    it.seq = seq;
    if (bytes->len + name.len + value.len >= bytes->cap &&
        (st = eks_buf_room(bytes, name.len + value.len)) != EKS_OK)
        return st;
    char *w = bytes->ptr + bytes->len;
    eks_ascii_lower_copy(w, name.ptr, name.len);
    if (from_request) {
        bool keep;
        if (in->signed_names) {
            keep = eks_sv4_find_name(in->signed_names, in->signed_count, (eks_str){w, name.len}) < in->signed_count;
        } else {
            keep = !eks_sv4_never_signed(w, name.len) &&
                   !(in->skip_date && name_is(w, name.len, "x-amz-date", 10)) &&
                   !(in->skip_token && name_is(w, name.len, "x-amz-security-token", 20)) &&
                   !(in->skip_content_sha && name_is(w, name.len, "x-amz-content-sha256", 20));
        }
        if (!keep)
            return EKS_OK; /* the name bytes are simply overwritten by the next one */
    }
    bytes->len += name.len;
    it.v_off = (uint32_t)bytes->len;
    if (value_canonical) {
        eks_copy_small(bytes->ptr + bytes->len, value.ptr, value.len);
        bytes->len += value.len;
    } else {
        canon_value(bytes, value);
    }
    it.v_len = (uint32_t)(bytes->len - it.v_off);
    return push_item(items, &it);
}

bool eks_sv4_is_auth_param(const char *name, size_t n)
{
    static const struct {
        const char *s;
        size_t n;
    } names[] = {{"X-Amz-Algorithm", 15}, {"X-Amz-Credential", 16}, {"X-Amz-Date", 10},
                 {"X-Amz-Expires", 13},   {"X-Amz-SignedHeaders", 19}, {"X-Amz-Security-Token", 20},
                 {"X-Amz-Signature", 15}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].n == n && memcmp(names[i].s, name, n) == 0)
            return true;
    return false;
}

bool eks_sv4_query_has_presignature(eks_str query)
{
    const char *p = query.ptr, *end = p ? p + query.len : NULL;
    while (p && p < end) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *pair_end = amp ? amp : end;
        const char *eq = memchr(p, '=', (size_t)(pair_end - p));
        size_t n = (size_t)((eq ? eq : pair_end) - p);
        char key[48]; /* the names sought are 15 and 16 bytes; escaped, at most three times that */
        size_t k = 0;
        for (size_t i = 0; n >= 15 && n <= sizeof key && i < n; i++) {
            int hi, lo;
            if (p[i] == '%' && i + 2 < n && (hi = eks_hex_digit1[(unsigned char)p[i + 1]] - 1) >= 0 &&
                (lo = eks_hex_digit1[(unsigned char)p[i + 2]] - 1) >= 0) {
                key[k++] = (char)(hi << 4 | lo);
                i += 2;
            } else {
                key[k++] = p[i];
            }
        }
        if ((k == 15 && (memcmp(key, "X-Amz-Algorithm", 15) == 0 || memcmp(key, "X-Amz-Signature", 15) == 0)) ||
            (k == 16 && memcmp(key, "X-Amz-Credential", 16) == 0))
            return true;
        p = amp ? amp + 1 : end;
    }
    return false;
}

static eks_status add_param(eks_buf *bytes, eks_buf *items, eks_str key, eks_str value, bool reencode,
                            const eks_sv4_core *in)
{
    eks_status st;
    item it;
    if (bytes->len > UINT32_MAX / 2 || key.len + value.len > UINT32_MAX / 8)
        return EKS_ERR_LIMIT_EXCEEDED;
    it.seq = 0;
    it.k_off = (uint32_t)bytes->len;
    st = reencode ? reencode_into(bytes, key.ptr, key.len) : encode_into(bytes, key.ptr, key.len, false, false);
    if (st != EKS_OK)
        return st;
    it.k_len = (uint32_t)(bytes->len - it.k_off);
    const char *k = bytes->ptr + it.k_off;
    if ((in->drop_signature_param && name_is(k, it.k_len, "X-Amz-Signature", 15)) ||
        (in->drop_token_param && name_is(k, it.k_len, "X-Amz-Security-Token", 20)) ||
        (in->drop_auth_params && reencode /* from the request */ && eks_sv4_is_auth_param(k, it.k_len))) {
        bytes->len = it.k_off;
        return EKS_OK;
    }
    it.v_off = (uint32_t)bytes->len;
    st = reencode ? reencode_into(bytes, value.ptr, value.len)
                  : encode_into(bytes, value.ptr, value.len, false, false);
    if (st != EKS_OK)
        return st;
    it.v_len = (uint32_t)(bytes->len - it.v_off);
    return push_item(items, &it);
}

/* True when normalization cannot change the path: it starts with '/', has no empty
 * segment ("//"), no segment starting with '.' (which covers "." and ".."), and does not
 * end in '/' unless it is "/". Most request paths are like that and are encoded as they
 * are, without the segment-by-segment copy. */
static bool already_normal(eks_str path)
{
    const char *p = path.ptr;
    size_t n = path.len;
    if (n == 0 || p[0] != '/')
        return false;
    if (n == 1)
        return true;
    if (p[n - 1] == '/')
        return false;
    /* 8 positions per step: a '/' whose next byte is '/' or '.'. The byte masks are exact
     * (no borrow between bytes), so they can be combined position by position. */
    size_t i = 0;
    for (; i + 9 <= n; i += 8) {
        uint64_t here = eks_swar_load(p + i), next = eks_swar_load(p + i + 1);
        if (eks_swar_eq_mask(here, '/') & (eks_swar_eq_mask(next, '/') | eks_swar_eq_mask(next, '.')))
            return false;
    }
    for (; i + 1 < n; i++)
        if (p[i] == '/' && (p[i + 1] == '/' || p[i + 1] == '.'))
            return false;
    return true;
}

/* Canonical URI: optional RFC 3986 §5.2.4 dot-segment removal plus collapsing empty
 * segments (what botocore and aws-c-auth do), then URI-encoding of the raw bytes. */
static eks_status canon_uri(eks_buf *cr, eks_buf *tmp, const eks_sv4_core *in)
{
    eks_str path = in->req->path;
    if (!path.ptr || path.len == 0)
        return eks_buf_append_byte(cr, '/');
    if (!in->no_path_normalization && !already_normal(path)) {
        eks_status st = eks_buf_room(tmp, path.len + 1);
        if (st != EKS_OK)
            return st;
        size_t base = tmp->len, o = base;
        char *t = tmp->ptr;
        size_t segs = 0;
        const char *s = path.ptr, *end = path.ptr + path.len;
        while (s < end) {
            const char *e = memchr(s, '/', (size_t)(end - s));
            if (!e)
                e = end;
            size_t n = (size_t)(e - s);
            if (n == 0 || (n == 1 && s[0] == '.')) {
                /* skip */
            } else if (n == 2 && s[0] == '.' && s[1] == '.') {
                if (segs) {
                    while (o > base && t[o - 1] != '/')
                        o--;
                    o--; /* the '/' before the dropped segment */
                    segs--;
                }
            } else {
                t[o++] = '/';
                memcpy(t + o, s, n);
                o += n;
                segs++;
            }
            s = e + 1;
        }
        if (segs == 0)
            t[o++] = '/';
        else if (path.ptr[path.len - 1] == '/')
            t[o++] = '/';
        path.ptr = t + base;
        path.len = o - base;
        return encode_into(cr, path.ptr, path.len, true, in->single_encode_path);
    }
    return encode_into(cr, path.ptr, path.len, true, in->single_encode_path);
}

eks_status eks_sv4_canonical_request(const eks_sv4_core *in, eks_sigv4_output *out)
{
    eks_status st = EKS_OK;
    const eks_http_request *req = in->req;
    eks_buf *bytes = &out->priv_bytes_, *items = &out->priv_items_, *cr = &out->canonical_request;
    eks_buf_clear(bytes);
    eks_buf_clear(items);
    eks_buf_clear(cr);
    eks_buf_clear(&out->signed_headers);
    if (req->header_count > MAX_ITEMS)
        return EKS_ERR_LIMIT_EXCEEDED;
    if ((st = eks_buf_room(items, (req->header_count + in->add_header_count + 8) * sizeof(item))) != EKS_OK)
        return st;

    for (size_t i = 0; i < req->header_count; i++) {
        const eks_header *h = &req->headers[i];
        if (!h->name.ptr)
            return EKS_ERR_INVALID_ARGUMENT;
        eks_str v = h->value.ptr ? h->value : EKS_STR_LIT("");
        if ((st = add_header(bytes, items, h->name, v, false, (uint32_t)i, in, true)) != EKS_OK)
            return st;
    }
    for (size_t i = 0; i < in->add_header_count; i++) {
        st = add_header(bytes, items, in->add_headers[i].name, in->add_headers[i].value, true,
                        (uint32_t)(MAX_ITEMS + i), in, false);
        if (st != EKS_OK)
            return st;
    }
    size_t nh = items->len / sizeof(item);
    /* Room for the merge sort's temporary array right after the items. */
    if ((st = eks_buf_room(items, nh * sizeof(item))) != EKS_OK)
        return st;
    merge_sort(bytes->ptr, (item *)(void *)items->ptr, (item *)(void *)(items->ptr + items->len), nh);

    /* Signed header list (needed in the query before the canonical headers are written). */
    eks_buf *sh = &out->signed_headers;
    const item *hs = (const item *)(const void *)items->ptr;
    size_t names_len = 0;
    for (size_t i = 0; i < nh; i++)
        names_len += hs[i].k_len + 1;
    if ((st = eks_buf_room(sh, names_len)) != EKS_OK)
        return st;
    char *w = sh->ptr;
    for (size_t i = 0; i < nh; i++) {
        const item *it = &hs[i];
        if (i > 0 && hs[i - 1].k_len == it->k_len &&
            memcmp(bytes->ptr + hs[i - 1].k_off, bytes->ptr + it->k_off, it->k_len) == 0)
            continue; /* repeated header: one name */
        if (w != sh->ptr)
            *w++ = ';';
        eks_copy_small(w, bytes->ptr + it->k_off, it->k_len);
        w += it->k_len;
    }
    sh->len = (size_t)(w - sh->ptr);
    *w = '\0';

    /* Query parameters. */
    size_t qfirst = nh;
    if (req->query.ptr) {
        const char *s = req->query.ptr, *end = s + req->query.len;
        while (s < end) {
            const char *e = memchr(s, '&', (size_t)(end - s));
            if (!e)
                e = end;
            if (e > s) {
                const char *eq = memchr(s, '=', (size_t)(e - s));
                eks_str k = {s, (size_t)((eq ? eq : e) - s)};
                eks_str v = eq ? (eks_str){eq + 1, (size_t)(e - eq - 1)} : EKS_STR_LIT("");
                if ((st = add_param(bytes, items, k, v, true, in)) != EKS_OK)
                    return st;
            }
            s = e + 1;
        }
    }
    for (size_t i = 0; i < in->add_param_count; i++)
        if ((st = add_param(bytes, items, in->add_params[i].key, in->add_params[i].value, false, in)) != EKS_OK)
            return st;
    if (in->add_signed_headers_param) {
        eks_str shv = {sh->ptr ? sh->ptr : "", sh->len};
        if ((st = add_param(bytes, items, EKS_STR_LIT("X-Amz-SignedHeaders"), shv, false, in)) != EKS_OK)
            return st;
    }
    size_t nq = items->len / sizeof(item) - qfirst;
    if ((st = eks_buf_room(items, nq * sizeof(item))) != EKS_OK)
        return st;
    item *qitems = (item *)(void *)items->ptr + qfirst;
    merge_sort(bytes->ptr, qitems, qitems + nq, nq);

    /* Assemble: the URI first (it may grow `bytes`), then one reservation, raw writes. */
    if ((st = eks_buf_room(cr, req->method.len + 1 + 3 * req->path.len + 2)) != EKS_OK)
        return st;
    memcpy(cr->ptr, req->method.ptr, req->method.len);
    cr->ptr[req->method.len] = '\n';
    cr->len = req->method.len + 1;
    if ((st = canon_uri(cr, bytes, in)) != EKS_OK)
        return st;
    size_t rest = 4 + sh->len + in->payload_hash.len; /* four newlines outside the lists */
    const item *all = (const item *)(const void *)items->ptr;
    for (size_t i = 0; i < nh; i++)
        rest += all[i].k_len + all[i].v_len + 2;
    for (size_t i = 0; i < nq; i++)
        rest += qitems[i].k_len + qitems[i].v_len + 2;
    if ((st = eks_buf_room(cr, rest)) != EKS_OK)
        return st;
    const char *b = bytes->ptr;
    w = cr->ptr + cr->len;
    *w++ = '\n';
    for (size_t i = 0; i < nq; i++) {
        const item *it = &qitems[i];
        if (i)
            *w++ = '&';
        eks_copy_small(w, b + it->k_off, it->k_len);
        w += it->k_len;
        *w++ = '=';
        eks_copy_small(w, b + it->v_off, it->v_len);
        w += it->v_len;
    }
    *w++ = '\n';
    for (size_t i = 0; i < nh; i++) {
        const item *it = &all[i];
        if (i > 0 && all[i - 1].k_len == it->k_len && memcmp(b + all[i - 1].k_off, b + it->k_off, it->k_len) == 0) {
            w[-1] = ','; /* repeated header: values joined in arrival order */
        } else {
            eks_copy_small(w, b + it->k_off, it->k_len);
            w += it->k_len;
            *w++ = ':';
        }
        eks_copy_small(w, b + it->v_off, it->v_len);
        w += it->v_len;
        *w++ = '\n';
    }
    *w++ = '\n';
    eks_copy_small(w, sh->ptr, sh->len);
    w += sh->len;
    *w++ = '\n';
    eks_copy_small(w, in->payload_hash.ptr, in->payload_hash.len);
    w += in->payload_hash.len;
    cr->len = (size_t)(w - cr->ptr);
    *w = '\0';
    return EKS_OK;
}
