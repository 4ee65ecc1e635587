/*
 * policy.c - loads a YAML policy and its `extends` chain into a struct odp_policy.
 *
 * The file is read whole under a 1 MiB cap and parsed with libyaml's event API into a
 * small tree of our own. Building that tree is where hostile YAML is stopped: anchors,
 * aliases and explicit tags are rejected outright (so a "billion laughs" file cannot
 * expand), nesting is capped at ODP_POLICY_MAX_DEPTH, the node count and the entries
 * of one mapping or sequence are capped, mapping keys must be scalars and no scalar may
 * hold a NUL byte. The tree is then walked against the schema of docs/POLICY.md; every
 * error names POLICY:LINE:COL (libyaml marks + 1) and says what is allowed. Promises:
 * errors quote key names and the allowed words, never a value of the policy (a key
 * pasted by mistake never reaches a message); integers are parsed with bounds (no
 * atoi/strtol); on any error every allocation is released. Parents of `extends` are
 * loaded depth first and merged (parents first, in listed order, then the child) as
 * lib/policy.h documents; a cycle is reported with the chain of files.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <yaml.h>

#include "fs.h"
#include "detectors.h"
#include "policy.h"

/* ------------------------------------------------------------------------------------ */
/* Names */

static const char *const action_names[ODP_ACT__COUNT] = {
    [ODP_ACT_KEEP] = "keep",
    [ODP_ACT_DROP] = "drop",
    [ODP_ACT_REDACT] = "redact",
    [ODP_ACT_MASK] = "mask",
    [ODP_ACT_PSEUDONYMIZE] = "pseudonymize",
    [ODP_ACT_GENERALIZE] = "generalize",
    [ODP_ACT_ROUND] = "round",
    [ODP_ACT_DATE_SHIFT] = "date_shift",
    [ODP_ACT_SCRUB] = "scrub",
};

#define ACTION_LIST "keep, drop, redact, mask, pseudonymize, generalize, round, date_shift, scrub"

/* Parameters each action takes besides action, type and description. */
static const char *const action_params[ODP_ACT__COUNT] = {
    [ODP_ACT_KEEP] = "",
    [ODP_ACT_DROP] = "",
    [ODP_ACT_REDACT] = "replacement",
    [ODP_ACT_MASK] = "keep_first, keep_last, char",
    [ODP_ACT_PSEUDONYMIZE] = "key, domain, length",
    [ODP_ACT_GENERALIZE] = "to, format, digits, bands, width, top, bottom",
    [ODP_ACT_ROUND] = "decimals",
    [ODP_ACT_DATE_SHIFT] = "by, max_days, key, format",
    [ODP_ACT_SCRUB] = "detect, patterns",
};

static const char *const unit_names[] = {
    [ODP_DATE_YEAR] = "year",
    [ODP_DATE_MONTH] = "month",
    [ODP_DATE_DAY] = "day",
    [ODP_DATE_HOUR] = "hour",
    [ODP_DATE_WEEK] = "week",
};

static const char *const fmt_names[] = {
    [ODP_DFMT_AUTO] = "auto",
    [ODP_DFMT_US_DATETIME_12H] = "MM/DD/YYYY hh:mm:ss AM",
    [ODP_DFMT_US_DATE] = "MM/DD/YYYY",
    [ODP_DFMT_ISO] = "iso",
};

/* The policy's own types plus the rest of Frictionless Table Schema's. */
static const char *const type_names[] = {
    "string", "integer", "number", "date", "datetime", "boolean", "text", "time", "year",
    "yearmonth", "duration", "geopoint", "geojson", "object", "array", "any",
};

#define TYPE_LIST                                                                          \
    "string, integer, number, date, datetime, boolean, text, time, year, yearmonth, "      \
    "duration, geopoint, geojson, object, array, any"

const char *
odp_action_name(enum odp_action a)
{
    return (unsigned)a < ODP_ACT__COUNT ? action_names[a] : NULL;
}

int
odp_action_from_name(const char *s)
{
    int i;

    if (s == NULL) {
        return -1;
    }
    for (i = 0; i < ODP_ACT__COUNT; i++) {
        if (strcmp(action_names[i], s) == 0) {
            return i;
        }
    }
    return -1;
}

const char *
odp_date_unit_name(enum odp_date_unit u)
{
    return (u >= ODP_DATE_YEAR && u <= ODP_DATE_WEEK) ? unit_names[u] : NULL;
}

int
odp_date_unit_rank(enum odp_date_unit u)
{
    switch (u) {
    case ODP_DATE_YEAR:
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
    return ((unsigned)f <= ODP_DFMT_ISO) ? fmt_names[f] : NULL;
}

/* ------------------------------------------------------------------------------------ */
/* YAML tree */

enum { Y_SCALAR = 1, Y_SEQ, Y_MAP };

struct ynode {
    int kind;
    int plain;          /* scalar written without quotes (may be a number, bool, null) */
    uint64_t line, col; /* 1-based */
    char *s;            /* scalar bytes, NUL-terminated, no NUL inside */
    size_t len;
    struct ynode **kids; /* sequence items; mapping: key, value, key, value ... */
    size_t n, cap;
};

struct ctx {
    const char *path;     /* the file being read (owned by the policy) */
    struct odp_err *err;
};

static int
fail(struct ctx *c, int code, uint64_t line, uint64_t col, const char *fmt, ...)
    ODP_PRINTF(5, 6);

static int
fail(struct ctx *c, int code, uint64_t line, uint64_t col, const char *fmt, ...)
{
    struct odp_loc loc = {c->path, line, col};
    va_list ap;

    va_start(ap, fmt);
    code = odp_verrf(c->err, code, &loc, fmt, ap);
    va_end(ap);
    return code;
}

static int
oom(struct ctx *c)
{
    return odp_errf(c->err, ODP_ENOMEM, NULL, "out of memory");
}

static void
ynode_free(struct ynode *n)
{
    size_t i;

    if (n == NULL) {
        return;
    }
    for (i = 0; i < n->n; i++) {
        ynode_free(n->kids[i]);
    }
    free(n->kids);
    free(n->s);
    free(n);
}

static int
ynode_add(struct ctx *c, struct ynode *parent, struct ynode *kid)
{
    if (parent->n >= (parent->kind == Y_MAP ? 2u : 1u) * (size_t)ODP_POLICY_MAX_ITEMS) {
        return fail(c, ODP_ELIMIT, kid->line, kid->col,
                    "more than %u entries in one mapping or list", ODP_POLICY_MAX_ITEMS);
    }
    if (parent->kind == Y_MAP && parent->n % 2 == 0 && kid->kind != Y_SCALAR) {
        return fail(c, ODP_ESCHEMA, kid->line, kid->col, "a mapping key must be a plain string");
    }
    if (parent->n == parent->cap) {
        size_t ncap = parent->cap ? parent->cap * 2 : 8;
        struct ynode **nk = realloc(parent->kids, ncap * sizeof(*nk));

        if (nk == NULL) {
            return oom(c);
        }
        parent->kids = nk;
        parent->cap = ncap;
    }
    parent->kids[parent->n++] = kid;
    return ODP_OK;
}

/* Line and column of a byte offset (for libyaml reader errors, which carry no mark). */
static void
offset_pos(const char *buf, size_t len, size_t off, uint64_t *line, uint64_t *col)
{
    size_t i;

    *line = 1;
    *col = 1;
    for (i = 0; i < off && i < len; i++) {
        if (buf[i] == '\n') {
            (*line)++;
            *col = 1;
        } else {
            (*col)++;
        }
    }
}

static int
syntax_error(struct ctx *c, yaml_parser_t *ps, const char *buf, size_t len)
{
    uint64_t line, col;

    if (ps->error == YAML_MEMORY_ERROR) {
        return oom(c);
    }
    if (ps->error == YAML_READER_ERROR) {
        offset_pos(buf, len, ps->problem_offset, &line, &col);
    } else {
        line = (uint64_t)ps->problem_mark.line + 1;
        col = (uint64_t)ps->problem_mark.column + 1;
    }
    if (ps->context != NULL) {
        return fail(c, ODP_ESYNTAX, line, col, "YAML syntax error: %s (%s at line %zu)",
                    ps->problem ? ps->problem : "unknown problem", ps->context,
                    ps->context_mark.line + 1);
    }
    return fail(c, ODP_ESYNTAX, line, col, "YAML syntax error: %s",
                ps->problem ? ps->problem : "unknown problem");
}

/*
 * Turns one YAML document into a tree. Rejects aliases, anchors and tags (a policy needs
 * none, and refusing them is what makes alias bombs impossible), caps depth and size.
 */
static int
parse_yaml(struct ctx *c, const char *buf, size_t len, struct ynode **out)
{
    yaml_parser_t ps;
    yaml_event_t ev;
    struct ynode *stack[ODP_POLICY_MAX_DEPTH];
    struct ynode *root = NULL;
    size_t depth = 0, nodes = 0;
    int ndocs = 0, done = 0, rc = ODP_OK;

    *out = NULL;
    if (!yaml_parser_initialize(&ps)) {
        return oom(c);
    }
    yaml_parser_set_input_string(&ps, (const unsigned char *)buf, len);
    while (!done && rc == ODP_OK) {
        struct ynode *n = NULL;
        uint64_t line, col;
        const yaml_char_t *anchor = NULL, *tag = NULL;

        if (!yaml_parser_parse(&ps, &ev)) {
            rc = syntax_error(c, &ps, buf, len);
            break;
        }
        line = (uint64_t)ev.start_mark.line + 1;
        col = (uint64_t)ev.start_mark.column + 1;
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = 1;
            break;
        case YAML_DOCUMENT_START_EVENT:
            if (++ndocs > 1) {
                rc = fail(c, ODP_ESCHEMA, line, col,
                          "a policy file holds one YAML document, found a second one");
            }
            break;
        case YAML_ALIAS_EVENT:
            rc = fail(c, ODP_ESCHEMA, line, col, "YAML aliases (*name) are not allowed in a policy");
            break;
        case YAML_SCALAR_EVENT:
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            if (ev.type == YAML_SCALAR_EVENT) {
                anchor = ev.data.scalar.anchor;
                tag = ev.data.scalar.tag;
            } else if (ev.type == YAML_SEQUENCE_START_EVENT) {
                anchor = ev.data.sequence_start.anchor;
                tag = ev.data.sequence_start.tag;
            } else {
                anchor = ev.data.mapping_start.anchor;
                tag = ev.data.mapping_start.tag;
            }
            if (anchor != NULL) {
                rc = fail(c, ODP_ESCHEMA, line, col,
                          "YAML anchors (&name) are not allowed in a policy");
                break;
            }
            if (tag != NULL) {
                rc = fail(c, ODP_ESCHEMA, line, col, "YAML tags (!tag) are not allowed in a policy");
                break;
            }
            if (++nodes > ODP_POLICY_MAX_NODES) {
                rc = fail(c, ODP_ELIMIT, line, col, "more than %u YAML nodes in one policy file",
                          ODP_POLICY_MAX_NODES);
                break;
            }
            n = calloc(1, sizeof(*n));
            if (n == NULL) {
                rc = oom(c);
                break;
            }
            n->line = line;
            n->col = col;
            if (ev.type == YAML_SCALAR_EVENT) {
                n->kind = Y_SCALAR;
                n->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
                n->len = ev.data.scalar.length;
                n->s = malloc(n->len + 1);
                if (n->s == NULL) {
                    free(n);
                    rc = oom(c);
                    break;
                }
                memcpy(n->s, ev.data.scalar.value, n->len);
                n->s[n->len] = '\0';
                if (memchr(n->s, '\0', n->len) != NULL) {
                    ynode_free(n);
                    rc = fail(c, ODP_ESCHEMA, line, col, "a string holds a NUL character");
                    break;
                }
            } else {
                n->kind = ev.type == YAML_SEQUENCE_START_EVENT ? Y_SEQ : Y_MAP;
            }
            if (depth == 0) {
                root = n;
            } else {
                rc = ynode_add(c, stack[depth - 1], n);
                if (rc < 0) {
                    ynode_free(n);
                    break;
                }
            }
            if (n->kind != Y_SCALAR) {
                if (depth >= ODP_POLICY_MAX_DEPTH) {
                    rc = fail(c, ODP_ELIMIT, line, col, "YAML nested deeper than %u levels",
                              ODP_POLICY_MAX_DEPTH);
                    break;
                }
                stack[depth++] = n;
            }
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            if (depth > 0) {
                depth--;
            }
            break;
        default:
            break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&ps);
    if (rc < 0) {
        ynode_free(root);
        return rc;
    }
    if (root == NULL) {
        return fail(c, ODP_ESCHEMA, 1, 1, "the policy file is empty");
    }
    *out = root;
    return ODP_OK;
}

/* ------------------------------------------------------------------------------------ */
/* Typed access to the tree */

static const char *
kind_name(const struct ynode *n)
{
    if (n->kind == Y_MAP) {
        return "a mapping";
    }
    if (n->kind == Y_SEQ) {
        return "a list";
    }
    return "a scalar";
}

static int
is_null(const struct ynode *n)
{
    return n->kind == Y_SCALAR && n->plain &&
           (n->len == 0 || strcmp(n->s, "~") == 0 || strcmp(n->s, "null") == 0 ||
            strcmp(n->s, "Null") == 0 || strcmp(n->s, "NULL") == 0);
}

/* Is `key` one of the words of `list` ("a, b, c")? */
static int
in_list(const char *key, const char *list)
{
    size_t klen = strlen(key);
    const char *p = list;

    while (*p != '\0') {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);

        if (n == klen && memcmp(p, key, n) == 0) {
            return 1;
        }
        if (e == NULL) {
            break;
        }
        p = e + 1;
        while (*p == ' ') {
            p++;
        }
    }
    return 0;
}

