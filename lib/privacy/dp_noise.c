/*
 * dp_noise.c - noise for published counts (dp_noise.h): calibration, one keyed DRBG
 * stream per cell, clamping, and the words the report, the data dictionary and the
 * portal use. No noised or true value ever reaches a message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "dp.h"
#include "dp_noise.h"
#include "dp_noise_int.h"
#include "json.h"
#include "rational.h"

/* "odpub-dp-cell-v1" + 4 length-prefixed parts + recno, before the names are added */
#define CTX_LABEL "odpub-dp-cell-v1"
/* an aggregate table's cells: ... | measure name | be32(nby) | each by value (dp_agg.c) */
#define GROUP_LABEL "odpub-dp-group-v1"

/* One group of the totals rule. */
struct tgroup {
    uint8_t key[16];
    int used;
    int has_total;
    uint64_t n;    /* detail rows */
    uint64_t seen; /* detail rows seen in the current pass */
};

/* One noised column of a group. */
struct tcell {
    int64_t s;    /* pass 1: sum of the noisy detail cells */
    int64_t t;    /* pass 1: the noisy total cell */
    int64_t base; /* adjustment of every detail cell */
    uint64_t r;   /* the first r detail cells get base + 1 */
    int64_t sum;  /* pass 2: sum of the adjusted (and clamped) detail cells */
};

/* At most this many groups under the totals rule (ODP_ELIMIT past it). */
#define DP_MAX_GROUPS (16u << 20)

static int
index_of(const struct odp_field *hdr, size_t n, const char *name, size_t *idx)
{
    size_t i, len = strlen(name);

    for (i = 0; i < n; i++) {
        if (hdr[i].len == len && memcmp(hdr[i].p, name, len) == 0) {
            *idx = i;
            return 1;
        }
    }
    return 0;
}

static int
calibrate(struct odp_dp_noise *dn, struct odp_err *err)
{
    const struct odp_dp_policy *d = dn->d;
    /* with totals a person is also in the total row of each cell's group: twice */
    uint64_t c = d->contribution, m = d->cells_per_person * (d->total_column != NULL ? 2 : 1),
             q = dn->ncol;
    char eps[64];
    int rc;

    (void)odp_rational_format(d->eps_num, d->eps_den, eps, sizeof(eps));
    if (d->mechanism == ODP_DP_GAUSSIAN) {
        dn->sens = c * c * m * q; /* each factor <= 10^6 (parse_dp.c), q small */
        rc = odp_dp_gaussian_sigma2(d->eps_num, d->eps_den, d->delta_num, d->delta_den, dn->sens,
                                    &dn->s_num, &dn->s_den, err);
        if (rc == ODP_OK) {
            rc = odp_dp_gaussian_variance(dn->s_num, dn->s_den, &dn->variance, err);
        }
        if (rc == ODP_OK) {
            rc = odp_dp_gaussian_margin(dn->s_num, dn->s_den, 0.95, &dn->margin95, err);
        }
        snprintf(dn->scale_text, sizeof(dn->scale_text), "%.6g",
                 (double)dn->s_num / (double)dn->s_den);
        if (rc == ODP_OK) {
            snprintf(dn->treatment, sizeof(dn->treatment),
                     "differentially private noise: discrete Gaussian, sigma^2 %s (epsilon %s, "
                     "delta %s); 95 %% of published counts are within %llu of the true count%s",
                     dn->scale_text, eps, d->delta, (unsigned long long)dn->margin95,
                     d->clamp ? "; negative results published as 0" : "");
        }
    } else {
        dn->sens = c * m * q;
        rc = odp_dp_laplace_scale(d->eps_num, d->eps_den, dn->sens, &dn->s_num, &dn->s_den, err);
        if (rc == ODP_OK) {
            rc = odp_dp_laplace_variance(dn->s_num, dn->s_den, &dn->variance, err);
        }
        if (rc == ODP_OK) {
            rc = odp_dp_laplace_margin(dn->s_num, dn->s_den, 0.95, &dn->margin95, err);
        }
        if (odp_rational_format(dn->s_num, dn->s_den, dn->scale_text, sizeof(dn->scale_text)) < 0) {
            snprintf(dn->scale_text, sizeof(dn->scale_text), "?");
        }
        if (rc == ODP_OK) {
            snprintf(dn->treatment, sizeof(dn->treatment),
                     "differentially private noise: discrete Laplace, scale %s (epsilon %s); "
                     "95 %% of published counts are within %llu of the true count%s",
                     dn->scale_text, eps, (unsigned long long)dn->margin95,
                     d->clamp ? "; negative results published as 0" : "");
        }
    }
    if (rc < 0) {
        return odp_errf(err, rc, &(struct odp_loc){d->path, d->line, d->col},
                        "differential_privacy: epsilon %s (and delta) give noise outside the "
                        "sampler's range",
                        eps);
    }
    return ODP_OK;
}

