/*
 * parse_derive.c - `derive:` (new columns from raw values) and `aggregate:` (an indicator
 * table instead of rows): schema, merge, release and write-back (derive_policy.h).
 *
 * Errors name POLICY:LINE:COL and the allowed words, never a value of the policy.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "out.h"
#include "parse_derive.h"
#include "policy_int.h"

static const char *const fn_names[] = {
    NULL, "days_between", "hours_between", "year_of", "month_of", "age_at", "concat", "bucket",
};
#define FN_LIST "days_between, hours_between, year_of, month_of, age_at, concat, bucket"

static const char *const m_names[] = {
    NULL, "count", "count_distinct", "sum", "mean", "median", "quantile", "share",
};
#define M_LIST "count, count_distinct, sum, mean, median, quantile, share"

/* Most edges a bucket takes, most measures and group columns. */
#define MAX_EDGES 1000
#define MAX_MEASURES 256
#define MAX_BY 64
#define MAX_DECIMALS 9

const char *
odp_derive_fn_name(enum odp_derive_fn f)
{
    return (unsigned)f >= 1 && (unsigned)f <= ODP_DV_BUCKET ? fn_names[f] : NULL;
}

const char *
odp_measure_name(enum odp_measure_kind k)
{
    return (unsigned)k >= 1 && (unsigned)k <= ODP_M_SHARE ? m_names[k] : NULL;
}

static void
rule_release(struct odp_derive_rule *r)
{
    free(r->name);
    odp_pol_strv_free(r->args, r->nargs);
    free(r->sep);
    free(r->edges);
    memset(r, 0, sizeof(*r));
}

static void
measure_release(struct odp_measure *m)
{
    free(m->name);
    free(m->column);
    odp_pol_strv_free(m->in, m->nin);
    memset(m, 0, sizeof(*m));
}

static void
agg_release(struct odp_aggregate_spec *a)
{
    size_t i;

    odp_pol_strv_free(a->by, a->nby);
    for (i = 0; i < a->nmeasures; i++) {
        measure_release(&a->measures[i]);
    }
    free(a->measures);
    memset(a, 0, sizeof(*a));
}

void
odp_pol_derive_release(struct odp_policy_derive *d)
{
    size_t i;

    for (i = 0; i < d->nrules; i++) {
        rule_release(&d->rules[i]);
    }
    free(d->rules);
    agg_release(&d->agg);
    memset(d, 0, sizeof(*d));
}

/* Exactly `want` column names (want 0: at least one, >1 allowed). */
static int
want_cols(struct odp_yctx *c, const struct odp_ynode *v, const char *what, size_t want,
          struct odp_derive_rule *r)
{
    int rc = odp_y_strv(c, v, what, want == 1, &r->args, &r->nargs);

    if (rc < 0) {
        return rc;
    }
    if (want > 0 && r->nargs != want) {
        return odp_y_fail(c, ODP_ESCHEMA, v->line, v->col, "'%s': expected %zu column names", what,
                          want);
    }
    if (r->nargs == 0) {
        return odp_y_fail(c, ODP_ESCHEMA, v->line, v->col,
                          "'%s': expected at least one column name", what);
    }
    return ODP_OK;
}

static int
parse_fmt(struct odp_yctx *c, const struct odp_ynode *v, int *out)
{
    int i;

    for (i = 0; i <= ODP_DFMT_ISO; i++) {
        const char *n = odp_date_fmt_name((enum odp_date_fmt)i);

        if (v->kind == ODP_Y_SCALAR && n != NULL && strcmp(n, v->s) == 0) {
            *out = i;
            return ODP_OK;
        }
    }
    return odp_y_fail(c, ODP_ESCHEMA, v->line, v->col,
                      "'format': unknown date format (valid: auto, \"MM/DD/YYYY hh:mm:ss AM\", "
                      "\"MM/DD/YYYY\", iso)");
}

static int
parse_edges(struct odp_yctx *c, const struct odp_ynode *v, struct odp_derive_rule *r)
{
    size_t i;
    int rc = odp_y_seq(c, v, "edges");

    if (rc < 0) {
        return rc;
    }
    if (v->n == 0 || v->n > MAX_EDGES) {
        return odp_y_fail(c, ODP_ESCHEMA, v->line, v->col, "'edges': expected 1 to %d numbers",
                          MAX_EDGES);
    }
    r->edges = calloc(v->n, sizeof(*r->edges));
    if (r->edges == NULL) {
        return odp_y_oom(c);
    }
    for (i = 0; i < v->n; i++) {
        rc = odp_y_double(c, v->kids[i], "edges", &r->edges[i]);
        if (rc < 0) {
            return rc;
        }
        if (i > 0 && !(r->edges[i] > r->edges[i - 1])) {
            return odp_y_fail(c, ODP_ESCHEMA, v->kids[i]->line, v->kids[i]->col,
                              "'edges': must be ascending");
        }
        r->nedges++;
    }
    return ODP_OK;
}

