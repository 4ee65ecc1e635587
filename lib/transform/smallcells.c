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

#include <openssl/evp.h>

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
    /* group table: digests (16 bytes each, used[] marks a slot) and ncols cells per slot */
    uint8_t *dig;
    uint8_t *used;
    struct cell *cells;
    size_t cap, ngroups;
    int pass2;
    struct odp_field *outf;     /* pass-2 output row */
    EVP_MD_CTX *base, *work;
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

static int
alloc_table(struct odp_smallcells *sc, size_t cap)
{
    sc->dig = calloc(cap, 16);
    sc->used = calloc(cap, 1);
    sc->cells = calloc(cap * sc->ncols, sizeof(*sc->cells));
    sc->cap = cap;
    return sc->dig != NULL && sc->used != NULL && sc->cells != NULL;
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
    sc->base = EVP_MD_CTX_new();
    sc->work = EVP_MD_CTX_new();
    if (sc->col_out == NULL || sc->col_in == NULL || sc->by_out == NULL || sc->outf == NULL ||
        sc->base == NULL || sc->work == NULL || !alloc_table(sc, 256) ||
        EVP_DigestInit_ex(sc->base, EVP_sha256(), NULL) != 1) {
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
    free(sc->dig);
    free(sc->used);
    free(sc->cells);
    EVP_MD_CTX_free(sc->base);
    EVP_MD_CTX_free(sc->work);
    free(sc);
}

static int
group_digest(struct odp_smallcells *sc, const struct odp_field *f, uint8_t out[16],
             struct odp_err *err)
{
    uint8_t full[32];
    unsigned int len = 0;
    size_t i;
    int b;

    if (EVP_MD_CTX_copy_ex(sc->work, sc->base) != 1) {
        return odp_errf(err, ODP_EINTERNAL, NULL, "SHA-256 failed");
    }
    for (i = 0; i < sc->nby; i++) {
        const struct odp_field *v = &f[sc->by_out[i]];
        uint8_t le[8];

        for (b = 0; b < 8; b++) {
            le[b] = (uint8_t)((uint64_t)v->len >> (8 * b));
        }
        if (EVP_DigestUpdate(sc->work, le, 8) != 1 ||
            EVP_DigestUpdate(sc->work, v->p, v->len) != 1) {
            return odp_errf(err, ODP_EINTERNAL, NULL, "SHA-256 failed");
        }
    }
    if (EVP_DigestFinal_ex(sc->work, full, &len) != 1) {
        return odp_errf(err, ODP_EINTERNAL, NULL, "SHA-256 failed");
    }
    memcpy(out, full, 16);
    return ODP_OK;
}

/* Slot of digest d: where it is, or the empty slot where it would go. */
static size_t
find(const uint8_t *dig, const uint8_t *used, size_t cap, const uint8_t d[16])
{
    uint64_t h;
    size_t i;

    memcpy(&h, d, 8);
    i = (size_t)h & (cap - 1);
    while (used[i] && memcmp(dig + 16 * i, d, 16) != 0) {
        i = (i + 1) & (cap - 1);
    }
    return i;
}

static int
grow(struct odp_smallcells *sc, struct odp_err *err)
{
    uint8_t *odig = sc->dig, *oused = sc->used;
    struct cell *ocells = sc->cells;
    size_t ocap = sc->cap, i, j;

    if (!alloc_table(sc, ocap * 2)) {
        free(sc->dig);
        free(sc->used);
        free(sc->cells);
        sc->dig = odig;
        sc->used = oused;
        sc->cells = ocells;
        sc->cap = ocap;
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory counting small-cell groups");
    }
    for (i = 0; i < ocap; i++) {
        if (!oused[i]) {
            continue;
        }
        j = find(sc->dig, sc->used, sc->cap, odig + 16 * i);
        sc->used[j] = 1;
        memcpy(sc->dig + 16 * j, odig + 16 * i, 16);
        memcpy(&sc->cells[j * sc->ncols], &ocells[i * sc->ncols], sc->ncols * sizeof(*ocells));
    }
    free(odig);
    free(oused);
    free(ocells);
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
    size_t s, i;
    int rc;

    if (sc->pass2) {
        return odp_errf(err, ODP_EINVAL, NULL, "small_cells: pass 1 after pass 2 began");
    }
    rc = group_digest(sc, f, d, err);
    if (rc < 0) {
        return rc;
    }
    s = find(sc->dig, sc->used, sc->cap, d);
    if (!sc->used[s]) {
        if (sc->ngroups + 1 > ODP_SMALLCELLS_MAX_GROUPS) {
            return odp_errf(err, ODP_ELIMIT, NULL, "small_cells: more than %u groups",
                            ODP_SMALLCELLS_MAX_GROUPS);
        }
        if ((sc->ngroups + 1) * 10 > sc->cap * 7) {
            rc = grow(sc, err);
            if (rc < 0) {
                return rc;
            }
            s = find(sc->dig, sc->used, sc->cap, d);
        }
        sc->used[s] = 1;
        memcpy(sc->dig + 16 * s, d, 16);
        sc->ngroups++;
    }
    for (i = 0; i < sc->ncols; i++) {
        struct cell *c = &sc->cells[s * sc->ncols + i];

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
    size_t s, i;
    int rc;

    sc->pass2 = 1;
    rc = group_digest(sc, f, d, err);
    if (rc < 0) {
        return rc;
    }
    s = find(sc->dig, sc->used, sc->cap, d);
    if (!sc->used[s]) {
        return odp_errf(err, ODP_EINTERNAL, NULL,
                        "small_cells: record %llu belongs to a group pass 1 never saw",
                        (unsigned long long)row->recno);
    }
    memcpy(sc->outf, f, sc->nout * sizeof(*f));
    for (i = 0; i < sc->ncols; i++) {
        const struct cell *c = &sc->cells[s * sc->ncols + i];

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
    size_t s, i;

    *st = sc->st;
    st->groups = sc->ngroups;
    st->unprotected = 0;
    for (s = 0; s < sc->cap; s++) {
        for (i = 0; sc->used[s] && i < sc->ncols; i++) {
            const struct cell *c = &sc->cells[s * sc->ncols + i];

            if (c->nprim == 1 && (c->best_rec == 0 || !sc->complementary)) {
                st->unprotected++;
            }
        }
    }
}
