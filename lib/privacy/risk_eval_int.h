/*
 * risk_eval_int.h - the evaluation context shared by risk_eval.c (spec checks, the
 * context: canonical class order, sensitive lists, scratch) and risk_node.c (judging
 * one node: roll-up, per-class models, losses, node objects). Internal to lib/privacy.
 */
#ifndef ODP_RISK_EVAL_INT_H
#define ODP_RISK_EVAL_INT_H

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

typedef int (*odp_risk_cmp_fn)(uint32_t a, uint32_t b, const void *ctx);

/* Stable merge sort of n ids with a context comparator; tmp holds n ids. */
void odp_risk_msort(uint32_t *a, uint32_t *tmp, size_t n, odp_risk_cmp_fn cmp, const void *ctx);
/* Orders ids by key[id], then by id (ctx is the uint32_t key array). */
int odp_risk_cmp_by_key(uint32_t a, uint32_t b, const void *ctx);

#endif
