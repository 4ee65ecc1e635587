/*
 * out.c - buffered output with a sticky error and a SHA-256 tap.
 *
 * write(2) is retried on EINTR and short writes; ENOSPC or EFBIG become a sticky
 * ODP_EIO naming the file, so a full disk stops the release cleanly.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "bigmem.h"
#include "fs.h"
#include "out.h"
#include "sha256.h"

#define ODP_OUT_KICK ((uint64_t)8 << 20)
/* A durable stream's periodic flush: as much as the writer's ring holds, so while the
 * writer waits for one flush the caller fills the ring with the next (round 11: 8 MiB
 * against 32; round 12: 4 MiB with a ring of 4). */
#define ODP_OUT_DSYNC(o) ((uint64_t)(o)->nring * ODP_OUT_BUFSZ)

int
odp_out_direct(struct odp_out *o)
{
    int fl;

    if (o->fd < 0 || o->fn != NULL || (fl = fcntl(o->fd, F_GETFL)) < 0 ||
        fcntl(o->fd, F_SETFL, fl | O_DIRECT) != 0) {
        return 0;
    }
    o->direct = 1;
    return 1;
}

/* Back to buffered writes (an unaligned piece, or a file system that refuses O_DIRECT). */
static void
direct_off(struct odp_out *o)
{
    int fl = fcntl(o->fd, F_GETFL);

    if (fl >= 0) {
        (void)fcntl(o->fd, F_SETFL, fl & ~O_DIRECT);
    }
    o->direct = 0;
}

