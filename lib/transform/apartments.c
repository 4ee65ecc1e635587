/*
 * apartments.c - the apartment / unit detector for free text: "Apt 4B", "APT. 28",
 * "Apt#9H", "apartment 12-C", "unit 3R", "Suite 2", "#5F" (after an address or a comma,
 * not after a record word such as "Order #"), "PH-A" / "PHB" (penthouse), "14 J",
 * "3 Rear", and a floor with a position used as a unit ("4th fl rear", "2ND FLOOR
 * FRONT"). The designator is part of the match, so "Apt 4B" becomes "[APARTMENT]", while
 * the location words around it that do not identify a dwelling ("3rd story", "2nd room
 * from north", "north wall", a floor without a position) are left alone.
 */
#include <string.h>

#include "anchored_int.h"
#include "names.h"
#include "textscan.h"

static const char *const positions[] = {"front", "rear",  "back", "left", "right", "middle", "mid",
                                        "north", "south", "east", "west", "ne",    "nw",     "se",
                                        "sw",    "fr",    "rr",   "frnt", "bk",    "bck",    NULL};
static struct tx_set positions_set = TX_SET(positions);

/* Length of the word at i (ASCII letters and digits). */
static size_t
word_len(const char *s, size_t n, size_t i)
{
    size_t e = i;

    while (e < n && tx_alnum((unsigned char)s[e])) {
        e++;
    }
    return e - i;
}

/* An ordinal at i ("2ND", "3rd", "10TH"): its end, or 0. */
static size_t
ordinal_at(const char *s, size_t n, size_t i)
{
    size_t j = i;

    while (j < n && tx_digit((unsigned char)s[j]) && j - i < 3) {
        j++;
    }
    if (j == i || j + 2 > n ||
        !(tx_ieq(s, j, j + 2, "st") || tx_ieq(s, j, j + 2, "nd") || tx_ieq(s, j, j + 2, "rd") ||
          tx_ieq(s, j, j + 2, "th")) ||
        (j + 2 < n && tx_alnum((unsigned char)s[j + 2]))) {
        return 0;
    }
    return j + 2;
}

/* A compass word at i (north, south, east, west): its end, or 0. */
static size_t
compass_at(const char *s, size_t n, size_t i)
{
    size_t l = word_len(s, n, i);

    return (l == 4 && (tx_ieq(s, i, i + 4, "east") || tx_ieq(s, i, i + 4, "west"))) ||
                   (l == 5 && (tx_ieq(s, i, i + 5, "north") || tx_ieq(s, i, i + 5, "south")))
               ? i + l
               : 0;
}

/* Lower-case copy of the l bytes at s + b into lc (cap bytes); 0 when it does not fit. */
static int
lower_word(const char *s, size_t b, size_t l, char *lc, size_t cap)
{
    size_t q;

    if (l == 0 || l >= cap) {
        return 0;
    }
    for (q = 0; q < l; q++) {
        int c = (unsigned char)s[b + q];

        lc[q] = (char)(c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c);
    }
    lc[l] = '\0';
    return 1;
}

/* Is the word of l bytes at s + b a position (front, rear, left, ...)? */
static int
is_position(const char *s, size_t b, size_t l)
{
    char lc[8];

    return lower_word(s, b, l, lc, sizeof(lc)) && tx_has(&positions_set, lc);
}

/*
 * A unit value at i: 4B, 12, 15A, 12-C, 1-A, C5, D-8, PH, PH-A, PH2, 14 J, 3 Rear, B (a
 * single capital, only when `letter_ok`). Returns its end or 0.
 */
static size_t
unit_value(const char *s, size_t n, size_t i, int letter_ok)
{
    size_t j = i, d = 0, l = 0, e;

    if (i >= n) {
        return 0;
    }
    if (i + 2 <= n && tx_ieq(s, i, i + 2, "ph")) { /* penthouse */
        j = i + 2;
        if (j < n && (s[j] == '-' || s[j] == ' ') && j + 1 < n &&
            tx_alnum((unsigned char)s[j + 1])) {
            j++;
            e = j + word_len(s, n, j);
            if (e - j > 2 && letter_ok && s[j - 1] == ' ') {
                return i + 2; /* "apt ph since ...": the penthouse itself */
            }
            return e - j <= 2 ? e : 0; /* PH-A, PH 2, PH-12 */
        }
        e = j + word_len(s, n, j);
        /* PHB, PH2, PH12; not PHAM, PHONE; "Apt. PH" itself after a designator */
        if (e - j == 1) {
            return e;
        }
        if (e == j && letter_ok) {
            return j;
        }
        for (l = 0; j + l < e && tx_digit((unsigned char)s[j + l]); l++) {
        }
        return e - j <= 3 && l == e - j && l > 0 ? e : 0;
    }
    while (j < n && tx_digit((unsigned char)s[j]) && d < 5) {
        j++;
        d++;
    }
    if (d > 0) {
        if (d > 4 || (j < n && tx_digit((unsigned char)s[j]))) {
            return 0;
        }
        if (j + 1 < n && s[j] == '-' && tx_alpha((unsigned char)s[j + 1])) {
            j++;
        }
        while (j < n && tx_alpha((unsigned char)s[j]) && l < 3) {
            j++;
            l++;
        }
        if (l == 3 && letter_ok) {
            /* "APT 1FRONT", "5REAR": the floor and its position glued */
            size_t k = j - 3, wl = word_len(s, n, k);

            if (wl >= 4 && wl <= 5 && is_position(s, k, wl)) {
                return k + wl;
            }
        }
        if (l > 2 || (j < n && tx_alnum((unsigned char)s[j]))) {
            /* "3 Rear" style: digits, a space, a position word */
            return 0;
        }
        if (l == 0 && j + 1 < n && s[j] == ' ') {
            size_t k = j + 1, wl = word_len(s, n, k);

            if (wl == 1 && tx_upper((unsigned char)s[k])) {
                return k + 1; /* 14 J */
            }
            if (wl >= 2 && is_position(s, k, wl)) {
                return k + wl;
            }
        }
        return j;
    }
    /* C5, D-8, B */
    if (tx_alpha((unsigned char)s[j])) {
        j++;
        if (j + 1 < n && s[j] == '-' && tx_digit((unsigned char)s[j + 1])) {
            j++;
        }
        while (j < n && tx_digit((unsigned char)s[j]) && d < 5) {
            j++;
            d++;
        }
        if (d > 4 || (j < n && tx_alnum((unsigned char)s[j]))) {
            return 0;
        }
        if (d == 0 && !(letter_ok && tx_upper((unsigned char)s[i]))) {
            return 0;
        }
        return j;
    }
    return 0;
}

