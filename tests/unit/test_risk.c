/*
 * test_risk.c - unit tests for the risk module (cmocka).
 *
 * Hand-computed tables for each model, merge exactness and order independence,
 * a brute-force check of the lattice search on random small tables (every node
 * evaluated on its own, pruning must never change a verdict, the pick must be a
 * least-loss minimal passing node), limits, error paths and an allocation-failure
 * sweep. All data is synthetic; the PRNG is seeded so every run is the same.
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

#include "risk.h"
#include "risk_int.h"

/* ------------------------------------------------------------------------ */
/* Helpers                                                                  */
/* ------------------------------------------------------------------------ */

struct row {
    uint32_t qi[4];
    uint32_t sl, st;
    uint64_t w;
};

static uint64_t rng_state;

static uint32_t
rnd(uint32_t n)
{
    /* xorshift64*; n > 0 */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t)(((rng_state * 0x2545f4914f6cdd1du) >> 33) % n);
}

static struct odp_risk_counts *
counts_from(size_t nqi, int track_l, int track_t, int same, const struct row *rows, size_t n)
{
    struct odp_risk_counts_opts o;
    struct odp_risk_counts *c;
    struct odp_err err;
    size_t i;

    odp_err_clear(&err);
    odp_risk_counts_opts_init(&o);
    o.nqi = nqi;
    o.track_l = track_l;
    o.track_t = track_t;
    o.t_same_as_l = same;
    c = odp_risk_counts_new(&o, &err);
    assert_non_null(c);
    for (i = 0; i < n; i++) {
        assert_int_equal(odp_risk_counts_add(c, rows[i].qi, rows[i].sl, rows[i].st,
                                             rows[i].w == 0 ? 1 : rows[i].w, &err),
                         ODP_OK);
    }
    return c;
}

/* Levels 0..levels-1 of a QI with `values` ids where level l maps v to v >> l. */
static void
halving_map(uint32_t *map, uint32_t values, uint32_t levels)
{
    uint32_t l, v;

    for (l = 0; l < levels; l++) {
        for (v = 0; v < values; v++) {
            map[l * values + v] = l + 1 == levels && levels > 1 ? 0 : v >> l;
        }
    }
}

static int
eval_at(const struct odp_risk_counts *c, const struct odp_risk_spec *s, const uint32_t *lv,
        struct odp_risk_eval *ev)
{
    struct odp_err err;

    odp_err_clear(&err);
    return odp_risk_evaluate(c, s, lv, ev, &err);
}

/* ------------------------------------------------------------------------ */
/* Table T1: k-anonymity, suppression, losses, a small search                */
/* ------------------------------------------------------------------------ */

/*
 * age 0..3 (levels: exact, {0,1}{2,3}, *), sex 0..1 (levels: exact, *).
 * (age, sex): count = (0,0):3 (1,0):1 (2,1):2 (3,1):4 (3,0):1, 11 rows.
 */
static const uint32_t t1_age_map[] = {0, 1, 2, 3, 0, 0, 1, 1, 0, 0, 0, 0};
static const uint32_t t1_sex_map[] = {0, 1, 0, 0};
static const struct row t1_rows[] = {
    {{0, 0}, 0, 0, 3}, {{1, 0}, 0, 0, 1}, {{2, 1}, 0, 0, 2}, {{3, 1}, 0, 0, 4}, {{3, 0}, 0, 0, 1},
};

static void
t1_spec(struct odp_risk_spec *s, struct odp_risk_hier *h)
{
    h[0].levels = 3;
    h[0].values = 4;
    h[0].map = t1_age_map;
    h[1].levels = 2;
    h[1].values = 2;
    h[1].map = t1_sex_map;
    odp_risk_spec_init(s);
    s->nqi = 2;
    s->hier = h;
}

static void
test_k_anonymity(void **state)
{
    struct odp_risk_hier h[2];
    struct odp_risk_spec s;
    struct odp_risk_eval ev;
    struct odp_risk_counts *c = counts_from(2, 0, 0, 0, t1_rows, 5);
    uint32_t lv[2] = {0, 0};

    (void)state;
    t1_spec(&s, h);
    s.k = 2;
    assert_int_equal(eval_at(c, &s, lv, &ev), ODP_OK);
    assert_int_equal(ev.rows, 11);
    assert_int_equal(ev.classes, 5);
    assert_int_equal(ev.k.classes_failing, 2);
    assert_int_equal(ev.rows_suppressed, 2);
    assert_int_equal(ev.suppression_allowed, 0);
    assert_false(ev.passes);
    assert_true(ev.k.reached == 2); /* kept: 3, 2, 4 */
    assert_true(fabs(ev.risk.prosecutor_max - 0.5) < 1e-15);
    assert_true(fabs(ev.risk.prosecutor_avg - 3.0 / 9.0) < 1e-15);

    s.k = 3;
    assert_int_equal(eval_at(c, &s, lv, &ev), ODP_OK);
    assert_int_equal(ev.k.classes_failing, 3);
    assert_int_equal(ev.rows_suppressed, 4);

    /* 10%: floor(1.1) = 1 row may go */
    s.k = 2;
    s.max_suppression = 0.1;
    lv[0] = 1;
    assert_int_equal(eval_at(c, &s, lv, &ev), ODP_OK);
    assert_int_equal(ev.classes, 3);
    assert_int_equal(ev.suppression_allowed, 1);
    assert_int_equal(ev.rows_suppressed, 1);
    assert_true(ev.passes);
    assert_true(ev.k.reached == 4);

    lv[0] = 2;
    lv[1] = 1;
    assert_int_equal(eval_at(c, &s, lv, &ev), ODP_OK);
    assert_int_equal(ev.classes, 1);
    assert_true(ev.k.reached == 11);
    assert_true(ev.passes);
    odp_risk_counts_free(c);
}

static double
nue_t1(int age_level, int sex_level)
{
    /* finest counts: age 3,1,2,5; sex 5,6; n = 11 */
    double age[4] = {3, 1, 2, 5}, sex[2] = {5, 6}, loss = 0;
    double g1[2] = {4, 7};
    int v;

    for (v = 0; v < 4; v++) {
        if (age_level == 1) {
            loss += age[v] * log2(g1[v / 2] / age[v]);
        } else if (age_level == 2) {
            loss += age[v] * log2(11 / age[v]);
        }
    }
    for (v = 0; v < 2; v++) {
        if (sex_level == 1) {
            loss += sex[v] * log2(11 / sex[v]);
        }
    }
    return loss;
}

static void
test_losses(void **state)
{
    struct odp_risk_hier h[2];
    struct odp_risk_spec s;
    struct odp_risk_eval ev;
    struct odp_risk_counts *c = counts_from(2, 0, 0, 0, t1_rows, 5);
    uint32_t lv[2] = {1, 1};

    (void)state;
    t1_spec(&s, h);
    s.k = 2;
    assert_int_equal(eval_at(c, &s, lv, &ev), ODP_OK);
    assert_true(fabs(ev.loss[ODP_RISK_METRIC_PREC] - 0.75) < 1e-15);
    assert_true(ev.loss[ODP_RISK_METRIC_DM] == 16 + 49);
    assert_true(fabs(ev.loss[ODP_RISK_METRIC_NUE] - nue_t1(1, 1)) < 1e-9);
    assert_true(ev.loss[ODP_RISK_METRIC_AECS] == 5.5);

    /* at the bottom with suppression allowed: the two single rows go */
    s.max_suppression = 0.2;
    lv[0] = 0;
    lv[1] = 0;
    assert_int_equal(eval_at(c, &s, lv, &ev), ODP_OK);
    assert_int_equal(ev.rows_suppressed, 2);
    assert_true(ev.passes);
    assert_true(ev.loss[ODP_RISK_METRIC_PREC] == 0);
    assert_true(ev.loss[ODP_RISK_METRIC_DM] == 9 + 4 + 16 + 2 * 11);
    assert_true(ev.loss[ODP_RISK_METRIC_AECS] == 11.0 / 4.0);
    /* suppressed rows (1,0) and (3,0) cost -log2(f/n) on both QIs */
    assert_true(fabs(ev.loss[ODP_RISK_METRIC_NUE] -
                     (log2(11.0 / 1) + log2(11.0 / 5) + log2(11.0 / 5) + log2(11.0 / 5))) < 1e-9);
    odp_risk_counts_free(c);
}

static void
check_pick(const struct odp_risk_counts *c, struct odp_risk_spec *s, int metric, uint32_t a0,
           uint32_t a1)
{
    struct odp_risk_result *r = NULL;
    struct odp_err err;
    const struct odp_risk_eval *ev;

    odp_err_clear(&err);
    s->metric = metric;
    assert_int_equal(odp_risk_search(c, s, &r, &err), ODP_OK);
    assert_true(odp_risk_result_stats(r)->found);
    ev = odp_risk_node_eval(odp_risk_result_node(r));
    assert_int_equal(ev->levels[0], a0);
    assert_int_equal(ev->levels[1], a1);
    odp_risk_result_free(r);
}

