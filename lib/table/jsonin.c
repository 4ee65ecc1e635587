/*
 * jsonin.c - JSON records as a table: a top-level array of flat objects, or
 * newline-delimited objects (NDJSON / JSON Lines).
 *
 * The input is read in blocks; a small scanner (strings, escapes, nesting depth) finds
 * where each record ends, and only that record is handed to cJSON
 * (cJSON_ParseWithLengthOpts with return_parse_end; the global error pointer is never
 * used). Memory is bounded by the record cap, never by the number of records.
 *
 * The first record's keys, in order, are the header; the first record is also the
 * first data row. Every later record must have exactly those keys (any order). Values
 * become text: strings as decoded, numbers as their original token in the input (not
 * cJSON's reformatting), true/false as "true"/"false", null as "". Objects and arrays
 * as values, missing, extra or repeated keys and non-object records are ODP_ESYNTAX
 * naming the record number and its line. Messages name header keys only, never values
 * or keys that are not in the header.
 */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "table_int.h"

#define BIG_PARTIAL 4096

enum { MODE_UNKNOWN = 0, MODE_ARRAY, MODE_LINES };
enum { ST_FIRST = 0, ST_NEXT, ST_DONE };

struct odp_jsonin {
    char *buf;
    size_t cap;
    size_t len;
    size_t pos;
    uint64_t line;        /* position of buf[pos] */
    uint64_t col;
    int mode;
    int state;            /* array mode: before the first record, between, after ']' */
    uint64_t recno;       /* records read so far in this pass */
    int pending;          /* the first record is parsed and not yet returned */

    cJSON *cur;           /* tree of the current record (values point into it) */
    size_t rec_off;       /* the current record in buf */
    uint64_t rec_line;
    uint64_t rec_col;
    size_t ncols;
    struct odp_field *f;  /* the current row */
    size_t *voff;         /* offset of each column's value in the record, for locate */
    unsigned char *seen;  /* columns seen in the current record */
    size_t *mvoff;        /* per member (text order): value token offset and length */
    size_t *mvlen;
};

static void
rec_pos(const struct odp_jsonin *j, size_t off, uint64_t *line, uint64_t *col)
{
    const char *p = j->buf + j->rec_off;
    uint64_t l = j->rec_line;
    uint64_t c = j->rec_col;
    size_t i;

    for (i = 0; i < off; i++) {
        if (p[i] == '\n') {
            l++;
            c = 1;
        } else {
            c++;
        }
    }
    *line = l;
    *col = c;
}

static int
rec_err(const struct odp_jsonin *j, const struct odp_table *t, size_t off, int code,
        struct odp_err *err, const char *fmt, ...) ODP_PRINTF(6, 7);

static int
rec_err(const struct odp_jsonin *j, const struct odp_table *t, size_t off, int code,
        struct odp_err *err, const char *fmt, ...)
{
    struct odp_loc loc;
    va_list ap;

    loc.path = t->path;
    rec_pos(j, off, &loc.line, &loc.col);
    va_start(ap, fmt);
    code = odp_verrf(err, code, &loc, fmt, ap);
    va_end(ap);
    return code;
}

static int
here_err(const struct odp_jsonin *j, const struct odp_table *t, int code, struct odp_err *err,
         const char *msg)
{
    struct odp_loc loc = {t->path, j->line, j->col};

    return odp_errf(err, code, &loc, "%s", msg);
}

/* Moves unread bytes to the front and reads more (geometric for a big record). */
static int
refill(struct odp_jsonin *j, struct odp_table *t, struct odp_err *err)
{
    size_t keep = j->len - j->pos;
    size_t want = t->block;
    size_t limit = t->max_record + 1;
    size_t got = 0;
    long long r;

    if (keep >= limit) {
        struct odp_loc loc = {t->path, j->line, j->col};

        return odp_errf(err, ODP_ELIMIT, &loc, "record %llu longer than %zu bytes",
                        (unsigned long long)j->recno + 1, t->max_record);
    }
    if (keep > BIG_PARTIAL && keep > want) {
        want = keep;
    }
    if (j->pos > 0) {
        memmove(j->buf, j->buf + j->pos, keep);
        j->len = keep;
        j->pos = 0;
    }
    if (j->cap - j->len < want) {
        size_t ncap = j->cap * 2;
        char *nb;

        if (ncap < j->len + want) {
            ncap = j->len + want;
        }
        if (ncap > limit) {
            ncap = limit;
        }
        if (ncap > j->cap) {
            nb = realloc(j->buf, ncap + 1);
            if (nb == NULL) {
                return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
            }
            j->buf = nb;
            j->cap = ncap;
        }
        if (want > j->cap - j->len) {
            want = j->cap - j->len;
        }
    }
    do {
        r = odp_table_read(t, j->buf + j->len, want - got, err);
        if (r < 0) {
            return (int)r;
        }
        j->len += (size_t)r;
        got += (size_t)r;
    } while (keep > BIG_PARTIAL && got < want && !t->eof);
    j->buf[j->len] = '\0';
    return ODP_OK;
}

