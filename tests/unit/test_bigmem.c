/*
 * test_bigmem.c - the bulk buffers (bigmem.h): zero-filled and apart when handed out,
 * a reservation's pages present before anything touches them (made so by a background
 * thread that never writes into a buffer already handed out, and that ends with the
 * last region), in 2 MB-aligned regions advised for huge pages, given back to the
 * kernel when the last buffer of a region is freed, safe from several threads; NULL
 * when the address space runs out; under ASan, a poisoned page after each buffer.
 */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "bigmem.h"

#define MB ((size_t)1 << 20)

/* Pages of p[0..n) resident now, or (size_t)-1 when the range is not mapped. */
static size_t
resident(const void *p, size_t n)
{
    size_t pages = (n + 4095) / 4096, i, k = 0;
    unsigned char *v = malloc(pages);

    assert_non_null(v);
    if (mincore((void *)p, n, v) != 0) {
        assert_int_equal(errno, ENOMEM); /* not mapped */
        free(v);
        return (size_t)-1;
    }
    for (i = 0; i < pages; i++) {
        k += v[i] & 1;
    }
    free(v);
    return k;
}

/* Threads of this process now (/proc/self/task). */
static int
threads_now(void)
{
    DIR *d = opendir("/proc/self/task");
    struct dirent *e;
    int n = 0;

    assert_non_null(d);
    while ((e = readdir(d)) != NULL) {
        n += e->d_name[0] != '.';
    }
    closedir(d);
    return n;
}

static void
test_zero_and_apart(void **state)
{
    static const size_t sizes[] = {1, 4096, 4097, MB, MB + 68 * 1024 + 1, 3 * MB + 5};
    char *p[6];
    size_t i, j;

    (void)state;
    assert_int_equal(odp_bigmem_regions(), 0);
    for (i = 0; i < 6; i++) {
        p[i] = odp_bigmem_alloc(sizes[i]);
        assert_non_null(p[i]);
        assert_int_equal((uintptr_t)p[i] % 4096, 0);
        for (j = 0; j < sizes[i]; j++) {
            assert_int_equal(p[i][j], 0);
        }
        memset(p[i], 0xA5, sizes[i]); /* writable to the last byte (ASan: no report) */
    }
    /* buffers do not overlap: each still holds its own fill after the others' */
    for (i = 0; i < 6; i++) {
        memset(p[i], (int)i + 1, sizes[i]);
    }
    for (i = 0; i < 6; i++) {
        for (j = 0; j < sizes[i]; j += 511) {
            assert_int_equal(p[i][j], (char)(i + 1));
        }
        assert_int_equal(p[i][sizes[i] - 1], (char)(i + 1));
    }
    assert_int_equal(odp_bigmem_regions(), 1);
    for (i = 0; i < 6; i++) {
        odp_bigmem_free(p[i], sizes[i]);
    }
    assert_int_equal(odp_bigmem_regions(), 0);
    assert_null(odp_bigmem_alloc(0));
    assert_null(odp_bigmem_alloc(SIZE_MAX));
    odp_bigmem_free(NULL, 10);
}

/* The memory goes back to the kernel when a region's last buffer is freed, not before. */
static void
test_region_unmapped(void **state)
{
    char *a = odp_bigmem_alloc(MB), *b = odp_bigmem_alloc(2 * MB);
    size_t big = ODP_BIGMEM_REGION + 3 * MB;
    char *c = odp_bigmem_alloc(big); /* larger than a region: a region of its own */

    (void)state;
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(c);
    assert_int_equal(odp_bigmem_regions(), 2);
    /* regions start on a 2 MB boundary: the first buffer of each is aligned */
    assert_int_equal((uintptr_t)a % (2 * MB), 0);
    assert_int_equal((uintptr_t)c % (2 * MB), 0);
    memset(b, 1, 2 * MB);
    memset(c, 1, big);
    assert_int_equal(resident(c, big), big / 4096);
    odp_bigmem_free(c, big);
    assert_int_equal(odp_bigmem_regions(), 1);
    assert_int_equal(resident(c, big), (size_t)-1);
    odp_bigmem_free(a, MB);
    assert_int_equal(resident(b, 2 * MB), 2 * MB / 4096); /* b's region stays */
    odp_bigmem_free(b, 2 * MB);
    assert_int_equal(odp_bigmem_regions(), 0);
    assert_int_equal(resident(a, MB), (size_t)-1);
}

