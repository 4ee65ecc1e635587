/*
 * risk_eval.c - judging one lattice node from the finest classes.
 *
 * A context (struct odp_risk_ctx) is built once per evaluate or search call: it
 * validates the spec against the counts, lays the finest classes out in a
 * canonical order (sorted by tuple) so every later sum runs in an order that does
 * not depend on how rows arrived or counts were merged, turns the sensitive pair
 * tables into per-class lists, and allocates every scratch array a node needs.
 * Evaluating a node then allocates nothing: it rolls the finest classes up into
 * the node's classes (sum counts, merge histograms), judges each class on each
 * model, and sums losses and risks.
 *
 * Exactness: t-closeness works on integers (EMD * (m-1) * size * rows, or
 * 2 * size * rows, is an integer) in 128-bit arithmetic and is divided once at
 * the end, so the verdict is the correctly rounded one; entropy uses doubles with
 * the slack ODP_RISK_EPS. Messages never hold ids.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "risk_int.h"

#define F_K 1u
#define F_L 2u
#define F_T 4u
#define F_M 8u

/* Per-class sparse histograms in canonical class order (CSR). */
struct hist {
    size_t *off;   /* nf + 1 */
    uint32_t *ids; /* npairs */
    uint64_t *cnt; /* npairs */
    size_t npairs;
};

/* One sensitive attribute as a model sees it. */
struct sens {
    const struct hist *h;
    const uint64_t *global;
    size_t nglobal;
    uint32_t *rank;        /* rank among present values, nglobal entries */
    size_t m;              /* present values */
    uint64_t *gcum;        /* cumulative global count by rank, m entries */
    struct odp_u128 *gpre; /* gpre[i] = sum_{j<i} gcum[j], m + 1 entries */
    uint64_t *scratch;     /* per id, zero between classes */
    uint32_t *touched;     /* ids of the current class */
    uint32_t *tmp;         /* sort buffer */
    uint64_t *desc;        /* counts sorted descending (recursive) */
};

struct qi {
    uint32_t levels, values;
    const uint32_t *map;
    uint64_t *f0; /* rows per finest value */
    uint64_t *fl; /* scratch: rows per generalised value */
    uint64_t *rf; /* scratch: kept rows per finest value */
};

struct odp_risk_ctx {
    const struct odp_risk_counts *c;
    const struct odp_risk_spec *s;
    size_t nqi, nf;
    uint64_t rows, allowed;
    int pruning;
    unsigned mono_mask; /* models whose failures alone may prune */
    struct qi q[ODP_RISK_MAX_QI];
    uint32_t *order; /* class entries in tuple order, nf */
    struct hist hl, ht;
    struct sens sl, st;
    int use_l, use_t;
    /* node scratch, all sized for nf classes */
    struct odp_tab gtab;
    uint64_t *gsize;
    uint32_t *gen_of; /* node class of each canonical finest class */
    size_t *goff;     /* nf + 1 */
    uint32_t *gmem;   /* finest classes grouped by node class */
    unsigned char *gflag;
    double *lval, *tval;
    uint64_t *gpop;
    struct odp_tab ptab; /* population at the node */
    uint64_t *pcount;
    const uint32_t *lmap[ODP_RISK_MAX_QI];
    uint32_t cur_levels[ODP_RISK_MAX_QI];
    int have_node;
    size_t bytes;
};

/* ------------------------------------------------------------------------ */
/* Sorting with a context (qsort has none)                                  */
/* ------------------------------------------------------------------------ */

typedef int (*cmp_fn)(uint32_t a, uint32_t b, const void *ctx);

static void
msort(uint32_t *a, uint32_t *tmp, size_t n, cmp_fn cmp, const void *ctx)
{
    size_t i, j, w, lo, mid, hi, k;
    uint32_t *src = a, *dst = tmp, *sw, v;

    if (n <= 16) {
        for (i = 1; i < n; i++) {
            v = a[i];
            for (j = i; j > 0 && cmp(a[j - 1], v, ctx) > 0; j--) {
                a[j] = a[j - 1];
            }
            a[j] = v;
        }
        return;
    }
    for (w = 1; w < n; w *= 2) {
        for (lo = 0; lo < n; lo += 2 * w) {
            mid = lo + w < n ? lo + w : n;
            hi = lo + 2 * w < n ? lo + 2 * w : n;
            i = lo;
            j = mid;
            k = lo;
            while (i < mid && j < hi) {
                dst[k++] = cmp(src[j], src[i], ctx) < 0 ? src[j++] : src[i++];
            }
            while (i < mid) {
                dst[k++] = src[i++];
            }
            while (j < hi) {
                dst[k++] = src[j++];
            }
        }
        sw = src;
        src = dst;
        dst = sw;
    }
    if (src != a) {
        memcpy(a, src, n * sizeof(uint32_t));
    }
}

static int
cmp_tuple(uint32_t a, uint32_t b, const void *ctx)
{
    const struct odp_risk_counts *c = ctx;
    const uint32_t *ka = c->classes.keys + (size_t)a * c->o.nqi;
    const uint32_t *kb = c->classes.keys + (size_t)b * c->o.nqi;
    size_t q;

    for (q = 0; q < c->o.nqi; q++) {
        if (ka[q] != kb[q]) {
            return ka[q] < kb[q] ? -1 : 1;
        }
    }
    return 0;
}

static int
cmp_by_key(uint32_t a, uint32_t b, const void *ctx)
{
    const uint32_t *key = ctx;

    if (key[a] != key[b]) {
        return key[a] < key[b] ? -1 : 1;
    }
    return a < b ? -1 : (a > b ? 1 : 0);
}

static int
cmp_value(uint32_t a, uint32_t b, const void *ctx)
{
    (void)ctx;
    return a < b ? -1 : (a > b ? 1 : 0);
}

static int
cmp_u64_desc(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x > y ? -1 : (x < y ? 1 : 0);
}

/* ------------------------------------------------------------------------ */
/* Spec                                                                     */
/* ------------------------------------------------------------------------ */

void
odp_risk_spec_init(struct odp_risk_spec *s)
{
    memset(s, 0, sizeof(*s));
    s->l_measure = ODP_RISK_LDIV_OFF;
    s->t_measure = ODP_RISK_T_OFF;
    s->metric = ODP_RISK_METRIC_NUE;
    s->max_nodes = ODP_RISK_DEFAULT_MAX_NODES;
}

