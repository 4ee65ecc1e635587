/*
 * sign.c - Ed25519 keys and signatures in minisign's formats, on OpenSSL 3 EVP only.
 *
 * This module reads and writes minisign 0.11's public keys, secret keys (plain or
 * scrypt-encrypted) and .minisig signatures byte for byte (see sign.h and
 * shared/conformance/minisign/FORMAT.md). Signatures are made with the `ED` (BLAKE2b-512
 * prehashed) algorithm; legacy `Ed` signatures are accepted when verifying.
 *
 * Promises:
 * - Parsers are strict and bounded: every input (signature, key file, -P text) has a
 *   size cap, base64 fields must have their exact canonical length, comments their
 *   prefixes and length limits, and anything else is ODP_ESYNTAX with origin:line:col.
 *   Hostile input never makes them read out of bounds or allocate without a cap.
 * - Secret key material (decoded key struct, scrypt stream, passphrase copies) lives in
 *   OPENSSL_secure_malloc memory and is cleansed before it is freed; stack copies are
 *   cleansed before return. The seed itself is kept only inside OpenSSL's EVP_PKEY.
 *   Core dumps are switched off (RLIMIT_CORE 0) when a secret key is loaded.
 * - No key byte, passphrase or comment text ever reaches an error message; key ids
 *   (public) may.
 *
 * OpenSSL 3.0's BLAKE2B-512 has no output-length parameter (XOFLEN is ignored and the
 * BLAKE2BMAC needs a key), and BLAKE2b-256 is not a truncated BLAKE2b-512 (the output
 * length is part of the parameter block), so the 32-byte secret key checksum uses the
 * small RFC 7693 BLAKE2b below. The prehash of signed data uses EVP "BLAKE2B-512".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include "buf.h"
#include "bytes.h"
#include "fs.h"
#include "lines.h"
#include "sign.h"

#define KEYFILE_MAX 8192          /* a secret or public key file, bytes */
#define SIGFILE_MAX 16384         /* a .minisig file, bytes */
#define LEGACY_MAX (256u << 20)   /* a file verified with a legacy `Ed` signature */
#define HASH_BLOCK (1u << 20)     /* read size when hashing a file */
#define UNTRUSTED_PREFIX "untrusted comment: "
#define TRUSTED_PREFIX "trusted comment: "
#define DEFAULT_UNTRUSTED "signature from minisign secret key"

struct odp_seckey {
    EVP_PKEY *pkey; /* holds the seed (OpenSSL keeps it in its secure heap) */
    uint8_t key_id[8];
    uint8_t pk[32];
};

struct odp_pubkey {
    EVP_PKEY *pkey;
    uint8_t key_id[8];
    uint8_t pk[32];
};

/* ---- small helpers ---- */

void
odp_secmem_init(void)
{
    if (!CRYPTO_secure_malloc_initialized()) {
        /* Failure (no mlock, no mmap) is fine: OPENSSL_secure_malloc then falls back. */
        (void)CRYPTO_secure_malloc_init(1u << 16, 16);
        ERR_clear_error();
    }
}

void
odp_nocore(void)
{
    struct rlimit rl = {0, 0};

    (void)setrlimit(RLIMIT_CORE, &rl);
}


void
odp_keyid_hex(const uint8_t id[8], char out[ODP_KEYID_HEXLEN + 1])
{
    static const char digits[] = "0123456789ABCDEF";
    int i;

    /* minisign prints the 8 raw bytes as a little-endian u64: last byte first. */
    for (i = 0; i < 8; i++) {
        out[2 * i] = digits[id[7 - i] >> 4];
        out[2 * i + 1] = digits[id[7 - i] & 15];
    }
    out[ODP_KEYID_HEXLEN] = '\0';
}

/* ---- line reader ---- */

struct lines {
    struct odp_lines t;
    const char *origin;
};

/*
 * Takes the next line (without its "\n" or "\r\n") into *s, *n. *nl tells whether a
 * newline ended it. Returns 1, 0 at the end of the text, or ODP_ESYNTAX for a NUL or a
 * CR that does not end the line.
 */
static int
next_line(struct lines *l, const char **s, size_t *n, int *nl, struct odp_err *err)
{
    size_t i;

    if (odp_next_line(&l->t, 0, s, n, nl) == 0) {
        return 0;
    }
    for (i = 0; i < *n; i++) {
        if ((*s)[i] == '\r' || (*s)[i] == '\0') {
            return odp_errf(err, ODP_ESYNTAX, &(struct odp_loc){l->origin, l->t.lineno, i + 1},
                            "%s in the middle of a line",
                            (*s)[i] == '\r' ? "carriage return" : "NUL byte");
        }
    }
    return 1;
}

