/*
 * test_genmap.c - the `map` generalisation (lib/policy/genmap.c, act_generalize.c):
 * inline maps as a column rule and as hierarchy levels, ARX-style hierarchy files
 * (`privacy.hierarchies: {COL: {file: F}}`), lookup, the value applied by the generalize
 * op, the effective policy written back and read again, and every error at its
 * FILE:LINE:COL with no value of the column in the message.
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
#include "action.h"
#include "fs.h"
#include "genmap.h"
#include "out.h"
#include "policy.h"

/* A named file holding the string data. */
static const char *
write_tmp(const char *name, const char *data)
{
    return tu_write_named(name, data, strlen(data));
}

#define HEAD "odpub: 1\nname: t\ncolumns:\n  age: {action: keep}\n"

static const struct odp_colrule *
col(const struct odp_policy *p, const char *name)
{
    return odp_policy_find(p, name, strlen(name));
}

static const struct odp_risk_hierarchy *
hier(const struct odp_policy *p, const char *name)
{
    size_t i;

    assert_non_null(p->risk);
    for (i = 0; i < p->risk->nhier; i++) {
        if (strcmp(p->risk->hier[i].column, name) == 0) {
            return &p->risk->hier[i];
        }
    }
    fail_msg("no hierarchy for %s", name);
    return NULL;
}

static void
expect_group(const struct odp_genmap *m, const char *v, const char *want)
{
    size_t len = 0;
    const char *g = odp_genmap_find(m, v, strlen(v), &len);

    if (want == NULL) {
        assert_null(g);
        return;
    }
    assert_non_null(g);
    assert_int_equal(len, strlen(want));
    assert_memory_equal(g, want, len);
}

/* Loads `text`; expects an error at line:col whose message holds `what` and not `secret`. */
static void
expect_error(const char *text, const char *file_suffix, uint64_t line, uint64_t c, const char *what,
             const char *secret)
{
    struct odp_err err;
    struct odp_policy *p;

    odp_err_clear(&err);
    p = odp_policy_load(write_tmp("bad.yaml", text), NULL, &err);
    if (p != NULL || strstr(err.msg, what) == NULL || err.line != line || err.col != c ||
        !odp_has_suffix(err.path, file_suffix, 0)) {
        fail_msg("want %s:%llu:%llu [%s], got %s:%llu:%llu [%s]", file_suffix,
                 (unsigned long long)line, (unsigned long long)c, what, err.path,
                 (unsigned long long)err.line, (unsigned long long)err.col, err.msg);
    }
    assert_int_equal(err.code, ODP_ESCHEMA);
    if (secret != NULL) {
        assert_null(strstr(err.msg, secret));
    }
}

/* ---------------------------------------------------------------- inline maps */

static void
test_inline_rule_and_levels(void **state)
{
    static const char text[] =
        HEAD "  dx: {action: generalize, map: {flu: respiratory, cold: respiratory, "
             "\"<=50K\": low, \"\": none}}\n"
             "  edu: {action: keep}\n"
             "privacy:\n  quasi_identifiers: [edu]\n  k: 2\n  generalize: auto\n"
             "  hierarchies:\n"
             "    edu:\n"
             "      - map: {Bachelors: Undergraduate, Masters: Graduate, 11th: School}\n"
             "      - {map: {Bachelors: Higher, Masters: Higher, 11th: Secondary}}\n"
             "      - {bands: [0]}\n";
    struct odp_err err;
    struct odp_policy *p;
    const struct odp_colrule *r;
    const struct odp_risk_hierarchy *h;

    (void)state;
    odp_err_clear(&err);
    p = odp_policy_load(write_tmp("ok.yaml", text), NULL, &err);
    if (p == NULL) {
        fail_msg("%s:%llu:%llu %s", err.path, (unsigned long long)err.line,
                 (unsigned long long)err.col, err.msg);
    }
    r = col(p, "dx");
    assert_int_equal(r->action, ODP_ACT_GENERALIZE);
    assert_int_equal(r->gen, ODP_GEN_MAP);
    assert_int_equal(r->map->n, 4);
    assert_int_equal(r->map->ngroups, 3);
    expect_group(r->map, "flu", "respiratory");
    expect_group(r->map, "cold", "respiratory");
    expect_group(r->map, "<=50K", "low");
    expect_group(r->map, "", "none");
    expect_group(r->map, "fl", NULL);
    expect_group(r->map, "flux", NULL);
    h = hier(p, "edu");
    assert_int_equal(h->nlevels, 3);
    assert_int_equal(h->levels[0].gen, ODP_GEN_MAP);
    assert_int_equal(h->levels[1].gen, ODP_GEN_MAP);
    assert_int_equal(h->levels[2].gen, ODP_GEN_NUMBER);
    expect_group(h->levels[0].map, "Masters", "Graduate");
    expect_group(h->levels[1].map, "Masters", "Higher");
    expect_group(h->levels[1].map, "11th", "Secondary");
    assert_int_equal(h->levels[1].map->ngroups, 2);
    odp_policy_free(p);
}

