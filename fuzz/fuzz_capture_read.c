/*
 * Capture reading and per-exchange validation (include/ekscodec/capture.h, exchange.h): the
 * input is a whole capture (JSON Lines, HAR or raw HTTP, detected from content as
 * `ekscodec validate` does). Half the runs read it from memory, half through a read callback
 * that hands it over in pieces of 1..16 bytes (the flags byte picks the size), the path a
 * proxy or a pipe takes, so every buffer boundary is crossed.
 *
 * Invariants: no crash, over-read or leak; the reader ends (no endless loop on any input);
 * every exchange's verdict agrees with its error count (valid: none, invalid: some); the
 * diagnostics limit holds; limits on line length are enforced (small ones in half the runs);
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
    eks_capture_reader *reader = NULL;
    char err[256];
    eks_exchange ex;
    memset(&ex, 0, sizeof ex);
    eks_exchange_result res;
    memset(&res, 0, sizeof res);
    pieces src_state = {text, len, 1 + ((flags >> 3) & 15)};
    eks_capture_source src = {.read = read_pieces, .user = &src_state};
    bool opened = flags & 4 ? eks_capture_reader_new(&reader, kind, &src, &opt, err, sizeof err)
                            : eks_capture_reader_new_memory(&reader, kind, text, len, &opt, err, sizeof err);
    if (opened) {
        size_t exchanges = 0;
        for (;;) {
            int got = eks_capture_reader_next(reader, &ex, err, sizeof err);
            if (got <= 0)
                break;
            /* Each exchange consumes input: more exchanges than bytes means a loop. */
            FZ_CHECK(++exchanges <= len + 1);
            /* a clock in half the runs: skew is then judged against it */
            FZ_CHECK(eks_exchange_check(ctx, &ex, flags & 2 ? 1795827724 : EKS_EXCHANGE_NO_CLOCK, &res));
            size_t errors = eks_exchange_result_errors(&res);
            if (res.verdict == EKS_VERDICT_VALID)
                FZ_CHECK(errors == 0);
            if (res.verdict == EKS_VERDICT_INVALID)
                FZ_CHECK(errors > 0);
            if (!res.selected)
                FZ_CHECK(res.verdict != EKS_VERDICT_VALID || errors == 0);
            fz_check_diags(&ex.diags);
        }
        FZ_CHECK(eks_capture_reader_bytes(reader) <= len);
    }
    eks_exchange_result_free(&res);
    eks_diags_free(&ex.diags);
    eks_capture_reader_free(reader);
    eks_exchange_ctx_free(ctx);
    free(text);
    return 0;
}
