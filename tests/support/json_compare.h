/* Comparing JSON values the way the SDK oracles' parsed values compare, for the corpus runners. */
#ifndef EKSCODEC_TEST_JSON_COMPARE_H
#define EKSCODEC_TEST_JSON_COMPARE_H

#include <json-c/json.h>
#include <stdbool.h>

/* Deep equality of two json-c values (either may be NULL; NULL equals only NULL).
 * Numbers compare by value, as botocore's and the JS SDK's parsed numbers do: an integer
 * and a double of the same value are equal, two integers compare exactly as int64 (a double
 * would lose precision above 2^53). Objects compare as unordered maps. */
bool ts_json_equal(json_object *a, json_object *b);

#endif
