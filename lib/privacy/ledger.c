/*
 * ledger.c - the epsilon ledger (ledger.h): flock'ed, atomically replaced JSON.
 *
 * Promises: every update happens under an exclusive lock on LEDGER.lock and replaces
 * the ledger by rename(2) of a complete, fsync'ed temp file, so a reader or a killed
 * run sees either the old or the new ledger, never a mix; amounts add up exactly.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "fs.h"
#include "json.h"
#include "ledger.h"
#include "rational.h"

char *
odp_ledger_path(const struct odp_dp_policy *d, int *oom)
{
    char *dir, *p;
    const char *rel;

    *oom = 0;
    if (d == NULL || d->ledger == NULL) {
        return NULL;
    }
    if (strncmp(d->ledger, "env:", 4) == 0) {
        rel = getenv(d->ledger + 4);
        if (rel == NULL || rel[0] == '\0') {
            return NULL;
        }
        p = strdup(rel);
        *oom = p == NULL;
        return p;
    }
    if (strncmp(d->ledger, "file:", 5) != 0) {
        return NULL;
    }
    rel = d->ledger + 5;
    if (rel[0] == '/') {
        p = strdup(rel);
    } else {
        dir = odp_dirname(d->path != NULL ? d->path : ".");
        p = dir != NULL ? odp_path_join(dir, rel) : NULL;
        free(dir);
    }
    *oom = p == NULL;
    return p;
}

/* ---- lock ------------------------------------------------------------------------ */

