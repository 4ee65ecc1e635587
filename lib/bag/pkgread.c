/*
 * pkgread.c - the hostile-archive reader shared by verify and audit (see pkgread.h).
 *
 * How: the archive is opened once as a regular file; the zstd frame headers are walked
 * (window cap) before libarchive decodes anything; then libarchive reads it through our
 * own read callback, which counts the archive bytes consumed, so the ratio of bytes
 * inflated to bytes read is known at every block. Each entry passes the type, name and
 * mode rules before its declared size is added to the archive's declared total, which is
 * held to the ratio cap against the archive's size on disk: a bomb is refused at its
 * header. Every entry is hashed (SHA-256) into a record list; after the pass the list must
 * have one top directory, no duplicate and no file used as a directory. A zip is read a
 * second time through its local headers and both lists must be equal, and the raw central
 * directory must name the same entries as the local headers (zip_dirs_agree).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arlib.h"
#include <openssl/evp.h>

#include "bag_int.h"
#include "fs.h"
#include "pkgread.h"

#define BLOCK (1u << 16)

void
odp_pkgread_opts_init(struct odp_pkgread_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->max_entries = ODP_BAG_MAX_ENTRIES;
    o->max_entry_bytes = (uint64_t)64 << 30;
    o->max_total_bytes = (uint64_t)64 << 30;
    o->ratio_floor = (uint64_t)1 << 20;
    o->max_ratio = 256;
}

/* --- reading the archive's bytes --- */

struct rawsrc {
    int fd;
    uint64_t raw; /* archive bytes consumed */
    char buf[BLOCK];
};

static la_ssize_t
raw_read(struct archive *a, void *data, const void **out)
{
    struct rawsrc *s = data;
    ssize_t r;

    do {
        r = read(s->fd, s->buf, sizeof(s->buf));
    } while (r < 0 && errno == EINTR);
    if (r < 0) {
        archive_set_error(a, errno, "read error");
        return -1;
    }
    s->raw += (uint64_t)r;
    *out = s->buf;
    return r;
}

static la_int64_t
raw_seek(struct archive *a, void *data, la_int64_t off, int whence)
{
    struct rawsrc *s = data;
    off_t r = lseek(s->fd, (off_t)off, whence);

    (void)a;
    return r < 0 ? ARCHIVE_FATAL : (la_int64_t)r;
}

static la_int64_t
raw_skip(struct archive *a, void *data, la_int64_t n)
{
    struct rawsrc *s = data;
    off_t cur = lseek(s->fd, 0, SEEK_CUR);

    (void)a;
    if (cur < 0 || lseek(s->fd, (off_t)n, SEEK_CUR) < 0) {
        return 0;
    }
    s->raw += (uint64_t)n;
    return n;
}

int
odp_ar_fail(struct archive *a, const char *path, const char *what, struct odp_err *err)
{
    const char *m = archive_error_string(a);
    char clean[256];
    size_t i, n;

    /* Some libarchive messages end in or span lines; an error record stays one line. */
    snprintf(clean, sizeof(clean), "%s", m != NULL ? m : "unreadable archive");
    for (i = 0; clean[i] != '\0'; i++) {
        if ((unsigned char)clean[i] < 0x20 || clean[i] == 0x7f) {
            clean[i] = ' ';
        }
    }
    for (n = i; n > 0 && clean[n - 1] == ' '; n--) {
        clean[n - 1] = '\0';
    }
    return odp_errf(err, ODP_ESYNTAX, &(struct odp_loc){path, 0, 0}, "%s: %s", what, clean);
}

/* A 64 KiB read cache over an fd for walking zstd frame and block headers. */
struct zwalk {
    int fd;
    uint64_t size;
    uint64_t at; /* file offset of c[0] */
    size_t len;
    unsigned char c[1u << 16];
};

