/*
 * test_read_exports.c - reading what agencies export (issue 14): CSV delimiters `;` TAB
 * `|` (quoted delimiters, quoted line breaks, the fast scanner against the plain one at
 * every small read block), the sniffing `init` relies on (a `;` file with commas inside
 * quoted fields, a one-column file, cut samples, encodings), latin-1 and windows-1252
 * transcoded to UTF-8 (é, €, smart quotes, C1 bytes), the undefined windows-1252 bytes
 * as errors at their line and column, rewind and digest over a transcoded input, chunk
 * splitting of a `;` file, the name tables, and dataset.delimiter/encoding in a policy
 * (parse, errors, written back, merged from a parent).
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
#include "out.h"
#include "policy.h"
#include "table_int.h"

struct result {
    int rc;
    struct odp_err err;
    struct odp_buf out;
    size_t rows;
};

/* Reads a whole file: rows as "line|f1\x1ff2\x1f...\x1e", or the error. */
static void
read_all(const char *path, const struct odp_table_tune *tune, struct result *r)
{
    struct odp_table *t;
    const struct odp_row *h;
    struct odp_row row;
    size_t i;

    memset(r, 0, sizeof(*r));
    odp_buf_init(&r->out, 1u << 24);
    t = odp_table_open_tuned(path, ODP_FMT_CSV, 0, tune, &r->err);
    if (t == NULL) {
        r->rc = r->err.code;
        return;
    }
    h = odp_table_header(t);
    odp_buf_adds(&r->out, "H|", NULL);
    for (i = 0; i < h->n; i++) {
        odp_buf_add(&r->out, h->f[i].p, h->f[i].len, NULL);
        odp_buf_addc(&r->out, '\x1f', NULL);
    }
    odp_buf_addc(&r->out, '\x1e', NULL);
    while ((r->rc = odp_table_next(t, &row, &r->err)) == ODP_OK) {
        r->rows++;
        odp_buf_addf(&r->out, NULL, "%llu|", (unsigned long long)row.line);
        for (i = 0; i < row.n; i++) {
            odp_buf_add(&r->out, row.f[i].p, row.f[i].len, NULL);
            odp_buf_addc(&r->out, '\x1f', NULL);
        }
        odp_buf_addc(&r->out, '\x1e', NULL);
    }
    odp_table_free(t);
}

static void
expect_read(const char *data, int delim, enum odp_encoding enc, const char *want)
{
    static const size_t blocks[] = {0, 1, 2, 3, 4, 5, 7, 13, 16, 17, 64};
    char *path = tu_write(data, strlen(data), ".csv");
    size_t b;
    int plain;

    for (b = 0; b < sizeof(blocks) / sizeof(blocks[0]); b++) {
        for (plain = -1; plain <= 1; plain += 2) {
            struct odp_table_tune tune;
            struct result r;

            memset(&tune, 0, sizeof(tune));
            tune.block = blocks[b];
            tune.plain = plain;
            tune.delimiter = delim;
            tune.encoding = enc;
            read_all(path, &tune, &r);
            if (r.rc != ODP_END || r.out.len != strlen(want) ||
                memcmp(r.out.p, want, r.out.len) != 0) {
                print_error("block %zu plain %d: rc %d '%s' got '%.*s'\n", blocks[b], plain, r.rc,
                            r.err.msg, (int)r.out.len, r.out.p);
                fail();
            }
            odp_buf_release(&r.out);
        }
    }
    free(path);
}

static void
expect_error(const char *data, size_t n, int delim, enum odp_encoding enc, int code, uint64_t line,
             uint64_t col, const char *msgpart, size_t rows_before)
{
    static const size_t blocks[] = {0, 1, 2, 3, 5, 8, 17};
    char *path = tu_write(data, n, ".csv");
    size_t b;
    int plain;

    for (b = 0; b < sizeof(blocks) / sizeof(blocks[0]); b++) {
        for (plain = -1; plain <= 1; plain += 2) {
            struct odp_table_tune tune;
            struct result r;

            memset(&tune, 0, sizeof(tune));
            tune.block = blocks[b];
            tune.plain = plain;
            tune.delimiter = delim;
            tune.encoding = enc;
            read_all(path, &tune, &r);
            if (r.rc != code || r.err.line != line || r.err.col != col ||
                strstr(r.err.msg, msgpart) == NULL || r.rows != rows_before) {
                print_error("block %zu plain %d: rc %d at %llu:%llu rows %zu '%s'\n", blocks[b],
                            plain, r.rc, (unsigned long long)r.err.line,
                            (unsigned long long)r.err.col, r.rows, r.err.msg);
                fail();
            }
            odp_buf_release(&r.out);
        }
    }
    free(path);
}

