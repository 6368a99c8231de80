/*
 * ekscodec-bench: prints one JSON object per line,
 *   {"name":…,"ops_per_sec":…,"ns_per_op":…,"bytes_per_op":…,"iterations":…}
 * Usage: ekscodec-bench [--seconds S] [--iterations N] [NAME...]
 *   --iterations N runs exactly N operations (for callgrind: instructions per op).
 *   NAMEs run in the order given, repeats included; none runs every case once.
 */
#define _POSIX_C_SOURCE 200809L
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_CASES 64

struct bench_registry {
    bench_case cases[MAX_CASES];
    size_t count;
};

void bench_register(bench_registry *reg, const bench_case *c)
{
    if (reg->count < MAX_CASES)
        reg->cases[reg->count++] = *c;
}

static volatile const void *bench_sink;
void bench_consume(const void *p) { bench_sink = p; }

static double now_sec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static const bench_case *find_case(const bench_registry *reg, const char *name)
{
    for (size_t i = 0; i < reg->count; i++)
        if (strcmp(reg->cases[i].name, name) == 0)
            return &reg->cases[i];
    return NULL;
}

static int run_case(const bench_case *c, double seconds, long fixed_iters)
{
    void *state = c->setup ? c->setup() : NULL;
    size_t bytes = 0;
    long iters = 0;
    double elapsed = 0;
    if (fixed_iters > 0) {
        double t0 = now_sec();
        for (long i = 0; i < fixed_iters; i++) {
            bytes = c->op(state);
            if (bytes == (size_t)-1)
                goto fail;
        }
        elapsed = now_sec() - t0;
        iters = fixed_iters;
    } else {
        /* Warm up, then grow the batch until one batch takes the requested time. */
        long batch = 16;
        for (;;) {
            double t0 = now_sec();
            for (long i = 0; i < batch; i++) {
                bytes = c->op(state);
                if (bytes == (size_t)-1)
                    goto fail;
            }
            elapsed = now_sec() - t0;
            iters = batch;
            if (elapsed >= seconds)
                break;
            double scale = elapsed > 0 ? seconds / elapsed * 1.1 : 10.0;
            batch = (long)((double)batch * (scale > 10.0 ? 10.0 : scale < 1.5 ? 1.5 : scale));
        }
    }
    if (c->teardown)
        c->teardown(state);
    double ns = elapsed * 1e9 / (double)iters;
    printf("{\"name\":\"%s\",\"ops_per_sec\":%.0f,\"ns_per_op\":%.1f,\"bytes_per_op\":%zu,\"iterations\":%ld}\n",
           c->name, 1e9 / ns, ns, bytes, iters);
    fflush(stdout);
    return 0;
fail:
    fprintf(stderr, "ekscodec-bench: %s failed\n", c->name);
    if (c->teardown)
        c->teardown(state);
    return 1;
}

int main(int argc, char **argv)
{
    static bench_registry reg;
    double seconds = 0.5;
    long fixed_iters = 0;
    int first = 1;
    while (first < argc && strncmp(argv[first], "--", 2) == 0) {
        if (strcmp(argv[first], "--seconds") == 0 && first + 1 < argc) {
            seconds = atof(argv[first + 1]);
            first += 2;
        } else if (strcmp(argv[first], "--iterations") == 0 && first + 1 < argc) {
            fixed_iters = atol(argv[first + 1]);
            first += 2;
        } else if (strcmp(argv[first], "--list") == 0) {
            first = -1;
            break;
        } else {
            fprintf(stderr, "usage: ekscodec-bench [--seconds S] [--iterations N] [--list] [NAME...]\n");
            return 2;
        }
    }
#ifdef EKS_BENCH_HAVE_CODEC
    bench_register_codec(&reg);
    bench_register_generic(&reg);
#endif
#ifdef EKS_BENCH_HAVE_SIGV4
    bench_register_sigv4(&reg);
#endif
#ifdef EKS_BENCH_HAVE_VALIDATE
    bench_register_validate(&reg);
#endif
#ifdef EKS_BENCH_HAVE_SIMDJSON
    bench_register_simdjson(&reg);
#endif
#ifdef EKS_BENCH_HAVE_ROUTE
    bench_register_route(&reg);
#endif
    if (first < 0) {
        for (size_t i = 0; i < reg.count; i++)
            puts(reg.cases[i].name);
        return 0;
    }
    /* Named cases run in the order given, a repeated name again each time (scripts interleave
     * rounds of pairs in one process that way); no name runs every case once. */
    for (int i = first; i < argc; i++)
        if (!find_case(&reg, argv[i])) {
            fprintf(stderr, "ekscodec-bench: no case %s in this build (--list shows them)\n", argv[i]);
            return 2;
        }
    int rc = 0;
    if (first == argc)
        for (size_t i = 0; i < reg.count; i++)
            rc |= run_case(&reg.cases[i], seconds, fixed_iters);
    for (int i = first; i < argc; i++)
        rc |= run_case(find_case(&reg, argv[i]), seconds, fixed_iters);
    return rc;
}
