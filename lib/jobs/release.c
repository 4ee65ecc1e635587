/*
 * release.c - the release job: policy + data -> package, all or nothing.
 *
 * Steps: load policy and keys; open the data; compile the plan (an unnamed column stops
 * here, before anything is written); with k-anonymity, a first pass counts the classes
 * of the transformed quasi-identifiers (and `on_violation: fail` stops here); then, in a
 * private temp dir beside the output, the writing pass streams data/NAME.csv through a
 * SHA-256 tap; then policy.yaml, report.json, the bag's metadata, manifests and
 * signature; then one rename (or the archive) publishes it. Any error removes the temp
 * dir: nothing half-written is ever left at the output path.
 *
 * Accounting invariant, checked at the end: rows in = out + dropped + suppressed.
 * Promise: no cell value or key byte reaches an error, the report or stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "aggregate.h"
#include "bigmem.h"
#include "fs.h"
#include "history.h"
#include "out.h"
#include "kanon.h"
#include "keyring.h"
#include "placeholders.h"
#include "lint.h"
#include "plan.h"
#include "policy.h"
#include "bag.h"
#include "dp_noise.h"
#include "ledger.h"
#include "odp/release.h"
#include "parallel.h"
#include "release_int.h"
#include "report.h"
#include "risk_release.h"
#include "risk_report.h"
#include "smallcells.h"
#include "table.h"

#define PROGRESS_EVERY 65536

void
odp_release_opts_init(struct odp_release_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->epoch = -1;
    o->format = ODP_PKG_DIR;
}

void
odp_release_result_free(struct odp_release_result *res)
{
    if (res != NULL) {
        free(res->report_json);
        odp_report_free(res->report);
        free(res->package_name);
        memset(res, 0, sizeof(*res));
    }
}

/* SOURCE_DATE_EPOCH (digits only, bounded) or now. */
static int
resolve_epoch(int64_t given, int64_t *epoch, struct odp_err *err)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    int64_t v = 0;

    if (given >= 0) {
        *epoch = given;
        return ODP_OK;
    }
    if (s == NULL || *s == '\0') {
        *epoch = (int64_t)time(NULL);
        return ODP_OK;
    }
    for (; *s != '\0'; s++) {
        if (*s < '0' || *s > '9' || v > (INT64_C(253402300799) - 9) / 10) {
            return odp_errf(err, ODP_EINVAL, NULL,
                            "SOURCE_DATE_EPOCH must be a number of seconds up to year 9999");
        }
        v = v * 10 + (*s - '0');
    }
    *epoch = v;
    return ODP_OK;
}

/* struct job and struct pworker: release_int.h */

/* Rows k-anonymity will suppress (always 0 without k-anonymity or before its counts). */
static int
k_suppressed(struct job *j, struct odp_err *err)
{
    size_t nqi;
    const size_t *qi = odp_plan_qi(j->plan, &nqi);

    if (j->risk != NULL) {
        return odp_riskjob_suppressed(j->risk, odp_plan_out_fields(j->plan), err);
    }
    return j->kanon != NULL &&
           odp_kanon_count(j->kanon, odp_plan_out_fields(j->plan), qi, nqi) < j->policy->k;
}

/* 1 when release --previous holds the (k-anonymous) row back, 0 publish, <0 error. */
static int
held_back(struct job *j, struct odp_err *err)
{
    return j->hist != NULL ? odp_history_hold(j->hist, j->kanon, odp_plan_out_fields(j->plan), err)
                           : 0;
}

/* What a counting pass does with each row that survives drop_when. */
typedef int (*odp_pass_fn)(struct job *j, const struct odp_row *row, struct odp_err *err);

/*
 * A counting pass over the whole input: drop_when, transform (only the QIs when
 * `only_qi`), then `fn` for each row; then rewinds for the next pass.
 */
static int
scan_pass(struct job *j, int only_qi, odp_pass_fn fn, struct odp_err *err)
{
    struct odp_row row;
    int rc;

    while ((rc = odp_table_next(j->table, &row, err)) == ODP_OK) {
        rc = odp_plan_drop(j->plan, &row, err);
        if (rc == 0) {
            rc = odp_plan_row(j->plan, j->table, &row, only_qi, err);
            if (rc == ODP_OK) {
                rc = fn(j, &row, err);
            }
        }
        if (rc < 0) {
            return rc;
        }
    }
    if (rc < 0) {
        return rc;
    }
    return odp_table_rewind(j->table, err);
}

static int
count_class(struct job *j, const struct odp_row *row, struct odp_err *err)
{
    size_t nqi;
    const size_t *qi = odp_plan_qi(j->plan, &nqi);

    (void)row;
    return odp_kanon_add(j->kanon, odp_plan_out_fields(j->plan), qi, nqi, err);
}

/* Small-cell pass 1 sees every row that will be published: after k-anonymity. */
static int
count_cells(struct job *j, const struct odp_row *row, struct odp_err *err)
{
    int held, rc = k_suppressed(j, err);

    if (rc != 0) {
        return rc < 0 ? rc : ODP_OK;
    }
    held = held_back(j, err);
    if (held != 0) {
        return held < 0 ? held : ODP_OK;
    }
    return odp_smallcells_add(j->sc, j->table, row, odp_plan_out_fields(j->plan), err);
}

