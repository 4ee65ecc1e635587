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

#define NM_MAX_TOK 64

struct ntok {
    size_t b, e;          /* the token, without a trailing '.' */
    size_t dot;           /* e + 1 when a '.' follows, else e */
    unsigned cap : 1;     /* starts with a capital */
    unsigned allcap : 1;  /* every ASCII letter upper case */
    unsigned initial : 1; /* one capital letter (J, J.) or M.J. */
    unsigned alpha : 1;   /* letters only (with ' - and UTF-8) */
};

/* --- word lists --- */
/* (in textnames_lists.c, declared in textnames_int.h) */

/* --- tokens --- */

static int
lower_c(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c;
}

/* Lower-case copy of s[b..e) into buf (ASCII letters; others kept); 0 if too long. */
static int
lc_copy(const char *s, size_t b, size_t e, char *buf, size_t cap)
{
    size_t i;

    if (e - b >= cap) {
        return 0;
    }
    for (i = b; i < e; i++) {
        buf[i - b] = (char)lower_c((unsigned char)s[i]);
    }
    buf[e - b] = '\0';
    return 1;
}

static int
in_list_tok(const char *s, size_t b, size_t e, struct tx_set *set)
{
    char lc[24];

    return lc_copy(s, b, e, lc, sizeof(lc)) && tx_has(set, lc);
}

/* Is the byte at s[i] the start of an apostrophe (' or U+2019)? Its length or 0. */
static size_t
apos_len(const char *s, size_t n, size_t i)
{
    if (s[i] == '\'') {
        return 1;
    }
    if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
        (unsigned char)s[i + 2] == 0x99) {
        return 3;
    }
    return 0;
}

static int
name_byte(int c)
{
    return tx_alpha(c) || c >= 0x80;
}

/*
 * Does the part after a hyphen at s[i] belong to the same name? A capitalised part
 * (O'Neil-Garcia) or one that is not an English word (Seo-yeon); not "Wellman-jumped".
 */
