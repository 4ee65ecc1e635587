/*
 * derive_policy.h - the `derive:` and `aggregate:` sections of a policy (docs/DERIVE.md).
 *
 *   derive:                       # new columns computed from the raw values, in order
 *     days_to_approval: {days_between: [pre_filing_date, approved]}
 *     hours_to_close:   {hours_between: [created_date, closed_date]}
 *     filing_year:      {year_of: pre_filing_date}
 *     filing_month:     {month_of: pre_filing_date, format: "MM/DD/YYYY"}
 *     age:              {age_at: [birth_date, visit_date]}
 *     bbl:              {concat: [boro, block, lot], sep: "-"}
 *     wait_band:        {bucket: days_to_approval, edges: [0, 30, 90, 365]}
 *   aggregate:                    # release an indicator table instead of rows
 *     by: [borough, filing_month]
 *     measures:
 *       filings: count
 *       applicants: {count_distinct: applicant_license}
 *       total_cost: {sum: initial_cost}
 *       mean_days: {mean: days_to_approval, decimals: 1}
 *       median_days: {median: days_to_approval}
 *       p90_days: {quantile: [days_to_approval, 0.9]}
 *       share_fast: {share: {column: wait_band, in: ["[0,30)"]}}
 *
 * Parsed by parse_derive.c (called from parse.c), merged and written back there too.
 * Every struct here is owned by the struct odp_policy it hangs from.
 */
#ifndef ODP_DERIVE_POLICY_H
#define ODP_DERIVE_POLICY_H

#include <stddef.h>
#include <stdint.h>

enum odp_derive_fn {
    ODP_DV_DAYS_BETWEEN = 1, /* [A, B]: whole days from A to B (date parts) */
    ODP_DV_HOURS_BETWEEN,    /* [A, B]: whole hours from A to B (wall clock, no DST) */
    ODP_DV_YEAR_OF,          /* A: "YYYY" */
    ODP_DV_MONTH_OF,         /* A: "YYYY-MM" */
    ODP_DV_AGE_AT,           /* [birth, event]: completed years */
    ODP_DV_CONCAT,           /* [A, B, ...] joined with sep */
    ODP_DV_BUCKET            /* A (a number, often derived) into [e_i, e_i+1) bands */
};

/* "days_between", ...; NULL when out of range. */
const char *odp_derive_fn_name(enum odp_derive_fn f);

struct odp_derive_rule {
    char *name; /* the new column */
    enum odp_derive_fn fn;
    char **args; /* source columns (raw or derived earlier) */
    size_t nargs;
    char *sep;     /* concat: separator, default "" */
    double *edges; /* bucket: ascending edges */
    size_t nedges;
    int fmt;          /* date input format (enum odp_date_fmt), -1 = the column's */
    const char *path; /* policy file (owned by the policy) */
    uint64_t line, col;
};

enum odp_measure_kind {
    ODP_M_COUNT = 1,
    ODP_M_COUNT_DISTINCT,
    ODP_M_SUM,
    ODP_M_MEAN,
    ODP_M_MEDIAN,
    ODP_M_QUANTILE,
    ODP_M_SHARE
};

/* "count", ...; NULL when out of range. */
const char *odp_measure_name(enum odp_measure_kind k);

struct odp_measure {
    char *name; /* output column */
    enum odp_measure_kind kind;
    char *column; /* published column measured (NULL for count) */
    double q;     /* quantile: 0 < q <= 1 (median: 0.5) */
    char **in;    /* share: values that count as a hit */
    size_t nin;
    uint32_t decimals; /* mean, sum of decimals, sketched quantiles: default 2 */
    int has_decimals;
    int has_bounds; /* sum: `bounds: [lo, hi]`, the per-row bound differential privacy needs */
    int64_t lo, hi;
    const char *path;
    uint64_t line, col;
};

struct odp_aggregate_spec {
    int on; /* an `aggregate:` section was given */
    char **by;
    size_t nby;
    struct odp_measure *measures;
    size_t nmeasures;
    const char *path;
    uint64_t line, col;
};

struct odp_policy_derive {
    struct odp_derive_rule *rules; /* in policy order (parents first) */
    size_t nrules;
    struct odp_aggregate_spec agg;
};

#endif
