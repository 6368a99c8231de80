/* ekscodec decode: a response (body, or a whole HTTP/1.1 response) -> botocore-shaped JSON. */
#include "cli_args.h"
#include "cli_common.h"
#include "ekscodec/codec.h"
#include "ekscodec/op_json.h"
#ifdef EKSCODEC_CLI_HAVE_HTTP_PARSE
#include "ekscodec/http_parse.h"
#endif

#include <stdlib.h>
#include <string.h>

int cmd_decode(int argc, char **argv);

#define MAX_CLI_HEADERS 64

static void decode_usage(FILE *f)
{
    fputs("usage: ekscodec decode [--operation NAME] [--status CODE] [--header \"Name: value\"]... [--strict]\n"
          "                       [--format json|text] [--] [FILE|-]\n"
          "Input: the response body, or a whole HTTP/1.1 response when --status is not given\n"
          "and the input starts with HTTP/. Without --status a bare body is taken as HTTP 200.\n", f);
}

static bool parse_header_arg(const char *arg, eks_header *h)
{
    const char *colon = strchr(arg, ':');
    if (!colon || colon == arg)
        return false;
    const char *v = colon + 1;
    while (*v == ' ' || *v == '\t')
        v++;
    size_t vlen = strlen(v);
    while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
        vlen--;
    h->name = (eks_str){arg, (size_t)(colon - arg)};
    h->value = (eks_str){v, vlen};
    return true;
}

/* NULL, having said why, when the decoded value has no JSON view (a map key holding U+0000,
 * which json-c cannot carry; memory): printing what is left would drop values silently. */
static json_object *response_json(const eks_op_decoded_response *r)
{
    json_object *root = NULL;
    eks_status st = eks_op_response_to_json(r, &root);
    if (st != EKS_OK || !root) {
        fprintf(stderr, "ekscodec decode: the decoded response has no JSON view: %s%s\n", eks_strerror(st),
                st == EKS_ERR_MALFORMED_INPUT ? " (a map key holds U+0000)" : "");
        return NULL;
    }
    json_object_object_add(root, "diagnostics", cli_diags_to_json(&r->diags));
    return root;
}

