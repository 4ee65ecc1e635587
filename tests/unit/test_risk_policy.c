/*
 * test_risk_policy.c - the risk-model keys of `privacy:` (lib/policy/parse_risk.c):
 * every key read into struct odp_risk_policy, defaults, errors at POLICY:LINE:COL,
 * the effective policy written back and read again to the same values, and the merge
 * across `extends` (each key a child sets replaces the parent's; hierarchies per column).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"
#include "fs.h"
#include "out.h"
#include "policy.h"

/* A named file holding the string data. */
static const char *
write_tmp(const char *name, const char *data)
{
    return tu_write_named(name, data, strlen(data));
}

#define HEAD                                                                                       \
    "odpub: 1\nname: t\ncolumns:\n  age: {action: keep}\n  zip: {action: keep}\n"                  \
    "  dx: {action: keep}\n  inc: {action: keep}\n"

static const char full[] =
    HEAD "privacy:\n"
         "  quasi_identifiers: [age, zip]\n"
         "  k: 5\n"
         "  l_diversity: {sensitive: dx, l: 2, measure: recursive, c: 3.5}\n"
         "  t_closeness: {sensitive: inc, t: 0.25, order: [low, mid, high]}\n"
         "  population: {file: pop.csv, by: [zip], count: people, k: 20}\n"
         "  generalize: auto\n"
         "  hierarchies:\n"
         "    age: [{width: 5, top: 90}, {bands: [18, 65]}]\n"
         "    zip: [{digits: 3}]\n"
         "  max_suppression: 0.05\n"
         "  loss_metric: dm\n";

static void
check_full(const struct odp_policy *p)
{
    const struct odp_risk_policy *r = p->risk;

    assert_non_null(r);
    assert_string_equal(r->l_sensitive, "dx");
    assert_int_equal(r->l_measure, ODP_LDIV_RECURSIVE);
    assert_true(r->l == 2 && r->l_c == 3.5);
    assert_string_equal(r->t_sensitive, "inc");
    assert_true(r->t == 0.25);
    assert_int_equal(r->nt_order, 3);
    assert_string_equal(r->t_order[2], "high");
    assert_string_equal(r->pop_file, "pop.csv");
    assert_int_equal(r->npop_by, 1);
    assert_string_equal(r->pop_count, "people");
    assert_int_equal(r->pop_k, 20);
    assert_true(r->gen_auto);
    assert_int_equal(r->nhier, 2);
    assert_string_equal(r->hier[0].column, "age");
    assert_int_equal(r->hier[0].nlevels, 2);
    assert_int_equal(r->hier[0].levels[0].gen, ODP_GEN_NUMBER);
    assert_true(r->hier[0].levels[0].width == 5 && r->hier[0].levels[0].has_top &&
                r->hier[0].levels[0].top == 90);
    assert_int_equal(r->hier[0].levels[1].nbands, 2);
    assert_int_equal(r->hier[1].levels[0].gen, ODP_GEN_ZIP);
    assert_int_equal(r->hier[1].levels[0].digits, 3);
    assert_true(r->has_max_suppression && r->max_suppression == 0.05);
    assert_string_equal(r->loss_metric, "dm");
}

static void
test_parse_and_write_back(void **state)
{
    struct odp_policy *p, *q;
    struct odp_err err;
    struct odp_out o;
    const char *m;
    char *copy;
    size_t len;

    (void)state;
    odp_err_clear(&err);
    p = odp_policy_load(write_tmp("full.yaml", full), NULL, &err);
    assert_non_null(p);
    check_full(p);
    /* the effective policy reads back to the same values */
    assert_int_equal(odp_out_init(&o, -1, "mem", 0, &err), ODP_OK);
    assert_int_equal(odp_policy_write_effective(p, NULL, &o, &err), ODP_OK);
    m = odp_out_mem(&o, &len);
    copy = calloc(1, len + 1);
    assert_non_null(copy);
    memcpy(copy, m, len);
    odp_out_release(&o);
    q = odp_policy_load(write_tmp("back.yaml", copy), NULL, &err);
    if (q == NULL) {
        fail_msg("reload: %s\n%s", err.msg, copy);
    }
    check_full(q);
    free(copy);
    odp_policy_free(q);
    odp_policy_free(p);
}

