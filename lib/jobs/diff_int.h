/*
 * diff_int.h - what diff.c shares with diff_count.c (internal).
 */
#ifndef ODP_DIFF_INT_H
#define ODP_DIFF_INT_H

#include <stddef.h>

#include "history.h"
#include "odp/diff.h"
#include "policy.h"

/* The two releases being compared, the baseline, and the result being filled. */
struct cmpctx {
    const struct odp_pkgview *old, *cur;
    const struct odp_policy *baseline;
    struct odp_diff_result *res;
};

void odp_diff_strv_free(char **v, size_t n);
void odp_diff_classes_free(struct odp_diff_class *c, size_t n, size_t nv);

/* Quasi-identifier classes (res->k, qi, classes...) and small cells (res->threshold,
 * cell_by, cells...) of the two releases; ODP_OK or an error in err. */
int odp_diff_classes(struct cmpctx *x, const struct odp_diff_opts *o, struct odp_err *err);
int odp_diff_cells(struct cmpctx *x, const struct odp_diff_opts *o, struct odp_err *err);

#endif