static int
line_err(const struct lines *l, uint64_t col, struct odp_err *err, const char *msg)
{
    struct odp_loc loc = {l->origin, l->t.lineno, col};

    return odp_errf(err, ODP_ESYNTAX, &loc, "%s", msg);
}

/*
 * Reads an "untrusted comment: " line of a key or signature file: prefix, length cap
 * and newline. `what` names the file kind for messages.
 */
static int
untrusted_line(struct lines *l, const char *what, struct odp_err *err)
{
    const char *s;
    size_t n, plen = strlen(UNTRUSTED_PREFIX);
    int nl, rc;

    rc = next_line(l, &s, &n, &nl, err);
    if (rc < 0) {
        return rc;
    }
    if (rc == 0) {
        l->t.lineno++;
        return odp_errf(err, ODP_ESYNTAX, &(struct odp_loc){l->origin, l->t.lineno, 1},
                        "%s is empty", what);
    }
    if (n < plen || memcmp(s, UNTRUSTED_PREFIX, plen) != 0) {
        return line_err(l, 1, err, "line 1 does not start with 'untrusted comment: '");
    }
    if (n - plen > ODP_UNTRUSTED_MAX) {
        return line_err(l, ODP_UNTRUSTED_MAX + plen + 1, err,
                        "untrusted comment too long (more than 1003 bytes)");
    }
    if (!nl) {
        return line_err(l, n + 1, err, "line 1 has no newline: file truncated");
    }
    return ODP_OK;
}

/* Reads a base64 line holding exactly outlen bytes; need_nl: a newline must end it. */
static int
b64_line(struct lines *l, uint8_t *out, size_t outlen, int need_nl, const char *what,
         struct odp_err *err)
{
    const char *s;
    size_t n;
    int nl, rc;
    char msg[160];

    rc = next_line(l, &s, &n, &nl, err);
    if (rc < 0) {
        return rc;
    }
    if (rc == 0) {
        l->t.lineno++;
        snprintf(msg, sizeof(msg), "%s missing: file truncated", what);
        return line_err(l, 1, err, msg);
    }
    if (odp_b64_decode_exact(s, n, out, outlen) != 0) {
        snprintf(msg, sizeof(msg), "%s is not %zu base64 characters encoding %zu bytes", what,
                 (outlen + 2) / 3 * 4, outlen);
        return line_err(l, 1, err, msg);
    }
    if (need_nl && !nl) {
        return line_err(l, n + 1, err, "line has no newline: file truncated");
    }
    return ODP_OK;
}

/* Nothing may follow the last line of a key or signature file. */
static int
expect_end(struct lines *l, struct odp_err *err)
{
    if (l->t.p < l->t.end) {
        l->t.lineno++;
        return line_err(l, 1, err, "unexpected data after the last line");
    }
    return ODP_OK;
}

/* ---- Ed25519 through EVP ---- */

static int
ed_sign(EVP_PKEY *pkey, const uint8_t *msg, size_t len, uint8_t sig[64], struct odp_err *err)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    size_t siglen = 64;
    int rc = ODP_OK;

    if (ctx == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    if (EVP_DigestSignInit(ctx, NULL, NULL, NULL, pkey) != 1 ||
        EVP_DigestSign(ctx, sig, &siglen, msg, len) != 1 || siglen != 64) {
        rc = odp_ossl_fail(err, ODP_EINTERNAL, "Ed25519 signing");
    }
    EVP_MD_CTX_free(ctx);
    return rc;
}

/* 1 valid, 0 invalid, < 0 error. */
static int
ed_verify(EVP_PKEY *pkey, const uint8_t *msg, size_t len, const uint8_t sig[64],
          struct odp_err *err)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    int ok;

    if (ctx == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    if (EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, pkey) != 1) {
        EVP_MD_CTX_free(ctx);
        return odp_ossl_fail(err, ODP_EINTERNAL, "Ed25519 verification setup");
    }
    ok = EVP_DigestVerify(ctx, sig, 64, msg, len);
    EVP_MD_CTX_free(ctx);
    ERR_clear_error();
    return ok == 1 ? 1 : 0;
}

