/*
 * test_csv_tolerant.c - the CSV reader's tolerant mode (odp_read_opts.tolerant, used by
 * `init` only): each fault the strict reader refuses is read as pandas reads it, counted
 * per kind with the position of the first, on every scanner (plain, SSE2, the best the
 * CPU has) and with refills at every byte; what it still refuses; and that a strict
 * read of the same bytes still fails and counts nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "table.h"
#include "table_int.h"
#include "testutil.h"

struct got {
    int rc;
    struct odp_err err;
    struct odp_buf out; /* "line|f1,f2;" per row; NUL shown as '@' */
    struct odp_read_faults f;
};

static void
read_tuned(const char *path, const struct odp_table_tune *tune, struct got *g)
{
    struct odp_table *t;
    const struct odp_row *h;
    struct odp_row row;
    size_t i, k;

    memset(g, 0, sizeof(*g));
    odp_buf_init(&g->out, 1u << 20);
    t = odp_table_open_tuned(path, ODP_FMT_CSV, 0, tune, &g->err);
    if (t == NULL) {
        g->rc = g->err.code;
        assert_true(g->rc < 0);
        return;
    }
    h = odp_table_header(t);
    odp_buf_adds(&g->out, "H|", NULL);
    for (i = 0; i < h->n; i++) {
        odp_buf_add(&g->out, h->f[i].p, h->f[i].len, NULL);
        odp_buf_addc(&g->out, i + 1 < h->n ? ',' : ';', NULL);
    }
    while ((g->rc = odp_table_next(t, &row, &g->err)) == ODP_OK) {
        assert_int_equal(row.n, h->n);
        odp_buf_addf(&g->out, NULL, "%llu|", (unsigned long long)row.line);
        for (i = 0; i < row.n; i++) {
            for (k = 0; k < row.f[i].len; k++) {
                odp_buf_addc(&g->out, row.f[i].p[k] == '\0' ? '@' : row.f[i].p[k], NULL);
            }
            odp_buf_addc(&g->out, i + 1 < row.n ? ',' : ';', NULL);
        }
    }
    odp_table_faults(t, &g->f);
    odp_table_free(t);
}

static int
same(const struct got *a, const struct got *b)
{
    return a->rc == b->rc && a->err.line == b->err.line && a->err.col == b->err.col &&
           a->out.len == b->out.len && memcmp(a->out.p, b->out.p, a->out.len) == 0 &&
           memcmp(&a->f, &b->f, sizeof(a->f)) == 0;
}

/* Reads len bytes tolerantly on every scanner and block size; all must agree. */
static void
read_tolerant(const char *data, size_t len, struct got *g)
{
    static const size_t blocks[] = {1, 2, 3, 5, 7, 16, 17, 64, 4096};
    char *path = tu_write(data, len, ".csv");
    struct odp_table_tune tune;
    struct got o;
    size_t i;
    int plain;

    memset(&tune, 0, sizeof(tune));
    tune.tolerant = 1;
    tune.plain = -1;
    read_tuned(path, &tune, g);
    for (plain = -2; plain <= 1; plain += plain == -1 ? 2 : 1) {
        for (i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++) {
            tune.plain = plain;
            tune.block = blocks[i];
            read_tuned(path, &tune, &o);
            if (!same(g, &o)) {
                print_error("plain %d block %zu differs: %.*s / %.*s\n", plain, blocks[i],
                            (int)g->out.len, g->out.p, (int)o.out.len, o.out.p);
                fail();
            }
            odp_buf_release(&o.out);
        }
    }
    /* the same bytes read strictly: an error, and nothing counted */
    tune.tolerant = 0;
    tune.plain = 0;
    tune.block = 0;
    read_tuned(path, &tune, &o);
    assert_int_equal(o.rc, ODP_ESYNTAX);
    for (i = 0; i < ODP_FAULT_N; i++) {
        assert_int_equal(o.f.count[i], 0);
    }
    odp_buf_release(&o.out);
    unlink(path);
    free(path);
}

struct fault_case {
    const char *data;
    size_t len; /* 0: strlen */
    const char *rows;
    enum odp_read_fault kind;
    unsigned count, line, col;
};

