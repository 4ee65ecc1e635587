/*
 * portal_read.c - the few files of a verified package archive the portal's pages need,
 * taken by their exact names under a size cap (metadata, report, data dictionary), and
 * its one CSV payload streamed to downloads/. Nothing is extracted by an entry's own
 * name.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "fs.h"
#include "pkgread.h"
#include "portal_int.h"

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

/* What portal_read_package keeps of the entries odp_pkgread hands it. */
struct rdctx {
    struct pkg *k;
    const char *csv_dst;
    int ncsv;
    int fd;             /* the CSV being written, or -1 */
    const char *rel;    /* the metadata entry being read (static name), or NULL */
    struct odp_buf buf; /* its bytes */
};

static const char *const meta_names[] = {"metadata/portal.json", "metadata/dcat-us.json",
                                         "report.json", "metadata/data-dictionary.csv"};

static int
rd_entry(void *ctx, const struct odp_pkgent *e, struct odp_err *err)
{
    struct rdctx *x = ctx;
    size_t i, rl;

    if (e->is_dir) {
        return ODP_PKG_SKIP;
    }
    if (strncmp(e->path, "data/", 5) == 0) {
        rl = strlen(e->path);
        if (rl < 9 || strcmp(e->path + rl - 4, ".csv") != 0 || strchr(e->path + 5, '/') != NULL ||
            ++x->ncsv > 1) {
            return odp_errf(err, ODP_ESCHEMA, &(struct odp_loc){x->k->src, 0, 0},
                            "the portal publishes packages with one CSV payload file");
        }
        x->fd = odp_create(x->csv_dst, 0644, err);
        return x->fd < 0 ? ODP_EIO : ODP_OK;
    }
    for (i = 0; i < sizeof(meta_names) / sizeof(meta_names[0]); i++) {
        if (strcmp(e->path, meta_names[i]) == 0) {
            x->rel = meta_names[i];
            odp_buf_reset(&x->buf);
            return odp_buf_reserve(&x->buf, 1, err);
        }
    }
    return ODP_PKG_SKIP;
}

static int
rd_data(void *ctx, const void *p, size_t n, struct odp_err *err)
{
    struct rdctx *x = ctx;

    if (x->fd >= 0) {
        return odp_write_all(x->fd, p, n) == 0 ? ODP_OK
                                               : odp_err_sys(err, x->csv_dst, "cannot write");
    }
    return x->rel != NULL ? odp_buf_add(&x->buf, p, n, err) : ODP_OK;
}

static int parse_json(const char *text, size_t len, const char *what, cJSON **out,
                      struct odp_err *err);

static int
rd_end(void *ctx, const uint8_t sha256[32], uint64_t size, struct odp_err *err)
{
    struct rdctx *x = ctx;
    struct pkg *k = x->k;
    const char *rel = x->rel;
    const char *text = x->buf.len > 0 ? x->buf.p : "";
    int rc = ODP_OK;

    (void)sha256;
    (void)size;
    if (x->fd >= 0) {
        if (fsync(x->fd) != 0) {
            rc = odp_err_sys(err, x->csv_dst, "cannot sync");
        }
        if (close(x->fd) != 0 && rc == ODP_OK) {
            rc = odp_err_sys(err, x->csv_dst, "cannot close");
        }
        x->fd = -1;
        return rc;
    }
    x->rel = NULL;
    if (rel == NULL) {
        return ODP_OK;
    }
    if (strcmp(rel, "metadata/portal.json") == 0 && k->portal == NULL) {
        return parse_json(text, x->buf.len, rel, &k->portal, err);
    }
    if (strcmp(rel, "metadata/dcat-us.json") == 0 && k->dcat == NULL) {
        return parse_json(text, x->buf.len, rel, &k->dcat, err);
    }
    if (strcmp(rel, "report.json") == 0 && k->report == NULL) {
        return parse_json(text, x->buf.len, rel, &k->report, err);
    }
    if (strcmp(rel, "metadata/data-dictionary.csv") == 0 && k->dict == NULL) {
        return parse_dict(text, x->buf.len, k, err);
    }
    return ODP_OK; /* odp_pkgread refuses duplicates; nothing is read twice */
}

static int
parse_json(const char *text, size_t len, const char *what, cJSON **out, struct odp_err *err)
{
    const char *end = NULL;

    *out = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (*out == NULL || !cJSON_IsObject(*out)) {
        cJSON_Delete(*out);
        *out = NULL;
        return odp_errf(err, ODP_ESYNTAX, &(struct odp_loc){what, 0, 0}, "not a JSON object");
    }
    return ODP_OK;
}

/*
 * Reads the verified archive at `path` through the one hostile-archive reader
 * (lib/bag/pkgread.c, the rules and caps `verify` applies): keeps portal.json,
 * dcat-us.json, report.json and the dictionary, and streams the single data/<x>.csv to
 * csv_dst. A refused archive is refused the way verify refuses it.
 */
int
portal_read_package(const char *path, struct pkg *k, const char *csv_dst, struct odp_err *err)
{
    static const struct odp_pkgread_ops ops = {rd_entry, rd_data, rd_end};
    struct odp_pkgread_info info;
    struct rdctx x;
    int rc;

    memset(&x, 0, sizeof(x));
    memset(&info, 0, sizeof(info));
    x.k = k;
    x.csv_dst = csv_dst;
    x.fd = -1;
    odp_buf_init(&x.buf, META_MAX);
    rc = odp_pkgread(path, NULL, &ops, &x, &info, err);
    if (x.fd >= 0) {
        close(x.fd);
    }
    odp_buf_release(&x.buf);
    if (rc == ODP_OK && (info.top == NULL || strcmp(info.top, k->name) != 0)) {
        rc = odp_errf(err, ODP_ESCHEMA, &(struct odp_loc){k->src, 0, 0},
                      "the archive's top directory is not the package name");
    }
    free(info.top);
    if (rc == ODP_OK && (k->portal == NULL || k->dcat == NULL || k->report == NULL ||
                         k->dict == NULL || x.ncsv != 1)) {
        rc = odp_errf(err, ODP_ESCHEMA, &(struct odp_loc){k->src, 0, 0},
                      "package lacks portal metadata (metadata/portal.json, dcat-us.json, "
                      "data-dictionary.csv, report.json or its CSV)");
    }
    return rc;
}
