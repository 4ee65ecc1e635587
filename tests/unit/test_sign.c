/*
 * test_sign.c - minisign-compatible keys and signatures (lib/sign.c, lib/keygen.c).
 *
 * Checks against shared/conformance/minisign: byte-identical signing with test.key, the
 * verifier's verdict on every positive and negative vector, BLAKE2b against RFC 7693 and
 * the vectors' checksum, libsodium's scrypt parameter choice, an encrypted key made by
 * Debian's minisign 0.11 (`minisign -G`, passphrase "pw"), key hygiene (modes, symlinks,
 * algorithm ids, checksums) and hostile signature text (truncations, bit flips, sizes).
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <openssl/evp.h>

#include "sign.h"

#define MS ODP_SHARED "/conformance/minisign"
#define TRUSTED "timestamp:1700000000\tfile:message.txt\thashed"

/* A throwaway key made with `printf 'pw\npw\n' | minisign -G -p enc.pub -s enc.key -c
 * "enc test"` (Debian minisign 0.11, libsodium SENSITIVE limits). */
static const char ms_enc_key[] =
    "untrusted comment: enc test\n"
    "RWRTY0IykD/x6iSu1JxCmRRV5OMq2InE15tcw6T8Vcv9hFG53IIAAAACAAAAAAAAAEAAAAAADKGjAB7PX/fzCzbsgbYB"
    "eQFOWLdO3u8sXvLHae/B4FbgQFXvdhwCsgeo0hSvbAqpihqTfNiohAgXSeADmax4fggt6evoAeRygYJb98UFeRTrMd"
    "RFXILMIi2yYKgVwy3GDNee+hwrO9I=\n";
static const char ms_enc_pub[] = "untrusted comment: minisign public key 1E68E54A08222E84\n"
                                 "RWSELiIISuVoHh/+oAxtYYn03JMIfHQ9fWBiAblcSoCC3d/DImVPyEV2\n";

static char tmpdir[256];

static char *
slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *p;
    long n;

    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    assert_true(n >= 0);
    rewind(f);
    p = malloc((size_t)n + 1);
    assert_non_null(p);
    assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
    p[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return p;
}

static void
spit(const char *path, const void *p, size_t n, mode_t mode)
{
    int fd;

    unlink(path);
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, p, n), (ssize_t)n);
    assert_int_equal(fchmod(fd, mode), 0);
    close(fd);
}

static char *
tpath(const char *name)
{
    static char buf[4][512];
    static int k;

    k = (k + 1) % 4;
    snprintf(buf[k], sizeof(buf[k]), "%s/%s", tmpdir, name);
    return buf[k];
}

/* test.key copied to a 0600 file; returns its path. */
static const char *
test_key_copy(void)
{
    size_t n;
    char *t = slurp(MS "/test.key", &n);
    const char *p = tpath("test.key");

    spit(p, t, n, 0600);
    free(t);
    return p;
}

static int
setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/odp-test-sign-XXXXXX");
    return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
    char cmd[600];

    (void)state;
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static void
hex(const uint8_t *p, size_t n, char *out)
{
    size_t i;

    for (i = 0; i < n; i++) {
        snprintf(out + 2 * i, 3, "%02x", p[i]);
    }
}

/* ---- building blocks ---- */

