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
#include "fs.h"
#include "out.h"
#include "plan.h"
#include "policy.h"
#include "sign.h"

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
    int no_sync;               /* nothing is fsynced (odp_release_opts.no_sync) */
    const struct odp_pkg_stream *data_stream; /* the data file's stream, or NULL (below) */
    uint64_t rows_in, rows_out, rows_dropped, rows_suppressed;
    uint32_t k_reached;        /* 0 when no k-anonymity */
    const struct odp_colinfo *cols;
    size_t ncols;
    const struct odp_dropinfo *dropped;
    size_t ndropped;
    uint8_t policy_sha256[32]; /* SHA-256 of policy.yaml as written */
};

/* The bag's files start their writeback as they are written, and odp_bag_finish syncs
 * the whole tree once at the end (fs.h, ODP_SYNC_LATER); a staging bag is not synced. */
#define ODP_BAG_SYNC(info) (!(info)->staging && !(info)->no_sync ? ODP_SYNC_LATER : ODP_SYNC_NONE)



/*
 * Adds to the bag at `dir` (which already holds data/, policy.yaml, report.json):
 * datapackage.json, metadata/{dcat-us.json,portal.json,data-dictionary.csv},
 * bagit.txt, bag-info.txt, manifest-sha256.txt, tagmanifest-sha256.txt and, when `sk` is
 * not NULL, tagmanifest-sha256.txt.minisig. Deterministic for the same info.
 * The signing key is loaded once by the caller (odp_seckey_load: an encrypted key costs
 * seconds of scrypt) and used here and by odp_bag_archive.
 */
int odp_bag_finish(const char *dir, const struct odp_pkg_info *info, const struct odp_seckey *sk,
                   struct odp_err *err);

/*
 * Loads libarchive (lib/bag/arlib.h) once per process, thread-safe: archive packages need
 * it, directory packages do not. ODP_OK, or ODP_EIO naming the library, the loader's
 * reason and `path` (may be NULL), the archive being written or read. The archive
 * functions below call it themselves; a release calls it first, to fail before any work.
 */
int odp_arlib_load(const char *path, struct odp_err *err);

/*
 * Writes the bag at `dir` as an archive `out_path` (zip, tar.gz, tar.zst) whose single
 * top-level directory is info->package_name; entries sorted, mtime = info->epoch,
 * uid/gid 0, modes 0644/0755. With a key, also writes OUT_PATH.minisig. The archive is
 * written to a temp name and renamed; out_path must not exist.
 */
int odp_bag_archive(const char *dir, const struct odp_pkg_info *info, enum odp_pkg_format fmt,
                    const char *out_path, const struct odp_seckey *sk, struct odp_err *err);

/*
 * The data file's byte stream, for the writer of a package of format `fmt` (the release
 * writes the data file through odp_out and installs this sink on it). For .tar.zst the
 * package writer compresses the data while it is written, into a file in `tmpdir`, and
 * odp_bag_archive later splices that frame into the archive instead of reading and
 * compressing the bag's data file again (the bag then holds an empty stand-in for the data
 * file: only its name and info->data_bytes are used). Other formats need no sink (*fn
 * NULL). How the archive is laid out stays in package.c.
 */
struct odp_pkg_stream;
int odp_pkg_stream_open(const char *tmpdir, enum odp_pkg_format fmt, struct odp_pkg_stream **out,
                        struct odp_err *err);
void odp_pkg_stream_sink(struct odp_pkg_stream *s, odp_out_fn *fn, void **ctx);
/* Ends the stream: every byte reaches its file. */
int odp_pkg_stream_close(struct odp_pkg_stream *s, struct odp_err *err);
void odp_pkg_stream_free(struct odp_pkg_stream *s);

#endif
