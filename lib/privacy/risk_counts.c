/*
 * risk_counts.c - finest classes, sensitive histograms and population cells.
 *
 * The first pass of a release feeds every row here. What is kept grows with the
 * distinct QI tuples and the distinct (class, sensitive value) pairs, never with
 * the rows: a row costs hash look-ups and counter increments, no allocation
 * unless it opens a new class or pair (then amortised doubling). Every table has
 * a cap, and every add reserves all it needs before changing anything, so an
 * error leaves the object as it was.
 *
 * Messages name QIs by position and problems by kind; ids never reach them.
 */
#include <stdlib.h>
#include <string.h>

#include "risk_int.h"

/* ------------------------------------------------------------------------ */
/* Allocation                                                               */
/* ------------------------------------------------------------------------ */

static long fail_countdown;

void
odp_risk_test_fail_alloc(long n)
{
    fail_countdown = n;
}

void *
odp_risk_resize(void *p, size_t *bytes, size_t old_size, size_t new_size)
{
    void *q;

    if (fail_countdown > 0) {
        fail_countdown--;
        if (fail_countdown == 0) {
            return NULL;
        }
    }
    q = realloc(p, new_size);
    if (q == NULL) {
        return NULL;
    }
    *bytes = *bytes - old_size + new_size;
    return q;
}

void *
odp_risk_grow(void *p, size_t *bytes, size_t elem, size_t old_cap, size_t new_cap)
{
    if (new_cap == 0 || new_cap > SIZE_MAX / elem) {
        return NULL;
    }
    return odp_risk_resize(p, bytes, old_cap * elem, new_cap * elem);
}

void
odp_risk_release(void *p, size_t *bytes, size_t size)
{
    if (p != NULL) {
        free(p);
        *bytes -= size;
    }
}

/* ------------------------------------------------------------------------ */
/* 128-bit arithmetic                                                       */
/* ------------------------------------------------------------------------ */

struct odp_u128
odp_u128_mul(uint64_t a, uint64_t b)
{
    uint64_t a0 = a & 0xffffffffu, a1 = a >> 32;
    uint64_t b0 = b & 0xffffffffu, b1 = b >> 32;
    uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
    struct odp_u128 r;

    r.lo = (mid << 32) | (p00 & 0xffffffffu);
    r.hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
    return r;
}

struct odp_u128
odp_u128_mul128(struct odp_u128 a, uint64_t b)
{
    struct odp_u128 r = odp_u128_mul(a.lo, b);

    r.hi += a.hi * b;
    return r;
}

struct odp_u128
odp_u128_add(struct odp_u128 a, struct odp_u128 b)
{
    struct odp_u128 r;

    r.lo = a.lo + b.lo;
    r.hi = a.hi + b.hi + (r.lo < a.lo ? 1u : 0u);
    return r;
}

struct odp_u128
odp_u128_sub(struct odp_u128 a, struct odp_u128 b)
{
    struct odp_u128 r;

    r.lo = a.lo - b.lo;
    r.hi = a.hi - b.hi - (a.lo < b.lo ? 1u : 0u);
    return r;
}

int
odp_u128_cmp(struct odp_u128 a, struct odp_u128 b)
{
    if (a.hi != b.hi) {
        return a.hi < b.hi ? -1 : 1;
    }
    if (a.lo != b.lo) {
        return a.lo < b.lo ? -1 : 1;
    }
    return 0;
}

double
odp_u128_double(struct odp_u128 a)
{
    /* Exact below 2^53, which covers every realistic table. */
    return (double)a.hi * 18446744073709551616.0 + (double)a.lo;
}

/* ------------------------------------------------------------------------ */
/* Tuple table                                                              */
/* ------------------------------------------------------------------------ */

static uint64_t
hash_key(const uint32_t *k, size_t w)
{
    uint64_t h = 0x9e3779b97f4a7c15u ^ (uint64_t)w;
    size_t i;

    for (i = 0; i < w; i++) {
        h = (h + k[i]) * 0xbf58476d1ce4e5b9u;
        h ^= h >> 29;
    }
    /* splitmix64 finaliser: linear probing needs good low bits */
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9u;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebu;
    h ^= h >> 31;
    return h;
}

void
odp_tab_init(struct odp_tab *t, size_t w)
{
    memset(t, 0, sizeof(*t));
    t->w = w;
}