struct odp_dp_noise *
odp_dp_noise_new(const struct odp_policy *p, const struct odp_keyring *kr,
                 const struct odp_table *t, const struct odp_field *hdr, size_t n,
                 struct odp_err *err)
{
    const struct odp_dp_policy *d = p != NULL ? p->dp : NULL;
    const struct odp_row *in = t != NULL ? odp_table_header(t) : NULL;
    struct odp_dp_noise *dn;
    struct odp_loc loc;
    size_t i, j;

    if (d == NULL || in == NULL) {
        odp_errf(err, ODP_EINVAL, NULL, "differential privacy: no policy block");
        return NULL;
    }
    loc = (struct odp_loc){d->path, d->line, d->col};

    dn = calloc(1, sizeof(*dn));
    if (dn == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    dn->p = p;
    dn->d = d;
    dn->ncol = d->ncolumns;
    dn->nout = n;
    dn->key = odp_keyring_get(kr, "noise", &dn->keylen);
    dn->col_out = calloc(dn->ncol + 1, sizeof(*dn->col_out));
    dn->col_in = calloc(dn->ncol + 1, sizeof(*dn->col_in));
    dn->changed = calloc(dn->ncol + 1, sizeof(*dn->changed));
    dn->num = calloc(dn->ncol + 1, sizeof(*dn->num));
    dn->outf = calloc(n + 1, sizeof(*dn->outf));
    if (dn->col_out == NULL || dn->col_in == NULL || dn->changed == NULL || dn->num == NULL ||
        dn->outf == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        goto fail;
    }
    if (dn->key == NULL) {
        odp_errf(err, ODP_EKEY, &loc,
                 "differential_privacy: the noise key (keys.noise) is not "
                 "loaded");
        goto fail;
    }
    if (p->dv.agg.on) {
        /* an indicator table: the columns are its measures, noised per group */
        if (odp_dp_agg_setup(dn, err) < 0) {
            goto fail;
        }
        return dn;
    }
    if (d->mechanism == ODP_DP_LAPLACE && d->delta != NULL) {
        odp_errf(err, ODP_EPOLICY, &loc,
                 "differential_privacy: 'delta' applies to discrete_gaussian, or to an "
                 "'aggregate:' table (where it bounds the chance of publishing a group one "
                 "person makes); discrete_laplace on a count table is pure epsilon-DP");
        goto fail;
    }
    for (i = 0; i < dn->ncol; i++) {
        const char *name = d->columns[i];

        if (!index_of(hdr, n, name, &dn->col_out[i])) {
            odp_errf(err, ODP_EPOLICY, &loc,
                     "differential_privacy: column '%s' is not a published column", name);
            goto fail;
        }
        if (!index_of(in->f, in->n, name, &dn->col_in[i])) {
            dn->col_in[i] = SIZE_MAX;
        }
        for (j = 0; j < i; j++) {
            if (dn->col_out[j] == dn->col_out[i]) {
                odp_errf(err, ODP_EPOLICY, &loc,
                         "differential_privacy: column '%s' is listed twice", name);
                goto fail;
            }
        }
        for (j = 0; j < p->nsc_columns && p->sc_threshold > 0; j++) {
            if (strcmp(p->sc_columns[j], name) == 0) {
                odp_errf(err, ODP_EPOLICY, &loc,
                         "column '%s' is under both small_cells and differential_privacy: "
                         "suppressing by the true count would leak what the noise hides; "
                         "use one of them",
                         name);
                goto fail;
            }
        }
    }
    dn->tcol = SIZE_MAX;
    dn->pass = 1;
    if (d->total_column != NULL) {
        dn->tby = calloc(d->ntotals_by + 1, sizeof(*dn->tby));
        dn->md = EVP_MD_CTX_new();
        if (dn->tby == NULL || dn->md == NULL) {
            odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
            goto fail;
        }
        if (!index_of(hdr, n, d->total_column, &dn->tcol)) {
            odp_errf(err, ODP_EPOLICY, &loc,
                     "differential_privacy: totals column '%s' is not a published column",
                     d->total_column);
            goto fail;
        }
        for (i = 0; i < dn->ncol; i++) {
            if (dn->col_out[i] == dn->tcol) {
                odp_errf(err, ODP_EPOLICY, &loc,
                         "differential_privacy: totals column '%s' is a noised column",
                         d->total_column);
                goto fail;
            }
        }
        for (i = 0; i < d->ntotals_by; i++) {
            if (!index_of(hdr, n, d->totals_by[i], &dn->tby[i])) {
                odp_errf(err, ODP_EPOLICY, &loc,
                         "differential_privacy: totals 'by' column '%s' is not a published "
                         "column",
                         d->totals_by[i]);
                goto fail;
            }
        }
        dn->ntby = d->ntotals_by;
    }
    if (calibrate(dn, err) < 0) {
        goto fail;
    }
    if (dn->tcol != SIZE_MAX) {
        size_t tl = strlen(dn->treatment);

        snprintf(dn->treatment + tl, sizeof(dn->treatment) - tl,
                 "; rows adjusted to add up to their noisy '%s' total row", d->total_value);
    }
    return dn;
fail:
    odp_dp_noise_free(dn);
    return NULL;
}

void
odp_dp_noise_free(struct odp_dp_noise *dn)
{
    if (dn == NULL) {
        return;
    }
    free(dn->col_out);
    free(dn->col_in);
    free(dn->changed);
    free(dn->num);
    free(dn->outf);
    free(dn->ctx);
    odp_drbg_key_free(dn->dk);
    free(dn->tby);
    free(dn->g);
    free(dn->cells_g);
    free(dn->am);
    EVP_MD_CTX_free(dn->md);
    free(dn);
}

/* A count: digits only, below 2^62 (so count + noise cannot overflow in practice). */
static int
parse_count(struct odp_dp_noise *dn, const struct odp_table *t, size_t i, const struct odp_field *v,
            int64_t *out, struct odp_err *err)
{
    const char *why = NULL;
    uint64_t x = 0, line = 0, col = 0;
    size_t k;

    if (v->len == 0) {
        why = "is empty";
    }
    for (k = 0; k < v->len && why == NULL; k++) {
        unsigned dg = (unsigned)((unsigned char)v->p[k] - '0');

        if (dg > 9) {
            why = "is not a non-negative integer";
        } else if (x > ((UINT64_C(1) << 62) - dg) / 10) {
            why = "is too large";
        } else {
            x = x * 10 + dg;
        }
    }
    if (why != NULL) {
        if (dn->col_in[i] != SIZE_MAX) {
            odp_table_locate(t, dn->col_in[i], &line, &col);
        }
        return odp_errf(err, ODP_EDATA, &(struct odp_loc){odp_table_path(t), line, col},
                        "column '%s': a count %s (differential_privacy noises counts given as "
                        "digits)",
                        dn->d->columns[i], why);
    }
    *out = (int64_t)x;
    return ODP_OK;
}

static void
put_be32(unsigned char *p, size_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* Appends be32(len) || s at dn->ctx + *at. */
void
odp_dp_put_part(struct odp_dp_noise *dn, size_t *at, const void *s, size_t len)
{
    put_be32(dn->ctx + *at, len);
    memcpy(dn->ctx + *at + 4, s, len);
    *at += 4 + len;
}

int
odp_dp_noise_bind(struct odp_dp_noise *dn, const char *release_id, struct odp_err *err)
{
    const char *name = dn->p->name != NULL ? dn->p->name : "";
    size_t longest = 0, i, at = 0;

    for (i = 0; i < dn->ncol; i++) {
        size_t l = strlen(dn->d->columns[i]);

        longest = l > longest ? l : longest;
    }
    dn->ctx_cap = 4 * 5 + sizeof(CTX_LABEL) + strlen(name) + strlen(release_id) + longest + 8;
    if (dn->ctx_cap > ODP_DRBG_MAX_CTX) {
        return odp_errf(err, ODP_ELIMIT, NULL, "differential privacy: names too long");
    }
    free(dn->ctx);
    dn->ctx = malloc(dn->ctx_cap);
    if (dn->ctx == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    if (dn->dk == NULL) {
        dn->dk = odp_drbg_key_new(dn->key, dn->keylen, err);
        if (dn->dk == NULL) {
            return err != NULL && err->code != ODP_OK ? err->code : ODP_ENOMEM;
        }
    }
    if (dn->am != NULL) {
        odp_dp_put_part(dn, &at, GROUP_LABEL, sizeof(GROUP_LABEL) - 1);
    } else {
        odp_dp_put_part(dn, &at, CTX_LABEL, sizeof(CTX_LABEL) - 1);
    }
    odp_dp_put_part(dn, &at, name, strlen(name));
    odp_dp_put_part(dn, &at, release_id, strlen(release_id));
    dn->ctx_prefix = at;
    dn->bound = 1;
    return ODP_OK;
}

/* Noise for cell (column i, record recno). */
static int
draw(struct odp_dp_noise *dn, size_t i, uint64_t recno, int64_t *z, struct odp_err *err)
{
    const char *col = dn->d->columns[i];
    size_t at = dn->ctx_prefix, k;
    struct odp_drbg *g;
    int rc;

    odp_dp_put_part(dn, &at, col, strlen(col));
    for (k = 0; k < 8; k++) {
        dn->ctx[at + k] = (unsigned char)(recno >> (56 - 8 * k));
    }
    at += 8;
    g = odp_drbg_derive(dn->dk, dn->ctx, at, err);
    if (g == NULL) {
        return err != NULL && err->code != ODP_OK ? err->code : ODP_ENOMEM;
    }
    if (dn->d->mechanism == ODP_DP_GAUSSIAN) {
        rc = odp_dp_discrete_gaussian(g, dn->s_num, dn->s_den, z, err);
    } else {
        rc = odp_dp_discrete_laplace(g, dn->s_num, dn->s_den, z, err);
    }
    odp_drbg_free(g);
    return rc;
}

/* ---- totals: noisy detail cells made to add up to their noisy total ------------------ */

static int
group_grow(struct odp_dp_noise *dn, struct odp_err *err)
{
    size_t cap = dn->gcap == 0 ? 256 : dn->gcap * 2, i, k, h;
    struct tgroup *g = calloc(cap, sizeof(*g));
    struct tcell *c = calloc(cap * dn->ncol, sizeof(*c));

    if (g == NULL || c == NULL) {
        free(g);
        free(c);
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    for (i = 0; i < dn->gcap; i++) {
        if (!dn->g[i].used) {
            continue;
        }
        memcpy(&h, dn->g[i].key, sizeof(h));
        for (k = h & (cap - 1); g[k].used; k = (k + 1) & (cap - 1)) {
        }
        g[k] = dn->g[i];
        memcpy(&c[k * dn->ncol], &dn->cells_g[i * dn->ncol], dn->ncol * sizeof(*c));
    }
    free(dn->g);
    free(dn->cells_g);
    dn->g = g;
    dn->cells_g = c;
    dn->gcap = cap;
    return ODP_OK;
}

/* The row's group (created in pass 1); *is_total when it is the group's total row. */
static int
group_of(struct odp_dp_noise *dn, const struct odp_field *f, size_t *slot, int *is_total,
         struct odp_err *err)
{
    const char *tv = dn->d->total_value;
    uint8_t full[32], le[8];
    unsigned int len = 0;
    size_t i, k, h;
    int rc;

    *is_total = f[dn->tcol].len == strlen(tv) && memcmp(f[dn->tcol].p, tv, f[dn->tcol].len) == 0;
    if (EVP_DigestInit_ex(dn->md, EVP_sha256(), NULL) != 1) {
        return odp_errf(err, ODP_EINTERNAL, NULL, "SHA-256 failed");
    }
    for (i = 0; i < dn->ntby; i++) {
        const struct odp_field *v = &f[dn->tby[i]];

        for (k = 0; k < 8; k++) {
            le[k] = (uint8_t)((uint64_t)v->len >> (8 * k));
        }
        if (EVP_DigestUpdate(dn->md, le, 8) != 1 || EVP_DigestUpdate(dn->md, v->p, v->len) != 1) {
            return odp_errf(err, ODP_EINTERNAL, NULL, "SHA-256 failed");
        }
    }
    if (EVP_DigestFinal_ex(dn->md, full, &len) != 1) {
        return odp_errf(err, ODP_EINTERNAL, NULL, "SHA-256 failed");
    }
    if (dn->pass == 1 && (dn->gn + 1) * 2 > dn->gcap) {
        if (dn->gn >= DP_MAX_GROUPS) {
            return odp_errf(err, ODP_ELIMIT, NULL,
                            "differential_privacy: more than %u total groups", DP_MAX_GROUPS);
        }
        rc = group_grow(dn, err);
        if (rc < 0) {
            return rc;
        }
    }
    memcpy(&h, full, sizeof(h));
    for (k = h & (dn->gcap - 1); dn->g[k].used; k = (k + 1) & (dn->gcap - 1)) {
        if (memcmp(dn->g[k].key, full, 16) == 0) {
            *slot = k;
            return ODP_OK;
        }
    }
    if (dn->pass != 1) {
        return odp_errf(err, ODP_EINTERNAL, NULL,
                        "differential_privacy: a group not seen in the first pass");
    }
    memcpy(dn->g[k].key, full, 16);
    dn->g[k].used = 1;
    dn->gn++;
    *slot = k;
    return ODP_OK;
}

/* Pass 3 value of detail cell i of group slot (or pass 2's running sum). */
static int64_t
adjusted(const struct odp_dp_noise *dn, size_t slot, size_t i, int64_t x)
{
    const struct tgroup *g = &dn->g[slot];
    const struct tcell *c = &dn->cells_g[slot * dn->ncol + i];
    int64_t y;

    if (!g->has_total) {
        return x;
    }
    y = x + c->base + (g->seen < c->r ? 1 : 0);
    return y;
}

int
odp_dp_noise_check(struct odp_dp_noise *dn, const struct odp_table *t, const struct odp_row *row,
                   const struct odp_field *f, struct odp_err *err)
{
    size_t i, slot = 0;
    int64_t v, z, y;
    int is_total = 0, rc;

    for (i = 0; i < dn->ncol; i++) {
        rc = parse_count(dn, t, i, &f[dn->col_out[i]], &v, err);
        if (rc < 0) {
            return rc;
        }
    }
    if (dn->tcol == SIZE_MAX) {
        return ODP_OK;
    }
    if (!dn->bound) {
        return odp_errf(err, ODP_EINTERNAL, NULL, "differential privacy: release id not set");
    }
    rc = group_of(dn, f, &slot, &is_total, err);
    if (rc < 0) {
        return rc;
    }
    if (dn->pass == 1 && is_total) {
        if (dn->g[slot].has_total) {
            return odp_errf(err, ODP_EDATA, &(struct odp_loc){odp_table_path(t), row->line, 0},
                            "differential_privacy: a second total row ('%s' = '%s') for one "
                            "group of %s",
                            dn->d->total_column, dn->d->total_value,
                            dn->ntby > 0 ? "the 'by' columns" : "the table");
        }
        dn->g[slot].has_total = 1;
    }
    for (i = 0; i < dn->ncol; i++) {
        struct tcell *c = &dn->cells_g[slot * dn->ncol + i];

        rc = parse_count(dn, t, i, &f[dn->col_out[i]], &v, err);
        if (rc == ODP_OK) {
            rc = draw(dn, i, row->recno, &z, err);
        }
        if (rc < 0) {
            return rc;
        }
        if (__builtin_add_overflow(v, z, &y)) {
            return odp_errf(err, ODP_ELIMIT, NULL, "differential privacy: noisy count overflows");
        }
        if (is_total) {
            c->t = y;
        } else if (dn->pass == 1) {
            if (__builtin_add_overflow(c->s, y, &c->s)) {
                return odp_errf(err, ODP_ELIMIT, NULL, "differential privacy: sum overflows");
            }
        } else {
            y = adjusted(dn, slot, i, y);
            y = y < 0 && dn->d->clamp ? 0 : y;
            if (__builtin_add_overflow(c->sum, y, &c->sum)) {
                return odp_errf(err, ODP_ELIMIT, NULL, "differential privacy: sum overflows");
            }
        }
    }
    if (!is_total) {
        dn->g[slot].n += dn->pass == 1;
        dn->g[slot].seen++;
    }
    return ODP_OK;
}

int
odp_dp_noise_next_pass(struct odp_dp_noise *dn)
{
    size_t k, i;

    if (dn->tcol == SIZE_MAX || dn->pass >= 3) {
        dn->pass = 3;
        return 0;
    }
    for (k = 0; k < dn->gcap; k++) {
        struct tgroup *g = &dn->g[k];

        g->seen = 0;
        if (!g->used || dn->pass != 1) {
            continue;
        }
        if (!g->has_total) {
            dn->groups_no_total++;
            continue;
        }
        dn->groups_adjusted++;
        for (i = 0; i < dn->ncol; i++) {
            struct tcell *c = &dn->cells_g[k * dn->ncol + i];
            /* least squares with equal variances: the difference D = total - sum is
               shared by the n details (+D/(n+1) each) and the total (-D/(n+1)), in
               integers: base = floor(D/(n+1)), the first r = D - base (n+1) get one more */
            int64_t dd = c->t - c->s, kk = (int64_t)(g->n + 1);
            int64_t base = dd / kk;

            if (dd % kk != 0 && dd < 0) {
                base--;
            }
            c->base = base;
            c->r = (uint64_t)(dd - base * kk);
        }
    }
    dn->pass++;
    return dn->pass == 2;
}

int
odp_dp_noise_apply(struct odp_dp_noise *dn, const struct odp_table *t, const struct odp_row *row,
                   const struct odp_field *f, const struct odp_field **out, struct odp_err *err)
{
    size_t i, slot = 0;
    int64_t v, z, y;
    int is_total = 0, rc;

    if (!dn->bound || dn->pass != 3) {
        return odp_errf(err, ODP_EINTERNAL, NULL, "differential privacy: passes out of order");
    }
    if (dn->tcol != SIZE_MAX) {
        rc = group_of(dn, f, &slot, &is_total, err);
        if (rc < 0) {
            return rc;
        }
    }
    memcpy(dn->outf, f, dn->nout * sizeof(*f));
    for (i = 0; i < dn->ncol; i++) {
        rc = parse_count(dn, t, i, &f[dn->col_out[i]], &v, err);
        if (rc == ODP_OK) {
            rc = draw(dn, i, row->recno, &z, err);
        }
        if (rc < 0) {
            return rc;
        }
        if (__builtin_add_overflow(v, z, &y)) {
            return odp_errf(err, ODP_ELIMIT, NULL, "differential privacy: noisy count overflows");
        }
        if (dn->tcol != SIZE_MAX && is_total && dn->g[slot].has_total) {
            /* the adjusted details' sum (>= 0 with clamp); a total without detail rows
               keeps its own noise */
            y = dn->g[slot].n > 0 ? dn->cells_g[slot * dn->ncol + i].sum : y;
        } else if (dn->tcol != SIZE_MAX) {
            y = adjusted(dn, slot, i, y);
        }
        if (y < 0 && dn->d->clamp) {
            y = 0;
            dn->clamped++;
        }
        dn->cells++;
        if (y != v) {
            dn->changed[i]++;
        }
        snprintf(dn->num[i], sizeof(dn->num[i]), "%lld", (long long)y);
        dn->outf[dn->col_out[i]].p = dn->num[i];
        dn->outf[dn->col_out[i]].len = strlen(dn->num[i]);
    }
    if (dn->tcol != SIZE_MAX && !is_total) {
        dn->g[slot].seen++;
    }
    *out = dn->outf;
    return ODP_OK;
}

void
odp_dp_noise_budget(struct odp_dp_noise *dn, const struct odp_ledger_state *st)
{
    size_t n = strlen(dn->treatment);

    snprintf(dn->treatment + n, sizeof(dn->treatment) - n,
             "; privacy budget: epsilon %s of %s spent in the ledger, %s left "
             "(sequential composition)",
             st->spent_after, st->total, st->remaining);
    odp_dp_agg_budget(dn, dn->treatment + n);
}

void
odp_dp_noise_colinfo(const struct odp_dp_noise *dn, struct odp_colinfo *cols, size_t n)
{
    size_t i, k;

    if (dn->am != NULL) {
        odp_dp_agg_colinfo(dn, cols, n);
        return;
    }
    for (i = 0; i < dn->ncol; i++) {
        for (k = 0; k < n; k++) {
            if (cols[k].name != NULL && strcmp(cols[k].name, dn->d->columns[i]) == 0) {
                cols[k].treatment = dn->treatment;
                cols[k].changed = dn->changed[i];
            }
        }
    }
}

static int
add_rational(cJSON *o, const char *name, uint64_t num, uint64_t den)
{
    char b[64];

    if (odp_rational_format(num, den, b, sizeof(b)) < 0) {
        return ODP_ENOMEM;
    }
    return odp_json_add_str(o, name, b);
}

cJSON *
odp_dp_noise_report(const struct odp_dp_noise *dn, const struct odp_ledger_state *st,
                    const char *key_id)
{
    const struct odp_dp_policy *d = dn->d;
    int gauss = d->mechanism == ODP_DP_GAUSSIAN;
    cJSON *o = cJSON_CreateObject(), *arr, *b, *it;
    char kid[80];
    size_t i;
    int rc = ODP_OK;

    if (o == NULL) {
        return NULL;
    }
    rc |= odp_json_add_str(o, "mechanism", gauss ? "discrete_gaussian" : "discrete_laplace");
    rc |= odp_json_add_str(o, "sampler",
                           "exact integer sampling from random bits (Canonne, Kamath and Steinke "
                           "2020), no floating point; one HMAC-SHA-256 DRBG stream per cell, "
                           "keyed by the noise key");
    arr = cJSON_AddArrayToObject(o, "columns");
    rc |= arr == NULL;
    for (i = 0; arr != NULL && i < dn->ncol; i++) {
        it = cJSON_CreateString(d->columns[i]);
        if (it == NULL || !cJSON_AddItemToArray(arr, it)) {
            cJSON_Delete(it);
            rc = ODP_ENOMEM;
        }
    }
    rc |= odp_json_add_u64(o, "contribution", d->contribution);
    rc |= odp_json_add_u64(o, "cells_per_person", d->cells_per_person);
    rc |= odp_json_add_u64(o, gauss ? "sensitivity_l2_squared" : "sensitivity_l1", dn->sens);
    rc |= add_rational(o, "epsilon", d->eps_num, d->eps_den);
    rc |= d->delta != NULL ? add_rational(o, "delta", d->delta_num, d->delta_den)
                           : odp_json_add_str(o, "delta", NULL);
    rc |= add_rational(o, gauss ? "sigma_squared" : "scale", dn->s_num, dn->s_den);
    rc |= odp_json_add_fixed(o, "noise_variance", dn->variance, 4);
    rc |= odp_json_add_u64(o, "margin_of_error_95", dn->margin95);
    rc |= odp_json_add_u64(o, "cells_noised", dn->cells);
    rc |= odp_json_add_u64(o, "cells_clamped", dn->clamped);
    arr = cJSON_AddArrayToObject(o, "post_processing");
    rc |= arr == NULL;
    if (arr != NULL && d->clamp) {
        it = cJSON_CreateString("clamp: a noisy count below 0 is published as 0 (post-processing, "
                                "no privacy cost)");
        if (it == NULL || !cJSON_AddItemToArray(arr, it)) {
            cJSON_Delete(it);
            rc = ODP_ENOMEM;
        }
    }
    if (arr != NULL && d->total_column != NULL) {
        it = cJSON_CreateString("consistency: in each group, the detail rows are adjusted by "
                                "least squares (in integers) to add up exactly to the total row, "
                                "which is then published as their sum (post-processing, no "
                                "privacy cost)");
        if (it == NULL || !cJSON_AddItemToArray(arr, it)) {
            cJSON_Delete(it);
            rc = ODP_ENOMEM;
        }
        rc |= odp_json_add_u64(o, "groups_made_consistent", dn->groups_adjusted);
        rc |= odp_json_add_u64(o, "groups_without_total_row", dn->groups_no_total);
    }
    if (dn->am != NULL) {
        rc |= odp_dp_agg_report(dn, o);
    }
    snprintf(kid, sizeof(kid), "keyid:%s", key_id != NULL ? key_id : "unresolved");
    rc |= odp_json_add_str(o, "noise_key", kid);
    rc |= add_rational(o, "epsilon_spent", d->eps_num, d->eps_den);
    if (st != NULL) {
        rc |= odp_json_add_str(o, "epsilon_left", st->remaining);
        b = cJSON_AddObjectToObject(o, "budget");
        rc |= b == NULL;
        if (b != NULL) {
            rc |= odp_json_add_str(b, "composition",
                                   d->delta != NULL
                                       ? "sequential: epsilons add and deltas add across "
                                         "releases (basic composition)"
                                       : "sequential: epsilons add across releases (basic "
                                         "composition)");
            rc |= odp_json_add_str(b, "total_epsilon", st->total);
            rc |= odp_json_add_u64(b, "releases_before", st->releases_before);
            rc |= odp_json_add_str(b, "spent_before", st->spent_before);
            rc |= odp_json_add_str(b, "spent_after", st->spent_after);
            rc |= odp_json_add_str(b, "remaining", st->remaining);
            if (d->delta != NULL) {
                rc |= odp_json_add_str(b, "delta_spent_after", st->delta_after);
            }
            rc |= odp_json_add_str(b, "ledger_sha256_before", st->ledger_sha256);
        }
    } else {
        rc |= odp_json_add_str(o, "epsilon_left", NULL);
    }
    if (rc != ODP_OK) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}
