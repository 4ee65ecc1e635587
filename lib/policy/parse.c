/*
 * parse.c - one policy file's YAML tree walked against the schema of docs/POLICY.md.
 *
 * Every error names POLICY:LINE:COL and says what is allowed; errors quote key names and
 * the allowed words, never a value of the policy (a key pasted by mistake never reaches
 * a message); on any error every allocation is released.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "actions.h"
#include "detectors.h"
#include "scrub_tokens.h"
#include "fs.h"
#include "genmap.h"
#include "parse_dp.h"
#include "parse_derive.h"
#include "odp/format.h"
#include "policy_int.h"

/* ------------------------------------------------------------------------------------ */
/* Names */

/* The policy's own types plus the rest of Frictionless Table Schema's. */
static const char *const type_names[] = {
    "string", "integer",   "number",   "date",     "datetime", "boolean", "text",  "time",
    "year",   "yearmonth", "duration", "geopoint", "geojson",  "object",  "array", "any",
};

#define TYPE_LIST                                                                                  \
    "string, integer, number, date, datetime, boolean, text, time, year, yearmonth, "              \
    "duration, geopoint, geojson, object, array, any"

void
odp_pol_colrule_release(struct odp_colrule *r)
{
    size_t i;

    free(r->name);
    free(r->type);
    free(r->description);
    free(r->exempt);
    free(r->replacement);
    free(r->mask_char);
    free(r->key);
    free(r->domain);
    free(r->bands);
    odp_genmap_free(r->map);
    free(r->by);
    for (i = 0; i < r->npatterns; i++) {
        free(r->patterns[i].regex);
        free(r->patterns[i].replace);
    }
    free(r->patterns);
    odp_free_scrub_tokens(r);
    memset(r, 0, sizeof(*r));
}

void
odp_pol_strv_free(char **v, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        free(v[i]);
    }
    free(v);
}

void
odp_pol_cond_release(struct odp_cond *d)
{
    free(d->column);
    odp_pol_strv_free(d->values, d->nvalues);
    memset(d, 0, sizeof(*d));
}

void
odp_pol_cat_release(struct odp_baseline_cat *b)
{
    free(b->category);
    odp_pol_strv_free(b->patterns, b->npatterns);
    odp_pol_strv_free(b->except, b->nexcept);
    free(b->note);
    memset(b, 0, sizeof(*b));
}

/* Frees everything a policy holds except files[] and path (see odp_policy_free). */
void
odp_pol_release(struct odp_policy *p)
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
    odp_pol_strv_free(m->tags, m->ntags);
    odp_pol_strv_free(m->null_values, m->nnull_values);
    for (i = 0; i < p->nkeys; i++) {
        free(p->keys[i].name);
        free(p->keys[i].spec);
    }
    free(p->keys);
    for (i = 0; i < p->ncols; i++) {
        odp_pol_colrule_release(&p->cols[i]);
    }
    free(p->cols);
    for (i = 0; i < p->ndrop_when; i++) {
        odp_pol_cond_release(&p->drop_when[i]);
    }
    free(p->drop_when);
    odp_pol_strv_free(p->qi, p->nqi);
    odp_pol_strv_free(p->sc_columns, p->nsc_columns);
    odp_pol_strv_free(p->sc_by, p->nsc_by);
    free(p->sc_marker);
    odp_dp_policy_free(p->dp);
    p->dp = NULL;
    for (i = 0; i < p->ncats; i++) {
        odp_pol_cat_release(&p->cats[i]);
    }
    free(p->cats);
    odp_risk_policy_free(p->risk);
    odp_pol_derive_release(&p->dv);
}