void
odp_tab_release(struct odp_tab *t, size_t *bytes)
{
    odp_risk_release(t->keys, bytes, t->cap * t->w * sizeof(uint32_t));
    odp_risk_release(t->slots, bytes, t->nslots * sizeof(uint32_t));
    odp_tab_init(t, t->w);
}

void
odp_tab_reset(struct odp_tab *t)
{
    t->n = 0;
    if (t->slots != NULL) {
        memset(t->slots, 0, t->nslots * sizeof(uint32_t));
    }
}

static void
slot_insert(uint32_t *slots, size_t nslots, uint64_t h, uint32_t val)
{
    size_t i = (size_t)h & (nslots - 1);

    while (slots[i] != 0) {
        i = (i + 1) & (nslots - 1);
    }
    slots[i] = val;
}

int
odp_tab_reserve(struct odp_tab *t, size_t n, size_t *bytes)
{
    size_t ncap, nslots, e;
    uint32_t *keys, *slots;

    /* Entries are stored as e+1 in 32-bit slots. */
    if (n >= UINT32_MAX || n > SIZE_MAX / 4) {
        return -1;
    }
    if (n > t->cap) {
        ncap = t->cap < 16 ? 16 : t->cap * 2;
        if (ncap < n) {
            ncap = n;
        }
        if (ncap >= UINT32_MAX) {
            ncap = UINT32_MAX - 1;
        }
        keys = odp_risk_grow(t->keys, bytes, t->w * sizeof(uint32_t), t->cap, ncap);
        if (keys == NULL) {
            return -1;
        }
        t->keys = keys;
        t->cap = ncap;
    }
    if (n * 2 > t->nslots) {
        nslots = t->nslots < 32 ? 32 : t->nslots;
        while (nslots < n * 2) {
            nslots *= 2;
        }
        slots = odp_risk_grow(NULL, bytes, sizeof(uint32_t), 0, nslots);
        if (slots == NULL) {
            return -1;
        }
        memset(slots, 0, nslots * sizeof(uint32_t));
        for (e = 0; e < t->n; e++) {
            slot_insert(slots, nslots, hash_key(t->keys + e * t->w, t->w), (uint32_t)(e + 1));
        }
        odp_risk_release(t->slots, bytes, t->nslots * sizeof(uint32_t));
        t->slots = slots;
        t->nslots = nslots;
    }
    return 0;
}

static size_t
tab_probe(const struct odp_tab *t, const uint32_t *key, uint64_t h, size_t *slot)
{
    size_t i = (size_t)h & (t->nslots - 1);
    uint32_t v;

    for (;;) {
        v = t->slots[i];
        if (v == 0) {
            *slot = i;
            return SIZE_MAX;
        }
        if (memcmp(t->keys + (size_t)(v - 1) * t->w, key, t->w * sizeof(uint32_t)) == 0) {
            *slot = i;
            return v - 1;
        }
        i = (i + 1) & (t->nslots - 1);
    }
}

size_t
odp_tab_find(const struct odp_tab *t, const uint32_t *key)
{
    size_t slot;

    if (t->n == 0) {
        return SIZE_MAX;
    }
    return tab_probe(t, key, hash_key(key, t->w), &slot);
}

size_t
odp_tab_put(struct odp_tab *t, const uint32_t *key, int *inserted)
{
    size_t slot, e;

    e = tab_probe(t, key, hash_key(key, t->w), &slot);
    if (e != SIZE_MAX) {
        *inserted = 0;
        return e;
    }
    e = t->n++;
    memcpy(t->keys + e * t->w, key, t->w * sizeof(uint32_t));
    t->slots[slot] = (uint32_t)(e + 1);
    *inserted = 1;
    return e;
}

/* ------------------------------------------------------------------------ */
/* Counts                                                                   */
/* ------------------------------------------------------------------------ */

void
odp_risk_counts_opts_init(struct odp_risk_counts_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->max_classes = ODP_RISK_DEFAULT_MAX_CLASSES;
    o->max_pairs = ODP_RISK_DEFAULT_MAX_PAIRS;
    o->max_sens_id = ODP_RISK_DEFAULT_MAX_SENS_ID;
}

static void
sens_release(struct odp_risk_sens *s, size_t *bytes)
{
    odp_tab_release(&s->pairs, bytes);
    odp_risk_release(s->pcount, bytes, s->pcap * sizeof(uint64_t));
    odp_risk_release(s->global, bytes, s->nglobal * sizeof(uint64_t));
    s->pcount = NULL;
    s->pcap = 0;
    s->global = NULL;
    s->nglobal = 0;
}

