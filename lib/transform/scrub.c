/*
 * scrub.c - free-text scrubbing: detected identifiers and policy regexes replaced.
 *
 * A scrub op runs passes over the value, each pass reading the previous pass's output:
 * first one pass of all the detectors of rule->detect_order (detect.h odp_detect_spans
 * finds validated matches, on text with Unicode look-alikes folded; where matches
 * overlap the detector listed first wins; each is replaced by its detector's token such
 * as "[EMAIL]" or "[PERSON]"), then every pattern of
 * rule->patterns in order, each replacing all non-overlapping leftmost matches by its
 * literal `replace`. The loop over matches is Perl's (and Python 3.7+'s re.sub): after
 * an empty match the same position is retried with PCRE2_NOTEMPTY_ATSTART|ANCHORED and,
 * when that fails, one character is copied and the search goes on. So for the regexes
 * of the bench reference the result equals Python's re.sub byte for byte.
 *
 * Patterns are compiled once with JIT, a match limit, a heap/depth limit and a bounded
 * JIT stack; hitting a limit is an error (fail closed, the value is never passed on
 * half-scrubbed). UTF mode is switched on only when the pattern could match part of a
 * multi-byte character (a dot, a negated class, \W \S \D \H \V \N \R \X \p \P \C, a
 * non-ASCII byte, inline options or \Q): otherwise bytes and code points give the same
 * matches and the byte mode is faster. \d and \w are ASCII in both modes (no UCP).
 *
 * Prefilters skip a pass without calling PCRE2 when it provably cannot match: the
 * pattern's required code unit (PCRE2_INFO_LASTCODEUNIT, used only when it is not a
 * letter, so case-insensitivity cannot matter) is absent, a literal byte that every
 * match contains is absent, or the value has fewer ASCII digits than any match needs
 * (regex_analyze: a conservative analysis that gives up on anything but plain atom
 * sequences, so "[^@]" or "(a|b)" get no prefilter).
 *
 * Promises: no allocation per value except growth of the two ping-pong buffers; no
 * value, match or offset into a value reaches an error message.
 */
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "actions_int.h"
#include "utf8.h"
#include "detect.h"
#include "table.h"

#define SCRUB_MATCH_LIMIT 1000000u
#define SCRUB_DEPTH_LIMIT 10000u
#define SCRUB_HEAP_LIMIT_KB 8192u
#define SCRUB_JIT_STACK_MAX (1024u * 1024u)

struct scrub_pat {
    pcre2_code *re;
    pcre2_match_data *md;
    const char *replace;
    size_t rlen;
    int utf;
    int req;          /* required byte (PCRE2's own analysis) or -1 */
    size_t min_digits;
    char lits[4];     /* bytes every match contains (regex_analyze) */
    size_t nlits;
};

struct odp_scrub {
    const struct odp_colrule *rule;
    struct odp_detect *det;
    uint32_t kinds; /* what the column header says (odp_column_hint_kinds) */
    struct scrub_pat *pats;
    size_t npats;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit;
    struct odp_buf tmp[2];
};

/* Does the pattern need UTF mode to match whole characters only? Conservative. */
static int
needs_utf(const char *re)
{
    const unsigned char *p = (const unsigned char *)re;
    int in_class = 0;

    for (; *p != '\0'; p++) {
        if (*p >= 0x80) {
            return 1;
        }
        if (*p == '\\') {
            if (p[1] == '\0') {
                return 1;
            }
            if (strchr("WSDHVNRXpPCQ", p[1]) != NULL) {
                return 1;
            }
            p++;
            continue;
        }
        if (in_class) {
            if (*p == ']') {
                in_class = 0;
            } else if (*p == '[' && p[1] == ':') {
                return 1; /* POSIX class like [:^alpha:]: do not reason about it */
            }
            continue;
        }
        if (*p == '[') {
            in_class = 1;
            if (p[1] == '^') {
                return 1;
            }
            if (p[1] == ']') {
                p++; /* a leading ']' is a literal */
            }
            continue;
        }
        if (*p == '.') {
            return 1;
        }
        if (*p == '(' && p[1] == '?' && p[2] != ':' && p[2] != '=' && p[2] != '!' &&
            p[2] != '<' && p[2] != '>') {
            return 1; /* inline options (?i) (?x) ... */
        }
        if (*p == '(' && p[1] == '*') {
            return 1; /* (*UTF) and other verbs */
        }
    }
    return 0;
}

