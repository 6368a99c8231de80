/*
 * Schema-directed JSON decoding: one routine for every shape, driven by the generated
 * descriptors. Model violations (wrong type, unknown enum value, missing member) become
 * diagnostics and decoding goes on, so one pass reports every problem; only syntax errors,
 * limits and out-of-memory stop it.
 */
#include "buf_inline.h"
#include "constraints.h"
#include "enum_lookup.h"
#include "key_set.h"
#include "limits_resolve.h"
#include "shape_codec.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The containers and the rarer scalars are kept out of eks_shape_decode_value: inlined, their
 * locals (a key set, a constraint site) made every call, a string's too, save six registers
 * and check a stack canary. */
#if defined(__GNUC__)
#define EKS_DECODE_OUT_OF_LINE __attribute__((noinline))
#else
#define EKS_DECODE_OUT_OF_LINE
#endif

/* Epoch seconds representable as a calendar date: from 0001-01-01T00:00:00Z (inclusive) to
 * 10000-01-01T00:00:00Z (exclusive), so every fraction of 9999-12-31T23:59:59 is in range.
 * Anything outside is not a time a service can mean. */
#define EKS_TIMESTAMP_MIN (-62135596800.0)
#define EKS_TIMESTAMP_END (253402300800.0)

void eks_shape_decoder_init(eks_shape_decoder *d, char *buf, size_t len, eks_arena *arena,
                            eks_diags *diags, const eks_limits *limits, bool strict)
{
    eks_limits resolved = eks_limits_resolved(limits);
    eks_json_scanner scanner = eks_json_scanner_best();
    eks_shape_decoder_init_resolved(d, buf, len, arena, diags, &resolved, strict, &scanner);
}

void eks_shape_diag(eks_shape_decoder *d, eks_severity sev, eks_diag_code code, size_t offset,
                    const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    char path[EKS_JSON_PATH_TEXT_MAX];
    eks_json_path_render(&d->path, "$", path, sizeof path);
    if (eks_diags_add(d->diags, sev, code, path, offset, "%s", msg) != EKS_OK)
        d->oom = true;
}

/* Constraint violations found while decoding: located at the current path and at the byte
 * offset where the value starts. */
typedef struct constraint_site {
    eks_shape_decoder *d;
    size_t offset;
} constraint_site;

static void constraint_emit(void *ctx, eks_diag_code code, const char *message)
{
    constraint_site *site = ctx;
    eks_shape_diag(site->d, site->d->constraint_severity, code, site->offset, "%s", message);
}

/* Out of line: the common, unconstrained string stays a plain read. */
EKS_DECODE_OUT_OF_LINE static bool decode_constrained_string(eks_shape_decoder *d, const eks_shape_desc *sd, eks_str *dst)
{
    constraint_site site = {d, d->reader.pos};
    if (!eks_json_read_string(&d->reader, dst))
        return false;
    eks_constraints_string(sd, dst->ptr, dst->len, NULL, constraint_emit, &site);
    return !d->oom;
}

static size_t path_push_key(eks_shape_decoder *d, eks_str key)
{
    eks_json_path_push_key(&d->path, key.ptr, key.len);
    return 0;
}

static size_t path_push_index(eks_shape_decoder *d, size_t index)
{
    eks_json_path_push_index(&d->path, index);
    return 0;
}

static void path_pop(eks_shape_decoder *d, size_t unused)
{
    (void)unused;
    eks_json_path_pop(&d->path);
}

static const char *kind_json_name(eks_shape_kind k)
{
    switch (k) {
    case EKS_KIND_STRUCTURE:
    case EKS_KIND_MAP: return "object";
    case EKS_KIND_LIST: return "array";
    case EKS_KIND_STRING:
    case EKS_KIND_ENUM:
    case EKS_KIND_BLOB: return "string";
    case EKS_KIND_BOOLEAN: return "boolean";
    case EKS_KIND_INTEGER:
    case EKS_KIND_LONG:
    case EKS_KIND_DOUBLE:
    case EKS_KIND_TIMESTAMP: return "number";
    }
    return "value";
}

EKS_DECODE_OUT_OF_LINE static bool wrong_type(eks_shape_decoder *d, const eks_shape_desc *sd, eks_json_type got)
{
    /* got is the first byte's type: "nope" starts like null. Read the value first, so that
     * text that is no JSON value gets the syntax error alone, not a type it does not have. */
    size_t at = d->reader.pos;
    if (!eks_json_skip_value(&d->reader))
        return false;
    d->dropped++;
    eks_shape_diag(d, EKS_SEV_ERROR,
                   sd->kind == EKS_KIND_TIMESTAMP ? EKS_DIAG_INVALID_TIMESTAMP : EKS_DIAG_WRONG_TYPE,
                   at, "expected %s (%s), got %s", kind_json_name(sd->kind), sd->name,
                   eks_json_type_name(got));
    return !d->oom;
}

