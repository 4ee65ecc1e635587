/*
 * parse_risk.c - the risk-model keys of `privacy:` (risk_policy.h): parsing against the
 * schema of docs/PRIVACY.md, merging across `extends`, writing back, freeing.
 *
 * Hierarchy levels are generalize parameters: each level is read by the generalize
 * action's own definition (actions.c), so a level accepts exactly what a column rule
 * `{action: generalize, ...}` accepts and is checked the same way.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "fs.h"
#include "genmap.h"
#include "out.h"
#include "policy_int.h"
#include "risk_policy.h"

#define RISK_KEYS                                                                                  \
    "l_diversity, t_closeness, population, generalize, hierarchies, max_suppression, "             \
    "loss_metric, search"

static void
hier_release(struct odp_risk_hierarchy *h)
{
    size_t i;

    free(h->column);
    for (i = 0; i < h->nlevels; i++) {
        odp_pol_colrule_release(&h->levels[i]);
    }
    free(h->levels);
    memset(h, 0, sizeof(*h));
}

void
odp_risk_policy_free(struct odp_risk_policy *r)
{
    size_t i;

    if (r == NULL) {
        return;
    }
    free(r->l_sensitive);
    free(r->t_sensitive);
    odp_pol_strv_free(r->t_order, r->nt_order);
    free(r->pop_file);
    odp_pol_strv_free(r->pop_by, r->npop_by);
    free(r->pop_count);
    for (i = 0; i < r->nhier; i++) {
        hier_release(&r->hier[i]);
    }
    free(r->hier);
    free(r->loss_metric);
    free(r->search);
    free(r);
}

static int
need(struct odp_yctx *c, const struct odp_ynode *map, const void *have, const char *section,
     const char *key)
{
    if (have != NULL) {
        return ODP_OK;
    }
    return odp_y_fail(c, ODP_ESCHEMA, map->line, map->col, "'%s': missing key '%s'", section, key);
}

static int
parse_l(struct odp_yctx *c, const struct odp_ynode *n, struct odp_risk_policy *r)
{
    const struct odp_ynode *lnode = NULL, *cnode = NULL;
    size_t i;
    int rc = odp_y_map(c, n, "l_diversity");

    r->l_measure = ODP_LDIV_DISTINCT;
    r->l_line = n->line;
    r->l_col = n->col;
    for (i = 0; rc == ODP_OK && i < n->n; i += 2) {
        const struct odp_ynode *k = n->kids[i], *v = n->kids[i + 1];

        if (strcmp(k->s, "sensitive") == 0) {
            rc = odp_y_str(c, v, "sensitive", &r->l_sensitive);
        } else if (strcmp(k->s, "l") == 0) {
            lnode = v;
            rc = odp_y_double(c, v, "l", &r->l);
        } else if (strcmp(k->s, "c") == 0) {
            cnode = v;
            rc = odp_y_double(c, v, "c", &r->l_c);
        } else if (strcmp(k->s, "measure") == 0) {
            static const char *const words[] = {NULL, "distinct", "entropy", "recursive"};
            int w = odp_y_word(v, words, 4);

            if (w < 1) {
                return odp_y_fail(c, ODP_ESCHEMA, v->line, v->col,
                                  "'measure': expected distinct, entropy or recursive");
            }
            r->l_measure = (enum odp_ldiv_measure)w;
        } else {
            rc = odp_y_unknown_key(c, k, "l_diversity", "sensitive, l, measure, c");
        }
    }
    if (rc == ODP_OK) {
        rc = need(c, n, r->l_sensitive, "l_diversity", "sensitive");
    }
    if (rc == ODP_OK) {
        rc = need(c, n, lnode, "l_diversity", "l");
    }
    if (rc < 0) {
        return rc;
    }
    if (!(r->l >= 1 && r->l <= 1000000) ||
        (r->l_measure != ODP_LDIV_ENTROPY && floor(r->l) != r->l)) {
        return odp_y_fail(c, ODP_ESCHEMA, lnode->line, lnode->col,
                          "'l': expected %s from 1 to 1000000",
                          r->l_measure == ODP_LDIV_ENTROPY ? "a number" : "an integer");
    }
    if (r->l_measure == ODP_LDIV_RECURSIVE && cnode == NULL) {
        return odp_y_fail(c, ODP_ESCHEMA, n->line, n->col,
                          "'l_diversity': measure recursive needs 'c' (e.g. c: 3)");
    }
    if (cnode != NULL && r->l_measure != ODP_LDIV_RECURSIVE) {
        return odp_y_fail(c, ODP_ESCHEMA, cnode->line, cnode->col,
                          "'c' applies only to measure: recursive");
    }
    if (cnode != NULL && !(r->l_c > 0 && r->l_c <= 1e9)) {
        return odp_y_fail(c, ODP_ESCHEMA, cnode->line, cnode->col,
                          "'c': expected a number greater than 0");
    }
    return ODP_OK;
}

static int
parse_t(struct odp_yctx *c, const struct odp_ynode *n, struct odp_risk_policy *r)
{
    const struct odp_ynode *tnode = NULL;
    size_t i;
    int rc = odp_y_map(c, n, "t_closeness");

    r->t_line = n->line;
    r->t_col = n->col;
    for (i = 0; rc == ODP_OK && i < n->n; i += 2) {
        const struct odp_ynode *k = n->kids[i], *v = n->kids[i + 1];

        if (strcmp(k->s, "sensitive") == 0) {
            rc = odp_y_str(c, v, "sensitive", &r->t_sensitive);
        } else if (strcmp(k->s, "t") == 0) {
            tnode = v;
            rc = odp_y_double(c, v, "t", &r->t);
        } else if (strcmp(k->s, "order") == 0) {
            rc = odp_y_strv(c, v, "order", 0, &r->t_order, &r->nt_order);
            if (rc == ODP_OK && r->nt_order < 2) {
                return odp_y_fail(c, ODP_ESCHEMA, v->line, v->col,
                                  "'order': list at least two categories, lowest first");
            }
        } else {
            rc = odp_y_unknown_key(c, k, "t_closeness", "sensitive, t, order");
        }
    }
    if (rc == ODP_OK) {
        rc = need(c, n, r->t_sensitive, "t_closeness", "sensitive");
    }
    if (rc == ODP_OK) {
        rc = need(c, n, tnode, "t_closeness", "t");
    }
    if (rc == ODP_OK && !(r->t >= 0 && r->t <= 1)) {
        return odp_y_fail(c, ODP_ESCHEMA, tnode->line, tnode->col,
                          "'t': expected a number from 0 to 1");
    }
    return rc;
}

static int
parse_pop(struct odp_yctx *c, const struct odp_ynode *n, struct odp_risk_policy *r)
{
    size_t i;
    int rc = odp_y_map(c, n, "population");

    r->pop_line = n->line;
    r->pop_col = n->col;
    r->pop_base = c->path;
    for (i = 0; rc == ODP_OK && i < n->n; i += 2) {
        const struct odp_ynode *k = n->kids[i], *v = n->kids[i + 1];

        if (strcmp(k->s, "file") == 0) {
            rc = odp_y_str(c, v, "file", &r->pop_file);
            if (rc == ODP_OK && r->pop_file[0] == '\0') {
                return odp_y_fail(c, ODP_ESCHEMA, v->line, v->col, "'file': must not be empty");
            }
        } else if (strcmp(k->s, "by") == 0) {
            rc = odp_y_strv(c, v, "by", 0, &r->pop_by, &r->npop_by);
            if (rc == ODP_OK && r->npop_by == 0) {
                return odp_y_fail(c, ODP_ESCHEMA, v->line, v->col,
                                  "'by': list the quasi-identifiers the population counts by");
            }
        } else if (strcmp(k->s, "count") == 0) {
            rc = odp_y_str(c, v, "count", &r->pop_count);
        } else if (strcmp(k->s, "k") == 0) {
            rc = odp_y_u32(c, v, "k", 1, 1000000000, &r->pop_k);
        } else {
            rc = odp_y_unknown_key(c, k, "population", "file, by, count, k");
        }
    }
    if (rc == ODP_OK) {
        rc = need(c, n, r->pop_file, "population", "file");
    }
    if (rc == ODP_OK) {
        rc = need(c, n, r->pop_by, "population", "by");
    }
    if (rc == ODP_OK) {
        rc = need(c, n, r->pop_count, "population", "count");
    }
    return rc;
}

/* One level: a mapping of generalize parameters, read by generalize's definition. */
static int
parse_level(struct odp_yctx *c, const struct odp_ynode *col, const struct odp_ynode *v,
            struct odp_colrule *r)
{
    const struct odp_action_def *def = odp_action_def(ODP_ACT_GENERALIZE);
    const struct odp_ynode *nodes[ODP_ACTION_MAX_PARAMS + 1] = {NULL};
    size_t i, j;
    int rc = odp_y_map(c, v, "hierarchies");