static void
test_inline_errors(void **state)
{
    (void)state;
    /* a value named twice: the second, by position only */
    expect_error(HEAD "  dx: {action: generalize, map: {Secretvalue: a, b: c, Secretvalue: d}}\n",
                 "bad.yaml", 5, 56, "names a value twice", "Secretvalue");
    expect_error(HEAD "  dx: {action: generalize, map: {}}\n", "bad.yaml", 5, 33,
                 "expects a mapping", NULL);
    expect_error(HEAD "  dx: {action: generalize, map: [a, b]}\n", "bad.yaml", 5, 33,
                 "expects a mapping", NULL);
    expect_error(HEAD "  dx: {action: generalize, map: {Secretvalue: [x]}}\n", "bad.yaml", 5, 47,
                 "must be a string", "Secretvalue");
    expect_error(HEAD "  dx: {action: generalize, map: {a: b}, digits: 3}\n", "bad.yaml", 5, 49,
                 "takes no other generalize parameter", NULL);
    expect_error(HEAD "  dx: {action: keep}\nprivacy:\n  quasi_identifiers: [dx]\n"
                      "  hierarchies:\n    dx: [{map: {a: b}, width: 5}]\n",
                 "bad.yaml", 9, 31, "takes no other generalize parameter", NULL);
    expect_error(HEAD "  dx: {action: keep}\nprivacy:\n  quasi_identifiers: [dx]\n"
                      "  hierarchies:\n    dx: [{mapping: {a: b}}]\n",
                 "bad.yaml", 9, 11, "map", NULL);
}

/* ---------------------------------------------------------------- files */

static void
test_file_levels(void **state)
{
    char pol[1024];
    struct odp_err err;
    struct odp_policy *p;
    const struct odp_risk_hierarchy *h;

    (void)state;
    /* quotes, "" inside quotes, CRLF, an empty line, the empty value, no final newline */
    write_tmp("edu.csv", "Bachelors;Undergraduate;Higher;*\r\n"
                         "\"Some;college\";Undergraduate;\"Hi\"\"gher\";*\r\n"
                         "\n"
                         ";Unknown;Unknown;*\n"
                         "11th;School;Secondary;*");
    snprintf(pol, sizeof(pol),
             HEAD "  edu: {action: keep}\nprivacy:\n  quasi_identifiers: [edu]\n"
                  "  generalize: auto\n  hierarchies:\n    edu: {file: edu.csv}\n");
    odp_err_clear(&err);
    p = odp_policy_load(write_tmp("f.yaml", pol), NULL, &err);
    if (p == NULL) {
        fail_msg("%s:%llu:%llu %s", err.path, (unsigned long long)err.line,
                 (unsigned long long)err.col, err.msg);
    }
    h = hier(p, "edu");
    assert_int_equal(h->nlevels, 3);
    assert_int_equal(h->levels[0].map->n, 4);
    expect_group(h->levels[0].map, "Some;college", "Undergraduate");
    expect_group(h->levels[1].map, "Some;college", "Hi\"gher");
    expect_group(h->levels[0].map, "", "Unknown");
    expect_group(h->levels[1].map, "11th", "Secondary");
    expect_group(h->levels[2].map, "Bachelors", "*");
    assert_int_equal(h->levels[2].map->ngroups, 1);
    assert_int_equal(h->levels[0].map->ngroups, 3);
    odp_policy_free(p);

    /* another separator */
    write_tmp("sex.csv", "Male,*\nFemale,*\n");
    snprintf(pol, sizeof(pol),
             HEAD "  sex: {action: keep}\nprivacy:\n  quasi_identifiers: [sex]\n"
                  "  hierarchies:\n    sex: {file: sex.csv, separator: \",\"}\n");
    p = odp_policy_load(write_tmp("g.yaml", pol), NULL, &err);
    assert_non_null(p);
    h = hier(p, "sex");
    assert_int_equal(h->nlevels, 1);
    expect_group(h->levels[0].map, "Female", "*");
    odp_policy_free(p);
}

