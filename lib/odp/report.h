/*
 * odp/report.h - report.json as a struct: what a release did, in numbers, never values.
 *
 * A release writes report.json into its package (bag/report.c renders it) and hands the
 * same report back to its caller as a struct odp_report; verify, audit, diff and the
 * portal read a package's report.json with odp_report_parse. This header is the schema:
 * docs/schemas/report.schema.json describes the same fields as JSON.
 *
 * Every string is owned by the report and freed by odp_report_free. Counts a report
 * does not hold are 0 and the matching has_* flag is 0.
 */
#ifndef ODP_REPORT_PUBLIC_H
#define ODP_REPORT_PUBLIC_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* One published column. */
struct odp_report_column {
    char *name;
    char *action;      /* "keep", "generalize", ... */
    char *type;        /* Table Schema type */
    char *treatment;   /* human text, e.g. "generalized to month" */
    uint64_t changed;  /* values the action changed */
};

/* One rows.drop_when rule and the rows it removed. */
struct odp_report_drop_rule {
    char *column;
    uint64_t rows;
};

/* Re-identification risk of a set of quasi-identifier classes (k-anonymity). */
struct odp_kanon_stats {
    uint64_t classes;          /* distinct QI tuples */
    uint64_t rows;             /* rows counted */
    uint64_t smallest;         /* size of the smallest class (0 when no rows) */
    uint64_t smallest_kept;    /* smallest class of at least k rows (0 when none) */
    uint64_t classes_below_k;  /* classes with fewer than k rows */
    uint64_t rows_below_k;     /* rows in those classes */
    uint64_t unique_rows;      /* rows alone in their class */
    double max_risk;           /* prosecutor risk: 1 / smallest class */
    double avg_risk;           /* mean over rows of 1 / class size = classes / rows */
};

/* privacy.differential_privacy: noise added to counts (docs/PRIVACY-MODELS.md). */
struct odp_report_dp {
    char *mechanism;           /* "discrete_laplace" or "discrete_gaussian" */
    char *scale;               /* exact decimal or a/b: Laplace scale t, or sigma^2 */
    char *epsilon_spent;       /* by this release */
    char *epsilon_left;        /* in the ledger after it; NULL without a ledger */
    uint64_t margin_of_error_95, cells_noised, cells_clamped;
};

/* privacy.models: one risk model at the published node (docs/PRIVACY-MODELS.md). */
struct odp_report_model {
    char *name;                /* "k_anonymity", "l_diversity", "t_closeness", "k_map" */
    double required, reached;
    uint64_t classes_failing, rows_failing;
    char *sensitive;           /* l_diversity, t_closeness: the sensitive column; else NULL */
    char *detail;              /* l: measure ("distinct", ...); t: distance ("ordered",
                                  "equal"); else NULL */
};

/* privacy.risk: re-identification risk of the published classes. */
struct odp_report_risk {
    double prosecutor_max, prosecutor_avg;
    int has_population;        /* journalist / marketer figures present */
    double journalist_max, marketer;
    uint64_t population, population_undercounts;
    uint64_t rows_suppressed, suppression_allowed;
};

/* Information loss by named metric (prec, dm, nue, aecs). */
struct odp_report_loss {
    double prec, dm, nue, aecs;
};

/* privacy.generalization (generalize: auto): the lattice node chosen. */
struct odp_report_generalization {
    char *metric;              /* the loss metric minimised */
    char **columns;            /* quasi-identifiers, in report order */
    uint32_t *levels;          /* level chosen, per column */
    uint32_t *levels_available; /* levels of its hierarchy (level 0 included) */
    size_t ncolumns;
    uint64_t nodes_total, nodes_evaluated, nodes_pruned;
    char *pruning;
    uint64_t rows_suppressed, classes;
    double max_suppression;
    struct odp_report_loss loss;
    /* the finest node, before generalisation */
    uint64_t before_classes, before_rows_failing, before_classes_failing;
    struct odp_report_loss before_loss;
};

struct odp_report {
    char *odpub;               /* version of odpub that wrote it */
    char *package;             /* package (bag) name */
    char *policy;              /* policy name */
    char *release_date;        /* YYYY-MM-DD */
    char *input_file;          /* basename of the input */
    char *input_format;        /* "csv" or "json" */
    uint64_t input_bytes;
    char *input_sha256;        /* hex */
    char *output_file;         /* data/NAME.csv */
    uint64_t output_bytes;
    char *output_sha256;       /* hex */
    char *policy_sha256;       /* hex of policy.yaml */
    uint64_t rows_in, rows_out, rows_dropped, rows_suppressed;
    struct odp_report_column *columns;
    size_t ncolumns;
    char **dropped_columns;
    size_t ndropped;
    struct odp_report_drop_rule *drop_when;
    size_t ndrop_when;
    /* privacy */
    uint32_t k;                /* 0 = no k-anonymity */
    uint32_t k_reached;
    char *on_violation;        /* "suppress" or "fail" */
    char **quasi_identifiers;
    size_t nqi;
    int has_kanon;             /* classes / classes_below_k / rows_below_k present */
    uint64_t classes, classes_below_k, rows_below_k;
    int has_small_cells;
    uint32_t small_cell_threshold;
    uint64_t cells_primary, cells_complementary, cells_unprotected;
    /* history (release --previous): rows and classes held back since `previous` */
    int has_history;
    char *previous;
    uint64_t rows_held, classes_held;
    struct odp_report_dp *dp;  /* NULL when the release added no noise */
    /* keys: name -> key id ("keyid:HEX") or "unused" */
    char **key_names, **key_ids;
    size_t nkeys;
    /* released with --allow-weaker: why the policy is weaker than its baseline (the
     * `odpub check` findings); absent (NULL, 0) for a policy that meets its baseline */
    char **weaker_than_baseline;
    size_t nweaker;
    /* risk models (privacy.models, privacy.risk, privacy.generalization); NULL / 0 when
     * the release used none */
    struct odp_report_model *models;
    size_t nmodels;
    struct odp_report_risk *risk;
    struct odp_report_generalization *generalization;
};

/*
 * Parses report.json text (len bytes; origin names it in errors). On success *out is a
 * new report (free with odp_report_free). ODP_ESYNTAX for text that is not JSON,
 * ODP_ESCHEMA for a member of the wrong type or a missing required member (package,
 * rows, columns), ODP_ENOMEM. Unknown members are ignored (newer writers).
 */
ODP_API int odp_report_parse(const char *json, size_t len, const char *origin,
                             struct odp_report **out, struct odp_err *err);
ODP_API void odp_report_free(struct odp_report *r);

#endif
