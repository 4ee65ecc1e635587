/*
 * package.c - finishing a bag (metadata, tag files, signature) and writing it as a
 * deterministic zip, tar.gz or tar.zst archive with libarchive.
 *
 * Promises: the same bag directory and struct odp_pkg_info give byte-identical output
 * (entries sorted by bytes with directories before their contents, mtime = info->epoch,
 * uid/gid 0, no owner names, modes 0644/0755, no atime/ctime/xattrs, gzip header without
 * name or time); an archive is written under a temp name beside its target, synced and
 * renamed, and removed on any error; a secret key only ever signs, nothing of it is
 * written.
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

#include "bag_int.h"
#include "buf.h"
#include "fs.h"
#include "bag.h"
#include "sign.h"

/* A spliced .tar.zst's payload frame starts at this offset of its stream file: the head
 * frame (and a skippable frame) go in front of it, so that file becomes the archive. */
#define TZST_HEAD_RESERVE 4096

/* "odpub package=P date=D policy_sha256=H key=K[ file=F]" (no CR/LF by construction). */
static int
trusted_comment(const struct odp_pkg_info *info, const char *keyid, const char *file, char *out,
                size_t size, struct odp_err *err)
{
    char hex[65];
    int n;

    odp_hex(info->policy_sha256, 32, hex);
    if (file != NULL) {
        n = snprintf(out, size, "odpub package=%s date=%s policy_sha256=%s key=%s file=%s",
                     info->package_name, info->release_date, hex, keyid, file);
    } else {
        n = snprintf(out, size, "odpub package=%s date=%s policy_sha256=%s key=%s",
                     info->package_name, info->release_date, hex, keyid);
    }
    if (n < 0 || (size_t)n >= size) {
        return odp_errf(err, ODP_ELIMIT, NULL, "trusted comment too long");
    }
    if (strpbrk(out, "\r\n") != NULL) {
        return odp_errf(err, ODP_EINVAL, NULL, "package name holds a line break");
    }
    return ODP_OK;
}

/* Signs `path` and writes `sig_path` (new file). */
static int
sign_to(const struct odp_seckey *sk, const char *path, const char *trusted, const char *sig_path,
        int sync, struct odp_err *err)
{
    char *sig = NULL;
    int rc = odp_sign_file(sk, path, trusted, NULL, &sig, err);

    if (rc == ODP_OK) {
        rc = odp_write_file_sync(sig_path, sig, strlen(sig), NULL, sync, err);
    }
    free(sig);
    return rc;
}

int
odp_bag_finish(const char *dir, const struct odp_pkg_info *info, const struct odp_seckey *sk,
               struct odp_err *err)
{
    char keyid[ODP_KEYID_HEXLEN + 1];
    char trusted[1024];
    char *tm = NULL, *sigp = NULL;
    int rc;

