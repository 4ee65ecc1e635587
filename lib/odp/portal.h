/*
 * portal.h - a static open-data catalog site built from verified packages.
 *
 * odp_portal_build() verifies every package archive first (signature over the bag, the
 * detached ARCHIVE.minisig, manifests, layout: see verify.h) against one agency public
 * key; a package that fails is refused and nothing is written. It then writes a site
 * of plain HTML + CSS + a little JavaScript, readable with JavaScript off and usable
 * from file:// or any static host:
 *
 *   index.html              catalog: one entry per dataset (search and agency / category
 *                           filters with JS)
 *   datasets/DATASET.html   one page per dataset (DATASET is its stable identifier, the
 *                           policy name): the newest release's description, download,
 *                           data dictionary with the privacy treatment of each column,
 *                           a pandas / R reading snippet with the column types, privacy
 *                           summary, preview, downloads with sizes and SHA-256, signer key
 *                           id and trusted comments, in-browser signature check; then
 *                           every release newest first, each with its downloads, a
 *                           verify button and what changed since the one before (diff.h)
 *   downloads/ARCHIVE, ARCHIVE.minisig, PKG.csv
 *   data.json               DCAT-US (Project Open Data v1.1) catalog of all datasets
 *   catalog.json            Socrata-style list of views (each package's portal.json)
 *   agency.pub              the agency's minisign public key
 *   assets/                 style.css, blake2b.js, verify.js, catalog.js
 *
 * The site is built in a temp dir beside the target and renamed into place when
 * complete. It is deterministic: the same packages, key and options give byte-identical
 * files (datasets are ordered by identifier, releases newest first; no time but the
 * packages' own appears). Releases of one dataset are grouped by the policy name in
 * their report.json; two releases of one dataset on the same date are refused.
 * Every string taken from a package is HTML-escaped; no secret ever enters the site (it
 * reads only public keys and published package files).
 */
#ifndef ODP_PORTAL_PUBLIC_H
#define ODP_PORTAL_PUBLIC_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct odp_portal_opts {
    const char *pubkey_path; /* minisign .pub of the agency (required) */
    const char *base_url;    /* e.g. "https://data.example.gov/": absolute links in
                                data.json (landingPage, downloadURL); NULL: none */
    int force;               /* replace an existing SITE directory */
    size_t preview_rows;     /* rows shown in each page's preview (default 20) */
};

/* Fills the defaults above. */
ODP_API void odp_portal_opts_init(struct odp_portal_opts *o);

/* One dataset as published on the site (its newest release). Strings owned by the result. */
struct odp_portal_ds {
    char *dataset; /* stable identifier (the policy name), e.g. nyc-311-service-requests */
    char *package; /* newest release's bag name, e.g. nyc-311-service-requests-2026-11-23 */
    char *title;
    char *page;    /* "datasets/DATASET.html" relative to the site (stable across releases) */
    char *archive; /* "downloads/ARCHIVE" of the newest release */
    int64_t rows;  /* published rows, -1 when the report does not say */
    size_t versions; /* releases of this dataset on the site */
};

struct odp_portal_result {
    char *site;    /* the site directory as given */
    char *key_id;  /* the agency key id (16 hex digits) */
    struct odp_portal_ds *ds;
    size_t nds;
    char *refused;       /* path of the package that failed verification, or NULL */
    char *refused_json;  /* its verify result (odp_verify_result_json), or NULL */
};

/*
 * Builds the site `site` from the package archives pkgs[0..npkgs). Each archive needs its
 * detached signature ARCHIVE.minisig beside it (release --key writes both); directories
 * are refused (the in-browser check needs an archive). Returns ODP_OK; ODP_EVERIFY when
 * a package failed verification (err names it and the first failing check, *out says
 * which and carries the verify result); other negative codes for unusable input (bad
 * key, not an archive, duplicate package, site exists without force, I/O). On any error
 * nothing is left at `site` (an existing site is kept as it was). *out (may be NULL on
 * ENOMEM) is freed with odp_portal_result_free.
 */
ODP_API int odp_portal_build(const char *const *pkgs, size_t npkgs, const char *site,
                     const struct odp_portal_opts *o, struct odp_portal_result **out,
                     struct odp_err *err);
ODP_API void odp_portal_result_free(struct odp_portal_result *r);


#endif
