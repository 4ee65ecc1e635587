/*
 * dp_policy.h - `privacy.differential_privacy` as loaded (parse_dp.c; docs/PRIVACY-MODELS.md).
 *
 *   privacy:
 *     differential_privacy:
 *       columns: [count]            # integer count columns that get noise
 *       contribution: 1             # most one person adds to one cell (default 1)
 *       cells_per_person: 1         # most cells of one column one person is in (default 1)
 *       epsilon: 0.5                # spent by this release (exact decimal)
 *       mechanism: discrete_laplace # or discrete_gaussian, which needs delta
 *       delta: 1e-6
 *       clamp: true                 # post-processing: a noisy count below 0 becomes 0
 *       totals: {column: borough, value: CITYWIDE, by: [indicator, month]}   # optional
 *       budget: {ledger: file:budget.json, total_epsilon: 2.0}
 *
 * Numbers are kept as the text written (for write-back and reports) and as exact
 * reduced rationals num/den. The block is replaced whole by a child policy (no merge of
 * its keys). The noise key is `keys.noise` (keyring.c loads it when this block exists).
 */
#ifndef ODP_DP_POLICY_H
#define ODP_DP_POLICY_H

#include <stddef.h>
#include <stdint.h>

enum odp_dp_mechanism { ODP_DP_LAPLACE = 1, ODP_DP_GAUSSIAN };

struct odp_dp_policy {
    char **columns;
    size_t ncolumns;
    uint32_t contribution;     /* default 1 */
    uint32_t cells_per_person; /* default 1 */
    enum odp_dp_mechanism mechanism;
    char *epsilon; /* text as written; NULL = missing */
    uint64_t eps_num, eps_den;
    char *delta; /* NULL for discrete_laplace */
    uint64_t delta_num, delta_den;
    int clamp; /* default 1 */
    /* totals: rows whose `total_column` holds `total_value` are the totals of the rows
       sharing their `totals_by` values (consistency post-processing); NULL = off */
    char **totals_by;
    size_t ntotals_by;
    char *total_column, *total_value;
    /* budget */
    char *ledger;        /* "file:PATH" (relative to the policy file); NULL = none */
    char *total_epsilon; /* text; NULL = none */
    uint64_t total_num, total_den;
    const char *path;   /* policy file the block came from (owned by the policy) */
    uint64_t line, col; /* position of the `differential_privacy` key */
    uint64_t ledger_line, ledger_col;
};

/* Frees the block and everything it owns. NULL is a no-op. */
void odp_dp_policy_free(struct odp_dp_policy *d);

#endif
