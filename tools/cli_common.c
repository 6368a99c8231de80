#include "cli_common.h"
#include "cli_out.h"

#include "ekscodec/operation.h"
#include "json_read.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

bool cli_parse_decimal(const char *s, uint64_t *out, const char **rest)
{
    uint64_t v = 0;
    const char *p = s;
    if (*p < '0' || *p > '9')
        return false;
    for (; *p >= '0' && *p <= '9'; p++) {
        unsigned d = (unsigned)(*p - '0');
        if (v > (UINT64_MAX - d) / 10)
            return false;
        v = v * 10 + d;
    }
    *out = v;
    *rest = p;
    return true;
}

bool cli_parse_number(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
    uint64_t v;
    const char *rest;
    if (!cli_parse_decimal(s, &v, &rest) || *rest || v < min || v > max)
        return false;
    *out = v;
    return true;
}

bool cli_read_input(const char *path, eks_buf *buf)
{
    bool use_stdin = !path || strcmp(path, "-") == 0;
    char shown[CLI_SHOWN_MAX];
    const char *name = use_stdin ? "stdin" : cli_shown(path, shown, sizeof shown);
    FILE *f = use_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "ekscodec: cannot open %s: %s\n", name, strerror(errno));
        return false;
    }
    bool ok = true;
    char chunk[65536];
    for (;;) {
        size_t n = fread(chunk, 1, sizeof chunk, f);
        if (n && (buf->len + n > CLI_MAX_INPUT || eks_buf_append(buf, chunk, n) != EKS_OK)) {
            fprintf(stderr, "ekscodec: %s: input larger than %u bytes\n", name, CLI_MAX_INPUT);
            ok = false;
            break;
        }
        if (n < sizeof chunk) {
            if (ferror(f)) {
                fprintf(stderr, "ekscodec: cannot read %s: %s\n", name, strerror(errno));
                ok = false;
            }
            break;
        }
    }
    if (!use_stdin)
        fclose(f);
    if (ok && !buf->ptr)
        ok = eks_buf_append(buf, "", 0) == EKS_OK;
    return ok;
}

const char *cli_region(const char *flag_value)
{
    if (flag_value && *flag_value)
        return flag_value;
    const char *r = getenv("AWS_REGION");
    if (r && *r)
        return r;
    r = getenv("AWS_DEFAULT_REGION");
    return r && *r ? r : NULL;
}

json_object *cli_json_str(eks_str s)
{
    if (!s.ptr)
        return NULL;
    return json_object_new_string_len(s.ptr, (int)s.len);
}

json_object *cli_diags_to_json(const eks_diags *diags)
{
    json_object *arr = json_object_new_array();
    for (size_t i = 0; i < diags->count; i++) {
        const eks_diag *d = &diags->items[i];
        json_object *o = json_object_new_object();
        json_object_object_add(o, "severity", json_object_new_string(eks_severity_name(d->severity)));
        json_object_object_add(o, "code", json_object_new_string(eks_diag_code_name(d->code)));
        json_object_object_add(o, "path", json_object_new_string(d->path));
        if (d->offset != SIZE_MAX)
            json_object_object_add(o, "offset", json_object_new_int64((int64_t)d->offset));
        json_object_object_add(o, "message", json_object_new_string(d->message));
        json_object_array_add(arr, o);
    }
    if (diags->dropped) {
        json_object *o = json_object_new_object();
        json_object_object_add(o, "severity", json_object_new_string("warning"));
        json_object_object_add(o, "code", json_object_new_string(eks_diag_code_name(EKS_DIAG_LIMIT_EXCEEDED)));
        json_object_object_add(o, "path", json_object_new_string(""));
        char msg[96];
        snprintf(msg, sizeof msg, "%zu more diagnostics not shown", diags->dropped);
        json_object_object_add(o, "message", json_object_new_string(msg));
        json_object_array_add(arr, o);
    }
    return arr;
}

void cli_print_diag_text(FILE *f, const eks_diag *d)
{
    /* a path or message can quote the input (a header name, an error type) */
    fprintf(f, "%s %s ", eks_severity_name(d->severity), eks_diag_code_name(d->code));
    cli_put_terminal_text(f, d->path[0] ? d->path : "-", d->path[0] ? strlen(d->path) : 1);
    if (d->offset != SIZE_MAX)
        fprintf(f, " (byte %zu)", d->offset);
    fputs(": ", f);
    cli_put_terminal_text(f, d->message, strlen(d->message));
    fputc('\n', f);
}

void cli_print_diags_text(FILE *f, const eks_diags *diags)
{
    for (size_t i = 0; i < diags->count; i++)
        cli_print_diag_text(f, &diags->items[i]);
    if (diags->dropped)
        fprintf(f, "... %zu more diagnostics not shown\n", diags->dropped);
}

