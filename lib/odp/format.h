/*
 * odp/format.h - the input formats odpub reads and the package formats it writes, with
 * their names (as given to --input-format and --format) and file extensions. This is the
 * one table of them: the CLI, the release, verify, audit and the portal all ask it.
 */
#ifndef ODP_FORMAT_H
#define ODP_FORMAT_H

#include <stddef.h>

#include "err.h"

/* What a data file is read as. AUTO picks by extension (.json/.ndjson/.jsonl: JSON). */
enum odp_input_format {
    ODP_FMT_AUTO = 0,
    ODP_FMT_CSV,
    ODP_FMT_JSON
};

/* "csv", "json" ("auto" for AUTO); NULL when out of range. */
ODP_API const char *odp_input_format_name(enum odp_input_format f);
/* The format named s ("csv", "json"), or -1. */
ODP_API int odp_input_format_from_name(const char *s);
/* The format a path's extension implies: JSON for .json/.ndjson/.jsonl, else CSV. */
ODP_API enum odp_input_format odp_input_format_of_path(const char *path);

/* How a package is written. */
enum odp_pkg_format {
    ODP_PKG_DIR = 0,  /* a BagIt directory */
    ODP_PKG_ZIP,      /* .zip */
    ODP_PKG_TGZ,      /* .tar.gz (also read as .tgz) */
    ODP_PKG_TZST,     /* .tar.zst (also read as .tzst) */
    ODP_PKG__COUNT
};

/* "dir", "zip", "tar.gz", "tar.zst"; NULL when out of range. */
ODP_API const char *odp_pkg_format_name(enum odp_pkg_format f);
/* The format named s (also "tgz", "tzst"), or -1. */
ODP_API int odp_pkg_format_from_name(const char *s);
/* ".zip", ".tar.gz", ".tar.zst" ("" for a directory). */
ODP_API const char *odp_pkg_format_extension(enum odp_pkg_format f);
/*
 * The archive format a path's extension names (.zip, .tar.gz, .tgz, .tar.zst, .tzst),
 * or -1 when it names none (a directory, or anything else).
 */
ODP_API int odp_pkg_format_of_path(const char *path);
/* The list of package format names for messages: "dir, zip, tar.gz, tar.zst". */
#define ODP_PKG_FORMAT_LIST "dir, zip, tar.gz, tar.zst"

#endif
