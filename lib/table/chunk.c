/*
 * chunk.c - splits a CSV input at record boundaries for the chunk-parallel release, and
 * reads one chunk as a table (chunk.h).
 *
 * The scan is sequential but cheap: memchr to the next quote, and between quotes memchr
 * from LF to LF (outside quotes each LF ends a record, inside it is data). Only quotes
 * and LFs matter, so the split is the same for every delimiter (`,` `;` TAB `|`), and a
 * transcoded input (latin-1, windows-1252) is split after transcoding (ASCII stays). The bytes come
 * from the table's own source, so the input's SHA-256 is computed as in one pass.
 */
#include <stdlib.h>
#include <string.h>

#include "chunk.h"
#include "table_int.h"

struct odp_chunker {
    struct odp_table *t;
    const char *rest; /* bytes the header read buffered past itself */
    size_t nrest;
    char *carry; /* the partial record after the last boundary */
    size_t ncarry, carrycap;
    uint64_t line, recno; /* at the start of the next chunk */
    int term;
    size_t chunk, max;
    int eof;
    int lend;      /* chunks may be views into the source's blocks (odp_chunks_lend) */
    int taken_any; /* a chunk was taken */
};

_Static_assert(ODP_CHUNK_PAD <= ODP_SOURCE_PAD, "a lent block has the pad a chunk needs");

size_t
odp_csv_boundary(const char *p, size_t n, uint64_t *lines, uint64_t *records)
{
    size_t i = 0, b = 0;
    uint64_t nl = 0, rec = 0, bl = 0, br = 0;
    int inq = 0;

    while (i < n) {
        const char *q = memchr(p + i, '"', n - i);
        const char *e = q != NULL ? q : p + n;
        const char *x = p + i;

        while (x < e && (x = memchr(x, '\n', (size_t)(e - x))) != NULL) {
            nl++;
            if (!inq) {
                rec++;
                b = (size_t)(x - p) + 1;
                bl = nl;
                br = rec;
            }
            x++;
        }
        if (q == NULL) {
            break;
        }
        inq ^= 1;
        i = (size_t)(q - p) + 1;
    }
    *lines = bl;
    *records = br;
    return b;
}