/* BLAKE2b-512 of a file, streamed in large blocks. */
static int
prehash_file(const char *path, uint8_t out[64], struct odp_err *err)
{
    EVP_MD_CTX *ctx = NULL;
    EVP_MD *md = NULL;
    unsigned char *buf = NULL;
    unsigned int olen = 0;
    struct stat st;
    int fd = -1, rc = ODP_OK;

    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return odp_err_sys(err, path, "cannot open");
    }
    if (fstat(fd, &st) != 0) {
        rc = odp_err_sys(err, path, "cannot stat");
        goto out;
    }
    if (S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        rc = odp_err_sys(err, path, "cannot read");
        goto out;
    }
    buf = malloc(HASH_BLOCK);
    ctx = EVP_MD_CTX_new();
    md = EVP_MD_fetch(NULL, "BLAKE2B-512", NULL);
    if (buf == NULL || ctx == NULL) {
        rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        goto out;
    }
    if (md == NULL || EVP_DigestInit_ex2(ctx, md, NULL) != 1) {
        rc = odp_ossl_fail(err, ODP_EINTERNAL, "BLAKE2B-512 setup");
        goto out;
    }
    for (;;) {
        ssize_t r = read(fd, buf, HASH_BLOCK);

        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r < 0) {
            rc = odp_err_sys(err, path, "cannot read");
            goto out;
        }
        if (r == 0) {
            break;
        }
        if (EVP_DigestUpdate(ctx, buf, (size_t)r) != 1) {
            rc = odp_ossl_fail(err, ODP_EINTERNAL, "BLAKE2B-512");
            goto out;
        }
    }
    if (EVP_DigestFinal_ex(ctx, out, &olen) != 1 || olen != 64) {
        rc = odp_ossl_fail(err, ODP_EINTERNAL, "BLAKE2B-512");
    }
out:
    free(buf);
    EVP_MD_CTX_free(ctx);
    EVP_MD_free(md);
    if (fd >= 0) {
        close(fd);
    }
    return rc;
}

static int
prehash_mem(const void *data, size_t len, uint8_t out[64], struct odp_err *err)
{
    EVP_MD *md = EVP_MD_fetch(NULL, "BLAKE2B-512", NULL);
    unsigned int olen = 0;
    int rc = ODP_OK;

    if (md == NULL) {
        return odp_ossl_fail(err, ODP_EINTERNAL, "BLAKE2B-512 setup");
    }
    if (EVP_Digest(len > 0 ? data : "", len, out, &olen, md, NULL) != 1 || olen != 64) {
        rc = odp_ossl_fail(err, ODP_EINTERNAL, "BLAKE2B-512");
    }
    EVP_MD_free(md);
    return rc;
}

/* ---- secret keys ---- */

/*
 * Opens a secret key file the safe way and reads it (<= KEYFILE_MAX) into secure
 * memory: no symlink, a regular file, no group/other permission bits.
 */
static int
read_secret_file(const char *path, char **out, size_t *len, struct odp_err *err)
{
    struct stat st;
    char *p = NULL;
    size_t n = 0;
    int fd;

    *out = NULL;
    *len = 0;
    fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        if (errno == ELOOP) {
            return odp_errf(err, ODP_EKEY, &(struct odp_loc){path, 0, 0},
                            "secret key file is a symbolic link: refusing to follow it");
        }
        return odp_err_sys(err, path, "cannot open secret key");
    }
    if (fstat(fd, &st) != 0) {
        close(fd);
        return odp_err_sys(err, path, "cannot stat secret key");
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return odp_errf(err, ODP_EKEY, &(struct odp_loc){path, 0, 0},
                        "secret key is not a regular file");
    }
    if ((st.st_mode & 077) != 0) {
        close(fd);
        return odp_errf(err, ODP_EKEY, &(struct odp_loc){path, 0, 0},
                        "secret key file is accessible by group or others (run chmod 600 on "
                        "it)");
    }
    if (st.st_size > KEYFILE_MAX) {
        close(fd);
        return odp_errf(err, ODP_ESYNTAX, &(struct odp_loc){path, 0, 0},
                        "secret key file is too large to be a minisign key");
    }
    p = OPENSSL_secure_malloc(KEYFILE_MAX + 1);
    if (p == NULL) {
        close(fd);
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    for (;;) {
        ssize_t r = read(fd, p + n, KEYFILE_MAX + 1 - n);

        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r < 0) {
            OPENSSL_secure_clear_free(p, KEYFILE_MAX + 1);
            close(fd);
            return odp_err_sys(err, path, "cannot read secret key");
        }
        if (r == 0) {
            break;
        }
        n += (size_t)r;
        if (n > KEYFILE_MAX) {
            OPENSSL_secure_clear_free(p, KEYFILE_MAX + 1);
            close(fd);
            return odp_errf(err, ODP_ESYNTAX, &(struct odp_loc){path, 0, 0},
                            "secret key file is too large to be a minisign key");
        }
    }
    close(fd);
    *out = p;
    *len = n;
    return ODP_OK;
}

