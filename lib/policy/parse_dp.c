/*
 * parse_dp.c - the `privacy.differential_privacy` block (dp_policy.h): schema, defaults,
 * exact rationals, write-back. The noise itself is privacy/noise.c's job.
 */
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "parse_dp.h"
#include "rational.h"

void
odp_dp_policy_free(struct odp_dp_policy *d)
{
    size_t i;

    if (d == NULL) {
        return;
    }
    for (i = 0; i < d->ncolumns; i++) {
        free(d->columns[i]);
    }
    free(d->columns);
    for (i = 0; i < d->ntotals_by; i++) {
        free(d->totals_by[i]);
    }
    free(d->totals_by);
    free(d->total_column);
    free(d->total_value);
    free(d->epsilon);
    free(d->delta);
    free(d->ledger);
    free(d->total_epsilon);
    free(d);
}

/* A positive exact rational scalar (`what` names it); *text keeps the text. */
static int
rational(struct odp_yctx *c, const struct odp_ynode *v, const char *what, char **text,
         uint64_t *num, uint64_t *den)
{
    int rc = odp_y_str(c, v, what, text);

    if (rc < 0) {
        return rc;
    }
    if (odp_rational_parse(v->s, v->len, num, den, NULL) != ODP_OK || *num == 0) {
        return odp_y_fail(c, ODP_ESCHEMA, v->line, v->col,
                          "'%s': expected a positive decimal number such as 0.5, 1e-6 or 1/3 "
                          "(at most 19 significant digits)",
                          what);
    }
    return ODP_OK;
}

static int
parse_budget(struct odp_yctx *c, const struct odp_ynode *n, struct odp_dp_policy *d)
{
    size_t i;
    int rc = odp_y_map(c, n, "budget");

    for (i = 0; rc == ODP_OK && i < n->n; i += 2) {
        const struct odp_ynode *k = n->kids[i], *v = n->kids[i + 1];

        if (strcmp(k->s, "ledger") == 0) {
            rc = odp_y_str(c, v, "ledger", &d->ledger);
            if (rc == ODP_OK && !((strncmp(d->ledger, "file:", 5) == 0 && d->ledger[5] != '\0') ||
                                  (strncmp(d->ledger, "env:", 4) == 0 && d->ledger[4] != '\0'))) {
                rc = odp_y_fail(c, ODP_ESCHEMA, v->line, v->col,
                                "'ledger': expected file:PATH (a JSON ledger file) or env:NAME "
                                "(a variable holding its path)");
            }
            d->ledger_line = v->line;
            d->ledger_col = v->col;
        } else if (strcmp(k->s, "total_epsilon") == 0) {
            rc = rational(c, v, "total_epsilon", &d->total_epsilon, &d->total_num, &d->total_den);
        } else {
            rc = odp_y_unknown_key(c, k, "budget", "ledger, total_epsilon");
        }
    }
    if (rc == ODP_OK && (d->ledger == NULL) != (d->total_epsilon == NULL)) {
        rc = odp_y_fail(c, ODP_ESCHEMA, n->line, n->col,
                        "'budget': needs both 'ledger' and 'total_epsilon'");
    }
    return rc;
}

static int
parse_totals(struct odp_yctx *c, const struct odp_ynode *n, struct odp_dp_policy *d)
{
    size_t i;
    int rc = odp_y_map(c, n, "totals");

    for (i = 0; rc == ODP_OK && i < n->n; i += 2) {
        const struct odp_ynode *k = n->kids[i], *v = n->kids[i + 1];

        if (strcmp(k->s, "by") == 0) {
            rc = odp_y_strv(c, v, "by", 0, &d->totals_by, &d->ntotals_by);
        } else if (strcmp(k->s, "column") == 0) {
            rc = odp_y_str(c, v, "column", &d->total_column);
        } else if (strcmp(k->s, "value") == 0) {
            rc = odp_y_str(c, v, "value", &d->total_value);
        } else {
            rc = odp_y_unknown_key(c, k, "totals", "by, column, value");
        }
    }
    if (rc == ODP_OK && (d->total_column == NULL || d->total_value == NULL)) {
        rc = odp_y_fail(c, ODP_ESCHEMA, n->line, n->col,
                        "'totals': needs 'column' and 'value' (the rows that hold totals)");
    }
    return rc;
}

