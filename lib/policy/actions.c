/*
 * actions.c - the policy side of every action (actions.h): parameters, checks, defaults
 * and how each is written back. One block per action, in the order of odp/vocab.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "detectors.h"
#include "genmap.h"
#include "scrub_tokens.h"
#include "ytree.h"

#define X(E, n) #n,
const char *const odp_action_words[ODP_ACT__COUNT] = {ODP_ACTIONS(X)};
#undef X

const char odp_action_list_[] =
#define X(E, n) ", " #n
    ODP_ACTIONS(X)
#undef X
    ;

const char *
odp_action_name(enum odp_action a)
{
    return (unsigned)a < ODP_ACT__COUNT ? odp_action_words[a] : NULL;
}

int
odp_action_from_name(const char *s)
{
    int i;

    if (s == NULL) {
        return -1;
    }
    for (i = 0; i < ODP_ACT__COUNT; i++) {
        if (strcmp(odp_action_words[i], s) == 0) {
            return i;
        }
    }
    return -1;
}

const char *const odp_date_unit_words[ODP_DATE_UNIT_LAST + 1] = {
    [ODP_DATE_YEAR] = "year", [ODP_DATE_MONTH] = "month", [ODP_DATE_DAY] = "day",
    [ODP_DATE_HOUR] = "hour", [ODP_DATE_WEEK] = "week",
    [ODP_DATE_QUARTER] = "quarter",
};

static const char *const fmt_names[] = {
    [ODP_DFMT_AUTO] = "auto",
    [ODP_DFMT_US_DATETIME_12H] = "MM/DD/YYYY hh:mm:ss AM",
    [ODP_DFMT_US_DATE] = "MM/DD/YYYY",
    [ODP_DFMT_ISO] = "iso",
    [ODP_DFMT_US_DATETIME_24H] = NULL, /* AUTO's, not a policy's */
    [ODP_DFMT_DMY_DATE] = "DD/MM/YYYY",
};

const char *
odp_date_unit_name(enum odp_date_unit u)
{
    return (u >= ODP_DATE_YEAR && u <= ODP_DATE_UNIT_LAST) ? odp_date_unit_words[u] : NULL;
}

int
odp_date_unit_rank(enum odp_date_unit u)
{
    switch (u) {
    case ODP_DATE_YEAR:
        return 6;
    case ODP_DATE_QUARTER:
        return 5;
    case ODP_DATE_MONTH:
        return 4;
    case ODP_DATE_WEEK:
        return 3;
    case ODP_DATE_DAY:
        return 2;
    case ODP_DATE_HOUR:
        return 1;
    }
    return 0;
}

const char *
odp_date_fmt_name(enum odp_date_fmt f)
{
    return ((unsigned)f <= ODP_DFMT_DMY_DATE) ? fmt_names[f] : NULL;
}

/* ---------------------------------------------------------------- shared readers */

static int
set_default_str(struct odp_yctx *c, char **dst, const char *s)
{
    if (*dst != NULL) {
        return ODP_OK;
    }
    *dst = strdup(s);
    return *dst == NULL ? odp_y_oom(c) : ODP_OK;
}

/* One UTF-8 character, not a control character. */
static int
is_one_char(const char *s)
{
    size_t n = strlen(s);
    unsigned char b = (unsigned char)s[0];
    size_t want;

    if (n == 0) {
        return 0;
    }
    if (b < 0x80) {
        want = 1;
    } else if ((b & 0xe0) == 0xc0) {
        want = 2;
    } else if ((b & 0xf0) == 0xe0) {
        want = 3;
    } else if ((b & 0xf8) == 0xf0) {
        want = 4;
    } else {
        return 0;
    }
    return n == want && !(b < 0x20 || b == 0x7f);
}

static int
parse_date_fmt(struct odp_yctx *c, const struct odp_ynode *v, enum odp_date_fmt *out)
{
    int i = odp_y_word(v, fmt_names, ODP_DFMT_DMY_DATE + 1);

    if (i < 0) {
        return odp_y_fail(c, ODP_ESCHEMA, v->line, v->col,
                          "'format': unknown date format (valid: auto, \"MM/DD/YYYY hh:mm:ss AM\", "
                          "\"MM/DD/YYYY\", iso, \"DD/MM/YYYY\")");
    }
    *out = (enum odp_date_fmt)i;
    return ODP_OK;
}

