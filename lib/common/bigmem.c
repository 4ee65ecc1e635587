/*
 * bigmem.c - bulk buffers on transparent huge pages, made present ahead of use by a
 * background thread (bigmem.h).
 */
#include <assert.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "bigmem.h"

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

/*
 * How the populator makes a page present. On x86-64 with `lock or` of zero: an atomic
 * read-modify-write that needs the page writable (a write fault) and stores back the
 * byte it read, so it keeps whatever an owner wrote, before or after, and a buffer may
 * be handed out while the populator is still inside it. (Inline assembly: outside what
 * the sanitizers instrument, as the byte may be in a poisoned guard page by then.)
 * Elsewhere a plain store of zero, into pages nobody holds yet: an allocation that would
 * cover the pages being touched waits for the step to end.
 */
#if defined(__x86_64__) && defined(__GNUC__)
#define TOUCH_KEEPS 1
static inline void
touch(char *p)
{
    __asm__ __volatile__("lock orb $0, %0" : "+m"(*p) : : "memory");
}
#else
#define TOUCH_KEEPS 0
static inline void
touch(char *p)
{
    *(volatile char *)p = 0;
}
#endif

struct region {
    char *base;
    size_t size;      /* a multiple of HUGE */
    size_t used;      /* bytes handed out from base (bump) */
    size_t live;      /* buffers not yet freed */
    uint64_t id;      /* a reservation's token (regions are never numbered twice) */
    size_t holds;     /* reservations not yet given back */
    size_t dirty;     /* bytes from base a previous pass used (zeroed when taken again) */
    size_t want;      /* the populator makes [used, want) present ahead of use */
    size_t pop;       /* ... and has done so up to here */
    size_t claim_lo;  /* the range it is touching now (without TOUCH_KEEPS: not handed */
    size_t claim_hi;  /* out meanwhile) */
    int busy;         /* the populator is inside (the region is not unmapped under it) */
    struct region *next;
};

/* The populator thread: one at a time, started by a reservation and stopped when the
 * last region is unmapped; each has its own stop flag (a new one may start while the
 * previous one is still on its way out). */
