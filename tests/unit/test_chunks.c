/*
 * test_chunks.c - the chunk pipeline's input (lib/table/chunk.c, source.c): chunks that
 * are views into lent read-ahead blocks (odp_chunks_lend / take / give) give the same
 * records, lines and record numbers as one reader, whatever the chunk size, with
 * records longer than a block and longer than the room before it, quoted line breaks,
 * a last record without LF, and several chunks held at once (as the workers do); the
 * input's SHA-256 is that of the file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <openssl/sha.h>

#include "testutil.h"
#include "buf.h"
#include "chunk.h"
#include "table_int.h"

/* The text field of record i (deterministic; some long, some with quotes and LFs). */
static int longrecs = 1; /* the data set: with long records, or short ones only */

static size_t
text_of(size_t i, char *out, size_t cap)
{
    size_t len, k;

    len = longrecs && i % 97 == 5   ? 100000 /* longer than a block and than the room before one */
          : longrecs && i % 31 == 3 ? 5000 + (i * 7919) % 70000
                                    : 1 + (i * 2654435761u) % 300;
    if (len >= cap) {
        len = cap - 1;
    }
    for (k = 0; k < len; k++) {
        out[k] = (char)('a' + (i + k) % 26);
    }
    if (i % 5 == 1 && len > 4) {
        out[1] = '\n'; /* a quoted line break */
        out[3] = '"';  /* doubled in the file */
    }
    return len;
}

static void
build_csv(struct odp_buf *b, size_t nrec, char *tmp, size_t cap)
{
    size_t i, k, n;

    odp_buf_adds(b, "id,text,n\n", NULL);
    for (i = 0; i < nrec; i++) {
        n = text_of(i, tmp, cap);
        odp_buf_addf(b, NULL, "%zu,\"", i);
        for (k = 0; k < n; k++) {
            if (tmp[k] == '"') {
                odp_buf_add(b, "\"\"", 2, NULL);
            } else {
                odp_buf_add(b, tmp + k, 1, NULL);
            }
        }
        odp_buf_addf(b, NULL, "\",%zu%s", i * 3, i + 1 < nrec ? "\n" : ""); /* no LF at the end */
    }
}

struct held {
    struct odp_chunk c;
    int used;
};

/* Reads one chunk and checks its records against the expected ones. */
static void
check_chunk(struct odp_table *ct, struct odp_chunker *k, struct odp_chunk *c, size_t *rec,
            uint64_t *line, char *tmp, size_t cap)
{
    struct odp_err err;
    struct odp_row row;
    int rc;

    odp_err_clear(&err);
    assert_int_equal(
        odp_table_chunk_set(ct, c->data, c->len, c->line, c->recno, odp_chunks_term(k), &err),
        ODP_OK);
    while ((rc = odp_table_next(ct, &row, &err)) == ODP_OK) {
        char want[32];
        size_t n = text_of(*rec, tmp, cap), j, lfs = 0;

        assert_int_equal(row.n, 3);
        assert_int_equal(row.recno, *rec + 1);
        assert_int_equal(row.line, *line);
        snprintf(want, sizeof(want), "%zu", *rec);
        assert_int_equal(row.f[0].len, strlen(want));
        assert_memory_equal(row.f[0].p, want, row.f[0].len);
        assert_int_equal(row.f[1].len, n);
        assert_memory_equal(row.f[1].p, tmp, n);
        for (j = 0; j < n; j++) {
            lfs += tmp[j] == '\n';
        }
        *line += 1 + lfs;
        (*rec)++;
    }
    assert_int_equal(rc, ODP_END);
    odp_chunks_give(k, c);
}