/*
 * " 'word'" for a short identifier-like scalar (an unknown action or unit name, worth
 * echoing back), "" for anything else: only the policy's own vocabulary is ever quoted,
 * never free text or key material.
 */
static const char *
shown(const struct ynode *n, char *buf, size_t size)
{
    size_t i;

    if (n->kind != Y_SCALAR || n->len == 0 || n->len > 32) {
        return "";
    }
    for (i = 0; i < n->len; i++) {
        char ch = n->s[i];

        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              ch == '_' || ch == '-')) {
            return "";
        }
    }
    snprintf(buf, size, " '%s'", n->s);
    return buf;
}

static int
want_map_x(struct ctx *c, const struct ynode *n, const char *what, int is_columns)
{
    size_t i, j;

    if (n->kind != Y_MAP) {
        return fail(c, ODP_ESCHEMA, n->line, n->col, "'%s': expected a mapping, found %s", what,
                    is_null(n) ? "nothing" : kind_name(n));
    }
    /* Duplicate keys: YAML forbids them, libyaml does not check. */
    for (i = 2; i < n->n; i += 2) {
        for (j = 0; j < i; j += 2) {
            if (n->kids[i]->len == n->kids[j]->len &&
                memcmp(n->kids[i]->s, n->kids[j]->s, n->kids[i]->len) == 0) {
                if (is_columns) {
                    return fail(c, ODP_ESCHEMA, n->kids[i]->line, n->kids[i]->col,
                                "column '%.64s' is named twice (first at line %llu, column %llu)",
                                n->kids[i]->s, (unsigned long long)n->kids[j]->line,
                                (unsigned long long)n->kids[j]->col);
                }
                return fail(c, ODP_ESCHEMA, n->kids[i]->line, n->kids[i]->col,
                            "duplicate key '%.64s' in '%s' (first at line %llu, column %llu)",
                            n->kids[i]->s, what, (unsigned long long)n->kids[j]->line,
                            (unsigned long long)n->kids[j]->col);
            }
        }
    }
    return ODP_OK;
}

static int
want_map(struct ctx *c, const struct ynode *n, const char *what)
{
    return want_map_x(c, n, what, 0);
}

static int
want_seq(struct ctx *c, const struct ynode *n, const char *what)
{
    if (n->kind != Y_SEQ) {
        return fail(c, ODP_ESCHEMA, n->line, n->col, "'%s': expected a list, found %s", what,
                    is_null(n) ? "nothing" : kind_name(n));
    }
    return ODP_OK;
}

/* A non-null scalar, copied into *out (an earlier value is freed). */
static int
want_str(struct ctx *c, const struct ynode *n, const char *what, char **out)
{
    char *s;

    if (n->kind != Y_SCALAR || is_null(n)) {
        return fail(c, ODP_ESCHEMA, n->line, n->col, "'%s': expected a string, found %s", what,
                    is_null(n) ? "nothing" : kind_name(n));
    }
    s = strdup(n->s);
    if (s == NULL) {
        return oom(c);
    }
    free(*out);
    *out = s;
    return ODP_OK;
}

/*
 * Bounded decimal parser: plain digits only (no sign, no leading zero, no 0x, no
 * underscores), value in [min, max]. Returns 1 if parsed, 0 if not an integer, -1 if out
 * of range.
 */
static int
parse_u32(const char *s, size_t len, uint32_t min, uint32_t max, uint32_t *out)
{
    uint64_t v = 0;
    size_t i;

    if (len == 0 || len > 20 || (len > 1 && s[0] == '0')) {
        return 0;
    }
    for (i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return 0;
        }
        if (v > UINT32_MAX) {
            continue; /* keep scanning for non-digits; already out of range */
        }
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    if (v < min || v > max) {
        return -1;
    }
    *out = (uint32_t)v;
    return 1;
}

static int
want_u32(struct ctx *c, const struct ynode *n, const char *what, uint32_t min, uint32_t max,
         uint32_t *out)
{
    int r = 0;

    if (n->kind == Y_SCALAR && n->plain) {
        r = parse_u32(n->s, n->len, min, max, out);
    }
    if (r == 0) {
        return fail(c, ODP_ESCHEMA, n->line, n->col, "'%s': expected an integer from %u to %u",
                    what, min, max);
    }
    if (r < 0) {
        return fail(c, ODP_ESCHEMA, n->line, n->col, "'%s': must be between %u and %u", what, min,
                    max);
    }
    return ODP_OK;
}

/* A plain decimal number: -?digits[.digits][(e|E)[+-]digits], finite. */
static int
want_double(struct ctx *c, const struct ynode *n, const char *what, double *out)
{
    char tmp[72];
    const char *s = n->s;
    size_t i = 0, d;
    char *end = NULL;
    double v;

    if (n->kind != Y_SCALAR || !n->plain || n->len == 0 || n->len >= sizeof(tmp)) {
        goto bad;
    }
    if (s[i] == '-') {
        i++;
    }
    for (d = 0; i < n->len && s[i] >= '0' && s[i] <= '9'; i++) {
        d++;
    }
    if (d == 0) {
        goto bad;
    }
    if (i < n->len && s[i] == '.') {
        i++;
        for (d = 0; i < n->len && s[i] >= '0' && s[i] <= '9'; i++) {
            d++;
        }
        if (d == 0) {
            goto bad;
        }
    }
    if (i < n->len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n->len && (s[i] == '+' || s[i] == '-')) {
            i++;
        }
        for (d = 0; i < n->len && s[i] >= '0' && s[i] <= '9'; i++) {
            d++;
        }
        if (d == 0) {
            goto bad;
        }
    }
    if (i != n->len) {
        goto bad;
    }
    memcpy(tmp, s, n->len);
    tmp[n->len] = '\0';
    /* The syntax is checked above and the locale is always "C" (setlocale is banned). */
    v = strtod(tmp, &end);
    if (end != tmp + n->len || !isfinite(v)) {
        goto bad;
    }
    *out = v;
    return ODP_OK;
