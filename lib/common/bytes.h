/*
 * bytes.h - fixed-width little-endian integers in byte strings (minisign key fields,
 * BLAKE2b words, zip headers).
 */
#ifndef ODP_BYTES_H
#define ODP_BYTES_H

#include <stdint.h>

static inline uint64_t
odp_le64_get(const uint8_t *p)
{
    uint64_t v = 0;
    int i;

    for (i = 7; i >= 0; i--) {
        v = (v << 8) | p[i];
    }
    return v;
}

static inline void
odp_le64_put(uint8_t *p, uint64_t v)
{
    int i;

    for (i = 0; i < 8; i++) {
        p[i] = (uint8_t)(v >> (8 * i));
    }
}

#endif
