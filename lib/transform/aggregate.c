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
#include "out.h"
#include "smallcells.h"

#define HLL_P 12
#define HLL_M (1u << HLL_P)

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

/* ---------------------------------------------------------------- histogram / sketch */

/* Open-addressing map int64 key -> count (count 0 = empty slot). */
struct hent {
    int64_t k;
    uint64_t c; /* 0 = empty slot */
};

struct hist {
    int sketch; /* 0: keys are the integer values; 1: DDSketch bucket keys */
    uint32_t n, cap;
    struct hent *e;
};

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
static double
sk_value(int64_t key)
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

static int
hist_addk(struct hist *h, int64_t key, uint64_t cnt)
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

static void
hist_free(struct hist *h)
{
    free(h->e);
    memset(h, 0, sizeof(*h));
}

/* Turns an exact histogram into a sketch (same counts, values into log buckets). */
static int
hist_to_sketch(struct hist *h)
{
    struct hist s;
    uint32_t i;

    memset(&s, 0, sizeof(s));
    s.sketch = 1;
    for (i = 0; i < h->cap; i++) {
        if (h->e[i].c != 0 && hist_addk(&s, sk_key((double)h->e[i].k), h->e[i].c) < 0) {
            hist_free(&s);
            return -1;
        }
    }
    hist_free(h);
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
        if (lo == UINT32_MAX || sk_value(h->e[i].k) < sk_value(h->e[lo].k)) {
            lo2 = lo;
            lo = i;
        } else if (lo2 == UINT32_MAX || sk_value(h->e[i].k) < sk_value(h->e[lo2].k)) {
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
            if (h->e[i].c != 0 && i != lo && hist_addk(&s, h->e[i].k, h->e[i].c) < 0) {
                hist_free(&s);
                return -1;
            }
        }
        hist_free(h);
        *h = s;
    }
    return 0;
}

