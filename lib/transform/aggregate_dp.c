/*
 * aggregate_dp.c - what an indicator table under `privacy.differential_privacy` may hold
 * (aggregate.h): only counts and bounded sums, every measure noised, no suppression or
 * k-anonymity before it; and the hook through which lib/privacy (dp_agg.c) noises each
 * group's measures and decides whether the group is published.
 *
 * The checks run when the table is bound to the plan (before any row is read), so a
 * refused policy stops with exit 2 at POLICY:LINE:COL and nothing written.
 */
#include <string.h>

#include "aggregate.h"
#include "aggregate_int.h"
#include "smallcells.h"

static int
listed(const struct odp_dp_policy *d, const char *name)
{
    size_t i;

    for (i = 0; i < d->ncolumns; i++) {
        if (strcmp(d->columns[i], name) == 0) {
            return 1;
        }
    }
    return 0;
}

int
odp_agg_dp_check(const struct odp_agg *a, struct odp_err *err)
{
    const struct odp_policy *p = a->p;
    const struct odp_dp_policy *d = p->dp;
    const struct odp_aggregate_spec *s = a->spec;
    struct odp_loc dl = {d->path, d->line, d->col};
    size_t i, j, ncount = 0;

    if (odp_smallcells_wanted(p)) {
        return odp_errf(err, ODP_EPOLICY, &dl,
                        "differential_privacy and small_cells on one aggregate table: "
                        "suppressing by the true counts would leak what the noise hides; use "
                        "one of them");
    }
    if (p->k > 0 || p->risk != NULL) {
        return odp_errf(err, ODP_EPOLICY, &dl,
                        "differential_privacy on an aggregate table cannot follow k-anonymity "
                        "or risk models: their suppression depends on other people's rows, so "
                        "one person could change more than the noise is scaled for");
    }
    if (d->total_column != NULL) {
        return odp_errf(err, ODP_EPOLICY, &dl,
                        "differential_privacy: 'totals' applies to a count table read as "
                        "input, not to an aggregate table");
    }
    for (i = 0; i < d->ncolumns; i++) {
        for (j = 0; j < s->nmeasures && strcmp(s->measures[j].name, d->columns[i]) != 0; j++) {
        }
        if (j == s->nmeasures) {
            return odp_errf(err, ODP_EPOLICY, &dl,
                            "differential_privacy: column '%s' is not a measure of "
                            "'aggregate:' (with an aggregate table, columns names its measures)",
                            d->columns[i]);
        }
    }
    for (i = 0; i < s->nmeasures; i++) {
        const struct odp_measure *m = &s->measures[i];
        struct odp_loc ml = {m->path, m->line, m->col};

        if (m->kind != ODP_M_COUNT && m->kind != ODP_M_SUM) {
            return odp_errf(err, ODP_EPOLICY, &ml,
                            "measure '%s' (%s): odpub has no differentially private %s; an "
                            "aggregate table under differential_privacy holds counts and sums "
                            "with bounds (a mean is a noisy sum over a noisy count: publish "
                            "both); remove it or release the table without "
                            "differential_privacy",
                            m->name, odp_measure_name(m->kind), odp_measure_name(m->kind));
        }
        if (!listed(d, m->name)) {
            return odp_errf(err, ODP_EPOLICY, &ml,
                            "measure '%s' is not in differential_privacy.columns: under "
                            "differential privacy every measure of the table is noised",
                            m->name);
        }
        if (m->kind == ODP_M_SUM && !m->has_bounds) {
            return odp_errf(err, ODP_EPOLICY, &ml,
                            "measure '%s': a differentially private sum needs 'bounds: [LOW, "
                            "HIGH]' (each value is rounded and clamped to them, and the noise "
                            "is scaled to the larger of |LOW| and |HIGH|)",
                            m->name);
        }
        ncount += m->kind == ODP_M_COUNT;
    }
    if (s->nby > 0 && ncount == 0) {
        return odp_errf(err, ODP_EPOLICY, &dl,
                        "differential_privacy on an aggregate table with 'by' columns needs a "
                        "count measure: a group is published only when its noisy count passes "
                        "a threshold");
    }
    if (s->nby > 0 && d->delta == NULL) {
        return odp_errf(err, ODP_EPOLICY, &dl,
                        "differential_privacy on an aggregate table with 'by' columns needs "
                        "'delta' (1e-6 or smaller): which groups exist depends on the data, and "
                        "delta bounds the chance that a group made by one person is published");
    }
    return ODP_OK;
}

void
odp_agg_set_noise(struct odp_agg *a, odp_agg_noise_fn fn, void *ctx)
{
    a->noise = fn;
    a->noise_ctx = ctx;
}

int
odp_agg_dp_values(struct odp_agg *a, const struct group *g, const struct odp_field *by,
                  int64_t *vals, int *keep, struct odp_err *err)
{
    const struct odp_aggregate_spec *s = a->spec;
    size_t i;

    for (i = 0; i < s->nmeasures; i++) {
        const struct odp_measure *m = &s->measures[i];

        if (m->kind == ODP_M_COUNT) {
            if (g->count > (uint64_t)INT64_MAX / 2) {
                return odp_errf(err, ODP_ELIMIT, NULL, "aggregate: a count too large to noise");
            }
            vals[i] = (int64_t)g->count;
        } else {
            /* clamped whole units (num_add); a group without values sums to 0, published
               noisy like any other: a blank would tell that no value was there */
            i128 v = g->nums[a->m_slot[i]].isum;

            if (v > INT64_MAX / 2 || v < INT64_MIN / 2) {
                return odp_errf(err, ODP_ELIMIT, NULL,
                                "aggregate: sum '%s' too large to noise (narrow its bounds)",
                                m->name);
            }
            vals[i] = (int64_t)v;
        }
    }
    *keep = 1;
    return a->noise(a->noise_ctx, by, s->nby, vals, keep, err);
}
