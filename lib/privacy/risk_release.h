/*
 * risk_release.h - the risk models and `generalize: auto` in a release (docs/PRIVACY.md).
 *
 * The release job drives it in three steps, none of which keeps a row:
 *
 *   1. odp_riskjob_new, then odp_riskjob_count for each row of the counting pass. Each
 *      quasi-identifier's value is taken at every level of its hierarchy (level 0 is the
 *      column's own rule, as the plan published it; level i applies the i-th generalize
 *      rule of `privacy.hierarchies` to the raw value); the tuple of those strings is
 *      interned into a per-column id, so memory grows with distinct values, not rows.
 *      The row's class at the finest level and its sensitive values are counted
 *      (risk.h). The population table, when named, is read in odp_riskjob_new through
 *      the same rules.
 *   2. odp_riskjob_decide: judges the finest node (or, with generalize: auto, searches
 *      the lattice) and, when a coarser level was chosen, rewrites the column rules of
 *      the policy to it (the caller then recompiles its plan: types, treatment text and
 *      counts follow). Fails closed: ODP_EVERIFY when no node meets every model within
 *      max_suppression, or when on_violation is fail and a class fails a model.
 *   3. odp_riskjob_suppressed for each row of the writing pass; odp_riskjob_report adds
 *      privacy.models and privacy.generalization to report.json.
 *
 * Values never leave this module: they are interned and compared, never printed.
 */
#ifndef ODP_RISK_RELEASE_H
#define ODP_RISK_RELEASE_H

#include <stdint.h>

#include "odp/err.h"
#include "odp/report.h"
#include "policy.h"
#include "risk.h"
#include "table.h"

struct odp_riskjob;
struct odp_keyring;
struct cJSON;

/* Whether the policy names a risk model beyond k or generalize: auto. */
int odp_riskjob_wanted(const struct odp_policy *p);

/*
 * Checks the risk keys against the policy and the data header (a sensitive column that is
 * not published, a hierarchy of a column that is not a quasi-identifier, ...: ODP_ESCHEMA
 * at the key's POLICY:LINE:COL), compiles the hierarchy levels and reads the population
 * file. `out_header`/`nout` are the plan's published columns. NULL + err on failure.
 */
struct odp_riskjob *odp_riskjob_new(struct odp_policy *p, struct odp_table *t,
                                    const struct odp_field *out_header, size_t nout,
                                    const struct odp_keyring *keys, struct odp_err *err);
void odp_riskjob_free(struct odp_riskjob *rj);

/* 1 when the counting pass needs only the quasi-identifiers transformed (every sensitive
 * column is kept as is), 0 when it needs the whole row. */
int odp_riskjob_only_qi(const struct odp_riskjob *rj);

/* Counts one row (raw `row`, published fields `out` of the plan). */
int odp_riskjob_count(struct odp_riskjob *rj, const struct odp_row *row,
                      const struct odp_field *out, struct odp_err *err);

/*
 * Picks the node and applies it to the policy's column rules; *changed is 1 when a rule
 * changed (recompile the plan). ODP_EVERIFY (a finding; nothing written) as above.
 */
int odp_riskjob_decide(struct odp_riskjob *rj, int *changed, struct odp_err *err);

/*
 * After decide: 1 when the row (published fields `out` of the recompiled plan) is in a
 * suppressed class, 0 when kept, negative on error.
 */
int odp_riskjob_suppressed(struct odp_riskjob *rj, const struct odp_field *out,
                           struct odp_err *err);

/* Rows in suppressed classes at the chosen node (after decide). */
uint64_t odp_riskjob_rows_suppressed(const struct odp_riskjob *rj);

/* The k-anonymity figures at the chosen node (report.json's privacy.classes ...). */
void odp_riskjob_kstats(const struct odp_riskjob *rj, struct odp_kanon_stats *ks);

/* Class-size buckets of the risk report: 1, 2, 3-4, 5-9, 10-19, 20-49, 50-99, 100+. */
#define ODP_RISK_NBUCKETS 8
extern const char *const odp_risk_bucket_names[ODP_RISK_NBUCKETS];

/* What the readable report shows (risk_report.c), all counts, never a value. */
struct odp_risk_summary {
    const struct odp_risk_eval *before, *after; /* finest node, chosen node */
    uint64_t classes[2][ODP_RISK_NBUCKETS];     /* [0] before, [1] after: classes by size */
    uint64_t rows[2][ODP_RISK_NBUCKETS];        /* rows in them */
    uint64_t rows_suppressed[2][ODP_RISK_NBUCKETS];
    int gen_auto;
    const struct odp_risk_search_stats *search; /* NULL without generalize: auto */
    const char *metric;
    int metric_id; /* enum odp_risk_metric */
    size_t nqi;
    const char *qi[ODP_RISK_MAX_QI];
    uint32_t level[ODP_RISK_MAX_QI], levels[ODP_RISK_MAX_QI];
    const char *l_sensitive, *l_measure, *t_sensitive, *t_distance;
    int has_pop, has_kmap;
};

/* Fills `s` (borrowing from rj): class sizes rolled up at both nodes. */
int odp_riskjob_summary(const struct odp_riskjob *rj, struct odp_risk_summary *s,
                        struct odp_err *err);

/* Adds "models", "risk" and (generalize: auto) "generalization" to report.json's
 * privacy object. 0, or non-zero when out of memory. */
int odp_riskjob_report(const struct odp_riskjob *rj, struct cJSON *privacy);

/*
 * After odp_riskjob_decide (whatever it returned): the same members as JSON text for
 * `audit --json` ({"passes": BOOL, "models": ..., "risk": ..., "generalization": ...};
 * with generalize: auto and no passing node, "models" and "risk" are null and
 * "generalization" holds the search figures and "found": false). Caller frees; NULL
 * when out of memory.
 */
char *odp_riskjob_json(const struct odp_riskjob *rj);

#endif
