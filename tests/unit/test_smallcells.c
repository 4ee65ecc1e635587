/*
 * test_smallcells.c - small-cell suppression: primary and complementary cells, ties,
 * groups that cannot be protected, several counted columns, markers, errors (bad
 * counts at their position, unknown columns, misuse), and the MMR example recomputed.
 *
 * Each case runs the two passes the way release does: add every row, rewind, apply
 * every row, and checks the published fields.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "smallcells.h"

struct pol {
    struct odp_policy p;
    char *cols[4];
    char *by[4];
};

static void
mkpol(struct pol *q, const char *cols, const char *by, uint32_t threshold, int comp,
      const char *marker)
{
    static char buf[2][128];
    char *s, *save = NULL;
    size_t n;

    memset(q, 0, sizeof(*q));
    q->p.path = "test-policy.yaml";
    q->p.sc_threshold = threshold;
    q->p.sc_complementary = comp;
    q->p.sc_marker = (char *)marker;
    snprintf(buf[0], sizeof(buf[0]), "%s", cols);
    snprintf(buf[1], sizeof(buf[1]), "%s", by);
    n = 0;
    for (s = strtok_r(buf[0], ",", &save); s != NULL && n < 4; s = strtok_r(NULL, ",", &save)) {
        q->cols[n++] = s;
    }
    q->p.sc_columns = q->cols;
    q->p.nsc_columns = n;
    n = 0;
    save = NULL;
    for (s = strtok_r(buf[1], ",", &save); s != NULL && n < 4; s = strtok_r(NULL, ",", &save)) {
        q->by[n++] = s;
    }
    q->p.sc_by = q->by;
    q->p.nsc_by = n;
}

static char tmp_path[64];

static struct odp_table *
open_csv(const char *text)
{
    struct odp_err err;
    struct odp_table *t;
    int fd;

    snprintf(tmp_path, sizeof(tmp_path), "/tmp/test_smallcells.XXXXXX");
    fd = mkstemp(tmp_path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    odp_err_clear(&err);
    t = odp_table_open(tmp_path, ODP_FMT_CSV, 0, &err);
    assert_non_null(t);
    return t;
}

static void
close_csv(struct odp_table *t)
{
    odp_table_free(t);
    unlink(tmp_path);
}

/*
 * Runs both passes with the data's header as the published header; writes the published
 * rows as "a|b|c" lines into out (NUL-separated by '\n'). Returns the last rc.
 */
static int
run(const struct odp_policy *p, struct odp_table *t, char *out, size_t outsz,
    struct odp_smallcells_stats *st, struct odp_err *err)
{
    const struct odp_row *h = odp_table_header(t);
    struct odp_smallcells *sc;
    struct odp_row row;
    const struct odp_field *f;
    size_t used = 0, i;
    int rc;

    out[0] = '\0';
    sc = odp_smallcells_new(p, t, h->f, h->n, err);
    if (sc == NULL) {
        return err->code;
    }
    while ((rc = odp_table_next(t, &row, err)) == ODP_OK) {
        rc = odp_smallcells_add(sc, t, &row, row.f, err);
        if (rc < 0) {
            goto done;
        }
    }
    if (rc < 0) {
        goto done;
    }
    rc = odp_table_rewind(t, err);
    while (rc == ODP_OK && (rc = odp_table_next(t, &row, err)) == ODP_OK) {
        rc = odp_smallcells_apply(sc, t, &row, row.f, &f, err);
        if (rc < 0) {
            goto done;
        }
        for (i = 0; i < row.n; i++) {
            used += (size_t)snprintf(out + used, outsz - used, "%s%.*s", i ? "|" : "",
                                     (int)f[i].len, f[i].p);
        }
        used += (size_t)snprintf(out + used, outsz - used, "\n");
        assert_true(used < outsz);
    }
    if (rc == ODP_END) {
        rc = ODP_OK;
    }
done:
    odp_smallcells_stats(sc, st);
    odp_smallcells_free(sc);
    return rc;
}

