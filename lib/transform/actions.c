/*
 * actions.c - the per-column operations: compiled from a rule once, applied per value.
 *
 * odp_op_new resolves everything a rule needs before the first row (HMAC state from
 * the keyring, compiled scrub patterns, band edges formatted as text), so that
 * odp_op_apply does no lookup, fetch, syscall or allocation beyond growing the caller's
 * scratch buffer. The semantics are pinned by a byte-for-byte comparison with the
 * Python reference (shared/bench/reference_transform.py) and documented per action
 * below; an empty value stays empty under every action.
 *
 * Promises: a value never reaches an error message (errors say column and kind only);
 * a value that an action cannot process is ODP_EDATA, never passed through untreated
 * (fail closed). Numbers are parsed and printed in the "C" locale whatever the process
 * locale is.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions_int.h"
#include "keyring.h"

#define NUM_MAX_LEN 128

struct odp_op {
    /*
     * A shallow copy of the rule: scalars are the op's own, strings, bands and patterns
     * are borrowed from the policy, which outlives its ops.
     */
    struct odp_colrule r;
    const struct odp_colrule *rule; /* == &r */
    enum odp_action act;
    const char *name;
    /* redact */
    const char *repl;
    size_t repl_len;
    /* mask */
    const char *maskc;
    size_t mask_len;
    /* pseudonymize, date_shift */
    struct odp_pseudo *ps;
    size_t by;
    /* generalize numbers: edges as text */
    char **band_txt;
    size_t *band_len;
    char top_txt[ODP_NUM_TXT], bottom_txt[ODP_NUM_TXT];
    size_t top_len, bottom_len;
    /* scrub */
    struct odp_scrub *sc;
};

/* ---------------------------------------------------------------- numbers */

static pthread_once_t c_once = PTHREAD_ONCE_INIT;
static locale_t c_loc;

