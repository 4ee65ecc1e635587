/*
 * chunk.c - splits a CSV input at record boundaries for the chunk-parallel release, and
 * reads one chunk as a table (chunk.h).
 *
 * The scan is sequential but cheap: on x86-64 with PCLMULQDQ (chosen at run time) 64
 * bytes at a time, quote and LF bit masks and the in-quotes mask by a carry-less prefix
 * XOR; elsewhere (and as the reference the tests and fuzz_chunks compare with) memchr to
 * the next quote, and between quotes memchr from LF to LF (outside quotes each LF ends a
 * record, inside it is data). Only quotes and LFs matter, so the split is the same for
 * every delimiter (`,` `;` TAB `|`), and a transcoded input (latin-1, windows-1252) is
 * split after transcoding (ASCII stays). The bytes come from the table's own source, so
 * the input's SHA-256 is computed as in one pass.
 *
 * A lent read-ahead block comes scanned already: the read-ahead thread scans it right
 * after read(2), while it is in that core's cache, under both states its first byte may
 * be in (odp_csv_boundary2: one prefix XOR serves both, as one state's in-quotes mask is
 * the other's complement). The chunker then only reads the carried partial record in
 * front of the block (its quote parity picks the state) instead of the whole block again
 * from the other core.
 */
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define ODP_HAVE_CLMUL 1
#else
#define ODP_HAVE_CLMUL 0
#endif

#include "chunk.h"
#include "table_int.h"

struct odp_chunker {
    struct odp_table *t;
    const char *rest; /* bytes the header read buffered past itself */
    size_t nrest;
    char *carry; /* the partial record after the last boundary */
    size_t ncarry, carrycap;
    uint64_t line, recno; /* at the start of the next chunk */
    int term;
    size_t chunk, max;
    int eof;
    int lend;      /* chunks may be views into the source's blocks (odp_chunks_lend) */
    int taken_any; /* a chunk was taken */
};

_Static_assert(ODP_CHUNK_PAD <= ODP_SOURCE_PAD, "a lent block has the pad a chunk needs");

size_t
odp_csv_boundary_scalar(const char *p, size_t n, uint64_t *lines, uint64_t *records)
{
    return odp_csv_boundary_from(p, n, 0, lines, records);
}

size_t
odp_csv_boundary_from(const char *p, size_t n, int inq, uint64_t *lines, uint64_t *records)
{
    size_t i = 0, b = 0;
    uint64_t nl = 0, rec = 0, bl = 0, br = 0;

    inq = inq != 0;

    while (i < n) {
        const char *q = memchr(p + i, '"', n - i);
        const char *e = q != NULL ? q : p + n;
        const char *x = p + i;

        while (x < e && (x = memchr(x, '\n', (size_t)(e - x))) != NULL) {
            nl++;
            if (!inq) {
                rec++;
                b = (size_t)(x - p) + 1;
                bl = nl;
                br = rec;
            }
            x++;
        }
        if (q == NULL) {
            break;
        }
        inq ^= 1;
        i = (size_t)(q - p) + 1;
    }
    *lines = bl;
    *records = br;
    return b;
}

/* The state after p[0..n) read from outside quotes (1: inside) and its LFs. */
static int
carry_state(const char *p, size_t n, uint64_t *lines)
{
    const char *e = p + n, *x;
    uint64_t nl = 0;
    int inq = 0;

    for (x = p; x < e && (x = memchr(x, '"', (size_t)(e - x))) != NULL; x++) {
        inq ^= 1;
    }
    for (x = p; x < e && (x = memchr(x, '\n', (size_t)(e - x))) != NULL; x++) {
        nl++;
    }
    *lines = nl;
    return inq;
}