bad:
    return fail(c, ODP_ESCHEMA, n->line, n->col, "'%s': expected a finite decimal number", what);
}

static int
want_bool(struct ctx *c, const struct ynode *n, const char *what, int *out)
{
    if (n->kind == Y_SCALAR && n->plain && strcmp(n->s, "true") == 0) {
        *out = 1;
        return ODP_OK;
    }
    if (n->kind == Y_SCALAR && n->plain && strcmp(n->s, "false") == 0) {
        *out = 0;
        return ODP_OK;
    }
    return fail(c, ODP_ESCHEMA, n->line, n->col, "'%s': expected true or false", what);
}

/* Index of the scalar in names[0..count) (NULL entries skipped), or -1. */
static int
word_index(const struct ynode *n, const char *const *names, int count)
{
    int i;

    if (n->kind != Y_SCALAR) {
        return -1;
    }
    for (i = 0; i < count; i++) {
        if (names[i] != NULL && strcmp(names[i], n->s) == 0) {
            return i;
        }
    }
    return -1;
}

static int
push_str(struct ctx *c, char ***v, size_t *n, char *s)
{
    char **nv = realloc(*v, (*n + 1) * sizeof(*nv));

    if (nv == NULL) {
        free(s);
        return oom(c);
    }
    nv[(*n)++] = s;
    *v = nv;
    return ODP_OK;
}

/* A list of distinct strings (appended to *v). `single` also accepts one scalar. */
static int
want_strv(struct ctx *c, const struct ynode *n, const char *what, int single, char ***v,
          size_t *nv)
{
    size_t i, j;
    int rc;

    if (single && n->kind == Y_SCALAR && !is_null(n)) {
        char *s = NULL;

        rc = want_str(c, n, what, &s);
        return rc < 0 ? rc : push_str(c, v, nv, s);
    }
    rc = want_seq(c, n, what);
    for (i = 0; rc == ODP_OK && i < n->n; i++) {
        char *s = NULL;

        rc = want_str(c, n->kids[i], what, &s);
        if (rc < 0) {
            return rc;
        }
        /* Earlier items passed want_str, so they are scalars. */
        for (j = 0; j < i; j++) {
            if (strcmp(n->kids[j]->s, s) == 0) {
                free(s);
                return fail(c, ODP_ESCHEMA, n->kids[i]->line, n->kids[i]->col,
                            "'%s': an entry is listed twice (first at line %llu, column %llu)",
                            what, (unsigned long long)n->kids[j]->line,
                            (unsigned long long)n->kids[j]->col);
            }
        }
        rc = push_str(c, v, nv, s);
    }
    return rc;
}

static int
unknown_key(struct ctx *c, const struct ynode *k, const char *where, const char *allowed)
{
    return fail(c, ODP_ESCHEMA, k->line, k->col, "unknown key '%.64s'%s%s (allowed: %s)", k->s,
                where[0] ? " in " : "", where, allowed);
}

/* Letters, digits, '_' and '-', 1..64 bytes: names of keys. */
static int
is_ident(const char *s)
{
    size_t i, n = strlen(s);

    if (n == 0 || n > 64) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        char ch = s[i];

        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              ch == '_' || ch == '-')) {
            return 0;
        }
    }
    return 1;
}

/* ------------------------------------------------------------------------------------ */
/* One file's content */

enum {
    SET_NAME = 1u << 0,
    SET_DEFAULT = 1u << 1,
    SET_K = 1u << 2,
    SET_VIOL = 1u << 3,
    SET_SC_THRESH = 1u << 4,
    SET_SC_COMP = 1u << 5,
    SET_SC_MARKER = 1u << 6,
    SET_QI = 1u << 7,
};

/* A policy as one file (or a merge of files) gives it; `set` says which scalars it sets. */
struct layer {
    struct odp_policy p;
    unsigned set;
};

struct ext {
    char *name;
    uint64_t line, col;
};

static void
colrule_release(struct odp_colrule *r)
{
    size_t i;

    free(r->name);
    free(r->type);
    free(r->description);
    free(r->replacement);
    free(r->mask_char);
    free(r->key);
    free(r->domain);
    free(r->bands);
    free(r->by);
    for (i = 0; i < r->npatterns; i++) {
        free(r->patterns[i].regex);
        free(r->patterns[i].replace);
    }
    free(r->patterns);
    memset(r, 0, sizeof(*r));
}

static void
strv_free(char **v, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        free(v[i]);
    }
    free(v);
}

static void
cond_release(struct odp_cond *d)
{
    free(d->column);
    strv_free(d->values, d->nvalues);
    memset(d, 0, sizeof(*d));
}

static void
cat_release(struct odp_baseline_cat *b)
{
    free(b->category);
    strv_free(b->patterns, b->npatterns);
    strv_free(b->except, b->nexcept);
    free(b->note);
    memset(b, 0, sizeof(*b));
}

/* Frees everything a policy holds except files[] and path (see odp_policy_free). */
static void
policy_release(struct odp_policy *p)
{
    size_t i;
    struct odp_dataset_meta *m = &p->dataset;

    free(p->name);
    free(m->title);
    free(m->description);
    free(m->agency);
    free(m->category);
    free(m->update_frequency);
    free(m->license);
    free(m->contact);
    strv_free(m->tags, m->ntags);
    for (i = 0; i < p->nkeys; i++) {
        free(p->keys[i].name);
        free(p->keys[i].spec);
    }
    free(p->keys);
    for (i = 0; i < p->ncols; i++) {
        colrule_release(&p->cols[i]);
    }
    free(p->cols);
    for (i = 0; i < p->ndrop_when; i++) {
        cond_release(&p->drop_when[i]);
    }
    free(p->drop_when);
    strv_free(p->qi, p->nqi);
    strv_free(p->sc_columns, p->nsc_columns);
    strv_free(p->sc_by, p->nsc_by);
    free(p->sc_marker);
    for (i = 0; i < p->ncats; i++) {
        cat_release(&p->cats[i]);
    }
    free(p->cats);
}

static int
parse_dataset(struct ctx *c, const struct ynode *n, struct odp_dataset_meta *m)
{
    size_t i;
    int rc = want_map(c, n, "dataset");

    for (i = 0; rc == ODP_OK && i < n->n; i += 2) {
        const struct ynode *k = n->kids[i], *v = n->kids[i + 1];
        char **dst = NULL;

        if (strcmp(k->s, "title") == 0) {
            dst = &m->title;
        } else if (strcmp(k->s, "description") == 0) {
            dst = &m->description;
        } else if (strcmp(k->s, "agency") == 0) {
            dst = &m->agency;
        } else if (strcmp(k->s, "category") == 0) {
            dst = &m->category;
        } else if (strcmp(k->s, "update_frequency") == 0) {
            dst = &m->update_frequency;
        } else if (strcmp(k->s, "license") == 0) {
            dst = &m->license;
        } else if (strcmp(k->s, "contact") == 0) {
            dst = &m->contact;
        } else if (strcmp(k->s, "tags") == 0) {
            rc = want_strv(c, v, "tags", 0, &m->tags, &m->ntags);
            continue;
        } else {
            return unknown_key(c, k, "dataset",
                               "title, description, agency, category, tags, update_frequency, "
                               "license, contact");
        }
        rc = want_str(c, v, k->s, dst);
    }
    return rc;
}

static int
parse_keys(struct ctx *c, const struct ynode *n, struct odp_policy *p)
{
    size_t i;
    int rc = want_map(c, n, "keys");

    for (i = 0; rc == ODP_OK && i < n->n; i += 2) {
        const struct ynode *k = n->kids[i], *v = n->kids[i + 1];
        struct odp_keyspec *ks, *nk;
        const char *s;
        int ok = 0;

        if (!is_ident(k->s)) {
            return fail(c, ODP_ESCHEMA, k->line, k->col,
                        "key name must be 1 to 64 letters, digits, '_' or '-'");
        }
        nk = realloc(p->keys, (p->nkeys + 1) * sizeof(*nk));
        if (nk == NULL) {
            return oom(c);
        }
        p->keys = nk;
        ks = &p->keys[p->nkeys++];
        memset(ks, 0, sizeof(*ks));
        ks->path = c->path;
        ks->line = k->line;
        ks->col = k->col;
        ks->name = strdup(k->s);
        if (ks->name == NULL) {
            return oom(c);
        }
        rc = want_str(c, v, k->s, &ks->spec);
        if (rc < 0) {
            return rc;
        }
        s = ks->spec;
        if (strncmp(s, "env:", 4) == 0) {
            size_t j;

            ok = s[4] != '\0' && !(s[4] >= '0' && s[4] <= '9') && strlen(s + 4) <= 128;
            for (j = 4; ok && s[j] != '\0'; j++) {
                ok = (s[j] >= 'A' && s[j] <= 'Z') || (s[j] >= 'a' && s[j] <= 'z') ||
                     (s[j] >= '0' && s[j] <= '9') || s[j] == '_';
            }
        } else if (strncmp(s, "file:", 5) == 0) {
            ok = s[5] != '\0';
        } else if (strncmp(s, "keyid:", 6) == 0) {
            size_t j, hl = strlen(s + 6);

            ok = strcmp(s + 6, "unresolved") == 0 || (hl >= 1 && hl <= 64);
            for (j = 6; ok && strcmp(s + 6, "unresolved") != 0 && s[j] != '\0'; j++) {
                ok = (s[j] >= '0' && s[j] <= '9') || (s[j] >= 'a' && s[j] <= 'f');
            }
        }
        if (!ok) {
            /* Never quote the value: a key pasted here by mistake must not be printed. */
            return fail(c, ODP_ESCHEMA, v->line, v->col,
                        "key '%.64s': expected env:NAME (an environment variable) or "
                        "file:PATH (a key file)",
                        k->s);
        }
    }
    return rc;
}