/* Parses a secret key file into its 158 raw (maybe still encrypted) bytes. */
static int
parse_secret(const char *text, size_t len, const char *origin, uint8_t raw[ODP_SK_BYTES],
             struct odp_err *err)
{
    struct lines l = {{text, text + len, 0}, origin};
    struct odp_loc loc = {origin, 2, 1};
    int rc;

    rc = untrusted_line(&l, "secret key file", err);
    if (rc < 0) {
        return rc;
    }
    rc = b64_line(&l, raw, ODP_SK_BYTES, 0, "secret key line", err);
    if (rc < 0) {
        return rc;
    }
    rc = expect_end(&l, err);
    if (rc < 0) {
        return rc;
    }
    if (memcmp(raw, "Ed", 2) != 0) {
        return odp_errf(err, ODP_ESYNTAX, &loc, "unsupported secret key algorithm");
    }
    if (memcmp(raw + 4, "B2", 2) != 0) {
        return odp_errf(err, ODP_ESYNTAX, &loc, "unsupported secret key checksum algorithm");
    }
    if (memcmp(raw + 2, "Sc", 2) != 0 && !(raw[2] == 0 && raw[3] == 0)) {
        return odp_errf(err, ODP_ESYNTAX, &loc,
                        "unsupported secret key encryption (key derivation) algorithm");
    }
    return ODP_OK;
}

int
odp_seckey_is_encrypted(const char *path, struct odp_err *err)
{
    uint8_t *raw;
    char *text = NULL;
    size_t len = 0;
    int rc;

    odp_secmem_init();
    raw = OPENSSL_secure_malloc(ODP_SK_BYTES);
    if (raw == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    rc = read_secret_file(path, &text, &len, err);
    if (rc == ODP_OK) {
        rc = parse_secret(text, len, path, raw, err);
    }
    if (rc == ODP_OK) {
        rc = memcmp(raw + 2, "Sc", 2) == 0 ? 1 : 0;
    }
    if (text != NULL) {
        OPENSSL_secure_clear_free(text, KEYFILE_MAX + 1);
    }
    OPENSSL_secure_clear_free(raw, ODP_SK_BYTES);
    return rc;
}

int
odp_seckey_load(const char *path, const char *passphrase, struct odp_seckey **out,
                struct odp_err *err)
{
    struct odp_loc loc = {path, 2, 1};
    struct odp_seckey *sk = NULL;
    uint8_t *raw = NULL, *stream = NULL;
    uint8_t chk[32], ck_in[2 + 8 + 64], derived[32];
    uint8_t zero[32] = {0};
    size_t len = 0, dlen = sizeof(derived), i;
    char *text = NULL;
    int rc, encrypted;

    *out = NULL;
    odp_nocore();
    odp_secmem_init();
    raw = OPENSSL_secure_malloc(ODP_SK_BYTES);
    stream = OPENSSL_secure_malloc(104);
    if (raw == NULL || stream == NULL) {
        rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        goto out;
    }
    rc = read_secret_file(path, &text, &len, err);
    if (rc < 0) {
        goto out;
    }
    rc = parse_secret(text, len, path, raw, err);
    if (rc < 0) {
        goto out;
    }
    encrypted = memcmp(raw + 2, "Sc", 2) == 0;
    if (encrypted) {
        if (passphrase == NULL) {
            rc = odp_errf(err, ODP_EKEY, &(struct odp_loc){path, 0, 0},
                          "secret key is encrypted: a passphrase is needed");
            goto out;
        }
        rc = odp_scrypt(passphrase, raw + 6, odp_le64_get(raw + 38), odp_le64_get(raw + 46), stream, 104, err);
        if (rc < 0) {
            goto out;
        }
        for (i = 0; i < 104; i++) {
            raw[54 + i] ^= stream[i];
        }
    }
    /* chk = BLAKE2b-256(sig_alg || key_id || sk); minisign -W leaves it all zero. */
    memcpy(ck_in, raw, 2);
    memcpy(ck_in + 2, raw + 54, 72);
    odp_blake2b(chk, 32, ck_in, sizeof(ck_in));
    OPENSSL_cleanse(ck_in, sizeof(ck_in));
    if (encrypted || CRYPTO_memcmp(raw + 126, zero, 32) != 0) {
        if (CRYPTO_memcmp(chk, raw + 126, 32) != 0) {
            rc = odp_errf(err, ODP_EKEY, &(struct odp_loc){path, 0, 0}, "%s",
                          encrypted ? "wrong passphrase for the secret key"
                                    : "secret key checksum does not match: key file damaged");
            goto out;
        }
    }
    sk = calloc(1, sizeof(*sk));
    if (sk == NULL) {
        rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        goto out;
    }
    sk->pkey = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, raw + 62, 32);
    if (sk->pkey == NULL) {
        rc = odp_ossl_fail(err, ODP_EKEY, "loading the Ed25519 secret key");
        goto out;
    }
    if (EVP_PKEY_get_raw_public_key(sk->pkey, derived, &dlen) != 1 || dlen != 32) {
        rc = odp_ossl_fail(err, ODP_EINTERNAL, "deriving the Ed25519 public key");
        goto out;
    }
    /* The stored public half must belong to the seed, or signatures would not verify. */
    if (CRYPTO_memcmp(derived, raw + 94, 32) != 0) {
        rc = odp_errf(err, ODP_EKEY, &loc, "secret key is inconsistent (its public half does "
                                           "not match its seed): key file damaged");
        goto out;
    }
    memcpy(sk->key_id, raw + 54, 8);
    memcpy(sk->pk, derived, 32);
    *out = sk;
    sk = NULL;
    rc = ODP_OK;
out:
    odp_seckey_free(sk);
    if (text != NULL) {
        OPENSSL_secure_clear_free(text, KEYFILE_MAX + 1);
    }
    if (raw != NULL) {
        OPENSSL_secure_clear_free(raw, ODP_SK_BYTES);
    }
    if (stream != NULL) {
        OPENSSL_secure_clear_free(stream, 104);
    }
    OPENSSL_cleanse(chk, sizeof(chk));
    return rc;
}

