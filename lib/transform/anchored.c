/*
 * anchored.c - free-text detectors for numbers that a cue word names: court index,
 * docket and L&T numbers and agency case or client ids (case_number), birth dates
 * (dob), licence plates (plate), driver licence and state id numbers (license) and BBL /
 * BIN numbers (bbl); shield and badge numbers are badge.c's. Each finds a
 * token holding digits (or, for dob, a date) and checks the words right before it
 * (textscan.h tx_prev_words / tx_cue_before), then the value's shape. The cue itself
 * is not part of the match: "DOB [DOB]", "Index No. [CASE_NUMBER]".
 */
#include <pthread.h>
#include <string.h>

#include "odp/vocab.h"
#include "anchored_int.h"
#include "textscan.h"

/* tx_cue_before past the state codes nearest the value ("plate NY ABC123", "DL# WA ..."):
 * the same index into w, or 0. */
static size_t
cue_past_states(const struct tx_word *w, size_t nw, struct tx_set *cues, struct tx_set *fillers)
{
    size_t k = tx_cue_before(w, nw, cues, fillers), sk;

    if (k > 0) {
        return k; /* "NYS ID 987654321": "id" is a cue's word here, not Idaho */
    }
    sk = tx_skip_states(w, nw);
    k = sk > 0 ? tx_cue_before(w + sk, nw - sk, cues, fillers) : 0;
    return k > 0 ? k + sk : 0;
}

static const char *const num_fillers[] = {"no", "number", "num", "nbr", "nos",
                                          "is", "was",    "id",  "hp",  NULL};
struct tx_set tx_num_fillers_set = TX_SET(num_fillers);

/* ---------------------------------------------------------------- case_number */

static const char *const case_cues[] = {
    "index", "idx", "docket", "dkt", "l t", "lt", "case", "hra case", "acs case", "case id",
    "client", "client id", "cin", "claim", "petition", "file", "matter", "medicaid", "caption",
    "hpd case", "court case", "housing court", "appeal", "fair hearing", "arrest", "arr", "booking",
    "bkg", "c b", "ir", "cause", "referral", "student id", "student", "osis", "lasc", "superior ct",
    "nysid",
    /* numbers that name one customer, patron or person outside New York too */
    "account", "acct", "patron", "barcode", "customer id", "police report", "crash report",
    "report id", "crime reference", "crime ref", "occurrence", "ccn", "crn",
    /* NYC: Housing Part actions (HP 1255/22, HP-002215-19/BK), ACS and DHS client numbers */
    "hp action", "acs", "cares", "cares id", "dhs id",
    /* Canadian SIN and UK National Insurance numbers (no SSN shape) */
    "sin", "s i n", "social insurance", "ni", "nino", "national insurance",
    /* a person's own police report; a library, benefit or transit card that is no payment
     * card (seven digits or more) */
    "my report", "incident report", "accident report", "collision report", "card",
    /* an ambulance's patient care report; a student's id */
    "pcr", "epcr", "epr", "patient care report", "sid",
    /* a patient's medical record number ("MR#" is left out: "mr" would open the gate of
     * every text that has a "Mr.") */
    "mrn", "med rec", "medical record",
    /* a health plan's member, a health card (Canada's PHN, OHIP), a voter's registration,
     * an inmate's or a booking's number, tax file numbers (Australia TFN, NZ IRD, Irish
     * PPSN) */
    "member", "member id", "phn", "health card", "ohip", "registrant", "voter id", "inmate", "i m",
    "bk", "tfn", "tax file", "ird", "ppsn",
    /* a voucher holder's, a housing benefit claimant's, a tenancy's reference */
    "participant", "participant id", "hb ref", "housing benefit", "housing ref", "tenancy ref",
    "voucher", "medicare", "medicare no", NULL};
static struct tx_set case_cues_set = TX_SET(case_cues);

/*
 * "276 928 938 1", "818 148 603 7": an account number written in groups of digits after
 * te (the first group's end). The end of the last group, or te when there is none.
 */
static size_t
digit_groups_end(const char *s, size_t n, size_t tb, size_t te)
{
    size_t i = te, e = te, total = te - tb, ng = 1, len[5] = {te - tb, 0, 0, 0, 0};

    if (tb > 0 && s[tb - 1] == '+') {
        return te; /* "+1 410 555 0190" is a phone number */
    }
    while (i + 1 < n && s[i] == ' ' && tx_digit((unsigned char)s[i + 1])) {
        size_t g = 0;

        for (i++; i < n && tx_digit((unsigned char)s[i]); i++) {
            g++;
        }
        if (g > 5 || (i < n && tx_alpha((unsigned char)s[i])) || (total += g) > 16) {
            break;
        }
        if (ng < 5) {
            len[ng] = g;
        }
        ng++;
        e = i;
    }
    /* the groups of a phone number: 212 555 0123, 1 212 555 0123 */
    if ((ng == 3 && len[0] == 3 && len[1] == 3 && len[2] == 4) ||
        (ng == 4 && len[0] == 1 && len[1] == 3 && len[2] == 3 && len[3] == 4)) {
        return te;
    }
    return e;
}

/* A payment card number (13-19 digits, Luhn) in s[b..e): the card detector's. */
static int
card_digits(const char *s, size_t b, size_t e)
{
    int sum = 0, dbl = 0;
    size_t i, nd = 0;

    for (i = e; i > b; i--) {
        int c = (unsigned char)s[i - 1];

        if (!tx_digit(c)) {
            if (c != ' ' && c != '-') {
                return 0;
            }
            continue;
        }
        c -= '0';
        if (dbl && (c *= 2) > 9) {
            c -= 9;
        }
        sum += c;
        dbl = !dbl;
        nd++;
    }
    return nd >= 13 && nd <= 19 && sum % 10 == 0;
}

/* Words that open the case-number scan without being a cue: "HP 1255/22", "HP-0022...". */
static const char *const case_gate_words[] = {"hp", NULL};

/* 1255/22, 353/17, 8034/2018 in s[tb..te): a number, a slash and a year. */
static int
slash_year(const char *s, size_t tb, size_t te)
{
    size_t i = tb;

    while (i < te && tx_digit((unsigned char)s[i])) {
        i++;
    }
    if (i == tb || i - tb > 6 || i >= te || s[i] != '/' || (te - i - 1 != 2 && te - i - 1 != 4)) {
        return 0;
    }
    for (i++; i < te; i++) {
        if (!tx_digit((unsigned char)s[i])) {
            return 0;
        }
    }
    return 1;
}

