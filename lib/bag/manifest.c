/*
 * manifest.c - BagIt (RFC 8493) building blocks: digests, manifest and tag-file
 * parsing, path safety, tree listing, and writing a bag's tag files.
 *
 * Promises: parsers accept only what a well-formed bag holds and stop at a bounded size;
 * a path from a manifest, fetch.txt or an archive is judged by odp_bag_path_problem
 * before anything opens it; errors name the file and line but never echo file content;
 * written tag files are byte-stable (sorted, LF line ends, no timestamps but the
 * release date).
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <openssl/evp.h>

#include "bag_int.h"
#include "buf.h"
#include "fs.h"
#include "lines.h"

static const struct {
    const char *name;
    size_t len;
} algs[ODP_ALG__COUNT] = {
    {"md5", 16}, {"sha1", 20}, {"sha224", 28}, {"sha256", 32}, {"sha384", 48}, {"sha512", 64},
};

int
odp_bag_alg_from_name(const char *s, size_t n)
{
    int i;

    for (i = 0; i < ODP_ALG__COUNT; i++) {
        if (strlen(algs[i].name) == n && memcmp(algs[i].name, s, n) == 0) {
            return i;
        }
    }
    return -1;
}

const char *
odp_bag_alg_name(int alg)
{
    return alg >= 0 && alg < ODP_ALG__COUNT ? algs[alg].name : "?";
}

size_t
odp_bag_alg_len(int alg)
{
    return alg >= 0 && alg < ODP_ALG__COUNT ? algs[alg].len : 0;
}

const EVP_MD *
odp_bag_alg_md(int alg)
{
    switch (alg) {
    case ODP_ALG_MD5: return EVP_md5();
    case ODP_ALG_SHA1: return EVP_sha1();
    case ODP_ALG_SHA224: return EVP_sha224();
    case ODP_ALG_SHA256: return EVP_sha256();
    case ODP_ALG_SHA384: return EVP_sha384();
    case ODP_ALG_SHA512: return EVP_sha512();
    default: return NULL;
    }
}

int
odp_mhash_init(struct odp_mhash *h, unsigned mask, struct odp_err *err)
{
    int i;

    memset(h, 0, sizeof(*h));
    h->mask = mask & ODP_ALG_ALL;
    for (i = 0; i < ODP_ALG__COUNT; i++) {
        if ((h->mask & (1u << i)) == 0) {
            continue;
        }
        h->ctx[i] = EVP_MD_CTX_new();
        if (h->ctx[i] == NULL) {
            odp_mhash_release(h);
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
        if (EVP_DigestInit_ex(h->ctx[i], odp_bag_alg_md(i), NULL) != 1) {
            odp_mhash_release(h);
            return odp_errf(err, ODP_EINTERNAL, NULL, "cannot start a %s digest", algs[i].name);
        }
    }
    return ODP_OK;
}

void
odp_mhash_update(struct odp_mhash *h, const void *p, size_t n)
{
    int i;

    for (i = 0; i < ODP_ALG__COUNT; i++) {
        if (h->ctx[i] != NULL) {
            EVP_DigestUpdate(h->ctx[i], p, n);
        }
    }
}

int
odp_mhash_final(struct odp_mhash *h, uint8_t out[ODP_ALG__COUNT][ODP_BAG_MAX_DIGEST],
                struct odp_err *err)
{
    int i;

    for (i = 0; i < ODP_ALG__COUNT; i++) {
        unsigned int len = 0;

        if (h->ctx[i] == NULL) {
            continue;
        }
        if (EVP_DigestFinal_ex(h->ctx[i], out[i], &len) != 1 || len != algs[i].len) {
            return odp_errf(err, ODP_EINTERNAL, NULL, "%s digest failed", algs[i].name);
        }
    }
    return ODP_OK;
}

void
odp_mhash_release(struct odp_mhash *h)
{
    int i;

    for (i = 0; i < ODP_ALG__COUNT; i++) {
        EVP_MD_CTX_free(h->ctx[i]);
        h->ctx[i] = NULL;
    }
    h->mask = 0;
}

static int
hexval(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

size_t
odp_bag_pct_decode(const char *in, size_t n, char *out)
{
    size_t i, o = 0;

    for (i = 0; i < n; i++) {
        if (in[i] == '%' && i + 2 < n) {
            int hi = hexval(in[i + 1]);
            int lo = hexval(in[i + 2]);
            int v = hi >= 0 && lo >= 0 ? hi * 16 + lo : -1;

            if (v == 0x0a || v == 0x0d || v == 0x25) {
                out[o++] = (char)v;
                i += 2;
                continue;
            }
        }
        out[o++] = in[i];
    }
    out[o] = '\0';
    return o;
}

char *
odp_bag_pct_encode(const char *path)
{
    struct odp_buf b;
    const char *p;
    int rc = ODP_OK;

    odp_buf_init(&b, 3 * strlen(path) + 1);
    for (p = path; *p != '\0' && rc == ODP_OK; p++) {
        switch (*p) {
        case '%': rc = odp_buf_adds(&b, "%25", NULL); break;
        case '\n': rc = odp_buf_adds(&b, "%0A", NULL); break;
        case '\r': rc = odp_buf_adds(&b, "%0D", NULL); break;
        default: rc = odp_buf_addc(&b, *p, NULL);
        }
    }
    if (rc == ODP_OK && b.p == NULL) {
        rc = odp_buf_add(&b, "", 0, NULL);
    }
    if (rc != ODP_OK) {
        odp_buf_release(&b);
        return NULL;
    }
    return odp_buf_take(&b);
}

const char *
odp_bag_path_problem(const char *path)
{
    const char *p = path;
    const char *c;

    if (path[0] == '\0') {
        return "empty path";
    }
    if (path[0] == '/') {
        return "absolute path";
    }
    if (path[0] == '~') {
        return "home-directory path";
    }
    if (strlen(path) > ODP_BAG_MAX_PATH) {
        return "path too long";
    }
    for (c = path; *c != '\0'; c++) {
        if ((unsigned char)*c < 0x20 && *c != '\n' && *c != '\r') {
            return "control character in path";
        }
        if (*c == '\\') {
            return "backslash in path";
        }
    }
    while (*p != '\0') {
        const char *e = strchr(p, '/');
        size_t n = e != NULL ? (size_t)(e - p) : strlen(p);

        if (n == 0) {
            return "empty path component";
        }
        if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.')) {
            return "'.' or '..' path component";
        }
        if (e == NULL) {
            break;
        }
        p = e + 1;
        if (*p == '\0') {
            return "path ends in '/'";
        }
    }
    return NULL;
}

static int
add_entry(struct odp_manifest *m, const char *path, size_t plen, const uint8_t *dig,
          uint64_t line, int pct, struct odp_err *err)
{
    struct odp_mentry *e;

    if (m->n == m->cap) {
        size_t ncap = m->cap != 0 ? m->cap * 2 : 16;
        struct odp_mentry *ne;

        if (ncap > 4 * ODP_BAG_MAX_ENTRIES) {
            return odp_errf(err, ODP_ELIMIT, NULL, "manifest has too many lines");
        }
        ne = realloc(m->e, ncap * sizeof(*ne));
        if (ne == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
        m->e = ne;
        m->cap = ncap;
    }
    e = &m->e[m->n];
    e->path = malloc(plen + 1);
    if (e->path == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    if (pct) {
        odp_bag_pct_decode(path, plen, e->path);
    } else {
        memcpy(e->path, path, plen);
        e->path[plen] = '\0';
    }
    memcpy(e->digest, dig, odp_bag_alg_len(m->alg));
    e->line = line;
    m->n++;
    return ODP_OK;
}

int
odp_manifest_parse(const char *text, size_t len, int alg, int pct_decode, const char *origin,
                   struct odp_manifest *m, struct odp_err *err)
{
    size_t dlen = odp_bag_alg_len(alg);
    struct odp_lines ls;
    const char *p;
    size_t n;

    memset(m, 0, sizeof(*m));
    m->alg = alg;
    if (dlen == 0) {
        return odp_errf(err, ODP_EINVAL, &(struct odp_loc){origin, 0, 0}, "unknown algorithm");
    }
    odp_lines_init(&ls, text, len);
    while (odp_next_line(&ls, ODP_LINES_CR, &p, &n, NULL) == 1) {
        uint64_t line = ls.lineno;
        size_t i, h = 0;
        uint8_t dig[ODP_BAG_MAX_DIGEST];
        int rc;

        if (n == 0) {
            continue;
        }
        /* HEX digest */
        while (h < n && hexval(p[h]) >= 0) {
            h++;
        }
        if (h != 2 * dlen) {
            return odp_errf(err, ODP_ESYNTAX, &(struct odp_loc){origin, line, 1},
                            "expected a %zu-digit %s digest", 2 * dlen, algs[alg].name);
        }
        for (i = 0; i < dlen; i++) {
            dig[i] = (uint8_t)(hexval(p[2 * i]) * 16 + hexval(p[2 * i + 1]));
        }
        /* separator: one or more spaces or tabs */
        i = h;
        while (i < n && (p[i] == ' ' || p[i] == '\t')) {
            i++;
        }
        if (i == h || i == n) {
            return odp_errf(err, ODP_ESYNTAX, &(struct odp_loc){origin, line, (uint64_t)h + 1},
                            "expected whitespace and a file path after the digest");
        }
        /* md5sum's binary-mode marker: "HEX *path" */
        if (i == h + 1 && p[i] == '*' && i + 1 < n) {
            i++;
        }
        /* "./data/x" names data/x */
        while (i + 2 < n && p[i] == '.' && p[i + 1] == '/') {
            i += 2;
        }
        rc = add_entry(m, p + i, n - i, dig, line, pct_decode, err);
        if (rc != ODP_OK) {
            return rc;
        }
    }
    return ODP_OK;
}

