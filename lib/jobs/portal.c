/*
 * portal.c - `odpub portal`: a static catalog site built from verified packages.
 *
 * Each package archive and its detached .minisig are first copied into the site's temp
 * dir, and that copy (the bytes the site will serve) is verified with
 * odp_verify_package against the agency key; any failure refuses the whole build and
 * the temp dir is removed. The verified archive is then read once more with libarchive,
 * taking only the few files the pages need by their exact names (metadata, report,
 * dictionary) under a size cap and streaming the one CSV payload to downloads/. Nothing
 * is ever extracted by an entry's own name.
 *
 * Promises: every string from a package reaches HTML only through odp_html_escape (and
 * JSON only through the JSON renderer); pages carry no inline script, so a strict
 * Content-Security-Policy holds; the output is a function of the packages, the key and
 * the options alone (datasets sorted by package name, no clock, no absolute paths);
 * only public material is read (a public key, published package files), so no secret
 * can reach the site; errors name files, never file content.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "fs.h"
#include "odp/diff.h"
#include "odp/portal.h"
#include "odp/verify.h"
#include "portal_assets.h"
#include "portal_int.h"
#include "sign.h"

void
odp_portal_opts_init(struct odp_portal_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->preview_rows = 20;
}

/* A name we are willing to use as a file name: [A-Za-z0-9._+-], alnum first. */
static int
safe_name(const char *s)
{
    size_t i, n = strlen(s);

    if (n == 0 || n > NAME_MAX_LEN) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        char c = s[i];
        int alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');

        if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-' && c != '+'))) {
            return 0;
        }
    }
    return 1;
}

const char *
portal_jstr(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

    return cJSON_IsString(v) && v->valuestring != NULL ? v->valuestring : NULL;
}

int64_t
portal_jint(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

    if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 9007199254740992.0) {
        return -1;
    }
    return (int64_t)v->valuedouble;
}

const cJSON *
portal_jobj(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

    return cJSON_IsObject(v) ? v : NULL;
}

const char *
portal_or_empty(const char *s)
{
    return s != NULL ? s : "";
}

const char *
portal_pkg_title(const struct pkg *k)
{
    const char *t = portal_jstr(k->portal, "name");

    return t != NULL && t[0] != '\0' ? t : k->name;
}

const char *
portal_pkg_agency(const struct pkg *k)
{
    const char *a = portal_jstr(k->portal, "attribution");

    if (a == NULL) {
        a = portal_jstr(
            portal_jobj(portal_jobj(portal_jobj(k->portal, "metadata"), "custom_fields"),
                        "Dataset Information"),
            "Agency");
    }
    return portal_or_empty(a);
}

const char *
portal_pkg_freq(const struct pkg *k)
{
    return portal_or_empty(portal_jstr(
        portal_jobj(portal_jobj(portal_jobj(k->portal, "metadata"), "custom_fields"), "Update"),
        "Update Frequency"));
}

const char *
portal_pkg_date(const struct pkg *k)
{
    return portal_or_empty(portal_jstr(k->report, "release_date"));
}

int64_t
portal_pkg_rows(const struct pkg *k)
{
    return portal_jint(portal_jobj(k->report, "rows"), "out");
}

static int
copy_file(const char *src, const char *dst, size_t limit, struct odp_err *err)
{
    char buf[65536];
    struct stat st;
    uint64_t total = 0;
    int in, out, rc = ODP_OK;

    in = open(src, O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        return odp_err_sys(err, src, "cannot open");
    }
    if (fstat(in, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(in);
        return odp_errf(err, ODP_EINVAL, &(struct odp_loc){src, 0, 0},
                        "not a regular file (the portal takes package archives)");
    }
    out = odp_create(dst, 0644, err);
    if (out < 0) {
        close(in);
        return ODP_EIO;
    }
    for (;;) {
        ssize_t r = read(in, buf, sizeof(buf));
        size_t off = 0;

        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r < 0) {
            rc = odp_err_sys(err, src, "cannot read");
            break;
        }
        if (r == 0) {
            break;
        }
        total += (uint64_t)r;
        if (limit != 0 && total > limit) {
            rc = odp_errf(err, ODP_ELIMIT, &(struct odp_loc){src, 0, 0}, "file too large");
            break;
        }
        while (off < (size_t)r) {
            ssize_t w = write(out, buf + off, (size_t)r - off);

            if (w < 0 && errno == EINTR) {
                continue;
            }
            if (w < 0) {
                rc = odp_err_sys(err, dst, "cannot write");
                break;
            }
            off += (size_t)w;
        }
        if (rc != ODP_OK) {
            break;
        }
    }
    close(in);
    if (rc == ODP_OK && fsync(out) != 0) {
        rc = odp_err_sys(err, dst, "cannot sync");
    }
    if (close(out) != 0 && rc == ODP_OK) {
        rc = odp_err_sys(err, dst, "cannot close");
    }
    return rc;
}

