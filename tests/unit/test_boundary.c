/*
 * test_boundary.c - the record-boundary scan of the chunk splitter (odp_csv_boundary in
 * lib/table/chunk.c): every SIMD implementation (64-byte blocks; SSE2, AVX2 or AVX-512BW
 * loads; carry-less prefix XOR for the in-quotes mask) gives the scalar reference's offset, line
 * count and record count on random inputs rich in quotes, LFs and CRs at every length
 * 0..300 and alignment, on 1 MB buffers, and on the block-edge cases (a quote or LF at
 * byte 63 or 64, all quotes, no LF); and the reference itself agrees with a byte loop.
 * Each input sits at the very end of its own allocation, so a load past p + n is a heap
 * overflow under ASan.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "chunk.h"
#include "table_int.h"

struct res {
    size_t b;
    uint64_t lines, recs;
};

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t
next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* The definition, one byte at a time: the third opinion on the reference. */
static struct res
bytewise(const char *p, size_t n, int inq)
{
    struct res r = {0, 0, 0};
    uint64_t nl = 0, rec = 0;
    size_t i;

    for (i = 0; i < n; i++) {
        if (p[i] == '"') {
            inq ^= 1;
        } else if (p[i] == '\n') {
            nl++;
            if (!inq) {
                rec++;
                r.b = i + 1;
                r.lines = nl;
                r.recs = rec;
            }
        }
    }
    return r;
}

static struct res
run(int level, const char *p, size_t n)
{
    struct res r;

    r.lines = r.recs = 12345; /* must be overwritten */
    if (level < 0) {
        r.b = odp_csv_boundary_scalar(p, n, &r.lines, &r.recs);
    } else {
        r.b = odp_csv_boundary_impl(level, p, n, &r.lines, &r.recs);
    }
    return r;
}

static unsigned checked; /* comparisons made, so a test that compares nothing fails */

/* Copies src[0..n) to `off` bytes into a new allocation of exactly off + n bytes and
 * checks every implementation there against the reference (and the reference against
 * the byte loop). Returns the reference's result. */
static struct res
check_at(const char *src, size_t n, size_t off)
{
    char *a = malloc(off + n + (off + n == 0));
    struct res want, got;
    int level, h;

    assert_non_null(a);
    if (n > 0) {
        memcpy(a + off, src, n);
    }
    want = run(-1, a + off, n);
    got = bytewise(a + off, n, 0);
    assert_int_equal(want.b, got.b);
    assert_int_equal(want.lines, got.lines);
    assert_int_equal(want.recs, got.recs);
    for (level = ODP_BOUNDARY_SCALAR; level <= ODP_BOUNDARY_AVX512 + 1; level++) {
        got = run(level, a + off, n);
        if (got.b != want.b || got.lines != want.lines || got.recs != want.recs) {
            fail_msg("level %d, n %zu, off %zu: got %zu/%llu/%llu, want %zu/%llu/%llu", level, n,
                     off, got.b, (unsigned long long)got.lines, (unsigned long long)got.recs,
                     want.b, (unsigned long long)want.lines, (unsigned long long)want.recs);
        }
        checked++;
    }
    got.lines = got.recs = 7;
    got.b = odp_csv_boundary(a + off, n, &got.lines, &got.recs);
    assert_int_equal(got.b, want.b);
    assert_int_equal(got.lines, want.lines);
    assert_int_equal(got.recs, want.recs);
    /* the read-ahead's scan under both start states (odp_csv_boundary2) against the
     * reference from that state, and that against the byte loop */
    for (h = 0; h < 2; h++) {
        struct res ref, bw = bytewise(a + off, n, h);

        ref.b = odp_csv_boundary_from(a + off, n, h, &ref.lines, &ref.recs);
        assert_int_equal(ref.b, bw.b);
        assert_int_equal(ref.lines, bw.lines);
        assert_int_equal(ref.recs, bw.recs);
        if (h == 0) {
            assert_int_equal(ref.b, want.b);
        }
        for (level = ODP_BOUNDARY_SCALAR; level <= ODP_BOUNDARY_AVX512 + 1; level++) {
            struct odp_bscan2 r2;

            memset(&r2, 0x5a, sizeof(r2)); /* every field must be written */
            if (level > ODP_BOUNDARY_AVX512) {
                odp_csv_boundary2(a + off, n, &r2);
            } else {
                odp_csv_boundary2_impl(level, a + off, n, &r2);
            }
            if (r2.last[h] != ref.b || r2.lines[h] != ref.lines || r2.recs[h] != ref.recs) {
                fail_msg("both states, level %d, state %d, n %zu, off %zu: got %zu/%llu/%llu, "
                         "want %zu/%llu/%llu",
                         level, h, n, off, r2.last[h], (unsigned long long)r2.lines[h],
                         (unsigned long long)r2.recs[h], ref.b, (unsigned long long)ref.lines,
                         (unsigned long long)ref.recs);
            }
            checked++;
        }
    }
    free(a);
    return want;
}

