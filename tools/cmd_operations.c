/* ekscodec operations: every operation of the service, as the generated tables hold it. */
#include "cli_args.h"
#include "cli_common.h"
#include "ekscodec/operation.h"

#include <string.h>

int cmd_operations(int argc, char **argv);

static void operations_usage(FILE *f)
{
    fputs("usage: ekscodec operations [--format text|json]\n"
          "Lists the service's operations: name, HTTP method, request URI template and success\n"
          "status (text: one aligned line each; json: also boto3's and the AWS CLI's names).\n", f);
}

static void print_text(void)
{
    size_t n = eks_operation_count();
    int wname = 0, wmethod = 0, wuri = 0;
    for (size_t i = 0; i < n; i++) {
        const eks_operation *op = eks_operation_at(i);
        int a = (int)strlen(eks_operation_name(op)), b = (int)strlen(eks_operation_method(op)),
            c = (int)strlen(eks_operation_request_uri(op));
        wname = a > wname ? a : wname;
        wmethod = b > wmethod ? b : wmethod;
        wuri = c > wuri ? c : wuri;
    }
    for (size_t i = 0; i < n; i++) {
        const eks_operation *op = eks_operation_at(i);
        printf("%-*s  %-*s  %-*s  %d\n", wname, eks_operation_name(op), wmethod, eks_operation_method(op), wuri,
               eks_operation_request_uri(op), eks_operation_success_code(op));
    }
}

static json_object *operations_json(void)
{
    json_object *root = json_object_new_object(), *arr = json_object_new_array();
    size_t n = eks_operation_count();
    for (size_t i = 0; i < n; i++) {
        const eks_operation *op = eks_operation_at(i);
        json_object *o = json_object_new_object();
        json_object_object_add(o, "name", json_object_new_string(eks_operation_name(op)));
        json_object_object_add(o, "boto3", json_object_new_string(eks_operation_snake_name(op)));
        json_object_object_add(o, "cli", json_object_new_string(eks_operation_cli_name(op)));
        json_object_object_add(o, "method", json_object_new_string(eks_operation_method(op)));
        json_object_object_add(o, "uri", json_object_new_string(eks_operation_request_uri(op)));
        json_object_object_add(o, "successCode", json_object_new_int(eks_operation_success_code(op)));
        json_object_array_add(arr, o);
    }
    json_object_object_add(root, "operations", arr);
    json_object_object_add(root, "count", json_object_new_int64((int64_t)n));
    return root;
}

int cmd_operations(int argc, char **argv)
{
    cli_args a = {.argc = argc, .argv = argv};
    const char *format = "text";
    for (a.i = 1; a.i < argc && !a.error; a.i++) {
        if (cli_opt(&a, "--format", true)) format = a.value;
        else if (cli_opt(&a, "--help", false)) { operations_usage(stdout); return EXIT_VALID; }
        else {
            char shown_arg[CLI_SHOWN_MAX];
            fprintf(stderr, "ekscodec operations: unexpected argument %s\n",
                    cli_shown(argv[a.i], shown_arg, sizeof shown_arg));
            operations_usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (a.error || (strcmp(format, "text") && strcmp(format, "json"))) {
        operations_usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(format, "text") == 0) {
        print_text();
    } else {
        json_object *j = operations_json();
        cli_print_json(stdout, j);
        json_object_put(j);
    }
    return EXIT_VALID; /* main() reports output that could not be written */
}
