/*
 * textnames_more.c - the people a text names again. After the scan (textnames.c) has
 * found the names of a text, two passes look for more of them:
 *
 *   - a later (or earlier) mention of one of their words: "Rashad Toussaint called ...
 *     Toussaint said", "Citlali Echeverria ... Citlali agreed";
 *   - the other items of a list that a found name belongs to: "G. McGillicuddy, M. Price,
 *     B. Hovhannisyan", "Castillo, Kofi; Reyes, Ana", "per Lane and Gill".
 *
 * A mention must look like the word it repeats (the same capitals), and a word that is
 * also an English word ("Hill", "Grace") is taken again only capitalised inside a
 * sentence of mixed-case text, never at a sentence's start or in capitals; in text in
 * capitals a mention needs a verb, a cue, "not" or another of the name's words next to
 * it ("OWUSU NOT HOME", not "BOSTON WATER AND SEWER"). A list item
 * must have the found name's shape (initial and word, word and word, "Word, I.") and at
 * least one word that is a name or no English word; places ("Kings County", "Lincoln
 * Ave") are not taken.
 */
#include <string.h>

#include "textnames_int.h"
#include "textscan.h"

#define MORE_MAX_WORDS 16
#define MORE_MAX_ITEM 4

struct more_word {
    size_t b, e; /* where the word stands in the found name */
    int ev;      /* tn_evidence() of it */
    unsigned char shape;
};

enum { SH_LOWER = 1, SH_CAP, SH_CAPS };

static unsigned char
shape_of(const struct ntok *t)
{
    return t->allcap ? SH_CAPS : t->cap ? SH_CAP : SH_LOWER;
}

/* The length of t without a possessive "'s" ("Toussaint's" -> "Toussaint"). */
static size_t
base_len(const char *s, const struct ntok *t)
{
    size_t l = t->e - t->b;

    if (l > 3 && (s[t->e - 1] == 's' || s[t->e - 1] == 'S') && s[t->e - 2] == '\'') {
        return l - 2;
    }
    if (l > 5 && (s[t->e - 1] == 's' || s[t->e - 1] == 'S') && (unsigned char)s[t->e - 2] == 0x99 &&
        (unsigned char)s[t->e - 3] == 0x80 && (unsigned char)s[t->e - 4] == 0xE2) {
        return l - 4; /* U+2019 */
    }
    return l;
}

/* A word no list may take for a name: a title, a role, a particle, a function word. */
static int
listed(const char *s, size_t b, size_t e)
{
    return tn_in_list_tok(s, b, e, &tn_titles_set) || tn_in_list_tok(s, b, e, &tn_roles_set) ||
           tn_in_list_tok(s, b, e, &tn_particle_set) || tn_in_list_tok(s, b, e, &tn_function_set) ||
           tn_in_list_tok(s, b, e, &tn_deny_set);
}

static int
mixed_case(const char *s, size_t n)
{
    size_t lows = 0, ups = 0;

    tn_count_case(s, n, &lows, &ups);
    return !(lows * 8 < ups);
}

/* The words of the found names that a later mention may repeat. */
static size_t
name_words(const char *s, const size_t *sb, const size_t *se, size_t nsp, struct more_word *w,
           size_t cap)
{
    struct ntok t[MORE_MAX_ITEM * 2];
    size_t k, j, nt, nw = 0;

    for (k = 0; k < nsp; k++) {
        nt = tn_tokenize(s, se[k], sb[k], t, sizeof(t) / sizeof(t[0]));
        for (j = 0; j < nt && nw < cap; j++) {
            struct ntok u = t[j];
            u.e = u.b + base_len(s, &t[j]);
            u.dot = u.e;
            if (!u.alpha || u.initial || u.e - u.b < 3) {
                continue;
            }
            w[nw].b = u.b;
            w[nw].e = u.e;
            w[nw].ev = -1; /* looked up when a mention is found (most texts have none) */
            w[nw].shape = shape_of(&u);
            nw++;
        }
    }
    return nw;
}

/* a[0..l) and b[0..l) equal but for the case of ASCII letters */
static int
same_word(const char *a, const char *b, size_t l)
{
    size_t k;

    for (k = 0; k < l; k++) {
        if (tn_lower_c((unsigned char)a[k]) != tn_lower_c((unsigned char)b[k])) {
            return 0;
        }
    }
    return 1;
}

