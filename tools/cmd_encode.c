/* ekscodec encode: boto-style parameters -> HTTP request (DESIGN §3). */
#include "cli_args.h"
#include "cli_common.h"
#include "cli_http_out.h"
#include "ekscodec/codec.h"
#include "ekscodec/endpoint.h"
#include "ekscodec/op_codec.h"

#include <stdlib.h>
#include <string.h>

#ifdef EKSCODEC_CLI_HAVE_SIGN
#include "cli_sign.h"
#endif

int cmd_encode(int argc, char **argv);

static void encode_usage(FILE *f)
{
    fputs("usage: ekscodec encode [--operation NAME] [--region R] [--fips] [--dualstack] [--endpoint-url URL]\n"
          "                       [--time T] [--unsigned] [--presign SECONDS]\n"
          "                       [--format http|json] [--strict] [--] [FILE|-]\n"
          "NAME: DescribeCluster, describe_cluster or describe-cluster (`ekscodec operations` lists\n"
          "them); default DisassociateIdentityProviderConfig.\n"
          "Input: boto3-style parameters, e.g. for the default operation\n"
          "{\"clusterName\":\"prod\",\"identityProviderConfig\":{\"type\":\"oidc\",\"name\":\"okta\"}}\n"
          "T: the signing time, 20261128T010203Z (UTC) or seconds since the epoch; default now.\n"
          "Credentials for signing: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN.\n", f);
}