static const char *const apt_cues[] = {"apt",    "apartment", "apts",          "unit",
                                       "suite",  "ste",       "apartment no",  "unit no",
                                       "apt no", "dwelling",  "dwelling unit", NULL};
static struct tx_set apt_cues_set = TX_SET(apt_cues);
static const char *const apt_fillers[] = {"no", "number", "num", "nbr", "is", NULL};
static struct tx_set apt_fillers_set = TX_SET(apt_fillers);

/* Words before '#' after which "#12" is not an apartment. */
static const char *const hash_not_apt[] = {
    "job",      "complaint", "violation", "vio",     "order",       "nov",   "sr",       "case",
    "shield",   "badge",     "index",     "docket",  "t",           "ecb",   "permit",   "bin",
    "bbl",      "plate",     "tag",       "ph",      "tel",         "phone", "cell",     "fax",
    "lot",      "block",     "item",      "no",      "number",      "id",    "reg",      "law",
    "ll",       "summons",   "ticket",    "request", "application", "app",   "account",  "acct",
    "ref",      "invoice",   "route",     "bus",     "pier",        "exit",  "precinct", "pct",
    "district", "cb",        "board",     "room",    "rm",          "ps",    "is",       "jhs",
    "school",   "station",   "line",      "channel", "page",        "step",  "claim",    "file",
    "doc",      "form",      "tracking",  "code",    "section",     NULL};
static struct tx_set hash_not_apt_set = TX_SET(hash_not_apt);

/* Words right before "#12" that make it a place someone is: "lives in #4", "occupant of
 * #309" (not "to": "sent to #311"). */
static const char *const preps[] = {"in", "of", "at", "from", "into", "inside", NULL};
static struct tx_set preps_set = TX_SET(preps);

/* A part of the building used as a dwelling, before "apt" / "unit": "bsmt apt". */
static const char *const level_units[] = {"basement",  "bsmt",         "cellar",
                                          "garden",    "attic",        "penthouse",
                                          "top floor", "ground floor", NULL};
static struct tx_set level_units_set = TX_SET(level_units);

/* The ranks the badge detector reads before a name (badge.c): "#12" after "PO Nguyen" is
 * an officer's number, no unit. */
static struct tx_set ranks_set = TX_SET(tx_ranks);

static size_t floor_tail(const char *s, size_t n, size_t j);

/* Is the word of wl bytes at j "fl", "flr" or "floor"? */
static int
floor_word(const char *s, size_t j, size_t wl)
{
    return (wl == 2 && tx_ieq(s, j, j + 2, "fl")) || (wl == 3 && tx_ieq(s, j, j + 3, "flr")) ||
           (wl == 5 && tx_ieq(s, j, j + 5, "floor"));
}

/*
 * A floor with a position at i: "4th fl rear", and glued, "2FL REAR", "3flr right",
 * "5FLOOR MIDDLE", "2ndfl front". End or 0.
 */
static size_t
floor_unit(const char *s, size_t n, size_t i)
{
    size_t j = ordinal_at(s, n, i), wl;

    if (j != 0 && j < n && s[j] == ' ') {
        j++;
        wl = word_len(s, n, j);
        if (!floor_word(s, j, wl)) {
            return 0;
        }
        return floor_tail(s, n, j + wl);
    }
    if (j == 0) {
        for (j = i; j < n && tx_digit((unsigned char)s[j]) && j - i < 3; j++) {
        }
        if (j == i || j - i > 2) {
            return 0;
        }
    }
    wl = word_len(s, n, j);
    if (!floor_word(s, j, wl)) {
        return 0;
    }
    return floor_tail(s, n, j + wl);
}

/*
 * "PARLOR FLOOR FRONT", "top floor rear", "garden fl left": a level named by a word, then
 * its position. End or 0.
 */
static size_t
level_floor(const char *s, size_t n, size_t i, size_t wl)
{
    size_t j = i + wl, fl;

    int c0 = (unsigned char)s[i] | 0x20;

    /* (parlor, top, ground, garden, basement; then a word starting with f) */
    if ((c0 != 'p' && c0 != 't' && c0 != 'g' && c0 != 'b') || wl < 3 || wl > 8 || j + 3 >= n ||
        s[j] != ' ' || (s[j + 1] | 0x20) != 'f' ||
        !(tx_ieq(s, i, j, "parlor") || tx_ieq(s, i, j, "parlour") || tx_ieq(s, i, j, "top") ||
          tx_ieq(s, i, j, "ground") || tx_ieq(s, i, j, "garden") || tx_ieq(s, i, j, "basement"))) {
        return 0;
    }
    j++;
    fl = word_len(s, n, j);
    if (!floor_word(s, j, fl)) {
        return 0;
    }
    return floor_tail(s, n, j + fl);
}

