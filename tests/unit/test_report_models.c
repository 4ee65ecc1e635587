/*
 * test_report_models.c - report.json's risk-model members and the --allow-weaker record
 * round-trip: a real release writes report.json (privacy.models, privacy.risk,
 * privacy.generalization, weaker_than_baseline), odp_report_parse reads it, and every
 * field of the struct equals the JSON member read independently with cJSON. Also: a
 * member of the wrong type is refused (ODP_ESCHEMA), absent members read as NULL / 0.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "testutil.h"
#include "fs.h"
#include "odp/release.h"
#include "odp/report.h"

static const char policy_text[] =
    "odpub: 1\nname: rt\nextends: [nyc-baseline]\n"
    "dataset: {title: T, description: d, agency: DOHMH}\n"
    "columns:\n  id: {action: drop}\n  age: {action: keep, type: integer}\n"
    "  zip: {action: keep}\n  dx: {action: keep}\n  phone: {action: keep}\n"
    "privacy:\n  quasi_identifiers: [age, zip]\n  k: 3\n"
    "  l_diversity: {sensitive: dx, l: 2}\n  t_closeness: {sensitive: dx, t: 0.5}\n"
    "  generalize: auto\n  hierarchies:\n    age: [{width: 10}, {width: 20}]\n"
    "    zip: [{digits: 3}]\n  max_suppression: 0.1\n";

static char *
slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *b;
    long n;

    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    rewind(f);
    b = malloc((size_t)n + 1);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
    b[n] = 0;
    fclose(f);
    *len = (size_t)n;
    return b;
}

static double
num(const cJSON *o, const char *a, const char *b)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, a);

    if (b != NULL) {
        v = cJSON_GetObjectItemCaseSensitive(v, b);
    }
    assert_true(cJSON_IsNumber(v));
    return v->valuedouble;
}

static void
test_release_roundtrip(void **state)
{
    struct odp_release_opts o;
    struct odp_release_result res;
    struct odp_report *rep;
    struct odp_err err;
    char data[512], pol[512], out[512], rpath[600];
    const cJSON *pr, *models, *m, *g, *lv;
    cJSON *root;
    FILE *f;
    size_t len, i;
    char *text;
    int seen_l = 0, seen_t = 0;

    (void)state;
    snprintf(data, sizeof(data), "%s/rt.csv", tu_dir);
    snprintf(pol, sizeof(pol), "%s/rt.yaml", tu_dir);
    snprintf(out, sizeof(out), "%s/pkg", tu_dir);
    f = fopen(data, "w");
    assert_non_null(f);
    fputs("id,age,zip,dx,phone\n", f);
    for (i = 0; i < 400; i++) {
        static const char *const zips[] = {"10001", "10002", "10011", "10012", "11201"};
        fprintf(f, "%zu,%zu,%s,%c,212555%04zu\n", i, 18 + (i * 37) % 73, zips[(i * 7) % 5],
                "abc"[(i * 11) % 3], i);
    }
    fclose(f);
    f = fopen(pol, "w");
    assert_non_null(f);
    fputs(policy_text, f);
    fclose(f);

    odp_release_opts_init(&o);
    o.data = data;
    o.policy = pol;
    o.policies_dir = ODP_SRCDIR "/policies";
    o.out = out;
    o.allow_weaker = 1;
    memset(&res, 0, sizeof(res));
    odp_err_clear(&err);
    if (odp_release(&o, &res, &err) != ODP_OK) {
        fail_msg("release: %s", err.msg);
    }
    odp_release_result_free(&res);

    snprintf(rpath, sizeof(rpath), "%s/report.json", out);
    text = slurp(rpath, &len);
    assert_int_equal(odp_report_parse(text, len, "report.json", &rep, &err), ODP_OK);
    root = cJSON_Parse(text);
    assert_non_null(root);
    pr = cJSON_GetObjectItemCaseSensitive(root, "privacy");
    models = cJSON_GetObjectItemCaseSensitive(pr, "models");
    assert_int_equal(rep->nmodels, (size_t)cJSON_GetArraySize(models));
    assert_int_equal(rep->nmodels, 3);
    for (i = 0; i < rep->nmodels; i++) {
        const struct odp_report_model *x = &rep->models[i];

        m = cJSON_GetObjectItemCaseSensitive(models, x->name);
        assert_non_null(m);
        assert_true(x->required == num(m, "required", NULL));
        assert_true(x->reached == num(m, "reached", NULL));
        assert_true((double)x->classes_failing == num(m, "classes_failing", NULL));
        assert_true((double)x->rows_failing == num(m, "rows_failing", NULL));
        if (strcmp(x->name, "l_diversity") == 0) {
            assert_string_equal(x->sensitive, "dx");
            assert_string_equal(x->detail, "distinct");
            seen_l = 1;
        } else if (strcmp(x->name, "t_closeness") == 0) {
            assert_string_equal(x->sensitive, "dx");
            assert_string_equal(x->detail, "equal");
            seen_t = 1;
        } else {
            assert_string_equal(x->name, "k_anonymity");
            assert_null(x->sensitive);
            assert_null(x->detail);
        }
    }
    assert_true(seen_l && seen_t);
    assert_non_null(rep->risk);
    assert_true(rep->risk->prosecutor_max == num(pr, "risk", "prosecutor_max"));
    assert_true(rep->risk->prosecutor_avg == num(pr, "risk", "prosecutor_avg"));
    assert_true((double)rep->risk->rows_suppressed == num(pr, "risk", "rows_suppressed"));
    assert_true((double)rep->risk->suppression_allowed == num(pr, "risk", "suppression_allowed"));
    assert_false(rep->risk->has_population);

    g = cJSON_GetObjectItemCaseSensitive(pr, "generalization");
    assert_non_null(rep->generalization);
    assert_string_equal(rep->generalization->metric, "nue");
    assert_true((double)rep->generalization->nodes_total == num(g, "nodes_total", NULL));
    assert_true((double)rep->generalization->nodes_evaluated == num(g, "nodes_evaluated", NULL));
    assert_true((double)rep->generalization->nodes_pruned == num(g, "nodes_pruned", NULL));
    assert_true((double)rep->generalization->classes == num(g, "classes", NULL));
    assert_true(rep->generalization->max_suppression == num(g, "max_suppression", NULL));
    assert_true(rep->generalization->loss.nue == num(g, "loss", "nue"));
    assert_true(rep->generalization->loss.dm == num(g, "loss", "dm"));
    assert_true((double)rep->generalization->before_classes == num(g, "before", "classes"));
    assert_int_equal(rep->generalization->ncolumns, 2);
    lv = cJSON_GetObjectItemCaseSensitive(g, "levels");
    for (i = 0; i < 2; i++) {
        const char *c = rep->generalization->columns[i];

        assert_true(strcmp(c, "age") == 0 || strcmp(c, "zip") == 0);
        assert_true((double)rep->generalization->levels[i] == num(lv, c, NULL));
        assert_int_equal(rep->generalization->levels_available[i], strcmp(c, "age") == 0 ? 3 : 2);
    }
    /* the --allow-weaker record: both findings (zip and phone kept) */
    assert_int_equal(rep->nweaker, 2);
    assert_non_null(strstr(rep->weaker_than_baseline[0], "zip"));
    assert_non_null(strstr(rep->weaker_than_baseline[1], "phone"));
    cJSON_Delete(root);
    odp_report_free(rep);
    free(text);
}

