/*
 * out.h - buffered output stream with a sticky error, a byte count and a SHA-256 tap.
 *
 * Files of a package are hashed while they are written (one pass, never re-read), the
 * idea of redis' rio `update_cksum`. The hot path (odp_out_write of a few bytes) is an
 * inline memcpy into a large buffer; hashing and write(2) happen once per flush.
 * After the first error every call is a no-op and odp_out_finish reports it.
 */
#ifndef ODP_COMMON_OUT_H
#define ODP_COMMON_OUT_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "odp/err.h"

struct odp_sha256;

#define ODP_OUT_BUFSZ (1u << 20)
#define ODP_OUT_ALIGN 4096u
/* Buffers of an async stream: slack for a disk that stalls now and then. A stream that
 * writes a file takes ODP_OUT_RING_FILE (4 MiB; 8 until round 12, no faster and 4 MB
 * more memory); one that feeds a sink (zstd on the writer thread, whose pace varies
 * more) all ODP_OUT_RING. */
#define ODP_OUT_RING 8u
#define ODP_OUT_RING_FILE 4u
/* fd value for a stream that only hashes (bytes are counted and digested, not kept). */
#define ODP_OUT_DISCARD (-2)

/* A byte consumer that replaces write(2) (odp_out_set_sink): returns ODP_OK or an error. */
typedef int (*odp_out_fn)(void *ctx, const char *p, size_t n, struct odp_err *err);

struct odp_out {
    char *buf;
    size_t len;
    int fd;                /* -1: memory sink (bytes kept in mem); ODP_OUT_DISCARD: hash only */
    int hash;              /* SHA-256 tap on */
    struct odp_sha256 *md; /* the tap's state (sha256.h), NULL without */
    int md_taken;          /* the caller hashes what it writes (odp_out_hash_take) */
    size_t prehashed;      /* leading bytes of buf already in md (hashed by the caller) */
    uint64_t bytes;        /* bytes accepted so far */
    uint64_t limit;        /* most bytes accepted (0 = no limit) */
    struct odp_err err;    /* sticky first error */
    odp_out_fn fn;         /* when set, bytes go to fn(fn_ctx, ...) instead of fd */
    void *fn_ctx;
    char path[1024];
    /* memory sink */
    char *mem;
    size_t mem_len, mem_cap;
    /* async mode: a second thread hashes and writes full buffers, in order, from a ring
     * of ODP_OUT_RING buffers (buf is the one being filled; up to ODP_OUT_RING - 1 wait
     * or are being written) */
    int async;
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    char *ring[ODP_OUT_RING];
    size_t ring_len[ODP_OUT_RING];
    size_t ring_skip[ODP_OUT_RING]; /* leading bytes of each already hashed */
    unsigned nring;                 /* ring buffers in use (odp_out_start_async) */
    unsigned qhead;                 /* the oldest queued buffer (the thread's) */
    unsigned qcount;                /* buffers queued, the one being written included */
    int tfailed;                    /* the thread has an error (under mu; terr holds it) */
    int quit;
    struct odp_err terr;   /* the thread's first error */
    uint64_t written;      /* bytes written to fd (touched only by whoever runs sink) */
    uint64_t kicked;       /* bytes handed to early writeback (sync_file_range) */
    int direct;            /* fd is in O_DIRECT mode (odp_out_direct) */
    uint64_t direct_bytes; /* bytes written with O_DIRECT */
    uint64_t synced;       /* bytes made durable on the way (fdatasync, direct mode) */
    int no_sync;           /* none of those: the caller will not fsync the file either */
    int mapped;            /* buf and the ring are mapped (odp_out_prefault), not malloc'd */
};

/*
 * The caller hashes from here on: flushes, waits for the writer thread, and returns the
 * tap's context (NULL when the stream does not hash or it is already taken); the caller
 * must add exactly the bytes it then writes, in order (e.g. together with another
 * stream, odp_sha256_update2), until odp_out_hash_return, which flushes those bytes
 * unhashed and puts the tap back on.
 */
struct odp_sha256 *odp_out_hash_take(struct odp_out *o);
void odp_out_hash_return(struct odp_out *o);

/*
 * Starts a stream onto an open fd (not owned: the caller closes it) or, with fd -1, into
 * memory (odp_out_mem gives the bytes). `path` names the target in errors. With `hash`
 * the stream computes SHA-256 of every byte. Returns ODP_OK or ODP_ENOMEM.
 */
int odp_out_init(struct odp_out *o, int fd, const char *path, int hash, struct odp_err *err);
/*
 * Sends the stream's bytes (after the SHA-256 tap) to `fn` instead of write(2) on the
 * fd, e.g. into a compressor. In async mode fn runs on the writer thread; it is never
 * called after odp_out_finish returns. Call right after odp_out_init.
 */
void odp_out_set_sink(struct odp_out *o, odp_out_fn fn, void *ctx);
/*
 * Writes full buffers with O_DIRECT (no copy into the page cache; the tail and anything
 * unaligned go through it as usual). Returns 1 when the fd took O_DIRECT, 0 when it
 * stays buffered (the file system refuses it). The bytes are the same either way.
 */
int odp_out_direct(struct odp_out *o);
/*
 * Moves hashing and write(2) to a second thread: while it works on one full buffer the
 * caller fills the other. Call right after odp_out_init on an fd sink. The bytes, the
 * digest and the errors are the same as in the synchronous mode.
 */
int odp_out_start_async(struct odp_out *o, struct odp_err *err);

/* Frees buffers and the hash state; does not close fd. Safe after a failed init. */
void odp_out_release(struct odp_out *o);

/* Slow path of odp_out_write: flushes and copies. */
int odp_out_write_slow(struct odp_out *o, const void *p, size_t n);
/* Flushes the buffer to the fd (and the hash). */
int odp_out_flush(struct odp_out *o);

static inline int
odp_out_write(struct odp_out *o, const void *p, size_t n)
{
    if (o->len + n <= ODP_OUT_BUFSZ && o->err.code == ODP_OK) {
        memcpy(o->buf + o->len, p, n);
        o->len += n;
        o->bytes += n;
        return ODP_OK;
    }
    return odp_out_write_slow(o, p, n);
}

static inline int
odp_out_putc(struct odp_out *o, char c)
{
    if (o->len < ODP_OUT_BUFSZ && o->err.code == ODP_OK) {
        o->buf[o->len++] = c;
        o->bytes++;
        return ODP_OK;
    }
    return odp_out_write_slow(o, &c, 1);
}

static inline int
odp_out_puts(struct odp_out *o, const char *s)
{
    return odp_out_write(o, s, strlen(s));
}

int odp_out_printf(struct odp_out *o, const char *fmt, ...) ODP_PRINTF(2, 3);

/*
 * Flushes everything, syncs the fd as do_fsync says (an ODP_SYNC_* of fs.h: LATER
 * starts the writeback of what the periodic syncs left), and gives the SHA-256 (when
 * hashing) and the byte count. Returns ODP_OK or the sticky error, copied into err.
 */
int odp_out_finish(struct odp_out *o, int do_fsync, uint8_t sha256[32], uint64_t *bytes,
                   struct odp_err *err);

/* The write buffer (and the async spare) with its pages present (streams that carry
 * the bulk; see out.c). ODP_OK or ODP_ENOMEM. */
int odp_out_prefault(struct odp_out *o, struct odp_err *err);

/* For a memory sink: the bytes written so far (valid until the next write or release). */
const char *odp_out_mem(struct odp_out *o, size_t *len);

#endif
