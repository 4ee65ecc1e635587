/*
 * derive.h - derived columns (`derive:` in the policy): new columns computed per row
 * from the raw values, before any column action.
 *
 * The plan (plan.c) treats them as extra input columns after the data's own: it asks for
 * the extended header once (odp_derive_header) and, per row, for the extended row
 * (odp_derive_row); from there a derived column takes an action like any other.
 *
 * Functions (whole numbers, decimal text; empty when a source is empty or, for dates,
 * not parsable by the date format: the rule's `format`, else the format of the source
 * column's generalize/date_shift rule, else auto):
 *   days_between [A, B]   days from A's date to B's date (B - A; negative kept, counted)
 *   hours_between [A, B]  whole hours from A to B (truncated toward zero; wall-clock
 *                         times: zone offsets and daylight saving are not applied)
 *   year_of A             "YYYY"            month_of A   "YYYY-MM"
 *   age_at [birth, event] completed years (a 29 February birthday counts from 1 March
 *                         in common years; negative kept, counted)
 *   concat [A, B, ...]    the raw values joined with `sep` (default "")
 *   bucket A, edges       "<e0", "[e_i,e_i+1)", ">=e_n" (as generalize's bands); empty
 *                         when A is empty, unparsable when A is not a plain number
 * A source may be a data column or a column derived earlier in the list.
 *
 * Promise: no value ever reaches an error; per row no allocation beyond the reusable
 * per-column buffers.
 */
#ifndef ODP_DERIVE_H
#define ODP_DERIVE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "odp/err.h"
#include "policy.h"
#include "table.h"

struct odp_derive;

/* What a derived column did, for report.json and the metadata. */
struct odp_derive_info {
    const char *name;
    const char *formula; /* "days_between(pre_filing_date, approved)" */
    uint64_t rows;       /* rows computed (since the last reset) */
    uint64_t empty;      /* empty because a source was empty */
    uint64_t unparsable; /* empty because a source did not parse */
    uint64_t negative;   /* negative results (days, hours, age) */
};

/*
 * Binds p->dv.rules to the data header `hdr`: every source must be a data column or an
 * earlier derived one, a derived name must not be a data column. NULL + err
 * (ODP_EPOLICY at the rule's POLICY:LINE:COL, ODP_ENOMEM). `p` and `hdr` must outlive it.
 */
struct odp_derive *odp_derive_new(const struct odp_policy *p, const struct odp_row *hdr,
                                  struct odp_err *err);
void odp_derive_free(struct odp_derive *dv);

/* The data header followed by the derived names (views valid until free). */
const struct odp_row *odp_derive_header(const struct odp_derive *dv);

/*
 * Computes the derived values of raw row `in` and returns the extended row in *out
 * (views into `in` and into dv's buffers, valid until the next call). ODP_OK or an
 * error with no position (the caller adds it).
 */
int odp_derive_row(struct odp_derive *dv, const struct odp_row *in, struct odp_row *out,
                   struct odp_err *err);

const struct odp_derive_info *odp_derive_info(const struct odp_derive *dv, size_t *n);
void odp_derive_reset_counts(struct odp_derive *dv);
/* Adds src's counters into dst's and clears src's (one derive per worker thread). */
void odp_derive_merge_counts(struct odp_derive *dst, struct odp_derive *src);
/* The counters as 4 numbers per derived column (rows, empty, unparsable, negative), for
 * a partitioned release; _add adds such an array (of the same policy and header) in. */
void odp_derive_counts_get(const struct odp_derive *dv, uint64_t *v);
void odp_derive_counts_add(struct odp_derive *dv, const uint64_t *v);

/* Formula text of rule r ("days_between(a, b)") into buf; returns buf. */
const char *odp_derive_formula_text(const struct odp_derive_rule *r, char *buf, size_t size);

/*
 * The function bodies, exposed for tests/unit/test_derive.c: each writes the result for
 * sources v[0..n) into b (reset first) and returns 0 (value), 1 (empty source),
 * 2 (unparsable source), 3 (negative value) or a negative error.
 */
int odp_derive_eval(const struct odp_derive_rule *r, const int *fmts, const struct odp_field *v,
                    struct odp_buf *b, struct odp_err *err);

#endif