    r->path = c->path;
    r->line = v->line;
    r->col = v->col;
    r->action = ODP_ACT_GENERALIZE;
    r->name = strdup(col->s);
    if (r->name == NULL) {
        return odp_y_oom(c);
    }
    for (i = 0; rc == ODP_OK && i < v->n; i += 2) {
        const struct odp_ynode *k = v->kids[i];

        for (j = 0; def->params[j] != NULL && strcmp(def->params[j], k->s) != 0; j++) {
        }
        if (def->params[j] == NULL) {
            return odp_y_unknown_key(c, k, "a hierarchy level",
                                     "to, format, digits, bands, width, top, bottom, map");
        }
        nodes[j] = v->kids[i + 1];
    }
    if (rc < 0) {
        return rc;
    }
    /* Messages name the column: generalize's parse reads key->s. */
    return def->parse(c, col, nodes, r);
}

/*
 * An ARX-style hierarchy file, `{file: F, separator: ";"}`: F (relative to the policy file)
 * holds `value;level1;...` lines; each level becomes a map level of `h`.
 */
static int
parse_hier_file(struct odp_yctx *c, const struct odp_ynode *col, const struct odp_ynode *v,
                struct odp_risk_hierarchy *h)
{
    struct odp_genmap *maps[ODP_GENMAP_MAX_LEVELS] = {NULL};
    const struct odp_ynode *fnode = NULL;
    char *file = NULL, *dir, *path;
    char sep = ';';
    size_t i, n = 0;
    int rc = odp_y_map(c, v, "hierarchies");