static void
test_blake2b(void **state)
{
    uint8_t out[64], ref[64], in[1000], raw[ODP_SK_BYTES], ck[74];
    char h[129];
    unsigned int rl;
    size_t lens[] = {0, 1, 3, 127, 128, 129, 255, 256, 257, 1000};
    size_t i, n;
    char *key;
    const char *line2;

    (void)state;
    /* RFC 7693 appendix A: BLAKE2b-512("abc"). */
    odp_blake2b(out, 64, "abc", 3);
    hex(out, 64, h);
    assert_string_equal(h, "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                           "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
    /* BLAKE2b-256 is its own function, not a truncation (hashlib digest_size=32). */
    odp_blake2b(out, 32, "abc", 3);
    hex(out, 32, h);
    assert_string_equal(h, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
    odp_blake2b(out, 32, "", 0);
    hex(out, 32, h);
    assert_string_equal(h, "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
    /* Block boundaries agree with OpenSSL's BLAKE2B-512. */
    for (i = 0; i < sizeof(in); i++) {
        in[i] = (uint8_t)(i * 7 + 1);
    }
    for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
        odp_blake2b(out, 64, in, lens[i]);
        assert_int_equal(EVP_Digest(in, lens[i], ref, &rl, EVP_blake2b512(), NULL), 1);
        assert_memory_equal(out, ref, 64);
    }
    /* VECTORS.txt: what the chk of test.key would be. */
    key = slurp(MS "/test.key", &n);
    line2 = strchr(key, '\n') + 1;
    assert_int_equal(odp_b64_decode_exact(line2, strcspn(line2, "\n"), raw, sizeof(raw)), 0);
    memcpy(ck, raw, 2);
    memcpy(ck + 2, raw + 54, 72);
    odp_blake2b(out, 32, ck, sizeof(ck));
    hex(out, 32, h);
    assert_string_equal(h, "31897dc1c5dee63766a7a64eb91ae1eb21bce087c1187ec3c2bc4ced74f8cf7d");
    free(key);
}

static void
test_base64_strict(void **state)
{
    uint8_t out[4];

    (void)state;
    assert_int_equal(odp_b64_decode_exact("YWJj", 4, out, 3), 0);
    assert_memory_equal(out, "abc", 3);
    assert_int_equal(odp_b64_decode_exact("YWI=", 4, out, 2), 0);
    assert_memory_equal(out, "ab", 2);
    assert_int_equal(odp_b64_decode_exact("YQ==", 4, out, 1), 0);
    assert_int_equal(odp_b64_decode_exact("YR==", 4, out, 1), -1);  /* unused bits set */
    assert_int_equal(odp_b64_decode_exact("YWJ=", 4, out, 2), -1);  /* unused bits set */
    assert_int_equal(odp_b64_decode_exact("YWJj", 4, out, 2), -1);  /* wrong length */
    assert_int_equal(odp_b64_decode_exact("YW J", 4, out, 3), -1);  /* whitespace */
    assert_int_equal(odp_b64_decode_exact("YWI", 3, out, 2), -1);   /* no padding */
    assert_int_equal(odp_b64_decode_exact("Y=I=", 4, out, 2), -1);  /* pad in the middle */
    assert_int_equal(odp_b64_decode_exact("YWJjYWJj", 8, out, 3), -1);
}

static void
test_scrypt_params(void **state)
{
    uint32_t n, r, p;
    struct odp_err err;

    (void)state;
    assert_int_equal(odp_scrypt_params(ODP_SCRYPT_OPS_SENSITIVE, ODP_SCRYPT_MEM_SENSITIVE, &n, &r,
                                       &p, NULL),
                     ODP_OK);
    assert_int_equal(n, 20);
    assert_int_equal(r, 8);
    assert_int_equal(p, 1);
    assert_int_equal(odp_scrypt_params(ODP_SCRYPT_OPS_INTERACTIVE, ODP_SCRYPT_MEM_INTERACTIVE, &n,
                                       &r, &p, NULL),
                     ODP_OK);
    assert_int_equal(n, 14);
    assert_int_equal(p, 1);
    /* minisign halves memlimit when memory is short: p grows instead. */
    assert_int_equal(odp_scrypt_params(ODP_SCRYPT_OPS_SENSITIVE, ODP_SCRYPT_MEM_SENSITIVE / 2, &n,
                                       &r, &p, NULL),
                     ODP_OK);
    assert_int_equal(n, 19);
    assert_int_equal(p, 2);
    /* opslimit < memlimit / 32: the other branch (p = 1, N from opslimit). */
    assert_int_equal(odp_scrypt_params(1u << 20, 1ULL << 30, &n, &r, &p, NULL), ODP_OK);
    assert_int_equal(n, 15);
    assert_int_equal(p, 1);
    /* Hostile limits are refused, not run. */
    odp_err_clear(&err);
    assert_int_equal(odp_scrypt_params(1ULL << 40, 1ULL << 40, &n, &r, &p, &err), ODP_ESYNTAX);
    assert_int_equal(odp_scrypt_params(1ULL << 60, 1ULL << 24, &n, &r, &p, NULL), ODP_ESYNTAX);
    /* opslimit is raised to 32768 first, as libsodium does: N = 2, p = 512. */
    assert_int_equal(odp_scrypt_params(0, 0, &n, &r, &p, NULL), ODP_OK);
    assert_int_equal(n, 1);
    assert_int_equal(p, 512);
}

/* ---- signing and verification against the vectors ---- */

static void
test_sign_reproduces_vector(void **state)
{
    struct odp_seckey *sk = NULL;
    struct odp_err err;
    char *sig = NULL, *want, *msg, id[ODP_KEYID_HEXLEN + 1], *pubtext, *pubwant;
    size_t wn, mn, pn;

    (void)state;
    odp_err_clear(&err);
    assert_int_equal(odp_seckey_load(test_key_copy(), NULL, &sk, &err), ODP_OK);
    assert_int_equal(odp_seckey_is_encrypted(tpath("test.key"), &err), 0);
    odp_seckey_id(sk, id);
    assert_string_equal(id, "D55CD6024EBCEFD2");
    want = slurp(MS "/message.txt.minisig", &wn);
    assert_int_equal(odp_sign_file(sk, MS "/message.txt", TRUSTED, NULL, &sig, &err), ODP_OK);
    assert_string_equal(sig, want);
    free(sig);
    msg = slurp(MS "/message.txt", &mn);
    assert_int_equal(
        odp_sign_mem(sk, msg, mn, TRUSTED, "signature from minisign secret key", &sig, &err),
        ODP_OK);
    assert_string_equal(sig, want);
    free(sig);
    free(want);
    /* Custom comments: same line 2, other line 4 (as minisign). */
    want = slurp(MS "/message.txt.custom-comments.minisig", &wn);
    assert_int_equal(odp_sign_mem(sk, msg, mn,
                                  "odpub 0.1 package nyc-311-service-requests-2026-11-22 "
                                  "\xc3\xbcn\xc3\xaf"
                                  "c\xc3\xb6"
                                  "d\xc3\xa9",
                                  "signature from odpub test key", &sig, &err),
                     ODP_OK);
    assert_string_equal(sig, want);
    free(sig);
    free(want);
    /* Empty file. */
    want = slurp(MS "/empty.txt.minisig", &wn);
    assert_int_equal(odp_sign_file(sk, MS "/empty.txt",
                                   "timestamp:1700000000\tfile:empty.txt\thashed", NULL, &sig, &err),
                     ODP_OK);
    assert_string_equal(sig, want);
    free(sig);
    free(want);
    /* The public key text matches test.pub. */
    pubtext = odp_seckey_pubkey_text(sk);
    pubwant = slurp(MS "/test.pub", &pn);
    assert_non_null(pubtext);
    assert_string_equal(pubtext, pubwant);
    free(pubtext);
    free(pubwant);
    free(msg);
    odp_seckey_free(sk);
}

static void
test_sign_bad_comments(void **state)
{
    struct odp_seckey *sk = NULL;
    struct odp_err err;
    char *sig = NULL, big[5000];

    (void)state;
    assert_int_equal(odp_seckey_load(test_key_copy(), NULL, &sk, NULL), ODP_OK);
    odp_err_clear(&err);
    assert_int_equal(odp_sign_mem(sk, "x", 1, "a\nb", NULL, &sig, &err), ODP_EINVAL);
    assert_null(sig);
    assert_int_equal(odp_sign_mem(sk, "x", 1, "a\rb", NULL, &sig, NULL), ODP_EINVAL);
    assert_int_equal(odp_sign_mem(sk, "x", 1, "ok", "two\nlines", &sig, NULL), ODP_EINVAL);
    memset(big, 'a', sizeof(big));
    big[ODP_TRUSTED_SIGN_MAX + 1] = '\0';
    assert_int_equal(odp_sign_mem(sk, "x", 1, big, NULL, &sig, NULL), ODP_EINVAL);
    big[ODP_TRUSTED_SIGN_MAX] = '\0';
    assert_int_equal(odp_sign_mem(sk, "x", 1, big, NULL, &sig, NULL), ODP_OK);
    free(sig);
    big[1004] = '\0';
    assert_int_equal(odp_sign_mem(sk, "x", 1, "t", big, &sig, NULL), ODP_EINVAL);
    big[1003] = '\0';
    assert_int_equal(odp_sign_mem(sk, "x", 1, "t", big, &sig, NULL), ODP_OK);
    free(sig);
    assert_int_equal(odp_sign_file(sk, tpath("does-not-exist"), "t", NULL, &sig, NULL), ODP_EIO);
    odp_seckey_free(sk);
}

struct vec {
    const char *msg, *sig, *pub;
    int want;
    const char *trusted;
};

static const struct vec vectors[] = {
    {"message.txt", "message.txt.minisig", "test.pub", ODP_OK, TRUSTED},
    {"message.txt", "message.txt.legacy.minisig", "test.pub", ODP_OK,
     "timestamp:1700000000\tfile:message.txt"},
    {"empty.txt", "empty.txt.minisig", "test.pub", ODP_OK,
     "timestamp:1700000000\tfile:empty.txt\thashed"},
    {"message.txt", "message.txt.custom-comments.minisig", "test.pub", ODP_OK,
     "odpub 0.1 package nyc-311-service-requests-2026-11-22 \xc3\xbcn\xc3\xaf"
     "c\xc3\xb6"
     "d\xc3\xa9"},
    {"message.txt", "message.txt.crlf.minisig", "test.pub", ODP_OK, TRUSTED},
    {"message.txt", "message.txt.no-final-newline.minisig", "test.pub", ODP_OK, TRUSTED},
    {"negative/message-tampered.txt", "message.txt.minisig", "test.pub", ODP_EVERIFY, NULL},
    {"negative/message-tampered.txt", "negative/message-tampered.txt.minisig", "test.pub",
     ODP_EVERIFY, NULL},
    {"message.txt", "negative/message.txt.bad-trusted-comment.minisig", "test.pub", ODP_EVERIFY,
     NULL},
    {"message.txt", "negative/message.txt.bad-global-sig.minisig", "test.pub", ODP_EVERIFY, NULL},
    {"message.txt", "negative/message.txt.bad-algorithm.minisig", "test.pub", ODP_ESYNTAX, NULL},
    {"message.txt", "message.txt.minisig", "negative/other.pub", ODP_EVERIFY, NULL},
    {"message.txt", "message.txt.legacy.minisig", "negative/other.pub", ODP_EVERIFY, NULL},
};

static void
test_verify_vectors(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
        const struct vec *v = &vectors[i];
        char p[512], *sig, *msg, *trusted = (char *)1;
        size_t sn, mn;
        struct odp_pubkey *pk = NULL;
        struct odp_err err;
        int rc;

        print_message("vector %s over %s with %s\n", v->sig, v->msg, v->pub);
        snprintf(p, sizeof(p), MS "/%s", v->pub);
        assert_int_equal(odp_pubkey_load(p, &pk, NULL), ODP_OK);
        snprintf(p, sizeof(p), MS "/%s", v->sig);
        sig = slurp(p, &sn);
        snprintf(p, sizeof(p), MS "/%s", v->msg);
        msg = slurp(p, &mn);
        odp_err_clear(&err);
        rc = odp_verify_file(pk, p, sig, sn, v->sig, &trusted, &err);
        assert_int_equal(rc, v->want);
        assert_int_equal(err.code, v->want);
        if (v->want == ODP_OK) {
            assert_string_equal(trusted, v->trusted);
            free(trusted);
        } else {
            assert_null(trusted);
            assert_string_equal(err.path, v->sig);
        }
        trusted = NULL;
        assert_int_equal(odp_verify_mem(pk, msg, mn, sig, sn, v->sig, &trusted, NULL), v->want);
        if (v->want == ODP_OK) {
            assert_string_equal(trusted, v->trusted);
        }
        free(trusted);
        free(sig);
        free(msg);
        odp_pubkey_free(pk);
    }
}

static void
test_verify_messages(void **state)
{
    struct odp_pubkey *pk = NULL;
    struct odp_err err;
    char *sig;
    size_t sn;

    (void)state;
    assert_int_equal(odp_pubkey_load(MS "/negative/other.pub", &pk, NULL), ODP_OK);
    sig = slurp(MS "/message.txt.minisig", &sn);
    odp_err_clear(&err);
    assert_int_equal(odp_verify_file(pk, MS "/message.txt", sig, sn, "m.minisig", NULL, &err),
                     ODP_EVERIFY);
    assert_non_null(strstr(err.msg, "D55CD6024EBCEFD2"));
    assert_non_null(strstr(err.msg, "C73ED4A3F48B4279"));
    odp_pubkey_free(pk);
    free(sig);
    sig = slurp(MS "/negative/message.txt.bad-algorithm.minisig", &sn);
    assert_int_equal(odp_pubkey_load(MS "/test.pub", &pk, NULL), ODP_OK);
    odp_err_clear(&err);
    assert_int_equal(odp_verify_file(pk, MS "/message.txt", sig, sn, "b.minisig", NULL, &err),
                     ODP_ESYNTAX);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "unsupported signature algorithm"));
    odp_pubkey_free(pk);
    free(sig);
}