/* After "fl" / "floor" at j: a position (and perhaps a second), not a part of the
 * building ("rear yard"). The end, or 0. */
static size_t
floor_tail(const char *s, size_t n, size_t j)
{
    size_t wl;

    if (j < n && s[j] == '.') {
        j++;
    }
    if (j >= n || s[j] != ' ') {
        return 0;
    }
    j++;
    wl = word_len(s, n, j);
    if (!is_position(s, j, wl) || compass_at(s, n, j) > 0) {
        return 0; /* "4th floor north wall" is a location, not a unit */
    }
    {
        /* "4TH FL REAR LEFT": a second position */
        size_t k = j + wl + 1, kl = k <= n ? word_len(s, n, k) : 0;

        if (j + wl < n && s[j + wl] == ' ' && kl >= 4 && kl <= 6 &&
            (tx_ieq(s, k, k + kl, "left") || tx_ieq(s, k, k + kl, "right") ||
             tx_ieq(s, k, k + kl, "front") || tx_ieq(s, k, k + kl, "rear") ||
             tx_ieq(s, k, k + kl, "back") || tx_ieq(s, k, k + kl, "middle"))) {
            wl = k + kl - j;
        }
    }
    if (j + wl < n && s[j + wl] == ' ' && word_len(s, n, j + wl + 1) > 0) {
        size_t k = j + wl + 1, kl = word_len(s, n, k);

        /* "2nd floor rear yard / room / wall" describes a place in the building */
        if (tx_ieq(s, k, k + kl, "yard") || tx_ieq(s, k, k + kl, "room") ||
            tx_ieq(s, k, k + kl, "wall") || tx_ieq(s, k, k + kl, "hall") ||
            tx_ieq(s, k, k + kl, "stairs") || tx_ieq(s, k, k + kl, "window") ||
            tx_ieq(s, k, k + kl, "bedroom") || tx_ieq(s, k, k + kl, "fire")) {
            return 0;
        }
    }
    return j + wl;
}

/*
 * "bsmt apt", "GARDEN APARTMENT", "top-floor unit": a level of the building named as
 * the dwelling at i (the level word and the unit word both go). Its end, or 0.
 */
static size_t
level_unit(const char *s, size_t n, size_t i, size_t wl)
{
    size_t j = i + wl, ul;
    char lc[16];
    int nc;

    /* the word after it starts "apt", "apartment", "unit" or "floor": most words stop here */
    if (wl < 3 || wl > 9 || j + 4 > n || (s[j] != ' ' && s[j] != '-')) {
        return 0;
    }
    nc = (unsigned char)s[j + 1] | 0x20;
    if ((nc != 'a' && nc != 'u' && nc != 'f') || !lower_word(s, i, wl, lc, sizeof(lc))) {
        return 0;
    }
    if ((strcmp(lc, "top") == 0 || strcmp(lc, "ground") == 0) && j + 6 < n &&
        (s[j] == ' ' || s[j] == '-') && tx_ieq(s, j + 1, j + 6, "floor")) {
        j += 6;
    } else if (!tx_has(&level_units_set, lc)) {
        return 0;
    }
    if (j >= n || s[j] != ' ') {
        return 0;
    }
    j++;
    ul = word_len(s, n, j);
    if (tx_ieq(s, j, j + ul, "apt") || tx_ieq(s, j, j + ul, "apartment") ||
        tx_ieq(s, j, j + ul, "unit")) {
        return j + ul;
    }
    return 0;
}

/*
 * HPD's way of naming a unit without its number: "2ND APARTMENT FROM NORTH [AT EAST]",
 * with the story before it when written ("16TH STORY, 2ND APARTMENT FROM NORTH"). With
 * the building's address public, the position is the household. *b may move back over
 * the story. Returns the end, or 0.
 */
static size_t
apartment_from(const char *s, size_t n, size_t *b)
{
    size_t i = *b, j = ordinal_at(s, n, i), k, e;

    /* tx_ieq reads its range whole: the bounds first */
    if (j == 0 || j + 16 > n || s[j] != ' ' || !tx_ieq(s, j + 1, j + 10, "apartment") ||
        !tx_ieq(s, j + 10, j + 16, " from ") || (e = compass_at(s, n, j + 16)) == 0) {
        return 0;
    }
    if (e + 4 < n && tx_ieq(s, e, e + 4, " at ") && (k = compass_at(s, n, e + 4)) > 0) {
        e = k;
    }
    /* "16TH STORY, " before it */
    k = i;
    if (k >= 2 && s[k - 1] == ' ' && s[k - 2] == ',') {
        size_t w = k - 2, ws;

        while (w > 0 && tx_alpha((unsigned char)s[w - 1])) {
            w--;
        }
        ws = w;
        if (k - 2 - ws == 5 && tx_ieq(s, ws, ws + 5, "story") && ws >= 2 && s[ws - 1] == ' ') {
            size_t o = ws - 1;

            while (o > 0 && tx_alnum((unsigned char)s[o - 1])) {
                o--;
            }
            if (ordinal_at(s, n, o) == ws - 1) {
                *b = o;
            }
        }
    }
    return e;
}

/* Words that say a person lives in the unit named after "in": "my neighbor in 4C",
 * "the guy in 21r", "Ms Jackson in 11H". */
static const char *const dwellers[] = {
    "neighbor", "neighbour", "neighbors", "tenant", "tenants", "guy",     "lady",
    "woman",    "man",       "family",    "lives",  "living",  "resides", "occupant",
    "people",   "kids",      "she",       "he",     "they",    "who",     NULL};
static struct tx_set dwellers_set = TX_SET(dwellers);