struct odp_risk_counts *
odp_risk_counts_new(const struct odp_risk_counts_opts *o, struct odp_err *err)
{
    struct odp_risk_counts *c;
    size_t b = 0;

    if (o == NULL) {
        odp_errf(err, ODP_EINVAL, NULL, "risk counts: options missing");
        return NULL;
    }
    if (o->nqi == 0 || o->nqi > ODP_RISK_MAX_QI) {
        odp_errf(err, ODP_EINVAL, NULL, "risk counts: %zu quasi-identifiers (1..%d allowed)",
                 o->nqi, ODP_RISK_MAX_QI);
        return NULL;
    }
    if (o->t_same_as_l && !(o->track_l && o->track_t)) {
        odp_errf(err, ODP_EINVAL, NULL, "risk counts: t_same_as_l needs both track_l and track_t");
        return NULL;
    }
    if (o->max_classes == 0 || o->max_pairs == 0 || o->max_sens_id == 0) {
        odp_errf(err, ODP_EINVAL, NULL, "risk counts: a cap is 0");
        return NULL;
    }
    c = odp_risk_resize(NULL, &b, 0, sizeof(*c));
    if (c == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "risk counts: out of memory");
        return NULL;
    }
    memset(c, 0, sizeof(*c));
    c->o = *o;
    c->bytes = sizeof(*c);
    odp_tab_init(&c->classes, o->nqi);
    odp_tab_init(&c->sl.pairs, 2);
    odp_tab_init(&c->st.pairs, 2);
    return c;
}

void
odp_risk_counts_free(struct odp_risk_counts *c)
{
    if (c == NULL) {
        return;
    }
    odp_tab_release(&c->classes, &c->bytes);
    odp_risk_release(c->ccount, &c->bytes, c->ccap * sizeof(uint64_t));
    sens_release(&c->sl, &c->bytes);
    sens_release(&c->st, &c->bytes);
    free(c);
}

size_t
odp_risk_counts_classes(const struct odp_risk_counts *c)
{
    return c == NULL ? 0 : c->classes.n;
}

uint64_t
odp_risk_counts_rows(const struct odp_risk_counts *c)
{
    return c == NULL ? 0 : c->rows;
}

size_t
odp_risk_counts_memory(const struct odp_risk_counts *c)
{
    return c == NULL ? 0 : c->bytes;
}

static int
nomem(struct odp_err *err)
{
    return odp_errf(err, ODP_ENOMEM, NULL, "risk counts: out of memory");
}

/* Makes room for one more class (table and payload). */
static int
reserve_class(struct odp_risk_counts *c, struct odp_err *err)
{
    uint64_t *p;

    if (c->classes.n >= c->o.max_classes) {
        return odp_errf(err, ODP_ELIMIT, NULL,
                        "risk counts: more than %zu distinct quasi-identifier tuples",
                        c->o.max_classes);
    }
    if (odp_tab_reserve(&c->classes, c->classes.n + 1, &c->bytes) != 0) {
        return nomem(err);
    }
    if (c->classes.cap > c->ccap) {
        p = odp_risk_grow(c->ccount, &c->bytes, sizeof(uint64_t), c->ccap, c->classes.cap);
        if (p == NULL) {
            return nomem(err);
        }
        c->ccount = p;
        c->ccap = c->classes.cap;
    }
    return ODP_OK;
}

/* Makes room for one more pair and for global[id]. */
static int
reserve_pair(struct odp_risk_counts *c, struct odp_risk_sens *s, uint32_t id, int new_pair,
             struct odp_err *err)
{
    uint64_t *p;
    size_t n;