static int
is_fn_key(const char *s)
{
    int i;

    for (i = 1; i <= ODP_DV_BUCKET; i++) {
        if (strcmp(fn_names[i], s) == 0) {
            return i;
        }
    }
    return 0;
}

static int
parse_rule(struct odp_yctx *c, const struct odp_ynode *key, const struct odp_ynode *val,
           struct odp_derive_rule *r)
{
    const struct odp_ynode *fnv = NULL;
    size_t i;
    int rc;

    r->fmt = -1;
    r->path = c->path;
    r->line = key->line;
    r->col = key->col;
    r->name = strdup(key->s);
    if (r->name == NULL) {
        return odp_y_oom(c);
    }
    if (r->name[0] == '\0') {
        return odp_y_fail(c, ODP_ESCHEMA, key->line, key->col,
                          "derive: a derived column needs a name");
    }
    rc = odp_y_map(c, val, "derive");
    for (i = 0; rc == ODP_OK && i < val->n; i += 2) {
        const struct odp_ynode *k = val->kids[i], *v = val->kids[i + 1];
        int fn = is_fn_key(k->s);

        if (fn != 0) {
            if (fnv != NULL) {
                return odp_y_fail(c, ODP_ESCHEMA, k->line, k->col,
                                  "derived column '%.64s': one function per column (" FN_LIST ")",
                                  key->s);
            }
            fnv = v;
            r->fn = (enum odp_derive_fn)fn;
            switch (r->fn) {
            case ODP_DV_DAYS_BETWEEN:
            case ODP_DV_HOURS_BETWEEN:
            case ODP_DV_AGE_AT:
                rc = want_cols(c, v, k->s, 2, r);
                break;
            case ODP_DV_YEAR_OF:
            case ODP_DV_MONTH_OF:
            case ODP_DV_BUCKET:
                rc = want_cols(c, v, k->s, 1, r);
                break;
            case ODP_DV_CONCAT:
                rc = want_cols(c, v, k->s, 0, r);
                break;
            }
        } else if (strcmp(k->s, "format") == 0) {
            rc = parse_fmt(c, v, &r->fmt);
        } else if (strcmp(k->s, "sep") == 0) {
            if (v->kind == ODP_Y_SCALAR && odp_y_is_null(v)) {
                rc = odp_y_fail(c, ODP_ESCHEMA, v->line, v->col, "'sep': expected a string");
            } else {
                rc = odp_y_str(c, v, "sep", &r->sep);
            }
        } else if (strcmp(k->s, "edges") == 0) {
            rc = parse_edges(c, v, r);
        } else {
            rc = odp_y_unknown_key(c, k, "derive", FN_LIST ", format, sep, edges");
        }
    }
    if (rc < 0) {
        return rc;
    }
    if (fnv == NULL) {
        return odp_y_fail(c, ODP_ESCHEMA, val->line, val->col,
                          "derived column '%.64s': missing function (one of: " FN_LIST ")", key->s);
    }
    if ((r->fn == ODP_DV_BUCKET) != (r->edges != NULL)) {
        return odp_y_fail(c, ODP_ESCHEMA, val->line, val->col,
                          r->fn == ODP_DV_BUCKET ? "'bucket': needs 'edges'"
                                                 : "'edges': only for bucket");
    }
    if (r->sep != NULL && r->fn != ODP_DV_CONCAT) {
        return odp_y_fail(c, ODP_ESCHEMA, val->line, val->col, "'sep': only for concat");
    }
    if (r->fmt >= 0 && (r->fn == ODP_DV_CONCAT || r->fn == ODP_DV_BUCKET)) {
        return odp_y_fail(c, ODP_ESCHEMA, val->line, val->col, "'format': only for date functions");
    }
    for (i = 0; i < r->nargs; i++) {
        if (strcmp(r->args[i], r->name) == 0) {
            return odp_y_fail(c, ODP_ESCHEMA, fnv->line, fnv->col,
                              "derived column '%.64s' cannot use itself", key->s);
        }
    }
    return ODP_OK;
}

