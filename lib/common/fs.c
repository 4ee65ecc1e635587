/*
 * fs.c - temp dirs beside the target, no-replace renames, tree removal.
 *
 * Promises: nothing is written outside the target's directory; a final name appears
 * only by rename(2) of a complete, synced tree; a temp tree is removed on error.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs.h"
#include "sha256.h"

char *
odp_path_join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char *p = malloc(a + b + 2);

    if (p == NULL) {
        return NULL;
    }
    memcpy(p, dir, a);
    if (a > 0 && dir[a - 1] != '/') {
        p[a++] = '/';
    }
    memcpy(p + a, name, b + 1);
    return p;
}

char *
odp_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t n;
    char *p;

    if (slash == NULL) {
        return strdup(".");
    }
    n = slash == path ? 1 : (size_t)(slash - path);
    p = malloc(n + 1);
    if (p == NULL) {
        return NULL;
    }
    memcpy(p, path, n);
    p[n] = '\0';
    return p;
}

const char *
odp_basename(const char *path)
{
    const char *slash = strrchr(path, '/');

    return slash != NULL ? slash + 1 : path;
}

/*
 * The pid in ".odpub-tmp-<base>-<pid>-XXXXXX" (the base may hold '-' and digits, so the
 * name is read from its end), or 0 when the name is not one of ours.
 */
static unsigned long
stale_pid(const char *name)
{
    size_t n = strlen(name), plen = strlen(ODP_TMP_PREFIX), e, b;
    unsigned long pid = 0;

    if (strncmp(name, ODP_TMP_PREFIX, plen) != 0 || n < plen + 10 || name[n - 7] != '-') {
        return 0;
    }
    e = n - 7;
    for (b = e; b > plen && name[b - 1] >= '0' && name[b - 1] <= '9'; b--) {
    }
    if (b == e || b <= plen + 1 || name[b - 1] != '-' || e - b > 7) {
        return 0;
    }
    for (; b < e; b++) {
        pid = pid * 10 + (unsigned long)(name[b] - '0');
    }
    return pid <= 4194304 ? pid : 0;
}

/*
 * Removes every ".odpub-tmp-*" entry in `dir` left by an odpub process that is gone (a
 * kill -9, a crash): whatever its target was, so temporary output of killed runs never
 * piles up. An entry whose process still runs (or might: EPERM) is left alone.
 */
static void
clean_stale(const char *dir)
{
    DIR *d;
    struct dirent *e;

    d = opendir(dir);
    if (d == NULL) {
        return;
    }
    while ((e = readdir(d)) != NULL) {
        unsigned long pid = stale_pid(e->d_name);
        char *full;

        if (pid == 0 || (pid_t)pid == getpid()) {
            continue;
        }
        errno = 0;
        if (kill((pid_t)pid, 0) == 0 || errno == EPERM) {
            continue; /* its run is still going */
        }
        full = odp_path_join(dir, e->d_name);
        if (full != NULL) {
            odp_rmtree(full);
            free(full);
        }
    }
    closedir(d);
}

static char *
tmp_template(const char *target, struct odp_err *err)
{
    char *dir = odp_dirname(target);
    const char *base = odp_basename(target);
    char name[600];
    char *t;

    if (dir == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    if (strlen(base) > 400 || base[0] == '\0') {
        free(dir);
        odp_errf(err, ODP_EINVAL, NULL, "output name is empty or too long");
        return NULL;
    }
    clean_stale(dir);
    snprintf(name, sizeof(name), "%s%s-%ld-XXXXXX", ODP_TMP_PREFIX, base, (long)getpid());
    t = odp_path_join(dir, name);
    free(dir);
    if (t == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    return t;
}

char *
odp_tmpdir_beside(const char *target, struct odp_err *err)
{
    char *t = tmp_template(target, err);

    if (t == NULL) {
        return NULL;
    }
    if (mkdtemp(t) == NULL) {
        odp_err_sys(err, target, "cannot create a temporary directory beside the output");
        free(t);
        return NULL;
    }
    return t;
}

int
odp_tmpfile_beside(const char *target, char **tmp_path, struct odp_err *err)
{
    char *t = tmp_template(target, err);
    int fd;

    *tmp_path = NULL;
    if (t == NULL) {
        return -1;
    }
    fd = mkstemp(t);
    if (fd < 0) {
        odp_err_sys(err, target, "cannot create a temporary file beside the output");
        free(t);
        return -1;
    }
    if (fchmod(fd, 0644) != 0) {
        odp_err_sys(err, t, "cannot set mode");
        close(fd);
        unlink(t);
        free(t);
        return -1;
    }
    *tmp_path = t;
    return fd;
}

void
odp_rmtree(const char *path)
{
    struct stat st;
    DIR *d;
    struct dirent *e;

    if (lstat(path, &st) != 0) {
        return;
    }
    if (!S_ISDIR(st.st_mode)) {
        unlink(path);
        return;
    }
    d = opendir(path);
    if (d != NULL) {
        while ((e = readdir(d)) != NULL) {
            char *full;

            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
                continue;
            }
            full = odp_path_join(path, e->d_name);
            if (full != NULL) {
                odp_rmtree(full);
                free(full);
            }
        }
        closedir(d);
    }
    rmdir(path);
}

int
odp_fsync_dir(const char *dir, struct odp_err *err)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (fd < 0) {
        return odp_err_sys(err, dir, "cannot open directory");
    }
    if (fsync(fd) != 0 && errno != EINVAL) {
        close(fd);
        return odp_err_sys(err, dir, "cannot sync directory");
    }
    close(fd);
    return ODP_OK;
}

