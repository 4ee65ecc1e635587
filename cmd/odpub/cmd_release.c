/*
 * cmd_release.c - `odpub release DATA --policy P -o OUT [--format F] [--key K]`.
 *
 * Parses options, calls odp_release once, and renders the result: a summary for a
 * person (rows, and what happened to each column) or, with --json, report.json.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "cli.h"
#include "odp/release.h"

static const char usage_text[] =
    "usage: odpub release DATA --policy POLICY -o OUT [options]\n"
    "\n"
    "Applies POLICY to DATA (CSV, or JSON: an array of flat objects or NDJSON) and writes a\n"
    "release package to OUT: data/NAME.csv, policy.yaml, report.json, metadata and BagIt\n"
    "manifests, signed with --key. Nothing is left at OUT if anything fails.\n"
    "\n"
    "options:\n"
    "  -p, --policy FILE        the privacy policy (YAML), required\n"
    "  -o, --output PATH        package directory or archive to create (must not exist;\n"
    "                           --out is the same)\n"
    "  -f, --format FMT         dir (default), zip, tar.gz or tar.zst\n"
    "  -k, --key FILE           minisign secret key to sign the package with\n"
    "      --passphrase-file F  passphrase of an encrypted key (or $ODPUB_PASSPHRASE_FILE)\n"
    "      --input-format FMT   csv or json (default: by extension)\n"
    "      --delimiter D        the CSV field delimiter: , ; tab | (default: the\n"
    "                           policy's dataset.delimiter, else ,)\n"
    "      --encoding E         utf-8, latin-1 or windows-1252 (default: the policy's\n"
    "                           dataset.encoding, else utf-8); read as UTF-8\n"
    "      --policies-dir DIR   where 'extends' names are looked up\n"
    "      --previous PKG       the previous release of this dataset: no quasi-identifier\n"
    "                           class may change its published count by 1..k-1 since\n"
    "                           then (on_violation suppress holds rows back, fail stops)\n"
    "      --allow-weaker       release a policy weaker than its baseline (recorded in\n"
    "                           report.json and shown by verify)\n"
    "  -j, --threads N          worker threads (default: all cores; 1: one thread); the\n"
    "                           package is byte-identical for any N\n"
    "      --no-sync            do not fsync the package (scratch output: faster, but a\n"
    "                           machine crash soon after can leave it incomplete)\n"
    "      --json               print {\"ok\", \"odpub\", ...report.json} instead of a summary\n"
    "                           (docs/schemas/release.schema.json)\n"
    "  -h, --help               this text\n"
    "\n"
    "On a terminal, stderr shows the percent of the input read and an ETA.\n"
    "Environment: SOURCE_DATE_EPOCH fixes the release date and every timestamp, so the same\n"
    "input, policy and keys give a byte-identical package.\n"
    "Exit: 0 released, 1 privacy rule violated (k-anonymity with on_violation: fail, or\n"
    "a policy weaker than its baseline: odpub check's findings),\n"
    "2 usage or input error.\n";

enum {
    OPT_JSON = 256,
    OPT_PASSFILE,
    OPT_INFMT,
    OPT_POLDIR,
    OPT_PREVIOUS,
    OPT_WEAKER,
    OPT_DELIM,
    OPT_ENC,
    OPT_NOSYNC
};

static const struct option long_opts[] = {
    {"policy", required_argument, NULL, 'p'},
    {"output", required_argument, NULL, 'o'},
    {"out", required_argument, NULL, 'o'},
    {"format", required_argument, NULL, 'f'},
    {"key", required_argument, NULL, 'k'},
    {"passphrase-file", required_argument, NULL, OPT_PASSFILE},
    {"input-format", required_argument, NULL, OPT_INFMT},
    {"delimiter", required_argument, NULL, OPT_DELIM},
    {"encoding", required_argument, NULL, OPT_ENC},
    {"policies-dir", required_argument, NULL, OPT_POLDIR},
    {"previous", required_argument, NULL, OPT_PREVIOUS},
    {"threads", required_argument, NULL, 'j'},
    {"json", no_argument, NULL, OPT_JSON},
    {"allow-weaker", no_argument, NULL, OPT_WEAKER},
    {"no-sync", no_argument, NULL, OPT_NOSYNC},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static void
print_summary(const struct odp_release_result *res, const char *out)
{
    const struct odp_report *r = res->report;
    size_t i;

    printf("released %s -> %s\n", cli_esc(res->package_name), cli_esc(out));
    printf("rows: %llu in, %llu out, %llu dropped by rule, %llu suppressed\n",
           (unsigned long long)r->rows_in, (unsigned long long)r->rows_out,
           (unsigned long long)r->rows_dropped, (unsigned long long)r->rows_suppressed);
    printf("columns:\n");
    for (i = 0; i < r->ncolumns; i++) {
        printf("  %-32s %-13s %llu values changed\n", cli_esc(r->columns[i].name),
               cli_esc(r->columns[i].action),
               (unsigned long long)r->columns[i].changed);
    }
    for (i = 0; i < r->ndropped; i++) {
        printf("  %-32s %-13s not published\n", cli_esc(r->dropped_columns[i]), "drop");
    }
    if (r->has_history) {
        printf("previous release %s: %llu rows in %llu quasi-identifier classes held back "
               "(their published count would have changed by 1..k-1)\n",
               r->previous != NULL ? cli_esc(r->previous) : "?", (unsigned long long)r->rows_held,
               (unsigned long long)r->classes_held);
    }
}

int
cmd_release(int argc, char **argv, struct cli *cli)
{
    struct odp_release_opts o;
    struct odp_release_result res;
    struct odp_err err;
    struct cli_progress prog;
    const char *passfile = NULL;
    char *pass = NULL;
    int c, rc, fmt;

    odp_release_opts_init(&o);
    odp_err_clear(&err);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":p:o:f:k:j:h", long_opts, NULL)) != -1) {
        switch (c) {
        case 'p': o.policy = optarg; break;
        case 'o': o.out = optarg; break;
        case 'f':
            fmt = odp_pkg_format_from_name(optarg);
            if (fmt < 0) {
                return cli_usage(cli, "unknown --format '%s' (" ODP_PKG_FORMAT_LIST ")", optarg);
            }
            o.format = (enum odp_pkg_format)fmt;
            break;
        case 'k': o.key = optarg; break;
        case 'j': {
            const char *d = optarg;
            int v = 0;

            for (; *d >= '0' && *d <= '9' && v <= 64; d++) {
                v = v * 10 + (*d - '0');
            }
            if (d == optarg || *d != '\0' || v < 1 || v > 64) {
                return cli_usage(cli, "--threads takes a number from 1 to 64");
            }
            o.threads = v;
            break;
        }
        case OPT_PASSFILE: passfile = optarg; break;
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
            if (cli_input_format(cli, optarg, &o.data_format) != CLI_OK) {
                return CLI_ERROR;
            }
            break;
        case OPT_POLDIR: o.policies_dir = optarg; break;
        case OPT_PREVIOUS: o.previous = optarg; break;
        case OPT_JSON: cli->json = 1; break;
        case OPT_WEAKER: o.allow_weaker = 1; break;
        case OPT_NOSYNC: o.no_sync = 1; break;
        case 'h': return cli_help(usage_text);
        default: return cli_bad_option(cli, c, argv);
        }
    }
    if (optind + 1 != argc) {
        return cli_usage(cli, optind >= argc ? "DATA is missing" : "one DATA file only");
    }
    o.data = argv[optind];
    if (o.policy == NULL) {
        return cli_usage(cli, "--policy is required");
    }
    if (o.out == NULL) {
        return cli_usage(cli, "-o/--output OUT is required");
    }
    if (passfile == NULL) {
        passfile = getenv("ODPUB_PASSPHRASE_FILE");
    }
    if (passfile != NULL && o.key != NULL) {
        if (cli_read_passphrase_err(passfile, 0, &pass, &err) < 0) {
            return cli_fail(cli, &err);
        }
        o.passphrase = pass;
    }
    cli_progress_start(&prog, cli, "release", strcmp(o.data, "-") == 0 ? 0 : cli_file_size(o.data));
    if (prog.on) {
        o.progress = cli_progress_cb;
        o.progress_ctx = &prog;
    }
    rc = odp_release(&o, &res, &err);
    cli_progress_end(&prog);
    if (pass != NULL) {
        OPENSSL_cleanse(pass, strlen(pass));
        free(pass);
    }
    if (rc < 0) {
        return cli_fail(cli, &err);
    }
    if (cli->json) {
        cli_json_doc(stdout, 1, res.report_json);
    } else {
        print_summary(&res, o.out);
    }
    odp_release_result_free(&res);
    return CLI_OK;
}
