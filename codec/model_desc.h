/*
 * Shape descriptors: the generated tables (codec/generated/model_tables.c) describe every
 * shape of the generated operations; one generic engine (codec/shape_json.c) walks them to
 * decode, validate and encode. Private to the library.
 */
#ifndef EKSCODEC_MODEL_DESC_H
#define EKSCODEC_MODEL_DESC_H

#include "ekscodec/model.h"
#include "generated/model_ids.h"
#include "name_hash.h"

#include <stdint.h>

#define EKS_MODEL_DESC_VERSION 5

typedef enum eks_shape_kind {
    EKS_KIND_STRUCTURE,
    EKS_KIND_LIST,
    EKS_KIND_MAP,
    EKS_KIND_STRING,
    EKS_KIND_ENUM,
    EKS_KIND_BOOLEAN,
    EKS_KIND_INTEGER,
    EKS_KIND_LONG,
    EKS_KIND_DOUBLE,
    EKS_KIND_TIMESTAMP,
    EKS_KIND_BLOB
} eks_shape_kind;

typedef enum eks_member_location {
    EKS_LOC_BODY,
    EKS_LOC_URI,
    EKS_LOC_QUERY,
    EKS_LOC_HEADER,
    EKS_LOC_HEADERS,
    EKS_LOC_STATUS
} eks_member_location;

enum {
    EKS_MEMBER_REQUIRED = 1u << 0,
    EKS_MEMBER_IDEMPOTENCY_TOKEN = 1u << 1,
    /* A body member of a string shape (not an enum, not a blob) without length or pattern
     * constraints: the encoder writes it with no look at its shape. Derived by the generator. */
    EKS_MEMBER_PLAIN_BODY_STRING = 1u << 2
};

typedef struct eks_enum_desc {
    const char *name;
    int count;
    const char *const *values; /* index i is enum constant i + 1 */
    const uint16_t *lengths;   /* bytes of values[i]: matching a wire string needs no strlen */
    const eks_name_hash *hash; /* of the values; NULL where the generator found none */
} eks_enum_desc;

typedef struct eks_member_desc {
    const char *name;          /* member name; also the JSON key in rest-json bodies */
    size_t name_len;
    const char *json_key;      /* the key as the encoder writes it: "\"name\":" */
    size_t json_key_len;
    const char *location_name; /* URI label / header / query name for non-body members */
    size_t location_name_len;
    eks_shape_id shape;
    eks_member_location location;
    unsigned flags;
    size_t offset;             /* offsetof the field in the generated C struct */
} eks_member_desc;

/* A compiled `pattern` trait (schema/gen_schema.py compile_pattern): a sequence of atoms,
 * each an ASCII class taken exactly once, optionally, or any number of times. Code points
 * outside ASCII match no class. Run by eks_pattern_match() (codec/pattern.c). */
typedef enum eks_pattern_quant {
    EKS_PATTERN_ONE,
    EKS_PATTERN_OPTIONAL,
    EKS_PATTERN_STAR
} eks_pattern_quant;

typedef struct eks_pattern_atom {
    uint32_t cls[4]; /* bit c of the 128-bit set: ASCII character c is in the class */
    eks_pattern_quant quant;
} eks_pattern_atom;

typedef struct eks_pattern {
    const char *source;      /* the model's text, for diagnostics */
    bool anchored_start;     /* '^': Smithy patterns are not implicitly anchored */
    bool anchored_end;       /* '$' */
    int atom_count;          /* <= 64 */
    const eks_pattern_atom *atoms;
} eks_pattern;

typedef struct eks_shape_desc {
    const char *name;
    eks_shape_kind kind;
    size_t c_size;
    const eks_member_desc *members;
    int member_count;
    const eks_name_hash *member_hash; /* of the members' names; NULL where none was found */
    uint64_t required_members; /* bit i: members[i] is required */
    eks_shape_id item;  /* list member / map value */
    eks_shape_id key;   /* map key */
    const eks_enum_desc *enum_desc;
    int http_status;    /* error shapes */
    bool is_error;
    bool is_fault;
    bool has_min, has_max;
    int64_t min_value, max_value; /* length (code points, items, entries) or value range */
    const eks_pattern *pattern;   /* strings only; NULL when the model gives none */
} eks_shape_desc;

typedef struct eks_error_desc {
    eks_error_kind kind;
    eks_shape_id shape;
    size_t offset; /* offsetof the union member in eks_error_fields */
} eks_error_desc;

/* One piece of a request URI template: a literal, or the URI label of input member
 * `member` (index into the input shape's members). */
typedef struct eks_uri_segment {
    const char *literal;
    size_t literal_len;
    int member;  /* -1 for a literal */
    bool greedy; /* {name+}: '/' kept literal */
} eks_uri_segment;

