/*
 * init.c - draft a policy from a sample of a raw dataset (`odpub init`).
 *
 * One pass over the header and the first `sample` rows collects, per column: how many
 * values are non-empty, how many each detector finds something in (with the header as
 * column hint, so context-only detectors such as person_name and license can fire),
 * value shapes (spaces and length for free text, ZIP shape, numbers, dates the
 * generalizer accepts, "(lat, lon)" points) and the distinct values (64-bit hashes
 * with counts, bounded by the sample) for uniqueness. Then each column gets the first
 * rule that applies, in order of severity: names are dropped, SSNs/cards/phones/IPs
 * redacted, emails and licenses pseudonymized (linkable), free text scrubbed with
 * the detectors that fired, addresses generalized to the block, dates to the month,
 * ZIPs to 3 digits, coordinates rounded, the rest kept.
 *
 * Promises: the draft names a generalize/round action only when every sampled value is
 * one the action accepts (so a release of the sample does not stop on a value), YAML
 * keys are quoted whenever a column name is not a plain identifier, and no comment,
 * error or JSON member ever carries a cell value: only counts, percentages, detector
 * and column names. Memory grows with columns x sample, never with the file.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "actions.h"
#include "actions_int.h"
#include "lint.h"
#include "buf.h"
#include "json.h"
#include "fs.h"
#include "detect.h"
#include "odp/init.h"
#include "policy.h"

#define INIT_DEFAULT_SAMPLE 10000u
#define INIT_YAML_MAX (64u << 20)
#define INIT_NORM_MAX 128u
#define INIT_HASH_MAX_SLOTS (1u << 22)

/* Detectors whose hits in free text make `scrub` useful (value-based ones). */
#define SCRUB_DETS                                                                        \
    ((1u << ODP_DET_EMAIL) | (1u << ODP_DET_PHONE) | (1u << ODP_DET_SSN) |                \
     (1u << ODP_DET_CREDIT_CARD) | (1u << ODP_DET_IP) | (1u << ODP_DET_DATE) |             \
     (1u << ODP_DET_ADDRESS) | (1u << ODP_DET_BBL))

struct slot {
    uint64_t h;     /* 0 = empty (a real hash of 0 is stored as 1) */
    uint64_t count;
};

struct colstat {
    uint64_t nonempty, spaced, total_len, max_len;
    uint64_t zip, number, date, point;
    uint64_t hits[ODP_DET__COUNT];
    uint32_t kinds;          /* odp_column_hint_kinds of the header */
    char norm[INIT_NORM_MAX]; /* lower_snake header */
    struct slot *tab;
    size_t cap, used;
    int full;                /* table hit its cap: uniqueness is a lower bound */
    /* decision */
    char action[192];
    char reason[256];
    int qi;                  /* 1 = quasi-identifier, 2 = candidate listed in a comment */
    int record_key;          /* header names a record number */
};

void
odp_init_opts_init(struct odp_init_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->format = ODP_FMT_AUTO;
    o->sample = INIT_DEFAULT_SAMPLE;
}

void
odp_init_result_free(struct odp_init_result *res)
{
    if (res == NULL) {
        return;
    }
    free(res->yaml);
    free(res->json);
    memset(res, 0, sizeof(*res));
}

/* ------------------------------------------------------------ helpers */

static int
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int
is_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Header -> lower_snake ("Incident Zip" -> incident_zip, "firstName" -> first_name). */
static void
normalize(const char *s, size_t n, char *out, size_t cap)
{
    size_t i, o = 0;
    unsigned char prev = 0;
    int pend = 0;

    for (i = 0; i < n && o + 2 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        int up = c >= 'A' && c <= 'Z';

        if (!is_alnum(c)) {
            pend = o > 0;
        } else {
            if (up && prev >= 'a' && prev <= 'z') {
                pend = 1;
            }
            if (pend) {
                out[o++] = '_';
                pend = 0;
            }
            out[o++] = (char)(up ? c - 'A' + 'a' : c);
        }
        prev = c;
    }
    out[o] = '\0';
}

/* `tok` is one of the '_'-separated words of the normalized name. */
static int
has_tok(const char *norm, const char *tok)
{
    size_t tl = strlen(tok);
    const char *p = norm;

    while ((p = strstr(p, tok)) != NULL) {
        if ((p == norm || p[-1] == '_') && (p[tl] == '\0' || p[tl] == '_')) {
            return 1;
        }
        p += tl;
    }
    return 0;
}

static int
has_any(const char *norm, const char *const *toks)
{
    size_t i;

    for (i = 0; toks[i] != NULL; i++) {
        if (has_tok(norm, toks[i])) {
            return 1;
        }
    }
    return 0;
}