const char *
odp_risk_metric_name(int metric)
{
    switch (metric) {
    case ODP_RISK_METRIC_PREC:
        return "prec";
    case ODP_RISK_METRIC_DM:
        return "dm";
    case ODP_RISK_METRIC_NUE:
        return "nue";
    case ODP_RISK_METRIC_AECS:
        return "aecs";
    default:
        return "unknown";
    }
}

static int
bad_spec(struct odp_err *err, const char *what)
{
    return odp_errf(err, ODP_EINVAL, NULL, "risk spec: %s", what);
}

static int
is_integer(double v)
{
    return isfinite(v) && floor(v) == v;
}

/*
 * Checks one hierarchy; sets *nested to 0 when some level splits a group of the
 * level below. `parent` is scratch of `values` entries.
 */
static int
check_hier(const struct odp_risk_hier *h, size_t q, uint32_t *parent, int *nested,
           struct odp_err *err)
{
    uint32_t l, v, a, b;

    if (h->levels == 0 || h->values == 0 || h->map == NULL) {
        return odp_errf(err, ODP_EINVAL, NULL,
                        "risk spec: quasi-identifier %zu: hierarchy has no levels or values", q);
    }
    for (v = 0; v < h->values; v++) {
        if (h->map[v] != v) {
            return odp_errf(err, ODP_EINVAL, NULL,
                            "risk spec: quasi-identifier %zu: level 0 is not the identity", q);
        }
    }
    for (l = 1; l < h->levels; l++) {
        for (v = 0; v < h->values; v++) {
            parent[v] = UINT32_MAX;
        }
        for (v = 0; v < h->values; v++) {
            a = h->map[(size_t)(l - 1) * h->values + v];
            b = h->map[(size_t)l * h->values + v];
            if (b >= h->values) {
                return odp_errf(err, ODP_EINVAL, NULL,
                                "risk spec: quasi-identifier %zu: level %lu has an id beyond "
                                "the hierarchy's values",
                                q, (unsigned long)l);
            }
            if (parent[a] == UINT32_MAX) {
                parent[a] = b;
            } else if (parent[a] != b) {
                *nested = 0;
            }
        }
    }
    return ODP_OK;
}

static int
check_spec(const struct odp_risk_counts *c, const struct odp_risk_spec *s, struct odp_err *err)
{
    if (c == NULL || s == NULL) {
        return bad_spec(err, "argument missing");
    }
    if (s->nqi != c->o.nqi || s->hier == NULL) {
        return bad_spec(err, "the hierarchies do not match the counts' quasi-identifiers");
    }
    if (s->l_measure != ODP_RISK_LDIV_OFF) {
        if (s->l_measure != ODP_RISK_LDIV_DISTINCT && s->l_measure != ODP_RISK_LDIV_ENTROPY &&
            s->l_measure != ODP_RISK_LDIV_RECURSIVE) {
            return bad_spec(err, "unknown l-diversity measure");
        }
        if (!c->o.track_l) {
            return bad_spec(err, "l-diversity needs counts that track its sensitive attribute");
        }
        if (!isfinite(s->l) || s->l < 1) {
            return bad_spec(err, "l-diversity needs l >= 1");
        }
        if (s->l_measure != ODP_RISK_LDIV_ENTROPY && !is_integer(s->l)) {
            return bad_spec(err, "distinct and recursive l-diversity need an integer l");
        }
        if (s->l_measure == ODP_RISK_LDIV_RECURSIVE && (!isfinite(s->c) || s->c <= 0)) {
            return bad_spec(err, "recursive (c,l)-diversity needs c > 0");
        }
    }
    if (s->t_measure != ODP_RISK_T_OFF) {
        if (s->t_measure != ODP_RISK_T_EQUAL && s->t_measure != ODP_RISK_T_ORDERED) {
            return bad_spec(err, "unknown t-closeness distance");
        }
        if (!c->o.track_t) {
            return bad_spec(err, "t-closeness needs counts that track its sensitive attribute");
        }
        if (!(s->t >= 0 && s->t <= 1)) {
            return bad_spec(err, "t-closeness needs t in [0, 1]");
        }
    }
    if (s->k_map > 0 && s->pop == NULL) {
        return bad_spec(err, "k-map needs a population table");
    }
    if (s->pop != NULL && s->pop->nqi != s->nqi) {
        return bad_spec(err, "the population table has other quasi-identifiers");
    }
    if (!(s->max_suppression >= 0 && s->max_suppression <= 1)) {
        return bad_spec(err, "max_suppression must be in [0, 1]");
    }
    if ((unsigned)s->metric >= ODP_RISK_METRIC_COUNT) {
        return bad_spec(err, "unknown information-loss metric");
    }
    return ODP_OK;
}

/* ------------------------------------------------------------------------ */
/* Context                                                                  */
/* ------------------------------------------------------------------------ */

/* Returns n items of elem bytes, zeroed (at least one item), charged to x; or NULL. */
static void *
ctx_alloc(struct odp_risk_ctx *x, size_t elem, size_t n)
{
    void *q;

    if (n == 0) {
        n = 1;
    }
    q = odp_risk_grow(NULL, &x->bytes, elem, 0, n);
    if (q != NULL) {
        memset(q, 0, elem * n);
    }
    return q;
}

/* Frees what ctx_alloc gave (sizes are recomputed by the caller). */
#define CTX_FREE(x, p, elem, n) odp_risk_release((p), &(x)->bytes, (elem) * ((n) == 0 ? 1 : (n)))

static int
build_hist(struct odp_risk_ctx *x, struct hist *h, const struct odp_risk_sens *src,
           const uint32_t *pos)
{
    size_t pe, i, *cur = NULL;
    uint32_t f;

    h->npairs = src->pairs.n;
    h->off = ctx_alloc(x, sizeof(size_t), x->nf + 1);
    h->ids = ctx_alloc(x, sizeof(uint32_t), h->npairs);
    h->cnt = ctx_alloc(x, sizeof(uint64_t), h->npairs);
    cur = ctx_alloc(x, sizeof(size_t), x->nf + 1);
    if (h->off == NULL || h->ids == NULL || h->cnt == NULL || cur == NULL) {
        if (cur != NULL) {
            CTX_FREE(x, cur, sizeof(size_t), x->nf + 1);
        }
        return -1;
    }
    for (pe = 0; pe < h->npairs; pe++) {
        h->off[pos[src->pairs.keys[pe * 2]] + 1]++;
    }
    for (i = 0; i < x->nf; i++) {
        h->off[i + 1] += h->off[i];
    }
    memcpy(cur, h->off, (x->nf + 1) * sizeof(size_t));
    for (pe = 0; pe < h->npairs; pe++) {
        f = pos[src->pairs.keys[pe * 2]];
        h->ids[cur[f]] = src->pairs.keys[pe * 2 + 1];
        h->cnt[cur[f]] = src->pcount[pe];
        cur[f]++;
    }
    CTX_FREE(x, cur, sizeof(size_t), x->nf + 1);
    return 0;
}

