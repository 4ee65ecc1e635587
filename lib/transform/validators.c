/*
 * validators.c - value-shape validators for the column classifier (see validators.h).
 */
#include <math.h>
#include <string.h>

#include "names.h"
#include "textscan.h"
#include "validators.h"
#include "validators_int.h"

/* Case-insensitive equality of v[0..n) and the upper-case word w. */
static int
eqw(const char *v, size_t n, const char *w)
{
    size_t i;

    for (i = 0; i < n; i++) { /* no strlen(w): most words differ in their first letter */
        if (w[i] == '\0' || up((unsigned char)v[i]) != (unsigned char)w[i]) {
            return 0;
        }
    }
    return w[n] == '\0';
}

/* Is the upper-cased v[0..n) one of the `count` words of `list`, sorted in strcmp order? */
static int
words_has(const char *v, size_t n, const char *const *list, size_t count)
{
    size_t lo = 0, hi = count, i;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const unsigned char *w = (const unsigned char *)list[mid];
        int cmp = 0;

        for (i = 0; i < n && cmp == 0; i++) {
            unsigned c = up((unsigned char)v[i]);

            cmp = w[i] == '\0' ? 1 : (int)c - (int)w[i];
        }
        if (cmp == 0 && w[n] != '\0') {
            cmp = -1; /* v is a prefix of the word */
        }
        if (cmp == 0) {
            return 1;
        }
        if (cmp < 0) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    return 0;
}

static int
in_list(const char *v, size_t n, const char *const *list)
{
    size_t i;

    for (i = 0; list[i] != NULL; i++) {
        if (eqw(v, n, list[i])) {
            return 1;
        }
    }
    return 0;
}

int
odp_val_null_token(const char *v, size_t n)
{
    static const char *const nulls[] = {"NA", "N/A", "#N/A", "NULL", "NIL",  "NONE",   "NAN",
                                        ".",  "-",   "--",   "?",    "N.A.", "(NULL)", NULL};

    trim(&v, &n);
    return n == 0 || in_list(v, n, nulls);
}

int
odp_val_zip(const char *v, size_t n)
{
    size_t i;

    trim(&v, &n);
    if (n != 5 && n != 9 && !(n == 10 && v[5] == '-')) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        if (i != 5 && !isdig((unsigned char)v[i])) {
            return 0;
        }
        if (i == 5 && n == 10 && v[i] != '-') {
            return 0;
        }
        if (i == 5 && n == 9 && !isdig((unsigned char)v[i])) {
            return 0;
        }
    }
    return 1;
}

int
odp_val_number(const char *v, size_t n, double *x, int *dec)
{
    size_t i = 0;
    int digits = 0, d = 0, seen_point = 0;
    double val = 0.0, scale = 1.0;
    int neg = 0;

    trim(&v, &n);
    if (n == 0 || n > 40) {
        return 0;
    }
    if (v[0] == '-' || v[0] == '+') {
        neg = v[0] == '-';
        i = 1;
    }
    for (; i < n; i++) {
        unsigned char c = (unsigned char)v[i];

        if (c == ',' && !seen_point && digits >= 1 && i + 3 < n && isdig((unsigned char)v[i + 1]) &&
            isdig((unsigned char)v[i + 2]) && isdig((unsigned char)v[i + 3]) &&
            (i + 4 == n || !isdig((unsigned char)v[i + 4]))) {
            continue; /* a thousands separator: "1,035,836" */
        }
        if (isdig(c)) {
            digits++;
            if (seen_point) {
                d++;
                scale /= 10.0;
                val += (c - '0') * scale;
            } else {
                val = val * 10.0 + (c - '0');
            }
        } else if (c == '.' && !seen_point) {
            seen_point = 1;
        } else {
            return 0;
        }
    }
    if (digits == 0) {
        return 0;
    }
    if (x != NULL) {
        *x = neg ? -val : val;
    }
    if (dec != NULL) {
        *dec = d;
    }
    return 1;
}

int
odp_val_latlon(const char *v, size_t n)
{
    double x;
    int dec;

    if (!odp_val_number(v, n, &x, &dec) || dec < 3) {
        return 0;
    }
    if (fabs(x) <= 90.0) {
        return 1;
    }
    return fabs(x) <= 180.0 ? 2 : 0;
}

int
odp_val_projected(const char *v, size_t n)
{
    double x;
    int dec;

    if (!odp_val_number(v, n, &x, &dec)) {
        return 0;
    }
    return fabs(x) >= 1e4 && fabs(x) < 1e8;
}

/* Two numbers a, b separated by ',' or blanks, in lat/lon ranges (either order). */
static int
pair(const char *v, size_t n, char sep)
{
    size_t i, cut = n;
    double a, b;
    int da, db;

    for (i = 0; i < n; i++) {
        if (v[i] == sep) {
            cut = i;
            break;
        }
    }
    if (cut == n || cut == 0) {
        return 0;
    }
    if (!odp_val_number(v, cut, &a, &da) || !odp_val_number(v + cut + 1, n - cut - 1, &b, &db)) {
        return 0;
    }
    if (da < 2 || db < 2) {
        return 0;
    }
    return (fabs(a) <= 90 && fabs(b) <= 180) || (fabs(b) <= 90 && fabs(a) <= 180);
}