struct popper {
    pthread_t t;
    int stop;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t work = PTHREAD_COND_INITIALIZER; /* pages to populate, or stop */
static pthread_cond_t done = PTHREAD_COND_INITIALIZER; /* a populator step ended */
static struct region *regions; /* the newest first: the one allocations bump */
static size_t nregions;
static struct popper *popper; /* the current populator, NULL when none runs */
static uint64_t next_id = 1;

static size_t
round_up(size_t n, size_t to)
{
    return (n + to - 1) & ~(to - 1);
}

/* A region of `size` bytes (a multiple of HUGE) aligned to HUGE, or NULL (under mu). */
static struct region *
region_new(size_t size)
{
    struct region *r = calloc(1, sizeof(*r));
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
    /* advice only: without THP the pages are 4 KB ones */
    (void)madvise(a, size, MADV_HUGEPAGE);
    r->base = a;
    r->size = size;
    r->id = next_id++;
    r->next = regions;
    regions = r;
    nregions++;
    return r;
}

/* Unlinks r, then unmaps it once the populator is out of it (under mu; unlinked first,
 * so that no allocation takes it while mu is let go for the wait). */
static void
region_drop(struct region *r)
{
    struct region **pp = &regions;

    while (*pp != r) {
        pp = &(*pp)->next;
    }
    *pp = r->next;
    nregions--;
    while (r->busy > 0) { /* its step ends within one 2 MB page */
        pthread_cond_wait(&done, &mu);
    }
    UNPOISON(r->base, r->size); /* the addresses may be mapped again by anyone */
    (void)munmap(r->base, r->size);
    free(r);
}

/* The populator's next page: the oldest region with reserved bytes not yet present
 * (under mu), or NULL. */
static struct region *
ahead(void)
{
    struct region *r, *found = NULL;

    for (r = regions; r != NULL; r = r->next) {
        if ((r->pop > r->used ? r->pop : r->used) < r->want) {
            found = r;
        }
    }
    return found;
}

/*
 * The populator makes a reservation's pages present before they are handed out, one
 * 2 MB page per step, by touching each 4 KB page of it (touch(), above): with a touch
 * that keeps the byte, allocations never wait for it; else only pages nobody holds yet
 * are written, and an allocation that would cover the page being touched waits for the
 * step to end (it then chased the populator page by page: round 13). Steps start above
 * what is handed out. A write fault takes only the mapping's own lock,
 * where MADV_POPULATE_WRITE would hold the process's mmap lock for the whole step and
 * stall every thread that maps memory meanwhile (on this kind of machine a fresh 2 MB
 * page can take 4 ms to fault in: the host backs it 4 KB at a time).
 */
static void *
popper_main(void *arg)
{
    struct popper *me = arg;

    pthread_mutex_lock(&mu);
    while (!me->stop) {
        struct region *r = ahead();
        size_t from, to, i;

        if (r == NULL) {
            pthread_cond_wait(&work, &mu);
            continue;
        }
        from = r->pop > r->used ? r->pop : r->used; /* used is a multiple of PAGE */
        to = round_up(from + 1, HUGE);
        if (to > r->want) {
            to = r->want;
        }
        r->claim_lo = from;
        r->claim_hi = to;
        r->pop = to;
        r->busy++;
        pthread_mutex_unlock(&mu);
        for (i = from; i < to; i += PAGE) {
            touch(r->base + i);
        }
        pthread_mutex_lock(&mu);
        r->claim_lo = r->claim_hi = 0;
        r->busy--;
        pthread_cond_broadcast(&done);
    }
    pthread_mutex_unlock(&mu);
    return NULL;
}

/* Starts the populator if none runs, and wakes it (under mu). Without one (no thread
 * to be had) pages are faulted in where they are first used, as with any memory. */
static void
popper_kick(void)
{
    if (popper == NULL) {
        struct popper *p = calloc(1, sizeof(*p));
        sigset_t all, old;
        int rc;

        if (p == NULL) {
            return;
        }
        sigfillset(&all); /* signals stay with the caller's threads */
        pthread_sigmask(SIG_SETMASK, &all, &old);
        rc = pthread_create(&p->t, NULL, popper_main, p);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        if (rc != 0) {
            free(p);
            return;
        }
        popper = p;
    }
    pthread_cond_broadcast(&work);
}

/* Unmaps r, which holds no buffer; returns the populator to join when that was the
 * last region (under mu). */
static struct popper *
drop(struct region *r)
{
    struct popper *stopped = NULL;

    region_drop(r);
    if (regions == NULL && popper != NULL) {
        /* nothing left: the thread ends (a library's caller keeps no idle thread
         * between releases) */
        stopped = popper;
        stopped->stop = 1;
        popper = NULL;
        pthread_cond_broadcast(&work);
    }
    return stopped;
}

static void
join(struct popper *p)
{
    if (p != NULL) {
        (void)pthread_join(p->t, NULL);
        free(p);
    }
}

uint64_t
odp_bigmem_reserve(size_t n)
{
    struct region *r;
    uint64_t id = 0;

    if (n == 0) {
        return 0;
    }
    /* at most a region's worth: many threads' worth of buffers are taken as chunks
     * come, and a small input never takes them all */
    n = round_up(n < ODP_BIGMEM_REGION ? n : ODP_BIGMEM_REGION, PAGE);
    pthread_mutex_lock(&mu);
    r = regions;
    /* beyond what is handed out and what earlier reservations still expect */
    if (r == NULL || r->size - (r->want > r->used ? r->want : r->used) < n) {
        r = region_new(ODP_BIGMEM_REGION);
    }
    if (r != NULL) {
        r->want = (r->want > r->used ? r->want : r->used) + n;
        r->holds++;
        id = r->id;
        popper_kick();
    }
    pthread_mutex_unlock(&mu);
    return id;
}

void
odp_bigmem_unreserve(uint64_t hold)
{
    struct region *r;
    struct popper *stopped = NULL;

    if (hold == 0) {
        return;
    }
    pthread_mutex_lock(&mu);
    for (r = regions; r != NULL && r->id != hold; r = r->next) {
    }
    /* a held region is never unmapped: not found is a token this module never gave */
    if (r != NULL && r->holds > 0 && --r->holds == 0) {
        r->want = 0; /* nothing more ahead of use */
        if (r->live == 0) {
            stopped = drop(r);
        }
    }
    pthread_mutex_unlock(&mu);
    join(stopped);
}

void
odp_bigmem_settle(void)
{
    struct region *r;
    int busy;

    pthread_mutex_lock(&mu);
    for (;;) {
        busy = popper != NULL && ahead() != NULL;
        for (r = regions; r != NULL; r = r->next) {
            busy |= r->busy > 0;
        }
        if (!busy) {
            break;
        }
        pthread_cond_wait(&done, &mu);
    }
    pthread_mutex_unlock(&mu);
}

void *
odp_bigmem_alloc(size_t n)
{
    struct region *r;
    size_t take, zero;
    char *p;

    if (n == 0 || n > SIZE_MAX / 2) {
        return NULL;
    }
    take = round_up(n, PAGE) + GUARD;
    pthread_mutex_lock(&mu);
    for (;;) {
        r = regions;
        if (r == NULL || r->size - r->used < take) {
            r = region_new(take > ODP_BIGMEM_REGION ? round_up(take, HUGE) : ODP_BIGMEM_REGION);
        }
        if (r == NULL) {
            pthread_mutex_unlock(&mu);
            return NULL;
        }
        if (!TOUCH_KEEPS && r->claim_hi > r->used && r->claim_lo < r->used + take) {
            pthread_cond_wait(&done, &mu); /* the populator is writing there */
            continue;
        }
        break;
    }
    p = r->base + r->used;
    zero = r->used < r->dirty ? r->dirty - r->used : 0;
    r->used += take;
    r->live++;
    pthread_mutex_unlock(&mu);
    memset(p, 0, zero < take ? zero : take); /* a previous pass's bytes */
    POISON(p + n, take - n); /* ASan: a byte past the buffer is an error */
    return p;
}

void
odp_bigmem_free(void *p, size_t n)
{
    struct region *r;
    struct popper *stopped = NULL;
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
        if (--r->live == 0 && r->holds > 0) {
            /* still reserved: the next pass (k-anonymity's second, say) takes the same
             * pages again, present already, and zeroed as they are handed out */
            if (r->used > r->dirty) {
                r->dirty = r->used;
            }
            r->used = 0;
        } else if (r->live == 0) {
            stopped = drop(r);
        }
    }
    pthread_mutex_unlock(&mu);
    join(stopped);
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
