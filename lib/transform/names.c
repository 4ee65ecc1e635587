/*
 * names.c - lookups in the compiled name tables (names.h): binary search over the
 * sorted, uppercase name blob.
 */
#include <math.h>
#include <string.h>

#include "names.h"
#include "names_data.h"

#define NAME_MAX_LETTERS 31

/* SSA births 1880-2024 in all (sum over every name, both sexes), for per-million shares. */
#define SSA_TOTAL_BIRTHS 370365681.0

int
odp_name_lookup(const char *tok, size_t n, struct odp_name_info *out)
{
    char key[NAME_MAX_LETTERS + 1];
    size_t k = 0, i;
    uint32_t lo = 0, hi = odp_names_n;

    memset(out, 0, sizeof(*out));
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)tok[i];

        if (c == '\'') {
            continue;
        }
        if (c >= 'a' && c <= 'z') {
            c = (unsigned char)(c - 'a' + 'A');
        } else if (c < 'A' || c > 'Z') {
            return 0;
        }
        if (k == NAME_MAX_LETTERS) {
            return 0;
        }
        key[k++] = (char)c;
    }
    if (k == 0) {
        return 0;
    }
    key[k] = '\0';
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(odp_names_blob + odp_names_off[mid], key);

        if (cmp == 0) {
            out->given_count = odp_names_given[mid];
            out->surname_rank = odp_names_srank[mid];
            out->flags = odp_names_flags[mid];
            out->word_level = odp_names_wlevel[mid];
            return 1;
        }
        if (cmp < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return 0;
}

double
odp_name_given_per_million(const struct odp_name_info *ni)
{
    return ni->given_count * 1e6 / SSA_TOTAL_BIRTHS;
}

double
odp_name_surname_per_million(const struct odp_name_info *ni)
{
    /*
     * Log-log interpolation between the Census 1990 published shares at ranks 1, 10, 100
     * and 1000 (per million: 10060, 3110, 830, 120); past rank 1000 a Zipf tail of
     * exponent 1 (about 12 per million at rank 10,000).
     */
    static const double rk[] = {1, 10, 100, 1000}, pm[] = {10060, 3110, 830, 120};
    double r = (double)ni->surname_rank;
    size_t i;

    if (ni->surname_rank == 0) {
        return 0.0;
    }
    if (r >= 1000) {
        return 120.0 * 1000.0 / r;
    }
    for (i = 0; i + 1 < 4 && r > rk[i + 1]; i++) {
    }
    return pm[i] * pow(pm[i + 1] / pm[i], log10(r / rk[i]));
}

size_t
odp_names_count(void)
{
    return odp_names_n;
}