/* A reservation's pages are made present by the populator before they are handed out;
 * the thread ends when the last region goes. */
static void
test_reserve_present(void **state)
{
    int before = threads_now();
    uint64_t h = odp_bigmem_reserve(6 * MB + 5), h2;
    char *p, *q;
    size_t j;

    (void)state;
    assert_true(h != 0);
    assert_int_equal(odp_bigmem_regions(), 1);
    assert_int_equal(threads_now(), before + 1); /* the populator */
    odp_bigmem_settle();
    p = odp_bigmem_alloc(MB);
    q = odp_bigmem_alloc(5 * MB);
    assert_non_null(p);
    assert_non_null(q);
    /* present before anything touched them: no fault on first use */
    assert_int_equal(resident(p, MB), MB / 4096);
    assert_int_equal(resident(q, 5 * MB), 5 * MB / 4096);
    for (j = 0; j < 5 * MB; j += 997) {
        assert_int_equal(q[j], 0);
    }
    memset(q, 0x5A, 5 * MB);
    odp_bigmem_free(p, MB);
    odp_bigmem_free(q, 5 * MB);
    /* still held: the next pass takes the same pages again, zeroed */
    assert_int_equal(odp_bigmem_regions(), 1);
    p = odp_bigmem_alloc(3 * MB);
    assert_non_null(p);
    assert_int_equal(resident(p, 3 * MB), 3 * MB / 4096);
    for (j = 0; j < 3 * MB; j += 997) {
        assert_int_equal(p[j], 0);
    }
    odp_bigmem_unreserve(h);
    assert_int_equal(odp_bigmem_regions(), 1); /* p is still in it */
    odp_bigmem_free(p, 3 * MB);
    assert_int_equal(odp_bigmem_regions(), 0);
    assert_int_equal(threads_now(), before); /* joined, not left idle */

    /* any size: capped at a region's worth, all of it made present */
    h = odp_bigmem_reserve(SIZE_MAX);
    assert_true(h != 0);
    assert_int_equal(odp_bigmem_regions(), 1);
    odp_bigmem_settle();
    p = odp_bigmem_alloc(ODP_BIGMEM_REGION - 8192); /* room for ASan's guard page */
    assert_non_null(p);
    assert_int_equal(odp_bigmem_regions(), 1);
    assert_int_equal(resident(p, ODP_BIGMEM_REGION - 8192), ODP_BIGMEM_REGION / 4096 - 2);
    odp_bigmem_free(p, ODP_BIGMEM_REGION - 8192);
    assert_int_equal(odp_bigmem_regions(), 1); /* still held */
    odp_bigmem_unreserve(h);
    assert_int_equal(odp_bigmem_regions(), 0);
    assert_int_equal(threads_now(), before);

    /* reservations add up: 2 MB, one buffer, then 3 MB more */
    h = odp_bigmem_reserve(2 * MB);
    p = odp_bigmem_alloc(MB);
    assert_non_null(p);
    h2 = odp_bigmem_reserve(3 * MB);
    assert_true(h2 == h); /* the same region */
    odp_bigmem_settle();
    q = odp_bigmem_alloc(4 * MB);
    assert_non_null(q);
    assert_int_equal(resident(q, 4 * MB), 4 * MB / 4096);
    odp_bigmem_unreserve(h2);
    odp_bigmem_unreserve(h);
    odp_bigmem_free(p, MB);
    odp_bigmem_free(q, 4 * MB);
    assert_int_equal(odp_bigmem_regions(), 0);

    /* a hold given back before any buffer: the region goes at once */
    h = odp_bigmem_reserve(MB);
    assert_true(h != 0);
    odp_bigmem_unreserve(h);
    assert_int_equal(odp_bigmem_regions(), 0);
    assert_int_equal(threads_now(), before);
    assert_int_equal(odp_bigmem_reserve(0), 0);
    odp_bigmem_unreserve(0);
}

