/*
 * derive.c - derived columns: bound to the data header once, computed per row into
 * reusable buffers (derive.h). Dates are parsed by datefmt.c (odp_date_parse), numbers
 * by numbers.c (odp_num_parse), so a derived value reads its sources exactly as the
 * column actions would.
 *
 * Promise: no value reaches an error message; the output depends on the row alone.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions_int.h"
#include "derive.h"

/* Longest derived value (a concat of long fields is capped like a CSV field). */
#define DV_MAX ODP_CSV_MAX_FIELD

struct dcol {
    const struct odp_derive_rule *r;
    size_t *src; /* extended-row index of each source */
    int *fmts;   /* date format per source */
    struct odp_buf b;
    char *formula;
    char **lab; /* bucket: nedges + 1 labels, "<e0" ... ">=en" */
    size_t *lablen;
};

/* Parsed sources of one rule, handed to eval (NULL: eval parses). */
struct pre {
    const struct odp_datetime *dt;
    const int *code; /* 0 parsed, 1 empty, 2 unparsable */
};

struct odp_derive {
    const struct odp_policy *p;
    size_t nin, nd;
    struct dcol *cols;
    struct odp_field *hf; /* extended header fields */
    struct odp_row hdr;
    struct odp_field *rf;   /* extended row fields */
    struct odp_field *args; /* scratch: one rule's sources */
    size_t maxargs;
    struct odp_derive_info *info;
    /* per extended column, the date parsed in this row (a column read by several rules
     * is parsed once): valid when pgen == gen and the format matches */
    struct odp_datetime *pdt;
    int *pcode, *pfmt;
    uint64_t *pgen, gen;
    struct odp_datetime *adt; /* scratch: one rule's parsed sources */
    int *acode;
};

const char *
odp_derive_formula_text(const struct odp_derive_rule *r, char *buf, size_t size)
{
    size_t i, o = 0;
    int n;

    n = snprintf(buf, size, "%s(", odp_derive_fn_name(r->fn));
    o = n > 0 ? (size_t)n : 0;
    for (i = 0; i < r->nargs && o < size; i++) {
        n = snprintf(buf + o, size - o, "%s%s", i > 0 ? ", " : "", r->args[i]);
        o += n > 0 ? (size_t)n : 0;
    }
    if (r->fn == ODP_DV_BUCKET && o < size) {
        n = snprintf(buf + o, size - o, "; edges");
        o += n > 0 ? (size_t)n : 0;
        for (i = 0; i < r->nedges && o < size; i++) {
            char t[ODP_NUM_TXT];

            odp_num_format(r->edges[i], 17, t);
            n = snprintf(buf + o, size - o, "%s%s", i > 0 ? ", " : " ", t);
            o += n > 0 ? (size_t)n : 0;
        }
    }
    if (r->fn == ODP_DV_CONCAT && r->sep != NULL && r->sep[0] != '\0' && o < size) {
        n = snprintf(buf + o, size - o, "; sep \"%s\"", r->sep);
        o += n > 0 ? (size_t)n : 0;
    }
    if (o < size) {
        snprintf(buf + o, size - o, ")");
    }
    return buf;
}

/* The date format a source column is read with when the rule names none. */
static int
source_fmt(const struct odp_policy *p, const struct odp_derive_rule *r, const char *col)
{
    const struct odp_colrule *cr;

    if (r->fmt >= 0) {
        return r->fmt;
    }
    cr = odp_policy_find(p, col, strlen(col));
    if (cr != NULL && ((cr->action == ODP_ACT_GENERALIZE && cr->gen == ODP_GEN_DATE) ||
                       cr->action == ODP_ACT_DATE_SHIFT)) {
        return (int)cr->date_fmt;
    }
    return ODP_DFMT_AUTO;
}

static int
find_col(const struct odp_field *f, size_t n, const char *name, size_t *idx)
{
    size_t i, len = strlen(name);

    for (i = 0; i < n; i++) {
        if (f[i].len == len && memcmp(f[i].p, name, len) == 0) {
            *idx = i;
            return 1;
        }
    }
    return 0;
}