static void
free_hist(struct odp_risk_ctx *x, struct hist *h)
{
    if (h->off != NULL) {
        CTX_FREE(x, h->off, sizeof(size_t), x->nf + 1);
    }
    if (h->ids != NULL) {
        CTX_FREE(x, h->ids, sizeof(uint32_t), h->npairs);
    }
    if (h->cnt != NULL) {
        CTX_FREE(x, h->cnt, sizeof(uint64_t), h->npairs);
    }
    memset(h, 0, sizeof(*h));
}

/*
 * Sets up one sensitive attribute: ranks of the present values (by `order` when
 * given, else by id), cumulative global counts, scratch.
 */
static int
build_sens(struct odp_risk_ctx *x, struct sens *se, const struct hist *h,
           const struct odp_risk_sens *src, const uint32_t *order, size_t order_len,
           struct odp_err *err)
{
    uint32_t *present = NULL;
    size_t i, m = 0, n = src->nglobal;
    int rc = ODP_OK;

    se->h = h;
    se->global = src->global;
    se->nglobal = n;
    se->rank = ctx_alloc(x, sizeof(uint32_t), n);
    se->scratch = ctx_alloc(x, sizeof(uint64_t), n);
    se->touched = ctx_alloc(x, sizeof(uint32_t), n);
    se->tmp = ctx_alloc(x, sizeof(uint32_t), n);
    se->desc = ctx_alloc(x, sizeof(uint64_t), n);
    present = ctx_alloc(x, sizeof(uint32_t), n);
    if (se->rank == NULL || se->scratch == NULL || se->touched == NULL || se->tmp == NULL ||
        se->desc == NULL || present == NULL) {
        rc = odp_errf(err, ODP_ENOMEM, NULL, "risk: out of memory");
        goto out;
    }
    for (i = 0; i < n; i++) {
        se->rank[i] = UINT32_MAX;
        if (src->global[i] > 0) {
            if (order != NULL && i >= order_len) {
                rc = bad_spec(err, "t-closeness order does not cover every sensitive id");
                goto out;
            }
            present[m++] = (uint32_t)i;
        }
    }
    if (order != NULL) {
        msort(present, se->tmp, m, cmp_by_key, order);
        for (i = 1; i < m; i++) {
            if (order[present[i]] == order[present[i - 1]]) {
                rc = bad_spec(err, "t-closeness order gives two sensitive ids one rank");
                goto out;
            }
        }
    }
    se->m = m;
    se->gcum = ctx_alloc(x, sizeof(uint64_t), m);
    se->gpre = ctx_alloc(x, sizeof(struct odp_u128), m + 1);
    if (se->gcum == NULL || se->gpre == NULL) {
        rc = odp_errf(err, ODP_ENOMEM, NULL, "risk: out of memory");
        goto out;
    }
    for (i = 0; i < m; i++) {
        se->rank[present[i]] = (uint32_t)i;
        se->gcum[i] = src->global[present[i]] + (i > 0 ? se->gcum[i - 1] : 0);
        se->gpre[i + 1] = odp_u128_add(se->gpre[i], odp_u128_mul(se->gcum[i], 1));
    }
out:
    if (present != NULL) {
        CTX_FREE(x, present, sizeof(uint32_t), n);
    }
    return rc;
}

static void
free_sens(struct odp_risk_ctx *x, struct sens *se)
{
    size_t n = se->nglobal;

    if (se->rank != NULL) {
        CTX_FREE(x, se->rank, sizeof(uint32_t), n);
    }
    if (se->scratch != NULL) {
        CTX_FREE(x, se->scratch, sizeof(uint64_t), n);
    }
    if (se->touched != NULL) {
        CTX_FREE(x, se->touched, sizeof(uint32_t), n);
    }
    if (se->tmp != NULL) {
        CTX_FREE(x, se->tmp, sizeof(uint32_t), n);
    }
    if (se->desc != NULL) {
        CTX_FREE(x, se->desc, sizeof(uint64_t), n);
    }
    if (se->gcum != NULL) {
        CTX_FREE(x, se->gcum, sizeof(uint64_t), se->m);
    }
    if (se->gpre != NULL) {
        CTX_FREE(x, se->gpre, sizeof(struct odp_u128), se->m + 1);
    }
    memset(se, 0, sizeof(*se));
}

void
odp_risk_ctx_free(struct odp_risk_ctx *x)
{
    size_t q, nf;

    if (x == NULL) {
        return;
    }
    nf = x->nf;
    for (q = 0; q < x->nqi; q++) {
        if (x->q[q].f0 != NULL) {
            CTX_FREE(x, x->q[q].f0, sizeof(uint64_t), x->q[q].values);
        }
        if (x->q[q].fl != NULL) {
            CTX_FREE(x, x->q[q].fl, sizeof(uint64_t), x->q[q].values);
        }
        if (x->q[q].rf != NULL) {
            CTX_FREE(x, x->q[q].rf, sizeof(uint64_t), x->q[q].values);
        }
    }
    if (x->order != NULL) {
        CTX_FREE(x, x->order, sizeof(uint32_t), nf);
    }
    free_sens(x, &x->sl);
    free_sens(x, &x->st);
    free_hist(x, &x->hl);
    free_hist(x, &x->ht);
    odp_tab_release(&x->gtab, &x->bytes);
    odp_tab_release(&x->ptab, &x->bytes);
    if (x->gsize != NULL) {
        CTX_FREE(x, x->gsize, sizeof(uint64_t), nf);
    }
    if (x->gen_of != NULL) {
        CTX_FREE(x, x->gen_of, sizeof(uint32_t), nf);
    }
    if (x->goff != NULL) {
        CTX_FREE(x, x->goff, sizeof(size_t), nf + 1);
    }
    if (x->gmem != NULL) {
        CTX_FREE(x, x->gmem, sizeof(uint32_t), nf);
    }
    if (x->gflag != NULL) {
        CTX_FREE(x, x->gflag, 1, nf);
    }
    if (x->lval != NULL) {
        CTX_FREE(x, x->lval, sizeof(double), nf);
    }
    if (x->tval != NULL) {
        CTX_FREE(x, x->tval, sizeof(double), nf);
    }
    if (x->gpop != NULL) {
        CTX_FREE(x, x->gpop, sizeof(uint64_t), nf);
    }
    if (x->pcount != NULL) {
        CTX_FREE(x, x->pcount, sizeof(uint64_t), x->s->pop->cells.n);
    }
    free(x);
}

