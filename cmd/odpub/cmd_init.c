/*
 * cmd_init.c - `odpub init DATA [--sample N] [--json]`: print a draft policy.
 *
 * Parses options, calls odp_init_draft once and prints the draft YAML on stdout (or,
 * with --json, one JSON document holding the per-column suggestions and the YAML).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "cli.h"
#include "odp/init.h"

static const char usage_text[] =
    "usage: odpub init DATA [options]\n"
    "\n"
    "Reads the header and the first rows of DATA (CSV, or JSON: an array of flat objects\n"
    "or NDJSON), runs the identifier detectors over every column and prints a draft\n"
    "policy on stdout: one suggested action per column with a comment saying why, and\n"
    "quasi-identifier candidates with their uniqueness. Review it, fill in `dataset:`,\n"
    "then `odpub check` it. Comments hold counts and percentages, never a value.\n"
    "The dataset fields are `TODO:` placeholders that check and release refuse until\n"
    "they are filled in.\n"
    "\n"
    "options:\n"
    "  -n, --sample N           rows to sample (default 10000, 0 = all)\n"
    "      --input-format FMT   csv or json (default: by extension)\n"
    "      --delimiter D        the CSV field delimiter: , ; tab | (default: sniffed\n"
    "                           from the first records)\n"
    "      --encoding E         utf-8, latin-1 or windows-1252 (default: utf-8, or\n"
    "                           windows-1252 when the file is not UTF-8 but is that)\n"
    "  -o, --output FILE        write the draft to FILE (must not exist; --out is the\n"
    "                           same) instead of stdout\n"
    "      --json               print {ok, odpub, columns, quasi_identifiers, policy}\n"
    "                           (docs/schemas/init.schema.json)\n"
    "  -h, --help               this text\n"
    "\n"
    "Exit: 0 draft printed, 2 usage or input error.\n";

enum { OPT_JSON = 256, OPT_INFMT, OPT_DELIM, OPT_ENC };

static const struct option long_opts[] = {
    {"sample", required_argument, NULL, 'n'},
    {"input-format", required_argument, NULL, OPT_INFMT},
    {"delimiter", required_argument, NULL, OPT_DELIM},
    {"encoding", required_argument, NULL, OPT_ENC},
    {"output", required_argument, NULL, 'o'},
    {"out", required_argument, NULL, 'o'},
    {"json", no_argument, NULL, OPT_JSON},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* Bounded decimal parse (no strtol): 0..10^12. */
static int
parse_count(const char *s, uint64_t *out)
{
    uint64_t v = 0;
    size_t i;

    if (s[0] == '\0') {
        return -1;
    }
    for (i = 0; s[i] != '\0'; i++) {
        if (s[i] < '0' || s[i] > '9' || v > 100000000000ull) {
            return -1;
        }
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    *out = v;
    return 0;
}

/* The faults the draft read past, as warnings with the file's position (no cell value). */
static void
warn_faults(const struct cli *cli, const char *data, const char *faults)
{
    const char *p = faults, *nl;

    while ((nl = strchr(p, '\n')) != NULL) {
        fprintf(stderr, "%s init: warning: %s:%.*s\n", cli->prog, cli_esc(data), (int)(nl - p), p);
        p = nl + 1;
    }
    fprintf(stderr,
            "%s init: release and audit refuse this file until these are fixed; the "
            "draft read them as pandas does\n",
            cli->prog);
}

int
cmd_init(int argc, char **argv, struct cli *cli)
{
    struct odp_init_opts o;
    struct odp_init_result res;
    struct odp_err err;
    const char *output = NULL;
    FILE *out = stdout;
    int c, rc, fd;

    odp_init_opts_init(&o);
    odp_err_clear(&err);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":n:o:h", long_opts, NULL)) != -1) {
        switch (c) {
        case 'n':
            if (parse_count(optarg, &o.sample) != 0) {
                return cli_usage(cli, "--sample wants a number of rows");
            }
            break;
        case OPT_DELIM:
            if (cli_delimiter(cli, optarg, &o.delimiter) != CLI_OK) {
                return CLI_ERROR;
            }
            break;
        case OPT_ENC:
            if (cli_encoding(cli, optarg, &o.encoding) != CLI_OK) {
                return CLI_ERROR;
            }
            break;
        case OPT_INFMT:
            if (cli_input_format(cli, optarg, &o.format) != CLI_OK) {
                return CLI_ERROR;
            }
            break;
        case 'o': output = optarg; break;
        case OPT_JSON: cli->json = 1; break;
        case 'h': return cli_help(usage_text);
        default: return cli_bad_option(cli, c, argv);
        }
    }
    if (optind + 1 != argc) {
        return cli_usage(cli, optind >= argc ? "DATA is missing" : "one DATA file only");
    }
    o.data = argv[optind];
    rc = odp_init_draft(&o, &res, &err);
    if (rc < 0) {
        return cli_fail(cli, &err);
    }
    if (output != NULL) {
        /* a new file only: a reviewed policy is never overwritten by a fresh draft */
        fd = open(output, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        out = fd >= 0 ? fdopen(fd, "w") : NULL;
        if (out == NULL) {
            odp_init_result_free(&res);
            odp_err_sys(&err, output, "cannot create the draft");
            if (fd >= 0) {
                close(fd);
            }
            return cli_fail(cli, &err);
        }
    }
    if (res.read_faults != NULL) {
        warn_faults(cli, o.data, res.read_faults);
    }
    if (cli->json) {
        cli_json_doc(out, 1, res.json);
    } else {
        fwrite(res.yaml, 1, res.yaml_len, out);
    }
    odp_init_result_free(&res);
    if (fflush(out) != 0 || ferror(out) || (out != stdout && fclose(out) != 0)) {
        fprintf(stderr, "%s init: cannot write to %s\n", cli->prog,
                output != NULL ? cli_esc(output) : "stdout");
        if (output != NULL) {
            unlink(output);
        }
        return CLI_ERROR;
    }
    if (output != NULL) {
        fprintf(stderr, "%s init: draft written to %s; fill in the TODO fields, then "
                        "'odpub check %s'\n",
                cli->prog, cli_esc(output), cli_esc(output));
    }
    return CLI_OK;
}
