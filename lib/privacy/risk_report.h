/*
 * risk_report.h - the readable risk report (metadata/risk-report.html in a package): one
 * self-contained HTML file with inline SVG, made from counts only (risk_report.c).
 */
#ifndef ODP_RISK_REPORT_H
#define ODP_RISK_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "odp/err.h"
#include "plan.h"
#include "risk_release.h"

struct odp_risk_html_in {
    const char *title;        /* dataset title (may be NULL) */
    const char *package;      /* package name */
    const char *release_date; /* YYYY-MM-DD */
    uint64_t rows_in, rows_out, rows_dropped, rows_suppressed;
    const struct odp_colinfo *cols; /* published columns: treatment texts */
    size_t ncols;
};

/* Appends the report to `b`. ODP_OK or ODP_ENOMEM / ODP_ELIMIT (the buffer's limit). */
int odp_risk_report_html(const struct odp_risk_summary *s, const struct odp_risk_html_in *in,
                         struct odp_buf *b, struct odp_err *err);

/* Where a package carries the report. */
#define ODP_RISK_REPORT_PATH "metadata/risk-report.html"

/* Builds the report for `rj` (after odp_riskjob_decide) and writes it to `path`. */
int odp_riskjob_html_file(const struct odp_riskjob *rj, const char *path,
                          const struct odp_risk_html_in *in, int sync, struct odp_err *err);

/* The same into BAG/metadata/risk-report.html. */
int odp_riskjob_write_html(const struct odp_riskjob *rj, const char *bag,
                           const struct odp_risk_html_in *in, int sync, struct odp_err *err);

#endif
