/*
 * Prints the descriptors of a generated model_tables.c as JSON, so that tables generated for
 * any operation (not just the committed one) can be compared with the official model by
 * tests/schema_fixtures/check_extract.py. Built by tests/schema_generator_test.sh against a
 * temporary header/ids/tables set; never part of the library.
 */
#include "model_desc.h"

#include <stdio.h>
#include <string.h>

/* The generated to/from_string wrappers call these; the dump reads enum_desc directly. */
const char *eks_enum_to_string(const eks_enum_desc *desc, int value)
{
    return value >= 1 && value <= desc->count ? desc->values[value - 1] : NULL;
}

int eks_enum_from_string(const eks_enum_desc *desc, const char *s, size_t len)
{
    (void)s;
    (void)len;
    return desc->count + 1;
}

static void jstr(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c < 0x20)
            printf("\\u%04x", c);
        else
            putchar(c);
    }
    putchar('"');
}

static const char *kind_name(eks_shape_kind k)
{
    static const char *const names[] = {"structure", "list", "map", "string", "enum", "boolean",
                                        "integer", "long", "double", "timestamp", "blob"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

static const char *location_name(eks_member_location l)
{
    static const char *const names[] = {"body", "uri", "querystring", "header", "headers", "statusCode"};
    return (unsigned)l < sizeof names / sizeof names[0] ? names[l] : "?";
}

static const char *shape_name(eks_shape_id id)
{
    return id >= 0 && id < EKS_SHAPE_COUNT_ ? eks_shapes[id].name : "?";
}

static const char *error_shape(eks_error_kind kind)
{
    for (int i = 0; i < EKS_ERROR_KIND_COUNT; i++)
        if (eks_errors[i].kind == kind)
            return shape_name(eks_errors[i].shape);
    return "?";
}

int main(void)
{
    printf("{\"shapes\": {");
    for (int i = 0; i < EKS_SHAPE_COUNT_; i++) {
        const eks_shape_desc *d = &eks_shapes[i];
        printf("%s\n  ", i ? "," : "");
        jstr(d->name ? d->name : "?");
        printf(": {\"kind\": \"%s\", \"error\": %s, \"fault\": %s, \"httpStatus\": %d", kind_name(d->kind),
               d->is_error ? "true" : "false", d->is_fault ? "true" : "false", d->http_status);
        if (d->has_min)
            printf(", \"min\": %lld", (long long)d->min_value);
        if (d->has_max)
            printf(", \"max\": %lld", (long long)d->max_value);
        if (d->kind == EKS_KIND_LIST || d->kind == EKS_KIND_MAP) {
            printf(", \"item\": ");
            jstr(shape_name(d->item));
        }
        if (d->kind == EKS_KIND_MAP) {
            printf(", \"key\": ");
            jstr(shape_name(d->key));
        }
        if (d->enum_desc) {
            printf(", \"enum\": [");
            for (int k = 0; k < d->enum_desc->count; k++) {
                printf("%s", k ? ", " : "");
                jstr(d->enum_desc->values[k]);
            }
            printf("]");
        }
        printf(", \"members\": [");
        for (int k = 0; k < d->member_count; k++) {
            const eks_member_desc *m = &d->members[k];
            printf("%s{\"name\": ", k ? ", " : "");
            jstr(m->name);
            printf(", \"shape\": ");
            jstr(shape_name(m->shape));
            printf(", \"nameLen\": %zu, \"jsonKey\": ", m->name_len);
            jstr(m->json_key);
            printf(", \"jsonKeyLen\": %zu", m->json_key_len);
            printf(", \"location\": \"%s\", \"locationName\": ", location_name(m->location));
            jstr(m->location_name);
            printf(", \"required\": %s, \"idempotencyToken\": %s, \"plainBodyString\": %s, \"otherFlags\": %u}",
                   (m->flags & EKS_MEMBER_REQUIRED) ? "true" : "false",
                   (m->flags & EKS_MEMBER_IDEMPOTENCY_TOKEN) ? "true" : "false",
                   (m->flags & EKS_MEMBER_PLAIN_BODY_STRING) ? "true" : "false",
                   m->flags & ~(unsigned)(EKS_MEMBER_REQUIRED | EKS_MEMBER_IDEMPOTENCY_TOKEN |
                                          EKS_MEMBER_PLAIN_BODY_STRING));
        }
        printf("]}");
    }
    printf("},\n\"operations\": {");
    for (int i = 0; i < EKS_OPERATION_COUNT_; i++) {
        const eks_operation_desc *o = &eks_operations[i];
        printf("%s\n  ", i ? "," : "");
        jstr(o->name);
        printf(": {\"method\": ");
        jstr(o->method);
        printf(", \"requestUri\": ");
        jstr(o->request_uri);
        printf(", \"responseCode\": %d, \"input\": ", o->response_code);
        if (o->input == EKS_SHAPE_NONE_)
            printf("null");
        else
            jstr(shape_name(o->input));
        printf(", \"output\": ");
        if (o->output == EKS_SHAPE_NONE_)
            printf("null");
        else
            jstr(shape_name(o->output));
        printf(", \"errors\": [");
        for (int k = 0; k < o->error_count; k++) {
            printf("%s", k ? ", " : "");
            jstr(error_shape(o->errors[k]));
        }
        printf("], \"uriSegments\": [");
        const eks_shape_desc *in = o->input == EKS_SHAPE_NONE_ ? NULL : &eks_shapes[o->input];
        for (int k = 0; k < o->uri_segment_count; k++) {
            const eks_uri_segment *g = &o->uri_segments[k];
            printf("%s{", k ? ", " : "");
            if (g->member < 0) {
                printf("\"literal\": ");
                jstr(g->literal ? g->literal : "(null)");
                printf(", \"len\": %zu", g->literal_len);
            } else if (in && g->member < in->member_count) {
                const eks_member_desc *m = &in->members[g->member];
                printf("\"member\": ");
                jstr(m->name);
                printf(", \"location\": \"%s\", \"locationName\": ", location_name(m->location));
                jstr(m->location_name);
            } else {
                printf("\"member\": null");
            }
            printf(", \"greedy\": %s}", g->greedy ? "true" : "false");
        }
        printf("]}");
    }
    printf("},\n\"errors\": [");
    for (int i = 0; i < EKS_ERROR_KIND_COUNT; i++) {
        printf("%s", i ? ", " : "");
        jstr(shape_name(eks_errors[i].shape));
    }
    printf("]}\n");
    return ferror(stdout) ? 1 : 0;
}