static uint64_t
fnv1a(const char *p, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    size_t i;

    for (i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 1099511628211ull;
    }
    /* Final mix so the low bits (table index) depend on every byte. */
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h == 0 ? 1 : h;
}

static int
tab_add(struct colstat *c, const char *p, size_t n, struct odp_err *err)
{
    uint64_t h = fnv1a(p, n);
    size_t i, mask;

    if (c->used * 2 >= c->cap) {
        struct slot *nt, *old = c->tab;
        size_t ncap = c->cap == 0 ? 64 : c->cap * 2, oc = c->cap;

        if (ncap > INIT_HASH_MAX_SLOTS) {
            c->full = 1;
            return ODP_OK;
        }
        nt = calloc(ncap, sizeof(*nt));
        if (nt == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory counting distinct values");
        }
        for (i = 0; i < oc; i++) {
            if (old[i].h != 0) {
                size_t j = old[i].h & (ncap - 1);

                while (nt[j].h != 0) {
                    j = (j + 1) & (ncap - 1);
                }
                nt[j] = old[i];
            }
        }
        free(old);
        c->tab = nt;
        c->cap = ncap;
    }
    mask = c->cap - 1;
    for (i = h & mask; c->tab[i].h != 0; i = (i + 1) & mask) {
        if (c->tab[i].h == h) {
            c->tab[i].count++;
            return ODP_OK;
        }
    }
    c->tab[i].h = h;
    c->tab[i].count = 1;
    c->used++;
    return ODP_OK;
}

static uint64_t
singles(const struct colstat *c)
{
    uint64_t s = 0;
    size_t i;

    for (i = 0; i < c->cap; i++) {
        s += c->tab[i].h != 0 && c->tab[i].count == 1;
    }
    return s;
}

static int
zip_shaped(const char *v, size_t n)
{
    size_t i;

    if (n != 5 && !(n == 10 && v[5] == '-')) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        if (i != 5 && !is_digit(v[i])) {
            return 0;
        }
    }
    return 1;
}

static int
point_shaped(const char *v, size_t n)
{
    return n >= 5 && v[0] == '(' && v[n - 1] == ')' && memchr(v, ',', n) != NULL;
}

/* Rounded percent of a over b; a few hits never show as 0 %, nor a few misses as 100 %. */
static unsigned
pct(uint64_t a, uint64_t b)
{
    unsigned p = b == 0 ? 0 : (unsigned)((a * 100 + b / 2) / b);

    if (p == 0 && a > 0) {
        return 1;
    }
    if (p == 100 && a < b) {
        return 99;
    }
    return p;
}

/* ------------------------------------------------------------ sampling */

static int
observe(struct odp_detect *det, struct colstat *c, const char *hint, const char *v, size_t n,
        struct odp_err *err)
{
    struct odp_datetime dt;
    enum odp_date_fmt used;
    double d;
    size_t b, e;
    int i, rc;

    if (n == 0) {
        return ODP_OK;
    }
    c->nonempty++;
    c->total_len += n;
    if (n > c->max_len) {
        c->max_len = n;
    }
    if (memchr(v, ' ', n) != NULL) {
        c->spaced++;
    }
    c->zip += zip_shaped(v, n);
    c->point += point_shaped(v, n);
    c->number += odp_num_parse(v, n, &d) == 1;
    c->date += odp_date_parse(v, n, ODP_DFMT_AUTO, &dt, &used) == ODP_OK;
    for (i = 0; i < ODP_DET__COUNT; i++) {
        rc = odp_detect_find(det, (enum odp_detector)i, v, n, 0, hint, &b, &e, err);
        if (rc < 0) {
            return rc;
        }
        c->hits[i] += rc == 1;
    }
    return tab_add(c, v, n, err);
}

/* ------------------------------------------------------------ decisions */

static void
say(struct colstat *c, const char *fmt, ...) ODP_PRINTF(2, 3);

static void
say(struct colstat *c, const char *fmt, ...)
{
    size_t l = strlen(c->reason);
    va_list ap;

    if (l + 3 >= sizeof(c->reason)) {
        return;
    }
    if (l > 0) {
        memcpy(c->reason + l, "; ", 3);
        l += 2;
    }
    va_start(ap, fmt);
    vsnprintf(c->reason + l, sizeof(c->reason) - l, fmt, ap);
    va_end(ap);
}

static void
act(struct colstat *c, const char *a)
{
    snprintf(c->action, sizeof(c->action), "%s", a);
}

