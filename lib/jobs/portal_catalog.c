/*
 * portal_catalog.c - the site's machine-readable catalogs: data.json (DCAT-US Project
 * Open Data v1.1 catalog: one dataset entry per dataset) and catalog.json (Socrata-style
 * views), with absolute links when a base URL is given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "fs.h"
#include "json.h"
#include "portal_int.h"

static const char *
media_type(const char *base)
{
    size_t n = strlen(base);

    if (n > 4 && strcmp(base + n - 4, ".zip") == 0) {
        return "application/zip";
    }
    if (n > 4 && strcmp(base + n - 4, ".zst") == 0) {
        return "application/zstd";
    }
    return "application/gzip";
}

/* base + rel, base given with or without its final '/' (caller frees). */
static char *
url(const char *base, const char *rel)
{
    size_t bl = strlen(base), rl = strlen(rel);
    int slash = bl > 0 && base[bl - 1] == '/';
    char *u = malloc(bl + rl + 2);

    if (u != NULL) {
        snprintf(u, bl + rl + 2, "%s%s%s", base, slash ? "" : "/", rel);
    }
    return u;
}

static int
add_links(cJSON *ds, const char *id, const struct pkg *k, const char *base)
{
    cJSON *dist = cJSON_GetObjectItemCaseSensitive(ds, "distribution");
    cJSON *d, *pk;
    char rel[NAME_MAX_LEN * 2 + 32];
    char *u;
    int rc = ODP_OK;

    snprintf(rel, sizeof(rel), "datasets/%s.html", id);
    u = url(base, rel);
    rc = u != NULL ? odp_json_add_str(ds, "landingPage", u) : ODP_ENOMEM;
    free(u);
    d = cJSON_IsArray(dist) ? cJSON_GetArrayItem(dist, 0) : NULL;
    if (rc == ODP_OK && cJSON_IsObject(d)) {
        snprintf(rel, sizeof(rel), "downloads/%s.csv", k->name);
        u = url(base, rel);
        rc = u != NULL ? odp_json_add_str(d, "downloadURL", u) : ODP_ENOMEM;
        free(u);
    }
    if (rc == ODP_OK && cJSON_IsArray(dist)) {
        pk = cJSON_CreateObject();
        snprintf(rel, sizeof(rel), "downloads/%s", k->base);
        u = url(base, rel);
        if (pk == NULL || u == NULL || !cJSON_AddItemToArray(dist, pk)) {
            cJSON_Delete(pk);
            free(u);
            return ODP_ENOMEM;
        }
        rc = odp_json_add_str(pk, "@type", "dcat:Distribution");
        if (rc == ODP_OK) {
            rc =
                odp_json_add_str(pk, "title", "Signed package (BagIt bag with minisign signature)");
        }
        if (rc == ODP_OK) {
            rc = odp_json_add_str(pk, "downloadURL", u);
        }
        if (rc == ODP_OK) {
            rc = odp_json_add_str(pk, "mediaType", media_type(k->base));
        }
        free(u);
    }
    return rc;
}

int
portal_write_catalogs(const char *tmp, const struct dataset *dss, size_t n,
                      const struct odp_portal_opts *o, struct odp_err *err)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *arr = NULL, *views = cJSON_CreateArray();
    char *text = NULL, *u = NULL, *path = NULL;
    size_t i;
    int rc = root != NULL && views != NULL ? ODP_OK : ODP_ENOMEM;

    if (rc == ODP_OK) {
        rc = odp_json_add_str(root, "@context",
                              "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld");
    }
    if (rc == ODP_OK && o->base_url != NULL) {
        u = url(o->base_url, "data.json");
        rc = u != NULL ? odp_json_add_str(root, "@id", u) : ODP_ENOMEM;
    }
    if (rc == ODP_OK) {
        rc = odp_json_add_str(root, "@type", "dcat:Catalog");
    }
    if (rc == ODP_OK) {
        rc = odp_json_add_str(root, "conformsTo", "https://project-open-data.cio.gov/v1.1/schema");
    }
    if (rc == ODP_OK) {
        rc = odp_json_add_str(root, "describedBy",
                              "https://project-open-data.cio.gov/v1.1/schema/catalog.json");
    }
    arr = rc == ODP_OK ? cJSON_AddArrayToObject(root, "dataset") : NULL;
    if (arr == NULL) {
        rc = ODP_ENOMEM;
    }
    for (i = 0; i < n && rc == ODP_OK; i++) {
        const struct pkg *newest = dss[i].v[0], *first = dss[i].v[dss[i].nv - 1];
        cJSON *ds = cJSON_Duplicate(newest->dcat, 1);
        cJSON *v = cJSON_Duplicate(newest->portal, 1);
        const char *issued = portal_jstr(first->dcat, "issued");

        if (ds == NULL || v == NULL || !cJSON_AddItemToArray(arr, ds)) {
            cJSON_Delete(ds);
            cJSON_Delete(v);
            rc = ODP_ENOMEM;
            break;
        }
        /* One entry per dataset: the newest release's metadata, first issued with the
         * oldest release on the site. */
        if (issued != NULL && cJSON_IsString(cJSON_GetObjectItemCaseSensitive(ds, "issued"))) {
            cJSON *it = cJSON_CreateString(issued);

            if (it == NULL || !cJSON_ReplaceItemInObjectCaseSensitive(ds, "issued", it)) {
                cJSON_Delete(it);
                rc = ODP_ENOMEM;
            }
        }
        if (rc == ODP_OK && o->base_url != NULL) {
            rc = add_links(ds, dss[i].id, newest, o->base_url);
        }
        if (!cJSON_AddItemToArray(views, v)) {
            cJSON_Delete(v);
            rc = ODP_ENOMEM;
        }
    }
    free(u);
    if (rc == ODP_OK) {
        text = odp_json_render(root);
        path = odp_path_join(tmp, "data.json");
        rc = text != NULL && path != NULL ? odp_write_file(path, text, strlen(text), NULL, err)
                                          : ODP_ENOMEM;
        free(text);
        free(path);
        text = NULL;
        path = NULL;
    }
    if (rc == ODP_OK) {
        text = odp_json_render(views);
        path = odp_path_join(tmp, "catalog.json");
        rc = text != NULL && path != NULL ? odp_write_file(path, text, strlen(text), NULL, err)
                                          : ODP_ENOMEM;
    }
    free(text);
    free(path);
    cJSON_Delete(root);
    cJSON_Delete(views);
    if (rc == ODP_ENOMEM) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    return rc;
}
