/*
 * release_par.c - the release passes over N worker threads: the input is cut into
 * chunks at record boundaries (lib/table/chunk.c), every worker runs the loops of
 * release.c's scan and write passes on its chunks with its own plan and partial
 * k-anonymity / small-cell state, output is written in input order (parallel.c), and the
 * partial states are merged after each pass, so the bytes are those of one thread.
 */
#include <stdlib.h>
#include <string.h>

#include "kanon.h"
#include "parallel.h"
#include "plan.h"
#include "policy.h"
#include "release_int.h"
#include "risk_release.h"
#include "smallcells.h"
#include "table.h"

/* ---- chunk-parallel passes (docs/PERFORMANCE.md, "All cores") ---- */

/* The chunked path covers CSV files with row policies, k-anonymity and small cells. */
int
odp_rel_par_wanted(struct job *j)
{
    const struct odp_policy *p = j->policy;

    return j->nthreads > 1 && odp_table_format(j->table) == ODP_FMT_CSV &&
           strcmp(j->o->data, "-") != 0 && !odp_riskjob_wanted(p) && j->o->previous == NULL &&
           p->dp == NULL && !p->dv.agg.on && p->dv.nrules == 0 &&
           odp_table_header(j->table)->n <= 1024; /* a plan per thread: wide tables stay
                                                     on one (memory, hostile_csv.sh) */
}

void
odp_rel_par_free(struct job *j)
{
    int i;

    for (i = 0; j->pw != NULL && i < j->nthreads; i++) {
        odp_plan_free(j->pw[i].plan);
        odp_kanon_free(j->pw[i].kanon);
        odp_smallcells_free(j->pw[i].sc);
    }
    free(j->pw);
    j->pw = NULL;
}

struct pjob {
    struct job *j;
    int pass; /* 0 count classes, 1 count cells, 2 write */
    struct odp_out *out;
};

/* One chunk on worker w: the loops of scan_pass and write_pass with w's own state. */
static int
par_chunk(void *ctx, int w, struct odp_table *ct, struct odp_out *out, struct odp_err *err)
{
    struct pjob *pj = ctx;
    struct job *j = pj->j;
    struct pworker *pw = &j->pw[w];
    const struct odp_field *f;
    struct odp_row row;
    size_t nqi;
    const size_t *qi = odp_plan_qi(pw->plan, &nqi);
    int rc;

    while ((rc = odp_table_next(ct, &row, err)) == ODP_OK) {
        pw->in += pj->pass == 2;
        rc = odp_plan_drop(pw->plan, &row, err);
        if (rc < 0) {
            return rc;
        }
        if (rc == 1) {
            pw->dropped += pj->pass == 2;
            continue;
        }
        rc = odp_plan_row(pw->plan, ct, &row, pj->pass == 0, err);
        if (rc < 0) {
            return rc;
        }
        f = odp_plan_out_fields(pw->plan);
        if (pj->pass == 0) {
            rc = odp_kanon_add(pw->kanon, f, qi, nqi, err);
            if (rc < 0) {
                return rc;
            }
            continue;
        }
        if (pw->kanon != NULL && odp_kanon_count(pw->kanon, f, qi, nqi) < j->policy->k) {
            if (pj->pass == 2) {
                odp_plan_uncount(pw->plan); /* counts describe published values only */
                pw->suppressed++;
            }
            continue;
        }
        if (pj->pass == 1) {
            rc = odp_smallcells_add(pw->sc, ct, &row, f, err);
        } else {
            if (pw->sc != NULL) {
                rc = odp_smallcells_apply(pw->sc, ct, &row, f, &f, err);
            }
            if (rc >= 0) {
                rc = odp_plan_write_row(pw->plan, f, out);
            }
            pw->out++;
        }
        if (rc < 0) {
            return rc;
        }
    }
    return rc == ODP_END ? ODP_OK : rc;
}

static int
par_emit(void *ctx, const char *p, size_t n, struct odp_err *err)
{
    struct pjob *pj = ctx;
    int rc = odp_out_write(pj->out, p, n);

    (void)err;
    if (pj->j->o->progress != NULL) {
        pj->j->o->progress(pj->j->o->progress_ctx, 0, odp_table_bytes_read(pj->j->table));
    }
    return rc;
}

/* Per-worker state before a pass. */
static int
par_setup(struct job *j, int pass, struct odp_err *err)
{
    int i;

    if (j->pw == NULL) {
        j->pw = calloc((size_t)j->nthreads, sizeof(*j->pw));
        if (j->pw == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
        for (i = 0; i < j->nthreads; i++) {
            j->pw[i].plan = odp_plan_compile(j->policy, j->table, j->keys, err);
            if (j->pw[i].plan == NULL) {
                return err != NULL && err->code != ODP_OK ? err->code : ODP_ENOMEM;
            }
        }
    }
    for (i = 0; i < j->nthreads; i++) {
        struct pworker *pw = &j->pw[i];

        if (pass == 0) {
            pw->kanon = odp_kanon_new(err);
            if (pw->kanon == NULL) {
                return ODP_ENOMEM;
            }
        }
        if (pass == 2) {
            odp_plan_merge_counts(j->plan, pw->plan); /* drop_when counts of every pass */
        }
        if ((pass == 1 || pass == 2) && j->sc != NULL) {
            odp_smallcells_free(pw->sc);
            pw->sc = odp_smallcells_new(j->policy, j->table, odp_plan_out_header(j->plan),
                                        odp_plan_nout(j->plan), err);
            if (pw->sc == NULL) {
                return err != NULL && err->code != ODP_OK ? err->code : ODP_ENOMEM;
            }
            if (pass == 2) {
                odp_smallcells_share(pw->sc, j->sc);
            }
        }
    }
    if (pass == 2) {
        odp_plan_reset_counts(j->plan); /* changed counts: the writing pass only */
    }
    return ODP_OK;
}

/* Merges the workers' partial results after a pass. */
static int
par_merge(struct job *j, int pass, struct odp_err *err)
{
    int i, rc = ODP_OK;

    for (i = 0; rc == ODP_OK && i < j->nthreads; i++) {
        struct pworker *pw = &j->pw[i];

        if (pass == 0) {
            rc = odp_kanon_merge(j->kanon, pw->kanon, err);
        }
        if (pass == 1 || pass == 2) {
            rc = pw->sc != NULL ? odp_smallcells_merge(j->sc, pw->sc, err) : ODP_OK;
            odp_smallcells_free(pw->sc);
            pw->sc = NULL;
        }
        if (pass == 2) {
            odp_plan_merge_counts(j->plan, pw->plan);
            j->rows_in += pw->in;
            j->rows_out += pw->out;
            j->rows_dropped += pw->dropped;
            j->rows_suppressed += pw->suppressed;
        }
    }
    for (i = 0; rc == ODP_OK && pass == 0 && i < j->nthreads; i++) {
        odp_kanon_share(j->pw[i].kanon, j->kanon);
    }
    return rc;
}

int
odp_rel_par_pass(struct job *j, int pass, struct odp_out *out, struct odp_err *err)
{
    struct pjob pj = {j, pass, out};
    struct odp_par_ops ops = {&pj, j->nthreads, par_chunk, pass == 2 ? par_emit : NULL};
    int rc = par_setup(j, pass, err);

    if (rc == ODP_OK) {
        rc = odp_par_run(j->table, &ops, err);
    }
    if (rc == ODP_OK) {
        rc = par_merge(j, pass, err);
    }
    if (rc == ODP_OK && pass < 2) {
        rc = odp_table_rewind(j->table, err);
    }
    return rc;
}
