/*
 * dp.h - differential privacy noise for count tables: a keyed deterministic random
 * bit generator and exact integer noise samplers.
 *
 * A release adds integer noise to every published count. The noise must be (1) exact:
 * the sampled distribution is the mathematical one, with no floating point anywhere in
 * sampling (floating-point Laplace noise leaks through its low bits, Mironov 2012,
 * "On significance of the least significant bits for differential privacy"), and (2)
 * reproducible: the same secret key and the same cell context give the same noise, so a
 * release can be rebuilt bit for bit and a cell is never re-noised with fresh randomness
 * (averaging fresh draws of one cell would undo the protection).
 *
 * The DRBG: K' = HMAC-SHA-256(key, "odpub dp drbg"),
 *           Kc = HMAC-SHA-256(K', "odpub-dp-v1" || be64(ctxlen) || ctx),
 *           block_i = HMAC-SHA-256(Kc, be64(i)), i = 0, 1, 2, ...
 * and the byte stream is block_0 || block_1 || ... (HMAC in counter mode under a
 * per-context key, a PRF-based generator in the style of NIST SP 800-108). Bits are read
 * from that stream most significant bit first. Same key + context give the same stream;
 * a different key or context gives an independent one (as long as HMAC-SHA-256 is a PRF).
 * The caller builds `ctx` from the dataset name, the release id and the cell key, each
 * length-prefixed, so that no two cells share a stream.
 *
 * The samplers follow Canonne, Kamath and Steinke 2020, "The Discrete Gaussian for
 * Differential Privacy" (CKS20), Algorithms 1-3. Parameters are exact rationals num/den
 * with 64-bit parts; odp_rational_parse() (common/rational.h) turns decimal text into one.
 *
 * The calibration and reporting helpers (odp_dp_laplace_scale() and below) use floating
 * point. They only choose parameters and describe the noise; they never sample.
 *
 * Errors: every fallible call returns ODP_OK or a negative enum odp_code and takes
 * `struct odp_err *err` last (NULL allowed). No message ever holds a key, a stream byte,
 * a sampled value or a count. Argument errors (ODP_EINVAL, ODP_ELIMIT on a parameter)
 * leave the generator untouched. A failure while computing a block (OpenSSL 3.0
 * allocates when it re-keys HMAC: ODP_ENOMEM or ODP_EINTERNAL), or in the BIGNUM path of
 * the Gaussian, is sticky: the draw in progress is lost, so every later call on that
 * generator returns the same code rather than hand out a shifted stream. Free it and
 * start again from (key, ctx).
 *
 * Threads: a struct odp_drbg is not thread-safe; use one per thread (or per cell).
 */
#ifndef ODP_PRIVACY_DP_H
#define ODP_PRIVACY_DP_H

#include <stddef.h>
#include <stdint.h>

#include "odp/err.h"

/* Shortest secret key odp_drbg_new() accepts, in bytes. */
#define ODP_DRBG_MIN_KEY 16
/* Longest context odp_drbg_new() accepts, in bytes. */
#define ODP_DRBG_MAX_CTX 65536

/*
 * Largest discrete Laplace scale t = t_num/t_den (2^48) and largest discrete Gaussian
 * variance parameter sigma^2 (2^60) the samplers accept; larger ones give ODP_ELIMIT.
 * Far above any useful noise level for counts, and small enough that a sample can
 * overflow int64 only with probability below exp(-2^15).
 */
#define ODP_DP_MAX_LAPLACE_SCALE (UINT64_C(1) << 48)
#define ODP_DP_MAX_GAUSS_SIGMA2 (UINT64_C(1) << 60)

/* Keyed deterministic random bit generator (opaque). */
struct odp_drbg;

/*
 * Creates a generator for the stream of (key, ctx).
 *
 * key, keylen: the secret; at least ODP_DRBG_MIN_KEY bytes, else ODP_EKEY. Copied (only
 *              derived keys are kept); the caller still owns and wipes its buffer.
 * ctx, ctxlen: the context, any bytes, at most ODP_DRBG_MAX_CTX (else ODP_ELIMIT); ctx may
 *              be NULL when ctxlen is 0. Copied into the derived key; not kept.
 * Returns a generator the caller frees with odp_drbg_free(), or NULL with err filled:
 * ODP_EINVAL (key NULL, or ctx NULL with ctxlen > 0), ODP_EKEY, ODP_ELIMIT, ODP_ENOMEM
 * (allocation failed), ODP_EINTERNAL (OpenSSL refused HMAC-SHA-256; its first error
 * text is in msg).
 */
struct odp_drbg *odp_drbg_new(const uint8_t *key, size_t keylen, const void *ctx, size_t ctxlen,
                              struct odp_err *err);

