/*
 * textnames.c - person names in running text (the person_name detector's free-text
 * half; the whole-cell half under a name header is detect.c's).
 *
 * A name is a run of name-shaped tokens (a capital then letters, apostrophes and inner
 * hyphens, UTF-8 letters included: O'Neil-Garcia, Quiñones; initials J. / M.J.) that
 * the evidence makes a name:
 *   - after a title or rank (Mr, Ms, Mrs, Dr, Det., PO, Officer, Inspector, ...): the
 *     next token whatever it is, unless it is a stop word;
 *   - after a role or contact cue (tenant, complainant, respondent, owner, caller,
 *     client, worker, "spoke with", "per", "c/o", "called", ...): a token the name
 *     tables know as a name and that is not a common English word, or a token that is
 *     neither a known name nor an English word (Przybylski, Dzhumabaev);
 *   - with no cue: a known given name followed by a surname-like token or an initial
 *     ("Maria Okafor", "Maria R.", "J. Smith"), or "Smith, Maria" / "SMITH, J".
 * In ALL-CAPS text, capitals say nothing, so common English words always end a name.
 * A deny-list keeps months, weekdays, boroughs, agencies and street names ("Jackson
 * Ave", "Frederick Douglass Blvd": a street type after the run) out. The evidence comes
 * from the vendored name tables (names.h) and the English word list (textscan.h).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "textnames_int.h"
#include "textscan.h"

/* --- word lists --- */
/* (in textnames_lists.c, declared in textnames_int.h) */

/* --- tokens --- */

/* --- evidence --- */

/* EV_STOP, EV_WORD, EV_WEAK, EV_NAME: in textnames_int.h */

/*
 * What a token is: EV_STOP (deny-listed or a function word), EV_WORD (a common English
 * word), EV_WEAK (unknown: neither a known name nor an English word), EV_NAME (a known
 * given name or surname that is not a common English word). *given is set for a known
 * given name.
 */
/* "Parkinson's": the possessive of an illness's eponym. */
static int
eponym_possessive(const char *s, const struct ntok *t)
{
    return t->e - t->b > 3 && s[t->e - 2] == '\'' && (s[t->e - 1] == 's' || s[t->e - 1] == 'S') &&
           tn_in_list_tok(s, t->b, t->e - 2, &tn_eponym_set);
}

static int
evidence(const char *s, const struct ntok *t, int *given)
{
    struct odp_name_info ni;
    size_t b = t->b, e = t->e, p, q;
    unsigned eng;
    int known = 0, strong_given = 0, ascii = 1, frequent = 0, state = 0;

    *given = 0;
    if (!t->alpha) {
        return EV_STOP;
    }
    if (tn_in_list_tok(s, b, e, &tn_stop_set) || tn_in_list_tok(s, b, e, &tn_deny_set)) {
        return EV_STOP;
    }
    for (p = b; p < e; p++) {
        if ((unsigned char)s[p] >= 0x80) {
            ascii = 0;
        }
        /* contractions: "I'm", "Don't", "They're", "We'll" (not "Maria's", "O'Neil") */
        if (s[p] == '\'' &&
            (tx_ieq(s, p + 1, e, "m") || tx_ieq(s, p + 1, e, "t") || tx_ieq(s, p + 1, e, "re") ||
             tx_ieq(s, p + 1, e, "ve") || tx_ieq(s, p + 1, e, "ll") || tx_ieq(s, p + 1, e, "d")) &&
            !tx_upper((unsigned char)s[p + 1])) {
            return EV_STOP;
        }
    }
    /* "Parkinson's", "ALZHEIMER'S": an illness (a title before it is the caller's) */
    if (eponym_possessive(s, t)) {
        return EV_STOP;
    }
    if (!ascii) {
        /* Fermín, Paweł, Cándido: the tables know their ASCII spelling; others
         * (Quiñones, Ngũgĩ) are not English words either */
        char fb[32];
        size_t fl = tn_fold_latin(s, b, e, fb, sizeof(fb));

        if (fl > 0) {
            struct ntok ft = *t;
            int fev;

            ft.b = 0;
            ft.e = fl;
            ft.dot = fl;
            fev = evidence(fb, &ft, given);
            if (fev == EV_NAME) {
                return EV_NAME;
            }
            *given = 0;
        }
        return EV_WEAK;
    }
    eng = tx_english_level(s + b, e - b);
    /* parts of O'Neil-Garcia; "Gardens-Cobble Hill" is a place */
    for (p = b; p < e; p = q + 1) {
        for (q = p; q < e && s[q] != '-'; q++) {
        }
        /* "Al-Masri", "El-Amin", "Abu-Bakr": an Arabic article or kunya, no state code */
        if (p == b && q < e &&
            (tx_ieq(s, p, q, "al") || tx_ieq(s, p, q, "el") || tx_ieq(s, p, q, "abu") ||
             tx_ieq(s, p, q, "ibn") || tx_ieq(s, p, q, "bin"))) {
            continue;
        }
        if (q < e && (tn_in_list_tok(s, p, q, &tn_place_after_set) ||
                      tn_in_list_tok(s, p, q, &tn_deny_set))) {
            return EV_STOP;
        }
        if (p > b && q == e &&
            (tn_in_list_tok(s, p, q, &tn_place_after_set) ||
             tn_in_list_tok(s, p, q, &tn_deny_set))) {
            return EV_STOP;
        }
        if (tx_name_lookup(s + p, q - p, &ni)) {
            if (ni.flags & (ODP_NAME_MONTH | ODP_NAME_WEEKDAY | ODP_NAME_PLACEHOLDER)) {
                return EV_STOP;
            }
            if (ni.flags & ODP_NAME_US_STATE) {
                state = 1; /* Washington, Virginia: a place unless a cue says otherwise */
            }
            if (ni.given_count >= 300 || (ni.surname_rank > 0 && ni.surname_rank <= 40000)) {
                known = 1;
            }
            if (ni.given_count >= 2000) {
                strong_given |= 1;
            }
            if (ni.given_count >= 300) {
                strong_given |= 4;
            }
            if (ni.given_count >= 10000 || (ni.surname_rank > 0 && ni.surname_rank <= 5000)) {
                frequent = 1;
            }
            if (ni.surname_rank > 0 && ni.surname_rank <= 1000) {
                strong_given |= 2;
            }
            if (ni.surname_rank > 0 && ni.surname_rank <= 20000) {
                strong_given |= 8;
            }
        }
    }
    *given = strong_given;
    if (state) {
        return EV_WORD;
    }
    if (eng > 0 && eng <= 20) {
        return known ? EV_WORD : EV_STOP;
    }
    if (eng > 0 && eng <= 35) { /* "Maria", "Miller" are names first; "Vent" is a word */
        return known ? (frequent ? EV_NAME : EV_WORD) : EV_STOP;
    }
    if (eng > 0) {
        return known ? EV_NAME : EV_WORD;
    }
    if (!known && tn_odd_caps(s, t)) {
        return EV_STOP;
    }
    return known ? EV_NAME : EV_WEAK;
}

