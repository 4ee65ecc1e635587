/*
 * act_generalize.c - generalize: coarsen a value to a class.
 *   date    year "YYYY", month "YYYY-MM", day "YYYY-MM-DD", hour "YYYY-MM-DDTHH", week
 *           ISO "YYYY-Www" (week-year), quarter "YYYY-Qn"
 *   zip     5 digits or ZIP+4 -> the first `digits` digits
 *   number  bands "[a,b)", "<e0", ">=en", or width "[lo,hi)"; top ">=top" and bottom
 *           "<bottom" first
 *   block   "1234 MAIN ST" -> "1200 BLOCK MAIN ST"; no house number -> unchanged
 *   map     each value -> its group (genmap.h); a value not mapped is an error
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "actions_int.h"
#include "genmap.h"
#include "validators.h"

/* Band edges as text, formatted once. */
struct gen_num {
    char **band_txt;
    size_t *band_len;
    char top_txt[ODP_NUM_TXT], bottom_txt[ODP_NUM_TXT];
    size_t top_len, bottom_len;
};

static int
isdig(char c)
{
    return c >= '0' && c <= '9';
}

static void
release(struct odp_op *op)
{
    struct gen_num *g = op->st;
    size_t i;

    if (g == NULL) {
        return;
    }
    if (g->band_txt != NULL) {
        for (i = 0; i < op->rule->nbands; i++) {
            free(g->band_txt[i]);
        }
    }
    free(g->band_txt);
    free(g->band_len);
    free(g);
    op->st = NULL;
}

