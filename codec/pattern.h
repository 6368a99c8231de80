/* Smithy `pattern` traits, compiled by schema/gen_schema.py into eks_pattern tables
 * (codec/model_desc.h) and run here. Private to the library. */
#ifndef EKSCODEC_PATTERN_H
#define EKSCODEC_PATTERN_H

#include "model_desc.h"

#include <stdbool.h>
#include <stddef.h>

/* Whether s[0..len) matches p as ECMA-262 RegExp.prototype.test (with the `u` flag) would
 * report it: Smithy patterns are not implicitly anchored, so without '^' a match may start
 * anywhere and without '$' end anywhere. Callers pass valid UTF-8; any byte of a non-ASCII
 * sequence (valid or not) matches no atom, which gives the same answer as treating the
 * sequence as one code point. Reads no byte at or past len; time is linear in len. */
bool eks_pattern_match(const eks_pattern *p, const char *s, size_t len);

#endif
