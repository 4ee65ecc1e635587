/*
 * classify.c - the column classifier (see classify.h and docs/DETECTION.md).
 *
 * observe() collects per column: value shapes (validators.h), detector hits (detect.h),
 * person-name classes (names.h), distinct values (64-bit hashes) and lengths. decide()
 * first sets the table context (about people? a table of counts?), then scores every
 * kind for every column: each piece of evidence adds or subtracts a weight, the kind
 * with the highest score at or over 1.0 wins, and its evidence becomes the "why".
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "classify_int.h"
#include "detect.h"
#include "validators.h"

struct odp_cls {
    size_t n;
    struct col *c;
    struct odp_detect *det;
    int person_table, aggregate_table, has_names;
    int has_dates;      /* a column of (event) dates: rows are events */
    int vehicle_table;  /* a column names a vehicle's make, model, VIN or plate */
    int incident_table; /* a column names a victim, an offence, a crash: rows are such events */
    char nulls[CLS_NULLS][CLS_NULLLEN]; /* null tokens seen, exact bytes (no padding) */
    size_t nnulls;
};

/* The first token of `list` the header holds, or NULL. */
static const char *
hasany(const struct col *c, const char *const *list)
{
    size_t i;

    for (i = 0; i < c->ntok; i++) {
        if (in(c->tok[i], list)) {
            return c->tok[i];
        }
    }
    return NULL;
}

/* Values with a time of day, unless nine in ten have the first one's. */
static uint64_t
timed(const struct col *c)
{
    return c->date_time >= 20 && c->tod_same * 10 >= c->date_time * 9 ? 0 : c->date_time;
}

/* ------------------------------------------------------------ observe */

/* The value detectors whose hits the classifier counts (person names and licences have
 * validators of their own above). */
#define CLS_DETECTORS                                                                              \
    ((1u << ODP_DET_EMAIL) | (1u << ODP_DET_PHONE) | (1u << ODP_DET_SSN) |                         \
     (1u << ODP_DET_CREDIT_CARD) | (1u << ODP_DET_IP) | (1u << ODP_DET_DATE) |                     \
     (1u << ODP_DET_ADDRESS) | (1u << ODP_DET_BBL))

struct odp_cls *
odp_cls_new(size_t ncols, const char *const *headers, struct odp_err *err)
{
    struct odp_cls *c = calloc(1, sizeof(*c));
    size_t i;

    if (c == NULL || (c->c = calloc(ncols == 0 ? 1 : ncols, sizeof(*c->c))) == NULL) {
        free(c);
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory for the column classifier");
        return NULL;
    }
    c->n = ncols;
    for (i = 0; i < ncols; i++) {
        const char *h = headers[i] != NULL ? headers[i] : "";

        c->c[i].header = strdup(h);
        if (c->c[i].header == NULL) {
            odp_cls_free(c);
            odp_errf(err, ODP_ENOMEM, NULL, "out of memory for the column classifier");
            return NULL;
        }
        odp_cls_tokenize(&c->c[i], h);
        c->c[i].kinds = odp_column_hint_kinds(h);
        c->c[i].raw_hash = strchr(h, '#') != NULL;
    }
    c->det = odp_detect_new(CLS_DETECTORS, err);
    if (c->det == NULL) {
        odp_cls_free(c);
        return NULL;
    }
    return c;
}

void
odp_cls_free(struct odp_cls *c)
{
    size_t i;

    if (c == NULL) {
        return;
    }
    for (i = 0; c->c != NULL && i < c->n; i++) {
        free(c->c[i].header);
        free(c->c[i].tab);
    }
    free(c->c);
    odp_detect_free(c->det);
    free(c);
}

static int
all_digits(const char *v, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (v[i] < '0' || v[i] > '9') {
            return 0;
        }
    }
    return n > 0;
}

/* Remembers a null token (NA, N/A, NULL, ...) as written, for init's dataset.null_values. */
static void
note_null(struct odp_cls *cls, const char *v, size_t n)
{
    size_t i;

    if (n == 0 || n >= CLS_NULLLEN || v[0] == ' ' || v[n - 1] == ' ' || !odp_val_null_token(v, n)) {
        return;
    }
    for (i = 0; i < cls->nnulls; i++) {
        if (strlen(cls->nulls[i]) == n && memcmp(cls->nulls[i], v, n) == 0) {
            return;
        }
    }
    if (cls->nnulls < CLS_NULLS) {
        memcpy(cls->nulls[cls->nnulls], v, n);
        cls->nulls[cls->nnulls][n] = '\0';
        cls->nnulls++;
    }
}

size_t
odp_cls_null_tokens(const struct odp_cls *cls, const char **out, size_t max)
{
    size_t i;

    for (i = 0; cls != NULL && i < cls->nnulls && i < max; i++) {
        out[i] = cls->nulls[i];
    }
    return i;
}