int
odp_val_point(const char *v, size_t n)
{
    trim(&v, &n);
    if (n >= 6 && eqw(v, 5, "POINT")) {
        v += 5;
        n -= 5;
        trim(&v, &n);
        if (n < 5 || v[0] != '(' || v[n - 1] != ')') {
            return 0;
        }
        v++;
        n -= 2;
        trim(&v, &n);
        return pair(v, n, ' ');
    }
    if (n >= 5 && v[0] == '(' && v[n - 1] == ')') {
        v++;
        n -= 2;
    }
    return n >= 3 && memchr(v, ',', n) != NULL && pair(v, n, ',');
}

int
odp_val_guid(const char *v, size_t n)
{
    static const int dash[] = {8, 13, 18, 23};
    size_t i, k = 0;

    trim(&v, &n);
    if (n == 38 && v[0] == '{' && v[37] == '}') {
        v++;
        n -= 2;
    }
    if (n != 36) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)v[i];

        if (k < 4 && (int)i == dash[k]) {
            if (c != '-') {
                return 0;
            }
            k++;
        } else if (!isdig(c) && !((up(c) >= 'A' && up(c) <= 'F'))) {
            return 0;
        }
    }
    return 1;
}

int
odp_val_year(const char *v, size_t n)
{
    int y;

    trim(&v, &n);
    if (n != 4 || !isdig((unsigned char)v[0]) || !isdig((unsigned char)v[1]) ||
        !isdig((unsigned char)v[2]) || !isdig((unsigned char)v[3])) {
        return 0;
    }
    y = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 + (v[3] - '0');
    return y >= 1800 && y <= 2100;
}

int
odp_val_id_shape(const char *v, size_t n)
{
    size_t i, digits = 0, words = 1;

    trim(&v, &n);
    if (n < 3 || n > 40) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)v[i];

        if (isdig(c)) {
            digits++;
        } else if (c == ' ') {
            if (i > 0 && v[i - 1] == ' ') {
                return 0;
            }
            words++;
        } else if (!isalpha_(c) && c != '-' && c != '/' && c != '#' && c != '.' && c != '_') {
            return 0;
        }
    }
    return digits >= 3 && words <= 4;
}

int
odp_val_plate(const char *v, size_t n)
{
    size_t i, an = 0;

    trim(&v, &n);
    if (n < 2 || n > 10) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)v[i];

        if (isdig(c) || isalpha_(c)) {
            an++;
        } else if ((c != '-' && c != ' ') || i == 0 || i + 1 == n) {
            return 0;
        }
    }
    return an >= 2 && an <= 8;
}

int
odp_val_vin(const char *v, size_t n)
{
    static const int weight[17] = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};
    /* transliteration A..Z (I, O, Q invalid = -1) */
    static const int tr[26] = {1, 2,  3, 4,  5, 6, 7, 8, -1, 1, 2, 3, 4,
                               5, -1, 7, -1, 9, 2, 3, 4, 5,  6, 7, 8, 9};
    size_t i;
    int sum = 0, check;

    trim(&v, &n);
    if (n != 17) {
        return 0;
    }
    for (i = 0; i < 17; i++) {
        unsigned char c = up((unsigned char)v[i]);
        int val;

        if (isdig(c)) {
            val = c - '0';
        } else if (c >= 'A' && c <= 'Z' && tr[c - 'A'] >= 0) {
            val = tr[c - 'A'];
        } else {
            return 0;
        }
        sum += val * weight[i];
    }
    check = sum % 11;
    return up((unsigned char)v[8]) == (check == 10 ? 'X' : '0' + check);
}

/* Case-insensitive prefix test of v[0..n) against the lower-case p. */
static int
prefix_ci(const char *v, size_t n, const char *p)
{
    size_t i, m = strlen(p);

    if (n < m) {
        return 0;
    }
    for (i = 0; i < m; i++) {
        unsigned char c = (unsigned char)v[i];

        if ((c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c) != (unsigned char)p[i]) {
            return 0;
        }
    }
    return 1;
}