static void
put_kv_num(struct odp_out *o, const char *indent, const char *key, double v)
{
    odp_out_printf(o, "%s%s: ", indent, key);
    odp_yaml_put_num(o, v);
    odp_out_putc(o, '\n');
}

/* ---------------------------------------------------------------- keep, drop */

static const char *const no_params[] = {NULL};

static int
parse_none(struct odp_yctx *c, const struct odp_ynode *key, const struct odp_ynode *const *nodes,
           struct odp_colrule *r)
{
    (void)c;
    (void)key;
    (void)nodes;
    (void)r;
    return ODP_OK;
}

static void
write_none(struct odp_out *o, const char *indent, const struct odp_colrule *r)
{
    (void)o;
    (void)indent;
    (void)r;
}

/* ---------------------------------------------------------------- redact */

static const char *const redact_params[] = {"replacement", NULL};

static int
parse_redact(struct odp_yctx *c, const struct odp_ynode *key, const struct odp_ynode *const *nodes,
             struct odp_colrule *r)
{
    int rc = ODP_OK;

    (void)key;
    if (nodes[0] != NULL) {
        rc = odp_y_str(c, nodes[0], "replacement", &r->replacement);
    }
    return rc == ODP_OK ? set_default_str(c, &r->replacement, "REDACTED") : rc;
}

static void
write_redact(struct odp_out *o, const char *indent, const struct odp_colrule *r)
{
    odp_yaml_put_kv_q(o, indent, "replacement", r->replacement != NULL ? r->replacement : "REDACTED");
}

/* ---------------------------------------------------------------- mask */

static const char *const mask_params[] = {"keep_first", "keep_last", "char", NULL};

static int
parse_mask(struct odp_yctx *c, const struct odp_ynode *key, const struct odp_ynode *const *nodes,
           struct odp_colrule *r)
{
    int rc = ODP_OK;

    (void)key;
    if (nodes[0] != NULL) {
        rc = odp_y_u32(c, nodes[0], "keep_first", 0, 1024, &r->keep_first);
    }
    if (rc == ODP_OK && nodes[1] != NULL) {
        rc = odp_y_u32(c, nodes[1], "keep_last", 0, 1024, &r->keep_last);
    }
    if (rc == ODP_OK && nodes[2] != NULL) {
        rc = odp_y_str(c, nodes[2], "char", &r->mask_char);
        if (rc == ODP_OK && !is_one_char(r->mask_char)) {
            return odp_y_fail(c, ODP_ESCHEMA, nodes[2]->line, nodes[2]->col,
                              "'char': expected exactly one printable character");
        }
    }
    return rc == ODP_OK ? set_default_str(c, &r->mask_char, "*") : rc;
}

static void
write_mask(struct odp_out *o, const char *indent, const struct odp_colrule *r)
{
    odp_out_printf(o, "%skeep_first: %u\n", indent, r->keep_first);
    odp_out_printf(o, "%skeep_last: %u\n", indent, r->keep_last);
    odp_yaml_put_kv_q(o, indent, "char", r->mask_char != NULL ? r->mask_char : "*");
}

/* ---------------------------------------------------------------- pseudonymize */

static const char *const pseudo_params[] = {"key", "domain", "length", NULL};

static int
parse_key_name(struct odp_yctx *c, const struct odp_ynode *v, struct odp_colrule *r)
{
    int rc = odp_y_str(c, v, "key", &r->key);

    if (rc == ODP_OK && !odp_y_is_ident(r->key)) {
        return odp_y_fail(c, ODP_ESCHEMA, v->line, v->col,
                          "'key': expected the name of an entry of keys: (1 to 64 letters, "
                          "digits, '_' or '-')");
    }
    return rc;
}