static const struct fault_case cases[] = {
    /* a quote inside an unquoted field is a literal quote */
    {"a,b\n1,ab\"c\n2,x\n", 0, "H|a,b;2|1,ab\"c;3|2,x;", ODP_FAULT_QUOTE, 1, 2, 5},
    {"a,b\n1,5'10\" tall\n1880 \"O\" RD,\"q\"\n", 0, "H|a,b;2|1,5'10\" tall;3|1880 \"O\" RD,q;",
     ODP_FAULT_QUOTE, 2, 2, 7},
    {"a\"x,b\n1,2\n", 0, "H|a\"x,b;2|1,2;", ODP_FAULT_QUOTE, 1, 1, 2}, /* in the header */
    /* NUL bytes stay bytes of their field, quoted or not */
    {"a,b\n1,x\0y\n\0,\"p\0q\"\n", 18, "H|a,b;2|1,x@y;3|@,p@q;", ODP_FAULT_NUL, 2, 2, 4},
    /* bare CR ends a record, the header's too */
    {"a,b\r1,2\r3,4\r", 0, "H|a,b;2|1,2;3|3,4;", ODP_FAULT_CR, 3, 1, 4},
    {"a,b\r1,\"x\ry\"\r", 0, "H|a,b;2|1,x\ry;", ODP_FAULT_CR, 2, 1, 4},
    /* a line ending other than the first record's is taken */
    {"a,b\r\n1,2\n3,4\r\n5,6\n", 0, "H|a,b;2|1,2;3|3,4;4|5,6;", ODP_FAULT_MIXED, 2, 2, 4},
    /* short rows are padded, long ones cut */
    {"a,b,c\n1,2\n4,5,6,7\n8,9,0\n", 0, "H|a,b,c;2|1,2,;3|4,5,6;4|8,9,0;", ODP_FAULT_RAGGED, 2, 2,
     4},
    /* blank rows, empty lines or all-empty fields, are skipped */
    {"a,b\n1,2\n\n,\n3,4\n\n", 0, "H|a,b;2|1,2;5|3,4;", ODP_FAULT_BLANK, 3, 3, 1},
    /* a record with invalid UTF-8 is skipped */
    {"a,b\n1,x\xe9y\n2,z\n", 0, "H|a,b;3|2,z;", ODP_FAULT_UTF8, 1, 2, 4},
};

static void
test_faults_read_past(void **state)
{
    size_t i, k;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct fault_case *c = &cases[i];
        struct got g;

        read_tolerant(c->data, c->len != 0 ? c->len : strlen(c->data), &g);
        if (g.rc != ODP_END || g.out.len != strlen(c->rows) ||
            memcmp(g.out.p, c->rows, g.out.len) != 0) {
            print_error("case %zu: rc %d '%s' rows '%.*s', wanted '%s'\n", i, g.rc, g.err.msg,
                        (int)g.out.len, g.out.p, c->rows);
            fail();
        }
        for (k = 0; k < ODP_FAULT_N; k++) {
            unsigned want = k == (size_t)c->kind ? c->count : 0;

            if (g.f.count[k] != want) {
                print_error("case %zu: %s counted %llu, wanted %u\n", i,
                            odp_read_fault_name((enum odp_read_fault)k),
                            (unsigned long long)g.f.count[k], want);
                fail();
            }
        }
        assert_int_equal(g.f.line[c->kind], c->line);
        assert_int_equal(g.f.col[c->kind], c->col);
        odp_buf_release(&g.out);
    }
}