static int
parse_date_fmt(struct ctx *c, const struct ynode *v, enum odp_date_fmt *out)
{
    int i = word_index(v, fmt_names, ODP_DFMT_ISO + 1);

    if (i < 0) {
        return fail(c, ODP_ESCHEMA, v->line, v->col,
                    "'format': unknown date format (valid: auto, \"MM/DD/YYYY hh:mm:ss AM\", "
                    "\"MM/DD/YYYY\", iso)");
    }
    *out = (enum odp_date_fmt)i;
    return ODP_OK;
}

static int
parse_scrub_patterns(struct ctx *c, const struct ynode *n, struct odp_colrule *r)
{
    size_t i, j;
    int rc = want_seq(c, n, "patterns");

    if (rc == ODP_OK && n->n > 256) {
        return fail(c, ODP_ELIMIT, n->line, n->col, "'patterns': more than 256 patterns");
    }
    if (rc == ODP_OK && n->n > 0) {
        r->patterns = calloc(n->n, sizeof(*r->patterns));
        if (r->patterns == NULL) {
            return oom(c);
        }
    }
    for (i = 0; rc == ODP_OK && i < n->n; i++) {
        const struct ynode *item = n->kids[i];
        struct odp_scrub_pattern *sp = &r->patterns[r->npatterns++];

        rc = want_map(c, item, "patterns");
        for (j = 0; rc == ODP_OK && j < item->n; j += 2) {
            const struct ynode *k = item->kids[j], *v = item->kids[j + 1];

            if (strcmp(k->s, "regex") == 0) {
                rc = want_str(c, v, "regex", &sp->regex);
                if (rc == ODP_OK && sp->regex[0] == '\0') {
                    rc = fail(c, ODP_ESCHEMA, v->line, v->col, "'regex': must not be empty");
                }
                sp->line = v->line;
                sp->col = v->col;
            } else if (strcmp(k->s, "replace") == 0) {
                rc = want_str(c, v, "replace", &sp->replace);
            } else {
                rc = unknown_key(c, k, "patterns", "regex, replace");
            }
        }
        if (rc == ODP_OK && sp->regex == NULL) {
            rc = fail(c, ODP_ESCHEMA, item->line, item->col,
                      "scrub pattern: missing parameter 'regex'");
        }
        if (rc == ODP_OK && sp->replace == NULL) {
            sp->replace = strdup("[REDACTED]");
            if (sp->replace == NULL) {
                rc = oom(c);
            }
        }
    }
    return rc;
}

static int
parse_detect(struct ctx *c, const struct ynode *n, struct odp_colrule *r)
{
    size_t i;
    char wbuf[40];
    int rc = want_seq(c, n, "detect");

    for (i = 0; rc == ODP_OK && i < n->n; i++) {
        const struct ynode *v = n->kids[i];
        int d = -1;

        if (v->kind == Y_SCALAR) {
            d = odp_detector_from_name(v->s, v->len);
        }
        if (d < 0 || d >= ODP_DET__COUNT) {
            return fail(c, ODP_ESCHEMA, v->line, v->col,
                        "'detect': unknown detector%s (valid: email, phone, ssn, credit_card, "
                        "ip, date, address, person_name, bbl, license)",
                        shown(v, wbuf, sizeof(wbuf)));
        }
        if (r->detect_mask & (1u << d)) {
            return fail(c, ODP_ESCHEMA, v->line, v->col, "'detect': detector '%s' listed twice",
                        odp_detector_name((enum odp_detector)d));
        }
        if (r->ndetect >= sizeof(r->detect_order)) {
            return fail(c, ODP_ELIMIT, v->line, v->col, "'detect': too many detectors");
        }
        r->detect_mask |= 1u << d;
        r->detect_order[r->ndetect++] = (uint8_t)d;
    }
    return rc;
}

