/*
 * Edges of the small codec helpers: JSON path rendering (json_path.h contract), the
 * diagnostics list, the arena and eks_buf growth.
 */
#include "arena.h"
#include "ekscodec/common.h"
#include "ekscodec/diag.h"
#include "http_name.h"
#include "json_path.h"
#include "json_read.h"
#include "test_support.h"

#include <stdint.h>
#include <string.h>

static const char *render(const eks_json_path *p, const char *root, char *out, size_t cap)
{
    eks_json_path_render(p, root, out, cap);
    return out;
}

START_TEST(path_identifiers_indexes_and_bracketed_keys)
{
    eks_json_path p = {0};
    char out[EKS_JSON_PATH_TEXT_MAX];
    ck_assert_str_eq(render(&p, NULL, out, sizeof out), "$");
    eks_json_path_push_key(&p, "update", 6);
    eks_json_path_push_key(&p, "params", 6);
    eks_json_path_push_index(&p, 3);
    eks_json_path_push_key(&p, "_t9", 3);
    ck_assert_str_eq(render(&p, "$", out, sizeof out), "$.update.params[3]._t9");
    ck_assert_str_eq(render(&p, "body", out, sizeof out), "body.update.params[3]._t9");
    eks_json_path_pop(&p);
    eks_json_path_pop(&p);
    /* Not identifiers: leading digit, empty, space, quote, backslash, control, DEL. */
    eks_json_path_push_key(&p, "9a", 2);
    eks_json_path_push_key(&p, "", 0);
    eks_json_path_push_key(&p, "a\"b\\c\x01\x7f d", 9);
    ck_assert_str_eq(render(&p, "$", out, sizeof out),
                     "$.update.params[\"9a\"][\"\"][\"a?b?c?? d\"]");
}
END_TEST

START_TEST(path_long_keys_deep_paths_and_small_buffers)
{
    char key[300];
    memset(key, 'k', sizeof key);
    eks_json_path p = {0};
    char out[EKS_JSON_PATH_TEXT_MAX];
    /* An identifier shows at most 200 bytes, a bracketed key 60; a cut one says so with
     * "..." (json_path.h), not to read as the whole name of a member that does not exist */
    eks_json_path_push_key(&p, key, sizeof key);
    render(&p, "$", out, sizeof out);
    ck_assert_uint_eq(strlen(out), 2 + 200 + 3);
    ck_assert_str_eq(out + strlen(out) - 4, "k...");
    eks_json_path_pop(&p);
    eks_json_path_push_key(&p, key, 200); /* whole: no mark */
    ck_assert_str_eq(render(&p, "$", out, sizeof out) + 2 + 199, "k");
    eks_json_path_pop(&p);
    key[0] = '-';
    eks_json_path_push_key(&p, key, sizeof key);
    render(&p, "$", out, sizeof out);
    ck_assert_uint_eq(strlen(out), 1 + 2 + 60 + 3 + 2);
    ck_assert(strncmp(out, "$[\"-kkk", 7) == 0);
    ck_assert_str_eq(out + strlen(out) - 6, "k...\"]");
    eks_json_path_pop(&p);
    eks_json_path_push_key(&p, key, 60); /* whole: no mark */
    ck_assert_str_eq(render(&p, "$", out, sizeof out) + 3 + 59, "k\"]");
    eks_json_path_pop(&p);
    eks_json_path_push_key(&p, key, sizeof key);

    /* Deeper than the frame stack: rendered with "..." and still terminated. */
    eks_json_path d = {0};
    for (size_t i = 0; i < EKS_JSON_PATH_FRAMES + 10; i++)
        eks_json_path_push_index(&d, i);
    ck_assert_uint_eq(d.depth, EKS_JSON_PATH_FRAMES + 10);
    render(&d, "$", out, sizeof out);
    ck_assert_str_eq(out + strlen(out) - 3, "...");
    ck_assert(strstr(out, "[63]") != NULL);
    ck_assert(strstr(out, "[64]") == NULL);
    for (size_t i = 0; i < 10; i++)
        eks_json_path_pop(&d);
    render(&d, "$", out, sizeof out);
    ck_assert_str_eq(out + strlen(out) - 4, "[63]");

    /* Longer than the buffer: truncated to fit, ending with "...". */
    char small[16];
    render(&d, "$", small, sizeof small);
    ck_assert_uint_le(strlen(small), sizeof small - 1);
    ck_assert_str_eq(small + strlen(small) - 3, "...");
    ck_assert(strncmp(small, "$[0][1]", 7) == 0);
    char tiny[3] = "xx";
    render(&d, "$", tiny, sizeof tiny);
    ck_assert_str_eq(tiny, "");
    render(&d, "$", tiny, 0); /* no room at all: nothing written */
    ck_assert_str_eq(tiny, "");
}
END_TEST