/*
 * "in 4C" after a person: one or two digits and one letter, after "in" with a dweller word
 * (or a title and a name) among the four words before it. Its end, or 0.
 */
/* A word that may end a person's name: a surname the tables know, or no common English
 * word ("THOMPSON", "WONG"; not "SHOW", "LOGS"). */
static int
surname_like(const char *s, const struct tx_word *w)
{
    struct odp_name_info ni;
    unsigned lvl = tx_english_level(s + w->b, w->e - w->b);

    return lvl == 0 || lvl > 35 ||
           (tx_name_lookup(s + w->b, w->e - w->b, &ni) && ni.surname_rank > 0 &&
            ni.surname_rank <= 2000);
}

static size_t
unit_of_person(const char *s, size_t n, size_t i)
{
    struct tx_word w[6];
    size_t j = i, nw, k;

    while (j < n && tx_digit((unsigned char)s[j]) && j - i < 3) {
        j++;
    }
    if (j < n && s[j] == '-' && j > i) {
        j++; /* "13-K" */
    }
    if (j == i || j - i > 3 || j >= n || !tx_alpha((unsigned char)s[j]) ||
        (j + 1 < n && tx_alnum((unsigned char)s[j + 1]))) {
        return 0;
    }
    nw = tx_prev_words(s, i, w, 6);
    /* "TENANT GENNADY THOMPSON 4-B SAYS": right after a tenant's or neighbour's name */
    if (nw >= 3 && w[0].e + 1 == i && tx_upper((unsigned char)s[w[0].b]) &&
        surname_like(s, &w[0]) &&
        (strcmp(w[2].lc, "tenant") == 0 || strcmp(w[2].lc, "neighbor") == 0 ||
         (nw >= 4 && (strcmp(w[3].lc, "tenant") == 0 || strcmp(w[3].lc, "neighbor") == 0) &&
          tx_upper((unsigned char)s[w[1].b])))) {
        return j + 1;
    }
    if (nw < 2 || strcmp(w[0].lc, "in") != 0 || w[0].e + 1 != i) {
        return 0;
    }
    for (k = 1; k < nw && k <= 4; k++) {
        if (tx_has(&dwellers_set, w[k].lc) || tx_has(&ranks_set, w[k].lc) ||
            strcmp(w[k].lc, "mr") == 0 || strcmp(w[k].lc, "ms") == 0 ||
            strcmp(w[k].lc, "mrs") == 0 || strcmp(w[k].lc, "miss") == 0) {
            return j + 1;
        }
    }
    return 0;
}

/*
 * A British flat: "in flat B", "FLAT 1/1 SAYS", "flat 49, 156 Mill Lane": after in, at,
 * of, from or a comma, or with a comma after it, so that "a flat 20% fee" and "flat
 * 3 days" are not. The end of the value, or 0.
 */
static size_t
flat_at(const char *s, size_t n, size_t i, size_t wl)
{
    size_t v = i + 4, e, k;
    struct tx_word w[1];

    if (wl != 4 || i + 6 > n || !tx_ieq(s, i, i + 4, "flat") || s[v] != ' ' ||
        !tx_alnum((unsigned char)s[v + 1])) {
        return 0;
    }
    v++;
    /* "1/1" (Glasgow: floor and door) */
    e = v;
    while (e < n && tx_alnum((unsigned char)s[e]) && e - v < 4) {
        e++;
    }
    if (e + 1 < n && s[e] == '/' && tx_digit((unsigned char)s[e + 1])) {
        for (e++; e < n && tx_digit((unsigned char)s[e]); e++) {
        }
    }
    if (e == v || e - v > 5 || (e < n && tx_alnum((unsigned char)s[e]))) {
        return 0;
    }
    for (k = v; k < e && (tx_alnum((unsigned char)s[k]) || s[k] == '/'); k++) {
    }
    if (k != e || (e - v > 2 && !tx_digit((unsigned char)s[v]) &&
                   !(tx_upper((unsigned char)s[v]) && tx_digit((unsigned char)s[v + 1]) &&
                     tx_digit((unsigned char)s[e - 1])))) {
        return 0; /* "flat roof"; "Flat E10" is a flat */
    }
    if (e < n && s[e] == ',') {
        return e;
    }
    k = i;
    while (k > 0 && s[k - 1] == ' ') {
        k--;
    }
    if (k > 0 && s[k - 1] == ',') {
        return e;
    }
    if (tx_prev_words(s, i, w, 1) == 1 && w[0].e == k &&
        (strcmp(w[0].lc, "in") == 0 || strcmp(w[0].lc, "at") == 0 || strcmp(w[0].lc, "of") == 0 ||
         strcmp(w[0].lc, "from") == 0 || strcmp(w[0].lc, "to") == 0)) {
        return e;
    }
    return 0;
}

/*
 * After a designator word ending at v: one to `seps` separators ('.', '#', ' '), then a
 * unit value that starts with a digit and holds at most `maxlen` bytes. Its end, or 0.
 */
static size_t
numbered_value(const char *s, size_t n, size_t v, size_t seps, int letter_ok, size_t maxlen)
{
    size_t k, e;

    for (k = 0; v < n && k < seps && (s[v] == '.' || s[v] == '#' || s[v] == ' '); k++) {
        v++;
    }
    if (k == 0 || v >= n || !tx_digit((unsigned char)s[v])) {
        return 0;
    }
    e = unit_value(s, n, v, letter_ok);
    return e > v && e - v <= maxlen ? e : 0;
}

/*
 * "18492 Lincoln Ave lot 73", "9159 John F Kennedy Blvd, Sp. 119": a mobile-home lot or
 * space right after a street type (a comma between), so that "parking lot 3" and "space
 * 4 of the garage" are not. The end of the value, or 0.
 */