/* The evidence of the found name's word w, looked up once: EV_STOP for a listed word. */
static int
word_ev(const char *s, struct more_word *w)
{
    if (w->ev < 0) {
        struct ntok u;
        int g;

        memset(&u, 0, sizeof(u));
        u.b = w->b;
        u.e = u.dot = w->e;
        u.alpha = 1;
        u.cap = w->shape != SH_LOWER;
        u.allcap = w->shape == SH_CAPS;
        w->ev = listed(s, w->b, w->e) ? EV_STOP : tn_evidence(s, &u, &g);
    }
    return w->ev;
}

/* Does the token u of s repeat one of the words w (the same word, the same capitals)?
 * Returns the word's index + 1, or 0. */
static int
repeats(const char *s, const struct ntok *u, size_t ul, struct more_word *w, size_t nw, int mixed)
{
    size_t k;
    int ev;

    for (k = 0; k < nw; k++) {
        size_t l = w[k].e - w[k].b;

        if (l != ul || w[k].b == u->b) {
            continue;
        }
        if (!same_word(s + u->b, s + w[k].b, l) || (ev = word_ev(s, &w[k])) == EV_STOP) {
            continue;
        }
        if (shape_of(u) != w[k].shape && !(mixed == 0 && shape_of(u) == SH_CAPS)) {
            /* "Toussaint ... TOUSSAINT" in one text: a heading; taken only when the text
             * is in capitals anyway */
            continue;
        }
        if (ev == EV_WORD && (!mixed || shape_of(u) != SH_CAP || tn_sentence_start(s, u->b))) {
            continue; /* "Hill", "Grace": an English word too */
        }
        if (ev == EV_WEAK && shape_of(u) == SH_LOWER && tn_vowels(s, u) < 2) {
            continue;
        }
        if (!mixed && ev != EV_NAME && ev != EV_WEAK) {
            continue; /* capitals: an English word ("WATER", "PARK") is no one's */
        }
        return (int)k + 1;
    }
    return 0;
}

static const char *const determiners[] = {"the",   "a",   "an",  "this",  "that", "these",
                                          "those", "our", "its", "their", "your", "every",
                                          "each",  "no",  "any", NULL};
static struct tx_set det_set = TX_SET(determiners);

/* Is the word at s[i + 1..) (after one space) w? */
static int
after_word(const char *s, size_t n, size_t i, const char *w)
{
    size_t l = strlen(w);

    return i + 1 + l <= n && s[i] == ' ' && tx_ieq(s, i + 1, i + 1 + l, w) &&
           (i + 1 + l == n || !tx_alnum((unsigned char)s[i + 1 + l]));
}

/* Is the token a word of one of the found names? */
static int
is_name_word(const char *s, const struct ntok *u, const struct more_word *w, size_t nw)
{
    size_t k, ul = base_len(s, u);

    for (k = 0; k < nw; k++) {
        if (w[k].e - w[k].b == ul && same_word(s + u->b, s + w[k].b, ul)) {
            return 1;
        }
    }
    return 0;
}

/* "TfL", "eBay", "iPhone": capitals inside a word (not McCoy, MacArthur, DeShawn, LaToya) */
static int
camel(const char *s, const struct ntok *u)
{
    size_t p;

    for (p = u->b + 1; p < u->e; p++) {
        if (tx_upper((unsigned char)s[p]) && s[p - 1] >= 'a' && s[p - 1] <= 'z') {
            size_t at = p - u->b;

            if (!((at == 2 && (tx_ieq(s, u->b, p, "mc") || tx_ieq(s, u->b, p, "de") ||
                               tx_ieq(s, u->b, p, "di") || tx_ieq(s, u->b, p, "la") ||
                               tx_ieq(s, u->b, p, "le"))) ||
                  (at == 3 && tx_ieq(s, u->b, p, "mac")))) {
                return 1;
            }
        }
    }
    return 0;
}

/*
 * May the repeated word t[i] be taken? Not inside a longer proper noun ("Cal Anderson
 * Park", "Kim's Dry Cleaning": a capitalised neighbour that is no word of the names), not
 * in a run that names a place ("martin luther king jr blvd", "Lincoln Ave"), not an
 * acronym in mixed-case text.
 */
