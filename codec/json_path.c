#include "json_path.h"

#include "json_read.h"

#include <stdio.h>
#include <string.h>

static bool is_ident(const char *k, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = k[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (i > 0 && c >= '0' && c <= '9')))
            return false;
    }
    return true;
}

void eks_json_path_render(const eks_json_path *p, const char *root, char *out, size_t cap)
{
    size_t o = 0;
#define PUT(ch)                     \
    do {                            \
        if (o + 4 >= cap)           \
            goto truncated;         \
        out[o++] = (ch);            \
    } while (0)
    for (const char *r = root ? root : "$"; *r; r++)
        PUT(*r);
    size_t frames = p->depth < EKS_JSON_PATH_FRAMES ? p->depth : EKS_JSON_PATH_FRAMES;
    for (size_t i = 0; i < frames; i++) {
        const eks_json_path_frame *f = &p->frames[i];
        if (!f->key) {
            char tmp[24];
            int n = snprintf(tmp, sizeof tmp, "[%zu]", f->len_or_index);
            for (int k = 0; k < n; k++)
                PUT(tmp[k]);
        } else if (is_ident(f->key, f->len_or_index)) {
            PUT('.');
            for (size_t k = 0; k < f->len_or_index && k < 200; k++)
                PUT(f->key[k]);
            if (f->len_or_index > 200) /* a cut key must not read as a whole one */
                for (int k = 0; k < 3; k++)
                    PUT('.');
        } else {
            PUT('[');
            PUT('"');
            /* a key is cut at 60 bytes, on a character boundary: the path is shown as text */
            size_t shown = f->len_or_index < 60 ? f->len_or_index : eks_utf8_cut(f->key, 60);
            for (size_t k = 0; k < shown; k++) {
                unsigned char c = (unsigned char)f->key[k];
                PUT((c < 0x20 || c == '"' || c == '\\' || c == 0x7f) ? '?' : (char)c);
            }
            if (shown < f->len_or_index)
                for (int k = 0; k < 3; k++)
                    PUT('.');
            PUT('"');
            PUT(']');
        }
    }
    if (p->depth > EKS_JSON_PATH_FRAMES)
        goto truncated;
    out[o] = '\0';
    return;
truncated:
    if (cap >= 4) {
        if (o > cap - 4)
            o = cap - 4;
        o = eks_utf8_cut(out, o);
        memcpy(out + o, "...", 4);
    } else if (cap) {
        out[0] = '\0';
    }
#undef PUT
}
