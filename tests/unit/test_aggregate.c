/*
 * test_aggregate.c - every measure of an indicator table against a brute-force
 * computation on random rows (count, count_distinct, sum, mean, nearest-rank median and
 * quantiles, share), the approximate paths against their stated bounds (a log sketch
 * within 0.5 % for decimals and for many distinct values, HyperLogLog within 5 % for
 * many distinct keys), groups in byte order, bad numbers, and small-cell suppression
 * (primary, complementary per partition, unprotected, measures on too few values).
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
#include "out.h"
#include "policy.h"

#include "aggutil.h"

/* Columns of the published rows the tests feed. */
enum { C_G1, C_G2, C_DAYS, C_DEC, C_KEY, C_FLAG, NCOL };
static const struct odp_field hdr[NCOL] = {{"g1", 2},  {"g2", 2},  {"days", 4},
                                           {"dec", 3}, {"key", 3}, {"flag", 4}};

struct rowv {
    char g1[4], g2[4], days[24], dec[32], key[24], flag[4];
};

static void
add_row(struct odp_agg *a, const struct rowv *r)
{
    struct odp_field f[NCOL];
    struct odp_err err;

    f[C_G1] = (struct odp_field){r->g1, strlen(r->g1)};
    f[C_G2] = (struct odp_field){r->g2, strlen(r->g2)};
    f[C_DAYS] = (struct odp_field){r->days, strlen(r->days)};
    f[C_DEC] = (struct odp_field){r->dec, strlen(r->dec)};
    f[C_KEY] = (struct odp_field){r->key, strlen(r->key)};
    f[C_FLAG] = (struct odp_field){r->flag, strlen(r->flag)};
    odp_err_clear(&err);
    assert_int_equal(odp_agg_add(a, f, "rows.csv", 1, &err), ODP_OK);
}

/* Splits line into at most max comma-separated cells (no quoting in these tables). */
static size_t
split(char *line, char **cells, size_t max)
{
    size_t n = 0;

    cells[n++] = line;
    for (; *line != '\0' && n < max; line++) {
        if (*line == ',') {
            *line = '\0';
            cells[n++] = line + 1;
        }
    }
    return n;
}

static int
cmp_i64(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

    return a < b ? -1 : a > b;
}

static int
cmp_dbl(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;

    return a < b ? -1 : a > b;
}

static size_t
nearest_rank(double q, size_t n)
{
    size_t r = (size_t)ceil(q * (double)n - 1e-9);

    return r < 1 ? 0 : r - 1;
}

#define NG1 3
#define NG2 2
#define NROWS 6000

static const char *const g1s[NG1] = {"B", "A", "C"};
static const char *const g2s[NG2] = {"y", "x"};

