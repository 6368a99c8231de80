/* Text and JSON output of `ekscodec validate`; see validate_report.h. */
#include "validate_report.h"

#include "cli_common.h"

#include "ekscodec/operation.h"

#include "json_read.h"

#include <inttypes.h>
#include <string.h>

bool val_counts_add(val_counts *into, const val_counts *c)
{
    val_counts sum;
    if (__builtin_add_overflow(into->exchanges, c->exchanges, &sum.exchanges) ||
        __builtin_add_overflow(into->valid, c->valid, &sum.valid) ||
        __builtin_add_overflow(into->invalid, c->invalid, &sum.invalid) ||
        __builtin_add_overflow(into->skipped, c->skipped, &sum.skipped))
        return false;
    *into = sum;
    return true;
}

static void put_position(val_sink *s, uint64_t v)
{
    if (s->deferred) {
        unsigned char m[9];
        m[0] = 0;
        for (int i = 0; i < 8; i++)
            m[1 + i] = (unsigned char)(v >> (8 * i));
        fwrite(m, 1, sizeof m, s->f);
    } else {
        fprintf(s->f, "%" PRIu64, s->base + v);
    }
}

bool val_sink_replay(FILE *in, FILE *out, uint64_t base)
{
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
        size_t i = 0;
        while (i < n) {
            char *z = memchr(buf + i, '\0', n - i);
            size_t stop = z ? (size_t)(z - buf) : n;
            fwrite(buf + i, 1, stop - i, out);
            i = stop;
            if (!z)
                break;
            if (n - i < 9) {
                /* the marker straddles two reads: read it again from its start */
                if (n < sizeof buf || fseek(in, -(long)(n - i), SEEK_CUR) != 0)
                    return false;
                break;
            }
            uint64_t v = 0;
            for (int k = 0; k < 8; k++)
                v |= (uint64_t)(unsigned char)buf[i + 1 + k] << (8 * k);
            fprintf(out, "%" PRIu64, base + v);
            i += 9;
        }
    }
    return !ferror(in);
}

/* JSON string, escaped as cli_print_json's output is (cli_json_escaped_char) */
static void put_json_str(FILE *f, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    fputc('"', f);
    size_t run = 0;
    for (size_t i = 0, n; i < len; i += n) {
        int c = cli_json_escaped_char(u + i, len - i, &n);
        if (c < 0) {
            c = u[i];
            if (c >= 0x80 || (c >= 0x20 && c != '"' && c != '\\'))
                continue;
        }
        fwrite(s + run, 1, i - run, f);
        run = i + n;
        switch (c) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default: fprintf(f, "\\u%04x", (unsigned)c); break;
        }
    }
    fwrite(s + run, 1, len - run, f);
    fputc('"', f);
}

static void text_position(val_sink *s, const char *file, eks_capture_kind kind, uint64_t pos)
{
    cli_put_terminal_text(s->f, file, strlen(file));
    fputs(kind == EKS_CAPTURE_HAR ? ":entry " : kind == EKS_CAPTURE_HTTP ? ":byte " : ":", s->f);
    put_position(s, pos);
}

typedef struct emit_ctx {
    FILE *f;
    bool first;
} emit_ctx;

static void json_diag(void *vctx, eks_exchange_part part, const eks_diag *d)
{
    emit_ctx *e = vctx;
    FILE *f = e->f;
    if (!e->first)
        fputc(',', f);
    e->first = false;
    fprintf(f, "{\"part\":\"%s\",\"severity\":\"%s\",\"code\":\"%s\",\"path\":", eks_exchange_part_name(part),
            eks_severity_name(d->severity), eks_diag_code_name(d->code));
    put_json_str(f, d->path, strlen(d->path));
    if (d->offset != SIZE_MAX)
        fprintf(f, ",\"offset\":%zu", d->offset);
    fputs(",\"message\":", f);
    put_json_str(f, d->message, strlen(d->message));
    fputc('}', f);
}

