/*
 * fuzz_tolerant.c - the CSV reader's tolerant mode (odp_read_opts.tolerant, `init`'s
 * reading). Oracles: the best scanner, SSE2 and the plain one with a tiny block read the
 * same rows, stop with the same error and count the same faults; where the strict
 * reader reads the whole input, the tolerant one reads the same rows and counts
 * nothing; where it stops, the rows before agree; every row has the header's width.
 */
#include <string.h>

#include "fuzz.h"
#include "table_int.h"

#define READERS 3

static void
same_fields(const struct odp_row *a, const struct odp_row *b)
{
    size_t i;

    FUZZ_CHECK(a->n == b->n);
    FUZZ_CHECK(a->line == b->line);
    for (i = 0; i < a->n; i++) {
        FUZZ_CHECK(a->f[i].len == b->f[i].len);
        FUZZ_CHECK(a->f[i].len == 0 || memcmp(a->f[i].p, b->f[i].p, a->f[i].len) == 0);
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct odp_table *t[READERS] = {NULL}, *strict;
    struct odp_err e[READERS], es;
    struct odp_row r[READERS], rs;
    struct odp_read_faults f0, f;
    size_t block = 1 + (size_t)(fuzz_hash(data, size) % 61), i, k, n;
    int rc[READERS], rcs = ODP_OK;
    const char *path = fuzz_write("in.csv", data, size);

    t[0] = fuzz_open_table_tolerant(path, ODP_FMT_CSV, 0, -1, 1, &e[0]);
    t[1] = fuzz_open_table_tolerant(path, ODP_FMT_CSV, block, 1, 1, &e[1]);
    t[2] = fuzz_open_table_tolerant(path, ODP_FMT_CSV, block, -2, 1, &e[2]);
    strict = fuzz_open_table_tolerant(path, ODP_FMT_CSV, 0, -1, 0, &es);
    for (i = 1; i < READERS; i++) {
        FUZZ_CHECK((t[0] == NULL) == (t[i] == NULL));
        if (t[0] == NULL) {
            fuzz_same_err(&e[0], &e[i]);
        }
    }
    if (t[0] == NULL) {
        fuzz_check_err(&e[0], e[0].code);
        goto out;
    }
    n = odp_table_header(t[0])->n;
    for (i = 1; i < READERS; i++) {
        same_fields(odp_table_header(t[0]), odp_table_header(t[i]));
    }
    for (;;) {
        for (i = 0; i < READERS; i++) {
            rc[i] = odp_table_next(t[i], &r[i], &e[i]);
        }
        for (i = 1; i < READERS; i++) {
            FUZZ_CHECK(rc[0] == rc[i]);
        }
        if (strict != NULL && rcs == ODP_OK) {
            rcs = odp_table_next(strict, &rs, &es);
            if (rcs == ODP_OK) { /* a row the strict reader takes is read the same */
                FUZZ_CHECK(rc[0] == ODP_OK);
                same_fields(&rs, &r[0]);
            }
        }
        if (rc[0] != ODP_OK) {
            break;
        }
        FUZZ_CHECK(r[0].n == n);
        for (i = 1; i < READERS; i++) {
            same_fields(&r[0], &r[i]);
        }
    }
    if (rc[0] != ODP_END) {
        fuzz_check_err(&e[0], rc[0]);
        for (i = 1; i < READERS; i++) {
            fuzz_same_err(&e[0], &e[i]);
        }
    }
    odp_table_faults(t[0], &f0);
    for (i = 1; i < READERS; i++) {
        odp_table_faults(t[i], &f);
        FUZZ_CHECK(memcmp(&f0, &f, sizeof(f)) == 0);
    }
    if (strict != NULL && rcs == ODP_END) { /* all of it read strictly: no fault */
        FUZZ_CHECK(rc[0] == ODP_END);
        for (k = 0; k < ODP_FAULT_N; k++) {
            FUZZ_CHECK(f0.count[k] == 0);
        }
    }
out:
    for (i = 0; i < READERS; i++) {
        odp_table_free(t[i]);
    }
    odp_table_free(strict);
    return 0;
}