/* A court index number 12345/2019: it needs no cue. */
static int
index_number(const char *s, size_t tb, size_t te, size_t *ms, size_t *me)
{
    size_t dg, lt, i;

    tx_shape(s, tb, te, &dg, &lt);
    for (i = tb; i < te && tx_digit((unsigned char)s[i]); i++) {
    }
    if (lt == 0 && i - tb >= 4 && i - tb <= 6 && i < te && s[i] == '/' && te - i == 5 &&
        (s[i + 1] == '1' || s[i + 1] == '2') && (s[i + 1] != '1' || s[i + 2] == '9') &&
        (s[i + 1] != '2' || s[i + 2] == '0')) {
        *ms = tb;
        *me = te;
        return 1;
    }
    return 0;
}

/* "19 CR 3347674", "2024 OP 50983": a year, a court's letters and a number (after a
 * case cue). Its end, or 0. */
static size_t
spaced_case(const char *s, size_t n, size_t tb, size_t te)
{
    size_t i = te, k, l;

    if (te - tb != 2 && te - tb != 4) {
        return 0;
    }
    for (k = tb; k < te; k++) {
        if (!tx_digit((unsigned char)s[k])) {
            return 0;
        }
    }
    if (i + 1 >= n || s[i] != ' ') {
        return 0;
    }
    for (i++, l = 0; i < n && tx_upper((unsigned char)s[i]); i++, l++) {
    }
    if (l < 1 || l > 3 || i + 1 >= n || s[i] != ' ') {
        return 0;
    }
    for (i++, k = 0; i < n && tx_digit((unsigned char)s[i]); i++, k++) {
    }
    return k >= 4 && k <= 8 && (i >= n || !tx_alnum((unsigned char)s[i])) ? i : 0;
}

/* "report # " or "report #" right before tb. */
static int
report_hash_before(const char *s, size_t tb)
{
    size_t i = tb;

    while (i > 0 && s[i - 1] == ' ' && tb - i < 2) {
        i--;
    }
    if (i == 0 || s[i - 1] != '#') {
        return 0;
    }
    i--;
    while (i > 0 && s[i - 1] == ' ' && tb - i < 4) {
        i--;
    }
    return i >= 6 && tx_ieq(s, i - 6, i, "report") &&
           (i == 6 || !tx_alnum((unsigned char)s[i - 7]));
}

/*
 * "NI number BG 54 38 62 A": a National Insurance number written in pairs, its letters
 * before the first pair at tb..te. The start in *vb and the end, or 0.
 */
static size_t
nino_pairs(const char *s, size_t n, size_t tb, size_t te, size_t *vb)
{
    size_t i = te, k;

    if (te - tb != 2 || tb < 3 || s[tb - 1] != ' ' || !tx_alpha((unsigned char)s[tb - 2]) ||
        !tx_alpha((unsigned char)s[tb - 3]) || (tb > 3 && tx_alnum((unsigned char)s[tb - 4]))) {
        return 0; /* (lower case too, "ni no. np 16 55 65 a": the cue decides) */
    }
    for (k = 0; k < 2; k++) {
        if (i + 3 > n || s[i] != ' ' || !tx_digit((unsigned char)s[i + 1]) ||
            !tx_digit((unsigned char)s[i + 2])) {
            return 0;
        }
        i += 3;
    }
    if (i + 2 > n || s[i] != ' ' || (s[i + 1] | 0x20) < 'a' || (s[i + 1] | 0x20) > 'd' ||
        (i + 2 < n && tx_alnum((unsigned char)s[i + 2]))) {
        return 0;
    }
    *vb = tb - 3;
    return i + 2;
}

static int
case_check(const char *s, size_t n, size_t tb, size_t te, size_t *ms, size_t *me)
{
    struct tx_word w[5];
    size_t nw, dg, lt, e = spaced_case(s, n, tb, te), vb, ne;

    size_t ge = 0;

    /* the pairs of a National Insurance number after its cue ("NINO", "NI no.") */
    if ((ne = nino_pairs(s, n, tb, te, &vb)) != 0) {
        nw = tx_prev_words(s, vb, w, 5);
        if (tx_cue_before(w, nw, &case_cues_set, &tx_num_fillers_set) > 0) {
            *ms = vb;
            *me = ne;
            return 1;
        }
    }
    tx_shape(s, tb, te, &dg, &lt);
    if (e == 0 && lt == 0 && dg >= 1 && dg <= 5 && te - tb == dg) {
        /* digits in groups: the whole run counts */
        size_t d2, l2;

        ge = digit_groups_end(s, n, tb, te);
        tx_shape(s, tb, ge, &d2, &l2);
        if (ge > te && d2 >= 7) {
            e = ge;
        }
    }
    /* "the report 2024 figures": a year alone is no case's number */
    if (e == 0 && lt == 0 && te - tb == 4 &&
        ((s[tb] == '1' && s[tb + 1] == '9') || (s[tb] == '2' && s[tb + 1] == '0'))) {
        return 0;
    }
    if ((e > 0 || (dg >= 4 && lt <= 5)) &&
        tx_cue_possible(s, tb, &case_cues_set, &tx_num_fillers_set)) {
        nw = tx_prev_words(s, tb, w, 5);
        size_t re = te;

        /* the whole run of digit groups, whatever their sizes ("3782 822463 10005") */
        while (re + 1 < n && (s[re] == ' ' || s[re] == '-') && tx_digit((unsigned char)s[re + 1])) {
            for (re++; re < n && tx_digit((unsigned char)s[re]); re++) {
            }
        }
        size_t m = tx_cue_before(w, nw, &case_cues_set, &tx_num_fillers_set), d3, l3;

        tx_shape(s, tb, e > 0 ? e : te, &d3, &l3);
        /* "card" names a card's number: seven digits or more ("blue card: 41-12 41st Rd") */
        if (m > 0 && strcmp(w[m - 1].lc, "card") == 0 && d3 < 7) {
            m = 0;
        }
        if (m > 0 && !card_digits(s, tb, re)) {
            *ms = tb;
            *me = e > 0 ? e : te;
            return 1;
        }
    }
    /* "report # 19-884562": a report's number written with its sign */
    if (dg >= 5 && lt <= 2 && report_hash_before(s, tb)) {
        *ms = tb;
        *me = te;
        return 1;
    }
    if (ge > te) {
        e = 0; /* groups count after a cue only */
    }
    if (dg < 4 || lt > 5) {
        return 0;
    }
    /* "HP 1255/22": a Housing Part index number after its two letters ("5 HP 1234" is
     * horsepower: no year) */
    if (slash_year(s, tb, te) && tb >= 3 && tx_ieq(s, tb - 3, tb - 1, "hp") && s[tb - 1] == ' ' &&
        (tb == 3 || !tx_alnum((unsigned char)s[tb - 4]))) {
        *ms = tb;
        *me = te;
        return 1;
    }
    /* LT-012345-21/BX, HP-002215-19/BK: the court part's prefix is part of the number */
    if (te - tb > 3 && (tx_ieq(s, tb, tb + 3, "lt-") || tx_ieq(s, tb, tb + 3, "lt/") ||
                        tx_ieq(s, tb, tb + 3, "hp-"))) {
        *ms = tb;
        *me = te;
        return 1;
    }
    return index_number(s, tb, te, ms, me);
}

