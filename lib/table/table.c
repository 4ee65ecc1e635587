/*
 * table.c - the front of the record readers: opens the source (a file or stdin),
 * picks the format's reader (struct odp_reader_ops: csv.c, jsonin.c) and dispatches to
 * it; the bytes themselves, and their hash, come from source.c.
 *
 * Promises: raw bytes are hashed exactly once per pass in file order, so after ODP_END
 * the digest is the SHA-256 of the whole input; a rewind starts a fresh pass (and a
 * fresh digest); stdin cannot be rewound and says so; no cell value reaches an error.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "table_int.h"

/* ---------------------------------------------------------------- readers */

static void
csv_release(struct odp_table *t)
{
    odp_csv_free(t->csv);
    t->csv = NULL;
}

static void
json_release(struct odp_table *t)
{
    odp_jsonin_free(t->json);
    t->json = NULL;
}

static const struct odp_reader_ops csv_reader = {
    odp_csv_open, odp_csv_next, odp_csv_rewind, odp_csv_locate, csv_release, 1,
};
static const struct odp_reader_ops json_reader = {
    odp_jsonin_open, odp_jsonin_next, odp_jsonin_rewind, odp_jsonin_locate, json_release, 0,
};

static const struct odp_reader_ops *
reader_of(enum odp_input_format fmt)
{
    switch (fmt) {
    case ODP_FMT_CSV:
        return &csv_reader;
    case ODP_FMT_JSON:
        return &json_reader;
    case ODP_FMT_AUTO:
        break;
    }
    return NULL;
}

