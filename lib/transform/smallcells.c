/*
 * smallcells.c - primary and complementary small-cell suppression in two passes.
 *
 * Pass 1 hashes each published row's `by` values (SHA-256 over length-prefixed values,
 * first 16 bytes, as kanon.c does, so ("ab","c") and ("a","bc") are different groups)
 * into an open-addressing table. Per group and counted column it keeps: how many cells
 * fall below the threshold, and the record number and value of the smallest cell at or
 * above it (ties: the earlier record). Pass 2 decides each cell from the row alone plus
 * that summary, so no row is ever held in memory.
 *
 * Promises: no cell value reaches an error message (a bad count is named by position and
 * column); the decision is deterministic for the same input (same recnos, same ties).
 */
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "dmap.h"
#include "smallcells.h"

struct cell {
    uint64_t nprim;     /* cells below threshold */
    uint64_t best_val;  /* smallest value >= threshold */
    uint64_t best_rec;  /* its recno; 0 = no such cell */
};

struct odp_smallcells {
    const struct odp_policy *p;
    size_t ncols, nby, nout;
    size_t *col_out, *col_in;   /* counted columns: output and input index */
    size_t *by_out;             /* group columns: output index */
    uint64_t threshold;
    int complementary;
    struct odp_field marker;
    struct odp_dmap groups;     /* group digest -> ncols cells (common/dmap.h) */
    const struct odp_smallcells *shared; /* pass 2 looks groups up here when set */
    int pass2;
    struct odp_field *outf;     /* pass-2 output row */
    struct odp_tdigest td;
    struct odp_smallcells_stats st;
};

int
odp_smallcells_wanted(const struct odp_policy *p)
{
    return p != NULL && p->sc_threshold > 0 && p->nsc_columns > 0;
}

static int
index_of(const struct odp_field *hdr, size_t n, const char *name, size_t *idx)
{
    size_t i, len = strlen(name);

    for (i = 0; i < n; i++) {
        if (hdr[i].len == len && memcmp(hdr[i].p, name, len) == 0) {
            *idx = i;
            return 1;
        }
    }
    return 0;
}

struct odp_smallcells *
odp_smallcells_new(const struct odp_policy *p, const struct odp_table *t,
                   const struct odp_field *hdr, size_t n, struct odp_err *err)
{
    struct odp_smallcells *sc;
    const struct odp_row *in = t != NULL ? odp_table_header(t) : NULL;
    struct odp_loc loc = {p != NULL ? p->path : NULL, 0, 0};
    size_t i;

    if (!odp_smallcells_wanted(p) || in == NULL || (hdr == NULL && n > 0)) {
        odp_errf(err, ODP_EINVAL, NULL, "small_cells: the policy asks for no suppression");
        return NULL;
    }
    sc = calloc(1, sizeof(*sc));
    if (sc == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    sc->p = p;
    sc->ncols = p->nsc_columns;
    sc->nby = p->nsc_by;
    sc->nout = n;
    sc->threshold = p->sc_threshold;
    sc->complementary = p->sc_complementary;
    sc->marker.p = p->sc_marker != NULL ? p->sc_marker : "";
    sc->marker.len = strlen(sc->marker.p);
    sc->col_out = calloc(sc->ncols, sizeof(*sc->col_out));
    sc->col_in = calloc(sc->ncols, sizeof(*sc->col_in));
    sc->by_out = calloc(sc->nby + 1, sizeof(*sc->by_out));
    sc->outf = calloc(n + 1, sizeof(*sc->outf));
    if (sc->col_out == NULL || sc->col_in == NULL || sc->by_out == NULL || sc->outf == NULL ||
        odp_tdigest_init(&sc->td) != ODP_OK ||
        odp_dmap_init(&sc->groups, (sc->ncols > 0 ? sc->ncols : 1) * sizeof(struct cell), 256,
                      ODP_SMALLCELLS_MAX_GROUPS) != ODP_OK) {
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        goto fail;
    }
    for (i = 0; i < sc->ncols; i++) {
        const char *name = p->sc_columns[i];
        size_t j;

        if (!index_of(hdr, n, name, &sc->col_out[i])) {
            odp_errf(err, ODP_EPOLICY, &loc,
                     "small_cells: column '%s' is not a published column", name);
            goto fail;
        }
        if (!index_of(in->f, in->n, name, &sc->col_in[i])) {
            odp_errf(err, ODP_EPOLICY, &loc, "small_cells: column '%s' is not in the data",
                     name);
            goto fail;
        }
        for (j = 0; j < i; j++) {
            if (sc->col_out[j] == sc->col_out[i]) {
                odp_errf(err, ODP_EPOLICY, &loc, "small_cells: column '%s' is listed twice",
                         name);
                goto fail;
            }
        }
    }
    for (i = 0; i < sc->nby; i++) {
        if (!index_of(hdr, n, p->sc_by[i], &sc->by_out[i])) {
            odp_errf(err, ODP_EPOLICY, &loc,
                     "small_cells: 'by' column '%s' is not a published column", p->sc_by[i]);
            goto fail;
        }
    }
    return sc;
fail:
    odp_smallcells_free(sc);
    return NULL;
}

void
odp_smallcells_free(struct odp_smallcells *sc)
{
    if (sc == NULL) {
        return;
    }
    free(sc->col_out);
    free(sc->col_in);
    free(sc->by_out);
    free(sc->outf);
    odp_dmap_free(&sc->groups);
    odp_tdigest_free(&sc->td);
    free(sc);
}

static int
group_digest(struct odp_smallcells *sc, const struct odp_field *f, uint8_t out[16],
             struct odp_err *err)
{
    size_t i;
    int rc = odp_tdigest_begin(&sc->td);

    for (i = 0; rc == ODP_OK && i < sc->nby; i++) {
        rc = odp_tdigest_add(&sc->td, f[sc->by_out[i]].p, f[sc->by_out[i]].len);
    }
    if (rc == ODP_OK) {
        rc = odp_tdigest_end(&sc->td, out);
    }
    return rc == ODP_OK ? ODP_OK : odp_errf(err, ODP_EINTERNAL, NULL, "SHA-256 failed");
}

/* A group's cells: new ones start zeroed (no primary cell, no best cell). */
static int
group_cells(struct odp_smallcells *sc, const uint8_t d[16], struct cell **cells,
            struct odp_err *err)
{
    void *v;
    int rc = odp_dmap_upsert(&sc->groups, d, &v);

    if (rc == ODP_ELIMIT) {
        return odp_errf(err, ODP_ELIMIT, NULL, "small_cells: more than %u groups",
                        ODP_SMALLCELLS_MAX_GROUPS);
    }
    if (rc < 0) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory counting small-cell groups");
    }
    *cells = v;
    return ODP_OK;
}