int
odp_risk_ctx_pruning(const struct odp_risk_ctx *x)
{
    return x->pruning;
}

uint32_t
odp_risk_ctx_levels(const struct odp_risk_ctx *x, size_t q)
{
    return x->q[q].levels;
}

/* Checks that every id the counts and population hold fits its hierarchy. */
static int
check_ids(const struct odp_risk_ctx *x, struct odp_err *err)
{
    const struct odp_risk_pop *p = x->s->pop;
    const uint32_t *k;
    size_t e, q;

    for (e = 0; e < x->nf; e++) {
        k = x->c->classes.keys + e * x->nqi;
        for (q = 0; q < x->nqi; q++) {
            if (k[q] >= x->q[q].values) {
                return odp_errf(err, ODP_EINVAL, NULL,
                                "risk spec: quasi-identifier %zu: the counts hold an id beyond "
                                "its hierarchy",
                                q);
            }
        }
    }
    if (p == NULL) {
        return ODP_OK;
    }
    for (e = 0; e < p->cells.n; e++) {
        k = p->cells.keys + e * x->nqi;
        for (q = 0; q < x->nqi; q++) {
            if (p->named[q] && k[q] >= x->q[q].values) {
                return odp_errf(err, ODP_EINVAL, NULL,
                                "risk spec: quasi-identifier %zu: the population holds an id "
                                "beyond its hierarchy",
                                q);
            }
        }
    }
    return ODP_OK;
}

/* Decides which pruning the spec allows (see risk.h, odp_risk_search). */
static void
set_pruning(struct odp_risk_ctx *x, int nested)
{
    const struct odp_risk_spec *s = x->s;
    int nonmono = s->l_measure == ODP_RISK_LDIV_ENTROPY ||
                  s->l_measure == ODP_RISK_LDIV_RECURSIVE || s->t_measure != ODP_RISK_T_OFF;
    int mono = s->k > 0 || s->l_measure == ODP_RISK_LDIV_DISTINCT || s->k_map > 0;

    if (!nested) {
        x->pruning = 0;
        x->mono_mask = 0;
    } else if (x->allowed == 0 || !nonmono) {
        x->pruning = 2;
        x->mono_mask = F_K | F_L | F_T | F_M;
    } else {
        x->pruning = mono ? 1 : 0;
        x->mono_mask = F_K | F_M;
        if (s->l_measure == ODP_RISK_LDIV_DISTINCT) {
            x->mono_mask |= F_L;
        }
    }
}

int
odp_risk_ctx_new(const struct odp_risk_counts *c, const struct odp_risk_spec *s,
                 struct odp_risk_ctx **out, struct odp_err *err)
{
    struct odp_risk_ctx *x = NULL;
    uint32_t *pos = NULL, *parent = NULL;
    size_t q, e, i, maxv = 1, npop;
    size_t bytes0 = 0;
    int rc, nested = 1;
    const uint32_t *k;

    *out = NULL;
    rc = check_spec(c, s, err);
    if (rc < 0) {
        return rc;
    }
    x = odp_risk_resize(NULL, &bytes0, 0, sizeof(*x));
    if (x == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "risk: out of memory");
    }
    memset(x, 0, sizeof(*x));
    x->bytes = sizeof(*x);
    x->c = c;
    x->s = s;
    x->nqi = s->nqi;
    x->nf = c->classes.n;
    x->rows = c->rows;
    x->allowed = (uint64_t)floor(s->max_suppression * (double)c->rows);
    odp_tab_init(&x->gtab, x->nqi);
    odp_tab_init(&x->ptab, x->nqi);
    for (q = 0; q < x->nqi; q++) {
        if (s->hier[q].values > maxv) {
            maxv = s->hier[q].values;
        }
    }
    parent = ctx_alloc(x, sizeof(uint32_t), maxv);
    if (parent == NULL) {
        goto nomem;
    }
    for (q = 0; q < x->nqi; q++) {
        rc = check_hier(&s->hier[q], q, parent, &nested, err);
        if (rc < 0) {
            goto fail;
        }
        x->q[q].levels = s->hier[q].levels;
        x->q[q].values = s->hier[q].values;
        x->q[q].map = s->hier[q].map;
    }
    CTX_FREE(x, parent, sizeof(uint32_t), maxv);
    parent = NULL;
    rc = check_ids(x, err);
    if (rc < 0) {
        goto fail;
    }
    set_pruning(x, nested);

    /* Canonical order of the finest classes, and each entry's position in it. */
    x->order = ctx_alloc(x, sizeof(uint32_t), x->nf);
    pos = ctx_alloc(x, sizeof(uint32_t), x->nf);
    if (x->order == NULL || pos == NULL) {
        goto nomem;
    }
    for (e = 0; e < x->nf; e++) {
        x->order[e] = (uint32_t)e;
    }
    msort(x->order, pos, x->nf, cmp_tuple, c);
    for (i = 0; i < x->nf; i++) {
        pos[x->order[i]] = (uint32_t)i;
    }

    for (q = 0; q < x->nqi; q++) {
        x->q[q].f0 = ctx_alloc(x, sizeof(uint64_t), x->q[q].values);
        x->q[q].fl = ctx_alloc(x, sizeof(uint64_t), x->q[q].values);
        x->q[q].rf = ctx_alloc(x, sizeof(uint64_t), x->q[q].values);
        if (x->q[q].f0 == NULL || x->q[q].fl == NULL || x->q[q].rf == NULL) {
            goto nomem;
        }
    }
    for (e = 0; e < x->nf; e++) {
        k = c->classes.keys + e * x->nqi;
        for (q = 0; q < x->nqi; q++) {
            x->q[q].f0[k[q]] += c->ccount[e];
        }
    }

    x->use_l = s->l_measure != ODP_RISK_LDIV_OFF;
    x->use_t = s->t_measure != ODP_RISK_T_OFF;
    if (x->use_l || (x->use_t && c->o.t_same_as_l)) {
        if (build_hist(x, &x->hl, &c->sl, pos) != 0) {
            goto nomem;
        }
    }
    if (x->use_t && !c->o.t_same_as_l) {
        if (build_hist(x, &x->ht, &c->st, pos) != 0) {
            goto nomem;
        }
    }
    if (x->use_l) {
        rc = build_sens(x, &x->sl, &x->hl, &c->sl, NULL, 0, err);
        if (rc < 0) {
            goto fail;
        }
    }
    if (x->use_t) {
        rc = build_sens(
            x, &x->st, c->o.t_same_as_l ? &x->hl : &x->ht, c->o.t_same_as_l ? &c->sl : &c->st,
            s->t_measure == ODP_RISK_T_ORDERED ? s->t_order : NULL, s->t_order_len, err);
        if (rc < 0) {
            goto fail;
        }
    }
    CTX_FREE(x, pos, sizeof(uint32_t), x->nf);
    pos = NULL;

    /* Node scratch: a node never has more classes than the finest level. */
    x->gsize = ctx_alloc(x, sizeof(uint64_t), x->nf);
    x->gen_of = ctx_alloc(x, sizeof(uint32_t), x->nf);
    x->goff = ctx_alloc(x, sizeof(size_t), x->nf + 1);
    x->gmem = ctx_alloc(x, sizeof(uint32_t), x->nf);
    x->gflag = ctx_alloc(x, 1, x->nf);
    x->lval = ctx_alloc(x, sizeof(double), x->nf);
    x->tval = ctx_alloc(x, sizeof(double), x->nf);
    x->gpop = ctx_alloc(x, sizeof(uint64_t), x->nf);
    if (odp_tab_reserve(&x->gtab, x->nf == 0 ? 1 : x->nf, &x->bytes) != 0 || x->gsize == NULL ||
        x->gen_of == NULL || x->goff == NULL || x->gmem == NULL || x->gflag == NULL ||
        x->lval == NULL || x->tval == NULL || x->gpop == NULL) {
        goto nomem;
    }
    if (s->pop != NULL) {
        npop = s->pop->cells.n;
        x->pcount = ctx_alloc(x, sizeof(uint64_t), npop);
        if (odp_tab_reserve(&x->ptab, npop == 0 ? 1 : npop, &x->bytes) != 0 || x->pcount == NULL) {
            goto nomem;
        }
    }
    *out = x;
    return ODP_OK;

