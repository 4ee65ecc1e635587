/*
 * test_dp.c - unit tests for the keyed DRBG and the exact DP noise samplers (cmocka).
 *
 * Everything is deterministic: fixed keys and contexts, so a statistical test that
 * passes once passes forever (and a change in the stream shows up as a known-answer
 * failure, not as a flaky test). Theory values (pmf, variance, 4th moment) are computed
 * here independently of dp.c, from the textbook formulas.
 *
 * Statistical checks use n = 100,000 draws and 5 standard errors for mean, variance and
 * P(X = 0), plus a chi-square goodness-of-fit test at significance 0.001 (critical value
 * by the Wilson-Hilferty approximation) over the bins with expected count >= 10, tails
 * pooled.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/crypto.h>
#include <openssl/err.h>

#include "dp_internal.h"
#include "dp.h"
#include "rational.h"
#include "odp/err.h"

#define NDRAWS 100000
#define Z_SE 5.0
#define CHI_Z 3.090232306167813 /* upper 0.001 quantile of N(0, 1) */
#define MAXR 20000              /* theory tables cover [-MAXR, MAXR] */

typedef int (*sample_fn)(struct odp_drbg *d, uint64_t num, uint64_t den, int64_t *out,
                         struct odp_err *err);

static const uint8_t key0[32] = {0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15,
                                 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31};
static const char ctx0[] = "\x00\x00\x00\x04"
                           "demo"
                           "\x00\x00\x00\x02"
                           "r1"
                           "\x00\x00\x00\x03"
                           "a=1";
#define CTX0_LEN (sizeof(ctx0) - 1)

/* ---- allocation-failure injection through OpenSSL's allocator hooks ---------------- */

static long alloc_fail_at; /* 0: never fail; n: fail the n-th allocation */
static long alloc_count;

static void *
t_malloc(size_t n, const char *file, int line)
{
    (void)file;
    (void)line;
    if (alloc_fail_at > 0 && ++alloc_count == alloc_fail_at) {
        return NULL;
    }
    return malloc(n);
}

static void *
t_realloc(void *p, size_t n, const char *file, int line)
{
    (void)file;
    (void)line;
    if (alloc_fail_at > 0 && ++alloc_count == alloc_fail_at) {
        return NULL;
    }
    return realloc(p, n);
}

static void
t_free(void *p, const char *file, int line)
{
    (void)file;
    (void)line;
    free(p);
}

/* ---- helpers -------------------------------------------------------------------- */

static struct odp_drbg *
mk(const uint8_t *key, const void *ctx, size_t ctxlen)
{
    struct odp_err err = {0};
    struct odp_drbg *d = odp_drbg_new(key, 32, ctx, ctxlen, &err);

    assert_non_null(d);
    assert_int_equal(err.code, ODP_OK);
    return d;
}

static struct odp_drbg *
mk_named(const char *ctx)
{
    return mk(key0, ctx, strlen(ctx));
}

/* Wilson-Hilferty approximation of the chi-square upper-0.001 critical value. */
static double
chi2_crit(int df)
{
    double k = df;
    double c = 1.0 - 2.0 / (9.0 * k) + CHI_Z * sqrt(2.0 / (9.0 * k));

    return k * c * c * c;
}

/*
 * Chi-square test of observed counts obs[i] against probabilities p[i] (i = 0..nb-1,
 * summing to 1) for n draws: bins with expected < 10 at either end are pooled into
 * their inner neighbour. Returns 1 when the statistic is below the critical value.
 */
static int
chi2_pass(const long *obs, const double *p, int nb, long n, const char *what)
{
    double stat = 0.0;
    double e;
    double o;
    int lo = 0;
    int hi = nb - 1;
    int i;
    int df;
    double crit;
    double eo_lo = 0.0;
    double oo_lo = 0.0;
    double eo_hi = 0.0;
    double oo_hi = 0.0;

    while (lo < hi && (double)n * p[lo] < 10.0) {
        eo_lo += (double)n * p[lo];
        oo_lo += (double)obs[lo];
        lo++;
    }
    while (hi > lo && (double)n * p[hi] < 10.0) {
        eo_hi += (double)n * p[hi];
        oo_hi += (double)obs[hi];
        hi--;
    }
    for (i = lo; i <= hi; i++) {
        e = (double)n * p[i];
        o = (double)obs[i];
        if (i == lo) {
            e += eo_lo;
            o += oo_lo;
        }
        if (i == hi) {
            e += eo_hi;
            o += oo_hi;
        }
        stat += (o - e) * (o - e) / e;
    }
    df = hi - lo;
    if (df < 1) {
        print_message("%s: one bin only, chi-square skipped\n", what);
        return 1;
    }
    crit = chi2_crit(df);
    print_message("%-28s chi2 %9.2f  df %4d  crit(0.001) %9.2f\n", what, stat, df, crit);
    return stat < crit;
}

/* Theory table for a symmetric integer distribution on [-r, r] (mass outside < 1e-15). */
struct dist {
    int r;
    double *p; /* p[x + r] */
    double var;
    double mu4;
};

static void
dist_finish(struct dist *t)
{
    double s = 0.0;
    double v = 0.0;
    double m4 = 0.0;
    double x2;
    int x;

    for (x = -t->r; x <= t->r; x++) {
        s += t->p[x + t->r];
    }
    for (x = -t->r; x <= t->r; x++) {
        t->p[x + t->r] /= s;
        x2 = (double)x * x;
        v += x2 * t->p[x + t->r];
        m4 += x2 * x2 * t->p[x + t->r];
    }
    t->var = v;
    t->mu4 = m4;
}

/* Discrete Laplace, scale tau: P(x) = (1-q)/(1+q) q^|x|, q = exp(-1/tau). */
static void
dist_laplace(struct dist *t, double tau)
{
    int x;

    t->r = (int)ceil(40.0 * tau) + 2;
    assert_true(t->r <= MAXR);
    t->p = calloc((size_t)(2 * t->r + 1), sizeof(double));
    assert_non_null(t->p);
    for (x = -t->r; x <= t->r; x++) {
        t->p[x + t->r] = exp(-fabs((double)x) / tau);
    }
    dist_finish(t);
}

