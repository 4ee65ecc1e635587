/*
 * genmap.c - the `map` generalisation (genmap.h): value -> group tables read from a
 * policy's inline mapping or from an ARX-style hierarchy file, looked up by binary search.
 *
 * No message holds a value: duplicates and malformed lines are reported by position.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "fs.h"
#include "genmap.h"
#include "out.h"
#include "ytree.h"

/* One entry while building: bytes not owned (a YAML scalar or a field of a file line). */
struct ent {
    const char *f, *t;
    size_t fl, tl;
    uint64_t line, col;
};

void
odp_genmap_free(struct odp_genmap *m)
{
    size_t i;

    if (m == NULL) {
        return;
    }
    for (i = 0; i < m->n; i++) {
        free(m->from != NULL ? m->from[i] : NULL);
        free(m->to != NULL ? m->to[i] : NULL);
    }
    free(m->from);
    free(m->from_len);
    free(m->to);
    free(m->to_len);
    free(m);
}

static int
cmp_bytes(const char *a, size_t al, const char *b, size_t bl)
{
    int c = memcmp(a, b, al < bl ? al : bl);

    return c != 0 ? c : (al > bl) - (al < bl);
}

static int
cmp_ent(const void *pa, const void *pb)
{
    const struct ent *a = pa, *b = pb;
    int c = cmp_bytes(a->f, a->fl, b->f, b->fl);

    return c != 0 ? c : (a->line > b->line) - (a->line < b->line);
}

static int
cmp_strp(const void *pa, const void *pb)
{
    const struct ent *a = pa, *b = pb;

    return cmp_bytes(a->t, a->tl, b->t, b->tl);
}

static char *
copy(const char *p, size_t n)
{
    char *s = malloc(n + 1);

    if (s != NULL) {
        memcpy(s, p, n);
        s[n] = '\0';
    }
    return s;
}

static struct odp_genmap *
alloc_map(size_t n)
{
    struct odp_genmap *m = calloc(1, sizeof(*m));
    size_t c = n > 0 ? n : 1;

    if (m == NULL) {
        return NULL;
    }
    m->from = calloc(c, sizeof(*m->from));
    m->to = calloc(c, sizeof(*m->to));
    m->from_len = calloc(c, sizeof(*m->from_len));
    m->to_len = calloc(c, sizeof(*m->to_len));
    if (m->from == NULL || m->to == NULL || m->from_len == NULL || m->to_len == NULL) {
        odp_genmap_free(m);
        return NULL;
    }
    return m;
}

/*
 * Sorts e[0..n) and builds the map. A value listed twice: returns 1 with *dup the later
 * entry (its position is reported by the caller). -1 when out of memory, 0 when built.
 */
static int
build(struct ent *e, size_t n, struct odp_genmap **out, const struct ent **dup)
{
    struct odp_genmap *m;
    size_t i;

    *out = NULL;
    qsort(e, n, sizeof(*e), cmp_ent);
    for (i = 1; i < n; i++) {
        if (cmp_bytes(e[i - 1].f, e[i - 1].fl, e[i].f, e[i].fl) == 0) {
            *dup = &e[i];
            return 1;
        }
    }
    m = alloc_map(n);
    if (m == NULL) {
        return -1;
    }
    for (i = 0; i < n; i++) {
        m->from[i] = copy(e[i].f, e[i].fl);
        m->to[i] = copy(e[i].t, e[i].tl);
        m->n = i + 1;
        if (m->from[i] == NULL || m->to[i] == NULL) {
            odp_genmap_free(m);
            return -1;
        }
        m->from_len[i] = e[i].fl;
        m->to_len[i] = e[i].tl;
    }
    /* Distinct groups (e is reordered: the map is already built). */
    qsort(e, n, sizeof(*e), cmp_strp);
    for (i = 0; i < n; i++) {
        m->ngroups += i == 0 || cmp_bytes(e[i - 1].t, e[i - 1].tl, e[i].t, e[i].tl) != 0;
    }
    *out = m;
    return 0;
}

