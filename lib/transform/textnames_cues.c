/*
 * textnames_cues.c - context tests of the person-name scanner (textnames.c) that decide
 * on a name from what stands around it: a birth date's label or an e-mail address after
 * it, the verb said to a person before it, the words that make a lone given name a
 * place, a pet or a firm. Split from textnames.c (its 1,300-line cap).
 */
#include <string.h>

#include "names.h"
#include "textnames_int.h"
#include "textscan.h"

/* An animal word among the two words before b ("the dog Rocky", "a pit bull named"). */
int
tn_animal_before(const char *s, size_t b)
{
    struct tx_word w[2];
    size_t nw = tx_prev_words(s, b, w, 2), k;

    for (k = 0; k < nw; k++) {
        if (tx_has(&tn_animal_set, w[k].lc)) {
            return 1;
        }
    }
    return 0;
}

static const char *const told_verbs[] = {
    "told",     "tell",       "asked", "helped",  "thanked", "reminded", "warned", "instructed",
    "escorted", "threatened", "hit",   "punched", "pushed",  "drove",    NULL};
static struct tx_set told_set = TX_SET(told_verbs);

/* "TOLD BRIDGET WE HOPE", "HELPED NUNE REPLACE": a verb said to or done for a person */
int
tn_told_before(const char *s, const struct ntok *t)
{
    struct tx_word w[1];

    return tx_prev_words(s, t->b, w, 1) == 1 && tx_has(&told_set, w[0].lc);
}

static const char *const lone_before[] = {
    "in", "at", "near", "of", "to", "from", "into", "outside", "toward", "towards", "via",
    "between", "across", "a", "an", "the", "his", "her", "my", "their", "our", "your", "its", "off",
    "on", "onto", "past", "around", "by", "named", "called", "attends", "attended", "attend",
    /* a colour, then a car's make: "black Lincoln", "silver Mercedes" */
    "black", "white", "red", "blue", "silver", "gray", "grey", "green", "tan", "gold", "maroon",
    "brown", "beige", "dark", "light", NULL};
static struct tx_set lone_before_set = TX_SET(lone_before);
static const char *const lone_after[] = {"stop",     "station", "line", "route", "branch", "campus",
                                         "terminal", "depot",   "yard", "mall",  "market", "de",
                                         "del",      "da",      "van",  "von",   "la",     NULL};
static struct tx_set lone_after_set = TX_SET(lone_after);

/*
 * May the lone given name t[i], after a lower-case word, be a person? Not a possessive
 * or hyphenated word ("Denny's", "Mitchell-Lama"), not after a preposition of place
 * ("in Raleigh", "at Ross") or a determiner ("a Mercedes"), not an animal's ("Dog named
 * Rocky"), not before "&", a particle or a stop ("Murphy & Sons", "Julia de Burgos",
 * "Garfield stop").
 */
int
tn_lone_given_ok(const char *s, size_t n, const struct ntok *t, size_t nt, size_t i)
{

    struct tx_word w[3];
    size_t nw, k, e = t[i].e;

    if (memchr(s + t[i].b, '-', e - t[i].b) != NULL ||
        memchr(s + t[i].b, '\'', e - t[i].b) != NULL) {
        return 0;
    }
    nw = tx_prev_words(s, t[i].b, w, 3);
    for (k = 0; k < nw; k++) {
        if (tx_has(&tn_animal_set, w[k].lc)) {
            return 0;
        }
    }
    if (nw > 0 && tx_has(&lone_before_set, w[0].lc)) {
        return 0;
    }
    if (e + 2 < n && s[e] == ' ' && s[e + 1] == '&') {
        return 0;
    }
    return !(i + 1 < nt && tn_adjacent(s, &t[i], &t[i + 1], 0) &&
             tn_in_list_tok(s, t[i + 1].b, t[i + 1].e, &lone_after_set));
}

