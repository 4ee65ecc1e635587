/*
 * risk_search.c - full-domain generalisation search over the lattice.
 *
 * Nodes are level vectors numbered in mixed radix with QI 0 most significant, so
 * node numbers sort like level vectors (the last tie-break). Every node ends up
 * known: evaluated (its classes rolled up) or pruned by a monotonicity argument
 * the spec allows (risk_eval.c decides which, risk.h explains why). The search
 * never guesses: when nothing may be pruned it evaluates every node.
 *
 * Memory: one status byte per node kept in the result; a loss double, a stack
 * entry and an order entry per node during the search. max_nodes caps them all.
 */
#include <stdlib.h>
#include <string.h>

#include "risk_int.h"

#define S_KNOWN 1u
#define S_PASS 2u
#define S_EVAL 4u
#define S_MIN 8u

struct odp_risk_result {
    struct odp_risk_search_stats st;
    struct odp_risk_eval before;
    struct odp_risk_node *node;
    size_t nqi;
    uint32_t L[ODP_RISK_MAX_QI];
    size_t stride[ODP_RISK_MAX_QI];
    unsigned char *status;
    size_t nnodes;
    size_t bytes;
};

/* Search-time state beside the result. */
struct walk {
    struct odp_risk_ctx *x;
    struct odp_risk_result *r;
    int metric;
    double *loss;
    uint32_t *stack;
    struct odp_risk_eval ev;
    size_t tmp_bytes;
};

static uint32_t
level_of(const struct odp_risk_result *r, size_t node, size_t q)
{
    return (uint32_t)((node / r->stride[q]) % r->L[q]);
}

static void
decode(const struct odp_risk_result *r, size_t node, uint32_t *lv)
{
    size_t q;

    for (q = 0; q < r->nqi; q++) {
        lv[q] = level_of(r, node, q);
    }
}

static size_t
height(const struct odp_risk_result *r, size_t node)
{
    size_t q, h = 0;

    for (q = 0; q < r->nqi; q++) {
        h += level_of(r, node, q);
    }
    return h;
}

/*
 * Marks every unknown node reachable coarser (up = 1) or finer (up = 0) from
 * `node` as passing or failing. Known nodes stop the walk: a pruned node's own
 * up- or down-set was marked when it was pruned, an evaluated one's when it was
 * evaluated.
 */
static void
propagate(struct walk *w, size_t node, int up)
{
    struct odp_risk_result *r = w->r;
    size_t top = 0, u, v, q;
    uint32_t l;

    w->stack[top++] = (uint32_t)node;
    while (top > 0) {
        u = w->stack[--top];
        for (q = 0; q < r->nqi; q++) {
            l = level_of(r, u, q);
            if (up ? l + 1 >= r->L[q] : l == 0) {
                continue;
            }
            v = up ? u + r->stride[q] : u - r->stride[q];
            if (r->status[v] & S_KNOWN) {
                continue;
            }
            r->status[v] = up ? (S_KNOWN | S_PASS) : S_KNOWN;
            w->stack[top++] = (uint32_t)v;
        }
    }
}

static int
evaluate(struct walk *w, size_t node, struct odp_err *err)
{
    uint32_t lv[ODP_RISK_MAX_QI];
    int rc, mono_fail = 0;
    int pruning = odp_risk_ctx_pruning(w->x);

    decode(w->r, node, lv);
    rc = odp_risk_ctx_eval(w->x, lv, &w->ev, &mono_fail, err);
    if (rc < 0) {
        return rc;
    }
    w->r->st.nodes_evaluated++;
    w->loss[node] = w->ev.loss[w->metric];
    w->r->status[node] = S_KNOWN | S_EVAL | (w->ev.passes ? S_PASS : 0);
    if (w->ev.passes && pruning == 2) {
        propagate(w, node, 1);
    }
    if (!w->ev.passes && mono_fail && pruning >= 1) {
        propagate(w, node, 0);
    }
    return ODP_OK;
}

/* Node numbers sorted by height (ascending or descending), then by number. */
static void
order_by_height(const struct odp_risk_result *r, uint32_t *order, size_t *cnt, size_t maxh,
                int ascending)
{
    size_t i, h, pos;

    memset(cnt, 0, (maxh + 2) * sizeof(size_t));
    for (i = 0; i < r->nnodes; i++) {
        h = height(r, i);
        cnt[(ascending ? h : maxh - h) + 1]++;
    }
    for (h = 0; h <= maxh; h++) {
        cnt[h + 1] += cnt[h];
    }
    for (i = 0; i < r->nnodes; i++) {
        h = height(r, i);
        pos = cnt[ascending ? h : maxh - h]++;
        order[pos] = (uint32_t)i;
    }
}

/*
 * Both directions prune: from each unknown node (lowest first) follow a chain of
 * unknown coarser nodes and binary-search it for its first passing node (verdicts
 * along a chain are monotone). Every evaluation prunes its up- or down-set, so
 * every chain node is known when the binary search ends.
 */