static void
test_primary_and_complementary(void **state)
{
    struct pol q;
    struct odp_table *t;
    struct odp_smallcells_stats st;
    struct odp_err err;
    char out[1024];

    (void)state;
    /* Group A: one small cell (3) -> the smallest other (12, the first of two 12s) too.
       Group B: two small cells -> no complementary. Group C: none small. */
    t = open_csv("g,boro,count\n"
                 "A,MN,3\n"
                 "A,BK,12\n"
                 "A,QN,40\n"
                 "A,BX,12\n"
                 "B,MN,1\n"
                 "B,BK,0\n"
                 "B,QN,50\n"
                 "C,MN,10\n"
                 "C,BK,11\n");
    mkpol(&q, "count", "g", 10, 1, NULL);
    odp_err_clear(&err);
    assert_int_equal(run(&q.p, t, out, sizeof(out), &st, &err), ODP_OK);
    assert_string_equal(out, "A|MN|\n"
                             "A|BK|\n"
                             "A|QN|40\n"
                             "A|BX|12\n"
                             "B|MN|\n"
                             "B|BK|\n"
                             "B|QN|50\n"
                             "C|MN|10\n"
                             "C|BK|11\n");
    assert_int_equal(st.primary, 3);
    assert_int_equal(st.complementary, 1);
    assert_int_equal(st.groups, 3);
    assert_int_equal(st.rows, 9);
    assert_int_equal(st.unprotected, 0);
    close_csv(t);
}

static void
test_no_complementary_and_marker(void **state)
{
    struct pol q;
    struct odp_table *t;
    struct odp_smallcells_stats st;
    struct odp_err err;
    char out[1024];

    (void)state;
    t = open_csv("g,count\nA,3\nA,12\nA,40\n");
    mkpol(&q, "count", "g", 10, 0, "*");
    odp_err_clear(&err);
    assert_int_equal(run(&q.p, t, out, sizeof(out), &st, &err), ODP_OK);
    assert_string_equal(out, "A|*\nA|12\nA|40\n");
    assert_int_equal(st.primary, 1);
    assert_int_equal(st.complementary, 0);
    assert_int_equal(st.unprotected, 1); /* the group total would give it away */
    close_csv(t);
}

static void
test_unprotectable_group(void **state)
{
    struct pol q;
    struct odp_table *t;
    struct odp_smallcells_stats st;
    struct odp_err err;
    char out[1024];

    (void)state;
    /* A group of one cell: nothing to pair it with; reported as unprotected. */
    t = open_csv("g,count\nA,3\nB,20\nB,30\n");
    mkpol(&q, "count", "g", 10, 1, NULL);
    odp_err_clear(&err);
    assert_int_equal(run(&q.p, t, out, sizeof(out), &st, &err), ODP_OK);
    assert_string_equal(out, "A|\nB|20\nB|30\n");
    assert_int_equal(st.primary, 1);
    assert_int_equal(st.complementary, 0);
    assert_int_equal(st.unprotected, 1);
    close_csv(t);
}

static void
test_two_columns_and_two_by(void **state)
{
    struct pol q;
    struct odp_table *t;
    struct odp_smallcells_stats st;
    struct odp_err err;
    char out[1024];

    (void)state;
    /* Columns decide independently; groups are (ind, month); ("ab","c") != ("a","bc"). */
    t = open_csv("ind,month,n,m\n"
                 "ab,c,5,100\n"
                 "ab,c,20,200\n"
                 "ab,c,30,2\n"
                 "a,bc,5,100\n"
                 "a,bc,25,100\n");
    mkpol(&q, "n,m", "ind,month", 10, 1, "S");
    odp_err_clear(&err);
    assert_int_equal(run(&q.p, t, out, sizeof(out), &st, &err), ODP_OK);
    assert_string_equal(out, "ab|c|S|S\n"
                             "ab|c|S|200\n"
                             "ab|c|30|S\n"
                             "a|bc|S|100\n"
                             "a|bc|S|100\n");
    assert_int_equal(st.primary, 3);
    assert_int_equal(st.complementary, 3);
    assert_int_equal(st.groups, 2);
    close_csv(t);
}

static void
test_no_by_is_one_group(void **state)
{
    struct pol q;
    struct odp_table *t;
    struct odp_smallcells_stats st;
    struct odp_err err;
    char out[1024];

    (void)state;
    t = open_csv("x,count\na,50\nb,9\nc,15\n");
    mkpol(&q, "count", "", 10, 1, NULL);
    odp_err_clear(&err);
    assert_int_equal(run(&q.p, t, out, sizeof(out), &st, &err), ODP_OK);
    assert_string_equal(out, "a|50\nb|\nc|\n");
    assert_int_equal(st.groups, 1);
    close_csv(t);
}