    for (i = 0; rc == ODP_OK && i < v->n; i += 2) {
        const struct odp_ynode *k = v->kids[i], *x = v->kids[i + 1];

        if (strcmp(k->s, "file") == 0) {
            fnode = x;
            rc = odp_y_str(c, x, "file", &file);
        } else if (strcmp(k->s, "separator") == 0) {
            if (x->kind != ODP_Y_SCALAR || x->len != 1 || x->s[0] == '"' || x->s[0] == '\n' ||
                x->s[0] == '\r') {
                rc = odp_y_fail(c, ODP_ESCHEMA, x->line, x->col,
                                "'separator': expected one character, e.g. \";\"");
            } else {
                sep = x->s[0];
            }
        } else {
            rc = odp_y_unknown_key(c, k, "a hierarchy file", "file, separator");
        }
    }
    if (rc == ODP_OK && (fnode == NULL || file[0] == '\0')) {
        rc = odp_y_fail(c, ODP_ESCHEMA, v->line, v->col,
                        "hierarchy of '%.64s': expected a list of levels or {file: CSV}", col->s);
    }
    if (rc < 0) {
        free(file);
        return rc;
    }
    dir = file[0] == '/' ? NULL : odp_dirname(c->path);
    path = file[0] == '/' ? strdup(file) : dir != NULL ? odp_path_join(dir, file) : NULL;
    free(dir);
    free(file);
    if (path == NULL) {
        return odp_y_oom(c);
    }
    rc = odp_genmap_read_file(path, sep, maps, &n, c->err);
    free(path);
    if (rc == ODP_OK) {
        h->levels = calloc(n, sizeof(*h->levels));
        rc = h->levels == NULL ? odp_y_oom(c) : ODP_OK;
    }
    for (i = 0; i < n; i++) {
        if (rc == ODP_OK) {
            struct odp_colrule *lv = &h->levels[i];

            h->nlevels = i + 1;
            lv->path = c->path;
            lv->line = fnode->line;
            lv->col = fnode->col;
            lv->action = ODP_ACT_GENERALIZE;
            lv->gen = ODP_GEN_MAP;
            lv->map = maps[i];
            lv->name = strdup(col->s);
            rc = lv->name == NULL ? odp_y_oom(c) : ODP_OK;
        } else {
            odp_genmap_free(maps[i]);
        }
    }
    return rc;
}

