/*
 * cmd_diff.c - `odpub diff OLD NEW [--pubkey K.pub] [--baseline FILE] [--json]`: two
 * releases of one dataset compared (lib/jobs/diff.c). Exit 0 no finding, 1 a weakening,
 * a differencing risk or a failed verification, 2 unusable input.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "odp/diff.h"

static const char usage[] =
    "usage: odpub diff OLD NEW [--pubkey K.pub] [--baseline FILE] [--max N] [--json]\n"
    "\n"
    "Compares two releases of one dataset (package directories or archives): columns\n"
    "added, removed or re-treated, and whether each change is stronger or weaker (against\n"
    "the baseline category of the column name); rows in, out, dropped and suppressed;\n"
    "the size of each quasi-identifier class in both releases; and the differencing risk:\n"
    "a class whose published count changed by 1..k-1 singles out the rows that came or\n"
    "went, and an aggregate count cell that changed by less than the small-cell threshold\n"
    "is a small cell recovered by subtracting the two releases. Only published values of\n"
    "quasi-identifier and group columns are shown.\n"
    "\n"
    "  -p, --pubkey K.pub     verify both packages with this key first (a package that\n"
    "                         fails is a finding; nothing else is compared)\n"
    "  -b, --baseline FILE    baseline policy (default: nyc-baseline, found like check)\n"
    "  -m, --max N            classes and cells listed (default 200; all are counted)\n"
    "      --json             one JSON document on stdout (docs/schemas/diff.json)\n"
    "  -h, --help             this text\n"
    "\n"
    "Exit status: 0 no finding, 1 a weakening, a differencing risk or a failed\n"
    "verification, 2 unusable input.\n";

static const struct option longopts[] = {
    {"pubkey", required_argument, NULL, 'p'}, {"baseline", required_argument, NULL, 'b'},
    {"max", required_argument, NULL, 'm'},    {"json", no_argument, NULL, 'j'},
    {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
};

static void
change(const char *what, unsigned long long a, unsigned long long b, int *first)
{
    printf("%s%s %llu -> %llu", *first ? "" : ", ", what, a, b);
    if (a != b) {
        printf(" (%s%llu)", b > a ? "+" : "-", b > a ? b - a : a - b);
    }
    *first = 0;
}

static void
values(char *const *cols, char *const *v, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        printf("%s%s=%s", i > 0 ? ", " : "", cli_esc(cols[i]), cli_esc(v[i]));
    }
}

static void
list(const struct odp_diff_class *c, size_t n, uint64_t total, char *const *cols, size_t ncols,
     int cells, uint32_t limit)
{
    size_t i;

    for (i = 0; i < n; i++) {
        uint64_t a = c[i].old_count, b = c[i].new_count, d = b > a ? b - a : a - b;

        printf("  %s ", c[i].risk ? "RISK" : "    ");
        values(cols, c[i].values, ncols);
        if (cells) {
            printf(" [%s]", cli_esc(c[i].column));
        }
        printf(": %llu -> %llu (%s%llu)", (unsigned long long)a, (unsigned long long)b,
               b > a ? "+" : "-", (unsigned long long)d);
        if (c[i].risk && cells) {
            printf(": a cell of %llu (< %u) recovered by subtracting the releases",
                   (unsigned long long)d, limit);
        } else if (c[i].risk) {
            printf(": the %llu row%s that %s %s singled out (< k=%u)", (unsigned long long)d,
                   d == 1 ? "" : "s", b > a ? "came" : "went", d == 1 ? "is" : "are", limit);
        }
        printf("\n");
    }
    if (total > n) {
        printf("  ... and %llu more (--max N lists more)\n", (unsigned long long)(total - n));
    }
}

static void
render_text(const struct odp_diff_result *r)
{
    size_t i;
    int first = 1;

    printf("diff: %s -> %s (dataset %s)\n", cli_esc(r->old.package), cli_esc(r->cur.package),
           cli_esc(r->cur.dataset));
    if (r->old.verified && r->cur.verified) {
        printf("signatures: both packages verified\n");
    }
    printf("rows: ");
    change("in", r->old.rows_in, r->cur.rows_in, &first);
    change("out", r->old.rows_out, r->cur.rows_out, &first);
    change("dropped", r->old.rows_dropped, r->cur.rows_dropped, &first);
    change("suppressed", r->old.rows_suppressed, r->cur.rows_suppressed, &first);
    printf("\ncolumns: %zu added, %zu removed, %zu re-treated (%zu weaker, %zu stronger)\n",
           r->cols_added, r->cols_removed, r->cols_retreated, r->weakened, r->strengthened);
    for (i = 0; i < r->ncols; i++) {
        const struct odp_diff_col *c = &r->cols[i];

        if (c->why != NULL) {
            printf("  %s %s: %s\n", c->dir == ODP_DIFF_WEAKER ? "WEAKER" : "      ",
                   cli_esc(c->name), cli_esc(c->why));
        }
    }
    if (r->k > 0) {
        printf("classes (");
        for (i = 0; i < r->nqi; i++) {
            printf("%s%s", i > 0 ? ", " : "", cli_esc(r->qi[i]));
        }
        printf("; k=%u): %llu -> %llu, %llu changed size, %llu differencing risk%s\n", r->k,
               (unsigned long long)r->classes_old, (unsigned long long)r->classes_new,
               (unsigned long long)r->classes_changed, (unsigned long long)r->classes_risk,
               r->classes_risk == 1 ? "" : "s");
        list(r->classes, r->nclasses, r->classes_changed, r->qi, r->nqi, 0, r->k);
    } else {
        printf("classes: not compared (no k-anonymity on quasi-identifiers both publish)\n");
    }
    if (r->threshold > 0) {
        printf("cells (threshold %u): %llu changed, %llu differencing risk%s\n", r->threshold,
               (unsigned long long)r->cells_changed, (unsigned long long)r->cells_risk,
               r->cells_risk == 1 ? "" : "s");
        list(r->cells, r->ncells, r->cells_changed, r->cell_by, r->ncell_by, 1, r->threshold);
    }
    if (r->ok && r->cols_added + r->cols_removed + r->cols_retreated == 0 &&
        r->classes_changed == 0 && r->cells_changed == 0 && r->old.rows_in == r->cur.rows_in &&
        r->old.rows_out == r->cur.rows_out) {
        printf("no changes\n");
    } else if (r->ok) {
        printf("no finding: no weakening, no differencing risk\n");
    } else {
        printf("%zu finding%s\n", r->findings, r->findings == 1 ? "" : "s");
    }
}

int
cmd_diff(int argc, char **argv, struct cli *cli)
{
    struct odp_diff_opts o;
    struct odp_diff_result *r = NULL;
    struct odp_err err;
    char *end;
    int c, rc;

    odp_diff_opts_init(&o);
    memset(&err, 0, sizeof(err));
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":p:b:m:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'p':
            o.pubkey_path = optarg;
            break;
        case 'b':
            o.baseline = optarg;
            break;
        case 'm':
            o.max_listed = (size_t)strtoull(optarg, &end, 10);
            if (end == optarg || *end != '\0' || optarg[0] == '-') {
                return cli_usage(cli, "--max needs a number");
            }
            break;
        case 'j':
            cli->json = 1;
            break;
        case 'h':
            return cli_help(usage);
        default:
            return cli_bad_option(cli, c, argv);
        }
    }
    if (optind + 2 != argc) {
        return cli_usage(cli, "expected two packages, OLD and NEW");
    }
    rc = odp_diff(argv[optind], argv[optind + 1], &o, &r, &err);
    if (rc != ODP_OK && rc != ODP_EVERIFY) {
        odp_diff_result_free(r);
        return cli_fail(cli, &err);
    }
    if (rc == ODP_EVERIFY && r != NULL &&
        (r->old.verify_error != NULL || r->cur.verify_error != NULL)) {
        char line[2048];

        odp_err_format(&err, line, sizeof(line));
        fprintf(stderr, "%s %s: %s\n", cli->prog, cli->cmd, line);
    }
    if (cli->json) {
        char *j = odp_diff_result_json(r);

        if (j == NULL) {
            odp_diff_result_free(r);
            fprintf(stderr, "%s %s: out of memory\n", cli->prog, cli->cmd);
            return CLI_ERROR;
        }
        fputs(j, stdout);
        free(j);
    } else if (r->old.verify_error == NULL && r->cur.verify_error == NULL) {
        render_text(r);
    }
    odp_diff_result_free(r);
    return cli_code(rc);
}