static int
walk_chains(struct walk *w, const uint32_t *order, uint32_t *path, struct odp_err *err)
{
    struct odp_risk_result *r = w->r;
    size_t i, len, q, cur, mid;
    long l, h;
    int moved, rc;

    for (i = 0; i < r->nnodes; i++) {
        if (r->status[order[i]] & S_KNOWN) {
            continue;
        }
        cur = order[i];
        len = 0;
        path[len++] = (uint32_t)cur;
        do {
            moved = 0;
            for (q = 0; q < r->nqi; q++) {
                if (level_of(r, cur, q) + 1 < r->L[q] &&
                    !(r->status[cur + r->stride[q]] & S_KNOWN)) {
                    cur += r->stride[q];
                    path[len++] = (uint32_t)cur;
                    moved = 1;
                    break;
                }
            }
        } while (moved);
        l = 0;
        h = (long)len - 1;
        while (l <= h) {
            mid = (size_t)(l + (h - l) / 2);
            if (!(r->status[path[mid]] & S_KNOWN)) {
                rc = evaluate(w, path[mid], err);
                if (rc < 0) {
                    return rc;
                }
            }
            if (r->status[path[mid]] & S_PASS) {
                h = (long)mid - 1;
            } else {
                l = (long)mid + 1;
            }
        }
    }
    return ODP_OK;
}

/* Only failures prune (downwards): go top-down so each failure prunes most. */
static int
walk_top_down(struct walk *w, const uint32_t *order, struct odp_err *err)
{
    size_t i;
    int rc;

    for (i = 0; i < w->r->nnodes; i++) {
        if (w->r->status[order[i]] & S_KNOWN) {
            continue;
        }
        rc = evaluate(w, order[i], err);
        if (rc < 0) {
            return rc;
        }
    }
    return ODP_OK;
}

/* Global search: the loss of every passing node, pruned ones too (evaluated now). */
static int
eval_passing(struct walk *w, struct odp_err *err)
{
    size_t i;
    int rc;

    for (i = 0; i < w->r->nnodes; i++) {
        if ((w->r->status[i] & S_PASS) && !(w->r->status[i] & S_EVAL)) {
            rc = evaluate(w, i, err);
            if (rc < 0) {
                return rc;
            }
            if (!(w->r->status[i] & S_PASS)) { /* pruning is sound: never */
                return odp_errf(err, ODP_EINTERNAL, NULL,
                                "risk search: a node judged passing fails when evaluated");
            }
        }
    }
    return ODP_OK;
}

/* Marks minimal passing nodes and returns the best one (SIZE_MAX if none): the least
 * loss among the minimal ones, or with global search among every passing node; ties go
 * to the lower node (fewer levels), then the lower number. */
static size_t
pick(struct walk *w, int global)
{
    struct odp_risk_result *r = w->r;
    size_t i, q, best = SIZE_MAX, bh = 0, h;
    int minimal;

    for (i = 0; i < r->nnodes; i++) {
        if (!(r->status[i] & S_PASS)) {
            continue;
        }
        r->st.nodes_passing++;
        minimal = 1;
        for (q = 0; q < r->nqi && minimal; q++) {
            if (level_of(r, i, q) > 0 && (r->status[i - r->stride[q]] & S_PASS)) {
                minimal = 0;
            }
        }
        if (minimal) { /* pruned passing nodes always have a passing finer neighbour */
            r->status[i] |= S_MIN;
            r->st.nodes_minimal++;
        } else if (!global) {
            continue;
        }
        h = height(r, i);
        if (best == SIZE_MAX || w->loss[i] < w->loss[best] ||
            (w->loss[i] == w->loss[best] && h < bh)) {
            best = i;
            bh = h;
        }
    }
    return best;
}

void
odp_risk_result_free(struct odp_risk_result *r)
{
    if (r == NULL) {
        return;
    }
    odp_risk_node_free(r->node);
    odp_risk_release(r->status, &r->bytes, r->nnodes);
    free(r);
}

int
odp_risk_search(const struct odp_risk_counts *c, const struct odp_risk_spec *s,
                struct odp_risk_result **out, struct odp_err *err)
{
    struct walk w;
    struct odp_risk_result *r = NULL;
    uint32_t *order = NULL, *path = NULL, lv[ODP_RISK_MAX_QI];
    size_t *cnt = NULL, q, n = 1, maxh = 0, best, b0 = 0;
    int rc;

