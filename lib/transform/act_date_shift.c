/*
 * act_date_shift.c - date_shift: moves the date part by +-max_days, the offset taken
 * from HMAC(key, "date_shift" 0x00 value-of-`by`), so every date of one person moves
 * by the same amount and intervals survive; the value keeps its format.
 */
#include <stdint.h>
#include <stdio.h>

#include "action.h"
#include "actions_int.h"

int odp_op_key(struct odp_op *op, const struct odp_keyring *keys, const char *domain,
               struct odp_err *err);

static int
compile(struct odp_op *op, const struct odp_keyring *keys, struct odp_err *err)
{
    if (op->rule->by == NULL) {
        return odp_errf(err, ODP_ESCHEMA, &op->loc, "column '%s': date_shift needs 'by'", op->name);
    }
    return odp_op_key(op, keys, "date_shift", err);
}

static int
apply(struct odp_op *op, const struct odp_row *row, const char *v, size_t n, struct odp_field *out,
      struct odp_buf *b, struct odp_err *err)
{
    struct odp_datetime dt;
    enum odp_date_fmt used = ODP_DFMT_AUTO;
    const struct odp_field *by;
    uint8_t mac[32];
    uint64_t u = 0, span;
    int64_t days;
    int i, rc;

    if (op->by >= row->n) {
        return odp_errf(err, ODP_EINTERNAL, NULL, "column '%s': date_shift key column missing",
                        op->name);
    }
    if (odp_date_parse(v, n, op->rule->date_fmt, &dt, &used) != ODP_OK) {
        return odp_errf(err, ODP_EDATA, NULL, "column '%s': value is not a date in format %s",
                        op->name, odp_date_fmt_label(op->rule->date_fmt));
    }
    by = &row->f[op->by];
    if (by->len == 0) {
        return odp_errf(err, ODP_EDATA, NULL, "column '%s': date_shift key column '%s' is empty",
                        op->name, op->rule->by != NULL ? op->rule->by : "?");
    }
    rc = odp_pseudo_mac(op->ps, by->p, by->len, mac, err);
    if (rc < 0) {
        return rc;
    }
    for (i = 0; i < 8; i++) {
        u = (u << 8) | mac[i];
    }
    span = 2 * (uint64_t)op->rule->max_days + 1;
    days = (int64_t)(u % span) - (int64_t)op->rule->max_days;
    rc = odp_date_shift_value(v, n, &dt, used, days, b, err);
    if (rc == ODP_EDATA) {
        return odp_errf(err, ODP_EDATA, NULL,
                        "column '%s': shifted date leaves the years 0001..9999", op->name);
    }
    if (rc == ODP_OK) {
        out->p = b->p;
        out->len = b->len;
    }
    return rc;
}

static int
describe(const struct odp_colrule *r, char *buf, size_t size)
{
    return snprintf(buf, size, "date-shifted: keyed per '%s', within +/-%u days",
                    r->by != NULL ? r->by : "?", r->max_days);
}

const struct odp_action_ops odp_act_date_shift = {
    .compile = compile,
    .apply = apply,
    .describe = describe,
    .out_type = odp_out_type_declared,
};