static int
parse_dataset(struct odp_yctx *c, const struct odp_ynode *n, struct odp_dataset_meta *m)
{
    size_t i;
    int rc = odp_y_map(c, n, "dataset");

    for (i = 0; rc == ODP_OK && i < n->n; i += 2) {
        const struct odp_ynode *k = n->kids[i], *v = n->kids[i + 1];
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
            rc = odp_y_strv(c, v, "tags", 0, &m->tags, &m->ntags);
            continue;
        } else if (strcmp(k->s, "null_values") == 0) {
            odp_pol_strv_free(m->null_values, m->nnull_values);
            m->null_values = NULL;
            m->nnull_values = 0;
            rc = odp_y_strv(c, v, "null_values", 0, &m->null_values, &m->nnull_values);
            continue;
        } else if (strcmp(k->s, "delimiter") == 0) {
            int d = v->kind == ODP_Y_SCALAR ? odp_delimiter_from_name(v->s) : -1;

            if (d < 0) {
                return odp_y_fail(c, ODP_ESCHEMA, v->line, v->col,
                                  "'delimiter' must be one of \",\", \";\", \"\\t\" (tab), \"|\"");
            }
            m->delimiter = d;
            continue;
        } else if (strcmp(k->s, "encoding") == 0) {
            int e = v->kind == ODP_Y_SCALAR ? odp_encoding_from_name(v->s) : -1;

            if (e < 0) {
                return odp_y_fail(c, ODP_ESCHEMA, v->line, v->col,
                                  "'encoding' must be one of utf-8, latin-1, windows-1252");
            }
            m->encoding = e;
            continue;
        } else {
            return odp_y_unknown_key(
                c, k, "dataset",
                "title, description, agency, category, tags, update_frequency, "
                "license, contact, null_values, delimiter, encoding");
        }
        rc = odp_y_str(c, v, k->s, dst);
    }
    return rc;
}

static int
parse_keys(struct odp_yctx *c, const struct odp_ynode *n, struct odp_policy *p)
{
    size_t i;
    int rc = odp_y_map(c, n, "keys");

    for (i = 0; rc == ODP_OK && i < n->n; i += 2) {
        const struct odp_ynode *k = n->kids[i], *v = n->kids[i + 1];
        struct odp_keyspec *ks, *nk;
        const char *s;
        int ok = 0;

        if (!odp_y_is_ident(k->s)) {
            return odp_y_fail(c, ODP_ESCHEMA, k->line, k->col,
                              "key name must be 1 to 64 letters, digits, '_' or '-'");
        }
        nk = realloc(p->keys, (p->nkeys + 1) * sizeof(*nk));
        if (nk == NULL) {
            return odp_y_oom(c);
        }
        p->keys = nk;
        ks = &p->keys[p->nkeys++];
        memset(ks, 0, sizeof(*ks));
        ks->path = c->path;
        ks->line = k->line;
        ks->col = k->col;
        ks->name = strdup(k->s);
        if (ks->name == NULL) {
            return odp_y_oom(c);
        }
        rc = odp_y_str(c, v, k->s, &ks->spec);
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
            return odp_y_fail(c, ODP_ESCHEMA, v->line, v->col,
                              "key '%.64s': expected env:NAME (an environment variable) or "
                              "file:PATH (a key file)",
                              k->s);
        }
    }
    return rc;
}

/*
 * One column rule: the common keys here (action, type, description, optional), every other key
 * handed to the action's definition (actions.c), which knows its parameters.
 */
static int
parse_rule(struct odp_yctx *c, const struct odp_ynode *key, const struct odp_ynode *val,
           struct odp_colrule *r)
{
    const struct odp_ynode *act = NULL;
    const struct odp_ynode *nodes[ODP_ACTION_MAX_PARAMS + 1] = {NULL};
    const struct odp_action_def *def;
    size_t i, j;
    int a, rc;
    char allowed[200], wbuf[40];

