/*
 * cmd_audit.c - `odpub audit DATA --policy P` and `odpub audit PKG`.
 *
 * Parses options, calls odp_audit once, and renders the result: a report for a person
 * (per column: detectors still firing with the lines of the first hits, identifier-like
 * kept columns, unscrubbed free text; then re-identification risk), or with --json the
 * whole result for CI. Never prints a value: lines and counts only.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "odp/audit.h"
#include "cli.h"

static const char usage_text[] =
    "usage: odpub audit DATA --policy POLICY [options]\n"
    "       odpub audit PKG [options]\n"
    "\n"
    "Reports what a release of DATA under POLICY would still expose, without writing\n"
    "anything: identifiers that detectors still find in published columns (with the input\n"
    "line numbers of the first hits, never the values), kept columns that look like\n"
    "identifiers, free text without scrub, and the re-identification risk of the\n"
    "quasi-identifiers. PKG (a package directory, or a .tar.zst, .zip or .tar.gz package)\n"
    "is audited as published, with its own policy.yaml.\n"
    "\n"
    "options:\n"
    "  -p, --policy FILE        the privacy policy (YAML); required for DATA\n"
    "      --qi A,B,C           quasi-identifiers to measure (default: the policy's)\n"
    "      --k N                k-anonymity threshold (default: the policy's k)\n"
    "      --input-format FMT   csv or json (default: by extension)\n"
    "      --delimiter D        the CSV field delimiter: , ; tab | (default: the\n"
    "                           policy's dataset.delimiter, else ,)\n"
    "      --encoding E         utf-8, latin-1 or windows-1252 (default: the policy's\n"
    "                           dataset.encoding, else utf-8); read as UTF-8\n"
    "      --policies-dir DIR   where 'extends' names are looked up\n"
    "      --throwaway-key      pseudonymize with a random key made for this run, even when\n"
    "                           the policy's key is at hand (it is used anyway when the key\n"
    "                           cannot be read): pseudonyms change no finding\n"
    "      --real-key           fail when the policy's key cannot be read\n"
    "      --json               one JSON document for CI (docs/schemas/audit.schema.json)\n"
    "      --html FILE          DATA: also write the readable risk report (privacy models,\n"
    "                           class sizes, levels chosen) as one self-contained HTML file\n"
    "  -h, --help               this text\n"
    "\n"
    "An auditor does not need the production pseudonym key: without it, audit uses a\n"
    "throwaway key and says so. On a terminal, stderr shows the percent of DATA read.\n"
    "\n"
    "Exit: 0 clean, 1 a finding (a detector hit in a published column, a kept identifier\n"
    "column, a class below k that the release would publish), 2 usage or input error.\n";

enum {
    OPT_JSON = 256,
    OPT_QI,
    OPT_K,
    OPT_INFMT,
    OPT_POLDIR,
    OPT_HTML,
    OPT_THROWAWAY,
    OPT_REALKEY,
    OPT_DELIM,
    OPT_ENC
};

static const struct option long_opts[] = {
    {"policy", required_argument, NULL, 'p'},
    {"qi", required_argument, NULL, OPT_QI},
    {"k", required_argument, NULL, OPT_K},
    {"input-format", required_argument, NULL, OPT_INFMT},
    {"delimiter", required_argument, NULL, OPT_DELIM},
    {"encoding", required_argument, NULL, OPT_ENC},
    {"policies-dir", required_argument, NULL, OPT_POLDIR},
    {"throwaway-key", no_argument, NULL, OPT_THROWAWAY},
    {"real-key", no_argument, NULL, OPT_REALKEY},
    {"json", no_argument, NULL, OPT_JSON},
    {"html", required_argument, NULL, OPT_HTML},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* Splits "a,b,c" in place into names; returns the count or -1 for an empty name. */
static int
split_qi(char *s, char **v, size_t max)
{
    size_t n = 0;
    char *p = s, *comma;

    for (;;) {
        comma = strchr(p, ',');
        if (comma != NULL) {
            *comma = '\0';
        }
        if (*p == '\0' || n == max) {
            return -1;
        }
        v[n++] = p;
        if (comma == NULL) {
            return (int)n;
        }
        p = comma + 1;
    }
}

