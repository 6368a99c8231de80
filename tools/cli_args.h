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
    bool operands_only; /* "--" was seen: the rest are FILEs, whatever they start with */
} cli_args;

/* Takes argv[i] as an operand when "--" came before it (POSIX utility guideline 10), or
 * consumes that "--": true when the caller has nothing more to do with argv[i]. */
static inline bool cli_take_operand(cli_args *a)
{
    if (a->operands_only) {
        a->positional = a->argv[a->i];
        a->positional_count++;
        return true;
    }
    if (strcmp(a->argv[a->i], "--") == 0) {
        a->operands_only = true;
        return true;
    }
    return false;
}

/* Why the command line is refused beyond an option's own message (a->error): more than one
 * FILE, or a --format outside the two it takes; NULL when nothing is. */
static inline const char *cli_refusal(const cli_args *a, const char *format, const char *f1, const char *f2)
{
    if (a->positional_count > 1)
        return "more than one FILE given (one FILE, or '-' for stdin)";
    if (strcmp(format, f1) != 0 && strcmp(format, f2) != 0)
        return strcmp(f1, "http") == 0 ? "--format wants http or json" : "--format wants json or text";
    return NULL;
}

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
