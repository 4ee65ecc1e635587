/*
 * testutil.h - scaffolding the unit tests share: a scratch directory per test program
 * and files written into it. Include after <cmocka.h>. Every helper is `static inline`,
 * so a test takes only what it uses.
 *
 *   cmocka_run_group_tests(tests, tu_setup, tu_teardown)   the directory, then removed
 *   char *p = tu_write(data, n, ".csv");                     a new file (free p)
 *   const char *p = tu_write_named("p.yaml", data, n);       a file by name (path reused)
 *   tu_dir                                                   the directory's path
 */
#ifndef ODP_TESTS_TESTUTIL_H
#define ODP_TESTS_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs.h"

static char tu_dir[64];
static int tu_seq;

/* cmocka group setup: a fresh /tmp/odp-test-XXXXXX. */
static inline int
tu_setup(void **state)
{
    (void)state;
    snprintf(tu_dir, sizeof(tu_dir), "/tmp/odp-test-XXXXXX");
    return mkdtemp(tu_dir) == NULL ? -1 : 0;
}

/* cmocka group teardown: the directory and whatever the tests left in it. */
static inline int
tu_teardown(void **state)
{
    (void)state;
    odp_rmtree(tu_dir);
    return 0;
}

/* A new file t<N><ext> in the directory holding data[0..n): its path, to free. */
static inline char *
tu_write(const char *data, size_t n, const char *ext)
{
    size_t cap = strlen(tu_dir) + strlen(ext) + 32;
    char *path = malloc(cap);
    FILE *f;

    assert_non_null(path);
    snprintf(path, cap, "%s/t%d%s", tu_dir, tu_seq++, ext);
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
    return path;
}

/* The file `name` in the directory holding data[0..n): its path, in one of four buffers
 * used in turn (valid until the fourth call after this one). */
static inline char *
tu_write_named(const char *name, const char *data, size_t n)
{
    static char path[4][512];
    static int slot;
    char *p = path[slot++ % 4];
    FILE *f;

    snprintf(p, sizeof(path[0]), "%s/%s", tu_dir, name);
    f = fopen(p, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
    return p;
}

#endif
