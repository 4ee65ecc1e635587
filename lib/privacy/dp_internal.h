/*
 * dp_internal.h - internals of dp.c that the unit tests drive directly. Not installed.
 *
 * The 128-bit and BIGNUM paths of the Bernoulli(exp(-num/den)) sampler must read the
 * same bits and give the same answers; the direct and asymptotic discrete Gaussian
 * series must agree where both apply. The tests check both claims through these.
 */
#ifndef ODP_DP_INTERNAL_H
#define ODP_DP_INTERNAL_H

#include <stdint.h>

#include "dp.h"

/*
 * Unsigned 128-bit integers (GCC, Clang). `__extension__` keeps -Wpedantic quiet, which
 * only a typedef allows; this scalar alias is a deliberate exception to the
 * function-pointer-only typedef rule of STYLE.md.
 */
__extension__ typedef unsigned __int128 odp_u128;

/* sigma^2 above which the Gaussian helpers switch from direct sums to Poisson/E-M. */
#define GAUSS_DIRECT_MAX_S2 16777216.0L /* 4096^2 */

/* Greatest common divisors (Euclid); gcd(a, 0) = a. */
static inline uint64_t
odp_dp_gcd64(uint64_t a, uint64_t b)
{
    while (b != 0) {
        uint64_t r = a % b;

        a = b;
        b = r;
    }
    return a;
}

static inline odp_u128
odp_dp_gcd128(odp_u128 a, odp_u128 b)
{
    while (b != 0) {
        odp_u128 r = a % b;

        a = b;
        b = r;
    }
    return a;
}

/*
 * The one check of a scale or variance num/den against its cap, for the samplers (dp.c)
 * and the reporting helpers (dp_calib.c): ODP_EINVAL when a part is 0, ODP_ELIMIT when
 * num/den > cap; messages name `who` and `what`, never a value.
 */
int odp_dp_check_param(const char *who, const char *what, uint64_t num, uint64_t den, uint64_t cap,
                       struct odp_err *err);

/*
 * Bernoulli(exp(-num/den)) on 128-bit integers (den >= 1), and the same through the
 * OpenSSL BIGNUM path the discrete Gaussian falls back to. Same stream in, same bits
 * read, same *out. Return codes as odp_dp_bernoulli_exp(), plus ODP_ENOMEM for the
 * BIGNUM path.
 */
int odp_dp_bexp128(struct odp_drbg *d, odp_u128 num, odp_u128 den, int *out, struct odp_err *err);
int odp_dp_bexp128_bn(struct odp_drbg *d, odp_u128 num, odp_u128 den, int *out,
                      struct odp_err *err);

/* Draws *out uniformly from {0, ..., n-1} for a 128-bit n >= 1 (k = bitlen(n-1) bits). */
int odp_dp_uniform128(struct odp_drbg *d, odp_u128 n, odp_u128 *out, struct odp_err *err);

/*
 * The discrete Gaussian with sigma^2 = s2: normaliser z = sum_x exp(-x^2/(2 s2)), variance
 * *var, and *tail = P(|X| > m). asymptotic = 0 sums the series directly (any s2, cost
 * O(sqrt(s2))); asymptotic = 1 uses Poisson summation and Euler-Maclaurin (s2 >= 1e4).
 */
void odp_dp_gauss_series(long double s2, int asymptotic, uint64_t m, long double *z,
                         long double *var, long double *tail);

#endif
