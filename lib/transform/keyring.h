/*
 * keyring.h - the secret keys named in a policy (`keys:`), loaded from env:VAR or file:PATH.
 *
 * A key is the file's bytes (or the variable's value) as they are, less one final
 * newline. A key file must be a regular file, opened with O_NOFOLLOW, not readable or
 * writable by group or others ("chmod 600"); a key shorter than 32 bytes is refused.
 * Key bytes live in OPENSSL_secure_malloc memory and are OPENSSL_cleanse'd on free.
 * Core dumps are disabled (RLIMIT_CORE 0) while a keyring is loaded.
 * A key id (first 8 hex of SHA-256 of the key) is what reports and packages show.
 */
#ifndef ODP_KEYRING_H
#define ODP_KEYRING_H

#include <stddef.h>
#include <stdint.h>

#include "odp/err.h"
#include "policy.h"

struct odp_keyring;

/*
 * Loads only the keys that `p` uses (by a pseudonymize or date_shift rule); other
 * named keys are recorded but not read. file: paths are relative to the policy file
 * that names them. Errors point at the key's line in the policy and never print key
 * bytes. Returns NULL + err.
 */
struct odp_keyring *odp_keyring_load(const struct odp_policy *p, struct odp_err *err);
/*
 * The same keys (same names, same policy checks), each replaced by 32 fresh random
 * bytes: for `audit` run by someone who must not hold the production key. Pseudonyms
 * then differ from a release's, but which columns are pseudonymized, and every count
 * and finding, do not.
 */
struct odp_keyring *odp_keyring_throwaway(const struct odp_policy *p, struct odp_err *err);
void odp_keyring_free(struct odp_keyring *kr);

/* The key bytes for `name` (borrowed until free), or NULL when not loaded. */
const uint8_t *odp_keyring_get(const struct odp_keyring *kr, const char *name, size_t *len);

/* Key id ("1a2b3c4d", 8 hex + NUL) for keys[i] of the policy; NULL when not loaded. */
const char *odp_keyring_id(const struct odp_keyring *kr, size_t i);

#endif
