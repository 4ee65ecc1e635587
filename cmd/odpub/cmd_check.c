/*
 * cmd_check.c - `odpub check POLICY...`: schema, references and baseline lint.
 *
 * Calls odp_check once per policy and prints each finding as `POLICY:LINE:COL: message`
 * (or, with --json, one document for all policies). Exit 2 when any policy does not
 * load, else 1 when any has a finding, else 0.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "odp/check.h"
#include "cli.h"

static const char usage_text[] =
    "usage: odpub check POLICY... [options]\n"
    "\n"
    "Validates privacy policies without data: YAML syntax, schema and types, the extends\n"
    "chain, references (quasi-identifiers, small_cells, date_shift and drop_when columns),\n"
    "and the baseline lint: a column whose name matches a category of the citywide\n"
    "baseline (policies/nyc-baseline.yaml) must get at least that category's treatment.\n"
    "The baseline is the one the policy extends, else nyc-baseline.yaml found like an\n"
    "extends name, else --baseline.\n"
    "\n"
    "options:\n"
    "      --baseline FILE      lint against this baseline instead\n"
    "      --policies-dir DIR   where 'extends' names (and the baseline) are looked up\n"
    "      --json               one JSON document for CI (docs/schemas/check.schema.json)\n"
    "  -h, --help               this text\n"
    "\n"
    "Placeholders: a dataset field that still holds a `TODO` of `odpub init`'s draft\n"
    "(title, agency, license, ...) is a finding; release refuses it too.\n"
    "\n"
    "Exit: 0 every policy passes, 1 a finding (weaker than the baseline, broken\n"
    "reference, placeholder), 2 a policy does not load (POLICY:LINE:COL on stderr) or usage error.\n";

enum { OPT_JSON = 256, OPT_BASELINE, OPT_POLDIR };

static const struct option long_opts[] = {
    {"baseline", required_argument, NULL, OPT_BASELINE},
    {"policies-dir", required_argument, NULL, OPT_POLDIR},
    {"json", no_argument, NULL, OPT_JSON},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static const char *
kind_name(enum odp_check_kind k)
{
    switch (k) {
    case ODP_CHECK_BASELINE: return "baseline";
    case ODP_CHECK_PLACEHOLDER: return "placeholder";
    case ODP_CHECK_PRIVACY: return "privacy";
    case ODP_CHECK_REFERENCE: break;
    }
    return "reference";
}

static void
json_finding(FILE *out, const struct odp_check_finding *f)
{
    fprintf(out, "{\"kind\":");
    cli_json_str(out, kind_name(f->kind));
    fprintf(out, ",\"path\":");
    cli_json_str(out, f->path);
    fprintf(out, ",\"line\":%llu,\"col\":%llu,\"column\":", (unsigned long long)f->line,
           (unsigned long long)f->col);
    if (f->column != NULL) {
        cli_json_str(out, f->column);
    } else {
        fprintf(out, "null");
    }
    fprintf(out, ",\"category\":");
    if (f->category != NULL) {
        cli_json_str(out, f->category);
    } else {
        fprintf(out, "null");
    }
    fprintf(out, ",\"message\":");
    cli_json_str(out, f->msg);
    fprintf(out, "}");
}

/* One finding per line on stdout, like a compiler diagnostic: POLICY:LINE:COL: message. */
static void
text_finding(const struct odp_check_finding *f)
{
    if (f->line > 0) {
        printf("%s:%llu:%llu: %s\n", cli_esc(f->path), (unsigned long long)f->line,
               (unsigned long long)f->col, cli_esc(f->msg));
    } else {
        printf("%s: %s\n", cli_esc(f->path), cli_esc(f->msg));
    }
}

int
cmd_check(int argc, char **argv, struct cli *cli)
{
    struct odp_check_opts o;
    struct odp_check_result res;
    struct odp_err err;
    char line[2048];
    char *doc = NULL;
    size_t doclen = 0, k;
    FILE *out = stdout;
    int c, i, rc, worst = CLI_OK;

    odp_check_opts_init(&o);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", long_opts, NULL)) != -1) {
        switch (c) {
        case OPT_BASELINE: o.baseline = optarg; break;
        case OPT_POLDIR: o.policies_dir = optarg; break;
        case OPT_JSON: cli->json = 1; break;
        case 'h': return cli_help(usage_text);
        default: return cli_bad_option(cli, c, argv);
        }
    }
    if (optind >= argc) {
        return cli_usage(cli, "POLICY is missing");
    }
    if (cli->json) {
        /* the document is built first: "ok" comes first and depends on every policy */
        out = open_memstream(&doc, &doclen);
        if (out == NULL) {
            fprintf(stderr, "%s: out of memory\n", cli->prog);
            return CLI_ERROR;
        }
        fprintf(out, "{\"policies\":[");
    }
    for (i = optind; i < argc; i++) {
        odp_err_clear(&err);
        rc = odp_check(argv[i], &o, &res, &err);
        if (rc < 0 && rc != ODP_EVERIFY) {
            worst = CLI_ERROR;
            odp_err_format(&err, line, sizeof(line));
            fprintf(stderr, "%s: %s\n", cli->prog, line); /* escaped by odp_errf */
            if (cli->json) {
                fprintf(out, "%s{\"path\":", i > optind ? "," : "");
                cli_json_str(out, argv[i]);
                fprintf(out, ",\"ok\":false,\"error\":{\"code\":");
                cli_json_str(out, odp_code_name(err.code));
                fprintf(out, ",\"path\":");
                cli_json_str(out, err.path);
                fprintf(out, ",\"line\":%llu,\"col\":%llu,\"message\":", (unsigned long long)err.line,
                       (unsigned long long)err.col);
                cli_json_str(out, err.msg);
                fprintf(out, "},\"findings\":[]}");
            }
            continue;
        }
        if (rc == ODP_EVERIFY && worst == CLI_OK) {
            worst = CLI_FINDING;
        }
        if (cli->json) {
            fprintf(out, "%s{\"path\":", i > optind ? "," : "");
            cli_json_str(out, argv[i]);
            fprintf(out, ",\"ok\":%s,\"error\":null,\"baseline\":", res.nfindings ? "false" : "true");
            cli_json_str(out, res.baseline_path != NULL ? res.baseline_path : "");
            fprintf(out, ",\"columns\":%zu,\"findings\":[", res.ncolumns);
            for (k = 0; k < res.nfindings; k++) {
                fprintf(out, "%s", k ? "," : "");
                json_finding(out, &res.findings[k]);
            }
            fprintf(out, "]}");
        } else {
            for (k = 0; k < res.nfindings; k++) {
                text_finding(&res.findings[k]);
            }
            printf("%s: %s (%zu columns, baseline %s)\n", cli_esc(argv[i]),
                   res.nfindings ? "FAIL" : "ok", res.ncolumns,
                   res.baseline_path != NULL ? cli_esc(res.baseline_path) : "-");
        }
        odp_check_result_free(&res);
    }
    if (cli->json) {
        fprintf(out, "]}");
        if (fclose(out) != 0) {
            free(doc);
            fprintf(stderr, "%s: out of memory\n", cli->prog);
            return CLI_ERROR;
        }
        cli_json_doc(stdout, worst == CLI_OK, doc);
        free(doc);
    }
    return worst;
}
