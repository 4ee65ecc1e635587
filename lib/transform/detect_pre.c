/*
 * detect_pre.c - byte-level checks of detect.c that need no match state: the prefilter
 * scans that say a pattern cannot match (spelled-out e-mail, IP), and the card number
 * checks (Luhn, issuer ranges).
 */
#include <string.h>

#include "detect_int.h"

/*
 * Can the spelled-out e-mail pattern match in s[start..n)? Both of its forms need an
 * opener ('[', '(', '{' or " dot " / " DOT ") and one of "at]", "at)", "AT]", "AT)",
 * "at}", " dot ", " DOT ". One pass instead of a memmem per needle.
 */
int
odp_det_spelled_email(const char *s, size_t n, size_t start)
{
    const char *p = s + start;
    size_t l = n - start, i;
    int opener = 0, obfusc = 0;

    if (memmem(p, l, " dot ", 5) != NULL || memmem(p, l, " DOT ", 5) != NULL) {
        return 1; /* both an opener and an obfuscation */
    }
    if (memchr(p, ']', l) == NULL && memchr(p, ')', l) == NULL && memchr(p, '}', l) == NULL) {
        return 0;
    }

    for (i = start; i < n; i++) {
        int c = (unsigned char)s[i];

        if (c == '[' || c == '(' || c == '{') {
            opener = 1;
        } else if ((c == ']' || c == ')' || c == '}') && i >= start + 2 &&
                   ((s[i - 2] == 'a' && s[i - 1] == 't') ||
                    (c != '}' && s[i - 2] == 'A' && s[i - 1] == 'T'))) {
            obfusc = 1;
        } else if (c == ' ' && i + 5 <= n &&
                   ((s[i + 1] == 'd' && s[i + 2] == 'o' && s[i + 3] == 't') ||
                    (s[i + 1] == 'D' && s[i + 2] == 'O' && s[i + 3] == 'T')) &&
                   s[i + 4] == ' ') {
            opener = obfusc = 1;
        }
        if (opener && obfusc) {
            return 1;
        }
    }
    return 0;
}

static int
hex_byte(int c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/*
 * An IPv4 match holds three dots between digits (looked for when `v4`: the value has
 * four digits); an IPv6 candidate starts with "[hex]{0,4}:[hex]{0,4}:".
 */
int
odp_det_ip_possible(const char *s, size_t n, size_t start, int v4)
{
    const char *p, *end = s + n;
    size_t i, dots = 0;

    if (v4 && start + 1 < n) {
        for (p = memchr(s + start + 1, '.', n - start - 1); p != NULL && p + 1 < end;
             p = memchr(p + 1, '.', (size_t)(end - p - 1))) {
            if (p[-1] >= '0' && p[-1] <= '9' && p[1] >= '0' && p[1] <= '9' && ++dots >= 3) {
                return 1;
            }
        }
    }
    for (p = memchr(s + start, ':', n - start); p != NULL;
         p = p + 1 < end ? memchr(p + 1, ':', (size_t)(end - p - 1)) : NULL) {
        size_t q;

        i = (size_t)(p - s);
        q = i + 1;
        while (q < n && q - i <= 4 && hex_byte((unsigned char)s[q])) {
            q++;
        }
        if (q < n && s[q] == ':') {
            return 1;
        }
    }
    return 0;
}

/* Luhn over the digits of s[b..e) (separators skipped). */
int
odp_det_luhn_ok(const char *s, size_t b, size_t e)
{
    unsigned sum = 0, dbl = 0, v;
    size_t i = e;

    while (i > b) {
        i--;
        if (s[i] < '0' || s[i] > '9') {
            continue;
        }
        v = (unsigned)(s[i] - '0');
        if (dbl) {
            v *= 2;
            if (v > 9) {
                v -= 9;
            }
        }
        sum += v;
        dbl = !dbl;
    }
    return sum % 10 == 0;
}

/* Leading `k` digits of a digit string as a number. */
static unsigned
lead(const char *dg, unsigned k)
{
    unsigned i, v = 0;

    for (i = 0; i < k; i++) {
        v = v * 10 + (unsigned)(dg[i] - '0');
    }
    return v;
}

/* Known issuer ranges (ISO/IEC 7812 IIN) and the lengths each scheme issues. */
int
odp_det_iin_ok(const char *dg, unsigned len)
{
    unsigned p2 = lead(dg, 2), p3 = lead(dg, 3), p4 = lead(dg, 4), p6 = lead(dg, 6);

    if (dg[0] == '4') {
        return len == 13 || len == 16 || len == 19; /* Visa */
    }
    if (p2 >= 51 && p2 <= 55) {
        return len == 16; /* Mastercard */
    }
    if (p4 >= 2221 && p4 <= 2720) {
        return len == 16; /* Mastercard 2-series */
    }
    if (p2 == 34 || p2 == 37) {
        return len == 15; /* American Express */
    }
    if ((p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38 || p2 == 39) {
        return len >= 14 && len <= 19; /* Diners Club */
    }
    if (p4 >= 3528 && p4 <= 3589) {
        return len >= 16 && len <= 19; /* JCB */
    }
    if (p4 == 6011 || (p3 >= 644 && p3 <= 649) || p2 == 65 || (p6 >= 622126 && p6 <= 622925)) {
        return len >= 16 && len <= 19; /* Discover */
    }
    if (p2 == 62) {
        return len >= 16 && len <= 19; /* UnionPay */
    }
    if (p2 == 50 || (p2 >= 56 && p2 <= 69)) {
        return len >= 13 && len <= 19; /* Maestro */
    }
    return 0;
}
