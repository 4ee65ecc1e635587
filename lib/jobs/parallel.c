/*
 * parallel.c - the chunk pipeline of the parallel release (parallel.h).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chunk.h"
#include "parallel.h"
#include "sha256.h"

#define CHUNK_DEFAULT ((size_t)1 << 20)
#define CHUNK_MAX ((size_t)16 << 20) /* a record longer than this: one reader instead */

enum { S_FREE, S_READY, S_BUSY, S_DONE };

struct slot {
    struct odp_chunk c; /* the input: a lent source block or a copy (chunk.h) */
    uint64_t seq;
    int state;
    int rc;
    struct odp_err err;
    struct odp_out out;
    int out_ok;
};

struct par {
    const struct odp_par_ops *ops;
    struct odp_table *t;
    int term;
    struct slot *slots;
    size_t nslots;
    uint64_t next_take; /* next chunk a worker takes */
    int quit;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    /* digests kept by this thread (ops->hash_out): input and output */
    struct odp_sha256 *in_md, *out_md;
    uint64_t in_skip; /* leading chunk bytes the read-ahead thread had hashed */
};

size_t
odp_par_chunk_size(void)
{
    const char *e = getenv("ODPUB_CHUNK_BYTES");
    char *end = NULL;
    unsigned long long v;

    if (e == NULL || *e == '\0') {
        return CHUNK_DEFAULT;
    }
    v = strtoull(e, &end, 10);
    return end != NULL && *end == '\0' && v >= 64 && v <= CHUNK_MAX ? (size_t)v : CHUNK_DEFAULT;
}

/* Chunks in flight: two per worker, and two more. One per worker (and two) took 4 MB
 * less for two workers, but a .tar.zst release, with zstd on a third thread, 1.04x
 * the time (round 12). */
static size_t
par_slots(int nworkers)
{
    return (size_t)(nworkers > 0 ? nworkers : 1) * 2 + 2;
}

size_t
odp_par_buffer_bytes(int nworkers)
{
    size_t ring = (size_t)ODP_OUT_RING_FILE * ODP_OUT_BUFSZ; /* the data file's writer */
    size_t blk = odp_chunks_block_bytes(odp_par_chunk_size());
    size_t start = odp_chunks_start_bytes(); /* the read-ahead's first blocks */

    if (nworkers < 2) { /* the pass on one reader */
        return ring + start;
    }
    /* a chunk output per slot; the read-ahead's ring grows to a block per slot, plus
     * two (odp_chunks_lend), its first blocks among them */
    return ring + start + par_slots(nworkers) * ODP_OUT_BUFSZ + par_slots(nworkers) * blk;
}

int
odp_par_cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);

    return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

struct wctx {
    struct par *P;
    int w;
};

/* Transforms the chunk in slot s (taken: S_BUSY) as worker w; ct is w's chunk reader
 * (NULL when it could not be made: cerr says why). */
static void
run_slot(struct par *P, int w, struct odp_table *ct, const struct odp_err *cerr, struct slot *s)
{
    odp_err_clear(&s->err);
    if (ct == NULL) {
        s->rc = odp_errf(&s->err, cerr->code, NULL, "%s", cerr->msg);
        return;
    }
    if (!s->out_ok) {
        s->rc = odp_out_init(&s->out, -1, "chunk", 0, &s->err);
        s->out_ok = s->rc == ODP_OK;
        if (s->rc == ODP_OK) {
            s->rc = odp_out_prefault(&s->out, &s->err);
        }
    } else { /* reused: the memory sink starts empty again, its buffers stay */
        s->out.len = 0;
        s->out.mem_len = 0;
        s->out.bytes = 0;
        s->rc = ODP_OK;
    }
    if (s->rc == ODP_OK) {
        s->rc = odp_table_chunk_set(ct, s->c.data, s->c.len, s->c.line, s->c.recno, P->term,
                                    &s->err);
    }
    if (s->rc == ODP_OK) {
        s->rc = P->ops->chunk(P->ops->ctx, w, ct, &s->out, &s->err);
    }
}

/* The slot a worker takes next if it is ready (under mu), else NULL. */
static struct slot *
ready_slot(struct par *P)
{
    struct slot *s = &P->slots[P->next_take % P->nslots];

    return s->state == S_READY && s->seq == P->next_take ? s : NULL;
}

