/*
 * verify.c - `odpub verify`: checks a BagIt package, directory or archive, in trust
 * order (signature, tag files, payload) and gathers a summary.
 *
 * How: the package is first turned into a list of files, each with its size and the
 * digests verify may need, plus the bytes of the few tag files it reads (bagit.txt,
 * bag-info.txt, manifests, fetch.txt, datapackage.json, report.json, the data
 * dictionary, the signature), capped. A directory is walked without following links;
 * an archive is streamed through libarchive and never extracted, so nothing is written
 * anywhere. Then the bag rules run over that list.
 *
 * Promises: a hostile archive cannot make verify write a file, follow a link, use more
 * than a bounded amount of memory, or read forever; a finding names the file and the
 * check, never file content; the verdict is "valid" only when every check ran and passed.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <cjson/cJSON.h>
#include <openssl/crypto.h>

#include "bag_int.h"
#include "buf.h"
#include "fs.h"
#include "json.h"
#include "sign.h"
#include "odp/verify.h"

#define BLOCK (1u << 16)

struct vfile {
    char *path;       /* relative to the bag root */
    int is_dir;
    uint64_t size;
    uint8_t dig[ODP_ALG__COUNT][ODP_BAG_MAX_DIGEST];
    unsigned mask;    /* digests computed */
    char *content;    /* kept tag file, NUL-terminated; NULL otherwise */
    size_t clen;
    int listed;       /* scratch: seen in the manifest being checked */
};

struct vbag {
    struct vfile *f;
    size_t n, cap;
    size_t kept;      /* bytes of tag files kept */
    char *top;        /* archive top directory */
    uint64_t raw;     /* compressed bytes read from an archive */
    size_t headers;   /* archive entries seen, top directory included */
    uint64_t total;   /* uncompressed entry bytes read */
};

struct vctx {
    const struct odp_verify_opts *o;
    struct odp_verify_result *r;
    struct vbag b;
    struct odp_bagit_decl decl;
    int have_decl;
    int strict;
    char *baginfo;    /* decoded bag-info.txt */
    size_t baginfo_len;
};

void
odp_verify_opts_init(struct odp_verify_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->max_entries = ODP_BAG_MAX_ENTRIES;
    o->max_entry_bytes = (uint64_t)64 << 30;
    o->max_total_bytes = (uint64_t)64 << 30;
    o->ratio_after = (uint64_t)256 << 20;
    o->max_ratio = 256;
}

/* --- result building --- */

static int
add_check(struct odp_verify_result *r, const char *check, const char *file, int ok,
          const char *fmt, ...) ODP_PRINTF(5, 6);

static int
add_check(struct odp_verify_result *r, const char *check, const char *file, int ok,
          const char *fmt, ...)
{
    struct odp_verify_check *c;
    char detail[600];
    va_list ap;

    if (r->nchecks % 64 == 0) {
        struct odp_verify_check *nc = realloc(r->checks, (r->nchecks + 64) * sizeof(*nc));

        if (nc == NULL) {
            return ODP_ENOMEM;
        }
        r->checks = nc;
    }
    va_start(ap, fmt);
    vsnprintf(detail, sizeof(detail), fmt, ap);
    va_end(ap);
    c = &r->checks[r->nchecks];
    c->check = strdup(check);
    c->file = strdup(file != NULL ? file : "");
    c->detail = strdup(detail);
    c->ok = ok;
    if (c->check == NULL || c->file == NULL || c->detail == NULL) {
        free(c->check);
        free(c->file);
        free(c->detail);
        return ODP_ENOMEM;
    }
    r->nchecks++;
    if (!ok) {
        r->ok = 0;
    }
    return ODP_OK;
}

static int
add_warning(struct odp_verify_result *r, const char *w)
{
    char **nw = realloc(r->warnings, (r->nwarnings + 1) * sizeof(*nw));

    if (nw == NULL) {
        return ODP_ENOMEM;
    }
    r->warnings = nw;
    nw[r->nwarnings] = strdup(w);
    if (nw[r->nwarnings] == NULL) {
        return ODP_ENOMEM;
    }
    r->nwarnings++;
    return ODP_OK;
}

void
odp_verify_result_free(struct odp_verify_result *r)
{
    size_t i;

    if (r == NULL) {
        return;
    }
    for (i = 0; i < r->nchecks; i++) {
        free(r->checks[i].check);
        free(r->checks[i].file);
        free(r->checks[i].detail);
    }
    free(r->checks);
    for (i = 0; i < r->nwarnings; i++) {
        free(r->warnings[i]);
    }
    free(r->warnings);
    for (i = 0; i < r->ncols; i++) {
        free(r->cols[i].name);
        free(r->cols[i].type);
        free(r->cols[i].treatment);
    }
    free(r->cols);
    free(r->package);
    free(r->trusted_comment);
    free(r->archive_trusted_comment);
    free(r->title);
    free(r->agency);
    free(r->release_date);
    free(r->bagit_version);
    free(r);
}

/* --- the file list --- */

/* Tag files whose bytes verify reads. */
static int
wanted(const char *p)
{
    static const char *names[] = {"bagit.txt", "bag-info.txt", "fetch.txt", "datapackage.json",
                                  "report.json", "metadata/data-dictionary.csv",
                                  "tagmanifest-sha256.txt.minisig"};
    size_t i, n = strlen(p);

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (strcmp(p, names[i]) == 0) {
            return 1;
        }
    }
    if (strchr(p, '/') == NULL && n > 13 && strcmp(p + n - 4, ".txt") == 0 &&
        (strncmp(p, "manifest-", 9) == 0 || strncmp(p, "tagmanifest-", 12) == 0)) {
        return 1;
    }
    return 0;
}

static void
bag_release(struct vbag *b)
{
    size_t i;

    for (i = 0; i < b->n; i++) {
        free(b->f[i].path);
        free(b->f[i].content);
    }
    free(b->f);
    free(b->top);
    memset(b, 0, sizeof(*b));
}