static int
mention_ok(const char *s, size_t n, const struct ntok *t, size_t nt, size_t i,
           const struct more_word *w, size_t nw, int mixed, int wev, size_t *first)
{
    size_t j;
    struct tx_word pw[1];

    *first = i;

    if (camel(s, &t[i])) {
        return 0;
    }
    /* "the Park entrance", "a Rich person": a determiner makes it a noun */
    if (tx_prev_words(s, t[i].b, pw, 1) == 1 && tx_has(&det_set, pw[0].lc)) {
        return 0;
    }
    if (mixed) {
        int g;

        if (t[i].allcap && tn_evidence(s, &t[i], &g) != EV_NAME) {
            return 0; /* "QLD", "TFL": an acronym */
        }
        if (i > 0 && t[i - 1].cap && tn_adjacent(s, &t[i - 1], &t[i], 0) && !t[i - 1].initial &&
            !is_name_word(s, &t[i - 1], w, nw) &&
            !tn_in_list_tok(s, t[i - 1].b, t[i - 1].e, &tn_titles_set) &&
            !tn_in_list_tok(s, t[i - 1].b, t[i - 1].e, &tn_roles_set) &&
            !tn_in_list_tok(s, t[i - 1].b, t[i - 1].e, &tn_function_set) &&
            /* "Yesterday Toussaint called": a word capitalised as a sentence's first */
            !(tn_sentence_start(s, t[i - 1].b) && tn_evidence(s, &t[i - 1], &g) == EV_WORD &&
              (g & 6) == 0)) {
            int ev = tn_evidence(s, &t[i - 1], &g);

            /* "Rafael Toussaint said" after "Mr. Toussaint": the given name goes too */
            if (wev == EV_WORD || t[i - 1].allcap || t[i - 1].dot > t[i - 1].e ||
                !(ev == EV_NAME || (ev == EV_WEAK && tn_vowels(s, &t[i - 1]) >= 2) ||
                  (ev == EV_WORD && (g & 4)))) {
                return 0;
            }
            *first = i - 1;
        }
        if (i + 1 < nt && t[i + 1].cap && tn_adjacent(s, &t[i], &t[i + 1], 0) &&
            !t[i + 1].initial && !is_name_word(s, &t[i + 1], w, nw)) {
            return 0;
        }
    }
    /* in capitals, a verb, the clause's end, a cue or another word of the names must
     * stand next to it ("BOSTON WATER AND SEWER" is no one's) */
    /* an unknown word in capitals ("OWUSU", "BULKHEAD") only before a verb of a person,
     * "not" or "also", or as a possessive: not at a clause's end */
    if (!mixed && wev == EV_WEAK && tn_speech_after(s, n, t[i].e) == 0 &&
        !after_word(s, n, t[i].e, "not") && !after_word(s, n, t[i].e, "also") &&
        base_len(s, &t[i]) == t[i].e - t[i].b) {
        return 0;
    }
    if (!mixed && !tn_verb_after(s, n, t[i].e) && tn_speech_after(s, n, t[i].e) == 0 &&
        !after_word(s, n, t[i].e, "not") && !after_word(s, n, t[i].e, "also") &&
        base_len(s, &t[i]) == t[i].e - t[i].b /* "MENON'S OFFICE": a possessive */ &&
        !(i + 1 < nt && tn_adjacent(s, &t[i], &t[i + 1], 0) && is_name_word(s, &t[i + 1], w, nw)) &&
        !(i > 0 && tn_adjacent(s, &t[i - 1], &t[i], 0) &&
          (is_name_word(s, &t[i - 1], w, nw) || tn_cue_word(s, &t[i - 1])))) {
        return 0;
    }
    /* the run from t[i] on (capitalised words after a capitalised one, any words after a
     * lower-case one): a place if any of its prefixes is one */
    /* (in capitals every word is capitalised: the run is the word alone, "OWUSU NOT
     * HOME" is no place) */
    for (j = *first; j < nt && j <= (mixed ? i + 3 : i); j++) {
        if (j > i && (!tn_adjacent(s, &t[j - 1], &t[j], 0) || !t[j].alpha ||
                      (t[i].cap && !t[j].cap && !(t[j].e - t[j].b <= 2)))) {
            break;
        }
        if (j >= i && tn_place_run(s, n, t, nt, *first, j, 0)) {
            return 0;
        }
    }
    return 1;
}

