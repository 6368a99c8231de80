/*
 * DisassociateIdentityProviderConfig responses: success decode, restJson1 error decode.
 *
 * Expected values come from outside the code under test:
 *  - enum values, error shapes and their HTTP statuses from the official service model
 *    ($EKSCODEC_SHARED_DIR/models/eks-2017-11-01/service-2.json, read here with json-c);
 *  - the error-type rules (x-amzn-errortype, then body "code", then "__type"; cut at ':',
 *    keep the shape name after '#') from the Smithy restJson1 protocol and its official
 *    protocol tests ($EKSCODEC_SHARED_DIR/vectors/protocols/rest-json.output.json);
 *  - createdAt values from strtod() of the same text in the C locale (the JSON number's
 *    value, RFC 8259 §6, correctly rounded);
 *  - severities, codes and paths from DESIGN.md §2 and include/ekscodec/codec.h.
 */
#include "decode_state.h"
#include "enum_lookup.h"
#include "ekscodec/codec.h"
#include "ekscodec/op_codec.h"
#include "test_support.h"

#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers ----------------------------------------------------------------------------- */

static const eks_diag *find_diag(const eks_diags *d, eks_diag_code code, const char *path)
{
    for (size_t i = 0; i < d->count; i++)
        if (d->items[i].code == code && (!path || strcmp(d->items[i].path, path) == 0))
            return &d->items[i];
    return NULL;
}

static void dump_diags(const eks_diags *d)
{
    for (size_t i = 0; i < d->count; i++)
        fprintf(stderr, "    diag %s %s path=%s offset=%zu: %s\n", eks_severity_name(d->items[i].severity),
                eks_diag_code_name(d->items[i].code), d->items[i].path, d->items[i].offset,
                d->items[i].message);
}

#define ASSERT_DIAG(diags, code, path, sev)                                                         \
    do {                                                                                            \
        const eks_diag *dg_ = find_diag((diags), (code), (path));                                   \
        if (!dg_)                                                                                   \
            dump_diags(diags);                                                                      \
        ck_assert_msg(dg_ != NULL, "expected diagnostic %s at %s", eks_diag_code_name(code),        \
                      (path) ? (const char *)(path) : "(any)");                                     \
        ck_assert_msg(dg_->severity == (sev), "diagnostic %s has severity %s",                     \
                      eks_diag_code_name(code), eks_severity_name(dg_->severity));                  \
    } while (0)

static bool str_is(eks_str s, const char *want)
{
    return s.ptr && s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0;
}

#define ASSERT_STR(s, want)                                                                         \
    ck_assert_msg(str_is((s), (want)), "got \"%.*s\" (len %zu), want \"%s\"", (int)(s).len,        \
                  (s).ptr ? (s).ptr : "(absent)", (s).len, (want))

static eks_status decode_resp(int status, const eks_header *h, size_t nh, const char *body, size_t len,
                              const eks_decode_options *opt, eks_decoded_response *out)
{
    eks_http_response r = {status, h, nh, {body, len}};
    return eks_disassociate_idp_response_decode(&r, opt, out);
}

static eks_status decode_body(const char *body, const eks_decode_options *opt, eks_decoded_response *out)
{
    return decode_resp(200, NULL, 0, body, body ? strlen(body) : 0, opt, out);
}

static const eks_decode_options STRICT = {.strict = true};

/* The official service model, parsed once per test that needs it (NULL: skip loudly). */
static json_object *load_model(void)
{
    const char *dir = ts_shared_dir();
    if (!dir)
        return NULL;
    char *p = ts_path(dir, "models/eks-2017-11-01/service-2.json");
    json_object *m = json_object_from_file(p);
    free(p);
    return m;
}

static json_object *model_shape(json_object *model, const char *name)
{
    json_object *shapes, *s;
    ck_assert(json_object_object_get_ex(model, "shapes", &shapes));
    ck_assert_msg(json_object_object_get_ex(shapes, name, &s), "model has no shape %s", name);
    return s;
}

/* ---- success ------------------------------------------------------------------------------ */

static const char FULL_BODY[] =
    "{\"update\":{\"id\":\"b5f0ba18-9a87-4450-b5a0-825e6e84496f\",\"status\":\"Failed\","
    "\"type\":\"DisassociateIdentityProviderConfig\","
    "\"params\":[{\"type\":\"IdentityProviderConfig\",\"value\":\"[{\\\"type\\\":\\\"oidc\\\",\\\"name\\\":\\\"okta\\\"}]\"},"
    "{\"type\":\"Version\"}],"
    "\"createdAt\":1700000000.123,"
    "\"errors\":[{\"errorCode\":\"AccessDenied\",\"errorMessage\":\"denied \\u00fc\",\"resourceIds\":[\"r-1\",\"r-2\"]},{}],"
    "\"cancellation\":{\"status\":\"InProgress\",\"reason\":\"user asked\"}}}";

START_TEST(resp_full_update)
{
    eks_header h[] = {{EKS_STR_LIT("Content-Type"), EKS_STR_LIT("application/json")},
                      {EKS_STR_LIT("X-Amzn-RequestId"), EKS_STR_LIT("6f1d5ab0-7c3a")}};
    char *copy = strdup(FULL_BODY);
    eks_decoded_response out;
    ck_assert_int_eq(decode_resp(200, h, 2, copy, strlen(copy), NULL, &out), EKS_OK);
    memset(copy, 'X', strlen(copy)); /* the result owns its bytes */
    free(copy);
    ck_assert_uint_eq(out.diags.count, 0);
    ck_assert(!out.is_error);
    ck_assert_int_eq(out.http_status, 200);
    ASSERT_STR(out.request_id, "6f1d5ab0-7c3a");
    const eks_update *u = &out.output.update;
    ck_assert(out.output.present && u->present);
    ASSERT_STR(u->id, "b5f0ba18-9a87-4450-b5a0-825e6e84496f");
    ck_assert_int_eq(u->status.value, EKS_UPDATE_STATUS_FAILED);
    ASSERT_STR(u->status.raw, "Failed");
    ck_assert_int_eq(u->type.value, EKS_UPDATE_TYPE_DISASSOCIATE_IDENTITY_PROVIDER_CONFIG);
    ck_assert(u->params.present);
    ck_assert_uint_eq(u->params.count, 2);
    ck_assert_int_eq(u->params.items[0].type.value, EKS_UPDATE_PARAM_TYPE_IDENTITY_PROVIDER_CONFIG);
    ASSERT_STR(u->params.items[0].value, "[{\"type\":\"oidc\",\"name\":\"okta\"}]");
    ck_assert_int_eq(u->params.items[1].type.value, EKS_UPDATE_PARAM_TYPE_VERSION);
    ck_assert_ptr_null(u->params.items[1].value.ptr);
    ck_assert(u->created_at.present);
    ck_assert(u->created_at.epoch_seconds == strtod("1700000000.123", NULL));
    ck_assert(u->errors.present);
    ck_assert_uint_eq(u->errors.count, 2);
    ck_assert_int_eq(u->errors.items[0].error_code.value, EKS_ERROR_CODE_ACCESS_DENIED);
    ASSERT_STR(u->errors.items[0].error_message, "denied \xC3\xBC");
    ck_assert_uint_eq(u->errors.items[0].resource_ids.count, 2);
    ASSERT_STR(u->errors.items[0].resource_ids.items[1], "r-2");
    ck_assert(u->errors.items[1].present);
    ck_assert_int_eq(u->errors.items[1].error_code.value, EKS_ERROR_CODE_UNSET);
    ck_assert(!u->errors.items[1].resource_ids.present);
    ck_assert(u->cancellation.present);
    ck_assert_int_eq(u->cancellation.status.value, EKS_CANCELLATION_STATUS_IN_PROGRESS);
    ASSERT_STR(u->cancellation.reason, "user asked");
    eks_decoded_response_free(&out);
    eks_decoded_response_free(&out);
}
END_TEST

/* A key is its JSON string value (RFC 8259 §7), whatever its spelling or place: the decoder
 * tries the member it expects next by raw bytes first, so a key in another order, escaped,
 * or sharing the expected name's first bytes must still land on its own member, and a name
 * that only starts like a member is unknown. */
START_TEST(resp_keys_any_order_and_spelling)
{
    static const char *const bodies[] = {
        /* model order (id, status, type, params) */
        "{\"update\":{\"id\":\"u-1\",\"status\":\"Failed\",\"type\":\"VersionUpdate\",\"params\":[{\"type\":\"Version\",\"value\":\"1.29\"}]}}",
        /* reversed, inner keys too */
        "{\"update\":{\"params\":[{\"value\":\"1.29\",\"type\":\"Version\"}],\"type\":\"VersionUpdate\",\"status\":\"Failed\",\"id\":\"u-1\"}}",
        /* escaped spellings, one at the first byte, one at the last */
        "{\"\\u0075pdate\":{\"i\\u0064\":\"u-1\",\"\\u0073tatus\":\"Failed\",\"typ\\u0065\":\"VersionUpdate\","
        "\"params\":[{\"\\u0074ype\":\"Version\",\"valu\\u0065\":\"1.29\"}]}}",
        /* unknown keys sharing the expected names' first bytes, then the real ones */
        "{\"update\":{\"idx\":1,\"id\":\"u-1\",\"statu\":2,\"status\":\"Failed\",\"type\\u0000\":3,\"type\":\"VersionUpdate\","
        "\"params\":[{\"type \":4,\"type\":\"Version\",\"value\":\"1.29\"}]}}",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        eks_decoded_response out;
        ck_assert_int_eq(decode_body(bodies[i], &STRICT, &out), EKS_OK);
        if (out.diags.errors)
            dump_diags(&out.diags);
        ck_assert_msg(out.diags.errors == 0, "body %zu", i);
        const eks_update *u = &out.output.update;
        ck_assert_msg(u->present, "body %zu", i);
        ASSERT_STR(u->id, "u-1");
        ck_assert_int_eq(u->status.value, EKS_UPDATE_STATUS_FAILED);
        ck_assert_int_eq(u->type.value, EKS_UPDATE_TYPE_VERSION_UPDATE);
        ck_assert_uint_eq(u->params.count, 1);
        ck_assert_int_eq(u->params.items[0].type.value, EKS_UPDATE_PARAM_TYPE_VERSION);
        ASSERT_STR(u->params.items[0].value, "1.29");
        /* Strict: each unknown key is a warning at its own path, and nothing else is. */
        size_t unknown = 0;
        for (size_t k = 0; k < out.diags.count; k++)
            unknown += out.diags.items[k].code == EKS_DIAG_UNKNOWN_MEMBER;
        ck_assert_uint_eq(unknown, i == 3 ? 4 : 0);
        ck_assert_uint_eq(out.diags.count, unknown);
        if (i == 3) {
            ASSERT_DIAG(&out.diags, EKS_DIAG_UNKNOWN_MEMBER, "$.update.idx", EKS_SEV_WARNING);
            ASSERT_DIAG(&out.diags, EKS_DIAG_UNKNOWN_MEMBER, "$.update.statu", EKS_SEV_WARNING);
            ASSERT_DIAG(&out.diags, EKS_DIAG_UNKNOWN_MEMBER, "$.update.params[0][\"type \"]", EKS_SEV_WARNING);
        }
        eks_decoded_response_free(&out);
    }
}
END_TEST

