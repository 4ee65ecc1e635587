/*
 * aggregate_arena.c - where an indicator table keeps its group states (aggregate_int.h).
 *
 * Folding a row reads its group's block, a histogram slot and a distinct-set slot or
 * HyperLogLog register, each in a different allocation among thousands of groups: with
 * 4 KB pages nearly every one is a TLB miss (a page walk the prefetches of odp_agg_add
 * do not hide; docs/PERFORMANCE.md). So the states come from chunks of 2 MB pages
 * (MADV_HUGEPAGE, where the kernel allows it), in power-of-two size classes with a free
 * list per class: a histogram or set that grows gives its old block back, so memory
 * stays bounded by the groups' states as with malloc.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "aggregate_int.h"

#define HUGE_PAGE ((size_t)2 << 20)
#define CHUNK ((size_t)4 << 20)
#define MIN_SHIFT 6 /* 64-byte blocks at least: one cache line */

struct chunk {
    struct chunk *next;
    void *map; /* the mapping (CHUNK + HUGE_PAGE, for the alignment) */
};

struct fblock {
    struct fblock *next;
};

static unsigned
class_of(size_t n)
{
    unsigned c = 0;

    while (((size_t)1 << (c + MIN_SHIFT)) < n) {
        c++;
    }
    return c;
}

void *
odp_agg_alloc(struct odp_agg_arena *ar, size_t n)
{
    unsigned c = class_of(n);
    size_t sz = (size_t)1 << (c + MIN_SHIFT);
    struct chunk *ch;
    char *base;
    void *p;

    if (c >= ODP_AGG_ARENA_CLASSES) {
        return calloc(1, n); /* larger than any state of a bounded group */
    }
    if (ar->free[c] != NULL) {
        struct fblock *b = ar->free[c];

        ar->free[c] = b->next;
        memset(b, 0, sz);
        return b;
    }
    if (ar->left < sz) {
        void *map = mmap(NULL, CHUNK + HUGE_PAGE, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

        if (map == MAP_FAILED) {
            return NULL;
        }
        base = (char *)(((uintptr_t)map + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
        (void)madvise(base, CHUNK, MADV_HUGEPAGE); /* a hint: 4 KB pages work too */
        ch = (struct chunk *)(void *)base;
        ch->map = map;
        ch->next = ar->chunks;
        ar->chunks = ch;
        ar->cur = base + 64;
        ar->left = CHUNK - 64;
    }
    /* every block is a multiple of 64 bytes: each starts on a cache line */
    p = ar->cur;
    ar->cur += sz;
    ar->left -= sz;
    return p; /* fresh anonymous memory is zero */
}

void
odp_agg_release(struct odp_agg_arena *ar, void *p, size_t n)
{
    unsigned c;
    struct fblock *b = p;

    if (p == NULL) {
        return;
    }
    c = class_of(n);
    if (c >= ODP_AGG_ARENA_CLASSES) {
        free(p);
        return;
    }
    b->next = ar->free[c];
    ar->free[c] = b;
}

void
odp_agg_arena_destroy(struct odp_agg_arena *ar)
{
    struct chunk *ch, *next;

    if (ar == NULL) {
        return;
    }
    for (ch = ar->chunks; ch != NULL; ch = next) {
        next = ch->next;
        munmap(ch->map, CHUNK + HUGE_PAGE);
    }
    free(ar);
}