/* Discrete Gaussian: P(x) proportional to exp(-x^2 / (2 s2)). */
static void
dist_gauss(struct dist *t, double s2)
{
    int x;

    t->r = (int)ceil(sqrt(80.0 * s2)) + 2;
    assert_true(t->r <= MAXR);
    t->p = calloc((size_t)(2 * t->r + 1), sizeof(double));
    assert_non_null(t->p);
    for (x = -t->r; x <= t->r; x++) {
        t->p[x + t->r] = exp(-(double)x * x / (2.0 * s2));
    }
    dist_finish(t);
}

/*
 * Draws NDRAWS samples from fn(num/den) under its own context and checks mean,
 * variance, P(X = 0) against theory (5 standard errors each) and the chi-square fit.
 */
static void
check_dist(sample_fn fn, uint64_t num, uint64_t den, const struct dist *t, const char *what)
{
    struct odp_err err = {0};
    struct odp_drbg *d = mk_named(what);
    long *obs = calloc((size_t)(2 * t->r + 1), sizeof(long));
    long outside = 0;
    long zeros = 0;
    double sum = 0.0;
    double sum2 = 0.0;
    double mean;
    double m2;
    double p0 = t->p[t->r];
    int64_t x;
    long i;
    int rc;

    assert_non_null(obs);
    for (i = 0; i < NDRAWS; i++) {
        rc = fn(d, num, den, &x, &err);
        assert_int_equal(rc, ODP_OK);
        sum += (double)x;
        sum2 += (double)x * (double)x;
        if (x == 0) {
            zeros++;
        }
        if (x < -t->r || x > t->r) {
            outside++;
        } else {
            obs[x + t->r]++;
        }
    }
    mean = sum / NDRAWS;
    m2 = sum2 / NDRAWS; /* the true mean is 0 */
    print_message("%-28s mean %+.4f (se %.4f)  var %.4f vs %.4f (se %.4f)  p0 %.4f vs %.4f\n", what,
                  mean, sqrt(t->var / NDRAWS), m2, t->var,
                  sqrt((t->mu4 - t->var * t->var) / NDRAWS), (double)zeros / NDRAWS, p0);
    assert_true(fabs(mean) <= Z_SE * sqrt(t->var / NDRAWS));
    assert_true(fabs(m2 - t->var) <= Z_SE * sqrt((t->mu4 - t->var * t->var) / NDRAWS));
    assert_true(fabs((double)zeros / NDRAWS - p0) <= Z_SE * sqrt(p0 * (1.0 - p0) / NDRAWS));
    assert_int_equal(outside, 0); /* mass outside the table is below 1e-15 */
    assert_true(chi2_pass(obs, t->p, 2 * t->r + 1, NDRAWS, what));
    free(obs);
    odp_drbg_free(d);
}

/* ---- DRBG --------------------------------------------------------------------------- */

static void
test_drbg_kat(void **state)
{
    /* computed independently with Python's hmac module from the construction in dp.h */
    static const char *want = "5762f993b2a42dccb4391c21e4731b9c0d8e6b483fa5d067ae5b41b3dc7e72e2"
                              "b170be550e1c516b0369aa12d12f139fca5bde5ef80bee81f14918b3a7e971ec";
    static const char *want_empty =
        "4b6477f92847c6e31c97c90221a5f0a88efabff4173e63d9d654d4b36f434cf0";
    struct odp_drbg *d = mk(key0, ctx0, CTX0_LEN);
    uint8_t out[64];
    char hex[129];
    int i;

    (void)state;
    assert_int_equal(odp_drbg_bytes(d, out, sizeof(out), NULL), ODP_OK);
    for (i = 0; i < 64; i++) {
        snprintf(hex + 2 * i, 3, "%02x", out[i]);
    }
    assert_string_equal(hex, want);
    odp_drbg_free(d);

    d = mk(key0, NULL, 0);
    assert_int_equal(odp_drbg_bytes(d, out, 32, NULL), ODP_OK);
    for (i = 0; i < 32; i++) {
        snprintf(hex + 2 * i, 3, "%02x", out[i]);
    }
    assert_string_equal(hex, want_empty);
    odp_drbg_free(d);
}

static void
test_drbg_same_and_different(void **state)
{
    uint8_t key1[32];
    uint8_t a[200];
    uint8_t b[200];
    uint8_t c[200];
    static const size_t chunks[] = {1, 7, 32, 0, 60, 100};
    struct odp_drbg *d;
    size_t off = 0;
    size_t i;

    (void)state;
    memcpy(key1, key0, sizeof(key1));
    key1[31] ^= 1;
    d = mk(key0, ctx0, CTX0_LEN);
    assert_int_equal(odp_drbg_bytes(d, a, sizeof(a), NULL), ODP_OK);
    odp_drbg_free(d);

    /* same key + ctx, read in odd chunks: same bytes */
    d = mk(key0, ctx0, CTX0_LEN);
    for (i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
        assert_int_equal(odp_drbg_bytes(d, b + off, chunks[i], NULL), ODP_OK);
        off += chunks[i];
    }
    assert_int_equal(off, sizeof(b));
    assert_memory_equal(a, b, sizeof(a));
    odp_drbg_free(d);

    /* other key, other ctx, a ctx that only differs in length: other bytes */
    d = mk(key1, ctx0, CTX0_LEN);
    assert_int_equal(odp_drbg_bytes(d, c, sizeof(c), NULL), ODP_OK);
    assert_memory_not_equal(a, c, sizeof(a));
    odp_drbg_free(d);
    d = mk(key0, "demo/r1/a=2", 11);
    assert_int_equal(odp_drbg_bytes(d, c, sizeof(c), NULL), ODP_OK);
    assert_memory_not_equal(a, c, sizeof(a));
    odp_drbg_free(d);
    d = mk(key0, ctx0, CTX0_LEN - 1);
    assert_int_equal(odp_drbg_bytes(d, c, sizeof(c), NULL), ODP_OK);
    assert_memory_not_equal(a, c, sizeof(a));
    odp_drbg_free(d);
}