static void
expect_file_error(const char *csv, uint64_t line, uint64_t c, const char *what)
{
    char pol[512];

    write_tmp("h.csv", csv);
    snprintf(pol, sizeof(pol),
             HEAD "  dx: {action: keep}\nprivacy:\n  quasi_identifiers: [dx]\n"
                  "  hierarchies:\n    dx: {file: h.csv}\n");
    expect_error(pol, "h.csv", line, c, what, "Secretvalue");
}

static void
test_file_errors(void **state)
{
    char pol[512];

    (void)state;
    expect_file_error("a;x;*\nSecretvalue;y\n", 2, 1, "2 fields on this line, 3 on the first");
    expect_file_error("a;x;*\nSecretvalue;y;*\nSecretvalue;z;*\n", 3, 1, "a value is on two lines");
    expect_file_error("a;x\nb;\"Secretvalue\n", 2, 3, "quoted field is not closed");
    expect_file_error("a;x\nb;\"Secretvalue\"z\n", 2, 3, "text after a closing quote");
    expect_file_error("Secretvalue\n", 1, 1, "a value and 1 to 64 levels");
    expect_file_error("\n\n", 1, 1, "no values");
    expect_file_error("a;x\rb;y\n", 1, 4, "stray carriage return");
    /* a missing file: the path named, exit as for any unreadable input */
    snprintf(pol, sizeof(pol),
             HEAD "  dx: {action: keep}\nprivacy:\n  quasi_identifiers: [dx]\n"
                  "  hierarchies:\n    dx: {file: missing.csv}\n");
    {
        struct odp_err err;

        odp_err_clear(&err);
        assert_null(odp_policy_load(write_tmp("m.yaml", pol), NULL, &err));
        assert_true(odp_has_suffix(err.path, "missing.csv", 0));
    }
    /* policy-side errors */
    expect_error(HEAD "  dx: {action: keep}\nprivacy:\n  quasi_identifiers: [dx]\n"
                      "  hierarchies:\n    dx: {file: h.csv, separator: \";;\"}\n",
                 "bad.yaml", 9, 34, "expected one character", NULL);
    expect_error(HEAD "  dx: {action: keep}\nprivacy:\n  quasi_identifiers: [dx]\n"
                      "  hierarchies:\n    dx: {separator: \",\"}\n",
                 "bad.yaml", 9, 9, "expected a list of levels or {file: CSV}", NULL);
    expect_error(HEAD "  dx: {action: keep}\nprivacy:\n  quasi_identifiers: [dx]\n"
                      "  hierarchies:\n    dx: {file: h.csv, levels: 2}\n",
                 "bad.yaml", 9, 23, "file, separator", NULL);
}

/* ---------------------------------------------------------------- write back */