/* createdAt: the value of the JSON number, i.e. strtod() of the same text (C locale). */
START_TEST(resp_created_at_precision)
{
    static const char *const texts[] = {
        "1700000000", "1700000000.123", "1700000000.987654", "1.7000000001E9", "1.7e+9", "1.7E+09",
        "17000000005e-1", "-86400.5", "0", "-0", "0.1", "0.3", "1e-7", "1700000000.123456789",
        "1699999999.99999999999999999999", "170000000012345678901234567890e-20",
        "1.23456789012345678e9", "253402300799", "253402300799.999", "-62135596800", "1234567890.0000001",
        "9007199254.740993", "4.9406564584124654e-324", "2.2250738585072011e-308",
        "1e-400", "1689000000.5e0", "0.000000000000000000000000000001e30",
    };
    char body[256];
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        snprintf(body, sizeof body, "{\"update\":{\"createdAt\":%s}}", texts[i]);
        eks_decoded_response out;
        eks_status st = decode_body(body, NULL, &out);
        if (st != EKS_OK)
            dump_diags(&out.diags);
        ck_assert_msg(st == EKS_OK, "%s: %s", texts[i], eks_strerror(st));
        double want = strtod(texts[i], NULL);
        ck_assert(out.output.update.created_at.present);
        double got = out.output.update.created_at.epoch_seconds;
        ck_assert_msg(memcmp(&got, &want, sizeof got) == 0, "createdAt %s: got %.17g, want %.17g", texts[i], got,
                      want);
        eks_decoded_response_free(&out);
    }
    /* Property: random decimal texts of timestamp size, every one bit-exact with strtod. */
    unsigned long long x = 0x9E3779B97F4A7C15ull;
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        int frac_digits = (int)(x % 25);
        char num[64];
        int n = snprintf(num, sizeof num, "%s%llu", (x >> 20) & 1 ? "-" : "", (x >> 8) % 4000000000ull);
        if (frac_digits) {
            num[n++] = '.';
            unsigned long long y = x * 6364136223846793005ull + 1;
            for (int k = 0; k < frac_digits; k++, y = y * 6364136223846793005ull + 1442695040888963407ull)
                num[n++] = (char)('0' + (y >> 33) % 10);
        }
        if ((x >> 30) % 4 == 0)
            n += snprintf(num + n, sizeof num - (size_t)n, "e%d", (int)((x >> 40) % 7) - 3);
        num[n] = '\0';
        double want = strtod(num, NULL);
        if (!(want >= -62135596800.0 && want < 253402300800.0))
            continue;
        snprintf(body, sizeof body, "{\"update\":{\"createdAt\":%s}}", num);
        eks_decoded_response out;
        ck_assert_int_eq(decode_body(body, NULL, &out), EKS_OK);
        double got = out.output.update.created_at.epoch_seconds;
        ck_assert_msg(memcmp(&got, &want, sizeof got) == 0, "createdAt %s: got %.17g, want %.17g", num, got, want);
        eks_decoded_response_free(&out);
    }
}
END_TEST

START_TEST(resp_created_at_invalid)
{
    /* Not a date (years 1..9999 hold every time a service means), or not a JSON number. */
    static const char *const texts[] = {"1e300", "-1e300", "1e20", "\"2023-11-14T22:13:20Z\"", "\"1700000000\"",
                                        "true", "false", "{}", "[1700000000]"};
    char body[128];
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        snprintf(body, sizeof body, "{\"update\":{\"id\":\"x\",\"createdAt\":%s}}", texts[i]);
        eks_decoded_response out;
        ck_assert_msg(decode_body(body, NULL, &out) == EKS_ERR_VALIDATION_FAILED, "%s accepted", texts[i]);
        ASSERT_DIAG(&out.diags, EKS_DIAG_INVALID_TIMESTAMP, "$.update.createdAt", EKS_SEV_ERROR);
        ck_assert(!out.output.update.created_at.present);
        ASSERT_STR(out.output.update.id, "x"); /* the rest is still decoded */
        eks_decoded_response_free(&out);
    }
}
END_TEST

START_TEST(resp_null_is_absent)
{
    const char *b = "{\"update\":{\"id\":null,\"status\":null,\"type\":null,\"params\":null,\"createdAt\":null,"
                    "\"errors\":null,\"cancellation\":null}}";
    eks_decoded_response out;
    ck_assert_int_eq(decode_body(b, &STRICT, &out), EKS_OK);
    ck_assert_uint_eq(out.diags.count, 0);
    const eks_update *u = &out.output.update;
    ck_assert(u->present);
    ck_assert_ptr_null(u->id.ptr);
    ck_assert_int_eq(u->status.value, EKS_UPDATE_STATUS_UNSET);
    ck_assert_ptr_null(u->status.raw.ptr);
    ck_assert_int_eq(u->type.value, EKS_UPDATE_TYPE_UNSET);
    ck_assert(!u->params.present);
    ck_assert(!u->created_at.present);
    ck_assert(!u->errors.present);
    ck_assert(!u->cancellation.present);
    eks_decoded_response_free(&out);
    ck_assert_int_eq(decode_body("{\"update\":null}", &STRICT, &out), EKS_OK);
    ck_assert(!out.output.update.present);
    eks_decoded_response_free(&out);
    /* Nested nulls. */
    b = "{\"update\":{\"params\":[{\"type\":null,\"value\":null}],\"errors\":[{\"resourceIds\":null}],"
        "\"cancellation\":{\"status\":null,\"reason\":null}}}";
    ck_assert_int_eq(decode_body(b, &STRICT, &out), EKS_OK);
    ck_assert_uint_eq(out.output.update.params.count, 1);
    ck_assert_int_eq(out.output.update.params.items[0].type.value, EKS_UPDATE_PARAM_TYPE_UNSET);
    ck_assert(!out.output.update.errors.items[0].resource_ids.present);
    ck_assert(out.output.update.cancellation.present);
    ck_assert_int_eq(out.output.update.cancellation.status.value, EKS_CANCELLATION_STATUS_UNSET);
    eks_decoded_response_free(&out);
}
END_TEST

START_TEST(resp_unknown_members)
{
    const char *b = "{\"extra\":1,\"update\":{\"id\":\"u\",\"newField\":{\"a\":[1,2]},\"status\":\"Failed\","
                    "\"cancellation\":{\"when\":0}}}";
    eks_decoded_response out;
    ck_assert_int_eq(decode_body(b, NULL, &out), EKS_OK);
    ck_assert_uint_eq(out.diags.count, 0);
    ASSERT_STR(out.output.update.id, "u");
    ck_assert_int_eq(out.output.update.status.value, EKS_UPDATE_STATUS_FAILED);
    eks_decoded_response_free(&out);
    ck_assert_int_eq(decode_body(b, &STRICT, &out), EKS_OK);
    ASSERT_DIAG(&out.diags, EKS_DIAG_UNKNOWN_MEMBER, "$.extra", EKS_SEV_WARNING);
    ASSERT_DIAG(&out.diags, EKS_DIAG_UNKNOWN_MEMBER, "$.update.newField", EKS_SEV_WARNING);
    ASSERT_DIAG(&out.diags, EKS_DIAG_UNKNOWN_MEMBER, "$.update.cancellation.when", EKS_SEV_WARNING);
    ck_assert_uint_eq(out.diags.warnings, 3);
    ck_assert_uint_eq(out.diags.errors, 0);
    eks_decoded_response_free(&out);
}
END_TEST

START_TEST(resp_unknown_enums)
{
    const char *b = "{\"update\":{\"status\":\"Paused\",\"type\":\"BrandNewUpdate\","
                    "\"params\":[{\"type\":\"Version\"},{\"type\":\"A\"},{\"type\":\"B\"},{\"type\":\"FutureParam\",\"value\":\"x\"}],"
                    "\"errors\":[{\"errorCode\":\"AccessDenied\"},{\"errorCode\":\"NewCode\"}],"
                    "\"cancellation\":{\"status\":\"inprogress\"}}}";
    static const struct {
        const char *path, *raw;
    } want[] = {{"$.update.status", "Paused"},          {"$.update.type", "BrandNewUpdate"},
                {"$.update.params[1].type", "A"},       {"$.update.params[2].type", "B"},
                {"$.update.params[3].type", "FutureParam"}, {"$.update.errors[1].errorCode", "NewCode"},
                {"$.update.cancellation.status", "inprogress"}};
    for (int strict = 0; strict < 2; strict++) {
        eks_decode_options opt = {.strict = strict != 0};
        eks_decoded_response out;
        ck_assert_int_eq(decode_body(b, &opt, &out), strict ? EKS_ERR_VALIDATION_FAILED : EKS_OK);
        for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
            ASSERT_DIAG(&out.diags, EKS_DIAG_UNKNOWN_ENUM_VALUE, want[i].path, strict ? EKS_SEV_ERROR : EKS_SEV_WARNING);
        ck_assert_uint_eq(out.diags.count, 7);
        const eks_update *u = &out.output.update;
        ck_assert_int_eq(u->status.value, EKS_UPDATE_STATUS_UNKNOWN);
        ASSERT_STR(u->status.raw, "Paused");
        ck_assert_int_eq(u->type.value, EKS_UPDATE_TYPE_UNKNOWN);
        ASSERT_STR(u->type.raw, "BrandNewUpdate");
        ck_assert_int_eq(u->params.items[0].type.value, EKS_UPDATE_PARAM_TYPE_VERSION);
        ck_assert_int_eq(u->params.items[3].type.value, EKS_UPDATE_PARAM_TYPE_UNKNOWN);
        ASSERT_STR(u->params.items[3].type.raw, "FutureParam");
        ASSERT_STR(u->params.items[3].value, "x");
        ck_assert_int_eq(u->errors.items[0].error_code.value, EKS_ERROR_CODE_ACCESS_DENIED);
        ck_assert_int_eq(u->errors.items[1].error_code.value, EKS_ERROR_CODE_UNKNOWN);
        ASSERT_STR(u->errors.items[1].error_code.raw, "NewCode");
        ck_assert_int_eq(u->cancellation.status.value, EKS_CANCELLATION_STATUS_UNKNOWN);
        ASSERT_STR(u->cancellation.status.raw, "inprogress");
        eks_decoded_response_free(&out);
    }
    /* Empty string is no enum value either. */
    eks_decoded_response out;
    ck_assert_int_eq(decode_body("{\"update\":{\"status\":\"\"}}", NULL, &out), EKS_OK);
    ASSERT_DIAG(&out.diags, EKS_DIAG_UNKNOWN_ENUM_VALUE, "$.update.status", EKS_SEV_WARNING);
    ck_assert_int_eq(out.output.update.status.value, EKS_UPDATE_STATUS_UNKNOWN);
    eks_decoded_response_free(&out);
}
END_TEST