static int
count_pass(struct job *j, struct odp_err *err)
{
    j->kanon = odp_kanon_new(err);
    if (j->kanon == NULL) {
        return ODP_ENOMEM;
    }
    if (j->par) {
        return odp_rel_par_pass(j, 0, NULL, err);
    }
    return scan_pass(j, 1, count_class, err);
}

static int
small_cells_pass(struct job *j, struct odp_err *err)
{
    j->sc = odp_smallcells_new(j->policy, j->table, odp_plan_out_header(j->plan),
                               odp_plan_nout(j->plan), err);
    if (j->sc == NULL) {
        return err != NULL && err->code != ODP_OK ? err->code : ODP_ENOMEM;
    }
    if (j->par) {
        return odp_rel_par_pass(j, 1, NULL, err);
    }
    return scan_pass(j, 0, count_cells, err);
}

/* Differential privacy's validation pass sees the rows that will be published. */
static int
dp_cells(struct job *j, const struct odp_row *row, struct odp_err *err)
{
    int rc = k_suppressed(j, err);

    if (rc == 0) {
        rc = held_back(j, err);
    }
    if (rc != 0) {
        return rc < 0 ? rc : ODP_OK;
    }
    return odp_dp_noise_check(j->dn, j->table, row, odp_plan_out_fields(j->plan), err);
}

/*
 * Differential privacy: calibrate, check every count, bind the noise to this release
 * (package name and input digest), then reserve the budget in the ledger: the last step
 * before anything is written, so an overspend (exit 1) leaves no trace.
 */
