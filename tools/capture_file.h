/* Capture readers over a file descriptor: the file side of `ekscodec validate` (the library
 * readers take memory or a read callback; this is the callback for files, pipes and stdin). */
#ifndef EKSCODEC_TOOLS_CAPTURE_FILE_H
#define EKSCODEC_TOOLS_CAPTURE_FILE_H

#include "ekscodec/capture.h"

#include <stdint.h>

/*
 * Opens a reader of `kind` over fd, bytes [start, end) (end == UINT64_MAX: a stream, read()
 * from the fd's offset to its end, whatever the fd is: a pipe, or stdin left by the caller
 * partway through a file). prefix[0..prefix_len) are bytes already read from fd at `start`
 * (stdin detection); they are copied. Otherwise, for a regular file, the reader uses pread
 * and leaves the file offset alone, so several readers may share one fd; the file ending
 * before `end` is an error (it shrank while read). JSONL ranges must begin at a line start. The fd stays
 * the caller's (it is not closed). Returns false with a message in err (never capture
 * content) when it cannot start.
 */
bool cli_capture_open(eks_capture_reader **out, eks_capture_kind kind, int fd, uint64_t start, uint64_t end,
                      const char *prefix, size_t prefix_len, const eks_capture_options *options, char *err,
                      size_t errlen);

#endif
