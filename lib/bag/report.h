/*
 * report.h - renders report.json from a release's numbers (internal).
 */
#ifndef ODP_REPORT_H
#define ODP_REPORT_H

#include <stdint.h>

#include <cjson/cJSON.h>

#include "aggregate.h"
#include "derive.h"
#include "kanon.h"
#include "bag.h"
#include "risk_release.h"

struct odp_report_in {
    const struct odp_pkg_info *info;
    const char *input_name;        /* basename of the input, never a full local path */
    const char *input_format;      /* "csv" or "json" */
    uint64_t input_bytes;
    uint8_t input_sha256[32];
    const uint64_t *drop_counts;   /* per policy drop_when condition */
    const char *const *key_ids;    /* per policy key (NULL when not used) */
    int has_kanon;
    struct odp_kanon_stats kstats;
    const struct odp_riskjob *risk; /* risk models (lib/privacy/risk_release.h) or NULL */
    int has_small_cells;
    uint64_t cells_primary, cells_complementary, cells_unprotected;
    const char *const *weaker;     /* --allow-weaker: the lint findings, or NULL */
    size_t nweaker;
    int has_history;               /* release --previous */
    const char *previous;          /* the previous package's name */
    uint64_t rows_held, classes_held;
    cJSON *dp;                     /* privacy.differential_privacy (privacy/dp_noise.h) or NULL */
    const struct odp_derive *derive; /* derived columns (NULL: none) */
    const struct odp_agg *agg;       /* the indicator table (NULL: rows released) */
};

/* Adds `derived` and `aggregate` to the report object (report_derive.c). */
struct cJSON;
int odp_report_add_derive(struct cJSON *root, const struct odp_report_in *in);

/* Reads privacy.models, privacy.risk and privacy.generalization of report.json into rep
 * (report_models.c); ODP_ESCHEMA for a member of the wrong type. */
int odp_report_parse_models(const struct cJSON *privacy, struct odp_report *rep,
                            const char *origin, struct odp_err *err);
void odp_report_free_models(struct odp_report *rep);

/* The report as deterministic JSON text (caller frees), or NULL on OOM. */
char *odp_report_render(const struct odp_report_in *in);

#endif