static int
parse_pseudonymize(struct odp_yctx *c, const struct odp_ynode *key,
                   const struct odp_ynode *const *nodes, struct odp_colrule *r)
{
    int rc = ODP_OK;

    (void)key;
    if (nodes[0] != NULL) {
        rc = parse_key_name(c, nodes[0], r);
    }
    if (rc == ODP_OK && nodes[1] != NULL) {
        rc = odp_y_str(c, nodes[1], "domain", &r->domain);
    }
    if (rc == ODP_OK && nodes[2] != NULL) {
        rc = odp_y_u32(c, nodes[2], "length", 1, 64, &r->length);
    }
    if (rc == ODP_OK && r->length == 0) {
        r->length = 16;
    }
    return rc == ODP_OK ? set_default_str(c, &r->key, "pseudonym") : rc;
}

static void
write_pseudonymize(struct odp_out *o, const char *indent, const struct odp_colrule *r)
{
    odp_yaml_put_kv_q(o, indent, "key", r->key != NULL ? r->key : "pseudonym");
    if (r->domain != NULL) {
        odp_yaml_put_kv_q(o, indent, "domain", r->domain);
    }
    odp_out_printf(o, "%slength: %u\n", indent, r->length);
}

/* ---------------------------------------------------------------- generalize */

static const char *const gen_params[] = {"to",  "format", "digits",  "bands", "width",
                                         "top", "bottom", "invalid", "map",   NULL};

/* Generalize: which kind of value it coarsens follows from its parameters. */
static int
finish_generalize(struct odp_yctx *c, const struct odp_ynode *key, struct odp_colrule *r,
                  const struct odp_ynode *to, const struct odp_ynode *fmt,
                  const struct odp_ynode *digits, const struct odp_ynode *bands,
                  const struct odp_ynode *width, const struct odp_ynode *top,
                  const struct odp_ynode *bottom)
{
    int kinds = (to != NULL) + (digits != NULL) + (bands != NULL || width != NULL);
    size_t i;
    char wbuf[40];
    int rc = ODP_OK;

    if (kinds == 0) {
        return odp_y_fail(
            c, ODP_ESCHEMA, key->line, key->col,
            "column '%.64s': generalize needs a parameter: to (a date unit or block), "
            "digits (ZIP), bands or width (numbers)",
            key->s);
    }
    if (kinds > 1) {
        return odp_y_fail(c, ODP_ESCHEMA, key->line, key->col,
                          "column '%.64s': generalize takes only one of: to, digits, bands/width",
                          key->s);
    }
    if (bands != NULL && width != NULL) {
        return odp_y_fail(c, ODP_ESCHEMA, width->line, width->col,
                          "column '%.64s': use either bands or width, not both", key->s);
    }
    if (to != NULL) {
        int u = odp_y_word(to, odp_date_unit_words, ODP_DATE_UNIT_LAST + 1);

        if (to->kind == ODP_Y_SCALAR && strcmp(to->s, "block") == 0) {
            r->gen = ODP_GEN_BLOCK;
        } else if (u > 0) {
            r->gen = ODP_GEN_DATE;
            r->date_unit = (enum odp_date_unit)u;
        } else {
            return odp_y_fail(
                c, ODP_ESCHEMA, to->line, to->col,
                "'to': unknown unit%s (valid: year, quarter, month, week, day, hour for "
                "dates; "
                "block for street addresses)",
                odp_y_shown(to, wbuf, sizeof(wbuf)));
        }
    } else if (digits != NULL) {
        r->gen = ODP_GEN_ZIP;
        rc = odp_y_u32(c, digits, "digits", 1, 5, &r->digits);
    } else {
        r->gen = ODP_GEN_NUMBER;
        if (width != NULL) {
            rc = odp_y_double(c, width, "width", &r->width);
            if (rc == ODP_OK && !(r->width > 0)) {
                return odp_y_fail(c, ODP_ESCHEMA, width->line, width->col,
                                  "'width': must be greater than 0");
            }
        } else {
            rc = odp_y_seq(c, bands, "bands");
            if (rc == ODP_OK && (bands->n == 0 || bands->n > 1000)) {
                return odp_y_fail(c, ODP_ESCHEMA, bands->line, bands->col,
                                  "'bands': expected 1 to 1000 band edges");
            }
            if (rc == ODP_OK) {
                r->bands = calloc(bands->n, sizeof(*r->bands));
                if (r->bands == NULL) {
                    return odp_y_oom(c);
                }
            }
            for (i = 0; rc == ODP_OK && i < bands->n; i++) {
                rc = odp_y_double(c, bands->kids[i], "bands", &r->bands[i]);
                r->nbands = i + 1;
                if (rc == ODP_OK && i > 0 && !(r->bands[i] > r->bands[i - 1])) {
                    return odp_y_fail(c, ODP_ESCHEMA, bands->kids[i]->line, bands->kids[i]->col,
                                      "'bands': edges must be in strictly ascending order");
                }
            }
        }
        if (rc == ODP_OK && top != NULL) {
            rc = odp_y_double(c, top, "top", &r->top);
            r->has_top = 1;
        }
        if (rc == ODP_OK && bottom != NULL) {
            rc = odp_y_double(c, bottom, "bottom", &r->bottom);
            r->has_bottom = 1;
        }
        if (rc == ODP_OK && r->has_top && r->has_bottom && !(r->bottom < r->top)) {
            return odp_y_fail(c, ODP_ESCHEMA, bottom->line, bottom->col,
                              "'bottom': must be less than 'top'");
        }
    }
    if (rc == ODP_OK && fmt != NULL) {
        if (r->gen != ODP_GEN_DATE) {
            return odp_y_fail(
                c, ODP_ESCHEMA, fmt->line, fmt->col,
                "'format' applies only to dates (to: year, quarter, month, week, day or hour)");
        }
        rc = parse_date_fmt(c, fmt, &r->date_fmt);
    }
    if (rc == ODP_OK && (top != NULL || bottom != NULL) && r->gen != ODP_GEN_NUMBER) {
        const struct odp_ynode *t = top != NULL ? top : bottom;

        return odp_y_fail(c, ODP_ESCHEMA, t->line, t->col,
                          "'top' and 'bottom' apply only to numbers (bands or width)");
    }
    return rc;
}

