/*
 * table_int.h - internals shared by table.c (the front: source, hashing, header,
 * dispatch), csv.c (the CSV scanner) and jsonin.c (the JSON record reader), plus the
 * knobs unit tests use to stress buffer boundaries and to compare the fast CSV
 * scanner with the plain one.
 *
 * Not installed, not part of the public API.
 */
#ifndef ODP_TABLE_INT_H
#define ODP_TABLE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "table.h"

/* Default read(2) block and initial buffer size of the readers. */
#define ODP_TABLE_BLOCK (1u << 20)

/*
 * Tuning for odp_table_open_tuned (tests). Fields left 0 take the defaults.
 * `block`: most bytes asked of one read(2) call (a tiny value makes records and
 *          quotes straddle refills); the buffer still grows for long records.
 * `plain`: 1 selects the plain byte-at-a-time CSV scanner and UTF-8 check
 *          (the reference the fast paths are compared with); -1 forces the fast
 *          path (AVX-512BW where the CPU has it, else SSE2) even when the environment
 *          asks for plain; -2 the SSE2 one. 0 follows env ODP_CSV_PLAIN (`1`: plain,
 *          `sse2`: SSE2 even on an AVX-512BW CPU).
 * `max_field`, `max_record`: lower caps than ODP_CSV_MAX_FIELD / _RECORD.
 */
struct odp_table_tune {
    size_t block;
    int plain;
    size_t max_field;
    size_t max_record;
    int delimiter;              /* 0: `,` */
    enum odp_encoding encoding; /* ODP_ENC_DEFAULT: UTF-8 */
    int tolerant;               /* odp_read_opts.tolerant */
};

/* odp_table_open with tuning (NULL = defaults). */
struct odp_table *odp_table_open_tuned(const char *path, enum odp_input_format fmt, int hash,
                                       const struct odp_table_tune *tune, struct odp_err *err);

/* The fastest CSV scanner this build and CPU run: 2 AVX-512BW, 1 SSE2, 0 plain only. */
int odp_csv_simd(void);

/* --- shared between the front and the readers --- */

struct odp_csv;
struct odp_jsonin;
struct odp_readahead;

/*
 * One reader per input format: a new format is a file with these functions and a row in
 * table.c's readers[] (docs/ARCHITECTURE.md, "How to add an input format").
 */
struct odp_reader_ops {
    int (*open)(struct odp_table *t, struct odp_err *err); /* reads the header */
    int (*next)(struct odp_table *t, struct odp_row *row, struct odp_err *err);
    int (*rewind)(struct odp_table *t, struct odp_err *err); /* after the fd is at 0 */
    void (*locate)(const struct odp_table *t, size_t i, uint64_t *line, uint64_t *col);
    void (*release)(struct odp_table *t); /* frees the reader state */
    int raw_views; /* fields are views into the raw read buffer (see odp_table_raw_views) */
};

struct odp_table {
    enum odp_input_format fmt;
    const struct odp_reader_ops *rd;
    char *path; /* origin for errors: the path or "<stdin>" */
    int fd;
    const char *mem; /* odp_table_open_mem: the bytes (fd is -1), else NULL */
    size_t mem_len, mem_off;
    int is_stdin;
    int eof; /* read(2) returned 0 in this pass */
    int hash;
    struct odp_readahead *ra; /* read(2) + SHA-256 on a second thread; NULL when off */
    uint64_t bytes;           /* raw bytes read in this pass */
    int pass_done;            /* ODP_END reached in this pass */
    uint8_t digest[32];
    size_t block;
    int plain;
    int simd_max; /* 2: the AVX-512BW scanner where the CPU has it; 1: SSE2 at most */
    size_t max_field;
    size_t max_record;
    int delim; /* CSV field delimiter: `,` `;` TAB `|` */
    int enc;   /* enum odp_encoding: LATIN1 and WINDOWS1252 are transcoded */
    int tolerant;                  /* read faults instead of failing (CSV data rows) */
    struct odp_read_faults faults; /* what a tolerant read met */

    /* transcoding (source.c): raw block, its UTF-8, what is handed out, raw position */
    char *xraw, *xout;
    size_t xraw_cap, xout_cap, x_len, x_off;
    uint64_t x_line, x_col;
    int x_bad; /* an undefined byte at x_line/x_col: the next read fails */

    struct odp_row header;
    struct odp_field *hdr_f;
    char *hdr_mem;

    struct odp_csv *csv;
    struct odp_jsonin *json;
};

/*
 * Reads up to n bytes into p (fewer than n is not the end; 0 is the end and sets
 * t->eof), feeding the hash with the raw bytes. Retries EINTR. With t->enc LATIN1 or
 * WINDOWS1252 the bytes handed out are the input transcoded to UTF-8 (an undefined
 * windows-1252 byte: ODP_ESYNTAX at its raw line and column, after the bytes before
 * it). Returns the byte count, ODP_EIO, ODP_ESYNTAX or ODP_ENOMEM.
 */
/* source.c: start (or restart, after a rewind) the byte source and its SHA-256, and
 * stop its read-ahead thread (before a seek or close). */
int odp_source_start(struct odp_table *t, struct odp_err *err);
void odp_source_stop(struct odp_table *t);
/*
 * Borrowing the read-ahead's blocks (the chunk-parallel release, chunk.c): odp_source_ring
 * grows the ring to `nblocks` blocks and makes later reads `size` bytes (ODP_EINVAL when
 * the source has no read-ahead thread, is in memory or is transcoded, or for more than
 * 160 blocks: copy instead); with `scan`, each block read from then on carries its
 * struct odp_bscan2.
 * odp_source_take lends the next block (or the rest of the one being copied out) as it
 * is: `head` bytes before `data` and ODP_SOURCE_PAD bytes after data + len are the
 * borrower's to overwrite. ODP_END when the next block is the end or a read error (left
 * for odp_table_read to report). Every block taken is given back (any thread), before
 * odp_source_stop; blocks are not refilled while lent.
 */
