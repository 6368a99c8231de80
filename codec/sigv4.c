/* SigV4 signing: string to sign, signature, Authorization header, presigned query. */
#include "buf_inline.h"
#include "char_class.h"
#include "civil_time.h"
#include "http_name.h"
#include "sigv4_core.h"

#include <openssl/crypto.h>
#include <string.h>

void eks_sigv4_config_init_eks(eks_sigv4_config *cfg, eks_str region, int64_t epoch_seconds)
{
    if (!cfg)
        return;
    memset(cfg, 0, sizeof *cfg);
    cfg->region = region;
    cfg->service = EKS_STR_LIT(EKS_SIGV4_DEFAULT_SERVICE);
    cfg->epoch_seconds = epoch_seconds;
    cfg->mode = EKS_SIGV4_MODE_HEADER;
}

void eks_sigv4_output_init(eks_sigv4_output *out)
{
    if (!out)
        return;
    memset(out, 0, sizeof *out);
}

void eks_sigv4_output_free(eks_sigv4_output *out)
{
    if (!out)
        return;
    eks_buf_free_secure(&out->query);
    eks_buf_free_secure(&out->authorization);
    eks_buf_free_secure(&out->signed_headers);
    eks_buf_free_secure(&out->canonical_request);
    eks_buf_free_secure(&out->string_to_sign);
    eks_buf_free_secure(&out->priv_bytes_);
    eks_buf_free_secure(&out->priv_items_);
    eks_buf_free_secure(&out->priv_token_);
    eks_buf_free_secure(&out->priv_midstates_);
    OPENSSL_cleanse(out, sizeof *out);
}

#define MAX_EPOCH 253402300799LL /* 9999-12-31T23:59:59Z */

eks_status eks_sigv4_format_time(int64_t t, char out[EKS_SIGV4_DATE_LEN + 1])
{
    if (!out || t < 0 || t > MAX_EPOCH)
        return EKS_ERR_INVALID_ARGUMENT;
    /* Unsigned arithmetic with constant divisors only: the compiler turns every division
     * into a multiplication (this runs once per signature). */
    uint64_t ut = (uint64_t)t;
    uint32_t z = (uint32_t)(ut / 86400) + 719468, secs = (uint32_t)(ut % 86400);
    uint32_t era = z / 146097, doe = z - era * 146097; /* t >= 0: no negative eras */
    uint32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    uint32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    uint32_t mp = (5 * doy + 2) / 153;
    uint32_t d = doy - (153 * mp + 2) / 5 + 1;
    uint32_t m = mp < 10 ? mp + 3 : mp - 9;
    uint32_t y = yoe + era * 400 + (m <= 2);
    uint32_t h = secs / 3600, mi = secs / 60 % 60, se = secs % 60;
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = (char)('0' + m / 10);
    out[5] = (char)('0' + m % 10);
    out[6] = (char)('0' + d / 10);
    out[7] = (char)('0' + d % 10);
    out[8] = 'T';
    out[9] = (char)('0' + h / 10);
    out[10] = (char)('0' + h % 10);
    out[11] = (char)('0' + mi / 10);
    out[12] = (char)('0' + mi % 10);
    out[13] = (char)('0' + se / 10);
    out[14] = (char)('0' + se % 10);
    out[15] = 'Z';
    out[16] = '\0';
    return EKS_OK;
}

eks_status eks_sigv4_parse_time(eks_str s, int64_t *epoch)
{
    static const unsigned mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    /* YYYYMMDD "T" HHMMSS "Z" as two words; the second's six digits are moved down and
     * padded with "00" to be checked and converted like the first's eight */
    if (!epoch || !s.ptr || s.len != EKS_SIGV4_DATE_LEN)
        return EKS_ERR_INVALID_ARGUMENT;
    uint64_t date = eks_load_le64(s.ptr), time = eks_load_le64(s.ptr + 8), dv, tv;
    if ((time & (EKS_LE_BYTE(0, 0xff) | EKS_LE_BYTE(7, 0xff))) != (EKS_LE_BYTE(0, 'T') | EKS_LE_BYTE(7, 'Z')) ||
        !eks_le64_digits(date, &dv) ||
        !eks_le64_digits((time >> 8 & UINT64_C(0xffffffffffff)) | EKS_LE_BYTE(6, '0') | EKS_LE_BYTE(7, '0'), &tv))
        return EKS_ERR_INVALID_ARGUMENT;
    dv = eks_le64_pairs(dv);
    tv = eks_le64_pairs(tv);
    unsigned y = eks_le64_pair(dv, 0) * 100 + eks_le64_pair(dv, 1), mo = eks_le64_pair(dv, 2),
             d = eks_le64_pair(dv, 3), h = eks_le64_pair(tv, 0), mi = eks_le64_pair(tv, 1), se = eks_le64_pair(tv, 2);
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 || mi > 59 || se > 59)
        return EKS_ERR_INVALID_ARGUMENT;
    if (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
        return EKS_ERR_INVALID_ARGUMENT;
    *epoch = eks_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
    return EKS_OK;
}

