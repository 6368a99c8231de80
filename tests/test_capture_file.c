/* tools/capture_file.c, the readers' file source of `ekscodec validate`: a regular file read
 * with pread up to the size it had when opened, where ending early means it shrank (an error,
 * not a shorter capture); and a stream (end UINT64_MAX) read from the descriptor's offset,
 * which is where a caller that read part of stdin left it. */
#include "capture_file.h"

#include "test_support.h"

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Three one-line exchanges; the JSONL reader numbers each by its line. */
static const char capture[] =
    "{\"request\":{\"method\":\"GET\",\"url\":\"https://example.com/a\",\"headers\":[]}}\n"
    "{\"request\":{\"method\":\"GET\",\"url\":\"https://example.com/b\",\"headers\":[]}}\n"
    "{\"request\":{\"method\":\"GET\",\"url\":\"https://example.com/c\",\"headers\":[]}}\n";

/* Reads every exchange of [start, end) of fd: how many, and (when it stops on a read error)
 * the error in err. Returns the reader's last result: 0 at the end, -1 on an error. */
static int read_all(int fd, uint64_t start, uint64_t end, size_t *count, char *err, size_t errlen)
{
    eks_capture_reader *r = NULL;
    eks_capture_options opt;
    memset(&opt, 0, sizeof opt);
    ck_assert_msg(cli_capture_open(&r, EKS_CAPTURE_JSONL, fd, start, end, NULL, 0, &opt, err, errlen), "%s", err);
    eks_exchange ex;
    memset(&ex, 0, sizeof ex);
    int got;
    *count = 0;
    while ((got = eks_capture_reader_next(r, &ex, err, errlen)) > 0)
        (*count)++;
    eks_diags_free(&ex.diags);
    eks_capture_reader_free(r);
    return got;
}

START_TEST(a_file_that_ends_before_its_size_is_an_error)
{
    char *path = ts_write_temp(capture, sizeof capture - 1);
    int fd = open(path, O_RDONLY);
    ck_assert_int_ge(fd, 0);
    size_t n = 0;
    char err[256] = "";
    /* its whole size: three exchanges and the end */
    ck_assert_int_eq(read_all(fd, 0, sizeof capture - 1, &n, err, sizeof err), 0);
    ck_assert_uint_eq(n, 3);
    /* as if it had been 40 bytes longer when opened: it shrank, which is said, with where */
    ck_assert_int_eq(read_all(fd, 0, sizeof capture - 1 + 40, &n, err, sizeof err), -1);
    char at[64]; /* the first offset past its bytes */
    snprintf(at, sizeof at, "offset %zu,", sizeof capture - 1);
    ck_assert_msg(strstr(err, "shrank") && strstr(err, at), "%s", err);
    close(fd);
    unlink(path);
    free(path);
}
END_TEST

START_TEST(a_stream_is_read_from_the_descriptors_offset)
{
    char *path = ts_write_temp(capture, sizeof capture - 1);
    int fd = open(path, O_RDONLY);
    ck_assert_int_ge(fd, 0);
    const char *second = strchr(capture, '\n') + 1;
    ck_assert_int_eq(lseek(fd, second - capture, SEEK_SET), second - capture);
    size_t n = 0;
    char err[256] = "";
    ck_assert_int_eq(read_all(fd, 0, UINT64_MAX, &n, err, sizeof err), 0);
    ck_assert_uint_eq(n, 2); /* the two lines after the offset, not the three of the file */
    close(fd);
    unlink(path);
    free(path);
}
END_TEST

static Suite *capture_file_suite(void)
{
    Suite *s = suite_create("capture_file");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, a_file_that_ends_before_its_size_is_an_error);
    tcase_add_test(tc, a_stream_is_read_from_the_descriptors_offset);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return ts_run_suite(capture_file_suite()); }