    if (new_pair) {
        if (s->pairs.n >= c->o.max_pairs) {
            return odp_errf(err, ODP_ELIMIT, NULL,
                            "risk counts: more than %zu (class, sensitive value) pairs",
                            c->o.max_pairs);
        }
        if (odp_tab_reserve(&s->pairs, s->pairs.n + 1, &c->bytes) != 0) {
            return nomem(err);
        }
        if (s->pairs.cap > s->pcap) {
            p = odp_risk_grow(s->pcount, &c->bytes, sizeof(uint64_t), s->pcap, s->pairs.cap);
            if (p == NULL) {
                return nomem(err);
            }
            s->pcount = p;
            s->pcap = s->pairs.cap;
        }
    }
    if (id >= s->nglobal) {
        n = s->nglobal < 16 ? 16 : s->nglobal * 2;
        if (n <= id) {
            n = (size_t)id + 1;
        }
        if (n > c->o.max_sens_id) {
            n = c->o.max_sens_id;
        }
        p = odp_risk_grow(s->global, &c->bytes, sizeof(uint64_t), s->nglobal, n);
        if (p == NULL) {
            return nomem(err);
        }
        memset(p + s->nglobal, 0, (n - s->nglobal) * sizeof(uint64_t));
        s->global = p;
        s->nglobal = n;
    }
    return ODP_OK;
}

/* Entry of pair (class e, id) or SIZE_MAX; a class not yet inserted has none. */
static size_t
find_pair(const struct odp_risk_sens *s, size_t e, int class_is_new, uint32_t id)
{
    uint32_t key[2];

    if (class_is_new) {
        return SIZE_MAX;
    }
    key[0] = (uint32_t)e;
    key[1] = id;
    return odp_tab_find(&s->pairs, key);
}

/* Adds w to pair (e, id), whose entry is pe (SIZE_MAX: insert it; room reserved). */
static void
add_pair(struct odp_risk_sens *s, size_t pe, size_t e, uint32_t id, uint64_t w)
{
    uint32_t key[2];
    int ins;

    if (pe == SIZE_MAX) {
        key[0] = (uint32_t)e;
        key[1] = id;
        pe = odp_tab_put(&s->pairs, key, &ins);
        s->pcount[pe] = 0;
    }
    s->pcount[pe] += w;
    s->global[id] += w;
}

int
odp_risk_counts_add(struct odp_risk_counts *c, const uint32_t *qi_ids, uint32_t sens_l,
                    uint32_t sens_t, uint64_t weight, struct odp_err *err)
{
    size_t e, pl = SIZE_MAX, pt = SIZE_MAX;
    int track_t, rc, ins, cnew;

    if (c == NULL || qi_ids == NULL) {
        return odp_errf(err, ODP_EINVAL, NULL, "risk counts: argument missing");
    }
    if (weight == 0) {
        return odp_errf(err, ODP_EINVAL, NULL, "risk counts: zero row weight");
    }
    if (weight > ODP_RISK_MAX_ROWS - c->rows) {
        return odp_errf(err, ODP_ELIMIT, NULL, "risk counts: more than 2^40 rows");
    }
    track_t = c->o.track_t && !c->o.t_same_as_l;
    if ((c->o.track_l && sens_l >= c->o.max_sens_id) || (track_t && sens_t >= c->o.max_sens_id)) {
        return odp_errf(err, ODP_ELIMIT, NULL,
                        "risk counts: sensitive id beyond the cap of %lu values",
                        (unsigned long)c->o.max_sens_id);
    }
    /*
     * Look everything up, then reserve what is new, so a failure leaves the counts
     * unchanged. The common row (known class, known pairs) only increments.
     */
    e = odp_tab_find(&c->classes, qi_ids);
    cnew = e == SIZE_MAX;
    if (cnew) {
        rc = reserve_class(c, err);
        if (rc < 0) {
            return rc;
        }
        e = c->classes.n;
    }
    if (c->o.track_l) {
        pl = find_pair(&c->sl, e, cnew, sens_l);
        rc = reserve_pair(c, &c->sl, sens_l, pl == SIZE_MAX, err);
        if (rc < 0) {
            return rc;
        }
    }
    if (track_t) {
        pt = find_pair(&c->st, e, cnew, sens_t);
        rc = reserve_pair(c, &c->st, sens_t, pt == SIZE_MAX, err);
        if (rc < 0) {
            return rc;
        }
    }
    if (cnew) {
        e = odp_tab_put(&c->classes, qi_ids, &ins);
        c->ccount[e] = 0;
    }
    c->ccount[e] += weight;
    c->rows += weight;
    if (c->o.track_l) {
        add_pair(&c->sl, pl, e, sens_l, weight);
    }
    if (track_t) {
        add_pair(&c->st, pt, e, sens_t, weight);
    }
    return ODP_OK;
}

