/*
 * kanon.c - QI-class digests and counts, in the common digest map (common/dmap.h).
 *
 * Digest: first 16 bytes of SHA-256 over (u64 length || bytes) of each QI value, so
 * ("ab","c") and ("a","bc") never share a class. A 128-bit digest makes an accidental
 * merge of two classes (which could hide a small class) negligible. The SHA-256
 * context is set up once and copied per row. Counters merge by adding counts.
 */
#include <stdlib.h>
#include <string.h>

#include "dmap.h"
#include "kanon.h"

struct odp_kanon {
    struct odp_dmap map;          /* digest -> uint64_t count */
    struct odp_tdigest td;
    const struct odp_kanon *shared; /* odp_kanon_count looks up here when set */
};

struct odp_kanon *
odp_kanon_new(struct odp_err *err)
{
    struct odp_kanon *k = calloc(1, sizeof(*k));

    if (k == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    if (odp_dmap_init(&k->map, sizeof(uint64_t), 1024, ODP_KANON_MAX_CLASSES) != ODP_OK ||
        odp_tdigest_init(&k->td) != ODP_OK) {
        odp_kanon_free(k);
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    return k;
}

void
odp_kanon_free(struct odp_kanon *k)
{
    if (k == NULL) {
        return;
    }
    odp_dmap_free(&k->map);
    odp_tdigest_free(&k->td);
    free(k);
}

static int
digest(struct odp_kanon *k, const struct odp_field *f, const size_t *qi, size_t nqi,
       uint8_t out[16])
{
    size_t i;
    int rc = odp_tdigest_begin(&k->td);

    for (i = 0; rc == ODP_OK && i < nqi; i++) {
        rc = odp_tdigest_add(&k->td, f[qi[i]].p, f[qi[i]].len);
    }
    return rc == ODP_OK ? odp_tdigest_end(&k->td, out) : rc;
}

static int
add_count(struct odp_kanon *k, const uint8_t d[16], uint64_t n, struct odp_err *err)
{
    void *v;
    uint64_t c;
    int rc = odp_dmap_upsert(&k->map, d, &v);

    if (rc == ODP_ELIMIT) {
        return odp_errf(err, ODP_ELIMIT, NULL,
                        "more than %u quasi-identifier classes; generalize further",
                        ODP_KANON_MAX_CLASSES);
    }
    if (rc < 0) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory counting quasi-identifier classes");
    }
    memcpy(&c, v, sizeof(c));
    c += n;
    memcpy(v, &c, sizeof(c));
    return ODP_OK;
}

int
odp_kanon_add(struct odp_kanon *k, const struct odp_field *f, const size_t *qi, size_t nqi,
              struct odp_err *err)
{
    uint8_t d[16];

    if (digest(k, f, qi, nqi, d) != ODP_OK) {
        return odp_errf(err, ODP_EINTERNAL, NULL, "SHA-256 failed");
    }
    return add_count(k, d, 1, err);
}

uint64_t
odp_kanon_count(struct odp_kanon *k, const struct odp_field *f, const size_t *qi,
                size_t nqi)
{
    uint8_t d[16];
    const void *v;
    uint64_t c = 0;

    if (digest(k, f, qi, nqi, d) != ODP_OK) {
        return 0;
    }
    v = odp_dmap_get(k->shared != NULL ? &k->shared->map : &k->map, d);
    if (v != NULL) {
        memcpy(&c, v, sizeof(c));
    }
    return c;
}

int
odp_kanon_merge(struct odp_kanon *dst, const struct odp_kanon *src, struct odp_err *err)
{
    const uint8_t *key;
    const void *v;
    uint64_t c;
    size_t i;
    int rc;

    for (i = 0; i < src->map.cap; i++) {
        v = odp_dmap_at(&src->map, i, &key);
        if (v == NULL) {
            continue;
        }
        memcpy(&c, v, sizeof(c));
        rc = add_count(dst, key, c, err);
        if (rc < 0) {
            return rc;
        }
    }
    return ODP_OK;
}

void
odp_kanon_share(struct odp_kanon *k, const struct odp_kanon *shared)
{
    k->shared = shared;
}

size_t
odp_kanon_classes(const struct odp_kanon *k)
{
    return k->map.n;
}

/* 16-byte digest then the count, 8 bytes little-endian, per class in table order. */
int
odp_kanon_export(const struct odp_kanon *k, uint8_t *out, size_t n)
{
    const uint8_t *key;
    const void *v;
    uint64_t c;
    size_t i, at = 0;
    int b;

    if (n != k->map.n * 24) {
        return ODP_EINVAL;
    }
    for (i = 0; i < k->map.cap; i++) {
        v = odp_dmap_at(&k->map, i, &key);
        if (v == NULL) {
            continue;
        }
        memcpy(&c, v, sizeof(c));
        memcpy(out + at, key, 16);
        for (b = 0; b < 8; b++) {
            out[at + 16 + b] = (uint8_t)(c >> (8 * b));
        }
        at += 24;
    }
    return ODP_OK;
}

int
odp_kanon_import(struct odp_kanon *k, const uint8_t *in, size_t n, struct odp_err *err)
{
    size_t at;
    uint64_t c;
    int b, rc;

    if (n % 24 != 0) {
        return odp_errf(err, ODP_ESYNTAX, NULL, "k-anonymity partial state: bad length");
    }
    for (at = 0; at < n; at += 24) {
        for (c = 0, b = 7; b >= 0; b--) {
            c = (c << 8) | in[at + 16 + (size_t)b];
        }
        rc = add_count(k, in + at, c, err);
        if (rc < 0) {
            return rc;
        }
    }
    return ODP_OK;
}

void
odp_kanon_stats(const struct odp_kanon *k, uint64_t kmin, struct odp_kanon_stats *st)
{
    const void *v;
    uint64_t c;
    size_t i;

    memset(st, 0, sizeof(*st));
    for (i = 0; i < k->map.cap; i++) {
        v = odp_dmap_at(&k->map, i, NULL);
        if (v == NULL) {
            continue;
        }
        memcpy(&c, v, sizeof(c));
        st->classes++;
        st->rows += c;
        if (st->smallest == 0 || c < st->smallest) {
            st->smallest = c;
        }
        if (c >= kmin && (st->smallest_kept == 0 || c < st->smallest_kept)) {
            st->smallest_kept = c;
        }
        if (c < kmin) {
            st->classes_below_k++;
            st->rows_below_k += c;
        }
        if (c == 1) {
            st->unique_rows++;
        }
    }
    st->max_risk = st->smallest ? 1.0 / (double)st->smallest : 0.0;
    st->avg_risk = st->rows ? (double)st->classes / (double)st->rows : 0.0;
}
