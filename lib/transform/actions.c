/*
 * actions.c - the per-column operations: compiled from a rule once, applied per value.
 * The life cycle is here; what each action does is its act_NAME.c (action.h).
 *
 * odp_op_new resolves everything a rule needs before the first row (HMAC state from
 * the keyring, compiled scrub patterns, band edges formatted as text), so that
 * odp_op_apply does no lookup, fetch, syscall or allocation beyond growing the caller's
 * scratch buffer. The semantics are pinned by a byte-for-byte comparison with the
 * Python reference (shared/bench/reference_transform.py) and documented per action
 * below; an empty value stays empty under every action.
 *
 * Promises: a value never reaches an error message (errors say column and kind only);
 * a value that an action cannot process is ODP_EDATA, never passed through untreated
 * (fail closed). Numbers are parsed and printed in the "C" locale whatever the process
 * locale is.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "actions_int.h"
#include "plan.h"

static const struct odp_action_ops *const ops_table[ODP_ACT__COUNT] = {
#define ODP_ACTION_OPS_REF_(E, n) [ODP_ACT_##E] = &odp_act_##n,
    ODP_ACTIONS(ODP_ACTION_OPS_REF_)
#undef ODP_ACTION_OPS_REF_
};

const struct odp_action_ops *
odp_action_ops(enum odp_action a)
{
    return (unsigned)a < ODP_ACT__COUNT ? ops_table[a] : NULL;
}

int
odp_op_data_err(const struct odp_op *op, struct odp_err *err, const char *what)
{
    return odp_errf(err, ODP_EDATA, NULL, "column '%s': %s", op->name, what);
}

const char *
odp_out_type_declared(const struct odp_colrule *r)
{
    const char *declared = r->type != NULL ? r->type : "string";

    return strcmp(declared, "text") == 0 ? "string" : declared;
}

int
odp_treatment_text(const struct odp_colrule *r, char *buf, size_t size)
{
    const struct odp_action_ops *ops = odp_action_ops(r->action);

    if (ops == NULL || ops->describe == NULL) {
        return snprintf(buf, size, "?");
    }
    return ops->describe(r, buf, size);
}

const char *
odp_output_type(const struct odp_colrule *r)
{
    const struct odp_action_ops *ops = odp_action_ops(r->action);

    return ops != NULL && ops->out_type != NULL ? ops->out_type(r) : "string";
}

/* ---------------------------------------------------------------- op lifecycle */

struct odp_op *
odp_op_new(const struct odp_colrule *rule, const struct odp_keyring *keys, size_t by_index,
           struct odp_err *err)
{
    struct odp_op *op;

    if (rule == NULL || odp_action_ops(rule->action) == NULL) {
        odp_errf(err, ODP_EINVAL, NULL, "odp_op_new: no rule or unknown action");
        return NULL;
    }
    if (odp_c_locale() == (locale_t)0) {
        odp_errf(err, ODP_ENOMEM, NULL, "cannot create the C locale");
        return NULL;
    }
    op = calloc(1, sizeof(*op));
    if (op == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    op->r = *rule;
    op->rule = &op->r;
    op->ops = odp_action_ops(rule->action);
    op->name = rule->name != NULL ? rule->name : "?";
    op->loc.path = rule->path;
    op->loc.line = rule->line;
    op->loc.col = rule->col;
    op->by = by_index;
    if (op->ops->compile != NULL && op->ops->compile(op, keys, err) < 0) {
        odp_op_free(op);
        return NULL;
    }
    return op;
}

void
odp_op_free(struct odp_op *op)
{
    if (op == NULL) {
        return;
    }
    if (op->ops->release != NULL) {
        op->ops->release(op);
    }
    odp_pseudo_free(op->ps);
    free(op);
}

void
odp_op_set_nulls(struct odp_op *op, char *const *nulls, size_t n)
{
    op->nulls = nulls;
    op->nnulls = n;
}

/* A null token of dataset.null_values is no value: published as it is. */
static int
is_null(const struct odp_op *op, const char *v, size_t n)
{
    for (size_t i = 0; i < op->nnulls; i++) {
        if (strlen(op->nulls[i]) == n && memcmp(op->nulls[i], v, n) == 0) {
            return 1;
        }
    }
    return 0;
}

int
odp_op_pseudo_ready(const struct odp_op *op, size_t n)
{
    return op != NULL && op->ops == &odp_act_pseudonymize && op->ps != NULL && n > 0 &&
           odp_pseudo_one_block(op->ps, n);
}

int
odp_op_pseudo_pair(struct odp_op *a, const char *va, size_t na, struct odp_buf *ba,
                   struct odp_op *b, const char *vb, size_t nb, struct odp_buf *bb,
                   struct odp_err *err)
{
    unsigned la = a->rule->length, lb = b->rule->length;
    int rc;