static void
test_defaults(void **state)
{
    struct odp_policy *p;
    struct odp_err err;

    (void)state;
    odp_err_clear(&err);
    p = odp_policy_load(write_tmp("d.yaml", HEAD "privacy:\n  quasi_identifiers: [age]\n"
                                                 "  l_diversity: {sensitive: dx, l: 2}\n"),
                        NULL, &err);
    assert_non_null(p);
    assert_int_equal(p->risk->l_measure, ODP_LDIV_DISTINCT);
    assert_null(p->risk->t_sensitive);
    assert_false(p->risk->gen_auto);
    assert_false(p->risk->has_max_suppression);
    odp_policy_free(p);
    /* no risk key: no risk struct */
    p = odp_policy_load(write_tmp("n.yaml", HEAD "privacy:\n  k: 2\n"), NULL, &err);
    assert_non_null(p);
    assert_null(p->risk);
    odp_policy_free(p);
}

struct bad {
    const char *yaml; /* the privacy section's body */
    uint64_t line;    /* where the error must point (in the whole file) */
    const char *msg;
};

static void
test_errors(void **state)
{
    static const struct bad cases[] = {
        {"  l_diversity: {sensitive: dx, l: 2, measure: many}\n", 9, "'measure': expected"},
        {"  l_diversity: {sensitive: dx}\n", 9, "missing key 'l'"},
        {"  l_diversity: {l: 2}\n", 9, "missing key 'sensitive'"},
        {"  l_diversity: {sensitive: dx, l: 2.5}\n", 9, "an integer"},
        {"  l_diversity: {sensitive: dx, l: 0.5, measure: entropy}\n", 9, "'l': expected"},
        {"  l_diversity: {sensitive: dx, l: 2, measure: recursive}\n", 9, "needs 'c'"},
        {"  l_diversity: {sensitive: dx, l: 2, c: 1}\n", 9, "'c' applies only"},
        {"  l_diversity: {sensitive: dx, l: 2, m: 1}\n", 9, "unknown key 'm'"},
        {"  t_closeness: {sensitive: inc, t: -0.1}\n", 9, "'t': expected a number from 0 to 1"},
        {"  t_closeness: {sensitive: inc, t: 0.1, order: [a]}\n", 9, "at least two"},
        {"  population: {file: p.csv, by: [zip]}\n", 9, "missing key 'count'"},
        {"  population: {file: p.csv, by: [], count: n}\n", 9, "'by': list"},
        {"  generalize: yes\n", 9, "'generalize': expected auto"},
        {"  hierarchies:\n    age: [{width: 5, digits: 3}]\n", 10, "only one of"},
        {"  hierarchies:\n    age: [{size: 5}]\n", 10, "unknown key 'size'"},
        {"  hierarchies:\n    age: []\n", 10, "expected 1 to 64 levels"},
        {"  max_suppression: 1.5\n", 9, "'max_suppression'"},
        {"  loss_metric: best\n", 9, "'loss_metric': expected"},
        {"  l_divers: {}\n", 9, "unknown key 'l_divers'"},
    };
    struct odp_err err;
    char buf[1024];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        snprintf(buf, sizeof(buf), HEAD "privacy:\n%s", cases[i].yaml);
        odp_err_clear(&err);
        assert_null(odp_policy_load(write_tmp("e.yaml", buf), NULL, &err));
        if (err.code != ODP_ESCHEMA || err.line != cases[i].line ||
            strstr(err.msg, cases[i].msg) == NULL) {
            fail_msg("case %zu: code %d line %llu: %s", i, err.code, (unsigned long long)err.line,
                     err.msg);
        }
    }
}