/* fsync of every regular file in the directory dfd (named path), of each subdirectory
 * after its own contents, then of dfd itself; closes dfd. Errors name the entry. */
static int
fsync_at(int dfd, const char *path, int depth, struct odp_err *err)
{
    DIR *d;
    struct dirent *e;
    int rc = ODP_OK;

    if (depth > 8) {
        close(dfd);
        return odp_errf(err, ODP_EIO, &(struct odp_loc){path, 0, 0},
                        "directory tree too deep to sync");
    }
    d = fdopendir(dfd);
    if (d == NULL) {
        rc = odp_err_sys(err, path, "cannot read directory");
        close(dfd);
        return rc;
    }
    while (rc == ODP_OK && (errno = 0, e = readdir(d)) != NULL) {
        struct stat st;
        char *sub;
        int fd;

        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
            continue;
        }
        sub = odp_path_join(path, e->d_name);
        if (sub == NULL) {
            rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
            break;
        }
        if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            rc = odp_err_sys(err, sub, "cannot stat");
        } else if (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)) { /* no FIFO: it would block */
            fd = openat(dirfd(d), e->d_name,
                        O_RDONLY | O_NOFOLLOW | O_CLOEXEC | (S_ISDIR(st.st_mode) ? O_DIRECTORY : 0));
            if (fd < 0) {
                rc = odp_err_sys(err, sub, "cannot open");
            } else if (S_ISDIR(st.st_mode)) {
                rc = fsync_at(fd, sub, depth + 1, err);
            } else {
                if (fsync(fd) != 0) {
                    rc = odp_err_sys(err, sub, "cannot sync");
                }
                close(fd);
            }
        }
        free(sub);
    }
    if (rc == ODP_OK && e == NULL && errno != 0) {
        rc = odp_err_sys(err, path, "cannot read directory");
    }
    if (rc == ODP_OK && fsync(dirfd(d)) != 0 && errno != EINVAL) {
        rc = odp_err_sys(err, path, "cannot sync directory");
    }
    closedir(d);
    return rc;
}

int
odp_fsync_tree(const char *dir, struct odp_err *err)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

    if (fd < 0) {
        return odp_err_sys(err, dir, "cannot open directory");
    }
    return fsync_at(fd, dir, 0, err);
}

int
odp_rename_new(const char *src, const char *dst, int sync, struct odp_err *err)
{
    char *dir;
    int rc;

    if (renameat2(AT_FDCWD, src, AT_FDCWD, dst, RENAME_NOREPLACE) != 0) {
        if (errno == EEXIST || errno == ENOTEMPTY) {
            return odp_errf(err, ODP_EIO, &(struct odp_loc){dst, 0, 0},
                            "output already exists; remove it or choose another name");
        }
        return odp_err_sys(err, dst, "cannot rename the finished output into place");
    }
    if (!sync) {
        return ODP_OK;
    }
    dir = odp_dirname(dst);
    if (dir == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    rc = odp_fsync_dir(dir, err);
    free(dir);
    return rc;
}

int
odp_create(const char *path, int mode, struct odp_err *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);

    if (fd < 0) {
        return odp_err_sys(err, path, "cannot create");
    }
    return fd;
}

int
odp_mkdirs(const char *path, struct odp_err *err)
{
    char buf[4096];
    size_t n = strlen(path);
    size_t i;

    if (n >= sizeof(buf)) {
        return odp_errf(err, ODP_ELIMIT, NULL, "path too long");
    }
    memcpy(buf, path, n + 1);
    for (i = 1; i <= n; i++) {
        if (buf[i] == '/' || buf[i] == '\0') {
            char c = buf[i];

            buf[i] = '\0';
            if (mkdir(buf, 0755) != 0 && errno != EEXIST) {
                return odp_err_sys(err, buf, "cannot create directory");
            }
            buf[i] = c;
        }
    }
    return ODP_OK;
}