int
odp_out_init(struct odp_out *o, int fd, const char *path, int hash, struct odp_err *err)
{
    memset(o, 0, sizeof(*o));
    o->fd = fd;
    o->hash = hash;
    snprintf(o->path, sizeof(o->path), "%s", path != NULL ? path : "");
    o->buf = aligned_alloc(ODP_OUT_ALIGN, ODP_OUT_BUFSZ);
    if (o->buf == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    if (hash) {
        o->md = malloc(sizeof(*o->md));
        if (o->md == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
        odp_sha256_init(o->md);
    }
    return ODP_OK;
}

static int sink(struct odp_out *o, const char *p, size_t n, size_t skip, struct odp_err *e);

/*
 * The buffers of the streams that carry the bulk (the data file, the chunks of a
 * parallel release) are on huge pages where the kernel has them, and made present ahead
 * of use when the release reserved them (bigmem.h): on a paravirtualized machine a page
 * fault per 4 KB as a fresh buffer first fills, and a TLB miss per 4 KB as it streams,
 * cost more than the bytes' copy.
 */
static char *
bigbuf(void)
{
    return odp_bigmem_alloc(ODP_OUT_BUFSZ);
}

static void
buf_free(const struct odp_out *o, char *p)
{
    if (p == NULL) {
        return;
    }
    if (o->mapped) {
        odp_bigmem_free(p, ODP_OUT_BUFSZ);
    } else {
        free(p);
    }
}

int
odp_out_prefault(struct odp_out *o, struct odp_err *err)
{
    char *nb;

    if (o->mapped) {
        return ODP_OK;
    }
    nb = bigbuf();
    if (nb == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    if (o->len > 0) {
        memcpy(nb, o->buf, o->len);
    }
    free(o->buf);
    o->buf = nb;
    o->mapped = 1;
    return ODP_OK;
}

void
odp_out_set_sink(struct odp_out *o, odp_out_fn fn, void *ctx)
{
    o->fn = fn;
    o->fn_ctx = ctx;
}

static void *
writer_main(void *arg)
{
    struct odp_out *o = arg;

    pthread_mutex_lock(&o->mu);
    for (;;) {
        char *job;
        size_t len, skip;

        while (o->qcount == 0 && !o->quit) {
            pthread_cond_wait(&o->cv, &o->mu);
        }
        if (o->qcount == 0 && o->quit) {
            break;
        }
        job = o->ring[o->qhead];
        len = o->ring_len[o->qhead];
        skip = o->ring_skip[o->qhead];
        pthread_mutex_unlock(&o->mu);
        if (o->terr.code == ODP_OK) {
            sink(o, job, len, skip, &o->terr); /* terr is read by the caller only when idle */
        }
        pthread_mutex_lock(&o->mu);
        o->tfailed = o->terr.code != ODP_OK;
        o->qhead = (o->qhead + 1) % o->nring;
        o->qcount--;
        pthread_cond_broadcast(&o->cv);
    }
    pthread_mutex_unlock(&o->mu);
    return NULL;
}

int
odp_out_start_async(struct odp_out *o, struct odp_err *err)
{
    unsigned i;

    if ((o->fd < 0 && o->fd != ODP_OUT_DISCARD && o->fn == NULL) || o->async) {
        return ODP_OK;
    }
    if (odp_out_prefault(o, err) < 0) {
        return ODP_ENOMEM;
    }
    o->nring = o->fn != NULL ? ODP_OUT_RING : ODP_OUT_RING_FILE;
    o->ring[0] = o->buf;
    for (i = 1; i < o->nring; i++) {
        if ((o->ring[i] = bigbuf()) == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
    }
    o->qhead = 0;
    o->qcount = 0;
    if (pthread_mutex_init(&o->mu, NULL) != 0 || pthread_cond_init(&o->cv, NULL) != 0) {
        return odp_errf(err, ODP_EINTERNAL, NULL, "cannot set up the writer thread");
    }
    if (pthread_create(&o->th, NULL, writer_main, o) != 0) {
        pthread_cond_destroy(&o->cv);
        pthread_mutex_destroy(&o->mu);
        return odp_errf(err, ODP_EINTERNAL, NULL, "cannot start the writer thread");
    }
    o->async = 1;
    return ODP_OK;
}

/* Waits until the thread is idle; then its error (if any) becomes the stream's. */
static void
async_wait(struct odp_out *o)
{
    pthread_mutex_lock(&o->mu);
    while (o->qcount > 0) {
        pthread_cond_wait(&o->cv, &o->mu);
    }
    pthread_mutex_unlock(&o->mu);
    if (o->terr.code != ODP_OK && o->err.code == ODP_OK) {
        o->err = o->terr;
    }
}

static void
async_stop(struct odp_out *o)
{
    if (!o->async) {
        return;
    }
    async_wait(o);
    pthread_mutex_lock(&o->mu);
    o->quit = 1;
    pthread_cond_broadcast(&o->cv);
    pthread_mutex_unlock(&o->mu);
    pthread_join(o->th, NULL);
    pthread_cond_destroy(&o->cv);
    pthread_mutex_destroy(&o->mu);
    o->async = 0;
}

void
odp_out_release(struct odp_out *o)
{
    unsigned i;

    async_stop(o);
    for (i = 0; i < ODP_OUT_RING; i++) {
        if (o->ring[i] != o->buf) {
            buf_free(o, o->ring[i]);
        }
        o->ring[i] = NULL;
    }
    buf_free(o, o->buf);
    o->buf = NULL;
    free(o->mem);
    o->mem = NULL;
    if (o->md != NULL) {
        OPENSSL_cleanse(o->md, sizeof(*o->md));
        free(o->md);
        o->md = NULL;
    }
}

/* Hashes (after the first `skip` bytes, already in the digest) and writes p[0..n). */
static int
sink(struct odp_out *o, const char *p, size_t n, size_t skip, struct odp_err *e)
{
    if (o->md != NULL && !o->md_taken && n > skip) {
        odp_sha256_update(o->md, p + skip, n - skip);
    }
    if (o->fn != NULL) {
        return n > 0 ? o->fn(o->fn_ctx, p, n, e) : ODP_OK;
    }
    if (o->fd == ODP_OUT_DISCARD || n == 0) {
        return ODP_OK;
    }
    if (o->fd < 0) {
        if (o->mem_len + n > o->mem_cap) {
            size_t ncap = o->mem_cap ? o->mem_cap : 4096;
            char *np;

            while (ncap < o->mem_len + n) {
                ncap *= 2;
            }
            np = realloc(o->mem, ncap);
            if (np == NULL) {
                return odp_errf(e, ODP_ENOMEM, NULL, "out of memory");
            }
            o->mem = np;
            o->mem_cap = ncap;
        }
        memcpy(o->mem + o->mem_len, p, n);
        o->mem_len += n;
        return ODP_OK;
    }
    if (o->direct && ((uintptr_t)p % ODP_OUT_ALIGN != 0 || n % ODP_OUT_ALIGN != 0)) {
        direct_off(o); /* the tail of the file */
    }
    while (n > 0) {
        ssize_t w = write(o->fd, p, n);

        if (w < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno == EINVAL && o->direct) {
                direct_off(o); /* refused here after all: write through the page cache */
                continue;
            }
            return odp_err_sys(e, o->path, "cannot write");
        }
        if (o->direct) {
            o->direct_bytes += (uint64_t)w;
            if ((size_t)w < n) {
                direct_off(o); /* a short direct write leaves an unaligned rest */
            }
        }
        p += w;
        n -= (size_t)w;
        o->written += (uint64_t)w;
    }
    /*
     * O_DIRECT writes can still sit in the disk's write cache (a virtual disk: the host's
     * page cache), and the final fsync would wait for all of them at once (~0.5 s for a
     * 750 MB data file here). Flushing every ring's worth (4 MiB) on the way, on the
     * writer thread while the caller computes, leaves the final fsync the last few MiB;
     * 8 MiB against 32: 0.94x the time of a 100 MB and of a 1 GB release, 4 MiB against
     * 8 0.98x and 0.99x (docs/PERFORMANCE.md, rounds 11 and 12).
     */
    if (o->direct && o->async && !o->no_sync && o->written - o->synced >= ODP_OUT_DSYNC(o)) {
        if (fdatasync(o->fd) != 0 && errno != EINVAL) {
            return odp_err_sys(e, o->path, "cannot sync");
        }
        o->synced = o->written;
    }
#ifdef SYNC_FILE_RANGE_WRITE
    /*
     * Start writeback of every full 8 MiB behind us without waiting for it: the final
     * fsync then waits for the tail only instead of the whole file (a 75 MB data file:
     * ~28 ms less at the end of a release). Advisory; errors show up at fsync. Not for
     * a stream that will not be synced: nothing waits for that writeback.
     */
    if (!o->direct && !o->no_sync && o->written - o->kicked >= ODP_OUT_KICK) {
        uint64_t len = (o->written - o->kicked) / ODP_OUT_KICK * ODP_OUT_KICK;

        (void)sync_file_range(o->fd, (off_t)o->kicked, (off_t)len, SYNC_FILE_RANGE_WRITE);
        o->kicked += len;
    }
#endif
    return ODP_OK;
}

int
odp_out_flush(struct odp_out *o)
{
    int rc;

    if (o->err.code != ODP_OK) {
        return o->err.code;
    }
    if (o->async) {
        unsigned fill;
        int i;

        if (o->len == 0) {
            return ODP_OK;
        }
        pthread_mutex_lock(&o->mu);
        fill = (o->qhead + o->qcount) % o->nring; /* buf's place in the ring */
        o->ring_len[fill] = o->len;
        o->ring_skip[fill] = o->prehashed;
        o->qcount++;
        pthread_cond_broadcast(&o->cv);
        while (o->qcount == o->nring) { /* the next buffer is still queued */
            pthread_cond_wait(&o->cv, &o->mu);
        }
        o->buf = o->ring[(fill + 1) % o->nring];
        i = o->tfailed;
        pthread_mutex_unlock(&o->mu);
        o->len = 0;
        o->prehashed = 0;
        if (i) { /* a write error (seen a few buffers late) stops the stream */
            async_wait(o);
            return o->err.code;
        }
        return ODP_OK;
    }
    rc = sink(o, o->buf, o->len, o->prehashed, &o->err);
    o->len = 0;
    o->prehashed = 0;
    return rc;
}

int
odp_out_write_slow(struct odp_out *o, const void *p, size_t n)
{
    int rc;

    if (o->err.code != ODP_OK) {
        return o->err.code;
    }
    if (o->limit != 0 && o->bytes + n > o->limit) {
        return odp_errf(&o->err, ODP_ELIMIT, NULL, "output larger than the limit");
    }
    if (o->async && o->len + n > ODP_OUT_BUFSZ) {
        /* Through the two buffers, each handed on full (aligned for O_DIRECT), so the
         * thread digests one while the caller fills the other (writing a big block
         * directly here made the caller wait for the thread and then hash in its own
         * time: half the input SHA-256 ran on the parsing thread). */
        const char *s = p;

        while (n > 0) {
            size_t k = ODP_OUT_BUFSZ - o->len;

            if (k > n) {
                k = n;
            }
            memcpy(o->buf + o->len, s, k);
            o->len += k;
            o->bytes += k;
            s += k;
            n -= k;
            if (o->len == ODP_OUT_BUFSZ) {
                rc = odp_out_flush(o);
                if (rc < 0) {
                    return rc;
                }
            }
        }
        return ODP_OK;
    }
    if (o->len + n > ODP_OUT_BUFSZ) {
        rc = odp_out_flush(o);
        if (rc < 0) {
            return rc;
        }
    }
    if (n >= ODP_OUT_BUFSZ) {
        o->bytes += n;
        return sink(o, p, n, 0, &o->err);
    }
    memcpy(o->buf + o->len, p, n);
    o->len += n;
    o->bytes += n;
    return ODP_OK;
}

int
odp_out_printf(struct odp_out *o, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    int n;
    char *big;
    int rc;

    va_start(ap, fmt);
    n = vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    if (n < 0) {
        return odp_errf(&o->err, ODP_EINTERNAL, NULL, "format failed");
    }
    if ((size_t)n < sizeof(small)) {
        return odp_out_write(o, small, (size_t)n);
    }
    big = malloc((size_t)n + 1);
    if (big == NULL) {
        return odp_errf(&o->err, ODP_ENOMEM, NULL, "out of memory");
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    rc = odp_out_write(o, big, (size_t)n);
    free(big);
    return rc;
}

int
odp_out_finish(struct odp_out *o, int do_fsync, uint8_t sha256[32], uint64_t *bytes,
               struct odp_err *err)
{

    odp_out_flush(o);
    if (o->async) {
        async_wait(o);
    }
    if (o->err.code == ODP_OK && do_fsync != ODP_SYNC_NONE && o->fd >= 0 &&
        (do_fsync == ODP_SYNC_LATER ? sync_file_range(o->fd, 0, 0, SYNC_FILE_RANGE_WRITE)
                                    : fsync(o->fd)) != 0) {
        odp_err_sys(&o->err, o->path, "cannot sync");
    }
    if (o->err.code != ODP_OK) {
        if (err != NULL && err->code == ODP_OK) {
            *err = o->err;
        }
        return o->err.code;
    }
    if (sha256 != NULL) {
        if (o->md == NULL || o->md_taken) {
            return odp_errf(err, ODP_EINTERNAL, NULL, "SHA-256 of the output not kept");
        }
        odp_sha256_final(o->md, sha256);
    }
    if (bytes != NULL) {
        *bytes = o->bytes;
    }
    return ODP_OK;
}

struct odp_sha256 *
odp_out_hash_take(struct odp_out *o)
{
    if (o->md == NULL || o->md_taken) {
        return NULL;
    }
    if (o->async) {
        async_wait(o); /* the thread idle: it reads md_taken only while it works */
    }
    if (o->err.code != ODP_OK) {
        return NULL;
    }
    /* the buffered bytes into the tap here, not by a flush: the buffer stays whole */
    if (o->len > o->prehashed) {
        odp_sha256_update(o->md, o->buf + o->prehashed, o->len - o->prehashed);
    }
    o->prehashed = o->len;
    o->md_taken = 1;
    return o->md;
}

void
odp_out_hash_return(struct odp_out *o)
{
    if (o->md == NULL || !o->md_taken) {
        return;
    }
    if (o->async) {
        async_wait(o); /* buffers in flight were hashed by the caller */
    }
    o->prehashed = o->len; /* and so were the buffered bytes */
    o->md_taken = 0;
}

const char *
odp_out_mem(struct odp_out *o, size_t *len)
{
    if (o->fd == -1 && o->mem_len == 0 && !o->async && o->fn == NULL && o->md == NULL) {
        *len = o->len; /* all still in the write buffer: no copy (a chunk's output) */
        return o->buf != NULL ? o->buf : "";
    }
    odp_out_flush(o);
    *len = o->mem_len;
    return o->mem != NULL ? o->mem : "";
}