int
odp_cls_observe(struct odp_cls *cls, size_t col, const char *v, size_t n, struct odp_err *err)
{
    struct col *c;
    struct odp_datetime dt;
    double x;
    int dec, prec, d, rc, isdate, isnum, amount;
    size_t b, e, s = 0;

    if (cls == NULL || col >= cls->n) {
        return ODP_OK;
    }
    c = &cls->c[col];
    if (c->seen >= ODP_CLS_SAMPLE) {
        return ODP_OK;
    }
    c->seen++;
    note_null(cls, v, n);
    c->padded += n > 0 && (v[0] == ' ' || v[0] == '\t' || v[n - 1] == ' ' || v[n - 1] == '\t');
    while (s < n && (v[s] == ' ' || v[s] == '\t')) {
        s++;
    }
    v += s;
    n -= s;
    while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r')) {
        n--;
    }
    if (odp_val_null_token(v, n)) {
        c->nulltok += n > 0;
        return ODP_OK;
    }
    c->ne++;
    c->total_len += n;
    if (n > c->max_len) {
        c->max_len = n;
    }
    c->spaced += memchr(v, ' ', n) != NULL;
    c->newline += memchr(v, '\n', n) != NULL;
    c->zip += odp_val_zip(v, n);
    c->zip_strict += (n == 5 || (n == 10 && v[5] == '-')) && odp_val_zip(v, n);
    c->zip4 += n == 4 && all_digits(v, n);
    d = odp_val_latlon(v, n);
    c->lat += d == 1;
    c->lon += d != 0;
    c->proj += odp_val_projected(v, n);
    c->point += odp_val_point(v, n);
    c->guid += odp_val_guid(v, n);
    c->year += odp_val_year(v, n);
    isdate = odp_val_date(v, n, &dt, &prec);
    if (isdate) {
        c->date += prec >= 2;
        if (prec == 3) {
            int tod = dt.hour * 3600 + dt.minute * 60 + dt.second;

            /* one time in every value ("2026-12-31T12:00:00.000Z"): a date stamped at a
             * fixed hour, no event's time of day */
            c->tod0 = c->date_time == 0 ? tod : c->tod0;
            c->tod_same += tod == c->tod0;
            c->date_time++;
        }
        c->date_year += prec == 0;
    }
    if (n >= 8 && n <= 10 && (v[1] == '/' || v[2] == '/' || v[1] == '.' || v[2] == '.')) {
        /* day first (31/07/1981, 31.07.1981): the exports of most of the world */
        int dmy = odp_date_parse(v, n, ODP_DFMT_DMY_DATE, &dt, NULL) == ODP_OK;
        int mdy = odp_date_parse(v, n, ODP_DFMT_US_DATE, &dt, NULL) == ODP_OK;

        c->dmy_ok += dmy;
        c->dmy_only += dmy && !mdy;
        c->mdy_only += mdy && !dmy;
        if (dmy && !isdate) {
            isdate = 1;
            c->date++;
        }
    }
    /* an amount ("-2.41", "2.8", "-7"): no identifier and no unit designator */
    isnum = odp_val_number(v, n, &x, &dec);
    amount = isnum && (dec > 0 || x < 0 || memchr(v, '.', n) != NULL);
    c->idshape += !isdate && !amount && odp_val_id_shape(v, n);
    c->plate += odp_val_plate(v, n);
    c->vin += odp_val_vin(v, n);
    c->natid += odp_val_national_id(v, n);
    c->digits3 += n == 3 && all_digits(v, n);
    c->eircode += odp_val_eircode(v, n);
    c->apt += odp_val_apartment(v, n);
    c->house += odp_val_house_number(v, n);
    c->hblock += odp_val_hundred_block(v, n);
    c->shortcode += n <= 5 && !isdate && !amount;
    if (isnum) {
        c->num++;
        c->integer += dec == 0 && memchr(v, '.', n) == NULL;
        c->dec4 += dec >= 4;
        if (dec == 0 && x >= 0 && x < 1e15) {
            uint64_t k = (uint64_t)x;

            c->seq0 += k + 1 == c->seen;
            c->seq1 += k == c->seen;
        }
    }
    c->ncontains += odp_val_contains_person_name(v, n);
    c->nplace += odp_val_place_name(v, n);
    c->nphrase += odp_val_word_phrase(v, n);
    c->pobox += odp_val_po_box(v, n);
    c->ncjk += n >= 6 && (unsigned char)v[0] >= 0xE0 && odp_val_cjk_name(v, n);
    c->nurl +=
        n > 7 && (v[0] == 'h' || v[0] == 'H' || v[0] == 'w' || v[0] == 'W') && odp_val_url(v, n);
    switch (odp_val_person_name(v, n)) {
    case ODP_VNAME_FULL:
        c->nfull++;
        break;
    case ODP_VNAME_GIVEN:
        c->ngiven++;
        break;
    case ODP_VNAME_SURNAME:
        c->nsur++;
        break;
    case ODP_VNAME_UNKNOWN:
        c->nunk++;
        break;
    default:
        break;
    }
    if (n <= 4096) {
        struct odp_err local;

        for (d = 0; d < ODP_DET__COUNT; d++) {
            if ((CLS_DETECTORS & (1u << d)) == 0) {
                continue; /* not in the set: would only format an error per value */
            }
            /* first-error-wins needs only the code cleared (zeroing the whole struct, its
             * message buffer included, per detector and value was a sixth of audit) */
            local.code = ODP_OK;
            rc = odp_detect_find_kinds(cls->det, (enum odp_detector)d, v, n, 0, c->kinds, &b, &e,
                                       &local);
            if (rc == 1) {
                c->hits[d]++;
                if (d == ODP_DET_ADDRESS && b == 0) {
                    c->addr_start++;
                }
            }
        }
    }
    return odp_cls_tab_add(c, v, n, err);
}

/* ------------------------------------------------------------ decide */

struct cand {
    double score[ODP_CLS__COUNT];
    int veto[ODP_CLS__COUNT];
    int part_of_address;     /* the header names a public part of an address (city, state) */
    int hdr[ODP_CLS__COUNT]; /* the header gave positive evidence for this kind */
    char why[ODP_CLS__COUNT][400];
};

static void ODP_PRINTF(4, 5)
    ev(struct cand *k, enum odp_cls_kind kind, double w, const char *fmt, ...)
{
    char *b = k->why[kind];
    size_t l = strlen(b);
    va_list ap;

    k->score[kind] += w;
    if (w > 0 && strncmp(fmt, "header", 6) == 0) {
        k->hdr[kind] = 1;
    }
    if (w <= -0.6) {
        k->veto[kind] = 1;
    }
    if (l + 16 >= sizeof(k->why[kind])) {
        return;
    }
    l += (size_t)snprintf(b + l, sizeof(k->why[kind]) - l, "%s", l ? ", " : "");
    va_start(ap, fmt);
    l += (size_t)vsnprintf(b + l, sizeof(k->why[kind]) - l, fmt, ap);
    va_end(ap);
    if (l < sizeof(k->why[kind])) {
        snprintf(b + l, sizeof(k->why[kind]) - l, " %+.2f", w);
    }
}

static double
sh(uint64_t a, uint64_t b)
{
    return b == 0 ? 0.0 : (double)a / (double)b;
}

static unsigned
pc(double s)
{
    unsigned p = (unsigned)(s * 100.0 + 0.5);

    if (p == 0 && s > 0) {
        return 1;
    }
    if (p == 100 && s < 1.0) {
        return 99;
    }
    return p;
}

/* A short list of labels repeated over many rows: a category, not an identifier. */
static int
categorical(const struct col *c)
{
    return c->ne >= 50 && (c->used <= 12 || c->used * 40 <= c->ne);
}

static int
free_text(const struct col *c)
{
    double avg = c->ne > 0 ? (double)c->total_len / (double)c->ne : 0.0;

    return c->ne > 0 && avg >= 30.0 && c->max_len >= 40 && sh(c->spaced, c->ne) >= 0.5 &&
           sh(c->point, c->ne) < 0.5 &&
           (hasany(c, t_text) != NULL ||
            !(c->used * 10 <= c->ne || (c->used <= 20 && c->ne >= 5 * c->used)));
}