/* Cue before token t[i]: 2 title, 1 role, 0 none. */
static int
cue_before(const char *s, const struct ntok *t, size_t i)
{
    struct tx_word w[6];
    size_t nw, m;

    /* "Regards,\nIrina": a sign-off, then the name on the next line */
    if (t[i].b > 0 && (m = (size_t)tn_signoff_before(s, t[i].b)) != 0) {
        return (int)m;
    }
    /* "I/M MACAPAGAL REQUESTS": an inmate (the slash splits the words of the role lists);
     * "Dep. Trujillo": a deputy, with the dot ("DEP REFERRAL" is New York's DEP) */
    if (t[i].b >= 4 && s[t[i].b - 1] == ' ' &&
        ((tx_ieq(s, t[i].b - 4, t[i].b - 1, "i/m") &&
          (t[i].b == 4 || !tx_alnum((unsigned char)s[t[i].b - 5]))) ||
         (t[i].b >= 5 && tx_ieq(s, t[i].b - 5, t[i].b - 1, "dep.") &&
          (t[i].b == 5 || !tx_alnum((unsigned char)s[t[i].b - 6]))))) {
        return s[t[i].b - 2] == '.' ? 2 : 1;
    }
    /* Every cue phrase ends at the nearest word: when no list has a phrase ending in it,
     * the words before it do not matter (one word read, once, for every list). */
    if (tx_prev_words(s, t[i].b, w, 1) == 0 || w[0].lc[0] == '\0') {
        return 0;
    }
    /* an alias in quotes after "known as", "called him"; after "aka" with or without */
    if (tx_set_ends(&tn_alias_set, w[0].lc) && (nw = tx_prev_words(s, t[i].b, w, 6)) > 0 &&
        (m = tx_cue_before(w, nw, &tn_alias_set, NULL)) > 0 &&
        (tn_quote_before(s, t[i].b) || (m == 1 && strcmp(w[0].lc, "aka") == 0) ||
         (m == 3 && strcmp(w[0].lc, "a") == 0))) {
        return 2;
    }
    if (!tx_set_ends(&tn_titles_set, w[0].lc) && !tx_set_ends(&tn_roles_set, w[0].lc) &&
        strcmp(w[0].lc, "is") != 0 && strcmp(w[0].lc, "was") != 0) {
        return 0;
    }
    nw = tx_prev_words(s, t[i].b, w, 4);
    /* "tenant named harpreet" names whoever follows; "a pit bull mix named Zeus" a pet */
    if (strcmp(w[0].lc, "named") == 0) {
        return nw > 1 && tx_has(&tn_animal_set, w[1].lc) ? 0 : 2;
    }
    if (tx_cue_before(w, nw, &tn_titles_set, NULL) > 0) {
        return 2;
    }
    if ((m = tx_cue_before(w, nw, &tn_roles_set, NULL)) > 0) {
        if (m > 1) {
            return 1;
        }
        /* "and" is a cue only after a name-like capitalised word */
        if (strcmp(w[0].lc, "and") == 0 && i >= 2 && t[i - 1].e == w[0].e && t[i - 2].cap &&
            t[i - 2].alpha) {
            return 4; /* "Esther and Nusrat": decided by the caller on t[i - 2] */
        }
        if (tn_weak_cue_word(w[0].lc)) {
            return 3; /* weak cue */
        }
        return 1;
    }
    /* "the boss is Cliff", "foreman is named njoroge", "her name was Dorota": a role,
     * then is or was */
    if (strcmp(w[0].lc, "is") == 0 || strcmp(w[0].lc, "was") == 0) {
        size_t k = nw > 2 && strcmp(w[1].lc, "named") == 0 ? 2 : 1;

        return nw > k && tx_cue_before(w + k, nw - k, &tn_roles_set, NULL) > 0 &&
                       !tn_weak_cue_word(w[k].lc) && strcmp(w[k].lc, "it") != 0
                   ? (k == 2 ? 1 : 3) /* "client is young": a weak cue unless "is named" */
                   : 0;
    }
    return 0;
}

/*
 * A per-thread memo of evidence() by token text: narrative columns repeat their words,
 * and each lookup is two binary searches. Direct-mapped, keyed by the exact bytes.
 */
#define EV_MEMO_SLOTS 16384u
struct ev_memo {
    char key[24];
    uint8_t len, ev, given;
    uint8_t rej; /* stop_reject(): 0 not yet known, 1 no, 2 yes */
};
/*
 * Allocated on a thread's first lookup and freed when the thread ends (a static
 * _Thread_local array of this size was zeroed for every thread the process started, the
 * read-ahead and writer threads too: 458 KB of page faults each).
 */
static pthread_key_t memo_key;
static pthread_once_t memo_once = PTHREAD_ONCE_INIT;
static int memo_key_ok;
static _Thread_local struct ev_memo *ev_memo;

static void
memo_key_init(void)
{
    memo_key_ok = pthread_key_create(&memo_key, free) == 0;
}

/* This thread's memo, or NULL (no memory: every lookup is then computed). */
static struct ev_memo *
memo_table(void)
{
    if (ev_memo == NULL) {
        (void)pthread_once(&memo_once, memo_key_init);
        if (!memo_key_ok) {
            return NULL;
        }
        ev_memo = calloc(EV_MEMO_SLOTS, sizeof(*ev_memo));
        if (ev_memo != NULL && pthread_setspecific(memo_key, ev_memo) != 0) {
            free(ev_memo);
            ev_memo = NULL;
        }
    }
    return ev_memo;
}

/* The memo slot of token t (its text is the key), or NULL when t is too long. */
static struct ev_memo *
memo_slot(const char *s, const struct ntok *t, int *hit)
{
    size_t l = t->e - t->b, i;
    uint32_t h = 2166136261u;
    struct ev_memo *m;

    if (l == 0 || l >= sizeof(m->key) || memo_table() == NULL) {
        return NULL;
    }
    for (i = 0; i < l; i++) {
        h = (h ^ (unsigned char)s[t->b + i]) * 16777619u;
    }
    m = &ev_memo[h & (EV_MEMO_SLOTS - 1u)];
    *hit = m->len == l && memcmp(m->key, s + t->b, l) == 0;
    return m;
}

static int
evidence_memo(const char *s, const struct ntok *t, int *given)
{
    size_t l = t->e - t->b;
    struct ev_memo *m;
    int ev, hit = 0;

    m = memo_slot(s, t, &hit);
    if (m == NULL) {
        return evidence(s, t, given);
    }
    if (hit) {
        *given = m->given;
        return m->ev;
    }
    ev = evidence(s, t, given);
    memcpy(m->key, s + t->b, l);
    m->len = (uint8_t)l;
    m->ev = (uint8_t)ev;
    m->given = (uint8_t)*given;
    m->rej = 0;
    return ev;
}

int
tn_evidence(const char *s, const struct ntok *t, int *given)
{
    return evidence_memo(s, t, given);
}

static int table_name(const char *s, const struct ntok *t);

/*
 * A token that evidence() stops and that no title can make a name either: a stop word,
 * or a word the name tables do not know. Memoised with the evidence.
 */
static int
stop_reject(const char *s, const struct ntok *t)
{
    int hit = 0, r;
    struct ev_memo *m = memo_slot(s, t, &hit);

    if (m != NULL && hit && m->rej != 0) {
        return m->rej == 2;
    }
    r = tn_in_list_tok(s, t->b, t->e, &tn_stop_set) || !table_name(s, t);
    if (m != NULL && hit) {
        m->rej = (uint8_t)(r ? 2 : 1);
    }
    return r;
}

/* evidence() of token i, computed once per call (ev[i] < 0: not yet). */
int
tn_ev_of(const char *s, const struct ntok *t, size_t i, signed char *ev, signed char *gv, int *g)
{
    if (ev[i] < 0) {
        int gg = 0;

        ev[i] = (signed char)(t[i].initial ? EV_WEAK : evidence_memo(s, &t[i], &gg));
        gv[i] = (signed char)(t[i].initial ? 0 : gg);
    }
    *g = gv[i];
    return ev[i];
}

/* Is the word right before token t[i] a personal honorific (Mr., Mrs, Dr., Rabbi)? */
static int
honorific_before(const char *s, const struct ntok *t, size_t i)
{
    struct tx_word w[1];

    return tx_prev_words(s, t[i].b, w, 1) == 1 && w[0].lc[0] != '\0' && t[i].b - w[0].e <= 2 &&
           tx_has(&tn_honorific_set, w[0].lc);
}

/*
 * Surname particles from token k: "de la Cruz", "De Jesús", "van der Berg", "dos
 * Santos": one or two particles, then a capitalised name-like token. Returns the index of
 * that token, or 0.
 */
static size_t
particle_end(const char *s, size_t n, const struct ntok *t, size_t nt, size_t k, int caps_text,
             signed char *evc, signed char *gvc)
{
    size_t j;
    int g, ev;

    (void)n;
    for (j = k; j < nt && j < k + 2; j++) {
        if (!t[j].alpha || t[j].dot > t[j].e || t[j].e - t[j].b > 5 ||
            !tn_in_list_tok(s, t[j].b, t[j].e, &tn_particle_set) || j + 1 >= nt ||
            !tn_adjacent(s, &t[j], &t[j + 1], 0)) {
            return 0;
        }
        if (t[j + 1].cap && t[j + 1].alpha && !t[j + 1].initial && t[j + 1].e - t[j + 1].b >= 2 &&
            !tn_in_list_tok(s, t[j + 1].b, t[j + 1].e, &tn_particle_set)) {
            if (tn_in_list_tok(s, t[j + 1].b, t[j + 1].e, &tn_place_after_set)) {
                return 0;
            }
            /* the surname: a known one, or in mixed case one no word list knows ("VAN
             * TAG", "DO REQ" are a vehicle and an abbreviation) */
            ev = tn_ev_of(s, t, j + 1, evc, gvc, &g);
            return ev == EV_NAME || (ev == EV_WEAK && (!caps_text || tn_non_ascii(s, &t[j + 1])))
                       ? j + 1
                       : 0;
        }
    }
    return 0;
}

