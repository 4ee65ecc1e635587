/*
 * detect.c - identifier detectors: PCRE2 candidates, then a validator per detector.
 *
 * Each detector is one or two PCRE2 patterns (8-bit, no UTF, JIT compiled once per
 * struct odp_detect) that find candidates, and a C validator that decides whether a
 * candidate really is the identifier (NANP rules, SSN area/group/serial, Luhn and IIN,
 * inet_pton, calendar dates, BBL ranges). odp_detect_find returns the leftmost
 * validated match at or after `start`: when a candidate fails validation the search
 * resumes one byte after that candidate's start.
 *
 * Context-only detectors never look at free text on their own: person_name and
 * license match the whole (trimmed) value only when the column header says so, and an
 * undashed BBL (10 digits) or BIN (7 digits) only when the header names bbl / bin /
 * borough_block_lot; the dashed BBL form 1-00234-0056 matches anywhere.
 *
 * Promises: nothing is allocated per call (one match data block and one match context
 * per struct, reused), every match runs under match/heap limits and a bounded JIT
 * stack, and no error message ever holds any part of the subject.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "detect.h"

/* Limits per pcre2_match call: generous for cells, fatal for pathological input. */
#define DET_MATCH_LIMIT 200000u
#define DET_HEAP_LIMIT_KB 4096u
#define DET_JIT_STACK_MAX (512u * 1024u)
#define DET_OVEC_PAIRS 24u

/* Normalised column hints are cached up to this length; longer ones are truncated. */
#define DET_HINT_MAX 256u

enum { PAT_MAIN = 0, PAT_CTX, PAT__COUNT };

struct odp_detect {
    uint32_t mask;
    pcre2_code *re[ODP_DET__COUNT][PAT__COUNT];
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit;
    /* Cache of the last column hint seen and what it implies. */
    char hint_raw[DET_HINT_MAX];
    int hint_valid;
    uint32_t hint_kinds;
};

/* ---------------------------------------------------------------- patterns */

/*
 * Local part cannot start or end with '.', domain labels cannot start or end with '-',
 * the top-level label is alphabetic. No character of the local-part set may precede
 * the match, so a match never starts inside a longer token.
 */
static const char pat_email[] =
    "(?<![A-Za-z0-9_%+\\-])"
    "[A-Za-z0-9_%+\\-](?:[A-Za-z0-9._%+\\-]{0,62}[A-Za-z0-9_%+\\-])?"
    "@(?:[A-Za-z0-9](?:[A-Za-z0-9\\-]{0,61}[A-Za-z0-9])?\\.){1,8}[A-Za-z]{2,24}"
    "(?![A-Za-z0-9\\-]|\\.[A-Za-z0-9])";

/*
 * NANP: optional +1 / 1 prefix, area code (parenthesised or not), exchange, line.
 * Groups: 1 paren area, 2 bare area, 3 separator after bare area, 4 exchange,
 * 5 separator after exchange, 6 line. Digits or dash/dot-joined digits on either side
 * mean the run is part of a longer number.
 */
static const char pat_phone[] =
    "(?<![0-9A-Za-z_+])(?<![0-9][.\\-/])"
    "(?:\\+?1[ .\\-]?)?"
    "(?:\\(([2-9][0-9]{2})\\)[ .\\-]?|([2-9][0-9]{2})([ .\\-]?))"
    "([2-9][0-9]{2})([ .\\-]?)([0-9]{4})"
    "(?![0-9A-Za-z_]|[.\\-/][0-9])";

/*
 * AAA-GG-SSSS with the same separator (dash, space or none) twice (backreference).
 * Groups: 1 area, 2 separator, 3 group, 4 serial.
 */
static const char pat_ssn[] =
    "(?<![0-9A-Za-z_$])(?<![0-9][.\\-/,])"
    "([0-9]{3})([ \\-]?)([0-9]{2})\\2([0-9]{4})"
    "(?![0-9A-Za-z_]|[.\\-/,][0-9])";

struct det_def {
    const char *pat[PAT__COUNT];
    uint32_t opts;
};

static const struct det_def defs[ODP_DET__COUNT] = {
    [ODP_DET_EMAIL] = {{pat_email, NULL}, 0},
    [ODP_DET_PHONE] = {{pat_phone, NULL}, 0},
    [ODP_DET_SSN] = {{pat_ssn, NULL}, 0},
};

/* ---------------------------------------------------------------- helpers */

static size_t
count_digits(const char *s, size_t n, size_t start)
{
    size_t i, c = 0;

    for (i = start; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9') {
            c++;
        }
    }
    return c;
}

static int
digit_at(const char *s, size_t i)
{
    return s[i] - '0';
}

/* Group `g` of the last match, or -1/-1 when unset. */
static void
group(const struct odp_detect *d, unsigned g, size_t *b, size_t *e)
{
    const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(d->md);

    if (g >= pcre2_get_ovector_count(d->md) || ov[2 * g] == PCRE2_UNSET) {
        *b = (size_t)-1;
        *e = (size_t)-1;
        return;
    }
    *b = ov[2 * g];
    *e = ov[2 * g + 1];
}

