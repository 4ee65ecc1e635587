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
    rc |= odp_report_add_derive(root, in);
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
        if (in->risk != NULL) {
            rc |= odp_riskjob_report(in->risk, o);
        }
        if (in->has_small_cells) {
            rc |= odp_json_add_u64(o, "small_cell_threshold", p->sc_threshold);
            rc |= odp_json_add_u64(o, "cells_suppressed_primary", in->cells_primary);
            rc |= odp_json_add_u64(o, "cells_suppressed_complementary", in->cells_complementary);
            rc |= odp_json_add_u64(o, "cells_unprotected", in->cells_unprotected);
        }
        if (in->dp != NULL) {
            it = cJSON_Duplicate(in->dp, 1);
            if (it == NULL || !cJSON_AddItemToObject(o, "differential_privacy", it)) {
                cJSON_Delete(it);
                rc = ODP_ENOMEM;
            }
        }
    }

    if (in->nweaker > 0) {
        /* Released with --allow-weaker: what made the policy weaker than its baseline. */
        arr = cJSON_AddArrayToObject(root, "weaker_than_baseline");
        rc |= arr == NULL;
        for (i = 0; arr != NULL && i < in->nweaker; i++) {
            it = cJSON_CreateString(in->weaker[i]);
            if (it == NULL || !cJSON_AddItemToArray(arr, it)) {
                rc = ODP_ENOMEM;
                break;
            }
        }
    }

    if (in->has_history) {
        /* What release --previous held back, never which classes (that would publish the
         * difference it hides). */
        o = cJSON_AddObjectToObject(root, "history");
        rc |= o == NULL;
        if (o != NULL) {
            rc |= odp_json_add_str(o, "previous", in->previous);
            rc |= odp_json_add_u64(o, "rows_held_back", in->rows_held);
            rc |= odp_json_add_u64(o, "classes_held_back", in->classes_held);
            rc |= odp_json_add_str(o, "reason",
                                   "rows held back so that no quasi-identifier class changes its "
                                   "published count by 1..k-1 since the previous release");
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

/* ---------------------------------------------------------------- reading */

struct rd {
    const char *origin;
    struct odp_err *err;
    int rc;
};

static int
rd_fail(struct rd *r, int code, const char *what)
{
    if (r->rc == ODP_OK) {
        r->rc = odp_errf(r->err, code, &(struct odp_loc){r->origin, 0, 0}, "%s", what);
    }
    return r->rc;
}

/* A copy of member `name` when it is a string; NULL when absent (or of another type:
 * then the report is refused). */
static char *
rd_str(struct rd *r, const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    char *s;

    if (v == NULL || cJSON_IsNull(v)) {
        return NULL;
    }
    if (!cJSON_IsString(v)) {
        rd_fail(r, ODP_ESCHEMA, "report.json: a member that should be text is not");
        return NULL;
    }
    s = strdup(v->valuestring);
    if (s == NULL) {
        rd_fail(r, ODP_ENOMEM, "out of memory");
    }
    return s;
}

static uint64_t
rd_u64(struct rd *r, const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

    if (v == NULL) {
        return 0;
    }
    if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 18446744073709549568.0) {
        rd_fail(r, ODP_ESCHEMA, "report.json: a count is not a non-negative number");
        return 0;
    }
    return (uint64_t)v->valuedouble;
}

static char **
rd_strv(struct rd *r, const cJSON *o, const char *name, size_t *n)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name), *it;
    char **out;
    size_t i = 0;

    *n = 0;
    if (v == NULL) {
        return NULL;
    }
    if (!cJSON_IsArray(v)) {
        rd_fail(r, ODP_ESCHEMA, "report.json: a list is not an array");
        return NULL;
    }
    out = calloc((size_t)cJSON_GetArraySize(v) + 1, sizeof(*out));
    if (out == NULL) {
        rd_fail(r, ODP_ENOMEM, "out of memory");
        return NULL;
    }
    cJSON_ArrayForEach(it, v) {
        if (!cJSON_IsString(it)) {
            rd_fail(r, ODP_ESCHEMA, "report.json: a list holds something other than text");
            break;
        }
        out[i] = strdup(it->valuestring);
        if (out[i] == NULL) {
            rd_fail(r, ODP_ENOMEM, "out of memory");
            break;
        }
        i++;
    }
    *n = i;
    return out;
}

