/*
 * verify.c - `odpub verify`: checks a BagIt package, directory or archive, in trust
 * order (signature, tag files, payload) and gathers a summary.
 *
 * How: an archive's detached ARCHIVE.minisig is checked over its bytes first; nothing of
 * an archive is parsed before that (pkgread.c: odp_pkg_detached_sig). Then the package is
 * turned into a list of files with their sizes and digests (vbag.c: a directory walked
 * without following links, an archive streamed through the shared hostile-archive
 * reader, never extracted, so nothing is written anywhere), and the bag rules below run
 * over that list. Results and their JSON are in verify_result.c.
 *
 * Promises: a hostile archive cannot make verify write a file, follow a link, use more
 * than a bounded amount of memory, or read forever; a finding names the file and the
 * check, never file content; the verdict is "valid" only when every check ran and passed;
 * an archive that is refused or cannot be read is a failed verification (exit 1), not an
 * unusable input.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <openssl/crypto.h>

#include "verify_int.h"
#include "pkgread.h"
#include "buf.h"
#include "fs.h"
#include "json.h"
#include "lines.h"
#include "sign.h"
#include "table.h"
#include "odp/report.h"
#include "odp/verify.h"

struct vctx {
    const struct odp_verify_opts *o;
    struct odp_verify_result *r;
    struct vbag b;
    struct odp_bagit_decl decl;
    int have_decl;
    int strict;
    char *baginfo;    /* decoded bag-info.txt */
    size_t baginfo_len;
    int is_archive;
    size_t odd_modes; /* archive entries with modes odpub does not write */
};

void
odp_verify_opts_init(struct odp_verify_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->max_entries = ODP_BAG_MAX_ENTRIES;
    o->max_entry_bytes = (uint64_t)64 << 30;
    o->max_total_bytes = (uint64_t)64 << 30;
    o->ratio_after = (uint64_t)1 << 20;
    o->max_ratio = 256;
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
        odp_vcheck(c->r, "bagit", f->path, 0, "%s", e.msg);
        return -1;
    }
    return 0;
}