int
odp_write_file(const char *path, const void *p, size_t n, uint8_t sha256[32],
               struct odp_err *err)
{
    return odp_write_file_sync(path, p, n, sha256, 1, err);
}

int
odp_write_all(int fd, const void *p, size_t n)
{
    const char *c = p;

    while (n > 0) {
        ssize_t w = write(fd, c, n);

        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            if (w == 0) {
                errno = EIO;
            }
            return -1;
        }
        c += w;
        n -= (size_t)w;
    }
    return 0;
}

int
odp_has_suffix(const char *s, const char *suffix, int icase)
{
    size_t n = strlen(s), m = strlen(suffix);

    if (n < m) {
        return 0;
    }
    return icase ? strcasecmp(s + n - m, suffix) == 0 : memcmp(s + n - m, suffix, m) == 0;
}

int
odp_write_file_sync(const char *path, const void *p, size_t n, uint8_t sha256[32], int sync,
                    struct odp_err *err)
{
    int fd = odp_create(path, 0644, err);

    if (fd < 0) {
        return ODP_EIO;
    }
    if (odp_write_all(fd, p, n) != 0) {
        int e = errno;

        close(fd);
        errno = e;
        return odp_err_sys(err, path, "cannot write");
    }
    if (sync == ODP_SYNC_LATER ? sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE) != 0
                               : sync != ODP_SYNC_NONE && fsync(fd) != 0) {
        close(fd);
        return odp_err_sys(err, path, "cannot sync");
    }
    if (close(fd) != 0) {
        return odp_err_sys(err, path, "cannot close");
    }
    if (sha256 != NULL) {
        odp_sha256_digest(p, n, sha256);
    }
    return ODP_OK;
}

int
odp_read_file(const char *path, size_t limit, char **out, size_t *len, struct odp_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    char *p = NULL;
    size_t n = 0, cap = 0;

    *out = NULL;
    *len = 0;
    if (fd < 0) {
        return odp_err_sys(err, path, "cannot open");
    }
    if (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
        close(fd);
        errno = S_ISDIR(st.st_mode) ? EISDIR : errno;
        return odp_err_sys(err, path, "cannot read");
    }
    for (;;) {
        ssize_t r;

        if (n + 65536 + 1 > cap) {
            size_t ncap = cap ? cap * 2 : 65536 + 1;
            char *np;

            if (ncap > limit + 65536 + 1) {
                ncap = limit + 65536 + 1;
            }
            np = realloc(p, ncap);
            if (np == NULL) {
                free(p);
                close(fd);
                return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
            }
            p = np;
            cap = ncap;
        }
        r = read(fd, p + n, cap - n - 1);
        if (r < 0) {
            if (errno == EINTR) {
                continue;
            }
            free(p);
            close(fd);
            return odp_err_sys(err, path, "cannot read");
        }
        if (r == 0) {
            break;
        }
        n += (size_t)r;
        if (n > limit) {
            free(p);
            close(fd);
            return odp_errf(err, ODP_ELIMIT, &(struct odp_loc){path, 0, 0},
                            "file larger than the limit of %zu bytes", limit);
        }
    }
    close(fd);
    p[n] = '\0';
    *out = p;
    *len = n;
    return ODP_OK;
}

int
odp_sha256_file(const char *path, uint8_t sha[32], uint64_t *size, struct odp_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    struct odp_sha256 md;
    char *buf = NULL;
    uint64_t total = 0;
    int rc = ODP_OK;

    if (fd < 0) {
        return odp_err_sys(err, path, "cannot open");
    }
    odp_sha256_init(&md);
    buf = malloc(1 << 20);
    if (buf == NULL) {
        rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        goto out;
    }
    for (;;) {
        ssize_t r = read(fd, buf, 1 << 20);

        if (r < 0) {
            if (errno == EINTR) {
                continue;
            }
            rc = odp_err_sys(err, path, "cannot read");
            goto out;
        }
        if (r == 0) {
            break;
        }
        total += (uint64_t)r;
        odp_sha256_update(&md, buf, (size_t)r);
    }
    odp_sha256_final(&md, sha);
    if (size != NULL) {
        *size = total;
    }
out:
    free(buf);
    memset(&md, 0, sizeof(md)); /* odp_sha256_final wipes it too, not on an error */
    close(fd);
    return rc;
}