/* "92 % of values match phone" when the detector fired; "header says phone" too. */
static void
evidence(struct colstat *c, enum odp_detector d, const char *what)
{
    if (c->hits[d] > 0) {
        say(c, "%u %% of values match %s", pct(c->hits[d], c->nonempty), odp_detector_name(d));
    }
    if (c->kinds & (1u << d)) {
        say(c, "header says %s", what);
    }
}

/*
 * The header names this identifier, or (when the header names none of the
 * identifiers below, e.g. a BBL column of 10-digit numbers that look like phones)
 * half of the values hold it.
 */
#define HEADER_IDS                                                                         \
    ((1u << ODP_DET_EMAIL) | (1u << ODP_DET_PHONE) | (1u << ODP_DET_SSN) |                \
     (1u << ODP_DET_CREDIT_CARD) | (1u << ODP_DET_IP) | (1u << ODP_DET_BBL) |              \
     (1u << ODP_DET_LICENSE) | (1u << ODP_DET_DATE) | (1u << ODP_DET_ADDRESS))

static int
strong(const struct colstat *c, enum odp_detector d)
{
    if ((c->kinds & (1u << d)) != 0) {
        return 1;
    }
    return (c->kinds & HEADER_IDS) == 0 && !c->record_key && c->nonempty > 0 &&
           pct(c->hits[d], c->nonempty) >= 50;
}

/* Headers of record numbers (CMPLNT_NUM, "Job #", unique_key): digits there are keys. */
static const char *const tok_key[] = {"id", "num", "number", "no", "nbr", "key", "code", "cd",
                                      NULL};

static const char *const tok_zip[] = {"zip", "zipcode", "postcode", "postal", NULL};
static const char *const tok_lat[] = {"latitude", "longitude", "lat", "lon", "lng", "long",
                                      NULL};
static const char *const tok_coord[] = {"coord", "coordinate", "coordinates", "xcoord",
                                        "ycoord", NULL};
static const char *const tok_sensitive[] = {"sexual", "orientation", "immigration",
                                            "citizenship", "marital", "assistance", NULL};
static const char *const tok_demo[] = {"sex", "gender", "race", "ethnicity", "ethnic",
                                       "age", "language", "religion", "disability",
                                       "veteran", "income", NULL};
/* Headers of narrative text: scrubbed even when the sample shows few distinct texts. */
static const char *const tok_text[] = {"description", "descrp", "desc", "notes", "note",
                                       "comment", "comments", "narrative", "remarks", "text",
                                       "details", "summary", "resolution", NULL};
static const char *const tok_account[] = {"mrn", "ssn", NULL};

static int
is_account(const char *norm)
{
    return strstr(norm, "account_number") != NULL || strstr(norm, "case_number") != NULL ||
           strstr(norm, "client_id") != NULL || strstr(norm, "medical_record") != NULL ||
           strstr(norm, "health_plan") != NULL || has_any(norm, tok_account);
}

static int
is_house_number(const char *norm)
{
    return strstr(norm, "house_number") != NULL || strstr(norm, "house_no") != NULL ||
           strstr(norm, "house_num") != NULL || strcmp(norm, "house") == 0 ||
           (has_tok(norm, "house") && !has_tok(norm, "street"));
}