static void
test_measures_brute_force(void **state)
{
    static const char *const pol = "odpub: 1\nname: t\ndefault: drop\ncolumns: {}\n"
                                   "aggregate:\n  by: [g1, g2]\n  measures:\n"
                                   "    n: count\n"
                                   "    people: {count_distinct: key}\n"
                                   "    total: {sum: days}\n"
                                   "    avg: {mean: days, decimals: 3}\n"
                                   "    med: {median: days}\n"
                                   "    p90: {quantile: [days, 0.9]}\n"
                                   "    p10: {quantile: [days, 0.1]}\n"
                                   "    top: {quantile: [days, 1]}\n"
                                   "    yes: {share: {column: flag, in: [\"yes\"]}}\n"
                                   "    dsum: {sum: dec, decimals: 4}\n"
                                   "    dmed: {median: dec}\n";
    struct odp_policy *p = agg_load_text(pol);
    struct odp_err err;
    struct odp_agg *a;
    static int64_t days[NG1][NG2][NROWS];
    static double dec[NG1][NG2][NROWS];
    static int keys[NG1][NG2][1000];
    size_t nd[NG1][NG2] = {{0}}, nx[NG1][NG2] = {{0}}, cnt[NG1][NG2] = {{0}}, yes[NG1][NG2] = {{0}};
    double dsum[NG1][NG2] = {{0}};
    char *out, *line, *save = NULL;
    size_t i, g, h, rows = 0;
    unsigned seed = 42;

    (void)state;
    memset(keys, 0, sizeof(keys));
    odp_err_clear(&err);
    a = odp_agg_new(p, hdr, NCOL, &err);
    assert_non_null(a);
    for (i = 0; i < NROWS; i++) {
        struct rowv r;

        g = (size_t)rand_r(&seed) % NG1;
        h = (size_t)rand_r(&seed) % NG2;
        memset(&r, 0, sizeof(r));
        strcpy(r.g1, g1s[g]);
        strcpy(r.g2, g2s[h]);
        cnt[g][h]++;
        if (rand_r(&seed) % 10 != 0) {
            int64_t d = (int64_t)(rand_r(&seed) % 551) - 50;

            snprintf(r.days, sizeof(r.days), "%lld", (long long)d);
            days[g][h][nd[g][h]++] = d;
        }
        if (rand_r(&seed) % 7 != 0) {
            double x = (double)(rand_r(&seed) % 1000000) / 100.0 + 0.01;

            snprintf(r.dec, sizeof(r.dec), "%.2f", x);
            dec[g][h][nx[g][h]++] = x;
            dsum[g][h] += x;
        }
        if (rand_r(&seed) % 5 != 0) {
            int k = rand_r(&seed) % 300; /* exact: under 384 distinct */

            snprintf(r.key, sizeof(r.key), "k%d", k);
            keys[g][h][k] = 1;
        }
        strcpy(r.flag, rand_r(&seed) % 3 == 0 ? "yes" : "no");
        yes[g][h] += r.flag[0] == 'y';
        add_row(a, &r);
    }
    out = agg_run_table(a);
    line = strtok_r(out, "\n", &save);
    assert_string_equal(line, "g1,g2,n,people,total,avg,med,p90,p10,top,yes,dsum,dmed");
    /* groups in byte order: A x, A y, B x, B y, C x, C y */
    for (line = strtok_r(NULL, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        static const char *const order[] = {"Ax", "Ay", "Bx", "By", "Cx", "Cy"};
        char *c[16], want[64];
        int64_t *dv, sum = 0;
        size_t k, n, distinct = 0;
        double *xv, got;

        assert_int_equal(split(line, c, 16), 13);
        assert_true(rows < 6);
        assert_int_equal(c[0][0], order[rows][0]);
        assert_int_equal(c[1][0], order[rows][1]);
        rows++;
        for (g = 0; strcmp(g1s[g], c[0]) != 0; g++) {
        }
        for (h = 0; strcmp(g2s[h], c[1]) != 0; h++) {
        }
        snprintf(want, sizeof(want), "%zu", cnt[g][h]);
        assert_string_equal(c[2], want);
        for (k = 0; k < 1000; k++) {
            distinct += (size_t)keys[g][h][k];
        }
        snprintf(want, sizeof(want), "%zu", distinct);
        assert_string_equal(c[3], want);
        n = nd[g][h];
        dv = days[g][h];
        for (k = 0; k < n; k++) {
            sum += dv[k];
        }
        snprintf(want, sizeof(want), "%lld", (long long)sum);
        assert_string_equal(c[4], want);
        snprintf(want, sizeof(want), "%.3f", (double)sum / (double)n);
        assert_string_equal(c[5], want);
        qsort(dv, n, sizeof(*dv), cmp_i64);
        snprintf(want, sizeof(want), "%lld", (long long)dv[nearest_rank(0.5, n)]);
        assert_string_equal(c[6], want);
        snprintf(want, sizeof(want), "%lld", (long long)dv[nearest_rank(0.9, n)]);
        assert_string_equal(c[7], want);
        snprintf(want, sizeof(want), "%lld", (long long)dv[nearest_rank(0.1, n)]);
        assert_string_equal(c[8], want);
        snprintf(want, sizeof(want), "%lld", (long long)dv[n - 1]);
        assert_string_equal(c[9], want);
        snprintf(want, sizeof(want), "%.4f", (double)yes[g][h] / (double)cnt[g][h]);
        assert_string_equal(c[10], want);
        snprintf(want, sizeof(want), "%.4f", dsum[g][h]);
        assert_true(fabs(strtod(c[11], NULL) - dsum[g][h]) < 0.01);
        /* decimals: a sketch, within 0.5 % of the true nearest-rank median */
        xv = dec[g][h];
        qsort(xv, nx[g][h], sizeof(*xv), cmp_dbl);
        got = strtod(c[12], NULL);
        assert_true(fabs(got - xv[nearest_rank(0.5, nx[g][h])]) <=
                    0.005 * xv[nearest_rank(0.5, nx[g][h])] + 0.005);
    }
    assert_int_equal(rows, 6);
    {
        size_t nm;
        const struct odp_agg_measure_info *mi = odp_agg_measures(a, &nm);

        assert_int_equal(nm, 11);
        assert_string_equal(mi[6].method, "exact (histogram)");
        assert_non_null(strstr(mi[10].method, "sketch"));
        assert_string_equal(mi[1].method, "exact");
    }
    free(out);
    odp_agg_free(a);
    odp_policy_free(p);
}

static void
test_approximations(void **state)
{
    static const char *const pol = "odpub: 1\nname: t\ndefault: drop\ncolumns: {}\n"
                                   "aggregate:\n  measures:\n"
                                   "    people: {count_distinct: key}\n"
                                   "    med: {median: days}\n"
                                   "    p99: {quantile: [days, 0.99]}\n";
    struct odp_policy *p = agg_load_text(pol);
    struct odp_err err;
    struct odp_agg *a;
    static int64_t v[40000];
    char *out, *c[8], *line;
    size_t i, nm;
    double got, want;
    unsigned seed = 7;
    const struct odp_agg_measure_info *mi;

    (void)state;
    odp_err_clear(&err);
    a = odp_agg_new(p, hdr, NCOL, &err);
    assert_non_null(a);
    for (i = 0; i < 40000; i++) {
        struct rowv r;

        memset(&r, 0, sizeof(r));
        v[i] = 1 + (int64_t)(rand_r(&seed) % 100000); /* many distinct integers */
        snprintf(r.days, sizeof(r.days), "%lld", (long long)v[i]);
        snprintf(r.key, sizeof(r.key), "person-%zu", i % 20000);
        add_row(a, &r);
    }
    out = agg_run_table(a);
    line = strchr(out, '\n') + 1;
    assert_int_equal(split(line, c, 8), 3);
    got = strtod(c[0], NULL);
    assert_true(fabs(got - 20000) <= 0.05 * 20000); /* HyperLogLog, 1.6 % standard error */
    qsort(v, 40000, sizeof(*v), cmp_i64);
    want = (double)v[nearest_rank(0.5, 40000)];
    got = strtod(c[1], NULL);
    assert_true(fabs(got - want) <= 0.005 * want + 0.005);
    want = (double)v[nearest_rank(0.99, 40000)];
    got = strtod(c[2], NULL);
    assert_true(fabs(got - want) <= 0.005 * want + 0.005);
    mi = odp_agg_measures(a, &nm);
    assert_non_null(strstr(mi[0].method, "hyperloglog"));
    assert_non_null(strstr(mi[1].method, "sketch"));
    free(out);
    odp_agg_free(a);
    odp_policy_free(p);
}

static void
test_errors(void **state)
{
    struct odp_policy *p;
    struct odp_err err;
    struct odp_agg *a;
    struct rowv r;
    struct odp_field f[NCOL];

    (void)state;
    p = agg_load_text("odpub: 1\nname: t\ndefault: drop\ncolumns: {}\n"
                      "aggregate:\n  by: [zone]\n  measures: {n: count}\n");
    odp_err_clear(&err);
    assert_null(odp_agg_new(p, hdr, NCOL, &err));
    assert_int_equal(err.code, ODP_EPOLICY);
    assert_non_null(strstr(err.msg, "'zone'"));
    odp_policy_free(p);
    p = agg_load_text("odpub: 1\nname: t\ndefault: drop\ncolumns: {}\n"
                      "aggregate:\n  measures: {m: {median: nope}}\n");
    odp_err_clear(&err);
    assert_null(odp_agg_new(p, hdr, NCOL, &err));
    assert_non_null(strstr(err.msg, "'nope' is not a published column"));
    odp_policy_free(p);
    p = agg_load_text("odpub: 1\nname: t\ndefault: drop\ncolumns: {}\n"
                      "aggregate:\n  measures: {m: {median: days}}\n"
                      "privacy: {small_cells: {columns: [m], threshold: 5}}\n");
    odp_err_clear(&err);
    assert_null(odp_agg_new(p, hdr, NCOL, &err));
    assert_non_null(strstr(err.msg, "must be a count"));
    odp_policy_free(p);
    /* a measured value that is not a number: ODP_EDATA naming the column, not the value */
    p = agg_load_text("odpub: 1\nname: t\ndefault: drop\ncolumns: {}\n"
                      "aggregate:\n  measures: {m: {sum: days}}\n");
    odp_err_clear(&err);
    a = odp_agg_new(p, hdr, NCOL, &err);
    assert_non_null(a);
    memset(&r, 0, sizeof(r));
    strcpy(r.days, "$12");
    memset(f, 0, sizeof(f));
    f[C_DAYS] = (struct odp_field){r.days, 3};
    assert_int_equal(odp_agg_add(a, f, "rows.csv", 7, &err), ODP_EDATA);
    assert_non_null(strstr(err.msg, "column 'days'"));
    assert_null(strstr(err.msg, "$12"));
    assert_int_equal(err.line, 7);
    odp_agg_free(a);
    odp_policy_free(p);
}

static void
test_empty_input(void **state)
{
    struct odp_policy *p = agg_load_text("odpub: 1\nname: t\ndefault: drop\ncolumns: {}\n"
                                         "aggregate:\n  measures: {n: count, m: {median: days}}\n");
    struct odp_err err;
    struct odp_agg *a;
    char *out;

    (void)state;
    odp_err_clear(&err);
    a = odp_agg_new(p, hdr, NCOL, &err);
    assert_non_null(a);
    out = agg_run_table(a);
    assert_string_equal(out, "n,m\n0,\n");
    free(out);
    odp_agg_free(a);
    odp_policy_free(p);
}

static void
test_small_cells(void **state)
{
    /* g1 partitions: A: x 3 (primary), y 10, z 7 -> z complementary;
     *                B: x 2, y 1 (two primaries, nothing more);
     *                C: y 12 with only 4 days values (median blanked), z 30;
     *                D: x 4 (alone in its partition: unprotected). */
    static const struct {
        const char *g1, *g2;
        int n, ndays;
    } groups[] = {{"A", "x", 3, 3}, {"A", "y", 10, 10}, {"A", "z", 7, 7},  {"B", "x", 2, 2},
                  {"B", "y", 1, 1}, {"D", "x", 4, 4},   {"C", "y", 12, 4}, {"C", "z", 30, 30}};
    struct odp_policy *p = agg_load_text(
        "odpub: 1\nname: t\ndefault: drop\ncolumns: {}\n"
        "aggregate:\n  by: [g1, g2]\n  measures: {n: count, med: {median: days}}\n"
        "privacy: {small_cells: {columns: [n], threshold: 5, complementary: true, by: [g1]}}\n");
    struct odp_err err;
    struct odp_agg *a;
    struct odp_agg_stats st;
    char *out;
    size_t i;
    int k;

    (void)state;
    odp_err_clear(&err);
    a = odp_agg_new(p, hdr, NCOL, &err);
    assert_non_null(a);
    for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
        for (k = 0; k < groups[i].n; k++) {
            struct rowv r;

            memset(&r, 0, sizeof(r));
            strcpy(r.g1, groups[i].g1);
            strcpy(r.g2, groups[i].g2);
            if (k < groups[i].ndays) {
                snprintf(r.days, sizeof(r.days), "%d", 10 + k);
            }
            add_row(a, &r);
        }
    }
    out = agg_run_table(a);
    assert_string_equal(out, "g1,g2,n,med\n"
                             "A,x,,\n"
                             "A,y,10,14\n"
                             "A,z,,\n"
                             "B,x,,\n"
                             "B,y,,\n"
                             "C,y,12,\n"
                             "C,z,30,24\n"
                             "D,x,,\n");
    odp_agg_stats(a, &st);
    assert_int_equal(st.groups, 8);
    assert_int_equal(st.cells_primary, 4);
    assert_int_equal(st.cells_complementary, 1);
    assert_int_equal(st.cells_unprotected, 1);
    assert_int_equal(st.groups_suppressed, 5);
    assert_int_equal(st.cells_blanked, 6); /* 5 medians of suppressed groups + C,y */
    free(out);
    odp_agg_free(a);
    odp_policy_free(p);
}

