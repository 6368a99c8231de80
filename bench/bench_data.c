#include "bench_data.h"

#include <stdio.h>
#include <stdlib.h>

char *bench_data_load(const char *name, size_t *len)
{
    const char *dir = getenv("EKSCODEC_BENCH_DATA");
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : EKS_BENCH_DATA_DIR, name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "ekscodec-bench: cannot open %s\n", path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = malloc((size_t)n + 1);
    if (!data || fread(data, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "ekscodec-bench: cannot read %s\n", path);
        exit(2);
    }
    fclose(f);
    data[n] = '\0';
    *len = (size_t)n;
    return data;
}