static void
test_pubkey_parse(void **state)
{
    struct odp_pubkey *pk = NULL;
    struct odp_err err;
    char id[ODP_KEYID_HEXLEN + 1];
    static const char b64[] = "RWTS77xOAtZc1fW52EGL2OiL6e6OvTcHk7Oi4ybS4Njaqmuu4WrNN7o1";
    char buf[200];

    (void)state;
    assert_int_equal(odp_pubkey_parse(b64, strlen(b64), "-P", &pk, NULL), ODP_OK);
    odp_pubkey_id(pk, id);
    assert_string_equal(id, "D55CD6024EBCEFD2");
    odp_pubkey_free(pk);
    snprintf(buf, sizeof(buf), "%s\r\n", b64);
    assert_int_equal(odp_pubkey_parse(buf, strlen(buf), "-P", &pk, NULL), ODP_OK);
    odp_pubkey_free(pk);
    /* Truncated, extended, whitespace, wrong algorithm, trailing junk. */
    odp_err_clear(&err);
    assert_int_equal(odp_pubkey_parse(b64, strlen(b64) - 4, "-P", &pk, &err), ODP_ESYNTAX);
    assert_null(pk);
    assert_string_equal(err.path, "-P");
    snprintf(buf, sizeof(buf), "%sAAAA", b64);
    assert_int_equal(odp_pubkey_parse(buf, strlen(buf), "-P", &pk, NULL), ODP_ESYNTAX);
    snprintf(buf, sizeof(buf), " %s", b64);
    assert_int_equal(odp_pubkey_parse(buf, strlen(buf), "-P", &pk, NULL), ODP_ESYNTAX);
    /* "RWT" = "Ed"; "RUT" decodes to "ED": keys are always "Ed". */
    snprintf(buf, sizeof(buf), "RUTS77xOAtZc1fW52EGL2OiL6e6OvTcHk7Oi4ybS4Njaqmuu4WrNN7o1");
    odp_err_clear(&err);
    assert_int_equal(odp_pubkey_parse(buf, strlen(buf), "-P", &pk, &err), ODP_ESYNTAX);
    assert_non_null(strstr(err.msg, "algorithm"));
    snprintf(buf, sizeof(buf), "untrusted comment: x\n%s\nextra\n", b64);
    assert_int_equal(odp_pubkey_parse(buf, strlen(buf), "f.pub", &pk, NULL), ODP_ESYNTAX);
    snprintf(buf, sizeof(buf), "untrusted comment: x\n");
    assert_int_equal(odp_pubkey_parse(buf, strlen(buf), "f.pub", &pk, NULL), ODP_ESYNTAX);
    assert_int_equal(odp_pubkey_parse("", 0, "f.pub", &pk, NULL), ODP_ESYNTAX);
    assert_int_equal(odp_pubkey_load(tpath("nope.pub"), &pk, NULL), ODP_EIO);
    assert_null(pk);
}