static void
run(const char *path, const struct odp_buf *in, size_t chunk, size_t nrec, int hold)
{
    struct odp_err err;
    struct odp_table *t, *ct;
    struct odp_chunker *k;
    struct held h[8];
    size_t rec = 0, cap = 200000, nlent = 0, ncopy = 0, head = 0, count = 0, i;
    size_t late_copies = 0; /* copies after the first view, the last chunk's included */
    size_t first_len = 0;
    int last_lent = 0;
    uint64_t line = 2, bytes = 0;
    uint8_t got[32], want[32];
    char *tmp = malloc(cap);
    int rc;

    assert_non_null(tmp);
    memset(h, 0, sizeof(h));
    odp_err_clear(&err);
    t = odp_table_open_opts(path, ODP_FMT_CSV, 1, NULL, &err);
    assert_non_null(t);
    k = odp_chunks_begin(t, chunk, (size_t)16 << 20, &err);
    assert_non_null(k);
    odp_chunks_lend(k, (unsigned)hold + 2);
    ct = odp_table_chunk_new(t, &err);
    assert_non_null(ct);
    for (;;) {
        struct held *s = &h[(head + count) % 8];

        if (count == (size_t)hold) { /* the oldest chunk is read and given back first */
            check_chunk(ct, k, &h[head].c, &rec, &line, tmp, cap);
            head = (head + 1) % 8;
            count--;
            continue;
        }
        rc = odp_chunks_take(k, &s->c, &err);
        if (rc == ODP_END) {
            break;
        }
        assert_int_equal(rc, ODP_OK);
        assert_true(s->c.len > 0);
        if (nlent + ncopy == 0) {
            first_len = s->c.len;
        }
        nlent += s->c.lent != 0;
        late_copies += nlent > 0 && s->c.lent == 0;
        last_lent = s->c.lent;
        if (getenv("TEST_CHUNKS_TRACE") != NULL) {
            fprintf(stderr, "chunk %zu: %s %zu bytes\n", chunk, s->c.lent ? "view" : "copy",
                    s->c.len);
        }
        ncopy += s->c.lent == 0;
        count++;
    }
    while (count > 0) {
        check_chunk(ct, k, &h[head].c, &rec, &line, tmp, cap);
        head = (head + 1) % 8;
        count--;
    }
    assert_int_equal(rec, nrec);
    assert_true(ncopy >= 1); /* the header's leftovers and the end at least */
    if (chunk >= 256) {
        assert_true(nlent > 0);
    }
    if (!longrecs && chunk >= 4096) {
        /* with records shorter than a block, every chunk after the header's leftovers is a
         * view but the last (the record after the last LF, or the end) */
        assert_true(nlent > 0);
        assert_int_equal(late_copies, last_lent ? 0 : 1);
    }
    if (!longrecs && chunk > ((size_t)64 << 10)) {
        /* the first chunk is what the header's 64 KB read left, not a full chunk read on
         * and copied: the workers start at once */
        assert_true(first_len <= ((size_t)64 << 10));
    }
    assert_int_equal(odp_table_input_digest(t, got, &bytes), ODP_OK);
    SHA256((const unsigned char *)in->p, in->len, want);
    assert_memory_equal(got, want, 32);
    assert_int_equal(bytes, in->len);
    odp_chunks_end(k);
    for (i = 0; i < 8; i++) {
        free(h[i].c.buf);
    }
    odp_table_free(ct);
    odp_table_free(t);
    free(tmp);
}

static void
views_match_one_reader(size_t nrec)
{
    static const size_t sizes[] = {64, 256, 4096, 65536, (size_t)1 << 20};
    struct odp_buf in;
    char path[128], *tmp = malloc(200000);
    FILE *f;
    size_t s;
    int hold;

    assert_non_null(tmp);
    odp_buf_init(&in, (size_t)64 << 20);
    build_csv(&in, nrec, tmp, 200000);
    assert_true(in.len > ((size_t)3 << 20)); /* several 1 MB blocks */
    snprintf(path, sizeof(path), "%s/in.csv", tu_dir);
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(in.p, 1, in.len, f), in.len);
    assert_int_equal(fclose(f), 0);
    for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        for (hold = 1; hold <= 6; hold += 5) {
            run(path, &in, sizes[s], nrec, hold);
        }
    }
    unlink(path);
    odp_buf_release(&in);
    free(tmp);
}

static void
test_views_long_records(void **state)
{
    (void)state;
    longrecs = 1;
    views_match_one_reader(1500);
}

static void
test_views_short_records(void **state)
{
    (void)state;
    longrecs = 0;
    views_match_one_reader(25000);
}

/* The read-ahead's first block is short (64 KB, so the header is parsed early): a
 * header longer than that is read on, its rows follow, and the digest covers it all. */
