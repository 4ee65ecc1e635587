/*
 * phones.c - phone numbers the North American pattern of detect.c does not read: an
 * international number after '+' ("+44 (0)20 3400 0080", "+61 412 345 678"), a national
 * number with a trunk '0' in groups ("07631 398 114", "(02) 9876 5432", "01 234 5678")
 * or a UK mobile written whole ("07801355233"), and a local seven-digit number after a
 * word that says phone ("cell: 297-9035", "call her at 921-3384"). Each shape is checked
 * for its digit count and for the bytes around it, so that it is not part of a longer
 * number, a date or an amount.
 */
#include <string.h>

#include "textscan.h"

#define PH_MAX_GROUPS 8

struct ph_groups {
    size_t end;                /* one past the last digit (or ')') read */
    size_t digits;             /* digits counted, "(0)" not among them */
    size_t ng;                 /* groups read */
    size_t len[PH_MAX_GROUPS]; /* digits per group (the first PH_MAX_GROUPS) */
    char sep;                  /* the one separator between groups, 0 when mixed or none */
    unsigned mixed : 1;        /* more than one kind of separator */
    unsigned paren : 1;        /* a group was written in parentheses */
};

static int
ph_digit(const char *s, size_t n, size_t i)
{
    return i < n && s[i] >= '0' && s[i] <= '9';
}

/* Not in the middle of a word or a longer number: s[i] starts a token. */
static int
ph_starts(const char *s, size_t i)
{
    int c;

    if (i == 0) {
        return 1;
    }
    c = (unsigned char)s[i - 1];
    if (tx_alnum(c) || c == '_' || c == '+' || c == '$' || c == '#' || c == '@') {
        return 0;
    }
    /* "12-07631 398 114", "3.0412", "2 4421 05397": the run goes on before i */
    if ((c == '-' || c == '.' || c == '/' || c == ',') && i >= 2 &&
        tx_alnum((unsigned char)s[i - 2])) {
        return 0;
    }
    if (c == ' ' && i >= 2 && tx_digit((unsigned char)s[i - 2])) {
        return 0;
    }
    return 1;
}

/* Nothing after e continues the number or the word: "07631 398 114x", "0412 345 678-9". */
static int
ph_ends(const char *s, size_t n, size_t e)
{
    int c;

    if (e >= n) {
        return 1;
    }
    c = (unsigned char)s[e];
    if (tx_alnum(c) || c == '_' || c == '@') {
        return 0;
    }
    if ((c == '-' || c == '.' || c == '/' || c == ',') && ph_digit(s, n, e + 1)) {
        return 0;
    }
    return 1;
}

/*
 * Digit groups from i: a group is a run of digits or one in parentheses ("(20)", and
 * "(0)" which is not counted: "+44 (0)20"); groups are joined by one blank, '-' or '.'
 * (or follow a ')' directly). Stops before a separator not followed by a group.
 */
static void
ph_read_groups(const char *s, size_t n, size_t i, struct ph_groups *g)
{
    memset(g, 0, sizeof(*g));
    g->end = i;
    for (;;) {
        size_t b = i, dg = 0;
        int par = 0;

        if (i < n && s[i] == '(' && ph_digit(s, n, i + 1)) {
            par = 1;
            i++;
        }
        while (ph_digit(s, n, i)) {
            i++;
            dg++;
        }
        if (dg == 0 || (par && (i >= n || s[i] != ')'))) {
            return;
        }
        if (par) {
            i++;
            g->paren = 1;
            if (!(dg == 1 && s[b + 1] == '0')) {
                g->digits += dg;
            }
        } else {
            g->digits += dg;
        }
        if (g->ng < PH_MAX_GROUPS) {
            g->len[g->ng] = dg;
        }
        g->ng++;
        g->end = i;
        if (g->digits > 15 || g->ng > 12) {
            return;
        }
        /* the separator to the next group: ' ', '-', '.', or none after ')' */
        if (i < n && (s[i] == ' ' || s[i] == '-' || s[i] == '.') &&
            (ph_digit(s, n, i + 1) || (i + 2 < n && s[i + 1] == '(' && ph_digit(s, n, i + 2)))) {
            if (g->sep == 0) {
                g->sep = s[i];
            } else if (g->sep != s[i]) {
                g->mixed = 1;
            }
            i++;
        } else if (!(par && i < n && ph_digit(s, n, i))) {
            return;
        }
    }
}

/* "+44 20 7946 0958", "+353 87 123 4567", "+61412345678": 8-15 digits after a '+'. */
static int
intl_at(const char *s, size_t n, size_t i, size_t *me)
{
    struct ph_groups g;
    size_t j = i + 1;

    if (!ph_starts(s, i) || !ph_digit(s, n, j) || s[j] == '0') {
        return 0;
    }
    if (s[j] == '1') {
        return 0; /* +1: the North American pattern's (detect.c) */
    }
    ph_read_groups(s, n, j, &g);
    if (g.digits < 8 || g.digits > 15 || g.mixed || !ph_ends(s, n, g.end)) {
        return 0;
    }
    if (g.ng > 1 && g.len[0] > 3 && !g.paren) {
        return 0; /* a country code has 1-3 digits: "+4420 ..." */
    }
    *me = g.end;
    return 1;
}

/*
 * "07631 398 114", "020 7946 0958", "0412 345 678", "(02) 9876 5432", "01 234 5678",
 * "01 23 45 67 89", "07801 355233": a trunk '0' and a digit 1-9 in a first group of 2-5
 * digits, then groups of 2-6 digits, 9-11 digits in all, one kind of separator. Written whole, only
 * a UK mobile (07 and nine digits) or after a phone word (`cued`).
 */
