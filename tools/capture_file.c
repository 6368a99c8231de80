/* The read callback of the capture readers over a file descriptor; see capture_file.h. */
#include "capture_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Bytes [off, end) of an fd: pread for regular files (readers may share the fd), read()
 * otherwise; prefix bytes (already taken from a pipe for detection) come first. */
typedef struct fd_source {
    int fd;
    bool seekable;
    uint64_t off;
    uint64_t end;
    size_t prefix_len;
    size_t prefix_pos;
    char prefix[]; /* prefix_len bytes */
} fd_source;

static ptrdiff_t fd_read(void *user, char *dst, size_t n, char *why, size_t why_len)
{
    fd_source *src = user;
    if (src->prefix_pos < src->prefix_len) {
        size_t k = src->prefix_len - src->prefix_pos;
        if (k > n)
            k = n;
        memcpy(dst, src->prefix + src->prefix_pos, k);
        src->prefix_pos += k;
        src->off += k;
        return (ptrdiff_t)k;
    }
    if (src->off >= src->end)
        return 0;
    if ((uint64_t)n > src->end - src->off)
        n = (size_t)(src->end - src->off);
    for (;;) {
        ssize_t got = src->seekable ? pread(src->fd, dst, n, (off_t)src->off) : read(src->fd, dst, n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            snprintf(why, why_len, "%s", strerror(errno));
            return -1;
        }
        if (got == 0 && src->seekable) {
            /* end is the size the file had when opened: it shrank since (truncated, rewritten) */
            snprintf(why, why_len, "it shrank while being read (no byte at offset %llu, which it had when opened)",
                     (unsigned long long)src->off);
            return -1;
        }
        src->off += (uint64_t)got;
        return (ptrdiff_t)got;
    }
}

static void fd_release(void *user) { free(user); }

bool cli_capture_open(eks_capture_reader **out, eks_capture_kind kind, int fd, uint64_t start, uint64_t end,
                      const char *prefix, size_t prefix_len, const eks_capture_options *options, char *err,
                      size_t errlen)
{
    *out = NULL;
    fd_source *src = calloc(1, sizeof *src + prefix_len);
    if (!src) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    struct stat st;
    src->fd = fd;
    src->seekable = end != UINT64_MAX && fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    src->off = start;
    src->end = end;
    if (prefix_len)
        memcpy(src->prefix, prefix, prefix_len);
    src->prefix_len = prefix_len;
    eks_capture_source cs = {.read = fd_read, .user = src, .release = fd_release, .offset = start};
    return eks_capture_reader_new(out, kind, &cs, options, err, errlen);
}
