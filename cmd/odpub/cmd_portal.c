/*
 * cmd_portal.c - `odpub portal PKG... --pubkey K.pub -o SITE [--base-url URL] [--force]
 * [--json]`: verifies every package, then builds the static catalog site (lib/portal.c).
 * Exit 0 built, 1 a package failed verification (nothing written), 2 unusable input.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "odp/portal.h"

static const char usage[] =
    "usage: odpub portal PKG... --pubkey K.pub -o SITE [--base-url URL] [--force] [--json]\n"
    "\n"
    "Verifies each package archive (with its .minisig beside it) against the agency key,\n"
    "then writes a static catalog site: index.html (search and filters), a page per\n"
    "dataset (data dictionary with each column's privacy treatment, preview, downloads,\n"
    "in-browser signature check), data.json (DCAT-US), catalog.json and downloads/.\n"
    "Releases of one dataset (one policy name) are one entry: its page lists every\n"
    "version newest first, each with downloads, a Verify button and what changed since\n"
    "the version before (as odpub diff computes it).\n"
    "A package that fails verification is refused and nothing is written. The same\n"
    "packages give a byte-identical site. Open SITE/index.html or serve SITE as is.\n"
    "\n"
    "  -p, --pubkey K.pub     the agency's minisign public key (required)\n"
    "  -o, --output SITE      the site directory to create (--out is the same)\n"
    "  -b, --base-url URL     where SITE will be served: adds landingPage and downloadURL\n"
    "                         links to data.json\n"
    "  -f, --force            replace an existing site built by odpub portal\n"
    "      --json             one JSON document on stdout (docs/schemas/portal.schema.json)\n"
    "  -h, --help             this text\n"
    "\n"
    "Exit: 0 site built, 1 a package failed verification, 2 unusable input.\n";

static const struct option longopts[] = {
    {"pubkey", required_argument, NULL, 'p'},
    {"output", required_argument, NULL, 'o'},
    {"out", required_argument, NULL, 'o'},
    {"base-url", required_argument, NULL, 'b'},
    {"force", no_argument, NULL, 'f'},
    {"json", no_argument, NULL, 'j'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static void
render_json(const struct odp_portal_result *r)
{
    size_t i;

    printf("{\"ok\":true,\"odpub\":\"%s\",\"site\":", ODP_VERSION);
    cli_json_str(stdout, r->site);
    printf(",\"key_id\":");
    cli_json_str(stdout, r->key_id);
    printf(",\"datasets\":[");
    for (i = 0; i < r->nds; i++) {
        printf("%s{\"dataset\":", i > 0 ? "," : "");
        cli_json_str(stdout, r->ds[i].dataset);
        printf(",\"package\":");
        cli_json_str(stdout, r->ds[i].package);
        printf(",\"title\":");
        cli_json_str(stdout, r->ds[i].title);
        printf(",\"page\":");
        cli_json_str(stdout, r->ds[i].page);
        printf(",\"archive\":");
        cli_json_str(stdout, r->ds[i].archive);
        printf(",\"rows\":%" PRId64 ",\"versions\":%zu}", r->ds[i].rows, r->ds[i].versions);
    }
    printf("]}\n");
}

static int
refused(struct cli *cli, const struct odp_portal_result *r, const struct odp_err *err)
{
    char line[2048];

    odp_err_format(err, line, sizeof(line));
    fprintf(stderr, "%s: %s\n", cli->prog, line);
    if (cli->json) {
        printf("{\"ok\":false,\"odpub\":\"%s\",\"refused\":", ODP_VERSION);
        cli_json_str(stdout, r->refused);
        printf(",\"error\":{\"code\":");
        cli_json_str(stdout, odp_code_name(err->code));
        printf(",\"path\":");
        cli_json_str(stdout, err->path);
        printf(",\"message\":");
        cli_json_str(stdout, err->msg);
        printf("},\"verify\":%s}\n", r->refused_json != NULL ? r->refused_json : "null");
    }
    return cli_code(err->code);
}

int
cmd_portal(int argc, char **argv, struct cli *cli)
{
    struct odp_portal_opts o;
    struct odp_portal_result *r = NULL;
    struct odp_err err;
    const char *site = NULL;
    size_t i;
    int c, rc;

    odp_portal_opts_init(&o);
    memset(&err, 0, sizeof(err));
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":p:o:b:fh", longopts, NULL)) != -1) {
        switch (c) {
        case 'p': o.pubkey_path = optarg; break;
        case 'o': site = optarg; break;
        case 'b': o.base_url = optarg; break;
        case 'f': o.force = 1; break;
        case 'j': cli->json = 1; break;
        case 'h': return cli_help(usage);
        default: return cli_bad_option(cli, c, argv);
        }
    }
    if (optind >= argc) {
        return cli_usage(cli, "expected at least one package archive");
    }
    if (o.pubkey_path == NULL) {
        return cli_usage(cli, "--pubkey K.pub is required: packages are verified first");
    }
    if (site == NULL) {
        return cli_usage(cli, "-o/--output SITE is required");
    }
    if (o.base_url != NULL && strncmp(o.base_url, "https://", 8) != 0 &&
        strncmp(o.base_url, "http://", 7) != 0) {
        return cli_usage(cli, "--base-url must start with https:// or http://");
    }
    rc = odp_portal_build((const char *const *)argv + optind, (size_t)(argc - optind), site, &o,
                          &r, &err);
    if (rc != ODP_OK) {
        if (r != NULL && r->refused != NULL) {
            rc = refused(cli, r, &err);
        } else {
            rc = cli_fail(cli, &err);
        }
        odp_portal_result_free(r);
        return rc;
    }
    if (cli->json) {
        render_json(r);
    } else {
        printf("portal: %zu dataset%s verified (key ID %s) -> %s\n", r->nds,
               r->nds == 1 ? "" : "s", cli_esc(r->key_id), cli_esc(r->site));
        for (i = 0; i < r->nds; i++) {
            printf("  %s  %s (%zu version%s)\n", cli_esc(r->ds[i].page), cli_esc(r->ds[i].title),
                   r->ds[i].versions, r->ds[i].versions == 1 ? "" : "s");
        }
        printf("open %s/index.html\n", cli_esc(r->site));
    }
    odp_portal_result_free(r);
    return CLI_OK;
}