static void
strv_free(char **v, size_t n)
{
    size_t i;

    for (i = 0; v != NULL && i < n; i++) {
        free(v[i]);
    }
    free(v);
}

void
odp_report_free(struct odp_report *r)
{
    size_t i;

    if (r == NULL) {
        return;
    }
    free(r->odpub);
    free(r->previous);
    free(r->package);
    free(r->policy);
    free(r->release_date);
    free(r->input_file);
    free(r->input_format);
    free(r->input_sha256);
    free(r->output_file);
    free(r->output_sha256);
    free(r->policy_sha256);
    for (i = 0; i < r->ncolumns; i++) {
        free(r->columns[i].name);
        free(r->columns[i].action);
        free(r->columns[i].type);
        free(r->columns[i].treatment);
    }
    free(r->columns);
    strv_free(r->dropped_columns, r->ndropped);
    for (i = 0; i < r->ndrop_when; i++) {
        free(r->drop_when[i].column);
    }
    free(r->drop_when);
    free(r->on_violation);
    if (r->dp != NULL) {
        free(r->dp->mechanism);
        free(r->dp->scale);
        free(r->dp->epsilon_spent);
        free(r->dp->epsilon_left);
        free(r->dp);
    }
    strv_free(r->quasi_identifiers, r->nqi);
    strv_free(r->key_names, r->nkeys);
    strv_free(r->key_ids, r->nkeys);
    strv_free(r->weaker_than_baseline, r->nweaker);
    odp_report_free_models(r);
    free(r);
}

static void
rd_columns(struct rd *r, const cJSON *root, struct odp_report *rep)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "columns"), *it;
    size_t i = 0;

    if (!cJSON_IsArray(v)) {
        rd_fail(r, ODP_ESCHEMA, "report.json: 'columns' is missing or not an array");
        return;
    }
    rep->columns = calloc((size_t)cJSON_GetArraySize(v) + 1, sizeof(*rep->columns));
    if (rep->columns == NULL) {
        rd_fail(r, ODP_ENOMEM, "out of memory");
        return;
    }
    cJSON_ArrayForEach(it, v) {
        struct odp_report_column *c = &rep->columns[i];

        if (!cJSON_IsObject(it)) {
            rd_fail(r, ODP_ESCHEMA, "report.json: a column is not an object");
            return;
        }
        rep->ncolumns = ++i;
        c->name = rd_str(r, it, "name");
        c->action = rd_str(r, it, "action");
        c->type = rd_str(r, it, "type");
        c->treatment = rd_str(r, it, "treatment");
        c->changed = rd_u64(r, it, "changed");
        if (r->rc == ODP_OK && (c->name == NULL || c->action == NULL)) {
            rd_fail(r, ODP_ESCHEMA, "report.json: a column has no name or action");
        }
    }
}

static void
rd_drop_when(struct rd *r, const cJSON *root, struct odp_report *rep)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "drop_when"), *it;
    size_t i = 0;

    if (v == NULL) {
        return;
    }
    if (!cJSON_IsArray(v)) {
        rd_fail(r, ODP_ESCHEMA, "report.json: 'drop_when' is not an array");
        return;
    }
    rep->drop_when = calloc((size_t)cJSON_GetArraySize(v) + 1, sizeof(*rep->drop_when));
    if (rep->drop_when == NULL) {
        rd_fail(r, ODP_ENOMEM, "out of memory");
        return;
    }
    cJSON_ArrayForEach(it, v) {
        if (!cJSON_IsObject(it)) {
            rd_fail(r, ODP_ESCHEMA, "report.json: a drop_when rule is not an object");
            return;
        }
        rep->ndrop_when = i + 1;
        rep->drop_when[i].column = rd_str(r, it, "column");
        rep->drop_when[i].rows = rd_u64(r, it, "rows");
        i++;
    }
}

