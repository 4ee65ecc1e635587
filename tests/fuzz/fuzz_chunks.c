/*
 * fuzz_chunks.c - the input side of the chunk-parallel release (lib/table/chunk.c,
 * source.c): a CSV cut into chunks by the quote-parity scan, the chunks views into the
 * read-ahead's lent blocks or copies, each read by a chunk reader, must give exactly the
 * rows of one reader over the whole file (fields, lines, record numbers, positions), and
 * the first error in input order must be one reader's first error (code, line, column,
 * message), as `release --threads N` promises. Chunk size (64..4159 bytes) and how many
 * chunks are held before they are read (1..4, as workers hold them) come from the input's
 * hash. After the end both digests are the input's SHA-256. The boundary scan itself is
 * checked first: each SIMD implementation (odp_csv_boundary_impl) gives the scalar
 * reference's offset, lines and records on the input and on suffixes of it (so the
 * 64-byte blocks fall at every alignment); the input is libFuzzer's exact-size buffer,
 * so a load past its end is an ASan report.
 */
#include <string.h>

#include <openssl/sha.h>

#include "chunk.h"
#include "fuzz.h"
#include "table_int.h"

#define HOLD_MAX 4

static void
check_boundary(const uint8_t *data, size_t size, uint64_t h)
{
    size_t offs[4] = {0, 1, (size_t)(h % 64), (size_t)((h >> 6) % 4096)};
    size_t i, b, bs;
    uint64_t l, r, ls, rs;
    int level;

    for (i = 0; i < 4; i++) {
        const char *p;
        size_t n;

        if (offs[i] > size) {
            continue;
        }
        p = (const char *)data + offs[i];
        n = size - offs[i];
        bs = odp_csv_boundary_scalar(p, n, &ls, &rs);
        FUZZ_CHECK(bs <= n && rs <= ls && (bs == 0 || p[bs - 1] == '\n'));
        for (level = ODP_BOUNDARY_SSE; level <= ODP_BOUNDARY_AVX512; level++) {
            b = odp_csv_boundary_impl(level, p, n, &l, &r);
            FUZZ_CHECK(b == bs && l == ls && r == rs);
        }
        /* both start states at once (the read-ahead's scan) against the reference */
        for (level = ODP_BOUNDARY_SCALAR; level <= ODP_BOUNDARY_AVX512; level++) {
            struct odp_bscan2 r2;
            int st;

            odp_csv_boundary2_impl(level, p, n, &r2);
            for (st = 0; st < 2; st++) {
                b = odp_csv_boundary_from(p, n, st, &l, &r);
                FUZZ_CHECK(r2.last[st] == b && r2.lines[st] == l && r2.recs[st] == r);
            }
        }
    }
}

/*
 * Reads chunk c with ct against the reference reader a. Returns 0 to go on, 1 when both
 * stopped at the same error (the comparison is over).
 */
static int
read_chunk(struct odp_table *ct, struct odp_chunker *k, struct odp_chunk *c, struct odp_table *a)
{
    struct odp_err ec, ea;
    struct odp_row rc, ra;
    int rcc, rca;
    size_t i;

    odp_err_clear(&ec);
    FUZZ_CHECK(odp_table_chunk_set(ct, c->data, c->len, c->line, c->recno, odp_chunks_term(k),
                                   &ec) == ODP_OK);
    for (;;) {
        rcc = odp_table_next(ct, &rc, &ec);
        if (rcc == ODP_END) {
            return 0;
        }
        odp_err_clear(&ea);
        rca = odp_table_next(a, &ra, &ea);
        FUZZ_CHECK(rca == rcc);
        if (rcc < 0) {
            fuzz_check_err(&ec, rcc);
            fuzz_same_err(&ea, &ec);
            return 1;
        }
        FUZZ_CHECK(ra.n == rc.n && ra.line == rc.line && ra.recno == rc.recno);
        for (i = 0; i < ra.n; i++) {
            uint64_t la, ca, lc, cc;

            FUZZ_CHECK(ra.f[i].len == rc.f[i].len);
            FUZZ_CHECK(ra.f[i].len == 0 || memcmp(ra.f[i].p, rc.f[i].p, ra.f[i].len) == 0);
            odp_table_locate(a, i, &la, &ca);
            odp_table_locate(ct, i, &lc, &cc);
            FUZZ_CHECK(la == lc && ca == cc);
        }
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct odp_table *a, *b, *ct = NULL;
    struct odp_chunker *k = NULL;
    struct odp_chunk held[HOLD_MAX];
    struct odp_err ea, eb;
    struct odp_row ra;
    uint64_t h = fuzz_hash(data, size), bytes = 0;
    size_t chunk = 64 + (size_t)(h % 4096), hold = 1 + (size_t)((h >> 12) % HOLD_MAX);
    size_t head = 0, count = 0, i;
    uint8_t da[32], db[32], want[32];
    const char *path = fuzz_write("in.csv", data, size);
    int rc, stopped = 0;

    check_boundary(data, size, h);
    memset(held, 0, sizeof(held));
    a = fuzz_open_table(path, ODP_FMT_CSV, 0, 0, &ea);
    b = fuzz_open_table(path, ODP_FMT_CSV, 0, 0, &eb);
    FUZZ_CHECK((a == NULL) == (b == NULL));
    if (a == NULL) {
        fuzz_same_err(&ea, &eb);
        return 0;
    }
    k = odp_chunks_begin(b, chunk, FUZZ_MAX_RECORD, &eb);
    FUZZ_CHECK(k != NULL);
    odp_chunks_lend(k, (unsigned)hold + 2);
    ct = odp_table_chunk_new(b, &eb);
    FUZZ_CHECK(ct != NULL);
    for (;;) {
        struct odp_chunk *c = &held[(head + count) % HOLD_MAX];

        if (count == hold) { /* the oldest is read and given back first, as in order */
            stopped = read_chunk(ct, k, &held[head], a);
            odp_chunks_give(k, &held[head]);
            head = (head + 1) % HOLD_MAX;
            count--;
            if (stopped) {
                break;
            }
            continue;
        }
        odp_err_clear(&eb);
        rc = odp_chunks_take(k, c, &eb);
        if (rc == ODP_END) {
            break;
        }
        if (rc == ODP_ELIMIT) { /* the release falls back to one reader here */
            stopped = 2;
            break;
        }
        if (rc < 0) { /* a read error, or an encoding error, of the source itself */
            fuzz_check_err(&eb, rc);
            stopped = 2;
            break;
        }
        FUZZ_CHECK(c->len > 0);
        count++;
    }
    while (count > 0) {
        if (!stopped) {
            stopped = read_chunk(ct, k, &held[head], a);
        }
        odp_chunks_give(k, &held[head]);
        head = (head + 1) % HOLD_MAX;
        count--;
    }
    if (!stopped) { /* every chunk read: the reference is at its end too */
        odp_err_clear(&ea);
        FUZZ_CHECK(odp_table_next(a, &ra, &ea) == ODP_END);
        SHA256(data, size, want);
        FUZZ_CHECK(odp_table_input_digest(a, da, &bytes) == ODP_OK && bytes == size);
        FUZZ_CHECK(odp_table_input_digest(b, db, &bytes) == ODP_OK && bytes == size);
        FUZZ_CHECK(memcmp(da, want, 32) == 0 && memcmp(db, want, 32) == 0);
    }
    odp_chunks_end(k);
    for (i = 0; i < HOLD_MAX; i++) {
        free(held[i].buf);
    }
    odp_table_free(ct);
    odp_table_free(b);
    odp_table_free(a);
    return 0;
}
