/*
 * test_plan.c - the plan's fast row writer (raw-span copy of kept, unquoted runs) must
 * give exactly the bytes of the plain writer (odp_csv_write_row) on random CSV with
 * quotes, commas, CRLF and multi-byte UTF-8, on every csv-spectrum file and on the
 * nyc-real extracts; and the plan rejects an unnamed column under default: reject.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "actions_int.h"
#include "buf.h"
#include "out.h"
#include "keyring.h"
#include "plan.h"
#include "policy.h"
#include "table.h"

/* Writes a policy naming every header column of `data`: action per column index. */
static char *
write_policy(const char *data, const char *(*action)(size_t i))
{
    struct odp_err err;
    struct odp_table *t;
    const struct odp_row *h;
    char *path = strdup("/tmp/odp-test-plan-XXXXXX.yaml");
    int fd;
    FILE *f;
    size_t i, k;

    assert_non_null(path);
    fd = mkstemps(path, 5);
    assert_true(fd >= 0);
    f = fdopen(fd, "w");
    assert_non_null(f);
    odp_err_clear(&err);
    t = odp_table_open(data, ODP_FMT_CSV, 0, &err);
    assert_non_null(t);
    h = odp_table_header(t);
    fprintf(f, "odpub: 1\nname: plan-test\ndefault: reject\ncolumns:\n");
    for (i = 0; i < h->n; i++) {
        fputs("  \"", f);
        for (k = 0; k < h->f[i].len; k++) {
            unsigned char c = (unsigned char)h->f[i].p[k];

            if (c == '"' || c == '\\') {
                fprintf(f, "\\%c", c);
            } else if (c < 0x20) {
                fprintf(f, "\\x%02x", c);
            } else {
                fputc(c, f);
            }
        }
        fprintf(f, "\": {action: %s}\n", action(i));
    }
    fclose(f);
    odp_table_free(t);
    return path;
}

static const char *
all_keep(size_t i)
{
    (void)i;
    return "keep";
}

static const char *
mixed(size_t i)
{
    static const char *acts[] = {"keep", "keep", "drop", "keep", "redact", "keep", "keep"};

    return acts[i % 7];
}

