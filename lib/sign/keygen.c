/*
 * keygen.c - makes a minisign-compatible Ed25519 key pair: NAME.key and NAME.pub.
 *
 * The secret key file has minisign's 158-byte layout: `Ed`, kdf `Sc` (scrypt with a
 * fresh random salt and libsodium's SENSITIVE limits, as `minisign -G`) or 00 00 when
 * no passphrase is given (as `minisign -G -W`), `B2`, the key id (8 random bytes), the
 * seed and public key, and the BLAKE2b-256 checksum (filled in for unencrypted keys
 * too; minisign leaves it zero there and ignores it). The public key file is
 * "untrusted comment: minisign public key <KEYID>" and the base64 of `Ed` || key id || pk.
 *
 * Promises: the secret key file is created with O_EXCL|O_NOFOLLOW and mode 0600 (an
 * existing NAME.key or NAME.pub is refused unless force, and force unlinks it first
 * rather than writing through it); the seed and the decoded key struct only live in
 * secure memory and are cleansed; on any error neither file is left behind.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "buf.h"
#include "bytes.h"
#include "fs.h"
#include "sign.h"

#define NAME_MAX_LEN 1000
#define DEFAULT_KEY_COMMENT "minisign encrypted secret key"

static int
write_all(int fd, const char *path, const char *p, size_t n, struct odp_err *err)
{
    if (odp_write_all(fd, p, n) != 0) {
        return odp_err_sys(err, path, "cannot write");
    }
    if (fsync(fd) != 0) {
        return odp_err_sys(err, path, "cannot sync");
    }
    return ODP_OK;
}

/* Creates path new (after removing an old one when force) and writes text into it. */
static int
create_with(const char *path, int mode, int force, const char *text, size_t n,
            struct odp_err *err)
{
    int fd, rc;

    if (force && unlink(path) != 0 && errno != ENOENT) {
        return odp_err_sys(err, path, "cannot replace");
    }
    fd = odp_create(path, mode, err);
    if (fd < 0) {
        return fd;
    }
    /* The mode is exact whatever the umask leaves (it can only have removed bits). */
    if (fchmod(fd, (mode_t)mode) != 0) {
        rc = odp_err_sys(err, path, "cannot set the mode of");
    } else {
        rc = write_all(fd, path, text, n, err);
    }
    if (close(fd) != 0 && rc == ODP_OK) {
        rc = odp_err_sys(err, path, "cannot close");
    }
    if (rc < 0) {
        unlink(path);
    }
    return rc;
}

/*
 * Fills the 158-byte secret key struct (encrypted when passphrase != NULL) and gives
 * the public key and the key id in clear.
 */
static int
build_secret(uint8_t *raw, const char *passphrase, uint8_t pk_out[32], uint8_t id_out[8],
             struct odp_err *err)
{
    EVP_PKEY *pkey = NULL;
    uint8_t *stream = NULL;
    uint8_t ck_in[2 + 8 + 64];
    uint64_t ops = ODP_SCRYPT_OPS_SENSITIVE, mem = ODP_SCRYPT_MEM_SENSITIVE;
    const char *weak = getenv("ODPUB_INSECURE_TEST_KDF");
    size_t pklen = 32, i;
    int rc = ODP_OK;

    memset(raw, 0, ODP_SK_BYTES);
    memcpy(raw, "Ed", 2);
    memcpy(raw + 4, "B2", 2);
    if (RAND_bytes(raw + 54, 8) != 1 || RAND_priv_bytes(raw + 62, 32) != 1) {
        ERR_clear_error();
        return odp_errf(err, ODP_EINTERNAL, NULL, "random number generator failed");
    }
    pkey = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, raw + 62, 32);
    if (pkey == NULL || EVP_PKEY_get_raw_public_key(pkey, raw + 94, &pklen) != 1 ||
        pklen != 32) {
        ERR_clear_error();
        EVP_PKEY_free(pkey);
        return odp_errf(err, ODP_EINTERNAL, NULL, "Ed25519 key generation failed");
    }
    EVP_PKEY_free(pkey);
    memcpy(pk_out, raw + 94, 32);
    memcpy(id_out, raw + 54, 8);
    memcpy(ck_in, raw, 2);
    memcpy(ck_in + 2, raw + 54, 72);
    odp_blake2b(raw + 126, 32, ck_in, sizeof(ck_in));
    OPENSSL_cleanse(ck_in, sizeof(ck_in));
    if (passphrase == NULL) {
        return ODP_OK;
    }
    if (weak != NULL && strcmp(weak, "1") == 0) {
        ops = ODP_SCRYPT_OPS_INTERACTIVE;
        mem = ODP_SCRYPT_MEM_INTERACTIVE;
    }
    memcpy(raw + 2, "Sc", 2);
    odp_le64_put(raw + 38, ops);
    odp_le64_put(raw + 46, mem);
    if (RAND_bytes(raw + 6, 32) != 1) {
        ERR_clear_error();
        return odp_errf(err, ODP_EINTERNAL, NULL, "random number generator failed");
    }
    stream = OPENSSL_secure_malloc(104);
    if (stream == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    rc = odp_scrypt(passphrase, raw + 6, ops, mem, stream, 104, err);
    if (rc == ODP_OK) {
        for (i = 0; i < 104; i++) {
            raw[54 + i] ^= stream[i];
        }
    }
    OPENSSL_secure_clear_free(stream, 104);
    return rc;
}

