/*
 * aggregate_merge.c - partial indicator tables merged into one (odp_agg_merge), and the
 * exact sums that make that possible.
 *
 * The chunk-parallel release (lib/jobs/release_par.c) folds each chunk's rows into its
 * worker's own table and merges the tables after the pass; the published table must be
 * the same bytes for any split of the rows, so every state of a group is a function of
 * the multiset of its values, not of their order, and merging two states gives the
 * state of the concatenation (tests/unit/test_aggregate_merge.c):
 *
 *   count, share hits, integer sums     added (integers in 128 bits)
 *   decimal sums                        an exact fixed-point sum of the doubles (struct
 *                                       xsum, rounded to a double once, at the end)
 *   histograms                          counts added; exact while the union has at most
 *                                       ODP_AGG_HIST_EXACT distinct integers (no
 *                                       decimal), else the sketch of all values: bucket
 *                                       counts added, then the lowest buckets folded
 *                                       into the lowest of the ODP_AGG_SKETCH_BINS
 *                                       highest (what adding one value at a time gives)
 *   distinct sets                       the union; HyperLogLog (register maximum) past
 *                                       384 distinct hashes
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "aggregate_int.h"

/* ---------------------------------------------------------------- exact sums */

__extension__ typedef unsigned __int128 u128;

#define XS_BIAS 1074 /* bit 0 of limb 0 stands for 2^-1074, the least subnormal */

static void
xs_norm(struct xsum *x)
{
    size_t i;
    int64_t c;

    for (i = 0; i + 1 < XSUM_LIMBS; i++) {
        c = x->d[i] >> 32; /* arithmetic shift (GCC, Clang): the floor */
        x->d[i] -= c * ((int64_t)1 << 32);
        x->d[i + 1] += c;
    }
    x->adds = 0;
}

/* Adds (or subtracts) m * 2^(b - XS_BIAS); m < 2^64, b < 32 * (XSUM_LIMBS - 2). */
static void
xs_addu(struct xsum *x, uint64_t m, int b, int neg)
{
    u128 t = (u128)m << (b & 31);
    size_t i = (size_t)b >> 5;
    int k;

    for (k = 0; k < 3; k++) {
        int64_t p = (int64_t)(uint32_t)(t >> (32 * k));

        x->d[i + (size_t)k] += neg ? -p : p;
    }
    if (++x->adds >= (1u << 30)) { /* a limb takes < 2^32 per add: room for 2^31 */
        xs_norm(x);
    }
}

void
odp_agg_xsum_add(struct xsum *x, double v)
{
    int e, b;
    uint64_t m;

    if (v == 0) {
        return;
    }
    if (!isfinite(v)) {
        x->special += v;
        return;
    }
    m = (uint64_t)ldexp(frexp(fabs(v), &e), 53); /* |v| = m * 2^(e - 53), exactly */
    b = e - 53 + XS_BIAS;
    if (b < 0) { /* a subnormal: its low bits are zero */
        m >>= -b;
        b = 0;
    }
    xs_addu(x, m, b, v < 0);
}

static void
xs_merge(struct xsum *d, struct xsum *s)
{
    size_t i;

    xs_norm(d);
    xs_norm(s);
    for (i = 0; i < XSUM_LIMBS; i++) {
        d->d[i] += s->d[i];
    }
    d->special += s->special;
    xs_norm(d);
}

double
odp_agg_num_total(const struct num *nm)
{
    struct xsum t;
    u128 u;
    int neg = nm->isum < 0, k, h, lo;
    double r;

    if (nm->xs != NULL) {
        t = *nm->xs;
    } else {
        memset(&t, 0, sizeof(t));
    }
    if (t.special != 0 || isnan(t.special)) {
        return t.special;
    }
    u = neg ? -(u128)nm->isum : (u128)nm->isum;
    for (k = 0; k < 4; k++) {
        xs_addu(&t, (uint32_t)(u >> (32 * k)), XS_BIAS + 32 * k, neg);
    }
    xs_norm(&t);
    neg = t.d[XSUM_LIMBS - 1] < 0;
    if (neg) {
        for (k = 0; k < XSUM_LIMBS; k++) {
            t.d[k] = -t.d[k];
        }
        xs_norm(&t);
    }
    for (h = XSUM_LIMBS - 1; h >= 0 && t.d[h] == 0; h--) {
    }
    if (h < 0) {
        return 0;
    }
    /* the top 65..96 bits, the rest as a sticky bit: one rounding, to nearest */
    lo = h >= 2 ? h - 2 : 0;
    u = 0;
    for (k = h; k >= lo; k--) {
        u = (u << 32) | (uint64_t)t.d[k];
    }
    for (k = 0; k < lo; k++) {
        u |= t.d[k] != 0;
    }
    r = ldexp((double)u, 32 * lo - XS_BIAS);
    return neg ? -r : r;
}

/* ---------------------------------------------------------------- histograms */

struct bkt {
    double v;
    int64_t k;
    uint64_t c;
};

static int
bkt_cmp(const void *a, const void *b)
{
    const struct bkt *x = a, *y = b;

    return x->v < y->v ? -1 : x->v > y->v;
}

/*
 * Keeps a sketch within ODP_AGG_SKETCH_BINS buckets: the buckets below the
 * ODP_AGG_SKETCH_BINS highest fold into the lowest of those. Adding values one at a
 * time (sketch_collapse) keeps exactly this: the highest buckets ever seen, the lowest
 * of them holding the counts of all below.
 */