static int
parse_generalize(struct odp_yctx *c, const struct odp_ynode *key,
                 const struct odp_ynode *const *nodes, struct odp_colrule *r)
{
    int rc;
    const struct odp_ynode *inv = nodes[7];
    size_t i;

    if (nodes[8] != NULL) { /* map: values to groups (genmap.c); nothing else with it */
        for (i = 0; i < 8; i++) {
            if (nodes[i] != NULL) {
                return odp_y_fail(c, ODP_ESCHEMA, nodes[i]->line, nodes[i]->col,
                                  "column '%.64s': 'map' takes no other generalize parameter",
                                  key->s);
            }
        }
        r->gen = ODP_GEN_MAP;
        return odp_genmap_parse(c, nodes[8], key->s, &r->map);
    }
    rc = finish_generalize(c, key, r, nodes[0], nodes[1], nodes[2], nodes[3], nodes[4], nodes[5],
                           nodes[6]);

    if (rc < 0 || inv == NULL) {
        return rc;
    }
    if (inv->kind != ODP_Y_SCALAR ||
        (strcmp(inv->s, "blank") != 0 && strcmp(inv->s, "fail") != 0 &&
         strcmp(inv->s, "keep-if-public") != 0)) {
        return odp_y_fail(c, ODP_ESCHEMA, inv->line, inv->col,
                          "'invalid': expected blank, keep-if-public or fail");
    }
    if (r->gen != ODP_GEN_DATE && r->gen != ODP_GEN_ZIP) {
        return odp_y_fail(c, ODP_ESCHEMA, inv->line, inv->col,
                          "'invalid' applies only to dates (to: a unit) and ZIPs (digits)");
    }
    r->invalid_blank = strcmp(inv->s, "blank") == 0            ? ODP_INVALID_BLANK
                       : strcmp(inv->s, "keep-if-public") == 0 ? ODP_INVALID_KEEP_PUBLIC
                                                                : 0;
    return ODP_OK;
}