static int
check_verified(struct pkg *k, int vrc, struct odp_verify_result *vr, const struct odp_err *verr,
               struct odp_portal_result *res, struct odp_err *err)
{
    const struct odp_loc loc = {k->src, 0, 0};
    size_t i;
    int archive_sig = 0;

    if (vr != NULL) {
        for (i = 0; i < vr->nchecks; i++) {
            if (strcmp(vr->checks[i].check, "archive-signature") == 0 && vr->checks[i].ok) {
                archive_sig = 1;
            }
        }
    }
    if (vrc == ODP_OK && vr != NULL && vr->ok && archive_sig &&
        vr->archive_trusted_comment != NULL && vr->trusted_comment != NULL && vr->package != NULL) {
        return ODP_OK;
    }
    res->refused = strdup(k->src);
    res->refused_json = vr != NULL ? odp_verify_result_json(vr) : NULL;
    if (vrc != ODP_OK && vrc != ODP_EVERIFY) {
        return odp_errf(err, vrc, &loc, "refused: cannot verify package: %s", verr->msg);
    }
    if (vr != NULL) {
        for (i = 0; i < vr->nchecks; i++) {
            if (!vr->checks[i].ok) {
                return odp_errf(err, ODP_EVERIFY, &loc,
                                "refused: package failed verification (%s, '%s': %s)",
                                vr->checks[i].check, vr->checks[i].file, vr->checks[i].detail);
            }
        }
    }
    if (!archive_sig) {
        return odp_errf(err, ODP_EVERIFY, &loc, "refused: the archive signature was not checked");
    }
    return odp_errf(err, ODP_EVERIFY, &loc, "refused: package failed verification");
}

/* path + suffix (caller frees). */
static char *
with_suffix(const char *path, const char *suffix)
{
    size_t a = strlen(path), b = strlen(suffix);
    char *s = malloc(a + b + 1);

    if (s != NULL) {
        memcpy(s, path, a);
        memcpy(s + a, suffix, b + 1);
    }
    return s;
}