void
odp_seckey_free(struct odp_seckey *sk)
{
    if (sk == NULL) {
        return;
    }
    EVP_PKEY_free(sk->pkey); /* OpenSSL cleanses the private key it holds */
    OPENSSL_cleanse(sk, sizeof(*sk));
    free(sk);
}

void
odp_seckey_id(const struct odp_seckey *sk, char out[ODP_KEYID_HEXLEN + 1])
{
    odp_keyid_hex(sk->key_id, out);
}

char *
odp_seckey_pubkey_text(const struct odp_seckey *sk)
{
    uint8_t raw[ODP_PK_BYTES];
    char id[ODP_KEYID_HEXLEN + 1];
    char b64[(ODP_PK_BYTES + 2) / 3 * 4 + 1];
    struct odp_buf b;

    memcpy(raw, "Ed", 2);
    memcpy(raw + 2, sk->key_id, 8);
    memcpy(raw + 10, sk->pk, 32);
    odp_b64_encode(raw, sizeof(raw), b64);
    odp_keyid_hex(sk->key_id, id);
    odp_buf_init(&b, 4096);
    if (odp_buf_addf(&b, NULL, "untrusted comment: minisign public key %s\n%s\n", id, b64) !=
        ODP_OK) {
        odp_buf_release(&b);
        return NULL;
    }
    return odp_buf_take(&b);
}

/* ---- public keys ---- */

static int
pubkey_from_raw(const uint8_t raw[ODP_PK_BYTES], const struct odp_loc *loc,
                struct odp_pubkey **out, struct odp_err *err)
{
    struct odp_pubkey *pk;

    if (memcmp(raw, "Ed", 2) != 0) {
        return odp_errf(err, ODP_ESYNTAX, loc, "unsupported public key algorithm");
    }
    pk = calloc(1, sizeof(*pk));
    if (pk == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    pk->pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, raw + 10, 32);
    if (pk->pkey == NULL) {
        free(pk);
        return odp_ossl_fail(err, ODP_ESYNTAX, "loading the Ed25519 public key");
    }
    memcpy(pk->key_id, raw + 2, 8);
    memcpy(pk->pk, raw + 10, 32);
    *out = pk;
    return ODP_OK;
}