int
odp_text_case_number(const char *s, size_t n, size_t start, size_t *ms, size_t *me)
{
    return tx_scan_tokens(s, n, start, case_check, ms, me);
}

/* ---------------------------------------------------------------- dob */

static const char *const dob_cues[] = {
    "dob",     "d o b", "date of birth", "birth date", "birthdate",           "birthday", "born",
    "born on", "b",     "birth",         "date birth", "fecha de nacimiento", "b d",      NULL};
static struct tx_set dob_cues_set = TX_SET(dob_cues);
static const char *const dob_fillers[] = {"is", "was",      "listed",   "given",
                                          "as", "reported", "verified", NULL};
static struct tx_set dob_fillers_set = TX_SET(dob_fillers);

/* MMDDYY or MMDDYYYY at b (after a birth cue only): its end, or 0. */
static size_t
compact_date(const char *s, size_t n, size_t b)
{
    size_t e = b;
    unsigned m, d;

    while (e < n && tx_digit((unsigned char)s[e])) {
        e++;
    }
    if ((e - b != 6 && e - b != 8) ||
        (e < n && (tx_alpha((unsigned char)s[e]) || s[e] == '-' || s[e] == '/'))) {
        return 0;
    }
    m = (unsigned)(s[b] - '0') * 10u + (unsigned)(s[b + 1] - '0');
    d = (unsigned)(s[b + 2] - '0') * 10u + (unsigned)(s[b + 3] - '0');
    if (m < 1 || m > 12 || d < 1 || d > 31) {
        return 0;
    }
    if (e - b == 8 &&
        !((s[b + 4] == '1' && s[b + 5] == '9') || (s[b + 4] == '2' && s[b + 5] == '0'))) {
        return 0;
    }
    return e;
}

int
odp_text_dob(const char *s, size_t n, size_t start, size_t *ms, size_t *me)
{
    size_t i = start;

    while (i < n) {
        size_t b, e;
        int c = (unsigned char)s[i];

        if (!tx_alnum(c) || (i > 0 && tx_alnum((unsigned char)s[i - 1]))) {
            i++;
            continue;
        }
        b = i;
        /* a date starts with a digit, a month name or "the"; the cue is cheaper to rule
         * out first than the date */
        if ((tx_digit(c) || strchr("adfjmnostADFJMNOST", c) != NULL) &&
            tx_cue_possible(s, b, &dob_cues_set, &dob_fillers_set) && tx_date_at(s, n, b, &e)) {
            struct tx_word w[5];
            size_t nw = tx_prev_words(s, b, w, 5);

            if (tx_cue_before(w, nw, &dob_cues_set, &dob_fillers_set) > 0) {
                *ms = b;
                *me = e;
                return 1;
            }
        }
        if (tx_digit(c) && (e = compact_date(s, n, b)) > 0 &&
            tx_cue_possible(s, b, &dob_cues_set, &dob_fillers_set)) {
            struct tx_word w[5];
            size_t nw = tx_prev_words(s, b, w, 5);

            if (tx_cue_before(w, nw, &dob_cues_set, &dob_fillers_set) > 0) {
                *ms = b;
                *me = e;
                return 1;
            }
        }
        while (i < n && tx_alnum((unsigned char)s[i])) {
            i++;
        }
    }
    return 0;
}

/* ---------------------------------------------------------------- plate */

static const char *const plate_cues[] = {
    "plate",   "plates",  "tag",          "tags", "license plate", "lic plate", "registration",
    "reg",     "vehicle", "veh",          "car",  "auto",          "truck",     "van",
    "bearing", "tlc",     "plate number", "lp",   "lic plt",       "plt",       "rv",
    "mv",      "suv",     "motorcycle",   "vrm",  "vrn",           "rego",      NULL};
static struct tx_set plate_cues_set = TX_SET(plate_cues);
static const char *const plate_fillers[] = {"no", "number", "num", "nbr", "nys", "is", "was", NULL};
static struct tx_set plate_fillers_set = TX_SET(plate_fillers);

static const char *const vehicle_words[] = {"vehicle", "veh", "car", "auto",       "truck", "van",
                                            "rv",      "mv",  "suv", "motorcycle", NULL};
static struct tx_set vehicle_words_set = TX_SET(vehicle_words);

static int
plate_value(size_t dg, size_t lt)
{
    return dg + lt >= 5 && dg + lt <= 8 && dg >= 1;
}

/* No lower-case ASCII letter in s[b..e). */
static int
upper_run(const char *s, size_t b, size_t e)
{
    for (; b < e; b++) {
        if (s[b] >= 'a' && s[b] <= 'z') {
            return 0;
        }
    }
    return 1;
}