static size_t
lot_space(const char *s, size_t n, size_t i, size_t wl)
{
    size_t v = i + wl, k, e, g;
    struct tx_word w[1];
    int hit;

    /* lot, space, sp, spc, trailer, trlr (most words of a text end here) */
    switch (wl) {
    case 2:
        hit = tx_ieq(s, i, v, "sp");
        break;
    case 3:
        hit = tx_ieq(s, i, v, "lot") || tx_ieq(s, i, v, "spc");
        break;
    case 4:
        hit = tx_ieq(s, i, v, "trlr");
        break;
    case 5:
        hit = tx_ieq(s, i, v, "space");
        break;
    case 7:
        hit = tx_ieq(s, i, v, "trailer");
        break;
    default:
        hit = 0;
    }
    if (!hit) {
        return 0;
    }
    if ((e = numbered_value(s, n, v, 3, 1, 5)) == 0) {
        return 0;
    }
    /* after a street type ("18492 Lincoln Ave lot 73") */
    if (tx_prev_words(s, i, w, 1) == 1 && tx_street_type(w[0].lc)) {
        for (g = w[0].e; g < i && (s[g] == ' ' || s[g] == ',' || s[g] == '.'); g++) {
        }
        if (g == i) {
            return e;
        }
    }
    /* or before the park's name ("space 25, Desert Rose Mobile Home Comm", "SPACE 92,
     * LAZY J TRAILER COURT", "lot 47, 704 N. Red Bud Ct."): a mobile-home word or a
     * street number within the next 40 bytes, after a comma */
    if (e < n && s[e] == ',') {
        size_t lim = e + 40 < n ? e + 40 : n;

        for (g = e + 1; g + 3 <= lim; g++) {
            if (tx_ieq(s, g, g + 3, "mhp") || (g + 6 <= lim && tx_ieq(s, g, g + 6, "mobile")) ||
                (g + 7 <= lim && tx_ieq(s, g, g + 7, "trailer"))) {
                return e;
            }
        }
        for (g = e + 1; g < lim && s[g] == ' '; g++) {
        }
        for (k = g; k < lim && tx_digit((unsigned char)s[k]); k++) {
        }
        if (k > g && k + 1 < n && s[k] == ' ' && tx_upper((unsigned char)s[k + 1])) {
            return e; /* a house number and a street follow: the lot's address */
        }
    }
    return 0;
}

/* Words among the eight before "room 12" that make the room a home ("illegal occupancy rm
 * 29", "living alone in room 28", "lease for room 1C") ... */
static const char *const room_home[] = {
    "occupancy", "occupied",   "occupant", "occupants", "sro",      "tenant", "tenants",
    "lease",     "rent",       "rented",   "renting",   "lives",    "live",   "living",
    "lived",     "resides",    "reside",   "residing",  "resident", "stays",  "staying",
    "sleeps",    "sleeping",   "keys",     "eviction",  "evicted",  "evict",  "harassing",
    "harassed",  "harassment", "boarder",  "roomer",    "roomers",  "lodger", "cl",
    "client",    "pt",         NULL};
static struct tx_set room_home_set = TX_SET(room_home);
/* ... and words that make it a room of a court, a school or an office ("Part F, Room 302",
 * "Trial held in Room 691", "Committee Room 2", "the study room 2"). */
static const char *const room_public[] = {
    "court",     "courtroom",  "part",      "trial",     "hearing",    "hearings", "meeting",
    "committee", "conference", "class",     "classroom", "school",     "students", "student",
    "judge",     "held",       "scheduled", "adjourned", "reassigned", "matter",   "session",
    "office",    "the",        "a",         "study",     "teen",       "boiler",   "laundry",
    "community", "waiting",    "storage",   "dining",    "break",      "mail",     "exam",
    "interview", "visiting",   "visit",     "library",   "board",      "hall",     "alarm",
    NULL};
static struct tx_set room_public_set = TX_SET(room_public);

/*
 * "RM 29", "Rm. 8C", "Room # 21", "room 1C" where someone lives: a room word and a short
 * unit value, after a preposition, "and", a comma or a word of the home, with a word of
 * the home among the eight before it and no word of a court, a school or an office. End
 * or 0.
 */
static size_t
room_unit(const char *s, size_t n, size_t i, size_t wl)
{
    struct tx_word w[8];
    size_t v = i + wl, e, nw, k, g;
    int home = 0;

    if (((unsigned char)s[i] | 0x20) != 'r' ||
        !((wl == 2 && tx_ieq(s, i, v, "rm")) || (wl == 4 && tx_ieq(s, i, v, "room")))) {
        return 0;
    }
    if ((e = numbered_value(s, n, v, 4, 0, 4)) == 0 ||
        (e + 1 < n && s[e] == '-' && tx_digit((unsigned char)s[e + 1]))) {
        return 0;
    }
    nw = tx_prev_words(s, i, w, 8);
    if (nw == 0) {
        return 0;
    }
    for (g = w[0].e; g < i && (s[g] == ' ' || s[g] == ',' || s[g] == '.'); g++) {
    }
    if (g != i) {
        return 0;
    }
    /* "LIVING ROOM 28 RCNY": a room of the flat, then a code */
    if (strcmp(w[0].lc, "living") == 0 ||
        (e + 5 < n && s[e] == ' ' && tx_ieq(s, e + 1, e + 5, "rcny"))) {
        return 0;
    }
    /* the word right before: a preposition, "and", a comma, or a word of the home */
    if (!(tx_has(&preps_set, w[0].lc) || strcmp(w[0].lc, "to") == 0 ||
          strcmp(w[0].lc, "for") == 0 || strcmp(w[0].lc, "and") == 0 ||
          memchr(s + w[0].e, ',', i - w[0].e) != NULL || tx_has(&room_home_set, w[0].lc))) {
        return 0;
    }
    for (k = 0; k < nw; k++) {
        if (tx_has(&room_public_set, w[k].lc) && !(k > 0 && strcmp(w[k].lc, "the") == 0) &&
            !(k > 0 && strcmp(w[k].lc, "a") == 0)) {
            return 0;
        }
        home |= tx_has(&room_home_set, w[k].lc);
    }
    /* ", room 38" right after a street address is the address's */
    if (!home && memchr(s + w[0].e, ',', i - w[0].e) != NULL && tx_street_type(w[0].lc)) {
        home = 1;
    }
    return home ? e : 0;
}