static void
test_search_t1(void **state)
{
    struct odp_risk_hier h[2];
    struct odp_risk_spec s;
    struct odp_risk_counts *c = counts_from(2, 0, 0, 0, t1_rows, 5);
    struct odp_risk_result *r = NULL;
    struct odp_err err;
    const struct odp_risk_search_stats *st;
    uint32_t lv[2];

    (void)state;
    odp_err_clear(&err);
    t1_spec(&s, h);
    s.k = 2;
    /* minimal passing nodes: (1,1) and (2,0) */
    check_pick(c, &s, ODP_RISK_METRIC_PREC, 2, 0); /* 0.5 < 0.75 */
    check_pick(c, &s, ODP_RISK_METRIC_DM, 2, 0);   /* 61 < 65 */
    check_pick(c, &s, ODP_RISK_METRIC_AECS, 1, 1); /* 5.5 = 5.5, same height: (1,1) first */
    if (nue_t1(1, 1) <= nue_t1(2, 0)) {
        check_pick(c, &s, ODP_RISK_METRIC_NUE, 1, 1);
    } else {
        check_pick(c, &s, ODP_RISK_METRIC_NUE, 2, 0);
    }

    s.metric = ODP_RISK_METRIC_DM;
    assert_int_equal(odp_risk_search(c, &s, &r, &err), ODP_OK);
    st = odp_risk_result_stats(r);
    assert_int_equal(st->nodes_total, 6);
    assert_int_equal(st->pruning, 2);
    assert_int_equal(st->nodes_minimal, 2);
    assert_int_equal(st->nodes_passing, 3);
    assert_int_equal(st->nodes_evaluated + st->nodes_pruned, 6);
    assert_true(st->nodes_pruned > 0);
    lv[0] = 2;
    lv[1] = 1;
    assert_int_equal(odp_risk_result_node_status(r, lv) & ODP_RISK_NODE_PASS, ODP_RISK_NODE_PASS);
    assert_int_equal(odp_risk_result_node_status(r, lv) & ODP_RISK_NODE_MINIMAL, 0);
    assert_int_equal(odp_risk_result_before(r)->rows_suppressed, 2);
    assert_int_equal(odp_risk_result_before(r)->levels[0], 0);
    lv[0] = 3;
    assert_int_equal(odp_risk_result_node_status(r, lv), ODP_EINVAL);
    odp_risk_result_free(r);

    /* with 10% suppression the minimal nodes are (1,0) and (0,1) */
    s.max_suppression = 0.1;
    check_pick(c, &s, ODP_RISK_METRIC_PREC, 1, 0); /* (1,0): 0.25, (0,1): 0.5 */
    odp_risk_counts_free(c);
}

/* ------------------------------------------------------------------------ */
/* Table T2: l-diversity                                                    */
/* ------------------------------------------------------------------------ */

/*
 * One QI with classes A=0, B=1, C=2 (levels: exact, *). Sensitive:
 *   A {x:2, y:2}        distinct 2, H = log 2,        recursive r = (2,2)
 *   B {x:3, y:1, z:1}   distinct 3, H = 0.9503 (2.586), recursive r = (3,1,1)
 *   C {x:5}             distinct 1, H = 0,            recursive r = (5)
 */
static const uint32_t t2_map[] = {0, 1, 2, 0, 0, 0};
static const struct row t2_rows[] = {
    {{0}, 0, 0, 2}, {{0}, 1, 0, 2}, {{1}, 0, 0, 3}, {{1}, 1, 0, 1}, {{1}, 2, 0, 1}, {{2}, 0, 0, 5},
};

static void
t2_spec(struct odp_risk_spec *s, struct odp_risk_hier *h, int measure, double l, double cc)
{
    h->levels = 2;
    h->values = 3;
    h->map = t2_map;
    odp_risk_spec_init(s);
    s->nqi = 1;
    s->hier = h;
    s->l_measure = measure;
    s->l = l;
    s->c = cc;
    s->max_suppression = 1;
}

static void
test_ldiv_distinct(void **state)
{
    struct odp_risk_hier h;
    struct odp_risk_spec s;
    struct odp_risk_eval ev;
    struct odp_risk_counts *c = counts_from(1, 1, 0, 0, t2_rows, 6);
    uint32_t lv[1] = {0};

    (void)state;
    t2_spec(&s, &h, ODP_RISK_LDIV_DISTINCT, 2, 0);
    assert_int_equal(eval_at(c, &s, lv, &ev), ODP_OK);
    assert_int_equal(ev.ldiv.classes_failing, 1);
    assert_int_equal(ev.ldiv.rows_failing, 5);
    assert_true(ev.ldiv.reached == 2);
    s.l = 3;
    assert_int_equal(eval_at(c, &s, lv, &ev), ODP_OK);
    assert_int_equal(ev.ldiv.classes_failing, 2);
    assert_true(ev.ldiv.reached == 3);
    lv[0] = 1;
    assert_int_equal(eval_at(c, &s, lv, &ev), ODP_OK);
    assert_int_equal(ev.ldiv.classes_failing, 0);
    assert_true(ev.ldiv.reached == 3);
    odp_risk_counts_free(c);
}

static void
test_ldiv_entropy(void **state)
{
    struct odp_risk_hier h;
    struct odp_risk_spec s;
    struct odp_risk_eval ev;
    struct odp_risk_counts *c = counts_from(1, 1, 0, 0, t2_rows, 6);
    uint32_t lv[1] = {0};
    double hb = log(5.0) - 3 * log(3.0) / 5;

    (void)state;
    t2_spec(&s, &h, ODP_RISK_LDIV_ENTROPY, 2, 0);
    assert_int_equal(eval_at(c, &s, lv, &ev), ODP_OK);
    /* A sits exactly on log 2 and passes; C fails */
    assert_int_equal(ev.ldiv.classes_failing, 1);
    assert_true(fabs(ev.ldiv.reached - 2) < 1e-9);
    s.l = 2.5;
    assert_int_equal(eval_at(c, &s, lv, &ev), ODP_OK);
    assert_int_equal(ev.ldiv.classes_failing, 2);
    assert_true(fabs(ev.ldiv.reached - exp(hb)) < 1e-9);
    s.l = 2.6;
    assert_int_equal(eval_at(c, &s, lv, &ev), ODP_OK);
    assert_int_equal(ev.ldiv.classes_failing, 3);
    assert_true(ev.ldiv.reached == 0);
    odp_risk_counts_free(c);
}

static void
test_ldiv_recursive(void **state)
{
    struct odp_risk_hier h;
    struct odp_risk_spec s;
    struct odp_risk_eval ev;
    struct odp_risk_counts *c = counts_from(1, 1, 0, 0, t2_rows, 6);
    uint32_t lv[1] = {0};

    (void)state;
    /* (c=2, l=2): A 2 < 2*2, B 3 < 2*(1+1), C has no tail */
    t2_spec(&s, &h, ODP_RISK_LDIV_RECURSIVE, 2, 2);
    assert_int_equal(eval_at(c, &s, lv, &ev), ODP_OK);
    assert_int_equal(ev.ldiv.classes_failing, 1);
    assert_true(ev.ldiv.reached == 1.5);
    /* c = 1.5: B is 3 < 3, false */
    s.c = 1.5;
    assert_int_equal(eval_at(c, &s, lv, &ev), ODP_OK);
    assert_int_equal(ev.ldiv.classes_failing, 2);
    assert_true(ev.ldiv.reached == 1);
    /* c = 1: A is 2 < 2, false */
    s.c = 1;
    assert_int_equal(eval_at(c, &s, lv, &ev), ODP_OK);
    assert_int_equal(ev.ldiv.classes_failing, 3);
    /* (c=4, l=3): A has 2 values, fails; B 3 < 4*1 */
    s.c = 4;
    s.l = 3;
    assert_int_equal(eval_at(c, &s, lv, &ev), ODP_OK);
    assert_int_equal(ev.ldiv.classes_failing, 2);
    assert_true(ev.ldiv.reached == 3);
    /* union {x:10, y:3, z:1}, (c=2, l=2): 10 < 8 is false */
    s.c = 2;
    s.l = 2;
    lv[0] = 1;
    assert_int_equal(eval_at(c, &s, lv, &ev), ODP_OK);
    assert_int_equal(ev.ldiv.classes_failing, 1);
    assert_int_equal(ev.rows_suppressed, 14);
    odp_risk_counts_free(c);
}

/*
 * With suppression, recursive (c,l) is not monotone: the bottom node passes by
 * suppressing C, the top node fails whole. The search must not prune upwards.
 */
