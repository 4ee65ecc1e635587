/*
 * release_par.c - the release passes over N worker threads: the input is cut into
 * chunks at record boundaries (lib/table/chunk.c), every worker runs the loops of
 * release.c's scan and write passes on its chunks with its own plan and partial
 * k-anonymity / small-cell state, output is written in input order (parallel.c), and the
 * partial states are merged after each pass, so the bytes are those of one thread. An
 * indicator table (aggregate:) is folded per worker and the partial tables merged after
 * the writing pass (odp_agg_merge: equal to the table of all rows, in any order); derived
 * columns are computed by each worker's plan, their counters merged like the others.
 *
 * A partitioned release (partition.c) comes through here too, with odp_part_hook set:
 * each pass then either imports the merged state of all partitions (given by the
 * driver) or counts this partition and stops the run with its partial state; the
 * writing pass writes this partition's rows to a part file and stops with its
 * accounting, or (the last step) copies the parts in order into the package's data
 * file, adds up the accounting and reads the whole input once for its digest.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aggregate.h"
#include "bigmem.h"
#include "bytes.h"
#include "chunk.h"
#include "fs.h"
#include "kanon.h"
#include "parallel.h"
#include "plan.h"
#include "policy.h"
#include "release_int.h"
#include "risk_release.h"
#include "smallcells.h"
#include "table.h"

/* ---- chunk-parallel passes (docs/PERFORMANCE.md, "All cores") ---- */

_Thread_local struct odp_part_hook *odp_part_hook;

int
odp_rel_part_fits(const struct odp_policy *p, enum odp_input_format fmt, const char **why)
{
    *why = fmt != ODP_FMT_CSV      ? "the input is not CSV"
           : odp_riskjob_wanted(p) ? "the policy has risk models or generalize: auto"
           : p->dp != NULL         ? "the policy has differential_privacy"
           : p->dv.agg.on          ? "the policy has aggregate:"
                                   : NULL;
    return *why == NULL;
}

/* The chunked path covers CSV files with row policies, derive:, k-anonymity, small cells
 * and aggregate: (differential privacy only on an indicator table: its noise is drawn at
 * the end, on the calling thread, from the merged table). */
int
odp_rel_par_wanted(struct job *j)
{
    const struct odp_policy *p = j->policy;

    if (odp_part_hook != NULL) { /* every pass through here; one that does not fit stops */
        (void)odp_rel_part_fits(p, odp_table_format(j->table), &odp_part_hook->refused);
        return 1;
    }
    return j->nthreads > 1 && odp_table_format(j->table) == ODP_FMT_CSV &&
           strcmp(j->o->data, "-") != 0 && !odp_riskjob_wanted(p) && j->o->previous == NULL &&
           (p->dp == NULL || p->dv.agg.on) &&
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
        odp_agg_free(j->pw[i].agg);
    }
    free(j->pw);
    j->pw = NULL;
    odp_bigmem_unreserve(j->par_hold);
    j->par_hold = 0;
}

