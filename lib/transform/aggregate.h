/*
 * aggregate.h - an indicator table instead of rows (`aggregate:` in the policy).
 *
 * The rows that would be published (after drop_when, the column actions and k-anonymity)
 * are folded into one state per group of `by` values; at the end one row per group is
 * written, groups in byte order of their `by` values, the `by` columns then the measures
 * in policy order. Memory grows with the number of groups, never with rows:
 *
 *   count            rows in the group
 *   count_distinct   distinct non-empty values: exact (a set of 64-bit hashes) up to
 *                    384 per group (the set switches when a new value would grow it past
 *                    512 slots), then HyperLogLog with 2^12 registers (standard error
 *                    1.6 %)
 *   sum, mean        non-empty values; integers summed exactly in 128 bits, decimals
 *                    exactly (a fixed-point sum over the double range, rounded once);
 *                    mean and decimal sums to `decimals` places
 *   median, quantile nearest rank (the ceil(q*n)-th smallest non-empty value): exact from
 *                    a histogram of values while they are integers with at most
 *                    ODP_AGG_HIST_EXACT distinct values per group (days, hours, ages);
 *                    otherwise a log-bucket sketch (DDSketch) with relative error at
 *                    most ODP_AGG_SKETCH_ALPHA, at most ODP_AGG_SKETCH_BINS buckets
 *   share            rows whose value is one of `in`, over the rows of the group
 * Which method each measure used is reported (odp_agg_measures).
 *
 * Small cells (privacy.small_cells, its `columns` naming count measures): a count below
 * the threshold is suppressed (primary), with `complementary` one more cell per `by`
 * partition when a partition has exactly one; a group whose count is suppressed blanks
 * all its measures, and any other measure computed from fewer than `threshold` values
 * is blanked (a median of 3 people is suppressed like a count of 3).
 */
#ifndef ODP_AGGREGATE_H
#define ODP_AGGREGATE_H

#include <stddef.h>
#include <stdint.h>

#include "odp/err.h"
#include "plan.h"
#include "policy.h"
#include "table.h"

#define ODP_AGG_MAX_GROUPS (4u << 20)
#define ODP_AGG_DISTINCT_EXACT 256
#define ODP_AGG_HIST_EXACT 1024
/* a histogram of integers within this many consecutive values is an array of counts */
#define ODP_AGG_HIST_DENSE 8192
#define ODP_AGG_SKETCH_BINS 1024
#define ODP_AGG_SKETCH_ALPHA 0.005

struct odp_agg;
struct odp_out;

struct odp_agg_stats {
    uint64_t rows;              /* rows folded in */
    uint64_t groups;            /* rows of the table */
    uint64_t groups_suppressed; /* groups whose count was suppressed (measures blanked) */
    uint64_t cells_primary, cells_complementary, cells_unprotected;
    uint64_t cells_blanked; /* other measure cells blanked (group suppressed or too few
                               values) */
    int small_cells;        /* small-cell rules applied */
};

struct odp_agg_measure_info {
    const char *name;
    const char *kind;   /* "count", "median", ... */
    const char *column; /* NULL for count */
    const char *method; /* "exact", "exact (histogram)", "sketch (relative error
                           <= 0.5%)", "hyperloglog (standard error 1.6%)", ... */
    double q;
};

/*
 * Binds p->dv.agg to the published columns hdr[0..n) (the plan's output header): every
 * `by` and measured column must be published, small_cells.columns must name count
 * measures and small_cells.by `by` columns. NULL + err (ODP_EPOLICY at the policy).
 */
struct odp_agg *odp_agg_new(const struct odp_policy *p, const struct odp_field *hdr, size_t n,
                            struct odp_err *err);
void odp_agg_free(struct odp_agg *a);

/* Folds one published row f[0..n) in. A measured value that is not a plain number is
 * ODP_EDATA at path:line naming the column (never the value). */
int odp_agg_add(struct odp_agg *a, const struct odp_field *f, const char *path, uint64_t line,
                struct odp_err *err);

/*
 * Moves the groups of src (a table of the same policy and header, e.g. a worker
 * thread's) into dst and empties src: dst then equals the table of dst's rows followed
 * by src's, in any order (aggregate_merge.c). ODP_OK, or ODP_ENOMEM / ODP_ELIMIT.
 */
int odp_agg_merge(struct odp_agg *dst, struct odp_agg *src, struct odp_err *err);

/* Computes, suppresses and writes the table (header and one row per group) as CSV. */
int odp_agg_write(struct odp_agg *a, struct odp_out *out, struct odp_err *err);

/*
 * Differential privacy (privacy.differential_privacy with aggregate:, aggregate_dp.c):
 * the table holds only counts and sums with `bounds` (values rounded and clamped), all
 * noised; odp_agg_new refuses anything else at POLICY:LINE:COL. At write time, for each
 * group in output order, fn gets its `by` values and vals[m], the true value of every
 * measure m; it replaces them with the published (noisy) values and clears *keep when the
 * group must not be published (its noisy count is below the selection threshold).
 * Returns ODP_OK or a negative code with err filled. Never called without fn.
 */
typedef int (*odp_agg_noise_fn)(void *ctx, const struct odp_field *by, size_t nby, int64_t *vals,
                                int *keep, struct odp_err *err);
void odp_agg_set_noise(struct odp_agg *a, odp_agg_noise_fn fn, void *ctx);

void odp_agg_stats(const struct odp_agg *a, struct odp_agg_stats *st);
const struct odp_agg_measure_info *odp_agg_measures(const struct odp_agg *a, size_t *n);

/*
 * The published columns of the table for metadata: the `by` columns as the plan
 * describes them (pcols, the plan's colinfo) then one per measure. Borrowed, valid until
 * free; NULL on OOM.
 */
const struct odp_colinfo *odp_agg_colinfo(struct odp_agg *a, const struct odp_colinfo *pcols,
                                          size_t npcols, size_t *n);

#endif