/*
 * Extends a name run that starts at token i: further capitalised tokens adjacent to
 * it. A common English word continues the run only in mixed-case text after a cue, or
 * when it is a frequent surname right after a given name ("LINDA SMITH"). Returns the
 * index of the last token of the run.
 */
static size_t
extend(const char *s, size_t n, const struct ntok *t, size_t nt, size_t i, int caps_text, int cued,
       signed char *evc, signed char *gvc)
{
    size_t last = i, k;
    int g, gprev;

    int evprev = tn_ev_of(s, t, i, evc, gvc, &gprev);
    size_t lim = i + 3, pe;

    for (k = i + 1; k < nt && k <= lim; k++) {
        int ev;

        /* "Milagros De la Cruz", "Sofia van der Berg": particles, then the surname */
        if (!t[k - 1].initial && t[k - 1].dot == t[k - 1].e &&
            tn_adjacent(s, &t[k - 1], &t[k], 0) &&
            (pe = particle_end(s, n, t, nt, k, caps_text, evc, gvc)) != 0) {
            last = k = pe;
            lim = k + 2;
            gprev = 0;
            evprev = EV_NAME;
            continue;
        }
        /* Tou "Tank" Patel, JIAN 'LIL MAN' PHAM: a nickname in quotes, then the surname */
        if ((pe = tn_nickname_end(s, n, t, nt, k)) != 0) {
            last = k = pe;
            lim = k + 2;
            gprev = 0;
            evprev = EV_NAME;
            continue;
        }
        if (!t[k].cap || !tn_adjacent(s, &t[k - 1], &t[k], 0)) {
            break;
        }
        /* a sentence end between them: "... Smith. The ..." */
        if (t[k - 1].dot > t[k - 1].e && !t[k - 1].initial) {
            break;
        }
        if (t[k].initial) {
            /* "v." is the caption's versus; "M/B" a sex and race, no middle initial */
            if (tn_versus(s, n, &t[k]) || !tn_real_initial(s, n, &t[k])) {
                break;
            }
            last = k;
            gprev = 0;
            continue;
        }
        ev = tn_ev_of(s, t, k, evc, gvc, &g);
        if (ev == EV_NAME || ev == EV_WEAK || (ev == EV_WORD && !caps_text && cued) ||
            (ev == EV_WORD && (gprev & 4) && (g & 2))) {
            last = k;
            gprev = g;
            evprev = ev;
            continue;
        }
        /* "Shu Fen Li", "WAI MAN", "SUNG HO HAN": a short second syllable of a given
         * name that is also a word, between a name and a known surname */
        if ((ev == EV_WORD || ev == EV_STOP) && !t[k - 1].initial &&
            (evprev == EV_NAME || evprev == EV_WEAK) && t[k].e - t[k].b >= 2 &&
            t[k].e - t[k].b <= 3 && t[k].alpha && t[k].dot == t[k].e &&
            !tn_in_list_tok(s, t[k].b, t[k].e, &tn_function_set) &&
            !tn_in_list_tok(s, t[k].b, t[k].e, &tn_deny_set) && k + 1 < nt && t[k + 1].cap &&
            !t[k + 1].initial && tn_adjacent(s, &t[k], &t[k + 1], 0)) {
            int g1, ev1 = tn_ev_of(s, t, k + 1, evc, gvc, &g1);

            if (ev1 == EV_NAME && (g1 & 2) &&
                !(k + 2 < nt && t[k + 2].cap && tn_adjacent(s, &t[k + 1], &t[k + 2], 0))) {
                last = k + 1;
                break;
            }
        }
        /* "ANDRE WALL (BORN", "Abena Wall,", "RAKIB RICH, WAS": a surname that is also a
         * common word, last in the run, after a name; in capitals only before a verb or
         * the end of the clause */
        if ((ev == EV_WORD || ev == EV_STOP) &&
            (t[k - 1].initial ? cued && t[k - 1].dot > t[k - 1].e
                              : evprev == EV_NAME || evprev == EV_WEAK || (gprev & 4)) &&
            tn_word_surname(s, &t[k]) &&
            (caps_text ? tn_verb_after(s, n, t[k].e)
                       : !(k + 1 < nt && t[k + 1].cap && tn_adjacent(s, &t[k], &t[k + 1], 0)))) {
            last = k;
        }
        /* "Respondent Keisha Lane appeared", "father Frank Hill, who": after a role, a
         * known given name and a street word that is a surname, in mixed case, then no
         * capital or number (not "Maple Lane 12", "Rose Hill Houses") */
        if (cued && !caps_text && k == i + 1 && (gprev & 4) && !t[k - 1].allcap && !t[k].allcap &&
            tn_street_surname(s, &t[k]) && !tn_digit_next(s, n, t[k].e) &&
            !(k + 1 < nt && t[k + 1].cap && tn_adjacent(s, &t[k], &t[k + 1], 0))) {
            last = k;
        }
        break;
    }
    return last;
}

/* Do the name tables know the token as a given name or surname ("Sun", "May", "Jun")? */
static int
table_name(const char *s, const struct ntok *t)
{
    struct odp_name_info ni;

    return tx_name_lookup(s + t->b, t->e - t->b, &ni) &&
           (ni.given_count >= 300 || (ni.surname_rank > 0 && ni.surname_rank <= 40000));
}

/*
 * ASCII lower- and upper-case letters in s[0..n), eight bytes at a time: bytes >= 0x80
 * are cleared, then a byte b is in [lo, hi] when b + (0x80 - lo) has its high bit set
 * and b + (0x7f - hi) has not (no carry leaves a byte, as b < 0x80).
 */
/*
 * "JOSEPH, MIRLANDE" in mixed-case text: all capitals there usually make an acronym, but
 * not a surname, a comma and a given name in capitals too (court and docket listings).
 */
static int
caps_comma_name(const char *s, size_t n, const struct ntok *t, size_t nt, size_t i, int ev,
                signed char *evc, signed char *gvc)
{
    int g2, ev2;

    if (i + 1 >= nt || s[t[i].e] != ',' || !t[i + 1].cap || t[i].e - t[i].b < 3 ||
        !tn_adjacent(s, &t[i], &t[i + 1], 1) || (ev != EV_NAME && ev != EV_WEAK)) {
        return 0;
    }
    /* "HERNÁNDEZ, E to", "NAKAMURA-HOLT, J testified": a known or vowelled surname in
     * capitals, a comma and an initial */
    if (t[i + 1].initial) {
        return tn_real_initial(s, n, &t[i + 1]) && (ev == EV_NAME || tn_vowels(s, &t[i]) >= 2);
    }
    ev2 = tn_ev_of(s, t, i + 1, evc, gvc, &g2);
    if (!t[i + 1].allcap) {
        /* "IBRAHIM, Mariam - opposes": the surname in capitals, a known given name */
        return ev2 == EV_NAME && (g2 & 1) && t[i + 1].dot == t[i + 1].e;
    }
    return (ev2 == EV_NAME && (g2 & 4)) || (ev == EV_NAME && ev2 == EV_WEAK);
}

/*
 * "Reviewed by AGNIESZKA KRAWCZYK (Community": a given name and a surname, both in
 * capitals, in mixed-case text, where capitals otherwise make an acronym: a known given
 * name first, or an unknown word and then a known surname; the first with vowels as
 * words have them, the surname with one at least (NYPD, HPD have none, ESU too few).
 */