static struct res
check(const char *src, size_t n)
{
    return check_at(src, n, 0);
}

/* Random bytes: quotes, LFs and CRs with the given weights (out of 64), else text. */
static void
fill(char *p, size_t n, unsigned wq, unsigned wl, unsigned wr)
{
    static const char text[] = "ab,;1 \t\xc3\xa9\0";
    size_t i;

    for (i = 0; i < n; i++) {
        unsigned r = (unsigned)(next_rand() % 64);

        p[i] = r < wq             ? '"'
               : r < wq + wl      ? '\n'
               : r < wq + wl + wr ? '\r'
                                  : text[next_rand() % (sizeof(text) - 1)];
    }
}

static void
test_known(void **state)
{
    static const char csv[] = "a,\"x\ny\"\nb,\"\"\"\"\r\n\"c\nd";
    struct res r;

    (void)state;
    r = check(csv, sizeof(csv) - 1);
    assert_int_equal(r.b, strlen("a,\"x\ny\"\nb,\"\"\"\"\r\n"));
    assert_int_equal(r.lines, 3); /* the quoted LF counts as a line */
    assert_int_equal(r.recs, 2);
    r = check("abc", 3);
    assert_int_equal(r.b, 0);
    assert_int_equal(r.lines, 0);
    assert_int_equal(r.recs, 0);
    r = check("", 0);
    assert_int_equal(r.b, 0);
    r = check("\n", 1);
    assert_int_equal(r.b, 1);
    assert_int_equal(r.recs, 1);
    r = check("\"\n", 2); /* an unclosed quote: no boundary */
    assert_int_equal(r.b, 0);
    assert_int_equal(r.lines, 0);
    printf("boundary level on this CPU: %d\n", odp_csv_boundary_level());
    assert_true(odp_csv_boundary_level() >= ODP_BOUNDARY_SCALAR &&
                odp_csv_boundary_level() <= ODP_BOUNDARY_AVX512);
}

/* Every length 0..300 at every alignment 0..63, with several densities. */
static void
test_random_short(void **state)
{
    static const unsigned dens[][3] = {{8, 8, 4}, {20, 20, 4}, {2, 1, 1}, {32, 16, 8}, {1, 30, 2}};
    char buf[300];
    size_t n, off, d, rep;

    (void)state;
    checked = 0;
    for (n = 0; n <= 300; n++) {
        for (d = 0; d < sizeof(dens) / sizeof(dens[0]); d++) {
            for (rep = 0; rep < 2; rep++) {
                fill(buf, n, dens[d][0], dens[d][1], dens[d][2]);
                off = (size_t)(next_rand() % 64);
                check_at(buf, n, off);
                check_at(buf, n, (n * 7 + d + rep) % 64);
            }
        }
    }
    assert_true(checked >= 301 * 5 * 2 * 2 * 4);
}