/* Parses counted column i of the row: digits only, fits in 64 bits. */
static int
parse_count(const struct odp_smallcells *sc, const struct odp_table *t, size_t i,
            const struct odp_field *v, uint64_t *out, struct odp_err *err)
{
    uint64_t x = 0, line = 0, col = 0;
    size_t k;
    const char *why = NULL;

    if (v->len == 0) {
        why = "is empty";
    }
    for (k = 0; k < v->len && why == NULL; k++) {
        unsigned d = (unsigned char)v->p[k] - '0';

        if (d > 9) {
            why = "is not a non-negative integer";
        } else if (x > (UINT64_MAX - d) / 10) {
            why = "is too large";
        } else {
            x = x * 10 + d;
        }
    }
    if (why != NULL) {
        odp_table_locate(t, sc->col_in[i], &line, &col);
        return odp_errf(err, ODP_EDATA, &(struct odp_loc){odp_table_path(t), line, col},
                        "column '%s': a count %s (small_cells needs counts as digits)",
                        sc->p->sc_columns[i], why);
    }
    *out = x;
    return ODP_OK;
}

int
odp_smallcells_add(struct odp_smallcells *sc, const struct odp_table *t,
                   const struct odp_row *row, const struct odp_field *f, struct odp_err *err)
{
    uint8_t d[16];
    uint64_t v;
    struct cell *cells = NULL;
    size_t i;
    int rc;

    if (sc->pass2) {
        return odp_errf(err, ODP_EINVAL, NULL, "small_cells: pass 1 after pass 2 began");
    }
    rc = group_digest(sc, f, d, err);
    if (rc < 0) {
        return rc;
    }
    rc = group_cells(sc, d, &cells, err);
    if (rc < 0) {
        return rc;
    }
    for (i = 0; i < sc->ncols; i++) {
        struct cell *c = &cells[i];

        rc = parse_count(sc, t, i, &f[sc->col_out[i]], &v, err);
        if (rc < 0) {
            return rc;
        }
        if (v < sc->threshold) {
            c->nprim++;
        } else if (c->best_rec == 0 || v < c->best_val) {
            /* Strictly smaller only: on a tie the earlier record stays. */
            c->best_val = v;
            c->best_rec = row->recno;
        }
    }
    sc->st.rows++;
    return ODP_OK;
}

int
odp_smallcells_apply(struct odp_smallcells *sc, const struct odp_table *t,
                     const struct odp_row *row, const struct odp_field *f,
                     const struct odp_field **out, struct odp_err *err)
{
    uint8_t d[16];
    uint64_t v;
    const struct cell *cells;
    size_t i;
    int rc;

    sc->pass2 = 1;
    rc = group_digest(sc, f, d, err);
    if (rc < 0) {
        return rc;
    }
    cells = odp_dmap_get(sc->shared != NULL ? &sc->shared->groups : &sc->groups, d);
    if (cells == NULL) {
        return odp_errf(err, ODP_EINTERNAL, NULL,
                        "small_cells: record %llu belongs to a group pass 1 never saw",
                        (unsigned long long)row->recno);
    }
    memcpy(sc->outf, f, sc->nout * sizeof(*f));
    for (i = 0; i < sc->ncols; i++) {
        const struct cell *c = &cells[i];

        rc = parse_count(sc, t, i, &f[sc->col_out[i]], &v, err);
        if (rc < 0) {
            return rc;
        }
        if (v < sc->threshold) {
            sc->outf[sc->col_out[i]] = sc->marker;
            sc->st.primary++;
        } else if (sc->complementary && c->nprim == 1 && c->best_rec == row->recno) {
            sc->outf[sc->col_out[i]] = sc->marker;
            sc->st.complementary++;
        }
    }
    *out = sc->outf;
    return ODP_OK;
}