static int
rule_item(struct odp_yctx *c, const struct odp_ynode *key, const struct odp_ynode *val, void *item)
{
    return parse_rule(c, key, val, item);
}

int
odp_pol_parse_derive(struct odp_yctx *c, const struct odp_ynode *n, struct odp_policy *p)
{
    return odp_y_named_map(c, n, "derive", sizeof(*p->dv.rules), rule_item,
                           (void **)&p->dv.rules, &p->dv.nrules);
}

static int
parse_share(struct odp_yctx *c, const struct odp_ynode *v, struct odp_measure *m)
{
    size_t i;
    int rc = odp_y_map(c, v, "share");

    for (i = 0; rc == ODP_OK && i < v->n; i += 2) {
        const struct odp_ynode *k = v->kids[i], *x = v->kids[i + 1];

        if (strcmp(k->s, "column") == 0) {
            rc = odp_y_str(c, x, "column", &m->column);
        } else if (strcmp(k->s, "in") == 0 || strcmp(k->s, "equals") == 0) {
            if (m->in != NULL) {
                return odp_y_fail(c, ODP_ESCHEMA, k->line, k->col,
                                  "'share': one of 'in' or 'equals'");
            }
            rc = odp_y_strv(c, x, k->s, k->s[0] == 'e', &m->in, &m->nin);
            if (rc == ODP_OK && (m->nin == 0 || (k->s[0] == 'e' && x->kind != ODP_Y_SCALAR))) {
                return odp_y_fail(c, ODP_ESCHEMA, x->line, x->col, "'%s': expected %s", k->s,
                                  k->s[0] == 'e' ? "one value" : "at least one value");
            }
        } else {
            rc = odp_y_unknown_key(c, k, "share", "column, in, equals");
        }
    }
    if (rc == ODP_OK && (m->column == NULL || m->in == NULL)) {
        return odp_y_fail(c, ODP_ESCHEMA, v->line, v->col,
                          "'share': needs 'column' and 'in' (or 'equals')");
    }
    return rc;
}

/* `bounds: [lo, hi]`: whole numbers, |x| <= 10^12, lo <= hi (a sum's per-row range). */
static int
parse_bounds(struct odp_yctx *c, const struct odp_ynode *v, struct odp_measure *m)
{
    double b[2];
    size_t i;
    int rc = ODP_OK;

    if (v->kind != ODP_Y_SEQ || v->n != 2) {
        return odp_y_fail(c, ODP_ESCHEMA, v->line, v->col,
                          "'bounds': expected [LOW, HIGH], two whole numbers");
    }
    for (i = 0; rc == ODP_OK && i < 2; i++) {
        rc = odp_y_double(c, v->kids[i], "bounds", &b[i]);
        if (rc == ODP_OK && (b[i] != floor(b[i]) || fabs(b[i]) > 1e12)) {
            return odp_y_fail(c, ODP_ESCHEMA, v->kids[i]->line, v->kids[i]->col,
                              "'bounds': expected whole numbers of at most 10^12");
        }
    }
    if (rc == ODP_OK && b[0] > b[1]) {
        return odp_y_fail(c, ODP_ESCHEMA, v->line, v->col, "'bounds': LOW is above HIGH");
    }
    m->has_bounds = 1;
    m->lo = (int64_t)b[0];
    m->hi = (int64_t)b[1];
    return rc;
}

static int
parse_measure(struct odp_yctx *c, const struct odp_ynode *key, const struct odp_ynode *val,
              struct odp_measure *m)
{
    const struct odp_ynode *kv = NULL;
    size_t i;
    int rc;