struct odp_table *
odp_table_open_tuned(const char *path, enum odp_input_format fmt, int hash,
                     const struct odp_table_tune *tune, struct odp_err *err)
{
    struct odp_table *t;
    const char *env;
    int rc;

    if (path == NULL) {
        odp_errf(err, ODP_EINVAL, NULL, "no input path");
        return NULL;
    }
    t = calloc(1, sizeof(*t));
    if (t == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    t->fd = -1;
    t->hash = hash != 0;
    t->block = ODP_TABLE_BLOCK;
    t->max_field = ODP_CSV_MAX_FIELD;
    t->max_record = ODP_CSV_MAX_RECORD;
    env = getenv("ODP_CSV_PLAIN");
    t->plain = env != NULL && env[0] == '1' && env[1] == '\0';
    t->simd_max = env != NULL && strcmp(env, "sse2") == 0 ? 1 : 2;
    if (tune != NULL) {
        if (tune->block > 0) {
            t->block = tune->block;
        }
        if (tune->plain != 0) {
            t->plain = tune->plain > 0;
            t->simd_max = tune->plain == -2 ? 1 : 2;
        }
        if (tune->max_field > 0 && tune->max_field < t->max_field) {
            t->max_field = tune->max_field;
        }
        if (tune->max_record > 0 && tune->max_record < t->max_record) {
            t->max_record = tune->max_record;
        }
        t->delim = tune->delimiter;
        t->tolerant = tune->tolerant;
        t->enc = (int)tune->encoding;
    }
    if (t->delim == 0) {
        t->delim = ',';
    }
    if (odp_delimiter_name(t->delim) == NULL || t->enc < ODP_ENC_DEFAULT ||
        t->enc > ODP_ENC_WINDOWS1252) {
        odp_errf(err, ODP_EINVAL, NULL, "unknown delimiter or encoding");
        goto fail;
    }
    if (strcmp(path, "-") == 0) {
        t->is_stdin = 1;
        t->fd = STDIN_FILENO;
        t->path = strdup("<stdin>");
    } else {
        t->path = strdup(path);
    }
    if (t->path == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        goto fail;
    }
    if (fmt == ODP_FMT_AUTO) {
        fmt = odp_input_format_of_path(path);
    }
    t->fmt = fmt;
    if (!t->is_stdin) {
        t->fd = open(path, O_RDONLY | O_CLOEXEC);
        if (t->fd < 0) {
            odp_err_sys(err, path, "cannot open");
            goto fail;
        }
    }
    rc = odp_source_start(t, err);
    if (rc < 0) {
        goto fail;
    }
    t->rd = reader_of(fmt);
    if (t->rd == NULL) {
        odp_errf(err, ODP_EINVAL, NULL, "unknown input format %d", (int)fmt);
        goto fail;
    }
    rc = t->rd->open(t, err);
    if (rc < 0) {
        goto fail;
    }
    return t;
fail:
    odp_table_free(t);
    return NULL;
}

struct odp_table *
odp_table_open_mem(const char *origin, const char *p, size_t len, enum odp_input_format fmt,
                   size_t max_field, size_t max_record, struct odp_err *err)
{
    struct odp_table *t = calloc(1, sizeof(*t));

    if (t == NULL || (t->path = strdup(origin)) == NULL) {
        free(t);
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    t->fd = -1;
    t->mem = p;
    t->mem_len = len;
    t->block = ODP_TABLE_BLOCK;
    t->simd_max = 2;
    t->max_field = max_field > 0 && max_field < ODP_CSV_MAX_FIELD ? max_field : ODP_CSV_MAX_FIELD;
    t->max_record =
        max_record > 0 && max_record < ODP_CSV_MAX_RECORD ? max_record : ODP_CSV_MAX_RECORD;
    t->fmt = fmt == ODP_FMT_AUTO ? ODP_FMT_CSV : fmt;
    t->rd = reader_of(t->fmt);
    if (t->rd == NULL) {
        odp_errf(err, ODP_EINVAL, NULL, "unknown input format %d", (int)fmt);
        odp_table_free(t);
        return NULL;
    }
    if (t->rd->open(t, err) < 0) {
        odp_table_free(t);
        return NULL;
    }
    return t;
}

struct odp_table *
odp_table_open(const char *path, enum odp_input_format fmt, int hash, struct odp_err *err)
{
    return odp_table_open_tuned(path, fmt, hash, NULL, err);
}

struct odp_table *
odp_table_open_opts(const char *path, enum odp_input_format fmt, int hash,
                    const struct odp_read_opts *ro, struct odp_err *err)
{
    struct odp_table_tune tune;

    memset(&tune, 0, sizeof(tune));
    if (ro != NULL) {
        tune.delimiter = ro->delimiter;
        tune.encoding = ro->encoding;
        tune.tolerant = ro->tolerant != 0;
    }
    return odp_table_open_tuned(path, fmt, hash, &tune, err);
}

const char *
odp_read_fault_name(enum odp_read_fault k)
{
    static const char *const names[ODP_FAULT_N] = {
        "quote inside an unquoted field",
        "NUL byte in data",
        "bare CR line ending",
        "mixed line endings",
        "ragged row",
        "blank row",
        "invalid UTF-8 byte sequence",
    };

    return (unsigned)k < ODP_FAULT_N ? names[k] : "read fault";
}

void
odp_table_faults(const struct odp_table *t, struct odp_read_faults *out)
{
    *out = t->faults;
}

int
odp_table_delimiter(const struct odp_table *t)
{
    return t->delim != 0 ? t->delim : ',';
}

void
odp_table_free(struct odp_table *t)
{
    if (t == NULL) {
        return;
    }
    odp_source_stop(t); /* before close: the thread may be in read(2) on the fd */
    if (t->rd != NULL) {
        t->rd->release(t);
    }
    if (t->fd >= 0 && !t->is_stdin) {
        close(t->fd);
    }
    free(t->hdr_f);
    free(t->hdr_mem);
    free(t->xraw);
    free(t->xout);
    free(t->path);
    free(t);
}

const struct odp_row *
odp_table_header(const struct odp_table *t)
{
    return &t->header;
}

int
odp_table_next(struct odp_table *t, struct odp_row *row, struct odp_err *err)
{
    int rc;

    rc = t->rd->next(t, row, err);
    if (rc == ODP_END && !t->pass_done) {
        t->pass_done = 1;
        if (t->ra != NULL && odp_source_finish(t, err) < 0) {
            return odp_errf(err, ODP_EINTERNAL, NULL, "SHA-256 of the input failed");
        }
    }
    return rc;
}

int
odp_table_rewind(struct odp_table *t, struct odp_err *err)
{
    struct odp_loc loc = {t->path, 0, 0};
    int rc;

    if (t->is_stdin) {
        return odp_errf(err, ODP_EINVAL, &loc,
                        "cannot rewind standard input (spool it to a file first)");
    }
    odp_source_stop(t); /* its read-ahead must not move the offset after the seek */
    t->mem_off = 0;
    if (t->mem == NULL && lseek(t->fd, 0, SEEK_SET) < 0) {
        return odp_err_sys(err, t->path, "cannot rewind");
    }
    t->eof = 0;
    t->bytes = 0;
    t->pass_done = 0;
    rc = odp_source_start(t, err);
    if (rc < 0) {
        return rc;
    }
    return t->rd->rewind(t, err);
}

void
odp_table_locate(const struct odp_table *t, size_t i, uint64_t *line, uint64_t *col)
{
    uint64_t l = 0;
    uint64_t c = 0;

    t->rd->locate(t, i, &l, &c);
    if (line != NULL) {
        *line = l;
    }
    if (col != NULL) {
        *col = c;
    }
}

const char *
odp_table_path(const struct odp_table *t)
{
    return t->path;
}

enum odp_input_format
odp_table_format(const struct odp_table *t)
{
    return t->fmt;
}

uint64_t
odp_table_bytes_read(const struct odp_table *t)
{
    return t != NULL ? t->bytes : 0;
}

int
odp_table_input_digest(struct odp_table *t, uint8_t sha256[32], uint64_t *bytes)
{
    if (!t->hash || !t->pass_done) {
        return ODP_EINVAL;
    }
    memcpy(sha256, t->digest, 32);
    if (bytes != NULL) {
        *bytes = t->bytes;
    }
    return ODP_OK;
}

int
odp_table_raw_views(const struct odp_table *t)
{
    /* The CSV reader returns views into its raw read buffer (quoted fields are unescaped
     * in place); the JSON reader builds its values elsewhere. */
    return t->rd != NULL && t->rd->raw_views && (t->delim == 0 || t->delim == ',');
}