static void
context(struct odp_cls *cls)
{
    size_t i, roles = 0;

    for (i = 0; i < cls->n; i++) {
        struct col *c = &cls->c[i];

        if (hasany(c, t_demo) != NULL || hasany(c, t_birth) != NULL) {
            cls->person_table = 1;
        }
        if (hasany(c, t_role) != NULL) {
            roles++;
        }
        if (hasany(c, t_vehicle) != NULL) {
            cls->vehicle_table = 1;
        }
        if (c->ne >= 20 && sh(c->date, c->ne) >= 0.8 && hasany(c, t_birth) == NULL) {
            cls->has_dates = 1;
        }
        if (hasany(c, t_incident) != NULL) {
            cls->incident_table = 1;
        }
        if ((has(c, "person") || has(c, "inmate") || has(c, "employee") || has(c, "patient") ||
             has(c, "student") || has(c, "client")) &&
            hasany(c, t_key) != NULL) {
            cls->person_table = 1;
        }
        if (hasany(c, t_agg) != NULL && c->ne > 0 && sh(c->integer, c->ne) >= 0.9) {
            cls->aggregate_table = 1;
        }
    }
    /* a table of counts has no per-row key */
    for (i = 0; i < cls->n && cls->aggregate_table; i++) {
        const struct col *c = &cls->c[i];

        if ((hasany(c, t_key) != NULL || c->raw_hash) && c->ne >= 50 && sh(c->used, c->ne) >= 0.9) {
            cls->aggregate_table = 0;
        }
    }
    if (cls->n > 25) {
        cls->aggregate_table = 0;
    }
    /* person roles in headers (complainant_phone, contact) say the columns hold personal
     * data, not that each row describes a person: they do not set the context */
    (void)roles;
    odp_cls_surname_pairs(cls->c, cls->n);
}

static void
score_name(const struct odp_cls *cls, const struct col *c, struct cand *k)
{
    double full = sh(c->nfull, c->ne), given = sh(c->ngiven, c->ne), sur = sh(c->nsur, c->ne);
    double unk = sh(c->nunk, c->ne), v;
    const char *t;

    if ((t = hasany(c, t_nameword)) != NULL && !has(c, "file")) {
        /* the part of a name before the word "name" ("nom de famille": the last) */
        t = has(c, "last") ? "last" : has(c, "first") ? "first" : has(c, "given") ? "given" : t;
        ev(k, ODP_CLS_PERSON_NAME,
           eq(t, "name") || eq(t, "names") ? 0.5
           : eq(t, "middle")               ? 0.4
                                           : 0.6,
           "header says '%s'", t);
    }
    if (c->surname_pair) {
        ev(k, ODP_CLS_PERSON_NAME, 0.2, "its header is a first-name column's without 'first'");
    }
    if (c->ne >= 20 && sh(c->ncjk, c->ne) >= 0.6 && sh(c->used, c->ne) >= 0.3) {
        /* 曹爾章, 김민준: a common surname, then a given name (not a column of regions) */
        ev(k, ODP_CLS_PERSON_NAME, 1.2, "%u %% of values are Chinese or Korean personal names",
           pc(sh(c->ncjk, c->ne)));
    }
    if ((t = hasany(c, t_role)) != NULL) {
        ev(k, ODP_CLS_PERSON_NAME, 0.3, "header names a person ('%s')", t);
    }
    /* "A/K/A-Also Known As", "Alias"; a business's header counts half over full names
     * ("D/B/A-Doing Business as" over sole proprietors' names; not "Lobbyist City") */
    if (has(c, "alias") || has(c, "aliases") || has(c, "aka") ||
        (has(c, "also") && has(c, "known"))) {
        ev(k, ODP_CLS_PERSON_NAME, 0.5, "header names an alias");
    }
    if ((t = hasany(c, t_neg)) != NULL) {
        ev(k, ODP_CLS_PERSON_NAME,
           full >= 0.5 && (eq(t, "business") || eq(t, "company")) ? -0.4 : -0.8,
           "header names a thing ('%s')", t);
    }
    if (c->ne == 0) {
        return;
    }
    if (full >= 0.3) {
        /* half the values full names wins without a header (a list of firms and
         * individuals); a third needs some other evidence */
        ev(k, ODP_CLS_PERSON_NAME, 0.4 + 1.2 * full,
           "%u %% of values are full names (given "
           "name and surname, public frequency tables)",
           pc(full));
    } else if (full > 0.05) {
        ev(k, ODP_CLS_PERSON_NAME, full, "%u %% of values are full names", pc(full));
    }
    if (full < 0.3 && sh(c->ncontains, c->ne) >= 0.2) {
        ev(k, ODP_CLS_PERSON_NAME, 0.5 + 0.6 * sh(c->ncontains, c->ne),
           "%u %% of values hold a full name among other parties", pc(sh(c->ncontains, c->ne)));
    }
    v = 0.0;
    if (has(c, "first") || has(c, "given")) {
        v = 0.9 * given;
    } else if (has(c, "last") || c->surname_pair) {
        v = 0.8 * (sur + given * 0.5 + unk * 0.5);
    } else {
        v = 0.6 * (given + sur);
    }
    if (v > 0.05) {
        ev(k, ODP_CLS_PERSON_NAME, v, "%u %% of values are known given names or surnames",
           pc(given + sur));
    }
    if (full < 0.1 && sh(c->nphrase, c->ne) >= 0.6) {
        /* "FLEET MANAGEMENT OPERATIONS", "OTHER PROFESSIONAL SERVICES": the names of
         * things, in words no name table knows */
        ev(k, ODP_CLS_PERSON_NAME, -1.0, "%u %% of values are phrases of common words",
           pc(sh(c->nphrase, c->ne)));
    }
    if (sh(c->nplace, c->ne) >= 0.3) {
        /* "Duckabush River", "Lake Washington", "King School": named after people */
        ev(k, ODP_CLS_PERSON_NAME, -1.0, "%u %% of values are places or institutions",
           pc(sh(c->nplace, c->ne)));
    }
    if (categorical(c) && (full >= 0.7 || (odp_cls_name_part_header(c) && given + sur >= 0.7))) {
        /* a short list of labels is a category, but a short list of full names is a few
         * people named often (the inspector, the case manager, the candidate), and so are
         * the first or last names of a few buyers under a first or last name header */
        ev(k, ODP_CLS_PERSON_NAME, -0.3, "%zu distinct values over %llu rows: a few people",
           c->used, (unsigned long long)c->ne);
    } else if (categorical(c)) {
        ev(k, ODP_CLS_PERSON_NAME, -1.0, "%zu distinct values over %llu rows: a category", c->used,
           (unsigned long long)c->ne);
    }
    if (cls->aggregate_table && full < 0.2) {
        ev(k, ODP_CLS_PERSON_NAME, -1.0, "a table of counts: names there are aggregates");
    }
}

/* Share of a column's values that are single given names, and the share that read as
 * surnames (known surnames, unknown words, and half the names that are both). */
static double
given_share(const struct col *c)
{
    return sh(c->ngiven, c->ne);
}

static double
surname_share(const struct col *c)
{
    return sh(c->nsur, c->ne) + 0.5 * (sh(c->ngiven, c->ne) + sh(c->nunk, c->ne));
}

static int
name_part_column(const struct col *c)
{
    return c->ne >= 20 && !categorical(c) && c->nfull * 5 < c->ne;
}

/*
 * A column of given names beside a column of surnames is a person's name split in two
 * (FIRST, LAST), whatever the headers say: neither a list of pets' names nor one of
 * streets or firms comes with a surname column next to it. A column of middle initials
 * (one or two characters, or empty) may sit between them.
 */