struct odp_genmap *
odp_genmap_dup(const struct odp_genmap *m)
{
    struct odp_genmap *d;
    size_t i;

    if (m == NULL) {
        return NULL;
    }
    d = alloc_map(m->n);
    if (d == NULL) {
        return NULL;
    }
    d->ngroups = m->ngroups;
    for (i = 0; i < m->n; i++) {
        d->from[i] = copy(m->from[i], m->from_len[i]);
        d->to[i] = copy(m->to[i], m->to_len[i]);
        d->n = i + 1;
        if (d->from[i] == NULL || d->to[i] == NULL) {
            odp_genmap_free(d);
            return NULL;
        }
        d->from_len[i] = m->from_len[i];
        d->to_len[i] = m->to_len[i];
    }
    return d;
}

int
odp_genmap_parse(struct odp_yctx *c, const struct odp_ynode *n, const char *col,
                 struct odp_genmap **out)
{
    const struct ent *dup = NULL;
    struct ent *e;
    size_t i, ne;
    int rc;

    *out = NULL;
    if (n->kind != ODP_Y_MAP || n->n == 0) {
        return odp_y_fail(c, ODP_ESCHEMA, n->line, n->col,
                          "column '%.64s': 'map' expects a mapping of each value to its group, "
                          "e.g. {Bachelors: Undergraduate}",
                          col);
    }
    ne = n->n / 2;
    if (ne > ODP_GENMAP_MAX) {
        return odp_y_fail(c, ODP_ELIMIT, n->line, n->col,
                          "column '%.64s': 'map' lists more than %d values", col, ODP_GENMAP_MAX);
    }
    e = calloc(ne, sizeof(*e));
    if (e == NULL) {
        return odp_y_oom(c);
    }
    for (i = 0; i < ne; i++) {
        const struct odp_ynode *k = n->kids[2 * i], *v = n->kids[2 * i + 1];

        if (v->kind != ODP_Y_SCALAR || odp_y_is_null(v)) {
            free(e);
            return odp_y_fail(c, ODP_ESCHEMA, v->line, v->col,
                              "column '%.64s': 'map': each value's group must be a string", col);
        }
        e[i] = (struct ent){k->s, v->s, k->len, v->len, k->line, k->col};
    }
    rc = build(e, ne, out, &dup);
    if (rc == 1) {
        rc = odp_y_fail(c, ODP_ESCHEMA, dup->line, dup->col,
                        "column '%.64s': 'map' names a value twice", col);
    } else if (rc < 0) {
        rc = odp_y_oom(c);
    }
    free(e);
    return rc;
}

/* ---------------------------------------------------------- hierarchy files */

struct hfile {
    const char *path;
    char sep;
    struct odp_err *err;
    char **fields; /* every field of every line, owned, nlines * width */
    size_t nfields, cap;
    uint64_t *fline, *fcol;
};

static int
hfail(struct hfile *h, uint64_t line, uint64_t col, const char *msg)
{
    return odp_errf(h->err, ODP_ESCHEMA, &(struct odp_loc){h->path, line, col}, "%s", msg);
}

static int
push_field(struct hfile *h, const char *p, size_t n, uint64_t line, uint64_t col)
{
    if (h->nfields == h->cap) {
        size_t nc = h->cap ? h->cap * 2 : 256;
        char **f = realloc(h->fields, nc * sizeof(*f));
        uint64_t *fl, *fc;

        if (f == NULL) {
            return odp_errf(h->err, ODP_ENOMEM, NULL, "out of memory");
        }
        h->fields = f;
        fl = realloc(h->fline, nc * sizeof(*fl));
        if (fl == NULL) {
            return odp_errf(h->err, ODP_ENOMEM, NULL, "out of memory");
        }
        h->fline = fl;
        fc = realloc(h->fcol, nc * sizeof(*fc));
        if (fc == NULL) {
            return odp_errf(h->err, ODP_ENOMEM, NULL, "out of memory");
        }
        h->fcol = fc;
        h->cap = nc;
    }
    h->fields[h->nfields] = copy(p, n);
    if (h->fields[h->nfields] == NULL) {
        return odp_errf(h->err, ODP_ENOMEM, NULL, "out of memory");
    }
    h->fline[h->nfields] = line;
    h->fcol[h->nfields] = col;
    h->nfields++;
    return ODP_OK;
}

