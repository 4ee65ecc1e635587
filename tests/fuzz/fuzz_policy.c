/*
 * fuzz_policy.c - the policy loader (lib/policy.h odp_policy_load), as every command
 * that takes --policy reads it: libyaml events, schema checks, `extends` resolution
 * and merge.
 *
 * The input is written to a scratch policy.yaml. Beside it sits base.yaml (a small
 * valid parent), and policies_dir is the shipped policies/, so `extends: base`,
 * `extends: base.yaml` and `extends: nyc-baseline` all resolve; ODPUB_POLICY_PATH is
 * unset so the search list is the same everywhere.
 *
 * Oracle: a failure fills an error record (negative code, clean message); a success
 * must survive the documented round trip: the effective policy written by
 * odp_policy_write_effective loads back, and writing that again gives the same bytes.
 */
#include <string.h>

#include "out.h"
#include "fuzz.h"
#include "policy.h"

static const char base_yaml[] =
    "odpub: 1\n"
    "name: base\n"
    "default: reject\n"
    "keys:\n"
    "  pseudonym: env:ODP_FUZZ_KEY\n"
    "columns:\n"
    "  id: {action: pseudonymize}\n"
    "  zip: {action: generalize, digits: 3}\n"
    "privacy:\n"
    "  quasi_identifiers: [zip]\n"
    "  k: 5\n";

static char *
effective(const struct odp_policy *p, size_t *len)
{
    struct odp_out o;
    struct odp_err err;
    const char *m;
    char *copy;

    odp_err_clear(&err);
    FUZZ_CHECK(odp_out_init(&o, -1, "mem", 0, &err) == ODP_OK);
    FUZZ_CHECK(odp_policy_write_effective(p, NULL, &o, &err) == ODP_OK);
    m = odp_out_mem(&o, len);
    copy = malloc(*len + 1);
    FUZZ_CHECK(copy != NULL);
    if (*len > 0) {
        memcpy(copy, m, *len);
    }
    copy[*len] = '\0';
    odp_out_release(&o);
    return copy;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    struct odp_policy *p, *q;
    struct odp_err err;
    const char *path;
    char *y1, *y2;
    size_t n1, n2;

    if (!ready) {
        unsetenv("ODPUB_POLICY_PATH");
        fuzz_write("base.yaml", base_yaml, sizeof(base_yaml) - 1);
        ready = 1;
    }
    path = fuzz_write("policy.yaml", data, size);
    odp_err_clear(&err);
    p = odp_policy_load(path, ODP_SRCDIR "/policies", &err);
    if (p == NULL) {
        fuzz_check_err(&err, err.code);
        return 0;
    }
    y1 = effective(p, &n1);
    path = fuzz_write("effective.yaml", y1, n1);
    odp_err_clear(&err);
    q = odp_policy_load(path, NULL, &err);
    if (q == NULL) {
        char line[2048];

        fprintf(stderr, "effective policy does not load back: %s\n",
                odp_err_format(&err, line, sizeof(line)));
        FUZZ_CHECK(q != NULL);
    }
    y2 = effective(q, &n2);
    FUZZ_CHECK(n1 == n2 && memcmp(y1, y2, n1) == 0);
    odp_policy_free(p);
    odp_policy_free(q);
    free(y1);
    free(y2);
    return 0;
}
