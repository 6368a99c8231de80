/* ekscodec: command-line front end. The only part of the project that does file I/O. */
#include "cli_common.h"

#include <errno.h>
#include <string.h>

int cmd_encode(int argc, char **argv);
int cmd_decode(int argc, char **argv);
#ifdef EKSCODEC_CLI_HAVE_SIGN
int cmd_sign(int argc, char **argv);
#endif
#ifdef EKSCODEC_CLI_HAVE_VALIDATE
int cmd_validate(int argc, char **argv);
#endif
#ifdef EKSCODEC_CLI_HAVE_SERVE
int cmd_serve(int argc, char **argv);
#endif
#ifdef EKSCODEC_CLI_HAVE_OPERATIONS
int cmd_operations(int argc, char **argv);
#endif

static void usage(FILE *f)
{
    fputs("usage: ekscodec <command> [options] [FILE|-]\n"
          "       ekscodec --version | -V\n"
          "commands:\n"
          "  encode    build a request of any operation (--operation) from boto-style parameters\n"
          "  decode    decode and validate a response (body, or a whole HTTP/1.1 response)\n"
#ifdef EKSCODEC_CLI_HAVE_SIGN
          "  sign      sign any HTTP/1.1 request with SigV4\n"
#endif
#ifdef EKSCODEC_CLI_HAVE_VALIDATE
          "  validate  validate captured traffic (HAR, JSON Lines, raw HTTP)\n"
#endif
#ifdef EKSCODEC_CLI_HAVE_SERVE
          "  serve     a local EKS endpoint that verifies SigV4 and validates requests\n"
#endif
#ifdef EKSCODEC_CLI_HAVE_OPERATIONS
          "  operations  list the service's operations (name, method, URI, success status)\n"
#endif
          "run 'ekscodec <command> --help' for a command's options\n", f);
}

static int run_command(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "encode") == 0)
        return cmd_encode(argc - 1, argv + 1);
    if (strcmp(cmd, "decode") == 0)
        return cmd_decode(argc - 1, argv + 1);
#ifdef EKSCODEC_CLI_HAVE_SIGN
    if (strcmp(cmd, "sign") == 0)
        return cmd_sign(argc - 1, argv + 1);
#endif
#ifdef EKSCODEC_CLI_HAVE_VALIDATE
    if (strcmp(cmd, "validate") == 0)
        return cmd_validate(argc - 1, argv + 1);
#endif
#ifdef EKSCODEC_CLI_HAVE_SERVE
    if (strcmp(cmd, "serve") == 0)
        return cmd_serve(argc - 1, argv + 1);
#endif
#ifdef EKSCODEC_CLI_HAVE_OPERATIONS
    if (strcmp(cmd, "operations") == 0)
        return cmd_operations(argc - 1, argv + 1);
#endif
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return EXIT_VALID;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("ekscodec %s\n", eks_version());
        return EXIT_VALID;
    }
    char shown[CLI_SHOWN_MAX];
    fprintf(stderr, "ekscodec: unknown command '%s'\n", cli_shown(cmd, shown, sizeof shown));
    usage(stderr);
    return EXIT_USAGE;
}

int main(int argc, char **argv)
{
    int rc = run_command(argc, argv);
    /* Output that did not reach its file (a full disk, a closed pipe) is no success: exit 2
     * like unreadable input. A command that already said so has returned 2. */
    errno = 0;
    if (rc != EXIT_USAGE && (fflush(stdout) != 0 || ferror(stdout))) {
        fprintf(stderr, "ekscodec %s: cannot write the output: %s\n", argv[1],
                errno ? strerror(errno) : "write error");
        rc = EXIT_USAGE;
    }
    return rc;
}
