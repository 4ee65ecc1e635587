/*
 * diff_count.c - the counting half of `odpub diff` (odp/diff.h): quasi-identifier classes
 * and small-cell count cells of two releases in one table keyed by the published values
 * (length-prefixed, so ("ab","c") and ("a","bc") differ), each entry holding its count
 * in OLD and in NEW. Memory grows with classes and cells, never with rows. Only the
 * values of the compared quasi-identifier and group columns enter the table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diff_int.h"
#include "hash.h"
#include "odp/diff.h"
#include "table.h"

#define MAP_MAX_ENTRIES (32u << 20)

/* ---------------------------------------------------------------- counting table */

struct entry {
    char *key; /* length-prefixed values (u32 LE length, bytes)... */
    size_t klen;
    uint64_t hash;
    uint32_t col;    /* cells: count column index into the compared list */
    uint64_t c[2];   /* count in OLD, NEW */
    uint8_t seen[2]; /* present (classes) / published (cells) in OLD, NEW */
};

struct map {
    struct entry *t;
    size_t cap, used;
};

static uint64_t
hash_bytes(const char *p, size_t n, uint32_t col)
{
    uint64_t h = odp_fnv1a(ODP_FNV_BASIS ^ col, p, n);

    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 32;
    return h;
}

static void
map_free(struct map *m)
{
    size_t i;

    for (i = 0; m->t != NULL && i < m->cap; i++) {
        free(m->t[i].key);
    }
    free(m->t);
    memset(m, 0, sizeof(*m));
}

static int
map_grow(struct map *m)
{
    size_t ncap = m->cap == 0 ? 1024 : m->cap * 2, i;
    struct entry *nt = calloc(ncap, sizeof(*nt));

    if (nt == NULL) {
        return ODP_ENOMEM;
    }
    for (i = 0; i < m->cap; i++) {
        if (m->t[i].key != NULL) {
            size_t j = m->t[i].hash & (ncap - 1);

            while (nt[j].key != NULL) {
                j = (j + 1) & (ncap - 1);
            }
            nt[j] = m->t[i];
        }
    }
    free(m->t);
    m->t = nt;
    m->cap = ncap;
    return ODP_OK;
}

/* The entry for key/col, created when absent. NULL on OOM or past the cap. */
static struct entry *
map_get(struct map *m, const char *key, size_t klen, uint32_t col)
{
    uint64_t h = hash_bytes(key, klen, col);
    size_t j;

    if ((m->used + 1) * 2 > m->cap) {
        if (m->used >= MAP_MAX_ENTRIES || map_grow(m) != ODP_OK) {
            return NULL;
        }
    }
    j = h & (m->cap - 1);
    while (m->t[j].key != NULL) {
        struct entry *e = &m->t[j];

        if (e->hash == h && e->col == col && e->klen == klen && memcmp(e->key, key, klen) == 0) {
            return e;
        }
        j = (j + 1) & (m->cap - 1);
    }
    m->t[j].key = malloc(klen > 0 ? klen : 1);
    if (m->t[j].key == NULL) {
        return NULL;
    }
    memcpy(m->t[j].key, key, klen);
    m->t[j].klen = klen;
    m->t[j].hash = h;
    m->t[j].col = col;
    m->used++;
    return &m->t[j];
}

/* Appends the length-prefixed values f[idx[0..n)] to b. */
static int
make_key(struct odp_buf *b, const struct odp_field *f, size_t nf, const size_t *idx, size_t n,
         struct odp_err *err)
{
    size_t i;
    int rc = ODP_OK;

    odp_buf_reset(b);
    for (i = 0; i < n && rc == ODP_OK; i++) {
        const struct odp_field *v = idx[i] < nf ? &f[idx[i]] : NULL;
        uint32_t len = v != NULL ? (uint32_t)v->len : 0;
        unsigned char le[4] = {(unsigned char)len, (unsigned char)(len >> 8),
                               (unsigned char)(len >> 16), (unsigned char)(len >> 24)};

        rc = odp_buf_add(b, le, 4, err);
        if (rc == ODP_OK && len > 0) {
            rc = odp_buf_add(b, v->p, len, err);
        }
    }
    return rc;
}

