/*
 * dp_noise.c - noise for published counts (dp_noise.h): calibration, one keyed DRBG
 * stream per cell, clamping, and the words the report, the data dictionary and the
 * portal use. No noised or true value ever reaches a message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "dp.h"
#include "dp_noise.h"
#include "json.h"
#include "rational.h"

/* "odpub-dp-cell-v1" + 4 length-prefixed parts + recno, before the names are added */
#define CTX_LABEL "odpub-dp-cell-v1"

struct odp_dp_noise {
    const struct odp_policy *p;
    const struct odp_dp_policy *d;
    const uint8_t *key; /* borrowed from the keyring */
    size_t keylen;
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
};

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
    uint64_t c = d->contribution, m = d->cells_per_person, q = dn->ncol;
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
    if (calibrate(dn, err) < 0) {
        goto fail;
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

int
odp_dp_noise_check(struct odp_dp_noise *dn, const struct odp_table *t, const struct odp_row *row,
                   const struct odp_field *f, struct odp_err *err)
{
    size_t i;
    int64_t v;
    int rc;

    (void)row;
    for (i = 0; i < dn->ncol; i++) {
        rc = parse_count(dn, t, i, &f[dn->col_out[i]], &v, err);
        if (rc < 0) {
            return rc;
        }
    }
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
static void
put_part(struct odp_dp_noise *dn, size_t *at, const void *s, size_t len)
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
    put_part(dn, &at, CTX_LABEL, sizeof(CTX_LABEL) - 1);
    put_part(dn, &at, name, strlen(name));
    put_part(dn, &at, release_id, strlen(release_id));
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

    put_part(dn, &at, col, strlen(col));
    for (k = 0; k < 8; k++) {
        dn->ctx[at + k] = (unsigned char)(recno >> (56 - 8 * k));
    }
    at += 8;
    g = odp_drbg_new(dn->key, dn->keylen, dn->ctx, at, err);
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

int
odp_dp_noise_apply(struct odp_dp_noise *dn, const struct odp_table *t, const struct odp_row *row,
                   const struct odp_field *f, const struct odp_field **out, struct odp_err *err)
{
    size_t i;
    int64_t v, z, y;
    int rc;

    if (!dn->bound) {
        return odp_errf(err, ODP_EINTERNAL, NULL, "differential privacy: release id not set");
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
}

void
odp_dp_noise_colinfo(const struct odp_dp_noise *dn, struct odp_colinfo *cols, size_t n)
{
    size_t i, k;

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
    rc |= gauss ? add_rational(o, "delta", d->delta_num, d->delta_den)
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
    snprintf(kid, sizeof(kid), "keyid:%s", key_id != NULL ? key_id : "unresolved");
    rc |= odp_json_add_str(o, "noise_key", kid);
    rc |= add_rational(o, "epsilon_spent", d->eps_num, d->eps_den);
    if (st != NULL) {
        rc |= odp_json_add_str(o, "epsilon_left", st->remaining);
        b = cJSON_AddObjectToObject(o, "budget");
        rc |= b == NULL;
        if (b != NULL) {
            rc |= odp_json_add_str(b, "composition",
                                   gauss ? "sequential: epsilons add and deltas add across "
                                           "releases (basic composition)"
                                         : "sequential: epsilons add across releases (basic "
                                           "composition)");
            rc |= odp_json_add_str(b, "total_epsilon", st->total);
            rc |= odp_json_add_u64(b, "releases_before", st->releases_before);
            rc |= odp_json_add_str(b, "spent_before", st->spent_before);
            rc |= odp_json_add_str(b, "spent_after", st->spent_after);
            rc |= odp_json_add_str(b, "remaining", st->remaining);
            if (gauss) {
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
