/*
 * source.c - the bytes under the record readers: read(2) with the SHA-256 of every raw
 * byte (on a read-ahead thread for regular files), and the helpers every reader shares
 * (the header store, the duplicate-name check). table.c opens and dispatches; csv.c and
 * jsonin.c parse; this file only moves and hashes bytes.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "bigmem.h"
#include "chunk.h"
#include "sha256.h"
#include "table_int.h"

/*
 * Read-ahead: with hashing on, a second thread read(2)s the input into a ring of blocks
 * and digests each block, while this one parses another. A reader copies bytes out of
 * the blocks (ra_read); the chunk-parallel release instead borrows whole blocks
 * (odp_source_take) and hands them to its workers as they are, giving each back when
 * its chunk is written (odp_source_give). Blocks carry a sequence number, so they are
 * consumed in file order whichever ring slot the thread filled. A read error or the
 * end is passed on in order, after every byte before it, so errors and the digest are
 * the same as reading directly.
 *
 * Each block has RA_HEAD spare bytes before its data, where the chunker puts the
 * partial record the previous block ended with (so a chunk is one contiguous view),
 * and RA_PAD after it, which a chunk reader may overwrite past the chunk's end.
 */
#define RA_BLOCK ((size_t)1 << 20)
#define RA_FIRST ((size_t)64 << 10) /* the first read: the header is wanted now */
#define RA_HEAD ((size_t)64 << 10)
#define RA_PAD ((size_t)ODP_SOURCE_PAD)
#define RA_MAXBLK 160
#define RA_START 2u /* blocks a regular file's read-ahead starts with */

enum { B_FREE, B_READING, B_FULL, B_LENT };

struct rablk {
    char *base;   /* RA_HEAD + size + RA_PAD bytes */
    size_t size;  /* data capacity */
    size_t len;   /* bytes read into it */
    uint64_t seq; /* its place in the file (B_FULL, B_LENT) */
    int state;
    int end;     /* this block is the end (len 0) */
    int errnum;  /* this block is a read error (errno) */
    int scanned; /* bs holds the block's boundary scan (ra->scan was on for its read) */
    struct odp_bscan2 bs;
};

struct odp_readahead {
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int fd;
    int quit;
    struct rablk blk[RA_MAXBLK];
    unsigned nblk;
    size_t want;       /* bytes per read(2) */
    uint64_t fill_seq; /* thread: the next block's sequence number */
    int threaded;      /* 0: not a regular file (a pipe may block): read and hash inline */
    struct odp_sha256 md;
    uint64_t hashed;   /* bytes in md */
    int taken;         /* md belongs to the chunk pipeline (odp_source_hash_take) */
    int scan;          /* scan each block for record boundaries (odp_source_ring) */
    unsigned hashing;  /* blocks being read that the thread will still add to md */
    uint64_t take_seq; /* consumer: the block it reads next */
    int have_cur;      /* consumer: blk[cur] is being copied out from off */
    unsigned cur;
    size_t off;
};

#define RA_DATA(b) ((b)->base + RA_HEAD)

static void *
ra_main(void *arg)
{
    struct odp_readahead *ra = arg;

    for (;;) {
        struct rablk *b = NULL;
        ssize_t r;
        size_t want;
        unsigned i;
        int e = 0, hash, scan;

        pthread_mutex_lock(&ra->mu);
        for (;;) {
            for (i = 0; i < ra->nblk && ra->blk[i].state != B_FREE; i++) {
            }
            if (ra->quit || i < ra->nblk) {
                break;
            }
            pthread_cond_wait(&ra->cv, &ra->mu);
        }
        if (ra->quit) {
            pthread_mutex_unlock(&ra->mu);
            return NULL;
        }
        b = &ra->blk[i];
        b->state = B_READING;
        want = ra->want < b->size ? ra->want : b->size;
        if (ra->fill_seq == 0 && want > RA_FIRST) {
            /* A short first block: the reader parses the header (and the release
             * starts its workers) after 64 KB read, hashed and copied instead of 1 MB. */
            want = RA_FIRST;
        }
        hash = !ra->taken; /* decided here: odp_source_hash_take waits for such blocks */
        scan = ra->scan;
        ra->hashing += (unsigned)hash;
        pthread_mutex_unlock(&ra->mu);
        do {
            r = read(ra->fd, RA_DATA(b), want);
        } while (r < 0 && errno == EINTR);
        if (r < 0) {
            e = errno;
        } else if (r > 0 && hash) {
            odp_sha256_update(&ra->md, RA_DATA(b), (size_t)r);
        }
        if (r > 0 && scan) {
            /* here, while the bytes are in this core's cache: the chunker's own scan
             * read them cold from the other core (docs/PERFORMANCE.md, round 14) */
            odp_csv_boundary2(RA_DATA(b), (size_t)r, &b->bs);
        }
        pthread_mutex_lock(&ra->mu);
        if (hash) {
            ra->hashed += r > 0 ? (uint64_t)r : 0;
            ra->hashing--;
        }
        b->len = r > 0 ? (size_t)r : 0;
        b->end = r == 0;
        b->errnum = e;
        b->scanned = r > 0 && scan;
        b->seq = ra->fill_seq++;
        b->state = B_FULL;
        pthread_cond_broadcast(&ra->cv);
        pthread_mutex_unlock(&ra->mu);
        if (r <= 0) {
            return NULL; /* the end or an error: nothing more to read in this pass */
        }
    }
}

