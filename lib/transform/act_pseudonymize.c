/*
 * act_pseudonymize.c - pseudonymize: lowercase hex of HMAC-SHA-256(key, [domain 0x00]
 * value), `length` hex characters. The keyed state is set up once from the key ring
 * (pseudo.c) and copied per value, never re-keyed.
 */
#include <stdio.h>

#include "action.h"
#include "keyring.h"

/* Sets up op->ps from the rule's key (default "pseudonym") under `domain`. Shared with
 * date_shift. */
int odp_op_key(struct odp_op *op, const struct odp_keyring *keys, const char *domain,
               struct odp_err *err);

int
odp_op_key(struct odp_op *op, const struct odp_keyring *keys, const char *domain,
           struct odp_err *err)
{
    const char *kname = op->rule->key != NULL ? op->rule->key : "pseudonym";
    const uint8_t *k = NULL;
    size_t klen = 0;

    if (keys != NULL) {
        k = odp_keyring_get(keys, kname, &klen);
    }
    if (k == NULL) {
        return odp_errf(err, ODP_EKEY, &op->loc, "column '%s': key '%s' is not loaded", op->name,
                        kname);
    }
    op->ps = odp_pseudo_new(k, klen, domain, err);
    if (op->ps == NULL) {
        return err != NULL && err->code != ODP_OK ? err->code : ODP_EINTERNAL;
    }
    return ODP_OK;
}

static int
compile(struct odp_op *op, const struct odp_keyring *keys, struct odp_err *err)
{
    if (op->rule->length < 1 || op->rule->length > 64) {
        return odp_errf(err, ODP_ESCHEMA, &op->loc,
                        "column '%s': pseudonymize length must be 1..64 hex characters", op->name);
    }
    return odp_op_key(op, keys, op->rule->domain, err);
}

static int
apply(struct odp_op *op, const struct odp_row *row, const char *v, size_t n, struct odp_field *out,
      struct odp_buf *b, struct odp_err *err)
{
    int rc;

    (void)row;
    odp_buf_reset(b);
    rc = odp_buf_reserve(b, op->rule->length, err);
    if (rc == ODP_OK) {
        rc = odp_pseudo_hex(op->ps, v, n, op->rule->length, b->p, err);
    }
    if (rc == ODP_OK) {
        b->len = op->rule->length;
        b->p[b->len] = '\0';
        out->p = b->p;
        out->len = b->len;
    }
    return rc;
}

static int
describe(const struct odp_colrule *r, char *buf, size_t size)
{
    int dom = r->domain != NULL && r->domain[0] != '\0';

    return snprintf(buf, size, "pseudonymized: keyed HMAC-SHA-256%s%s%s, %u hex characters",
                    dom ? ", domain '" : "", dom ? r->domain : "", dom ? "'" : "", r->length);
}

const struct odp_action_ops odp_act_pseudonymize = {
    .compile = compile,
    .apply = apply,
    .describe = describe,
};
