/*
 * portal_read.c - the few files of a verified package archive the portal's pages need,
 * taken by their exact names under a size cap (metadata, report, data dictionary), and
 * its one CSV payload streamed to downloads/. Nothing is extracted by an entry's own
 * name.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "fs.h"
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
        return odp_errf(err, ODP_ESYNTAX, &(struct odp_loc){what, 0, 0}, "not a JSON object");
    }
    return ODP_OK;
}

/*
 * Reads the verified archive at `path`: keeps portal.json, dcat-us.json, report.json and
 * the dictionary, and streams the single data/<x>.csv to csv_dst.
 */
int
portal_read_package(const char *path, struct pkg *k, const char *csv_dst, struct odp_err *err)
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