static void text_diag(void *vctx, eks_exchange_part part, const eks_diag *d)
{
    emit_ctx *e = vctx;
    FILE *f = e->f;
    /* the path can quote the capture (a header's name): it is shown as the message is */
    fprintf(f, "  %-8s %-7s %s ", eks_exchange_part_name(part), eks_severity_name(d->severity),
            eks_diag_code_name(d->code));
    if (d->path[0])
        cli_put_terminal_text(f, d->path, strlen(d->path));
    else
        fputc('-', f);
    if (d->offset != SIZE_MAX)
        fprintf(f, " (byte %zu)", d->offset);
    fputs(": ", f);
    cli_put_terminal_text(f, d->message, strlen(d->message));
    fputc('\n', f);
}

static size_t dropped(const eks_exchange_result *r)
{
    size_t n = r->checks.dropped + (r->capture ? r->capture->dropped : 0);
    if (r->req_decoded)
        n += r->req.diags.dropped;
    if (r->resp_decoded)
        n += r->resp.diags.dropped;
    return n;
}

void val_report_exchange(val_sink *s, val_format fmt, const char *file, eks_capture_kind kind,
                         uint64_t position, const eks_exchange_result *r)
{
    FILE *f = s->f;
    emit_ctx e = {f, true};
    if (fmt == VAL_FMT_JSON) {
        fputs("{\"file\":", f);
        put_json_str(f, file, strlen(file));
        fprintf(f, ",\"%s\":", eks_capture_position_name(kind));
        put_position(s, position);
        fprintf(f, ",\"verdict\":\"%s\"", eks_verdict_name(r->verdict));
        if (r->selected) {
            fprintf(f, ",\"operation\":\"%s\",\"selectedBy\":\"%s\"", eks_operation_name(r->op),
                    eks_selection_name(r->selected_by));
            fputs(",\"path\":", f);
            put_json_str(f, r->path.ptr, r->path.len);
            if (r->status)
                fprintf(f, ",\"status\":%d", r->status);
            if (r->request_id.ptr) {
                fputs(",\"requestId\":", f);
                put_json_str(f, r->request_id.ptr, r->request_id.len);
            }
        }
        fputs(",\"diagnostics\":[", f);
        eks_exchange_result_each(r, json_diag, &e);
        size_t nd = dropped(r);
        if (nd) {
            fprintf(f, "%s{\"part\":\"exchange\",\"severity\":\"warning\",\"code\":\"limit_exceeded\",\"path\":\"\","
                       "\"message\":\"%zu more diagnostics not shown\"}", e.first ? "" : ",", nd);
        }
        fputs("]}\n", f);
        return;
    }
    size_t errors = eks_exchange_result_errors(r), warnings = eks_exchange_result_warnings(r);
    if (!errors && !warnings)
        return;
    text_position(s, file, kind, position);
    fprintf(f, ": %s", eks_verdict_name(r->verdict));
    if (r->selected) {
        fprintf(f, "  %s %s ", eks_operation_name(r->op), eks_operation_method(r->op));
        cli_put_terminal_text(f, r->path.ptr, r->path.len);
        if (r->status)
            fprintf(f, " -> %d", r->status);
        if (r->request_id.ptr) {
            fputs(" (request id ", f);
            cli_put_terminal_text(f, r->request_id.ptr, r->request_id.len);
            fputc(')', f);
        }
    }
    fprintf(f, "  [%zu error%s, %zu warning%s]\n", errors, errors == 1 ? "" : "s", warnings,
            warnings == 1 ? "" : "s");
    eks_exchange_result_each(r, text_diag, &e);
    size_t nd = dropped(r);
    if (nd)
        fprintf(f, "  ... %zu more diagnostics not shown\n", nd);
    bool sig_problem = false;
    for (size_t i = 0; i < r->checks.count; i++) {
        eks_diag_code c = r->checks.items[i].code;
        sig_problem |= c == EKS_DIAG_SIGNATURE_MALFORMED || c == EKS_DIAG_SIGNATURE_MISMATCH || c == EKS_DIAG_ENDPOINT;
    }
    if (sig_problem && r->authorization.ptr) {
        /* context for a person; the signature and key never leave the capture */
        char shown[512];
        val_redact_authorization(r->authorization, shown, sizeof shown);
        fputs("  authorization: ", f);
        cli_put_terminal_text(f, shown, strlen(shown));
        fputc('\n', f);
    }
}

