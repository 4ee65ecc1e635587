/*
 * classify_tab.c - the classifier's count of distinct values per column (classify.c): an
 * open-addressing table of 64-bit hashes and their counts, capped at CLS_HASH_MAX slots
 * (then `full`: the counts stop, the column's distinct figures are lower bounds).
 */
#include <stdint.h>
#include <stdlib.h>

#include "classify_int.h"
#include "hash.h"

static uint64_t
fnv1a(const char *p, size_t n)
{
    uint64_t h = odp_fnv1a(ODP_FNV_BASIS, p, n);

    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h == 0 ? 1 : h;
}

int
odp_cls_tab_add(struct col *c, const char *p, size_t n, struct odp_err *err)
{
    uint64_t h = fnv1a(p, n);
    size_t i, mask;

    if (c->used * 2 >= c->cap) {
        struct slot *nt, *old = c->tab;
        size_t ncap = c->cap == 0 ? 64 : c->cap * 2, oc = c->cap;

        if (ncap > CLS_HASH_MAX) {
            c->full = 1;
            return ODP_OK;
        }
        nt = calloc(ncap, sizeof(*nt));
        if (nt == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory counting distinct values");
        }
        for (i = 0; i < oc; i++) {
            if (old[i].h != 0) {
                size_t j = old[i].h & (ncap - 1);

                while (nt[j].h != 0) {
                    j = (j + 1) & (ncap - 1);
                }
                nt[j] = old[i];
            }
        }
        free(old);
        c->tab = nt;
        c->cap = ncap;
    }
    mask = c->cap - 1;
    for (i = h & mask; c->tab[i].h != 0; i = (i + 1) & mask) {
        if (c->tab[i].h == h) {
            c->tab[i].count++;
            return ODP_OK;
        }
    }
    c->tab[i].h = h;
    c->tab[i].count = 1;
    c->used++;
    return ODP_OK;
}

uint64_t
odp_cls_tab_singles(const struct col *c)
{
    uint64_t s = 0;
    size_t i;

    for (i = 0; i < c->cap; i++) {
        s += c->tab[i].h != 0 && c->tab[i].count == 1;
    }
    return s;
}
