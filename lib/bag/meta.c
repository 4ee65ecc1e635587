/*
 * meta.c - a package's descriptive metadata, made from the policy's dataset block and
 * the published columns: datapackage.json (Frictionless Tabular Data Package v1),
 * metadata/dcat-us.json (Project Open Data v1.1, non-federal), metadata/portal.json
 * (Socrata-style view metadata) and metadata/data-dictionary.csv.
 *
 * Promises: the output is a pure function of struct odp_pkg_info (no clock, no
 * environment), JSON keys come in a fixed order and render byte-stable, and only
 * metadata (names, types, descriptions, treatments, counts) is written, never a cell.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "bag_int.h"
#include "fs.h"
#include "json.h"
#include "out.h"
#include "hash.h"
#include "sha256.h"
#include "table.h"

static const char *
ds(const struct odp_pkg_info *info, int which)
{
    const struct odp_dataset_meta *d;

    if (info->policy == NULL) {
        return NULL;
    }
    d = &info->policy->dataset;
    switch (which) {
    case 0: return d->title;
    case 1: return d->description;
    case 2: return d->agency;
    case 3: return d->category;
    case 4: return d->update_frequency;
    case 5: return d->license;
    default: return d->contact;
    }
}
#define DS_TITLE(i) ds(i, 0)
#define DS_DESC(i) ds(i, 1)
#define DS_AGENCY(i) ds(i, 2)
#define DS_CATEGORY(i) ds(i, 3)
#define DS_FREQ(i) ds(i, 4)
#define DS_LICENSE(i) ds(i, 5)
#define DS_CONTACT(i) ds(i, 6)

static const char *
or_default(const char *s, const char *dflt)
{
    return s != NULL && s[0] != '\0' ? s : dflt;
}

/* Table Schema type for a declared type; anything unknown is published as string. */
static const char *
ts_type(const char *t)
{
    static const char *known[] = {"string", "number", "integer", "boolean", "object",
                                  "array", "date", "time", "datetime", "year",
                                  "yearmonth", "duration", "geopoint", "geojson", "any"};
    size_t i;

    if (t == NULL) {
        return "string";
    }
    for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        if (strcmp(t, known[i]) == 0) {
            return known[i];
        }
    }
    return "string";
}

static const char *
socrata_type(const char *t)
{
    t = ts_type(t);
    if (strcmp(t, "integer") == 0 || strcmp(t, "number") == 0) {
        return "number";
    }
    if (strcmp(t, "date") == 0 || strcmp(t, "datetime") == 0) {
        return "calendar_date";
    }
    if (strcmp(t, "boolean") == 0) {
        return "checkbox";
    }
    if (strcmp(t, "geopoint") == 0) {
        return "point";
    }
    return "text";
}

/* ISO 8601 repeating interval for a policy update_frequency. */
static const char *
accrual(const char *f)
{
    static const struct {
        const char *name, *iso;
    } map[] = {
        {"daily", "R/P1D"},     {"weekly", "R/P1W"},   {"monthly", "R/P1M"},
        {"quarterly", "R/P3M"}, {"annually", "R/P1Y"}, {"annual", "R/P1Y"},
        {"yearly", "R/P1Y"},
    };
    size_t i;

    if (f == NULL) {
        return "irregular";
    }
    for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
        if (strcasecmp(f, map[i].name) == 0) {
            return map[i].iso;
        }
    }
    return "irregular";
}

/* Well-known licences: id or name (case-insensitive) -> canonical URL (DCAT-US wants a
 * URI) and the name shown in Socrata's license object. */
static const struct {
    const char *id, *url, *name;
} licenses[] = {
    {"CC0-1.0", "https://creativecommons.org/publicdomain/zero/1.0/", "Public Domain (CC0 1.0)"},
    {"CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/", "Creative Commons Attribution 4.0"},
    {"CC-BY-SA-4.0", "https://creativecommons.org/licenses/by-sa/4.0/",
     "Creative Commons Attribution-ShareAlike 4.0"},
    {"ODbL-1.0", "https://opendatacommons.org/licenses/odbl/1-0/", "Open Database License 1.0"},
    {"PDDL-1.0", "https://opendatacommons.org/licenses/pddl/1-0/",
     "Open Data Commons Public Domain Dedication and License 1.0"},
    {"ODC-By-1.0", "https://opendatacommons.org/licenses/by/1-0/",
     "Open Data Commons Attribution License 1.0"},
    /* NYC Open Data: datasets are published under the City's Terms of Use. */
    {"NYC Open Data Terms of Use", "https://www.nyc.gov/home/terms-of-use.page",
     "NYC Open Data Terms of Use"},
};

