#include "json_compare.h"

#include <string.h>

static bool is_number(json_type t)
{
    return t == json_type_int || t == json_type_double;
}

bool ts_json_equal(json_object *a, json_object *b)
{
    if (!a || !b)
        return a == b;
    json_type ta = json_object_get_type(a), tb = json_object_get_type(b);
    if (is_number(ta) && is_number(tb)) {
        if (ta == json_type_int && tb == json_type_int)
            return json_object_get_int64(a) == json_object_get_int64(b);
        return json_object_get_double(a) == json_object_get_double(b);
    }
    if (ta != tb)
        return false;
    switch (ta) {
    case json_type_null:
        return true;
    case json_type_boolean:
        return json_object_get_boolean(a) == json_object_get_boolean(b);
    case json_type_string:
        return json_object_get_string_len(a) == json_object_get_string_len(b) &&
               memcmp(json_object_get_string(a), json_object_get_string(b), (size_t)json_object_get_string_len(a)) == 0;
    case json_type_array: {
        size_t n = json_object_array_length(a);
        if (n != json_object_array_length(b))
            return false;
        for (size_t i = 0; i < n; i++)
            if (!ts_json_equal(json_object_array_get_idx(a, i), json_object_array_get_idx(b, i)))
                return false;
        return true;
    }
    case json_type_object: {
        if (json_object_object_length(a) != json_object_object_length(b))
            return false;
        json_object_object_foreach(a, k, va) {
            json_object *vb = NULL;
            if (!json_object_object_get_ex(b, k, &vb) || !ts_json_equal(va, vb))
                return false;
        }
        return true;
    }
    default:
        return false;
    }
}