int
odp_pubkey_parse(const char *text, size_t len, const char *origin, struct odp_pubkey **out,
                 struct odp_err *err)
{
    struct lines l = {{text, text + len, 0}, origin != NULL ? origin : "<public key>"};
    uint8_t raw[ODP_PK_BYTES];
    struct odp_loc loc;
    size_t plen = strlen(UNTRUSTED_PREFIX);
    int rc;

    *out = NULL;
    if (len > KEYFILE_MAX) {
        return odp_errf(err, ODP_ESYNTAX, &(struct odp_loc){l.origin, 0, 0},
                        "public key text is too large");
    }
    /* A .pub file (comment line first) or the bare base64 line (minisign -P). */
    if (len >= plen && memcmp(text, UNTRUSTED_PREFIX, plen) == 0) {
        rc = untrusted_line(&l, "public key file", err);
        if (rc < 0) {
            return rc;
        }
    }
    rc = b64_line(&l, raw, sizeof(raw), 0, "public key line", err);
    if (rc < 0) {
        return rc;
    }
    rc = expect_end(&l, err);
    if (rc < 0) {
        return rc;
    }
    loc.path = l.origin;
    loc.line = l.t.lineno;
    loc.col = 1;
    return pubkey_from_raw(raw, &loc, out, err);
}

int
odp_pubkey_load(const char *path, struct odp_pubkey **out, struct odp_err *err)
{
    char *text = NULL;
    size_t len = 0;
    int rc;

    *out = NULL;
    rc = odp_read_file(path, KEYFILE_MAX, &text, &len, err);
    if (rc < 0) {
        if (rc == ODP_ELIMIT) {
            rc = ODP_ESYNTAX;
        }
        free(text);
        return rc;
    }
    rc = odp_pubkey_parse(text, len, path, out, err);
    free(text);
    return rc;
}

void
odp_pubkey_free(struct odp_pubkey *pk)
{
    if (pk == NULL) {
        return;
    }
    EVP_PKEY_free(pk->pkey);
    free(pk);
}

void
odp_pubkey_id(const struct odp_pubkey *pk, char out[ODP_KEYID_HEXLEN + 1])
{
    odp_keyid_hex(pk->key_id, out);
}

/* ---- signing ---- */

/* Comments we write must read back: no control characters but TAB in the trusted one. */
static int
check_comments(const char *trusted, const char *untrusted, struct odp_err *err)
{
    size_t i, n;

    n = strlen(trusted);
    if (n > ODP_TRUSTED_SIGN_MAX) {
        return odp_errf(err, ODP_EINVAL, NULL, "trusted comment too long (%zu bytes, at most %d)",
                        n, ODP_TRUSTED_SIGN_MAX);
    }
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)trusted[i];

        if ((c < 0x20 && c != '\t') || c == 0x7f) {
            return odp_errf(err, ODP_EINVAL, NULL,
                            "trusted comment holds a control character (byte %zu)", i + 1);
        }
    }
    n = strlen(untrusted);
    if (n > ODP_UNTRUSTED_MAX) {
        return odp_errf(err, ODP_EINVAL, NULL, "untrusted comment too long (%zu bytes, at most %d)",
                        n, ODP_UNTRUSTED_MAX);
    }
    if (strpbrk(untrusted, "\r\n") != NULL) {
        return odp_errf(err, ODP_EINVAL, NULL, "untrusted comment holds a line break");
    }
    return ODP_OK;
}