/* --- delimiters --- */

static void
test_semicolon(void **state)
{
    (void)state;
    /* commas are data; a quoted `;`, `""` and a quoted line break; CRLF; empty fields */
    expect_read("a;b;c\r\n1,5;\"x;y\";\"say \"\"hi\"\"\r\nthere\"\r\n;2,0;\r\n", ';',
                ODP_ENC_DEFAULT,
                "H|a\x1f"
                "b\x1f"
                "c\x1f\x1e"
                "2|1,5\x1fx;y\x1fsay \"hi\"\r\nthere\x1f\x1e"
                "4|\x1f"
                "2,0\x1f\x1f\x1e");
    /* the same file read with `,` is one ragged mess: the header has 1 field... */
    expect_error("a;b\n1,2\n", 8, ',', ODP_ENC_DEFAULT, ODP_ESYNTAX, 2, 3, "ragged row", 0);
    /* a quote closing before a character that is not the delimiter */
    expect_error("a;b\n\"x\",y;z\n", 12, ';', ODP_ENC_DEFAULT, ODP_ESYNTAX, 2, 4,
                 "after a closing quote", 0);
}

static void
test_tab_and_pipe(void **state)
{
    (void)state;
    expect_read("id\tname\tnote\n1\tAnna, Smith\t\"a\tb\nc\"\n2\t\t\"|\"\n", '\t', ODP_ENC_DEFAULT,
                "H|id\x1fname\x1fnote\x1f\x1e"
                "2|1\x1f"
                "Anna, Smith\x1f"
                "a\tb\nc\x1f\x1e"
                "4|2\x1f\x1f|\x1f\x1e");
    expect_read("id|name|note\n1|\"A|B\"|x,y;z\n2|\"line\nbreak\"|\"\"\n", '|', ODP_ENC_DEFAULT,
                "H|id\x1fname\x1fnote\x1f\x1e"
                "2|1\x1f"
                "A|B\x1fx,y;z\x1f\x1e"
                "3|2\x1fline\nbreak\x1f\x1f\x1e");
    /* ragged under `|`: the extra field's column */
    expect_error("a|b\n1|2|3\n", 10, '|', ODP_ENC_DEFAULT, ODP_ESYNTAX, 2, 5, "ragged row", 0);
}

/* Long unquoted runs make the 64-byte window walk (the SSE2 path) with `;`. */
static void
test_semicolon_long_fields(void **state)
{
    struct odp_buf in, want;
    int i;

    (void)state;
    odp_buf_init(&in, 1u << 20);
    odp_buf_init(&want, 1u << 20);
    odp_buf_adds(&in, "a;b\n", NULL);
    odp_buf_adds(&want,
                 "H|a\x1f"
                 "b\x1f\x1e",
                 NULL);
    for (i = 0; i < 40; i++) {
        char f[200];
        int n = 3 + (i * 37) % 150, k;

        for (k = 0; k < n; k++) {
            f[k] = (char)(k % 7 == 3 ? ',' : 'a' + (k + i) % 26);
        }
        f[n] = '\0';
        odp_buf_addf(&in, NULL, "%s;%d\n", f, i);
        odp_buf_addf(&want, NULL, "%d|%s\x1f%d\x1f\x1e", i + 2, f, i);
    }
    odp_buf_addc(&in, '\0', NULL);
    odp_buf_addc(&want, '\0', NULL);
    expect_read(in.p, ';', ODP_ENC_DEFAULT, want.p);
    odp_buf_release(&in);
    odp_buf_release(&want);
}

