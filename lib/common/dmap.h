/*
 * dmap.h - an open-addressing map from 16-byte digests to fixed-size values, and the
 * tuple digest that keys it (the first 16 bytes of SHA-256 over each value as a 64-bit
 * little-endian length then its bytes, so ("ab","c") and ("a","bc") differ).
 *
 * One home for the class and group tables of k-anonymity (kanon.c: a count per class)
 * and small cells (smallcells.c: a summary per group); both keep digests, never values,
 * so memory grows with classes, not rows. A 128-bit digest makes an accidental merge of
 * two keys negligible. Values start zeroed. Lookups (odp_dmap_get) do not change the
 * map, so several threads may read one map that nobody writes.
 */
#ifndef ODP_COMMON_DMAP_H
#define ODP_COMMON_DMAP_H

#include <stddef.h>
#include <stdint.h>

#include "odp/err.h"

struct odp_dmap {
    uint8_t *keys;       /* cap * 16 */
    uint8_t *used;       /* cap: 1 = slot holds a key */
    unsigned char *vals; /* cap * vsize, zeroed when free */
    size_t cap;          /* power of two */
    size_t n;            /* keys held */
    size_t vsize;        /* bytes per value */
    size_t max;          /* most keys accepted (ODP_ELIMIT past it) */
};

/* An empty map of values of `vsize` bytes; `cap0` a power of two. ODP_OK or ODP_ENOMEM. */
int odp_dmap_init(struct odp_dmap *m, size_t vsize, size_t cap0, size_t max);
void odp_dmap_free(struct odp_dmap *m);

/*
 * The value of key d, inserting a zeroed one when absent. Returns ODP_OK, ODP_ELIMIT
 * (a new key past `max`) or ODP_ENOMEM; no message is filled (callers say what the keys
 * are). The pointer is valid until the next insertion.
 */
int odp_dmap_upsert(struct odp_dmap *m, const uint8_t d[16], void **val);

/* The value of key d, or NULL. Does not change the map. */
void *odp_dmap_get(const struct odp_dmap *m, const uint8_t d[16]);

/* Slot i's value when it holds a key (iterate i over [0, cap)), else NULL. */
void *odp_dmap_at(const struct odp_dmap *m, size_t i, const uint8_t **key);

/* The tuple digest: a base SHA-256 state set up once and copied per tuple. */
struct odp_tdigest {
    void *base; /* EVP_MD_CTX * */
    void *work; /* EVP_MD_CTX * */
};

int odp_tdigest_init(struct odp_tdigest *t); /* ODP_OK or ODP_ENOMEM */
void odp_tdigest_free(struct odp_tdigest *t);
int odp_tdigest_begin(struct odp_tdigest *t); /* ODP_OK or ODP_EINTERNAL */
int odp_tdigest_add(struct odp_tdigest *t, const void *p, size_t len);
int odp_tdigest_end(struct odp_tdigest *t, uint8_t out[16]);

#endif
