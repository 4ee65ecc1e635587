/*
 * test_sha256.c - lib/common/sha256.c against OpenSSL's EVP SHA-256: the FIPS 180-4
 * examples, every length 0..300 and long messages fed in random splits, the two-chain
 * update against two single ones, for every compression this machine can run (SHA-NI,
 * OpenSSL's block function, portable C).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>

#include "sha256.h"

static const int impls[] = {ODP_SHA256_SHANI, ODP_SHA256_OPENSSL, ODP_SHA256_PORTABLE};

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t
next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 16);
}

static void
ref(const uint8_t *p, size_t n, uint8_t out[32])
{
    unsigned len = 0;

    assert_int_equal(EVP_Digest(p, n, out, &len, EVP_sha256(), NULL), 1);
    assert_int_equal(len, 32);
}

/* Hashes p in random pieces (some empty, some crossing blocks). */
static void
split_hash(const uint8_t *p, size_t n, uint8_t out[32])
{
    struct odp_sha256 c;
    size_t off = 0;

    odp_sha256_init(&c);
    while (off < n) {
        size_t k = next() % 4 == 0 ? 0 : next() % (next() % 2 ? 70 : 3000);

        if (k > n - off) {
            k = n - off;
        }
        odp_sha256_update(&c, p + off, k);
        off += k;
    }
    odp_sha256_final(&c, out);
}

static void
test_fips_examples(void **state)
{
    static const char *const msg[] = {
        "abc", "", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqr"
         "lmnopqrsmnopqrstnopqrstu")};
    static const char *const hex[] = {
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"};
    size_t i, j;
    int k;

    (void)state;
    for (k = 0; k < 3; k++) {
        if (odp_sha256_use(impls[k]) != 0) {
            continue;
        }
        assert_int_equal(odp_sha256_impl(), impls[k]);
        for (i = 0; i < 4; i++) {
            struct odp_sha256 c;
            uint8_t d[32];
            char h[65];

            odp_sha256_init(&c);
            odp_sha256_update(&c, msg[i], strlen(msg[i]));
            odp_sha256_final(&c, d);
            for (j = 0; j < 32; j++) {
                snprintf(h + 2 * j, 3, "%02x", d[j]);
            }
            assert_string_equal(h, hex[i]);
        }
    }
    assert_int_equal(odp_sha256_use(ODP_SHA256_AUTO), 0);
    assert_int_equal(odp_sha256_use(42), -1);
}

static void
test_lengths_and_splits(void **state)
{
    uint8_t *big = malloc(1 << 20);
    uint8_t want[32], got[32];
    size_t n, i;
    int k;

    (void)state;
    assert_non_null(big);
    for (i = 0; i < (1u << 20); i++) {
        big[i] = (uint8_t)next();
    }
    for (k = 0; k < 3; k++) {
        if (odp_sha256_use(impls[k]) != 0) {
            continue;
        }
        for (n = 0; n <= 300; n++) {
            ref(big + n, n, want); /* odd offsets: unaligned loads */
            split_hash(big + n, n, got);
            assert_memory_equal(got, want, 32);
            memset(got, 0, sizeof(got));
            odp_sha256_digest(big + n, n, got); /* the one-call form */
            assert_memory_equal(got, want, 32);
        }
        for (i = 0; i < 20; i++) {
            n = next() % (1u << 20);
            ref(big, n, want);
            split_hash(big, n, got);
            assert_memory_equal(got, want, 32);
        }
    }
    assert_int_equal(odp_sha256_use(ODP_SHA256_AUTO), 0);
    free(big);
}

/* update2 with random pieces on both sides equals two separate hashes. */
static void
test_two_chains(void **state)
{
    uint8_t *a = malloc(1 << 18), *b = malloc(1 << 18);
    int k, r;

    (void)state;
    assert_non_null(a);
    assert_non_null(b);
    for (r = 0; r < (1 << 18); r++) {
        a[r] = (uint8_t)next();
        b[r] = (uint8_t)next();
    }
    for (k = 0; k < 3; k++) {
        if (odp_sha256_use(impls[k]) != 0) {
            continue;
        }
        for (r = 0; r < 200; r++) {
            size_t na = r < 100 ? (size_t)r * 7 : next() % (1u << 18);
            size_t nb = r < 100 ? (size_t)(199 - r) * 3 : next() % (1u << 18);
            size_t oa = 0, ob = 0;
            struct odp_sha256 ca, cb;
            uint8_t wa[32], wb[32], ga[32], gb[32];

            ref(a, na, wa);
            ref(b, nb, wb);
            odp_sha256_init(&ca);
            odp_sha256_init(&cb);
            while (oa < na || ob < nb) {
                size_t ka = next() % 5000, kb = next() % 5000;

                ka = ka > na - oa ? na - oa : ka;
                kb = kb > nb - ob ? nb - ob : kb;
                odp_sha256_update2(&ca, a + oa, ka, &cb, b + ob, kb);
                oa += ka;
                ob += kb;
            }
            odp_sha256_final(&ca, ga);
            odp_sha256_final(&cb, gb);
            assert_memory_equal(ga, wa, 32);
            assert_memory_equal(gb, wb, 32);
        }
        /* the block functions directly, chains of different states */
        {
            uint32_t h1[8], h2[8], g1[8], g2[8];
            int i;

            for (i = 0; i < 8; i++) {
                h1[i] = g1[i] = next();
                h2[i] = g2[i] = next();
            }
            odp_sha256_blocks2(h1, a, h2, b, 1000);
            odp_sha256_blocks(g1, a, 1000);
            odp_sha256_blocks(g2, b, 1000);
            assert_memory_equal(h1, g1, sizeof(h1));
            assert_memory_equal(h2, g2, sizeof(h2));
        }
        /* three chains (a row's three pseudonyms), each its own state and bytes */
        {
            uint32_t h[3][8], g[3][8];
            const uint8_t *src[3] = {a, b, a + 64 * 7};
            int i, c;

            for (c = 0; c < 3; c++) {
                for (i = 0; i < 8; i++) {
                    h[c][i] = g[c][i] = next();
                }
            }
            odp_sha256_blocks3(h[0], src[0], h[1], src[1], h[2], src[2], 999);
            for (c = 0; c < 3; c++) {
                odp_sha256_blocks(g[c], src[c], 999);
                assert_memory_equal(h[c], g[c], sizeof(h[c]));
            }
        }
    }
    assert_int_equal(odp_sha256_use(ODP_SHA256_AUTO), 0);
    free(a);
    free(b);
}

/* The machine's default is SHA-NI exactly when the CPU has it, and is never slower code. */
static void
test_auto_pick(void **state)
{
    int shani;

    (void)state;
    shani = odp_sha256_use(ODP_SHA256_SHANI) == 0;
    assert_int_equal(odp_sha256_use(ODP_SHA256_AUTO), 0);
    assert_int_equal(odp_sha256_impl(), shani ? ODP_SHA256_SHANI : ODP_SHA256_OPENSSL);
    printf("# sha256 in use: %s\n", shani ? "SHA-NI" : "OpenSSL block function");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fips_examples),
        cmocka_unit_test(test_lengths_and_splits),
        cmocka_unit_test(test_two_chains),
        cmocka_unit_test(test_auto_pick),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