/* Bits are read most significant first: uniform(2^k) replays the byte stream. */
static void
test_drbg_bit_order(void **state)
{
    struct odp_drbg *d = mk_named("bits");
    struct odp_drbg *e = mk_named("bits");
    uint8_t bytes[48];
    uint64_t u;
    int i;

    (void)state;
    assert_int_equal(odp_drbg_bytes(d, bytes, sizeof(bytes), NULL), ODP_OK);
    for (i = 0; i < 16; i++) {
        assert_int_equal(odp_drbg_uniform(e, 256, &u, NULL), ODP_OK);
        assert_int_equal(u, bytes[i]);
    }
    for (i = 16; i < 32; i += 2) {
        assert_int_equal(odp_drbg_uniform(e, 65536, &u, NULL), ODP_OK);
        assert_int_equal(u, ((uint64_t)bytes[i] << 8) | bytes[i + 1]);
    }
    /* n = 1 reads nothing */
    assert_int_equal(odp_drbg_uniform(e, 1, &u, NULL), ODP_OK);
    assert_int_equal(u, 0);
    /* n = 2^64 - 1: 64 bits, rejected only if they are all ones (p = 2^-64) */
    assert_int_equal(odp_drbg_uniform(e, UINT64_MAX, &u, NULL), ODP_OK);
    assert_true(u ==
                ((uint64_t)bytes[32] << 56 | (uint64_t)bytes[33] << 48 | (uint64_t)bytes[34] << 40 |
                 (uint64_t)bytes[35] << 32 | (uint64_t)bytes[36] << 24 | (uint64_t)bytes[37] << 16 |
                 (uint64_t)bytes[38] << 8 | bytes[39]));
    odp_drbg_free(d);
    odp_drbg_free(e);
}

static void
uniform_chi2(uint64_t n, const char *what)
{
    struct odp_drbg *d = mk_named(what);
    long *obs = calloc(n, sizeof(long));
    double *p = calloc(n, sizeof(double));
    uint64_t u;
    uint64_t i;

    assert_non_null(obs);
    assert_non_null(p);
    for (i = 0; i < n; i++) {
        p[i] = 1.0 / (double)n;
    }
    for (i = 0; i < NDRAWS; i++) {
        assert_int_equal(odp_drbg_uniform(d, n, &u, NULL), ODP_OK);
        assert_true(u < n);
        obs[u]++;
    }
    assert_true(chi2_pass(obs, p, (int)n, NDRAWS, what));
    free(obs);
    free(p);
    odp_drbg_free(d);
}

static void
test_drbg_uniform(void **state)
{
    struct odp_drbg *d = mk_named("uniform range");
    uint64_t u;
    uint64_t top = (UINT64_C(1) << 63) + 1; /* worst case: half the draws rejected */
    long high = 0;
    int i;

    (void)state;
    uniform_chi2(7, "uniform n=7");
    uniform_chi2(1000, "uniform n=1000");
    for (i = 0; i < 10000; i++) {
        assert_int_equal(odp_drbg_uniform(d, top, &u, NULL), ODP_OK);
        assert_true(u < top);
        high += (long)(u >> 63);
    }
    /* P(u >= 2^63) = 1/top: practically never */
    assert_true(high <= 1);
    odp_drbg_free(d);
}

/* ---- Bernoulli(exp(-x)) ----------------------------------------------------------- */

static void
test_bernoulli_exp(void **state)
{
    static const struct {
        uint64_t num, den;
    } cases[] = {{0, 1}, {1, 10}, {1, 2},
                 {1, 1}, {3, 2},  {2, 1},
                 {7, 3}, {5, 1},  {UINT64_MAX, UINT64_C(1) << 63}};
    struct odp_drbg *d = mk_named("bernoulli");
    double x;
    double p;
    long ones;
    long i;
    size_t c;
    int b;

    (void)state;
    for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        x = (double)cases[c].num / (double)cases[c].den;
        p = exp(-x);
        ones = 0;
        for (i = 0; i < NDRAWS; i++) {
            assert_int_equal(odp_dp_bernoulli_exp(d, cases[c].num, cases[c].den, &b, NULL), ODP_OK);
            assert_true(b == 0 || b == 1);
            ones += b;
        }
        print_message("bernoulli exp(-%.4f)           freq %.5f vs %.5f\n", x,
                      (double)ones / NDRAWS, p);
        if (cases[c].num == 0) {
            assert_int_equal(ones, NDRAWS);
        } else {
            assert_true(fabs((double)ones / NDRAWS - p) <= Z_SE * sqrt(p * (1 - p) / NDRAWS));
        }
    }
    /* exp(-40) ~ 4e-18: never in 1000 draws */
    for (i = 0; i < 1000; i++) {
        assert_int_equal(odp_dp_bernoulli_exp(d, 40, 1, &b, NULL), ODP_OK);
        assert_int_equal(b, 0);
    }
    odp_drbg_free(d);
}

/* The 128-bit and BIGNUM paths read the same bits and answer the same. */
static void
test_bexp_paths_agree(void **state)
{
    struct odp_drbg *params = mk_named("bexp params");
    struct odp_drbg *a;
    struct odp_drbg *b;
    struct odp_err err = {0};
    odp_u128 num;
    odp_u128 den;
    uint64_t w[4];
    uint64_t shift;
    uint8_t ra[16];
    uint8_t rb[16];
    int oa;
    int ob;
    int i;
    int j;
    long ones = 0;

    (void)state;
    for (i = 0; i < 3000; i++) {
        for (j = 0; j < 4; j++) {
            assert_int_equal(odp_drbg_uniform(params, UINT64_MAX, &w[j], NULL), ODP_OK);
        }
        /* random sizes from 1 to 128 bits; den >= 1 */
        assert_int_equal(odp_drbg_uniform(params, 128, &shift, NULL), ODP_OK);
        num = ((odp_u128)w[0] << 64 | w[1]) >> shift;
        assert_int_equal(odp_drbg_uniform(params, 128, &shift, NULL), ODP_OK);
        den = ((odp_u128)w[2] << 64 | w[3]) >> shift;
        if (den == 0) {
            den = 1;
        }
        if (i % 3 == 0 && den > 4) {
            num = den / 3 + (num & 7); /* gamma near 1/3: exercise the fraction loop */
        }
        a = mk_named("bexp stream");
        b = mk_named("bexp stream");
        assert_int_equal(odp_dp_bexp128(a, num, den, &oa, &err), ODP_OK);
        assert_int_equal(odp_dp_bexp128_bn(b, num, den, &ob, &err), ODP_OK);
        assert_int_equal(oa, ob);
        ones += oa;
        /* same number of bits read: the streams continue identically */
        assert_int_equal(odp_drbg_bytes(a, ra, sizeof(ra), NULL), ODP_OK);
        assert_int_equal(odp_drbg_bytes(b, rb, sizeof(rb), NULL), ODP_OK);
        assert_memory_equal(ra, rb, sizeof(ra));
        odp_drbg_free(a);
        odp_drbg_free(b);
    }
    assert_true(ones > 0 && ones < 3000);
    odp_drbg_free(params);
}