/* A path is text (diagnostics, serve's error messages): where it is cut, a key at its 60
 * bytes or the whole path at the buffer's end, it is cut between characters, never inside
 * one (RFC 3629 §3: a lead byte gives the sequence's length). */
START_TEST(path_cut_on_character_boundaries)
{
    /* "a" + n characters of k bytes each: the largest character boundary <= 60 */
    static const char *chars[] = {"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80"}; /* é € 😀 */
    for (size_t c = 0; c < 3; c++)
        for (size_t shift = 0; shift < 4; shift++) {
            size_t k = strlen(chars[c]);
            char key[120];
            size_t n = 0;
            for (size_t i = 0; i < shift; i++)
                key[n++] = '-';
            while (n + k <= sizeof key) {
                memcpy(key + n, chars[c], k);
                n += k;
            }
            size_t want = shift + (60 - shift) / k * k;
            eks_json_path p = {0};
            eks_json_path_push_key(&p, key, n);
            char out[EKS_JSON_PATH_TEXT_MAX];
            render(&p, "$", out, sizeof out);
            ck_assert_msg(strlen(out) == 2 + want + 3 + 3, "char %zu shift %zu: %zu bytes", c, shift, strlen(out));
            ck_assert(memcmp(out + 3, key, want) == 0);
            ck_assert_str_eq(out + 3 + want, "...\"]"); /* cut, and marked so */
            ck_assert(eks_utf8_valid(out, strlen(out)));
            /* the buffer's end: every size from 4 to 40 */
            for (size_t cap = 4; cap <= 40; cap++) {
                char small[40];
                render(&p, "$", small, cap);
                ck_assert_msg(eks_utf8_valid(small, strlen(small)), "char %zu shift %zu cap %zu", c, shift, cap);
                ck_assert_uint_le(strlen(small), cap - 1);
                ck_assert_str_eq(small + strlen(small) - 3, "...");
            }
        }
    /* the cut itself */
    ck_assert_uint_eq(eks_utf8_cut("a\xc3\xa9", 2), 1);
    ck_assert_uint_eq(eks_utf8_cut("a\xc3\xa9", 3), 3);
    ck_assert_uint_eq(eks_utf8_cut("\xe2\x82\xac", 1), 0);
    ck_assert_uint_eq(eks_utf8_cut("\xe2\x82\xac", 2), 0);
    ck_assert_uint_eq(eks_utf8_cut("\xe2\x82\xac", 3), 3);
    ck_assert_uint_eq(eks_utf8_cut("\xf0\x9f\x98\x80", 3), 0);
    ck_assert_uint_eq(eks_utf8_cut("\xf0\x9f\x98\x80", 4), 4);
    ck_assert_uint_eq(eks_utf8_cut("ab", 0), 0);
    ck_assert_uint_eq(eks_utf8_cut("\x80\x80", 2), 2);         /* no lead byte: not UTF-8, cut as is */
    ck_assert_uint_eq(eks_utf8_cut("a\x80\x80\x80\x80", 5), 5); /* four continuations: not UTF-8 */
}
END_TEST