nomem:
    rc = odp_errf(err, ODP_ENOMEM, NULL, "risk: out of memory");
fail:
    if (parent != NULL) {
        CTX_FREE(x, parent, sizeof(uint32_t), maxv);
    }
    if (pos != NULL) {
        CTX_FREE(x, pos, sizeof(uint32_t), x->nf);
    }
    odp_risk_ctx_free(x);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* Per-class models                                                         */
/* ------------------------------------------------------------------------ */

/* Merges the histograms of node class g's finest classes into se->scratch. */
static size_t
merge_class(const struct odp_risk_ctx *x, struct sens *se, uint32_t g)
{
    const struct hist *h = se->h;
    size_t i, j, nt = 0;
    uint32_t f, id;

    for (i = x->goff[g]; i < x->goff[g + 1]; i++) {
        f = x->gmem[i];
        for (j = h->off[f]; j < h->off[f + 1]; j++) {
            id = h->ids[j];
            if (se->scratch[id] == 0) {
                se->touched[nt++] = id;
            }
            se->scratch[id] += h->cnt[j];
        }
    }
    return nt;
}

static void
clear_class(struct sens *se, size_t nt)
{
    size_t i;

    for (i = 0; i < nt; i++) {
        se->scratch[se->touched[i]] = 0;
    }
}

/*
 * l-diversity of the merged class: sets *val (distinct count, entropy, or the
 * r1 / tail ratio) and returns 1 when the class passes.
 */
static int
ldiv_class(const struct odp_risk_spec *s, struct sens *se, size_t nt, uint64_t size, double *val)
{
    size_t i, l;
    double sum = 0, h, cnt;
    uint64_t tail = 0;

    switch (s->l_measure) {
    case ODP_RISK_LDIV_DISTINCT:
        *val = (double)nt;
        return (double)nt >= s->l;
    case ODP_RISK_LDIV_ENTROPY:
        msort(se->touched, se->tmp, nt, cmp_value, NULL);
        for (i = 0; i < nt; i++) {
            cnt = (double)se->scratch[se->touched[i]];
            sum += cnt * log(cnt);
        }
        h = log((double)size) - sum / (double)size;
        *val = h;
        return h >= log(s->l) - ODP_RISK_EPS;
    case ODP_RISK_LDIV_RECURSIVE:
        for (i = 0; i < nt; i++) {
            se->desc[i] = se->scratch[se->touched[i]];
        }
        qsort(se->desc, nt, sizeof(uint64_t), cmp_u64_desc);
        l = (size_t)s->l;
        for (i = l - 1; i < nt; i++) {
            tail += se->desc[i];
        }
        *val = tail == 0 ? INFINITY : (double)se->desc[0] / (double)tail;
        return nt > 0 && (double)se->desc[0] < s->c * (double)tail;
    default:
        *val = 0;
        return 1;
    }
}

/* Sum over ranks [a, b) of |X - gcum[i] * size| (all exact). */
static struct odp_u128
emd_segment(const struct sens *se, size_t a, size_t b, struct odp_u128 xv, uint64_t size)
{
    struct odp_u128 r = {0, 0}, lo, hi;
    size_t l = a, h = b, mid;

    if (a >= b) {
        return r;
    }
    /* first i in [a, b) with gcum[i] * size >= X; gcum is strictly increasing */
    while (l < h) {
        mid = l + (h - l) / 2;
        if (odp_u128_cmp(odp_u128_mul(se->gcum[mid], size), xv) >= 0) {
            h = mid;
        } else {
            l = mid + 1;
        }
    }
    lo = odp_u128_sub(odp_u128_mul128(xv, l - a),
                      odp_u128_mul128(odp_u128_sub(se->gpre[l], se->gpre[a]), size));
    hi = odp_u128_sub(odp_u128_mul128(odp_u128_sub(se->gpre[b], se->gpre[l]), size),
                      odp_u128_mul128(xv, b - l));
    return odp_u128_add(lo, hi);
}