/* Does one of the words w stand at p, whole (a possessive may follow)? */
static int
word_at_p(const char *s, size_t n, size_t p, const struct more_word *w, size_t nw)
{
    size_t k;

    for (k = 0; k < nw; k++) {
        size_t l = w[k].e - w[k].b;

        if (w[k].b != p && p + l <= n && same_word(s + p, s + w[k].b, l) &&
            (p + l == n ||
             !(tn_name_byte((unsigned char)s[p + l]) || tx_digit((unsigned char)s[p + l])))) {
            return 1;
        }
        if (w[k].b != p && p + l + 2 <= n && same_word(s + p, s + w[k].b, l) && s[p + l] == '\'' &&
            (s[p + l + 1] | 0x20) == 's' &&
            (p + l + 2 == n || !tn_name_byte((unsigned char)s[p + l + 2]))) {
            return 1;
        }
    }
    return 0;
}

/* Where the word before the one at p starts, up to back words back and 48 bytes. */
static size_t
words_back(const char *s, size_t p, int back)
{
    size_t from = p;

    while (from > 0 && back > 0 && p - from < 48) {
        while (from > 0 && !tn_name_byte((unsigned char)s[from - 1]) &&
               !tx_digit((unsigned char)s[from - 1]) && p - from < 48) {
            from--;
        }
        while (from > 0 &&
               (tn_name_byte((unsigned char)s[from - 1]) || tx_digit((unsigned char)s[from - 1]))) {
            from--;
        }
        back--;
    }
    return from;
}

/*
 * The mentions of the words w: one pass over the text looks at the first letter of each
 * word; only a word that starts like one of them is tokenised, with the words around it.
 */
static int
coref(const char *s, size_t n, const size_t *sb, const size_t *se, size_t nsp,
      int (*add)(void *ctx, size_t b, size_t e), void *ctx)
{
    struct more_word w[MORE_MAX_WORDS];
    struct ntok t[8];
    unsigned char lead[32];
    size_t nw, p, k;
    int mixed = -1, rc, added = 0;

    nw = name_words(s, sb, se, nsp, w, MORE_MAX_WORDS);
    if (nw == 0) {
        return 0;
    }
    memset(lead, 0, sizeof(lead));
    for (k = 0; k < nw; k++) {
        int c = (unsigned char)s[w[k].b] | 0x20;

        lead[c >> 3] |= (unsigned char)(1u << (c & 7));
    }
    for (p = 0; p < n; p++) {
        int c = (unsigned char)s[p] | 0x20, m; /* a letter's lower case; the rest do not
                                                * matter: word_at_p() decides */
        size_t nt, i, ul, first;

        if (!(lead[c >> 3] & (1u << (c & 7))) || (p > 0 && (tn_name_byte((unsigned char)s[p - 1]) ||
                                                            tx_digit((unsigned char)s[p - 1])))) {
            continue;
        }
        if (!word_at_p(s, n, p, w, nw)) {
            continue;
        }
        nt = tn_tokenize(s, n, words_back(s, p, 3), t, sizeof(t) / sizeof(t[0]));
        for (i = 0; i < nt && t[i].b < p; i++) {
        }
        if (i == nt || t[i].b != p) {
            continue; /* inside a token ("Asante-Boateng") */
        }
        ul = base_len(s, &t[i]);
        if (!t[i].alpha || t[i].initial || ul < 3) {
            continue;
        }
        if (mixed < 0) {
            mixed = mixed_case(s, n);
        }
        if ((m = repeats(s, &t[i], ul, w, nw, mixed)) == 0 ||
            !mention_ok(s, n, t, nt, i, w, nw, mixed, w[m - 1].ev, &first)) {
            continue;
        }
        rc = add(ctx, t[first].b, t[i].b + ul);
        if (rc < 0) {
            return rc;
        }
        added += rc;
        p = t[i].e;
    }
    return added;
}

