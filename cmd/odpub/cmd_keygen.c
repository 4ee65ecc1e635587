/*
 * cmd_keygen.c - `odpub keygen`: a minisign-compatible signing key pair, or a pseudonym
 * key file.
 *
 * The passphrase comes from --passphrase-file, $ODPUB_PASSPHRASE_FILE or a prompt on
 * the terminal (twice); -W writes an unencrypted key. Without any of them and with no
 * terminal, keygen refuses (exit 2) rather than silently writing an unencrypted key.
 * Prints where the files are and the key id; never the key or the passphrase.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "cli.h"
#include "odp/keys.h"


static const char usage_text[] =
    "usage: odpub keygen NAME [--force] [-W | --passphrase-file FILE] [--comment TEXT] [--json]\n"
    "       odpub keygen -o NAME [...]\n"
    "       odpub keygen --pseudonym FILE [--force] [--json]\n"
    "\n"
    "Makes an Ed25519 signing key pair NAME.key (secret, mode 0600) and NAME.pub in\n"
    "minisign's formats: minisign can sign with the key and verify odpub's signatures.\n"
    "The secret key is encrypted with a passphrase (scrypt, as minisign) unless -W.\n"
    "\n"
    "  -o, --output NAME          the same as the NAME argument (--out is the same)\n"
    "  -f, --force                replace existing NAME.key / NAME.pub (or FILE)\n"
    "  -W, --no-passphrase        write the secret key unencrypted\n"
    "      --passphrase-file FILE read the passphrase from FILE (one line; also\n"
    "                             $ODPUB_PASSPHRASE_FILE); default: prompt twice on the\n"
    "                             terminal, or refuse when stdin is not a terminal\n"
    "  -c, --comment TEXT         untrusted comment of the secret key file\n"
    "      --pseudonym FILE       write a new pseudonym key (64 hex characters, mode 0600)\n"
    "                             for a policy's keys: section instead of a key pair\n"
    "      --json                 print the result as JSON (docs/schemas/keygen.schema.json)\n"
    "  -h, --help                 this text\n"
    "\n"
    "Exit: 0 done, 2 usage error, existing files, or I/O error.\n";

enum { OPT_PASSFILE = 256, OPT_PSEUDO, OPT_JSON };

static const struct option options[] = {
    {"force", no_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"out", required_argument, NULL, 'o'},
    {"no-passphrase", no_argument, NULL, 'W'},
    {"passphrase-file", required_argument, NULL, OPT_PASSFILE},
    {"comment", required_argument, NULL, 'c'},
    {"pseudonym", required_argument, NULL, OPT_PSEUDO},
    {"json", no_argument, NULL, OPT_JSON},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static int
pseudonym(struct cli *cli, const char *path, int force)
{
    struct odp_err err;

    odp_err_clear(&err);
    if (odp_secret_generate_file(path, force, &err) < 0) {
        return cli_fail(cli, &err);
    }
    if (cli->json) {
        printf("{\"ok\":true,\"odpub\":\"%s\",\"pseudonym_key\":", ODP_VERSION);
        cli_json_str(stdout, path);
        printf("}\n");
    } else {
        printf("pseudonym key: %s (mode 0600; keep it secret, name it in a policy's keys:)\n",
               cli_esc(path));
    }
    return CLI_OK;
}

int
cmd_keygen(int argc, char **argv, struct cli *cli)
{
    const char *passfile = NULL, *comment = NULL, *pseudo = NULL, *output = NULL, *name;
    char id[ODP_KEYID_HEXLEN + 1];
    char *pass = NULL, *keypath, *pubpath;
    struct odp_err err;
    size_t nlen;
    int force = 0, nopass = 0, c, rc;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":fWc:o:h", options, NULL)) != -1) {
        switch (c) {
        case 'f': force = 1; break;
        case 'W': nopass = 1; break;
        case OPT_PASSFILE: passfile = optarg; break;
        case 'c': comment = optarg; break;
        case 'o': output = optarg; break;
        case OPT_PSEUDO: pseudo = optarg; break;
        case OPT_JSON: cli->json = 1; break;
        case 'h': return cli_help(usage_text);
        default: return cli_bad_option(cli, c, argv);
        }
    }
    if (pseudo != NULL) {
        if (optind != argc || nopass || passfile != NULL || comment != NULL || output != NULL) {
            return cli_usage(cli, "--pseudonym FILE takes no NAME, passphrase or comment");
        }
        return pseudonym(cli, pseudo, force);
    }
    if (output != NULL ? optind != argc : optind + 1 != argc) {
        return cli_usage(cli, optind >= argc ? "NAME is missing" : "one NAME only");
    }
    name = output != NULL ? output : argv[optind];
    if (nopass && passfile != NULL) {
        return cli_usage(cli, "-W and --passphrase-file exclude each other");
    }
    odp_err_clear(&err);
    if (!nopass) {
        if (passfile == NULL && getenv("ODPUB_PASSPHRASE_FILE") == NULL &&
            !isatty(STDIN_FILENO)) {
            odp_errf(&err, ODP_EINVAL, NULL,
                     "stdin is not a terminal, so no passphrase can be asked: pass -W for an "
                     "unencrypted key or --passphrase-file FILE");
            return cli_fail(cli, &err);
        }
        if (cli_read_passphrase_err(passfile, 1, &pass, &err) < 0) {
            return cli_fail(cli, &err);
        }
    }
    rc = odp_keygen_pair_ex(name, pass, force, comment, id, &err);
    if (pass != NULL) {
        OPENSSL_cleanse(pass, strlen(pass));
        free(pass);
    }
    if (rc < 0) {
        return cli_fail(cli, &err);
    }
    nlen = strlen(name);
    keypath = malloc(nlen + 5);
    pubpath = malloc(nlen + 5);
    if (keypath == NULL || pubpath == NULL) {
        free(keypath);
        free(pubpath);
        fprintf(stderr, "%s: out of memory\n", cli->prog);
        return CLI_ERROR;
    }
    memcpy(keypath, name, nlen);
    memcpy(keypath + nlen, ".key", 5);
    memcpy(pubpath, name, nlen);
    memcpy(pubpath + nlen, ".pub", 5);
    if (cli->json) {
        printf("{\"ok\":true,\"odpub\":\"%s\",\"secret\":", ODP_VERSION);
        cli_json_str(stdout, keypath);
        printf(",\"public\":");
        cli_json_str(stdout, pubpath);
        printf(",\"key_id\":\"%s\",\"encrypted\":%s}\n", id, nopass ? "false" : "true");
    } else {
        printf("secret key: %s (%s; keep it secret)\n", cli_esc(keypath),
               nopass ? "not encrypted" : "encrypted with the passphrase");
        printf("public key: %s\n", cli_esc(pubpath));
        printf("key id:     %s\n", id);
    }
    free(keypath);
    free(pubpath);
    return CLI_OK;
}