static int
parse_hier(struct odp_yctx *c, const struct odp_ynode *n, struct odp_risk_policy *r)
{
    size_t i, j;
    int rc = odp_y_map(c, n, "hierarchies");

    for (i = 0; rc == ODP_OK && i < n->n; i += 2) {
        const struct odp_ynode *k = n->kids[i], *v = n->kids[i + 1];
        struct odp_risk_hierarchy *h;

        if (v->kind != ODP_Y_MAP) {
            rc = odp_y_seq(c, v, k->s);
        }
        if (rc == ODP_OK && v->kind == ODP_Y_SEQ && (v->n == 0 || v->n > 64)) {
            return odp_y_fail(c, ODP_ESCHEMA, v->line, v->col,
                              "hierarchy of '%.64s': expected 1 to 64 levels", k->s);
        }
        if (rc < 0) {
            return rc;
        }
        for (j = 0; j < r->nhier; j++) {
            if (strcmp(r->hier[j].column, k->s) == 0) {
                hier_release(&r->hier[j]); /* a later layer's hierarchy replaces it */
                break;
            }
        }
        if (j == r->nhier) {
            if (odp_pol_grow((void **)&r->hier, r->nhier, sizeof(*r->hier)) < 0) {
                return odp_y_oom(c);
            }
            r->nhier++;
        }
        h = &r->hier[j];
        memset(h, 0, sizeof(*h)); /* new, or released above */
        h->line = k->line;
        h->col = k->col;
        h->column = strdup(k->s);
        if (h->column == NULL) {
            return odp_y_oom(c);
        }
        if (v->kind == ODP_Y_MAP) {
            rc = parse_hier_file(c, k, v, h);
            continue;
        }
        h->levels = calloc(v->n, sizeof(*h->levels));
        if (h->levels == NULL) {
            return odp_y_oom(c);
        }
        for (j = 0; rc == ODP_OK && j < v->n; j++) {
            h->nlevels = j + 1;
            rc = parse_level(c, k, v->kids[j], &h->levels[j]);
        }
    }
    return rc;
}

static struct odp_risk_policy *
risk_of(struct odp_policy *p)
{
    if (p->risk == NULL) {
        p->risk = calloc(1, sizeof(*p->risk));
    }
    return p->risk;
}

int
odp_pol_parse_risk(struct odp_yctx *c, const struct odp_ynode *k, const struct odp_ynode *v,
                   struct odp_policy *p)
{
    static const char *const metrics[] = {"nue", "prec", "dm", "aecs"};
    struct odp_risk_policy *r;