static struct vfile *
bag_add(struct vbag *b, const char *path, int is_dir, size_t max, struct odp_err *err)
{
    struct vfile *f;

    if (b->n >= max) {
        odp_errf(err, ODP_ELIMIT, NULL, "more than %zu entries in the package", max);
        return NULL;
    }
    if (b->n == b->cap) {
        size_t ncap = b->cap != 0 ? b->cap * 2 : 32;
        struct vfile *nf = realloc(b->f, ncap * sizeof(*nf));

        if (nf == NULL) {
            odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
            return NULL;
        }
        b->f = nf;
        b->cap = ncap;
    }
    f = &b->f[b->n];
    memset(f, 0, sizeof(*f));
    f->path = strdup(path);
    if (f->path == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    f->is_dir = is_dir;
    b->n++;
    return f;
}

static int
vfile_cmp(const void *a, const void *b)
{
    return strcmp(((const struct vfile *)a)->path, ((const struct vfile *)b)->path);
}

static struct vfile *
find(struct vbag *b, const char *path)
{
    struct vfile key;

    key.path = (char *)path;
    return b->n == 0 ? NULL : bsearch(&key, b->f, b->n, sizeof(*b->f), vfile_cmp);
}

static struct vfile *
find_file(struct vbag *b, const char *path)
{
    struct vfile *f = find(b, path);

    return f != NULL && !f->is_dir ? f : NULL;
}

/* A streaming sink for one file: digests and, for wanted tag files, the bytes. */
struct sink {
    struct odp_mhash h;
    struct odp_buf keep;
    int keeping;
    uint64_t bytes;
};

static int
sink_start(struct sink *s, struct vbag *b, const char *path, unsigned mask, struct odp_err *err)
{
    memset(s, 0, sizeof(*s));
    s->keeping = wanted(path);
    odp_buf_init(&s->keep, ODP_BAG_MAX_TAGFILE);
    (void)b;
    return odp_mhash_init(&s->h, mask, err);
}

static int
sink_data(struct sink *s, struct vbag *b, const char *path, const void *p, size_t n,
          struct odp_err *err)
{
    odp_mhash_update(&s->h, p, n);
    s->bytes += n;
    if (s->keeping) {
        if (b->kept + n > ODP_BAG_MAX_TAGTOTAL || s->keep.len + n > ODP_BAG_MAX_TAGFILE) {
            return odp_errf(err, ODP_ELIMIT, &(struct odp_loc){path, 0, 0},
                            "tag file larger than verify keeps in memory");
        }
        if (odp_buf_add(&s->keep, p, n, err) != ODP_OK) {
            return err != NULL ? err->code : ODP_ENOMEM;
        }
        b->kept += n;
    }
    return ODP_OK;
}

static int
sink_end(struct sink *s, struct vfile *f, struct odp_err *err)
{
    int rc = odp_mhash_final(&s->h, f->dig, err);

    f->mask = s->h.mask;
    f->size = s->bytes;
    if (rc == ODP_OK && s->keeping) {
        if (s->keep.p == NULL) {
            rc = odp_buf_reserve(&s->keep, 1, err);
        }
        if (rc == ODP_OK) {
            f->clen = s->keep.len;
            f->content = odp_buf_take(&s->keep);
        }
    }
    return rc;
}

static void
sink_release(struct sink *s)
{
    odp_mhash_release(&s->h);
    odp_buf_release(&s->keep);
}

/* Which digests a directory bag needs: its manifests' algorithms and SHA-256. */
static unsigned
dir_mask(const struct odp_fent *v, size_t n)
{
    unsigned mask = 1u << ODP_ALG_SHA256;
    size_t i;

    for (i = 0; i < n; i++) {
        const char *p = v[i].path;
        const char *s = NULL;
        size_t len = strlen(p);
        int alg;

        if (strncmp(p, "manifest-", 9) == 0) {
            s = p + 9;
        } else if (strncmp(p, "tagmanifest-", 12) == 0) {
            s = p + 12;
        }
        if (s == NULL || len < 4 || strcmp(p + len - 4, ".txt") != 0 || strchr(p, '/') != NULL) {
            continue;
        }
        alg = odp_bag_alg_from_name(s, (size_t)(p + len - 4 - s));
        if (alg >= 0) {
            mask |= 1u << alg;
        }
    }
    return mask;
}

static int
load_dir(struct vbag *b, const char *root, const struct odp_verify_opts *o, struct odp_err *err)
{
    struct odp_fent *v = NULL;
    size_t n = 0, i;
    unsigned mask;
    char *buf = malloc(BLOCK);
    int rc;

    if (buf == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    rc = odp_bag_list(root, o->max_entries, &v, &n, err);
    if (rc != ODP_OK) {
        free(buf);
        return rc;
    }
    mask = dir_mask(v, n);
    for (i = 0; i < n && rc == ODP_OK; i++) {
        struct vfile *f;
        struct sink s;
        char *abs;
        int fd;
        size_t plen = strlen(v[i].path);

        if (v[i].is_dir) {
            v[i].path[plen - 1] = '\0';
            f = bag_add(b, v[i].path, 1, o->max_entries, err);
            rc = f != NULL ? ODP_OK : err->code;
            continue;
        }
        f = bag_add(b, v[i].path, 0, o->max_entries, err);
        if (f == NULL) {
            rc = err->code;
            break;
        }
        abs = odp_path_join(root, v[i].path);
        if (abs == NULL) {
            rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
            break;
        }
        fd = open(abs, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) {
            rc = odp_err_sys(err, abs, "cannot open");
            free(abs);
            break;
        }
        rc = sink_start(&s, b, v[i].path, mask, err);
        while (rc == ODP_OK) {
            ssize_t r = read(fd, buf, BLOCK);

            if (r < 0 && errno == EINTR) {
                continue;
            }
            if (r < 0) {
                rc = odp_err_sys(err, abs, "cannot read");
            } else if (r == 0) {
                break;
            } else {
                rc = sink_data(&s, b, v[i].path, buf, (size_t)r, err);
            }
        }
        if (rc == ODP_OK) {
            rc = sink_end(&s, f, err);
        }
        sink_release(&s);
        close(fd);
        free(abs);
    }
    odp_bag_list_free(v, n);
    free(buf);
    return rc;
}

/* --- archives --- */

struct rawsrc {
    int fd;
    uint64_t *raw;
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
    *s->raw += (uint64_t)r;
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
    *s->raw += (uint64_t)n;
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

/* Checks an archive member name and returns the path inside the bag ("" = top dir). */
static int
entry_path(struct vbag *b, const char *apath, const char *path, char **rel, struct odp_err *err)
{
    char buf[ODP_BAG_MAX_PATH + 2];
    size_t n;
    const char *why, *slash;

    *rel = NULL;
    if (apath == NULL) {
        return odp_errf(err, ODP_ESYNTAX, &(struct odp_loc){path, 0, 0},
                        "archive entry without a usable name");
    }
    n = strlen(apath);
    if (n == 0 || n > ODP_BAG_MAX_PATH) {
        return odp_errf(err, ODP_ESYNTAX, &(struct odp_loc){path, 0, 0},
                        "archive entry with an empty or too long name");
    }
    memcpy(buf, apath, n + 1);
    if (n > 1 && buf[n - 1] == '/') {
        buf[--n] = '\0';
    }
    why = odp_bag_path_problem(buf);
    if (why != NULL || strpbrk(buf, "\r\n") != NULL) {
        return odp_errf(err, ODP_EVERIFY, &(struct odp_loc){path, 0, 0},
                        "archive entry refused: %s", why != NULL ? why : "line break in name");
    }
    slash = strchr(buf, '/');
    n = slash != NULL ? (size_t)(slash - buf) : strlen(buf);
    if (b->top == NULL) {
        b->top = strndup(buf, n);
        if (b->top == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
    } else if (strlen(b->top) != n || memcmp(b->top, buf, n) != 0) {
        return odp_errf(err, ODP_EVERIFY, &(struct odp_loc){path, 0, 0},
                        "archive must hold a single top-level directory");
    }
    *rel = strdup(slash != NULL ? slash + 1 : "");
    return *rel != NULL ? ODP_OK : odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
}

/* One pass over an archive: streaming (local headers) or seekable (zip central dir). */
static int
load_archive_pass(struct vbag *b, const char *path, int streaming, const struct odp_verify_opts *o,
                  int *is_zip, struct odp_err *err)
{
    struct archive *a = archive_read_new();
    struct archive_entry *e;
    struct rawsrc *src = malloc(sizeof(*src));
    char *buf = malloc(BLOCK);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    int rc = ODP_OK, r;

    if (fd < 0) {
        rc = odp_err_sys(err, path, "cannot open");
        goto out;
    }
    if (a == NULL || src == NULL || buf == NULL) {
        rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        goto out;
    }
    rc = odp_zstd_frames_ok(fd, path, err);
    if (rc != ODP_OK) {
        goto out;
    }
    /* Only tar and zip; no format that can name outside files (mtree), no external filters. */
    if (archive_read_support_format_tar(a) != ARCHIVE_OK ||
        (streaming ? archive_read_support_format_zip_streamable(a)
                   : archive_read_support_format_zip(a)) != ARCHIVE_OK ||
        archive_read_support_filter_none(a) != ARCHIVE_OK ||
        archive_read_support_filter_gzip(a) != ARCHIVE_OK ||
        archive_read_support_filter_zstd(a) != ARCHIVE_OK ||
        archive_read_support_filter_xz(a) != ARCHIVE_OK ||
        archive_read_support_filter_bzip2(a) != ARCHIVE_OK) {
        rc = odp_errf(err, ODP_EINTERNAL, NULL, "libarchive lacks built-in tar/zip support");
        goto out;
    }
    src->fd = fd;
    src->raw = &b->raw;
    b->raw = 0;
    b->total = 0;
    archive_read_set_read_callback(a, raw_read);
    archive_read_set_callback_data(a, src);
    if (!streaming) {
        archive_read_set_seek_callback(a, raw_seek);
        archive_read_set_skip_callback(a, raw_skip);
    }
    if (archive_read_open1(a) != ARCHIVE_OK) {
        rc = odp_ar_fail(a, path, "not a readable zip or tar archive", err);
        goto out;
    }
    for (;;) {
        const char *apath;
        char *rel = NULL;
        unsigned type;
        struct vfile *f;
        struct sink s;

        r = archive_read_next_header(a, &e);
        if (r == ARCHIVE_EOF) {
            break;
        }
        if (r != ARCHIVE_OK) {
            rc = odp_ar_fail(a, path, "corrupt archive", err);
            goto out;
        }
        b->headers++;
        *is_zip = archive_format(a) == ARCHIVE_FORMAT_ZIP ||
                  (archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_ZIP;
        apath = archive_entry_pathname(e);
        type = archive_entry_filetype(e);
        if (archive_entry_hardlink(e) != NULL || (type != AE_IFREG && type != AE_IFDIR)) {
            rc = odp_errf(err, ODP_EVERIFY, &(struct odp_loc){path, 0, 0},
                          "archive entry refused: %s",
                          archive_entry_hardlink(e) != NULL ? "hard link"
                          : type == AE_IFLNK                ? "symbolic link"
                                                            : "device or special file");
            goto out;
        }
        if (archive_entry_size_is_set(e) &&
            (archive_entry_size(e) < 0 || (uint64_t)archive_entry_size(e) > o->max_entry_bytes)) {
            rc = odp_errf(err, ODP_ELIMIT, &(struct odp_loc){path, 0, 0},
                          "archive entry refused: declared size out of range");
            goto out;
        }
        rc = entry_path(b, apath, path, &rel, err);
        if (rc != ODP_OK) {
            goto out;
        }
        if (rel[0] == '\0') {
            free(rel);
            if (type != AE_IFDIR) {
                rc = odp_errf(err, ODP_EVERIFY, &(struct odp_loc){path, 0, 0},
                              "archive must hold a single top-level directory");
                goto out;
            }
            /* The top directory counts as an entry too. */
            if (b->n + 1 > o->max_entries) {
                rc = odp_errf(err, ODP_ELIMIT, NULL, "more than %zu entries in the package",
                              o->max_entries);
                goto out;
            }
            continue;
        }
        f = bag_add(b, rel, type == AE_IFDIR, o->max_entries, err);
        free(rel);
        if (f == NULL) {
            rc = err != NULL ? err->code : ODP_ELIMIT;
            goto out;
        }
        if (type == AE_IFDIR) {
            continue;
        }
        rc = sink_start(&s, b, f->path, ODP_ALG_ALL, err);
        while (rc == ODP_OK) {
            la_ssize_t got = archive_read_data(a, buf, BLOCK);

            if (got == 0) {
                break;
            }
            if (got < 0) {
                rc = odp_ar_fail(a, path, "corrupt archive data", err);
                break;
            }
            b->total += (uint64_t)got;
            if (o->progress != NULL) {
                o->progress(o->progress_ctx, 0, b->raw);
            }
            if (s.bytes + (uint64_t)got > o->max_entry_bytes ||
                (archive_entry_size_is_set(e) &&
                 s.bytes + (uint64_t)got > (uint64_t)archive_entry_size(e))) {
                rc = odp_errf(err, ODP_ELIMIT, &(struct odp_loc){path, 0, 0},
                              "archive entry refused: more data than its size allows");
                break;
            }
            if (b->total > o->max_total_bytes) {
                rc = odp_errf(err, ODP_ELIMIT, &(struct odp_loc){path, 0, 0},
                              "archive refused: more than %" PRIu64 " bytes uncompressed",
                              o->max_total_bytes);
                break;
            }
            if (b->total > o->ratio_after && b->total / (b->raw + 1) > o->max_ratio) {
                rc = odp_errf(err, ODP_ELIMIT, &(struct odp_loc){path, 0, 0},
                              "archive refused: compression ratio over %" PRIu32
                              ":1 (a possible archive bomb)", o->max_ratio);
                break;
            }
            rc = sink_data(&s, b, f->path, buf, (size_t)got, err);
        }
        if (rc == ODP_OK) {
            rc = sink_end(&s, f, err);
        }
        sink_release(&s);
        if (rc != ODP_OK) {
            goto out;
        }
    }
out:
    if (a != NULL) {
        archive_read_free(a);
    }
    if (fd >= 0) {
        close(fd);
    }
    free(src);
    free(buf);
    return rc;
}

/* After loading: sorted, no duplicate names, no file used as a directory. */
static int
bag_index(struct vbag *b, const char *origin, struct odp_err *err)
{
    size_t i;

    if (b->n > 1) {
        qsort(b->f, b->n, sizeof(*b->f), vfile_cmp);
    }
    for (i = 0; i + 1 < b->n; i++) {
        if (strcmp(b->f[i].path, b->f[i + 1].path) == 0) {
            return odp_errf(err, ODP_EVERIFY, &(struct odp_loc){origin, 0, 0},
                            "archive refused: duplicate entry");
        }
    }
    for (i = 0; i < b->n; i++) {
        char tmp[ODP_BAG_MAX_PATH + 1];
        char *s;

        snprintf(tmp, sizeof(tmp), "%s", b->f[i].path);
        while ((s = strrchr(tmp, '/')) != NULL) {
            *s = '\0';
            if (find_file(b, tmp) != NULL) {
                return odp_errf(err, ODP_EVERIFY, &(struct odp_loc){origin, 0, 0},
                                "archive refused: a file is also used as a directory");
            }
        }
    }
    return ODP_OK;
}

static int
same_bag(const struct vbag *x, const struct vbag *y)
{
    size_t i;

    if (x->n != y->n) {
        return 0;
    }
    for (i = 0; i < x->n; i++) {
        if (strcmp(x->f[i].path, y->f[i].path) != 0 || x->f[i].is_dir != y->f[i].is_dir ||
            x->f[i].size != y->f[i].size ||
            memcmp(x->f[i].dig[ODP_ALG_SHA256], y->f[i].dig[ODP_ALG_SHA256], 32) != 0) {
            return 0;
        }
    }
    return 1;
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

static int
load_archive(struct vbag *b, const char *path, const struct odp_verify_opts *o, struct odp_err *err)
{
    int is_zip = 0;
    int rc = load_archive_pass(b, path, 0, o, &is_zip, err);

    if (rc == ODP_OK) {
        rc = bag_index(b, path, err);
    }
    if (rc == ODP_OK && b->top == NULL) {
        rc = odp_errf(err, ODP_EVERIFY, &(struct odp_loc){path, 0, 0}, "archive is empty");
    }
    if (rc == ODP_OK && is_zip) {
        /* A zip has two directories of names (local headers, central directory); other
         * tools may trust either, so both must describe the same bag. */
        struct vbag b2;

        memset(&b2, 0, sizeof(b2));
        rc = load_archive_pass(&b2, path, 1, o, &is_zip, err);
        if (rc == ODP_OK) {
            rc = bag_index(&b2, path, err);
        }
        if (rc == ODP_OK && (!same_bag(b, &b2) || b2.top == NULL || strcmp(b->top, b2.top) != 0)) {
            rc = odp_errf(err, ODP_EVERIFY, &(struct odp_loc){path, 0, 0},
                          "zip refused: local headers and central directory disagree");
        }
        if (rc == ODP_OK) {
            rc = zip_dirs_agree(path, b2.headers, o->max_entries + 1, err);
        }
        bag_release(&b2);
    }
    return rc;
}

/* --- the bag rules --- */

static int
ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Tag text as UTF-8 per the declared encoding (bagit.txt itself is always UTF-8). */
static int
tag_text(struct vctx *c, struct vfile *f, char **out, size_t *len)
{
    struct odp_err e;

    memset(&e, 0, sizeof(e));
    if (odp_bag_text_decode(f->content, f->clen, c->have_decl ? c->decl.enc : "UTF-8", f->path,
                            out, len, &e) != ODP_OK) {
        add_check(c->r, "bagit", f->path, 0, "%s", e.msg);
        return -1;
    }
    return 0;
}

static int
check_bagit(struct vctx *c)
{
    struct vfile *f = find_file(&c->b, "bagit.txt");
    struct odp_err e;
    char v[32];

    memset(&e, 0, sizeof(e));
    if (f == NULL) {
        return add_check(c->r, "bagit", "bagit.txt", 0, "bagit.txt is missing");
    }
    if (odp_bagit_parse(f->content, f->clen, "bagit.txt", &c->decl, &e) != ODP_OK) {
        return add_check(c->r, "bagit", "bagit.txt", 0, "line %" PRIu64 ": %s", e.line, e.msg);
    }
    c->have_decl = 1;
    snprintf(v, sizeof(v), "%u.%u", c->decl.major, c->decl.minor);
    c->r->bagit_version = strdup(v);
    if (c->strict && (c->decl.major != 1 || c->decl.minor != 0 ||
                      strcasecmp(c->decl.enc, "UTF-8") != 0)) {
        return add_check(c->r, "bagit", "bagit.txt", 0,
                         "odpub packages are BagIt 1.0 with UTF-8 tag files");
    }
    return add_check(c->r, "bagit", "bagit.txt", 1, "BagIt %s, %s", v, c->decl.enc);
}

/* Checks one manifest; `tag` for tag manifests. Returns ODP_OK or ENOMEM. */
static int
check_manifest(struct vctx *c, struct vfile *mf, int alg, int tag)
{
    struct odp_manifest m;
    struct odp_err e;
    char *text = NULL, check[32];
    size_t tlen = 0, i, nbad = 0, dlen = odp_bag_alg_len(alg);
    int v1 = c->have_decl && c->decl.major >= 1;
    int rc = ODP_OK;

    memset(&e, 0, sizeof(e));
    snprintf(check, sizeof(check), "%s-%s", tag ? "tagmanifest" : "manifest",
             odp_bag_alg_name(alg));
    for (i = 0; i < c->b.n; i++) {
        c->b.f[i].listed = 0;
    }
    if (tag_text(c, mf, &text, &tlen) != 0) {
        return ODP_OK;
    }
    if (odp_manifest_parse(text, tlen, alg, v1, mf->path, &m, &e) != ODP_OK) {
        free(text);
        odp_manifest_release(&m);
        return add_check(c->r, check, mf->path, 0, "line %" PRIu64 ": %s", e.line, e.msg);
    }
    free(text);
    for (i = 0; i < m.n && rc == ODP_OK; i++) {
        const struct odp_mentry *me = &m.e[i];
        const char *why = odp_bag_path_problem(me->path);
        struct vfile *f;

        if (why != NULL) {
            rc = add_check(c->r, check, mf->path, 0, "line %" PRIu64 ": out-of-scope path (%s)",
                           me->line, why);
            nbad++;
            continue;
        }
        if (!tag && strncmp(me->path, "data/", 5) != 0) {
            rc = add_check(c->r, check, mf->path, 0,
                           "line %" PRIu64 ": payload manifest names a file outside data/",
                           me->line);
            nbad++;
            continue;
        }
        f = find_file(&c->b, me->path);
        if (f == NULL) {
            rc = add_check(c->r, check, me->path, 0, "missing (listed in %s line %" PRIu64 ")",
                           mf->path, me->line);
            nbad++;
            continue;
        }
        if (f->listed) {
            /* Listed twice: RFC 8493 forbids it; 0.97 tolerated an identical repeat. */
            size_t j;
            int same = 0;

            for (j = 0; j < i; j++) {
                if (strcmp(m.e[j].path, me->path) == 0) {
                    same = memcmp(m.e[j].digest, me->digest, dlen) == 0;
                    break;
                }
            }
            if (v1 || !same) {
                rc = add_check(c->r, check, me->path, 0, "listed more than once in %s", mf->path);
                nbad++;
            }
            continue;
        }
        f->listed = 1;
        if ((f->mask & (1u << alg)) == 0) {
            rc = add_check(c->r, check, me->path, 0, "%s digest not computed",
                           odp_bag_alg_name(alg));
            nbad++;
        } else if (CRYPTO_memcmp(f->dig[alg], me->digest, dlen) != 0) {
            rc = add_check(c->r, check, me->path, 0, "%s mismatch", check);
            nbad++;
        }
    }
    /* Completeness: every payload file is in every payload manifest. */
    for (i = 0; !tag && i < c->b.n && rc == ODP_OK; i++) {
        struct vfile *f = &c->b.f[i];

        if (!f->is_dir && strncmp(f->path, "data/", 5) == 0 && !f->listed) {
            rc = add_check(c->r, "complete", f->path, 0, "not listed in %s", mf->path);
            nbad++;
        }
    }
    /* Strict: every tag file is covered by tagmanifest-sha256.txt. */
    if (tag && c->strict && alg == ODP_ALG_SHA256) {
        for (i = 0; i < c->b.n && rc == ODP_OK; i++) {
            struct vfile *f = &c->b.f[i];

            if (f->is_dir || f->listed || strncmp(f->path, "data/", 5) == 0 ||
                strcmp(f->path, "tagmanifest-sha256.txt.minisig") == 0 ||
                (strncmp(f->path, "tagmanifest-", 12) == 0 && strchr(f->path, '/') == NULL)) {
                continue;
            }
            rc = add_check(c->r, "complete", f->path, 0, "tag file not listed in %s", mf->path);
            nbad++;
        }
    }
    if (rc == ODP_OK && nbad == 0) {
        rc = add_check(c->r, check, mf->path, 1, "%zu files match", m.n);
    }
    odp_manifest_release(&m);
    return rc;
}

static int
check_manifests(struct vctx *c, int tag)
{
    size_t i, nman = 0;
    int rc = ODP_OK;
    const char *prefix = tag ? "tagmanifest-" : "manifest-";
    size_t plen = strlen(prefix);
    int have_sha256 = 0;

    for (i = 0; i < c->b.n && rc == ODP_OK; i++) {
        struct vfile *f = &c->b.f[i];
        size_t n = strlen(f->path);
        int alg;

        if (f->is_dir || strchr(f->path, '/') != NULL || strncmp(f->path, prefix, plen) != 0 ||
            !ends_with(f->path, ".txt")) {
            continue;
        }
        nman++;
        alg = odp_bag_alg_from_name(f->path + plen, n - plen - 4);
        if (alg < 0) {
            rc = add_check(c->r, tag ? "tagmanifest" : "manifest", f->path, 0,
                           "unsupported checksum algorithm");
            continue;
        }
        if (f->content == NULL) {
            rc = add_check(c->r, tag ? "tagmanifest" : "manifest", f->path, 0, "unreadable");
            continue;
        }
        have_sha256 |= alg == ODP_ALG_SHA256;
        rc = check_manifest(c, f, alg, tag);
    }
    if (rc == ODP_OK && !tag && nman == 0) {
        rc = add_check(c->r, "manifest", "", 0, "no payload manifest (manifest-ALG.txt)");
    }
    if (rc == ODP_OK && c->strict && !have_sha256) {
        rc = add_check(c->r, tag ? "tagmanifest-sha256" : "manifest-sha256",
                       tag ? "tagmanifest-sha256.txt" : "manifest-sha256.txt", 0, "missing");
    }
    return rc;
}

static int
check_oxum(struct vctx *c)
{
    char *ox;
    const char *dot;
    uint64_t octets = 0, count = 0, have_oct = 0, have_cnt = 0;
    size_t i;
    int rc;

    for (i = 0; i < c->b.n; i++) {
        if (!c->b.f[i].is_dir && strncmp(c->b.f[i].path, "data/", 5) == 0) {
            have_oct += c->b.f[i].size;
            have_cnt++;
        }
    }
    c->r->payload_bytes = have_oct;
    c->r->payload_files = have_cnt;
    if (c->baginfo == NULL) {
        return c->strict ? add_check(c->r, "payload-oxum", "bag-info.txt", 0, "bag-info.txt missing")
                         : ODP_OK;
    }
    ox = odp_baginfo_get(c->baginfo, c->baginfo_len, "Payload-Oxum");
    if (ox == NULL) {
        return c->strict ? add_check(c->r, "payload-oxum", "bag-info.txt", 0,
                                     "no Payload-Oxum")
                         : ODP_OK;
    }
    dot = strchr(ox, '.');
    if (dot == NULL || odp_bag_parse_u64(ox, (size_t)(dot - ox), &octets) != 0 ||
        odp_bag_parse_u64(dot + 1, strlen(dot + 1), &count) != 0) {
        rc = add_check(c->r, "payload-oxum", "bag-info.txt", 0, "malformed Payload-Oxum");
    } else if (octets != have_oct || count != have_cnt) {
        rc = add_check(c->r, "payload-oxum", "bag-info.txt", 0,
                       "Payload-Oxum says %" PRIu64 " bytes in %" PRIu64
                       " files, payload has %" PRIu64 " bytes in %" PRIu64 " files",
                       octets, count, have_oct, have_cnt);
    } else {
        rc = add_check(c->r, "payload-oxum", "bag-info.txt", 1, "%" PRIu64 ".%" PRIu64, octets,
                       count);
    }
    free(ox);
    return rc;
}

static int
check_fetch(struct vctx *c)
{
    struct vfile *f = find_file(&c->b, "fetch.txt");
    char *text = NULL;
    size_t len = 0, pos = 0;
    uint64_t line = 0;
    int rc = ODP_OK, bad = 0;

    if (f == NULL) {
        return ODP_OK;
    }
    if (c->strict) {
        return add_check(c->r, "fetch", "fetch.txt", 0, "odpub packages never use fetch.txt");
    }
    if (f->content == NULL || tag_text(c, f, &text, &len) != 0) {
        return add_check(c->r, "fetch", "fetch.txt", 0, "unreadable");
    }
    /* "URL LENGTH PATH": the path must be a payload file that is present (no fetching). */
    while (pos < len && rc == ODP_OK) {
        size_t s = pos, e, k, fields = 0;
        char *p;

        while (pos < len && text[pos] != '\n' && text[pos] != '\r') {
            pos++;
        }
        e = pos;
        while (pos < len && (text[pos] == '\n' || text[pos] == '\r')) {
            pos++;
        }
        line++;
        if (e == s) {
            continue;
        }
        k = s;
        while (k < e && fields < 2) {
            while (k < e && text[k] != ' ' && text[k] != '\t') {
                k++;
            }
            while (k < e && (text[k] == ' ' || text[k] == '\t')) {
                k++;
            }
            fields++;
        }
        if (fields < 2 || k >= e) {
            rc = add_check(c->r, "fetch", "fetch.txt", 0, "line %" PRIu64 ": malformed", line);
            bad = 1;
            continue;
        }
        p = strndup(text + k, e - k);
        if (p == NULL) {
            free(text);
            return ODP_ENOMEM;
        }
        if (c->have_decl && c->decl.major >= 1) {
            odp_bag_pct_decode(p, strlen(p), p);
        }
        if (odp_bag_path_problem(p) != NULL || strncmp(p, "data/", 5) != 0) {
            rc = add_check(c->r, "fetch", "fetch.txt", 0,
                           "line %" PRIu64 ": out-of-scope path (%s)", line,
                           odp_bag_path_problem(p) != NULL ? odp_bag_path_problem(p)
                                                           : "outside data/");
            bad = 1;
        } else if (find_file(&c->b, p) == NULL) {
            rc = add_check(c->r, "fetch", p, 0,
                           "listed in fetch.txt but not present (fetching is not supported)");
            bad = 1;
        }
        free(p);
    }
    free(text);
    if (rc == ODP_OK && !bad) {
        rc = add_check(c->r, "fetch", "fetch.txt", 1, "every listed file is present");
    }
    return rc;
}

/* "sha256:HEX" / "md5:HEX" / bare 32-hex md5 against the computed digest. */
static int
hash_matches(const struct vfile *f, const char *h, const char **why)
{
    const char *colon = strchr(h, ':');
    int alg = ODP_ALG_MD5;
    const char *hex = h;
    size_t dlen, i;

    if (colon != NULL) {
        alg = odp_bag_alg_from_name(h, (size_t)(colon - h));
        hex = colon + 1;
    }
    if (alg < 0) {
        *why = "unsupported hash algorithm";
        return 0;
    }
    if ((f->mask & (1u << alg)) == 0) {
        *why = "hash algorithm not computed for this bag";
        return 0;
    }
    dlen = odp_bag_alg_len(alg);
    if (strlen(hex) != 2 * dlen) {
        *why = "malformed hash";
        return 0;
    }
    for (i = 0; i < dlen; i++) {
        static const char digits[] = "0123456789abcdef";
        char hi = (char)(hex[2 * i] | 0x20), lo = (char)(hex[2 * i + 1] | 0x20);

        if (hi != digits[f->dig[alg][i] >> 4] || lo != digits[f->dig[alg][i] & 15]) {
            *why = "hash does not match the payload";
            return 0;
        }
    }
    return 1;
}

static int
check_datapackage(struct vctx *c)
{
    struct vfile *f = find_file(&c->b, "datapackage.json");
    cJSON *root, *res, *r;
    const char *end = NULL;
    size_t nres = 0;
    int rc = ODP_OK, bad = 0;

    if (f == NULL) {
        return c->strict ? add_check(c->r, "datapackage", "datapackage.json", 0, "missing")
                         : ODP_OK;
    }
    if (f->content == NULL) {
        return add_check(c->r, "datapackage", "datapackage.json", 0, "unreadable");
    }
    root = cJSON_ParseWithLengthOpts(f->content, f->clen, &end, 0);
    if (root == NULL || !cJSON_IsObject(root)) {
        cJSON_Delete(root);
        if (!c->strict) {
            return add_warning(c->r, "datapackage.json is not a JSON object; not checked");
        }
        return add_check(c->r, "datapackage", "datapackage.json", 0, "not a JSON object");
    }
    {
        cJSON *t = cJSON_GetObjectItemCaseSensitive(root, "title");

        if (cJSON_IsString(t) && c->r->title == NULL) {
            c->r->title = strdup(t->valuestring);
        }
    }
    res = cJSON_GetObjectItemCaseSensitive(root, "resources");
    if (!cJSON_IsArray(res)) {
        res = NULL;
    }
    cJSON_ArrayForEach(r, res)
    {
        cJSON *p = cJSON_GetObjectItemCaseSensitive(r, "path");
        cJSON *by = cJSON_GetObjectItemCaseSensitive(r, "bytes");
        cJSON *h = cJSON_GetObjectItemCaseSensitive(r, "hash");
        struct vfile *pf;
        const char *why = NULL;

        if (!cJSON_IsString(p)) {
            continue;
        }
        nres++;
        if (odp_bag_path_problem(p->valuestring) != NULL ||
            strncmp(p->valuestring, "data/", 5) != 0) {
            rc = add_check(c->r, "datapackage", "datapackage.json", 0,
                           "resource path is not a payload file");
            bad = 1;
            continue;
        }
        pf = find_file(&c->b, p->valuestring);
        if (pf == NULL) {
            rc = add_check(c->r, "datapackage", p->valuestring, 0,
                           "resource in datapackage.json is missing");
            bad = 1;
            continue;
        }
        if (cJSON_IsNumber(by) && (by->valuedouble < 0 || (uint64_t)by->valuedouble != pf->size ||
                                   by->valuedouble != (double)pf->size)) {
            rc = add_check(c->r, "datapackage", pf->path, 0,
                           "datapackage.json bytes do not match the payload");
            bad = 1;
        } else if (c->strict && !cJSON_IsNumber(by)) {
            rc = add_check(c->r, "datapackage", pf->path, 0, "datapackage.json has no bytes");
            bad = 1;
        }
        if (cJSON_IsString(h) && !hash_matches(pf, h->valuestring, &why)) {
            rc = add_check(c->r, "datapackage", pf->path, 0, "datapackage.json %s", why);
            bad = 1;
        } else if (c->strict && !cJSON_IsString(h)) {
            rc = add_check(c->r, "datapackage", pf->path, 0, "datapackage.json has no hash");
            bad = 1;
        }
    }
    if (c->strict && nres == 0 && !bad) {
        rc = add_check(c->r, "datapackage", "datapackage.json", 0, "no resource with a path");
        bad = 1;
    }
    if (!bad && rc == ODP_OK && nres > 0) {
        rc = add_check(c->r, "datapackage", "datapackage.json", 1,
                       "%zu resource(s) match the payload", nres);
    }
    cJSON_Delete(root);
    return rc;
}

/* Value of key=VALUE in a trusted comment (space or tab separated). Caller frees. */
static char *
tc_get(const char *tc, const char *key)
{
    size_t k = strlen(key);
    const char *p = tc;

    while (*p != '\0') {
        const char *e;

        while (*p == ' ' || *p == '\t') {
            p++;
        }
        e = p;
        while (*e != '\0' && *e != ' ' && *e != '\t') {
            e++;
        }
        if ((size_t)(e - p) > k && strncmp(p, key, k) == 0 && p[k] == '=') {
            return strndup(p + k + 1, (size_t)(e - p) - k - 1);
        }
        p = e;
    }
    return NULL;
}

static int
check_trusted(struct vctx *c, const char *tc)
{
    char *pkg = tc_get(tc, "package");
    char *date = tc_get(tc, "date");
    char *psha = tc_get(tc, "policy_sha256");
    char *ext = c->baginfo != NULL ? odp_baginfo_get(c->baginfo, c->baginfo_len,
                                                     "External-Identifier")
                                   : NULL;
    char *bdate = c->baginfo != NULL ? odp_baginfo_get(c->baginfo, c->baginfo_len, "Bagging-Date")
                                     : NULL;
    struct vfile *pol = find_file(&c->b, "policy.yaml");
    char hex[65];
    int rc = ODP_OK, bad = 0;

    if (strncmp(tc, "odpub ", 6) != 0 || pkg == NULL || date == NULL || psha == NULL) {
        rc = add_check(c->r, "trusted-comment", "tagmanifest-sha256.txt.minisig", 0,
                       "trusted comment is not an odpub package statement");
        bad = 1;
    } else {
        if (ext == NULL || strcmp(ext, pkg) != 0) {
            rc = add_check(c->r, "trusted-comment", "bag-info.txt", 0,
                           "External-Identifier differs from the signed package name");
            bad = 1;
        }
        if (bdate == NULL || strcmp(bdate, date) != 0) {
            rc = add_check(c->r, "trusted-comment", "bag-info.txt", 0,
                           "Bagging-Date differs from the signed release date");
            bad = 1;
        }
        if (pol == NULL) {
            rc = add_check(c->r, "trusted-comment", "policy.yaml", 0, "missing");
            bad = 1;
        } else {
            odp_hex(pol->dig[ODP_ALG_SHA256], 32, hex);
            if (strcasecmp(hex, psha) != 0) {
                rc = add_check(c->r, "trusted-comment", "policy.yaml", 0,
                               "SHA-256 differs from the signed policy_sha256");
                bad = 1;
            }
        }
    }
    if (!bad && rc == ODP_OK) {
        rc = add_check(c->r, "trusted-comment", "tagmanifest-sha256.txt.minisig", 1,
                       "names this package, its date and its policy");
    }
    if (c->r->release_date == NULL && date != NULL) {
        c->r->release_date = strdup(date);
    }
    free(pkg);
    free(date);
    free(psha);
    free(ext);
    free(bdate);
    return rc;
}

static int
check_signature(struct vctx *c, const struct odp_pubkey *pk)
{
    struct vfile *tm = find_file(&c->b, "tagmanifest-sha256.txt");
    struct vfile *sig = find_file(&c->b, "tagmanifest-sha256.txt.minisig");
    struct odp_err e;
    char *trusted = NULL;
    int rc;

    memset(&e, 0, sizeof(e));
    if (pk == NULL) {
        return add_warning(c->r, "signature not checked (--unsigned): anyone could have made "
                                 "this bag");
    }
    if (tm == NULL || tm->content == NULL) {
        return add_check(c->r, "signature", "tagmanifest-sha256.txt", 0, "missing");
    }
    if (sig == NULL || sig->content == NULL) {
        return add_check(c->r, "signature", "tagmanifest-sha256.txt.minisig", 0, "missing");
    }
    rc = odp_verify_mem(pk, tm->content, tm->clen, sig->content, sig->clen,
                        "tagmanifest-sha256.txt.minisig", &trusted, &e);
    if (rc != ODP_OK) {
        free(trusted);
        return add_check(c->r, "signature", "tagmanifest-sha256.txt.minisig", 0,
                         "signature does not verify: %s", e.msg[0] != '\0' ? e.msg : "invalid");
    }
    c->r->trusted_comment = trusted;
    return add_check(c->r, "signature", "tagmanifest-sha256.txt.minisig", 1,
                     "good signature over tagmanifest-sha256.txt");
}

/* --- summary --- */

/* Minimal RFC 4180 field splitter over a NUL-terminated buffer; advances *pp. */
static int
csv_record(const char **pp, char **fields, size_t max, size_t *nf)
{
    const char *p = *pp;
    size_t n = 0;

    *nf = 0;
    if (*p == '\0') {
        return 0;
    }
    for (;;) {
        struct odp_buf b;

        odp_buf_init(&b, 1u << 16);
        if (*p == '"') {
            p++;
            for (;;) {
                if (*p == '\0') {
                    break;
                }
                if (*p == '"' && p[1] == '"') {
                    odp_buf_addc(&b, '"', NULL);
                    p += 2;
                } else if (*p == '"') {
                    p++;
                    break;
                } else {
                    odp_buf_addc(&b, *p++, NULL);
                }
            }
        }
        while (*p != '\0' && *p != ',' && *p != '\n' && *p != '\r') {
            odp_buf_addc(&b, *p++, NULL);
        }
        if (n < max) {
            fields[n] = b.p != NULL ? odp_buf_take(&b) : strdup("");
            if (fields[n] != NULL) {
                n++;
            }
        }
        odp_buf_release(&b);
        if (*p == ',') {
            p++;
            continue;
        }
        if (*p == '\r') {
            p++;
        }
        if (*p == '\n') {
            p++;
        }
        break;
    }
    *pp = p;
    *nf = n;
    return 1;
}

/* Control bytes (a newline, an escape sequence) of a summary string become spaces. */
static void
one_line(char *s)
{
    for (; s != NULL && *s != '\0'; s++) {
        if ((unsigned char)*s < 0x20 || *s == 0x7f) {
            *s = ' ';
        }
    }
}

/*
 * The summary comes from files of a package that may be hostile or unsigned, and the
 * CLI prints it on a terminal: keep every string on one line, free of control bytes.
 */
static void
clean_summary(struct odp_verify_result *r)
{
    size_t i;

    one_line(r->package);
    one_line(r->title);
    one_line(r->agency);
    one_line(r->release_date);
    one_line(r->bagit_version);
    for (i = 0; i < r->ncols; i++) {
        one_line(r->cols[i].name);
        one_line(r->cols[i].type);
        one_line(r->cols[i].treatment);
    }
}

static void
summary(struct vctx *c)
{
    struct vfile *dd = find_file(&c->b, "metadata/data-dictionary.csv");
    struct vfile *rep = find_file(&c->b, "report.json");

    c->r->rows = -1;
    if (c->baginfo != NULL) {
        c->r->agency = odp_baginfo_get(c->baginfo, c->baginfo_len, "Source-Organization");
        if (c->r->release_date == NULL) {
            c->r->release_date = odp_baginfo_get(c->baginfo, c->baginfo_len, "Bagging-Date");
        }
        if (c->r->title == NULL) {
            c->r->title = odp_baginfo_get(c->baginfo, c->baginfo_len, "External-Description");
        }
    }
    if (rep != NULL && rep->content != NULL) {
        cJSON *j = cJSON_ParseWithLength(rep->content, rep->clen);
        cJSON *rows = cJSON_GetObjectItemCaseSensitive(j, "rows");
        cJSON *v = NULL;

        if (cJSON_IsObject(rows)) {
            v = cJSON_GetObjectItemCaseSensitive(rows, "out");
        }
        if (v == NULL) {
            v = cJSON_GetObjectItemCaseSensitive(j, "rows_out");
        }
        if (cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble < 9.0e15) {
            c->r->rows = (int64_t)v->valuedouble;
        }
        cJSON_Delete(j);
    }
    if (dd != NULL && dd->content != NULL) {
        const char *p = dd->content;
        char *fl[4];
        size_t nf, k;
        int header = 1;

        while (csv_record(&p, fl, 4, &nf) && c->r->ncols < 100000) {
            if (!header && nf == 4) {
                struct odp_verify_col *nc =
                    realloc(c->r->cols, (c->r->ncols + 1) * sizeof(*nc));

                if (nc != NULL) {
                    c->r->cols = nc;
                    nc[c->r->ncols].name = fl[0];
                    nc[c->r->ncols].type = fl[1];
                    nc[c->r->ncols].treatment = fl[3];
                    free(fl[2]);
                    c->r->ncols++;
                    continue;
                }
            }
            header = 0;
            for (k = 0; k < nf; k++) {
                free(fl[k]);
            }
        }
    }
}

/* Whether bag-info.txt says odpub made the bag. */
static int
made_by_odpub(struct vctx *c)
{
    char *agent;
    int yes;

    if (c->baginfo == NULL) {
        return 0;
    }
    agent = odp_baginfo_get(c->baginfo, c->baginfo_len, "Bag-Software-Agent");
    yes = agent != NULL && strncmp(agent, "odpub", 5) == 0;
    free(agent);
    return yes;
}

static int
check_archive_sig(struct vctx *c, const char *path, const struct odp_pubkey *pk)
{
    size_t n = strlen(path);
    char *sp = malloc(n + 9);
    char *sig = NULL, *trusted = NULL;
    size_t slen = 0;
    struct odp_err e;
    int rc;

    memset(&e, 0, sizeof(e));
    if (sp == NULL) {
        return ODP_ENOMEM;
    }
    memcpy(sp, path, n);
    memcpy(sp + n, ".minisig", 9);
    if (access(sp, F_OK) != 0) {
        free(sp);
        return pk != NULL ? add_warning(c->r, "no detached .minisig beside the archive; "
                                              "checked the signature inside it")
                          : ODP_OK;
    }
    if (pk == NULL) {
        free(sp);
        return add_warning(c->r, "archive signature not checked (--unsigned)");
    }
    if (odp_read_file(sp, 64 * 1024, &sig, &slen, &e) != ODP_OK) {
        rc = add_check(c->r, "archive-signature", odp_basename(sp), 0, "unreadable: %s", e.msg);
    } else if (odp_verify_file(pk, path, sig, slen, sp, &trusted, &e) != ODP_OK) {
        rc = add_check(c->r, "archive-signature", odp_basename(sp), 0,
                       "signature does not verify: %s", e.msg);
    } else {
        char *pkg = tc_get(trusted, "package");

        c->r->archive_trusted_comment = trusted;
        trusted = NULL;
        if (pkg == NULL || c->b.top == NULL || strcmp(pkg, c->b.top) != 0) {
            rc = add_check(c->r, "archive-signature", odp_basename(sp), 0,
                           "signed package name differs from the archive's directory");
        } else {
            rc = add_check(c->r, "archive-signature", odp_basename(sp), 1,
                           "good signature over the archive");
        }
        free(pkg);
    }
    free(trusted);
    free(sig);
    free(sp);
    return rc;
}

static int verify_package(const char *path, const struct odp_verify_opts *opts,
                          struct odp_verify_result **out, struct odp_err *err);

int
odp_verify_package(const char *path, const struct odp_verify_opts *opts,
                   struct odp_verify_result **out, struct odp_err *err)
{
    struct odp_err le;
    int rc;

    /* Internals read err->code, so they always get a record even when the caller has none. */
    memset(&le, 0, sizeof(le));
    rc = verify_package(path, opts, out, &le);
    if (rc != ODP_OK) {
        if (le.code == ODP_OK) {
            odp_errf(&le, rc, NULL, "verification failed");
        }
        if (err != NULL && err->code == ODP_OK) {
            *err = le;
            err->code = rc;
        }
        if (*out != NULL) {
            (*out)->ok = 0;
            /* A refused archive is a finding of its own: say so in the checks too. */
            if (rc == ODP_EVERIFY && (*out)->nchecks == 0) {
                add_check(*out, "archive", "", 0, "%s", le.msg);
            }
        }
    }
    return rc;
}

static int
verify_package(const char *path, const struct odp_verify_opts *opts,
               struct odp_verify_result **out, struct odp_err *err)
{
    struct odp_verify_opts dflt;
    struct odp_pubkey *pk = NULL;
    struct vctx c;
    struct stat st;
    int is_archive = 0, rc;

    *out = NULL;
    if (opts == NULL) {
        odp_verify_opts_init(&dflt);
        opts = &dflt;
    }
    if (opts->pubkey_path == NULL && !opts->allow_unsigned) {
        return odp_errf(err, ODP_EINVAL, NULL,
                        "a public key is needed (--pubkey), or --unsigned to skip the signature");
    }
    memset(&c, 0, sizeof(c));
    c.o = opts;
    c.r = calloc(1, sizeof(*c.r));
    if (c.r == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    c.r->ok = 1;
    c.r->rows = -1;
    if (opts->pubkey_path != NULL) {
        rc = odp_pubkey_load(opts->pubkey_path, &pk, err);
        if (rc != ODP_OK) {
            goto out;
        }
    }
    if (stat(path, &st) != 0) {
        rc = odp_err_sys(err, path, "cannot open the package");
        goto out;
    }
    if (S_ISDIR(st.st_mode)) {
        rc = load_dir(&c.b, path, opts, err);
        if (rc == ODP_OK) {
            rc = bag_index(&c.b, path, err);
        }
        c.r->package = strdup(odp_basename(path));
    } else if (S_ISREG(st.st_mode)) {
        is_archive = 1;
        rc = load_archive(&c.b, path, opts, err);
        c.r->package = c.b.top != NULL ? strdup(c.b.top) : NULL;
    } else {
        rc = odp_errf(err, ODP_EINVAL, &(struct odp_loc){path, 0, 0},
                      "not a directory or an archive file");
    }
    if (rc != ODP_OK) {
        goto out;
    }
    {
        struct vfile *bi = find_file(&c.b, "bag-info.txt");

        /* bag-info is read before bagit.txt's encoding is known only to decide strictness;
         * odpub writes it in UTF-8. */
        if (bi != NULL && bi->content != NULL) {
            struct vfile *bt = find_file(&c.b, "bagit.txt");
            struct odp_bagit_decl d;
            struct odp_err e2;

            memset(&e2, 0, sizeof(e2));
            if (bt == NULL || odp_bagit_parse(bt->content, bt->clen, "bagit.txt", &d, &e2) != 0) {
                snprintf(d.enc, sizeof(d.enc), "UTF-8");
            }
            if (odp_bag_text_decode(bi->content, bi->clen, d.enc, bi->path, &c.baginfo,
                                    &c.baginfo_len, &e2) != ODP_OK) {
                c.baginfo = NULL;
            }
        }
    }
    c.strict = pk != NULL || made_by_odpub(&c);

    /* Trust order: signature, tag files, payload. */
    rc = is_archive ? check_archive_sig(&c, path, pk) : ODP_OK;
    if (rc == ODP_OK) {
        rc = check_signature(&c, pk);
    }
    if (rc == ODP_OK) {
        rc = check_bagit(&c);
    }
    if (rc == ODP_OK) {
        rc = check_manifests(&c, 1);
    }
    if (rc == ODP_OK && c.r->trusted_comment != NULL) {
        rc = check_trusted(&c, c.r->trusted_comment);
    }
    if (rc == ODP_OK) {
        rc = check_manifests(&c, 0);
    }
    if (rc == ODP_OK) {
        rc = check_oxum(&c);
    }
    if (rc == ODP_OK) {
        rc = check_fetch(&c);
    }
    if (rc == ODP_OK) {
        rc = check_datapackage(&c);
    }
    if (rc != ODP_OK) {
        rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        goto out;
    }
    summary(&c);
    rc = c.r->ok ? ODP_OK : ODP_EVERIFY;
    if (rc == ODP_EVERIFY) {
        odp_errf(err, ODP_EVERIFY, &(struct odp_loc){path, 0, 0}, "package does not verify");
    }
out:
    if (rc != ODP_OK && rc != ODP_EVERIFY) {
        c.r->ok = 0;
    }
    clean_summary(c.r);
    *out = c.r;
    free(c.baginfo);
    bag_release(&c.b);
    odp_pubkey_free(pk);
    return rc;
}

/* --- JSON --- */

char *
odp_verify_result_json(const struct odp_verify_result *r)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *checks, *warn, *sum, *cols;
    char *text = NULL;
    size_t i;
    int ok = root != NULL;

    ok = ok && cJSON_AddBoolToObject(root, "ok", r->ok) != NULL;
    ok = ok && odp_json_add_str(root, "package", r->package) == ODP_OK;
    ok = ok && odp_json_add_str(root, "trusted_comment", r->trusted_comment) == ODP_OK;
    if (ok && r->archive_trusted_comment != NULL) {
        ok = odp_json_add_str(root, "archive_trusted_comment", r->archive_trusted_comment) ==
             ODP_OK;
    }
    checks = ok ? cJSON_AddArrayToObject(root, "checks") : NULL;
    ok = checks != NULL;
    for (i = 0; ok && i < r->nchecks; i++) {
        cJSON *c = cJSON_CreateObject();

        ok = c != NULL && cJSON_AddItemToArray(checks, c);
        if (!ok) {
            cJSON_Delete(c);
            break;
        }
        ok = odp_json_add_str(c, "check", r->checks[i].check) == ODP_OK &&
             odp_json_add_str(c, "file", r->checks[i].file) == ODP_OK &&
             cJSON_AddBoolToObject(c, "ok", r->checks[i].ok) != NULL &&
             odp_json_add_str(c, "detail", r->checks[i].detail) == ODP_OK;
    }
    warn = ok ? cJSON_AddArrayToObject(root, "warnings") : NULL;
    ok = warn != NULL;
    for (i = 0; ok && i < r->nwarnings; i++) {
        cJSON *s = cJSON_CreateString(r->warnings[i]);

        ok = s != NULL && cJSON_AddItemToArray(warn, s);
        if (!ok) {
            cJSON_Delete(s);
        }
    }
    sum = ok ? cJSON_AddObjectToObject(root, "summary") : NULL;
    ok = sum != NULL;
    ok = ok && odp_json_add_str(sum, "title", r->title) == ODP_OK;
    ok = ok && odp_json_add_str(sum, "agency", r->agency) == ODP_OK;
    ok = ok && odp_json_add_str(sum, "release_date", r->release_date) == ODP_OK;
    ok = ok && odp_json_add_str(sum, "bagit_version", r->bagit_version) == ODP_OK;
    if (ok && r->rows >= 0) {
        ok = odp_json_add_u64(sum, "rows", (uint64_t)r->rows) == ODP_OK;
    } else if (ok) {
        ok = cJSON_AddNullToObject(sum, "rows") != NULL;
    }
    ok = ok && odp_json_add_u64(sum, "payload_bytes", r->payload_bytes) == ODP_OK;
    ok = ok && odp_json_add_u64(sum, "payload_files", r->payload_files) == ODP_OK;
    cols = ok ? cJSON_AddArrayToObject(sum, "columns") : NULL;
    ok = cols != NULL;
    for (i = 0; ok && i < r->ncols; i++) {
        cJSON *c = cJSON_CreateObject();

        ok = c != NULL && cJSON_AddItemToArray(cols, c);
        if (!ok) {
            cJSON_Delete(c);
            break;
        }
        ok = odp_json_add_str(c, "name", r->cols[i].name) == ODP_OK &&
             odp_json_add_str(c, "type", r->cols[i].type) == ODP_OK &&
             odp_json_add_str(c, "treatment", r->cols[i].treatment) == ODP_OK;
    }
    if (ok) {
        text = odp_json_render(root);
    }
    cJSON_Delete(root);
    return text;
}