static void
score_name_pair(const struct odp_cls *cls, size_t idx, const struct col *c, struct cand *k)
{
    size_t j;

    if (!name_part_column(c) || cls->aggregate_table) {
        return;
    }
    for (j = idx > 1 ? idx - 2 : 0; j <= idx + 2 && j < cls->n; j++) {
        const struct col *o = &cls->c[j];
        const struct col *mid = &cls->c[(j + idx) / 2];

        if (j == idx || !name_part_column(o) ||
            ((j + 2 == idx || idx + 2 == j) && mid->ne > 0 && mid->max_len > 2)) {
            continue;
        }
        if ((given_share(c) >= 0.6 && surname_share(o) >= 0.6 &&
             given_share(o) + 0.2 <= given_share(c)) ||
            (given_share(o) >= 0.6 && surname_share(c) >= 0.6 &&
             given_share(c) + 0.2 <= given_share(o))) {
            ev(k, ODP_CLS_PERSON_NAME, 0.7, "beside a column of %s: a person's name in two columns",
               given_share(c) >= given_share(o) ? "surnames" : "given names");
            return;
        }
    }
}

/* The header's report or incident word ("Incident Number"; "Event_Unique_ID" with its
 * key word), or NULL. */
static const char *
case_weak_word(const struct col *c, const char *key)
{
    const char *t = hasany(c, t_case_weak);

    return t != NULL || key == NULL ? t : hasany(c, t_case_keyed);
}

static void
score_keys(const struct odp_cls *cls, const struct col *c, struct cand *k)
{
    double uniq = sh(c->used, c->ne), ids = sh(c->idshape + c->guid, c->ne);
    const char *key = hasany(c, t_key), *t, *neg = hasany(c, t_neg), *weak;
    int per_row = c->ne >= 20 && uniq >= 0.9;

    if (key == NULL && c->raw_hash) {
        key = "#";
    }
    weak = case_weak_word(c, key);
    /* person key */
    if (hasany(c, t_license) != NULL || hasany(c, t_case_strong) != NULL || weak != NULL ||
        hasany(c, t_plate) != NULL || hasany(c, t_not_key) != NULL) {
        /* a licence, case or plate number: scored below */
    } else if (key != NULL &&
               ((t = hasany(c, t_role)) != NULL || (t = hasany(c, t_badge)) != NULL ||
                (has(c, "star") && (t = "star") != NULL))) {
        /* a police star number (PERS_STAR_NO) is a badge; "star" alone is a rating */
        ev(k, ODP_CLS_PERSON_KEY, 0.8, "header names a person's key ('%s' %s)", t, key);
    } else if ((t = hasany(c, t_badge)) != NULL && !eq(t, "tax")) {
        /* ("Exempt Tax", "Sales Tax": an amount; "Tax ID" has its key word above) */
        ev(k, ODP_CLS_PERSON_KEY, 0.8, "header names a person's number ('%s')", t);
    } else if (key != NULL && per_row && neg == NULL &&
               (cls->person_table ||
                (cls->has_names && (!cls->has_dates || (!c->full && c->used < c->ne))))) {
        /* where people are only named in rows that are dated events, a key that never
         * repeats is the event's own (a 311 request's), not the person's */
        ev(k, ODP_CLS_PERSON_KEY, 0.65, "a per-row key ('%s') in a table %s", key,
           cls->person_table ? "about people" : "that names people");
    }
    /* case, report, docket numbers */
    if ((t = hasany(c, t_case_strong)) != NULL) {
        ev(k, ODP_CLS_CASE_NUMBER, 0.8, "header names a case number ('%s')", t);
    } else if ((t = weak) != NULL) {
        ev(k, ODP_CLS_CASE_NUMBER, key != NULL ? 0.4 : 0.3,
           "header names a report or incident "
           "number ('%s')",
           t);
        if (cls->person_table) {
            ev(k, ODP_CLS_CASE_NUMBER, 0.3, "in a table about people");
        } else if (cls->has_names) {
            ev(k, ODP_CLS_CASE_NUMBER, 0.3, "in a table that names people");
        } else if (cls->incident_table) {
            ev(k, ODP_CLS_CASE_NUMBER, 0.3,
               "in a table of crimes, crashes or injuries (the report names the people)");
        }
    }
    if ((t = hasany(c, t_license)) != NULL) {
        ev(k, ODP_CLS_LICENSE, 0.8, "header names a licence ('%s')", t);
    }
    if ((t = hasany(c, t_plate)) != NULL &&
        (eq(t, "plate") || has(c, "license") || has(c, "vehicle"))) {
        ev(k, ODP_CLS_PLATE, 0.8, "header names a plate");
    } else if (t != NULL && cls->vehicle_table && c->ne >= 20 && sh(c->plate, c->ne) >= 0.8 &&
               sh(c->used, c->ne) >= 0.5) {
        /* "tag" alone is any label; in a table about vehicles, over distinct plate-shaped
         * values, it is the plate */
        ev(k, ODP_CLS_PLATE, 0.8, "header says %s in a table of vehicles", t);
    }
    if (has(c, "vin")) {
        ev(k, ODP_CLS_VIN, 0.8, "header says VIN");
    }
    if (c->ne > 0 && sh(c->vin, c->ne) >= 0.5) {
        ev(k, ODP_CLS_VIN, 0.8, "%u %% of values are VINs (check digit)", pc(sh(c->vin, c->ne)));
    }
    if (c->ne == 0) {
        return;
    }
    {
        static const enum odp_cls_kind ks[] = {ODP_CLS_PERSON_KEY, ODP_CLS_CASE_NUMBER,
                                               ODP_CLS_LICENSE, ODP_CLS_PLATE};
        size_t i;

        for (i = 0; i < sizeof(ks) / sizeof(ks[0]); i++) {
            if (k->score[ks[i]] <= 0) {
                continue;
            }
            if (ks[i] == ODP_CLS_PLATE ? sh(c->plate, c->ne) >= 0.8 : ids >= 0.8) {
                ev(k, ks[i], 0.2, "%u %% of values are %s-shaped",
                   pc(ks[i] == ODP_CLS_PLATE ? sh(c->plate, c->ne) : ids),
                   ks[i] == ODP_CLS_PLATE ? "plate" : "identifier");
            }
            if (sh(c->guid, c->ne) >= 0.9) {
                ev(k, ks[i], 0.3, "values are GUIDs");
            }
            if (uniq >= 0.3) {
                ev(k, ks[i], 0.2, "%u %% of values distinct", pc(uniq));
            } else if (c->used >= 100 && uniq >= 0.15) {
                /* a key repeated over a few rows each (an officer's stops, an incident's
                 * people): hundreds of values are keys, not a code list */
                ev(k, ks[i], 0.2, "%zu distinct values (%u %%)", c->used, pc(uniq));
            }
            if (categorical(c)) {
                ev(k, ks[i], -1.0, "%zu distinct values over %llu rows: a code list", c->used,
                   (unsigned long long)c->ne);
            }
            /* "Event_Unique_ID": the thing is the event the number is the report of */
            if (neg != NULL && ks[i] != ODP_CLS_PLATE &&
                !(ks[i] == ODP_CLS_CASE_NUMBER && weak != NULL && eq(weak, neg))) {
                ev(k, ks[i], -0.6, "header names a thing ('%s')", neg);
            }
            if (sh(c->date, c->ne) >= 0.5) {
                ev(k, ks[i], -1.0, "values are dates");
            }
        }
    }
}

