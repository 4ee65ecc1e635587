/*
 * dp_noise.h - the release side of `privacy.differential_privacy` (docs/PRIVACY-MODELS.md):
 * calibrates the noise, adds it to each published count, post-processes, describes it.
 *
 * Each cell (one noised column of one input record) gets its own stream of the keyed
 * DRBG (dp.h) with context
 *     "odpub-dp-cell-v1" | dataset name | release id | column name | be64(record number)
 * (each part length-prefixed), where the release id is the package name and the SHA-256
 * of the input. So the same input, policy and noise key give the same noise (a rebuild
 * is byte-identical and never re-draws a cell, which averaging would undo), new input or
 * a new release date gives fresh noise, and without the key the noise is unknowable.
 *
 * Calibration, with c = contribution, m = cells_per_person, q = number of noised columns:
 *   discrete_laplace:  L1 sensitivity D = c m q, scale t = D / epsilon (epsilon-DP);
 *   discrete_gaussian: L2^2 sensitivity S = c^2 m q, sigma^2 from (epsilon, delta) via
 *                      rho-zCDP (dp.h, odp_dp_gaussian_sigma2).
 * Post-processing (no privacy cost): with clamp, a noisy count below 0 is published as 0.
 *
 * Post-processing, optional: `totals: {column: C, value: V, by: [...]}` names total rows
 * (C = V) of the groups of rows sharing the `by` values. Every row is noised (a person
 * counts in a detail row and in its total row, so the sensitivity doubles); then the
 * difference D between a noisy total and the sum of its noisy details is shared by least
 * squares (each detail + D/(n+1), in integers), clamped, and the total row published as
 * the sum of its details: they add up exactly. Memory grows with groups, not rows.
 *
 *     dn = odp_dp_noise_new(policy, keyring, table, odp_plan_out_header(pl), nout, &err);
 *     odp_dp_noise_bind(dn, release_id, &err);    (the input digest is part of the id)
 *     do { counting pass: odp_dp_noise_check(dn, table, &row, fields, &err) per published
 *          row; rewind } while (odp_dp_noise_next_pass(dn));
 *     writing pass: odp_dp_noise_apply(dn, table, &row, fields, &out, &err);
 */
#ifndef ODP_DP_NOISE_H
#define ODP_DP_NOISE_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "keyring.h"
#include "ledger.h"
#include "odp/err.h"
#include "plan.h"
#include "policy.h"
#include "table.h"

struct odp_dp_noise;

/* Binds the policy's block to the published header; computes the noise scale. Errors:
   ODP_EPOLICY (a column not published, listed twice, or also under small_cells),
   ODP_EKEY (no noise key loaded), ODP_ELIMIT (epsilon too small for the sampler's
   range), ODP_ENOMEM. p, kr and t must outlive the object. */
struct odp_dp_noise *odp_dp_noise_new(const struct odp_policy *p, const struct odp_keyring *kr,
                                      const struct odp_table *t, const struct odp_field *hdr,
                                      size_t n, struct odp_err *err);
void odp_dp_noise_free(struct odp_dp_noise *dn);

/* Counting pass: every noised value must be a count (digits, below 2^62): else ODP_EDATA
   at its FILE:LINE:COL, never quoting it; with totals, sums the noisy cells per group
   (ODP_EDATA for a second total row in one group). Needs odp_dp_noise_bind first. */
int odp_dp_noise_check(struct odp_dp_noise *dn, const struct odp_table *t,
                       const struct odp_row *row, const struct odp_field *f, struct odp_err *err);

/* Ends a counting pass: 1 when another counting pass is needed (totals), else 0 (then
   odp_dp_noise_apply may run). */
int odp_dp_noise_next_pass(struct odp_dp_noise *dn);

/* Sets the release id (package name and input digest, any bytes). */
int odp_dp_noise_bind(struct odp_dp_noise *dn, const char *release_id, struct odp_err *err);

/* Writing pass: *out = f with each noised count replaced (owned by dn until the next
   call; other views point into f). */
int odp_dp_noise_apply(struct odp_dp_noise *dn, const struct odp_table *t,
                       const struct odp_row *row, const struct odp_field *f,
                       const struct odp_field **out, struct odp_err *err);

/*
 * An indicator table (`aggregate:`, dp_agg.c): odp_dp_noise_new binds the policy's
 * columns to the table's measures and calibrates each; after odp_dp_noise_bind, this is
 * the table's noise hook (aggregate.h, odp_agg_noise_fn) with ctx = dn: it noises every
 * measure of a group from the group's own DRBG stream and keeps the group when its noisy
 * count reaches the selection threshold. No counting pass is needed.
 */
int odp_dp_agg_noise(void *ctx, const struct odp_field *by, size_t nby, int64_t *vals, int *keep,
                     struct odp_err *err);

/* Adds the budget after this release to the treatment text ("epsilon 1 of 2 spent"). */
void odp_dp_noise_budget(struct odp_dp_noise *dn, const struct odp_ledger_state *st);

/* Rewrites the treatment and `changed` count of the noised columns of cols[0..n). The
   treatment text is owned by dn. */
void odp_dp_noise_colinfo(const struct odp_dp_noise *dn, struct odp_colinfo *cols, size_t n);

/* report.json's privacy.differential_privacy object (st NULL: no ledger); NULL on OOM.
   key_id: the noise key's id. */
cJSON *odp_dp_noise_report(const struct odp_dp_noise *dn, const struct odp_ledger_state *st,
                           const char *key_id);

#endif
