/*
 * verify_int.h - the parts of `odpub verify` shared by verify.c (the bag rules),
 * vbag.c (the file list, from a directory or through the archive reader) and
 * verify_result.c (the result record and its JSON).
 */
#ifndef ODP_VERIFY_INT_H
#define ODP_VERIFY_INT_H

#include <stddef.h>
#include <stdint.h>

#include "bag_int.h"
#include "odp/verify.h"

/* One file or directory of the package, with the digests verify may need. */
struct vfile {
    char *path; /* relative to the bag root */
    int is_dir;
    uint64_t size;
    uint8_t dig[ODP_ALG__COUNT][ODP_BAG_MAX_DIGEST];
    unsigned mask; /* digests computed */
    char *content; /* kept tag file, NUL-terminated; NULL otherwise */
    size_t clen;
    int listed; /* scratch: seen in the manifest being checked */
};

/* The package as a sorted file list. */
struct vbag {
    struct vfile *f;
    size_t n, cap;
    size_t kept; /* bytes of tag files kept */
    char *top;   /* archive top directory */
};

/*
 * Loads a directory bag (symlinks and special files refused: ODP_EVERIFY) or an archive
 * (every rule of pkgread.h; *odd_modes gets its count of entries with modes odpub does
 * not write). Each file is hashed with every manifest algorithm; the few tag files verify
 * reads are kept, capped. The list is sorted on success. Release it on any outcome.
 */
int odp_vbag_load_dir(struct vbag *b, const char *root, const struct odp_verify_opts *o,
                      struct odp_err *err);
int odp_vbag_load_archive(struct vbag *b, const char *path, const struct odp_verify_opts *o,
                          size_t *odd_modes, struct odp_err *err);
void odp_vbag_release(struct vbag *b);
/* The regular file at `path` in the bag, or NULL. */
struct vfile *odp_vbag_file(struct vbag *b, const char *path);

/* Appends a check (ok or not) to the result; ODP_OK or ODP_ENOMEM. */
int odp_vcheck(struct odp_verify_result *r, const char *check, const char *file, int ok,
               const char *fmt, ...) ODP_PRINTF(5, 6);
int odp_vwarn(struct odp_verify_result *r, const char *w);

#endif
