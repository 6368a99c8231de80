#include "constraints_model.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

json_object *cm_load(const char *path)
{
    json_object *m = json_object_from_file(path);
    ck_assert_msg(m != NULL, "cannot read the model %s", path);
    return m;
}

static json_object *shape_obj(json_object *model, const char *shape)
{
    json_object *shapes, *s;
    ck_assert(json_object_object_get_ex(model, "shapes", &shapes));
    ck_assert_msg(json_object_object_get_ex(shapes, shape, &s), "no shape %s in the model", shape);
    return s;
}

bool cm_bound(json_object *model, const char *shape, const char *which, int64_t *out)
{
    json_object *v;
    if (!json_object_object_get_ex(shape_obj(model, shape), which, &v))
        return false;
    ck_assert(json_object_is_type(v, json_type_int));
    *out = json_object_get_int64(v);
    return true;
}

int64_t cm_need(json_object *model, const char *shape, const char *which)
{
    int64_t v = 0;
    ck_assert_msg(cm_bound(model, shape, which, &v), "the model gives %s no %s", shape, which);
    return v;
}

const char *cm_pattern(json_object *model, const char *shape)
{
    json_object *v;
    if (!json_object_object_get_ex(shape_obj(model, shape), "pattern", &v))
        return NULL;
    return json_object_get_string(v);
}

char *cm_repeat(const char *unit, size_t n)
{
    size_t u = strlen(unit);
    char *s = malloc(u * n + 1);
    ck_assert_ptr_nonnull(s);
    for (size_t i = 0; i < n; i++)
        memcpy(s + i * u, unit, u);
    s[u * n] = '\0';
    return s;
}
