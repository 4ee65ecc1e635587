/*
 * aggregate.c - the indicator table: groups in an open-addressing hash table, one
 * bounded state per group and measured column, suppression and output at the end
 * (aggregate.h).
 *
 * Per group: the row count; per column that sum/mean/median/quantile read, the count of
 * non-empty values, an exact 128-bit integer sum (or a Kahan double sum once a value has
 * decimals) and, when a median or quantile reads it, a histogram (exact integer values,
 * or DDSketch log buckets); per count_distinct column a hash set that becomes a
 * HyperLogLog; per share measure the hits. Measures on the same column share one state.
 *
 * Promises: no value reaches an error; the output is a function of the rows (group order
 * is byte order, ties in suppression go to the earlier group in that order).
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

/* ---------------------------------------------------------------- hashing */

static uint64_t
mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= UINT64_C(0xbf58476d1ce4e5b9);
    x ^= x >> 27;
    x *= UINT64_C(0x94d049bb133111eb);
    x ^= x >> 31;
    return x;
}

static uint64_t
hash_bytes(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    size_t i;

    h ^= UINT64_C(0xcbf29ce484222325);
    for (i = 0; i < n; i++) {
        h = (h ^ s[i]) * UINT64_C(0x100000001b3);
    }
    return mix64(h ^ n);
}

/* Hash of a group key, 8 bytes at a time (only the group table reads it; the
   count_distinct hashes, which HyperLogLog registers depend on, stay hash_bytes). */
static uint64_t
hash_key(const char *p, size_t n)
{
    uint64_t h = UINT64_C(0x9e3779b97f4a7c15) ^ n, w;

    for (; n >= 8; p += 8, n -= 8) {
        memcpy(&w, p, 8);
        h = (h ^ w) * UINT64_C(0xff51afd7ed558ccd);
        h ^= h >> 32;
    }
    w = 0;
    if (n > 0) {
        memcpy(&w, p, n);
    }
    return mix64(h ^ w);
}

/* ---------------------------------------------------------------- histogram / sketch */

#define ZERO_KEY INT64_MAX

static double
sk_gamma(void)
{
    return (1 + ODP_AGG_SKETCH_ALPHA) / (1 - ODP_AGG_SKETCH_ALPHA);
}

/* Bucket key of x: 2i for x > 0 (i = ceil(log_gamma x)), 2i+1 for -x, ZERO_KEY for 0. */
static int64_t
sk_key(double x)
{
    double lg = log(sk_gamma());
    int64_t i;

    if (x == 0) {
        return ZERO_KEY;
    }
    i = (int64_t)ceil(log(fabs(x)) / lg);
    return x > 0 ? 2 * i : 2 * i + 1;
}

/* The value a bucket stands for: within relative ODP_AGG_SKETCH_ALPHA of its values. */
double
odp_agg_sk_value(int64_t key)
{
    int64_t i;
    double g = sk_gamma(), v;

    if (key == ZERO_KEY) {
        return 0;
    }
    i = key >= 0 ? key / 2 : (key - 1) / 2; /* floor division */
    v = 2 * pow(g, (double)i) / (g + 1);
    return (key - 2 * i) != 0 ? -v : v;
}

static int
hist_grow(struct hist *h)
{
    uint32_t ncap = h->cap ? h->cap * 2 : 16, i;
    struct hent *ne = calloc(ncap, sizeof(*ne));

    if (ne == NULL) {
        return -1;
    }
    for (i = 0; i < h->cap; i++) {
        if (h->e[i].c != 0) {
            uint32_t j = (uint32_t)mix64((uint64_t)h->e[i].k) & (ncap - 1);

            while (ne[j].c != 0) {
                j = (j + 1) & (ncap - 1);
            }
            ne[j] = h->e[i];
        }
    }
    free(h->e);
    h->e = ne;
    h->cap = ncap;
    return 0;
}

int
odp_agg_hist_addk(struct hist *h, int64_t key, uint64_t cnt)
{
    uint32_t j;

    if ((h->n + 1) * 4 > h->cap * 3 && hist_grow(h) < 0) {
        return -1;
    }
    j = (uint32_t)mix64((uint64_t)key) & (h->cap - 1);
    while (h->e[j].c != 0 && h->e[j].k != key) {
        j = (j + 1) & (h->cap - 1);
    }
    if (h->e[j].c == 0) {
        h->e[j].k = key;
        h->n++;
    }
    h->e[j].c += cnt;
    return 0;
}

void
odp_agg_hist_free(struct hist *h)
{
    free(h->e);
    free(h->d);
    memset(h, 0, sizeof(*h));
}