static int
parse_block(struct odp_yctx *c, const struct odp_ynode *n, struct odp_dp_policy *d)
{
    size_t i;
    int rc = odp_y_map(c, n, "differential_privacy");

    for (i = 0; rc == ODP_OK && i < n->n; i += 2) {
        const struct odp_ynode *k = n->kids[i], *v = n->kids[i + 1];

        if (strcmp(k->s, "columns") == 0) {
            rc = odp_y_strv(c, v, "columns", 0, &d->columns, &d->ncolumns);
        } else if (strcmp(k->s, "contribution") == 0) {
            rc = odp_y_u32(c, v, "contribution", 1, 1000000, &d->contribution);
        } else if (strcmp(k->s, "cells_per_person") == 0) {
            rc = odp_y_u32(c, v, "cells_per_person", 1, 1000000, &d->cells_per_person);
        } else if (strcmp(k->s, "epsilon") == 0) {
            rc = rational(c, v, "epsilon", &d->epsilon, &d->eps_num, &d->eps_den);
        } else if (strcmp(k->s, "delta") == 0) {
            rc = rational(c, v, "delta", &d->delta, &d->delta_num, &d->delta_den);
            if (rc == ODP_OK && d->delta_num >= d->delta_den) {
                rc = odp_y_fail(c, ODP_ESCHEMA, v->line, v->col,
                                "'delta': must be below 1 (1e-6 or smaller is usual)");
            }
        } else if (strcmp(k->s, "mechanism") == 0) {
            if (v->kind == ODP_Y_SCALAR && strcmp(v->s, "discrete_laplace") == 0) {
                d->mechanism = ODP_DP_LAPLACE;
            } else if (v->kind == ODP_Y_SCALAR && strcmp(v->s, "discrete_gaussian") == 0) {
                d->mechanism = ODP_DP_GAUSSIAN;
            } else {
                rc = odp_y_fail(c, ODP_ESCHEMA, v->line, v->col,
                                "'mechanism': expected discrete_laplace or discrete_gaussian");
            }
        } else if (strcmp(k->s, "clamp") == 0) {
            rc = odp_y_bool(c, v, "clamp", &d->clamp);
        } else if (strcmp(k->s, "totals") == 0) {
            rc = parse_totals(c, v, d);
        } else if (strcmp(k->s, "budget") == 0) {
            rc = parse_budget(c, v, d);
        } else {
            rc = odp_y_unknown_key(c, k, "differential_privacy",
                                   "columns, contribution, cells_per_person, epsilon, "
                                   "mechanism, delta, clamp, totals, budget");
        }
    }
    if (rc < 0) {
        return rc;
    }
    if (d->ncolumns == 0) {
        return odp_y_fail(c, ODP_ESCHEMA, n->line, n->col,
                          "'differential_privacy': needs 'columns' (the counts to noise)");
    }
    if (d->epsilon == NULL) {
        return odp_y_fail(c, ODP_ESCHEMA, n->line, n->col,
                          "'differential_privacy': needs 'epsilon' (the budget this release "
                          "spends)");
    }
    if (d->mechanism == ODP_DP_GAUSSIAN && d->delta == NULL) {
        return odp_y_fail(c, ODP_ESCHEMA, n->line, n->col,
                          "'differential_privacy': discrete_gaussian needs 'delta'");
    }
    if (d->total_epsilon != NULL &&
        odp_rational_cmp(d->eps_num, d->eps_den, d->total_num, d->total_den) > 0) {
        return odp_y_fail(c, ODP_ESCHEMA, n->line, n->col,
                          "'differential_privacy': epsilon is larger than the budget's "
                          "total_epsilon, so no release could ever be made");
    }
    /* delta with discrete_laplace: only for an aggregate: table (group selection); a
       count table refuses it when the noise is bound (dp_noise.c) */
    return ODP_OK;
}

int
odp_pol_parse_dp(struct odp_yctx *c, const struct odp_ynode *k, const struct odp_ynode *v,
                 struct odp_policy *p)
{
    struct odp_dp_policy *d = calloc(1, sizeof(*d));
    int rc;

    if (d == NULL) {
        return odp_y_oom(c);
    }
    d->contribution = 1;
    d->cells_per_person = 1;
    d->mechanism = ODP_DP_LAPLACE;
    d->clamp = 1;
    d->path = c->path;
    d->line = k->line;
    d->col = k->col;
    rc = parse_block(c, v, d);
    if (rc < 0) {
        odp_dp_policy_free(d);
        return rc;
    }
    odp_dp_policy_free(p->dp);
    p->dp = d;
    return ODP_OK;
}

void
odp_pol_write_dp(struct odp_out *o, const struct odp_dp_policy *d)
{
    if (d == NULL) {
        return;
    }
    odp_out_puts(o, "  differential_privacy:\n    columns: ");
    odp_yaml_put_strv(o, d->columns, d->ncolumns);
    odp_out_putc(o, '\n');
    odp_out_printf(o, "    contribution: %u\n", d->contribution);
    odp_out_printf(o, "    cells_per_person: %u\n", d->cells_per_person);
    /* epsilon, delta and total_epsilon passed the rational grammar: plain text is safe */
    odp_out_printf(o, "    epsilon: %s\n", d->epsilon);
    odp_out_printf(o, "    mechanism: %s\n",
                   d->mechanism == ODP_DP_GAUSSIAN ? "discrete_gaussian" : "discrete_laplace");
    if (d->delta != NULL) {
        odp_out_printf(o, "    delta: %s\n", d->delta);
    }
    odp_out_printf(o, "    clamp: %s\n", d->clamp ? "true" : "false");
    if (d->total_column != NULL) {
        odp_out_puts(o, "    totals:\n      by: ");
        odp_yaml_put_strv(o, d->totals_by, d->ntotals_by);
        odp_out_putc(o, '\n');
        odp_out_puts(o, "      column: ");
        odp_yaml_put_q(o, d->total_column);
        odp_out_puts(o, "\n      value: ");
        odp_yaml_put_q(o, d->total_value);
        odp_out_putc(o, '\n');
    }
    if (d->ledger != NULL) {
        odp_out_puts(o, "    budget:\n      ledger: ");
        odp_yaml_put_q(o, d->ledger);
        odp_out_printf(o, "\n      total_epsilon: %s\n", d->total_epsilon);
    }
}