#if ODP_HAVE_CLMUL
/*
 * The 64-byte-block scan (simdjson's, simdcsv's): per block a bit mask of the quotes q
 * and one of the LFs l; the prefix XOR of q (a carry-less multiply by all ones) has bit
 * i set when byte i is inside quotes (an opening quote counts as inside, a closing one
 * as outside, neither is an LF), XORed with the state carried from the blocks before.
 * The record ends are l & ~inside, counted by popcounts; the last block that has one is
 * kept, and the boundary is its highest record end. Only whole blocks are loaded from p; the tail
 * is copied into a zeroed local block (a NUL is neither a quote nor an LF).
 */
struct bscan {
    uint64_t inq;     /* all ones when the next block starts inside quotes */
    uint64_t nl, rec; /* LFs and record ends before the next block */
    size_t off;       /* the last block with a record end (ends == 0: none yet) */
    uint64_t ends;    /* and its record-end mask */
};

/* One block: q and l the masks of its quotes and LFs, off its offset in p. */
__attribute__((target("pclmul,popcnt"), always_inline)) static inline void
bscan_block(struct bscan *s, uint64_t q, uint64_t l, size_t off)
{
    __m128i m = _mm_clmulepi64_si128(_mm_set_epi64x(0, (long long)q), _mm_set1_epi8(-1), 0);
    uint64_t inside = (uint64_t)_mm_cvtsi128_si64(m) ^ s->inq;
    uint64_t ends = l & ~inside;

    s->inq = (uint64_t)((int64_t)inside >> 63);
    s->off = ends != 0 ? off : s->off;
    s->ends = ends != 0 ? ends : s->ends;
    s->nl += (uint64_t)__builtin_popcountll(l);
    s->rec += (uint64_t)__builtin_popcountll(ends);
}

/*
 * The result: the highest record end of the last block with one. Every record end is
 * before it, and the LFs after it (all quoted) are counted back off the total with
 * memchr: usually less than a record's worth of bytes.
 */
__attribute__((target("pclmul,popcnt"), always_inline)) static inline size_t
bscan_end(const struct bscan *s, const char *p, size_t n, uint64_t *lines, uint64_t *records)
{
    const char *x, *e = p + n;
    uint64_t after = 0;
    size_t b;

    if (s->ends == 0) {
        *lines = *records = 0;
        return 0;
    }
    b = s->off + 64u - (unsigned)__builtin_clzll(s->ends);
    for (x = p + b; x < e && (x = memchr(x, '\n', (size_t)(e - x))) != NULL; x++) {
        after++;
    }
    *lines = s->nl - after;
    *records = s->rec;
    return b;
}

/*
 * Both hypotheses at once (struct odp_bscan2): the in-quotes mask of h = 1 is the
 * complement of h = 0's, so one prefix XOR serves both; record ends are l & ~inside
 * under h = 0 and l & inside under h = 1.
 */
struct bscan2 {
    uint64_t inq; /* h = 0's state at the next block (h = 1's is its complement) */
    uint64_t nl, rec[2];
    size_t off[2];
    uint64_t ends[2];
};

__attribute__((target("pclmul,popcnt"), always_inline)) static inline void
bscan2_block(struct bscan2 *s, uint64_t q, uint64_t l, size_t off)
{
    __m128i m = _mm_clmulepi64_si128(_mm_set_epi64x(0, (long long)q), _mm_set1_epi8(-1), 0);
    uint64_t inside = (uint64_t)_mm_cvtsi128_si64(m) ^ s->inq;
    uint64_t e0 = l & ~inside, e1 = l & inside;

    s->inq = (uint64_t)((int64_t)inside >> 63);
    s->off[0] = e0 != 0 ? off : s->off[0];
    s->ends[0] = e0 != 0 ? e0 : s->ends[0];
    s->off[1] = e1 != 0 ? off : s->off[1];
    s->ends[1] = e1 != 0 ? e1 : s->ends[1];
    s->nl += (uint64_t)__builtin_popcountll(l);
    s->rec[0] += (uint64_t)__builtin_popcountll(e0);
    s->rec[1] += (uint64_t)__builtin_popcountll(e1);
}