static void
decide(struct colstat *c)
{
    uint64_t ne = c->nonempty;
    uint32_t fired = 0;
    int i, free_text;
    double avg = ne > 0 ? (double)c->total_len / (double)ne : 0.0;

    c->reason[0] = '\0';
    c->record_key |= has_any(c->norm, tok_key);
    /* Long values with spaces, and not a short list of labels ("Agency Name"). */
    free_text = ne > 0 && avg >= 30.0 && c->max_len >= 40 && pct(c->spaced, ne) >= 50 &&
                pct(c->point, ne) < 50 &&
                (has_any(c->norm, tok_text) || !(c->used * 10 <= ne || (c->used <= 20 &&
                                                                         ne >= 5 * c->used)));

    if (c->kinds & (1u << ODP_DET_PERSON_NAME)) {
        act(c, "action: drop");
        say(c, "header says person name");
        if (c->hits[ODP_DET_PERSON_NAME] > 0) {
            say(c, "%u %% of values are name-shaped", pct(c->hits[ODP_DET_PERSON_NAME], ne));
        }
        return;
    }
    if (has_any(c->norm, tok_sensitive)) {
        act(c, "action: drop");
        say(c, "sensitive personal characteristic (NYC 23-1201)");
        return;
    }
    if (!free_text || (c->kinds & (1u << ODP_DET_SSN))) {
        if (strong(c, ODP_DET_SSN)) {
            act(c, "action: redact");
            evidence(c, ODP_DET_SSN, "ssn");
            return;
        }
        if (strong(c, ODP_DET_CREDIT_CARD)) {
            act(c, "action: redact");
            evidence(c, ODP_DET_CREDIT_CARD, "card number");
            return;
        }
        if (strong(c, ODP_DET_EMAIL)) {
            act(c, "action: pseudonymize, domain: person, length: 16");
            evidence(c, ODP_DET_EMAIL, "email");
            say(c, "a pseudonym links records of one person");
            return;
        }
        if (strong(c, ODP_DET_PHONE)) {
            act(c, "action: redact");
            evidence(c, ODP_DET_PHONE, "phone");
            return;
        }
        if (c->kinds & (1u << ODP_DET_LICENSE)) {
            act(c, "action: pseudonymize, domain: license, length: 16");
            evidence(c, ODP_DET_LICENSE, "license");
            say(c, "a pseudonym links filings of one licensee");
            return;
        }
        if (strong(c, ODP_DET_IP)) {
            act(c, "action: redact");
            evidence(c, ODP_DET_IP, "ip");
            return;
        }
        if (is_account(c->norm)) {
            act(c, "action: pseudonymize, domain: record, length: 16");
            say(c, "header names a record or account number");
            return;
        }
    }
    if (free_text) {
        for (i = 0; i < ODP_DET__COUNT; i++) {
            if ((SCRUB_DETS & (1u << i)) && c->hits[i] > 0) {
                fired |= 1u << i;
            }
        }
        /* every detector: names, apartments and case numbers hide in narrative text */
        act(c, "action: scrub, detect: [all]");
        say(c, "free text (%u characters on average, %u %% with spaces)", (unsigned)(avg + 0.5),
            pct(c->spaced, ne));
        if (fired == 0) {
            say(c, "no detector fired in the sample");
        }
        for (i = 0; i < ODP_DET__COUNT; i++) {
            if (fired & (1u << i)) {
                say(c, "%s in %u %%", odp_detector_name((enum odp_detector)i),
                    pct(c->hits[i], ne));
            }
        }
        return;
    }
    if (is_house_number(c->norm)) {
        act(c, "action: drop");
        say(c, "house number: with the street it locates a building");
        return;
    }
    if (strong(c, ODP_DET_ADDRESS)) {
        act(c, "action: generalize, to: block");
        evidence(c, ODP_DET_ADDRESS, "address");
        return;
    }
    if (ne > 0 && pct(c->point, ne) >= 50) {
        act(c, "action: drop");
        say(c, "%u %% of values are (lat, lon) points: exact location", pct(c->point, ne));
        return;
    }
    if (has_any(c->norm, tok_lat)) {
        if (c->number == ne) {
            act(c, "action: round, decimals: 3");
            say(c, "header says coordinate; about 100 m after rounding");
        } else {
            act(c, "action: drop");
            say(c, "header says coordinate but %u %% of values are not numbers",
                100 - pct(c->number, ne));
        }
        return;
    }
    if (has_any(c->norm, tok_coord)) {
        act(c, "action: drop");
        say(c, "header says coordinate: an exact position");
        return;
    }
    if (has_any(c->norm, tok_zip)) {
        if (c->zip == ne) {
            act(c, "action: generalize, digits: 3");
            say(c, "header says ZIP; %u %% of values are ZIP-shaped", pct(c->zip, ne));
            c->qi = 1;
        } else {
            act(c, "action: drop");
            say(c, "header says ZIP but %u %% of values are not ZIP-shaped (generalize would "
                   "stop on them)",
                100 - pct(c->zip, ne));
        }
        return;
    }
    if ((c->kinds & (1u << ODP_DET_DATE)) || (ne > 0 && pct(c->date, ne) >= 80)) {
        int dob = has_tok(c->norm, "dob") || strstr(c->norm, "birth") != NULL;

        if (ne > 0 && c->date == ne) {
            act(c, dob ? "action: generalize, to: year" : "action: generalize, to: month");
            say(c, "%u %% of values are dates", pct(c->date, ne));
            if (c->kinds & (1u << ODP_DET_DATE)) {
                say(c, "header says date");
            }
            c->qi = 2;
        } else if (ne == 0) {
            act(c, "action: drop");
            say(c, "header says date; no values in the sample to check the format");
        } else {
            act(c, "action: drop");
            say(c, "%u %% of values are dates; the others would stop generalize", pct(c->date, ne));
        }
        return;
    }
    if (strong(c, ODP_DET_BBL)) {
        act(c, "action: drop");
        evidence(c, ODP_DET_BBL, "bbl/bin");
        say(c, "locates one tax lot or building, as exact as an address");
        return;
    }
    act(c, "action: keep");
    if (ne == 0) {
        say(c, "no values in the sample: review");
    } else {
        /*
         * A few values hold an identifier (a business name with an address in it):
         * scrub just those detectors, so the release leaves no detector hit behind.
         */
        char list[160] = "";
        size_t ln = 0;

        for (i = 0; i < ODP_DET__COUNT; i++) {
            if (c->hits[i] > 0 && ((1u << i) & SCRUB_DETS) != 0 && i != ODP_DET_DATE) {
                say(c, "%s in %u %% of values", odp_detector_name((enum odp_detector)i),
                    pct(c->hits[i], ne));
                ln += (size_t)snprintf(list + ln, sizeof(list) - ln, "%s%s", ln ? ", " : "",
                                       odp_detector_name((enum odp_detector)i));
            }
        }
        if (ln > 0 && ln < sizeof(list)) {
            snprintf(c->action, sizeof(c->action), "action: scrub, detect: [%s]", list);
        }
    }
    if (has_any(c->norm, tok_demo) && c->used > 0 && c->used <= 20) {
        c->qi = 1;
    }
}

