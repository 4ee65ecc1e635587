/*
 * action.h - the transform side of every action: what it does to a value.
 *
 * One `struct odp_action_ops` per action, defined in lib/transform/act_NAME.c and listed
 * here by the ODP_ACTIONS X-macro of odp/vocab.h, so a new action is one line there, its
 * parameters in lib/policy/actions.c and one file here (docs/ARCHITECTURE.md, "How to
 * add an action"). actions.c owns the life cycle (odp_op_new, odp_op_apply, odp_op_free
 * in actions.h) and calls through this table; plan.c asks it for the published column's
 * description and type.
 */
#ifndef ODP_ACTION_H
#define ODP_ACTION_H

#include <stddef.h>

#include "actions.h"
#include "buf.h"
#include "odp/err.h"
#include "odp/vocab.h"
#include "policy.h"
#include "table.h"

/* A compiled column rule. The common part is filled by odp_op_new; `st` and the
 * convenience fields belong to the action's compile/release. */
struct odp_op {
    struct odp_colrule r;           /* shallow copy: strings, bands, patterns borrowed */
    const struct odp_colrule *rule; /* == &r */
    const struct odp_action_ops *ops;
    const char *name;   /* column name for messages ("?" if none) */
    struct odp_loc loc; /* the rule's place in its policy file */
    size_t by;          /* input index of rule->by (date_shift) */
    const char *txt;    /* a fixed text (redact's replacement, mask's char) */
    size_t txt_len;
    struct odp_pseudo *ps; /* keyed HMAC state (pseudonymize, date_shift) */
    void *st;              /* anything else the action compiled */
    char *const *nulls;    /* dataset.null_values (borrowed): published as they are */
    size_t nnulls;
};

struct odp_action_ops {
    /*
     * Checks the rule's parameters and builds the op's state before the first row.
     * Errors at op->loc. NULL: nothing to compile.
     */
    int (*compile)(struct odp_op *op, const struct odp_keyring *keys, struct odp_err *err);
    /* Frees what compile built (op->st and the like). NULL: nothing to free. */
    void (*release)(struct odp_op *op);
    /*
     * Treats the non-empty value v[0..n) of `row`: sets *out (preset to v, n) to the
     * input, a part of it, bytes in `scratch` or the op's own text. ODP_OK or a negative
     * error naming the column and the problem, never the value. NULL: unchanged.
     */
    int (*apply)(struct odp_op *op, const struct odp_row *row, const char *v, size_t n,
                 struct odp_field *out, struct odp_buf *scratch, struct odp_err *err);
    /* One line for people: "masked: all but the last 4 characters hidden". */
    int (*describe)(const struct odp_colrule *r, char *buf, size_t size);
    /* Frictionless type of the published column; NULL: "string". */
    const char *(*out_type)(const struct odp_colrule *r);
};

#define ODP_ACTION_OPS_DECL_(E, n) extern const struct odp_action_ops odp_act_##n;
ODP_ACTIONS(ODP_ACTION_OPS_DECL_)
#undef ODP_ACTION_OPS_DECL_

/* The ops of action a, or NULL when a is out of range. */
const struct odp_action_ops *odp_action_ops(enum odp_action a);

/* ODP_EDATA "column 'NAME': WHAT" (never the value). */
int odp_op_data_err(const struct odp_op *op, struct odp_err *err, const char *what);

/* The declared type, with "text" published as "string": for actions that keep the
 * value's kind (keep, round, date_shift). */
const char *odp_out_type_declared(const struct odp_colrule *r);

#endif
