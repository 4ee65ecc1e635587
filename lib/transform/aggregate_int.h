/*
 * aggregate_int.h - the state of an indicator table, shared by aggregate.c (folding rows
 * into groups) and aggregate_out.c (suppression, noise and output). Not installed.
 */
#ifndef ODP_AGGREGATE_INT_H
#define ODP_AGGREGATE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "aggregate.h"

#define HLL_P 12
#define HLL_M (1u << HLL_P)

/* Open-addressing map int64 key -> count (count 0 = empty slot). */
struct hent {
    int64_t k;
    uint64_t c; /* 0 = empty slot */
};

/*
 * A histogram starts dense (integers only): d[i] counts the value lo + i, span entries,
 * grown as values arrive until they would span more than ODP_AGG_HIST_DENSE; then it
 * moves to the sparse map e (same counts), and past ODP_AGG_HIST_EXACT distinct values
 * (or at the first non-integer) to the sketch. n is the distinct values in every form.
 */
struct hist {
    int sketch; /* 0: keys are the integer values; 1: DDSketch bucket keys */
    uint32_t n, cap;
    struct hent *e; /* sparse (or sketch) slots; NULL while dense */
    uint16_t *d;    /* dense counts (a count past 65,535 moves to e); NULL once sparse */
    int64_t lo;     /* dense: value of d[0] */
    uint32_t span;  /* dense: entries in d */
};

struct dist {
    uint64_t *set; /* exact: hashes (0 = empty; a hash of 0 is stored as 1) */
    uint32_t n, cap;
    uint8_t *hll; /* HLL_M registers once past ODP_AGG_DISTINCT_EXACT */
};

/* 8-byte aligned: group states sit in an arena packed to 8 bytes (UBSan: misaligned) */
__extension__ typedef __int128 i128 __attribute__((aligned(8)));

/*
 * The exact sum of doubles (a fixed-point accumulator over the whole double range: limb
 * i holds bits 32i.. of the sum in units of 2^-1074, carries left in place until
 * normalized), so a sum does not depend on the order of its values.
 */
#define XSUM_LIMBS 68
struct xsum {
    int64_t d[XSUM_LIMBS];
    uint32_t adds;  /* since the last normalization (each adds < 2^32 to a limb) */
    double special; /* inf/nan seen (their IEEE sum is order-independent) */
};

struct num {
    uint64_t n;        /* non-empty values */
    int decimals_seen; /* a value with a fraction or exponent: the sum is a decimal */
    i128 isum;         /* the integer values */
    struct xsum *xs;   /* the other values (allocated at the first) */
    struct hist h;
};

struct group {
    uint64_t hash;
    char *key; /* by values, each as 4-byte length + bytes */
    size_t klen;
    uint64_t count;
    uint64_t order; /* position in the output */
    struct num *nums;
    struct dist *dists;
    uint64_t *hits;
    int suppressed;
};

/* A measured column: published index and which states read it. */
struct mcol {
    size_t out;
    int want_hist;
    int clamp; /* a differentially private sum: values rounded, clamped to [lo, hi] */
    int64_t lo, hi;
};

/* One value read for a numeric state: parsed once, before the group's state is touched. */
struct pval {
    double x;
    int64_t iv;
    int is_int;
    int empty;
};

struct slot {
    uint64_t hash;
    struct group *g;
};

/* Rows folded this many rows late, so their cache misses overlap (odp_agg_add). */
#define ODP_AGG_RING 24

/* A row read but not folded yet: what folding needs, copied out of the row. */
struct pend {
    uint64_t h; /* hash of the key */
    char *kb;   /* key: 4-byte length + bytes per `by` value */
    size_t klen, kcap;
    struct pval *pv;    /* per numeric state */
    uint64_t *dh;       /* per count_distinct state: hash, 0 = empty */
    uint8_t *hit;       /* per share: 1 when the row is a hit */
    struct group *hint; /* its group as found by the prefetch stage (may be stale) */
};

