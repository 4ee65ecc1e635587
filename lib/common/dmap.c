/*
 * dmap.c - the digest-keyed open-addressing map and the tuple digest (dmap.h).
 *
 * Linear probing from the digest's first 8 bytes (already uniform), load at most 0.7,
 * doubling. Keys, the used marks and the values live in three arrays so a probe touches
 * only the keys.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "dmap.h"

static int
alloc_arrays(struct odp_dmap *m, size_t cap)
{
    m->keys = calloc(cap, 16);
    m->used = calloc(cap, 1);
    m->vals = calloc(cap, m->vsize > 0 ? m->vsize : 1);
    m->cap = cap;
    return m->keys != NULL && m->used != NULL && m->vals != NULL ? ODP_OK : ODP_ENOMEM;
}

int
odp_dmap_init(struct odp_dmap *m, size_t vsize, size_t cap0, size_t max)
{
    memset(m, 0, sizeof(*m));
    m->vsize = vsize;
    m->max = max;
    if (alloc_arrays(m, cap0 < 16 ? 16 : cap0) != ODP_OK) {
        odp_dmap_free(m);
        return ODP_ENOMEM;
    }
    return ODP_OK;
}

void
odp_dmap_free(struct odp_dmap *m)
{
    free(m->keys);
    free(m->used);
    free(m->vals);
    m->keys = NULL;
    m->used = NULL;
    m->vals = NULL;
    m->cap = 0;
    m->n = 0;
}

/* Slot of d: where it is, or the empty slot where it would go. */
static size_t
find(const uint8_t *keys, const uint8_t *used, size_t cap, const uint8_t d[16])
{
    uint64_t h;
    size_t i;

    memcpy(&h, d, 8);
    i = (size_t)h & (cap - 1);
    while (used[i] && memcmp(keys + 16 * i, d, 16) != 0) {
        i = (i + 1) & (cap - 1);
    }
    return i;
}

static int
grow(struct odp_dmap *m)
{
    struct odp_dmap old = *m;
    size_t i, j;

    if (alloc_arrays(m, old.cap * 2) != ODP_OK) {
        free(m->keys);
        free(m->used);
        free(m->vals);
        *m = old;
        return ODP_ENOMEM;
    }
    for (i = 0; i < old.cap; i++) {
        if (!old.used[i]) {
            continue;
        }
        j = find(m->keys, m->used, m->cap, old.keys + 16 * i);
        m->used[j] = 1;
        memcpy(m->keys + 16 * j, old.keys + 16 * i, 16);
        memcpy(m->vals + m->vsize * j, old.vals + old.vsize * i, m->vsize);
    }
    free(old.keys);
    free(old.used);
    free(old.vals);
    return ODP_OK;
}

int
odp_dmap_upsert(struct odp_dmap *m, const uint8_t d[16], void **val)
{
    size_t i = find(m->keys, m->used, m->cap, d);

    if (!m->used[i]) {
        if (m->n + 1 > m->max) {
            return ODP_ELIMIT;
        }
        if ((m->n + 1) * 10 > m->cap * 7) {
            if (grow(m) != ODP_OK) {
                return ODP_ENOMEM;
            }
            i = find(m->keys, m->used, m->cap, d);
        }
        m->used[i] = 1;
        memcpy(m->keys + 16 * i, d, 16);
        m->n++;
    }
    *val = m->vals + m->vsize * i;
    return ODP_OK;
}

void *
odp_dmap_get(const struct odp_dmap *m, const uint8_t d[16])
{
    size_t i = find(m->keys, m->used, m->cap, d);

    return m->used[i] ? m->vals + m->vsize * i : NULL;
}

void *
odp_dmap_at(const struct odp_dmap *m, size_t i, const uint8_t **key)
{
    if (i >= m->cap || !m->used[i]) {
        return NULL;
    }
    if (key != NULL) {
        *key = m->keys + 16 * i;
    }
    return m->vals + m->vsize * i;
}

int
odp_tdigest_init(struct odp_tdigest *t)
{
    t->base = EVP_MD_CTX_new();
    t->work = EVP_MD_CTX_new();
    if (t->base == NULL || t->work == NULL || EVP_DigestInit_ex(t->base, EVP_sha256(), NULL) != 1) {
        odp_tdigest_free(t);
        return ODP_ENOMEM;
    }
    return ODP_OK;
}

void
odp_tdigest_free(struct odp_tdigest *t)
{
    EVP_MD_CTX_free(t->base);
    EVP_MD_CTX_free(t->work);
    t->base = NULL;
    t->work = NULL;
}

int
odp_tdigest_begin(struct odp_tdigest *t)
{
    return EVP_MD_CTX_copy_ex(t->work, t->base) == 1 ? ODP_OK : ODP_EINTERNAL;
}

int
odp_tdigest_add(struct odp_tdigest *t, const void *p, size_t len)
{
    uint8_t le[8];
    uint64_t n = len;
    int b;

    for (b = 0; b < 8; b++) {
        le[b] = (uint8_t)(n >> (8 * b));
    }
    return EVP_DigestUpdate(t->work, le, 8) == 1 && EVP_DigestUpdate(t->work, p, len) == 1
               ? ODP_OK
               : ODP_EINTERNAL;
}

int
odp_tdigest_end(struct odp_tdigest *t, uint8_t out[16])
{
    uint8_t full[32];
    unsigned int len = 0;

    if (EVP_DigestFinal_ex(t->work, full, &len) != 1) {
        return ODP_EINTERNAL;
    }
    memcpy(out, full, 16);
    return ODP_OK;
}