static int
plate_check(const char *s, size_t n, size_t tb, size_t te, size_t *ms, size_t *me)
{
    struct tx_word w[5];
    size_t nw, dg, lt, k;

    (void)n;
    tx_shape(s, tb, te, &dg, &lt);
    if (dg + lt > 8) {
        /* "registration no. TN-69-G-0378" (India), "reg. 241-C-19762" (Ireland): dashed
         * groups of letters and digits, after a plate's cue */
        if (dg + lt <= 10 && lt > 0 && dg > 0 && memchr(s + tb, '-', te - tb) != NULL &&
            upper_run(s, tb, te) && (nw = tx_prev_words(s, tb, w, 5)) > 0 &&
            (k = cue_past_states(w, nw, &plate_cues_set, &plate_fillers_set)) > 0 &&
            !tx_has(&vehicle_words_set, w[k - 1].lc)) {
            *ms = tb;
            *me = te;
            return 1;
        }
        return 0;
    }
    /* "PLATES 7PKM 617", "PLT# 842 BVC": two groups, letters and digits, after a plate cue */
    if (te - tb >= 2 && te - tb <= 4 && te + 1 < n && s[te] == ' ' &&
        tx_alnum((unsigned char)s[te + 1]) && !tx_record_number_before(s, tb)) {
        size_t j = te + 1, d2 = 0, l2 = 0;

        while (j < n && tx_alnum((unsigned char)s[j]) && j - te <= 5) {
            d2 += tx_digit((unsigned char)s[j]) != 0;
            l2 += tx_alpha((unsigned char)s[j]) != 0;
            j++;
        }
        if ((j >= n || !tx_alnum((unsigned char)s[j])) && j - te - 1 >= 3 && j - te - 1 <= 4 &&
            ((l2 == 0 && lt > 0) || (d2 == 0 && lt == 0 && upper_run(s, te, j)) ||
             /* a UK registration, "LD64 YRJ": two letters, two digits, three letters */
             (te - tb == 4 && lt == 2 && tx_alpha((unsigned char)s[tb]) && d2 == 0 && l2 == 3) ||
             /* "3FW 8ZV" (Victoria), "ZA5 89K" (British Columbia), "BVK 9AA": letters and
              * digits in the two groups, capitals only */
             (lt + l2 > 0 && dg + d2 > 0 && upper_run(s, tb, j))) &&
            dg + lt + d2 + l2 <= 8 && (nw = tx_prev_words(s, tb, w, 5)) > 0 &&
            (k = cue_past_states(w, nw, &plate_cues_set, &plate_fillers_set)) > 0 &&
            !tx_has(&vehicle_words_set, w[k - 1].lc)) {
            *ms = tb;
            *me = j;
            return 1;
        }
    }
    /* "Car plates BVK 9AA": capitals, a space, then digits and capitals, after a plate's
     * cue (not a vehicle's: "the car was RED 4X4") */
    if (lt > 0 && dg > 0 && te - tb >= 2 && te - tb <= 4 && upper_run(s, tb, te) &&
        (nw = tx_prev_words(s, tb, w, 5)) >= 2 && w[0].e + 1 == tb && s[w[0].e] == ' ' &&
        w[0].e - w[0].b >= 2 && w[0].e - w[0].b <= 4) {
        size_t i;

        for (i = w[0].b; i < w[0].e && tx_upper((unsigned char)s[i]); i++) {
        }
        if (i == w[0].e &&
            (k = cue_past_states(w + 1, nw - 1, &plate_cues_set, &plate_fillers_set)) > 0 &&
            !tx_has(&vehicle_words_set, w[k].lc)) {
            *ms = w[0].b;
            *me = te;
            return 1;
        }
    }
    if ((dg + lt < 5 && !(lt == 0 && dg >= 3 && dg <= 4)) || tx_record_number_before(s, tb)) {
        return 0;
    }
    nw = tx_prev_words(s, tb, w, 5);
    if (plate_value(dg, lt) && (lt > 0 || dg >= 5)) {
        k = cue_past_states(w, nw, &plate_cues_set, &plate_fillers_set);
        if (k > 0 && (lt > 0 || !tx_has(&vehicle_words_set, w[k - 1].lc))) {
            *ms = tb;
            *me = te;
            return 1;
        }
    }
    /* "PDE 0990": letters, a space, digits */
    if (lt == 0 && nw >= 1 && w[0].e + 1 == tb && s[w[0].e] == ' ' && w[0].e - w[0].b >= 2 &&
        w[0].e - w[0].b <= 4 && dg + (w[0].e - w[0].b) >= 5 && dg + (w[0].e - w[0].b) <= 8) {
        size_t i;

        for (i = w[0].b; i < w[0].e && tx_upper((unsigned char)s[i]); i++) {
        }
        k = cue_past_states(w + 1, nw - 1, &plate_cues_set, &plate_fillers_set);
        /* lower case ("van lp nbl 6187") only after a word that names a plate */
        if (k > 0 && (i == w[0].e || !tx_has(&vehicle_words_set, w[k].lc))) {
            for (i = w[0].b; i < w[0].e && tx_alpha((unsigned char)s[i]); i++) {
            }
            if (i == w[0].e) {
                *ms = w[0].b;
                *me = te;
                return 1;
            }
        }
    }
    /* ABC-1234 needs no cue */
    if (te - tb == 8 && s[tb + 3] == '-' && tx_upper((unsigned char)s[tb]) &&
        tx_upper((unsigned char)s[tb + 1]) && tx_upper((unsigned char)s[tb + 2]) &&
        tx_digit((unsigned char)s[tb + 4]) && tx_digit((unsigned char)s[tb + 7]) && dg == 4) {
        *ms = tb;
        *me = te;
        return 1;
    }
    return 0;
}

int
odp_text_plate(const char *s, size_t n, size_t start, size_t *ms, size_t *me)
{
    return tx_scan_tokens(s, n, start, plate_check, ms, me);
}

/* ---------------------------------------------------------------- license */

static const char *const lic_cues[] = {
    "dl", "d l", "license", "licence", "lic", "driver license", "drivers license",
    "driver s license", "driver s lic", "driver lic", "drivers lic", "nys id", "dmv id", "state id",
    "photo id", "non driver id", "id card", "learner permit", "learners permit", "client id card",
    "nysdl", "njdl", "cdl", "ol", "state id card",
    /* a licensed master plumber's, electrician's */
    "lmp", "lme", NULL};
