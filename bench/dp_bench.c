/*
 * dp_bench.c - throughput of the DRBG and the exact samplers (draws per second).
 *
 * Each case runs for about 0.4 s of wall time on one core; bench/dp runs it (niced) and a release of a noisy table.
 * Numbers are for relative comparison and for sizing a release: a table of C cells
 * costs C generator setups plus C draws.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "dp.h"

#define BENCH_SECONDS 0.4

enum kind { K_NEW, K_BYTES, K_UNIFORM, K_BEXP, K_LAPLACE, K_GAUSS };

struct bench_case {
    enum kind kind;
    uint64_t num;
    uint64_t den;
    const char *name;
};

static double
now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int
one(struct odp_drbg *d, const struct bench_case *c, struct odp_err *err)
{
    static const uint8_t key[32] = "bench key bench key bench key 00";
    struct odp_drbg *e;
    uint8_t buf[32];
    uint64_t u;
    int64_t x;
    int b;

    switch (c->kind) {
    case K_NEW:
        e = odp_drbg_new(key, sizeof(key), "dataset/release/cell-000001", 27, err);
        odp_drbg_free(e);
        return e == NULL ? err->code : ODP_OK;
    case K_BYTES:
        return odp_drbg_bytes(d, buf, sizeof(buf), err);
    case K_UNIFORM:
        return odp_drbg_uniform(d, c->num, &u, err);
    case K_BEXP:
        return odp_dp_bernoulli_exp(d, c->num, c->den, &b, err);
    case K_LAPLACE:
        return odp_dp_discrete_laplace(d, c->num, c->den, &x, err);
    default:
        return odp_dp_discrete_gaussian(d, c->num, c->den, &x, err);
    }
}

int
main(void)
{
    static const struct bench_case cases[] = {
        {K_NEW, 0, 0, "odp_drbg_new + free"},
        {K_BYTES, 0, 0, "odp_drbg_bytes (32 B)"},
        {K_UNIFORM, 1000, 0, "uniform n=1000"},
        {K_BEXP, 1, 2, "bernoulli_exp 1/2"},
        {K_BEXP, 5, 1, "bernoulli_exp 5"},
        {K_LAPLACE, 1, 2, "laplace t=1/2"},
        {K_LAPLACE, 1, 1, "laplace t=1"},
        {K_LAPLACE, 10, 1, "laplace t=10"},
        {K_LAPLACE, 100, 1, "laplace t=100"},
        {K_LAPLACE, 10000, 1, "laplace t=1e4"},
        {K_LAPLACE, 20, 3, "laplace t=20/3"},
        {K_LAPLACE, UINT64_C(1) << 40, 7, "laplace t=2^40/7"},
        {K_GAUSS, 1, 4, "gaussian s2=1/4"},
        {K_GAUSS, 1, 1, "gaussian s2=1"},
        {K_GAUSS, 10, 1, "gaussian s2=10"},
        {K_GAUSS, 100, 1, "gaussian s2=100"},
        {K_GAUSS, 10000, 1, "gaussian s2=1e4"},
        {K_GAUSS, 1000000, 1, "gaussian s2=1e6"},
        {K_GAUSS, UINT64_C(4028228740041611), UINT64_C(140737488355328),
         "gaussian s2=28.62 (calibrated)"},
        {K_GAUSS, UINT64_C(1) << 60, 3, "gaussian s2=2^60/3"},
        {K_GAUSS, UINT64_MAX, UINT64_MAX - 2, "gaussian s2~1 bignum path"},
    };
    static const uint8_t key[32] = "bench key bench key bench key 00";
    struct odp_err err = {0};
    struct odp_drbg *d;
    double t0;
    double dt;
    long n;
    long i;
    size_t c;

    d = odp_drbg_new(key, sizeof(key), "bench", 5, &err);
    if (d == NULL) {
        fprintf(stderr, "bench_dp: %s\n", err.msg);
        return 1;
    }
    printf("%-34s %14s %10s\n", "case", "ops/s", "ns/op");
    for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        n = 0;
        t0 = now();
        do {
            for (i = 0; i < 1000; i++) {
                if (one(d, &cases[c], &err) != ODP_OK) {
                    fprintf(stderr, "bench_dp: %s: %s\n", cases[c].name, err.msg);
                    odp_drbg_free(d);
                    return 1;
                }
            }
            n += 1000;
            dt = now() - t0;
        } while (dt < BENCH_SECONDS);
        printf("%-34s %14.0f %10.1f\n", cases[c].name, (double)n / dt, dt * 1e9 / (double)n);
    }
    odp_drbg_free(d);
    return 0;
}
