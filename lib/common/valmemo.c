/*
 * valmemo.c - a bounded memo of small results by value (valmemo.h).
 */
#include <stdlib.h>
#include <string.h>

#include "valmemo.h"

#define SLOTS 4096u

struct slot {
    uint64_t h;
    uint32_t tag;
    uint32_t len; /* 0: empty (an empty value is never kept) */
    uint32_t val;
    char v[ODP_VALMEMO_MAXLEN];
};

struct odp_valmemo {
    struct slot s[SLOTS];
};

static uint64_t
hash(uint32_t tag, const char *v, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15ull ^ ((uint64_t)tag << 32) ^ n, w;
    size_t i = 0;

    for (; i + 8 <= n; i += 8) {
        memcpy(&w, v + i, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
    }
    if (i < n) {
        w = 0;
        memcpy(&w, v + i, n - i);
        h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
    }
    h ^= h >> 29;
    return h;
}

struct odp_valmemo *
odp_valmemo_new(void)
{
    return calloc(1, sizeof(struct odp_valmemo));
}

void
odp_valmemo_free(struct odp_valmemo *m)
{
    free(m);
}

int
odp_valmemo_get(const struct odp_valmemo *m, uint32_t tag, const char *v, size_t n, uint32_t *out)
{
    uint64_t h;
    const struct slot *s;

    if (m == NULL || n == 0 || n > ODP_VALMEMO_MAXLEN) {
        return 0;
    }
    h = hash(tag, v, n);
    s = &m->s[h % SLOTS];
    if (s->len != n || s->h != h || s->tag != tag || memcmp(s->v, v, n) != 0) {
        return 0;
    }
    *out = s->val;
    return 1;
}

void
odp_valmemo_put(struct odp_valmemo *m, uint32_t tag, const char *v, size_t n, uint32_t val)
{
    uint64_t h;
    struct slot *s;

    if (m == NULL || n == 0 || n > ODP_VALMEMO_MAXLEN) {
        return;
    }
    h = hash(tag, v, n);
    s = &m->s[h % SLOTS];
    s->h = h;
    s->tag = tag;
    s->len = (uint32_t)n;
    s->val = val;
    memcpy(s->v, v, n);
}