/* The populator writes into pages nobody holds yet: buffers filled the moment they are
 * handed out, while it is still working through the reservation, keep every byte. */
static void
test_reserve_no_clobber(void **state)
{
    enum { N = 24 };
    char *p[N];
    int round, i;
    size_t j;

    (void)state;
    for (round = 0; round < 6; round++) {
        uint64_t h = odp_bigmem_reserve(N * MB);

        assert_true(h != 0);
        for (i = 0; i < N; i++) {
            p[i] = odp_bigmem_alloc(MB - 4096 * (size_t)(i % 3));
            assert_non_null(p[i]);
            memset(p[i], 0x40 + i, MB - 4096 * (size_t)(i % 3));
        }
        odp_bigmem_settle();
        for (i = 0; i < N; i++) {
            for (j = 0; j < MB - 4096 * (size_t)(i % 3); j += 4096) {
                assert_int_equal(p[i][j], (char)(0x40 + i));
            }
        }
        for (i = 0; i < N; i++) {
            odp_bigmem_free(p[i], MB - 4096 * (size_t)(i % 3));
        }
        odp_bigmem_unreserve(h);
        assert_int_equal(odp_bigmem_regions(), 0);
    }
}

/* The region is advised for huge pages: its mapping carries the kernel's "hg" flag. */
static void
test_huge_advice(void **state)
{
    char *p = odp_bigmem_alloc(MB);
    FILE *f = NULL;
    char line[512];
    uintptr_t lo = 0, hi = 0, at = (uintptr_t)p;
    int in = 0, flagged = -1;

    (void)state;
    assert_non_null(p);
    if (access("/sys/kernel/mm/transparent_hugepage/enabled", R_OK) != 0 ||
        (f = fopen("/proc/self/smaps", "r")) == NULL) {
        odp_bigmem_free(p, MB);
        skip(); /* a kernel without transparent huge pages: the advice is a no-op */
    }
    while (fgets(line, sizeof(line), f) != NULL) {
        if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' ')) {
            in = at >= lo && at < hi;
        } else if (in && strncmp(line, "VmFlags:", 8) == 0) {
            flagged = strstr(line, " hg") != NULL;
            break;
        }
    }
    fclose(f);
    odp_bigmem_free(p, MB);
    assert_int_equal(flagged, 1);
}

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>

/* ASan builds: the bytes right after a buffer are poisoned while it lives, and given
 * back clean (a later mapping at those addresses must not inherit the poison). */
static void
test_asan_guard(void **state)
{
    size_t n = 5000;
    char *p = odp_bigmem_alloc(n), *q;

    (void)state;
    assert_non_null(p);
    assert_false(__asan_address_is_poisoned(p + n - 1));
    assert_true(__asan_address_is_poisoned(p + n));
    assert_true(__asan_address_is_poisoned(p + 8192 + 4095));
    q = odp_bigmem_alloc(4096); /* the next buffer starts after the guard */
    assert_non_null(q);
    assert_true(q >= p + 8192 + 4096);
    assert_false(__asan_address_is_poisoned(q));
    odp_bigmem_free(p, n);
    assert_false(__asan_address_is_poisoned(p + n)); /* p's region is still q's */
    odp_bigmem_free(q, 4096);
    assert_int_equal(odp_bigmem_regions(), 0);
}
#endif

