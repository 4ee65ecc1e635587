/*
 * test_partial.c - partial results merge: for k-anonymity class counters and small-cell
 * pass-1 states, merge(state(a), state(b)) equals state(a ++ b) for every split point,
 * in either merge order, through the serialised form too; and pass 2 run against a
 * shared merged state suppresses exactly what one pass over the whole input does.
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

#include "dmap.h"
#include "kanon.h"
#include "smallcells.h"

#define NROWS 40

/* Row r: zip, month, count (a deterministic mix of small and large counts). */
static void
row_of(int r, char zip[8], char mon[8], char cnt[8], struct odp_field f[3])
{
    snprintf(zip, 8, "1%04d", (r * 7) % 5);
    snprintf(mon, 8, "2024-%02d", (r % 3) + 1);
    snprintf(cnt, 8, "%d", r == 0 || r == 1 || r == 6 ? 2 : 10 + (r * 13) % 17);
    f[0] = (struct odp_field){zip, strlen(zip)};
    f[1] = (struct odp_field){mon, strlen(mon)};
    f[2] = (struct odp_field){cnt, strlen(cnt)};
}

static struct odp_kanon *
kanon_of(int from, int to)
{
    static const size_t qi[2] = {0, 1};
    struct odp_kanon *k = odp_kanon_new(NULL);
    char a[8], b[8], c[8];
    struct odp_field f[3];
    int r;

    assert_non_null(k);
    for (r = from; r < to; r++) {
        row_of(r, a, b, c, f);
        assert_int_equal(odp_kanon_add(k, f, qi, 2, NULL), ODP_OK);
    }
    return k;
}

static void
same_counts(struct odp_kanon *x, struct odp_kanon *y)
{
    static const size_t qi[2] = {0, 1};
    char a[8], b[8], c[8];
    struct odp_field f[3];
    int r;

    for (r = 0; r < NROWS; r++) {
        row_of(r, a, b, c, f);
        assert_int_equal(odp_kanon_count(x, f, qi, 2), odp_kanon_count(y, f, qi, 2));
    }
}

static void
same_kanon(struct odp_kanon *x, struct odp_kanon *y)
{
    static const size_t qi[2] = {0, 1};
    struct odp_kanon_stats sx, sy;
    char a[8], b[8], c[8];
    struct odp_field f[3];
    int r;

    odp_kanon_stats(x, 3, &sx);
    odp_kanon_stats(y, 3, &sy);
    assert_memory_equal(&sx, &sy, sizeof(sx));
    for (r = 0; r < NROWS; r++) {
        row_of(r, a, b, c, f);
        assert_int_equal(odp_kanon_count(x, f, qi, 2), odp_kanon_count(y, f, qi, 2));
    }
}

static void
test_kanon_merge(void **state)
{
    struct odp_kanon *whole = kanon_of(0, NROWS);
    int cut;

    (void)state;
    for (cut = 0; cut <= NROWS; cut++) {
        struct odp_kanon *a = kanon_of(0, cut), *b = kanon_of(cut, NROWS);
        struct odp_kanon *c = kanon_of(0, cut), *d = kanon_of(cut, NROWS);
        struct odp_kanon *e = odp_kanon_new(NULL);
        size_t n = odp_kanon_classes(b) * 24;
        uint8_t *buf = malloc(n + 1);

        assert_non_null(buf);
        assert_int_equal(odp_kanon_merge(a, b, NULL), ODP_OK); /* a ++ b */
        same_kanon(a, whole);
        assert_int_equal(odp_kanon_merge(d, c, NULL), ODP_OK); /* other order */
        same_kanon(d, whole);
        /* through the serialised form */
        assert_int_equal(odp_kanon_export(b, buf, n), ODP_OK);
        assert_int_equal(odp_kanon_merge(e, c, NULL), ODP_OK);
        assert_int_equal(odp_kanon_import(e, buf, n, NULL), ODP_OK);
        same_kanon(e, whole);
        /* a counter sharing the merged table counts like it */
        odp_kanon_share(b, a);
        same_counts(b, whole);
        free(buf);
        odp_kanon_free(a);
        odp_kanon_free(b);
        odp_kanon_free(c);
        odp_kanon_free(d);
        odp_kanon_free(e);
    }
    odp_kanon_free(whole);
}

static char tmp_path[64];

