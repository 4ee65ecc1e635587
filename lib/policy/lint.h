/*
 * lint.h - the baseline rules of `odpub check`, for the jobs that apply them to a draft
 * (init) or a release (which refuses a policy weaker than its baseline): how a column name is matched against a baseline category and
 * whether an action is strong enough for it. odp/check.h has the whole check.
 */
#ifndef ODP_LINT_H
#define ODP_LINT_H

#include <stddef.h>

#include "odp/check.h"
#include "policy.h"

/*
 * Normalises a column name to lower_snake_case into out (NUL-terminated, truncated to
 * size - 1 bytes). Returns out.
 */
char *odp_check_normalise(const char *name, char *out, size_t size);

/* 1 when column `name` (any spelling; normalised here) falls in the baseline category. */
int odp_check_matches(const struct odp_baseline_cat *cat, const char *name);

/*
 * 1 when a treatment (action; for generalize its kind and date unit) meets the
 * category's least treatment - the same rule the lint applies - else 0. `odpub init`
 * uses it to never draft a policy weaker than the baseline.
 */
int odp_check_enough(const struct odp_baseline_cat *cat, enum odp_action a, enum odp_gen_kind gen,
                     enum odp_date_unit unit);

/*
 * The lint a release runs before it reads any data: the baseline findings of `odpub
 * check` against the categories the policy's own `extends` chain brings in (a policy
 * that extends no baseline has none), and quasi_identifiers beside k: 0. res is filled as
 * odp_check fills it (free it with odp_check_result_free). ODP_OK when clean,
 * ODP_EVERIFY when there are findings, ODP_ENOMEM.
 */
int odp_check_release(const struct odp_policy *p, struct odp_check_result *res);

#endif