/* The bucket labels, made once: "<e0", "[e0,e1)", ..., ">=en" (as generalize's bands). */
static int
make_labels(struct dcol *c)
{
    const struct odp_derive_rule *r = c->r;
    char t1[ODP_NUM_TXT], t2[ODP_NUM_TXT], buf[2 * ODP_NUM_TXT + 8];
    size_t i, n = r->nedges;

    c->lab = calloc(n + 1, sizeof(*c->lab));
    c->lablen = calloc(n + 1, sizeof(*c->lablen));
    if (c->lab == NULL || c->lablen == NULL) {
        return -1;
    }
    for (i = 0; i <= n; i++) {
        if (i == 0) {
            odp_num_format(r->edges[0], 17, t1);
            snprintf(buf, sizeof(buf), "<%s", t1);
        } else if (i == n) {
            odp_num_format(r->edges[n - 1], 17, t1);
            snprintf(buf, sizeof(buf), ">=%s", t1);
        } else {
            odp_num_format(r->edges[i - 1], 17, t1);
            odp_num_format(r->edges[i], 17, t2);
            snprintf(buf, sizeof(buf), "[%s,%s)", t1, t2);
        }
        c->lab[i] = strdup(buf);
        if (c->lab[i] == NULL) {
            return -1;
        }
        c->lablen[i] = strlen(buf);
    }
    return 0;
}

