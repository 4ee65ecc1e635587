/*
 * bag_int.h - internals shared by the bag module (manifest.c, meta.c, package.c,
 * verify.c): BagIt digests and manifest parsing, tag-file decoding, the metadata
 * writers and the sorted, symlink-refusing tree listing.
 *
 * Everything here parses or writes files that may come from the internet: parsers are
 * bounded, report FILE:LINE with no file content in the message, and never follow a
 * path outside the bag.
 */
#ifndef ODP_BAG_INT_H
#define ODP_BAG_INT_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "odp/err.h"
#include "bag.h"

/* Digest algorithms BagIt manifests may name (manifest-ALG.txt). */
enum odp_bag_alg {
    ODP_ALG_MD5 = 0,
    ODP_ALG_SHA1,
    ODP_ALG_SHA224,
    ODP_ALG_SHA256,
    ODP_ALG_SHA384,
    ODP_ALG_SHA512,
    ODP_ALG__COUNT
};
#define ODP_ALG_ALL ((1u << ODP_ALG__COUNT) - 1u)
#define ODP_BAG_MAX_DIGEST 64

/* Caps for hostile bags. */
#define ODP_BAG_MAX_ENTRIES 10000u       /* files + directories in a bag or archive */
#define ODP_BAG_MAX_PATH 4096u           /* bytes in one path */
#define ODP_BAG_MAX_TAGFILE (16u << 20)  /* one tag file kept in memory */
#define ODP_BAG_MAX_TAGTOTAL (32u << 20) /* all tag files kept in memory */

/* The algorithm for a manifest name part ("sha256"), or -1. */
int odp_bag_alg_from_name(const char *s, size_t n);
const char *odp_bag_alg_name(int alg);
size_t odp_bag_alg_len(int alg);
const EVP_MD *odp_bag_alg_md(int alg);

/* Several digests of one byte stream at once. */
struct odp_mhash {
    EVP_MD_CTX *ctx[ODP_ALG__COUNT];
    unsigned mask;
};
int odp_mhash_init(struct odp_mhash *h, unsigned mask, struct odp_err *err);
void odp_mhash_update(struct odp_mhash *h, const void *p, size_t n);
/* Finishes every digest of the mask into out[alg]. */
int odp_mhash_final(struct odp_mhash *h, uint8_t out[ODP_ALG__COUNT][ODP_BAG_MAX_DIGEST],
                    struct odp_err *err);
void odp_mhash_release(struct odp_mhash *h);

/* One manifest line. */
struct odp_mentry {
    char *path;     /* decoded, "./" and md5sum's '*' removed; owned */
    uint8_t digest[ODP_BAG_MAX_DIGEST];
    uint64_t line;
};

struct odp_manifest {
    int alg;
    struct odp_mentry *e;
    size_t n, cap;
};

/*
 * Parses manifest text (already decoded to UTF-8): lines "HEX<ws>PATH", LF, CRLF or CR
 * line ends, blank lines skipped. With `pct_decode` (BagIt 1.0) %0A %0D %25 in paths
 * are decoded. A malformed line is ODP_ESYNTAX at origin:line. Paths are not checked
 * here (see odp_bag_path_problem). On error m holds what was parsed so far; release it.
 */
int odp_manifest_parse(const char *text, size_t len, int alg, int pct_decode, const char *origin,
                       struct odp_manifest *m, struct odp_err *err);
void odp_manifest_release(struct odp_manifest *m);

/*
 * Decodes BagIt 1.0 percent-escapes (%0A %0D %25, either case) of in[0..n) into out
 * (at least n + 1 bytes, NUL-terminated); other '%' sequences stay as they are.
 * Returns the decoded length.
 */
size_t odp_bag_pct_decode(const char *in, size_t n, char *out);
/* Encodes '%', CR and LF of a path for a manifest line. Caller frees; NULL on OOM. */
char *odp_bag_pct_encode(const char *path);

/*
 * Why a manifest / fetch / archive path is unsafe or out of scope, or NULL when it is a
 * plain relative path: empty, absolute, "~" prefix, "." or ".." or empty components,
 * backslashes, control bytes.
 */
const char *odp_bag_path_problem(const char *path);

/*
 * Decodes a tag file from the bag's Tag-File-Character-Encoding (UTF-8, ISO-8859-1,
 * UTF-16 with BOM or LE/BE) to UTF-8; a UTF-8 BOM is skipped. Caller frees *out.
 * ODP_ESCHEMA for an unsupported encoding, ODP_ESYNTAX for bytes that do not decode.
 */
int odp_bag_text_decode(const char *p, size_t n, const char *enc, const char *origin, char **out,
                        size_t *outlen, struct odp_err *err);

/* bagit.txt, strictly per RFC 8493 ("Label: value", exactly one space after ':'). */
struct odp_bagit_decl {
    unsigned major, minor;
    char enc[64];
};
int odp_bagit_parse(const char *p, size_t n, const char *origin, struct odp_bagit_decl *d,
                    struct odp_err *err);

/*
 * The first value of `label` (case-insensitive) in bag-info text, continuation lines
 * joined by one space, surrounding whitespace trimmed. Caller frees; NULL when absent
 * (or on OOM, which callers treat as absent).
 */
char *odp_baginfo_get(const char *p, size_t n, const char *label);

/* Parses all of p[0..n) as a decimal u64 (no sign, no spaces). 0 or -1. */
int odp_bag_parse_u64(const char *p, size_t n, uint64_t *v);

/* One file or directory of a listed tree. */
struct odp_fent {
    char *path;      /* relative, '/'-separated; directories end in '/' */
    int is_dir;
    uint64_t size;
};

/*
 * Lists the tree under root (not root itself), sorted by bytes, so directories come
 * before their contents. Symlinks, devices, FIFOs and sockets are refused (ODP_EVERIFY
 * naming the path), as are more than max_entries entries (ODP_ELIMIT).
 */
int odp_bag_list(const char *root, size_t max_entries, struct odp_fent **out, size_t *n,
                 struct odp_err *err);
void odp_bag_list_free(struct odp_fent *v, size_t n);

/* Writers (package.c calls them in this order, into the bag temp dir). */
int odp_meta_write(const char *dir, const struct odp_pkg_info *info, struct odp_err *err);
/* bagit.txt, bag-info.txt, manifest-sha256.txt, tagmanifest-sha256.txt. */
int odp_bag_write_tagfiles(const char *dir, const struct odp_pkg_info *info, struct odp_err *err);

/* "1.5 MB": a human size as Bag-Size wants it (integer math, one decimal). */
void odp_bag_human_size(uint64_t bytes, char *out, size_t size);

#endif
