/*
 * kanon.c - open-addressing table of QI-class digests and counts.
 *
 * Digest: first 16 bytes of SHA-256 over (u64 length || bytes) of each QI value, so
 * ("ab","c") and ("a","bc") never share a class. A 128-bit digest makes an accidental
 * merge of two classes (which could hide a small class) negligible. The SHA-256
 * context is set up once and copied per row.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "kanon.h"

struct slot {
    uint8_t d[16];
    uint64_t count; /* 0 = empty */
};

struct odp_kanon {
    struct slot *t;
    size_t cap;     /* power of two */
    size_t used;
    EVP_MD_CTX *base, *work;
};

struct odp_kanon *
odp_kanon_new(struct odp_err *err)
{
    struct odp_kanon *k = calloc(1, sizeof(*k));

    if (k == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    k->cap = 1024;
    k->t = calloc(k->cap, sizeof(*k->t));
    k->base = EVP_MD_CTX_new();
    k->work = EVP_MD_CTX_new();
    if (k->t == NULL || k->base == NULL || k->work == NULL ||
        EVP_DigestInit_ex(k->base, EVP_sha256(), NULL) != 1) {
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
    free(k->t);
    EVP_MD_CTX_free(k->base);
    EVP_MD_CTX_free(k->work);
    free(k);
}

static int
digest(struct odp_kanon *k, const struct odp_field *f, const size_t *qi, size_t nqi,
       uint8_t out[16])
{
    uint8_t full[32];
    unsigned int len = 0;
    size_t i;

    if (EVP_MD_CTX_copy_ex(k->work, k->base) != 1) {
        return -1;
    }
    for (i = 0; i < nqi; i++) {
        uint64_t n = f[qi[i]].len;
        uint8_t le[8];
        int b;

        for (b = 0; b < 8; b++) {
            le[b] = (uint8_t)(n >> (8 * b));
        }
        EVP_DigestUpdate(k->work, le, 8);
        EVP_DigestUpdate(k->work, f[qi[i]].p, f[qi[i]].len);
    }
    if (EVP_DigestFinal_ex(k->work, full, &len) != 1) {
        return -1;
    }
    memcpy(out, full, 16);
    return 0;
}

static size_t
find(const struct slot *t, size_t cap, const uint8_t d[16])
{
    uint64_t h;
    size_t i;

    memcpy(&h, d, 8);
    i = (size_t)h & (cap - 1);
    while (t[i].count != 0 && memcmp(t[i].d, d, 16) != 0) {
        i = (i + 1) & (cap - 1);
    }
    return i;
}

static int
grow(struct odp_kanon *k, struct odp_err *err)
{
    size_t ncap = k->cap * 2, i;
    struct slot *nt = calloc(ncap, sizeof(*nt));

    if (nt == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory counting quasi-identifier classes");
    }
    for (i = 0; i < k->cap; i++) {
        if (k->t[i].count != 0) {
            nt[find(nt, ncap, k->t[i].d)] = k->t[i];
        }
    }
    free(k->t);
    k->t = nt;
    k->cap = ncap;
    return ODP_OK;
}

int
odp_kanon_add(struct odp_kanon *k, const struct odp_field *f, const size_t *qi, size_t nqi,
              struct odp_err *err)
{
    uint8_t d[16];
    size_t i;

    if (digest(k, f, qi, nqi, d) != 0) {
        return odp_errf(err, ODP_EINTERNAL, NULL, "SHA-256 failed");
    }
    i = find(k->t, k->cap, d);
    if (k->t[i].count == 0) {
        if (k->used + 1 > ODP_KANON_MAX_CLASSES) {
            return odp_errf(err, ODP_ELIMIT, NULL,
                            "more than %u quasi-identifier classes; generalize further",
                            ODP_KANON_MAX_CLASSES);
        }
        if ((k->used + 1) * 10 > k->cap * 7) {
            int rc = grow(k, err);

            if (rc < 0) {
                return rc;
            }
            i = find(k->t, k->cap, d);
        }
        memcpy(k->t[i].d, d, 16);
        k->used++;
    }
    k->t[i].count++;
    return ODP_OK;
}

uint64_t
odp_kanon_count(struct odp_kanon *k, const struct odp_field *f, const size_t *qi, size_t nqi)
{
    uint8_t d[16];

    if (digest(k, f, qi, nqi, d) != 0) {
        return 0;
    }
    return k->t[find(k->t, k->cap, d)].count;
}

void
odp_kanon_stats(const struct odp_kanon *k, uint64_t kmin, struct odp_kanon_stats *st)
{
    size_t i;

    memset(st, 0, sizeof(*st));
    for (i = 0; i < k->cap; i++) {
        uint64_t c = k->t[i].count;

        if (c == 0) {
            continue;
        }
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
