/*
 * main.c - odpub's command table and global flags (after git's git.c).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const struct {
    const char *name;
    cli_cmd_fn fn;
    const char *summary;
} commands[] = {
    {"init", cmd_init, "draft a policy for a raw dataset"},
    {"check", cmd_check, "validate policies and lint them against the baseline"},
    {"audit", cmd_audit, "report what a release would still expose"},
    {"release", cmd_release, "transform, describe, sign and package a dataset"},
    {"verify", cmd_verify, "check a package's signature, manifests and layout"},
    {"keygen", cmd_keygen, "make a signing key pair or a pseudonym key"},
    {"portal", cmd_portal, "build a static catalog site from verified packages"},
    {"diff", cmd_diff, "compare two releases: changes and differencing risk"},
    {"version", cmd_version, "print odpub's version (also --version)"},
};

static const char version_usage[] =
    "usage: odpub version [--json]\n"
    "       odpub --version | -V\n"
    "\n"
    "Prints \"odpub VERSION\" (with --json: {\"ok\":true,\"odpub\":\"VERSION\"}).\n"
    "\n"
    "Exit: 0.\n";

int
cmd_version(int argc, char **argv, struct cli *cli)
{
    int k;

    for (k = 1; k < argc; k++) {
        if (strcmp(argv[k], "--help") == 0 || strcmp(argv[k], "-h") == 0) {
            return cli_help(version_usage);
        }
        if (strcmp(argv[k], "--json") != 0) {
            return cli_usage(cli, "unknown option '%s'", argv[k]);
        }
    }
    if (cli->json) {
        cli_json_doc(stdout, 1, NULL);
    } else {
        printf("odpub %s\n", ODP_VERSION);
    }
    return CLI_OK;
}

static int
usage(FILE *f)
{
    size_t i;

    fprintf(f, "usage: odpub COMMAND [OPTIONS] ...\n\n"
               "Privacy-preserving open-data publishing.\n\ncommands:\n");
    for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
        fprintf(f, "  %-8s  %s\n", commands[i].name, commands[i].summary);
    }
    fprintf(f, "\n'odpub COMMAND --help' (or 'odpub help COMMAND') describes one command.\n"
               "Exit codes: 0 success, 1 a finding, 2 usage or input error.\n");
    return f == stdout ? CLI_OK : CLI_ERROR;
}

int
main(int argc, char **argv)
{
    struct cli cli = {"odpub", NULL, 0, 0};
    char *help_argv[3];
    size_t i;
    int k;

    /* Archive timestamps (zip stores local time) must not depend on the caller's TZ. */
    setenv("TZ", "UTC", 1);
    /* Past a file-size limit (ulimit -f) write(2) then fails with EFBIG: the run stops
     * with an error and removes its temp files instead of dying by SIGXFSZ. */
    signal(SIGXFSZ, SIG_IGN);
    tzset();
    cli.tty = isatty(STDERR_FILENO);
    if (argc < 2) {
        return usage(stderr);
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        return usage(stdout);
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
        printf("odpub %s\n", ODP_VERSION);
        return CLI_OK;
    }
    if (strcmp(argv[1], "help") == 0) {
        if (argc < 3) {
            return usage(stdout);
        }
        help_argv[0] = argv[2];
        help_argv[1] = "--help";
        help_argv[2] = NULL;
        argv = help_argv;
        argc = 2;
    } else {
        argv++;
        argc--;
    }
    for (k = 1; k < argc; k++) {
        if (strcmp(argv[k], "--json") == 0) {
            cli.json = 1;
        }
    }
    for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
        if (strcmp(argv[0], commands[i].name) == 0) {
            cli.cmd = commands[i].name;
            return commands[i].fn(argc, argv, &cli);
        }
    }
    fprintf(stderr, "odpub: '%s' is not a command (see 'odpub --help')\n", cli_esc(argv[0]));
    return CLI_ERROR;
}
