/* A tiny long-option parser: "--name value" or "--name=value", flags without values. */
#ifndef EKSCODEC_CLI_ARGS_H
#define EKSCODEC_CLI_ARGS_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

typedef struct cli_args {
    int argc;
    char **argv;
    int i;
    const char *value; /* value of the last matched option */
    const char *positional;
    int positional_count;
    bool error;
} cli_args;

/* Matches argv[i] against --name; with takes_value, consumes the value. */
static inline bool cli_opt(cli_args *a, const char *name, bool takes_value)
{
    const char *arg = a->argv[a->i];
    size_t n = strlen(name);
    if (strncmp(arg, name, n) != 0)
        return false;
    if (arg[n] == '=' && takes_value) {
        a->value = arg + n + 1;
        return true;
    }
    if (arg[n] != '\0')
        return false;
    if (takes_value) {
        if (a->i + 1 >= a->argc) {
            fprintf(stderr, "ekscodec: option %s needs a value\n", name);
            a->error = true;
            return true;
        }
        a->value = a->argv[++a->i];
    }
    return true;
}

#endif