    r->path = c->path;
    r->line = key->line;
    r->col = key->col;
    r->name = strdup(key->s);
    if (r->name == NULL) {
        return odp_y_oom(c);
    }
    if (key->len == 0) {
        return odp_y_fail(c, ODP_ESCHEMA, key->line, key->col, "a column name must not be empty");
    }
    if (val->kind != ODP_Y_MAP) {
        return odp_y_fail(c, ODP_ESCHEMA, val->line, val->col,
                          "column '%.64s': expected a mapping such as {action: keep}", key->s);
    }
    rc = odp_y_map(c, val, key->s);
    if (rc < 0) {
        return rc;
    }
    for (i = 0; i < val->n; i += 2) {
        if (strcmp(val->kids[i]->s, "action") == 0) {
            act = val->kids[i + 1];
        }
    }
    if (act == NULL) {
        return odp_y_fail(c, ODP_ESCHEMA, key->line, key->col,
                          "column '%.64s': missing parameter 'action' (one of: %s)", key->s,
                          ODP_ACTION_LIST);
    }
    a = act->kind == ODP_Y_SCALAR ? odp_action_from_name(act->s) : -1;
    if (a < 0) {
        return odp_y_fail(c, ODP_ESCHEMA, act->line, act->col,
                          "column '%.64s': unknown action%s (valid: %s)", key->s,
                          odp_y_shown(act, wbuf, sizeof(wbuf)), ODP_ACTION_LIST);
    }
    r->action = (enum odp_action)a;
    def = odp_action_def(r->action);
    for (i = 0; i < val->n; i += 2) {
        const struct odp_ynode *k = val->kids[i], *v = val->kids[i + 1];

        rc = ODP_OK;
        if (strcmp(k->s, "action") == 0) {
            continue;
        }
        if (strcmp(k->s, "type") == 0) {
            if (odp_y_word(v, type_names, (int)(sizeof(type_names) / sizeof(type_names[0]))) < 0) {
                return odp_y_fail(c, ODP_ESCHEMA, v->line, v->col,
                                  "column '%.64s': unknown type%s (valid: " TYPE_LIST ")", key->s,
                                  odp_y_shown(v, wbuf, sizeof(wbuf)));
            }
            rc = odp_y_str(c, v, "type", &r->type);
        } else if (strcmp(k->s, "description") == 0) {
            rc = odp_y_str(c, v, "description", &r->description);
        } else if (strcmp(k->s, "exempt") == 0) {
            rc = odp_y_str(c, v, "exempt", &r->exempt);
        } else if (strcmp(k->s, "optional") == 0) {
            rc = odp_y_bool(c, v, "optional", &r->optional);
        } else {
            for (j = 0; def->params[j] != NULL && strcmp(def->params[j], k->s) != 0; j++) {
            }
            if (def->params[j] == NULL) {
                size_t n = (size_t)snprintf(allowed, sizeof(allowed),
                                            "action, type, description, optional, exempt");

                for (j = 0; def->params[j] != NULL && n < sizeof(allowed); j++) {
                    n += (size_t)snprintf(allowed + n, sizeof(allowed) - n, ", %s", def->params[j]);
                }
                return odp_y_fail(c, ODP_ESCHEMA, k->line, k->col,
                                  "column '%.64s': unknown key '%.64s' for action %s (allowed: %s)",
                                  key->s, k->s, odp_action_name(r->action), allowed);
            }
            nodes[j] = v;
        }
        if (rc < 0) {
            return rc;
        }
    }
    return def->parse(c, key, nodes, r);
}

static int
column_item(struct odp_yctx *c, const struct odp_ynode *key, const struct odp_ynode *val,
            void *item)
{
    return parse_rule(c, key, val, item);
}

static int
parse_columns(struct odp_yctx *c, const struct odp_ynode *n, struct odp_policy *p)
{
    return odp_y_named_map(c, n, "columns", sizeof(*p->cols), column_item, (void **)&p->cols,
                           &p->ncols);
}

static int
parse_drop_when(struct odp_yctx *c, const struct odp_ynode *n, struct odp_policy *p)
{
    size_t i, j;
    int rc = odp_y_seq(c, n, "drop_when");

    if (rc == ODP_OK && n->n > 0) {
        p->drop_when = calloc(n->n, sizeof(*p->drop_when));
        if (p->drop_when == NULL) {
            return odp_y_oom(c);
        }
    }
    for (i = 0; rc == ODP_OK && i < n->n; i++) {
        const struct odp_ynode *item = n->kids[i];
        struct odp_cond *d = &p->drop_when[p->ndrop_when++];
        const struct odp_ynode *opn = NULL;

        d->path = c->path;
        d->line = item->line;
        d->col = item->col;
        rc = odp_y_map(c, item, "drop_when");
        for (j = 0; rc == ODP_OK && j < item->n; j += 2) {
            const struct odp_ynode *k = item->kids[j], *v = item->kids[j + 1];
            enum odp_cond_op op = 0;

            if (strcmp(k->s, "column") == 0) {
                rc = odp_y_str(c, v, "column", &d->column);
                continue;
            }
            if (strcmp(k->s, "in") == 0) {
                op = ODP_COND_IN;
            } else if (strcmp(k->s, "equals") == 0) {
                op = ODP_COND_EQUALS;
            } else if (strcmp(k->s, "matches") == 0) {
                op = ODP_COND_MATCHES;
            } else {
                return odp_y_fail(
                    c, ODP_ESCHEMA, k->line, k->col,
                    "drop_when: unknown operator '%.64s' (valid: in, equals, matches; "
                    "and column)",
                    k->s);
            }
            if (opn != NULL) {
                return odp_y_fail(c, ODP_ESCHEMA, k->line, k->col,
                                  "drop_when: one operator per condition (in, equals or matches)");
            }
            opn = v;
            d->op = op;
            if (op == ODP_COND_IN) {
                rc = odp_y_strv(c, v, "in", 0, &d->values, &d->nvalues);
                if (rc == ODP_OK && d->nvalues == 0) {
                    return odp_y_fail(c, ODP_ESCHEMA, v->line, v->col,
                                      "'in': expected at least one value");
                }
            } else {
                char *s = NULL;

                rc = odp_y_str(c, v, k->s, &s);
                if (rc == ODP_OK) {
                    rc = odp_y_push_str(c, &d->values, &d->nvalues, s);
                }
                if (rc == ODP_OK && op == ODP_COND_MATCHES && s[0] == '\0') {
                    return odp_y_fail(c, ODP_ESCHEMA, v->line, v->col,
                                      "'matches': must not be empty");
                }
            }
        }
        if (rc == ODP_OK && d->column == NULL) {
            return odp_y_fail(c, ODP_ESCHEMA, item->line, item->col,
                              "drop_when: missing parameter 'column'");
        }
        if (rc == ODP_OK && opn == NULL) {
            return odp_y_fail(c, ODP_ESCHEMA, item->line, item->col,
                              "drop_when: missing operator (one of: in, equals, matches)");
        }
    }
    return rc;
}