static int
set_default_str(struct ctx *c, char **dst, const char *s)
{
    if (*dst != NULL) {
        return ODP_OK;
    }
    *dst = strdup(s);
    return *dst == NULL ? oom(c) : ODP_OK;
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

/* Generalize: which kind of value it coarsens follows from its parameters. */
static int
finish_generalize(struct ctx *c, const struct ynode *key, struct odp_colrule *r,
                  const struct ynode *to, const struct ynode *fmt, const struct ynode *digits,
                  const struct ynode *bands, const struct ynode *width, const struct ynode *top,
                  const struct ynode *bottom)
{
    int kinds = (to != NULL) + (digits != NULL) + (bands != NULL || width != NULL);
    size_t i;
    char wbuf[40];
    int rc = ODP_OK;

    if (kinds == 0) {
        return fail(c, ODP_ESCHEMA, key->line, key->col,
                    "column '%.64s': generalize needs a parameter: to (a date unit or block), "
                    "digits (ZIP), bands or width (numbers)",
                    key->s);
    }
    if (kinds > 1) {
        return fail(c, ODP_ESCHEMA, key->line, key->col,
                    "column '%.64s': generalize takes only one of: to, digits, bands/width",
                    key->s);
    }
    if (bands != NULL && width != NULL) {
        return fail(c, ODP_ESCHEMA, width->line, width->col,
                    "column '%.64s': use either bands or width, not both", key->s);
    }
    if (to != NULL) {
        int u = word_index(to, unit_names, ODP_DATE_WEEK + 1);

        if (to->kind == Y_SCALAR && strcmp(to->s, "block") == 0) {
            r->gen = ODP_GEN_BLOCK;
        } else if (u > 0) {
            r->gen = ODP_GEN_DATE;
            r->date_unit = (enum odp_date_unit)u;
        } else {
            return fail(c, ODP_ESCHEMA, to->line, to->col,
                        "'to': unknown unit%s (valid: year, month, week, day, hour for dates; "
                        "block for street addresses)",
                        shown(to, wbuf, sizeof(wbuf)));
        }
    } else if (digits != NULL) {
        r->gen = ODP_GEN_ZIP;
        rc = want_u32(c, digits, "digits", 1, 5, &r->digits);
    } else {
        r->gen = ODP_GEN_NUMBER;
        if (width != NULL) {
            rc = want_double(c, width, "width", &r->width);
            if (rc == ODP_OK && !(r->width > 0)) {
                return fail(c, ODP_ESCHEMA, width->line, width->col,
                            "'width': must be greater than 0");
            }
        } else {
            rc = want_seq(c, bands, "bands");
            if (rc == ODP_OK && (bands->n == 0 || bands->n > 1000)) {
                return fail(c, ODP_ESCHEMA, bands->line, bands->col,
                            "'bands': expected 1 to 1000 band edges");
            }
            if (rc == ODP_OK) {
                r->bands = calloc(bands->n, sizeof(*r->bands));
                if (r->bands == NULL) {
                    return oom(c);
                }
            }
            for (i = 0; rc == ODP_OK && i < bands->n; i++) {
                rc = want_double(c, bands->kids[i], "bands", &r->bands[i]);
                r->nbands = i + 1;
                if (rc == ODP_OK && i > 0 && !(r->bands[i] > r->bands[i - 1])) {
                    return fail(c, ODP_ESCHEMA, bands->kids[i]->line, bands->kids[i]->col,
                                "'bands': edges must be in strictly ascending order");
                }
            }
        }
        if (rc == ODP_OK && top != NULL) {
            rc = want_double(c, top, "top", &r->top);
            r->has_top = 1;
        }
        if (rc == ODP_OK && bottom != NULL) {
            rc = want_double(c, bottom, "bottom", &r->bottom);
            r->has_bottom = 1;
        }
        if (rc == ODP_OK && r->has_top && r->has_bottom && !(r->bottom < r->top)) {
            return fail(c, ODP_ESCHEMA, bottom->line, bottom->col,
                        "'bottom': must be less than 'top'");
        }
    }
    if (rc == ODP_OK && fmt != NULL) {
        if (r->gen != ODP_GEN_DATE) {
            return fail(c, ODP_ESCHEMA, fmt->line, fmt->col,
                        "'format' applies only to dates (to: year, month, week, day or hour)");
        }
        rc = parse_date_fmt(c, fmt, &r->date_fmt);
    }
    if (rc == ODP_OK && (top != NULL || bottom != NULL) && r->gen != ODP_GEN_NUMBER) {
        const struct ynode *t = top != NULL ? top : bottom;

        return fail(c, ODP_ESCHEMA, t->line, t->col,
                    "'top' and 'bottom' apply only to numbers (bands or width)");
    }
    return rc;
}

static int
parse_rule(struct ctx *c, const struct ynode *key, const struct ynode *val, struct odp_colrule *r)
{
    const struct ynode *act = NULL, *to = NULL, *fmt = NULL, *digits = NULL, *bands = NULL;
    const struct ynode *width = NULL, *top = NULL, *bottom = NULL, *by = NULL, *dec = NULL;
    const struct ynode *detect = NULL, *pats = NULL;
    size_t i;
    int a, rc;
    char allowed[160], wbuf[40];

    r->path = c->path;
    r->line = key->line;
    r->col = key->col;
    r->name = strdup(key->s);
    if (r->name == NULL) {
        return oom(c);
    }
    if (key->len == 0) {
        return fail(c, ODP_ESCHEMA, key->line, key->col, "a column name must not be empty");
    }
    if (val->kind != Y_MAP) {
        return fail(c, ODP_ESCHEMA, val->line, val->col,
                    "column '%.64s': expected a mapping such as {action: keep}", key->s);
    }
    rc = want_map(c, val, key->s);
    if (rc < 0) {
        return rc;
    }
    for (i = 0; i < val->n; i += 2) {
        if (strcmp(val->kids[i]->s, "action") == 0) {
            act = val->kids[i + 1];
        }
    }
    if (act == NULL) {
        return fail(c, ODP_ESCHEMA, key->line, key->col,
                    "column '%.64s': missing parameter 'action' (one of: " ACTION_LIST ")", key->s);
    }
    a = word_index(act, action_names, ODP_ACT__COUNT);
    if (a < 0) {
        return fail(c, ODP_ESCHEMA, act->line, act->col,
                    "column '%.64s': unknown action%s (valid: " ACTION_LIST ")", key->s,
                    shown(act, wbuf, sizeof(wbuf)));
    }
    r->action = (enum odp_action)a;
    for (i = 0; i < val->n; i += 2) {
        const struct ynode *k = val->kids[i], *v = val->kids[i + 1];

        rc = ODP_OK;
        if (strcmp(k->s, "action") == 0) {
            continue;
        }
        if (strcmp(k->s, "type") == 0) {
            if (word_index(v, type_names, (int)(sizeof(type_names) / sizeof(type_names[0]))) < 0) {
                return fail(c, ODP_ESCHEMA, v->line, v->col,
                            "column '%.64s': unknown type%s (valid: " TYPE_LIST ")", key->s,
                            shown(v, wbuf, sizeof(wbuf)));
            }
            rc = want_str(c, v, "type", &r->type);
        } else if (strcmp(k->s, "description") == 0) {
            rc = want_str(c, v, "description", &r->description);
        } else if (!in_list(k->s, action_params[a])) {
            snprintf(allowed, sizeof(allowed), "action, type, description%s%s",
                     action_params[a][0] ? ", " : "", action_params[a]);
            return fail(c, ODP_ESCHEMA, k->line, k->col,
                        "column '%.64s': unknown key '%.64s' for action %s (allowed: %s)", key->s,
                        k->s, action_names[a], allowed);
        } else if (strcmp(k->s, "replacement") == 0) {
            rc = want_str(c, v, "replacement", &r->replacement);
        } else if (strcmp(k->s, "keep_first") == 0) {
            rc = want_u32(c, v, "keep_first", 0, 1024, &r->keep_first);
        } else if (strcmp(k->s, "keep_last") == 0) {
            rc = want_u32(c, v, "keep_last", 0, 1024, &r->keep_last);
        } else if (strcmp(k->s, "char") == 0) {
            rc = want_str(c, v, "char", &r->mask_char);
            if (rc == ODP_OK && !is_one_char(r->mask_char)) {
                return fail(c, ODP_ESCHEMA, v->line, v->col,
                            "'char': expected exactly one printable character");
            }
        } else if (strcmp(k->s, "key") == 0) {
            rc = want_str(c, v, "key", &r->key);
            if (rc == ODP_OK && !is_ident(r->key)) {
                return fail(c, ODP_ESCHEMA, v->line, v->col,
                            "'key': expected the name of an entry of keys: (1 to 64 letters, "
                            "digits, '_' or '-')");
            }
        } else if (strcmp(k->s, "domain") == 0) {
            rc = want_str(c, v, "domain", &r->domain);
        } else if (strcmp(k->s, "length") == 0) {
            rc = want_u32(c, v, "length", 1, 64, &r->length);
        } else if (strcmp(k->s, "to") == 0) {
            to = v;
        } else if (strcmp(k->s, "format") == 0) {
            fmt = v;
        } else if (strcmp(k->s, "digits") == 0) {
            digits = v;
        } else if (strcmp(k->s, "bands") == 0) {
            bands = v;
        } else if (strcmp(k->s, "width") == 0) {
            width = v;
        } else if (strcmp(k->s, "top") == 0) {
            top = v;
        } else if (strcmp(k->s, "bottom") == 0) {
            bottom = v;
        } else if (strcmp(k->s, "decimals") == 0) {
            dec = v;
            rc = want_u32(c, v, "decimals", 0, 15, &r->decimals);
        } else if (strcmp(k->s, "by") == 0) {
            by = v;
            rc = want_str(c, v, "by", &r->by);
        } else if (strcmp(k->s, "max_days") == 0) {
            rc = want_u32(c, v, "max_days", 1, 3650, &r->max_days);
        } else if (strcmp(k->s, "detect") == 0) {
            detect = v;
            rc = parse_detect(c, v, r);
        } else if (strcmp(k->s, "patterns") == 0) {
            pats = v;
            rc = parse_scrub_patterns(c, v, r);
        }
        if (rc < 0) {
            return rc;
        }
    }
    /* Defaults and required parameters, per action. */
    switch (r->action) {
    case ODP_ACT_REDACT:
        return set_default_str(c, &r->replacement, "REDACTED");
    case ODP_ACT_MASK:
        return set_default_str(c, &r->mask_char, "*");
    case ODP_ACT_PSEUDONYMIZE:
        if (r->length == 0) {
            r->length = 16;
        }
        return set_default_str(c, &r->key, "pseudonym");
    case ODP_ACT_GENERALIZE:
        return finish_generalize(c, key, r, to, fmt, digits, bands, width, top, bottom);
    case ODP_ACT_ROUND:
        if (dec == NULL) {
            return fail(c, ODP_ESCHEMA, key->line, key->col,
                        "column '%.64s': round needs parameter 'decimals' (0 to 15)", key->s);
        }
        return ODP_OK;
    case ODP_ACT_DATE_SHIFT:
        if (by == NULL) {
            return fail(c, ODP_ESCHEMA, key->line, key->col,
                        "column '%.64s': date_shift needs parameter 'by' (the column whose value "
                        "keys the shift)",
                        key->s);
        }
        if (r->max_days == 0) {
            r->max_days = 30;
        }
        if (fmt != NULL) {
            rc = parse_date_fmt(c, fmt, &r->date_fmt);
            if (rc < 0) {
                return rc;
            }
        }
        return set_default_str(c, &r->key, "pseudonym");
    case ODP_ACT_SCRUB:
        if ((detect == NULL || r->ndetect == 0) && (pats == NULL || r->npatterns == 0)) {
            return fail(c, ODP_ESCHEMA, key->line, key->col,
                        "column '%.64s': scrub needs 'detect' (detector names) or 'patterns' "
                        "({regex, replace} entries)",
                        key->s);
        }
        return ODP_OK;
    default:
        return ODP_OK;
    }
}

static int
parse_columns(struct ctx *c, const struct ynode *n, struct odp_policy *p)
{
    size_t i;
    int rc = want_map_x(c, n, "columns", 1);

    if (rc == ODP_OK && n->n > 0) {
        p->cols = calloc(n->n / 2, sizeof(*p->cols));
        if (p->cols == NULL) {
            return oom(c);
        }
    }
    for (i = 0; rc == ODP_OK && i < n->n; i += 2) {
        rc = parse_rule(c, n->kids[i], n->kids[i + 1], &p->cols[p->ncols++]);
    }
    return rc;
}

static int
parse_drop_when(struct ctx *c, const struct ynode *n, struct odp_policy *p)
{
    size_t i, j;
    int rc = want_seq(c, n, "drop_when");

    if (rc == ODP_OK && n->n > 0) {
        p->drop_when = calloc(n->n, sizeof(*p->drop_when));
        if (p->drop_when == NULL) {
            return oom(c);
        }
    }
    for (i = 0; rc == ODP_OK && i < n->n; i++) {
        const struct ynode *item = n->kids[i];
        struct odp_cond *d = &p->drop_when[p->ndrop_when++];
        const struct ynode *opn = NULL;

        d->path = c->path;
        d->line = item->line;
        d->col = item->col;
        rc = want_map(c, item, "drop_when");
        for (j = 0; rc == ODP_OK && j < item->n; j += 2) {
            const struct ynode *k = item->kids[j], *v = item->kids[j + 1];
            enum odp_cond_op op = 0;

            if (strcmp(k->s, "column") == 0) {
                rc = want_str(c, v, "column", &d->column);
                continue;
            }
            if (strcmp(k->s, "in") == 0) {
                op = ODP_COND_IN;
            } else if (strcmp(k->s, "equals") == 0) {
                op = ODP_COND_EQUALS;
            } else if (strcmp(k->s, "matches") == 0) {
                op = ODP_COND_MATCHES;
            } else {
                return fail(c, ODP_ESCHEMA, k->line, k->col,
                            "drop_when: unknown operator '%.64s' (valid: in, equals, matches; "
                            "and column)",
                            k->s);
            }
            if (opn != NULL) {
                return fail(c, ODP_ESCHEMA, k->line, k->col,
                            "drop_when: one operator per condition (in, equals or matches)");
            }
            opn = v;
            d->op = op;
            if (op == ODP_COND_IN) {
                rc = want_strv(c, v, "in", 0, &d->values, &d->nvalues);
                if (rc == ODP_OK && d->nvalues == 0) {
                    return fail(c, ODP_ESCHEMA, v->line, v->col, "'in': expected at least one value");
                }
            } else {
                char *s = NULL;

                rc = want_str(c, v, k->s, &s);
                if (rc == ODP_OK) {
                    rc = push_str(c, &d->values, &d->nvalues, s);
                }
                if (rc == ODP_OK && op == ODP_COND_MATCHES && s[0] == '\0') {
                    return fail(c, ODP_ESCHEMA, v->line, v->col, "'matches': must not be empty");
                }
            }
        }
        if (rc == ODP_OK && d->column == NULL) {
            return fail(c, ODP_ESCHEMA, item->line, item->col,
                        "drop_when: missing parameter 'column'");
        }
        if (rc == ODP_OK && opn == NULL) {
            return fail(c, ODP_ESCHEMA, item->line, item->col,
                        "drop_when: missing operator (one of: in, equals, matches)");
        }
    }
    return rc;
}

static int
parse_rows(struct ctx *c, const struct ynode *n, struct odp_policy *p)
{
    size_t i;
    int rc = want_map(c, n, "rows");

    for (i = 0; rc == ODP_OK && i < n->n; i += 2) {
        if (strcmp(n->kids[i]->s, "drop_when") == 0) {
            rc = parse_drop_when(c, n->kids[i + 1], p);
        } else {
            rc = unknown_key(c, n->kids[i], "rows", "drop_when");
        }
    }
    return rc;
}

static int
parse_small_cells(struct ctx *c, const struct ynode *n, struct layer *L)
{
    struct odp_policy *p = &L->p;
    size_t i;
    int rc = want_map(c, n, "small_cells");

    for (i = 0; rc == ODP_OK && i < n->n; i += 2) {
        const struct ynode *k = n->kids[i], *v = n->kids[i + 1];

        if (strcmp(k->s, "columns") == 0) {
            rc = want_strv(c, v, "columns", 0, &p->sc_columns, &p->nsc_columns);
        } else if (strcmp(k->s, "threshold") == 0) {
            rc = want_u32(c, v, "threshold", 1, 1000000, &p->sc_threshold);
            L->set |= SET_SC_THRESH;
        } else if (strcmp(k->s, "complementary") == 0) {
            rc = want_bool(c, v, "complementary", &p->sc_complementary);
            L->set |= SET_SC_COMP;
        } else if (strcmp(k->s, "by") == 0) {
            rc = want_strv(c, v, "by", 0, &p->sc_by, &p->nsc_by);
        } else if (strcmp(k->s, "marker") == 0) {
            rc = want_str(c, v, "marker", &p->sc_marker);
            L->set |= SET_SC_MARKER;
        } else {
            rc = unknown_key(c, k, "small_cells", "columns, threshold, complementary, by, marker");
        }
    }
    return rc;
}

static int
parse_privacy(struct ctx *c, const struct ynode *n, struct layer *L)
{
    struct odp_policy *p = &L->p;
    size_t i;
    int rc = want_map(c, n, "privacy");

    for (i = 0; rc == ODP_OK && i < n->n; i += 2) {
        const struct ynode *k = n->kids[i], *v = n->kids[i + 1];

        if (strcmp(k->s, "quasi_identifiers") == 0) {
            rc = want_strv(c, v, "quasi_identifiers", 0, &p->qi, &p->nqi);
            p->qi_line = k->line;
            p->qi_col = k->col;
            L->set |= SET_QI;
        } else if (strcmp(k->s, "k") == 0) {
            rc = want_u32(c, v, "k", 0, 1000000, &p->k);
            L->set |= SET_K;
        } else if (strcmp(k->s, "on_violation") == 0) {
            if (v->kind == Y_SCALAR && strcmp(v->s, "suppress") == 0) {
                p->on_violation = ODP_VIOL_SUPPRESS;
            } else if (v->kind == Y_SCALAR && strcmp(v->s, "fail") == 0) {
                p->on_violation = ODP_VIOL_FAIL;
            } else {
                rc = fail(c, ODP_ESCHEMA, v->line, v->col,
                          "'on_violation': expected suppress or fail");
            }
            L->set |= SET_VIOL;
        } else if (strcmp(k->s, "small_cells") == 0) {
            rc = parse_small_cells(c, v, L);
        } else {
            rc = unknown_key(c, k, "privacy", "quasi_identifiers, k, on_violation, small_cells");
        }
    }
    return rc;
}

/* A list of non-empty glob patterns, stored lowercase. */
static int
want_globs(struct ctx *c, const struct ynode *v, const char *what, char ***out, size_t *nout)
{
    size_t j;
    int rc = want_strv(c, v, what, 0, out, nout);

    for (j = 0; rc == ODP_OK && j < *nout; j++) {
        char *s = (*out)[j];

        if (s[0] == '\0') {
            return fail(c, ODP_ESCHEMA, v->kids[j]->line, v->kids[j]->col,
                        "'%s': a pattern must not be empty", what);
        }
        for (; *s != '\0'; s++) {
            if (*s >= 'A' && *s <= 'Z') {
                *s = (char)(*s - 'A' + 'a');
            }
        }
    }
    return rc;
}

static int
parse_cat(struct ctx *c, const struct ynode *item, struct odp_baseline_cat *b)
{
    const struct ynode *cols = NULL, *allowed = NULL;
    size_t i, j;
    char wbuf[40];
    int rc;

    b->path = c->path;
    b->line = item->line;
    b->col = item->col;
    rc = want_map(c, item, "baseline");
    for (i = 0; rc == ODP_OK && i < item->n; i += 2) {
        const struct ynode *k = item->kids[i], *v = item->kids[i + 1];

        if (strcmp(k->s, "category") == 0) {
            rc = want_str(c, v, "category", &b->category);
        } else if (strcmp(k->s, "columns") == 0) {
            cols = v;
            rc = want_globs(c, v, "columns", &b->patterns, &b->npatterns);
        } else if (strcmp(k->s, "except") == 0) {
            rc = want_globs(c, v, "except", &b->except, &b->nexcept);
        } else if (strcmp(k->s, "allowed") == 0) {
            allowed = v;
            rc = want_seq(c, v, "allowed");
            for (j = 0; rc == ODP_OK && j < v->n; j++) {
                int a = word_index(v->kids[j], action_names, ODP_ACT__COUNT);

                if (a < 0) {
                    return fail(c, ODP_ESCHEMA, v->kids[j]->line, v->kids[j]->col,
                                "'allowed': unknown action%s (valid: " ACTION_LIST ")",
                                shown(v->kids[j], wbuf, sizeof(wbuf)));
                }
                b->allowed |= 1u << a;
            }
        } else if (strcmp(k->s, "min_date_unit") == 0) {
            int u = word_index(v, unit_names, ODP_DATE_WEEK + 1);

            if (u <= 0) {
                return fail(c, ODP_ESCHEMA, v->line, v->col,
                            "'min_date_unit': unknown unit%s (valid: year, month, week, day, "
                            "hour)",
                            shown(v, wbuf, sizeof(wbuf)));
            }
            b->min_date_unit = (enum odp_date_unit)u;
        } else if (strcmp(k->s, "note") == 0) {
            rc = want_str(c, v, "note", &b->note);
        } else {
            rc = unknown_key(c, k, "baseline",
                             "category, columns, except, allowed, min_date_unit, note");
        }
    }
    if (rc == ODP_OK && b->category == NULL) {
        return fail(c, ODP_ESCHEMA, item->line, item->col,
                    "baseline: missing parameter 'category'");
    }
    if (rc == ODP_OK && (cols == NULL || b->npatterns == 0)) {
        return fail(c, ODP_ESCHEMA, item->line, item->col,
                    "baseline: missing parameter 'columns' (a list of column-name patterns)");
    }
    if (rc == ODP_OK && (allowed == NULL || b->allowed == 0)) {
        return fail(c, ODP_ESCHEMA, item->line, item->col,
                    "baseline: missing parameter 'allowed' (a list of action names)");
    }
    return rc;
}

static int
parse_baseline(struct ctx *c, const struct ynode *n, struct odp_policy *p)
{
    size_t i;
    int rc = want_seq(c, n, "baseline");

    if (rc == ODP_OK && n->n > 0) {
        p->cats = calloc(n->n, sizeof(*p->cats));
        if (p->cats == NULL) {
            return oom(c);
        }
    }
    for (i = 0; rc == ODP_OK && i < n->n; i++) {
        rc = parse_cat(c, n->kids[i], &p->cats[p->ncats++]);
    }
    return rc;
}

static int
is_slug(const char *s)
{
    size_t i, n = strlen(s);

    if (n == 0 || n > 100) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-')) {
            return 0;
        }
    }
    return 1;
}