static void
test_bad_counts(void **state)
{
    static const struct {
        const char *csv;
        uint64_t line, col;
    } bad[] = {
        {"g,count\nA,12\nA,-3\n", 3, 3},
        {"g,count\nA,12\nA,4.5\n", 3, 3},
        {"g,count\nA,\n", 2, 3},
        {"g,count\nA, 7\n", 2, 3},
        {"g,count\nA,1e3\n", 2, 3},
        {"g,count\nA,99999999999999999999\n", 2, 3},
        {"g,count\nA,12\nB,\"SECRET7\"\n", 3, 3},
    };
    struct pol q;
    struct odp_table *t;
    struct odp_smallcells_stats st;
    struct odp_err err;
    char out[1024];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        t = open_csv(bad[i].csv);
        mkpol(&q, "count", "g", 10, 1, NULL);
        odp_err_clear(&err);
        assert_int_equal(run(&q.p, t, out, sizeof(out), &st, &err), ODP_EDATA);
        assert_int_equal(err.code, ODP_EDATA);
        assert_string_equal(err.path, tmp_path);
        assert_int_equal(err.line, bad[i].line);
        assert_int_equal(err.col, bad[i].col);
        assert_non_null(strstr(err.msg, "'count'"));
        assert_null(strstr(err.msg, "SECRET"));
        assert_null(strstr(err.msg, "4.5"));
        close_csv(t);
    }
}

static void
test_policy_errors(void **state)
{
    struct pol q;
    struct odp_table *t;
    const struct odp_row *h;
    struct odp_err err;

    (void)state;
    t = open_csv("g,count\nA,1\n");
    h = odp_table_header(t);

    mkpol(&q, "cnt", "g", 10, 1, NULL);
    odp_err_clear(&err);
    assert_null(odp_smallcells_new(&q.p, t, h->f, h->n, &err));
    assert_int_equal(err.code, ODP_EPOLICY);
    assert_string_equal(err.path, "test-policy.yaml");
    assert_non_null(strstr(err.msg, "'cnt'"));

    mkpol(&q, "count", "month", 10, 1, NULL);
    odp_err_clear(&err);
    assert_null(odp_smallcells_new(&q.p, t, h->f, h->n, &err));
    assert_int_equal(err.code, ODP_EPOLICY);
    assert_non_null(strstr(err.msg, "'month'"));

    /* A counted column that is not published (only g in the output header). */
    mkpol(&q, "count", "g", 10, 1, NULL);
    odp_err_clear(&err);
    assert_null(odp_smallcells_new(&q.p, t, h->f, 1, &err));
    assert_int_equal(err.code, ODP_EPOLICY);

    mkpol(&q, "count,count", "g", 10, 1, NULL);
    odp_err_clear(&err);
    assert_null(odp_smallcells_new(&q.p, t, h->f, h->n, &err));
    assert_int_equal(err.code, ODP_EPOLICY);

    mkpol(&q, "count", "g", 0, 1, NULL);
    assert_false(odp_smallcells_wanted(&q.p));
    odp_err_clear(&err);
    assert_null(odp_smallcells_new(&q.p, t, h->f, h->n, &err));
    assert_int_equal(err.code, ODP_EINVAL);
    assert_false(odp_smallcells_wanted(NULL));
    odp_smallcells_free(NULL);
    close_csv(t);
}

static void
test_misuse(void **state)
{
    struct pol q;
    struct odp_table *t;
    const struct odp_row *h;
    struct odp_smallcells *sc;
    struct odp_row row;
    const struct odp_field *f;
    struct odp_err err;

    (void)state;
    t = open_csv("g,count\nA,1\nB,20\n");
    h = odp_table_header(t);
    mkpol(&q, "count", "g", 10, 1, NULL);
    odp_err_clear(&err);
    sc = odp_smallcells_new(&q.p, t, h->f, h->n, &err);
    assert_non_null(sc);
    assert_int_equal(odp_table_next(t, &row, &err), ODP_OK);
    assert_int_equal(odp_smallcells_add(sc, t, &row, row.f, &err), ODP_OK);
    /* Group B was never added: pass 2 must refuse rather than publish it unchecked. */
    assert_int_equal(odp_table_next(t, &row, &err), ODP_OK);
    assert_int_equal(odp_smallcells_apply(sc, t, &row, row.f, &f, &err), ODP_EINTERNAL);
    odp_err_clear(&err);
    assert_int_equal(odp_smallcells_add(sc, t, &row, row.f, &err), ODP_EINVAL);
    odp_smallcells_free(sc);
    close_csv(t);
}