static void
rd_keys(struct rd *r, const cJSON *root, struct odp_report *rep)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "keys"), *it;
    size_t n, i = 0;

    if (v == NULL) {
        return;
    }
    if (!cJSON_IsObject(v)) {
        rd_fail(r, ODP_ESCHEMA, "report.json: 'keys' is not an object");
        return;
    }
    n = (size_t)cJSON_GetArraySize(v);
    rep->key_names = calloc(n + 1, sizeof(char *));
    rep->key_ids = calloc(n + 1, sizeof(char *));
    if (rep->key_names == NULL || rep->key_ids == NULL) {
        rd_fail(r, ODP_ENOMEM, "out of memory");
        return;
    }
    cJSON_ArrayForEach(it, v) {
        if (!cJSON_IsString(it) || it->string == NULL) {
            rd_fail(r, ODP_ESCHEMA, "report.json: a key id is not text");
            return;
        }
        rep->nkeys = i + 1;
        rep->key_names[i] = strdup(it->string);
        rep->key_ids[i] = strdup(it->valuestring);
        if (rep->key_names[i] == NULL || rep->key_ids[i] == NULL) {
            rd_fail(r, ODP_ENOMEM, "out of memory");
            return;
        }
        i++;
    }
}

static void
rd_privacy(struct rd *r, const cJSON *root, struct odp_report *rep)
{
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(root, "privacy");
    uint64_t k;

    if (o == NULL) {
        return;
    }
    if (!cJSON_IsObject(o)) {
        rd_fail(r, ODP_ESCHEMA, "report.json: 'privacy' is not an object");
        return;
    }
    k = rd_u64(r, o, "k");
    rep->k = k > UINT32_MAX ? UINT32_MAX : (uint32_t)k;
    k = rd_u64(r, o, "k_reached");
    rep->k_reached = k > UINT32_MAX ? UINT32_MAX : (uint32_t)k;
    rep->on_violation = rd_str(r, o, "on_violation");
    rep->quasi_identifiers = rd_strv(r, o, "quasi_identifiers", &rep->nqi);
    rep->has_kanon = cJSON_GetObjectItemCaseSensitive(o, "classes") != NULL;
    rep->classes = rd_u64(r, o, "classes");
    rep->classes_below_k = rd_u64(r, o, "classes_below_k");
    rep->rows_below_k = rd_u64(r, o, "rows_below_k");
    rep->has_small_cells = cJSON_GetObjectItemCaseSensitive(o, "small_cell_threshold") != NULL;
    k = rd_u64(r, o, "small_cell_threshold");
    rep->small_cell_threshold = k > UINT32_MAX ? UINT32_MAX : (uint32_t)k;
    rep->cells_primary = rd_u64(r, o, "cells_suppressed_primary");
    rep->cells_complementary = rd_u64(r, o, "cells_suppressed_complementary");
    rep->cells_unprotected = rd_u64(r, o, "cells_unprotected");
    if (r->rc == ODP_OK) {
        r->rc = odp_report_parse_models(o, rep, r->origin, r->err);
    }
    o = cJSON_GetObjectItemCaseSensitive(o, "differential_privacy");
    if (o != NULL && !cJSON_IsObject(o)) {
        rd_fail(r, ODP_ESCHEMA, "report.json: 'differential_privacy' is not an object");
    } else if (o != NULL) {
        rep->dp = calloc(1, sizeof(*rep->dp));
        if (rep->dp == NULL) {
            rd_fail(r, ODP_ENOMEM, "out of memory");
            return;
        }
        rep->dp->mechanism = rd_str(r, o, "mechanism");
        rep->dp->scale = rd_str(r, o, cJSON_HasObjectItem(o, "scale") ? "scale" : "sigma_squared");
        rep->dp->epsilon_spent = rd_str(r, o, "epsilon_spent");
        rep->dp->epsilon_left = rd_str(r, o, "epsilon_left");
        rep->dp->margin_of_error_95 = rd_u64(r, o, "margin_of_error_95");
        rep->dp->cells_noised = rd_u64(r, o, "cells_noised");
        rep->dp->cells_clamped = rd_u64(r, o, "cells_clamped");
    }
}

