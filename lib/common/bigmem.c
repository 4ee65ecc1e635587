/*
 * bigmem.c - bulk buffers on transparent huge pages, pages present (bigmem.h).
 */
#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "bigmem.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 /* Linux 5.14; older kernels answer EINVAL */
#endif

#define PAGE ((size_t)4096)
#define HUGE ((size_t)2 << 20)

/*
 * Under AddressSanitizer each buffer is followed by a poisoned page: buffers lie side by
 * side in a region, and a write past one would otherwise land in the next unseen.
 */
#if defined(__SANITIZE_ADDRESS__)
#define BIGMEM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BIGMEM_ASAN 1
#endif
#endif
#ifdef BIGMEM_ASAN
#include <sanitizer/asan_interface.h>
#define GUARD PAGE
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define GUARD ((size_t)0)
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

struct region {
    char *base;
    size_t size; /* a multiple of HUGE */
    size_t used; /* bytes handed out from base (bump) */
    size_t live; /* buffers not yet freed */
    struct region *next;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct region *regions; /* the newest first: the one allocations bump */
static size_t nregions;

static size_t
round_up(size_t n, size_t to)
{
    return (n + to - 1) & ~(to - 1);
}

/* A region of `size` bytes (a multiple of HUGE) aligned to HUGE, or NULL. */
static struct region *
region_new(size_t size)
{
    struct region *r = malloc(sizeof(*r));
    char *m, *a;

    if (r == NULL) {
        return NULL;
    }
    m = mmap(NULL, size + HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) {
        free(r);
        return NULL;
    }
    a = (char *)round_up((uintptr_t)m, HUGE);
    if (a > m) {
        (void)munmap(m, (size_t)(a - m));
    }
    if (a + size < m + size + HUGE) {
        (void)munmap(a + size, (size_t)(m + size + HUGE - (a + size)));
    }
    /* advice only: without THP the pages are 4 KB ones, as before */
    (void)madvise(a, size, MADV_HUGEPAGE);
    r->base = a;
    r->size = size;
    r->used = 0;
    r->live = 0;
    r->next = regions;
    regions = r;
    nregions++;
    return r;
}

/* Unlinks and unmaps r (under mu). */
static void
region_drop(struct region *r)
{
    struct region **pp = &regions;

    while (*pp != r) {
        pp = &(*pp)->next;
    }
    *pp = r->next;
    UNPOISON(r->base, r->size); /* the addresses may be mapped again by anyone */
    (void)munmap(r->base, r->size);
    free(r);
    nregions--;
}

/* Makes p[0..n) present: 0, or -1 when the memory is not there. */
static int
populate(char *p, size_t n)
{
    size_t i;

    if (madvise(p, n, MADV_POPULATE_WRITE) == 0) {
        return 0;
    }
    if (errno == ENOMEM) {
        return -1; /* the pages could not be had */
    }
    /* a kernel before 5.14 (EINVAL), or a sandbox that refuses the advice: fault them
     * in by hand, as MAP_POPULATE did */
    for (i = 0; i < n; i += PAGE) {
        ((volatile char *)p)[i] = 0;
    }
    return 0;
}

void *
odp_bigmem_alloc(size_t n)
{
    struct region *r;
    size_t take;
    char *p;

    if (n == 0 || n > SIZE_MAX / 2) {
        return NULL;
    }
    take = round_up(n, PAGE) + GUARD;
    pthread_mutex_lock(&mu);
    r = regions;
    if (r == NULL || r->size - r->used < take) {
        size_t size = take > ODP_BIGMEM_REGION ? round_up(take, HUGE) : ODP_BIGMEM_REGION;

        r = region_new(size);
    }
    if (r == NULL) {
        pthread_mutex_unlock(&mu);
        return NULL;
    }
    p = r->base + r->used;
    r->used += take;
    r->live++;
    pthread_mutex_unlock(&mu);
    if (populate(p, take) < 0) {
        odp_bigmem_free(p, n);
        return NULL;
    }
    POISON(p + n, take - n); /* ASan: a byte past the buffer is an error */
    return p;
}

void
odp_bigmem_free(void *p, size_t n)
{
    struct region *r;
    char *c = p;

    if (p == NULL) {
        return;
    }
    pthread_mutex_lock(&mu);
    for (r = regions; r != NULL; r = r->next) {
        if (c >= r->base && c < r->base + r->used) {
            break;
        }
    }
    /* a buffer this module did not hand out (or a wrong size) is a bug in the caller */
    assert(r != NULL && r->live > 0 &&
           round_up(n, PAGE) + GUARD <= (size_t)(r->base + r->used - c));
    if (r != NULL && r->live > 0) {
        UNPOISON(c + n, round_up(n, PAGE) + GUARD - n);
        if (--r->live == 0) {
            region_drop(r);
        }
    }
    pthread_mutex_unlock(&mu);
}

size_t
odp_bigmem_regions(void)
{
    size_t n;

    pthread_mutex_lock(&mu);
    n = nregions;
    pthread_mutex_unlock(&mu);
    return n;
}
