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
 * The free-text detectors (person names, apartments, case numbers, birth dates, plates,
 * badges, licences and BBL/BIN after a cue) are scanners in textnames.c, apartments.c and
 * anchored.c (textscan.h). Under a header that names them, person_name and license also
 * take the whole (trimmed) value, and bbl the undashed BBL / BIN without a cue.
 * odp_detect_spans runs a rule's detectors in one pass on the text with Unicode
 * look-alikes folded.
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
#include "detect_int.h"
#include "textscan.h"

/* Limits per pcre2_match call: generous for cells, fatal for pathological input. */
#define DET_MATCH_LIMIT 200000u
#define DET_HEAP_LIMIT_KB 4096u
#define DET_JIT_STACK_MAX (512u * 1024u)
#define DET_OVEC_PAIRS 24u

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
    /* pcre2_match result of the last candidate: groups >= last_rc are unset. */
    int last_rc;
    /* Unicode look-alikes folded (odp_detect_spans / _any): text and byte map. */
    char *nbuf;
    size_t *nmap;
    size_t ncap;
    /* Spans of the last odp_detect_spans call. */
    struct odp_span *spans;
    size_t nspans, spcap;
    /* Scanners that can match the value being scanned (tx_anchor_gate); ~0 outside it. */
    uint32_t gate;
    /*
     * Digits at or after each offset of the value being scanned (dsuf[i], i <= dsuf_n),
     * so that every prefilter's digit count is one load; dsuf_s is NULL outside a scan.
     */
    uint32_t *dsuf;
    size_t dsuf_cap, dsuf_n;
    const char *dsuf_s;
    int street;    /* the value holds a street type word (valid while dsuf_s is set) */
    int road;      /* a house number and a direction, a highway word, a fire number, a
                      postcode's first half or "box" (addresses.c; the same) */
    int phone;     /* a phone word (phones.c; valid while dsuf_s is set) */
    int phone_nat; /* a '+' before a digit, a number led by 0 in groups (the same) */
    int mail;      /* it holds '@', a closing bracket or "dot" (valid while dsuf_s is set) */
};

/* ---------------------------------------------------------------- helpers */