/* Compares fast and plain writers row by row over a whole file. Returns rows seen. */
static size_t
compare_file(const char *data, const char *(*action)(size_t i))
{
    char *pol = write_policy(data, action);
    struct odp_err err;
    struct odp_policy *p;
    struct odp_table *t;
    struct odp_plan *pl;
    struct odp_row row;
    struct odp_out fast, plain;
    const char *a, *b;
    size_t la, lb, rows = 0;
    int rc;

    odp_err_clear(&err);
    p = odp_policy_load(pol, NULL, &err);
    if (p == NULL) {
        fail_msg("policy for %s: %s", data, err.msg);
    }
    t = odp_table_open(data, ODP_FMT_CSV, 0, &err);
    assert_non_null(t);
    pl = odp_plan_compile(p, t, NULL, &err);
    if (pl == NULL) {
        fail_msg("plan for %s: %s", data, err.msg);
    }
    assert_int_equal(odp_out_init(&fast, -1, "fast", 0, &err), ODP_OK);
    assert_int_equal(odp_out_init(&plain, -1, "plain", 0, &err), ODP_OK);
    while ((rc = odp_table_next(t, &row, &err)) == ODP_OK) {
        assert_int_equal(odp_plan_row(pl, t, &row, 0, &err), ODP_OK);
        odp_plan_write_row(pl, odp_plan_out_fields(pl), &fast);
        odp_csv_write_row(&plain, odp_plan_out_fields(pl), odp_plan_nout(pl));
        rows++;
    }
    if (rc != ODP_END) {
        fail_msg("%s: %s", data, err.msg);
    }
    a = odp_out_mem(&fast, &la);
    b = odp_out_mem(&plain, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(a, b, la);
    odp_out_release(&fast);
    odp_out_release(&plain);
    odp_plan_free(pl);
    odp_table_free(t);
    odp_policy_free(p);
    unlink(pol);
    free(pol);
    return rows;
}

static void
random_csv(const char *path, unsigned seed, int crlf)
{
    static const char *atoms[] = {"a", "bc", "", "x y", "é", "日本", ",", "\"", "\n", "1.5", "-"};
    FILE *f = fopen(path, "w");
    size_t cols = 9, r, c;
    unsigned x = seed;

    assert_non_null(f);
    for (c = 0; c < cols; c++) {
        fprintf(f, "%sc%zu", c ? "," : "", c);
    }
    fputs(crlf ? "\r\n" : "\n", f);
    for (r = 0; r < 3000; r++) {
        for (c = 0; c < cols; c++) {
            char field[64];
            size_t n = 0, k, parts;
            int needq = 0;

            x = x * 1664525u + 1013904223u;
            parts = (x >> 28) % 4;
            field[0] = '\0';
            for (k = 0; k < parts; k++) {
                const char *at;

                x = x * 1664525u + 1013904223u;
                at = atoms[(x >> 24) % (sizeof(atoms) / sizeof(atoms[0]))];
                /* keep rows non-blank and free of special bytes unless quoted */
                n += (size_t)snprintf(field + n, sizeof(field) - n, "%s", at);
            }
            if (n == 0 && c == 0) {
                n = (size_t)snprintf(field, sizeof(field), "k%zu", r);
            }
            needq = strpbrk(field, ",\"\n") != NULL || ((x >> 7) & 7) == 0;
            if (c > 0) {
                fputc(',', f);
            }
            if (needq) {
                fputc('"', f);
                for (k = 0; k < n; k++) {
                    if (field[k] == '"') {
                        fputc('"', f);
                    }
                    if (field[k] == '\n' && crlf) {
                        fputc('\r', f);
                    }
                    fputc(field[k], f);
                }
                fputc('"', f);
            } else {
                fputs(field, f);
            }
        }
        fputs(crlf ? "\r\n" : "\n", f);
    }
    fclose(f);
}

static void
test_random(void **state)
{
    char path[] = "/tmp/odp-test-plan-rand-XXXXXX";
    int fd = mkstemp(path);
    unsigned seed;

    (void)state;
    assert_true(fd >= 0);
    close(fd);
    for (seed = 1; seed <= 6; seed++) {
        random_csv(path, seed, (int)(seed & 1));
        assert_int_equal(compare_file(path, all_keep), 3000);
        assert_int_equal(compare_file(path, mixed), 3000);
    }
    unlink(path);
}

/* One output row written after `fill` bytes of a stream, by the plan's row writer or
 * by odp_csv_write_row: the row's bytes, wherever the buffer's end fell in them. */
static char *
row_after(struct odp_plan *pl, size_t fill, int fast, size_t *n)
{
    struct odp_out o;
    struct odp_err err;
    const char *p;
    size_t len;
    char *r;

    odp_err_clear(&err);
    assert_int_equal(odp_out_init(&o, -1, "edge", 0, &err), ODP_OK);
    memset(o.buf, 'F', fill);
    o.len = fill;
    o.bytes = fill;
    if (fast) {
        assert_int_equal(odp_plan_write_row(pl, odp_plan_out_fields(pl), &o), ODP_OK);
    } else {
        assert_int_equal(odp_csv_write_row(&o, odp_plan_out_fields(pl), odp_plan_nout(pl)),
                         ODP_OK);
    }
    p = odp_out_mem(&o, &len);
    assert_int_equal(o.bytes, len);
    assert_true(len > fill);
    *n = len - fill;
    r = malloc(*n);
    assert_non_null(r);
    memcpy(r, p + fill, *n);
    odp_out_release(&o);
    return r;
}

/* The row writer where the write buffer ends at every byte of a row (its room checks
 * hand the rest of the row to the stream's own calls): the same bytes as the plain
 * writer, for rows with quoted, doubled-quote, empty and multi-byte fields. */
static void
test_write_at_buffer_end(void **state)
{
    char path[] = "/tmp/odp-test-plan-edge-XXXXXX";
    int fd = mkstemp(path);
    const char *(*acts[2])(size_t) = {all_keep, mixed};
    size_t a;

    (void)state;
    assert_true(fd >= 0);
    close(fd);
    random_csv(path, 7, 0);
    for (a = 0; a < 2; a++) {
        char *pol = write_policy(path, acts[a]);
        struct odp_err err;
        struct odp_policy *p;
        struct odp_table *t;
        struct odp_plan *pl;
        struct odp_row row;
        size_t rows = 0;

        odp_err_clear(&err);
        p = odp_policy_load(pol, NULL, &err);
        assert_non_null(p);
        t = odp_table_open(path, ODP_FMT_CSV, 0, &err);
        assert_non_null(t);
        pl = odp_plan_compile(p, t, NULL, &err);
        assert_non_null(pl);
        while (rows < 12 && odp_table_next(t, &row, &err) == ODP_OK) {
            size_t back;

            assert_int_equal(odp_plan_row(pl, t, &row, 0, &err), ODP_OK);
            for (back = 0; back <= 96; back++) {
                size_t na, nb;
                char *x = row_after(pl, ODP_OUT_BUFSZ - back, 1, &na);
                char *y = row_after(pl, ODP_OUT_BUFSZ - back, 0, &nb);

                assert_int_equal(na, nb);
                assert_memory_equal(x, y, na);
                free(x);
                free(y);
            }
            rows++;
        }
        assert_int_equal(rows, 12);
        odp_plan_free(pl);
        odp_table_free(t);
        odp_policy_free(p);
        unlink(pol);
        free(pol);
    }
    unlink(path);
}

static void
compare_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int seen = 0;

    assert_non_null(d);
    while ((e = readdir(d)) != NULL) {
        char path[2048];
        size_t n = strlen(e->d_name);

        if (n < 5 || strcmp(e->d_name + n - 4, ".csv") != 0) {
            continue;
        }
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        compare_file(path, all_keep);
        compare_file(path, mixed);
        seen++;
    }
    closedir(d);
    assert_true(seen >= 5);
}

