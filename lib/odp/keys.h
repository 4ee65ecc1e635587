/*
 * odp/keys.h - making keys: an Ed25519 signing key pair in minisign's format (`odpub
 * keygen NAME`) and a secret pseudonym (or noise) key (`odpub keygen --pseudonym FILE`).
 *
 * A key id is what packages, reports and messages show; a key never is. The signing
 * key id is minisign's (16 hex digits, the public key's 8-byte id). A pseudonym key's id
 * in policy.yaml and report.json is "keyid:" and the first 8 hex digits of the key's
 * SHA-256: 32 bits, enough to tell two keys apart, and no help to a guess of the key,
 * since a key is at least 32 bytes (odpub's own are 32 random bytes: 256 bits) and a
 * guess is checked by computing pseudonyms from the published data in any case.
 */
#ifndef ODP_KEYS_PUBLIC_H
#define ODP_KEYS_PUBLIC_H

#include "err.h"

#define ODP_KEYID_HEXLEN 16

/*
 * Makes a key pair NAME.key (0600, O_EXCL unless force) and NAME.pub. With a passphrase
 * the secret key is scrypt-encrypted as minisign does; NULL writes it unencrypted.
 */
ODP_API int odp_keygen_pair(const char *name, const char *passphrase, int force, const char *comment,
                    struct odp_err *err);

/*
 * As odp_keygen_pair, and also gives the new key's id (when key_id is not NULL).
 * Neither file is left behind on error. `comment` is the secret key file's untrusted
 * comment (NULL: minisign's "minisign encrypted secret key"; no CR/LF, <= 1003 bytes).
 * The scrypt cost is libsodium's SENSITIVE one (opslimit 2^25, memlimit 1 GiB: about
 * 1 GiB of memory and seconds of CPU on every load), as minisign uses. Tests only: with
 * ODPUB_INSECURE_TEST_KDF=1 in the environment, libsodium's INTERACTIVE cost (opslimit
 * 2^19, memlimit 16 MiB) is used instead. Such a key still loads in minisign.
 */
ODP_API int odp_keygen_pair_ex(const char *name, const char *passphrase, int force, const char *comment,
                       char key_id[ODP_KEYID_HEXLEN + 1], struct odp_err *err);

/*
 * Writes a new secret key: 64 random hex characters (32 bytes from the OS's random
 * generator) and a newline, to a new file (O_EXCL, mode 0600; with force, replaced
 * atomically). For `keys: {pseudonym: file:PATH}` and `keys: {noise: file:PATH}`.
 */
ODP_API int odp_secret_generate_file(const char *path, int force, struct odp_err *err);

#endif