/* EMD between the merged class (touched, scratch) and the global distribution. */
static double
emd_class(const struct odp_risk_ctx *x, struct sens *se, size_t nt, uint64_t size)
{
    struct odp_u128 total = {0, 0}, a, b, denom;
    uint64_t n = x->rows, gsum = 0, cum = 0, cnt;
    size_t i, prev = 0, r;
    uint32_t id;

    if (x->s->t_measure == ODP_RISK_T_EQUAL) {
        for (i = 0; i < nt; i++) {
            id = se->touched[i];
            a = odp_u128_mul(se->scratch[id], n);
            b = odp_u128_mul(se->global[id], size);
            total = odp_u128_add(total,
                                 odp_u128_cmp(a, b) >= 0 ? odp_u128_sub(a, b) : odp_u128_sub(b, a));
            gsum += se->global[id];
        }
        total = odp_u128_add(total, odp_u128_mul(size, n - gsum));
        denom = odp_u128_mul128(odp_u128_mul(size, n), 2);
        return odp_u128_double(total) / odp_u128_double(denom);
    }
    if (se->m < 2) {
        return 0;
    }
    msort(se->touched, se->tmp, nt, cmp_by_key, se->rank);
    for (i = 0; i < nt; i++) {
        id = se->touched[i];
        r = se->rank[id];
        cnt = se->scratch[id];
        /* ranks [prev, r) see the cumulative class count before this value */
        total = odp_u128_add(total, emd_segment(se, prev, r, odp_u128_mul(cum, n), size));
        cum += cnt;
        prev = r;
    }
    /* the last rank's term is always 0: sums run over ranks 0..m-2 */
    total = odp_u128_add(total, emd_segment(se, prev, se->m - 1, odp_u128_mul(cum, n), size));
    denom = odp_u128_mul128(odp_u128_mul(size, n), (uint64_t)(se->m - 1));
    return odp_u128_double(total) / odp_u128_double(denom);
}

/* ------------------------------------------------------------------------ */
/* Node evaluation                                                          */
/* ------------------------------------------------------------------------ */

static void
model_init(struct odp_risk_model *m, int on, double required, double required_c)
{
    memset(m, 0, sizeof(*m));
    m->on = on;
    m->required = required;
    m->required_c = required_c;
}

/* Groups the finest classes by node class (CSR in goff/gmem). */
static void
group_members(struct odp_risk_ctx *x, size_t ng)
{
    size_t i, g;

    memset(x->goff, 0, (ng + 1) * sizeof(size_t));
    for (i = 0; i < x->nf; i++) {
        x->goff[x->gen_of[i] + 1]++;
    }
    for (g = 0; g < ng; g++) {
        x->goff[g + 1] += x->goff[g];
    }
    /* gpop doubles as the fill cursor; it is rewritten by the k-map step */
    for (g = 0; g < ng; g++) {
        x->gpop[g] = x->goff[g];
    }
    for (i = 0; i < x->nf; i++) {
        x->gmem[x->gpop[x->gen_of[i]]++] = (uint32_t)i;
    }
}

static void
population_at_node(struct odp_risk_ctx *x, size_t ng)
{
    const struct odp_risk_pop *p = x->s->pop;
    uint32_t key[ODP_RISK_MAX_QI];
    const uint32_t *ck, *gk;
    size_t e, q, g, pe;
    int ins;

    odp_tab_reset(&x->ptab);
    for (e = 0; e < p->cells.n; e++) {
        ck = p->cells.keys + e * x->nqi;
        for (q = 0; q < x->nqi; q++) {
            key[q] = p->named[q] ? x->lmap[q][ck[q]] : 0;
        }
        pe = odp_tab_put(&x->ptab, key, &ins);
        if (ins) {
            x->pcount[pe] = 0;
        }
        x->pcount[pe] += p->count[e];
    }
    for (g = 0; g < ng; g++) {
        gk = x->gtab.keys + g * x->nqi;
        for (q = 0; q < x->nqi; q++) {
            key[q] = p->named[q] ? gk[q] : 0;
        }
        pe = odp_tab_find(&x->ptab, key);
        x->gpop[g] = pe == SIZE_MAX ? 0 : x->pcount[pe];
    }
}

/* Non-uniform entropy of the node given which node classes are kept. */
static double
node_nue(struct odp_risk_ctx *x)
{
    const uint32_t *k;
    struct qi *qq;
    size_t i, q, f;
    uint32_t v;
    double loss = 0, n = (double)x->rows;

    for (q = 0; q < x->nqi; q++) {
        memset(x->q[q].rf, 0, x->q[q].values * sizeof(uint64_t));
        memset(x->q[q].fl, 0, x->q[q].values * sizeof(uint64_t));
    }
    for (i = 0; i < x->nf; i++) {
        if (x->gflag[x->gen_of[i]] != 0) {
            continue;
        }
        f = x->order[i];
        k = x->c->classes.keys + f * x->nqi;
        for (q = 0; q < x->nqi; q++) {
            x->q[q].rf[k[q]] += x->c->ccount[f];
        }
    }
    for (q = 0; q < x->nqi; q++) {
        qq = &x->q[q];
        for (v = 0; v < qq->values; v++) {
            qq->fl[x->lmap[q][v]] += qq->f0[v];
        }
        for (v = 0; v < qq->values; v++) {
            if (qq->f0[v] == 0) {
                continue;
            }
            if (qq->rf[v] > 0) {
                loss += (double)qq->rf[v] * log2((double)qq->fl[x->lmap[q][v]] / (double)qq->f0[v]);
            }
            if (qq->f0[v] > qq->rf[v]) {
                loss += (double)(qq->f0[v] - qq->rf[v]) * log2(n / (double)qq->f0[v]);
            }
        }
    }
    return loss;
}