static void
test_conformance(void **state)
{
    (void)state;
    compare_dir(ODP_SHARED "/conformance/csv-spectrum/csvs");
    compare_dir(ODP_SHARED "/conformance/nyc-real");
}

/*
 * A row's pseudonyms are computed two at a time (plan.c, pseudo_pairs): every published
 * value equals what the column's op alone makes of it, with pseudonym columns side by
 * side, apart, under different domains and lengths, and with values that take the
 * fallback (longer than one block), empty values and null tokens in between.
 */
static void
test_pseudonym_pairs(void **state)
{
    static const char data[] =
        "a,b,c,d,e\n"
        "alice,keep1,555-0100,x@example.org,K1\n"
        ",keep2,N/A,y@example.org,K2\n"
        "a-value-that-is-much-longer-than-one-sha-256-block-of-sixty-four-bytes,k3,555-0101,"
        ",K3\n"
        "bob,k4,555-0102,N/A,K4\n"
        "carol,k5,,,\n";
    static const char pol_text[] =
        "odpub: 1\nname: pairs\ndefault: reject\n"
        "dataset: {null_values: [\"\", \"N/A\"]}\n"
        "keys:\n  pseudonym: env:ODP_TEST_PAIRS_KEY\n"
        "columns:\n"
        "  a: {action: pseudonymize, domain: person}\n"
        "  b: {action: keep}\n"
        "  c: {action: pseudonymize, domain: phone, length: 12}\n"
        "  d: {action: pseudonymize, length: 7}\n"
        "  e: {action: pseudonymize, domain: a-domain-long-enough-to-leave-no-room-for-much}\n";
    char dpath[] = "/tmp/odp-test-pairs-XXXXXX.csv", ppath[] = "/tmp/odp-test-pairs-XXXXXX.yaml";
    struct odp_err err;
    struct odp_policy *p;
    struct odp_keyring *kr;
    struct odp_table *t;
    struct odp_plan *pl;
    struct odp_row row;
    size_t rows = 0, paired = 0;
    int fd, rc;

    (void)state;
    fd = mkstemps(dpath, 4);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, sizeof(data) - 1), (ssize_t)(sizeof(data) - 1));
    close(fd);
    fd = mkstemps(ppath, 5);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, pol_text, sizeof(pol_text) - 1), (ssize_t)(sizeof(pol_text) - 1));
    close(fd);
    setenv("ODP_TEST_PAIRS_KEY", "a-test-key-of-at-least-thirty-two-bytes!!", 1);
    odp_err_clear(&err);
    p = odp_policy_load(ppath, NULL, &err);
    if (p == NULL) {
        fail_msg("policy: %s", err.msg);
    }
    kr = odp_keyring_load(p, &err);
    assert_non_null(kr);
    t = odp_table_open(dpath, ODP_FMT_CSV, 0, &err);
    assert_non_null(t);
    pl = odp_plan_compile(p, t, kr, &err);
    if (pl == NULL) {
        fail_msg("plan: %s", err.msg);
    }
    while ((rc = odp_table_next(t, &row, &err)) == ODP_OK) {
        const struct odp_field *of;
        size_t i;

        assert_int_equal(odp_plan_row(pl, t, &row, 0, &err), ODP_OK);
        of = odp_plan_out_fields(pl);
        assert_int_equal(odp_plan_nout(pl), 5);
        for (i = 0; i < 5; i++) {
            struct odp_op *op = odp_plan_op(pl, i);
            struct odp_buf sb;
            struct odp_field ref;

            if (op == NULL) { /* keep */
                assert_int_equal(of[i].len, row.f[i].len);
                assert_memory_equal(of[i].p, row.f[i].p, of[i].len);
                continue;
            }
            odp_buf_init(&sb, 1u << 20);
            assert_true(odp_op_apply(op, &row, i, &ref, &sb, &err) >= 0);
            assert_int_equal(of[i].len, ref.len);
            assert_memory_equal(of[i].p, ref.p, ref.len);
            paired += odp_op_pseudo_ready(op, row.f[i].len) != 0;
            odp_buf_release(&sb);
        }
        rows++;
    }
    assert_int_equal(rc, ODP_END);
    assert_int_equal(rows, 5);
    assert_true(paired >= 8); /* the pairs really ran: rows 1 and 4 have 4 and 3 */
    odp_plan_free(pl);
    odp_table_free(t);
    odp_keyring_free(kr);
    odp_policy_free(p);
    unlink(dpath);
    unlink(ppath);
}

