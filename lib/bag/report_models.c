/*
 * report_models.c - reads report.json's risk-model members (privacy.models,
 * privacy.risk, privacy.generalization; written by lib/privacy/risk_release.c) into
 * struct odp_report. A member of the wrong type refuses the report (ODP_ESCHEMA); a
 * member that is absent reads as 0. Never holds a data value: names, counts, figures.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"

struct mr {
    const char *origin;
    struct odp_err *err;
    int rc;
};

static void
mr_fail(struct mr *m, int code, const char *what)
{
    if (m->rc == ODP_OK) {
        m->rc = odp_errf(m->err, code, &(struct odp_loc){m->origin, 0, 0}, "%s", what);
    }
}

static const cJSON *
mr_obj(struct mr *m, const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

    if (v == NULL || cJSON_IsNull(v)) {
        return NULL;
    }
    if (!cJSON_IsObject(v)) {
        mr_fail(m, ODP_ESCHEMA, "report.json: a privacy member that should be an object is not");
        return NULL;
    }
    return v;
}

static double
mr_num(struct mr *m, const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

    if (v == NULL) {
        return 0;
    }
    if (!cJSON_IsNumber(v)) {
        mr_fail(m, ODP_ESCHEMA, "report.json: a privacy figure is not a number");
        return 0;
    }
    return v->valuedouble;
}

static uint64_t
mr_u64(struct mr *m, const cJSON *o, const char *name)
{
    double d = mr_num(m, o, name);

    if (!(d >= 0 && d <= 18446744073709549568.0)) {
        mr_fail(m, ODP_ESCHEMA, "report.json: a privacy count is not a non-negative number");
        return 0;
    }
    return (uint64_t)d;
}

static char *
mr_str(struct mr *m, const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    char *s;

    if (v == NULL || cJSON_IsNull(v)) {
        return NULL;
    }
    if (!cJSON_IsString(v)) {
        mr_fail(m, ODP_ESCHEMA, "report.json: a privacy member that should be text is not");
        return NULL;
    }
    s = strdup(v->valuestring);
    if (s == NULL) {
        mr_fail(m, ODP_ENOMEM, "out of memory");
    }
    return s;
}

static void
mr_loss(struct mr *m, const cJSON *o, struct odp_report_loss *l)
{
    const cJSON *v = mr_obj(m, o, "loss");

    if (v != NULL) {
        l->prec = mr_num(m, v, "prec");
        l->dm = mr_num(m, v, "dm");
        l->nue = mr_num(m, v, "nue");
        l->aecs = mr_num(m, v, "aecs");
    }
}

static void
read_models(struct mr *m, const cJSON *o, struct odp_report *rep)
{
    const cJSON *it;
    size_t n = 0;

    rep->models = calloc((size_t)cJSON_GetArraySize(o) + 1, sizeof(*rep->models));
    if (rep->models == NULL) {
        mr_fail(m, ODP_ENOMEM, "out of memory");
        return;
    }
    cJSON_ArrayForEach(it, o)
    {
        struct odp_report_model *x = &rep->models[n];

        if (!cJSON_IsObject(it) || it->string == NULL) {
            mr_fail(m, ODP_ESCHEMA, "report.json: a privacy model is not an object");
            return;
        }
        rep->nmodels = ++n;
        x->name = strdup(it->string);
        if (x->name == NULL) {
            mr_fail(m, ODP_ENOMEM, "out of memory");
            return;
        }
        x->required = mr_num(m, it, "required");
        x->reached = mr_num(m, it, "reached");
        x->classes_failing = mr_u64(m, it, "classes_failing");
        x->rows_failing = mr_u64(m, it, "rows_failing");
        x->sensitive = mr_str(m, it, "sensitive");
        x->detail = mr_str(m, it, cJSON_HasObjectItem(it, "measure") ? "measure" : "distance");
    }
}

static void
read_risk(struct mr *m, const cJSON *o, struct odp_report *rep)
{
    struct odp_report_risk *r = calloc(1, sizeof(*r));

    rep->risk = r;
    if (r == NULL) {
        mr_fail(m, ODP_ENOMEM, "out of memory");
        return;
    }
    r->prosecutor_max = mr_num(m, o, "prosecutor_max");
    r->prosecutor_avg = mr_num(m, o, "prosecutor_avg");
    r->has_population = cJSON_HasObjectItem(o, "population");
    r->journalist_max = mr_num(m, o, "journalist_max");
    r->marketer = mr_num(m, o, "marketer");
    r->population = mr_u64(m, o, "population");
    r->population_undercounts = mr_u64(m, o, "population_undercounts");
    r->rows_suppressed = mr_u64(m, o, "rows_suppressed");
    r->suppression_allowed = mr_u64(m, o, "suppression_allowed");
}

static void
read_generalization(struct mr *m, const cJSON *o, struct odp_report *rep)
{
    struct odp_report_generalization *g = calloc(1, sizeof(*g));
    const cJSON *lv, *av, *it, *b;
    size_t n, i = 0;

    rep->generalization = g;
    if (g == NULL) {
        mr_fail(m, ODP_ENOMEM, "out of memory");
        return;
    }
    g->metric = mr_str(m, o, "metric");
    g->pruning = mr_str(m, o, "pruning");
    g->nodes_total = mr_u64(m, o, "nodes_total");
    g->nodes_evaluated = mr_u64(m, o, "nodes_evaluated");
    g->nodes_pruned = mr_u64(m, o, "nodes_pruned");
    g->rows_suppressed = mr_u64(m, o, "rows_suppressed");
    g->classes = mr_u64(m, o, "classes");
    g->max_suppression = mr_num(m, o, "max_suppression");
    mr_loss(m, o, &g->loss);
    b = mr_obj(m, o, "before");
    if (b != NULL) {
        g->before_classes = mr_u64(m, b, "classes");
        g->before_rows_failing = mr_u64(m, b, "rows_failing");
        g->before_classes_failing = mr_u64(m, b, "classes_failing");
        mr_loss(m, b, &g->before_loss);
    }
    lv = mr_obj(m, o, "levels");
    av = mr_obj(m, o, "levels_available");
    if (lv == NULL || m->rc != ODP_OK) {
        return;
    }
    n = (size_t)cJSON_GetArraySize(lv);
    g->columns = calloc(n + 1, sizeof(*g->columns));
    g->levels = calloc(n + 1, sizeof(*g->levels));
    g->levels_available = calloc(n + 1, sizeof(*g->levels_available));
    if (g->columns == NULL || g->levels == NULL || g->levels_available == NULL) {
        mr_fail(m, ODP_ENOMEM, "out of memory");
        return;
    }
    cJSON_ArrayForEach(it, lv)
    {
        uint64_t l = mr_u64(m, lv, it->string), a = av != NULL ? mr_u64(m, av, it->string) : 0;

        g->columns[i] = strdup(it->string);
        if (g->columns[i] == NULL) {
            mr_fail(m, ODP_ENOMEM, "out of memory");
            return;
        }
        g->ncolumns = ++i;
        if (l > UINT32_MAX || a > UINT32_MAX) {
            mr_fail(m, ODP_ESCHEMA, "report.json: a generalization level is out of range");
            return;
        }
        g->levels[i - 1] = (uint32_t)l;
        g->levels_available[i - 1] = (uint32_t)a;
    }
}

int
odp_report_parse_models(const cJSON *privacy, struct odp_report *rep, const char *origin,
                        struct odp_err *err)
{
    struct mr m = {origin, err, ODP_OK};
    const cJSON *o;

    o = mr_obj(&m, privacy, "models");
    if (o != NULL) {
        read_models(&m, o, rep);
    }
    o = mr_obj(&m, privacy, "risk");
    if (o != NULL && m.rc == ODP_OK) {
        read_risk(&m, o, rep);
    }
    o = mr_obj(&m, privacy, "generalization");
    if (o != NULL && m.rc == ODP_OK) {
        read_generalization(&m, o, rep);
    }
    return m.rc;
}

void
odp_report_free_models(struct odp_report *rep)
{
    struct odp_report_generalization *g = rep->generalization;
    size_t i;

    for (i = 0; i < rep->nmodels; i++) {
        free(rep->models[i].name);
        free(rep->models[i].sensitive);
        free(rep->models[i].detail);
    }
    free(rep->models);
    free(rep->risk);
    if (g != NULL) {
        for (i = 0; i < g->ncolumns; i++) {
            free(g->columns[i]);
        }
        free(g->columns);
        free(g->levels);
        free(g->levels_available);
        free(g->metric);
        free(g->pruning);
        free(g);
    }
}