/* --- conservative minimum-digit analysis --- */

/*
 * Parses a class body after '['; sets *all_digits, and *single to its one literal byte
 * when the class is exactly one byte ("[.]"), else -1. Returns the pointer after ']'
 * or NULL for anything it does not understand.
 */
static const char *
class_info(const char *p, int *all_digits, int *single)
{
    int any = 0, only = 1, count = 0;
    char last = 0;

    *single = -1;
    if (*p == '^' || *p == ']') {
        return NULL;
    }
    while (*p != ']') {
        char lo, hi;

        if (*p == '\0' || *p == '[') {
            return NULL;
        }
        if (*p == '\\') {
            if (p[1] == 'd') {
                any = 1;
                count += 2; /* a set, never a single byte */
                p += 2;
                continue;
            }
            if (p[1] == '\0' || !strchr(".-()[]\\+*?{}|^$/ ", p[1])) {
                return NULL;
            }
            lo = p[1];
            p += 2;
        } else {
            lo = *p++;
        }
        hi = lo;
        if (*p == '-' && p[1] != ']' && p[1] != '\0') {
            if (p[1] == '\\') {
                return NULL;
            }
            hi = p[1];
            p += 2;
            count += 2;
        } else {
            count++;
        }
        any = 1;
        last = lo;
        if (!(lo >= '0' && hi <= '9' && lo <= hi)) {
            only = 0;
        }
    }
    *all_digits = any && only;
    if (count == 1 && (unsigned char)last < 0x80) {
        *single = (unsigned char)last;
    }
    return p + 1;
}

/* Reads a quantifier at *pp: sets *min (1 when there is none). 0 on a syntax we skip. */
static int
quantifier(const char **pp, size_t *min)
{
    const char *p = *pp;
    size_t v = 0;

    *min = 1;
    if (*p == '?' || *p == '*') {
        *min = 0;
        p++;
    } else if (*p == '+') {
        p++;
    } else if (*p == '{') {
        p++;
        if (*p < '0' || *p > '9') {
            return 0;
        }
        while (*p >= '0' && *p <= '9') {
            if (v > 100000) {
                return 0;
            }
            v = v * 10 + (size_t)(*p - '0');
            p++;
        }
        if (*p == ',') {
            p++;
            while (*p >= '0' && *p <= '9') {
                p++;
            }
        }
        if (*p != '}') {
            return 0;
        }
        p++;
        *min = v;
    } else {
        *pp = p;
        return 1;
    }
    if (*p == '?' || *p == '+') {
        p++; /* lazy or possessive: same minimum */
    }
    *pp = p;
    return 1;
}

/*
 * Conservative analysis of a plain sequence of atoms (literal bytes, escaped
 * punctuation, classes without negation, \d) each with an optional quantifier. Any
 * match then holds at least `min_digits` ASCII digits and every byte of lits[] (the
 * literals and one-byte classes with a minimum count >= 1, patterns compile
 * case-sensitively). Groups, alternation, dots, anchors, other escapes: returns 0
 * (no prefilter), otherwise 1.
 */
static int
regex_analyze(const char *regex, size_t *min_digits, char *lits, size_t cap, size_t *nlits)
{
    const char *p = regex;
    size_t total = 0;

    *nlits = 0;
    *min_digits = 0;
    while (*p != '\0') {
        int digit = 0, lit = -1;
        size_t min;

        if (*p == '[') {
            p = class_info(p + 1, &digit, &lit);
            if (p == NULL) {
                return 0;
            }
        } else if (*p == '\\') {
            if (p[1] == 'd') {
                digit = 1;
            } else if (p[1] == '\0' || !strchr(".-()[]\\+*?{}|^$/ @", p[1])) {
                return 0; /* \b, \w, \s, back references ...: give up */
            } else {
                lit = (unsigned char)p[1];
            }
            p += 2;
        } else if (strchr("()|.^$*+?{}", *p) != NULL || (unsigned char)*p >= 0x80) {
            return 0;
        } else {
            digit = *p >= '0' && *p <= '9';
            lit = (unsigned char)*p;
            p++;
        }
        if (!quantifier(&p, &min)) {
            return 0;
        }
        if (digit) {
            total += min;
        }
        if (lit >= 0 && min > 0 && *nlits < cap && memchr(lits, lit, *nlits) == NULL) {
            lits[(*nlits)++] = (char)lit;
        }
    }
    *min_digits = total;
    return 1;
}

