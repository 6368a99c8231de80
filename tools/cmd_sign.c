/* ekscodec sign: any HTTP/1.1 request (text) -> the same request signed with SigV4. */
#include "cli_args.h"
#include "cli_common.h"
#include "cli_http_out.h"
#include "cli_sign.h"
#include "ekscodec/http_parse.h"

#include <string.h>
#include <strings.h>

int cmd_sign(int argc, char **argv);

static void sign_usage(FILE *f)
{
    fputs("usage: ekscodec sign [--region R] [--service eks] [--time T]\n"
          "                     [--presign SECONDS] [--format http|json] [--] [FILE|-]\n"
          "Input: an HTTP/1.1 request (request line, headers, blank line, body).\n"
          "T: the signing time, 20261128T010203Z (UTC) or seconds since the epoch; default now.\n"
          "Credentials: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN.\n", f);
}

int cmd_sign(int argc, char **argv)
{
    cli_args a = {.argc = argc, .argv = argv};
    const char *region_flag = NULL, *service = "eks", *time_arg = NULL, *presign = NULL, *format = "http";
    for (a.i = 1; a.i < argc && !a.error; a.i++) {
        if (cli_take_operand(&a))
            continue;
        if (cli_opt(&a, "--region", true)) region_flag = a.value;
        else if (cli_opt(&a, "--service", true)) service = a.value;
        else if (cli_opt(&a, "--time", true)) time_arg = a.value;
        else if (cli_opt(&a, "--presign", true)) presign = a.value;
        else if (cli_opt(&a, "--format", true)) format = a.value;
        else if (cli_opt(&a, "--help", false)) { sign_usage(stdout); return EXIT_VALID; }
        else if (argv[a.i][0] == '-' && argv[a.i][1] != '\0') {
            char shown_opt[CLI_SHOWN_MAX];
            fprintf(stderr, "ekscodec sign: unknown option %s\n", cli_shown(argv[a.i], shown_opt, sizeof shown_opt));
            sign_usage(stderr);
            return EXIT_USAGE;
        } else {
            a.positional = argv[a.i];
            a.positional_count++;
        }
    }
    const char *refused = a.error ? NULL : cli_refusal(&a, format, "http", "json");
    if (a.error || refused) {
        if (refused)
            fprintf(stderr, "ekscodec sign: %s\n", refused);
        sign_usage(stderr);
        return EXIT_USAGE;
    }
    int rc = EXIT_USAGE;
    eks_buf input = {0};
    eks_http_message msg;
    memset(&msg, 0, sizeof msg);
    cli_signed sig;
    memset(&sig, 0, sizeof sig);
    json_object *json = NULL;
    if (!cli_read_input(a.positional, &input))
        goto out;
    eks_http_parse_options popt = {.expect = EKS_HTTP_REQUEST};
    eks_status st = eks_http_parse(input.ptr, input.len, &popt, &msg);
    /* Hand-written requests often end right after the last header line: treat the end of
     * the input as the end of the header section then. */
    for (int extra = 0; st != EKS_OK && msg.incomplete && extra < 2; extra++) {
        eks_http_message_free(&msg);
        memset(&msg, 0, sizeof msg);
        if (eks_buf_append_byte(&input, '\n') != EKS_OK)
            goto out;
        st = eks_http_parse(input.ptr, input.len, &popt, &msg);
    }
    if (st != EKS_OK) {
        fprintf(stderr, "ekscodec sign: input is not a readable HTTP/1.1 request (%s)\n", eks_strerror(st));
        cli_print_diags_text(stderr, &msg.diags);
        goto out;
    }
    /* A body without Content-Length or Transfer-Encoding is no body (RFC 9112 section 6.3):
     * the signature would cover an empty payload */
    if (!cli_nothing_after_message(input.ptr, input.len, msg.consumed, "sign", "request",
                                   "a body needs a Content-Length or Transfer-Encoding header, and sign "
                                   "takes one request"))
        goto out;
    size_t hosts = 0;
    bool empty_host = false;
    for (size_t i = 0; i < msg.request.header_count; i++)
        if (msg.request.headers[i].name.len == 4 && strncasecmp(msg.request.headers[i].name.ptr, "host", 4) == 0) {
            hosts++;
            empty_host |= msg.request.headers[i].value.len == 0;
        }
    /* RFC 9112 section 3.2: exactly one Host field line, with the authority; SigV4 signs it
     * (two were signed as "host:a,b", which no server reads them as) */
    if (hosts != 1 || empty_host) {
        fprintf(stderr, "ekscodec sign: the request needs one Host header with the host it goes to (it has %zu%s; "
                        "RFC 9112 section 3.2, and SigV4 signs it)\n",
                hosts, empty_host ? ", empty" : "");
        goto out;
    }
    if (!cli_sign_request(&msg.request, SIZE_MAX, cli_region(region_flag), service, time_arg, presign, &sig))
        goto out;
    if (strcmp(format, "http") == 0) {
        /* SigV4 signs no trailer field: they go out as they came */
        cli_print_http_request(&sig.request, msg.version, msg.framing == EKS_HTTP_FRAMING_CHUNKED, msg.trailers,
                               msg.trailer_count);
    } else {
        json = cli_request_json(&sig.request, EKS_STR_ABSENT, EKS_STR_ABSENT);
        if (msg.trailer_count)
            json_object_object_add(json, "trailers", cli_fields_json(msg.trailers, msg.trailer_count));
        cli_sign_add_json(&sig, json);
        cli_print_json(stdout, json);
    }
    rc = EXIT_VALID;
out:
    json_object_put(json);
    cli_signed_free(&sig);
    eks_http_message_free(&msg);
    eks_buf_free(&input);
    return rc;
}