/* Not a possessive, or one of a name ("the child's DOB" is no one's; "Maria's" is). */
int
tn_possessive_named(const char *s, const struct ntok *t)
{
    struct ntok base = *t;
    int g, ev;

    if (!(t->e - t->b > 3 && s[t->e - 2] == '\'' && (s[t->e - 1] | 0x20) == 's')) {
        return 1;
    }
    base.e -= 2;
    base.dot = base.e;
    ev = tn_evidence(s, &base, &g);
    return !tn_cue_word(s, &base) && (ev == EV_NAME || ev == EV_WEAK);
}

/*
 * A run of one to three capitalised tokens from t[i] ("Kwame Hill", "Faith Bill II",
 * "KIMBERLY PRICE", "Min-jun Szymanski") right before a birth date's label or an e-mail
 * address in brackets: a known name in it, or two words that are no English words.
 * Returns the run's last token, or 0.
 */
size_t
tn_labelled_run(const char *s, size_t n, const struct ntok *t, size_t nt, size_t i,
                signed char *evc, signed char *gvc)
{
    size_t l;
    int names = 0, weak = 0, words = 0;

    if (t[i].initial || t[i].dot > t[i].e || tn_cue_word(s, &t[i])) {
        return 0;
    }
    for (l = i; l < nt && l <= i + 2; l++) {
        int g, ev;

        if (l > i && (!t[l].cap || !tn_adjacent(s, &t[l - 1], &t[l], 0) || tn_cue_word(s, &t[l]))) {
            return 0;
        }
        if (!t[l].alpha) {
            return 0;
        }
        ev = t[l].initial ? EV_WEAK : tn_ev_of(s, t, l, evc, gvc, &g);
        if (!tn_possessive_named(s, &t[l])) {
            return 0;
        }
        if (ev == EV_STOP &&
            !(l > i && (tx_ieq(s, t[l].b, t[l].e, "jr") || tx_ieq(s, t[l].b, t[l].e, "sr") ||
                        tx_ieq(s, t[l].b, t[l].e, "ii") || tx_ieq(s, t[l].b, t[l].e, "iii")))) {
            return 0;
        }
        names += ev == EV_NAME;
        weak += ev == EV_WEAK && !t[l].initial && tn_has_vowel(s, &t[l]);
        words += ev == EV_WORD && (g & 6);
        if (t[l].dot > t[l].e && !t[l].initial && l > i) {
            return 0; /* a sentence ended */
        }
        if ((names > 0 || weak >= 2 || (l > i && weak + words >= 2 && weak > 0) ||
             (l > i && words >= 2 && !(t[i].allcap))) &&
            /* no place has a birth date ("Kwame Hill dob ..."); a firm may have an address */
            (tn_dob_after(s, n, t[l].dot) ||
             (tn_email_after(s, n, t[l].e) && !tn_place_run(s, n, t, nt, i, l, 0)))) {
            return l > i || names > 0 ? l : 0;
        }
    }
    return 0;
}

static const char *const det_words[] = {"the", "a",     "an",  "his",  "her",
                                        "my",  "their", "our", "your", NULL};
static struct tx_set det_words_set = TX_SET(det_words);

/* "the T.J. Maxx", "a Mercedes": an article or possessive pronoun right before b */
int
tn_determiner_before(const char *s, size_t b)
{
    struct tx_word w[1];

    return tx_prev_words(s, b, w, 1) == 1 && tx_has(&det_words_set, w[0].lc);
}