static bool is_extra_key(const char *const *extra, eks_str key)
{
    if (!extra)
        return false;
    for (; *extra; extra++)
        if (eks_str_eq_cstr(key, *extra))
            return true;
    return false;
}

static bool member_named(const eks_member_desc *m, eks_str key)
{
    return m->name_len == key.len && eks_bytes_equal(m->name, key.ptr, key.len);
}

/* The member whose name is `key`, or -1. Member names are unique within a structure, so the
 * one after the member matched last is tried first (a body usually lists its keys in the
 * model's order), then the generated perfect hash gives the only other candidate; a
 * structure without a hash is searched in turn from there. */
static int find_member(const eks_shape_desc *sd, eks_str key, int start, bool all_locations)
{
    int n = sd->member_count, mi = -1;
    if (!n)
        return -1;
    if (member_named(&sd->members[start], key)) {
        mi = start;
    } else if (sd->member_hash) {
        int at = sd->member_hash->slots[eks_name_hash_slot(sd->member_hash, key.ptr, key.len)] - 1;
        if (at >= 0 && member_named(&sd->members[at], key))
            mi = at;
    } else {
        for (int k = 1, i = start + 1 < n ? start + 1 : 0; k < n && mi < 0; k++, i = i + 1 < n ? i + 1 : 0)
            if (member_named(&sd->members[i], key))
                mi = i;
    }
    return mi >= 0 && (sd->members[mi].location == EKS_LOC_BODY || all_locations) ? mi : -1;
}

EKS_DECODE_OUT_OF_LINE static bool decode_enum(eks_shape_decoder *d, const eks_shape_desc *sd, eks_enum_layout *f);

EKS_DECODE_OUT_OF_LINE static bool decode_structure(eks_shape_decoder *d, const eks_shape_desc *sd, void *dst);

EKS_DECODE_OUT_OF_LINE static bool decode_list(eks_shape_decoder *d, const eks_shape_desc *sd, void *dst);

EKS_DECODE_OUT_OF_LINE static bool decode_map(eks_shape_decoder *d, const eks_shape_desc *sd, void *dst);

EKS_DECODE_OUT_OF_LINE static bool decode_timestamp(eks_shape_decoder *d, const eks_shape_desc *sd, eks_timestamp *ts,
                                                    eks_json_type t);

/* A member's, list item's or map value's value, whose type t the caller has just peeked. The
 * commonest, a plain string, an enum sent as a string, a structure sent as an object, a list
 * sent as an array and a timestamp sent as a number, are passed on here rather than through
 * eks_shape_decode_value: the same calls it would make, less a call, a second peek and a
 * dispatch per value, which is a tenth of a typical structure's cost. */
static inline bool decode_value_fast(eks_shape_decoder *d, eks_shape_id shape, void *field, eks_json_type t)
{
    const eks_shape_desc *sd = &eks_shapes[shape];
    switch (t) {
    case EKS_JSON_STRING:
        if (sd->kind == EKS_KIND_STRING && !eks_shape_constrained(sd))
            return eks_json_read_string(&d->reader, field);
        if (sd->kind == EKS_KIND_ENUM)
            return decode_enum(d, sd, field);
        break;
    case EKS_JSON_OBJECT:
        if (sd->kind == EKS_KIND_STRUCTURE)
            return decode_structure(d, sd, field);
        if (sd->kind == EKS_KIND_MAP)
            return decode_map(d, sd, field);
        break;
    case EKS_JSON_ARRAY:
        if (sd->kind == EKS_KIND_LIST)
            return decode_list(d, sd, field);
        break;
    case EKS_JSON_NUMBER:
        if (sd->kind == EKS_KIND_TIMESTAMP)
            return decode_timestamp(d, sd, field, t);
        break;
    default:
        break;
    }
    return eks_shape_decode_value(d, shape, field);
}

/* The rarer steps of decode_structure, out of line: inlined, their locals and calls took
 * registers from its loop over the members, which then spilled and reloaded its own. */

/* A member seen before in the same object: reported, its value skipped. */
EKS_DECODE_OUT_OF_LINE static bool duplicate_member(eks_shape_decoder *d, const eks_member_desc *m, size_t key_offset)
{
    eks_shape_diag(d, EKS_SEV_ERROR, EKS_DIAG_DUPLICATE_KEY, key_offset,
                   "member \"%s\" appears more than once; its later copies are skipped", m->name);
    return eks_json_skip_value(&d->reader);
}