/*
 * The dense histogram's boundaries (aggregate.c: an array of counts over at most
 * ODP_AGG_HIST_DENSE consecutive integers, then the sparse map): per group, the exact
 * nearest-rank quantiles against a sort of the same values. A: values spanning exactly
 * ODP_AGG_HIST_DENSE (the lowest arrives last: growth downwards to the limit); B: one
 * more (the last value moves it to the sparse map); C: one value 70,000 times (a count
 * past 65,535 moves it); D: negative values growing both ways.
 */
#define NBND 4
#define BND_ROWS 72000

static void
test_dense_boundaries(void **state)
{
    static const char *const pol = "odpub: 1\nname: t\ndefault: drop\ncolumns: {}\n"
                                   "aggregate:\n  by: [g1]\n  measures:\n"
                                   "    n: count\n"
                                   "    med: {median: days}\n"
                                   "    p01: {quantile: [days, 0.01]}\n"
                                   "    p10: {quantile: [days, 0.1]}\n"
                                   "    p90: {quantile: [days, 0.9]}\n"
                                   "    top: {quantile: [days, 1]}\n";
    static const double qs[5] = {0.5, 0.01, 0.1, 0.9, 1};
    static int64_t v[NBND][BND_ROWS];
    size_t nv[NBND] = {0}, i, g, k, rows = 0;
    const int64_t span = ODP_AGG_HIST_DENSE;
    struct odp_policy *p = agg_load_text(pol);
    struct odp_err err;
    struct odp_agg *a;
    char *out, *line, *save = NULL;
    unsigned seed = 11;

    (void)state;
    odp_err_clear(&err);
    a = odp_agg_new(p, hdr, NCOL, &err);
    assert_non_null(a);
    /* A and B: 900 values (under 1,024 distinct: exact) within [1000 - span + 1, 1000] */
    for (g = 0; g < 2; g++) {
        v[g][nv[g]++] = 1000;
        for (i = 0; i < 898; i++) {
            v[g][nv[g]++] = 1000 - (int64_t)(rand_r(&seed) % (unsigned)(span / 2));
        }
        v[g][nv[g]++] = g == 0 ? 1000 - span + 1 : 1000 - span; /* B: one past the limit */
    }
    for (i = 0; i < 70000; i++) { /* C: a count past 65,535, then other values */
        v[2][nv[2]++] = 5;
    }
    for (i = 0; i < 500; i++) {
        v[2][nv[2]++] = (int64_t)(rand_r(&seed) % 40);
    }
    for (i = 0; i < 3000; i++) { /* D: negative, both ways from the first value */
        v[3][nv[3]++] = i % 2 ? -500 + (int64_t)(i % 700) : -500 - (int64_t)(i % 300);
    }
    for (g = 0; g < NBND; g++) {
        for (i = 0; i < nv[g]; i++) {
            struct rowv r;

            memset(&r, 0, sizeof(r));
            r.g1[0] = (char)('A' + g);
            snprintf(r.days, sizeof(r.days), "%lld", (long long)v[g][i]);
            add_row(a, &r);
        }
    }
    out = agg_run_table(a);
    line = strtok_r(out, "\n", &save);
    assert_string_equal(line, "g1,n,med,p01,p10,p90,top");
    for (line = strtok_r(NULL, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        char *c[8], want[32];

        assert_int_equal(split(line, c, 8), 7);
        g = (size_t)(c[0][0] - 'A');
        assert_true(g == rows);
        rows++;
        snprintf(want, sizeof(want), "%zu", nv[g]);
        assert_string_equal(c[1], want);
        qsort(v[g], nv[g], sizeof(v[g][0]), cmp_i64);
        for (k = 0; k < 5; k++) {
            snprintf(want, sizeof(want), "%lld", (long long)v[g][nearest_rank(qs[k], nv[g])]);
            assert_string_equal(c[2 + k], want);
        }
    }
    assert_int_equal(rows, NBND);
    /* the span of A and B is what the test is about */
    assert_int_equal(v[0][nv[0] - 1] - v[0][0], span - 1);
    assert_int_equal(v[1][nv[1] - 1] - v[1][0], span);
    free(out);
    odp_agg_free(a);
    odp_policy_free(p);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_measures_brute_force),
        cmocka_unit_test(test_approximations),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_empty_input),
        cmocka_unit_test(test_small_cells),
        cmocka_unit_test(test_dense_boundaries),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