/* 1 MB buffers: random, and CSV like the 311 set (quoted fields, ~600-byte rows). */
static void
test_long(void **state)
{
    size_t n = 1u << 20, i = 0, k;
    char *buf = malloc(n);
    struct res r;

    (void)state;
    assert_non_null(buf);
    fill(buf, n, 6, 3, 1);
    check_at(buf, n, 0);
    check_at(buf, n, 13);
    check_at(buf, n - 5, 3);
    fill(buf, n, 1, 1, 0);
    check_at(buf, n, 31);
    while (i < n) { /* rows of quoted fields, some with `""` and quoted LFs */
        size_t f = 1 + next_rand() % 40;

        buf[i++] = '"';
        for (k = 0; k < f && i < n; k++) {
            unsigned c = (unsigned)(next_rand() % 50);

            buf[i++] = c == 0 ? '\n' : c == 1 ? '"' : (char)('a' + c % 26);
            if (c == 1 && i < n) {
                buf[i++] = '"';
            }
        }
        if (i < n) {
            buf[i++] = '"';
        }
        if (i < n) {
            buf[i++] = next_rand() % 20 == 0 ? '\n' : ',';
        }
    }
    r = check_at(buf, n, 0);
    assert_true(r.b > n / 2 && r.recs > 1000);
    check_at(buf, n - 1, 7);
    free(buf);
}

/* Quotes and LFs at the edges of the 64-byte blocks, all quotes, no LF, no quote. */
static void
test_edges(void **state)
{
    char buf[260];
    size_t n, i, j;
    struct res r;

    (void)state;
    for (n = 0; n <= 260; n++) { /* all quotes: even or odd parity at each LF-free length */
        memset(buf, '"', n);
        r = check(buf, n);
        assert_int_equal(r.b, 0);
    }
    for (n = 0; n <= 260; n++) { /* no quote: every LF ends a record */
        memset(buf, '\n', n);
        r = check(buf, n);
        assert_int_equal(r.b, n);
        assert_int_equal(r.recs, n);
    }
    memset(buf, 'x', sizeof(buf)); /* no LF at all */
    check(buf, sizeof(buf));
    for (i = 60; i < 68; i++) { /* a single quote or LF at bytes 60..67, 124..131, ... */
        for (j = 0; j < 4; j++) {
            size_t at = i + 64 * j;

            if (at + 2 >= sizeof(buf)) {
                continue;
            }
            memset(buf, 'x', sizeof(buf));
            buf[at] = '\n';
            for (n = at; n <= at + 2 && n <= sizeof(buf); n++) {
                r = check(buf, n);
                assert_int_equal(r.b, n > at ? at + 1 : 0);
            }
            buf[at] = '"'; /* an open quote from `at` on hides the LFs after it */
            buf[sizeof(buf) - 1] = '\n';
            r = check(buf, sizeof(buf));
            assert_int_equal(r.b, 0);
            buf[10] = '\n';
            r = check(buf, sizeof(buf));
            assert_int_equal(r.b, 11);
            buf[at - 1] = '"'; /* `""` across (or at) the block edge: closed again */
            r = check(buf, sizeof(buf));
            assert_int_equal(r.b, sizeof(buf));
            assert_int_equal(r.recs, 2);
        }
    }
    for (i = 0; i < 63; i++) { /* quoted LFs at the block edge: "...\n|\n..." */
        memset(buf, 'y', sizeof(buf));
        buf[i] = '"';
        buf[63] = '\n';
        buf[64] = '\n';
        buf[64 + i] = '"';
        buf[200] = '\n';
        r = check(buf, sizeof(buf));
        assert_int_equal(r.b, 201);
        assert_int_equal(r.recs, 1);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known),
        cmocka_unit_test(test_random_short),
        cmocka_unit_test(test_long),
        cmocka_unit_test(test_edges),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
