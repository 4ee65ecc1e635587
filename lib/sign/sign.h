/*
 * sign.h - Ed25519 signatures in minisign's formats (OpenSSL EVP; BLAKE2b-512 prehash).
 *
 * Public keys (.pub), secret keys (.key, unencrypted as `minisign -G -W` writes them or
 * scrypt-encrypted as minisign does) and signatures (.minisig, `ED` prehashed; legacy
 * `Ed` accepted when verifying) are byte-compatible with minisign 0.11: a key made by
 * either tool works with the other, and either verifies the other's signatures.
 * See ../shared/conformance/minisign/FORMAT.md.
 *
 * Secret key bytes live in OPENSSL_secure_malloc memory, are cleansed on free, and core
 * dumps are off (RLIMIT_CORE 0) while one is loaded. Parsers are strict and bounded:
 * they are fed files downloaded from the internet.
 */
#ifndef ODP_SIGN_H
#define ODP_SIGN_H

#include <stddef.h>
#include <stdint.h>

#include "odp/err.h"
#include "odp/keys.h"

struct odp_seckey;
struct odp_pubkey;

/* Key id as minisign prints it: 16 upper-case hex digits of the id read little-endian. */

/*
 * Loads a secret key file. The file must be a regular file not accessible by group or
 * others (else ODP_EKEY, "chmod 600"). `passphrase` is needed for an encrypted key
 * (NULL for an unencrypted one; ODP_EKEY when missing or wrong).
 */
int odp_seckey_load(const char *path, const char *passphrase, struct odp_seckey **out,
                    struct odp_err *err);
void odp_seckey_free(struct odp_seckey *sk);
/* Whether the key file at path is encrypted (1), not (0), or unreadable (< 0). */
int odp_seckey_is_encrypted(const char *path, struct odp_err *err);

/* Loads a .pub file, or parses the base64 line given as text (minisign -P). */
int odp_pubkey_load(const char *path, struct odp_pubkey **out, struct odp_err *err);
int odp_pubkey_parse(const char *text, size_t len, const char *origin, struct odp_pubkey **out,
                     struct odp_err *err);
void odp_pubkey_free(struct odp_pubkey *pk);

/* Key ids (ODP_KEYID_HEXLEN + 1 bytes). */
void odp_seckey_id(const struct odp_seckey *sk, char out[ODP_KEYID_HEXLEN + 1]);
void odp_pubkey_id(const struct odp_pubkey *pk, char out[ODP_KEYID_HEXLEN + 1]);
/* The public key file text ("untrusted comment: ...\n<base64>\n") of a secret key. */
char *odp_seckey_pubkey_text(const struct odp_seckey *sk);

/*
 * Signs the bytes of a file (streamed through BLAKE2b-512, `ED` algorithm) and returns
 * the 4-line .minisig text (caller frees). `trusted` must not contain CR or LF and must
 * be shorter than 4000 bytes; `untrusted` NULL gives minisign's default text.
 */
int odp_sign_file(const struct odp_seckey *sk, const char *path, const char *trusted,
                  const char *untrusted, char **sig_text, struct odp_err *err);
int odp_sign_mem(const struct odp_seckey *sk, const void *data, size_t len, const char *trusted,
                 const char *untrusted, char **sig_text, struct odp_err *err);

/*
 * Verifies a .minisig (text `sig`, named `sig_origin` in errors) over a file or memory.
 * ODP_OK when both the signature and the global (trusted comment) signature verify;
 * ODP_EVERIFY on a key id mismatch or a bad signature; ODP_ESYNTAX on a malformed
 * signature or an unsupported algorithm. On success *trusted (when not NULL) gets the
 * trusted comment (caller frees).
 */
int odp_verify_file(const struct odp_pubkey *pk, const char *path, const char *sig, size_t siglen,
                    const char *sig_origin, char **trusted, struct odp_err *err);
int odp_verify_mem(const struct odp_pubkey *pk, const void *data, size_t len, const char *sig,
                   size_t siglen, const char *sig_origin, char **trusted, struct odp_err *err);

/* ---- internal to the sign module (sign.c, keygen.c) and its tests ---- */

#define ODP_SK_BYTES 158       /* decoded secret key struct */
#define ODP_PK_BYTES 42        /* decoded public key struct */
#define ODP_SIG_BYTES 74       /* decoded line 2 of a .minisig */
#define ODP_UNTRUSTED_MAX 1003 /* untrusted comment text, bytes */
#define ODP_TRUSTED_SIGN_MAX 3999  /* longest trusted comment we write */
#define ODP_TRUSTED_READ_MAX 8173  /* longest trusted comment minisign reads */

/* libsodium's scrypt cost limits (crypto_pwhash_scryptsalsa208sha256_*). */
#define ODP_SCRYPT_OPS_SENSITIVE 33554432ULL
#define ODP_SCRYPT_MEM_SENSITIVE 1073741824ULL
#define ODP_SCRYPT_OPS_INTERACTIVE 524288ULL
#define ODP_SCRYPT_MEM_INTERACTIVE 16777216ULL

/* Unkeyed BLAKE2b (RFC 7693) with an output of outlen (1..64) bytes. */
void odp_blake2b(uint8_t *out, size_t outlen, const void *in, size_t inlen);

/*
 * libsodium's scrypt parameter choice (pickparams) for opslimit/memlimit: N = 2^n_log2.
 * Returns ODP_OK, or ODP_ESYNTAX when they give p = 0 or a cost over our caps (memory
 * 2 GiB, N*r*p 2^26) that a hostile key file could ask for.
 */
int odp_scrypt_params(uint64_t opslimit, uint64_t memlimit, uint32_t *n_log2, uint32_t *r,
                      uint32_t *p, struct odp_err *err);

/*
 * crypto_pwhash_scryptsalsa208sha256 through EVP_KDF "SCRYPT": derives outlen bytes from
 * the passphrase, a 32-byte salt and the limits.
 */
int odp_scrypt(const char *pass, const uint8_t salt[32], uint64_t opslimit, uint64_t memlimit,
               uint8_t *out, size_t outlen, struct odp_err *err);

/*
 * Strict base64: s must be exactly the canonical padded encoding of outlen bytes (no
 * whitespace, zero unused bits). Returns 0 or -1.
 */
int odp_b64_decode_exact(const char *s, size_t n, uint8_t *out, size_t outlen);
/* Standard padded base64 of n bytes into out (4 * ceil(n / 3) + 1 bytes). */
void odp_b64_encode(const uint8_t *p, size_t n, char *out);
/* Fills err with code and "WHAT failed" plus OpenSSL's first queued reason; returns code. */
int odp_ossl_fail(struct odp_err *err, int code, const char *what);
/* Key id bytes as minisign prints them (little-endian u64, upper-case hex). */
void odp_keyid_hex(const uint8_t id[8], char out[ODP_KEYID_HEXLEN + 1]);
/* Makes secure memory available (CRYPTO_secure_malloc_init once; falls back silently). */
void odp_secmem_init(void);
/* setrlimit(RLIMIT_CORE, 0): a loaded secret must never land in a core dump. */
void odp_nocore(void);

#endif