static int
parse_rows(struct odp_yctx *c, const struct odp_ynode *n, struct odp_policy *p)
{
    size_t i;
    int rc = odp_y_map(c, n, "rows");

    for (i = 0; rc == ODP_OK && i < n->n; i += 2) {
        if (strcmp(n->kids[i]->s, "drop_when") == 0) {
            rc = parse_drop_when(c, n->kids[i + 1], p);
        } else {
            rc = odp_y_unknown_key(c, n->kids[i], "rows", "drop_when");
        }
    }
    return rc;
}

static int
parse_small_cells(struct odp_yctx *c, const struct odp_ynode *n, struct odp_pol_layer *L)
{
    struct odp_policy *p = &L->p;
    size_t i;
    int rc = odp_y_map(c, n, "small_cells");

    for (i = 0; rc == ODP_OK && i < n->n; i += 2) {
        const struct odp_ynode *k = n->kids[i], *v = n->kids[i + 1];

        if (strcmp(k->s, "columns") == 0) {
            rc = odp_y_strv(c, v, "columns", 0, &p->sc_columns, &p->nsc_columns);
        } else if (strcmp(k->s, "threshold") == 0) {
            rc = odp_y_u32(c, v, "threshold", 1, 1000000, &p->sc_threshold);
            L->set |= SET_SC_THRESH;
        } else if (strcmp(k->s, "complementary") == 0) {
            rc = odp_y_bool(c, v, "complementary", &p->sc_complementary);
            L->set |= SET_SC_COMP;
        } else if (strcmp(k->s, "by") == 0) {
            rc = odp_y_strv(c, v, "by", 0, &p->sc_by, &p->nsc_by);
        } else if (strcmp(k->s, "marker") == 0) {
            rc = odp_y_str(c, v, "marker", &p->sc_marker);
            L->set |= SET_SC_MARKER;
        } else {
            rc = odp_y_unknown_key(c, k, "small_cells",
                                   "columns, threshold, complementary, by, marker");
        }
    }
    return rc;
}

