/*
 * portal_int.h - what the portal's files share (internal): portal.c builds the site
 * (verify, load, group releases into datasets, publish), portal_read.c reads a verified
 * archive, portal_html.c renders the pages, portal_catalog.c data.json and catalog.json.
 */
#ifndef ODP_PORTAL_INT_H
#define ODP_PORTAL_INT_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "odp/err.h"
#include "odp/portal.h"

#define META_MAX (16u << 20)  /* one metadata file kept in memory */
#define PAGE_MAX (256u << 20) /* one generated page */
#define SIG_MAX 16384u        /* a .minisig */
#define CELL_SHOW 200u        /* bytes of a preview cell before it is cut */
#define NAME_MAX_LEN 200u     /* package and archive names used as file names */
#define DICT_MAX_ROWS 100000u

struct dict_row {
    char *f[4]; /* column, type, description, treatment */
};

/* One verified package (one release of a dataset). */
struct pkg {
    const char *src;    /* path as given */
    char *base;         /* archive basename */
    char *name;         /* bag name */
    char *sig_text;     /* the archive's .minisig */
    char *archive_tc;   /* trusted comment of the archive signature */
    char *bag_tc;       /* trusted comment of tagmanifest-sha256.txt.minisig */
    uint8_t sha[3][32]; /* archive, minisig, csv */
    uint64_t size[3];
    cJSON *portal, *dcat, *report;
    struct dict_row *dict;
    size_t ndict;
    char *preview; /* rendered HTML table */
    size_t preview_rows;
    size_t csv_cols;
    char *id;   /* stable dataset identifier: report.json's policy name */
    char *arch; /* the verified copy in the site's downloads/ */
};

/* One dataset: its releases, newest first, and what changed between them. */
struct dataset {
    const char *id; /* borrowed from the versions */
    struct pkg **v; /* v[0] is the newest release */
    size_t nv;
    char **changed; /* changed[i]: what changed in v[i] since v[i + 1] (NULL for the
                       oldest, or when the two could not be compared) */
    int *finding;   /* changed[i] holds a weakening or a differencing risk */
};

/* A page under construction: a capped buffer with a sticky error. */
struct page {
    struct odp_buf b;
    int rc;
};

/* JSON getters: a missing or mistyped member reads as absent (NULL, -1). */
const char *portal_jstr(const cJSON *o, const char *k);
int64_t portal_jint(const cJSON *o, const char *k);
const cJSON *portal_jobj(const cJSON *o, const char *k);
const char *portal_or_empty(const char *s);

/* What the pages show of a package. */
const char *portal_pkg_title(const struct pkg *k);
const char *portal_pkg_agency(const struct pkg *k);
const char *portal_pkg_freq(const struct pkg *k);
const char *portal_pkg_date(const struct pkg *k);
int64_t portal_pkg_rows(const struct pkg *k);

/* portal_read.c: reads the verified archive `path` (metadata, report, dictionary) and
 * streams its one data/NAME.csv to csv_dst. */
int portal_read_package(const char *path, struct pkg *k, const char *csv_dst, struct odp_err *err);

/* portal_html.c */
void portal_fmt_count(uint64_t v, char out[32]);
int portal_put_page(const char *dir, const char *rel, struct page *p, struct odp_err *err);
int portal_render_preview(const char *csv, struct pkg *k, size_t want, struct odp_err *err);
int portal_write_index(const char *tmp, const struct dataset *ds, size_t n, const char *key_id,
                       struct odp_err *err);
int portal_write_dataset(const char *tmp, const struct dataset *d, const char *key_id,
                         const char *pub_b64, struct odp_err *err);

/* portal_catalog.c: data.json (DCAT-US: one entry per dataset, issued = its first
 * release, modified = its newest) and catalog.json (Socrata-style views). */
int portal_write_catalogs(const char *tmp, const struct dataset *ds, size_t n,
                          const struct odp_portal_opts *o, struct odp_err *err);

#endif
