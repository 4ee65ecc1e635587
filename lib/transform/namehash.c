/*
 * namehash.c - hashed lookups in the compiled name and word tables (names.h,
 * textscan.h tx_english_level) for the free-text detectors, which look up every
 * capitalised token of every value: one hash probe instead of a 17-step binary search
 * with strcmp. The index (slot -> entry + 1) is built once per process on first use,
 * under a mutex; until it exists, or if it cannot be allocated, the binary searches of
 * names.c and textscan.c answer (same results).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "textscan.h"

extern const uint32_t odp_names_n;
extern const char odp_names_blob[];
extern const uint32_t odp_names_off[];
extern const uint32_t odp_names_given[];
extern const uint32_t odp_names_srank[];
extern const uint8_t odp_names_flags[];
extern const uint8_t odp_names_wlevel[];
extern const uint32_t odp_words_n;
extern const char odp_words_blob[];
extern const uint32_t odp_words_off[];
extern const uint8_t odp_words_level[];

#define KEY_MAX 32

struct hindex {
    uint32_t *slot; /* entry + 1; 0 = empty */
    uint32_t mask;
};

static struct hindex names_ix, words_ix;
static int ix_state; /* 0 not built, 1 built, 2 failed */
static pthread_mutex_t ix_mu = PTHREAD_MUTEX_INITIALIZER;

static uint32_t
key_hash(const char *k, size_t l)
{
    uint32_t h = 2166136261u;
    size_t i;

    for (i = 0; i < l; i++) {
        h = (h ^ (unsigned char)k[i]) * 16777619u;
    }
    return h ^ (h >> 15);
}

static int
index_build(struct hindex *ix, const char *blob, const uint32_t *off, uint32_t n)
{
    uint32_t cap = 1, i;

    while (cap < 2u * n) {
        cap <<= 1;
    }
    ix->slot = calloc(cap, sizeof(*ix->slot));
    if (ix->slot == NULL) {
        return -1;
    }
    ix->mask = cap - 1u;
    for (i = 0; i < n; i++) {
        const char *k = blob + off[i];
        uint32_t h = key_hash(k, strlen(k)) & ix->mask;

        while (ix->slot[h] != 0) {
            h = (h + 1) & ix->mask;
        }
        ix->slot[h] = i + 1;
    }
    return 0;
}

static int
ensure_index(void)
{
    int st = __atomic_load_n(&ix_state, __ATOMIC_ACQUIRE);

    if (st != 0) {
        return st == 1;
    }
    pthread_mutex_lock(&ix_mu);
    if (__atomic_load_n(&ix_state, __ATOMIC_ACQUIRE) == 0) {
        int ok = index_build(&names_ix, odp_names_blob, odp_names_off, odp_names_n) == 0 &&
                 index_build(&words_ix, odp_words_blob, odp_words_off, odp_words_n) == 0;

        __atomic_store_n(&ix_state, ok ? 1 : 2, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&ix_mu);
    return __atomic_load_n(&ix_state, __ATOMIC_ACQUIRE) == 1;
}

/* Entry of key k[0..l) in the index, or -1. */
static long
probe(const struct hindex *ix, const char *blob, const uint32_t *off, const char *k, size_t l)
{
    uint32_t h = key_hash(k, l) & ix->mask;

    while (ix->slot[h] != 0) {
        uint32_t x = ix->slot[h] - 1u;
        const char *e = blob + off[x];

        /* strncmp, not memcmp: an entry shorter than the key ends at its NUL, and the
         * blob's last entry has no bytes after that to read (the key has no NUL) */
        if (strncmp(e, k, l) == 0 && e[l] == '\0') {
            return (long)x;
        }
        h = (h + 1) & ix->mask;
    }
    return -1;
}

int
tx_name_lookup(const char *tok, size_t n, struct odp_name_info *out)
{
    char key[KEY_MAX];
    size_t k = 0, i;
    long x;

    if (!ensure_index()) {
        return odp_name_lookup(tok, n, out);
    }
    memset(out, 0, sizeof(*out));
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)tok[i];

        if (c == '\'') {
            continue;
        }
        if (c >= 'a' && c <= 'z') {
            c = (unsigned char)(c - 'a' + 'A');
        } else if (c < 'A' || c > 'Z') {
            return 0;
        }
        if (k == KEY_MAX - 1) {
            return 0;
        }
        key[k++] = (char)c;
    }
    if (k == 0) {
        return 0;
    }
    x = probe(&names_ix, odp_names_blob, odp_names_off, key, k);
    if (x < 0) {
        return 0;
    }
    out->given_count = odp_names_given[x];
    out->surname_rank = odp_names_srank[x];
    out->flags = odp_names_flags[x];
    out->word_level = odp_names_wlevel[x];
    return 1;
}

int
tx_english_level_hashed(const char *s, size_t n, unsigned *level)
{
    char key[25];
    size_t i;
    long x;

    if (!ensure_index()) {
        return 0;
    }
    *level = 0;
    if (n < 2 || n > 24) {
        return 1;
    }
    for (i = 0; i < n; i++) {
        int c = (unsigned char)s[i];

        if (c >= 'A' && c <= 'Z') {
            c += 'a' - 'A';
        } else if (c < 'a' || c > 'z') {
            return 1;
        }
        key[i] = (char)c;
    }
    x = probe(&words_ix, odp_words_blob, odp_words_off, key, n);
    *level = x < 0 ? 0 : odp_words_level[x];
    return 1;
}