/* A key that names no member (of this location): a duplicate among such keys, an unknown
 * parameter or, when strict, an ignored member is reported, and its value skipped. */
EKS_DECODE_OUT_OF_LINE static bool unknown_member(eks_shape_decoder *d, const eks_shape_desc *sd, key_set *unknown,
                                                  eks_str key, size_t key_offset, const char *const *extra)
{
    bool dup = false;
    if (!key_set_add(unknown, key, &dup)) {
        d->oom = true;
        return false;
    }
    if (dup) {
        eks_shape_diag(d, EKS_SEV_ERROR, EKS_DIAG_DUPLICATE_KEY, key_offset,
                       "key appears more than once in the same object");
    } else if (d->unknown_member_is_error) {
        eks_shape_diag(d, EKS_SEV_ERROR, EKS_DIAG_UNKNOWN_MEMBER, key_offset,
                       "unknown parameter: %s has no such member", sd->name);
    } else if (d->strict && !is_extra_key(extra, key)) {
        eks_shape_diag(d, EKS_SEV_WARNING, EKS_DIAG_UNKNOWN_MEMBER, key_offset,
                       "member is not in the model of %s; ignored", sd->name);
    }
    return eks_json_skip_value(&d->reader);
}

/* After the object: each required member (of this location) that no value filled is reported.
 * Returns !d->oom. */
static inline bool check_required(eks_shape_decoder *d, const eks_shape_desc *sd, const void *dst, uint64_t seen,
                                  size_t obj_offset)
{
    /* Only the required members, in member order (the generated mask), and ascending bit by
     * bit so the diagnostics come in the order of the model. */
    for (uint64_t required = sd->required_members; required; required &= required - 1) {
        int mi = __builtin_ctzll(required);
        const eks_member_desc *m = &sd->members[mi];
        /* A member sent as null counts as missing: null means absent. */
        if ((m->location == EKS_LOC_BODY || d->all_locations) &&
            !eks_shape_value_present(m->shape, (const char *)dst + m->offset)) {
            /* Located at the member itself, as the encoder's validation reports it. */
            eks_json_path_push_key(&d->path, m->name, m->name_len);
            eks_shape_diag(d, EKS_SEV_ERROR, EKS_DIAG_MISSING_REQUIRED_MEMBER, obj_offset,
                           "required member \"%s\" of %s is %s", m->name, sd->name,
                           (seen & (UINT64_C(1) << mi)) ? "null or invalid" : "missing");
            eks_json_path_pop(&d->path);
        }
    }
    return !d->oom;
}

EKS_DECODE_OUT_OF_LINE static bool decode_structure(eks_shape_decoder *d, const eks_shape_desc *sd, void *dst)
{
    eks_json_reader *r = &d->reader;
    const char *const *extra = d->extra_top_keys;
    d->extra_top_keys = NULL; /* only the outermost object */
    size_t obj_offset = r->pos;
    if (!eks_json_object_begin(r))
        return false;
    *(bool *)dst = true; /* every generated struct starts with `bool present` */
    uint64_t seen = 0;
    key_set unknown;
    key_set_init(&unknown);
    bool ok = true, first = true;
    eks_str key;
    size_t key_offset;
    int next = 0; /* where the search for the next key starts */
    const eks_member_desc *expected = sd->member_count ? &sd->members[0] : NULL;
    bool got_expected = false;
    size_t at = d->path.depth; /* the members' frame: each key is put there, over the last one */
    while (ok && eks_json_object_next_expecting(r, &first, expected ? expected->json_key : NULL,
                                                expected ? expected->json_key_len : 0, &got_expected, &key,
                                                &key_offset)) {
        int mi = got_expected ? (expected->location == EKS_LOC_BODY || d->all_locations ? next : -1)
                              : find_member(sd, key, next, d->all_locations);
        const eks_member_desc *m = mi >= 0 ? &sd->members[mi] : NULL;
        if (m) {
            next = mi + 1 < sd->member_count ? mi + 1 : 0;
            expected = &sd->members[next];
        }
        eks_json_path_put_key(&d->path, at, key.ptr, key.len);
        if (m) {
            if (seen & (UINT64_C(1) << mi)) {
                ok = duplicate_member(d, m, key_offset);
            } else {
                seen |= UINT64_C(1) << mi;
                eks_json_type t = eks_json_peek(r);
                /* the generator's mark of a plain string member spares the look at its shape */
                if ((m->flags & EKS_MEMBER_PLAIN_BODY_STRING) && t == EKS_JSON_STRING)
                    ok = eks_json_read_string(r, (eks_str *)((char *)dst + m->offset));
                else
                    ok = decode_value_fast(d, m->shape, (char *)dst + m->offset, t);
            }
        } else {
            ok = unknown_member(d, sd, &unknown, key, key_offset, extra);
        }
        eks_json_path_cut_to(&d->path, at);
        if (d->oom)
            ok = false;
    }
    if (unknown.table) /* rare: not a call per structure */
        key_set_free(&unknown);
    if (!ok || r->failed)
        return false;
    return sd->required_members ? check_required(d, sd, dst, seen, obj_offset) : !d->oom;
}