__attribute__((target("pclmul,popcnt"), always_inline)) static inline void
bscan2_end(const struct bscan2 *s, const char *p, size_t n, struct odp_bscan2 *r)
{
    int h;

    for (h = 0; h < 2; h++) {
        const char *x, *e = p + n;
        uint64_t after = 0;
        size_t b;

        if (s->ends[h] == 0) {
            r->last[h] = 0;
            r->lines[h] = r->recs[h] = 0;
            continue;
        }
        b = s->off[h] + 64u - (unsigned)__builtin_clzll(s->ends[h]);
        for (x = p + b; x < e && (x = memchr(x, '\n', (size_t)(e - x))) != NULL; x++) {
            after++;
        }
        r->last[h] = b;
        r->lines[h] = s->nl - after;
        r->recs[h] = s->rec[h];
    }
}

__attribute__((target("pclmul,popcnt"), always_inline)) static inline uint64_t
mask16(__m128i v, __m128i c)
{
    return (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, c));
}

/* The quote and LF masks of the 64 bytes at x. */
__attribute__((target("pclmul,popcnt"), always_inline)) static inline void
masks_sse(const char *x, uint64_t *qm, uint64_t *lm)
{
    const __m128i vq = _mm_set1_epi8('"'), vl = _mm_set1_epi8('\n');
    uint64_t q = 0, l = 0;
    unsigned k;

    for (k = 0; k < 4; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(x + 16 * k));

        q |= mask16(v, vq) << (16 * k);
        l |= mask16(v, vl) << (16 * k);
    }
    *qm = q;
    *lm = l;
}

__attribute__((target("pclmul,popcnt"), always_inline)) static inline void
block_sse(struct bscan *s, const char *x, size_t off)
{
    uint64_t q, l;

    masks_sse(x, &q, &l);
    bscan_block(s, q, l, off);
}

__attribute__((target("pclmul,popcnt"))) static void
boundary2_sse(const char *p, size_t n, struct odp_bscan2 *r)
{
    struct bscan2 s;
    char tail[64];
    uint64_t q, l;
    size_t i;

    memset(&s, 0, sizeof(s));
    for (i = 0; i + 64 <= n; i += 64) {
        masks_sse(p + i, &q, &l);
        bscan2_block(&s, q, l, i);
    }
    if (i < n) {
        memset(tail, 0, sizeof(tail));
        memcpy(tail, p + i, n - i);
        masks_sse(tail, &q, &l);
        bscan2_block(&s, q, l, i);
    }
    bscan2_end(&s, p, n, r);
}

__attribute__((target("pclmul,popcnt"))) static size_t
boundary_sse(const char *p, size_t n, uint64_t *lines, uint64_t *records)
{
    struct bscan s;
    char tail[64];
    size_t i;

    memset(&s, 0, sizeof(s));
    for (i = 0; i + 64 <= n; i += 64) {
        block_sse(&s, p + i, i);
    }
    if (i < n) {
        memset(tail, 0, sizeof(tail));
        memcpy(tail, p + i, n - i);
        block_sse(&s, tail, i);
    }
    return bscan_end(&s, p, n, lines, records);
}

__attribute__((target("avx2,pclmul,popcnt"), always_inline)) static inline uint64_t
mask32(__m256i v, __m256i c)
{
    return (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, c));
}

__attribute__((target("avx2,pclmul,popcnt"), always_inline)) static inline void
masks_avx2(const char *x, uint64_t *q, uint64_t *l)
{
    const __m256i vq = _mm256_set1_epi8('"'), vl = _mm256_set1_epi8('\n');
    __m256i lo = _mm256_loadu_si256((const __m256i *)(const void *)x);
    __m256i hi = _mm256_loadu_si256((const __m256i *)(const void *)(x + 32));

    *q = mask32(lo, vq) | mask32(hi, vq) << 32;
    *l = mask32(lo, vl) | mask32(hi, vl) << 32;
}

__attribute__((target("avx2,pclmul,popcnt"), always_inline)) static inline void
block_avx2(struct bscan *s, const char *x, size_t off)
{
    uint64_t q, l;

    masks_avx2(x, &q, &l);
    bscan_block(s, q, l, off);
}

