/*
 * fuzz_csv.c - the CSV reader (lib/table.h odp_table_open + odp_table_next), as
 * `odpub release` / `audit` / `init` read an agency extract.
 *
 * Differential oracle: the input is read by two readers at once, the fast SSE2 scanner
 * with the default 1 MiB block and the plain byte-at-a-time scanner with a tiny block
 * (1..61 bytes, so records, quotes, CRLF pairs and UTF-8 sequences straddle refills).
 * They must agree on every row (fields, line, record number, field positions) and on
 * the final result (ODP_END, or the same error code at the same line and column).
 * After ODP_END the digest must be the SHA-256 of the input, and a rewind must give
 * the same number of rows again. Caps are lowered (field 1 MiB, record 2 MiB) so a
 * hostile input cannot make the harness itself big.
 */
#include <string.h>

#include <openssl/sha.h>

#include "fuzz.h"
#include "table_int.h"

#define MAX_FIELD (1u << 20)
#define MAX_RECORD (2u << 20)

static struct odp_table *
open_one(const char *path, size_t block, int plain, struct odp_err *err)
{
    struct odp_table_tune tune;

    memset(&tune, 0, sizeof(tune));
    tune.block = block;
    tune.plain = plain;
    tune.max_field = MAX_FIELD;
    tune.max_record = MAX_RECORD;
    odp_err_clear(err);
    return odp_table_open_tuned(path, ODP_FMT_CSV, 1, &tune, err);
}

static void
same_err(const struct odp_err *a, const struct odp_err *b)
{
    FUZZ_CHECK(a->code == b->code);
    FUZZ_CHECK(a->line == b->line);
    FUZZ_CHECK(a->col == b->col);
    FUZZ_CHECK(strcmp(a->msg, b->msg) == 0);
}

static void
same_row(const struct odp_table *ta, const struct odp_row *a, const struct odp_table *tb,
         const struct odp_row *b)
{
    size_t i;

    FUZZ_CHECK(a->n == b->n);
    FUZZ_CHECK(a->line == b->line);
    FUZZ_CHECK(a->recno == b->recno);
    for (i = 0; i < a->n; i++) {
        uint64_t la, ca, lb, cb;

        FUZZ_CHECK(a->f[i].len == b->f[i].len);
        FUZZ_CHECK(a->f[i].len == 0 || memcmp(a->f[i].p, b->f[i].p, a->f[i].len) == 0);
        odp_table_locate(ta, i, &la, &ca);
        odp_table_locate(tb, i, &lb, &cb);
        FUZZ_CHECK(la == lb && ca == cb);
        FUZZ_CHECK(la >= a->line && ca >= 1);
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct odp_table *a = NULL, *b = NULL;
    struct odp_err ea, eb;
    struct odp_row ra, rb;
    const struct odp_row *ha, *hb;
    const char *path;
    uint8_t dig[32], want[32];
    uint64_t bytes, rows = 0, again = 0;
    size_t block = 1 + (size_t)(fuzz_hash(data, size) % 61);
    int rca, rcb;

    path = fuzz_write("in.csv", data, size);
    a = open_one(path, 0, -1, &ea);
    b = open_one(path, block, 1, &eb);
    FUZZ_CHECK((a == NULL) == (b == NULL));
    if (a == NULL) {
        fuzz_check_err(&ea, ea.code);
        same_err(&ea, &eb);
        goto out;
    }
    ha = odp_table_header(a);
    hb = odp_table_header(b);
    FUZZ_CHECK(ha->n >= 1);
    same_row(a, ha, b, hb);
    for (;;) {
        rca = odp_table_next(a, &ra, &ea);
        rcb = odp_table_next(b, &rb, &eb);
        FUZZ_CHECK(rca == rcb);
        if (rca != ODP_OK) {
            break;
        }
        FUZZ_CHECK(ra.n == ha->n);
        same_row(a, &ra, b, &rb);
        rows++;
    }
    if (rca < 0) {
        fuzz_check_err(&ea, rca);
        same_err(&ea, &eb);
        FUZZ_CHECK(ea.line >= 1);
        goto out;
    }
    FUZZ_CHECK(rca == ODP_END);
    FUZZ_CHECK(odp_table_input_digest(a, dig, &bytes) == ODP_OK);
    FUZZ_CHECK(bytes == size);
    SHA256(data, size, want);
    FUZZ_CHECK(memcmp(dig, want, 32) == 0);
    FUZZ_CHECK(odp_table_input_digest(b, dig, &bytes) == ODP_OK);
    FUZZ_CHECK(memcmp(dig, want, 32) == 0);

    odp_err_clear(&ea);
    FUZZ_CHECK(odp_table_rewind(a, &ea) == ODP_OK);
    while ((rca = odp_table_next(a, &ra, &ea)) == ODP_OK) {
        again++;
    }
    FUZZ_CHECK(rca == ODP_END);
    FUZZ_CHECK(again == rows);
out:
    odp_table_free(a);
    odp_table_free(b);
    return 0;
}
