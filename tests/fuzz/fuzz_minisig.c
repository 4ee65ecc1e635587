/*
 * fuzz_minisig.c - the minisign parsers (lib/sign.h): odp_pubkey_parse, as `odpub
 * verify --pubkey` reads a .pub file (or the bare base64 line), and odp_verify_mem, as
 * verify checks a downloaded .minisig.
 *
 * Every input is tried both ways:
 *  - as a public key; when it parses, the key must verify the reference signature only
 *    if it is the reference key (same id and key bytes), else reject it;
 *  - as a signature over the reference message, verified with the reference key (the
 *    TEST key pair of shared/conformance/minisign, public parts only) and over the
 *    empty message. On success the trusted comment returned must be the bytes after
 *    "trusted comment: " on line 3 of the input.
 * Seeds are the conformance .pub/.minisig vectors, so mutations reach the algorithm,
 * key id, signature and global-signature checks, not only the base64 layer.
 */
#include <string.h>

#include "fuzz.h"
#include "sign.h"

static const char ref_pub[] =
    "untrusted comment: minisign public key D55CD6024EBCEFD2\n"
    "RWTS77xOAtZc1fW52EGL2OiL6e6OvTcHk7Oi4ybS4Njaqmuu4WrNN7o1\n";

static const char ref_msg[] = "Hello, odpub!\nThis file is a minisign conformance vector.\n";

static const char ref_sig[] =
    "untrusted comment: signature from minisign secret key\n"
    "RUTS77xOAtZc1VoAcm5S5jGitkdsIA8m20oi4qIASMtBDajI3itefx5THMaSSjRbb2512Ba2aN9HM1/FysDDv9C2"
    "/WUJqlYiMgw=\n"
    "trusted comment: timestamp:1700000000\tfile:message.txt\thashed\n"
    "UY/Lf4sdLKX4NxzSO/uonsQNp8yiaHKWA/v0n+VyGWS/vZXKsYjQg1vuAlHDryocJGBKlaHGsniu/tY5j/f3Dg==\n";

/* The trusted comment of line 3 of a signature text that verified. */
static void
check_trusted(const uint8_t *data, size_t size, const char *trusted)
{
    static const char pfx[] = "trusted comment: ";
    const uint8_t *p = data, *end = data + size, *nl;
    int line;

    for (line = 1; line < 3; line++) {
        nl = memchr(p, '\n', (size_t)(end - p));
        FUZZ_CHECK(nl != NULL);
        p = nl + 1;
    }
    nl = memchr(p, '\n', (size_t)(end - p));
    FUZZ_CHECK(nl != NULL);
    if (nl > p && nl[-1] == '\r') {
        nl--;
    }
    FUZZ_CHECK((size_t)(nl - p) >= sizeof(pfx) - 1 && memcmp(p, pfx, sizeof(pfx) - 1) == 0);
    p += sizeof(pfx) - 1;
    FUZZ_CHECK(strlen(trusted) == (size_t)(nl - p) && memcmp(trusted, p, strlen(trusted)) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct odp_pubkey *ref;
    static char ref_id[ODP_KEYID_HEXLEN + 1];
    struct odp_pubkey *pk = NULL;
    struct odp_err err;
    char *trusted = NULL;
    int rc;

    if (ref == NULL) {
        FUZZ_CHECK(odp_pubkey_parse(ref_pub, sizeof(ref_pub) - 1, "ref.pub", &ref, NULL) ==
                   ODP_OK);
        odp_pubkey_id(ref, ref_id);
        /* The harness's own vector must verify, or every verdict below is meaningless. */
        FUZZ_CHECK(odp_verify_mem(ref, ref_msg, sizeof(ref_msg) - 1, ref_sig, sizeof(ref_sig) - 1,
                                  "ref.minisig", NULL, NULL) == ODP_OK);
    }

    /* As a public key. */
    odp_err_clear(&err);
    rc = odp_pubkey_parse((const char *)data, size, "in.pub", &pk, &err);
    if (rc != ODP_OK) {
        fuzz_check_err(&err, rc);
        FUZZ_CHECK(pk == NULL);
    } else {
        char id[ODP_KEYID_HEXLEN + 1];

        FUZZ_CHECK(pk != NULL);
        odp_pubkey_id(pk, id);
        odp_err_clear(&err);
        rc = odp_verify_mem(pk, ref_msg, sizeof(ref_msg) - 1, ref_sig, sizeof(ref_sig) - 1,
                            "ref.minisig", NULL, &err);
        if (strcmp(id, ref_id) != 0) {
            FUZZ_CHECK(rc == ODP_EVERIFY);
        } else {
            FUZZ_CHECK(rc == ODP_OK || rc == ODP_EVERIFY);
        }
        odp_pubkey_free(pk);
    }

    /* As a signature over the reference message and over nothing. */
    odp_err_clear(&err);
    rc = odp_verify_mem(ref, ref_msg, sizeof(ref_msg) - 1, (const char *)data, size, "in.minisig",
                        &trusted, &err);
    if (rc == ODP_OK) {
        FUZZ_CHECK(trusted != NULL);
        check_trusted(data, size, trusted);
    } else {
        fuzz_check_err(&err, rc);
        FUZZ_CHECK(trusted == NULL);
    }
    free(trusted);
    trusted = NULL;
    odp_err_clear(&err);
    rc = odp_verify_mem(ref, "", 0, (const char *)data, size, "in.minisig", &trusted, &err);
    if (rc == ODP_OK) {
        FUZZ_CHECK(trusted != NULL);
        check_trusted(data, size, trusted);
    } else {
        fuzz_check_err(&err, rc);
    }
    free(trusted);
    return 0;
}
