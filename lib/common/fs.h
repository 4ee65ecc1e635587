/*
 * fs.h - file-system helpers: temp dirs beside a target, atomic rename, cleanup.
 *
 * Outputs are built under a temporary name in the target's directory (same file
 * system), synced, and renamed into place only when complete; on any error the temp
 * tree is removed, so a failed run leaves nothing behind. Temp names start with
 * ".odpub-tmp-" so a leftover from a killed run is recognisable and cleaned by the
 * next run into the same directory.
 */
#ifndef ODP_COMMON_FS_H
#define ODP_COMMON_FS_H

#include <stddef.h>
#include <stdint.h>

#include "odp/err.h"

#define ODP_TMP_PREFIX ".odpub-tmp-"

/*
 * Creates a private (0700) temp directory beside `target` and returns its path
 * (caller frees). Also removes stale temp entries of earlier killed runs for the same
 * target (".odpub-tmp-<base>-*" whose owning pid no longer exists).
 */
char *odp_tmpdir_beside(const char *target, struct odp_err *err);

/* Creates a temp file name beside target, opened O_EXCL 0644; returns fd and *tmp_path. */
int odp_tmpfile_beside(const char *target, char **tmp_path, struct odp_err *err);

/* Removes a file or a directory tree (no symlink is followed). Errors are ignored. */
void odp_rmtree(const char *path);

/* Renames src to dst, refusing to replace an existing dst; then, with sync, syncs dst's
 * directory. */
int odp_rename_new(const char *src, const char *dst, int sync, struct odp_err *err);

/* fsync of a directory (so a rename inside it is durable). */
int odp_fsync_dir(const char *dir, struct odp_err *err);

/*
 * How a file written whole is made durable (the `sync` of odp_write_file_sync and
 * odp_out_finish). ODP_SYNC_LATER starts its writeback and returns: the caller syncs
 * the tree it is in with odp_fsync_tree before anything relies on it (a package is
 * renamed into place). A dozen files then cost one journal commit instead of one each,
 * and the data file's last writes reach the disk while the metadata is being made.
 */
enum { ODP_SYNC_NONE = 0, ODP_SYNC_NOW = 1, ODP_SYNC_LATER = 2 };

/* fsync of every regular file under dir, then of every directory, dir last (no symlink
 * is followed; at most 8 levels). */
int odp_fsync_tree(const char *dir, struct odp_err *err);

/* Creates a file for writing (O_CREAT|O_EXCL|O_NOFOLLOW, mode). Returns fd or < 0. */
int odp_create(const char *path, int mode, struct odp_err *err);

/* mkdir -p for a path inside an existing tree (mode 0755). */
int odp_mkdirs(const char *path, struct odp_err *err);

/* Writes a whole small file (created new, 0644) and fsyncs it. Optional SHA-256. */
int odp_write_file(const char *path, const void *p, size_t n, uint8_t sha256[32],
                   struct odp_err *err);
/* The same; sync is an ODP_SYNC_* (NONE: a staging file that is read back and removed). */
int odp_write_file_sync(const char *path, const void *p, size_t n, uint8_t sha256[32], int sync,
                        struct odp_err *err);

/* Reads a whole file of at most `limit` bytes; *out is NUL-terminated (caller frees). */
/* Writes all n bytes of p to fd (retrying EINTR and short writes). 0, or -1 with errno. */
int odp_write_all(int fd, const void *p, size_t n);

/* 1 when s ends with suffix (ASCII case folded when icase), else 0. */
int odp_has_suffix(const char *s, const char *suffix, int icase);

int odp_read_file(const char *path, size_t limit, char **out, size_t *len, struct odp_err *err);

/* Joins dir and name with one '/' (caller frees); NULL on OOM. */
char *odp_path_join(const char *dir, const char *name);

/* The directory part of path ("." when none), caller frees. */
char *odp_dirname(const char *path);

/* The last component (borrowed from path). */
const char *odp_basename(const char *path);

/* Hex of n bytes into out (2n + 1 bytes), lowercase. */
void odp_hex(const uint8_t *p, size_t n, char *out);

/* SHA-256 of a file (streamed); also its size. */
int odp_sha256_file(const char *path, uint8_t sha[32], uint64_t *size, struct odp_err *err);

/*
 * exedir.c: the directory of the running executable (/proc/self/exe, links resolved)
 * joined with the relative path `rel`; malloc'd, NULL when unknown or rel is absolute.
 */
char *odp_exe_relative(const char *rel);

#endif