/*
 * A licence's URL: the policy's `license` when it is a URL, the URL of a well-known id or
 * name, or a URL given in angle brackets after a name ("City terms <https://...>");
 * NULL when none. The bracketed form is copied into buf.
 */
static const char *
license_url(const char *l, char *buf, size_t size)
{
    const char *lt, *gt;
    size_t i;

    if (l == NULL) {
        return NULL;
    }
    if (strncmp(l, "https://", 8) == 0 || strncmp(l, "http://", 7) == 0) {
        return strchr(l, ' ') == NULL ? l : NULL;
    }
    for (i = 0; i < sizeof(licenses) / sizeof(licenses[0]); i++) {
        if (strcasecmp(l, licenses[i].id) == 0) {
            return licenses[i].url;
        }
    }
    lt = strrchr(l, '<');
    gt = lt != NULL ? strchr(lt, '>') : NULL;
    if (lt != NULL && gt != NULL && gt[1] == '\0' && (size_t)(gt - lt) < size &&
        (strncmp(lt + 1, "https://", 8) == 0 || strncmp(lt + 1, "http://", 7) == 0)) {
        memcpy(buf, lt + 1, (size_t)(gt - lt - 1));
        buf[gt - lt - 1] = '\0';
        return strpbrk(buf, " \"<>") == NULL ? buf : NULL;
    }
    return NULL;
}

/* The licence's display name: a known id's name, else the text before " <URL>". */
static void
license_name(const char *l, char *out, size_t size)
{
    char buf[1024];
    const char *lt;
    size_t i, n;

    out[0] = '\0';
    if (l == NULL) {
        return;
    }
    for (i = 0; i < sizeof(licenses) / sizeof(licenses[0]); i++) {
        if (strcasecmp(l, licenses[i].id) == 0) {
            snprintf(out, size, "%s", licenses[i].name);
            return;
        }
    }
    lt = strrchr(l, '<');
    n = lt != NULL && license_url(l, buf, sizeof(buf)) != NULL ? (size_t)(lt - l) : strlen(l);
    while (n > 0 && l[n - 1] == ' ') {
        n--;
    }
    snprintf(out, size, "%.*s", (int)(n < size ? n : size - 1), l);
}

static int
is_license_id(const char *l)
{
    const char *p;

    if (l == NULL || l[0] == '\0') {
        return 0;
    }
    for (p = l; *p != '\0'; p++) {
        if (!isalnum((unsigned char)*p) && *p != '-' && *p != '.' && *p != '_') {
            return 0;
        }
    }
    return 1;
}

/* Lowercase slug with only [-a-z0-9._] (Frictionless name pattern). Caller frees. */
static char *
slug(const char *s, char repl)
{
    char *o = strdup(s != NULL && s[0] != '\0' ? s : "dataset");
    char *p;

    if (o == NULL) {
        return NULL;
    }
    for (p = o; *p != '\0'; p++) {
        unsigned char c = (unsigned char)*p;

        if (isupper(c)) {
            *p = (char)tolower(c);
        } else if (!islower(c) && !isdigit(c) && c != '-' && c != '.' && c != '_') {
            *p = repl;
        }
    }
    return o;
}

/*
 * Socrata fieldName: lower snake case, starting with a letter; `column` for a name with
 * no ASCII letter or digit (`*`, ` `, `曹爾章`). Caller frees.
 */