static int
load_package(struct pkg *k, const char *tmp, const struct odp_portal_opts *o,
             const struct odp_pubkey *pk, struct odp_portal_result *res, struct odp_err *err)
{
    const struct odp_loc loc = {k->src, 0, 0};
    struct odp_verify_opts vo;
    struct odp_verify_result *vr = NULL;
    struct odp_err verr;
    struct stat st;
    char *dl = NULL, *sig_src = NULL, *arch = NULL, *sig_dst = NULL, *csv = NULL, *tail = NULL;
    size_t siglen;
    int rc, vrc;

    memset(&verr, 0, sizeof(verr));
    if (stat(k->src, &st) != 0) {
        return odp_err_sys(err, k->src, "cannot read package");
    }
    if (S_ISDIR(st.st_mode)) {
        return odp_errf(err, ODP_EINVAL, &loc,
                        "the portal publishes package archives; release with --format "
                        "tar.zst, tar.gz or zip");
    }
    k->base = strdup(odp_basename(k->src));
    dl = odp_path_join(tmp, "downloads");
    sig_src = with_suffix(k->src, ".minisig");
    arch = dl != NULL && k->base != NULL ? odp_path_join(dl, k->base) : NULL;
    sig_dst = arch != NULL ? with_suffix(arch, ".minisig") : NULL;
    if (sig_src == NULL || sig_dst == NULL) {
        rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        goto out;
    }
    if (!safe_name(k->base)) {
        rc = odp_errf(err, ODP_EINVAL, &loc,
                      "archive name must use only letters, digits, '.', '_', '-', '+'");
        goto out;
    }
    if (access(sig_src, F_OK) != 0) {
        rc = odp_errf(err, ODP_EINVAL, &loc,
                      "no detached signature ARCHIVE.minisig beside the archive "
                      "(release with --key)");
        goto out;
    }
    if (access(arch, F_OK) == 0 || access(sig_dst, F_OK) == 0) {
        rc = odp_errf(err, ODP_EINVAL, &loc, "two packages with the same archive name");
        goto out;
    }
    /* Verify the copy: the bytes checked are the bytes the site serves. */
    rc = copy_file(k->src, arch, 0, err);
    if (rc == ODP_OK) {
        rc = copy_file(sig_src, sig_dst, SIG_MAX, err);
    }
    if (rc == ODP_OK) {
        rc = odp_read_file(sig_dst, SIG_MAX, &k->sig_text, &siglen, err);
    }
    if (rc != ODP_OK) {
        goto out;
    }
    /*
     * Trust order: the archive's own signature before any byte of it is parsed. A
     * tampered or foreign archive is refused here without being decompressed.
     */
    vrc = odp_verify_file(pk, arch, k->sig_text, siglen, sig_dst, NULL, &verr);
    if (vrc != ODP_OK) {
        res->refused = strdup(k->src);
        rc = odp_errf(err, ODP_EVERIFY, &loc,
                      "refused: the archive signature '%s.minisig' does not verify with the "
                      "agency key: %s",
                      k->base, verr.msg);
        goto out;
    }
    odp_verify_opts_init(&vo);
    vo.pubkey_path = o->pubkey_path;
    vrc = odp_verify_package(arch, &vo, &vr, &verr);
    rc = check_verified(k, vrc, vr, &verr, res, err);
    if (rc != ODP_OK) {
        goto out;
    }
    k->name = strdup(vr->package);
    k->archive_tc = strdup(vr->archive_trusted_comment);
    k->bag_tc = strdup(vr->trusted_comment);
    if (k->name == NULL || k->archive_tc == NULL || k->bag_tc == NULL) {
        rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        goto out;
    }
    if (!safe_name(k->name)) {
        rc = odp_errf(err, ODP_EINVAL, &loc,
                      "package name must use only letters, digits, '.', '_', '-', '+'");
        goto out;
    }
    tail = with_suffix(k->name, ".csv");
    csv = tail != NULL ? odp_path_join(dl, tail) : NULL;
    if (csv == NULL) {
        rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        goto out;
    }
    if (access(csv, F_OK) == 0) {
        rc = odp_errf(err, ODP_EINVAL, &loc,
                      "package given twice or two packages with the same name");
        goto out;
    }
    rc = odp_sha256_file(arch, k->sha[0], &k->size[0], err);
    if (rc == ODP_OK) {
        rc = odp_sha256_file(sig_dst, k->sha[1], &k->size[1], err);
    }
    if (rc == ODP_OK) {
        rc = portal_read_package(arch, k, csv, err);
    }
    /* The stable identity: releases of one policy are versions of one dataset. */
    if (rc == ODP_OK) {
        k->id = strdup(portal_or_empty(portal_jstr(k->report, "policy")));
        k->arch = strdup(arch);
    }
    if (rc == ODP_OK && (k->id == NULL || k->arch == NULL)) {
        rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        goto out;
    }
    if (rc == ODP_OK && !safe_name(k->id)) {
        rc = odp_errf(err, ODP_EINVAL, &loc,
                      "dataset name (report.json 'policy') must use only letters, digits, '.', "
                      "'_', '-', '+'");
        goto out;
    }
    if (rc == ODP_OK) {
        rc = odp_sha256_file(csv, k->sha[2], &k->size[2], err);
    }
    if (rc == ODP_OK) {
        rc = portal_render_preview(csv, k, o->preview_rows, err);
    }
out:
    odp_verify_result_free(vr);
    free(dl);
    free(sig_src);
    free(arch);
    free(sig_dst);
    free(tail);
    free(csv);
    return rc;
}

