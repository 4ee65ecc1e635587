/*
 * verify.h - checking a package (a BagIt bag as a directory or a zip / tar / tar.gz /
 * tar.zst archive) the way a member of the public would: signature first, then tag
 * files, then payload.
 *
 * Order of trust: the minisign signature over tagmanifest-sha256.txt (skipped only with
 * allow_unsigned), every tag file against the tag manifests, every payload file against
 * every payload manifest (md5, sha1, sha224, sha256, sha384, sha512), completeness (no
 * file missing or extra), Payload-Oxum, bagit.txt, fetch.txt, and datapackage.json's
 * resource bytes and hash against the payload.
 *
 * An archive with a public key needs its detached ARCHIVE.minisig, checked over the
 * archive's bytes before anything of the archive is parsed: a missing or bad one fails
 * verification without the archive being read (bag_only: a missing one is a warning and
 * only the signature inside the bag is checked).
 *
 * Archives are never extracted: they are read by the shared hostile-archive reader
 * (lib/bag/pkgread.h: tar and zip only, gzip/zstd/xz/bzip2 filters; zip read through its
 * central directory and its local headers, which must agree), every entry is hashed as it
 * is read and only the few tag files verify needs are kept in memory under a cap.
 * Refused: absolute paths, '..' or empty components, symlinks, hard links, devices,
 * setuid/setgid/sticky or world-writable modes, duplicate or conflicting names, more
 * than max_entries entries, entries or totals past the byte caps, and compression ratios
 * past max_ratio (archive bombs), checked from the first header against the sizes the
 * entries declare, then against the bytes inflated. An archive that is refused or cannot
 * be read is a failed verification (ODP_EVERIFY, an "archive" check says why).
 *
 * Strict (odpub) rules apply when a signature is checked or bag-info.txt names odpub as
 * its Bag-Software-Agent: every tag file must be in tagmanifest-sha256.txt, the bag must
 * have manifest-sha256.txt, datapackage.json and no fetch.txt, and the trusted comment
 * must name this package, its Bagging-Date and the SHA-256 of its policy.yaml.
 */
#ifndef ODP_VERIFY_PUBLIC_H
#define ODP_VERIFY_PUBLIC_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct odp_verify_opts {
    const char *pubkey_path;   /* minisign .pub; NULL only together with allow_unsigned */
    int allow_unsigned;        /* check a bag without a signature (a warning is recorded) */
    int bag_only;              /* an archive without ARCHIVE.minisig: check the signature
                                  inside it alone (a warning) instead of failing */
    size_t max_entries;        /* files + directories (default 10000) */
    uint64_t max_entry_bytes;  /* one archive entry, declared or read (default 64 GiB) */
    uint64_t max_total_bytes;  /* all entries read (default 64 GiB) */
    uint64_t ratio_after;      /* no ratio check below this many bytes (1 MiB) */
    uint32_t max_ratio;        /* uncompressed : compressed (default 256) */
    /* Called as an archive is read, with its (compressed) bytes read so far; may be NULL. */
    void (*progress)(void *ctx, uint64_t rows, uint64_t bytes);
    void *progress_ctx;
};

/* Fills the defaults above. */
ODP_API void odp_verify_opts_init(struct odp_verify_opts *o);

/* One check and its outcome. Strings are owned by the result. */
struct odp_verify_check {
    char *check;   /* "signature", "bagit", "tagmanifest-sha256", "manifest-md5", "complete",
                      "payload-oxum", "fetch", "datapackage", "trusted-comment", "archive",
                      "archive-signature", "policy-strength" */
    char *file;    /* path inside the bag ("" for the bag as a whole) */
    int ok;
    char *detail;  /* human text, never file content */
};

/* One published column as the package describes it. */
struct odp_verify_col {
    char *name, *type, *treatment;
};

struct odp_verify_result {
    int ok;                       /* every check passed */
    char *package;                /* bag name (directory name or archive top directory) */
    char *trusted_comment;        /* NULL when no signature was verified */
    char *archive_trusted_comment;
    struct odp_verify_check *checks;
    size_t nchecks;
    char **warnings;              /* e.g. "signature not checked (--unsigned)" */
    size_t nwarnings;
    /* summary (NULL / -1 when the package does not say) */
    char *title, *agency, *release_date, *bagit_version;
    int64_t rows;
    size_t weaker;                /* report.json's weaker_than_baseline findings: released
                                     with --allow-weaker (also a warning) */
    uint64_t payload_bytes, payload_files;
    struct odp_verify_col *cols;
    size_t ncols;
};

/*
 * Verifies the package at `path` (directory or archive, told apart by lstat and
 * content). Returns ODP_OK when every check passed, ODP_EVERIFY when one failed (the
 * result says which; a corrupt, truncated or hostile archive is one), or another
 * negative code when the input is unusable (not found, not a file or directory, bad
 * public key; err says why and *out may still be filled). *out (may be NULL on ENOMEM) is freed with odp_verify_result_free.
 */
ODP_API int odp_verify_package(const char *path, const struct odp_verify_opts *o,
                               struct odp_verify_result **out, struct odp_err *err);
ODP_API void odp_verify_result_free(struct odp_verify_result *r);

/*
 * The --json document {"ok","package","trusted_comment","checks":[...],"warnings",
 * "summary":{...}} for a result (caller frees), NULL on OOM.
 */
ODP_API char *odp_verify_result_json(const struct odp_verify_result *r);

#endif