/* "CA ID D1861167": an identity card named by its state (the gate's word) */
static const char *const state_id_words[] = {"id", NULL};
static struct tx_set lic_cues_set = TX_SET(lic_cues);
static const char *const lic_fillers[] = {"no",  "number", "num", "nbr", "is",
                                          "was", "nys",    "id",  NULL};
static struct tx_set lic_fillers_set = TX_SET(lic_fillers);

/* Digit groups separated by single spaces from tb: end of the last group. */
static size_t
spaced_groups(const char *s, size_t n, size_t te, size_t *dg, size_t upto)
{
    size_t e = te;

    while (e + 1 < n && s[e] == ' ' && tx_digit((unsigned char)s[e + 1]) && *dg < upto) {
        size_t j = e + 1, k = 0;

        while (j < n && tx_digit((unsigned char)s[j])) {
            j++;
            k++;
        }
        if (j < n && tx_alnum((unsigned char)s[j])) {
            break;
        }
        if (*dg + k > 14) {
            break;
        }
        *dg += k;
        e = j;
    }
    return e;
}

static int
license_check(const char *s, size_t n, size_t tb, size_t te, size_t *ms, size_t *me)
{
    struct tx_word w[5];
    size_t nw, dg, lt, e;

    tx_shape(s, tb, te, &dg, &lt);
    /* WDLRWK193HK6 (Washington): letters and three digits in twelve characters; a UK
     * licence, CASTI802214LR9JH: sixteen (two more for its issue number), six to nine
     * digits of them */
    if (dg > 14 || (lt > 3 && !(te - tb >= 10 && te - tb <= 13 && dg >= 3 && lt <= 10) &&
                    !(te - tb >= 16 && te - tb <= 18 && dg >= 6 && dg <= 9))) {
        return 0;
    }
    e = te;
    if ((lt == 0 && dg < 9) || (lt == 1 && tx_alpha((unsigned char)s[tb]) && dg < 9)) {
        /* 123 456 789; a letter and digit groups, B2272 89655 46988 (New Jersey) */
        e = spaced_groups(s, n, te, &dg, lt == 0 ? 9 : 14);
    }
    /* four digits only right after a licence's cue and its sign (a trade licence, "LIC.
     * NO. 4090", "LMP # 1762"), and never a year */
    if (dg < 5 && lt <= 3 &&
        !(dg == 4 && lt == 0 && te - tb == 4 && !(s[tb] == '1' && s[tb + 1] == '9') &&
          !(s[tb] == '2' && s[tb + 1] == '0'))) {
        return 0;
    }
    if (tx_record_number_before(s, tb)) {
        return 0;
    }
    nw = tx_prev_words(s, tb, w, 5);
    if (dg == 4 && lt == 0 &&
        !(nw > 0 && (strcmp(w[0].lc, "lmp") == 0 || strcmp(w[0].lc, "lme") == 0 ||
                     (nw > 1 && (strcmp(w[0].lc, "no") == 0 || strcmp(w[0].lc, "number") == 0) &&
                      (strcmp(w[1].lc, "lic") == 0 || strcmp(w[1].lc, "license") == 0 ||
                       strcmp(w[1].lc, "licence") == 0))))) {
        return 0;
    }
    if (cue_past_states(w, nw, &lic_cues_set, &lic_fillers_set) > 0 ||
        (lt <= 3 && nw >= 2 && strcmp(w[0].lc, "id") == 0 && tx_us_state(w[1].lc))) {
        *ms = tb;
        *me = e;
        return 1;
    }
    return 0;
}

int
odp_text_license(const char *s, size_t n, size_t start, size_t *ms, size_t *me)
{
    return tx_scan_tokens(s, n, start, license_check, ms, me);
}

/* ---------------------------------------------------------------- bbl / bin */

static const char *const bbl_cues[] = {
    "bbl", "b b l", "borough block lot", "boro block lot", "block and lot", "tax lot", NULL};
static struct tx_set bbl_cues_set = TX_SET(bbl_cues);
static const char *const bin_cues[] = {"bin", "building identification number", "bldg id",
                                       "building id", NULL};
static struct tx_set bin_cues_set = TX_SET(bin_cues);
/* A building's number outside New York: any seven or eight digits, a letter before them. */
static const char *const bldg_id_cues[] = {"building id", "bldg id", "structure id", NULL};
static struct tx_set bldg_id_cues_set = TX_SET(bldg_id_cues);
/* A parcel's number outside New York (Cook County PIN, LA APN, a Quebec roll, a UPRN). */
static const char *const parcel_cues[] = {"pin",
                                          "parcel",
                                          "parcel id",
                                          "parcel no",
                                          "parcel number",
                                          "apn",
                                          "ain",
                                          "roll",
                                          "roll no",
                                          "roll number",
                                          "assessment roll",
                                          "property tax id",
                                          "folio",
                                          "uprn",
                                          "property id",
                                          "ppn",
                                          "hcad",
                                          "tax key",
                                          NULL};
static struct tx_set parcel_cues_set = TX_SET(parcel_cues);
/* the gate's words for them: their first words ("roll no": not "no", in every text) */
static const char *const parcel_gate_words[] = {"pin",   "parcel", "apn",      "ain",       "roll",
                                                "folio", "uprn",   "property", "structure", "ppn",
                                                "hcad",  "tax",    NULL};

/* Digits joined by '-' or '.' into one token ("07-20-834-167-0000", "5432-012-034",
 * Detroit's "17311061.126"), or a run of 8 to 14 digits (a UPRN, Cook County's bare PIN,
 * Harris County's account): 8 to 20 digits in all. */
static int
parcel_shape(const char *s, size_t tb, size_t te, size_t dg, size_t lt)
{
    size_t i, seps = 0;

    if (lt > 0 || dg < 8 || dg > 20) {
        return 0;
    }
    for (i = tb; i < te; i++) {
        seps += s[i] == '-' || s[i] == '.';
    }
    return seps >= 2 || (seps == 1 && dg >= 9) || (seps == 0 && dg <= 14);
}