/* Every enum value the official model lists decodes to a distinct known constant whose wire
 * string is that value; the model's counts match the generated ones. */
typedef struct enum_case {
    const char *shape;      /* model shape */
    const char *pre, *post; /* body = pre + value + post */
    int count;              /* generated EKS_*_COUNT */
} enum_case;

static int enum_value_of(const eks_decoded_response *out, int which, const char **wire)
{
    const eks_update *u = &out->output.update;
    switch (which) {
    case 0: *wire = eks_update_status_to_string(u->status.value); return (int)u->status.value;
    case 1: *wire = eks_update_type_to_string(u->type.value); return (int)u->type.value;
    case 2: *wire = eks_update_param_type_to_string(u->params.items[0].type.value); return (int)u->params.items[0].type.value;
    case 3: *wire = eks_error_code_to_string(u->errors.items[0].error_code.value); return (int)u->errors.items[0].error_code.value;
    default: *wire = eks_cancellation_status_to_string(u->cancellation.status.value); return (int)u->cancellation.status.value;
    }
}

START_TEST(resp_every_model_enum_value)
{
    json_object *model = load_model();
    if (!model) {
        ts_skip("response: model enum values",
                "EKSCODEC_SHARED_DIR/models/eks-2017-11-01/service-2.json not found: " TS_GET_SHARED);
        return;
    }
    static const enum_case cases[] = {
        {"UpdateStatus", "{\"update\":{\"status\":\"", "\"}}", EKS_UPDATE_STATUS_COUNT},
        {"UpdateType", "{\"update\":{\"type\":\"", "\"}}", EKS_UPDATE_TYPE_COUNT},
        {"UpdateParamType", "{\"update\":{\"params\":[{\"type\":\"", "\"}]}}", EKS_UPDATE_PARAM_TYPE_COUNT},
        {"ErrorCode", "{\"update\":{\"errors\":[{\"errorCode\":\"", "\"}]}}", EKS_ERROR_CODE_COUNT},
        {"CancellationStatus", "{\"update\":{\"cancellation\":{\"status\":\"", "\"}}}", EKS_CANCELLATION_STATUS_COUNT},
    };
    int total = 0;
    for (int c = 0; c < 5; c++) {
        json_object *values;
        ck_assert(json_object_object_get_ex(model_shape(model, cases[c].shape), "enum", &values));
        int n = (int)json_object_array_length(values);
        ck_assert_msg(n == cases[c].count, "%s: model has %d values, generated %d", cases[c].shape, n, cases[c].count);
        bool seen[128] = {false};
        for (int i = 0; i < n; i++) {
            const char *v = json_object_get_string(json_object_array_get_idx(values, i));
            char body[256];
            snprintf(body, sizeof body, "%s%s%s", cases[c].pre, v, cases[c].post);
            eks_decoded_response out;
            ck_assert_int_eq(decode_body(body, &STRICT, &out), EKS_OK);
            ck_assert_uint_eq(out.diags.count, 0);
            const char *wire = NULL;
            int k = enum_value_of(&out, c, &wire);
            ck_assert_msg(k >= 1 && k <= n, "%s %s -> constant %d", cases[c].shape, v, k);
            ck_assert_msg(!seen[k], "%s %s: constant %d used twice", cases[c].shape, v, k);
            seen[k] = true;
            ck_assert_ptr_nonnull(wire);
            ck_assert_str_eq(wire, v);
            eks_decoded_response_free(&out);
            total++;
        }
    }
    ck_assert_int_eq(total, 4 + 20 + 51 + 17 + 3);
    json_object_put(model);
}
END_TEST

/* RFC 8259 allows "\u0000" inside a string; an enum value containing it is not the model's
 * value that precedes the NUL (found by fuzz_response_decode: the comparison read past the
 * model string). */
START_TEST(resp_enum_with_embedded_nul_is_unknown)
{
    eks_decoded_response out;
    ck_assert_int_eq(decode_body("{\"update\":{\"status\":\"Failed\\u0000xyzxyzxyz\"}}", NULL, &out), EKS_OK);
    ck_assert_int_eq(out.output.update.status.value, EKS_UPDATE_STATUS_UNKNOWN);
    ck_assert_uint_eq(out.output.update.status.raw.len, 16);
    ck_assert_int_eq(memcmp(out.output.update.status.raw.ptr, "Failed\0xyzxyzxyz", 16), 0);
    ASSERT_DIAG(&out.diags, EKS_DIAG_UNKNOWN_ENUM_VALUE, "$.update.status", EKS_SEV_WARNING);
    eks_decoded_response_free(&out);
    ck_assert_int_eq(eks_update_status_from_string("Failed\0", 7), EKS_UPDATE_STATUS_UNKNOWN);
    ck_assert_int_eq(eks_update_status_from_string("Failed", 6), EKS_UPDATE_STATUS_FAILED);
}
END_TEST

/* A null element of a dense list is dropped, as clients do for dense collections
 * (restJson1 RestJsonDeserializesDenseSetMapAndSkipsNull; the JavaScript SDK filters nulls
 * out of lists), and the drop is reported as a warning rather than passed over. */
START_TEST(resp_null_list_element_dropped_with_warning)
{
    eks_decoded_response out;
    ck_assert_int_eq(decode_body("{\"update\":{\"params\":[{},null]}}", NULL, &out), EKS_OK);
    ck_assert_uint_eq(out.output.update.params.count, 1);
    ASSERT_DIAG(&out.diags, EKS_DIAG_WRONG_TYPE, "$.update.params[1]", EKS_SEV_WARNING);
    eks_decoded_response_free(&out);
}
END_TEST

/* A list item's path is its index in the document, nulls counted: the items after a dropped
 * null are not renumbered, so that a diagnostic (the null's own warning, a wrong type, and a
 * syntax error inside, whose path the JSON reader renders) points at the bytes it is about. */
START_TEST(resp_list_item_paths_count_dropped_nulls)
{
    eks_decoded_response out;
    ck_assert_int_eq(decode_body("{\"update\":{\"params\":[null,null,{\"type\":5}]}}", NULL, &out),
                     EKS_ERR_VALIDATION_FAILED);
    ck_assert_uint_eq(out.output.update.params.count, 1);
    ASSERT_DIAG(&out.diags, EKS_DIAG_WRONG_TYPE, "$.update.params[0]", EKS_SEV_WARNING);
    ASSERT_DIAG(&out.diags, EKS_DIAG_WRONG_TYPE, "$.update.params[1]", EKS_SEV_WARNING);
    ASSERT_DIAG(&out.diags, EKS_DIAG_WRONG_TYPE, "$.update.params[2].type", EKS_SEV_ERROR);
    eks_decoded_response_free(&out);
    ck_assert_int_eq(decode_body("{\"update\":{\"params\":[null,{\"value\":\"\\q\"}]}}", NULL, &out),
                     EKS_ERR_MALFORMED_INPUT);
    ASSERT_DIAG(&out.diags, EKS_DIAG_INVALID_JSON, "$.update.params[1].value", EKS_SEV_ERROR);
    eks_decoded_response_free(&out);
}
END_TEST