/* Splits a key back into n strings (caller frees the array and each string). */
static char **
split_key(const char *k, size_t klen, size_t n)
{
    char **v = calloc(n + 1, sizeof(*v));
    size_t i, off = 0;

    if (v == NULL) {
        return NULL;
    }
    for (i = 0; i < n; i++) {
        uint32_t len = 0;

        if (off + 4 <= klen) {
            len = (uint32_t)(unsigned char)k[off] | (uint32_t)(unsigned char)k[off + 1] << 8 |
                  (uint32_t)(unsigned char)k[off + 2] << 16 |
                  (uint32_t)(unsigned char)k[off + 3] << 24;
            off += 4;
        }
        if (off + len > klen) {
            len = 0;
        }
        v[i] = strndup(k + off, len);
        off += len;
        if (v[i] == NULL) {
            size_t j;

            for (j = 0; j < i; j++) {
                free(v[j]);
            }
            free(v);
            return NULL;
        }
    }
    return v;
}

/* Index of column `name` in the header, or (size_t)-1. */
static size_t
col_index(const struct odp_row *h, const char *name)
{
    size_t i, n = strlen(name);

    for (i = 0; i < h->n; i++) {
        if (h->f[i].len == n && memcmp(h->f[i].p, name, n) == 0) {
            return i;
        }
    }
    return (size_t)-1;
}

/* A cell's published count: digits only; anything else (the marker, "") is suppressed. */
static int
cell_value(const struct odp_field *f, uint64_t *out)
{
    uint64_t v = 0;
    size_t i;

    if (f->len == 0 || f->len > 18) {
        return 0;
    }
    for (i = 0; i < f->len; i++) {
        if (f->p[i] < '0' || f->p[i] > '9') {
            return 0;
        }
        v = v * 10 + (uint64_t)(f->p[i] - '0');
    }
    *out = v;
    return 1;
}

/*
 * Reads one side's CSV into the map. Classes: key = values of names[0..n). Cells:
 * key = values of names[0..n) (the groups), one entry per count column cnt[0..ncnt).
 */
static int
count_side(const char *csv, int side, char *const *names, size_t n, char *const *cnt, size_t ncnt,
           struct map *m, struct odp_err *err)
{
    struct odp_table *t = odp_table_open(csv, ODP_FMT_CSV, 0, err);
    const struct odp_row *h;
    struct odp_row row;
    struct odp_buf key;
    size_t *idx = NULL, *cidx = NULL, i;
    int rc = ODP_OK;

