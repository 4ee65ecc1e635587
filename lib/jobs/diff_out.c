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

/* The JSON shapes diff --json repeats: lists of fields, an object member, old/new/delta. */

static int
add_strs(cJSON *o, const char *const *keys, const char *const *v, size_t n)
{
    size_t i;
    int rc = ODP_OK;

    for (i = 0; i < n; i++) {
        rc |= odp_json_add_str(o, keys[i], v[i]);
    }
    return rc;
}

static int
add_u64s(cJSON *o, const char *const *keys, const uint64_t *v, size_t n)
{
    size_t i;
    int rc = ODP_OK;

    for (i = 0; i < n; i++) {
        rc |= odp_json_add_u64(o, keys[i], v[i]);
    }
    return rc;
}

/* A new object member `name` of parent; NULL (and *rc marked) when out of memory. */
static cJSON *
add_obj(cJSON *parent, const char *name, int *rc)
{
    cJSON *o = parent != NULL ? cJSON_AddObjectToObject(parent, name) : NULL;

    *rc |= o == NULL;
    return o;
}

/* "old": a, "new": b, "delta": b - a (signed) */
static int
old_new_json(cJSON *o, uint64_t a, uint64_t b)
{
    char d[32];
    int rc;

    rc = odp_json_add_u64(o, "old", a);
    rc |= odp_json_add_u64(o, "new", b);
    snprintf(d, sizeof(d), "%s%llu", b >= a ? "" : "-",
             (unsigned long long)(b >= a ? b - a : a - b));
    rc |= cJSON_AddRawToObject(o, "delta", d) != NULL ? ODP_OK : ODP_ENOMEM;
    return rc;
}

/* A release's row counts, in the order of row_keys. */
static const char *const row_keys[4] = {"in", "out", "dropped", "suppressed"};

static void
side_rows(const struct odp_diff_side *s, uint64_t v[4])
{
    v[0] = s->rows_in;
    v[1] = s->rows_out;
    v[2] = s->rows_dropped;
    v[3] = s->rows_suppressed;
}

static cJSON *
side_json(const struct odp_diff_side *s)
{
    static const char *const names[] = {"path", "package", "dataset", "release_date"};
    const char *const vals[] = {s->path, s->package, s->dataset, s->release_date};
    cJSON *o = cJSON_CreateObject(), *rows;
    uint64_t v[4];
    int rc = o != NULL ? ODP_OK : ODP_ENOMEM;

    if (o == NULL) {
        return NULL;
    }
    rc |= add_strs(o, names, vals, 4);
    rc |= add_bool(o, "verified", s->verified);
    rc |= odp_json_add_str(o, "verify_error", s->verify_error);
    rows = add_obj(o, "rows", &rc);
    if (rows != NULL) {
        side_rows(s, v);
        rc |= add_u64s(rows, row_keys, v, 4);
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
            rc |= old_new_json(it, c[i].old_count, c[i].new_count);
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
    o = add_obj(root, "rows", &rc);
    if (o != NULL) {
        uint64_t a[4], b[4];

        side_rows(&r->old, a);
        side_rows(&r->cur, b);
        for (i = 0; i < 4; i++) {
            cJSON *it = add_obj(o, row_keys[i], &rc);

            if (it != NULL) {
                rc |= old_new_json(it, a[i], b[i]);
            }
        }
    }
    o = add_obj(root, "columns", &rc);
    if (o != NULL) {
        static const char *const k[] = {"added", "removed", "retreated", "weakened",
                                        "strengthened"};
        const uint64_t v[] = {r->cols_added, r->cols_removed, r->cols_retreated, r->weakened,
                              r->strengthened};

        rc |= add_u64s(o, k, v, 5);
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
                static const char *const ck[] = {
                    "name",       "change",        "direction",     "old_action",
                    "new_action", "old_treatment", "new_treatment", "baseline_category"};
                const char *const cv[] = {
                    c->name,       change_name(c->change), dir_name(c->dir), c->old_action,
                    c->new_action, c->old_treatment,       c->new_treatment, c->category};

                rc |= add_strs(it, ck, cv, 8);
                rc |= add_bool(it, "below_baseline", c->below_baseline);
                rc |= odp_json_add_str(it, "why", c->why);
            }
        }
    }
    o = add_obj(root, "classes", &rc);
    if (o != NULL) {
        rc |= add_bool(o, "compared", r->k > 0);
        rc |= add_item(o, "quasi_identifiers", odp_json_strv(r->qi, r->nqi));
        rc |= odp_json_add_u64(o, "k", r->k);
        rc |= odp_json_add_u64(o, "old", r->classes_old);
        rc |= odp_json_add_u64(o, "new", r->classes_new);
        rc |= odp_json_add_u64(o, "changed", r->classes_changed);
        rc |= odp_json_add_u64(o, "risks", r->classes_risk);
        if (rc == ODP_OK) {
            rc = classes_json(o, "list", r->classes, r->nclasses, r->qi, r->nqi, 0);
        }
    }
    o = add_obj(root, "cells", &rc);
    if (o != NULL) {
        rc |= add_bool(o, "compared", r->threshold > 0);
        rc |= add_item(o, "by", odp_json_strv(r->cell_by, r->ncell_by));
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