static int
lock_open(const char *path, struct odp_err *err)
{
    size_t n = strlen(path) + sizeof(".lock");
    char *lp = malloc(n);
    int fd;

    if (lp == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    snprintf(lp, n, "%s.lock", path);
    fd = open(lp, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        odp_err_sys(err, lp, "cannot open the ledger lock");
        free(lp);
        return ODP_EIO;
    }
    while (flock(fd, LOCK_EX) != 0) {
        if (errno != EINTR) {
            odp_err_sys(err, lp, "cannot lock the ledger");
            close(fd);
            free(lp);
            return ODP_EIO;
        }
    }
    free(lp);
    return fd;
}

static void
lock_close(int fd)
{
    if (fd >= 0) {
        (void)flock(fd, LOCK_UN);
        close(fd);
    }
}

/* ---- reading ------------------------------------------------------------------- */

static int
bad(const char *path, struct odp_err *err, const char *what)
{
    return odp_errf(err, ODP_ESCHEMA, &(struct odp_loc){path, 0, 0},
                    "not an odpub epsilon ledger: %s (fix or move the file; it is the "
                    "record of the privacy budget already spent)",
                    what);
}

/* Member `name` of o as an exact positive-or-zero rational. */
static int
member_rational(const char *path, const cJSON *o, const char *name, int nullable, uint64_t *num,
                uint64_t *den, struct odp_err *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

    if (nullable && (v == NULL || cJSON_IsNull(v))) {
        *num = 0;
        *den = 1;
        return ODP_OK;
    }
    if (!cJSON_IsString(v) ||
        odp_rational_parse(v->valuestring, strlen(v->valuestring), num, den, NULL) != ODP_OK) {
        char what[96];

        snprintf(what, sizeof(what), "'%s' is not a decimal number in a string", name);
        return bad(path, err, what);
    }
    return ODP_OK;
}

/*
 * Reads the ledger (an absent file is an empty ledger: *root NULL) and its digest.
 */
static int
ledger_read(const char *path, cJSON **root, char sha_hex[65], struct odp_err *err)
{
    char *text = NULL;
    size_t len = 0;
    uint8_t sha[32];
    unsigned int dl = 0;
    struct stat st;
    int rc;

    *root = NULL;
    if (lstat(path, &st) != 0) {
        if (errno != ENOENT) {
            return odp_err_sys(err, path, "cannot read the ledger");
        }
        if (EVP_Digest("", 0, sha, &dl, EVP_sha256(), NULL) != 1) {
            return odp_errf(err, ODP_EINTERNAL, NULL, "SHA-256 failed");
        }
        odp_hex(sha, 32, sha_hex);
        return ODP_OK;
    }
    if (!S_ISREG(st.st_mode)) {
        return odp_errf(err, ODP_EIO, &(struct odp_loc){path, 0, 0},
                        "the ledger must be a regular file (not a link or directory)");
    }
    rc = odp_read_file(path, ODP_LEDGER_MAX_BYTES, &text, &len, err);
    if (rc < 0) {
        return rc;
    }
    if (EVP_Digest(text, len, sha, &dl, EVP_sha256(), NULL) != 1) {
        free(text);
        return odp_errf(err, ODP_EINTERNAL, NULL, "SHA-256 failed");
    }
    odp_hex(sha, 32, sha_hex);
    *root = cJSON_ParseWithLength(text, len);
    free(text);
    if (*root == NULL) {
        return odp_errf(err, ODP_ESYNTAX, &(struct odp_loc){path, 0, 0},
                        "the ledger is not valid JSON");
    }
    return ODP_OK;
}

/* Checks the shape; fills the total and the sums of the entries. */
static int
ledger_check(const char *path, const cJSON *root, uint64_t tot[2], uint64_t eps[2], uint64_t del[2],
             uint64_t *nentries, struct odp_err *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "odpub_ledger");
    const cJSON *entries = cJSON_GetObjectItemCaseSensitive(root, "entries");
    const cJSON *e;
    uint64_t n, d;
    int rc;

    if (!cJSON_IsObject(root) || !cJSON_IsNumber(v) || v->valuedouble != 1) {
        return bad(path, err, "no \"odpub_ledger\": 1");
    }
    rc = member_rational(path, root, "total_epsilon", 0, &tot[0], &tot[1], err);
    if (rc < 0) {
        return rc;
    }
    if (!cJSON_IsArray(entries)) {
        return bad(path, err, "'entries' is not an array");
    }
    eps[0] = 0;
    eps[1] = 1;
    del[0] = 0;
    del[1] = 1;
    *nentries = 0;
    cJSON_ArrayForEach(e, entries)
    {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(e, "id");

        if (!cJSON_IsObject(e) || !cJSON_IsString(id)) {
            return bad(path, err, "an entry is not an object with an 'id'");
        }
        rc = member_rational(path, e, "epsilon", 0, &n, &d, err);
        if (rc == ODP_OK) {
            rc = odp_rational_add(eps[0], eps[1], n, d, &eps[0], &eps[1], err);
        }
        if (rc == ODP_OK) {
            rc = member_rational(path, e, "delta", 1, &n, &d, err);
        }
        if (rc == ODP_OK) {
            rc = odp_rational_add(del[0], del[1], n, d, &del[0], &del[1], err);
        }
        if (rc < 0) {
            return rc;
        }
        (*nentries)++;
    }
    return ODP_OK;
}

/* ---- writing ------------------------------------------------------------------- */