static void
advance(struct odp_jsonin *j, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (j->buf[j->pos + i] == '\n') {
            j->line++;
            j->col = 1;
        } else {
            j->col++;
        }
    }
    j->pos += n;
}

/* Skips white space; ODP_OK with buf[pos] the next byte, ODP_END at the end of input. */
static int
skip_ws(struct odp_jsonin *j, struct odp_table *t, struct odp_err *err)
{
    int rc;

    for (;;) {
        while (j->pos < j->len) {
            char ch = j->buf[j->pos];

            if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r') {
                return ODP_OK;
            }
            advance(j, 1);
        }
        if (t->eof) {
            return ODP_END;
        }
        rc = refill(j, t, err);
        if (rc < 0) {
            return rc;
        }
    }
}

/* The extent of the object starting at buf[pos] ('{'): its size in *size. */
static int
extent(struct odp_jsonin *j, struct odp_table *t, size_t *size, struct odp_err *err)
{
    int rc;

    for (;;) {
        const char *p = j->buf + j->pos;
        size_t n = j->len - j->pos;
        size_t depth = 0;
        int in_str = 0;
        size_t i;

        for (i = 0; i < n; i++) {
            char ch = p[i];

            if (in_str) {
                if (ch == '\\') {
                    i++;
                } else if (ch == '"') {
                    in_str = 0;
                } else if ((unsigned char)ch < 0x20) {
                    /* RFC 8259: control characters in strings must be escaped. A raw one
                     * (a newline inside a key, say) would reach messages and line counts. */
                    struct odp_loc loc = {t->path, j->line, j->col};

                    return odp_errf(err, ODP_ESYNTAX, &loc,
                                    "record %llu: a control character inside a string must "
                                    "be escaped",
                                    (unsigned long long)j->recno + 1);
                }
            } else if (ch == '"') {
                in_str = 1;
            } else if (ch == '{' || ch == '[') {
                depth++;
            } else if (ch == '}' || ch == ']') {
                depth--;
                if (depth == 0) {
                    *size = i + 1;
                    return ODP_OK;
                }
            }
        }
        if (t->eof) {
            struct odp_loc loc = {t->path, j->line, j->col};

            return odp_errf(err, ODP_ESYNTAX, &loc,
                            "record %llu: unterminated object (the input ends inside it)",
                            (unsigned long long)j->recno + 1);
        }
        rc = refill(j, t, err);
        if (rc < 0) {
            return rc;
        }
    }
}

/*
 * Finds the value tokens of the members of the flat object p[0..n) in text order:
 * voff[k] and vlen[k] for member k. cJSON has accepted the text, so the grammar holds.
 */
static void
member_tokens(const char *p, size_t n, size_t *voff, size_t *vlen, size_t count)
{
    size_t i = 1;
    size_t k = 0;

    while (i < n && k < count) {
        while (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r' || p[i] == ',') {
            i++;
        }
        if (p[i] != '"') {
            break;
        }
        /* key */
        for (i++; i < n && p[i] != '"'; i++) {
            if (p[i] == '\\') {
                i++;
            }
        }
        i++;
        while (p[i] != ':') {
            i++;
        }
        i++;
        while (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r') {
            i++;
        }
        voff[k] = i;
        if (p[i] == '"') {
            for (i++; i < n && p[i] != '"'; i++) {
                if (p[i] == '\\') {
                    i++;
                }
            }
            i++;
        } else {
            while (i < n && p[i] != ',' && p[i] != '}' && p[i] != ' ' && p[i] != '\t' &&
                   p[i] != '\n' && p[i] != '\r') {
                i++;
            }
        }
        vlen[k] = i - voff[k];
        k++;
    }
}

/* Offset of a \u0000 escape in p[0..n), or n. cJSON would decode it to a NUL that ends
 * the C string, silently cutting the value, so such records are refused. Outside
 * strings valid JSON has no backslash, so walking escapes over the whole record works. */
static size_t
nul_escape(const char *p, size_t n)
{
    size_t i;

    for (i = 0; i + 1 < n; i++) {
        if (p[i] != '\\') {
            continue;
        }
        if (p[i + 1] == 'u' && i + 6 <= n && memcmp(p + i + 2, "0000", 4) == 0) {
            return i;
        }
        i++; /* skip the escaped character */
    }
    return n;
}

