/*
 * typecheck.c - Table Schema type checks of published values (typecheck.h).
 *
 * The formats are Table Schema's defaults (https://specs.frictionlessdata.io/table-schema/):
 * integer: an optional sign and digits; number: optional sign, digits with an optional
 * fraction, an optional exponent of at most 3 digits (a double's range; "1e999999" is
 * refused), or NaN, INF, -INF; boolean: true/True/TRUE/1, false/False/FALSE/0; date:
 * YYYY-MM-DD; time: hh:mm:ss; datetime: YYYY-MM-DDThh:mm:ss with an optional fraction and
 * Z or +hh:mm; year: YYYY; yearmonth: YYYY-MM. Calendar ranges are checked (month 1-12,
 * day within the month, hour 0-23, minute and second 0-59).
 */
#include <string.h>

#include "typecheck.h"

struct span {
    const char *p;
    size_t n;
};

static int
digits(struct span *s, size_t min, size_t max, unsigned *v)
{
    size_t k = 0;

    *v = 0;
    while (k < s->n && k < max && s->p[k] >= '0' && s->p[k] <= '9') {
        *v = *v * 10 + (unsigned)(s->p[k] - '0');
        k++;
    }
    if (k < min) {
        return 0;
    }
    s->p += k;
    s->n -= k;
    return 1;
}

static int
lit(struct span *s, char c)
{
    if (s->n == 0 || s->p[0] != c) {
        return 0;
    }
    s->p++;
    s->n--;
    return 1;
}

static int
is(const char *p, size_t n, const char *word)
{
    return strlen(word) == n && memcmp(p, word, n) == 0;
}

static int
date_part(struct span *s)
{
    static const unsigned mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    unsigned y, m, d;

    if (!digits(s, 4, 4, &y) || !lit(s, '-') || !digits(s, 2, 2, &m) || !lit(s, '-') ||
        !digits(s, 2, 2, &d) || m < 1 || m > 12 || d < 1 || d > mdays[m - 1]) {
        return 0;
    }
    return m != 2 || d != 29 || (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

static int
time_part(struct span *s)
{
    unsigned h, mi, se;

    return digits(s, 2, 2, &h) && lit(s, ':') && digits(s, 2, 2, &mi) && lit(s, ':') &&
           digits(s, 2, 2, &se) && h < 24 && mi < 60 && se < 60;
}

static int
number(struct span *s)
{
    unsigned v;
    int any;

    if (is(s->p, s->n, "NaN") || is(s->p, s->n, "INF") || is(s->p, s->n, "-INF")) {
        return 1;
    }
    if (!lit(s, '-')) {
        (void)lit(s, '+');
    }
    any = digits(s, 1, (size_t)-1, &v);
    if (lit(s, '.')) {
        any |= digits(s, 1, (size_t)-1, &v);
    }
    if (!any) {
        return 0;
    }
    if (lit(s, 'e') || lit(s, 'E')) {
        if (!lit(s, '-')) {
            (void)lit(s, '+');
        }
        if (!digits(s, 1, 3, &v) || v > 400) {
            return 0;
        }
    }
    return s->n == 0;
}

int
odp_type_checked(const char *type)
{
    static const char *const names[] = {"integer",  "number", "boolean", "date",
                                        "datetime", "time",   "year",    "yearmonth"};
    size_t i;

    for (i = 0; type != NULL && i < sizeof(names) / sizeof(names[0]); i++) {
        if (strcmp(type, names[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

int
odp_type_ok(const char *type, const char *p, size_t len)
{
    struct span s = {p, len};
    unsigned v;

    if (len == 0 || type == NULL) {
        return 1;
    }
    if (strcmp(type, "integer") == 0) {
        if (!lit(&s, '-')) {
            (void)lit(&s, '+');
        }
        return digits(&s, 1, (size_t)-1, &v) && s.n == 0;
    }
    if (strcmp(type, "number") == 0) {
        return number(&s);
    }
    if (strcmp(type, "boolean") == 0) {
        return is(p, len, "true") || is(p, len, "True") || is(p, len, "TRUE") || is(p, len, "1") ||
               is(p, len, "false") || is(p, len, "False") || is(p, len, "FALSE") || is(p, len, "0");
    }
    if (strcmp(type, "date") == 0) {
        return date_part(&s) && s.n == 0;
    }
    if (strcmp(type, "time") == 0) {
        return time_part(&s) && s.n == 0;
    }
    if (strcmp(type, "year") == 0) {
        return digits(&s, 4, 4, &v) && s.n == 0;
    }
    if (strcmp(type, "yearmonth") == 0) {
        return digits(&s, 4, 4, &v) && lit(&s, '-') && digits(&s, 2, 2, &v) && v >= 1 && v <= 12 &&
               s.n == 0;
    }
    if (strcmp(type, "datetime") == 0) {
        if (!date_part(&s) || !lit(&s, 'T') || !time_part(&s)) {
            return 0;
        }
        if (lit(&s, '.') && !digits(&s, 1, 9, &v)) {
            return 0;
        }
        if (lit(&s, 'Z')) {
            return s.n == 0;
        }
        if (lit(&s, '+') || lit(&s, '-')) {
            unsigned h, m;

            return digits(&s, 2, 2, &h) && lit(&s, ':') && digits(&s, 2, 2, &m) && h < 24 &&
                   m < 60 && s.n == 0;
        }
        return s.n == 0;
    }
    return 1;
}