int cmd_encode(int argc, char **argv)
{
    cli_args a = {.argc = argc, .argv = argv};
    const char *region_flag = NULL, *endpoint_url = NULL, *format = "http", *time_arg = NULL;
    const char *presign = NULL, *op_name = NULL;
    bool fips = false, dualstack = false, unsigned_req = false, strict = false;
    for (a.i = 1; a.i < argc && !a.error; a.i++) {
        if (cli_take_operand(&a))
            continue;
        if (cli_opt(&a, "--region", true)) region_flag = a.value;
        else if (cli_opt(&a, "--operation", true)) op_name = a.value;
        else if (cli_opt(&a, "--endpoint-url", true)) endpoint_url = a.value;
        else if (cli_opt(&a, "--format", true)) format = a.value;
        else if (cli_opt(&a, "--time", true)) time_arg = a.value;
        else if (cli_opt(&a, "--presign", true)) presign = a.value;
        else if (cli_opt(&a, "--fips", false)) fips = true;
        else if (cli_opt(&a, "--dualstack", false)) dualstack = true;
        else if (cli_opt(&a, "--unsigned", false)) unsigned_req = true;
        else if (cli_opt(&a, "--strict", false)) strict = true;
        else if (cli_opt(&a, "--help", false)) { encode_usage(stdout); return EXIT_VALID; }
        else if (argv[a.i][0] == '-' && argv[a.i][1] != '\0') {
            char shown_opt[CLI_SHOWN_MAX];
            fprintf(stderr, "ekscodec encode: unknown option %s\n", cli_shown(argv[a.i], shown_opt, sizeof shown_opt));
            encode_usage(stderr);
            return EXIT_USAGE;
        } else {
            a.positional = argv[a.i];
            a.positional_count++;
        }
    }
    const char *refused = a.error ? NULL : cli_refusal(&a, format, "http", "json");
    if (a.error || refused) {
        if (refused)
            fprintf(stderr, "ekscodec encode: %s\n", refused);
        encode_usage(stderr);
        return EXIT_USAGE;
    }
    const eks_operation *op = cli_operation(op_name, "encode");
    if (!op)
        return EXIT_USAGE;
    if (unsigned_req && presign) {
        fprintf(stderr, "ekscodec encode: --presign signs the request, --unsigned does not: give one of them\n");
        return EXIT_USAGE;
    }
#ifdef EKSCODEC_CLI_HAVE_SIGN
    /* checked even when --unsigned leaves it unused: a malformed number is a usage error */
    int64_t when;
    if (unsigned_req && time_arg && !cli_parse_time(time_arg, &when))
        return EXIT_USAGE;
#endif
#ifndef EKSCODEC_CLI_HAVE_SIGN
    (void)time_arg;
    if (!unsigned_req || presign) {
        fprintf(stderr, "ekscodec encode: this build has no SigV4 signer; use --unsigned\n");
        return EXIT_USAGE;
    }
#endif
    int rc = EXIT_USAGE;
    eks_buf input = {0};
    eks_op_decoded_request params = {0};
    eks_encoded_request enc = {0};
    eks_diags diags;
    eks_diags_init(&diags);
    json_object *json = NULL;
#ifdef EKSCODEC_CLI_HAVE_SIGN
    cli_signed sig = {0};
#endif
    if (!cli_read_input(a.positional, &input))
        goto out;

    eks_decode_options dopt = {.strict = strict};
    eks_status st = eks_op_request_from_params(op, input.ptr, input.len, &dopt, &params);
    if (st != EKS_OK) {
        fprintf(stderr, "ekscodec encode: invalid parameters (%s)\n", eks_strerror(st));
        cli_print_diags_text(stderr, &params.diags);
        rc = EXIT_INVALID;
        goto out;
    }
    cli_print_diags_text(stderr, &params.diags); /* warnings */

    const char *region = cli_region(region_flag);
    if (endpoint_url && strpbrk(endpoint_url, "?#")) {
        /* the request's own query follows the path; a base URL has none (it reached the
         * encoder and came back as an internal "no usable endpoint", exit 1) */
        char shown[CLI_SHOWN_MAX];
        fprintf(stderr, "ekscodec encode: --endpoint-url %s: a base URL has no query or fragment\n",
                cli_shown(endpoint_url, shown, sizeof shown));
        goto out;
    }
    eks_endpoint ep;
    eks_endpoint_params epp = {.region = eks_str_from_cstr(region), .use_fips = fips,
                               .use_dualstack = dualstack, .endpoint_url = eks_str_from_cstr(endpoint_url)};
    char err[256];
    st = eks_endpoint_resolve(&epp, &ep, err, sizeof err);
    if (st != EKS_OK) {
        fprintf(stderr, "ekscodec encode: no endpoint: %s%s\n", err,
                region || endpoint_url ? "" : " (set --region, AWS_REGION or AWS_DEFAULT_REGION)");
        goto out;
    }
    eks_request_options ropt = {.endpoint = &ep, .strict = strict};
    st = eks_op_request_encode(op, params.value, &ropt, &enc, &diags);
    /* Only what the parameters' decode did not already say (an unknown enum value is seen
     * by both steps). */
    eks_diags fresh;
    eks_diags_init(&fresh);
    eks_diags_append_new(&fresh, &params.diags);
    size_t already = fresh.count;
    eks_diags_append_new(&fresh, &diags);
    if (st != EKS_OK)
        fprintf(stderr, "ekscodec encode: %s\n", eks_strerror(st));
    for (size_t i = already; i < fresh.count; i++)
        cli_print_diag_text(stderr, &fresh.items[i]);
    eks_diags_free(&fresh);
    if (st != EKS_OK) {
        rc = st == EKS_ERR_VALIDATION_FAILED ? EXIT_INVALID : EXIT_USAGE;
        goto out;
    }

    const eks_http_request *req = &enc.http;
    eks_str query = EKS_STR_ABSENT;
#ifdef EKSCODEC_CLI_HAVE_SIGN
    if (!unsigned_req) {
        const char *signing_region = ep.signing_region[0] ? ep.signing_region : region;
        /* Like botocore: every header but the framing one (Content-Length, last) is signed. */
        size_t signed_count = enc.http.header_count > 2 ? 2 : enc.http.header_count;
        if (!cli_sign_request(&enc.http, signed_count, signing_region, eks_service_signing_name(), time_arg,
                              presign, &sig)) {
            rc = EXIT_USAGE;
            goto out;
        }
        req = &sig.request;
        query = sig.request.query;
    }
#endif
    (void)query;
    if (strcmp(format, "http") == 0) {
        cli_print_http_request(req, EKS_STR_ABSENT, false, NULL, 0);
    } else {
        /* the endpoint's scheme: an --endpoint-url may be http:// (a local endpoint) */
        const char *sep = strstr(ep.url, "://");
        json = cli_request_json(req, enc.host, sep ? (eks_str){ep.url, (size_t)(sep - ep.url)} : EKS_STR_ABSENT);
#ifdef EKSCODEC_CLI_HAVE_SIGN
        if (!unsigned_req)
            cli_sign_add_json(&sig, json);
#endif
        cli_print_json(stdout, json);
    }
    rc = EXIT_VALID;
out:
#ifdef EKSCODEC_CLI_HAVE_SIGN
    cli_signed_free(&sig);
#endif
    json_object_put(json);
    eks_diags_free(&diags);
    eks_encoded_request_free(&enc);
    eks_op_decoded_request_free(&params);
    eks_buf_free(&input);
    return rc;
}
