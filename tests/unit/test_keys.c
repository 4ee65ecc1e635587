/*
 * test_keys.c - secret keys: sources (env:, file:), permission and type checks, the
 * one-final-newline rule, the minimum length, key ids, the keyring's "load only what
 * is used" rule, and key file generation.
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
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/sha.h>

#include "fs.h"
#include "keyring.h"
#include "odp/keys.h"
#include "secret.h"

#define KEY32 "0123456789abcdef0123456789abcdef"
#define SECRET "SECRETSECRETSECRETSECRETSECRET-XYZ"

static char g_dir[] = "/tmp/odp_test_keys_XXXXXX";

static char *
path_in(const char *name)
{
    static char p[4][512];
    static int i;

    i = (i + 1) % 4;
    snprintf(p[i], sizeof(p[i]), "%s/%s", g_dir, name);
    return p[i];
}

static void
write_key(const char *name, const char *content, size_t n, mode_t mode)
{
    char *p = path_in(name);
    int fd;

    unlink(p);
    fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0600);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, content, n), (ssize_t)n);
    close(fd);
    assert_int_equal(chmod(p, mode), 0);
}

static struct odp_loc g_loc = {"pol.yaml", 4, 12};

/* Reads spec; returns rc and fills key/len (freed by the caller via odp_secret_free). */
static int
rd(const char *spec, uint8_t **key, size_t *len, struct odp_err *err)
{
    odp_err_clear(err);
    return odp_secret_read(spec, g_dir, &g_loc, key, len, err);
}

static void
expect_refused(const char *spec, const char *msgpart)
{
    struct odp_err err;
    uint8_t *key = NULL;
    size_t len = 0;
    int rc = rd(spec, &key, &len, &err);

    if (rc != ODP_EKEY) {
        fprintf(stderr, "%s: rc %d msg %s\n", spec, rc, err.msg);
    }
    assert_int_equal(rc, ODP_EKEY);
    assert_null(key);
    assert_string_equal(err.path, "pol.yaml");
    assert_int_equal(err.line, 4);
    assert_int_equal(err.col, 12);
    assert_null(strstr(err.msg, SECRET));
    assert_null(strstr(err.msg, KEY32));
    if (strstr(err.msg, msgpart) == NULL) {
        fprintf(stderr, "msg [%s] lacks [%s]\n", err.msg, msgpart);
    }
    assert_non_null(strstr(err.msg, msgpart));
}