static void
write_generalize(struct odp_out *o, const char *indent, const struct odp_colrule *r)
{
    size_t i;

    switch (r->gen) {
    case ODP_GEN_DATE:
        odp_out_printf(o, "%sto: %s\n", indent, odp_date_unit_name(r->date_unit));
        odp_yaml_put_kv_q(o, indent, "format", odp_date_fmt_name(r->date_fmt));
        break;
    case ODP_GEN_BLOCK:
        odp_out_printf(o, "%sto: block\n", indent);
        break;
    case ODP_GEN_MAP:
        odp_genmap_write(o, indent, r->map);
        break;
    case ODP_GEN_ZIP:
        odp_out_printf(o, "%sdigits: %u\n", indent, r->digits);
        break;
    case ODP_GEN_NUMBER:
        if (r->bands != NULL) {
            odp_out_printf(o, "%sbands: [", indent);
            for (i = 0; i < r->nbands; i++) {
                if (i > 0) {
                    odp_out_puts(o, ", ");
                }
                odp_yaml_put_num(o, r->bands[i]);
            }
            odp_out_puts(o, "]\n");
        } else {
            put_kv_num(o, indent, "width", r->width);
        }
        if (r->has_top) {
            put_kv_num(o, indent, "top", r->top);
        }
        if (r->has_bottom) {
            put_kv_num(o, indent, "bottom", r->bottom);
        }
        break;
    }
    if (r->invalid_blank != 0) {
        odp_out_printf(o, "%sinvalid: %s\n", indent,
                       r->invalid_blank == ODP_INVALID_KEEP_PUBLIC ? "keep-if-public" : "blank");
    }
}

/* ---------------------------------------------------------------- round */

static const char *const round_params[] = {"decimals", NULL};

static int
parse_round(struct odp_yctx *c, const struct odp_ynode *key, const struct odp_ynode *const *nodes,
            struct odp_colrule *r)
{
    if (nodes[0] == NULL) {
        return odp_y_fail(c, ODP_ESCHEMA, key->line, key->col,
                          "column '%.64s': round needs parameter 'decimals' (0 to %d)", key->s,
                          ODP_ROUND_MAX_DECIMALS);
    }
    return odp_y_u32(c, nodes[0], "decimals", 0, ODP_ROUND_MAX_DECIMALS, &r->decimals);
}

static void
write_round(struct odp_out *o, const char *indent, const struct odp_colrule *r)
{
    odp_out_printf(o, "%sdecimals: %u\n", indent, r->decimals);
}

/* ---------------------------------------------------------------- date_shift */

static const char *const shift_params[] = {"by", "max_days", "key", "format", NULL};

static int
parse_date_shift(struct odp_yctx *c, const struct odp_ynode *key,
                 const struct odp_ynode *const *nodes, struct odp_colrule *r)
{
    int rc;

    if (nodes[0] == NULL) {
        return odp_y_fail(c, ODP_ESCHEMA, key->line, key->col,
                          "column '%.64s': date_shift needs parameter 'by' (the column whose "
                          "value keys the shift)",
                          key->s);
    }
    rc = odp_y_str(c, nodes[0], "by", &r->by);
    if (rc == ODP_OK && nodes[1] != NULL) {
        rc = odp_y_u32(c, nodes[1], "max_days", 1, 3650, &r->max_days);
    }
    if (rc == ODP_OK && nodes[2] != NULL) {
        rc = parse_key_name(c, nodes[2], r);
    }
    if (rc == ODP_OK && nodes[3] != NULL) {
        rc = parse_date_fmt(c, nodes[3], &r->date_fmt);
    }
    if (rc == ODP_OK && r->max_days == 0) {
        r->max_days = 30;
    }
    return rc == ODP_OK ? set_default_str(c, &r->key, "pseudonym") : rc;
}

static void
write_date_shift(struct odp_out *o, const char *indent, const struct odp_colrule *r)
{
    odp_yaml_put_kv_q(o, indent, "by", r->by != NULL ? r->by : "");
    odp_out_printf(o, "%smax_days: %u\n", indent, r->max_days);
    odp_yaml_put_kv_q(o, indent, "key", r->key != NULL ? r->key : "pseudonym");
    odp_yaml_put_kv_q(o, indent, "format", odp_date_fmt_name(r->date_fmt));
}