/* ---- samplers ------------------------------------------------------------------- */

static void
test_laplace_stats(void **state)
{
    static const struct {
        uint64_t num, den;
        const char *name;
    } cases[] = {{1, 2, "laplace t=1/2"}, {1, 1, "laplace t=1"},   {2, 3, "laplace t=2/3"},
                 {3, 1, "laplace t=3"},   {10, 1, "laplace t=10"}, {100, 1, "laplace t=100"}};
    struct dist t;
    double v;
    size_t c;

    (void)state;
    for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        dist_laplace(&t, (double)cases[c].num / (double)cases[c].den);
        /* the library's closed forms agree with the summed table */
        assert_int_equal(odp_dp_laplace_variance(cases[c].num, cases[c].den, &v, NULL), ODP_OK);
        assert_true(fabs(v - t.var) <= 1e-9 * t.var);
        check_dist(odp_dp_discrete_laplace, cases[c].num, cases[c].den, &t, cases[c].name);
        free(t.p);
    }
}

static void
test_gaussian_stats(void **state)
{
    static const struct {
        uint64_t num, den;
        const char *name;
    } cases[] = {{1, 4, "gaussian s2=1/4"},
                 {1, 1, "gaussian s2=1"},
                 {5, 2, "gaussian s2=5/2"},
                 {10, 1, "gaussian s2=10"},
                 {100, 1, "gaussian s2=100"},
                 /* a, b ~ 2^64: every acceptance test takes the BIGNUM path */
                 {UINT64_MAX, UINT64_MAX - 2, "gaussian s2~1 (bignum)"}};
    struct dist t;
    double v;
    size_t c;

    (void)state;
    for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        dist_gauss(&t, (double)cases[c].num / (double)cases[c].den);
        assert_int_equal(odp_dp_gaussian_variance(cases[c].num, cases[c].den, &v, NULL), ODP_OK);
        assert_true(fabs(v - t.var) <= 1e-9 * t.var);
        assert_true(v <= (double)cases[c].num / (double)cases[c].den);
        check_dist(odp_dp_discrete_gaussian, cases[c].num, cases[c].den, &t, cases[c].name);
        free(t.p);
    }
}

/* Huge scales stay exact integers and do not overflow. */
static void
test_large_scales(void **state)
{
    struct odp_drbg *d = mk_named("large");
    double sum2 = 0.0;
    double tau = 1099511627776.0; /* 2^40 */
    int64_t x;
    int i;

    (void)state;
    for (i = 0; i < 2000; i++) {
        assert_int_equal(odp_dp_discrete_laplace(d, UINT64_C(1) << 40, 1, &x, NULL), ODP_OK);
        assert_true(fabs((double)x) < 60.0 * tau);
        sum2 += (double)x * (double)x;
    }
    /* E[x^2] ~ 2 tau^2; 2000 draws: within 30 % */
    assert_true(fabs(sum2 / 2000 / (2 * tau * tau) - 1.0) < 0.3);
    sum2 = 0.0;
    for (i = 0; i < 2000; i++) {
        assert_int_equal(odp_dp_discrete_gaussian(d, ODP_DP_MAX_GAUSS_SIGMA2, 1, &x, NULL), ODP_OK);
        sum2 += (double)x * (double)x;
    }
    assert_true(fabs(sum2 / 2000 / (double)ODP_DP_MAX_GAUSS_SIGMA2 - 1.0) < 0.15);
    /* tiny scales: almost always 0, never fails */
    for (i = 0; i < 2000; i++) {
        assert_int_equal(odp_dp_discrete_laplace(d, 1, UINT64_MAX, &x, NULL), ODP_OK);
        assert_int_equal(x, 0);
        assert_int_equal(odp_dp_discrete_gaussian(d, 1, UINT64_MAX, &x, NULL), ODP_OK);
        assert_int_equal(x, 0);
    }
    odp_drbg_free(d);
}

/* ---- determinism ------------------------------------------------------------------ */

static void
draw_mixed(struct odp_drbg *d, int64_t *out, int n)
{
    uint64_t u;
    int b;
    int i;

    for (i = 0; i < n; i++) {
        switch (i % 4) {
        case 0:
            assert_int_equal(odp_dp_discrete_laplace(d, 3, 1, &out[i], NULL), ODP_OK);
            break;
        case 1:
            assert_int_equal(odp_dp_discrete_gaussian(d, 10, 1, &out[i], NULL), ODP_OK);
            break;
        case 2:
            assert_int_equal(odp_dp_bernoulli_exp(d, 1, 2, &b, NULL), ODP_OK);
            out[i] = b;
            break;
        default:
            assert_int_equal(odp_drbg_uniform(d, 1000, &u, NULL), ODP_OK);
            out[i] = (int64_t)u;
            break;
        }
    }
}

