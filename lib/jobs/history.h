/*
 * history.h - release history inside the jobs layer (internal): a published package
 * opened for reading (diff.c), and the differencing check of `release --previous`
 * (history.c, called from release.c).
 */
#ifndef ODP_HISTORY_H
#define ODP_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "kanon.h"
#include "odp/err.h"
#include "odp/report.h"
#include "policy.h"
#include "table.h"

/* A package (directory or archive) opened read-only: its report, policy and data. */
struct odp_pkgview {
    const char *path;
    char *root; /* directory holding policy.yaml, report.json, data/ */
    char *xdir; /* private copy of an archive's files (removed on release), or NULL */
    struct odp_report *rep;
    struct odp_policy *pol;
    char *csv; /* root/data/NAME.csv (the file report.json names) */
};

/* Opens `path`; on error err names the package (never a temp path). */
int odp_pkgview_open(const char *path, const char *policies_dir, struct odp_pkgview *v,
                     struct odp_err *err);
void odp_pkgview_release(struct odp_pkgview *v);

/*
 * release --previous PKG: no quasi-identifier class may change its published count by
 * 1..k-1 since PKG. Classes are the tuples of the policy's quasi-identifiers as
 * published (PKG must publish them all). For each class, with p its count in PKG and n
 * its count in this release after k-anonymity (0 when suppressed), the target is:
 * n when n == p or |n - p| >= k; p when n - p is 1..k-1 (the newest n - p rows of the
 * class, in input order, are held back until enough arrive); 0 when p - n is 1..k-1
 * (the whole class is held back: its count drops by p >= k).
 */
struct odp_history;

/* Loads PKG; `hdr` is the release's output header, qi[0..nqi) the QI positions in it. */
int odp_history_open(const char *prev, const struct odp_policy *p, const struct odp_field *hdr,
                     size_t nhdr, const size_t *qi, size_t nqi, struct odp_history **out,
                     struct odp_err *err);
void odp_history_free(struct odp_history *h);

/*
 * For a row about to be published (f = output fields, after k-anonymity), with `cur`
 * the release's class counter: 1 when the row is held back, 0 when it is published
 * (and counted), negative on error. Call odp_history_reset before each pass.
 */
int odp_history_hold(struct odp_history *h, struct odp_kanon *cur, const struct odp_field *f,
                     struct odp_err *err);
int odp_history_reset(struct odp_history *h, struct odp_err *err);

struct odp_history_stats {
    const char *previous; /* the previous package's name */
    uint64_t rows_held;   /* in the last pass */
    uint64_t classes_held;
};
void odp_history_stats(const struct odp_history *h, struct odp_history_stats *st);

#endif