/* Moves a dense histogram into the sparse map (same counts). */
static int
dense_to_sparse(struct hist *h)
{
    struct hist s;
    uint32_t i;

    if (h->d == NULL) {
        return 0;
    }
    memset(&s, 0, sizeof(s));
    for (i = 0; i < h->span; i++) {
        if (h->d[i] != 0 && odp_agg_hist_addk(&s, h->lo + (int64_t)i, h->d[i]) < 0) {
            odp_agg_hist_free(&s);
            return -1;
        }
    }
    odp_agg_hist_free(h);
    *h = s;
    return 0;
}

/*
 * Adds c times integer v to a histogram that is dense or new: 1 when added, 0 when v
 * does not fit (the values would span more than ODP_AGG_HIST_DENSE, or a count would
 * pass 65,535; the caller moves to the sparse map), -1 on OOM. |v| < 1e18 (parse_num),
 * so the bounds below do not overflow.
 */
static int
dense_add(struct hist *h, int64_t v, uint64_t c)
{
    uint16_t *nd;
    uint32_t span;
    int64_t lo, hi;

    if (h->d == NULL) {
        h->d = calloc(64, sizeof(*h->d));
        if (h->d == NULL) {
            return -1;
        }
        h->span = 64;
        h->lo = v - 16;
    }
    if (v < h->lo || v - h->lo >= (int64_t)h->span) {
        lo = v < h->lo ? v : h->lo;
        hi = v < h->lo ? h->lo + (int64_t)h->span - 1 : v;
        if (hi - lo >= ODP_AGG_HIST_DENSE) {
            return 0;
        }
        for (span = h->span * 2; (int64_t)span <= hi - lo; span *= 2) {
        }
        if (span > ODP_AGG_HIST_DENSE) {
            span = ODP_AGG_HIST_DENSE;
        }
        nd = calloc(span, sizeof(*nd));
        if (nd == NULL) {
            return -1;
        }
        /* grow on the side of v: keep the far end, so v's side gets the room */
        lo = v < h->lo ? hi - (int64_t)span + 1 : h->lo;
        memcpy(nd + (h->lo - lo), h->d, h->span * sizeof(*nd));
        free(h->d);
        h->d = nd;
        h->lo = lo;
        h->span = span;
    }
    if (h->d[v - h->lo] + c > UINT16_MAX) {
        return 0;
    }
    h->n += h->d[v - h->lo] == 0;
    h->d[v - h->lo] = (uint16_t)(h->d[v - h->lo] + c);
    return 1;
}

/* Turns an exact histogram into a sketch (same counts, values into log buckets). */
int
odp_agg_hist_to_sketch(struct hist *h)
{
    struct hist s;
    uint32_t i;

    if (dense_to_sparse(h) < 0) {
        return -1;
    }
    memset(&s, 0, sizeof(s));
    s.sketch = 1;
    for (i = 0; i < h->cap; i++) {
        if (h->e[i].c != 0 && odp_agg_hist_addk(&s, sk_key((double)h->e[i].k), h->e[i].c) < 0) {
            odp_agg_hist_free(&s);
            return -1;
        }
    }
    odp_agg_hist_free(h);
    *h = s;
    return 0;
}

/* Keeps a sketch within ODP_AGG_SKETCH_BINS: the lowest bucket merges into the next. */
static int
sketch_collapse(struct hist *h)
{
    uint32_t i, lo = UINT32_MAX, lo2 = UINT32_MAX;

    for (i = 0; i < h->cap; i++) {
        if (h->e[i].c == 0) {
            continue;
        }
        if (lo == UINT32_MAX || odp_agg_sk_value(h->e[i].k) < odp_agg_sk_value(h->e[lo].k)) {
            lo2 = lo;
            lo = i;
        } else if (lo2 == UINT32_MAX ||
                   odp_agg_sk_value(h->e[i].k) < odp_agg_sk_value(h->e[lo2].k)) {
            lo2 = i;
        }
    }
    if (lo2 == UINT32_MAX) {
        return 0;
    }
    h->e[lo2].c += h->e[lo].c;
    /* Remove slot lo: rebuild (rare: only past ODP_AGG_SKETCH_BINS buckets). */
    {
        struct hist s;

        memset(&s, 0, sizeof(s));
        s.sketch = 1;
        for (i = 0; i < h->cap; i++) {
            if (h->e[i].c != 0 && i != lo && odp_agg_hist_addk(&s, h->e[i].k, h->e[i].c) < 0) {
                odp_agg_hist_free(&s);
                return -1;
            }
        }
        odp_agg_hist_free(h);
        *h = s;
    }
    return 0;
}

/* Whether exact histogram h holds integer v. */
static int
hist_has(const struct hist *h, int64_t v)
{
    uint32_t j;

    if (h->e == NULL) {
        return h->d != NULL && v >= h->lo && v - h->lo < (int64_t)h->span && h->d[v - h->lo] != 0;
    }
    for (j = (uint32_t)mix64((uint64_t)v) & (h->cap - 1); h->e[j].c != 0;
         j = (j + 1) & (h->cap - 1)) {
        if (h->e[j].k == v) {
            return 1;
        }
    }
    return 0;
}