/* ---------------------------------------------------------------- validators */

static int
valid_email(const struct odp_detect *d, const char *s, size_t b, size_t e)
{
    size_t i;

    (void)d;
    /* No ".." anywhere (local part or domain). */
    for (i = b; i + 1 < e; i++) {
        if (s[i] == '.' && s[i + 1] == '.') {
            return 0;
        }
    }
    return 1;
}

static int
valid_phone(const struct odp_detect *d, const char *s, size_t b, size_t e)
{
    size_t pb, pe, ab, ae, s1b, s1e, s2b, s2e;

    (void)b;
    (void)e;
    group(d, 1, &pb, &pe);
    group(d, 2, &ab, &ae);
    group(d, 3, &s1b, &s1e);
    group(d, 5, &s2b, &s2e);
    if (pb == (size_t)-1 && ab != (size_t)-1) {
        /* Bare area code: both separators absent, or both present and equal. */
        size_t l1 = s1e - s1b, l2 = s2e - s2b;

        if (l1 != l2) {
            return 0;
        }
        /* "212 555-0123" is common; other mixes ("212-555.0123") are not phones. */
        if (l1 == 1 && s[s1b] != s[s2b] && !(s[s1b] == ' ' && s[s2b] == '-')) {
            return 0;
        }
    }
    /* N11 codes (411, 911, ...) are service codes, not area codes. */
    if (ab != (size_t)-1 && s[ab + 1] == '1' && s[ab + 2] == '1') {
        return 0;
    }
    if (pb != (size_t)-1 && s[pb + 1] == '1' && s[pb + 2] == '1') {
        return 0;
    }
    return 1;
}

static int
valid_ssn(const struct odp_detect *d, const char *s, size_t b, size_t e)
{
    size_t ab, ae, gb, ge, sb, se;
    int area;

    (void)b;
    (void)e;
    group(d, 1, &ab, &ae);
    group(d, 3, &gb, &ge);
    group(d, 4, &sb, &se);
    area = digit_at(s, ab) * 100 + digit_at(s, ab + 1) * 10 + digit_at(s, ab + 2);
    if (area == 0 || area == 666 || area >= 900) {
        return 0;
    }
    if (s[gb] == '0' && s[gb + 1] == '0') {
        return 0;
    }
    if (memcmp(s + sb, "0000", 4) == 0) {
        return 0;
    }
    return 1;
}

typedef int (*det_valid_fn)(const struct odp_detect *d, const char *s, size_t b, size_t e);

static const det_valid_fn validators[ODP_DET__COUNT] = {
    [ODP_DET_EMAIL] = valid_email,
    [ODP_DET_PHONE] = valid_phone,
    [ODP_DET_SSN] = valid_ssn,
};

/*
 * Cheap literal test: 0 when the detector provably cannot match in s[start..n).
 */
static int
prefilter(enum odp_detector which, const char *s, size_t n, size_t start)
{
    switch (which) {
    case ODP_DET_EMAIL:
        return n - start >= 6 && memchr(s + start, '@', n - start) != NULL;
    case ODP_DET_PHONE:
        return n - start >= 10 && count_digits(s, n, start) >= 10;
    case ODP_DET_SSN:
        return n - start >= 9 && count_digits(s, n, start) >= 9;
    default:
        return 1;
    }
}

/* ---------------------------------------------------------------- lifecycle */

struct odp_detect *
odp_detect_new(uint32_t mask, struct odp_err *err)
{
    struct odp_detect *d;
    int i, p, ec;
    PCRE2_SIZE eo;

    if ((mask & ~((1u << ODP_DET__COUNT) - 1u)) != 0) {
        odp_errf(err, ODP_EINVAL, NULL, "detector mask names an unknown detector");
        return NULL;
    }
    d = calloc(1, sizeof(*d));
    if (d == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory creating detectors");
        return NULL;
    }
    d->mask = mask;
    d->mctx = pcre2_match_context_create(NULL);
    d->md = pcre2_match_data_create(DET_OVEC_PAIRS, NULL);
    d->jit = pcre2_jit_stack_create(32u * 1024u, DET_JIT_STACK_MAX, NULL);
    if (d->mctx == NULL || d->md == NULL || d->jit == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory creating detectors");
        goto fail;
    }
    pcre2_set_match_limit(d->mctx, DET_MATCH_LIMIT);
    pcre2_set_heap_limit(d->mctx, DET_HEAP_LIMIT_KB);
    pcre2_jit_stack_assign(d->mctx, NULL, d->jit);
    for (i = 0; i < ODP_DET__COUNT; i++) {
        if ((mask & (1u << i)) == 0) {
            continue;
        }
        for (p = 0; p < PAT__COUNT; p++) {
            if (defs[i].pat[p] == NULL) {
                continue;
            }
            d->re[i][p] = pcre2_compile((PCRE2_SPTR)defs[i].pat[p], PCRE2_ZERO_TERMINATED,
                                        defs[i].opts, &ec, &eo, NULL);
            if (d->re[i][p] == NULL) {
                odp_errf(err, ec == PCRE2_ERROR_NOMEMORY ? ODP_ENOMEM : ODP_EINTERNAL, NULL,
                         "detector '%s': pattern does not compile (pcre2 error %d at %zu)",
                         odp_detector_name((enum odp_detector)i), ec, (size_t)eo);
                goto fail;
            }
            /* JIT is an optimisation: the interpreter is used where it is missing. */
            (void)pcre2_jit_compile(d->re[i][p], PCRE2_JIT_COMPLETE);
        }
    }
    return d;
fail:
    odp_detect_free(d);
    return NULL;
}