static void
test_ldiv_not_monotone_with_suppression(void **state)
{
    struct odp_risk_hier h;
    struct odp_risk_spec s;
    struct odp_risk_counts *c = counts_from(1, 1, 0, 0, t2_rows, 6);
    struct odp_risk_result *r = NULL;
    struct odp_err err;
    uint32_t lv[1] = {1};

    (void)state;
    odp_err_clear(&err);
    t2_spec(&s, &h, ODP_RISK_LDIV_RECURSIVE, 2, 2);
    s.max_suppression = 5.0 / 14.0 + 1e-12;
    assert_int_equal(odp_risk_search(c, &s, &r, &err), ODP_OK);
    assert_int_equal(odp_risk_result_stats(r)->pruning, 0);
    assert_int_equal(odp_risk_result_stats(r)->nodes_evaluated, 2);
    assert_int_equal(odp_risk_result_node_status(r, lv), ODP_RISK_NODE_EVALUATED);
    lv[0] = 0;
    assert_int_equal(odp_risk_result_node_status(r, lv),
                     ODP_RISK_NODE_EVALUATED | ODP_RISK_NODE_PASS | ODP_RISK_NODE_MINIMAL);
    odp_risk_result_free(r);

    /* entropy: {x:1,y:1} passes l=2, {x:100} fails, the union fails */
    odp_risk_counts_free(c);
    {
        static const uint32_t m2[] = {0, 1, 0, 0};
        static const struct row rows[] = {{{0}, 0, 0, 1}, {{0}, 1, 0, 1}, {{1}, 0, 0, 100}};
        struct odp_risk_hier h2 = {2, 2, m2};
        struct odp_risk_eval ev;

        c = counts_from(1, 1, 0, 0, rows, 3);
        odp_risk_spec_init(&s);
        s.nqi = 1;
        s.hier = &h2;
        s.l_measure = ODP_RISK_LDIV_ENTROPY;
        s.l = 2;
        s.max_suppression = 100.5 / 102.0; /* 100 rows */
        lv[0] = 0;
        assert_int_equal(eval_at(c, &s, lv, &ev), ODP_OK);
        assert_true(ev.passes);
        lv[0] = 1;
        assert_int_equal(eval_at(c, &s, lv, &ev), ODP_OK);
        assert_false(ev.passes);
        odp_risk_counts_free(c);
    }
}

/* ------------------------------------------------------------------------ */
/* Table T3: t-closeness (Li, Li, Venkatasubramanian 2007, salary example)  */
/* ------------------------------------------------------------------------ */

/*
 * Salaries 3k..11k are sensitive ids 0..8 (in order), one row each. Classes:
 * 0 = {3k,4k,5k}, 1 = {6k,8k,11k}, 2 = {7k,9k,10k}. Ordered EMD: 0.375, 1/6,
 * 17/72. Equal distance: 2/3 for every class.
 */
static const uint32_t t3_map[] = {0, 1, 2, 0, 0, 0};
static const struct row t3_rows[] = {
    {{0}, 0, 0, 1}, {{0}, 0, 1, 1}, {{0}, 0, 2, 1}, {{1}, 0, 3, 1}, {{1}, 0, 5, 1},
    {{1}, 0, 8, 1}, {{2}, 0, 4, 1}, {{2}, 0, 6, 1}, {{2}, 0, 7, 1},
};

static void
t3_spec(struct odp_risk_spec *s, struct odp_risk_hier *h, int measure, double t)
{
    h->levels = 2;
    h->values = 3;
    h->map = t3_map;
    odp_risk_spec_init(s);
    s->nqi = 1;
    s->hier = h;
    s->t_measure = measure;
    s->t = t;
    s->max_suppression = 1;
}

static void
test_tcloseness(void **state)
{
    struct odp_risk_hier h;
    struct odp_risk_spec s;
    struct odp_risk_eval ev;
    struct odp_risk_counts *c = counts_from(1, 0, 1, 0, t3_rows, 9);
    uint32_t lv[1] = {0};
    uint32_t reversed[9] = {8, 7, 6, 5, 4, 3, 2, 1, 0};
    uint32_t dup[9] = {0, 1, 2, 3, 4, 5, 6, 7, 7};
    struct odp_err err;

    (void)state;
    t3_spec(&s, &h, ODP_RISK_T_ORDERED, 0.375);
    assert_int_equal(eval_at(c, &s, lv, &ev), ODP_OK);
    assert_int_equal(ev.tclose.classes_failing, 0);
    assert_true(ev.tclose.reached == 0.375);
    s.t = 0.3;
    assert_int_equal(eval_at(c, &s, lv, &ev), ODP_OK);
    assert_int_equal(ev.tclose.classes_failing, 1);
    assert_true(ev.tclose.reached == 17.0 / 72.0);
    s.t = 0.2;
    assert_int_equal(eval_at(c, &s, lv, &ev), ODP_OK);
    assert_int_equal(ev.tclose.classes_failing, 2);
    assert_true(ev.tclose.reached == 1.0 / 6.0);
    /* reversed order: same distances by symmetry */
    s.t_order = reversed;
    s.t_order_len = 9;
    s.t = 0.3;
    assert_int_equal(eval_at(c, &s, lv, &ev), ODP_OK);
    assert_int_equal(ev.tclose.classes_failing, 1);
    assert_true(ev.tclose.reached == 17.0 / 72.0);
    /* duplicate ranks are refused; so is an order too short */
    s.t_order = dup;
    odp_err_clear(&err);
    assert_int_equal(odp_risk_evaluate(c, &s, lv, &ev, &err), ODP_EINVAL);
    s.t_order = reversed;
    s.t_order_len = 8;
    assert_int_equal(odp_risk_evaluate(c, &s, lv, &ev, NULL), ODP_EINVAL);
    s.t_order = NULL;
    s.t_order_len = 0;

    /* equal distance */
    t3_spec(&s, &h, ODP_RISK_T_EQUAL, 0.6);
    assert_int_equal(eval_at(c, &s, lv, &ev), ODP_OK);
    assert_int_equal(ev.tclose.classes_failing, 3);
    s.t = 2.0 / 3.0;
    assert_int_equal(eval_at(c, &s, lv, &ev), ODP_OK);
    assert_int_equal(ev.tclose.classes_failing, 0);
    assert_true(ev.tclose.reached == 2.0 / 3.0);
    /* the whole table is the reference: distance 0 */
    lv[0] = 1;
    s.t = 0;
    assert_int_equal(eval_at(c, &s, lv, &ev), ODP_OK);
    assert_int_equal(ev.tclose.classes_failing, 0);
    assert_true(ev.tclose.reached == 0);
    odp_risk_counts_free(c);
}

/* l-diversity and t-closeness on one column, stored once. */
static void
test_same_column(void **state)
{
    struct odp_risk_hier h;
    struct odp_risk_spec s;
    struct odp_risk_eval ev;
    struct row rows[9];
    struct odp_risk_counts *c;
    uint32_t lv[1] = {0};
    size_t i;

    (void)state;
    for (i = 0; i < 9; i++) {
        rows[i] = t3_rows[i];
        rows[i].sl = rows[i].st;
    }
    c = counts_from(1, 1, 1, 1, rows, 9);
    t3_spec(&s, &h, ODP_RISK_T_ORDERED, 0.3);
    s.l_measure = ODP_RISK_LDIV_DISTINCT;
    s.l = 3;
    assert_int_equal(eval_at(c, &s, lv, &ev), ODP_OK);
    assert_int_equal(ev.tclose.classes_failing, 1);
    assert_int_equal(ev.ldiv.classes_failing, 0);
    assert_int_equal(ev.rows_suppressed, 3);
    odp_risk_counts_free(c);
}

/* ------------------------------------------------------------------------ */
/* k-map and risks                                                           */
/* ------------------------------------------------------------------------ */

static void
test_kmap(void **state)
{
    static const uint32_t zip_map[] = {0, 1, 2, 3, 0, 0, 1, 1};
    static const uint32_t sex_map[] = {0, 1};
    static const struct row rows[] = {
        {{0, 0}, 0, 0, 2},
        {{1, 1}, 0, 0, 1},
        {{2, 0}, 0, 0, 1},
        {{3, 1}, 0, 0, 2},
    };
    struct odp_risk_hier h[2] = {{2, 4, zip_map}, {1, 2, sex_map}};
    unsigned char named[2] = {1, 0};
    struct odp_risk_counts *c = counts_from(2, 0, 0, 0, rows, 4);
    struct odp_risk_pop *p;
    struct odp_risk_spec s;
    struct odp_risk_eval ev;
    struct odp_err err;
    uint32_t cell[2] = {0, 7}, lv[2] = {0, 0};

    (void)state;
    odp_err_clear(&err);
    p = odp_risk_pop_new(2, named, 0, &err);
    assert_non_null(p);
    assert_int_equal(odp_risk_pop_add(p, cell, 4, &err), ODP_OK);
    cell[1] = 1; /* unnamed: ignored, sums into the same cell */
    assert_int_equal(odp_risk_pop_add(p, cell, 6, &err), ODP_OK);
    cell[0] = 1;
    assert_int_equal(odp_risk_pop_add(p, cell, 3, &err), ODP_OK);
    cell[0] = 2;
    assert_int_equal(odp_risk_pop_add(p, cell, 50, &err), ODP_OK);
    odp_risk_spec_init(&s);
    s.nqi = 2;
    s.hier = h;
    s.pop = p;
    s.k_map = 5;
    s.max_suppression = 1;
    assert_int_equal(eval_at(c, &s, lv, &ev), ODP_OK);
    assert_int_equal(ev.kmap.classes_failing, 2); /* zip1: 3, zip3: none */
    assert_int_equal(ev.rows_suppressed, 3);
    assert_true(ev.kmap.reached == 10);
    assert_true(ev.risk.journalist_max == 0.1);
    assert_true(fabs(ev.risk.marketer - (2.0 / 10 + 1.0 / 50) / 3) < 1e-15);
    assert_true(ev.risk.prosecutor_max == 1);
    assert_true(fabs(ev.risk.prosecutor_avg - 2.0 / 3) < 1e-15);
    assert_int_equal(ev.risk.pop_undercounts, 0);

    lv[0] = 1;
    assert_int_equal(eval_at(c, &s, lv, &ev), ODP_OK);
    assert_int_equal(ev.kmap.classes_failing, 0);
    assert_true(ev.kmap.reached == 13);

    /* population for risk only: zip3 (F = 0 < 2) is an undercount, F = 2 */
    s.k_map = 0;
    lv[0] = 0;
    assert_int_equal(eval_at(c, &s, lv, &ev), ODP_OK);
    assert_int_equal(ev.rows_suppressed, 0);
    assert_int_equal(ev.risk.pop_undercounts, 1);
    assert_true(fabs(ev.risk.journalist_max - 1.0 / 2) < 1e-15);
    assert_true(fabs(ev.risk.marketer - (2.0 / 10 + 1.0 / 3 + 1.0 / 50 + 2.0 / 2) / 6) < 1e-15);
    odp_risk_pop_free(p);
    odp_risk_counts_free(c);
}

