/*
 * Capture reading and per-exchange validation (include/ekscodec/capture.h, exchange.h): the
 * input is a whole capture (JSON Lines, HAR or raw HTTP, detected from content as
 * `ekscodec validate` does). Every input is read twice, from memory and through a read
 * callback that hands it over in pieces of 1..16 bytes (the flags byte picks the size), the
 * path a proxy or a pipe takes, so every buffer boundary is crossed; each exchange is checked
 * in one of the two reads.
 *
 * Invariants: no crash, over-read or leak; the reader ends (no endless loop on any input);
 * both reads give the same exchanges (every view's bytes), positions, diagnostics (code,
 * offset, path, message), progress and end; diagnostic offsets lie within the input;
 * every exchange's verdict agrees with its error count (valid: none, invalid: some); a
 * context that has checked the capture's earlier exchanges judges each one exactly as a new
 * context does (verdict, operation, status, every diagnostic); the diagnostics limit holds; limits on line length are enforced (small ones in half the runs);
 * the reader never reports more bytes consumed than it was given.
 */
#include "fuzz_support.h"

#include "ekscodec/capture.h"
#include "ekscodec/exchange.h"

typedef struct pieces {
    const char *p;
    size_t left;
    size_t step;
} pieces;

static ptrdiff_t read_pieces(void *user, char *dst, size_t n, char *why, size_t why_len)
{
    (void)why;
    (void)why_len;
    pieces *s = user;
    size_t k = s->left < s->step ? s->left : s->step;
    if (k > n)
        k = n;
    if (k)
        memcpy(dst, s->p, k);
    s->p += k;
    s->left -= k;
    return (ptrdiff_t)k;
}

/* Appends one field to a record of what a reader gave: its length, then its bytes (or -1
 * for an absent view), so two records are equal only when every field is. */
static void put_str(eks_buf *b, eks_str v)
{
    long long n = v.ptr ? (long long)v.len : -1;
    FZ_CHECK(eks_buf_append(b, &n, sizeof n) == EKS_OK);
    if (v.ptr && v.len)
        FZ_CHECK(eks_buf_append(b, v.ptr, v.len) == EKS_OK);
}

static void put_num(eks_buf *b, unsigned long long v) { FZ_CHECK(eks_buf_append(b, &v, sizeof v) == EKS_OK); }

static void put_headers(eks_buf *b, const eks_header *h, size_t n)
{
    put_num(b, n);
    for (size_t i = 0; i < n; i++) {
        put_str(b, h[i].name);
        put_str(b, h[i].value);
    }
}

static void put_exchange(eks_buf *b, const eks_exchange *ex, uint64_t bytes)
{
    put_num(b, ex->position);
    put_num(b, bytes);
    put_num(b, (unsigned long long)ex->has_request << 1 | ex->has_response);
    if (ex->has_request) {
        put_str(b, ex->request.method);
        put_str(b, ex->request.path);
        put_str(b, ex->request.query);
        put_headers(b, ex->request.headers, ex->request.header_count);
        put_str(b, ex->request.body);
        put_str(b, ex->host);
        put_str(b, ex->authority);
    }
    if (ex->has_response) {
        put_num(b, (unsigned long long)ex->response.status);
        put_headers(b, ex->response.headers, ex->response.header_count);
        put_str(b, ex->response.body);
    }
    put_num(b, ex->diags.count);
    for (size_t i = 0; i < ex->diags.count; i++) {
        const eks_diag *d = &ex->diags.items[i];
        put_num(b, (unsigned long long)d->severity << 16 | (unsigned long long)d->code);
        put_num(b, d->offset);
        put_str(b, (eks_str){d->path, strlen(d->path)});
        put_str(b, (eks_str){d->message, strlen(d->message)});
    }
}

static void put_diag(void *user, eks_exchange_part part, const eks_diag *d)
{
    eks_buf *b = user;
    put_num(b, (unsigned long long)part << 32 | (unsigned long long)d->severity << 16 | (unsigned long long)d->code);
    put_num(b, d->offset);
    put_str(b, (eks_str){d->path, strlen(d->path)});
    put_str(b, (eks_str){d->message, strlen(d->message)});
}

/* What a check concluded, as a record: two records are equal only when the verdicts,
 * operations, statuses and every diagnostic are. */
static eks_buf result_record(const eks_exchange_result *res)
{
    eks_buf b;
    eks_buf_init(&b);
    put_num(&b, (unsigned long long)res->verdict << 8 | (unsigned long long)res->selected << 4 | res->selected_by);
    put_str(&b, res->op ? eks_str_from_cstr(eks_operation_name(res->op)) : EKS_STR_ABSENT);
    put_num(&b, (unsigned long long)(unsigned)res->status);
    put_str(&b, res->path);
    put_str(&b, res->request_id);
    put_num(&b, (unsigned long long)res->req_decoded << 1 | res->resp_decoded);
    eks_exchange_result_each(res, put_diag, &b);
    return b;
}

/* Reads the whole capture (from memory when step is 0, else in step-byte pieces) and
 * returns a record of every exchange; with ctx, each is also checked. */
