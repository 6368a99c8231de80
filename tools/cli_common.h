/* Shared pieces of the ekscodec CLI: input reading, diagnostics output, exit codes. */
#ifndef EKSCODEC_CLI_COMMON_H
#define EKSCODEC_CLI_COMMON_H

#include "ekscodec/common.h"
#include "ekscodec/diag.h"

#include <json-c/json.h>
#include <stdio.h>

/* DESIGN §3: 0 valid, 1 decoded but invalid, 2 usage error or unreadable input. */
enum { EXIT_VALID = 0, EXIT_INVALID = 1, EXIT_USAGE = 2 };

/* Largest input the CLI reads from one file or stdin. */
#define CLI_MAX_INPUT (64u * 1024u * 1024u)

/* Reads FILE, or stdin for NULL/"-", into buf. Prints the reason and returns false. */
bool cli_read_input(const char *path, eks_buf *buf);
/* One or more ASCII digits at s as a number (no sign, no space), *rest after them; false
 * when s starts with no digit or the number is over 2^64-1. */
bool cli_parse_decimal(const char *s, uint64_t *out, const char **rest);
/* The whole of s as a decimal number in min..max (digits only: no sign, space, hex or
 * suffix). */
bool cli_parse_number(const char *s, uint64_t min, uint64_t max, uint64_t *out);
/* Region from --region, else AWS_REGION, else AWS_DEFAULT_REGION; NULL if none. */
const char *cli_region(const char *flag_value);
/* JSON array of {"severity","code","path","message"} (plus "offset" when known). */
json_object *cli_diags_to_json(const eks_diags *diags);
/* One line per diagnostic: "error invalid_json $ (byte 12): message". */
void cli_print_diags_text(FILE *f, const eks_diags *diags);
/* One diagnostic as one line of text. */
void cli_print_diag_text(FILE *f, const eks_diag *d);
/* The character at u (left >= 1 bytes) as JSON output writes it: *n is its length, and the
 * result is the code to write as \u00XX, or -1 to copy its bytes. Escaped: DEL, C1 controls
 * (U+0080..U+009F: valid JSON, but some terminals act on them) and every byte of no UTF-8
 * character (the output stays JSON). '"', '\\' and C0 controls are the caller's. */
int cli_json_escaped_char(const unsigned char *u, size_t left, size_t *n);
/* True when input[consumed, len) is only CR and LF (a file's last newline). Otherwise says on
 * stderr how many bytes follow the one HTTP message (a `what`) that `command` takes, where,
 * and `why` they are not part of it, rather than dropping them. */
bool cli_nothing_after_message(const char *input, size_t len, size_t consumed, const char *command,
                               const char *what, const char *why);
/* Prints a json-c object (2-space pretty print off: one line, no slash escaping), each
 * character of cli_json_escaped_char's set as \u00XX, so that the output is always JSON. */
void cli_print_json(FILE *f, json_object *obj);
/* The length of the UTF-8 character at s (RFC 3629: no overlong form, no surrogate, at most
 * U+10FFFF; n >= 1 bytes available), or 0 when the bytes there are not one. */
size_t cli_utf8_char_len(const unsigned char *s, size_t n);
/* Writes s for a terminal: its characters as they are, but a control character (C0, DEL, C1),
 * a bidirectional mark or a line or paragraph separator, or a byte that is no UTF-8 character
 * becomes '?', so that text from the input cannot start a line of its own, send a terminal
 * escape, or reorder what follows it on its line. */
void cli_put_terminal_text(FILE *f, const char *s, size_t len);
/* The character at u (left >= 1 bytes): *n is its length (1 for a byte of no UTF-8
 * character), and the result whether cli_put_terminal_text shows it as it is. */
bool cli_terminal_char(const unsigned char *u, size_t left, size_t *n);
/* s as cli_put_terminal_text would write it, into buf (cap bytes, NUL-terminated; a longer s
 * is cut): for a name from the command line or a directory in a message. Returns buf. */
#define CLI_SHOWN_MAX 4352
const char *cli_shown(const char *s, char *buf, size_t cap);
/* json-c string from a view (NULL view -> JSON null). */
json_object *cli_json_str(eks_str s);

/* The operation named by --operation (API, boto3 or CLI name), or the default
 * DisassociateIdentityProviderConfig when name is NULL; NULL after a message on stderr
 * naming `command` when no operation has that name. */
const struct eks_operation_desc *cli_operation(const char *name, const char *command);

#endif