/* The separator of a list at s[i..): ", ", "; ", " and ", ", and ", " & ". Returns its end. */
static size_t
list_sep(const char *s, size_t n, size_t i, int comma_ok)
{
    size_t k = i;

    if (k < n && (s[k] == ';' || (comma_ok && s[k] == ','))) {
        k++;
        while (k < n && s[k] == ' ') {
            k++;
        }
        if (k + 4 <= n && tx_ieq(s, k, k + 3, "and") && s[k + 3] == ' ') {
            k += 4;
        }
        return k > i + 1 || (k < n && s[k - 1] == ' ') ? k : 0;
    }
    if (k + 5 <= n && s[k] == ' ' && tx_ieq(s, k + 1, k + 4, "and") && s[k + 4] == ' ') {
        return k + 5;
    }
    if (k + 3 <= n && s[k] == ' ' && s[k + 1] == '&' && s[k + 2] == ' ') {
        return k + 3;
    }
    return 0;
}

/* The shape of the name t[0..nt): one letter per token, ',' for an inner comma. */
static size_t
shape_str(const char *s, const struct ntok *t, size_t nt, char *out, size_t cap)
{
    size_t j, k = 0;

    for (j = 0; j < nt && k + 2 < cap; j++) {
        out[k++] = t[j].initial ? 'I' : (char)('0' + shape_of(&t[j]));
        if (j + 1 < nt && t[j].dot < t[j + 1].b && s[t[j].dot] == ',') {
            out[k++] = ',';
        }
    }
    out[k] = '\0';
    return k;
}

/*
 * The list item of the same shape as the found name at s[b..), or 0: its end in *ie.
 * An item is followed by a separator, a bracket, a full stop or the end of the text.
 */
static int
list_item(const char *s, size_t n, size_t b, const char *shape, size_t *ie)
{
    struct ntok t[MORE_MAX_ITEM + 1];
    char sh[2 * MORE_MAX_ITEM + 2];
    size_t nt, want = 0, j, end;
    int named = 0;

    for (j = 0; shape[j] != '\0'; j++) {
        want += shape[j] != ',';
    }
    nt = tn_tokenize(s, n, b, t, want + 1);
    if (nt < want || t[0].b != b) {
        return 0;
    }
    for (j = 0; j < want; j++) {
        int g, ev;

        if (!t[j].alpha || (j > 0 && !tn_adjacent(s, &t[j - 1], &t[j], 1))) {
            return 0;
        }
        if (t[j].initial) {
            continue;
        }
        if (listed(s, t[j].b, t[j].e)) {
            return 0;
        }
        ev = tn_evidence(s, &t[j], &g);
        if (ev == EV_STOP) {
            return 0;
        }
        named |= ev == EV_NAME || (ev == EV_WEAK && tn_vowels(s, &t[j]) >= 1);
    }
    shape_str(s, t, want, sh, sizeof(sh));
    if (!named || strcmp(sh, shape) != 0) {
        return 0;
    }
    end = t[want - 1].dot;
    /* the item ends: not "M. Price Foundation" */
    if (end < n && !(s[end] == ',' || s[end] == ';' || s[end] == ' ' || s[end] == '.' ||
                     s[end] == ')' || s[end] == '\n' || s[end] == '\r')) {
        return 0;
    }
    if (nt > want && t[want - 1].dot == t[want - 1].e &&
        tn_adjacent(s, &t[want - 1], &t[want], 0) && t[want].cap) {
        return 0; /* one more capitalised word: a longer name or a firm */
    }
    if (tn_place_run(s, n, t, nt, 0, want - 1, 0)) {
        return 0;
    }
    *ie = t[want - 1].e;
    return 1;
}

/* A bracket of up to 12 bytes after a list item ("(D2)", "(W)"): its end, or i. */
static size_t
skip_note(const char *s, size_t n, size_t i)
{
    size_t k = i;

    if (k + 1 < n && s[k] == ' ' && s[k + 1] == '(') {
        k++;
    }
    if (k < n && s[k] == '(') {
        size_t c;

        for (c = k + 1; c < n && c < k + 14 && s[c] != ')' && s[c] != '('; c++) {
        }
        if (c < n && s[c] == ')') {
            return c + 1;
        }
    }
    return i;
}

