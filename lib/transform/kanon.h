/*
 * kanon.h - equivalence-class counting for k-anonymity (release and audit).
 *
 * A class is the tuple of a row's (transformed) quasi-identifier values. The counter
 * keeps one entry per class - 16 bytes of SHA-256 over the length-prefixed tuple and
 * a count - never the rows or the values, so memory grows with classes, not rows.
 */
#ifndef ODP_KANON_H
#define ODP_KANON_H

#include <stddef.h>
#include <stdint.h>

#include "odp/err.h"
#include "odp/report.h"
#include "table.h"

struct odp_kanon;


/* At most this many classes are kept (ODP_ELIMIT past it). */
#define ODP_KANON_MAX_CLASSES (64u << 20)

struct odp_kanon *odp_kanon_new(struct odp_err *err);
void odp_kanon_free(struct odp_kanon *k);

/* Counts the row whose QI values are f[qi[0..nqi)]. */
int odp_kanon_add(struct odp_kanon *k, const struct odp_field *f, const size_t *qi, size_t nqi,
                  struct odp_err *err);
/* Size of the row's class (0 if never added). */
uint64_t odp_kanon_count(struct odp_kanon *k, const struct odp_field *f, const size_t *qi,
                         size_t nqi);
/* Statistics for threshold k. */
void odp_kanon_stats(const struct odp_kanon *k, uint64_t kmin, struct odp_kanon_stats *st);

/*
 * Partial results (chunk-parallel and partitioned releases, lib/jobs/parallel.c): each
 * worker counts its rows into its own counter, then the counters are merged:
 * odp_kanon_merge(dst, src) adds src's counts to dst, so merging the counters of any
 * split of the input gives the counter of the whole input (order does not matter).
 * ODP_ENOMEM or ODP_ELIMIT (more classes than the cap) with err filled.
 */
int odp_kanon_merge(struct odp_kanon *dst, const struct odp_kanon *src, struct odp_err *err);

/*
 * Makes k's odp_kanon_count look classes up in `shared` (a merged counter nobody adds to
 * any more) with k's own digest state, so each thread counts with its own k against one
 * shared table. NULL goes back to k's own table.
 */
void odp_kanon_share(struct odp_kanon *k, const struct odp_kanon *shared);

/* Serialised counter (for a partitioned release's partial state): 24 bytes per class. */
size_t odp_kanon_classes(const struct odp_kanon *k);
int odp_kanon_export(const struct odp_kanon *k, uint8_t *out, size_t n);
int odp_kanon_import(struct odp_kanon *k, const uint8_t *in, size_t n, struct odp_err *err);

#endif
