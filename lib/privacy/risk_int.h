/*
 * risk_int.h - internals shared by risk_counts.c, risk_eval.c and risk_search.c.
 *
 * Not installed. Holds the tuple hash table every part uses, the 128-bit helpers
 * behind exact t-closeness, the layouts of the counts and population objects, and
 * the evaluation context that the search reuses from node to node.
 */
#ifndef ODP_RISK_INT_H
#define ODP_RISK_INT_H

#include <stddef.h>
#include <stdint.h>

#include "risk.h"

/* ------------------------------------------------------------------------ */
/* Allocation with a byte counter                                           */
/* ------------------------------------------------------------------------ */

/*
 * Every allocation goes through odp_risk_resize so each object knows its size:
 * `*bytes` tracks the live total. It resizes `p` (NULL = new) from old_size to
 * new_size bytes (> 0) and returns the new pointer, or NULL with `p` untouched.
 * odp_risk_grow does the same for arrays of `elem`-byte items, refusing sizes
 * that overflow. odp_risk_release frees and subtracts.
 */
void *odp_risk_resize(void *p, size_t *bytes, size_t old_size, size_t new_size);
void *odp_risk_grow(void *p, size_t *bytes, size_t elem, size_t old_cap, size_t new_cap);
void odp_risk_release(void *p, size_t *bytes, size_t size);

/* Makes the n-th allocation from now fail (1-based); 0 disables. Tests only. */
void odp_risk_test_fail_alloc(long n);

/* ------------------------------------------------------------------------ */
/* 128-bit unsigned arithmetic (portable)                                   */
/* ------------------------------------------------------------------------ */

struct odp_u128 {
    uint64_t hi, lo;
};

struct odp_u128 odp_u128_mul(uint64_t a, uint64_t b);
struct odp_u128 odp_u128_mul128(struct odp_u128 a, uint64_t b); /* no overflow check */
struct odp_u128 odp_u128_add(struct odp_u128 a, struct odp_u128 b);
struct odp_u128 odp_u128_sub(struct odp_u128 a, struct odp_u128 b); /* a >= b */
int odp_u128_cmp(struct odp_u128 a, struct odp_u128 b);
double odp_u128_double(struct odp_u128 a);

/* ------------------------------------------------------------------------ */
/* Tuple table: open addressing over fixed-width uint32 tuples              */
/* ------------------------------------------------------------------------ */

/*
 * Entries are stored densely in insertion order (entry e has key keys[e*w..]), so
 * callers keep payload arrays indexed by entry and iterate in a known order. The
 * slot array holds entry+1 (0 = empty) and stays at most half full.
 *
 * tab_reserve() does all the allocation; tab_put() never allocates. Callers
 * reserve, grow their payloads to t->cap, then put.
 */
struct odp_tab {
    size_t w;        /* key width in uint32 */
    size_t n;        /* entries */
    size_t cap;      /* entries the key array can hold */
    uint32_t *keys;  /* cap * w */
    uint32_t *slots; /* nslots */
    size_t nslots;   /* power of two, or 0 */
};

void odp_tab_init(struct odp_tab *t, size_t w);
void odp_tab_release(struct odp_tab *t, size_t *bytes);
void odp_tab_reset(struct odp_tab *t); /* empties, keeps memory */
int odp_tab_reserve(struct odp_tab *t, size_t n, size_t *bytes);
/* Entry of `key`, or SIZE_MAX. */
size_t odp_tab_find(const struct odp_tab *t, const uint32_t *key);
/* Entry of `key`, inserting it when absent (*inserted = 1). Needs room. */
size_t odp_tab_put(struct odp_tab *t, const uint32_t *key, int *inserted);

/* ------------------------------------------------------------------------ */
/* Object layouts                                                           */
/* ------------------------------------------------------------------------ */

/* A (class entry, sensitive id) -> count table and the global distribution. */
struct odp_risk_sens {
    struct odp_tab pairs; /* key {class entry, sensitive id} */
    uint64_t *pcount;     /* per pair entry, pcap entries */
    size_t pcap;
    uint64_t *global; /* global[id], nglobal entries */
    size_t nglobal;
};

struct odp_risk_counts {
    struct odp_risk_counts_opts o;
    struct odp_tab classes; /* key: nqi level-0 ids */
    uint64_t *ccount;       /* rows per class entry, ccap entries */
    size_t ccap;
    uint64_t rows;
    struct odp_risk_sens sl; /* l-diversity attribute (when tracked) */
    struct odp_risk_sens st; /* t-closeness attribute (tracked, not same as l) */
    size_t bytes;
};

struct odp_risk_pop {
    size_t nqi;
    unsigned char named[ODP_RISK_MAX_QI];
    size_t max_cells;
    struct odp_tab cells; /* key: nqi ids, 0 for unnamed QIs */
    uint64_t *count;      /* per cell entry, ccap entries */
    size_t ccap;
    uint64_t total;
    size_t bytes;
};

/* ------------------------------------------------------------------------ */
/* Evaluation context                                                       */
/* ------------------------------------------------------------------------ */

struct odp_risk_ctx;

/*
 * Validates `s` against `c` and prepares the per-search state (canonical class
 * order, per-class histograms, frequencies, scratch). Free with ctx_free.
 */
int odp_risk_ctx_new(const struct odp_risk_counts *c, const struct odp_risk_spec *s,
                     struct odp_risk_ctx **out, struct odp_err *err);
void odp_risk_ctx_free(struct odp_risk_ctx *x);

/*
 * Evaluates node `levels` into `ev`. `*mono_fail` (optional) is set when the
 * class-monotone models alone (all models when x allows full pruning) suppress
 * too many rows. Leaves the node's classes in the context's scratch until the
 * next call, for odp_risk_ctx_node().
 */
int odp_risk_ctx_eval(struct odp_risk_ctx *x, const uint32_t *levels, struct odp_risk_eval *ev,
                      int *mono_fail, struct odp_err *err);

/* Builds a node object from the last odp_risk_ctx_eval(). */
struct odp_risk_node *odp_risk_ctx_node(struct odp_risk_ctx *x, struct odp_err *err);

/* Stores the verdict a node reports (the search re-evaluates the chosen node). */
void odp_risk_node_set_eval(struct odp_risk_node *n, const struct odp_risk_eval *ev);

/* Pruning the spec allows: 0 none, 1 failures only, 2 both (see risk.h). */
int odp_risk_ctx_pruning(const struct odp_risk_ctx *x);

/* Levels of QI q in the context's spec. */
uint32_t odp_risk_ctx_levels(const struct odp_risk_ctx *x, size_t q);

/* Compares counts for equality of content (tests: merge). 1 equal, 0 not. */
int odp_risk_counts_equal(const struct odp_risk_counts *a, const struct odp_risk_counts *b);

#endif
