/*
 * Capture reading and per-exchange validation (tools/capture_*.c, tools/validate_check.c):
 * the input is a whole capture file (JSON Lines, HAR or raw HTTP, detected from content as
 * `ekscodec validate` does). It reaches the reader as already-read bytes in front of an
 * empty pipe, the path stdin takes, so every byte goes through the same buffering.
 *
 * Invariants: no crash, over-read or leak; the reader ends (no endless loop on any input);
 * every exchange's verdict agrees with its error count (valid: none, invalid: some); the
 * diagnostics limit holds; limits on line length are enforced (small ones in half the runs).
 */
#include "fuzz_support.h"

#include <unistd.h>

#include "capture.h"
#include "validate_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    uint8_t flags = data[0];
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    cap_kind kind = cap_detect(text, len);
    if (kind == CAP_UNKNOWN)
        return 0;
    int fds[2];
    FZ_CHECK(pipe(fds) == 0);
    close(fds[1]); /* nothing more than the prefix: the end of the input */
    cap_options opt = {0};
    if (flags & 1) {
        opt.max_line_bytes = 64 + (flags >> 1);
        opt.max_message_bytes = 64 + (flags >> 1);
        opt.max_har_bytes = 256 + (flags >> 1);
    }
    val_config cfg = {.strict = (flags & 2) != 0};
    val_ctx *ctx = val_ctx_new(&cfg);
    FZ_CHECK(ctx != NULL);
    cap_reader *reader = NULL;
    char err[256];
    cap_exchange ex;
    memset(&ex, 0, sizeof ex);
    val_result res;
    memset(&res, 0, sizeof res);
    if (cap_reader_open(&reader, kind, fds[0], 0, UINT64_MAX, text, len, &opt, err, sizeof err)) {
        size_t exchanges = 0;
        for (;;) {
            int got = cap_reader_next(reader, &ex, err, sizeof err);
            if (got <= 0)
                break;
            /* Each exchange consumes input: more exchanges than bytes means a loop. */
            FZ_CHECK(++exchanges <= len + 1);
            FZ_CHECK(val_check(ctx, &ex, &res));
            size_t errors = val_result_errors(&res);
            if (res.verdict == VAL_VALID)
                FZ_CHECK(errors == 0);
            if (res.verdict == VAL_INVALID)
                FZ_CHECK(errors > 0);
            if (!res.selected)
                FZ_CHECK(res.verdict != VAL_VALID || errors == 0);
            fz_check_diags(&ex.diags);
        }
        FZ_CHECK(cap_reader_bytes(reader) <= len);
    }
    val_result_free(&res);
    eks_diags_free(&ex.diags);
    cap_reader_free(reader);
    val_ctx_free(ctx);
    close(fds[0]);
    return 0;
}