__attribute__((target("avx2,pclmul,popcnt"))) static void
boundary2_avx2(const char *p, size_t n, struct odp_bscan2 *r)
{
    struct bscan2 s;
    char tail[64];
    uint64_t q, l;
    size_t i;

    memset(&s, 0, sizeof(s));
    for (i = 0; i + 64 <= n; i += 64) {
        masks_avx2(p + i, &q, &l);
        bscan2_block(&s, q, l, i);
    }
    if (i < n) {
        memset(tail, 0, sizeof(tail));
        memcpy(tail, p + i, n - i);
        masks_avx2(tail, &q, &l);
        bscan2_block(&s, q, l, i);
    }
    bscan2_end(&s, p, n, r);
}

__attribute__((target("avx2,pclmul,popcnt"))) static size_t
boundary_avx2(const char *p, size_t n, uint64_t *lines, uint64_t *records)
{
    struct bscan s;
    char tail[64];
    size_t i;

    memset(&s, 0, sizeof(s));
    for (i = 0; i + 64 <= n; i += 64) {
        block_avx2(&s, p + i, i);
    }
    if (i < n) {
        memset(tail, 0, sizeof(tail));
        memcpy(tail, p + i, n - i);
        block_avx2(&s, tail, i);
    }
    return bscan_end(&s, p, n, lines, records);
}

/*
 * AVX-512BW: the whole 64-byte block in one load, each mask straight from one compare
 * (no movemask and shift per 32 bytes). The tail is a masked load: bytes past n read as
 * NUL without touching memory there, so no local copy either.
 */
__attribute__((target("avx512f,avx512bw,pclmul,popcnt"), always_inline)) static inline void
block_avx512(struct bscan *s, __m512i v, size_t off)
{
    bscan_block(s, (uint64_t)_mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('"')),
                (uint64_t)_mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\n')), off);
}

__attribute__((target("avx512f,avx512bw,pclmul,popcnt"))) static size_t
boundary_avx512(const char *p, size_t n, uint64_t *lines, uint64_t *records)
{
    struct bscan s;
    size_t i;

    memset(&s, 0, sizeof(s));
    for (i = 0; i + 64 <= n; i += 64) {
        block_avx512(&s, _mm512_loadu_si512((const void *)(p + i)), i);
    }
    if (i < n) {
        __mmask64 m = ((uint64_t)1 << (n - i)) - 1; /* n - i < 64 */

        block_avx512(&s, _mm512_maskz_loadu_epi8(m, (const void *)(p + i)), i);
    }
    return bscan_end(&s, p, n, lines, records);
}

__attribute__((target("avx512f,avx512bw,pclmul,popcnt"))) static void
boundary2_avx512(const char *p, size_t n, struct odp_bscan2 *r)
{
    const __m512i vq = _mm512_set1_epi8('"'), vl = _mm512_set1_epi8('\n');
    struct bscan2 s;
    size_t i;

    memset(&s, 0, sizeof(s));
    for (i = 0; i + 64 <= n; i += 64) {
        __m512i v = _mm512_loadu_si512((const void *)(p + i));

        bscan2_block(&s, (uint64_t)_mm512_cmpeq_epi8_mask(v, vq),
                     (uint64_t)_mm512_cmpeq_epi8_mask(v, vl), i);
    }
    if (i < n) {
        __m512i v = _mm512_maskz_loadu_epi8(((uint64_t)1 << (n - i)) - 1, (const void *)(p + i));

        bscan2_block(&s, (uint64_t)_mm512_cmpeq_epi8_mask(v, vq),
                     (uint64_t)_mm512_cmpeq_epi8_mask(v, vl), i);
    }
    bscan2_end(&s, p, n, r);
}