/* Borough words that may stand between a street address and its unit ("1461 BOSTON RD,
 * BRONX, 12H"). */
static const char *const boroughs[] = {"manhattan", "manh",  "mn",  "bronx",  "bx",
                                       "brooklyn",  "bklyn", "bk",  "queens", "qns",
                                       "si",        "ny",    "nyc", NULL};
static struct tx_set boroughs_set = TX_SET(boroughs);

/* Is the text before i a street type (perhaps then a comma and a borough), with only
 * blanks, commas and full stops between? */
static int
after_street(const char *s, size_t i)
{
    struct tx_word w[2];
    size_t nw = tx_prev_words(s, i, w, 2), g;

    if (nw == 0) {
        return 0;
    }
    for (g = w[0].e; g < i; g++) {
        if (s[g] != ' ' && s[g] != ',' && s[g] != '.') {
            return 0;
        }
    }
    if (tx_street_type(w[0].lc)) {
        return 1;
    }
    if (nw == 2 && tx_has(&boroughs_set, w[0].lc) && tx_street_type(w[1].lc)) {
        for (g = w[1].e; g < w[0].b; g++) {
            if (s[g] != ' ' && s[g] != ',' && s[g] != '.') {
                return 0;
            }
        }
        return 1;
    }
    return 0;
}

/*
 * "1775 canal st 12j", "1461 BOSTON RD, BRONX, 12H,": a unit of a digit or two and a
 * letter (or a letter and digits) right after a street address; "2904 Delancey St bsmt."
 * (no ordinal: "ST 5TH FLOOR"; no number alone: a ZIP or a count). End or 0.
 */
static size_t
unit_after_street(const char *s, size_t n, size_t i, size_t wl)
{
    size_t e, k;
    int dig = 0, let = 0;

    /* (most words: neither a level word nor a digit in their first two bytes) */
    if (!tx_digit((unsigned char)s[i]) && !(i + 1 < n && tx_digit((unsigned char)s[i + 1])) &&
        ((s[i] | 0x20) != 'b' && (s[i] | 0x20) != 'c')) {
        return 0;
    }
    if (wl >= 4 && wl <= 8 &&
        (tx_ieq(s, i, i + wl, "bsmt") || tx_ieq(s, i, i + wl, "basement") ||
         tx_ieq(s, i, i + wl, "cellar")) &&
        after_street(s, i)) {
        return i + wl;
    }
    if (wl < 2 || wl > 4) {
        return 0;
    }
    for (k = i; k < i + wl; k++) {
        dig |= tx_digit((unsigned char)s[k]);
        let |= tx_alpha((unsigned char)s[k]);
    }
    if (!dig || !let) {
        return 0; /* (most tokens: a word or a number) */
    }
    e = unit_value(s, n, i, 0);
    if (e != i + wl) {
        return 0;
    }
    if (ordinal_at(s, n, i) != 0 || (e < n && s[e] == '-') || !after_street(s, i)) {
        return 0;
    }
    /* "Jackson Ave 1pm", "Lincoln Pl 11p": a time */
    for (k = i; k < e && tx_digit((unsigned char)s[k]); k++) {
    }
    if (k > i && (tx_ieq(s, k, e, "am") || tx_ieq(s, k, e, "pm") || tx_ieq(s, k, e, "p"))) {
        return 0;
    }
    return e;
}

/*
 * "the lower flat", "upper unit", "REAR HOUSE", "coach house", "rear cottage": a dwelling
 * named by where it stands on the lot or in the house (Midwest two-flats, coach houses).
 * End or 0.
 */
static size_t
position_dwelling(const char *s, size_t n, size_t i, size_t wl)
{
    size_t j = i + wl, dl;

    int c0 = (unsigned char)s[i] | 0x20, c1;

    if (wl < 4 || wl > 6 || j + 4 > n || (s[j] != ' ' && s[j] != '-') ||
        (c0 != 'u' && c0 != 'l' && c0 != 'r' && c0 != 'f' && c0 != 'b' && c0 != 'c') ||
        ((c1 = (unsigned char)s[j + 1] | 0x20) != 'f' && c1 != 'u' && c1 != 'h' && c1 != 'c' &&
         c1 != 'a') ||
        !(tx_ieq(s, i, j, "upper") || tx_ieq(s, i, j, "lower") || tx_ieq(s, i, j, "rear") ||
          tx_ieq(s, i, j, "front") || tx_ieq(s, i, j, "back") || tx_ieq(s, i, j, "coach"))) {
        return 0;
    }
    j++;
    dl = word_len(s, n, j);
    if ((dl == 4 && (tx_ieq(s, j, j + 4, "flat") || tx_ieq(s, j, j + 4, "unit"))) ||
        (dl == 5 && tx_ieq(s, j, j + 5, "house")) || (dl == 7 && tx_ieq(s, j, j + 7, "cottage")) ||
        (dl == 9 && tx_ieq(s, j, j + 9, "apartment")) || (dl == 3 && tx_ieq(s, j, j + 3, "apt"))) {
        size_t k = j + dl + 1, kl = k < n && s[k - 1] == ' ' ? word_len(s, n, k) : 0;

        /* "rear unit heater", "front house door": a thing of the dwelling */
        if (kl >= 4 && (tx_ieq(s, k, k + kl, "heater") || tx_ieq(s, k, k + kl, "door") ||
                        tx_ieq(s, k, k + kl, "doors") || tx_ieq(s, k, k + kl, "window") ||
                        tx_ieq(s, k, k + kl, "windows") || tx_ieq(s, k, k + kl, "wall") ||
                        tx_ieq(s, k, k + kl, "yard") || tx_ieq(s, k, k + kl, "porch") ||
                        tx_ieq(s, k, k + kl, "roof") || tx_ieq(s, k, k + kl, "stairs") ||
                        tx_ieq(s, k, k + kl, "fence") || tx_ieq(s, k, k + kl, "light"))) {
            return 0;
        }
        return j + dl;
    }
    return 0;
}

