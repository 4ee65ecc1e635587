/*
 * rational.h - exact non-negative rationals from decimal text ("0.5", "1e-6", "2/3"), for
 * the differential privacy parameters (epsilon, delta, budgets): read without a binary
 * double in between, so "0.1" is 1/10 and budgets add up exactly.
 */
#ifndef ODP_RATIONAL_H
#define ODP_RATIONAL_H

#include <stddef.h>
#include <stdint.h>

#include "odp/err.h"

/*
 * Parses the n bytes at s (no NUL needed; NUL inside is a syntax error) as a
 * non-negative exact rational and stores it reduced to lowest terms in *num / *den.
 * Grammar: DIGITS [ "." DIGITS ] [ ("e" | "E") [ "+" | "-" ] DIGITS ]   ("0.5", "2",
 *          "1e-6", "2.50E+1") or DIGITS "/" DIGITS ("2/3"). No sign, no spaces, no
 *          "5." or ".5", at most 38 digits per number, exponents up to +-999.
 * Exact: "0.1" gives 1/10, "2.50" gives 5/2, "1e-6" gives 1/1000000.
 * Returns ODP_OK, ODP_EINVAL (s, num or den NULL, or a zero denominator "1/0"),
 * ODP_ESYNTAX (not in the grammar; col says where), ODP_ELIMIT (the reduced num or den
 * does not fit 64 bits, e.g. "1e-20" or "18446744073709551616").
 */
int odp_rational_parse(const char *s, size_t n, uint64_t *num, uint64_t *den, struct odp_err *err);

/*
 * a/b + c/d reduced into *num / *den (ODP_ELIMIT when a part does not fit 64 bits).
 * All denominators non-zero.
 */
int odp_rational_add(uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t *num, uint64_t *den,
                     struct odp_err *err);

/* a/b - c/d (>= 0) reduced into *num / *den; ODP_EINVAL when c/d > a/b. */
int odp_rational_sub(uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t *num, uint64_t *den,
                     struct odp_err *err);

/* Compares a/b with c/d exactly: <0, 0, >0. Denominators non-zero. */
int odp_rational_cmp(uint64_t a, uint64_t b, uint64_t c, uint64_t d);

/*
 * Writes a/b as exact decimal text when b has only the factors 2 and 5 ("0.5",
 * "1.25", "2"), else as "a/b". Returns the length, or -1 when it does not fit `size`.
 */
int odp_rational_format(uint64_t a, uint64_t b, char *buf, size_t size);

#endif