/* "Surname, Given [M.]" then a verb, "of" or the clause's end: the run's last token, or 0. */
size_t
tn_comma_name(const char *s, size_t n, const struct ntok *t, size_t nt, size_t i, signed char *evc,
              signed char *gvc)
{
    int g, g1, ev, ev1;
    size_t l = i + 1, e;

    if (t[i].initial || t[i].dot > t[i].e || !t[i].alpha || !t[i + 1].cap || !t[i + 1].alpha ||
        t[i + 1].initial || t[i + 1].dot > t[i + 1].e || (t[i + 1].allcap && !t[i].allcap) ||
        !tn_adjacent(s, &t[i], &t[i + 1], 1) || tn_cue_word(s, &t[i]) ||
        tn_cue_word(s, &t[i + 1])) {
        return 0;
    }
    ev = tn_ev_of(s, t, i, evc, gvc, &g);
    ev1 = tn_ev_of(s, t, i + 1, evc, gvc, &g1);
    /* (an unknown word in capitals is as often an abbreviation: "RD OOS, CREW TO") */
    if (!(ev == EV_NAME || (ev == EV_WEAK && !t[i].allcap && tn_vowels(s, &t[i]) >= 2) ||
          (ev == EV_WORD && (g & 2))) ||
        !(((g1 & 4) && ev1 != EV_STOP) ||
          (ev == EV_NAME && ev1 == EV_WEAK && tn_vowels(s, &t[i + 1]) >= 2))) {
        return 0;
    }
    /* a middle initial */
    if (l + 1 < nt && t[l + 1].initial && t[l + 1].e - t[l + 1].b == 1 &&
        tn_adjacent(s, &t[l], &t[l + 1], 0)) {
        l++;
    }
    e = tn_run_end(t, l);
    if (!(tn_clause_end(s, n, e) || (e < n && s[e] == '.') || tn_verb_after(s, n, e) ||
          tn_speech_after(s, n, e) || tn_dob_after(s, n, e))) {
        return 0;
    }
    /* "Jackson, Grace Ave", "Austin, TX": places */
    return tn_place_run(s, n, t, nt, i, l, 0) ? 0 : l;
}

/* Jr, Sr, II, III, IV after a name */
int
tn_name_suffix(const char *s, const struct ntok *t)
{
    return tx_ieq(s, t->b, t->e, "jr") || tx_ieq(s, t->b, t->e, "sr") ||
           tx_ieq(s, t->b, t->e, "ii") || tx_ieq(s, t->b, t->e, "iii") ||
           tx_ieq(s, t->b, t->e, "iv");
}

/*
 * A surname the tables know that is also a common word (Day, Wall, Rich, Law): never a
 * function word ("Then", "Will" stay words), a month or a deny-listed word.
 */
int
tn_word_surname(const char *s, const struct ntok *t)
{
    struct odp_name_info ni;

    if (!t->alpha || t->initial || t->e - t->b < 2 ||
        tn_in_list_tok(s, t->b, t->e, &tn_function_set) ||
        tn_in_list_tok(s, t->b, t->e, &tn_deny_set)) {
        return 0;
    }
    return tx_name_lookup(s + t->b, t->e - t->b, &ni) &&
           !(ni.flags &
             (ODP_NAME_MONTH | ODP_NAME_WEEKDAY | ODP_NAME_PLACEHOLDER | ODP_NAME_US_STATE)) &&
           ni.surname_rank > 0 && ni.surname_rank <= 20000;
}

/* A US state's name (Georgia, Virginia): a place or a firm's ("Georgia Power") first. */
int
tn_state_word(const char *s, const struct ntok *t)
{
    struct odp_name_info ni;

    return tx_name_lookup(s + t->b, t->e - t->b, &ni) && (ni.flags & ODP_NAME_US_STATE);
}

/* Is the next non-blank character after e a digit? */
int
tn_digit_next(const char *s, size_t n, size_t e)
{
    while (e < n && (s[e] == ' ' || s[e] == ',')) {
        e++;
    }
    return e < n && tx_digit((unsigned char)s[e]);
}

/* A street type or place word the tables know as a surname (Lane, Hill, Church, Street). */
int
tn_street_surname(const char *s, const struct ntok *t)
{
    struct odp_name_info ni;

    return t->alpha && !t->initial && t->e - t->b >= 3 &&
           tn_in_list_tok(s, t->b, t->e, &tn_place_after_set) &&
           tx_name_lookup(s + t->b, t->e - t->b, &ni) &&
           !(ni.flags & (ODP_NAME_MONTH | ODP_NAME_WEEKDAY | ODP_NAME_US_STATE)) &&
           ni.surname_rank > 0 && ni.surname_rank <= 20000;
}