/*
 * "CONTACT: GONZALEZ RUIZ/ELISEO 917 5552722 2G;", "SALEH/AYMAN 718-748-2446 x2323 1H": a
 * unit of digits and a letter right after a phone number (seven digits or more among the
 * sixteen bytes before it), then the clause's end. End or 0.
 */
static size_t
unit_after_phone(const char *s, size_t n, size_t i, size_t wl)
{
    size_t k, d = 0, e = i + wl;
    int dig = 0, let = 0;

    if (wl < 2 || wl > 4 || i < 9 || s[i - 1] != ' ' || !tx_digit((unsigned char)s[i - 2]) ||
        ((s[e - 1] | 0x20) == 'm' || (s[e - 1] | 0x20) == 'p' || (s[e - 1] | 0x20) == 'a')) {
        return 0; /* (a time: "9pm", "8a") */
    }
    for (k = i; k < e; k++) {
        dig |= tx_digit((unsigned char)s[k]);
        let |= tx_alpha((unsigned char)s[k]);
    }
    if (!dig || !let || ordinal_at(s, n, i) != 0 || unit_value(s, n, i, 0) != e ||
        !(e >= n || s[e] == ';' || s[e] == '.' || s[e] == ',' || s[e] == '\n')) {
        return 0;
    }
    /* the run before it: a phone's digits and separators, ten digits at least (not a
     * date, "2024-06-25 9pm") */
    for (k = i - 1;
         k > 0 && i - k <= 24 && strchr("0123456789-. ()xX", s[k - 1]) != NULL && s[k - 1] != '\0';
         k--) {
        d += tx_digit((unsigned char)s[k - 1]) != 0;
    }
    return d >= 10 ? e : 0;
}

/* Words before "bsmt" that make it a home: "renting out the BSMT", "lives in bsmt". */
static const char *const bsmt_home[] = {"renting", "rents",  "rented",   "lives", "living",
                                        "resides", "tenant", "occupant", NULL};
static struct tx_set bsmt_home_set = TX_SET(bsmt_home);

static size_t
basement_home(const char *s, size_t n, size_t i, size_t wl)
{
    struct tx_word w[4];
    size_t nw, k;

    (void)n;
    if (!((wl == 4 && tx_ieq(s, i, i + 4, "bsmt")) ||
          (wl == 8 && tx_ieq(s, i, i + 8, "basement")))) {
        return 0;
    }
    nw = tx_prev_words(s, i, w, 4);
    for (k = 0; k < nw; k++) {
        if (tx_has(&bsmt_home_set, w[k].lc)) {
            return i + wl;
        }
    }
    return 0;
}

/* "apt11J", "Apt5", "Unit1F", "flat40": a designator and its unit in one word of wl bytes
 * at i. */
static size_t
glued_unit(const char *s, size_t n, size_t i, size_t wl)
{
    size_t p = 0;

    while (p < wl && tx_alpha((unsigned char)s[i + p])) {
        p++;
    }
    if ((p != 3 && p != 4 && p != 9) || p == wl || !tx_digit((unsigned char)s[i + p]) ||
        !(tx_ieq(s, i, i + p, "apt") || tx_ieq(s, i, i + p, "unit") ||
          tx_ieq(s, i, i + p, "flat") || tx_ieq(s, i, i + p, "apartment"))) {
        return 0;
    }
    /* four digits alone glued to "unit" are a model's number more often ("Unit2000") */
    if (wl - p == 4 && tx_digit((unsigned char)s[i + wl - 1])) {
        return 0;
    }
    return unit_value(s, n, i + p, 1) == i + wl ? i + wl : 0;
}

