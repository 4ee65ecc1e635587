/*
 * dp_calib.c - calibration and reporting for the exact samplers of dp.c (dp.h): the
 * Laplace scale and Gaussian sigma^2 for a privacy level, and the pmf, variance and
 * margin of error that reports quote. Floating point lives here only: nothing in this
 * file touches a generator or samples.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dp_internal.h"
#include "dp.h"
#include "odp/err.h"

/* ---- calibration and reporting: floating point, never samples -------------------- */

int
odp_dp_laplace_scale(uint64_t eps_num, uint64_t eps_den, uint64_t sens, uint64_t *t_num,
                     uint64_t *t_den, struct odp_err *err)
{
    odp_u128 a;
    odp_u128 b;
    odp_u128 g;

    if (eps_num == 0 || eps_den == 0 || sens == 0 || t_num == NULL || t_den == NULL) {
        return odp_errf(err, ODP_EINVAL, NULL, "laplace: epsilon and sensitivity must be positive");
    }
    /* t = sens / (eps_num / eps_den) = sens * eps_den / eps_num, exactly */
    a = (odp_u128)sens * eps_den;
    b = eps_num;
    g = odp_dp_gcd128(a, b);
    a /= g;
    b /= g;
    if (a > UINT64_MAX || a > b * ODP_DP_MAX_LAPLACE_SCALE) {
        return odp_errf(err, ODP_ELIMIT, NULL, "laplace: scale exceeds 2^48");
    }
    *t_num = (uint64_t)a;
    *t_den = (uint64_t)b;
    return ODP_OK;
}

int
odp_dp_gaussian_sigma2(uint64_t eps_num, uint64_t eps_den, uint64_t delta_num, uint64_t delta_den,
                       uint64_t sens2, uint64_t *s2_num, uint64_t *s2_den, struct odp_err *err)
{
    long double eps;
    long double l;
    long double sr;
    long double s2;
    long double rho;
    uint64_t num;
    uint64_t den;
    uint64_t g;
    int ex;
    int k;
    int tries;

    if (eps_num == 0 || eps_den == 0 || delta_num == 0 || delta_den == 0 || sens2 == 0 ||
        s2_num == NULL || s2_den == NULL) {
        return odp_errf(err, ODP_EINVAL, NULL,
                        "gaussian: epsilon, delta and sensitivity must be positive");
    }
    if (delta_num >= delta_den) {
        return odp_errf(err, ODP_EINVAL, NULL, "gaussian: delta must be below 1");
    }
    eps = (long double)eps_num / (long double)eps_den;
    l = logl((long double)delta_den) - logl((long double)delta_num); /* ln(1/delta) */
    /* eps = rho + 2 sqrt(rho l)  <=>  sqrt(rho) = eps / (sqrt(l) + sqrt(l + eps)) */
    sr = eps / (sqrtl(l) + sqrtl(l + eps));
    s2 = (long double)sens2 / (2.0L * sr * sr) * (1.0L + 1e-9L);
    if (!(s2 <= (long double)ODP_DP_MAX_GAUSS_SIGMA2)) {
        return odp_errf(err, ODP_ELIMIT, NULL, "gaussian: sigma^2 exceeds 2^60");
    }
    /*
     * den = 2^k with num < 2^52: about 16 significant digits, and small enough that the
     * sampler's acceptance test stays on its 128-bit path.
     */
    frexpl(s2, &ex);
    k = 52 - ex;
    k = k < 0 ? 0 : (k > 62 ? 62 : k);
    den = UINT64_C(1) << k;
    num = (uint64_t)ceill(s2 * (long double)den);
    if (num == 0) {
        num = 1;
    }
    /* re-check the guarantee of the rational we return, and round up further if needed */
    for (tries = 0;; tries++) {
        rho = (long double)sens2 * (long double)den / (2.0L * (long double)num);
        if (rho + 2.0L * sqrtl(rho * l) <= eps) {
            break;
        }
        if (tries == 8 || num > UINT64_MAX / 2) {
            return odp_errf(err, ODP_EINTERNAL, NULL, "gaussian: calibration did not converge");
        }
        num += num / 1000000000 + 1;
    }
    g = odp_dp_gcd64(num, den);
    *s2_num = num / g;
    *s2_den = den / g;
    return ODP_OK;
}

/*
 * The one parameter check of every reporting helper: num/den as checked by
 * odp_dp_check_param (positive, at most cap), then *out = num/den (inverse: den/num) in
 * long double. Laplace helpers read 1/t, Gaussian ones sigma^2.
 */
