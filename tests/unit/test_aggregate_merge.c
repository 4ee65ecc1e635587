/*
 * test_aggregate_merge.c - partial indicator tables merged (odp_agg_merge, the
 * chunk-parallel release's per-worker tables) equal the table of all rows: for random
 * permutations of the rows and random splits into 2..5 parts merged in random order, the
 * written table is byte-identical to the one of the rows in input order, with groups
 * that cross every state transition (dense histogram -> sparse -> past 65,535 of a value,
 * exactly 1024 distinct values (exact) and more (sketch, buckets collapsed past 1024),
 * decimals (sketch, exact sums), 384 distinct keys (exact) and 385 or more
 * (HyperLogLog)) and small-cell suppression. Also the exact decimal sums on values where
 * a double sum loses digits or overflows.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "aggregate.h"
#include "aggregate_int.h"
#include "out.h"
#include "policy.h"

#include "aggutil.h"

enum { C_G, C_DAYS, C_DEC, C_KEY, C_FLAG, NCOL };
static const struct odp_field hdr[NCOL] = {
    {"g", 1}, {"days", 4}, {"dec", 3}, {"key", 3}, {"flag", 4}};

struct rowv {
    char g[4], days[24], dec[40], key[24], flag[4];
};

static const char *const pol = "odpub: 1\nname: t\ndefault: drop\ncolumns: {}\n"
                               "aggregate:\n  by: [g]\n  measures:\n"
                               "    n: count\n"
                               "    people: {count_distinct: key}\n"
                               "    total: {sum: days}\n"
                               "    avg: {mean: days, decimals: 3}\n"
                               "    med: {median: days}\n"
                               "    p90: {quantile: [days, 0.9]}\n"
                               "    p01: {quantile: [days, 0.01]}\n"
                               "    yes: {share: {column: flag, in: [\"Y\"]}}\n"
                               "    dsum: {sum: dec, decimals: 6}\n"
                               "    dmean: {mean: dec, decimals: 9}\n"
                               "    dmed: {median: dec, decimals: 4}\n"
                               "privacy:\n  small_cells: {columns: [n], threshold: 10}\n";

static uint64_t rng = 88172645463325252ull;

static uint64_t
rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void
add_row(struct odp_agg *a, const struct rowv *r)
{
    struct odp_field f[NCOL];
    struct odp_err err;

    f[C_G] = (struct odp_field){r->g, strlen(r->g)};
    f[C_DAYS] = (struct odp_field){r->days, strlen(r->days)};
    f[C_DEC] = (struct odp_field){r->dec, strlen(r->dec)};
    f[C_KEY] = (struct odp_field){r->key, strlen(r->key)};
    f[C_FLAG] = (struct odp_field){r->flag, strlen(r->flag)};
    odp_err_clear(&err);
    assert_int_equal(odp_agg_add(a, f, "rows.csv", 1, &err), ODP_OK);
}

static struct odp_agg *
new_agg(const struct odp_policy *p)
{
    struct odp_err err;
    struct odp_agg *a;

    odp_err_clear(&err);
    a = odp_agg_new(p, hdr, NCOL, &err);
    assert_non_null(a);
    return a;
}

/* The rows: groups made to cross each transition of the states. */
static struct rowv *
make_rows(size_t *nout)
{
    size_t cap = 90000, n = 0, i;
    struct rowv *r = calloc(cap, sizeof(*r));

    assert_non_null(r);
#define ROW(G, D, X, K, F)                                                                         \
    do {                                                                                           \
        assert_true(n < cap);                                                                      \
        snprintf(r[n].g, sizeof(r[n].g), "%s", G);                                                 \
        snprintf(r[n].days, sizeof(r[n].days), "%s", D);                                           \
        snprintf(r[n].dec, sizeof(r[n].dec), "%s", X);                                             \
        snprintf(r[n].key, sizeof(r[n].key), "%s", K);                                             \
        snprintf(r[n].flag, sizeof(r[n].flag), "%s", F);                                           \
        n++;                                                                                       \
    } while (0)
    char d[24], x[40], k[24];

    /* a: 70,000 rows over 41 values (a dense count passes 65,535: sparse), 300 keys */
    for (i = 0; i < 70000; i++) {
        snprintf(d, sizeof(d), "%d", i % 7 == 0 ? 17 : (int)(rnd() % 41));
        snprintf(k, sizeof(k), "k%d", (int)(rnd() % 300));
        ROW("a", d, "", k, i % 3 == 0 ? "Y" : "N");
    }
    /* b: values 20,000 apart (past the dense span), 385 distinct keys (HyperLogLog) */
    for (i = 0; i < 3000; i++) {
        snprintf(d, sizeof(d), "%d", (int)(rnd() % 900) * 20000 - 500000);
        snprintf(k, sizeof(k), "k%d", (int)(i % 385));
        ROW("b", d, "", k, "Y");
    }
    /* c: exactly 1024 distinct values (exact, whatever comes last), 384 keys (exact) */
    for (i = 0; i < 4000; i++) {
        snprintf(d, sizeof(d), "%d", (int)(i < 1024 ? i * 3 : (rnd() % 1024) * 3));
        snprintf(k, sizeof(k), "k%d", (int)(i % 384));
        ROW("c", d, "", k, "N");
    }
    /* d: thousands of distinct values over 1 .. 10^9 (a sketch past 1024 buckets) */
    for (i = 0; i < 6000; i++) {
        snprintf(d, sizeof(d), "%lld", (long long)(1 + rnd() % 1000000000ull) >> (rnd() % 30));
        snprintf(k, sizeof(k), "k%d", (int)(rnd() % 5000));
        ROW("d", d, "", k, rnd() % 2 ? "Y" : "");
    }
    /* e: decimals of every magnitude and sign (exact sums), integers among them */
    for (i = 0; i < 5000; i++) {
        double v = ldexp((double)(rnd() % 1000000) / 7.0, (int)(rnd() % 80) - 40);

        if (i % 5 == 0) {
            snprintf(x, sizeof(x), "%d", (int)(rnd() % 1000) - 500);
        } else {
            snprintf(x, sizeof(x), "%.17g", rnd() % 2 ? -v : v);
        }
        snprintf(d, sizeof(d), "%d", (int)(rnd() % 100));
        ROW("e", d, x, "k1", "Y");
    }
    /* f: a small cell (suppressed) */
    for (i = 0; i < 5; i++) {
        ROW("f", "3", "1.5", "k9", "Y");
    }
#undef ROW
    *nout = n;
    return r;
}

