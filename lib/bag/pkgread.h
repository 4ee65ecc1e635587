/*
 * pkgread.h - the one reader of untrusted package archives (zip, tar, tar.gz, tar.zst),
 * shared by `odpub verify` (verify.c) and `odpub audit PKG` (extract.c).
 *
 * Every hostile-archive rule lives here, so verify and audit cannot disagree on what an
 * archive holds:
 *  - only tar and zip, through gzip, zstd, xz, bzip2 or no filter; zstd frames declaring a
 *    window over 32 MiB are refused before anything is decoded;
 *  - entry names: no absolute path, '..', '.', empty component, backslash, control byte
 *    or line break; one top-level directory; no duplicate; no file used as a directory;
 *  - entry types: regular files and directories only (links, hard links, devices, FIFOs
 *    refused); modes: setuid, setgid, sticky and writable-by-others refused;
 *  - sizes: an entry's declared size is capped, and so is the sum of the declared sizes
 *    against the archive's size on disk (the compression-ratio cap, from the first header,
 *    before a byte is inflated); then every byte read is held to the same caps, to its
 *    entry's declared size, and to the ratio of bytes inflated to bytes read;
 *  - zip is read twice, through its central directory (the names and modes unzip uses)
 *    and through its local headers (what a streaming reader sees); both must describe the
 *    same entries with the same contents, and the raw records must agree name for name.
 * Nothing is ever written: entries are handed to the caller's callbacks as they stream.
 *
 * Errors: ODP_EVERIFY for an entry a rule refuses, ODP_ELIMIT for a cap, ODP_ESYNTAX for
 * an archive that cannot be read, ODP_EIO/ODP_ENOMEM; the location is the archive path
 * and the message never quotes archive content beyond libarchive's own diagnostic.
 */
#ifndef ODP_PKGREAD_H
#define ODP_PKGREAD_H

#include <stddef.h>
#include <stdint.h>

#include "odp/err.h"
#include "sign.h"

struct odp_pkgread_opts {
    size_t max_entries;       /* files + directories, the top directory included */
    uint64_t max_entry_bytes; /* one entry, declared or read */
    uint64_t max_total_bytes; /* all entries read */
    uint64_t ratio_floor;     /* below this many bytes (declared or read) no ratio check */
    uint32_t max_ratio;       /* uncompressed : archive bytes */
    /* Called as archive bytes are read (rows is 0), for a progress display; may be NULL. */
    void (*progress)(void *ctx, uint64_t rows, uint64_t bytes);
    void *progress_ctx;
};

/* The caps verify uses by default: 10000 entries, 64 GiB, ratio 256:1 past 1 MiB. */
void odp_pkgread_opts_init(struct odp_pkgread_opts *o);

/* One entry, as handed to the callbacks. */
struct odp_pkgent {
    const char *path; /* inside the bag (the top directory removed), no trailing '/' */
    int is_dir;
    unsigned perm;    /* permission bits (07777 mask) */
    int64_t declared; /* size from the entry header, -1 when the header has none */
};

/* entry() returns this to have the entry read (hashed, held to the caps) but not passed on. */
#define ODP_PKG_SKIP 1

struct odp_pkgread_ops {
    /* An entry that passed the rules: ODP_OK to get its bytes, ODP_PKG_SKIP, or an error. */
    int (*entry)(void *ctx, const struct odp_pkgent *e, struct odp_err *err);
    int (*data)(void *ctx, const void *p, size_t n, struct odp_err *err);
    /* The entry's end: its SHA-256 and size (bytes read). */
    int (*end)(void *ctx, const uint8_t sha256[32], uint64_t size, struct odp_err *err);
};

/* What the reader learned about the archive as a whole. */
struct odp_pkgread_info {
    char *top; /* the top-level directory name (owned; free it) */
    int is_zip;
    size_t entries;   /* entries under the top directory */
    size_t odd_modes; /* entries other than files 0644/0755 and directories 0755 */
    uint64_t archive_bytes;
};

/*
 * Reads the archive at `path` once through `ops` (NULL: rules only), applying every rule
 * above; for a zip, then the second pass and the record comparison. On error the callbacks
 * may have seen part of the archive; info->top is set whenever known.
 */
int odp_pkgread(const char *path, const struct odp_pkgread_opts *o,
                const struct odp_pkgread_ops *ops, void *ctx, struct odp_pkgread_info *info,
                struct odp_err *err);

/*
 * The detached signature PATH.minisig, checked over the archive's bytes before anything
 * of the archive is parsed (as minisign does). ODP_OK when it verifies with pk (*trusted
 * gets the trusted comment; caller frees), ODP_END when there is no PATH.minisig, else
 * the reason it does not verify (ODP_EVERIFY, ODP_ESYNTAX, ODP_EIO) with err->msg set.
 */
int odp_pkg_detached_sig(const char *path, const struct odp_pubkey *pk, char **trusted,
                         struct odp_err *err);

/* ODP_OK unless a zstd frame in the file at fd declares a window over 32 MiB (ODP_ELIMIT)
 * or has a truncated header (ODP_ESYNTAX); a file that is not zstd is OK. */
int odp_zstd_frames_ok(int fd, const char *path, struct odp_err *err);

/* ODP_ESYNTAX at `path`: "WHAT: libarchive's message" (control bytes made spaces). */
struct archive;
int odp_ar_fail(struct archive *a, const char *path, const char *what, struct odp_err *err);

#endif