static int
setup(void **state)
{
    (void)state;
    return mkdtemp(g_dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
    (void)state;
    odp_rmtree(g_dir);
    return 0;
}

static void
test_file_ok(void **state)
{
    struct odp_err err;
    uint8_t *key = NULL;
    size_t len = 0;
    char abs[600];

    (void)state;
    write_key("k600", KEY32 "\n", 33, 0600);
    assert_int_equal(rd("file:k600", &key, &len, &err), ODP_OK);
    assert_int_equal(len, 32);
    assert_memory_equal(key, KEY32, 32);
    odp_secret_free(key, len);
    /* absolute paths ignore the base dir; 0400 is fine too */
    write_key("k400", KEY32, 32, 0400);
    snprintf(abs, sizeof(abs), "file:%s", path_in("k400"));
    odp_err_clear(&err);
    assert_int_equal(odp_secret_read(abs, "/nonexistent", &g_loc, &key, &len, &err), ODP_OK);
    assert_int_equal(len, 32);
    odp_secret_free(key, len);
    /* core dumps are off once a key was read */
    {
        struct rlimit rl;

        assert_int_equal(getrlimit(RLIMIT_CORE, &rl), 0);
        assert_int_equal(rl.rlim_cur, 0);
    }
}

static void
test_final_newline_once(void **state)
{
    struct odp_err err;
    uint8_t *key = NULL;
    size_t len = 0;

    (void)state;
    write_key("nn", KEY32 "\n\n", 34, 0600);
    assert_int_equal(rd("file:nn", &key, &len, &err), ODP_OK);
    assert_int_equal(len, 33);
    assert_int_equal(key[32], '\n');
    odp_secret_free(key, len);
    write_key("crlf", KEY32 "\r\n", 34, 0600);
    assert_int_equal(rd("file:crlf", &key, &len, &err), ODP_OK);
    assert_int_equal(len, 33); /* only "\n" is stripped */
    odp_secret_free(key, len);
    /* a 32-byte key that needs its newline to reach 32 is short */
    write_key("short_nl", "0123456789abcdef0123456789abcde\n", 32, 0600);
    expect_refused("file:short_nl", "shorter than 32 bytes");
}

static void
test_file_refused(void **state)
{
    (void)state;
    write_key("k644", SECRET "\n", strlen(SECRET) + 1, 0644);
    expect_refused("file:k644", "chmod 600");
    write_key("k640", SECRET, strlen(SECRET), 0640);
    expect_refused("file:k640", "group or others");
    write_key("k604", SECRET, strlen(SECRET), 0604);
    expect_refused("file:k604", "chmod 600");
    write_key("k620", SECRET, strlen(SECRET), 0620);
    expect_refused("file:k620", "chmod 600");
    write_key("k31", "0123456789abcdef0123456789abcde", 31, 0600);
    expect_refused("file:k31", "shorter than 32 bytes");
    write_key("empty", "", 0, 0600);
    expect_refused("file:empty", "shorter than 32 bytes");
    expect_refused("file:missing", "does not exist");
    expect_refused("file:", "names no file");
    /* a symlink to a good key is refused (O_NOFOLLOW) */
    write_key("target", KEY32, 32, 0600);
    unlink(path_in("link"));
    assert_int_equal(symlink(path_in("target"), path_in("link")), 0);
    expect_refused("file:link", "symbolic link");
    /* not a regular file */
    assert_int_equal(mkdir(path_in("dir"), 0700), 0);
    expect_refused("file:dir", "not a regular file");
    assert_int_equal(mkfifo(path_in("fifo"), 0600), 0);
    expect_refused("file:fifo", "not a regular file");
    expect_refused("keyid:1a2b3c4d", "key id");
    expect_refused("vault:x", "env:VAR or file:PATH");
}

static void
test_env(void **state)
{
    struct odp_err err;
    uint8_t *key = NULL;
    size_t len = 0;

    (void)state;
    setenv("ODP_TK_A", KEY32 "\n", 1);
    assert_int_equal(rd("env:ODP_TK_A", &key, &len, &err), ODP_OK);
    assert_int_equal(len, 32);
    assert_memory_equal(key, KEY32, 32);
    odp_secret_free(key, len);
    setenv("ODP_TK_B", KEY32 "x\n\n", 1);
    assert_int_equal(rd("env:ODP_TK_B", &key, &len, &err), ODP_OK);
    assert_int_equal(len, 34);
    odp_secret_free(key, len);
    setenv("ODP_TK_SHORT", "tooshort", 1);
    expect_refused("env:ODP_TK_SHORT", "shorter than 32 bytes");
    unsetenv("ODP_TK_MISSING");
    expect_refused("env:ODP_TK_MISSING", "ODP_TK_MISSING is not set");
    expect_refused("env:", "names no environment variable");
}

static struct odp_colrule
colrule(const char *name, enum odp_action a, const char *key, uint64_t line)
{
    struct odp_colrule r;

    memset(&r, 0, sizeof(r));
    r.name = (char *)name;
    r.action = a;
    r.key = (char *)key;
    r.path = "pol.yaml";
    r.line = line;
    r.col = 3;
    return r;
}

static void
test_keyring(void **state)
{
    struct odp_policy p;
    struct odp_keyspec ks[3];
    struct odp_colrule cols[3];
    struct odp_keyring *kr;
    struct odp_err err;
    const uint8_t *k;
    size_t len = 0;
    char polpath[600], want_id[9];
    uint8_t sha[32];
    static const char hexd[] = "0123456789abcdef";
    int i;

    (void)state;
    write_key("ring.key", KEY32 "\n", 33, 0600);
    snprintf(polpath, sizeof(polpath), "%s/pol.yaml", g_dir);
    memset(&p, 0, sizeof(p));
    memset(ks, 0, sizeof(ks));
    ks[0] = (struct odp_keyspec){(char *)"pseudonym", (char *)"file:ring.key", polpath, 5, 14};
    ks[1] = (struct odp_keyspec){(char *)"unused", (char *)"file:does-not-exist", polpath, 6, 11};
    ks[2] = (struct odp_keyspec){(char *)"shift", (char *)"env:ODP_TK_RING", polpath, 7, 10};
    setenv("ODP_TK_RING", KEY32 KEY32, 1);
    cols[0] = colrule("email", ODP_ACT_PSEUDONYMIZE, NULL, 10);
    cols[1] = colrule("dob", ODP_ACT_DATE_SHIFT, "shift", 11);
    cols[2] = colrule("zip", ODP_ACT_REDACT, "unused", 12); /* not a keyed action */
    p.path = polpath;
    p.keys = ks;
    p.nkeys = 3;
    p.cols = cols;
    p.ncols = 3;
    odp_err_clear(&err);
    kr = odp_keyring_load(&p, &err);
    if (kr == NULL) {
        fprintf(stderr, "keyring: %s\n", err.msg);
    }
    assert_non_null(kr);
    k = odp_keyring_get(kr, "pseudonym", &len);
    assert_non_null(k);
    assert_int_equal(len, 32);
    assert_memory_equal(k, KEY32, 32);
    k = odp_keyring_get(kr, "shift", &len);
    assert_non_null(k);
    assert_int_equal(len, 64);
    assert_null(odp_keyring_get(kr, "unused", &len));
    assert_null(odp_keyring_get(kr, "nope", &len));
    /* key id: first 8 hex of SHA-256 of the key bytes */
    SHA256((const unsigned char *)KEY32, 32, sha);
    for (i = 0; i < 4; i++) {
        want_id[2 * i] = hexd[sha[i] >> 4];
        want_id[2 * i + 1] = hexd[sha[i] & 15];
    }
    want_id[8] = '\0';
    assert_string_equal(odp_keyring_id(kr, 0), want_id);
    assert_null(odp_keyring_id(kr, 1));
    assert_non_null(odp_keyring_id(kr, 2));
    assert_null(odp_keyring_id(kr, 3));
    odp_keyring_free(kr);
    odp_keyring_free(NULL);

    /* a used key that is not declared: error at the column */
    cols[2] = colrule("ssn", ODP_ACT_PSEUDONYMIZE, "missing", 12);
    odp_err_clear(&err);
    assert_null(odp_keyring_load(&p, &err));
    assert_int_equal(err.code, ODP_EKEY);
    assert_int_equal(err.line, 12);
    assert_non_null(strstr(err.msg, "'missing'"));

    /* a used key that cannot be read: error at the key spec */
    cols[2] = colrule("ssn", ODP_ACT_PSEUDONYMIZE, "unused", 12);
    odp_err_clear(&err);
    assert_null(odp_keyring_load(&p, &err));
    assert_int_equal(err.code, ODP_EKEY);
    assert_int_equal(err.line, 6);
    assert_int_equal(err.col, 11);
    assert_string_equal(err.path, polpath);
}

static void
test_generate(void **state)
{
    struct odp_err err;
    char *p = path_in("gen.key"), first[80], second[80], spec[600];
    struct stat st;
    uint8_t *key = NULL;
    size_t len = 0;
    FILE *f;
    int i;

    (void)state;
    unlink(p);
    odp_err_clear(&err);
    assert_int_equal(odp_secret_generate_file(p, 0, &err), ODP_OK);
    assert_int_equal(lstat(p, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(st.st_size, 65);
    f = fopen(p, "r");
    assert_non_null(f);
    assert_non_null(fgets(first, sizeof(first), f));
    fclose(f);
    assert_int_equal(strlen(first), 65);
    for (i = 0; i < 64; i++) {
        assert_non_null(strchr("0123456789abcdef", first[i]));
    }
    assert_int_equal(first[64], '\n');
    /* it reads back as a 64-byte key */
    snprintf(spec, sizeof(spec), "file:%s", p);
    odp_err_clear(&err);
    assert_int_equal(odp_secret_read(spec, NULL, &g_loc, &key, &len, &err), ODP_OK);
    assert_int_equal(len, 64);
    odp_secret_free(key, len);
    /* exists: refused without force */
    odp_err_clear(&err);
    assert_true(odp_secret_generate_file(p, 0, &err) < 0);
    assert_non_null(strstr(err.msg, "--force"));
    /* force replaces */
    odp_err_clear(&err);
    assert_int_equal(odp_secret_generate_file(p, 1, &err), ODP_OK);
    f = fopen(p, "r");
    assert_non_null(f);
    assert_non_null(fgets(second, sizeof(second), f));
    fclose(f);
    assert_string_not_equal(first, second);
    assert_int_equal(lstat(p, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    /* a symlink at the target is not followed */
    unlink(path_in("gen.link"));
    assert_int_equal(symlink(path_in("elsewhere"), path_in("gen.link")), 0);
    odp_err_clear(&err);
    assert_true(odp_secret_generate_file(path_in("gen.link"), 0, &err) < 0);
    assert_int_equal(access(path_in("elsewhere"), F_OK), -1);
    /* no directory: I/O error */
    odp_err_clear(&err);
    assert_int_equal(odp_secret_generate_file(path_in("nodir/x.key"), 0, &err), ODP_EIO);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_file_ok),
        cmocka_unit_test(test_final_newline_once),
        cmocka_unit_test(test_file_refused),
        cmocka_unit_test(test_env),
        cmocka_unit_test(test_keyring),
        cmocka_unit_test(test_generate),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