/*
 * Random tables (fields with commas, semicolons, tabs, pipes, quotes, CR/LF and UTF-8)
 * written with each delimiter, quoting a field that holds that delimiter, a quote or a
 * line break: read back with the fast and the plain scanner at several block sizes,
 * they give the fields written.
 */
static void
test_random_delimited(void **state)
{
    static const int delims[] = {',', ';', '\t', '|'};
    static const char *const atoms[] = {"a",        "Zz",           "1,5", ";",    "\t",
                                        "|",        "\"",           "\n",  "\r\n", " ",
                                        "\xc3\xa9", "\xe2\x82\xac", "x y", ""};
    uint32_t seed = 12345;
    size_t d;
    int round;

    (void)state;
    for (d = 0; d < sizeof(delims) / sizeof(delims[0]); d++) {
        for (round = 0; round < 8; round++) {
            struct odp_buf in, want;
            size_t rows = 1 + (size_t)round * 7, cols = 1 + (size_t)(round % 4), r, c;
            char *nul;

            odp_buf_init(&in, 1u << 22);
            odp_buf_init(&want, 1u << 22);
            odp_buf_adds(&want, "H|", NULL);
            for (c = 0; c < cols; c++) {
                if (c > 0) {
                    odp_buf_addc(&in, (char)delims[d], NULL);
                }
                odp_buf_addf(&in, NULL, "c%zu", c);
                odp_buf_addf(&want, NULL, "c%zu\x1f", c);
            }
            odp_buf_adds(&in, "\n", NULL);
            odp_buf_addc(&want, '\x1e', NULL);
            {
                uint64_t line = 2;

                for (r = 0; r < rows; r++) {
                    uint64_t nls = 0;

                    odp_buf_addf(&want, NULL, "%llu|", (unsigned long long)line);
                    for (c = 0; c < cols; c++) {
                        char f[128];
                        size_t fl = 0, k, na;
                        int quote = 0;

                        seed = seed * 1103515245u + 12345u;
                        na = 1 + (seed >> 16) % 5;
                        for (k = 0; k < na; k++) {
                            const char *at;

                            seed = seed * 1103515245u + 12345u;
                            at = atoms[(seed >> 16) % (sizeof(atoms) / sizeof(atoms[0]))];
                            memcpy(f + fl, at, strlen(at));
                            fl += strlen(at);
                        }
                        if (fl == 0 || (c == 0 && cols == 1)) {
                            f[fl++] = 'v'; /* no blank rows */
                        }
                        for (k = 0; k < fl; k++) {
                            if (f[k] == (char)delims[d] || f[k] == '"' || f[k] == '\n' ||
                                f[k] == '\r') {
                                quote = 1;
                            }
                            nls += f[k] == '\n';
                        }
                        if (c > 0) {
                            odp_buf_addc(&in, (char)delims[d], NULL);
                        }
                        if (quote) {
                            odp_buf_addc(&in, '"', NULL);
                            for (k = 0; k < fl; k++) {
                                if (f[k] == '"') {
                                    odp_buf_addc(&in, '"', NULL);
                                }
                                odp_buf_addc(&in, f[k], NULL);
                            }
                            odp_buf_addc(&in, '"', NULL);
                        } else {
                            odp_buf_add(&in, f, fl, NULL);
                        }
                        odp_buf_add(&want, f, fl, NULL);
                        odp_buf_addc(&want, '\x1f', NULL);
                    }
                    odp_buf_adds(&in, "\n", NULL);
                    odp_buf_addc(&want, '\x1e', NULL);
                    line += 1 + nls;
                }
            }
            odp_buf_addc(&in, '\0', NULL);
            odp_buf_addc(&want, '\0', NULL);
            nul = memchr(in.p, '\0', in.len);
            assert_ptr_equal(nul, in.p + in.len - 1);
            expect_read(in.p, delims[d], ODP_ENC_DEFAULT, want.p);
            odp_buf_release(&in);
            odp_buf_release(&want);
        }
    }
}

/*
 * Random bytes (mostly CSV punctuation, some high and undefined bytes) under every
 * delimiter and encoding: the fast and the plain scanner agree on the rows or on the
 * error (code, line, column, message), at two block sizes.
 */