/* Lists grow inside the arena: in place while nothing was allocated after the array (items
 * of scalars and of structures without lists), otherwise into a new array that abandons the
 * previous one (at most doubling the memory a list takes), which keeps the result a single
 * free. */
/* Whether the list item or map value just decoded, of JSON type t, during whose decode a
 * value was reported and left out, was that value itself: a container of the wrong type (one
 * of its own items or members leaves it in), or a scalar. Such an item is not kept: a zeroed
 * slot would read as a value never sent ("" or {}). */
/* A string sent for a string or an enum is never dropped (a broken constraint or an unknown
 * enum value keeps it): the commonest items skip the watch on d->dropped. */
static inline bool kept_whole(const eks_shape_desc *item, eks_json_type t)
{
    return t == EKS_JSON_STRING && (item->kind == EKS_KIND_STRING || item->kind == EKS_KIND_ENUM);
}

/* A scalar whose read failed (the document broke inside it) holds nothing that was read:
 * its slot is given back, as a structure member in that case is never set. A structure,
 * list or map keeps what it read before the break. */
static inline bool holds_nothing_read(const eks_shape_desc *item, bool ok)
{
    return !ok && item->kind != EKS_KIND_STRUCTURE && item->kind != EKS_KIND_LIST && item->kind != EKS_KIND_MAP;
}

static bool item_dropped(const eks_shape_desc *item, eks_json_type t)
{
    switch (item->kind) {
    case EKS_KIND_STRUCTURE:
    case EKS_KIND_MAP:
        return t != EKS_JSON_OBJECT;
    case EKS_KIND_LIST:
        return t != EKS_JSON_ARRAY;
    default:
        return true;
    }
}

static bool decode_list(eks_shape_decoder *d, const eks_shape_desc *sd, void *dst)
{
    eks_json_reader *r = &d->reader;
    /* "[]", the commonest list ("errors":[]), within the depth limit and with no count to
     * check: what the loop below does for it, before the frame it needs is set up. Callers
     * come here having peeked the '[' at r->pos (so the reader has not failed). */
    if (r->buf[r->pos + 1] == ']' && r->depth < r->limits.max_depth && !eks_shape_constrained(sd)) {
        ((eks_list_layout *)dst)->present = true;
        r->pos += 2;
        return !d->oom;
    }
    const eks_shape_desc *item = &eks_shapes[sd->item];
    eks_list_layout *list = dst;
    constraint_site site = {d, r->pos};
    if (!eks_json_array_begin(r))
        return false;
    list->present = true;
    size_t cap = 0;
    bool first = true, ok = true;
    /* The path names an item by its place in the document, nulls dropped below counted: an
     * item after a null is still the one its diagnostics point at. */
    size_t at = 0;
    while (ok && eks_json_array_next(r, &first)) {
        if (list->count >= r->limits.max_list_len) {
            eks_shape_diag(d, EKS_SEV_ERROR, EKS_DIAG_LIMIT_EXCEEDED, r->pos,
                           "list has more than the limit of %zu elements", r->limits.max_list_len);
            r->failed = true;
            return false;
        }
        size_t saved = path_push_index(d, at++);
        eks_json_type t = eks_json_peek(r); /* still the item's type below: nothing reads in between */
        if (t == EKS_JSON_NULL) {
            /* Smithy lists are dense unless marked sparse, and clients drop nulls in dense
             * collections (restJson1 test RestJsonDeserializesDenseSetMapAndSkipsNull); the
             * drop is reported, never silent. */
            eks_shape_diag(d, EKS_SEV_WARNING, EKS_DIAG_WRONG_TYPE, r->pos,
                           "null element in a list of %s; dropped", item->name);
            ok = eks_json_read_literal(r);
            path_pop(d, saved);
            continue;
        }
        if (list->count == cap) {
            /* Uninitialised: each slot is zeroed when it is taken, so spare capacity is never
             * written. */
            size_t ncap = cap ? cap * 2 : 4;
            if (!cap || !eks_arena_grow_in_place(d->arena, list->items, cap * item->c_size, ncap * item->c_size)) {
                void *n = eks_arena_alloc_uninit(d->arena, ncap * item->c_size);
                if (!n) {
                    d->oom = true;
                    return false;
                }
                if (list->count)
                    memcpy(n, list->items, list->count * item->c_size);
                list->items = n;
            }
            cap = ncap;
        }
        void *slot = (char *)list->items + list->count * item->c_size;
        memset(slot, 0, item->c_size);
        list->count++;
        /* Lists of structures, the long ones, test the item kind first: an object is never
         * dropped as a structure, whatever is dropped inside it. */
        if (item->kind == EKS_KIND_STRUCTURE && t == EKS_JSON_OBJECT) {
            ok = decode_structure(d, item, slot);
        } else if (kept_whole(item, t)) {
            ok = decode_value_fast(d, sd->item, slot, t);
            if (holds_nothing_read(item, ok))
                list->count--; /* ["a (a string cut short) was [""] */
        } else {
            size_t dropped = d->dropped;
            ok = decode_value_fast(d, sd->item, slot, t);
            if ((d->dropped != dropped && item_dropped(item, t)) || holds_nothing_read(item, ok))
                list->count--; /* its slot is zeroed again for the next item */
        }
        path_pop(d, saved);
    }
    /* Items dropped as null do not count: the length is that of the list the caller gets. */
    if (ok && !r->failed && eks_shape_constrained(sd))
        eks_constraints_count(sd, list->count, constraint_emit, &site);
    return ok && !r->failed && !d->oom;
}