void
odp_manifest_release(struct odp_manifest *m)
{
    size_t i;

    for (i = 0; i < m->n; i++) {
        free(m->e[i].path);
    }
    free(m->e);
    m->e = NULL;
    m->n = m->cap = 0;
}

/* Appends code point cp as UTF-8. */
static int
put_utf8(struct odp_buf *b, uint32_t cp)
{
    char u[4];
    size_t n;

    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xc0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3f));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xe0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        u[2] = (char)(0x80 | (cp & 0x3f));
        n = 3;
    } else {
        u[0] = (char)(0xf0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
        u[3] = (char)(0x80 | (cp & 0x3f));
        n = 4;
    }
    return odp_buf_add(b, u, n, NULL);
}

int
odp_bag_text_decode(const char *p, size_t n, const char *enc, const char *origin, char **out,
                    size_t *outlen, struct odp_err *err)
{
    const unsigned char *u = (const unsigned char *)p;
    struct odp_loc loc = {origin, 0, 0};
    struct odp_buf b;
    size_t i;
    int rc = ODP_OK;

    *out = NULL;
    *outlen = 0;
    odp_buf_init(&b, 2 * n + 16);
    if (strcasecmp(enc, "UTF-8") == 0 || strcasecmp(enc, "UTF8") == 0) {
        if (n >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf) {
            u += 3;
            n -= 3;
        }
        rc = odp_buf_add(&b, u, n, NULL);
    } else if (strcasecmp(enc, "ISO-8859-1") == 0 || strcasecmp(enc, "LATIN1") == 0 ||
               strcasecmp(enc, "ISO8859-1") == 0) {
        for (i = 0; i < n && rc == ODP_OK; i++) {
            rc = put_utf8(&b, u[i]);
        }
    } else if (strncasecmp(enc, "UTF-16", 6) == 0) {
        int be = strcasecmp(enc, "UTF-16LE") != 0;

        if (n >= 2 && u[0] == 0xfe && u[1] == 0xff) {
            be = 1;
            u += 2;
            n -= 2;
        } else if (n >= 2 && u[0] == 0xff && u[1] == 0xfe) {
            be = 0;
            u += 2;
            n -= 2;
        }
        if (n % 2 != 0) {
            odp_buf_release(&b);
            return odp_errf(err, ODP_ESYNTAX, &loc, "odd number of bytes in UTF-16 text");
        }
        for (i = 0; i < n && rc == ODP_OK; i += 2) {
            uint32_t cp = be ? (uint32_t)(u[i] << 8 | u[i + 1]) : (uint32_t)(u[i + 1] << 8 | u[i]);

            if (cp >= 0xd800 && cp < 0xdc00 && i + 3 < n) {
                uint32_t lo = be ? (uint32_t)(u[i + 2] << 8 | u[i + 3])
                                 : (uint32_t)(u[i + 3] << 8 | u[i + 2]);

                if (lo < 0xdc00 || lo > 0xdfff) {
                    odp_buf_release(&b);
                    return odp_errf(err, ODP_ESYNTAX, &loc, "invalid UTF-16 surrogate pair");
                }
                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                i += 2;
            } else if (cp >= 0xd800 && cp <= 0xdfff) {
                odp_buf_release(&b);
                return odp_errf(err, ODP_ESYNTAX, &loc, "invalid UTF-16 surrogate");
            }
            rc = put_utf8(&b, cp);
        }
    } else {
        odp_buf_release(&b);
        return odp_errf(err, ODP_ESCHEMA, &loc, "unsupported Tag-File-Character-Encoding");
    }
    if (rc == ODP_OK && b.p == NULL) {
        rc = odp_buf_add(&b, "", 0, NULL);
    }
    if (rc != ODP_OK) {
        odp_buf_release(&b);
        return odp_errf(err, rc, &loc, "cannot decode the tag file");
    }
    *outlen = b.len;
    *out = odp_buf_take(&b);
    return ODP_OK;
}