    if (t == NULL) {
        return err != NULL && err->code != ODP_OK ? err->code : ODP_EIO;
    }
    odp_buf_init(&key, 1u << 20);
    h = odp_table_header(t);
    idx = calloc(n + 1, sizeof(*idx));
    cidx = calloc(ncnt + 1, sizeof(*cidx));
    if (idx == NULL || cidx == NULL) {
        rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    for (i = 0; rc == ODP_OK && i < n; i++) {
        idx[i] = col_index(h, names[i]);
    }
    for (i = 0; rc == ODP_OK && i < ncnt; i++) {
        cidx[i] = col_index(h, cnt[i]);
    }
    while (rc == ODP_OK && (rc = odp_table_next(t, &row, err)) == ODP_OK) {
        rc = make_key(&key, row.f, row.n, idx, n, err);
        if (rc != ODP_OK) {
            break;
        }
        if (ncnt == 0) {
            struct entry *e = map_get(m, key.p != NULL ? key.p : "", key.len, 0);

            if (e == NULL) {
                rc = odp_errf(err, ODP_ELIMIT, &(struct odp_loc){csv, 0, 0},
                              "too many quasi-identifier classes to compare (or out of memory)");
                break;
            }
            e->c[side]++;
            e->seen[side] = 1;
            continue;
        }
        for (i = 0; i < ncnt; i++) {
            struct entry *e = map_get(m, key.p != NULL ? key.p : "", key.len, (uint32_t)i);
            uint64_t v;

            if (e == NULL) {
                rc = odp_errf(err, ODP_ELIMIT, &(struct odp_loc){csv, 0, 0},
                              "too many cells to compare (or out of memory)");
                break;
            }
            if (cidx[i] < row.n && cell_value(&row.f[cidx[i]], &v)) {
                e->c[side] += v;
                e->seen[side] = 1;
            }
        }
    }
    if (rc == ODP_END) {
        rc = ODP_OK;
    }
    odp_buf_release(&key);
    free(idx);
    free(cidx);
    odp_table_free(t);
    return rc;
}

/* ---------------------------------------------------------------- classes and cells */

/* Names of `want` that both headers hold, in want's order (caller frees the array). */
static int
common_names(char *const *want, size_t n, const char *csv_a, const char *csv_b, char ***out,
             size_t *nout, struct odp_err *err)
{
    struct odp_table *a = odp_table_open(csv_a, ODP_FMT_CSV, 0, err), *b = NULL;
    size_t i;
    int rc = ODP_OK;

    *out = NULL;
    *nout = 0;
    if (a == NULL) {
        return err != NULL && err->code != ODP_OK ? err->code : ODP_EIO;
    }
    b = odp_table_open(csv_b, ODP_FMT_CSV, 0, err);
    if (b == NULL) {
        odp_table_free(a);
        return err != NULL && err->code != ODP_OK ? err->code : ODP_EIO;
    }
    *out = calloc(n + 1, sizeof(**out));
    if (*out == NULL) {
        rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    for (i = 0; rc == ODP_OK && i < n; i++) {
        if (col_index(odp_table_header(a), want[i]) != (size_t)-1 &&
            col_index(odp_table_header(b), want[i]) != (size_t)-1) {
            (*out)[*nout] = strdup(want[i]);
            if ((*out)[*nout] == NULL) {
                rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
                break;
            }
            (*nout)++;
        }
    }
    odp_table_free(a);
    odp_table_free(b);
    return rc;
}

static int
cmp_values(char *const *a, char *const *b, size_t n)
{
    size_t i;
    int c;

    for (i = 0; i < n; i++) {
        c = strcmp(a[i], b[i]);
        if (c != 0) {
            return c;
        }
    }
    return 0;
}

static size_t sort_nv;

static int
cmp_class(const void *pa, const void *pb)
{
    const struct odp_diff_class *a = pa, *b = pb;
    int c;

    if (a->risk != b->risk) {
        return b->risk - a->risk;
    }
    c = cmp_values(a->values, b->values, sort_nv);
    if (c != 0) {
        return c;
    }
    return strcmp(a->column != NULL ? a->column : "", b->column != NULL ? b->column : "");
}

/*
 * Turns the map into the changed list (risks first, then by values), counting changes
 * and risks; `limit` is k (classes) or the threshold (cells).
 */
static int
collect(const struct map *m, size_t nv, char *const *cnt, uint32_t limit, size_t max_listed,
        struct odp_diff_class **out, size_t *nout, uint64_t *changed, uint64_t *risks)
{
    struct odp_diff_class *v = NULL;
    size_t i, n = 0, cap = 0;

    for (i = 0; i < m->cap; i++) {
        const struct entry *e = &m->t[i];
        uint64_t d;
        int risk;

        if (e->key == NULL || e->c[0] == e->c[1]) {
            continue;
        }
        if (cnt != NULL && (!e->seen[0] || !e->seen[1])) {
            continue; /* a cell suppressed in either release: nothing to subtract */
        }
        d = e->c[0] > e->c[1] ? e->c[0] - e->c[1] : e->c[1] - e->c[0];
        risk = d >= 1 && d < limit;
        (*changed)++;
        *risks += (uint64_t)risk;
        if (n == cap) {
            struct odp_diff_class *nv2;

            cap = cap == 0 ? 64 : cap * 2;
            nv2 = realloc(v, cap * sizeof(*v));
            if (nv2 == NULL) {
                odp_diff_classes_free(v, n, nv);
                return ODP_ENOMEM;
            }
            v = nv2;
        }
        memset(&v[n], 0, sizeof(v[n]));
        v[n].values = split_key(e->key, e->klen, nv);
        v[n].column = cnt != NULL ? strdup(cnt[e->col]) : NULL;
        v[n].old_count = e->c[0];
        v[n].new_count = e->c[1];
        v[n].old_published = e->seen[0];
        v[n].new_published = e->seen[1];
        v[n].risk = risk;
        n++;
        if (v[n - 1].values == NULL || (cnt != NULL && v[n - 1].column == NULL)) {
            odp_diff_classes_free(v, n, nv);
            return ODP_ENOMEM;
        }
    }
    sort_nv = nv;
    if (n > 0) {
        qsort(v, n, sizeof(*v), cmp_class);
    }
    while (n > max_listed) {
        n--;
        odp_diff_strv_free(v[n].values, nv);
        free(v[n].column);
    }
    *out = v;
    *nout = n;
    return ODP_OK;
}

static uint64_t
map_count(const struct map *m, int side)
{
    uint64_t n = 0;
    size_t i;

    for (i = 0; i < m->cap; i++) {
        n += m->t[i].key != NULL && m->t[i].seen[side];
    }
    return n;
}

int
odp_diff_classes(struct cmpctx *x, const struct odp_diff_opts *o, struct odp_err *err)
{
    struct odp_diff_result *r = x->res;
    const struct odp_report *a = x->old->rep, *b = x->cur->rep;
    struct map m = {NULL, 0, 0};
    int rc;

    r->k = a->k > b->k ? a->k : b->k;
    if (r->k == 0) {
        return ODP_OK;
    }
    rc = common_names(b->nqi > 0 ? b->quasi_identifiers : a->quasi_identifiers,
                      b->nqi > 0 ? b->nqi : a->nqi, x->old->csv, x->cur->csv, &r->qi, &r->nqi, err);
    if (rc != ODP_OK || r->nqi == 0) {
        r->k = rc == ODP_OK ? 0 : r->k;
        return rc;
    }
    rc = count_side(x->old->csv, 0, r->qi, r->nqi, NULL, 0, &m, err);
    if (rc == ODP_OK) {
        rc = count_side(x->cur->csv, 1, r->qi, r->nqi, NULL, 0, &m, err);
    }
    if (rc == ODP_OK) {
        r->classes_old = map_count(&m, 0);
        r->classes_new = map_count(&m, 1);
        rc = collect(&m, r->nqi, NULL, r->k, o->max_listed, &r->classes, &r->nclasses,
                     &r->classes_changed, &r->classes_risk);
        if (rc != ODP_OK) {
            rc = odp_errf(err, rc, NULL, "out of memory");
        }
    }
    map_free(&m);
    return rc;
}

int
odp_diff_cells(struct cmpctx *x, const struct odp_diff_opts *o, struct odp_err *err)
{
    struct odp_diff_result *r = x->res;
    const struct odp_policy *p = x->cur->pol->sc_threshold > 0 ? x->cur->pol : x->old->pol;
    struct odp_table *t = NULL;
    char **cnt = NULL, **all = NULL;
    size_t ncnt = 0, i, j, nall = 0;
    struct map m = {NULL, 0, 0};
    int rc;

    r->threshold = x->old->pol->sc_threshold > x->cur->pol->sc_threshold
                       ? x->old->pol->sc_threshold
                       : x->cur->pol->sc_threshold;
    if (r->threshold == 0 || p->nsc_columns == 0) {
        r->threshold = 0;
        return ODP_OK;
    }
    rc = common_names(p->sc_columns, p->nsc_columns, x->old->csv, x->cur->csv, &cnt, &ncnt, err);
    if (rc != ODP_OK || ncnt == 0) {
        odp_diff_strv_free(cnt, ncnt);
        r->threshold = rc == ODP_OK ? 0 : r->threshold;
        return rc;
    }
    /* Group columns: every other column NEW publishes (that OLD publishes too). */
    t = odp_table_open(x->cur->csv, ODP_FMT_CSV, 0, err);
    if (t == NULL) {
        odp_diff_strv_free(cnt, ncnt);
        return err != NULL && err->code != ODP_OK ? err->code : ODP_EIO;
    }
    all = calloc(odp_table_header(t)->n + 1, sizeof(*all));
    for (i = 0; all != NULL && i < odp_table_header(t)->n; i++) {
        const struct odp_field *f = &odp_table_header(t)->f[i];
        int is_cnt = 0;

        for (j = 0; j < ncnt; j++) {
            is_cnt |= strlen(cnt[j]) == f->len && memcmp(cnt[j], f->p, f->len) == 0;
        }
        if (!is_cnt) {
            all[nall] = strndup(f->p, f->len);
            if (all[nall] == NULL) {
                break;
            }
            nall++;
        }
    }
    rc = all == NULL || i < odp_table_header(t)->n
             ? odp_errf(err, ODP_ENOMEM, NULL, "out of memory")
             : ODP_OK;
    odp_table_free(t);
    if (rc == ODP_OK) {
        rc = common_names(all, nall, x->old->csv, x->cur->csv, &r->cell_by, &r->ncell_by, err);
    }
    odp_diff_strv_free(all, nall);
    if (rc == ODP_OK) {
        rc = count_side(x->old->csv, 0, r->cell_by, r->ncell_by, cnt, ncnt, &m, err);
    }
    if (rc == ODP_OK) {
        rc = count_side(x->cur->csv, 1, r->cell_by, r->ncell_by, cnt, ncnt, &m, err);
    }
    if (rc == ODP_OK) {
        rc = collect(&m, r->ncell_by, cnt, r->threshold, o->max_listed, &r->cells, &r->ncells,
                     &r->cells_changed, &r->cells_risk);
        if (rc != ODP_OK) {
            rc = odp_errf(err, rc, NULL, "out of memory");
        }
    }
    map_free(&m);
    odp_diff_strv_free(cnt, ncnt);
    return rc;
}
