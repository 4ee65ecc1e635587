/*
 * keyring.c - the pseudonym and date-shift keys a policy names (`keys:`).
 *
 * Only keys that a pseudonymize or date_shift rule uses are read (common/secret.c does
 * the reading and custody), so a policy may name keys a run does not need. A key id -
 * the first 8 hex of SHA-256(key) - is what reports and packages show, never the key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "fs.h"
#include "keyring.h"
#include "secret.h"
#include "sha256.h"

struct kr_key {
    uint8_t *key;   /* secure memory, NULL when not loaded */
    size_t len;
    char id[9];
    int used;       /* named by a pseudonymize or date_shift rule */
};

struct odp_keyring {
    const struct odp_policy *p;
    struct kr_key *k; /* one per p->keys[i] */
    size_t n;
};


static const char *
rule_key(const struct odp_colrule *r)
{
    return r->key != NULL && r->key[0] != '\0' ? r->key : "pseudonym";
}

/* SHA-256 of lib/common (the same digest as OpenSSL's): a release without a signature
 * then never starts OpenSSL, whose first digest costs 1.5-2.5 ms (its providers). */
static void
key_id(const uint8_t *k, size_t n, char id[9])
{
    uint8_t d[32];

    odp_sha256_digest(k, n, d);
    odp_hex(d, 4, id);
    OPENSSL_cleanse(d, sizeof(d));
}

/* 32 random bytes in secure memory: a key that exists for one run and is never shown. */
static int
throwaway_key(uint8_t **out, size_t *len, struct odp_err *err)
{
    *out = OPENSSL_secure_zalloc(33); /* + NUL, as odp_secret_read */
    if (*out == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    *len = 32;
    if (RAND_priv_bytes(*out, 32) != 1) {
        return odp_errf(err, ODP_EKEY, NULL, "no random bytes for a throwaway key");
    }
    return ODP_OK;
}

static struct odp_keyring *
load(const struct odp_policy *p, int throwaway, struct odp_err *err)
{
    struct odp_keyring *kr;
    size_t i, j;
    char *base = NULL;

    if (p == NULL) {
        odp_errf(err, ODP_EINVAL, NULL, "odp_keyring_load: no policy");
        return NULL;
    }
    kr = calloc(1, sizeof(*kr));
    if (kr == NULL || (p->nkeys > 0 && (kr->k = calloc(p->nkeys, sizeof(*kr->k))) == NULL)) {
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        free(kr);
        return NULL;
    }
    kr->p = p;
    kr->n = p->nkeys;
    /* Which keys are used? A used name that keys: does not declare is an error. */
    for (i = 0; i < p->ncols; i++) {
        const struct odp_colrule *r = &p->cols[i];
        const char *name;

        if (r->action != ODP_ACT_PSEUDONYMIZE && r->action != ODP_ACT_DATE_SHIFT) {
            continue;
        }
        name = rule_key(r);
        for (j = 0; j < p->nkeys; j++) {
            if (p->keys[j].name != NULL && strcmp(p->keys[j].name, name) == 0) {
                break;
            }
        }
        if (j == p->nkeys) {
            odp_errf(err, ODP_EKEY, &(struct odp_loc){r->path, r->line, r->col},
                     "column '%s' uses key '%s', which is not declared under 'keys:'",
                     r->name != NULL ? r->name : "?", name);
            goto fail;
        }
        kr->k[j].used = 1;
    }
    /* differential_privacy draws its noise from keys.noise (privacy/noise.c) */
    for (j = 0; p->dp != NULL && j < p->nkeys; j++) {
        if (p->keys[j].name != NULL && strcmp(p->keys[j].name, "noise") == 0) {
            kr->k[j].used = 1;
            break;
        }
    }
    if (p->dp != NULL && j == p->nkeys) {
        odp_errf(err, ODP_EKEY, &(struct odp_loc){p->dp->path, p->dp->line, p->dp->col},
                 "differential_privacy needs a secret noise key: add 'keys: {noise: "
                 "file:noise.key}' (make one with: odpub keygen --pseudonym noise.key)");
        goto fail;
    }
    for (j = 0; j < p->nkeys; j++) {
        const struct odp_keyspec *ks = &p->keys[j];
        struct odp_loc loc = {ks->path != NULL ? ks->path : p->path, ks->line, ks->col};
        size_t len = 0;
        int rc;

        if (!kr->k[j].used) {
            continue;
        }
        free(base);
        base = odp_dirname(loc.path != NULL ? loc.path : ".");
        if (base == NULL) {
            odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
            goto fail;
        }
        rc = throwaway ? throwaway_key(&kr->k[j].key, &len, err)
                       : odp_secret_read(ks->spec != NULL ? ks->spec : "", base, &loc,
                                         &kr->k[j].key, &len, err);
        if (rc < 0) {
            goto fail;
        }
        kr->k[j].len = len;
        key_id(kr->k[j].key, len, kr->k[j].id);
    }
    free(base);
    return kr;
fail:
    free(base);
    odp_keyring_free(kr);
    return NULL;
}

struct odp_keyring *
odp_keyring_load(const struct odp_policy *p, struct odp_err *err)
{
    return load(p, 0, err);
}

struct odp_keyring *
odp_keyring_throwaway(const struct odp_policy *p, struct odp_err *err)
{
    return load(p, 1, err);
}

void
odp_keyring_free(struct odp_keyring *kr)
{
    size_t i;

    if (kr == NULL) {
        return;
    }
    for (i = 0; i < kr->n; i++) {
        odp_secret_free(kr->k[i].key, kr->k[i].len);
    }
    free(kr->k);
    free(kr);
}

const uint8_t *
odp_keyring_get(const struct odp_keyring *kr, const char *name, size_t *len)
{
    size_t i;

    if (kr == NULL || name == NULL) {
        return NULL;
    }
    for (i = 0; i < kr->n; i++) {
        const char *kn = kr->p->keys[i].name;

        if (kr->k[i].key != NULL && kn != NULL && strcmp(kn, name) == 0) {
            if (len != NULL) {
                *len = kr->k[i].len;
            }
            return kr->k[i].key;
        }
    }
    return NULL;
}

const char *
odp_keyring_id(const struct odp_keyring *kr, size_t i)
{
    if (kr == NULL || i >= kr->n || kr->k[i].key == NULL) {
        return NULL;
    }
    return kr->k[i].id;
}