/*
 * Offset of the first C0 control byte outside a string in p[0..n) (other than the white
 * space JSON allows: tab, LF, CR), or n. RFC 8259 forbids them, but cJSON skips every
 * byte <= 0x20 as white space while member_tokens() does not, so a stray one would shift
 * the value tokens of the members after it (a dropped column's value published in a kept
 * one). Raw controls inside strings are refused earlier, by extent().
 */
static size_t
stray_control(const char *p, size_t n)
{
    size_t i;
    int in_str = 0;

    for (i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)p[i];

        if (in_str) {
            if (ch == '\\') {
                i++;
            } else if (ch == '"') {
                in_str = 0;
            }
        } else if (ch == '"') {
            in_str = 1;
        } else if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') {
            return i;
        }
    }
    return n;
}

static const char *
type_name(const cJSON *v)
{
    return cJSON_IsObject(v) ? "an object" : cJSON_IsArray(v) ? "an array" : "not a scalar";
}

static void
value_view(const cJSON *m, const char *tok, size_t toklen, struct odp_field *f)
{
    if (cJSON_IsString(m)) {
        f->p = m->valuestring;
        f->len = strlen(m->valuestring);
    } else if (cJSON_IsNumber(m)) {
        f->p = tok; /* the original token, e.g. 1.50 or 1e3, not cJSON's rendering */
        f->len = toklen;
    } else if (cJSON_IsTrue(m)) {
        f->p = "true";
        f->len = 4;
    } else if (cJSON_IsFalse(m)) {
        f->p = "false";
        f->len = 5;
    } else {
        f->p = "";
        f->len = 0;
    }
}

