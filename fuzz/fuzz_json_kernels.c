/*
 * Differential target for the JSON reader's kernels (codec/json_scan.h: the run scanners, and
 * the block moves that unescape strings in place): each input is read by the portable scalar
 * kernel and by every block kernel this CPU has (SSE2, AVX2), twice
 * each way: a generic walk of the whole value, and a schema-directed decode into one of the
 * model's shapes. Everything must agree: success, every token (type, offset, string and
 * number bytes), the stop position, and every diagnostic (severity, code, path, byte offset,
 * message); the decoded values are compared through the encoder's JSON.
 */
#include "fuzz_support.h"
#include "shape_codec.h"

typedef struct walk_log {
    uint64_t h;
    size_t tokens;
} walk_log;

static void log_bytes(walk_log *w, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        w->h = (w->h ^ b[i]) * 1099511628211ull;
    w->tokens++;
}

static void log_token(walk_log *w, int type, size_t offset, eks_str s)
{
    log_bytes(w, &type, sizeof type);
    log_bytes(w, &offset, sizeof offset);
    log_bytes(w, &s.len, sizeof s.len);
    if (s.len)
        log_bytes(w, s.ptr, s.len);
}

static bool walk(eks_json_reader *r, walk_log *w)
{
    eks_json_type t = eks_json_peek(r);
    size_t at = r->pos;
    eks_str s = {0};
    bool first = true;
    size_t koff = 0;
    log_token(w, (int)t, at, s);
    switch (t) {
    case EKS_JSON_OBJECT:
        if (!eks_json_object_begin(r))
            return false;
        while (eks_json_object_next(r, &first, &s, &koff)) {
            log_token(w, 100, koff, s);
            if (!walk(r, w))
                return false;
        }
        return !r->failed;
    case EKS_JSON_ARRAY:
        if (!eks_json_array_begin(r))
            return false;
        while (eks_json_array_next(r, &first))
            if (!walk(r, w))
                return false;
        return !r->failed;
    case EKS_JSON_STRING:
        if (!eks_json_read_string(r, &s))
            return false;
        log_token(w, 101, r->pos, s);
        return true;
    case EKS_JSON_NUMBER:
        if (!eks_json_read_number(r, &s, NULL))
            return false;
        log_token(w, 102, r->pos, s);
        return true;
    default:
        return eks_json_skip_value(r);
    }
}

static void check_same_diags(const eks_diags *a, const eks_diags *b)
{
    FZ_CHECK(a->count == b->count);
    FZ_CHECK(a->errors == b->errors);
    for (size_t i = 0; i < a->count; i++) {
        FZ_CHECK(a->items[i].severity == b->items[i].severity);
        FZ_CHECK(a->items[i].code == b->items[i].code);
        FZ_CHECK(a->items[i].offset == b->items[i].offset);
        FZ_CHECK(strcmp(a->items[i].path, b->items[i].path) == 0);
        FZ_CHECK(strcmp(a->items[i].message, b->items[i].message) == 0);
    }
}

typedef struct run_result {
    bool ok;
    size_t pos;
    bool failed;
    walk_log log;
    eks_diags diags;
    eks_buf json; /* the decoded value, encoded again (shape runs) */
    eks_status enc;
} run_result;

static void run(const uint8_t *data, size_t size, eks_json_kernel kernel, const eks_limits *lim,
                int shape, bool strict, run_result *out)
{
    memset(out, 0, sizeof *out);
    eks_diags_init(&out->diags);
    /* An exact-size copy plus the NUL the reader requires: a scanner reading past it is
     * caught by ASan. */
    char *buf = malloc(size + 1);
    FZ_CHECK(buf != NULL);
    if (size)
        memcpy(buf, data, size);
    buf[size] = '\0';
    if (shape < 0) {
        eks_json_reader r;
        eks_json_reader_init(&r, buf, size, lim, &out->diags);
        FZ_CHECK(eks_json_reader_use_kernel(&r, kernel));
        out->log.h = 1469598103934665603ull;
        out->ok = walk(&r, &out->log) && eks_json_finish(&r);
        out->pos = r.pos;
        out->failed = r.failed;
    } else {
        eks_arena arena;
        eks_arena_init(&arena);
        void *value = eks_arena_alloc(&arena, eks_shapes[shape].c_size);
        FZ_CHECK(value != NULL);
        eks_shape_decoder d;
        eks_shape_decoder_init(&d, buf, size, &arena, &out->diags, lim, strict);
        FZ_CHECK(eks_json_reader_use_kernel(&d.reader, kernel));
        out->ok = eks_shape_decode_value(&d, (eks_shape_id)shape, value) && eks_json_finish(&d.reader);
        out->pos = d.reader.pos;
        out->failed = d.reader.failed;
        if (out->ok)
            out->enc = eks_shape_encode_json((eks_shape_id)shape, value, &out->json, NULL);
        eks_arena_free(&arena);
    }
    free(buf);
}

static void run_free(run_result *r)
{
    eks_diags_free(&r->diags);
    eks_buf_free(&r->json);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int shapes[] = {-1, -1, EKS_SHAPE_DISASSOCIATE_IDENTITY_PROVIDER_CONFIG_RESPONSE,
                                 EKS_SHAPE_DESCRIBE_CLUSTER_RESPONSE, EKS_SHAPE_LIST_CLUSTERS_RESPONSE,
                                 EKS_SHAPE_NODEGROUP, EKS_SHAPE_UPDATE, -2};
    uint32_t h = fz_hash(data, size);
    int shape = shapes[h % (sizeof shapes / sizeof shapes[0])];
    if (shape == -2)
        shape = (int)((h >> 3) % EKS_SHAPE_COUNT_);
    bool strict = (h >> 7) & 1;
    eks_limits small = fz_small_limits(h);
    const eks_limits *lim = (h >> 28) % 4 == 0 ? &small : NULL;

    run_result want;
    run(data, size, EKS_JSON_KERNEL_SCALAR, lim, shape, strict, &want);
    for (int k = EKS_JSON_KERNEL_SCALAR + 1; k < EKS_JSON_KERNEL_COUNT_; k++) {
        if (!eks_json_scan_get((eks_json_kernel)k))
            continue;
        run_result got;
        run(data, size, (eks_json_kernel)k, lim, shape, strict, &got);
        FZ_CHECK(got.ok == want.ok);
        FZ_CHECK(got.pos == want.pos);
        FZ_CHECK(got.failed == want.failed);
        FZ_CHECK(got.log.h == want.log.h && got.log.tokens == want.log.tokens);
        check_same_diags(&got.diags, &want.diags);
        FZ_CHECK(got.enc == want.enc);
        FZ_CHECK(got.json.len == want.json.len);
        FZ_CHECK(got.json.len == 0 || memcmp(got.json.ptr, want.json.ptr, got.json.len) == 0);
        run_free(&got);
    }
    run_free(&want);
    return 0;
}
