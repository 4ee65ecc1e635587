/*
 * test_fs.c - the file helpers every writer relies on: whole writes, the digest of what
 * was written, syncing a package's tree, suffix tests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "fs.h"

static void
test_write_file_digest(void **state)
{
    char dir[] = "/tmp/odp-test-fs-XXXXXX", *path, *back = NULL;
    static char big[300000];
    uint8_t sha[32], want[32];
    unsigned int len = 32;
    size_t blen = 0, i;
    struct odp_err err;

    (void)state;
    for (i = 0; i < sizeof(big); i++) {
        big[i] = (char)('a' + i % 26);
    }
    assert_non_null(mkdtemp(dir));
    path = odp_path_join(dir, "f.bin");
    assert_non_null(path);
    odp_err_clear(&err);
    assert_int_equal(odp_write_file(path, big, sizeof(big), sha, &err), ODP_OK);
    assert_int_equal(EVP_Digest(big, sizeof(big), want, &len, EVP_sha256(), NULL), 1);
    assert_memory_equal(sha, want, 32);
    assert_int_equal(odp_read_file(path, sizeof(big) + 1, &back, &blen, &err), ODP_OK);
    assert_int_equal(blen, sizeof(big));
    assert_memory_equal(back, big, sizeof(big));
    free(back);
    /* an existing file is not overwritten */
    assert_true(odp_write_file(path, "x", 1, NULL, &err) < 0);
    unlink(path);
    free(path);
    rmdir(dir);
}

static void
test_write_all_errors(void **state)
{
    int fd = open("/dev/full", O_WRONLY);

    (void)state;
    if (fd < 0) {
        skip();
    }
    assert_int_equal(odp_write_all(fd, "abc", 3), -1);
    close(fd);
    assert_int_equal(odp_write_all(-1, "abc", 3), -1);
}

/*
 * odp_fsync_tree walks the files under a directory, nested ones too, without following
 * a symlink or opening a FIFO (which would block: the test would hang); a missing
 * directory or one nested too deep is an error naming it. (That each file reaches the
 * disk is not observable here: a page's dirtiness is not shown to a process.)
 */
static void
test_fsync_tree(void **state)
{
    char dir[] = "/tmp/odp-test-sync-XXXXXX", p[512];
    static char big[1 << 20];
    struct odp_err err;
    int i;

    (void)state;
    memset(big, 'q', sizeof(big));
    assert_non_null(mkdtemp(dir));
    snprintf(p, sizeof(p), "%s/sub", dir);
    assert_int_equal(mkdir(p, 0755), 0);
    snprintf(p, sizeof(p), "%s/sub/deeper", dir);
    assert_int_equal(mkdir(p, 0755), 0);
    odp_err_clear(&err);
    snprintf(p, sizeof(p), "%s/a.bin", dir);
    assert_int_equal(odp_write_file_sync(p, big, sizeof(big), NULL, ODP_SYNC_NONE, &err), ODP_OK);
    snprintf(p, sizeof(p), "%s/sub/deeper/b.bin", dir);
    assert_int_equal(odp_write_file_sync(p, big, sizeof(big), NULL, ODP_SYNC_NONE, &err), ODP_OK);
    snprintf(p, sizeof(p), "%s/link", dir);
    assert_int_equal(symlink("/nonexistent/odp-test", p), 0);
    snprintf(p, sizeof(p), "%s/sub/fifo", dir);
    assert_int_equal(mkfifo(p, 0600), 0);
    assert_int_equal(odp_fsync_tree(dir, &err), ODP_OK);
    /* ODP_SYNC_LATER: written whole, its digest as with NOW */
    snprintf(p, sizeof(p), "%s/sub/later.bin", dir);
    {
        uint8_t a[32], b[32];
        char *back = NULL;
        size_t blen = 0;

        assert_int_equal(odp_write_file_sync(p, big, 1000, a, ODP_SYNC_LATER, &err), ODP_OK);
        snprintf(p, sizeof(p), "%s/sub/now.bin", dir);
        assert_int_equal(odp_write_file_sync(p, big, 1000, b, ODP_SYNC_NOW, &err), ODP_OK);
        assert_memory_equal(a, b, 32);
        snprintf(p, sizeof(p), "%s/sub/later.bin", dir);
        assert_int_equal(odp_read_file(p, 2000, &back, &blen, &err), ODP_OK);
        assert_int_equal(blen, 1000);
        assert_memory_equal(back, big, 1000);
        free(back);
    }
    assert_int_equal(odp_fsync_tree(dir, &err), ODP_OK);
    /* errors name the directory */
    snprintf(p, sizeof(p), "%s/missing", dir);
    odp_err_clear(&err);
    assert_true(odp_fsync_tree(p, &err) < 0);
    assert_non_null(strstr(err.path, "missing"));
    snprintf(p, sizeof(p), "%s/d", dir);
    for (i = 0; i < 10; i++) {
        assert_int_equal(mkdir(p, 0755), 0);
        strcat(p, "/d");
    }
    odp_err_clear(&err);
    assert_true(odp_fsync_tree(dir, &err) < 0);
    assert_non_null(strstr(err.msg, "too deep"));
    assert_non_null(strstr(err.path, "/d/d/d/d/d/d/d/d/d")); /* the entry, not the top */
    odp_rmtree(dir);
    assert_int_equal(access(dir, F_OK), -1);
}

static void
test_has_suffix(void **state)
{
    (void)state;
    assert_int_equal(odp_has_suffix("a.tar.gz", ".tar.gz", 0), 1);
    assert_int_equal(odp_has_suffix("a.TAR.GZ", ".tar.gz", 0), 0);
    assert_int_equal(odp_has_suffix("a.TAR.GZ", ".tar.gz", 1), 1);
    assert_int_equal(odp_has_suffix("gz", ".gz", 1), 0);
    assert_int_equal(odp_has_suffix("", "", 0), 1);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write_file_digest),
        cmocka_unit_test(test_write_all_errors),
        cmocka_unit_test(test_fsync_tree),
        cmocka_unit_test(test_has_suffix),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