static int
caps_pair_name(const char *s, const struct ntok *t, size_t nt, size_t i, int ev, int g,
               signed char *evc, signed char *gvc)
{
    int g2, ev2;
    size_t l1 = t[i].e - t[i].b;

    if ((ev != EV_NAME && ev != EV_WEAK) || i + 1 >= nt || !t[i + 1].allcap || t[i + 1].initial ||
        l1 < 3 || t[i + 1].e - t[i + 1].b < 3 || t[i].dot != t[i].e ||
        !tn_adjacent(s, &t[i], &t[i + 1], 0) || tn_vowels(s, &t[i]) * 4 <= l1 ||
        tn_vowels(s, &t[i]) < 2 || !tn_has_vowel(s, &t[i + 1])) {
        return 0;
    }
    ev2 = tn_ev_of(s, t, i + 1, evc, gvc, &g2);
    /* a known given name first, or a name no list knows and then a known surname */
    return (ev == EV_NAME && (g & 4) && (ev2 == EV_NAME || ev2 == EV_WEAK)) ||
           (ev == EV_WEAK && ev2 == EV_NAME && !(g2 & 4));
}

/* A street type within the three words after token last ("adam clayton powell jr blvd"). */
static int
place_soon(const char *s, const struct ntok *t, size_t nt, size_t last)
{
    size_t k;

    for (k = last + 1; k < nt && k <= last + 3; k++) {
        /* not across a line break or a comma: "bracha teitelbaum\n511 Richmond Ter" */
        for (size_t q = t[k - 1].e; q < t[k].b; q++) {
            if (s[q] == '\n' || s[q] == ',' || s[q] == ';') {
                return 0;
            }
        }
        /* nor past a house number: "maeve castillo at 5785 park ave" lives there */
        if (tx_digit((unsigned char)s[t[k].b])) {
            return 0;
        }
        if (tn_in_list_tok(s, t[k].b, t[k].e, &tn_place_after_set)) {
            return 1;
        }
    }
    return 0;
}

/* Is the word after token t "family" or "household" ("the Karimov family")? */
static int
family_after(const char *s, size_t n, const struct ntok *t)
{
    size_t b = t->e, e;

    if (b >= n || s[b] != ' ') {
        return 0;
    }
    b++;
    for (e = b; e < n && tx_alpha((unsigned char)s[e]); e++) {
    }
    return (e - b == 6 && tx_ieq(s, b, e, "family")) ||
           (e - b == 9 && tx_ieq(s, b, e, "household"));
}

/*
 * A name written in lower case ("landlord vito d'amico", "client nadege joseph"): a known
 * given name or surname that is not an English word, then a surname-like word, after a
 * title or role, or a frequent given name first. Returns the last token or 0.
 */
static int
lower_name(const char *s, size_t n, const struct ntok *t, size_t nt, size_t i, signed char *evc,
           signed char *gvc, size_t *last, int lab)
{
    int g, g2, ev, ev2 = EV_STOP, cue, cued;

    /* "permit holder r. tanaka": after a title or role, an initial and a surname */
    if (t[i].e - t[i].b == 1 && t[i].dot > t[i].e && i + 1 < nt && !t[i + 1].cap &&
        t[i + 1].alpha && t[i + 1].e - t[i + 1].b >= 2 && tn_adjacent(s, &t[i], &t[i + 1], 0)) {
        ev2 = tn_ev_of(s, t, i + 1, evc, gvc, &g2);
        if ((ev2 == EV_NAME || ev2 == EV_WEAK) &&
            ((cue = cue_before(s, t, i)) == 1 || cue == 2 ||
             (lab && (tn_email_after(s, n, t[i + 1].e) || tn_dob_after(s, n, t[i + 1].e))))) {
            *last = i + 1;
            return 1;
        }
        return 0;
    }
    if (t[i].e - t[i].b < 2 || t[i].dot > t[i].e) {
        return 0;
    }
    ev = tn_ev_of(s, t, i, evc, gvc, &g);
    if (ev == EV_STOP || (ev == EV_WORD && !(g & 4))) {
        return 0; /* most words of lower-case text: no lookup of the words before them */
    }
    /* "bill d. white", "luis c. yilmaz": a given name, a middle initial, a surname */
    if ((ev == EV_NAME || ev == EV_WEAK || (ev == EV_WORD && (g & 4))) && i + 2 < nt &&
        t[i + 1].e - t[i + 1].b == 1 && t[i + 1].dot > t[i + 1].e && t[i + 1].alpha &&
        !t[i + 2].cap && t[i + 2].alpha && t[i + 2].e - t[i + 2].b >= 2 &&
        tn_adjacent(s, &t[i], &t[i + 1], 0) && tn_adjacent(s, &t[i + 1], &t[i + 2], 0)) {
        int g3, ev3 = tn_ev_of(s, t, i + 2, evc, gvc, &g3);

        if (ev3 == EV_NAME || ev3 == EV_WEAK || (ev3 == EV_WORD && (g3 & 2))) {
            *last = i + 2;
            return 1;
        }
    }
    /* "for siobhan faith dob 2/25/1934", "by yusuf sharp (gunner@...)": a name, then its
     * birth date's label or its e-mail address */
    if (lab && (ev == EV_NAME || ev == EV_WEAK || (g & 4)) && t[i].e - t[i].b >= 3 &&
        !tn_cue_word(s, &t[i])) {
        size_t l = i;

        if (i + 1 < nt && !t[i + 1].cap && t[i + 1].alpha && t[i + 1].e - t[i + 1].b >= 2 &&
            tn_adjacent(s, &t[i], &t[i + 1], 0)) {
            ev2 = tn_ev_of(s, t, i + 1, evc, gvc, &g2);
            if (ev2 == EV_NAME || ev2 == EV_WEAK || (ev2 == EV_WORD && (g2 & 6))) {
                l = i + 1;
            }
        }
        if ((ev != EV_WORD || l > i) && (ev == EV_NAME || l > i || tn_vowels(s, &t[i]) >= 2) &&
            tn_possessive_named(s, &t[l]) &&
            (tn_dob_after(s, n, t[l].e) || tn_email_after(s, n, t[l].e))) {
            *last = l;
            return 1;
        }
        ev2 = EV_STOP;
    }
    if (ev == EV_WORD) {
        /* "thx - lance", "my name is rose", "officer bill": a given name that is also a
         * word, after a sign-off, a title or "my name is" */
        if ((g & 4) && cue_before(s, t, i) == 2) {
            *last = i;
            return 1;
        }
        return 0;
    }
    /* "peggy said she would", "farzana stated": a known name before a verb of speech (not
     * the end of a firm's name: "con ed says") */
    if (ev == EV_NAME && (g & 4) && t[i].e - t[i].b >= 3 && tn_speech_after(s, n, t[i].e) == 1 &&
        !(i > 0 && tn_adjacent(s, &t[i - 1], &t[i], 0) &&
          tn_in_list_tok(s, t[i - 1].b, t[i - 1].e, &tn_deny_set))) {
        *last = i;
        return 1;
    }
    cue = cue_before(s, t, i);
    cued = cue == 1 || cue == 2;
    /* "reported by guerline richardson.", "for aram okafor": after "by", "for", "with" a
     * given name (or a word no list knows) and a frequent surname that is no English
     * word */
    if (cue == 3 && (ev == EV_NAME || (ev == EV_WEAK && tn_vowels(s, &t[i]) >= 2)) && i + 1 < nt &&
        !t[i + 1].cap && t[i + 1].alpha && t[i + 1].e - t[i + 1].b >= 3 &&
        tn_adjacent(s, &t[i], &t[i + 1], 0) && tn_ev_of(s, t, i + 1, evc, gvc, &g2) == EV_NAME &&
        (g2 & 2)) {
        *last = i + 1;
        return 1;
    }
    /* "luz from apt 8a", "oksana in #4d": a name, then the unit the person lives in */
    if (ev == EV_NAME && t[i].e - t[i].b >= 3 && tn_unit_after(s, n, t[i].e) &&
        !tn_cue_word(s, &t[i])) {
        *last = i;
        return 1;
    }
    if (!(ev == EV_NAME || (cued && ev == EV_WEAK)) || !(cued || (g & 1))) {
        return 0;
    }
    if (i + 1 < nt && !t[i + 1].cap && t[i + 1].alpha && t[i + 1].e - t[i + 1].b >= 3 &&
        tn_adjacent(s, &t[i], &t[i + 1], 0)) {
        ev2 = tn_ev_of(s, t, i + 1, evc, gvc, &g2);
    }
    if (ev2 == EV_NAME || (ev == EV_NAME && ev2 == EV_WEAK) || (cue == 2 && ev2 == EV_WEAK)) {
        *last = i + 1;
        return 1;
    }
    if (ev != EV_NAME && !(cue == 2 && ev == EV_WEAK)) {
        return 0;
    }
    /* "my daughter fatoumata (c)", "the super yetunde keeps": a known name alone after
     * the role; after a title ("mr o'sullivan", "detective begum") any name-like word */
    if ((cued && (g & 6)) || cue == 2 ||
        (cued && t[i].e - t[i].b >= 4 && tn_verb_after(s, n, t[i].e))) {
        *last = i;
        return 1;
    }
    return 0;
}