static void
test_write_back(void **state)
{
    static const char text[] =
        HEAD "  dx: {action: generalize, map: {flu: \"resp: \\\"upper\\\"\", cold: resp}}\n"
             "  edu: {action: keep}\n"
             "privacy:\n  quasi_identifiers: [edu]\n  generalize: auto\n"
             "  hierarchies:\n    edu: {file: e.csv}\n";
    struct odp_err err;
    struct odp_policy *p, *q;
    struct odp_out o;
    const char *m;
    char *copy;
    size_t len;

    (void)state;
    write_tmp("e.csv", "B;U;*\nM;G;*\n");
    odp_err_clear(&err);
    p = odp_policy_load(write_tmp("w.yaml", text), NULL, &err);
    assert_non_null(p);
    assert_int_equal(odp_out_init(&o, -1, "mem", 0, &err), ODP_OK);
    assert_int_equal(odp_policy_write_effective(p, NULL, &o, &err), ODP_OK);
    m = odp_out_mem(&o, &len);
    copy = calloc(1, len + 1);
    assert_non_null(copy);
    memcpy(copy, m, len);
    /* the file's levels are written inline: the package's policy.yaml stands alone */
    assert_non_null(strstr(copy, "map:"));
    assert_null(strstr(copy, "e.csv"));
    q = odp_policy_load(write_tmp("back.yaml", copy), NULL, &err);
    if (q == NULL) {
        fail_msg("%s:%llu:%llu %s\n%s", err.path, (unsigned long long)err.line,
                 (unsigned long long)err.col, err.msg, copy);
    }
    expect_group(col(q, "dx")->map, "flu", "resp: \"upper\"");
    expect_group(col(q, "dx")->map, "cold", "resp");
    assert_int_equal(hier(q, "edu")->nlevels, 2);
    expect_group(hier(q, "edu")->levels[0].map, "M", "G");
    expect_group(hier(q, "edu")->levels[1].map, "B", "*");
    free(copy);
    odp_out_release(&o);
    odp_policy_free(q);
    odp_policy_free(p);
}

/* ---------------------------------------------------------------- apply */

static int
apply(struct odp_op *op, const char *v, char *got, size_t size, struct odp_err *err)
{
    struct odp_field f = {v, strlen(v)}, out = {NULL, 0};
    struct odp_row row = {1, &f, 2, 1};
    struct odp_buf scratch;
    int rc;

    odp_buf_init(&scratch, 1u << 20);
    odp_err_clear(err);
    rc = odp_op_apply(op, &row, 0, &out, &scratch, err);
    got[0] = '\0';
    if (rc >= 0) {
        assert_true(out.len < size);
        memcpy(got, out.p != NULL ? out.p : "", out.len);
        got[out.len] = '\0';
    }
    odp_buf_release(&scratch);
    return rc;
}

static void
test_apply(void **state)
{
    static const char text[] =
        HEAD "  dx: {action: generalize, map: {flu: respiratory, cold: respiratory}}\n";
    struct odp_err err;
    struct odp_policy *p;
    struct odp_op *op;
    struct odp_genmap *dup;
    char got[256], what[256];

    (void)state;
    odp_err_clear(&err);
    p = odp_policy_load(write_tmp("a.yaml", text), NULL, &err);
    assert_non_null(p);
    op = odp_op_new(col(p, "dx"), NULL, 1, &err);
    assert_non_null(op);
    assert_true(apply(op, "flu", got, sizeof(got), &err) >= 0);
    assert_string_equal(got, "respiratory");
    assert_true(apply(op, "cold", got, sizeof(got), &err) >= 0);
    assert_string_equal(got, "respiratory");
    /* an empty value not mapped stays empty */
    assert_true(apply(op, "", got, sizeof(got), &err) >= 0);
    assert_string_equal(got, "");
    /* a value not mapped: an error of the data that does not show it */
    assert_int_equal(apply(op, "Secretvalue", got, sizeof(got), &err), ODP_EDATA);
    assert_non_null(strstr(err.msg, "not in the map"));
    assert_null(strstr(err.msg, "Secretvalue"));
    assert_true(odp_action_ops(ODP_ACT_GENERALIZE)->describe(col(p, "dx"), what, sizeof(what)) > 0);
    assert_non_null(strstr(what, "2 values into 1 groups"));
    odp_op_free(op);
    /* the deep copy the search makes when it picks a map level */
    dup = odp_genmap_dup(col(p, "dx")->map);
    assert_non_null(dup);
    expect_group(dup, "cold", "respiratory");
    assert_int_equal(dup->ngroups, 1);
    odp_genmap_free(dup);
    odp_genmap_free(NULL);
    assert_null(odp_genmap_dup(NULL));
    odp_policy_free(p);
}

