/*
 * Smithy constraint traits against single values. Bounds and patterns come from the
 * generated tables (the model's `min`/`max`/`pattern`, which botocore's JSON model uses for
 * Smithy's `length` and `range` traits); what a bound counts depends on the shape's kind:
 * string code points, blob bytes, list items, map entries, integer values.
 */
#include "constraints.h"

#include "json_read.h"
#include "pattern.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define SNIPPET_MAX 64 /* bytes of a value quoted in a message */

size_t eks_utf8_length(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* A blob travels as base64 text; Smithy's `length` of a blob counts the bytes it carries. */
static size_t base64_decoded_length(const char *s, size_t len)
{
    size_t pad = 0;
    while (pad < 2 && pad < len && s[len - 1 - pad] == '=')
        pad++;
    size_t data = len - pad;
    return data / 4 * 3 + (data % 4 ? data % 4 - 1 : 0);
}

/* Quotes up to SNIPPET_MAX bytes of s as a JSON-style string body: controls, quotes and
 * backslashes escaped (a message may reach a terminal), invalid UTF-8 bytes as \xNN, never
 * a partial UTF-8 sequence, "..." when cut. out has room for SNIPPET_MAX + 4 bytes. */
static void snippet(const char *s, size_t len, char out[SNIPPET_MAX + 4])
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0, i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        size_t take = 1, n;
        if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
            esc[0] = (char)c;
            n = 1;
        } else if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            n = 2;
        } else if (c < 0x80) {
            memcpy(esc, "\\u00", 4);
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            n = 6;
        } else {
            size_t seq = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            if (seq > 1 && seq <= len - i && eks_utf8_valid(s + i, seq)) {
                memcpy(esc, s + i, seq);
                n = take = seq;
            } else {
                esc[0] = '\\';
                esc[1] = 'x';
                esc[2] = hex[c >> 4];
                esc[3] = hex[c & 15];
                n = 4;
            }
        }
        if (o + n > SNIPPET_MAX) {
            memcpy(out + o, "...", 3);
            o += 3;
            break;
        }
        memcpy(out + o, esc, n);
        o += n;
        i += take;
    }
    out[o] = '\0';
}

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void report(eks_constraint_emit emit, void *ctx, eks_diag_code code, const char *fmt, ...)
{
    char msg[384];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    emit(ctx, code, msg);
}

bool eks_constraints_string(const eks_shape_desc *sd, const char *s, size_t len, const char *role,
                            eks_constraint_emit emit, void *ctx)
{
    bool ok = true;
    if (!s) { /* the validator reports a NULL with a length; here it is empty */
        s = "";
        len = 0;
    }
    const char *open = role ? " (" : "", *what = role ? role : "", *close = role ? ")" : "";
    /* A string has no more code points than bytes, so a short one needs no count; min and
     * max are non-negative in the model, and a count is never negative. */
    bool blob = sd->kind == EKS_KIND_BLOB;
    bool count_needed = (sd->has_max && (uint64_t)len > (uint64_t)sd->max_value) ||
                        (sd->has_min && sd->min_value > 0 && (uint64_t)len / 4 < (uint64_t)sd->min_value);
    if (count_needed || blob) {
        size_t n = blob ? base64_decoded_length(s, len) : eks_utf8_length(s, len);
        const char *unit = blob ? "bytes" : "code points";
        if (sd->has_min && (sd->min_value > 0 && (uint64_t)n < (uint64_t)sd->min_value)) {
            ok = false;
            if (emit)
                report(emit, ctx, EKS_DIAG_LENGTH_OUT_OF_RANGE,
                       "%s%s%s%s: length %zu (%s) is below the minimum %" PRId64, sd->name, open, what,
                       close, n, unit, sd->min_value);
        }
        if (sd->has_max && (sd->max_value < 0 || (uint64_t)n > (uint64_t)sd->max_value)) {
            ok = false;
            if (emit)
                report(emit, ctx, EKS_DIAG_LENGTH_OUT_OF_RANGE,
                       "%s%s%s%s: length %zu (%s) is above the maximum %" PRId64, sd->name, open, what,
                       close, n, unit, sd->max_value);
        }
    }
    if (sd->pattern && !blob && !eks_pattern_match(sd->pattern, s, len)) {
        ok = false;
        if (emit) {
            char quoted[SNIPPET_MAX + 4];
            snippet(s, len, quoted);
            report(emit, ctx, EKS_DIAG_PATTERN_MISMATCH, "%s%s%s%s: \"%s\" does not match the pattern %.100s",
                   sd->name, open, what, close, quoted, sd->pattern->source ? sd->pattern->source : "");
        }
    }
    return ok;
}

bool eks_constraints_count(const eks_shape_desc *sd, size_t count, eks_constraint_emit emit, void *ctx)
{
    const char *unit = sd->kind == EKS_KIND_MAP ? "entries" : "items";
    if (sd->has_min && sd->min_value > 0 && (uint64_t)count < (uint64_t)sd->min_value) {
        if (emit)
            report(emit, ctx, EKS_DIAG_LENGTH_OUT_OF_RANGE, "%s: %zu %s, below the minimum %" PRId64,
                   sd->name, count, unit, sd->min_value);
        return false;
    }
    if (sd->has_max && (sd->max_value < 0 || (uint64_t)count > (uint64_t)sd->max_value)) {
        if (emit)
            report(emit, ctx, EKS_DIAG_LENGTH_OUT_OF_RANGE, "%s: %zu %s, above the maximum %" PRId64,
                   sd->name, count, unit, sd->max_value);
        return false;
    }
    return true;
}

bool eks_constraints_integer(const eks_shape_desc *sd, int64_t v, eks_constraint_emit emit, void *ctx)
{
    if (sd->has_min && v < sd->min_value) {
        if (emit)
            report(emit, ctx, EKS_DIAG_VALUE_OUT_OF_RANGE, "%s: value %" PRId64 " is below the minimum %" PRId64,
                   sd->name, v, sd->min_value);
        return false;
    }
    if (sd->has_max && v > sd->max_value) {
        if (emit)
            report(emit, ctx, EKS_DIAG_VALUE_OUT_OF_RANGE, "%s: value %" PRId64 " is above the maximum %" PRId64,
                   sd->name, v, sd->max_value);
        return false;
    }
    return true;
}
