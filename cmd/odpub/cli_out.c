/*
 * cli_out.c - error output and the one mapping from library codes to exit codes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <getopt.h>

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

const char *
cli_esc(const char *s)
{
    static char ring[8][16384];
    static unsigned next;
    char *b = ring[next++ % 8];

    return odp_escape(b, sizeof(ring[0]), s != NULL ? s : "");
}

/* Skips JSON whitespace. */
static const char *
skip_ws(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
        p++;
    }
    return p;
}

/* Past one JSON value starting at p (strings, nesting); p if it cannot tell. */
static const char *
skip_value(const char *p)
{
    int depth = 0, in_str = 0;

    for (; *p != '\0'; p++) {
        if (in_str) {
            if (*p == '\\' && p[1] != '\0') {
                p++;
            } else if (*p == '"') {
                in_str = 0;
                if (depth == 0) {
                    return p + 1;
                }
            }
            continue;
        }
        if (*p == '"') {
            in_str = 1;
        } else if (*p == '{' || *p == '[') {
            depth++;
        } else if (*p == '}' || *p == ']') {
            if (depth == 0) {
                return p; /* the end of the enclosing object */
            }
            if (--depth == 0) {
                return p + 1;
            }
        } else if (depth == 0 && *p == ',') {
            return p;
        }
    }
    return p;
}

void
cli_json_doc(FILE *f, int ok, const char *body)
{
    const char *p = body != NULL ? skip_ws(body) : "", *key, *end;

    fprintf(f, "{\"ok\":%s,\"odpub\":\"%s\"", ok ? "true" : "false", ODP_VERSION);
    if (*p != '{') {
        fputs("}\n", f);
        return;
    }
    p = skip_ws(p + 1);
    while (*p == '"') {
        key = p;
        end = skip_value(p); /* past the key string */
        p = skip_ws(end);
        if (*p != ':') {
            break;
        }
        p = skip_value(skip_ws(p + 1));
        if (!((end - key == 4 && strncmp(key, "\"ok\"", 4) == 0) ||
              (end - key == 7 && strncmp(key, "\"odpub\"", 7) == 0))) {
            fputc(',', f);
            fwrite(key, 1, (size_t)(p - key), f);
        }
        p = skip_ws(p);
        if (*p != ',') {
            break;
        }
        p = skip_ws(p + 1);
    }
    fputs("}\n", f);
}

int
cli_fail(struct cli *cli, const struct odp_err *err)
{
    char line[2048];
    int code = err->code != ODP_OK ? err->code : ODP_EINTERNAL;

    if (cli->json) {
        printf("{\"ok\":false,\"odpub\":\"%s\",\"error\":{\"code\":", ODP_VERSION);
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
    const char *cmd = cli->cmd != NULL ? cli->cmd : "";
    char raw[1024], msg[6 * sizeof(raw)];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(raw, sizeof(raw), fmt, ap);
    va_end(ap);
    odp_escape(msg, sizeof(msg), raw);
    fprintf(stderr, "%s %s: %s (see '%s %s --help')\n", cli->prog, cmd, msg, cli->prog, cmd);
    if (cli->json) {
        printf("{\"ok\":false,\"odpub\":\"%s\",\"error\":{\"code\":\"usage\",\"path\":\"\","
               "\"line\":0,\"col\":0,\"message\":",
               ODP_VERSION);
        cli_json_str(stdout, msg);
        printf("}}\n");
    }
    return CLI_ERROR;
}

int
cli_bad_option(struct cli *cli, int c, char **argv)
{
    const char *word = optind > 0 ? argv[optind - 1] : "";
    char name[128];

    if (strncmp(word, "--", 2) == 0) {
        /* a long option, named as written without "=VALUE" */
        snprintf(name, sizeof(name), "%.*s", (int)strcspn(word, "="), word);
    } else if (optopt != 0) {
        /* a short option, maybe inside a cluster (-xW): name the letter */
        snprintf(name, sizeof(name), "-%c", optopt);
    } else {
        snprintf(name, sizeof(name), "%s", word);
    }
    if (c == ':') {
        return cli_usage(cli, "option '%s' needs an argument", name);
    }
    return cli_usage(cli, "unknown option '%s'", name);
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

/* --delimiter NAME (`,` `;` `tab` `|`) */
int
cli_delimiter(struct cli *cli, const char *s, int *delim)
{
    int d = odp_delimiter_from_name(s);

    if (d < 0) {
        return cli_usage(cli, "--delimiter wants one of , ; tab |");
    }
    *delim = d;
    return CLI_OK;
}

/* --encoding NAME (utf-8, latin-1, windows-1252) */
int
cli_encoding(struct cli *cli, const char *s, enum odp_encoding *enc)
{
    int e = odp_encoding_from_name(s);

    if (e < 0) {
        return cli_usage(cli, "--encoding wants utf-8, latin-1 or windows-1252");
    }
    *enc = (enum odp_encoding)e;
    return CLI_OK;
}
