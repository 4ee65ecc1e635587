/*
 * textnames_int.h - shared by textnames.c (the person-name scanner), textnames_lists.c
 * (its word sets), textnames_ctx.c (the text around a candidate) and textnames_tok.c
 * (its tokens).
 */
#ifndef ODP_TEXTNAMES_INT_H
#define ODP_TEXTNAMES_INT_H

#include "textscan.h"

#define NM_MAX_TOK 64

/* A name-shaped token of the text (textnames_tok.c). */
struct ntok {
    size_t b, e;          /* the token, without a trailing '.' */
    size_t dot;           /* e + 1 when a '.' follows, else e */
    unsigned cap : 1;     /* starts with a capital */
    unsigned allcap : 1;  /* every ASCII letter upper case */
    unsigned initial : 1; /* one capital letter (J, J.) or M.J. */
    unsigned alpha : 1;   /* letters only (with ' - and UTF-8) */
};

/*
 * What the name tables and the word list say of a token: EV_STOP (never a name),
 * EV_WORD (an English word, perhaps a name too), EV_WEAK (neither a known name nor a
 * word), EV_NAME (a known name that is no common word). *given: 1 a frequent given name,
 * 2 a frequent surname, 4 a known given name, 8 a known surname (rank <= 20,000) (textnames.c).
 */
enum { EV_STOP = 0, EV_WORD, EV_WEAK, EV_NAME };
int tn_evidence(const char *s, const struct ntok *t, int *given);
/* tn_evidence() of t[i], cached in ev[i] / gv[i] (-1: not yet known) */
int tn_ev_of(const char *s, const struct ntok *t, size_t i, signed char *ev, signed char *gv,
             int *g);

extern struct tx_set tn_titles_set;      /* titles and ranks: Mr, Dr, Det., PO ... */
extern struct tx_set tn_roles_set;       /* role and contact cues: tenant, per, c/o ... */
extern struct tx_set tn_deny_set;        /* not names in this domain: boroughs, agencies ... */
extern struct tx_set tn_stop_set;        /* function words */
extern struct tx_set tn_place_after_set; /* street types and place words */
extern struct tx_set tn_honorific_set;   /* Mr, Mrs, Ms, Dr, Rabbi ... */
extern struct tx_set tn_particle_set;    /* de, la, van, der, bin ... */
extern struct tx_set tn_function_set;    /* the, of, then, will ... */
extern struct tx_set tn_eponym_set;      /* Parkinson, Alzheimer: "Parkinson's" */
extern struct tx_set tn_alias_set;       /* aka, known as, called him: an alias follows */
extern struct tx_set tn_animal_set;      /* dog, cat, mix ...: "a dog named Max" */

/* textnames_ctx.c: the text around a candidate name at a byte position of s[0..n) */
size_t tn_fold_latin(const char *s, size_t b, size_t e, char *buf, size_t cap);
int tn_signoff_before(const char *s, size_t b); /* 1 "Thanks,\n", 2 "thx - " */
int tn_sentence_start(const char *s, size_t b);
int tn_clause_end(const char *s, size_t n, size_t i);
int tn_verb_after(const char *s, size_t n, size_t i);
int tn_descriptor_after(const char *s, size_t n, size_t i);
int tn_has_descriptor(const char *s, size_t n);
int tn_has_label(const char *s, size_t n);             /* a DOB label or an e-mail may be in s */
int tn_age_after(const char *s, size_t n, size_t i);   /* " (44)", " (age 93)" */
int tn_dob_after(const char *s, size_t n, size_t i);   /* " dob 2/25/1934", " b. 1954" */
int tn_phone_label(const char *s, size_t b, size_t e); /* TEL, CALLBACK, Cell */
int tn_phone_after(const char *s, size_t n, size_t i); /* " (718) 555-0134" */
int tn_email_after(const char *s, size_t n, size_t i); /* " <name@host>", " (x[at]y.com)" */
int tn_dash_before(const char *s, size_t b);           /* " - " before a signature */
int tn_text_ends(const char *s, size_t n, size_t i);
int tn_unit_after(const char *s, size_t n, size_t i); /* " from apt 8a", " in #4d" */
int tn_zip_after(const char *s, size_t n, size_t i);
int tn_role_after(const char *s, size_t n, size_t i); /* " (petitioner)" */
void tn_count_case(const char *s, size_t n, size_t *lows, size_t *ups);
int tn_line_start(const char *s, size_t b);
int tn_vocative_after(const char *s, size_t n, size_t i); /* ",\n", ", can you" */
int tn_relation_after(const char *s, size_t n, size_t i); /* "'s mother" */
int tn_speech_after(const char *s, size_t n, size_t i);   /* " told", ", who" */

