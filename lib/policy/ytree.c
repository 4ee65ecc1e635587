/*
 * ytree.c - a bounded YAML tree built from libyaml events, and typed access to it.
 *
 * Building the tree is where hostile YAML is stopped: anchors, aliases and explicit tags
 * are rejected outright (so a "billion laughs" file cannot expand), nesting is capped at
 * ODP_POLICY_MAX_DEPTH, the node count and the entries of one mapping or sequence are
 * capped, mapping keys must be scalars and no scalar may hold a NUL byte. Integers are
 * parsed with bounds (no atoi/strtol). Every error names POLICY:LINE:COL (libyaml marks
 * + 1) and quotes key names and allowed words, never a value.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "ytree.h"

int
odp_y_fail(struct odp_yctx *c, int code, uint64_t line, uint64_t col, const char *fmt, ...)
{
    struct odp_loc loc = {c->path, line, col};
    va_list ap;

    va_start(ap, fmt);
    code = odp_verrf(c->err, code, &loc, fmt, ap);
    va_end(ap);
    return code;
}

int
odp_y_oom(struct odp_yctx *c)
{
    return odp_errf(c->err, ODP_ENOMEM, NULL, "out of memory");
}

void
odp_y_free(struct odp_ynode *n)
{
    size_t i;

    if (n == NULL) {
        return;
    }
    for (i = 0; i < n->n; i++) {
        odp_y_free(n->kids[i]);
    }
    free(n->kids);
    free(n->s);
    free(n);
}

static int
odp_y_add(struct odp_yctx *c, struct odp_ynode *parent, struct odp_ynode *kid)
{
    if (parent->n >= (parent->kind == ODP_Y_MAP ? 2u : 1u) * (size_t)ODP_POLICY_MAX_ITEMS) {
        return odp_y_fail(c, ODP_ELIMIT, kid->line, kid->col,
                          "more than %u entries in one mapping or list", ODP_POLICY_MAX_ITEMS);
    }
    if (parent->kind == ODP_Y_MAP && parent->n % 2 == 0 && kid->kind != ODP_Y_SCALAR) {
        return odp_y_fail(c, ODP_ESCHEMA, kid->line, kid->col,
                          "a mapping key must be a plain string");
    }
    if (parent->n == parent->cap) {
        size_t ncap = parent->cap ? parent->cap * 2 : 8;
        struct odp_ynode **nk = realloc(parent->kids, ncap * sizeof(*nk));

        if (nk == NULL) {
            return odp_y_oom(c);
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
syntax_error(struct odp_yctx *c, yaml_parser_t *ps, const char *buf, size_t len)
{
    uint64_t line, col;

    if (ps->error == YAML_MEMORY_ERROR) {
        return odp_y_oom(c);
    }
    if (ps->error == YAML_READER_ERROR) {
        offset_pos(buf, len, ps->problem_offset, &line, &col);
    } else {
        line = (uint64_t)ps->problem_mark.line + 1;
        col = (uint64_t)ps->problem_mark.column + 1;
    }
    if (ps->context != NULL) {
        return odp_y_fail(c, ODP_ESYNTAX, line, col, "YAML syntax error: %s (%s at line %zu)",
                          ps->problem ? ps->problem : "unknown problem", ps->context,
                          ps->context_mark.line + 1);
    }
    return odp_y_fail(c, ODP_ESYNTAX, line, col, "YAML syntax error: %s",
                      ps->problem ? ps->problem : "unknown problem");
}

/*
 * Turns one YAML document into a tree. Rejects aliases, anchors and tags (a policy needs
 * none, and refusing them is what makes alias bombs impossible), caps depth and size.
 */
