/*
 * Operation lookup and routing over the generated tables (codec/generated/model_tables.c):
 * the three name arrays sorted by bytes, and the route trie built by schema/gen_schema.py
 * route_trie(). Nothing here allocates or keeps state.
 */
#include "ekscodec/operation.h"

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

size_t eks_operation_error_count(const eks_operation *op) { return (size_t)op->error_count; }

eks_error_kind eks_operation_error_at(const eks_operation *op, size_t i)
{
    return i < (size_t)op->error_count ? op->errors[i] : EKS_ERROR_NONE;
}

/* Position of "the path has ended" (no further segment), distinct from every offset. */
#define ROUTE_END SIZE_MAX

typedef struct route_walk {
    const char *path;
    size_t len; /* up to the '?', if any */
    int method;
    bool path_matched;
    eks_operation_id op;
    size_t label_count;
    size_t label_start[EKS_ROUTE_MAX_LABELS];
    size_t label_end[EKS_ROUTE_MAX_LABELS];
} route_walk;

/* Literal child of `node` spelled path[start, end), or -1: binary search (sorted by bytes). */
static int literal_child(const eks_route_node *node, const char *seg, size_t seg_len)
{
    size_t lo = node->first_edge, hi = (size_t)node->first_edge + node->edge_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const eks_route_edge *e = &eks_route_edges[mid];
        /* the first byte settles most steps without a call (literals are never empty) */
        int c = (int)(unsigned char)seg[0] - (int)(unsigned char)e->literal[0];
        if (c == 0)
            c = cmp_bytes(seg, seg_len, e->literal, e->len);
        if (c == 0)
            return e->child;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return -1;
}

/*
 * Matches the rest of the path from `pos` (the first byte of a segment, or ROUTE_END) at
 * trie node `n`. Depth-first, literal before label; the recursion is at most as deep as the
 * trie (a template's segment count), whatever the path, and a node has at most two children
 * to try, so the work is bounded by the templates, not by the path or the operation count.
 */
static bool walk(route_walk *w, int n, size_t pos)
{
    const eks_route_node *node = &eks_route_nodes[n];
    if (pos == ROUTE_END) {
        for (unsigned i = 0; i < node->end_count; i++) {
            const eks_route_end *end = &eks_route_ends[node->first_end + i];
            if ((int)end->method == w->method) {
                w->op = end->op;
                return true;
            }
        }
        if (node->end_count)
            w->path_matched = true;
        return false;
    }
    const char *slash = memchr(w->path + pos, '/', w->len - pos);
    size_t end = slash ? (size_t)(slash - w->path) : w->len;
    size_t next = slash ? end + 1 : ROUTE_END;
    /* An empty segment ("//", a trailing '/') can only be a label: literals are never empty. */
    if (node->edge_count && end > pos) {
        int child = literal_child(node, w->path + pos, end - pos);
        if (child >= 0 && walk(w, child, next))
            return true;
    }
    if (node->label_child >= 0 && w->label_count < EKS_ROUTE_MAX_LABELS) {
        size_t k = w->label_count++;
        w->label_start[k] = pos;
        if (node->label_greedy) {
            /* {x+}: the rest of the path, '/' included. */
            end = w->len;
            next = ROUTE_END;
        }
        w->label_end[k] = end;
        if (walk(w, node->label_child, next))
            return true;
        w->label_count--;
    }
    return false;
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
    route_walk w;
    w.path = path.ptr;
    const char *q = memchr(path.ptr, '?', path.len);
    w.len = q ? (size_t)(q - path.ptr) : path.len;
    w.method = method.ptr ? method_id(method) : -1;
    w.path_matched = false;
    w.label_count = 0;
    /* "/" alone is the root template's path; otherwise segments start after each '/'. */
    if (!walk(&w, 0, w.len == 1 ? ROUTE_END : 1)) {
        out->path_matched = w.path_matched;
        return EKS_OK;
    }
    const eks_operation_desc *op = &eks_operations[w.op];
    /* Names from the template: the trie merges templates that name a label differently. */
    const eks_member_desc *members = op->input < EKS_SHAPE_COUNT_ ? eks_shapes[op->input].members : NULL;
    size_t k = 0;
    for (int i = 0; i < op->uri_segment_count && k < w.label_count; i++) {
        const eks_uri_segment *s = &op->uri_segments[i];
        if (s->member < 0)
            continue;
        out->labels[k].name = members ? members[s->member].location_name : NULL;
        out->labels[k].raw = (eks_str){path.ptr + w.label_start[k], w.label_end[k] - w.label_start[k]};
        out->labels[k].offset = w.label_start[k];
        k++;
    }
    out->op = op;
    out->label_count = k;
    return EKS_OK;
}
