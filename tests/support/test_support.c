#include "test_support.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

const char *ts_shared_dir(void)
{
    const char *dir = getenv("EKSCODEC_SHARED_DIR");
    struct stat st;
    if (!dir || !*dir || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return NULL;
    return dir;
}

const char *ts_source_dir(void)
{
    const char *dir = getenv("EKSCODEC_SOURCE_DIR");
    return dir && *dir ? dir : ".";
}

char *ts_path(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", a, b);
    return p;
}

char *ts_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *data = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (cap - n < 65536) {
            cap = cap ? cap * 2 : 65536;
            char *p = realloc(data, cap + 1);
            if (!p) {
                free(data);
                fclose(f);
                return NULL;
            }
            data = p;
        }
        size_t got = fread(data + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    data[n] = '\0';
    if (len)
        *len = n;
    return data;
}

bool ts_ci(void)
{
    const char *ci = getenv("CI");
    return ci && strcmp(ci, "true") == 0;
}

/* Skips recorded by the tests of the running suite. Check runs each test in a forked child
 * by default (CK_FORK), so a flag in ordinary memory would be lost with the child: this
 * page is mapped shared before the tests start, so the children's writes reach the runner
 * (with CK_FORK=no it is simply memory of the one process). Tests run one at a time.
 * A MAP_SHARED mapping of /dev/zero is anonymous shared memory; MAP_ANONYMOUS itself is not
 * in POSIX.1-2008, and the runners that force-include generated headers cannot ask glibc
 * for it (features.h is read before this file could define _DEFAULT_SOURCE). */
typedef struct ts_skips {
    unsigned count;
    size_t used;
    char names[4000]; /* the skipped checks' `what`, NUL-separated, truncated when full */
} ts_skips;
static ts_skips *skips;

void ts_skip(const char *what, const char *why)
{
    if (ts_ci())
        ck_abort_msg("%s cannot run: %s (CI=true: a missing oracle or vector set is a failure, not a skip)", what,
                     why);
    fprintf(stderr, "SKIP: %s: %s\n", what, why);
    if (!skips) {
        fprintf(stderr, "ts_skip(\"%s\") outside ts_run_suite(): the skip cannot be reported\n", what);
        abort();
    }
    skips->count++;
    size_t n = strlen(what) + 1;
    if (n <= sizeof skips->names - skips->used) {
        memcpy(skips->names + skips->used, what, n);
        skips->used += n;
    }
}

int ts_run_suite(Suite *suite)
{
    SRunner *sr = srunner_create(suite);
    int zero = open("/dev/zero", O_RDWR);
    skips = zero < 0 ? MAP_FAILED : mmap(NULL, sizeof *skips, PROT_READ | PROT_WRITE, MAP_SHARED, zero, 0);
    if (zero >= 0)
        close(zero);
    if (skips == MAP_FAILED) {
        perror("test_support: shared page for skips");
        skips = NULL;
        srunner_free(sr);
        return EXIT_FAILURE;
    }
    memset(skips, 0, sizeof *skips);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    unsigned skipped = skips->count;
    if (skipped) {
        fprintf(stderr, "SKIPPED %u check%s:\n", skipped, skipped == 1 ? "" : "s");
        for (size_t o = 0; o < skips->used; o += strlen(skips->names + o) + 1)
            fprintf(stderr, "  %s\n", skips->names + o);
        if (!failed)
            fprintf(stderr, "exit %d: ctest counts this runner as skipped (CI=true would fail it)\n", TS_SKIP_CODE);
    }
    munmap(skips, sizeof *skips);
    skips = NULL;
    if (failed)
        return EXIT_FAILURE;
    return skipped ? TS_SKIP_CODE : EXIT_SUCCESS;
}

char *ts_temp_template(const char *stem)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    /* TMPDIR=/tmp/ names the same directory: no "//" in the paths the tests print */
    size_t dlen = strlen(dir);
    while (dlen > 0 && dir[dlen - 1] == '/')
        dlen--;
    size_t n = dlen + strlen(stem) + sizeof "/-XXXXXX";
    char *t = malloc(n);
    /* not ck_assert_ptr_nonnull(): Check reports a passed assertion too, which ends a process
     * not running a test, and main() makes the captures here */
    if (!t)
        ck_abort_msg("ts_temp_template: out of memory");
    snprintf(t, n, "%.*s/%s-XXXXXX", (int)dlen, dir, stem);
    return t;
}

ts_cli_result ts_run_cli(const char *cli, const char *env, const char *args)
{
    char *out_path = ts_temp_template("ekscodec-cli-out");
    char *err_path = ts_temp_template("ekscodec-cli-err");
    int fo = mkstemp(out_path), fe = mkstemp(err_path);
    ck_assert(fo >= 0 && fe >= 0);
    close(fo);
    close(fe);
    size_t need = strlen(args) + strlen(cli) + (env ? strlen(env) : 0) + strlen(out_path) + strlen(err_path) + 200;
    char *cmd = malloc(need);
    ck_assert_ptr_nonnull(cmd);
    snprintf(cmd, need, "env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN %s '%s' %s "
                        "</dev/null >'%s' 2>'%s'",
             env ? env : "", cli, args, out_path, err_path);
    int status = system(cmd);
    free(cmd);
    ts_cli_result r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = ts_read_file(out_path, NULL);
    r.err = ts_read_file(err_path, NULL);
    ck_assert_ptr_nonnull(r.out);
    ck_assert_ptr_nonnull(r.err);
    unlink(out_path);
    unlink(err_path);
    free(out_path);
    free(err_path);
    return r;
}

void ts_cli_result_free(ts_cli_result *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

char *ts_write_temp(const void *data, size_t len)
{
    char *path = ts_temp_template("ekscodec-test");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
    close(fd);
    return path;
}

/* head, then n items pre<i>post (i from 0) separated by commas, then tail; malloc'd */
static char *ts_repeated(const char *head, const char *pre, const char *post, int n, const char *tail)
{
    size_t cap = strlen(head) + (size_t)n * (strlen(pre) + strlen(post) + 12) + strlen(tail) + 1;
    char *s = malloc(cap);
    ck_assert_ptr_nonnull(s);
    size_t len = (size_t)snprintf(s, cap, "%s", head);
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(s + len, cap - len, "%s%s%d%s", i ? "," : "", pre, i, post);
    snprintf(s + len, cap - len, "%s", tail);
    return s;
}

char *ts_dipc_request_with_unknown_members(int unknown)
{
    ck_assert_int_ge(unknown, 1);
    return ts_repeated("{", "\"x", "\":0", unknown,
                       ",\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"okta\"},"
                       "\"clientRequestToken\":\"6f1c2d3e-4b5a-4978-8a1b-0c2d3e4f5a6b\"}");
}

char *ts_update_with_unknown_param_types(int unknown)
{
    return ts_repeated("{\"update\":{\"id\":\"0b3f4c5d-7a8b-4c9d-8e0f-123456789abc\",\"status\":\"InProgress\","
                       "\"params\":[",
                       "{\"type\":\"Bogus", "\",\"value\":\"v\"}", unknown, "]}}");
}
