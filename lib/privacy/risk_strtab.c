/*
 * risk_strtab.c - interned strings for the risk job (risk_strtab.h): open addressing on
 * an FNV-1a hash, capped in strings per table and bytes per job.
 */
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "risk_strtab.h"

/* Caps: strings interned per table, bytes of interned text per job. */
#define RJ_MAX_STRINGS ((size_t)16 << 20)
#define RJ_MAX_TEXT ((size_t)1 << 30)

/* ------------------------------------------------------------------ interning */

static uint64_t
fnv(const char *p, size_t n)
{
    uint64_t h = odp_fnv1a(ODP_FNV_BASIS, p, n);

    return h ^ (h >> 29);
}

void
odp_st_release(struct strtab *t)
{
    free(t->text);
    free(t->off);
    free(t->len);
    free(t->hash);
    free(t->slots);
    memset(t, 0, sizeof(*t));
}

static size_t
st_slot(const struct strtab *t, const char *p, size_t n, uint64_t h)
{
    size_t mask = t->nslots - 1, s = (size_t)h & mask;

    while (t->slots[s] != 0) {
        size_t e = t->slots[s] - 1;

        if (t->hash[e] == h && t->len[e] == n && memcmp(t->text + t->off[e], p, n) == 0) {
            return s;
        }
        s = (s + 1) & mask;
    }
    return s;
}

/* Id of p[0..n), or -1. */
int64_t
odp_st_find(const struct strtab *t, const char *p, size_t n)
{
    size_t s;

    if (t->nslots == 0) {
        return -1;
    }
    s = st_slot(t, p, n, fnv(p, n));
    return t->slots[s] == 0 ? -1 : (int64_t)(t->slots[s] - 1);
}

static int
st_rehash(struct strtab *t, size_t nslots)
{
    uint32_t *s = calloc(nslots, sizeof(*s));
    size_t e, i;

    if (s == NULL) {
        return ODP_ENOMEM;
    }
    for (e = 0; e < t->n; e++) {
        i = (size_t)t->hash[e] & (nslots - 1);
        while (s[i] != 0) {
            i = (i + 1) & (nslots - 1);
        }
        s[i] = (uint32_t)(e + 1);
    }
    free(t->slots);
    t->slots = s;
    t->nslots = nslots;
    return ODP_OK;
}

int
odp_st_intern(struct strtab *t, const char *p, size_t n, uint32_t *id, int *inserted,
              size_t *text_total, struct odp_err *err)
{
    uint64_t h = fnv(p, n);
    size_t s;

    *inserted = 0;
    if (t->nslots == 0 && st_rehash(t, 64) < 0) {
        return odp_errf(err, ODP_ENOMEM, NULL, "risk models: out of memory");
    }
    s = st_slot(t, p, n, h);
    if (t->slots[s] != 0) {
        *id = t->slots[s] - 1;
        return ODP_OK;
    }
    if (t->n >= RJ_MAX_STRINGS || *text_total + n > RJ_MAX_TEXT) {
        return odp_errf(err, ODP_ELIMIT, NULL,
                        "risk models: more than %zu distinct values in one column (or %zu "
                        "bytes of them); choose coarser quasi-identifiers",
                        RJ_MAX_STRINGS, RJ_MAX_TEXT);
    }
    if (t->n == t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 64;
        size_t *o = realloc(t->off, nc * sizeof(*o));
        uint32_t *l = o ? realloc(t->len, nc * sizeof(*l)) : NULL;
        uint64_t *hh = l ? realloc(t->hash, nc * sizeof(*hh)) : NULL;

        if (o != NULL) {
            t->off = o;
        }
        if (l != NULL) {
            t->len = l;
        }
        if (hh == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "risk models: out of memory");
        }
        t->hash = hh;
        t->cap = nc;
    }
    if (t->tlen + n + 1 > t->tcap) {
        size_t nc = t->tcap ? t->tcap : 256;
        char *x;

        while (nc < t->tlen + n + 1) {
            nc *= 2;
        }
        x = realloc(t->text, nc);
        if (x == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "risk models: out of memory");
        }
        t->text = x;
        t->tcap = nc;
    }
    memcpy(t->text + t->tlen, p, n);
    t->off[t->n] = t->tlen;
    t->len[t->n] = (uint32_t)n;
    t->hash[t->n] = h;
    t->tlen += n;
    *text_total += n;
    t->slots[s] = (uint32_t)(t->n + 1);
    *id = (uint32_t)t->n;
    t->n++;
    *inserted = 1;
    if (t->n * 2 > t->nslots && st_rehash(t, t->nslots * 2) < 0) {
        return odp_errf(err, ODP_ENOMEM, NULL, "risk models: out of memory");
    }
    return ODP_OK;
}
