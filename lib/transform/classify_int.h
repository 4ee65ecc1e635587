/*
 * classify_int.h - what the parts of the column classifier share (classify.c: observe
 * and decide; classify_tokens.c: header tokens). Internal to lib/transform.
 */
#ifndef ODP_CLASSIFY_INT_H
#define ODP_CLASSIFY_INT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "classify.h"
#include "detect.h"

#define CLS_NULLS 8
#define CLS_NULLLEN 8
#define CLS_TOKS 16
#define CLS_TOKLEN 24
#define CLS_HASH_MAX (1u << 16)
#define WIN 1.0

struct slot {
    uint64_t h;
    uint64_t count;
};

struct col {
    char *header;
    char tok[CLS_TOKS][CLS_TOKLEN];
    size_t ntok;
    int surname_pair; /* "nom X" beside "prenom X": the surname (context()) */
    uint32_t kinds;   /* odp_column_hint_kinds */
    int raw_hash;     /* the raw header has a '#' */
    uint64_t seen, ne, nulltok, spaced, newline, total_len, max_len;
    uint64_t zip, zip4, zip_strict, lat, lon, proj, point, guid, year, idshape, plate, vin, apt,
        house, hblock, shortcode, date, date_time, date_year, num, integer, dec4, seq0, seq1;
    uint64_t nfull, ngiven, nsur, nunk, ncontains;
    uint64_t natid;   /* national ID numbers of other countries (odp_val_national_id) */
    uint64_t digits3; /* exactly three digits (an area code alone) */
    uint64_t eircode; /* Irish Eircodes: one per dwelling */
    uint64_t nplace;  /* places named like people: "Duckabush River", "Lake Washington" */
    uint64_t nphrase; /* phrases of common words no name table knows: "SEWER SYSTEM" */
    uint64_t dmy_ok, dmy_only, mdy_only; /* DD/MM/YYYY dates; only day first; only US */
    uint64_t padded; /* values with blanks around them (generalize and round see them) */
    uint64_t hits[ODP_DET__COUNT];
    uint64_t addr_start; /* address match at the start of the value */
    uint64_t pobox;      /* post-office boxes (odp_val_po_box) */
    uint64_t nurl;       /* URLs (odp_val_url) */
    uint64_t ncjk;       /* names in Chinese characters or Hangul (odp_val_cjk_name) */
    uint64_t tod_same;   /* dated values whose time of day is the first one's (tod0) */
    int tod0;
    struct slot *tab;
    size_t cap, used;
    int full;
    struct odp_cls_verdict v;
};

static inline int
eq(const char *a, const char *b)
{
    return strcmp(a, b) == 0;
}

/* Does the header of c hold the token t? */
static inline int
has(const struct col *c, const char *t)
{
    size_t i;

    for (i = 0; i < c->ntok; i++) {
        if (eq(c->tok[i], t)) {
            return 1;
        }
    }
    return 0;
}

static inline int
in(const char *t, const char *const *list)
{
    size_t i;

    for (i = 0; list[i] != NULL; i++) {
        if (eq(t, list[i])) {
            return 1;
        }
    }
    return 0;
}

/* Splits header h into canonical lower-case tokens in c->tok (classify_tokens.c). */
void odp_cls_tokenize(struct col *c, const char *h);

/* The column whose header is column idx's with one x and y swapped at a word's edge
 * (Propx / Propy, XCOORD / YCOORD), or -1 (classify_tokens.c). */
long odp_cls_xy_twin(const struct col *cols, size_t ncols, size_t idx);

/* classify_words.c: header words by what they name (NULL-terminated) */
extern const char *const t_nameword[];
extern const char *const t_role[];
extern const char *const t_neg[];
extern const char *const t_key[];
extern const char *const t_case_strong[];
extern const char *const t_case_weak[];
extern const char *const t_case_keyed[];
extern const char *const t_incident[];
extern const char *const t_license[];
extern const char *const t_badge[];
extern const char *const t_addr[];
extern const char *const t_apt[];
extern const char *const t_latlon[];
extern const char *const t_geo[];
extern const char *const t_xy[];
extern const char *const t_proj[];
extern const char *const t_zip[];
extern const char *const t_date[];
extern const char *const t_birth[];
extern const char *const t_text[];
extern const char *const t_demo[];
extern const char *const t_sensitive[];
extern const char *const t_agg[];
extern const char *const t_phone[];
extern const char *const t_email[];
extern const char *const t_ssn[];
extern const char *const t_plate[];
extern const char *const t_vehicle[];
extern const char *const t_addr_part[];
extern const char *const t_event_place[];
extern const char *const t_not_key[];
extern const char *const t_bldg_not[];

/* "contact_addr2", "Address2": the header names an address's second line (classify_tokens.c). */
int odp_cls_addr_line2(const struct col *c);

/* "nom_parlementaire" beside "prenom_parlementaire", "Name" beside "First Name": marks a
 * name column whose header is a first-name column's without "first" as the surname. */
void odp_cls_surname_pairs(struct col *cols, size_t n);

/* classify_tokens.c: a header naming a part of a person's name ("Buyer First Name") */
int odp_cls_name_part_header(const struct col *c);

/* classify_tab.c: counts v[0..n) among c's distinct values (ODP_OK or ODP_ENOMEM); how
 * many were seen once. */
int odp_cls_tab_add(struct col *c, const char *p, size_t n, struct odp_err *err);
uint64_t odp_cls_tab_singles(const struct col *c);

#endif