/* Copies n (<= 32) bytes at off into out; 0 when the file ends first. */
static int
zget(struct zwalk *w, uint64_t off, unsigned char *out, size_t n)
{
    if (off + n > w->size) {
        return 0;
    }
    if (off < w->at || off + n > w->at + w->len) {
        ssize_t r = pread(w->fd, w->c, sizeof(w->c), (off_t)off);

        if (r < (ssize_t)n) {
            return 0;
        }
        w->at = off;
        w->len = (size_t)r;
    }
    memcpy(out, w->c + (off - w->at), n);
    return 1;
}

/*
 * zstd reserves its whole window before decoding: every frame of a zstd stream (a .tar.zst
 * package holds several, and skippable frames) must declare a window of at most 32 MiB, so
 * a crafted frame anywhere cannot blow the memory bound. Walks frame and block headers
 * only; what it cannot parse is left to libarchive, which then fails on it. Not zstd: OK.
 */
int
odp_zstd_frames_ok(int fd, const char *path, struct odp_err *err)
{
    struct zwalk *w = malloc(sizeof(*w));
    struct stat st;
    uint64_t off = 0;
    int rc = ODP_OK;

    if (w == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    if (fstat(fd, &st) != 0) {
        free(w);
        return odp_err_sys(err, path, "cannot stat");
    }
    w->fd = fd;
    w->size = (uint64_t)st.st_size;
    w->at = 0;
    w->len = 0;
    for (;;) {
        unsigned char h[32]; /* magic 4 + descriptor 1 + window 1 + dict id 4 + size 8 */
        uint32_t magic;
        uint64_t window;
        unsigned fhd, ss, did, fcs_len, k;

        if (!zget(w, off, h, 4)) {
            break;
        }
        magic = (uint32_t)h[0] | (uint32_t)h[1] << 8 | (uint32_t)h[2] << 16 | (uint32_t)h[3] << 24;
        if ((magic & 0xFFFFFFF0u) == 0x184D2A50u) {
            if (!zget(w, off + 4, h + 4, 4)) {
                break;
            }
            off += 8 + ((uint64_t)h[4] | (uint64_t)h[5] << 8 | (uint64_t)h[6] << 16 |
                        (uint64_t)h[7] << 24);
            continue;
        }
        if (magic != 0xFD2FB528u || !zget(w, off + 4, h + 4, 1)) {
            break; /* not zstd (or not any more): libarchive decides */
        }
        fhd = h[4];
        ss = (fhd >> 5) & 1;
        did = (fhd & 3) == 0 ? 0 : (fhd & 3) == 1 ? 1 : (fhd & 3) == 2 ? 2 : 4;
        fcs_len = (fhd >> 6) == 0 ? ss : (fhd >> 6) == 1 ? 2 : (fhd >> 6) == 2 ? 4 : 8;
        if (!zget(w, off + 5, h + 5, (size_t)(1 - ss) + did + fcs_len)) {
            rc = odp_errf(err, ODP_ESYNTAX, &(struct odp_loc){path, 0, 0},
                          "truncated zstd frame header");
            break;
        }
        if (ss) {
            window = 0;
            for (k = 0; k < fcs_len; k++) {
                window |= (uint64_t)h[5 + did + k] << (8 * k);
            }
            if (fcs_len == 2) {
                window += 256;
            }
        } else {
            uint64_t base = (uint64_t)1 << (10 + (h[5] >> 3));

            window = base + (base / 8) * (h[5] & 7);
        }
        if (window > ((uint64_t)32 << 20)) {
            rc = odp_errf(err, ODP_ELIMIT, &(struct odp_loc){path, 0, 0},
                          "zstd window larger than 32 MiB refused (memory bound)");
            break;
        }
        off += 5 + (1 - ss) + did + fcs_len;
        for (;;) {
            uint32_t bh, type;

            if (!zget(w, off, h, 3)) {
                off = w->size; /* truncated: libarchive reports it */
                break;
            }
            bh = (uint32_t)h[0] | (uint32_t)h[1] << 8 | (uint32_t)h[2] << 16;
            type = (bh >> 1) & 3;
            off += 3 + (type == 1 ? 1 : (uint64_t)(bh >> 3));
            if (bh & 1) {
                break;
            }
        }
        off += (fhd & 4) ? 4 : 0;
    }
    free(w);
    return rc;
}

static uint32_t
le16(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t
le32(const unsigned char *p)
{
    return le16(p) | le16(p + 2) << 16;
}

static uint64_t
le64(const unsigned char *p)
{
    return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

static int
pread_all(int fd, void *buf, size_t n, uint64_t off)
{
    size_t got = 0;

    while (got < n) {
        ssize_t r = pread(fd, (char *)buf + got, n - got, (off_t)(off + got));

        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            return -1;
        }
        got += (size_t)r;
    }
    return 0;
}

/*
 * A zip names every member twice: in its local header and in the central directory.
 * libarchive follows the local headers; unzip and most GUIs follow the central
 * directory. Both must agree, entry for entry, or another tool could extract a bag
 * other than the one verified. Also the central directory must list exactly the
 * entries the streaming pass saw (no hidden local entries).
 */
static int
zip_dirs_agree(const char *path, size_t streamed, size_t max_entries, struct odp_err *err)
{
    struct odp_loc loc = {path, 0, 0};
    unsigned char *tail = NULL, *cd = NULL;
    unsigned char lh[30 + ODP_BAG_MAX_PATH];
    uint64_t fsize, cd_off, cd_size, count, pos, i;
    size_t tlen;
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    int rc = ODP_OK;
    long e;

    if (fd < 0) {
        return odp_err_sys(err, path, "cannot open");
    }
    if (fstat(fd, &st) != 0 || st.st_size < 22) {
        rc = odp_errf(err, ODP_ESYNTAX, &loc, "zip refused: no end of central directory");
        goto out;
    }
    fsize = (uint64_t)st.st_size;
    tlen = fsize < 22 + 65535 ? (size_t)fsize : 22 + 65535;
    tail = malloc(tlen);
    if (tail == NULL || pread_all(fd, tail, tlen, fsize - tlen) != 0) {
        rc = odp_errf(err, tail == NULL ? ODP_ENOMEM : ODP_EIO, &loc, "cannot read the zip");
        goto out;
    }
    /* The EOCD record must end exactly at the end of the file (its comment included). */
    for (e = (long)tlen - 22; e >= 0; e--) {
        if (le32(tail + e) == 0x06054b50 && (size_t)e + 22 + le16(tail + e + 20) == tlen) {
            break;
        }
    }
    if (e < 0) {
        rc = odp_errf(err, ODP_ESYNTAX, &loc, "zip refused: no end of central directory");
        goto out;
    }
    count = le16(tail + e + 10);
    cd_size = le32(tail + e + 12);
    cd_off = le32(tail + e + 16);
    if (count == 0xffff || cd_off == 0xffffffffu || cd_size == 0xffffffffu) {
        unsigned char z[56];
        uint64_t zoff;

        if (e < 20 || le32(tail + e - 20) != 0x07064b50) {
            rc = odp_errf(err, ODP_ESYNTAX, &loc, "zip refused: bad zip64 locator");
            goto out;
        }
        zoff = le64(tail + e - 20 + 8);
        if (zoff > fsize - 56 || pread_all(fd, z, 56, zoff) != 0 || le32(z) != 0x06064b50) {
            rc = odp_errf(err, ODP_ESYNTAX, &loc, "zip refused: bad zip64 end record");
            goto out;
        }
        count = le64(z + 32);
        cd_size = le64(z + 40);
        cd_off = le64(z + 48);
    }
    if (count > max_entries || cd_size > ((uint64_t)64 << 20) || cd_off > fsize ||
        cd_size > fsize - cd_off) {
        rc = odp_errf(err, ODP_ELIMIT, &loc, "zip refused: central directory out of range");
        goto out;
    }
    if (count != streamed) {
        rc = odp_errf(err, ODP_EVERIFY, &loc,
                      "zip refused: local headers and central directory disagree");
        goto out;
    }
    cd = malloc(cd_size + 1);
    if (cd == NULL || pread_all(fd, cd, cd_size, cd_off) != 0) {
        rc = odp_errf(err, cd == NULL ? ODP_ENOMEM : ODP_EIO, &loc, "cannot read the zip");
        goto out;
    }
    for (i = 0, pos = 0; i < count; i++) {
        uint32_t nlen, xlen, clen;
        uint64_t loff;

        if (cd_size - pos < 46 || le32(cd + pos) != 0x02014b50) {
            rc = odp_errf(err, ODP_ESYNTAX, &loc, "zip refused: corrupt central directory");
            goto out;
        }
        nlen = le16(cd + pos + 28);
        xlen = le16(cd + pos + 30);
        clen = le16(cd + pos + 32);
        loff = le32(cd + pos + 42);
        if (cd_size - pos - 46 < (uint64_t)nlen + xlen + clen || nlen > ODP_BAG_MAX_PATH) {
            rc = odp_errf(err, ODP_ESYNTAX, &loc, "zip refused: corrupt central directory");
            goto out;
        }
        if (loff == 0xffffffffu) {
            /* zip64 extra (id 1): sizes first when they overflow, then the offset. */
            const unsigned char *x = cd + pos + 46 + nlen;
            uint32_t k = 0;

            while (k + 4 <= xlen) {
                uint32_t id = le16(x + k), sz = le16(x + k + 2);
                uint32_t at = 0;

                if (k + 4 + sz > xlen) {
                    break;
                }
                if (id == 1) {
                    at += le32(cd + pos + 24) == 0xffffffffu ? 8 : 0;
                    at += le32(cd + pos + 20) == 0xffffffffu ? 8 : 0;
                    if (at + 8 <= sz) {
                        loff = le64(x + k + 4 + at);
                    }
                    break;
                }
                k += 4 + sz;
            }
        }
        if (loff > fsize - 30 || pread_all(fd, lh, 30, loff) != 0 || le32(lh) != 0x04034b50 ||
            le16(lh + 26) != nlen || loff + 30 + nlen > fsize ||
            pread_all(fd, lh + 30, nlen, loff + 30) != 0 ||
            memcmp(lh + 30, cd + pos + 46, nlen) != 0) {
            rc = odp_errf(err, ODP_EVERIFY, &loc,
                          "zip refused: local headers and central directory disagree");
            goto out;
        }
        pos += 46 + (uint64_t)nlen + xlen + clen;
    }
out:
    free(tail);
    free(cd);
    close(fd);
    return rc;
}

/* --- the entry records of one pass --- */

struct prec {
    char *path;
    int is_dir;
    uint64_t size;
    uint8_t sha[32];
};

struct plist {
    struct prec *v;
    size_t n, cap;
    char *top;
    size_t headers; /* entries seen, the top directory included */
};

static void
plist_release(struct plist *l)
{
    size_t i;

    for (i = 0; i < l->n; i++) {
        free(l->v[i].path);
    }
    free(l->v);
    free(l->top);
    memset(l, 0, sizeof(*l));
}

static struct prec *
plist_add(struct plist *l, const char *path, int is_dir, struct odp_err *err)
{
    struct prec *p;

    if (l->n == l->cap) {
        size_t ncap = l->cap != 0 ? l->cap * 2 : 32;
        struct prec *nv = realloc(l->v, ncap * sizeof(*nv));

        if (nv == NULL) {
            odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
            return NULL;
        }
        l->v = nv;
        l->cap = ncap;
    }
    p = &l->v[l->n];
    memset(p, 0, sizeof(*p));
    p->path = strdup(path);
    if (p->path == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    p->is_dir = is_dir;
    l->n++;
    return p;
}

static int
prec_cmp(const void *a, const void *b)
{
    return strcmp(((const struct prec *)a)->path, ((const struct prec *)b)->path);
}

static int
plist_has_file(const struct plist *l, const char *path)
{
    struct prec key, *p;

    key.path = (char *)path;
    p = l->n == 0 ? NULL : bsearch(&key, l->v, l->n, sizeof(*l->v), prec_cmp);
    return p != NULL && !p->is_dir;
}

/* After a pass: sorted, no duplicate names, no file used as a directory. */
static int
plist_index(struct plist *l, const char *origin, struct odp_err *err)
{
    struct odp_loc loc = {origin, 0, 0};
    size_t i;

    if (l->top == NULL) {
        return odp_errf(err, ODP_EVERIFY, &loc, "archive is empty");
    }
    if (l->n > 1) {
        qsort(l->v, l->n, sizeof(*l->v), prec_cmp);
    }
    for (i = 0; i + 1 < l->n; i++) {
        if (strcmp(l->v[i].path, l->v[i + 1].path) == 0) {
            return odp_errf(err, ODP_EVERIFY, &loc, "archive refused: duplicate entry");
        }
    }
    for (i = 0; i < l->n; i++) {
        char tmp[ODP_BAG_MAX_PATH + 1];
        char *s;

        snprintf(tmp, sizeof(tmp), "%s", l->v[i].path);
        while ((s = strrchr(tmp, '/')) != NULL) {
            *s = '\0';
            if (plist_has_file(l, tmp)) {
                return odp_errf(err, ODP_EVERIFY, &loc,
                                "archive refused: a file is also used as a directory");
            }
        }
    }
    return ODP_OK;
}

static int
plist_same(const struct plist *x, const struct plist *y)
{
    size_t i;

    if (x->n != y->n || x->top == NULL || y->top == NULL || strcmp(x->top, y->top) != 0) {
        return 0;
    }
    for (i = 0; i < x->n; i++) {
        if (strcmp(x->v[i].path, y->v[i].path) != 0 || x->v[i].is_dir != y->v[i].is_dir ||
            x->v[i].size != y->v[i].size || memcmp(x->v[i].sha, y->v[i].sha, 32) != 0) {
            return 0;
        }
    }
    return 1;
}

/* --- one pass --- */

struct pass {
    const char *path;
    const struct odp_pkgread_opts *o;
    const struct odp_pkgread_ops *ops; /* NULL: records only */
    void *ctx;
    struct plist *l;
    struct odp_pkgread_info *info;
    struct archive *a;
    struct rawsrc *src;
    uint64_t fsize;
    uint64_t declared; /* sum of the entries' declared sizes */
    uint64_t total;    /* entry bytes inflated */
    int second;        /* a zip's local-header pass: modes are in the central directory */
    EVP_MD_CTX *md;
    char *buf;
};

/* Checks an archive member name; sets *rel to the path inside the bag ("" = top dir). */
static int
entry_path(struct pass *p, const char *apath, char **rel, struct odp_err *err)
{
    struct odp_loc loc = {p->path, 0, 0};
    char buf[ODP_BAG_MAX_PATH + 2];
    size_t n;
    const char *why, *slash;

    *rel = NULL;
    if (apath == NULL) {
        return odp_errf(err, ODP_ESYNTAX, &loc, "archive entry without a usable name");
    }
    n = strlen(apath);
    if (n == 0 || n > ODP_BAG_MAX_PATH) {
        return odp_errf(err, ODP_ESYNTAX, &loc, "archive entry with an empty or too long name");
    }
    memcpy(buf, apath, n + 1);
    if (n > 1 && buf[n - 1] == '/') {
        buf[--n] = '\0';
    }
    why = odp_bag_path_problem(buf);
    if (why != NULL || strpbrk(buf, "\r\n") != NULL) {
        return odp_errf(err, ODP_EVERIFY, &loc, "archive entry refused: %s",
                        why != NULL ? why : "line break in name");
    }
    slash = strchr(buf, '/');
    n = slash != NULL ? (size_t)(slash - buf) : strlen(buf);
    if (p->l->top == NULL) {
        p->l->top = strndup(buf, n);
        if (p->l->top == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
    } else if (strlen(p->l->top) != n || memcmp(p->l->top, buf, n) != 0) {
        return odp_errf(err, ODP_EVERIFY, &loc, "archive must hold a single top-level directory");
    }
    *rel = strdup(slash != NULL ? slash + 1 : "");
    return *rel != NULL ? ODP_OK : odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
}

static int
bomb(struct pass *p, struct odp_err *err)
{
    return odp_errf(err, ODP_ELIMIT, &(struct odp_loc){p->path, 0, 0},
                    "archive refused: compression ratio over %" PRIu32
                    ":1 (a possible archive bomb)",
                    p->o->max_ratio);
}

/* The type, mode and declared-size rules for one header. */
static int
entry_rules(struct pass *p, struct archive_entry *e, struct odp_err *err)
{
    struct odp_loc loc = {p->path, 0, 0};
    unsigned type = archive_entry_filetype(e);
    unsigned perm = (unsigned)archive_entry_perm(e) & 07777;
    int64_t size = archive_entry_size_is_set(e) ? (int64_t)archive_entry_size(e) : -1;

    if (archive_entry_hardlink(e) != NULL || archive_entry_symlink(e) != NULL ||
        (type != AE_IFREG && type != AE_IFDIR)) {
        return odp_errf(err, ODP_EVERIFY, &loc, "archive entry refused: %s",
                        archive_entry_hardlink(e) != NULL ? "hard link"
                        : type == AE_IFLNK || archive_entry_symlink(e) != NULL
                            ? "symbolic link"
                            : "device or special file");
    }
    if (p->second) {
        perm = type == AE_IFDIR ? 0755 : 0644;
    }
    if ((perm & 07000) != 0) {
        return odp_errf(err, ODP_EVERIFY, &loc,
                        "archive entry refused: setuid, setgid or sticky mode %04o", perm);
    }
    if ((perm & 0002) != 0) {
        return odp_errf(err, ODP_EVERIFY, &loc,
                        "archive entry refused: mode %04o is writable by anyone", perm);
    }
    if (type == AE_IFDIR ? perm != 0755 : perm != 0644 && perm != 0755) {
        p->info->odd_modes++;
    }
    if (archive_entry_size_is_set(e) && (size < 0 || (uint64_t)size > p->o->max_entry_bytes)) {
        return odp_errf(err, ODP_ELIMIT, &loc, "archive entry refused: declared size out of range");
    }
    if (size > 0) {
        p->declared += (uint64_t)size;
        if (p->declared > p->o->ratio_floor &&
            p->declared / (p->fsize > 0 ? p->fsize : 1) > p->o->max_ratio) {
            return bomb(p, err);
        }
    }
    return ODP_OK;
}

/* Streams the current entry's bytes: hashed, capped, handed on when `give`. */
static int
entry_data(struct pass *p, struct archive_entry *e, struct prec *r, int give, struct odp_err *err)
{
    struct odp_loc loc = {p->path, 0, 0};
    unsigned int dlen = 0;
    uint64_t n = 0;
    int rc = ODP_OK;

    if (EVP_DigestInit_ex(p->md, EVP_sha256(), NULL) != 1) {
        return odp_errf(err, ODP_EINTERNAL, NULL, "SHA-256 unavailable");
    }
    for (;;) {
        la_ssize_t got = archive_read_data(p->a, p->buf, BLOCK);

        if (got == 0) {
            break;
        }
        if (got < 0) {
            return odp_ar_fail(p->a, p->path, "corrupt archive data", err);
        }
        n += (uint64_t)got;
        p->total += (uint64_t)got;
        if (p->o->progress != NULL) {
            p->o->progress(p->o->progress_ctx, 0, p->src->raw);
        }
        if (n > p->o->max_entry_bytes ||
            (archive_entry_size_is_set(e) && n > (uint64_t)archive_entry_size(e))) {
            return odp_errf(err, ODP_ELIMIT, &loc,
                            "archive entry refused: more data than its size allows");
        }
        if (p->total > p->o->max_total_bytes) {
            return odp_errf(err, ODP_ELIMIT, &loc,
                            "archive refused: more than %" PRIu64 " bytes uncompressed",
                            p->o->max_total_bytes);
        }
        if (p->total > p->o->ratio_floor && p->total / (p->src->raw + 1) > p->o->max_ratio) {
            return bomb(p, err);
        }
        EVP_DigestUpdate(p->md, p->buf, (size_t)got);
        if (give) {
            rc = p->ops->data(p->ctx, p->buf, (size_t)got, err);
            if (rc != ODP_OK) {
                return rc;
            }
        }
    }
    if (EVP_DigestFinal_ex(p->md, r->sha, &dlen) != 1) {
        return odp_errf(err, ODP_EINTERNAL, NULL, "SHA-256 failed");
    }
    r->size = n;
    return give ? p->ops->end(p->ctx, r->sha, n, err) : ODP_OK;
}

static int
next_entry(struct pass *p, struct archive_entry *e, struct odp_err *err)
{
    struct odp_pkgent pe;
    struct prec *r;
    char *rel = NULL;
    int is_dir = archive_entry_filetype(e) == AE_IFDIR;
    int give = 0, rc;

    p->l->headers++;
    p->info->is_zip = (archive_format(p->a) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_ZIP;
    rc = entry_rules(p, e, err);
    if (rc == ODP_OK) {
        rc = entry_path(p, archive_entry_pathname(e), &rel, err);
    }
    if (rc != ODP_OK) {
        return rc;
    }
    if (p->l->headers > p->o->max_entries) {
        free(rel);
        return odp_errf(err, ODP_ELIMIT, NULL, "more than %zu entries in the package",
                        p->o->max_entries);
    }
    if (rel[0] == '\0') {
        free(rel);
        return is_dir ? ODP_OK
                      : odp_errf(err, ODP_EVERIFY, &(struct odp_loc){p->path, 0, 0},
                                 "archive must hold a single top-level directory");
    }
    r = plist_add(p->l, rel, is_dir, err);
    if (r != NULL && p->ops != NULL) {
        pe.path = rel;
        pe.is_dir = is_dir;
        pe.perm = (unsigned)archive_entry_perm(e) & 07777;
        pe.declared = archive_entry_size_is_set(e) ? (int64_t)archive_entry_size(e) : -1;
        rc = p->ops->entry(p->ctx, &pe, err);
        give = rc == ODP_OK;
        rc = rc == ODP_PKG_SKIP ? ODP_OK : rc;
    }
    free(rel);
    if (r == NULL) {
        return ODP_ENOMEM;
    }
    if (rc != ODP_OK || is_dir) {
        return rc;
    }
    return entry_data(p, e, r, give, err);
}

/* One pass over an archive: seekable (zip: the central directory) or streaming. */
static int
read_pass(struct pass *p, int streaming, struct odp_err *err)
{
    struct archive_entry *e;
    struct stat st;
    int fd = open(p->path, O_RDONLY | O_CLOEXEC);
    int rc = ODP_OK, r;

    p->a = archive_read_new();
    p->src = malloc(sizeof(*p->src));
    p->buf = malloc(BLOCK);
    p->md = EVP_MD_CTX_new();
    if (fd < 0) {
        rc = odp_err_sys(err, p->path, "cannot open");
        goto out;
    }
    if (p->a == NULL || p->src == NULL || p->buf == NULL || p->md == NULL) {
        rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        goto out;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        rc = odp_errf(err, ODP_ESYNTAX, &(struct odp_loc){p->path, 0, 0}, "not a regular file");
        goto out;
    }
    p->fsize = (uint64_t)st.st_size;
    p->info->archive_bytes = p->fsize;
    rc = odp_zstd_frames_ok(fd, p->path, err);
    if (rc != ODP_OK) {
        goto out;
    }
    /* Only tar and zip; no format that can name outside files (mtree), no external filters. */
    if (archive_read_support_format_tar(p->a) != ARCHIVE_OK ||
        (streaming ? archive_read_support_format_zip_streamable(p->a)
                   : archive_read_support_format_zip(p->a)) != ARCHIVE_OK ||
        archive_read_support_filter_none(p->a) != ARCHIVE_OK ||
        archive_read_support_filter_gzip(p->a) != ARCHIVE_OK ||
        archive_read_support_filter_zstd(p->a) != ARCHIVE_OK ||
        archive_read_support_filter_xz(p->a) != ARCHIVE_OK ||
        archive_read_support_filter_bzip2(p->a) != ARCHIVE_OK) {
        rc = odp_errf(err, ODP_EINTERNAL, NULL, "libarchive lacks built-in tar/zip support");
        goto out;
    }
    p->src->fd = fd;
    p->src->raw = 0;
    archive_read_set_read_callback(p->a, raw_read);
    archive_read_set_callback_data(p->a, p->src);
    if (!streaming) {
        archive_read_set_seek_callback(p->a, raw_seek);
        archive_read_set_skip_callback(p->a, raw_skip);
    }
    if (archive_read_open1(p->a) != ARCHIVE_OK) {
        rc = odp_ar_fail(p->a, p->path, "not a readable zip or tar archive", err);
        goto out;
    }
    while (rc == ODP_OK) {
        r = archive_read_next_header(p->a, &e);
        if (r == ARCHIVE_EOF) {
            break;
        }
        rc = r == ARCHIVE_OK ? next_entry(p, e, err)
                             : odp_ar_fail(p->a, p->path, "corrupt archive", err);
    }
out:
    if (p->a != NULL) {
        archive_read_free(p->a);
    }
    if (fd >= 0) {
        close(fd);
    }
    EVP_MD_CTX_free(p->md);
    free(p->src);
    free(p->buf);
    p->a = NULL;
    p->src = NULL;
    p->buf = NULL;
    p->md = NULL;
    return rc;
}

int
odp_pkgread(const char *path, const struct odp_pkgread_opts *o, const struct odp_pkgread_ops *ops,
            void *ctx, struct odp_pkgread_info *info, struct odp_err *err)
{
    struct odp_pkgread_opts dflt;
    struct plist l1, l2;
    struct pass p;
    int rc;

    if (o == NULL) {
        odp_pkgread_opts_init(&dflt);
        o = &dflt;
    }
    memset(info, 0, sizeof(*info));
    memset(&l1, 0, sizeof(l1));
    memset(&l2, 0, sizeof(l2));
    memset(&p, 0, sizeof(p));
    p.path = path;
    p.o = o;
    p.ops = ops;
    p.ctx = ctx;
    p.l = &l1;
    p.info = info;
    rc = odp_arlib_load(path, err);
    if (rc != ODP_OK) {
        return rc;
    }
    rc = read_pass(&p, 0, err);
    if (rc == ODP_OK) {
        rc = plist_index(&l1, path, err);
    }
    info->entries = l1.n;
    if (rc == ODP_OK && info->is_zip) {
        /* A zip has two directories of names (local headers, central directory); other
         * tools may trust either, so both must describe the same bag. */
        size_t odd = info->odd_modes;

        memset(&p, 0, sizeof(p));
        p.path = path;
        p.o = o;
        p.l = &l2;
        p.info = info;
        p.second = 1;
        rc = read_pass(&p, 1, err);
        info->odd_modes = odd;
        info->is_zip = 1;
        if (rc == ODP_OK) {
            rc = plist_index(&l2, path, err);
        }
        if (rc == ODP_OK && !plist_same(&l1, &l2)) {
            rc = odp_errf(err, ODP_EVERIFY, &(struct odp_loc){path, 0, 0},
                          "zip refused: local headers and central directory disagree");
        }
        if (rc == ODP_OK) {
            rc = zip_dirs_agree(path, l2.headers, o->max_entries, err);
        }
    }
    info->top = l1.top;
    l1.top = NULL;
    plist_release(&l1);
    plist_release(&l2);
    return rc;
}

int
odp_pkg_detached_sig(const char *path, const struct odp_pubkey *pk, char **trusted,
                     struct odp_err *err)
{
    size_t n = strlen(path), slen = 0;
    char *sp = malloc(n + 9), *sig = NULL;
    int rc;

    *trusted = NULL;
    if (sp == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    memcpy(sp, path, n);
    memcpy(sp + n, ".minisig", 9);
    if (access(sp, F_OK) != 0) {
        free(sp);
        return ODP_END;
    }
    rc = odp_read_file(sp, 64 * 1024, &sig, &slen, err);
    if (rc == ODP_OK) {
        rc = odp_verify_file(pk, path, sig, slen, odp_basename(sp), trusted, err);
    }
    free(sig);
    free(sp);
    return rc;
}