static void
test_random_bytes_agree(void **state)
{
    static const char alphabet[] = "ab1,;\t|\"\"\n\n\r \x80\x81\x93\xe9\xc3\xa9";
    static const int delims[] = {',', ';', '\t', '|'};
    static const enum odp_encoding encs[] = {ODP_ENC_UTF8, ODP_ENC_LATIN1, ODP_ENC_WINDOWS1252};
    uint32_t seed = 777;
    int iter;

    (void)state;
    for (iter = 0; iter < 300; iter++) {
        char data[96];
        size_t n = 8 + (size_t)iter % 80, i;
        char *path;
        int d = delims[iter % 4];
        enum odp_encoding e = encs[(iter / 4) % 3];
        static const size_t blocks[] = {3, 4096};
        size_t b;

        memcpy(data, "h1;h2\n", 6);
        data[2] = (char)d;
        for (i = 6; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            data[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
        }
        path = tu_write(data, n, ".csv");
        for (b = 0; b < 2; b++) {
            struct odp_table_tune tf, tp;
            struct result rf, rp;

            memset(&tf, 0, sizeof(tf));
            tf.block = blocks[b];
            tf.delimiter = d;
            tf.encoding = e;
            tf.plain = -1;
            tp = tf;
            tp.plain = 1;
            read_all(path, &tf, &rf);
            read_all(path, &tp, &rp);
            if (rf.rc != rp.rc || rf.err.line != rp.err.line || rf.err.col != rp.err.col ||
                strcmp(rf.err.msg, rp.err.msg) != 0 || rf.out.len != rp.out.len ||
                (rf.out.len > 0 && memcmp(rf.out.p, rp.out.p, rf.out.len) != 0)) {
                print_error("iter %d: fast rc %d %llu:%llu '%s', plain rc %d %llu:%llu '%s'\n",
                            iter, rf.rc, (unsigned long long)rf.err.line,
                            (unsigned long long)rf.err.col, rf.err.msg, rp.rc,
                            (unsigned long long)rp.err.line, (unsigned long long)rp.err.col,
                            rp.err.msg);
                fail();
            }
            assert_true(rf.rc == ODP_END || rf.rc == ODP_ESYNTAX);
            odp_buf_release(&rf.out);
            odp_buf_release(&rp.out);
        }
        free(path);
    }
}

static void
test_raw_views_and_bad_delimiter(void **state)
{
    const char *d = "a;b\n1;2\n";
    char *path = tu_write(d, strlen(d), ".csv");
    struct odp_read_opts ro = {';', ODP_ENC_DEFAULT, 0};
    struct odp_err err;
    struct odp_table *t;

    (void)state;
    t = odp_table_open_opts(path, ODP_FMT_CSV, 0, &ro, &err);
    assert_non_null(t);
    assert_int_equal(odp_table_delimiter(t), ';');
    assert_int_equal(odp_table_raw_views(t), 0); /* output is comma CSV: no raw copy */
    odp_table_free(t);
    t = odp_table_open_opts(path, ODP_FMT_CSV, 0, NULL, &err);
    assert_non_null(t);
    assert_int_equal(odp_table_delimiter(t), ',');
    assert_int_equal(odp_table_raw_views(t), 1);
    assert_int_equal(odp_table_header(t)->n, 1);
    odp_table_free(t);
    ro.delimiter = '"';
    assert_null(odp_table_open_opts(path, ODP_FMT_CSV, 0, &ro, &err));
    assert_int_equal(err.code, ODP_EINVAL);
    ro.delimiter = ';';
    ro.encoding = (enum odp_encoding)9;
    assert_null(odp_table_open_opts(path, ODP_FMT_CSV, 0, &ro, &err));
    free(path);
}

/* Chunks split at the same records whatever the delimiter; chunk readers keep it. */
static void
test_chunks_semicolon(void **state)
{
    struct odp_buf in;
    struct odp_read_opts ro = {';', ODP_ENC_WINDOWS1252, 0};
    struct odp_err err;
    struct odp_table *t, *ct;
    struct odp_chunker *k;
    struct odp_row row;
    char *path, *buf = NULL;
    size_t cap = 0, len, rows = 0;
    uint64_t line, recno;
    int i, rc, nchunks = 0;

    (void)state;
    odp_buf_init(&in, 1u << 20);
    odp_buf_adds(&in, "id;note;v\n", NULL);
    for (i = 0; i < 300; i++) {
        odp_buf_addf(&in, NULL, "%d;\"a;b\n\x80%d\";x,%d\n", i, i, i);
    }
    path = tu_write(in.p, in.len, ".csv");
    t = odp_table_open_opts(path, ODP_FMT_CSV, 1, &ro, &err);
    assert_non_null(t);
    k = odp_chunks_begin(t, 256, 1u << 20, &err);
    assert_non_null(k);
    ct = odp_table_chunk_new(t, &err);
    assert_non_null(ct);
    while ((rc = odp_chunks_next(k, &buf, &cap, &len, &line, &recno, &err)) == ODP_OK) {
        nchunks++;
        assert_int_equal(odp_table_chunk_set(ct, buf, len, line, recno, odp_chunks_term(k), &err),
                         ODP_OK);
        while ((rc = odp_table_next(ct, &row, &err)) == ODP_OK) {
            char want[64];

            assert_int_equal(row.n, 3);
            assert_int_equal(row.recno, rows + 1);
            assert_int_equal(row.line, 2 + 2 * rows);
            snprintf(want, sizeof(want), "a;b\n\xe2\x82\xac%zu", rows);
            assert_int_equal(row.f[1].len, strlen(want));
            assert_memory_equal(row.f[1].p, want, row.f[1].len);
            rows++;
        }
        assert_int_equal(rc, ODP_END);
    }
    assert_int_equal(rc, ODP_END);
    assert_int_equal(rows, 300);
    assert_true(nchunks > 10);
    odp_chunks_end(k);
    odp_table_free(ct);
    odp_table_free(t);
    free(buf);
    free(path);
    odp_buf_release(&in);
}

/* --- encodings --- */

static void
test_windows1252(void **state)
{
    (void)state;
    /* é (E9), € (80), smart quotes (93 94 92), Ÿ (9F), ü (FC), NBSP (A0) */
    expect_read("n;v\n\xe9t\xe9;\"\x93q\x94 \x80 5\"\nO\x92"
                "B;\x9f\xfc\xa0\n",
                ';', ODP_ENC_WINDOWS1252,
                "H|n\x1fv\x1f\x1e"
                "2|\xc3\xa9t\xc3\xa9\x1f\xe2\x80\x9cq\xe2\x80\x9d \xe2\x82\xac 5\x1f\x1e"
                "3|O\xe2\x80\x99"
                "B\x1f\xc5\xb8\xc3\xbc\xc2\xa0\x1f\x1e");
}

static void
test_latin1(void **state)
{
    (void)state;
    /* the same bytes in latin-1: 0x80..0x9F are the C1 controls U+0080..U+009F */
    expect_read("n,v\n\xe9t\xe9,\x80\x93\x81\n", ',', ODP_ENC_LATIN1,
                "H|n\x1fv\x1f\x1e"
                "2|\xc3\xa9t\xc3\xa9\x1f\xc2\x80\xc2\x93\xc2\x81\x1f\x1e");
    /* the default stays UTF-8: the same bytes are an error */
    expect_error("n,v\n\xe9t\xe9,x\n", 10, ',', ODP_ENC_DEFAULT, ODP_ESYNTAX, 2, 1, "invalid UTF-8",
                 0);
    expect_error("n,v\n\xe9t\xe9,x\n", 10, ',', ODP_ENC_UTF8, ODP_ESYNTAX, 2, 1, "invalid UTF-8",
                 0);
}

static void
test_undefined_bytes(void **state)
{
    static const unsigned char undef[] = {0x81, 0x8d, 0x8f, 0x90, 0x9d};
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(undef); i++) {
        char d[64];
        int n = snprintf(d, sizeof(d), "id;note\r\n1;\"a\r\nb\"\r\n2;ab%cc\r\n", undef[i]);

        /* line 4 (the quoted break counts), byte column 5; record 1 comes back first */
        expect_error(d, (size_t)n, ';', ODP_ENC_WINDOWS1252, ODP_ESYNTAX, 4, 5,
                     "undefined in windows-1252", 1);
    }
    /* in the header */
    expect_error("i\x90;x\n1;2\n", 9, ';', ODP_ENC_WINDOWS1252, ODP_ESYNTAX, 1, 2,
                 "undefined in windows-1252", 0);
    /* every other byte is defined */
    for (i = 0x80; i < 0x100; i++) {
        char out[3];
        size_t m = odp_transcode_byte(ODP_ENC_WINDOWS1252, (unsigned char)i, out);
        int bad = i == 0x81 || i == 0x8d || i == 0x8f || i == 0x90 || i == 0x9d;

        assert_int_equal(m == 0, bad);
        if (!bad) {
            assert_int_equal(odp_utf8_check(out, m, 1), m);
        }
        m = odp_transcode_byte(ODP_ENC_LATIN1, (unsigned char)i, out);
        assert_int_equal(m, 2); /* U+0080..U+00FF */
        assert_int_equal(odp_utf8_check(out, m, 1), m);
    }
}