/* A BBL at tb: boro 1-5, 5-digit block, 4-digit lot, one separator kind or none. */
static size_t
bbl_at(const char *s, size_t n, size_t tb)
{
    size_t i = tb, k;
    char sep = 0;

    if (i >= n || s[i] < '1' || s[i] > '5') {
        return 0;
    }
    i++;
    if (i < n && (s[i] == '-' || s[i] == '/' || s[i] == ' ')) {
        sep = s[i++];
    }
    for (k = 0; k < 5; k++, i++) {
        if (i >= n || !tx_digit((unsigned char)s[i])) {
            return 0;
        }
    }
    if (sep != 0) {
        if (i >= n || s[i] != sep) {
            return 0;
        }
        i++;
    }
    for (k = 0; k < 4; k++, i++) {
        if (i >= n || !tx_digit((unsigned char)s[i])) {
            return 0;
        }
    }
    if (i < n && (tx_alnum((unsigned char)s[i]) || ((s[i] == '-' || s[i] == '/') && i + 1 < n &&
                                                    tx_digit((unsigned char)s[i + 1])))) {
        return 0;
    }
    return i;
}

/* After a BBL cue, the block and lot without their zeros: 2-1900-171, 3/5207/63. */
static size_t
bbl_unpadded(const char *s, size_t n, size_t tb, size_t te)
{
    size_t i = tb + 1, k, part;
    char sep;

    (void)n;
    if (te - tb < 5 || s[tb] < '1' || s[tb] > '5' || (s[i] != '-' && s[i] != '/')) {
        return 0;
    }
    sep = s[i];
    for (part = 0; part < 2; part++) {
        i++;
        for (k = 0; i < te && tx_digit((unsigned char)s[i]); i++, k++) {
        }
        if (k == 0 || k > (part == 0 ? 5u : 4u) || (part == 0 && (i >= te || s[i] != sep))) {
            return 0;
        }
    }
    return i == te ? te : 0;
}

static int
bbl_check(const char *s, size_t n, size_t tb, size_t te, size_t *ms, size_t *me)
{
    struct tx_word w[5];
    size_t nw, dg, lt, e;

    /* "BIN-3012345", "BBL-1012340056": the cue joined to the number */
    if (te - tb > 4 && s[tb + 3] == '-' &&
        (tx_ieq(s, tb, tb + 3, "bin") || tx_ieq(s, tb, tb + 3, "bbl"))) {
        size_t v = tb + 4;

        tx_shape(s, v, te, &dg, &lt);
        if (lt == 0 && ((dg == 7 && tx_ieq(s, tb, tb + 3, "bin") && s[v] >= '1' && s[v] <= '5') ||
                        (dg == 10 && bbl_at(s, n, v) == te))) {
            *ms = v;
            *me = te;
            return 1;
        }
        return 0;
    }
    tx_shape(s, tb, te, &dg, &lt);
    /* "Building ID # 9725405", "(Structure ID B5185680)" */
    if ((dg == 7 || dg == 8) && (lt == 0 || (lt == 1 && tx_alpha((unsigned char)s[tb]))) &&
        te - tb == dg + lt && tx_cue_possible(s, tb, &bldg_id_cues_set, &tx_num_fillers_set)) {
        nw = tx_prev_words(s, tb, w, 5);
        if (tx_cue_before(w, nw, &bldg_id_cues_set, &tx_num_fillers_set) > 0) {
            *ms = tb;
            *me = te;
            return 1;
        }
    }
    /* "PIN 07-20-834-167-0000", "Assessment Roll No. 2654-48-3-570-89719" */
    if (parcel_shape(s, tb, te, dg, lt) &&
        tx_cue_possible(s, tb, &parcel_cues_set, &tx_num_fillers_set)) {
        nw = tx_prev_words(s, tb, w, 5);
        if (tx_cue_before(w, nw, &parcel_cues_set, &tx_num_fillers_set) > 0) {
            size_t x = te + 1;

            /* Detroit's "17311061.126": the dot and its digits are the parcel's too */
            while (te < n && s[te] == '.' && x < n && x - te <= 4 &&
                   tx_digit((unsigned char)s[x])) {
                x++;
            }
            *ms = tb;
            *me = x > te + 1 && (x >= n || !tx_alnum((unsigned char)s[x])) ? x : te;
            return 1;
        }
    }
    if (lt > 0) {
        return 0;
    }
    if (!tx_cue_possible(s, tb, &bbl_cues_set, &tx_num_fillers_set) &&
        !tx_cue_possible(s, tb, &bin_cues_set, &tx_num_fillers_set)) {
        return 0;
    }
    nw = tx_prev_words(s, tb, w, 5);
    e = bbl_at(s, n, tb);
    if (e == 0) {
        e = bbl_unpadded(s, n, tb, te);
    }
    if (e > 0 && tx_cue_before(w, nw, &bbl_cues_set, &tx_num_fillers_set) > 0) {
        *ms = tb;
        *me = e;
        return 1;
    }
    if (dg == 7 && te - tb == 7 && s[tb] >= '1' && s[tb] <= '5' &&
        tx_cue_before(w, nw, &bin_cues_set, &tx_num_fillers_set) > 0) {
        *ms = tb;
        *me = te;
        return 1;
    }
    return 0;
}

int
odp_text_bbl(const char *s, size_t n, size_t start, size_t *ms, size_t *me)
{
    return tx_scan_tokens(s, n, start, bbl_check, ms, me);
}

/* ---------------------------------------------------------------- gate */

/*
 * One table from a cue word (the last word of each cue phrase above) to the detectors it
 * can anchor, so that one pass over a value's words says which of the cue-anchored
 * scanners can match at all (tx_anchor_gate). Built once, under a mutex.
 */
/* The street types that end the address detector's pattern (detect.c pat_address). */
static const char *const street_types[] = {
    "street",   "st",      "avenue",  "ave",        "av",    "boulevard", "blvd",     "road",
    "rd",       "place",   "pl",      "drive",      "dr",    "lane",      "ln",       "court",
    "ct",       "parkway", "pkwy",    "terrace",    "terr",  "ter",       "way",      "highway",
    "hwy",      "square",  "sq",      "expressway", "expwy", "expy",      "turnpike", "tpke",
    "plaza",    "plz",     "circle",  "cir",        "loop",  "alley",     "aly",      "concourse",
    "crescent", "walk",    "row",     "oval",       "slip",  "esplanade", "broadway", "bowery",
    "trail",    "trl",     "cres",    "wynd",       "pike",  "gardens",   "gdns",     "mews",
    "close",    "rise",    "lawn",    "parade",     "pde",   "tce",       "grove",    "rue",
    "chemin",   "calle",   "avenida", NULL};

