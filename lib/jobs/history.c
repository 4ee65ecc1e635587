/*
 * history.c - `release --previous PKG`: no quasi-identifier class changes its published
 * count by 1..k-1 between the previous release and this one (history.h has the rule).
 *
 * The previous package's class counts are taken from its published data (the
 * quasi-identifier columns as published, so the same policy gives the same tuples) into
 * a digest counter (kanon.h): memory grows with classes, never rows, and no value is
 * kept. During a pass, a second counter holds what this release has published so far
 * per class, and a third the classes that had a row held back.
 *
 * The report names no class: it says how many rows and classes were held back and why.
 * Naming a held class and its count would publish the very difference being hidden.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"

struct odp_history {
    struct odp_kanon *prev, *pub, *held;
    size_t *qi;
    size_t nqi;
    uint32_t k;
    char *previous;
    uint64_t rows_held;
};

void
odp_history_free(struct odp_history *h)
{
    if (h == NULL) {
        return;
    }
    odp_kanon_free(h->prev);
    odp_kanon_free(h->pub);
    odp_kanon_free(h->held);
    free(h->qi);
    free(h->previous);
    free(h);
}

/* Counts the previous release's classes; pidx[i] is qi[i]'s column in its data. */
static int
count_previous(struct odp_history *h, const char *csv, const struct odp_field *hdr,
               struct odp_err *err)
{
    struct odp_table *t = odp_table_open(csv, ODP_FMT_CSV, 0, err);
    const struct odp_row *ph;
    struct odp_row row;
    size_t *pidx, i, j;
    int rc = ODP_OK;

    if (t == NULL) {
        return err != NULL && err->code != ODP_OK ? err->code : ODP_EIO;
    }
    ph = odp_table_header(t);
    pidx = calloc(h->nqi + 1, sizeof(*pidx));
    if (pidx == NULL) {
        odp_table_free(t);
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    for (i = 0; i < h->nqi && rc == ODP_OK; i++) {
        const struct odp_field *name = &hdr[h->qi[i]];

        for (j = 0; j < ph->n; j++) {
            if (ph->f[j].len == name->len && memcmp(ph->f[j].p, name->p, name->len) == 0) {
                break;
            }
        }
        if (j == ph->n) {
            rc = odp_errf(err, ODP_EINVAL, &(struct odp_loc){csv, 1, 1},
                          "the previous release does not publish quasi-identifier '%.*s': "
                          "classes cannot be compared",
                          (int)(name->len > 200 ? 200 : name->len), name->p);
        }
        pidx[i] = j;
    }
    while (rc == ODP_OK && (rc = odp_table_next(t, &row, err)) == ODP_OK) {
        if (row.n != ph->n) {
            rc = odp_errf(err, ODP_ESYNTAX, &(struct odp_loc){csv, row.line, 1},
                          "row has %zu fields, the header %zu", row.n, ph->n);
            break;
        }
        rc = odp_kanon_add(h->prev, row.f, pidx, h->nqi, err);
    }
    if (rc == ODP_END) {
        rc = ODP_OK;
    }
    free(pidx);
    odp_table_free(t);
    return rc;
}

int
odp_history_open(const char *prev, const struct odp_policy *p, const struct odp_field *hdr,
                 size_t nhdr, const size_t *qi, size_t nqi, struct odp_history **out,
                 struct odp_err *err)
{
    struct odp_history *h;
    struct odp_pkgview v;
    size_t i;
    int rc;

    *out = NULL;
    if (p->k == 0 || nqi == 0) {
        return odp_errf(err, ODP_EINVAL, &(struct odp_loc){p->path, 0, 0},
                        "--previous compares quasi-identifier classes: the policy needs "
                        "privacy.k and quasi_identifiers");
    }
    h = calloc(1, sizeof(*h));
    if (h == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    h->k = p->k;
    h->nqi = nqi;
    h->qi = calloc(nqi, sizeof(*h->qi));
    h->prev = odp_kanon_new(err);
    h->pub = odp_kanon_new(err);
    h->held = odp_kanon_new(err);
    if (h->qi == NULL || h->prev == NULL || h->pub == NULL || h->held == NULL) {
        odp_history_free(h);
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    for (i = 0; i < nqi; i++) {
        if (qi[i] >= nhdr) {
            odp_history_free(h);
            return odp_errf(err, ODP_EINTERNAL, NULL, "quasi-identifier out of range");
        }
        h->qi[i] = qi[i];
    }
    rc = odp_pkgview_open(prev, NULL, &v, err);
    if (rc == ODP_OK &&
        (v.rep->policy == NULL || p->name == NULL || strcmp(v.rep->policy, p->name) != 0)) {
        rc = odp_errf(err, ODP_EINVAL, &(struct odp_loc){prev, 0, 0},
                      "--previous is a release of '%s', not of '%s'",
                      v.rep->policy != NULL ? v.rep->policy : "?", p->name != NULL ? p->name : "?");
    }
    if (rc == ODP_OK) {
        h->previous = strdup(v.rep->package != NULL ? v.rep->package : prev);
        rc = h->previous != NULL ? count_previous(h, v.csv, hdr, err)
                                 : odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        if (rc != ODP_OK && v.xdir != NULL && strncmp(err->path, v.xdir, strlen(v.xdir)) == 0) {
            snprintf(err->path, sizeof(err->path), "%s", prev);
        }
    }
    odp_pkgview_release(&v);
    if (rc != ODP_OK) {
        odp_history_free(h);
        return rc;
    }
    *out = h;
    return ODP_OK;
}

int
odp_history_reset(struct odp_history *h, struct odp_err *err)
{
    odp_kanon_free(h->pub);
    odp_kanon_free(h->held);
    h->held = NULL;
    h->pub = odp_kanon_new(err);
    h->held = h->pub != NULL ? odp_kanon_new(err) : NULL;
    h->rows_held = 0;
    return h->held != NULL ? ODP_OK : ODP_ENOMEM;
}

int
odp_history_hold(struct odp_history *h, struct odp_kanon *cur, const struct odp_field *f,
                 struct odp_err *err)
{
    uint64_t n = odp_kanon_count(cur, f, h->qi, h->nqi);
    uint64_t p = odp_kanon_count(h->prev, f, h->qi, h->nqi);
    uint64_t target;
    int rc;

    if (n < h->k) {
        n = 0; /* suppressed by k-anonymity: not asked about, but be safe */
    }
    target = n;
    if (n > p && n - p < h->k) {
        target = p;
    } else if (p > n && p - n < h->k) {
        target = 0;
    }
    if (odp_kanon_count(h->pub, f, h->qi, h->nqi) < target) {
        rc = odp_kanon_add(h->pub, f, h->qi, h->nqi, err);
        return rc == ODP_OK ? 0 : rc;
    }
    h->rows_held++;
    if (odp_kanon_count(h->held, f, h->qi, h->nqi) == 0) {
        rc = odp_kanon_add(h->held, f, h->qi, h->nqi, err);
        if (rc != ODP_OK) {
            return rc;
        }
    }
    return 1;
}

void
odp_history_stats(const struct odp_history *h, struct odp_history_stats *st)
{
    struct odp_kanon_stats ks;

    memset(st, 0, sizeof(*st));
    st->previous = h->previous;
    st->rows_held = h->rows_held;
    odp_kanon_stats(h->held, 1, &ks);
    st->classes_held = ks.classes;
}
