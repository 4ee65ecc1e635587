/*
 * dp_agg.c - differential privacy on an indicator table computed with `aggregate:`
 * (docs/PRIVACY-MODELS.md, "Indicator tables"). lib/transform/aggregate_dp.c has already
 * refused what cannot be noised (medians, quantiles, means, shares, distinct counts,
 * sums without bounds, small cells or k-anonymity before the table).
 *
 * With c = contribution (rows one person adds to one group), m = cells_per_person
 * (groups one person is in), q = number of measures, and B = 1 for a count, max(|lo|,
 * |hi|) for a sum whose values are clamped to [lo, hi]:
 *   discrete_laplace:  each measure gets epsilon/q: L1 sensitivity c B m q, scale
 *                      t = c B m q / epsilon;
 *   discrete_gaussian: each measure gets rho/q of the zCDP budget that (epsilon, delta/2)
 *                      allows: squared L2 sensitivity c^2 B^2 m q.
 * Which groups exist depends on the data (a group one person makes would announce them),
 * so with `by` columns a group is published only when its noisy count (the first count
 * measure) is at least tau = c + 1 + M, where M is the smallest integer with
 * P(|X| > M) <= 2 delta_s / m for that count's noise X; delta_s = delta (laplace) or
 * delta/2 (gaussian). A group one person makes has a true count of at most c, so it is
 * published with probability at most delta_s / m, and at most m such groups exist: the
 * release is (epsilon, delta)-DP (Korolova et al. 2009; Wilson et al. 2020, "Differentially
 * private SQL with bounded user contribution"). Groups that are not published are
 * dropped whole (their `by` values too), and their number is not reported.
 *
 * Each cell's noise comes from its own DRBG stream with context
 *   "odpub-dp-group-v1" | dataset | release id | measure | be32(nby) | each by value
 * (each part length-prefixed): a group's noise does not depend on which other groups
 * exist, and the same input, policy and key give the same bytes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dp.h"
#include "dp_noise_int.h"
#include "json.h"
#include "rational.h"

/* u = a * b, or 0 when it overflows 64 bits. */
static uint64_t
mul(uint64_t a, uint64_t b)
{
    uint64_t r;

    return __builtin_mul_overflow(a, b, &r) ? 0 : r;
}

/* Calibrates measure e (bound e->bound already set). */
static int
calibrate_measure(struct odp_dp_noise *dn, struct dp_measure *e, struct odp_err *err)
{
    const struct odp_dp_policy *d = dn->d;
    uint64_t c = d->contribution, m = d->cells_per_person, q = dn->nam;
    uint64_t dnum = d->delta_num, dden = d->delta_den;
    int rc;

    if (d->mechanism == ODP_DP_GAUSSIAN) {
        e->sens = mul(mul(mul(mul(c, c), mul(e->bound, e->bound)), m), q);
        if (e->sens == 0) {
            return odp_errf(err, ODP_ELIMIT, NULL,
                            "differential_privacy: measure '%s': bounds too wide for "
                            "discrete_gaussian",
                            e->name);
        }
        /* half of delta for the Gaussian's conversion, half for selecting groups */
        if (dnum % 2 == 0) {
            dnum /= 2;
        } else if (dden <= UINT64_MAX / 2) {
            dden *= 2;
        } else {
            return odp_errf(err, ODP_ELIMIT, NULL, "differential_privacy: delta too small");
        }
        rc = odp_dp_gaussian_sigma2(d->eps_num, d->eps_den, dnum, dden, e->sens, &e->s_num,
                                    &e->s_den, err);
        if (rc == ODP_OK) {
            rc = odp_dp_gaussian_variance(e->s_num, e->s_den, &e->variance, err);
        }
        if (rc == ODP_OK) {
            rc = odp_dp_gaussian_margin(e->s_num, e->s_den, 0.95, &e->margin95, err);
        }
        snprintf(e->scale_text, sizeof(e->scale_text), "%.6g", (double)e->s_num / (double)e->s_den);
    } else {
        e->sens = mul(mul(mul(c, e->bound), m), q);
        if (e->sens == 0) {
            return odp_errf(err, ODP_ELIMIT, NULL,
                            "differential_privacy: measure '%s': bounds too wide", e->name);
        }
        rc = odp_dp_laplace_scale(d->eps_num, d->eps_den, e->sens, &e->s_num, &e->s_den, err);
        if (rc == ODP_OK) {
            rc = odp_dp_laplace_variance(e->s_num, e->s_den, &e->variance, err);
        }
        if (rc == ODP_OK) {
            rc = odp_dp_laplace_margin(e->s_num, e->s_den, 0.95, &e->margin95, err);
        }
        if (odp_rational_format(e->s_num, e->s_den, e->scale_text, sizeof(e->scale_text)) < 0) {
            snprintf(e->scale_text, sizeof(e->scale_text), "?");
        }
    }
    if (rc < 0) {
        return odp_errf(err, rc, &(struct odp_loc){d->path, d->line, d->col},
                        "differential_privacy: measure '%s': epsilon and its bounds give noise "
                        "outside the sampler's range",
                        e->name);
    }
    return ODP_OK;
}

