/*
 * classify.h - the column classifier shared by `odpub init` (drafts an action per column)
 * and `odpub audit` (names the identifier columns a policy keeps).
 *
 * It weighs evidence instead of matching a header keyword list:
 *   header tokens   the header split on camelCase, snake_case, spaces and ALLCAPS runs
 *                   ("INMATEID" -> inmate id), abbreviations expanded (NM, FNAME, DOB,
 *                   TEL, ADDR, STRNO, APT, DKT, IDX, RPT, ...);
 *   value shapes    validators.h (ZIP, coordinates, projected X/Y, points, GUIDs, dates
 *                   in the formats agencies export, record/case numbers, plates, VINs,
 *                   apartments, house numbers) and the detectors of detect.h (email,
 *                   phone, SSN, card, IP, street address, BBL);
 *   names           the public given-name and surname frequency tables (names.h);
 *   cardinality     distinct values and uniqueness (a per-row key, a short code list);
 *   table context   a table about people (names, demographics, person roles in the
 *                   headers) makes its record keys person keys; a table of counts makes
 *                   a list of first names an aggregate, not people.
 * Each column gets a verdict: a kind, whether it must not be published raw, the action
 * to draft, and a "why" that lists the evidence with its weight. No value is copied
 * into a verdict: only counts, shares, token and detector names.
 *
 * Memory: per column a distinct-value table bounded by ODP_CLS_SAMPLE values; values
 * after the sample are ignored (the caller may stop feeding them).
 */
#ifndef ODP_CLASSIFY_H
#define ODP_CLASSIFY_H

#include <stddef.h>
#include <stdint.h>

#include "odp/err.h"
#include "odp/vocab.h"

#define ODP_CLS_SAMPLE 20000u

enum odp_cls_kind {
    ODP_CLS_KEEP = 0,     /* analytic: categories, measures, public places */
    ODP_CLS_EMPTY,        /* no values seen */
    ODP_CLS_ROW_INDEX,    /* an R / pandas row-number column */
    ODP_CLS_PERSON_NAME,
    ODP_CLS_SSN,
    ODP_CLS_CARD,
    ODP_CLS_EMAIL,
    ODP_CLS_PHONE,
    ODP_CLS_IP,
    ODP_CLS_PERSON_KEY,   /* persistent key of a person, or a table-about-people row key */
    ODP_CLS_CASE_NUMBER,  /* case, docket, report, arrest, complaint number */
    ODP_CLS_LICENSE,      /* licence, permit holder, certificate number */
    ODP_CLS_PLATE,
    ODP_CLS_VIN,
    ODP_CLS_ADDRESS,      /* house number and street */
    ODP_CLS_HOUSE_NUMBER,
    ODP_CLS_APARTMENT,
    ODP_CLS_POINT,        /* "(lat, lon)" */
    ODP_CLS_LATLON,
    ODP_CLS_PROJECTED,    /* State Plane / UTM X or Y */
    ODP_CLS_BBL,
    ODP_CLS_BIRTH_DATE,
    ODP_CLS_DATE,         /* a date or timestamp (generalized) */
    ODP_CLS_ZIP,
    ODP_CLS_SENSITIVE,    /* sexual orientation, immigration, ... (NYC 23-1201) */
    ODP_CLS_FREE_TEXT,
    ODP_CLS__COUNT
};

struct odp_cls_verdict {
    enum odp_cls_kind kind;
    int protect;          /* identifying: must not be published raw */
    int qi;               /* 1 quasi-identifier, 2 candidate */
    double score;         /* evidence weight of the winning kind */
    char action[192];     /* "action: ..." as init drafts it */
    char why[512];        /* evidence and weights, no value */
    uint64_t nonempty, distinct;
    uint32_t fired;       /* detectors (1u << det) that matched values */
    uint64_t hits[ODP_DET__COUNT]; /* values each detector matched */
    int distinct_capped;  /* the distinct count stopped at its cap */
    int cleared;          /* kept because the values contradict the header: a veto
                             (category, aggregate, thing or place, already coarsened) or
                             no identifier evidence in 20+ values; or a date (no time of
                             day) under a header naming an identifier the dates vetoed */
};

struct odp_cls;

/* A classifier for a table of `ncols` columns named by `headers` (NUL-terminated). */
struct odp_cls *odp_cls_new(size_t ncols, const char *const *headers, struct odp_err *err);
void odp_cls_free(struct odp_cls *c);

/* One value of column `col` (call once per row and column, in row order). */
int odp_cls_observe(struct odp_cls *c, size_t col, const char *v, size_t n, struct odp_err *err);

/* Decides every column (after the last value). Verdicts are then valid until free. */
int odp_cls_decide(struct odp_cls *c, struct odp_err *err);
const struct odp_cls_verdict *odp_cls_verdict(const struct odp_cls *c, size_t col);

/* Values of column `col` seen exactly once in the sample (uniqueness, for init's notes). */
uint64_t odp_cls_singles(const struct odp_cls *c, size_t col);

/*
 * The null tokens (validators.h odp_val_null_token: NA, N/A, NULL, ...) seen in the sample,
 * as written, at most max of them into out (pointers into cls). Returns how many.
 */
size_t odp_cls_null_tokens(const struct odp_cls *cls, const char **out, size_t max);

/* "person_name", "latlon", ... */
const char *odp_cls_kind_name(enum odp_cls_kind k);

/* Header tokens as the classifier sees them ("INMATEID" -> "inmate id"), for tests. */
void odp_cls_header_tokens(const char *header, char *out, size_t cap);

#endif
