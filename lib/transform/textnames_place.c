/*
 * textnames_place.c - is a run of name-shaped tokens a place or a firm rather than a
 * person ("Frederick Douglass Blvd", "Arlington, VA", "Greenway Pest Control"), and where
 * a hyphenated token ends a name. Split from textnames.c (its 1,300-line cap).
 */
#include <string.h>

#include "names.h"
#include "textnames_int.h"
#include "textscan.h"

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

        if (tn_in_list_tok(s, p, q, &tn_place_after_set) ||
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
size_t
tn_hyphen_cut(const char *s, const struct ntok *t, size_t first, size_t last)
{
    size_t j;

    for (j = first + 1; j < last; j++) {
        if (!hyphen_inside_ok(s, &t[j], 1) && hyphen_inside_ok(s, &t[j], 0)) {
            return j;
        }
    }
    return last;
}

int
tn_place_run(const char *s, size_t n, const struct ntok *t, size_t nt, size_t first, size_t last,
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
    if (!cued && tn_taken_to_before(s, t[first].b) &&
        !(t[last].e - t[last].b > 2 && s[t[last].e - 2] == '\'')) {
        return 1; /* "transported to Harborview", "TXP TO PENN PRESBYTERIAN": a hospital */
    }
    for (j = first + 1; j <= last && !cued; j++) {
        if (tn_in_list_tok(s, t[j].b, t[j].e, &tn_place_after_set)) {
            return 1;
        }
    }
    if (first > 0 && tn_adjacent(s, &t[first - 1], &t[first], 0) &&
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
    while (k < nt && k <= last + 2 && tn_adjacent(s, &t[k - 1], &t[k], 0) &&
           (tx_ieq(s, t[k].b, t[k].e, "jr") || tx_ieq(s, t[k].b, t[k].e, "sr") ||
            t[k].e - t[k].b == 1)) {
        k++;
    }
    if (k < nt && tn_adjacent(s, &t[k - 1], &t[k], 1) && tn_is_state_code(s, &t[k]) &&
        (s[t[k - 1].dot] == ',' || tn_zip_after(s, n, t[k].e)) &&
        /* "Maria Pacheco, ID 9830": a number that is no ZIP makes it an identity's label */
        !(t[k].e + 1 < n && s[t[k].e] == ' ' && tx_digit((unsigned char)s[t[k].e + 1]) &&
          !tn_zip_after(s, n, t[k].e)) &&
        /* "MR ASANTE, IN APT 3-E": a state code that is also a word needs a ZIP or the
         * end of the clause to make a place */
        (!tn_in_list_tok(s, t[k].b, t[k].e, &tn_function_set) || tn_zip_after(s, n, t[k].e) ||
         tn_clause_end(s, n, t[k].e) || (t[k].e < n && s[t[k].e] == '.'))) {
        return 1; /* "Arlington, VA", "GLEN BURNIE MD 21061"; not "SEUNG-HO MA REMOVED" */
    }
    if (k < nt && tn_adjacent(s, &t[k - 1], &t[k], 0) &&
        tn_in_list_tok(s, t[k].b, t[k].e, &tn_place_after_set)) {
        return 1;
    }
    /* "Greenway Pest Control", "Brightline Property Mgmt": a firm's name in two words */
    if (k + 1 < nt && t[k].cap && tn_adjacent(s, &t[k - 1], &t[k], 0) &&
        tn_adjacent(s, &t[k], &t[k + 1], 0) &&
        /* (no full stop between: "MAEVE NG PRESENT. ELEVATOR OUT") */
        t[k].dot == t[k].e && !tn_in_list_tok(s, t[k].b, t[k].e, &tn_function_set) &&
        tn_in_list_tok(s, t[k + 1].b, t[k + 1].e, &tn_place_after_set)) {
        return 1;
    }
    return 0;
}