static int
bagit_line(const char *p, size_t n, const char *label, const char **val, size_t *vlen)
{
    size_t l = strlen(label);

    if (n < l + 3 || memcmp(p, label, l) != 0 || p[l] != ':' || p[l + 1] != ' ' ||
        p[l + 2] == ' ' || p[l + 2] == '\t' || p[n - 1] == ' ' || p[n - 1] == '\t') {
        return -1;
    }
    *val = p + l + 2;
    *vlen = n - l - 2;
    return 0;
}

int
odp_bagit_parse(const char *p, size_t n, const char *origin, struct odp_bagit_decl *d,
                struct odp_err *err)
{
    struct odp_lines ls;
    size_t len = 0, vlen, dot;
    const char *s = p, *val;
    uint64_t maj = 0, min = 0;

    memset(d, 0, sizeof(*d));
    if (n >= 3 && (unsigned char)p[0] == 0xef && (unsigned char)p[1] == 0xbb &&
        (unsigned char)p[2] == 0xbf) {
        return odp_errf(err, ODP_EVERIFY, &(struct odp_loc){origin, 1, 1},
                        "byte-order mark not allowed in bagit.txt");
    }
    odp_lines_init(&ls, p, n);
    odp_next_line(&ls, ODP_LINES_CR, &s, &len, NULL);
    if (bagit_line(s, len, "BagIt-Version", &val, &vlen) != 0) {
        return odp_errf(err, ODP_EVERIFY, &(struct odp_loc){origin, 1, 1},
                        "expected 'BagIt-Version: M.N'");
    }
    for (dot = 0; dot < vlen && val[dot] != '.'; dot++) {
    }
    if (dot == 0 || dot >= vlen - 1 || odp_bag_parse_u64(val, dot, &maj) != 0 ||
        odp_bag_parse_u64(val + dot + 1, vlen - dot - 1, &min) != 0 || maj > 99 || min > 99) {
        return odp_errf(err, ODP_EVERIFY, &(struct odp_loc){origin, 1, 16},
                        "invalid BagIt version number");
    }
    d->major = (unsigned)maj;
    d->minor = (unsigned)min;
    s = ls.p;
    len = 0;
    odp_next_line(&ls, ODP_LINES_CR, &s, &len, NULL);
    if (bagit_line(s, len, "Tag-File-Character-Encoding", &val, &vlen) != 0) {
        return odp_errf(err, ODP_EVERIFY, &(struct odp_loc){origin, 2, 1},
                        "expected 'Tag-File-Character-Encoding: ENCODING'");
    }
    if (vlen >= sizeof(d->enc)) {
        return odp_errf(err, ODP_EVERIFY, &(struct odp_loc){origin, 2, 1},
                        "character encoding name too long");
    }
    memcpy(d->enc, val, vlen);
    d->enc[vlen] = '\0';
    /* Only blank lines may follow. */
    while (odp_next_line(&ls, ODP_LINES_CR, &s, &len, NULL) == 1) {
        if (len > 0) {
            return odp_errf(err, ODP_EVERIFY, &(struct odp_loc){origin, 3, 1},
                            "bagit.txt must hold exactly two lines");
        }
    }
    return ODP_OK;
}