static bool decode_map(eks_shape_decoder *d, const eks_shape_desc *sd, void *dst)
{
    eks_json_reader *r = &d->reader;
    const eks_shape_desc *val = &eks_shapes[sd->item];
    eks_map_layout *map = dst;
    const eks_shape_desc *key_sd = &eks_shapes[sd->key];
    bool key_constrained = eks_shape_constrained(key_sd);
    constraint_site site = {d, r->pos};
    if (!eks_json_object_begin(r))
        return false;
    map->present = true;
    size_t cap = 0;
    bool first = true, ok = true;
    eks_str key;
    size_t key_offset;
    key_set seen;
    key_set_init(&seen);
    while (ok && eks_json_object_next(r, &first, &key, &key_offset)) {
        size_t saved = path_push_key(d, key);
        bool dup = false;
        if (!key_set_add(&seen, key, &dup)) {
            d->oom = true;
            ok = false;
        } else if (dup) {
            eks_shape_diag(d, EKS_SEV_ERROR, EKS_DIAG_DUPLICATE_KEY, key_offset,
                           "map key appears more than once; its later copies are skipped");
            ok = eks_json_skip_value(r);
        } else if (map->count >= r->limits.max_list_len) {
            eks_shape_diag(d, EKS_SEV_ERROR, EKS_DIAG_LIMIT_EXCEEDED, key_offset,
                           "map has more than the limit of %zu entries", r->limits.max_list_len);
            r->failed = true;
            ok = false;
        } else {
            if (map->count == cap) {
                size_t ncap = cap ? cap * 2 : 4;
                eks_str *nk = eks_arena_alloc(d->arena, ncap * sizeof *nk);
                void *nv = eks_arena_alloc(d->arena, ncap * val->c_size);
                if (!nk || !nv) {
                    d->oom = true;
                    ok = false;
                    path_pop(d, saved);
                    break;
                }
                if (map->count) {
                    memcpy(nk, map->keys, map->count * sizeof *nk);
                    memcpy(nv, map->values, map->count * val->c_size);
                }
                map->keys = nk;
                map->values = nv;
                cap = ncap;
            }
            eks_json_type t = eks_json_peek(r);
            if (t == EKS_JSON_NULL) {
                /* Dense maps drop null values (restJson1 RestJsonDeserializesDenseSetMapAndSkipsNull);
                 * the drop is reported, as for lists. */
                eks_shape_diag(d, EKS_SEV_WARNING, EKS_DIAG_WRONG_TYPE, r->pos,
                               "null value in a map of %s; dropped", val->name);
                ok = eks_json_read_literal(r);
                path_pop(d, saved);
                continue;
            }
            if (key_constrained) {
                constraint_site key_site = {d, key_offset};
                eks_constraints_string(key_sd, key.ptr, key.len, "map key", constraint_emit, &key_site);
            }
            map->keys[map->count] = key;
            void *slot = (char *)map->values + map->count * val->c_size;
            map->count++;
            if (kept_whole(val, t)) {
                ok = decode_value_fast(d, sd->item, slot, t);
                if (holds_nothing_read(val, ok)) {
                    map->count--;
                    memset(slot, 0, val->c_size);
                }
            } else {
                size_t dropped = d->dropped;
                ok = decode_value_fast(d, sd->item, slot, t);
                if ((d->dropped != dropped && item_dropped(val, t)) || holds_nothing_read(val, ok)) {
                    map->count--;
                    memset(slot, 0, val->c_size); /* as the arena gave it, for the next value */
                }
            }
        }
        path_pop(d, saved);
    }
    key_set_free(&seen);
    if (ok && !r->failed && eks_shape_constrained(sd))
        eks_constraints_count(sd, map->count, constraint_emit, &site);
    return ok && !r->failed && !d->oom;
}

