/*
 * csv2json.c - test tool: reads a table (CSV or JSON) with odp_table_open and prints it
 * as a JSON array of objects of strings (csv-spectrum's expected form), one object per
 * line. On error prints `path:line:col: message` to stderr and exits 2.
 *
 * Usage: csv2json [--count] [--rewind] [--hash] [--json] FILE   (FILE "-" is stdin)
 *   --count   print only the number of data rows
 *   --rewind  read twice (the second pass is printed) to exercise rewind
 *   --hash    print the SHA-256 of the input after the rows, on stderr
 *   --json    read JSON whatever the extension (default: by extension)
 */
#include <stdio.h>
#include <string.h>

#include "table.h"

static void
put_json_string(const char *p, size_t n)
{
    size_t i;

    putchar('"');
    for (i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)p[i];

        if (ch == '"' || ch == '\\') {
            putchar('\\');
            putchar(ch);
        } else if (ch == '\n') {
            fputs("\\n", stdout);
        } else if (ch == '\r') {
            fputs("\\r", stdout);
        } else if (ch == '\t') {
            fputs("\\t", stdout);
        } else if (ch < 0x20) {
            printf("\\u%04x", ch);
        } else {
            putchar(ch);
        }
    }
    putchar('"');
}

static int
fail(const struct odp_err *err)
{
    char buf[2048];

    fprintf(stderr, "%s\n", odp_err_format(err, buf, sizeof(buf)));
    return 2;
}

int
main(int argc, char **argv)
{
    struct odp_err err;
    struct odp_table *t;
    const struct odp_row *h;
    struct odp_row row;
    int count_only = 0;
    int rewind_first = 0;
    int hash = 0;
    enum odp_input_format fmt = ODP_FMT_AUTO;
    unsigned long long rows = 0;
    const char *path = NULL;
    int i;
    int rc;
    size_t k;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--count") == 0) {
            count_only = 1;
        } else if (strcmp(argv[i], "--rewind") == 0) {
            rewind_first = 1;
        } else if (strcmp(argv[i], "--hash") == 0) {
            hash = 1;
        } else if (strcmp(argv[i], "--json") == 0) {
            fmt = ODP_FMT_JSON;
        } else {
            path = argv[i];
        }
    }
    if (path == NULL) {
        fprintf(stderr, "usage: csv2json [--count] [--rewind] [--hash] [--json] FILE\n");
        return 2;
    }
    odp_err_clear(&err);
    t = odp_table_open(path, fmt, hash, &err);
    if (t == NULL) {
        return fail(&err);
    }
    if (rewind_first) {
        while ((rc = odp_table_next(t, &row, &err)) == ODP_OK) {
        }
        if (rc < 0 || odp_table_rewind(t, &err) < 0) {
            odp_table_free(t);
            return fail(&err);
        }
    }
    h = odp_table_header(t);
    if (!count_only) {
        putchar('[');
    }
    while ((rc = odp_table_next(t, &row, &err)) == ODP_OK) {
        rows++;
        if (count_only) {
            continue;
        }
        fputs(rows > 1 ? ",\n{" : "\n{", stdout);
        for (k = 0; k < row.n; k++) {
            if (k > 0) {
                putchar(',');
            }
            put_json_string(h->f[k].p, h->f[k].len);
            putchar(':');
            put_json_string(row.f[k].p, row.f[k].len);
        }
        putchar('}');
    }
    if (rc < 0) {
        fflush(stdout);
        odp_table_free(t);
        return fail(&err);
    }
    if (count_only) {
        printf("%llu\n", rows);
    } else {
        fputs("\n]\n", stdout);
    }
    if (hash) {
        uint8_t d[32];
        uint64_t n = 0;

        if (odp_table_input_digest(t, d, &n) == ODP_OK) {
            for (k = 0; k < 32; k++) {
                fprintf(stderr, "%02x", d[k]);
            }
            fprintf(stderr, " %llu\n", (unsigned long long)n);
        }
    }
    odp_table_free(t);
    return 0;
}
