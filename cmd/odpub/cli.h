/*
 * cli.h - what every subcommand shares: global flags, error output, exit codes.
 *
 * Exit codes: 0 success, 1 a finding (verification failed, audit found a leak, check
 * lint failed), 2 usage or input error. stdout carries results, stderr diagnostics.
 */
#ifndef ODPUB_CLI_H
#define ODPUB_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "odp/err.h"
#include "odp/format.h"

#define CLI_OK 0
#define CLI_FINDING 1
#define CLI_ERROR 2

#ifndef ODP_VERSION
#define ODP_VERSION "0.0.0"
#endif

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
int cmd_version(int argc, char **argv, struct cli *cli);
int cmd_diff(int argc, char **argv, struct cli *cli);

/* Maps a library result to an exit code (ODP_EVERIFY -> 1, other errors -> 2). */
int cli_code(int rc);

/*
 * Reports `err` (text on stderr, or with --json one JSON document on stdout) and
 * returns the exit code for it.
 */
int cli_fail(struct cli *cli, const struct odp_err *err);

/*
 * Usage error: prints one line "odpub CMD: msg (see 'odpub CMD --help')" on stderr
 * (with --json, also the error document on stdout); returns 2.
 */
int cli_usage(struct cli *cli, const char *fmt, ...) ODP_PRINTF(2, 3);

/*
 * What getopt_long returned for a bad option (optstrings start with ':' and opterr is
 * 0, so getopt itself prints nothing): one line naming the option, "needs an
 * argument" (c == ':') or "unknown option"; returns 2.
 */
int cli_bad_option(struct cli *cli, int c, char **argv);

/*
 * `s` with control bytes made visible (odp_escape), for printing names, headers and
 * paths. Returns one of 8 static buffers used in turn, so up to 8 results may be used
 * in one printf. Never NULL ("" for NULL).
 */
const char *cli_esc(const char *s);

/*
 * Prints a --json document: {"ok":OK,"odpub":"VERSION", then the members of the JSON
 * object `body` (whose own "ok" and "odpub" members are left out), then "}" and a
 * newline. `body` NULL or "{}" gives just ok and odpub.
 */
void cli_json_doc(FILE *f, int ok, const char *body);

/*
 * Progress on a terminal (cli_progress.c): "odpub CMD: 45% (450 MB of 1.0 GB), ETA 0:12"
 * on one \r-rewritten stderr line, at most 5 times a second. Silent unless stderr is a
 * terminal, and with --json. total 0 = unknown size (shows bytes or rows only).
 */
struct cli_progress {
    const char *what;   /* "release", "verify", "audit" */
    uint64_t total;     /* bytes expected, 0 = unknown */
    int on;
    int shown;          /* a line was printed (cleared by cli_progress_end) */
    double start, last;
};
void cli_progress_start(struct cli_progress *p, const struct cli *cli, const char *what,
                        uint64_t total);
/* A callback for the library: ctx is the struct cli_progress. */
void cli_progress_cb(void *ctx, uint64_t rows, uint64_t bytes);
void cli_progress_end(struct cli_progress *p);
/* The size of a regular file, or 0. */
uint64_t cli_file_size(const char *path);

/* Parses --input-format (csv, json). Returns 0, or prints the usage error and returns 2. */
int cli_input_format(struct cli *cli, const char *s, enum odp_input_format *fmt);
int cli_delimiter(struct cli *cli, const char *s, int *delim);
int cli_encoding(struct cli *cli, const char *s, enum odp_encoding *enc);

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