static int
dp_prepare(struct job *j, struct odp_err *err)
{
    uint8_t sha[32];
    char hex[65], *id;
    size_t n;
    int oom = 0, rc;

    j->dn = odp_dp_noise_new(j->policy, j->keys, j->table, odp_plan_out_header(j->plan),
                             odp_plan_nout(j->plan), err);
    if (j->dn == NULL) {
        return err != NULL && err->code != ODP_OK ? err->code : ODP_ENOMEM;
    }
    rc = odp_sha256_file(odp_table_path(j->table), sha, NULL, err);
    if (rc < 0) {
        return rc;
    }
    odp_hex(sha, 32, hex);
    n = strlen(j->package_name) + sizeof(hex) + 2;
    id = malloc(n);
    if (id == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    snprintf(id, n, "%s/%s", j->package_name, hex);
    rc = odp_dp_noise_bind(j->dn, id, err);
    free(id);
    if (j->agg != NULL) { /* an indicator table: its measures noised per group */
        odp_agg_set_noise(j->agg, odp_dp_agg_noise, j->dn);
    }
    do {
        rc = rc == ODP_OK && j->agg == NULL ? scan_pass(j, 0, dp_cells, err) : rc;
    } while (rc == ODP_OK && j->agg == NULL && odp_dp_noise_next_pass(j->dn));
    j->ledger = odp_ledger_path(j->policy->dp, &oom);
    if (rc == ODP_OK && oom) {
        rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    if (rc == ODP_OK && j->ledger == NULL && j->policy->dp->ledger != NULL) {
        rc = odp_errf(err, ODP_EPOLICY,
                      &(struct odp_loc){j->policy->dp->path, j->policy->dp->ledger_line,
                                        j->policy->dp->ledger_col},
                      "differential_privacy: the budget's ledger variable is not set; a "
                      "release with a budget must record its spend");
    }
    if (rc == ODP_OK && j->ledger != NULL) {
        rc = odp_ledger_reserve(j->ledger, j->policy->dp, j->policy->name, j->package_name,
                                j->release_date, j->ledger_id, &j->lst, err);
        j->ledger_reserved = rc == ODP_OK;
        if (rc == ODP_OK) {
            odp_dp_noise_budget(j->dn, &j->lst);
        }
    }
    return rc;
}

/* Small-cell columns: what suppression did, as the column's treatment and changed count. */
static void
sc_colinfo(struct job *j, struct odp_colinfo *cols, size_t n)
{
    const struct odp_policy *p = j->policy;
    struct odp_smallcells_stats st;
    const char *m = p->sc_marker != NULL ? p->sc_marker : "";
    size_t i, k;

    odp_smallcells_stats(j->sc, &st);
    snprintf(j->sc_treatment, sizeof(j->sc_treatment),
             "small cells suppressed: %llu count(s) below %u, and %llu other(s) that would "
             "reveal them, are published as %s%s%s%s",
             (unsigned long long)st.primary, p->sc_threshold,
             (unsigned long long)st.complementary, m[0] == '\0' ? "an empty cell" : "\"",
             m[0] == '\0' ? "" : m, m[0] == '\0' ? "" : "\"",
             p->nsc_columns > 1 ? " (in the small_cells columns together)" : "");
    for (i = 0; i < p->nsc_columns; i++) {
        for (k = 0; k < n; k++) {
            if (cols[k].name != NULL && strcmp(cols[k].name, p->sc_columns[i]) == 0) {
                cols[k].treatment = j->sc_treatment;
                cols[k].changed = p->nsc_columns == 1 ? st.primary + st.complementary : 0;
            }
        }
    }
}

/* The noise key's id (for the report), or NULL. */
static const char *
noise_key_id(const struct job *j)
{
    size_t i;

    for (i = 0; i < j->policy->nkeys; i++) {
        if (j->policy->keys[i].name != NULL && strcmp(j->policy->keys[i].name, "noise") == 0) {
            return j->key_ids[i];
        }
    }
    return NULL;
}

/* How the package's files are synced (fs.h): a directory package's start their
 * writeback as they are written and odp_bag_finish syncs the tree once (unless
 * no_sync); an archive's staging bag is read back once and removed. */
static int
sync_files(const struct job *j)
{
    return j->o->format == ODP_PKG_DIR && !j->o->no_sync ? ODP_SYNC_LATER : ODP_SYNC_NONE;
}

static int
write_pass(struct job *j, const char *data_path, uint8_t sha[32], uint64_t *bytes,
           struct odp_err *err)
{
    struct odp_out out;
    struct odp_row row;
    const struct odp_field *f;
    odp_out_fn sink;
    void *sink_ctx;
    int fd, rc;

    fd = odp_create(data_path, 0644, err);
    if (fd < 0) {
        return ODP_EIO;
    }
    rc = odp_out_init(&out, fd, data_path, 1, err);
    /* The data file is the bulk of the output. In a directory package its full buffers
     * skip the page cache (where the file system allows it), with --no-sync too: the
     * copy into the page cache cost more CPU than the O_DIRECT writes wait for (1 GB
     * --no-sync: 0.74x the time, docs/PERFORMANCE.md, round 11). A durable one is also
     * synced on the way, so the final fsync is short. An archive's staging file (read
     * back into the archive and removed): through the page cache, neither synced nor
     * pushed to the disk on the way (out.h), as nothing waits for the disk. */
    if (rc == ODP_OK && j->o->format == ODP_PKG_DIR) {
        (void)odp_out_direct(&out);
    }
    out.no_sync = !sync_files(j);
    if (rc == ODP_OK) {
        /* The package writer may take the bytes as they are written (.tar.zst compresses
         * them on the writer thread; the bag's data file then stays an empty stand-in). */
        rc = odp_pkg_stream_open(j->tmp, j->o->format, &j->stream, err);
        odp_pkg_stream_sink(j->stream, &sink, &sink_ctx);
        if (rc == ODP_OK && sink != NULL) {
            odp_out_set_sink(&out, sink, sink_ctx);
        }
    }
    if (rc == ODP_OK) {
        rc = odp_out_start_async(&out, err);
    }
    if (rc < 0) {
        goto out;
    }
    odp_plan_reset_counts(j->plan);
    rc = j->agg != NULL ? ODP_OK
                        : odp_csv_write_row(&out, odp_plan_out_header(j->plan),
                                            odp_plan_nout(j->plan));
    if (rc >= 0 && j->par) {
        rc = odp_rel_par_pass(j, 2, &out, err);
    }
    while (rc >= 0 && !j->par && (rc = odp_table_next(j->table, &row, err)) == ODP_OK) {
        j->rows_in++;
        if (j->o->progress != NULL && j->rows_in % PROGRESS_EVERY == 0) {
            j->o->progress(j->o->progress_ctx, j->rows_in, odp_table_bytes_read(j->table));
        }
        rc = odp_plan_drop(j->plan, &row, err);
        if (rc < 0) {
            break;
        }
        if (rc == 1) {
            j->rows_dropped++;
            continue;
        }
        rc = odp_plan_row(j->plan, j->table, &row, 0, err);
        if (rc < 0) {
            break;
        }
        rc = k_suppressed(j, err);
        if (rc == 0) {
            rc = held_back(j, err);
        }
        if (rc < 0) {
            break;
        }
        if (rc != 0) {
            odp_plan_uncount(j->plan); /* counts describe published values only */
            j->rows_suppressed++;
            continue;
        }
        f = odp_plan_out_fields(j->plan);
        if (j->agg != NULL) {
            rc = odp_agg_add(j->agg, f, odp_table_path(j->table), row.line, err);
            j->rows_out++;
            continue;
        }
        if (j->sc != NULL) {
            rc = odp_smallcells_apply(j->sc, j->table, &row, f, &f, err);
            if (rc < 0) {
                break;
            }
        }
        if (j->dn != NULL) {
            rc = odp_dp_noise_apply(j->dn, j->table, &row, f, &f, err);
            if (rc < 0) {
                break;
            }
        }
        rc = odp_plan_write_row(j->plan, f, &out);
        j->rows_out++;
    }
    if (rc == ODP_END) {
        rc = ODP_OK;
    }
    if (rc >= 0 && j->agg != NULL) {
        rc = odp_agg_write(j->agg, &out, err);
    }
    if (rc >= 0) {
        /* An archive's staging copy is read back at once and removed; only the
         * archive itself is synced (28 ms and the disk writes of 75 MB saved). */
        rc = odp_out_finish(&out, sync_files(j), sha, bytes, err);
    } else {
        odp_out_finish(&out, 0, NULL, NULL, err); /* a write error (ENOSPC) is the cause */
    }
out:
    odp_out_release(&out); /* the writer thread is gone: the stream is ours again */
    if (rc >= 0) {
        rc = odp_pkg_stream_close(j->stream, err);
    }
    if (close(fd) != 0 && rc >= 0) {
        rc = odp_err_sys(err, data_path, "cannot close");
    }
    return rc;
}

static int
write_policy(struct job *j, const char *path, uint8_t sha[32], struct odp_err *err)
{
    struct odp_out o;
    const char *text;
    size_t len;
    int rc;

    rc = odp_out_init(&o, -1, path, 0, err);
    if (rc == ODP_OK) {
        rc = odp_policy_write_effective(j->policy, j->key_ids, &o, err);
    }
    if (rc == ODP_OK) {
        text = odp_out_mem(&o, &len);
        rc = odp_write_file_sync(path, text, len, sha, sync_files(j), err);
    }
    odp_out_release(&o);
    return rc;
}

/*
 * A policy weaker than its own baseline (the lint of `odpub check`) stops the release
 * before any data is read, unless --allow-weaker, which the report then records.
 */
static int
lint_policy(struct job *j, struct odp_err *err)
{
    struct odp_check_result cr;
    const struct odp_check_finding *f;
    size_t i;
    int rc = odp_check_release(j->policy, &cr);

    if (rc == ODP_EVERIFY && !j->o->allow_weaker) {
        f = &cr.findings[0];
        rc = odp_errf(err, ODP_EVERIFY, &(struct odp_loc){f->path, f->line, f->col},
                      "%s; the policy is weaker than its baseline (%zu finding%s: odpub check "
                      "lists them), nothing was written (--allow-weaker releases it anyway and "
                      "records it in report.json)",
                      f->msg, cr.nfindings, cr.nfindings == 1 ? "" : "s");
    } else if (rc == ODP_EVERIFY) {
        j->weaker = calloc(cr.nfindings, sizeof(*j->weaker));
        rc = j->weaker != NULL ? ODP_OK : ODP_ENOMEM;
        for (i = 0; rc == ODP_OK && i < cr.nfindings; i++) {
            j->weaker[i] = strdup(cr.findings[i].msg);
            rc = j->weaker[i] != NULL ? ODP_OK : ODP_ENOMEM;
            j->nweaker += j->weaker[i] != NULL;
        }
    }
    odp_check_result_free(&cr);
    return rc == ODP_ENOMEM ? odp_errf(err, ODP_ENOMEM, NULL, "out of memory") : rc;
}

/*
 * A rule for a column the data does not have (and derive: does not make) is a mistake (a
 * typo, the wrong file) that would otherwise pass silently, unless the rule says
 * `optional: true`.
 */
static int
check_columns(struct job *j, struct odp_err *err)
{
    const struct odp_row *h = odp_table_header(j->table);
    size_t i, k, n, d;

    for (i = 0; i < j->policy->ncols; i++) {
        const struct odp_colrule *r = &j->policy->cols[i];

        n = strlen(r->name);
        for (k = 0; k < h->n && (h->f[k].len != n || memcmp(h->f[k].p, r->name, n) != 0); k++) {
        }
        for (d = 0; k == h->n && d < j->policy->dv.nrules; d++) {
            if (strcmp(j->policy->dv.rules[d].name, r->name) == 0) {
                k = 0; /* a derived column (derive:), made by the plan */
            }
        }
        if (k == h->n && !r->optional) {
            return odp_errf(err, ODP_EPOLICY, &(struct odp_loc){r->path, r->line, r->col},
                            "column '%s' is not in %s; correct the name, or add 'optional: "
                            "true' to the rule if the data may lack it",
                            r->name, odp_basename(odp_table_path(j->table)));
        }
    }
    return ODP_OK;
}

static int
prepare(struct job *j, struct odp_err *err)
{
    const struct odp_release_opts *o = j->o;
    struct tm tm;
    time_t t;
    size_t i;
    int rc;

    rc = resolve_epoch(o->epoch, &j->epoch, err);
    if (rc < 0) {
        return rc;
    }
    t = (time_t)j->epoch;
    if (gmtime_r(&t, &tm) == NULL) {
        return odp_errf(err, ODP_EINVAL, NULL, "release date out of range");
    }
    strftime(j->release_date, sizeof(j->release_date), "%Y-%m-%d", &tm);

    j->policy = odp_policy_load(o->policy, o->policies_dir, err);
    if (j->policy == NULL) {
        return err != NULL ? err->code : ODP_EPOLICY;
    }
    if (j->policy->name == NULL) {
        return odp_errf(err, ODP_ESCHEMA, &(struct odp_loc){o->policy, 1, 1},
                        "a release needs the policy's 'name'");
    }
    /* an unedited init draft: "TODO: title" must not reach the metadata (exit 1) */
    rc = odp_policy_refuse_placeholders(j->policy, err);
    if (rc < 0) {
        return rc;
    }
    snprintf(j->package_name, sizeof(j->package_name), "%s-%s", j->policy->name,
             j->release_date);
    rc = lint_policy(j, err);
    if (rc < 0) {
        return rc;
    }
    /* The signing key once, before any work: a wrong passphrase fails first, and an
     * encrypted key's scrypt runs once for the bag and the archive signatures. */
    if (o->key != NULL) {
        rc = odp_seckey_load(o->key, o->passphrase, &j->sk, err);
        if (rc < 0) {
            return rc;
        }
    }
    j->keys = odp_keyring_load(j->policy, err);
    if (j->keys == NULL) {
        return err != NULL ? err->code : ODP_EKEY;
    }
    j->key_ids = calloc(j->policy->nkeys + 1, sizeof(*j->key_ids));
    j->drop_counts = calloc(j->policy->ndrop_when + 1, sizeof(*j->drop_counts));
    if (j->key_ids == NULL || j->drop_counts == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    for (i = 0; i < j->policy->nkeys; i++) {
        j->key_ids[i] = odp_keyring_id(j->keys, i);
    }
    {
        /* --delimiter / --encoding, else the policy's dataset keys */
        struct odp_read_opts ro = {o->delimiter != 0 ? o->delimiter : j->policy->dataset.delimiter,
                                   o->encoding != ODP_ENC_DEFAULT
                                       ? o->encoding
                                       : (enum odp_encoding)j->policy->dataset.encoding,
                                   0 /* strict: release never reads past a fault */};

        j->table =
            odp_table_open_opts(o->data, (enum odp_input_format)o->data_format, 1, &ro, err);
    }
    if (j->table == NULL) {
        return err != NULL ? err->code : ODP_EIO;
    }
    /*
     * Whether the pass is chunk-parallel is known once the header is read: if so, the
     * chunk outputs and the read-ahead's lent blocks are reserved now, so the populator
     * faults them in on the other core while the columns are checked and the plan is
     * compiled (bigmem.h; docs/PERFORMANCE.md, round 14), not only from the counting
     * passes on.
     */
    j->par = odp_rel_par_wanted(j);
    if (j->par) {
        j->par_hold = odp_bigmem_reserve(odp_par_buffer_bytes(j->nthreads) -
                                         odp_par_buffer_bytes(1));
    }
    rc = check_columns(j, err);
    if (rc < 0) {
        return rc;
    }
    j->plan = odp_plan_compile(j->policy, j->table, j->keys, err);
    if (j->plan == NULL) {
        return err != NULL ? err->code : ODP_EPOLICY;
    }
        return ODP_OK;
}

/* aggregate: bound to the final plan (after risk models may have recompiled it). */
static int
agg_prepare(struct job *j, struct odp_err *err)
{
    j->agg = odp_agg_new(j->policy, odp_plan_out_header(j->plan), odp_plan_nout(j->plan), err);
    return j->agg != NULL ? ODP_OK : err != NULL && err->code != ODP_OK ? err->code : ODP_ENOMEM;
}

static int
count_risk(struct job *j, const struct odp_row *row, struct odp_err *err)
{
    return odp_riskjob_count(j->risk, row, odp_plan_out_fields(j->plan), err);
}

/* Risk models (lib/privacy): count, decide (may rewrite QI rules), recompile the plan. */
static int
risk_pass(struct job *j, struct odp_kanon_stats *ks, struct odp_err *err)
{
    int rc, changed;

    j->risk = odp_riskjob_new(j->policy, j->table, odp_plan_out_header(j->plan),
                              odp_plan_nout(j->plan), j->keys, err);
    if (j->risk == NULL) {
        return err != NULL && err->code != ODP_OK ? err->code : ODP_ENOMEM;
    }
    rc = scan_pass(j, odp_riskjob_only_qi(j->risk), count_risk, err);
    if (rc < 0) {
        return rc;
    }
    odp_plan_free(j->plan); /* it borrows the rules decide may rewrite */
    j->plan = NULL;
    rc = odp_riskjob_decide(j->risk, &changed, err);
    if (rc < 0) {
        return rc;
    }
    odp_riskjob_kstats(j->risk, ks);
    j->plan = odp_plan_compile(j->policy, j->table, j->keys, err);
    return j->plan != NULL ? ODP_OK : err != NULL && err->code != ODP_OK ? err->code : ODP_ENOMEM;
}

/* k-anonymity pass; ODP_EVERIFY when on_violation is fail and a class is below k. */
static int
check_k(struct job *j, struct odp_kanon_stats *ks, struct odp_err *err)
{
    const struct odp_policy *p = j->policy;
    size_t nqi;
    int rc;

    if (odp_riskjob_wanted(p)) {
        return risk_pass(j, ks, err);
    }
    odp_plan_qi(j->plan, &nqi);
    if (p->k == 0 || nqi == 0) {
        return ODP_OK;
    }
    rc = count_pass(j, err);
    if (rc < 0) {
        return rc;
    }
    odp_kanon_stats(j->kanon, p->k, ks);
    if (ks->classes_below_k > 0 && p->on_violation == ODP_VIOL_FAIL) {
        return odp_errf(err, ODP_EVERIFY, &(struct odp_loc){p->path, p->qi_line, p->qi_col},
                        "k-anonymity: %llu of %llu quasi-identifier classes (%llu rows) are "
                        "smaller than k=%u and on_violation is fail; nothing was written",
                        (unsigned long long)ks->classes_below_k,
                        (unsigned long long)ks->classes, (unsigned long long)ks->rows_below_k,
                        p->k);
    }
    return ODP_OK;
}

static int
hold_row(struct job *j, const struct odp_row *row, struct odp_err *err)
{
    int rc = 0;

    (void)row;
    rc = k_suppressed(j, err);
    if (rc == 0) {
        rc = held_back(j, err);
    }
    return rc < 0 ? rc : ODP_OK;
}

/* release --previous: load the previous release; with on_violation fail, stop here. */
static int
check_previous(struct job *j, struct odp_err *err)
{
    struct odp_history_stats st;
    size_t nqi;
    const size_t *qi = odp_plan_qi(j->plan, &nqi);
    int rc;

    if (j->o->previous == NULL) {
        return ODP_OK;
    }
    rc = odp_history_open(j->o->previous, j->policy, odp_plan_out_header(j->plan),
                          odp_plan_nout(j->plan), qi, j->kanon != NULL ? nqi : 0, &j->hist, err);
    if (rc == ODP_OK) {
        rc = scan_pass(j, 1, hold_row, err);
    }
    if (rc < 0) {
        return rc;
    }
    odp_history_stats(j->hist, &st);
    if (st.rows_held > 0 && j->policy->on_violation == ODP_VIOL_FAIL) {
        return odp_errf(err, ODP_EVERIFY,
                        &(struct odp_loc){j->policy->path, j->policy->qi_line, j->policy->qi_col},
                        "differencing: %llu rows in %llu quasi-identifier classes would change "
                        "their published count by 1..%u since %s and on_violation is fail; "
                        "nothing was written",
                        (unsigned long long)st.rows_held, (unsigned long long)st.classes_held,
                        j->policy->k - 1, st.previous);
    }
    return odp_history_reset(j->hist, err);
}

static int
make_dirs(struct job *j, struct odp_err *err)
{
    const struct odp_release_opts *o = j->o;
    char *data_dir;
    int rc;

    j->tmp = odp_tmpdir_beside(o->out, err);
    if (j->tmp == NULL) {
        return err != NULL ? err->code : ODP_EIO;
    }
    if (o->format == ODP_PKG_DIR) {
        j->bag = strdup(j->tmp);
    } else {
        j->bag = odp_path_join(j->tmp, j->package_name);
    }
    if (j->bag == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    if (o->format != ODP_PKG_DIR && mkdir(j->bag, 0755) != 0) {
        return odp_err_sys(err, j->bag, "cannot create directory");
    }
    data_dir = odp_path_join(j->bag, "data");
    if (data_dir == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    rc = mkdir(data_dir, 0755) == 0 ? ODP_OK : odp_err_sys(err, data_dir, "cannot create");
    free(data_dir);
    if (rc < 0) {
        return rc;
    }
    if (chmod(j->tmp, 0755) != 0) {
        return odp_err_sys(err, j->tmp, "cannot set mode");
    }
    return ODP_OK;
}

static int
run(struct job *j, struct odp_release_result *res, struct odp_err *err)
{
    const struct odp_release_opts *o = j->o;
    struct odp_pkg_info info;
    struct odp_report_in rin;
    struct stat st;
    char *path = NULL, *report = NULL;
    uint8_t pkg_sha[32];
    size_t i, n;
    int rc;

    memset(&info, 0, sizeof(info));
    memset(&rin, 0, sizeof(rin));
    if (lstat(o->out, &st) == 0) {
        return odp_errf(err, ODP_EIO, &(struct odp_loc){o->out, 0, 0},
                        "output already exists; remove it or choose another name");
    }
    if (o->format != ODP_PKG_DIR) {
        rc = odp_arlib_load(o->out, err);
        if (rc < 0) {
            return rc;
        }
    }
    rc = prepare(j, err);
    if (rc < 0) {
        return rc;
    }
    rc = check_k(j, &rin.kstats, err);
    if (rc < 0) {
        return rc;
    }
    rin.has_kanon = j->kanon != NULL || (j->risk != NULL && j->policy->k > 0);
    rin.risk = j->risk;
        rc = check_previous(j, err);
    if (rc == ODP_OK && j->policy->dv.agg.on) {
        rc = agg_prepare(j, err);
    }
    if (rc < 0) {
        return rc;
    }
    if (odp_smallcells_wanted(j->policy) && j->agg == NULL) { /* aggregate: on its cells */
        rc = small_cells_pass(j, err);
        if (rc == ODP_OK && j->hist != NULL) {
            rc = odp_history_reset(j->hist, err);
        }
        if (rc < 0) {
            return rc;
        }
    }
    if (j->policy->dp != NULL) {
        rc = dp_prepare(j, err);
        if (rc == ODP_OK && j->hist != NULL) {
            rc = odp_history_reset(j->hist, err);
        }
        if (rc < 0) {
            return rc;
        }
    }
    rc = make_dirs(j, err);
    if (rc < 0) {
        return rc;
    }

    n = strlen(j->policy->name) + sizeof("data/.csv");
    j->data_rel = malloc(n);
    if (j->data_rel == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    snprintf(j->data_rel, n, "data/%s.csv", j->policy->name);
    path = odp_path_join(j->bag, j->data_rel);
    if (path == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    rc = write_pass(j, path, info.data_sha256, &info.data_bytes, err);
    free(path);
    if (rc < 0) {
        return rc;
    }
    if (j->rows_in != j->rows_out + j->rows_dropped + j->rows_suppressed) {
        return odp_errf(err, ODP_EINTERNAL, NULL,
                        "row accounting failed: %llu in != %llu out + %llu dropped + %llu "
                        "suppressed",
                        (unsigned long long)j->rows_in, (unsigned long long)j->rows_out,
                        (unsigned long long)j->rows_dropped,
                        (unsigned long long)j->rows_suppressed);
    }

    path = odp_path_join(j->bag, "policy.yaml");
    if (path == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    rc = write_policy(j, path, info.policy_sha256, err);
    free(path);
    if (rc < 0) {
        return rc;
    }

    info.policy = j->policy;
    info.name = j->policy->name;
    info.package_name = j->package_name;
    info.release_date = j->release_date;
    info.epoch = j->epoch;
    info.data_file = j->data_rel;
    info.data_stream = j->stream;
    info.staging = o->format != ODP_PKG_DIR;
    info.no_sync = o->no_sync != 0;
    info.rows_in = j->rows_in;
    info.rows_out = j->rows_out;
    info.rows_dropped = j->rows_dropped;
    info.rows_suppressed = j->rows_suppressed;
    info.cols = odp_plan_colinfo(j->plan, &info.ncols);
    info.dropped = odp_plan_dropinfo(j->plan, &info.ndropped);
    if (info.cols != NULL && j->agg != NULL) {
        struct odp_agg_stats as;

        info.cols = odp_agg_colinfo(j->agg, info.cols, info.ncols, &info.ncols);
        odp_agg_stats(j->agg, &as);
        rin.has_small_cells = as.small_cells;
        rin.cells_primary = as.cells_primary;
        rin.cells_complementary = as.cells_complementary;
        rin.cells_unprotected = as.cells_unprotected;
    }
    if (info.cols == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    if (j->dn != NULL || j->sc != NULL) {
        /* the noised and suppressed columns' treatment and changed counts, for every
           metadata file (a blanked count is not "published as is") */
        j->dp_cols = calloc(info.ncols + 1, sizeof(*j->dp_cols));
        if (j->dp_cols == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
        memcpy(j->dp_cols, info.cols, info.ncols * sizeof(*info.cols));
        if (j->sc != NULL) {
            sc_colinfo(j, j->dp_cols, info.ncols);
        }
        if (j->dn != NULL) {
            odp_dp_noise_colinfo(j->dn, j->dp_cols, info.ncols);
        }
        info.cols = j->dp_cols;
    }
    if (j->dn != NULL) {
        rin.dp = odp_dp_noise_report(j->dn, j->ledger != NULL ? &j->lst : NULL,
                                     noise_key_id(j));
        if (rin.dp == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
    }
    if (rin.has_kanon) {
        /* Suppression removed every class below k: the smallest published one is k reached. */
        info.k_reached = (uint32_t)(rin.kstats.smallest_kept > UINT32_MAX ? UINT32_MAX
                                                                         : rin.kstats.smallest_kept);
    }

    if (j->sc != NULL) {
        struct odp_smallcells_stats scs;

        odp_smallcells_stats(j->sc, &scs);
        rin.has_small_cells = 1;
        rin.cells_primary = scs.primary;
        rin.cells_complementary = scs.complementary;
        rin.cells_unprotected = scs.unprotected;
    }
    for (i = 0; i < j->policy->ndrop_when; i++) {
        j->drop_counts[i] = odp_plan_drop_count(j->plan, i);
    }
    if (j->hist != NULL) {
        struct odp_history_stats hs;

        odp_history_stats(j->hist, &hs);
        rin.has_history = 1;
        rin.previous = hs.previous;
        rin.rows_held = hs.rows_held;
        rin.classes_held = hs.classes_held;
    }
    rin.info = &info;
    rin.derive = odp_plan_derive(j->plan);
    rin.agg = j->agg;
    rin.input_name = odp_basename(odp_table_path(j->table));
    rin.input_format = odp_input_format_name(odp_table_format(j->table));
    rin.drop_counts = j->drop_counts;
    rin.key_ids = j->key_ids;
    rin.weaker = (const char *const *)j->weaker;
    rin.nweaker = j->nweaker;
    rc = odp_table_input_digest(j->table, rin.input_sha256, &rin.input_bytes);
    if (rc < 0) {
        memset(rin.input_sha256, 0, sizeof(rin.input_sha256));
        rin.input_bytes = 0;
        odp_err_clear(err);
    }
    report = odp_report_render(&rin);
    cJSON_Delete(rin.dp);
    rin.dp = NULL;
    if (report == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    path = odp_path_join(j->bag, "report.json");
    rc = path != NULL ? odp_write_file_sync(path, report, strlen(report), NULL,
                                            sync_files(j), err)
                      : odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    free(path);
    if (rc < 0) {
        free(report);
        return rc;
    }

    if (j->risk != NULL) { /* metadata/risk-report.html (lib/privacy/risk_report.c) */
        struct odp_risk_html_in hin = {j->policy->dataset.title, j->package_name,
                                       j->release_date, j->rows_in, j->rows_out,
                                       j->rows_dropped, j->rows_suppressed, info.cols,
                                       info.ncols};

        rc = odp_riskjob_write_html(j->risk, j->bag, &hin, sync_files(j), err);
        if (rc < 0) {
            free(report);
            return rc;
        }
    }
    rc = odp_bag_finish(j->bag, &info, j->sk, err);
    if (rc == ODP_OK && j->ledger_reserved) {
        /* the ledger records the package by the digest of its tag manifest */
        path = odp_path_join(j->bag, "tagmanifest-sha256.txt");
        rc = path != NULL ? odp_sha256_file(path, pkg_sha, NULL, err)
                          : odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        free(path);
    }
    if (rc < 0) {
        free(report);
        return rc;
    }
    if (o->format == ODP_PKG_DIR) {
        /* odp_bag_finish synced the tree, this directory (j->bag is j->tmp) last */
        rc = odp_rename_new(j->tmp, o->out, sync_files(j), err);
    } else {
        rc = odp_bag_archive(j->bag, &info, o->format, o->out, j->sk, err);
    }
    if (rc < 0) {
        free(report);
        return rc;
    }
    if (o->format == ODP_PKG_DIR) {
        free(j->tmp);
        j->tmp = NULL; /* published: nothing to clean up */
    }
    if (j->ledger_reserved) {
        char hex[65];

        /* published: the spend stays recorded even if marking it so fails */
        odp_hex(pkg_sha, 32, hex);
        j->ledger_reserved = 0;
        if (odp_ledger_commit(j->ledger, j->ledger_id, hex, err) < 0) {
            odp_err_clear(err);
        }
    }
    res->report_json = report;
    rc = odp_report_parse(report, strlen(report), "report.json", &res->report, err);
    if (rc < 0) {
        return rc;
    }
    res->package_name = strdup(j->package_name);
    if (res->package_name == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    res->rows_in = j->rows_in;
    res->rows_out = j->rows_out;
    res->rows_dropped = j->rows_dropped;
    res->rows_suppressed = j->rows_suppressed;
    return ODP_OK;
}

static int
release_once(const struct odp_release_opts *o, int threads, struct odp_release_result *res,
             struct odp_err *err)
{
    struct job j;
    int rc;

    memset(&j, 0, sizeof(j));
    memset(res, 0, sizeof(*res));
    j.o = o;
    j.nthreads = threads;
    if (o->data == NULL || o->policy == NULL || o->out == NULL) {
        return odp_errf(err, ODP_EINVAL, NULL, "release needs DATA, --policy and -o");
    }
    rc = run(&j, res, err);
    if (j.tmp != NULL) {
        odp_rmtree(j.tmp);
    }
    if (j.ledger_reserved) {
        /* nothing was published: give the reservation back (if this fails too, the
           entry stays "reserved" and keeps counting, which errs on the safe side) */
        (void)odp_ledger_cancel(j.ledger, j.ledger_id, NULL);
    }
    free(j.ledger);
    free(j.dp_cols);
    odp_dp_noise_free(j.dn);
    free(j.tmp);
    free(j.bag);
    free(j.data_rel);
    odp_pkg_stream_free(j.stream);
    odp_seckey_free(j.sk);
    free(j.key_ids);
    free(j.drop_counts);
    while (j.nweaker > 0) {
        free(j.weaker[--j.nweaker]);
    }
    free(j.weaker);
    odp_rel_par_free(&j);
    odp_kanon_free(j.kanon);
    odp_smallcells_free(j.sc);
    odp_history_free(j.hist);
    odp_riskjob_free(j.risk);
    odp_agg_free(j.agg);
    odp_plan_free(j.plan);
    odp_table_free(j.table);
    odp_keyring_free(j.keys);
    odp_policy_free(j.policy);
    return rc;
}

int
odp_release(const struct odp_release_opts *o, struct odp_release_result *res,
            struct odp_err *err)
{
    int threads = o->threads > 0 ? o->threads : odp_par_cpus();
    /* the buffers any pass takes (the read-ahead's first blocks, the write ring) are
     * faulted in on another thread while the policy is read and the input opened; a
     * chunk-parallel pass reserves the rest once it is chosen (bigmem.h) */
    uint64_t hold = odp_bigmem_reserve(odp_par_buffer_bytes(1));
    int rc = release_once(o, threads, res, err);

    if (rc == ODP_PAR_FALLBACK) {
        /* a record longer than the chunk cap: the whole release on one reader */
        odp_release_result_free(res);
        rc = release_once(o, 1, res, err);
    }
    odp_bigmem_unreserve(hold);
    return rc;
}