static char *
field_name(const char *s)
{
    size_t n = strlen(s), i, o = 0;
    char *out = malloc(n + sizeof("column") + 2); /* `c_` before a digit; `column` */
    int us = 0;

    if (out == NULL) {
        return NULL;
    }
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];

        if (isalnum(c) && c < 0x80) {
            if (o == 0 && isdigit(c)) {
                out[o++] = 'c';
                out[o++] = '_';
            }
            out[o++] = (char)tolower(c);
            us = 0;
        } else if (o > 0 && !us) {
            out[o++] = '_';
            us = 1;
        }
    }
    while (o > 0 && out[o - 1] == '_') {
        o--;
    }
    if (o == 0) {
        memcpy(out, "column", sizeof("column"));
        return out;
    }
    out[o] = '\0';
    return out;
}

/*
 * Socrata wants each fieldName once: a name already given (`a-b` and `a b`, two names
 * with no ASCII letter) gets `_<position>` until it is new. `seen` is an open-addressing
 * set of `cap` (a power of two, > the column count) slots. ODP_OK or ODP_ENOMEM.
 */
static int
unique_field_name(char **fname, size_t pos, char **seen, size_t cap)
{
    for (;;) {
        uint64_t h = odp_fnv1a(ODP_FNV_BASIS, *fname, strlen(*fname));
        size_t k;

        for (k = (size_t)h & (cap - 1); seen[k] != NULL; k = (k + 1) & (cap - 1)) {
            if (strcmp(seen[k], *fname) == 0) {
                break;
            }
        }
        if (seen[k] == NULL) {
            seen[k] = *fname;
            return ODP_OK;
        }
        {
            size_t n = strlen(*fname) + 24;
            char *longer = malloc(n);

            if (longer == NULL) {
                return ODP_ENOMEM;
            }
            snprintf(longer, n, "%s_%zu", *fname, pos);
            free(*fname);
            *fname = longer;
        }
    }
}

/* "description Treatment: X." for a column. Caller frees. */
static char *
col_description(const struct odp_colinfo *c)
{
    const char *d = c->description != NULL ? c->description : "";
    const char *t = c->treatment != NULL ? c->treatment : "published as is";
    size_t n = strlen(d) + strlen(t) + 32;
    char *o = malloc(n);

    if (o == NULL) {
        return NULL;
    }
    snprintf(o, n, "%s%sTreatment: %s.", d,
             d[0] == '\0' ? "" : d[strlen(d) - 1] == '.' ? " " : ". ", t);
    return o;
}

