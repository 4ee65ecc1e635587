/*
 * extract.c - the two parts of a package archive that `odpub audit PKG.tar.zst` reads
 * (policy.yaml and data/NAME.csv), copied into a private directory.
 *
 * The archive is not trusted: it is read with libarchive from an fd (regular file, no
 * symlink followed), every entry name goes through odp_bag_path_problem and must sit
 * under one top-level directory, links, devices and other special entries are refused,
 * and output names are made here (DEST/policy.yaml, DEST/data/NAME.csv with NAME a
 * plain file name checked again), never taken from the archive as a path. A duplicate
 * is refused (O_EXCL). Expansion is bounded: more than 1 MiB written at over 1000 bytes
 * per compressed byte read, or entries declaring more than 1000 times the archive's
 * size (skipped ones are decompressed too), are refused as a bomb; zstd frames declaring a window over
 * 32 MiB are refused before decoding (odp_zstd_frames_ok). Every refusal is ODP_ESYNTAX
 * or ODP_ELIMIT naming the archive: unusable input, exit 2.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "bag_int.h"
#include "fs.h"
#include "extract.h"

#define EX_BLOCK (1u << 16)
#define EX_RATIO 1000u
#define EX_FREE ((uint64_t)1 << 20)
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

static int
refuse(const char *archive, const char *why, struct odp_err *err)
{
    return odp_errf(err, ODP_ESYNTAX, &(struct odp_loc){archive, 0, 0}, "%s", why);
}

/* Copies the current entry's data to a new file `out`, within the expansion bound. */
static int
copy_entry(struct archive *a, const char *archive, const char *out, uint64_t cap, uint64_t *total,
           char *buf, struct odp_err *err)
{
    int fd = odp_create(out, 0600, err);
    uint64_t n = 0;
    int rc = ODP_OK;

    if (fd < 0) {
        return errno == EEXIST ? refuse(archive, "archive holds an entry twice", err) : ODP_EIO;
    }
    for (;;) {
        la_ssize_t r = archive_read_data(a, buf, EX_BLOCK);
        const char *p = buf;

        if (r == 0) {
            break;
        }
        if (r < 0) {
            rc = odp_ar_fail(a, archive, "cannot read", err);
            break;
        }
        n += (uint64_t)r;
        *total += (uint64_t)r;
        if (n > cap) {
            rc = odp_errf(err, ODP_ELIMIT, &(struct odp_loc){archive, 0, 0},
                          "policy.yaml larger than 16 MiB refused");
            break;
        }
        if (*total > EX_FREE &&
            *total / EX_RATIO > (uint64_t)archive_filter_bytes(a, -1)) {
            rc = odp_errf(err, ODP_ELIMIT, &(struct odp_loc){archive, 0, 0},
                          "expands more than %u:1: refused (an archive bomb?)", EX_RATIO);
            break;
        }
        while (r > 0) {
            ssize_t w = write(fd, p, (size_t)r);

            if (w < 0 && errno == EINTR) {
                continue;
            }
            if (w < 0) {
                rc = odp_err_sys(err, out, "cannot write");
                break;
            }
            p += w;
            r -= w;
        }
        if (rc != ODP_OK) {
            break;
        }
    }
    if (close(fd) != 0 && rc == ODP_OK) {
        rc = odp_err_sys(err, out, "cannot close");
    }
    return rc;
}

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

