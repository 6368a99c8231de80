/*
 * eks_route on arbitrary paths. Input: one selector byte (low 3 bits: GET, POST, PUT, DELETE,
 * PATCH, HEAD, "get", or 7: the method is the rest of the input up to its first space), then
 * the path bytes ('?', NUL, anything).
 *
 * Invariants: the call succeeds; with an operation, its method is the given one, no
 * path_matched, as many labels as its template has, named as there, each a view (empty
 * for an empty segment) into the path at its offset, before any '?', without '/' (unless greedy), and putting the
 * labels back into the template gives the path (up to the '?') byte for byte; without one, no
 * labels. And the router agrees with a naive matcher here that tries every template of the
 * public API (literal before label where two match): same operation, same path_matched.
 */
#include "fuzz_support.h"

#include "ekscodec/operation.h"

#define FZ_MAX_SEGS 32

typedef struct fz_tpl_seg {
    const char *text; /* into the template */
    size_t len;
    bool label, greedy;
} fz_tpl_seg;

/* The path part of `op`'s template, split at '/'. */
static size_t template_segs(const eks_operation *op, fz_tpl_seg *segs)
{
    const char *uri = eks_operation_request_uri(op);
    size_t end = strcspn(uri, "?"), n = 0;
    FZ_CHECK(end >= 1 && uri[0] == '/');
    if (end == 1)
        return 0;
    size_t start = 1;
    for (size_t i = 1; i <= end; i++) {
        if (i < end && uri[i] != '/')
            continue;
        FZ_CHECK(n < FZ_MAX_SEGS);
        fz_tpl_seg *s = &segs[n++];
        s->text = uri + start;
        s->len = i - start;
        s->label = s->len >= 2 && s->text[0] == '{' && s->text[s->len - 1] == '}';
        s->greedy = s->label && s->len >= 3 && s->text[s->len - 2] == '+';
        if (s->label) { /* the name inside the braces */
            s->text++;
            s->len -= s->greedy ? 3 : 2;
        }
        start = i + 1;
    }
    return n;
}

/* Naive: does the template match path[0, len)? */
static bool template_matches(const fz_tpl_seg *segs, size_t nseg, const char *path, size_t len)
{
    if (len == 0 || path[0] != '/')
        return false;
    if (len == 1)
        return nseg == 0;
    size_t pos = 1;
    for (size_t i = 0; i < nseg; i++) {
        if (pos > len)
            return false; /* the path ended */
        const char *slash = memchr(path + pos, '/', len - pos);
        size_t end = slash ? (size_t)(slash - path) : len;
        /* an empty segment can only be a label: literals are never empty */
        if (segs[i].greedy)
            return i + 1 == nseg;
        if (!segs[i].label && (end - pos != segs[i].len || memcmp(path + pos, segs[i].text, segs[i].len) != 0))
            return false;
        pos = end + 1;
    }
    return pos == len + 1;
}

static bool prefer(const fz_tpl_seg *a, size_t na, const fz_tpl_seg *b, size_t nb)
{
    for (size_t i = 0; i < na && i < nb; i++)
        if (a[i].label != b[i].label)
            return !a[i].label;
    return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const methods[] = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "get"};
    if (size == 0)
        return 0;
    fz_pool pool = {{0}, 0};
    const char *rest = (const char *)data + 1;
    size_t left = size - 1;
    eks_str method, path;
    unsigned sel = data[0] & 7;
    if (sel < 7) {
        method = fz_copy(&pool, methods[sel], strlen(methods[sel]));
        path = fz_copy(&pool, rest, left);
    } else {
        const char *sp = memchr(rest, ' ', left);
        size_t mlen = sp ? (size_t)(sp - rest) : left;
        method = fz_copy(&pool, rest, mlen);
        path = sp ? fz_copy(&pool, sp + 1, left - mlen - 1) : fz_copy(&pool, "", 0);
    }

    eks_route_match m;
    memset(&m, 0xa5, sizeof m);
    FZ_CHECK(eks_route(method, path, &m) == EKS_OK);
    const char *q = memchr(path.ptr, '?', path.len);
    size_t plen = q ? (size_t)(q - path.ptr) : path.len;

    /* the naive matcher */
    const eks_operation *want = NULL;
    fz_tpl_seg want_segs[FZ_MAX_SEGS], segs[FZ_MAX_SEGS];
    size_t want_nseg = 0;
    bool any_template = false;
    for (size_t i = 0; i < eks_operation_count(); i++) {
        const eks_operation *op = eks_operation_at(i);
        size_t nseg = template_segs(op, segs);
        if (!template_matches(segs, nseg, path.ptr, plen))
            continue;
        any_template = true;
        const char *om = eks_operation_method(op);
        if (strlen(om) != method.len || memcmp(om, method.ptr, method.len) != 0)
            continue;
        if (!want || prefer(segs, nseg, want_segs, want_nseg)) {
            want = op;
            memcpy(want_segs, segs, nseg * sizeof segs[0]);
            want_nseg = nseg;
        }
    }
    FZ_CHECK(m.op == want);

    if (!m.op) {
        FZ_CHECK(m.label_count == 0);
        FZ_CHECK(m.path_matched == any_template);
        fz_pool_free(&pool);
        return 0;
    }
    FZ_CHECK(!m.path_matched);
    const char *om = eks_operation_method(m.op);
    FZ_CHECK(strlen(om) == method.len && memcmp(om, method.ptr, method.len) == 0);
    size_t nlabels = 0;
    for (size_t i = 0; i < want_nseg; i++)
        nlabels += want_segs[i].label;
    FZ_CHECK(m.label_count == nlabels && nlabels <= EKS_ROUTE_MAX_LABELS);

    /* labels back into the template give the path */
    char *rebuilt = fz_alloc(&pool, plen);
    size_t n = 0, k = 0;
    for (size_t i = 0; i < want_nseg; i++) {
        const fz_tpl_seg *s = &want_segs[i];
        FZ_CHECK(n < plen);
        rebuilt[n++] = '/';
        if (!s->label) {
            FZ_CHECK(n + s->len <= plen);
            memcpy(rebuilt + n, s->text, s->len);
            n += s->len;
            continue;
        }
        const eks_route_label *l = &m.labels[k++];
        FZ_CHECK(l->name && strlen(l->name) == s->len && memcmp(l->name, s->text, s->len) == 0);
        FZ_CHECK(l->offset == n && l->raw.ptr == path.ptr + l->offset);
        FZ_CHECK(l->offset + l->raw.len <= plen);
        FZ_CHECK(memchr(l->raw.ptr, '?', l->raw.len) == NULL);
        FZ_CHECK(s->greedy || memchr(l->raw.ptr, '/', l->raw.len) == NULL);
        memcpy(rebuilt + n, l->raw.ptr, l->raw.len);
        n += l->raw.len;
    }
    if (want_nseg == 0) { /* the root template "/" */
        FZ_CHECK(plen == 1);
        rebuilt[n++] = '/';
    }
    FZ_CHECK(n == plen && memcmp(rebuilt, path.ptr, plen) == 0);

    /* the same answer twice: no hidden state */
    eks_route_match again;
    FZ_CHECK(eks_route(method, path, &again) == EKS_OK);
    FZ_CHECK(again.op == m.op && again.label_count == m.label_count);
    fz_pool_free(&pool);
    return 0;
}