int
odp_text_apartment(const char *s, size_t n, size_t start, size_t *ms, size_t *me)
{
    size_t i = start;

    while (i < n) {
        int c = (unsigned char)s[i];
        size_t e, wl;

        if (c == '#' && i + 1 < n) {
            size_t v = i + 1;
            struct tx_word w[4];
            size_t nw;

            if (v < n && s[v] == ' ') {
                v++;
            }
            e = unit_value(s, n, v, 0);
            nw = tx_prev_words(s, i, w, 4);
            if (e > 0 && (nw == 0 || (!tx_has(&hash_not_apt_set, w[0].lc) &&
                                      !(nw >= 2 && tx_has(&ranks_set, w[1].lc)) &&
                                      !(nw >= 3 && tx_has(&ranks_set, w[2].lc))))) {
                /* "apt #4" is the designator's; a bare "#4B" only after an address or
                 * a comma, or when it holds a letter */
                size_t k = i;
                int letter = 0, q;

                for (q = (int)v; (size_t)q < e; q++) {
                    letter |= tx_alpha((unsigned char)s[q]);
                }
                while (k > 0 && s[k - 1] == ' ') {
                    k--;
                }
                if (letter || k == 0 || s[k - 1] == ',' || nw == 0 ||
                    tx_cue_before(w, nw, &apt_cues_set, &apt_fillers_set) > 0 ||
                    (k == w[0].e && tx_has(&preps_set, w[0].lc)) ||
                    /* "2528 W. 79th St. #209", "5154 Reed Rd #202" */
                    (after_street(s, i) && !(e + 1 < n && s[e] == '-')) ||
                    /* "TENANT OLENA BOYKO #1410", "upstairs neighbor #310" */
                    (k == w[0].e && !(e + 1 < n && s[e] == '-') &&
                     (tx_has(&dwellers_set, w[0].lc) ||
                      (nw >= 2 && tx_has(&dwellers_set, w[1].lc) && strcmp(w[1].lc, "who") != 0 &&
                       strcmp(w[1].lc, "she") != 0 && strcmp(w[1].lc, "he") != 0 &&
                       strcmp(w[1].lc, "they") != 0) ||
                      (nw >= 3 &&
                       (strcmp(w[2].lc, "tenant") == 0 || strcmp(w[2].lc, "neighbor") == 0))))) {
                    if (i >= start) {
                        *ms = i;
                        *me = e;
                        return 1;
                    }
                }
            }
            i++;
            continue;
        }
        if (!tx_alnum(c) || (i > 0 && tx_alnum((unsigned char)s[i - 1]))) {
            i++;
            continue;
        }
        /* the word's length, once: every test below reads it */
        wl = word_len(s, n, i);
        /* a designator word followed by a unit value */
        if (c == 'a' || c == 'A' || c == 'u' || c == 'U' || c == 's' || c == 'S' || c == 'd' ||
            c == 'D') {
            size_t v = i + wl, k = 0;

            if ((wl == 3 || wl == 4 || wl == 5 || wl == 6 || wl == 9) &&
                (tx_ieq(s, i, i + wl, "apt") || tx_ieq(s, i, i + wl, "apartment") ||
                 tx_ieq(s, i, i + wl, "unit") || tx_ieq(s, i, i + wl, "suite") ||
                 tx_ieq(s, i, i + wl, "ste") || tx_ieq(s, i, i + wl, "apts") ||
                 tx_ieq(s, i, i + wl, "aptmt") || tx_ieq(s, i, i + wl, "aptmnt"))) {
                /* separators and filler: ". ", "#", ": ", "no. " */
                while (v < n && k < 3 &&
                       (s[v] == '.' || s[v] == '#' || s[v] == ':' || s[v] == ' ')) {
                    v++;
                    k++;
                }
                if (v + 2 < n && tx_ieq(s, v, v + 2, "no") && !tx_alnum((unsigned char)s[v + 2])) {
                    v += 2;
                    while (v < n && (s[v] == '.' || s[v] == ' ' || s[v] == '#')) {
                        v++;
                    }
                }
                e = v > i + wl ? unit_value(s, n, v, 1) : 0;
                if (e > 0 && !(tx_ieq(s, i, i + wl, "unit") && e == v + 1 &&
                               tx_upper((unsigned char)s[v]) && 0)) {
                    *ms = i;
                    *me = e;
                    return 1;
                }
            }
        }
        /* "apt11J", "Apt5", "Unit1F", "APT2B": the designator glued to its unit */
        if ((c == 'a' || c == 'A' || c == 'u' || c == 'U' || c == 'f' || c == 'F') && wl >= 4 &&
            wl <= 9 && (e = glued_unit(s, n, i, wl)) > 0) {
            *ms = i;
            *me = e;
            return 1;
        }
        if (c == 'P' && i + 2 <= n && s[i + 1] == 'H') {
            e = unit_value(s, n, i, 0);
            if (e > i + 2 && (e - i) <= 4 &&
                (s[i + 2] == '-' || tx_upper((unsigned char)s[i + 2]) ||
                 tx_digit((unsigned char)s[i + 2]))) {
                *ms = i;
                *me = e;
                return 1;
            }
        }
        if ((c == 'f' || c == 'F') && (e = flat_at(s, n, i, wl)) > 0) {
            *ms = i;
            *me = e;
            return 1;
        }
        if ((c == 'l' || c == 'L' || c == 's' || c == 'S' || c == 't' || c == 'T') &&
            (e = lot_space(s, n, i, wl)) > 0) {
            *ms = i;
            *me = e;
            return 1;
        }
        if (tx_alpha(c) && (e = level_unit(s, n, i, wl)) > 0) {
            *ms = i;
            *me = e;
            return 1;
        }
        if (tx_alpha(c) &&
            ((e = level_floor(s, n, i, wl)) > 0 || (e = room_unit(s, n, i, wl)) > 0 ||
             (e = position_dwelling(s, n, i, wl)) > 0)) {
            *ms = i;
            *me = e;
            return 1;
        }
        if ((e = unit_after_street(s, n, i, wl)) > 0 || (e = unit_after_phone(s, n, i, wl)) > 0 ||
            ((c == 'b' || c == 'B') && (e = basement_home(s, n, i, wl)) > 0)) {
            *ms = i;
            *me = e;
            return 1;
        }
        if (tx_digit(c)) {
            size_t b = i;

            if ((e = apartment_from(s, n, &b)) > 0 && b >= start) {
                *ms = b;
                *me = e;
                return 1;
            }
            if ((e = unit_of_person(s, n, i)) > 0) {
                *ms = i;
                *me = e;
                return 1;
            }
            e = floor_unit(s, n, i);
            if (e > 0) {
                *ms = i;
                *me = e;
                return 1;
            }
        }
        i += wl;
    }
    return 0;
}