static void
test_unnamed_column_rejected(void **state)
{
    const char *pol = "/tmp/odp-test-plan-unnamed.yaml";
    const char *data = "/tmp/odp-test-plan-unnamed.csv";
    struct odp_err err;
    struct odp_policy *p;
    struct odp_table *t;
    FILE *f;

    (void)state;
    f = fopen(data, "w");
    assert_non_null(f);
    fputs("a,secret_col\n1,x\n", f);
    fclose(f);
    f = fopen(pol, "w");
    assert_non_null(f);
    fputs("odpub: 1\nname: t\ndefault: reject\ncolumns:\n  a: {action: keep}\n", f);
    fclose(f);
    odp_err_clear(&err);
    p = odp_policy_load(pol, NULL, &err);
    assert_non_null(p);
    t = odp_table_open(data, ODP_FMT_CSV, 0, &err);
    assert_non_null(t);
    assert_null(odp_plan_compile(p, t, NULL, &err));
    assert_int_equal(err.code, ODP_EPOLICY);
    assert_non_null(strstr(err.msg, "'secret_col'"));
    odp_table_free(t);
    odp_policy_free(p);
    unlink(pol);
    unlink(data);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random),
        cmocka_unit_test(test_conformance),
        cmocka_unit_test(test_unnamed_column_rejected),
        cmocka_unit_test(test_pseudonym_pairs),
        cmocka_unit_test(test_write_at_buffer_end),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