static int
parse_k(const char *s, uint32_t *k)
{
    uint64_t v = 0;

    if (*s == '\0') {
        return -1;
    }
    for (; *s != '\0'; s++) {
        if (*s < '0' || *s > '9' || v > 100000000) {
            return -1;
        }
        v = v * 10 + (uint64_t)(*s - '0');
    }
    if (v == 0 || v > 100000000) {
        return -1;
    }
    *k = (uint32_t)v;
    return 0;
}

static void
print_lines(const struct odp_audit_hits *h)
{
    size_t i;

    for (i = 0; i < h->nlines; i++) {
        printf("%s%llu", i ? ", " : "", (unsigned long long)h->lines[i]);
    }
    if (h->count > h->nlines) {
        printf(", ...");
    }
}

static void
print_kinds(uint32_t mask)
{
    int d, first = 1;

    for (d = 0; d < ODP_DET__COUNT; d++) {
        if ((mask & (1u << d)) != 0) {
            printf("%s%s", first ? "" : ", ", cli_esc(odp_detector_name((enum odp_detector)d)));
            first = 0;
        }
    }
}

static void
print_file(const struct odp_audit_result *res, const struct odp_audit_file *f)
{
    size_t i;
    int d;

    printf("%s: %llu rows read, %llu dropped by rule, %llu audited\n", cli_esc(f->data_path),
           (unsigned long long)f->rows_in, (unsigned long long)f->rows_dropped,
           (unsigned long long)f->rows);
    for (i = 0; i < f->ncols; i++) {
        const struct odp_audit_col *c = &f->cols[i];

        if (c->hit_mask == 0 && !c->identifier && !c->free_text && c->scrub_omits == 0 &&
            c->named) {
            continue;
        }
        printf("  column '%s' (%s)%s\n", cli_esc(c->name),
               c->named ? odp_action_name(c->action) : "?",
               c->named ? "" : ": not named in the policy");
        for (d = 0; d < ODP_DET__COUNT; d++) {
            const struct odp_audit_hits *h = &c->hits[d];

            if (h->count == 0) {
                continue;
            }
            printf("    %-12s %llu values (%.2f %%), lines ",
                   odp_detector_name((enum odp_detector)d), (unsigned long long)h->count,
                   f->rows ? 100.0 * (double)h->count / (double)f->rows : 0.0);
            print_lines(h);
            printf("\n");
        }
        if (c->identifier) {
            printf("    kept, but looks like an identifier (");
            if (c->why != NULL) {
                printf("%s", c->why);
            } else if (c->looks_like != 0) {
                printf("most values match ");
                print_kinds(c->looks_like);
            }
            printf("): drop, redact, generalize or pseudonymize it\n");
        }
        if (c->free_text) {
            printf("    free text (%llu long values) without scrub: consider "
                   "{action: scrub, detect: [all]}\n",
                   (unsigned long long)c->long_text);
        }
        if (c->scrub_omits != 0) {
            printf("    free text scrubbed without ");
            print_kinds(c->scrub_omits);
            printf(": names and apartments stay; consider detect: [all]\n");
        }
    }
    if (f->has_risk) {
        const struct odp_kanon_stats *s = &f->risk;

        printf("  re-identification risk on [");
        for (i = 0; i < res->nqi; i++) {
            printf("%s%s", i ? ", " : "", cli_esc(res->qi[i]));
        }
        printf("]%s", res->k > 0 ? "" : " (no k given)");
        if (res->k > 0) {
            printf(" with k=%u", res->k);
        }
        printf(":\n    %llu classes, smallest %llu, %llu records in %llu classes below k, "
               "%llu unique records\n    prosecutor risk: max %.4f, average %.4f\n",
               (unsigned long long)s->classes, (unsigned long long)s->smallest,
               (unsigned long long)s->rows_below_k, (unsigned long long)s->classes_below_k,
               (unsigned long long)s->unique_rows, s->max_risk, s->avg_risk);
        if (res->k > 0 && s->classes_below_k > 0 && f->k_suppresses) {
            printf("    release suppresses those %llu records (on_violation: suppress)\n",
                   (unsigned long long)s->rows_below_k);
        }
    }
    if (f->small_cells_below > 0) {
        printf("  small cells: %llu counts below the threshold%s\n",
               (unsigned long long)f->small_cells_below,
               res->pkg ? " are published" : " (release suppresses them)");
    }
}

