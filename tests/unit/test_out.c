/*
 * test_out.c - the hashed output stream: synchronous and threaded modes give the same
 * bytes and the same SHA-256, and write errors (a full device) are reported, sticky.
 */
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <openssl/evp.h>

#include "out.h"
#include "sha256.h"

/* The pieces written while the caller holds the stream's digest (odp_out_hash_take). */
static struct odp_sha256 *taken;

static void
put(struct odp_out *o, const char *p, size_t len)
{
    assert_int_equal(odp_out_write(o, p, len), ODP_OK);
    if (taken != NULL) {
        odp_sha256_update(taken, p, len);
    }
}

/*
 * Writes a deterministic mix of small and large pieces; returns the expected bytes.
 * With `take`, the digest is taken and given back now and then (the parallel release
 * hashes the data stream on its own thread): the caller hashes the pieces meanwhile.
 */
static size_t
fill2(struct odp_out *o, char **expect, int take)
{
    size_t cap = 8u << 20, n = 0, i;
    char *e = malloc(cap);
    char big[300000];
    uint32_t x = 12345;

    assert_non_null(e);
    for (i = 0; i < sizeof(big); i++) {
        big[i] = (char)('a' + i % 26);
    }
    while (n < cap - sizeof(big) - 64) {
        size_t len;

        x = x * 1103515245u + 12345u;
        len = (x >> 8) % 40;
        if ((x & 0xff) == 7) {
            len = sizeof(big);
        } else if ((x & 0xff) == 9) {
            len = 0;
        }
        if (take && (x >> 24) % 64 == 5) {
            if (taken == NULL) {
                taken = odp_out_hash_take(o);
                assert_non_null(taken);
            } else {
                odp_out_hash_return(o);
                taken = NULL;
            }
        }
        if (len == sizeof(big)) {
            put(o, big, len);
            memcpy(e + n, big, len);
        } else {
            char piece[40];
            size_t k;

            for (k = 0; k < len; k++) {
                piece[k] = (char)(x >> (k % 24));
            }
            put(o, piece, len);
            memcpy(e + n, piece, len);
        }
        n += len;
    }
    if (taken != NULL) {
        odp_out_hash_return(o);
        taken = NULL;
    }
    *expect = e;
    return n;
}

static size_t
fill(struct odp_out *o, char **expect)
{
    return fill2(o, expect, 0);
}

static void
run_mode3(int async, int direct, int take)
{
    /* in the build directory: /tmp may be a tmpfs, where O_DIRECT may be refused */
    char path[] = "odp-test-out-XXXXXX";
    int fd = mkstemp(path);
    struct odp_out o;
    struct odp_err err;
    uint8_t sha[32], want[32];
    unsigned int wl = 0;
    uint64_t bytes = 0;
    char *expect, *got;
    size_t n, gl;
    FILE *f;

    assert_true(fd >= 0);
    odp_err_clear(&err);
    assert_int_equal(odp_out_init(&o, fd, path, 1, &err), ODP_OK);
    if (direct) {
        direct = odp_out_direct(&o); /* 0: this file system refuses O_DIRECT */
    }
    if (async) {
        assert_int_equal(odp_out_start_async(&o, &err), ODP_OK);
    }
    n = fill2(&o, &expect, take);
    assert_int_equal(odp_out_finish(&o, 1, sha, &bytes, &err), ODP_OK);
    if (direct && async) {
        /* full 1 MiB buffers went past the page cache; the unaligned tail did not */
        assert_true(o.direct_bytes >= ((n / ODP_OUT_BUFSZ) - 1) * (uint64_t)ODP_OUT_BUFSZ);
        assert_true(o.direct_bytes > 0 && o.direct_bytes < n);
        assert_int_equal(o.direct_bytes % ODP_OUT_BUFSZ, 0);
    }
    odp_out_release(&o);
    close(fd);
    assert_int_equal(bytes, n);
    EVP_Digest(expect, n, want, &wl, EVP_sha256(), NULL);
    assert_memory_equal(sha, want, 32);
    got = malloc(n + 1);
    assert_non_null(got);
    f = fopen(path, "rb");
    assert_non_null(f);
    gl = fread(got, 1, n + 1, f);
    fclose(f);
    assert_int_equal(gl, n);
    assert_memory_equal(got, expect, n);
    unlink(path);
    free(got);
    free(expect);
}

static void
run_mode2(int async, int direct)
{
    run_mode3(async, direct, 0);
}

static void
run_mode(int async)
{
    run_mode2(async, 0);
}

/* O_DIRECT for full buffers (release's data file): same bytes and digest. */
static void
test_direct_async(void **state)
{
    (void)state;
    run_mode2(1, 1);
}

