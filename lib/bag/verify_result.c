/*
 * verify_result.c - the record `odpub verify` fills (checks, warnings, summary) and its
 * --json document.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "json.h"
#include "verify_int.h"

int
odp_vcheck(struct odp_verify_result *r, const char *check, const char *file, int ok,
           const char *fmt, ...)
{
    struct odp_verify_check *c;
    char detail[600];
    va_list ap;

    if (r->nchecks % 64 == 0) {
        struct odp_verify_check *nc = realloc(r->checks, (r->nchecks + 64) * sizeof(*nc));

        if (nc == NULL) {
            return ODP_ENOMEM;
        }
        r->checks = nc;
    }
    va_start(ap, fmt);
    vsnprintf(detail, sizeof(detail), fmt, ap);
    va_end(ap);
    c = &r->checks[r->nchecks];
    c->check = strdup(check);
    c->file = strdup(file != NULL ? file : "");
    c->detail = strdup(detail);
    c->ok = ok;
    if (c->check == NULL || c->file == NULL || c->detail == NULL) {
        free(c->check);
        free(c->file);
        free(c->detail);
        return ODP_ENOMEM;
    }
    r->nchecks++;
    if (!ok) {
        r->ok = 0;
    }
    return ODP_OK;
}

int
odp_vwarn(struct odp_verify_result *r, const char *w)
{
    char **nw = realloc(r->warnings, (r->nwarnings + 1) * sizeof(*nw));

    if (nw == NULL) {
        return ODP_ENOMEM;
    }
    r->warnings = nw;
    nw[r->nwarnings] = strdup(w);
    if (nw[r->nwarnings] == NULL) {
        return ODP_ENOMEM;
    }
    r->nwarnings++;
    return ODP_OK;
}

void
odp_verify_result_free(struct odp_verify_result *r)
{
    size_t i;

    if (r == NULL) {
        return;
    }
    for (i = 0; i < r->nchecks; i++) {
        free(r->checks[i].check);
        free(r->checks[i].file);
        free(r->checks[i].detail);
    }
    free(r->checks);
    for (i = 0; i < r->nwarnings; i++) {
        free(r->warnings[i]);
    }
    free(r->warnings);
    for (i = 0; i < r->ncols; i++) {
        free(r->cols[i].name);
        free(r->cols[i].type);
        free(r->cols[i].treatment);
    }
    free(r->cols);
    free(r->package);
    free(r->trusted_comment);
    free(r->archive_trusted_comment);
    free(r->title);
    free(r->agency);
    free(r->release_date);
    free(r->bagit_version);
    free(r);
}

/* --- JSON --- */

char *
odp_verify_result_json(const struct odp_verify_result *r)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *checks, *warn, *sum, *cols;
    char *text = NULL;
    size_t i;
    int ok = root != NULL;

    ok = ok && cJSON_AddBoolToObject(root, "ok", r->ok) != NULL;
    ok = ok && odp_json_add_str(root, "package", r->package) == ODP_OK;
    ok = ok && odp_json_add_str(root, "trusted_comment", r->trusted_comment) == ODP_OK;
    if (ok && r->archive_trusted_comment != NULL) {
        ok =
            odp_json_add_str(root, "archive_trusted_comment", r->archive_trusted_comment) == ODP_OK;
    }
    checks = ok ? cJSON_AddArrayToObject(root, "checks") : NULL;
    ok = checks != NULL;
    for (i = 0; ok && i < r->nchecks; i++) {
        cJSON *c = cJSON_CreateObject();

        ok = c != NULL && cJSON_AddItemToArray(checks, c);
        if (!ok) {
            cJSON_Delete(c);
            break;
        }
        ok = odp_json_add_str(c, "check", r->checks[i].check) == ODP_OK &&
             odp_json_add_str(c, "file", r->checks[i].file) == ODP_OK &&
             cJSON_AddBoolToObject(c, "ok", r->checks[i].ok) != NULL &&
             odp_json_add_str(c, "detail", r->checks[i].detail) == ODP_OK;
    }
    warn = ok ? cJSON_AddArrayToObject(root, "warnings") : NULL;
    ok = warn != NULL;
    for (i = 0; ok && i < r->nwarnings; i++) {
        cJSON *s = cJSON_CreateString(r->warnings[i]);

        ok = s != NULL && cJSON_AddItemToArray(warn, s);
        if (!ok) {
            cJSON_Delete(s);
        }
    }
    sum = ok ? cJSON_AddObjectToObject(root, "summary") : NULL;
    ok = sum != NULL;
    ok = ok && odp_json_add_str(sum, "title", r->title) == ODP_OK;
    ok = ok && odp_json_add_str(sum, "agency", r->agency) == ODP_OK;
    ok = ok && odp_json_add_str(sum, "release_date", r->release_date) == ODP_OK;
    ok = ok && odp_json_add_str(sum, "bagit_version", r->bagit_version) == ODP_OK;
    if (ok && r->rows >= 0) {
        ok = odp_json_add_u64(sum, "rows", (uint64_t)r->rows) == ODP_OK;
    } else if (ok) {
        ok = cJSON_AddNullToObject(sum, "rows") != NULL;
    }
    ok = ok && odp_json_add_u64(sum, "weaker_than_baseline", r->weaker) == ODP_OK;
    ok = ok && odp_json_add_u64(sum, "payload_bytes", r->payload_bytes) == ODP_OK;
    ok = ok && odp_json_add_u64(sum, "payload_files", r->payload_files) == ODP_OK;
    cols = ok ? cJSON_AddArrayToObject(sum, "columns") : NULL;
    ok = cols != NULL;
    for (i = 0; ok && i < r->ncols; i++) {
        cJSON *c = cJSON_CreateObject();

        ok = c != NULL && cJSON_AddItemToArray(cols, c);
        if (!ok) {
            cJSON_Delete(c);
            break;
        }
        ok = odp_json_add_str(c, "name", r->cols[i].name) == ODP_OK &&
             odp_json_add_str(c, "type", r->cols[i].type) == ODP_OK &&
             odp_json_add_str(c, "treatment", r->cols[i].treatment) == ODP_OK;
    }
    if (ok) {
        text = odp_json_render(root);
    }
    cJSON_Delete(root);
    return text;
}
