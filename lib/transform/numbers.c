/*
 * numbers.c - numbers in the C locale: the strict decimal parser, the shortest text that
 * reads back, and round's exact digit-string path with its snprintf reference. Shared by
 * generalize (bands) and round.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions_int.h"

#define NUM_MAX_LEN 128

static pthread_once_t c_once = PTHREAD_ONCE_INIT;
static locale_t c_loc;

static void
c_locale_init(void)
{
    c_loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

locale_t
odp_c_locale(void)
{
    pthread_once(&c_once, c_locale_init);
    return c_loc;
}

static int
isdig(char c)
{
    return c >= '0' && c <= '9';
}

int
odp_num_parse(const char *v, size_t n, double *out)
{
    char buf[NUM_MAX_LEN + 1];
    char *end = NULL;
    size_t i = 0, mant = 0;
    locale_t loc = odp_c_locale();

    if (n == 0 || n > NUM_MAX_LEN || loc == (locale_t)0) {
        return 0;
    }
    if (v[i] == '+' || v[i] == '-') {
        i++;
    }
    while (i < n && isdig(v[i])) {
        i++;
        mant++;
    }
    if (i < n && v[i] == '.') {
        i++;
        while (i < n && isdig(v[i])) {
            i++;
            mant++;
        }
    }
    if (mant == 0) {
        return 0;
    }
    if (i < n && (v[i] == 'e' || v[i] == 'E')) {
        size_t e0;

        i++;
        if (i < n && (v[i] == '+' || v[i] == '-')) {
            i++;
        }
        e0 = i;
        while (i < n && isdig(v[i])) {
            i++;
        }
        if (i == e0) {
            return 0;
        }
    }
    if (i != n) {
        return 0;
    }
    memcpy(buf, v, n);
    buf[n] = '\0';
    *out = strtod_l(buf, &end, loc);
    if (end != buf + n || !isfinite(*out)) {
        return 0; /* an exponent beyond the double range */
    }
    return 1;
}

/* Significant digits of |d| with `prec` digits (prec 1..17): digits[] and exponent. */
static size_t
sig_digits(double d, int prec, char *digits, int *exp10)
{
    char buf[64];
    int len, i, e = 0, eneg = 0;
    size_t nd = 0;
    locale_t old = uselocale(odp_c_locale());

    len = snprintf(buf, sizeof(buf), "%.*e", prec - 1, fabs(d));
    uselocale(old);
    for (i = 0; i < len && buf[i] != 'e'; i++) {
        if (isdig(buf[i])) {
            digits[nd++] = buf[i];
        }
    }
    if (i < len) {
        i++;
        if (buf[i] == '-' || buf[i] == '+') {
            eneg = buf[i] == '-';
            i++;
        }
        for (; i < len && isdig(buf[i]); i++) {
            e = e * 10 + (buf[i] - '0');
        }
    }
    *exp10 = eneg ? -e : e;
    return nd;
}

size_t
odp_num_format(double d, int maxdig, char *out)
{
    char digits[32], tmp[48];
    int prec, exp10 = 0, k, pos;
    size_t nd = 0, o = 0, i;

    if (d == 0 || !isfinite(d)) {
        out[0] = '0';
        out[1] = '\0';
        return 1;
    }
    if (maxdig < 1 || maxdig > 17) {
        maxdig = 17;
    }
    for (prec = 1; prec <= maxdig; prec++) {
        nd = sig_digits(d, prec, digits, &exp10);
        if (prec == maxdig) {
            break;
        }
        /* Rebuild "d.ddde+X" and read it back: the first exact precision wins. */
        k = snprintf(tmp, sizeof(tmp), "%s%c.%.*se%d", d < 0 ? "-" : "", digits[0], (int)nd - 1,
                     digits + 1, exp10);
        if (k > 0 && (size_t)k < sizeof(tmp) && strtod_l(tmp, NULL, odp_c_locale()) == d) {
            break;
        }
    }
    while (nd > 1 && digits[nd - 1] == '0') {
        nd--;
    }
    if (d < 0) {
        out[o++] = '-';
    }
    /* Value = 0.d1d2...dn * 10^(exp10 + 1): the point goes after exp10 + 1 digits. */
    pos = exp10 + 1;
    if (pos <= 0) {
        out[o++] = '0';
        out[o++] = '.';
        for (k = 0; k < -pos; k++) {
            out[o++] = '0';
        }
        for (i = 0; i < nd; i++) {
            out[o++] = digits[i];
        }
    } else {
        for (k = 0; k < pos; k++) {
            out[o++] = (size_t)k < nd ? digits[k] : '0';
        }
        if ((size_t)pos < nd) {
            out[o++] = '.';
            for (i = (size_t)pos; i < nd; i++) {
                out[o++] = digits[i];
            }
        }
    }
    out[o] = '\0';
    return o;
}