/* One field at s[*i..] up to sep or end of line; quoted fields unquoted into `tmp`. */
static int
read_field(struct hfile *h, const char *s, size_t len, size_t *i, char *tmp, uint64_t line,
           uint64_t col)
{
    size_t j = *i, n = 0;

    if (j < len && s[j] == '"') {
        for (j++;; j++) {
            if (j >= len || s[j] == '\n') {
                return hfail(h, line, col, "hierarchy file: a quoted field is not closed");
            }
            if (s[j] == '"') {
                if (j + 1 < len && s[j + 1] == '"') {
                    tmp[n++] = '"';
                    j++;
                    continue;
                }
                j++;
                break;
            }
            tmp[n++] = s[j];
        }
        if (j < len && s[j] != h->sep && s[j] != '\n' && s[j] != '\r') {
            return hfail(h, line, col, "hierarchy file: text after a closing quote");
        }
    } else {
        while (j < len && s[j] != h->sep && s[j] != '\n' && s[j] != '\r') {
            tmp[n++] = s[j++];
        }
    }
    *i = j;
    return push_field(h, tmp, n, line, col);
}

static void
hfile_release(struct hfile *h)
{
    size_t i;

    for (i = 0; i < h->nfields; i++) {
        free(h->fields[i]);
    }
    free(h->fields);
    free(h->fline);
    free(h->fcol);
}