/* A month the tables also know as a given name (April, May, June, August). */
int
tn_month_given(const char *s, const struct ntok *t)
{
    struct odp_name_info ni;

    return tx_name_lookup(s + t->b, t->e - t->b, &ni) && (ni.flags & ODP_NAME_MONTH) &&
           ni.given_count >= 300;
}

/*
 * A word no table knows written as no name is: an acronym of five letters or fewer with
 * one vowel at most ("MLGW", "CACC", "LAFD"), or capitals inside it after a prefix
 * longer than a name's ("SoCalGas", "CenterPoint"; not "DeShawn", "McCoy", "JaQuan").
 */
/* An English word's ending on a word no table knows ("UNPERMITTED", "Reinstatement",
 * "NONPAYMENT"): eight letters or more, then -tted, -pped, -ssed, -lled, -cted, -rted,
 * -nted, -sted, -ated, -ized, -ment, -ness, -tion, -sion. */
static int
word_suffix(const char *s, const struct ntok *t)
{
    static const char *const ends[] = {"tted", "pped", "ssed", "lled", "cted",
                                       "rted", "nted", "sted", "ated", "ized",
                                       "ment", "ness", "tion", "sion", NULL};
    size_t l = t->e - t->b, k;

    if (l < 8 || memchr(s + t->b, '-', l) != NULL) {
        return 0; /* ("Anti-Harassment Unit": a hyphenated word is read in its run) */
    }
    for (k = 0; ends[k] != NULL; k++) {
        if (tx_ieq(s, t->e - 4, t->e, ends[k])) {
            return 1;
        }
    }
    return 0;
}

int
tn_odd_caps(const char *s, const struct ntok *t)
{
    size_t p, inner = 0, first = 0, l = t->e - t->b;

    if (word_suffix(s, t)) {
        return 1;
    }

    if (t->allcap) {
        static const char ends[] = "NGNHCHSHTHCKLLSSTTRTRDRKRNSTNDNTNNMMRRFFLDLTLKRSNSNKRGRMPHGH";
        char a, b;
        size_t k;

        size_t v = 0;

        if (l < 3 || l > 5 || tn_cue_word(s, t)) {
            return 0; /* ("SUBJ", "CPL": a role or rank before a name) */
        }
        for (p = t->b; p < t->e; p++) {
            if ((unsigned char)s[p] >= 0x80) {
                return 0; /* "DURÁN": its vowel is no ASCII letter */
            }
            /* a vowel, and a W after one ("TXAWJ", "KWOK" have two) */
            v += strchr("AEIOUY", s[p]) != NULL ||
                 (s[p] == 'W' && p > t->b && strchr("AEIOUY", s[p - 1]) != NULL);
        }
        if (v == 0) {
            return 1; /* "MLGW", "MFD" */
        }
        /* one vowel, then two consonants no name ends in ("CACC", "LAFD"; not "JING",
         * "BRACH", "ZHEN") */
        a = s[t->e - 2];
        b = s[t->e - 1];
        if (v > 1 || strchr("AEIOUYW", a) != NULL || strchr("AEIOUY", b) != NULL) {
            return 0;
        }
        for (k = 0; ends[k] != '\0'; k += 2) {
            if (ends[k] == a && ends[k + 1] == b) {
                return 0;
            }
        }
        return 1;
    }
    for (p = t->b + 1; p < t->e; p++) {
        if (tx_upper((unsigned char)s[p]) && s[p - 1] >= 'a' && s[p - 1] <= 'z') {
            if (inner++ == 0) {
                first = p - t->b;
            }
        }
    }
    return inner >= 2 || (inner == 1 && first > 3);
}

/* What a person named at a sentence's start does in a note, besides speaking. */
static const char *const pair_verbs[] = {
    "observed",  "posted",   "inspected", "reinspected", "responded", "fled",      "recovered",
    "expressed", "referred", "issued",    "noted",       "met",       "visited",   "spoke",
    "indicated", "informed", "advised",   "called",      "confirmed", "requested", "complained",
    "alleges",   "alleged",  "presented", NULL};
