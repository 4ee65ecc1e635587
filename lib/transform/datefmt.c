/*
 * datefmt.c - strict parsing of the date formats of city exports, calendar arithmetic,
 * generalization (year, month, week, day, hour) and date shifting.
 *
 * Accepted formats (fixed-width fields, every field range-checked, day checked against
 * the month with leap years):
 *   MM/DD/YYYY hh:mm:ss AM|PM   12-hour clock, hour 01..12 (ODP_DFMT_US_DATETIME_12H)
 *   MM/DD/YYYY HH:MM:SS         24-hour clock (ODP_DFMT_US_DATETIME_24H)
 *   MM/DD/YYYY                  (ODP_DFMT_US_DATE)
 *   YYYY-MM-DD[THH:MM[:SS[.f{1,9}]]][Z|+hh:mm|-hh:mm]  (ODP_DFMT_ISO)
 * AUTO tries them in that order. Years are 0001..9999. A zone offset is checked but not
 * applied: generalizing keeps the local date and hour as written.
 *
 * Every format has its date in the first 10 bytes, so a date shift rewrites exactly
 * those bytes and copies the rest: time of day, fraction and zone stay as written.
 *
 * Promises: no allocation, no locale, no value ever reaches an error message.
 */
#include <stdint.h>
#include <string.h>

#include "actions_int.h"

static int
dig(char c)
{
    return c >= '0' && c <= '9';
}