static int
parse_top(struct ctx *c, const struct ynode *root, struct layer *L, struct ext **exts,
          size_t *nexts)
{
    struct odp_policy *p = &L->p;
    const struct ynode *ver = NULL;
    size_t i;
    int rc;

    if (root->kind != Y_MAP) {
        return fail(c, ODP_ESCHEMA, root->line, root->col,
                    "a policy must be a YAML mapping (odpub: 1, columns: ...)");
    }
    rc = want_map(c, root, "policy");
    for (i = 0; rc == ODP_OK && i < root->n; i += 2) {
        const struct ynode *k = root->kids[i], *v = root->kids[i + 1];

        if (strcmp(k->s, "odpub") == 0) {
            uint32_t version = 0;

            ver = v;
            if (v->kind != Y_SCALAR || !v->plain ||
                parse_u32(v->s, v->len, 1, 1, &version) != 1) {
                return fail(c, ODP_ESCHEMA, v->line, v->col,
                            "unsupported policy format version (expected odpub: 1)");
            }
            p->version = 1;
        } else if (strcmp(k->s, "name") == 0) {
            rc = want_str(c, v, "name", &p->name);
            if (rc == ODP_OK && !is_slug(p->name)) {
                return fail(c, ODP_ESCHEMA, v->line, v->col,
                            "'name': expected a slug of 1 to 100 characters a-z, 0-9 and '-'");
            }
            L->set |= SET_NAME;
        } else if (strcmp(k->s, "extends") == 0) {
            char **names = NULL;
            size_t nn = 0, j;

            rc = want_strv(c, v, "extends", 1, &names, &nn);
            if (rc == ODP_OK && nn > 0) {
                *exts = calloc(nn, sizeof(**exts));
                if (*exts == NULL) {
                    rc = oom(c);
                }
            }
            for (j = 0; j < nn; j++) {
                if (rc == ODP_OK) {
                    const struct ynode *e = v->kind == Y_SEQ ? v->kids[j] : v;

                    (*exts)[j].name = names[j];
                    (*exts)[j].line = e->line;
                    (*exts)[j].col = e->col;
                    (*nexts)++;
                } else {
                    free(names[j]);
                }
            }
            free(names);
        } else if (strcmp(k->s, "dataset") == 0) {
            rc = parse_dataset(c, v, &p->dataset);
        } else if (strcmp(k->s, "keys") == 0) {
            rc = parse_keys(c, v, p);
        } else if (strcmp(k->s, "default") == 0) {
            if (v->kind == Y_SCALAR && strcmp(v->s, "reject") == 0) {
                p->deflt = ODP_DEFAULT_REJECT;
            } else if (v->kind == Y_SCALAR && strcmp(v->s, "drop") == 0) {
                p->deflt = ODP_DEFAULT_DROP;
            } else {
                return fail(c, ODP_ESCHEMA, v->line, v->col, "'default': expected reject or drop");
            }
            L->set |= SET_DEFAULT;
        } else if (strcmp(k->s, "columns") == 0) {
            rc = parse_columns(c, v, p);
        } else if (strcmp(k->s, "rows") == 0) {
            rc = parse_rows(c, v, p);
        } else if (strcmp(k->s, "privacy") == 0) {
            rc = parse_privacy(c, v, L);
        } else if (strcmp(k->s, "baseline") == 0) {
            rc = parse_baseline(c, v, p);
        } else {
            rc = unknown_key(c, k, "",
                             "odpub, name, extends, dataset, keys, default, columns, rows, "
                             "privacy, baseline");
        }
    }
    if (rc == ODP_OK && ver == NULL) {
        return fail(c, ODP_ESCHEMA, root->line, root->col,
                    "missing 'odpub: 1' (the policy format version)");
    }
    return rc;
}