static struct tx_set pair_verbs_set = TX_SET(pair_verbs);

/*
 * "Anil Menon posted a blight ticket", "ROSE SIMMONS OBSERVED PEELING PAINT", "Deeqa
 * Abdulle reports water": a given name and a surname with no cue, then what a person
 * does; one of the two a name no English word is, the other a name or a word no list
 * knows (a known given name or surname that is a word too: "Ashley Hall", "Connor
 * Black"). Not a firm's or a place's two words ("Con Edison reported": no given name).
 * The pair's last token, or 0.
 */
size_t
tn_pair_speaks(const char *s, size_t n, const struct ntok *t, size_t nt, size_t i, int caps_text,
               signed char *evc, signed char *gvc)
{
    int g1, g2, ev1, ev2;
    size_t j = i + 1, b, e;
    char lc[24];

    if (j >= nt || t[i].initial || t[j].initial || !t[i].cap || !t[j].cap || !t[i].alpha ||
        !t[j].alpha || t[i].dot != t[i].e || t[j].dot != t[j].e ||
        !tn_adjacent(s, &t[i], &t[j], 0) || (!caps_text && (t[i].allcap || t[j].allcap))) {
        return 0;
    }
    /* the words first (looked up once per call of the scan), the context after */
    ev1 = tn_ev_of(s, t, i, evc, gvc, &g1);
    ev2 = tn_ev_of(s, t, j, evc, gvc, &g2);
    if (!(ev1 == EV_NAME || (ev1 == EV_WORD && (g1 & 4)) ||
          (ev1 == EV_WEAK && tn_vowels(s, &t[i]) >= 2)) ||
        !(ev2 == EV_NAME || (ev2 == EV_WORD && (g2 & 8)) || ev2 == EV_WEAK) ||
        (ev1 != EV_NAME && ev2 != EV_NAME) || !((g1 & 4) || ev1 == EV_WEAK) ||
        tn_cue_word(s, &t[i]) || tn_cue_word(s, &t[j])) {
        return 0;
    }
    /* where a clause starts: a sentence, a line, after ":", ";", "|", "-", a comma or a
     * function word ("and", "then"); not inside a longer run ("CON ED BILL WENT",
     * "Off-leash Jack Russell reported") */
    if (!tn_sentence_start(s, t[i].b) && !tn_line_start(s, t[i].b)) {
        size_t p = t[i].b;
        struct tx_word pw[1];

        while (p > 0 && s[p - 1] == ' ') {
            p--;
        }
        if (p == 0 ||
            !(strchr(":;|-,(\"", s[p - 1]) != NULL ||
              (tx_prev_words(s, t[i].b, pw, 1) == 1 && pw[0].e == p &&
               tx_has(&tn_function_set, pw[0].lc) && !tx_upper((unsigned char)s[pw[0].b])))) {
            return 0;
        }
    }
    /* the verb: spoken, or one of a note's acts */
    if (tn_speech_after(s, n, t[j].e) == 0) {
        if (t[j].e >= n || s[t[j].e] != ' ') {
            return 0;
        }
        b = t[j].e + 1;
        for (e = b; e < n && (tx_alpha((unsigned char)s[e]) || s[e] == '-'); e++) {
        }
        if (e == b || e - b >= sizeof(lc)) {
            return 0;
        }
        {
            size_t k, m = 0;

            for (k = b; k < e; k++) {
                if (s[k] != '-') {
                    lc[m++] = (char)tn_lower_c((unsigned char)s[k]);
                }
            }
            lc[m] = '\0';
        }
        if (!tx_has(&pair_verbs_set, lc)) {
            return 0;
        }
    }
    return tn_place_run(s, n, t, nt, i, j, 0) ? 0 : j;
}

/*
 * "CALLER BUTT/RABIA", "HOH YOUNG/BILL", "vendor MORGAN/REGGIE": after a role, a surname,
 * a slash and a given name (a 311 operator's LAST/FIRST). The given name's token, or 0.
 */