static int
check_bagit(struct vctx *c)
{
    struct vfile *f = odp_vbag_file(&c->b, "bagit.txt");
    struct odp_err e;
    char v[32];

    memset(&e, 0, sizeof(e));
    if (f == NULL) {
        return odp_vcheck(c->r, "bagit", "bagit.txt", 0, "bagit.txt is missing");
    }
    if (odp_bagit_parse(f->content, f->clen, "bagit.txt", &c->decl, &e) != ODP_OK) {
        return odp_vcheck(c->r, "bagit", "bagit.txt", 0, "line %" PRIu64 ": %s", e.line, e.msg);
    }
    c->have_decl = 1;
    snprintf(v, sizeof(v), "%u.%u", c->decl.major, c->decl.minor);
    c->r->bagit_version = strdup(v);
    if (c->strict && (c->decl.major != 1 || c->decl.minor != 0 ||
                      strcasecmp(c->decl.enc, "UTF-8") != 0)) {
        return odp_vcheck(c->r, "bagit", "bagit.txt", 0,
                         "odpub packages are BagIt 1.0 with UTF-8 tag files");
    }
    return odp_vcheck(c->r, "bagit", "bagit.txt", 1, "BagIt %s, %s", v, c->decl.enc);
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
        return odp_vcheck(c->r, check, mf->path, 0, "line %" PRIu64 ": %s", e.line, e.msg);
    }
    free(text);
    for (i = 0; i < m.n && rc == ODP_OK; i++) {
        const struct odp_mentry *me = &m.e[i];
        const char *why = odp_bag_path_problem(me->path);
        struct vfile *f;

        if (why != NULL) {
            rc = odp_vcheck(c->r, check, mf->path, 0, "line %" PRIu64 ": out-of-scope path (%s)",
                           me->line, why);
            nbad++;
            continue;
        }
        if (!tag && strncmp(me->path, "data/", 5) != 0) {
            rc = odp_vcheck(c->r, check, mf->path, 0,
                           "line %" PRIu64 ": payload manifest names a file outside data/",
                           me->line);
            nbad++;
            continue;
        }
        f = odp_vbag_file(&c->b, me->path);
        if (f == NULL) {
            rc = odp_vcheck(c->r, check, me->path, 0, "missing (listed in %s line %" PRIu64 ")",
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
                rc = odp_vcheck(c->r, check, me->path, 0, "listed more than once in %s", mf->path);
                nbad++;
            }
            continue;
        }
        f->listed = 1;
        if ((f->mask & (1u << alg)) == 0) {
            rc = odp_vcheck(c->r, check, me->path, 0, "%s digest not computed",
                           odp_bag_alg_name(alg));
            nbad++;
        } else if (CRYPTO_memcmp(f->dig[alg], me->digest, dlen) != 0) {
            rc = odp_vcheck(c->r, check, me->path, 0, "%s mismatch", check);
            nbad++;
        }
    }
    /* Completeness: every payload file is in every payload manifest. */
    for (i = 0; !tag && i < c->b.n && rc == ODP_OK; i++) {
        struct vfile *f = &c->b.f[i];

        if (!f->is_dir && strncmp(f->path, "data/", 5) == 0 && !f->listed) {
            rc = odp_vcheck(c->r, "complete", f->path, 0, "not listed in %s", mf->path);
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
            rc = odp_vcheck(c->r, "complete", f->path, 0, "tag file not listed in %s", mf->path);
            nbad++;
        }
    }
    if (rc == ODP_OK && nbad == 0) {
        rc = odp_vcheck(c->r, check, mf->path, 1, "%zu files match", m.n);
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
            rc = odp_vcheck(c->r, tag ? "tagmanifest" : "manifest", f->path, 0,
                           "unsupported checksum algorithm");
            continue;
        }
        if (f->content == NULL) {
            rc = odp_vcheck(c->r, tag ? "tagmanifest" : "manifest", f->path, 0, "unreadable");
            continue;
        }
        have_sha256 |= alg == ODP_ALG_SHA256;
        rc = check_manifest(c, f, alg, tag);
    }
    if (rc == ODP_OK && !tag && nman == 0) {
        rc = odp_vcheck(c->r, "manifest", "", 0, "no payload manifest (manifest-ALG.txt)");
    }
    if (rc == ODP_OK && c->strict && !have_sha256) {
        rc = odp_vcheck(c->r, tag ? "tagmanifest-sha256" : "manifest-sha256",
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
        return c->strict ? odp_vcheck(c->r, "payload-oxum", "bag-info.txt", 0, "bag-info.txt missing")
                         : ODP_OK;
    }
    ox = odp_baginfo_get(c->baginfo, c->baginfo_len, "Payload-Oxum");
    if (ox == NULL) {
        return c->strict ? odp_vcheck(c->r, "payload-oxum", "bag-info.txt", 0,
                                     "no Payload-Oxum")
                         : ODP_OK;
    }
    dot = strchr(ox, '.');
    if (dot == NULL || odp_bag_parse_u64(ox, (size_t)(dot - ox), &octets) != 0 ||
        odp_bag_parse_u64(dot + 1, strlen(dot + 1), &count) != 0) {
        rc = odp_vcheck(c->r, "payload-oxum", "bag-info.txt", 0, "malformed Payload-Oxum");
    } else if (octets != have_oct || count != have_cnt) {
        rc = odp_vcheck(c->r, "payload-oxum", "bag-info.txt", 0,
                       "Payload-Oxum says %" PRIu64 " bytes in %" PRIu64
                       " files, payload has %" PRIu64 " bytes in %" PRIu64 " files",
                       octets, count, have_oct, have_cnt);
    } else {
        rc = odp_vcheck(c->r, "payload-oxum", "bag-info.txt", 1, "%" PRIu64 ".%" PRIu64, octets,
                       count);
    }
    free(ox);
    return rc;
}