/* Bytes that would break the Credential syntax (bit 2) or inject header lines (bit 1). */
static const unsigned char byte_class[256] = {
    [0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1, [0x06] = 1, [0x07] = 1,
    [0x08] = 1, [0x09] = 1, [0x0a] = 1, [0x0b] = 1, [0x0c] = 1, [0x0d] = 1, [0x0e] = 1, [0x0f] = 1,
    [0x10] = 1, [0x11] = 1, [0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1,
    [0x18] = 1, [0x19] = 1, [0x1a] = 1, [0x1b] = 1, [0x1c] = 1, [0x1d] = 1, [0x1e] = 1, [0x1f] = 1,
    [0x7f] = 1, ['/'] = 2, [','] = 2, ['='] = 2, [' '] = 2, [';'] = 2,
};

static EKS_ALWAYS_INLINE bool safe_token(eks_str s, bool forbid_syntax)
{
    const unsigned char *p = (const unsigned char *)s.ptr;
    size_t i = 0;
    /* 8 bytes at a time: control bytes and DEL always; with forbid_syntax also the bytes
     * the Credential syntax uses (space, ',' '/' ';' '='). A borrow only marks a byte above
     * a real match, so "any byte matches" stays exact. */
    uint64_t found = 0;
    for (; i + 8 <= s.len; i += 8) {
        uint64_t w = eks_swar_load(s.ptr + i);
        uint64_t del = w ^ (EKS_SWAR_ONES * 0x7f);
        found |= ((w - EKS_SWAR_ONES * (forbid_syntax ? 0x21 : 0x20)) & ~w) | ((del - EKS_SWAR_ONES) & ~del);
        if (forbid_syntax) {
            uint64_t comma = w ^ (EKS_SWAR_ONES * ','), slash = w ^ (EKS_SWAR_ONES * '/');
            uint64_t semi = w ^ (EKS_SWAR_ONES * ';'), eq = w ^ (EKS_SWAR_ONES * '=');
            found |= ((comma - EKS_SWAR_ONES) & ~comma) | ((slash - EKS_SWAR_ONES) & ~slash) |
                     ((semi - EKS_SWAR_ONES) & ~semi) | ((eq - EKS_SWAR_ONES) & ~eq);
        }
    }
    if (found & EKS_SWAR_HIGHS)
        return false;
    unsigned bad = 0;
    for (; i < s.len; i++) /* no early exit: one load and one OR per byte */
        bad |= byte_class[p[i]];
    return (bad & (forbid_syntax ? 3u : 1u)) == 0;
}

static bool nonempty(eks_str s)
{
    return s.ptr && s.len > 0;
}

static EKS_ALWAYS_INLINE char *put(char *w, const char *p, size_t n)
{
    eks_copy_small(w, p, n);
    return w + n;
}

/* The raw query, pair by pair, minus the authentication parameters a presignature carries
 * (compared after percent-decoding, as the canonical query is), the kept pairs joined by '&'
 * and appended to q. Empty pairs ("a=1&&b") are dropped: they are not in a canonical query. */
static eks_status append_query_without_auth(eks_buf *q, eks_str query, eks_buf *scratch)
{
    const char *p = query.ptr, *end = p ? p + query.len : NULL; /* absent: nothing (no NULL + 0) */
    bool first = true;
    while (p < end) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *pair_end = amp ? amp : end;
        const char *eq = memchr(p, '=', (size_t)(pair_end - p));
        const char *key_end = eq ? eq : pair_end;
        eks_buf_clear(scratch);
        eks_status st = eks_sv4_uri_decode(scratch, p, (size_t)(key_end - p));
        if (st != EKS_OK)
            return st;
        if (pair_end > p && !eks_sv4_is_auth_param(scratch->ptr ? scratch->ptr : "", scratch->len)) {
            if ((!first && (st = eks_buf_append_byte(q, '&')) != EKS_OK) ||
                (st = eks_buf_append(q, p, (size_t)(pair_end - p))) != EKS_OK)
                return st;
            first = false;
        }
        p = amp ? amp + 1 : end;
    }
    return EKS_OK;
}

eks_status eks_sigv4_query_without_auth(eks_str query, eks_buf *out)
{
    if (!out || (!query.ptr && query.len))
        return EKS_ERR_INVALID_ARGUMENT;
    eks_buf key;
    eks_buf_init(&key);
    eks_status st = append_query_without_auth(out, query, &key);
    eks_buf_free(&key);
    return st;
}

/* RFC 9110 section 5.1: a field name is a token. Anything else cannot be listed in
 * SignedHeaders (',' ';' and spaces are its separators) nor read back by a verifier. */
static bool header_names_ok(const eks_http_request *req)
{
    unsigned all = EKS_CC_TCHAR; /* AND of every byte's class: no branch per byte */
    for (size_t i = 0; i < req->header_count; i++) {
        eks_str n = req->headers[i].name;
        if (!n.ptr || n.len == 0 || !eks_http_view_ok(req->headers[i].value.ptr, req->headers[i].value.len))
            return false;
        for (size_t k = 0; k < n.len; k++)
            all &= eks_char_class[(unsigned char)n.ptr[k]];
    }
    return (all & EKS_CC_TCHAR) != 0;
}

eks_status eks_sigv4_sign(eks_sigv4_cache *cache, const eks_sigv4_config *cfg,
                          const eks_sigv4_credentials *creds, const eks_http_request *req,
                          eks_sigv4_output *out)
{
    eks_status st = EKS_ERR_INVALID_ARGUMENT;
    eks_sv4_hmac_key tmp_key;
    const eks_sv4_hmac_key *key = NULL;
    bool key_derived = false;
    unsigned char digest[EKS_SV4_SHA_LEN];

    if (!cfg || !creds || !req || !out)
        return EKS_ERR_INVALID_ARGUMENT;
    out->header_count = 0;
    out->signature[0] = '\0';
    eks_buf_clear(&out->query);
    eks_buf_clear(&out->authorization);
    eks_buf_clear(&out->string_to_sign);

    eks_str service = cfg->service.ptr ? cfg->service : EKS_STR_LIT(EKS_SIGV4_DEFAULT_SERVICE);
    eks_str token = creds->session_token;
    bool has_token = token.ptr != NULL && token.len > 0;
    bool query_mode = cfg->mode == EKS_SIGV4_MODE_QUERY;
    if (!nonempty(cfg->region) || !safe_token(cfg->region, true) || !nonempty(service) ||
        !safe_token(service, true) || !nonempty(creds->access_key_id) ||
        !safe_token(creds->access_key_id, true) || !nonempty(creds->secret_access_key) ||
        (has_token && !safe_token(token, false)) || !nonempty(req->method) ||
        (cfg->mode != EKS_SIGV4_MODE_HEADER && !query_mode) || !eks_http_request_views_ok(req) ||
        !eks_http_view_ok(req->body.ptr, req->body.len))
        goto out;
    if (query_mode && (cfg->expires_seconds < EKS_SIGV4_MIN_EXPIRES || cfg->expires_seconds > EKS_SIGV4_MAX_EXPIRES))
        goto out;
    if (!eks_http_find_header(req->headers, req->header_count, "host") || !header_names_ok(req))
        goto out;
    /* A presigned request carries its signature in the query; an Authorization header next
     * to it is a second, conflicting credential (AWS refuses "more than one auth mechanism"). */
    if (query_mode && eks_http_find_header(req->headers, req->header_count, "authorization"))
        goto out;
    /* and the other way round: a header signature beside a presignature in the query */
    if (!query_mode && eks_sv4_query_has_presignature(req->query))
        goto out;

    /* Time. */
    if (cfg->amz_date.ptr) {
        int64_t t;
        out->priv_time_ = 0;
        if (eks_sigv4_parse_time(cfg->amz_date, &t) != EKS_OK)
            goto out;
        memcpy(out->amz_date, cfg->amz_date.ptr, EKS_SIGV4_DATE_LEN);
        out->amz_date[EKS_SIGV4_DATE_LEN] = '\0';
    } else if (out->priv_time_ == 0 || out->priv_time_ - 1 != cfg->epoch_seconds) {
        /* A signer reusing its output signs many requests per second: format once each. */
        if (eks_sigv4_format_time(cfg->epoch_seconds, out->amz_date) != EKS_OK)
            goto out;
        out->priv_time_ = cfg->epoch_seconds + 1;
    }

    eks_sv4_midstates *mid = eks_sv4_midstates_of(out);
    if (!mid) {
        st = EKS_ERR_OUT_OF_MEMORY;
        goto out;
    }

    /* Payload hash: always present in the canonical request. */
    if (cfg->payload_hash.ptr) {
        if (cfg->payload_hash.len == 0 || cfg->payload_hash.len > EKS_SIGV4_HEX_LEN ||
            !safe_token(cfg->payload_hash, false))
            goto out;
        memcpy(out->payload_hash, cfg->payload_hash.ptr, cfg->payload_hash.len);
        out->payload_hash[cfg->payload_hash.len] = '\0';
    } else {
        eks_sv4_sha256_resume(&mid->body, req->body.ptr ? req->body.ptr : "", req->body.len, digest);
        eks_sv4_hex(digest, sizeof digest, out->payload_hash);
        out->payload_hash[EKS_SIGV4_HEX_LEN] = '\0';
    }
    eks_str payload_hash = {out->payload_hash, cfg->payload_hash.ptr ? cfg->payload_hash.len : EKS_SIGV4_HEX_LEN};

    /* String to sign, first three lines; the scope inside it is reused below. */
    eks_buf *sts = &out->string_to_sign;
    size_t scope_len = 8 + 1 + cfg->region.len + 1 + service.len + 1 + 12;
    if ((st = eks_buf_room(sts, 17 + EKS_SIGV4_DATE_LEN + 1 + scope_len + 1 + EKS_SIGV4_HEX_LEN)) != EKS_OK)
        goto out;
    char *w = sts->ptr;
    w = put(w, "AWS4-HMAC-SHA256\n", 17);
    w = put(w, out->amz_date, EKS_SIGV4_DATE_LEN);
    *w++ = '\n';
    size_t scope_off = (size_t)(w - sts->ptr);
    w = put(w, out->amz_date, 8);
    *w++ = '/';
    w = put(w, cfg->region.ptr, cfg->region.len);
    *w++ = '/';
    w = put(w, service.ptr, service.len);
    w = put(w, "/aws4_request\n", 14);
    sts->len = (size_t)(w - sts->ptr);

    /* Token and credential copies, so the output owns everything it points to. */
    eks_buf *own = &out->priv_token_;
    eks_buf_clear(own);
    if ((st = eks_buf_room(own, token.len + creds->access_key_id.len + 1 + scope_len)) != EKS_OK)
        goto out;
    if (has_token)
        memcpy(own->ptr, token.ptr, token.len);
    size_t tok_len = has_token ? token.len : 0;
    char *cred = own->ptr + tok_len;
    memcpy(cred, creds->access_key_id.ptr, creds->access_key_id.len);
    cred[creds->access_key_id.len] = '/';
    memcpy(cred + creds->access_key_id.len + 1, sts->ptr + scope_off, scope_len);
    size_t cred_len = creds->access_key_id.len + 1 + scope_len;
    own->len = tok_len + cred_len;
    own->ptr[own->len] = '\0';
    eks_str tok = {own->ptr, tok_len};

    eks_sv4_core core;
    memset(&core, 0, sizeof core);
    core.req = req;
    core.single_encode_path = cfg->single_encode_path;
    core.no_path_normalization = cfg->no_path_normalization;
    core.payload_hash = payload_hash;
    core.skip_token = has_token;
    eks_header add_h[3];
    eks_sv4_param add_q[5];
    char expires_digits[12];
    eks_str expires = EKS_STR_ABSENT;
    if (!query_mode) {
        size_t n = 0;
        add_h[n++] = (eks_header){EKS_STR_LIT("x-amz-date"), {out->amz_date, EKS_SIGV4_DATE_LEN}};
        if (has_token && !cfg->session_token_unsigned)
            add_h[n++] = (eks_header){EKS_STR_LIT("x-amz-security-token"), tok};
        if (cfg->sign_content_sha256)
            add_h[n++] = (eks_header){EKS_STR_LIT("x-amz-content-sha256"), payload_hash};
        core.add_headers = add_h;
        core.add_header_count = n;
        core.skip_date = true;
        core.skip_content_sha = cfg->sign_content_sha256;
    } else {
        char *end = expires_digits + sizeof expires_digits;
        expires.ptr = eks_decimal_before(end, cfg->expires_seconds);
        expires.len = (size_t)(end - expires.ptr);
        size_t n = 0;
        add_q[n++] = (eks_sv4_param){EKS_STR_LIT("X-Amz-Algorithm"), EKS_STR_LIT(EKS_SIGV4_ALGORITHM)};
        add_q[n++] = (eks_sv4_param){EKS_STR_LIT("X-Amz-Credential"), {cred, cred_len}};
        add_q[n++] = (eks_sv4_param){EKS_STR_LIT("X-Amz-Date"), {out->amz_date, EKS_SIGV4_DATE_LEN}};
        add_q[n++] = (eks_sv4_param){EKS_STR_LIT("X-Amz-Expires"), expires};
        if (has_token && !cfg->session_token_unsigned)
            add_q[n++] = (eks_sv4_param){EKS_STR_LIT("X-Amz-Security-Token"), tok};
        core.add_params = add_q;
        core.add_param_count = n;
        core.add_signed_headers_param = true;
        core.drop_auth_params = true;
    }
    if ((st = eks_sv4_canonical_request(&core, out)) != EKS_OK)
        goto out;

    eks_sv4_sha256_resume(&mid->canonical_request, out->canonical_request.ptr,
                          out->canonical_request.len, digest);
    eks_sv4_hex(digest, sizeof digest, sts->ptr + sts->len);
    sts->len += EKS_SIGV4_HEX_LEN;
    sts->ptr[sts->len] = '\0';

    eks_sv4_signing_key(cache, creds->secret_access_key, out->amz_date, cfg->region, service, &tmp_key, &key);
    key_derived = key == &tmp_key;
    eks_sv4_hmac_final_resume(key, &mid->string_to_sign, sts->ptr, sts->len, digest);
    eks_sv4_hex(digest, sizeof digest, out->signature);
    out->signature[EKS_SIGV4_HEX_LEN] = '\0';

    if (!query_mode) {
        eks_buf *a = &out->authorization;
        size_t need = 28 + cred_len + 16 + out->signed_headers.len + 12 + EKS_SIGV4_HEX_LEN;
        if ((st = eks_buf_room(a, need)) != EKS_OK)
            goto out;
        w = a->ptr;
        w = put(w, "AWS4-HMAC-SHA256 Credential=", 28);
        w = put(w, cred, cred_len);
        w = put(w, ", SignedHeaders=", 16);
        w = put(w, out->signed_headers.ptr, out->signed_headers.len);
        w = put(w, ", Signature=", 12);
        w = put(w, out->signature, EKS_SIGV4_HEX_LEN);
        a->len = (size_t)(w - a->ptr);
        *w = '\0';
        size_t n = 0;
        out->headers[n++] = (eks_header){EKS_STR_LIT("X-Amz-Date"), {out->amz_date, EKS_SIGV4_DATE_LEN}};
        if (has_token)
            out->headers[n++] = (eks_header){EKS_STR_LIT("X-Amz-Security-Token"), tok};
        if (cfg->sign_content_sha256)
            out->headers[n++] = (eks_header){EKS_STR_LIT("x-amz-content-sha256"), payload_hash};
        out->headers[n++] = (eks_header){EKS_STR_LIT("Authorization"), {a->ptr, a->len}};
        out->header_count = n;
    } else {
        eks_buf *q = &out->query;
        if (req->query.ptr && req->query.len &&
            ((st = append_query_without_auth(q, req->query, &out->priv_bytes_)) != EKS_OK ||
             (q->len && (st = eks_buf_append_byte(q, '&')) != EKS_OK)))
            goto out;
        static const char *const names[] = {"X-Amz-Algorithm=", "&X-Amz-Credential=", "&X-Amz-Date=",
                                            "&X-Amz-Expires=", "&X-Amz-SignedHeaders="};
        eks_str vals[5] = {EKS_STR_LIT(EKS_SIGV4_ALGORITHM), {cred, cred_len},
                           {out->amz_date, EKS_SIGV4_DATE_LEN}, expires,
                           {out->signed_headers.ptr, out->signed_headers.len}};
        for (size_t i = 0; i < 5; i++)
            if ((st = eks_buf_append_cstr(q, names[i])) != EKS_OK ||
                (st = eks_sv4_uri_encode(q, vals[i].ptr, vals[i].len)) != EKS_OK)
                goto out;
        if (has_token && ((st = eks_buf_append_cstr(q, "&X-Amz-Security-Token=")) != EKS_OK ||
                          (st = eks_sv4_uri_encode(q, tok.ptr, tok.len)) != EKS_OK))
            goto out;
        if ((st = eks_buf_append_cstr(q, "&X-Amz-Signature=")) != EKS_OK ||
            (st = eks_buf_append(q, out->signature, EKS_SIGV4_HEX_LEN)) != EKS_OK)
            goto out;
    }
    st = EKS_OK;
out:
    /* digest held only public values (body hash, canonical-request hash, signature). */
    if (key_derived)
        eks_sv4_hmac_key_wipe(&tmp_key);
    if (st != EKS_OK && out) {
        out->header_count = 0;
        out->signature[0] = '\0';
        eks_buf_clear(&out->authorization);
        eks_buf_clear(&out->query);
    }
    return st;
}