/* ---- hostile signature text ---- */

static void
test_hostile_signatures(void **state)
{
    struct odp_pubkey *pk = NULL;
    char *sig, *msg, *mut, *big;
    size_t sn, mn, i;
    int bit, rc;

    (void)state;
    assert_int_equal(odp_pubkey_load(MS "/test.pub", &pk, NULL), ODP_OK);
    sig = slurp(MS "/message.txt.minisig", &sn);
    msg = slurp(MS "/message.txt", &mn);
    /* Every truncation fails, except dropping only the final newline. */
    for (i = 0; i < sn; i++) {
        rc = odp_verify_mem(pk, msg, mn, sig, i, "t", NULL, NULL);
        if (i == sn - 1) {
            assert_int_equal(rc, ODP_OK);
        } else {
            assert_true(rc == ODP_ESYNTAX || rc == ODP_EVERIFY);
        }
    }
    /* Every single-bit flip outside the untrusted comment text fails cleanly. */
    mut = malloc(sn);
    assert_non_null(mut);
    for (i = 0; i < sn; i++) {
        for (bit = 0; bit < 8; bit++) {
            memcpy(mut, sig, sn);
            mut[i] = (char)(mut[i] ^ (1 << bit));
            rc = odp_verify_mem(pk, msg, mn, mut, sn, "t", NULL, NULL);
            if (i >= 19 && i < 53) {
                /* untrusted comment text: not covered by any signature */
                assert_true(rc == ODP_OK || rc == ODP_ESYNTAX);
            } else {
                assert_true(rc == ODP_ESYNTAX || rc == ODP_EVERIFY);
            }
        }
    }
    free(mut);
    /* Oversized, garbage, an untrusted comment of 1004 bytes, an empty text. */
    big = malloc(40000);
    assert_non_null(big);
    memset(big, 'A', 40000);
    assert_int_equal(odp_verify_mem(pk, msg, mn, big, 40000, "t", NULL, NULL), ODP_ESYNTAX);
    memcpy(big, "untrusted comment: ", 19);
    big[19 + 1004] = '\n';
    memcpy(big + 19 + 1005, strchr(sig, '\n') + 1, sn - 54);
    assert_int_equal(odp_verify_mem(pk, msg, mn, big, 19 + 1005 + sn - 54, "t", NULL, NULL),
                     ODP_ESYNTAX);
    /* ... while 1003 bytes are fine. */
    big[19 + 1003] = '\n';
    memcpy(big + 19 + 1004, strchr(sig, '\n') + 1, sn - 54);
    assert_int_equal(odp_verify_mem(pk, msg, mn, big, 19 + 1004 + sn - 54, "t", NULL, NULL),
                     ODP_OK);
    free(big);
    assert_int_equal(odp_verify_mem(pk, msg, mn, "", 0, "t", NULL, NULL), ODP_ESYNTAX);
    assert_int_equal(odp_verify_mem(pk, msg, mn, "\0\0\0\n", 4, "t", NULL, NULL), ODP_ESYNTAX);
    /* Trailing data after line 4 is refused. */
    mut = malloc(sn + 4);
    assert_non_null(mut);
    memcpy(mut, sig, sn);
    memcpy(mut + sn, "xyz\n", 4);
    assert_int_equal(odp_verify_mem(pk, msg, mn, mut, sn + 4, "t", NULL, NULL), ODP_ESYNTAX);
    free(mut);
    free(sig);
    free(msg);
    odp_pubkey_free(pk);
}