/* ------------------------------------------------------------------------ */
/* Merge, order independence, second-pass queries                            */
/* ------------------------------------------------------------------------ */

static size_t
random_rows(struct row *rows, size_t n, size_t nqi, const uint32_t *values, uint32_t nsl,
            uint32_t nst)
{
    size_t i, q;

    for (i = 0; i < n; i++) {
        memset(&rows[i], 0, sizeof(rows[i]));
        for (q = 0; q < nqi; q++) {
            /* skewed: small ids are common */
            rows[i].qi[q] = rnd(1 + rnd(values[q]));
        }
        rows[i].sl = rnd(1 + rnd(nsl));
        rows[i].st = rnd(nst);
        rows[i].w = 1 + (rnd(8) == 0 ? rnd(3) : 0);
    }
    return n;
}

static void
test_merge_and_order(void **state)
{
    static const uint32_t values[3] = {7, 5, 3};
    struct row rows[600], shuffled[600], tmp;
    struct odp_risk_counts *all, *a, *b, *d;
    struct odp_risk_hier h[3];
    uint32_t maps[3][7 * 3];
    struct odp_risk_spec s;
    struct odp_risk_eval e1, e2, e3;
    struct odp_err err;
    uint32_t lv[3] = {1, 0, 1};
    size_t i, j, q;

    (void)state;
    rng_state = 42;
    random_rows(rows, 600, 3, values, 6, 9);
    all = counts_from(3, 1, 1, 0, rows, 600);
    a = counts_from(3, 1, 1, 0, rows, 250);
    b = counts_from(3, 1, 1, 0, rows + 250, 350);
    odp_err_clear(&err);
    assert_int_equal(odp_risk_counts_merge(a, b, &err), ODP_OK);
    assert_true(odp_risk_counts_equal(a, all));
    assert_int_equal(odp_risk_counts_rows(a), odp_risk_counts_rows(all));
    assert_int_equal(odp_risk_counts_classes(a), odp_risk_counts_classes(all));
    assert_true(odp_risk_counts_memory(a) > 0);
    /* merging into itself or across shapes is refused */
    assert_int_equal(odp_risk_counts_merge(a, a, &err), ODP_EINVAL);
    d = counts_from(3, 1, 0, 0, rows, 1);
    assert_int_equal(odp_risk_counts_merge(d, a, NULL), ODP_EINVAL);
    odp_risk_counts_free(d);

    /* shuffled rows build a table with another layout but the same results */
    memcpy(shuffled, rows, sizeof(rows));
    for (i = 599; i > 0; i--) {
        j = rnd((uint32_t)i + 1);
        tmp = shuffled[i];
        shuffled[i] = shuffled[j];
        shuffled[j] = tmp;
    }
    d = counts_from(3, 1, 1, 0, shuffled, 600);
    assert_true(odp_risk_counts_equal(d, all));

    for (q = 0; q < 3; q++) {
        h[q].levels = 3;
        h[q].values = values[q];
        h[q].map = maps[q];
        halving_map(maps[q], values[q], 3);
    }
    odp_risk_spec_init(&s);
    s.nqi = 3;
    s.hier = h;
    s.k = 3;
    s.l_measure = ODP_RISK_LDIV_ENTROPY;
    s.l = 1.5;
    s.t_measure = ODP_RISK_T_ORDERED;
    s.t = 0.3;
    s.max_suppression = 0.2;
    assert_int_equal(eval_at(all, &s, lv, &e1), ODP_OK);
    assert_int_equal(eval_at(a, &s, lv, &e2), ODP_OK);
    assert_int_equal(eval_at(d, &s, lv, &e3), ODP_OK);
    assert_memory_equal(&e1, &e2, sizeof(e1));
    assert_memory_equal(&e1, &e3, sizeof(e1));
    odp_risk_counts_free(all);
    odp_risk_counts_free(a);
    odp_risk_counts_free(b);
    odp_risk_counts_free(d);
}

static void
test_node_suppressed(void **state)
{
    struct odp_risk_hier h[2];
    struct odp_risk_spec s;
    struct odp_risk_counts *c = counts_from(2, 0, 0, 0, t1_rows, 5);
    struct odp_risk_node *n;
    struct odp_err err;
    uint32_t lv[2] = {1, 0}, row[2];

    (void)state;
    odp_err_clear(&err);
    t1_spec(&s, h);
    s.k = 2;
    s.max_suppression = 0.1;
    n = odp_risk_node_new(c, &s, lv, &err);
    assert_non_null(n);
    assert_true(odp_risk_node_eval(n)->passes);
    /* at (1,0) only the class ({2,3}, 0) of size 1 fails */
    row[0] = 3;
    row[1] = 0;
    assert_int_equal(odp_risk_node_suppressed(n, row), 1);
    row[0] = 2; /* never counted, same class: suppressed too */
    assert_int_equal(odp_risk_node_suppressed(n, row), 1);
    row[1] = 1;
    assert_int_equal(odp_risk_node_suppressed(n, row), 0);
    row[0] = 0;
    row[1] = 0;
    assert_int_equal(odp_risk_node_suppressed(n, row), 0);
    row[0] = 4;
    assert_int_equal(odp_risk_node_suppressed(n, row), ODP_EINVAL);
    assert_int_equal(odp_risk_node_suppressed(n, NULL), ODP_EINVAL);
    odp_risk_node_free(n);
    odp_risk_node_free(NULL);
    odp_risk_counts_free(c);
}

/* ------------------------------------------------------------------------ */
/* Brute force: the search against every node evaluated on its own           */
/* ------------------------------------------------------------------------ */

struct bf_case {
    size_t nqi;
    uint32_t values[3], levels[3];
    int nested;
    uint32_t maps[3][8 * 4];
    struct odp_risk_hier h[3];
};

static void
bf_hier(struct bf_case *k, size_t q)
{
    uint32_t l, v, vals = k->values[q], L = k->levels[q];
    uint32_t *m = k->maps[q];

    for (v = 0; v < vals; v++) {
        m[v] = v;
    }
    for (l = 1; l < L; l++) {
        for (v = 0; v < vals; v++) {
            if (k->nested) {
                /* merge runs of the level below: id / 2 (or / 3) of the parent */
                m[l * vals + v] = m[(l - 1) * vals + v] / (q == 1 ? 3 : 2);
            } else {
                /* shifted bands: not nested */
                m[l * vals + v] = ((v + l) / (l + 1)) % vals;
            }
        }
    }
    k->h[q].levels = L;
    k->h[q].values = vals;
    k->h[q].map = m;
}

static size_t
bf_index(const struct bf_case *k, const uint32_t *lv)
{
    size_t q, idx = 0;

    for (q = 0; q < k->nqi; q++) {
        idx = idx * k->levels[q] + lv[q];
    }
    return idx;
}

static void
bf_decode(const struct bf_case *k, size_t idx, uint32_t *lv)
{
    size_t q;

    for (q = k->nqi; q-- > 0;) {
        lv[q] = (uint32_t)(idx % k->levels[q]);
        idx /= k->levels[q];
    }
}

/* What the brute-force runs covered, so a quiet pass cannot hide a dull sample. */
static struct {
    unsigned modes[3], found, pruned_runs, nonnested, pop, minimal_multi;
} bf_seen;