/* textnames_tok.c */
int tn_lower_c(int c);
int tn_lc_copy(const char *s, size_t b, size_t e, char *buf, size_t cap);
int tn_in_list_tok(const char *s, size_t b, size_t e, struct tx_set *set);
size_t tn_apos_len(const char *s, size_t n, size_t i);
int tn_name_byte(int c);
int tn_hyphen_joins(const char *s, size_t n, size_t i);
int tn_latin_ext_upper(const char *s, size_t n, size_t b);
size_t tn_tokenize(const char *s, size_t n, size_t from, struct ntok *t, size_t cap);
int tn_adjacent(const char *s, const struct ntok *a, const struct ntok *b, int comma);
int tn_is_state_code(const char *s, const struct ntok *t);
int tn_cue_word(const char *s, const struct ntok *t);
int tn_non_ascii(const char *s, const struct ntok *t);
int tn_plain_cap(const char *s, const struct ntok *t);
size_t tn_vowels(const char *s, const struct ntok *t);
int tn_has_vowel(const char *s, const struct ntok *t);
size_t tn_nickname_end(const char *s, size_t n, const struct ntok *t, size_t nt, size_t k);
int tn_versus(const char *s, size_t n, const struct ntok *t);
int tn_real_initial(const char *s, size_t n, const struct ntok *t);
int tn_abbrev_initials(const char *s, const struct ntok *t);
size_t tn_run_end(const struct ntok *t, size_t last);

/* textnames_place.c: is t[first..last] a place or a firm (cued: a title or role named
 * it); where a run with a hyphenated token must end */
int tn_place_run(const char *s, size_t n, const struct ntok *t, size_t nt, size_t first,
                 size_t last, int cued);
size_t tn_hyphen_cut(const char *s, const struct ntok *t, size_t first, size_t last);

/* textnames_cues.c */
/* A run t[i..] right before a birth date's label or an e-mail address: its last token, 0 */
size_t tn_labelled_run(const char *s, size_t n, const struct ntok *t, size_t nt, size_t i,
                       signed char *evc, signed char *gvc);
int tn_lone_given_ok(const char *s, size_t n, const struct ntok *t, size_t nt, size_t i);
int tn_told_before(const char *s, const struct ntok *t); /* "told Bridget", "HELPED NUNE" */
int tn_animal_before(const char *s, size_t b);           /* "the dog Rocky" */
int tn_determiner_before(const char *s, size_t b);       /* "the T.J. Maxx" */
/* "Tran, Aigerim signed": a surname, a comma, a given name; the run's last token, or 0 */
size_t tn_comma_name(const char *s, size_t n, const struct ntok *t, size_t nt, size_t i,
                     signed char *evc, signed char *gvc);
int tn_name_suffix(const char *s, const struct ntok *t);      /* Jr, Sr, II, III, IV */
int tn_possessive_named(const char *s, const struct ntok *t); /* not "the child's DOB" */

/* A quotation mark right before b ('"', '\'', U+201C, U+2018). */
int tn_quote_before(const char *s, size_t b);
/* "transported to", "TXP TO" right before b: a hospital follows, not a person. */
int tn_taken_to_before(const char *s, size_t b);

/* textnames_cues.c: what the tables say of a word that is also something else */
int tn_word_surname(const char *s, const struct ntok *t);   /* Day, Wall, Rich, Law */
int tn_state_word(const char *s, const struct ntok *t);     /* Georgia, Virginia */
int tn_digit_next(const char *s, size_t n, size_t e);       /* a digit after blanks */
int tn_street_surname(const char *s, const struct ntok *t); /* Lane, Hill, Church */
int tn_month_given(const char *s, const struct ntok *t);    /* April, May, June */
int tn_odd_caps(const char *s, const struct ntok *t);       /* MLGW, CACC, SoCalGas */
/* "Anil Menon posted", "ROSE SIMMONS OBSERVED": a pair, then what a person does */
size_t tn_pair_speaks(const char *s, size_t n, const struct ntok *t, size_t nt, size_t i,
                      int caps_text, signed char *evc, signed char *gvc);
/* "Kalinda Iwu, kiwu@me.com", "- Thanh Lafleur, Apt. 41": a pair signed, then a contact */
size_t tn_pair_signed(const char *s, size_t n, const struct ntok *t, size_t nt, size_t i,
                      int caps_text, signed char *evc, signed char *gvc);
/* "to", "by", "with", "from": a role-list word that names no one by itself */
int tn_weak_cue_word(const char *lc);
/* "CALLER BUTT/RABIA": a role, then LAST/FIRST */
size_t tn_slash_name(const char *s, size_t n, const struct ntok *t, size_t nt, size_t i,
                     signed char *evc, signed char *gvc);

#endif
