/*
 * test_fs.c - the file helpers every writer relies on: whole writes, the digest of what
 * was written, suffix tests.
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
        cmocka_unit_test(test_has_suffix),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