static void
bf_run(int iter)
{
    struct bf_case k;
    struct row rows[300];
    struct odp_risk_counts *c;
    struct odp_risk_pop *pop = NULL;
    struct odp_risk_spec s;
    struct odp_risk_result *r = NULL;
    struct odp_risk_eval *evs;
    struct odp_err err;
    unsigned char named[3] = {1, 0, 1};
    uint32_t lv[3], nl[3], cell[3];
    size_t q, n = 1, i, nrows, best = SIZE_MAX, bh = 0, h;
    int pass, minimal, flags, same;
    const struct odp_risk_search_stats *st;
    const struct odp_risk_eval *chosen;

    memset(&k, 0, sizeof(k));
    k.nqi = 2 + rnd(2);
    k.nested = rnd(5) != 0;
    for (q = 0; q < k.nqi; q++) {
        k.values[q] = 3 + rnd(6);
        k.levels[q] = 1 + rnd(4);
        bf_hier(&k, q);
        n *= k.levels[q];
    }
    nrows = 20 + rnd(280);
    random_rows(rows, nrows, k.nqi, k.values, 1 + rnd(5), 2 + rnd(6));
    same = rnd(3) == 0;
    if (same) {
        for (i = 0; i < nrows; i++) {
            rows[i].st = rows[i].sl;
        }
    }
    c = counts_from(k.nqi, 1, 1, same, rows, nrows);

    odp_risk_spec_init(&s);
    s.nqi = k.nqi;
    s.hier = k.h;
    s.k = rnd(3) == 0 ? 0 : 1 + rnd(6);
    s.l_measure = (enum odp_risk_ldiv)rnd(4);
    s.l = s.l_measure == ODP_RISK_LDIV_ENTROPY ? 1 + rnd(30) / 10.0 : 1 + rnd(3);
    s.c = 0.5 + rnd(8) / 2.0;
    s.t_measure = (enum odp_risk_tdist)rnd(3);
    s.t = rnd(11) / 10.0;
    s.metric = (enum odp_risk_metric)rnd(ODP_RISK_METRIC_COUNT);
    switch (rnd(4)) {
    case 0:
        s.max_suppression = 0;
        break;
    case 1:
        s.max_suppression = 0.02;
        break;
    case 2:
        s.max_suppression = 0.1;
        break;
    default:
        s.max_suppression = 0.3;
        break;
    }
    odp_err_clear(&err);
    if (rnd(3) == 0) {
        named[1] = (unsigned char)rnd(2);
        pop = odp_risk_pop_new(k.nqi, named, 0, &err);
        assert_non_null(pop);
        for (i = 0; i < 40; i++) {
            for (q = 0; q < k.nqi; q++) {
                cell[q] = rnd(k.values[q]);
            }
            assert_int_equal(odp_risk_pop_add(pop, cell, rnd(20), &err), ODP_OK);
        }
        s.pop = pop;
        s.k_map = rnd(2) == 0 ? 0 : 1 + rnd(30);
    }

    assert_int_equal(odp_risk_search(c, &s, &r, &err), ODP_OK);
    st = odp_risk_result_stats(r);
    assert_int_equal(st->nodes_total, n);
    assert_int_equal(st->nodes_evaluated + st->nodes_pruned, n);

    bf_seen.modes[st->pruning]++;
    bf_seen.found += st->found != 0;
    bf_seen.pruned_runs += st->nodes_pruned > 0;
    bf_seen.nonnested += !k.nested;
    bf_seen.pop += pop != NULL;
    bf_seen.minimal_multi += st->nodes_minimal > 1;
    evs = calloc(n, sizeof(*evs));
    assert_non_null(evs);
    for (i = 0; i < n; i++) {
        bf_decode(&k, i, lv);
        assert_int_equal(eval_at(c, &s, lv, &evs[i]), ODP_OK);
    }
    for (i = 0; i < n; i++) {
        bf_decode(&k, i, lv);
        pass = evs[i].passes;
        minimal = pass;
        for (q = 0; q < k.nqi && minimal; q++) {
            if (lv[q] > 0) {
                memcpy(nl, lv, sizeof(nl));
                nl[q]--;
                if (evs[bf_index(&k, nl)].passes) {
                    minimal = 0;
                }
            }
        }
        flags = odp_risk_result_node_status(r, lv);
        assert_true(flags >= 0);
        if (!!(flags & ODP_RISK_NODE_PASS) != pass) {
            fail_msg("iter %d node %zu: search verdict %d, evaluation %d (pruning %d)", iter, i,
                     flags, pass, st->pruning);
        }
        assert_int_equal(!!(flags & ODP_RISK_NODE_MINIMAL), minimal);
        if (minimal) {
            h = 0;
            for (q = 0; q < k.nqi; q++) {
                h += lv[q];
            }
            if (best == SIZE_MAX || evs[i].loss[s.metric] < evs[best].loss[s.metric] ||
                (evs[i].loss[s.metric] == evs[best].loss[s.metric] && h < bh)) {
                best = i;
                bh = h;
            }
        }
    }
    if (best == SIZE_MAX) {
        assert_false(st->found);
        assert_null(odp_risk_result_node(r));
    } else {
        assert_true(st->found);
        chosen = odp_risk_node_eval(odp_risk_result_node(r));
        bf_decode(&k, best, lv);
        for (q = 0; q < k.nqi; q++) {
            assert_int_equal(chosen->levels[q], lv[q]);
        }
        assert_memory_equal(chosen, &evs[best], sizeof(*chosen));
        /* the second pass agrees with the class verdicts */
        for (i = 0; i < nrows; i++) {
            assert_true(odp_risk_node_suppressed(odp_risk_result_node(r), rows[i].qi) >= 0);
        }
    }
    assert_memory_equal(odp_risk_result_before(r), &evs[0], sizeof(evs[0]));
    free(evs);
    odp_risk_result_free(r);
    odp_risk_pop_free(pop);
    odp_risk_counts_free(c);
}

/* ------------------------------------------------------------------------ */
/* Reference: every model recomputed naively from the rows, per class       */
/* ------------------------------------------------------------------------ */

/*
 * A separate, deliberately plain implementation of the definitions (docs/PRIVACY.md):
 * rows are grouped by their mapped tuple with a quadratic scan, each class's sensitive
 * histogram is built by counting, entropy in doubles, EMD by the textbook formulas
 * (ordered: sum of |cumulative differences| / (m - 1) over the m values present in the
 * table; equal: half the L1 distance), k-map by summing the population cells whose
 * mapped named ids match. The module must agree on every class verdict and figure.
 */
#define REF_MAXV 16

static double
ref_emd(const double *pc, const double *pg, const uint32_t *rank, size_t nv, int ordered)
{
    double by_rank[REF_MAXV] = {0}, gr[REF_MAXV] = {0}, cum = 0, d = 0;
    size_t i, m = 0;
    int present[REF_MAXV] = {0};

    if (!ordered) {
        for (i = 0; i < nv; i++) {
            d += fabs(pc[i] - pg[i]);
        }
        return d / 2;
    }
    for (i = 0; i < nv; i++) {
        if (pg[i] > 0) {
            present[rank[i]] = 1;
        }
    }
    /* compact ranks of the values present in the table */
    {
        size_t pos[REF_MAXV], r, k = 0;

        for (r = 0; r < REF_MAXV; r++) {
            pos[r] = present[r] ? k++ : SIZE_MAX;
        }
        m = k;
        for (i = 0; i < nv; i++) {
            if (pg[i] > 0) {
                by_rank[pos[rank[i]]] += pc[i];
                gr[pos[rank[i]]] += pg[i];
            }
        }
    }
    if (m < 2) {
        return 0;
    }
    for (i = 0; i + 1 < m; i++) {
        cum += by_rank[i] - gr[i];
        d += fabs(cum);
    }
    return d / (double)(m - 1);
}