int
odp_agg_hist_addc(struct hist *h, int64_t v, uint64_t c)
{
    if (h->e == NULL) { /* dense (or new) */
        int rc = dense_add(h, v, c);

        if (rc != 0) {
            return rc < 0 ? -1 : 0;
        }
        if (dense_to_sparse(h) < 0) {
            return -1;
        }
    }
    return odp_agg_hist_addk(h, v, c);
}

/*
 * Exact while every value is an integer and there are at most ODP_AGG_HIST_EXACT
 * distinct ones: the sketch starts at the first decimal or at the first value past that
 * many, so whether a group is exact depends on its values, not on their order (merged
 * partial states equal the state of the whole; aggregate_merge.c).
 */
static int
hist_add(struct hist *h, double x, int is_int, int64_t iv)
{
    if (!h->sketch && (!is_int || (h->n >= ODP_AGG_HIST_EXACT && !hist_has(h, iv))) &&
        odp_agg_hist_to_sketch(h) < 0) {
        return -1;
    }
    if (!h->sketch) {
        return odp_agg_hist_addc(h, iv, 1);
    }
    if (odp_agg_hist_addk(h, sk_key(x), 1) < 0) {
        return -1;
    }
    return h->n > ODP_AGG_SKETCH_BINS ? sketch_collapse(h) : 0;
}

struct kv {
    double v;
    int64_t k;
    uint64_t c;
};

static int
kv_cmp(const void *a, const void *b)
{
    const struct kv *x = a, *y = b;

    return x->v < y->v ? -1 : x->v > y->v;
}

/*
 * Nearest-rank quantile q of the n values in h: the ceil(q*n)-th smallest (at least
 * the first). *exact says whether the value is an exact integer (*iv) or a sketch
 * value (*dv). -1 on OOM.
 */
int
odp_agg_hist_quantile(const struct hist *h, double q, uint64_t n, int *exact, int64_t *iv,
                      double *dv)
{
    struct kv *a;
    uint64_t rank, cum = 0;
    uint32_t i, m = 0;

    rank = (uint64_t)ceil(q * (double)n - 1e-9);
    if (rank < 1) {
        rank = 1;
    }
    if (rank > n) {
        rank = n;
    }
    if (h->d != NULL) { /* dense: the counts are in value order already */
        for (i = 0; i + 1 < h->span; i++) {
            cum += h->d[i];
            if (cum >= rank) {
                break;
            }
        }
        *exact = 1;
        *iv = h->lo + (int64_t)i;
        *dv = (double)*iv;
        return 0;
    }
    a = malloc((h->n + 1) * sizeof(*a));
    if (a == NULL) {
        return -1;
    }
    for (i = 0; i < h->cap; i++) {
        if (h->e[i].c != 0) {
            a[m].k = h->e[i].k;
            a[m].v = h->sketch ? odp_agg_sk_value(h->e[i].k) : (double)h->e[i].k;
            a[m].c = h->e[i].c;
            m++;
        }
    }
    qsort(a, m, sizeof(*a), kv_cmp);
    for (i = 0; i < m; i++) {
        cum += a[i].c;
        if (cum >= rank) {
            break;
        }
    }
    if (i == m) {
        i = m - 1;
    }
    *exact = !h->sketch;
    *iv = a[i].k;
    *dv = a[i].v;
    free(a);
    return 0;
}

/* ---------------------------------------------------------------- distinct */

void
odp_agg_hll_add(uint8_t *reg, uint64_t h)
{
    uint32_t j = (uint32_t)(h >> (64 - HLL_P));
    uint64_t w = (h << HLL_P) | (UINT64_C(1) << (HLL_P - 1));
    uint8_t r = (uint8_t)(__builtin_clzll(w) + 1);

    if (r > reg[j]) {
        reg[j] = r;
    }
}

static uint64_t
hll_estimate(const uint8_t *reg)
{
    double sum = 0, m = HLL_M, alpha = 0.7213 / (1 + 1.079 / m), e;
    uint32_t j, zeros = 0;

    for (j = 0; j < HLL_M; j++) {
        sum += ldexp(1.0, -reg[j]);
        zeros += reg[j] == 0;
    }
    e = alpha * m * m / sum;
    if (e <= 2.5 * m && zeros > 0) {
        e = m * log(m / zeros);
    }
    return (uint64_t)llround(e);
}

int
odp_agg_dist_to_hll(struct dist *d)
{
    uint32_t i;

    d->hll = calloc(HLL_M, 1);
    if (d->hll == NULL) {
        return -1;
    }
    for (i = 0; i < d->cap; i++) {
        if (d->set[i] != 0) {
            odp_agg_hll_add(d->hll, d->set[i]);
        }
    }
    free(d->set);
    d->set = NULL;
    d->cap = 0;
    return 0;
}

