/* Helpers shared by the Check runners: locating ../shared and the source tree, reading files. */
#ifndef EKSCODEC_TEST_SUPPORT_H
#define EKSCODEC_TEST_SUPPORT_H

#include <check.h>
#include <stddef.h>

/* Directory of the shared models/vectors ($EKSCODEC_SHARED_DIR), or NULL if it does not exist. */
const char *ts_shared_dir(void);
/* Source tree root ($EKSCODEC_SOURCE_DIR). Never NULL (falls back to "."). */
const char *ts_source_dir(void);
/* Reads a whole file; returns malloc'd bytes (NUL-terminated, len excludes it) or NULL. */
char *ts_read_file(const char *path, size_t *len);
/* Joins two path parts into a static-per-call malloc'd string; caller frees. */
char *ts_path(const char *a, const char *b);
/* Prints a loud skip line to stderr (ctest shows it with --output-on-failure / -V). */
void ts_skip(const char *what, const char *why);
/* Runs a suite with Check's runner and returns a process exit code. */
int ts_run_suite(Suite *suite);

#endif