static int
write_assets(const char *tmp, const char *pub_text, struct odp_err *err)
{
    char *path;
    size_t i;
    int rc = ODP_OK;

    for (i = 0; i < sizeof(odp_portal_assets) / sizeof(odp_portal_assets[0]) && rc == ODP_OK; i++) {
        path = odp_path_join(tmp, odp_portal_assets[i].name);
        if (path == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
        rc = odp_write_file(path, odp_portal_assets[i].data, odp_portal_assets[i].len, NULL, err);
        free(path);
    }
    if (rc == ODP_OK) {
        path = odp_path_join(tmp, "agency.pub");
        if (path == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
        rc = odp_write_file(path, pub_text, strlen(pub_text), NULL, err);
        free(path);
    }
    return rc;
}

static int
cmp_pkg(const void *a, const void *b)
{
    const struct pkg *x = a, *y = b;
    int c = strcmp(x->id, y->id);

    /* one dataset's releases together, newest first */
    if (c == 0) {
        c = strcmp(portal_pkg_date(y), portal_pkg_date(x));
    }
    return c != 0 ? c : strcmp(y->name, x->name);
}

static void
pkg_release(struct pkg *k)
{
    size_t i, j;

    free(k->base);
    free(k->name);
    free(k->id);
    free(k->arch);
    free(k->sig_text);
    free(k->archive_tc);
    free(k->bag_tc);
    cJSON_Delete(k->portal);
    cJSON_Delete(k->dcat);
    cJSON_Delete(k->report);
    for (i = 0; i < k->ndict; i++) {
        for (j = 0; j < 4; j++) {
            free(k->dict[i].f[j]);
        }
    }
    free(k->dict);
    free(k->preview);
}

/* The existing site may be replaced only when it looks like one of ours (or is empty). */
static int
check_existing(const char *site, int force, int *exists, struct odp_err *err)
{
    const struct odp_loc loc = {site, 0, 0};
    struct stat st;
    char *a, *b;
    int ours;

    *exists = 0;
    if (lstat(site, &st) != 0) {
        return errno == ENOENT ? ODP_OK : odp_err_sys(err, site, "cannot inspect the output");
    }
    if (!force) {
        return odp_errf(err, ODP_EINVAL, &loc, "output already exists (--force replaces a site)");
    }
    if (!S_ISDIR(st.st_mode)) {
        return odp_errf(err, ODP_EINVAL, &loc, "output exists and is not a directory");
    }
    a = odp_path_join(site, "data.json");
    b = odp_path_join(site, "catalog.json");
    if (a == NULL || b == NULL) {
        free(a);
        free(b);
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    ours = access(a, F_OK) == 0 && access(b, F_OK) == 0;
    free(a);
    free(b);
    if (!ours && rmdir(site) != 0) {
        return odp_errf(err, ODP_EINVAL, &loc,
                        "output exists and is not a portal site; not replacing it");
    }
    *exists = ours;
    return ODP_OK;
}

/* Makes the finished tree world-readable (the temp dir was created 0700). */
static int
publish(const char *tmp, const char *site, int exists, struct odp_err *err)
{
    static const char *const dirs[] = {"", "/assets", "/datasets", "/downloads"};
    char path[4096];
    size_t i;

    for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
        snprintf(path, sizeof(path), "%s%s", tmp, dirs[i]);
        if (chmod(path, 0755) != 0) {
            return odp_err_sys(err, path, "cannot set mode");
        }
        if (odp_fsync_dir(path, err) != ODP_OK) {
            return ODP_EIO;
        }
    }
    if (!exists) {
        return odp_rename_new(tmp, site, 1, err);
    }
    if (renameat2(AT_FDCWD, tmp, AT_FDCWD, site, RENAME_EXCHANGE) != 0) {
        return odp_err_sys(err, site, "cannot replace the site");
    }
    return ODP_OK;
}

static void
datasets_free(struct dataset *ds, size_t n)
{
    size_t i, j;

    for (i = 0; ds != NULL && i < n; i++) {
        for (j = 0; ds[i].changed != NULL && j < ds[i].nv; j++) {
            free(ds[i].changed[j]);
        }
        free(ds[i].changed);
        free(ds[i].finding);
        free(ds[i].v);
    }
    free(ds);
}

/* Releases of one dataset (sorted together by cmp_pkg) become one entry. */
static int
group(struct pkg *ks, size_t n, struct dataset **out, size_t *nout, struct odp_err *err)
{
    struct dataset *ds = calloc(n, sizeof(*ds));
    size_t i, nd = 0;

    *out = ds;
    *nout = 0;
    if (ds == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    for (i = 0; i < n; i++) {
        struct dataset *d;

        if (nd == 0 || strcmp(ds[nd - 1].id, ks[i].id) != 0) {
            ds[nd].id = ks[i].id;
            ds[nd].v = calloc(n - i, sizeof(*ds[nd].v));
            ds[nd].changed = calloc(n - i, sizeof(*ds[nd].changed));
            ds[nd].finding = calloc(n - i, sizeof(*ds[nd].finding));
            nd++;
            *nout = nd;
            if (ds[nd - 1].v == NULL || ds[nd - 1].changed == NULL || ds[nd - 1].finding == NULL) {
                return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
            }
        }
        d = &ds[nd - 1];
        if (d->nv > 0 && strcmp(portal_pkg_date(d->v[d->nv - 1]), portal_pkg_date(&ks[i])) == 0) {
            return odp_errf(err, ODP_EINVAL, &(struct odp_loc){ks[i].src, 0, 0},
                            "two releases of dataset '%s' on %s: give one package per release "
                            "date",
                            d->id, portal_pkg_date(&ks[i]));
        }
        d->v[d->nv++] = &ks[i];
    }
    return ODP_OK;
}

/*
 * "What changed" of each version since the one before it: odp_diff of the two verified
 * copies. Two releases that cannot be compared get no summary (the page says so).
 */
static int
what_changed(struct dataset *d, struct odp_err *err)
{
    size_t i;

    for (i = 0; i + 1 < d->nv; i++) {
        struct odp_diff_result *r = NULL;
        struct odp_diff_opts o;
        struct odp_err derr;
        int rc;

        memset(&derr, 0, sizeof(derr));
        odp_diff_opts_init(&o);
        o.max_listed = 0;
        rc = odp_diff(d->v[i + 1]->arch, d->v[i]->arch, &o, &r, &derr);
        if ((rc == ODP_OK || rc == ODP_EVERIFY) && r != NULL) {
            d->changed[i] = odp_diff_summary(r);
            d->finding[i] = !r->ok;
            if (d->changed[i] == NULL) {
                odp_diff_result_free(r);
                return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
            }
        } else if (rc == ODP_ENOMEM) {
            odp_diff_result_free(r);
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
        odp_diff_result_free(r);
    }
    return ODP_OK;
}

int
odp_portal_build(const char *const *pkgs, size_t npkgs, const char *site,
                 const struct odp_portal_opts *o, struct odp_portal_result **out,
                 struct odp_err *err)
{
    struct odp_portal_result *res = calloc(1, sizeof(*res));
    struct odp_pubkey *pk = NULL;
    struct pkg *ks = NULL;
    struct dataset *dss = NULL;
    size_t nds = 0;
    char key_id[ODP_KEYID_HEXLEN + 1];
    char *tmp = NULL, *pub_text = NULL, *pub_b64 = NULL, *sub = NULL;
    size_t i, publen;
    int rc, exists = 0, renamed = 0;

    *out = res;
    if (res == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    if (npkgs == 0 || o->pubkey_path == NULL || site == NULL || site[0] == '\0') {
        return odp_errf(err, ODP_EINVAL, NULL, "need packages, --pubkey and -o SITE");
    }
    res->site = strdup(site);
    if (res->site == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    rc = odp_pubkey_load(o->pubkey_path, &pk, err);
    if (rc != ODP_OK) {
        return rc;
    }
    odp_pubkey_id(pk, key_id);
    res->key_id = strdup(key_id);
    if (res->key_id == NULL) {
        odp_pubkey_free(pk);
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    /* Publish the key as a canonical two-line .pub (the base64 line is what was loaded). */
    rc = odp_read_file(o->pubkey_path, 4096, &pub_text, &publen, err);
    if (rc != ODP_OK) {
        odp_pubkey_free(pk);
        return rc;
    }
    {
        char *nl = memchr(pub_text, '\n', publen);
        char *b = nl != NULL ? nl + 1 : NULL;
        size_t bl = b != NULL ? strcspn(b, "\r\n") : 0;

        pub_b64 = b != NULL ? strndup(b, bl) : NULL;
        if (pub_b64 == NULL || bl == 0) {
            free(pub_text);
            free(pub_b64);
            odp_pubkey_free(pk);
            return odp_errf(err, ODP_ESYNTAX, &(struct odp_loc){o->pubkey_path, 2, 1},
                            "public key line missing");
        }
        free(pub_text);
        pub_text = malloc(bl + 64);
        if (pub_text == NULL) {
            free(pub_b64);
            odp_pubkey_free(pk);
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
        snprintf(pub_text, bl + 64, "untrusted comment: minisign public key %s\n%s\n", key_id,
                 pub_b64);
    }
    rc = check_existing(site, o->force, &exists, err);
    if (rc != ODP_OK) {
        goto out;
    }
    ks = calloc(npkgs, sizeof(*ks));
    tmp = odp_tmpdir_beside(site, err);
    if (ks == NULL || tmp == NULL) {
        rc = ks == NULL ? odp_errf(err, ODP_ENOMEM, NULL, "out of memory") : ODP_EIO;
        goto out;
    }
    for (i = 0; i < 3 && rc == ODP_OK; i++) {
        static const char *const d[] = {"assets", "datasets", "downloads"};

        sub = odp_path_join(tmp, d[i]);
        rc = sub != NULL ? odp_mkdirs(sub, err) : odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        free(sub);
    }
    for (i = 0; i < npkgs && rc == ODP_OK; i++) {
        ks[i].src = pkgs[i];
        rc = load_package(&ks[i], tmp, o, pk, res, err);
    }
    if (rc != ODP_OK) {
        goto out;
    }
    qsort(ks, npkgs, sizeof(*ks), cmp_pkg);
    rc = group(ks, npkgs, &dss, &nds, err);
    if (rc != ODP_OK) {
        goto out;
    }
    res->ds = calloc(nds, sizeof(*res->ds));
    if (res->ds == NULL) {
        rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        goto out;
    }
    rc = write_assets(tmp, pub_text, err);
    for (i = 0; i < nds && rc == ODP_OK; i++) {
        struct odp_portal_ds *d = &res->ds[i];
        const struct pkg *k = dss[i].v[0];
        size_t pl = strlen(dss[i].id) + 16, al = strlen(k->base) + 16;

        rc = what_changed(&dss[i], err);
        if (rc == ODP_OK) {
            rc = portal_write_dataset(tmp, &dss[i], key_id, pub_b64, err);
        }
        d->dataset = strdup(dss[i].id);
        d->package = strdup(k->name);
        d->title = strdup(portal_pkg_title(k));
        d->page = malloc(pl);
        d->archive = malloc(al);
        d->rows = portal_pkg_rows(k);
        d->versions = dss[i].nv;
        res->nds++;
        if (d->dataset == NULL || d->package == NULL || d->title == NULL || d->page == NULL ||
            d->archive == NULL) {
            rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
            break;
        }
        snprintf(d->page, pl, "datasets/%s.html", dss[i].id);
        snprintf(d->archive, al, "downloads/%s", k->base);
    }
    if (rc == ODP_OK) {
        rc = portal_write_index(tmp, dss, nds, key_id, err);
    }
    if (rc == ODP_OK) {
        rc = portal_write_catalogs(tmp, dss, nds, o, err);
    }
    if (rc == ODP_OK) {
        rc = publish(tmp, site, exists, err);
        renamed = rc == ODP_OK;
    }
out:
    if (tmp != NULL && (!renamed || exists)) {
        /* after an exchange, tmp holds the old site */
        odp_rmtree(tmp);
    }
    free(tmp);
    datasets_free(dss, nds);
    for (i = 0; ks != NULL && i < npkgs; i++) {
        pkg_release(&ks[i]);
    }
    free(ks);
    free(pub_text);
    free(pub_b64);
    odp_pubkey_free(pk);
    return rc;
}

void
odp_portal_result_free(struct odp_portal_result *r)
{
    size_t i;

    if (r == NULL) {
        return;
    }
    for (i = 0; i < r->nds; i++) {
        free(r->ds[i].dataset);
        free(r->ds[i].package);
        free(r->ds[i].title);
        free(r->ds[i].page);
        free(r->ds[i].archive);
    }
    free(r->ds);
    free(r->site);
    free(r->key_id);
    free(r->refused);
    free(r->refused_json);
    free(r);
}