/* n fixed digits at p, or -1. */
static int
fixnum(const char *p, int n)
{
    int i, v = 0;

    for (i = 0; i < n; i++) {
        if (!dig(p[i])) {
            return -1;
        }
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

static int
is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
    static const int md[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    return m == 2 && is_leap(y) ? 29 : md[m - 1];
}

static int
valid_ymd(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= month_days(y, m);
}

/* "MM/DD/YYYY" at v (10 bytes). */
static int
parse_us_date(const char *v, struct odp_datetime *dt)
{
    if (v[2] != '/' || v[5] != '/') {
        return 0;
    }
    dt->month = fixnum(v, 2);
    dt->day = fixnum(v + 3, 2);
    dt->year = fixnum(v + 6, 4);
    return valid_ymd(dt->year, dt->month, dt->day);
}

/* "hh:mm:ss" at v (8 bytes) into h, mi, s (unchecked ranges except digits). */
static int
parse_hms(const char *v, int *h, int *mi, int *s)
{
    if (v[2] != ':' || v[5] != ':') {
        return 0;
    }
    *h = fixnum(v, 2);
    *mi = fixnum(v + 3, 2);
    *s = fixnum(v + 6, 2);
    return *h >= 0 && *mi >= 0 && *mi <= 59 && *s >= 0 && *s <= 59;
}

static int
parse_us12(const char *v, size_t n, struct odp_datetime *dt)
{
    int h, mi, s, pm;

    if (n != 22 || !parse_us_date(v, dt) || v[10] != ' ' || v[19] != ' ' ||
        !parse_hms(v + 11, &h, &mi, &s) || h < 1 || h > 12) {
        return 0;
    }
    if ((v[20] == 'A' || v[20] == 'a') && (v[21] == 'M' || v[21] == 'm')) {
        pm = 0;
    } else if ((v[20] == 'P' || v[20] == 'p') && (v[21] == 'M' || v[21] == 'm')) {
        pm = 1;
    } else {
        return 0;
    }
    dt->hour = h % 12 + (pm ? 12 : 0);
    dt->minute = mi;
    dt->second = s;
    dt->has_time = 1;
    return 1;
}

static int
parse_us24(const char *v, size_t n, struct odp_datetime *dt)
{
    int h, mi, s;

    if (n != 19 || !parse_us_date(v, dt) || v[10] != ' ' || !parse_hms(v + 11, &h, &mi, &s) ||
        h > 23) {
        return 0;
    }
    dt->hour = h;
    dt->minute = mi;
    dt->second = s;
    dt->has_time = 1;
    return 1;
}

static int
parse_usd(const char *v, size_t n, struct odp_datetime *dt)
{
    if (n != 10 || !parse_us_date(v, dt)) {
        return 0;
    }
    dt->hour = dt->minute = dt->second = 0;
    dt->has_time = 0;
    return 1;
}

/* DD/MM/YYYY, DD.MM.YYYY or DD-MM-YYYY (one separator twice), day and month 1-2 digits. */
static int
parse_dmy(const char *v, size_t n, struct odp_datetime *dt)
{
    size_t i = 0, k;
    int part[2] = {0, 0};
    char sep = 0;

    for (k = 0; k < 2; k++) {
        size_t b = i;

        while (i < n && i - b < 2 && v[i] >= '0' && v[i] <= '9') {
            part[k] = part[k] * 10 + (v[i] - '0');
            i++;
        }
        if (i == b || i >= n || (v[i] != '/' && v[i] != '.' && v[i] != '-') ||
            (sep != 0 && v[i] != sep)) {
            return 0;
        }
        sep = v[i++];
    }
    if (n - i != 4 || fixnum(v + i, 4) < 0) {
        return 0;
    }
    dt->day = part[0];
    dt->month = part[1];
    dt->year = fixnum(v + i, 4);
    dt->hour = dt->minute = dt->second = 0;
    dt->has_time = 0;
    return valid_ymd(dt->year, dt->month, dt->day);
}

static int
parse_iso(const char *v, size_t n, struct odp_datetime *dt)
{
    size_t i;

    if (n < 10 || v[4] != '-' || v[7] != '-') {
        return 0;
    }
    dt->year = fixnum(v, 4);
    dt->month = fixnum(v + 5, 2);
    dt->day = fixnum(v + 8, 2);
    dt->hour = dt->minute = dt->second = 0;
    dt->has_time = 0;
    if (!valid_ymd(dt->year, dt->month, dt->day)) {
        return 0;
    }
    if (n == 10) {
        return 1;
    }
    /* THH:MM */
    if (n < 16 || v[10] != 'T' || v[13] != ':') {
        return 0;
    }
    dt->hour = fixnum(v + 11, 2);
    dt->minute = fixnum(v + 14, 2);
    if (dt->hour < 0 || dt->hour > 23 || dt->minute < 0 || dt->minute > 59) {
        return 0;
    }
    dt->has_time = 1;
    i = 16;
    if (i < n && v[i] == ':') {
        if (n - i < 3) {
            return 0;
        }
        dt->second = fixnum(v + i + 1, 2);
        if (dt->second < 0 || dt->second > 59) {
            return 0;
        }
        i += 3;
        if (i < n && v[i] == '.') {
            size_t f = ++i;

            while (i < n && dig(v[i]) && i - f < 9) {
                i++;
            }
            if (i == f) {
                return 0;
            }
        }
    }
    if (i == n) {
        return 1;
    }
    if (v[i] == 'Z') {
        return i + 1 == n;
    }
    if ((v[i] == '+' || v[i] == '-') && n - i == 6 && v[i + 3] == ':') {
        int zh = fixnum(v + i + 1, 2), zm = fixnum(v + i + 4, 2);

        return zh >= 0 && zh <= 23 && zm >= 0 && zm <= 59;
    }
    return 0;
}

int
odp_date_parse(const char *v, size_t n, enum odp_date_fmt fmt, struct odp_datetime *dt,
               enum odp_date_fmt *used)
{
    static const enum odp_date_fmt order[] = {ODP_DFMT_US_DATETIME_12H, ODP_DFMT_US_DATETIME_24H,
                                              ODP_DFMT_US_DATE, ODP_DFMT_ISO, ODP_DFMT_DMY_DATE};
    size_t i;
    int ok = 0;

    if (v == NULL || dt == NULL) {
        return ODP_EDATA;
    }
    for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
        enum odp_date_fmt f = order[i];

        if ((fmt != ODP_DFMT_AUTO && fmt != f) || (fmt == ODP_DFMT_AUTO && f == ODP_DFMT_DMY_DATE)) {
            continue; /* day first only when the policy says so: 03/04 is ambiguous */
        }
        switch (f) {
        case ODP_DFMT_US_DATETIME_12H:
            ok = parse_us12(v, n, dt);
            break;
        case ODP_DFMT_US_DATETIME_24H:
            ok = parse_us24(v, n, dt);
            break;
        case ODP_DFMT_US_DATE:
            ok = parse_usd(v, n, dt);
            break;
        case ODP_DFMT_ISO:
        case ODP_DFMT_AUTO:
            ok = parse_iso(v, n, dt);
            break;
        case ODP_DFMT_DMY_DATE:
            ok = parse_dmy(v, n, dt);
            break;
        }
        if (ok) {
            if (used != NULL) {
                *used = f;
            }
            return ODP_OK;
        }
    }
    return ODP_EDATA;
}

const char *
odp_date_fmt_label(enum odp_date_fmt fmt)
{
    switch (fmt) {
    case ODP_DFMT_US_DATETIME_12H:
        return "MM/DD/YYYY hh:mm:ss AM";
    case ODP_DFMT_US_DATETIME_24H:
        return "MM/DD/YYYY HH:MM:SS";
    case ODP_DFMT_US_DATE:
        return "MM/DD/YYYY";
    case ODP_DFMT_ISO:
        return "YYYY-MM-DD[THH:MM[:SS]]";
    case ODP_DFMT_DMY_DATE:
        return "DD/MM/YYYY";
    case ODP_DFMT_AUTO:
        break;
    }
    return "auto (MM/DD/YYYY [hh:mm:ss AM], MM/DD/YYYY HH:MM:SS or YYYY-MM-DD...)";
}

int64_t
odp_days_from_civil(int y, int m, int d)
{
    int64_t yy = (int64_t)y - (m <= 2);
    int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
    int64_t yoe = yy - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

    return era * 146097 + doe - 719468;
}

void
odp_civil_from_days(int64_t z, int *y, int *m, int *d)
{
    int64_t era, doe, yoe, yy, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    yy = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

/* ISO weekday, Monday 1 .. Sunday 7 (1970-01-01 was a Thursday). */
static int
iso_wday(int64_t days)
{
    int64_t r = (days + 3) % 7;

    return (int)(r < 0 ? r + 7 : r) + 1;
}

/* 53 when the year starts on a Thursday, or on a Wednesday in a leap year. */
static int
iso_weeks_in(int y)
{
    int w = iso_wday(odp_days_from_civil(y, 1, 1));

    return w == 4 || (w == 3 && is_leap(y)) ? 53 : 52;
}

void
odp_iso_week(int y, int m, int d, int *wyear, int *week)
{
    int64_t days = odp_days_from_civil(y, m, d);
    int ord = (int)(days - odp_days_from_civil(y, 1, 1)) + 1;
    int w = (ord - iso_wday(days) + 10) / 7;

    *wyear = y;
    if (w < 1) {
        *wyear = y - 1;
        w = iso_weeks_in(y - 1);
    } else if (w > iso_weeks_in(y)) {
        *wyear = y + 1;
        w = 1;
    }
    *week = w;
}

static void
put2(char *p, int v)
{
    p[0] = (char)('0' + v / 10 % 10);
    p[1] = (char)('0' + v % 10);
}

static void
put4(char *p, int v)
{
    put2(p, v / 100);
    put2(p + 2, v % 100);
}

size_t
odp_date_generalize(const struct odp_datetime *dt, enum odp_date_unit unit, char *out)
{
    int wy, wk;

    switch (unit) {
    case ODP_DATE_YEAR:
        put4(out, dt->year);
        return 4;
    case ODP_DATE_MONTH:
        put4(out, dt->year);
        out[4] = '-';
        put2(out + 5, dt->month);
        return 7;
    case ODP_DATE_DAY:
    case ODP_DATE_HOUR:
        put4(out, dt->year);
        out[4] = '-';
        put2(out + 5, dt->month);
        out[7] = '-';
        put2(out + 8, dt->day);
        if (unit == ODP_DATE_DAY) {
            return 10;
        }
        if (!dt->has_time) {
            return 0;
        }
        out[10] = 'T';
        put2(out + 11, dt->hour);
        return 13;
    case ODP_DATE_WEEK:
        odp_iso_week(dt->year, dt->month, dt->day, &wy, &wk);
        put4(out, wy);
        out[4] = '-';
        out[5] = 'W';
        put2(out + 6, wk);
        return 8;
    case ODP_DATE_QUARTER:
        put4(out, dt->year);
        out[4] = '-';
        out[5] = 'Q';
        out[6] = (char)('1' + (dt->month - 1) / 3);
        return 7;
    }
    return 0;
}

/* --- the common cases straight from the bytes (odp_date_generalize_fast) --- */

static uint64_t
ld8(const char *p)
{
    uint64_t x;

    memcpy(&x, p, 8);
    return x; /* byte k of the word is p[k]: little-endian only (see the caller) */
}

/* Little-endian word of eight template bytes. */
#define W8(a, b, c, d, e, f, g, h)                                                                 \
    ((uint64_t)(a) | (uint64_t)(b) << 8 | (uint64_t)(c) << 16 | (uint64_t)(d) << 24 |              \
     (uint64_t)(e) << 32 | (uint64_t)(f) << 40 | (uint64_t)(g) << 48 | (uint64_t)(h) << 56)
#define SEP_25 W8(0, 0, 0xFF, 0, 0, 0xFF, 0, 0) /* separators at bytes 2 and 5 */

/*
 * x = w ^ tmpl, where tmpl holds '0' at digit bytes and the separator at the others:
 * every digit byte becomes 0..9 and every separator 0. 1 when that holds for each
 * byte: no byte is 10 or more (adding 0x76 sets a byte's top bit from 10 up, and a byte
 * of 0x80 or more has it already; a carry out of a byte needs one of 0x8a or more,
 * itself caught) and the separator bytes are 0.
 */
static int
swar_digits(uint64_t w, uint64_t tmpl, uint64_t sep, uint64_t *x)
{
    *x = w ^ tmpl;
    return (((*x + UINT64_C(0x7676767676767676)) | *x) & UINT64_C(0x8080808080808080)) == 0 &&
           (*x & sep) == 0;
}

static unsigned
byte_at(uint64_t x, unsigned k)
{
    return (unsigned)(x >> (8 * k)) & 0xFFu;
}

static unsigned
two(uint64_t x, unsigned k) /* the 2-digit number at digit bytes k, k + 1 */
{
    return byte_at(x, k) * 10 + byte_at(x, k + 1);
}

/* 1 when v (10 bytes readable) starts with a valid date "MM/DD/YYYY". */
static int
fast_us_date(const char *v)
{
    uint64_t a, b;

    return swar_digits(ld8(v), W8('0', '0', '/', '0', '0', '/', '0', '0'), SEP_25, &a) &&
           swar_digits(ld8(v + 2), W8('/', '0', '0', '/', '0', '0', '0', '0'),
                       W8(0xFF, 0, 0, 0xFF, 0, 0, 0, 0), &b) &&
           valid_ymd((int)(two(b, 4) * 100 + two(b, 6)), (int)two(a, 0), (int)two(a, 3));
}

size_t
odp_date_generalize_fast(const char *v, size_t n, enum odp_date_fmt fmt, enum odp_date_unit unit,
                         char *out)
{
    const char *ys, *ms, *ds; /* the output's digits, taken from the input */

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
    return 0; /* the word checks below read bytes little-endian */
#endif
    if ((unit != ODP_DATE_YEAR && unit != ODP_DATE_MONTH && unit != ODP_DATE_DAY) || n < 10) {
        return 0; /* other units need the numbers (week, quarter) or the hour */
    }
    if (v[2] == '/') { /* MM/DD/YYYY...: AUTO tries the US formats before ISO, by length */
        if (!fast_us_date(v)) {
            return 0;
        }
        if (n == 22 && (fmt == ODP_DFMT_AUTO || fmt == ODP_DFMT_US_DATETIME_12H)) {
            uint64_t t, u; /* " hh:mm:ss AM": t is bytes 8..15, u bytes 14..21 */

            if (!swar_digits(ld8(v + 8), W8('0', '0', ' ', '0', '0', ':', '0', '0'), SEP_25, &t) ||
                !swar_digits(ld8(v + 14) & UINT64_C(0x0000FFFFFFFFFFFF),
                             W8('0', '0', ':', '0', '0', ' ', 0, 0), SEP_25, &u) ||
                two(t, 3) < 1 || two(t, 3) > 12 || two(t, 6) > 59 || two(u, 3) > 59 ||
                ((v[20] | 0x20) != 'a' && (v[20] | 0x20) != 'p') || (v[21] | 0x20) != 'm') {
                return 0;
            }
        } else if (n == 19 && (fmt == ODP_DFMT_AUTO || fmt == ODP_DFMT_US_DATETIME_24H)) {
            uint64_t t, u; /* " HH:MM:SS": t is bytes 8..15, u bytes 11..18 */

            if (!swar_digits(ld8(v + 8), W8('0', '0', ' ', '0', '0', ':', '0', '0'), SEP_25, &t) ||
                !swar_digits(ld8(v + 11), W8('0', '0', ':', '0', '0', ':', '0', '0'), SEP_25, &u) ||
                two(u, 0) > 23 || two(u, 3) > 59 || two(u, 6) > 59) {
                return 0;
            }
        } else if (n != 10 || (fmt != ODP_DFMT_AUTO && fmt != ODP_DFMT_US_DATE)) {
            return 0;
        }
        ys = v + 6;
        ms = v;
        ds = v + 3;
    } else if (n == 10 && v[4] == '-' && (fmt == ODP_DFMT_AUTO || fmt == ODP_DFMT_ISO)) {
        uint64_t x, b;

        if (!swar_digits(ld8(v), W8('0', '0', '0', '0', '-', '0', '0', '-'),
                         W8(0, 0, 0, 0, 0xFF, 0, 0, 0xFF), &x) ||
            !swar_digits(ld8(v + 2), W8('0', '0', '-', '0', '0', '-', '0', '0'), SEP_25, &b) ||
            !valid_ymd((int)(two(x, 0) * 100 + two(x, 2)), (int)two(x, 5), (int)two(b, 6))) {
            return 0;
        }
        ys = v;
        ms = v + 5;
        ds = v + 8;
    } else {
        return 0;
    }
    memcpy(out, ys, 4);
    if (unit == ODP_DATE_YEAR) {
        return 4;
    }
    out[4] = '-';
    memcpy(out + 5, ms, 2);
    if (unit == ODP_DATE_MONTH) {
        return 7;
    }
    out[7] = '-';
    memcpy(out + 8, ds, 2);
    return 10;
}

int
odp_date_shift_value(const char *v, size_t n, const struct odp_datetime *dt,
                     enum odp_date_fmt used, int64_t days, struct odp_buf *b,
                     struct odp_err *err)
{
    char d[10];
    int y, m, dd, rc;

    odp_civil_from_days(odp_days_from_civil(dt->year, dt->month, dt->day) + days, &y, &m, &dd);
    if (y < 1 || y > 9999) {
        return ODP_EDATA; /* the caller names the column */
    }
    if (used == ODP_DFMT_ISO) {
        put4(d, y);
        d[4] = '-';
        put2(d + 5, m);
        d[7] = '-';
        put2(d + 8, dd);
    } else if (used == ODP_DFMT_DMY_DATE) {
        /* written as DD/MM/YYYY with the input's separator; the whole value is the date */
        char sep = '/';
        size_t k;

        for (k = 0; k < n; k++) {
            if (v[k] == '/' || v[k] == '.' || v[k] == '-') {
                sep = v[k];
                break;
            }
        }
        put2(d, dd);
        d[2] = sep;
        put2(d + 3, m);
        d[5] = sep;
        put4(d + 6, y);
        odp_buf_reset(b);
        return odp_buf_add(b, d, sizeof(d), err);
    } else {
        put2(d, m);
        d[2] = '/';
        put2(d + 3, dd);
        d[5] = '/';
        put4(d + 6, y);
    }
    odp_buf_reset(b);
    rc = odp_buf_add(b, d, sizeof(d), err);
    if (rc == ODP_OK && n > sizeof(d)) {
        rc = odp_buf_add(b, v + sizeof(d), n - sizeof(d), err);
    }
    return rc;
}