static void
test_determinism(void **state)
{
    /* pinned: a change here changes every published release; bump "odpub-dp-v1" */
    static const int64_t want_lap[12] = {-4, -3, 0, 1, -7, -2, -2, 0, 0, -8, 1, 2};
    static const int64_t want_gauss[12] = {-1, 0, -3, -4, 1, 3, -2, 3, 7, -4, -3, 4};
    uint8_t key1[32];
    int64_t a[400];
    int64_t b[400];
    struct odp_drbg *d;
    int i;

    (void)state;
    d = mk(key0, ctx0, CTX0_LEN);
    draw_mixed(d, a, 400);
    odp_drbg_free(d);
    d = mk(key0, ctx0, CTX0_LEN);
    draw_mixed(d, b, 400);
    odp_drbg_free(d);
    assert_memory_equal(a, b, sizeof(a));

    memcpy(key1, key0, sizeof(key1));
    key1[0] ^= 0x80;
    d = mk(key1, ctx0, CTX0_LEN);
    draw_mixed(d, b, 400);
    odp_drbg_free(d);
    assert_memory_not_equal(a, b, sizeof(a));

    d = mk(key0, ctx0, CTX0_LEN);
    for (i = 0; i < 12; i++) {
        assert_int_equal(odp_dp_discrete_laplace(d, 3, 1, &a[i], NULL), ODP_OK);
    }
    for (i = 0; i < 12; i++) {
        assert_int_equal(odp_dp_discrete_gaussian(d, 10, 1, &b[i], NULL), ODP_OK);
    }
    print_message("laplace t=3:");
    for (i = 0; i < 12; i++) {
        print_message(" %lld", (long long)a[i]);
    }
    print_message("\ngauss s2=10:");
    for (i = 0; i < 12; i++) {
        print_message(" %lld", (long long)b[i]);
    }
    print_message("\n");
    assert_memory_equal(a, want_lap, sizeof(want_lap));
    assert_memory_equal(b, want_gauss, sizeof(want_gauss));
    odp_drbg_free(d);

    /* equal rationals in other terms read the stream the same way */
    d = mk(key0, ctx0, CTX0_LEN);
    for (i = 0; i < 12; i++) {
        assert_int_equal(odp_dp_discrete_laplace(d, 9, 3, &a[i], NULL), ODP_OK);
    }
    odp_drbg_free(d);
    assert_memory_equal(a, want_lap, sizeof(want_lap));
}

/*
 * A long mixed run against ref_dp.py, an independent re-implementation with Python's
 * unbounded integers and a plain bit string: covers the fraction loops, the BIGNUM
 * path, huge scales and 2^60 variances.
 */
static void
test_reference_long_run(void **state)
{
    struct odp_drbg *d = mk_named("long run");
    uint64_t h = 0;
    int64_t x;
    int b;
    int i;

    (void)state;
    for (i = 0; i < 2700; i++) {
        if (i < 1000) {
            assert_int_equal(odp_dp_discrete_laplace(d, 2, 3, &x, NULL), ODP_OK);
        } else if (i < 2000) {
            assert_int_equal(odp_dp_discrete_gaussian(d, 5, 2, &x, NULL), ODP_OK);
        } else if (i < 2200) {
            assert_int_equal(odp_dp_discrete_laplace(d, UINT64_C(1) << 40, 7, &x, NULL), ODP_OK);
        } else if (i < 2500) {
            assert_int_equal(odp_dp_discrete_gaussian(d, UINT64_MAX, UINT64_MAX - 2, &x, NULL),
                             ODP_OK);
        } else if (i < 2600) {
            assert_int_equal(odp_dp_discrete_gaussian(d, UINT64_C(1) << 60, 3, &x, NULL), ODP_OK);
        } else {
            assert_int_equal(odp_dp_bernoulli_exp(d, 7, 3, &b, NULL), ODP_OK);
            x = b;
        }
        h = h * 1000003 + (uint64_t)x;
    }
    /* printed by `python3 ref_dp.py` */
    assert_true(h == UINT64_C(0x37284f40b1590a01));
    odp_drbg_free(d);
}

/* ---- parsing ------------------------------------------------------------------------- */

static void
test_parse_rational(void **state)
{
    static const struct {
        const char *s;
        uint64_t num, den;
    } good[] = {
        {"0.5", 1, 2},
        {"2", 2, 1},
        {"1e-6", 1, 1000000},
        {"0.1", 1, 10},
        {"2.50", 5, 2},
        {"2.50E+1", 25, 1},
        {"0", 0, 1},
        {"0.000", 0, 1},
        {"007", 7, 1},
        {"1.25e2", 125, 1},
        {"2/3", 2, 3},
        {"6/4", 3, 2},
        {"0/5", 0, 1},
        {"1e-19", 1, UINT64_C(10000000000000000000)},
        {"18446744073709551615", UINT64_MAX, 1},
        {"0.333333333333333333", UINT64_C(333333333333333333), UINT64_C(1000000000000000000)},
        {"1.8446744073709551615e19", UINT64_MAX, 1},
        {"88817841970012523233890533447265625e-50", 1, UINT64_C(1) << 50},
        {"100000000000000000000e-20", 1, 1}};
    static const struct {
        const char *s;
        int code;
    } bad[] = {{"", ODP_ESYNTAX},
               {"-1", ODP_ESYNTAX},
               {"+1", ODP_ESYNTAX},
               {".5", ODP_ESYNTAX},
               {"5.", ODP_ESYNTAX},
               {"1e", ODP_ESYNTAX},
               {"1e+", ODP_ESYNTAX},
               {" 1", ODP_ESYNTAX},
               {"1 ", ODP_ESYNTAX},
               {"abc", ODP_ESYNTAX},
               {"1..2", ODP_ESYNTAX},
               {"1/", ODP_ESYNTAX},
               {"1/2/3", ODP_ESYNTAX},
               {"1.5/2", ODP_ESYNTAX},
               {"0x10", ODP_ESYNTAX},
               {"inf", ODP_ESYNTAX},
               {"1/0", ODP_EINVAL},
               {"1e-20", ODP_ELIMIT},
               {"18446744073709551616", ODP_ELIMIT},
               {"1e20", ODP_ELIMIT},
               {"1e1000", ODP_ELIMIT},
               {"3/18446744073709551617", ODP_ELIMIT},
               {"123456789012345678901234567890123456789", ODP_ELIMIT}};
    struct odp_err err;
    uint64_t num;
    uint64_t den;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        odp_err_clear(&err);
        assert_int_equal(odp_rational_parse(good[i].s, strlen(good[i].s), &num, &den, &err),
                         ODP_OK);
        if (num != good[i].num || den != good[i].den) {
            fail_msg("'%s' gave %llu/%llu", good[i].s, (unsigned long long)num,
                     (unsigned long long)den);
        }
    }
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        odp_err_clear(&err);
        if (odp_rational_parse(bad[i].s, strlen(bad[i].s), &num, &den, &err) != bad[i].code) {
            fail_msg("'%s' gave %d (%s)", bad[i].s, err.code, err.msg);
        }
        assert_int_equal(err.code, bad[i].code);
        assert_true(err.msg[0] != '\0');
    }
    /* length-bounded: a NUL or anything after n is not read */
    assert_int_equal(odp_rational_parse("0.5xyz", 3, &num, &den, NULL), ODP_OK);
    assert_true(num == 1 && den == 2);
    assert_int_equal(odp_rational_parse("1\0"
                                           "2",
                                           3, &num, &den, NULL),
                     ODP_ESYNTAX);
    /* the column of a syntax error */
    odp_err_clear(&err);
    assert_int_equal(odp_rational_parse("12x", 3, &num, &den, &err), ODP_ESYNTAX);
    assert_int_equal(err.col, 3);
    assert_int_equal(odp_rational_parse(NULL, 0, &num, &den, NULL), ODP_EINVAL);
}