    if (dir == NULL || info == NULL || info->package_name == NULL || info->release_date == NULL ||
        info->data_file == NULL || info->name == NULL) {
        return odp_errf(err, ODP_EINVAL, NULL, "incomplete package information");
    }
    rc = odp_meta_write(dir, info, err);
    if (rc == ODP_OK) {
        rc = odp_bag_write_tagfiles(dir, info, err);
    }
    if (rc == ODP_OK && sk != NULL) {
        odp_seckey_id(sk, keyid);
        tm = odp_path_join(dir, "tagmanifest-sha256.txt");
        sigp = odp_path_join(dir, "tagmanifest-sha256.txt.minisig");
        if (tm == NULL || sigp == NULL) {
            rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
        if (rc == ODP_OK) {
            rc = trusted_comment(info, keyid, NULL, trusted, sizeof(trusted), err);
        }
        if (rc == ODP_OK) {
            rc = sign_to(sk, tm, trusted, sigp, ODP_BAG_SYNC(info), err);
        }
    }
    if (rc == ODP_OK && ODP_BAG_SYNC(info) != ODP_SYNC_NONE) {
        /* every file of the bag, the caller's data file and policy among them, and its
         * directories: one journal commit for them all */
        rc = odp_fsync_tree(dir, err);
    }
    free(tm);
    free(sigp);
    return rc;
}

static int
ar_err(struct archive *a, const char *path, struct odp_err *err)
{
    const char *m = archive_error_string(a);
    int e = archive_errno(a);

    /* libarchive says "Write error"; the errno says why (a full disk, a file-size limit) */
    return odp_errf(err, ODP_EIO, &(struct odp_loc){path, 0, 0}, "cannot write the archive: %s%s%s",
                    m != NULL ? m : "unknown libarchive error", e > 0 ? ": " : "",
                    e > 0 ? strerror(e) : "");
}

/*
 * zstd at level 1 with zstd's own worker threads: compression overlaps the writing.
 * The frame bytes depend on the level and on threads >= 1 vs 0, not on the thread
 * count, so archives stay byte-reproducible (docs/PERFORMANCE.md).
 */
static int
add_zstd(struct archive *a)
{
    int r = archive_write_add_filter_zstd(a);

    if (r == ARCHIVE_OK) {
        r = archive_write_set_filter_option(a, "zstd", "compression-level", "1");
    }
    if (r == ARCHIVE_OK) {
        r = archive_write_set_filter_option(a, "zstd", "threads", "2");
    }
    return r;
}

static int
setup_zip(struct archive *a)
{
    int r = archive_write_set_format_zip(a);

    if (r == ARCHIVE_OK) {
        r = archive_write_set_format_option(a, "zip", "compression", "deflate");
    }
    return r;
}

static int
setup_tgz(struct archive *a)
{
    int r = archive_write_set_format_pax_restricted(a);

    if (r == ARCHIVE_OK) {
        r = archive_write_add_filter_gzip(a);
    }
    /* No mtime in the gzip header ("!timestamp"); level fixed. */
    if (r == ARCHIVE_OK) {
        r = archive_write_set_filter_option(a, "gzip", "timestamp", NULL);
    }
    if (r == ARCHIVE_OK) {
        r = archive_write_set_filter_option(a, "gzip", "compression-level", "9");
    }
    return r;
}

static int
setup_tzst(struct archive *a)
{
    int r = archive_write_set_format_pax_restricted(a);

    if (r == ARCHIVE_OK) {
        r = add_zstd(a);
    }
    return r;
}

/*
 * The package writer's registry: one row per format of odp/format.h's ODP_PKG_FORMATS,
 * named pkg_writer_ID (the table below is generated from the rows, so a format without
 * its writer does not compile).
 */
struct pkg_writer {
    /* Sets the libarchive writer's format, filters and options; NULL: a directory, the
     * staged bag itself, nothing to write. */
    int (*setup)(struct archive *a);
    /* The release writes the data file through odp_pkg_stream as zstd frames (into
     * payload.zst), which odp_bag_archive splices into the tar stream (splice_tzst). */
    int streams;
};

static const struct pkg_writer pkg_writer_dir = {NULL, 0};
static const struct pkg_writer pkg_writer_zip = {setup_zip, 0};
static const struct pkg_writer pkg_writer_tgz = {setup_tgz, 0};
static const struct pkg_writer pkg_writer_tzst = {setup_tzst, 1};

static const struct pkg_writer *const pkg_writers[ODP_PKG__COUNT] = {
#define PKG_WRITER_(ID, id, name, ext, alias) [ODP_PKG_##ID] = &pkg_writer_##id,
    ODP_PKG_FORMATS(PKG_WRITER_)
#undef PKG_WRITER_
};

/* The writer of fmt, or NULL when fmt is out of range. */
static const struct pkg_writer *
pkg_writer(enum odp_pkg_format fmt)
{
    return (unsigned)fmt < ODP_PKG__COUNT ? pkg_writers[fmt] : NULL;
}

static int
setup_writer(struct archive *a, const struct pkg_writer *w, const char *path,
             struct odp_err *err)
{
    if (w->setup(a) != ARCHIVE_OK) {
        return ar_err(a, path, err);
    }
    /* tar pads the last block; keep libarchive's default 10240-byte blocking. */
    return ODP_OK;
}

/* Copies one file into the archive. */
static int
add_file(struct archive *a, struct archive_entry *e, const char *abs, const char *apath,
         char *buf, size_t bufsize, struct odp_err *err)
{
    int fd = open(abs, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    uint64_t left;

    if (fd < 0) {
        return odp_err_sys(err, abs, "cannot open");
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return odp_errf(err, ODP_EIO, &(struct odp_loc){abs, 0, 0}, "not a regular file");
    }
    archive_entry_set_size(e, st.st_size);
    if (archive_write_header(a, e) != ARCHIVE_OK) {
        close(fd);
        return ar_err(a, apath, err);
    }
    left = (uint64_t)st.st_size;
    while (left > 0) {
        ssize_t r = read(fd, buf, left < bufsize ? (size_t)left : bufsize);

        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            close(fd);
            return r < 0 ? odp_err_sys(err, abs, "cannot read")
                         : odp_errf(err, ODP_EIO, &(struct odp_loc){abs, 0, 0},
                                    "file shrank while being archived");
        }
        if (archive_write_data(a, buf, (size_t)r) != r) {
            close(fd);
            return ar_err(a, apath, err);
        }
        left -= (uint64_t)r;
    }
    close(fd);
    return ODP_OK;
}


/*
 * A .tar.zst package is spliced from three zstd frames (a zstd stream may hold several;
 * decoders concatenate them): [the tar bytes before the data file's contents] [the data
 * file's contents, compressed while the release wrote them: odp_pkg_stream] [the tar bytes
 * after them]. The tar stream is the one libarchive writes for the bag, byte for byte:
 * it is made here with zeros in place of the contents, which are cut out by offset.
 */
struct zstream {
    struct archive *a;
    struct archive_entry *e;
    char path[1024];
};

static void zstream_free(struct zstream *z);

/* A zstd stream onto fd, written by libarchive's raw format through add_zstd. */
/* Appends what libarchive writes to an odp_buf (a frame built in memory). */
static la_ssize_t
buf_write(struct archive *a, void *ctx, const void *p, size_t n)
{
    struct odp_err e;

    (void)a;
    e.code = ODP_OK;
    return odp_buf_add(ctx, p, n, &e) == ODP_OK ? (la_ssize_t)n : -1;
}

/* A zstd stream onto fd or, with fd < 0, into `mem`. */
static int
zstream_open(int fd, struct odp_buf *mem, const char *path, struct zstream **out,
             struct odp_err *err)
{
    struct zstream *z;
    int r;

