/*
 * decode_dump FILE...: each file's bytes decoded as the success response body of every
 * operation, three ways (lenient, strict, and with a 9-byte string limit, which keys and
 * values cross), and one line per file: its name and a hash of everything the decodes gave
 * (status, every diagnostic with its path, offset and message, the JSON view of the result).
 * With DECODE_DUMP_FULL set in the environment, the dump itself instead of the hash;
 * DECODE_DUMP_SKIP=N drops each file's first N bytes (a fuzz target's selector bytes).
 *
 * Uses only the public API, so scripts/decode_ab.sh builds it against two trees' libraries
 * and compares them file by file: a change to the decoder that is meant to keep every result
 * must give the same lines.
 */
#include "ekscodec/op_codec.h"
#include "ekscodec/op_json.h"
#include "ekscodec/operation.h"

#include <json-c/json.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct dump {
    unsigned long long hash; /* FNV-1a 64 of everything written */
    bool full;
} dump;

static void emit(dump *d, const char *fmt, ...)
{
    char small[4096], *line = small;
    va_list ap, again;
    va_start(ap, fmt);
    va_copy(again, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n >= sizeof small) { /* a long JSON view: all of it counts */
        line = malloc((size_t)n + 1);
        if (!line) {
            fprintf(stderr, "decode_dump: out of memory\n");
            exit(2);
        }
        vsnprintf(line, (size_t)n + 1, fmt, again);
    }
    va_end(again);
    for (int i = 0; i < n; i++) {
        d->hash ^= (unsigned char)line[i];
        d->hash *= 1099511628211ULL;
    }
    if (d->full && n > 0)
        fputs(line, stdout);
    if (line != small)
        free(line);
}

static void decode_all(dump *d, const char *body, size_t len)
{
    static const char *const mode_names[] = {"lenient", "strict", "string-limit-9"};
    eks_limits tight = {.max_string_bytes = 9};
    for (size_t i = 0; i < eks_operation_count(); i++) {
        const eks_operation *op = eks_operation_at(i);
        for (int mode = 0; mode < 3; mode++) {
            eks_decode_options o = {.strict = mode == 1, .limits = mode == 2 ? &tight : NULL};
            eks_http_response in = {.status = eks_operation_success_code(op), .body = {body, len}};
            eks_op_decoded_response r;
            eks_status st = eks_op_response_decode(op, &in, &o, &r);
            emit(d, "%s %s: %s\n", eks_operation_name(op), mode_names[mode], eks_strerror(st));
            for (size_t k = 0; k < r.diags.count; k++) {
                const eks_diag *g = &r.diags.items[k];
                emit(d, "  %s %s %s @%zu %s\n", eks_severity_name(g->severity), eks_diag_code_name(g->code),
                     g->path, g->offset, g->message);
            }
            json_object *j = NULL;
            if ((st == EKS_OK || st == EKS_ERR_VALIDATION_FAILED) && eks_op_response_to_json(&r, &j) == EKS_OK && j) {
                emit(d, "  %s\n", json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN));
                json_object_put(j);
            }
            eks_op_decoded_response_free(&r);
        }
    }
}

int main(int argc, char **argv)
{
    dump d = {.full = getenv("DECODE_DUMP_FULL") != NULL};
    const char *skip_env = getenv("DECODE_DUMP_SKIP");
    size_t skip = skip_env ? strtoul(skip_env, NULL, 10) : 0;
    char *buf = NULL;
    size_t cap = 0;
    int status = 0;
    for (int a = 1; a < argc; a++) {
        FILE *f = fopen(argv[a], "rb");
        if (!f) {
            fprintf(stderr, "decode_dump: cannot open %s\n", argv[a]);
            status = 2;
            continue;
        }
        /* The whole file, however long: a prefix would compare equal and prove nothing. */
        size_t n = 0, got;
        do {
            if (n == cap) {
                char *grown = realloc(buf, cap ? cap * 2 : 1 << 16);
                if (!grown) {
                    fprintf(stderr, "decode_dump: out of memory reading %s\n", argv[a]);
                    return 2;
                }
                buf = grown;
                cap = cap ? cap * 2 : 1 << 16;
            }
            got = fread(buf + n, 1, cap - n, f);
            n += got;
        } while (got > 0);
        bool failed = ferror(f);
        fclose(f);
        if (failed) {
            fprintf(stderr, "decode_dump: cannot read %s\n", argv[a]);
            status = 2;
            continue;
        }
        size_t s = skip < n ? skip : n;
        d.hash = 1469598103934665603ULL;
        decode_all(&d, buf + s, n - s);
        if (!d.full)
            printf("%s %016llx\n", argv[a], d.hash);
    }
    free(buf);
    return status;
}