size_t cli_utf8_char_len(const unsigned char *s, size_t n)
{
    if (s[0] < 0x80)
        return 1;
    size_t len = s[0] >= 0xc2 && s[0] <= 0xdf ? 2 : s[0] >= 0xe0 && s[0] <= 0xef ? 3 : s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : 0;
    if (!len || len > n)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0) || (s[0] == 0xf0 && s[1] < 0x90) ||
        (s[0] == 0xf4 && s[1] >= 0x90))
        return 0;
    return len;
}

/* The format characters that reorder the text after them (the Unicode bidirectional marks,
 * embeddings, overrides and isolates: U+061C, U+200E, U+200F, U+202A..U+202E,
 * U+2066..U+2069) or end its line in some viewers (U+2028, U+2029): shown as they are, a
 * value from the input could make a diagnostic read otherwise than it is (CVE-2021-42574). */
static bool moves_text(const unsigned char *u, size_t k)
{
    if (k == 2)
        return u[0] == 0xd8 && u[1] == 0x9c;
    if (k != 3 || u[0] != 0xe2)
        return false;
    if (u[1] == 0x80)
        return u[2] == 0x8e || u[2] == 0x8f || (u[2] >= 0xa8 && u[2] <= 0xae);
    return u[1] == 0x81 && u[2] >= 0xa6 && u[2] <= 0xa9;
}

bool cli_terminal_char(const unsigned char *u, size_t left, size_t *n)
{
    size_t k = cli_utf8_char_len(u, left);
    *n = k ? k : 1;
    return k && u[0] >= 0x20 && u[0] != 0x7f && !(k == 2 && u[0] == 0xc2 && u[1] < 0xa0) && !moves_text(u, k);
}

void cli_put_terminal_text(FILE *f, const char *s, size_t len)
{
    cli_out o;
    cli_out_init(&o, f);
    cli_out_terminal_text(&o, s, len);
    cli_out_flush(&o);
}

const char *cli_shown(const char *s, char *buf, size_t cap)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t len = strlen(s), o = 0;
    for (size_t i = 0, n; i < len; i += n) {
        bool ok = cli_terminal_char(u + i, len - i, &n);
        if (o + (ok ? n : 1) >= cap)
            break;
        if (ok)
            memcpy(buf + o, u + i, n), o += n;
        else
            buf[o++] = '?';
    }
    buf[o] = '\0';
    return buf;
}

bool cli_nothing_after_message(const char *input, size_t len, size_t consumed, const char *command,
                               const char *what, const char *why)
{
    size_t rest = consumed;
    while (rest < len && (input[rest] == '\r' || input[rest] == '\n'))
        rest++;
    if (rest == len)
        return true;
    fprintf(stderr, "ekscodec %s: %zu bytes after the end of the %s (byte %zu): %s\n", command, len - consumed,
            what, consumed, why);
    return false;
}

int cli_json_escaped_char(const unsigned char *u, size_t left, size_t *n)
{
    if (u[0] < 0x7f) {
        *n = 1;
        return -1;
    }
    size_t k = cli_utf8_char_len(u, left);
    *n = k ? k : 1;
    if (!k || u[0] == 0x7f)
        return u[0];
    return k == 2 && u[0] == 0xc2 && u[1] < 0xa0 ? u[1] : -1;
}

void cli_print_json(FILE *f, json_object *obj)
{
    /* json-c escapes '"', '\\' and C0 controls; the rest of cli_json_escaped_char's set is
     * escaped here. It occurs only inside strings: a captured header can hold any byte. */
    const char *json = json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
    const unsigned char *u = (const unsigned char *)json;
    size_t len = strlen(json), run = 0;
    for (size_t i = 0, n; i < len; i += n) {
        int esc = cli_json_escaped_char(u + i, len - i, &n);
        if (esc < 0)
            continue;
        fwrite(json + run, 1, i - run, f);
        fprintf(f, "\\u%04x", (unsigned)esc);
        run = i + n;
    }
    fwrite(json + run, 1, len - run, f);
    fputc('\n', f);
}

const struct eks_operation_desc *cli_operation(const char *name, const char *command)
{
    const char *n = name ? name : "DisassociateIdentityProviderConfig";
    const eks_operation *op = eks_operation_find(n, strlen(n));
    if (!op) {
        char shown[CLI_SHOWN_MAX];
        fprintf(stderr, "ekscodec %s: no operation named \"%s\" (see `ekscodec operations`)\n", command,
                cli_shown(n, shown, sizeof shown));
    }
    return op;
}