#define ODP_SOURCE_PAD 64
/*
 * A read-ahead block's record-boundary scan, made on the read-ahead thread right after
 * read(2) while the bytes are in its cache (odp_source_ring with scan on; chunk.c), under
 * both hypotheses about the state at the block's first byte: h = 0 outside quotes, h = 1
 * inside. Per h: the offset just after the last record-ending LF (0: none) and the LFs
 * and record ends before it. The chunker picks h by the state the bytes before the block
 * leave (odp_chunks_take), so no block waits on the scan of the one before it.
 */
struct odp_bscan2 {
    size_t last[2];
    uint64_t lines[2], recs[2];
};

struct odp_source_blk {
    char *data;
    size_t len;
    size_t head;
    unsigned id;
    const struct odp_bscan2 *scan; /* the whole block's scan while lent, or NULL */
};
int odp_source_ring(struct odp_table *t, unsigned nblocks, size_t size, int scan,
                    struct odp_err *err);
/* Bytes of bulk memory one read-ahead block of `size` data bytes takes, and the blocks a
 * regular file's read-ahead starts with take (chunk.h). */
size_t odp_source_block_bytes(size_t size);
size_t odp_source_start_bytes(void);
int odp_source_take(struct odp_table *t, struct odp_source_blk *v, struct odp_err *err);
void odp_source_give(struct odp_table *t, const struct odp_source_blk *v);
/* At the end of a pass: the input's SHA-256 into t->digest. ODP_OK or ODP_EINTERNAL. */
int odp_source_finish(struct odp_table *t, struct odp_err *err);
/*
 * The input's digest taken over by the chunk pipeline (chunk.h, odp_chunks_hash_take):
 * the read-ahead thread stops hashing, *hashed is the number of bytes already in the
 * context (it has read ahead of what it handed out), and the caller adds the rest of the
 * file in order. odp_source_finish then leaves the digest to odp_source_hash_done. NULL
 * when the source is not a read-ahead ring or was already taken.
 */
struct odp_sha256;
struct odp_sha256 *odp_source_hash_take(struct odp_table *t, uint64_t *hashed);
void odp_source_hash_done(struct odp_table *t);

long long odp_table_read(struct odp_table *t, char *p, size_t n, struct odp_err *err);
/* Restarts the transcoder's position (a new pass). */
void odp_source_xcode_reset(struct odp_table *t);
/* One byte of `enc` (LATIN1 or WINDOWS1252) as UTF-8 into out: its length, or 0 for a
 * byte windows-1252 leaves undefined. */
size_t odp_transcode_byte(enum odp_encoding enc, unsigned char b, char out[3]);

/* Copies a row into the table's own header storage. ODP_OK or ODP_ENOMEM. */
int odp_table_set_header(struct odp_table *t, const struct odp_field *f, size_t n,
                         struct odp_err *err);

/*
 * Finds a repeated name among n (sorting, so wide headers stay O(n log n)): *dup is the
 * index of the earliest repeat in order and *first the index it repeats, or *dup is
 * SIZE_MAX when all names differ. ODP_OK or ODP_ENOMEM.
 */
int odp_table_find_dup(const struct odp_field *f, size_t n, size_t *dup, size_t *first,
                       struct odp_err *err);

/*
 * Gives each repeat of a name among f[0..n) a name of its own: the first keeps it, the
 * others become name.1, name.2 ... in order (as pandas and R read such a header),
 * skipping names already in the header. The new names live in *store (free it; NULL
 * when nothing was renamed); *renamed counts them. ODP_OK or ODP_ENOMEM.
 */
int odp_table_rename_dups(struct odp_field *f, size_t n, char **store, size_t *renamed,
                          struct odp_err *err);

/*
 * UTF-8 check of p[0..n): returns n when valid, else the offset of the first byte of
 * the first bad sequence. `plain` selects the byte-at-a-time version.
 */
size_t odp_utf8_check(const char *p, size_t n, int plain);

/* CSV reader (csv.c). open reads the header; rewind re-reads it from the start. */
int odp_csv_open(struct odp_table *t, struct odp_err *err);
int odp_csv_next(struct odp_table *t, struct odp_row *row, struct odp_err *err);
int odp_csv_rewind(struct odp_table *t, struct odp_err *err);
void odp_csv_locate(const struct odp_table *t, size_t i, uint64_t *line, uint64_t *col);
void odp_csv_free(struct odp_csv *c);

/* Chunks: the bytes buffered past the header (consumed), the next line and the line
 * ending so far; a reader over one chunk (buf needs ODP_CHUNK_PAD spare bytes). */
void odp_csv_rest(struct odp_table *t, const char **p, size_t *n, uint64_t *line, int *term);
int odp_csv_chunk(struct odp_table *t, char *buf, size_t len, uint64_t line, uint64_t recno,
                  int term, size_t ncols, struct odp_err *err);

/* JSON reader (jsonin.c), same contract. */
int odp_jsonin_open(struct odp_table *t, struct odp_err *err);
int odp_jsonin_next(struct odp_table *t, struct odp_row *row, struct odp_err *err);
int odp_jsonin_rewind(struct odp_table *t, struct odp_err *err);
void odp_jsonin_locate(const struct odp_table *t, size_t i, uint64_t *line, uint64_t *col);
void odp_jsonin_free(struct odp_jsonin *j);

#endif