static void
test_merge_equals_whole(void **state)
{
    struct odp_policy *p = agg_load_text(pol);
    size_t n, i, trial, nm;
    struct rowv *rows = make_rows(&n), *perm = malloc(n * sizeof(*perm));
    size_t *part = malloc(n * sizeof(*part));
    struct odp_agg *a = new_agg(p), *parts[5];
    const struct odp_agg_measure_info *mi;
    char *want, *got, methods[2048], m2[2048];
    struct odp_err err;

    (void)state;
    assert_non_null(perm);
    assert_non_null(part);
    for (i = 0; i < n; i++) {
        add_row(a, &rows[i]);
    }
    want = agg_run_table(a);
    mi = odp_agg_measures(a, &nm);
    methods[0] = '\0';
    for (i = 0; i < nm; i++) {
        strncat(methods, mi[i].method, sizeof(methods) - strlen(methods) - 2);
        strcat(methods, ";");
    }
    /* every transition happened (the test means something) */
    assert_non_null(strstr(want, "\nf,,")); /* suppressed */
    assert_non_null(strstr(mi[1].method, "hyperloglog"));
    assert_non_null(strstr(mi[4].method, "sketch"));
    assert_non_null(strstr(mi[10].method, "sketch"));
    odp_agg_free(a);

    for (trial = 0; trial < 8; trial++) {
        size_t k = 2 + trial % 4, order[5];

        memcpy(perm, rows, n * sizeof(*perm));
        for (i = n - 1; trial > 0 && i > 0; i--) { /* trial 0: input order, chunked */
            size_t j = rnd() % (i + 1);
            struct rowv t = perm[i];

            perm[i] = perm[j];
            perm[j] = t;
        }
        /* chunks of random length dealt to random parts (as workers take chunks) */
        for (i = 0; i < n;) {
            size_t len = 1 + rnd() % (trial % 2 ? 50 : 5000), w = rnd() % k;

            for (; len > 0 && i < n; len--, i++) {
                part[i] = w;
            }
        }
        for (i = 0; i < k; i++) {
            parts[i] = new_agg(p);
            order[i] = i;
        }
        for (i = 0; i < n; i++) {
            add_row(parts[part[i]], &perm[i]);
        }
        for (i = k - 1; i > 0; i--) {
            size_t j = rnd() % (i + 1), t = order[i];

            order[i] = order[j];
            order[j] = t;
        }
        a = new_agg(p); /* the release's table: receives merges only */
        for (i = 0; i < k; i++) {
            odp_err_clear(&err);
            assert_int_equal(odp_agg_merge(a, parts[order[i]], &err), ODP_OK);
            odp_agg_free(parts[order[i]]);
        }
        got = agg_run_table(a);
        if (strcmp(want, got) != 0) {
            fprintf(stderr, "trial %zu (%zu parts): tables differ\n--- whole\n%s--- merged\n%s",
                    trial, k, want, got);
        }
        assert_string_equal(want, got);
        mi = odp_agg_measures(a, &nm);
        m2[0] = '\0';
        for (i = 0; i < nm; i++) {
            strncat(m2, mi[i].method, sizeof(m2) - strlen(m2) - 2);
            strcat(m2, ";");
        }
        assert_string_equal(methods, m2);
        free(got);
        odp_agg_free(a);
    }
    free(want);
    free(rows);
    free(perm);
    free(part);
    odp_policy_free(p);
}