/* A rewind restarts the transcoder; the digest is of the raw bytes. */
static void
test_transcoded_rewind_digest(void **state)
{
    const char *d = "a;b\n\xe9;\x80\n\x93x\x94;y\n";
    char *path = tu_write(d, strlen(d), ".csv");
    struct odp_read_opts ro = {';', ODP_ENC_WINDOWS1252, 0};
    struct odp_err err;
    struct odp_table *t;
    struct odp_row row;
    uint8_t dg[32], want[32];
    uint64_t bytes;
    int pass;

    (void)state;
    SHA256((const unsigned char *)d, strlen(d), want);
    t = odp_table_open_opts(path, ODP_FMT_CSV, 1, &ro, &err);
    assert_non_null(t);
    for (pass = 0; pass < 2; pass++) {
        assert_int_equal(odp_table_next(t, &row, &err), ODP_OK);
        assert_int_equal(row.f[0].len, 2);
        assert_memory_equal(row.f[0].p, "\xc3\xa9", 2);
        assert_int_equal(odp_table_next(t, &row, &err), ODP_OK);
        assert_int_equal(row.line, 3);
        assert_memory_equal(row.f[0].p, "\xe2\x80\x9cx\xe2\x80\x9d", 7);
        assert_int_equal(odp_table_next(t, &row, &err), ODP_END);
        assert_int_equal(odp_table_input_digest(t, dg, &bytes), ODP_OK);
        assert_memory_equal(dg, want, 32);
        assert_int_equal(bytes, strlen(d));
        assert_int_equal(odp_table_rewind(t, &err), ODP_OK);
    }
    odp_table_free(t);
    free(path);
}

