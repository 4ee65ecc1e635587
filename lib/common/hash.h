/*
 * hash.h - FNV-1a, the one non-cryptographic hash of the in-memory tables (distinct
 * values in the classifier, interned strings of the risk models, diff's counts,
 * portal fieldNames). Each table adds its own finaliser; none of these hashes leaves
 * the process (digests and pseudonyms are SHA-256 and HMAC).
 */
#ifndef ODP_HASH_H
#define ODP_HASH_H

#include <stddef.h>
#include <stdint.h>

#define ODP_FNV_BASIS 1469598103934665603ull

/* FNV-1a over p[0..n), from h (ODP_FNV_BASIS, or a seeded basis). */
static inline uint64_t
odp_fnv1a(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    size_t i;

    for (i = 0; i < n; i++) {
        h ^= b[i];
        h *= 1099511628211ull;
    }
    return h;
}

#endif