/* ---- secret key files ---- */

/* Writes test.key with decoded byte `off` set to `val` (re-encoded) to name. */
static const char *
key_variant(const char *name, size_t off, const char *val, size_t vlen, mode_t mode)
{
    size_t n;
    char *t = slurp(MS "/test.key", &n);
    char *line2 = strchr(t, '\n') + 1;
    uint8_t raw[ODP_SK_BYTES];
    char b64[300], out[1200];
    const char *p = tpath(name);

    assert_int_equal(odp_b64_decode_exact(line2, strcspn(line2, "\n"), raw, sizeof(raw)), 0);
    memcpy(raw + off, val, vlen);
    EVP_EncodeBlock((unsigned char *)b64, raw, sizeof(raw));
    *line2 = '\0';
    snprintf(out, sizeof(out), "%s%s\n", t, b64);
    spit(p, out, strlen(out), mode);
    free(t);
    return p;
}

static void
test_seckey_hygiene(void **state)
{
    struct odp_seckey *sk = NULL;
    struct odp_err err;
    size_t n;
    char *t;
    const char *p;
    uint8_t raw[ODP_SK_BYTES], chk[32], ck[74];

    (void)state;
    /* Group/other bits: refused with a chmod hint. */
    p = test_key_copy();
    assert_int_equal(chmod(p, 0644), 0);
    odp_err_clear(&err);
    assert_int_equal(odp_seckey_load(p, NULL, &sk, &err), ODP_EKEY);
    assert_null(sk);
    assert_non_null(strstr(err.msg, "chmod 600"));
    assert_int_equal(odp_seckey_is_encrypted(p, NULL), ODP_EKEY);
    assert_int_equal(chmod(p, 0640), 0);
    assert_int_equal(odp_seckey_load(p, NULL, &sk, NULL), ODP_EKEY);
    assert_int_equal(chmod(p, 0400), 0);
    assert_int_equal(odp_seckey_load(p, NULL, &sk, NULL), ODP_OK);
    odp_seckey_free(sk);
    /* Symlink and directory: refused. */
    unlink(tpath("link.key"));
    assert_int_equal(symlink(p, tpath("link.key")), 0);
    odp_err_clear(&err);
    assert_int_equal(odp_seckey_load(tpath("link.key"), NULL, &sk, &err), ODP_EKEY);
    assert_non_null(strstr(err.msg, "symbolic link"));
    mkdir(tpath("dir.key"), 0700);
    assert_int_equal(odp_seckey_load(tpath("dir.key"), NULL, &sk, NULL), ODP_EKEY);
    assert_int_equal(odp_seckey_load(tpath("missing.key"), NULL, &sk, NULL), ODP_EIO);
    /* Wrong algorithm ids. */
    p = key_variant("alg.key", 0, "ED", 2, 0600);
    odp_err_clear(&err);
    assert_int_equal(odp_seckey_load(p, NULL, &sk, &err), ODP_ESYNTAX);
    assert_int_equal(err.line, 2);
    p = key_variant("kdf.key", 2, "Ar", 2, 0600);
    assert_int_equal(odp_seckey_load(p, NULL, &sk, NULL), ODP_ESYNTAX);
    p = key_variant("chk.key", 4, "B3", 2, 0600);
    assert_int_equal(odp_seckey_load(p, NULL, &sk, NULL), ODP_ESYNTAX);
    /* An encrypted key without a passphrase: ODP_EKEY. */
    p = key_variant("sc.key", 2, "Sc", 2, 0600);
    assert_int_equal(odp_seckey_is_encrypted(p, NULL), 1);
    assert_int_equal(odp_seckey_load(p, NULL, &sk, NULL), ODP_EKEY);
    /* A wrong non-zero chk on an unencrypted key: refused; the right one: accepted. */
    p = key_variant("badchk.key", 126, "\x01", 1, 0600);
    odp_err_clear(&err);
    assert_int_equal(odp_seckey_load(p, NULL, &sk, &err), ODP_EKEY);
    t = slurp(MS "/test.key", &n);
    assert_int_equal(odp_b64_decode_exact(strchr(t, '\n') + 1, 212, raw, sizeof(raw)), 0);
    memcpy(ck, raw, 2);
    memcpy(ck + 2, raw + 54, 72);
    odp_blake2b(chk, 32, ck, sizeof(ck));
    p = key_variant("goodchk.key", 126, (const char *)chk, 32, 0600);
    assert_int_equal(odp_seckey_load(p, NULL, &sk, NULL), ODP_OK);
    odp_seckey_free(sk);
    /* A public half that does not belong to the seed. */
    p = key_variant("pk.key", 100, "\x55", 1, 0600);
    assert_int_equal(odp_seckey_load(p, NULL, &sk, NULL), ODP_EKEY);
    /* Truncated, garbage, CRLF, oversized. */
    spit(tpath("trunc.key"), t, n - 20, 0600);
    assert_int_equal(odp_seckey_load(tpath("trunc.key"), NULL, &sk, NULL), ODP_ESYNTAX);
    spit(tpath("empty.key"), "", 0, 0600);
    assert_int_equal(odp_seckey_load(tpath("empty.key"), NULL, &sk, NULL), ODP_ESYNTAX);
    spit(tpath("garbage.key"), "\x01\x02\x00zz\n\n", 7, 0600);
    assert_int_equal(odp_seckey_load(tpath("garbage.key"), NULL, &sk, NULL), ODP_ESYNTAX);
    {
        char crlf[1200];
        size_t j, k = 0;

        for (j = 0; j < n; j++) {
            if (t[j] == '\n') {
                crlf[k++] = '\r';
            }
            crlf[k++] = t[j];
        }
        spit(tpath("crlf.key"), crlf, k, 0600);
        assert_int_equal(odp_seckey_load(tpath("crlf.key"), NULL, &sk, NULL), ODP_OK);
        odp_seckey_free(sk);
    }
    {
        char *huge = malloc(100000);

        assert_non_null(huge);
        memset(huge, 'A', 100000);
        spit(tpath("huge.key"), huge, 100000, 0600);
        free(huge);
        assert_int_equal(odp_seckey_load(tpath("huge.key"), NULL, &sk, NULL), ODP_ESYNTAX);
    }
    free(t);
    assert_null(sk);
}