int
odp_risk_ctx_eval(struct odp_risk_ctx *x, const uint32_t *levels, struct odp_risk_eval *ev,
                  int *mono_fail, struct odp_err *err)
{
    const struct odp_risk_spec *s = x->s;
    uint32_t tuple[ODP_RISK_MAX_QI];
    const uint32_t *k;
    size_t i, q, g, ng, nt, f;
    uint64_t size, mono_rows = 0, kept_rows = 0, kept_classes = 0, fpop;
    struct odp_u128 dm = {0, 0};
    double v, prec = 0, minf = 0, marketer = 0;
    unsigned fl;
    int ins, first = 1;

    x->have_node = 0;
    if (levels == NULL) {
        return odp_errf(err, ODP_EINVAL, NULL, "risk: node levels missing");
    }
    for (q = 0; q < x->nqi; q++) {
        if (levels[q] >= x->q[q].levels) {
            return odp_errf(err, ODP_EINVAL, NULL,
                            "risk: quasi-identifier %zu: level %lu beyond its hierarchy", q,
                            (unsigned long)levels[q]);
        }
        x->lmap[q] = x->q[q].map + (size_t)levels[q] * x->q[q].values;
        x->cur_levels[q] = levels[q];
    }
    memset(ev, 0, sizeof(*ev));
    ev->nqi = x->nqi;
    memcpy(ev->levels, levels, x->nqi * sizeof(uint32_t));
    ev->rows = x->rows;
    ev->suppression_allowed = x->allowed;
    model_init(&ev->k, s->k > 0, (double)s->k, 0);
    model_init(&ev->ldiv, s->l_measure != ODP_RISK_LDIV_OFF, s->l,
               s->l_measure == ODP_RISK_LDIV_RECURSIVE ? s->c : 0);
    model_init(&ev->tclose, s->t_measure != ODP_RISK_T_OFF, s->t, 0);
    model_init(&ev->kmap, s->k_map > 0, (double)s->k_map, 0);

    /* Roll the finest classes up into the node's classes. */
    odp_tab_reset(&x->gtab);
    for (i = 0; i < x->nf; i++) {
        f = x->order[i];
        k = x->c->classes.keys + f * x->nqi;
        for (q = 0; q < x->nqi; q++) {
            tuple[q] = x->lmap[q][k[q]];
        }
        g = odp_tab_put(&x->gtab, tuple, &ins);
        if (ins) {
            x->gsize[g] = 0;
        }
        x->gsize[g] += x->c->ccount[f];
        x->gen_of[i] = (uint32_t)g;
    }
    ng = x->gtab.n;
    ev->classes = ng;
    memset(x->gflag, 0, ng == 0 ? 1 : ng);

    if (s->k > 0) {
        for (g = 0; g < ng; g++) {
            if (x->gsize[g] < s->k) {
                x->gflag[g] |= F_K;
            }
        }
    }
    if (x->use_l || x->use_t) {
        group_members(x, ng);
        for (g = 0; g < ng; g++) {
            if (x->use_l) {
                nt = merge_class(x, &x->sl, (uint32_t)g);
                if (!ldiv_class(s, &x->sl, nt, x->gsize[g], &x->lval[g])) {
                    x->gflag[g] |= F_L;
                }
                clear_class(&x->sl, nt);
            }
            if (x->use_t) {
                nt = merge_class(x, &x->st, (uint32_t)g);
                x->tval[g] = emd_class(x, &x->st, nt, x->gsize[g]);
                if (!(x->tval[g] <= s->t)) {
                    x->gflag[g] |= F_T;
                }
                clear_class(&x->st, nt);
            }
        }
    }
    if (s->pop != NULL) {
        population_at_node(x, ng);
        if (s->k_map > 0) {
            for (g = 0; g < ng; g++) {
                if (x->gpop[g] < s->k_map) {
                    x->gflag[g] |= F_M;
                }
            }
        }
    }

    /* Suppression, per-model tallies, reached values and risks. */
    for (g = 0; g < ng; g++) {
        fl = x->gflag[g];
        size = x->gsize[g];
        if (fl & F_K) {
            ev->k.classes_failing++;
            ev->k.rows_failing += size;
        }
        if (fl & F_L) {
            ev->ldiv.classes_failing++;
            ev->ldiv.rows_failing += size;
        }
        if (fl & F_T) {
            ev->tclose.classes_failing++;
            ev->tclose.rows_failing += size;
        }
        if (fl & F_M) {
            ev->kmap.classes_failing++;
            ev->kmap.rows_failing += size;
        }
        if (fl & x->mono_mask) {
            mono_rows += size;
        }
        if (fl != 0) {
            ev->classes_suppressed++;
            ev->rows_suppressed += size;
            continue;
        }
        kept_rows += size;
        kept_classes++;
        dm = odp_u128_add(dm, odp_u128_mul(size, size));
        fpop = size;
        if (s->pop != NULL) {
            if (x->gpop[g] < size) {
                ev->risk.pop_undercounts++;
            } else {
                fpop = x->gpop[g];
            }
        }
        marketer += (double)size / (double)fpop;
        if (first) {
            ev->k.reached = (double)size;
            ev->ldiv.reached = x->use_l ? x->lval[g] : 0;
            ev->tclose.reached = x->use_t ? x->tval[g] : 0;
            ev->kmap.reached = s->pop != NULL ? (double)x->gpop[g] : 0;
            minf = (double)fpop;
            first = 0;
        } else {
            if ((double)size < ev->k.reached) {
                ev->k.reached = (double)size;
            }
            if (x->use_l) {
                v = x->lval[g];
                if (s->l_measure == ODP_RISK_LDIV_RECURSIVE ? v > ev->ldiv.reached
                                                            : v < ev->ldiv.reached) {
                    ev->ldiv.reached = v;
                }
            }
            if (x->use_t && x->tval[g] > ev->tclose.reached) {
                ev->tclose.reached = x->tval[g];
            }
            if (s->pop != NULL && (double)x->gpop[g] < ev->kmap.reached) {
                ev->kmap.reached = (double)x->gpop[g];
            }
            if ((double)fpop < minf) {
                minf = (double)fpop;
            }
        }
    }
    if (s->l_measure == ODP_RISK_LDIV_ENTROPY && !first) {
        ev->ldiv.reached = exp(ev->ldiv.reached);
    }
    if (!ev->kmap.on && s->pop == NULL) {
        ev->kmap.reached = 0;
    }
    if (!first) {
        ev->risk.prosecutor_max = 1.0 / ev->k.reached;
        ev->risk.prosecutor_avg = (double)kept_classes / (double)kept_rows;
        ev->risk.journalist_max = 1.0 / minf;
        ev->risk.marketer = marketer / (double)kept_rows;
    }
    ev->passes = ev->rows_suppressed <= x->allowed;

    /* Losses. */
    for (q = 0; q < x->nqi; q++) {
        if (x->q[q].levels > 1) {
            prec += (double)levels[q] / (double)(x->q[q].levels - 1);
        }
    }
    ev->loss[ODP_RISK_METRIC_PREC] = x->nqi > 0 ? prec / (double)x->nqi : 0;
    dm = odp_u128_add(dm, odp_u128_mul(ev->rows_suppressed, x->rows));
    ev->loss[ODP_RISK_METRIC_DM] = odp_u128_double(dm);
    ev->loss[ODP_RISK_METRIC_NUE] = node_nue(x);
    ev->loss[ODP_RISK_METRIC_AECS] =
        x->rows == 0
            ? 0
            : (double)x->rows / (double)(kept_classes + (ev->rows_suppressed > 0 ? 1u : 0u));
    if (mono_fail != NULL) {
        *mono_fail = mono_rows > x->allowed;
    }
    x->have_node = 1;
    return ODP_OK;
}