static int
param_ld(const char *who, const char *what, uint64_t num, uint64_t den, uint64_t cap, int inverse,
         long double *out, struct odp_err *err)
{
    int rc = odp_dp_check_param(who, what, num, den, cap, err);

    if (rc < 0) {
        return rc;
    }
    *out = inverse ? (long double)den / (long double)num : (long double)num / (long double)den;
    return ODP_OK;
}

static int
laplace_inv(uint64_t t_num, uint64_t t_den, long double *u, struct odp_err *err)
{
    return param_ld("laplace", "scale", t_num, t_den, ODP_DP_MAX_LAPLACE_SCALE, 1, u, err);
}

static int
gauss_s2(uint64_t s2_num, uint64_t s2_den, long double *s2, struct odp_err *err)
{
    return param_ld("gaussian", "sigma^2", s2_num, s2_den, ODP_DP_MAX_GAUSS_SIGMA2, 0, s2, err);
}

int
odp_dp_laplace_pmf(uint64_t t_num, uint64_t t_den, int64_t x, double *p, struct odp_err *err)
{
    long double u;
    int rc;

    if (p == NULL) {
        return odp_errf(err, ODP_EINVAL, NULL, "laplace: output is NULL");
    }
    rc = laplace_inv(t_num, t_den, &u, err);
    if (rc < 0) {
        return rc;
    }
    /* (1 - q) / (1 + q) = tanh(u/2), q = exp(-u) */
    *p = (double)(tanhl(u / 2.0L) * expl(-fabsl((long double)x) * u));
    return ODP_OK;
}

int
odp_dp_laplace_variance(uint64_t t_num, uint64_t t_den, double *var, struct odp_err *err)
{
    long double u;
    long double sh;
    int rc;

    if (var == NULL) {
        return odp_errf(err, ODP_EINVAL, NULL, "laplace: output is NULL");
    }
    rc = laplace_inv(t_num, t_den, &u, err);
    if (rc < 0) {
        return rc;
    }
    /* 2q / (1-q)^2 = 1 / (2 sinh^2(u/2)): no cancellation for large t */
    sh = sinhl(u / 2.0L);
    *var = (double)(1.0L / (2.0L * sh * sh));
    return ODP_OK;
}

static int
check_level(double level, uint64_t *m, struct odp_err *err)
{
    if (m == NULL || !(level > 0.0 && level < 1.0)) {
        return odp_errf(err, ODP_EINVAL, NULL, "margin: level must be in (0, 1)");
    }
    return ODP_OK;
}

/* P(|X| > m) for the discrete Laplace with 1/t = u. */
static long double
laplace_tail(long double u, uint64_t m)
{
    return 2.0L * expl(-((long double)m + 1.0L) * u) / (1.0L + expl(-u));
}

int
odp_dp_laplace_margin(uint64_t t_num, uint64_t t_den, double level, uint64_t *m,
                      struct odp_err *err)
{
    long double u;
    long double alpha;
    long double c;
    uint64_t r = 0;
    int rc;

    rc = check_level(level, m, err);
    if (rc < 0) {
        return rc;
    }
    rc = laplace_inv(t_num, t_den, &u, err);
    if (rc < 0) {
        return rc;
    }
    alpha = 1.0L - (long double)level;
    /* q^(m+1) <= alpha (1+q)/2  <=>  m + 1 >= -ln(alpha (1+q)/2) / u */
    c = ceill(-logl(alpha * (1.0L + expl(-u)) / 2.0L) / u) - 1.0L;
    if (c > 0.0L) {
        r = (uint64_t)c;
    }
    /* the closed form can be off by one near integers: settle it on the tail itself */
    while (r > 0 && laplace_tail(u, r - 1) <= alpha) {
        r--;
    }
    while (laplace_tail(u, r) > alpha) {
        r++;
    }
    *m = r;
    return ODP_OK;
}

/* sum_{x >= a} exp(-x^2/(2 s2)) by Euler-Maclaurin up to the f''' term. */
static long double
gauss_em_tail(long double s2, long double a)
{
    long double sigma = sqrtl(s2);
    long double f = expl(-a * a / (2.0L * s2));
    long double d1 = -a / s2 * f;
    long double d3 = f * (3.0L * a / (s2 * s2) - a * a * a / (s2 * s2 * s2));
    long double integral = sigma * sqrtl(acosl(-1.0L) / 2.0L) * erfcl(a / (sigma * sqrtl(2.0L)));

    return integral + f / 2.0L - d1 / 12.0L + d3 / 720.0L;
}