int
odp_keygen_pair_ex(const char *name, const char *passphrase, int force, const char *comment,
                   char key_id[ODP_KEYID_HEXLEN + 1], struct odp_err *err)
{
    struct odp_buf keypath, pubpath, text;
    uint8_t *raw = NULL;
    uint8_t pkraw[ODP_PK_BYTES], pk[32], id[8];
    char idhex[ODP_KEYID_HEXLEN + 1];
    char *b64 = NULL;
    size_t nlen = strlen(name);
    struct stat st;
    int rc, key_made = 0;

    odp_buf_init(&keypath, NAME_MAX_LEN + 8);
    odp_buf_init(&pubpath, NAME_MAX_LEN + 8);
    odp_buf_init(&text, 4096);
    if (comment == NULL) {
        comment = DEFAULT_KEY_COMMENT;
    }
    if (nlen == 0 || nlen > NAME_MAX_LEN) {
        return odp_errf(err, ODP_EINVAL, NULL, "key name is empty or too long");
    }
    if (strlen(comment) > ODP_UNTRUSTED_MAX || strpbrk(comment, "\r\n") != NULL) {
        return odp_errf(err, ODP_EINVAL, NULL,
                        "key comment must be one line of at most %d bytes", ODP_UNTRUSTED_MAX);
    }
    rc = odp_buf_addf(&keypath, err, "%s.key", name);
    if (rc == ODP_OK) {
        rc = odp_buf_addf(&pubpath, err, "%s.pub", name);
    }
    if (rc < 0) {
        goto out;
    }
    if (!force) {
        if (lstat(keypath.p, &st) == 0 || lstat(pubpath.p, &st) == 0) {
            rc = odp_errf(err, ODP_EINVAL,
                          &(struct odp_loc){lstat(keypath.p, &st) == 0 ? keypath.p : pubpath.p,
                                            0, 0},
                          "already exists; refusing to overwrite a key (--force replaces it)");
            goto out;
        }
    }
    odp_secmem_init();
    odp_nocore();
    raw = OPENSSL_secure_malloc(ODP_SK_BYTES);
    b64 = OPENSSL_secure_malloc((ODP_SK_BYTES + 2) / 3 * 4 + 1);
    if (raw == NULL || b64 == NULL) {
        rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        goto out;
    }
    rc = build_secret(raw, passphrase, pk, id, err);
    if (rc < 0) {
        goto out;
    }
    (void)EVP_EncodeBlock((unsigned char *)b64, raw, ODP_SK_BYTES);
    rc = odp_buf_addf(&text, err, "untrusted comment: %s\n%s\n", comment, b64);
    if (rc < 0) {
        goto out;
    }
    rc = create_with(keypath.p, 0600, force, text.p, text.len, err);
    OPENSSL_cleanse(text.p, text.len);
    if (rc < 0) {
        goto out;
    }
    key_made = 1;
    memcpy(pkraw, "Ed", 2);
    memcpy(pkraw + 2, id, 8);
    memcpy(pkraw + 10, pk, 32);
    (void)EVP_EncodeBlock((unsigned char *)b64, pkraw, ODP_PK_BYTES);
    odp_keyid_hex(id, idhex);
    odp_buf_reset(&text);
    rc = odp_buf_addf(&text, err, "untrusted comment: minisign public key %s\n%s\n", idhex, b64);
    if (rc < 0) {
        goto out;
    }
    rc = create_with(pubpath.p, 0644, force, text.p, text.len, err);
    if (rc < 0) {
        goto out;
    }
    if (key_id != NULL) {
        memcpy(key_id, idhex, sizeof(idhex));
    }
out:
    if (rc < 0 && key_made) {
        unlink(keypath.p);
    }
    if (raw != NULL) {
        OPENSSL_secure_clear_free(raw, ODP_SK_BYTES);
    }
    if (b64 != NULL) {
        OPENSSL_secure_clear_free(b64, (ODP_SK_BYTES + 2) / 3 * 4 + 1);
    }
    if (text.p != NULL) {
        OPENSSL_cleanse(text.p, text.cap);
    }
    odp_buf_release(&text);
    odp_buf_release(&keypath);
    odp_buf_release(&pubpath);
    return rc;
}

int
odp_keygen_pair(const char *name, const char *passphrase, int force, const char *comment,
                struct odp_err *err)
{
    return odp_keygen_pair_ex(name, passphrase, force, comment, NULL, err);
}