    memset(&w, 0, sizeof(w));
    if (out == NULL) {
        return odp_errf(err, ODP_EINVAL, NULL, "risk search: result missing");
    }
    *out = NULL;
    if (s != NULL && (s->max_nodes == 0 || s->max_nodes > ODP_RISK_MAX_NODES_CEILING)) {
        return odp_errf(err, ODP_EINVAL, NULL, "risk spec: max_nodes must be 1..%zu",
                        ODP_RISK_MAX_NODES_CEILING);
    }
    rc = odp_risk_ctx_new(c, s, &w.x, err);
    if (rc < 0) {
        return rc;
    }
    for (q = 0; q < s->nqi; q++) {
        if (odp_risk_ctx_levels(w.x, q) > s->max_nodes / n) {
            rc = odp_errf(err, ODP_ELIMIT, NULL,
                          "risk search: the generalisation lattice has more than %zu nodes",
                          s->max_nodes);
            goto out;
        }
        n *= odp_risk_ctx_levels(w.x, q);
        maxh += odp_risk_ctx_levels(w.x, q) - 1;
    }
    r = odp_risk_resize(NULL, &b0, 0, sizeof(*r));
    if (r == NULL) {
        goto nomem;
    }
    memset(r, 0, sizeof(*r));
    r->bytes = sizeof(*r);
    r->nqi = s->nqi;
    r->nnodes = n;
    for (q = s->nqi; q-- > 0;) {
        r->L[q] = odp_risk_ctx_levels(w.x, q);
        r->stride[q] = q + 1 == s->nqi ? 1 : r->stride[q + 1] * r->L[q + 1];
    }
    r->status = odp_risk_grow(NULL, &r->bytes, 1, 0, n);
    w.loss = odp_risk_grow(NULL, &w.tmp_bytes, sizeof(double), 0, n);
    w.stack = odp_risk_grow(NULL, &w.tmp_bytes, sizeof(uint32_t), 0, n);
    order = odp_risk_grow(NULL, &w.tmp_bytes, sizeof(uint32_t), 0, n);
    path = odp_risk_grow(NULL, &w.tmp_bytes, sizeof(uint32_t), 0, maxh + 1);
    cnt = odp_risk_grow(NULL, &w.tmp_bytes, sizeof(size_t), 0, maxh + 2);
    if (r->status == NULL || w.loss == NULL || w.stack == NULL || order == NULL || path == NULL ||
        cnt == NULL) {
        goto nomem;
    }
    memset(r->status, 0, n);
    w.r = r;
    w.metric = s->metric;
    r->st.nodes_total = n;
    r->st.pruning = odp_risk_ctx_pruning(w.x);

    if (r->st.pruning == 2) {
        order_by_height(r, order, cnt, maxh, 1);
        rc = walk_chains(&w, order, path, err);
    } else {
        order_by_height(r, order, cnt, maxh, 0);
        rc = walk_top_down(&w, order, err);
    }
    if (rc < 0) {
        goto out;
    }
    if (s->global) {
        rc = eval_passing(&w, err);
        if (rc < 0) {
            goto out;
        }
    }
    r->st.nodes_pruned = r->st.nodes_total - r->st.nodes_evaluated;
    best = pick(&w, s->global);

    /* Before (bottom node), then the chosen node last so its classes stay in ctx. */
    memset(lv, 0, sizeof(lv));
    rc = odp_risk_ctx_eval(w.x, lv, &r->before, NULL, err);
    if (rc < 0) {
        goto out;
    }
    if (best != SIZE_MAX) {
        r->st.found = 1;
        decode(r, best, lv);
        rc = odp_risk_ctx_eval(w.x, lv, &w.ev, NULL, err);
        if (rc < 0) {
            goto out;
        }
        r->node = odp_risk_ctx_node(w.x, err);
        if (r->node == NULL) {
            rc = err != NULL && err->code < 0 ? err->code : ODP_ENOMEM;
            goto out;
        }
        odp_risk_node_set_eval(r->node, &w.ev);
    }
    rc = ODP_OK;
    goto out;

nomem:
    rc = odp_errf(err, ODP_ENOMEM, NULL, "risk search: out of memory");
out:
    odp_risk_release(w.loss, &w.tmp_bytes, n * sizeof(double));
    odp_risk_release(w.stack, &w.tmp_bytes, n * sizeof(uint32_t));
    odp_risk_release(order, &w.tmp_bytes, n * sizeof(uint32_t));
    odp_risk_release(path, &w.tmp_bytes, (maxh + 1) * sizeof(uint32_t));
    odp_risk_release(cnt, &w.tmp_bytes, (maxh + 2) * sizeof(size_t));
    odp_risk_ctx_free(w.x);
    if (rc < 0) {
        odp_risk_result_free(r);
        return rc;
    }
    *out = r;
    return ODP_OK;
}

const struct odp_risk_search_stats *
odp_risk_result_stats(const struct odp_risk_result *r)
{
    return &r->st;
}

const struct odp_risk_eval *
odp_risk_result_before(const struct odp_risk_result *r)
{
    return &r->before;
}

const struct odp_risk_node *
odp_risk_result_node(const struct odp_risk_result *r)
{
    return r->node;
}

int
odp_risk_result_node_status(const struct odp_risk_result *r, const uint32_t *levels)
{
    size_t q, node = 0;
    int flags = 0;

    if (r == NULL || levels == NULL) {
        return ODP_EINVAL;
    }
    for (q = 0; q < r->nqi; q++) {
        if (levels[q] >= r->L[q]) {
            return ODP_EINVAL;
        }
        node += levels[q] * r->stride[q];
    }
    if (r->status[node] & S_PASS) {
        flags |= ODP_RISK_NODE_PASS;
    }
    if (r->status[node] & S_EVAL) {
        flags |= ODP_RISK_NODE_EVALUATED;
    }
    if (r->status[node] & S_MIN) {
        flags |= ODP_RISK_NODE_MINIMAL;
    }
    return flags;
}