START_TEST(diags_names_limits_and_reuse)
{
    ck_assert_str_eq(eks_diag_code_name((eks_diag_code)-1), "unknown");
    ck_assert_str_eq(eks_diag_code_name(EKS_DIAG_CODE_COUNT_), "unknown");
    ck_assert_str_eq(eks_severity_name(EKS_SEV_ERROR), "error");
    ck_assert_str_eq(eks_severity_name(EKS_SEV_WARNING), "warning");
    eks_diags d;
    eks_diags_init(&d);
    /* Default limit: EKS_LIMIT_DEFAULT_DIAGNOSTICS stored, the rest counted. */
    for (size_t i = 0; i < EKS_LIMIT_DEFAULT_DIAGNOSTICS + 5; i++)
        ck_assert_int_eq(eks_diags_add(&d, EKS_SEV_WARNING, EKS_DIAG_WRONG_TYPE, NULL, i, "%zu", i), EKS_OK);
    ck_assert_uint_eq(d.count, EKS_LIMIT_DEFAULT_DIAGNOSTICS);
    ck_assert_uint_eq(d.dropped, 5);
    ck_assert_uint_eq(d.warnings, EKS_LIMIT_DEFAULT_DIAGNOSTICS + 5);
    ck_assert_str_eq(d.items[0].path, ""); /* NULL path stored as "" */
    ck_assert_str_eq(d.items[999].message, "999");
    /* A message longer than the formatting buffer is cut, not overflowed. */
    eks_diags_free(&d);
    d.max_items = 1;
    char longmsg[2000];
    memset(longmsg, 'm', sizeof longmsg - 1);
    longmsg[sizeof longmsg - 1] = '\0';
    ck_assert_int_eq(eks_diags_add(&d, EKS_SEV_ERROR, EKS_DIAG_LIMIT_EXCEEDED, "$", SIZE_MAX, "%s", longmsg), EKS_OK);
    ck_assert_uint_lt(strlen(d.items[0].message), sizeof longmsg - 1);
    ck_assert_uint_gt(strlen(d.items[0].message), 0);
    ck_assert_int_eq(eks_diags_add(&d, EKS_SEV_ERROR, EKS_DIAG_LIMIT_EXCEEDED, "$", 0, "x"), EKS_OK);
    ck_assert_uint_eq(d.count, 1);
    ck_assert_uint_eq(d.errors, 2);
    eks_diags_free(&d);
    ck_assert_uint_eq(d.max_items, 1); /* the limit survives a free, for reuse */
    eks_diags_free(NULL);
}
END_TEST

/* A first block in the owner's memory: used first, never freed by the arena; what does not
 * fit chains a heap block (ASan / valgrind report a free of mem or a leak of the chain). */
START_TEST(arena_first_block_in_owner_memory)
{
    _Alignas(16) unsigned char mem[sizeof(eks_arena_block) + 64];
    eks_arena a;
    eks_arena_init_in(&a, mem, sizeof mem);
    unsigned char *p1 = eks_arena_alloc(&a, 40);
    ck_assert_ptr_eq(p1, ((eks_arena_block *)mem)->data);
    unsigned char *p2 = eks_arena_alloc(&a, 16); /* the last 16 of the 64 bytes */
    ck_assert_ptr_eq(p2, p1 + 48);
    ck_assert_uint_eq(a.total, 64);
    unsigned char *p3 = eks_arena_alloc(&a, 1);
    ck_assert_ptr_nonnull(p3);
    ck_assert(p3 < mem || p3 >= mem + sizeof mem);
    ck_assert_uint_eq((uintptr_t)p3 % 16, 0);
    eks_arena_free(&a);
    ck_assert_ptr_null(a.head);
    ck_assert_ptr_null(a.embedded);
}
END_TEST

/* Growing in place: only the block's last allocation, only within the block; a refused grow
 * changes nothing, an accepted one keeps the bytes and counts the extra in total. */
START_TEST(arena_grow_in_place_only_at_the_top)
{
    _Alignas(16) unsigned char mem[sizeof(eks_arena_block) + 128];
    eks_arena a;
    eks_arena_init_in(&a, mem, sizeof mem);
    unsigned char *p1 = eks_arena_alloc(&a, 20); /* 32 bytes taken */
    memset(p1, 'x', 20);
    ck_assert(eks_arena_grow_in_place(&a, p1, 20, 40)); /* 48 bytes */
    ck_assert_uint_eq(a.total, 48);
    for (int i = 0; i < 20; i++)
        ck_assert_uint_eq(p1[i], 'x');
    ck_assert(eks_arena_grow_in_place(&a, p1, 40, 48)); /* same 16-byte rounding: no change */
    ck_assert_uint_eq(a.total, 48);
    unsigned char *p2 = eks_arena_alloc(&a, 16);
    ck_assert_ptr_eq(p2, p1 + 48);
    ck_assert(!eks_arena_grow_in_place(&a, p1, 48, 64)); /* p2 lies after it */
    ck_assert_uint_eq(a.total, 64);
    ck_assert(eks_arena_grow_in_place(&a, p2, 16, 80)); /* 48 + 80: exactly the block */
    ck_assert_uint_eq(a.total, 128);
    ck_assert(!eks_arena_grow_in_place(&a, p2, 80, 81)); /* 48 + 96 > 128: no room */
    ck_assert(!eks_arena_grow_in_place(&a, p2, 80, SIZE_MAX)); /* rounding overflows */
    ck_assert(!eks_arena_grow_in_place(&a, p2, 80, 16)); /* shrinking is not growing */
    ck_assert(!eks_arena_grow_in_place(&a, NULL, 0, 16));
    ck_assert_uint_eq(a.total, 128);
    eks_arena_free(&a);
    eks_arena_init(&a);
    ck_assert(!eks_arena_grow_in_place(&a, p1, 16, 32)); /* no block at all */
}
END_TEST