static struct tx_set street_types_set = TX_SET(street_types);

int
tx_street_type(const char *lc)
{
    return tx_has(&street_types_set, lc);
}

/* The words of a grid, highway, county-road or PO box address (addresses.c), which end in
 * none of the street types; a fire number ("N2455", "W206N8831") or a postcode's outward
 * half ("LS7") sets the bit too. */
static const char *const road_words[] = {"north", "south", "east", "west", "hwy", "highway",
                                         "route", "rte",   "rt",   "sr",   "fm",  "rr",
                                         "cr",    "cth",   "sth",  "ush",  "box", NULL};

/* "x at y dot com": the word that a spelled-out e-mail address needs without brackets */
static const char *const mail_words[] = {"dot", NULL};

#define GATE_SLOTS 512u
struct gate_slot {
    char w[TX_WORD_LC + 1];
    uint32_t bits;
};
static struct gate_slot gate_tab[GATE_SLOTS];
/* gate_len[c] bit l: some gate word starts with the lower-case letter c and has l bytes */
static uint16_t gate_len[128];
/* Byte classes of the gate's pass: letter, digit, a byte some gate rule looks at. */
#define GC_ALPHA 1u
#define GC_DIGIT 2u
#define GC_MARK 4u
static uint8_t gate_cls[256];
static int gate_ready;
static pthread_mutex_t gate_mu = PTHREAD_MUTEX_INITIALIZER;

static uint32_t
gate_hash(const char *w, size_t l)
{
    uint32_t h = 2166136261u;
    size_t i;

    for (i = 0; i < l; i++) {
        h = (h ^ (unsigned char)w[i]) * 16777619u;
    }
    return h & (GATE_SLOTS - 1u);
}

static void
gate_add_list(const char *const *list, uint32_t bit)
{
    size_t i;

    for (i = 0; list[i] != NULL; i++) {
        const char *lw = strrchr(list[i], ' ');
        size_t l;
        uint32_t h;

        lw = lw != NULL ? lw + 1 : list[i];
        l = strlen(lw);
        if (l == 0 || l >= TX_WORD_LC) {
            continue;
        }
        for (h = gate_hash(lw, l); gate_tab[h].w[0] != '\0'; h = (h + 1) & (GATE_SLOTS - 1u)) {
            if (strcmp(gate_tab[h].w, lw) == 0) {
                break;
            }
        }
        memcpy(gate_tab[h].w, lw, l + 1);
        gate_tab[h].bits |= bit;
        gate_len[(unsigned char)lw[0] & 127u] |= (uint16_t)(1u << l);
    }
}

#define GBIT(d) (1u << ODP_DET_##d)
#define GATE_RANK (1u << 31)      /* a rank word: "PO Nguyen #4521" with a '#' */
#define GATE_BWORD (1u << 30)     /* star, serial: "Officer Hall, Star 20987" with a rank */
#define GATE_ROAD (1u << 29)      /* a grid, highway or fire-number address may be there */
#define GATE_PHONE (1u << 28)     /* a phone word: a local seven-digit number may follow it */
#define GATE_PHONE_NAT (1u << 27) /* '+' and a digit, or a number led by 0 in groups */
#define GATE_ROLE (1u << 26)      /* a worker's or an inmate's role: their number needs a '#' */