static int
cpu_level(void)
{
    if (!__builtin_cpu_supports("pclmul") || !__builtin_cpu_supports("popcnt")) {
        return ODP_BOUNDARY_SCALAR;
    }
    if (__builtin_cpu_supports("avx512bw")) {
        return ODP_BOUNDARY_AVX512;
    }
    return __builtin_cpu_supports("avx2") ? ODP_BOUNDARY_AVX2 : ODP_BOUNDARY_SSE;
}
#else
static int
cpu_level(void)
{
    return ODP_BOUNDARY_SCALAR;
}
#endif

int
odp_csv_boundary_level(void)
{
    return cpu_level();
}

size_t
odp_csv_boundary_impl(int level, const char *p, size_t n, uint64_t *lines, uint64_t *records)
{
    int have = cpu_level();

    if (level > have) {
        level = have;
    }
#if ODP_HAVE_CLMUL
    if (level == ODP_BOUNDARY_AVX512) {
        return boundary_avx512(p, n, lines, records);
    }
    if (level == ODP_BOUNDARY_AVX2) {
        return boundary_avx2(p, n, lines, records);
    }
    if (level == ODP_BOUNDARY_SSE) {
        return boundary_sse(p, n, lines, records);
    }
#endif
    return odp_csv_boundary_scalar(p, n, lines, records);
}

size_t
odp_csv_boundary(const char *p, size_t n, uint64_t *lines, uint64_t *records)
{
    return odp_csv_boundary_impl(ODP_BOUNDARY_AVX512, p, n, lines, records);
}

void
odp_csv_boundary2_impl(int level, const char *p, size_t n, struct odp_bscan2 *r)
{
    int have = cpu_level(), h;

    if (level > have) {
        level = have;
    }
#if ODP_HAVE_CLMUL
    if (level == ODP_BOUNDARY_AVX512) {
        boundary2_avx512(p, n, r);
        return;
    }
    if (level == ODP_BOUNDARY_AVX2) {
        boundary2_avx2(p, n, r);
        return;
    }
    if (level == ODP_BOUNDARY_SSE) {
        boundary2_sse(p, n, r);
        return;
    }
#endif
    for (h = 0; h < 2; h++) {
        r->last[h] = odp_csv_boundary_from(p, n, h, &r->lines[h], &r->recs[h]);
    }
}

void
odp_csv_boundary2(const char *p, size_t n, struct odp_bscan2 *r)
{
    odp_csv_boundary2_impl(ODP_BOUNDARY_AVX512, p, n, r);
}