static void
c_locale_init(void)
{
    c_loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

locale_t
odp_c_locale(void)
{
    pthread_once(&c_once, c_locale_init);
    return c_loc;
}

static int
isdig(char c)
{
    return c >= '0' && c <= '9';
}

int
odp_num_parse(const char *v, size_t n, double *out)
{
    char buf[NUM_MAX_LEN + 1];
    char *end = NULL;
    size_t i = 0, mant = 0;
    locale_t loc = odp_c_locale();

    if (n == 0 || n > NUM_MAX_LEN || loc == (locale_t)0) {
        return 0;
    }
    if (v[i] == '+' || v[i] == '-') {
        i++;
    }
    while (i < n && isdig(v[i])) {
        i++;
        mant++;
    }
    if (i < n && v[i] == '.') {
        i++;
        while (i < n && isdig(v[i])) {
            i++;
            mant++;
        }
    }
    if (mant == 0) {
        return 0;
    }
    if (i < n && (v[i] == 'e' || v[i] == 'E')) {
        size_t e0;

        i++;
        if (i < n && (v[i] == '+' || v[i] == '-')) {
            i++;
        }
        e0 = i;
        while (i < n && isdig(v[i])) {
            i++;
        }
        if (i == e0) {
            return 0;
        }
    }
    if (i != n) {
        return 0;
    }
    memcpy(buf, v, n);
    buf[n] = '\0';
    *out = strtod_l(buf, &end, loc);
    if (end != buf + n || !isfinite(*out)) {
        return 0; /* an exponent beyond the double range */
    }
    return 1;
}

/* Significant digits of |d| with `prec` digits (prec 1..17): digits[] and exponent. */
static size_t
sig_digits(double d, int prec, char *digits, int *exp10)
{
    char buf[64];
    int len, i, e = 0, eneg = 0;
    size_t nd = 0;
    locale_t old = uselocale(odp_c_locale());

    len = snprintf(buf, sizeof(buf), "%.*e", prec - 1, fabs(d));
    uselocale(old);
    for (i = 0; i < len && buf[i] != 'e'; i++) {
        if (isdig(buf[i])) {
            digits[nd++] = buf[i];
        }
    }
    if (i < len) {
        i++;
        if (buf[i] == '-' || buf[i] == '+') {
            eneg = buf[i] == '-';
            i++;
        }
        for (; i < len && isdig(buf[i]); i++) {
            e = e * 10 + (buf[i] - '0');
        }
    }
    *exp10 = eneg ? -e : e;
    return nd;
}

size_t
odp_num_format(double d, int maxdig, char *out)
{
    char digits[32], tmp[48];
    int prec, exp10 = 0, k, pos;
    size_t nd = 0, o = 0, i;

    if (d == 0 || !isfinite(d)) {
        out[0] = '0';
        out[1] = '\0';
        return 1;
    }
    if (maxdig < 1 || maxdig > 17) {
        maxdig = 17;
    }
    for (prec = 1; prec <= maxdig; prec++) {
        nd = sig_digits(d, prec, digits, &exp10);
        if (prec == maxdig) {
            break;
        }
        /* Rebuild "d.ddde+X" and read it back: the first exact precision wins. */
        k = snprintf(tmp, sizeof(tmp), "%s%c.%.*se%d", d < 0 ? "-" : "", digits[0],
                     (int)nd - 1, digits + 1, exp10);
        if (k > 0 && (size_t)k < sizeof(tmp) && strtod_l(tmp, NULL, odp_c_locale()) == d) {
            break;
        }
    }
    while (nd > 1 && digits[nd - 1] == '0') {
        nd--;
    }
    if (d < 0) {
        out[o++] = '-';
    }
    /* Value = 0.d1d2...dn * 10^(exp10 + 1): the point goes after exp10 + 1 digits. */
    pos = exp10 + 1;
    if (pos <= 0) {
        out[o++] = '0';
        out[o++] = '.';
        for (k = 0; k < -pos; k++) {
            out[o++] = '0';
        }
        for (i = 0; i < nd; i++) {
            out[o++] = digits[i];
        }
    } else {
        for (k = 0; k < pos; k++) {
            out[o++] = (size_t)k < nd ? digits[k] : '0';
        }
        if ((size_t)pos < nd) {
            out[o++] = '.';
            for (i = (size_t)pos; i < nd; i++) {
                out[o++] = digits[i];
            }
        }
    }
    out[o] = '\0';
    return o;
}

size_t
odp_round_fast(const char *v, size_t n, unsigned decimals, char *out)
{
    size_t i = 0, ib, ie, fb, fe, intd, nf, k = 0, o = 0, j, len;
    int neg = 0, up = 0;
    char *dg;

    if (n == 0 || n > NUM_MAX_LEN || decimals > 15) {
        return 0;
    }
    if (v[0] == '+' || v[0] == '-') {
        neg = v[0] == '-';
        i++;
    }
    while (i < n && v[i] == '0') {
        i++; /* leading zeros do not count as integer digits */
    }
    ib = i;
    while (i < n && isdig(v[i])) {
        i++;
    }
    ie = i;
    fb = fe = i;
    if (i < n && v[i] == '.') {
        fb = ++i;
        while (i < n && isdig(v[i])) {
            i++;
        }
        fe = i;
    }
    if (i != n || (ie == ib && fe == fb && (ib == 0 || v[ib - 1] != '0'))) {
        return 0; /* exponent, junk, or no digit at all */
    }
    intd = ie - ib;
    nf = fe - fb;
    if (nf > decimals) {
        /* Distance of the cut-off digits from the tie 0.5, as a power of ten 10^-k. */
        const char *r = v + fb + decimals;
        size_t rn = nf - decimals;

        if (r[0] < '4') {
            k = 1;
        } else if (r[0] > '5') {
            k = 1;
            up = 1;
        } else if (r[0] == '4') {
            for (j = 1; j < rn && r[j] == '9'; j++) {
            }
            k = j < rn ? j + 1 : rn;
        } else {
            for (j = 1; j < rn && r[j] == '0'; j++) {
            }
            if (j == rn) {
                return 0; /* an exact decimal tie: only the binary value can decide */
            }
            k = j + 1;
            up = 1;
        }
    } else {
        k = 1;
    }
    /*
     * strtod's double x is within 2^-53 |s| of s < 10^intd. The printed digits equal
     * the decimal rounding of s when that error is below the distance 10^-(decimals+k)
     * to the tie: 10^(intd + decimals + k) * 2^-53 < 1 holds for a sum <= 15.
     */
    if (intd + decimals + k > 15) {
        return 0;
    }
    if (neg) {
        out[o++] = '-';
    }
    /* Digits: integer part (or "0"), then `decimals` fraction digits, zero-padded. */
    dg = out + o + 1; /* room for a carry digit in front */
    len = 0;
    if (intd == 0) {
        dg[len++] = '0';
    } else {
        memcpy(dg, v + ib, intd);
        len = intd;
    }
    for (j = 0; j < decimals; j++) {
        dg[len++] = j < nf ? v[fb + j] : '0';
    }
    if (up) {
        for (j = len; j > 0; j--) {
            if (dg[j - 1] == '9') {
                dg[j - 1] = '0';
            } else {
                dg[j - 1]++;
                break;
            }
        }
        if (j == 0) {
            dg--;
            dg[0] = '1';
            len++;
        }
    }
    /* Move into place (dg may start one byte after out + o) and insert the point. */
    {
        size_t ilen = len - decimals;

        memmove(out + o, dg, ilen);
        if (decimals > 0) {
            memmove(out + o + ilen + 1, dg + ilen, decimals);
            out[o + ilen] = '.';
            o += len + 1;
        } else {
            o += len;
        }
    }
    return o;
}

int
odp_round_slow(double d, unsigned decimals, struct odp_buf *b, struct odp_err *err)
{
    char small[64];
    int len, rc;
    locale_t old;

    odp_buf_reset(b);
    old = uselocale(odp_c_locale());
    len = snprintf(small, sizeof(small), "%.*f", (int)decimals, d);
    if (len >= 0 && (size_t)len >= sizeof(small)) {
        rc = odp_buf_reserve(b, (size_t)len, err);
        if (rc < 0) {
            uselocale(old);
            return rc;
        }
        len = snprintf(b->p, (size_t)len + 1, "%.*f", (int)decimals, d);
        uselocale(old);
        b->len = (size_t)len;
        return ODP_OK;
    }
    uselocale(old);
    if (len < 0) {
        return odp_errf(err, ODP_EINTERNAL, NULL, "number formatting failed");
    }
    return odp_buf_add(b, small, (size_t)len, err);
}

/* ---------------------------------------------------------------- op lifecycle */

struct odp_op *
odp_op_new(const struct odp_colrule *rule, const struct odp_keyring *keys, size_t by_index,
           struct odp_err *err)
{
    struct odp_op *op;
    struct odp_loc loc;
    size_t i;

    if (rule == NULL) {
        odp_errf(err, ODP_EINVAL, NULL, "odp_op_new: no rule");
        return NULL;
    }
    loc.path = rule->path;
    loc.line = rule->line;
    loc.col = rule->col;
    if (odp_c_locale() == (locale_t)0) {
        odp_errf(err, ODP_ENOMEM, NULL, "cannot create the C locale");
        return NULL;
    }
    op = calloc(1, sizeof(*op));
    if (op == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    op->r = *rule;
    op->rule = &op->r;
    rule = op->rule;
    op->act = rule->action;
    op->name = rule->name != NULL ? rule->name : "?";
    op->by = by_index;
    switch (rule->action) {
    case ODP_ACT_KEEP:
        break;
    case ODP_ACT_REDACT:
        op->repl = rule->replacement != NULL ? rule->replacement : "REDACTED";
        op->repl_len = strlen(op->repl);
        break;
    case ODP_ACT_MASK:
        op->maskc = rule->mask_char != NULL && rule->mask_char[0] != '\0' ? rule->mask_char : "*";
        op->mask_len = strlen(op->maskc);
        break;
    case ODP_ACT_PSEUDONYMIZE:
    case ODP_ACT_DATE_SHIFT: {
        const char *kname = rule->key != NULL ? rule->key : "pseudonym";
        const uint8_t *k = NULL;
        size_t klen = 0;

        if (rule->action == ODP_ACT_PSEUDONYMIZE && (rule->length < 1 || rule->length > 64)) {
            odp_errf(err, ODP_ESCHEMA, &loc,
                     "column '%s': pseudonymize length must be 1..64 hex characters", op->name);
            goto fail;
        }
        if (rule->action == ODP_ACT_DATE_SHIFT && rule->by == NULL) {
            odp_errf(err, ODP_ESCHEMA, &loc, "column '%s': date_shift needs 'by'", op->name);
            goto fail;
        }
        if (keys != NULL) {
            k = odp_keyring_get(keys, kname, &klen);
        }
        if (k == NULL) {
            odp_errf(err, ODP_EKEY, &loc, "column '%s': key '%s' is not loaded", op->name,
                     kname);
            goto fail;
        }
        op->ps = odp_pseudo_new(k, klen,
                                rule->action == ODP_ACT_DATE_SHIFT ? "date_shift" : rule->domain,
                                err);
        if (op->ps == NULL) {
            goto fail;
        }
        break;
    }
    case ODP_ACT_GENERALIZE:
        switch (rule->gen) {
        case ODP_GEN_DATE:
            if (rule->date_unit < ODP_DATE_YEAR || rule->date_unit > ODP_DATE_WEEK) {
                odp_errf(err, ODP_ESCHEMA, &loc, "column '%s': unknown date unit", op->name);
                goto fail;
            }
            break;
        case ODP_GEN_ZIP:
            if (rule->digits < 1 || rule->digits > 5) {
                odp_errf(err, ODP_ESCHEMA, &loc, "column '%s': ZIP digits must be 1..5",
                         op->name);
                goto fail;
            }
            break;
        case ODP_GEN_NUMBER:
            if (rule->nbands > 0) {
                op->band_txt = calloc(rule->nbands, sizeof(*op->band_txt));
                op->band_len = calloc(rule->nbands, sizeof(*op->band_len));
                if (op->band_txt == NULL || op->band_len == NULL) {
                    odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
                    goto fail;
                }
                for (i = 0; i < rule->nbands; i++) {
                    char t[ODP_NUM_TXT];

                    if (!isfinite(rule->bands[i]) ||
                        (i > 0 && !(rule->bands[i] > rule->bands[i - 1]))) {
                        odp_errf(err, ODP_ESCHEMA, &loc,
                                 "column '%s': band edges must be finite and ascending",
                                 op->name);
                        goto fail;
                    }
                    op->band_len[i] = odp_num_format(rule->bands[i], 17, t);
                    op->band_txt[i] = strdup(t);
                    if (op->band_txt[i] == NULL) {
                        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
                        goto fail;
                    }
                }
            } else if (rule->width != 0 && !(rule->width > 0 && isfinite(rule->width))) {
                odp_errf(err, ODP_ESCHEMA, &loc, "column '%s': band width must be positive",
                         op->name);
                goto fail;
            }
            if (rule->has_top) {
                op->top_len = odp_num_format(rule->top, 17, op->top_txt);
            }
            if (rule->has_bottom) {
                op->bottom_len = odp_num_format(rule->bottom, 17, op->bottom_txt);
            }
            break;
        case ODP_GEN_BLOCK:
            break;
        default:
            odp_errf(err, ODP_ESCHEMA, &loc, "column '%s': unknown generalization", op->name);
            goto fail;
        }
        break;
    case ODP_ACT_ROUND:
        if (rule->decimals > 300) {
            odp_errf(err, ODP_ESCHEMA, &loc, "column '%s': round decimals must be 0..300",
                     op->name);
            goto fail;
        }
        break;
    case ODP_ACT_SCRUB:
        op->sc = odp_scrub_new(rule, err);
        if (op->sc == NULL) {
            goto fail;
        }
        break;
    case ODP_ACT_DROP:
    default:
        /* drop is removed by the plan and never gets an op */
        odp_errf(err, ODP_EINTERNAL, &loc, "column '%s': action %d has no per-value op",
                 op->name, (int)rule->action);
        goto fail;
    }
    return op;
fail:
    odp_op_free(op);
    return NULL;
}

void
odp_op_free(struct odp_op *op)
{
    size_t i;

    if (op == NULL) {
        return;
    }
    odp_pseudo_free(op->ps);
    odp_scrub_free(op->sc);
    if (op->band_txt != NULL) {
        for (i = 0; i < op->rule->nbands; i++) {
            free(op->band_txt[i]);
        }
    }
    free(op->band_txt);
    free(op->band_len);
    free(op);
}

/* ---------------------------------------------------------------- per value */

static int
data_err(const struct odp_op *op, struct odp_err *err, const char *what)
{
    return odp_errf(err, ODP_EDATA, NULL, "column '%s': %s", op->name, what);
}

/* Length in bytes of the UTF-8 character at s[i] (1 for a stray byte). */
static size_t
u8len(const char *s, size_t n, size_t i)
{
    size_t j = i + 1;

    while (j < n && ((unsigned char)s[j] & 0xC0) == 0x80 && j - i < 4) {
        j++;
    }
    return j - i;
}

/*
 * mask: keeps the first keep_first and the last keep_last characters (code points) and
 * replaces every other character by mask_char. A value of at most keep_first +
 * keep_last characters is masked entirely: keeping "the first 4" of a 3-character value
 * would reveal all of it, so short values never show through.
 */
static int
apply_mask(struct odp_op *op, const char *v, size_t n, struct odp_buf *b, struct odp_err *err)
{
    size_t chars = 0, i, c, kf = op->rule->keep_first, kl = op->rule->keep_last;
    int rc = ODP_OK;

    for (i = 0; i < n; i += u8len(v, n, i)) {
        chars++;
    }
    if (chars <= kf + kl) {
        kf = kl = 0;
    }
    odp_buf_reset(b);
    for (i = 0, c = 0; i < n && rc == ODP_OK; c++) {
        size_t l = u8len(v, n, i);

        if (c < kf || c >= chars - kl) {
            rc = odp_buf_add(b, v + i, l, err);
        } else {
            rc = odp_buf_add(b, op->maskc, op->mask_len, err);
        }
        i += l;
    }
    return rc;
}

static int
apply_zip(struct odp_op *op, const char *v, size_t n, struct odp_field *out, struct odp_err *err)
{
    size_t i;

    if (n != 5 && !(n == 10 && v[5] == '-')) {
        return data_err(op, err, "value is not a 5-digit ZIP or ZIP+4");
    }
    for (i = 0; i < n; i++) {
        if (i != 5 && !isdig(v[i])) {
            return data_err(op, err, "value is not a 5-digit ZIP or ZIP+4");
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
apply_number(struct odp_op *op, const char *v, size_t n, struct odp_field *out,
             struct odp_buf *b, struct odp_err *err)
{
    const struct odp_colrule *r = op->rule;
    double x;
    int rc = ODP_OK;

    if (!odp_num_parse(v, n, &x)) {
        return data_err(op, err, "value is not a number");
    }
    odp_buf_reset(b);
    if (r->has_top && x >= r->top) {
        rc = odp_buf_add(b, ">=", 2, err);
        if (rc == ODP_OK) {
            rc = odp_buf_add(b, op->top_txt, op->top_len, err);
        }
    } else if (r->has_bottom && x < r->bottom) {
        rc = odp_buf_addc(b, '<', err);
        if (rc == ODP_OK) {
            rc = odp_buf_add(b, op->bottom_txt, op->bottom_len, err);
        }
    } else if (r->nbands > 0) {
        size_t lo = 0, hi = r->nbands - 1;

        if (x < r->bands[0]) {
            rc = odp_buf_addc(b, '<', err);
            if (rc == ODP_OK) {
                rc = odp_buf_add(b, op->band_txt[0], op->band_len[0], err);
            }
        } else if (x >= r->bands[hi]) {
            rc = odp_buf_add(b, ">=", 2, err);
            if (rc == ODP_OK) {
                rc = odp_buf_add(b, op->band_txt[hi], op->band_len[hi], err);
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
            rc = odp_buf_addf(b, err, "[%s,%s)", op->band_txt[lo], op->band_txt[hi]);
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

static int
apply_date(struct odp_op *op, const char *v, size_t n, struct odp_buf *b, struct odp_err *err)
{
    struct odp_datetime dt;
    char t[16];
    size_t len;

    if (odp_date_parse(v, n, op->rule->date_fmt, &dt, NULL) != ODP_OK) {
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
apply_shift(struct odp_op *op, const struct odp_row *row, const char *v, size_t n,
            struct odp_buf *b, struct odp_err *err)
{
    struct odp_datetime dt;
    enum odp_date_fmt used = ODP_DFMT_AUTO;
    const struct odp_field *by;
    uint8_t mac[32];
    uint64_t u = 0, span;
    int64_t days;
    int i, rc;

    if (op->by >= row->n) {
        return odp_errf(err, ODP_EINTERNAL, NULL, "column '%s': date_shift key column missing",
                        op->name);
    }
    if (odp_date_parse(v, n, op->rule->date_fmt, &dt, &used) != ODP_OK) {
        return odp_errf(err, ODP_EDATA, NULL, "column '%s': value is not a date in format %s",
                        op->name, odp_date_fmt_label(op->rule->date_fmt));
    }
    by = &row->f[op->by];
    if (by->len == 0) {
        return odp_errf(err, ODP_EDATA, NULL,
                        "column '%s': date_shift key column '%s' is empty", op->name,
                        op->rule->by != NULL ? op->rule->by : "?");
    }
    rc = odp_pseudo_mac(op->ps, by->p, by->len, mac, err);
    if (rc < 0) {
        return rc;
    }
    for (i = 0; i < 8; i++) {
        u = (u << 8) | mac[i];
    }
    span = 2 * (uint64_t)op->rule->max_days + 1;
    days = (int64_t)(u % span) - (int64_t)op->rule->max_days;
    rc = odp_date_shift_value(v, n, &dt, used, days, b, err);
    if (rc == ODP_EDATA) {
        return odp_errf(err, ODP_EDATA, NULL,
                        "column '%s': shifted date leaves the years 0001..9999", op->name);
    }
    return rc;
}

int
odp_op_apply(struct odp_op *op, const struct odp_row *row, size_t col, struct odp_field *out,
             struct odp_buf *scratch, struct odp_err *err)
{
    const char *v;
    size_t n;
    int rc = ODP_OK, in_scratch = 1;

    if (op == NULL || row == NULL || out == NULL || scratch == NULL || col >= row->n) {
        return odp_errf(err, ODP_EINVAL, NULL, "odp_op_apply: bad argument");
    }
    v = row->f[col].p;
    n = row->f[col].len;
    out->p = v;
    out->len = n;
    if (n == 0 && op->act != ODP_ACT_DROP) {
        return 0; /* empty stays empty under every action */
    }
    switch (op->act) {
    case ODP_ACT_KEEP:
        return 0;
    case ODP_ACT_REDACT:
        out->p = op->repl;
        out->len = op->repl_len;
        in_scratch = 0;
        break;
    case ODP_ACT_MASK:
        rc = apply_mask(op, v, n, scratch, err);
        break;
    case ODP_ACT_PSEUDONYMIZE:
        odp_buf_reset(scratch);
        rc = odp_buf_reserve(scratch, op->rule->length, err);
        if (rc == ODP_OK) {
            rc = odp_pseudo_hex(op->ps, v, n, op->rule->length, scratch->p, err);
        }
        if (rc == ODP_OK) {
            scratch->len = op->rule->length;
            scratch->p[scratch->len] = '\0';
        }
        break;
    case ODP_ACT_GENERALIZE:
        switch (op->rule->gen) {
        case ODP_GEN_DATE:
            rc = apply_date(op, v, n, scratch, err);
            break;
        case ODP_GEN_ZIP:
            rc = apply_zip(op, v, n, out, err);
            if (rc < 0) {
                return rc;
            }
            return out->len != n;
        case ODP_GEN_NUMBER:
            rc = apply_number(op, v, n, out, scratch, err);
            if (rc < 0) {
                return rc;
            }
            return out->len != n || memcmp(out->p, v, n) != 0;
        case ODP_GEN_BLOCK:
            rc = apply_block(v, n, scratch, err);
            if (rc <= 0) {
                return rc;
            }
            rc = ODP_OK;
            break;
        default:
            return odp_errf(err, ODP_EINTERNAL, NULL, "column '%s': unknown generalization",
                            op->name);
        }
        break;
    case ODP_ACT_ROUND: {
        double d;
        size_t len;

        rc = odp_buf_reserve(scratch, n + op->rule->decimals + 4, err);
        if (rc < 0) {
            return rc;
        }
        odp_buf_reset(scratch);
        len = odp_round_fast(v, n, op->rule->decimals, scratch->p);
        if (len > 0) {
            scratch->len = len;
            scratch->p[len] = '\0';
            break;
        }
        if (!odp_num_parse(v, n, &d)) {
            return data_err(op, err, "value is not a number");
        }
        rc = odp_round_slow(d, op->rule->decimals, scratch, err);
        break;
    }
    case ODP_ACT_DATE_SHIFT:
        rc = apply_shift(op, row, v, n, scratch, err);
        break;
    case ODP_ACT_SCRUB:
        return odp_scrub_apply(op->sc, v, n, scratch, out, err);
    default:
        return odp_errf(err, ODP_EINTERNAL, NULL,
                        "column '%s': action %d never reaches a per-value op", op->name,
                        (int)op->act);
    }
    if (rc < 0) {
        return rc;
    }
    if (in_scratch) {
        out->p = scratch->p;
        out->len = scratch->len;
    }
    return out->len != n || memcmp(out->p, v, n) != 0;
}