static int
list_more(const char *s, size_t n, size_t b, size_t e, int (*add)(void *ctx, size_t b, size_t e),
          void *ctx)
{
    struct ntok t[MORE_MAX_ITEM + 1];
    char shape[2 * MORE_MAX_ITEM + 2];
    size_t nt, i, sep, ib, ie;
    int comma_ok, rc, added = 0, items = 0;

    nt = tn_tokenize(s, e, b, t, MORE_MAX_ITEM + 1);
    if (nt == 0 || nt > MORE_MAX_ITEM) {
        return 0;
    }
    shape_str(s, t, nt, shape, sizeof(shape));
    /* a name with an inner comma ("Castillo, K.") is listed with ';' or "and" */
    comma_ok = strchr(shape, ',') == NULL;
    i = t[nt - 1].dot;
    if (i > e + 1) {
        i = e;
    }
    while (items < 8) {
        i = skip_note(s, n, i);
        sep = list_sep(s, n, i, comma_ok);
        if (sep == 0 || sep >= n) {
            break;
        }
        ib = sep;
        if (!list_item(s, n, ib, shape, &ie)) {
            break;
        }
        rc = add(ctx, ib, ie);
        if (rc < 0) {
            return rc;
        }
        added += rc;
        items++;
        i = ie < n && s[ie] == '.' ? ie + 1 : ie;
    }
    return added;
}

/*
 * Other places where a found name of two words or more stands whole, in the same
 * capitals ("SUPT MAEVE NG PRESENT ... TENANT MAEVE NG"): a full name said again names
 * the same person whatever stands around it (its short words too, which the word-by-word
 * pass leaves alone). Not inside a longer run of capitalised words ("Maeve Ng Park").
 */
static int
full_repeats(const char *s, size_t n, size_t b, size_t e, int (*add)(void *ctx, size_t b, size_t e),
             void *ctx)
{
    size_t l = e - b, p = 0;
    int rc, added = 0;

    /* (a name found in lower case is taken again by its words only) */
    if (l < 5 || memchr(s + b, ' ', l) == NULL || !tx_upper((unsigned char)s[b])) {
        return 0;
    }
    while (p + l <= n) {
        const char *hit = memmem(s + p, n - p, s + b, l);
        size_t h;

        if (hit == NULL) {
            break;
        }
        h = (size_t)(hit - s);
        p = h + 1;
        if (h == b ||
            (h > 0 &&
             (tn_name_byte((unsigned char)s[h - 1]) || tx_digit((unsigned char)s[h - 1]))) ||
            (h + l < n &&
             (tn_name_byte((unsigned char)s[h + l]) || tx_digit((unsigned char)s[h + l])))) {
            continue;
        }
        /* a capitalised word right after it: a longer proper noun ("Maeve Ng Park") */
        if (h + l + 1 < n && s[h + l] == ' ' && tx_upper((unsigned char)s[h + l + 1]) &&
            !tx_upper((unsigned char)s[b + 1])) {
            continue;
        }
        /* not the first words of a place ("Maeve Ng Blvd", "Rose Hill, NY") */
        {
            struct ntok t[MORE_MAX_ITEM * 2];
            size_t nt = tn_tokenize(s, n, h, t, sizeof(t) / sizeof(t[0])), last = 0;

            while (last + 1 < nt && t[last + 1].e <= h + l) {
                last++;
            }
            if (nt == 0 || t[last].e > h + l + 2 || tn_place_run(s, n, t, nt, 0, last, 0)) {
                continue;
            }
        }
        rc = add(ctx, h, h + l);
        if (rc < 0) {
            return rc;
        }
        added += rc;
        p = h + l;
    }
    return added;
}

int
odp_text_person_more(const char *s, size_t n, const size_t *sb, const size_t *se, size_t nsp,
                     int (*add)(void *ctx, size_t b, size_t e), void *ctx)
{
    size_t k;
    int rc, added = 0;

    if (s == NULL || nsp == 0) {
        return 0;
    }
    for (k = 0; k < nsp; k++) {
        rc = list_more(s, n, sb[k], se[k], add, ctx);
        if (rc < 0) {
            return rc;
        }
        added += rc;
        rc = full_repeats(s, n, sb[k], se[k], add, ctx);
        if (rc < 0) {
            return rc;
        }
        added += rc;
    }
    rc = coref(s, n, sb, se, nsp, add, ctx);
    if (rc < 0) {
        return rc;
    }
    return added + rc;
}