/* --- sniffing --- */

static void
sniff(const char *d, int at_eof, struct odp_sniff *s)
{
    odp_sniff_bytes(d, strlen(d), at_eof, s);
}

static void
test_sniff_delimiters(void **state)
{
    struct odp_sniff s;

    (void)state;
    /* commas inside quoted fields of a `;` file, and decimal commas */
    sniff("id;name;note\n1;\"Smith, Anna\";\"a, b, c\"\n2;\"Doe, J\";3,5\n", 1, &s);
    assert_int_equal(s.delimiter, ';');
    assert_true(s.delimiter_found);
    assert_int_equal(s.fields, 3);
    assert_int_equal(s.records, 3);
    /* a quoted line break holding delimiters does not break the count */
    sniff("a|b\r\n\"x|\ny|z\"|2\r\n3|4\r\n", 1, &s);
    assert_int_equal(s.delimiter, '|');
    assert_int_equal(s.records, 3);
    sniff("a\tb\tc\n1\t2,5\t\n", 1, &s);
    assert_int_equal(s.delimiter, '\t');
    sniff("a,b\n1,\"x;y;z\"\n2,w\n", 1, &s);
    assert_int_equal(s.delimiter, ',');
    assert_true(s.delimiter_found);
    /* one column: nothing splits it; the default, not "found" */
    sniff("name\nSmith\nDoe\n", 1, &s);
    assert_int_equal(s.delimiter, ',');
    assert_false(s.delimiter_found);
    /* one column whose values hold a `;` once: the header does not split */
    sniff("note\na;b\nc;d\n", 1, &s);
    assert_false(s.delimiter_found);
    /* ragged under every candidate */
    sniff("a;b\n1;2;3\n", 1, &s);
    assert_false(s.delimiter_found);
    /* a final record without a line end counts at the end of the input... */
    sniff("a;b\n1;2\n3;4", 1, &s);
    assert_int_equal(s.records, 3);
    /* ...but a cut sample ignores its last, partial line */
    sniff("a;b\n1;2\n3;4;5", 0, &s);
    assert_int_equal(s.delimiter, ';');
    assert_int_equal(s.records, 2);
    /* the widest consistent candidate wins */
    sniff("a,b;c;d\n1,2;3;4\n", 1, &s);
    assert_int_equal(s.delimiter, ';');
    assert_int_equal(s.fields, 3);
    /* a BOM is skipped */
    sniff("\xef\xbb\xbf"
          "a;b\n1;2\n",
          1, &s);
    assert_int_equal(s.delimiter, ';');
}

