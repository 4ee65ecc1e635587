/*
 * vbag.c - verify's view of a package: the list of its files and directories, each with
 * its size and every digest a manifest may name, and the bytes of the few tag files
 * verify reads (bagit.txt, bag-info.txt, manifests, fetch.txt, datapackage.json,
 * report.json, the data dictionary, the signature), capped.
 *
 * A directory is walked without following links (odp_bag_list); an archive is streamed
 * through the shared hostile-archive reader (pkgread.c), which supplies each entry's
 * SHA-256; nothing is extracted or written anywhere. When bag-info.txt streams by before
 * the payload, its Payload-Oxum bounds the payload bytes the entries may declare.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "fs.h"
#include "pkgread.h"
#include "verify_int.h"

#define BLOCK (1u << 16)

/* Tag files whose bytes verify reads. */
static int
wanted(const char *p)
{
    static const char *names[] = {"bagit.txt",
                                  "bag-info.txt",
                                  "fetch.txt",
                                  "datapackage.json",
                                  "report.json",
                                  "metadata/data-dictionary.csv",
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

void
odp_vbag_release(struct vbag *b)
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

struct vfile *
odp_vbag_file(struct vbag *b, const char *path)
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

int
odp_vbag_load_dir(struct vbag *b, const char *root, const struct odp_verify_opts *o,
                  struct odp_err *err)
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
    if (rc == ODP_OK && b->n > 1) {
        qsort(b->f, b->n, sizeof(*b->f), vfile_cmp);
    }
    return rc;
}

/* --- archives: read through pkgread, the shared hostile-archive reader --- */

struct vload {
    struct vbag *b;
    const struct odp_verify_opts *o;
    struct vfile *f; /* the file being streamed */
    struct sink s;
    int open;         /* s is started */
    uint64_t oxum;    /* Payload-Oxum octets once bag-info.txt went by, else UINT64_MAX */
    uint64_t payload; /* payload bytes declared so far */
};

/* bag-info.txt read before the payload bounds the payload by its Payload-Oxum. */
static void
note_oxum(struct vload *l, const struct vfile *f)
{
    char *ox;
    const char *dot;
    uint64_t v;

    if (strcmp(f->path, "bag-info.txt") != 0 || f->content == NULL) {
        return;
    }
    ox = odp_baginfo_get(f->content, f->clen, "Payload-Oxum");
    dot = ox != NULL ? strchr(ox, '.') : NULL;
    if (dot != NULL && odp_bag_parse_u64(ox, (size_t)(dot - ox), &v) == 0) {
        l->oxum = v;
    }
    free(ox);
}

static int
vl_entry(void *ctx, const struct odp_pkgent *e, struct odp_err *err)
{
    struct vload *l = ctx;
    int rc;

    l->f = bag_add(l->b, e->path, e->is_dir, l->o->max_entries, err);
    if (l->f == NULL) {
        return err->code;
    }
    if (e->is_dir) {
        return ODP_OK;
    }
    if (strncmp(e->path, "data/", 5) == 0 && e->declared > 0) {
        l->payload += (uint64_t)e->declared;
        if (l->payload > l->oxum) {
            size_t i;

            /* The likelier cause first: the same file twice. */
            for (i = 0; i + 1 < l->b->n; i++) {
                if (strcmp(l->b->f[i].path, e->path) == 0) {
                    return odp_errf(err, ODP_EVERIFY, NULL, "archive refused: duplicate entry");
                }
            }
            return odp_errf(err, ODP_ELIMIT, NULL,
                            "archive refused: the payload is larger than Payload-Oxum says");
        }
    }
    /* SHA-256 comes from the reader; the sink adds the other manifest algorithms. */
    rc = sink_start(&l->s, l->b, e->path, ODP_ALG_ALL & ~(1u << ODP_ALG_SHA256), err);
    l->open = 1;
    return rc;
}

static int
vl_data(void *ctx, const void *p, size_t n, struct odp_err *err)
{
    struct vload *l = ctx;

    return sink_data(&l->s, l->b, l->f->path, p, n, err);
}

static int
vl_end(void *ctx, const uint8_t sha256[32], uint64_t size, struct odp_err *err)
{
    struct vload *l = ctx;
    int rc = sink_end(&l->s, l->f, err);

    sink_release(&l->s);
    l->open = 0;
    memcpy(l->f->dig[ODP_ALG_SHA256], sha256, 32);
    l->f->mask |= 1u << ODP_ALG_SHA256;
    l->f->size = size;
    note_oxum(l, l->f);
    return rc;
}

int
odp_vbag_load_archive(struct vbag *b, const char *path, const struct odp_verify_opts *o,
                      size_t *odd_modes, struct odp_err *err)
{
    static const struct odp_pkgread_ops ops = {vl_entry, vl_data, vl_end};
    struct odp_pkgread_opts po;
    struct odp_pkgread_info info;
    struct vload l;
    int rc;

    memset(&l, 0, sizeof(l));
    l.b = b;
    l.o = o;
    l.oxum = UINT64_MAX;
    odp_pkgread_opts_init(&po);
    po.max_entries = o->max_entries;
    po.max_entry_bytes = o->max_entry_bytes;
    po.max_total_bytes = o->max_total_bytes;
    po.ratio_floor = o->ratio_after;
    po.max_ratio = o->max_ratio;
    po.progress = o->progress;
    po.progress_ctx = o->progress_ctx;
    rc = odp_pkgread(path, &po, &ops, &l, &info, err);
    if (l.open) {
        sink_release(&l.s);
    }
    b->top = info.top;
    *odd_modes = info.odd_modes;
    if (rc == ODP_OK && b->n > 1) {
        qsort(b->f, b->n, sizeof(*b->f), vfile_cmp);
    }
    return rc;
}