static bool decode_timestamp(eks_shape_decoder *d, const eks_shape_desc *sd, eks_timestamp *ts, eks_json_type t)
{
    eks_json_reader *r = &d->reader;
    size_t at = r->pos;
    if (t != EKS_JSON_NUMBER)
        return wrong_type(d, sd, t);
    eks_str text;
    double v;
    if (!eks_json_read_number(r, &text, &v))
        return false;
    if (!isfinite(v) || v < EKS_TIMESTAMP_MIN || v >= EKS_TIMESTAMP_END) {
        eks_shape_diag(d, EKS_SEV_ERROR, EKS_DIAG_INVALID_TIMESTAMP, at,
                       "epoch seconds %.*s are outside years 1..9999", (int)(text.len > 40 ? 40 : text.len),
                       text.ptr);
        d->dropped++;
        return true;
    }
    ts->present = true;
    ts->epoch_seconds = v;
    return true;
}

/* A JSON number token with a fraction or an exponent, whose value is an integer: its
 * digits, read as decimal text, never through a double, which would round 10.99999999999999999
 * to 11 and 1e-400 to 0 and take them for integers. The token is valid JSON (the reader
 * checked it): digits, then maybe '.' and digits, then maybe [eE][+-] and digits. */
EKS_DECODE_OUT_OF_LINE static bool parse_integral_decimal(const char *p, const char *e, uint64_t *mag)
{
    const char *int_end = p;
    while (int_end < e && *int_end >= '0' && *int_end <= '9')
        int_end++;
    const char *frac = int_end, *frac_end = int_end;
    if (frac < e && *frac == '.') {
        frac_end = ++frac;
        while (frac_end < e && *frac_end >= '0' && *frac_end <= '9')
            frac_end++;
    }
    /* The exponent saturates: far past any int64's 19 digits either way, and past any
     * token's length, so a saturated one decides as the true one would. */
    int64_t exp10 = 0;
    if (frac_end < e) {
        const char *q = frac_end + 1;
        bool exp_neg = *q == '-';
        if (*q == '+' || *q == '-')
            q++;
        for (; q < e; q++)
            if (exp10 < ((int64_t)1 << 40))
                exp10 = exp10 * 10 + (*q - '0');
        if (exp_neg)
            exp10 = -exp10;
    }
    /* The digits, the fraction's after the integer part's, as one sequence: digit i is worth
     * 10^(n_int - 1 - i + exp10). */
    int64_t n_int = int_end - p, n = n_int + (frac_end - frac);
#define DIGIT_AT(i) ((i) < n_int ? p[(i)] : frac[(i) - n_int])
    int64_t lo = 0, hi = n - 1;
    while (lo < n && DIGIT_AT(lo) == '0')
        lo++;
    *mag = 0;
    if (lo == n)
        return true; /* 0.0, 0e5, -0.000e-9 */
    while (DIGIT_AT(hi) == '0')
        hi--;
    int64_t scale = n_int - 1 - hi + exp10; /* the power of ten of the last nonzero digit */
    if (scale < 0 || hi - lo + 1 + scale > 20)
        return false; /* a fraction, or more digits than any 64-bit magnitude has */
    uint64_t m = 0;
    for (int64_t i = lo; i <= hi; i++) {
        uint64_t digit = (uint64_t)(DIGIT_AT(i) - '0');
        if (m > (UINT64_MAX - digit) / 10)
            return false;
        m = m * 10 + digit;
    }
#undef DIGIT_AT
    for (; scale > 0; scale--) {
        if (m > UINT64_MAX / 10)
            return false;
        m *= 10;
    }
    *mag = m;
    return true;
}

/* Integers are read from the token's digits, never through a double: a long has 64 bits
 * of precision and a double 53 (9007199254740993 must not become ...992). A fraction or an
 * exponent is accepted when the decimal value is an integer (3.0, 3e0, 1.5e1). */
