/*
 * parallel.h - one pass over a CSV input on N worker threads, results in input order.
 *
 * The calling thread splits the input into chunks at record boundaries (table/chunk.h)
 * and hands them to the workers through a bounded ring of 2N+2 slots (memory stays
 * bounded whatever the input size); with N >= 2 it runs N-1 worker threads and is the
 * N-th worker itself while it waits for the oldest chunk (so N threads, not N+1, compete
 * for the cores). Each worker reads its chunk with its own reader
 * and calls `chunk` with a memory output stream; the calling thread then calls `emit`
 * with each chunk's output strictly in input order. The first error in input order wins:
 * chunks are emitted in order, so a failed chunk's error is reported only after every
 * chunk before it succeeded, and no later chunk's output is emitted after it.
 * Returns ODP_OK, an error, or ODP_PAR_FALLBACK when a record is longer than the chunk
 * cap (the caller runs the pass on one reader instead).
 */
#ifndef ODP_JOBS_PARALLEL_H
#define ODP_JOBS_PARALLEL_H

#include <stddef.h>

#include "out.h"
#include "table.h"

#define ODP_PAR_FALLBACK 2

struct odp_par_ops {
    void *ctx;
    int nworkers;
    /* all rows of chunk table ct on worker w; output (if any) into out */
    int (*chunk)(void *ctx, int w, struct odp_table *ct, struct odp_out *out, struct odp_err *err);
    /* chunk output in input order, on the calling thread (NULL: none) */
    int (*emit)(void *ctx, const char *p, size_t n, struct odp_err *err);
    /*
     * With emit: the stream emit writes to, when it hashes (NULL: none). The calling
     * thread then computes its digest and the input's together, each chunk's input and
     * output as two interleaved SHA-256 chains, instead of the read-ahead and writer
     * threads each hashing one stream (sha256.h). emit must write exactly the bytes it
     * is given to it, and nothing else may write to it during the pass.
     */
    struct odp_out *hash_out;
};

/* Chunk size: env ODPUB_CHUNK_BYTES (tests make chunks tiny), else 1 MiB. */
size_t odp_par_chunk_size(void);

/* Bytes of bulk buffers (bigmem.h) a pass on nworkers takes: the read-ahead's blocks,
 * the chunk outputs and the data file's write ring (a reservation's size). */
size_t odp_par_buffer_bytes(int nworkers);

/* Online CPUs (1..64): the default number of workers. */
int odp_par_cpus(void);

int odp_par_run(struct odp_table *t, const struct odp_par_ops *ops, struct odp_err *err);

#endif