/* Has the table, besides column idx, a column of house numbers by header and values
 * (exports sort their columns by name: it need not be the neighbour)? */
static int
house_beside(const struct odp_cls *cls, size_t idx)
{
    size_t j;

    for (j = 0; j < cls->n; j++) {
        const struct col *o = &cls->c[j];

        if (j != idx && o->ne >= 20 && sh(o->house, o->ne) >= 0.5 &&
            ((has(o, "house") && !has(o, "name") && !has(o, "type")) ||
             (has(o, "street") && has(o, "number")))) {
            return 1;
        }
    }
    return 0;
}

static void
score_location(const struct odp_cls *cls, size_t idx, const struct col *c, struct cand *k)
{
    long twin = odp_cls_xy_twin(cls->c, cls->n, idx);
    double ne = (double)c->ne, a;
    const char *t;
    int nb = 0, merged = 0;
    size_t j;

    /* neighbours that are coordinates too */
    for (j = idx > 0 ? idx - 1 : 0; j <= idx + 1 && j < cls->n; j++) {
        const struct col *o = &cls->c[j];

        if (j != idx && o->ne > 0 &&
            (hasany(o, t_latlon) != NULL || hasany(o, t_xy) != NULL || hasany(o, t_proj) != NULL ||
             sh(o->lon, o->ne) >= 0.9)) {
            nb = 1;
        }
    }
    /* "Zipcode_x" and "Zipcode_y": a join's two copies of a ZIP column (pandas' merge
     * suffixes), no coordinates */
    if ((twin >= 0 || hasany(c, t_xy) != NULL) &&
        (hasany(c, t_zip) != NULL || has(c, "zipcode") || has(c, "postal") || has(c, "postcode"))) {
        twin = -1;
        merged = 1;
    }
    if (twin >= 0) {
        ev(k, ODP_CLS_PROJECTED, 0.4, "header pairs with '%s' (x and y)", cls->c[twin].header);
        nb = 1;
    }
    if (c->ne > 0 && sh(c->point, c->ne) >= 0.5) {
        ev(k, ODP_CLS_POINT, 1.2, "%u %% of values are (lat, lon) points", pc(sh(c->point, c->ne)));
    }
    if ((t = hasany(c, t_latlon)) != NULL) {
        ev(k, ODP_CLS_LATLON, 0.6, "header says %s", t);
    } else if ((t = hasany(c, t_geo)) != NULL) {
        ev(k, ODP_CLS_LATLON, 0.3, "header says %s", t);
    }
    if (hasany(c, t_latlon) != NULL && c->ne > 0 && sh(c->num, c->ne) >= 0.8 &&
        sh(c->lon, c->ne) < 0.8) {
        ev(k, ODP_CLS_LATLON, 0.4, "%u %% of values are numbers under a coordinate header",
           pc(sh(c->num, c->ne)));
    }
    if (c->ne > 0 && sh(c->lon, c->ne) >= 0.8) {
        /* a stray value (a 0, a typo) does not weaken the rest */
        ev(k, ODP_CLS_LATLON, sh(c->lon, c->ne) >= 0.95 ? 0.6 : 0.6 * sh(c->lon, c->ne),
           "%u %% of values are decimal degrees", pc(sh(c->lon, c->ne)));
        if (sh(c->dec4, c->ne) >= 0.8) {
            ev(k, ODP_CLS_LATLON, 0.2, "4 or more decimals (about 10 m)");
        }
        if (nb) {
            ev(k, ODP_CLS_LATLON, 0.2, "beside another coordinate column");
        }
    }
    if ((t = hasany(c, t_xy)) != NULL && c->ntok <= 4 && !merged) {
        ev(k, ODP_CLS_PROJECTED, 0.5, "header says %s", t);
    }
    if ((t = hasany(c, t_proj)) != NULL) {
        ev(k, ODP_CLS_PROJECTED, 0.6, "header says %s", t);
    }
    if (c->ne > 0 && sh(c->proj, c->ne) >= 0.8 && sh(c->lon, c->ne) < 0.5 && !merged) {
        ev(k, ODP_CLS_PROJECTED, 0.6 * sh(c->proj, c->ne),
           "%u %% of values are projected coordinates (State Plane / UTM magnitude)",
           pc(sh(c->proj, c->ne)));
        if (nb) {
            ev(k, ODP_CLS_PROJECTED, 0.2, "beside another coordinate column");
        }
    } else if (k->score[ODP_CLS_PROJECTED] > 0 && c->ne > 0) {
        ev(k, ODP_CLS_PROJECTED, -0.6, "values are not projected coordinates");
    }
    /* street address, house number, apartment */
    if ((t = hasany(c, t_addr)) != NULL) {
        ev(k, ODP_CLS_ADDRESS, 0.4, "header says %s", t);
    } else if (has(c, "location") || has(c, "street")) {
        ev(k, ODP_CLS_ADDRESS, 0.1, "header says %s", has(c, "street") ? "street" : "location");
    }
    if ((has(c, "street") || has(c, "road")) && !has(c, "number") && house_beside(cls, idx) &&
        (cls->person_table || cls->has_names)) {
        /* HouseNumber and Street in a table that names people: a home address in two
         * columns, as a name can be */
        ev(k, ODP_CLS_ADDRESS, 0.9, "with a house number column in a table that names people");
    }
    if (k->score[ODP_CLS_ADDRESS] > 0 && (t = hasany(c, t_addr_part)) != NULL) {
        ev(k, ODP_CLS_ADDRESS, -0.8, "header names a public part of an address ('%s')", t);
        k->part_of_address = 1;
    }
    a = sh(c->addr_start + (cls->person_table || cls->has_names ? c->pobox : 0), c->ne);
    if (c->ne > 0 && a >= 0.3) {
        /* most values a house number and a street (or, where people are named, a PO box:
         * their mailing address): an address column by its values */
        ev(k, ODP_CLS_ADDRESS, a + (a >= 0.7 ? 0.3 : 0.1), "%u %% of values %s", pc(a),
           a > sh(c->addr_start, c->ne) ? "are a house number and street or a PO box"
                                        : "start with a house number and street");
    }
    if (c->ne > 0 && sh(c->hblock, c->ne) >= 0.5) {
        ev(k, ODP_CLS_ADDRESS, -1.2, "%u %% of values are hundred-block (already coarsened)",
           pc(sh(c->hblock, c->ne)));
    }
    if ((has(c, "house") && !has(c, "name") && !has(c, "type")) ||
        (has(c, "street") && has(c, "number") && !has(c, "name"))) {
        ev(k, ODP_CLS_HOUSE_NUMBER, 0.8, "header says house number");
    } else if ((has(c, "building") && (c->ntok <= 2 || has(c, "number"))) &&
               hasany(c, t_bldg_not) == NULL) {
        ev(k, ODP_CLS_HOUSE_NUMBER, 0.6, "header says building");
    }
    if (k->score[ODP_CLS_HOUSE_NUMBER] > 0 && c->ne > 0) {
        double s = sh(c->house, c->ne);

        if (s >= 0.5) {
            ev(k, ODP_CLS_HOUSE_NUMBER, 0.5 * s, "%u %% of values are house numbers", pc(s));
        } else {
            ev(k, ODP_CLS_HOUSE_NUMBER, -1.0, "values are not house numbers");
        }
        for (j = 0;
             j < cls->n && !(j != idx && (has(&cls->c[j], "street") || has(&cls->c[j], "road") ||
                                          hasany(&cls->c[j], t_addr) != NULL));
             j++) {
        }
        if (j == cls->n) {
            /* "Total Number - New Building": a count in a table with no street to go with */
            ev(k, ODP_CLS_HOUSE_NUMBER, -0.8, "no street or address column in the table");
        }
    }
    if ((t = hasany(c, t_apt)) != NULL && !has(c, "type") && !has(c, "units")) {
        ev(k, ODP_CLS_APARTMENT, 0.6, "header says %s", t);
    } else if ((has(c, "line") && has(c, "2") && (has(c, "address") || has(c, "addr"))) ||
               odp_cls_addr_line2(c)) {
        ev(k, ODP_CLS_APARTMENT, 0.6, "header says address line 2");
        /* it holds a unit or the street of the same address: either way the address */
        ev(k, ODP_CLS_ADDRESS, 0.2, "an address's second line");
    }
    if (c->ne > 0 && sh(c->apt, c->ne) >= 0.3) {
        double s = sh(c->apt, c->ne);

        ev(k, ODP_CLS_APARTMENT, s >= 0.5 ? 0.4 + 0.8 * s : s,
           "%u %% of values are apartments or units", pc(s));
    } else if (k->score[ODP_CLS_APARTMENT] > 0 && c->ne > 0 && sh(c->shortcode, c->ne) >= 0.8) {
        ev(k, ODP_CLS_APARTMENT, 0.5 * sh(c->shortcode, c->ne),
           "%u %% of values are short "
           "designators",
           pc(sh(c->shortcode, c->ne)));
    }
    if (categorical(c)) {
        ev(k, ODP_CLS_ADDRESS, -1.0, "%zu distinct values over %llu rows: public places", c->used,
           (unsigned long long)c->ne);
        ev(k, ODP_CLS_APARTMENT, -1.0, "%zu distinct values: a category", c->used);
        ev(k, ODP_CLS_HOUSE_NUMBER, -1.0, "%zu distinct values: a category", c->used);
    }
    if ((c->kinds & (1u << ODP_DET_BBL)) != 0 && c->ne > 0 &&
        sh(c->hits[ODP_DET_BBL], c->ne) >= 0.5) {
        ev(k, ODP_CLS_BBL, 1.2, "header says bbl/bin, %u %% of values match",
           pc(sh(c->hits[ODP_DET_BBL], c->ne)));
    } else if (c->ne > 0 && sh(c->hits[ODP_DET_BBL], c->ne) >= 0.8) {
        ev(k, ODP_CLS_BBL, 1.0, "%u %% of values are dashed BBLs",
           pc(sh(c->hits[ODP_DET_BBL], c->ne)));
    }
    (void)ne;
}