/* ------------------------------------------------------------ YAML */

static int
yaml_plain_ok(const char *s, size_t n)
{
    static const char *const reserved[] = {"y", "n", "yes", "no", "true", "false", "on",
                                           "off", "null", NULL};
    char low[8];
    size_t i;

    if (n == 0 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') ||
                    s[0] == '_')) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        if (!is_alnum((unsigned char)s[i]) && s[i] != '_') {
            return 0;
        }
    }
    if (n < sizeof(low)) {
        for (i = 0; i < n; i++) {
            low[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] - 'A' + 'a' : s[i]);
        }
        low[n] = '\0';
        for (i = 0; reserved[i] != NULL; i++) {
            if (strcmp(low, reserved[i]) == 0) {
                return 0;
            }
        }
    }
    return 1;
}

/* A column name as a YAML key: plain when safe, else double-quoted with escapes. */
static int
yaml_key(struct odp_buf *b, const char *s, size_t n, struct odp_err *err)
{
    size_t i;
    int rc = ODP_OK;

    if (yaml_plain_ok(s, n)) {
        return odp_buf_add(b, s, n, err);
    }
    rc = odp_buf_addc(b, '"', err);
    for (i = 0; i < n && rc == ODP_OK; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c == '"' || c == '\\') {
            rc = odp_buf_addf(b, err, "\\%c", c);
        } else if (c < 0x20 || c == 0x7f) {
            rc = odp_buf_addf(b, err, "\\x%02x", c);
        } else if (c == 0xef && i + 2 < n && (unsigned char)s[i + 1] == 0xbb &&
                   (unsigned char)s[i + 2] == 0xbf) {
            rc = odp_buf_adds(b, "\\uFEFF", err); /* a BOM kept in a header name */
            i += 2;
        } else {
            rc = odp_buf_addc(b, (char)c, err);
        }
    }
    if (rc == ODP_OK) {
        rc = odp_buf_addc(b, '"', err);
    }
    return rc;
}

