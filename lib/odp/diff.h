/*
 * diff.h - `odpub diff OLD NEW`: what changed between two releases of a dataset, and
 * whether publishing both singles anyone out.
 *
 * Each package (a directory or a .zip / .tar.gz / .tar.zst archive) is read through its
 * report.json, its effective policy.yaml and its data CSV (archives through the hostile-
 * archive reader of `audit PKG`). With opts.pubkey_path both are verified first
 * (verify.h); a package that fails is a finding and nothing else is compared.
 *
 * Compared:
 *  - identity: both must be releases of one dataset (the policy name, which is the
 *    DCAT identifier and the Frictionless name); otherwise ODP_EINVAL;
 *  - columns: added, removed, re-treated (action or its parameters changed), and for a
 *    re-treatment whether it is stronger or weaker (drop > redact > mask, pseudonymize >
 *    generalize, round, date_shift > scrub > keep; within one action: coarser dates,
 *    fewer ZIP digits, wider bands, fewer decimals, fewer characters kept, more
 *    detectors are stronger), checked against the baseline category the column name
 *    falls in (check.h): a column that met its category and no longer does is named
 *    with the category;
 *  - rows in / out / dropped / suppressed of each release;
 *  - quasi-identifier classes (the tuple of published quasi-identifier values, on the
 *    quasi-identifiers both releases publish): count in each release, and a
 *    differencing risk when a count changed by 1..k-1 (k the larger of the two): the
 *    rows that came or went are singled out by subtracting the releases;
 *  - small cells (aggregate tables): a published count cell (same group values) that
 *    changed by 1..threshold-1 between the releases: the difference is a small cell
 *    recovered by subtracting the two releases' published totals.
 *
 * Findings (ODP_EVERIFY): a weakening, a differencing risk, a failed verification.
 * Only published values are ever shown, and only those of quasi-identifier and group
 * columns (already generalised in the package); never another column's value.
 */
#ifndef ODP_DIFF_PUBLIC_H
#define ODP_DIFF_PUBLIC_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct odp_diff_opts {
    const char *pubkey_path;  /* verify both packages with this key first; NULL: don't */
    const char *baseline;     /* baseline policy file; NULL: nyc-baseline looked up */
    const char *policies_dir; /* where bare baseline names are found (may be NULL) */
    size_t max_listed;        /* classes and cells listed in the result (default 200);
                                 every risk is counted, the first max_listed listed */
};

ODP_API void odp_diff_opts_init(struct odp_diff_opts *o);

enum odp_diff_change {
    ODP_DIFF_SAME = 0,
    ODP_DIFF_ADDED,    /* published in NEW, not in OLD (neither published nor dropped) */
    ODP_DIFF_REMOVED,  /* in OLD, absent from NEW */
    ODP_DIFF_RETREATED /* in both (published or dropped) with another treatment */
};

enum odp_diff_dir {
    ODP_DIFF_NEUTRAL = 0, /* no change, or a change neither stronger nor weaker */
    ODP_DIFF_STRONGER,
    ODP_DIFF_WEAKER
};

/* One column of either release. Strings owned by the result. */
struct odp_diff_col {
    char *name;
    enum odp_diff_change change;
    enum odp_diff_dir dir;
    char *old_action, *new_action;       /* "drop" for a dropped column; NULL when absent */
    char *old_treatment, *new_treatment; /* human text; NULL when absent */
    char *category;                      /* baseline category of the name, or NULL */
    int below_baseline;                  /* NEW's treatment does not meet the category */
    char *why;                           /* one line: what changed and why it matters */
};

struct odp_diff_side {
    char *path;         /* as given */
    char *package;      /* bag name, e.g. nyc-311-service-requests-2026-11-23 */
    char *dataset;      /* stable identifier (policy name) */
    char *release_date; /* YYYY-MM-DD */
    int verified;       /* signature and manifests checked with opts.pubkey_path */
    char *verify_error; /* why verification failed, or NULL */
    uint64_t rows_in, rows_out, rows_dropped, rows_suppressed;
    uint32_t k;         /* 0: no k-anonymity */
    uint32_t threshold; /* small-cell threshold, 0: none */
    char *policy_sha256;
    char *data_sha256;
};

/* One quasi-identifier class or small cell whose published count changed. */
struct odp_diff_class {
    char **values; /* published values of res->qi (classes) or res->cell_by (cells) */
    char *column;  /* cells: the count column; classes: NULL */
    uint64_t old_count, new_count;
    int old_published, new_published; /* cells: the cell was published (not suppressed) */
    int risk;                         /* changed by 1..k-1 (classes) or 1..threshold-1 (cells) */
};

struct odp_diff_result {
    int ok;          /* no finding */
    size_t findings; /* weakenings + risks + failed verifications */
    struct odp_diff_side old, cur;
    struct odp_diff_col *cols;
    size_t ncols;
    size_t cols_added, cols_removed, cols_retreated, weakened, strengthened;
    char *baseline_path; /* baseline used, NULL when none was found */
    /* quasi-identifier classes */
    char **qi; /* compared quasi-identifiers (published by both) */
    size_t nqi;
    uint32_t k; /* 0: classes not compared */
    uint64_t classes_old, classes_new, classes_changed, classes_risk;
    struct odp_diff_class *classes; /* changed classes, risks first, then by values */
    size_t nclasses;
    /* small cells */
    char **cell_by; /* group columns naming a cell */
    size_t ncell_by;
    uint32_t threshold; /* 0: cells not compared */
    uint64_t cells_changed, cells_risk;
    struct odp_diff_class *cells;
    size_t ncells;
};

/*
 * Compares packages old_pkg and new_pkg. Returns ODP_OK (no finding), ODP_EVERIFY (a
 * finding: *out says which), or a negative code for unusable input (err names the
 * file; ODP_EINVAL when the two are different datasets). *out (NULL on ENOMEM) is freed
 * with odp_diff_result_free.
 */
ODP_API int odp_diff(const char *old_pkg, const char *new_pkg, const struct odp_diff_opts *o,
                     struct odp_diff_result **out, struct odp_err *err);
ODP_API void odp_diff_result_free(struct odp_diff_result *r);

/* The --json document (schema: docs/schemas/diff.json); caller frees; NULL on OOM. */
ODP_API char *odp_diff_result_json(const struct odp_diff_result *r);

/* A one-paragraph plain-text summary ("2 rows added; column x re-treated ..."), as the
 * portal's "what changed" shows it; caller frees; NULL on OOM. */
ODP_API char *odp_diff_summary(const struct odp_diff_result *r);

#endif