/* A map of N values "v0".."v5" (sorted) to the groups "g<grp[i]>". */
#define NV 6
struct tmap {
    struct odp_genmap m;
    char *from[NV], *to[NV];
    size_t from_len[NV], to_len[NV];
    char fb[NV][16], tb[NV][16];
};

static void
tmap_set(struct tmap *t, const int *grp, int nv)
{
    int i;

    for (i = 0; i < nv; i++) {
        snprintf(t->fb[i], sizeof(t->fb[i]), "v%d", i);
        snprintf(t->tb[i], sizeof(t->tb[i]), "g%d", grp[i]);
        t->from[i] = t->fb[i];
        t->to[i] = t->tb[i];
        t->from_len[i] = strlen(t->fb[i]);
        t->to_len[i] = strlen(t->tb[i]);
    }
    t->m.n = (size_t)nv;
    t->m.from = t->from;
    t->m.from_len = t->from_len;
    t->m.to = t->to;
    t->m.to_len = t->to_len;
    t->m.ngroups = 0; /* not read by the comparison */
}

/* odp_genmap_compare against the definitions, pair by pair, on random groupings. */
static void
test_compare(void **state)
{
    struct tmap a, b;
    int ga[NV], gb[NV], trial, i, j, counts[6] = {0};
    unsigned seed = 12345;

    (void)state;
    for (trial = 0; trial < 5000; trial++) {
        int a_in_b = 1, b_in_a = 1, same_labels = 1;
        enum odp_genmap_cmp want, got;

        for (i = 0; i < NV; i++) {
            seed = seed * 1103515245u + 12345u;
            ga[i] = (int)((seed >> 16) % 3u);
            seed = seed * 1103515245u + 12345u;
            gb[i] = trial % 4 == 0 ? ga[i] : (int)((seed >> 16) % 3u);
            if (trial % 8 == 1) {
                gb[i] = ga[i] == 0 ? 2 : ga[i] - 1; /* the same grouping, relabelled */
            }
        }
        tmap_set(&a, ga, NV);
        tmap_set(&b, gb, NV);
        for (i = 0; i < NV; i++) {
            same_labels &= ga[i] == gb[i];
            for (j = 0; j < NV; j++) {
                a_in_b &= ga[i] != ga[j] || gb[i] == gb[j];
                b_in_a &= gb[i] != gb[j] || ga[i] == ga[j];
            }
        }
        want = same_labels        ? ODP_GENMAP_EQUAL
               : a_in_b && b_in_a ? ODP_GENMAP_RENAMED
               : a_in_b           ? ODP_GENMAP_COARSER
               : b_in_a           ? ODP_GENMAP_FINER
                                  : ODP_GENMAP_CROSSING;
        got = odp_genmap_compare(&a.m, &b.m);
        assert_int_equal(got, want);
        counts[got]++;
    }
    for (i = ODP_GENMAP_EQUAL; i <= ODP_GENMAP_CROSSING; i++) {
        assert_true(counts[i] > 0); /* every outcome was met */
    }
    /* other values, or another number of them: not comparable */
    tmap_set(&a, ga, NV);
    tmap_set(&b, ga, NV);
    b.tb[2][0] = 'g';
    snprintf(b.fb[3], sizeof(b.fb[3]), "w3");
    assert_int_equal(odp_genmap_compare(&a.m, &b.m), ODP_GENMAP_OTHER);
    tmap_set(&b, ga, NV - 1);
    assert_int_equal(odp_genmap_compare(&a.m, &b.m), ODP_GENMAP_OTHER);
    assert_int_equal(odp_genmap_compare(&a.m, NULL), ODP_GENMAP_OTHER);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inline_rule_and_levels),
        cmocka_unit_test(test_inline_errors),
        cmocka_unit_test(test_file_levels),
        cmocka_unit_test(test_file_errors),
        cmocka_unit_test(test_write_back),
        cmocka_unit_test(test_apply),
        cmocka_unit_test(test_compare),
    };

    return cmocka_run_group_tests(tests, tu_setup, tu_teardown);
}
