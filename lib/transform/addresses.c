/*
 * addresses.c - street addresses that do not end in a street type, which the address
 * pattern of detect.c needs: a numbered grid ("1436 E 1800 N", "570 w 3300 s"), a house
 * on a highway or a county road ("18872 Hwy 41", "2210 County Rd K", "9 State Route 9W"),
 * and the rural fire numbers of the Midwest ("N2455 County Rd Q", "W206N8831 Main St",
 * "N3703 Cedar Ln"). The detectors that find the rest of an address (the apartment, the
 * city) are the others'.
 */
#include <string.h>

#include "names.h"
#include "textscan.h"
#include "validators.h"

struct aw {
    size_t b, e;
    char lc[TX_WORD_LC];
};

/*
 * The word at i after at most two blanks (and one comma when `comma`): letters and
 * digits, a trailing '.' not counted. 0 when there is none.
 */
static int
word_after(const char *s, size_t n, size_t i, struct aw *w)
{
    size_t k = 0, l;

    while (i < n && s[i] == ' ' && k < 2) {
        i++;
        k++;
    }
    if (k == 0 || i >= n || !tx_alnum((unsigned char)s[i])) {
        return 0;
    }
    w->b = i;
    while (i < n && tx_alnum((unsigned char)s[i])) {
        i++;
    }
    w->e = i;
    l = w->e - w->b;
    if (l >= TX_WORD_LC) {
        w->lc[0] = '\0';
        return 1;
    }
    for (k = 0; k < l; k++) {
        int c = (unsigned char)s[w->b + k];

        w->lc[k] = (char)(c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c);
    }
    w->lc[l] = '\0';
    return 1;
}

/* The end of w, past one '.' that closes an abbreviation ("Hwy.", "N."). */
static size_t
past_dot(const char *s, size_t n, const struct aw *w)
{
    return w->e < n && s[w->e] == '.' ? w->e + 1 : w->e;
}

static int
ends_word(const char *s, size_t n, size_t e)
{
    return e >= n ||
           !(tx_alnum((unsigned char)s[e]) || s[e] == '_' || s[e] == '@' ||
             ((s[e] == '-' || s[e] == '/') && e + 1 < n && tx_digit((unsigned char)s[e + 1])));
}

