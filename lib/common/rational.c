/*
 * rational.c - exact rationals from decimal text, their sum, comparison and printing
 * (rational.h). Integers only: 128-bit intermediates, reduced at every step.
 */
#include <stdio.h>
#include <string.h>

#include "rational.h"

/* Unsigned 128-bit integers (GCC, Clang); see privacy/dp_internal.h. */
__extension__ typedef unsigned __int128 odp_u128;

static odp_u128
gcd128(odp_u128 a, odp_u128 b)
{
    odp_u128 r;

    while (b != 0) {
        r = a % b;
        a = b;
        b = r;
    }
    return a;
}

static int
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int
syntax_at(struct odp_err *err, size_t i, const char *what)
{
    struct odp_loc loc = {NULL, 1, (uint64_t)i + 1};

    return odp_errf(err, ODP_ESYNTAX, &loc, "rational: %s", what);
}

/* x *= f^e with an overflow check against lim; returns 0 on overflow. */
static int
mul_pow(odp_u128 *x, unsigned f, uint64_t e, odp_u128 lim)
{
    while (e > 0) {
        if (*x > lim / f) {
            return 0;
        }
        *x *= f;
        e--;
    }
    return 1;
}

/*
 * Reads DIGITS at s[*i] into *m, with trailing zeros deferred in *zeros (so that 38
 * digits always fit: m * 10^zeros < 10^38 < 2^127). Each digit read decrements *shift
 * when shift is not NULL (digits after the decimal point).
 */
static int
scan_digits(const char *s, size_t n, size_t *i, unsigned *ndig, odp_u128 *m, uint64_t *zeros,
            int64_t *shift, struct odp_err *err)
{
    unsigned dg;

    if (*i >= n || !is_digit(s[*i])) {
        return syntax_at(err, *i, "expected a digit");
    }
    for (; *i < n && is_digit(s[*i]); (*i)++) {
        if (++*ndig > 38) {
            return odp_errf(err, ODP_ELIMIT, NULL, "rational: more than 38 digits");
        }
        if (shift != NULL) {
            (*shift)--;
        }
        dg = (unsigned)(s[*i] - '0');
        if (dg == 0) {
            if (*m != 0) {
                (*zeros)++;
            }
            continue;
        }
        mul_pow(m, 10, *zeros + 1, ~(odp_u128)0);
        *m += dg;
        *zeros = 0;
    }
    return ODP_OK;
}

/* num/den = a/b reduced, if both parts then fit 64 bits. */
static int
finish_ratio(odp_u128 a, odp_u128 b, uint64_t *num, uint64_t *den, struct odp_err *err)
{
    odp_u128 g;

    if (b == 0) {
        return odp_errf(err, ODP_EINVAL, NULL, "rational: zero denominator");
    }
    g = a == 0 ? b : gcd128(a, b);
    a /= g;
    b /= g;
    if (a > UINT64_MAX || b > UINT64_MAX) {
        return odp_errf(err, ODP_ELIMIT, NULL, "rational: does not fit 64-bit parts");
    }
    *num = (uint64_t)a;
    *den = (uint64_t)b;
    return ODP_OK;
}

int
odp_rational_parse(const char *s, size_t n, uint64_t *num, uint64_t *den, struct odp_err *err)
{
    odp_u128 m = 0;
    odp_u128 m2 = 0;
    odp_u128 x = 1;
    uint64_t zeros = 0;
    uint64_t zeros2 = 0;
    int64_t e = 0; /* value = m * 10^(e + zeros) */
    int64_t ex = 0;
    uint64_t k;
    uint64_t twos = 0;
    uint64_t fives = 0;
    unsigned ndig = 0;
    size_t i = 0;
    int neg = 0;
    int rc;

    /*
     * The value is kept as m * 10^(e + zeros) in exact integers and only reduced at the
     * end, so "0.1" is 1/10, never the binary double nearest to it. Errors name a
     * column, never the text (it may come from a user's policy file).
     */
    if (s == NULL || num == NULL || den == NULL) {
        return odp_errf(err, ODP_EINVAL, NULL, "rational: NULL argument");
    }
    rc = scan_digits(s, n, &i, &ndig, &m, &zeros, NULL, err);
    if (rc < 0) {
        return rc;
    }
    if (i < n && s[i] == '/') {
        i++;
        ndig = 0;
        rc = scan_digits(s, n, &i, &ndig, &m2, &zeros2, NULL, err);
        if (rc < 0) {
            return rc;
        }
        if (i != n) {
            return syntax_at(err, i, "unexpected character");
        }
        mul_pow(&m, 10, zeros, ~(odp_u128)0);
        mul_pow(&m2, 10, zeros2, ~(odp_u128)0);
        return finish_ratio(m, m2, num, den, err);
    }
    if (i < n && s[i] == '.') {
        i++;
        rc = scan_digits(s, n, &i, &ndig, &m, &zeros, &e, err);
        if (rc < 0) {
            return rc;
        }
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) {
            neg = s[i] == '-';
            i++;
        }
        if (i >= n || !is_digit(s[i])) {
            return syntax_at(err, i, "expected a digit in the exponent");
        }
        for (; i < n && is_digit(s[i]); i++) {
            ex = ex * 10 + (s[i] - '0');
            if (ex > 999) {
                return odp_errf(err, ODP_ELIMIT, NULL, "rational: exponent beyond +-999");
            }
        }
    }
    if (i != n) {
        return syntax_at(err, i, "unexpected character");
    }
    if (m == 0) {
        *num = 0;
        *den = 1;
        return ODP_OK;
    }
    e += (int64_t)zeros + (neg ? -ex : ex);
    if (e >= 0) {
        if (m > UINT64_MAX || !mul_pow(&m, 10, (uint64_t)e, UINT64_MAX)) {
            return odp_errf(err, ODP_ELIMIT, NULL, "rational: does not fit 64-bit parts");
        }
        *num = (uint64_t)m;
        *den = 1;
        return ODP_OK;
    }
    /* m / 10^k: cancel the factors 2 and 5 of m against 10^k = 2^k 5^k */
    k = (uint64_t)-e;
    while (twos < k && m % 2 == 0) {
        m /= 2;
        twos++;
    }
    while (fives < k && m % 5 == 0) {
        m /= 5;
        fives++;
    }
    if (m > UINT64_MAX || !mul_pow(&x, 2, k - twos, UINT64_MAX) ||
        !mul_pow(&x, 5, k - fives, UINT64_MAX)) {
        return odp_errf(err, ODP_ELIMIT, NULL, "rational: does not fit 64-bit parts");
    }
    *num = (uint64_t)m;
    *den = (uint64_t)x;
    return ODP_OK;
}