struct odp_derive *
odp_derive_new(const struct odp_policy *p, const struct odp_row *hdr, struct odp_err *err)
{
    const struct odp_policy_derive *pd = &p->dv;
    struct odp_derive *dv = calloc(1, sizeof(*dv));
    size_t i, j, n;

    if (dv == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    dv->p = p;
    dv->nin = hdr->n;
    dv->nd = pd->nrules;
    n = dv->nin + dv->nd;
    dv->cols = calloc(dv->nd + 1, sizeof(*dv->cols));
    dv->hf = calloc(n + 1, sizeof(*dv->hf));
    dv->rf = calloc(n + 1, sizeof(*dv->rf));
    dv->info = calloc(dv->nd + 1, sizeof(*dv->info));
    dv->pdt = calloc(n + 1, sizeof(*dv->pdt));
    dv->pcode = calloc(n + 1, sizeof(*dv->pcode));
    dv->pfmt = calloc(n + 1, sizeof(*dv->pfmt));
    dv->pgen = calloc(n + 1, sizeof(*dv->pgen));
    if (dv->cols == NULL || dv->hf == NULL || dv->rf == NULL || dv->info == NULL ||
        dv->pdt == NULL || dv->pcode == NULL || dv->pfmt == NULL || dv->pgen == NULL) {
        goto oom;
    }
    memcpy(dv->hf, hdr->f, hdr->n * sizeof(*hdr->f));
    for (i = 0; i < dv->nd; i++) {
        const struct odp_derive_rule *r = &pd->rules[i];
        struct dcol *c = &dv->cols[i];
        struct odp_loc loc = {r->path, r->line, r->col};
        char ftxt[512];
        size_t k;

        c->r = r;
        odp_buf_init(&c->b, DV_MAX);
        if (find_col(dv->hf, dv->nin + i, r->name, &k)) {
            odp_errf(err, ODP_EPOLICY, &loc,
                     k < dv->nin ? "derived column '%s' has the name of a data column"
                                 : "derived column '%s' is defined twice",
                     r->name);
            goto fail;
        }
        c->src = calloc(r->nargs + 1, sizeof(*c->src));
        c->fmts = calloc(r->nargs + 1, sizeof(*c->fmts));
        if (c->src == NULL || c->fmts == NULL) {
            goto oom;
        }
        for (j = 0; j < r->nargs; j++) {
            if (!find_col(dv->hf, dv->nin + i, r->args[j], &c->src[j])) {
                odp_errf(err, ODP_EPOLICY, &loc,
                         "derived column '%s' uses '%s', which is neither a column of the "
                         "data nor derived above it",
                         r->name, r->args[j]);
                goto fail;
            }
            c->fmts[j] = source_fmt(p, r, r->args[j]);
        }
        if (r->nargs > dv->maxargs) {
            dv->maxargs = r->nargs;
        }
        c->formula = strdup(odp_derive_formula_text(r, ftxt, sizeof(ftxt)));
        if (c->formula == NULL || (r->fn == ODP_DV_BUCKET && make_labels(c) < 0)) {
            goto oom;
        }
        dv->hf[dv->nin + i].p = r->name;
        dv->hf[dv->nin + i].len = strlen(r->name);
        dv->info[i].name = r->name;
        dv->info[i].formula = c->formula;
    }
    dv->args = calloc(dv->maxargs + 1, sizeof(*dv->args));
    dv->adt = calloc(dv->maxargs + 1, sizeof(*dv->adt));
    dv->acode = calloc(dv->maxargs + 1, sizeof(*dv->acode));
    if (dv->args == NULL || dv->adt == NULL || dv->acode == NULL) {
        goto oom;
    }
    dv->hdr.n = n;
    dv->hdr.f = dv->hf;
    dv->hdr.line = hdr->line;
    dv->hdr.recno = hdr->recno;
    return dv;
oom:
    odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
fail:
    odp_derive_free(dv);
    return NULL;
}

void
odp_derive_free(struct odp_derive *dv)
{
    size_t i, j;

    if (dv == NULL) {
        return;
    }
    for (i = 0; dv->cols != NULL && i < dv->nd; i++) {
        free(dv->cols[i].src);
        free(dv->cols[i].fmts);
        free(dv->cols[i].formula);
        odp_buf_release(&dv->cols[i].b);
        for (j = 0; dv->cols[i].lab != NULL && j <= dv->cols[i].r->nedges; j++) {
            free(dv->cols[i].lab[j]);
        }
        free(dv->cols[i].lab);
        free(dv->cols[i].lablen);
    }
    free(dv->cols);
    free(dv->hf);
    free(dv->rf);
    free(dv->args);
    free(dv->adt);
    free(dv->acode);
    free(dv->info);
    free(dv->pdt);
    free(dv->pcode);
    free(dv->pfmt);
    free(dv->pgen);
    free(dv);
}

const struct odp_row *
odp_derive_header(const struct odp_derive *dv)
{
    return &dv->hdr;
}

/* Seconds since 1970-01-01T00:00:00 of a parsed value (wall clock, zone not applied). */
static int64_t
dt_seconds(const struct odp_datetime *dt)
{
    return odp_days_from_civil(dt->year, dt->month, dt->day) * 86400 + dt->hour * 3600 +
           dt->minute * 60 + dt->second;
}

static int
put_i64(struct odp_buf *b, int64_t v, struct odp_err *err)
{
    char t[24];
    size_t n = sizeof(t);
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

    do {
        t[--n] = (char)('0' + u % 10);
        u /= 10;
    } while (u != 0);
    if (v < 0) {
        t[--n] = '-';
    }
    return odp_buf_add(b, t + n, sizeof(t) - n, err);
}

/* "YYYY" or "YYYY-MM" (years 0001..9999, as odp_date_parse gives them). */
static int
put_ym(struct odp_buf *b, int y, int m, int with_month, struct odp_err *err)
{
    char t[7] = {(char)('0' + y / 1000),
                 (char)('0' + y / 100 % 10),
                 (char)('0' + y / 10 % 10),
                 (char)('0' + y % 10),
                 '-',
                 (char)('0' + m / 10),
                 (char)('0' + m % 10)};

    return odp_buf_add(b, t, with_month ? 7 : 4, err);
}

/* Parses the n date sources; 1 empty, 2 unparsable, 0 ok. */
static int
parse_dates(const int *fmts, const struct odp_field *v, size_t n, struct odp_datetime *dt,
            const struct pre *pre)
{
    size_t i;

    if (pre != NULL) {
        for (i = 0; i < n; i++) {
            if (pre->code[i] == 1) {
                return 1;
            }
        }
        for (i = 0; i < n; i++) {
            if (pre->code[i] != 0) {
                return 2;
            }
            dt[i] = pre->dt[i];
        }
        return 0;
    }

    for (i = 0; i < n; i++) {
        if (v[i].len == 0) {
            return 1;
        }
    }
    for (i = 0; i < n; i++) {
        if (odp_date_parse(v[i].p, v[i].len, (enum odp_date_fmt)fmts[i], &dt[i], NULL) != ODP_OK) {
            return 2;
        }
    }
    return 0;
}

static int
bucket(const struct odp_derive_rule *r, const struct odp_field *v, const struct dcol *c,
       struct odp_buf *b, struct odp_err *err)
{
    char t1[ODP_NUM_TXT], t2[ODP_NUM_TXT];
    double x;
    size_t lo = 0, hi = r->nedges - 1;

    if (v->len == 0) {
        return 1;
    }
    if (!odp_num_parse(v->p, v->len, &x)) {
        return 2;
    }
    if (c != NULL) {
        size_t k;

        if (x < r->edges[0]) {
            k = 0;
        } else if (x >= r->edges[hi]) {
            k = r->nedges;
        } else {
            while (hi - lo > 1) {
                size_t mid = lo + (hi - lo) / 2;

                if (x >= r->edges[mid]) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            k = lo + 1;
        }
        return odp_buf_add(b, c->lab[k], c->lablen[k], err);
    }
    if (x < r->edges[0]) {
        odp_num_format(r->edges[0], 17, t1);
        return odp_buf_addf(b, err, "<%s", t1);
    }
    if (x >= r->edges[hi]) {
        odp_num_format(r->edges[hi], 17, t1);
        return odp_buf_addf(b, err, ">=%s", t1);
    }
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;

        if (x >= r->edges[mid]) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    odp_num_format(r->edges[lo], 17, t1);
    odp_num_format(r->edges[hi], 17, t2);
    return odp_buf_addf(b, err, "[%s,%s)", t1, t2);
}

static int
eval(const struct odp_derive_rule *r, const int *fmts, const struct odp_field *v,
     const struct pre *pre, const struct dcol *c, struct odp_buf *b, struct odp_err *err)
{
    struct odp_datetime dt[2];
    int64_t x = 0;
    size_t i;
    int rc;

    odp_buf_reset(b);
    switch (r->fn) {
    case ODP_DV_DAYS_BETWEEN:
    case ODP_DV_HOURS_BETWEEN:
    case ODP_DV_AGE_AT:
        memset(dt, 0, sizeof(dt));
        rc = parse_dates(fmts, v, 2, dt, pre);
        if (rc != 0) {
            return rc;
        }
        if (r->fn == ODP_DV_DAYS_BETWEEN) {
            x = odp_days_from_civil(dt[1].year, dt[1].month, dt[1].day) -
                odp_days_from_civil(dt[0].year, dt[0].month, dt[0].day);
        } else if (r->fn == ODP_DV_HOURS_BETWEEN) {
            x = (dt_seconds(&dt[1]) - dt_seconds(&dt[0])) / 3600; /* toward zero */
        } else {
            x = dt[1].year - dt[0].year;
            if (dt[1].month < dt[0].month ||
                (dt[1].month == dt[0].month && dt[1].day < dt[0].day)) {
                x--;
            }
        }
        rc = put_i64(b, x, err);
        return rc < 0 ? rc : x < 0 ? 3 : 0;
    case ODP_DV_YEAR_OF:
    case ODP_DV_MONTH_OF:
        rc = parse_dates(fmts, v, 1, dt, pre);
        if (rc != 0) {
            return rc;
        }
        rc = put_ym(b, dt[0].year, dt[0].month, r->fn == ODP_DV_MONTH_OF, err);
        return rc < 0 ? rc : 0;
    case ODP_DV_CONCAT:
        for (i = 0; i < r->nargs; i++) {
            if (i > 0 && r->sep != NULL && (rc = odp_buf_adds(b, r->sep, err)) < 0) {
                return rc;
            }
            if ((rc = odp_buf_add(b, v[i].p, v[i].len, err)) < 0) {
                return rc;
            }
        }
        return 0;
    case ODP_DV_BUCKET:
        rc = bucket(r, &v[0], c, b, err);
        return rc;
    }
    return odp_errf(err, ODP_EINTERNAL, NULL, "derive: unknown function");
}

int
odp_derive_eval(const struct odp_derive_rule *r, const int *fmts, const struct odp_field *v,
                struct odp_buf *b, struct odp_err *err)
{
    return eval(r, fmts, v, NULL, NULL, b, err);
}

/* Parses source j of c (or takes this row's earlier parse of the same column). */
static void
parse_src(struct odp_derive *dv, const struct dcol *c, size_t j)
{
    size_t col = c->src[j];
    const struct odp_field *v = &dv->rf[col];

    if (dv->pgen[col] != dv->gen || dv->pfmt[col] != c->fmts[j]) {
        dv->pgen[col] = dv->gen;
        dv->pfmt[col] = c->fmts[j];
        dv->pcode[col] = v->len == 0 ? 1
                         : odp_date_parse(v->p, v->len, (enum odp_date_fmt)c->fmts[j],
                                          &dv->pdt[col], NULL) == ODP_OK
                             ? 0
                             : 2;
    }
    dv->adt[j] = dv->pdt[col];
    dv->acode[j] = dv->pcode[col];
}

int
odp_derive_row(struct odp_derive *dv, const struct odp_row *in, struct odp_row *out,
               struct odp_err *err)
{
    size_t i, j;

    if (in->n != dv->nin) {
        return odp_errf(err, ODP_EINTERNAL, NULL, "derive: row has %zu fields, header %zu", in->n,
                        dv->nin);
    }
    memcpy(dv->rf, in->f, in->n * sizeof(*in->f));
    dv->gen++;
    for (i = 0; i < dv->nd; i++) {
        struct dcol *c = &dv->cols[i];
        struct odp_derive_info *st = &dv->info[i];
        int dates = c->r->fn != ODP_DV_CONCAT && c->r->fn != ODP_DV_BUCKET;
        struct pre pre = {dv->adt, dv->acode};
        int rc;

        for (j = 0; j < c->r->nargs; j++) {
            dv->args[j] = dv->rf[c->src[j]];
            if (dates) {
                parse_src(dv, c, j);
            }
        }
        rc = eval(c->r, c->fmts, dv->args, dates ? &pre : NULL, c, &c->b, err);
        if (rc < 0) {
            return rc;
        }
        st->rows++;
        if (rc == 1) {
            st->empty++;
        } else if (rc == 2) {
            st->unparsable++;
        } else if (rc == 3) {
            st->negative++;
        }
        if (rc == 1 || rc == 2) {
            odp_buf_reset(&c->b);
        }
        dv->rf[dv->nin + i].p = c->b.p != NULL ? c->b.p : "";
        dv->rf[dv->nin + i].len = c->b.len;
    }
    out->n = dv->nin + dv->nd;
    out->f = dv->rf;
    out->line = in->line;
    out->recno = in->recno;
    return ODP_OK;
}

const struct odp_derive_info *
odp_derive_info(const struct odp_derive *dv, size_t *n)
{
    *n = dv->nd;
    return dv->info;
}

void
odp_derive_merge_counts(struct odp_derive *dst, struct odp_derive *src)
{
    size_t i;

    for (i = 0; i < dst->nd && i < src->nd; i++) {
        dst->info[i].rows += src->info[i].rows;
        dst->info[i].empty += src->info[i].empty;
        dst->info[i].unparsable += src->info[i].unparsable;
        dst->info[i].negative += src->info[i].negative;
    }
    odp_derive_reset_counts(src);
}

void
odp_derive_counts_get(const struct odp_derive *dv, uint64_t *v)
{
    size_t i;

    for (i = 0; i < dv->nd; i++, v += 4) {
        v[0] = dv->info[i].rows;
        v[1] = dv->info[i].empty;
        v[2] = dv->info[i].unparsable;
        v[3] = dv->info[i].negative;
    }
}

void
odp_derive_counts_add(struct odp_derive *dv, const uint64_t *v)
{
    size_t i;

    for (i = 0; i < dv->nd; i++, v += 4) {
        dv->info[i].rows += v[0];
        dv->info[i].empty += v[1];
        dv->info[i].unparsable += v[2];
        dv->info[i].negative += v[3];
    }
}

void
odp_derive_reset_counts(struct odp_derive *dv)
{
    size_t i;

    for (i = 0; i < dv->nd; i++) {
        dv->info[i].rows = dv->info[i].empty = dv->info[i].unparsable = dv->info[i].negative = 0;
    }
}