void
odp_smallcells_stats(const struct odp_smallcells *sc, struct odp_smallcells_stats *st)
{
    const struct cell *cells;
    size_t s, i;

    *st = sc->st;
    st->groups = sc->groups.n;
    st->unprotected = 0;
    for (s = 0; s < sc->groups.cap; s++) {
        cells = odp_dmap_at(&sc->groups, s, NULL);
        for (i = 0; cells != NULL && i < sc->ncols; i++) {
            const struct cell *c = &cells[i];

            if (c->nprim == 1 && (c->best_rec == 0 || !sc->complementary)) {
                st->unprotected++;
            }
        }
    }
}

/* One cell of src into dst: the same as if dst had seen src's rows too. */
static void
merge_cell(struct cell *dst, const struct cell *src)
{
    dst->nprim += src->nprim;
    if (src->best_rec != 0 &&
        (dst->best_rec == 0 || src->best_val < dst->best_val ||
         (src->best_val == dst->best_val && src->best_rec < dst->best_rec))) {
        dst->best_val = src->best_val; /* ties: the earlier record, as in one pass */
        dst->best_rec = src->best_rec;
    }
}

int
odp_smallcells_merge(struct odp_smallcells *dst, const struct odp_smallcells *src,
                     struct odp_err *err)
{
    const struct cell *from;
    struct cell *to = NULL;
    const uint8_t *key;
    size_t s, i;
    int rc;

    if (dst->ncols != src->ncols) {
        return odp_errf(err, ODP_EINTERNAL, NULL, "small_cells: merging different rules");
    }
    for (s = 0; s < src->groups.cap; s++) {
        from = odp_dmap_at(&src->groups, s, &key);
        if (from == NULL) {
            continue;
        }
        rc = group_cells(dst, key, &to, err);
        if (rc < 0) {
            return rc;
        }
        for (i = 0; i < dst->ncols; i++) {
            merge_cell(&to[i], &from[i]);
        }
    }
    dst->st.rows += src->st.rows;
    dst->st.primary += src->st.primary;
    dst->st.complementary += src->st.complementary;
    return ODP_OK;
}

void
odp_smallcells_share(struct odp_smallcells *sc, const struct odp_smallcells *shared)
{
    sc->shared = shared;
}

size_t
odp_smallcells_state_size(const struct odp_smallcells *sc)
{
    return sc->groups.n * (16 + sc->ncols * 24) + 24;
}

/* rows, primary, complementary; then per group its digest and per column 3 numbers. */
int
odp_smallcells_export(const struct odp_smallcells *sc, uint8_t *out, size_t n)
{
    const struct cell *cells;
    const uint8_t *key;
    size_t s, i, at = 24;

    if (n != odp_smallcells_state_size(sc)) {
        return ODP_EINVAL;
    }
    odp_le64_put(out, sc->st.rows);
    odp_le64_put(out + 8, sc->st.primary);
    odp_le64_put(out + 16, sc->st.complementary);
    for (s = 0; s < sc->groups.cap; s++) {
        cells = odp_dmap_at(&sc->groups, s, &key);
        if (cells == NULL) {
            continue;
        }
        memcpy(out + at, key, 16);
        at += 16;
        for (i = 0; i < sc->ncols; i++, at += 24) {
            odp_le64_put(out + at, cells[i].nprim);
            odp_le64_put(out + at + 8, cells[i].best_val);
            odp_le64_put(out + at + 16, cells[i].best_rec);
        }
    }
    return ODP_OK;
}

int
odp_smallcells_import(struct odp_smallcells *sc, const uint8_t *in, size_t n,
                      struct odp_err *err)
{
    size_t per = 16 + sc->ncols * 24, at, i;
    struct cell *to = NULL, c;
    int rc;

    if (n < 24 || (n - 24) % per != 0) {
        return odp_errf(err, ODP_ESYNTAX, NULL, "small_cells partial state: bad length");
    }
    sc->st.rows += odp_le64_get(in);
    sc->st.primary += odp_le64_get(in + 8);
    sc->st.complementary += odp_le64_get(in + 16);
    for (at = 24; at < n; at += per) {
        rc = group_cells(sc, in + at, &to, err);
        if (rc < 0) {
            return rc;
        }
        for (i = 0; i < sc->ncols; i++) {
            c.nprim = odp_le64_get(in + at + 16 + 24 * i);
            c.best_val = odp_le64_get(in + at + 24 + 24 * i);
            c.best_rec = odp_le64_get(in + at + 32 + 24 * i);
            merge_cell(&to[i], &c);
        }
    }
    return ODP_OK;
}
