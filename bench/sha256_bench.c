/*
 * sha256_bench.c - SHA-256 throughput of lib/common/sha256.c's compressions against
 * OpenSSL's EVP, one stream and two streams at once (bench/sha256 builds and runs it).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "sha256.h"

static double
now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int
main(void)
{
    const size_t n = (size_t)64 << 20;
    unsigned char *a = malloc(n), *b = malloc(n);
    static const char *const names[] = {"", "SHA-NI", "OpenSSL block fn", "portable C"};
    unsigned char d[32];
    unsigned len;
    size_t i;
    int impl, r;

    if (a == NULL || b == NULL) {
        return 1;
    }
    for (i = 0; i < n; i++) {
        a[i] = (unsigned char)(i * 7 + 3);
        b[i] = (unsigned char)(i * 13 + 1);
    }
    for (r = 0; r < 3; r++) {
        double t0 = now();

        EVP_Digest(a, n, d, &len, EVP_sha256(), NULL);
        EVP_Digest(b, n, d, &len, EVP_sha256(), NULL);
        printf("EVP (OpenSSL)           one stream  %.2f GB/s\n",
               2.0 * (double)n / (now() - t0) / 1e9);
    }
    for (impl = 1; impl <= 3; impl++) {
        if (odp_sha256_use(impl) != 0) {
            printf("%-22s  not on this CPU\n", names[impl]);
            continue;
        }
        for (r = 0; r < 3; r++) {
            struct odp_sha256 x, y;
            double t0 = now(), t1, t2;

            odp_sha256_init(&x);
            odp_sha256_update(&x, a, n);
            odp_sha256_update(&x, b, n);
            odp_sha256_final(&x, d);
            t1 = now();
            odp_sha256_init(&x);
            odp_sha256_init(&y);
            odp_sha256_update2(&x, a, n, &y, b, n);
            odp_sha256_final(&x, d);
            odp_sha256_final(&y, d);
            t2 = now();
            printf("%-22s  one stream  %.2f GB/s, two at once %.2f GB/s\n", names[impl],
                   2.0 * (double)n / (t1 - t0) / 1e9, 2.0 * (double)n / (t2 - t1) / 1e9);
        }
    }
    free(a);
    free(b);
    return 0;
}