static eks_buf read_capture(eks_capture_kind kind, const char *text, size_t len, const eks_capture_options *opt,
                            size_t step, eks_exchange_ctx *ctx, const eks_exchange_options *cfg, uint8_t flags)
{
    eks_buf rec;
    eks_buf_init(&rec);
    eks_capture_reader *reader = NULL;
    char err[256];
    eks_exchange ex;
    memset(&ex, 0, sizeof ex);
    eks_exchange_result res;
    memset(&res, 0, sizeof res);
    pieces src_state = {text, len, step};
    eks_capture_source src = {.read = read_pieces, .user = &src_state};
    bool opened = step ? eks_capture_reader_new(&reader, kind, &src, opt, err, sizeof err)
                       : eks_capture_reader_new_memory(&reader, kind, text, len, opt, err, sizeof err);
    put_num(&rec, opened);
    if (!opened) {
        put_str(&rec, (eks_str){err, strlen(err)});
        return rec;
    }
    size_t exchanges = 0;
    int got;
    while ((got = eks_capture_reader_next(reader, &ex, err, sizeof err)) > 0) {
        /* Each exchange consumes input: more exchanges than bytes means a loop. */
        FZ_CHECK(++exchanges <= len + 1);
        put_exchange(&rec, &ex, eks_capture_reader_bytes(reader));
        fz_check_diags(&ex.diags);
        fz_check_offsets(&ex.diags, len);
        if (!ctx)
            continue;
        /* a clock in half the runs: skew is then judged against it */
        int64_t now = flags & 2 ? 1795827724 : EKS_EXCHANGE_NO_CLOCK;
        FZ_CHECK(eks_exchange_check(ctx, &ex, now, &res));
        eks_exchange_ctx *fresh_ctx = eks_exchange_ctx_new(cfg);
        FZ_CHECK(fresh_ctx != NULL);
        eks_exchange_result fresh;
        memset(&fresh, 0, sizeof fresh);
        FZ_CHECK(eks_exchange_check(fresh_ctx, &ex, now, &fresh));
        eks_buf shared_rec = result_record(&res), fresh_rec = result_record(&fresh);
        FZ_CHECK(shared_rec.len == fresh_rec.len && memcmp(shared_rec.ptr, fresh_rec.ptr, fresh_rec.len) == 0);
        eks_buf_free(&shared_rec);
        eks_buf_free(&fresh_rec);
        eks_exchange_result_free(&fresh);
        eks_exchange_ctx_free(fresh_ctx);
        size_t errors = eks_exchange_result_errors(&res);
        if (res.verdict == EKS_VERDICT_VALID)
            FZ_CHECK(errors == 0);
        if (res.verdict == EKS_VERDICT_INVALID)
            FZ_CHECK(errors > 0);
        if (!res.selected)
            FZ_CHECK(res.verdict != EKS_VERDICT_VALID || errors == 0);
    }
    put_num(&rec, (unsigned long long)got);
    if (got < 0)
        put_str(&rec, (eks_str){err, strlen(err)});
    FZ_CHECK(eks_capture_reader_bytes(reader) <= len);
    put_num(&rec, eks_capture_reader_bytes(reader));
    eks_exchange_result_free(&res);
    eks_diags_free(&ex.diags);
    eks_capture_reader_free(reader);
    return rec;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    uint8_t flags = data[0];
    size_t len = size - 1;
    /* an exact-size copy: an over-read past the capture is caught by ASan */
    char *text = malloc(len ? len : 1);
    FZ_CHECK(text != NULL);
    if (len)
        memcpy(text, data + 1, len);
    eks_capture_kind kind = eks_capture_detect(text, len);
    if (kind == EKS_CAPTURE_UNKNOWN) {
        free(text);
        return 0;
    }
    eks_capture_options opt = {0};
    if (flags & 1) {
        opt.max_line_bytes = 64 + (flags >> 1);
        opt.max_message_bytes = 64 + (flags >> 1);
        opt.max_har_bytes = 256 + (flags >> 1);
    }
    eks_exchange_options cfg = {.strict = (flags & 2) != 0};
    eks_exchange_ctx *ctx = eks_exchange_ctx_new(&cfg);
    FZ_CHECK(ctx != NULL);
    /* The same exchanges, positions, diagnostics and progress from memory and from pieces
     * of 1..16 bytes (the flags byte picks the size): a file is judged the same wherever
     * its source cut it. */
    size_t step = 1 + ((flags >> 3) & 15);
    eks_buf from_memory = read_capture(kind, text, len, &opt, 0, flags & 4 ? NULL : ctx, &cfg, flags);
    eks_buf in_pieces = read_capture(kind, text, len, &opt, step, flags & 4 ? ctx : NULL, &cfg, flags);
    FZ_CHECK(from_memory.len == in_pieces.len && memcmp(from_memory.ptr, in_pieces.ptr, in_pieces.len) == 0);
    eks_buf_free(&from_memory);
    eks_buf_free(&in_pieces);
    eks_exchange_ctx_free(ctx);
    free(text);
    return 0;
}
