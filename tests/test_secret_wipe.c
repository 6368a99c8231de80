/*
 * Secrets never go back to the heap unwiped (brief: key material is wiped after use;
 * sigv4.h: the output's buffers are wiped). The library's free() and realloc() are wrapped
 * at link time (-Wl,--wrap), and every block they release is searched for a planted session
 * token. A reused eks_sigv4_output that grows (a longer path, a longer query, presigning)
 * and a verifier scratch output must release no block still holding it: buffers grow by
 * copy, wipe and free (codec/buf.c), and are wiped when freed.
 */
#define _GNU_SOURCE
#include "ekscodec/sigv4.h"
#include "test_support.h"

#include <malloc.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdint.h>
#include <stdio.h>
#if defined(__has_include)
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#endif
#endif
#include <stdlib.h>
#include <string.h>

static const char TOKEN[] = "FwoGZXIvYXdzPLANTEDSESSIONTOKEN0123456789abcdefghijklmnopqrstuvwxyz";
static int released_holding_token;
static bool watching;

static bool holds_token(void *p)
{
    if (!p)
        return false;
    size_t n = malloc_usable_size(p);
#ifdef VALGRIND_MAKE_MEM_DEFINED
    /* the search reads the whole block, bytes never written included (the runner of
     * scripts/valgrind_tests.py would count each such read as an error) */
    VALGRIND_MAKE_MEM_DEFINED(p, n);
#endif
    return memmem(p, n, TOKEN, 24) != NULL;
}

void __real_free(void *p);
void *__real_realloc(void *p, size_t n);
void __wrap_free(void *p);
void *__wrap_realloc(void *p, size_t n);

void __wrap_free(void *p)
{
    if (watching && holds_token(p))
        released_holding_token++;
    __real_free(p);
}

void *__wrap_realloc(void *p, size_t n)
{
    if (watching && holds_token(p))
        released_holding_token++;
    return __real_realloc(p, n);
}