int
cmd_audit(int argc, char **argv, struct cli *cli)
{
    struct odp_audit_opts o;
    struct odp_audit_result res;
    struct odp_err err;
    struct cli_progress prog;
    char *qi[256], *qibuf = NULL, *json;
    size_t i;
    int c, rc, n;

    odp_audit_opts_init(&o);
    odp_err_clear(&err);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":p:h", long_opts, NULL)) != -1) {
        switch (c) {
        case 'p': o.policy = optarg; break;
        case OPT_QI:
            free(qibuf);
            qibuf = strdup(optarg);
            n = qibuf != NULL ? split_qi(qibuf, qi, sizeof(qi) / sizeof(qi[0])) : -1;
            if (n < 0) {
                free(qibuf);
                return cli_usage(cli, "--qi wants column names separated by commas");
            }
            o.qi = (const char *const *)qi;
            o.nqi = (size_t)n;
            break;
        case OPT_K:
            if (parse_k(optarg, &o.k) != 0) {
                free(qibuf);
                return cli_usage(cli, "--k wants a whole number from 1 to 100000000");
            }
            break;
        case OPT_DELIM:
            if (cli_delimiter(cli, optarg, &o.delimiter) != CLI_OK) {
                free(qibuf);
                return CLI_ERROR;
            }
            break;
        case OPT_ENC:
            if (cli_encoding(cli, optarg, &o.encoding) != CLI_OK) {
                free(qibuf);
                return CLI_ERROR;
            }
            break;
        case OPT_INFMT:
            if (cli_input_format(cli, optarg, &o.data_format) != CLI_OK) {
                free(qibuf);
                return CLI_ERROR;
            }
            break;
        case OPT_POLDIR: o.policies_dir = optarg; break;
        case OPT_THROWAWAY: o.throwaway_key = 1; break;
        case OPT_REALKEY: o.throwaway_key = -1; break;
        case OPT_JSON: cli->json = 1; break;
        case OPT_HTML: o.html = optarg; break;
        case 'h': free(qibuf); return cli_help(usage_text);
        default: free(qibuf); return cli_bad_option(cli, c, argv);
        }
    }
    if (optind + 1 != argc) {
        free(qibuf);
        return cli_usage(cli, optind >= argc ? "DATA or PKG is missing" : "one DATA or PKG only");
    }
    o.data = argv[optind];
    cli_progress_start(&prog, cli, "audit", cli_file_size(o.data));
    if (prog.on) {
        o.progress = cli_progress_cb;
        o.progress_ctx = &prog;
    }
    rc = odp_audit(&o, &res, &err);
    cli_progress_end(&prog);
    free(qibuf);
    if (rc < 0 && rc != ODP_EVERIFY) {
        return cli_fail(cli, &err);
    }
    if (cli->json) {
        json = odp_audit_json(&res);
        if (json == NULL) {
            odp_audit_result_free(&res);
            odp_errf(&err, ODP_ENOMEM, NULL, "out of memory");
            return cli_fail(cli, &err);
        }
        cli_json_doc(stdout, res.findings == 0, json);
        free(json);
    } else {
        printf("audit of %s under %s\n", cli_esc(o.data), cli_esc(res.policy_path));
        if (res.throwaway_key) {
            printf("note: pseudonymized with a throwaway key made for this audit%s%s%s; "
                   "pseudonyms do not change the findings\n",
                   res.throwaway_reason != NULL ? " (" : "",
                   res.throwaway_reason != NULL ? cli_esc(res.throwaway_reason) : "",
                   res.throwaway_reason != NULL ? ")" : "");
        }
        for (i = 0; i < res.nweaker; i++) {
            printf("weaker than the baseline: %s\n", cli_esc(res.weaker[i]));
        }
        for (i = 0; i < res.nfiles; i++) {
            print_file(&res, &res.files[i]);
        }
        printf("%s: %llu finding%s, %llu warning%s\n", res.findings ? "LEAK" : "clean",
               (unsigned long long)res.findings, res.findings == 1 ? "" : "s",
               (unsigned long long)res.warnings, res.warnings == 1 ? "" : "s");
    }
    odp_audit_result_free(&res);
    return rc == ODP_EVERIFY ? CLI_FINDING : CLI_OK;
}
