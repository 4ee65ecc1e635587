/*
 * smallcells.h - small-cell suppression for aggregate tables (counts by group).
 *
 * Policy: `privacy: {small_cells: {columns: [count], threshold: 10, complementary: true,
 * by: [indicator, month], marker: ""}}`. A count below `threshold` is replaced by the
 * marker (primary suppression). With `complementary`, a group (rows sharing the `by`
 * values) whose column has exactly one primary-suppressed cell also loses its smallest
 * other cell in that column (complementary suppression), so the hidden value cannot be
 * recovered by subtracting the published cells from a group total.
 *
 * Two passes over the published rows, like k-anonymity:
 *
 *     sc = odp_smallcells_new(policy, table, odp_plan_out_header(pl), odp_plan_nout(pl), &err);
 *     pass 1, for every row that is published (after drop_when and odp_plan_row):
 *         odp_smallcells_add(sc, table, &row, odp_plan_out_fields(pl), &err);
 *     odp_table_rewind(table, &err);
 *     pass 2, for the same rows in the same order:
 *         odp_smallcells_apply(sc, table, &row, odp_plan_out_fields(pl), &f, &err);
 *         odp_csv_write_row(&out, f, odp_plan_nout(pl));
 *     odp_smallcells_stats(sc, &st);  -> st.primary, st.complementary for report.json
 *
 * Pass 1 keeps per group and per column only the number of primary cells and the
 * record number and value of the smallest non-suppressed cell (one 16-byte digest of
 * the group key plus 24 bytes per column), never the rows. Memory grows with groups.
 * Rows must carry the same recno in both passes (odp_table_rewind guarantees it) and
 * pass 2 must see the same rows as pass 1 (a row left out of pass 2 after pass 1 could
 * be the chosen complementary cell).
 */
#ifndef ODP_SMALLCELLS_H
#define ODP_SMALLCELLS_H

#include <stddef.h>
#include <stdint.h>

#include "odp/err.h"
#include "policy.h"
#include "table.h"

struct odp_smallcells;

struct odp_smallcells_stats {
    uint64_t rows;          /* rows seen in pass 1 */
    uint64_t groups;        /* distinct `by` tuples */
    uint64_t primary;       /* cells suppressed because below threshold (pass 2) */
    uint64_t complementary; /* cells suppressed to protect a lone primary cell (pass 2) */
    uint64_t unprotected;   /* group columns with one primary cell and no other cell to
                               suppress with it (the group total reveals it) */
};

/* At most this many groups are kept (ODP_ELIMIT past it). */
#define ODP_SMALLCELLS_MAX_GROUPS (16u << 20)

/* 1 when the policy asks for small-cell suppression (threshold and columns set). */
int odp_smallcells_wanted(const struct odp_policy *p);

/*
 * Binds the policy's small_cells rule to the published columns `hdr[0..n)` (the plan's
 * output header; names are matched byte for byte). `t` is the input table: its header
 * maps a published column back to the input column, for error positions. Every
 * `columns` and `by` name must be published: otherwise ODP_EPOLICY naming the policy.
 * Returns NULL + err (ODP_EPOLICY, ODP_EINVAL when the policy asks for nothing,
 * ODP_ENOMEM). `p` and `t` must outlive the object; the marker is borrowed from p.
 */
struct odp_smallcells *odp_smallcells_new(const struct odp_policy *p, const struct odp_table *t,
                                          const struct odp_field *hdr, size_t n,
                                          struct odp_err *err);
void odp_smallcells_free(struct odp_smallcells *sc);

/*
 * Pass 1: records row `row` (its recno) with published fields f[0..n). A count that is
 * not a non-negative decimal integer (digits only, at most 2^64-1) is ODP_EDATA at the
 * value's FILE:LINE:COL (from odp_table_locate on `t`'s last row: call it before reading
 * the next row). Also ODP_ENOMEM, ODP_ELIMIT, ODP_EINVAL when called after pass 2 began.
 */
int odp_smallcells_add(struct odp_smallcells *sc, const struct odp_table *t,
                       const struct odp_row *row, const struct odp_field *f,
                       struct odp_err *err);

/*
 * Pass 2: sets *out to the fields to publish: f with suppressed counts replaced by the
 * marker. *out is owned by sc and valid until the next call; its other views point
 * into f. Errors as in odp_smallcells_add; ODP_EINTERNAL when the row's group was
 * never seen in pass 1 (the passes saw different rows).
 */
int odp_smallcells_apply(struct odp_smallcells *sc, const struct odp_table *t,
                         const struct odp_row *row, const struct odp_field *f,
                         const struct odp_field **out, struct odp_err *err);

/* Counts so far (primary and complementary grow during pass 2). */
void odp_smallcells_stats(const struct odp_smallcells *sc, struct odp_smallcells_stats *st);

/*
 * Partial results (chunk-parallel and partitioned releases): odp_smallcells_merge adds
 * src's groups (primary counts summed, the smallest other cell kept, ties to the lower
 * recno) and its row and suppression counters to dst, so merging the pass-1 states of
 * any split of the input (rows numbered as in the whole input) gives the state of the
 * whole input. odp_smallcells_share makes sc's pass 2 look groups up in `shared` (a
 * merged state nobody adds to) while sc keeps its own digest state, output row and
 * counters; merge those counters back afterwards. ODP_ENOMEM, ODP_ELIMIT.
 */
int odp_smallcells_merge(struct odp_smallcells *dst, const struct odp_smallcells *src,
                         struct odp_err *err);
void odp_smallcells_share(struct odp_smallcells *sc, const struct odp_smallcells *shared);
/* Serialised state (a partitioned release's partial state). */
size_t odp_smallcells_state_size(const struct odp_smallcells *sc);
int odp_smallcells_export(const struct odp_smallcells *sc, uint8_t *out, size_t n);
int odp_smallcells_import(struct odp_smallcells *sc, const uint8_t *in, size_t n,
                          struct odp_err *err);

#endif