static cJSON *
str_array(char *const *v, size_t n)
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
write_json(const char *dir, const char *name, cJSON *root, int sync, struct odp_err *err)
{
    char *text, *path;
    int rc;

    if (root == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    text = odp_json_render(root);
    path = odp_path_join(dir, name);
    if (text == NULL || path == NULL) {
        free(text);
        free(path);
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    rc = odp_write_file_sync(path, text, strlen(text), NULL, sync, err);
    free(text);
    free(path);
    return rc;
}

/* Adds an object member; on failure the child is freed. */
static int
add_obj(cJSON *parent, const char *name, cJSON *child)
{
    if (child == NULL) {
        return ODP_ENOMEM;
    }
    if (!cJSON_AddItemToObject(parent, name, child)) {
        cJSON_Delete(child);
        return ODP_ENOMEM;
    }
    return ODP_OK;
}

static int
add_item(cJSON *arr, cJSON *child)
{
    if (child == NULL) {
        return ODP_ENOMEM;
    }
    if (!cJSON_AddItemToArray(arr, child)) {
        cJSON_Delete(child);
        return ODP_ENOMEM;
    }
    return ODP_OK;
}

static cJSON *
datapackage(const struct odp_pkg_info *info)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *res, *r, *dialect, *schema, *fields, *lic, *l;
    char hash[7 + 65], created[32], lbuf[1024], ltitle[512];
    char *name = slug(info->name, '-');
    const char *license = DS_LICENSE(info);
    const char *lurl = license_url(license, lbuf, sizeof(lbuf));
    size_t i;
    int rc = root != NULL && name != NULL ? ODP_OK : ODP_ENOMEM;
    time_t t = (time_t)info->epoch;
    struct tm tm;

    memcpy(hash, "sha256:", 7);
    odp_hex(info->data_sha256, 32, hash + 7);
    if (gmtime_r(&t, &tm) == NULL) {
        memset(&tm, 0, sizeof(tm));
    }
    strftime(created, sizeof(created), "%Y-%m-%dT%H:%M:%SZ", &tm);

    if (rc == ODP_OK) {
        rc = odp_json_add_str(root, "profile", "tabular-data-package");
    }
    if (rc == ODP_OK) {
        rc = odp_json_add_str(root, "name", name);
    }
    if (rc == ODP_OK) {
        rc = odp_json_add_str(root, "title", or_default(DS_TITLE(info), name));
    }
    if (rc == ODP_OK && DS_DESC(info) != NULL) {
        rc = odp_json_add_str(root, "description", DS_DESC(info));
    }
    if (rc == ODP_OK) {
        rc = odp_json_add_str(root, "version", info->release_date);
    }
    if (rc == ODP_OK) {
        rc = odp_json_add_str(root, "created", created);
    }
    if (rc == ODP_OK && info->policy != NULL && info->policy->dataset.ntags > 0) {
        rc = add_obj(root, "keywords",
                     str_array(info->policy->dataset.tags, info->policy->dataset.ntags));
    }
    /* A license entry needs an Open Definition id or a URL; free text fits neither. */
    if (rc == ODP_OK && license != NULL && (is_license_id(license) || lurl != NULL)) {
        lic = cJSON_CreateArray();
        l = cJSON_CreateObject();
        rc = lic != NULL && l != NULL ? ODP_OK : ODP_ENOMEM;
        if (rc == ODP_OK && is_license_id(license)) {
            rc = odp_json_add_str(l, "name", license);
        }
        if (rc == ODP_OK && lurl != NULL) {
            rc = odp_json_add_str(l, "path", lurl);
        }
        license_name(license, ltitle, sizeof(ltitle));
        if (rc == ODP_OK) {
            rc = odp_json_add_str(l, "title", ltitle);
        }
        if (rc == ODP_OK) {
            rc = add_item(lic, l);
            l = NULL;
        }
        cJSON_Delete(l);
        if (rc == ODP_OK) {
            rc = add_obj(root, "licenses", lic);
        } else {
            cJSON_Delete(lic);
        }
    }
    res = rc == ODP_OK ? cJSON_AddArrayToObject(root, "resources") : NULL;
    r = res != NULL ? cJSON_CreateObject() : NULL;
    if (r == NULL || add_item(res, r) != ODP_OK) {
        rc = ODP_ENOMEM;
    }
    if (rc == ODP_OK) {
        rc = odp_json_add_str(r, "profile", "tabular-data-resource");
    }
    if (rc == ODP_OK) {
        rc = odp_json_add_str(r, "name", name);
    }
    if (rc == ODP_OK) {
        rc = odp_json_add_str(r, "path", info->data_file);
    }
    if (rc == ODP_OK) {
        rc = odp_json_add_str(r, "format", "csv");
    }
    if (rc == ODP_OK) {
        rc = odp_json_add_str(r, "mediatype", "text/csv");
    }
    if (rc == ODP_OK) {
        rc = odp_json_add_str(r, "encoding", "utf-8");
    }
    if (rc == ODP_OK) {
        rc = odp_json_add_u64(r, "bytes", info->data_bytes);
    }
    if (rc == ODP_OK) {
        rc = odp_json_add_str(r, "hash", hash);
    }
    dialect = rc == ODP_OK ? cJSON_AddObjectToObject(r, "dialect") : NULL;
    if (dialect == NULL || odp_json_add_str(dialect, "delimiter", ",") != ODP_OK ||
        cJSON_AddTrueToObject(dialect, "doubleQuote") == NULL ||
        odp_json_add_str(dialect, "lineTerminator", "\n") != ODP_OK ||
        odp_json_add_str(dialect, "quoteChar", "\"") != ODP_OK ||
        cJSON_AddTrueToObject(dialect, "header") == NULL) {
        rc = ODP_ENOMEM;
    }
    schema = rc == ODP_OK ? cJSON_AddObjectToObject(r, "schema") : NULL;
    fields = schema != NULL ? cJSON_AddArrayToObject(schema, "fields") : NULL;
    if (fields == NULL) {
        rc = ODP_ENOMEM;
    }
    for (i = 0; rc == ODP_OK && i < info->ncols; i++) {
        cJSON *f = cJSON_CreateObject();
        char *desc = col_description(&info->cols[i]);

        rc = f != NULL && desc != NULL ? ODP_OK : ODP_ENOMEM;
        if (rc == ODP_OK) {
            rc = odp_json_add_str(f, "name", info->cols[i].name);
        }
        if (rc == ODP_OK) {
            rc = odp_json_add_str(f, "type", ts_type(info->cols[i].type));
        }
        if (rc == ODP_OK) {
            rc = odp_json_add_str(f, "description", desc);
        }
        free(desc);
        if (rc == ODP_OK) {
            rc = add_item(fields, f);
        } else {
            cJSON_Delete(f);
        }
    }
    if (rc == ODP_OK) {
        cJSON *mv = cJSON_CreateArray();

        rc = add_item(mv, cJSON_CreateString(""));
        if (rc == ODP_OK && info->policy != NULL && info->policy->sc_marker != NULL &&
            info->policy->sc_marker[0] != '\0') {
            /* a suppressed small cell is a missing value of its own kind */
            rc = add_item(mv, cJSON_CreateString(info->policy->sc_marker));
        }
        if (rc == ODP_OK) {
            rc = add_obj(schema, "missingValues", mv);
        } else {
            cJSON_Delete(mv);
        }
    }
    free(name);
    if (rc != ODP_OK) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

/* Splits "Name <mail@host>" / "mail@host" / "Name": email (without <>) and name. */
static void
parse_contact(const char *c, char *name, size_t nsize, char *mail, size_t msize)
{
    const char *at, *s, *e;
    size_t n;

    name[0] = '\0';
    mail[0] = '\0';
    if (c == NULL) {
        return;
    }
    if (strncasecmp(c, "mailto:", 7) == 0) {
        c += 7;
    }
    at = strchr(c, '@');
    if (at != NULL) {
        s = at;
        while (s > c && s[-1] != '<' && s[-1] != ' ' && s[-1] != '(') {
            s--;
        }
        e = at;
        while (*e != '\0' && *e != '>' && *e != ' ' && *e != ')') {
            e++;
        }
        n = (size_t)(e - s);
        if (n < msize) {
            memcpy(mail, s, n);
            mail[n] = '\0';
        }
        /* Name: the text before the address, without brackets and spaces. */
        e = s;
        while (e > c && (e[-1] == '<' || e[-1] == ' ' || e[-1] == '(')) {
            e--;
        }
        n = (size_t)(e - c);
        if (n < nsize) {
            memcpy(name, c, n);
            name[n] = '\0';
        }
    } else {
        snprintf(name, nsize, "%s", c);
    }
}

/* Whether an address fits the DCAT-US hasEmail pattern (conservatively). */
static int
mail_ok(const char *m)
{
    const char *at = strchr(m, '@');
    const char *p;

    if (at == NULL || at == m || strchr(at + 1, '@') != NULL || strchr(at + 1, '.') == NULL) {
        return 0;
    }
    for (p = m; *p != '\0'; p++) {
        unsigned char c = (unsigned char)*p;

        if (!isalnum(c) && strchr("_~!$&'()*+,;=:.-@", c) == NULL) {
            return 0;
        }
    }
    return at[1] != '.' && p[-1] != '.';
}

static cJSON *
dcat(const struct odp_pkg_info *info)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *o, *dist, *d, *kw;
    char name[256], mail[256], mailto[300], dtitle[600], lbuf[1024];
    const char *agency = or_default(DS_AGENCY(info), "unknown");
    const char *title = or_default(DS_TITLE(info), info->name);
    const char *lurl = license_url(DS_LICENSE(info), lbuf, sizeof(lbuf));
    int rc = root != NULL ? ODP_OK : ODP_ENOMEM;

    parse_contact(DS_CONTACT(info), name, sizeof(name), mail, sizeof(mail));
    if (rc == ODP_OK) {
        rc = odp_json_add_str(root, "@type", "dcat:Dataset");
    }
    if (rc == ODP_OK) {
        rc = odp_json_add_str(root, "title", title);
    }
    if (rc == ODP_OK) {
        rc = odp_json_add_str(root, "description", or_default(DS_DESC(info), title));
    }
    if (rc == ODP_OK) {
        if (info->policy != NULL && info->policy->dataset.ntags > 0) {
            kw = str_array(info->policy->dataset.tags, info->policy->dataset.ntags);
        } else {
            char *one[1];

            one[0] = (char *)info->name;
            kw = str_array(one, 1);
        }
        rc = add_obj(root, "keyword", kw);
    }
    if (rc == ODP_OK) {
        rc = odp_json_add_str(root, "modified", info->release_date);
    }
    if (rc == ODP_OK) {
        rc = odp_json_add_str(root, "issued", info->release_date);
    }
    o = rc == ODP_OK ? cJSON_AddObjectToObject(root, "publisher") : NULL;
    if (o == NULL || odp_json_add_str(o, "@type", "org:Organization") != ODP_OK ||
        odp_json_add_str(o, "name", agency) != ODP_OK) {
        rc = ODP_ENOMEM;
    }
    o = rc == ODP_OK ? cJSON_AddObjectToObject(root, "contactPoint") : NULL;
    if (o == NULL || odp_json_add_str(o, "@type", "vcard:Contact") != ODP_OK ||
        odp_json_add_str(o, "fn", or_default(name, agency)) != ODP_OK) {
        rc = ODP_ENOMEM;
    }
    if (rc == ODP_OK && mail[0] != '\0' && mail_ok(mail)) {
        snprintf(mailto, sizeof(mailto), "mailto:%s", mail);
        rc = odp_json_add_str(o, "hasEmail", mailto);
    }
    /* Stable across releases: harvesters (data.gov, CKAN) key a dataset on it. The
     * release date lives in modified / issued (and the package name). */
    if (rc == ODP_OK) {
        rc = odp_json_add_str(root, "identifier", info->name);
    }
    if (rc == ODP_OK) {
        rc = odp_json_add_str(root, "accessLevel", "public");
    }
    if (rc == ODP_OK && lurl != NULL) {
        rc = odp_json_add_str(root, "license", lurl);
    }
    /* `rights` is for access restrictions (POD): a licence without a URL is not put
     * there; the portal metadata and datapackage.json still name it. */
    if (rc == ODP_OK) {
        rc = odp_json_add_str(root, "accrualPeriodicity", accrual(DS_FREQ(info)));
    }
    if (rc == ODP_OK && DS_CATEGORY(info) != NULL && DS_CATEGORY(info)[0] != '\0') {
        char *one[1];

        one[0] = (char *)DS_CATEGORY(info);
        rc = add_obj(root, "theme", str_array(one, 1));
    }
    dist = rc == ODP_OK ? cJSON_AddArrayToObject(root, "distribution") : NULL;
    d = dist != NULL ? cJSON_CreateObject() : NULL;
    if (d == NULL || add_item(dist, d) != ODP_OK) {
        rc = ODP_ENOMEM;
    }
    snprintf(dtitle, sizeof(dtitle), "%s (CSV)", title);
    if (rc == ODP_OK) {
        rc = odp_json_add_str(d, "@type", "dcat:Distribution");
    }
    if (rc == ODP_OK) {
        rc = odp_json_add_str(d, "title", dtitle);
    }
    if (rc == ODP_OK) {
        char desc[600];

        snprintf(desc, sizeof(desc), "The published data as CSV (%s in the signed package)",
                 info->data_file);
        rc = odp_json_add_str(d, "description", desc);
    }
    if (rc == ODP_OK) {
        rc = odp_json_add_str(d, "format", "CSV");
    }
    if (rc == ODP_OK) {
        rc = odp_json_add_str(d, "mediaType", "text/csv");
    }
    if (rc != ODP_OK) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

/*
 * A Socrata-style "4x4" view id (xxxx-xxxx from Socrata's id alphabet) derived from the
 * policy name, so it stays the same across releases of one dataset.
 */
static void
socrata_id(const char *name, char out[10])
{
    static const char alpha[] = "23456789abcdefghijkmnpqrstuvwxyz";
    uint8_t md[32];
    size_t i, o = 0;

    odp_sha256_digest(name, strlen(name), md);
    for (i = 0; i < 8; i++) {
        if (i == 4) {
            out[o++] = '-';
        }
        out[o++] = alpha[md[i] & 31];
    }
    out[o] = '\0';
}

static cJSON *
portal(const struct odp_pkg_info *info)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *meta, *cf, *o, *cols;
    const char *agency = or_default(DS_AGENCY(info), "unknown");
    const char *freq = or_default(DS_FREQ(info), "As needed");
    char freqcap[128], id[10], lbuf[1024], lname[512];
    const char *lurl = license_url(DS_LICENSE(info), lbuf, sizeof(lbuf));
    cJSON *lic;
    char **seen = NULL; /* fieldNames given so far */
    size_t i, seen_cap = 16;
    int rc = root != NULL ? ODP_OK : ODP_ENOMEM;

    socrata_id(info->name, id);
    license_name(DS_LICENSE(info), lname, sizeof(lname));
    if (rc == ODP_OK) {
        rc = odp_json_add_str(root, "id", id);
    }

    snprintf(freqcap, sizeof(freqcap), "%s", freq);
    if (freqcap[0] >= 'a' && freqcap[0] <= 'z') {
        freqcap[0] = (char)(freqcap[0] - 'a' + 'A');
    }
    if (rc == ODP_OK) {
        rc = odp_json_add_str(root, "name", or_default(DS_TITLE(info), info->name));
    }
    if (rc == ODP_OK) {
        rc = odp_json_add_str(root, "description", or_default(DS_DESC(info), ""));
    }
    if (rc == ODP_OK) {
        rc = odp_json_add_str(root, "category", DS_CATEGORY(info));
    }
    if (rc == ODP_OK) {
        if (info->policy != NULL) {
            rc = add_obj(root, "tags",
                         str_array(info->policy->dataset.tags, info->policy->dataset.ntags));
        } else {
            rc = add_obj(root, "tags", cJSON_CreateArray());
        }
    }
    if (rc == ODP_OK) {
        rc = odp_json_add_str(root, "attribution", agency);
    }
    if (rc == ODP_OK) {
        rc = odp_json_add_str(root, "viewType", "tabular");
    }
    if (rc == ODP_OK) {
        rc = odp_json_add_u64(root, "publicationDate", (uint64_t)(info->epoch > 0 ? info->epoch : 0));
    }
    if (rc == ODP_OK) {
        rc = odp_json_add_u64(root, "rowsUpdatedAt", (uint64_t)(info->epoch > 0 ? info->epoch : 0));
    }
    /* Socrata's license is an object {name, termsLink}. */
    if (rc == ODP_OK && DS_LICENSE(info) != NULL) {
        lic = cJSON_CreateObject();
        rc = odp_json_add_str(lic, "name", lname);
        if (rc == ODP_OK && lurl != NULL) {
            rc = odp_json_add_str(lic, "termsLink", lurl);
        }
        if (rc == ODP_OK) {
            rc = add_obj(root, "license", lic);
        } else {
            cJSON_Delete(lic);
        }
    }
    meta = rc == ODP_OK ? cJSON_AddObjectToObject(root, "metadata") : NULL;
    cf = meta != NULL ? cJSON_AddObjectToObject(meta, "custom_fields") : NULL;
    o = cf != NULL ? cJSON_AddObjectToObject(cf, "Update") : NULL;
    if (o == NULL || odp_json_add_str(o, "Update Frequency", freqcap) != ODP_OK ||
        odp_json_add_str(o, "Automation", "No") != ODP_OK) {
        rc = ODP_ENOMEM;
    }
    o = rc == ODP_OK ? cJSON_AddObjectToObject(cf, "Dataset Information") : NULL;
    if (o == NULL || odp_json_add_str(o, "Agency", agency) != ODP_OK) {
        rc = ODP_ENOMEM;
    }
    cols = rc == ODP_OK ? cJSON_AddArrayToObject(root, "columns") : NULL;
    while (seen_cap < 2 * info->ncols + 2) {
        seen_cap <<= 1;
    }
    seen = calloc(seen_cap, sizeof(*seen));
    if (cols == NULL || seen == NULL) {
        rc = ODP_ENOMEM;
    }
    for (i = 0; rc == ODP_OK && i < info->ncols; i++) {
        cJSON *c = cJSON_CreateObject();
        char *fname = field_name(info->cols[i].name);
        char *desc = col_description(&info->cols[i]);

        rc = c != NULL && fname != NULL && desc != NULL ? ODP_OK : ODP_ENOMEM;
        if (rc == ODP_OK) {
            rc = unique_field_name(&fname, i + 1, seen, seen_cap);
        }
        if (rc == ODP_OK) {
            rc = odp_json_add_str(c, "fieldName", fname);
            fname = NULL; /* seen owns it */
        }
        if (rc == ODP_OK) {
            rc = odp_json_add_str(c, "name", info->cols[i].name);
        }
        if (rc == ODP_OK) {
            rc = odp_json_add_str(c, "dataTypeName", socrata_type(info->cols[i].type));
        }
        if (rc == ODP_OK) {
            rc = odp_json_add_str(c, "description", desc);
        }
        if (rc == ODP_OK) {
            rc = odp_json_add_u64(c, "position", (uint64_t)i + 1);
        }
        free(fname);
        free(desc);
        if (rc == ODP_OK) {
            rc = add_item(cols, c);
        } else {
            cJSON_Delete(c);
        }
    }
    for (i = 0; seen != NULL && i < seen_cap; i++) {
        free(seen[i]);
    }
    free(seen);
    if (rc != ODP_OK) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

static int
dict_row(struct odp_out *o, const char *a, const char *b, const char *c, const char *d)
{
    struct odp_field f[4];

    f[0] = (struct odp_field){a, strlen(a)};
    f[1] = (struct odp_field){b, strlen(b)};
    f[2] = (struct odp_field){c, strlen(c)};
    f[3] = (struct odp_field){d, strlen(d)};
    return odp_csv_write_row(o, f, 4);
}

static int
dictionary(const char *dir, const struct odp_pkg_info *info, struct odp_err *err)
{
    char *path = odp_path_join(dir, "metadata/data-dictionary.csv");
    struct odp_out o;
    size_t i;
    int fd, rc;

    if (path == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    fd = odp_create(path, 0644, err);
    if (fd < 0) {
        free(path);
        return ODP_EIO;
    }
    rc = odp_out_init(&o, fd, path, 0, err);
    if (rc == ODP_OK) {
        dict_row(&o, "column", "type", "description", "treatment");
        for (i = 0; i < info->ncols; i++) {
            const struct odp_colinfo *c = &info->cols[i];

            dict_row(&o, c->name, ts_type(c->type), or_default(c->description, ""),
                     or_default(c->treatment, "published as is"));
        }
        for (i = 0; i < info->ndropped; i++) {
            dict_row(&o, info->dropped[i].name, "", or_default(info->dropped[i].description, ""),
                     "dropped: not published");
        }
        rc = odp_out_finish(&o, ODP_BAG_SYNC(info), NULL, NULL, err);
    }
    odp_out_release(&o);
    if (close(fd) != 0 && rc == ODP_OK) {
        rc = odp_err_sys(err, path, "cannot close");
    }
    free(path);
    return rc;
}

int
odp_meta_write(const char *dir, const struct odp_pkg_info *info, struct odp_err *err)
{
    char *mdir = odp_path_join(dir, "metadata");
    cJSON *j;
    int rc;

    if (mdir == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    rc = odp_mkdirs(mdir, err);
    free(mdir);
    if (rc != ODP_OK) {
        return rc;
    }
    j = datapackage(info);
    rc = write_json(dir, "datapackage.json", j, ODP_BAG_SYNC(info), err);
    cJSON_Delete(j);
    if (rc == ODP_OK) {
        j = dcat(info);
        rc = write_json(dir, "metadata/dcat-us.json", j, ODP_BAG_SYNC(info), err);
        cJSON_Delete(j);
    }
    if (rc == ODP_OK) {
        j = portal(info);
        rc = write_json(dir, "metadata/portal.json", j, ODP_BAG_SYNC(info), err);
        cJSON_Delete(j);
    }
    if (rc == ODP_OK) {
        rc = dictionary(dir, info, err);
    }
    return rc;
}