/* ---- errors ------------------------------------------------------------------------- */

static void
test_errors(void **state)
{
    struct odp_drbg *d = mk_named("errors");
    struct odp_err err;
    uint64_t u;
    uint64_t n1;
    uint64_t n2;
    int64_t x;
    double v;
    int b;

    (void)state;
    /* constructor */
    odp_err_clear(&err);
    assert_null(odp_drbg_new(key0, 15, "c", 1, &err));
    assert_int_equal(err.code, ODP_EKEY);
    odp_err_clear(&err);
    assert_null(odp_drbg_new(NULL, 32, "c", 1, &err));
    assert_int_equal(err.code, ODP_EINVAL);
    odp_err_clear(&err);
    assert_null(odp_drbg_new(key0, 32, NULL, 1, &err));
    assert_int_equal(err.code, ODP_EINVAL);
    odp_err_clear(&err);
    assert_null(odp_drbg_new(key0, 32, key0, (size_t)ODP_DRBG_MAX_CTX + 1, &err));
    assert_int_equal(err.code, ODP_ELIMIT);
    assert_null(odp_drbg_new(key0, 0, NULL, 0, NULL)); /* NULL err allowed */
    odp_drbg_free(NULL);

    /* zero scales: EINVAL, also with a NULL err */
    assert_int_equal(odp_dp_discrete_laplace(d, 0, 1, &x, NULL), ODP_EINVAL);
    assert_int_equal(odp_dp_discrete_laplace(d, 1, 0, &x, NULL), ODP_EINVAL);
    assert_int_equal(odp_dp_discrete_gaussian(d, 0, 1, &x, NULL), ODP_EINVAL);
    assert_int_equal(odp_dp_discrete_gaussian(d, 1, 0, &x, NULL), ODP_EINVAL);
    assert_int_equal(odp_dp_bernoulli_exp(d, 1, 0, &b, NULL), ODP_EINVAL);
    assert_int_equal(odp_drbg_uniform(d, 0, &u, NULL), ODP_EINVAL);
    assert_int_equal(odp_drbg_uniform(NULL, 5, &u, NULL), ODP_EINVAL);
    assert_int_equal(odp_drbg_bytes(d, NULL, 1, NULL), ODP_EINVAL);
    assert_int_equal(odp_drbg_bytes(d, NULL, 0, NULL), ODP_OK);
    assert_int_equal(odp_dp_discrete_laplace(NULL, 1, 1, &x, NULL), ODP_EINVAL);
    assert_int_equal(odp_dp_discrete_gaussian(d, 1, 1, NULL, NULL), ODP_EINVAL);

    /* over the caps: ELIMIT */
    odp_err_clear(&err);
    assert_int_equal(odp_dp_discrete_laplace(d, (UINT64_C(1) << 48) + 1, 1, &x, &err), ODP_ELIMIT);
    assert_int_equal(err.code, ODP_ELIMIT);
    assert_string_equal(err.msg, "laplace: scale exceeds 2^48");
    assert_int_equal(odp_dp_discrete_laplace(d, UINT64_C(1) << 48, 1, &x, NULL), ODP_OK);
    assert_int_equal(odp_dp_discrete_gaussian(d, UINT64_MAX, 1, &x, NULL), ODP_ELIMIT);
    assert_int_equal(odp_dp_discrete_gaussian(d, (UINT64_C(1) << 60) + 1, 1, &x, NULL), ODP_ELIMIT);
    assert_int_equal(odp_dp_laplace_variance(UINT64_MAX, 1, &v, NULL), ODP_ELIMIT);
    assert_int_equal(odp_dp_gaussian_margin(UINT64_MAX, 1, 0.95, &u, NULL), ODP_ELIMIT);

    /* first error wins */
    odp_err_clear(&err);
    assert_int_equal(odp_dp_discrete_laplace(d, 0, 1, &x, &err), ODP_EINVAL);
    assert_int_equal(odp_dp_discrete_gaussian(d, UINT64_MAX, 1, &x, &err), ODP_ELIMIT);
    assert_int_equal(err.code, ODP_EINVAL);
    assert_string_equal(err.msg, "laplace: scale must be a positive rational");

    /* calibration */
    assert_int_equal(odp_dp_laplace_scale(0, 1, 1, &n1, &n2, NULL), ODP_EINVAL);
    assert_int_equal(odp_dp_laplace_scale(1, 1, 0, &n1, &n2, NULL), ODP_EINVAL);
    assert_int_equal(odp_dp_laplace_scale(1, UINT64_MAX, 1, &n1, &n2, NULL), ODP_ELIMIT);
    assert_int_equal(odp_dp_gaussian_sigma2(1, 1, 1, 1, 1, &n1, &n2, NULL), ODP_EINVAL);
    assert_int_equal(odp_dp_gaussian_sigma2(1, 1, 0, 1, 1, &n1, &n2, NULL), ODP_EINVAL);
    assert_int_equal(odp_dp_gaussian_sigma2(1, UINT64_MAX, 1, 2, 1, &n1, &n2, NULL), ODP_ELIMIT);
    assert_int_equal(odp_dp_laplace_margin(1, 1, 1.0, &u, NULL), ODP_EINVAL);
    assert_int_equal(odp_dp_gaussian_margin(1, 1, 0.0, &u, NULL), ODP_EINVAL);
    assert_int_equal(odp_dp_gaussian_margin(1, 1, NAN, &u, NULL), ODP_EINVAL);
    assert_int_equal(odp_dp_gaussian_pmf(1, 1, 0, NULL, NULL), ODP_EINVAL);
    odp_drbg_free(d);
}