char *
odp_baginfo_get(const char *p, size_t n, const char *label)
{
    size_t l = strlen(label);
    struct odp_lines ls;
    const char *s;
    size_t len;
    struct odp_buf b;
    int found = 0;

    odp_buf_init(&b, n + 1);
    odp_lines_init(&ls, p, n);
    while (odp_next_line(&ls, ODP_LINES_CR, &s, &len, NULL) == 1) {
        size_t start = (size_t)(s - p), end = start + len;
        int cont;

        cont = end > start && (p[start] == ' ' || p[start] == '\t');
        if (found) {
            if (!cont) {
                break;
            }
            while (start < end && (p[start] == ' ' || p[start] == '\t')) {
                start++;
            }
            /* no joining blank before the first text of a value that starts empty */
            if ((b.len > 0 && odp_buf_addc(&b, ' ', NULL) != ODP_OK) ||
                odp_buf_add(&b, p + start, end - start, NULL) != ODP_OK) {
                odp_buf_release(&b);
                return NULL;
            }
            continue;
        }
        if (!cont && end - start > l && strncasecmp(p + start, label, l) == 0) {
            size_t i = start + l;

            while (i < end && (p[i] == ' ' || p[i] == '\t')) {
                i++;
            }
            if (i < end && p[i] == ':') {
                i++;
                while (i < end && (p[i] == ' ' || p[i] == '\t')) {
                    i++;
                }
                if (odp_buf_add(&b, p + i, end - i, NULL) != ODP_OK ||
                    odp_buf_reserve(&b, 1, NULL) != ODP_OK) {
                    odp_buf_release(&b);
                    return NULL;
                }
                found = 1;
            }
        }
    }
    if (!found) {
        odp_buf_release(&b);
        return NULL;
    }
    while (b.len > 0 && (b.p[b.len - 1] == ' ' || b.p[b.len - 1] == '\t')) {
        b.p[--b.len] = '\0';
    }
    return odp_buf_take(&b);
}