int
odp_rational_add(uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t *num, uint64_t *den,
                 struct odp_err *err)
{
    odp_u128 n = (odp_u128)a * d + (odp_u128)c * b; /* checked for overflow below */
    odp_u128 m = (odp_u128)b * d;
    odp_u128 g;

    /* a*d and c*b are each below 2^128; their sum can overflow: check it */
    if ((odp_u128)a * d > ~(odp_u128)0 - (odp_u128)c * b) {
        return odp_errf(err, ODP_ELIMIT, NULL, "rational: sum does not fit");
    }
    g = n == 0 ? m : gcd128(n, m);
    n /= g;
    m /= g;
    if (n > UINT64_MAX || m > UINT64_MAX) {
        return odp_errf(err, ODP_ELIMIT, NULL, "rational: sum does not fit 64-bit parts");
    }
    *num = (uint64_t)n;
    *den = (uint64_t)m;
    return ODP_OK;
}

int
odp_rational_sub(uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t *num, uint64_t *den,
                 struct odp_err *err)
{
    odp_u128 l = (odp_u128)a * d;
    odp_u128 r = (odp_u128)c * b;
    odp_u128 m = (odp_u128)b * d;
    odp_u128 n, g;

    if (r > l) {
        return odp_errf(err, ODP_EINVAL, NULL, "rational: negative difference");
    }
    n = l - r;
    g = n == 0 ? m : gcd128(n, m);
    n /= g;
    m /= g;
    if (n > UINT64_MAX || m > UINT64_MAX) {
        return odp_errf(err, ODP_ELIMIT, NULL, "rational: difference does not fit 64-bit parts");
    }
    *num = (uint64_t)n;
    *den = (uint64_t)m;
    return ODP_OK;
}

int
odp_rational_cmp(uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    odp_u128 l = (odp_u128)a * d;
    odp_u128 r = (odp_u128)c * b;

    return l < r ? -1 : l > r ? 1 : 0;
}

int
odp_rational_format(uint64_t a, uint64_t b, char *buf, size_t size)
{
    uint64_t q = b;
    uint64_t scale = 1;
    unsigned digits = 0;
    uint64_t whole, frac;
    int n;

    while (q % 2 == 0) {
        q /= 2;
    }
    while (q % 5 == 0) {
        q /= 5;
    }
    if (q != 1) {
        n = snprintf(buf, size, "%llu/%llu", (unsigned long long)a, (unsigned long long)b);
        return n < 0 || (size_t)n >= size ? -1 : n;
    }
    /* b = 2^i 5^j divides 10^max(i,j): scale the fraction to that many digits */
    while (scale % b != 0) {
        if (scale > UINT64_MAX / 10) {
            n = snprintf(buf, size, "%llu/%llu", (unsigned long long)a, (unsigned long long)b);
            return n < 0 || (size_t)n >= size ? -1 : n;
        }
        scale *= 10;
        digits++;
    }
    whole = a / b;
    frac = (uint64_t)((odp_u128)(a % b) * (scale / b));
    if (digits == 0) {
        n = snprintf(buf, size, "%llu", (unsigned long long)whole);
    } else {
        n = snprintf(buf, size, "%llu.%0*llu", (unsigned long long)whole, (int)digits,
                     (unsigned long long)frac);
        /* trailing zeros cannot occur: the scale is the smallest power of ten b divides */
    }
    return n < 0 || (size_t)n >= size ? -1 : n;
}
