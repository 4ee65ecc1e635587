/*
 * extract.h - reading a package archive's policy and data for `odpub audit PKG.tar.zst`.
 */
#ifndef ODP_EXTRACT_H
#define ODP_EXTRACT_H

#include "odp/err.h"

/* 1 when `path` is named like a package archive (.zip, .tar, .tar.gz/.tgz, .tar.zst). */
int odp_pkg_is_archive(const char *path);

/*
 * Copies policy.yaml and data/NAME.csv of the package archive `archive` into the empty
 * directory `dest` (as DEST/policy.yaml and DEST/data/NAME.csv), refusing hostile
 * archives (see extract.c). Returns ODP_OK, or ODP_ESYNTAX/ODP_ELIMIT (unusable
 * archive), ODP_EIO, ODP_ENOMEM; on error DEST may hold part of the files.
 */
int odp_pkg_extract(const char *archive, const char *dest, struct odp_err *err);

#endif