/* Quotes and NULs past the 64-byte window and the 16-byte vectors of the scanners. */
static void
test_faults_in_long_fields(void **state)
{
    char data[1200], want[1200];
    size_t n = 0, w = 0, i;
    struct got g;

    (void)state;
    n += (size_t)snprintf(data, sizeof(data), "a,b\n1,");
    w += (size_t)snprintf(want, sizeof(want), "H|a,b;2|1,");
    for (i = 0; i < 700; i++) {
        char ch = i % 37 == 5 ? '"' : i % 53 == 7 ? '\0' : (char)('a' + i % 26);

        data[n++] = ch;
        want[w++] = ch == '\0' ? '@' : ch;
    }
    memcpy(data + n, "\n2,x\n", 5);
    n += 5;
    memcpy(want + w, ";3|2,x;", 8);
    read_tolerant(data, n, &g);
    assert_int_equal(g.rc, ODP_END);
    assert_int_equal(g.out.len, strlen(want));
    assert_memory_equal(g.out.p, want, g.out.len);
    assert_int_equal(g.f.count[ODP_FAULT_QUOTE], 1); /* records, not quotes */
    assert_int_equal(g.f.count[ODP_FAULT_NUL], 1);
    assert_int_equal(g.f.line[ODP_FAULT_QUOTE], 2);
    assert_int_equal(g.f.col[ODP_FAULT_QUOTE], 3 + 5);
    assert_int_equal(g.f.col[ODP_FAULT_NUL], 3 + 7);
    odp_buf_release(&g.out);
}

/* What a tolerant read still refuses, at the strict reader's position. */
static void
test_still_refused(void **state)
{
    static const struct {
        const char *data;
        unsigned line, col;
        const char *msg;
    } bad[] = {
        {"a,b\n1,\"open\n", 2, 3, "unterminated quoted field"},
        {"a,b\n1,\"c\"d\n", 2, 6, "unexpected character after a closing quote"},
        {"a\xff,b\n1,2\n", 1, 2, "invalid UTF-8 byte sequence"},
        {"\na,b\n", 1, 1, "empty header row"},
    };
    struct odp_table_tune tune;
    size_t i;

    (void)state;
    memset(&tune, 0, sizeof(tune));
    tune.tolerant = 1;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char *path = tu_write(bad[i].data, strlen(bad[i].data), ".csv");
        struct got g;

        read_tuned(path, &tune, &g);
        if (g.rc != ODP_ESYNTAX || g.err.line != bad[i].line || g.err.col != bad[i].col ||
            strncmp(g.err.msg, bad[i].msg, strlen(bad[i].msg)) != 0) {
            print_error("case %zu: %d at %llu:%llu '%s'\n", i, g.rc, (unsigned long long)g.err.line,
                        (unsigned long long)g.err.col, g.err.msg);
            fail();
        }
        odp_buf_release(&g.out);
        unlink(path);
        free(path);
    }
}

/* The public switch: odp_table_open_opts with tolerant set reads past a fault. */
static void
test_read_opts(void **state)
{
    static const char data[] = "a,b\n1,ab\"c\n";
    char *path = tu_write(data, sizeof(data) - 1, ".csv");
    struct odp_read_opts ro = {',', ODP_ENC_DEFAULT, 1};
    struct odp_read_faults f;
    struct odp_err err;
    struct odp_table *t;
    struct odp_row row;

    (void)state;
    memset(&err, 0, sizeof(err));
    t = odp_table_open_opts(path, ODP_FMT_CSV, 0, &ro, &err);
    assert_non_null(t);
    assert_int_equal(odp_table_next(t, &row, &err), ODP_OK);
    assert_int_equal(row.f[1].len, 4);
    assert_int_equal(odp_table_next(t, &row, &err), ODP_END);
    odp_table_faults(t, &f);
    assert_int_equal(f.count[ODP_FAULT_QUOTE], 1);
    assert_string_equal(odp_read_fault_name(ODP_FAULT_QUOTE), "quote inside an unquoted field");
    odp_table_free(t);
    ro.tolerant = 0;
    t = odp_table_open_opts(path, ODP_FMT_CSV, 0, &ro, &err);
    assert_non_null(t);
    assert_int_equal(odp_table_next(t, &row, &err), ODP_ESYNTAX);
    odp_table_free(t);
    unlink(path);
    free(path);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_faults_read_past),
        cmocka_unit_test(test_faults_in_long_fields),
        cmocka_unit_test(test_still_refused),
        cmocka_unit_test(test_read_opts),
    };

    return cmocka_run_group_tests(tests, tu_setup, tu_teardown);
}
