/* Helpers shared by the Check runners: locating ../shared and the source tree, reading files,
 * skipping loudly, running a suite. */
#ifndef EKSCODEC_TEST_SUPPORT_H
#define EKSCODEC_TEST_SUPPORT_H

#include <check.h>
#include <stdbool.h>
#include <stddef.h>

/* ctest's SKIP_RETURN_CODE for every runner (tests/CMakeLists.txt) and the shell tests. */
#define TS_SKIP_CODE 77

/* What a skip says is missing and how to get it, for the common cases. */
#define TS_GET_SHARED \
    "put the shared folder (official models, test vectors) at ../shared beside the checkout, or configure " \
    "with -DEKSCODEC_SHARED_DIR=DIR"
#define TS_NO_SHARED "EKSCODEC_SHARED_DIR not found: " TS_GET_SHARED
#define TS_NO_PYTHON "python3 not found: run scripts/setup.sh"
#define TS_NO_BOTOCORE \
    "python3 cannot import botocore: install it for the python3 on PATH (python3 -m pip install botocore)"

/* Directory of the shared models/vectors ($EKSCODEC_SHARED_DIR), or NULL if it does not exist. */
const char *ts_shared_dir(void);
/* Source tree root ($EKSCODEC_SOURCE_DIR). Never NULL (falls back to "."). */
const char *ts_source_dir(void);
/* Reads a whole file; returns malloc'd bytes (NUL-terminated, len excludes it) or NULL. */
char *ts_read_file(const char *path, size_t *len);
/* Joins two path parts into a static-per-call malloc'd string; caller frees. */
char *ts_path(const char *a, const char *b);
/* True when the environment says this is CI (CI=true): a missing oracle is then a failure. */
bool ts_ci(void);
/* A check that cannot run because `why` (what is missing, and how to install it) ends the
 * calling test: with CI=true it fails it (ck_abort_msg, so only call this from inside a test
 * function, never from main or a fixture); elsewhere it prints a loud SKIP line, the caller
 * returns, and ts_run_suite() exits with TS_SKIP_CODE unless a test failed. */
void ts_skip(const char *what, const char *why);
/* Runs a suite with Check's runner and returns a process exit code: EXIT_FAILURE when a test
 * failed, else TS_SKIP_CODE when a test called ts_skip(), else EXIT_SUCCESS. */
int ts_run_suite(Suite *suite);

/* What a CLI run printed and how it ended. */
typedef struct ts_cli_result {
    int exit_code; /* -1 when it did not exit normally */
    char *out;     /* stdout, NUL-terminated; release with ts_cli_result_free() */
    char *err;     /* stderr */
} ts_cli_result;
/* Runs "cli ARGS" with no AWS credentials in its environment but the assignments in env
 * ("NAME=value ...", may be NULL), stdin from /dev/null; ARGS is shell text. */
ts_cli_result ts_run_cli(const char *cli, const char *env, const char *args);
void ts_cli_result_free(ts_cli_result *r);
/* A template for mkstemp()/mkdtemp(), "<dir>/<stem>-XXXXXX", dir being $TMPDIR or /tmp when
 * that is unset or empty; malloc'd, so writable as they need it: the caller frees it. Callable
 * from main() too (out of memory, it ends the test, or outside one the process). */
char *ts_temp_template(const char *stem);
/* Writes len bytes of data into a new file in that directory; returns its path (malloc'd: the
 * caller unlinks and frees it). */
char *ts_write_temp(const void *data, size_t len);

/* Bodies with many diagnostics, for the limits on them (malloc'd; the caller frees):
 * a DisassociateIdentityProviderConfig request (every member valid) with `unknown` >= 1 more
 * members the model does not have, "x0" to "x<unknown-1>", before its own; and an UpdateResponse whose
 * update.params has `unknown` items of UpdateParamType values the model does not know,
 * "Bogus0" to "Bogus<unknown-1>". */
char *ts_dipc_request_with_unknown_members(int unknown);
char *ts_update_with_unknown_param_types(int unknown);

#endif