/* ---------------------------------------------------------------- scrub */

static const char *const scrub_params[] = {"detect", "patterns", "tokens", NULL};

static int
parse_scrub_patterns(struct odp_yctx *c, const struct odp_ynode *n, struct odp_colrule *r)
{
    size_t i, j;
    int rc = odp_y_seq(c, n, "patterns");

    if (rc == ODP_OK && n->n > 256) {
        return odp_y_fail(c, ODP_ELIMIT, n->line, n->col, "'patterns': more than 256 patterns");
    }
    if (rc == ODP_OK && n->n > 0) {
        r->patterns = calloc(n->n, sizeof(*r->patterns));
        if (r->patterns == NULL) {
            return odp_y_oom(c);
        }
    }
    for (i = 0; rc == ODP_OK && i < n->n; i++) {
        const struct odp_ynode *item = n->kids[i];
        struct odp_scrub_pattern *sp = &r->patterns[r->npatterns++];

        rc = odp_y_map(c, item, "patterns");
        for (j = 0; rc == ODP_OK && j < item->n; j += 2) {
            const struct odp_ynode *k = item->kids[j], *v = item->kids[j + 1];

            if (strcmp(k->s, "regex") == 0) {
                rc = odp_y_str(c, v, "regex", &sp->regex);
                if (rc == ODP_OK && sp->regex[0] == '\0') {
                    rc = odp_y_fail(c, ODP_ESCHEMA, v->line, v->col, "'regex': must not be empty");
                }
                sp->line = v->line;
                sp->col = v->col;
            } else if (strcmp(k->s, "replace") == 0) {
                rc = odp_y_str(c, v, "replace", &sp->replace);
            } else {
                rc = odp_y_unknown_key(c, k, "patterns", "regex, replace");
            }
        }
        if (rc == ODP_OK && sp->regex == NULL) {
            rc = odp_y_fail(c, ODP_ESCHEMA, item->line, item->col,
                            "scrub pattern: missing parameter 'regex'");
        }
        if (rc == ODP_OK && sp->replace == NULL) {
            sp->replace = strdup("[REDACTED]");
            if (sp->replace == NULL) {
                rc = odp_y_oom(c);
            }
        }
    }
    return rc;
}

static int
parse_detect(struct odp_yctx *c, const struct odp_ynode *n, struct odp_colrule *r)
{
    size_t i;
    char wbuf[40];
    int rc = odp_y_seq(c, n, "detect");

    for (i = 0; rc == ODP_OK && i < n->n; i++) {
        const struct odp_ynode *v = n->kids[i];
        int d = -1;

        if (v->kind == ODP_Y_SCALAR && v->len == 3 && memcmp(v->s, "all", 3) == 0) {
            /* every detector but date, in priority order; ones listed before keep
             * their place, ones listed after are added (`[all, date]`) */
            uint8_t ord[ODP_DET__COUNT];
            size_t k, nall = odp_detectors_all_order(ord, sizeof(ord));

            for (k = 0; k < nall; k++) {
                if ((r->detect_mask & (1u << ord[k])) == 0 &&
                    r->ndetect < sizeof(r->detect_order)) {
                    r->detect_mask |= 1u << ord[k];
                    r->detect_order[r->ndetect++] = ord[k];
                }
            }
            continue;
        }
        if (v->kind == ODP_Y_SCALAR) {
            d = odp_detector_from_name(v->s, v->len);
        }
        if (d < 0 || d >= ODP_DET__COUNT) {
            char names[400];

            odp_detector_names_list(names, sizeof(names));
            return odp_y_fail(c, ODP_ESCHEMA, v->line, v->col,
                              "'detect': unknown detector%s (valid: all, %s)",
                              odp_y_shown(v, wbuf, sizeof(wbuf)), names);
        }
        if (r->detect_mask & (1u << d)) {
            if (i > 0 && n->kids[0]->kind == ODP_Y_SCALAR && n->kids[0]->len == 3 &&
                memcmp(n->kids[0]->s, "all", 3) == 0) {
                continue; /* [all, phone]: already in */
            }
            return odp_y_fail(c, ODP_ESCHEMA, v->line, v->col,
                              "'detect': detector '%s' listed twice",
                              odp_detector_name((enum odp_detector)d));
        }
        if (r->ndetect >= sizeof(r->detect_order)) {
            return odp_y_fail(c, ODP_ELIMIT, v->line, v->col, "'detect': too many detectors");
        }
        r->detect_mask |= 1u << d;
        r->detect_order[r->ndetect++] = (uint8_t)d;
    }
    return rc;
}