/* Policy name from the file name: "311 Service Requests.csv" -> 311-service-requests. */
static void
slugify(const char *path, char *out, size_t cap)
{
    const char *base = strrchr(path, '/');
    const char *dot;
    size_t i, n, o = 0;
    int dash = 0;

    base = base != NULL ? base + 1 : path;
    dot = strrchr(base, '.');
    n = dot != NULL && dot != base ? (size_t)(dot - base) : strlen(base);
    for (i = 0; i < n && o + 1 < cap && o < 100; i++) {
        unsigned char c = (unsigned char)base[i];

        if (is_alnum(c)) {
            if (dash && o > 0) {
                out[o++] = '-';
                if (o + 1 >= cap || o >= 100) {
                    break;
                }
            }
            dash = 0;
            out[o++] = (char)((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
        } else {
            dash = 1;
        }
    }
    if (o > 0 && out[o - 1] == '-') {
        o--;
    }
    out[o] = '\0';
    if (o == 0 || strcmp(path, "-") == 0) {
        snprintf(out, cap, "dataset");
    }
}

static int
write_yaml(struct odp_buf *b, const char *path, const char *slug, const struct odp_row *hdr,
           struct colstat *cs, uint64_t rows, struct odp_err *err)
{
    size_t i, nqi = 0, ncand = 0;
    int rc;

    rc = odp_buf_addf(b, err,
                      "# Draft policy written by `odpub init` from %llu sampled rows.\n"
                      "# Review every column before a release: suggestions come from the "
                      "headers and\n"
                      "# from the sampled values; identifiers may appear in rows not "
                      "sampled.\n"
                      "odpub: 1\n"
                      "name: %s\n"
                      "dataset:\n"
                      "  title: \"TODO: title\"\n"
                      "  description: \"TODO: what one row is, what was removed\"\n"
                      "  agency: \"TODO: publishing agency\"\n"
                      "  category: \"TODO: portal category\"\n"
                      "  update_frequency: \"TODO: daily, weekly, ...\"\n"
                      "  license: \"TODO: license\"\n"
                      "  contact: \"TODO: contact address\"\n"
                      "keys:\n"
                      "  pseudonym: env:ODPUB_PSEUDONYM_KEY\n"
                      "default: reject\n"
                      "columns:\n",
                      (unsigned long long)rows, slug);
    (void)path;
    for (i = 0; i < hdr->n && rc == ODP_OK; i++) {
        rc = odp_buf_adds(b, "  ", err);
        if (rc == ODP_OK) {
            rc = yaml_key(b, hdr->f[i].p, hdr->f[i].len, err);
        }
        if (rc == ODP_OK) {
            rc = odp_buf_addf(b, err, ": {%s}", cs[i].action);
        }
        if (rc == ODP_OK && cs[i].reason[0] != '\0') {
            rc = odp_buf_addf(b, err, "  # %s", cs[i].reason);
        }
        if (rc == ODP_OK) {
            rc = odp_buf_addc(b, '\n', err);
        }
        nqi += cs[i].qi == 1;
        ncand += cs[i].qi != 0;
    }
    if (rc < 0 || ncand == 0) {
        return rc;
    }
    rc = odp_buf_adds(b,
                      "# Quasi-identifier candidates; unique = share of sampled values seen "
                      "once (before\n"
                      "# generalization). Dates are candidates only: add one if its month\n"
                      "# together with the others is still rare enough to matter.\n",
                      err);
    for (i = 0; i < hdr->n && rc == ODP_OK; i++) {
        uint64_t s;

        if (cs[i].qi == 0) {
            continue;
        }
        s = singles(&cs[i]);
        rc = odp_buf_adds(b, "#   ", err);
        if (rc == ODP_OK) {
            rc = yaml_key(b, hdr->f[i].p, hdr->f[i].len, err);
        }
        if (rc == ODP_OK) {
            rc = odp_buf_addf(b, err, ": %llu distinct%s, %u %% of values unique%s\n",
                              (unsigned long long)cs[i].used, cs[i].full ? "+" : "",
                              pct(s, cs[i].nonempty), cs[i].qi == 1 ? "" : " (candidate)");
        }
    }
    if (rc < 0 || nqi == 0) {
        return rc;
    }
    rc = odp_buf_adds(b, "privacy:\n  quasi_identifiers: [", err);
    for (i = 0, nqi = 0; i < hdr->n && rc == ODP_OK; i++) {
        if (cs[i].qi != 1) {
            continue;
        }
        if (nqi++ > 0) {
            rc = odp_buf_adds(b, ", ", err);
        }
        if (rc == ODP_OK) {
            rc = yaml_key(b, hdr->f[i].p, hdr->f[i].len, err);
        }
    }
    if (rc == ODP_OK) {
        rc = odp_buf_adds(b, "]\n  k: 5\n  on_violation: suppress\n", err);
    }
    return rc;
}

static int
build_json(struct odp_init_result *res, const char *slug, const struct odp_row *hdr,
           const struct colstat *cs, struct odp_err *err)
{
    cJSON *root = cJSON_CreateObject(), *cols = NULL, *qis = NULL;
    size_t i;
    int j, ok = root != NULL;

    ok = ok && odp_json_add_str(root, "name", slug) == 0;
    ok = ok && odp_json_add_u64(root, "rows_sampled", res->rows_sampled) == 0;
    if (ok) {
        cols = cJSON_AddArrayToObject(root, "columns");
        ok = cols != NULL;
    }
    for (i = 0; ok && i < hdr->n; i++) {
        cJSON *c = cJSON_CreateObject(), *h = NULL;
        char *name = NULL;

        ok = c != NULL && cJSON_AddItemToArray(cols, c);
        if (ok) {
            name = strndup(hdr->f[i].p, hdr->f[i].len);
            ok = name != NULL && odp_json_add_str(c, "name", name) == 0;
            free(name);
        }
        ok = ok && odp_json_add_str(c, "action", cs[i].action + strlen("action: ")) == 0;
        ok = ok && odp_json_add_str(c, "reason", cs[i].reason) == 0;
        ok = ok && odp_json_add_u64(c, "nonempty", cs[i].nonempty) == 0;
        if (ok) {
            h = cJSON_AddObjectToObject(c, "hits");
            ok = h != NULL;
        }
        for (j = 0; ok && j < ODP_DET__COUNT; j++) {
            if (cs[i].hits[j] > 0) {
                ok = odp_json_add_u64(h, odp_detector_name((enum odp_detector)j),
                                      pct(cs[i].hits[j], cs[i].nonempty)) == 0;
            }
        }
    }
    if (ok) {
        qis = cJSON_AddArrayToObject(root, "quasi_identifiers");
        ok = qis != NULL;
    }
    for (i = 0; ok && i < hdr->n; i++) {
        if (cs[i].qi == 1) {
            char *name = strndup(hdr->f[i].p, hdr->f[i].len);
            cJSON *s = name != NULL ? cJSON_CreateString(name) : NULL;

            free(name);
            ok = s != NULL && cJSON_AddItemToArray(qis, s);
        }
    }
    ok = ok && odp_json_add_str(root, "policy", res->yaml) == 0;
    if (ok) {
        res->json = odp_json_render(root);
        ok = res->json != NULL;
    }
    cJSON_Delete(root);
    return ok ? ODP_OK : odp_errf(err, ODP_ENOMEM, NULL, "out of memory writing init JSON");
}

/* The action, generalize kind and date unit of a drafted "action: X, to: Y" text. */
static void
parse_action(const char *text, enum odp_action *a, enum odp_gen_kind *gen, enum odp_date_unit *unit)
{
    static const struct {
        const char *word;
        enum odp_date_unit u;
    } units[] = {{"year", ODP_DATE_YEAR}, {"month", ODP_DATE_MONTH}, {"day", ODP_DATE_DAY},
                 {"hour", ODP_DATE_HOUR}, {"week", ODP_DATE_WEEK}};
    char word[32];
    const char *to;
    size_t n = 0, i;
    int ai;

    *a = ODP_ACT_KEEP;
    *gen = 0;
    *unit = 0;
    if (strncmp(text, "action: ", 8) == 0) {
        text += 8;
    }
    while (text[n] != '\0' && text[n] != ',' && n + 1 < sizeof(word)) {
        word[n] = text[n];
        n++;
    }
    word[n] = '\0';
    ai = odp_action_from_name(word);
    *a = ai >= 0 ? (enum odp_action)ai : ODP_ACT_KEEP;
    if (*a != ODP_ACT_GENERALIZE) {
        return;
    }
    to = strstr(text, "to: ");
    *gen = strstr(text, "digits:") != NULL ? ODP_GEN_ZIP : ODP_GEN_NUMBER;
    for (i = 0; to != NULL && i < sizeof(units) / sizeof(units[0]); i++) {
        if (strncmp(to + 4, units[i].word, strlen(units[i].word)) == 0) {
            *gen = ODP_GEN_DATE;
            *unit = units[i].u;
        }
    }
    if (to != NULL && strncmp(to + 4, "block", 5) == 0) {
        *gen = ODP_GEN_BLOCK;
    }
}

/*
 * Never drafts a column weaker than the citywide baseline: where the suggestion does
 * not meet a matching category, the least treatment that does replaces it (drop when
 * allowed, else redact, else the category's first allowed action; dates to its minimum
 * unit), and the comment says so.
 */
static void
enforce_baseline(struct colstat *c, const char *name, const struct odp_policy *base)
{
    enum odp_action a;
    enum odp_gen_kind gen;
    enum odp_date_unit unit;
    size_t k;

    for (k = 0; base != NULL && k < base->ncats; k++) {
        const struct odp_baseline_cat *cat = &base->cats[k];
        int pick;

        parse_action(c->action, &a, &gen, &unit);
        if (cat->allowed == 0 || !odp_check_matches(cat, name) ||
            odp_check_enough(cat, a, gen, unit)) {
            continue;
        }
        if (a == ODP_ACT_GENERALIZE && gen == ODP_GEN_DATE && cat->min_date_unit != 0 &&
            (cat->allowed & (1u << ODP_ACT_GENERALIZE)) != 0) {
            snprintf(c->action, sizeof(c->action), "action: generalize, to: %s",
                     odp_date_unit_name(cat->min_date_unit));
        } else {
            pick = (cat->allowed & (1u << ODP_ACT_DROP)) ? ODP_ACT_DROP
                   : (cat->allowed & (1u << ODP_ACT_REDACT)) ? ODP_ACT_REDACT
                                                              : -1;
            for (pick = pick < 0 ? 0 : pick; pick < ODP_ACT__COUNT && (cat->allowed & (1u << pick)) == 0;
                 pick++) {
            }
            snprintf(c->action, sizeof(c->action), "action: %s",
                     odp_action_name((enum odp_action)pick));
        }
        say(c, "baseline category '%s' needs at least this", cat->category);
    }
}

/* The citywide baseline when it can be found (NULL otherwise: the draft is unlinted). */
static struct odp_policy *
load_baseline(void)
{
    struct odp_policy *p = NULL;
    char *path = NULL;

    if (odp_policy_search("nyc-baseline", NULL, NULL, &path) == 1) {
        p = odp_policy_load(path, NULL, NULL);
    }
    free(path);
    return p;
}

int
odp_init_draft(const struct odp_init_opts *o, struct odp_init_result *res, struct odp_err *err)
{
    struct odp_table *t = NULL;
    struct odp_detect *det = NULL;
    struct odp_policy *base;
    struct colstat *cs = NULL;
    const struct odp_row *hdr;
    struct odp_row row;
    struct odp_buf y;
    char slug[128];
    char **hints = NULL;
    size_t i;
    int rc = ODP_OK;

    odp_buf_init(&y, INIT_YAML_MAX);
    if (o == NULL || res == NULL || o->data == NULL) {
        return odp_errf(err, ODP_EINVAL, NULL, "init: no data file given");
    }
    memset(res, 0, sizeof(*res));
    t = odp_table_open(o->data, o->format, 0, err);
    if (t == NULL) {
        return err != NULL && err->code != ODP_OK ? err->code : ODP_EIO;
    }
    det = odp_detect_new((1u << ODP_DET__COUNT) - 1u, err);
    if (det == NULL) {
        rc = err != NULL && err->code != ODP_OK ? err->code : ODP_ENOMEM;
        goto out;
    }
    hdr = odp_table_header(t);
    cs = calloc(hdr->n == 0 ? 1 : hdr->n, sizeof(*cs));
    hints = calloc(hdr->n == 0 ? 1 : hdr->n, sizeof(*hints));
    if (cs == NULL || hints == NULL) {
        rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory for %zu columns", hdr->n);
        goto out;
    }
    for (i = 0; i < hdr->n; i++) {
        /* The header view is valid until free; hints need NUL-terminated copies. */
        hints[i] = strndup(hdr->f[i].p, hdr->f[i].len);
        if (hints[i] == NULL) {
            rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory for column names");
            goto out;
        }
        normalize(hdr->f[i].p, hdr->f[i].len, cs[i].norm, sizeof(cs[i].norm));
        cs[i].kinds = odp_column_hint_kinds(hints[i]);
        cs[i].record_key = strchr(hints[i], '#') != NULL;
    }
    while (o->sample == 0 || res->rows_sampled < o->sample) {
        rc = odp_table_next(t, &row, err);
        if (rc == ODP_END) {
            rc = ODP_OK;
            break;
        }
        if (rc < 0) {
            goto out;
        }
        res->rows_sampled++;
        for (i = 0; i < row.n && i < hdr->n; i++) {
            rc = observe(det, &cs[i], hints[i], row.f[i].p, row.f[i].len, err);
            if (rc < 0) {
                goto out;
            }
        }
    }
    base = load_baseline();
    for (i = 0; i < hdr->n; i++) {
        decide(&cs[i]);
        enforce_baseline(&cs[i], hints[i], base);
    }
    odp_policy_free(base);
    slugify(o->data, slug, sizeof(slug));
    rc = write_yaml(&y, o->data, slug, hdr, cs, res->rows_sampled, err);
    if (rc < 0) {
        goto out;
    }
    res->yaml_len = y.len;
    res->yaml = odp_buf_take(&y);
    res->columns = hdr->n;
    if (res->yaml == NULL) {
        rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory writing the draft");
        goto out;
    }
    rc = build_json(res, slug, hdr, cs, err);
out:
    if (cs != NULL && hints != NULL) {
        for (i = 0; i < hdr->n; i++) {
            free(cs[i].tab);
            free(hints[i]);
        }
    }
    free(cs);
    free(hints);
    odp_buf_release(&y);
    odp_detect_free(det);
    odp_table_free(t);
    if (rc < 0) {
        odp_init_result_free(res);
    }
    return rc;
}