int
odp_y_parse(struct odp_yctx *c, const char *buf, size_t len, struct odp_ynode **out)
{
    yaml_parser_t ps;
    yaml_event_t ev;
    struct odp_ynode *stack[ODP_POLICY_MAX_DEPTH];
    struct odp_ynode *root = NULL;
    size_t depth = 0, nodes = 0;
    int ndocs = 0, done = 0, rc = ODP_OK;

    *out = NULL;
    if (!yaml_parser_initialize(&ps)) {
        return odp_y_oom(c);
    }
    yaml_parser_set_input_string(&ps, (const unsigned char *)buf, len);
    while (!done && rc == ODP_OK) {
        struct odp_ynode *n = NULL;
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
                rc = odp_y_fail(c, ODP_ESCHEMA, line, col,
                                "a policy file holds one YAML document, found a second one");
            }
            break;
        case YAML_ALIAS_EVENT:
            rc = odp_y_fail(c, ODP_ESCHEMA, line, col,
                            "YAML aliases (*name) are not allowed in a policy");
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
                rc = odp_y_fail(c, ODP_ESCHEMA, line, col,
                                "YAML anchors (&name) are not allowed in a policy");
                break;
            }
            if (tag != NULL) {
                rc = odp_y_fail(c, ODP_ESCHEMA, line, col,
                                "YAML tags (!tag) are not allowed in a policy");
                break;
            }
            if (++nodes > ODP_POLICY_MAX_NODES) {
                rc = odp_y_fail(c, ODP_ELIMIT, line, col,
                                "more than %u YAML nodes in one policy file", ODP_POLICY_MAX_NODES);
                break;
            }
            n = calloc(1, sizeof(*n));
            if (n == NULL) {
                rc = odp_y_oom(c);
                break;
            }
            n->line = line;
            n->col = col;
            if (ev.type == YAML_SCALAR_EVENT) {
                n->kind = ODP_Y_SCALAR;
                n->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
                n->len = ev.data.scalar.length;
                n->s = malloc(n->len + 1);
                if (n->s == NULL) {
                    free(n);
                    rc = odp_y_oom(c);
                    break;
                }
                memcpy(n->s, ev.data.scalar.value, n->len);
                n->s[n->len] = '\0';
                if (memchr(n->s, '\0', n->len) != NULL) {
                    odp_y_free(n);
                    rc = odp_y_fail(c, ODP_ESCHEMA, line, col, "a string holds a NUL character");
                    break;
                }
            } else {
                n->kind = ev.type == YAML_SEQUENCE_START_EVENT ? ODP_Y_SEQ : ODP_Y_MAP;
            }
            if (depth == 0) {
                root = n;
            } else {
                rc = odp_y_add(c, stack[depth - 1], n);
                if (rc < 0) {
                    odp_y_free(n);
                    break;
                }
            }
            if (n->kind != ODP_Y_SCALAR) {
                if (depth >= ODP_POLICY_MAX_DEPTH) {
                    rc = odp_y_fail(c, ODP_ELIMIT, line, col, "YAML nested deeper than %u levels",
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
        odp_y_free(root);
        return rc;
    }
    if (root == NULL) {
        return odp_y_fail(c, ODP_ESCHEMA, 1, 1, "the policy file is empty");
    }
    *out = root;
    return ODP_OK;
}

/* ------------------------------------------------------------------------------------ */
/* Typed access to the tree */

const char *
odp_y_kind_name(const struct odp_ynode *n)
{
    if (n->kind == ODP_Y_MAP) {
        return "a mapping";
    }
    if (n->kind == ODP_Y_SEQ) {
        return "a list";
    }
    return "a scalar";
}

int
odp_y_is_null(const struct odp_ynode *n)
{
    return n->kind == ODP_Y_SCALAR && n->plain &&
           (n->len == 0 || strcmp(n->s, "~") == 0 || strcmp(n->s, "null") == 0 ||
            strcmp(n->s, "Null") == 0 || strcmp(n->s, "NULL") == 0);
}

/* Is `key` one of the words of `list` ("a, b, c")? */
int
odp_y_in_list(const char *key, const char *list)
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
const char *
odp_y_shown(const struct odp_ynode *n, char *buf, size_t size)
{
    size_t i;

    if (n->kind != ODP_Y_SCALAR || n->len == 0 || n->len > 32) {
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

int
odp_y_map_x(struct odp_yctx *c, const struct odp_ynode *n, const char *what, int is_columns)
{
    size_t i, j;

    if (n->kind != ODP_Y_MAP) {
        return odp_y_fail(c, ODP_ESCHEMA, n->line, n->col, "'%s': expected a mapping, found %s",
                          what, odp_y_is_null(n) ? "nothing" : odp_y_kind_name(n));
    }
    /* Duplicate keys: YAML forbids them, libyaml does not check. */
    for (i = 2; i < n->n; i += 2) {
        for (j = 0; j < i; j += 2) {
            if (n->kids[i]->len == n->kids[j]->len &&
                memcmp(n->kids[i]->s, n->kids[j]->s, n->kids[i]->len) == 0) {
                if (is_columns) {
                    return odp_y_fail(
                        c, ODP_ESCHEMA, n->kids[i]->line, n->kids[i]->col,
                        "column '%.64s' is named twice (first at line %llu, column %llu)",
                        n->kids[i]->s, (unsigned long long)n->kids[j]->line,
                        (unsigned long long)n->kids[j]->col);
                }
                return odp_y_fail(c, ODP_ESCHEMA, n->kids[i]->line, n->kids[i]->col,
                                  "duplicate key '%.64s' in '%s' (first at line %llu, column %llu)",
                                  n->kids[i]->s, what, (unsigned long long)n->kids[j]->line,
                                  (unsigned long long)n->kids[j]->col);
            }
        }
    }
    return ODP_OK;
}

int
odp_y_map(struct odp_yctx *c, const struct odp_ynode *n, const char *what)
{
    return odp_y_map_x(c, n, what, 0);
}

int
odp_y_named_map(struct odp_yctx *c, const struct odp_ynode *n, const char *what, size_t size,
                odp_y_item_fn fn, void **items, size_t *count)
{
    size_t i;
    int rc = odp_y_map_x(c, n, what, 1);

    if (rc == ODP_OK && n->n > 0) {
        *items = calloc(n->n / 2, size);
        if (*items == NULL) {
            return odp_y_oom(c);
        }
    }
    for (i = 0; rc == ODP_OK && i < n->n; i += 2) {
        rc = fn(c, n->kids[i], n->kids[i + 1], (char *)*items + (*count)++ * size);
    }
    return rc;
}

int
odp_y_seq(struct odp_yctx *c, const struct odp_ynode *n, const char *what)
{
    if (n->kind != ODP_Y_SEQ) {
        return odp_y_fail(c, ODP_ESCHEMA, n->line, n->col, "'%s': expected a list, found %s", what,
                          odp_y_is_null(n) ? "nothing" : odp_y_kind_name(n));
    }
    return ODP_OK;
}

/* A non-null scalar, copied into *out (an earlier value is freed). */
int
odp_y_str(struct odp_yctx *c, const struct odp_ynode *n, const char *what, char **out)
{
    char *s;

    if (n->kind != ODP_Y_SCALAR || odp_y_is_null(n)) {
        return odp_y_fail(c, ODP_ESCHEMA, n->line, n->col, "'%s': expected a string, found %s",
                          what, odp_y_is_null(n) ? "nothing" : odp_y_kind_name(n));
    }
    s = strdup(n->s);
    if (s == NULL) {
        return odp_y_oom(c);
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
int
odp_y_parse_u32(const char *s, size_t len, uint32_t min, uint32_t max, uint32_t *out)
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

int
odp_y_u32(struct odp_yctx *c, const struct odp_ynode *n, const char *what, uint32_t min,
          uint32_t max, uint32_t *out)
{
    int r = 0;

    if (n->kind == ODP_Y_SCALAR && n->plain) {
        r = odp_y_parse_u32(n->s, n->len, min, max, out);
    }
    if (r == 0) {
        return odp_y_fail(c, ODP_ESCHEMA, n->line, n->col,
                          "'%s': expected an integer from %u to %u", what, min, max);
    }
    if (r < 0) {
        return odp_y_fail(c, ODP_ESCHEMA, n->line, n->col, "'%s': must be between %u and %u", what,
                          min, max);
    }
    return ODP_OK;
}

/* A plain decimal number: -?digits[.digits][(e|E)[+-]digits], finite. */
int
odp_y_double(struct odp_yctx *c, const struct odp_ynode *n, const char *what, double *out)
{
    char tmp[72];
    const char *s = n->s;
    size_t i = 0, d;
    char *end = NULL;
    double v;

    if (n->kind != ODP_Y_SCALAR || !n->plain || n->len == 0 || n->len >= sizeof(tmp)) {
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
    return odp_y_fail(c, ODP_ESCHEMA, n->line, n->col, "'%s': expected a finite decimal number",
                      what);
}

int
odp_y_bool(struct odp_yctx *c, const struct odp_ynode *n, const char *what, int *out)
{
    if (n->kind == ODP_Y_SCALAR && n->plain && strcmp(n->s, "true") == 0) {
        *out = 1;
        return ODP_OK;
    }
    if (n->kind == ODP_Y_SCALAR && n->plain && strcmp(n->s, "false") == 0) {
        *out = 0;
        return ODP_OK;
    }
    return odp_y_fail(c, ODP_ESCHEMA, n->line, n->col, "'%s': expected true or false", what);
}

/* Index of the scalar in names[0..count) (NULL entries skipped), or -1. */
int
odp_y_word(const struct odp_ynode *n, const char *const *names, int count)
{
    int i;

    if (n->kind != ODP_Y_SCALAR) {
        return -1;
    }
    for (i = 0; i < count; i++) {
        if (names[i] != NULL && strcmp(names[i], n->s) == 0) {
            return i;
        }
    }
    return -1;
}

int
odp_y_push_str(struct odp_yctx *c, char ***v, size_t *n, char *s)
{
    char **nv = realloc(*v, (*n + 1) * sizeof(*nv));

    if (nv == NULL) {
        free(s);
        return odp_y_oom(c);
    }
    nv[(*n)++] = s;
    *v = nv;
    return ODP_OK;
}

/* A list of distinct strings (appended to *v). `single` also accepts one scalar. */
int
odp_y_strv(struct odp_yctx *c, const struct odp_ynode *n, const char *what, int single, char ***v,
           size_t *nv)
{
    size_t i, j;
    int rc;

    if (single && n->kind == ODP_Y_SCALAR && !odp_y_is_null(n)) {
        char *s = NULL;

        rc = odp_y_str(c, n, what, &s);
        return rc < 0 ? rc : odp_y_push_str(c, v, nv, s);
    }
    rc = odp_y_seq(c, n, what);
    for (i = 0; rc == ODP_OK && i < n->n; i++) {
        char *s = NULL;

        rc = odp_y_str(c, n->kids[i], what, &s);
        if (rc < 0) {
            return rc;
        }
        /* Earlier items passed want_str, so they are scalars. */
        for (j = 0; j < i; j++) {
            if (strcmp(n->kids[j]->s, s) == 0) {
                free(s);
                return odp_y_fail(
                    c, ODP_ESCHEMA, n->kids[i]->line, n->kids[i]->col,
                    "'%s': an entry is listed twice (first at line %llu, column %llu)", what,
                    (unsigned long long)n->kids[j]->line, (unsigned long long)n->kids[j]->col);
            }
        }
        rc = odp_y_push_str(c, v, nv, s);
    }
    return rc;
}

int
odp_y_unknown_key(struct odp_yctx *c, const struct odp_ynode *k, const char *where,
                  const char *allowed)
{
    return odp_y_fail(c, ODP_ESCHEMA, k->line, k->col, "unknown key '%.64s'%s%s (allowed: %s)",
                      k->s, where[0] ? " in " : "", where, allowed);
}

/* Letters, digits, '_' and '-', 1..64 bytes: names of keys. */
int
odp_y_is_ident(const char *s)
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
