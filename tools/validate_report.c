/* Text and JSON output of `ekscodec validate`; see validate_report.h. */
#include "validate_report.h"

#include "cli_common.h"
#include "cli_out.h"

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

static void put_position(cli_out *o, const val_sink *s, uint64_t v)
{
    if (s->deferred) {
        unsigned char m[9];
        m[0] = 0;
        for (int i = 0; i < 8; i++)
            m[1 + i] = (unsigned char)(v >> (8 * i));
        cli_out_bytes(o, m, sizeof m);
    } else {
        cli_out_u64(o, s->base + v);
    }
}

bool val_sink_replay(FILE *in, FILE *out, uint64_t base, int *write_err)
{
    char buf[65536];
    size_t n;
    cli_out o; /* for its record of a failed write; the copy is in large pieces already */
    cli_out_init(&o, out);
    while (!o.err && (n = fread(buf, 1, sizeof buf, in)) > 0) {
        size_t i = 0;
        while (i < n) {
            char *z = memchr(buf + i, '\0', n - i);
            size_t stop = z ? (size_t)(z - buf) : n;
            cli_out_bytes(&o, buf + i, stop - i);
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
            cli_out_u64(&o, base + v);
            i += 9;
        }
    }
    cli_out_flush(&o);
    if (o.err && !*write_err)
        *write_err = o.err;
    return o.err || !ferror(in);
}

static void text_position(cli_out *o, const val_sink *s, const char *file, eks_capture_kind kind, uint64_t pos)
{
    cli_out_terminal_text(o, file, strlen(file));
    cli_out_str(o, kind == EKS_CAPTURE_HAR ? ":entry " : kind == EKS_CAPTURE_HTTP ? ":byte " : ":");
    put_position(o, s, pos);
}

typedef struct emit_ctx {
    cli_out *o;
    bool first;
} emit_ctx;

static void json_diag(void *vctx, eks_exchange_part part, const eks_diag *d)
{
    emit_ctx *e = vctx;
    cli_out *o = e->o;
    cli_out_str(o, e->first ? "{\"part\":\"" : ",{\"part\":\"");
    e->first = false;
    cli_out_str(o, eks_exchange_part_name(part));
    cli_out_str(o, "\",\"severity\":\"");
    cli_out_str(o, eks_severity_name(d->severity));
    cli_out_str(o, "\",\"code\":\"");
    cli_out_str(o, eks_diag_code_name(d->code));
    cli_out_str(o, "\",\"path\":");
    cli_out_json_str(o, d->path, strlen(d->path));
    if (d->offset != SIZE_MAX) {
        cli_out_str(o, ",\"offset\":");
        cli_out_u64(o, d->offset);
    }
    cli_out_str(o, ",\"message\":");
    cli_out_json_str(o, d->message, strlen(d->message));
    cli_out_char(o, '}');
}

static void text_diag(void *vctx, eks_exchange_part part, const eks_diag *d)
{
    emit_ctx *e = vctx;
    cli_out *o = e->o;
    cli_out_str(o, "  ");
    cli_out_padded(o, eks_exchange_part_name(part), 8);
    cli_out_char(o, ' ');
    cli_out_padded(o, eks_severity_name(d->severity), 7);
    cli_out_char(o, ' ');
    cli_out_str(o, eks_diag_code_name(d->code));
    cli_out_char(o, ' ');
    /* the path can quote the capture (a header's name): it is shown as the message is */
    if (d->path[0])
        cli_out_terminal_text(o, d->path, strlen(d->path));
    else
        cli_out_char(o, '-');
    if (d->offset != SIZE_MAX) {
        cli_out_str(o, " (byte ");
        cli_out_u64(o, d->offset);
        cli_out_char(o, ')');
    }
    cli_out_str(o, ": ");
    cli_out_terminal_text(o, d->message, strlen(d->message));
    cli_out_char(o, '\n');
}

static void report_json(cli_out *o, const val_sink *s, const char *file, eks_capture_kind kind, uint64_t position,
                        const eks_exchange_result *r)
{
    emit_ctx e = {o, true};
    cli_out_str(o, "{\"file\":");
    cli_out_json_str(o, file, strlen(file));
    cli_out_str(o, ",\"");
    cli_out_str(o, eks_capture_position_name(kind));
    cli_out_str(o, "\":");
    put_position(o, s, position);
    cli_out_str(o, ",\"verdict\":\"");
    cli_out_str(o, eks_verdict_name(r->verdict));
    cli_out_char(o, '"');
    if (r->selected) {
        cli_out_str(o, ",\"operation\":\"");
        cli_out_str(o, eks_operation_name(r->op));
        cli_out_str(o, "\",\"selectedBy\":\"");
        cli_out_str(o, eks_selection_name(r->selected_by));
        cli_out_str(o, "\",\"path\":");
        cli_out_json_str(o, r->path.ptr, r->path.len);
    }
    if (r->selected || s->status_always) {
        if (r->status) {
            cli_out_str(o, ",\"status\":");
            cli_out_int(o, r->status);
        }
        if (r->request_id.ptr) {
            cli_out_str(o, ",\"requestId\":");
            cli_out_json_str(o, r->request_id.ptr, r->request_id.len);
        }
    }
    cli_out_str(o, ",\"diagnostics\":[");
    eks_exchange_result_each(r, json_diag, &e);
    size_t nd = eks_exchange_result_dropped(r);
    if (nd) {
        cli_out_str(o, e.first ? "" : ",");
        cli_out_str(o, "{\"part\":\"exchange\",\"severity\":\"warning\",\"code\":\"limit_exceeded\",\"path\":\"\","
                       "\"message\":\"");
        cli_out_u64(o, nd);
        cli_out_str(o, " more diagnostics not shown\"}");
    }
    cli_out_str(o, "]}\n");
}