static void
test_sniff_encoding(void **state)
{
    struct odp_sniff s;
    char *path;
    struct odp_err err;

    (void)state;
    sniff("a;b\n\xc3\xa9;\xe2\x82\xac\n", 1, &s);
    assert_int_equal(s.encoding, ODP_ENC_UTF8);
    sniff("a;b\n\xe9;\x80\n\x93q\x94;x\n", 1, &s);
    assert_int_equal(s.encoding, ODP_ENC_WINDOWS1252);
    /* an undefined windows-1252 byte: not that either, UTF-8 stays (and will fail) */
    sniff("a;b\n\xe9;\x81\n", 1, &s);
    assert_int_equal(s.encoding, ODP_ENC_UTF8);
    /* a UTF-8 sequence cut by the end of a sample is not evidence */
    sniff("a;b\n1;\xe2\x82", 0, &s);
    assert_int_equal(s.encoding, ODP_ENC_UTF8);
    /* ...but at the real end it is */
    sniff("a;b\n1;\xe2\x82", 1, &s);
    assert_int_equal(s.encoding, ODP_ENC_WINDOWS1252);
    path = tu_write("x;y\n\xe9;1\n", 9, ".csv");
    assert_int_equal(odp_sniff_file(path, &s, &err), ODP_OK);
    assert_int_equal(s.delimiter, ';');
    assert_int_equal(s.encoding, ODP_ENC_WINDOWS1252);
    free(path);
    assert_int_equal(odp_sniff_file("/nonexistent/x.csv", &s, &err), ODP_EIO);
}

static void
test_names(void **state)
{
    (void)state;
    assert_int_equal(odp_delimiter_from_name(","), ',');
    assert_int_equal(odp_delimiter_from_name(";"), ';');
    assert_int_equal(odp_delimiter_from_name("|"), '|');
    assert_int_equal(odp_delimiter_from_name("\t"), '\t');
    assert_int_equal(odp_delimiter_from_name("tab"), '\t');
    assert_int_equal(odp_delimiter_from_name("\\t"), '\t');
    assert_int_equal(odp_delimiter_from_name(";;"), -1);
    assert_int_equal(odp_delimiter_from_name("\""), -1);
    assert_int_equal(odp_delimiter_from_name(""), -1);
    assert_string_equal(odp_delimiter_name('\t'), "\\t");
    assert_null(odp_delimiter_name(':'));
    assert_int_equal(odp_encoding_from_name("UTF-8"), ODP_ENC_UTF8);
    assert_int_equal(odp_encoding_from_name("latin1"), ODP_ENC_LATIN1);
    assert_int_equal(odp_encoding_from_name("ISO-8859-1"), ODP_ENC_LATIN1);
    assert_int_equal(odp_encoding_from_name("cp1252"), ODP_ENC_WINDOWS1252);
    assert_int_equal(odp_encoding_from_name("koi8-r"), -1);
    assert_string_equal(odp_encoding_name(ODP_ENC_WINDOWS1252), "windows-1252");
    assert_null(odp_encoding_name(ODP_ENC_DEFAULT));
}

/* --- policy: dataset.delimiter / encoding --- */