static void
test_header_past_first_block(void **state)
{
    enum { NCOL = 6000, NROW = 40 };
    struct odp_buf in;
    struct odp_err err;
    struct odp_table *t;
    const struct odp_row *h;
    struct odp_row row;
    char path[128];
    uint8_t got[32], want[32];
    uint64_t bytes = 0;
    size_t c, r = 0;
    FILE *f;
    int rc;

    (void)state;
    odp_buf_init(&in, (size_t)64 << 20);
    for (c = 0; c < NCOL; c++) {
        odp_buf_addf(&in, NULL, "%scolumn_%05zu", c ? "," : "", c);
    }
    assert_true(in.len > ((size_t)64 << 10));
    odp_buf_adds(&in, "\n", NULL);
    for (r = 0; r < NROW; r++) {
        for (c = 0; c < NCOL; c++) {
            odp_buf_addf(&in, NULL, "%s%zu", c ? "," : "", r * NCOL + c);
        }
        odp_buf_adds(&in, "\n", NULL);
    }
    snprintf(path, sizeof(path), "%s/wide.csv", tu_dir);
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(in.p, 1, in.len, f), in.len);
    assert_int_equal(fclose(f), 0);
    odp_err_clear(&err);
    t = odp_table_open_opts(path, ODP_FMT_CSV, 1, NULL, &err);
    assert_non_null(t);
    h = odp_table_header(t);
    assert_int_equal(h->n, NCOL);
    assert_int_equal(h->f[NCOL - 1].len, strlen("column_05999"));
    assert_memory_equal(h->f[NCOL - 1].p, "column_05999", h->f[NCOL - 1].len);
    r = 0;
    while ((rc = odp_table_next(t, &row, &err)) == ODP_OK) {
        char v[32];
        int n = snprintf(v, sizeof(v), "%zu", r * NCOL + NCOL - 1);

        assert_int_equal(row.n, NCOL);
        assert_int_equal(row.f[NCOL - 1].len, (size_t)n);
        assert_memory_equal(row.f[NCOL - 1].p, v, (size_t)n);
        r++;
    }
    assert_int_equal(rc, ODP_END);
    assert_int_equal(r, NROW);
    assert_int_equal(odp_table_input_digest(t, got, &bytes), ODP_OK);
    SHA256((const unsigned char *)in.p, in.len, want);
    assert_memory_equal(got, want, 32);
    assert_int_equal(bytes, in.len);
    odp_table_free(t);
    unlink(path);
    odp_buf_release(&in);
}

/* Without a read-ahead (no hashing) nothing can be lent: every chunk is a copy. */
static void
test_no_readahead_copies(void **state)
{
    struct odp_err err;
    struct odp_table *t;
    struct odp_chunker *k;
    struct odp_chunk c;
    char path[128];
    FILE *f;
    int rc, n = 0;

    (void)state;
    memset(&c, 0, sizeof(c));
    snprintf(path, sizeof(path), "%s/small.csv", tu_dir);
    f = fopen(path, "wb");
    assert_non_null(f);
    fputs("a,b\n1,2\n3,4\n5,6\n", f);
    assert_int_equal(fclose(f), 0);
    odp_err_clear(&err);
    t = odp_table_open_opts(path, ODP_FMT_CSV, 0, NULL, &err);
    assert_non_null(t);
    k = odp_chunks_begin(t, 64, 1024, &err);
    assert_non_null(k);
    odp_chunks_lend(k, 4);
    while ((rc = odp_chunks_take(k, &c, &err)) == ODP_OK) {
        assert_int_equal(c.lent, 0);
        assert_ptr_equal(c.data, c.buf);
        n++;
        odp_chunks_give(k, &c);
    }
    assert_int_equal(rc, ODP_END);
    assert_int_equal(n, 1);
    odp_chunks_end(k);
    odp_table_free(t);
    free(c.buf);
    unlink(path);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_views_long_records),
        cmocka_unit_test(test_views_short_records),
        cmocka_unit_test(test_no_readahead_copies),
        cmocka_unit_test(test_header_past_first_block),
    };

    return cmocka_run_group_tests(tests, tu_setup, tu_teardown);
}