struct odp_chunker *
odp_chunks_begin(struct odp_table *t, size_t chunk, size_t max, struct odp_err *err)
{
    struct odp_chunker *k;

    if (t->fmt != ODP_FMT_CSV || t->is_stdin || t->csv == NULL) {
        odp_errf(err, ODP_EINVAL, NULL, "this input cannot be split into chunks");
        return NULL;
    }
    k = calloc(1, sizeof(*k));
    if (k == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    k->t = t;
    k->chunk = chunk < 64 ? 64 : chunk;
    k->max = max < k->chunk ? k->chunk : max;
    odp_csv_rest(t, &k->rest, &k->nrest, &k->line, &k->term);
    return k;
}

void
odp_chunks_end(struct odp_chunker *k)
{
    if (k != NULL) {
        free(k->carry);
        free(k);
    }
}

int
odp_chunks_term(const struct odp_chunker *k)
{
    return k->term;
}

/* Raw bytes in file order: the header's leftovers, then the source. */
static long long
raw_read(struct odp_chunker *k, char *p, size_t n, struct odp_err *err)
{
    struct odp_table *t = k->t;
    long long r;

    if (k->nrest > 0) {
        size_t m = n < k->nrest ? n : k->nrest;

        memcpy(p, k->rest, m);
        k->rest += m;
        k->nrest -= m;
        return (long long)m;
    }
    r = odp_table_read(t, p, n, err);
    if (r == 0 && t->eof && !t->pass_done) {
        t->pass_done = 1;
        if (t->ra != NULL && odp_source_finish(t, err) < 0) {
            return ODP_EINTERNAL;
        }
    }
    return r;
}

static int
reserve(char **buf, size_t *cap, size_t want, struct odp_err *err)
{
    char *nb;

    if (*cap >= want + ODP_CHUNK_PAD && *buf != NULL) {
        return ODP_OK;
    }
    nb = realloc(*buf, want + ODP_CHUNK_PAD);
    if (nb == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    *buf = nb;
    *cap = want + ODP_CHUNK_PAD;
    return ODP_OK;
}

int
odp_chunks_next(struct odp_chunker *k, char **buf, size_t *cap, size_t *len, uint64_t *line,
                uint64_t *recno, struct odp_err *err)
{
    size_t n = k->ncarry, target = k->ncarry + k->chunk, b;
    uint64_t lines, recs;
    long long r;
    int rc;

    if (k->eof && k->ncarry == 0) {
        return ODP_END;
    }
    rc = reserve(buf, cap, target, err);
    if (rc < 0) {
        return rc;
    }
    if (n > 0) {
        memcpy(*buf, k->carry, n);
    }
    k->ncarry = 0;
    for (;;) {
        while (n < target && !k->eof) {
            r = raw_read(k, *buf + n, target - n, err);
            if (r < 0) {
                return (int)r;
            }
            if (r == 0 && k->t->eof) {
                k->eof = 1;
            }
            n += (size_t)r;
        }
        if (k->eof) {
            if (n == 0) {
                return ODP_END;
            }
            *len = n;
            *line = k->line;
            *recno = k->recno;
            return ODP_OK;
        }
        b = odp_csv_boundary(*buf, n, &lines, &recs);
        if (b > 0) {
            break;
        }
        if (n >= k->max) {
            return ODP_ELIMIT;
        }
        target = n * 2 > k->max ? k->max : n * 2;
        rc = reserve(buf, cap, target, err);
        if (rc < 0) {
            return rc;
        }
    }
    if (n - b > k->carrycap) {
        char *nc = realloc(k->carry, n - b);

        if (nc == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
        k->carry = nc;
        k->carrycap = n - b;
    }
    if (n > b) { /* the carry may not exist yet when nothing is carried */
        memcpy(k->carry, *buf + b, n - b);
    }
    k->ncarry = n - b;
    *len = b;
    *line = k->line;
    *recno = k->recno;
    k->line += lines;
    k->recno += recs;
    return ODP_OK;
}

void
odp_chunks_lend(struct odp_chunker *k, unsigned nblocks)
{
    struct odp_err e;

    odp_err_clear(&e);
    k->lend = odp_source_ring(k->t, nblocks, k->chunk, &e) == ODP_OK;
}

/* Appends p[0..n) to the carry (a view that could not be one: copied after all). */
static int
carry_append(struct odp_chunker *k, const char *p, size_t n, struct odp_err *err)
{
    if (k->ncarry + n > k->carrycap) {
        size_t nc = k->carrycap * 2 > k->ncarry + n ? k->carrycap * 2 : k->ncarry + n;
        char *np = realloc(k->carry, nc);

        if (np == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
        k->carry = np;
        k->carrycap = nc;
    }
    if (n > 0) {
        memcpy(k->carry + k->ncarry, p, n);
        k->ncarry += n;
    }
    return ODP_OK;
}

static int
take_copy(struct odp_chunker *k, struct odp_chunk *c, struct odp_err *err)
{
    int rc = odp_chunks_next(k, &c->buf, &c->cap, &c->len, &c->line, &c->recno, err);

    c->data = c->buf;
    c->lent = 0;
    return rc;
}

int
odp_chunks_take(struct odp_chunker *k, struct odp_chunk *c, struct odp_err *err)
{
    struct odp_source_blk v;
    uint64_t lines, recs;
    char *start;
    size_t n, b;
    int rc;

    k->taken_any = 1;
    if (!k->lend || k->nrest > 0 || k->eof || odp_source_take(k->t, &v, err) != ODP_OK) {
        return take_copy(k, c, err); /* also the end and read errors, in order */
    }
    if (k->ncarry > v.head) { /* a partial record longer than the room before the block */
        rc = carry_append(k, v.data, v.len, err);
        odp_source_give(k->t, &v);
        return rc < 0 ? rc : take_copy(k, c, err);
    }
    start = v.data - k->ncarry;
    if (k->ncarry > 0) {
        memcpy(start, k->carry, k->ncarry);
    }
    n = k->ncarry + v.len;
    b = odp_csv_boundary(start, n, &lines, &recs);
    if (b == 0) { /* no record ends in this block: read on, copying */
        k->ncarry = 0;
        rc = carry_append(k, start, n, err);
        odp_source_give(k->t, &v);
        return rc < 0 ? rc : take_copy(k, c, err);
    }
    k->ncarry = 0;
    rc = carry_append(k, start + b, n - b, err);
    if (rc < 0) {
        odp_source_give(k->t, &v);
        return rc;
    }
    c->data = start;
    c->len = b;
    c->line = k->line;
    c->recno = k->recno;
    c->lent = 1;
    c->blk = v.id;
    k->line += lines;
    k->recno += recs;
    return ODP_OK;
}

void
odp_chunks_give(struct odp_chunker *k, struct odp_chunk *c)
{
    if (c->lent) {
        struct odp_source_blk v = {NULL, 0, 0, c->blk};

        odp_source_give(k->t, &v);
        c->lent = 0;
    }
}

struct odp_table *
odp_table_chunk_new(const struct odp_table *parent, struct odp_err *err)
{
    struct odp_table *t = calloc(1, sizeof(*t));

    if (t == NULL || (t->path = strdup(parent->path)) == NULL) {
        free(t);
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    t->fmt = parent->fmt;
    t->rd = parent->rd;
    t->fd = -1;
    t->block = parent->block;
    t->plain = parent->plain;
    t->max_field = parent->max_field;
    t->max_record = parent->max_record;
    t->delim = parent->delim;   /* the bytes are already UTF-8: no encoding here */
    t->header = parent->header; /* views into the parent's header store */
    return t;
}

int
odp_table_chunk_set(struct odp_table *ct, char *buf, size_t len, uint64_t line, uint64_t recno,
                    int term, struct odp_err *err)
{
    return odp_csv_chunk(ct, buf, len, line, recno, term, ct->header.n, err);
}

struct odp_sha256 *
odp_chunks_hash_take(struct odp_chunker *k, uint64_t *skip)
{
    uint64_t hashed = 0, start;
    struct odp_sha256 *md;

    if (!k->lend || k->taken_any) {
        return NULL;
    }
    md = odp_source_hash_take(k->t, &hashed);
    if (md == NULL) {
        return NULL;
    }
    start = k->t->bytes - k->nrest; /* where the first chunk starts in the file */
    *skip = hashed - start;
    return md;
}

void
odp_chunks_hash_done(struct odp_chunker *k)
{
    odp_source_hash_done(k->t);
}