/* Small tables merged into a table that has rows of its own, and an empty part. */
static void
test_merge_into_rows_and_empty(void **state)
{
    struct odp_policy *p = agg_load_text(pol);
    size_t n, i;
    struct rowv *rows = make_rows(&n);
    struct odp_agg *whole = new_agg(p), *a = new_agg(p), *b = new_agg(p), *e = new_agg(p);
    struct odp_err err;
    char *want, *got;

    (void)state;
    for (i = 70000; i < n; i++) { /* not group a: quicker */
        add_row(whole, &rows[i]);
        add_row(i % 2 ? a : b, &rows[i]);
    }
    want = agg_run_table(whole);
    odp_err_clear(&err);
    assert_int_equal(odp_agg_merge(a, e, &err), ODP_OK);
    assert_int_equal(odp_agg_merge(a, b, &err), ODP_OK);
    got = agg_run_table(a);
    assert_string_equal(want, got);
    free(want);
    free(got);
    odp_agg_free(whole);
    odp_agg_free(a);
    odp_agg_free(b);
    odp_agg_free(e);
    free(rows);
    odp_policy_free(p);
}

/* The exact sum: no digit lost to cancellation or rounding, no overflow in between. */
static void
test_exact_sums(void **state)
{
    struct num nm;
    struct xsum xs;
    int i;

    (void)state;
    memset(&nm, 0, sizeof(nm));
    memset(&xs, 0, sizeof(xs));
    nm.xs = &xs;
    odp_agg_xsum_add(&xs, 1e16);
    odp_agg_xsum_add(&xs, 1.0);
    odp_agg_xsum_add(&xs, -1e16);
    assert_true(odp_agg_num_total(&nm) == 1.0); /* a double sum gives 0 */
    memset(&xs, 0, sizeof(xs));
    odp_agg_xsum_add(&xs, 1e308);
    odp_agg_xsum_add(&xs, 1e308);
    odp_agg_xsum_add(&xs, -1e308);
    assert_true(odp_agg_num_total(&nm) == 1e308); /* a double sum overflows */
    memset(&xs, 0, sizeof(xs));
    for (i = 0; i < 3; i++) {
        odp_agg_xsum_add(&xs, 4.9406564584124654e-324); /* the least subnormal */
    }
    assert_true(odp_agg_num_total(&nm) == 3 * 4.9406564584124654e-324);
    memset(&xs, 0, sizeof(xs));
    for (i = 0; i < 10; i++) {
        odp_agg_xsum_add(&xs, 0.1);
    }
    odp_agg_xsum_add(&xs, -0.5);
    nm.isum = -1;
    /* the double 0.1 is 0.1 + 2^-54 / 10: ten of them, -0.5, -1 is -0.5 + 2^-54 exactly
       (a double sum of ten 0.1 gives 0.9999999999999999) */
    assert_true(odp_agg_num_total(&nm) == -0.5 + 0x1p-54);
    nm.isum = 0;
    memset(&xs, 0, sizeof(xs));
    odp_agg_xsum_add(&xs, -2.5);
    assert_true(odp_agg_num_total(&nm) == -2.5);
    nm.isum = (i128)1 << 100; /* a big integer part beside the decimals */
    assert_true(odp_agg_num_total(&nm) == ldexp(1.0, 100));
    nm.isum = 0;
    odp_agg_xsum_add(&xs, INFINITY);
    assert_true(isinf(odp_agg_num_total(&nm)));
    odp_agg_xsum_add(&xs, -INFINITY);
    assert_true(isnan(odp_agg_num_total(&nm)));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_merge_equals_whole),
        cmocka_unit_test(test_merge_into_rows_and_empty),
        cmocka_unit_test(test_exact_sums),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