/*
 * Adds hash h (0 stands for 1). The set moves to HyperLogLog only when a new hash
 * would grow it past 512 slots (more than 384 distinct values): a function of the
 * values, not of their order.
 */
int
odp_agg_dist_add(struct dist *d, uint64_t h)
{
    uint32_t j;

    if (h == 0) {
        h = 1;
    }
    if (d->hll != NULL) {
        odp_agg_hll_add(d->hll, h);
        return 0;
    }
    for (j = d->cap > 0 ? (uint32_t)h & (d->cap - 1) : 0; d->cap > 0 && d->set[j] != 0;
         j = (j + 1) & (d->cap - 1)) {
        if (d->set[j] == h) {
            return 0;
        }
    }
    if ((d->n + 1) * 4 > d->cap * 3) {
        uint32_t ncap = d->cap ? d->cap * 2 : 16, i;
        uint64_t *ns;

        if (d->n >= ODP_AGG_DISTINCT_EXACT) {
            if (odp_agg_dist_to_hll(d) < 0) {
                return -1;
            }
            odp_agg_hll_add(d->hll, h);
            return 0;
        }
        ns = calloc(ncap, sizeof(*ns));
        if (ns == NULL) {
            return -1;
        }
        for (i = 0; i < d->cap; i++) {
            if (d->set[i] != 0) {
                j = (uint32_t)d->set[i] & (ncap - 1);
                while (ns[j] != 0) {
                    j = (j + 1) & (ncap - 1);
                }
                ns[j] = d->set[i];
            }
        }
        free(d->set);
        d->set = ns;
        d->cap = ncap;
    }
    j = (uint32_t)h & (d->cap - 1);
    while (d->set[j] != 0 && d->set[j] != h) {
        j = (j + 1) & (d->cap - 1);
    }
    if (d->set[j] == 0) {
        d->set[j] = h;
        d->n++;
    }
    return 0;
}

uint64_t
odp_agg_dist_count(const struct dist *d)
{
    return d->hll != NULL ? hll_estimate(d->hll) : d->n;
}

/* ---------------------------------------------------------------- groups */

static int
index_of(const struct odp_field *hdr, size_t n, const char *name, size_t *idx)
{
    size_t i, len = strlen(name);

    for (i = 0; i < n; i++) {
        if (hdr[i].len == len && memcmp(hdr[i].p, name, len) == 0) {
            *idx = i;
            return 1;
        }
    }
    return 0;
}

/* Slot of column `out` in v (appended when new). */
static size_t
slot_of(struct mcol *v, size_t *n, size_t out)
{
    size_t i;

    for (i = 0; i < *n; i++) {
        if (v[i].out == out && !v[i].clamp) {
            return i;
        }
    }
    v[*n].out = out;
    v[*n].want_hist = 0;
    return (*n)++;
}