static int
check_fetch(struct vctx *c)
{
    struct vfile *f = odp_vbag_file(&c->b, "fetch.txt");
    char *text = NULL;
    size_t len = 0, n;
    struct odp_lines ls;
    const char *t;
    int rc = ODP_OK, bad = 0;

    if (f == NULL) {
        return ODP_OK;
    }
    if (c->strict) {
        return odp_vcheck(c->r, "fetch", "fetch.txt", 0, "odpub packages never use fetch.txt");
    }
    if (f->content == NULL || tag_text(c, f, &text, &len) != 0) {
        return odp_vcheck(c->r, "fetch", "fetch.txt", 0, "unreadable");
    }
    /* "URL LENGTH PATH": the path must be a payload file that is present (no fetching). */
    odp_lines_init(&ls, text, len);
    while (rc == ODP_OK && odp_next_line(&ls, ODP_LINES_CR, &t, &n, NULL) == 1) {
        size_t s = (size_t)(t - text), e = s + n, k, fields = 0;
        uint64_t line = ls.lineno;
        char *p;

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
            rc = odp_vcheck(c->r, "fetch", "fetch.txt", 0, "line %" PRIu64 ": malformed", line);
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
            rc = odp_vcheck(c->r, "fetch", "fetch.txt", 0,
                           "line %" PRIu64 ": out-of-scope path (%s)", line,
                           odp_bag_path_problem(p) != NULL ? odp_bag_path_problem(p)
                                                           : "outside data/");
            bad = 1;
        } else if (odp_vbag_file(&c->b, p) == NULL) {
            rc = odp_vcheck(c->r, "fetch", p, 0,
                           "listed in fetch.txt but not present (fetching is not supported)");
            bad = 1;
        }
        free(p);
    }
    free(text);
    if (rc == ODP_OK && !bad) {
        rc = odp_vcheck(c->r, "fetch", "fetch.txt", 1, "every listed file is present");
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
    struct vfile *f = odp_vbag_file(&c->b, "datapackage.json");
    cJSON *root, *res, *r;
    const char *end = NULL;
    size_t nres = 0;
    int rc = ODP_OK, bad = 0;

    if (f == NULL) {
        return c->strict ? odp_vcheck(c->r, "datapackage", "datapackage.json", 0, "missing")
                         : ODP_OK;
    }
    if (f->content == NULL) {
        return odp_vcheck(c->r, "datapackage", "datapackage.json", 0, "unreadable");
    }
    root = cJSON_ParseWithLengthOpts(f->content, f->clen, &end, 0);
    if (root == NULL || !cJSON_IsObject(root)) {
        cJSON_Delete(root);
        if (!c->strict) {
            return odp_vwarn(c->r, "datapackage.json is not a JSON object; not checked");
        }
        return odp_vcheck(c->r, "datapackage", "datapackage.json", 0, "not a JSON object");
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
            rc = odp_vcheck(c->r, "datapackage", "datapackage.json", 0,
                           "resource path is not a payload file");
            bad = 1;
            continue;
        }
        pf = odp_vbag_file(&c->b, p->valuestring);
        if (pf == NULL) {
            rc = odp_vcheck(c->r, "datapackage", p->valuestring, 0,
                           "resource in datapackage.json is missing");
            bad = 1;
            continue;
        }
        if (cJSON_IsNumber(by) && (by->valuedouble < 0 || (uint64_t)by->valuedouble != pf->size ||
                                   by->valuedouble != (double)pf->size)) {
            rc = odp_vcheck(c->r, "datapackage", pf->path, 0,
                           "datapackage.json bytes do not match the payload");
            bad = 1;
        } else if (c->strict && !cJSON_IsNumber(by)) {
            rc = odp_vcheck(c->r, "datapackage", pf->path, 0, "datapackage.json has no bytes");
            bad = 1;
        }
        if (cJSON_IsString(h) && !hash_matches(pf, h->valuestring, &why)) {
            rc = odp_vcheck(c->r, "datapackage", pf->path, 0, "datapackage.json %s", why);
            bad = 1;
        } else if (c->strict && !cJSON_IsString(h)) {
            rc = odp_vcheck(c->r, "datapackage", pf->path, 0, "datapackage.json has no hash");
            bad = 1;
        }
    }
    if (c->strict && nres == 0 && !bad) {
        rc = odp_vcheck(c->r, "datapackage", "datapackage.json", 0, "no resource with a path");
        bad = 1;
    }
    if (!bad && rc == ODP_OK && nres > 0) {
        rc = odp_vcheck(c->r, "datapackage", "datapackage.json", 1,
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
    struct vfile *pol = odp_vbag_file(&c->b, "policy.yaml");
    char hex[65];
    int rc = ODP_OK, bad = 0;

    if (strncmp(tc, "odpub ", 6) != 0 || pkg == NULL || date == NULL || psha == NULL) {
        rc = odp_vcheck(c->r, "trusted-comment", "tagmanifest-sha256.txt.minisig", 0,
                       "trusted comment is not an odpub package statement");
        bad = 1;
    } else {
        if (ext == NULL || strcmp(ext, pkg) != 0) {
            rc = odp_vcheck(c->r, "trusted-comment", "bag-info.txt", 0,
                           "External-Identifier differs from the signed package name");
            bad = 1;
        }
        if (bdate == NULL || strcmp(bdate, date) != 0) {
            rc = odp_vcheck(c->r, "trusted-comment", "bag-info.txt", 0,
                           "Bagging-Date differs from the signed release date");
            bad = 1;
        }
        if (pol == NULL) {
            rc = odp_vcheck(c->r, "trusted-comment", "policy.yaml", 0, "missing");
            bad = 1;
        } else {
            odp_hex(pol->dig[ODP_ALG_SHA256], 32, hex);
            if (strcasecmp(hex, psha) != 0) {
                rc = odp_vcheck(c->r, "trusted-comment", "policy.yaml", 0,
                               "SHA-256 differs from the signed policy_sha256");
                bad = 1;
            }
        }
    }
    if (!bad && rc == ODP_OK) {
        rc = odp_vcheck(c->r, "trusted-comment", "tagmanifest-sha256.txt.minisig", 1,
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
    struct vfile *tm = odp_vbag_file(&c->b, "tagmanifest-sha256.txt");
    struct vfile *sig = odp_vbag_file(&c->b, "tagmanifest-sha256.txt.minisig");
    struct odp_err e;
    char *trusted = NULL;
    int rc;

    memset(&e, 0, sizeof(e));
    if (pk == NULL) {
        return odp_vwarn(c->r, "signature not checked (--unsigned): anyone could have made "
                                 "this bag");
    }
    if (tm == NULL || tm->content == NULL) {
        return odp_vcheck(c->r, "signature", "tagmanifest-sha256.txt", 0, "missing");
    }
    if (sig == NULL || sig->content == NULL) {
        return odp_vcheck(c->r, "signature", "tagmanifest-sha256.txt.minisig", 0, "missing");
    }
    rc = odp_verify_mem(pk, tm->content, tm->clen, sig->content, sig->clen,
                        "tagmanifest-sha256.txt.minisig", &trusted, &e);
    if (rc != ODP_OK) {
        free(trusted);
        return odp_vcheck(c->r, "signature", "tagmanifest-sha256.txt.minisig", 0,
                         "signature does not verify: %s", e.msg[0] != '\0' ? e.msg : "invalid");
    }
    c->r->trusted_comment = trusted;
    return odp_vcheck(c->r, "signature", "tagmanifest-sha256.txt.minisig", 1,
                     "good signature over tagmanifest-sha256.txt");
}

/* --- summary --- */

/* Caps on the data dictionary a package carries (hostile input): a field, a record, rows. */
#define DD_MAX_FIELD (64u << 10)
#define DD_MAX_RECORD (1u << 20)
#define DD_MAX_ROWS 100000u
#define DD_PATH "metadata/data-dictionary.csv"

/* Appends one dictionary row (column, type, description, treatment) to the summary. */
static int
add_col(struct odp_verify_result *r, const struct odp_row *row)
{
    struct odp_verify_col *nc = realloc(r->cols, (r->ncols + 1) * sizeof(*nc));
    struct odp_verify_col col;

    if (nc == NULL) {
        return ODP_ENOMEM;
    }
    r->cols = nc;
    col.name = strndup(row->f[0].p, row->f[0].len);
    col.type = strndup(row->f[1].p, row->f[1].len);
    col.treatment = strndup(row->f[3].p, row->f[3].len);
    if (col.name == NULL || col.type == NULL || col.treatment == NULL) {
        free(col.name);
        free(col.type);
        free(col.treatment);
        return ODP_ENOMEM;
    }
    nc[r->ncols++] = col;
    return ODP_OK;
}

/*
 * The columns of metadata/data-dictionary.csv, read with the table layer's CSV reader
 * under low caps. A dictionary it refuses is a warning at FILE:LINE:COL (the reader's
 * messages never hold a value); the columns read before the problem are kept.
 */
static void
dictionary(struct vctx *c, const struct vfile *dd)
{
    struct odp_err e;
    struct odp_table *t;
    struct odp_row row;
    char w[sizeof(e.path) + sizeof(e.msg) + 80];
    int rc;

    odp_err_clear(&e);
    t = odp_table_open_mem(DD_PATH, dd->content, dd->clen, ODP_FMT_CSV, DD_MAX_FIELD,
                           DD_MAX_RECORD, &e);
    rc = t != NULL ? ODP_OK : e.code;
    if (rc == ODP_OK && odp_table_header(t)->n != 4) {
        rc = odp_errf(&e, ODP_ESCHEMA, &(struct odp_loc){DD_PATH, 1, 1},
                      "expected 4 columns (column, type, description, treatment)");
    }
    while (rc == ODP_OK && c->r->ncols < DD_MAX_ROWS) {
        rc = odp_table_next(t, &row, &e);
        if (rc == ODP_OK) {
            rc = add_col(c->r, &row);
        }
    }
    if (rc < 0 && rc != ODP_ENOMEM) {
        snprintf(w, sizeof(w), "%s:%llu:%llu: %s; the column summary stops there", DD_PATH,
                 (unsigned long long)e.line, (unsigned long long)e.col, e.msg);
        odp_vwarn(c->r, w);
    }
    odp_table_free(t);
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
    struct vfile *dd = odp_vbag_file(&c->b, "metadata/data-dictionary.csv");
    struct vfile *rep = odp_vbag_file(&c->b, "report.json");

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
        struct odp_report *rp = NULL;

        if (odp_report_parse(rep->content, rep->clen, "report.json", &rp, NULL) == ODP_OK) {
            c->r->rows = rp->rows_out < (uint64_t)9e15 ? (int64_t)rp->rows_out : -1;
            if (rp->nweaker > 0) {
                char w[200];

                /* The publisher overrode the baseline lint (release --allow-weaker). */
                snprintf(w, sizeof(w),
                         "released with --allow-weaker: the policy is weaker than its "
                         "baseline (%zu finding%s in report.json)",
                         rp->nweaker, rp->nweaker == 1 ? "" : "s");
                odp_vwarn(c->r, w);
                c->r->weaker = rp->nweaker;
            }
        }
        odp_report_free(rp);
    }
    if (dd != NULL && dd->content != NULL) {
        dictionary(c, dd);
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

/*
 * The detached ARCHIVE.minisig, over the archive's bytes, before any byte of the archive
 * is parsed (as minisign does). 1 when the archive may be parsed, 0 when it must not (a
 * failed check is recorded), < 0 on ENOMEM.
 */
static int
archive_sig_first(struct vctx *c, const char *path, const struct odp_pubkey *pk)
{
    struct odp_err e;
    char *trusted = NULL;
    int rc;

    memset(&e, 0, sizeof(e));
    if (pk == NULL) {
        char full[PATH_MAX];

        snprintf(full, sizeof(full), "%s.minisig", path);
        return access(full, F_OK) != 0 ||
               odp_vwarn(c->r, "archive signature not checked (--unsigned)") == ODP_OK;
    }
    rc = odp_pkg_detached_sig(path, pk, &trusted, &e);
    if (rc == ODP_END && c->o->bag_only) {
        return odp_vwarn(c->r, "no detached .minisig beside the archive; checked only the "
                                 "signature inside it (--bag-only)") == ODP_OK;
    }
    if (rc == ODP_END) {
        rc = odp_vcheck(c->r, "archive-signature", "", 0,
                        "no detached .minisig beside the archive (--bag-only checks the "
                        "signature inside it alone)");
        return rc == ODP_OK ? 0 : rc;
    }
    if (rc != ODP_OK) {
        free(trusted);
        if (rc == ODP_ENOMEM) {
            return rc;
        }
        rc = odp_vcheck(c->r, "archive-signature", "", 0,
                        "detached signature (.minisig) does not verify: %s", e.msg);
        return rc == ODP_OK ? 0 : rc;
    }
    c->r->archive_trusted_comment = trusted;
    return 1;
}

/* After parsing: the signed package name is the archive's directory. */
static int
check_archive_name(struct vctx *c)
{
    char *pkg;
    int rc;

    if (c->r->archive_trusted_comment == NULL) {
        return ODP_OK;
    }
    pkg = tc_get(c->r->archive_trusted_comment, "package");
    if (pkg == NULL || c->b.top == NULL || strcmp(pkg, c->b.top) != 0) {
        rc = odp_vcheck(c->r, "archive-signature", "", 0,
                       "signed package name differs from the archive's directory");
    } else {
        rc = odp_vcheck(c->r, "archive-signature", "", 1, "good signature over the archive");
    }
    free(pkg);
    return rc;
}

/* odpub's own packages (strict rules) have files 0644 or 0755 and directories 0755. */
static int
check_modes(struct vctx *c)
{
    if (!c->strict || c->odd_modes == 0) {
        return ODP_OK;
    }
    return odp_vcheck(c->r, "archive", "", 0,
                     "%zu entries have modes other than 0644/0755 (files) and 0755 "
                     "(directories)", c->odd_modes);
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
        }
    }
    return rc;
}

/* Bag-info is read before bagit.txt's encoding is known only to decide strictness;
 * odpub writes it in UTF-8. */
static void
read_baginfo(struct vctx *c)
{
    struct vfile *bi = odp_vbag_file(&c->b, "bag-info.txt");
    struct vfile *bt = odp_vbag_file(&c->b, "bagit.txt");
    struct odp_bagit_decl d;
    struct odp_err e2;

    if (bi == NULL || bi->content == NULL) {
        return;
    }
    memset(&e2, 0, sizeof(e2));
    if (bt == NULL || odp_bagit_parse(bt->content, bt->clen, "bagit.txt", &d, &e2) != 0) {
        snprintf(d.enc, sizeof(d.enc), "UTF-8");
    }
    if (odp_bag_text_decode(bi->content, bi->clen, d.enc, bi->path, &c->baginfo,
                            &c->baginfo_len, &e2) != ODP_OK) {
        c->baginfo = NULL;
    }
}

/*
 * Loads the package into c->b. ODP_OK, ODP_EVERIFY when the archive is refused or cannot
 * be read (a failed "archive" check says why: a corrupt download is a failed
 * verification, exit 1), or the error of an unusable input (not found, not a file).
 */
static int
load_package(struct vctx *c, const char *path, const struct odp_pubkey *pk, int *parsed,
             struct odp_err *err)
{
    struct odp_err le;
    struct stat st;
    int rc;

    *parsed = 0;
    if (stat(path, &st) != 0) {
        return odp_err_sys(err, path, "cannot open the package");
    }
    memset(&le, 0, sizeof(le));
    if (S_ISDIR(st.st_mode)) {
        rc = odp_vbag_load_dir(&c->b, path, c->o, &le);
        c->r->package = strdup(odp_basename(path));
        *parsed = rc == ODP_OK;
        if (rc == ODP_EVERIFY) {
            return odp_vcheck(c->r, "archive", "", 0, "%s", le.msg) == ODP_OK
                       ? ODP_EVERIFY
                       : odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
        if (rc != ODP_OK) {
            *err = le;
        }
        return rc;
    }
    if (!S_ISREG(st.st_mode)) {
        return odp_errf(err, ODP_EINVAL, &(struct odp_loc){path, 0, 0},
                        "not a directory or an archive file");
    }
    c->is_archive = 1;
    rc = archive_sig_first(c, path, pk);
    if (rc <= 0) {
        return rc < 0 ? odp_errf(err, ODP_ENOMEM, NULL, "out of memory") : ODP_EVERIFY;
    }
    rc = odp_vbag_load_archive(&c->b, path, c->o, &c->odd_modes, &le);
    c->r->package = rc == ODP_OK && c->b.top != NULL ? strdup(c->b.top) : NULL;
    if (rc == ODP_ENOMEM || rc == ODP_EIO) {
        *err = le;
        return rc;
    }
    if (rc != ODP_OK) {
        return odp_vcheck(c->r, "archive", "", 0, "%s", le.msg) == ODP_OK
                   ? ODP_EVERIFY
                   : odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    *parsed = 1;
    return ODP_OK;
}

static int
verify_package(const char *path, const struct odp_verify_opts *opts,
               struct odp_verify_result **out, struct odp_err *err)
{
    struct odp_verify_opts dflt;
    struct odp_pubkey *pk = NULL;
    struct vctx c;
    int parsed = 0, rc;

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
    rc = load_package(&c, path, pk, &parsed, err);
    if (!parsed) {
        goto out;
    }
    read_baginfo(&c);
    c.strict = pk != NULL || made_by_odpub(&c);

    /* Trust order: signature, tag files, payload. */
    rc = check_archive_name(&c);
    if (rc == ODP_OK) {
        rc = check_modes(&c);
    }
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
out:
    if (rc == ODP_EVERIFY) {
        c.r->ok = 0;
        odp_errf(err, ODP_EVERIFY, &(struct odp_loc){path, 0, 0}, "verification failed");
    }
    if (rc != ODP_OK && rc != ODP_EVERIFY) {
        c.r->ok = 0;
    }
    clean_summary(c.r);
    *out = c.r;
    free(c.baginfo);
    odp_vbag_release(&c.b);
    odp_pubkey_free(pk);
    return rc;
}
