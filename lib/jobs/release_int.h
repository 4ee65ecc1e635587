/*
 * release_int.h - the release job's state, shared by release.c (the passes, packaging)
 * and release_par.c (the same passes split over worker threads).
 */
#ifndef ODP_RELEASE_INT_H
#define ODP_RELEASE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "ledger.h"
#include "odp/release.h"
#include "out.h"

struct odp_plan;
struct odp_policy;

struct job {
    const struct odp_release_opts *o;
    struct odp_policy *policy;
    struct odp_keyring *keys;
    struct odp_table *table;
    struct odp_plan *plan;
    struct odp_kanon *kanon;
    struct odp_smallcells *sc;
    struct odp_history *hist;      /* --previous, or NULL */
    struct odp_riskjob *risk;      /* risk models / generalize: auto (lib/privacy) */
    struct odp_agg *agg;           /* aggregate: an indicator table instead of rows */
    char *tmp;                     /* temp dir beside the output */
    char *bag;                     /* bag root: tmp itself (dir format) or tmp/PACKAGE (archives) */
    char *data_rel;                /* "data/NAME.csv" */
    struct odp_pkg_stream *stream; /* the package writer's sink for the data file */
    struct odp_seckey *sk;         /* the signing key, loaded once (NULL: unsigned) */
    char package_name[300];
    char release_date[16];
    int64_t epoch;
    uint64_t rows_in, rows_out, rows_dropped, rows_suppressed;
    const char **key_ids;
    uint64_t *drop_counts;
    /* differential privacy (privacy/dp_noise.h, privacy/ledger.h) */
    struct odp_dp_noise *dn;
    char *ledger; /* ledger file, NULL without a budget */
    char ledger_id[33];
    int ledger_reserved; /* an entry to commit or cancel */
    struct odp_ledger_state lst;
    struct odp_colinfo *dp_cols; /* the plan's column info with the noised and suppressed
                                    columns' words */
    char sc_treatment[300];
    char **weaker; /* --allow-weaker: the lint findings the report records */
    size_t nweaker;
    int par; /* chunk-parallel passes (lib/jobs/parallel.c) */
    int nthreads;
    uint64_t par_hold; /* their buffers' reservation (bigmem.h), 0 if none */
    struct pworker *pw; /* per worker thread: plan, partial states, row counters */
};

/* What one worker thread of a chunk-parallel pass owns (release_par.c). */
struct pworker {
    struct odp_plan *plan;
    struct odp_kanon *kanon;   /* pass 0: partial counts; later: shares j->kanon */
    struct odp_smallcells *sc; /* pass 1: partial state; pass 2: shares j->sc */
    struct odp_agg *agg;       /* pass 2 of aggregate: the partial indicator table */
    uint64_t in, out, dropped, suppressed;
};

/*
 * A partitioned release (partition.c, odp/api.h "partition_*") runs release.c once per
 * step with this hook set on the calling thread; release_par.c then takes over the
 * passes: it imports the merged state it is given, counts or writes this partition,
 * exports the partial result and stops the run (ODP_PART_STOP, nothing published), or
 * in the last step assembles the package from the written parts.
 */
enum { ODP_PART_PASS = 1, ODP_PART_MERGE, ODP_PART_ASSEMBLE };
#define ODP_PART_STOP (-1000) /* not an error: the step's result is in the hook */

struct odp_part_blob {
    const uint8_t *p;
    size_t n;
};

struct odp_part_hook {
    int mode;                          /* ODP_PART_* */
    int target;                        /* MERGE: the pass (0 classes, 1 cells) to merge */
    uint64_t recno_base;               /* PASS: partition index << 40 (small cells' order) */
    int have[2];                       /* the merged state of pass 0 / 1 is given */
    const struct odp_part_blob *in[2]; /* its blobs (MERGE: the target's partials) */
    size_t nin[2];
    const char *part_path;            /* PASS: the write pass's rows go here */
    int ranged;                       /* PASS: the partition is bytes [start, end) of data */
    uint64_t start, end, line, recno; /* ... its first record's line, records before it */
    const char *const *parts;         /* ASSEMBLE: the written parts, in order */
    const struct odp_part_blob *acct; /* ASSEMBLE: their accounting (one per part) */
    size_t nparts;
    int (*feed_done)(void *ctx, struct odp_err *err); /* ASSEMBLE: the input fed fully */
    void *feed_ctx;
    /* results */
    const char *refused; /* why the policy does not fit, or NULL */
    int passes;          /* bit per pass the run reached */
    int stopped;         /* the pass the step stopped after, -1 none */
    uint8_t *out;        /* exported state or accounting (malloc) */
    size_t nout;
    uint64_t part_bytes; /* PASS: bytes written to part_path */
};

/* The hook of the release running on this thread (NULL: an ordinary release). */
extern _Thread_local struct odp_part_hook *odp_part_hook;

/* 1 when the policy and input fit a partitioned release; else 0 with *why set. */
int odp_rel_part_fits(const struct odp_policy *p, enum odp_input_format fmt, const char **why);

/* The chunk-parallel passes (release_par.c). */
int odp_rel_par_pass(struct job *j, int pass, struct odp_out *out, struct odp_err *err);
int odp_rel_par_wanted(struct job *j);
void odp_rel_par_free(struct job *j);

#endif