/* ------------------------------------------------------------------------ */
/* Node objects                                                             */
/* ------------------------------------------------------------------------ */

struct odp_risk_node {
    struct odp_risk_eval ev;
    size_t nqi;
    uint32_t values[ODP_RISK_MAX_QI];
    size_t off[ODP_RISK_MAX_QI];
    uint32_t *lmap; /* the node's level maps, concatenated */
    size_t nlmap;
    struct odp_tab failing; /* node tuples of suppressed classes */
    size_t bytes;
};

void
odp_risk_node_free(struct odp_risk_node *n)
{
    if (n == NULL) {
        return;
    }
    odp_tab_release(&n->failing, &n->bytes);
    odp_risk_release(n->lmap, &n->bytes, n->nlmap * sizeof(uint32_t));
    free(n);
}

struct odp_risk_node *
odp_risk_ctx_node(struct odp_risk_ctx *x, struct odp_err *err)
{
    struct odp_risk_node *n;
    size_t q, g, nfail = 0, tot = 0, b = 0;
    int ins;

    if (!x->have_node) {
        odp_errf(err, ODP_EINTERNAL, NULL, "risk: no node evaluated");
        return NULL;
    }
    n = odp_risk_resize(NULL, &b, 0, sizeof(*n));
    if (n == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "risk: out of memory");
        return NULL;
    }
    memset(n, 0, sizeof(*n));
    n->bytes = sizeof(*n);
    n->nqi = x->nqi;
    odp_tab_init(&n->failing, x->nqi);
    for (q = 0; q < x->nqi; q++) {
        n->values[q] = x->q[q].values;
        n->off[q] = tot;
        tot += x->q[q].values;
    }
    n->lmap = odp_risk_grow(NULL, &n->bytes, sizeof(uint32_t), 0, tot);
    if (n->lmap == NULL) {
        goto nomem;
    }
    n->nlmap = tot;
    for (q = 0; q < x->nqi; q++) {
        memcpy(n->lmap + n->off[q], x->lmap[q], x->q[q].values * sizeof(uint32_t));
    }
    for (g = 0; g < x->gtab.n; g++) {
        nfail += x->gflag[g] != 0;
    }
    if (odp_tab_reserve(&n->failing, nfail == 0 ? 1 : nfail, &n->bytes) != 0) {
        goto nomem;
    }
    for (g = 0; g < x->gtab.n; g++) {
        if (x->gflag[g] != 0) {
            odp_tab_put(&n->failing, x->gtab.keys + g * x->nqi, &ins);
        }
    }
    return n;

nomem:
    odp_risk_node_free(n);
    odp_errf(err, ODP_ENOMEM, NULL, "risk: out of memory");
    return NULL;
}

void
odp_risk_node_set_eval(struct odp_risk_node *n, const struct odp_risk_eval *ev)
{
    n->ev = *ev;
}

const struct odp_risk_eval *
odp_risk_node_eval(const struct odp_risk_node *n)
{
    return &n->ev;
}

int
odp_risk_node_suppressed(const struct odp_risk_node *n, const uint32_t *qi_ids)
{
    uint32_t tuple[ODP_RISK_MAX_QI];
    size_t q;

    if (n == NULL || qi_ids == NULL) {
        return ODP_EINVAL;
    }
    for (q = 0; q < n->nqi; q++) {
        if (qi_ids[q] >= n->values[q]) {
            return ODP_EINVAL;
        }
        tuple[q] = n->lmap[n->off[q] + qi_ids[q]];
    }
    return odp_tab_find(&n->failing, tuple) != SIZE_MAX;
}

int
odp_risk_node_suppressed_gen(const struct odp_risk_node *n, const uint32_t *gen_ids)
{
    if (n == NULL || gen_ids == NULL) {
        return ODP_EINVAL;
    }
    return odp_tab_find(&n->failing, gen_ids) != SIZE_MAX;
}

/* ------------------------------------------------------------------------ */
/* Public one-node entry points                                             */
/* ------------------------------------------------------------------------ */

int
odp_risk_evaluate(const struct odp_risk_counts *c, const struct odp_risk_spec *s,
                  const uint32_t *levels, struct odp_risk_eval *eval, struct odp_err *err)
{
    struct odp_risk_ctx *x = NULL;
    int rc;

    if (eval == NULL) {
        return odp_errf(err, ODP_EINVAL, NULL, "risk: result missing");
    }
    rc = odp_risk_ctx_new(c, s, &x, err);
    if (rc < 0) {
        return rc;
    }
    rc = odp_risk_ctx_eval(x, levels, eval, NULL, err);
    odp_risk_ctx_free(x);
    return rc;
}

struct odp_risk_node *
odp_risk_node_new(const struct odp_risk_counts *c, const struct odp_risk_spec *s,
                  const uint32_t *levels, struct odp_err *err)
{
    struct odp_risk_ctx *x = NULL;
    struct odp_risk_node *n = NULL;
    struct odp_risk_eval ev;

    if (odp_risk_ctx_new(c, s, &x, err) < 0) {
        return NULL;
    }
    if (odp_risk_ctx_eval(x, levels, &ev, NULL, err) == ODP_OK) {
        n = odp_risk_ctx_node(x, err);
        if (n != NULL) {
            n->ev = ev;
        }
    }
    odp_risk_ctx_free(x);
    return n;
}
