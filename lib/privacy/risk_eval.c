/*
 * risk_eval.c - the evaluation context: spec checks and the finest classes laid out.
 *
 * A context (struct odp_risk_ctx) is built once per evaluate or search call: it
 * validates the spec against the counts, lays the finest classes out in a
 * canonical order (sorted by tuple) so every later sum runs in an order that does
 * not depend on how rows arrived or counts were merged, turns the sensitive pair
 * tables into per-class lists, and allocates every scratch array a node needs.
 * Evaluating a node (risk_node.c) then allocates nothing.
 *
 * Exactness: t-closeness works on integers (EMD * (m-1) * size * rows, or
 * 2 * size * rows, is an integer) in 128-bit arithmetic and is divided once at
 * the end, so the verdict is the correctly rounded one; entropy uses doubles with
 * the slack ODP_RISK_EPS. Messages never hold ids.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "risk_eval_int.h"

/* ------------------------------------------------------------------------ */
/* Sorting with a context (qsort has none)                                  */
/* ------------------------------------------------------------------------ */

void
odp_risk_msort(uint32_t *a, uint32_t *tmp, size_t n, odp_risk_cmp_fn cmp, const void *ctx)
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

int
odp_risk_cmp_by_key(uint32_t a, uint32_t b, const void *ctx)
{
    const uint32_t *key = ctx;

    if (key[a] != key[b]) {
        return key[a] < key[b] ? -1 : 1;
    }
    return a < b ? -1 : (a > b ? 1 : 0);
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
        odp_risk_msort(present, se->tmp, m, odp_risk_cmp_by_key, order);
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
    odp_risk_msort(x->order, pos, x->nf, cmp_tuple, c);
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
