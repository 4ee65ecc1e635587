/*
 * cmd_verify.c - `odpub verify PKG [--pubkey K.pub] [--unsigned] [--json]`.
 *
 * Parses arguments, calls odp_verify_package once and renders the result: one line per
 * failing check on stderr ("odpub: PKG/FILE: DETAIL"), then the trusted comment and a
 * summary on stdout, or one JSON document with --json. Exit 0 valid, 1 verification
 * failed, 2 unusable input.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "odp/verify.h"

static const char usage[] =
    "usage: odpub verify PKG [--pubkey K.pub] [--unsigned] [--bag-only] [--json]\n"
    "\n"
    "Checks a package (directory, .zip, .tar, .tar.gz or .tar.zst): the signature over\n"
    "tagmanifest-sha256.txt, every tag file, every payload file, Payload-Oxum, that no\n"
    "file is missing or extra, and datapackage.json's hashes. An archive is read without\n"
    "extracting it; its detached ARCHIVE.minisig must sit beside it and is checked over\n"
    "the archive's bytes before anything of the archive is read.\n"
    "\n"
    "  -p, --pubkey K.pub   minisign public key of the publisher\n"
    "  -u, --unsigned       check a bag without a signature (prints a warning)\n"
    "      --bag-only       an archive without ARCHIVE.minisig: check only the\n"
    "                       signature inside the bag (prints a warning)\n"
    "      --json           one JSON document on stdout (docs/schemas/verify.schema.json)\n"
    "  -h, --help           this text\n"
    "\n"
    "On a terminal, stderr shows the percent of an archive read and an ETA.\n"
    "\n"
    "Exit: 0 valid, 1 verification failed (a corrupt or refused archive too),\n"
    "2 unusable input (no such file, bad key, bad arguments).\n";

static const struct option longopts[] = {
    {"pubkey", required_argument, NULL, 'p'},
    {"unsigned", no_argument, NULL, 'u'},
    {"json", no_argument, NULL, 'j'},
    {"bag-only", no_argument, NULL, 'b'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static void
render_text(const char *pkg, const struct odp_verify_result *r)
{
    size_t i;

    for (i = 0; i < r->nwarnings; i++) {
        fprintf(stderr, "odpub: warning: %s\n", cli_esc(r->warnings[i]));
    }
    for (i = 0; i < r->nchecks; i++) {
        const struct odp_verify_check *c = &r->checks[i];

        if (!c->ok) {
            fprintf(stderr, "odpub: %s%s%s: %s\n", cli_esc(pkg), c->file[0] != '\0' ? "/" : "",
                    cli_esc(c->file), cli_esc(c->detail));
        }
    }
    if (r->trusted_comment != NULL) {
        printf("trusted comment: %s\n", cli_esc(r->trusted_comment));
    }
    if (r->archive_trusted_comment != NULL) {
        printf("archive trusted comment: %s\n", cli_esc(r->archive_trusted_comment));
    }
    if (r->package == NULL) {
        /* Nothing of the archive was read (refused, unreadable or badly signed). */
        printf("verification FAILED\n");
        return;
    }
    printf("package: %s\n", cli_esc(r->package));
    if (r->title != NULL) {
        printf("dataset: %s\n", cli_esc(r->title));
    }
    if (r->agency != NULL) {
        printf("agency: %s\n", cli_esc(r->agency));
    }
    if (r->release_date != NULL) {
        printf("release date: %s\n", cli_esc(r->release_date));
    }
    if (r->rows >= 0) {
        printf("rows: %" PRId64 "\n", r->rows);
    }
    printf("payload: %" PRIu64 " files, %" PRIu64 " bytes\n", r->payload_files,
           r->payload_bytes);
    for (i = 0; i < r->ncols; i++) {
        printf("  %s (%s): %s\n", cli_esc(r->cols[i].name), cli_esc(r->cols[i].type),
               cli_esc(r->cols[i].treatment));
    }
    printf("%s\n", r->ok ? "verified: OK" : "verification FAILED");
}

int
cmd_verify(int argc, char **argv, struct cli *cli)
{
    struct odp_verify_opts o;
    struct odp_verify_result *r = NULL;
    struct odp_err err;
    struct cli_progress prog;
    char pkg[4096];
    size_t n;
    int c, rc;

    odp_verify_opts_init(&o);
    memset(&err, 0, sizeof(err));
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":p:uh", longopts, NULL)) != -1) {
        switch (c) {
        case 'p': o.pubkey_path = optarg; break;
        case 'u': o.allow_unsigned = 1; break;
        case 'j': cli->json = 1; break;
        case 'b': o.bag_only = 1; break;
        case 'h': return cli_help(usage);
        default: return cli_bad_option(cli, c, argv);
        }
    }
    if (optind + 1 != argc) {
        return cli_usage(cli, "expected exactly one package");
    }
    /* Shown as the prefix of every finding: "PKG/FILE", so without trailing slashes. */
    snprintf(pkg, sizeof(pkg), "%s", argv[optind]);
    n = strlen(pkg);
    while (n > 1 && pkg[n - 1] == '/') {
        pkg[--n] = '\0';
    }
    if (o.pubkey_path == NULL && !o.allow_unsigned) {
        return cli_usage(cli, "give --pubkey K.pub, or --unsigned to skip the signature");
    }
    cli_progress_start(&prog, cli, "verify", cli_file_size(pkg));
    if (prog.on) {
        o.progress = cli_progress_cb;
        o.progress_ctx = &prog;
    }
    rc = odp_verify_package(pkg, &o, &r, &err);
    cli_progress_end(&prog);
    if (rc != ODP_OK && rc != ODP_EVERIFY) {
        /* Unusable input (not found, hostile or corrupt archive, bad key): exit 2. */
        odp_verify_result_free(r);
        return cli_fail(cli, &err);
    }
    if (cli->json) {
        char *j = odp_verify_result_json(r);

        if (j == NULL) {
            odp_verify_result_free(r);
            fprintf(stderr, "odpub: out of memory\n");
            return CLI_ERROR;
        }
        cli_json_doc(stdout, r->ok && rc == ODP_OK, j);
        free(j);
        if (rc == ODP_EVERIFY) {
            size_t i;

            for (i = 0; i < r->nchecks; i++) {
                if (!r->checks[i].ok) {
                    fprintf(stderr, "odpub: %s%s%s: %s\n", cli_esc(pkg),
                            r->checks[i].file[0] ? "/" : "", cli_esc(r->checks[i].file),
                            cli_esc(r->checks[i].detail));
                }
            }
        }
    } else {
        render_text(pkg, r);
    }
    odp_verify_result_free(r);
    return cli_code(rc);
}