/* The selection threshold from the selecting count's noise. */
static int
threshold(struct odp_dp_noise *dn, struct odp_err *err)
{
    const struct odp_dp_policy *d = dn->d;
    const struct dp_measure *e = &dn->am[dn->sel];
    double delta = (double)d->delta_num / (double)d->delta_den;
    double level;
    uint64_t M = 0;
    int rc;

    dn->sel_delta = d->mechanism == ODP_DP_GAUSSIAN ? delta / 2 : delta;
    level = 1.0 - 2.0 * dn->sel_delta / (double)d->cells_per_person;
    if (!(level > 0.0 && level < 1.0)) {
        return odp_errf(err, ODP_EPOLICY, &(struct odp_loc){d->path, d->line, d->col},
                        "differential_privacy: delta too large to select groups (use 1e-6 "
                        "or smaller)");
    }
    rc = d->mechanism == ODP_DP_GAUSSIAN
             ? odp_dp_gaussian_margin(e->s_num, e->s_den, level, &M, err)
             : odp_dp_laplace_margin(e->s_num, e->s_den, level, &M, err);
    if (rc < 0) {
        return rc;
    }
    dn->tau = (uint64_t)d->contribution + 1 + M;
    return ODP_OK;
}

static void
treatment(struct odp_dp_noise *dn, struct dp_measure *e)
{
    const struct odp_dp_policy *d = dn->d;
    int gauss = d->mechanism == ODP_DP_GAUSSIAN;
    char eps[64], sel[200] = "";
    int n;

    (void)odp_rational_format(d->eps_num, d->eps_den, eps, sizeof(eps));
    if (dn->select) {
        snprintf(sel, sizeof(sel),
                 "; a group is published only when its noisy count is at least %llu",
                 (unsigned long long)dn->tau);
    }
    n = snprintf(e->treatment, sizeof(e->treatment),
                 "differentially private noise: discrete %s, %s %s (epsilon %s over the "
                 "table's %zu measure(s)%s%s); 95 %% of published %s are within %llu of the "
                 "true value",
                 gauss ? "Gaussian" : "Laplace", gauss ? "sigma^2" : "scale", e->scale_text, eps,
                 dn->nam, d->delta != NULL ? ", delta " : "", d->delta != NULL ? d->delta : "",
                 e->is_sum ? "sums" : "counts", (unsigned long long)e->margin95);
    if (n > 0 && (size_t)n < sizeof(e->treatment) && e->is_sum) {
        n += snprintf(e->treatment + n, sizeof(e->treatment) - (size_t)n,
                      "; each value rounded and clamped to its bounds (at most %llu from 0)",
                      (unsigned long long)e->bound);
    }
    if (n > 0 && (size_t)n < sizeof(e->treatment)) {
        snprintf(e->treatment + n, sizeof(e->treatment) - (size_t)n, "%s%s", sel,
                 d->clamp && (!e->is_sum || e->lo >= 0) ? "; negative results published as 0" : "");
    }
}

