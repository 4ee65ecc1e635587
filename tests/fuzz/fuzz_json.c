/*
 * fuzz_json.c - the JSON record reader (lib/table/table.h odp_table_open with
 * ODP_FMT_JSON), as `odpub release` reads a .json / .ndjson / .jsonl extract: a top-level
 * array of flat objects or one object per line. The oracle is the shared differential
 * harness fuzz_table_diff (fuzz_helpers.c, fuzz.h): the default block and fast UTF-8
 * check against a tiny block and the plain check.
 */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_table_diff(data, size, ODP_FMT_JSON, "in.json");
}
