/*
 * plan.h - a policy compiled against a data header: one op per input column.
 *
 * odp_plan_compile resolves every column of the data to its rule before the first
 * row: a column the policy does not name stops here (default: reject), patterns are
 * compiled, keyed HMAC states set up. odp_plan_row then runs per row with no lookups by
 * name and no allocation beyond reusable per-column buffers.
 */
#ifndef ODP_PLAN_H
#define ODP_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "odp/err.h"
#include "policy.h"
#include "table.h"

/* One output column as published. */
struct odp_colinfo {
    const char *name;
    const char *type;        /* Table Schema type: string, integer, number, date, ... */
    const char *description; /* from the policy; may be NULL */
    const char
        *treatment; /* human text, e.g. "pseudonymized (HMAC-SHA-256, domain person, 16 hex)" */
    enum odp_action action;
    uint64_t changed; /* values the action changed */
};

/* One input column that is not published (dropped). */
struct odp_dropinfo {
    const char *name;
    const char *description;
};

struct odp_keyring;
struct odp_plan;

struct odp_plan *odp_plan_compile(const struct odp_policy *p, struct odp_table *t,
                                  const struct odp_keyring *keys, struct odp_err *err);
void odp_plan_free(struct odp_plan *pl);

/* Output columns: count, names (borrowed), and the published descriptions. */
size_t odp_plan_nout(const struct odp_plan *pl);
const struct odp_field *odp_plan_out_header(const struct odp_plan *pl);

/*
 * Evaluates rows.drop_when on the raw row. Returns 1 if the row is dropped (and counts
 * it against the condition), 0 if kept, negative on error.
 */
int odp_plan_drop(struct odp_plan *pl, const struct odp_row *row, struct odp_err *err);

/*
 * Transforms a kept row into the plan's output fields (odp_plan_out_fields), counting
 * changed values per column. With `only_qi`, transforms just the quasi-identifier
 * columns (the first k-anonymity pass). Errors carry FILE:LINE:COL of the value.
 */
int odp_plan_row(struct odp_plan *pl, struct odp_table *t, const struct odp_row *row, int only_qi,
                 struct odp_err *err);
const struct odp_field *odp_plan_out_fields(const struct odp_plan *pl);
/* The op of output column o (NULL for keep; tests compare the plan with ops alone). */
struct odp_op *odp_plan_op(const struct odp_plan *pl, size_t o);

/*
 * Writes one output row (fields f, normally odp_plan_out_fields) as CSV: the same bytes
 * as odp_csv_write_row, but runs of columns kept as is and unquoted in the input are
 * copied from the raw input in one piece.
 */
struct odp_out;
int odp_plan_write_row(const struct odp_plan *pl, const struct odp_field *f, struct odp_out *out);

/* Quasi-identifiers: their output column indexes (borrowed) and count. */
const size_t *odp_plan_qi(const struct odp_plan *pl, size_t *n);

/* Takes the last row's changes back out of the counters (a row not published). */
void odp_plan_uncount(struct odp_plan *pl);

/* Moves src's changed and drop_when counters into dst (plans of one policy and header;
 * the chunk-parallel release runs one plan per thread), derived columns' counters
 * included. */
void odp_plan_merge_counts(struct odp_plan *dst, struct odp_plan *src);

/* Resets the changed counters (before the pass that writes). */
void odp_plan_reset_counts(struct odp_plan *pl);

/*
 * The counters as numbers, for a partitioned release (lib/jobs/partition.c) whose
 * partitions run in other processes: *nchanged changed counters (one per input column)
 * and *ndrops drop_when counters (policy order) followed by 4 per derived column
 * (odp_derive_counts_get). odp_plan_counts_get copies them out,
 * odp_plan_counts_add adds such arrays (of a plan of the same policy and header) in.
 */
void odp_plan_count_sizes(const struct odp_plan *pl, size_t *nchanged, size_t *ndrops);
void odp_plan_counts_get(const struct odp_plan *pl, uint64_t *changed, uint64_t *drops);
void odp_plan_counts_add(struct odp_plan *pl, const uint64_t *changed, const uint64_t *drops);

/*
 * Per-column publication info for metadata and the report (borrowed, valid until
 * free): published columns in output order and dropped ones in input order.
 */
const struct odp_colinfo *odp_plan_colinfo(struct odp_plan *pl, size_t *n);
const struct odp_dropinfo *odp_plan_dropinfo(const struct odp_plan *pl, size_t *n);
/* The derived columns (derive.h), NULL when the policy derives none. */
struct odp_derive;
const struct odp_derive *odp_plan_derive(const struct odp_plan *pl);
/* Rows dropped by drop_when condition i (policy order). */
uint64_t odp_plan_drop_count(const struct odp_plan *pl, size_t i);

/* Human description of what a rule does ("pseudonymized: keyed HMAC-SHA-256 ..."). */
int odp_treatment_text(const struct odp_colrule *r, char *buf, size_t size);
/* Table Schema type of the published column. */
const char *odp_output_type(const struct odp_colrule *r);

#endif