struct odp_chunker *
odp_chunks_begin(struct odp_table *t, size_t chunk, size_t max, struct odp_err *err)
{
    struct odp_chunker *k;

    if (t->fmt != ODP_FMT_CSV || t->is_stdin || t->csv == NULL) {
        odp_errf(err, ODP_EINVAL, NULL, "this input cannot be split into chunks");
        return NULL;
    }
    k = calloc(1, sizeof(*k));
    if (k == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    k->t = t;
    k->chunk = chunk < 64 ? 64 : chunk;
    k->max = max < k->chunk ? k->chunk : max;
    odp_csv_rest(t, &k->rest, &k->nrest, &k->line, &k->term);
    return k;
}

void
odp_chunks_end(struct odp_chunker *k)
{
    if (k != NULL) {
        free(k->carry);
        free(k);
    }
}

int
odp_chunks_term(const struct odp_chunker *k)
{
    return k->term;
}

/* Raw bytes in file order: the header's leftovers, then the source. */
static long long
raw_read(struct odp_chunker *k, char *p, size_t n, struct odp_err *err)
{
    struct odp_table *t = k->t;
    long long r;

    if (k->nrest > 0) {
        size_t m = n < k->nrest ? n : k->nrest;

        memcpy(p, k->rest, m);
        k->rest += m;
        k->nrest -= m;
        return (long long)m;
    }
    r = odp_table_read(t, p, n, err);
    if (r == 0 && t->eof && !t->pass_done) {
        t->pass_done = 1;
        if (t->ra != NULL && odp_source_finish(t, err) < 0) {
            return ODP_EINTERNAL;
        }
    }
    return r;
}

static int
reserve(char **buf, size_t *cap, size_t want, struct odp_err *err)
{
    char *nb;

    if (*cap >= want + ODP_CHUNK_PAD && *buf != NULL) {
        return ODP_OK;
    }
    nb = realloc(*buf, want + ODP_CHUNK_PAD);
    if (nb == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    *buf = nb;
    *cap = want + ODP_CHUNK_PAD;
    return ODP_OK;
}

int
odp_chunks_next(struct odp_chunker *k, char **buf, size_t *cap, size_t *len, uint64_t *line,
                uint64_t *recno, struct odp_err *err)
{
    size_t n = k->ncarry, target = k->ncarry + k->chunk, b;
    uint64_t lines, recs;
    long long r;
    int rc;

    if (k->eof && k->ncarry == 0) {
        return ODP_END;
    }
    if (k->nrest > 0 && k->nrest < k->chunk) {
        /* The first chunk is what the header's read brought beyond it (64 KB or less):
         * workers start on it at once, instead of after 1 MB more was read and copied
         * into a fresh buffer (3 ms); the next chunks are the read-ahead's blocks. */
        target = k->ncarry + k->nrest;
    }
    rc = reserve(buf, cap, target, err);
    if (rc < 0) {
        return rc;
    }
    if (n > 0) {
        memcpy(*buf, k->carry, n);
    }
    k->ncarry = 0;
    for (;;) {
        while (n < target && !k->eof) {
            r = raw_read(k, *buf + n, target - n, err);
            if (r < 0) {
                return (int)r;
            }
            if (r == 0 && k->t->eof) {
                k->eof = 1;
            }
            n += (size_t)r;
        }
        if (k->eof) {
            if (n == 0) {
                return ODP_END;
            }
            *len = n;
            *line = k->line;
            *recno = k->recno;
            return ODP_OK;
        }
        b = odp_csv_boundary(*buf, n, &lines, &recs);
        if (b > 0) {
            break;
        }
        if (n >= k->max) {
            return ODP_ELIMIT;
        }
        target = n * 2 > k->max ? k->max : n * 2;
        rc = reserve(buf, cap, target, err);
        if (rc < 0) {
            return rc;
        }
    }
    if (n - b > k->carrycap) {
        char *nc = realloc(k->carry, n - b);

        if (nc == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
        k->carry = nc;
        k->carrycap = n - b;
    }
    if (n > b) { /* the carry may not exist yet when nothing is carried */
        memcpy(k->carry, *buf + b, n - b);
    }
    k->ncarry = n - b;
    *len = b;
    *line = k->line;
    *recno = k->recno;
    k->line += lines;
    k->recno += recs;
    return ODP_OK;
}

size_t
odp_chunks_block_bytes(size_t chunk)
{
    return odp_source_block_bytes(chunk);
}

size_t
odp_chunks_start_bytes(void)
{
    return odp_source_start_bytes();
}

void
odp_chunks_lend(struct odp_chunker *k, unsigned nblocks)
{
    struct odp_err e;

    odp_err_clear(&e);
    k->lend = odp_source_ring(k->t, nblocks, k->chunk, 1, &e) == ODP_OK;
}

/* Appends p[0..n) to the carry (a view that could not be one: copied after all). */
static int
carry_append(struct odp_chunker *k, const char *p, size_t n, struct odp_err *err)
{
    if (k->ncarry + n > k->carrycap) {
        size_t nc = k->carrycap * 2 > k->ncarry + n ? k->carrycap * 2 : k->ncarry + n;
        char *np = realloc(k->carry, nc);

        if (np == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
        k->carry = np;
        k->carrycap = nc;
    }
    if (n > 0) {
        memcpy(k->carry + k->ncarry, p, n);
        k->ncarry += n;
    }
    return ODP_OK;
}

static int
take_copy(struct odp_chunker *k, struct odp_chunk *c, struct odp_err *err)
{
    int rc = odp_chunks_next(k, &c->buf, &c->cap, &c->len, &c->line, &c->recno, err);

    c->data = c->buf;
    c->lent = 0;
    return rc;
}

int
odp_chunks_take(struct odp_chunker *k, struct odp_chunk *c, struct odp_err *err)
{
    struct odp_source_blk v;
    uint64_t lines, recs;
    char *start;
    size_t n, b;
    int rc;

    k->taken_any = 1;
    if (!k->lend || k->nrest > 0 || k->eof || odp_source_take(k->t, &v, err) != ODP_OK) {
        return take_copy(k, c, err); /* also the end and read errors, in order */
    }
    if (k->ncarry > v.head) { /* a partial record longer than the room before the block */
        rc = carry_append(k, v.data, v.len, err);
        odp_source_give(k->t, &v);
        return rc < 0 ? rc : take_copy(k, c, err);
    }
    start = v.data - k->ncarry;
    if (k->ncarry > 0) {
        memcpy(start, k->carry, k->ncarry);
    }
    n = k->ncarry + v.len;
    if (v.scan != NULL) {
        /* The read-ahead scanned the block under both states; the carry (a record's
         * start, no record end in it) says which one holds at the block's first byte. */
        uint64_t clines;
        int h = carry_state(k->carry, k->ncarry, &clines);

        b = v.scan->last[h] > 0 ? k->ncarry + v.scan->last[h] : 0;
        lines = clines + v.scan->lines[h];
        recs = v.scan->recs[h];
    } else {
        b = odp_csv_boundary(start, n, &lines, &recs);
    }
    if (b == 0) { /* no record ends in this block: read on, copying */
        k->ncarry = 0;
        rc = carry_append(k, start, n, err);
        odp_source_give(k->t, &v);
        return rc < 0 ? rc : take_copy(k, c, err);
    }
    k->ncarry = 0;
    rc = carry_append(k, start + b, n - b, err);
    if (rc < 0) {
        odp_source_give(k->t, &v);
        return rc;
    }
    c->data = start;
    c->len = b;
    c->line = k->line;
    c->recno = k->recno;
    c->lent = 1;
    c->blk = v.id;
    k->line += lines;
    k->recno += recs;
    return ODP_OK;
}

void
odp_chunks_give(struct odp_chunker *k, struct odp_chunk *c)
{
    if (c->lent) {
        struct odp_source_blk v = {NULL, 0, 0, c->blk, NULL};

        odp_source_give(k->t, &v);
        c->lent = 0;
    }
}

struct odp_table *
odp_table_chunk_new(const struct odp_table *parent, struct odp_err *err)
{
    struct odp_table *t = calloc(1, sizeof(*t));

    if (t == NULL || (t->path = strdup(parent->path)) == NULL) {
        free(t);
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    t->fmt = parent->fmt;
    t->rd = parent->rd;
    t->fd = -1;
    t->block = parent->block;
    t->plain = parent->plain;
    t->simd_max = parent->simd_max;
    t->max_field = parent->max_field;
    t->max_record = parent->max_record;
    t->delim = parent->delim;   /* the bytes are already UTF-8: no encoding here */
    t->header = parent->header; /* views into the parent's header store */
    return t;
}

int
odp_table_chunk_set(struct odp_table *ct, char *buf, size_t len, uint64_t line, uint64_t recno,
                    int term, struct odp_err *err)
{
    return odp_csv_chunk(ct, buf, len, line, recno, term, ct->header.n, err);
}

struct odp_sha256 *
odp_chunks_hash_take(struct odp_chunker *k, uint64_t *skip)
{
    uint64_t hashed = 0, start;
    struct odp_sha256 *md;

    if (!k->lend || k->taken_any) {
        return NULL;
    }
    md = odp_source_hash_take(k->t, &hashed);
    if (md == NULL) {
        return NULL;
    }
    start = k->t->bytes - k->nrest; /* where the first chunk starts in the file */
    *skip = hashed - start;
    return md;
}

void
odp_chunks_hash_done(struct odp_chunker *k)
{
    odp_source_hash_done(k->t);
}