static void
ref_run(int iter)
{
    struct row rows[120];
    uint32_t maps[3][REF_MAXV * 3], lv[3], tup[120][3], rank[REF_MAXV];
    struct odp_risk_hier h[3];
    struct odp_risk_spec s;
    struct odp_risk_eval ev;
    struct odp_risk_counts *c;
    struct odp_risk_pop *pop = NULL;
    struct odp_err err;
    unsigned char named[3] = {1, 0, 1};
    uint32_t popcell[40][3];
    uint64_t popcnt[40];
    size_t nqi = 2 + rnd(2), nrows = 5 + rnd(110), nv_l = 1 + rnd(6), nv_t = 2 + rnd(8);
    size_t q, i, j, v, npop = 0;
    uint32_t values[3];
    double gl[REF_MAXV] = {0}, gt[REF_MAXV] = {0};
    uint64_t want_fail[4] = {0}, want_sup_rows = 0, want_classes = 0, min_kept = 0;
    double want_l_reached = 0, want_t_reached = 0;
    int first = 1, ordered = rnd(2);

    for (q = 0; q < nqi; q++) {
        values[q] = 2 + rnd(REF_MAXV - 2);
        for (v = 0; v < values[q]; v++) {
            maps[q][v] = (uint32_t)v;
            maps[q][values[q] + v] = (uint32_t)(v / 3);
            maps[q][2 * values[q] + v] = (uint32_t)((v + 1) % 2); /* not nested */
        }
        h[q].levels = 3;
        h[q].values = values[q];
        h[q].map = maps[q];
        lv[q] = rnd(3);
    }
    for (v = 0; v < REF_MAXV; v++) {
        rank[v] = (uint32_t)((v * 7 + 3) % REF_MAXV); /* a permutation of 0..15 */
    }
    for (i = 0; i < nrows; i++) {
        memset(&rows[i], 0, sizeof(rows[i]));
        for (q = 0; q < nqi; q++) {
            rows[i].qi[q] = rnd(values[q]);
            tup[i][q] = maps[q][lv[q] * values[q] + rows[i].qi[q]];
        }
        rows[i].sl = rnd((uint32_t)nv_l);
        rows[i].st = rnd((uint32_t)nv_t);
        rows[i].w = 1;
        gl[rows[i].sl] += 1;
        gt[rows[i].st] += 1;
    }
    c = counts_from(nqi, 1, 1, 0, rows, nrows);
    odp_risk_spec_init(&s);
    s.nqi = nqi;
    s.hier = h;
    s.k = 1 + rnd(5);
    s.l_measure = (enum odp_risk_ldiv)(1 + rnd(3));
    s.l = s.l_measure == ODP_RISK_LDIV_ENTROPY ? 1 + rnd(25) / 10.0 : 1 + rnd(3);
    s.c = 0.5 + rnd(8) / 2.0;
    s.t_measure = ordered ? ODP_RISK_T_ORDERED : ODP_RISK_T_EQUAL;
    s.t_order = ordered ? rank : NULL;
    s.t_order_len = ordered ? REF_MAXV : 0;
    s.t = rnd(11) / 10.0;
    s.max_suppression = 1;
    odp_err_clear(&err);
    if (rnd(2) == 0) {
        pop = odp_risk_pop_new(nqi, named, 0, &err);
        assert_non_null(pop);
        npop = 10 + rnd(30);
        for (j = 0; j < npop; j++) {
            for (q = 0; q < nqi; q++) {
                popcell[j][q] = rnd(values[q]);
            }
            popcnt[j] = rnd(15);
            assert_int_equal(odp_risk_pop_add(pop, popcell[j], popcnt[j], &err), ODP_OK);
        }
        s.pop = pop;
        s.k_map = 1 + rnd(25);
    }
    assert_int_equal(eval_at(c, &s, lv, &ev), ODP_OK);

    for (i = 0; i < nrows; i++) {
        double hl[REF_MAXV] = {0}, ht[REF_MAXV] = {0}, pc[REF_MAXV], pg[REF_MAXV];
        uint64_t size = 0, cnt[REF_MAXV], fpop = 0;
        size_t distinct = 0, r;
        double ent = 0, lval, emd;
        int seen_before = 0, fl = 0, okl;

        for (j = 0; j < i && !seen_before; j++) {
            seen_before = memcmp(tup[i], tup[j], nqi * sizeof(uint32_t)) == 0;
        }
        if (seen_before) {
            continue;
        }
        want_classes++;
        for (j = 0; j < nrows; j++) {
            if (memcmp(tup[i], tup[j], nqi * sizeof(uint32_t)) == 0) {
                size++;
                hl[rows[j].sl] += 1;
                ht[rows[j].st] += 1;
            }
        }
        for (v = 0; v < nv_l; v++) {
            distinct += hl[v] > 0;
            if (hl[v] > 0) {
                ent -= hl[v] / (double)size * log(hl[v] / (double)size);
            }
            cnt[v] = (uint64_t)hl[v];
        }
        switch (s.l_measure) {
        case ODP_RISK_LDIV_DISTINCT:
            okl = (double)distinct >= s.l;
            lval = (double)distinct;
            break;
        case ODP_RISK_LDIV_ENTROPY:
            okl = ent >= log(s.l) - 1e-9;
            lval = exp(ent);
            break;
        default: {
            /* (c,l): r1 < c (r_l + ... + r_m), r sorted descending */
            uint64_t tail = 0;
            size_t a, b;

            for (a = 0; a < nv_l; a++) {
                for (b = a + 1; b < nv_l; b++) {
                    if (cnt[b] > cnt[a]) {
                        uint64_t t = cnt[a];

                        cnt[a] = cnt[b];
                        cnt[b] = t;
                    }
                }
            }
            for (r = (size_t)s.l - 1; r < distinct; r++) {
                tail += cnt[r];
            }
            okl = distinct > 0 && (double)cnt[0] < s.c * (double)tail;
            lval = tail == 0 ? INFINITY : (double)cnt[0] / (double)tail;
            break;
        }
        }
        for (v = 0; v < nv_t; v++) {
            pc[v] = ht[v] / (double)size;
            pg[v] = gt[v] / (double)nrows;
        }
        emd = ref_emd(pc, pg, rank, nv_t, ordered);
        if (pop != NULL) {
            for (j = 0; j < npop; j++) {
                int match = 1;

                for (q = 0; q < nqi; q++) {
                    if (named[q] &&
                        maps[q][lv[q] * values[q] + popcell[j][q]] != tup[i][q]) {
                        match = 0;
                    }
                }
                fpop += match ? popcnt[j] : 0;
            }
        }
        if (size < s.k) {
            fl |= 1;
            want_fail[0]++;
        }
        if (!okl) {
            fl |= 2;
            want_fail[1]++;
        }
        /* EMD is exact in the module; allow the last bit of a double here */
        if (emd > s.t + 1e-12) {
            fl |= 4;
            want_fail[2]++;
        }
        if (pop != NULL && fpop < s.k_map) {
            fl |= 8;
            want_fail[3]++;
        }
        if (fl != 0) {
            want_sup_rows += size;
            continue;
        }
        if (first || size < min_kept) {
            min_kept = size;
        }
        if (first || (s.l_measure == ODP_RISK_LDIV_RECURSIVE ? lval > want_l_reached
                                                             : lval < want_l_reached)) {
            want_l_reached = lval;
        }
        if (first || emd > want_t_reached) {
            want_t_reached = emd;
        }
        first = 0;
    }
    if (ev.classes != want_classes || ev.k.classes_failing != want_fail[0] ||
        ev.ldiv.classes_failing != want_fail[1] || ev.tclose.classes_failing != want_fail[2] ||
        ev.kmap.classes_failing != want_fail[3] || ev.rows_suppressed != want_sup_rows) {
        fail_msg("reference iter %d: classes %llu/%llu k %llu/%llu l %llu/%llu t %llu/%llu "
                 "kmap %llu/%llu suppressed %llu/%llu",
                 iter, (unsigned long long)ev.classes, (unsigned long long)want_classes,
                 (unsigned long long)ev.k.classes_failing, (unsigned long long)want_fail[0],
                 (unsigned long long)ev.ldiv.classes_failing, (unsigned long long)want_fail[1],
                 (unsigned long long)ev.tclose.classes_failing, (unsigned long long)want_fail[2],
                 (unsigned long long)ev.kmap.classes_failing, (unsigned long long)want_fail[3],
                 (unsigned long long)ev.rows_suppressed, (unsigned long long)want_sup_rows);
    }
    if (!first) {
        assert_int_equal((uint64_t)ev.k.reached, min_kept);
        if (isfinite(want_l_reached)) {
            assert_true(fabs(ev.ldiv.reached - want_l_reached) < 1e-9 * (1 + want_l_reached));
        }
        assert_true(fabs(ev.tclose.reached - want_t_reached) < 1e-9);
    }
    odp_risk_pop_free(pop);
    odp_risk_counts_free(c);
}

static void
test_models_reference(void **state)
{
    int i;

    (void)state;
    rng_state = 0xfeed5eed;
    for (i = 0; i < 2000; i++) {
        ref_run(i);
    }
}

static void
test_search_brute_force(void **state)
{
    int i;

    (void)state;
    rng_state = 0x5eed;
    memset(&bf_seen, 0, sizeof(bf_seen));
    for (i = 0; i < 400; i++) {
        bf_run(i);
    }
    print_message("brute force: 400 tables; pruning none/failures/both %u/%u/%u; found %u; "
                  "pruned something %u; not nested %u; population %u; several minimal %u\n",
                  bf_seen.modes[0], bf_seen.modes[1], bf_seen.modes[2], bf_seen.found,
                  bf_seen.pruned_runs, bf_seen.nonnested, bf_seen.pop, bf_seen.minimal_multi);
    /* every search mode and outcome must have been exercised */
    assert_true(bf_seen.modes[0] > 10 && bf_seen.modes[1] > 10 && bf_seen.modes[2] > 10);
    assert_true(bf_seen.found > 100 && bf_seen.found < 400);
    assert_true(bf_seen.pruned_runs > 100 && bf_seen.minimal_multi > 20);
}