int
odp_val_url(const char *v, size_t n)
{
    static const char *const schemes[] = {"http://", "https://", "ftp://", NULL};
    size_t i = 0, labels = 0, lablen = 0, tld_alpha = 0, tld_len = 0, j;
    int all_num = 1;

    trim(&v, &n);
    if (n > 2048) {
        return 0;
    }
    for (j = 0; schemes[j] != NULL; j++) {
        if (prefix_ci(v, n, schemes[j])) {
            i = strlen(schemes[j]);
            break;
        }
    }
    if (schemes[j] == NULL && !prefix_ci(v, n, "www.")) {
        return 0;
    }
    /* the host: labels up to `:` `/` `?` `#` or the end */
    for (; i < n && v[i] != ':' && v[i] != '/' && v[i] != '?' && v[i] != '#'; i++) {
        unsigned char c = (unsigned char)v[i];

        if (c == '.') {
            if (lablen == 0 || v[i - 1] == '-') {
                return 0;
            }
            labels++;
            lablen = 0;
            tld_alpha = 0;
            tld_len = 0;
        } else if (isalpha_(c) || isdig(c) || (c == '-' && lablen > 0)) {
            lablen++;
            tld_len++;
            tld_alpha += isalpha_(c) != 0;
            all_num &= isdig(c) || c == '.';
        } else {
            return 0; /* a blank, `@`, or anything else in the host */
        }
    }
    if (lablen == 0 || labels == 0 || v[i - 1] == '-') {
        return 0;
    }
    labels++;
    if (!(all_num ? labels == 4 : tld_alpha == tld_len && tld_len >= 2)) {
        return 0;
    }
    if (i < n && v[i] == ':') {
        size_t d = 0;

        for (i++; i < n && isdig((unsigned char)v[i]); i++) {
            d++;
        }
        if (d == 0 || d > 5) {
            return 0;
        }
    }
    if (i < n && v[i] != '/' && v[i] != '?' && v[i] != '#') {
        return 0;
    }
    for (; i < n; i++) {
        unsigned char c = (unsigned char)v[i];

        if (c <= ' ' || c == 0x7f || c == '"' || c == '<' || c == '>') {
            return 0;
        }
    }
    return 1;
}

int
odp_val_apartment(const char *v, size_t n)
{
    static const char *const words[] = {"APT",      "APARTMENT", "UNIT",      "SUITE", "STE",
                                        "RM",       "ROOM",      "FL",        "FLOOR", "BSMT",
                                        "BASEMENT", "PH",        "PENTHOUSE", "LOFT",  NULL};
    size_t i = 0, w;

    trim(&v, &n);
    if (n == 0 || n > 24) {
        return 0;
    }
    if (v[0] == '#') {
        return n >= 2 && n <= 8;
    }
    while (i < n && isalpha_((unsigned char)v[i])) {
        i++;
    }
    w = i;
    if (w > 0 && in_list(v, w, words)) {
        if (w == n) {
            return eqw(v, n, "BSMT") || eqw(v, n, "BASEMENT") || eqw(v, n, "PH") ||
                   eqw(v, n, "PENTHOUSE");
        }
        /* then blanks, '#', '.', and a short alphanumeric designator */
        while (i < n && (v[i] == ' ' || v[i] == '#' || v[i] == '.' || v[i] == '-')) {
            i++;
        }
        /* "FL0048", "PH00123": a state's or an agency's code, four digits or more with a
         * leading zero (no unit is numbered so) */
        if (i < n && v[i] == '0' && n - i >= 4) {
            size_t d = i;

            while (d < n && isdig((unsigned char)v[d])) {
                d++;
            }
            if (d == n) {
                return 0;
            }
        }
        return i < n && n - i <= 8;
    }
    return 0;
}

int
odp_val_house_number(const char *v, size_t n)
{
    size_t i = 0, d = 0;

    trim(&v, &n);
    if (n == 0 || n > 10) {
        return 0;
    }
    while (i < n && isdig((unsigned char)v[i])) {
        i++;
        d++;
    }
    if (d == 0 || d > 6 || v[0] == '0') {
        return 0;
    }
    if (i < n && v[i] == '-') {
        i++;
        d = 0;
        while (i < n && isdig((unsigned char)v[i])) {
            i++;
            d++;
        }
        if (d == 0) {
            return 0;
        }
    }
    if (i < n && isalpha_((unsigned char)v[i])) {
        i++;
    }
    if (i + 4 == n && strncmp(v + i, " 1/2", 4) == 0) {
        return 1;
    }
    return i == n;
}

int
odp_val_hundred_block(const char *v, size_t n)
{
    size_t i = 0, x = 0;

    trim(&v, &n);
    while (i < n && isdig((unsigned char)v[i])) {
        i++;
    }
    while (i < n && (v[i] == 'X' || v[i] == 'x')) {
        i++;
        x++;
    }
    if (x >= 2 && i < n && v[i] == ' ') {
        return 1;
    }
    /* "1200 BLOCK OF MAIN ST" */
    for (i = 0; i + 6 <= n; i++) {
        if ((i == 0 || v[i - 1] == ' ') && eqw(v + i, 5, "BLOCK") &&
            (i + 5 == n || v[i + 5] == ' ')) {
            return i > 0 && isdig((unsigned char)v[0]);
        }
    }
    return 0;
}

/* ------------------------------------------------------------ dates */

