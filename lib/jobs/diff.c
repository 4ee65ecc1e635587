/*
 * diff.c - `odpub diff OLD NEW`: two releases of one dataset compared (odp/diff.h).
 *
 * Each package is opened read-only: a directory in place, an archive through
 * odp_pkg_extract into a private temp dir (policy.yaml, report.json, data/NAME.csv).
 * With a public key both are verified first and a failure stops the comparison.
 *
 * Classes and cells are counted in one table keyed by the length-prefixed published
 * values (so ("ab","c") and ("a","bc") differ), each entry holding the count in OLD and
 * in NEW. Memory grows with classes and cells, never with rows. Only the values of the
 * compared quasi-identifier and group columns enter the table, and so the result.
 *
 * Promise: no value of any other column is read into memory beyond the reader's row
 * view, and nothing is written outside the private temp dir (removed at the end).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "extract.h"
#include "fs.h"
#include "history.h"
#include "json.h"
#include "lint.h"
#include "odp/check.h"
#include "odp/diff.h"
#include "odp/report.h"
#include "odp/verify.h"
#include "policy.h"
#include "sign.h"
#include "table.h"

#define DIFF_VERSION "0.1.0"
#define REPORT_MAX (16u << 20)
#define MAP_MAX_ENTRIES (32u << 20)

void
odp_diff_opts_init(struct odp_diff_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->max_listed = 200;
}

/* ---------------------------------------------------------------- one package */

void
odp_pkgview_release(struct odp_pkgview *v)
{
    if (v->xdir != NULL) {
        odp_rmtree(v->xdir);
    }
    free(v->xdir);
    free(v->root);
    free(v->csv);
    odp_report_free(v->rep);
    odp_policy_free(v->pol);
    memset(v, 0, sizeof(*v));
}