/* ------------------------------------------------------------------------------------ */
/* Merging: parents first, the child last */

static int
grow(void **arr, size_t n, size_t size)
{
    void *na = realloc(*arr, (n + 1) * size);

    if (na == NULL) {
        return ODP_ENOMEM;
    }
    *arr = na;
    return ODP_OK;
}

/* Moves the strings of src not yet in dst to its end; src keeps what it did not give. */
static int
strv_merge(char ***dst, size_t *nd, char **src, size_t ns)
{
    size_t i, j;

    for (i = 0; i < ns; i++) {
        int dup = 0;

        if (src[i] == NULL) {
            continue;
        }
        for (j = 0; j < *nd && !dup; j++) {
            dup = strcmp((*dst)[j], src[i]) == 0;
        }
        if (dup) {
            continue;
        }
        if (grow((void **)dst, *nd, sizeof(**dst)) < 0) {
            return ODP_ENOMEM;
        }
        (*dst)[(*nd)++] = src[i];
        src[i] = NULL;
    }
    return ODP_OK;
}

static void
move_str(char **dst, char **src)
{
    if (*src != NULL) {
        free(*dst);
        *dst = *src;
        *src = NULL;
    }
}

static int
cond_equal(const struct odp_cond *a, const struct odp_cond *b)
{
    size_t i;

    if (a->op != b->op || strcmp(a->column, b->column) != 0 || a->nvalues != b->nvalues) {
        return 0;
    }
    for (i = 0; i < a->nvalues; i++) {
        if (strcmp(a->values[i], b->values[i]) != 0) {
            return 0;
        }
    }
    return 1;
}

/* Applies src over dst, moving what it uses out of src (which the caller then releases). */
static int
merge_layer(struct layer *dst, struct layer *src)
{
    struct odp_policy *d = &dst->p, *s = &src->p;
    struct odp_dataset_meta *dm = &d->dataset, *sm = &s->dataset;
    size_t i, j;

    if (s->version) {
        d->version = s->version;
    }
    if (src->set & SET_NAME) {
        move_str(&d->name, &s->name);
    }
    move_str(&dm->title, &sm->title);
    move_str(&dm->description, &sm->description);
    move_str(&dm->agency, &sm->agency);
    move_str(&dm->category, &sm->category);
    move_str(&dm->update_frequency, &sm->update_frequency);
    move_str(&dm->license, &sm->license);
    move_str(&dm->contact, &sm->contact);
    if (strv_merge(&dm->tags, &dm->ntags, sm->tags, sm->ntags) < 0) {
        return ODP_ENOMEM;
    }
    for (i = 0; i < s->nkeys; i++) {
        for (j = 0; j < d->nkeys && strcmp(d->keys[j].name, s->keys[i].name) != 0; j++) {
        }
        if (j == d->nkeys) {
            if (grow((void **)&d->keys, d->nkeys, sizeof(*d->keys)) < 0) {
                return ODP_ENOMEM;
            }
            d->nkeys++;
        } else {
            free(d->keys[j].name);
            free(d->keys[j].spec);
        }
        d->keys[j] = s->keys[i];
        memset(&s->keys[i], 0, sizeof(s->keys[i]));
    }
    if (src->set & SET_DEFAULT) {
        d->deflt = s->deflt;
    }
    for (i = 0; i < s->ncols; i++) {
        for (j = 0; j < d->ncols && strcmp(d->cols[j].name, s->cols[i].name) != 0; j++) {
        }
        if (j == d->ncols) {
            if (grow((void **)&d->cols, d->ncols, sizeof(*d->cols)) < 0) {
                return ODP_ENOMEM;
            }
            d->ncols++;
        } else {
            colrule_release(&d->cols[j]);
        }
        d->cols[j] = s->cols[i];
        memset(&s->cols[i], 0, sizeof(s->cols[i]));
    }
    for (i = 0; i < s->ndrop_when; i++) {
        int dup = 0;

        for (j = 0; j < d->ndrop_when && !dup; j++) {
            dup = cond_equal(&d->drop_when[j], &s->drop_when[i]);
        }
        if (dup) {
            continue;
        }
        if (grow((void **)&d->drop_when, d->ndrop_when, sizeof(*d->drop_when)) < 0) {
            return ODP_ENOMEM;
        }
        d->drop_when[d->ndrop_when++] = s->drop_when[i];
        memset(&s->drop_when[i], 0, sizeof(s->drop_when[i]));
    }
    if (strv_merge(&d->qi, &d->nqi, s->qi, s->nqi) < 0) {
        return ODP_ENOMEM;
    }
    if (src->set & SET_QI) {
        d->qi_line = s->qi_line;
        d->qi_col = s->qi_col;
    }
    if ((src->set & SET_K) && s->k > d->k) {
        d->k = s->k;
    }
    if (src->set & SET_VIOL) {
        d->on_violation = s->on_violation;
    }
    if (strv_merge(&d->sc_columns, &d->nsc_columns, s->sc_columns, s->nsc_columns) < 0 ||
        strv_merge(&d->sc_by, &d->nsc_by, s->sc_by, s->nsc_by) < 0) {
        return ODP_ENOMEM;
    }
    if ((src->set & SET_SC_THRESH) && s->sc_threshold > d->sc_threshold) {
        d->sc_threshold = s->sc_threshold;
    }
    if (src->set & SET_SC_COMP) {
        d->sc_complementary = s->sc_complementary;
    }
    if (src->set & SET_SC_MARKER) {
        move_str(&d->sc_marker, &s->sc_marker);
    }
    for (i = 0; i < s->ncats; i++) {
        int dup = 0;

        /* A file reached twice through extends (a diamond) adds its categories once. */
        for (j = 0; j < d->ncats && !dup; j++) {
            dup = d->cats[j].path == s->cats[i].path && d->cats[j].line == s->cats[i].line &&
                  d->cats[j].col == s->cats[i].col;
        }
        if (dup) {
            continue;
        }
        if (grow((void **)&d->cats, d->ncats, sizeof(*d->cats)) < 0) {
            return ODP_ENOMEM;
        }
        d->cats[d->ncats++] = s->cats[i];
        memset(&s->cats[i], 0, sizeof(s->cats[i]));
    }
    dst->set |= src->set;
    return ODP_OK;
}

/* ------------------------------------------------------------------------------------ */
/* Loading files and their extends chain */

struct loader {
    struct odp_policy *out;  /* owns files[] */
    const char *policies_dir;
    struct odp_err *err;
    char *chain_real[ODP_POLICY_MAX_CHAIN];   /* realpath of each file being loaded */
    const char *chain_name[ODP_POLICY_MAX_CHAIN];
    size_t depth;
    size_t loads;
    char **reals;            /* realpath of files[i], so a file reached twice is one entry */
    size_t nreals;
};

/*
 * The stored copy of `path` (rules point at it), added to files[] once per real file:
 * a file reached by two routes (a diamond) keeps the name it was first read under.
 */