static void
test_many_groups_grow(void **state)
{
    struct pol q;
    struct odp_table *t;
    struct odp_smallcells_stats st;
    struct odp_err err;
    char *csv, *out;
    size_t n = 0, cap = 1u << 20, g;

    (void)state;
    csv = malloc(cap);
    out = malloc(cap);
    assert_non_null(csv);
    assert_non_null(out);
    n += (size_t)snprintf(csv + n, cap - n, "g,count\n");
    for (g = 0; g < 3000; g++) {
        n += (size_t)snprintf(csv + n, cap - n, "G%zu,5\nG%zu,%zu\nG%zu,100\n", g, g,
                              20 + g % 7, g);
    }
    t = open_csv(csv);
    mkpol(&q, "count", "g", 10, 1, NULL);
    odp_err_clear(&err);
    assert_int_equal(run(&q.p, t, out, cap, &st, &err), ODP_OK);
    assert_int_equal(st.groups, 3000);
    assert_int_equal(st.primary, 3000);
    assert_int_equal(st.complementary, 3000);
    assert_non_null(strstr(out, "G2999|\nG2999|\nG2999|100\n"));
    close_csv(t);
    free(csv);
    free(out);
}

/*
 * The MMR example with the rule of policies/nyc-mmr-indicators.yaml, recomputed here:
 * no published count is below the threshold, and every (indicator, month) group with a
 * suppressed cell has at least two, so no hidden value follows from the group total.
 */
static void
test_mmr_example(void **state)
{
    struct pol q;
    struct odp_table *t;
    const struct odp_row *h;
    struct odp_smallcells *sc;
    struct odp_smallcells_stats st;
    struct odp_row row;
    const struct odp_field *f;
    struct odp_err err;
    struct grp {
        char key[160];
        unsigned suppressed, cells;
    } *gs;
    size_t ngs = 0, i, nsupp = 0;
    int rc;

    (void)state;
    gs = calloc(1000, sizeof(*gs));
    assert_non_null(gs);
    mkpol(&q, "count", "indicator,month", 10, 1, "");
    odp_err_clear(&err);
    t = odp_table_open(ODP_SRCDIR "/examples/mmr-indicators-sample.csv", ODP_FMT_CSV, 0, &err);
    assert_non_null(t);
    h = odp_table_header(t);
    sc = odp_smallcells_new(&q.p, t, h->f, h->n, &err);
    assert_non_null(sc);
    while ((rc = odp_table_next(t, &row, &err)) == ODP_OK) {
        assert_int_equal(odp_smallcells_add(sc, t, &row, row.f, &err), ODP_OK);
    }
    assert_int_equal(rc, ODP_END);
    assert_int_equal(odp_table_rewind(t, &err), ODP_OK);
    while ((rc = odp_table_next(t, &row, &err)) == ODP_OK) {
        char key[160];
        uint64_t v = 0;
        size_t k;

        assert_int_equal(odp_smallcells_apply(sc, t, &row, row.f, &f, &err), ODP_OK);
        snprintf(key, sizeof(key), "%.*s|%.*s", (int)f[1].len, f[1].p, (int)f[2].len, f[2].p);
        for (i = 0; i < ngs && strcmp(gs[i].key, key) != 0; i++) {
        }
        if (i == ngs) {
            assert_true(ngs < 1000);
            snprintf(gs[ngs++].key, sizeof(gs[0].key), "%s", key);
        }
        gs[i].cells++;
        if (f[4].len == 0) {
            gs[i].suppressed++;
            nsupp++;
            continue;
        }
        for (k = 0; k < f[4].len; k++) {
            v = v * 10 + (uint64_t)(f[4].p[k] - '0');
        }
        assert_true(v >= 10);
    }
    assert_int_equal(rc, ODP_END);
    odp_smallcells_stats(sc, &st);
    assert_true(st.primary > 0);                    /* the example has small cells */
    assert_int_equal(st.primary + st.complementary, nsupp);
    for (i = 0; i < ngs; i++) {
        if (gs[i].suppressed > 0 && gs[i].cells > 1) {
            assert_true(gs[i].suppressed >= 2);
        }
    }
    assert_int_equal(st.unprotected, 0);
    odp_smallcells_free(sc);
    odp_table_free(t);
    free(gs);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_primary_and_complementary),
        cmocka_unit_test(test_no_complementary_and_marker),
        cmocka_unit_test(test_unprotectable_group),
        cmocka_unit_test(test_two_columns_and_two_by),
        cmocka_unit_test(test_no_by_is_one_group),
        cmocka_unit_test(test_bad_counts),
        cmocka_unit_test(test_policy_errors),
        cmocka_unit_test(test_misuse),
        cmocka_unit_test(test_many_groups_grow),
        cmocka_unit_test(test_mmr_example),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
