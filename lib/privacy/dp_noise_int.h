/*
 * dp_noise_int.h - the state of the noise pass (dp_noise.h), shared by dp_noise.c (count
 * tables read as input) and dp_agg.c (indicator tables computed with aggregate:). Not
 * installed.
 */
#ifndef ODP_DP_NOISE_INT_H
#define ODP_DP_NOISE_INT_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "dp.h"
#include "dp_noise.h"

/* One noised measure of an aggregate table (dp_agg.c). */
struct dp_measure {
    const char *name;
    int is_sum;
    uint64_t bound;        /* most one row moves the value: 1 (count), max(|lo|, |hi|) (sum) */
    int64_t lo;            /* sum: the clamp's lower bound (a noisy sum below 0 is clamped
                              when lo >= 0) */
    uint64_t sens;         /* L1 (laplace) or squared L2 (gaussian) sensitivity */
    uint64_t s_num, s_den; /* laplace scale t, or gaussian sigma^2 */
    double variance;
    uint64_t margin95;
    uint64_t changed;
    char scale_text[64];
    char treatment[640];
};

struct odp_dp_noise {
    const struct odp_policy *p;
    const struct odp_dp_policy *d;
    const uint8_t *key; /* borrowed from the keyring */
    size_t keylen;
    struct odp_drbg_key *dk; /* K' of the noise key, derived once (dp.h) */
    size_t ncol;
    size_t *col_out;   /* published index of each noised column */
    size_t *col_in;    /* input index, for error positions (SIZE_MAX: none) */
    uint64_t *changed; /* per noised column: values the noise (or the clamp) changed */
    size_t nout;
    struct odp_field *outf;
    char (*num)[24];    /* text of each noised value of the current row */
    unsigned char *ctx; /* context bytes: fixed prefix, then be64(recno) */
    size_t ctx_prefix;  /* bytes up to the column name */
    size_t ctx_cap;
    int bound;
    uint64_t sens;         /* L1 (laplace) or squared L2 (gaussian) sensitivity */
    uint64_t s_num, s_den; /* laplace scale t, or gaussian sigma^2 */
    uint64_t margin95;
    double variance;
    uint64_t cells, clamped;
    char scale_text[64];
    char treatment[512];
    /* totals (consistency post-processing); tcol == SIZE_MAX when off */
    size_t tcol; /* published index of the column that marks total rows */
    size_t *tby; /* published indexes of the `by` columns */
    size_t ntby;
    struct tgroup *g; /* open addressing on the digest of the `by` values */
    size_t gcap, gn;
    struct tcell *cells_g; /* gcap * ncol per-column sums, parallel to g */
    EVP_MD_CTX *md;
    int pass; /* 1: noisy sums, 2: adjusted sums, 3: publish */
    uint64_t groups_adjusted, groups_no_total;
    /* an aggregate: table (dp_agg.c): one entry per measure, in the table's order */
    struct dp_measure *am;
    size_t nam;
    size_t sel;       /* the count measure whose noisy value selects groups */
    int select;       /* groups are selected (the table has `by` columns) */
    uint64_t tau;     /* a group is published when its noisy count >= tau */
    double sel_delta; /* delta spent on the selection */
    uint64_t groups_published;
};

/* Appends be32(len) || s at dn->ctx + *at (the caller made room). */
void odp_dp_put_part(struct odp_dp_noise *dn, size_t *at, const void *s, size_t len);

/* Aggregate mode (dp_agg.c): binds the measures and calibrates; the
   report's extra members; the treatment of each measure. */
int odp_dp_agg_setup(struct odp_dp_noise *dn, struct odp_err *err);
int odp_dp_agg_report(const struct odp_dp_noise *dn, cJSON *o);
void odp_dp_agg_budget(struct odp_dp_noise *dn, const char *text);
void odp_dp_agg_colinfo(const struct odp_dp_noise *dn, struct odp_colinfo *cols, size_t n);

#endif
