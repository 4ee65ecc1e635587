/*
 * plan.c - binds a policy to a data header and runs it row by row.
 *
 * Compile time: every input column gets its rule (or, under `default: drop`, a drop;
 * under `default: reject`, the release stops naming the column and the line to add).
 * Row time: drop_when conditions on raw values, then one op per published column into
 * that column's own reusable buffer, so output views stay valid for the whole row.
 *
 * Promise: no cell value is ever copied into an error; a failing value is named by
 * FILE:LINE:COL and its column.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "buf.h"
#include "csvw.h"
#include "derive.h"
#include "detect.h"
#include "plan.h"
#include "typecheck.h"

struct pcol {
    const struct odp_colrule *rule; /* NULL when dropped by `default: drop` */
    long out;                       /* output index, -1 when dropped */
    struct odp_op *op;              /* NULL for keep */
    struct odp_buf scratch;
    uint64_t changed;
    int last; /* 1 when the last row's value changed */
    int is_qi;
    const char *tcheck; /* declared type each published value must have */
    /* this row's value whose pseudonym is already in scratch (pseudo_pairs), or NULL */
    const char *pre_p;
    size_t pre_n;
};

struct pcond {
    const struct odp_cond *c;
    size_t col;
    pcre2_code *re;
    pcre2_match_data *md;
    uint64_t rows;
};

/* A run of published columns kept as is and adjacent in the input (>= 2 columns). */
struct krun {
    size_t o0, n; /* first output column, number of columns */
};

/*
 * odp_plan_row's work list: output columns [o, o + n) copied from input columns [i, i + n)
 * as they are (kept, no declared type to check: one memcpy of the views), or with
 * n == 0 output column o alone through its op (and its type check).
 */
struct pstep {
    size_t o, i, n;
};

struct odp_plan {
    const struct odp_policy *policy;
    int raw_csv; /* fields are views into raw CSV input */
    struct krun *runs;
    size_t nruns;
    size_t *run_at; /* per output column: run index + 1 where a run starts, 0 */
    size_t nin, nout;
    struct pcol *cols;
    size_t *out_src; /* input index per output column */
    struct odp_field *out_hdr;
    struct odp_field *outf;
    struct pcond *conds;
    size_t nconds;
    size_t *qi; /* output indexes of the QIs */
    size_t nqi;
    struct odp_colinfo *info;
    char **treat; /* treatment texts, owned */
    struct odp_dropinfo *drops;
    size_t ndrops;
    struct odp_derive *dv; /* derive: (NULL without): extra input columns */
    struct odp_row xrow;   /* the row extended with the derived values */
    size_t nraw;           /* data columns; derived ones follow */
    size_t *psc;           /* published pseudonymize columns (input indexes) */
    size_t npsc;
    struct pstep *steps; /* odp_plan_row's columns, in output order */
    size_t nsteps;
};

static int
col_index(const struct odp_row *hdr, const char *name, size_t *idx)
{
    size_t i, n = strlen(name);

    for (i = 0; i < hdr->n; i++) {
        if (hdr->f[i].len == n && memcmp(hdr->f[i].p, name, n) == 0) {
            *idx = i;
            return 1;
        }
    }
    return 0;
}

static int
compile_conds(struct odp_plan *pl, const struct odp_row *hdr, const char *data_path,
              struct odp_err *err)
{
    const struct odp_policy *p = pl->policy;
    size_t i;