/* Every allocation in odp_drbg_new and the BIGNUM path may fail: clean NULL/error, no leak. */
static void
test_alloc_failures(void **state)
{
    struct odp_drbg *d = NULL;
    struct odp_drbg *g = mk_named("alloc");
    struct odp_err err;
    int64_t x;
    uint8_t buf[1000];
    uint64_t u;
    long fail;
    long failures = 0;
    long bn_failures = 0;
    int rc = ODP_OK;

    (void)state;
    for (fail = 1; fail < 1000; fail++) {
        odp_err_clear(&err);
        alloc_count = 0;
        alloc_fail_at = fail;
        d = odp_drbg_new(key0, 32, ctx0, CTX0_LEN, &err);
        alloc_fail_at = 0;
        if (d != NULL && alloc_count < fail) {
            break; /* the failure point was never reached: swept them all */
        }
        if (d == NULL) {
            /* OpenSSL reports some allocation failures as generic errors */
            assert_true(err.code == ODP_ENOMEM || err.code == ODP_EINTERNAL);
            assert_true(err.msg[0] != '\0');
            failures++;
        }
        odp_drbg_free(d);
        d = NULL;
    }
    assert_non_null(d); /* the run that never hit its failure point */
    assert_true(failures >= 2);
    odp_drbg_free(d);
    odp_drbg_free(g);
    /* the BIGNUM path of the Gaussian (a, b ~ 2^64), on a fresh generator each time */
    for (fail = 1; fail < 1000; fail++) {
        odp_err_clear(&err);
        g = mk_named("alloc");
        alloc_count = 0;
        alloc_fail_at = fail;
        rc = odp_dp_discrete_gaussian(g, UINT64_MAX, UINT64_MAX - 2, &x, &err);
        alloc_fail_at = 0;
        if (rc != ODP_OK) {
            assert_true(err.code == ODP_ENOMEM || err.code == ODP_EINTERNAL);
            /* sticky: the proposal's bits are gone */
            assert_int_equal(odp_dp_discrete_gaussian(g, 1, 1, &x, NULL), rc);
            bn_failures++;
        }
        odp_drbg_free(g);
        if (rc == ODP_OK && alloc_count < fail) {
            break;
        }
    }
    assert_true(bn_failures >= 2);

    /* a failed block is sticky: no later call may hand out a shifted stream */
    g = mk_named("alloc sticky");
    for (fail = 1; fail < 1000; fail++) {
        alloc_count = 0;
        alloc_fail_at = fail;
        rc = odp_drbg_bytes(g, buf, sizeof(buf), NULL);
        alloc_fail_at = 0;
        if (rc != ODP_OK) {
            break;
        }
    }
    assert_true(rc < 0);
    odp_err_clear(&err);
    assert_int_equal(odp_drbg_bytes(g, buf, 1, &err), rc);
    assert_int_equal(err.code, rc);
    assert_int_equal(odp_dp_discrete_laplace(g, 3, 1, &x, NULL), rc);
    assert_int_equal(odp_drbg_uniform(g, 2, &u, NULL), rc); /* even from read-ahead bits */
    odp_drbg_free(g);
    ERR_clear_error();
}

/* ---- calibration and reporting ------------------------------------------------------ */

static void
test_calibration(void **state)
{
    static const struct {
        uint64_t en, ed, dn, dd, s2;
    } gc[] = {{1, 1, 1, 1000000, 1}, {1, 2, 1, 100000, 4},          {1, 10, 1, 1000000000, 1},
              {3, 1, 1, 100, 9},     {1, 1000, 1, 1000000000, 100}, {20, 1, 1, 1000, 1}};
    uint64_t n1;
    uint64_t n2;
    double eps;
    double l;
    double sr;
    double want;
    double got;
    double rho;
    size_t i;

    (void)state;
    assert_int_equal(odp_dp_laplace_scale(1, 2, 3, &n1, &n2, NULL), ODP_OK);
    assert_true(n1 == 6 && n2 == 1);
    assert_int_equal(odp_dp_laplace_scale(3, 10, 2, &n1, &n2, NULL), ODP_OK);
    assert_true(n1 == 20 && n2 == 3);
    for (i = 0; i < sizeof(gc) / sizeof(gc[0]); i++) {
        assert_int_equal(odp_dp_gaussian_sigma2(gc[i].en, gc[i].ed, gc[i].dn, gc[i].dd, gc[i].s2,
                                                &n1, &n2, NULL),
                         ODP_OK);
        eps = (double)gc[i].en / (double)gc[i].ed;
        l = log((double)gc[i].dd / (double)gc[i].dn);
        sr = sqrt(l + eps) - sqrt(l);
        want = (double)gc[i].s2 / (2.0 * sr * sr);
        got = (double)n1 / (double)n2;
        rho = (double)gc[i].s2 / (2.0 * got);
        print_message("sigma2(eps=%g, delta=%g, D2^2=%llu) = %llu/%llu = %.6f (%.6f)\n", eps,
                      (double)gc[i].dn / (double)gc[i].dd, (unsigned long long)gc[i].s2,
                      (unsigned long long)n1, (unsigned long long)n2, got, want);
        assert_true(got >= want * (1.0 + 0.9e-9));        /* conservative */
        assert_true(got <= want * (1.0 + 1e-8));          /* but not wasteful */
        assert_true(rho + 2.0 * sqrt(rho * l) <= eps);    /* the promise, rechecked */
        assert_true(n1 < (UINT64_C(1) << 53) || n2 == 1); /* stays on the 128-bit path */
    }
    /* eps = 1, delta = 1e-6, single count: sigma^2 = 28.6...; (Bun-Steinke conversion) */
    assert_int_equal(odp_dp_gaussian_sigma2(1, 1, 1, 1000000, 1, &n1, &n2, NULL), ODP_OK);
    assert_true(fabs((double)n1 / (double)n2 - 28.616) < 0.01);
}