START_TEST(resp_wrong_container_types)
{
    static const struct {
        const char *body, *path;
        eks_diag_code code;
    } cases[] = {
        {"{\"update\":{\"params\":{\"type\":\"Version\"}}}", "$.update.params", EKS_DIAG_WRONG_TYPE},
        {"{\"update\":[]}", "$.update", EKS_DIAG_WRONG_TYPE},
        {"{\"update\":\"x\"}", "$.update", EKS_DIAG_WRONG_TYPE},
        {"[]", "$", EKS_DIAG_WRONG_TYPE},
        {"[{\"update\":{}}]", "$", EKS_DIAG_WRONG_TYPE},
        {"\"update\"", "$", EKS_DIAG_WRONG_TYPE},
        {"{\"update\":{\"params\":[\"Version\"]}}", "$.update.params[0]", EKS_DIAG_WRONG_TYPE},
        {"{\"update\":{\"errors\":[{\"resourceIds\":[\"a\",7]}]}}", "$.update.errors[0].resourceIds[1]", EKS_DIAG_WRONG_TYPE},
        {"{\"update\":{\"errors\":[{\"resourceIds\":\"a\"}]}}", "$.update.errors[0].resourceIds", EKS_DIAG_WRONG_TYPE},
        {"{\"update\":{\"id\":5}}", "$.update.id", EKS_DIAG_WRONG_TYPE},
        {"{\"update\":{\"status\":1}}", "$.update.status", EKS_DIAG_WRONG_TYPE},
        {"{\"update\":{\"cancellation\":[]}}", "$.update.cancellation", EKS_DIAG_WRONG_TYPE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        eks_decoded_response out;
        ck_assert_msg(decode_body(cases[i].body, NULL, &out) == EKS_ERR_VALIDATION_FAILED, "%s accepted",
                      cases[i].body);
        ASSERT_DIAG(&out.diags, cases[i].code, cases[i].path, EKS_SEV_ERROR);
        eks_decoded_response_free(&out);
    }
}
END_TEST

START_TEST(resp_large_params_list)
{
    size_t cap = 800 * 64 + 64;
    char *b = malloc(cap);
    size_t o = (size_t)snprintf(b, cap, "{\"update\":{\"params\":[");
    for (int i = 0; i < 800; i++)
        o += (size_t)snprintf(b + o, cap - o, "%s{\"type\":\"%s\",\"value\":\"%d\"}", i ? "," : "",
                              i % 2 ? "Version" : "PlatformVersion", i);
    o += (size_t)snprintf(b + o, cap - o, "]}}");
    eks_decoded_response out;
    ck_assert_int_eq(decode_body(b, NULL, &out), EKS_OK);
    ck_assert_uint_eq(out.output.update.params.count, 800);
    for (int i = 0; i < 800; i++) {
        char v[16];
        snprintf(v, sizeof v, "%d", i);
        ASSERT_STR(out.output.update.params.items[i].value, v);
        ck_assert_int_eq(out.output.update.params.items[i].type.value,
                         i % 2 ? EKS_UPDATE_PARAM_TYPE_VERSION : EKS_UPDATE_PARAM_TYPE_PLATFORM_VERSION);
    }
    eks_decoded_response_free(&out);
    /* List length limit: 800 allowed with the limit at 800, not at 799. */
    eks_limits lim;
    memset(&lim, 0, sizeof lim);
    lim.max_list_len = 800;
    eks_decode_options opt = {.limits = &lim};
    ck_assert_int_eq(decode_body(b, &opt, &out), EKS_OK);
    eks_decoded_response_free(&out);
    lim.max_list_len = 799;
    ck_assert_int_eq(decode_body(b, &opt, &out), EKS_ERR_LIMIT_EXCEEDED);
    ASSERT_DIAG(&out.diags, EKS_DIAG_LIMIT_EXCEEDED, NULL, EKS_SEV_ERROR);
    eks_decoded_response_free(&out);
    /* Body limit. */
    memset(&lim, 0, sizeof lim);
    lim.max_body_bytes = o - 1;
    ck_assert_int_eq(decode_body(b, &opt, &out), EKS_ERR_LIMIT_EXCEEDED);
    eks_decoded_response_free(&out);
    free(b);
}
END_TEST

START_TEST(resp_invalid_json)
{
    static const struct {
        const char *body;
        size_t offset;
    } cases[] = {
        {"{\"update\":{\"id\":\"x\",}}", 20}, {"{\"update\":", 10}, {"hello", 0},
        {"{\"update\":{}} x", 14},             {"{\"update\":{\"createdAt\":1.}}", 25},
        {"{\"update\":{\"id\":\"a\x01\"}}", 18}, {"\xEF\xBB\xBF{}", 0}, {"{\"update\":{\"createdAt\":+1}}", 23},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        eks_decoded_response out;
        ck_assert_msg(decode_body(cases[i].body, NULL, &out) == EKS_ERR_MALFORMED_INPUT, "%s", cases[i].body);
        const eks_diag *d = find_diag(&out.diags, EKS_DIAG_INVALID_JSON, NULL);
        if (!d)
            dump_diags(&out.diags);
        ck_assert_ptr_nonnull(d);
        ck_assert_msg(d->offset == cases[i].offset, "%s: offset %zu, want %zu", cases[i].body, d->offset,
                      cases[i].offset);
        eks_decoded_response_free(&out);
    }
}
END_TEST

START_TEST(resp_empty_and_non_json_bodies)
{
    eks_decoded_response out;
    /* Empty 200: the output has no required member, so valid, with a warning. */
    ck_assert_int_eq(decode_body("", NULL, &out), EKS_OK);
    ASSERT_DIAG(&out.diags, EKS_DIAG_EMPTY_BODY, NULL, EKS_SEV_WARNING);
    ck_assert(!out.output.update.present);
    eks_decoded_response_free(&out);
    ck_assert_int_eq(decode_resp(200, NULL, 0, NULL, 0, NULL, &out), EKS_OK);
    ASSERT_DIAG(&out.diags, EKS_DIAG_EMPTY_BODY, NULL, EKS_SEV_WARNING);
    eks_decoded_response_free(&out);
    ck_assert_int_eq(decode_body("{}", &STRICT, &out), EKS_OK);
    ck_assert_uint_eq(out.diags.count, 0);
    ck_assert(!out.output.update.present);
    eks_decoded_response_free(&out);
    /* HTML from a proxy. */
    ck_assert_int_eq(decode_body("<html><body>OK</body></html>", NULL, &out), EKS_ERR_VALIDATION_FAILED);
    ASSERT_DIAG(&out.diags, EKS_DIAG_NOT_JSON, NULL, EKS_SEV_ERROR);
    eks_decoded_response_free(&out);
    /* Other 2xx statuses are successes too. */
    ck_assert_int_eq(decode_resp(204, NULL, 0, "", 0, NULL, &out), EKS_OK);
    ck_assert(!out.is_error);
    eks_decoded_response_free(&out);
    ck_assert_int_eq(decode_resp(299, NULL, 0, FULL_BODY, strlen(FULL_BODY), NULL, &out), EKS_OK);
    ck_assert(!out.is_error);
    eks_decoded_response_free(&out);
}
END_TEST

/* ---- errors ------------------------------------------------------------------------------- */

static const struct {
    eks_error_kind kind;
    const char *shape;
} KINDS[] = {
    {EKS_ERROR_INVALID_PARAMETER_EXCEPTION, "InvalidParameterException"},
    {EKS_ERROR_CLIENT_EXCEPTION, "ClientException"},
    {EKS_ERROR_SERVER_EXCEPTION, "ServerException"},
    {EKS_ERROR_RESOURCE_IN_USE_EXCEPTION, "ResourceInUseException"},
    {EKS_ERROR_RESOURCE_NOT_FOUND_EXCEPTION, "ResourceNotFoundException"},
    {EKS_ERROR_INVALID_REQUEST_EXCEPTION, "InvalidRequestException"},
    {EKS_ERROR_THROTTLING_EXCEPTION, "ThrottlingException"},
};

/* The decoded value of member `m` of the modeled fields, by hand per shape; *known = false if
 * the typed API has no such field (the test then fails: the model lists it). */
static eks_str error_field(const eks_api_error *e, const char *m, bool *known)
{
    *known = true;
    const eks_error_fields *f = &e->fields;
#define F(shape_field, name, field)                                                                 \
    if (strcmp(m, name) == 0)                                                                       \
        return f->shape_field.field;
    switch (e->kind) {
    case EKS_ERROR_INVALID_PARAMETER_EXCEPTION:
        F(invalid_parameter_exception, "clusterName", cluster_name)
        F(invalid_parameter_exception, "nodegroupName", nodegroup_name)
        F(invalid_parameter_exception, "fargateProfileName", fargate_profile_name)
        F(invalid_parameter_exception, "addonName", addon_name)
        F(invalid_parameter_exception, "subscriptionId", subscription_id)
        F(invalid_parameter_exception, "message", message)
        break;
    case EKS_ERROR_CLIENT_EXCEPTION:
        F(client_exception, "clusterName", cluster_name)
        F(client_exception, "nodegroupName", nodegroup_name)
        F(client_exception, "addonName", addon_name)
        F(client_exception, "subscriptionId", subscription_id)
        F(client_exception, "message", message)
        break;
    case EKS_ERROR_SERVER_EXCEPTION:
        F(server_exception, "clusterName", cluster_name)
        F(server_exception, "nodegroupName", nodegroup_name)
        F(server_exception, "addonName", addon_name)
        F(server_exception, "subscriptionId", subscription_id)
        F(server_exception, "message", message)
        break;
    case EKS_ERROR_RESOURCE_IN_USE_EXCEPTION:
        F(resource_in_use_exception, "clusterName", cluster_name)
        F(resource_in_use_exception, "nodegroupName", nodegroup_name)
        F(resource_in_use_exception, "addonName", addon_name)
        F(resource_in_use_exception, "message", message)
        break;
    case EKS_ERROR_RESOURCE_NOT_FOUND_EXCEPTION:
        F(resource_not_found_exception, "clusterName", cluster_name)
        F(resource_not_found_exception, "nodegroupName", nodegroup_name)
        F(resource_not_found_exception, "fargateProfileName", fargate_profile_name)
        F(resource_not_found_exception, "addonName", addon_name)
        F(resource_not_found_exception, "subscriptionId", subscription_id)
        F(resource_not_found_exception, "message", message)
        break;
    case EKS_ERROR_INVALID_REQUEST_EXCEPTION:
        F(invalid_request_exception, "clusterName", cluster_name)
        F(invalid_request_exception, "nodegroupName", nodegroup_name)
        F(invalid_request_exception, "addonName", addon_name)
        F(invalid_request_exception, "subscriptionId", subscription_id)
        F(invalid_request_exception, "message", message)
        break;
    case EKS_ERROR_THROTTLING_EXCEPTION:
        F(throttling_exception, "clusterName", cluster_name)
        F(throttling_exception, "message", message)
        break;
    default:
        break;
    }
#undef F
    *known = false;
    return EKS_STR_ABSENT;
}

START_TEST(err_modeled_exceptions)
{
    json_object *model = load_model();
    if (!model) {
        ts_skip("response: modeled errors",
                "EKSCODEC_SHARED_DIR/models/eks-2017-11-01/service-2.json not found: " TS_GET_SHARED);
        return;
    }
    json_object *ops, *op, *errs;
    ck_assert(json_object_object_get_ex(model, "operations", &ops));
    ck_assert(json_object_object_get_ex(ops, "DisassociateIdentityProviderConfig", &op));
    ck_assert(json_object_object_get_ex(op, "errors", &errs));
    ck_assert_uint_eq(json_object_array_length(errs), 7);
    for (size_t e = 0; e < 7; e++) {
        const char *shape_name = json_object_get_string(
            json_object_object_get(json_object_array_get_idx(errs, e), "shape"));
        eks_error_kind kind = EKS_ERROR_NONE;
        for (size_t k = 0; k < 7; k++)
            if (strcmp(KINDS[k].shape, shape_name) == 0)
                kind = KINDS[k].kind;
        ck_assert_msg(kind != EKS_ERROR_NONE, "model error %s has no kind", shape_name);
        json_object *shape = model_shape(model, shape_name), *err_trait, *members;
        ck_assert(json_object_object_get_ex(shape, "error", &err_trait));
        int status = json_object_get_int(json_object_object_get(err_trait, "httpStatusCode"));
        ck_assert(json_object_object_get_ex(shape, "members", &members));
        /* Body with every modeled member set to "<member>-<shape>". */
        char body[2048];
        size_t o = 0;
        body[o++] = '{';
        json_object_object_foreach(members, mname, mval) {
            (void)mval;
            o += (size_t)snprintf(body + o, sizeof body - o, "%s\"%s\":\"%s-%s\"", o > 1 ? "," : "", mname, mname,
                                  shape_name);
        }
        body[o++] = '}';
        body[o] = '\0';
        for (int via = 0; via < 3; via++) {
            /* The type via the header (with the URI suffix), body "code", body "__type". */
            char type_hdr[256], b2[2300];
            snprintf(type_hdr, sizeof type_hdr, "%s:http://internal.amazon.com/coral/com.amazon.coral.validate/",
                     shape_name);
            eks_header h[2] = {{EKS_STR_LIT("x-amzn-ErrorType"), eks_str_from_cstr(type_hdr)},
                               {EKS_STR_LIT("x-amzn-RequestId"), EKS_STR_LIT("rid-1")}};
            if (via == 0)
                snprintf(b2, sizeof b2, "%s", body);
            else
                snprintf(b2, sizeof b2, "{\"%s\":\"com.amazonaws.eks#%s\",%s", via == 1 ? "code" : "__type",
                         shape_name, body + 1);
            eks_decoded_response out;
            eks_status st = decode_resp(status, via == 0 ? h : h + 1, via == 0 ? 2 : 1, b2, strlen(b2), &STRICT, &out);
            if (st != EKS_OK)
                dump_diags(&out.diags);
            ck_assert_msg(st == EKS_OK, "%s via %d: %s", shape_name, via, eks_strerror(st));
            ck_assert_uint_eq(out.diags.count, 0);
            ck_assert(out.is_error);
            ck_assert_int_eq(out.http_status, status);
            ASSERT_STR(out.request_id, "rid-1");
            ck_assert_int_eq(out.error.kind, kind);
            ASSERT_STR(out.error.type, shape_name);
            ck_assert_int_eq(out.error.type_source, via == 0   ? EKS_ERROR_TYPE_HEADER
                                                    : via == 1 ? EKS_ERROR_TYPE_BODY_CODE
                                                               : EKS_ERROR_TYPE_BODY_TYPE);
            if (via == 0)
                ASSERT_STR(out.error.raw_type, type_hdr);
            char want[256];
            snprintf(want, sizeof want, "message-%s", shape_name);
            ASSERT_STR(out.error.message, want);
            json_object_object_foreach(members, mname2, mval2) {
                (void)mval2;
                bool known;
                eks_str v = error_field(&out.error, mname2, &known);
                ck_assert_msg(known, "%s.%s has no typed field", shape_name, mname2);
                snprintf(want, sizeof want, "%s-%s", mname2, shape_name);
                ASSERT_STR(v, want);
            }
            eks_decoded_response_free(&out);
        }
        /* Same type, another status: decoded, with a status_mismatch warning. */
        eks_header h1 = {EKS_STR_LIT("x-amzn-errortype"), eks_str_from_cstr(shape_name)};
        eks_decoded_response out;
        int other = status == 400 ? 403 : 400;
        ck_assert_int_eq(decode_resp(other, &h1, 1, body, strlen(body), NULL, &out), EKS_OK);
        ck_assert_int_eq(out.error.kind, kind);
        ASSERT_DIAG(&out.diags, EKS_DIAG_STATUS_MISMATCH, NULL, EKS_SEV_WARNING);
        eks_decoded_response_free(&out);
    }
    json_object_put(model);
}
END_TEST

/* One error response decoded in lenient mode; checks type, source, kind, message. */
static void expect_error(int status, const eks_header *h, size_t nh, const char *body, eks_status want_st,
                         const char *type, eks_error_type_source src, eks_error_kind kind, const char *message)
{
    eks_decoded_response out;
    eks_status st = decode_resp(status, h, nh, body, body ? strlen(body) : 0, NULL, &out);
    if (st != want_st)
        dump_diags(&out.diags);
    ck_assert_msg(st == want_st, "body %s: %s, want %s", body ? body : "(null)", eks_strerror(st),
                  eks_strerror(want_st));
    ck_assert(out.is_error);
    if (type)
        ASSERT_STR(out.error.type, type);
    else
        ck_assert_msg(!out.error.type.ptr || out.error.type.len == 0, "type %.*s", (int)out.error.type.len,
                      out.error.type.ptr);
    ck_assert_int_eq(out.error.type_source, src);
    ck_assert_int_eq(out.error.kind, kind);
    if (message)
        ASSERT_STR(out.error.message, message);
    else
        ck_assert_ptr_null(out.error.message.ptr);
    eks_decoded_response_free(&out);
}

#define HDR(n, v) {EKS_STR_LIT(n), EKS_STR_LIT(v)}

START_TEST(err_type_sources)
{
    /* Header first, then body "code", then "__type" (Smithy restJson1). */
    eks_header h[] = {HDR("X-Amzn-Errortype", "ClientException")};
    expect_error(400, h, 1, "{\"code\":\"ServerException\",\"__type\":\"ThrottlingException\",\"message\":\"m\"}", EKS_OK,
                 "ClientException", EKS_ERROR_TYPE_HEADER, EKS_ERROR_CLIENT_EXCEPTION, "m");
    expect_error(500, NULL, 0, "{\"__type\":\"ClientException\",\"code\":\"ServerException\"}", EKS_OK, "ServerException",
                 EKS_ERROR_TYPE_BODY_CODE, EKS_ERROR_SERVER_EXCEPTION, NULL);
    expect_error(429, NULL, 0, "{\"__type\":\"aws.protocoltests.restjson#ThrottlingException\"}", EKS_OK,
                 "ThrottlingException", EKS_ERROR_TYPE_BODY_TYPE, EKS_ERROR_THROTTLING_EXCEPTION, NULL);
    /* An empty header names no type; the body does. */
    eks_header empty[] = {HDR("x-amzn-errortype", "")};
    expect_error(400, empty, 1, "{\"code\":\"ClientException\"}", EKS_OK, "ClientException", EKS_ERROR_TYPE_BODY_CODE,
                 EKS_ERROR_CLIENT_EXCEPTION, NULL);
    /* A numeric code is not a type, and not fatal: __type is used. */
    expect_error(400, NULL, 0, "{\"code\":400,\"__type\":\"ClientException\",\"message\":\"m\"}", EKS_OK,
                 "ClientException", EKS_ERROR_TYPE_BODY_TYPE, EKS_ERROR_CLIENT_EXCEPTION, "m");
    /* A nested __type is not the error's type. */
    expect_error(400, NULL, 0, "{\"error\":{\"__type\":\"ClientException\",\"code\":\"X\"},\"message\":\"m\"}",
                 EKS_ERR_VALIDATION_FAILED, NULL, EKS_ERROR_TYPE_NONE, EKS_ERROR_UNMODELED, "m");
    /* A folded header list names the first type. */
    eks_header list[] = {HDR("x-amzn-errortype", "ResourceNotFoundException, ClientException")};
    expect_error(404, list, 1, "{}", EKS_OK, "ResourceNotFoundException", EKS_ERROR_TYPE_HEADER,
                 EKS_ERROR_RESOURCE_NOT_FOUND_EXCEPTION, NULL);
    /* Message: "message", else "Message"; "message" wins. */
    eks_header ir[] = {HDR("x-amzn-errortype", "InvalidRequestException")};
    expect_error(400, ir, 1, "{\"Message\":\"capital M\"}", EKS_OK, "InvalidRequestException", EKS_ERROR_TYPE_HEADER,
                 EKS_ERROR_INVALID_REQUEST_EXCEPTION, "capital M");
    expect_error(400, ir, 1, "{\"Message\":\"capital\",\"message\":\"lower\"}", EKS_OK, "InvalidRequestException",
                 EKS_ERROR_TYPE_HEADER, EKS_ERROR_INVALID_REQUEST_EXCEPTION, "lower");
    eks_header ad[] = {HDR("x-amzn-errortype", "AccessDeniedException")};
    expect_error(403, ad, 1, "{\"Message\":\"no\"}", EKS_OK, "AccessDeniedException", EKS_ERROR_TYPE_HEADER,
                 EKS_ERROR_ACCESS_DENIED_EXCEPTION, "no");
    /* Empty body with a header: the type, a warning, no message. */
    eks_header rnf[] = {HDR("x-amzn-errortype", "ResourceNotFoundException")};
    expect_error(404, rnf, 1, "", EKS_OK, "ResourceNotFoundException", EKS_ERROR_TYPE_HEADER,
                 EKS_ERROR_RESOURCE_NOT_FOUND_EXCEPTION, NULL);
    /* No type anywhere. */
    expect_error(500, NULL, 0, "", EKS_ERR_VALIDATION_FAILED, NULL, EKS_ERROR_TYPE_NONE, EKS_ERROR_UNMODELED, NULL);
    expect_error(400, NULL, 0, "{\"message\":\"who am I\"}", EKS_ERR_VALIDATION_FAILED, NULL, EKS_ERROR_TYPE_NONE,
                 EKS_ERROR_UNMODELED, "who am I");
    /* HTML 502 from a proxy. */
    eks_decoded_response out;
    const char *html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    ck_assert_int_eq(decode_resp(502, NULL, 0, html, strlen(html), NULL, &out), EKS_ERR_VALIDATION_FAILED);
    ck_assert(out.is_error);
    ck_assert_int_eq(out.http_status, 502);
    ASSERT_DIAG(&out.diags, EKS_DIAG_NOT_JSON, NULL, EKS_SEV_ERROR);
    ASSERT_DIAG(&out.diags, EKS_DIAG_MISSING_ERROR_TYPE, NULL, EKS_SEV_ERROR);
    eks_decoded_response_free(&out);
    /* Invalid JSON error body: invalid_json with the offset. */
    const char *bad = "{\"message\":\"x\",}";
    ck_assert_int_eq(decode_resp(404, rnf, 1, bad, strlen(bad), NULL, &out), EKS_ERR_MALFORMED_INPUT);
    const eks_diag *d = find_diag(&out.diags, EKS_DIAG_INVALID_JSON, NULL);
    ck_assert_ptr_nonnull(d);
    ck_assert_uint_eq(d->offset, 15);
    eks_decoded_response_free(&out);
    /* A modeled member of the wrong type. */
    const char *wt = "{\"clusterName\":5,\"message\":\"m\"}";
    ck_assert_int_eq(decode_resp(404, rnf, 1, wt, strlen(wt), NULL, &out), EKS_ERR_VALIDATION_FAILED);
    ASSERT_DIAG(&out.diags, EKS_DIAG_WRONG_TYPE, "$.clusterName", EKS_SEV_ERROR);
    eks_decoded_response_free(&out);
}
END_TEST

/* A type the service's model does not have is kept raw: kind UNMODELED, its message, an
 * unmodeled_error warning (an error in strict mode). */
START_TEST(err_unmodeled)
{
    eks_header h[] = {HDR("x-amzn-errortype", "aws.protocoltests.restjson#UnknownOperationException:http://x/"),
                      HDR("x-amzn-requestid", "r")};
    const char *b = "{\"message\":\"User is not authorized\",\"extra\":{\"a\":1}}";
    for (int strict = 0; strict < 2; strict++) {
        eks_decode_options opt = {.strict = strict != 0};
        eks_decoded_response out;
        ck_assert_int_eq(decode_resp(403, h, 2, b, strlen(b), &opt, &out), strict ? EKS_ERR_VALIDATION_FAILED : EKS_OK);
        ck_assert_int_eq(out.error.kind, EKS_ERROR_UNMODELED);
        ASSERT_STR(out.error.type, "UnknownOperationException");
        ASSERT_STR(out.error.raw_type, "aws.protocoltests.restjson#UnknownOperationException:http://x/");
        ASSERT_STR(out.error.message, "User is not authorized");
        ASSERT_DIAG(&out.diags, EKS_DIAG_UNMODELED_ERROR, NULL, strict ? EKS_SEV_ERROR : EKS_SEV_WARNING);
        eks_decoded_response_free(&out);
    }
}
END_TEST

/* An error of the service that DisassociateIdentityProviderConfig does not list
 * (AccessDeniedException: the model lists it for six other operations) is read by the
 * service's shape, as botocore reads it: its kind and members, with an unmodeled_error
 * warning (an error in strict mode). Its members were dropped. */
START_TEST(err_of_the_service_not_listed)
{
    eks_header h[] = {HDR("x-amzn-errortype", "AccessDeniedException")};
    const char *b = "{\"message\":\"User is not authorized\"}";
    for (int strict = 0; strict < 2; strict++) {
        eks_decode_options opt = {.strict = strict != 0};
        eks_decoded_response out;
        ck_assert_int_eq(decode_resp(403, h, 1, b, strlen(b), &opt, &out), strict ? EKS_ERR_VALIDATION_FAILED : EKS_OK);
        ck_assert_int_eq(out.error.kind, EKS_ERROR_ACCESS_DENIED_EXCEPTION);
        ck_assert(out.error.fields.access_denied_exception.present);
        ASSERT_STR(out.error.fields.access_denied_exception.message, "User is not authorized");
        ASSERT_DIAG(&out.diags, EKS_DIAG_UNMODELED_ERROR, "header:x-amzn-errortype",
                    strict ? EKS_SEV_ERROR : EKS_SEV_WARNING);
        ck_assert(!eks_diags_has_code(&out.diags, EKS_DIAG_STATUS_MISMATCH)); /* 403 is its status */
        eks_decoded_response_free(&out);
    }
}
END_TEST

START_TEST(err_type_sanitize)
{
    static const struct {
        const char *raw, *want;
    } cases[] = {
        {"FooError", "FooError"},
        {"FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/", "FooError"},
        {"aws.protocoltests.restjson#FooError", "FooError"},
        {"aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/", "FooError"},
        {"A,B", "A"},
        {"A, B", "A"},
        {"ns#A:x,ns#B", "A"},
        {"", ""},
        /* blanks next to the cuts stay (botocore: code.split(':', 1)[0].rsplit('#', 1)[-1]) */
        {"Foo :bar", "Foo "},
        {"ns# Foo:bar", " Foo"},
        {"ns#Foo\t:x", "Foo\t"},
        {"Foo\t#x", "x"},
        {"# :", " "},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        eks_str raw = eks_str_from_cstr(cases[i].raw);
        eks_str got = eks_error_type_sanitize(raw);
        ASSERT_STR(got, cases[i].want);
        ck_assert(got.ptr >= raw.ptr && got.ptr + got.len <= raw.ptr + raw.len); /* a view into raw */
    }
    ck_assert_ptr_null(eks_error_type_sanitize(EKS_STR_ABSENT).ptr);
    /* A body's "code" or "__type": the cuts alone, as botocore 1.43.11's RestJSONParser reads
     * them (each value is its Error.Code for {"code": raw}); no list, no outer blanks dropped. */
    static const struct {
        const char *raw, *want;
    } body[] = {
        {"FooError", "FooError"},
        {"aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/", "FooError"},
        {" ResourceNotFoundException", " ResourceNotFoundException"},
        {"ResourceNotFoundException ", "ResourceNotFoundException "},
        {"ClientException,ServerException", "ClientException,ServerException"},
        {"A, B", "A, B"},
        {" , X", " , X"},
        {"aws.eks#A,B:uri", "A,B"},
        {"aws.eks#\tServerException", "\tServerException"},
        {"  ", "  "},
        {"ns#", ""},
        {":y", ""},
        {" :y", " "},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof body / sizeof body[0]; i++) {
        eks_str raw = eks_str_from_cstr(body[i].raw);
        eks_str got = eks_error_type_cut(raw);
        ASSERT_STR(got, body[i].want);
        ck_assert(got.ptr >= raw.ptr && got.ptr + got.len <= raw.ptr + raw.len);
    }
    ck_assert_ptr_null(eks_error_type_cut(EKS_STR_ABSENT).ptr);
}
END_TEST

/* The official Smithy restJson1 protocol tests for GreetingWithErrors: their error shapes are
 * not this operation's, so they decode as UNMODELED, with the expected shape name as type. */
START_TEST(err_smithy_protocol_vectors)
{
    const char *dir = ts_shared_dir();
    char *p = dir ? ts_path(dir, "vectors/protocols/rest-json.output.json") : NULL;
    json_object *suites = p ? json_object_from_file(p) : NULL;
    free(p);
    if (!suites) {
        ts_skip("response: Smithy restJson1 GreetingWithErrors vectors",
                "EKSCODEC_SHARED_DIR/vectors/protocols/rest-json.output.json not found: " TS_GET_SHARED);
        return;
    }
    int n = 0;
    for (size_t s = 0; s < json_object_array_length(suites); s++) {
        json_object *cases = json_object_object_get(json_object_array_get_idx(suites, s), "cases");
        for (size_t c = 0; c < json_object_array_length(cases); c++) {
            json_object *cs = json_object_array_get_idx(cases, c), *code, *resp, *hdrs, *body, *msg;
            if (!json_object_object_get_ex(cs, "errorCode", &code))
                continue;
            const char *id = json_object_get_string(json_object_object_get(cs, "id"));
            ck_assert(json_object_object_get_ex(cs, "response", &resp));
            int status = json_object_get_int(json_object_object_get(resp, "status_code"));
            eks_header h[8];
            size_t nh = 0;
            if (json_object_object_get_ex(resp, "headers", &hdrs)) {
                json_object_object_foreach(hdrs, k, v) {
                    ck_assert_uint_lt(nh, 8);
                    h[nh].name = eks_str_from_cstr(k);
                    h[nh].value = (eks_str){json_object_get_string(v), (size_t)json_object_get_string_len(v)};
                    nh++;
                }
            }
            const char *b = json_object_object_get_ex(resp, "body", &body) ? json_object_get_string(body) : "";
            eks_decoded_response out;
            eks_status st = decode_resp(status, h, nh, b, strlen(b), NULL, &out);
            if (st != EKS_OK)
                dump_diags(&out.diags);
            ck_assert_msg(st == EKS_OK, "%s: %s", id, eks_strerror(st));
            ck_assert(out.is_error);
            ck_assert_int_eq(out.error.kind, EKS_ERROR_UNMODELED);
            const char *want = json_object_get_string(code);
            ck_assert_msg(str_is(out.error.type, want), "%s: type %.*s, want %s", id, (int)out.error.type.len,
                          out.error.type.ptr, want);
            ASSERT_DIAG(&out.diags, EKS_DIAG_UNMODELED_ERROR, NULL, EKS_SEV_WARNING);
            if (json_object_object_get_ex(cs, "errorMessage", &msg))
                ASSERT_STR(out.error.message, json_object_get_string(msg));
            eks_decoded_response_free(&out);
            n++;
        }
    }
    fprintf(stderr, "response: %d Smithy restJson1 error vectors decoded\n", n);
    ck_assert_int_ge(n, 12);
    json_object_put(suites);
}
END_TEST

START_TEST(resp_api_misuse)
{
    eks_decoded_response out;
    ck_assert_int_eq(eks_disassociate_idp_response_decode(NULL, NULL, &out), EKS_ERR_INVALID_ARGUMENT);
    eks_decoded_response_free(&out);
    eks_http_response r = {200, NULL, 0, EKS_STR_LIT("{}")};
    ck_assert_int_eq(eks_disassociate_idp_response_decode(&r, NULL, NULL), EKS_ERR_INVALID_ARGUMENT);
    eks_decoded_response_free(NULL);
    /* A status outside 100..599 is not HTTP. */
    r.status = 42;
    ck_assert_int_eq(eks_disassociate_idp_response_decode(&r, NULL, &out), EKS_ERR_VALIDATION_FAILED);
    ASSERT_DIAG(&out.diags, EKS_DIAG_HTTP_MALFORMED, NULL, EKS_SEV_ERROR);
    eks_decoded_response_free(&out);
}
END_TEST

/* A NULL header array with a header_count is refused (the decoders read it at address 0
 * looking for x-amzn-RequestId). */
START_TEST(resp_null_headers_with_count)
{
    eks_decoded_response out;
    eks_op_decoded_response oout;
    const eks_operation *op = eks_operation_find("DisassociateIdentityProviderConfig", 34);
    ck_assert_ptr_nonnull(op);
    for (int status = 200; status <= 500; status += 300) {
        eks_http_response r = {status, NULL, 2, EKS_STR_LIT("{}")};
        ck_assert_int_eq(eks_disassociate_idp_response_decode(&r, NULL, &out), EKS_ERR_INVALID_ARGUMENT);
        eks_decoded_response_free(&out);
        ck_assert_int_eq(eks_op_response_decode(op, &r, NULL, &oout), EKS_ERR_INVALID_ARGUMENT);
        eks_op_decoded_response_free(&oout);
    }
}
END_TEST

/* A failed encode into a reused output leaves no view of the previous response: its status
 * 200 and three headers stayed, passing for the refused one. */
START_TEST(enc_failure_leaves_no_views)
{
    eks_encoded_response out = {0};
    eks_disassociate_idp_output o;
    memset(&o, 0, sizeof o);
    eks_api_error err;
    memset(&err, 0, sizeof err);
    err.kind = EKS_ERROR_UNMODELED;
    err.type = EKS_STR_LIT("Boom");
    for (int k = 0; k < 2; k++) {
        ck_assert_int_eq(eks_disassociate_idp_response_encode(&o, EKS_STR_LIT("rid-1"), &out, NULL), EKS_OK);
        ck_assert_uint_eq(out.http.header_count, 3);
        eks_str bad = EKS_STR_LIT("bad\r\nX-Injected: 1");
        eks_status st = k == 0 ? eks_disassociate_idp_response_encode(&o, bad, &out, NULL)
                               : eks_disassociate_idp_error_encode(&err, 500, bad, &out, NULL);
        ck_assert_int_eq(st, EKS_ERR_VALIDATION_FAILED);
        ck_assert_int_eq(out.http.status, 0);
        ck_assert_uint_eq(out.http.header_count, 0);
        ck_assert_ptr_null(out.http.body.ptr);
        ck_assert_uint_eq(out.http.body.len, 0);
    }
    /* a refused argument is a failed encode too (it left status 200 and three headers) */
    for (int k = 0; k < 2; k++) {
        ck_assert_int_eq(eks_disassociate_idp_response_encode(&o, EKS_STR_LIT("rid-1"), &out, NULL), EKS_OK);
        eks_status st = k == 0 ? eks_disassociate_idp_response_encode(NULL, EKS_STR_LIT("rid-2"), &out, NULL)
                               : eks_disassociate_idp_error_encode(NULL, 500, EKS_STR_LIT("rid-2"), &out, NULL);
        ck_assert_int_eq(st, EKS_ERR_INVALID_ARGUMENT);
        ck_assert_int_eq(out.http.status, 0);
        ck_assert_uint_eq(out.http.header_count, 0);
        ck_assert_ptr_null(out.http.body.ptr);
    }
    eks_encoded_response_free(&out);
}
END_TEST

/* A body view (NULL, n) is absent on the error path as on the success path (it read the
 * NULL pointer's bytes, looking for the first non-blank one). */
START_TEST(resp_absent_body_with_length)
{
    eks_decoded_response out, empty;
    for (int status = 200; status <= 500; status += 300) {
        eks_http_response r = {status, NULL, 0, {NULL, 10}}, e = {status, NULL, 0, EKS_STR_LIT("")};
        ck_assert_int_eq(eks_disassociate_idp_response_decode(&r, NULL, &out),
                         eks_disassociate_idp_response_decode(&e, NULL, &empty));
        ASSERT_DIAG(&out.diags, EKS_DIAG_EMPTY_BODY, NULL, EKS_SEV_WARNING);
        ck_assert_uint_eq(out.diags.codes_seen, empty.diags.codes_seen);
        eks_decoded_response_free(&out);
        eks_decoded_response_free(&empty);
    }
}
END_TEST

/* ---- fixed regressions (once known failures; the fixed_regressions case of test_response) - */

/* A JSON number has no length limit (RFC 8259 §6); a 600-digit fraction of a valid time is
 * that time: strtod of the same text. */
START_TEST(known_created_at_long_number)
{
    char body[1200];
    int o = snprintf(body, sizeof body, "{\"update\":{\"createdAt\":1700000000.");
    for (int i = 0; i < 600; i++)
        body[o++] = '0';
    o += snprintf(body + o, sizeof body - (size_t)o, "1}}");
    const char *num = strchr(body, ':');
    num = strchr(num + 1, ':') + 1;
    double want = strtod(num, NULL);
    eks_decoded_response out;
    eks_status st = decode_body(body, NULL, &out);
    if (st != EKS_OK)
        dump_diags(&out.diags);
    ck_assert_int_eq(st, EKS_OK);
    ck_assert(out.output.update.created_at.present);
    ck_assert(out.output.update.created_at.epoch_seconds == want);
    eks_decoded_response_free(&out);
}
END_TEST

/* RFC 9110 §5.5: a field value excludes leading and trailing whitespace, so a header of only
 * spaces is empty and names no type; the body "code" does. */
START_TEST(known_whitespace_only_type_header)
{
    eks_header h[] = {HDR("x-amzn-errortype", "  ")};
    expect_error(400, h, 1, "{\"code\":\"ClientException\"}", EKS_OK, "ClientException", EKS_ERROR_TYPE_BODY_CODE,
                 EKS_ERROR_CLIENT_EXCEPTION, NULL);
}
END_TEST

/* ---- enum values ---------------------------------------------------------------------------- */

/* Decodes {"update":{"<member>":<json>}} and returns the member's enum field (raw and value). */
static void decode_update_enum(const char *member, const char *json, eks_decoded_response *out)
{
    char body[512];
    snprintf(body, sizeof body, "{\"update\":{\"%s\":%s}}", member, json);
    ck_assert_int_eq(decode_body(body, NULL, out), EKS_OK);
}

/* The constant the model gives the n bytes at s among the values of the model's enum
 * `vals` (1-based, in the model's order), or 0: the oracle, a plain search of the model. */
static int model_enum_index(json_object *vals, const char *s, size_t n)
{
    for (size_t i = 0; i < json_object_array_length(vals); i++) {
        const char *v = json_object_get_string(json_object_array_get_idx(vals, i));
        if (strlen(v) == n && memcmp(v, s, n) == 0)
            return (int)i + 1;
    }
    return 0;
}

/* One wire string (plain, no escapes needed) for UpdateStatus and UpdateType: known exactly
 * when the model lists it, its raw bytes kept either way, an unknown one reported. */
static void check_enum_string(json_object *status_vals, json_object *type_vals, const char *s, size_t n)
{
    char json[200];
    ck_assert_uint_lt(n, sizeof json - 3);
    json[0] = '"';
    memcpy(json + 1, s, n);
    json[n + 1] = '"';
    json[n + 2] = '\0';
    for (int which = 0; which < 2; which++) {
        eks_decoded_response out;
        decode_update_enum(which ? "type" : "status", json, &out);
        const eks_update *u = &out.output.update;
        int value = which ? (int)u->type.value : (int)u->status.value;
        eks_str raw = which ? u->type.raw : u->status.raw;
        int want = model_enum_index(which ? type_vals : status_vals, s, n);
        int count = (int)json_object_array_length(which ? type_vals : status_vals);
        ck_assert_msg(value == (want ? want : count + 1), "\"%.*s\" as %s: %d, want %d", (int)n, s,
                      which ? "type" : "status", value, want ? want : count + 1);
        ck_assert(raw.ptr && raw.len == n && memcmp(raw.ptr, s, n) == 0);
        ck_assert_uint_eq(out.diags.count, want ? 0 : 1);
        if (!want)
            ck_assert_int_eq(out.diags.items[0].code, EKS_DIAG_UNKNOWN_ENUM_VALUE);
        eks_decoded_response_free(&out);
    }
}

/* Every model value of two enums, and near misses of each: every prefix, the value with a
 * byte appended, each byte changed (same length, other bytes), upper and lower case, the
 * value doubled, and values of the other enum. The decoder finds a value from a hash and
 * one compare, and from the closing quote when the string has no escapes: a compare that
 * skips bytes, a length check left out or a table slot naming the wrong value shows here. */
START_TEST(enum_known_and_near_miss_values)
{
    json_object *model = load_model();
    if (!model) {
        ts_skip("enum_known_and_near_miss_values", "the official model is not there");
        return;
    }
    json_object *status_vals, *type_vals;
    ck_assert(json_object_object_get_ex(model_shape(model, "UpdateStatus"), "enum", &status_vals));
    ck_assert(json_object_object_get_ex(model_shape(model, "UpdateType"), "enum", &type_vals));
    json_object *both[2] = {status_vals, type_vals};
    for (int e = 0; e < 2; e++) {
        for (size_t i = 0; i < json_object_array_length(both[e]); i++) {
            const char *v = json_object_get_string(json_object_array_get_idx(both[e], i));
            size_t n = strlen(v);
            char buf[160];
            check_enum_string(status_vals, type_vals, v, n);
            for (size_t k = 0; k < n; k++)
                check_enum_string(status_vals, type_vals, v, k); /* prefixes, the empty one too */
            memcpy(buf, v, n);
            buf[n] = 'x';
            check_enum_string(status_vals, type_vals, buf, n + 1);
            for (size_t k = 0; k < n; k++) {
                memcpy(buf, v, n);
                buf[k] = buf[k] == 'Z' ? 'Y' : 'Z';
                check_enum_string(status_vals, type_vals, buf, n);
                memcpy(buf, v, n);
                buf[k] ^= 0x20; /* the other case, or another punctuation byte */
                check_enum_string(status_vals, type_vals, buf, n);
            }
            memcpy(buf, v, n);
            memcpy(buf + n, v, n);
            check_enum_string(status_vals, type_vals, buf, 2 * n);
            check_enum_string(status_vals, type_vals, buf + 1, n); /* a suffix with one more byte */
        }
    }
    json_object_put(model);
}
END_TEST

/* A known value sent with escapes, or with bytes around it that the quote search must not
 * take for the value: decoded as its JSON string, known or not by that string alone. */
START_TEST(enum_escaped_and_odd_strings)
{
    static const struct {
        const char *json;
        int value;          /* EKS_UPDATE_STATUS_..., or 0: unknown */
        const char *raw;    /* the decoded string */
        size_t raw_len;
    } cases[] = {
        {"\"\\u0049nProgress\"", EKS_UPDATE_STATUS_IN_PROGRESS, "InProgress", 10},
        {"\"InProgres\\u0073\"", EKS_UPDATE_STATUS_IN_PROGRESS, "InProgress", 10},
        {"\"In\\\"Progress\"", 0, "In\"Progress", 11},
        {"\"InProgress\\\"\"", 0, "InProgress\"", 11},
        {"\"Failed\\n\"", 0, "Failed\n", 7},
        {"\"Failed\\u0000\"", 0, "Failed\0", 7},
        {"\"F\xC3\xA9iled\"", 0, "F\xC3\xA9iled", 7},
        {"\"Faile\xC3\xA9\"", 0, "Faile\xC3\xA9", 7},
        {"\"\"", 0, "", 0},
        {"\"Failed \"", 0, "Failed ", 7},
        {"\" Failed\"", 0, " Failed", 7},
        {"\"Cancelled\"", EKS_UPDATE_STATUS_CANCELLED, "Cancelled", 9},
        {"\"Successful\"", EKS_UPDATE_STATUS_SUCCESSFUL, "Successful", 10},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        eks_decoded_response out;
        decode_update_enum("status", cases[i].json, &out);
        const eks_update *u = &out.output.update;
        int want = cases[i].value ? cases[i].value : 5; /* UpdateStatus has four values */
        ck_assert_msg((int)u->status.value == want, "%s: %d, want %d", cases[i].json, (int)u->status.value,
                      want);
        ck_assert_uint_eq(u->status.raw.len, cases[i].raw_len);
        ck_assert(memcmp(u->status.raw.ptr, cases[i].raw, cases[i].raw_len) == 0);
        ck_assert_uint_eq(out.diags.count, cases[i].value ? 0 : 1);
        eks_decoded_response_free(&out);
    }
    /* The value among the body's last bytes and after other members: the same constants. */
    static const char *const tails[] = {"{\"update\":{\"status\":\"Failed\"}}",
                                        "{\"update\":{\"errors\":[],\"status\":\"Successful\"}}"};
    for (size_t i = 0; i < 2; i++) {
        eks_decoded_response out;
        ck_assert_int_eq(decode_body(tails[i], NULL, &out), EKS_OK);
        ck_assert_uint_eq(out.diags.count, 0);
        ck_assert_int_eq(out.output.update.status.value, i ? EKS_UPDATE_STATUS_SUCCESSFUL : EKS_UPDATE_STATUS_FAILED);
        eks_decoded_response_free(&out);
    }
}
END_TEST

/* Every enum of the library's tables, as decode_enum relies on them: each value plain ASCII
 * (no quote, backslash, control or non-ASCII byte, so a value found before the first quote
 * is the whole JSON string), and, where the enum has a perfect hash, each value alone in its
 * slot and found there by eks_enum_lookup (a slot table out of step with the hash, or two
 * values sharing a slot, shows here). The expected constants are the values' own positions. */
START_TEST(enum_tables_plain_and_collision_free)
{
    size_t enums = 0;
    for (int id = 0; id < EKS_SHAPE_COUNT_; id++) {
        const eks_shape_desc *sd = &eks_shapes[id];
        if (sd->kind != EKS_KIND_ENUM)
            continue;
        const eks_enum_desc *e = sd->enum_desc;
        enums++;
        for (int i = 0; i < e->count; i++) {
            const char *v = e->values[i];
            ck_assert_uint_eq(e->lengths[i], strlen(v));
            ck_assert_uint_gt(e->lengths[i], 0);
            for (size_t k = 0; k < e->lengths[i]; k++) {
                unsigned char c = (unsigned char)v[k];
                ck_assert_msg(c >= 0x20 && c < 0x80 && c != '"' && c != '\\', "%s value %s is not plain", e->name, v);
            }
            if (e->hash)
                ck_assert_msg(e->hash->slots[eks_name_hash_slot(e->hash, v, e->lengths[i])] == i + 1,
                              "%s value %s is not alone in its slot", e->name, v);
            ck_assert_int_eq(eks_enum_lookup(e, v, e->lengths[i]), i + 1);
        }
    }
    ck_assert_uint_gt(enums, 10);
}
END_TEST

/* ---- the scanner a caller chose ------------------------------------------------------------ */

/* The _reusing decodes (what the exchange checks call for every record) run the JSON scanner
 * their caller chose once, not one they choose again: a scanner that counts its calls (and
 * answers as the scalar kernel, which scans by the same rule as every other) must be called
 * by a request's, a success response's and an error response's decode, each of which has a
 * string longer than the eight bytes the reader checks before it calls the scanner. */
static size_t scan_calls;

static size_t counting_scan(const unsigned char *b, size_t pos, size_t end)
{
    scan_calls++;
    return eks_json_scan_get(EKS_JSON_KERNEL_SCALAR)(b, pos, end);
}

START_TEST(reusing_decodes_run_the_callers_scanner)
{
    const eks_operation *op = eks_operation_find("DisassociateIdentityProviderConfig", 34);
    ck_assert_ptr_nonnull(op);
    eks_decode_options opts;
    eks_limits limits;
    eks_decode_options_resolve(NULL, &opts, &limits);
    const eks_json_scanner scanner = {counting_scan, EKS_JSON_KERNEL_SCALAR};

    scan_calls = 0;
    eks_http_response ok = {200, NULL, 0, {FULL_BODY, strlen(FULL_BODY)}};
    eks_op_decoded_response resp;
    ck_assert_int_eq(eks_op_response_decode_reusing(op, &ok, &opts, &scanner, &resp, NULL), EKS_OK);
    ck_assert_uint_eq(resp.diags.count, 0);
    ck_assert_uint_gt(scan_calls, 0);
    const eks_disassociate_identity_provider_config_response *o = resp.output;
    ASSERT_STR(o->update.id, "b5f0ba18-9a87-4450-b5a0-825e6e84496f");
    eks_op_decoded_response_free(&resp);

    scan_calls = 0;
    static const char err_body[] = "{\"message\":\"the cluster named in the request was not found\"}";
    eks_header h[] = {{EKS_STR_LIT("X-Amzn-ErrorType"), EKS_STR_LIT("ResourceNotFoundException")}};
    eks_http_response err = {404, h, 1, {err_body, strlen(err_body)}};
    ck_assert_int_eq(eks_op_response_decode_reusing(op, &err, &opts, &scanner, &resp, NULL), EKS_OK);
    ck_assert(resp.is_error);
    ASSERT_STR(resp.error.message, "the cluster named in the request was not found");
    ck_assert_uint_gt(scan_calls, 0);
    eks_op_decoded_response_free(&resp);

    scan_calls = 0;
    static const char req_body[] = "{\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"a-long-provider-name\"}}";
    eks_http_request req = {EKS_STR_LIT("POST"), EKS_STR_LIT("/clusters/c1/identity-provider-configs/disassociate"),
                            EKS_STR_ABSENT, NULL, 0, {req_body, strlen(req_body)}};
    eks_op_decoded_request dreq;
    ck_assert_int_eq(eks_op_request_decode_reusing(op, &req, NULL, &opts, &scanner, &dreq, NULL), EKS_OK);
    ck_assert_uint_gt(scan_calls, 0);
    eks_op_decoded_request_free(&dreq);
}
END_TEST

static Suite *response_suite(void)
{
    Suite *s = suite_create("response");
    TCase *ok = tcase_create("success");
    tcase_add_test(ok, resp_full_update);
    tcase_add_test(ok, reusing_decodes_run_the_callers_scanner);
    tcase_add_test(ok, enum_known_and_near_miss_values);
    tcase_add_test(ok, enum_escaped_and_odd_strings);
    tcase_add_test(ok, enum_tables_plain_and_collision_free);
    tcase_add_test(ok, resp_keys_any_order_and_spelling);
    tcase_add_test(ok, resp_created_at_precision);
    tcase_add_test(ok, resp_created_at_invalid);
    tcase_add_test(ok, resp_null_is_absent);
    tcase_add_test(ok, resp_unknown_members);
    tcase_add_test(ok, resp_unknown_enums);
    tcase_add_test(ok, resp_every_model_enum_value);
    tcase_add_test(ok, resp_wrong_container_types);
    tcase_add_test(ok, resp_null_list_element_dropped_with_warning);
    tcase_add_test(ok, resp_list_item_paths_count_dropped_nulls);
    tcase_add_test(ok, resp_enum_with_embedded_nul_is_unknown);
    tcase_add_test(ok, resp_large_params_list);
    tcase_add_test(ok, resp_invalid_json);
    tcase_add_test(ok, resp_empty_and_non_json_bodies);
    tcase_add_test(ok, resp_api_misuse);
    tcase_add_test(ok, resp_absent_body_with_length);
    tcase_add_test(ok, resp_null_headers_with_count);
    suite_add_tcase(s, ok);
    TCase *er = tcase_create("errors");
    tcase_add_test(er, err_modeled_exceptions);
    tcase_add_test(er, err_type_sources);
    tcase_add_test(er, err_unmodeled);
    tcase_add_test(er, err_of_the_service_not_listed);
    tcase_add_test(er, err_type_sanitize);
    tcase_add_test(er, err_smithy_protocol_vectors);
    tcase_add_test(er, enc_failure_leaves_no_views);
    suite_add_tcase(s, er);

    TCase *k = tcase_create("fixed_regressions");
    tcase_add_test(k, known_created_at_long_number);
    tcase_add_test(k, known_whitespace_only_type_header);
    suite_add_tcase(s, k);

    return s;
}

int main(void)
{
    return ts_run_suite(response_suite());
}