#if !defined(__SANITIZE_ADDRESS__)
#include <sys/resource.h>

/* Bytes of address space this process has mapped now. */
static size_t
vm_bytes(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long pages = 0;

    assert_non_null(f);
    assert_int_equal(fscanf(f, "%lu", &pages), 1);
    fclose(f);
    return (size_t)pages * (size_t)sysconf(_SC_PAGESIZE);
}

/* No memory to be had: NULL, no region left behind, and it works again afterwards.
 * (Not under ASan, which needs far more address space than any such limit.) */
static void
test_out_of_memory(void **state)
{
    struct rlimit old, low;
    uint64_t h;
    char *p;

    (void)state;
    assert_int_equal(getrlimit(RLIMIT_AS, &old), 0);
    low = old;
    low.rlim_cur = vm_bytes() + 16 * MB; /* room for small things, not for a region */
    if (old.rlim_cur != RLIM_INFINITY && old.rlim_cur < low.rlim_cur) {
        skip();
    }
    assert_int_equal(setrlimit(RLIMIT_AS, &low), 0);
    p = odp_bigmem_alloc(MB);
    h = odp_bigmem_reserve(MB); /* no reservation: allocations fault pages in */
    assert_int_equal(setrlimit(RLIMIT_AS, &old), 0);
    assert_null(p);
    assert_int_equal(h, 0);
    assert_int_equal(odp_bigmem_regions(), 0);
    p = odp_bigmem_alloc(MB);
    assert_non_null(p);
    odp_bigmem_free(p, MB);
    assert_int_equal(odp_bigmem_regions(), 0);
}
#endif

struct churn {
    unsigned seed;
    int ok;
};

static void *
churn_main(void *arg)
{
    struct churn *c = arg;
    unsigned x = c->seed;
    int round;

    c->ok = 1;
    for (round = 0; round < 40; round++) {
        /* every other round under a reservation: the populator at work meanwhile */
        uint64_t h = round % 2 == 0 ? odp_bigmem_reserve(6 * MB) : 0;
        char *p[4];
        size_t n[4];
        int i;

        for (i = 0; i < 4; i++) {
            x = x * 1103515245u + 12345u;
            n[i] = 1 + (x >> 8) % (3 * MB);
            p[i] = odp_bigmem_alloc(n[i]);
            if (p[i] == NULL || p[i][0] != 0 || p[i][n[i] - 1] != 0) {
                c->ok = 0; /* out of memory, or not zero-filled */
                return NULL;
            }
            memset(p[i], (int)(c->seed + (unsigned)i), n[i]);
        }
        for (i = 0; i < 4; i++) {
            if (p[i][0] != (char)(c->seed + (unsigned)i) ||
                p[i][n[i] - 1] != (char)(c->seed + (unsigned)i)) {
                c->ok = 0;
            }
            odp_bigmem_free(p[i], n[i]);
        }
        odp_bigmem_unreserve(h);
    }
    return NULL;
}

static void
test_threads(void **state)
{
    pthread_t th[4];
    struct churn c[4];
    int i;

    (void)state;
    for (i = 0; i < 4; i++) {
        c[i].seed = 17u * (unsigned)i + 3u;
        assert_int_equal(pthread_create(&th[i], NULL, churn_main, &c[i]), 0);
    }
    for (i = 0; i < 4; i++) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
        assert_true(c[i].ok);
    }
    assert_int_equal(odp_bigmem_regions(), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zero_and_apart),
        cmocka_unit_test(test_region_unmapped),
        cmocka_unit_test(test_reserve_present),
        cmocka_unit_test(test_reserve_no_clobber),
        cmocka_unit_test(test_huge_advice),
        cmocka_unit_test(test_threads),
#if defined(__SANITIZE_ADDRESS__)
        cmocka_unit_test(test_asan_guard),
#else
        cmocka_unit_test(test_out_of_memory),
#endif
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
