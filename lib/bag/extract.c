/*
 * extract.c - the two parts of a package archive that `odpub audit PKG.tar.zst` reads
 * (policy.yaml, report.json and data/NAME.csv), copied into a private directory.
 *
 * The archive is read by the shared hostile-archive reader (pkgread.h), under the same
 * rules as `odpub verify`: one top directory, safe names, regular files and directories
 * only (a zip is read through its central directory, where its links and modes are),
 * size and ratio caps from the first header. Output names are made here
 * (DEST/policy.yaml, DEST/data/NAME.csv with NAME a plain file name checked again),
 * never taken from the archive as a path; a duplicate is refused (O_EXCL). Every refusal
 * is ODP_ESYNTAX or ODP_ELIMIT naming the archive: unusable input, exit 2.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bag_int.h"
#include "fs.h"
#include "extract.h"
#include "pkgread.h"

#define EX_POLICY_MAX ((uint64_t)16 << 20)

int
odp_pkg_is_archive(const char *path)
{
    static const char *ext[] = {".zip", ".tar", ".tar.gz", ".tgz", ".tar.zst", ".tzst"};
    size_t n = strlen(path), i;

    for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
        size_t k = strlen(ext[i]);

        if (n > k && strcmp(path + n - k, ext[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

struct xctx {
    const char *archive, *dest, *datadir;
    int fd;            /* the file being written, or -1 */
    char *out;         /* its path */
    uint64_t n, cap;   /* bytes written to it, its cap */
    int have_policy, ndata;
};

/* "data/NAME.csv" with NAME a plain file name: NAME.csv, else NULL. */
static const char *
data_name(const char *rel)
{
    const char *name;
    size_t n;

    if (strncmp(rel, "data/", 5) != 0) {
        return NULL;
    }
    name = rel + 5;
    n = strlen(name);
    if (n < 5 || strchr(name, '/') != NULL || name[0] == '.' || strcmp(name + n - 4, ".csv") != 0) {
        return NULL;
    }
    return name;
}

/* Output names are made here, never taken from the archive as a path. */
static int
x_entry(void *ctx, const struct odp_pkgent *e, struct odp_err *err)
{
    struct xctx *x = ctx;
    const char *dn = NULL;

    if (e->is_dir) {
        return ODP_PKG_SKIP;
    }
    if (strcmp(e->path, "policy.yaml") == 0) {
        x->out = odp_path_join(x->dest, "policy.yaml");
        x->cap = EX_POLICY_MAX;
        x->have_policy = 1;
    } else if (strcmp(e->path, "report.json") == 0) {
        /* for `odpub diff` and `release --previous` (same cap as the policy) */
        x->out = odp_path_join(x->dest, "report.json");
        x->cap = EX_POLICY_MAX;
    } else if ((dn = data_name(e->path)) != NULL) {
        x->out = odp_path_join(x->datadir, dn);
        x->cap = UINT64_MAX;
        x->ndata++;
    } else {
        return ODP_PKG_SKIP;
    }
    if (x->out == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    x->n = 0;
    x->fd = odp_create(x->out, 0600, err);
    return x->fd >= 0 ? ODP_OK : ODP_EIO;
}

static int
x_data(void *ctx, const void *p, size_t n, struct odp_err *err)
{
    struct xctx *x = ctx;
    const char *b = p;

    x->n += n;
    if (x->n > x->cap) {
        return odp_errf(err, ODP_ELIMIT, &(struct odp_loc){x->archive, 0, 0},
                        "%s larger than 16 MiB refused", odp_basename(x->out));
    }
    while (n > 0) {
        ssize_t w = write(x->fd, b, n);

        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w < 0) {
            return odp_err_sys(err, x->out, "cannot write");
        }
        b += w;
        n -= (size_t)w;
    }
    return ODP_OK;
}

static int
x_close(struct xctx *x, struct odp_err *err)
{
    int rc = ODP_OK;

    if (x->fd >= 0 && close(x->fd) != 0) {
        rc = odp_err_sys(err, x->out, "cannot close");
    }
    x->fd = -1;
    free(x->out);
    x->out = NULL;
    return rc;
}

static int
x_end(void *ctx, const uint8_t sha256[32], uint64_t size, struct odp_err *err)
{
    (void)sha256;
    (void)size;
    return x_close(ctx, err);
}

int
odp_pkg_extract(const char *archive, const char *dest, struct odp_err *err)
{
    static const struct odp_pkgread_ops ops = {x_entry, x_data, x_end};
    struct odp_pkgread_info info;
    struct xctx x;
    char *datadir = odp_path_join(dest, "data");
    int rc;

    memset(&x, 0, sizeof(x));
    x.fd = -1;
    x.archive = archive;
    x.dest = dest;
    x.datadir = datadir;
    if (datadir == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    if (mkdir(datadir, 0700) != 0) {
        rc = odp_err_sys(err, datadir, "cannot create");
        free(datadir);
        return rc;
    }
    rc = odp_pkgread(archive, NULL, &ops, &x, &info, err);
    x_close(&x, NULL);
    free(info.top);
    free(datadir);
    if (rc == ODP_EVERIFY) {
        /* For audit a refused archive is unusable input (exit 2), as a corrupt one is. */
        err->code = ODP_ESYNTAX;
        return ODP_ESYNTAX;
    }
    if (rc == ODP_OK && (!x.have_policy || x.ndata == 0)) {
        rc = odp_errf(err, ODP_ESYNTAX, &(struct odp_loc){archive, 0, 0}, "%s",
                      x.have_policy ? "not an odpub package: no data/*.csv"
                                    : "not an odpub package: no policy.yaml");
    }
    return rc;
}