struct odp_agg *
odp_agg_new(const struct odp_policy *p, const struct odp_field *hdr, size_t n, struct odp_err *err)
{
    const struct odp_aggregate_spec *s = &p->dv.agg;
    struct odp_loc loc = {s->path, s->line, s->col};
    struct odp_agg *a = calloc(1, sizeof(*a));
    size_t i, j, nm = s->nmeasures;

    if (a == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    a->p = p;
    a->spec = s;
    a->in_hdr = hdr;
    a->nout = n;
    a->by = calloc(s->nby + 1, sizeof(*a->by));
    a->m_slot = calloc(nm + 1, sizeof(*a->m_slot));
    a->m_out = calloc(nm + 1, sizeof(*a->m_out));
    a->nums = calloc(nm + 1, sizeof(*a->nums));
    a->dists = calloc(nm + 1, sizeof(*a->dists));
    a->minfo = calloc(nm + 1, sizeof(*a->minfo));
    a->m_sketched = calloc(nm + 1, sizeof(*a->m_sketched));
    a->sc_m = calloc(p->nsc_columns + 1, sizeof(*a->sc_m));
    a->sc_by = calloc(p->nsc_by + 1, sizeof(*a->sc_by));
    a->cap = 1024;
    a->tab = calloc(a->cap, sizeof(*a->tab));
    if (a->by == NULL || a->m_slot == NULL || a->m_out == NULL || a->nums == NULL ||
        a->dists == NULL || a->minfo == NULL || a->m_sketched == NULL || a->sc_m == NULL ||
        a->sc_by == NULL || a->tab == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        goto fail;
    }
    for (i = 0; i < s->nby; i++) {
        if (!index_of(hdr, n, s->by[i], &a->by[i])) {
            odp_errf(err, ODP_EPOLICY, &loc,
                     "aggregate: 'by' column '%s' is not a published column (give it an "
                     "action other than drop, or derive it)",
                     s->by[i]);
            goto fail;
        }
    }
    for (i = 0; i < nm; i++) {
        const struct odp_measure *m = &s->measures[i];
        struct odp_loc ml = {m->path, m->line, m->col};

        a->minfo[i].name = m->name;
        a->minfo[i].kind = odp_measure_name(m->kind);
        a->minfo[i].column = m->column;
        a->minfo[i].q = m->q;
        a->minfo[i].method = "exact";
        for (j = 0; j < s->nby; j++) {
            if (strcmp(s->by[j], m->name) == 0) {
                odp_errf(err, ODP_EPOLICY, &ml, "measure '%s' has the name of a 'by' column",
                         m->name);
                goto fail;
            }
        }
        for (j = 0; j < i; j++) {
            if (strcmp(s->measures[j].name, m->name) == 0) {
                odp_errf(err, ODP_EPOLICY, &ml, "measure '%s' is named twice", m->name);
                goto fail;
            }
        }
        if (m->kind == ODP_M_COUNT) {
            continue;
        }
        if (!index_of(hdr, n, m->column, &a->m_out[i])) {
            odp_errf(err, ODP_EPOLICY, &ml, "measure '%s': column '%s' is not a published column",
                     m->name, m->column);
            goto fail;
        }
        switch (m->kind) {
        case ODP_M_COUNT_DISTINCT:
            a->m_slot[i] = slot_of(a->dists, &a->ndists, a->m_out[i]);
            break;
        case ODP_M_SHARE:
            a->m_slot[i] = a->nshares++;
            break;
        case ODP_M_MEDIAN:
        case ODP_M_QUANTILE:
            a->m_slot[i] = slot_of(a->nums, &a->nnums, a->m_out[i]);
            a->nums[a->m_slot[i]].want_hist = 1;
            a->minfo[i].method = "exact (histogram)";
            break;
        default:
            if (p->dp != NULL && m->kind == ODP_M_SUM && m->has_bounds) {
                /* its own state: values clamped for the noise (num_add) */
                a->m_slot[i] = a->nnums++;
                a->nums[a->m_slot[i]] =
                    (struct mcol){.out = a->m_out[i], .clamp = 1, .lo = m->lo, .hi = m->hi};
                break;
            }
            a->m_slot[i] = slot_of(a->nums, &a->nnums, a->m_out[i]);
            break;
        }
    }
    a->gstates = a->nnums * sizeof(struct num) + a->ndists * sizeof(struct dist) +
                 a->nshares * sizeof(uint64_t);
    a->in_off = calloc(nm + 1, sizeof(*a->in_off));
    for (i = 0, j = 0; i < nm; i++) {
        a->in_off[i] = j;
        j += s->measures[i].nin;
    }
    a->in_len = calloc(j + 1, sizeof(*a->in_len));
    for (i = 0; i < ODP_AGG_RING; i++) {
        struct pend *e = &a->ring[i];

        e->pv = calloc(a->nnums + 1, sizeof(*e->pv));
        e->dh = calloc(a->ndists + 1, sizeof(*e->dh));
        e->hit = calloc(a->nshares + 1, sizeof(*e->hit));
        if (e->pv == NULL || e->dh == NULL || e->hit == NULL) {
            odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
            goto fail;
        }
    }
    if (a->in_off == NULL || a->in_len == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        goto fail;
    }
    for (i = 0; i < nm; i++) {
        for (j = 0; j < s->measures[i].nin; j++) {
            a->in_len[a->in_off[i] + j] = strlen(s->measures[i].in[j]);
        }
    }
    if (p->dp != NULL && odp_agg_dp_check(a, err) < 0) {
        goto fail;
    }
    if (odp_smallcells_wanted(p)) {
        struct odp_loc pl = {p->path, 0, 0};

        a->st.small_cells = 1;
        for (i = 0; i < p->nsc_columns; i++) {
            for (j = 0; j < nm && strcmp(s->measures[j].name, p->sc_columns[i]) != 0; j++) {
            }
            if (j == nm || (s->measures[j].kind != ODP_M_COUNT &&
                            s->measures[j].kind != ODP_M_COUNT_DISTINCT)) {
                odp_errf(err, ODP_EPOLICY, &pl,
                         "small_cells: column '%s' must be a count or count_distinct "
                         "measure of 'aggregate:'",
                         p->sc_columns[i]);
                goto fail;
            }
            a->sc_m[a->nsc++] = j;
        }
        for (i = 0; i < p->nsc_by; i++) {
            for (j = 0; j < s->nby && strcmp(s->by[j], p->sc_by[i]) != 0; j++) {
            }
            if (j == s->nby) {
                odp_errf(err, ODP_EPOLICY, &pl,
                         "small_cells: 'by' column '%s' must be one of aggregate's 'by'",
                         p->sc_by[i]);
                goto fail;
            }
            a->sc_by[a->nscby++] = j;
        }
    }
    return a;
fail:
    odp_agg_free(a);
    return NULL;
}

void
odp_agg_group_free(const struct odp_agg *a, struct group *g)
{
    size_t i;

    if (g == NULL) {
        return;
    }
    for (i = 0; i < a->nnums; i++) {
        odp_agg_hist_free(&g->nums[i].h);
        free(g->nums[i].xs);
    }
    for (i = 0; i < a->ndists; i++) {
        free(g->dists[i].set);
        free(g->dists[i].hll);
    }
    free(g);
}

void
odp_agg_free(struct odp_agg *a)
{
    size_t i;

    if (a == NULL) {
        return;
    }
    for (i = 0; a->tab != NULL && i < a->cap; i++) {
        odp_agg_group_free(a, a->tab[i].g);
    }
    for (i = 0; a->ctexts != NULL && i < a->spec->nmeasures * 2; i++) {
        free(a->ctexts[i]);
    }
    free(a->ctexts);
    free(a->cinfo);
    free(a->hdr);
    free(a->tab);
    free(a->by);
    free(a->m_slot);
    free(a->m_out);
    free(a->nums);
    free(a->dists);
    free(a->minfo);
    free(a->m_sketched);
    free(a->sc_m);
    free(a->sc_by);
    for (i = 0; i < ODP_AGG_RING; i++) {
        free(a->ring[i].pv);
        free(a->ring[i].dh);
        free(a->ring[i].hit);
        free(a->ring[i].kb);
    }
    free(a->in_off);
    free(a->in_len);
    free(a);
}

struct group *
odp_agg_group_new(const struct odp_agg *a, const char *key, size_t klen, uint64_t h)
{
    size_t off;
    struct group *g;
    char *base;

    /* One block: the group and its key (read together by the lookup), then its states. */
    off = (sizeof(*g) + klen + 7) & ~(size_t)7;
    base = calloc(1, off + a->gstates);
    if (base == NULL) {
        return NULL;
    }
    g = (struct group *)(void *)base;
    g->key = base + sizeof(*g);
    g->nums = (struct num *)(void *)(base + off);
    g->dists = (struct dist *)(void *)(base + off + a->nnums * sizeof(struct num));
    g->hits = (uint64_t *)(void *)(base + off + a->nnums * sizeof(struct num) +
                                   a->ndists * sizeof(struct dist));
    g->klen = klen;
    g->hash = h;
    if (klen > 0) {
        memcpy(g->key, key, klen);
    }
    return g;
}

int
odp_agg_tab_grow(struct odp_agg *a)
{
    size_t ncap = a->cap * 2, i, j;
    struct slot *nt = calloc(ncap, sizeof(*nt));

    if (nt == NULL) {
        return -1;
    }
    for (i = 0; i < a->cap; i++) {
        if (a->tab[i].g != NULL) {
            j = (size_t)a->tab[i].hash & (ncap - 1);
            while (nt[j].g != NULL) {
                j = (j + 1) & (ncap - 1);
            }
            nt[j] = a->tab[i];
        }
    }
    free(a->tab);
    a->tab = nt;
    a->cap = ncap;
    return 0;
}

/* A plain number; *is_int with *iv when it is an integer of at most 18 digits. */
static int
parse_num(const struct odp_field *v, double *x, int *is_int, int64_t *iv)
{
    size_t i = 0;
    int64_t r = 0;
    int neg = 0;

    /* Integers (days, counts) without strtod. */
    if (v->len > 0 && v->len <= 18) {
        i = v->p[0] == '-' || v->p[0] == '+';
        neg = v->p[0] == '-';
        for (r = 0; i < v->len && v->p[i] >= '0' && v->p[i] <= '9'; i++) {
            r = r * 10 + (v->p[i] - '0');
        }
        if (i == v->len && v->len > (size_t)(v->p[0] == '-' || v->p[0] == '+')) {
            *is_int = 1;
            *iv = neg ? -r : r;
            *x = (double)*iv;
            return 1;
        }
        i = 0;
        r = 0;
        neg = 0;
    }
    if (!odp_num_parse(v->p, v->len, x)) {
        return 0;
    }
    *is_int = 0;
    if (v->p[0] == '-' || v->p[0] == '+') {
        neg = v->p[0] == '-';
        i = 1;
    }
    if (v->len - i > 18) {
        return 1;
    }
    for (; i < v->len; i++) {
        if (v->p[i] < '0' || v->p[i] > '9') {
            return 1;
        }
        r = r * 10 + (v->p[i] - '0');
    }
    *is_int = 1;
    *iv = neg ? -r : r;
    return 1;
}

/* The group of a pending row (created when new). */
static struct group *
lookup(struct odp_agg *a, const struct pend *e, struct odp_err *err)
{
    size_t slot = (size_t)e->h & (a->cap - 1);
    struct group *g;

    while ((g = a->tab[slot].g) != NULL &&
           !(a->tab[slot].hash == e->h && g->klen == e->klen &&
             (e->klen == 0 || memcmp(g->key, e->kb, e->klen) == 0))) {
        slot = (slot + 1) & (a->cap - 1);
    }
    if (g != NULL) {
        return g;
    }
    if (a->ngroups >= ODP_AGG_MAX_GROUPS) {
        odp_errf(err, ODP_ELIMIT, NULL, "aggregate: more than %u groups", ODP_AGG_MAX_GROUPS);
        return NULL;
    }
    g = odp_agg_group_new(a, e->kb, e->klen, e->h);
    if (g == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    a->tab[slot].g = g;
    a->tab[slot].hash = e->h;
    a->ngroups++;
    if (a->ngroups * 2 > a->cap && odp_agg_tab_grow(a) < 0) { /* at most half full: short chains */
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    return g;
}

/* Integers into the 128-bit sum, decimals into the exact sum (aggregate_merge.c). */
static int
num_add(struct num *nm, const struct mcol *mc, const struct pval *pv)
{
    double x = pv->x;
    int64_t iv = pv->iv;
    int is_int = pv->is_int;

    if (mc->clamp) {
        /* a differentially private sum: whole units, clamped to the declared bounds */
        double r = nearbyint(x);

        iv = r < (double)mc->lo ? mc->lo : r > (double)mc->hi ? mc->hi : (int64_t)r;
        x = (double)iv;
        is_int = 1;
    }
    nm->n++;
    if (is_int) {
        nm->isum += iv;
        return 0;
    }
    nm->decimals_seen = 1;
    if (nm->xs == NULL) {
        nm->xs = calloc(1, sizeof(*nm->xs));
        if (nm->xs == NULL) {
            return -1;
        }
    }
    odp_agg_xsum_add(nm->xs, x);
    return 0;
}

/* Start of the states in the block of a group whose key is klen bytes. */
static const char *
states_of(const struct group *g, size_t klen)
{
    return (const char *)g + ((sizeof(*g) + klen + 7) & ~(size_t)7);
}

/* Stage 2 of a pending row: its slot is cached; prefetch its group's block. */
static void
stage_block(const struct odp_agg *a, struct pend *e)
{
    size_t slot = (size_t)e->h & (a->cap - 1);
    const char *st;
    size_t off;

    /* the group's slot along the probe chain (the table is small and warm; a group out
       of its home slot would otherwise go unprefetched) */
    while (a->tab[slot].g != NULL && a->tab[slot].hash != e->h) {
        slot = (slot + 1) & (a->cap - 1);
    }
    e->hint = a->tab[slot].g;
    if (e->hint == NULL) {
        return;
    }
    __builtin_prefetch(e->hint, 0);
    st = states_of(e->hint, e->klen);
    for (off = 0; off < a->gstates; off += 64) {
        __builtin_prefetch(st + off, 1);
    }
}

/* Stage 3: the block is cached; prefetch the histogram entries and set slots it updates. */
static void
stage_entries(const struct odp_agg *a, const struct pend *e)
{
    const char *st;
    size_t i;

    if (e->hint == NULL || e->hint->klen != e->klen) {
        return;
    }
    st = states_of(e->hint, e->klen);
    for (i = 0; i < a->nnums; i++) {
        const struct hist *h = &((const struct num *)(const void *)st)[i].h;
        const struct pval *pv = &e->pv[i];

        if (!a->nums[i].want_hist || pv->empty || !pv->is_int || h->sketch) {
            continue;
        }
        if (h->d != NULL && pv->iv >= h->lo && pv->iv - h->lo < (int64_t)h->span) {
            __builtin_prefetch(&h->d[pv->iv - h->lo], 1);
        } else if (h->cap > 0) {
            __builtin_prefetch(&h->e[mix64((uint64_t)pv->iv) & (h->cap - 1)], 1);
        }
    }
    for (i = 0; i < a->ndists; i++) {
        const struct dist *d =
            &((const struct dist *)(const void *)(st + a->nnums * sizeof(struct num)))[i];

        if (e->dh[i] != 0 && d->hll == NULL && d->cap > 0) {
            __builtin_prefetch(&d->set[e->dh[i] & (d->cap - 1)], 1);
        }
    }
}

/* Stage 4: folds a pending row into its group. */
static int
fold(struct odp_agg *a, const struct pend *e, struct odp_err *err)
{
    struct group *g = lookup(a, e, err);
    size_t i;

    if (g == NULL) {
        return err != NULL && err->code != ODP_OK ? err->code : ODP_ENOMEM;
    }
    g->count++;
    a->st.rows++;
    for (i = 0; i < a->nnums; i++) {
        struct num *nm = &g->nums[i];
        const struct pval *pv = &e->pv[i];

        if (pv->empty) {
            continue;
        }
        if (num_add(nm, &a->nums[i], pv) < 0 ||
            (a->nums[i].want_hist && hist_add(&nm->h, pv->x, pv->is_int, pv->iv) < 0)) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
    }
    for (i = 0; i < a->ndists; i++) {
        if (e->dh[i] != 0 && odp_agg_dist_add(&g->dists[i], e->dh[i]) < 0) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
    }
    for (i = 0; i < a->nshares; i++) {
        g->hits[i] += e->hit[i];
    }
    return ODP_OK;
}

/* Reads a row into pending entry e: key bytes, hash, parsed values, set hashes, hits. */
static int
pend_fill(struct odp_agg *a, struct pend *e, const struct odp_field *f, const char *path,
          uint64_t line, struct odp_err *err)
{
    const struct odp_aggregate_spec *s = a->spec;
    size_t i, j, k, klen = 0;

    for (i = 0; i < s->nby; i++) {
        klen += 4 + f[a->by[i]].len;
    }
    if (klen > e->kcap) {
        char *nk = realloc(e->kb, klen);

        if (nk == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
        e->kb = nk;
        e->kcap = klen;
    }
    for (i = 0, k = 0; i < s->nby; i++) {
        uint32_t l = (uint32_t)f[a->by[i]].len;

        memcpy(e->kb + k, &l, 4);
        if (l > 0) {
            memcpy(e->kb + k + 4, f[a->by[i]].p, l);
        }
        k += 4 + l;
    }
    e->klen = klen;
    e->h = hash_key(e->kb, klen);
    for (i = 0; i < a->nnums; i++) {
        const struct odp_field *v = &f[a->nums[i].out];
        struct pval *pv = &e->pv[i];

        pv->empty = v->len == 0;
        if (!pv->empty && !parse_num(v, &pv->x, &pv->is_int, &pv->iv)) {
            const struct odp_field *nm_ = &a->in_hdr[a->nums[i].out];

            return odp_errf(err, ODP_EDATA, &(struct odp_loc){path, line, 0},
                            "column '%.*s': a value is not a plain number (an aggregate "
                            "measure reads it)",
                            (int)nm_->len, nm_->p);
        }
    }
    for (i = 0; i < a->ndists; i++) {
        const struct odp_field *v = &f[a->dists[i].out];

        e->dh[i] = v->len > 0 ? hash_bytes(0x5eed, v->p, v->len) : 0;
        e->dh[i] += v->len > 0 && e->dh[i] == 0; /* 0 marks an empty value (dist_add: 0 -> 1) */
    }
    for (i = 0; i < s->nmeasures && a->nshares > 0; i++) {
        const struct odp_measure *m = &s->measures[i];
        const struct odp_field *v = &f[a->m_out[i]];

        if (m->kind != ODP_M_SHARE) {
            continue;
        }
        e->hit[a->m_slot[i]] = 0;
        for (k = 0, j = a->in_off[i]; k < m->nin; k++, j++) {
            if (a->in_len[j] == v->len && memcmp(m->in[k], v->p, v->len) == 0) {
                e->hit[a->m_slot[i]] = 1;
                break;
            }
        }
    }
    e->hint = NULL;
    return ODP_OK;
}

/*
 * Folding a row touches a slot of the group table, the group's block, then one
 * histogram entry per median column and one set slot per count_distinct column: each a
 * likely cache miss with thousands of groups, and each waiting for the one before. So
 * rows are folded ODP_AGG_RING - 1 rows late, in their order (the result is the same):
 * a row's slot is prefetched when it arrives, its block a third of the ring later, its
 * entries two thirds later, so its misses overlap with other rows' work.
 */
int
odp_agg_add(struct odp_agg *a, const struct odp_field *f, const char *path, uint64_t line,
            struct odp_err *err)
{
    const uint64_t third = ODP_AGG_RING / 3;
    struct pend *e = &a->ring[a->seq % ODP_AGG_RING];
    int rc;

    if (a->seq >= ODP_AGG_RING) {
        /* the oldest pending row, whose entry this row takes */
        rc = fold(a, e, err);
        if (rc < 0) {
            return rc;
        }
    }
    rc = pend_fill(a, e, f, path, line, err);
    if (rc < 0) {
        return rc;
    }
    __builtin_prefetch(&a->tab[(size_t)e->h & (a->cap - 1)], 0);
    if (a->seq >= third) {
        stage_block(a, &a->ring[(a->seq - third) % ODP_AGG_RING]);
    }
    if (a->seq >= 2 * third) {
        stage_entries(a, &a->ring[(a->seq - 2 * third) % ODP_AGG_RING]);
    }
    a->seq++;
    return ODP_OK;
}

int
odp_agg_flush(struct odp_agg *a, struct odp_err *err)
{
    uint64_t i = a->seq > ODP_AGG_RING ? a->seq - ODP_AGG_RING : 0;
    int rc;

    for (; i < a->seq; i++) {
        rc = fold(a, &a->ring[i % ODP_AGG_RING], err);
        if (rc < 0) {
            return rc;
        }
    }
    a->seq = 0;
    return ODP_OK;
}
