/*
 * report_derive.c - the `derived` and `aggregate` members of report.json: per derived
 * column its formula and how many values were empty, unparsable or negative; for an
 * indicator table the groups, suppression and the method of each measure.
 */
#include <cjson/cJSON.h>

#include "json.h"
#include "report.h"

int
odp_report_add_derive(cJSON *root, const struct odp_report_in *in)
{
    const struct odp_derive_info *di;
    const struct odp_agg_measure_info *mi;
    struct odp_agg_stats st;
    cJSON *arr, *it, *o;
    size_t i, n;
    int rc = 0;

    if (in->derive != NULL) {
        di = odp_derive_info(in->derive, &n);
        arr = cJSON_AddArrayToObject(root, "derived");
        rc |= arr == NULL;
        for (i = 0; arr != NULL && i < n; i++) {
            it = cJSON_CreateObject();
            if (it == NULL || !cJSON_AddItemToArray(arr, it)) {
                cJSON_Delete(it);
                return ODP_ENOMEM;
            }
            rc |= odp_json_add_str(it, "name", di[i].name);
            rc |= odp_json_add_str(it, "formula", di[i].formula);
            rc |= odp_json_add_u64(it, "rows", di[i].rows);
            rc |= odp_json_add_u64(it, "empty", di[i].empty);
            rc |= odp_json_add_u64(it, "unparsable", di[i].unparsable);
            rc |= odp_json_add_u64(it, "negative", di[i].negative);
        }
    }
    if (in->agg == NULL) {
        return rc != 0 ? ODP_ENOMEM : ODP_OK;
    }
    odp_agg_stats(in->agg, &st);
    o = cJSON_AddObjectToObject(root, "aggregate");
    if (o == NULL) {
        return ODP_ENOMEM;
    }
    rc |= odp_json_add_u64(o, "rows_aggregated", st.rows);
    rc |= odp_json_add_u64(o, "groups", st.groups);
    rc |= odp_json_add_u64(o, "groups_suppressed", st.groups_suppressed);
    rc |= odp_json_add_u64(o, "cells_blanked", st.cells_blanked);
    mi = odp_agg_measures(in->agg, &n);
    arr = cJSON_AddArrayToObject(o, "measures");
    rc |= arr == NULL;
    for (i = 0; arr != NULL && i < n; i++) {
        it = cJSON_CreateObject();
        if (it == NULL || !cJSON_AddItemToArray(arr, it)) {
            cJSON_Delete(it);
            return ODP_ENOMEM;
        }
        rc |= odp_json_add_str(it, "name", mi[i].name);
        rc |= odp_json_add_str(it, "kind", mi[i].kind);
        if (mi[i].column != NULL) {
            rc |= odp_json_add_str(it, "column", mi[i].column);
        }
        if (mi[i].q > 0) {
            rc |= cJSON_AddNumberToObject(it, "q", mi[i].q) == NULL;
        }
        rc |= odp_json_add_str(it, "method", mi[i].method);
    }
    return rc != 0 ? ODP_ENOMEM : ODP_OK;
}