static bool parse_integer_token(eks_str text, int64_t *out)
{
    const char *p = text.ptr, *e = text.ptr + text.len;
    bool neg = p < e && *p == '-';
    if (neg)
        p++;
    uint64_t mag = 0;
    for (const char *q = p; q < e; q++) {
        if (*q < '0' || *q > '9') {
            if (!parse_integral_decimal(p, e, &mag))
                return false;
            break;
        }
        uint64_t digit = (uint64_t)(*q - '0');
        if (mag > (UINT64_MAX - digit) / 10) {
            /* too many digits for a plain integer; with a fraction or exponent after them
             * the value may still be one (100000000000000000000e-18 is 100) */
            const char *rest = q;
            while (rest < e && *rest >= '0' && *rest <= '9')
                rest++;
            if (rest == e || !parse_integral_decimal(p, e, &mag))
                return false;
            break;
        }
        mag = mag * 10 + digit;
    }
    if (neg) {
        if (mag > (uint64_t)INT64_MAX + 1)
            return false;
        *out = mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag;
    } else {
        if (mag > (uint64_t)INT64_MAX)
            return false;
        *out = (int64_t)mag;
    }
    return true;
}

EKS_DECODE_OUT_OF_LINE static bool decode_integer(eks_shape_decoder *d, const eks_shape_desc *sd, eks_opt_int *out,
                           eks_json_type t)
{
    eks_json_reader *r = &d->reader;
    size_t at = r->pos;
    if (t != EKS_JSON_NUMBER)
        return wrong_type(d, sd, t);
    eks_str text;
    if (!eks_json_read_number(r, &text, NULL))
        return false;
    int64_t v;
    bool ok = parse_integer_token(text, &v);
    if (ok && sd->kind == EKS_KIND_INTEGER)
        ok = v >= INT32_MIN && v <= INT32_MAX;
    if (!ok) {
        eks_shape_diag(d, EKS_SEV_ERROR, EKS_DIAG_WRONG_TYPE, at, "%.*s is not a valid %s",
                       (int)(text.len > 40 ? 40 : text.len), text.ptr,
                       sd->kind == EKS_KIND_INTEGER ? "32-bit integer" : "64-bit integer");
        d->dropped++;
        return true;
    }
    out->present = true;
    out->value = v;
    if (eks_shape_constrained(sd)) {
        constraint_site site = {d, at};
        eks_constraints_integer(sd, v, constraint_emit, &site);
    }
    return !d->oom;
}

/* The rarer ends of decode_enum, out of line: a value the model does not know (reported, its
 * raw string kept) and a constrained enum's check (the model has none today). Inline, their
 * quoting buffer and calls made decode_enum save and restore registers for every value. */
EKS_DECODE_OUT_OF_LINE static bool enum_value_rare(eks_shape_decoder *d, const eks_shape_desc *sd,
                                                   const eks_enum_layout *f, size_t at)
{
    if (f->value == sd->enum_desc->count + 1) {
        char quoted[EKS_DIAG_QUOTE_MAX + 1];
        eks_shape_diag(d, d->strict ? EKS_SEV_ERROR : EKS_SEV_WARNING, EKS_DIAG_UNKNOWN_ENUM_VALUE, at,
                       "\"%s\" is not a known %s value (raw value kept)", eks_diag_quote(quoted, f->raw), sd->name);
    }
    /* If the model ever constrains an enum, the wire string is checked. */
    if (eks_shape_constrained(sd)) {
        constraint_site site = {d, at};
        eks_constraints_string(sd, f->raw.ptr, f->raw.len, NULL, constraint_emit, &site);
    }
    return !d->oom;
}

/* Words decode_enum looks through for the closing quote before it leaves the value to the
 * general string reader: 64 bytes, more than the model's longest enum value. */
#define ENUM_QUOTE_WORDS 8

/* The index of the first '"' at or after src, when it lies within ENUM_QUOTE_WORDS words
 * that end inside the buffer (b[len] is its NUL), else 0 (src is at least 1). */
static inline size_t enum_quote_at(const unsigned char *b, size_t src, size_t len)
{
    for (size_t p = src, n = 0; n < ENUM_QUOTE_WORDS && p + 8 <= len + 1; n++, p += 8) {
        uint64_t q = eks_swar_find_mask(eks_swar_load((const char *)b + p), '"');
        if (q)
            return p + eks_swar_first(q);
    }
    return 0;
}

