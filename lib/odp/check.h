/*
 * check.h - `odpub check`: a policy validated without data.
 *
 * Loading (policy.h) already rejects syntax and schema errors at POLICY:LINE:COL. On
 * top of that, odp_check finds:
 *
 *  - broken references: a quasi-identifier, small_cells column or `by` column that the
 *    policy does not name or drops; a date_shift `by` column it does not name; a
 *    drop_when column it does not name (under `default: reject`);
 *  - privacy settings that do nothing: quasi_identifiers listed beside k: 0 (no
 *    k-anonymity is applied to them);
 *  - baseline lint: every column whose normalised name (lower_snake_case: lower case,
 *    runs of anything but letters and digits become '_', trimmed) matches a category of
 *    the baseline (fnmatch globs, minus the category's `except` globs) must get one of
 *    the category's `allowed` actions, and where the category sets min_date_unit, a
 *    generalize must coarsen dates to that unit or coarser (year > month > week > day >
 *    hour).
 *
 * The baseline is, in order: opts->baseline when given; the categories the policy's
 * own `extends` chain brings in; else nyc-baseline.yaml looked up like a bare `extends`
 * name (beside the policy, opts->policies_dir, ODPUB_POLICY_PATH, ODP_POLICY_DIR).
 */
#ifndef ODP_CHECK_PUBLIC_H
#define ODP_CHECK_PUBLIC_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define ODP_CHECK_DEFAULT_BASELINE "nyc-baseline"

enum odp_check_kind { ODP_CHECK_REFERENCE = 1, ODP_CHECK_BASELINE, ODP_CHECK_PLACEHOLDER, ODP_CHECK_PRIVACY };

struct odp_check_opts {
    const char *policies_dir;   /* may be NULL */
    const char *baseline;       /* a baseline file overriding the lookup, or NULL */
};

ODP_API void odp_check_opts_init(struct odp_check_opts *o);

struct odp_check_finding {
    enum odp_check_kind kind;
    char *path;                 /* policy file of the offending rule (owned) */
    uint64_t line, col;
    char *column;               /* column concerned (owned), NULL if none */
    char *category;             /* baseline category (owned), NULL for references */
    char *msg;                  /* message without position (owned) */
};

struct odp_check_result {
    char *policy_path;          /* owned */
    char *baseline_path;        /* the baseline used (owned), NULL when none was found */
    size_t ncolumns;            /* column rules checked */
    struct odp_check_finding *findings;
    size_t nfindings;
};

/*
 * Checks the policy at `path`. Returns ODP_OK when clean, ODP_EVERIFY when there are
 * findings (res lists them), and a negative load error otherwise (res freed; err at
 * POLICY:LINE:COL as the loader reports it, or ODP_EIO when no baseline is found).
 */
ODP_API int odp_check(const char *path, const struct odp_check_opts *o, struct odp_check_result *res,
              struct odp_err *err);
ODP_API void odp_check_result_free(struct odp_check_result *res);

#endif