size_t
odp_regex_min_digits(const char *regex)
{
    size_t md, nl;
    char lits[8];

    return regex_analyze(regex, &md, lits, sizeof(lits), &nl) ? md : 0;
}

size_t
odp_regex_required_bytes(const char *regex, char *lits, size_t cap)
{
    size_t md, nl;

    return regex_analyze(regex, &md, lits, cap, &nl) ? nl : 0;
}

/*
 * 1 when s[0..n) holds at least `need` ASCII digits. Eight bytes at a time (SWAR): a
 * byte is a digit when it is below 0x80 and its low 7 bits are in 0x30..0x39; forcing
 * the top bit before subtracting keeps borrows inside each byte.
 */
static int
has_digits(const char *s, size_t n, size_t need)
{
    const uint64_t hi = 0x8080808080808080ull, ones = 0x0101010101010101ull;
    size_t i = 0, c = 0;

    for (; i + 8 <= n; i += 8) {
        uint64_t x, m;

        memcpy(&x, s + i, 8);
        m = ((x | hi) - 0x30 * ones) & ~((x | hi) - 0x3A * ones) & ~x & hi;
        c += (size_t)(((m >> 7) * ones) >> 56);
        if (c >= need) {
            return 1;
        }
    }
    for (; i < n; i++) {
        c += (unsigned)(s[i] - '0') <= 9u;
    }
    return c >= need;
}