static int
ledger_write(const char *path, const cJSON *root, struct odp_err *err)
{
    char *text = odp_json_render(root);
    char *tmp = NULL, *dir = NULL;
    int fd, rc = ODP_OK;
    size_t len, off = 0;
    ssize_t w;

    if (text == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    len = strlen(text);
    fd = odp_tmpfile_beside(path, &tmp, err);
    if (fd < 0) {
        free(text);
        return ODP_EIO;
    }
    while (off < len) {
        w = write(fd, text + off, len - off);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            rc = odp_err_sys(err, tmp, "cannot write the ledger");
            break;
        }
        off += (size_t)w;
    }
    if (rc == ODP_OK && fsync(fd) != 0) {
        rc = odp_err_sys(err, tmp, "cannot sync the ledger");
    }
    if (close(fd) != 0 && rc == ODP_OK) {
        rc = odp_err_sys(err, tmp, "cannot close the ledger");
    }
    if (rc == ODP_OK && rename(tmp, path) != 0) {
        rc = odp_err_sys(err, path, "cannot replace the ledger");
    }
    if (rc < 0) {
        unlink(tmp);
    } else {
        dir = odp_dirname(path);
        rc = dir != NULL ? odp_fsync_dir(dir, err)
                         : odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    free(dir);
    free(tmp);
    free(text);
    return rc;
}

static void
fmt(uint64_t n, uint64_t d, char out[64])
{
    if (odp_rational_format(n, d, out, 64) < 0) {
        snprintf(out, 64, "?");
    }
}

static int
new_id(char id[33], struct odp_err *err)
{
    uint8_t b[16];

    if (RAND_bytes(b, sizeof(b)) != 1) {
        return odp_errf(err, ODP_EINTERNAL, NULL, "cannot draw a random ledger entry id");
    }
    odp_hex(b, sizeof(b), id);
    return ODP_OK;
}

static int
add_entry(cJSON *entries, const struct odp_dp_policy *d, const char *id, const char *dataset,
          const char *release, const char *date)
{
    cJSON *e = cJSON_CreateObject();
    int rc = ODP_OK;

    if (e == NULL || !cJSON_AddItemToArray(entries, e)) {
        cJSON_Delete(e);
        return ODP_ENOMEM;
    }
    rc |= odp_json_add_str(e, "id", id);
    rc |= odp_json_add_str(e, "dataset", dataset);
    rc |= odp_json_add_str(e, "release", release);
    rc |= odp_json_add_str(e, "date", date);
    rc |= odp_json_add_str(
        e, "mechanism", d->mechanism == ODP_DP_GAUSSIAN ? "discrete_gaussian" : "discrete_laplace");
    rc |= odp_json_add_str(e, "epsilon", d->epsilon);
    rc |= odp_json_add_str(e, "delta", d->delta);
    rc |= odp_json_add_str(e, "status", "reserved");
    rc |= odp_json_add_str(e, "package_sha256", NULL);
    return rc == ODP_OK ? ODP_OK : ODP_ENOMEM;
}

int
odp_ledger_reserve(const char *path, const struct odp_dp_policy *d, const char *dataset,
                   const char *release, const char *date, char id[33], struct odp_ledger_state *st,
                   struct odp_err *err)
{
    cJSON *root = NULL, *entries;
    uint64_t tot[2], eps[2], del[2], after[2], dafter[2], left[2], n = 0;
    char a[64], b[64];
    int lk, rc;

    memset(st, 0, sizeof(*st));
    lk = lock_open(path, err);
    if (lk < 0) {
        return lk;
    }
    rc = ledger_read(path, &root, st->ledger_sha256, err);
    if (rc == ODP_OK && root == NULL) {
        /* a new ledger takes its total from the policy */
        root = cJSON_CreateObject();
        rc = root == NULL ? ODP_ENOMEM : ODP_OK;
        rc |= root != NULL && cJSON_AddNumberToObject(root, "odpub_ledger", 1) == NULL;
        rc |= root != NULL ? odp_json_add_str(root, "total_epsilon", d->total_epsilon) : 0;
        rc |= root != NULL ? odp_json_add_str(root, "composition", "sequential") : 0;
        if (rc == ODP_OK && cJSON_AddArrayToObject(root, "entries") == NULL) {
            rc = ODP_ENOMEM;
        }
        if (rc != ODP_OK) {
            rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
    }
    if (rc == ODP_OK) {
        rc = ledger_check(path, root, tot, eps, del, &n, err);
    }
    if (rc == ODP_OK && odp_rational_cmp(tot[0], tot[1], d->total_num, d->total_den) != 0) {
        fmt(tot[0], tot[1], a);
        rc = odp_errf(err, ODP_EPOLICY, &(struct odp_loc){d->path, d->ledger_line, d->ledger_col},
                      "the ledger's total_epsilon is %s but the policy says %s: a budget is "
                      "changed in the ledger file itself, by whoever owns it",
                      a, d->total_epsilon);
    }
    if (rc == ODP_OK) {
        rc = odp_rational_add(eps[0], eps[1], d->eps_num, d->eps_den, &after[0], &after[1], err);
    }
    if (rc == ODP_OK) {
        rc = odp_rational_add(del[0], del[1], d->delta != NULL ? d->delta_num : 0,
                              d->delta != NULL ? d->delta_den : 1, &dafter[0], &dafter[1], err);
    }
    if (rc == ODP_OK && odp_rational_cmp(after[0], after[1], tot[0], tot[1]) > 0) {
        fmt(eps[0], eps[1], a);
        fmt(tot[0], tot[1], b);
        rc = odp_errf(err, ODP_EVERIFY, &(struct odp_loc){path, 0, 0},
                      "privacy budget exceeded: this release would spend epsilon %s, but %s of "
                      "the total %s is already spent by %llu release(s) (sequential "
                      "composition); nothing was written",
                      d->epsilon, a, b, (unsigned long long)n);
    }
    if (rc == ODP_OK) {
        rc = new_id(id, err);
    }
    if (rc == ODP_OK) {
        entries = cJSON_GetObjectItemCaseSensitive(root, "entries");
        rc = add_entry(entries, d, id, dataset, release, date);
        if (rc != ODP_OK) {
            rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
    }
    if (rc == ODP_OK) {
        rc = ledger_write(path, root, err);
    }
    if (rc == ODP_OK) {
        rc = odp_rational_sub(tot[0], tot[1], after[0], after[1], &left[0], &left[1], err);
    }
    if (rc == ODP_OK) {
        fmt(tot[0], tot[1], st->total);
        fmt(eps[0], eps[1], st->spent_before);
        fmt(after[0], after[1], st->spent_after);
        fmt(left[0], left[1], st->remaining);
        fmt(dafter[0], dafter[1], st->delta_after);
        st->releases_before = n;
    }
    cJSON_Delete(root);
    lock_close(lk);
    return rc;
}

/* Applies `commit` (digest) or cancel (NULL) to entry id. */
static int
finish(const char *path, const char *id, const char *sha, struct odp_err *err)
{
    cJSON *root = NULL, *entries, *e;
    char digest[65];
    uint64_t tot[2], eps[2], del[2], n;
    int lk, rc, found = 0;

    lk = lock_open(path, err);
    if (lk < 0) {
        return lk;
    }
    rc = ledger_read(path, &root, digest, err);
    if (rc == ODP_OK && root == NULL) {
        rc = odp_errf(err, ODP_EIO, &(struct odp_loc){path, 0, 0},
                      "the ledger disappeared during the release");
    }
    if (rc == ODP_OK) {
        rc = ledger_check(path, root, tot, eps, del, &n, err);
    }
    if (rc == ODP_OK) {
        entries = cJSON_GetObjectItemCaseSensitive(root, "entries");
        for (e = entries->child; e != NULL && !found; e = e->next) {
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, "id");

            if (!cJSON_IsString(v) || strcmp(v->valuestring, id) != 0) {
                continue;
            }
            found = 1;
            if (sha == NULL) {
                cJSON_Delete(cJSON_DetachItemViaPointer(entries, e));
                break;
            }
            if (!cJSON_ReplaceItemInObjectCaseSensitive(e, "status",
                                                        cJSON_CreateString("published")) ||
                !cJSON_ReplaceItemInObjectCaseSensitive(e, "package_sha256",
                                                        cJSON_CreateString(sha))) {
                rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
            }
        }
        if (rc == ODP_OK && !found) {
            rc = odp_errf(err, ODP_EIO, &(struct odp_loc){path, 0, 0},
                          "this release's ledger entry is gone (was the ledger edited during "
                          "the release?)");
        }
    }
    if (rc == ODP_OK) {
        rc = ledger_write(path, root, err);
    }
    cJSON_Delete(root);
    lock_close(lk);
    return rc;
}

int
odp_ledger_commit(const char *path, const char *id, const char *package_sha256, struct odp_err *err)
{
    return finish(path, id, package_sha256 != NULL ? package_sha256 : "", err);
}

int
odp_ledger_cancel(const char *path, const char *id, struct odp_err *err)
{
    return finish(path, id, NULL, err);
}