    m->path = c->path;
    m->line = key->line;
    m->col = key->col;
    m->decimals = 2;
    m->name = strdup(key->s);
    if (m->name == NULL) {
        return odp_y_oom(c);
    }
    if (val->kind == ODP_Y_SCALAR && strcmp(val->s, "count") == 0) {
        m->kind = ODP_M_COUNT;
        return ODP_OK;
    }
    if (val->kind != ODP_Y_MAP) {
        return odp_y_fail(c, ODP_ESCHEMA, val->line, val->col,
                          "measure '%.64s': expected count or {KIND: COLUMN} (KIND: " M_LIST ")",
                          key->s);
    }
    rc = odp_y_map(c, val, "measures");
    for (i = 0; rc == ODP_OK && i < val->n; i += 2) {
        const struct odp_ynode *k = val->kids[i], *v = val->kids[i + 1];
        int w = -1, j;

        for (j = 2; j <= ODP_M_SHARE; j++) {
            if (strcmp(m_names[j], k->s) == 0) {
                w = j;
            }
        }
        if (strcmp(k->s, "decimals") == 0) {
            rc = odp_y_u32(c, v, "decimals", 0, MAX_DECIMALS, &m->decimals);
            m->has_decimals = 1;
            continue;
        }
        if (strcmp(k->s, "bounds") == 0) {
            rc = parse_bounds(c, v, m);
            continue;
        }
        if (w < 0) {
            rc = odp_y_unknown_key(c, k, "measures",
                                   "count_distinct, sum, mean, median, quantile, share, decimals, "
                                   "bounds");
            continue;
        }
        if (kv != NULL) {
            return odp_y_fail(c, ODP_ESCHEMA, k->line, k->col,
                              "measure '%.64s': one kind per measure", key->s);
        }
        kv = v;
        m->kind = (enum odp_measure_kind)w;
        if (m->kind == ODP_M_SHARE) {
            rc = parse_share(c, v, m);
        } else if (m->kind == ODP_M_QUANTILE) {
            if (v->kind != ODP_Y_SEQ || v->n != 2) {
                return odp_y_fail(c, ODP_ESCHEMA, v->line, v->col,
                                  "'quantile': expected [COLUMN, Q] with 0 < Q <= 1");
            }
            rc = odp_y_str(c, v->kids[0], "quantile", &m->column);
            if (rc == ODP_OK) {
                rc = odp_y_double(c, v->kids[1], "quantile", &m->q);
            }
            if (rc == ODP_OK && !(m->q > 0 && m->q <= 1)) {
                return odp_y_fail(c, ODP_ESCHEMA, v->kids[1]->line, v->kids[1]->col,
                                  "'quantile': Q must be above 0 and at most 1");
            }
        } else {
            rc = odp_y_str(c, v, k->s, &m->column);
            m->q = m->kind == ODP_M_MEDIAN ? 0.5 : 0;
        }
    }
    if (rc == ODP_OK && kv == NULL) {
        return odp_y_fail(c, ODP_ESCHEMA, val->line, val->col,
                          "measure '%.64s': missing kind (one of: " M_LIST ")", key->s);
    }
    return rc;
}

static int
measure_item(struct odp_yctx *c, const struct odp_ynode *key, const struct odp_ynode *val,
             void *item)
{
    return parse_measure(c, key, val, item);
}

int
odp_pol_parse_aggregate(struct odp_yctx *c, const struct odp_ynode *n, struct odp_policy *p)
{
    struct odp_aggregate_spec *a = &p->dv.agg;
    const struct odp_ynode *ms = NULL;
    size_t i, j;
    int rc = odp_y_map(c, n, "aggregate");

    agg_release(a);
    a->on = 1;
    a->path = c->path;
    a->line = n->line;
    a->col = n->col;
    for (i = 0; rc == ODP_OK && i < n->n; i += 2) {
        const struct odp_ynode *k = n->kids[i], *v = n->kids[i + 1];

        if (strcmp(k->s, "by") == 0) {
            rc = odp_y_strv(c, v, "by", 1, &a->by, &a->nby);
            if (rc == ODP_OK && a->nby > MAX_BY) {
                return odp_y_fail(c, ODP_ESCHEMA, v->line, v->col, "'by': at most %d columns",
                                  MAX_BY);
            }
        } else if (strcmp(k->s, "measures") == 0) {
            ms = v;
            rc = odp_y_map_x(c, v, "measures", 1);
            if (rc == ODP_OK && (v->n == 0 || v->n / 2 > MAX_MEASURES)) {
                return odp_y_fail(c, ODP_ESCHEMA, v->line, v->col,
                                  "'measures': expected 1 to %d measures", MAX_MEASURES);
            }
            if (rc == ODP_OK) {
                rc = odp_y_named_map(c, v, "measures", sizeof(*a->measures), measure_item,
                                     (void **)&a->measures, &a->nmeasures);
            }
        } else {
            rc = odp_y_unknown_key(c, k, "aggregate", "by, measures");
        }
    }
    if (rc == ODP_OK && ms == NULL) {
        return odp_y_fail(c, ODP_ESCHEMA, n->line, n->col, "aggregate: missing 'measures'");
    }
    for (i = 0; rc == ODP_OK && i < a->nmeasures; i++) {
        for (j = 0; j < a->nby; j++) {
            if (strcmp(a->measures[i].name, a->by[j]) == 0) {
                return odp_y_fail(c, ODP_ESCHEMA, a->measures[i].line, a->measures[i].col,
                                  "measure '%.64s' has the name of a 'by' column",
                                  a->measures[i].name);
            }
        }
    }
    return rc;
}

