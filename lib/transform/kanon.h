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

#endif