static void *
worker(void *arg)
{
    struct wctx *wc = arg;
    struct par *P = wc->P;
    struct odp_table *ct;
    struct odp_err cerr;

    odp_err_clear(&cerr);
    ct = odp_table_chunk_new(P->t, &cerr);
    for (;;) {
        struct slot *s;

        pthread_mutex_lock(&P->mu);
        while (!P->quit && (s = ready_slot(P)) == NULL) {
            pthread_cond_wait(&P->cv, &P->mu);
        }
        if (P->quit) {
            pthread_mutex_unlock(&P->mu);
            break;
        }
        s->state = S_BUSY;
        P->next_take++;
        pthread_mutex_unlock(&P->mu);

        run_slot(P, wc->w, ct, &cerr, s);
        pthread_mutex_lock(&P->mu);
        s->state = S_DONE;
        pthread_cond_broadcast(&P->cv);
        pthread_mutex_unlock(&P->mu);
    }
    odp_table_free(ct);
    return NULL;
}

/*
 * The input's digest and the output's on this thread (docs/PERFORMANCE.md, round 6):
 * each SHA-256 chain waits on its own previous round, so two chains interleaved cost
 * little more than one. Only with a lending chunker (the input's blocks as views; a
 * transcoded or in-memory input keeps hashing on the read-ahead thread) and when both
 * can be taken.
 */
static void
hash_take(struct par *P, struct odp_chunker *k, struct odp_out *out)
{
    uint64_t skip = 0;

    P->in_md = odp_chunks_hash_take(k, &skip);
    if (P->in_md == NULL) {
        return;
    }
    P->in_skip = skip;
    P->out_md = odp_out_hash_take(out); /* NULL: the stream does not hash; the input alone */
}

/*
 * Hashes a chunk's input (c: taken, not yet given to a worker, whose reader unescapes
 * fields in place) and/or a chunk's output (p, n: about to be emitted), both when both.
 * Inputs are hashed in the order they are taken, outputs in the order they are emitted.
 */
static void
hash_pair(struct par *P, const struct odp_chunk *c, const char *p, size_t n)
{
    const char *in = c != NULL ? c->data : "";
    size_t m = c != NULL ? c->len : 0, s = P->in_skip < m ? (size_t)P->in_skip : m;

    in += s;
    m -= s;
    P->in_skip -= s;
    if (P->out_md != NULL) {
        odp_sha256_update2(P->in_md, in, m, P->out_md, p, n);
    } else {
        odp_sha256_update(P->in_md, in, m);
    }
}

/* The next chunk into c: 1 when taken, 0 at the end (*eof set), or an error. */
static int
take(struct odp_chunker *k, struct odp_chunk *c, int *eof, struct odp_err *err)
{
    int rc = odp_chunks_take(k, c, err);

    if (rc == ODP_END) {
        *eof = 1;
        return 0;
    }
    if (rc == ODP_ELIMIT) {
        return ODP_PAR_FALLBACK;
    }
    return rc == ODP_OK ? 1 : rc;
}

