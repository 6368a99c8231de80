/*
 * Operation lookup and routing over the generated tables (codec/generated/model_tables.c):
 * the three name arrays sorted by bytes, and the route trie built by schema/gen_schema.py
 * route_trie(). Nothing here allocates or keeps state.
 */
#include "ekscodec/operation.h"

#include "buf_inline.h"
#include "model_desc.h"

#include <string.h>

size_t eks_operation_count(void)
{
    return EKS_OPERATION_COUNT_;
}

const eks_operation *eks_operation_at(size_t i)
{
    return i < EKS_OPERATION_COUNT_ ? &eks_operations[i] : NULL;
}

/* Byte order, shorter first on a common prefix: the order the generator sorts in. */
static int cmp_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
    int c = memcmp(a, b, alen < blen ? alen : blen);
    if (c)
        return c;
    return alen < blen ? -1 : alen > blen;
}

static const eks_operation *find_in(const eks_operation_name_entry *names, const char *name, size_t len)
{
    size_t lo = 0, hi = EKS_OPERATION_COUNT_;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp_bytes(name, len, names[mid].name, names[mid].len);
        if (c == 0)
            return &eks_operations[names[mid].op];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const eks_operation *eks_operation_find(const char *name, size_t len)
{
    if (!name || len == 0)
        return NULL;
    const eks_operation *op = find_in(eks_operation_names_api, name, len);
    if (!op)
        op = find_in(eks_operation_names_snake, name, len);
    if (!op)
        op = find_in(eks_operation_names_cli, name, len);
    return op;
}

const char *eks_operation_name(const eks_operation *op) { return op ? op->name : NULL; }
const char *eks_operation_snake_name(const eks_operation *op) { return op ? op->snake_name : NULL; }
const char *eks_operation_cli_name(const eks_operation *op) { return op ? op->cli_name : NULL; }
const char *eks_operation_method(const eks_operation *op) { return op ? op->method : NULL; }
const char *eks_operation_request_uri(const eks_operation *op) { return op ? op->request_uri : NULL; }
int eks_operation_success_code(const eks_operation *op) { return op ? op->response_code : 0; }

const char *eks_service_signing_name(void) { return eks_service.signing_name; }
const char *eks_service_endpoint_prefix(void) { return eks_service.endpoint_prefix; }
const char *eks_service_api_version(void) { return eks_service.api_version; }

/* ---- routing ---- */

/* The method's eks_http_method_id, or -1 for a method no template can have (still routed:
 * a path match without an operation is what tells a caller to answer 405). The tokens are
 * RFC 9110 §9's, compared exactly (methods are case-sensitive, §9.1). */
static int method_id(eks_str m)
{
    const char *p = m.ptr;
    switch (m.len) {
    case 3:
        if (p[1] == 'E' && p[2] == 'T')
            return p[0] == 'G' ? EKS_METHOD_GET : -1;
        if (p[0] == 'P' && p[1] == 'U' && p[2] == 'T')
            return EKS_METHOD_PUT;
        return -1;
    case 4:
        if (memcmp(p, "POST", 4) == 0)
            return EKS_METHOD_POST;
        return memcmp(p, "HEAD", 4) == 0 ? EKS_METHOD_HEAD : -1;
    case 5:
        return memcmp(p, "PATCH", 5) == 0 ? EKS_METHOD_PATCH : -1;
    case 6:
        return memcmp(p, "DELETE", 6) == 0 ? EKS_METHOD_DELETE : -1;
    default:
        return -1;
    }
}

/* NULL lists no errors, as the facts above answer NULL / 0 for it (operation.h). */
size_t eks_operation_error_count(const eks_operation *op) { return op ? (size_t)op->error_count : 0; }

eks_error_kind eks_operation_error_at(const eks_operation *op, size_t i)
{
    return op && i < (size_t)op->error_count ? op->errors[i] : EKS_ERROR_NONE;
}

/* The path cut into segments before the walk: the walk revisits a segment on backtracking,
 * and whichever child it takes, the segment at depth d is the same bytes. Only the first
 * EKS_ROUTE_DEPTH are kept: no template reaches further, so a longer path can only match
 * through a greedy label, which takes the rest of the path whatever its segments. */
typedef struct route_path {
    const char *path;
    size_t len;  /* up to the '?', if any */
    size_t nseg; /* segments; EKS_ROUTE_DEPTH + 1 when there are more than any template has */
    size_t start[EKS_ROUTE_DEPTH ? EKS_ROUTE_DEPTH : 1];
    size_t end[EKS_ROUTE_DEPTH ? EKS_ROUTE_DEPTH : 1];
} route_path;

typedef struct route_result {
    bool path_matched;
    const eks_route_end *end; /* the operation matched */
    size_t label_count;
    size_t label_start[EKS_ROUTE_MAX_LABELS];
    size_t label_end[EKS_ROUTE_MAX_LABELS];
} route_result;

/* Whether one of the eight bytes at p is '/'; then *at is its offset from p. */
static inline bool slash_in8(const char *p, size_t *at)
{
    uint64_t hit = eks_swar_find_mask(eks_swar_load(p), '/');
    if (!hit)
        return false;
    *at = eks_swar_first(hit);
    return true;
}

/* Offset of the first '/' in p[pos, len), or len. Segments are short words, where a libc call
 * costs more than the scan, or long label values (ARNs), where memchr's vector loop wins: the
 * first 16 bytes eight at a time, the rest by memchr; a short tail as the overlapping last
 * eight bytes, not a byte loop. */
static inline size_t slash_from(const char *p, size_t pos, size_t len)
{
    size_t at;
    if (len - pos >= 16) {
        if (slash_in8(p + pos, &at))
            return pos + at;
        if (slash_in8(p + pos + 8, &at))
            return pos + 8 + at;
        const char *slash = memchr(p + pos + 16, '/', len - pos - 16);
        return slash ? (size_t)(slash - p) : len;
    }
    if (len - pos >= 8) {
        if (slash_in8(p + pos, &at))
            return pos + at;
        pos += 8;
    }
    if (pos == len)
        return len;
    if (len >= 8) {
        /* bytes 0..7 of the mask table from (8 - skip) are 0 before `skip`, 0xff from it, in
         * memory order whatever the byte order: this zeroes the already scanned bytes, where
         * the '/' before the segment is, before the test (a borrow from it could flag the
         * byte after it) */
        static const char keep_from[16] = {0, 0, 0, 0, 0, 0, 0, 0, -1, -1, -1, -1, -1, -1, -1, -1};
        size_t skip = pos - (len - 8);
        uint64_t w = eks_swar_load(p + len - 8) & eks_swar_load(keep_from + 8 - skip);
        uint64_t hit = eks_swar_find_mask(w, '/');
        return hit ? len - 8 + eks_swar_first(hit) : len;
    }
    while (pos < len && p[pos] != '/')
        pos++;
    return pos;
}

static void split_path(route_path *rp)
{
    rp->nseg = 0;
    if (rp->len == 1)
        return; /* "/" alone is the root template's path, no segment */
    size_t pos = 1;
    for (;;) {
        if (rp->nseg == EKS_ROUTE_DEPTH) {
            rp->nseg++;
            return;
        }
        size_t end = slash_from(rp->path, pos, rp->len);
        rp->start[rp->nseg] = pos;
        rp->end[rp->nseg] = end;
        rp->nseg++;
        if (end == rp->len)
            return;
        pos = end + 1;
    }
}

/* Literal child of `node` spelled seg[0, seg_len), or -1: the one candidate the node's name
 * hash gives, else (no hash) a scan on the length, which few edges share. An empty segment
 * ("//", a trailing '/') has none: literals are never empty. */
static int literal_child(const eks_route_node *node, const char *seg, size_t seg_len)
{
    const eks_route_edge *e = &eks_route_edges[node->first_edge];
    if (node->literal_hash) {
        unsigned at = node->literal_hash->slots[eks_name_hash_slot(node->literal_hash, seg, seg_len)];
        if (!at)
            return -1;
        e += at - 1;
        return e->len == seg_len && eks_bytes_equal(seg, e->literal, seg_len) ? e->child : -1;
    }
    for (const eks_route_edge *stop = e + node->edge_count; e < stop; e++)
        if (e->len == seg_len && eks_bytes_equal(seg, e->literal, seg_len))
            return e->child;
    return -1;
}

/*
 * Matches the segments from the root of the trie: depth-first, a node's literal child before
 * its label child, and a template only where the path ends at a node with an operation for
 * `method`. Instead of recursion, the nodes whose label child is still to try are kept on a
 * stack, at most one per depth; so the work is bounded by the templates, not by the path or
 * the operation count.
 */
static bool walk(const route_path *rp, int method, route_result *r)
{
    struct {
        uint16_t node, depth, labels;
    } alt[EKS_ROUTE_DEPTH ? EKS_ROUTE_DEPTH : 1];
    size_t nalt = 0, d = 0, labels = 0;
    const eks_route_node *node = &eks_route_nodes[0];
    for (;;) {
        if (d == rp->nseg) {
            const eks_route_end *end = &eks_route_ends[node->first_end];
            for (const eks_route_end *stop = end + node->end_count; end < stop; end++)
                if ((int)end->method == method) {
                    r->end = end;
                    r->label_count = labels;
                    return true;
                }
            if (node->end_count)
                r->path_matched = true;
            goto backtrack;
        }
        if (node->edge_count) {
            int child = literal_child(node, rp->path + rp->start[d], rp->end[d] - rp->start[d]);
            if (child >= 0) {
                if (node->label_child >= 0 && labels < EKS_ROUTE_MAX_LABELS) {
                    alt[nalt].node = (uint16_t)(node - eks_route_nodes);
                    alt[nalt].depth = (uint16_t)d;
                    alt[nalt].labels = (uint16_t)labels;
                    nalt++;
                }
                node = &eks_route_nodes[child];
                d++;
                continue;
            }
        }
        if (node->label_child < 0 || labels >= EKS_ROUTE_MAX_LABELS)
            goto backtrack;
    label:
        r->label_start[labels] = rp->start[d];
        if (node->label_greedy) {
            /* {x+}: the rest of the path, '/' included. */
            r->label_end[labels] = rp->len;
            d = rp->nseg;
        } else {
            r->label_end[labels] = rp->end[d];
            d++;
        }
        labels++;
        node = &eks_route_nodes[node->label_child];
        continue;
    backtrack:
        if (nalt == 0)
            return false;
        nalt--;
        node = &eks_route_nodes[alt[nalt].node];
        d = alt[nalt].depth;
        labels = alt[nalt].labels;
        goto label;
    }
}

eks_status eks_route(eks_str method, eks_str path, eks_route_match *out)
{
    if (!out)
        return EKS_ERR_INVALID_ARGUMENT;
    out->op = NULL;
    out->path_matched = false;
    out->label_count = 0;
    if ((!method.ptr && method.len) || (!path.ptr && path.len))
        return EKS_ERR_INVALID_ARGUMENT;
    if (path.len == 0 || path.ptr[0] != '/')
        return EKS_OK; /* origin-form paths start with '/' (RFC 9112 §3.2.1) */
    route_path rp;
    rp.path = path.ptr;
    const char *q = memchr(path.ptr, '?', path.len);
    rp.len = q ? (size_t)(q - path.ptr) : path.len;
    split_path(&rp);
    route_result w;
    w.path_matched = false;
    if (!walk(&rp, method.ptr ? method_id(method) : -1, &w)) {
        out->path_matched = w.path_matched;
        return EKS_OK;
    }
    const eks_operation_desc *op = &eks_operations[w.end->op];
    const char *const *names = &eks_route_label_names[w.end->first_label];
    for (size_t k = 0; k < w.label_count; k++) {
        out->labels[k].name = names[k];
        out->labels[k].raw = (eks_str){path.ptr + w.label_start[k], w.label_end[k] - w.label_start[k]};
        out->labels[k].offset = w.label_start[k];
    }
    out->op = op;
    out->label_count = w.label_count;
    return EKS_OK;
}