    if (!odp_y_in_list(k->s, RISK_KEYS)) {
        return 1;
    }
    r = risk_of(p);
    if (r == NULL) {
        return odp_y_oom(c);
    }
    if (strcmp(k->s, "l_diversity") == 0) {
        return parse_l(c, v, r);
    }
    if (strcmp(k->s, "t_closeness") == 0) {
        return parse_t(c, v, r);
    }
    if (strcmp(k->s, "population") == 0) {
        return parse_pop(c, v, r);
    }
    if (strcmp(k->s, "hierarchies") == 0) {
        return parse_hier(c, v, r);
    }
    if (strcmp(k->s, "generalize") == 0) {
        if (v->kind != ODP_Y_SCALAR || strcmp(v->s, "auto") != 0) {
            return odp_y_fail(c, ODP_ESCHEMA, v->line, v->col,
                              "'generalize': expected auto (the column rules apply otherwise)");
        }
        r->gen_auto = 1;
        r->gen_line = k->line;
        r->gen_col = k->col;
        return ODP_OK;
    }
    if (strcmp(k->s, "max_suppression") == 0) {
        int rc = odp_y_double(c, v, "max_suppression", &r->max_suppression);

        if (rc == ODP_OK && !(r->max_suppression >= 0 && r->max_suppression <= 1)) {
            return odp_y_fail(c, ODP_ESCHEMA, v->line, v->col,
                              "'max_suppression': expected a share of rows from 0 to 1");
        }
        r->has_max_suppression = 1;
        return rc;
    }
    if (strcmp(k->s, "search") == 0) {
        static const char *const modes[] = {"minimal", "global"};

        if (odp_y_word(v, modes, 2) < 0) {
            return odp_y_fail(c, ODP_ESCHEMA, v->line, v->col,
                              "'search': expected minimal (the least-loss minimal node) or "
                              "global (the least-loss node of the whole lattice)");
        }
        return odp_y_str(c, v, "search", &r->search);
    }
    /* loss_metric */
    if (odp_y_word(v, metrics, 4) < 0) {
        return odp_y_fail(c, ODP_ESCHEMA, v->line, v->col,
                          "'loss_metric': expected nue, prec, dm or aecs");
    }
    return odp_y_str(c, v, "loss_metric", &r->loss_metric);
}

static void
move_strp(char **d, char **s)
{
    if (*s != NULL) {
        free(*d);
        *d = *s;
        *s = NULL;
    }
}

/* Moves what src sets into dst (src is emptied). */
int
odp_pol_merge_risk(struct odp_policy *dst, struct odp_policy *src)
{
    struct odp_risk_policy *d, *s = src->risk;
    size_t i, j;

    if (s == NULL) {
        return ODP_OK;
    }
    if (dst->risk == NULL) {
        dst->risk = s;
        src->risk = NULL;
        return ODP_OK;
    }
    d = dst->risk;
    if (s->l_sensitive != NULL) {
        move_strp(&d->l_sensitive, &s->l_sensitive);
        d->l_measure = s->l_measure;
        d->l = s->l;
        d->l_c = s->l_c;
        d->l_line = s->l_line;
        d->l_col = s->l_col;
    }
    if (s->t_sensitive != NULL) {
        move_strp(&d->t_sensitive, &s->t_sensitive);
        d->t = s->t;
        odp_pol_strv_free(d->t_order, d->nt_order);
        d->t_order = s->t_order;
        d->nt_order = s->nt_order;
        s->t_order = NULL;
        s->nt_order = 0;
        d->t_line = s->t_line;
        d->t_col = s->t_col;
    }
    if (s->pop_file != NULL) {
        move_strp(&d->pop_file, &s->pop_file);
        move_strp(&d->pop_count, &s->pop_count);
        odp_pol_strv_free(d->pop_by, d->npop_by);
        d->pop_by = s->pop_by;
        d->npop_by = s->npop_by;
        s->pop_by = NULL;
        s->npop_by = 0;
        d->pop_base = s->pop_base;
        d->pop_k = s->pop_k;
        d->pop_line = s->pop_line;
        d->pop_col = s->pop_col;
    }
    if (s->gen_auto) {
        d->gen_auto = 1;
        d->gen_line = s->gen_line;
        d->gen_col = s->gen_col;
    }
    if (s->has_max_suppression) {
        d->has_max_suppression = 1;
        d->max_suppression = s->max_suppression;
    }
    move_strp(&d->loss_metric, &s->loss_metric);
    move_strp(&d->search, &s->search);
    for (i = 0; i < s->nhier; i++) {
        for (j = 0; j < d->nhier && strcmp(d->hier[j].column, s->hier[i].column) != 0; j++) {
        }
        if (j == d->nhier) {
            if (odp_pol_grow((void **)&d->hier, d->nhier, sizeof(*d->hier)) < 0) {
                return ODP_ENOMEM;
            }
            d->nhier++;
        } else {
            hier_release(&d->hier[j]);
        }
        d->hier[j] = s->hier[i];
        memset(&s->hier[i], 0, sizeof(s->hier[i]));
    }
    return ODP_OK;
}

