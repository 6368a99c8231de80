/*
 * route: eks_route() over a fixed mix of (method, path) pairs built before timing from every
 * operation's template, through the public API: for each operation its own method with short
 * label values ("prod", "u-1"), and again with long percent-encoded ones (ARN-like, %2F and
 * %3A inside), so 2 x the operation count pairs, routed in a cycle; one op = one route.
 * The setup checks that every pair routes to its operation, so the timed loop only routes.
 */
#include "bench.h"
#include "ekscodec/operation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROUTE_PATH_MAX 512

typedef struct route_pair {
    eks_str method;
    eks_str path;
    const eks_operation *want;
    char buf[ROUTE_PATH_MAX];
} route_pair;

typedef struct route_state {
    size_t count, next;
    size_t mean_path_len; /* bytes_per_op: the mix's mean path length, the same every run */
    route_pair *pairs;
    eks_route_match match;
} route_state;

/* The template's path with each {label} / {label+} replaced by `value`. */
static bool fill_path(const char *tpl, const char *value, char *out, size_t cap, size_t *len)
{
    size_t n = 0, vlen = strlen(value);
    for (const char *p = tpl; *p && *p != '?'; p++) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            if (!close || n + vlen >= cap)
                return false;
            memcpy(out + n, value, vlen);
            n += vlen;
            p = close;
        } else {
            if (n + 1 >= cap)
                return false;
            out[n++] = *p;
        }
    }
    out[n] = '\0';
    *len = n;
    return true;
}

static void route_teardown(void *p)
{
    route_state *s = p;
    if (!s)
        return;
    free(s->pairs);
    free(s);
}

static void *route_setup(void)
{
    static const char *const values[] = {"prod", "arn%3Aaws%3Aeks%3Aus-west-2%3A123456789012%3Acluster%2Fprod-east-1"};
    size_t nops = eks_operation_count(), nvalues = sizeof values / sizeof values[0];
    route_state *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->pairs = calloc(nops * nvalues, sizeof *s->pairs);
    if (!s->pairs)
        goto fail;
    for (size_t v = 0; v < nvalues; v++)
        for (size_t i = 0; i < nops; i++) {
            route_pair *rp = &s->pairs[s->count++];
            const eks_operation *op = eks_operation_at(i);
            size_t len;
            if (!fill_path(eks_operation_request_uri(op), values[v], rp->buf, sizeof rp->buf, &len))
                goto fail;
            rp->method = eks_str_from_cstr(eks_operation_method(op));
            rp->path = (eks_str){rp->buf, len};
            rp->want = op;
            if (eks_route(rp->method, rp->path, &s->match) != EKS_OK || s->match.op != op) {
                fprintf(stderr, "route: %s %s does not route to %s\n", eks_operation_method(op), rp->buf,
                        eks_operation_name(op));
                goto fail;
            }
        }
    size_t total = 0;
    for (size_t i = 0; i < s->count; i++)
        total += s->pairs[i].path.len;
    s->mean_path_len = total / s->count;
    return s;
fail:
    route_teardown(s);
    return NULL;
}

static size_t route_op(void *p)
{
    route_state *s = p;
    if (!s)
        return (size_t)-1;
    const route_pair *rp = &s->pairs[s->next];
    s->next = s->next + 1 == s->count ? 0 : s->next + 1;
    eks_route(rp->method, rp->path, &s->match);
    bench_consume(s->match.op);
    return s->mean_path_len;
}

void bench_register_route(bench_registry *reg)
{
    static const bench_case c = {"route", route_setup, route_op, route_teardown};
    bench_register(reg, &c);
}