int
odp_bag_parse_u64(const char *p, size_t n, uint64_t *v)
{
    uint64_t x = 0;
    size_t i;

    if (n == 0 || n > 20) {
        return -1;
    }
    for (i = 0; i < n; i++) {
        unsigned d;

        if (p[i] < '0' || p[i] > '9') {
            return -1;
        }
        d = (unsigned)(p[i] - '0');
        if (x > (UINT64_MAX - d) / 10) {
            return -1;
        }
        x = x * 10 + d;
    }
    *v = x;
    return 0;
}

/* --- tree listing --- */

struct list_ctx {
    struct odp_fent *v;
    size_t n, cap, max;
    char *root;
};

static int
list_add(struct list_ctx *c, const char *rel, int is_dir, uint64_t size, struct odp_err *err)
{
    struct odp_fent *e;
    size_t len = strlen(rel);

    if (c->n >= c->max) {
        return odp_errf(err, ODP_ELIMIT, &(struct odp_loc){c->root, 0, 0},
                        "more than %zu files and directories", c->max);
    }
    if (c->n == c->cap) {
        size_t ncap = c->cap != 0 ? c->cap * 2 : 32;
        struct odp_fent *nv = realloc(c->v, ncap * sizeof(*nv));

        if (nv == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
        c->v = nv;
        c->cap = ncap;
    }
    e = &c->v[c->n];
    e->path = malloc(len + 2);
    if (e->path == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    memcpy(e->path, rel, len);
    if (is_dir) {
        e->path[len++] = '/';
    }
    e->path[len] = '\0';
    e->is_dir = is_dir;
    e->size = size;
    c->n++;
    return ODP_OK;
}

static int
list_walk(struct list_ctx *c, const char *abs, const char *rel, struct odp_err *err)
{
    DIR *d = opendir(abs);
    struct dirent *de;
    int rc = ODP_OK;

    if (d == NULL) {
        return odp_err_sys(err, abs, "cannot open directory");
    }
    while (rc == ODP_OK && (de = readdir(d)) != NULL) {
        char *a, *r;
        struct stat st;

        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) {
            continue;
        }
        a = odp_path_join(abs, de->d_name);
        r = rel[0] != '\0' ? odp_path_join(rel, de->d_name) : strdup(de->d_name);
        if (a == NULL || r == NULL) {
            rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        } else if (strlen(r) > ODP_BAG_MAX_PATH) {
            rc = odp_errf(err, ODP_ELIMIT, &(struct odp_loc){a, 0, 0}, "path too long");
        } else if (lstat(a, &st) != 0) {
            rc = odp_err_sys(err, a, "cannot stat");
        } else if (S_ISDIR(st.st_mode)) {
            rc = list_add(c, r, 1, 0, err);
            if (rc == ODP_OK) {
                rc = list_walk(c, a, r, err);
            }
        } else if (S_ISREG(st.st_mode)) {
            rc = list_add(c, r, 0, (uint64_t)st.st_size, err);
        } else {
            rc = odp_errf(err, ODP_EVERIFY, &(struct odp_loc){a, 0, 0},
                          S_ISLNK(st.st_mode) ? "symbolic link not allowed in a bag"
                                              : "special file not allowed in a bag");
        }
        free(a);
        free(r);
    }
    closedir(d);
    return rc;
}

static int
fent_cmp(const void *a, const void *b)
{
    return strcmp(((const struct odp_fent *)a)->path, ((const struct odp_fent *)b)->path);
}

int
odp_bag_list(const char *root, size_t max_entries, struct odp_fent **out, size_t *n,
             struct odp_err *err)
{
    struct list_ctx c;
    int rc;

    memset(&c, 0, sizeof(c));
    c.max = max_entries;
    c.root = (char *)root;
    *out = NULL;
    *n = 0;
    rc = list_walk(&c, root, "", err);
    if (rc != ODP_OK) {
        odp_bag_list_free(c.v, c.n);
        return rc;
    }
    if (c.n > 0) {
        qsort(c.v, c.n, sizeof(*c.v), fent_cmp);
    }
    *out = c.v;
    *n = c.n;
    return ODP_OK;
}

void
odp_bag_list_free(struct odp_fent *v, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        free(v[i].path);
    }
    free(v);
}