/* A key encrypted by Debian's minisign (scrypt, SENSITIVE limits) loads with "pw". */
static void
test_minisign_encrypted_key(void **state)
{
    struct odp_seckey *sk = NULL;
    struct odp_pubkey *pk = NULL;
    struct odp_err err;
    char id[ODP_KEYID_HEXLEN + 1], *sig = NULL, *text;

    (void)state;
    spit(tpath("enc.key"), ms_enc_key, strlen(ms_enc_key), 0600);
    assert_int_equal(odp_seckey_is_encrypted(tpath("enc.key"), NULL), 1);
    odp_err_clear(&err);
    assert_int_equal(odp_seckey_load(tpath("enc.key"), "pw", &sk, &err), ODP_OK);
    odp_seckey_id(sk, id);
    assert_string_equal(id, "1E68E54A08222E84");
    text = odp_seckey_pubkey_text(sk);
    assert_string_equal(text, ms_enc_pub);
    free(text);
    assert_int_equal(odp_pubkey_parse(ms_enc_pub, strlen(ms_enc_pub), "enc.pub", &pk, NULL),
                     ODP_OK);
    assert_int_equal(odp_sign_mem(sk, "data", 4, "t", NULL, &sig, NULL), ODP_OK);
    assert_int_equal(odp_verify_mem(pk, "data", 4, sig, strlen(sig), "s", NULL, NULL), ODP_OK);
    free(sig);
    odp_pubkey_free(pk);
    odp_seckey_free(sk);
}

