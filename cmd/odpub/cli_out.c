/*
 * cli_out.c - error output and the one mapping from library codes to exit codes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

int
cli_code(int rc)
{
    if (rc >= 0) {
        return CLI_OK;
    }
    return rc == ODP_EVERIFY ? CLI_FINDING : CLI_ERROR;
}

void
cli_json_str(FILE *f, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    fputc('"', f);
    for (; *p != '\0'; p++) {
        switch (*p) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default:
            if (*p < 0x20) {
                fprintf(f, "\\u%04x", *p);
            } else {
                fputc(*p, f);
            }
        }
    }
    fputc('"', f);
}

int
cli_fail(struct cli *cli, const struct odp_err *err)
{
    char line[2048];
    int code = err->code != ODP_OK ? err->code : ODP_EINTERNAL;

    if (cli->json) {
        printf("{\"ok\":false,\"error\":{\"code\":");
        cli_json_str(stdout, odp_code_name(code));
        printf(",\"path\":");
        cli_json_str(stdout, err->path);
        printf(",\"line\":%llu,\"col\":%llu,\"message\":", (unsigned long long)err->line,
               (unsigned long long)err->col);
        cli_json_str(stdout, err->msg[0] != '\0' ? err->msg : "unknown error");
        printf("}}\n");
    }
    odp_err_format(err, line, sizeof(line));
    fprintf(stderr, "%s: %s\n", cli->prog, err->msg[0] != '\0' ? line : "unknown error");
    return cli_code(code);
}

int
cli_usage(struct cli *cli, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "%s %s: ", cli->prog, cli->cmd != NULL ? cli->cmd : "");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry '%s %s --help'.\n", cli->prog, cli->cmd != NULL ? cli->cmd : "");
    return CLI_ERROR;
}

int
cli_help(const char *text)
{
    fputs(text, stdout);
    return CLI_OK;
}

int
cli_input_format(struct cli *cli, const char *s, enum odp_input_format *fmt)
{
    int f = odp_input_format_from_name(s);

    if (f < 0) {
        return cli_usage(cli, "unknown --input-format '%s' (csv, json)", s);
    }
    *fmt = (enum odp_input_format)f;
    return CLI_OK;
}