static int
hist_add(struct hist *h, double x, int is_int, int64_t iv)
{
    if (!h->sketch && (!is_int || h->n >= ODP_AGG_HIST_EXACT) && hist_to_sketch(h) < 0) {
        return -1;
    }
    if (!h->sketch) {
        return hist_addk(h, iv, 1);
    }
    if (hist_addk(h, sk_key(x), 1) < 0) {
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
static int
hist_quantile(const struct hist *h, double q, uint64_t n, int *exact, int64_t *iv, double *dv)
{
    struct kv *a = malloc((h->n + 1) * sizeof(*a));
    uint64_t rank, cum = 0;
    uint32_t i, m = 0;

    if (a == NULL) {
        return -1;
    }
    for (i = 0; i < h->cap; i++) {
        if (h->e[i].c != 0) {
            a[m].k = h->e[i].k;
            a[m].v = h->sketch ? sk_value(h->e[i].k) : (double)h->e[i].k;
            a[m].c = h->e[i].c;
            m++;
        }
    }
    qsort(a, m, sizeof(*a), kv_cmp);
    rank = (uint64_t)ceil(q * (double)n - 1e-9);
    if (rank < 1) {
        rank = 1;
    }
    if (rank > n) {
        rank = n;
    }
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

struct dist {
    uint64_t *set; /* exact: hashes (0 = empty; a hash of 0 is stored as 1) */
    uint32_t n, cap;
    uint8_t *hll; /* HLL_M registers once past ODP_AGG_DISTINCT_EXACT */
};

static void
hll_add(uint8_t *reg, uint64_t h)
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

static int
dist_add(struct dist *d, uint64_t h)
{
    uint32_t j;

    if (h == 0) {
        h = 1;
    }
    if (d->hll != NULL) {
        hll_add(d->hll, h);
        return 0;
    }
    if ((d->n + 1) * 4 > d->cap * 3) {
        uint32_t ncap = d->cap ? d->cap * 2 : 16, i;
        uint64_t *ns;

        if (d->n >= ODP_AGG_DISTINCT_EXACT) {
            d->hll = calloc(HLL_M, 1);
            if (d->hll == NULL) {
                return -1;
            }
            for (i = 0; i < d->cap; i++) {
                if (d->set[i] != 0) {
                    hll_add(d->hll, d->set[i]);
                }
            }
            free(d->set);
            d->set = NULL;
            d->cap = 0;
            hll_add(d->hll, h);
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

static uint64_t
dist_count(const struct dist *d)
{
    return d->hll != NULL ? hll_estimate(d->hll) : d->n;
}

/* ---------------------------------------------------------------- groups */

/* 8-byte aligned: group states sit in an arena packed to 8 bytes (UBSan: misaligned) */
__extension__ typedef __int128 i128 __attribute__((aligned(8)));

struct num {
    uint64_t n;        /* non-empty values */
    int decimals_seen; /* a value with a fraction or exponent: double sum */
    i128 isum;
    double dsum, dcomp;
    struct hist h;
};

struct group {
    uint64_t hash;
    char *key; /* by values, each as 4-byte length + bytes */
    size_t klen;
    uint64_t count;
    uint64_t order; /* position in the output */
    struct num *nums;
    struct dist *dists;
    uint64_t *hits;
    int suppressed;
};

/* A measured column: published index and which states read it. */
struct mcol {
    size_t out;
    int want_hist;
};

struct slot {
    uint64_t hash;
    struct group *g;
};

struct odp_agg {
    const struct odp_policy *p;
    const struct odp_aggregate_spec *spec;
    const struct odp_field *in_hdr; /* published header (borrowed from the plan) */
    size_t nout;
    size_t *by;        /* published index per by column */
    size_t *m_slot;    /* per measure: num/dist slot (or share index) */
    size_t *m_out;     /* per measure: published index of its column */
    struct mcol *nums; /* numeric columns */
    size_t nnums;
    struct mcol *dists; /* count_distinct columns */
    size_t ndists;
    size_t nshares;
    struct slot *tab; /* open addressing: the hash beside the group (no pointer chase) */
    size_t cap, ngroups;
    struct odp_agg_stats st;
    struct odp_agg_measure_info *minfo;
    int *m_sketched; /* per measure: a group used the approximate method */
    /* small cells */
    size_t *sc_m; /* measure index per small_cells column */
    size_t nsc;
    size_t *sc_by; /* index into by[] per small_cells.by column */
    size_t nscby;
    struct odp_colinfo *cinfo;
    char **ctexts;
    struct odp_field *hdr; /* output header */
};

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
        if (v[i].out == out) {
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
            a->m_slot[i] = slot_of(a->nums, &a->nnums, a->m_out[i]);
            break;
        }
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

static void
group_free(const struct odp_agg *a, struct group *g)
{
    size_t i;

    if (g == NULL) {
        return;
    }
    for (i = 0; i < a->nnums; i++) {
        hist_free(&g->nums[i].h);
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
        group_free(a, a->tab[i].g);
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
    free(a);
}

static struct group *
group_new(const struct odp_agg *a, const struct odp_field *f, uint64_t h)
{
    size_t klen = 0, i, off;
    struct group *g;
    char *base;

    for (i = 0; i < a->spec->nby; i++) {
        klen += 4 + f[a->by[i]].len;
    }
    /* One block: the group, its states, then its key. */
    off = sizeof(*g) + a->nnums * sizeof(struct num) + a->ndists * sizeof(struct dist) +
          a->nshares * sizeof(uint64_t);
    base = calloc(1, off + klen + 1);
    if (base == NULL) {
        return NULL;
    }
    g = (struct group *)(void *)base;
    g->nums = (struct num *)(void *)(base + sizeof(*g));
    g->dists = (struct dist *)(void *)(base + sizeof(*g) + a->nnums * sizeof(struct num));
    g->hits = (uint64_t *)(void *)(base + sizeof(*g) + a->nnums * sizeof(struct num) +
                                   a->ndists * sizeof(struct dist));
    g->key = base + off;
    g->klen = klen;
    g->hash = h;
    for (i = 0, off = 0; i < a->spec->nby; i++) {
        uint32_t l = (uint32_t)f[a->by[i]].len;

        memcpy(g->key + off, &l, 4);
        memcpy(g->key + off + 4, f[a->by[i]].p, l);
        off += 4 + l;
    }
    return g;
}

static int
key_equal(const struct odp_agg *a, const struct group *g, const struct odp_field *f)
{
    size_t i, off = 0;

    for (i = 0; i < a->spec->nby; i++) {
        uint32_t l;

        memcpy(&l, g->key + off, 4);
        if (l != f[a->by[i]].len || memcmp(g->key + off + 4, f[a->by[i]].p, l) != 0) {
            return 0;
        }
        off += 4 + l;
    }
    return 1;
}

static int
tab_grow(struct odp_agg *a)
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

int
odp_agg_add(struct odp_agg *a, const struct odp_field *f, const char *path, uint64_t line,
            struct odp_err *err)
{
    const struct odp_aggregate_spec *s = a->spec;
    uint64_t h = 0;
    size_t i, j, slot;
    struct group *g;

    for (i = 0; i < s->nby; i++) {
        h = hash_bytes(h, f[a->by[i]].p, f[a->by[i]].len);
    }
    slot = (size_t)h & (a->cap - 1);
    while ((g = a->tab[slot].g) != NULL && !(a->tab[slot].hash == h && key_equal(a, g, f))) {
        slot = (slot + 1) & (a->cap - 1);
    }
    if (g == NULL) {
        if (a->ngroups >= ODP_AGG_MAX_GROUPS) {
            return odp_errf(err, ODP_ELIMIT, NULL, "aggregate: more than %u groups",
                            ODP_AGG_MAX_GROUPS);
        }
        g = group_new(a, f, h);
        if (g == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
        a->tab[slot].g = g;
        a->tab[slot].hash = h;
        a->ngroups++;
        if (a->ngroups * 4 > a->cap * 3 && tab_grow(a) < 0) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
    }
    g->count++;
    a->st.rows++;
    for (i = 0; i < a->nnums; i++) {
        const struct odp_field *v = &f[a->nums[i].out];
        struct num *nm = &g->nums[i];
        double x = 0;
        int is_int = 0;
        int64_t iv = 0;

        if (v->len == 0) {
            continue;
        }
        if (!parse_num(v, &x, &is_int, &iv)) {
            const struct odp_field *nm_ = &a->in_hdr[a->nums[i].out];

            return odp_errf(err, ODP_EDATA, &(struct odp_loc){path, line, 0},
                            "column '%.*s': a value is not a plain number (an aggregate "
                            "measure reads it)",
                            (int)nm_->len, nm_->p);
        }
        nm->n++;
        if (is_int && !nm->decimals_seen) {
            nm->isum += iv;
        } else {
            double y, t;

            if (!nm->decimals_seen) {
                nm->decimals_seen = 1;
                nm->dsum = (double)nm->isum;
                nm->dcomp = 0;
            }
            y = x - nm->dcomp;
            t = nm->dsum + y;
            nm->dcomp = (t - nm->dsum) - y;
            nm->dsum = t;
        }
        if (a->nums[i].want_hist && hist_add(&nm->h, x, is_int, iv) < 0) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
    }
    for (i = 0; i < a->ndists; i++) {
        const struct odp_field *v = &f[a->dists[i].out];

        if (v->len > 0 && dist_add(&g->dists[i], hash_bytes(0x5eed, v->p, v->len)) < 0) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
    }
    for (i = 0, j = 0; i < s->nmeasures && a->nshares > 0; i++) {
        const struct odp_measure *m = &s->measures[i];
        const struct odp_field *v;
        size_t k;

        if (m->kind != ODP_M_SHARE) {
            continue;
        }
        v = &f[a->m_out[i]];
        for (k = 0; k < m->nin; k++) {
            if (strlen(m->in[k]) == v->len && memcmp(m->in[k], v->p, v->len) == 0) {
                g->hits[a->m_slot[i]]++;
                break;
            }
        }
        j++;
    }
    return ODP_OK;
}

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
                                                    : dist_count(&g->dists[a->m_slot[m]]);
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
            n = nm->decimals_seen ? fmt_fixed(nm->dsum, dec, out, CELL)
                                  : fmt_i128(nm->isum, out, CELL);
        } else {
            double mean = nm->decimals_seen ? nm->dsum / (double)nm->n
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
        if (hist_quantile(&nm->h, m->q, nm->n, &exact, &iv, &dv) < 0) {
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
    int rc = ODP_OK;

    a->hdr = calloc(nc + 1, sizeof(*a->hdr));
    f = calloc(nc + 1, sizeof(*f));
    cells = malloc((s->nmeasures + 1) * CELL);
    v = calloc(a->ngroups + 1, sizeof(*v));
    if (a->hdr == NULL || f == NULL || cells == NULL || v == NULL) {
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
        empty = group_new(a, NULL, 0);
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
    for (i = 0; rc >= 0 && i < ng; i++) {
        const struct group *g = v[i];
        struct odp_field marker = {a->p->sc_marker != NULL ? a->p->sc_marker : "", 0};

        marker.len = strlen(marker.p);
        for (j = 0; j < s->nby; j++) {
            f[j] = key_field(g, j);
        }
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
    a->st.groups = ng;
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
    group_free(a, empty);
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