START_TEST(growing_signer_and_verifier_buffers_release_no_token)
{
    eks_sigv4_config cfg;
    eks_sigv4_config_init_eks(&cfg, EKS_STR_LIT("us-west-2"), 1764291723);
    eks_sigv4_credentials creds = {EKS_STR_LIT("AKIDEXAMPLE"), EKS_STR_LIT("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
                                   EKS_STR_LIT(TOKEN)};
    eks_header host = {EKS_STR_LIT("Host"), EKS_STR_LIT("eks.us-west-2.amazonaws.com")};
    eks_http_request req = {.method = EKS_STR_LIT("GET"), .path = EKS_STR_LIT("/clusters"), .headers = &host,
                            .header_count = 1};
    static char path[4096], query[4096];
    memset(path, 'a', sizeof path - 1);
    path[0] = '/';
    for (size_t i = 0; i < sizeof query - 1; i++)
        query[i] = i % 16 == 0 ? '&' : "k=v0123456789abcdef"[i % 16 < 2 ? i % 16 : 2];
    query[0] = 'q';
    eks_sigv4_output out = {0}, scratch = {0};
    released_holding_token = 0;
    watching = true;
    ck_assert_int_eq(eks_sigv4_sign(NULL, &cfg, &creds, &req, &out), EKS_OK);
    req.path = eks_str_from_cstr(path); /* the canonical request and the headers grow */
    ck_assert_int_eq(eks_sigv4_sign(NULL, &cfg, &creds, &req, &out), EKS_OK);
    cfg.mode = EKS_SIGV4_MODE_QUERY; /* the query, with the token, grows */
    cfg.expires_seconds = 60;
    req.query = eks_str_from_cstr(query);
    ck_assert_int_eq(eks_sigv4_sign(NULL, &cfg, &creds, &req, &out), EKS_OK);
    /* the presigned request, verified with a scratch output that grows from empty */
    eks_http_request signed_req = req;
    signed_req.query = (eks_str){out.query.ptr, out.query.len};
    ck_assert_ptr_nonnull(memmem(out.query.ptr, out.query.len, "X-Amz-Security-Token=FwoG", 25));
    ck_assert_int_eq(eks_sigv4_verify(NULL, &cfg, &creds, &signed_req, &scratch, NULL), EKS_OK);
    eks_sigv4_output_free(&scratch);
    eks_sigv4_output_free(&out);
    watching = false;
    ck_assert_msg(released_holding_token == 0, "%d heap blocks went back holding the session token",
                  released_holding_token);
}
END_TEST

/* The watch itself works: the library freeing a block with the token in it, unwiped
 * (eks_buf_free, which makes no promise to wipe), is counted; eks_buf_free_secure is not. */
START_TEST(the_watch_sees_a_token)
{
    eks_buf b = {0}, c = {0};
    ck_assert_int_eq(eks_buf_append(&b, TOKEN, sizeof TOKEN - 1), EKS_OK);
    ck_assert_int_eq(eks_buf_append(&c, TOKEN, sizeof TOKEN - 1), EKS_OK);
    released_holding_token = 0;
    watching = true;
    eks_buf_free(&b);
    eks_buf_free_secure(&c);
    watching = false;
    ck_assert_int_eq(released_holding_token, 1);
}
END_TEST

/* ---- the stack: what signing leaves in the frames it returns from ---- */

#define STACK_AREA 65536

/* kSigning for the request below, derived by the spec's four HMACs with OpenSSL's own. */
static void signing_key(const char *secret, unsigned char out[32])
{
    char k0[128];
    snprintf(k0, sizeof k0, "AWS4%s", secret);
    unsigned int n = 32;
    HMAC(EVP_sha256(), k0, (int)strlen(k0), (const unsigned char *)"20251128", 8, out, &n);
    HMAC(EVP_sha256(), out, 32, (const unsigned char *)"us-west-2", 9, out, &n);
    HMAC(EVP_sha256(), out, 32, (const unsigned char *)"eks", 3, out, &n);
    HMAC(EVP_sha256(), out, 32, (const unsigned char *)"aws4_request", 12, out, &n);
}

__attribute__((noinline)) static void scrub_stack(void)
{
    volatile unsigned char area[STACK_AREA];
    for (size_t i = 0; i < sizeof area; i++)
        area[i] = 0;
}

/* Whether the dead stack below this caller holds key's 32 bytes, as bytes or as the eight
 * 32-bit words of a SHA-256 state (the form a SHA256_CTX holds a finished digest in). */
__attribute__((noinline)) static bool stack_holds(const unsigned char key[32])
{
    volatile unsigned char area[STACK_AREA];
    unsigned char *a = (unsigned char *)area;
#ifdef VALGRIND_MAKE_MEM_DEFINED
    VALGRIND_MAKE_MEM_DEFINED(a, sizeof area); /* never written here: what was left there */
#endif
    uint32_t words[8];
    for (int i = 0; i < 8; i++)
        words[i] = (uint32_t)key[4 * i] << 24 | (uint32_t)key[4 * i + 1] << 16 | (uint32_t)key[4 * i + 2] << 8 |
                   key[4 * i + 3];
    return memmem(a, sizeof area, key, 32) != NULL || memmem(a, sizeof area, words, sizeof words) != NULL;
}

__attribute__((noinline)) static void leave_on_stack(const unsigned char key[32])
{
    volatile unsigned char copy[256];
    for (size_t i = 0; i < sizeof copy; i++)
        copy[i] = key[i % 32];
}

__attribute__((noinline)) static eks_status sign_once(void)
{
    eks_sigv4_config cfg;
    eks_sigv4_config_init_eks(&cfg, EKS_STR_LIT("us-west-2"), 1764291723); /* 2025-11-28 */
    eks_sigv4_credentials creds = {EKS_STR_LIT("AKIDEXAMPLE"), EKS_STR_LIT("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
                                   EKS_STR_ABSENT};
    eks_header host = {EKS_STR_LIT("Host"), EKS_STR_LIT("eks.us-west-2.amazonaws.com")};
    eks_http_request req = {.method = EKS_STR_LIT("GET"), .path = EKS_STR_LIT("/clusters/prod"), .headers = &host,
                            .header_count = 1};
    eks_sigv4_output out = {0};
    eks_status st = eks_sigv4_sign(NULL, &cfg, &creds, &req, &out);
    eks_sigv4_output_free(&out);
    return st;
}

/* sigv4.h: the intermediate keys are wiped. The HMAC step of the derivation left its hash
 * context unwiped, holding the key it had just made (kSigning among them), in a frame the
 * signer returned from. The scan is a real check only where a key a function leaves on the
 * stack can be seen after it returns (not under ASan's fake stacks): the control says so. */
START_TEST(signing_leaves_no_key_on_the_stack)
{
    unsigned char key[32];
    signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", key);
    scrub_stack();
    leave_on_stack(key);
    bool visible = stack_holds(key);
    scrub_stack();
    ck_assert_int_eq(sign_once(), EKS_OK);
    bool left = stack_holds(key);
    if (!visible)
        fprintf(stderr, "secret_wipe: this build hides dead stack frames (the control was not seen): "
                        "the stack check proves nothing here\n");
    ck_assert_msg(!left, "kSigning is on the stack after eks_sigv4_sign returned");
    OPENSSL_cleanse(key, sizeof key);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("secret_wipe");
    TCase *tc = tcase_create("heap");
    tcase_add_test(tc, the_watch_sees_a_token);
    tcase_add_test(tc, growing_signer_and_verifier_buffers_release_no_token);
    suite_add_tcase(s, tc);
    TCase *stack = tcase_create("stack");
    tcase_add_test(stack, signing_leaves_no_key_on_the_stack);
    suite_add_tcase(s, stack);
    return ts_run_suite(s);
}
