/* Constraint facts read straight from a model JSON file (botocore's form, or the extract),
 * so that the constraint tests take their bounds from the model, never from the generated
 * tables they test; and the pattern oracle's cases (tests/pattern_cases/). */
#ifndef EKSCODEC_TESTS_CONSTRAINTS_MODEL_H
#define EKSCODEC_TESTS_CONSTRAINTS_MODEL_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Loads a model (aborts the test when it cannot be read). Release with json_object_put. */
json_object *cm_load(const char *path);
/* shapes[shape][which] ("min" / "max") as an integer; false when the model gives none. */
bool cm_bound(json_object *model, const char *shape, const char *which, int64_t *out);
/* The same, asserting that the model gives it. */
int64_t cm_need(json_object *model, const char *shape, const char *which);
/* shapes[shape]["pattern"], or NULL. Owned by the model. */
const char *cm_pattern(json_object *model, const char *shape);

/* n copies of unit, NUL-terminated; malloc'd, caller frees. */
char *cm_repeat(const char *unit, size_t n);

#endif