static void
test_extends_merge(void **state)
{
    struct odp_policy *p;
    struct odp_err err;
    const struct odp_risk_policy *r;

    (void)state;
    odp_err_clear(&err);
    write_tmp("parent.yaml", HEAD "privacy:\n  quasi_identifiers: [age, zip]\n"
                                  "  l_diversity: {sensitive: dx, l: 3}\n"
                                  "  hierarchies:\n    age: [{width: 5}]\n    zip: [{digits: 4}]\n"
                                  "  max_suppression: 0.1\n");
    p = odp_policy_load(write_tmp("child.yaml",
                                  "odpub: 1\nname: c\nextends: [parent.yaml]\nprivacy:\n"
                                  "  t_closeness: {sensitive: inc, t: 0.3}\n"
                                  "  generalize: auto\n"
                                  "  hierarchies:\n    age: [{width: 10}, {width: 20}]\n"),
                        NULL, &err);
    if (p == NULL) {
        fail_msg("%s", err.msg);
    }
    r = p->risk;
    assert_string_equal(r->l_sensitive, "dx");  /* the parent's */
    assert_string_equal(r->t_sensitive, "inc"); /* the child's */
    assert_true(r->gen_auto);
    assert_true(r->max_suppression == 0.1);
    assert_int_equal(r->nhier, 2);
    assert_string_equal(r->hier[0].column, "age"); /* replaced by the child's */
    assert_int_equal(r->hier[0].nlevels, 2);
    assert_true(r->hier[0].levels[0].width == 10);
    assert_string_equal(r->hier[1].column, "zip"); /* kept from the parent */
    odp_policy_free(p);
}

/* `to: quarter` as a hierarchy level: parsed, written back, read back (issue 16). */
static void
test_quarter_level(void **state)
{
    struct odp_policy *p, *q;
    struct odp_err err;
    struct odp_out o;
    const struct odp_risk_hierarchy *h;
    const char *m;
    char *copy;
    size_t len;
    int round;

    (void)state;
    odp_err_clear(&err);
    p = odp_policy_load(write_tmp("q.yaml", "odpub: 1\nname: q\ncolumns:\n"
                                            "  seen: {action: generalize, to: day}\n"
                                            "  sex: {action: keep}\n"
                                            "privacy:\n  quasi_identifiers: [seen, sex]\n  k: 5\n"
                                            "  generalize: auto\n  hierarchies:\n"
                                            "    seen: [{to: month}, {to: quarter}, {to: year}]\n"),
                        NULL, &err);
    if (p == NULL) {
        fail_msg("%s", err.msg);
    }
    for (round = 0; round < 2; round++) {
        h = &p->risk->hier[0];
        assert_int_equal(h->nlevels, 3);
        assert_int_equal(h->levels[1].gen, ODP_GEN_DATE);
        assert_int_equal(h->levels[1].date_unit, ODP_DATE_QUARTER);
        assert_true(odp_date_unit_rank(ODP_DATE_QUARTER) > odp_date_unit_rank(ODP_DATE_MONTH));
        assert_true(odp_date_unit_rank(ODP_DATE_QUARTER) < odp_date_unit_rank(ODP_DATE_YEAR));
        assert_int_equal(odp_out_init(&o, -1, "mem", 0, &err), ODP_OK);
        assert_int_equal(odp_policy_write_effective(p, NULL, &o, &err), ODP_OK);
        m = odp_out_mem(&o, &len);
        copy = calloc(1, len + 1);
        assert_non_null(copy);
        memcpy(copy, m, len);
        odp_out_release(&o);
        assert_non_null(strstr(copy, "to: quarter"));
        q = odp_policy_load(write_tmp("q-back.yaml", copy), NULL, &err);
        if (q == NULL) {
            fail_msg("reload: %s\n%s", err.msg, copy);
        }
        free(copy);
        odp_policy_free(p);
        p = q;
    }
    odp_policy_free(p);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_and_write_back),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_extends_merge),
        cmocka_unit_test(test_quarter_level),
    };

    return cmocka_run_group_tests(tests, tu_setup, tu_teardown);
}