/* Builds the .minisig text from the prehash. */
static int
sign_prehashed(const struct odp_seckey *sk, const uint8_t hash[64], const char *trusted,
               const char *untrusted, char **sig_text, struct odp_err *err)
{
    uint8_t line2[ODP_SIG_BYTES], global[64];
    char b64a[(ODP_SIG_BYTES + 2) / 3 * 4 + 1], b64b[(64 + 2) / 3 * 4 + 1];
    uint8_t *gmsg = NULL;
    size_t tlen;
    struct odp_buf b;
    int rc;

    *sig_text = NULL;
    if (untrusted == NULL) {
        untrusted = DEFAULT_UNTRUSTED;
    }
    if (trusted == NULL) {
        return odp_errf(err, ODP_EINVAL, NULL, "no trusted comment given");
    }
    rc = check_comments(trusted, untrusted, err);
    if (rc < 0) {
        return rc;
    }
    memcpy(line2, "ED", 2);
    memcpy(line2 + 2, sk->key_id, 8);
    rc = ed_sign(sk->pkey, hash, 64, line2 + 10, err);
    if (rc < 0) {
        return rc;
    }
    /* The global signature binds the trusted comment to the signature bytes. */
    tlen = strlen(trusted);
    gmsg = malloc(64 + tlen);
    if (gmsg == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    memcpy(gmsg, line2 + 10, 64);
    memcpy(gmsg + 64, trusted, tlen);
    rc = ed_sign(sk->pkey, gmsg, 64 + tlen, global, err);
    free(gmsg);
    if (rc < 0) {
        return rc;
    }
    odp_b64_encode(line2, sizeof(line2), b64a);
    odp_b64_encode(global, sizeof(global), b64b);
    odp_buf_init(&b, SIGFILE_MAX);
    rc = odp_buf_addf(&b, err, "untrusted comment: %s\n%s\ntrusted comment: %s\n%s\n", untrusted,
                      b64a, trusted, b64b);
    if (rc < 0) {
        odp_buf_release(&b);
        return rc;
    }
    *sig_text = odp_buf_take(&b);
    return ODP_OK;
}

int
odp_sign_file(const struct odp_seckey *sk, const char *path, const char *trusted,
              const char *untrusted, char **sig_text, struct odp_err *err)
{
    uint8_t hash[64];
    int rc;

    *sig_text = NULL;
    rc = prehash_file(path, hash, err);
    if (rc < 0) {
        return rc;
    }
    return sign_prehashed(sk, hash, trusted, untrusted, sig_text, err);
}

int
odp_sign_mem(const struct odp_seckey *sk, const void *data, size_t len, const char *trusted,
             const char *untrusted, char **sig_text, struct odp_err *err)
{
    uint8_t hash[64];
    int rc;

    *sig_text = NULL;
    rc = prehash_mem(data, len, hash, err);
    if (rc < 0) {
        return rc;
    }
    return sign_prehashed(sk, hash, trusted, untrusted, sig_text, err);
}

/* ---- verification ---- */

struct sig_parts {
    uint8_t line2[ODP_SIG_BYTES]; /* alg(2) key_id(8) sig(64) */
    const char *trusted;          /* into the signature text */
    size_t trusted_len;
    uint8_t global[64];
};

static int
parse_sig(const char *text, size_t len, const char *origin, struct sig_parts *sp,
          struct odp_err *err)
{
    struct lines l = {{text, text + len, 0}, origin};
    const char *s;
    size_t n, i, plen = strlen(TRUSTED_PREFIX);
    int nl, rc;

    if (len > SIGFILE_MAX) {
        return odp_errf(err, ODP_ESYNTAX, &(struct odp_loc){origin, 0, 0},
                        "signature file too large (more than %u bytes)", SIGFILE_MAX);
    }
    rc = untrusted_line(&l, "signature file", err);
    if (rc < 0) {
        return rc;
    }
    rc = b64_line(&l, sp->line2, ODP_SIG_BYTES, 1, "signature line", err);
    if (rc < 0) {
        return rc;
    }
    if (memcmp(sp->line2, "ED", 2) != 0 && memcmp(sp->line2, "Ed", 2) != 0) {
        return line_err(&l, 1, err, "unsupported signature algorithm");
    }
    rc = next_line(&l, &s, &n, &nl, err);
    if (rc < 0) {
        return rc;
    }
    if (rc == 0) {
        l.t.lineno++;
        return line_err(&l, 1, err, "trusted comment missing: file truncated");
    }
    if (n < plen || memcmp(s, TRUSTED_PREFIX, plen) != 0) {
        return line_err(&l, 1, err, "line 3 does not start with 'trusted comment: '");
    }
    if (n - plen > ODP_TRUSTED_READ_MAX) {
        return line_err(&l, plen + ODP_TRUSTED_READ_MAX + 1, err, "trusted comment too long");
    }
    for (i = plen; i < n; i++) {
        unsigned char c = (unsigned char)s[i];

        if ((c < 0x20 && c != '\t') || c == 0x7f) {
            return line_err(&l, i + 1, err, "trusted comment holds a control character");
        }
    }
    if (!nl) {
        return line_err(&l, n + 1, err, "line 3 has no newline: file truncated");
    }
    sp->trusted = s + plen;
    sp->trusted_len = n - plen;
    rc = b64_line(&l, sp->global, 64, 0, "global signature line", err);
    if (rc < 0) {
        return rc;
    }
    return expect_end(&l, err);
}

/*
 * Verifies the parsed signature; the message is given either as its prehash (`ED`) or,
 * for legacy `Ed`, as raw bytes (data/len) - the caller supplies what the algorithm needs.
 */
static int
check_sig(const struct odp_pubkey *pk, const struct sig_parts *sp, const uint8_t *msg,
          size_t msglen, const char *origin, char **trusted, struct odp_err *err)
{
    char a[ODP_KEYID_HEXLEN + 1], b[ODP_KEYID_HEXLEN + 1];
    struct odp_loc loc = {origin, 0, 0};
    uint8_t *gmsg;
    int ok;

    if (memcmp(sp->line2 + 2, pk->key_id, 8) != 0) {
        odp_keyid_hex(sp->line2 + 2, a);
        odp_keyid_hex(pk->key_id, b);
        return odp_errf(err, ODP_EVERIFY, &loc,
                        "signature key id %s does not match the public key id %s", a, b);
    }
    ok = ed_verify(pk->pkey, msg, msglen, sp->line2 + 10, err);
    if (ok < 0) {
        return ok;
    }
    if (ok == 0) {
        return odp_errf(err, ODP_EVERIFY, &loc, "signature verification failed");
    }
    gmsg = malloc(64 + sp->trusted_len);
    if (gmsg == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    memcpy(gmsg, sp->line2 + 10, 64);
    memcpy(gmsg + 64, sp->trusted, sp->trusted_len);
    ok = ed_verify(pk->pkey, gmsg, 64 + sp->trusted_len, sp->global, err);
    free(gmsg);
    if (ok < 0) {
        return ok;
    }
    if (ok == 0) {
        return odp_errf(err, ODP_EVERIFY, &loc,
                        "comment signature verification failed (trusted comment altered)");
    }
    if (trusted != NULL) {
        *trusted = malloc(sp->trusted_len + 1);
        if (*trusted == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
        memcpy(*trusted, sp->trusted, sp->trusted_len);
        (*trusted)[sp->trusted_len] = '\0';
    }
    return ODP_OK;
}

int
odp_verify_mem(const struct odp_pubkey *pk, const void *data, size_t len, const char *sig,
               size_t siglen, const char *sig_origin, char **trusted, struct odp_err *err)
{
    struct sig_parts sp;
    uint8_t hash[64];
    const char *origin = sig_origin != NULL ? sig_origin : "<signature>";
    int rc;

    if (trusted != NULL) {
        *trusted = NULL;
    }
    rc = parse_sig(sig, siglen, origin, &sp, err);
    if (rc < 0) {
        return rc;
    }
    if (memcmp(sp.line2, "Ed", 2) == 0) {
        return check_sig(pk, &sp, len > 0 ? data : (const void *)"", len, origin, trusted, err);
    }
    rc = prehash_mem(data, len, hash, err);
    if (rc < 0) {
        return rc;
    }
    return check_sig(pk, &sp, hash, 64, origin, trusted, err);
}

int
odp_verify_file(const struct odp_pubkey *pk, const char *path, const char *sig, size_t siglen,
                const char *sig_origin, char **trusted, struct odp_err *err)
{
    struct sig_parts sp;
    uint8_t hash[64];
    const char *origin = sig_origin != NULL ? sig_origin : "<signature>";
    char *data = NULL;
    size_t len = 0;
    int rc;

    if (trusted != NULL) {
        *trusted = NULL;
    }
    /* Parse (and so check the algorithm) before reading the signed file. */
    rc = parse_sig(sig, siglen, origin, &sp, err);
    if (rc < 0) {
        return rc;
    }
    if (memcmp(sp.line2, "Ed", 2) == 0) {
        /* Legacy signatures cover the raw bytes: the file must fit in memory. */
        rc = odp_read_file(path, LEGACY_MAX, &data, &len, err);
        if (rc < 0) {
            free(data);
            return rc;
        }
        rc = check_sig(pk, &sp, (const uint8_t *)data, len, origin, trusted, err);
        free(data);
        return rc;
    }
    rc = prehash_file(path, hash, err);
    if (rc < 0) {
        return rc;
    }
    return check_sig(pk, &sp, hash, 64, origin, trusted, err);
}
