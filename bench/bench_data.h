/* Benchmark inputs shared with scripts/bench_vs_botocore.py (bench/data/). */
#ifndef EKSCODEC_BENCH_DATA_H
#define EKSCODEC_BENCH_DATA_H

#include <stddef.h>

/* Reads bench/data/<name> ($EKSCODEC_BENCH_DATA overrides the folder); exits on failure.
 * Returns malloc'd, NUL-terminated bytes. */
char *bench_data_load(const char *name, size_t *len);

#endif
