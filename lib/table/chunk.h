/*
 * chunk.h - a CSV input split at record boundaries for the chunk-parallel release.
 *
 * odp_chunks_begin takes over a table whose header was read (open or rewind): it hands
 * out the raw bytes that follow, in order, as chunks that each end at a record boundary
 * found by a quote-parity scan (an LF outside quotes: RFC 4180 quotes come in pairs, so
 * parity is exact in valid input, and before the first malformed quote of invalid input,
 * whose chunk then starts at a true boundary and meets that error first). Each chunk
 * carries its first line and the number of records before it, so a reader over the
 * chunk (odp_table_chunk_*) reports the same FILE:LINE:COL and record numbers as one
 * reader over the whole file. At the end the table's input digest is complete.
 */
#ifndef ODP_TABLE_CHUNK_H
#define ODP_TABLE_CHUNK_H

#include <stddef.h>
#include <stdint.h>

#include "table.h"

#define ODP_CHUNK_PAD 64 /* spare bytes a chunk buffer needs after its data */

struct odp_chunker;

/* NULL + err when the table cannot be split (JSON, stdin: ODP_EINVAL, nothing read). */
struct odp_chunker *odp_chunks_begin(struct odp_table *t, size_t chunk, size_t max,
                                     struct odp_err *err);
void odp_chunks_end(struct odp_chunker *k);

/*
 * The next chunk into *buf (grown as needed; capacity *cap, with the pad): ODP_OK with
 * *len bytes, first line *line and *recno records before it; ODP_END when no bytes are
 * left; ODP_ELIMIT when no record boundary came within `max` bytes (the caller falls
 * back to one reader); or an I/O error.
 */
int odp_chunks_next(struct odp_chunker *k, char **buf, size_t *cap, size_t *len, uint64_t *line,
                    uint64_t *recno, struct odp_err *err);

/*
 * Chunks for the worker pipeline (parallel.c): like odp_chunks_next, but once the chunker
 * was allowed to lend (odp_chunks_lend: a ring of `nblocks` read-ahead blocks, at least
 * the chunks in flight + 2) a chunk is, where it can be, a view into a block of the
 * input source with no copy: the partial record of the previous block is put in front of
 * it, and the rest after its last record end is kept for the next. A chunk that cannot
 * be a view (the header's leftovers, a record longer than a block, the end, a transcoded
 * or in-memory input) is copied into c->buf as by odp_chunks_next. Every chunk is given
 * back with odp_chunks_give once its reader is done with it, before odp_chunks_end.
 * The ODP_CHUNK_PAD bytes after a chunk are its reader's in both cases.
 */
struct odp_chunk {
    char *data; /* the chunk: a view into a lent block, or buf */
    size_t len;
    uint64_t line, recno;
    char *buf; /* the copied chunks' buffer, kept from call to call (free it) */
    size_t cap;
    int lent; /* data is in source block blk */
    unsigned blk;
};
void odp_chunks_lend(struct odp_chunker *k, unsigned nblocks);
/* Bytes of bulk memory (bigmem.h) one read-ahead block for chunks of `chunk` bytes
 * takes, and the blocks a regular file's read-ahead starts with take. */
size_t odp_chunks_block_bytes(size_t chunk);
size_t odp_chunks_start_bytes(void);
int odp_chunks_take(struct odp_chunker *k, struct odp_chunk *c, struct odp_err *err);
void odp_chunks_give(struct odp_chunker *k, struct odp_chunk *c);

/*
 * The input's SHA-256 taken over from the read-ahead thread (lending chunkers only,
 * before the first chunk is taken; NULL otherwise): the caller adds every chunk's bytes
 * in order, skipping the first *skip bytes of the chunks (the thread had already hashed
 * them), and then calls odp_chunks_hash_done, which puts the digest where
 * odp_table_input_digest finds it. The chunk pipeline hashes each chunk's input together
 * with its output (two SHA-256 chains interleaved, sha256.h).
 */
struct odp_sha256;
struct odp_sha256 *odp_chunks_hash_take(struct odp_chunker *k, uint64_t *skip);
void odp_chunks_hash_done(struct odp_chunker *k);

/* A reader over one chunk at a time, sharing the parent's header and path. */
struct odp_table *odp_table_chunk_new(const struct odp_table *parent, struct odp_err *err);
int odp_table_chunk_set(struct odp_table *ct, char *buf, size_t len, uint64_t line, uint64_t recno,
                        int term, struct odp_err *err);
/* The line ending the header fixed (every chunk reader checks records against it). */
int odp_chunks_term(const struct odp_chunker *k);

/* Quote-parity scan of p[0..n) starting outside quotes: the offset just after the last
 * record-ending LF (0 if none), and the LFs and records before it. Reads only p[0..n).
 * The fastest implementation the CPU has (odp_csv_boundary_level). */
size_t odp_csv_boundary(const char *p, size_t n, uint64_t *lines, uint64_t *records);

/* The reference: a memchr loop over quotes and LFs. Every other implementation must
 * give its results on every input (tests/unit/test_boundary.c, fuzz_chunks). */
size_t odp_csv_boundary_scalar(const char *p, size_t n, uint64_t *lines, uint64_t *records);

/* The reference from either state: inq 0 starts outside quotes, 1 inside. */
size_t odp_csv_boundary_from(const char *p, size_t n, int inq, uint64_t *lines, uint64_t *records);

/* A block's scan under both states at its first byte (struct odp_bscan2, table_int.h):
 * last[h], lines[h], recs[h] are odp_csv_boundary_from(p, n, h, ...)'s results. */
struct odp_bscan2;
void odp_csv_boundary2(const char *p, size_t n, struct odp_bscan2 *r);
void odp_csv_boundary2_impl(int level, const char *p, size_t n, struct odp_bscan2 *r);

/* The implementations: 64-byte blocks with SSE2, AVX2 or AVX-512BW loads, PCLMULQDQ
 * prefix XOR. */
enum {
    ODP_BOUNDARY_SCALAR = 0,
    ODP_BOUNDARY_SSE = 1,
    ODP_BOUNDARY_AVX2 = 2,
    ODP_BOUNDARY_AVX512 = 3
};

/* The best level this CPU (and build) runs. */
int odp_csv_boundary_level(void);

/* odp_csv_boundary with the given level, or the best one below it the CPU runs. */
size_t odp_csv_boundary_impl(int level, const char *p, size_t n, uint64_t *lines,
                             uint64_t *records);

#endif