static int
parse_scrub(struct odp_yctx *c, const struct odp_ynode *key, const struct odp_ynode *const *nodes,
            struct odp_colrule *r)
{
    int rc = ODP_OK;

    if (nodes[0] != NULL) {
        rc = parse_detect(c, nodes[0], r);
    }
    if (rc == ODP_OK && nodes[1] != NULL) {
        rc = parse_scrub_patterns(c, nodes[1], r);
    }
    if (rc == ODP_OK && nodes[2] != NULL) {
        rc = odp_parse_scrub_tokens(c, nodes[2], r);
    }
    if (rc == ODP_OK && r->ndetect == 0 && r->npatterns == 0) {
        return odp_y_fail(c, ODP_ESCHEMA, key->line, key->col,
                          "column '%.64s': scrub needs 'detect' (detector names) or 'patterns' "
                          "({regex, replace} entries)",
                          key->s);
    }
    return rc;
}

static void
write_scrub(struct odp_out *o, const char *indent, const struct odp_colrule *r)
{
    size_t i;

    if (r->ndetect > 0) {
        odp_out_printf(o, "%sdetect: [", indent);
        for (i = 0; i < r->ndetect; i++) {
            odp_out_printf(o, "%s%s", i > 0 ? ", " : "",
                           odp_detector_name((enum odp_detector)r->detect_order[i]));
        }
        odp_out_puts(o, "]\n");
        odp_write_scrub_tokens(o, indent, r);
    }
    if (r->npatterns > 0) {
        odp_out_printf(o, "%spatterns:\n", indent);
        for (i = 0; i < r->npatterns; i++) {
            odp_out_printf(o, "%s  - regex: ", indent);
            odp_yaml_put_q(o, r->patterns[i].regex);
            odp_out_printf(o, "\n%s    replace: ", indent);
            odp_yaml_put_q(o, r->patterns[i].replace != NULL ? r->patterns[i].replace : "");
            odp_out_putc(o, '\n');
        }
    }
}

/* ---------------------------------------------------------------- the table */

/* One definition per action; the table below is generated from ODP_ACTIONS, so an action
 * without a definition does not compile. */
static const struct odp_action_def def_keep = {"kept", no_params, parse_none, write_none};
static const struct odp_action_def def_drop = {"dropped", no_params, parse_none, write_none};
static const struct odp_action_def def_redact = {"redacted", redact_params, parse_redact,
                                                 write_redact};
static const struct odp_action_def def_mask = {"masked", mask_params, parse_mask, write_mask};
static const struct odp_action_def def_pseudonymize = {"pseudonymized", pseudo_params,
                                                       parse_pseudonymize, write_pseudonymize};
static const struct odp_action_def def_generalize = {"generalized", gen_params, parse_generalize,
                                                     write_generalize};
static const struct odp_action_def def_round = {"rounded", round_params, parse_round, write_round};
static const struct odp_action_def def_date_shift = {"date-shifted", shift_params, parse_date_shift,
                                                     write_date_shift};
static const struct odp_action_def def_scrub = {"scrubbed", scrub_params, parse_scrub, write_scrub};

static const struct odp_action_def *const defs[ODP_ACT__COUNT] = {
#define X(E, n) [ODP_ACT_##E] = &def_##n,
    ODP_ACTIONS(X)
#undef X
};

const struct odp_action_def *
odp_action_def(enum odp_action a)
{
    return (unsigned)a < ODP_ACT__COUNT ? defs[a] : NULL;
}