static int
parse_privacy(struct odp_yctx *c, const struct odp_ynode *n, struct odp_pol_layer *L)
{
    struct odp_policy *p = &L->p;
    size_t i;
    int rc = odp_y_map(c, n, "privacy");

    for (i = 0; rc == ODP_OK && i < n->n; i += 2) {
        const struct odp_ynode *k = n->kids[i], *v = n->kids[i + 1];

        if (strcmp(k->s, "quasi_identifiers") == 0) {
            rc = odp_y_strv(c, v, "quasi_identifiers", 0, &p->qi, &p->nqi);
            p->qi_line = k->line;
            p->qi_col = k->col;
            L->set |= SET_QI;
        } else if (strcmp(k->s, "k") == 0) {
            rc = odp_y_u32(c, v, "k", 0, 1000000, &p->k);
            L->set |= SET_K;
        } else if (strcmp(k->s, "on_violation") == 0) {
            if (v->kind == ODP_Y_SCALAR && strcmp(v->s, "suppress") == 0) {
                p->on_violation = ODP_VIOL_SUPPRESS;
            } else if (v->kind == ODP_Y_SCALAR && strcmp(v->s, "fail") == 0) {
                p->on_violation = ODP_VIOL_FAIL;
            } else {
                rc = odp_y_fail(c, ODP_ESCHEMA, v->line, v->col,
                                "'on_violation': expected suppress or fail");
            }
            L->set |= SET_VIOL;
        } else if (strcmp(k->s, "small_cells") == 0) {
            rc = parse_small_cells(c, v, L);
        } else if (strcmp(k->s, "differential_privacy") == 0) {
            rc = odp_pol_parse_dp(c, k, v, p);
        } else if ((rc = odp_pol_parse_risk(c, k, v, p)) <= 0) {
            /* a risk-model key (parse_risk.c) */
        } else {
            rc = odp_y_unknown_key(c, k, "privacy",
                                   "quasi_identifiers, k, on_violation, small_cells, "
                                   "l_diversity, t_closeness, population, generalize, "
                                   "hierarchies, max_suppression, loss_metric, search, "
                                   "differential_privacy");
        }
    }
    return rc;
}