/* The run from the initials t[i]: its surname, and a second one after a hyphen or a
 * particle ("T.N. DELA PEÑA", "R.E. Ben-David") as extend() takes it. */
static size_t
hyphen_cut_ok(const char *s, size_t n, const struct ntok *t, size_t nt, size_t i, int caps_text,
              signed char *evc, signed char *gvc)
{
    size_t last = extend(s, n, t, nt, i + 1, caps_text, 1, evc, gvc);

    return last > i + 2 ? i + 1 : last;
}

int
odp_text_person(const char *s, size_t n, size_t start, size_t *ms, size_t *me)
{
    struct ntok t[NM_MAX_TOK];
    signed char evc[NM_MAX_TOK], gvc[NM_MAX_TOK];
    size_t nt, i, lows = 0, ups = 0;
    int caps_text, desc, lab;

    /* ALL-CAPS text: capitals carry no information */
    tn_count_case(s, n, &lows, &ups);
    caps_text = lows * 8 < ups;
    desc = tn_has_descriptor(s, n);
    lab = tn_has_label(s, n);
    for (;;) {
        size_t from = start, back = 0;

        /* the two words before start are context ("Esther and | Nusrat") */
        while (from > 0 && back < 2) {
            while (from > 0 && !tx_alnum((unsigned char)s[from - 1]) && start - from < 48) {
                from--;
            }
            while (from > 0 &&
                   (tx_alnum((unsigned char)s[from - 1]) || (unsigned char)s[from - 1] >= 0x80) &&
                   start - from < 48) {
                from--;
            }
            back++;
        }
        if (from > 0 &&
            (tx_alnum((unsigned char)s[from - 1]) || (unsigned char)s[from - 1] >= 0x80)) {
            from = start; /* cut inside a word: no context */
        }
        nt = tn_tokenize(s, n, from, t, NM_MAX_TOK);
        memset(evc, -1, sizeof(evc));
        for (i = 0; i < nt; i++) {
            int cue, ev, g, ev2 = EV_STOP, g2 = 0, next_lower, sp;
            size_t last, pe;

            if (!t[i].cap && !caps_text && t[i].alpha && t[i].b >= start &&
                (t[i].e - t[i].b >= 2 || t[i].dot > t[i].e)) {
                /* a name in lower case: its cue or a frequent given name decides */
                size_t l2 = i;

                if (((lower_name(s, n, t, nt, i, evc, gvc, &l2, lab) &&
                      !tn_place_run(s, n, t, nt, i, l2, 1)) ||
                     (l2 = tn_pair_signed(s, n, t, nt, i, caps_text, evc, gvc)) != 0) &&
                    !place_soon(s, t, nt, l2)) {
                    *ms = t[i].b;
                    *me = t[l2].e;
                    return 1;
                }
                continue;
            }
            if (!t[i].cap || !t[i].alpha || t[i].b < start) {
                continue;
            }
            /* inside a replacement token "[PERSON]" */
            if (t[i].b > 0 && s[t[i].b - 1] == '[' && t[i].e < n && s[t[i].e] == ']') {
                continue;
            }
            /* "CALLER DE JESÚS", "Respondent van der Berg": particles and a surname */
            if ((pe = particle_end(s, n, t, nt, i, caps_text, evc, gvc)) != 0 &&
                ((cue = cue_before(s, t, i)) == 1 || cue == 2)) {
                last = extend(s, n, t, nt, pe, caps_text, 1, evc, gvc);
                if (!tn_place_run(s, n, t, nt, i, last, 1)) {
                    *ms = t[i].b;
                    *me = tn_run_end(t, last);
                    return 1;
                }
                i = last;
                continue;
            }
            ev = tn_ev_of(s, t, i, evc, gvc, &g);
            if (ev == EV_STOP) {
                /* "Sr. SUN", "Ms. May", "Respondent Jun M.": a deny-listed word (month,
                 * weekday, borough ...) that a title, or a role and an initial, name */
                if (stop_reject(s, &t[i])) {
                    /* "Mr. Day", "DR. WALL": a surname that is also a common word */
                    if (!honorific_before(s, t, i) ||
                        !(tn_word_surname(s, &t[i]) || eponym_possessive(s, &t[i]))) {
                        continue;
                    }
                    cue = 2;
                } else {
                    int g1 = 0, ev1 = EV_STOP;

                    cue = cue_before(s, t, i);
                    /* "Respondent April McCarthy", "JUNE MCLAUGHLIN (APT": a given name
                     * that is also a month, and a surname that is no English word */
                    if (i + 1 < nt && t[i + 1].cap && !t[i + 1].initial &&
                        tn_adjacent(s, &t[i], &t[i + 1], 0) && t[i].dot == t[i].e) {
                        ev1 = tn_ev_of(s, t, i + 1, evc, gvc, &g1);
                    }
                    if (!(cue == 2 ||
                          (cue == 1 && i + 1 < nt && t[i + 1].initial &&
                           tn_adjacent(s, &t[i], &t[i + 1], 0)) ||
                          (((ev1 == EV_NAME && (g1 & 2) && !(g1 & 4) && cue != 3 &&
                             !tn_sentence_start(s, t[i].b)) ||
                            /* "PLUMBER MAY MACARAEG", "Tenant April Okafor": after a
                             * role, any surname that is no English word */
                            (cue == 1 && (ev1 == EV_WEAK || ev1 == EV_NAME) &&
                             t[i + 1].e - t[i + 1].b >= 3)) &&
                           tn_month_given(s, &t[i])))) {
                        continue;
                    }
                }
                ev = EV_WEAK;
            } else {
                cue = cue_before(s, t, i);
            }
            /* "Recyc.", "Bldg.": an unknown word cut short by a dot is an abbreviation;
             * a longer one before a capital or the end is a sentence's end ("my wife
             * Mehwish. The ...") */
            if (ev == EV_WEAK && !t[i].initial && t[i].dot > t[i].e && cue != 2 &&
                (t[i].e - t[i].b <= 6 || !tn_plain_cap(s, &t[i]) ||
                 (t[i].dot + 1 < n && s[t[i].dot] == ' ' &&
                  !tx_upper((unsigned char)s[t[i].dot + 1])))) {
                continue;
            }
            /* "Arjun,\n\nThank you", "Tomasz, can you", "Kalliopi - GO BACK": a name
             * called at the start of a line, a quote or an answer */
            if ((ev == EV_NAME || ev == EV_WEAK) && !t[i].initial && cue == 0 &&
                t[i].dot == t[i].e && !tn_cue_word(s, &t[i]) && tn_line_start(s, t[i].b)) {
                last = extend(s, n, t, nt, i, caps_text, 0, evc, gvc);
                if (last <= i + 1 && tn_vocative_after(s, n, tn_run_end(t, last)) &&
                    !tn_place_run(s, n, t, nt, i, last, 0)) {
                    *ms = t[i].b;
                    *me = tn_run_end(t, last);
                    return 1;
                }
            }
            /* "Cormac's mother", "Tian's teacher": a possessive before a relation */
            if ((ev == EV_NAME || ev == EV_WEAK) && !t[i].initial &&
                tn_relation_after(s, n, t[i].e)) {
                struct ntok base = t[i];
                int gb;

                base.e -= 2; /* the name without its 's: not "Petitioner's attorney" */
                base.dot = base.e;
                if (base.e > base.b + 1 && !tn_cue_word(s, &base) &&
                    (evidence(s, &base, &gb) == EV_NAME || evidence(s, &base, &gb) == EV_WEAK)) {
                    *ms = t[i].b;
                    *me = t[i].e;
                    return 1;
                }
            }
            /* "Kwame Hill dob 06-07-1992", "by KIMBERLY PRICE (kp@aol.com)": a name, then
             * its birth date's label or its e-mail address */
            if ((ev == EV_NAME || ev == EV_WEAK || ev == EV_WORD) && lab &&
                (last = tn_labelled_run(s, n, t, nt, i, evc, gvc)) != 0) {
                *ms = t[i].b;
                *me = tn_run_end(t, last);
                return 1;
            }
            /* an all-caps word in mixed-case text is an acronym (RRH, ALT, COVID) unless
             * a title or role names a person before it */
            if (!caps_text && t[i].allcap && !t[i].initial && t[i].e - t[i].b >= 2 &&
                (cue == 0 || cue == 3 || cue == 4 ||
                 (cue == 1 && ev != EV_NAME &&
                  (t[i].e - t[i].b <= 3 || !tn_has_vowel(s, &t[i])))) &&
                !caps_comma_name(s, n, t, nt, i, ev, evc, gvc)) {
                if (caps_pair_name(s, t, nt, i, ev, g, evc, gvc) &&
                    !tn_place_run(s, n, t, nt, i, i + 1, 0)) {
                    *ms = t[i].b;
                    *me = tn_run_end(t, i + 1);
                    return 1;
                }
                /* "as GRAY, Nadia.", "LOVE, Mark F. of Glasgow" */
                if (i + 1 < nt && s[t[i].e] == ',' &&
                    (last = tn_comma_name(s, n, t, nt, i, evc, gvc)) != 0) {
                    *ms = t[i].b;
                    *me = tn_run_end(t, last);
                    return 1;
                }
                continue;
            }
            /* "the Karimov family", "KOWALSKI FAMILY": a surname before family */
            if ((ev == EV_NAME || (ev == EV_WEAK && !t[i].initial && t[i].dot == t[i].e)) &&
                family_after(s, n, &t[i]) && !tn_place_run(s, n, t, nt, i, i, 1)) {
                *ms = t[i].b;
                *me = t[i].e;
                return 1;
            }
            if ((cue == 1 || cue == 2) && (last = tn_slash_name(s, n, t, nt, i, evc, gvc)) != 0) {
                *ms = t[i].b; /* "CALLER BUTT/RABIA": LAST/FIRST after a role */
                *me = t[last].e;
                return 1;
            }
            if (i + 1 < nt && t[i + 1].cap && tn_adjacent(s, &t[i], &t[i + 1], 1)) {
                ev2 = tn_ev_of(s, t, i + 1, evc, gvc, &g2);
            }
            if (cue == 4) {
                int gx, evx = tn_ev_of(s, t, i - 2, evc, gvc, &gx);

                cue = evx == EV_NAME || evx == EV_WEAK ? 1 : 3;
            }
            next_lower = i + 1 < nt && !t[i + 1].cap;
            if (cue == 2 ||
                (cue == 1 &&
                 (ev == EV_NAME || ev == EV_WEAK ||
                  (!caps_text && ev == EV_WORD && ev2 >= EV_WEAK) ||
                  /* "Respondent Guy Waters", "MOTHER ROSE LITTLE": a given name
                   * and a frequent surname, both English words too */
                  (ev == EV_WORD && ev2 == EV_WORD && (g2 & 2) && (caps_text ? (g & 1) : (g & 4)) &&
                   tn_adjacent(s, &t[i], &t[i + 1], 0)) ||
                  /* "father Mark Bear is": in mixed case a known given name and any
                   * surname the tables know, capitalised after the role, then no capital */
                  (!caps_text && ev == EV_WORD && ev2 == EV_WORD && (g & 4) && (g2 & 8) &&
                   !tn_state_word(s, &t[i]) && !t[i].allcap && !t[i + 1].allcap &&
                   tn_adjacent(s, &t[i], &t[i + 1], 0) &&
                   !(i + 2 < nt && t[i + 2].cap && tn_adjacent(s, &t[i + 1], &t[i + 2], 0))) ||
                  /* "COMPLAINANT WASHINGTON DISPUTES", "SUPER DAWN ENTERED": a
                   * frequent surname or a known given name after a role, in capitals,
                   * then a verb */
                  (caps_text && ev == EV_WORD && (g & 6) && !tn_cue_word(s, &t[i]) &&
                   tn_verb_after(s, n, t[i].e)) ||
                  /* "via super Rose;", "Supervisor Wood approved" */
                  (!caps_text && ev == EV_WORD && (g & 6) && !t[i].allcap &&
                   !tn_sentence_start(s, t[i].b) &&
                   (i + 1 >= nt || !t[i + 1].cap || !tn_adjacent(s, &t[i], &t[i + 1], 0))) ||
                  (ev == EV_WORD && (g & 4) && (ev2 == EV_NAME || ev2 == EV_WEAK)))) ||
                (cue == 3 && ((ev == EV_NAME && ((g & 1) || ev2 >= EV_WEAK)) ||
                              (ev == EV_WEAK && ev2 >= EV_WEAK && (ev2 == EV_NAME || !caps_text)) ||
                              (!caps_text && next_lower && (ev == EV_NAME || ev == EV_WEAK)) ||
                              (caps_text && ev == EV_NAME && (g & 4)) ||
                              /* "FOR ASHOT KARAPETYAN", "BY NIMCO WARSAME": two words no
                               * list knows, with vowels (no acronyms), in capitals */
                              (caps_text && ev == EV_WEAK && ev2 == EV_WEAK && !t[i].initial &&
                               t[i].e - t[i].b >= 3 && t[i + 1].e - t[i + 1].b >= 3 &&
                               tn_has_vowel(s, &t[i]) && tn_has_vowel(s, &t[i + 1]) &&
                               (tn_vowels(s, &t[i]) >= 2 || tn_vowels(s, &t[i + 1]) >= 2) &&
                               tn_vowels(s, &t[i]) * 4 > t[i].e - t[i].b &&
                               tn_vowels(s, &t[i + 1]) * 4 > t[i + 1].e - t[i + 1].b &&
                               tn_adjacent(s, &t[i], &t[i + 1], 0))))) {
                /* "Smith, J" / "SMITH, J" / "Smith, Maria" */
                if (i + 1 < nt && s[t[i].e] == ',' && tn_adjacent(s, &t[i], &t[i + 1], 1) &&
                    (tn_real_initial(s, n, &t[i + 1]) || ev2 == EV_NAME || ev2 == EV_WEAK ||
                     (ev2 == EV_WORD && (g2 & 4)))) {
                    last = extend(s, n, t, nt, i + 1, caps_text, 1, evc, gvc);
                } else {
                    last = extend(s, n, t, nt, i, caps_text, 1, evc, gvc);
                }
                last = tn_hyphen_cut(s, t, i, last);
                if (tn_place_run(s, n, t, nt, i, last, cue == 1 || cue == 2)) {
                    i = last;
                    continue;
                }
                /* a lone capital letter; but "CW W.F. met", "Signed: K.K." are initials */
                if (t[i].initial && last == i && cue != 2 &&
                    !(t[i].e - t[i].b == 3 && t[i].dot > t[i].e && !tn_abbrev_initials(s, &t[i]) &&
                      !(t[i].dot + 1 < n && s[t[i].dot] == ' ' &&
                        tx_digit((unsigned char)s[t[i].dot + 1])))) {
                    continue;
                }
                *ms = t[i].b;
                *me = tn_run_end(t, last);
                return 1;
            }
            /* "From: Levan Beridze <levan_beridze@...>": the name an e-mail address is
             * written after */
            if ((ev == EV_NAME || ev == EV_WEAK || (ev == EV_WORD && (g & 6))) && !t[i].initial &&
                !tn_cue_word(s, &t[i])) {
                size_t l3 = extend(s, n, t, nt, i, 0, 1, evc, gvc);

                if (tn_email_after(s, n, tn_run_end(t, l3))) {
                    *ms = t[i].b;
                    *me = tn_run_end(t, l3);
                    return 1;
                }
            }
            /* "A.H. Green of Cleveland", "C.G. BROOKS AND": two initials with their dots,
             * then a surname, even one that is an English word (not "U.S. Army") */
            if (t[i].initial && t[i].e - t[i].b == 3 && t[i].dot > t[i].e && i + 1 < nt &&
                !tn_abbrev_initials(s, &t[i]) && t[i + 1].cap && t[i + 1].alpha &&
                !t[i + 1].initial && t[i + 1].e - t[i + 1].b >= 2 &&
                tn_adjacent(s, &t[i], &t[i + 1], 0) && !tn_cue_word(s, &t[i + 1]) &&
                !tn_determiner_before(s, t[i].b)) {
                int g1, ev1 = tn_ev_of(s, t, i + 1, evc, gvc, &g1);

                last = hyphen_cut_ok(s, n, t, nt, i, caps_text, evc, gvc);
                /* (cued: "Green" after initials is a surname, "Green St" still a street) */
                if ((ev1 == EV_NAME || ev1 == EV_WEAK || (ev1 == EV_WORD && (g1 & 2))) &&
                    !tn_place_run(s, n, t, nt, i, last, 1)) {
                    *ms = t[i].b;
                    *me = tn_run_end(t, last);
                    return 1;
                }
            }
            /* "GUY WISE III", "Rose Price Sr.": two capitalised words and a suffix */
            if (!t[i].initial && i + 2 < nt && t[i + 1].cap && t[i + 1].alpha &&
                !t[i + 1].initial && tn_adjacent(s, &t[i], &t[i + 1], 0) &&
                tn_adjacent(s, &t[i + 1], &t[i + 2], 0) && tn_name_suffix(s, &t[i + 2]) &&
                (ev == EV_NAME || ev == EV_WEAK || (g & 4)) && !tn_cue_word(s, &t[i]) &&
                !tn_cue_word(s, &t[i + 1]) && !tn_place_run(s, n, t, nt, i, i + 2, 0)) {
                int g1, ev1 = tn_ev_of(s, t, i + 1, evc, gvc, &g1);

                if (ev1 != EV_STOP) {
                    *ms = t[i].b;
                    *me = t[i + 2].dot > t[i + 2].e ? t[i + 2].dot : t[i + 2].e;
                    return 1;
                }
            }
            /* "ABENA K. CHOI", "Chase E. Haddad": a given name, a middle initial with its
             * dot, a surname; English words too when they are frequent names */
            if (!t[i].initial && i + 2 < nt && tn_real_initial(s, n, &t[i + 1]) &&
                t[i + 1].e - t[i + 1].b == 1 && t[i + 1].dot > t[i + 1].e && t[i + 2].cap &&
                t[i + 2].alpha && !t[i + 2].initial && tn_adjacent(s, &t[i], &t[i + 1], 0) &&
                tn_adjacent(s, &t[i + 1], &t[i + 2], 0) && !tn_versus(s, n, &t[i + 1]) &&
                !tn_cue_word(s, &t[i]) && (ev == EV_NAME || ev == EV_WEAK || (g & 4))) {
                int g3, ev3 = tn_ev_of(s, t, i + 2, evc, gvc, &g3);

                if ((ev3 == EV_NAME || ev3 == EV_WEAK || (ev3 == EV_WORD && (g3 & 2))) &&
                    !tn_place_run(s, n, t, nt, i, i + 2, 0)) {
                    *ms = t[i].b;
                    *me = t[i + 2].e;
                    return 1;
                }
            }
            /*
             * No cue: a given name and a surname-like token or an initial ("Maria Okafor",
             * "J. Smith"); in mixed-case text also two name-like capitalised tokens, one of
             * them a known name, that do not start a sentence ("... that Nusrat Santiago").
             */
            if (i + 1 < nt && tn_adjacent(s, &t[i], &t[i + 1], 0) && t[i + 1].cap &&
                (t[i].dot == t[i].e || (t[i].initial && t[i].e - t[i].b == 1)) &&
                (((g & 1) && ev != EV_WORD &&
                  (ev2 == EV_NAME || ev2 == EV_WEAK || t[i + 1].initial ||
                   (ev2 == EV_WORD && (g2 & 2)))) ||
                 (t[i].initial && !tn_versus(s, n, &t[i]) && ev2 == EV_NAME && t[i].dot > t[i].e) ||
                 /* "H. GRANT, DATE OF BIRTH": an initial and a frequent surname, alone */
                 (t[i].initial && !tn_versus(s, n, &t[i]) && t[i].dot > t[i].e && ev2 == EV_WORD &&
                  (g2 & 2) && t[i + 1].dot == t[i + 1].e &&
                  (tn_clause_end(s, n, t[i + 1].e) ||
                   (!caps_text && i > 0 && !t[i - 1].cap && t[i - 1].alpha &&
                    t[i - 1].e + 1 == t[i].b))) ||
                 (caps_text && ((ev == EV_NAME && (g2 & 1) && ev2 == EV_NAME) ||
                                ((g & 1) && ev == EV_NAME && ev2 == EV_NAME) ||
                                (ev == EV_WEAK && !t[i].initial && (g2 & 1) && ev2 == EV_NAME))) ||
                 (!caps_text && (ev == EV_NAME || ev == EV_WEAK) &&
                  (ev2 == EV_NAME || ev2 == EV_WEAK) && (ev == EV_NAME || ev2 == EV_NAME) &&
                  !tn_sentence_start(s, t[i].b)))) {
                if (caps_text && tn_cue_word(s, &t[i])) {
                    continue; /* "PIC IMRAN ...": the role word before a name */
                }
                last = tn_hyphen_cut(s, t, i, extend(s, n, t, nt, i, caps_text, 0, evc, gvc));
                if (last == i && t[i].initial && t[i].e - t[i].b == 1) {
                    last = i + 1; /* "J. Smith": the surname is an English word too */
                }
                if (last == i + 1 && t[i + 1].initial && caps_text) {
                    continue;
                }
                if (tn_place_run(s, n, t, nt, i, last, 0)) {
                    i = last;
                    continue;
                }
                *ms = t[i].b;
                *me = tn_run_end(t, last);
                return 1;
            }
            /* Tou "Tank" Patel: a name, a nickname in quotes and a surname, anywhere */
            if (ev != EV_STOP && !t[i].initial && t[i].dot == t[i].e && !tn_cue_word(s, &t[i]) &&
                i + 1 < nt && tn_nickname_end(s, n, t, nt, i + 1) != 0) {
                last = extend(s, n, t, nt, i, caps_text, 1, evc, gvc);
                if (last > i && !tn_place_run(s, n, t, nt, i, last, 1)) {
                    *ms = t[i].b;
                    *me = tn_run_end(t, last);
                    return 1;
                }
            }
            /* "Anil Menon posted a blight ticket": a name with no cue, then an act; "Kalinda
             * Iwu, kiwu@me.com": a name signed, then a way to reach the person */
            if (ev != EV_STOP &&
                ((last = tn_pair_speaks(s, n, t, nt, i, caps_text, evc, gvc)) != 0 ||
                 (last = tn_pair_signed(s, n, t, nt, i, caps_text, evc, gvc)) != 0)) {
                *ms = t[i].b;
                *me = t[last].e;
                return 1;
            }
            /* "Then Gurpreet told the super", "juliana, who signs", "Abena was not home":
             * a name before a verb of speech, a relative clause or (a known name only) a
             * denial: not "Recyc was not picked up", "Mgmt reported" */
            if ((ev == EV_NAME || ev == EV_WEAK) && !t[i].initial && !tn_cue_word(s, &t[i]) &&
                (!t[i].allcap || (caps_text && ev == EV_NAME && (g & 4))) && t[i].dot == t[i].e &&
                (sp = tn_speech_after(s, n, t[i].e)) != 0 &&
                (ev == EV_NAME || (sp == 1 && tn_has_vowel(s, &t[i]))) &&
                /* "at Ralph's will", "the dog Rocky will be inside" */
                !(t[i].e - t[i].b > 2 && s[t[i].e - 2] == '\'') &&
                !(sp == 2 && tn_animal_before(s, t[i].b)) &&
                /* the last word of a longer name is no one's ("Con Ed says") */
                !(i > 0 && t[i - 1].cap && tn_adjacent(s, &t[i - 1], &t[i], 0) &&
                  !tn_in_list_tok(s, t[i - 1].b, t[i - 1].e, &tn_function_set)) &&
                !tn_place_run(s, n, t, nt, i, i, 0)) {
                *ms = t[i].b;
                *me = t[i].e;
                return 1;
            }
            /* "Client reports Jiayi (44) is staying": a name followed by an age;
             * "RAJESH 917-555-0134": by a phone number; "Mark upstairs in apt 18H": by
             * the unit the person lives in (a given name that is also a word too) */
            if ((ev == EV_NAME || ev == EV_WEAK || (ev == EV_WORD && (g & 4) && !t[i].allcap)) &&
                !t[i].initial && !tn_cue_word(s, &t[i]) &&
                (tn_unit_after(s, n, t[i].e) ||
                 (ev != EV_WORD &&
                  (tn_age_after(s, n, t[i].e) ||
                   (tn_phone_after(s, n, t[i].e) && !tn_phone_label(s, t[i].b, t[i].e))))) &&
                !tn_place_run(s, n, t, nt, i, i, 0)) {
                *ms = t[i].b;
                *me = t[i].e;
                return 1;
            }
            /* "SUBJECT RAY KAMAU M/B AGE 25": a name, then its sex and race */
            if (desc && (ev == EV_NAME || ev == EV_WEAK) && !t[i].initial &&
                !tn_cue_word(s, &t[i])) {
                int gl;

                last = extend(s, n, t, nt, i, caps_text, 0, evc, gvc);
                /* a known name in it ("PERP DESC M/H/39": an abbreviation, no one) */
                if (last <= i + 2 && tn_descriptor_after(s, n, tn_run_end(t, last)) &&
                    (ev == EV_NAME || tn_ev_of(s, t, last, evc, gvc, &gl) == EV_NAME) &&
                    !tn_place_run(s, n, t, nt, i, last, 0)) {
                    *ms = t[i].b;
                    *me = tn_run_end(t, last);
                    return 1;
                }
            }
            /* "... call me back. - Gurpreet Dhillon": a name signed at the end of the text */
            if ((ev == EV_NAME || ev == EV_WEAK) && !t[i].initial && !tn_cue_word(s, &t[i]) &&
                tn_dash_before(s, t[i].b)) {
                int gl;

                last = extend(s, n, t, nt, i, caps_text, 0, evc, gvc);
                if (tn_text_ends(s, n, tn_run_end(t, last)) && last <= i + 3 &&
                    (last > i ? ev == EV_NAME || tn_ev_of(s, t, last, evc, gvc, &gl) == EV_NAME
                              : ev == EV_NAME && (g & 5)) &&
                    !tn_place_run(s, n, t, nt, i, last, 0)) {
                    *ms = t[i].b;
                    *me = tn_run_end(t, last);
                    return 1;
                }
            }
            /* "Mykola Gill (petitioner)", "Amber (daughter, 4)": a party or a relative
             * named by the role after it (a given name that is also a word too) */
            if ((ev == EV_NAME || ev == EV_WEAK || (ev == EV_WORD && (g & 4) && !t[i].allcap)) &&
                !t[i].initial) {
                last = extend(s, n, t, nt, i, caps_text, 1, evc, gvc);
                if (tn_role_after(s, n, tn_run_end(t, last)) &&
                    !tn_place_run(s, n, t, nt, i, last, 1)) {
                    *ms = t[i].b;
                    *me = tn_run_end(t, last);
                    return 1;
                }
            }
            /* "Jian and Bernadette were home", "Volodymyr and Agnieszka tried knocking":
             * two given names joined by "and", then a lower-case word (mixed-case text);
             * one known given name at least, the other a name or an unknown word, not
             * the same word twice ("Johnson and Johnson") */
            if (!caps_text && (ev == EV_NAME || ev == EV_WEAK) && !t[i].initial && !t[i].allcap &&
                t[i].dot == t[i].e && i + 3 < nt && tx_ieq(s, t[i + 1].b, t[i + 1].e, "and") &&
                tn_adjacent(s, &t[i], &t[i + 1], 0) && t[i + 2].cap && !t[i + 2].allcap &&
                !t[i + 2].initial && tn_adjacent(s, &t[i + 1], &t[i + 2], 0) && !t[i + 3].cap &&
                tn_adjacent(s, &t[i + 2], &t[i + 3], 0) && !tn_cue_word(s, &t[i]) &&
                !(t[i].e - t[i].b == t[i + 2].e - t[i + 2].b &&
                  memcmp(s + t[i].b, s + t[i + 2].b, t[i].e - t[i].b) == 0)) {
                int g1, ev1 = tn_ev_of(s, t, i + 2, evc, gvc, &g1);

                struct tx_word pw[1];

                if ((ev1 == EV_NAME || ev1 == EV_WEAK) && ((g & 4) || (g1 & 4)) &&
                    ((g & 4) || tn_vowels(s, &t[i]) >= 2) &&
                    ((g1 & 4) || tn_vowels(s, &t[i + 2]) >= 2) &&
                    /* "his neighbor's dogs Duke and Bella dig" */
                    !(tx_prev_words(s, t[i].b, pw, 1) == 1 && tx_has(&tn_animal_set, pw[0].lc)) &&
                    !tn_place_run(s, n, t, nt, i, i, 0) &&
                    !tn_place_run(s, n, t, nt, i + 2, i + 2, 0)) {
                    *ms = t[i].b;
                    *me = t[i].e;
                    return 1;
                }
            }
            /* "Moshe came to the office": a frequent given name starting a sentence,
             * then a lower-case word (mixed-case text) */
            if (!caps_text && ev == EV_NAME && (g & 1) && t[i].dot == t[i].e && i + 1 < nt &&
                !t[i + 1].cap && tn_adjacent(s, &t[i], &t[i + 1], 0) &&
                tn_sentence_start(s, t[i].b) && !tn_place_run(s, n, t, nt, i, i, 0)) {
                *ms = t[i].b;
                *me = t[i].e;
                return 1;
            }
            /* "SW helped Babajide replace", "told Rajesh we hope": a known given name that
             * is no English word, capitalised after a lower-case word inside a sentence of
             * mixed-case text, alone (not the start of a longer proper noun); in capitals
             * only after a verb said to or done for a person ("TOLD BRIDGET WE HOPE") */
            if (ev == EV_NAME && (g & 4) && (caps_text ? tn_told_before(s, &t[i]) : !t[i].allcap) &&
                t[i].dot == t[i].e && i > 0 &&
                (caps_text || !t[i - 1].cap ||
                 /* "Told Rajesh we hope": a verb that starts the sentence */
                 (tn_sentence_start(s, t[i - 1].b) && tn_told_before(s, &t[i]))) &&
                t[i - 1].alpha && tn_adjacent(s, &t[i - 1], &t[i], 0) &&
                !(!caps_text && i + 1 < nt && t[i + 1].cap &&
                  tn_adjacent(s, &t[i], &t[i + 1], 0)) &&
                !tn_cue_word(s, &t[i]) && tn_lone_given_ok(s, n, t, nt, i) &&
                !tn_place_run(s, n, t, nt, i, i, 0)) {
                last = caps_text ? extend(s, n, t, nt, i, caps_text, 1, evc, gvc) : i;
                *ms = t[i].b;
                *me = tn_run_end(t, last);
                return 1;
            }
            /* "Tran, Aigerim signed", "GRAY, Nadia.", "Ward, Guy came", "LOVE, Mark F. of":
             * a surname, a comma, a known given name (or one no list knows after a known
             * surname), perhaps a middle initial, then a verb or the clause's end */
            if (i + 1 < nt && s[t[i].e] == ',' &&
                (last = tn_comma_name(s, n, t, nt, i, evc, gvc)) != 0) {
                *ms = t[i].b;
                *me = tn_run_end(t, last);
                return 1;
            }
            /* "Okafor, Maria" / "OKAFOR, M" with no cue: surname, comma, given or initial */
            if (i + 1 < nt && s[t[i].e] == ',' && tn_adjacent(s, &t[i], &t[i + 1], 1) &&
                (ev == EV_NAME || ev == EV_WEAK || (ev == EV_WORD && (g & 2))) &&
                ((tn_real_initial(s, n, &t[i + 1]) &&
                  (ev != EV_WORD || t[i + 1].e - t[i + 1].b == 1)) ||
                 ((g2 & 1) && ev2 == EV_NAME) ||
                 /* "Smith, Maria"; "Zielinski, Piotr —": a known surname, a given name
                  * the tables do not know, then the end of the clause */
                 (ev == EV_NAME && ev2 == EV_WEAK && t[i + 1].dot == t[i + 1].e &&
                  tn_clause_end(s, n, t[i + 1].e)))) {
                last = extend(s, n, t, nt, i + 1, caps_text, 0, evc, gvc);
                *ms = t[i].b;
                *me = tn_run_end(t, last);
                return 1;
            }
        }
        if (nt < NM_MAX_TOK) {
            return 0;
        }
        start = t[nt - 1].b; /* more tokens than the window holds: go on from there */
        if (start >= n) {
            return 0;
        }
        start = t[nt - 1].e;
    }
}
