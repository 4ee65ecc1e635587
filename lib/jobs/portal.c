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
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "fs.h"
#include "json.h"
#include "odp/portal.h"
#include "portal_assets.h"
#include "sign.h"
#include "table.h"
#include "odp/verify.h"

#define META_MAX (16u << 20)     /* one metadata file kept in memory */
#define PAGE_MAX (256u << 20)    /* one generated page */
#define SIG_MAX 16384u           /* a .minisig */
#define CELL_SHOW 200u           /* bytes of a preview cell before it is cut */
#define NAME_MAX_LEN 200u        /* package and archive names used as file names */
#define DICT_MAX_ROWS 100000u

struct dict_row {
    char *f[4]; /* column, type, description, treatment */
};

struct pkg {
    const char *src;       /* path as given */
    char *base;            /* archive basename */
    char *name;            /* bag name */
    char *sig_text;        /* the archive's .minisig */
    char *archive_tc;      /* trusted comment of the archive signature */
    char *bag_tc;          /* trusted comment of tagmanifest-sha256.txt.minisig */
    uint8_t sha[3][32];    /* archive, minisig, csv */
    uint64_t size[3];
    cJSON *portal, *dcat, *report;
    struct dict_row *dict;
    size_t ndict;
    char *preview;         /* rendered HTML table */
    size_t preview_rows;
    size_t csv_cols;
};

/* A page under construction: a capped buffer with a sticky error. */
struct page {
    struct odp_buf b;
    int rc;
};

static const char *const csp =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'";

void
odp_portal_opts_init(struct odp_portal_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->preview_rows = 20;
}

static int
odp_html_escape(struct odp_buf *b, const char *s, size_t n, struct odp_err *err)
{
    size_t i, run = 0;
    int rc = ODP_OK;

    for (i = 0; i < n && rc == ODP_OK; i++) {
        const char *rep = NULL;

        switch (s[i]) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            break;
        }
        if (rep != NULL) {
            rc = odp_buf_add(b, s + run, i - run, err);
            if (rc == ODP_OK) {
                rc = odp_buf_adds(b, rep, err);
            }
            run = i + 1;
        }
    }
    if (rc == ODP_OK) {
        rc = odp_buf_add(b, s + run, n - run, err);
    }
    return rc;
}

static void
raw(struct page *p, const char *s)
{
    if (p->rc == ODP_OK) {
        p->rc = odp_buf_adds(&p->b, s, NULL);
    }
}

static void rawf(struct page *p, const char *fmt, ...) ODP_PRINTF(2, 3);

static void
rawf(struct page *p, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof(tmp)) {
        p->rc = p->rc != ODP_OK ? p->rc : ODP_EINTERNAL;
        return;
    }
    raw(p, tmp);
}

/* Escaped text; NULL prints nothing. */
static void
esc(struct page *p, const char *s)
{
    if (p->rc == ODP_OK && s != NULL) {
        p->rc = odp_html_escape(&p->b, s, strlen(s), NULL);
    }
}

static void
escn(struct page *p, const char *s, size_t n)
{
    if (p->rc == ODP_OK) {
        p->rc = odp_html_escape(&p->b, s, n, NULL);
    }
}

/* 12345 -> "12,345" */
static void
fmt_count(uint64_t v, char out[32])
{
    char d[24];
    int n = snprintf(d, sizeof(d), "%" PRIu64, v);
    int i, o = 0;

    for (i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0) {
            out[o++] = ',';
        }
        out[o++] = d[i];
    }
    out[o] = '\0';
}

/* "15.1 KB" with integer math (1 KB = 1000 bytes), one decimal. */
static void
fmt_size(uint64_t v, char out[32])
{
    static const char *const unit[] = {"bytes", "KB", "MB", "GB", "TB", "PB"};
    uint64_t whole = v, tenth = 0;
    int u = 0;

    if (v < 1000) {
        snprintf(out, 32, "%" PRIu64 " bytes", v);
        return;
    }
    while (whole >= 1000 && u < 5) {
        tenth = (whole % 1000) / 100;
        whole /= 1000;
        u++;
    }
    snprintf(out, 32, "%" PRIu64 ".%" PRIu64 " %s", whole, tenth, unit[u]);
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

/* ---- JSON getters (a missing or mistyped member reads as absent) ---- */

static const char *
jstr(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

    return cJSON_IsString(v) && v->valuestring != NULL ? v->valuestring : NULL;
}

static int64_t
jint(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

    if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 9007199254740992.0) {
        return -1;
    }
    return (int64_t)v->valuedouble;
}

static const cJSON *
jobj(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

    return cJSON_IsObject(v) ? v : NULL;
}

static const char *
or_empty(const char *s)
{
    return s != NULL ? s : "";
}

static const char *
pkg_title(const struct pkg *k)
{
    const char *t = jstr(k->portal, "name");

    return t != NULL && t[0] != '\0' ? t : k->name;
}

static const char *
pkg_agency(const struct pkg *k)
{
    const char *a = jstr(k->portal, "attribution");

    if (a == NULL) {
        a = jstr(jobj(jobj(jobj(k->portal, "metadata"), "custom_fields"), "Dataset Information"),
                 "Agency");
    }
    return or_empty(a);
}

static const char *
pkg_freq(const struct pkg *k)
{
    return or_empty(jstr(jobj(jobj(jobj(k->portal, "metadata"), "custom_fields"), "Update"),
                         "Update Frequency"));
}

static const char *
pkg_date(const struct pkg *k)
{
    return or_empty(jstr(k->report, "release_date"));
}

static int64_t
pkg_rows(const struct pkg *k)
{
    return jint(jobj(k->report, "rows"), "out");
}

/* ---- files ---- */

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

