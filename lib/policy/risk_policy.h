/*
 * risk_policy.h - the risk-model keys of a policy's `privacy:` section (docs/PRIVACY.md):
 * l_diversity, t_closeness, population (k-map), generalize: auto, hierarchies,
 * max_suppression and loss_metric. Parsed by parse_risk.c, written back by
 * odp_pol_write_risk, applied by lib/privacy/risk_release.c.
 *
 * Merge across `extends`: each key a child sets replaces the parent's (a hierarchy
 * replaces the parent's hierarchy of the same column).
 */
#ifndef ODP_RISK_POLICY_H
#define ODP_RISK_POLICY_H

#include <stddef.h>
#include <stdint.h>

struct odp_colrule;
struct odp_out;

enum odp_ldiv_measure {
    ODP_LDIV_NONE = 0,
    ODP_LDIV_DISTINCT, /* at least l distinct sensitive values per class */
    ODP_LDIV_ENTROPY,  /* entropy of the class's sensitive values >= log(l) */
    ODP_LDIV_RECURSIVE /* (c,l): r1 < c * (r_l + ... + r_m) */
};

/* One quasi-identifier's levels, finer to coarser; level 0 is the column's own rule. */
struct odp_risk_hierarchy {
    char *column;
    struct odp_colrule *levels; /* levels 1..nlevels: generalize rules */
    size_t nlevels;
    uint64_t line, col;
};

struct odp_risk_policy {
    /* l_diversity */
    char *l_sensitive; /* NULL = off */
    enum odp_ldiv_measure l_measure;
    double l, l_c;
    uint64_t l_line, l_col;
    /* t_closeness */
    char *t_sensitive; /* NULL = off */
    double t;
    char **t_order; /* ordered categories, lowest first; may be NULL */
    size_t nt_order;
    uint64_t t_line, t_col;
    /* population: k-map and journalist / marketer risk */
    char *pop_file;       /* as written; relative to pop_base */
    const char *pop_base; /* policy file it came from (owned by the policy) */
    char **pop_by;
    size_t npop_by;
    char *pop_count;
    uint32_t pop_k; /* k-map's k; 0 = privacy.k */
    uint64_t pop_line, pop_col;
    /* generalize: auto */
    int gen_auto;
    uint64_t gen_line, gen_col;
    struct odp_risk_hierarchy *hier;
    size_t nhier;
    int has_max_suppression;
    double max_suppression; /* share of rows, [0, 1] */
    char *loss_metric;      /* "nue" (default), "prec", "dm", "aecs" */
    char *search;           /* "minimal" (default): the least-loss minimal node;
                               "global": the least-loss passing node of the lattice */
};

void odp_risk_policy_free(struct odp_risk_policy *r);

/* Writes the keys under `privacy:` (two-space indent), deterministic. */
void odp_pol_write_risk(struct odp_out *o, const struct odp_risk_policy *r);

#endif