/* Wipes the generator's state (OPENSSL_cleanse) and frees it. NULL is a no-op. */
void odp_drbg_free(struct odp_drbg *d);

/*
 * Writes the next n bytes of the stream into out (n == 0 is allowed; out may then be
 * NULL). Bits that odp_drbg_uniform() or a sampler has already read ahead (at most 63)
 * are not handed out again: bytes always come after them in the stream.
 * Returns ODP_OK, ODP_EINVAL (d NULL, or out NULL with n > 0), ODP_ELIMIT (the 2^64
 * block counter is exhausted; unreachable in practice), ODP_ENOMEM or ODP_EINTERNAL
 * (OpenSSL failed; sticky, see above).
 */
int odp_drbg_bytes(struct odp_drbg *d, uint8_t *out, size_t n, struct odp_err *err);

/*
 * Draws *out uniformly from {0, ..., n-1}, exactly: it reads k = bitlen(n-1) bits as a
 * big-endian integer and retries while the value is >= n (expected fewer than 2 tries;
 * n == 1 reads no bits and gives 0).
 * Returns ODP_OK, ODP_EINVAL (d or out NULL, n == 0), or a stream failure as
 * odp_drbg_bytes().
 */
int odp_drbg_uniform(struct odp_drbg *d, uint64_t n, uint64_t *out, struct odp_err *err);

/*
 * Samples *out from Bernoulli(exp(-num/den)): *out is 1 with probability exp(-num/den),
 * else 0 (CKS20 Algorithm 1). num == 0 gives 1 without reading the stream.
 * Returns ODP_OK, ODP_EINVAL (d or out NULL, den == 0), or a stream failure as
 * odp_drbg_bytes().
 */
int odp_dp_bernoulli_exp(struct odp_drbg *d, uint64_t num, uint64_t den, int *out,
                         struct odp_err *err);

/*
 * Samples *out from the discrete Laplace distribution with scale t = t_num/t_den:
 * P(x) = tanh(1/(2t)) exp(-|x|/t) for every integer x (CKS20 Algorithm 2). Adding it to
 * a count whose L1 sensitivity is D gives (D/t)-differential privacy; see
 * odp_dp_laplace_scale().
 * Returns ODP_OK, ODP_EINVAL (d or out NULL, t_num or t_den == 0), ODP_ELIMIT
 * (t > ODP_DP_MAX_LAPLACE_SCALE), or a stream failure as odp_drbg_bytes().
 * Equal scales in other terms (9/3 and 3/1) read the stream the same way.
 */
int odp_dp_discrete_laplace(struct odp_drbg *d, uint64_t t_num, uint64_t t_den, int64_t *out,
                            struct odp_err *err);

/*
 * Samples *out from the discrete Gaussian with variance parameter sigma^2 =
 * s2_num/s2_den: P(x) proportional to exp(-x^2/(2 sigma^2)) for every integer x (CKS20
 * Algorithm 3). Its variance is slightly below sigma^2 (odp_dp_gaussian_variance()).
 * Adding it to every cell of a table whose squared L2 sensitivity is S gives
 * (S/(2 sigma^2))-zero-concentrated DP; see odp_dp_gaussian_sigma2().
 * The acceptance test works on 128-bit integers; when those would overflow (very large
 * s2_num and s2_den, or far-tail proposals) it switches to OpenSSL BIGNUMs and reads the
 * same bits, so the result does not depend on the path (that path allocates).
 * Returns ODP_OK, ODP_EINVAL (d or out NULL, s2_num or s2_den == 0), ODP_ELIMIT
 * (sigma^2 > ODP_DP_MAX_GAUSS_SIGMA2), or ODP_ENOMEM / ODP_EINTERNAL from the BIGNUM
 * path or the stream (sticky, as for odp_drbg_bytes()).
 */
int odp_dp_discrete_gaussian(struct odp_drbg *d, uint64_t s2_num, uint64_t s2_den, int64_t *out,
                             struct odp_err *err);

/*
 * Discrete Laplace scale for epsilon-DP: t = sens / epsilon, as an exact reduced
 * rational *t_num / *t_den. eps = eps_num/eps_den > 0; sens >= 1 is the L1 sensitivity
 * of the whole release (the contribution bound: how much one person can change the sum
 * of all cells' absolute changes).
 * Returns ODP_OK, ODP_EINVAL (zero eps_num, eps_den or sens, NULL outputs), ODP_ELIMIT
 * (t does not fit 64-bit parts or exceeds ODP_DP_MAX_LAPLACE_SCALE).
 */
int odp_dp_laplace_scale(uint64_t eps_num, uint64_t eps_den, uint64_t sens, uint64_t *t_num,
                         uint64_t *t_den, struct odp_err *err);

