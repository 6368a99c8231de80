/* The per-operation golden corpus (corpus/ops) as cases to run: read once, each run on a
 * json-c tree of its own, so that several threads may run the same cases at once. */
#ifndef EKSCODEC_TEST_OPS_CASE_H
#define EKSCODEC_TEST_OPS_CASE_H

#include "ekscodec/op_codec.h"

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>

/* What differed in one case, as lines of text ("    - ..."). Zero-initialise. */
typedef struct ops_case_report {
    char text[4096];
    size_t len;
    bool failed;
} ops_case_report;

/* Called with each request a case encoded successfully (before it is freed). */
typedef void (*ops_case_request_fn)(void *ctx, const eks_operation *op, const eks_encoded_request *enc);

/* Runs the case c (parsed from the file named `file`, whose verdict prefix is checked) of
 * operation op; differences are added to *r. on_request may be NULL. c is read and, when
 * a difference is shown, serialized (json-c caches that in the objects): one thread's. */
void ops_case_run(ops_case_report *r, const char *file, const eks_operation *op, json_object *c,
                  ops_case_request_fn on_request, void *ctx);

/* One case file: its operation, its name ("y_encode_full.json") and its bytes (owned). */
typedef struct ops_case_file {
    const eks_operation *op;
    char *file;
    char *text;
    size_t len;
} ops_case_file;

/* Reads every case under root (root/<Operation>/<case>.json), operations and files in name
 * order. NULL, with why[] saying what went wrong, when one cannot be read or a directory
 * names no operation; *operations counts the directories. Free with ops_cases_free(). */
ops_case_file *ops_cases_load(const char *root, size_t *count, size_t *operations, char *why, size_t why_len);
void ops_cases_free(ops_case_file *cases, size_t count);

#endif