static void
gate_build(void)
{
    pthread_mutex_lock(&gate_mu);
    if (!__atomic_load_n(&gate_ready, __ATOMIC_ACQUIRE)) {
        gate_add_list(case_cues, GBIT(CASE_NUMBER));
        gate_add_list(case_gate_words, GBIT(CASE_NUMBER));
        gate_add_list(dob_cues, GBIT(DOB));
        gate_add_list(plate_cues, GBIT(PLATE));
        gate_add_list(tx_badge_cues, GBIT(BADGE));
        gate_add_list(tx_worker_cues, GBIT(BADGE));
        gate_add_list(tx_ranks, GATE_RANK);
        gate_add_list(tx_id_roles, GATE_ROLE);
        gate_add_list(tx_badge_gate_words, GATE_BWORD);
        gate_add_list(lic_cues, GBIT(LICENSE));
        gate_add_list(state_id_words, GBIT(LICENSE));
        gate_add_list(bbl_cues, GBIT(BBL));
        gate_add_list(bin_cues, GBIT(BBL));
        gate_add_list(bldg_id_cues, GBIT(BBL));
        gate_add_list(parcel_gate_words, GBIT(BBL));
        gate_add_list(street_types, GBIT(ADDRESS));
        gate_add_list(road_words, GATE_ROAD);
        gate_add_list(odp_phone_cues, GATE_PHONE);
        gate_add_list(mail_words, GBIT(EMAIL));
        for (int c = 0; c < 256; c++) {
            gate_cls[c] = (uint8_t)((tx_alpha(c) ? GC_ALPHA : 0u) | (tx_digit(c) ? GC_DIGIT : 0u) |
                                    (c != 0 && strchr("#@])}/-+", c) != NULL ? GC_MARK : 0u));
        }
        __atomic_store_n(&gate_ready, 1, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&gate_mu);
}

static uint32_t
gate_word(const char *s, size_t b, size_t e)
{
    char w[TX_WORD_LC + 1];
    size_t l = e - b, i;
    uint32_t h;
    int c0 = (unsigned char)s[b];

    if (l >= TX_WORD_LC) {
        return 0;
    }
    c0 = c0 >= 'A' && c0 <= 'Z' ? c0 + 'a' - 'A' : c0;
    if ((gate_len[c0 & 127] & (1u << l)) == 0) {
        return 0; /* no gate word starts with this letter and has this length */
    }
    for (i = 0; i < l; i++) {
        int c = (unsigned char)s[b + i];

        w[i] = (char)(c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c);
    }
    w[l] = '\0';
    for (h = gate_hash(w, l); gate_tab[h].w[0] != '\0'; h = (h + 1) & (GATE_SLOTS - 1u)) {
        if (memcmp(gate_tab[h].w, w, l + 1) == 0) {
            return gate_tab[h].bits;
        }
    }
    return 0;
}

/* "ABC-1234" at i (the plate that needs no cue). */
static int
bare_plate_at(const char *s, size_t n, size_t dash)
{
    return dash >= 3 && dash + 4 < n && tx_upper((unsigned char)s[dash - 1]) &&
           tx_upper((unsigned char)s[dash - 2]) && tx_upper((unsigned char)s[dash - 3]) &&
           tx_digit((unsigned char)s[dash + 1]) && tx_digit((unsigned char)s[dash + 4]);
}

uint32_t
tx_anchor_gate(const char *s, size_t n)
{
    uint32_t bits = 0;
    size_t i = 0;
    int slash = 0, mail = 0, hash = 0;

    if (!__atomic_load_n(&gate_ready, __ATOMIC_ACQUIRE)) {
        gate_build();
    }
    while (i < n) {
        size_t b;
        int c = (unsigned char)s[i];
        unsigned k = gate_cls[c], dig = 0;

        if ((k & (GC_ALPHA | GC_DIGIT)) == 0) {
            if ((k & GC_MARK) == 0) {
                i++;
                continue;
            }
            if (c == '+' && i + 1 < n && tx_digit((unsigned char)s[i + 1])) {
                bits |= GATE_PHONE_NAT;
            }
            mail |= c == '@' || c == ']' || c == ')' || c == '}';
            hash |= c == '#';
            slash |= c == '/' && i >= 4 && i + 2 < n && tx_digit((unsigned char)s[i - 1]) &&
                     tx_digit((unsigned char)s[i - 4]) &&
                     ((s[i + 1] == '1' && s[i + 2] == '9') || (s[i + 1] == '2' && s[i + 2] == '0'));
            if (c == '-' && (bits & GBIT(PLATE)) == 0 && bare_plate_at(s, n, i)) {
                bits |= GBIT(PLATE);
            }
            i++;
            continue;
        }
        b = i;
        while (i < n && ((k = gate_cls[(unsigned char)s[i]]) & (GC_ALPHA | GC_DIGIT)) != 0) {
            dig |= k & GC_DIGIT;
            i++;
        }
        if (!dig) {
            bits |= gate_word(s, b, i);
        } else if (s[b] == '0' && i - b >= 2 &&
                   (i - b >= 10 || (i - b <= 5 && i + 1 < n && s[i] == ' ' &&
                                    tx_digit((unsigned char)s[i + 1])))) {
            bits |= GATE_PHONE_NAT; /* "07801355233", "020 7946 0958", "(02) 9876 5432" */
        } else if ((i - b >= 4 && strchr("NSEW", s[b]) != NULL &&
                    tx_digit((unsigned char)s[b + 1])) ||
                   (i - b >= 2 && i - b <= 4 && tx_upper((unsigned char)s[b]) && i < n &&
                    s[i] == ' ') ||
                   (i + 3 < n && s[i] == ' ' && strchr("NSEWnsew", s[i + 1]) != NULL &&
                    (s[i + 2] == ' ' || s[i + 2] == '.'))) {
            /* a fire number; the outward half of a postcode ("LS7 4DL", "M4X 2C4"); a
             * house number and a direction ("1436 E 1800 N") */
            bits |= GATE_ROAD;
        } else if (b >= 3 && i - b <= 6 && i + 2 < n && s[i] == ' ' &&
                   tx_alnum((unsigned char)s[i + 1]) && s[b - 1] == ' ' &&
                   /* "at ", "to ", "outside ", "near ", "of ", "for ", "from ",
                    * "regarding " */
                   ((((s[b - 3] | 0x20) == 'a' && (s[b - 2] | 0x20) == 't') ||
                     ((s[b - 3] | 0x20) == 't' && (s[b - 2] | 0x20) == 'o') ||
                     ((s[b - 3] | 0x20) == 'd' && (s[b - 2] | 0x20) == 'e') ||
                     ((s[b - 3] | 0x20) == 'a' && (s[b - 2] | 0x20) == 'r') ||
                     ((s[b - 3] | 0x20) == 'o' && (s[b - 2] | 0x20) == 'f') ||
                     ((s[b - 3] | 0x20) == 'o' && (s[b - 2] | 0x20) == 'r') ||
                     ((s[b - 3] | 0x20) == 'o' && (s[b - 2] | 0x20) == 'm') ||
                     ((s[b - 3] | 0x20) == 'n' && (s[b - 2] | 0x20) == 'g')) &&
                    (b == 3 || !tx_alpha((unsigned char)s[b - 4]) ||
                     strchr("daon", s[b - 3] | 0x20) != NULL)) &&
                   /* not a time: "at 1830 HRS", "at 10 PM" */
                   !((s[i + 1] | 0x20) == 'h' && (s[i + 2] | 0x20) == 'r') &&
                   !(((s[i + 1] | 0x20) == 'a' || (s[i + 1] | 0x20) == 'p') &&
                     (s[i + 2] | 0x20) == 'm')) {
            /* "at 3236 VOLLINTINE", "to 946 Millbranch", "outside 11968 S Hope", "near
             * 12 Reed": a house number after a preposition, a capital after it */
            bits |= GATE_ROAD;
        }
    }
    /* a bare court index 12345/2019 and LT-012345-21 (the "lt" is a cue word) */
    if (slash) {
        bits |= GBIT(CASE_NUMBER);
    }
    if (mail) {
        bits |= GBIT(EMAIL);
    }
    /* after a rank and a name (with '#', a badge word, or bare); after a role with '#' */
    if ((bits & GATE_RANK) != 0 || ((bits & GATE_ROLE) != 0 && hash)) {
        bits |= GBIT(BADGE);
    }
    return bits & ~(GATE_RANK | GATE_BWORD | GATE_ROLE);
}

uint32_t
tx_anchor_gated(void)
{
    return GBIT(CASE_NUMBER) | GBIT(DOB) | GBIT(PLATE) | GBIT(BADGE) | GBIT(LICENSE) | GBIT(BBL);
}

uint32_t
tx_anchor_street_bit(void)
{
    return GBIT(ADDRESS);
}

uint32_t
tx_anchor_phone_bit(void)
{
    return GATE_PHONE;
}

uint32_t
tx_anchor_phone_nat_bit(void)
{
    return GATE_PHONE_NAT;
}

uint32_t
tx_anchor_road_bit(void)
{
    return GATE_ROAD;
}

uint32_t
tx_anchor_mail_bit(void)
{
    return GBIT(EMAIL);
}