/* P(|X| <= m) from a theory table. */
static double
table_cdf(const struct dist *t, uint64_t m)
{
    double s = 0.0;
    int x;

    for (x = -t->r; x <= t->r; x++) {
        if ((uint64_t)(x < 0 ? -x : x) <= m) {
            s += t->p[x + t->r];
        }
    }
    return s;
}

static void
test_margins(void **state)
{
    static const uint64_t lap[][2] = {{1, 2}, {1, 1}, {2, 3}, {3, 1}, {10, 1}, {100, 1}};
    static const uint64_t gau[][2] = {{1, 4}, {1, 1}, {5, 2}, {10, 1}, {100, 1}, {10000, 1}};
    static const double levels[] = {0.5, 0.9, 0.95, 0.99};
    struct dist t;
    uint64_t m;
    double p;
    size_t i;
    size_t j;
    long double z;
    long double v1;
    long double v2;
    long double t1;
    long double t2;
    long double s2;

    (void)state;
    for (i = 0; i < sizeof(lap) / sizeof(lap[0]); i++) {
        dist_laplace(&t, (double)lap[i][0] / (double)lap[i][1]);
        for (j = 0; j < sizeof(levels) / sizeof(levels[0]); j++) {
            assert_int_equal(odp_dp_laplace_margin(lap[i][0], lap[i][1], levels[j], &m, NULL),
                             ODP_OK);
            assert_true(table_cdf(&t, m) >= levels[j] - 1e-12);
            assert_true(m == 0 || table_cdf(&t, m - 1) < levels[j] + 1e-12);
        }
        assert_int_equal(odp_dp_laplace_pmf(lap[i][0], lap[i][1], 2, &p, NULL), ODP_OK);
        assert_true(fabs(p - t.p[t.r + 2]) <= 1e-12);
        assert_int_equal(odp_dp_laplace_margin(lap[i][0], lap[i][1], 0.95, &m, NULL), ODP_OK);
        print_message("laplace t=%llu/%llu: 95%% margin %llu\n", (unsigned long long)lap[i][0],
                      (unsigned long long)lap[i][1], (unsigned long long)m);
        free(t.p);
    }
    for (i = 0; i < sizeof(gau) / sizeof(gau[0]); i++) {
        dist_gauss(&t, (double)gau[i][0] / (double)gau[i][1]);
        for (j = 0; j < sizeof(levels) / sizeof(levels[0]); j++) {
            assert_int_equal(odp_dp_gaussian_margin(gau[i][0], gau[i][1], levels[j], &m, NULL),
                             ODP_OK);
            assert_true(table_cdf(&t, m) >= levels[j] - 1e-12);
            assert_true(m == 0 || table_cdf(&t, m - 1) < levels[j] + 1e-12);
        }
        assert_int_equal(odp_dp_gaussian_pmf(gau[i][0], gau[i][1], 1, &p, NULL), ODP_OK);
        assert_true(fabs(p - t.p[t.r + 1]) <= 1e-12);
        assert_int_equal(odp_dp_gaussian_margin(gau[i][0], gau[i][1], 0.95, &m, NULL), ODP_OK);
        print_message("gaussian s2=%llu/%llu: 95%% margin %llu\n", (unsigned long long)gau[i][0],
                      (unsigned long long)gau[i][1], (unsigned long long)m);
        free(t.p);
    }
    /* direct and asymptotic series agree where both apply */
    for (s2 = 1e4L; s2 <= 16777216.0L; s2 *= 16.0L) {
        m = (uint64_t)(1.96L * sqrtl(s2));
        odp_dp_gauss_series(s2, 0, m, &z, &v1, &t1);
        odp_dp_gauss_series(s2, 1, m, &z, &v2, &t2);
        assert_true(fabsl(v1 - v2) <= 1e-12L * v1);
        assert_true(fabsl(t1 - t2) <= 1e-12L);
    }
    /* large sigma (asymptotic path): the continuous 95 % point, 1.959964 sigma */
    assert_int_equal(odp_dp_gaussian_margin(UINT64_C(1) << 40, 1, 0.95, &m, NULL), ODP_OK);
    assert_true(fabs((double)m - 1.959963985 * 1048576.0) <= 2.0);
    assert_int_equal(odp_dp_gaussian_variance(UINT64_C(1) << 40, 1, &p, NULL), ODP_OK);
    assert_true(p == 1099511627776.0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_drbg_kat),
        cmocka_unit_test(test_drbg_same_and_different),
        cmocka_unit_test(test_drbg_bit_order),
        cmocka_unit_test(test_drbg_uniform),
        cmocka_unit_test(test_bernoulli_exp),
        cmocka_unit_test(test_bexp_paths_agree),
        cmocka_unit_test(test_laplace_stats),
        cmocka_unit_test(test_gaussian_stats),
        cmocka_unit_test(test_large_scales),
        cmocka_unit_test(test_determinism),
        cmocka_unit_test(test_reference_long_run),
        cmocka_unit_test(test_parse_rational),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_alloc_failures),
        cmocka_unit_test(test_calibration),
        cmocka_unit_test(test_margins),
    };

    /* before any OpenSSL allocation, so every one goes through the counters */
    if (!CRYPTO_set_mem_functions(t_malloc, t_realloc, t_free)) {
        fprintf(stderr, "test_dp: cannot hook the OpenSSL allocator\n");
        return 1;
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
