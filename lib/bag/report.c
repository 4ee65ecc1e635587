/*
 * report.c - report.json: what a release did, in numbers, never in values.
 *
 * The report names columns, actions, counts and digests. It holds no cell value and no
 * key (keys appear as key ids), and no timing, so it is byte-stable for the same input.
 */
#include <stdlib.h>
#include <string.h>

#include "fs.h"
#include "json.h"
#include "report.h"

static int
add_hex(cJSON *o, const char *name, const uint8_t *d)
{
    char hex[65];

    odp_hex(d, 32, hex);
    return odp_json_add_str(o, name, hex);
}

char *
odp_report_render(const struct odp_report_in *in)
{
    const struct odp_pkg_info *pi = in->info;
    const struct odp_policy *p = pi->policy;
    cJSON *root = cJSON_CreateObject();
    cJSON *o, *arr, *it;
    char *text = NULL;
    size_t i;
    int rc = ODP_OK;

    if (root == NULL) {
        return NULL;
    }
    rc |= odp_json_add_str(root, "odpub", "0.1.0");
    rc |= odp_json_add_str(root, "package", pi->package_name);
    rc |= odp_json_add_str(root, "policy", pi->name);
    rc |= odp_json_add_str(root, "release_date", pi->release_date);

    o = cJSON_AddObjectToObject(root, "input");
    rc |= o == NULL;
    if (o != NULL) {
        rc |= odp_json_add_str(o, "file", in->input_name);
        rc |= odp_json_add_str(o, "format", in->input_format);
        rc |= odp_json_add_u64(o, "bytes", in->input_bytes);
        rc |= add_hex(o, "sha256", in->input_sha256);
    }
    o = cJSON_AddObjectToObject(root, "output");
    rc |= o == NULL;
    if (o != NULL) {
        rc |= odp_json_add_str(o, "file", pi->data_file);
        rc |= odp_json_add_u64(o, "bytes", pi->data_bytes);
        rc |= add_hex(o, "sha256", pi->data_sha256);
        rc |= odp_json_add_u64(o, "columns", pi->ncols);
    }
    rc |= add_hex(root, "policy_sha256", pi->policy_sha256);

    o = cJSON_AddObjectToObject(root, "rows");
    rc |= o == NULL;
    if (o != NULL) {
        rc |= odp_json_add_u64(o, "in", pi->rows_in);
        rc |= odp_json_add_u64(o, "out", pi->rows_out);
        rc |= odp_json_add_u64(o, "dropped", pi->rows_dropped);
        rc |= odp_json_add_u64(o, "suppressed", pi->rows_suppressed);
    }

    arr = cJSON_AddArrayToObject(root, "columns");
    rc |= arr == NULL;
    for (i = 0; arr != NULL && i < pi->ncols; i++) {
        it = cJSON_CreateObject();
        if (it == NULL || !cJSON_AddItemToArray(arr, it)) {
            rc = ODP_ENOMEM;
            break;
        }
        rc |= odp_json_add_str(it, "name", pi->cols[i].name);
        rc |= odp_json_add_str(it, "action", odp_action_name(pi->cols[i].action));
        rc |= odp_json_add_str(it, "type", pi->cols[i].type);
        rc |= odp_json_add_u64(it, "changed", pi->cols[i].changed);
        rc |= odp_json_add_str(it, "treatment", pi->cols[i].treatment);
    }
    arr = cJSON_AddArrayToObject(root, "dropped_columns");
    rc |= arr == NULL;
    for (i = 0; arr != NULL && i < pi->ndropped; i++) {
        it = cJSON_CreateString(pi->dropped[i].name);
        if (it == NULL || !cJSON_AddItemToArray(arr, it)) {
            rc = ODP_ENOMEM;
            break;
        }
    }
    arr = cJSON_AddArrayToObject(root, "drop_when");
    rc |= arr == NULL;
    for (i = 0; arr != NULL && i < p->ndrop_when; i++) {
        it = cJSON_CreateObject();
        if (it == NULL || !cJSON_AddItemToArray(arr, it)) {
            rc = ODP_ENOMEM;
            break;
        }
        rc |= odp_json_add_str(it, "column", p->drop_when[i].column);
        rc |= odp_json_add_u64(it, "rows", in->drop_counts != NULL ? in->drop_counts[i] : 0);
    }

    o = cJSON_AddObjectToObject(root, "privacy");
    rc |= o == NULL;
    if (o != NULL) {
        rc |= odp_json_add_u64(o, "k", p->k);
        rc |= odp_json_add_u64(o, "k_reached", pi->k_reached);
        rc |= odp_json_add_str(o, "on_violation",
                               p->on_violation == ODP_VIOL_FAIL ? "fail" : "suppress");
        arr = cJSON_AddArrayToObject(o, "quasi_identifiers");
        rc |= arr == NULL;
        for (i = 0; arr != NULL && i < p->nqi; i++) {
            it = cJSON_CreateString(p->qi[i]);
            if (it == NULL || !cJSON_AddItemToArray(arr, it)) {
                rc = ODP_ENOMEM;
                break;
            }
        }
        if (in->has_kanon) {
            rc |= odp_json_add_u64(o, "classes", in->kstats.classes);
            rc |= odp_json_add_u64(o, "classes_below_k", in->kstats.classes_below_k);
            rc |= odp_json_add_u64(o, "rows_below_k", in->kstats.rows_below_k);
        }
        if (in->has_small_cells) {
            rc |= odp_json_add_u64(o, "small_cell_threshold", p->sc_threshold);
            rc |= odp_json_add_u64(o, "cells_suppressed_primary", in->cells_primary);
            rc |= odp_json_add_u64(o, "cells_suppressed_complementary", in->cells_complementary);
            rc |= odp_json_add_u64(o, "cells_unprotected", in->cells_unprotected);
        }
    }

    o = cJSON_AddObjectToObject(root, "keys");
    rc |= o == NULL;
    for (i = 0; o != NULL && i < p->nkeys; i++) {
        const char *id = in->key_ids != NULL ? in->key_ids[i] : NULL;

        rc |= odp_json_add_str(o, p->keys[i].name, id != NULL ? id : "unused");
    }

    if (rc == ODP_OK) {
        text = odp_json_render(root);
    }
    cJSON_Delete(root);
    return text;
}