int
odp_dp_agg_setup(struct odp_dp_noise *dn, struct odp_err *err)
{
    const struct odp_aggregate_spec *s = &dn->p->dv.agg;
    size_t i;
    int rc, have_sel = 0;

    dn->am = calloc(s->nmeasures + 1, sizeof(*dn->am));
    if (dn->am == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    dn->nam = s->nmeasures;
    dn->select = s->nby > 0;
    for (i = 0; i < s->nmeasures; i++) {
        const struct odp_measure *m = &s->measures[i];
        struct dp_measure *e = &dn->am[i];

        e->name = m->name;
        e->is_sum = m->kind == ODP_M_SUM;
        if (e->is_sum) {
            uint64_t alo = m->lo < 0 ? (uint64_t)0 - (uint64_t)m->lo : (uint64_t)m->lo;
            uint64_t ahi = m->hi < 0 ? (uint64_t)0 - (uint64_t)m->hi : (uint64_t)m->hi;

            e->bound = alo > ahi ? alo : ahi;
            e->bound = e->bound == 0 ? 1 : e->bound;
            e->lo = m->lo;
        } else {
            e->bound = 1;
            if (!have_sel) {
                dn->sel = i;
                have_sel = 1;
            }
        }
    }
    for (i = 0; i < dn->nam; i++) {
        rc = calibrate_measure(dn, &dn->am[i], err);
        if (rc < 0) {
            return rc;
        }
    }
    if (dn->select) {
        if (!have_sel || dn->d->delta == NULL) {
            return odp_errf(err, ODP_EINTERNAL, NULL, "differential_privacy: no selecting count");
        }
        rc = threshold(dn, err);
        if (rc < 0) {
            return rc;
        }
    }
    for (i = 0; i < dn->nam; i++) {
        treatment(dn, &dn->am[i]);
    }
    /* the top-level report members describe the selecting count (or the first measure) */
    {
        const struct dp_measure *e = &dn->am[have_sel ? dn->sel : 0];

        dn->sens = e->sens;
        dn->s_num = e->s_num;
        dn->s_den = e->s_den;
        dn->variance = e->variance;
        dn->margin95 = e->margin95;
        memcpy(dn->scale_text, e->scale_text, sizeof(dn->scale_text));
        snprintf(dn->treatment, sizeof(dn->treatment), "%s", "");
    }
    return ODP_OK;
}

/* Makes room for `extra` more context bytes after the prefix. */
static int
ctx_room(struct odp_dp_noise *dn, size_t need, struct odp_err *err)
{
    unsigned char *nc;

    if (need <= dn->ctx_cap) {
        return ODP_OK;
    }
    if (need > ODP_DRBG_MAX_CTX) {
        return odp_errf(err, ODP_ELIMIT, NULL,
                        "differential_privacy: a group's 'by' values are too long for the "
                        "noise context");
    }
    nc = realloc(dn->ctx, need);
    if (nc == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    dn->ctx = nc;
    dn->ctx_cap = need;
    return ODP_OK;
}

int
odp_dp_agg_noise(void *ctx, const struct odp_field *by, size_t nby, int64_t *vals, int *keep,
                 struct odp_err *err)
{
    struct odp_dp_noise *dn = ctx;
    const struct odp_dp_policy *d = dn->d;
    size_t i, k, need = dn->ctx_prefix + 8;
    unsigned char nb[4];
    int64_t z, y;
    int rc;

    if (!dn->bound) {
        return odp_errf(err, ODP_EINTERNAL, NULL, "differential privacy: release id not set");
    }
    for (i = 0; i < dn->nam; i++) {
        need += 4 + strlen(dn->am[i].name);
    }
    for (k = 0; k < nby; k++) {
        need += 4 + by[k].len;
    }
    rc = ctx_room(dn, need, err);
    if (rc < 0) {
        return rc;
    }
    for (k = 0; k < 4; k++) {
        nb[k] = (unsigned char)((uint32_t)nby >> (24 - 8 * k));
    }
    for (i = 0; i < dn->nam; i++) {
        struct odp_drbg *g;
        size_t at = dn->ctx_prefix;

        odp_dp_put_part(dn, &at, dn->am[i].name, strlen(dn->am[i].name));
        memcpy(dn->ctx + at, nb, 4);
        at += 4;
        for (k = 0; k < nby; k++) {
            odp_dp_put_part(dn, &at, by[k].p, by[k].len);
        }
        g = odp_drbg_derive(dn->dk, dn->ctx, at, err);
        if (g == NULL) {
            return err != NULL && err->code != ODP_OK ? err->code : ODP_ENOMEM;
        }
        rc = d->mechanism == ODP_DP_GAUSSIAN
                 ? odp_dp_discrete_gaussian(g, dn->am[i].s_num, dn->am[i].s_den, &z, err)
                 : odp_dp_discrete_laplace(g, dn->am[i].s_num, dn->am[i].s_den, &z, err);
        odp_drbg_free(g);
        if (rc < 0) {
            return rc;
        }
        if (__builtin_add_overflow(vals[i], z, &y)) {
            return odp_errf(err, ODP_ELIMIT, NULL, "differential privacy: noisy value overflows");
        }
        vals[i] = y;
    }
    /* selection on the noisy count, before clamping (post-processing of noisy values) */
    *keep = !dn->select || vals[dn->sel] >= (int64_t)dn->tau;
    if (!*keep) {
        return ODP_OK;
    }
    dn->groups_published++;
    for (i = 0; i < dn->nam; i++) {
        if (d->clamp && vals[i] < 0 && (!dn->am[i].is_sum || dn->am[i].lo >= 0)) {
            vals[i] = 0;
            dn->clamped++;
        }
        dn->cells++;
        dn->am[i].changed++; /* noise replaces every published value */
    }
    return ODP_OK;
}

int
odp_dp_agg_report(const struct odp_dp_noise *dn, cJSON *o)
{
    const struct odp_dp_policy *d = dn->d;
    int gauss = d->mechanism == ODP_DP_GAUSSIAN;
    cJSON *arr = cJSON_AddArrayToObject(o, "measures"), *sel;
    char b[64];
    size_t i;
    int rc = arr == NULL ? ODP_ENOMEM : ODP_OK;

    rc |= odp_json_add_str(o, "table", "aggregate");
    for (i = 0; arr != NULL && i < dn->nam; i++) {
        const struct dp_measure *e = &dn->am[i];
        cJSON *it = cJSON_CreateObject();

        if (it == NULL || !cJSON_AddItemToArray(arr, it)) {
            cJSON_Delete(it);
            return ODP_ENOMEM;
        }
        rc |= odp_json_add_str(it, "name", e->name);
        rc |= odp_json_add_str(it, "kind", e->is_sum ? "sum" : "count");
        rc |= odp_json_add_u64(it, "bound", e->bound);
        rc |= odp_json_add_u64(it, gauss ? "sensitivity_l2_squared" : "sensitivity_l1", e->sens);
        if (odp_rational_format(e->s_num, e->s_den, b, sizeof(b)) < 0) {
            return ODP_ENOMEM;
        }
        rc |= odp_json_add_str(it, gauss ? "sigma_squared" : "scale", b);
        rc |= odp_json_add_fixed(it, "noise_variance", e->variance, 4);
        rc |= odp_json_add_u64(it, "margin_of_error_95", e->margin95);
        rc |= odp_json_add_str(it, "epsilon_share", "1/q of epsilon (q = number of measures)");
    }
    sel = cJSON_AddObjectToObject(o, "group_selection");
    if (sel == NULL) {
        return ODP_ENOMEM;
    }
    if (dn->select) {
        rc |= odp_json_add_str(sel, "rule",
                               "a group is published only when its noisy count is at least the "
                               "threshold; groups below it are left out whole");
        rc |= odp_json_add_str(sel, "count", dn->am[dn->sel].name);
        rc |= odp_json_add_u64(sel, "threshold", dn->tau);
        snprintf(b, sizeof(b), "%.3g", dn->sel_delta);
        rc |= odp_json_add_str(sel, "delta", b);
        rc |= odp_json_add_u64(sel, "groups_published", dn->groups_published);
    } else {
        rc |= odp_json_add_str(sel, "rule", "none: the table has no 'by' columns (one row)");
    }
    return rc;
}

void
odp_dp_agg_budget(struct odp_dp_noise *dn, const char *text)
{
    size_t i, n;

    for (i = 0; i < dn->nam; i++) {
        n = strlen(dn->am[i].treatment);
        snprintf(dn->am[i].treatment + n, sizeof(dn->am[i].treatment) - n, "%s", text);
    }
}

void
odp_dp_agg_colinfo(const struct odp_dp_noise *dn, struct odp_colinfo *cols, size_t n)
{
    size_t i, k;

    for (i = 0; i < dn->nam; i++) {
        for (k = 0; k < n; k++) {
            if (cols[k].name != NULL && strcmp(cols[k].name, dn->am[i].name) == 0) {
                cols[k].treatment = dn->am[i].treatment;
                cols[k].changed = dn->am[i].changed;
            }
        }
    }
}