int
odp_pol_derive_merge(struct odp_policy_derive *d, struct odp_policy_derive *s)
{
    size_t i, j;

    for (i = 0; i < s->nrules; i++) {
        for (j = 0; j < d->nrules && strcmp(d->rules[j].name, s->rules[i].name) != 0; j++) {
        }
        if (j == d->nrules) {
            if (odp_pol_grow((void **)&d->rules, d->nrules, sizeof(*d->rules)) < 0) {
                return ODP_ENOMEM;
            }
            d->nrules++;
        } else {
            rule_release(&d->rules[j]);
        }
        d->rules[j] = s->rules[i];
        memset(&s->rules[i], 0, sizeof(s->rules[i]));
    }
    if (s->agg.on) {
        agg_release(&d->agg);
        d->agg = s->agg;
        memset(&s->agg, 0, sizeof(s->agg));
    }
    return ODP_OK;
}

void
odp_pol_derive_write(struct odp_out *o, const struct odp_policy *p)
{
    const struct odp_policy_derive *d = &p->dv;
    size_t i, j;

    if (d->nrules > 0) {
        odp_out_puts(o, "derive:\n");
    }
    for (i = 0; i < d->nrules; i++) {
        const struct odp_derive_rule *r = &d->rules[i];

        odp_out_puts(o, "  ");
        odp_yaml_put_q(o, r->name);
        odp_out_printf(o, ":\n    %s: ", fn_names[r->fn]);
        odp_yaml_put_strv(o, r->args, r->nargs);
        odp_out_putc(o, '\n');
        if (r->fmt >= 0) {
            odp_out_puts(o, "    format: ");
            odp_yaml_put_q(o, odp_date_fmt_name((enum odp_date_fmt)r->fmt));
            odp_out_putc(o, '\n');
        }
        if (r->fn == ODP_DV_CONCAT) {
            odp_out_puts(o, "    sep: ");
            odp_yaml_put_q(o, r->sep != NULL ? r->sep : "");
            odp_out_putc(o, '\n');
        }
        if (r->nedges > 0) {
            odp_out_puts(o, "    edges: [");
            for (j = 0; j < r->nedges; j++) {
                odp_out_puts(o, j > 0 ? ", " : "");
                odp_yaml_put_num(o, r->edges[j]);
            }
            odp_out_puts(o, "]\n");
        }
    }
    if (!d->agg.on) {
        return;
    }
    odp_out_puts(o, "aggregate:\n  by: ");
    odp_yaml_put_strv(o, d->agg.by, d->agg.nby);
    odp_out_puts(o, "\n  measures:\n");
    for (i = 0; i < d->agg.nmeasures; i++) {
        const struct odp_measure *m = &d->agg.measures[i];

        odp_out_puts(o, "    ");
        odp_yaml_put_q(o, m->name);
        if (m->kind == ODP_M_COUNT) {
            odp_out_puts(o, ": count\n");
            continue;
        }
        odp_out_printf(o, ":\n      %s: ", m_names[m->kind]);
        if (m->kind == ODP_M_QUANTILE) {
            odp_out_putc(o, '[');
            odp_yaml_put_q(o, m->column);
            odp_out_puts(o, ", ");
            odp_yaml_put_num(o, m->q);
            odp_out_puts(o, "]\n");
        } else if (m->kind == ODP_M_SHARE) {
            odp_out_puts(o, "\n        column: ");
            odp_yaml_put_q(o, m->column);
            odp_out_puts(o, "\n        in: ");
            odp_yaml_put_strv(o, m->in, m->nin);
            odp_out_putc(o, '\n');
        } else {
            odp_yaml_put_q(o, m->column);
            odp_out_putc(o, '\n');
        }
        if (m->has_decimals) {
            odp_out_printf(o, "      decimals: %u\n", m->decimals);
        }
        if (m->has_bounds) {
            odp_out_printf(o, "      bounds: [%lld, %lld]\n", (long long)m->lo, (long long)m->hi);
        }
    }
}