void
odp_dp_gauss_series(long double s2, int asymptotic, uint64_t m, long double *z, long double *var,
                    long double *tail)
{
    long double pi = acosl(-1.0L);
    long double s = 0.0L;
    long double sx2 = 0.0L;
    long double t = 0.0L;
    long double th = 0.0L;
    long double thv = 0.0L;
    long double f;
    long double e;
    uint64_t top;
    uint64_t x;
    int k;

    if (!asymptotic) {
        /* terms beyond top are below exp(-100) of the mode */
        top = (uint64_t)ceill(sqrtl(200.0L * s2)) + 2;
        for (x = top; x >= 1; x--) { /* smallest first */
            f = expl(-(long double)x * (long double)x / (2.0L * s2));
            s += f;
            sx2 += (long double)x * (long double)x * f;
            if (x > m) {
                t += f;
            }
        }
        *z = 1.0L + 2.0L * s;
        *var = 2.0L * sx2 / *z;
        *tail = 2.0L * t / *z;
        return;
    }
    /* Poisson summation: sum_x exp(-x^2/(2 s2)) = sqrt(2 pi s2) sum_k exp(-2 pi^2 s2 k^2) */
    for (k = 1; k <= 3; k++) {
        e = expl(-2.0L * pi * pi * s2 * k * k);
        th += e;
        thv += (1.0L - 4.0L * pi * pi * s2 * k * k) * e;
    }
    *z = sqrtl(2.0L * pi * s2) * (1.0L + 2.0L * th);
    *var = s2 * (1.0L + 2.0L * thv) / (1.0L + 2.0L * th);
    *tail = 2.0L * gauss_em_tail(s2, (long double)m + 1.0L) / *z;
}

int
odp_dp_gaussian_pmf(uint64_t s2_num, uint64_t s2_den, int64_t x, double *p, struct odp_err *err)
{
    long double s2;
    long double z;
    long double var;
    long double tail;
    long double fx;
    int rc;

    if (p == NULL) {
        return odp_errf(err, ODP_EINVAL, NULL, "gaussian: output is NULL");
    }
    rc = gauss_s2(s2_num, s2_den, &s2, err);
    if (rc < 0) {
        return rc;
    }
    odp_dp_gauss_series(s2, s2 > GAUSS_DIRECT_MAX_S2, 0, &z, &var, &tail);
    fx = (long double)x;
    *p = (double)(expl(-fx * fx / (2.0L * s2)) / z);
    return ODP_OK;
}

int
odp_dp_gaussian_variance(uint64_t s2_num, uint64_t s2_den, double *var, struct odp_err *err)
{
    long double s2;
    long double z;
    long double v;
    long double tail;
    int rc;

    if (var == NULL) {
        return odp_errf(err, ODP_EINVAL, NULL, "gaussian: output is NULL");
    }
    rc = gauss_s2(s2_num, s2_den, &s2, err);
    if (rc < 0) {
        return rc;
    }
    odp_dp_gauss_series(s2, s2 > GAUSS_DIRECT_MAX_S2, 0, &z, &v, &tail);
    *var = (double)v;
    return ODP_OK;
}

int
odp_dp_gaussian_margin(uint64_t s2_num, uint64_t s2_den, double level, uint64_t *m,
                       struct odp_err *err)
{
    long double s2;
    long double z;
    long double var;
    long double tail;
    long double alpha;
    long double f;
    uint64_t lo;
    uint64_t hi;
    uint64_t mid;
    uint64_t r;
    int rc;

    rc = check_level(level, m, err);
    if (rc < 0) {
        return rc;
    }
    rc = gauss_s2(s2_num, s2_den, &s2, err);
    if (rc < 0) {
        return rc;
    }
    alpha = 1.0L - (long double)level;
    if (s2 <= GAUSS_DIRECT_MAX_S2) {
        /* walk down from the far tail, adding P(|X| = r) while the tail stays <= alpha */
        r = (uint64_t)ceill(sqrtl(200.0L * s2)) + 2;
        odp_dp_gauss_series(s2, 0, r, &z, &var, &tail);
        tail = 0.0L;
        for (; r > 0; r--) {
            f = 2.0L * expl(-(long double)r * (long double)r / (2.0L * s2)) / z;
            if (tail + f > alpha) {
                break;
            }
            tail += f;
        }
        *m = r;
        return ODP_OK;
    }
    /* smallest r with P(|X| > r) <= alpha; P(|X| > 40 sigma) < exp(-800) */
    lo = 0;
    hi = (uint64_t)ceill(40.0L * sqrtl(s2));
    while (lo < hi) {
        mid = lo + (hi - lo) / 2;
        odp_dp_gauss_series(s2, 1, mid, &z, &var, &tail);
        if (tail <= alpha) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    *m = lo;
    return ODP_OK;
}