static void
score_values(const struct odp_cls *cls, const struct col *c, struct cand *k)
{
    static const struct {
        enum odp_detector d;
        enum odp_cls_kind k;
        const char *const *hdr;
    } dets[] = {{ODP_DET_SSN, ODP_CLS_SSN, t_ssn},
                {ODP_DET_CREDIT_CARD, ODP_CLS_CARD, NULL},
                {ODP_DET_EMAIL, ODP_CLS_EMAIL, t_email},
                {ODP_DET_PHONE, ODP_CLS_PHONE, t_phone},
                {ODP_DET_IP, ODP_CLS_IP, NULL}};
    size_t i;
    const char *t;
    int idhdr = hasany(c, t_key) != NULL || c->raw_hash;

    for (i = 0; i < sizeof(dets) / sizeof(dets[0]); i++) {
        double s = sh(c->hits[dets[i].d], c->ne);

        if ((dets[i].hdr != NULL && hasany(c, dets[i].hdr) != NULL) ||
            (c->kinds & (1u << dets[i].d)) != 0) {
            ev(k, dets[i].k, 0.8, "header says %s", odp_detector_name(dets[i].d));
        }
        if (s > 0.05 && !(idhdr && dets[i].d != ODP_DET_EMAIL && k->score[dets[i].k] <= 0)) {
            ev(k, dets[i].k, s >= 0.5 ? 1.0 * s + 0.2 : 0.5 * s, "%u %% of values match %s", pc(s),
               odp_detector_name(dets[i].d));
        }
    }
    /* "DNI" over numbers that lost their leading zeros ("25816"): an identity number's
     * header over distinct whole numbers, one per person */
    if (c->ne >= 20 && k->hdr[ODP_CLS_SSN] && sh(c->integer, c->ne) >= 0.9 &&
        sh(c->used, c->ne) >= 0.9) {
        ev(k, ODP_CLS_SSN, 0.3, "%u %% of values are distinct whole numbers",
           pc(sh(c->used, c->ne)));
    }
    /* CPF, DNI, NIR, NINO, codice fiscale: check digits or a fixed shape say so */
    if (c->ne >= 5 && sh(c->natid, c->ne) >= 0.5) {
        double ns = sh(c->natid, c->ne);

        ev(k, ODP_CLS_SSN, ns >= 0.8 ? 1.2 : 0.6 + 0.6 * ns,
           "%u %% of values are national ID numbers with valid check digits", pc(ns));
    }
    /* "Fax Area Code": three digits under a phone header are no phone number */
    if (c->ne >= 5 && sh(c->digits3, c->ne) >= 0.9 && hasany(c, t_phone) != NULL) {
        ev(k, ODP_CLS_PHONE, -1.0, "%u %% of values are three digits: an area code alone",
           pc(sh(c->digits3, c->ne)));
    }
    /* an Eircode is the address of one dwelling (a US ZIP is thousands) */
    if (c->ne >= 5 && sh(c->eircode, c->ne) >= 0.8) {
        ev(k, ODP_CLS_ADDRESS, 1.2, "%u %% of values are Eircodes (one per dwelling)",
           pc(sh(c->eircode, c->ne)));
    }
    if ((t = hasany(c, t_zip)) != NULL) {
        double zs = sh(c->zip + c->zip4, c->ne);

        ev(k, ODP_CLS_ZIP, 0.6, "header says ZIP");
        if (zs >= 0.5) {
            ev(k, ODP_CLS_ZIP, 0.6 * zs, "%u %% of values are ZIP-shaped", pc(zs));
        }
    }
    if (c->ne == 0) {
        return;
    }
    /* dates */
    {
        double ds = sh(c->date, c->ne), ys = sh(c->date_year, c->ne);

        if ((t = hasany(c, t_birth)) != NULL) {
            if (ys >= 0.8 || sh(c->year, c->ne) >= 0.8) {
                ev(k, ODP_CLS_KEEP, 0.5, "birth year only (already a year)");
            } else {
                ev(k, ODP_CLS_BIRTH_DATE, 0.8, "header says birth");
                if (ds > 0.5) {
                    ev(k, ODP_CLS_BIRTH_DATE, 0.5 * ds, "%u %% of values are dates", pc(ds));
                } else if (c->ne >= 20 && ds < 0.1) {
                    /* a place or a country of birth, not a date */
                    ev(k, ODP_CLS_BIRTH_DATE, -1.0, "values are not dates");
                }
            }
        }
        if (ds >= 0.8) {
            ev(k, ODP_CLS_DATE, ds, "%u %% of values are dates", pc(ds));
            if (sh(timed(c), c->ne) >= 0.2) {
                ev(k, ODP_CLS_DATE, 0.1, "%u %% carry a time of day", pc(sh(timed(c), c->ne)));
            }
            if (hasany(c, t_date) != NULL) {
                ev(k, ODP_CLS_DATE, 0.2, "header says date");
            }
        }
    }
    /* free text */
    if (free_text(c) && sh(c->addr_start, c->ne) < 0.6) {
        ev(k, ODP_CLS_FREE_TEXT, 1.1, "free text (%llu characters on average, %u %% with spaces)",
           (unsigned long long)(c->total_len / c->ne), pc(sh(c->spaced, c->ne)));
    }
    if ((t = hasany(c, t_sensitive)) != NULL) {
        ev(k, ODP_CLS_SENSITIVE, 1.2, "sensitive personal characteristic (NYC 23-1201: '%s')", t);
    }
    /* row index */
    if (c->ne >= 2 && (c->header[0] == '\0' || eq(c->header, "_row_index") ||
                       strncmp(c->header, "Unnamed: 0", 10) == 0)) {
        double s = sh(c->seq0 > c->seq1 ? c->seq0 : c->seq1, c->ne);

        ev(k, ODP_CLS_ROW_INDEX, 0.6, "no header name (an R or pandas row index)");
        if (s >= 0.9) {
            ev(k, ODP_CLS_ROW_INDEX, 0.6, "%u %% of values are the row number", pc(s));
        }
    }
    (void)cls;
}