size_t
odp_round_fast(const char *v, size_t n, unsigned decimals, char *out)
{
    size_t i = 0, ib, ie, fb, fe, intd, nf, k = 0, o = 0, j, len;
    int neg = 0, up = 0;
    char *dg;

    if (n == 0 || n > NUM_MAX_LEN || decimals > 15) {
        return 0;
    }
    if (v[0] == '+' || v[0] == '-') {
        neg = v[0] == '-';
        i++;
    }
    while (i < n && v[i] == '0') {
        i++; /* leading zeros do not count as integer digits */
    }
    ib = i;
    while (i < n && isdig(v[i])) {
        i++;
    }
    ie = i;
    fb = fe = i;
    if (i < n && v[i] == '.') {
        fb = ++i;
        while (i < n && isdig(v[i])) {
            i++;
        }
        fe = i;
    }
    if (i != n || (ie == ib && fe == fb && (ib == 0 || v[ib - 1] != '0'))) {
        return 0; /* exponent, junk, or no digit at all */
    }
    intd = ie - ib;
    nf = fe - fb;
    if (nf > decimals) {
        /* Distance of the cut-off digits from the tie 0.5, as a power of ten 10^-k. */
        const char *r = v + fb + decimals;
        size_t rn = nf - decimals;

        if (r[0] < '4') {
            k = 1;
        } else if (r[0] > '5') {
            k = 1;
            up = 1;
        } else if (r[0] == '4') {
            for (j = 1; j < rn && r[j] == '9'; j++) {
            }
            k = j < rn ? j + 1 : rn;
        } else {
            for (j = 1; j < rn && r[j] == '0'; j++) {
            }
            if (j == rn) {
                return 0; /* an exact decimal tie: only the binary value can decide */
            }
            k = j + 1;
            up = 1;
        }
    } else {
        k = 1;
    }
    /*
     * strtod's double x is within 2^-53 |s| of s < 10^intd. The printed digits equal
     * the decimal rounding of s when that error is below the distance 10^-(decimals+k)
     * to the tie: 10^(intd + decimals + k) * 2^-53 < 1 holds for a sum <= 15.
     */
    if (intd + decimals + k > 15) {
        return 0;
    }
    if (neg) {
        out[o++] = '-';
    }
    /* Digits: integer part (or "0"), then `decimals` fraction digits, zero-padded. */
    dg = out + o + 1; /* room for a carry digit in front */
    len = 0;
    if (intd == 0) {
        dg[len++] = '0';
    } else {
        memcpy(dg, v + ib, intd);
        len = intd;
    }
    for (j = 0; j < decimals; j++) {
        dg[len++] = j < nf ? v[fb + j] : '0';
    }
    if (up) {
        for (j = len; j > 0; j--) {
            if (dg[j - 1] == '9') {
                dg[j - 1] = '0';
            } else {
                dg[j - 1]++;
                break;
            }
        }
        if (j == 0) {
            dg--;
            dg[0] = '1';
            len++;
        }
    }
    /* Move into place (dg may start one byte after out + o) and insert the point. */
    {
        size_t ilen = len - decimals;

        memmove(out + o, dg, ilen);
        if (decimals > 0) {
            memmove(out + o + ilen + 1, dg + ilen, decimals);
            out[o + ilen] = '.';
            o += len + 1;
        } else {
            o += len;
        }
    }
    return o;
}

int
odp_round_slow(double d, unsigned decimals, struct odp_buf *b, struct odp_err *err)
{
    char small[64];
    int len, rc;
    locale_t old;

    odp_buf_reset(b);
    old = uselocale(odp_c_locale());
    len = snprintf(small, sizeof(small), "%.*f", (int)decimals, d);
    if (len >= 0 && (size_t)len >= sizeof(small)) {
        rc = odp_buf_reserve(b, (size_t)len, err);
        if (rc < 0) {
            uselocale(old);
            return rc;
        }
        len = snprintf(b->p, (size_t)len + 1, "%.*f", (int)decimals, d);
        uselocale(old);
        b->len = (size_t)len;
        return ODP_OK;
    }
    uselocale(old);
    if (len < 0) {
        return odp_errf(err, ODP_EINTERNAL, NULL, "number formatting failed");
    }
    return odp_buf_add(b, small, (size_t)len, err);
}