int
odp_report_parse(const char *json, size_t len, const char *origin, struct odp_report **out,
                 struct odp_err *err)
{
    struct rd r = {origin != NULL ? origin : "report.json", err, ODP_OK};
    struct odp_report *rep;
    const cJSON *o;
    cJSON *root;

    *out = NULL;
    root = cJSON_ParseWithLength(json, len);
    if (root == NULL || !cJSON_IsObject(root)) {
        cJSON_Delete(root);
        return odp_errf(err, ODP_ESYNTAX, &(struct odp_loc){r.origin, 0, 0},
                        "not a JSON object");
    }
    rep = calloc(1, sizeof(*rep));
    if (rep == NULL) {
        cJSON_Delete(root);
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    rep->odpub = rd_str(&r, root, "odpub");
    rep->package = rd_str(&r, root, "package");
    rep->policy = rd_str(&r, root, "policy");
    rep->release_date = rd_str(&r, root, "release_date");
    o = cJSON_GetObjectItemCaseSensitive(root, "input");
    if (cJSON_IsObject(o)) {
        rep->input_file = rd_str(&r, o, "file");
        rep->input_format = rd_str(&r, o, "format");
        rep->input_bytes = rd_u64(&r, o, "bytes");
        rep->input_sha256 = rd_str(&r, o, "sha256");
    }
    o = cJSON_GetObjectItemCaseSensitive(root, "output");
    if (cJSON_IsObject(o)) {
        rep->output_file = rd_str(&r, o, "file");
        rep->output_bytes = rd_u64(&r, o, "bytes");
        rep->output_sha256 = rd_str(&r, o, "sha256");
    }
    rep->policy_sha256 = rd_str(&r, root, "policy_sha256");
    o = cJSON_GetObjectItemCaseSensitive(root, "rows");
    if (!cJSON_IsObject(o)) {
        rd_fail(&r, ODP_ESCHEMA, "report.json: 'rows' is missing or not an object");
    } else {
        rep->rows_in = rd_u64(&r, o, "in");
        rep->rows_out = rd_u64(&r, o, "out");
        rep->rows_dropped = rd_u64(&r, o, "dropped");
        rep->rows_suppressed = rd_u64(&r, o, "suppressed");
    }
    rd_columns(&r, root, rep);
    rep->dropped_columns = rd_strv(&r, root, "dropped_columns", &rep->ndropped);
    rd_drop_when(&r, root, rep);
    rd_privacy(&r, root, rep);
    rd_keys(&r, root, rep);
    rep->weaker_than_baseline = rd_strv(&r, root, "weaker_than_baseline", &rep->nweaker);
    o = cJSON_GetObjectItemCaseSensitive(root, "history");
    if (cJSON_IsObject(o)) {
        rep->has_history = 1;
        rep->previous = rd_str(&r, o, "previous");
        rep->rows_held = rd_u64(&r, o, "rows_held_back");
        rep->classes_held = rd_u64(&r, o, "classes_held_back");
    }
    if (r.rc == ODP_OK && rep->package == NULL) {
        rd_fail(&r, ODP_ESCHEMA, "report.json: 'package' is missing");
    }
    cJSON_Delete(root);
    if (r.rc != ODP_OK) {
        odp_report_free(rep);
        return r.rc;
    }
    *out = rep;
    return ODP_OK;
}
