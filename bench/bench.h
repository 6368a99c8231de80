/* ekscodec-bench harness: each module registers named cases; main times them. */
#ifndef EKSCODEC_BENCH_H
#define EKSCODEC_BENCH_H

#include <stddef.h>

/* One operation. Returns the number of input/output bytes it handled (for bytes_per_op);
 * returns (size_t)-1 on failure, which aborts the run with a message. */
typedef size_t (*bench_op_fn)(void *state);

typedef struct bench_case {
    const char *name;
    void *(*setup)(void);          /* may be NULL; returns the state passed to op */
    bench_op_fn op;
    void (*teardown)(void *state); /* may be NULL */
} bench_case;

typedef struct bench_registry bench_registry;
void bench_register(bench_registry *reg, const bench_case *c);

/* Module hooks; each is defined by the module's bench file when it is built. */
void bench_register_codec(bench_registry *reg);
void bench_register_generic(bench_registry *reg);
void bench_register_sigv4(bench_registry *reg);
void bench_register_validate(bench_registry *reg);
void bench_register_route(bench_registry *reg);
void bench_register_simdjson(bench_registry *reg); /* bench_simdjson.cpp, when simdjson is found */

/* Keeps the optimizer from discarding a result. */
void bench_consume(const void *p);

#endif
