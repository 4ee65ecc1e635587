/*
 * aggregate_out.c - the end of an indicator table (aggregate.h): groups in byte order of
 * their `by` values, small-cell suppression (primary and complementary), the cell texts,
 * the CSV, and the words the metadata files use. No value reaches a message.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions_int.h"
#include "aggregate.h"
#include "aggregate_int.h"
#include "out.h"
#include "smallcells.h"

/* ---------------------------------------------------------------- output */

static int
key_cmp(const char *a, size_t na, const char *b, size_t nb)
{
    size_t oa = 0, ob = 0;

    while (oa < na && ob < nb) {
        uint32_t la, lb;
        int c;

        memcpy(&la, a + oa, 4);
        memcpy(&lb, b + ob, 4);
        c = memcmp(a + oa + 4, b + ob + 4, la < lb ? la : lb);
        if (c != 0) {
            return c;
        }
        if (la != lb) {
            return la < lb ? -1 : 1;
        }
        oa += 4 + la;
        ob += 4 + lb;
    }
    return (oa < na) - (ob < nb);
}

static int
grp_cmp(const void *x, const void *y)
{
    const struct group *a = *(const struct group *const *)x, *b = *(const struct group *const *)y;

    return key_cmp(a->key, a->klen, b->key, b->klen);
}

/* The by value i of g. */
static struct odp_field
key_field(const struct group *g, size_t i)
{
    size_t off = 0, k;
    uint32_t l;
    struct odp_field f;

    for (k = 0;; k++) {
        memcpy(&l, g->key + off, 4);
        if (k == i) {
            break;
        }
        off += 4 + l;
    }
    f.p = g->key + off + 4;
    f.len = l;
    return f;
}

/* Count-like value of measure m in g (count or count_distinct). */
static uint64_t
count_value(const struct odp_agg *a, const struct group *g, size_t m)
{
    return a->spec->measures[m].kind == ODP_M_COUNT ? g->count
                                                    : odp_agg_dist_count(&g->dists[a->m_slot[m]]);
}

struct part {
    char *pkey;
    size_t plen;
    struct group *g;
};

static int
part_cmp(const void *x, const void *y)
{
    const struct part *a = x, *b = y;
    int c = key_cmp(a->pkey, a->plen, b->pkey, b->plen);

    if (c != 0) {
        return c;
    }
    return a->g->order < b->g->order ? -1 : a->g->order > b->g->order;
}