/* RFC 9110 section 5.1: field names are case-insensitive. Names of 7, 8, 9, 16 and 17 bytes
 * take every path of the word-wise compare. */
START_TEST(http_find_lower_folds_only_header_names)
{
    const eks_header h[] = {
        {EKS_STR_LIT("Content-Type"), EKS_STR_LIT("a")},
        {{NULL, 16}, EKS_STR_LIT("b")},
        {EKS_STR_LIT("X-Amzn-ErrorTypf"), EKS_STR_LIT("c")},
        {EKS_STR_LIT("X-AMZN-ERRORTYPE"), EKS_STR_LIT("d")},
        {EKS_STR_LIT("x-amzn-requestid"), EKS_STR_LIT("e")},
        {EKS_STR_LIT("X-Amz-Date"), EKS_STR_LIT("f")},
        {EKS_STR_LIT("ABCDEFG"), EKS_STR_LIT("g")},
        {EKS_STR_LIT("AbcdefgH"), EKS_STR_LIT("h")},
        {EKS_STR_LIT("x-amzn-requestidX"), EKS_STR_LIT("i")},
        {EKS_STR_LIT("X@"), EKS_STR_LIT("j")},
    };
    size_t n = sizeof h / sizeof h[0];
    ck_assert_ptr_eq(EKS_HTTP_FIND_LOWER(h, n, "x-amzn-errortype"), &h[3]);
    ck_assert_ptr_eq(EKS_HTTP_FIND_LOWER(h, n, "x-amzn-requestid"), &h[4]);
    ck_assert_ptr_eq(EKS_HTTP_FIND_LOWER(h, n, "content-type"), &h[0]);
    ck_assert_ptr_eq(EKS_HTTP_FIND_LOWER(h, n, "abcdefg"), &h[6]);
    ck_assert_ptr_eq(EKS_HTTP_FIND_LOWER(h, n, "abcdefgh"), &h[7]);
    ck_assert_ptr_eq(EKS_HTTP_FIND_LOWER(h, n, "x-amzn-requestidx"), &h[8]);
    ck_assert_ptr_null(EKS_HTTP_FIND_LOWER(h, n, "x-amzn-requestia"));
    ck_assert_ptr_null(EKS_HTTP_FIND_LOWER(h, n, "x-amz-dat"));
    /* '@' and '`' differ in bit 0x20 alone but are not letters. */
    ck_assert_ptr_null(EKS_HTTP_FIND_LOWER(h, n, "x`"));
    ck_assert_ptr_null(eks_http_find_header(h, n, "x`"));
    ck_assert_ptr_eq(eks_http_find_header(h, n, "X-AMZN-errortype"), &h[3]);
    ck_assert_ptr_eq(eks_http_find_header(h, n, "x-amz-date"), &h[5]);
    ck_assert_ptr_eq(eks_http_find_header(h, n, "aBCDEFGh"), &h[7]);
}
END_TEST

START_TEST(arena_blocks_alignment_and_strndup)
{
    eks_arena a;
    eks_arena_init(&a);
    eks_arena_set_first_block(&a, 64);
    unsigned char *p1 = eks_arena_alloc(&a, 1);
    ck_assert_ptr_nonnull(p1);
    ck_assert_uint_eq((uintptr_t)p1 % 16, 0);
    ck_assert_uint_eq(a.total, 16); /* rounded to the alignment */
    /* Bigger than the next doubled block: a block of exactly that size. */
    unsigned char *big = eks_arena_alloc(&a, 100000);
    ck_assert_ptr_nonnull(big);
    for (size_t i = 0; i < 100000; i++)
        ck_assert_uint_eq(big[i], 0); /* zeroed */
    ck_assert_uint_eq((uintptr_t)big % 16, 0);
    void *u = eks_arena_alloc_uninit(&a, 17);
    ck_assert_ptr_nonnull(u);
    ck_assert_uint_eq((uintptr_t)u % 16, 0);
    ck_assert_ptr_null(eks_arena_alloc(&a, SIZE_MAX));       /* rounding overflows */
    ck_assert_ptr_null(eks_arena_alloc(&a, SIZE_MAX - 20));  /* block header would overflow */
    ck_assert_ptr_null(eks_arena_strndup(&a, "x", SIZE_MAX));
    char *s = eks_arena_strndup(&a, "hello", 3);
    ck_assert_str_eq(s, "hel");
    s = eks_arena_strndup(&a, NULL, 0);
    ck_assert_str_eq(s, "");
    eks_arena_free(&a);
    ck_assert_ptr_null(a.head);
    ck_assert_uint_eq(a.total, 0);
    /* Default first block (1 KiB), then doubling. */
    for (int i = 0; i < 200; i++)
        ck_assert_ptr_nonnull(eks_arena_alloc(&a, 48));
    ck_assert_uint_eq(a.total, 200 * 48);
    eks_arena_free(&a);
}
END_TEST