static void
test_parse_errors(void **state)
{
    static const char *const bad[] = {
        "{\"package\":\"p\",\"rows\":{},\"columns\":[],\"privacy\":{\"models\":[1]}}",
        "{\"package\":\"p\",\"rows\":{},\"columns\":[],\"privacy\":{\"models\":{\"k\":3}}}",
        "{\"package\":\"p\",\"rows\":{},\"columns\":[],\"privacy\":{\"models\":"
        "{\"k_anonymity\":{\"required\":\"5\"}}}}",
        "{\"package\":\"p\",\"rows\":{},\"columns\":[],\"privacy\":{\"risk\":"
        "{\"rows_suppressed\":-1}}}",
        "{\"package\":\"p\",\"rows\":{},\"columns\":[],\"privacy\":{\"generalization\":"
        "{\"levels\":{\"age\":\"x\"}}}}",
        "{\"package\":\"p\",\"rows\":{},\"columns\":[],\"privacy\":{\"generalization\":"
        "{\"metric\":3}}}",
    };
    struct odp_report *rep;
    struct odp_err err;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        odp_err_clear(&err);
        rep = (struct odp_report *)1;
        assert_int_equal(odp_report_parse(bad[i], strlen(bad[i]), "r.json", &rep, &err),
                         ODP_ESCHEMA);
        assert_null(rep);
    }
    /* without risk models: NULL and 0 */
    odp_err_clear(&err);
    assert_int_equal(odp_report_parse("{\"package\":\"p\",\"rows\":{},\"columns\":[],"
                                      "\"privacy\":{\"k\":5}}",
                                      strlen("{\"package\":\"p\",\"rows\":{},\"columns\":[],"
                                             "\"privacy\":{\"k\":5}}"),
                                      "r.json", &rep, &err),
                     ODP_OK);
    assert_null(rep->models);
    assert_int_equal(rep->nmodels, 0);
    assert_null(rep->risk);
    assert_null(rep->generalization);
    assert_int_equal(rep->nweaker, 0);
    odp_report_free(rep);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_release_roundtrip),
        cmocka_unit_test(test_parse_errors),
    };

    return cmocka_run_group_tests(tests, tu_setup, tu_teardown);
}