static struct odp_policy *
load_yaml(const char *name, const char *y, struct odp_err *err)
{
    char path[256];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", tu_dir, name);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(y, f);
    fclose(f);
    odp_err_clear(err); /* first error wins: each load starts clean */
    return odp_policy_load(path, NULL, err);
}

#define POL_HEAD "odpub: 1\nname: t\n"
#define POL_COLS "columns:\n  a: {action: keep}\n"

static void
test_policy_keys(void **state)
{
    struct odp_policy *p;
    struct odp_err err;
    struct odp_out o;
    const char *m;
    char *y;
    size_t n;

    (void)state;
    p = load_yaml("p1.yaml",
                  POL_HEAD "dataset:\n  delimiter: \"\\t\"\n  encoding: latin-1\n" POL_COLS, &err);
    assert_non_null(p);
    assert_int_equal(p->dataset.delimiter, '\t');
    assert_int_equal(p->dataset.encoding, ODP_ENC_LATIN1);
    /* written back, and read back the same */
    assert_int_equal(odp_out_init(&o, -1, "mem", 0, &err), ODP_OK);
    assert_int_equal(odp_policy_write_effective(p, NULL, &o, &err), ODP_OK);
    m = odp_out_mem(&o, &n);
    y = strndup(m, n);
    assert_non_null(y);
    odp_out_release(&o);
    assert_non_null(strstr(y, "  delimiter: \"\\t\"\n"));
    assert_non_null(strstr(y, "  encoding: latin-1\n"));
    odp_policy_free(p);
    p = load_yaml("p1b.yaml", y, &err);
    assert_non_null(p);
    assert_int_equal(p->dataset.delimiter, '\t');
    assert_int_equal(p->dataset.encoding, ODP_ENC_LATIN1);
    odp_policy_free(p);
    free(y);

    /* a child inherits its parent's, and its own win */
    p = load_yaml("parent.yaml",
                  POL_HEAD "dataset: {delimiter: \";\", encoding: windows-1252}\n" POL_COLS, &err);
    assert_non_null(p);
    odp_policy_free(p);
    p = load_yaml("child.yaml", POL_HEAD "extends: [./parent.yaml]\n", &err);
    assert_non_null(p);
    assert_int_equal(p->dataset.delimiter, ';');
    assert_int_equal(p->dataset.encoding, ODP_ENC_WINDOWS1252);
    odp_policy_free(p);
    p = load_yaml("child2.yaml", POL_HEAD "extends: [./parent.yaml]\ndataset: {delimiter: \"|\"}\n",
                  &err);
    assert_non_null(p);
    assert_int_equal(p->dataset.delimiter, '|');
    assert_int_equal(p->dataset.encoding, ODP_ENC_WINDOWS1252);
    odp_policy_free(p);

    /* bad values: a schema error at the value */
    assert_null(load_yaml("bad1.yaml", POL_HEAD "dataset:\n  delimiter: \"::\"\n" POL_COLS, &err));
    assert_int_equal(err.code, ODP_ESCHEMA);
    assert_int_equal(err.line, 4);
    assert_int_equal(err.col, 14);
    assert_null(load_yaml("bad2.yaml", POL_HEAD "dataset:\n  encoding: [utf-8]\n" POL_COLS, &err));
    assert_int_equal(err.code, ODP_ESCHEMA);
    assert_int_equal(err.line, 4);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_semicolon),
        cmocka_unit_test(test_tab_and_pipe),
        cmocka_unit_test(test_semicolon_long_fields),
        cmocka_unit_test(test_random_delimited),
        cmocka_unit_test(test_random_bytes_agree),
        cmocka_unit_test(test_raw_views_and_bad_delimiter),
        cmocka_unit_test(test_chunks_semicolon),
        cmocka_unit_test(test_windows1252),
        cmocka_unit_test(test_latin1),
        cmocka_unit_test(test_undefined_bytes),
        cmocka_unit_test(test_transcoded_rewind_digest),
        cmocka_unit_test(test_sniff_delimiters),
        cmocka_unit_test(test_sniff_encoding),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_policy_keys),
    };

    return cmocka_run_group_tests(tests, tu_setup, tu_teardown);
}