void
odp_bag_human_size(uint64_t bytes, char *out, size_t size)
{
    static const char *units[] = {"KB", "MB", "GB", "TB", "PB"};
    uint64_t scaled = bytes, rem = 0;
    int u = -1;

    if (bytes < 1024) {
        snprintf(out, size, "%" PRIu64 " bytes", bytes);
        return;
    }
    while (scaled >= 1024 && u < 4) {
        rem = scaled % 1024;
        scaled /= 1024;
        u++;
    }
    snprintf(out, size, "%" PRIu64 ".%" PRIu64 " %s", scaled, rem * 10 / 1024, units[u]);
}

/* --- writing the tag files --- */

static int
write_buf_file(const char *dir, const char *name, struct odp_buf *b, int sync,
               struct odp_err *err)
{
    char *path = odp_path_join(dir, name);
    int rc;

    if (path == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    rc = odp_write_file_sync(path, b->p != NULL ? b->p : "", b->len, NULL, sync, err);
    free(path);
    return rc;
}

/* Writes "HEX  path\n" for every file of list that `want` selects, hashing from disk. */
static int
manifest_lines(const char *dir, const struct odp_fent *v, size_t n, int payload,
               const struct odp_pkg_info *info, struct odp_buf *b, struct odp_err *err)
{
    size_t i;
    int rc = ODP_OK;

    for (i = 0; i < n && rc == ODP_OK; i++) {
        const char *p = v[i].path;
        int is_payload = strncmp(p, "data/", 5) == 0;
        uint8_t sha[32];
        char hex[65];
        char *abs, *enc;

        if (v[i].is_dir || is_payload != payload) {
            continue;
        }
        if (!payload && (strncmp(p, "tagmanifest-", 12) == 0 ||
                         (strlen(p) > 8 && strcmp(p + strlen(p) - 8, ".minisig") == 0))) {
            continue;
        }
        if (payload && info->data_file != NULL && strcmp(p, info->data_file) == 0) {
            /* Hashed while it was written: not re-read. */
            memcpy(sha, info->data_sha256, 32);
        } else {
            abs = odp_path_join(dir, p);
            if (abs == NULL) {
                return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
            }
            rc = odp_sha256_file(abs, sha, NULL, err);
            free(abs);
            if (rc != ODP_OK) {
                return rc;
            }
        }
        enc = odp_bag_pct_encode(p);
        if (enc == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
        odp_hex(sha, 32, hex);
        rc = odp_buf_addf(b, err, "%s  %s\n", hex, enc);
        free(enc);
    }
    return rc;
}

/* "Label: value\n" with CR, LF and TAB of the value folded into spaces. */
static int
add_label(struct odp_buf *b, const char *label, const char *value, struct odp_err *err)
{
    const char *p;
    int rc = odp_buf_addf(b, err, "%s: ", label);

    for (p = value; rc == ODP_OK && *p != '\0'; p++) {
        rc = odp_buf_addc(b, (*p == '\r' || *p == '\n' || *p == '\t') ? ' ' : *p, err);
    }
    if (rc == ODP_OK) {
        rc = odp_buf_addc(b, '\n', err);
    }
    return rc;
}

int
odp_bag_write_tagfiles(const char *dir, const struct odp_pkg_info *info, struct odp_err *err)
{
    struct odp_fent *v = NULL;
    size_t n = 0, i, nfiles = 0;
    uint64_t octets = 0, total = 0, size;
    struct odp_buf b;
    char human[32], oxum[48];
    const char *agency = info->policy != NULL ? info->policy->dataset.agency : NULL;
    const char *title = info->policy != NULL ? info->policy->dataset.title : NULL;
    int rc;

    odp_buf_init(&b, 64u << 20);
    rc = odp_bag_list(dir, ODP_BAG_MAX_ENTRIES, &v, &n, err);
    if (rc != ODP_OK) {
        goto out;
    }
    for (i = 0; i < n; i++) {
        if (v[i].is_dir) {
            continue;
        }
        /* The data file's size is what the release wrote (a .tar.zst's bag holds only an
         * empty stand-in for it: odp_pkg_info.data_stream). */
        size = info->data_file != NULL && strcmp(v[i].path, info->data_file) == 0
                   ? info->data_bytes
                   : v[i].size;
        total += size;
        if (strncmp(v[i].path, "data/", 5) == 0) {
            octets += size;
            nfiles++;
        }
    }
    if (nfiles == 0) {
        rc = odp_errf(err, ODP_EINTERNAL, &(struct odp_loc){dir, 0, 0}, "bag has no payload");
        goto out;
    }

    rc = odp_buf_adds(&b, "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n", err);
    if (rc == ODP_OK) {
        rc = write_buf_file(dir, "bagit.txt", &b, ODP_BAG_SYNC(info), err);
    }
    if (rc != ODP_OK) {
        goto out;
    }

    /* Payload manifest first: bag-info's Bag-Size counts it too. */
    odp_buf_reset(&b);
    rc = manifest_lines(dir, v, n, 1, info, &b, err);
    if (rc == ODP_OK) {
        rc = write_buf_file(dir, "manifest-sha256.txt", &b, ODP_BAG_SYNC(info), err);
    }
    if (rc != ODP_OK) {
        goto out;
    }
    total += b.len + 55;

    /* Values come from the policy's dataset block: add_label folds line breaks. */
    odp_bag_human_size(total, human, sizeof(human));
    odp_buf_reset(&b);
    snprintf(oxum, sizeof(oxum), "%" PRIu64 ".%zu", octets, nfiles);
    rc = add_label(&b, "Source-Organization", agency != NULL ? agency : "unknown", err);
    if (rc == ODP_OK) {
        rc = add_label(&b, "Bagging-Date", info->release_date, err);
    }
    if (rc == ODP_OK) {
        rc = add_label(&b, "Payload-Oxum", oxum, err);
    }
    if (rc == ODP_OK) {
        rc = add_label(&b, "External-Identifier", info->package_name, err);
    }
    if (rc == ODP_OK) {
        rc = add_label(&b, "Bag-Size", human, err);
    }
    if (rc == ODP_OK && title != NULL) {
        rc = add_label(&b, "External-Description", title, err);
    }
    if (rc == ODP_OK) {
        rc = add_label(&b, "Bag-Software-Agent", "odpub 0.1.0", err);
    }
    if (rc == ODP_OK) {
        rc = write_buf_file(dir, "bag-info.txt", &b, ODP_BAG_SYNC(info), err);
    }
    if (rc != ODP_OK) {
        goto out;
    }

    /* Tag manifest over every other file outside data/, listed again now. */
    odp_bag_list_free(v, n);
    v = NULL;
    n = 0;
    rc = odp_bag_list(dir, ODP_BAG_MAX_ENTRIES, &v, &n, err);
    if (rc != ODP_OK) {
        goto out;
    }
    odp_buf_reset(&b);
    rc = manifest_lines(dir, v, n, 0, info, &b, err);
    if (rc == ODP_OK) {
        rc = write_buf_file(dir, "tagmanifest-sha256.txt", &b, ODP_BAG_SYNC(info), err);
    }
out:
    odp_bag_list_free(v, n);
    odp_buf_release(&b);
    return rc;
}