static const char *
register_file(struct loader *ld, const char *path, const char *real)
{
    struct odp_policy *p = ld->out;
    size_t i;
    char *s, *r;

    for (i = 0; i < ld->nreals; i++) {
        if (strcmp(ld->reals[i], real) == 0) {
            return p->files[i];
        }
    }
    s = strdup(path);
    r = strdup(real);
    if (s == NULL || r == NULL || grow((void **)&p->files, p->nfiles, sizeof(*p->files)) < 0 ||
        grow((void **)&ld->reals, ld->nreals, sizeof(*ld->reals)) < 0) {
        free(s);
        free(r);
        return NULL;
    }
    p->files[p->nfiles++] = s;
    ld->reals[ld->nreals++] = r;
    return s;
}

static int
is_file(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int
ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

/* dir/NAME.yaml if it is a file: 1 and *out set, 0 if not, < 0 on OOM. */
static int
try_dir(const char *dir, size_t dlen, const char *name, char **out)
{
    size_t nlen = strlen(name);
    char *p = malloc(dlen + nlen + 7);

    if (p == NULL) {
        return ODP_ENOMEM;
    }
    if (dlen == 1 && dir[0] == '.') {
        dlen = 0; /* "NAME.yaml", not "./NAME.yaml": paths in messages stay short */
    } else {
        memcpy(p, dir, dlen);
        p[dlen++] = '/';
    }
    memcpy(p + dlen, name, nlen);
    memcpy(p + dlen + nlen, ".yaml", 6);
    if (is_file(p)) {
        *out = p;
        return 1;
    }
    free(p);
    return 0;
}

int
odp_policy_search(const char *name, const char *beside_dir, const char *policies_dir, char **out)
{
    const char *env = getenv("ODPUB_POLICY_PATH");
    int r = 0;

    *out = NULL;
    if (beside_dir != NULL) {
        r = try_dir(beside_dir, strlen(beside_dir), name, out);
    }
    if (r == 0 && policies_dir != NULL) {
        r = try_dir(policies_dir, strlen(policies_dir), name, out);
    }
    while (r == 0 && env != NULL && *env != '\0') {
        const char *colon = strchr(env, ':');
        size_t n = colon ? (size_t)(colon - env) : strlen(env);

        if (n > 0) {
            r = try_dir(env, n, name, out);
        }
        env = colon ? colon + 1 : NULL;
    }
#ifdef ODP_POLICY_DIR
    if (r == 0) {
        r = try_dir(ODP_POLICY_DIR, strlen(ODP_POLICY_DIR), name, out);
    }
#endif
#ifdef ODP_POLICY_SRCDIR
    if (r == 0) {
        /* an odpub run from its build tree, not installed */
        r = try_dir(ODP_POLICY_SRCDIR, strlen(ODP_POLICY_SRCDIR), name, out);
    }
#endif
    return r;
}

static int
resolve_ext(struct loader *ld, struct ctx *c, const struct ext *e, char **out)
{
    char *dir = odp_dirname(c->path);
    int r;

    *out = NULL;
    if (dir == NULL) {
        return oom(c);
    }
    if (strchr(e->name, '/') == NULL && !ends_with(e->name, ".yaml") &&
        !ends_with(e->name, ".yml")) {
        /* A bare name: NAME.yaml along the search list. */
        if (!is_ident(e->name)) {
            free(dir);
            return fail(c, ODP_ESCHEMA, e->line, e->col,
                        "extends: a policy name is letters, digits, '_' and '-' (or give a path)");
        }
        r = odp_policy_search(e->name, dir, ld->policies_dir, out);
        free(dir);
        if (r < 0) {
            return oom(c);
        }
        if (r == 0) {
            return fail(c, ODP_EIO, e->line, e->col,
                        "extends: policy '%.64s' not found (looked for %.64s.yaml beside this "
                        "file, in the policies directory and in ODPUB_POLICY_PATH)",
                        e->name, e->name);
        }
        return ODP_OK;
    }
    if (e->name[0] == '/' || strcmp(dir, ".") == 0) {
        *out = strdup(e->name);
    } else {
        *out = odp_path_join(dir, e->name);
    }
    free(dir);
    if (*out == NULL) {
        return oom(c);
    }
    if (!is_file(*out)) {
        free(*out);
        *out = NULL;
        return fail(c, ODP_EIO, e->line, e->col, "extends: policy file '%.200s' not found",
                    e->name);
    }
    return ODP_OK;
}

static int
cycle_error(struct loader *ld, const struct odp_loc *from, size_t first, const char *again)
{
    char chain[400];
    size_t i, n = 0;

    chain[0] = '\0';
    for (i = first; i < ld->depth && n < sizeof(chain); i++) {
        n += (size_t)snprintf(chain + n, sizeof(chain) - n, "%s -> ",
                              odp_basename(ld->chain_name[i]));
    }
    if (n < sizeof(chain)) {
        snprintf(chain + n, sizeof(chain) - n, "%s", odp_basename(again));
    }
    return odp_errf(ld->err, ODP_ESCHEMA, from, "extends cycle: %s", chain);
}

static int
load_layer(struct loader *ld, const char *path, const struct odp_loc *from, struct layer *out)
{
    struct ctx c;
    struct layer own, acc;
    struct ext *exts = NULL;
    size_t nexts = 0, i;
    struct ynode *root = NULL;
    char *buf = NULL, *real = NULL;
    size_t len = 0;
    int rc, pushed = 0;

    memset(&own, 0, sizeof(own));
    memset(&acc, 0, sizeof(acc));
    memset(out, 0, sizeof(*out));
    c.err = ld->err;
    if (++ld->loads > ODP_POLICY_MAX_FILES) {
        return odp_errf(ld->err, ODP_ELIMIT, from, "extends: more than %u policy files",
                        ODP_POLICY_MAX_FILES);
    }
    real = realpath(path, NULL);
    if (real == NULL) {
        return odp_err_sys(ld->err, path, "cannot open policy");
    }
    c.path = register_file(ld, path, real);
    if (c.path == NULL) {
        rc = odp_errf(ld->err, ODP_ENOMEM, NULL, "out of memory");
        goto out;
    }
    rc = odp_read_file(path, ODP_POLICY_MAX_BYTES, &buf, &len, ld->err);
    if (rc < 0) {
        goto out;
    }
    for (i = 0; i < ld->depth; i++) {
        if (strcmp(ld->chain_real[i], real) == 0) {
            rc = cycle_error(ld, from, i, c.path);
            goto out;
        }
    }
    if (ld->depth >= ODP_POLICY_MAX_CHAIN) {
        rc = odp_errf(ld->err, ODP_ELIMIT, from, "extends: chain longer than %u files",
                      ODP_POLICY_MAX_CHAIN);
        goto out;
    }
    ld->chain_real[ld->depth] = real;
    ld->chain_name[ld->depth] = c.path;
    ld->depth++;
    pushed = 1;

    rc = parse_yaml(&c, buf, len, &root);
    if (rc < 0) {
        goto out;
    }
    rc = parse_top(&c, root, &own, &exts, &nexts);
    ynode_free(root);
    root = NULL;
    if (rc < 0) {
        goto out;
    }
    for (i = 0; i < nexts; i++) {
        struct odp_loc eloc = {c.path, exts[i].line, exts[i].col};
        struct layer par;
        char *ppath = NULL;

        rc = resolve_ext(ld, &c, &exts[i], &ppath);
        if (rc < 0) {
            goto out;
        }
        rc = load_layer(ld, ppath, &eloc, &par);
        free(ppath);
        if (rc == ODP_OK) {
            rc = merge_layer(&acc, &par);
            if (rc < 0) {
                odp_errf(ld->err, ODP_ENOMEM, NULL, "out of memory");
            }
        }
        policy_release(&par.p);
        if (rc < 0) {
            goto out;
        }
    }
    rc = merge_layer(&acc, &own);
    if (rc < 0) {
        odp_errf(ld->err, ODP_ENOMEM, NULL, "out of memory");
        goto out;
    }
    *out = acc;
    memset(&acc, 0, sizeof(acc));
out:
    if (pushed) {
        ld->depth--;
    }
    for (i = 0; i < nexts; i++) {
        free(exts[i].name);
    }
    free(exts);
    ynode_free(root);
    policy_release(&own.p);
    policy_release(&acc.p);
    free(real);
    free(buf);
    return rc;
}

struct odp_policy *
odp_policy_load(const char *path, const char *policies_dir, struct odp_err *err)
{
    struct loader ld;
    struct layer top;
    struct odp_policy *p;
    char **files;
    size_t nfiles;
    int rc;

    if (path == NULL) {
        odp_errf(err, ODP_EINVAL, NULL, "no policy file given");
        return NULL;
    }
    p = calloc(1, sizeof(*p));
    if (p == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    memset(&ld, 0, sizeof(ld));
    ld.out = p;
    ld.policies_dir = policies_dir;
    ld.err = err;
    rc = load_layer(&ld, path, NULL, &top);
    strv_free(ld.reals, ld.nreals);
    if (rc < 0) {
        odp_policy_free(p);
        return NULL;
    }
    files = p->files;
    nfiles = p->nfiles;
    *p = top.p;
    p->files = files;
    p->nfiles = nfiles;
    p->version = 1;
    p->path = strdup(path);
    if (p->path == NULL) {
        odp_policy_free(p);
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    return p;
}

void
odp_policy_free(struct odp_policy *p)
{
    if (p == NULL) {
        return;
    }
    policy_release(p);
    strv_free(p->files, p->nfiles);
    free(p->path);
    free(p);
}

const struct odp_colrule *
odp_policy_find(const struct odp_policy *p, const char *name, size_t len)
{
    size_t i;

    if (p == NULL || name == NULL) {
        return NULL;
    }
    for (i = 0; i < p->ncols; i++) {
        if (strlen(p->cols[i].name) == len && memcmp(p->cols[i].name, name, len) == 0) {
            return &p->cols[i];
        }
    }
    return NULL;
}