/* eks_str_eq_cstr: bytes equal and lengths equal; an absent string equals only NULL (the
 * contract of eks_str_eq in common.h), an empty one only "". */
START_TEST(str_eq_cstr_lengths_absence_and_embedded_nul)
{
    ck_assert(eks_str_eq_cstr(EKS_STR_LIT("POST"), "POST"));
    ck_assert(!eks_str_eq_cstr(EKS_STR_LIT("POS"), "POST"));
    ck_assert(!eks_str_eq_cstr(EKS_STR_LIT("POSTS"), "POST"));
    ck_assert(!eks_str_eq_cstr(EKS_STR_LIT("PUT"), "GET"));
    ck_assert(eks_str_eq_cstr((eks_str){"", 0}, ""));
    ck_assert(!eks_str_eq_cstr((eks_str){"", 0}, "x"));
    ck_assert(!eks_str_eq_cstr((eks_str){NULL, 0}, ""));
    ck_assert(!eks_str_eq_cstr((eks_str){"", 0}, NULL));
    ck_assert(eks_str_eq_cstr((eks_str){NULL, 0}, NULL));
    /* a NUL inside the view is a byte like any other: "a\0" is not "a" */
    ck_assert(!eks_str_eq_cstr((eks_str){"a\0b", 3}, "a"));
    ck_assert(!eks_str_eq_cstr((eks_str){"a\0", 2}, "a"));
}
END_TEST

START_TEST(buf_edges)
{
    eks_buf b;
    eks_buf_init(&b);
    ck_assert_int_eq(eks_buf_append(&b, NULL, 0), EKS_OK); /* empty append still terminates */
    ck_assert_ptr_nonnull(b.ptr);
    ck_assert_str_eq(b.ptr, "");
    ck_assert_int_eq(eks_buf_append_byte(&b, 'x'), EKS_OK);
    ck_assert_int_eq(eks_buf_append_cstr(&b, "yz"), EKS_OK);
    ck_assert_str_eq(b.ptr, "xyz");
    ck_assert_int_eq(eks_buf_reserve(&b, SIZE_MAX), EKS_ERR_OUT_OF_MEMORY);
    ck_assert_str_eq(b.ptr, "xyz"); /* unchanged by the failures */
    ck_assert_int_eq(eks_buf_reserve(&b, 5000), EKS_OK);
    ck_assert_uint_ge(b.cap, b.len + 5000 + 1);
    size_t cap = b.cap;
    ck_assert_int_eq(eks_buf_reserve(&b, 10), EKS_OK);
    ck_assert_uint_eq(b.cap, cap); /* room already there: no reallocation */
    eks_buf_free(&b);
    ck_assert_ptr_null(b.ptr);
    eks_buf_free(NULL);
    eks_buf_free_secure(NULL);
    eks_buf_free_secure(&b); /* empty buffer */
    eks_buf_clear(&b);       /* no storage: nothing to terminate */
    ck_assert_uint_eq(b.len, 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("coverage_core");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, path_identifiers_indexes_and_bracketed_keys);
    tcase_add_test(tc, path_long_keys_deep_paths_and_small_buffers);
    tcase_add_test(tc, path_cut_on_character_boundaries);
    tcase_add_test(tc, diags_names_limits_and_reuse);
    tcase_add_test(tc, arena_blocks_alignment_and_strndup);
    tcase_add_test(tc, arena_first_block_in_owner_memory);
    tcase_add_test(tc, arena_grow_in_place_only_at_the_top);
    tcase_add_test(tc, http_find_lower_folds_only_header_names);
    tcase_add_test(tc, buf_edges);
    tcase_add_test(tc, str_eq_cstr_lengths_absence_and_embedded_nul);
    suite_add_tcase(s, tc);
    return ts_run_suite(s);
}
