/* act_round.c - round: snprintf("%.*f", decimals, value) in the C locale (== Python
 * "%.Nf"), by the exact digit-string path when it can prove the result (numbers.c). */
#include <stdio.h>

#include "action.h"
#include "actions_int.h"

static int
compile(struct odp_op *op, const struct odp_keyring *keys, struct odp_err *err)
{
    (void)keys;
    if (op->rule->decimals > ODP_ROUND_MAX_DECIMALS) {
        return odp_errf(err, ODP_ESCHEMA, &op->loc, "column '%s': round decimals must be 0..%d",
                        op->name, ODP_ROUND_MAX_DECIMALS);
    }
    return ODP_OK;
}

static int
apply(struct odp_op *op, const struct odp_row *row, const char *v, size_t n, struct odp_field *out,
      struct odp_buf *b, struct odp_err *err)
{
    double d;
    size_t len;
    int rc;

    (void)row;
    rc = odp_buf_reserve(b, n + op->rule->decimals + 4, err);
    if (rc < 0) {
        return rc;
    }
    odp_buf_reset(b);
    len = odp_round_fast(v, n, op->rule->decimals, b->p);
    if (len > 0) {
        b->len = len;
        b->p[len] = '\0';
    } else {
        if (!odp_num_parse(v, n, &d)) {
            return odp_op_data_err(op, err, "value is not a number");
        }
        rc = odp_round_slow(d, op->rule->decimals, b, err);
        if (rc < 0) {
            return rc;
        }
    }
    out->p = b->p;
    out->len = b->len;
    return ODP_OK;
}

static int
describe(const struct odp_colrule *r, char *buf, size_t size)
{
    return snprintf(buf, size, "rounded to %u decimals", r->decimals);
}

const struct odp_action_ops odp_act_round = {
    .compile = compile,
    .apply = apply,
    .describe = describe,
    .out_type = odp_out_type_declared,
};