struct pjob {
    struct job *j;
    int pass; /* 0 count classes, 1 count cells, 2 write */
    struct odp_out *out;
    uint64_t recno_base; /* a partition's place in the whole input (small cells' ties) */
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
        row.recno += pj->recno_base;
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
        if (pw->agg != NULL) { /* an indicator table: folded, written at the end */
            rc = odp_agg_add(pw->agg, f, odp_table_path(j->table), row.line, err);
            pw->out++;
        } else if (pj->pass == 1) {
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
            odp_plan_reset_counts(pw->plan); /* counted by the writing pass only */
        }
        if (pass == 2 && j->agg != NULL) {
            odp_agg_free(pw->agg);
            pw->agg =
                odp_agg_new(j->policy, odp_plan_out_header(pw->plan), odp_plan_nout(pw->plan), err);
            if (pw->agg == NULL) {
                return err != NULL && err->code != ODP_OK ? err->code : ODP_ENOMEM;
            }
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
        if (pass == 2 && rc == ODP_OK && pw->agg != NULL) {
            rc = odp_agg_merge(j->agg, pw->agg, err); /* worker order: any order is equal */
            odp_agg_free(pw->agg);
            pw->agg = NULL;
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

static int
run_pass(struct job *j, int pass, struct odp_out *out, uint64_t recno_base, struct odp_err *err)
{
    struct pjob pj = {j, pass, out, recno_base};
    struct odp_par_ops ops = {&pj, j->nthreads, par_chunk, pass == 2 ? par_emit : NULL,
                              pass == 2 ? out : NULL};
    int rc = par_setup(j, pass, err);

    if (rc == ODP_OK) {
        rc = odp_par_run(j->table, &ops, err);
    }
    if (rc == ODP_OK) {
        rc = par_merge(j, pass, err);
    }
    return rc;
}

/* ---- a partitioned release's steps (odp_part_hook set; partition.c) ---- */

/*
 * A pass over bytes [start, end) of the input file only (a range that partition_split
 * cut at record boundaries), on this thread: read in blocks, cut at the last record
 * boundary of each (odp_csv_boundary), each piece read as a chunk that starts at its true
 * line and record number, so errors and small cells' order are those of the whole file.
 */
static int
range_pass(struct job *j, struct odp_part_hook *h, int pass, struct odp_out *out,
           struct odp_err *err)
{
    struct pjob pj = {j, pass, out, 0};
    struct odp_chunker *k = odp_chunks_begin(j->table, 64, 64, err);
    struct odp_table *ct = NULL;
    const char *path = odp_table_path(j->table);
    size_t cap = ((size_t)1 << 20) + ODP_CHUNK_PAD, n = 0, b;
    uint64_t pos = h->start, line = h->line, recno = h->recno, nl, nr;
    char *buf = NULL, *nb;
    int fd = -1, term, rc;
    ssize_t r;

    if (k == NULL) {
        return err != NULL && err->code != ODP_OK ? err->code : ODP_EINVAL;
    }
    term = odp_chunks_term(k);
    odp_chunks_end(k);
    rc = par_setup(j, pass, err);
    if (rc == ODP_OK) {
        ct = odp_table_chunk_new(j->table, err);
        buf = malloc(cap);
        fd = open(path, O_RDONLY | O_CLOEXEC);
        rc = ct == NULL    ? (err != NULL && err->code != ODP_OK ? err->code : ODP_ENOMEM)
             : buf == NULL ? odp_errf(err, ODP_ENOMEM, NULL, "out of memory")
             : fd < 0      ? odp_err_sys(err, path, "cannot open")
                           : ODP_OK;
    }
    while (rc == ODP_OK && (pos < h->end || n > 0)) {
        if (n + ODP_CHUNK_PAD >= cap) { /* a record longer than the buffer */
            nb = cap < ODP_CSV_MAX_RECORD ? realloc(buf, cap * 2) : NULL;
            if (nb == NULL) {
                rc = odp_errf(err, ODP_ELIMIT, &(struct odp_loc){path, line, 1},
                              "a record longer than %u MiB", ODP_CSV_MAX_RECORD >> 20);
                break;
            }
            buf = nb;
            cap *= 2;
        }
        r = 0;
        if (pos < h->end) {
            size_t want = cap - ODP_CHUNK_PAD - n;

            want = (uint64_t)want > h->end - pos ? (size_t)(h->end - pos) : want;
            do {
                r = pread(fd, buf + n, want, (off_t)pos);
            } while (r < 0 && errno == EINTR);
            if (r <= 0) {
                rc = r < 0 ? odp_err_sys(err, path, "cannot read")
                           : odp_errf(err, ODP_EIO, &(struct odp_loc){path, 0, 0},
                                      "the file is shorter than its partition");
                break;
            }
            pos += (uint64_t)r;
            n += (size_t)r;
        }
        b = pos < h->end ? odp_csv_boundary(buf, n, &nl, &nr) : n; /* the end: all */
        if (b == 0) {
            continue;
        }
        if (b == n) {
            (void)odp_csv_boundary(buf, n, &nl, &nr);
        }
        rc = odp_table_chunk_set(ct, buf, b, line, recno, term, err);
        if (rc == ODP_OK) {
            rc = par_chunk(&pj, 0, ct, out, err);
        }
        line += nl;
        recno += nr;
        memmove(buf, buf + b, n - b);
        n -= b;
    }
    if (fd >= 0) {
        close(fd);
    }
    free(buf);
    odp_table_free(ct);
    if (rc == ODP_OK) {
        rc = par_merge(j, pass, err);
    }
    return rc;
}

#define ACCT_MAGIC UINT64_C(0x3174636361706f) /* "opacct1" */
#define ACCT_HEAD 10                          /* numbers before the plan's counters */

/* The merged state of pass 0 or 1 as a blob in the hook; the run stops here. */
static int
part_export(struct job *j, struct odp_part_hook *h, int pass, struct odp_err *err)
{
    size_t n = pass == 0 ? odp_kanon_classes(j->kanon) * 24 : odp_smallcells_state_size(j->sc);
    int rc;

    h->out = malloc(n + 1);
    if (h->out == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    rc =
        pass == 0 ? odp_kanon_export(j->kanon, h->out, n) : odp_smallcells_export(j->sc, h->out, n);
    if (rc < 0) {
        return odp_errf(err, ODP_EINTERNAL, NULL, "partial state: export failed");
    }
    h->nout = n;
    h->stopped = pass;
    return ODP_PART_STOP;
}

/*
 * The writing pass's accounting as a blob: magic, the sizes of the plan's counters,
 * rows in/out/dropped/suppressed, small cells suppressed (primary, complementary), the
 * part's bytes, then the plan's changed and drop_when counters (u64 little-endian).
 */
static int
acct_export(struct job *j, struct odp_part_hook *h, const struct odp_smallcells_stats *sc0,
            struct odp_err *err)
{
    struct odp_smallcells_stats st;
    size_t nc, nd, i;
    uint64_t *v;

    memset(&st, 0, sizeof(st));
    if (j->sc != NULL) {
        odp_smallcells_stats(j->sc, &st);
    }
    odp_plan_count_sizes(j->plan, &nc, &nd);
    v = calloc(ACCT_HEAD + nc + nd, sizeof(*v));
    h->out = malloc((ACCT_HEAD + nc + nd) * 8);
    if (v == NULL || h->out == NULL) {
        free(v);
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    v[0] = ACCT_MAGIC;
    v[1] = nc;
    v[2] = nd;
    v[3] = j->rows_in;
    v[4] = j->rows_out;
    v[5] = j->rows_dropped;
    v[6] = j->rows_suppressed;
    v[7] = st.primary - sc0->primary;
    v[8] = st.complementary - sc0->complementary;
    v[9] = h->part_bytes;
    odp_plan_counts_get(j->plan, v + ACCT_HEAD, v + ACCT_HEAD + nc);
    for (i = 0; i < ACCT_HEAD + nc + nd; i++) {
        odp_le64_put(h->out + 8 * i, v[i]);
    }
    free(v);
    h->nout = (ACCT_HEAD + nc + nd) * 8;
    h->stopped = 2;
    return ODP_PART_STOP;
}

/* PASS, writing pass: this partition's rows (no header) into the part file. */
static int
part_write(struct job *j, struct odp_part_hook *h, struct odp_err *err)
{
    struct odp_smallcells_stats sc0;
    struct odp_out po;
    int fd, rc;

    memset(&sc0, 0, sizeof(sc0));
    if (j->sc != NULL) {
        odp_smallcells_stats(j->sc, &sc0);
    }
    fd = odp_create(h->part_path, 0644, err);
    if (fd < 0) {
        return ODP_EIO;
    }
    rc = odp_out_init(&po, fd, h->part_path, 0, err);
    if (rc == ODP_OK) {
        rc = h->ranged ? range_pass(j, h, 2, &po, err) : run_pass(j, 2, &po, h->recno_base, err);
    }
    if (rc == ODP_OK) {
        rc = odp_out_finish(&po, 0, NULL, &h->part_bytes, err);
    }
    odp_out_release(&po);
    if (close(fd) != 0 && rc == ODP_OK) {
        rc = odp_err_sys(err, h->part_path, "cannot close");
    }
    if (rc != ODP_OK) {
        unlink(h->part_path); /* ours (created above): nothing half-written stays */
    }
    return rc == ODP_OK ? acct_export(j, h, &sc0, err) : rc;
}

/* ASSEMBLE: every part's accounting into the job (counters of its writing pass). */
static int
acct_import(struct job *j, struct odp_part_hook *h, uint64_t *bytes, struct odp_err *err)
{
    uint8_t scb[24];
    uint64_t *v = NULL;
    size_t nc, nd, i, p;
    int rc = ODP_OK;

    odp_plan_count_sizes(j->plan, &nc, &nd);
    v = calloc(ACCT_HEAD + nc + nd, sizeof(*v));
    if (v == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    for (p = 0; rc == ODP_OK && p < h->nparts; p++) {
        if (h->acct[p].n != (ACCT_HEAD + nc + nd) * 8) {
            rc = odp_errf(err, ODP_EINVAL, NULL,
                          "partition %zu: its accounting does not fit this policy and header", p);
            break;
        }
        for (i = 0; i < ACCT_HEAD + nc + nd; i++) {
            v[i] = odp_le64_get(h->acct[p].p + 8 * i);
        }
        if (v[0] != ACCT_MAGIC || v[1] != nc || v[2] != nd) {
            rc = odp_errf(err, ODP_EINVAL, NULL,
                          "partition %zu: its accounting does not fit this policy and header", p);
            break;
        }
        j->rows_in += v[3];
        j->rows_out += v[4];
        j->rows_dropped += v[5];
        j->rows_suppressed += v[6];
        bytes[p] = v[9];
        odp_plan_counts_add(j->plan, v + ACCT_HEAD, v + ACCT_HEAD + nc);
        if (v[7] + v[8] > 0 && j->sc == NULL) {
            rc = odp_errf(err, ODP_EINVAL, NULL, "partition %zu: small cells without a rule", p);
        } else if (j->sc != NULL) {
            odp_le64_put(scb, 0);
            odp_le64_put(scb + 8, v[7]);
            odp_le64_put(scb + 16, v[8]);
            rc = odp_smallcells_import(j->sc, scb, sizeof(scb), err);
        }
    }
    free(v);
    return rc;
}

/* ASSEMBLE: reads the whole input (the fed concatenation) once: its digest, its records. */
static int
drain_input(struct job *j, uint64_t *records, struct odp_err *err)
{
    struct odp_chunker *k = odp_chunks_begin(j->table, (size_t)1 << 20, ODP_CSV_MAX_RECORD, err);
    char *buf = NULL;
    size_t cap = 0, len = 0, b;
    uint64_t line = 0, recno = 0, nl = 0, nrec = 0;
    int rc;

    if (k == NULL) {
        return err != NULL && err->code != ODP_OK ? err->code : ODP_EINVAL;
    }
    *records = 0;
    while ((rc = odp_chunks_next(k, &buf, &cap, &len, &line, &recno, err)) == ODP_OK) {
        b = odp_csv_boundary(buf, len, &nl, &nrec);
        *records = recno + nrec + (b < len); /* a last record without a line end */
    }
    free(buf);
    odp_chunks_end(k);
    return rc == ODP_END ? ODP_OK : rc;
}

/* ASSEMBLE, writing pass: the parts in order into the data file. */
static int
part_assemble(struct job *j, struct odp_part_hook *h, struct odp_out *out, struct odp_err *err)
{
    uint64_t *bytes = calloc(h->nparts + 1, sizeof(*bytes)), got, records = 0;
    char *buf = malloc((size_t)1 << 20);
    ssize_t r;
    size_t p;
    int fd, rc;

    rc = bytes != NULL && buf != NULL ? ODP_OK : odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    if (rc == ODP_OK) {
        rc = acct_import(j, h, bytes, err);
    }
    if (rc == ODP_OK) {
        rc = drain_input(j, &records, err);
    }
    if (rc == ODP_OK && h->feed_done != NULL) {
        rc = h->feed_done(h->feed_ctx, err);
    }
    if (rc == ODP_OK && records != j->rows_in) {
        rc = odp_errf(err, ODP_EDATA, NULL,
                      "the input has %llu records but its partitions released %llu: did a "
                      "file change during the release?",
                      (unsigned long long)records, (unsigned long long)j->rows_in);
    }
    for (p = 0; rc == ODP_OK && p < h->nparts; p++) {
        fd = open(h->parts[p], O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0) {
            rc = odp_err_sys(err, h->parts[p], "cannot open");
            break;
        }
        got = 0;
        while (rc == ODP_OK && (r = read(fd, buf, (size_t)1 << 20)) > 0) {
            rc = odp_out_write(out, buf, (size_t)r);
            got += (uint64_t)r;
        }
        if (rc == ODP_OK && r < 0) {
            rc = odp_err_sys(err, h->parts[p], "cannot read");
        }
        close(fd);
        if (rc == ODP_OK && got != bytes[p]) {
            rc = odp_errf(err, ODP_EIO, &(struct odp_loc){h->parts[p], 0, 0},
                          "the part has %llu bytes, its partition wrote %llu",
                          (unsigned long long)got, (unsigned long long)bytes[p]);
        }
    }
    free(buf);
    free(bytes);
    return rc;
}

static int
part_pass(struct job *j, struct odp_part_hook *h, int pass, struct odp_out *out,
          struct odp_err *err)
{
    size_t i, k;
    int rc = ODP_OK;

    h->passes |= 1 << pass;
    if (h->refused != NULL) {
        return odp_errf(err, ODP_EPOLICY, &(struct odp_loc){j->policy->path, 0, 0},
                        "a partitioned release covers CSV input with row rules, k-anonymity "
                        "and small cells; %s",
                        h->refused);
    }
    if (pass == 2) {
        rc = h->mode == ODP_PART_PASS ? part_write(j, h, err)
             : h->mode == ODP_PART_ASSEMBLE
                 ? part_assemble(j, h, out, err)
                 : odp_errf(err, ODP_EINTERNAL, NULL, "partition merge: reached the writing pass");
    } else if (h->have[pass] || (h->mode == ODP_PART_MERGE && h->target == pass)) {
        if (pass == 0) {
            rc = par_setup(j, 0, err); /* the workers' plans and counters */
        }
        for (i = 0; rc == ODP_OK && i < h->nin[pass]; i++) {
            rc = pass == 0 ? odp_kanon_import(j->kanon, h->in[0][i].p, h->in[0][i].n, err)
                           : odp_smallcells_import(j->sc, h->in[1][i].p, h->in[1][i].n, err);
        }
        for (k = 0; rc == ODP_OK && pass == 0 && k < (size_t)j->nthreads; k++) {
            odp_kanon_share(j->pw[k].kanon, j->kanon);
        }
        if (rc == ODP_OK && h->mode == ODP_PART_MERGE && h->target == pass) {
            rc = part_export(j, h, pass, err);
        }
    } else if (h->mode != ODP_PART_PASS) {
        rc = odp_errf(err, ODP_EINVAL, NULL, "partitioned release: the merged %s state is missing",
                      pass == 0 ? "classes" : "cells");
    } else {
        rc = h->ranged ? range_pass(j, h, pass, NULL, err)
                       : run_pass(j, pass, NULL, h->recno_base, err);
        if (rc == ODP_OK) {
            rc = part_export(j, h, pass, err);
        }
    }
    if (rc == ODP_PAR_FALLBACK) {
        rc = odp_errf(err, ODP_ELIMIT, &(struct odp_loc){odp_table_path(j->table), 0, 0},
                      "a record longer than 16 MiB: a partitioned release cannot split it");
    }
    return rc;
}

int
odp_rel_par_pass(struct job *j, int pass, struct odp_out *out, struct odp_err *err)
{
    int rc;

    if (odp_part_hook != NULL) {
        return part_pass(j, odp_part_hook, pass, out, err);
    }
    rc = run_pass(j, pass, out, 0, err);
    if (rc == ODP_OK && pass < 2) {
        rc = odp_table_rewind(j->table, err);
    }
    return rc;
}