/* A list of non-empty glob patterns, stored lowercase. */
static int
want_globs(struct odp_yctx *c, const struct odp_ynode *v, const char *what, char ***out,
           size_t *nout)
{
    size_t j;
    int rc = odp_y_strv(c, v, what, 0, out, nout);

    for (j = 0; rc == ODP_OK && j < *nout; j++) {
        char *s = (*out)[j];

        if (s[0] == '\0') {
            return odp_y_fail(c, ODP_ESCHEMA, v->kids[j]->line, v->kids[j]->col,
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
parse_cat(struct odp_yctx *c, const struct odp_ynode *item, struct odp_baseline_cat *b)
{
    const struct odp_ynode *cols = NULL, *allowed = NULL;
    size_t i, j;
    char wbuf[40];
    int rc;

    b->path = c->path;
    b->line = item->line;
    b->col = item->col;
    rc = odp_y_map(c, item, "baseline");
    for (i = 0; rc == ODP_OK && i < item->n; i += 2) {
        const struct odp_ynode *k = item->kids[i], *v = item->kids[i + 1];

        if (strcmp(k->s, "category") == 0) {
            rc = odp_y_str(c, v, "category", &b->category);
        } else if (strcmp(k->s, "columns") == 0) {
            cols = v;
            rc = want_globs(c, v, "columns", &b->patterns, &b->npatterns);
        } else if (strcmp(k->s, "except") == 0) {
            rc = want_globs(c, v, "except", &b->except, &b->nexcept);
        } else if (strcmp(k->s, "allowed") == 0) {
            allowed = v;
            rc = odp_y_seq(c, v, "allowed");
            for (j = 0; rc == ODP_OK && j < v->n; j++) {
                int a = odp_y_word(v->kids[j], odp_action_words, ODP_ACT__COUNT);

                if (a < 0) {
                    return odp_y_fail(c, ODP_ESCHEMA, v->kids[j]->line, v->kids[j]->col,
                                      "'allowed': unknown action%s (valid: %s)",
                                      odp_y_shown(v->kids[j], wbuf, sizeof(wbuf)), ODP_ACTION_LIST);
                }
                b->allowed |= 1u << a;
            }
        } else if (strcmp(k->s, "min_date_unit") == 0) {
            int u = odp_y_word(v, odp_date_unit_words, ODP_DATE_UNIT_LAST + 1);

            if (u <= 0) {
                return odp_y_fail(
                    c, ODP_ESCHEMA, v->line, v->col,
                    "'min_date_unit': unknown unit%s (valid: year, quarter, month, week, "
                    "day, hour)",
                    odp_y_shown(v, wbuf, sizeof(wbuf)));
            }
            b->min_date_unit = (enum odp_date_unit)u;
        } else if (strcmp(k->s, "note") == 0) {
            rc = odp_y_str(c, v, "note", &b->note);
        } else {
            rc = odp_y_unknown_key(c, k, "baseline",
                                   "category, columns, except, allowed, min_date_unit, note");
        }
    }
    if (rc == ODP_OK && b->category == NULL) {
        return odp_y_fail(c, ODP_ESCHEMA, item->line, item->col,
                          "baseline: missing parameter 'category'");
    }
    if (rc == ODP_OK && (cols == NULL || b->npatterns == 0)) {
        return odp_y_fail(c, ODP_ESCHEMA, item->line, item->col,
                          "baseline: missing parameter 'columns' (a list of column-name patterns)");
    }
    if (rc == ODP_OK && (allowed == NULL || b->allowed == 0)) {
        return odp_y_fail(c, ODP_ESCHEMA, item->line, item->col,
                          "baseline: missing parameter 'allowed' (a list of action names)");
    }
    return rc;
}

static int
parse_baseline(struct odp_yctx *c, const struct odp_ynode *n, struct odp_policy *p)
{
    size_t i;
    int rc = odp_y_seq(c, n, "baseline");

    if (rc == ODP_OK && n->n > 0) {
        p->cats = calloc(n->n, sizeof(*p->cats));
        if (p->cats == NULL) {
            return odp_y_oom(c);
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

int
odp_pol_parse_top(struct odp_yctx *c, const struct odp_ynode *root, struct odp_pol_layer *L,
                  struct odp_pol_ext **exts, size_t *nexts)
{
    struct odp_policy *p = &L->p;
    const struct odp_ynode *ver = NULL;
    size_t i;
    int rc;

    if (root->kind != ODP_Y_MAP) {
        return odp_y_fail(c, ODP_ESCHEMA, root->line, root->col,
                          "a policy must be a YAML mapping (odpub: 1, columns: ...)");
    }
    rc = odp_y_map(c, root, "policy");
    for (i = 0; rc == ODP_OK && i < root->n; i += 2) {
        const struct odp_ynode *k = root->kids[i], *v = root->kids[i + 1];

        if (strcmp(k->s, "odpub") == 0) {
            uint32_t version = 0;

            ver = v;
            if (v->kind != ODP_Y_SCALAR || !v->plain ||
                odp_y_parse_u32(v->s, v->len, 1, 1, &version) != 1) {
                return odp_y_fail(c, ODP_ESCHEMA, v->line, v->col,
                                  "unsupported policy format version (expected odpub: 1)");
            }
            p->version = 1;
        } else if (strcmp(k->s, "name") == 0) {
            rc = odp_y_str(c, v, "name", &p->name);
            if (rc == ODP_OK && !is_slug(p->name)) {
                return odp_y_fail(
                    c, ODP_ESCHEMA, v->line, v->col,
                    "'name': expected a slug of 1 to 100 characters a-z, 0-9 and '-'");
            }
            L->set |= SET_NAME;
        } else if (strcmp(k->s, "extends") == 0) {
            char **names = NULL;
            size_t nn = 0, j;

            rc = odp_y_strv(c, v, "extends", 1, &names, &nn);
            if (rc == ODP_OK && nn > 0) {
                *exts = calloc(nn, sizeof(**exts));
                if (*exts == NULL) {
                    rc = odp_y_oom(c);
                }
            }
            for (j = 0; j < nn; j++) {
                if (rc == ODP_OK) {
                    const struct odp_ynode *e = v->kind == ODP_Y_SEQ ? v->kids[j] : v;

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
            if (v->kind == ODP_Y_SCALAR && strcmp(v->s, "reject") == 0) {
                p->deflt = ODP_DEFAULT_REJECT;
            } else if (v->kind == ODP_Y_SCALAR && strcmp(v->s, "drop") == 0) {
                p->deflt = ODP_DEFAULT_DROP;
            } else {
                return odp_y_fail(c, ODP_ESCHEMA, v->line, v->col,
                                  "'default': expected reject or drop");
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
        } else if (strcmp(k->s, "derive") == 0) {
            rc = odp_pol_parse_derive(c, v, p);
        } else if (strcmp(k->s, "aggregate") == 0) {
            rc = odp_pol_parse_aggregate(c, v, p);
        } else {
            rc = odp_y_unknown_key(c, k, "",
                                   "odpub, name, extends, dataset, keys, default, columns, rows, "
                                   "privacy, baseline, derive, aggregate");
        }
    }
    if (rc == ODP_OK && ver == NULL) {
        return odp_y_fail(c, ODP_ESCHEMA, root->line, root->col,
                          "missing 'odpub: 1' (the policy format version)");
    }
    return rc;
}