/*
 * Discrete Gaussian sigma^2 for (epsilon, delta)-DP, via zero-concentrated DP:
 * the discrete Gaussian gives rho-zCDP with rho = sens2 / (2 sigma^2) (CKS20 Theorem 4,
 * and Theorem 14 for a vector of independent cells), and rho-zCDP implies
 * (rho + 2 sqrt(rho ln(1/delta)), delta)-DP (Bun and Steinke 2016, Proposition 1.3).
 * Solving for rho: sqrt(rho) = eps / (sqrt(L) + sqrt(L + eps)), L = ln(1/delta).
 * eps = eps_num/eps_den > 0, 0 < delta = delta_num/delta_den < 1, sens2 >= 1 the
 * squared L2 sensitivity (a person in at most m cells with at most c each: m c^2).
 * The result *s2_num / *s2_den (reduced; den a power of two) is conservative: at least
 * the real-valued solution times (1 + 1e-9), and it is re-checked to give epsilon' <=
 * eps. rho-zCDP also composes by adding rho across releases.
 * Returns ODP_OK, ODP_EINVAL (zero parts, delta >= 1, NULL outputs), ODP_ELIMIT
 * (sigma^2 > ODP_DP_MAX_GAUSS_SIGMA2, or too small to represent).
 */
int odp_dp_gaussian_sigma2(uint64_t eps_num, uint64_t eps_den, uint64_t delta_num,
                           uint64_t delta_den, uint64_t sens2, uint64_t *s2_num, uint64_t *s2_den,
                           struct odp_err *err);

/*
 * Probability *p = P(X = x) for the discrete Laplace with scale t_num/t_den, and its
 * variance *var = 2 e^(-1/t) / (1 - e^(-1/t))^2 = 1 / (2 sinh^2(1/(2t))) (closed forms,
 * in double precision).
 * Both return ODP_OK, ODP_EINVAL (zero parts, NULL output) or ODP_ELIMIT (scale above
 * ODP_DP_MAX_LAPLACE_SCALE).
 */
int odp_dp_laplace_pmf(uint64_t t_num, uint64_t t_den, int64_t x, double *p, struct odp_err *err);
int odp_dp_laplace_variance(uint64_t t_num, uint64_t t_den, double *var, struct odp_err *err);

/*
 * Margin of error at confidence `level` (0 < level < 1; 0.95 for "95 %"): the smallest
 * integer m >= 0 with P(|X| <= m) >= level, for the discrete Laplace with scale
 * t_num/t_den. Closed form: P(|X| > m) = 2 q^(m+1) / (1 + q), q = e^(-1/t); the candidate
 * is then checked at m and m - 1 in long double precision.
 * Returns ODP_OK, ODP_EINVAL (bad scale or level, NULL output), ODP_ELIMIT (scale).
 */
int odp_dp_laplace_margin(uint64_t t_num, uint64_t t_den, double level, uint64_t *m,
                          struct odp_err *err);

/*
 * Probability *p = P(X = x) and variance *var of the discrete Gaussian with sigma^2 =
 * s2_num/s2_den, from the normalising series Z = sum_x exp(-x^2/(2 sigma^2)): summed
 * directly for sigma <= 4096, else by Poisson summation (Z = sigma sqrt(2 pi) (1 + 2
 * sum_k exp(-2 pi^2 sigma^2 k^2)), exact up to terms below 1e-100). The variance is
 * below sigma^2 and tends to it as sigma grows (CKS20 Proposition 19).
 * Both return ODP_OK, ODP_EINVAL (zero parts, NULL output) or ODP_ELIMIT (sigma^2 above
 * ODP_DP_MAX_GAUSS_SIGMA2).
 */
int odp_dp_gaussian_pmf(uint64_t s2_num, uint64_t s2_den, int64_t x, double *p,
                        struct odp_err *err);
int odp_dp_gaussian_variance(uint64_t s2_num, uint64_t s2_den, double *var, struct odp_err *err);

/*
 * Margin of error at confidence `level` for the discrete Gaussian with sigma^2 =
 * s2_num/s2_den: the smallest integer m >= 0 with P(|X| <= m) >= level. The tail
 * P(|X| > m) is summed from the series for sigma <= 4096, else from Euler-Maclaurin on
 * the Gaussian tail (relative error about sigma^-4, below 1e-14 there).
 * Returns ODP_OK, ODP_EINVAL (bad sigma^2 or level, NULL output), ODP_ELIMIT (sigma^2).
 */
int odp_dp_gaussian_margin(uint64_t s2_num, uint64_t s2_den, double level, uint64_t *m,
                           struct odp_err *err);

#endif