static int
sketch_trim(struct hist *h)
{
    struct bkt *a;
    struct hist s;
    uint32_t i, m = 0, cut;

    if (h->n <= ODP_AGG_SKETCH_BINS) {
        return 0;
    }
    a = malloc(h->n * sizeof(*a));
    if (a == NULL) {
        return -1;
    }
    for (i = 0; i < h->cap; i++) {
        if (h->e[i].c != 0) {
            a[m++] = (struct bkt){odp_agg_sk_value(h->e[i].k), h->e[i].k, h->e[i].c};
        }
    }
    qsort(a, m, sizeof(*a), bkt_cmp);
    cut = m - ODP_AGG_SKETCH_BINS;
    for (i = 0; i < cut; i++) {
        a[cut].c += a[i].c;
    }
    memset(&s, 0, sizeof(s));
    s.sketch = 1;
    for (i = cut; i < m; i++) {
        if (odp_agg_hist_addk(&s, a[i].k, a[i].c) < 0) {
            odp_agg_hist_free(&s);
            free(a);
            return -1;
        }
    }
    free(a);
    odp_agg_hist_free(h);
    *h = s;
    return 0;
}

/* d += s (s is left in any state; the caller frees it). */
static int
hist_merge(struct hist *d, struct hist *s)
{
    uint32_t i;

    if (s->n == 0) {
        return 0;
    }
    if (d->sketch || s->sketch) {
        if ((!d->sketch && odp_agg_hist_to_sketch(d) < 0) ||
            (!s->sketch && odp_agg_hist_to_sketch(s) < 0)) {
            return -1;
        }
        for (i = 0; i < s->cap; i++) {
            if (s->e[i].c != 0 && odp_agg_hist_addk(d, s->e[i].k, s->e[i].c) < 0) {
                return -1;
            }
        }
        return sketch_trim(d);
    }
    if (s->e == NULL) { /* dense */
        for (i = 0; i < s->span; i++) {
            if (s->d[i] != 0 && odp_agg_hist_addc(d, s->lo + (int64_t)i, s->d[i]) < 0) {
                return -1;
            }
        }
    } else {
        for (i = 0; i < s->cap; i++) {
            if (s->e[i].c != 0 && odp_agg_hist_addc(d, s->e[i].k, s->e[i].c) < 0) {
                return -1;
            }
        }
    }
    if (d->n > ODP_AGG_HIST_EXACT) { /* the union is past exact: the sketch of all */
        if (odp_agg_hist_to_sketch(d) < 0) {
            return -1;
        }
        return sketch_trim(d);
    }
    return 0;
}

/* ---------------------------------------------------------------- distinct sets */

static int
dist_merge(struct dist *d, const struct dist *s)
{
    uint32_t i;

    if (s->hll != NULL) {
        if (d->hll == NULL && odp_agg_dist_to_hll(d) < 0) {
            return -1;
        }
        for (i = 0; i < HLL_M; i++) {
            d->hll[i] = s->hll[i] > d->hll[i] ? s->hll[i] : d->hll[i];
        }
        return 0;
    }
    for (i = 0; i < s->cap; i++) {
        if (s->set[i] != 0 && odp_agg_dist_add(d, s->set[i]) < 0) {
            return -1;
        }
    }
    return 0;
}

/* ---------------------------------------------------------------- groups */

static int
group_merge(const struct odp_agg *a, struct group *d, struct group *s)
{
    size_t i;

    d->count += s->count;
    for (i = 0; i < a->nnums; i++) {
        struct num *dn = &d->nums[i], *sn = &s->nums[i];

        dn->n += sn->n;
        dn->isum += sn->isum;
        dn->decimals_seen |= sn->decimals_seen;
        if (sn->xs != NULL && dn->xs == NULL) {
            dn->xs = sn->xs;
            sn->xs = NULL;
        } else if (sn->xs != NULL) {
            xs_merge(dn->xs, sn->xs);
        }
        if (hist_merge(&dn->h, &sn->h) < 0) {
            return -1;
        }
    }
    for (i = 0; i < a->ndists; i++) {
        if (dist_merge(&d->dists[i], &s->dists[i]) < 0) {
            return -1;
        }
    }
    for (i = 0; i < a->nshares; i++) {
        d->hits[i] += s->hits[i];
    }
    return 0;
}

int
odp_agg_merge(struct odp_agg *dst, struct odp_agg *src, struct odp_err *err)
{
    size_t i, slot;
    struct group *g, *d;
    int rc = odp_agg_flush(dst, err);

    if (rc == ODP_OK) {
        rc = odp_agg_flush(src, err);
    }
    for (i = 0; rc == ODP_OK && i < src->cap; i++) {
        g = src->tab[i].g;
        if (g == NULL) {
            continue;
        }
        src->tab[i].g = NULL;
        src->ngroups--;
        slot = (size_t)g->hash & (dst->cap - 1);
        while ((d = dst->tab[slot].g) != NULL &&
               !(dst->tab[slot].hash == g->hash && d->klen == g->klen &&
                 (g->klen == 0 || memcmp(d->key, g->key, g->klen) == 0))) {
            slot = (slot + 1) & (dst->cap - 1);
        }
        if (d != NULL) {
            if (group_merge(dst, d, g) < 0) {
                rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
            }
            odp_agg_group_free(src, g);
            continue;
        }
        if (dst->ngroups >= ODP_AGG_MAX_GROUPS) {
            odp_agg_group_free(src, g);
            rc = odp_errf(err, ODP_ELIMIT, NULL, "aggregate: more than %u groups",
                          ODP_AGG_MAX_GROUPS);
            break;
        }
        dst->tab[slot].g = g; /* a group new to dst: moved, not copied */
        dst->tab[slot].hash = g->hash;
        dst->ngroups++;
        if (dst->ngroups * 2 > dst->cap && odp_agg_tab_grow(dst) < 0) {
            rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
    }
    dst->st.rows += src->st.rows;
    src->st.rows = 0;
    return rc;
}
