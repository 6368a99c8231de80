/*
 * JSON paths for diagnostics, kept as a stack of borrowed keys and indexes and rendered
 * ("$.update.params[3].type") only when a diagnostic is emitted: formatting on every member
 * would cost more than the decoding itself.
 */
#ifndef EKSCODEC_JSON_PATH_H
#define EKSCODEC_JSON_PATH_H

#include <stdbool.h>
#include <stddef.h>

#define EKS_JSON_PATH_FRAMES 64
#define EKS_JSON_PATH_TEXT_MAX 512

typedef struct eks_json_path_frame {
    const char *key; /* NULL for an array index */
    size_t len_or_index;
} eks_json_path_frame;

typedef struct eks_json_path {
    size_t depth;  /* frames in use, may exceed EKS_JSON_PATH_FRAMES (rendered as "...") */
    eks_json_path_frame frames[EKS_JSON_PATH_FRAMES];
} eks_json_path;

static inline void eks_json_path_push_key(eks_json_path *p, const char *key, size_t len)
{
    if (p->depth < EKS_JSON_PATH_FRAMES) {
        p->frames[p->depth].key = key;
        p->frames[p->depth].len_or_index = len;
    }
    p->depth++;
}

static inline void eks_json_path_push_index(eks_json_path *p, size_t index)
{
    if (p->depth < EKS_JSON_PATH_FRAMES) {
        p->frames[p->depth].key = NULL;
        p->frames[p->depth].len_or_index = index;
    }
    p->depth++;
}

static inline void eks_json_path_pop(eks_json_path *p)
{
    p->depth--;
}

/* Member after member of one object whose path is `at` frames deep: put_key is push_key with
 * the depth known (nothing read back), cut_to the pop. For readers that step through every
 * member of many small objects (the JSON Lines records). */
static inline void eks_json_path_put_key(eks_json_path *p, size_t at, const char *key, size_t len)
{
    if (at < EKS_JSON_PATH_FRAMES) {
        p->frames[at].key = key;
        p->frames[at].len_or_index = len;
    }
    p->depth = at + 1;
}

static inline void eks_json_path_cut_to(eks_json_path *p, size_t at)
{
    p->depth = at;
}

/* Renders "$" + frames into out (always NUL-terminated, truncated with "..."). Keys that are
 * not identifiers are written as ["key"] with control bytes and quotes replaced by '?'. */
void eks_json_path_render(const eks_json_path *p, const char *root, char *out, size_t cap);

#endif
