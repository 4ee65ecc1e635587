/*
 * fuzz_csv.c - the CSV reader (lib/table/table.h odp_table_open + odp_table_next), as
 * `odpub release` / `audit` / `init` read an agency extract. The oracle is the shared
 * differential harness fuzz_table_diff (fuzz_helpers.c, fuzz.h): the fast scanner
 * (AVX-512BW where the CPU has it) against the SSE2 one and the plain byte-at-a-time one
 * with a tiny block.
 */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_table_diff(data, size, ODP_FMT_CSV, "in.csv");
}
