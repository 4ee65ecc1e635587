/*
 * portal.h - a static open-data catalog site built from verified packages.
 *
 * odp_portal_build() verifies every package archive first (signature over the bag, the
 * detached ARCHIVE.minisig, manifests, layout: see verify.h) against one agency public
 * key; a package that fails is refused and nothing is written. It then writes a site
 * of plain HTML + CSS + a little JavaScript, readable with JavaScript off and usable
 * from file:// or any static host:
 *
 *   index.html              catalog (search and agency / category filters with JS)
 *   datasets/PKG.html       one page per package: description, data dictionary with the
 *                           privacy treatment of each column, privacy summary, a preview
 *                           of the first rows, downloads with sizes and SHA-256, signer
 *                           key id and trusted comments, in-browser signature check
 *   downloads/ARCHIVE, ARCHIVE.minisig, PKG.csv
 *   data.json               DCAT-US (Project Open Data v1.1) catalog of all datasets
 *   catalog.json            Socrata-style list of views (each package's portal.json)
 *   agency.pub              the agency's minisign public key
 *   assets/                 style.css, blake2b.js, verify.js, catalog.js
 *
 * The site is built in a temp dir beside the target and renamed into place when
 * complete. It is deterministic: the same packages, key and options give byte-identical
 * files (datasets are ordered by package name; no time but the packages' own appears).
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

/* One dataset as published on the site. Strings owned by the result. */
struct odp_portal_ds {
    char *package; /* bag name, e.g. nyc-311-service-requests-2026-11-23 */
    char *title;
    char *page;    /* "datasets/PKG.html" relative to the site */
    char *archive; /* "downloads/ARCHIVE" */
    int64_t rows;  /* published rows, -1 when the report does not say */
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