static void print_text(const eks_op_decoded_response *r, json_object *json)
{
    /* what the response says is shown as text for a terminal (cli_put_terminal_text) */
    printf("HTTP %d", r->http_status);
    if (r->request_id.ptr) {
        fputs("  request-id ", stdout);
        cli_put_terminal_text(stdout, r->request_id.ptr, r->request_id.len);
    }
    printf("\n");
    if (r->is_error) {
        fputs("error  ", stdout);
        if (r->error.type.ptr)
            cli_put_terminal_text(stdout, r->error.type.ptr, r->error.type.len);
        printf("%s\n", r->error.kind == EKS_ERROR_UNMODELED                      ? " (unmodeled)"
                        : eks_operation_has_error(r->op, r->error.kind) ? ""
                                                                        : " (not listed by the operation)");
        if (r->error.message.ptr) {
            fputs("message  ", stdout);
            cli_put_terminal_text(stdout, r->error.message.ptr, r->error.message.len);
            fputc('\n', stdout);
        }
    } else {
        /* One line per output member the response carried. */
        bool any = false;
        json_object_object_foreach(json, key, val) {
            if (strcmp(key, "ResponseMetadata") == 0 || strcmp(key, "diagnostics") == 0)
                continue;
            const char *v = json_object_to_json_string_ext(val, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
            printf("%s  ", key);
            /* pretty JSON: its newlines are layout, every other control is escaped already */
            for (const char *line = v, *nl; *line; line = nl + 1) {
                nl = strchr(line, '\n');
                cli_put_terminal_text(stdout, line, nl ? (size_t)(nl - line) : strlen(line));
                if (!nl)
                    break;
                fputc('\n', stdout);
            }
            fputc('\n', stdout);
            any = true;
        }
        if (!any)
            printf("output  (empty)\n");
    }
    size_t errors = r->diags.errors, warnings = r->diags.warnings;
    printf("%s: %zu error%s, %zu warning%s\n", errors ? "INVALID" : "valid", errors,
           errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
    cli_print_diags_text(stdout, &r->diags);
}

int cmd_decode(int argc, char **argv)
{
    cli_args a = {.argc = argc, .argv = argv};
    const char *format = "json", *status_arg = NULL, *op_name = NULL;
    bool strict = false;
    eks_header headers[MAX_CLI_HEADERS];
    size_t header_count = 0;
    for (a.i = 1; a.i < argc && !a.error; a.i++) {
        if (cli_take_operand(&a))
            continue;
        if (cli_opt(&a, "--status", true)) status_arg = a.value;
        else if (cli_opt(&a, "--operation", true)) op_name = a.value;
        else if (cli_opt(&a, "--format", true)) format = a.value;
        else if (cli_opt(&a, "--strict", false)) strict = true;
        else if (cli_opt(&a, "--header", true)) {
            if (a.error)
                break;
            if (header_count == MAX_CLI_HEADERS || !parse_header_arg(a.value, &headers[header_count])) {
                char shown[CLI_SHOWN_MAX];
                fprintf(stderr, "ekscodec decode: bad --header \"%s\" (want \"Name: value\", at most %d)\n",
                        cli_shown(a.value, shown, sizeof shown), MAX_CLI_HEADERS);
                return EXIT_USAGE;
            }
            header_count++;
        } else if (cli_opt(&a, "--help", false)) { decode_usage(stdout); return EXIT_VALID; }
        else if (argv[a.i][0] == '-' && argv[a.i][1] != '\0') {
            char shown_opt[CLI_SHOWN_MAX];
            fprintf(stderr, "ekscodec decode: unknown option %s\n", cli_shown(argv[a.i], shown_opt, sizeof shown_opt));
            decode_usage(stderr);
            return EXIT_USAGE;
        } else {
            a.positional = argv[a.i];
            a.positional_count++;
        }
    }
    const char *refused = a.error ? NULL : cli_refusal(&a, format, "json", "text");
    if (a.error || refused) {
        if (refused)
            fprintf(stderr, "ekscodec decode: %s\n", refused);
        decode_usage(stderr);
        return EXIT_USAGE;
    }
    const eks_operation *op = cli_operation(op_name, "decode");
    if (!op)
        return EXIT_USAGE;
    int status = 200;
    if (status_arg) {
        uint64_t v;
        if (!cli_parse_number(status_arg, 100, 599, &v)) {
            fprintf(stderr, "ekscodec decode: --status wants a code in 100..599\n");
            return EXIT_USAGE;
        }
        status = (int)v;
    }
    int rc = EXIT_USAGE;
    eks_buf input = {0};
    eks_op_decoded_response res = {0};
    json_object *json = NULL;
#ifdef EKSCODEC_CLI_HAVE_HTTP_PARSE
    eks_http_message parsed;
    memset(&parsed, 0, sizeof parsed);
#endif
    if (!cli_read_input(a.positional, &input))
        goto out;
    eks_http_response resp = {.status = status, .headers = headers, .header_count = header_count,
                              .body = {input.ptr, input.len}};
    if (!status_arg && input.len >= 5 && memcmp(input.ptr, "HTTP/", 5) == 0) {
#ifdef EKSCODEC_CLI_HAVE_HTTP_PARSE
        eks_http_parse_options popt = {.expect = EKS_HTTP_RESPONSE};
        /* Interim 1xx responses (100 Continue: `curl -i` of a request sent with Expect) come
         * before the final one and are skipped, as the raw HTTP capture reader skips them
         * (RFC 9110 section 15.2); 101 ends HTTP on the connection and stays the response. */
        size_t at = 0;
        for (;;) {
            eks_status pst = eks_http_parse(input.ptr + at, input.len - at, &popt, &parsed);
            if (pst != EKS_OK) {
                fprintf(stderr, "ekscodec decode: input is not a readable HTTP/1.1 response (%s)\n",
                        eks_strerror(pst));
                cli_print_diags_text(stderr, &parsed.diags);
                goto out;
            }
            int s = parsed.response.status;
            size_t next = at + parsed.consumed;
            while (next < input.len && (input.ptr[next] == '\r' || input.ptr[next] == '\n'))
                next++;
            if (s / 100 != 1 || s == 101 || next == input.len)
                break; /* the final response, or an interim one with nothing after it */
            at += parsed.consumed;
            eks_http_message_free(&parsed);
            memset(&parsed, 0, sizeof parsed);
        }
        if (!cli_nothing_after_message(input.ptr, input.len, at + parsed.consumed, "decode", "response",
                                       "its Content-Length or chunked framing ends it there, and decode "
                                       "takes one response"))
            goto out;
        resp = parsed.response;
        if (header_count) {
            fprintf(stderr, "ekscodec decode: --header applies to a bare body, not to an HTTP response\n");
            goto out;
        }
#else
        fprintf(stderr, "ekscodec decode: this build cannot parse HTTP messages; give --status and the body\n");
        goto out;
#endif
    }
    eks_decode_options opt = {.strict = strict};
    eks_status st = eks_op_response_decode(op, &resp, &opt, &res);
    if (st == EKS_ERR_OUT_OF_MEMORY || st == EKS_ERR_INVALID_ARGUMENT) {
        fprintf(stderr, "ekscodec decode: %s\n", eks_strerror(st));
        goto out;
    }
    json = response_json(&res);
    if (!json)
        goto out;
    if (strcmp(format, "json") == 0)
        cli_print_json(stdout, json);
    else
        print_text(&res, json);
    rc = res.diags.errors ? EXIT_INVALID : EXIT_VALID;
out:
#ifdef EKSCODEC_CLI_HAVE_HTTP_PARSE
    eks_http_message_free(&parsed);
#endif
    json_object_put(json);
    eks_op_decoded_response_free(&res);
    eks_buf_free(&input);
    return rc;
}