void
odp_detect_free(struct odp_detect *d)
{
    int i, p;

    if (d == NULL) {
        return;
    }
    for (i = 0; i < ODP_DET__COUNT; i++) {
        for (p = 0; p < PAT__COUNT; p++) {
            pcre2_code_free(d->re[i][p]);
        }
    }
    pcre2_match_data_free(d->md);
    pcre2_match_context_free(d->mctx);
    pcre2_jit_stack_free(d->jit);
    free(d);
}

/* ---------------------------------------------------------------- matching */

/*
 * Leftmost candidate of pattern `re` at or after `pos` that passes `valid`.
 */
static int
find_validated(struct odp_detect *d, enum odp_detector which, const pcre2_code *re,
               det_valid_fn valid, const char *s, size_t n, size_t pos, size_t *mstart,
               size_t *mend, struct odp_err *err)
{
    const PCRE2_SIZE *ov;
    int rc;

    while (pos < n) {
        rc = pcre2_match(re, (PCRE2_SPTR)s, n, pos, 0, d->md, d->mctx);
        if (rc == PCRE2_ERROR_NOMATCH) {
            return 0;
        }
        if (rc < 0) {
            if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT ||
                rc == PCRE2_ERROR_JIT_STACKLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT) {
                return odp_errf(err, ODP_ELIMIT, NULL,
                                "detector '%s': match limit reached on a value",
                                odp_detector_name(which));
            }
            if (rc == PCRE2_ERROR_NOMEMORY) {
                return odp_errf(err, ODP_ENOMEM, NULL, "detector '%s': out of memory",
                                odp_detector_name(which));
            }
            return odp_errf(err, ODP_EINTERNAL, NULL, "detector '%s': pcre2 match error %d",
                            odp_detector_name(which), rc);
        }
        ov = pcre2_get_ovector_pointer(d->md);
        if (ov[1] > ov[0] && (valid == NULL || valid(d, s, ov[0], ov[1]))) {
            *mstart = ov[0];
            *mend = ov[1];
            return 1;
        }
        pos = ov[0] + 1;
    }
    return 0;
}

int
odp_detect_find(struct odp_detect *d, enum odp_detector which, const char *s, size_t n,
                size_t start, const char *column_hint, size_t *mstart, size_t *mend,
                struct odp_err *err)
{
    (void)column_hint;
    if (d == NULL || s == NULL || mstart == NULL || mend == NULL ||
        (unsigned)which >= ODP_DET__COUNT) {
        return odp_errf(err, ODP_EINVAL, NULL, "odp_detect_find: bad argument");
    }
    if ((d->mask & (1u << which)) == 0) {
        return odp_errf(err, ODP_EINVAL, NULL, "detector '%s' was not compiled into this set",
                        odp_detector_name(which));
    }
    if (start >= n || !prefilter(which, s, n, start)) {
        return 0;
    }
    if (d->re[which][PAT_MAIN] == NULL) {
        return 0;
    }
    return find_validated(d, which, d->re[which][PAT_MAIN], validators[which], s, n, start,
                          mstart, mend, err);
}

int
odp_detect_any(struct odp_detect *d, const char *s, size_t n, const char *column_hint,
               uint32_t *hits, struct odp_err *err)
{
    size_t b, e;
    int i, rc;

    if (d == NULL || hits == NULL || (s == NULL && n > 0)) {
        return odp_errf(err, ODP_EINVAL, NULL, "odp_detect_any: bad argument");
    }
    for (i = 0; i < ODP_DET__COUNT; i++) {
        if ((d->mask & (1u << i)) == 0) {
            continue;
        }
        rc = odp_detect_find(d, (enum odp_detector)i, s, n, 0, column_hint, &b, &e, err);
        if (rc < 0) {
            return rc;
        }
        if (rc == 1) {
            *hits |= 1u << i;
        }
    }
    return ODP_OK;
}

uint32_t
odp_column_hint_kinds(const char *header)
{
    (void)header;
    return 0;
}