static int
merge_sens(struct odp_risk_counts *dst, struct odp_risk_sens *d, const struct odp_risk_sens *s,
           const uint32_t *emap, struct odp_err *err)
{
    size_t pe, de;
    uint32_t key[2];
    int rc;

    for (pe = 0; pe < s->pairs.n; pe++) {
        key[0] = emap[s->pairs.keys[pe * 2]];
        key[1] = s->pairs.keys[pe * 2 + 1];
        de = odp_tab_find(&d->pairs, key);
        rc = reserve_pair(dst, d, key[1], de == SIZE_MAX, err);
        if (rc < 0) {
            return rc;
        }
        add_pair(d, de, key[0], key[1], s->pcount[pe]);
    }
    return ODP_OK;
}

int
odp_risk_counts_merge(struct odp_risk_counts *dst, const struct odp_risk_counts *src,
                      struct odp_err *err)
{
    uint32_t *emap = NULL;
    size_t e, de, tmp = 0;
    int rc = ODP_OK, ins;

    if (dst == NULL || src == NULL) {
        return odp_errf(err, ODP_EINVAL, NULL, "risk counts: argument missing");
    }
    if (dst == src) {
        return odp_errf(err, ODP_EINVAL, NULL, "risk counts: cannot merge counts into itself");
    }
    if (dst->o.nqi != src->o.nqi || !dst->o.track_l != !src->o.track_l ||
        !dst->o.track_t != !src->o.track_t || !dst->o.t_same_as_l != !src->o.t_same_as_l) {
        return odp_errf(err, ODP_EINVAL, NULL, "risk counts: merging counts of different shapes");
    }
    if (src->rows > ODP_RISK_MAX_ROWS - dst->rows) {
        return odp_errf(err, ODP_ELIMIT, NULL, "risk counts: more than 2^40 rows");
    }
    if (src->classes.n == 0) {
        return ODP_OK;
    }
    emap = odp_risk_grow(NULL, &tmp, sizeof(uint32_t), 0, src->classes.n);
    if (emap == NULL) {
        return nomem(err);
    }
    for (e = 0; e < src->classes.n; e++) {
        de = odp_tab_find(&dst->classes, src->classes.keys + e * src->o.nqi);
        if (de == SIZE_MAX) {
            rc = reserve_class(dst, err);
            if (rc < 0) {
                goto out;
            }
        }
        de = odp_tab_put(&dst->classes, src->classes.keys + e * src->o.nqi, &ins);
        if (ins) {
            dst->ccount[de] = 0;
        }
        dst->ccount[de] += src->ccount[e];
        dst->rows += src->ccount[e];
        emap[e] = (uint32_t)de;
    }
    if (dst->o.track_l) {
        rc = merge_sens(dst, &dst->sl, &src->sl, emap, err);
        if (rc < 0) {
            goto out;
        }
    }
    if (dst->o.track_t && !dst->o.t_same_as_l) {
        rc = merge_sens(dst, &dst->st, &src->st, emap, err);
    }
out:
    odp_risk_release(emap, &tmp, src->classes.n * sizeof(uint32_t));
    return rc;
}

static int
sens_equal(const struct odp_risk_sens *a, const struct odp_risk_sens *b, const uint32_t *emap)
{
    size_t pe, be, i, n;
    uint32_t key[2];

    if (a->pairs.n != b->pairs.n) {
        return 0;
    }
    for (pe = 0; pe < a->pairs.n; pe++) {
        key[0] = emap[a->pairs.keys[pe * 2]];
        key[1] = a->pairs.keys[pe * 2 + 1];
        be = odp_tab_find(&b->pairs, key);
        if (be == SIZE_MAX || b->pcount[be] != a->pcount[pe]) {
            return 0;
        }
    }
    n = a->nglobal > b->nglobal ? a->nglobal : b->nglobal;
    for (i = 0; i < n; i++) {
        if ((i < a->nglobal ? a->global[i] : 0) != (i < b->nglobal ? b->global[i] : 0)) {
            return 0;
        }
    }
    return 1;
}

