/*
 * textnames_tok.c - tokens of the person-name scanner (textnames.c): name-shaped
 * tokens with their case and initials, and what can be read off one token or two
 * (adjacency, state codes, vowels, abbreviations, a nickname in quotes after a name).
 */
#include <string.h>

#include "textnames_int.h"

int
tn_lower_c(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c;
}

/* Lower-case copy of s[b..e) into buf (ASCII letters; others kept); 0 if too long. */
int
tn_lc_copy(const char *s, size_t b, size_t e, char *buf, size_t cap)
{
    size_t i;

    if (e - b >= cap) {
        return 0;
    }
    for (i = b; i < e; i++) {
        buf[i - b] = (char)tn_lower_c((unsigned char)s[i]);
    }
    buf[e - b] = '\0';
    return 1;
}

int
tn_in_list_tok(const char *s, size_t b, size_t e, struct tx_set *set)
{
    char lc[24];

    return tn_lc_copy(s, b, e, lc, sizeof(lc)) && tx_has(set, lc);
}

/* Is the byte at s[i] the start of an apostrophe (' or U+2019)? Its length or 0. */
size_t
tn_apos_len(const char *s, size_t n, size_t i)
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

int
tn_name_byte(int c)
{
    return tx_alpha(c) || c >= 0x80;
}

/*
 * Does the part after a hyphen at s[i] belong to the same name? A capitalised part
 * (O'Neil-Garcia) or one that is not an English word (Seo-yeon); not "Wellman-jumped".
 */
int
tn_hyphen_joins(const char *s, size_t n, size_t i)
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
int
tn_latin_ext_upper(const char *s, size_t n, size_t b)
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
size_t
tn_tokenize(const char *s, size_t n, size_t from, struct ntok *t, size_t cap)
{
    size_t i = from, k = 0;

    while (i < n && k < cap) {
        int c = (unsigned char)s[i];
        size_t b, j;
        int up = 0, low = 0, dig = 0;

        if (!tn_name_byte(c) && !tx_digit(c)) {
            i++;
            continue;
        }
        b = i;
        while (i < n) {
            size_t al;

            c = (unsigned char)s[i];
            if (tn_name_byte(c) || tx_digit(c)) {
                up |= tx_upper(c);
                low |= c >= 'a' && c <= 'z';
                dig |= tx_digit(c);
                i++;
            } else if ((c == '-' && i + 1 < n && tn_name_byte((unsigned char)s[i + 1]) && i > b &&
                        tn_hyphen_joins(s, n, i + 1)) ||
                       ((al = tn_apos_len(s, n, i)) > 0 && i + al < n &&
                        tx_alpha((unsigned char)s[i + al]) && i > b)) {
                i += c == '-' ? 1 : tn_apos_len(s, n, i);
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
                   tn_latin_ext_upper(s, n, b);
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

/* Only spaces (and for "Smith, J" a comma) between tokens a and b? */
int
tn_adjacent(const char *s, const struct ntok *a, const struct ntok *b, int comma)
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

int
tn_is_state_code(const char *s, const struct ntok *t)
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

/* Is token t itself a role or title word (the last word of a cue phrase)? */
int
tn_cue_word(const char *s, const struct ntok *t)
{
    char lc[24];

    return tn_lc_copy(s, t->b, t->e, lc, sizeof(lc)) &&
           (tx_set_ends(&tn_roles_set, lc) || tx_set_ends(&tn_titles_set, lc));
}

/* Does token t hold a byte >= 0x80 (JESÚS, NÚÑEZ: no English word)? */
int
tn_non_ascii(const char *s, const struct ntok *t)
{
    size_t p;

    for (p = t->b; p < t->e; p++) {
        if ((unsigned char)s[p] >= 0x80) {
            return 1;
        }
    }
    return 0;
}

/* Capital first, no capital after (Mehwish; not CityFHEPS, NYCHA). */
int
tn_plain_cap(const char *s, const struct ntok *t)
{
    size_t p;

    for (p = t->b + 1; p < t->e; p++) {
        if (tx_upper((unsigned char)s[p])) {
            return 0;
        }
    }
    return tx_upper((unsigned char)s[t->b]);
}

/* How many vowels token t holds (TDSB, HRA, DHCR are acronyms; LOPEZ is not). */
size_t
tn_vowels(const char *s, const struct ntok *t)
{
    size_t p, v = 0;

    for (p = t->b; p < t->e; p++) {
        v += s[p] != '\0' && strchr("AEIOUYaeiouy", s[p]) != NULL;
    }
    return v;
}

int
tn_has_vowel(const char *s, const struct ntok *t)
{
    return tn_vowels(s, t) > 0;
}

/*
 * A nickname in quotes right after token k - 1 (' "Tank" ', " 'Lil Man' ", curly quotes
 * too) and a capitalised token after it: that token's index, or 0.
 */
size_t
tn_nickname_end(const char *s, size_t n, const struct ntok *t, size_t nt, size_t k)
{
    size_t i = t[k - 1].e, q, close, j;

    if (i + 2 >= n || s[i] != ' ') {
        return 0;
    }
    i++;
    if (s[i] == '"' || s[i] == '\'') {
        q = 1;
    } else if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
               ((unsigned char)s[i + 2] == 0x9C || (unsigned char)s[i + 2] == 0x98)) {
        q = 3;
    } else {
        return 0;
    }
    for (close = i + q; close < n && close < i + q + 24; close++) {
        unsigned char c = (unsigned char)s[close];

        if (c == '"' || c == '\'' || c == 0xE2) {
            break;
        }
        if (!tx_alpha(c) && c != ' ' && c != '-' && c != '.') {
            return 0;
        }
    }
    if (close >= n || close == i + q) {
        return 0; /* no closing quote, or nothing between the quotes */
    }
    if ((unsigned char)s[close] == 0xE2) {
        /* a closing curly quote: U+201D or U+2019 */
        if (close + 2 >= n || (unsigned char)s[close + 1] != 0x80 ||
            ((unsigned char)s[close + 2] != 0x9D && (unsigned char)s[close + 2] != 0x99)) {
            return 0;
        }
        close += 3;
    } else {
        close += 1;
    }
    if (close >= n || s[close] != ' ') {
        return 0;
    }
    for (j = k; j < nt && t[j].b <= close; j++) {
    }
    return j < nt && t[j].b == close + 1 && t[j].cap && t[j].alpha && !t[j].initial ? j : 0;
}

/* "v." / "vs." between two parties: not a middle initial */
int
tn_versus(const char *s, size_t n, const struct ntok *t)
{
    /* "Smith v. Jones", "SMITH V. JONES"; not the initial of "Tariq V., born" */
    return t->e - t->b == 1 && (s[t->b] == 'v' || s[t->b] == 'V') && t->dot > t->e &&
           t->dot + 1 < n && s[t->dot] == ' ' && tx_upper((unsigned char)s[t->dot + 1]);
}

/* An initial that is not the first letter of an abbreviation (D/O/B, D.O.B.). */
int
tn_real_initial(const char *s, size_t n, const struct ntok *t)
{
    return t->initial && !(t->dot < n && (s[t->dot] == '/' ||
                                          (t->dot > t->e && tx_alpha((unsigned char)s[t->dot]))));
}

/* "U.S.", "P.O.", "A.M.": two-letter abbreviations that are not a person's initials. */
int
tn_abbrev_initials(const char *s, const struct ntok *t)
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
size_t
tn_run_end(const struct ntok *t, size_t last)
{
    return t[last].initial ? t[last].dot : t[last].e;
}
