/*
 * risk_node.c - judging one lattice node from the evaluation context (risk_eval.c).
 *
 * Evaluating a node allocates nothing: it rolls the finest classes up into the
 * node's classes (sum counts, merge histograms), judges each class on each model,
 * and sums losses and risks. t-closeness works on integers in 128-bit arithmetic and
 * is divided once at the end; entropy uses doubles with the slack ODP_RISK_EPS.
 * Messages never hold ids.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "risk_eval_int.h"

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
        odp_risk_msort(se->touched, se->tmp, nt, cmp_value, NULL);
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
    odp_risk_msort(se->touched, se->tmp, nt, odp_risk_cmp_by_key, se->rank);
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