static int
protects(enum odp_cls_kind k)
{
    return k != ODP_CLS_KEEP && k != ODP_CLS_EMPTY && k != ODP_CLS_ROW_INDEX &&
           k != ODP_CLS_FREE_TEXT;
}

/* Detectors whose hits in text make `scrub` useful, and the floor for free text. */
#define SCRUB_DETS                                                                                 \
    ((1u << ODP_DET_EMAIL) | (1u << ODP_DET_PHONE) | (1u << ODP_DET_SSN) |                         \
     (1u << ODP_DET_CREDIT_CARD) | (1u << ODP_DET_IP) | (1u << ODP_DET_DATE) |                     \
     (1u << ODP_DET_ADDRESS) | (1u << ODP_DET_BBL))

static void
scrub_list(struct odp_cls_verdict *v, uint32_t fired, uint32_t floor)
{
    size_t l;
    int i;

    l = (size_t)snprintf(v->action, sizeof(v->action), "action: scrub, detect: [");
    for (i = 0; i < ODP_DET__COUNT && l < sizeof(v->action); i++) {
        if (((fired | floor) & (1u << i)) != 0) {
            l += (size_t)snprintf(v->action + l, sizeof(v->action) - l, "%s%s",
                                  v->action[l - 1] == '[' ? "" : ", ",
                                  odp_detector_name((enum odp_detector)i));
        }
    }
    if (l < sizeof(v->action)) {
        snprintf(v->action + l, sizeof(v->action) - l, "]");
    }
}

static void
set_action(struct odp_cls *cls, struct col *c)
{
    struct odp_cls_verdict *v = &c->v;
    uint64_t bad;

    switch (v->kind) {
    case ODP_CLS_PERSON_NAME:
    case ODP_CLS_HOUSE_NUMBER:
    case ODP_CLS_APARTMENT:
    case ODP_CLS_POINT:
    case ODP_CLS_PROJECTED:
    case ODP_CLS_BBL:
    case ODP_CLS_SENSITIVE:
    case ODP_CLS_ROW_INDEX:
        snprintf(v->action, sizeof(v->action), "action: drop");
        break;
    case ODP_CLS_SSN:
    case ODP_CLS_CARD:
    case ODP_CLS_PHONE:
    case ODP_CLS_IP:
    case ODP_CLS_VIN:
        snprintf(v->action, sizeof(v->action), "action: redact");
        break;
    case ODP_CLS_EMAIL:
        snprintf(v->action, sizeof(v->action), "action: pseudonymize, domain: person, length: 16");
        break;
    case ODP_CLS_PERSON_KEY:
        snprintf(v->action, sizeof(v->action), "action: pseudonymize, domain: person, length: 16");
        break;
    case ODP_CLS_CASE_NUMBER:
        snprintf(v->action, sizeof(v->action), "action: pseudonymize, domain: record, length: 16");
        break;
    case ODP_CLS_LICENSE:
        snprintf(v->action, sizeof(v->action), "action: pseudonymize, domain: license, length: 16");
        break;
    case ODP_CLS_PLATE:
        snprintf(v->action, sizeof(v->action), "action: pseudonymize, domain: plate, length: 16");
        break;
    case ODP_CLS_ADDRESS:
        /* the place of an event (an incident, a crash, a property) is published by block;
         * an address in a table of people is where someone lives or works: dropped */
        if (cls->person_table || hasany(c, t_event_place) == NULL) {
            snprintf(v->action, sizeof(v->action), "action: drop");
        } else {
            snprintf(v->action, sizeof(v->action), "action: generalize, to: block");
        }
        break;
    case ODP_CLS_LATLON:
        snprintf(v->action, sizeof(v->action),
                 c->num == c->ne && c->nulltok == 0 && c->padded == 0 ? "action: round, decimals: 3"
                                                                      : "action: drop");
        break;
    case ODP_CLS_BIRTH_DATE:
    case ODP_CLS_DATE: {
        /* day first when some value can only be read so and none only month first */
        int dmy = c->dmy_only > 0 && c->mdy_only == 0;

        bad = c->ne - (dmy ? c->dmy_ok : c->date);
        snprintf(v->action, sizeof(v->action), "action: generalize, to: %s%s%s",
                 v->kind == ODP_CLS_BIRTH_DATE ? "year" : "month",
                 dmy ? ", format: \"DD/MM/YYYY\"" : "",
                 bad > 0 || c->nulltok > 0 ? ", invalid: blank" : "");
        if (v->kind == ODP_CLS_DATE) {
            v->qi = 2;
        }
        break;
    }
    case ODP_CLS_ZIP:
        bad = c->ne - c->zip_strict;
        snprintf(v->action, sizeof(v->action), "action: generalize, digits: 3%s",
                 bad > 0 || c->nulltok > 0 || c->padded > 0 || c->ne == 0 ? ", invalid: blank"
                                                                          : "");
        v->qi = 1;
        break;
    case ODP_CLS_FREE_TEXT:
        /* every detector: names, apartments and case numbers hide in narrative text */
        snprintf(v->action, sizeof(v->action), "action: scrub, detect: [all]");
        break;
    default:
        snprintf(v->action, sizeof(v->action), "action: keep");
        /* a few values hold an identifier (a business name with an address in it):
         * scrub just those detectors, so the release leaves no detector hit behind */
        if (v->kind == ODP_CLS_KEEP && (v->fired & SCRUB_DETS & ~(1u << ODP_DET_DATE)) != 0) {
            scrub_list(v, v->fired & SCRUB_DETS & ~(1u << ODP_DET_DATE), 0);
        }
        break;
    }
}

