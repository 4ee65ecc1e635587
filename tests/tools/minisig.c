/*
 * minisig.c - test tool: signs and verifies single files with lib/sign.c, so the
 * end-to-end tests can check odpub's signatures and keys against the minisign tool.
 *
 * Usage: minisig sign SECKEY FILE TRUSTED_COMMENT [PASSPHRASE_FILE]  (.minisig on stdout)
 *        minisig verify PUBKEY FILE SIGFILE      (prints the trusted comment)
 * Exit codes: 0 ok, 1 verification failed, 2 other errors (message on stderr).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs.h"
#include "sign.h"

static int
fail(const struct odp_err *err)
{
    char line[2048];

    fprintf(stderr, "minisig: %s\n", odp_err_format(err, line, sizeof(line)));
    return err->code == ODP_EVERIFY ? 1 : 2;
}

int
main(int argc, char **argv)
{
    struct odp_err err;
    struct odp_seckey *sk = NULL;
    struct odp_pubkey *pk = NULL;
    char *text = NULL, *pass = NULL, *trusted = NULL;
    size_t len = 0;
    int rc;

    odp_err_clear(&err);
    if (argc >= 5 && argc <= 6 && strcmp(argv[1], "sign") == 0) {
        if (argc == 6) {
            if (odp_read_file(argv[5], 4096, &pass, &len, &err) < 0) {
                return fail(&err);
            }
            pass[strcspn(pass, "\n")] = '\0';
        }
        rc = odp_seckey_load(argv[2], pass, &sk, &err);
        free(pass);
        if (rc < 0) {
            return fail(&err);
        }
        rc = odp_sign_file(sk, argv[3], argv[4], NULL, &text, &err);
        odp_seckey_free(sk);
        if (rc < 0) {
            return fail(&err);
        }
        fputs(text, stdout);
        free(text);
        return 0;
    }
    if (argc == 5 && strcmp(argv[1], "verify") == 0) {
        if (odp_pubkey_load(argv[2], &pk, &err) < 0) {
            return fail(&err);
        }
        if (odp_read_file(argv[4], 65536, &text, &len, &err) < 0) {
            odp_pubkey_free(pk);
            return fail(&err);
        }
        rc = odp_verify_file(pk, argv[3], text, len, argv[4], &trusted, &err);
        free(text);
        odp_pubkey_free(pk);
        if (rc < 0) {
            return fail(&err);
        }
        printf("%s\n", trusted);
        free(trusted);
        return 0;
    }
    fprintf(stderr, "usage: minisig sign SECKEY FILE TRUSTED [PASSFILE] | "
                    "minisig verify PUBKEY FILE SIGFILE\n");
    return 2;
}