size_t
tn_slash_name(const char *s, size_t n, const struct ntok *t, size_t nt, size_t i, signed char *evc,
              signed char *gvc)
{
    int g1, g2, ev1, ev2;

    if (i + 1 >= nt || t[i].e >= n || s[t[i].e] != '/' || t[i + 1].b != t[i].e + 1 ||
        t[i].initial || t[i + 1].initial || !t[i].alpha || !t[i + 1].alpha || !t[i + 1].cap ||
        t[i + 1].e - t[i + 1].b < 2 ||
        (t[i + 1].e < n && (s[t[i + 1].e] == '/' || tx_alnum((unsigned char)s[t[i + 1].e])))) {
        return 0;
    }
    ev1 = tn_ev_of(s, t, i, evc, gvc, &g1);
    ev2 = tn_ev_of(s, t, i + 1, evc, gvc, &g2);
    /* the second a given name the tables know, the first any surname-like word */
    if (!(g2 & 4) || ev2 == EV_STOP || ev1 == EV_STOP || (ev1 == EV_WORD && !(g1 & 8))) {
        return 0;
    }
    return i + 1;
}

/* A role-list word that names no one by itself ("spoke to", "with", "by"): a weak cue. */
int
tn_weak_cue_word(const char *lc)
{
    static const char *const weak[] = {"and", "to", "that", "by", "with", "from", "for", NULL};
    size_t k;

    for (k = 0; weak[k] != NULL; k++) {
        if (strcmp(lc, weak[k]) == 0) {
            return 1;
        }
    }
    return 0;
}

/*
 * A way to reach a person right after a name at i (a comma may come first): 2 for an
 * e-mail address, a phone number (seven digits or more, "+61 ...", "(718) ...") or an
 * identity label ("SSN:", "DOB", "Birthdate:"); 1 for a unit ("Apt. 18F", "#5E", "# 8a",
 * "flat 28", "Unit 3") or a phone's label ("PH:", "tel", "mob"); 0 for none.
 */
static int
contact_after(const char *s, size_t n, size_t i)
{
    static const char *const words[] = {"apt",  "apartment", "flat",  "unit",      "suite",  "ste",
                                        "ph",   "tel",       "phone", "mob",       "mobile", "cell",
                                        "tlf",  "ssn",       "dob",   "birthdate", "born",   "ni",
                                        "nino", "sin",       "tfn",   "ppsn",      NULL};
    size_t k = i, e, d = 0, w, last = 0;

    if (k < n && s[k] == ',') {
        k++;
    }
    if (k >= n || s[k] != ' ') {
        return 0;
    }
    k++;
    for (e = k; e < n && e < k + 64 && s[e] != ' ' && s[e] != ','; e++) {
        if (s[e] == '@' && e > k) {
            return 2; /* an e-mail address */
        }
    }
    if (k < n && s[k] == '#') {
        for (e = k + 1; e < n && s[e] == ' '; e++) {
        }
        return e < n && e <= k + 2 && tx_digit((unsigned char)s[e]);
    }
    if (k < n && (s[k] == '+' || s[k] == '(' || tx_digit((unsigned char)s[k]))) {
        for (e = k;
             e < n && e < k + 20 && (tx_digit((unsigned char)s[e]) || strchr("+()-. ", s[e]));
             e++) {
            if (tx_digit((unsigned char)s[e])) {
                d++;
                last = e;
            }
        }
        /* ten digits or more, or seven as 555-0177 (not a code section's 27-2046.1) */
        return (d >= 10 || (d == 7 && last == k + 7 && (s[k + 3] == '-' || s[k + 3] == ' '))) &&
                       (last + 1 >= n || !tx_alpha((unsigned char)s[last + 1]))
                   ? 2
                   : 0;
    }
    for (e = k; e < n && tx_alpha((unsigned char)s[e]); e++) {
    }
    for (w = 0; e > k && words[w] != NULL; w++) {
        if (tx_ieq(s, k, e, words[w]) && words[w][e - k] == '\0') {
            if (w >= 13) {
                return 2; /* "SSN:", "DOB 3/4/51", "born on" */
            }
            while (e < n && (s[e] == '.' || s[e] == ':' || s[e] == '#' || s[e] == ' ') &&
                   e < k + 8) {
                e++;
            }
            return e < n && (tx_alnum((unsigned char)s[e]) || s[e] == '(' || s[e] == '+') &&
                   (w >= 6 || tx_digit((unsigned char)s[e]) ||
                    (e + 1 < n && tx_digit((unsigned char)s[e + 1])));
        }
    }
    return 0;
}