struct odp_agg {
    const struct odp_policy *p;
    const struct odp_aggregate_spec *spec;
    const struct odp_field *in_hdr; /* published header (borrowed from the plan) */
    size_t nout;
    size_t *by;        /* published index per by column */
    size_t *m_slot;    /* per measure: num/dist slot (or share index) */
    size_t *m_out;     /* per measure: published index of its column */
    struct mcol *nums; /* numeric columns */
    size_t nnums;
    struct mcol *dists; /* count_distinct columns */
    size_t ndists;
    size_t nshares;
    struct slot *tab; /* open addressing: the hash beside the group (no pointer chase) */
    size_t cap, ngroups;
    struct odp_agg_stats st;
    struct odp_agg_measure_info *minfo;
    int *m_sketched; /* per measure: a group used the approximate method */
    /* small cells */
    size_t *sc_m; /* measure index per small_cells column */
    size_t nsc;
    size_t *sc_by; /* index into by[] per small_cells.by column */
    size_t nscby;
    struct odp_colinfo *cinfo;
    char **ctexts;
    struct odp_field *hdr;  /* output header */
    size_t gstates;         /* bytes of a group's states (after its header and key) */
    odp_agg_noise_fn noise; /* differential privacy (aggregate_dp.c); NULL = off */
    void *noise_ctx;
    struct pend ring[ODP_AGG_RING]; /* rows read, not yet folded (odp_agg_add) */
    uint64_t seq;                   /* rows read into the ring */
    size_t *in_off;                 /* per measure: its first entry in in_len */
    size_t *in_len;                 /* share: strlen of each `in` value */
};

/* A new group with the given serialized key (4-byte length + bytes per `by` value). */
struct group *odp_agg_group_new(const struct odp_agg *a, const char *key, size_t klen, uint64_t h);
/* Differential privacy: the policy's checks (aggregate_dp.c), and the published values of
   group g (its by values in by[]) through the noise hook. */
int odp_agg_dp_check(const struct odp_agg *a, struct odp_err *err);
int odp_agg_dp_values(struct odp_agg *a, const struct group *g, const struct odp_field *by,
                      int64_t *vals, int *keep, struct odp_err *err);
/* Folds the rows still pending in the ring (before the states are read). */
int odp_agg_flush(struct odp_agg *a, struct odp_err *err);
void odp_agg_group_free(const struct odp_agg *a, struct group *g);
/* Nearest-rank quantile q of the n values in h: *exact with *iv, else *dv; -1 on OOM. */
int odp_agg_hist_quantile(const struct hist *h, double q, uint64_t n, int *exact, int64_t *iv,
                          double *dv);
uint64_t odp_agg_dist_count(const struct dist *d);

/* Pieces of aggregate.c that merging (aggregate_merge.c) reuses. */
double odp_agg_sk_value(int64_t key);
void odp_agg_hist_free(struct hist *h);
int odp_agg_hist_addk(struct hist *h, int64_t key, uint64_t cnt); /* sparse or sketch */
int odp_agg_hist_addc(struct hist *h, int64_t v, uint64_t c);     /* exact: dense or sparse */
int odp_agg_hist_to_sketch(struct hist *h);
void odp_agg_hll_add(uint8_t *reg, uint64_t h);
int odp_agg_dist_add(struct dist *d, uint64_t h);
/* An exact set becomes a HyperLogLog sketch of the same hashes (set freed, cap 0);
 * -1 when out of memory (d unchanged). */
int odp_agg_dist_to_hll(struct dist *d);
int odp_agg_tab_grow(struct odp_agg *a);

/* Exact sums (aggregate_merge.c): add a finite or infinite double; the sum of the
 * integer sum and the decimals of nm as a double (the same for any order of values). */
void odp_agg_xsum_add(struct xsum *x, double v);
double odp_agg_num_total(const struct num *nm);

#endif