static size_t
count_digits(const struct odp_detect *d, const char *s, size_t n, size_t start)
{
    size_t i, c = 0;

    if (d->dsuf_s == s && d->dsuf_n == n) {
        return d->dsuf[start];
    }
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

    if ((int)g >= d->last_rc || ov[2 * g] == PCRE2_UNSET) {
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

        /* "212 555-0123", "212-555 0123", "718/962-0969" and "646 5553377" are
         * common; a dot mixed with anything else ("212-555.0123") is not a phone. */
        if (l1 == 1 && l2 == 1 && s[s1b] != s[s2b] &&
            (s[s1b] == '.' || s[s2b] == '.' || s[s2b] == '/')) {
            return 0;
        }
        if (l1 == 0 && l2 == 1) {
            return 0; /* "212555-0123" */
        }
        if (l1 == 1 && l2 == 0 && s[s1b] != ' ' && s[s1b] != '-') {
            return 0; /* only "646 5553377" and "646-5553377" */
        }
        if ((l1 == 3) != (l2 == 3)) {
            return 0; /* "818 - 450 - 1948" spaces both dashes or neither */
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

static int
valid_card(const struct odp_detect *d, const char *s, size_t b, size_t e)
{
    char dg[20];
    unsigned len = 0;
    char sep = 0;
    size_t i;

    (void)d;
    for (i = b; i < e; i++) {
        if (s[i] >= '0' && s[i] <= '9') {
            if (len >= sizeof(dg)) {
                return 0;
            }
            dg[len++] = s[i];
        } else if (sep == 0) {
            sep = s[i];
        } else if (s[i] != sep) {
            return 0; /* "4111-1111 1111-1111": mixed separators */
        }
    }
    if (len < 13 || len > 19) {
        return 0;
    }
    /* All digits the same (0000..., 4444...) are placeholders, not cards. */
    for (i = 1; i < len && dg[i] == dg[0]; i++) {
    }
    if (i == len) {
        return 0;
    }
    return odp_det_iin_ok(dg, len) && odp_det_luhn_ok(s, b, e);
}

/*
 * An address led by its unit ("4/357 Sydney Rd"): no word of digits between the house
 * number and the street type ("REINSPECTION 5/23 BLDG 2251 DELANCEY ST" is a date, then
 * an address of its own). Other addresses as matched.
 */
static int
valid_address(const struct odp_detect *d, const char *s, size_t b, size_t e)
{
    size_t hb, he, i;

    group(d, 1, &hb, &he);
    if (hb == b) {
        return 1;
    }
    for (i = he; i < e; i++) {
        if (s[i] == ' ' && i + 1 < e && tx_digit((unsigned char)s[i + 1])) {
            return 0;
        }
    }
    return 1;
}

static int
valid_ip(const struct odp_detect *d, const char *s, size_t b, size_t e)
{
    char buf[INET6_ADDRSTRLEN + 8];
    unsigned char out[16];
    size_t gb, ge, i;
    int colons = 0;

    group(d, 1, &gb, &ge);
    if (e - b >= sizeof(buf)) {
        return 0;
    }
    memcpy(buf, s + b, e - b);
    buf[e - b] = '\0';
    if (gb != (size_t)-1) {
        return inet_pton(AF_INET, buf, out) == 1;
    }
    /* "::" alone is the unspecified address; require at least one hex digit. */
    for (i = b; i < e; i++) {
        colons += s[i] == ':';
    }
    if ((size_t)colons == e - b) {
        return 0;
    }
    return inet_pton(AF_INET6, buf, out) == 1;
}

/* Decimal value of s[b..e) (short digit runs only). */
static unsigned
num(const char *s, size_t b, size_t e)
{
    unsigned v = 0;

    for (; b < e; b++) {
        v = v * 10 + (unsigned)(s[b] - '0');
    }
    return v;
}

static int
calendar_ok(unsigned y, unsigned m, unsigned dd)
{
    static const unsigned mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    if (y < 1800 || y > 2199 || m < 1 || m > 12 || dd < 1 || dd > mdays[m - 1]) {
        return 0;
    }
    return !(m == 2 && dd == 29 && !leap);
}

/*
 * A valid calendar date; when the attached time is out of range the match shrinks to
 * the date alone (the date is still a date).
 */
static int
valid_date(struct odp_detect *d, const char *s, size_t b, size_t e, size_t *mend)
{
    size_t yb, ye, mb, me, db, de, hb, he, nb, ne, sb, se, pb, pe;
    unsigned h, ampm;
    int mdy;

    (void)b;
    (void)e;
    group(d, 1, &mb, &me);
    mdy = mb != (size_t)-1;
    if (mdy) {
        group(d, 2, &db, &de);
        group(d, 3, &yb, &ye);
        group(d, 4, &hb, &he);
        group(d, 5, &nb, &ne);
        group(d, 6, &sb, &se);
        group(d, 7, &pb, &pe);
    } else {
        group(d, 8, &yb, &ye);
        group(d, 9, &mb, &me);
        group(d, 10, &db, &de);
        group(d, 11, &hb, &he);
        group(d, 12, &nb, &ne);
        group(d, 13, &sb, &se);
        pb = pe = (size_t)-1;
    }
    if (!calendar_ok(num(s, yb, ye), num(s, mb, me), num(s, db, de))) {
        return 0;
    }
    if (hb == (size_t)-1) {
        return 1;
    }
    h = num(s, hb, he);
    ampm = pb != (size_t)-1;
    if ((ampm && (h < 1 || h > 12)) || (!ampm && h > 23) || num(s, nb, ne) > 59 ||
        (sb != (size_t)-1 && num(s, sb, se) > 59)) {
        *mend = ye > de ? ye : de;
    }
    return 1;
}

static int
valid_bbl(const struct odp_detect *d, const char *s, size_t b, size_t e)
{
    size_t bb, be, lb, le, nb, ne;

    (void)e;
    group(d, 7, &nb, &ne);
    if (nb != (size_t)-1) {
        /* BIN: x000000 is the "no BIN assigned" placeholder of each borough. */
        return num(s, nb + 1, ne) != 0;
    }
    group(d, 2, &bb, &be);
    group(d, 3, &lb, &le);
    if (bb == (size_t)-1) {
        group(d, 5, &bb, &be);
        group(d, 6, &lb, &le);
    }
    (void)b;
    return num(s, bb, be) != 0 && num(s, lb, le) != 0;
}

/* What `hint` implies, computed once per distinct hint (cached on the struct). */
static uint32_t
hint_kinds_cached(struct odp_detect *d, const char *hint)
{
    size_t l;

    if (hint == NULL) {
        return 0;
    }
    if (d->hint_valid && strncmp(d->hint_raw, hint, DET_HINT_MAX - 1) == 0 &&
        strnlen(hint, DET_HINT_MAX) == strlen(d->hint_raw)) {
        return d->hint_kinds;
    }
    l = strnlen(hint, DET_HINT_MAX - 1);
    memcpy(d->hint_raw, hint, l);
    d->hint_raw[l] = '\0';
    d->hint_kinds = odp_column_hint_kinds(d->hint_raw);
    d->hint_valid = 1;
    return d->hint_kinds;
}

typedef int (*det_valid_fn)(const struct odp_detect *d, const char *s, size_t b, size_t e);
typedef int (*det_pre_fn)(const struct odp_detect *d, const char *s, size_t n, size_t start,
                          uint32_t kinds);
typedef int (*det_scan_fn)(const char *s, size_t n, size_t start, size_t *ms, size_t *me);
struct det_ops;
typedef int (*det_find_fn)(struct odp_detect *d, enum odp_detector which, const struct det_ops *op,
                           const char *s, size_t n, size_t start, uint32_t kinds, size_t *mstart,
                           size_t *mend, struct odp_err *err);

/*
 * The detector registry: one row per detector of ODP_DETECTORS (odp/vocab.h). A row
 * holds the PCRE2 candidate patterns compiled by odp_detect_new (none for the free-text
 * scanners), a prefilter that says cheaply when nothing can match, the find function
 * and what it uses: a validator for pattern candidates, a scanner (textscan.h) for the
 * free-text detectors. A new detector is a line in ODP_DETECTORS and a row here
 * (docs/SCRUB.md).
 */
struct det_ops {
    const char *pat[PAT__COUNT];
    uint32_t opts;
    det_pre_fn prefilter;
    det_find_fn find;
    det_valid_fn valid;
    det_scan_fn scan;
    unsigned record_veto : 1; /* a number right after "Job", "Complaint #", ... is not it */
};

/* ---------------------------------------------------------------- prefilters */

static int
pre_email(const struct odp_detect *d, const char *s, size_t n, size_t start, uint32_t kinds)
{
    const char *p = s + start;
    size_t l = n - start;

    (void)kinds;
    if (l < 6 || (d->dsuf_s == s && d->dsuf_n == n && !d->mail)) {
        return 0; /* no '@', no bracket and no "dot" in the value */
    }
    if (memchr(p, '@', l) != NULL) {
        return 1;
    }
    return odp_det_spelled_email(s, n, start);
}

/* seven digits: a local number after a phone word (phones.c); ten for the NANP pattern */
static int
pre_phone(const struct odp_detect *d, const char *s, size_t n, size_t start, uint32_t kinds)
{
    (void)kinds;
    return n - start >= 8 && count_digits(d, s, n, start) >= 7;
}

static int
pre_ssn(const struct odp_detect *d, const char *s, size_t n, size_t start, uint32_t kinds)
{
    (void)kinds;
    return n - start >= 9 && count_digits(d, s, n, start) >= 9;
}

static int
pre_card(const struct odp_detect *d, const char *s, size_t n, size_t start, uint32_t kinds)
{
    (void)kinds;
    return n - start >= 13 && count_digits(d, s, n, start) >= 13;
}

static int
pre_ip(const struct odp_detect *d, const char *s, size_t n, size_t start, uint32_t kinds)
{
    (void)kinds;
    if (n - start < 3) {
        return 0;
    }
    return odp_det_ip_possible(s, n, start, count_digits(d, s, n, start) >= 4);
}

static int
pre_date(const struct odp_detect *d, const char *s, size_t n, size_t start, uint32_t kinds)
{
    size_t len = n - start;

    (void)kinds;
    return len >= 8 && count_digits(d, s, n, start) >= 6 &&
           (memchr(s + start, '/', len) != NULL || memchr(s + start, '-', len) != NULL);
}

static int
pre_digits1(const struct odp_detect *d, const char *s, size_t n, size_t start, uint32_t kinds)
{
    (void)kinds;
    return n - start >= 3 && count_digits(d, s, n, start) >= 1;
}

static int
pre_digits3(const struct odp_detect *d, const char *s, size_t n, size_t start, uint32_t kinds)
{
    (void)kinds;
    return n - start >= 3 && count_digits(d, s, n, start) >= 3;
}

/*
 * The address pattern ends in a street type (or BROADWAY / BOWERY, or AVE before a
 * letter) that follows a blank and is a whole word; the anchor gate's pass over the
 * value's words says whether it holds one (d->street). Without one the pattern, tried
 * at every digit, is not run.
 */
static int
pre_address(const struct odp_detect *d, const char *s, size_t n, size_t start, uint32_t kinds)
{
    (void)kinds;
    if (n - start < 6 || count_digits(d, s, n, start) < 1) {
        return 0;
    }
    return d->dsuf_s != s || d->dsuf_n != n || d->street || d->road;
}

/* Whether the gate's pass over the value (or no pass: outside a scan) allows it. */
static int
gate_street(const struct odp_detect *d, const char *s, size_t n)
{
    return d->dsuf_s != s || d->dsuf_n != n || d->street;
}

static int
gate_road(const struct odp_detect *d, const char *s, size_t n)
{
    return d->dsuf_s != s || d->dsuf_n != n || d->road;
}

static int
pre_bbl(const struct odp_detect *d, const char *s, size_t n, size_t start, uint32_t kinds)
{
    (void)kinds;
    return count_digits(d, s, n, start) >= 7;
}

static int
pre_any(const struct odp_detect *d, const char *s, size_t n, size_t start, uint32_t kinds)
{
    (void)d;
    (void)s;
    (void)kinds;
    return n - start >= 1;
}

/* A name needs a letter: a capital, or two lower-case words in a row ("maria lopez"). */
static int
pre_letters(const struct odp_detect *d, const char *s, size_t n, size_t start, uint32_t kinds)
{
    size_t i;

    (void)d;
    if ((kinds & (1u << ODP_DET_PERSON_NAME)) != 0) {
        return 1;
    }
    for (i = start; i < n; i++) {
        if ((s[i] >= 'A' && s[i] <= 'Z') ||
            (s[i] == ' ' && i > start && s[i - 1] >= 'a' && s[i - 1] <= 'z' && i + 1 < n &&
             s[i + 1] >= 'a' && s[i + 1] <= 'z')) {
            return 1;
        }
    }
    return 0;
}

/* ---------------------------------------------------------------- finders */

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
        d->last_rc = rc;
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

/* [b, e) is all of s but blanks around it. */
static int
whole_value(const char *s, size_t n, size_t b, size_t e)
{
    size_t i;

    for (i = 0; i < b; i++) {
        if (s[i] != ' ') {
            return 0;
        }
    }
    for (i = e; i < n; i++) {
        if (s[i] != ' ') {
            return 0;
        }
    }
    return 1;
}

/* Pattern + validator; a record's own number (header or cue word) is not a match. */
/* "CB# (718) 555-0123": in police and 311 notes CB is the call-back number (a community
 * board's, also "CB", is never phone-shaped); "card acct 5494 4971 8001 4722": the
 * account is the card's. Words that lift the record veto of a phone or a card. */
static const char *const callback_words[] = {"cb", NULL};
static const char *const card_words[] = {"card", "visa", "mastercard", "amex", NULL};

static int
find_shape(struct odp_detect *d, enum odp_detector which, const struct det_ops *op, const char *s,
           size_t n, size_t start, uint32_t kinds, size_t *mstart, size_t *mend,
           struct odp_err *err)
{
    int rc;

    for (;;) {
        rc = find_validated(d, which, d->re[which][PAT_MAIN], op->valid, s, n, start, mstart, mend,
                            err);
        if (rc != 1) {
            return rc;
        }
        if (op->record_veto && (kinds & ODP_HINT_RECORD_ID) != 0 &&
            whole_value(s, n, *mstart, *mend)) {
            return 0; /* the record's own number, not an identifier */
        }
        if (!op->record_veto || !tx_record_number_before(s, *mstart) ||
            (which == ODP_DET_PHONE && tx_word_before(s, *mstart, 1, callback_words)) ||
            (which == ODP_DET_CREDIT_CARD && tx_word_before(s, *mstart, 4, card_words))) {
            return 1;
        }
        start = *mstart + 1;
    }
}

/* The leftmost of two candidate matches (r1, r2: 1 found, 0 none). */
static int
leftmost(int r1, size_t b1, size_t e1, int r2, size_t b2, size_t e2, size_t *mstart, size_t *mend)
{
    if (r1 == 1 && (r2 == 0 || b1 <= b2)) {
        *mstart = b1;
        *mend = e1;
        return 1;
    }
    if (r2 == 1) {
        *mstart = b2;
        *mend = e2;
        return 1;
    }
    return 0;
}

/* "@" addresses, and the spelled-out ones; the leftmost of the two. */
static int
find_email(struct odp_detect *d, enum odp_detector which, const struct det_ops *op, const char *s,
           size_t n, size_t start, uint32_t kinds, size_t *mstart, size_t *mend,
           struct odp_err *err)
{
    size_t b1 = 0, e1 = 0, b2 = 0, e2 = 0;
    int r1 = 0, r2;

    (void)kinds;
    if (memchr(s + start, '@', n - start) != NULL) {
        r1 =
            find_validated(d, which, d->re[which][PAT_MAIN], op->valid, s, n, start, &b1, &e1, err);
        if (r1 < 0) {
            return r1;
        }
    }
    if (!odp_det_spelled_email(s, n, start)) {
        return leftmost(r1, b1, e1, 0, 0, 0, mstart, mend);
    }
    r2 = find_validated(d, which, d->re[which][PAT_CTX], op->valid, s, n, start, &b2, &e2, err);
    if (r2 < 0) {
        return r2;
    }
    return leftmost(r1, b1, e1, r2, b2, e2, mstart, mend);
}

/* Dates, whose validator may shorten the match. */
static int
find_date(struct odp_detect *d, enum odp_detector which, const struct det_ops *op, const char *s,
          size_t n, size_t pos, uint32_t kinds, size_t *mstart, size_t *mend, struct odp_err *err)
{
    size_t b, e;
    int rc;

    (void)op;
    (void)kinds;
    while (pos < n) {
        rc = find_validated(d, which, d->re[which][PAT_MAIN], NULL, s, n, pos, &b, &e, err);
        if (rc != 1) {
            return rc;
        }
        if (valid_date(d, s, b, e, &e)) {
            *mstart = b;
            *mend = e;
            return 1;
        }
        pos = b + 1;
    }
    return 0;
}

/* A free-text scanner (textscan.h) alone. */
static int
find_scan(struct odp_detect *d, enum odp_detector which, const struct det_ops *op, const char *s,
          size_t n, size_t start, uint32_t kinds, size_t *mstart, size_t *mend, struct odp_err *err)
{
    (void)kinds;
    (void)err;
    if ((d->gate & (1u << which)) == 0) {
        return 0; /* no cue word for this scanner in the value */
    }
    return op->scan(s, n, start, mstart, mend);
}

/* Under a name header the whole value; in any text the scanner. */
static int
find_person(struct odp_detect *d, enum odp_detector which, const struct det_ops *op, const char *s,
            size_t n, size_t start, uint32_t kinds, size_t *mstart, size_t *mend,
            struct odp_err *err)
{
    size_t vb, ve;

    if ((kinds & (1u << ODP_DET_PERSON_NAME)) != 0 && odp_det_valid_name(s, n, &vb, &ve)) {
        if (start > vb) {
            return 0;
        }
        *mstart = vb;
        *mend = ve;
        return 1;
    }
    return find_scan(d, which, op, s, n, start, kinds, mstart, mend, err);
}

/* Under a licence header the whole value; in any text after a licence cue. */
static int
find_license(struct odp_detect *d, enum odp_detector which, const struct det_ops *op, const char *s,
             size_t n, size_t start, uint32_t kinds, size_t *mstart, size_t *mend,
             struct odp_err *err)
{
    size_t b, e;
    int rc;

    if ((kinds & (1u << ODP_DET_LICENSE)) != 0 && start == 0) {
        rc = find_validated(d, which, d->re[which][PAT_CTX], NULL, s, n, 0, &b, &e, err);
        if (rc != 0) {
            if (rc == 1) {
                group(d, 1, mstart, mend); /* the value without its blanks */
            }
            return rc;
        }
    }
    return find_scan(d, which, op, s, n, start, kinds, mstart, mend, err);
}

/*
 * North American numbers by the pattern (ten digits and more), and the scanner's
 * international, national and cued local numbers (phones.c); the leftmost. A number
 * right after a record's cue ("Complaint #") is the record's, as for the pattern.
 */
static int
find_phone(struct odp_detect *d, enum odp_detector which, const struct det_ops *op, const char *s,
           size_t n, size_t start, uint32_t kinds, size_t *mstart, size_t *mend,
           struct odp_err *err)
{
    size_t b1 = 0, e1 = 0, b2 = 0, e2 = 0, pos = start;
    int r1 = 0, r2 = 0, outside = d->dsuf_s != s || d->dsuf_n != n, local = outside || d->phone;

    if (count_digits(d, s, n, start) >= 10) {
        r1 = find_shape(d, which, op, s, n, start, kinds, &b1, &e1, err);
        if (r1 < 0) {
            return r1;
        }
    }
    while ((local || d->phone_nat) && pos < n &&
           (r2 = odp_text_phone_in(s, n, pos, local, &b2, &e2)) == 1) {
        if (!tx_record_number_before(s, b2) || tx_word_before(s, b2, 1, callback_words)) {
            break;
        }
        pos = b2 + 1;
        r2 = 0;
    }
    return leftmost(r1, b1, e1, r2, b2, e2, mstart, mend);
}

/* Addresses ending in a street type (the pattern), and grid, highway and fire-number
 * addresses (addresses.c); the leftmost. */
static int
find_address(struct odp_detect *d, enum odp_detector which, const struct det_ops *op, const char *s,
             size_t n, size_t start, uint32_t kinds, size_t *mstart, size_t *mend,
             struct odp_err *err)
{
    size_t b1 = 0, e1 = 0, b2 = 0, e2 = 0;
    int r1 = 0, r2 = 0;

    if (gate_street(d, s, n)) {
        r1 = find_shape(d, which, op, s, n, start, kinds, &b1, &e1, err);
        if (r1 < 0) {
            return r1;
        }
    }
    if (gate_road(d, s, n)) {
        r2 = op->scan(s, n, start, &b2, &e2);
    }
    return leftmost(r1, b1, e1, r2, b2, e2, mstart, mend);
}

/* Dashed BBL anywhere (undashed and BIN under a header), and after a BBL / BIN cue. */
static int
find_bbl(struct odp_detect *d, enum odp_detector which, const struct det_ops *op, const char *s,
         size_t n, size_t start, uint32_t kinds, size_t *mstart, size_t *mend, struct odp_err *err)
{
    size_t b1 = 0, e1 = 0, b2 = 0, e2 = 0;
    int r1 = 0, r2;

    if ((kinds & (1u << ODP_DET_BBL)) != 0 ||
        (count_digits(d, s, n, start) >= 10 && memchr(s + start, '-', n - start) != NULL)) {
        r1 = find_validated(d, which,
                            d->re[which][(kinds & (1u << ODP_DET_BBL)) ? PAT_CTX : PAT_MAIN],
                            op->valid, s, n, start, &b1, &e1, err);
        if (r1 < 0) {
            return r1;
        }
    }
    r2 = find_scan(d, which, op, s, n, start, kinds, &b2, &e2, err);
    return leftmost(r1, b1, e1, r2, b2, e2, mstart, mend);
}

static const struct det_ops registry[ODP_DET__COUNT] = {
    [ODP_DET_EMAIL] = {{odp_det_pat_email, odp_det_pat_email_spelled},
                       0,
                       pre_email,
                       find_email,
                       valid_email,
                       NULL,
                       0},
    [ODP_DET_PHONE] =
        {{odp_det_pat_phone, NULL}, 0, pre_phone, find_phone, valid_phone, odp_text_phone, 1},
    [ODP_DET_SSN] = {{odp_det_pat_ssn, NULL}, 0, pre_ssn, find_shape, valid_ssn, NULL, 1},
    [ODP_DET_CREDIT_CARD] =
        {{odp_det_pat_card, NULL}, 0, pre_card, find_shape, valid_card, NULL, 1},
    [ODP_DET_IP] = {{odp_det_pat_ip, NULL}, 0, pre_ip, find_shape, valid_ip, NULL, 0},
    [ODP_DET_DATE] = {{odp_det_pat_date, NULL}, 0, pre_date, find_date, NULL, NULL, 0},
    [ODP_DET_ADDRESS] = {{odp_det_pat_address, NULL},
                         PCRE2_CASELESS,
                         pre_address,
                         find_address,
                         valid_address,
                         odp_text_address,
                         0},
    [ODP_DET_PERSON_NAME] = {{NULL, NULL}, 0, pre_letters, find_person, NULL, odp_text_person, 0},
    [ODP_DET_BBL] =
        {{odp_det_pat_bbl, odp_det_pat_bbl_ctx}, 0, pre_bbl, find_bbl, valid_bbl, odp_text_bbl, 0},
    [ODP_DET_LICENSE] =
        {{NULL, odp_det_pat_license_ctx}, 0, pre_digits3, find_license, NULL, odp_text_license, 0},
    [ODP_DET_APARTMENT] = {{NULL, NULL}, 0, pre_any, find_scan, NULL, odp_text_apartment, 0},
    [ODP_DET_CASE_NUMBER] =
        {{NULL, NULL}, 0, pre_digits3, find_scan, NULL, odp_text_case_number, 0},
    [ODP_DET_DOB] = {{NULL, NULL}, 0, pre_digits1, find_scan, NULL, odp_text_dob, 0},
    [ODP_DET_PLATE] = {{NULL, NULL}, 0, pre_digits1, find_scan, NULL, odp_text_plate, 0},
    [ODP_DET_BADGE] = {{NULL, NULL}, 0, pre_digits3, find_scan, NULL, odp_text_badge, 0},
};

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
    d->gate = ~0u;
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
        if (registry[i].find == NULL || registry[i].prefilter == NULL) {
            odp_errf(err, ODP_EINTERNAL, NULL, "detector '%s' has no registry row",
                     odp_detector_name((enum odp_detector)i));
            goto fail;
        }
        for (p = 0; p < PAT__COUNT; p++) {
            if (registry[i].pat[p] == NULL) {
                continue;
            }
            d->re[i][p] = pcre2_compile((PCRE2_SPTR)registry[i].pat[p], PCRE2_ZERO_TERMINATED,
                                        registry[i].opts, &ec, &eo, NULL);
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
    free(d->nbuf);
    free(d->nmap);
    free(d->spans);
    free(d->dsuf);
    free(d);
}

/* ---------------------------------------------------------------- matching */

int
odp_detect_find(struct odp_detect *d, enum odp_detector which, const char *s, size_t n,
                size_t start, const char *column_hint, size_t *mstart, size_t *mend,
                struct odp_err *err)
{
    if (d == NULL) {
        return odp_errf(err, ODP_EINVAL, NULL, "odp_detect_find: bad argument");
    }
    return odp_detect_find_kinds(d, which, s, n, start, hint_kinds_cached(d, column_hint), mstart,
                                 mend, err);
}

int
odp_detect_find_kinds(struct odp_detect *d, enum odp_detector which, const char *s, size_t n,
                      size_t start, uint32_t kinds, size_t *mstart, size_t *mend,
                      struct odp_err *err)
{
    const struct det_ops *op;

    if (d == NULL || s == NULL || mstart == NULL || mend == NULL ||
        (unsigned)which >= ODP_DET__COUNT) {
        return odp_errf(err, ODP_EINVAL, NULL, "odp_detect_find: bad argument");
    }
    if ((d->mask & (1u << which)) == 0) {
        return odp_errf(err, ODP_EINVAL, NULL, "detector '%s' was not compiled into this set",
                        odp_detector_name(which));
    }
    if (start >= n) {
        return 0;
    }
    op = &registry[which];
    if (!op->prefilter(d, s, n, start, kinds)) {
        return 0;
    }
    return op->find(d, which, op, s, n, start, kinds, mstart, mend, err);
}

/* ---------------------------------------------------------------- look-alikes */

/* Digits at or after each offset of s[0..n) into d->dsuf; 0 or ODP_ENOMEM. */
static int
digits_begin(struct odp_detect *d, const char *s, size_t n, struct odp_err *err)
{
    size_t i;
    uint32_t c = 0;

    if (d->dsuf_cap < n + 1) {
        uint32_t *nd = realloc(d->dsuf, (n + 1) * sizeof(*nd));

        if (nd == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
        d->dsuf = nd;
        d->dsuf_cap = n + 1;
    }
    d->dsuf[n] = 0;
    for (i = n; i > 0; i--) {
        c += s[i - 1] >= '0' && s[i - 1] <= '9';
        d->dsuf[i - 1] = c;
    }
    d->dsuf_s = s;
    d->dsuf_n = n;
    return ODP_OK;
}

static void
scan_end(struct odp_detect *d)
{
    d->gate = ~0u;
    d->dsuf_s = NULL;
}

static int
span_add(struct odp_detect *d, size_t b, size_t e, unsigned det, struct odp_err *err)
{
    size_t i;

    if (d->nspans == d->spcap) {
        size_t nc = d->spcap ? d->spcap * 2 : 16;
        struct odp_span *ns = realloc(d->spans, nc * sizeof(*ns));

        if (ns == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
        d->spans = ns;
        d->spcap = nc;
    }
    /* keep sorted by start */
    for (i = d->nspans; i > 0 && d->spans[i - 1].b > b; i--) {
        d->spans[i] = d->spans[i - 1];
    }
    d->spans[i].b = b;
    d->spans[i].e = e;
    d->spans[i].det = (uint8_t)det;
    d->nspans++;
    return ODP_OK;
}

/* End of a claimed span overlapping [b, e), or 0 when none does. */
static size_t
claimed(const struct odp_detect *d, size_t b, size_t e)
{
    size_t i;

    for (i = 0; i < d->nspans; i++) {
        if (d->spans[i].b < e && b < d->spans[i].e) {
            return d->spans[i].e;
        }
    }
    return 0;
}

struct more_ctx {
    struct odp_detect *d;
    struct odp_err *err;
};

static int
more_add(void *ctx, size_t b, size_t e)
{
    struct more_ctx *m = ctx;
    int rc;

    if (e <= b || claimed(m->d, b, e) != 0) {
        return 0;
    }
    rc = span_add(m->d, b, e, ODP_DET_PERSON_NAME, m->err);
    return rc < 0 ? rc : 1;
}

/* The people the scan found, named again: their words, their lists (textnames_more.c). */
static int
more_people(struct odp_detect *d, const char *s, size_t n, struct odp_err *err)
{
    size_t sb[32], se[32], k, m = 0;
    struct more_ctx ctx = {d, err};
    int rc;

    for (k = 0; k < d->nspans && m < 32; k++) {
        if (d->spans[k].det == ODP_DET_PERSON_NAME) {
            sb[m] = d->spans[k].b;
            se[m] = d->spans[k].e;
            m++;
        }
    }
    if (m == 0) {
        return ODP_OK;
    }
    rc = odp_text_person_more(s, n, sb, se, m, more_add, &ctx);
    return rc < 0 ? rc : ODP_OK;
}

int
odp_detect_spans(struct odp_detect *d, const uint8_t *order, size_t norder, const char *s, size_t n,
                 uint32_t kinds, const struct odp_span **spans, size_t *nspans, struct odp_err *err)
{
    const char *fs;
    size_t fn, k, i;
    uint32_t gate;
    int rc;

    if (d == NULL || spans == NULL || nspans == NULL || (s == NULL && n > 0)) {
        return odp_errf(err, ODP_EINVAL, NULL, "odp_detect_spans: bad argument");
    }
    d->nspans = 0;
    *spans = NULL;
    *nspans = 0;
    if (n == 0) {
        return ODP_OK;
    }
    rc = odp_det_fold(&d->nbuf, &d->nmap, &d->ncap, s, n, &fs, &fn, err);
    if (rc < 0) {
        return rc;
    }
    rc = digits_begin(d, fs, fn, err);
    if (rc < 0) {
        return rc;
    }
    gate = tx_anchor_gate(fs, fn);
    d->gate = gate | ~tx_anchor_gated();
    d->street = (gate & tx_anchor_street_bit()) != 0;
    d->road = (gate & tx_anchor_road_bit()) != 0;
    d->phone = (gate & tx_anchor_phone_bit()) != 0;
    d->phone_nat = (gate & tx_anchor_phone_nat_bit()) != 0;
    d->mail = (gate & tx_anchor_mail_bit()) != 0;
    for (k = 0; k < norder; k++) {
        enum odp_detector which = (enum odp_detector)order[k];
        size_t pos = 0, ms, me, c;

        while (pos < fn) {
            rc = odp_detect_find_kinds(d, which, fs, fn, pos, kinds, &ms, &me, err);
            if (rc < 0) {
                scan_end(d);
                return rc;
            }
            if (rc == 0) {
                break;
            }
            if (me <= ms || me > fn) {
                pos = ms + 1;
                continue;
            }
            c = claimed(d, ms, me);
            if (c == 0) {
                rc = span_add(d, ms, me, which, err);
                if (rc < 0) {
                    scan_end(d);
                    return rc;
                }
                pos = me;
            } else {
                pos = c > ms ? (c < me ? c : ms + 1) : ms + 1;
            }
        }
    }
    scan_end(d);
    rc = more_people(d, fs, fn, err);
    if (rc < 0) {
        return rc;
    }
    if (fs != s) {
        for (i = 0; i < d->nspans; i++) {
            d->spans[i].b = d->nmap[d->spans[i].b];
            d->spans[i].e = d->nmap[d->spans[i].e];
        }
    }
    *spans = d->spans;
    *nspans = d->nspans;
    return ODP_OK;
}

int
odp_detect_any(struct odp_detect *d, const char *s, size_t n, const char *column_hint,
               uint32_t *hits, struct odp_err *err)
{
    const char *fs;
    size_t b, e, fn;
    uint32_t kinds, gate;
    int i, rc;

    if (d == NULL || hits == NULL || (s == NULL && n > 0)) {
        return odp_errf(err, ODP_EINVAL, NULL, "odp_detect_any: bad argument");
    }
    kinds = hint_kinds_cached(d, column_hint);
    rc = odp_det_fold(&d->nbuf, &d->nmap, &d->ncap, s, n, &fs, &fn, err);
    if (rc < 0) {
        return rc;
    }
    rc = digits_begin(d, fs, fn, err);
    if (rc < 0) {
        return rc;
    }
    gate = tx_anchor_gate(fs, fn);
    d->gate = gate | ~tx_anchor_gated();
    d->street = (gate & tx_anchor_street_bit()) != 0;
    d->road = (gate & tx_anchor_road_bit()) != 0;
    d->phone = (gate & tx_anchor_phone_bit()) != 0;
    d->phone_nat = (gate & tx_anchor_phone_nat_bit()) != 0;
    d->mail = (gate & tx_anchor_mail_bit()) != 0;
    for (i = 0; i < ODP_DET__COUNT; i++) {
        if ((d->mask & (1u << i)) == 0) {
            continue;
        }
        rc = odp_detect_find_kinds(d, (enum odp_detector)i, fs, fn, 0, kinds, &b, &e, err);
        if (rc < 0) {
            scan_end(d);
            return rc;
        }
        if (rc == 1) {
            *hits |= 1u << i;
        }
    }
    scan_end(d);
    return ODP_OK;
}