/* Splits the file into h->fields; *width = fields per line (all lines alike). */
static int
split_lines(struct hfile *h, const char *s, size_t len, size_t *width, size_t *nlines)
{
    char *tmp = malloc(len + 1);
    uint64_t line = 1;
    size_t i = 0;
    int rc = ODP_OK;

    if (tmp == NULL) {
        return odp_errf(h->err, ODP_ENOMEM, NULL, "out of memory");
    }
    *width = 0;
    *nlines = 0;
    while (rc == ODP_OK && i < len) {
        size_t start = h->nfields, begin = i;

        if (s[i] == '\n' || (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')) {
            i += s[i] == '\r' ? 2 : 1; /* an empty line */
            line++;
            continue;
        }
        for (;;) {
            rc = read_field(h, s, len, &i, tmp, line, (uint64_t)(i - begin) + 1);
            if (rc < 0 || i >= len || s[i] != h->sep) {
                break;
            }
            i++;
        }
        if (rc < 0) {
            break;
        }
        if (i < len && s[i] == '\r' && !(i + 1 < len && s[i + 1] == '\n')) {
            rc = hfail(h, line, (uint64_t)(i - begin) + 1,
                       "hierarchy file: a stray carriage return");
            break;
        }
        if (i < len && s[i] == '\r') {
            i++;
        }
        i++;
        if (*nlines == 0) {
            *width = h->nfields - start;
            if (*width < 2 || *width > ODP_GENMAP_MAX_LEVELS + 1) {
                rc = hfail(h, line, 1,
                           "hierarchy file: expected a value and 1 to 64 levels per line "
                           "(value;level1;level2;...)");
                break;
            }
        } else if (h->nfields - start != *width) {
            rc = odp_errf(h->err, ODP_ESCHEMA, &(struct odp_loc){h->path, line, 1},
                          "hierarchy file: %zu fields on this line, %zu on the first",
                          h->nfields - start, *width);
            break;
        }
        if (++*nlines > ODP_GENMAP_MAX) {
            rc = hfail(h, line, 1, "hierarchy file: more than 1000000 values");
            break;
        }
        line++;
    }
    free(tmp);
    if (rc == ODP_OK && *nlines == 0) {
        rc = hfail(h, 1, 1, "hierarchy file: no values");
    }
    return rc;
}

int
odp_genmap_read_file(const char *path, char sep, struct odp_genmap **maps, size_t *nlevels,
                     struct odp_err *err)
{
    struct hfile h = {path, sep, err, NULL, 0, 0, NULL, NULL};
    const struct ent *dup = NULL;
    struct ent *e = NULL;
    char *buf = NULL;
    size_t len = 0, width = 0, nl = 0, i, l;
    int rc;

    *nlevels = 0;
    rc = odp_read_file(path, ODP_GENMAP_FILE_MAX, &buf, &len, err);
    if (rc < 0) {
        return rc;
    }
    if (memchr(buf, '\0', len) != NULL) {
        free(buf);
        return odp_errf(err, ODP_ESCHEMA, &(struct odp_loc){path, 0, 0},
                        "hierarchy file: holds a NUL byte");
    }
    rc = split_lines(&h, buf, len, &width, &nl);
    free(buf);
    if (rc == ODP_OK) {
        e = calloc(nl, sizeof(*e));
        rc = e == NULL ? odp_errf(err, ODP_ENOMEM, NULL, "out of memory") : ODP_OK;
    }
    for (l = 1; rc == ODP_OK && l < width; l++) {
        for (i = 0; i < nl; i++) {
            size_t f = i * width;

            e[i] = (struct ent){h.fields[f],         h.fields[f + l],
                                strlen(h.fields[f]), strlen(h.fields[f + l]),
                                h.fline[f],          h.fcol[f]};
        }
        rc = build(e, nl, &maps[l - 1], &dup);
        if (rc == 1) {
            rc = odp_errf(err, ODP_ESCHEMA, &(struct odp_loc){path, dup->line, dup->col},
                          "hierarchy file: a value is on two lines");
        } else if (rc < 0) {
            rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        } else {
            *nlevels = l;
        }
    }
    free(e);
    hfile_release(&h);
    if (rc < 0) {
        for (l = 0; l < *nlevels; l++) {
            odp_genmap_free(maps[l]);
            maps[l] = NULL;
        }
        *nlevels = 0;
    }
    return rc;
}

const char *
odp_genmap_find(const struct odp_genmap *m, const char *v, size_t n, size_t *len)
{
    size_t lo = 0, hi = m->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp_bytes(m->from[mid], m->from_len[mid], v, n);

        if (c == 0) {
            *len = m->to_len[mid];
            return m->to[mid];
        }
        if (c < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return NULL;
}

struct gpair {
    const char *g, *h; /* a value's group in one map, and in the other */
    size_t glen, hlen;
};

static int
gpair_cmp(const void *x, const void *y)
{
    const struct gpair *a = x, *b = y;
    int c = cmp_bytes(a->g, a->glen, b->g, b->glen);

    return c != 0 ? c : cmp_bytes(a->h, a->hlen, b->h, b->hlen);
}

/* Is y's group a function of x's (every group of x inside one group of y)? -1: no memory. */
static int
groups_within(const struct odp_genmap *x, const struct odp_genmap *y)
{
    struct gpair *p = malloc(x->n * sizeof(*p) + 1);
    size_t i;
    int ok = 1;

    if (p == NULL) {
        return -1;
    }
    for (i = 0; i < x->n; i++) {
        p[i].g = x->to[i];
        p[i].glen = x->to_len[i];
        p[i].h = y->to[i];
        p[i].hlen = y->to_len[i];
    }
    qsort(p, x->n, sizeof(*p), gpair_cmp);
    for (i = 1; i < x->n && ok; i++) {
        ok = cmp_bytes(p[i].g, p[i].glen, p[i - 1].g, p[i - 1].glen) != 0 ||
             cmp_bytes(p[i].h, p[i].hlen, p[i - 1].h, p[i - 1].hlen) == 0;
    }
    free(p);
    return ok;
}

enum odp_genmap_cmp
odp_genmap_compare(const struct odp_genmap *a, const struct odp_genmap *b)
{
    size_t i;
    int same_groups = 1, ab, ba;

    if (a == NULL || b == NULL || a->n != b->n) {
        return ODP_GENMAP_OTHER;
    }
    for (i = 0; i < a->n; i++) { /* both sorted by value: the same values, in order */
        if (cmp_bytes(a->from[i], a->from_len[i], b->from[i], b->from_len[i]) != 0) {
            return ODP_GENMAP_OTHER;
        }
        same_groups &= cmp_bytes(a->to[i], a->to_len[i], b->to[i], b->to_len[i]) == 0;
    }
    if (same_groups) {
        return ODP_GENMAP_EQUAL;
    }
    ab = groups_within(a, b);
    ba = groups_within(b, a);
    if (ab < 0 || ba < 0) {
        return ODP_GENMAP_OTHER;
    }
    return ab && ba ? ODP_GENMAP_RENAMED
           : ab     ? ODP_GENMAP_COARSER
           : ba     ? ODP_GENMAP_FINER
                    : ODP_GENMAP_CROSSING;
}

void
odp_genmap_write(struct odp_out *o, const char *indent, const struct odp_genmap *m)
{
    size_t i;

    odp_out_printf(o, "%smap:\n", indent);
    for (i = 0; m != NULL && i < m->n; i++) {
        odp_out_printf(o, "%s  ", indent);
        odp_yaml_put_q(o, m->from[i]);
        odp_out_puts(o, ": ");
        odp_yaml_put_q(o, m->to[i]);
        odp_out_putc(o, '\n');
    }
}
