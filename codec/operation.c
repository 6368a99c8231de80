/*
 * Operation lookup and routing over the generated tables (codec/generated/model_tables.c):
 * the three name arrays sorted by bytes, and the route trie built by schema/gen_schema.py
 * route_trie(). Nothing here allocates or keeps state.
 */
#include "ekscodec/operation.h"

#include "buf_inline.h"
#include "model_desc.h"
#include "uri_label.h"

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
 * Matches the path p[0, len) (p[0] == '/') from the root of the trie: depth-first, a node's
 * literal child before its label child, and a template only where the path ends at a node
 * with an operation for `method`. Instead of recursion, the nodes whose label child is still
 * to try are kept on a stack, at most one per depth, each with its segment's bounds; so the
 * work is bounded by the templates, not by the path or the operation count.
 *
 * The path is cut into segments as the walk goes, each found once on the way down: a segment
 * ends at the next '/' or at a '?', which ends the path, so the query needs no search of its
 * own. A node without children ends the walk down its branch before its segment is looked
 * for, so a path longer than any template is never cut further and can only match through a
 * greedy label, which takes the rest of the path up to the '?'.
 *
 * The labels go straight into out->labels (raw, offset); returns the end matched (its
 * operation and label names), or NULL with *path_matched set when a template matched the
 * path for another method.
 */
static const eks_route_end *walk(const char *p, size_t len, int method, eks_route_match *out, bool *path_matched)
{
    struct {
        const eks_route_node *node;
        size_t labels, start, end;
    } alt[EKS_ROUTE_DEPTH ? EKS_ROUTE_DEPTH : 1];
    size_t nalt = 0, labels = 0;
    size_t start = 1, end = 0; /* the current segment, p[start, end) */
    const eks_route_node *node = &eks_route_nodes[0];
    bool more = len > 1 && p[1] != '?'; /* whether there is a segment here: "/" alone has none */
    for (;;) {
        if (!more) {
            const eks_route_end *e = &eks_route_ends[node->first_end];
            for (const eks_route_end *stop = e + node->end_count; e < stop; e++)
                if ((int)e->method == method) {
                    out->label_count = labels;
                    return e;
                }
            if (node->end_count)
                *path_matched = true;
            goto backtrack;
        }
        if (!node->edge_count && node->label_child < 0)
            goto backtrack;
        end = eks_uri_segment_end(p, start, len, true);
        if (node->edge_count) {
            int child = literal_child(node, p + start, end - start);
            if (child >= 0) {
                if (node->label_child >= 0 && labels < EKS_ROUTE_MAX_LABELS) {
                    alt[nalt].node = node;
                    alt[nalt].labels = labels;
                    alt[nalt].start = start;
                    alt[nalt].end = end;
                    nalt++;
                }
                node = &eks_route_nodes[child];
                goto next_segment;
            }
        }
        if (node->label_child < 0 || labels >= EKS_ROUTE_MAX_LABELS)
            goto backtrack;
    label:
        out->labels[labels].offset = start;
        if (node->label_greedy) {
            /* {x+}: the rest of the path, '/' included, up to the '?' if any. */
            if (end < len && p[end] == '/') {
                const char *q = memchr(p + end, '?', len - end);
                end = q ? (size_t)(q - p) : len;
            }
            out->labels[labels].raw = (eks_str){p + start, end - start};
            labels++;
            node = &eks_route_nodes[node->label_child];
            more = false;
            continue;
        }
        out->labels[labels].raw = (eks_str){p + start, end - start};
        labels++;
        node = &eks_route_nodes[node->label_child];
    next_segment:
        more = end < len && p[end] == '/';
        start = end + 1;
        continue;
    backtrack:
        if (nalt == 0)
            return NULL;
        nalt--;
        node = alt[nalt].node;
        labels = alt[nalt].labels;
        start = alt[nalt].start;
        end = alt[nalt].end;
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
    bool path_matched = false;
    const eks_route_end *end = walk(path.ptr, path.len, method.ptr ? method_id(method) : -1, out, &path_matched);
    if (!end) {
        out->label_count = 0;
        out->path_matched = path_matched;
        return EKS_OK;
    }
    const char *const *names = &eks_route_label_names[end->first_label];
    for (size_t k = 0; k < out->label_count; k++)
        out->labels[k].name = names[k];
    out->op = &eks_operations[end->op];
    return EKS_OK;
}