/* Suppressed rows reported by the node equal the rows the second pass drops. */
static void
test_second_pass_count(void **state)
{
    static const uint32_t values[3] = {8, 6, 3};
    struct row rows[500];
    struct odp_risk_hier h[3];
    uint32_t maps[3][8 * 3];
    struct odp_risk_spec s;
    struct odp_risk_counts *c;
    struct odp_risk_result *r = NULL;
    struct odp_err err;
    const struct odp_risk_node *n;
    uint64_t dropped = 0;
    size_t i, q;
    int rc;

    (void)state;
    rng_state = 7;
    random_rows(rows, 500, 3, values, 4, 5);
    c = counts_from(3, 1, 1, 0, rows, 500);
    for (q = 0; q < 3; q++) {
        h[q].levels = 3;
        h[q].values = values[q];
        h[q].map = maps[q];
        halving_map(maps[q], values[q], 3);
    }
    odp_risk_spec_init(&s);
    s.nqi = 3;
    s.hier = h;
    s.k = 4;
    s.l_measure = ODP_RISK_LDIV_DISTINCT;
    s.l = 2;
    s.max_suppression = 0.05;
    odp_err_clear(&err);
    assert_int_equal(odp_risk_search(c, &s, &r, &err), ODP_OK);
    n = odp_risk_result_node(r);
    assert_non_null(n);
    for (i = 0; i < 500; i++) {
        rc = odp_risk_node_suppressed(n, rows[i].qi);
        assert_true(rc == 0 || rc == 1);
        dropped += rc == 1 ? rows[i].w : 0;
    }
    assert_int_equal(dropped, odp_risk_node_eval(n)->rows_suppressed);
    assert_true(dropped <= odp_risk_node_eval(n)->suppression_allowed);
    odp_risk_result_free(r);
    odp_risk_counts_free(c);
}

/* ------------------------------------------------------------------------ */
/* Limits and errors                                                         */
/* ------------------------------------------------------------------------ */

static void
test_counts_limits(void **state)
{
    struct odp_risk_counts_opts o;
    struct odp_risk_counts *c;
    struct odp_err err;
    uint32_t ids[2] = {0, 0};

    (void)state;
    odp_err_clear(&err);
    odp_risk_counts_opts_init(&o);
    assert_null(odp_risk_counts_new(&o, &err)); /* nqi 0 */
    assert_int_equal(err.code, ODP_EINVAL);
    assert_null(odp_risk_counts_new(NULL, NULL));
    o.nqi = ODP_RISK_MAX_QI + 1;
    assert_null(odp_risk_counts_new(&o, NULL));
    o.nqi = 2;
    o.t_same_as_l = 1;
    assert_null(odp_risk_counts_new(&o, NULL));
    o.t_same_as_l = 0;
    o.max_classes = 0;
    assert_null(odp_risk_counts_new(&o, NULL));

    odp_risk_counts_opts_init(&o);
    o.nqi = 2;
    o.track_l = 1;
    o.max_classes = 2;
    o.max_pairs = 3;
    o.max_sens_id = 10;
    c = odp_risk_counts_new(&o, &err);
    assert_non_null(c);
    assert_int_equal(odp_risk_counts_add(c, ids, 0, 0, 1, &err), ODP_OK);
    ids[0] = 1;
    assert_int_equal(odp_risk_counts_add(c, ids, 0, 0, 1, &err), ODP_OK);
    ids[0] = 2;
    odp_err_clear(&err);
    assert_int_equal(odp_risk_counts_add(c, ids, 0, 0, 1, &err), ODP_ELIMIT);
    assert_int_equal(err.code, ODP_ELIMIT);
    assert_non_null(strstr(err.msg, "tuples"));
    assert_int_equal(odp_risk_counts_classes(c), 2);
    assert_int_equal(odp_risk_counts_rows(c), 2);
    ids[0] = 0;
    assert_int_equal(odp_risk_counts_add(c, ids, 1, 0, 1, NULL), ODP_OK); /* pair 3 */
    assert_int_equal(odp_risk_counts_add(c, ids, 2, 0, 1, NULL), ODP_ELIMIT);
    assert_int_equal(odp_risk_counts_add(c, ids, 10, 0, 1, NULL), ODP_ELIMIT);
    assert_int_equal(odp_risk_counts_add(c, ids, 1, 0, 0, NULL), ODP_EINVAL);
    assert_int_equal(odp_risk_counts_add(c, NULL, 1, 0, 1, NULL), ODP_EINVAL);
    assert_int_equal(odp_risk_counts_add(c, ids, 1, 0, ODP_RISK_MAX_ROWS, NULL), ODP_ELIMIT);
    assert_int_equal(odp_risk_counts_rows(c), 3);
    odp_risk_counts_free(c);
    odp_risk_counts_free(NULL);
}

static void
test_spec_errors(void **state)
{
    struct odp_risk_hier h[2];
    struct odp_risk_spec s;
    struct odp_risk_eval ev;
    struct odp_risk_counts *c = counts_from(2, 0, 0, 0, t1_rows, 5);
    struct odp_risk_result *r = NULL;
    struct odp_err err;
    uint32_t lv[2] = {0, 0};
    uint32_t bad_map[4] = {1, 0, 0, 0};
    uint32_t far_map[4] = {0, 1, 0, 5};
    static const uint32_t small_map[] = {0, 1, 2};
    struct odp_risk_hier small = {1, 3, small_map};

    (void)state;
#define EXPECT_EINVAL()                                                                            \
    do {                                                                                           \
        odp_err_clear(&err);                                                                       \
        assert_int_equal(odp_risk_evaluate(c, &s, lv, &ev, &err), ODP_EINVAL);                     \
        assert_int_equal(err.code, ODP_EINVAL);                                                    \
        assert_true(err.msg[0] != '\0');                                                           \
        t1_spec(&s, h);                                                                            \
    } while (0)

    t1_spec(&s, h);
    s.nqi = 1;
    EXPECT_EINVAL();
    s.l_measure = ODP_RISK_LDIV_DISTINCT; /* counts do not track l */
    s.l = 2;
    EXPECT_EINVAL();
    s.t_measure = ODP_RISK_T_EQUAL;
    s.t = 0.2;
    EXPECT_EINVAL();
    s.k_map = 3; /* no population */
    EXPECT_EINVAL();
    s.max_suppression = 1.5;
    EXPECT_EINVAL();
    s.max_suppression = NAN;
    EXPECT_EINVAL();
    s.metric = (enum odp_risk_metric)9;
    EXPECT_EINVAL();
    h[1].map = bad_map; /* level 0 not the identity */
    EXPECT_EINVAL();
    h[1].map = far_map; /* level 1 id beyond values */
    EXPECT_EINVAL();
    h[0] = small; /* counts hold age 3 >= 3 */
    EXPECT_EINVAL();
    h[0].levels = 0;
    EXPECT_EINVAL();
    s.hier = NULL;
    EXPECT_EINVAL();
    lv[0] = 3; /* level beyond hierarchy */
    EXPECT_EINVAL();
    lv[0] = 0;
    assert_int_equal(odp_risk_evaluate(c, &s, lv, NULL, NULL), ODP_EINVAL);
    assert_int_equal(odp_risk_evaluate(c, &s, NULL, &ev, NULL), ODP_EINVAL);
    assert_int_equal(odp_risk_evaluate(NULL, &s, lv, &ev, NULL), ODP_EINVAL);

    /* l-diversity parameters */
    odp_risk_counts_free(c);
    c = counts_from(2, 1, 1, 0, t1_rows, 5);
    s.l_measure = ODP_RISK_LDIV_DISTINCT;
    s.l = 2.5;
    EXPECT_EINVAL();
    s.l_measure = ODP_RISK_LDIV_ENTROPY;
    s.l = 0.5;
    EXPECT_EINVAL();
    s.l_measure = ODP_RISK_LDIV_RECURSIVE;
    s.l = 2;
    s.c = 0;
    EXPECT_EINVAL();
    s.l_measure = (enum odp_risk_ldiv)7;
    EXPECT_EINVAL();
    s.t_measure = ODP_RISK_T_ORDERED;
    s.t = -0.1;
    EXPECT_EINVAL();

    /* search-only checks */
    s.max_nodes = 0;
    odp_err_clear(&err);
    assert_int_equal(odp_risk_search(c, &s, &r, &err), ODP_EINVAL);
    assert_null(r);
    s.max_nodes = 5; /* lattice has 6 nodes */
    odp_err_clear(&err);
    assert_int_equal(odp_risk_search(c, &s, &r, &err), ODP_ELIMIT);
    assert_null(r);
    assert_non_null(strstr(err.msg, "lattice"));
    s.max_nodes = 6;
    assert_int_equal(odp_risk_search(c, &s, &r, &err), ODP_OK);
    odp_risk_result_free(r);
    assert_int_equal(odp_risk_search(c, &s, NULL, NULL), ODP_EINVAL);
    odp_risk_result_free(NULL);
    odp_risk_counts_free(c);
#undef EXPECT_EINVAL
}