int
odp_pkg_extract(const char *archive, const char *dest, struct odp_err *err)
{
    struct archive *a = NULL;
    struct archive_entry *e;
    char *buf = NULL, *top = NULL, *datadir = NULL;
    uint64_t total = 0, declared = 0;
    struct stat st;
    int fd, rc = ODP_OK, have_policy = 0, ndata = 0;

    fd = open(archive, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        return odp_err_sys(err, archive, "cannot open");
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return refuse(archive, "not a regular file", err);
    }
    rc = odp_zstd_frames_ok(fd, archive, err);
    buf = malloc(EX_BLOCK);
    datadir = odp_path_join(dest, "data");
    a = archive_read_new();
    if (rc == ODP_OK && (buf == NULL || datadir == NULL || a == NULL)) {
        rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    if (rc == ODP_OK && mkdir(datadir, 0700) != 0) {
        rc = odp_err_sys(err, datadir, "cannot create");
    }
    if (rc == ODP_OK &&
        (archive_read_support_format_tar(a) != ARCHIVE_OK ||
         archive_read_support_format_zip_streamable(a) != ARCHIVE_OK ||
         archive_read_support_filter_none(a) != ARCHIVE_OK ||
         archive_read_support_filter_gzip(a) != ARCHIVE_OK ||
         archive_read_support_filter_zstd(a) != ARCHIVE_OK ||
         archive_read_open_fd(a, fd, EX_BLOCK) != ARCHIVE_OK)) {
        rc = odp_ar_fail(a, archive, "cannot read", err);
    }
    while (rc == ODP_OK) {
        char name[ODP_BAG_MAX_PATH + 2];
        const char *apath, *why, *rel, *dn;
        size_t n, tl;
        int r = archive_read_next_header(a, &e);

        if (r == ARCHIVE_EOF) {
            break;
        }
        if (r != ARCHIVE_OK) {
            rc = odp_ar_fail(a, archive, "cannot read", err);
            break;
        }
        apath = archive_entry_pathname(e);
        n = apath != NULL ? strlen(apath) : 0;
        if (n == 0 || n > ODP_BAG_MAX_PATH) {
            rc = refuse(archive, "archive entry with an empty or too long name", err);
            break;
        }
        memcpy(name, apath, n + 1);
        if (n > 1 && name[n - 1] == '/') {
            name[--n] = '\0';
        }
        why = odp_bag_path_problem(name);
        if (why != NULL || strpbrk(name, "\r\n") != NULL) {
            rc = odp_errf(err, ODP_ESYNTAX, &(struct odp_loc){archive, 0, 0},
                          "archive entry refused: %s", why != NULL ? why : "line break in name");
            break;
        }
        tl = strcspn(name, "/");
        if (top == NULL) {
            top = strndup(name, tl);
            if (top == NULL) {
                rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
                break;
            }
        } else if (strlen(top) != tl || memcmp(top, name, tl) != 0) {
            rc = refuse(archive, "archive must hold a single top-level directory", err);
            break;
        }
        if (archive_entry_hardlink(e) != NULL || archive_entry_symlink(e) != NULL ||
            (archive_entry_filetype(e) != AE_IFREG && archive_entry_filetype(e) != AE_IFDIR)) {
            rc = refuse(archive, "archive entry refused: not a regular file or directory", err);
            break;
        }
        /* Skipped entries are decompressed too: bound the whole archive's declared
         * contents by the same ratio against its size on disk. */
        if (archive_entry_size_is_set(e) && archive_entry_size(e) > 0) {
            declared += (uint64_t)archive_entry_size(e);
        }
        if (declared > EX_FREE && declared / EX_RATIO > (uint64_t)st.st_size) {
            rc = odp_errf(err, ODP_ELIMIT, &(struct odp_loc){archive, 0, 0},
                          "expands more than %u:1: refused (an archive bomb?)", EX_RATIO);
            break;
        }
        rel = name[tl] == '/' ? name + tl + 1 : "";
        if (archive_entry_filetype(e) == AE_IFREG && strcmp(rel, "policy.yaml") == 0) {
            char *out = odp_path_join(dest, "policy.yaml");

            rc = out != NULL ? copy_entry(a, archive, out, EX_POLICY_MAX, &total, buf, err)
                             : odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
            free(out);
            have_policy = 1;
        } else if (archive_entry_filetype(e) == AE_IFREG && strcmp(rel, "report.json") == 0) {
            /* for `odpub diff` and `release --previous` (same cap as the policy) */
            char *out = odp_path_join(dest, "report.json");

            rc = out != NULL ? copy_entry(a, archive, out, EX_POLICY_MAX, &total, buf, err)
                             : odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
            free(out);
        } else if (archive_entry_filetype(e) == AE_IFREG && (dn = data_name(rel)) != NULL) {
            char *out = odp_path_join(datadir, dn);

            rc = out != NULL ? copy_entry(a, archive, out, UINT64_MAX, &total, buf, err)
                             : odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
            free(out);
            ndata++;
        } else if (archive_read_data_skip(a) != ARCHIVE_OK) {
            rc = odp_ar_fail(a, archive, "cannot read", err);
        }
    }
    if (rc == ODP_OK && (!have_policy || ndata == 0)) {
        rc = refuse(archive,
                    have_policy ? "not an odpub package: no data/*.csv"
                                : "not an odpub package: no policy.yaml",
                    err);
    }
    if (a != NULL) {
        archive_read_free(a);
    }
    close(fd);
    free(buf);
    free(top);
    free(datadir);
    return rc;
}