/* ---- key generation ---- */

static void
test_keygen_roundtrip(void **state)
{
    struct odp_seckey *sk = NULL;
    struct odp_pubkey *pk = NULL;
    struct odp_err err;
    char id[ODP_KEYID_HEXLEN + 1], id2[ODP_KEYID_HEXLEN + 1], *sig = NULL, *trusted = NULL;
    char *text, *pubfile;
    struct stat st;
    size_t n;
    char name[512];

    (void)state;
    snprintf(name, sizeof(name), "%s", tpath("plain"));
    odp_err_clear(&err);
    assert_int_equal(odp_keygen_pair_ex(name, NULL, 0, NULL, id, &err), ODP_OK);
    assert_int_equal(strlen(id), 16);
    assert_int_equal(stat(tpath("plain.key"), &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(stat(tpath("plain.pub"), &st), 0);
    assert_int_equal(odp_seckey_is_encrypted(tpath("plain.key"), NULL), 0);
    assert_int_equal(odp_seckey_load(tpath("plain.key"), NULL, &sk, NULL), ODP_OK);
    odp_seckey_id(sk, id2);
    assert_string_equal(id, id2);
    assert_int_equal(odp_pubkey_load(tpath("plain.pub"), &pk, NULL), ODP_OK);
    odp_pubkey_id(pk, id2);
    assert_string_equal(id, id2);
    /* The .pub file is exactly what the secret key says it should be. */
    text = odp_seckey_pubkey_text(sk);
    pubfile = slurp(tpath("plain.pub"), &n);
    assert_string_equal(text, pubfile);
    free(text);
    free(pubfile);
    assert_int_equal(odp_sign_mem(sk, "hello", 5, "tc", NULL, &sig, NULL), ODP_OK);
    assert_int_equal(odp_verify_mem(pk, "hello", 5, sig, strlen(sig), "s", &trusted, NULL), ODP_OK);
    assert_string_equal(trusted, "tc");
    free(trusted);
    assert_int_equal(odp_verify_mem(pk, "hellO", 5, sig, strlen(sig), "s", NULL, NULL),
                     ODP_EVERIFY);
    free(sig);
    odp_seckey_free(sk);
    odp_pubkey_free(pk);
    /* No overwrite without force, and both files stay as they were. */
    odp_err_clear(&err);
    assert_int_equal(odp_keygen_pair_ex(name, NULL, 0, NULL, id2, &err), ODP_EINVAL);
    assert_non_null(strstr(err.msg, "already exists"));
    assert_int_equal(odp_pubkey_load(tpath("plain.pub"), &pk, NULL), ODP_OK);
    odp_pubkey_id(pk, id2);
    assert_string_equal(id, id2);
    odp_pubkey_free(pk);
    assert_int_equal(odp_keygen_pair_ex(name, NULL, 1, "my comment", id2, NULL), ODP_OK);
    assert_string_not_equal(id, id2);
    text = slurp(tpath("plain.key"), &n);
    assert_true(strncmp(text, "untrusted comment: my comment\n", 30) == 0);
    free(text);
    assert_int_equal(odp_keygen_pair_ex(name, NULL, 1, "two\nlines", id2, NULL), ODP_EINVAL);
    assert_int_equal(odp_keygen_pair("", NULL, 1, NULL, NULL), ODP_EINVAL);
    /* A directory that does not exist: nothing is left behind. */
    assert_int_equal(odp_keygen_pair(tpath("no/such/dir/k"), NULL, 0, NULL, NULL), ODP_EIO);
}

static void
test_keygen_encrypted(void **state)
{
    struct odp_seckey *sk = NULL;
    struct odp_pubkey *pk = NULL;
    struct odp_err err;
    char id[ODP_KEYID_HEXLEN + 1], id2[ODP_KEYID_HEXLEN + 1], *sig = NULL;
    size_t n;
    char *t;
    uint8_t raw[ODP_SK_BYTES];

    (void)state;
    setenv("ODPUB_INSECURE_TEST_KDF", "1", 1);
    assert_int_equal(odp_keygen_pair_ex(tpath("enc2"), "correct horse", 0, NULL, id, NULL),
                     ODP_OK);
    unsetenv("ODPUB_INSECURE_TEST_KDF");
    assert_int_equal(odp_seckey_is_encrypted(tpath("enc2.key"), NULL), 1);
    /* Layout: Ed Sc B2, INTERACTIVE limits stored little-endian, minisign's comment. */
    t = slurp(tpath("enc2.key"), &n);
    assert_true(strncmp(t, "untrusted comment: minisign encrypted secret key\n", 49) == 0);
    assert_int_equal(odp_b64_decode_exact(t + 49, 212, raw, sizeof(raw)), 0);
    assert_memory_equal(raw, "EdScB2", 6);
    assert_memory_equal(raw + 38, "\x00\x00\x08\x00\x00\x00\x00\x00", 8);
    assert_memory_equal(raw + 46, "\x00\x00\x00\x01\x00\x00\x00\x00", 8);
    free(t);
    odp_err_clear(&err);
    assert_int_equal(odp_seckey_load(tpath("enc2.key"), "wrong", &sk, &err), ODP_EKEY);
    assert_non_null(strstr(err.msg, "wrong passphrase"));
    assert_int_equal(odp_seckey_load(tpath("enc2.key"), NULL, &sk, NULL), ODP_EKEY);
    assert_null(sk);
    assert_int_equal(odp_seckey_load(tpath("enc2.key"), "correct horse", &sk, NULL), ODP_OK);
    odp_seckey_id(sk, id2);
    assert_string_equal(id, id2);
    assert_int_equal(odp_pubkey_load(tpath("enc2.pub"), &pk, NULL), ODP_OK);
    assert_int_equal(odp_sign_mem(sk, "", 0, "t", NULL, &sig, NULL), ODP_OK);
    assert_int_equal(odp_verify_mem(pk, "", 0, sig, strlen(sig), "s", NULL, NULL), ODP_OK);
    free(sig);
    odp_pubkey_free(pk);
    odp_seckey_free(sk);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blake2b),
        cmocka_unit_test(test_base64_strict),
        cmocka_unit_test(test_scrypt_params),
        cmocka_unit_test(test_sign_reproduces_vector),
        cmocka_unit_test(test_sign_bad_comments),
        cmocka_unit_test(test_verify_vectors),
        cmocka_unit_test(test_verify_messages),
        cmocka_unit_test(test_pubkey_parse),
        cmocka_unit_test(test_hostile_signatures),
        cmocka_unit_test(test_seckey_hygiene),
        cmocka_unit_test(test_minisign_encrypted_key),
        cmocka_unit_test(test_keygen_roundtrip),
        cmocka_unit_test(test_keygen_encrypted),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
