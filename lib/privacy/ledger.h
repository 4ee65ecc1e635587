/*
 * ledger.h - the epsilon ledger of `privacy.differential_privacy.budget` (a JSON file).
 *
 * Every release with differential privacy that names a ledger records its spend there:
 *
 *   {"odpub_ledger": 1, "total_epsilon": "2", "composition": "sequential",
 *    "entries": [{"id": "...", "dataset": "nyc-mmr-indicators",
 *                 "release": "nyc-mmr-indicators-2026-11-22", "date": "2026-11-22",
 *                 "mechanism": "discrete_laplace", "epsilon": "0.5", "delta": null,
 *                 "status": "published", "package_sha256": "..."}]}
 *
 * Accounting is sequential (basic) composition: the epsilons of all entries add up (and
 * the deltas, for discrete_gaussian); a release may spend only what the total leaves.
 * Amounts are exact decimals (common/rational.h), never binary doubles.
 *
 * Life of a release's entry, each step under an exclusive flock(2) on LEDGER.lock and
 * each ledger update written to a temp file, fsync'ed and renamed over the ledger:
 *   1. odp_ledger_reserve, before anything of the package is written: refuses an
 *      overspend (ODP_EVERIFY: exit 1), else appends the entry as "reserved".
 *   2. odp_ledger_commit once the package is published: "published" + its digest.
 *      or odp_ledger_cancel when the release failed (nothing was published).
 * A release killed between 1 and 2 leaves its entry "reserved": it still counts (the
 * noise may have been seen), which errs on the side of privacy. Two releases started at
 * once serialise on the lock in step 1, so together they never pass the total.
 */
#ifndef ODP_LEDGER_H
#define ODP_LEDGER_H

#include <stddef.h>
#include <stdint.h>

#include "odp/err.h"
#include "policy.h"

/* Largest ledger file read (bigger is ODP_ELIMIT). */
#define ODP_LEDGER_MAX_BYTES (16u << 20)

/* What the report states about the budget (decimal text, "" when not set). */
struct odp_ledger_state {
    char total[64];           /* total_epsilon of the ledger */
    char spent_before[64];    /* sum of the entries before this release */
    char spent_after[64];     /* ... plus this release */
    char remaining[64];       /* total - spent_after */
    char delta_after[64];     /* sum of deltas including this release ("0" if none) */
    uint64_t releases_before; /* entries before this release */
    char ledger_sha256[65];   /* SHA-256 of the ledger as read (empty ledger: of "") */
};

/* The ledger file of a policy's budget (file: resolved against the policy's directory,
   env:NAME the path the variable holds, as given); NULL when the block names none, the
   variable is unset or empty, or on OOM (*oom set). Caller frees. */
char *odp_ledger_path(const struct odp_dp_policy *d, int *oom);

/*
 * Step 1. `dataset`, `release` and `date` describe the release. On success *id (33
 * bytes: 32 hex + NUL) names the new entry and *st says what was spent. Errors:
 * ODP_EVERIFY (overspend: nothing recorded), ODP_EPOLICY (the policy's total_epsilon is
 * not the ledger's), ODP_ESYNTAX / ODP_ESCHEMA (a ledger that is not ours, at its
 * path), ODP_EIO, ODP_ELIMIT, ODP_ENOMEM.
 */
int odp_ledger_reserve(const char *path, const struct odp_dp_policy *d, const char *dataset,
                       const char *release, const char *date, char id[33],
                       struct odp_ledger_state *st, struct odp_err *err);

/* Step 2: marks entry `id` published with the package digest (64 hex). */
int odp_ledger_commit(const char *path, const char *id, const char *package_sha256,
                      struct odp_err *err);

/* Step 2 on failure: removes entry `id` (nothing was published). */
int odp_ledger_cancel(const char *path, const char *id, struct odp_err *err);

#endif