    if (p->ndrop_when == 0) {
        return ODP_OK;
    }
    pl->conds = calloc(p->ndrop_when, sizeof(*pl->conds));
    if (pl->conds == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    pl->nconds = p->ndrop_when;
    for (i = 0; i < p->ndrop_when; i++) {
        const struct odp_cond *c = &p->drop_when[i];
        struct odp_loc loc = {c->path, c->line, c->col};
        struct pcond *pc = &pl->conds[i];

        pc->c = c;
        if (!col_index(hdr, c->column, &pc->col)) {
            return odp_errf(err, ODP_EPOLICY, &loc,
                            "drop_when names column '%s', which is not in %s", c->column,
                            data_path);
        }
        if (c->op == ODP_COND_MATCHES) {
            int ec;
            PCRE2_SIZE eo;

            pc->re = pcre2_compile((PCRE2_SPTR)c->values[0], PCRE2_ZERO_TERMINATED, PCRE2_UTF, &ec,
                                   &eo, NULL);
            if (pc->re == NULL) {
                PCRE2_UCHAR msg[160];

                pcre2_get_error_message(ec, msg, sizeof(msg));
                return odp_errf(err, ODP_EPOLICY, &loc, "drop_when regex does not compile: %s",
                                (const char *)msg);
            }
            pcre2_jit_compile(pc->re, PCRE2_JIT_COMPLETE);
            pc->md = pcre2_match_data_create_from_pattern(pc->re, NULL);
            if (pc->md == NULL) {
                return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
            }
        }
    }
    return ODP_OK;
}

static int
compile_qi(struct odp_plan *pl, const struct odp_row *hdr, struct odp_err *err)
{
    const struct odp_policy *p = pl->policy;
    size_t i, in;
    struct odp_loc loc = {p->path, p->qi_line, p->qi_col};

    if (p->nqi == 0) {
        return ODP_OK;
    }
    pl->qi = calloc(p->nqi, sizeof(*pl->qi));
    if (pl->qi == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    for (i = 0; i < p->nqi; i++) {
        if (!col_index(hdr, p->qi[i], &in)) {
            return odp_errf(err, ODP_EPOLICY, &loc,
                            "quasi-identifier '%s' is not a column of the data", p->qi[i]);
        }
        if (pl->cols[in].out < 0) {
            return odp_errf(err, ODP_EPOLICY, &loc,
                            "quasi-identifier '%s' is dropped; list only published columns",
                            p->qi[i]);
        }
        pl->cols[in].is_qi = 1;
        pl->qi[pl->nqi++] = (size_t)pl->cols[in].out;
    }
    return ODP_OK;
}

/*
 * Finds runs of >= 2 published columns that are kept as is and adjacent in the input:
 * when their views are adjacent in the raw CSV buffer with single commas between them,
 * no field of the run was quoted, so the raw span is already correct output and is
 * copied with one memcpy (odp_plan_write_row).
 */
static int
compile_runs(struct odp_plan *pl, struct odp_table *t, struct odp_err *err)
{
    size_t o = 0;

    pl->raw_csv = odp_table_raw_views(t);
    pl->run_at = calloc(pl->nout + 1, sizeof(*pl->run_at));
    pl->runs = calloc(pl->nout / 2 + 1, sizeof(*pl->runs));
    if (pl->run_at == NULL || pl->runs == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    while (o < pl->nout) {
        size_t n = 0;

        while (o + n < pl->nout && pl->cols[pl->out_src[o + n]].op == NULL &&
               pl->out_src[o + n] < pl->nraw &&
               (n == 0 || pl->out_src[o + n] == pl->out_src[o + n - 1] + 1)) {
            n++;
        }
        if (n >= 2) {
            pl->runs[pl->nruns].o0 = o;
            pl->runs[pl->nruns].n = n;
            pl->run_at[o] = ++pl->nruns;
            o += n;
        } else {
            o += n > 0 ? n : 1;
        }
    }
    return ODP_OK;
}

/* The work list of odp_plan_row (struct pstep). */
static int
compile_steps(struct odp_plan *pl, struct odp_err *err)
{
    size_t o = 0;

    pl->steps = calloc(pl->nout + 1, sizeof(*pl->steps));
    if (pl->steps == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    while (o < pl->nout) {
        struct pstep *st = &pl->steps[pl->nsteps++];
        const struct pcol *c = &pl->cols[pl->out_src[o]];

        st->o = o;
        st->i = pl->out_src[o];
        st->n = 0;
        if (c->op != NULL || c->tcheck != NULL) {
            o++;
            continue;
        }
        while (o < pl->nout && pl->cols[pl->out_src[o]].op == NULL &&
               pl->cols[pl->out_src[o]].tcheck == NULL && pl->out_src[o] == st->i + st->n) {
            st->n++;
            o++;
        }
    }
    return ODP_OK;
}

/* 1 when f[o0..o0+n) are adjacent raw views separated by single commas. */
static int
run_is_raw(const struct odp_field *f, size_t o0, size_t n)
{
    size_t k;

    for (k = o0 + 1; k < o0 + n; k++) {
        const char *end = f[k - 1].p + f[k - 1].len;

        if (f[k].p != end + 1 || *end != ',') {
            return 0;
        }
    }
    return 1;
}

/* The row from output column o on through the stream's own calls (the comma before
 * column o, if any, is written already). */
static int
write_row_from(const struct odp_plan *pl, const struct odp_field *f, size_t o, struct odp_out *out)
{
    const size_t o0 = o;

    while (o < pl->nout) {
        size_t r = pl->raw_csv ? pl->run_at[o] : 0;

        if (o > o0) {
            odp_out_putc(out, ',');
        }
        if (r != 0 && run_is_raw(f, o, pl->runs[r - 1].n)) {
            const struct krun *kr = &pl->runs[r - 1];
            const struct odp_field *last = &f[o + kr->n - 1];

            odp_out_write(out, f[o].p, (size_t)(last->p + last->len - f[o].p));
            o += kr->n;
            continue;
        }
        odp_csv_write_field(out, f[o].p, f[o].len);
        o++;
    }
    return odp_out_putc(out, '\n');
}

/*
 * The row straight into the stream's buffer through a local pointer (csvw.h): one room
 * check per field, no call per short copy. Where the buffer runs short the rest of the
 * row goes through write_row_from, which flushes as it needs to.
 */
int
odp_plan_write_row(const struct odp_plan *pl, const struct odp_field *f, struct odp_out *out)
{
    char *w, *w0, *wend;
    size_t o = 0, n;

    if (pl->nout == 1 && f[0].len == 0) {
        return odp_csv_write_row(out, f, 1); /* written "" so the line is not blank */
    }
    if (pl->nout == 0 || out->err.code != ODP_OK || out->buf == NULL) {
        return write_row_from(pl, f, 0, out);
    }
    w0 = w = out->buf + out->len;
    wend = out->buf + ODP_OUT_BUFSZ;
    while (o < pl->nout) {
        size_t r = pl->raw_csv ? pl->run_at[o] : 0;

        if (r != 0 && run_is_raw(f, o, pl->runs[r - 1].n)) {
            const struct krun *kr = &pl->runs[r - 1];
            const struct odp_field *last = &f[o + kr->n - 1];
            size_t len = (size_t)(last->p + last->len - f[o].p);

            if ((size_t)(wend - w) < len + 1) {
                break;
            }
            odp_csvw_copy(w, f[o].p, len);
            w += len;
            o += kr->n;
        } else {
            if ((size_t)(wend - w) < 2 * f[o].len + 3) {
                break;
            }
            w = odp_csvw_field(w, f[o].p, f[o].len);
            o++;
        }
        *w++ = ','; /* the last one becomes the line end */
    }
    n = (size_t)(w - w0);
    if (o == pl->nout) {
        w[-1] = '\n';
        out->len += n;
        out->bytes += n;
        return ODP_OK;
    }
    out->len += n;
    out->bytes += n;
    return write_row_from(pl, f, o, out);
}

/* The published pseudonymize columns, when a row has two or more (pseudo_pairs). */
static int
compile_pseudo(struct odp_plan *pl, struct odp_err *err)
{
    size_t o, n = 0;

    for (o = 0; o < pl->nout; o++) {
        n += odp_op_pseudo_ready(pl->cols[pl->out_src[o]].op, 1) != 0;
    }
    if (n < 2) {
        return ODP_OK;
    }
    pl->psc = calloc(n, sizeof(*pl->psc));
    if (pl->psc == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    for (o = 0; o < pl->nout; o++) {
        if (odp_op_pseudo_ready(pl->cols[pl->out_src[o]].op, 1)) {
            pl->psc[pl->npsc++] = pl->out_src[o];
        }
    }
    return ODP_OK;
}

struct odp_plan *
odp_plan_compile(const struct odp_policy *p, struct odp_table *t, const struct odp_keyring *keys,
                 struct odp_err *err)
{
    const struct odp_row *hdr = odp_table_header(t), *raw = hdr;
    struct odp_plan *pl = calloc(1, sizeof(*pl));
    size_t i, o = 0;

    if (pl == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    pl->policy = p;
    pl->nraw = raw->n;
    if (p->dv.nrules > 0) {
        pl->dv = odp_derive_new(p, raw, err);
        if (pl->dv == NULL) {
            goto fail;
        }
        hdr = odp_derive_header(pl->dv);
    }
    pl->nin = hdr->n;
    pl->cols = calloc(hdr->n, sizeof(*pl->cols));
    pl->out_src = calloc(hdr->n, sizeof(*pl->out_src));
    pl->out_hdr = calloc(hdr->n, sizeof(*pl->out_hdr));
    pl->outf = calloc(hdr->n, sizeof(*pl->outf));
    pl->drops = calloc(hdr->n, sizeof(*pl->drops));
    if (pl->cols == NULL || pl->out_src == NULL || pl->out_hdr == NULL || pl->outf == NULL ||
        pl->drops == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        goto fail;
    }
    for (i = 0; i < hdr->n; i++) {
        const struct odp_colrule *r = odp_policy_find(p, hdr->f[i].p, hdr->f[i].len);
        struct pcol *c = &pl->cols[i];

        odp_buf_init(&c->scratch, ODP_CSV_MAX_FIELD);
        c->out = -1;
        if (r == NULL) {
            if (p->deflt == ODP_DEFAULT_REJECT && i >= pl->nraw) {
                const struct odp_derive_rule *dr = &p->dv.rules[i - pl->nraw];

                odp_errf(err, ODP_EPOLICY, &(struct odp_loc){dr->path, dr->line, dr->col},
                         "derived column '%s' is not named in 'columns:' and default is "
                         "reject; add e.g.  \"%s\": {action: keep, type: integer}",
                         dr->name, dr->name);
                goto fail;
            }
            if (p->deflt == ODP_DEFAULT_REJECT) {
                odp_errf(err, ODP_EPOLICY, &(struct odp_loc){odp_table_path(t), 1, 0},
                         "column '%.*s' is not named in the policy and default is reject; "
                         "add a rule under 'columns:' in %s, e.g.  \"%.*s\": {action: drop}",
                         (int)hdr->f[i].len, hdr->f[i].p, p->path, (int)hdr->f[i].len, hdr->f[i].p);
                goto fail;
            }
            pl->drops[pl->ndrops].name = strndup(hdr->f[i].p, hdr->f[i].len);
            if (pl->drops[pl->ndrops].name == NULL) {
                odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
                goto fail;
            }
            pl->drops[pl->ndrops++].description = NULL;
            continue;
        }
        c->rule = r;
        if (r->action == ODP_ACT_DROP) {
            pl->drops[pl->ndrops].name = strdup(r->name);
            if (pl->drops[pl->ndrops].name == NULL) {
                odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
                goto fail;
            }
            pl->drops[pl->ndrops++].description = r->description;
            continue;
        }
        if (r->action != ODP_ACT_KEEP) {
            size_t by = 0;

            if (r->action == ODP_ACT_DATE_SHIFT && !col_index(hdr, r->by, &by)) {
                odp_errf(err, ODP_EPOLICY, &(struct odp_loc){r->path, r->line, r->col},
                         "column '%s': date_shift 'by' column '%s' is not in the data", r->name,
                         r->by);
                goto fail;
            }
            c->op = odp_op_new(r, keys, by, err);
            if (c->op == NULL) {
                goto fail;
            }
            odp_op_set_nulls(c->op, pl->policy->dataset.null_values,
                             pl->policy->dataset.nnull_values);
        }
        if (r->type != NULL && odp_type_checked(r->type) &&
            strcmp(odp_output_type(r), r->type) == 0) {
            c->tcheck = r->type; /* datapackage.json promises this type */
        }
        c->out = (long)o;
        pl->out_src[o] = i;
        pl->out_hdr[o] = hdr->f[i];
        o++;
    }
    pl->nout = o;
    if (compile_pseudo(pl, err) < 0 || compile_runs(pl, t, err) < 0 || compile_steps(pl, err) < 0) {
        goto fail;
    }
    if (compile_conds(pl, raw, odp_table_path(t), err) < 0 || compile_qi(pl, hdr, err) < 0) {
        goto fail;
    }
    return pl;
fail:
    odp_plan_free(pl);
    return NULL;
}

void
odp_plan_free(struct odp_plan *pl)
{
    size_t i;

    if (pl == NULL) {
        return;
    }
    for (i = 0; pl->cols != NULL && i < pl->nin; i++) {
        odp_op_free(pl->cols[i].op);
        odp_buf_release(&pl->cols[i].scratch);
    }
    for (i = 0; i < pl->nconds; i++) {
        pcre2_match_data_free(pl->conds[i].md);
        pcre2_code_free(pl->conds[i].re);
    }
    for (i = 0; pl->treat != NULL && i < pl->nout; i++) {
        free(pl->treat[i]);
    }
    free(pl->treat);
    for (i = 0; i < pl->ndrops; i++) {
        free((char *)pl->drops[i].name);
    }
    free(pl->info);
    free(pl->conds);
    free(pl->runs);
    free(pl->run_at);
    free(pl->steps);
    free(pl->psc);
    free(pl->qi);
    free(pl->cols);
    free(pl->out_src);
    free(pl->out_hdr);
    free(pl->outf);
    free(pl->drops);
    odp_derive_free(pl->dv);
    free(pl);
}

size_t
odp_plan_nout(const struct odp_plan *pl)
{
    return pl->nout;
}

const struct odp_field *
odp_plan_out_header(const struct odp_plan *pl)
{
    return pl->out_hdr;
}

const struct odp_field *
odp_plan_out_fields(const struct odp_plan *pl)
{
    return pl->outf;
}

struct odp_op *
odp_plan_op(const struct odp_plan *pl, size_t o)
{
    return o < pl->nout ? pl->cols[pl->out_src[o]].op : NULL;
}

const size_t *
odp_plan_qi(const struct odp_plan *pl, size_t *n)
{
    *n = pl->nqi;
    return pl->qi;
}

int
odp_plan_drop(struct odp_plan *pl, const struct odp_row *row, struct odp_err *err)
{
    size_t i, j;

    for (i = 0; i < pl->nconds; i++) {
        struct pcond *pc = &pl->conds[i];
        const struct odp_field *f = &row->f[pc->col];
        int hit = 0;

        switch (pc->c->op) {
        case ODP_COND_IN:
        case ODP_COND_EQUALS:
            for (j = 0; j < pc->c->nvalues && !hit; j++) {
                const char *v = pc->c->values[j];

                hit = strlen(v) == f->len && memcmp(v, f->p, f->len) == 0;
            }
            break;
        case ODP_COND_MATCHES: {
            int rc = pcre2_match(pc->re, (PCRE2_SPTR)f->p, f->len, 0, 0, pc->md, NULL);

            if (rc < 0 && rc != PCRE2_ERROR_NOMATCH) {
                return odp_errf(err, ODP_EDATA, NULL, "drop_when regex failed on a value of '%s'",
                                pc->c->column);
            }
            hit = rc >= 0;
            break;
        }
        }
        if (hit) {
            pc->rows++;
            return 1;
        }
    }
    return 0;
}

/*
 * Computes the row's pseudonyms three or two at a time (interleaved SHA-256 chains cost
 * little more than one) into their columns' scratch buffers and marks each with the
 * value it belongs to; the row's loop below then takes the result instead of applying
 * the op. A last one alone is left to the op. Every mark is set or cleared here, for
 * this row only.
 */
static int
pseudo_pairs(struct odp_plan *pl, const struct odp_row *row, int only_qi, struct odp_err *err)
{
    struct pcol *held[3];
    const struct odp_field *hf[3];
    size_t k, nh = 0, m;
    int rc = ODP_OK;

    for (k = 0; k < pl->npsc; k++) {
        size_t i = pl->psc[k];
        struct pcol *c = &pl->cols[i];
        const struct odp_field *f = &row->f[i];

        c->pre_p = NULL;
        if (only_qi || i >= row->n || !odp_op_pseudo_ready(c->op, f->len)) {
            continue;
        }
        held[nh] = c;
        hf[nh] = f;
        if (++nh < 3) {
            continue;
        }
        {
            struct odp_op *const ops[3] = {held[0]->op, held[1]->op, held[2]->op};
            const char *const v[3] = {hf[0]->p, hf[1]->p, hf[2]->p};
            const size_t n[3] = {hf[0]->len, hf[1]->len, hf[2]->len};
            struct odp_buf *const bufs[3] = {&held[0]->scratch, &held[1]->scratch,
                                             &held[2]->scratch};

            rc = odp_op_pseudo_triple(ops, v, n, bufs, err);
        }
        if (rc < 0) {
            return rc;
        }
        for (m = 0; m < 3; m++) {
            held[m]->pre_p = hf[m]->p;
            held[m]->pre_n = hf[m]->len;
        }
        nh = 0;
    }
    if (nh == 2) {
        rc = odp_op_pseudo_pair(held[0]->op, hf[0]->p, hf[0]->len, &held[0]->scratch, held[1]->op,
                                hf[1]->p, hf[1]->len, &held[1]->scratch, err);
        if (rc < 0) {
            return rc;
        }
        for (m = 0; m < 2; m++) {
            held[m]->pre_p = hf[m]->p;
            held[m]->pre_n = hf[m]->len;
        }
    }
    return ODP_OK;
}

int
odp_plan_row(struct odp_plan *pl, struct odp_table *t, const struct odp_row *row, int only_qi,
             struct odp_err *err)
{
    size_t k;

    if (pl->dv != NULL) {
        int rc = odp_derive_row(pl->dv, row, &pl->xrow, err);

        if (rc < 0) {
            return rc;
        }
        row = &pl->xrow;
    }
    if (pl->npsc > 0) {
        int rc = pseudo_pairs(pl, row, only_qi, err);

        if (rc < 0) {
            return rc;
        }
    }
    for (k = 0; k < pl->nsteps; k++) {
        const struct pstep *st = &pl->steps[k];
        size_t o = st->o, i = st->i;
        struct pcol *c;
        struct odp_err local;
        int rc;

        if (st->n > 0) { /* kept as is: their `last` stays 0 */
            memcpy(&pl->outf[o], &row->f[i], st->n * sizeof(*pl->outf));
            continue;
        }
        c = &pl->cols[i];
        c->last = 0;
        if (c->op == NULL) {
            pl->outf[o] = row->f[i];
        } else if (only_qi && !c->is_qi) {
            continue;
        } else if (c->pre_p != NULL && c->pre_p == row->f[i].p && c->pre_n == row->f[i].len) {
            c->pre_p = NULL;
            rc = odp_op_apply_done(c->op, row, i, &pl->outf[o], &c->scratch);
            c->changed += (uint64_t)rc;
            c->last = rc;
        } else {
            c->pre_p = NULL;
            local.code = ODP_OK; /* first-error-wins needs only the code cleared (hot path) */
            rc = odp_op_apply(c->op, row, i, &pl->outf[o], &c->scratch, &local);
            if (rc < 0) {
                uint64_t line, col;

                odp_table_locate(t, i < pl->nraw ? i : 0, &line, &col); /* derived: the row */
                return odp_errf(err, rc, &(struct odp_loc){odp_table_path(t), line, col}, "%s",
                                local.msg);
            }
            c->changed += (uint64_t)rc;
            c->last = rc;
        }
        if (c->tcheck != NULL && !odp_type_ok(c->tcheck, pl->outf[o].p, pl->outf[o].len)) {
            uint64_t line, col;

            /* The value is not shown: it may be anything, even a protected one. */
            odp_table_locate(t, i < pl->nraw ? i : 0, &line, &col); /* derived: the row */
            return odp_errf(err, ODP_EDATA, &(struct odp_loc){odp_table_path(t), line, col},
                            "column '%s': value is not a valid %s (the type the policy "
                            "declares)",
                            c->rule->name, c->tcheck);
        }
    }
    return ODP_OK;
}

void
odp_plan_uncount(struct odp_plan *pl)
{
    size_t i;

    for (i = 0; i < pl->nin; i++) {
        pl->cols[i].changed -= (uint64_t)pl->cols[i].last;
        pl->cols[i].last = 0;
    }
}

void
odp_plan_reset_counts(struct odp_plan *pl)
{
    size_t i;

    for (i = 0; i < pl->nin; i++) {
        pl->cols[i].changed = 0;
    }
    for (i = 0; i < pl->nconds; i++) {
        pl->conds[i].rows = 0;
    }
    if (pl->dv != NULL) {
        odp_derive_reset_counts(pl->dv);
    }
}

void
odp_plan_merge_counts(struct odp_plan *dst, struct odp_plan *src)
{
    size_t i;

    for (i = 0; i < dst->nin && i < src->nin; i++) {
        dst->cols[i].changed += src->cols[i].changed;
        src->cols[i].changed = 0;
    }
    for (i = 0; i < dst->nconds && i < src->nconds; i++) {
        dst->conds[i].rows += src->conds[i].rows;
        src->conds[i].rows = 0;
    }
    if (dst->dv != NULL && src->dv != NULL) {
        odp_derive_merge_counts(dst->dv, src->dv);
    }
}

uint64_t
odp_plan_drop_count(const struct odp_plan *pl, size_t i)
{
    return i < pl->nconds ? pl->conds[i].rows : 0;
}

const struct odp_colinfo *
odp_plan_colinfo(struct odp_plan *pl, size_t *n)
{
    size_t o;

    *n = pl->nout;
    if (pl->info == NULL) {
        pl->info = calloc(pl->nout ? pl->nout : 1, sizeof(*pl->info));
        pl->treat = calloc(pl->nout ? pl->nout : 1, sizeof(*pl->treat));
        if (pl->info == NULL || pl->treat == NULL) {
            return NULL;
        }
        for (o = 0; o < pl->nout; o++) {
            const struct odp_colrule *r = pl->cols[pl->out_src[o]].rule;
            char tbuf[512];

            odp_treatment_text(r, tbuf, sizeof(tbuf));
            if (pl->out_src[o] >= pl->nraw) { /* derived: its formula first */
                char dbuf[1100];
                char fbuf[512];
                const struct odp_derive_rule *dr = &pl->policy->dv.rules[pl->out_src[o] - pl->nraw];

                snprintf(dbuf, sizeof(dbuf), "derived as %s, then %s",
                         odp_derive_formula_text(dr, fbuf, sizeof(fbuf)), tbuf);
                pl->treat[o] = strdup(dbuf);
            } else {
                pl->treat[o] = strdup(tbuf);
            }
            if (pl->treat[o] == NULL) {
                return NULL;
            }
            pl->info[o].name = r->name;
            pl->info[o].type = odp_output_type(r);
            pl->info[o].description = r->description;
            pl->info[o].treatment = pl->treat[o];
            pl->info[o].action = r->action;
        }
    }
    for (o = 0; o < pl->nout; o++) {
        pl->info[o].changed = pl->cols[pl->out_src[o]].changed;
    }
    return pl->info;
}

const struct odp_derive *
odp_plan_derive(const struct odp_plan *pl)
{
    return pl->dv;
}

const struct odp_dropinfo *
odp_plan_dropinfo(const struct odp_plan *pl, size_t *n)
{
    *n = pl->ndrops;
    return pl->drops;
}

void
odp_plan_count_sizes(const struct odp_plan *pl, size_t *nchanged, size_t *ndrops)
{
    size_t nd = 0;

    if (pl->dv != NULL) {
        (void)odp_derive_info(pl->dv, &nd);
    }
    *nchanged = pl->nin;
    *ndrops = pl->nconds + 4 * nd; /* drop_when's, then derive's (odp_derive_counts_get) */
}

void
odp_plan_counts_get(const struct odp_plan *pl, uint64_t *changed, uint64_t *drops)
{
    size_t i;

    for (i = 0; i < pl->nin; i++) {
        changed[i] = pl->cols[i].changed;
    }
    for (i = 0; i < pl->nconds; i++) {
        drops[i] = pl->conds[i].rows;
    }
    if (pl->dv != NULL) {
        odp_derive_counts_get(pl->dv, drops + pl->nconds);
    }
}

void
odp_plan_counts_add(struct odp_plan *pl, const uint64_t *changed, const uint64_t *drops)
{
    size_t i;

    for (i = 0; i < pl->nin; i++) {
        pl->cols[i].changed += changed[i];
    }
    for (i = 0; i < pl->nconds; i++) {
        pl->conds[i].rows += drops[i];
    }
    if (pl->dv != NULL) {
        odp_derive_counts_add(pl->dv, drops + pl->nconds);
    }
}
