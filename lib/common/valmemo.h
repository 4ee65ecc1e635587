/*
 * valmemo.h - a bounded memo of small results by (tag, value bytes), for scans that meet
 * the same value many times (a 311 export's resolution texts are a few templates).
 *
 * Direct-mapped, fixed size (about 2 MB): a new value replaces the one in its slot. A hit
 * compares the whole value, so a result is never another value's. Values longer than
 * ODP_VALMEMO_MAXLEN are not kept. Not thread-safe: one memo per thread.
 */
#ifndef ODP_COMMON_VALMEMO_H
#define ODP_COMMON_VALMEMO_H

#include <stddef.h>
#include <stdint.h>

#define ODP_VALMEMO_MAXLEN 512

struct odp_valmemo;

/* NULL when out of memory (callers then compute every value). */
struct odp_valmemo *odp_valmemo_new(void);
void odp_valmemo_free(struct odp_valmemo *m);

/* 1 and *out when (tag, v[0..n)) is in the memo, else 0. */
int odp_valmemo_get(const struct odp_valmemo *m, uint32_t tag, const char *v, size_t n,
                    uint32_t *out);
/* Keeps (tag, v[0..n)) -> val (nothing when n > ODP_VALMEMO_MAXLEN). */
void odp_valmemo_put(struct odp_valmemo *m, uint32_t tag, const char *v, size_t n, uint32_t val);

#endif