static int
national_at(const char *s, size_t n, size_t i, int cued, size_t *me)
{
    struct ph_groups g;
    size_t z = s[i] == '(' ? i + 1 : i, k;

    if (!ph_starts(s, i) || s[z] != '0' || !ph_digit(s, n, z + 1) || s[z + 1] == '0') {
        return 0;
    }
    ph_read_groups(s, n, i, &g);
    /* (mixed separators after a phone word: "line on 022-2742 7810", "04-555 0031") */
    if ((g.mixed && !cued) || !ph_ends(s, n, g.end) || g.digits < 9 || g.digits > 11) {
        return 0;
    }
    if (g.ng == 1) {
        if ((g.digits == 11 && s[z + 1] == '7') || (cued && g.digits >= 10)) {
            *me = g.end;
            return 1;
        }
        return 0;
    }
    if (g.ng > PH_MAX_GROUPS || g.len[0] < 2 || g.len[0] > 5) {
        return 0;
    }
    for (k = 1; k < g.ng; k++) {
        if (g.len[k] < 2 || g.len[k] > 6) {
            return 0;
        }
    }
    if ((g.sep == '.' || g.sep == '-') && !cued) {
        return 0; /* "01.23.4567" reads as a date or a version as often, "012-555-0123" as
                     a North American number with no valid area code */
    }
    *me = g.end;
    return 1;
}

const char *const odp_phone_cues[] = {"phone",
                                      "ph",
                                      "tel",
                                      "telephone",
                                      "cell",
                                      "cellphone",
                                      "cell phone",
                                      "mobile",
                                      "mob",
                                      "home",
                                      "work",
                                      "call",
                                      "called",
                                      "calling",
                                      "call back",
                                      "callback",
                                      "cb",
                                      "reached",
                                      "reach",
                                      "text",
                                      "texted",
                                      "contact",
                                      "fax",
                                      "phone number",
                                      "cell number",
                                      "contact number",
                                      "callback number",
                                      "my number",
                                      "her number",
                                      "his number",
                                      "their number",
                                      "number is",
                                      "whatsapp",
                                      "line",
                                      "direct line",
                                      "landline",
                                      "ring",
                                      NULL};
static struct tx_set phone_cues_set = TX_SET(odp_phone_cues);
static const char *const phone_fillers[] = {"at",  "on",   "is", "was",  "me", "him",
                                            "her", "them", "us", "back", "no", "number",
                                            "num", "nbr",  "be", "can",  "to", NULL};
static struct tx_set phone_fillers_set = TX_SET(phone_fillers);

/* A phone word among the few words before pos. */
static int
phone_cued(const char *s, size_t pos)
{
    struct tx_word w[6];
    size_t nw;

    if (!tx_cue_possible(s, pos, &phone_cues_set, &phone_fillers_set)) {
        return 0;
    }
    nw = tx_prev_words(s, pos, w, 6);
    return tx_cue_before(w, nw, &phone_cues_set, &phone_fillers_set) > 0;
}

/* "297-9035", "555.0121" after a phone word: an exchange 2-9 and four digits. */
static int
local_at(const char *s, size_t n, size_t i, size_t *me)
{
    if (!ph_starts(s, i) || i + 8 > n || s[i] < '2' || s[i] > '9' || !ph_digit(s, n, i + 1) ||
        !ph_digit(s, n, i + 2) || (s[i + 3] != '-' && s[i + 3] != '.')) {
        return 0;
    }
    if (!ph_digit(s, n, i + 4) || !ph_digit(s, n, i + 5) || !ph_digit(s, n, i + 6) ||
        !ph_digit(s, n, i + 7) || !ph_ends(s, n, i + 8)) {
        return 0;
    }
    if (s[i + 1] == '1' && s[i + 2] == '1') {
        return 0; /* 311-, 911-: service codes */
    }
    if (!phone_cued(s, i)) {
        return 0;
    }
    *me = i + 8;
    return 1;
}

int
odp_text_phone(const char *s, size_t n, size_t start, size_t *ms, size_t *me)
{
    return odp_text_phone_in(s, n, start, 1, ms, me);
}

int
odp_text_phone_in(const char *s, size_t n, size_t start, int local, size_t *ms, size_t *me)
{
    size_t i;

    for (i = start; i < n; i++) {
        int c = (unsigned char)s[i];

        /* only '+', '(' and digits start a match ('0' and '(' only, without a phone word) */
        while (i < n && s[i] != '+' && s[i] != '(' &&
               (local ? !tx_digit((unsigned char)s[i]) : s[i] != '0')) {
            i++;
        }
        if (i >= n) {
            break;
        }
        c = (unsigned char)s[i];

        if (c == '+') {
            if (intl_at(s, n, i, me)) {
                *ms = i;
                return 1;
            }
        } else if (c == '0' || (c == '(' && i + 1 < n && s[i + 1] == '0')) {
            if (national_at(s, n, i, 0, me) ||
                (ph_starts(s, i) && phone_cued(s, i) && national_at(s, n, i, 1, me))) {
                *ms = i;
                return 1;
            }
        } else if (local && c >= '2' && c <= '9' && local_at(s, n, i, me)) {
            *ms = i;
            return 1;
        }
        /* skip the rest of a digit run: a match starts a token */
        while (i + 1 < n && tx_alnum((unsigned char)s[i + 1]) && tx_alnum(c)) {
            i++;
        }
    }
    return 0;
}