    odp_buf_reset(ba);
    odp_buf_reset(bb);
    rc = odp_buf_reserve(ba, la, err);
    if (rc == ODP_OK) {
        rc = odp_buf_reserve(bb, lb, err);
    }
    if (rc == ODP_OK) {
        rc = odp_pseudo_hex2(a->ps, va, na, la, ba->p, b->ps, vb, nb, lb, bb->p, err);
    }
    if (rc == ODP_OK) {
        ba->len = la;
        ba->p[la] = '\0';
        bb->len = lb;
        bb->p[lb] = '\0';
    }
    return rc;
}

int
odp_op_pseudo_triple(struct odp_op *const ops[3], const char *const v[3], const size_t n[3],
                     struct odp_buf *const bufs[3], struct odp_err *err)
{
    struct odp_pseudo *ps[3];
    unsigned hex[3];
    char *out[3];
    int i, rc = ODP_OK;

    for (i = 0; i < 3 && rc == ODP_OK; i++) {
        ps[i] = ops[i]->ps;
        hex[i] = ops[i]->rule->length;
        odp_buf_reset(bufs[i]);
        rc = odp_buf_reserve(bufs[i], hex[i], err);
        out[i] = bufs[i]->p;
    }
    if (rc == ODP_OK) {
        rc = odp_pseudo_hex3(ps, v, n, hex, out, err);
    }
    for (i = 0; i < 3 && rc == ODP_OK; i++) {
        bufs[i]->len = hex[i];
        bufs[i]->p[hex[i]] = '\0';
    }
    return rc;
}

int
odp_op_apply_done(const struct odp_op *op, const struct odp_row *row, size_t col,
                  struct odp_field *out, const struct odp_buf *done)
{
    const char *v = row->f[col].p;
    size_t n = row->f[col].len;

    out->p = v;
    out->len = n;
    if (n == 0 || is_null(op, v, n)) {
        return 0;
    }
    out->p = done->p;
    out->len = done->len;
    return out->len != n || memcmp(out->p, v, n) != 0;
}

int
odp_op_apply(struct odp_op *op, const struct odp_row *row, size_t col, struct odp_field *out,
             struct odp_buf *scratch, struct odp_err *err)
{
    const char *v;
    size_t n;
    int rc;

    if (op == NULL || row == NULL || out == NULL || scratch == NULL || col >= row->n) {
        return odp_errf(err, ODP_EINVAL, NULL, "odp_op_apply: bad argument");
    }
    v = row->f[col].p;
    n = row->f[col].len;
    out->p = v;
    out->len = n;
    if (n == 0 || op->ops->apply == NULL) {
        return 0; /* empty stays empty under every action; keep keeps */
    }
    if (is_null(op, v, n)) {
        return 0;
    }
    rc = op->ops->apply(op, row, v, n, out, scratch, err);
    if (rc < 0) {
        return rc;
    }
    if (out->p == v && out->len == n) {
        return 0;
    }
    return out->len != n || memcmp(out->p, v, n) != 0;
}
