/*
 * bag.h - the package writer: what a release hands to the packaging step.
 *
 * The release (jobs/release.c) transforms the data into <tmp>/data/NAME.csv and writes
 * policy.yaml and report.json; this layer (manifest.c, meta.c, package.c) then adds the
 * metadata, the BagIt tag files and manifests and the signature into the same temp dir,
 * and optionally turns it into an archive. Only then is anything renamed into place.
 */
#ifndef ODP_BAG_H
#define ODP_BAG_H

#include <stddef.h>
#include <stdint.h>

#include "odp/err.h"
#include "odp/release.h"
#include "plan.h"
#include "policy.h"

struct odp_pkg_info {
    const struct odp_policy *policy;
    const char *name;          /* policy name (slug) */
    const char *package_name;  /* NAME-YYYY-MM-DD: the bag's directory name */
    const char *release_date;  /* YYYY-MM-DD (from SOURCE_DATE_EPOCH or today, UTC) */
    int64_t epoch;             /* SOURCE_DATE_EPOCH or now: every timestamp in the package */
    const char *data_file;     /* "data/NAME.csv" relative to the bag root */
    uint8_t data_sha256[32];
    uint64_t data_bytes;
    int staging;               /* the bag is an archive's staging copy: read back once and
                                * removed, so its files are not fsynced */
    const char *data_zst;      /* tar.zst: the data file's contents as one zstd frame
                                * (odp_zstream, written by the release), or NULL */
    uint64_t rows_in, rows_out, rows_dropped, rows_suppressed;
    uint32_t k_reached;        /* 0 when no k-anonymity */
    const struct odp_colinfo *cols;
    size_t ncols;
    const struct odp_dropinfo *dropped;
    size_t ndropped;
    uint8_t policy_sha256[32]; /* SHA-256 of policy.yaml as written */
};


/*
 * Adds to the bag at `dir` (which already holds data/, policy.yaml, report.json):
 * datapackage.json, metadata/{dcat-us.json,portal.json,data-dictionary.csv},
 * bagit.txt, bag-info.txt, manifest-sha256.txt, tagmanifest-sha256.txt and, when
 * `seckey_path` is not NULL, tagmanifest-sha256.txt.minisig (passphrase may be NULL for
 * an unencrypted key). Deterministic for the same info.
 */
int odp_bag_finish(const char *dir, const struct odp_pkg_info *info, const char *seckey_path,
                   const char *passphrase, struct odp_err *err);

/*
 * Writes the bag at `dir` as an archive `out_path` (zip, tar.gz, tar.zst) whose single
 * top-level directory is info->package_name; entries sorted, mtime = info->epoch,
 * uid/gid 0, modes 0644/0755. With a key, also writes OUT_PATH.minisig. The archive is
 * written to a temp name and renamed; out_path must not exist.
 */
int odp_bag_archive(const char *dir, const struct odp_pkg_info *info, enum odp_pkg_format fmt,
                    const char *out_path, const char *seckey_path, const char *passphrase,
                    struct odp_err *err);

/*
 * A zstd stream onto an open fd (not owned), with the settings of .tar.zst packages.
 * odp_zstream_write has odp_out_fn's shape, so a release compresses its data file while
 * writing it; with info->data_zst naming that file, odp_bag_archive splices the frame
 * into the .tar.zst instead of reading and compressing the bag's data file again (the
 * bag then holds an empty stand-in for the data file: only its name is used).
 */
struct odp_zstream;
/* The release starts the payload frame at this offset of info->data_zst: the head frame
 * (and a skippable frame) go in front of it, so that file becomes the archive. */
#define ODP_TZST_HEAD_RESERVE 4096
int odp_zstream_open(int fd, const char *path, struct odp_zstream **out, struct odp_err *err);
int odp_zstream_write(void *zs, const char *p, size_t n, struct odp_err *err);
/* Ends the frame (all bytes reach the fd). */
int odp_zstream_close(struct odp_zstream *zs, struct odp_err *err);
void odp_zstream_free(struct odp_zstream *zs);

#endif