/* The digest taken and given back mid-stream: same digest, and O_DIRECT stays on (taking
 * it once flushed a part-filled buffer, which ended direct writes for the whole file). */
static void
test_direct_take(void **state)
{
    (void)state;
    run_mode3(1, 1, 1);
}

static void
test_sync_take(void **state)
{
    (void)state;
    run_mode3(0, 0, 1);
}

static void
test_direct_sync(void **state)
{
    (void)state;
    run_mode2(0, 1);
}

static void
test_sync_matches(void **state)
{
    (void)state;
    run_mode(0);
}

/* Writes of a buffer or more (the table hands the input SHA-256 1 MiB reads) go
 * through the two async buffers: same bytes and digest as the synchronous stream. */
static void
test_async_big_writes(void **state)
{
    static const size_t sizes[] = {3, ODP_OUT_BUFSZ, 7, ODP_OUT_BUFSZ + 1, ODP_OUT_BUFSZ - 5,
                                   ODP_OUT_BUFSZ, 5 * ODP_OUT_BUFSZ / 2, 1, ODP_OUT_BUFSZ};
    size_t total = 0, i, k, off = 0;
    char *data;
    int mode;

    (void)state;
    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        total += sizes[i];
    }
    data = malloc(total);
    assert_non_null(data);
    for (k = 0; k < total; k++) {
        data[k] = (char)(k * 2654435761u >> 13);
    }
    for (mode = 0; mode < 3; mode++) { /* sync file, async file, async hash-only */
        char path[] = "/tmp/odp-test-out-XXXXXX";
        int fd = mode < 2 ? mkstemp(path) : ODP_OUT_DISCARD;
        struct odp_out o;
        struct odp_err err;
        uint8_t sha[32], want[32];
        unsigned int wl = 0;
        uint64_t bytes = 0;

        assert_true(mode == 2 || fd >= 0);
        odp_err_clear(&err);
        assert_int_equal(odp_out_init(&o, fd, path, 1, &err), ODP_OK);
        if (mode > 0) {
            assert_int_equal(odp_out_start_async(&o, &err), ODP_OK);
        }
        for (i = 0, off = 0; i < sizeof(sizes) / sizeof(sizes[0]); off += sizes[i], i++) {
            assert_int_equal(odp_out_write(&o, data + off, sizes[i]), ODP_OK);
        }
        assert_int_equal(odp_out_finish(&o, 0, sha, &bytes, &err), ODP_OK);
        odp_out_release(&o);
        assert_int_equal(bytes, total);
        EVP_Digest(data, total, want, &wl, EVP_sha256(), NULL);
        assert_memory_equal(sha, want, 32);
        if (mode < 2) {
            char *got = malloc(total + 1);
            FILE *f = fopen(path, "rb");

            assert_non_null(got);
            assert_non_null(f);
            assert_int_equal(fread(got, 1, total + 1, f), total);
            fclose(f);
            assert_memory_equal(got, data, total);
            free(got);
            close(fd);
            unlink(path);
        }
    }
    free(data);
}

static void
test_async_matches(void **state)
{
    (void)state;
    run_mode(1);
}

static void
full_device(int async)
{
    int fd = open("/dev/full", O_WRONLY);
    struct odp_out o;
    struct odp_err err;
    char chunk[4096];
    int i, rc = ODP_OK;

    if (fd < 0) {
        skip();
    }
    memset(chunk, 'x', sizeof(chunk));
    odp_err_clear(&err);
    assert_int_equal(odp_out_init(&o, fd, "/dev/full", 1, &err), ODP_OK);
    if (async) {
        assert_int_equal(odp_out_start_async(&o, &err), ODP_OK);
    }
    for (i = 0; i < 1000 && rc == ODP_OK; i++) {
        rc = odp_out_write(&o, chunk, sizeof(chunk));
    }
    rc = odp_out_finish(&o, 0, NULL, NULL, &err);
    assert_int_equal(rc, ODP_EIO);
    assert_int_equal(err.code, ODP_EIO);
    assert_string_equal(err.path, "/dev/full");
    assert_non_null(strstr(err.msg, "cannot write"));
    /* sticky: a later write fails too */
    assert_int_equal(odp_out_write(&o, chunk, 10), ODP_EIO);
    odp_out_release(&o);
    close(fd);
}

static void
test_full_device_sync(void **state)
{
    (void)state;
    full_device(0);
}

static void
test_full_device_async(void **state)
{
    (void)state;
    full_device(1);
}