void
odp_pol_write_risk(struct odp_out *o, const struct odp_risk_policy *r)
{
    static const char *const measures[] = {"none", "distinct", "entropy", "recursive"};
    size_t i, j;

    if (r == NULL) {
        return;
    }
    if (r->l_sensitive != NULL) {
        odp_out_puts(o, "  l_diversity:\n    sensitive: ");
        odp_yaml_put_q(o, r->l_sensitive);
        odp_out_printf(o, "\n    measure: %s\n    l: ", measures[r->l_measure]);
        odp_yaml_put_num(o, r->l);
        odp_out_putc(o, '\n');
        if (r->l_measure == ODP_LDIV_RECURSIVE) {
            odp_out_puts(o, "    c: ");
            odp_yaml_put_num(o, r->l_c);
            odp_out_putc(o, '\n');
        }
    }
    if (r->t_sensitive != NULL) {
        odp_out_puts(o, "  t_closeness:\n    sensitive: ");
        odp_yaml_put_q(o, r->t_sensitive);
        odp_out_puts(o, "\n    t: ");
        odp_yaml_put_num(o, r->t);
        odp_out_putc(o, '\n');
        if (r->nt_order > 0) {
            odp_out_puts(o, "    order: [");
            for (i = 0; i < r->nt_order; i++) {
                odp_out_puts(o, i > 0 ? ", " : "");
                odp_yaml_put_q(o, r->t_order[i]);
            }
            odp_out_puts(o, "]\n");
        }
    }
    if (r->pop_file != NULL) {
        odp_out_puts(o, "  population:\n    file: ");
        odp_yaml_put_q(o, r->pop_file);
        odp_out_puts(o, "\n    by: [");
        for (i = 0; i < r->npop_by; i++) {
            odp_out_puts(o, i > 0 ? ", " : "");
            odp_yaml_put_q(o, r->pop_by[i]);
        }
        odp_out_puts(o, "]\n    count: ");
        odp_yaml_put_q(o, r->pop_count);
        odp_out_putc(o, '\n');
        if (r->pop_k > 0) {
            odp_out_printf(o, "    k: %u\n", r->pop_k);
        }
    }
    if (r->gen_auto) {
        odp_out_puts(o, "  generalize: auto\n");
    }
    if (r->nhier > 0) {
        odp_out_puts(o, "  hierarchies:\n");
        for (i = 0; i < r->nhier; i++) {
            odp_out_puts(o, "    ");
            odp_yaml_put_q(o, r->hier[i].column);
            odp_out_puts(o, ":\n");
            for (j = 0; j < r->hier[i].nlevels; j++) {
                odp_out_puts(o, "      -\n");
                odp_action_def(ODP_ACT_GENERALIZE)->write(o, "        ", &r->hier[i].levels[j]);
            }
        }
    }
    if (r->has_max_suppression) {
        odp_out_puts(o, "  max_suppression: ");
        odp_yaml_put_num(o, r->max_suppression);
        odp_out_putc(o, '\n');
    }
    if (r->loss_metric != NULL) {
        odp_out_printf(o, "  loss_metric: %s\n", r->loss_metric);
    }
    if (r->search != NULL) {
        odp_out_printf(o, "  search: %s\n", r->search);
    }
}