static char *
private_dir(struct odp_err *err)
{
    const char *base = getenv("TMPDIR");
    char *d;
    size_t n;

    if (base == NULL || base[0] == '\0') {
        base = "/var/tmp";
    }
    n = strlen(base) + sizeof("/odpub-diff-XXXXXX");
    d = malloc(n);
    if (d == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    snprintf(d, n, "%s/odpub-diff-XXXXXX", base);
    if (mkdtemp(d) == NULL) {
        odp_err_sys(err, base, "cannot create a temporary directory in");
        free(d);
        return NULL;
    }
    return d;
}

/* Rewrites a path under `from` (a private copy) to read `to/...` in an error. */
static void
err_rename(struct odp_err *err, const char *from, const char *to)
{
    size_t n = strlen(from);
    char tmp[sizeof(err->path)];

    if (err == NULL || strncmp(err->path, from, n) != 0) {
        return;
    }
    snprintf(tmp, sizeof(tmp), "%s%s", to, err->path + n);
    snprintf(err->path, sizeof(err->path), "%s", tmp);
}

int
odp_pkgview_open(const char *path, const char *policies_dir, struct odp_pkgview *v, struct odp_err *err)
{
    const struct odp_loc loc = {path, 0, 0};
    struct stat st;
    char *p = NULL, *text = NULL;
    const char *df;
    size_t len;
    int rc;

    memset(v, 0, sizeof(*v));
    v->path = path;
    if (stat(path, &st) != 0) {
        return odp_err_sys(err, path, "cannot read package");
    }
    if (S_ISDIR(st.st_mode)) {
        v->root = strdup(path);
    } else if (odp_pkg_is_archive(path)) {
        v->xdir = private_dir(err);
        if (v->xdir == NULL) {
            return err != NULL && err->code != ODP_OK ? err->code : ODP_EIO;
        }
        rc = odp_pkg_extract(path, v->xdir, err);
        if (rc != ODP_OK) {
            err_rename(err, v->xdir, path);
            return rc;
        }
        v->root = strdup(v->xdir);
    } else {
        return odp_errf(err, ODP_EINVAL, &loc,
                        "not a package: a directory or a .zip, .tar.gz or .tar.zst archive");
    }
    if (v->root == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    p = odp_path_join(v->root, "report.json");
    if (p == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    if (access(p, F_OK) != 0) {
        free(p);
        return odp_errf(err, ODP_ESCHEMA, &loc, "not an odpub package: no report.json");
    }
    rc = odp_read_file(p, REPORT_MAX, &text, &len, err);
    free(p);
    if (rc == ODP_OK) {
        rc = odp_report_parse(text, len, "report.json", &v->rep, err);
    }
    free(text);
    if (rc != ODP_OK) {
        snprintf(err->path, sizeof(err->path), "%s/report.json", path);
        return rc;
    }
    p = odp_path_join(v->root, "policy.yaml");
    if (p == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    v->pol = odp_policy_load(p, policies_dir, err);
    free(p);
    if (v->pol == NULL) {
        if (v->xdir != NULL) {
            err_rename(err, v->xdir, path);
        }
        return err != NULL && err->code != ODP_OK ? err->code : ODP_EPOLICY;
    }
    df = v->rep->output_file;
    if (df == NULL || strncmp(df, "data/", 5) != 0 || strchr(df + 5, '/') != NULL ||
        df[5] == '.' || df[5] == '\0') {
        return odp_errf(err, ODP_ESCHEMA, &loc, "report.json names no data/NAME.csv file");
    }
    v->csv = odp_path_join(v->root, df);
    if (v->csv == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    return ODP_OK;
}

/* ---------------------------------------------------------------- counting table */

struct entry {
    char *key;         /* length-prefixed values (u32 LE length, bytes)... */
    size_t klen;
    uint64_t hash;
    uint32_t col;      /* cells: count column index into the compared list */
    uint64_t c[2];     /* count in OLD, NEW */
    uint8_t seen[2];   /* present (classes) / published (cells) in OLD, NEW */
};

struct map {
    struct entry *t;
    size_t cap, used;
};

static uint64_t
hash_bytes(const char *p, size_t n, uint32_t col)
{
    uint64_t h = 1469598103934665603ULL ^ col;
    size_t i;

    for (i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 1099511628211ULL;
    }
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
count_side(const char *csv, int side, char *const *names, size_t n, char *const *cnt,
           size_t ncnt, struct map *m, struct odp_err *err)
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

/* ---------------------------------------------------------------- result */

static void
strv_free(char **v, size_t n)
{
    size_t i;

    for (i = 0; v != NULL && i < n; i++) {
        free(v[i]);
    }
    free(v);
}

static void
classes_free(struct odp_diff_class *c, size_t n, size_t nv)
{
    size_t i;

    for (i = 0; c != NULL && i < n; i++) {
        strv_free(c[i].values, nv);
        free(c[i].column);
    }
    free(c);
}

static void
side_free(struct odp_diff_side *s)
{
    free(s->path);
    free(s->package);
    free(s->dataset);
    free(s->release_date);
    free(s->verify_error);
    free(s->policy_sha256);
    free(s->data_sha256);
}

void
odp_diff_result_free(struct odp_diff_result *r)
{
    size_t i;

    if (r == NULL) {
        return;
    }
    side_free(&r->old);
    side_free(&r->cur);
    for (i = 0; i < r->ncols; i++) {
        struct odp_diff_col *c = &r->cols[i];

        free(c->name);
        free(c->old_action);
        free(c->new_action);
        free(c->old_treatment);
        free(c->new_treatment);
        free(c->category);
        free(c->why);
    }
    free(r->cols);
    free(r->baseline_path);
    classes_free(r->classes, r->nclasses, r->nqi);
    classes_free(r->cells, r->ncells, r->ncell_by);
    strv_free(r->qi, r->nqi);
    strv_free(r->cell_by, r->ncell_by);
    free(r);
}

static char *
dup_or_null(const char *s)
{
    return s != NULL ? strdup(s) : NULL;
}

static int
fill_side(struct odp_diff_side *s, const struct odp_pkgview *v)
{
    const struct odp_report *r = v->rep;

    s->package = dup_or_null(r->package);
    s->dataset = dup_or_null(r->policy);
    s->release_date = dup_or_null(r->release_date);
    s->policy_sha256 = dup_or_null(r->policy_sha256);
    s->data_sha256 = dup_or_null(r->output_sha256);
    s->rows_in = r->rows_in;
    s->rows_out = r->rows_out;
    s->rows_dropped = r->rows_dropped;
    s->rows_suppressed = r->rows_suppressed;
    s->k = r->k;
    s->threshold = r->has_small_cells ? r->small_cell_threshold : 0;
    if ((r->package != NULL && s->package == NULL) || (r->policy != NULL && s->dataset == NULL) ||
        (r->release_date != NULL && s->release_date == NULL)) {
        return ODP_ENOMEM;
    }
    return ODP_OK;
}

/* ---------------------------------------------------------------- columns */

/* How strong an action is on its own (higher = less published). */
static int
rank(enum odp_action a)
{
    switch (a) {
    case ODP_ACT_KEEP: return 0;
    case ODP_ACT_SCRUB: return 1;
    case ODP_ACT_GENERALIZE:
    case ODP_ACT_ROUND:
    case ODP_ACT_DATE_SHIFT: return 2;
    case ODP_ACT_MASK:
    case ODP_ACT_PSEUDONYMIZE: return 3;
    case ODP_ACT_REDACT: return 4;
    case ODP_ACT_DROP: return 5;
    case ODP_ACT__COUNT: break;
    }
    return 0;
}

static int
cmp3(double a, double b)
{
    return a < b ? -1 : a > b ? 1 : 0;
}

/* >0 when b is stronger than a, <0 weaker, 0 neither (or not comparable). */
static int
stronger(const struct odp_colrule *a, const struct odp_colrule *b)
{
    if (a->action != b->action) {
        return rank(b->action) - rank(a->action);
    }
    switch (a->action) {
    case ODP_ACT_GENERALIZE:
        if (a->gen != b->gen) {
            return 0;
        }
        if (a->gen == ODP_GEN_DATE) {
            return odp_date_unit_rank(b->date_unit) - odp_date_unit_rank(a->date_unit);
        }
        if (a->gen == ODP_GEN_ZIP) {
            return (int)a->digits - (int)b->digits;
        }
        if (a->gen == ODP_GEN_NUMBER && a->bands == NULL && b->bands == NULL) {
            return cmp3(b->width, a->width);
        }
        if (a->gen == ODP_GEN_NUMBER && a->bands != NULL && b->bands != NULL) {
            return a->nbands > b->nbands ? 1 : a->nbands < b->nbands ? -1 : 0;
        }
        return 0;
    case ODP_ACT_ROUND:
        return (int)a->decimals - (int)b->decimals;
    case ODP_ACT_MASK:
        return (int)(a->keep_first + a->keep_last) - (int)(b->keep_first + b->keep_last);
    case ODP_ACT_DATE_SHIFT:
        return (int)b->max_days - (int)a->max_days;
    case ODP_ACT_SCRUB:
        if (a->detect_mask == b->detect_mask) {
            return (int)b->npatterns - (int)a->npatterns;
        }
        if ((a->detect_mask & b->detect_mask) == a->detect_mask) {
            return 1;
        }
        if ((a->detect_mask & b->detect_mask) == b->detect_mask) {
            return -1;
        }
        return 0;
    case ODP_ACT_KEEP:
    case ODP_ACT_DROP:
    case ODP_ACT_REDACT:
    case ODP_ACT_PSEUDONYMIZE:
    case ODP_ACT__COUNT:
        break;
    }
    return 0;
}

static void
allowed_text(uint32_t allowed, char *buf, size_t size)
{
    size_t n = 0;
    int a;

    buf[0] = '\0';
    for (a = 0; a < ODP_ACT__COUNT && n < size; a++) {
        if ((allowed & (1u << a)) != 0) {
            n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? ", " : "",
                                  odp_action_name((enum odp_action)a));
        }
    }
}

/* A column of one release: published (report), dropped, or absent. */
struct colv {
    const char *action;    /* "drop" for dropped; NULL absent */
    const char *treatment;
    const struct odp_colrule *rule;
};

static struct colv
find_col(const struct odp_pkgview *v, const char *name)
{
    struct colv c = {NULL, NULL, NULL};
    size_t i;

    for (i = 0; i < v->rep->ncolumns; i++) {
        if (strcmp(v->rep->columns[i].name, name) == 0) {
            c.action = v->rep->columns[i].action;
            c.treatment = v->rep->columns[i].treatment;
            break;
        }
    }
    for (i = 0; c.action == NULL && i < v->rep->ndropped; i++) {
        if (strcmp(v->rep->dropped_columns[i], name) == 0) {
            c.action = "drop";
            c.treatment = "dropped: not published";
        }
    }
    if (c.action != NULL) {
        c.rule = odp_policy_find(v->pol, name, strlen(name));
    }
    return c;
}

static int
enough(const struct odp_baseline_cat *cat, const struct colv *c)
{
    int a;

    if (c->action == NULL) {
        return 1; /* not in the release: nothing published */
    }
    if (c->rule != NULL) {
        return odp_check_enough(cat, c->rule->action, c->rule->gen, c->rule->date_unit);
    }
    a = odp_action_from_name(c->action);
    return a >= 0 && odp_check_enough(cat, (enum odp_action)a, 0, 0);
}

struct cmpctx {
    const struct odp_pkgview *old, *cur;
    const struct odp_policy *baseline;
    struct odp_diff_result *res;
};

static int
add_col(struct cmpctx *x, const char *name)
{
    struct odp_diff_result *r = x->res;
    struct colv a = find_col(x->old, name), b = find_col(x->cur, name);
    const struct odp_baseline_cat *cat = NULL;
    struct odp_diff_col *c, *nc;
    char why[1024], allowed[256];
    size_t i;
    int s = 0, old_ok = 1, new_ok = 1;

    for (i = 0; x->baseline != NULL && i < x->baseline->ncats; i++) {
        if (odp_check_matches(&x->baseline->cats[i], name)) {
            cat = &x->baseline->cats[i];
            break;
        }
    }
    nc = realloc(r->cols, (r->ncols + 1) * sizeof(*nc));
    if (nc == NULL) {
        return ODP_ENOMEM;
    }
    r->cols = nc;
    c = &nc[r->ncols++];
    memset(c, 0, sizeof(*c));
    c->name = strdup(name);
    c->old_action = dup_or_null(a.action);
    c->new_action = dup_or_null(b.action);
    c->old_treatment = dup_or_null(a.treatment);
    c->new_treatment = dup_or_null(b.treatment);
    if (cat != NULL) {
        c->category = strdup(cat->category);
        old_ok = enough(cat, &a);
        new_ok = enough(cat, &b);
        c->below_baseline = !new_ok;
    }
    if (c->name == NULL || (a.action != NULL && c->old_action == NULL) ||
        (b.action != NULL && c->new_action == NULL) || (cat != NULL && c->category == NULL)) {
        return ODP_ENOMEM;
    }
    why[0] = '\0';
    if (a.action == NULL) {
        c->change = ODP_DIFF_ADDED;
        snprintf(why, sizeof(why), "new column, %s", b.treatment != NULL ? b.treatment : b.action);
    } else if (b.action == NULL) {
        c->change = ODP_DIFF_REMOVED;
        snprintf(why, sizeof(why), "no longer in the release (was %s)", a.action);
    } else if (strcmp(a.action, b.action) != 0 ||
               strcmp(a.treatment != NULL ? a.treatment : "", b.treatment != NULL ? b.treatment : "") != 0) {
        c->change = ODP_DIFF_RETREATED;
        if (a.rule != NULL && b.rule != NULL) {
            s = stronger(a.rule, b.rule);
        } else {
            int ia = odp_action_from_name(a.action), ib = odp_action_from_name(b.action);

            s = ia >= 0 && ib >= 0 ? rank((enum odp_action)ib) - rank((enum odp_action)ia) : 0;
        }
        c->dir = s > 0 ? ODP_DIFF_STRONGER : s < 0 ? ODP_DIFF_WEAKER : ODP_DIFF_NEUTRAL;
        snprintf(why, sizeof(why), "re-treated from %s (%s) to %s (%s)%s", a.action,
                 a.treatment != NULL ? a.treatment : "", b.action,
                 b.treatment != NULL ? b.treatment : "",
                 s > 0 ? ": stronger" : s < 0 ? ": weaker" : "");
    }
    if (cat != NULL && old_ok && !new_ok) {
        size_t n = strlen(why);

        c->dir = ODP_DIFF_WEAKER;
        allowed_text(cat->allowed, allowed, sizeof(allowed));
        snprintf(why + n, sizeof(why) - n,
                 "%sno longer meets the baseline category '%s' (needs %s%s%s)",
                 n > 0 ? "; " : "", cat->category, allowed,
                 cat->min_date_unit != 0 ? "; dates at least to " : "",
                 cat->min_date_unit != 0 ? odp_date_unit_name(cat->min_date_unit) : "");
    } else if (cat != NULL && !new_ok && c->change != ODP_DIFF_SAME) {
        size_t n = strlen(why);

        snprintf(why + n, sizeof(why) - n, "%sbelow the baseline category '%s' in both releases",
                 n > 0 ? "; " : "", cat->category);
    }
    if (why[0] != '\0') {
        c->why = strdup(why);
        if (c->why == NULL) {
            return ODP_ENOMEM;
        }
    }
    switch (c->change) {
    case ODP_DIFF_ADDED: r->cols_added++; break;
    case ODP_DIFF_REMOVED: r->cols_removed++; break;
    case ODP_DIFF_RETREATED: r->cols_retreated++; break;
    case ODP_DIFF_SAME: break;
    }
    if (c->dir == ODP_DIFF_WEAKER) {
        r->weakened++;
    } else if (c->dir == ODP_DIFF_STRONGER) {
        r->strengthened++;
    }
    return ODP_OK;
}

static int
seen_col(const struct odp_diff_result *r, const char *name)
{
    size_t i;

    for (i = 0; i < r->ncols; i++) {
        if (strcmp(r->cols[i].name, name) == 0) {
            return 1;
        }
    }
    return 0;
}

static int
compare_columns(struct cmpctx *x)
{
    const struct odp_pkgview *sides[2] = {x->old, x->cur};
    size_t s, i;
    int rc = ODP_OK;

    for (s = 0; s < 2 && rc == ODP_OK; s++) {
        const struct odp_report *rep = sides[s]->rep;

        for (i = 0; i < rep->ncolumns && rc == ODP_OK; i++) {
            if (!seen_col(x->res, rep->columns[i].name)) {
                rc = add_col(x, rep->columns[i].name);
            }
        }
        for (i = 0; i < rep->ndropped && rc == ODP_OK; i++) {
            if (!seen_col(x->res, rep->dropped_columns[i])) {
                rc = add_col(x, rep->dropped_columns[i]);
            }
        }
    }
    return rc;
}

/* The baseline of the comparison: opts->baseline, else nyc-baseline looked up. */
static int
load_baseline(const struct odp_diff_opts *o, struct odp_policy **out, char **path,
              struct odp_err *err)
{
    char *found = NULL;

    *out = NULL;
    if (o->baseline != NULL) {
        found = strdup(o->baseline);
        if (found == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
    } else if (odp_policy_search(ODP_CHECK_DEFAULT_BASELINE, NULL, o->policies_dir, &found) <= 0) {
        return ODP_OK; /* no baseline: columns are still compared with each other */
    }
    *path = found;
    *out = odp_policy_load(found, o->policies_dir, err);
    if (*out == NULL) {
        return err != NULL && err->code != ODP_OK ? err->code : ODP_EPOLICY;
    }
    if ((*out)->ncats == 0) {
        return odp_errf(err, ODP_ESCHEMA, &(struct odp_loc){found, 1, 1},
                        "not a baseline: no 'baseline:' categories");
    }
    return ODP_OK;
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
                classes_free(v, n, nv);
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
            classes_free(v, n, nv);
            return ODP_ENOMEM;
        }
    }
    sort_nv = nv;
    if (n > 0) {
        qsort(v, n, sizeof(*v), cmp_class);
    }
    while (n > max_listed) {
        n--;
        strv_free(v[n].values, nv);
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

static int
compare_classes(struct cmpctx *x, const struct odp_diff_opts *o, struct odp_err *err)
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
                      b->nqi > 0 ? b->nqi : a->nqi, x->old->csv, x->cur->csv, &r->qi, &r->nqi,
                      err);
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

static int
compare_cells(struct cmpctx *x, const struct odp_diff_opts *o, struct odp_err *err)
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
        strv_free(cnt, ncnt);
        r->threshold = rc == ODP_OK ? 0 : r->threshold;
        return rc;
    }
    /* Group columns: every other column NEW publishes (that OLD publishes too). */
    t = odp_table_open(x->cur->csv, ODP_FMT_CSV, 0, err);
    if (t == NULL) {
        strv_free(cnt, ncnt);
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
    rc = all == NULL || i < odp_table_header(t)->n ? odp_errf(err, ODP_ENOMEM, NULL, "out of memory")
                                                    : ODP_OK;
    odp_table_free(t);
    if (rc == ODP_OK) {
        rc = common_names(all, nall, x->old->csv, x->cur->csv, &r->cell_by, &r->ncell_by, err);
    }
    strv_free(all, nall);
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
    strv_free(cnt, ncnt);
    return rc;
}

/* ---------------------------------------------------------------- verification */

static int
verify_side(const char *path, const struct odp_diff_opts *o, struct odp_diff_side *s,
            struct odp_err *err)
{
    struct odp_verify_opts vo;
    struct odp_verify_result *vr = NULL;
    struct odp_err verr;
    struct stat st;
    char detail[1024];
    size_t i;
    int vrc;

    if (stat(path, &st) != 0) {
        return odp_err_sys(err, path, "cannot read package");
    }
    memset(&verr, 0, sizeof(verr));
    odp_verify_opts_init(&vo);
    vo.pubkey_path = o->pubkey_path;
    vrc = odp_verify_package(path, &vo, &vr, &verr);
    if (vrc == ODP_OK && vr != NULL && vr->ok) {
        s->verified = 1;
        odp_verify_result_free(vr);
        return ODP_OK;
    }
    if (vrc == ODP_ENOMEM) {
        odp_verify_result_free(vr);
        *err = verr;
        return vrc;
    }
    snprintf(detail, sizeof(detail), "%s", verr.msg[0] != '\0' ? verr.msg : "verification failed");
    for (i = 0; vr != NULL && i < vr->nchecks; i++) {
        if (!vr->checks[i].ok) {
            snprintf(detail, sizeof(detail), "%s: %s%s%s", vr->checks[i].check,
                     vr->checks[i].file, vr->checks[i].file[0] != '\0' ? ": " : "",
                     vr->checks[i].detail);
            break;
        }
    }
    odp_verify_result_free(vr);
    s->verify_error = strdup(detail);
    return s->verify_error != NULL ? ODP_EVERIFY : odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
}

/* ---------------------------------------------------------------- the job */

int
odp_diff(const char *old_pkg, const char *new_pkg, const struct odp_diff_opts *o,
         struct odp_diff_result **out, struct odp_err *err)
{
    struct odp_diff_opts dflt;
    struct odp_diff_result *r = calloc(1, sizeof(*r));
    struct odp_pkgview a, b;
    struct odp_policy *bl = NULL;
    struct cmpctx x;
    int rc, vfail = 0;

    memset(&a, 0, sizeof(a));
    memset(&b, 0, sizeof(b));
    *out = r;
    if (r == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    if (o == NULL) {
        odp_diff_opts_init(&dflt);
        o = &dflt;
    }
    if (old_pkg == NULL || new_pkg == NULL) {
        return odp_errf(err, ODP_EINVAL, NULL, "diff needs two packages, OLD and NEW");
    }
    r->old.path = strdup(old_pkg);
    r->cur.path = strdup(new_pkg);
    if (r->old.path == NULL || r->cur.path == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    if (o->pubkey_path != NULL) {
        struct odp_pubkey *pk = NULL;

        /* an unusable key is bad input (exit 2), not a failed verification */
        rc = odp_pubkey_load(o->pubkey_path, &pk, err);
        odp_pubkey_free(pk);
        if (rc != ODP_OK) {
            return rc;
        }
        rc = verify_side(old_pkg, o, &r->old, err);
        if (rc == ODP_OK || rc == ODP_EVERIFY) {
            vfail += rc == ODP_EVERIFY;
            rc = verify_side(new_pkg, o, &r->cur, err);
            vfail += rc == ODP_EVERIFY;
        }
        if (rc != ODP_OK && rc != ODP_EVERIFY) {
            return rc;
        }
        if (vfail > 0) {
            r->findings = (size_t)vfail;
            return odp_errf(err, ODP_EVERIFY,
                            &(struct odp_loc){r->old.verify_error != NULL ? old_pkg : new_pkg, 0, 0},
                            "verification failed: %s",
                            r->old.verify_error != NULL ? r->old.verify_error : r->cur.verify_error);
        }
    }
    rc = odp_pkgview_open(old_pkg, o->policies_dir, &a, err);
    if (rc == ODP_OK) {
        rc = odp_pkgview_open(new_pkg, o->policies_dir, &b, err);
    }
    if (rc == ODP_OK) {
        rc = fill_side(&r->old, &a) == ODP_OK && fill_side(&r->cur, &b) == ODP_OK
                 ? ODP_OK
                 : odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    if (rc == ODP_OK && (r->old.dataset == NULL || r->cur.dataset == NULL ||
                         strcmp(r->old.dataset, r->cur.dataset) != 0)) {
        rc = odp_errf(err, ODP_EINVAL, &(struct odp_loc){new_pkg, 0, 0},
                      "not a release of the same dataset: OLD is '%s', NEW is '%s' (diff "
                      "compares two releases of one dataset)",
                      r->old.dataset != NULL ? r->old.dataset : "?",
                      r->cur.dataset != NULL ? r->cur.dataset : "?");
    }
    if (rc == ODP_OK) {
        rc = load_baseline(o, &bl, &r->baseline_path, err);
    }
    x.old = &a;
    x.cur = &b;
    x.baseline = bl;
    x.res = r;
    if (rc == ODP_OK) {
        rc = compare_columns(&x) == ODP_OK ? ODP_OK : odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    if (rc == ODP_OK) {
        rc = compare_classes(&x, o, err);
    }
    if (rc == ODP_OK) {
        rc = compare_cells(&x, o, err);
    }
    odp_policy_free(bl);
    odp_pkgview_release(&a);
    odp_pkgview_release(&b);
    if (rc != ODP_OK) {
        return rc;
    }
    r->findings = r->weakened + (size_t)r->classes_risk + (size_t)r->cells_risk;
    r->ok = r->findings == 0;
    return r->ok ? ODP_OK : ODP_EVERIFY;
}

/* ---------------------------------------------------------------- output */

static const char *
change_name(enum odp_diff_change c)
{
    switch (c) {
    case ODP_DIFF_ADDED: return "added";
    case ODP_DIFF_REMOVED: return "removed";
    case ODP_DIFF_RETREATED: return "re-treated";
    case ODP_DIFF_SAME: break;
    }
    return "same";
}

static const char *
dir_name(enum odp_diff_dir d)
{
    switch (d) {
    case ODP_DIFF_STRONGER: return "stronger";
    case ODP_DIFF_WEAKER: return "weaker";
    case ODP_DIFF_NEUTRAL: break;
    }
    return "neutral";
}

static int
add_bool(cJSON *o, const char *name, int v)
{
    return cJSON_AddBoolToObject(o, name, v) != NULL ? ODP_OK : ODP_ENOMEM;
}

static cJSON *
side_json(const struct odp_diff_side *s)
{
    cJSON *o = cJSON_CreateObject(), *rows;
    int rc = o != NULL ? ODP_OK : ODP_ENOMEM;

    rc |= odp_json_add_str(o, "path", s->path);
    rc |= odp_json_add_str(o, "package", s->package);
    rc |= odp_json_add_str(o, "dataset", s->dataset);
    rc |= odp_json_add_str(o, "release_date", s->release_date);
    rc |= add_bool(o, "verified", s->verified);
    rc |= odp_json_add_str(o, "verify_error", s->verify_error);
    rows = cJSON_AddObjectToObject(o, "rows");
    rc |= rows == NULL;
    if (rows != NULL) {
        rc |= odp_json_add_u64(rows, "in", s->rows_in);
        rc |= odp_json_add_u64(rows, "out", s->rows_out);
        rc |= odp_json_add_u64(rows, "dropped", s->rows_dropped);
        rc |= odp_json_add_u64(rows, "suppressed", s->rows_suppressed);
    }
    rc |= odp_json_add_u64(o, "k", s->k);
    rc |= odp_json_add_u64(o, "small_cell_threshold", s->threshold);
    rc |= odp_json_add_str(o, "policy_sha256", s->policy_sha256);
    rc |= odp_json_add_str(o, "data_sha256", s->data_sha256);
    if (rc != ODP_OK) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static cJSON *
strv_json(char *const *v, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    size_t i;

    for (i = 0; a != NULL && i < n; i++) {
        cJSON *s = cJSON_CreateString(v[i]);

        if (s == NULL || !cJSON_AddItemToArray(a, s)) {
            cJSON_Delete(s);
            cJSON_Delete(a);
            return NULL;
        }
    }
    return a;
}

static int
add_item(cJSON *parent, const char *name, cJSON *child)
{
    if (child == NULL) {
        return ODP_ENOMEM;
    }
    if (name != NULL ? !cJSON_AddItemToObject(parent, name, child)
                     : !cJSON_AddItemToArray(parent, child)) {
        cJSON_Delete(child);
        return ODP_ENOMEM;
    }
    return ODP_OK;
}

static int
delta_json(cJSON *o, uint64_t a, uint64_t b)
{
    char d[32];

    snprintf(d, sizeof(d), "%s%llu", b >= a ? "" : "-",
             (unsigned long long)(b >= a ? b - a : a - b));
    return cJSON_AddRawToObject(o, "delta", d) != NULL ? ODP_OK : ODP_ENOMEM;
}

static int
classes_json(cJSON *parent, const char *name, const struct odp_diff_class *c, size_t n,
             char *const *cols, size_t ncols, int cells)
{
    cJSON *arr = cJSON_AddArrayToObject(parent, name);
    size_t i, j;
    int rc = arr != NULL ? ODP_OK : ODP_ENOMEM;

    for (i = 0; rc == ODP_OK && i < n; i++) {
        cJSON *it = cJSON_CreateObject(), *vals;

        rc = add_item(arr, NULL, it);
        vals = rc == ODP_OK ? cJSON_AddObjectToObject(it, "values") : NULL;
        rc |= vals == NULL;
        for (j = 0; rc == ODP_OK && j < ncols; j++) {
            rc = odp_json_add_str(vals, cols[j], c[i].values[j]);
        }
        if (rc == ODP_OK && cells) {
            rc = odp_json_add_str(it, "column", c[i].column);
        }
        if (rc == ODP_OK) {
            rc |= odp_json_add_u64(it, "old", c[i].old_count);
            rc |= odp_json_add_u64(it, "new", c[i].new_count);
            rc |= delta_json(it, c[i].old_count, c[i].new_count);
            rc |= add_bool(it, "risk", c[i].risk);
        }
    }
    return rc;
}

char *
odp_diff_result_json(const struct odp_diff_result *r)
{
    cJSON *root = cJSON_CreateObject(), *o, *arr;
    char *text = NULL;
    size_t i;
    int rc = root != NULL ? ODP_OK : ODP_ENOMEM;

    rc |= add_bool(root, "ok", r->ok);
    rc |= odp_json_add_str(root, "odpub", DIFF_VERSION);
    rc |= odp_json_add_u64(root, "findings", r->findings);
    rc |= add_item(root, "old", side_json(&r->old));
    rc |= add_item(root, "new", side_json(&r->cur));
    rc |= odp_json_add_str(root, "baseline", r->baseline_path);
    o = cJSON_AddObjectToObject(root, "rows");
    rc |= o == NULL;
    if (o != NULL) {
        static const char *const k[] = {"in", "out", "dropped", "suppressed"};
        const uint64_t a[] = {r->old.rows_in, r->old.rows_out, r->old.rows_dropped,
                              r->old.rows_suppressed};
        const uint64_t b[] = {r->cur.rows_in, r->cur.rows_out, r->cur.rows_dropped,
                              r->cur.rows_suppressed};

        for (i = 0; i < 4; i++) {
            cJSON *it = cJSON_AddObjectToObject(o, k[i]);

            rc |= it == NULL;
            if (it != NULL) {
                rc |= odp_json_add_u64(it, "old", a[i]);
                rc |= odp_json_add_u64(it, "new", b[i]);
                rc |= delta_json(it, a[i], b[i]);
            }
        }
    }
    o = cJSON_AddObjectToObject(root, "columns");
    rc |= o == NULL;
    if (o != NULL) {
        rc |= odp_json_add_u64(o, "added", r->cols_added);
        rc |= odp_json_add_u64(o, "removed", r->cols_removed);
        rc |= odp_json_add_u64(o, "retreated", r->cols_retreated);
        rc |= odp_json_add_u64(o, "weakened", r->weakened);
        rc |= odp_json_add_u64(o, "strengthened", r->strengthened);
        arr = cJSON_AddArrayToObject(o, "changes");
        rc |= arr == NULL;
        for (i = 0; arr != NULL && rc == ODP_OK && i < r->ncols; i++) {
            const struct odp_diff_col *c = &r->cols[i];
            cJSON *it;

            if (c->change == ODP_DIFF_SAME && c->dir == ODP_DIFF_NEUTRAL) {
                continue;
            }
            it = cJSON_CreateObject();
            rc = add_item(arr, NULL, it);
            if (rc == ODP_OK) {
                rc |= odp_json_add_str(it, "name", c->name);
                rc |= odp_json_add_str(it, "change", change_name(c->change));
                rc |= odp_json_add_str(it, "direction", dir_name(c->dir));
                rc |= odp_json_add_str(it, "old_action", c->old_action);
                rc |= odp_json_add_str(it, "new_action", c->new_action);
                rc |= odp_json_add_str(it, "old_treatment", c->old_treatment);
                rc |= odp_json_add_str(it, "new_treatment", c->new_treatment);
                rc |= odp_json_add_str(it, "baseline_category", c->category);
                rc |= add_bool(it, "below_baseline", c->below_baseline);
                rc |= odp_json_add_str(it, "why", c->why);
            }
        }
    }
    o = cJSON_AddObjectToObject(root, "classes");
    rc |= o == NULL;
    if (o != NULL) {
        rc |= add_bool(o, "compared", r->k > 0);
        rc |= add_item(o, "quasi_identifiers", strv_json(r->qi, r->nqi));
        rc |= odp_json_add_u64(o, "k", r->k);
        rc |= odp_json_add_u64(o, "old", r->classes_old);
        rc |= odp_json_add_u64(o, "new", r->classes_new);
        rc |= odp_json_add_u64(o, "changed", r->classes_changed);
        rc |= odp_json_add_u64(o, "risks", r->classes_risk);
        if (rc == ODP_OK) {
            rc = classes_json(o, "list", r->classes, r->nclasses, r->qi, r->nqi, 0);
        }
    }
    o = cJSON_AddObjectToObject(root, "cells");
    rc |= o == NULL;
    if (o != NULL) {
        rc |= add_bool(o, "compared", r->threshold > 0);
        rc |= add_item(o, "by", strv_json(r->cell_by, r->ncell_by));
        rc |= odp_json_add_u64(o, "threshold", r->threshold);
        rc |= odp_json_add_u64(o, "changed", r->cells_changed);
        rc |= odp_json_add_u64(o, "risks", r->cells_risk);
        if (rc == ODP_OK) {
            rc = classes_json(o, "list", r->cells, r->ncells, r->cell_by, r->ncell_by, 1);
        }
    }
    if (rc == ODP_OK) {
        text = odp_json_render(root);
    }
    cJSON_Delete(root);
    return text;
}

static void
delta_text(struct odp_buf *b, const char *what, uint64_t a, uint64_t c)
{
    if (a != c) {
        odp_buf_addf(b, NULL, "%s%s %s%llu", b->len > 0 ? "; " : "", what, c > a ? "+" : "-",
                     (unsigned long long)(c > a ? c - a : a - c));
    }
}

char *
odp_diff_summary(const struct odp_diff_result *r)
{
    struct odp_buf b;
    size_t i;

    odp_buf_init(&b, 1u << 20);
    delta_text(&b, "rows published", r->old.rows_out, r->cur.rows_out);
    delta_text(&b, "rows in the extract", r->old.rows_in, r->cur.rows_in);
    delta_text(&b, "rows dropped by rule", r->old.rows_dropped, r->cur.rows_dropped);
    delta_text(&b, "rows suppressed", r->old.rows_suppressed, r->cur.rows_suppressed);
    for (i = 0; i < r->ncols; i++) {
        const struct odp_diff_col *c = &r->cols[i];

        if (c->change == ODP_DIFF_SAME && c->dir == ODP_DIFF_NEUTRAL) {
            continue;
        }
        odp_buf_addf(&b, NULL, "%scolumn %s %s", b.len > 0 ? "; " : "", c->name,
                     c->change == ODP_DIFF_SAME ? "weakened" : change_name(c->change));
        if (c->change == ODP_DIFF_RETREATED) {
            odp_buf_addf(&b, NULL, " (%s to %s%s)", c->old_action, c->new_action,
                         c->dir == ODP_DIFF_STRONGER ? ", stronger"
                         : c->dir == ODP_DIFF_WEAKER ? ", weaker"
                                                     : "");
        }
    }
    if (r->classes_changed > 0) {
        odp_buf_addf(&b, NULL, "%s%llu of %llu quasi-identifier classes changed size",
                     b.len > 0 ? "; " : "", (unsigned long long)r->classes_changed,
                     (unsigned long long)r->classes_new);
    }
    if (r->cells_changed > 0) {
        odp_buf_addf(&b, NULL, "%s%llu count cells changed", b.len > 0 ? "; " : "",
                     (unsigned long long)r->cells_changed);
    }
    if (b.len == 0) {
        odp_buf_adds(&b, "no changes to the data or its treatment", NULL);
    }
    odp_buf_adds(&b, ".", NULL);
    return odp_buf_take(&b);
}
