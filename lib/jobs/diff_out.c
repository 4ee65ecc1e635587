/*
 * diff_out.c - `odpub diff` output: the --json document (docs/schemas/diff.json) and the
 * one-line summary the portal shows under "what changed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "json.h"
#include "odp/diff.h"

#define DIFF_VERSION "0.1.0"

/* ---------------------------------------------------------------- output */

static const char *
change_name(enum odp_diff_change c)
{
    switch (c) {
    case ODP_DIFF_ADDED:
        return "added";
    case ODP_DIFF_REMOVED:
        return "removed";
    case ODP_DIFF_RETREATED:
        return "re-treated";
    case ODP_DIFF_SAME:
        break;
    }
    return "same";
}

static const char *
dir_name(enum odp_diff_dir d)
{
    switch (d) {
    case ODP_DIFF_STRONGER:
        return "stronger";
    case ODP_DIFF_WEAKER:
        return "weaker";
    case ODP_DIFF_NEUTRAL:
        break;
    }
    return "neutral";
}

static int
add_bool(cJSON *o, const char *name, int v)
{
    return cJSON_AddBoolToObject(o, name, v) != NULL ? ODP_OK : ODP_ENOMEM;
}

static cJSON *
side_json(const struct odp_diff_side *s)
{
    cJSON *o = cJSON_CreateObject(), *rows;
    int rc = o != NULL ? ODP_OK : ODP_ENOMEM;

    rc |= odp_json_add_str(o, "path", s->path);
    rc |= odp_json_add_str(o, "package", s->package);
    rc |= odp_json_add_str(o, "dataset", s->dataset);
    rc |= odp_json_add_str(o, "release_date", s->release_date);
    rc |= add_bool(o, "verified", s->verified);
    rc |= odp_json_add_str(o, "verify_error", s->verify_error);
    rows = cJSON_AddObjectToObject(o, "rows");
    rc |= rows == NULL;
    if (rows != NULL) {
        rc |= odp_json_add_u64(rows, "in", s->rows_in);
        rc |= odp_json_add_u64(rows, "out", s->rows_out);
        rc |= odp_json_add_u64(rows, "dropped", s->rows_dropped);
        rc |= odp_json_add_u64(rows, "suppressed", s->rows_suppressed);
    }
    rc |= odp_json_add_u64(o, "k", s->k);
    rc |= odp_json_add_u64(o, "small_cell_threshold", s->threshold);
    rc |= odp_json_add_str(o, "policy_sha256", s->policy_sha256);
    rc |= odp_json_add_str(o, "data_sha256", s->data_sha256);
    if (rc != ODP_OK) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static cJSON *
strv_json(char *const *v, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    size_t i;

    for (i = 0; a != NULL && i < n; i++) {
        cJSON *s = cJSON_CreateString(v[i]);

        if (s == NULL || !cJSON_AddItemToArray(a, s)) {
            cJSON_Delete(s);
            cJSON_Delete(a);
            return NULL;
        }
    }
    return a;
}

static int
add_item(cJSON *parent, const char *name, cJSON *child)
{
    if (child == NULL) {
        return ODP_ENOMEM;
    }
    if (name != NULL ? !cJSON_AddItemToObject(parent, name, child)
                     : !cJSON_AddItemToArray(parent, child)) {
        cJSON_Delete(child);
        return ODP_ENOMEM;
    }
    return ODP_OK;
}

static int
delta_json(cJSON *o, uint64_t a, uint64_t b)
{
    char d[32];

    snprintf(d, sizeof(d), "%s%llu", b >= a ? "" : "-",
             (unsigned long long)(b >= a ? b - a : a - b));
    return cJSON_AddRawToObject(o, "delta", d) != NULL ? ODP_OK : ODP_ENOMEM;
}

static int
classes_json(cJSON *parent, const char *name, const struct odp_diff_class *c, size_t n,
             char *const *cols, size_t ncols, int cells)
{
    cJSON *arr = cJSON_AddArrayToObject(parent, name);
    size_t i, j;
    int rc = arr != NULL ? ODP_OK : ODP_ENOMEM;

    for (i = 0; rc == ODP_OK && i < n; i++) {
        cJSON *it = cJSON_CreateObject(), *vals;

        rc = add_item(arr, NULL, it);
        vals = rc == ODP_OK ? cJSON_AddObjectToObject(it, "values") : NULL;
        rc |= vals == NULL;
        for (j = 0; rc == ODP_OK && j < ncols; j++) {
            rc = odp_json_add_str(vals, cols[j], c[i].values[j]);
        }
        if (rc == ODP_OK && cells) {
            rc = odp_json_add_str(it, "column", c[i].column);
        }
        if (rc == ODP_OK) {
            rc |= odp_json_add_u64(it, "old", c[i].old_count);
            rc |= odp_json_add_u64(it, "new", c[i].new_count);
            rc |= delta_json(it, c[i].old_count, c[i].new_count);
            rc |= add_bool(it, "risk", c[i].risk);
        }
    }
    return rc;
}

char *
odp_diff_result_json(const struct odp_diff_result *r)
{
    cJSON *root = cJSON_CreateObject(), *o, *arr;
    char *text = NULL;
    size_t i;
    int rc = root != NULL ? ODP_OK : ODP_ENOMEM;

    rc |= add_bool(root, "ok", r->ok);
    rc |= odp_json_add_str(root, "odpub", DIFF_VERSION);
    rc |= odp_json_add_u64(root, "findings", r->findings);
    rc |= add_item(root, "old", side_json(&r->old));
    rc |= add_item(root, "new", side_json(&r->cur));
    rc |= odp_json_add_str(root, "baseline", r->baseline_path);
    o = cJSON_AddObjectToObject(root, "rows");
    rc |= o == NULL;
    if (o != NULL) {
        static const char *const k[] = {"in", "out", "dropped", "suppressed"};
        const uint64_t a[] = {r->old.rows_in, r->old.rows_out, r->old.rows_dropped,
                              r->old.rows_suppressed};
        const uint64_t b[] = {r->cur.rows_in, r->cur.rows_out, r->cur.rows_dropped,
                              r->cur.rows_suppressed};

        for (i = 0; i < 4; i++) {
            cJSON *it = cJSON_AddObjectToObject(o, k[i]);

            rc |= it == NULL;
            if (it != NULL) {
                rc |= odp_json_add_u64(it, "old", a[i]);
                rc |= odp_json_add_u64(it, "new", b[i]);
                rc |= delta_json(it, a[i], b[i]);
            }
        }
    }
    o = cJSON_AddObjectToObject(root, "columns");
    rc |= o == NULL;
    if (o != NULL) {
        rc |= odp_json_add_u64(o, "added", r->cols_added);
        rc |= odp_json_add_u64(o, "removed", r->cols_removed);
        rc |= odp_json_add_u64(o, "retreated", r->cols_retreated);
        rc |= odp_json_add_u64(o, "weakened", r->weakened);
        rc |= odp_json_add_u64(o, "strengthened", r->strengthened);
        arr = cJSON_AddArrayToObject(o, "changes");
        rc |= arr == NULL;
        for (i = 0; arr != NULL && rc == ODP_OK && i < r->ncols; i++) {
            const struct odp_diff_col *c = &r->cols[i];
            cJSON *it;

            if (c->change == ODP_DIFF_SAME && c->dir == ODP_DIFF_NEUTRAL) {
                continue;
            }
            it = cJSON_CreateObject();
            rc = add_item(arr, NULL, it);
            if (rc == ODP_OK) {
                rc |= odp_json_add_str(it, "name", c->name);
                rc |= odp_json_add_str(it, "change", change_name(c->change));
                rc |= odp_json_add_str(it, "direction", dir_name(c->dir));
                rc |= odp_json_add_str(it, "old_action", c->old_action);
                rc |= odp_json_add_str(it, "new_action", c->new_action);
                rc |= odp_json_add_str(it, "old_treatment", c->old_treatment);
                rc |= odp_json_add_str(it, "new_treatment", c->new_treatment);
                rc |= odp_json_add_str(it, "baseline_category", c->category);
                rc |= add_bool(it, "below_baseline", c->below_baseline);
                rc |= odp_json_add_str(it, "why", c->why);
            }
        }
    }
    o = cJSON_AddObjectToObject(root, "classes");
    rc |= o == NULL;
    if (o != NULL) {
        rc |= add_bool(o, "compared", r->k > 0);
        rc |= add_item(o, "quasi_identifiers", strv_json(r->qi, r->nqi));
        rc |= odp_json_add_u64(o, "k", r->k);
        rc |= odp_json_add_u64(o, "old", r->classes_old);
        rc |= odp_json_add_u64(o, "new", r->classes_new);
        rc |= odp_json_add_u64(o, "changed", r->classes_changed);
        rc |= odp_json_add_u64(o, "risks", r->classes_risk);
        if (rc == ODP_OK) {
            rc = classes_json(o, "list", r->classes, r->nclasses, r->qi, r->nqi, 0);
        }
    }
    o = cJSON_AddObjectToObject(root, "cells");
    rc |= o == NULL;
    if (o != NULL) {
        rc |= add_bool(o, "compared", r->threshold > 0);
        rc |= add_item(o, "by", strv_json(r->cell_by, r->ncell_by));
        rc |= odp_json_add_u64(o, "threshold", r->threshold);
        rc |= odp_json_add_u64(o, "changed", r->cells_changed);
        rc |= odp_json_add_u64(o, "risks", r->cells_risk);
        if (rc == ODP_OK) {
            rc = classes_json(o, "list", r->cells, r->ncells, r->cell_by, r->ncell_by, 1);
        }
    }
    if (rc == ODP_OK) {
        text = odp_json_render(root);
    }
    cJSON_Delete(root);
    return text;
}

static void
delta_text(struct odp_buf *b, const char *what, uint64_t a, uint64_t c)
{
    if (a != c) {
        odp_buf_addf(b, NULL, "%s%s %s%llu", b->len > 0 ? "; " : "", what, c > a ? "+" : "-",
                     (unsigned long long)(c > a ? c - a : a - c));
    }
}

char *
odp_diff_summary(const struct odp_diff_result *r)
{
    struct odp_buf b;
    size_t i;

    odp_buf_init(&b, 1u << 20);
    delta_text(&b, "rows published", r->old.rows_out, r->cur.rows_out);
    delta_text(&b, "rows in the extract", r->old.rows_in, r->cur.rows_in);
    delta_text(&b, "rows dropped by rule", r->old.rows_dropped, r->cur.rows_dropped);
    delta_text(&b, "rows suppressed", r->old.rows_suppressed, r->cur.rows_suppressed);
    for (i = 0; i < r->ncols; i++) {
        const struct odp_diff_col *c = &r->cols[i];

        if (c->change == ODP_DIFF_SAME && c->dir == ODP_DIFF_NEUTRAL) {
            continue;
        }
        odp_buf_addf(&b, NULL, "%scolumn %s %s", b.len > 0 ? "; " : "", c->name,
                     c->change == ODP_DIFF_SAME ? "weakened" : change_name(c->change));
        if (c->change == ODP_DIFF_RETREATED) {
            odp_buf_addf(&b, NULL, " (%s to %s%s)", c->old_action, c->new_action,
                         c->dir == ODP_DIFF_STRONGER ? ", stronger"
                         : c->dir == ODP_DIFF_WEAKER ? ", weaker"
                                                     : "");
        }
    }
    if (r->classes_changed > 0) {
        odp_buf_addf(&b, NULL, "%s%llu of %llu quasi-identifier classes changed size",
                     b.len > 0 ? "; " : "", (unsigned long long)r->classes_changed,
                     (unsigned long long)r->classes_new);
    }
    if (r->cells_changed > 0) {
        odp_buf_addf(&b, NULL, "%s%llu count cells changed", b.len > 0 ? "; " : "",
                     (unsigned long long)r->cells_changed);
    }
    if (r->classes_risk > 0) {
        odp_buf_addf(&b, NULL, "; differencing risk: %llu class%s changed by 1..%u rows",
                     (unsigned long long)r->classes_risk, r->classes_risk == 1 ? "" : "es",
                     r->k - 1);
    }
    if (r->cells_risk > 0) {
        odp_buf_addf(&b, NULL, "; differencing risk: %llu cell%s changed by less than %u",
                     (unsigned long long)r->cells_risk, r->cells_risk == 1 ? "" : "s",
                     r->threshold);
    }
    if (b.len == 0) {
        odp_buf_adds(&b, "no changes to the data or its treatment", NULL);
    }
    odp_buf_adds(&b, ".", NULL);
    return odp_buf_take(&b);
}