static int
month_days(int y, int m)
{
    static const int md[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    return m == 2 && leap ? 29 : md[m - 1];
}

static int
ymd_ok(int y, int m, int d)
{
    return y >= 1800 && y <= 2199 && m >= 1 && m <= 12 && d >= 1 && d <= month_days(y, m);
}

/* 1..max digits at v[*i]; -1 if none. */
static int
num(const char *v, size_t n, size_t *i, int maxd)
{
    int x = 0, d = 0;

    while (*i < n && isdig((unsigned char)v[*i]) && d < maxd) {
        x = x * 10 + (v[*i] - '0');
        (*i)++;
        d++;
    }
    if (*i < n && isdig((unsigned char)v[*i])) {
        return -1; /* longer run than allowed */
    }
    return d == 0 ? -1 : x;
}

static int
month_word(const char *v, size_t n, size_t *i)
{
    static const char *const mon[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                      "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
    static const char *const full[] = {"JANUARY",   "FEBRUARY", "MARCH",    "APRIL",
                                       "MAY",       "JUNE",     "JULY",     "AUGUST",
                                       "SEPTEMBER", "OCTOBER",  "NOVEMBER", "DECEMBER"};
    size_t s = *i, e = *i;
    int m;

    while (e < n && isalpha_((unsigned char)v[e])) {
        e++;
    }
    for (m = 0; m < 12; m++) {
        if (eqw(v + s, e - s, mon[m]) || eqw(v + s, e - s, full[m]) ||
            (e - s == 4 && m == 8 && eqw(v + s, 4, "SEPT"))) {
            *i = e;
            if (*i < n && v[*i] == '.') {
                (*i)++;
            }
            return m + 1;
        }
    }
    return -1;
}

/* Optional time " H:MM[:SS[.f]] [AM|PM]" or "THH:MM..." and zone "+00", "+0000", "Z". */
static int
time_part(const char *v, size_t n, size_t i, struct odp_datetime *dt, int *prec)
{
    int h, mi, s = 0, ampm = 0;

    dt->hour = dt->minute = dt->second = 0;
    dt->has_time = 0;
    if (i == n) {
        return 1;
    }
    if (v[i] != ' ' && v[i] != 'T') {
        return 0;
    }
    while (i < n && (v[i] == ' ' || v[i] == 'T')) {
        i++;
    }
    h = num(v, n, &i, 2);
    if (h < 0 || i >= n || v[i] != ':') {
        return 0;
    }
    i++;
    mi = num(v, n, &i, 2);
    if (mi < 0 || mi > 59) {
        return 0;
    }
    if (i < n && v[i] == ':') {
        i++;
        s = num(v, n, &i, 2);
        if (s < 0 || s > 59) {
            return 0;
        }
        if (i < n && v[i] == '.') {
            size_t f = ++i;

            while (i < n && isdig((unsigned char)v[i]) && i - f < 9) {
                i++;
            }
            if (i == f) {
                return 0;
            }
        }
    }
    while (i < n && v[i] == ' ') {
        i++;
    }
    if (i + 2 <= n && (up((unsigned char)v[i]) == 'A' || up((unsigned char)v[i]) == 'P') &&
        up((unsigned char)v[i + 1]) == 'M') {
        ampm = up((unsigned char)v[i]) == 'P' ? 2 : 1;
        i += 2;
        if (h < 1 || h > 12) {
            return 0;
        }
        h = h % 12 + (ampm == 2 ? 12 : 0);
    }
    if (h > 23) {
        return 0;
    }
    if (i < n && v[i] == 'Z') {
        i++;
    } else if (i < n && (v[i] == '+' || v[i] == '-')) {
        size_t z = ++i;

        while (i < n && (isdig((unsigned char)v[i]) || v[i] == ':')) {
            i++;
        }
        if (i - z < 2 || i - z > 5) {
            return 0;
        }
    }
    if (i != n) {
        return 0;
    }
    dt->hour = h;
    dt->minute = mi;
    dt->second = s;
    dt->has_time = 1;
    if (h != 0 || mi != 0 || s != 0) {
        *prec = 3;
    }
    return 1;
}

int
odp_date_parse_loose(const char *v, size_t n, struct odp_datetime *dt)
{
    size_t i = 0;
    int a, b, c, prec = 2;

    trim(&v, &n);
    if (n < 4 || n > 40) {
        return 0;
    }
    memset(dt, 0, sizeof(*dt));
    if (isdig((unsigned char)v[0])) {
        a = num(v, n, &i, 4);
        if (a < 0) {
            return 0;
        }
        if (i == 4 && i == n) { /* YYYY */
            if (a < 1800 || a > 2199) {
                return 0;
            }
            dt->year = a;
            dt->month = dt->day = 1;
            return 1;
        }
        if (i == 4 && i + 4 <= n && v[i] == '-' && (v[i + 1] == 'W' || v[i + 1] == 'w')) {
            /* ISO week YYYY-Www: Monday of that week is not needed, the month of its
             * Thursday is close enough for a class: use January 1 + 7 (w - 1) days */
            size_t j = i + 2;
            int w = num(v, n, &j, 2), yd, m = 1;

            if (w < 1 || w > 53 || j != n || a < 1800 || a > 2199) {
                return 0;
            }
            yd = (w - 1) * 7 + 1;
            while (m < 12 && yd > month_days(a, m)) {
                yd -= month_days(a, m);
                m++;
            }
            dt->year = a;
            dt->month = m;
            dt->day = yd > month_days(a, m) ? month_days(a, m) : yd;
            return 1;
        }
        if (i == 4 && i < n && (v[i] == '/' || v[i] == '-' || v[i] == '.')) {
            char sep = v[i++];

            b = num(v, n, &i, 2); /* YYYY/MM/DD */
            if (b < 0 || i >= n || v[i] != sep) {
                return 0;
            }
            i++;
            c = num(v, n, &i, 2);
            if (c < 0 || !ymd_ok(a, b, c)) {
                return 0;
            }
            dt->year = a;
            dt->month = b;
            dt->day = c;
            return time_part(v, n, i, dt, &prec);
        }
        if (i <= 2 && i < n && v[i] == '/') { /* M/D/YYYY */
            i++;
            b = num(v, n, &i, 2);
            if (b < 0 || i >= n || v[i] != '/') {
                return 0;
            }
            i++;
            {
                size_t ys = i;

                c = num(v, n, &i, 4);
                /* M/D/YY only with a time after it ("5/31/20 7:28", a spreadsheet's
                 * export): alone it could be a fraction or a code */
                if (c >= 0 && i - ys == 2 && i + 4 < n && v[i] == ' ') {
                    c += c < 70 ? 2000 : 1900;
                    if (!ymd_ok(c, a, b)) {
                        return 0;
                    }
                    dt->year = c;
                    dt->month = a;
                    dt->day = b;
                    return time_part(v, n, i, dt, &prec) && dt->has_time;
                }
                if (c < 0 || i - ys != 4 || !ymd_ok(c, a, b)) {
                    return 0;
                }
            }
            dt->year = c;
            dt->month = a;
            dt->day = b;
            return time_part(v, n, i, dt, &prec);
        }
        if (i <= 2 && i < n && (v[i] == '-' || v[i] == ' ')) { /* DD-MON-YY(YY) */
            size_t ys;

            i++;
            b = month_word(v, n, &i);
            if (b < 0 || i >= n || (v[i] != '-' && v[i] != ' ')) {
                return 0;
            }
            i++;
            ys = i;
            c = num(v, n, &i, 4);
            if (c < 0 || (i - ys != 2 && i - ys != 4)) {
                return 0;
            }
            if (i - ys == 2) {
                c += c < 70 ? 2000 : 1900;
            }
            if (!ymd_ok(c, b, a)) {
                return 0;
            }
            dt->year = c;
            dt->month = b;
            dt->day = a;
            return time_part(v, n, i, dt, &prec);
        }
        return 0;
    }
    /* Mon DD YYYY, Mon DD, YYYY, Month DD YYYY */
    a = month_word(v, n, &i);
    if (a < 0 || i >= n || v[i] != ' ') {
        return 0;
    }
    while (i < n && v[i] == ' ') {
        i++;
    }
    b = num(v, n, &i, 2);
    if (b < 0) {
        return 0;
    }
    if (i < n && v[i] == ',') {
        i++;
    }
    if (i >= n || v[i] != ' ') {
        return 0;
    }
    while (i < n && v[i] == ' ') {
        i++;
    }
    {
        size_t ys = i;

        c = num(v, n, &i, 4);
        if (c < 0 || i - ys != 4 || !ymd_ok(c, a, b)) {
            return 0;
        }
    }
    dt->year = c;
    dt->month = a;
    dt->day = b;
    return time_part(v, n, i, dt, &prec);
}

int
odp_val_date(const char *v, size_t n, struct odp_datetime *dt, int *prec)
{
    enum odp_date_fmt used;
    int p = 2;

    trim(&v, &n);
    if (odp_date_parse(v, n, ODP_DFMT_AUTO, dt, &used) == ODP_OK) {
        if (dt->has_time && (dt->hour != 0 || dt->minute != 0 || dt->second != 0)) {
            p = 3;
        }
        if (prec != NULL) {
            *prec = p;
        }
        return 1;
    }
    if (!odp_date_parse_loose(v, n, dt)) {
        return 0;
    }
    if (prec != NULL) {
        if (n == 4) {
            p = 0;
        } else if (n >= 7 && (v[5] == 'W' || v[5] == 'w')) {
            p = 1;
        } else if (dt->has_time && (dt->hour != 0 || dt->minute != 0 || dt->second != 0)) {
            p = 3;
        }
        *prec = p;
    }
    return 1;
}

/* ------------------------------------------------------------ names */

/* Words that say the value names an organisation, a place or a thing, not a person. */
/* Sorted in strcmp order: looked up by binary search (words_has). */
static const char *const not_person[] = {
    "&",           "ALL",        "AMERICA",     "AMERICAN",
    "AND",         "ASSOC",      "ASSOCIATES",  "ASSOCIATION",
    "AT",          "AUTHORITY",  "AUTO",        "AV",
    "AVE",         "AVENUE",     "BANK",        "BAR",
    "BLVD",        "BRIDGE",     "BY",          "CAFE",
    "CAPITAL",     "CARE",       "CENTER",      "CENTRE",
    "CHURCH",      "CITY",       "CLINIC",      "CO",
    "COLLEGE",     "COMMUNITY",  "COMPANY",     "CONSTRUCTION",
    "CONTRACTING", "CORP",       "CORPORATION", "COUNTY",
    "COURT",       "CT",         "DBA",         "DELI",
    "DENTAL",      "DEPARTMENT", "DEPT",        "DR",
    "DRIVE",       "EAST",       "ENTERPRISES", "EXPRESSWAY",
    "EXPY",        "FINANCIAL",  "FIRE",        "FOR",
    "FOUNDATION",  "FUND",       "GRILL",       "GROUP",
    "HEALTH",      "HIGHWAY",    "HOLDINGS",    "HOSPITAL",
    "HOTEL",       "HOUSING",    "HWY",         "IN",
    "INC",         "INDUSTRIES", "INSURANCE",   "INTERNATIONAL",
    "LANE",        "LAW",        "LEGAL",       "LLC",
    "LLP",         "LN",         "LP",          "LTD",
    "MANAGEMENT",  "MARKET",     "MEDICAL",     "MGMT",
    "MOTORS",      "N/A",        "NATIONAL",    "NO",
    "NONE",        "NORTH",      "NOT",         "NY",
    "NYC",         "OF",         "OFFICE",      "ON",
    "OTHER",       "PARK",       "PARKWAY",     "PARTNERS",
    "PC",          "PIZZA",      "PKWY",        "PL",
    "PLACE",       "PLAZA",      "PLLC",        "POLICE",
    "PROPERTIES",  "PROPERTY",   "PUBLIC",      "RD",
    "REALTY",      "RECOVERY",   "REPAIR",      "RESTAURANT",
    "ROAD",        "ROUTE",      "RT",          "SCHOOL",
    "SERVICE",     "SERVICES",   "SHOP",        "SOLUTIONS",
    "SOUTH",       "SQ",         "ST",          "STATE",
    "STATION",     "STORE",      "STREET",      "SVC",
    "SVCS",        "SYSTEMS",    "TAX",         "TECHNOLOGIES",
    "TER",         "TERRACE",    "THE",         "TO",
    "TOTAL",       "TOWING",     "TRUST",       "TUNNEL",
    "UNIVERSITY",  "UNKNOWN",    "UNSPECIFIED", "USA",
    "WAY",         "WEST",       "WITH",        "YES",
};

static const char *const suffixes[] = {"JR", "SR",  "II",  "III", "IV", "V",
                                       "MD", "ESQ", "PHD", "DDS", NULL};
static const char *const titles[] = {
    "MR", "MRS", "MS", "MISS", "DR", "PROF", "REV", "MME", "MLLE", "SRA", "SRTA", "DRA", "HERR",
    "FRAU",
    /* an elected member's: "Councillor M Abbasi", "Cllr F Anwar", "Alderman J. Ruiz" */
    "COUNCILLOR", "COUNCILOR", "CLLR", "ALDERMAN", "ALDERWOMAN", "SENATOR", "SEN", "ASSEMBLYMEMBER",
    "ASSEMBLYMAN", "ASSEMBLYWOMAN", "MAYOR", "HON", NULL};
/* Places and institutions named like people ("Duckabush River", "Lake Washington",
 * "Martin Luther King School"): words that are rarely a surname, last or first. */
static const char *const place_last[] = {
    "RIVER",      "CREEK",   "LAKE",     "POND",       "BAY",        "CANYON",    "VALLEY",
    "FALLS",      "SPRINGS", "ISLAND",   "ISLANDS",    "MOUNTAIN",   "HARBOR",    "HARBOUR",
    "LAGOON",     "SLOUGH",  "INLET",    "RESERVOIR",  "BEACH",      "COVE",      "MARSH",
    "SWAMP",      "GLACIER", "PEAK",     "CANAL",      "BAYOU",      "ESTUARY",   "GULCH",
    "BASIN",      "TRAIL",   "STREET",   "AVENUE",     "ROAD",       "BOULEVARD", "SCHOOL",
    "ACADEMY",    "CHURCH",  "HOSPITAL", "CENTER",     "CENTRE",     "LIBRARY",   "COLLEGE",
    "UNIVERSITY", "BRIDGE",  "TUNNEL",   "PARKWAY",    "EXPRESSWAY", "HIGHWAY",   "STATION",
    "AIRPORT",    "STADIUM", "CEMETERY", "PLAYGROUND", "PARK",       "TRIANGLE",  "SQUARE",
    "GARDEN",     "GARDENS", "FIELD",    "FIELDS",     "POOL",       "PLAZA",     "MALL",
    NULL};
static const char *const place_first[] = {
    "LAKE", "MOUNT", "MT", "FORT", "FT", "CAPE", "PORT", "RIO", "ISLA", "LAC", "SAN", "SANTA",
    /* bodies named "Committee on Finance", "Board of Elections" */
    "COMMITTEE", "SUBCOMMITTEE", "COMMISSION", "DEPARTMENT", "BOARD", "COUNCIL", "OFFICE", "BUREAU",
    "DIVISION", "TASK", NULL};

struct tokinfo {
    int given;   /* known given name, not a common word */
    int surname; /* known surname, not a common word */
    int unknown; /* alphabetic, unknown to the tables */
    int bad;     /* a word that is not a name */
};

static void
tok_info(const char *t, size_t n, struct tokinfo *ti)
{
    struct odp_name_info ni;
    double g, s;
    int common;

    memset(ti, 0, sizeof(*ti));
    if (words_has(t, n, not_person, sizeof(not_person) / sizeof(not_person[0]))) {
        ti->bad = 1;
        return;
    }
    if (!tx_name_lookup(t, n, &ni)) { /* hashed; the same answers as odp_name_lookup */
        ti->unknown = 1;
        return;
    }
    if (ni.flags & (ODP_NAME_MONTH | ODP_NAME_WEEKDAY | ODP_NAME_PLACEHOLDER)) {
        ti->bad = 1;
        return;
    }
    g = odp_name_given_per_million(&ni);
    s = odp_name_surname_per_million(&ni);
    /* A very common English word ("ALL", "POLICE", "OFFICER") is a name only when the name
     * itself is very common ("SMITH", "GREEN", "WILL"). */
    common = (ni.flags & ODP_NAME_WORD) != 0 && ni.word_level > 0 && ni.word_level <= 20;
    if (common && g < 100.0 && s < 300.0) {
        ti->bad = 1;
        return;
    }
    ti->given = g >= 1.0;
    ti->surname = s >= 1.0;
    if (!ti->given && !ti->surname) {
        ti->unknown = 1;
    }
}

enum odp_val_name
odp_val_person_name(const char *v, size_t n)
{
    size_t i = 0, ntok = 0, ninit = 0, comma = 0;
    int given_first = 0, given_any = 0, sur_any = 0, unk = 0, sur_last = 0, given_after_comma = 0;
    struct tokinfo first_ti, ti;
    int first = 1, has_title = 0, second_given = 0, ends_init = 0, place = 0;

    memset(&first_ti, 0, sizeof(first_ti));
    trim(&v, &n);
    if (n < 2 || n > 60) {
        return ODP_VNAME_NO;
    }
    while (i < n) {
        size_t s, e;

        while (i < n && (v[i] == ' ' || v[i] == '.' || v[i] == ',')) {
            if (v[i] == ',') {
                comma++;
            }
            i++;
        }
        if (i >= n) {
            break;
        }
        s = i;
        if (!first && (v[i] == '"' || v[i] == '(')) {
            /* a nickname or a code after the name: Gregorio E. "Greg", Smith (B/M) */
            char close = v[i] == '"' ? '"' : ')';
            size_t j = i + 1;

            while (j < n && j - i <= 24 &&
                   (isalpha_((unsigned char)v[j]) || v[j] == ' ' || v[j] == '\'' || v[j] == '-' ||
                    v[j] == '.' || v[j] == '/')) {
                j++;
            }
            if (j >= n || v[j] != close || j == i + 1) {
                return ODP_VNAME_NO;
            }
            i = j + 1;
            ends_init = 0;
            continue;
        }
        while (i < n && (isalpha_((unsigned char)v[i]) || v[i] == '\'' || v[i] == '-')) {
            i++;
        }
        e = i;
        if (!first && e > s && e - s <= 2 && i < n && v[i] == '/') {
            /* a race/sex code after the name, as police lists write it: B/M, W/F */
            size_t j = i + 1;

            while (j < n && isalpha_((unsigned char)v[j]) && j - i <= 2) {
                j++;
            }
            if (j > i + 1 && (j == n || v[j] == ' ' || v[j] == ',')) {
                i = j;
                ends_init = 0;
                continue;
            }
        }
        if (e == s || (i < n && v[i] != ' ' && v[i] != '.' && v[i] != ',')) {
            return ODP_VNAME_NO; /* a digit or another symbol */
        }
        if (e - s == 1) {
            ninit++;
            ends_init = 1;
            continue;
        }
        ends_init = 0;
        if (in_list(v + s, e - s, suffixes) && !first) {
            continue;
        }
        if (in_list(v + s, e - s, titles) && first) {
            has_title = 1;
            continue;
        }
        if (in_list(v + s, e - s, first ? place_first : place_last)) {
            if (!first) {
                place = 1; /* only when nothing follows */
                ntok++;
                continue;
            }
            return ODP_VNAME_NO;
        }
        place = 0;
        tok_info(v + s, e - s, &ti);
        if (ti.bad) {
            return ODP_VNAME_NO;
        }
        if (first) {
            first_ti = ti;
            first = 0;
        }
        ntok++;
        if (ntok == 2) {
            second_given = ti.given;
        }
        given_any |= ti.given;
        sur_any |= ti.surname;
        unk += ti.unknown;
        sur_last = ti.surname || ti.unknown;
        if (comma > 0 && ti.given) {
            given_after_comma = 1;
        }
        if (ntok > 5) {
            return ODP_VNAME_NO;
        }
    }
    (void)has_title;
    if (place) {
        return ODP_VNAME_NO;
    }
    given_first = first_ti.given;
    if (ntok == 0) {
        return ODP_VNAME_NO;
    }
    if (ntok == 1) {
        if (ninit >= 1 && (first_ti.surname || first_ti.unknown) && ninit <= 2) {
            return ODP_VNAME_FULL; /* "B E. LEVINE", "SMITH, J" */
        }
        if (ninit > 1) {
            return ODP_VNAME_NO;
        }
        if (first_ti.given) {
            return ODP_VNAME_GIVEN;
        }
        return first_ti.surname ? ODP_VNAME_SURNAME : ODP_VNAME_UNKNOWN;
    }
    /* Several tokens: a given name first (FIRST [M] LAST) or after a comma (LAST, FIRST),
     * and a surname-like token (known, or unknown to the tables) elsewhere. */
    if (comma == 1 && given_after_comma && (first_ti.surname || first_ti.unknown)) {
        return ODP_VNAME_FULL;
    }
    if (given_first && sur_last && ntok <= 4) {
        return ODP_VNAME_FULL;
    }
    if (given_any && sur_any && unk == 0 && ntok <= 3) {
        return ODP_VNAME_FULL;
    }
    /* SURNAME GIVEN M, the order of property and licence records: a given name second
     * and a middle initial last */
    if (ntok == 2 && comma == 0 && ninit == 1 && ends_init && second_given &&
        (first_ti.surname || first_ti.unknown)) {
        return ODP_VNAME_FULL;
    }
    return ODP_VNAME_NO;
}

int
odp_val_place_name(const char *v, size_t n)
{
    size_t i = 0, s, e, words = 0, fb = 0, fe = 0, lb = 0, le = 0;

    trim(&v, &n);
    if (n < 4 || n > 80) {
        return 0;
    }
    while (i < n) {
        while (i < n && !isalpha_((unsigned char)v[i])) {
            if (isdig((unsigned char)v[i])) {
                return 0;
            }
            i++;
        }
        if (i >= n) {
            break;
        }
        s = i;
        while (i < n && (isalpha_((unsigned char)v[i]) || v[i] == '\'' || v[i] == '-')) {
            i++;
        }
        e = i;
        if (words++ == 0) {
            fb = s;
            fe = e;
        }
        lb = s;
        le = e;
    }
    return words >= 2 &&
           (in_list(v + lb, le - lb, place_last) || in_list(v + fb, fe - fb, place_first));
}

int
odp_val_word_phrase(const char *v, size_t n)
{
    size_t i = 0, alpha = 0, plain = 0;

    trim(&v, &n);
    if (n < 3 || n > 120) {
        return 0;
    }
    while (i < n) {
        size_t s;

        while (i < n && !isalpha_((unsigned char)v[i])) {
            i++;
        }
        s = i;
        while (i < n && isalpha_((unsigned char)v[i])) {
            i++;
        }
        if (i - s < 3) {
            continue;
        }
        alpha++;
        {
            unsigned lvl = tx_english_level(v + s, i - s);
            struct odp_name_info ni;

            /* a common word the name tables do not know, or know only as a rare name
             * ("MANAGEMENT", "SUPPLIES", "SEWER"); not "Rose", "Hill", "Baker" */
            if (lvl > 0 && lvl <= 35 &&
                (!tx_name_lookup(v + s, i - s, &ni) || (odp_name_given_per_million(&ni) < 1.0 &&
                                                        odp_name_surname_per_million(&ni) < 1.0))) {
                plain++;
            }
        }
    }
    return plain > 0 && plain * 2 >= alpha;
}

int
odp_val_contains_person_name(const char *v, size_t n)
{
    size_t i = 0, s = 0;
    /* parties set apart by ';' or '|' may each be written "Last, First": cut there only */
    int lists = memchr(v, ';', n) != NULL || memchr(v, '|', n) != NULL;

    while (i <= n) {
        int cut =
            i == n || v[i] == ';' || v[i] == '|' ||
            (!lists && (v[i] == ',' || v[i] == '&' ||
                        (i + 5 <= n && (v[i] == ' ') && (v[i + 1] | 0x20) == 'a' &&
                         (v[i + 2] | 0x20) == 'n' && (v[i + 3] | 0x20) == 'd' && v[i + 4] == ' ')));

        if (cut) {
            if (i > s && odp_val_person_name(v + s, i - s) == ODP_VNAME_FULL) {
                return 1;
            }
            s = i + (i < n && v[i] == ' ' ? 5 : 1);
            i = s;
            continue;
        }
        i++;
    }
    return 0;
}
