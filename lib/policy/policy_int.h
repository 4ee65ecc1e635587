/*
 * policy_int.h - what the parts of the policy loader share (internal to policy/):
 * parse.c turns one file's YAML tree into a layer, merge.c merges layers (parents first,
 * then the child), load.c reads files and follows `extends`.
 */
#ifndef ODP_POLICY_INT_H
#define ODP_POLICY_INT_H

#include <stddef.h>
#include <stdint.h>

#include "policy.h"
#include "ytree.h"

enum {
    SET_NAME = 1u << 0,
    SET_DEFAULT = 1u << 1,
    SET_K = 1u << 2,
    SET_VIOL = 1u << 3,
    SET_SC_THRESH = 1u << 4,
    SET_SC_COMP = 1u << 5,
    SET_SC_MARKER = 1u << 6,
    SET_QI = 1u << 7,
};

/* A policy as one file (or a merge of files) gives it; `set` says which scalars it sets. */
struct odp_pol_layer {
    struct odp_policy p;
    unsigned set;
};

struct odp_pol_ext {
    char *name;
    uint64_t line, col;
};

/* Releases what a rule, a string vector, a condition, a baseline category or a whole
 * policy owns (the struct itself is the caller's). */
void odp_pol_colrule_release(struct odp_colrule *r);
void odp_pol_strv_free(char **v, size_t n);
void odp_pol_cond_release(struct odp_cond *d);
void odp_pol_cat_release(struct odp_baseline_cat *b);
void odp_pol_release(struct odp_policy *p);

/*
 * Parses one file's tree into layer L: every top-level section against the schema of
 * docs/POLICY.md. The `extends` entries are returned in *exts (nexts of them) for the
 * loader to follow.
 */
int odp_pol_parse_top(struct odp_yctx *c, const struct odp_ynode *root, struct odp_pol_layer *L,
                      struct odp_pol_ext **exts, size_t *nexts);

/*
 * Merges src into dst (docs/POLICY.md): a column rule of src replaces dst's rule for the
 * same column, scalars src sets win, lists are concatenated without duplicates, the
 * larger k wins. src is emptied (what it owned moves to dst or is freed).
 */
int odp_pol_merge(struct odp_pol_layer *dst, struct odp_pol_layer *src);

/* parse_risk.c: a risk-model key of `privacy:` (ODP_OK, negative error, or 1 when `k` is
 * not one of them), and the merge of those keys. */
int odp_pol_parse_risk(struct odp_yctx *c, const struct odp_ynode *k, const struct odp_ynode *v,
                       struct odp_policy *p);
int odp_pol_merge_risk(struct odp_policy *dst, struct odp_policy *src);

/* Grows *arr (n elements of `size` bytes) by one element. 0, or -1 when out of memory. */
int odp_pol_grow(void **arr, size_t n, size_t size);

#endif