static void
decide_col(struct odp_cls *cls, size_t i, int pass)
{
    struct col *c = &cls->c[i];
    struct odp_cls_verdict *v = &c->v;
    struct cand *k = calloc(1, sizeof(*k));
    int best = ODP_CLS_KEEP, j;

    memset(v, 0, sizeof(*v));
    v->nonempty = c->ne;
    v->distinct = c->used;
    v->distinct_capped = c->full;
    for (j = 0; j < ODP_DET__COUNT; j++) {
        v->hits[j] = c->hits[j];
        if (c->hits[j] > 0) {
            v->fired |= 1u << j;
        }
    }
    if (k == NULL) {
        /* no memory for the evidence: be safe, the column is not published raw */
        v->kind = ODP_CLS_PERSON_NAME;
        v->protect = 1;
        snprintf(v->action, sizeof(v->action), "action: drop");
        snprintf(v->why, sizeof(v->why), "out of memory weighing evidence: dropped to be safe");
        return;
    }
    score_name(cls, c, k);
    score_name_pair(cls, i, c, k);
    if (pass > 0) {
        score_keys(cls, c, k);
        score_location(cls, i, c, k);
        score_values(cls, c, k);
    }
    for (j = 1; j < ODP_CLS__COUNT; j++) {
        if (k->score[j] >= WIN && k->score[j] > k->score[best] + 1e-9) {
            best = j;
        }
    }
    if (best == ODP_CLS_KEEP && c->ne < 20) {
        /* no or few values: they cannot contradict a header that names an identifier */
        for (j = 1; j < ODP_CLS__COUNT; j++) {
            if (protects((enum odp_cls_kind)j) && !k->veto[j] && k->hdr[j] && k->score[j] >= 0.6 &&
                k->score[j] > k->score[best]) {
                best = j;
            }
        }
        if (best == ODP_CLS_KEEP && c->ne == 0) {
            best = ODP_CLS_EMPTY;
        }
        if (best != ODP_CLS_KEEP && best != ODP_CLS_EMPTY) {
            ev(k, (enum odp_cls_kind)best, 0.0, "only %llu values: the header decides",
               (unsigned long long)c->ne);
        }
    }
    v->kind = (enum odp_cls_kind)best;
    v->score = best == ODP_CLS_EMPTY ? 0.0 : k->score[best];
    v->protect = protects(v->kind);
    /* a ZIP and a day-level date are quasi-identifiers (generalized by init, listed by
     * audit's risk), not identifiers; a time of day makes a date an event's timestamp */
    if (v->kind == ODP_CLS_ZIP || (v->kind == ODP_CLS_DATE && sh(timed(c), c->ne) < 0.2)) {
        v->protect = 0;
    }
    if (best == ODP_CLS_EMPTY) {
        snprintf(v->why, sizeof(v->why), "no values in the sample: review");
    } else if (best == ODP_CLS_KEEP) {
        /* say why the nearest identifier kind lost, when there was one */
        int near = 0;

        for (j = 1; j < ODP_CLS__COUNT; j++) {
            /* (a kind the values argued against counts too: its reasons are the why) */
            if (protects((enum odp_cls_kind)j) && k->why[j][0] != '\0' &&
                (k->score[j] > 0 || k->hdr[j]) && (near == 0 || k->score[j] > k->score[near])) {
                near = j;
            }
        }
        /* (not values that are URLs: no kind here weighs them, and a URL may carry a
         * person's name or number: the baseline's url category decides) */
        v->cleared = k->part_of_address ||
                     (c->ne >= 20 && (near == 0 || k->score[near] <= 0.35 || k->veto[near]) &&
                      sh(c->nurl, c->ne) < 0.5);
        if (near != 0) {
            snprintf(v->why, sizeof(v->why), "not %s (%.2f < 1.00): %s",
                     odp_cls_kind_name((enum odp_cls_kind)near), k->score[near], k->why[near]);
        }
    } else {
        snprintf(v->why, sizeof(v->why), "%s %.2f: %s", odp_cls_kind_name((enum odp_cls_kind)best),
                 k->score[best], k->why[best]);
        if (best == ODP_CLS_DATE && !v->protect) {
            /* a header that names an identifier (License Issue Date) over dates: the
             * values ruled the identifier out */
            for (j = 1; j < ODP_CLS__COUNT; j++) {
                if (protects((enum odp_cls_kind)j) && j != ODP_CLS_DATE &&
                    j != ODP_CLS_BIRTH_DATE && k->hdr[j] && k->veto[j]) {
                    v->cleared = 1;
                }
            }
        }
    }
    if (!v->protect && hasany(c, t_demo) != NULL && c->used > 0 && c->used <= 20) {
        v->qi = 1;
    }
    free(k);
}

int
odp_cls_decide(struct odp_cls *cls, struct odp_err *err)
{
    size_t i;

    (void)err;
    context(cls);
    /* names first: a table that holds names makes its addresses a person's home */
    for (i = 0; i < cls->n; i++) {
        decide_col(cls, i, 0);
        cls->has_names |= cls->c[i].v.kind == ODP_CLS_PERSON_NAME;
    }
    for (i = 0; i < cls->n; i++) {
        decide_col(cls, i, 1);
        set_action(cls, &cls->c[i]);
    }
    return ODP_OK;
}

const struct odp_cls_verdict *
odp_cls_verdict(const struct odp_cls *c, size_t col)
{
    return c != NULL && col < c->n ? &c->c[col].v : NULL;
}

uint64_t
odp_cls_singles(const struct odp_cls *c, size_t col)
{
    return c != NULL && col < c->n ? odp_cls_tab_singles(&c->c[col]) : 0;
}