int
odp_par_run(struct odp_table *t, const struct odp_par_ops *ops, struct odp_err *err)
{
    struct par P;
    struct odp_chunk next; /* a chunk taken while the oldest is emitted (hashed together) */
    struct odp_chunker *k;
    struct wctx *wc = NULL;
    pthread_t *th = NULL;
    uint64_t seq_fill = 0, seq_emit = 0;
    int nth = 0, i, rc = ODP_OK, eof = 0;
    size_t s;
    /* With two or more workers the calling thread is the last of them: it transforms
     * chunks while it waits for the oldest one, so N threads keep N cores busy (with N
     * worker threads besides it, the two-chain hashing here ran short of CPU). */
    const int help = ops->nworkers >= 2;
    struct odp_table *mct = NULL;
    struct odp_err mcerr;

    memset(&P, 0, sizeof(P));
    memset(&next, 0, sizeof(next));
    odp_err_clear(&mcerr);
    k = odp_chunks_begin(t, odp_par_chunk_size(), CHUNK_MAX, err);
    if (k == NULL) {
        return err != NULL ? err->code : ODP_EINVAL;
    }
    P.ops = ops;
    P.t = t;
    P.term = odp_chunks_term(k);
    P.nslots = par_slots(ops->nworkers);
    odp_chunks_lend(k, (unsigned)P.nslots + 2); /* slots in flight + the read-ahead */
    P.slots = calloc(P.nslots, sizeof(*P.slots));
    th = calloc((size_t)ops->nworkers, sizeof(*th));
    wc = calloc((size_t)ops->nworkers, sizeof(*wc));
    if (P.slots == NULL || th == NULL || wc == NULL) {
        rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        goto out;
    }
    if (ops->emit != NULL && ops->hash_out != NULL) {
        hash_take(&P, k, ops->hash_out);
    }
    pthread_mutex_init(&P.mu, NULL);
    pthread_cond_init(&P.cv, NULL);
    for (i = 0; i < ops->nworkers - help; i++) {
        wc[i].P = &P;
        wc[i].w = i;
        if (pthread_create(&th[i], NULL, worker, &wc[i]) != 0) {
            rc = odp_errf(err, ODP_EINTERNAL, NULL, "cannot start a worker thread");
            break;
        }
        nth++;
    }
    while (rc == ODP_OK) {
        struct slot *sl;
        int took = 0;

        /* fill every free slot, in order */
        while (!eof) {
            sl = &P.slots[seq_fill % P.nslots];
            pthread_mutex_lock(&P.mu);
            i = sl->state == S_FREE;
            pthread_mutex_unlock(&P.mu);
            if (!i) {
                break;
            }
            rc = take(k, &sl->c, &eof, err);
            if (rc <= 0) {
                break;
            }
            rc = ODP_OK;
            if (P.in_md != NULL) {
                hash_pair(&P, &sl->c, "", 0);
            }
            pthread_mutex_lock(&P.mu);
            sl->seq = seq_fill++;
            sl->state = S_READY;
            pthread_cond_broadcast(&P.cv);
            pthread_mutex_unlock(&P.mu);
        }
        if (rc != ODP_OK || (eof && seq_emit == seq_fill)) {
            break;
        }
        /* emit the oldest chunk once done */
        sl = &P.slots[seq_emit % P.nslots];
        pthread_mutex_lock(&P.mu);
        while (sl->state != S_DONE) {
            struct slot *mine = help ? ready_slot(&P) : NULL;

            if (mine == NULL) {
                pthread_cond_wait(&P.cv, &P.mu);
                continue;
            }
            /* rather than wait, this thread transforms the next ready chunk itself */
            mine->state = S_BUSY;
            P.next_take++;
            pthread_mutex_unlock(&P.mu);
            if (mct == NULL && mcerr.code == ODP_OK) {
                mct = odp_table_chunk_new(t, &mcerr);
            }
            run_slot(&P, ops->nworkers - 1, mct, &mcerr, mine);
            pthread_mutex_lock(&P.mu);
            mine->state = S_DONE;
            pthread_cond_broadcast(&P.cv);
        }
        pthread_mutex_unlock(&P.mu);
        if (sl->rc < 0) {
            rc = sl->rc;
            if (err != NULL && err->code == ODP_OK) {
                *err = sl->err;
            }
        } else if (ops->emit != NULL) {
            size_t n;
            const char *p = odp_out_mem(&sl->out, &n);

            if (P.in_md != NULL) {
                /* Every slot is in flight, so this one is the next to fill: take its
                 * chunk now and hash its input with this output (two chains at once). */
                if (!eof && seq_fill - seq_emit == P.nslots) {
                    took = take(k, &next, &eof, err);
                    rc = took < 0 ? took : ODP_OK;
                }
                if (rc == ODP_OK) {
                    hash_pair(&P, took > 0 ? &next : NULL, p, n);
                }
            }
            if (rc == ODP_OK) {
                rc = ops->emit(ops->ctx, p, n, err);
            }
        }
        odp_chunks_give(k, &sl->c); /* its block can be read into again */
        seq_emit++;
        pthread_mutex_lock(&P.mu);
        if (took > 0) { /* the taken chunk goes into the slot; its old buffer is kept */
            struct odp_chunk c = sl->c;

            sl->c = next;
            next = c;
            sl->seq = seq_fill++;
            sl->state = rc == ODP_OK ? S_READY : S_FREE;
            pthread_cond_broadcast(&P.cv);
        } else {
            sl->state = S_FREE;
        }
        pthread_mutex_unlock(&P.mu);
        if (took > 0 && rc != ODP_OK) {
            odp_chunks_give(k, &sl->c);
        }
    }
    pthread_mutex_lock(&P.mu);
    P.quit = 1;
    pthread_cond_broadcast(&P.cv);
    pthread_mutex_unlock(&P.mu);
    for (i = 0; i < nth; i++) {
        pthread_join(th[i], NULL);
    }
    pthread_cond_destroy(&P.cv);
    pthread_mutex_destroy(&P.mu);
    odp_table_free(mct);
    if (P.in_md != NULL) {
        /* both complete only when every chunk was emitted (else the pass failed and
         * neither digest is used) */
        odp_chunks_hash_done(k);
        if (P.out_md != NULL) {
            odp_out_hash_return(ops->hash_out);
        }
    }
out:
    for (s = 0; P.slots != NULL && s < P.nslots; s++) {
        if (P.slots[s].out_ok) {
            odp_out_release(&P.slots[s].out);
        }
        odp_chunks_give(k, &P.slots[s].c); /* the workers have stopped */
        free(P.slots[s].c.buf);
    }
    odp_chunks_give(k, &next);
    free(next.buf);
    free(P.slots);
    free(th);
    free(wc);
    odp_chunks_end(k);
    return rc;
}