/* The first record: sizes the arrays and makes the header from its keys. */
static int
first_record(struct odp_jsonin *j, struct odp_table *t, size_t count, struct odp_err *err)
{
    if (count == 0) {
        return rec_err(j, t, 0, ODP_ESYNTAX, err,
                       "record 1 has no keys (the first record gives the column names)");
    }
    if (count > ODP_CSV_MAX_COLUMNS) {
        return rec_err(j, t, 0, ODP_ELIMIT, err, "record 1 has more than %u keys",
                       ODP_CSV_MAX_COLUMNS);
    }
    j->ncols = count;
    j->f = calloc(count, sizeof(*j->f));
    j->voff = calloc(count, sizeof(*j->voff));
    j->seen = calloc(count, 1);
    j->mvoff = calloc(count + 1, sizeof(*j->mvoff));
    j->mvlen = calloc(count + 1, sizeof(*j->mvlen));
    if (j->f == NULL || j->voff == NULL || j->seen == NULL || j->mvoff == NULL ||
        j->mvlen == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    return ODP_OK;
}

/*
 * Parses the record at buf[pos] (its extent known) into j->f, checking it against the
 * header, or making the header when it is the first. Advances past it.
 */
static int
parse_record(struct odp_jsonin *j, struct odp_table *t, size_t size, struct odp_err *err)
{
    const char *rec = j->buf + j->pos;
    const char *end = NULL;
    unsigned long long no = (unsigned long long)j->recno + 1;
    int first = t->hdr_f == NULL;
    size_t count = 0;
    size_t bad;
    size_t k;
    size_t col;
    const cJSON *m;
    int rc;

    cJSON_Delete(j->cur);
    j->cur = NULL;
    j->rec_off = j->pos;
    j->rec_line = j->line;
    j->rec_col = j->col;
    if (size > t->max_record) {
        return rec_err(j, t, 0, ODP_ELIMIT, err, "record %llu longer than %zu bytes", no,
                       t->max_record);
    }
    bad = odp_utf8_check(rec, size, t->plain);
    if (bad < size) {
        return rec_err(j, t, bad, ODP_ESYNTAX, err, "record %llu: invalid UTF-8 byte sequence",
                       no);
    }
    bad = stray_control(rec, size);
    if (bad < size) {
        return rec_err(j, t, bad, ODP_ESYNTAX, err,
                       "record %llu: a control character outside a string (not valid JSON)",
                       no);
    }
    bad = nul_escape(rec, size);
    if (bad < size) {
        return rec_err(j, t, bad, ODP_ESYNTAX, err,
                       "record %llu: a string holds a NUL character (\\u0000)", no);
    }
    j->cur = cJSON_ParseWithLengthOpts(rec, size, &end, 0);
    if (j->cur == NULL) {
        size_t at = end != NULL && end >= rec && end <= rec + size ? (size_t)(end - rec) : 0;

        return rec_err(j, t, at, ODP_ESYNTAX, err, "record %llu: invalid JSON", no);
    }
    if (!cJSON_IsObject(j->cur)) {
        return rec_err(j, t, 0, ODP_ESYNTAX, err, "record %llu is not an object", no);
    }
    for (m = j->cur->child; m != NULL; m = m->next) {
        count++;
    }
    if (first) {
        rc = first_record(j, t, count, err);
        if (rc < 0) {
            return rc;
        }
    }
    /* a valid record has exactly ncols members; one more is enough to see it is not */
    member_tokens(rec, size, j->mvoff, j->mvlen, count < j->ncols + 1 ? count : j->ncols + 1);
    memset(j->seen, 0, j->ncols);
    for (k = 0, m = j->cur->child; m != NULL; m = m->next, k++) {
        const char *key = m->string != NULL ? m->string : "";

        if (k > j->ncols) {
            break; /* reported below as a missing or extra key */
        }
        if (cJSON_IsObject(m) || cJSON_IsArray(m)) {
            return rec_err(j, t, j->mvoff[k], ODP_ESYNTAX, err,
                           "record %llu: the value of a key is %s (values must be flat)", no,
                           type_name(m));
        }
        if (first) {
            if (key[0] == '\0') {
                return rec_err(j, t, j->mvoff[k], ODP_ESYNTAX, err,
                               "record 1: empty key (column %zu)", k + 1);
            }
            col = k;
            j->f[k].p = key;
            j->f[k].len = strlen(key);
        } else if (k < j->ncols && strcmp(key, t->hdr_f[k].p) == 0) {
            col = k; /* the usual case: same order as the first record */
        } else {
            for (col = 0; col < j->ncols && strcmp(key, t->hdr_f[col].p) != 0; col++) {
            }
            if (col == j->ncols) {
                return rec_err(j, t, j->mvoff[k], ODP_ESYNTAX, err,
                               "record %llu: a key that is not in the first record", no);
            }
        }
        if (!first && j->seen[col]) {
            return rec_err(j, t, j->mvoff[k], ODP_ESYNTAX, err,
                           "record %llu: key '%s' appears twice", no, t->hdr_f[col].p);
        }
        j->seen[col] = 1;
        j->voff[col] = j->mvoff[k];
        if (!first) {
            value_view(m, rec + j->mvoff[k], j->mvlen[k], &j->f[col]);
        }
    }
    if (first) {
        size_t dup;
        size_t orig;

        rc = odp_table_find_dup(j->f, j->ncols, &dup, &orig, err);
        if (rc < 0) {
            return rc;
        }
        if (dup != SIZE_MAX) {
            return rec_err(j, t, j->mvoff[dup], ODP_ESYNTAX, err,
                           "record 1: duplicate key in column %zu (same as column %zu)",
                           dup + 1, orig + 1);
        }
        rc = odp_table_set_header(t, j->f, j->ncols, err);
        if (rc < 0) {
            return rc;
        }
        /* the row's views of the keys were temporary; fill the values again */
        for (k = 0, m = j->cur->child; m != NULL; m = m->next, k++) {
            value_view(m, rec + j->mvoff[k], j->mvlen[k], &j->f[k]);
        }
    } else if (count != j->ncols) {
        if (count > j->ncols) {
            return rec_err(j, t, 0, ODP_ESYNTAX, err,
                           "record %llu has %zu keys, the first record %zu", no, count,
                           j->ncols);
        }
        for (col = 0; col < j->ncols && j->seen[col]; col++) {
        }
        return rec_err(j, t, 0, ODP_ESYNTAX, err,
                       "record %llu: key '%s' of the first record is missing", no,
                       t->hdr_f[col < j->ncols ? col : 0].p);
    }
    j->recno++;
    advance(j, size);
    return ODP_OK;
}

/* Positions on the next record: ODP_OK with buf[pos] == '{' territory, or ODP_END. */
static int
to_record(struct odp_jsonin *j, struct odp_table *t, struct odp_err *err)
{
    int rc;

    rc = skip_ws(j, t, err);
    if (j->mode == MODE_LINES) {
        return rc;
    }
    if (rc == ODP_END) {
        if (j->state == ST_DONE) {
            return ODP_END;
        }
        return here_err(j, t, ODP_ESYNTAX, err, "unterminated array (missing ']')");
    }
    if (rc < 0) {
        return rc;
    }
    if (j->state == ST_DONE) {
        return here_err(j, t, ODP_ESYNTAX, err, "unexpected data after the top-level array");
    }
    if (j->buf[j->pos] == ']') {
        advance(j, 1);
        j->state = ST_DONE;
        return to_record(j, t, err);
    }
    if (j->state == ST_NEXT) {
        if (j->buf[j->pos] != ',') {
            return here_err(j, t, ODP_ESYNTAX, err, "expected ',' or ']' after a record");
        }
        advance(j, 1);
        rc = skip_ws(j, t, err);
        if (rc == ODP_END) {
            return here_err(j, t, ODP_ESYNTAX, err, "unterminated array (missing ']')");
        }
        if (rc < 0) {
            return rc;
        }
    }
    j->state = ST_NEXT;
    return ODP_OK;
}

/* Reads the next record into j->f. */
static int
read_record(struct odp_jsonin *j, struct odp_table *t, struct odp_err *err)
{
    size_t size = 0;
    int rc;

    rc = to_record(j, t, err);
    if (rc != ODP_OK) {
        return rc;
    }
    if (j->buf[j->pos] != '{') {
        struct odp_loc loc = {t->path, j->line, j->col};

        return odp_errf(err, ODP_ESYNTAX, &loc, "record %llu is not an object",
                        (unsigned long long)j->recno + 1);
    }
    rc = extent(j, t, &size, err);
    if (rc < 0) {
        return rc;
    }
    return parse_record(j, t, size, err);
}

static int
start_pass(struct odp_jsonin *j, struct odp_table *t, struct odp_err *err)
{
    int rc;

    cJSON_Delete(j->cur);
    j->cur = NULL;
    j->len = 0;
    j->pos = 0;
    j->buf[0] = '\0';
    j->line = 1;
    j->col = 1;
    j->recno = 0;
    j->state = ST_FIRST;
    j->mode = MODE_UNKNOWN;
    j->pending = 0;
    while (j->len < 3 && !t->eof) {
        rc = refill(j, t, err);
        if (rc < 0) {
            return rc;
        }
    }
    if (j->len >= 3 && memcmp(j->buf, "\xef\xbb\xbf", 3) == 0) {
        j->pos = 3;
        j->col = 4;
    }
    rc = skip_ws(j, t, err);
    if (rc == ODP_END) {
        return here_err(j, t, ODP_ESYNTAX, err,
                        "no records (the first record gives the column names)");
    }
    if (rc < 0) {
        return rc;
    }
    if (j->buf[j->pos] == '[') {
        j->mode = MODE_ARRAY;
        advance(j, 1);
    } else if (j->buf[j->pos] == '{') {
        j->mode = MODE_LINES;
    } else {
        return here_err(j, t, ODP_ESYNTAX, err,
                        "expected an array of objects or one object per line");
    }
    rc = read_record(j, t, err);
    if (rc == ODP_END) {
        struct odp_loc loc = {t->path, j->line, j->col};

        return odp_errf(err, ODP_ESYNTAX, &loc,
                        "no records (the first record gives the column names)");
    }
    if (rc < 0) {
        return rc;
    }
    j->pending = 1;
    return ODP_OK;
}

int
odp_jsonin_open(struct odp_table *t, struct odp_err *err)
{
    struct odp_jsonin *j = calloc(1, sizeof(*j));
    size_t cap = t->block < 64 ? 64 : t->block;

    if (j == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    t->json = j;
    j->buf = malloc(cap + 1);
    if (j->buf == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    j->cap = cap;
    return start_pass(j, t, err);
}

int
odp_jsonin_next(struct odp_table *t, struct odp_row *row, struct odp_err *err)
{
    struct odp_jsonin *j = t->json;
    int rc;

    if (j->pending) {
        j->pending = 0;
    } else {
        rc = read_record(j, t, err);
        if (rc != ODP_OK) {
            return rc;
        }
    }
    row->n = j->ncols;
    row->f = j->f;
    row->line = j->rec_line;
    row->recno = j->recno;
    return ODP_OK;
}

int
odp_jsonin_rewind(struct odp_table *t, struct odp_err *err)
{
    return start_pass(t->json, t, err);
}

void
odp_jsonin_locate(const struct odp_table *t, size_t i, uint64_t *line, uint64_t *col)
{
    const struct odp_jsonin *j = t->json;

    if (j == NULL || i >= j->ncols) {
        *line = j != NULL ? j->rec_line : 0;
        *col = 0;
        return;
    }
    rec_pos(j, j->voff[i], line, col);
}

void
odp_jsonin_free(struct odp_jsonin *j)
{
    if (j == NULL) {
        return;
    }
    cJSON_Delete(j->cur);
    free(j->buf);
    free(j->f);
    free(j->voff);
    free(j->seen);
    free(j->mvoff);
    free(j->mvlen);
    free(j);
}