static void report_text(cli_out *o, const val_sink *s, const char *file, eks_capture_kind kind, uint64_t position,
                        const eks_exchange_result *r, size_t errors, size_t warnings)
{
    emit_ctx e = {o, true};
    text_position(o, s, file, kind, position);
    cli_out_str(o, ": ");
    cli_out_str(o, eks_verdict_name(r->verdict));
    if (r->selected) {
        cli_out_str(o, "  ");
        cli_out_str(o, eks_operation_name(r->op));
        cli_out_char(o, ' ');
        cli_out_str(o, eks_operation_method(r->op));
        cli_out_char(o, ' ');
        cli_out_terminal_text(o, r->path.ptr, r->path.len);
        if (r->status) {
            cli_out_str(o, " -> ");
            cli_out_int(o, r->status);
        }
        if (r->request_id.ptr) {
            cli_out_str(o, " (request id ");
            cli_out_terminal_text(o, r->request_id.ptr, r->request_id.len);
            cli_out_char(o, ')');
        }
    }
    cli_out_str(o, "  [");
    cli_out_u64(o, errors);
    cli_out_str(o, errors == 1 ? " error, " : " errors, ");
    cli_out_u64(o, warnings);
    cli_out_str(o, warnings == 1 ? " warning]\n" : " warnings]\n");
    eks_exchange_result_each(r, text_diag, &e);
    size_t nd = eks_exchange_result_dropped(r);
    if (nd) {
        cli_out_str(o, "  ... ");
        cli_out_u64(o, nd);
        cli_out_str(o, " more diagnostics not shown\n");
    }
    bool sig_problem = false;
    for (size_t i = 0; i < r->checks.count; i++) {
        eks_diag_code c = r->checks.items[i].code;
        sig_problem |= c == EKS_DIAG_SIGNATURE_MALFORMED || c == EKS_DIAG_SIGNATURE_MISMATCH || c == EKS_DIAG_ENDPOINT;
    }
    if (sig_problem && r->authorization.ptr) {
        /* context for a person; the signature and key never leave the capture */
        char shown[512];
        val_redact_authorization(r->authorization, shown, sizeof shown);
        cli_out_str(o, "  authorization: ");
        cli_out_terminal_text(o, shown, strlen(shown));
        cli_out_char(o, '\n');
    }
}

int val_report_exchange(val_sink *s, val_format fmt, const char *file, eks_capture_kind kind,
                        uint64_t position, const eks_exchange_result *r)
{
    if (fmt == VAL_FMT_TEXT) {
        size_t errors = eks_exchange_result_errors(r), warnings = eks_exchange_result_warnings(r);
        if (!errors && !warnings)
            return 0; /* the common case, and nothing to write: no buffer set up */
        cli_out o;
        cli_out_init(&o, s->f);
        report_text(&o, s, file, kind, position, r, errors, warnings);
        cli_out_flush(&o);
        return o.err;
    }
    cli_out o;
    cli_out_init(&o, s->f);
    report_json(&o, s, file, kind, position, r);
    cli_out_flush(&o);
    return o.err;
}

void val_report_summary(FILE *f, val_format fmt, const val_counts *c, bool incomplete)
{
    if (fmt == VAL_FMT_JSON)
        fprintf(f, "{\"summary\":{\"exchanges\":%" PRIu64 ",\"valid\":%" PRIu64 ",\"invalid\":%" PRIu64
                   ",\"skipped\":%" PRIu64 "%s}}\n",
                c->exchanges, c->valid, c->invalid, c->skipped, incomplete ? ",\"incomplete\":true" : "");
    else /* the text says it too: "0 exchanges: 0 valid ..." read as a clean run */
        fprintf(f, "%" PRIu64 " exchange%s: %" PRIu64 " valid, %" PRIu64 " invalid, %" PRIu64 " skipped%s\n",
                c->exchanges, c->exchanges == 1 ? "" : "s", c->valid, c->invalid, c->skipped,
                incomplete ? " (incomplete: see the messages on stderr)" : "");
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