/* Blocks have their pages present, on huge pages where the kernel has them (bigmem.h):
 * on a paravirtualized machine a page fault per 4 KB as read(2) first fills a fresh
 * block, and a TLB miss per 4 KB as the scanner streams it, cost more than the copy. */
static size_t
blk_bytes(size_t size)
{
    return (RA_HEAD + size + RA_PAD + 4095) & ~(size_t)4095;
}

size_t
odp_source_block_bytes(size_t size)
{
    return blk_bytes(size > RA_BLOCK ? size : RA_BLOCK);
}

size_t
odp_source_start_bytes(void)
{
    return RA_START * blk_bytes(RA_BLOCK);
}

static int
blk_alloc(struct rablk *b, size_t size)
{
    b->base = odp_bigmem_alloc(blk_bytes(size));
    b->size = size;
    b->state = B_FREE;
    return b->base != NULL;
}

static void
blk_free(struct rablk *b)
{
    if (b->base != NULL) {
        odp_bigmem_free(b->base, blk_bytes(b->size));
        b->base = NULL;
    }
}

void
odp_source_stop(struct odp_table *t)
{
    struct odp_readahead *ra = t->ra;
    unsigned i;

    if (ra == NULL) {
        return;
    }
    if (ra->threaded) {
        pthread_mutex_lock(&ra->mu);
        ra->quit = 1;
        pthread_cond_broadcast(&ra->cv);
        pthread_mutex_unlock(&ra->mu);
        pthread_join(ra->th, NULL);
        pthread_cond_destroy(&ra->cv);
        pthread_mutex_destroy(&ra->mu);
        for (i = 0; i < ra->nblk; i++) {
            blk_free(&ra->blk[i]);
        }
    }
    OPENSSL_cleanse(&ra->md, sizeof(ra->md));
    free(ra);
    t->ra = NULL;
}