static void
test_memory_sink(void **state)
{
    struct odp_out o;
    size_t len;
    const char *p;

    (void)state;
    assert_int_equal(odp_out_init(&o, -1, "mem", 0, NULL), ODP_OK);
    assert_int_equal(odp_out_puts(&o, "hello "), ODP_OK);
    assert_int_equal(odp_out_printf(&o, "%d-%s", 42, "x"), ODP_OK);
    p = odp_out_mem(&o, &len);
    assert_int_equal(len, 10);
    assert_memory_equal(p, "hello 42-x", 10);
    odp_out_release(&o);
}

/* A callback sink (odp_out_set_sink): collects bytes; fails once `fail_at` bytes passed. */
struct collect {
    char *p;
    size_t len, cap;
    size_t fail_at; /* 0: never */
    pthread_t caller;
    int other_thread; /* fn ran on a thread other than the caller's */
};

static int
collect_fn(void *ctx, const char *p, size_t n, struct odp_err *err)
{
    struct collect *c = ctx;

    if (!pthread_equal(pthread_self(), c->caller)) {
        c->other_thread = 1;
    }
    if (c->fail_at != 0 && c->len + n >= c->fail_at) {
        return odp_errf(err, ODP_EIO, &(struct odp_loc){"sink", 0, 0}, "sink refused");
    }
    if (c->len + n > c->cap) {
        size_t ncap = c->cap ? c->cap * 2 : 1u << 20;

        while (ncap < c->len + n) {
            ncap *= 2;
        }
        c->p = realloc(c->p, ncap);
        assert_non_null(c->p);
        c->cap = ncap;
    }
    memcpy(c->p + c->len, p, n);
    c->len += n;
    return ODP_OK;
}

static void
sink_mode(int async)
{
    struct odp_out o;
    struct odp_err err;
    struct collect c;
    uint8_t sha[32], want[32];
    unsigned int wl = 0;
    uint64_t bytes = 0;
    char *expect;
    size_t n;

    memset(&c, 0, sizeof(c));
    c.caller = pthread_self();
    odp_err_clear(&err);
    /* fd 1 would be stdout: with a sink set, nothing may reach it */
    assert_int_equal(odp_out_init(&o, 1, "sink", 1, &err), ODP_OK);
    odp_out_set_sink(&o, collect_fn, &c);
    if (async) {
        assert_int_equal(odp_out_start_async(&o, &err), ODP_OK);
    }
    n = fill(&o, &expect);
    assert_int_equal(odp_out_finish(&o, 0, sha, &bytes, &err), ODP_OK);
    odp_out_release(&o);
    assert_int_equal(bytes, n);
    assert_int_equal(c.len, n);
    assert_memory_equal(c.p, expect, n);
    EVP_Digest(expect, n, want, &wl, EVP_sha256(), NULL);
    assert_memory_equal(sha, want, 32); /* the tap hashes what the sink got */
    assert_int_equal(c.other_thread, async);
    free(c.p);
    free(expect);

    /* a failing sink: the first error is sticky and finish reports it */
    memset(&c, 0, sizeof(c));
    c.caller = pthread_self();
    c.fail_at = 3u << 20;
    odp_err_clear(&err);
    assert_int_equal(odp_out_init(&o, 1, "sink", 1, &err), ODP_OK);
    odp_out_set_sink(&o, collect_fn, &c);
    if (async) {
        assert_int_equal(odp_out_start_async(&o, &err), ODP_OK);
    }
    {
        static char chunk[65536];
        int i, rc = ODP_OK;

        /* 8 MiB: the error surfaces at a write (async: a later one) or at finish */
        for (i = 0; i < 128 && rc == ODP_OK; i++) {
            rc = odp_out_write(&o, chunk, sizeof(chunk));
        }
        assert_true(rc == ODP_OK || rc == ODP_EIO);
    }
    assert_int_equal(odp_out_finish(&o, 0, sha, &bytes, &err), ODP_EIO);
    assert_non_null(strstr(err.msg, "sink refused"));
    assert_int_equal(odp_out_write(&o, "x", 1), ODP_EIO);
    odp_out_release(&o);
    assert_true(c.len < c.fail_at);
    free(c.p);
}

static void
test_sink_sync(void **state)
{
    (void)state;
    sink_mode(0);
}

static void
test_sink_async(void **state)
{
    (void)state;
    sink_mode(1);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sync_matches),
        cmocka_unit_test(test_async_matches),
        cmocka_unit_test(test_async_big_writes),
        cmocka_unit_test(test_full_device_sync),
        cmocka_unit_test(test_full_device_async),
        cmocka_unit_test(test_memory_sink),
        cmocka_unit_test(test_sink_sync),
        cmocka_unit_test(test_sink_async),
        cmocka_unit_test(test_direct_async),
        cmocka_unit_test(test_direct_sync),
        cmocka_unit_test(test_direct_take),
        cmocka_unit_test(test_sync_take),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