static int
compile(struct odp_op *op, const struct odp_keyring *keys, struct odp_err *err)
{
    const struct odp_colrule *rule = op->rule;
    struct gen_num *g;
    size_t i;

    (void)keys;
    switch (rule->gen) {
    case ODP_GEN_DATE:
        if (rule->date_unit < ODP_DATE_YEAR || rule->date_unit > ODP_DATE_UNIT_LAST) {
            return odp_errf(err, ODP_ESCHEMA, &op->loc, "column '%s': unknown date unit", op->name);
        }
        return ODP_OK;
    case ODP_GEN_ZIP:
        if (rule->digits < 1 || rule->digits > 5) {
            return odp_errf(err, ODP_ESCHEMA, &op->loc, "column '%s': ZIP digits must be 1..5",
                            op->name);
        }
        return ODP_OK;
    case ODP_GEN_BLOCK:
        return ODP_OK;
    case ODP_GEN_MAP:
        if (rule->map == NULL) {
            return odp_errf(err, ODP_ESCHEMA, &op->loc, "column '%s': map without entries",
                            op->name);
        }
        return ODP_OK;
    case ODP_GEN_NUMBER:
        break;
    }
    if (rule->gen != ODP_GEN_NUMBER) { /* no switch default: -Wswitch names a new kind */
        return odp_errf(err, ODP_ESCHEMA, &op->loc, "column '%s': unknown generalization",
                        op->name);
    }
    g = calloc(1, sizeof(*g));
    if (g == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    op->st = g;
    if (rule->nbands > 0) {
        g->band_txt = calloc(rule->nbands, sizeof(*g->band_txt));
        g->band_len = calloc(rule->nbands, sizeof(*g->band_len));
        if (g->band_txt == NULL || g->band_len == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
        for (i = 0; i < rule->nbands; i++) {
            char t[ODP_NUM_TXT];

            if (!isfinite(rule->bands[i]) || (i > 0 && !(rule->bands[i] > rule->bands[i - 1]))) {
                return odp_errf(err, ODP_ESCHEMA, &op->loc,
                                "column '%s': band edges must be finite and ascending", op->name);
            }
            g->band_len[i] = odp_num_format(rule->bands[i], 17, t);
            g->band_txt[i] = strdup(t);
            if (g->band_txt[i] == NULL) {
                return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
            }
        }
    } else if (rule->width != 0 && !(rule->width > 0 && isfinite(rule->width))) {
        return odp_errf(err, ODP_ESCHEMA, &op->loc, "column '%s': band width must be positive",
                        op->name);
    }
    if (rule->has_top) {
        g->top_len = odp_num_format(rule->top, 17, g->top_txt);
    }
    if (rule->has_bottom) {
        g->bottom_len = odp_num_format(rule->bottom, 17, g->bottom_txt);
    }
    return ODP_OK;
}

static int
apply_zip(struct odp_op *op, const char *v, size_t n, struct odp_field *out, struct odp_err *err)
{
    size_t i;

    if (n != 5 && !(n == 10 && v[5] == '-')) {
        return odp_op_data_err(op, err, "value is not a 5-digit ZIP or ZIP+4");
    }
    for (i = 0; i < n; i++) {
        if (i != 5 && !isdig(v[i])) {
            return odp_op_data_err(op, err, "value is not a 5-digit ZIP or ZIP+4");
        }
    }
    out->p = v;
    out->len = op->rule->digits;
    return ODP_OK;
}

/* Writes the non-negative integer u in decimal. */
static size_t
put_u64(char *out, uint64_t u)
{
    char t[24];
    size_t n = 0, i;

    do {
        t[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u > 0);
    for (i = 0; i < n; i++) {
        out[i] = t[n - 1 - i];
    }
    return n;
}

/*
 * generalize to block: "1234 MAIN ST" -> "1200 BLOCK MAIN ST", Queens hyphenated
 * "123-45 QUEENS BLVD" -> "123-00 BLOCK QUEENS BLVD", "0-99" -> "0". The house number
 * is 1..9 digits (Queens: digits '-' digits), optionally one letter ("12A"), followed
 * by a space. A value without one (an intersection, a place name) is not an exact
 * address and stays unchanged.
 */
static int
apply_block(const char *v, size_t n, struct odp_buf *b, struct odp_err *err)
{
    size_t i = 0, d2 = 0, h2b = 0, rest;
    uint64_t num = 0, num2 = 0;
    char t[48];
    size_t tl = 0;
    int queens = 0, rc;

    while (i < n && isdig(v[i]) && i < 9) {
        num = num * 10 + (uint64_t)(v[i] - '0');
        i++;
    }
    if (i == 0 || (i < n && isdig(v[i]))) {
        return 0;
    }
    if (i + 1 < n && v[i] == '-' && isdig(v[i + 1])) {
        queens = 1;
        h2b = ++i;
        while (i < n && isdig(v[i]) && i - h2b < 9) {
            num2 = num2 * 10 + (uint64_t)(v[i] - '0');
            i++;
        }
        d2 = i - h2b;
        if (i < n && isdig(v[i])) {
            return 0;
        }
    }
    if (i < n && ((v[i] >= 'A' && v[i] <= 'Z') || (v[i] >= 'a' && v[i] <= 'z')) && i + 1 < n &&
        v[i + 1] == ' ') {
        i++;
    }
    if (i >= n || v[i] != ' ') {
        return 0;
    }
    rest = i; /* the space and the street name */
    if (queens) {
        size_t k;

        tl = put_u64(t, num);
        t[tl++] = '-';
        /* keep the width of the house part: "123-45" -> "123-00", "12-105" -> "12-100" */
        num2 = num2 / 100 * 100;
        {
            char u[24];
            size_t ul = put_u64(u, num2);

            for (k = ul; k < d2; k++) {
                t[tl++] = '0';
            }
            memcpy(t + tl, u, ul);
            tl += ul;
        }
    } else {
        tl = put_u64(t, num / 100 * 100);
    }
    memcpy(t + tl, " BLOCK", 6);
    tl += 6;
    odp_buf_reset(b);
    rc = odp_buf_add(b, t, tl, err);
    if (rc == ODP_OK) {
        rc = odp_buf_add(b, v + rest, n - rest, err);
    }
    return rc < 0 ? rc : 1;
}

static int
apply_number(struct odp_op *op, const char *v, size_t n, struct odp_field *out, struct odp_buf *b,
             struct odp_err *err)
{
    const struct odp_colrule *r = op->rule;
    const struct gen_num *g = op->st;
    double x;
    int rc = ODP_OK;

    if (!odp_num_parse(v, n, &x)) {
        return odp_op_data_err(op, err, "value is not a number");
    }
    odp_buf_reset(b);
    if (r->has_top && x >= r->top) {
        rc = odp_buf_add(b, ">=", 2, err);
        if (rc == ODP_OK) {
            rc = odp_buf_add(b, g->top_txt, g->top_len, err);
        }
    } else if (r->has_bottom && x < r->bottom) {
        rc = odp_buf_addc(b, '<', err);
        if (rc == ODP_OK) {
            rc = odp_buf_add(b, g->bottom_txt, g->bottom_len, err);
        }
    } else if (r->nbands > 0) {
        size_t lo = 0, hi = r->nbands - 1;

        if (x < r->bands[0]) {
            rc = odp_buf_addc(b, '<', err);
            if (rc == ODP_OK) {
                rc = odp_buf_add(b, g->band_txt[0], g->band_len[0], err);
            }
        } else if (x >= r->bands[hi]) {
            rc = odp_buf_add(b, ">=", 2, err);
            if (rc == ODP_OK) {
                rc = odp_buf_add(b, g->band_txt[hi], g->band_len[hi], err);
            }
        } else {
            /* bands[lo] <= x < bands[hi]: binary search for the band. */
            while (hi - lo > 1) {
                size_t mid = lo + (hi - lo) / 2;

                if (x >= r->bands[mid]) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            rc = odp_buf_addf(b, err, "[%s,%s)", g->band_txt[lo], g->band_txt[hi]);
        }
    } else if (r->width > 0) {
        double k = floor(x / r->width);
        char lo[ODP_NUM_TXT], hi[ODP_NUM_TXT];

        /* Computed edges carry float noise (3 * 0.1): print at most 15 digits. */
        odp_num_format(k * r->width, 15, lo);
        odp_num_format((k + 1) * r->width, 15, hi);
        rc = odp_buf_addf(b, err, "[%s,%s)", lo, hi);
    } else {
        out->p = v;
        out->len = n;
        return 0;
    }
    if (rc < 0) {
        return rc;
    }
    out->p = b->p;
    out->len = b->len;
    return 1;
}

/*
 * `invalid: keep-if-public`: an unparsable value with no digit in it is a label (UNKNOWN,
 * PENDING, N/A), which cannot be a precise date or ZIP, and is published as it is; one
 * with a digit may still be precise and is published empty, as under `invalid: blank`.
 */
static int
public_label(const struct odp_op *op, const char *v, size_t n)
{
    size_t i;

    if (op->rule->invalid_blank != ODP_INVALID_KEEP_PUBLIC) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        if (v[i] >= '0' && v[i] <= '9') {
            return 0;
        }
    }
    return 1;
}

static int
apply_date(struct odp_op *op, const char *v, size_t n, struct odp_buf *b, struct odp_err *err)
{
    struct odp_datetime dt;
    char t[16];
    size_t len;
    int rc = odp_buf_reserve(b, sizeof(t), err);

    if (rc < 0) {
        return rc;
    }
    len = odp_date_generalize_fast(v, n, op->rule->date_fmt, op->rule->date_unit, b->p);
    if (len > 0) { /* the usual case, written in place */
        b->len = len;
        b->p[len] = '\0';
        return ODP_OK;
    }
    if (odp_date_parse(v, n, op->rule->date_fmt, &dt, NULL) != ODP_OK &&
        (op->rule->date_fmt != ODP_DFMT_AUTO || !odp_date_parse_loose(v, n, &dt))) {
        if (op->rule->invalid_blank != 0) {
            odp_buf_reset(b);
            /* published as it is (a label) or empty, as the policy says */
            return public_label(op, v, n) ? odp_buf_add(b, v, n, err) : ODP_OK;
        }
        return odp_errf(err, ODP_EDATA, NULL, "column '%s': value is not a date in format %s",
                        op->name, odp_date_fmt_label(op->rule->date_fmt));
    }
    len = odp_date_generalize(&dt, op->rule->date_unit, t);
    if (len == 0) {
        return odp_errf(err, ODP_EDATA, NULL,
                        "column '%s': value has no time of day (generalize to: hour)", op->name);
    }
    odp_buf_reset(b);
    return odp_buf_add(b, t, len, err);
}

static int
apply(struct odp_op *op, const struct odp_row *row, const char *v, size_t n, struct odp_field *out,
      struct odp_buf *b, struct odp_err *err)
{
    int rc;

    (void)row;
    switch (op->rule->gen) {
    case ODP_GEN_DATE:
        rc = apply_date(op, v, n, b, err);
        if (rc < 0) {
            return rc;
        }
        out->p = b->p;
        out->len = b->len;
        return ODP_OK;
    case ODP_GEN_ZIP:
        if (op->rule->invalid_blank != 0 &&
            ((n != 5 && !(n == 10 && v[5] == '-')) || !odp_val_zip(v, n))) {
            out->p = v;
            out->len = public_label(op, v, n) ? n : 0; /* as the policy says */
            return ODP_OK;
        }
        return apply_zip(op, v, n, out, err);
    case ODP_GEN_NUMBER:
        rc = apply_number(op, v, n, out, b, err);
        return rc < 0 ? rc : ODP_OK;
    case ODP_GEN_BLOCK:
        rc = apply_block(v, n, b, err);
        if (rc > 0) {
            out->p = b->p;
            out->len = b->len;
        }
        return rc < 0 ? rc : ODP_OK; /* 0: not an exact address, unchanged */
    case ODP_GEN_MAP:
        out->p = odp_genmap_find(op->rule->map, v, n, &out->len);
        if (out->p == NULL && n > 0) {
            return odp_errf(err, ODP_EDATA, NULL,
                            "column '%s': a value is not in the map of its generalize rule "
                            "(map every value the column holds)",
                            op->name);
        }
        if (out->p == NULL) { /* an empty value not mapped stays empty */
            out->p = v;
            out->len = 0;
        }
        return ODP_OK;
    }
    return odp_errf(err, ODP_EINTERNAL, NULL, "column '%s': unknown generalization", op->name);
}

static const char *
unit_phrase(enum odp_date_unit u)
{
    switch (u) {
    case ODP_DATE_YEAR:
        return "year";
    case ODP_DATE_MONTH:
        return "month";
    case ODP_DATE_DAY:
        return "day";
    case ODP_DATE_HOUR:
        return "hour";
    case ODP_DATE_WEEK:
        return "ISO week";
    case ODP_DATE_QUARTER:
        return "quarter (YYYY-Qn)";
    }
    return "?";
}

static int
describe(const struct odp_colrule *r, char *buf, size_t size)
{
    switch (r->gen) {
    case ODP_GEN_DATE:
        return snprintf(buf, size, "generalized: date coarsened to %s", unit_phrase(r->date_unit));
    case ODP_GEN_ZIP:
        return snprintf(buf, size, "generalized: ZIP code cut to its first %u digits", r->digits);
    case ODP_GEN_NUMBER:
        return snprintf(buf, size, "generalized: numbers published as ranges%s%s",
                        r->has_top ? ", top-coded" : "", r->has_bottom ? ", bottom-coded" : "");
    case ODP_GEN_BLOCK:
        return snprintf(buf, size, "generalized: street address coarsened to its block");
    case ODP_GEN_MAP:
        return snprintf(buf, size,
                        "generalized: each value replaced by its group (%zu values "
                        "into %zu groups)",
                        r->map != NULL ? r->map->n : 0, r->map != NULL ? r->map->ngroups : 0);
    }
    return snprintf(buf, size, "generalized");
}

static const char *
out_type(const struct odp_colrule *r)
{
    if (r->gen != ODP_GEN_DATE) {
        return "string";
    }
    switch (r->date_unit) {
    case ODP_DATE_YEAR:
        return "year";
    case ODP_DATE_MONTH:
        return "yearmonth";
    case ODP_DATE_DAY:
        return "date";
    case ODP_DATE_HOUR:
    case ODP_DATE_WEEK:
    case ODP_DATE_QUARTER:
        return "string";
    }
    return "string";
}

const struct odp_action_ops odp_act_generalize = {
    .compile = compile,
    .release = release,
    .apply = apply,
    .describe = describe,
    .out_type = out_type,
};