static struct odp_table *
open_hdr(void)
{
    static const char text[] = "zip,month,count\n10000,2024-01,1\n";
    struct odp_table *t;
    int fd;

    snprintf(tmp_path, sizeof(tmp_path), "/tmp/test_partial.XXXXXX");
    fd = mkstemp(tmp_path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    t = odp_table_open(tmp_path, ODP_FMT_CSV, 0, NULL);
    assert_non_null(t);
    return t;
}

static struct odp_smallcells *
sc_of(const struct odp_policy *p, struct odp_table *t, int from, int to)
{
    const struct odp_row *h = odp_table_header(t);
    struct odp_smallcells *sc = odp_smallcells_new(p, t, h->f, h->n, NULL);
    char a[8], b[8], c[8];
    struct odp_field f[3];
    struct odp_row row;
    int r;

    assert_non_null(sc);
    for (r = from; r < to; r++) {
        row_of(r, a, b, c, f);
        row.n = 3;
        row.f = f;
        row.line = (uint64_t)r + 2;
        row.recno = (uint64_t)r + 1; /* numbered as in the whole input */
        assert_int_equal(odp_smallcells_add(sc, t, &row, f, NULL), ODP_OK);
    }
    return sc;
}

/* Pass 2 over every row against `shared` via a fresh sharing state: a|b|c lines. */
static void
publish(const struct odp_policy *p, struct odp_table *t, const struct odp_smallcells *shared,
        char *out, size_t outsz, struct odp_smallcells_stats *st)
{
    const struct odp_row *h = odp_table_header(t);
    struct odp_smallcells *w = odp_smallcells_new(p, t, h->f, h->n, NULL);
    char a[8], b[8], c[8];
    struct odp_field f[3];
    const struct odp_field *o;
    struct odp_row row;
    size_t used = 0;
    int r;

    assert_non_null(w);
    odp_smallcells_share(w, shared);
    for (r = 0; r < NROWS; r++) {
        row_of(r, a, b, c, f);
        row.n = 3;
        row.f = f;
        row.line = (uint64_t)r + 2;
        row.recno = (uint64_t)r + 1;
        assert_int_equal(odp_smallcells_apply(w, t, &row, f, &o, NULL), ODP_OK);
        used += (size_t)snprintf(out + used, outsz - used, "%.*s|%.*s|%.*s\n", (int)o[0].len,
                                 o[0].p, (int)o[1].len, o[1].p, (int)o[2].len, o[2].p);
        assert_true(used < outsz);
    }
    odp_smallcells_stats(w, st);
    odp_smallcells_free(w);
}

static void
test_smallcells_merge(void **state)
{
    static char *cols[] = {"count"};
    static char *by[] = {"zip"};
    struct odp_policy p;
    struct odp_table *t = open_hdr();
    struct odp_smallcells *whole;
    struct odp_smallcells_stats sw, sm;
    char ow[4096], om[4096];
    int cut;

    (void)state;
    memset(&p, 0, sizeof(p));
    p.path = "test-policy.yaml";
    p.sc_threshold = 5;
    p.sc_complementary = 1;
    p.sc_columns = cols;
    p.nsc_columns = 1;
    p.sc_by = by;
    p.nsc_by = 1;
    whole = sc_of(&p, t, 0, NROWS);
    publish(&p, t, whole, ow, sizeof(ow), &sw);
    assert_true(sw.primary > 0 && sw.complementary > 0); /* the case is not trivial */
    for (cut = 0; cut <= NROWS; cut += 3) {
        struct odp_smallcells *a = sc_of(&p, t, 0, cut), *b = sc_of(&p, t, cut, NROWS);
        struct odp_smallcells *e = sc_of(&p, t, 0, 0), *empty;
        struct odp_smallcells_stats s1, s2;
        size_t n = odp_smallcells_state_size(a);
        uint8_t *buf = malloc(n);

        assert_non_null(buf);
        assert_int_equal(odp_smallcells_export(a, buf, n), ODP_OK);
        assert_int_equal(odp_smallcells_merge(b, a, NULL), ODP_OK); /* b then a: any order */
        odp_smallcells_stats(b, &s1);
        odp_smallcells_stats(whole, &s2);
        assert_memory_equal(&s1, &s2, sizeof(s1));
        publish(&p, t, b, om, sizeof(om), &sm);
        assert_string_equal(om, ow);
        assert_memory_equal(&sm, &sw, sizeof(sm));
        assert_int_equal(odp_smallcells_import(e, buf, n, NULL), ODP_OK);
        empty = sc_of(&p, t, 0, 0);
        assert_int_equal(odp_smallcells_merge(e, empty, NULL), ODP_OK);
        odp_smallcells_free(empty);
        free(buf);
        odp_smallcells_free(a);
        odp_smallcells_free(b);
        odp_smallcells_free(e);
    }
    odp_smallcells_free(whole);
    odp_table_free(t);
    unlink(tmp_path);
}

static void
test_dmap(void **state)
{
    struct odp_dmap m;
    uint8_t d[16];
    void *v;
    int i;

    (void)state;
    assert_int_equal(odp_dmap_init(&m, 4, 16, 1000), ODP_OK);
    for (i = 0; i < 1000; i++) {
        memset(d, 0, 16);
        memcpy(d, &i, sizeof(i));
        assert_int_equal(odp_dmap_upsert(&m, d, &v), ODP_OK);
        memcpy(v, &i, 4);
    }
    d[0] ^= 0x55;
    memset(d, 0xff, 16);
    assert_int_equal(odp_dmap_upsert(&m, d, &v), ODP_ELIMIT);
    for (i = 0; i < 1000; i++) {
        int got;

        memset(d, 0, 16);
        memcpy(d, &i, sizeof(i));
        v = odp_dmap_get(&m, d);
        assert_non_null(v);
        memcpy(&got, v, 4);
        assert_int_equal(got, i);
    }
    assert_null(odp_dmap_get(&m, (uint8_t[16]){0xff, 0xff}));
    odp_dmap_free(&m);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dmap),
        cmocka_unit_test(test_kanon_merge),
        cmocka_unit_test(test_smallcells_merge),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
