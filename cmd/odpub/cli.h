/*
 * cli.h - what every subcommand shares: global flags, error output, exit codes.
 *
 * Exit codes: 0 success, 1 a finding (verification failed, audit found a leak, check
 * lint failed), 2 usage or input error. stdout carries results, stderr diagnostics.
 */
#ifndef ODPUB_CLI_H
#define ODPUB_CLI_H

#include <stdio.h>

#include "odp/err.h"
#include "odp/format.h"

#define CLI_OK 0
#define CLI_FINDING 1
#define CLI_ERROR 2

struct cli {
    const char *prog;    /* "odpub" */
    const char *cmd;     /* subcommand name */
    int json;            /* --json given */
    int tty;             /* stderr is a terminal (progress lines) */
};

typedef int (*cli_cmd_fn)(int argc, char **argv, struct cli *cli);

int cmd_init(int argc, char **argv, struct cli *cli);
int cmd_check(int argc, char **argv, struct cli *cli);
int cmd_audit(int argc, char **argv, struct cli *cli);
int cmd_release(int argc, char **argv, struct cli *cli);
int cmd_verify(int argc, char **argv, struct cli *cli);
int cmd_keygen(int argc, char **argv, struct cli *cli);
int cmd_portal(int argc, char **argv, struct cli *cli);
int cmd_diff(int argc, char **argv, struct cli *cli);

/* Maps a library result to an exit code (ODP_EVERIFY -> 1, other errors -> 2). */
int cli_code(int rc);

/*
 * Reports `err` (text on stderr, or with --json one JSON document on stdout) and
 * returns the exit code for it.
 */
int cli_fail(struct cli *cli, const struct odp_err *err);

/* Usage error: prints "odpub CMD: msg" and a hint to --help; returns 2. */
int cli_usage(struct cli *cli, const char *fmt, ...) ODP_PRINTF(2, 3);

/* Parses --input-format (csv, json). Returns 0, or prints the usage error and returns 2. */
int cli_input_format(struct cli *cli, const char *s, enum odp_input_format *fmt);

/* Prints a usage text to stdout (for --help) and returns 0. */
int cli_help(const char *text);

/*
 * cli_pass.c: reads a passphrase from FILE (one line, final newline removed) or, when
 * file_opt is NULL and stdin is a terminal, prompts (twice with confirm). *out is
 * heap memory the caller wipes and frees. Returns 0, or 2 after printing an error.
 */
int cli_read_passphrase(const char *file_opt, int confirm, char **out);
/*
 * The same, reporting into err instead of printing (for --json): file_opt, else
 * $ODPUB_PASSPHRASE_FILE, else the terminal; ODP_EINVAL when none is available.
 */
int cli_read_passphrase_err(const char *file_opt, int confirm, char **out, struct odp_err *err);

/* Writes a JSON string literal (escaped) to f. */
void cli_json_str(FILE *f, const char *s);

#endif