int
odp_risk_counts_equal(const struct odp_risk_counts *a, const struct odp_risk_counts *b)
{
    uint32_t *emap;
    size_t e, be;
    int eq = 1;

    if (a->o.nqi != b->o.nqi || a->rows != b->rows || a->classes.n != b->classes.n ||
        !a->o.track_l != !b->o.track_l || !a->o.track_t != !b->o.track_t ||
        !a->o.t_same_as_l != !b->o.t_same_as_l) {
        return 0;
    }
    emap = calloc(a->classes.n + 1, sizeof(uint32_t));
    if (emap == NULL) {
        return 0;
    }
    for (e = 0; e < a->classes.n && eq; e++) {
        be = odp_tab_find(&b->classes, a->classes.keys + e * a->o.nqi);
        if (be == SIZE_MAX || b->ccount[be] != a->ccount[e]) {
            eq = 0;
        } else {
            emap[e] = (uint32_t)be;
        }
    }
    if (eq && a->o.track_l) {
        eq = sens_equal(&a->sl, &b->sl, emap);
    }
    if (eq && a->o.track_t && !a->o.t_same_as_l) {
        eq = sens_equal(&a->st, &b->st, emap);
    }
    free(emap);
    return eq;
}

/* ------------------------------------------------------------------------ */
/* Population                                                               */
/* ------------------------------------------------------------------------ */

struct odp_risk_pop *
odp_risk_pop_new(size_t nqi, const unsigned char *named, size_t max_cells, struct odp_err *err)
{
    struct odp_risk_pop *p;
    size_t q, nnamed = 0, b = 0;

    if (named == NULL || nqi == 0 || nqi > ODP_RISK_MAX_QI) {
        odp_errf(err, ODP_EINVAL, NULL, "risk population: bad number of quasi-identifiers");
        return NULL;
    }
    for (q = 0; q < nqi; q++) {
        nnamed += named[q] != 0;
    }
    if (nnamed == 0) {
        odp_errf(err, ODP_EINVAL, NULL, "risk population: names no quasi-identifier");
        return NULL;
    }
    p = odp_risk_resize(NULL, &b, 0, sizeof(*p));
    if (p == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "risk population: out of memory");
        return NULL;
    }
    memset(p, 0, sizeof(*p));
    p->nqi = nqi;
    for (q = 0; q < nqi; q++) {
        p->named[q] = named[q] != 0;
    }
    p->max_cells = max_cells == 0 ? ODP_RISK_DEFAULT_MAX_POP_CELLS : max_cells;
    p->bytes = sizeof(*p);
    odp_tab_init(&p->cells, nqi);
    return p;
}

int
odp_risk_pop_add(struct odp_risk_pop *p, const uint32_t *qi_ids, uint64_t count,
                 struct odp_err *err)
{
    uint32_t key[ODP_RISK_MAX_QI];
    uint64_t *np;
    size_t q, e;
    int ins;

    if (p == NULL || qi_ids == NULL) {
        return odp_errf(err, ODP_EINVAL, NULL, "risk population: argument missing");
    }
    if (count == 0) {
        return ODP_OK;
    }
    if (count > ((uint64_t)1 << 62) - p->total) {
        return odp_errf(err, ODP_ELIMIT, NULL, "risk population: more than 2^62 people");
    }
    for (q = 0; q < p->nqi; q++) {
        key[q] = p->named[q] ? qi_ids[q] : 0;
    }
    e = odp_tab_find(&p->cells, key);
    if (e == SIZE_MAX) {
        if (p->cells.n >= p->max_cells) {
            return odp_errf(err, ODP_ELIMIT, NULL, "risk population: more than %zu cells",
                            p->max_cells);
        }
        if (odp_tab_reserve(&p->cells, p->cells.n + 1, &p->bytes) != 0) {
            return odp_errf(err, ODP_ENOMEM, NULL, "risk population: out of memory");
        }
        if (p->cells.cap > p->ccap) {
            np = odp_risk_grow(p->count, &p->bytes, sizeof(uint64_t), p->ccap, p->cells.cap);
            if (np == NULL) {
                return odp_errf(err, ODP_ENOMEM, NULL, "risk population: out of memory");
            }
            p->count = np;
            p->ccap = p->cells.cap;
        }
    }
    e = odp_tab_put(&p->cells, key, &ins);
    if (ins) {
        p->count[e] = 0;
    }
    p->count[e] += count;
    p->total += count;
    return ODP_OK;
}

void
odp_risk_pop_free(struct odp_risk_pop *p)
{
    if (p == NULL) {
        return;
    }
    odp_tab_release(&p->cells, &p->bytes);
    odp_risk_release(p->count, &p->bytes, p->ccap * sizeof(uint64_t));
    free(p);
}