static int
direction(const char *lc)
{
    static const char *const dirs[] = {"n",    "s",  "e",  "w",  "north", "south", "east",
                                       "west", "ne", "nw", "se", "sw",    NULL};
    size_t i;

    for (i = 0; dirs[i] != NULL; i++) {
        if (strcmp(lc, dirs[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

static int
all_digits(const char *lc, size_t lo, size_t hi)
{
    size_t i, l = strlen(lc);

    if (l < lo || l > hi) {
        return 0;
    }
    for (i = 0; i < l; i++) {
        if (!tx_digit((unsigned char)lc[i])) {
            return 0;
        }
    }
    return 1;
}

/* A road's number: "41", "101", "9W", "A1A", "1604"; or a county road's letters "Q", "CC". */
static int
designation(const char *s, const struct aw *w, int letters_ok)
{
    size_t l = w->e - w->b, i, dg = 0, up = 0;

    if (l == 0 || l > 4) {
        return 0;
    }
    for (i = w->b; i < w->e; i++) {
        dg += tx_digit((unsigned char)s[i]) != 0;
        up += tx_upper((unsigned char)s[i]) != 0;
    }
    if (dg > 0) {
        return tx_digit((unsigned char)s[w->b]) || dg + up == l;
    }
    return letters_ok && up == l && l <= 2;
}

/*
 * A highway or a county road after the house number ends at h: the end of its number
 * or letters ("Hwy 41", "County Rd K", "State Route 9W", "US-101"), or 0.
 */
static size_t
road_after(const char *s, size_t n, size_t h)
{
    static const char *const one[] = {"hwy", "highway", "route", "rte", "rt",  "sr", "fm",
                                      "rr",  "cr",      "cth",   "sth", "ush", NULL};
    static const char *const first[] = {"state", "county", "co", "cty", "us", "rural", NULL};
    static const char *const second[] = {"route", "rte",     "rt",    "road", "rd",
                                         "hwy",   "highway", "trunk", NULL};
    struct aw a, b, num;
    size_t i, at;
    int county = 0, hit = 0;

    if (!word_after(s, n, h, &a)) {
        return 0;
    }
    for (i = 0; one[i] != NULL && !hit; i++) {
        hit = strcmp(a.lc, one[i]) == 0;
    }
    hit = hit || (strcmp(a.lc, "us") == 0 && a.e < n && s[a.e] == '-'); /* "US-101" */
    county = hit && (strcmp(a.lc, "cr") == 0 || strcmp(a.lc, "cth") == 0);
    at = past_dot(s, n, &a);
    if (!hit) {
        for (i = 0; first[i] != NULL && !hit; i++) {
            hit = strcmp(a.lc, first[i]) == 0;
        }
        if (!hit || !word_after(s, n, past_dot(s, n, &a), &b)) {
            return 0;
        }
        hit = 0;
        for (i = 0; second[i] != NULL && !hit; i++) {
            hit = strcmp(b.lc, second[i]) == 0;
        }
        if (!hit) {
            return 0;
        }
        county = a.lc[0] == 'c';
        at = past_dot(s, n, &b);
    }
    /* "US-101", "Hwy-41" */
    if (at < n && s[at] == '-' && at + 1 < n && tx_alnum((unsigned char)s[at + 1])) {
        num.b = at + 1;
        for (num.e = num.b; num.e < n && tx_alnum((unsigned char)s[num.e]); num.e++) {
        }
    } else if (!word_after(s, n, at, &num)) {
        return 0;
    }
    if (!designation(s, &num, county) || !ends_word(s, n, num.e)) {
        return 0;
    }
    return num.e;
}

/* One to four words then a street type ("Main St", "Appleton Ave"): the end, or 0. */
static size_t
street_after(const char *s, size_t n, size_t h)
{
    struct aw w;
    size_t at = h, k;

    for (k = 0; k < 5; k++) {
        if (!word_after(s, n, at, &w) || w.lc[0] == '\0') {
            return 0;
        }
        if (k > 0 && tx_street_type(w.lc)) {
            size_t e = past_dot(s, n, &w);

            return ends_word(s, n, e) ? e : 0;
        }
        if (!tx_alpha((unsigned char)s[w.b]) && k > 0) {
            return 0;
        }
        at = w.e;
    }
    return 0;
}

/* s[b..e) is [NSEW] and 3-5 digits ("N2455"), or [NSEW]digits[NSEW]digits ("W206N8831"). */
static int
fire_number(const char *s, size_t b, size_t e, int *grid)
{
    size_t i = b + 1, d1 = 0, d2 = 0;

    if (!strchr("NSEW", s[b]) || e - b < 4) {
        return 0;
    }
    while (i < e && tx_digit((unsigned char)s[i])) {
        i++;
        d1++;
    }
    *grid = 0;
    if (i == e) {
        return d1 >= 3 && d1 <= 5;
    }
    if (d1 < 1 || d1 > 4 || !strchr("NSEW", s[i])) {
        return 0;
    }
    for (i++; i < e && tx_digit((unsigned char)s[i]); i++) {
        d2++;
    }
    *grid = 1;
    return i == e && d2 >= 2 && d2 <= 5;
}

/* A house number may not follow these: "$1200 W", "#12 N", "3.5", "4/5", "12-3". */
static int
starts_token(const char *s, size_t i)
{
    int c;

    if (i == 0) {
        return 1;
    }
    c = (unsigned char)s[i - 1];
    if (tx_alnum(c) || strchr("_$#.,/-+@", c) != NULL) {
        return 0;
    }
    return !(c == ' ' && i >= 2 && (s[i - 2] == '$' || s[i - 2] == '#'));
}

static int
up(const char *s, size_t i)
{
    return tx_upper((unsigned char)s[i]);
}

static int
dg(const char *s, size_t i)
{
    return tx_digit((unsigned char)s[i]);
}

/* The letters at b name one of the UK's postcode areas (Royal Mail's list). */
static int
uk_area(const char *s, size_t b)
{
    static const char one[] = "BEGLMNSW";
    static const char *const two =
        "ABALBABBBDBHBLBNBRBSBTCACBCFCHCMCOCRCTCVCWDADDDEDGDHDLDNDTDYECEHENEXFKFYGLGUGY"
        "HAHDHGHPHRHSHUHXIGIMIPIVJEKAKTKWKYLALDLELLLNLSLUMEMKMLNENGNNNPNRNWOLOXPAPEPH"
        "PLPOPRRGRHRMSASESGSKSLSMSNSOSPSRSSSTSWSYTATDTFTNTQTRTSTWUBWAWCWDWFWNWRWSWVYOZE";
    size_t k;

    if (!tx_upper((unsigned char)s[b + 1])) {
        return strchr(one, s[b]) != NULL;
    }
    for (k = 0; two[k] != '\0'; k += 2) {
        if (two[k] == s[b] && two[k + 1] == s[b + 1]) {
            return 1;
        }
    }
    return 0;
}

/*
 * A UK postcode ("LS7 4DL", "SW1A 1AA", "G34 9SN"), a Canadian postal code ("M4X 2C4",
 * "V6A 2K3") or an Eircode ("D14 R8F2") starting at the token s[b..e): the end, or 0.
 * Capitals, the blank between the halves, and each scheme's letters.
 */
static size_t
postcode_at(const char *s, size_t n, size_t b, size_t e)
{
    size_t l = e - b, i = e + 1;

    if (e + 4 > n || s[e] != ' ' || !up(s, b)) {
        return 0;
    }
    /* outward code: A9, A9A, A99, AA9, AA9A, AA99, in one of the postcode areas; 9AA */
    if (l >= 2 && l <= 4 && uk_area(s, b) &&
        ((l == 2 && dg(s, b + 1)) || (l == 3 && dg(s, b + 1) && (dg(s, b + 2) || up(s, b + 2))) ||
         (l == 3 && up(s, b + 1) && strchr("IJZ", s[b + 1]) == NULL && dg(s, b + 2)) ||
         (l == 4 && up(s, b + 1) && strchr("IJZ", s[b + 1]) == NULL && dg(s, b + 2) &&
          (dg(s, b + 3) || up(s, b + 3)))) &&
        i + 3 <= n && dg(s, i) && up(s, i + 1) && up(s, i + 2) &&
        strchr("CIKMOV", s[i + 1]) == NULL && strchr("CIKMOV", s[i + 2]) == NULL &&
        (i + 3 == n || !tx_alnum((unsigned char)s[i + 3]))) {
        return i + 3;
    }
    /* Canada: A9A 9A9 (no D F I O Q U; no W or Z first) */
    if (l == 3 && strchr("DFIOQUWZ", s[b]) == NULL && dg(s, b + 1) && up(s, b + 2) &&
        strchr("DFIOQU", s[b + 2]) == NULL && i + 3 <= n && dg(s, i) && up(s, i + 1) &&
        strchr("DFIOQU", s[i + 1]) == NULL && dg(s, i + 2) &&
        (i + 3 == n || !tx_alnum((unsigned char)s[i + 3]))) {
        return i + 3;
    }
    /* Ireland: a routing key (A99, D6W) and four letters and digits */
    if (l == 3 && i + 4 <= n && odp_val_eircode(s + b, i + 4 - b) &&
        (i + 4 == n || !tx_alnum((unsigned char)s[i + 4]))) {
        return i + 4;
    }
    return 0;
}

/*
 * "P.O. Box 6099", "PO BOX 12", "Post Office Box 88", "POB 12"; a bare "Box 6099" only
 * between commas ("Sparrow, Ivy, Box 6099, Grays Ferry"). The start in *mb, the end, or 0.
 */
static size_t
po_box_at(const char *s, size_t n, size_t b, size_t e, size_t *mb)
{
    size_t i = e, j, k;

    if (!tx_ieq(s, b, e, "box") || i + 2 > n || s[i] != ' ' || !dg(s, i + 1)) {
        return 0;
    }
    for (j = i + 1; j < n && dg(s, j); j++) {
    }
    if (j - i - 1 > 6 || (j < n && tx_alnum((unsigned char)s[j]))) {
        return 0;
    }
    *mb = b;
    /* what comes before "Box": "P.O.", "PO", "P O", "Post Office" */
    k = b;
    while (k > 0 && s[k - 1] == ' ') {
        k--;
    }
    {
        static const char *const forms[] = {"p.o.", "p. o.", "p.o", "po", "p o", NULL};

        for (i = 0; forms[i] != NULL; i++) {
            size_t l = strlen(forms[i]);

            if (k >= l && tx_ieq(s, k - l, k, forms[i]) &&
                (k == l || !tx_alnum((unsigned char)s[k - l - 1]))) {
                *mb = k - l;
                return j;
            }
        }
    }
    /* "RR 7 Box 107", "Rural Route 4 Box 12", "HC 1 Box 5", "RFD 2 Box 9" */
    {
        size_t d = k;

        while (d > 0 && dg(s, d - 1)) {
            d--;
        }
        if (d < k && k - d <= 3 && d >= 2 && s[d - 1] == ' ') {
            size_t w = d - 1;

            if ((w >= 2 && (tx_ieq(s, w - 2, w, "rr") || tx_ieq(s, w - 2, w, "hc")) &&
                 (w == 2 || !tx_alnum((unsigned char)s[w - 3]))) ||
                (w >= 3 && tx_ieq(s, w - 3, w, "rfd") &&
                 (w == 3 || !tx_alnum((unsigned char)s[w - 4])))) {
                *mb = w - (w >= 3 && tx_ieq(s, w - 3, w, "rfd") ? 3 : 2);
                return j;
            }
            if (w >= 11 && tx_ieq(s, w - 11, w, "rural route") &&
                (w == 11 || !tx_alnum((unsigned char)s[w - 12]))) {
                *mb = w - 11;
                return j;
            }
        }
    }
    if (k >= 6 && tx_ieq(s, k - 6, k, "office")) {
        *mb = k >= 11 && tx_ieq(s, k - 11, k - 7, "post") ? k - 11 : k - 6;
        return j;
    }
    /* bare: ", Box 6099," */
    if (k > 0 && s[k - 1] == ',' && j < n && s[j] == ',') {
        return j;
    }
    return 0;
}

/* The address that starts at the token s[b..e), its end, or 0. */
static size_t
address_at(const char *s, size_t n, size_t b, size_t e)
{
    struct aw d1, g, d2;
    size_t dg = 0, i, r;
    int grid;

    for (i = b; i < e; i++) {
        dg += tx_digit((unsigned char)s[i]) != 0;
    }
    if (dg == e - b) {
        /* the next word starts a direction or a road's name: most numbers stop here */
        size_t w = e + 1 < n && s[e + 1] == ' ' ? e + 2 : e + 1; /* word_after: two blanks */

        if (dg > 6 || s[b] == '0' || w + 1 >= n || s[e] != ' ' ||
            strchr("NSEWHRFCUnsewhrfcu", s[w]) == NULL || s[w] == '\0') {
            return 0;
        }
        /* "1436 E 1800 N" */
        if (word_after(s, n, e, &d1) && direction(d1.lc) &&
            word_after(s, n, past_dot(s, n, &d1), &g) && all_digits(g.lc, 2, 5) &&
            word_after(s, n, g.e, &d2) && direction(d2.lc)) {
            return ends_word(s, n, d2.e) ? d2.e : 0;
        }
        /* "18872 Hwy 41": a house number of two digits or more */
        return dg >= 2 ? road_after(s, n, e) : 0;
    }
    if (!fire_number(s, b, e, &grid)) {
        return 0;
    }
    if ((r = road_after(s, n, e)) != 0 || (r = street_after(s, n, e)) != 0) {
        return r;
    }
    return grid && ends_word(s, n, e) ? e : 0; /* "W206N8831" alone is one too */
}

/* "91st", "48th", "2ND": a numbered street's name (a floor's follows no house number). */
static int
ordinal_street(const char *s, const struct aw *w)
{
    size_t l = w->e - w->b, k = w->b;

    while (k < w->e && tx_digit((unsigned char)s[k])) {
        k++;
    }
    return k > w->b && k - w->b <= 3 && w->e - k == 2 && s[w->b] != '0' && l <= 5 &&
           (tx_ieq(s, k, w->e, "st") || tx_ieq(s, k, w->e, "nd") || tx_ieq(s, k, w->e, "rd") ||
            tx_ieq(s, k, w->e, "th"));
}

/* A street's name word with no type after it: capitalised (`low_ok`: or in lower case),
 * no month or unit of time,
 * and (without a direction before it) no common English word unless a name ("REED",
 * "WOODWARD", "MILLBRANCH"; not "DAYS", "UNITS", "PEOPLE"). */
static int
street_word(const char *s, const struct aw *w, int dir, int low_ok)
{
    static const char *const never[] = {
        "am", "pm", "a", "p", "and", "or", "for", "on", "at", "to", "of", "the", "by", "with",
        "from", "apt", "in", "unit", "no", "hrs", "hours", "hour", "deg", "degrees", "ppm", "feet",
        "mins", "mph", "lbs", "units", "days", "weeks", "months", "years", "times", "people",
        "floor", "floors", "percent", "dollars", "minutes", "seconds", "stories", "tues", "thur",
        "thurs", "weds",
        /* amounts and measures as other countries write them; a firm's suffix */
        "euro", "euros", "metres", "metre", "meters", "meter", "litres", "liters", "gallons",
        "acres", "hectares", "pounds", "kilos", "kg", "km", "cm", "mm", "llc", "inc", "ltd", "corp",
        "pty", "cents", "rupees", "rand",
        /* counts of a building's parts ("a building of 9 storeys") */
        "storeys", "storey", "levels", "bedrooms", "beds", "spaces", "lots", "dwellings", "homes",
        "houses", "flats", "apartments", "residents", "vehicles", "cars", NULL};
    size_t l = w->e - w->b, k;
    struct odp_name_info ni;
    unsigned lvl;

    if (l < 2 || w->lc[0] == '\0' || (!tx_upper((unsigned char)s[w->b]) && (dir || !low_ok)) ||
        tx_month(s, w->b, w->e) != 0 ||
        (tx_name_lookup(s + w->b, l, &ni) && (ni.flags & (ODP_NAME_WEEKDAY | ODP_NAME_MONTH)))) {
        return 0;
    }
    for (k = w->b; k < w->e; k++) {
        if (!tx_alpha((unsigned char)s[k])) {
            return 0;
        }
    }
    for (k = 0; never[k] != NULL; k++) {
        if (strcmp(w->lc, never[k]) == 0) {
            return 0;
        }
    }
    if (dir) {
        return 1;
    }
    /* (alone: four letters or more with a vowel; "HRS", "DEG", "FL" are units) */
    if (l < 4 || strpbrk(w->lc, "aeiouy") == NULL) {
        return 0;
    }
    lvl = tx_english_level(s + w->b, l);
    return lvl == 0 || lvl > 35 ||
           (tx_name_lookup(s + w->b, l, &ni) && ni.surname_rank > 0 && ni.surname_rank <= 5000 &&
            lvl > 20);
}

/*
 * "at 3236 VOLLINTINE;", "RESPONDED TO 946 MILLBRANCH APT 3D", "outside 11968 S Hope.":
 * a house number after "at", "to", "outside" or "near", perhaps a direction, then one
 * or two capitalised words that end the clause (a stop, a comma, a semicolon, the end, a
 * unit, a lower-case word in mixed text). Its end, or 0.
 */
static size_t
bare_street_at(const char *s, size_t n, size_t b, size_t e)
{
    struct tx_word pw[1];
    struct aw w1, w2;
    size_t end, k;
    int dir = 0;

    /* (most numbers: not after "at ", "to ", "outside ", "near " and before a capital) */
    if (b < 3 || s[b - 1] != ' ' || e + 1 >= n || s[e] != ' ' ||
        strchr("toerfmg", s[b - 2] | 0x20) == NULL) {
        return 0;
    }
    for (k = b; k < e; k++) {
        if (!tx_digit((unsigned char)s[k])) {
            return 0; /* "1AM", "78XX" */
        }
    }
    if (e - b > 6 || s[b] == '0' || tx_prev_words(s, b, pw, 1) != 1 || pw[0].e + 1 != b ||
        !(strcmp(pw[0].lc, "at") == 0 || strcmp(pw[0].lc, "to") == 0 ||
          strcmp(pw[0].lc, "outside") == 0 || strcmp(pw[0].lc, "near") == 0 ||
          strcmp(pw[0].lc, "of") == 0 || strcmp(pw[0].lc, "for") == 0 ||
          strcmp(pw[0].lc, "from") == 0 || strcmp(pw[0].lc, "regarding") == 0)) {
        return 0;
    }
    if (!word_after(s, n, e, &w1)) {
        return 0;
    }
    if (direction(w1.lc) && tx_upper((unsigned char)s[w1.b])) {
        dir = 1;
        if (!word_after(s, n, past_dot(s, n, &w1), &w1)) {
            return 0;
        }
    }
    /* lower case ("regarding 1662 kingsway") after a preposition typed in lower case */
    if (!street_word(s, &w1, dir, !tx_upper((unsigned char)s[pw[0].b])) &&
        !ordinal_street(s, &w1)) {
        return 0;
    }
    end = w1.e;
    if (word_after(s, n, end, &w2) && street_word(s, &w2, 1, 0) &&
        tx_upper((unsigned char)s[w2.e - 1]) == tx_upper((unsigned char)s[w1.e - 1])) {
        /* "Laurel Canyon", "Post Oak", "Aldine Mail" (the same capitals) */
        end = w2.e;
    }
    /* "from 1530 sheridan llc": a firm named after its address */
    if (word_after(s, n, end, &w2) &&
        (strcmp(w2.lc, "llc") == 0 || strcmp(w2.lc, "inc") == 0 || strcmp(w2.lc, "ltd") == 0 ||
         strcmp(w2.lc, "corp") == 0 || strcmp(w2.lc, "pty") == 0 || strcmp(w2.lc, "lp") == 0)) {
        return 0;
    }
    /* the clause ends here */
    k = end;
    if (k >= n || s[k] == '.' || s[k] == ';' || s[k] == ',' || s[k] == ')' || s[k] == '\n' ||
        (s[k] == ' ' && k + 1 < n && s[k + 1] == '(')) {
        return end; /* (and "3331 SE 91st (PIN ...)") */
    }
    if (word_after(s, n, k, &w2) &&
        (strcmp(w2.lc, "for") == 0 || strcmp(w2.lc, "on") == 0 || strcmp(w2.lc, "at") == 0 ||
         strcmp(w2.lc, "in") == 0 || strcmp(w2.lc, "and") == 0 || strcmp(w2.lc, "with") == 0 ||
         strcmp(w2.lc, "by") == 0 || strcmp(w2.lc, "re") == 0)) {
        return end; /* "RESPONDED TO 2794 W CHICAGO FOR A DOG BITE" */
    }
    if (s[k] == ' ' && k + 1 < n &&
        (s[k + 1] == '#' ||
         (s[k + 1] >= 'a' && s[k + 1] <= 'z' && !tx_upper((unsigned char)s[w1.b + 1])) ||
         tx_ieq(s, k + 1, k + 4 < n ? k + 4 : n, "apt") ||
         tx_ieq(s, k + 1, k + 5 < n ? k + 5 : n, "unit"))) {
        return end;
    }
    return 0;
}

int
odp_text_address(const char *s, size_t n, size_t start, size_t *ms, size_t *me)
{
    size_t i = start;

    while (i < n) {
        size_t b, e;
        int dig = 0;

        if (!tx_alnum((unsigned char)s[i])) {
            i++;
            continue;
        }
        b = i;
        while (i < n && tx_alnum((unsigned char)s[i])) {
            dig |= tx_digit((unsigned char)s[i]);
            i++;
        }
        e = i;
        if (dig && starts_token(s, b) && (i = address_at(s, n, b, e)) != 0) {
            *ms = b;
            *me = i;
            return 1;
        }
        if (dig && starts_token(s, b) && (i = bare_street_at(s, n, b, e)) != 0) {
            *ms = b;
            *me = i;
            return 1;
        }
        if (dig && (b == 0 || !tx_alnum((unsigned char)s[b - 1])) &&
            (i = postcode_at(s, n, b, e)) != 0) {
            *ms = b;
            *me = i;
            return 1;
        }
        if (!dig && e - b == 3 && (i = po_box_at(s, n, b, e, &b)) != 0 && b >= start) {
            *ms = b;
            *me = i;
            return 1;
        }
        i = e;
    }
    return 0;
}