/* A word's first byte that starts a letter: ASCII, or UTF-8 from U+00C0 (not "§"). */
static int
letter_lead(char c)
{
    unsigned char u = (unsigned char)c;

    return tx_alpha(u) || (u >= 0xC3 && u <= 0xDF);
}

/* ", " right before b. */
static int
comma_before(const char *s, size_t b)
{
    return b >= 2 && s[b - 1] == ' ' && s[b - 2] == ',';
}

/*
 * "Kalinda Iwu, vabuhamdan@me.com", "Olumide Kariuki, #5E", "LORCAN CADOGAN PH: (718)
 * 917-7956", "olumide takahashi 3478869651", "Please refund. Radu Mbatha": two words where
 * a sentence or a line starts or after a dash, then a way to reach the person or the end
 * of the text: a name signed. Neither word an English word (a known given name or
 * surname that is one, as pair_speaks allows), one a known name or both with two vowels.
 * The pair's last token, or 0.
 */
size_t
tn_pair_signed(const char *s, size_t n, const struct ntok *t, size_t nt, size_t i, int caps_text,
               signed char *evc, signed char *gvc)
{
    int g1, g2, ev1, ev2, c, start;
    size_t j = i + 1;

    if (j >= nt || t[i].initial || t[j].initial || !t[i].alpha || !t[j].alpha ||
        !letter_lead(s[t[i].b]) || !letter_lead(s[t[j].b]) || t[i].cap != t[j].cap ||
        t[i].dot != t[i].e || t[j].dot != t[j].e || t[i].e - t[i].b < 2 || t[j].e - t[j].b < 2 ||
        !tn_adjacent(s, &t[i], &t[j], 0) || (!caps_text && t[i].allcap != t[j].allcap)) {
        return 0;
    }
    /* where the pair stands first (cheap), then what follows it */
    start = tn_sentence_start(s, t[i].b) || tn_line_start(s, t[i].b) || tn_dash_before(s, t[i].b);
    if (!start && !comma_before(s, t[i].b)) {
        return 0;
    }
    c = contact_after(s, n, t[j].e);
    if (!start && c != 2) {
        return 0; /* (after a comma only with an e-mail, a phone or an identity label) */
    }
    if (c == 0 && !(tn_text_ends(s, n, t[j].e) && t[i].b > 0)) {
        return 0;
    }
    ev1 = tn_ev_of(s, t, i, evc, gvc, &g1);
    ev2 = tn_ev_of(s, t, j, evc, gvc, &g2);
    if (!(ev1 == EV_NAME || ev1 == EV_WEAK || (ev1 == EV_WORD && (g1 & 4))) ||
        !(ev2 == EV_NAME || ev2 == EV_WEAK || (ev2 == EV_WORD && (g2 & 8))) ||
        (ev1 != EV_NAME && ev2 != EV_NAME &&
         (ev1 != EV_WEAK || ev2 != EV_WEAK || tn_vowels(s, &t[i]) < 2 ||
          tn_vowels(s, &t[j]) < 2)) ||
        tn_cue_word(s, &t[i]) || tn_cue_word(s, &t[j]) || tn_odd_caps(s, &t[i]) ||
        tn_odd_caps(s, &t[j])) {
        return 0;
    }
    return tn_place_run(s, n, t, nt, i, j, 0) ? 0 : j;
}
