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

/*
 * How the bytes of a CSV or JSON input are read (dataset.encoding, --encoding): LATIN1
 * and WINDOWS1252 are transcoded to UTF-8 on read. DEFAULT: the policy's, else UTF-8.
 */
enum odp_encoding {
    ODP_ENC_DEFAULT = 0,
    ODP_ENC_UTF8,
    ODP_ENC_LATIN1,
    ODP_ENC_WINDOWS1252
};

/* "utf-8", "latin-1", "windows-1252" (NULL for DEFAULT or out of range). */
ODP_API const char *odp_encoding_name(enum odp_encoding e);
/* The encoding named s (also utf8, latin1, iso-8859-1, cp1252; any case), or -1. */
ODP_API int odp_encoding_from_name(const char *s);
/*
 * The CSV field delimiter named s (dataset.delimiter, --delimiter): ",", ";", "|", a TAB
 * character, the word "tab" or the two characters \t (as typed on a command line); the
 * byte, or -1.
 */
ODP_API int odp_delimiter_from_name(const char *s);
/* The delimiter as a policy writes it (YAML double-quoted): ",", ";", "|", "\t"; else NULL. */
ODP_API const char *odp_delimiter_name(int d);

/*
 * Every package format, one row each: X(ID, id, name, extension, alias). `alias` is another
 * name and extension read as the format (NULL: none). The rows generate the enum (values
 * pinned: append new rows), the name and extension tables (lib/common/format.c) and the
 * package writer's table (lib/bag/package.c, one `pkg_writer_id` each), so a format without
 * its writer does not compile. To add one: a row here, its writer in package.c, its reader
 * settings in lib/bag/pkgread.c (docs/ARCHITECTURE.md, "How to add a package format").
 */
#define ODP_PKG_FORMATS(X)                                                                \
    X(DIR, dir, "dir", "", NULL)                /* a BagIt directory */                  \
    X(ZIP, zip, "zip", ".zip", NULL)                                                       \
    X(TGZ, tgz, "tar.gz", ".tar.gz", "tgz")                                                \
    X(TZST, tzst, "tar.zst", ".tar.zst", "tzst")

/* How a package is written. */
enum odp_pkg_format {
#define ODP_PKG_ENUM_(ID, id, name, ext, alias) ODP_PKG_##ID,
    ODP_PKG_FORMATS(ODP_PKG_ENUM_)
#undef ODP_PKG_ENUM_
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
/* The list of package format names for messages (test_registry checks it against the rows). */
#define ODP_PKG_FORMAT_LIST "dir, zip, tar.gz, tar.zst"

#endif