static int
is_letter(int c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

struct odp_scrub *
odp_scrub_new(const struct odp_colrule *rule, struct odp_err *err)
{
    struct odp_scrub *sc = calloc(1, sizeof(*sc));
    size_t i;

    if (sc == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    sc->rule = rule;
    odp_buf_init(&sc->tmp[0], ODP_CSV_MAX_FIELD);
    odp_buf_init(&sc->tmp[1], ODP_CSV_MAX_FIELD);
    if (rule->ndetect > sizeof(rule->detect_order)) {
        odp_errf(err, ODP_EINTERNAL, &(struct odp_loc){rule->path, rule->line, rule->col},
                 "column '%s': too many detectors", rule->name);
        goto fail;
    }
    if (rule->ndetect > 0) {
        uint32_t mask = 0;

        for (i = 0; i < rule->ndetect; i++) {
            mask |= 1u << (rule->detect_order[i] & 31u);
        }
        sc->det = odp_detect_new(mask, err);
        if (sc->det == NULL) {
            goto fail;
        }
        sc->kinds = odp_column_hint_kinds(rule->name);
    }
    if (rule->npatterns == 0) {
        return sc;
    }
    sc->mctx = pcre2_match_context_create(NULL);
    sc->jit = pcre2_jit_stack_create(32u * 1024u, SCRUB_JIT_STACK_MAX, NULL);
    sc->pats = calloc(rule->npatterns, sizeof(*sc->pats));
    if (sc->mctx == NULL || sc->jit == NULL || sc->pats == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        goto fail;
    }
    pcre2_set_match_limit(sc->mctx, SCRUB_MATCH_LIMIT);
    pcre2_set_depth_limit(sc->mctx, SCRUB_DEPTH_LIMIT);
    pcre2_set_heap_limit(sc->mctx, SCRUB_HEAP_LIMIT_KB);
    pcre2_jit_stack_assign(sc->mctx, NULL, sc->jit);
    for (i = 0; i < rule->npatterns; i++) {
        const struct odp_scrub_pattern *sp = &rule->patterns[i];
        struct scrub_pat *pt = &sc->pats[i];
        int ec;
        PCRE2_SIZE eo;
        uint32_t type = 0, unit = 0;

        if (sp->regex == NULL) {
            odp_errf(err, ODP_EINTERNAL, &(struct odp_loc){rule->path, sp->line, sp->col},
                     "column '%s': scrub pattern %zu has no regex", rule->name, i + 1);
            goto fail;
        }
        pt->utf = needs_utf(sp->regex);
        pt->re = pcre2_compile((PCRE2_SPTR)sp->regex, PCRE2_ZERO_TERMINATED,
                               pt->utf ? PCRE2_UTF : 0, &ec, &eo, NULL);
        if (pt->re == NULL) {
            PCRE2_UCHAR msg[160];

            if (pcre2_get_error_message(ec, msg, sizeof(msg)) < 0) {
                memcpy(msg, "unknown error", sizeof("unknown error"));
            }
            /* The error offset is a byte offset into the regex text (policy, not data). */
            odp_errf(err, ec == PCRE2_ERROR_NOMEMORY ? ODP_ENOMEM : ODP_ESCHEMA,
                     &(struct odp_loc){rule->path, sp->line, sp->col},
                     "column '%s': scrub pattern %zu does not compile: %s (at offset %zu of "
                     "the regex)",
                     rule->name, i + 1, (const char *)msg, (size_t)eo);
            goto fail;
        }
        (void)pcre2_jit_compile(pt->re, PCRE2_JIT_COMPLETE);
        pt->md = pcre2_match_data_create_from_pattern(pt->re, NULL);
        if (pt->md == NULL) {
            odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
            goto fail;
        }
        pt->replace = sp->replace != NULL ? sp->replace : "";
        pt->rlen = strlen(pt->replace);
        pt->req = -1;
        if (pcre2_pattern_info(pt->re, PCRE2_INFO_LASTCODETYPE, &type) == 0 && type == 1 &&
            pcre2_pattern_info(pt->re, PCRE2_INFO_LASTCODEUNIT, &unit) == 0 && unit < 0x80 &&
            !is_letter((int)unit)) {
            pt->req = (int)unit;
        }
        pt->min_digits = odp_regex_min_digits(sp->regex);
        pt->nlits = odp_regex_required_bytes(sp->regex, pt->lits, sizeof(pt->lits));
        sc->npats++;
    }
    return sc;
fail:
    odp_scrub_free(sc);
    return NULL;
}

void
odp_scrub_free(struct odp_scrub *sc)
{
    size_t i;

    if (sc == NULL) {
        return;
    }
    for (i = 0; i < sc->npats; i++) {
        pcre2_match_data_free(sc->pats[i].md);
        pcre2_code_free(sc->pats[i].re);
    }
    if (sc->pats != NULL && sc->npats < sc->rule->npatterns) {
        pcre2_match_data_free(sc->pats[sc->npats].md);
        pcre2_code_free(sc->pats[sc->npats].re);
    }
    free(sc->pats);
    pcre2_jit_stack_free(sc->jit);
    pcre2_match_context_free(sc->mctx);
    odp_detect_free(sc->det);
    odp_buf_release(&sc->tmp[0]);
    odp_buf_release(&sc->tmp[1]);
    free(sc);
}

/*
 * The detector pass: every detector of the rule finds its matches in s[0..n) (on the
 * text with Unicode look-alikes folded, odp_detect_spans), overlaps go to the detector
 * listed first, and each match is replaced by its detector's token. Returns 1 if
 * something was replaced.
 */
static int
detect_pass(struct odp_scrub *sc, const char *s, size_t n, struct odp_buf *b,
            struct odp_err *err)
{
    const struct odp_span *sp;
    size_t nsp, i, copied = 0;
    int rc;

    rc = odp_detect_spans(sc->det, sc->rule->detect_order, sc->rule->ndetect, s, n,
                          sc->kinds, &sp, &nsp, err);
    if (rc < 0) {
        return rc;
    }
    if (nsp == 0) {
        return 0;
    }
    odp_buf_reset(b);
    for (i = 0; i < nsp; i++) {
        const char *tok = sc->rule->tokens[sp[i].det] != NULL
                              ? sc->rule->tokens[sp[i].det]
                              : odp_detector_token((enum odp_detector)sp[i].det);

        if (sp[i].b < copied || sp[i].e < sp[i].b || sp[i].e > n) {
            return odp_errf(err, ODP_EINTERNAL, NULL, "column '%s': detector returned a bad range",
                            sc->rule->name);
        }
        rc = odp_buf_add(b, s + copied, sp[i].b - copied, err);
        if (rc == ODP_OK) {
            rc = odp_buf_adds(b, tok != NULL ? tok : "[REDACTED]", err);
        }
        if (rc < 0) {
            return rc;
        }
        copied = sp[i].e;
    }
    rc = odp_buf_add(b, s + copied, n - copied, err);
    return rc < 0 ? rc : 1;
}

static int
match_error(const struct odp_scrub *sc, size_t i, int rc, struct odp_err *err)
{
    if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
        rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT) {
        return odp_errf(err, ODP_ELIMIT, NULL,
                        "column '%s': scrub pattern %zu hit its match limit on a value",
                        sc->rule->name, i + 1);
    }
    if (rc == PCRE2_ERROR_NOMEMORY) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    if (rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21) {
        return odp_errf(err, ODP_EDATA, NULL, "column '%s': value is not valid UTF-8",
                        sc->rule->name);
    }
    return odp_errf(err, ODP_EDATA, NULL, "column '%s': scrub pattern %zu failed on a value "
                    "(pcre2 error %d)", sc->rule->name, i + 1, rc);
}

/* One regex pass. Returns 1 if something was replaced, 0 if not, or < 0. */
static int
regex_pass(struct odp_scrub *sc, size_t i, const char *s, size_t n, struct odp_buf *b,
           struct odp_err *err)
{
    struct scrub_pat *pt = &sc->pats[i];
    PCRE2_SIZE *ov;
    size_t pos = 0, copied = 0, k;
    uint32_t opts = 0; /* the first call checks UTF-8 validity (UTF mode), later ones skip */
    int hit = 0, rc, retry = 0;

    if (pt->req >= 0 && memchr(s, pt->req, n) == NULL) {
        return 0;
    }
    for (k = 0; k < pt->nlits; k++) {
        if (memchr(s, pt->lits[k], n) == NULL) {
            return 0;
        }
    }
    if (pt->min_digits > 0 && !has_digits(s, n, pt->min_digits)) {
        return 0;
    }
    odp_buf_reset(b);
    ov = pcre2_get_ovector_pointer(pt->md);
    for (;;) {
        size_t ms, me;

        if (pos > n) {
            break;
        }
        rc = pcre2_match(pt->re, (PCRE2_SPTR)s, n, pos,
                         opts | (retry ? PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED : 0), pt->md,
                         sc->mctx);
        if (rc == PCRE2_ERROR_NOMATCH) {
            opts = pt->utf ? PCRE2_NO_UTF_CHECK : 0;
            if (!retry) {
                break;
            }
            /* The empty match at pos cannot be followed by a non-empty one there. */
            retry = 0;
            if (pos >= n) {
                break;
            }
            pos += odp_u8_seqlen(s, n, pos);
            continue;
        }
        if (rc < 0) {
            return match_error(sc, i, rc, err);
        }
        opts = pt->utf ? PCRE2_NO_UTF_CHECK : 0;
        ms = ov[0];
        me = ov[1];
        if (ms < copied || me < ms || me > n) {
            /* \K or lookbehind tricks can report a start before the search; refuse. */
            return odp_errf(err, ODP_EDATA, NULL,
                            "column '%s': scrub pattern %zu reported a match that overlaps "
                            "an earlier one (\\K is not supported)", sc->rule->name, i + 1);
        }
        hit = 1;
        rc = odp_buf_add(b, s + copied, ms - copied, err);
        if (rc == ODP_OK) {
            rc = odp_buf_add(b, pt->replace, pt->rlen, err);
        }
        if (rc < 0) {
            return rc;
        }
        copied = me;
        pos = me;
        retry = me == ms;
    }
    if (!hit) {
        return 0;
    }
    rc = odp_buf_add(b, s + copied, n - copied, err);
    return rc < 0 ? rc : 1;
}

int
odp_scrub_apply(struct odp_scrub *sc, const char *v, size_t n, struct odp_buf *b,
                struct odp_field *out, struct odp_err *err)
{
    const char *cur = v;
    size_t curlen = n, i;
    int which = 0, any = 0, rc;
    struct odp_buf *dst;

    out->p = v;
    out->len = n;
    if (n == 0) {
        return 0;
    }
    /* Passes alternate between the two internal buffers; the last copies into b. */
    for (i = 0; i < 1 + sc->npats; i++) {
        dst = &sc->tmp[which];
        if (i == 0) {
            if (sc->det == NULL) {
                continue;
            }
            rc = detect_pass(sc, cur, curlen, dst, err);
        } else {
            rc = regex_pass(sc, i - 1, cur, curlen, dst, err);
        }
        if (rc < 0) {
            return rc;
        }
        if (rc == 1) {
            cur = dst->p;
            curlen = dst->len;
            which ^= 1;
            any = 1;
        }
    }
    if (!any) {
        return 0;
    }
    odp_buf_reset(b);
    rc = odp_buf_add(b, cur, curlen, err);
    if (rc < 0) {
        return rc;
    }
    out->p = b->p;
    out->len = b->len;
    return curlen != n || memcmp(cur, v, n) != 0;
}
