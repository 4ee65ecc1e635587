/*
 * textnames_int.h - shared by textnames.c (the person-name scanner), textnames_lists.c
 * (its word sets) and textnames_ctx.c (the text around a candidate).
 */
#ifndef ODP_TEXTNAMES_INT_H
#define ODP_TEXTNAMES_INT_H

#include "textscan.h"

extern struct tx_set tn_titles_set;      /* titles and ranks: Mr, Dr, Det., PO ... */
extern struct tx_set tn_roles_set;       /* role and contact cues: tenant, per, c/o ... */
extern struct tx_set tn_deny_set;        /* not names in this domain: boroughs, agencies ... */
extern struct tx_set tn_stop_set;        /* function words */
extern struct tx_set tn_place_after_set; /* street types and place words */
extern struct tx_set tn_honorific_set;   /* Mr, Mrs, Ms, Dr, Rabbi ... */
extern struct tx_set tn_particle_set;    /* de, la, van, der, bin ... */
extern struct tx_set tn_function_set;    /* the, of, then, will ... */
extern struct tx_set tn_animal_set;      /* dog, cat, mix ...: "a dog named Max" */

/* textnames_ctx.c: the text around a candidate name at a byte position of s[0..n) */
size_t tn_fold_latin(const char *s, size_t b, size_t e, char *buf, size_t cap);
int tn_signoff_before(const char *s, size_t b); /* 1 "Thanks,\n", 2 "thx - " */
int tn_sentence_start(const char *s, size_t b);
int tn_clause_end(const char *s, size_t n, size_t i);
int tn_verb_after(const char *s, size_t n, size_t i);
int tn_age_after(const char *s, size_t n, size_t i);   /* " (44)", " (age 93)" */
int tn_phone_label(const char *s, size_t b, size_t e); /* TEL, CALLBACK, Cell */
int tn_phone_after(const char *s, size_t n, size_t i); /* " (718) 555-0134" */
int tn_email_after(const char *s, size_t n, size_t i); /* " <name@host>" */
int tn_dash_before(const char *s, size_t b);           /* " - " before a signature */
int tn_text_ends(const char *s, size_t n, size_t i);
int tn_unit_after(const char *s, size_t n, size_t i); /* " from apt 8a", " in #4d" */
int tn_zip_after(const char *s, size_t n, size_t i);
int tn_role_after(const char *s, size_t n, size_t i); /* " (petitioner)" */
void tn_count_case(const char *s, size_t n, size_t *lows, size_t *ups);

#endif