void val_report_summary(FILE *f, val_format fmt, const val_counts *c)
{
    if (fmt == VAL_FMT_JSON)
        fprintf(f, "{\"summary\":{\"exchanges\":%" PRIu64 ",\"valid\":%" PRIu64 ",\"invalid\":%" PRIu64
                   ",\"skipped\":%" PRIu64 "}}\n",
                c->exchanges, c->valid, c->invalid, c->skipped);
    else
        fprintf(f, "%" PRIu64 " exchange%s: %" PRIu64 " valid, %" PRIu64 " invalid, %" PRIu64 " skipped\n",
                c->exchanges, c->exchanges == 1 ? "" : "s", c->valid, c->invalid, c->skipped);
}

/* Whether every byte of [p, e) is in the set a shown part may hold. */
static bool only_bytes(const char *p, const char *e, const char *allowed)
{
    for (; p < e; p++)
        if (!(*p >= 'a' && *p <= 'z') && !(*p >= '0' && *p <= '9') && !strchr(allowed, *p))
            return false;
    return true;
}

void val_redact_authorization(eks_str value, char *out, size_t outsz)
{
    /* Keep the algorithm, the separators and the parts a reader needs (the credential scope,
     * the signed header names): every other token, the access key id and anything that does
     * not look like what it claims to be are replaced. The value is malformed when it is
     * shown (that is why it is shown), so tokens are cut at commas and at blanks alike: a
     * Signature= that follows a blank instead of a comma is a token of its own. */
    if (!outsz)
        return;
    out[0] = '\0';
    if (!value.ptr)
        return;
    size_t o = 0;
    const char *p = value.ptr, *end = value.ptr + value.len;
#define PUT(s, n)                                          \
    do {                                                   \
        size_t n_ = (n);                                   \
        if (o + n_ >= outsz)                               \
            n_ = outsz - 1 - o;                            \
        memcpy(out + o, (s), n_);                          \
        o += n_;                                           \
    } while (0)
    static const char alg[] = "AWS4-HMAC-SHA256 ";
    if ((size_t)(end - p) < sizeof alg - 1 || memcmp(p, alg, sizeof alg - 1) != 0) {
        PUT(VAL_REDACTED, sizeof VAL_REDACTED - 1);
        out[o] = '\0';
        return;
    }
    PUT(alg, sizeof alg - 1);
    p += sizeof alg - 1;
    while (p < end) {
        const char *e = p;
        while (e < end && (*e == ',' || *e == ' ' || *e == '\t'))
            e++;
        PUT(p, (size_t)(e - p)); /* separators: nothing secret in them */
        p = e;
        while (e < end && *e != ',' && *e != ' ' && *e != '\t')
            e++;
        if (p == e)
            break;
        const char *eq = memchr(p, '=', (size_t)(e - p));
        size_t name = eq ? (size_t)(eq - p) : 0;
        if (name == 13 && memcmp(p, "SignedHeaders", 13) == 0 && only_bytes(eq + 1, e, ";-_.")) {
            PUT(p, (size_t)(e - p));
        } else if (name == 10 && memcmp(p, "Credential", 10) == 0) {
            const char *slash = memchr(eq, '/', (size_t)(e - eq));
            PUT(p, name + 1);
            PUT(VAL_REDACTED, sizeof VAL_REDACTED - 1);
            if (slash && only_bytes(slash, e, "/-_"))
                PUT(slash, (size_t)(e - slash));
        } else if (eq && only_bytes(p, eq, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")) {
            PUT(p, name + 1);
            PUT(VAL_REDACTED, sizeof VAL_REDACTED - 1);
        } else {
            PUT(VAL_REDACTED, sizeof VAL_REDACTED - 1);
        }
        p = e;
    }
#undef PUT
    out[o] = '\0';
}