EKS_DECODE_OUT_OF_LINE static bool decode_enum(eks_shape_decoder *d, const eks_shape_desc *sd, eks_enum_layout *f)
{
    eks_json_reader *r = &d->reader;
    size_t at = r->pos;
    const eks_enum_desc *desc = sd->enum_desc;
    /* A known value, found from its closing quote alone: the bytes before it are taken as the
     * string only when they are a model value, and every model value is plain ASCII (no
     * quote, backslash or control byte: test_response.c checks every table), so the reader
     * would have stopped at that same quote and read the same bytes. Anything else (escapes,
     * unknown values, the end of the buffer near) goes through the string reader. */
    unsigned char *b = (unsigned char *)r->buf;
    if (!r->failed && b[at] == '"' && desc->hash) {
        size_t src = at + 1, q = enum_quote_at(b, src, r->len);
        size_t n = q - src;
        if (q > src && n <= r->limits.max_string_bytes) {
            const char *s = (const char *)b + src;
            int i = desc->hash->slots[eks_name_hash_slot(desc->hash, s, n)] - 1;
            if (i >= 0 && desc->lengths[i] == n && eks_enum_bytes_equal(desc->values[i], s, n)) {
                b[q] = '\0';
                r->pos = q + 1;
                f->raw = (eks_str){s, n};
                f->value = i + 1;
                if (eks_shape_constrained(sd))
                    return enum_value_rare(d, sd, f, at);
                return !d->oom;
            }
        }
    }
    if (!eks_json_read_string(r, &f->raw))
        return false;
    int value = eks_enum_lookup(desc, f->raw.ptr, f->raw.len);
    f->value = value;
    if (value == desc->count + 1 || eks_shape_constrained(sd))
        return enum_value_rare(d, sd, f, at);
    return !d->oom;
}

bool eks_shape_decode_value(eks_shape_decoder *d, eks_shape_id shape, void *dst)
{
    eks_json_reader *r = &d->reader;
    const eks_shape_desc *sd = &eks_shapes[shape];
    eks_json_type t = eks_json_peek(r);
    if (t == EKS_JSON_NONE) {
        eks_json_fail(r, r->pos >= r->len ? "unexpected end of input" : "unexpected character");
        return false;
    }
    if (t == EKS_JSON_NULL) /* null means absent */
        return eks_json_read_literal(r);
    switch (sd->kind) {
    case EKS_KIND_STRUCTURE:
        if (t != EKS_JSON_OBJECT)
            return wrong_type(d, sd, t);
        return decode_structure(d, sd, dst);
    case EKS_KIND_LIST:
        if (t != EKS_JSON_ARRAY)
            return wrong_type(d, sd, t);
        return decode_list(d, sd, dst);
    case EKS_KIND_MAP:
        if (t != EKS_JSON_OBJECT)
            return wrong_type(d, sd, t);
        return decode_map(d, sd, dst);
    case EKS_KIND_STRING:
    case EKS_KIND_BLOB:
        if (t != EKS_JSON_STRING)
            return wrong_type(d, sd, t);
        if (eks_shape_constrained(sd))
            return decode_constrained_string(d, sd, dst);
        return eks_json_read_string(r, (eks_str *)dst);
    case EKS_KIND_ENUM:
        if (t != EKS_JSON_STRING)
            return wrong_type(d, sd, t);
        return decode_enum(d, sd, dst);
    case EKS_KIND_BOOLEAN:
        if (t != EKS_JSON_TRUE && t != EKS_JSON_FALSE)
            return wrong_type(d, sd, t);
        ((eks_opt_bool *)dst)->present = true;
        ((eks_opt_bool *)dst)->value = t == EKS_JSON_TRUE;
        return eks_json_read_literal(r);
    case EKS_KIND_INTEGER:
    case EKS_KIND_LONG:
        return decode_integer(d, sd, dst, t);
    case EKS_KIND_DOUBLE: {
        if (t != EKS_JSON_NUMBER)
            return wrong_type(d, sd, t);
        eks_str text;
        eks_opt_double *o = dst;
        size_t at = r->pos;
        double v;
        if (!eks_json_read_number(r, &text, &v))
            return false;
        if (!isfinite(v)) { /* e.g. 1e400: valid JSON, no IEEE double */
            eks_shape_diag(d, EKS_SEV_ERROR, EKS_DIAG_WRONG_TYPE, at, "%.*s is out of the range of a double",
                           (int)(text.len > 40 ? 40 : text.len), text.ptr);
            d->dropped++;
            return true;
        }
        o->present = true;
        o->value = v;
        return true;
    }
    case EKS_KIND_TIMESTAMP:
        return decode_timestamp(d, sd, dst, t);
    }
    return wrong_type(d, sd, t);
}