int
odp_source_start(struct odp_table *t, struct odp_err *err)
{
    struct odp_readahead *ra;
    struct stat st;
    unsigned i;

    odp_source_stop(t);
    odp_source_xcode_reset(t);
    if (!t->hash) {
        return ODP_OK;
    }
    ra = calloc(1, sizeof(*ra));
    if (ra == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    ra->fd = t->fd;
    odp_sha256_init(&ra->md);
    if (fstat(t->fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        t->ra = ra; /* stdin or a pipe: joining a thread stuck in read(2) could hang */
        return ODP_OK;
    }
    for (ra->nblk = 0; ra->nblk < RA_START; ra->nblk++) {
        if (!blk_alloc(&ra->blk[ra->nblk], RA_BLOCK)) {
            goto fail;
        }
    }
    ra->want = RA_BLOCK;
    ra->threaded = 1;
    if (pthread_mutex_init(&ra->mu, NULL) != 0) {
        goto fail;
    }
    if (pthread_cond_init(&ra->cv, NULL) != 0) {
        pthread_mutex_destroy(&ra->mu);
        goto fail;
    }
    if (pthread_create(&ra->th, NULL, ra_main, ra) != 0) {
        pthread_cond_destroy(&ra->cv);
        pthread_mutex_destroy(&ra->mu);
        goto fail;
    }
    t->ra = ra;
    return ODP_OK;
fail:
    for (i = 0; i < RA_START; i++) {
        blk_free(&ra->blk[i]); /* NULL past the ones allocated (calloc) */
    }
    free(ra);
    return odp_errf(err, ODP_EINTERNAL, NULL, "cannot start the input reader thread");
}

/* The consumer's next block in file order, once the thread filled it (lock held). */
static struct rablk *
ra_wait_next(struct odp_readahead *ra)
{
    for (;;) {
        unsigned i;

        for (i = 0; i < ra->nblk; i++) {
            if (ra->blk[i].state == B_FULL && ra->blk[i].seq == ra->take_seq) {
                return &ra->blk[i];
            }
        }
        pthread_cond_wait(&ra->cv, &ra->mu);
    }
}

/* The next bytes from the read-ahead thread (see odp_table_read). */
static long long
ra_read(struct odp_table *t, char *p, size_t n, struct odp_err *err)
{
    struct odp_readahead *ra = t->ra;
    struct rablk *b;
    size_t k;

    if (!ra->have_cur) {
        pthread_mutex_lock(&ra->mu);
        b = ra_wait_next(ra);
        pthread_mutex_unlock(&ra->mu);
        ra->cur = (unsigned)(b - ra->blk);
        ra->have_cur = 1;
        ra->off = 0;
    }
    b = &ra->blk[ra->cur];
    if (b->errnum != 0) {
        errno = b->errnum;
        return odp_err_sys(err, t->path, "cannot read");
    }
    if (b->end) {
        t->eof = 1;
        return 0;
    }
    k = b->len - ra->off;
    if (k > n) {
        k = n;
    }
    memcpy(p, RA_DATA(b) + ra->off, k);
    ra->off += k;
    if (ra->off == b->len) {
        pthread_mutex_lock(&ra->mu);
        b->state = B_FREE;
        ra->have_cur = 0;
        ra->take_seq++;
        pthread_cond_broadcast(&ra->cv);
        pthread_mutex_unlock(&ra->mu);
    }
    t->bytes += (uint64_t)k;
    return (long long)k;
}

int
odp_source_ring(struct odp_table *t, unsigned nblocks, size_t size, int scan, struct odp_err *err)
{
    struct odp_readahead *ra = t->ra;
    struct rablk nb[RA_MAXBLK];
    unsigned i, have, add = 0;

    if (ra == NULL || !ra->threaded || t->mem != NULL || t->enc == ODP_ENC_LATIN1 ||
        t->enc == ODP_ENC_WINDOWS1252) {
        return ODP_EINVAL;
    }
    if (nblocks > RA_MAXBLK) {
        return ODP_EINVAL; /* fewer blocks than chunks in flight could all be lent: copy */
    }
    pthread_mutex_lock(&ra->mu);
    have = ra->nblk;
    pthread_mutex_unlock(&ra->mu); /* only this thread grows the ring */
    for (i = have; i < nblocks; i++, add++) {
        if (!blk_alloc(&nb[add], size > RA_BLOCK ? size : RA_BLOCK)) {
            while (add-- > 0) {
                blk_free(&nb[add]);
            }
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
    }
    pthread_mutex_lock(&ra->mu);
    for (i = 0; i < add; i++) {
        ra->blk[ra->nblk++] = nb[i];
    }
    ra->want = size;
    ra->scan = scan != 0;
    pthread_cond_broadcast(&ra->cv);
    pthread_mutex_unlock(&ra->mu);
    return ODP_OK;
}

int
odp_source_take(struct odp_table *t, struct odp_source_blk *v, struct odp_err *err)
{
    struct odp_readahead *ra = t->ra;
    struct rablk *b;

    (void)err;
    if (ra == NULL || !ra->threaded) {
        return ODP_EINVAL;
    }
    pthread_mutex_lock(&ra->mu);
    b = ra->have_cur ? &ra->blk[ra->cur] : ra_wait_next(ra);
    if (b->errnum != 0 || b->end) {
        pthread_mutex_unlock(&ra->mu); /* left for odp_table_read to report */
        return ODP_END;
    }
    v->data = RA_DATA(b) + (ra->have_cur ? ra->off : 0);
    v->len = b->len - (ra->have_cur ? ra->off : 0);
    v->head = (size_t)(v->data - b->base);
    v->id = (unsigned)(b - ra->blk);
    v->scan = b->scanned && !ra->have_cur ? &b->bs : NULL; /* the whole block only */
    b->state = B_LENT;
    ra->have_cur = 0;
    ra->take_seq++;
    pthread_mutex_unlock(&ra->mu);
    t->bytes += (uint64_t)v->len;
    return ODP_OK;
}

void
odp_source_give(struct odp_table *t, const struct odp_source_blk *v)
{
    struct odp_readahead *ra = t->ra;

    pthread_mutex_lock(&ra->mu);
    ra->blk[v->id].state = B_FREE;
    pthread_cond_broadcast(&ra->cv);
    pthread_mutex_unlock(&ra->mu);
}

static long long
raw_read(struct odp_table *t, char *p, size_t n, struct odp_err *err)
{
    ssize_t r;

    if (t->eof || n == 0) {
        return 0;
    }
    if (t->mem != NULL) {
        r = (ssize_t)(t->mem_len - t->mem_off < n ? t->mem_len - t->mem_off : n);
        memcpy(p, t->mem + t->mem_off, (size_t)r);
        t->mem_off += (size_t)r;
        t->eof = r == 0;
        t->bytes += (uint64_t)r;
        return r;
    }
    if (t->ra != NULL && t->ra->threaded) {
        return ra_read(t, p, n, err);
    }
    for (;;) {
        r = read(t->fd, p, n);
        if (r >= 0) {
            break;
        }
        if (errno != EINTR) {
            return odp_err_sys(err, t->path, "cannot read");
        }
    }
    if (r == 0) {
        t->eof = 1;
        return 0;
    }
    if (t->ra != NULL) {
        odp_sha256_update(&t->ra->md, p, (size_t)r);
        t->ra->hashed += (uint64_t)r;
    }
    t->bytes += (uint64_t)r;
    return r;
}

/*
 * Transcoding (dataset.encoding latin-1 or windows-1252): every raw byte becomes one
 * UTF-8 character, so the readers above see UTF-8 and check it as usual. Raw blocks of
 * a third of the request are decoded into t->xout (at most three bytes each) and handed
 * out from there. The hash and t->bytes stay on the raw bytes (raw_read). An undefined
 * windows-1252 byte is an error at its raw line and byte column, reported once the
 * bytes before it were handed out, so the reader stops at the record that holds it.
 */

/* windows-1252 0x80..0x9F as code points; 0 marks the five undefined bytes. */
static const uint16_t cp1252_c1[32] = {
    0x20ac, 0,      0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017d, 0,      0,      0x2018, 0x2019, 0x201c, 0x201d, 0x2022,
    0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0,      0x017e, 0x0178,
};

size_t
odp_transcode_byte(enum odp_encoding enc, unsigned char b, char out[3])
{
    unsigned cp = b;

    if (b < 0x80) {
        out[0] = (char)b;
        return 1;
    }
    if (enc == ODP_ENC_WINDOWS1252 && b < 0xa0) {
        cp = cp1252_c1[b - 0x80];
        if (cp == 0) {
            return 0;
        }
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    out[0] = (char)(0xe0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[2] = (char)(0x80 | (cp & 0x3f));
    return 3;
}

static int
xcode_grow(char **buf, size_t *cap, size_t want, struct odp_err *err)
{
    char *nb;

    if (*cap >= want) {
        return ODP_OK;
    }
    nb = realloc(*buf, want);
    if (nb == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    *buf = nb;
    *cap = want;
    return ODP_OK;
}

/* Moves the raw line and column (for an undefined byte's error) over p[0..n). */
static void
xcode_advance(struct odp_table *t, const char *p, size_t n)
{
    const char *e = p + n, *lf;

    while ((lf = memchr(p, '\n', (size_t)(e - p))) != NULL) {
        t->x_line++;
        t->x_col = 0;
        p = lf + 1;
    }
    t->x_col += (uint64_t)(e - p);
}

static long long
xcode_read(struct odp_table *t, char *p, size_t n, struct odp_err *err)
{
    size_t k = n / 3 > 0 ? n / 3 : 1;
    size_t i, w = 0;
    long long r;

    if (t->x_off < t->x_len) {
        size_t m = t->x_len - t->x_off < n ? t->x_len - t->x_off : n;

        memcpy(p, t->xout + t->x_off, m);
        t->x_off += m;
        return (long long)m;
    }
    if (t->x_bad) {
        struct odp_loc loc = {t->path, t->x_line, t->x_col + 1};

        return odp_errf(err, ODP_ESYNTAX, &loc,
                        "byte undefined in windows-1252 (0x81, 0x8D, 0x8F, 0x90 and 0x9D "
                        "have no character; is the file in another encoding?)");
    }
    if (xcode_grow(&t->xraw, &t->xraw_cap, k, err) < 0 ||
        xcode_grow(&t->xout, &t->xout_cap, 3 * k, err) < 0) {
        return ODP_ENOMEM;
    }
    r = raw_read(t, t->xraw, k, err);
    if (r <= 0) {
        return r;
    }
    for (i = 0; i < (size_t)r;) {
        size_t s0 = i, m;

        /* a run of ASCII: 8 bytes at a time, copied as it is */
        while (i + 8 <= (size_t)r) {
            uint64_t word;

            memcpy(&word, t->xraw + i, 8);
            if ((word & 0x8080808080808080ull) != 0) {
                break;
            }
            i += 8;
        }
        while (i < (size_t)r && (unsigned char)t->xraw[i] < 0x80) {
            i++;
        }
        memcpy(t->xout + w, t->xraw + s0, i - s0);
        w += i - s0;
        if (i == (size_t)r) {
            break;
        }
        m = odp_transcode_byte((enum odp_encoding)t->enc, (unsigned char)t->xraw[i], t->xout + w);
        if (m == 0) {
            t->x_bad = 1; /* the position below stops on this byte */
            break;
        }
        w += m;
        i++;
    }
    xcode_advance(t, t->xraw, i);
    t->x_len = w;
    t->x_off = 0;
    return xcode_read(t, p, n, err); /* hands out w bytes, or the error when w is 0 */
}

long long
odp_table_read(struct odp_table *t, char *p, size_t n, struct odp_err *err)
{
    if (t->enc == ODP_ENC_LATIN1 || t->enc == ODP_ENC_WINDOWS1252) {
        return xcode_read(t, p, n, err);
    }
    return raw_read(t, p, n, err);
}

void
odp_source_xcode_reset(struct odp_table *t)
{
    t->x_line = 1;
    t->x_col = 0;
    t->x_bad = 0;
    t->x_len = 0;
    t->x_off = 0;
}

int
odp_table_set_header(struct odp_table *t, const struct odp_field *f, size_t n, struct odp_err *err)
{
    size_t total = 0;
    size_t i;
    char *m;

    for (i = 0; i < n; i++) {
        total += f[i].len + 1;
    }
    t->hdr_f = calloc(n > 0 ? n : 1, sizeof(*t->hdr_f));
    t->hdr_mem = malloc(total > 0 ? total : 1);
    if (t->hdr_f == NULL || t->hdr_mem == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    m = t->hdr_mem;
    for (i = 0; i < n; i++) {
        if (f[i].len > 0) {
            memcpy(m, f[i].p, f[i].len);
        }
        m[f[i].len] = '\0';
        t->hdr_f[i].p = m;
        t->hdr_f[i].len = f[i].len;
        m += f[i].len + 1;
    }
    t->header.n = n;
    t->header.f = t->hdr_f;
    t->header.line = 1;
    t->header.recno = 0;
    return ODP_OK;
}

struct hname {
    const char *p;
    size_t len;
    size_t idx;
};

/* Byte order of two names, the shorter first when one is the other's prefix. */
static int
name_cmp(const char *p, size_t pl, const char *q, size_t ql)
{
    size_t m = pl < ql ? pl : ql;
    int cmp = m > 0 ? memcmp(p, q, m) : 0;

    return cmp != 0 ? cmp : pl == ql ? 0 : pl < ql ? -1 : 1;
}

static int
hname_cmp(const void *a, const void *b)
{
    const struct hname *x = a;
    const struct hname *y = b;
    int cmp = name_cmp(x->p, x->len, y->p, y->len);

    return cmp != 0 ? cmp : x->idx < y->idx ? -1 : x->idx > y->idx ? 1 : 0;
}

/* The n names with their indexes in *out, sorted by name then index. ODP_OK or ODP_ENOMEM. */
static int
sorted_names(const struct odp_field *f, size_t n, struct hname **out, struct odp_err *err)
{
    struct hname *h = malloc(n * sizeof(*h));
    size_t i;

    *out = NULL;
    if (h == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    for (i = 0; i < n; i++) {
        h[i].p = f[i].p;
        h[i].len = f[i].len;
        h[i].idx = i;
    }
    qsort(h, n, sizeof(*h), hname_cmp);
    *out = h;
    return ODP_OK;
}

int
odp_table_find_dup(const struct odp_field *f, size_t n, size_t *dup, size_t *first,
                   struct odp_err *err)
{
    struct hname *h;
    size_t run = 0;
    size_t i;
    int rc;

    *dup = SIZE_MAX;
    *first = 0;
    if (n < 2) {
        return ODP_OK;
    }
    rc = sorted_names(f, n, &h, err);
    if (rc < 0) {
        return rc;
    }
    /* equal names sit together in index order: the earliest repeat in the file is the
     * lowest index that is not the first of its run */
    for (i = 1; i < n; i++) {
        if (h[i].len == h[run].len && memcmp(h[i].p, h[run].p, h[i].len) == 0) {
            if (h[i].idx < *dup) {
                *dup = h[i].idx;
                *first = h[run].idx;
            }
        } else {
            run = i;
        }
    }
    free(h);
    return ODP_OK;
}

/* Is the name p[0..len) among the sorted names h[0..n)? */
static int
hname_has(const struct hname *h, size_t n, const char *p, size_t len)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = name_cmp(h[mid].p, h[mid].len, p, len);

        if (cmp == 0) {
            return 1;
        }
        if (cmp < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return 0;
}

int
odp_table_rename_dups(struct odp_field *f, size_t n, char **store, size_t *renamed,
                      struct odp_err *err)
{
    struct hname *h;
    size_t run = 0, need = 0, used = 0, k = 0, i;
    char *buf;
    int rc;

    *store = NULL;
    *renamed = 0;
    if (n < 2) {
        return ODP_OK;
    }
    rc = sorted_names(f, n, &h, err);
    if (rc < 0) {
        return rc;
    }
    for (i = 1; i < n; i++) {
        if (h[i].len == h[run].len && memcmp(h[i].p, h[run].p, h[i].len) == 0) {
            need += h[i].len + 22; /* ".<k>" with k < 2^64, and a NUL */
        } else {
            run = i;
        }
    }
    if (need == 0) {
        free(h);
        return ODP_OK;
    }
    buf = malloc(need);
    if (buf == NULL) {
        free(h);
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    /* runs are in index order: the first of a run keeps its name, the others are
     * name.1, name.2 ... (pandas and R), skipping a name the header already has; the
     * new names cannot meet one another (each is its run's name and a number) */
    for (i = 1, run = 0; i < n; i++) {
        size_t len;

        if (!(h[i].len == h[run].len && memcmp(h[i].p, h[run].p, h[i].len) == 0)) {
            run = i;
            k = 0;
            continue;
        }
        do {
            int w;

            k++;
            memcpy(buf + used, h[run].p, h[run].len);
            w = snprintf(buf + used + h[run].len, 22, ".%zu", k);
            len = h[run].len + (w > 0 ? (size_t)w : 0);
        } while (hname_has(h, n, buf + used, len) && k < n + 1);
        f[h[i].idx].p = buf + used;
        f[h[i].idx].len = len;
        used += len + 1;
        (*renamed)++;
    }
    free(h);
    *store = buf;
    return ODP_OK;
}

int
odp_source_finish(struct odp_table *t, struct odp_err *err)
{
    (void)err;
    if (!t->ra->taken) { /* else odp_source_hash_done, once the pipeline hashed the rest */
        odp_sha256_final(&t->ra->md, t->digest);
    }
    return ODP_OK;
}

struct odp_sha256 *
odp_source_hash_take(struct odp_table *t, uint64_t *hashed)
{
    struct odp_readahead *ra = t->ra;

    if (ra == NULL || !ra->threaded || ra->taken) {
        return NULL;
    }
    pthread_mutex_lock(&ra->mu);
    ra->taken = 1;
    while (ra->hashing > 0) { /* blocks being read that the thread still hashes */
        pthread_cond_wait(&ra->cv, &ra->mu);
    }
    *hashed = ra->hashed;
    pthread_mutex_unlock(&ra->mu);
    return &ra->md;
}

void
odp_source_hash_done(struct odp_table *t)
{
    odp_sha256_final(&t->ra->md, t->digest); /* taken stays set: finish leaves it be */
}