    *out = NULL;
    r = odp_arlib_load(path, err);
    if (r != ODP_OK) {
        return r;
    }
    z = calloc(1, sizeof(*z));
    if (z == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    snprintf(z->path, sizeof(z->path), "%s", path);
    z->a = archive_write_new();
    z->e = archive_entry_new();
    if (z->a == NULL || z->e == NULL) {
        zstream_free(z);
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    r = archive_write_set_format_raw(z->a);
    if (r == ARCHIVE_OK) {
        r = add_zstd(z->a);
    }
    if (r == ARCHIVE_OK) {
        r = archive_write_set_bytes_in_last_block(z->a, 1); /* no padding after the frame */
    }
    if (r == ARCHIVE_OK) {
        r = fd >= 0 ? archive_write_open_fd(z->a, fd)
                    : archive_write_open2(z->a, mem, NULL, buf_write, NULL, NULL);
    }
    if (r == ARCHIVE_OK) {
        archive_entry_set_filetype(z->e, AE_IFREG);
        archive_entry_set_pathname(z->e, "payload");
        r = archive_write_header(z->a, z->e);
    }
    if (r != ARCHIVE_OK) {
        r = ar_err(z->a, path, err);
        zstream_free(z);
        return r;
    }
    *out = z;
    return ODP_OK;
}

static int
zstream_write(void *ctx, const char *p, size_t n, struct odp_err *err)
{
    struct zstream *z = ctx;

    while (n > 0) {
        la_ssize_t w = archive_write_data(z->a, p, n);

        if (w <= 0) {
            return ar_err(z->a, z->path, err);
        }
        p += w;
        n -= (size_t)w;
    }
    return ODP_OK;
}

static int
zstream_close(struct zstream *z, struct odp_err *err)
{
    if (archive_write_close(z->a) != ARCHIVE_OK) {
        return ar_err(z->a, z->path, err);
    }
    return ODP_OK;
}

static void
zstream_free(struct zstream *z)
{
    if (z == NULL) {
        return;
    }
    if (z->a != NULL) {
        archive_write_free(z->a);
    }
    archive_entry_free(z->e);
    free(z);
}

struct odp_pkg_stream {
    char *path; /* the stream file (tar.zst), or NULL: no sink */
    int fd;
    struct zstream *zs;
};

int
odp_pkg_stream_open(const char *tmpdir, enum odp_pkg_format fmt, struct odp_pkg_stream **out,
                    struct odp_err *err)
{
    struct odp_pkg_stream *s = calloc(1, sizeof(*s));
    int rc = ODP_OK;

    *out = s;
    if (s == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    s->fd = -1;
    if (pkg_writer(fmt) == NULL || !pkg_writer(fmt)->streams) {
        return ODP_OK;
    }
    s->path = odp_path_join(tmpdir, "payload.zst");
    if (s->path == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    s->fd = odp_create(s->path, 0644, err);
    if (s->fd < 0) {
        return ODP_EIO;
    }
    if (lseek(s->fd, TZST_HEAD_RESERVE, SEEK_SET) < 0) {
        return odp_err_sys(err, s->path, "cannot seek");
    }
    rc = zstream_open(s->fd, NULL, s->path, &s->zs, err);
    return rc;
}

void
odp_pkg_stream_sink(struct odp_pkg_stream *s, odp_out_fn *fn, void **ctx)
{
    *fn = s != NULL && s->zs != NULL ? zstream_write : NULL;
    *ctx = s != NULL ? s->zs : NULL;
}

int
odp_pkg_stream_close(struct odp_pkg_stream *s, struct odp_err *err)
{
    int rc = ODP_OK;

    if (s == NULL) {
        return ODP_OK;
    }
    if (s->zs != NULL) {
        rc = zstream_close(s->zs, err);
        zstream_free(s->zs);
        s->zs = NULL;
    }
    if (s->fd >= 0 && close(s->fd) != 0 && rc == ODP_OK) {
        rc = odp_err_sys(err, s->path, "cannot close");
    }
    s->fd = -1;
    return rc;
}

void
odp_pkg_stream_free(struct odp_pkg_stream *s)
{
    if (s == NULL) {
        return;
    }
    zstream_free(s->zs);
    if (s->fd >= 0) {
        close(s->fd);
    }
    free(s->path);
    free(s);
}

/* Routes the plain tar stream by offset: before the cut, the cut (dropped), after it. */
struct tarsplit {
    struct odp_buf head, tail;
    uint64_t off;        /* bytes of the tar stream seen so far */
    uint64_t cut0, cut1; /* the data file's contents: [cut0, cut1); cut0 = UINT64_MAX until known */
    struct odp_err err;
};

static la_ssize_t
tarsplit_write(struct archive *a, void *ctx, const void *p, size_t n)
{
    struct tarsplit *t = ctx;
    const char *b = p;
    size_t left = n;

    (void)a;
    while (left > 0) {
        size_t k = left;

        if (t->off < t->cut0) {
            if (t->cut0 - t->off < k) {
                k = (size_t)(t->cut0 - t->off);
            }
            if (odp_buf_add(&t->head, b, k, &t->err) != ODP_OK) {
                return -1;
            }
        } else if (t->off < t->cut1) {
            if (t->cut1 - t->off < k) {
                k = (size_t)(t->cut1 - t->off);
            }
        } else if (odp_buf_add(&t->tail, b, k, &t->err) != ODP_OK) {
            return -1;
        }
        t->off += k;
        b += k;
        left -= k;
    }
    return (la_ssize_t)n;
}

/* Compresses `len` bytes as one frame onto fd (at its offset) or, with fd < 0, into mem. */
static int
put_frame(int fd, struct odp_buf *mem, const char *path, const char *p, size_t len,
          struct odp_err *err)
{
    struct zstream *z = NULL;
    int rc = zstream_open(fd, mem, path, &z, err);

    if (rc == ODP_OK) {
        rc = zstream_write(z, p, len, err);
    }
    if (rc == ODP_OK) {
        rc = zstream_close(z, err);
    }
    zstream_free(z);
    return rc;
}

static int
pwrite_all(int fd, const char *path, const void *p, size_t n, off_t off, struct odp_err *err)
{
    const char *b = p;

    while (n > 0) {
        ssize_t w = pwrite(fd, b, n, off);

        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w < 0) {
            return odp_err_sys(err, path, "cannot write");
        }
        b += w;
        n -= (size_t)w;
        off += w;
    }
    return ODP_OK;
}

/* Copies src[from..end) to fd at offset `to` and leaves fd's offset after it. */
static int
copy_range(int fd, const char *dst_path, off_t to, int in, const char *src, off_t from,
           struct odp_err *err)
{
    const size_t bs = (size_t)1 << 20;
    char *buf = malloc(bs);
    int rc = ODP_OK;

    if (buf == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    for (;;) {
        ssize_t r = pread(in, buf, bs, from);

        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r < 0) {
            rc = odp_err_sys(err, src, "cannot read");
        }
        if (r <= 0) {
            break;
        }
        rc = pwrite_all(fd, dst_path, buf, (size_t)r, to, err);
        if (rc != ODP_OK) {
            break;
        }
        from += r;
        to += r;
    }
    free(buf);
    if (rc == ODP_OK && lseek(fd, to, SEEK_SET) < 0) {
        rc = odp_err_sys(err, dst_path, "cannot seek");
    }
    return rc;
}

/*
 * Finishes a spliced .tar.zst around the payload frame, which the release wrote into
 * info->data_stream->path from offset TZST_HEAD_RESERVE: the head frame goes in front of it
 * and a zstd skippable frame fills the rest of the reserve (RFC 8878 3.1.2: decoders skip
 * it), the tail frame after it. That file becomes the archive (*fd, *tmp): the payload is
 * never copied. A head too big for the reserve is the rare case: then a new file gets the
 * head, a copy of the payload and the tail.
 */
static int
splice_tzst(const struct odp_pkg_info *info, const struct tarsplit *ts, const char *out_path,
            int *fd, char **tmp, struct odp_err *err)
{
    struct odp_buf head;
    const uint64_t reserve = TZST_HEAD_RESERVE;
    int pfd, rc;

    odp_buf_init(&head, (size_t)1 << 28);
    rc = put_frame(-1, &head, out_path, ts->head.p, ts->head.len, err);
    if (rc != ODP_OK) {
        odp_buf_release(&head);
        return rc;
    }
    pfd = open(info->data_stream->path, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
    if (pfd < 0) {
        odp_buf_release(&head);
        return odp_err_sys(err, info->data_stream->path, "cannot open");
    }
    if (head.len == reserve || head.len + 8 <= reserve) {
        uint8_t skip[8] = {0x5e, 0x2a, 0x4d, 0x18, 0, 0, 0, 0}; /* magic 0x184D2A5E, LE */
        uint64_t gap = reserve - head.len;

        rc = pwrite_all(pfd, info->data_stream->path, head.p, head.len, 0, err);
        if (rc == ODP_OK && gap > 0) {
            uint32_t n = (uint32_t)(gap - 8); /* zeros: the reserve was never written */

            skip[4] = (uint8_t)n;
            skip[5] = (uint8_t)(n >> 8);
            skip[6] = (uint8_t)(n >> 16);
            skip[7] = (uint8_t)(n >> 24);
            rc = pwrite_all(pfd, info->data_stream->path, skip, sizeof(skip), (off_t)head.len, err);
        }
        if (rc == ODP_OK && fchmod(pfd, 0644) != 0) {
            rc = odp_err_sys(err, info->data_stream->path, "cannot set mode");
        }
        if (rc == ODP_OK && lseek(pfd, 0, SEEK_END) < 0) {
            rc = odp_err_sys(err, info->data_stream->path, "cannot seek");
        }
        if (rc == ODP_OK) {
            *tmp = strdup(info->data_stream->path);
            rc = *tmp != NULL ? ODP_OK : odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
        if (rc != ODP_OK) {
            close(pfd);
        } else {
            *fd = pfd;
        }
    } else {
        *fd = odp_tmpfile_beside(out_path, tmp, err);
        rc = *fd < 0 ? ODP_EIO : pwrite_all(*fd, *tmp, head.p, head.len, 0, err);
        if (rc == ODP_OK) {
            rc = copy_range(*fd, *tmp, (off_t)head.len, pfd, info->data_stream->path, (off_t)reserve,
                            err);
        }
        close(pfd);
    }
    odp_buf_release(&head);
    if (rc == ODP_OK) {
        rc = put_frame(*fd, NULL, out_path, ts->tail.p, ts->tail.len, err);
    }
    return rc;
}

/*
 * The data file's entry in the plain tar stream of a spliced .tar.zst: its header (the
 * real size), then zeros that tarsplit_write drops: the cut [cut0, cut0 + size).
 */
static int
add_cut(struct archive *a, struct archive_entry *e, struct tarsplit *ts, uint64_t size,
        const char *apath, char *buf, size_t bufsize, struct odp_err *err)
{
    uint64_t left = size;

    archive_entry_set_size(e, (la_int64_t)size);
    if (archive_write_header(a, e) != ARCHIVE_OK) {
        return ar_err(a, apath, err);
    }
    ts->cut0 = (uint64_t)archive_filter_bytes(a, 0);
    ts->cut1 = ts->cut0 + size;
    memset(buf, 0, bufsize);
    while (left > 0) {
        size_t k = left < bufsize ? (size_t)left : bufsize;

        if (archive_write_data(a, buf, k) != (la_ssize_t)k) {
            return ar_err(a, apath, err);
        }
        left -= k;
    }
    return ODP_OK;
}

int
odp_bag_archive(const char *dir, const struct odp_pkg_info *info, enum odp_pkg_format fmt,
                const char *out_path, const struct odp_seckey *sk, struct odp_err *err)
{
    struct archive *a = NULL;
    struct archive_entry *e = NULL;
    struct odp_fent *v = NULL;
    size_t n = 0, i;
    char *tmp = NULL, *buf = NULL, *sig_path = NULL, *sig_tmp = NULL;
    char keyid[ODP_KEYID_HEXLEN + 1], trusted[1400];
    struct stat st;
    struct tarsplit ts;
    const struct pkg_writer *w = pkg_writer(fmt);
    int splice = w != NULL && w->streams && info != NULL && info->data_stream != NULL &&
                 info->data_stream->path != NULL;
    int fd = -1, rc;

    memset(&ts, 0, sizeof(ts));
    odp_buf_init(&ts.head, (size_t)1 << 28); /* tag files and metadata: small */
    odp_buf_init(&ts.tail, (size_t)1 << 28);
    ts.cut0 = ts.cut1 = UINT64_MAX;

    if (w == NULL || w->setup == NULL || info == NULL || info->package_name == NULL) {
        return odp_errf(err, ODP_EINVAL, NULL, "odp_bag_archive needs an archive format");
    }
    if (lstat(out_path, &st) == 0) {
        return odp_errf(err, ODP_EIO, &(struct odp_loc){out_path, 0, 0},
                        "output already exists; remove it or choose another name");
    }
    rc = odp_arlib_load(out_path, err);
    if (rc != ODP_OK) {
        return rc;
    }
    rc = odp_bag_list(dir, ODP_BAG_MAX_ENTRIES, &v, &n, err);
    if (rc != ODP_OK) {
        goto out;
    }
    buf = malloc(1u << 16);
    a = archive_write_new();
    e = archive_entry_new();
    if (buf == NULL || a == NULL || e == NULL) {
        rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        goto out;
    }
    if (splice) {
        /* The plain tar stream, unpadded as the compressed one is: see struct tarsplit. */
        if (archive_write_set_format_pax_restricted(a) != ARCHIVE_OK ||
            archive_write_set_bytes_in_last_block(a, 1) != ARCHIVE_OK) {
            rc = ar_err(a, out_path, err);
            goto out;
        }
    } else {
        rc = setup_writer(a, w, out_path, err);
        if (rc != ODP_OK) {
            goto out;
        }
    }
    if (!splice) {
        fd = odp_tmpfile_beside(out_path, &tmp, err);
        if (fd < 0) {
            rc = ODP_EIO;
            goto out;
        }
    }
    if ((splice ? archive_write_open2(a, &ts, NULL, tarsplit_write, NULL, NULL)
                : archive_write_open_fd(a, fd)) != ARCHIVE_OK) {
        rc = ar_err(a, out_path, err);
        goto out;
    }
    /* The top directory, then every entry under it. */
    for (i = 0; i <= n && rc == ODP_OK; i++) {
        const char *rel = i == 0 ? "" : v[i - 1].path;
        int is_dir = i == 0 ? 1 : v[i - 1].is_dir;
        char apath[ODP_BAG_MAX_PATH + 512];
        int k;

        k = snprintf(apath, sizeof(apath), "%s/%s", info->package_name, rel);
        if (k < 0 || (size_t)k >= sizeof(apath)) {
            rc = odp_errf(err, ODP_ELIMIT, NULL, "archive path too long");
            break;
        }
        if (is_dir && apath[k - 1] == '/') {
            apath[k - 1] = '\0';
        }
        archive_entry_clear(e);
        archive_entry_set_pathname(e, apath);
        archive_entry_set_mtime(e, (time_t)info->epoch, 0);
        archive_entry_set_uid(e, 0);
        archive_entry_set_gid(e, 0);
        if (is_dir) {
            archive_entry_set_filetype(e, AE_IFDIR);
            archive_entry_set_perm(e, 0755);
            archive_entry_set_size(e, 0);
            if (archive_write_header(a, e) != ARCHIVE_OK) {
                rc = ar_err(a, out_path, err);
            }
        } else {
            char *abs = odp_path_join(dir, rel);

            archive_entry_set_filetype(e, AE_IFREG);
            archive_entry_set_perm(e, 0644);
            if (abs == NULL) {
                rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
            } else if (splice && strcmp(rel, info->data_file) == 0) {
                rc = add_cut(a, e, &ts, info->data_bytes, out_path, buf, 1u << 16, err);
            } else {
                rc = add_file(a, e, abs, out_path, buf, 1u << 16, err);
            }
            free(abs);
        }
    }
    if (rc == ODP_OK && archive_write_close(a) != ARCHIVE_OK) {
        rc = ts.err.code != ODP_OK ? odp_errf(err, ts.err.code, NULL, "%s", ts.err.msg)
                                   : ar_err(a, out_path, err);
    }
    if (rc == ODP_OK && splice) {
        rc = ts.cut0 != UINT64_MAX
                 ? splice_tzst(info, &ts, out_path, &fd, &tmp, err)
                 : odp_errf(err, ODP_EINTERNAL, NULL, "the data file is not in the bag");
    }
    if (rc != ODP_OK) {
        goto out;
    }
    if (!info->no_sync && fsync(fd) != 0) {
        rc = odp_err_sys(err, tmp, "cannot sync");
        goto out;
    }
    if (close(fd) != 0) {
        fd = -1;
        rc = odp_err_sys(err, tmp, "cannot close");
        goto out;
    }
    fd = -1;
    if (sk != NULL) {
        size_t plen = strlen(out_path);

        sig_path = malloc(plen + 9);
        if (sig_path == NULL) {
            rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
            goto out;
        }
        memcpy(sig_path, out_path, plen);
        memcpy(sig_path + plen, ".minisig", 9);
        odp_seckey_id(sk, keyid);
        rc = trusted_comment(info, keyid, odp_basename(out_path), trusted, sizeof(trusted), err);
        if (rc != ODP_OK) {
            goto out;
        }
        {
            char *sig = NULL;
            int sfd;

            rc = odp_sign_file(sk, tmp, trusted, NULL, &sig, err);
            if (rc != ODP_OK) {
                goto out;
            }
            sfd = odp_tmpfile_beside(sig_path, &sig_tmp, err);
            if (sfd < 0) {
                free(sig);
                rc = ODP_EIO;
                goto out;
            }
            close(sfd);
            unlink(sig_tmp);
            rc = odp_write_file(sig_tmp, sig, strlen(sig), NULL, err);
            free(sig);
            if (rc != ODP_OK) {
                goto out;
            }
        }
    }
    if (sig_tmp != NULL) {
        /*
         * The signature first: an archive is never at its name without its .minisig
         * (verify --pubkey requires it). A kill between the two renames leaves only a
         * .minisig whose archive never appeared; the next run to this target replaces it.
         */
        if (rename(sig_tmp, sig_path) != 0) {
            rc = odp_err_sys(err, sig_path, "cannot rename the signature into place");
            goto out;
        }
        free(sig_tmp);
        sig_tmp = NULL;
    }
    /* and syncs the directory (both names), unless no_sync */
    rc = odp_rename_new(tmp, out_path, !info->no_sync, err);
    if (rc != ODP_OK) {
        if (sig_path != NULL) {
            unlink(sig_path); /* ours: no signature without its archive */
        }
        goto out;
    }
    free(tmp);
    tmp = NULL;
out:
    if (fd >= 0) {
        close(fd);
    }
    if (tmp != NULL) {
        unlink(tmp);
        free(tmp);
    }
    if (sig_tmp != NULL) {
        unlink(sig_tmp);
        free(sig_tmp);
    }
    free(sig_path);
    if (a != NULL) {
        archive_write_free(a);
    }
    odp_buf_release(&ts.head);
    odp_buf_release(&ts.tail);
    archive_entry_free(e);
    free(buf);
    odp_bag_list_free(v, n);
    return rc;
}