/* Writes `p` (a finished page) to dir/rel. */
static int
put_page(const char *dir, const char *rel, struct page *p, struct odp_err *err)
{
    char *path;
    int rc;

    if (p->rc != ODP_OK) {
        return odp_errf(err, p->rc, &(struct odp_loc){rel, 0, 0}, "cannot render page");
    }
    path = odp_path_join(dir, rel);
    if (path == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    rc = odp_write_file(path, p->b.p != NULL ? p->b.p : "", p->b.len, NULL, err);
    free(path);
    return rc;
}

/* ---- reading a verified archive ---- */

/* The data dictionary is a small RFC 4180 CSV; fields past the fourth are ignored. */
static int
parse_dict(const char *s, size_t n, struct pkg *k, struct odp_err *err)
{
    struct odp_buf f;
    struct dict_row row;
    size_t i = 0, nf = 0, cap = 0;
    int rc = ODP_OK, quoted, header = 1;

    memset(&row, 0, sizeof(row));
    odp_buf_init(&f, META_MAX);
    while (i < n && rc == ODP_OK) {
        int end_row = 0;

        odp_buf_reset(&f);
        quoted = 0;
        if (s[i] == '"') {
            quoted = 1;
            i++;
        }
        while (i < n && rc == ODP_OK) {
            char c = s[i];

            if (quoted) {
                if (c == '"' && i + 1 < n && s[i + 1] == '"') {
                    rc = odp_buf_addc(&f, '"', err);
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    quoted = 0;
                    i++;
                    continue;
                }
            } else if (c == ',' || c == '\n' || c == '\r') {
                break;
            }
            rc = odp_buf_addc(&f, c, err);
            i++;
        }
        if (rc != ODP_OK) {
            break;
        }
        if (quoted) {
            rc = odp_errf(err, ODP_ESYNTAX, &(struct odp_loc){"metadata/data-dictionary.csv", 0, 0},
                          "unterminated quoted field");
            break;
        }
        if (i >= n || s[i] == '\n' || s[i] == '\r') {
            end_row = 1;
            if (i < n && s[i] == '\r') {
                i++;
            }
            if (i < n && s[i] == '\n') {
                i++;
            }
        } else {
            i++; /* ',' */
        }
        if (nf < 4) {
            /* an empty field may have no NUL yet: never take it */
            row.f[nf] = f.len > 0 ? odp_buf_take(&f) : strdup("");
            if (row.f[nf] == NULL) {
                rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
                break;
            }
        }
        nf++;
        if (end_row) {
            if (header) {
                header = 0;
                for (nf = 0; nf < 4; nf++) {
                    free(row.f[nf]);
                }
            } else {
                if (k->ndict == cap) {
                    struct dict_row *nd;

                    if (cap >= DICT_MAX_ROWS) {
                        rc = odp_errf(err, ODP_ELIMIT,
                                      &(struct odp_loc){"metadata/data-dictionary.csv", 0, 0},
                                      "too many rows");
                        break;
                    }
                    cap = cap == 0 ? 32 : cap * 2;
                    nd = realloc(k->dict, cap * sizeof(*nd));
                    if (nd == NULL) {
                        rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
                        break;
                    }
                    k->dict = nd;
                }
                k->dict[k->ndict++] = row;
            }
            memset(&row, 0, sizeof(row));
            nf = 0;
        }
    }
    for (nf = 0; nf < 4; nf++) {
        free(row.f[nf]);
    }
    odp_buf_release(&f);
    return rc;
}

static int
read_entry_mem(struct archive *a, const char *what, char **out, size_t *len, struct odp_err *err)
{
    struct odp_buf b;
    char tmp[65536];
    la_ssize_t r = 0;
    int rc = ODP_OK;

    odp_buf_init(&b, META_MAX);
    rc = odp_buf_reserve(&b, 1, err);
    while (rc == ODP_OK && (r = archive_read_data(a, tmp, sizeof(tmp))) > 0) {
        rc = odp_buf_add(&b, tmp, (size_t)r, err);
    }
    if (rc == ODP_OK && r < 0) {
        rc = odp_errf(err, ODP_EIO, &(struct odp_loc){what, 0, 0}, "cannot read archive entry");
    }
    if (rc != ODP_OK) {
        odp_buf_release(&b);
        return rc;
    }
    *len = b.len;
    *out = b.len > 0 ? odp_buf_take(&b) : strdup("");
    odp_buf_release(&b);
    if (*out == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    return ODP_OK;
}

static int
read_entry_file(struct archive *a, const char *dst, struct odp_err *err)
{
    char tmp[65536];
    la_ssize_t r = 0;
    int fd, rc = ODP_OK;

    fd = odp_create(dst, 0644, err);
    if (fd < 0) {
        return ODP_EIO;
    }
    while (rc == ODP_OK && (r = archive_read_data(a, tmp, sizeof(tmp))) > 0) {
        size_t off = 0;

        while (off < (size_t)r && rc == ODP_OK) {
            ssize_t w = write(fd, tmp + off, (size_t)r - off);

            if (w < 0 && errno == EINTR) {
                continue;
            }
            if (w < 0) {
                rc = odp_err_sys(err, dst, "cannot write");
            } else {
                off += (size_t)w;
            }
        }
    }
    if (rc == ODP_OK && r < 0) {
        rc = odp_errf(err, ODP_EIO, &(struct odp_loc){dst, 0, 0}, "cannot read archive entry");
    }
    if (rc == ODP_OK && fsync(fd) != 0) {
        rc = odp_err_sys(err, dst, "cannot sync");
    }
    if (close(fd) != 0 && rc == ODP_OK) {
        rc = odp_err_sys(err, dst, "cannot close");
    }
    return rc;
}

static int
parse_json(const char *text, size_t len, const char *what, cJSON **out, struct odp_err *err)
{
    const char *end = NULL;

    *out = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (*out == NULL || !cJSON_IsObject(*out)) {
        cJSON_Delete(*out);
        *out = NULL;
        return odp_errf(err, ODP_ESYNTAX, &(struct odp_loc){what, 0, 0},
                        "not a JSON object");
    }
    return ODP_OK;
}

/*
 * Reads the verified archive at `path`: keeps portal.json, dcat-us.json, report.json and
 * the dictionary, and streams the single data/<x>.csv to csv_dst.
 */
static int
read_package(const char *path, struct pkg *k, const char *csv_dst, struct odp_err *err)
{
    struct archive *a = archive_read_new();
    struct archive_entry *e;
    size_t plen = strlen(k->name);
    int ncsv = 0, rc = ODP_OK, r;

    if (a == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    archive_read_support_filter_gzip(a);
    archive_read_support_filter_zstd(a);
    archive_read_support_format_tar(a);
    archive_read_support_format_zip(a);
    if (archive_read_open_filename(a, path, 65536) != ARCHIVE_OK) {
        archive_read_free(a);
        return odp_errf(err, ODP_EIO, &(struct odp_loc){k->src, 0, 0}, "cannot open archive");
    }
    while (rc == ODP_OK && (r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
        const char *name = archive_entry_pathname(e);
        const char *rel;
        char *text = NULL;
        size_t len = 0;

        if (name == NULL || strncmp(name, k->name, plen) != 0 || name[plen] != '/' ||
            archive_entry_filetype(e) != AE_IFREG) {
            continue;
        }
        rel = name + plen + 1;
        if (strncmp(rel, "data/", 5) == 0) {
            size_t rl = strlen(rel);

            if (rl < 9 || strcmp(rel + rl - 4, ".csv") != 0 || strchr(rel + 5, '/') != NULL ||
                ++ncsv > 1) {
                rc = odp_errf(err, ODP_ESCHEMA, &(struct odp_loc){k->src, 0, 0},
                              "the portal publishes packages with one CSV payload file");
                break;
            }
            rc = read_entry_file(a, csv_dst, err);
            continue;
        }
        if (strcmp(rel, "metadata/portal.json") != 0 && strcmp(rel, "metadata/dcat-us.json") != 0 &&
            strcmp(rel, "report.json") != 0 && strcmp(rel, "metadata/data-dictionary.csv") != 0) {
            continue;
        }
        rc = read_entry_mem(a, rel, &text, &len, err);
        if (rc != ODP_OK) {
            break;
        }
        if (strcmp(rel, "metadata/portal.json") == 0) {
            rc = parse_json(text, len, rel, &k->portal, err);
        } else if (strcmp(rel, "metadata/dcat-us.json") == 0) {
            rc = parse_json(text, len, rel, &k->dcat, err);
        } else if (strcmp(rel, "report.json") == 0) {
            rc = parse_json(text, len, rel, &k->report, err);
        } else {
            rc = parse_dict(text, len, k, err);
        }
        free(text);
    }
    archive_read_free(a);
    if (rc == ODP_OK && (k->portal == NULL || k->dcat == NULL || k->report == NULL ||
                         k->dict == NULL || ncsv != 1)) {
        rc = odp_errf(err, ODP_ESCHEMA, &(struct odp_loc){k->src, 0, 0},
                      "package lacks portal metadata (metadata/portal.json, dcat-us.json, "
                      "data-dictionary.csv, report.json or its CSV)");
    }
    return rc;
}

/* Cuts a cell for the preview at a UTF-8 boundary. */
static size_t
cut_utf8(const char *p, size_t n, size_t max)
{
    if (n <= max) {
        return n;
    }
    while (max > 0 && ((unsigned char)p[max] & 0xC0) == 0x80) {
        max--;
    }
    return max;
}

static int
render_preview(const char *csv, struct pkg *k, size_t want, struct odp_err *err)
{
    struct odp_table *t = odp_table_open(csv, ODP_FMT_CSV, 0, err);
    const struct odp_row *h;
    struct odp_row row;
    struct page p;
    size_t i;
    int rc;

    if (t == NULL) {
        return err != NULL && err->code != ODP_OK ? err->code : ODP_EIO;
    }
    odp_buf_init(&p.b, PAGE_MAX);
    p.rc = ODP_OK;
    h = odp_table_header(t);
    k->csv_cols = h->n;
    raw(&p, "<div class=\"scroll\" role=\"region\" aria-labelledby=\"preview-h\" tabindex=\"0\">\n"
            "<table class=\"preview\">\n<thead>\n<tr>");
    for (i = 0; i < h->n; i++) {
        raw(&p, "<th scope=\"col\">");
        escn(&p, h->f[i].p, h->f[i].len);
        raw(&p, "</th>");
    }
    raw(&p, "</tr>\n</thead>\n<tbody>\n");
    while (k->preview_rows < want && (rc = odp_table_next(t, &row, err)) == ODP_OK) {
        raw(&p, "<tr>");
        for (i = 0; i < row.n; i++) {
            size_t n = cut_utf8(row.f[i].p, row.f[i].len, CELL_SHOW);

            raw(&p, "<td>");
            escn(&p, row.f[i].p, n);
            if (n < row.f[i].len) {
                raw(&p, "\xE2\x80\xA6");
            }
            raw(&p, "</td>");
        }
        raw(&p, "</tr>\n");
        k->preview_rows++;
    }
    if (k->preview_rows < want && rc != ODP_END) {
        odp_table_free(t);
        odp_buf_release(&p.b);
        return rc;
    }
    raw(&p, "</tbody>\n</table>\n</div>\n");
    odp_table_free(t);
    if (p.rc != ODP_OK) {
        odp_buf_release(&p.b);
        return odp_errf(err, p.rc, NULL, "cannot render the preview");
    }
    k->preview = odp_buf_take(&p.b);
    if (k->preview == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    return ODP_OK;
}

/* ---- verification ---- */

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
        vr->archive_trusted_comment != NULL && vr->trusted_comment != NULL &&
        vr->package != NULL) {
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
        return odp_errf(err, ODP_EVERIFY, &loc,
                        "refused: the archive signature was not checked");
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
                      "agency key: %s", k->base, verr.msg);
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
        rc = read_package(arch, k, csv, err);
    }
    if (rc == ODP_OK) {
        rc = odp_sha256_file(csv, k->sha[2], &k->size[2], err);
    }
    if (rc == ODP_OK) {
        rc = render_preview(csv, k, o->preview_rows, err);
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

/* ---- pages ---- */

static void
head(struct page *p, const char *title, const char *pfx)
{
    raw(p, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<meta http-equiv=\"Content-Security-Policy\" content=\"");
    raw(p, csp);
    raw(p, "\">\n<meta name=\"referrer\" content=\"no-referrer\">\n<title>");
    esc(p, title);
    raw(p, "</title>\n<link rel=\"stylesheet\" href=\"");
    raw(p, pfx);
    raw(p, "assets/style.css\">\n<link rel=\"icon\" href=\"");
    raw(p, pfx);
    raw(p, "assets/favicon.svg\" type=\"image/svg+xml\">\n</head>\n<body>\n"
           "<a class=\"skip\" href=\"#main\">Skip to content</a>\n"
           "<header class=\"site\"><p class=\"brand\"><a href=\"");
    raw(p, pfx);
    raw(p, "index.html\">Open Data catalog</a></p></header>\n<main id=\"main\">\n");
}

static void
foot(struct page *p, const char *pfx, const char *key_id, const char *const *scripts)
{
    size_t i;

    raw(p, "</main>\n<footer class=\"site\">\n<p>Every dataset here was checked against the "
           "agency's signing key (key ID <code>");
    esc(p, key_id);
    raw(p, "</code>, <a href=\"");
    raw(p, pfx);
    raw(p, "agency.pub\">agency.pub</a>) when this site was built. Machine-readable catalogs: "
           "<a href=\"");
    raw(p, pfx);
    raw(p, "data.json\">data.json</a> (DCAT-US) and <a href=\"");
    raw(p, pfx);
    raw(p, "catalog.json\">catalog.json</a>. Built with odpub.</p>\n</footer>\n");
    for (i = 0; scripts[i] != NULL; i++) {
        raw(p, "<script src=\"");
        raw(p, pfx);
        raw(p, "assets/");
        raw(p, scripts[i]);
        raw(p, "\"></script>\n");
    }
    raw(p, "</body>\n</html>\n");
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Unique sorted values of a per-package string, as <option>s. */
static void
options(struct page *p, struct pkg *ks, size_t n, const char *(*get)(const struct pkg *))
{
    const char **v = calloc(n + 1, sizeof(*v));
    size_t i;

    if (v == NULL) {
        p->rc = ODP_ENOMEM;
        return;
    }
    for (i = 0; i < n; i++) {
        v[i] = get(&ks[i]);
    }
    qsort(v, n, sizeof(*v), cmp_str);
    for (i = 0; i < n; i++) {
        if (v[i][0] == '\0' || (i > 0 && strcmp(v[i], v[i - 1]) == 0)) {
            continue;
        }
        raw(p, "<option value=\"");
        esc(p, v[i]);
        raw(p, "\">");
        esc(p, v[i]);
        raw(p, "</option>\n");
    }
    free(v);
}

static const char *
pkg_category(const struct pkg *k)
{
    return or_empty(jstr(k->portal, "category"));
}

static void
tags(struct page *p, const struct pkg *k)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(k->portal, "tags");
    const cJSON *it;
    int any = 0;

    raw(p, "<ul class=\"tags\">");
    cJSON_ArrayForEach(it, t)
    {
        if (cJSON_IsString(it) && it->valuestring != NULL) {
            raw(p, "<li>");
            esc(p, it->valuestring);
            raw(p, "</li>");
            any = 1;
        }
    }
    if (!any) {
        raw(p, "<li>none</li>");
    }
    raw(p, "</ul>");
}

static void
rows_text(struct page *p, int64_t rows)
{
    char n[32];

    if (rows < 0) {
        raw(p, "not stated");
        return;
    }
    fmt_count((uint64_t)rows, n);
    raw(p, n);
}

static int
write_index(const char *tmp, struct pkg *ks, size_t n, const char *key_id, struct odp_err *err)
{
    static const char *const scripts[] = {"catalog.js", NULL};
    struct page p;
    size_t i;
    int rc;

    odp_buf_init(&p.b, PAGE_MAX);
    p.rc = ODP_OK;
    head(&p, "Open Data catalog", "");
    raw(&p, "<h1>Open Data catalog</h1>\n");
    rawf(&p, "<p>%zu dataset%s, each published as a signed package. Every page lists what "
             "was removed or coarsened to protect people's privacy.</p>\n",
         n, n == 1 ? "" : "s");
    raw(&p, "<form class=\"filters\" id=\"filters\" role=\"search\" hidden>\n"
            "<div class=\"field\"><label for=\"q\">Search</label>"
            "<input type=\"search\" id=\"q\" name=\"q\" autocomplete=\"off\"></div>\n"
            "<div class=\"field\"><label for=\"agency\">Agency</label>"
            "<select id=\"agency\" name=\"agency\"><option value=\"\">All agencies</option>\n");
    options(&p, ks, n, pkg_agency);
    raw(&p, "</select></div>\n<div class=\"field\"><label for=\"category\">Category</label>"
            "<select id=\"category\" name=\"category\">"
            "<option value=\"\">All categories</option>\n");
    options(&p, ks, n, pkg_category);
    raw(&p, "</select></div>\n</form>\n"
            "<p id=\"count\" class=\"count\" role=\"status\" aria-live=\"polite\"></p>\n"
            "<ul class=\"catalog\" id=\"catalog\">\n");
    for (i = 0; i < n; i++) {
        const struct pkg *k = &ks[i];

        raw(&p, "<li class=\"ds\" data-agency=\"");
        esc(&p, pkg_agency(k));
        raw(&p, "\" data-category=\"");
        esc(&p, pkg_category(k));
        raw(&p, "\">\n<article>\n<h2><a href=\"datasets/");
        esc(&p, k->name);
        raw(&p, ".html\">");
        esc(&p, pkg_title(k));
        raw(&p, "</a></h2>\n<p>");
        esc(&p, jstr(k->portal, "description"));
        raw(&p, "</p>\n<dl class=\"facts\">\n<div><dt>Agency</dt><dd>");
        esc(&p, pkg_agency(k));
        raw(&p, "</dd></div>\n<div><dt>Category</dt><dd>");
        esc(&p, pkg_category(k));
        raw(&p, "</dd></div>\n<div><dt>Tags</dt><dd>");
        tags(&p, k);
        raw(&p, "</dd></div>\n<div><dt>Update frequency</dt><dd>");
        esc(&p, pkg_freq(k));
        raw(&p, "</dd></div>\n<div><dt>Rows</dt><dd>");
        rows_text(&p, pkg_rows(k));
        raw(&p, "</dd></div>\n<div><dt>Released</dt><dd><time datetime=\"");
        esc(&p, pkg_date(k));
        raw(&p, "\">");
        esc(&p, pkg_date(k));
        raw(&p, "</time></dd></div>\n</dl>\n</article>\n</li>\n");
    }
    raw(&p, "</ul>\n<p id=\"none\" class=\"none\" hidden>No dataset matches.</p>\n");
    foot(&p, "", key_id, scripts);
    rc = put_page(tmp, "index.html", &p, err);
    odp_buf_release(&p.b);
    return rc;
}

/* report.json's column entry for `name`, or NULL. */
static const cJSON *
report_col(const struct pkg *k, const char *name)
{
    const cJSON *cols = cJSON_GetObjectItemCaseSensitive(k->report, "columns");
    const cJSON *c;

    cJSON_ArrayForEach(c, cols)
    {
        const char *n = jstr(c, "name");

        if (n != NULL && strcmp(n, name) == 0) {
            return c;
        }
    }
    return NULL;
}

static void
dictionary(struct page *p, const struct pkg *k)
{
    size_t i;

    raw(p, "<div class=\"scroll\" role=\"region\" aria-labelledby=\"dict-h\" tabindex=\"0\">\n"
           "<table class=\"dict\">\n<thead>\n<tr><th scope=\"col\">Column</th>"
           "<th scope=\"col\">Type</th><th scope=\"col\">Description</th>"
           "<th scope=\"col\">Privacy treatment</th><th scope=\"col\">Values changed</th></tr>\n"
           "</thead>\n<tbody>\n");
    for (i = 0; i < k->ndict; i++) {
        const struct dict_row *d = &k->dict[i];
        const cJSON *rc = report_col(k, or_empty(d->f[0]));
        const char *action = rc != NULL ? jstr(rc, "action") : NULL;
        int dropped = rc == NULL && d->f[3] != NULL && strncmp(d->f[3], "dropped", 7) == 0;
        int64_t changed = rc != NULL ? jint(rc, "changed") : -1;

        raw(p, dropped ? "<tr class=\"dropped\">" : "<tr>");
        raw(p, "<th scope=\"row\"><code>");
        esc(p, d->f[0]);
        raw(p, "</code></th><td>");
        esc(p, d->f[1] != NULL && d->f[1][0] != '\0' ? d->f[1] : "\xE2\x80\x94");
        raw(p, "</td><td>");
        esc(p, d->f[2]);
        raw(p, "</td><td class=\"treatment\" data-column=\"");
        esc(p, d->f[0]);
        raw(p, "\">");
        if (action != NULL || dropped) {
            raw(p, "<span class=\"action action-");
            esc(p, dropped ? "drop" : action);
            raw(p, "\">");
            esc(p, dropped ? "drop" : action);
            raw(p, "</span> ");
        }
        esc(p, d->f[3]);
        raw(p, "</td><td class=\"num\">");
        if (dropped) {
            raw(p, "not published");
        } else {
            rows_text(p, changed);
        }
        raw(p, "</td></tr>\n");
    }
    raw(p, "</tbody>\n</table>\n</div>\n");
}

static void
fact_u(struct page *p, const char *label, int64_t v)
{
    raw(p, "<div><dt>");
    raw(p, label);
    raw(p, "</dt><dd>");
    rows_text(p, v);
    raw(p, "</dd></div>\n");
}

/* One fact with a text value (escaped); nothing when the value is absent. */
static void
fact_s(struct page *p, const char *label, const char *v)
{
    if (v == NULL) {
        return;
    }
    raw(p, "<div><dt>");
    raw(p, label);
    raw(p, "</dt><dd>");
    esc(p, v);
    raw(p, "</dd></div>\n");
}

/* privacy.differential_privacy of report.json (docs/PRIVACY-MODELS.md), when present. */
static void
dp_facts(struct page *p, const cJSON *d)
{
    if (!cJSON_IsObject(d)) {
        return;
    }
    fact_s(p, "Differential privacy (mechanism)", jstr(d, "mechanism"));
    fact_s(p, "Epsilon spent by this release", jstr(d, "epsilon_spent"));
    fact_s(p, "Epsilon left in the privacy budget", jstr(d, "epsilon_left"));
    if (jint(d, "margin_of_error_95") >= 0) {
        fact_u(p, "95 % margin of error of a noisy count (+/-)", jint(d, "margin_of_error_95"));
    }
}

static void
privacy_summary(struct page *p, const struct pkg *k)
{
    const cJSON *rows = jobj(k->report, "rows");
    const cJSON *pr = jobj(k->report, "privacy");
    const cJSON *drop = cJSON_GetObjectItemCaseSensitive(k->report, "dropped_columns");
    const cJSON *dw = cJSON_GetObjectItemCaseSensitive(k->report, "drop_when");
    const cJSON *qi = cJSON_GetObjectItemCaseSensitive(pr, "quasi_identifiers");
    const cJSON *it;
    int64_t kk = jint(pr, "k");
    int any = 0;

    raw(p, "<dl class=\"facts privacy\">\n");
    fact_u(p, "Rows in the source extract", jint(rows, "in"));
    fact_u(p, "Rows published", jint(rows, "out"));
    fact_u(p, "Rows dropped by rule", jint(rows, "dropped"));
    fact_u(p, "Rows suppressed (k-anonymity)", jint(rows, "suppressed"));
    raw(p, "<div><dt>Columns not published</dt><dd>");
    cJSON_ArrayForEach(it, drop)
    {
        if (cJSON_IsString(it)) {
            raw(p, any ? ", " : "");
            raw(p, "<code class=\"dropped-col\">");
            esc(p, it->valuestring);
            raw(p, "</code>");
            any = 1;
        }
    }
    raw(p, any ? "</dd></div>\n" : "none</dd></div>\n");
    if (kk > 0) {
        fact_u(p, "k required", kk);
        fact_u(p, "k reached (smallest group of rows sharing quasi-identifiers)",
               jint(pr, "k_reached"));
        raw(p, "<div><dt>Quasi-identifiers</dt><dd>");
        any = 0;
        cJSON_ArrayForEach(it, qi)
        {
            if (cJSON_IsString(it)) {
                raw(p, any ? ", " : "");
                raw(p, "<code>");
                esc(p, it->valuestring);
                raw(p, "</code>");
                any = 1;
            }
        }
        raw(p, "</dd></div>\n");
    } else {
        raw(p, "<div><dt>k-anonymity</dt><dd>not applied</dd></div>\n");
    }
    if (jint(pr, "small_cell_threshold") >= 0) {
        fact_u(p, "Small-cell threshold", jint(pr, "small_cell_threshold"));
        fact_u(p, "Cells suppressed (below the threshold)", jint(pr, "cells_suppressed_primary"));
        fact_u(p, "Cells suppressed (complementary)", jint(pr, "cells_suppressed_complementary"));
    }
    dp_facts(p, jobj(pr, "differential_privacy"));
    cJSON_ArrayForEach(it, dw)
    {
        raw(p, "<div><dt>Rows dropped by a rule on <code>");
        esc(p, jstr(it, "column"));
        raw(p, "</code></dt><dd>");
        rows_text(p, jint(it, "rows"));
        raw(p, "</dd></div>\n");
    }
    raw(p, "</dl>\n");
}

static void
download_row(struct page *p, const char *href, const char *label, const uint8_t sha[32],
             uint64_t size)
{
    char hex[65], human[32], exact[32];

    odp_hex(sha, 32, hex);
    fmt_size(size, human);
    fmt_count(size, exact);
    raw(p, "<tr><th scope=\"row\"><a href=\"../downloads/");
    esc(p, href);
    raw(p, "\" download>");
    esc(p, href);
    raw(p, "</a><br><span class=\"what\">");
    raw(p, label);
    raw(p, "</span></th><td class=\"num\">");
    raw(p, human);
    raw(p, "<br><span class=\"what\">");
    raw(p, exact);
    raw(p, " bytes</span></td><td><code class=\"hash\">");
    raw(p, hex);
    raw(p, "</code></td></tr>\n");
}

static int
write_dataset(const char *tmp, const struct pkg *k, const char *key_id, const char *pub_b64,
              struct odp_err *err)
{
    static const char *const scripts[] = {"blake2b.js", "verify.js", NULL};
    struct page p;
    char *rel, csvname[NAME_MAX_LEN + 8], signame[NAME_MAX_LEN + 16], cnt[32];
    const cJSON *contact = jobj(k->dcat, "contactPoint");
    const char *mail;
    int rc;

    snprintf(csvname, sizeof(csvname), "%s.csv", k->name);
    snprintf(signame, sizeof(signame), "%s.minisig", k->base);
    odp_buf_init(&p.b, PAGE_MAX);
    p.rc = ODP_OK;
    head(&p, pkg_title(k), "../");
    raw(&p, "<nav class=\"crumbs\" aria-label=\"Breadcrumb\"><a href=\"../index.html\">Catalog</a>"
            " \xE2\x80\xBA ");
    esc(&p, pkg_title(k));
    raw(&p, "</nav>\n<h1>");
    esc(&p, pkg_title(k));
    raw(&p, "</h1>\n<p class=\"lead\">");
    esc(&p, jstr(k->portal, "description"));
    raw(&p, "</p>\n<dl class=\"facts\">\n<div><dt>Agency</dt><dd>");
    esc(&p, pkg_agency(k));
    raw(&p, "</dd></div>\n<div><dt>Category</dt><dd>");
    esc(&p, pkg_category(k));
    raw(&p, "</dd></div>\n<div><dt>Tags</dt><dd>");
    tags(&p, k);
    raw(&p, "</dd></div>\n<div><dt>Update frequency</dt><dd>");
    esc(&p, pkg_freq(k));
    raw(&p, "</dd></div>\n<div><dt>Rows</dt><dd>");
    rows_text(&p, pkg_rows(k));
    raw(&p, "</dd></div>\n<div><dt>Released</dt><dd><time datetime=\"");
    esc(&p, pkg_date(k));
    raw(&p, "\">");
    esc(&p, pkg_date(k));
    raw(&p, "</time></dd></div>\n<div><dt>License</dt><dd>");
    esc(&p, or_empty(jstr(k->portal, "license")));
    raw(&p, "</dd></div>\n<div><dt>Contact</dt><dd>");
    esc(&p, or_empty(jstr(contact, "fn")));
    mail = jstr(contact, "hasEmail");
    if (mail != NULL && strncmp(mail, "mailto:", 7) == 0) {
        raw(&p, " (");
        esc(&p, mail + 7);
        raw(&p, ")");
    }
    raw(&p, "</dd></div>\n<div><dt>Package</dt><dd><code>");
    esc(&p, k->name);
    raw(&p, "</code></dd></div>\n</dl>\n");

    raw(&p, "<section aria-labelledby=\"dict-h\">\n<h2 id=\"dict-h\">Data dictionary and "
            "privacy treatment</h2>\n<p>Each column as published, and what was done to it "
            "before publication. Dropped columns are not in the data.</p>\n");
    dictionary(&p, k);
    raw(&p, "</section>\n<section aria-labelledby=\"privacy-h\">\n<h2 id=\"privacy-h\">Privacy "
            "summary</h2>\n");
    privacy_summary(&p, k);
    raw(&p, "</section>\n<section aria-labelledby=\"preview-h\">\n"
            "<h2 id=\"preview-h\">Preview</h2>\n");
    fmt_count(k->preview_rows, cnt);
    raw(&p, "<p>The first ");
    raw(&p, cnt);
    raw(&p, " rows of the published CSV");
    if (pkg_rows(k) >= 0) {
        raw(&p, " (of ");
        rows_text(&p, pkg_rows(k));
        raw(&p, ")");
    }
    raw(&p, ".</p>\n");
    raw(&p, k->preview);
    raw(&p, "</section>\n");

    raw(&p, "<section aria-labelledby=\"dl-h\">\n<h2 id=\"dl-h\">Downloads</h2>\n"
            "<div class=\"scroll\" role=\"region\" aria-labelledby=\"dl-h\" tabindex=\"0\">\n"
            "<table class=\"downloads\">\n<thead><tr><th scope=\"col\">File</th>"
            "<th scope=\"col\">Size</th><th scope=\"col\">SHA-256</th></tr></thead>\n<tbody>\n");
    download_row(&p, k->base, "signed package (BagIt bag)", k->sha[0], k->size[0]);
    download_row(&p, signame, "minisign signature of the package", k->sha[1], k->size[1]);
    download_row(&p, csvname, "the data alone (CSV, also inside the package)", k->sha[2],
                 k->size[2]);
    raw(&p, "</tbody>\n</table>\n</div>\n</section>\n");

    raw(&p, "<section aria-labelledby=\"sig-h\">\n<h2 id=\"sig-h\">Signature</h2>\n"
            "<dl class=\"facts sig\">\n<div><dt>Signer key ID</dt><dd><code id=\"signer-key-id\">");
    esc(&p, key_id);
    raw(&p, "</code></dd></div>\n<div><dt>Agency public key</dt><dd><code class=\"hash\" "
            "id=\"agency-pubkey\">");
    esc(&p, pub_b64);
    raw(&p, "</code> (<a href=\"../agency.pub\">agency.pub</a>)</dd></div>\n"
            "<div><dt>Trusted comment (package archive)</dt><dd><code class=\"tc\">");
    esc(&p, k->archive_tc);
    raw(&p, "</code></dd></div>\n<div><dt>Trusted comment (bag manifest)</dt><dd><code "
            "class=\"tc\">");
    esc(&p, k->bag_tc);
    raw(&p, "</code></dd></div>\n</dl>\n");

    raw(&p, "<h3>Verify the package yourself</h3>\n<p>With <a href=\"https://jedisct1.github.io/"
            "minisign/\">minisign</a> (or <code>odpub verify</code>), after downloading the "
            "package and its signature:</p>\n<pre><code>minisign -V -P ");
    esc(&p, pub_b64);
    raw(&p, " -m ");
    esc(&p, k->base);
    raw(&p, "\nodpub verify ");
    esc(&p, k->base);
    raw(&p, " --pubkey agency.pub</code></pre>\n");
    raw(&p, "<div class=\"verifier\" id=\"verifier\" hidden data-archive=\"../downloads/");
    esc(&p, k->base);
    raw(&p, "\" data-minisig=\"../downloads/");
    esc(&p, signame);
    raw(&p, "\" data-pubkey=\"");
    esc(&p, pub_b64);
    raw(&p, "\" data-keyid=\"");
    esc(&p, key_id);
    raw(&p, "\" data-minisig-text=\"");
    esc(&p, k->sig_text);
    raw(&p, "\">\n<p>Or check it in this browser: the page loads the package and its signature "
            "and checks them against the agency key above (BLAKE2b-512 and Ed25519, nothing is "
            "sent anywhere).</p>\n"
            "<p><button type=\"button\" id=\"verify-btn\">Verify</button></p>\n"
            "<fieldset class=\"pick\">\n<legend>Or check files you downloaded</legend>\n"
            "<div class=\"field\"><label for=\"pick-archive\">Package archive</label>"
            "<input type=\"file\" id=\"pick-archive\"></div>\n"
            "<div class=\"field\"><label for=\"pick-sig\">Signature (.minisig; optional, "
            "defaults to the one published here)</label><input type=\"file\" id=\"pick-sig\" "
            "accept=\".minisig\"></div>\n"
            "<p><button type=\"button\" id=\"verify-files\">Verify chosen files</button></p>\n"
            "</fieldset>\n"
            "<div id=\"verify-result\" class=\"result\" role=\"status\" "
            "aria-live=\"polite\"></div>\n"
            "</div>\n</section>\n");
    foot(&p, "../", key_id, scripts);
    rel = malloc(strlen(k->name) + 16);
    if (rel == NULL) {
        odp_buf_release(&p.b);
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    snprintf(rel, strlen(k->name) + 16, "datasets/%s.html", k->name);
    rc = put_page(tmp, rel, &p, err);
    free(rel);
    odp_buf_release(&p.b);
    return rc;
}

static const char *
media_type(const char *base)
{
    size_t n = strlen(base);

    if (n > 4 && strcmp(base + n - 4, ".zip") == 0) {
        return "application/zip";
    }
    if (n > 4 && strcmp(base + n - 4, ".zst") == 0) {
        return "application/zstd";
    }
    return "application/gzip";
}

/* base + rel, base given with or without its final '/' (caller frees). */
static char *
url(const char *base, const char *rel)
{
    size_t bl = strlen(base), rl = strlen(rel);
    int slash = bl > 0 && base[bl - 1] == '/';
    char *u = malloc(bl + rl + 2);

    if (u != NULL) {
        snprintf(u, bl + rl + 2, "%s%s%s", base, slash ? "" : "/", rel);
    }
    return u;
}

static int
add_links(cJSON *ds, const struct pkg *k, const char *base)
{
    cJSON *dist = cJSON_GetObjectItemCaseSensitive(ds, "distribution");
    cJSON *d, *pk;
    char rel[NAME_MAX_LEN * 2 + 32];
    char *u;
    int rc = ODP_OK;

    snprintf(rel, sizeof(rel), "datasets/%s.html", k->name);
    u = url(base, rel);
    rc = u != NULL ? odp_json_add_str(ds, "landingPage", u) : ODP_ENOMEM;
    free(u);
    d = cJSON_IsArray(dist) ? cJSON_GetArrayItem(dist, 0) : NULL;
    if (rc == ODP_OK && cJSON_IsObject(d)) {
        snprintf(rel, sizeof(rel), "downloads/%s.csv", k->name);
        u = url(base, rel);
        rc = u != NULL ? odp_json_add_str(d, "downloadURL", u) : ODP_ENOMEM;
        free(u);
    }
    if (rc == ODP_OK && cJSON_IsArray(dist)) {
        pk = cJSON_CreateObject();
        snprintf(rel, sizeof(rel), "downloads/%s", k->base);
        u = url(base, rel);
        if (pk == NULL || u == NULL || !cJSON_AddItemToArray(dist, pk)) {
            cJSON_Delete(pk);
            free(u);
            return ODP_ENOMEM;
        }
        rc = odp_json_add_str(pk, "@type", "dcat:Distribution");
        if (rc == ODP_OK) {
            rc = odp_json_add_str(pk, "title",
                                  "Signed package (BagIt bag with minisign signature)");
        }
        if (rc == ODP_OK) {
            rc = odp_json_add_str(pk, "downloadURL", u);
        }
        if (rc == ODP_OK) {
            rc = odp_json_add_str(pk, "mediaType", media_type(k->base));
        }
        free(u);
    }
    return rc;
}

static int
write_catalogs(const char *tmp, struct pkg *ks, size_t n, const struct odp_portal_opts *o,
               struct odp_err *err)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *arr = NULL, *views = cJSON_CreateArray();
    char *text = NULL, *u = NULL, *path = NULL;
    size_t i;
    int rc = root != NULL && views != NULL ? ODP_OK : ODP_ENOMEM;

    if (rc == ODP_OK) {
        rc = odp_json_add_str(root, "@context",
                              "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld");
    }
    if (rc == ODP_OK && o->base_url != NULL) {
        u = url(o->base_url, "data.json");
        rc = u != NULL ? odp_json_add_str(root, "@id", u) : ODP_ENOMEM;
    }
    if (rc == ODP_OK) {
        rc = odp_json_add_str(root, "@type", "dcat:Catalog");
    }
    if (rc == ODP_OK) {
        rc = odp_json_add_str(root, "conformsTo", "https://project-open-data.cio.gov/v1.1/schema");
    }
    if (rc == ODP_OK) {
        rc = odp_json_add_str(root, "describedBy",
                              "https://project-open-data.cio.gov/v1.1/schema/catalog.json");
    }
    arr = rc == ODP_OK ? cJSON_AddArrayToObject(root, "dataset") : NULL;
    if (arr == NULL) {
        rc = ODP_ENOMEM;
    }
    for (i = 0; i < n && rc == ODP_OK; i++) {
        cJSON *ds = cJSON_Duplicate(ks[i].dcat, 1);
        cJSON *v = cJSON_Duplicate(ks[i].portal, 1);

        if (ds == NULL || v == NULL || !cJSON_AddItemToArray(arr, ds)) {
            cJSON_Delete(ds);
            cJSON_Delete(v);
            rc = ODP_ENOMEM;
            break;
        }
        if (o->base_url != NULL) {
            rc = add_links(ds, &ks[i], o->base_url);
        }
        if (!cJSON_AddItemToArray(views, v)) {
            cJSON_Delete(v);
            rc = ODP_ENOMEM;
        }
    }
    free(u);
    if (rc == ODP_OK) {
        text = odp_json_render(root);
        path = odp_path_join(tmp, "data.json");
        rc = text != NULL && path != NULL ? odp_write_file(path, text, strlen(text), NULL, err)
                                          : ODP_ENOMEM;
        free(text);
        free(path);
        text = NULL;
        path = NULL;
    }
    if (rc == ODP_OK) {
        text = odp_json_render(views);
        path = odp_path_join(tmp, "catalog.json");
        rc = text != NULL && path != NULL ? odp_write_file(path, text, strlen(text), NULL, err)
                                          : ODP_ENOMEM;
    }
    free(text);
    free(path);
    cJSON_Delete(root);
    cJSON_Delete(views);
    if (rc == ODP_ENOMEM) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    return rc;
}

static int
write_assets(const char *tmp, const char *pub_text, struct odp_err *err)
{
    char *path;
    size_t i;
    int rc = ODP_OK;

    for (i = 0; i < sizeof(odp_portal_assets) / sizeof(odp_portal_assets[0]) && rc == ODP_OK;
         i++) {
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
    return strcmp(((const struct pkg *)a)->name, ((const struct pkg *)b)->name);
}

static void
pkg_release(struct pkg *k)
{
    size_t i, j;

    free(k->base);
    free(k->name);
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
        return odp_rename_new(tmp, site, err);
    }
    if (renameat2(AT_FDCWD, tmp, AT_FDCWD, site, RENAME_EXCHANGE) != 0) {
        return odp_err_sys(err, site, "cannot replace the site");
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
    res->ds = calloc(npkgs, sizeof(*res->ds));
    if (res->ds == NULL) {
        rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        goto out;
    }
    rc = write_assets(tmp, pub_text, err);
    for (i = 0; i < npkgs && rc == ODP_OK; i++) {
        struct odp_portal_ds *d = &res->ds[i];
        size_t pl = strlen(ks[i].name) + 16, al = strlen(ks[i].base) + 16;

        rc = write_dataset(tmp, &ks[i], key_id, pub_b64, err);
        d->package = strdup(ks[i].name);
        d->title = strdup(pkg_title(&ks[i]));
        d->page = malloc(pl);
        d->archive = malloc(al);
        d->rows = pkg_rows(&ks[i]);
        res->nds++;
        if (d->package == NULL || d->title == NULL || d->page == NULL || d->archive == NULL) {
            rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
            break;
        }
        snprintf(d->page, pl, "datasets/%s.html", ks[i].name);
        snprintf(d->archive, al, "downloads/%s", ks[i].base);
    }
    if (rc == ODP_OK) {
        rc = write_index(tmp, ks, npkgs, key_id, err);
    }
    if (rc == ODP_OK) {
        rc = write_catalogs(tmp, ks, npkgs, o, err);
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