typedef enum eks_http_method_id {
    EKS_METHOD_GET,
    EKS_METHOD_POST,
    EKS_METHOD_PUT,
    EKS_METHOD_DELETE,
    EKS_METHOD_PATCH,
    EKS_METHOD_HEAD
} eks_http_method_id;

typedef struct eks_operation_desc {
    const char *name;       /* the API name: "DescribeCluster" */
    const char *snake_name; /* boto3's method name: "describe_cluster" */
    const char *cli_name;   /* the AWS CLI's command: "describe-cluster" */
    const char *method;
    eks_http_method_id method_id;
    const char *request_uri;
    int response_code;      /* the success status (the model's responseCode, else 200) */
    bool has_body_members;  /* false: the request has no JSON body (GET, DELETE, ...) */
    int query_member_count;
    int token_member;       /* index of the idempotency-token input member, -1 if none */
    eks_shape_id input;
    eks_shape_id output;
    const eks_error_kind *errors;
    int error_count;
    const eks_uri_segment *uri_segments; /* the path part of request_uri, pre-split */
    int uri_segment_count;
} eks_operation_desc;

/* Name -> operation, sorted by the bytes of `name` (binary search). */
typedef struct eks_operation_name_entry {
    const char *name;
    size_t len;
    eks_operation_id op;
} eks_operation_name_entry;

/* The route trie (schema/gen_schema.py route_trie): node 0 is the root ("/"). A node's
 * literal children are edges[first_edge .. first_edge + edge_count), sorted by bytes, with a
 * perfect hash of their spellings (NULL for a few, or where the generator found none); its
 * label child matches any one segment (a greedy one, {name+}, the rest of the path);
 * ends[first_end ..] are the operations whose template ends at the node, one per method, each
 * with its template's label names (the trie merges templates that name a label differently). */
typedef struct eks_route_edge {
    const char *literal;
    uint16_t len;
    uint16_t child;
} eks_route_edge;

typedef struct eks_route_end {
    eks_http_method_id method;
    eks_operation_id op;
    uint16_t first_label; /* its labels' names from label_names[first_label], in path order */
} eks_route_end;

typedef struct eks_route_node {
    uint16_t first_edge, edge_count;
    int16_t label_child; /* -1: none */
    uint16_t first_end, end_count;
    bool label_greedy;
    const eks_name_hash *literal_hash;
} eks_route_node;

/* Facts of the service the tables were generated for (the model's metadata). */
typedef struct eks_service_desc {
    const char *service_id;
    const char *api_version;
    const char *protocol;
    const char *signing_name;    /* SigV4 credential scope service: "eks" */
    const char *endpoint_prefix; /* first DNS label of the endpoint host: "eks" */
} eks_service_desc;

extern const eks_shape_desc eks_shapes[EKS_SHAPE_COUNT_];
extern const eks_error_desc eks_errors[EKS_ERROR_KIND_COUNT];
extern const eks_operation_desc eks_operations[EKS_OPERATION_COUNT_];
extern const eks_operation_name_entry eks_operation_names_api[EKS_OPERATION_COUNT_];
extern const eks_operation_name_entry eks_operation_names_snake[EKS_OPERATION_COUNT_];
extern const eks_operation_name_entry eks_operation_names_cli[EKS_OPERATION_COUNT_];
extern const eks_route_edge eks_route_edges[];
extern const eks_route_end eks_route_ends[];
extern const char *const eks_route_label_names[];
extern const eks_route_node eks_route_nodes[EKS_ROUTE_NODE_COUNT];
extern const eks_service_desc eks_service;

/*
 * Layouts shared by every generated type of one kind. The generated tables assert (with
 * _Static_assert) that each generated struct matches these offsets, so the engine can treat
 * them alike; the library is built with -fno-strict-aliasing for the same reason.
 */
typedef struct eks_enum_layout { int value; eks_str raw; } eks_enum_layout;
typedef struct eks_list_layout { bool present; size_t count; void *items; } eks_list_layout;
typedef struct eks_map_layout { bool present; size_t count; eks_str *keys; void *values; } eks_map_layout;

/* Whether a value of `shape` at `value` is present (set by decode or by the caller). */
bool eks_shape_value_present(eks_shape_id shape, const void *value);

/* The descriptor of an error kind, NULL for NONE and UNMODELED. */
const eks_error_desc *eks_error_desc_of(eks_error_kind kind);

/* Generic enum helpers used by the generated per-enum functions. */
const char *eks_enum_to_string(const eks_enum_desc *desc, int value);
int eks_enum_from_string(const eks_enum_desc *desc, const char *s, size_t len);

#endif
