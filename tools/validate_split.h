/*
 * `ekscodec validate --split SIZE FILE`: the plan of a tiling, for a driver that fans
 * `validate --range` out (tools/dask/, GNU parallel, Spark): the byte ranges
 * [k*SIZE, min((k+1)*SIZE, size)) of a JSON Lines file, each with the line its START lies
 * on, which is what `--range START:END --first-line N` wants. One read of the file, counting
 * newlines; no parsing. Each line is printed once known, and the output is flushed before
 * every read, so a driver can start on the first ranges while the rest are counted.
 */
#ifndef EKSCODEC_TOOLS_VALIDATE_SPLIT_H
#define EKSCODEC_TOOLS_VALIDATE_SPLIT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Parses SIZE: a positive decimal number of bytes, optionally followed by K, M or G (KiB,
 * MiB, GiB). Returns false for anything else, 0, or a value over 2^64-1. */
bool val_split_parse_size(const char *s, uint64_t *out);

/* Writes "START:END N\n" for each range of the regular file fd (size bytes, named name in
 * messages) to out. piece >= 1. Returns false after printing why on stderr when the file
 * cannot be read (or shrank) or out cannot be written. */
bool val_split_print(int fd, uint64_t size, uint64_t piece, const char *name, FILE *out);

/* The newlines in bytes [from, end) of fd, into *out (the line base of a --range), by the
 * same reading as val_split_print. Returns false when out of memory or on a failed read:
 * errno tells which, 0 when the file ended before end. */
bool val_count_newlines(int fd, uint64_t from, uint64_t end, uint64_t *out);

#endif