static void
test_pop_errors(void **state)
{
    unsigned char none[2] = {0, 0}, named[2] = {1, 0};
    struct odp_risk_pop *p;
    struct odp_err err;
    uint32_t cell[2] = {0, 0};
    struct odp_risk_hier h[2];
    struct odp_risk_spec s;
    struct odp_risk_eval ev;
    struct odp_risk_counts *c = counts_from(2, 0, 0, 0, t1_rows, 5);
    uint32_t lv[2] = {0, 0};

    (void)state;
    odp_err_clear(&err);
    assert_null(odp_risk_pop_new(2, none, 0, &err));
    assert_int_equal(err.code, ODP_EINVAL);
    assert_null(odp_risk_pop_new(0, named, 0, NULL));
    assert_null(odp_risk_pop_new(2, NULL, 0, NULL));
    p = odp_risk_pop_new(2, named, 2, &err);
    assert_non_null(p);
    assert_int_equal(odp_risk_pop_add(p, cell, 1, NULL), ODP_OK);
    cell[0] = 1;
    assert_int_equal(odp_risk_pop_add(p, cell, 1, NULL), ODP_OK);
    cell[0] = 2;
    assert_int_equal(odp_risk_pop_add(p, cell, 1, NULL), ODP_ELIMIT);
    assert_int_equal(odp_risk_pop_add(p, cell, 0, NULL), ODP_OK);
    assert_int_equal(odp_risk_pop_add(p, NULL, 1, NULL), ODP_EINVAL);
    assert_int_equal(odp_risk_pop_add(p, cell, (uint64_t)1 << 63, NULL), ODP_ELIMIT);
    odp_risk_pop_free(p);

    /* a population id beyond its hierarchy */
    p = odp_risk_pop_new(2, named, 0, NULL);
    cell[0] = 9;
    assert_int_equal(odp_risk_pop_add(p, cell, 1, NULL), ODP_OK);
    t1_spec(&s, h);
    s.pop = p;
    s.k_map = 1;
    odp_err_clear(&err);
    assert_int_equal(odp_risk_evaluate(c, &s, lv, &ev, &err), ODP_EINVAL);
    assert_non_null(strstr(err.msg, "population"));
    odp_risk_pop_free(p);
    /* a population for other QIs */
    p = odp_risk_pop_new(1, named, 0, NULL);
    s.pop = p;
    assert_int_equal(odp_risk_evaluate(c, &s, lv, &ev, NULL), ODP_EINVAL);
    odp_risk_pop_free(p);
    odp_risk_pop_free(NULL);
    odp_risk_counts_free(c);
}

/* An empty table: every node passes, the bottom is the only minimal node. */
static void
test_empty(void **state)
{
    struct odp_risk_hier h[2];
    struct odp_risk_spec s;
    struct odp_risk_counts *c = counts_from(2, 1, 1, 0, t1_rows, 0);
    struct odp_risk_result *r = NULL;
    const struct odp_risk_eval *ev;

    (void)state;
    t1_spec(&s, h);
    s.k = 5;
    s.l_measure = ODP_RISK_LDIV_DISTINCT;
    s.l = 2;
    s.t_measure = ODP_RISK_T_ORDERED;
    s.t = 0.1;
    assert_int_equal(odp_risk_search(c, &s, &r, NULL), ODP_OK);
    assert_true(odp_risk_result_stats(r)->found);
    ev = odp_risk_node_eval(odp_risk_result_node(r));
    assert_int_equal(ev->levels[0] + ev->levels[1], 0);
    assert_int_equal(ev->classes, 0);
    odp_risk_result_free(r);
    odp_risk_counts_free(c);
}

/* No node passes: found is 0, there is no node, the result is still useful. */
static void
test_nothing_passes(void **state)
{
    struct odp_risk_hier h[2];
    struct odp_risk_spec s;
    struct odp_risk_counts *c = counts_from(2, 0, 0, 0, t1_rows, 5);
    struct odp_risk_result *r = NULL;

    (void)state;
    t1_spec(&s, h);
    s.k = 12;
    assert_int_equal(odp_risk_search(c, &s, &r, NULL), ODP_OK);
    assert_false(odp_risk_result_stats(r)->found);
    assert_null(odp_risk_result_node(r));
    assert_int_equal(odp_risk_result_stats(r)->nodes_passing, 0);
    /* failures prune downwards */
    assert_true(odp_risk_result_stats(r)->nodes_evaluated < 6);
    assert_int_equal(
        odp_risk_result_stats(r)->nodes_pruned + odp_risk_result_stats(r)->nodes_evaluated, 6);
    odp_risk_result_free(r);
    odp_risk_counts_free(c);
}

/* The allocation-failure sweep: every failure is ODP_ENOMEM and leaks nothing. */
static int
alloc_scenario(void)
{
    static const uint32_t values[2] = {6, 4};
    struct row rows[120];
    struct odp_risk_counts_opts o;
    struct odp_risk_counts *a = NULL, *b = NULL;
    struct odp_risk_pop *p = NULL;
    struct odp_risk_result *r = NULL;
    struct odp_risk_node *n = NULL;
    struct odp_risk_hier h[2];
    uint32_t maps[2][6 * 3], lv[2] = {1, 1};
    unsigned char named[2] = {1, 1};
    struct odp_risk_spec s;
    struct odp_err err;
    size_t i, q;
    int rc = ODP_OK;

    rng_state = 99;
    random_rows(rows, 120, 2, values, 4, 5);
    odp_err_clear(&err);
    odp_risk_counts_opts_init(&o);
    o.nqi = 2;
    o.track_l = 1;
    o.track_t = 1;
    a = odp_risk_counts_new(&o, &err);
    b = odp_risk_counts_new(&o, &err);
    p = odp_risk_pop_new(2, named, 0, &err);
    if (a == NULL || b == NULL || p == NULL) {
        rc = err.code;
        goto out;
    }
    for (i = 0; i < 120 && rc == ODP_OK; i++) {
        rc = odp_risk_counts_add(i % 2 ? a : b, rows[i].qi, rows[i].sl, rows[i].st, 1, &err);
        if (rc == ODP_OK) {
            rc = odp_risk_pop_add(p, rows[i].qi, 3, &err);
        }
    }
    if (rc == ODP_OK) {
        rc = odp_risk_counts_merge(a, b, &err);
    }
    if (rc != ODP_OK) {
        goto out;
    }
    for (q = 0; q < 2; q++) {
        h[q].levels = 3;
        h[q].values = values[q];
        h[q].map = maps[q];
        halving_map(maps[q], values[q], 3);
    }
    odp_risk_spec_init(&s);
    s.nqi = 2;
    s.hier = h;
    s.k = 3;
    s.l_measure = ODP_RISK_LDIV_RECURSIVE;
    s.l = 2;
    s.c = 3;
    s.t_measure = ODP_RISK_T_ORDERED;
    s.t = 0.5;
    s.pop = p;
    s.k_map = 4;
    s.max_suppression = 0.1;
    rc = odp_risk_search(a, &s, &r, &err);
    if (rc != ODP_OK) {
        goto out;
    }
    n = odp_risk_node_new(a, &s, lv, &err);
    if (n == NULL) {
        rc = err.code;
    }
out:
    odp_risk_node_free(n);
    odp_risk_result_free(r);
    odp_risk_pop_free(p);
    odp_risk_counts_free(a);
    odp_risk_counts_free(b);
    return rc;
}

static void
test_alloc_failures(void **state)
{
    long n;
    int rc;

    (void)state;
    for (n = 1; n < 10000; n++) {
        odp_risk_test_fail_alloc(n);
        rc = alloc_scenario();
        if (rc == ODP_OK) {
            break;
        }
        if (rc != ODP_ENOMEM) {
            fail_msg("allocation %ld: got %d, wanted ODP_ENOMEM", n, rc);
        }
    }
    odp_risk_test_fail_alloc(0);
    assert_true(n > 20);
    assert_true(n < 10000);
}

/* A non-nested hierarchy (weeks -> months) turns pruning off. */
static void
test_non_nested(void **state)
{
    /* 4 values; level 1 pairs {0,1}{2,3}; level 2 pairs {0}{1,2}{3}: splits {0,1} */
    static const uint32_t m[] = {0, 1, 2, 3, 0, 0, 1, 1, 0, 1, 1, 2};
    struct odp_risk_hier h[2];
    struct odp_risk_spec s;
    struct odp_risk_counts *c = counts_from(2, 0, 0, 0, t1_rows, 5);
    struct odp_risk_result *r = NULL;

    (void)state;
    t1_spec(&s, h);
    h[0].map = m;
    s.k = 2;
    assert_int_equal(odp_risk_search(c, &s, &r, NULL), ODP_OK);
    assert_int_equal(odp_risk_result_stats(r)->pruning, 0);
    assert_int_equal(odp_risk_result_stats(r)->nodes_evaluated, 6);
    odp_risk_result_free(r);
    odp_risk_counts_free(c);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_k_anonymity),
        cmocka_unit_test(test_losses),
        cmocka_unit_test(test_search_t1),
        cmocka_unit_test(test_ldiv_distinct),
        cmocka_unit_test(test_ldiv_entropy),
        cmocka_unit_test(test_ldiv_recursive),
        cmocka_unit_test(test_ldiv_not_monotone_with_suppression),
        cmocka_unit_test(test_tcloseness),
        cmocka_unit_test(test_same_column),
        cmocka_unit_test(test_kmap),
        cmocka_unit_test(test_merge_and_order),
        cmocka_unit_test(test_node_suppressed),
        cmocka_unit_test(test_search_brute_force),
        cmocka_unit_test(test_models_reference),
        cmocka_unit_test(test_second_pass_count),
        cmocka_unit_test(test_counts_limits),
        cmocka_unit_test(test_spec_errors),
        cmocka_unit_test(test_pop_errors),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_nothing_passes),
        cmocka_unit_test(test_alloc_failures),
        cmocka_unit_test(test_non_nested),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