static int
hyphen_joins(const char *s, size_t n, size_t i)
{
    size_t e = i;

    if (tx_upper((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80) {
        return 1;
    }
    while (e < n && tx_alpha((unsigned char)s[e])) {
        e++;
    }
    return tx_english_level(s + i, e - i) == 0 || e - i <= 3;
}

/* A capital of Latin Extended-A at s[b] (U+0100..U+017F: Đ, Ł, Ś, Ž ...)? Capitals are
 * the even code points up to U+0137 and from U+014A to U+0176, the odd ones between, and
 * U+0178, U+0179, U+017B, U+017D. */
static int
latin_ext_upper(const char *s, size_t n, size_t b)
{
    unsigned c0 = (unsigned char)s[b], c1 = b + 1 < n ? (unsigned char)s[b + 1] : 0, cp;

    if ((c0 != 0xC4 && c0 != 0xC5) || c1 < 0x80 || c1 > 0xBF) {
        return 0;
    }
    cp = ((c0 & 0x1Fu) << 6) | (c1 & 0x3Fu);
    if (cp <= 0x137 || (cp >= 0x14A && cp <= 0x177)) {
        return (cp & 1u) == 0;
    }
    if (cp >= 0x139 && cp <= 0x148) {
        return (cp & 1u) == 1;
    }
    return cp == 0x178 || cp == 0x179 || cp == 0x17B || cp == 0x17D;
}

/* Tokenises s[from..n) into t (name-shaped and other words). Returns the count. */
static size_t
tokenize(const char *s, size_t n, size_t from, struct ntok *t, size_t cap)
{
    size_t i = from, k = 0;

    while (i < n && k < cap) {
        int c = (unsigned char)s[i];
        size_t b, j;
        int up = 0, low = 0, dig = 0;

        if (!name_byte(c) && !tx_digit(c)) {
            i++;
            continue;
        }
        b = i;
        while (i < n) {
            size_t al;

            c = (unsigned char)s[i];
            if (name_byte(c) || tx_digit(c)) {
                up |= tx_upper(c);
                low |= c >= 'a' && c <= 'z';
                dig |= tx_digit(c);
                i++;
            } else if ((c == '-' && i + 1 < n && name_byte((unsigned char)s[i + 1]) && i > b &&
                        hyphen_joins(s, n, i + 1)) ||
                       ((al = apos_len(s, n, i)) > 0 && i + al < n &&
                        tx_alpha((unsigned char)s[i + al]) && i > b)) {
                i += c == '-' ? 1 : apos_len(s, n, i);
            } else {
                break;
            }
        }
        /* "M.J." : letter-dot-letter-dot */
        if (i - b == 1 && i + 2 < n && s[i] == '.' && tx_upper((unsigned char)s[i + 1]) &&
            s[i + 2] == '.' && !(i + 3 < n && tx_alpha((unsigned char)s[i + 3]))) {
            i += 2;
        }
        t[k].b = b;
        t[k].e = i;
        t[k].dot = i < n && s[i] == '.' ? i + 1 : i;
        t[k].cap = tx_upper((unsigned char)s[b]) ||
                   ((unsigned char)s[b] == 0xC3 && b + 1 < n && (unsigned char)s[b + 1] >= 0x80 &&
                    (unsigned char)s[b + 1] <= 0x9E) ||
                   latin_ext_upper(s, n, b);
        t[k].allcap = up && !low;
        t[k].alpha = !dig;
        j = i - b;
        t[k].initial =
            t[k].cap && !dig &&
            (j == 1 || (j == 3 && s[b + 1] == '.') || (j == 2 && (unsigned char)s[b] == 0xC3));
        k++;
    }
    return k;
}

/* --- evidence --- */

enum { EV_STOP = 0, EV_WORD, EV_WEAK, EV_NAME };

/*
 * What a token is: EV_STOP (deny-listed or a function word), EV_WORD (a common English
 * word), EV_WEAK (unknown: neither a known name nor an English word), EV_NAME (a known
 * given name or surname that is not a common English word). *given is set for a known
 * given name.
 */
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
    if (in_list_tok(s, b, e, &tn_stop_set) || in_list_tok(s, b, e, &tn_deny_set)) {
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
        if (q < e &&
            (in_list_tok(s, p, q, &tn_place_after_set) || in_list_tok(s, p, q, &tn_deny_set))) {
            return EV_STOP;
        }
        if (p > b && q == e &&
            (in_list_tok(s, p, q, &tn_place_after_set) || in_list_tok(s, p, q, &tn_deny_set))) {
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
    return known ? EV_NAME : EV_WEAK;
}

/* Cue before token t[i]: 2 title, 1 role, 0 none. */
static int
cue_before(const char *s, const struct ntok *t, size_t i)
{
    struct tx_word w[4];
    size_t nw, m;

    /* "Regards,\nIrina": a sign-off, then the name on the next line */
    if (t[i].b > 0 && (m = (size_t)tn_signoff_before(s, t[i].b)) != 0) {
        return (int)m;
    }
    /* Every cue phrase ends at the nearest word: when neither list has a phrase ending
     * in it, the words before it do not matter. */
    if (tx_prev_words(s, t[i].b, w, 1) == 0 || w[0].lc[0] == '\0' ||
        (!tx_set_ends(&tn_titles_set, w[0].lc) && !tx_set_ends(&tn_roles_set, w[0].lc))) {
        return 0;
    }
    nw = tx_prev_words(s, t[i].b, w, 4);
    if (tx_cue_before(w, nw, &tn_titles_set, NULL) > 0) {
        return 2;
    }
    if ((m = tx_cue_before(w, nw, &tn_roles_set, NULL)) > 0) {
        /* "a pit bull mix named Zeus", "cat named Milo": a pet */
        if (m == 1 && nw > 1 && strcmp(w[0].lc, "named") == 0 && tx_has(&tn_animal_set, w[1].lc)) {
            return 0;
        }
        if (m > 1) {
            return 1;
        }
        /* "and" is a cue only after a name-like capitalised word */
        if (strcmp(w[0].lc, "and") == 0 && i >= 2 && t[i - 1].e == w[0].e && t[i - 2].cap &&
            t[i - 2].alpha) {
            return 4; /* "Esther and Nusrat": decided by the caller on t[i - 2] */
        }
        if (strcmp(w[0].lc, "and") == 0 || strcmp(w[0].lc, "to") == 0 ||
            strcmp(w[0].lc, "that") == 0 || strcmp(w[0].lc, "by") == 0 ||
            strcmp(w[0].lc, "with") == 0 || strcmp(w[0].lc, "from") == 0 ||
            strcmp(w[0].lc, "for") == 0) {
            return 3; /* weak cue */
        }
        return 1;
    }
    return 0;
}

/* Only spaces (and for "Smith, J" a comma) between tokens a and b? */
static int
adjacent(const char *s, const struct ntok *a, const struct ntok *b, int comma)
{
    size_t i = a->dot;

    if (comma && i < b->b && s[i] == ',') {
        i++;
    }
    while (i < b->b && (s[i] == ' ')) {
        i++;
    }
    return i == b->b && b->b - a->dot <= 3;
}

static int
is_state_code(const char *s, const struct ntok *t)
{
    char lc[3];

    if (t->e - t->b != 2 || !tx_upper((unsigned char)s[t->b]) ||
        !tx_upper((unsigned char)s[t->b + 1])) {
        return 0;
    }
    lc[0] = (char)(s[t->b] + 'a' - 'A');
    lc[1] = (char)(s[t->b + 1] + 'a' - 'A');
    lc[2] = '\0';
    return tx_us_state(lc);
}

/*
 * Is the run t[first..last] a place rather than a person? A street type or place word
 * after it or inside it ("Frederick Douglass Blvd", "Columbia Pike", "Malcolm X Blvd"),
 * a compass point before it ("N Fillmore", "S. Walter Reed"), or a state code after it
 * ("Arlington, VA 22204", "GLEN BURNIE, MD").
 */
/*
 * A hyphenated token inside a run ("Jean-Luc Picard") must be a compound given name;
 * "Glen Oaks-Floral Park", "Carroll Gardens-Cobble Hill" are neighbourhood lists.
 */
static int
hyphen_inside_ok(const char *s, const struct ntok *t, int inside)
{
    struct odp_name_info ni;
    size_t p, q;

    if (memchr(s + t->b, '-', t->e - t->b) == NULL) {
        return 1;
    }
    for (p = t->b; p < t->e; p = q + 1) {
        for (q = p; q < t->e && s[q] != '-'; q++) {
        }
        int known = tx_name_lookup(s + p, q - p, &ni) &&
                    (ni.given_count >= 300 || (ni.surname_rank > 0 && ni.surname_rank <= 40000));

        if (in_list_tok(s, p, q, &tn_place_after_set) ||
            (!known && tx_english_level(s + p, q - p) != 0) ||
            (inside && !known && ni.given_count < 300)) {
            return 0;
        }
    }
    return 1;
}

/*
 * A hyphenated surname the run went past ("IMRAN ABIODUN-WRIGHT COUNSELED", the last word
 * unknown to the word list): a hyphenated token whose parts the tables do not know may
 * end a name but not sit inside one, so the run ends there. Returns the new last token.
 */
static size_t
hyphen_cut(const char *s, const struct ntok *t, size_t first, size_t last)
{
    size_t j;

    for (j = first + 1; j < last; j++) {
        if (!hyphen_inside_ok(s, &t[j], 1) && hyphen_inside_ok(s, &t[j], 0)) {
            return j;
        }
    }
    return last;
}

/* Is token t itself a role or title word (the last word of a cue phrase)? */
static int
cue_word(const char *s, const struct ntok *t)
{
    char lc[24];

    return lc_copy(s, t->b, t->e, lc, sizeof(lc)) &&
           (tx_set_ends(&tn_roles_set, lc) || tx_set_ends(&tn_titles_set, lc));
}

static int
place_run(const char *s, size_t n, const struct ntok *t, size_t nt, size_t first, size_t last,
          int cued)
{
    size_t k = last + 1, j;

    for (j = first; j <= last; j++) {
        /* after a role or title a hyphenated given name need not be a known one (Hye-jin) */
        if (!hyphen_inside_ok(s, &t[j], j < last && !cued)) {
            return 1;
        }
    }
    if (first < last && t[first].e - t[first].b == 1 && t[first].dot == t[first].e && !cued &&
        strchr("NSEWnsew", s[t[first].b]) != NULL) {
        return 1; /* "N Fillmore", "S. Walter Reed" */
    }
    for (j = first + 1; j <= last && !cued; j++) {
        if (in_list_tok(s, t[j].b, t[j].e, &tn_place_after_set)) {
            return 1;
        }
    }
    if (first > 0 && adjacent(s, &t[first - 1], &t[first], 0) &&
        (tx_ieq(s, t[first - 1].b, t[first - 1].e, "n") ||
         tx_ieq(s, t[first - 1].b, t[first - 1].e, "s") ||
         tx_ieq(s, t[first - 1].b, t[first - 1].e, "e") ||
         tx_ieq(s, t[first - 1].b, t[first - 1].e, "w") ||
         tx_ieq(s, t[first - 1].b, t[first - 1].e, "north") ||
         tx_ieq(s, t[first - 1].b, t[first - 1].e, "south") ||
         tx_ieq(s, t[first - 1].b, t[first - 1].e, "east") ||
         tx_ieq(s, t[first - 1].b, t[first - 1].e, "west"))) {
        return 1;
    }
    /* "Adam Clayton Powell Jr Blvd", "Malcolm X Blvd" */
    while (k < nt && k <= last + 2 && adjacent(s, &t[k - 1], &t[k], 0) &&
           (tx_ieq(s, t[k].b, t[k].e, "jr") || tx_ieq(s, t[k].b, t[k].e, "sr") ||
            t[k].e - t[k].b == 1)) {
        k++;
    }
    if (k < nt && adjacent(s, &t[k - 1], &t[k], 1) && is_state_code(s, &t[k]) &&
        (s[t[k - 1].dot] == ',' || tn_zip_after(s, n, t[k].e)) &&
        /* "MR ASANTE, IN APT 3-E": a state code that is also a word needs a ZIP or the
         * end of the clause to make a place */
        (!in_list_tok(s, t[k].b, t[k].e, &tn_function_set) || tn_zip_after(s, n, t[k].e) ||
         tn_clause_end(s, n, t[k].e) || (t[k].e < n && s[t[k].e] == '.'))) {
        return 1; /* "Arlington, VA", "GLEN BURNIE MD 21061"; not "SEUNG-HO MA REMOVED" */
    }
    if (k < nt && adjacent(s, &t[k - 1], &t[k], 0) &&
        in_list_tok(s, t[k].b, t[k].e, &tn_place_after_set)) {
        return 1;
    }
    /* "Greenway Pest Control", "Brightline Property Mgmt": a firm's name in two words */
    if (k + 1 < nt && t[k].cap && adjacent(s, &t[k - 1], &t[k], 0) &&
        adjacent(s, &t[k], &t[k + 1], 0) && !in_list_tok(s, t[k].b, t[k].e, &tn_function_set) &&
        in_list_tok(s, t[k + 1].b, t[k + 1].e, &tn_place_after_set)) {
        return 1;
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
    r = in_list_tok(s, t->b, t->e, &tn_stop_set) || !table_name(s, t);
    if (m != NULL && hit) {
        m->rej = (uint8_t)(r ? 2 : 1);
    }
    return r;
}

/* evidence() of token i, computed once per call (ev[i] < 0: not yet). */
static int
ev_of(const char *s, const struct ntok *t, size_t i, signed char *ev, signed char *gv, int *g)
{
    if (ev[i] < 0) {
        int gg = 0;

        ev[i] = (signed char)(t[i].initial ? EV_WEAK : evidence_memo(s, &t[i], &gg));
        gv[i] = (signed char)(t[i].initial ? 0 : gg);
    }
    *g = gv[i];
    return ev[i];
}

/*
 * A surname the tables know that is also a common word (Day, Wall, Rich, Law): never a
 * function word ("Then", "Will" stay words), a month or a deny-listed word.
 */
static int
word_surname(const char *s, const struct ntok *t)
{
    struct odp_name_info ni;

    if (!t->alpha || t->initial || t->e - t->b < 2 ||
        in_list_tok(s, t->b, t->e, &tn_function_set) || in_list_tok(s, t->b, t->e, &tn_deny_set)) {
        return 0;
    }
    return tx_name_lookup(s + t->b, t->e - t->b, &ni) &&
           !(ni.flags &
             (ODP_NAME_MONTH | ODP_NAME_WEEKDAY | ODP_NAME_PLACEHOLDER | ODP_NAME_US_STATE)) &&
           ni.surname_rank > 0 && ni.surname_rank <= 20000;
}

/* Does token t hold a byte >= 0x80 (JESÚS, NÚÑEZ: no English word)? */
static int
non_ascii(const char *s, const struct ntok *t)
{
    size_t p;

    for (p = t->b; p < t->e; p++) {
        if ((unsigned char)s[p] >= 0x80) {
            return 1;
        }
    }
    return 0;
}

/* Does token t hold a vowel (TDSB, HRA, DHCR are acronyms; LOPEZ is not)? */
static int
has_vowel(const char *s, const struct ntok *t)
{
    size_t p;

    for (p = t->b; p < t->e; p++) {
        if (strchr("AEIOUYaeiouy", s[p]) != NULL) {
            return 1;
        }
    }
    return 0;
}

/* A month the tables also know as a given name (April, May, June, August). */
static int
month_given(const char *s, const struct ntok *t)
{
    struct odp_name_info ni;

    return tx_name_lookup(s + t->b, t->e - t->b, &ni) && (ni.flags & ODP_NAME_MONTH) &&
           ni.given_count >= 300;
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
            !in_list_tok(s, t[j].b, t[j].e, &tn_particle_set) || j + 1 >= nt ||
            !adjacent(s, &t[j], &t[j + 1], 0)) {
            return 0;
        }
        if (t[j + 1].cap && t[j + 1].alpha && !t[j + 1].initial && t[j + 1].e - t[j + 1].b >= 2 &&
            !in_list_tok(s, t[j + 1].b, t[j + 1].e, &tn_particle_set)) {
            if (in_list_tok(s, t[j + 1].b, t[j + 1].e, &tn_place_after_set)) {
                return 0;
            }
            /* the surname: a known one, or in mixed case one no word list knows ("VAN
             * TAG", "DO REQ" are a vehicle and an abbreviation) */
            ev = ev_of(s, t, j + 1, evc, gvc, &g);
            return ev == EV_NAME || (ev == EV_WEAK && (!caps_text || non_ascii(s, &t[j + 1])))
                       ? j + 1
                       : 0;
        }
    }
    return 0;
}

/* "v." / "vs." between two parties: not a middle initial */
static int
versus(const char *s, size_t n, const struct ntok *t)
{
    /* "Smith v. Jones", "SMITH V. JONES"; not the initial of "Tariq V., born" */
    return t->e - t->b == 1 && (s[t->b] == 'v' || s[t->b] == 'V') && t->dot > t->e &&
           t->dot + 1 < n && s[t->dot] == ' ' && tx_upper((unsigned char)s[t->dot + 1]);
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

    int evprev = ev_of(s, t, i, evc, gvc, &gprev);
    size_t lim = i + 3, pe;

    for (k = i + 1; k < nt && k <= lim; k++) {
        int ev;

        /* "Milagros De la Cruz", "Sofia van der Berg": particles, then the surname */
        if (!t[k - 1].initial && t[k - 1].dot == t[k - 1].e && adjacent(s, &t[k - 1], &t[k], 0) &&
            (pe = particle_end(s, n, t, nt, k, caps_text, evc, gvc)) != 0) {
            last = k = pe;
            lim = k + 2;
            gprev = 0;
            evprev = EV_NAME;
            continue;
        }
        if (!t[k].cap || !adjacent(s, &t[k - 1], &t[k], 0)) {
            break;
        }
        /* a sentence end between them: "... Smith. The ..." */
        if (t[k - 1].dot > t[k - 1].e && !t[k - 1].initial) {
            break;
        }
        if (t[k].initial) {
            if (versus(s, n, &t[k])) {
                break;
            }
            last = k;
            gprev = 0;
            continue;
        }
        ev = ev_of(s, t, k, evc, gvc, &g);
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
            !in_list_tok(s, t[k].b, t[k].e, &tn_function_set) &&
            !in_list_tok(s, t[k].b, t[k].e, &tn_deny_set) && k + 1 < nt && t[k + 1].cap &&
            !t[k + 1].initial && adjacent(s, &t[k], &t[k + 1], 0)) {
            int g1, ev1 = ev_of(s, t, k + 1, evc, gvc, &g1);

            if (ev1 == EV_NAME && (g1 & 2) &&
                !(k + 2 < nt && t[k + 2].cap && adjacent(s, &t[k + 1], &t[k + 2], 0))) {
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
            word_surname(s, &t[k]) &&
            (caps_text ? tn_verb_after(s, n, t[k].e)
                       : !(k + 1 < nt && t[k + 1].cap && adjacent(s, &t[k], &t[k + 1], 0)))) {
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

/* An initial that is not the first letter of an abbreviation (D/O/B, D.O.B.). */
static int
real_initial(const char *s, size_t n, const struct ntok *t)
{
    return t->initial && !(t->dot < n && (s[t->dot] == '/' ||
                                          (t->dot > t->e && tx_alpha((unsigned char)s[t->dot]))));
}

/* "U.S.", "P.O.", "A.M.": two-letter abbreviations that are not a person's initials. */
static int
abbrev_initials(const char *s, const struct ntok *t)
{
    static const char *const ab[] = {"u.s", "p.o", "n.y", "d.c", "a.m", "p.m", "u.k",
                                     "e.r", "i.d", "l.a", "n.j", "s.i", "b.k", "q.n",
                                     "m.n", "b.x", "r.n", "m.d", "p.a", "c.o", "t.v",
                                     "a.c", "o.t", "p.s", "m.s", "i.s", "h.s", NULL};
    size_t k;

    for (k = 0; ab[k] != NULL; k++) {
        if (tx_ieq(s, t->b, t->e, ab[k])) {
            return 1;
        }
    }
    return 0;
}

/* Span end of the run [i..last]: includes the dot of a final initial. */
static size_t
run_end(const struct ntok *t, size_t last)
{
    return t[last].initial ? t[last].dot : t[last].e;
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
caps_comma_name(const char *s, const struct ntok *t, size_t nt, size_t i, int ev, signed char *evc,
                signed char *gvc)
{
    int g2, ev2;

    if (i + 1 >= nt || s[t[i].e] != ',' || !t[i + 1].allcap || t[i + 1].initial ||
        t[i].e - t[i].b < 3 || !adjacent(s, &t[i], &t[i + 1], 1) ||
        (ev != EV_NAME && ev != EV_WEAK)) {
        return 0;
    }
    ev2 = ev_of(s, t, i + 1, evc, gvc, &g2);
    return (ev2 == EV_NAME && (g2 & 4)) || (ev == EV_NAME && ev2 == EV_WEAK);
}

/* A street type within the three words after token last ("adam clayton powell jr blvd"). */
static int
place_soon(const char *s, const struct ntok *t, size_t nt, size_t last)
{
    size_t k;

    for (k = last + 1; k < nt && k <= last + 3; k++) {
        if (in_list_tok(s, t[k].b, t[k].e, &tn_place_after_set)) {
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
           signed char *gvc, size_t *last)
{
    int g, g2, ev, ev2 = EV_STOP, cue, cued;

    if (t[i].e - t[i].b < 2 || t[i].dot > t[i].e) {
        return 0;
    }
    ev = ev_of(s, t, i, evc, gvc, &g);
    if (ev == EV_STOP || (ev == EV_WORD && !(g & 4))) {
        return 0; /* most words of lower-case text: no lookup of the words before them */
    }
    /* "bill d. white", "luis c. yilmaz": a given name, a middle initial, a surname */
    if ((ev == EV_NAME || ev == EV_WEAK || (ev == EV_WORD && (g & 4))) && i + 2 < nt &&
        t[i + 1].e - t[i + 1].b == 1 && t[i + 1].dot > t[i + 1].e && t[i + 1].alpha &&
        !t[i + 2].cap && t[i + 2].alpha && t[i + 2].e - t[i + 2].b >= 2 &&
        adjacent(s, &t[i], &t[i + 1], 0) && adjacent(s, &t[i + 1], &t[i + 2], 0)) {
        int g3, ev3 = ev_of(s, t, i + 2, evc, gvc, &g3);

        if (ev3 == EV_NAME || ev3 == EV_WEAK || (ev3 == EV_WORD && (g3 & 2))) {
            *last = i + 2;
            return 1;
        }
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
    cue = cue_before(s, t, i);
    cued = cue == 1 || cue == 2;
    /* "luz from apt 8a", "oksana in #4d": a name, then the unit the person lives in */
    if (ev == EV_NAME && t[i].e - t[i].b >= 3 && tn_unit_after(s, n, t[i].e) &&
        !cue_word(s, &t[i])) {
        *last = i;
        return 1;
    }
    if (!(ev == EV_NAME || (cued && ev == EV_WEAK)) || !(cued || (g & 1))) {
        return 0;
    }
    if (i + 1 < nt && !t[i + 1].cap && t[i + 1].alpha && t[i + 1].e - t[i + 1].b >= 3 &&
        adjacent(s, &t[i], &t[i + 1], 0)) {
        ev2 = ev_of(s, t, i + 1, evc, gvc, &g2);
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

int
odp_text_person(const char *s, size_t n, size_t start, size_t *ms, size_t *me)
{
    struct ntok t[NM_MAX_TOK];
    signed char evc[NM_MAX_TOK], gvc[NM_MAX_TOK];
    size_t nt, i, lows = 0, ups = 0;
    int caps_text;

    /* ALL-CAPS text: capitals carry no information */
    tn_count_case(s, n, &lows, &ups);
    caps_text = lows * 8 < ups;
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
        nt = tokenize(s, n, from, t, NM_MAX_TOK);
        memset(evc, -1, sizeof(evc));
        for (i = 0; i < nt; i++) {
            int cue, ev, g, ev2 = EV_STOP, g2 = 0, next_lower;
            size_t last, pe;

            if (!t[i].cap && !caps_text && t[i].alpha && t[i].b >= start && t[i].e - t[i].b >= 2) {
                /* a name in lower case: its cue or a frequent given name decides */
                size_t l2 = i;

                if (lower_name(s, n, t, nt, i, evc, gvc, &l2) &&
                    !place_run(s, n, t, nt, i, l2, 1) && !place_soon(s, t, nt, l2)) {
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
                if (!place_run(s, n, t, nt, i, last, 1)) {
                    *ms = t[i].b;
                    *me = run_end(t, last);
                    return 1;
                }
                i = last;
                continue;
            }
            ev = ev_of(s, t, i, evc, gvc, &g);
            if (ev == EV_STOP) {
                /* "Sr. SUN", "Ms. May", "Respondent Jun M.": a deny-listed word (month,
                 * weekday, borough ...) that a title, or a role and an initial, name */
                if (stop_reject(s, &t[i])) {
                    /* "Mr. Day", "DR. WALL": a surname that is also a common word */
                    if (!honorific_before(s, t, i) || !word_surname(s, &t[i])) {
                        continue;
                    }
                    cue = 2;
                } else {
                    int g1 = 0, ev1 = EV_STOP;

                    cue = cue_before(s, t, i);
                    /* "Respondent April McCarthy", "JUNE MCLAUGHLIN (APT": a given name
                     * that is also a month, and a surname that is no English word */
                    if (i + 1 < nt && t[i + 1].cap && !t[i + 1].initial &&
                        adjacent(s, &t[i], &t[i + 1], 0) && t[i].dot == t[i].e) {
                        ev1 = ev_of(s, t, i + 1, evc, gvc, &g1);
                    }
                    if (!(cue == 2 ||
                          (cue == 1 && i + 1 < nt && t[i + 1].initial &&
                           adjacent(s, &t[i], &t[i + 1], 0)) ||
                          (ev1 == EV_NAME && (g1 & 2) && !(g1 & 4) && cue != 3 &&
                           !tn_sentence_start(s, t[i].b) && month_given(s, &t[i])))) {
                        continue;
                    }
                }
                ev = EV_WEAK;
            } else {
                cue = cue_before(s, t, i);
            }
            /* "Recyc.", "Bldg.": an unknown word cut short by a dot is an abbreviation */
            if (ev == EV_WEAK && !t[i].initial && t[i].dot > t[i].e && cue != 2) {
                continue;
            }
            /* an all-caps word in mixed-case text is an acronym (RRH, ALT, COVID) unless
             * a title or role names a person before it */
            if (!caps_text && t[i].allcap && !t[i].initial && t[i].e - t[i].b >= 2 &&
                (cue == 0 || cue == 3 || cue == 4 ||
                 (cue == 1 && ev != EV_NAME && (t[i].e - t[i].b <= 3 || !has_vowel(s, &t[i])))) &&
                !caps_comma_name(s, t, nt, i, ev, evc, gvc)) {
                continue;
            }
            /* "the Karimov family", "KOWALSKI FAMILY": a surname before family */
            if ((ev == EV_NAME || (ev == EV_WEAK && !t[i].initial && t[i].dot == t[i].e)) &&
                family_after(s, n, &t[i]) && !place_run(s, n, t, nt, i, i, 1)) {
                *ms = t[i].b;
                *me = t[i].e;
                return 1;
            }
            if (i + 1 < nt && t[i + 1].cap && adjacent(s, &t[i], &t[i + 1], 1)) {
                ev2 = ev_of(s, t, i + 1, evc, gvc, &g2);
            }
            if (cue == 4) {
                int gx, evx = ev_of(s, t, i - 2, evc, gvc, &gx);

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
                   adjacent(s, &t[i], &t[i + 1], 0)) ||
                  /* "COMPLAINANT WASHINGTON DISPUTES": a frequent surname
                   * after a role, in capitals */
                  (caps_text && ev == EV_WORD && (g & 2) && !cue_word(s, &t[i]) &&
                   tn_verb_after(s, n, t[i].e)) ||
                  /* "via super Rose;", "Supervisor Wood approved" */
                  (!caps_text && ev == EV_WORD && (g & 6) && !t[i].allcap &&
                   !tn_sentence_start(s, t[i].b) &&
                   (i + 1 >= nt || !t[i + 1].cap || !adjacent(s, &t[i], &t[i + 1], 0))) ||
                  (ev == EV_WORD && (g & 4) && (ev2 == EV_NAME || ev2 == EV_WEAK)))) ||
                (cue == 3 && ((ev == EV_NAME && ((g & 1) || ev2 >= EV_WEAK)) ||
                              (ev == EV_WEAK && ev2 >= EV_WEAK && (ev2 == EV_NAME || !caps_text)) ||
                              (!caps_text && next_lower && (ev == EV_NAME || ev == EV_WEAK)) ||
                              (caps_text && ev == EV_NAME && (g & 4))))) {
                /* "Smith, J" / "SMITH, J" / "Smith, Maria" */
                if (i + 1 < nt && s[t[i].e] == ',' && adjacent(s, &t[i], &t[i + 1], 1) &&
                    (real_initial(s, n, &t[i + 1]) || ev2 == EV_NAME || ev2 == EV_WEAK ||
                     (ev2 == EV_WORD && (g2 & 4)))) {
                    last = extend(s, n, t, nt, i + 1, caps_text, 1, evc, gvc);
                } else {
                    last = extend(s, n, t, nt, i, caps_text, 1, evc, gvc);
                }
                last = hyphen_cut(s, t, i, last);
                if (place_run(s, n, t, nt, i, last, cue == 1 || cue == 2)) {
                    i = last;
                    continue;
                }
                /* a lone capital letter; but "CW W.F. met", "Signed: K.K." are initials */
                if (t[i].initial && last == i && cue != 2 &&
                    !(t[i].e - t[i].b == 3 && t[i].dot > t[i].e && !abbrev_initials(s, &t[i]) &&
                      !(t[i].dot + 1 < n && s[t[i].dot] == ' ' &&
                        tx_digit((unsigned char)s[t[i].dot + 1])))) {
                    continue;
                }
                *ms = t[i].b;
                *me = run_end(t, last);
                return 1;
            }
            /* "From: Levan Beridze <levan_beridze@...>": the name an e-mail address is
             * written after */
            if ((ev == EV_NAME || ev == EV_WEAK || (ev == EV_WORD && (g & 6))) && !t[i].initial &&
                !cue_word(s, &t[i])) {
                size_t l3 = extend(s, n, t, nt, i, 0, 1, evc, gvc);

                if (tn_email_after(s, n, run_end(t, l3))) {
                    *ms = t[i].b;
                    *me = run_end(t, l3);
                    return 1;
                }
            }
            /* "ABENA K. CHOI", "Chase E. Haddad": a given name, a middle initial with its
             * dot, a surname; English words too when they are frequent names */
            if (!t[i].initial && i + 2 < nt && real_initial(s, n, &t[i + 1]) &&
                t[i + 1].e - t[i + 1].b == 1 && t[i + 1].dot > t[i + 1].e && t[i + 2].cap &&
                t[i + 2].alpha && !t[i + 2].initial && adjacent(s, &t[i], &t[i + 1], 0) &&
                adjacent(s, &t[i + 1], &t[i + 2], 0) && !versus(s, n, &t[i + 1]) &&
                !cue_word(s, &t[i]) && (ev == EV_NAME || ev == EV_WEAK || (g & 4))) {
                int g3, ev3 = ev_of(s, t, i + 2, evc, gvc, &g3);

                if ((ev3 == EV_NAME || ev3 == EV_WEAK || (ev3 == EV_WORD && (g3 & 2))) &&
                    !place_run(s, n, t, nt, i, i + 2, 0)) {
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
            if (i + 1 < nt && adjacent(s, &t[i], &t[i + 1], 0) && t[i + 1].cap &&
                (t[i].dot == t[i].e || (t[i].initial && t[i].e - t[i].b == 1)) &&
                (((g & 1) && ev != EV_WORD &&
                  (ev2 == EV_NAME || ev2 == EV_WEAK || t[i + 1].initial ||
                   (ev2 == EV_WORD && (g2 & 2)))) ||
                 (t[i].initial && !versus(s, n, &t[i]) && ev2 == EV_NAME && t[i].dot > t[i].e) ||
                 /* "H. GRANT, DATE OF BIRTH": an initial and a frequent surname, alone */
                 (t[i].initial && !versus(s, n, &t[i]) && t[i].dot > t[i].e && ev2 == EV_WORD &&
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
                if (caps_text && cue_word(s, &t[i])) {
                    continue; /* "PIC IMRAN ...": the role word before a name */
                }
                last = hyphen_cut(s, t, i, extend(s, n, t, nt, i, caps_text, 0, evc, gvc));
                if (last == i && t[i].initial && t[i].e - t[i].b == 1) {
                    last = i + 1; /* "J. Smith": the surname is an English word too */
                }
                if (last == i + 1 && t[i + 1].initial && caps_text) {
                    continue;
                }
                if (place_run(s, n, t, nt, i, last, 0)) {
                    i = last;
                    continue;
                }
                *ms = t[i].b;
                *me = run_end(t, last);
                return 1;
            }
            /* "Client reports Jiayi (44) is staying": a name followed by an age;
             * "RAJESH 917-555-0134": by a phone number */
            if ((ev == EV_NAME || ev == EV_WEAK) && !t[i].initial && !cue_word(s, &t[i]) &&
                (tn_age_after(s, n, t[i].e) || tn_unit_after(s, n, t[i].e) ||
                 (tn_phone_after(s, n, t[i].e) && !tn_phone_label(s, t[i].b, t[i].e))) &&
                !place_run(s, n, t, nt, i, i, 0)) {
                *ms = t[i].b;
                *me = t[i].e;
                return 1;
            }
            /* "... call me back. - Gurpreet Dhillon": a name signed at the end of the text */
            if ((ev == EV_NAME || ev == EV_WEAK) && !t[i].initial && !cue_word(s, &t[i]) &&
                tn_dash_before(s, t[i].b)) {
                int gl;

                last = extend(s, n, t, nt, i, caps_text, 0, evc, gvc);
                if (tn_text_ends(s, n, run_end(t, last)) && last <= i + 3 &&
                    (last > i ? ev == EV_NAME || ev_of(s, t, last, evc, gvc, &gl) == EV_NAME
                              : ev == EV_NAME && (g & 5)) &&
                    !place_run(s, n, t, nt, i, last, 0)) {
                    *ms = t[i].b;
                    *me = run_end(t, last);
                    return 1;
                }
            }
            /* "Mykola Gill (petitioner)": a party named by the role after it */
            if ((ev == EV_NAME || ev == EV_WEAK) && !t[i].initial) {
                last = extend(s, n, t, nt, i, caps_text, 1, evc, gvc);
                if (tn_role_after(s, n, run_end(t, last)) && !place_run(s, n, t, nt, i, last, 1)) {
                    *ms = t[i].b;
                    *me = run_end(t, last);
                    return 1;
                }
            }
            /* "Moshe came to the office": a frequent given name starting a sentence,
             * then a lower-case word (mixed-case text) */
            if (!caps_text && ev == EV_NAME && (g & 1) && t[i].dot == t[i].e && i + 1 < nt &&
                !t[i + 1].cap && adjacent(s, &t[i], &t[i + 1], 0) && tn_sentence_start(s, t[i].b) &&
                !place_run(s, n, t, nt, i, i, 0)) {
                *ms = t[i].b;
                *me = t[i].e;
                return 1;
            }
            /* "Okafor, Maria" / "OKAFOR, M" with no cue: surname, comma, given or initial */
            if (i + 1 < nt && s[t[i].e] == ',' && adjacent(s, &t[i], &t[i + 1], 1) &&
                (ev == EV_NAME || ev == EV_WEAK || (ev == EV_WORD && (g & 2))) &&
                ((real_initial(s, n, &t[i + 1]) &&
                  (ev != EV_WORD || t[i + 1].e - t[i + 1].b == 1)) ||
                 ((g2 & 1) && ev2 == EV_NAME) ||
                 /* "Smith, Maria"; "Zielinski, Piotr —": a known surname, a given name
                  * the tables do not know, then the end of the clause */
                 (ev == EV_NAME && ev2 == EV_WEAK && t[i + 1].dot == t[i + 1].e &&
                  tn_clause_end(s, n, t[i + 1].e)))) {
                last = extend(s, n, t, nt, i + 1, caps_text, 0, evc, gvc);
                *ms = t[i].b;
                *me = run_end(t, last);
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