/* Primary and complementary suppression of the count cells; marks suppressed groups. */
static int
suppress(struct odp_agg *a, struct group **v, size_t ng, struct odp_err *err)
{
    uint64_t thr = a->p->sc_threshold;
    struct part *pt;
    size_t i, j, k, r0;

    if (!a->st.small_cells || ng == 0) {
        return ODP_OK;
    }
    pt = calloc(ng, sizeof(*pt));
    if (pt == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    for (i = 0; i < ng; i++) {
        size_t len = 0, off = 0;

        for (k = 0; k < a->nscby; k++) {
            len += 4 + key_field(v[i], a->sc_by[k]).len;
        }
        pt[i].pkey = malloc(len + 1);
        if (pt[i].pkey == NULL) {
            for (j = 0; j < i; j++) {
                free(pt[j].pkey);
            }
            free(pt);
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
        for (k = 0; k < a->nscby; k++) {
            struct odp_field f = key_field(v[i], a->sc_by[k]);
            uint32_t l = (uint32_t)f.len;

            memcpy(pt[i].pkey + off, &l, 4);
            memcpy(pt[i].pkey + off + 4, f.p, l);
            off += 4 + l;
        }
        pt[i].plen = len;
        pt[i].g = v[i];
    }
    qsort(pt, ng, sizeof(*pt), part_cmp);
    for (r0 = 0; r0 < ng; r0 = i) {
        for (i = r0 + 1; i < ng && key_cmp(pt[i].pkey, pt[i].plen, pt[r0].pkey, pt[r0].plen) == 0;
             i++) {
        }
        for (k = 0; k < a->nsc; k++) {
            size_t m = a->sc_m[k], nprim = 0, best = SIZE_MAX;
            uint64_t bestv = 0;

            for (j = r0; j < i; j++) {
                uint64_t x = count_value(a, pt[j].g, m);

                if (x < thr) {
                    nprim++;
                    pt[j].g->suppressed = 1;
                    a->st.cells_primary++;
                } else if (best == SIZE_MAX || x < bestv) {
                    best = j;
                    bestv = x;
                }
            }
            if (nprim == 1 && a->p->sc_complementary && best != SIZE_MAX) {
                if (!pt[best].g->suppressed) {
                    a->st.cells_complementary++;
                }
                pt[best].g->suppressed = 2;
            } else if (nprim == 1) {
                a->st.cells_unprotected++;
            }
        }
    }
    for (j = 0; j < ng; j++) {
        free(pt[j].pkey);
    }
    free(pt);
    return ODP_OK;
}

static size_t
fmt_fixed(double v, unsigned dec, char *out, size_t size)
{
    int n = snprintf(out, size, "%.*f", (int)dec, v);
    size_t k;

    if (n < 0) {
        out[0] = '\0';
        return 0;
    }
    if (out[0] == '-') { /* "-0.00" prints as "0.00" */
        for (k = 1; out[k] == '0' || out[k] == '.'; k++) {
        }
        if (out[k] == '\0') {
            memmove(out, out + 1, (size_t)n);
            n--;
        }
    }
    return (size_t)n;
}

static size_t
fmt_i128(i128 v, char *out, size_t size)
{
    if (v >= INT64_MIN && v <= INT64_MAX) {
        int n = snprintf(out, size, "%" PRId64, (int64_t)v);

        return n > 0 ? (size_t)n : 0;
    }
    return fmt_fixed((double)v, 0, out, size);
}

#define CELL 448

/*
 * Cell text of measure i for g into out; returns its length; *basis gets the number of
 * values it rests on (for the small-cell rule). -1 on OOM.
 */
static long
cell(struct odp_agg *a, const struct group *g, size_t i, char *out, uint64_t *basis)
{
    const struct odp_measure *m = &a->spec->measures[i];
    const struct num *nm;
    unsigned dec = m->decimals;
    size_t n = 0;

    out[0] = '\0';
    switch (m->kind) {
    case ODP_M_COUNT:
    case ODP_M_COUNT_DISTINCT:
        *basis = count_value(a, g, i);
        if (m->kind == ODP_M_COUNT_DISTINCT && g->dists[a->m_slot[i]].hll != NULL) {
            a->m_sketched[i] = 1;
        }
        n = (size_t)snprintf(out, CELL, "%" PRIu64, *basis);
        break;
    case ODP_M_SUM:
    case ODP_M_MEAN:
        nm = &g->nums[a->m_slot[i]];
        *basis = nm->n;
        if (nm->n == 0) {
            break;
        }
        if (m->kind == ODP_M_SUM) {
            n = nm->decimals_seen ? fmt_fixed(odp_agg_num_total(nm), dec, out, CELL)
                                  : fmt_i128(nm->isum, out, CELL);
        } else {
            double mean = nm->decimals_seen ? odp_agg_num_total(nm) / (double)nm->n
                                            : (double)((long double)nm->isum / nm->n);

            n = fmt_fixed(mean, dec, out, CELL);
        }
        break;
    case ODP_M_MEDIAN:
    case ODP_M_QUANTILE: {
        int exact = 0;
        int64_t iv = 0;
        double dv = 0;

        nm = &g->nums[a->m_slot[i]];
        *basis = nm->n;
        if (nm->n == 0) {
            break;
        }
        if (odp_agg_hist_quantile(&nm->h, m->q, nm->n, &exact, &iv, &dv) < 0) {
            return -1;
        }
        if (exact) {
            n = (size_t)snprintf(out, CELL, "%" PRId64, iv);
        } else {
            a->m_sketched[i] = 1;
            n = fmt_fixed(dv, dec, out, CELL);
        }
        break;
    }
    case ODP_M_SHARE:
        *basis = g->count;
        if (g->count > 0) {
            n = fmt_fixed((double)g->hits[a->m_slot[i]] / (double)g->count,
                          m->has_decimals ? dec : 4, out, CELL);
        }
        break;
    }
    return (long)n;
}

int
odp_agg_write(struct odp_agg *a, struct odp_out *out, struct odp_err *err)
{
    const struct odp_aggregate_spec *s = a->spec;
    size_t nc = s->nby + s->nmeasures, i, j, ng = 0;
    struct group **v;
    struct group *empty = NULL;
    struct odp_field *f;
    char *cells;
    int64_t *dpv = NULL;
    uint64_t published;
    int rc = odp_agg_flush(a, err);

    if (rc < 0) {
        return rc;
    }
    a->hdr = calloc(nc + 1, sizeof(*a->hdr));
    f = calloc(nc + 1, sizeof(*f));
    cells = malloc((s->nmeasures + 1) * CELL);
    v = calloc(a->ngroups + 1, sizeof(*v));
    dpv = calloc(s->nmeasures + 1, sizeof(*dpv));
    if (a->hdr == NULL || f == NULL || cells == NULL || v == NULL || dpv == NULL) {
        rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        goto out;
    }
    for (i = 0; i < s->nby; i++) {
        a->hdr[i].p = s->by[i];
        a->hdr[i].len = strlen(s->by[i]);
    }
    for (i = 0; i < s->nmeasures; i++) {
        a->hdr[s->nby + i].p = s->measures[i].name;
        a->hdr[s->nby + i].len = strlen(s->measures[i].name);
    }
    for (i = 0; i < a->cap; i++) {
        if (a->tab[i].g != NULL) {
            v[ng++] = a->tab[i].g;
        }
    }
    if (ng == 0 && s->nby == 0) {
        /* No rows and no groups: the one overall row, with a count of 0. */
        empty = odp_agg_group_new(a, NULL, 0, 0);
        if (empty == NULL) {
            rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
            goto out;
        }
        v[ng++] = empty;
    }
    qsort(v, ng, sizeof(*v), grp_cmp);
    for (i = 0; i < ng; i++) {
        v[i]->order = i;
    }
    rc = suppress(a, v, ng, err);
    if (rc < 0) {
        goto out;
    }
    rc = odp_csv_write_row(out, a->hdr, nc);
    published = 0;
    for (i = 0; rc >= 0 && i < ng; i++) {
        const struct group *g = v[i];
        struct odp_field marker = {a->p->sc_marker != NULL ? a->p->sc_marker : "", 0};
        int keep = 1;

        marker.len = strlen(marker.p);
        for (j = 0; j < s->nby; j++) {
            f[j] = key_field(g, j);
        }
        if (a->noise != NULL) {
            /* differential privacy: every measure noised; a group below the threshold
               is not published at all (its by values would tell that it exists) */
            rc = odp_agg_dp_values(a, g, f, dpv, &keep, err);
            for (j = 0; rc >= 0 && keep && j < s->nmeasures; j++) {
                char *c = cells + j * CELL;

                f[s->nby + j].p = c;
                f[s->nby + j].len = (size_t)snprintf(c, CELL, "%" PRId64, dpv[j]);
            }
            if (rc >= 0 && keep) {
                published++;
                rc = odp_csv_write_row(out, f, nc);
            }
            continue;
        }
        published++;
        for (j = 0; j < s->nmeasures; j++) {
            char *c = cells + j * CELL;
            uint64_t basis = 0;
            long n = cell(a, g, j, c, &basis);

            if (n < 0) {
                rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
                goto out;
            }
            f[s->nby + j].p = c;
            f[s->nby + j].len = (size_t)n;
            if (a->st.small_cells && (g->suppressed || basis < a->p->sc_threshold)) {
                int is_sc = 0;
                size_t k;

                for (k = 0; k < a->nsc; k++) {
                    is_sc |= a->sc_m[k] == j;
                }
                if (!is_sc) {
                    a->st.cells_blanked++;
                }
                f[s->nby + j] = marker;
            }
        }
        a->st.groups_suppressed += g->suppressed != 0;
        rc = odp_csv_write_row(out, f, nc);
    }
    a->st.groups = published;
    for (j = 0; j < s->nmeasures; j++) {
        if (!a->m_sketched[j]) {
            continue;
        }
        a->minfo[j].method = s->measures[j].kind == ODP_M_COUNT_DISTINCT
                                 ? "hyperloglog in groups past 384 distinct values (standard "
                                   "error 1.6%), exact in the others"
                                 : "sketch in groups with decimals or past 1024 distinct values "
                                   "(relative error at most 0.5%), exact in the others";
    }
out:
    odp_agg_group_free(a, empty);
    free(dpv);
    free(v);
    free(cells);
    free(f);
    return rc;
}

void
odp_agg_stats(const struct odp_agg *a, struct odp_agg_stats *st)
{
    *st = a->st;
}

const struct odp_agg_measure_info *
odp_agg_measures(const struct odp_agg *a, size_t *n)
{
    *n = a->spec->nmeasures;
    return a->minfo;
}

const struct odp_colinfo *
odp_agg_colinfo(struct odp_agg *a, const struct odp_colinfo *pcols, size_t npcols, size_t *n)
{
    const struct odp_aggregate_spec *s = a->spec;
    size_t i, j;

    *n = s->nby + s->nmeasures;
    if (a->cinfo != NULL) {
        return a->cinfo;
    }
    a->cinfo = calloc(*n + 1, sizeof(*a->cinfo));
    a->ctexts = calloc(s->nmeasures * 2 + 1, sizeof(*a->ctexts));
    if (a->cinfo == NULL || a->ctexts == NULL) {
        return NULL;
    }
    for (i = 0; i < s->nby; i++) {
        for (j = 0; j < npcols && strcmp(pcols[j].name, s->by[i]) != 0; j++) {
        }
        if (j < npcols) {
            a->cinfo[i] = pcols[j];
        } else {
            a->cinfo[i].name = s->by[i];
            a->cinfo[i].type = "string";
            a->cinfo[i].action = ODP_ACT_KEEP;
        }
        a->cinfo[i].changed = 0;
    }
    for (i = 0; i < s->nmeasures; i++) {
        const struct odp_measure *m = &s->measures[i];
        struct odp_colinfo *c = &a->cinfo[s->nby + i];
        char d[1100], t[1500], qt[460], sc[160] = "";

        if (m->kind == ODP_M_QUANTILE) {
            char qn[ODP_NUM_TXT];

            odp_num_format(m->q, 17, qn);
            snprintf(qt, sizeof(qt), "quantile %s (nearest rank)", qn);
        } else if (m->kind == ODP_M_MEDIAN) {
            snprintf(qt, sizeof(qt), "median (nearest rank)");
        } else {
            snprintf(qt, sizeof(qt), "%s", odp_measure_name(m->kind));
        }
        if (m->kind == ODP_M_COUNT) {
            snprintf(d, sizeof(d), "Number of rows in the group");
        } else if (m->kind == ODP_M_SHARE) {
            snprintf(d, sizeof(d), "Share of the group's rows whose %s is one of the listed values",
                     m->column);
        } else {
            snprintf(d, sizeof(d), "%c%s of %s in the group", qt[0] - 32, qt + 1, m->column);
        }
        if (a->st.small_cells) {
            snprintf(sc, sizeof(sc),
                     "; empty where the group is suppressed or rests on fewer "
                     "than %u values",
                     a->p->sc_threshold);
        }
        snprintf(t, sizeof(t), "aggregated: %s%s%s, %s%s", qt, m->column ? " of " : "",
                 m->column ? m->column : "", a->minfo[i].method, sc);
        a->ctexts[2 * i] = strdup(d);
        a->ctexts[2 * i + 1] = strdup(t);
        if (a->ctexts[2 * i] == NULL || a->ctexts[2 * i + 1] == NULL) {
            return NULL;
        }
        c->name = m->name;
        c->type = m->kind == ODP_M_COUNT || m->kind == ODP_M_COUNT_DISTINCT ? "integer" : "number";
        c->description = a->ctexts[2 * i];
        c->treatment = a->ctexts[2 * i + 1];
        c->action = ODP_ACT_KEEP;
        c->changed = 0;
    }
    return a->cinfo;
}
