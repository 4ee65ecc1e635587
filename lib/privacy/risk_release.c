/*
 * risk_release.c - the risk models and `generalize: auto` in a release (risk_release.h).
 *
 * Values are interned per quasi-identifier: a value's "finest id" names the tuple of its
 * strings at every level of the column's hierarchy, so the level maps of risk.h are exact
 * (a finest id determines every level) even when levels are not nested. The interned
 * strings stay in memory and are only compared: none reaches a message or the report.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "action.h" /* the transform side: odp_op_new, odp_op_apply */
#include "buf.h"
#include "fs.h"
#include "genmap.h"
#include "json.h"
#include "risk.h"
#include "risk_int.h"
#include "risk_release.h"
#include "risk_strtab.h"

/* ------------------------------------------------------------------ the job */

struct rqi {
    const char *name;
    size_t in_idx, out_idx;
    size_t nlev; /* 1 + hierarchy levels (1 without generalize: auto) */
    const struct odp_risk_hierarchy *h;
    struct odp_op **ops; /* [nlev]: ops[0] the column's rule (population only) */
    struct strtab fine;  /* level-0 (published) values: the finest ids */
    struct strtab *lev;  /* [nlev]; lev[0] unused */
    uint32_t **map;      /* map[l][fine id] = level id (l >= 1) */
    int verify;          /* check that levels follow from level 0 */
    size_t mapcap;
    uint32_t *hmap; /* the risk.h map, built by decide */
    struct odp_buf key, scratch;
    size_t pop_idx;
    int pop_named;
};

struct odp_riskjob {
    struct odp_policy *p;
    const struct odp_risk_policy *r;
    struct odp_table *t;
    size_t nqi;
    struct rqi q[ODP_RISK_MAX_QI];
    size_t l_idx, t_idx;
    struct strtab sl, stt;
    size_t text_total;
    struct odp_risk_counts *counts;
    struct odp_risk_pop *pop;
    uint64_t pop_people;
    struct odp_risk_hier hier[ODP_RISK_MAX_QI];
    uint32_t *t_rank;
    int t_ordered;
    struct odp_risk_spec spec;
    struct odp_risk_result *res; /* generalize: auto */
    struct odp_risk_node *node;  /* otherwise */
    const struct odp_risk_node *chosen;
    struct odp_risk_eval before;
    uint32_t levels[ODP_RISK_MAX_QI];
    uint64_t rows_seen;
};

int
odp_riskjob_wanted(const struct odp_policy *p)
{
    const struct odp_risk_policy *r = p->risk;

    return r != NULL && (r->l_sensitive != NULL || r->t_sensitive != NULL || r->pop_file != NULL ||
                         r->gen_auto || r->has_max_suppression);
}

void
odp_riskjob_free(struct odp_riskjob *rj)
{
    size_t q, l;

    if (rj == NULL) {
        return;
    }
    for (q = 0; q < rj->nqi; q++) {
        struct rqi *x = &rj->q[q];

        for (l = 0; l < x->nlev; l++) {
            if (x->ops != NULL) {
                odp_op_free(x->ops[l]);
            }
            if (x->lev != NULL) {
                odp_st_release(&x->lev[l]);
            }
            if (x->map != NULL) {
                free(x->map[l]);
            }
        }
        free(x->ops);
        free(x->lev);
        free(x->map);
        free(x->hmap);
        odp_st_release(&x->fine);
        odp_buf_release(&x->key);
        odp_buf_release(&x->scratch);
    }
    odp_st_release(&rj->sl);
    odp_st_release(&rj->stt);
    free(rj->t_rank);
    odp_risk_counts_free(rj->counts);
    odp_risk_pop_free(rj->pop);
    odp_risk_result_free(rj->res);
    odp_risk_node_free(rj->node);
    free(rj);
}

static int
pol_fail(const struct odp_riskjob *rj, uint64_t line, uint64_t col, struct odp_err *err,
         const char *what, const char *name)
{
    return odp_errf(err, ODP_ESCHEMA, &(struct odp_loc){rj->p->path, line, col}, "%s%.64s%s", what,
                    name, name[0] != '\0' ? "'" : "");
}

static int
find_field(const struct odp_field *f, size_t n, const char *name, size_t *idx)
{
    size_t i, len = strlen(name);

    for (i = 0; i < n; i++) {
        if (f[i].len == len && memcmp(f[i].p, name, len) == 0) {
            *idx = i;
            return 1;
        }
    }
    return 0;
}

/* One level's string of the value in column `col` of `row` (ops[l]; scratch). */
static int
level_str(struct rqi *x, size_t l, const struct odp_row *row, size_t col, struct odp_table *t,
          struct odp_field *out, struct odp_err *err)
{
    struct odp_err local;
    uint64_t line, c;
    int rc;

    memset(&local, 0, sizeof(local));
    rc = odp_op_apply(x->ops[l], row, col, out, &x->scratch, &local);
    if (rc >= 0) {
        return ODP_OK;
    }
    odp_table_locate(t, col, &line, &c);
    return odp_errf(err, rc, &(struct odp_loc){odp_table_path(t), line, c},
                    "%s (hierarchy level %zu)", local.msg, l);
}

/*
 * The finest id of a value: its published string (level 0: `v0` when given, else the
 * column's rule applied to the row). Each coarser level applies its rule to the raw value
 * and must follow from level 0 (checked unless the column is kept as is, where it does by
 * construction): the search rolls level-0 classes up, so two rows with one level-0 value
 * must share every level.
 */
static int
level_key(struct odp_riskjob *rj, struct rqi *x, const struct odp_row *row, size_t col,
          const struct odp_field *v0, struct odp_table *t, uint32_t *fid, struct odp_err *err)
{
    struct odp_field f0, fl;
    uint32_t id, lid;
    size_t l;
    int ins, rc;

    if (v0 != NULL) {
        f0 = *v0;
    } else {
        rc = level_str(x, 0, row, col, t, &f0, err);
        if (rc < 0) {
            return rc;
        }
    }
    rc = odp_st_intern(&x->fine, f0.p, f0.len, &id, &ins, &rj->text_total, err);
    if (rc < 0) {
        return rc;
    }
    *fid = id;
    if (x->nlev == 1 || (!ins && !x->verify && v0 != NULL)) {
        return ODP_OK;
    }
    if (ins && id >= x->mapcap) {
        size_t nc = x->mapcap ? x->mapcap * 2 : 64;

        for (l = 1; l < x->nlev; l++) {
            uint32_t *m = realloc(x->map[l], nc * sizeof(*m));

            if (m == NULL) {
                return odp_errf(err, ODP_ENOMEM, NULL, "risk models: out of memory");
            }
            x->map[l] = m;
        }
        x->mapcap = nc;
    }
    for (l = 1; l < x->nlev; l++) {
        rc = level_str(x, l, row, col, t, &fl, err);
        if (rc < 0) {
            return rc;
        }
        if (ins) {
            int lins;

            rc = odp_st_intern(&x->lev[l], fl.p, fl.len, &lid, &lins, &rj->text_total, err);
            if (rc < 0) {
                return rc;
            }
            x->map[l][id] = lid;
        } else if (odp_st_find(&x->lev[l], fl.p, fl.len) != (int64_t)x->map[l][id]) {
            return odp_errf(err, ODP_ESCHEMA, &(struct odp_loc){rj->p->path, x->h->line, x->h->col},
                            "hierarchies: level %zu of '%.64s' does not follow from the "
                            "column's own rule (two values published alike fall in different "
                            "level-%zu groups); make the column's rule finer, e.g. keep",
                            l, x->name, l);
        }
    }
    return ODP_OK;
}

static int
parse_count(const struct odp_field *f, uint64_t *out)
{
    uint64_t v = 0;
    size_t i;

    if (f->len == 0 || f->len > 18) {
        return -1;
    }
    for (i = 0; i < f->len; i++) {
        if (f->p[i] < '0' || f->p[i] > '9') {
            return -1;
        }
        v = v * 10 + (uint64_t)(f->p[i] - '0');
    }
    *out = v;
    return 0;
}

static int
load_population(struct odp_riskjob *rj, struct odp_err *err)
{
    const struct odp_risk_policy *r = rj->r;
    unsigned char named[ODP_RISK_MAX_QI] = {0};
    struct odp_table *t = NULL;
    const struct odp_row *hdr;
    struct odp_row row;
    uint32_t ids[ODP_RISK_MAX_QI] = {0};
    char *path, *dir = NULL;
    size_t i, q, cnt_idx = 0;
    int rc;

    for (i = 0; i < r->npop_by; i++) {
        for (q = 0; q < rj->nqi && strcmp(rj->q[q].name, r->pop_by[i]) != 0; q++) {
        }
        if (q == rj->nqi) {
            return pol_fail(rj, r->pop_line, r->pop_col, err,
                            "population: 'by' names a column that is not a quasi-identifier: '",
                            r->pop_by[i]);
        }
        named[q] = 1;
        rj->q[q].pop_named = 1;
    }
    if (r->pop_file[0] == '/') {
        path = strdup(r->pop_file);
    } else {
        dir = odp_dirname(r->pop_base != NULL ? r->pop_base : rj->p->path);
        path = dir != NULL ? odp_path_join(dir, r->pop_file) : NULL;
    }
    free(dir);
    if (path == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    if (access(path, R_OK) != 0) {
        free(path);
        return odp_errf(err, ODP_EIO, &(struct odp_loc){rj->p->path, r->pop_line, r->pop_col},
                        "population: cannot read '%.200s' (a path relative to the policy's "
                        "folder)",
                        r->pop_file);
    }
    t = odp_table_open(path, odp_input_format_of_path(path), 0, err);
    free(path);
    if (t == NULL) {
        return err != NULL && err->code != ODP_OK ? err->code : ODP_EIO;
    }
    hdr = odp_table_header(t);
    rc = ODP_OK;
    if (!find_field(hdr->f, hdr->n, r->pop_count, &cnt_idx)) {
        rc = pol_fail(rj, r->pop_line, r->pop_col, err,
                      "population: the file has no count column '", r->pop_count);
    }
    for (q = 0; rc == ODP_OK && q < rj->nqi; q++) {
        if (named[q] && !find_field(hdr->f, hdr->n, rj->q[q].name, &rj->q[q].pop_idx)) {
            rc = pol_fail(rj, r->pop_line, r->pop_col, err, "population: the file has no column '",
                          rj->q[q].name);
        }
    }
    if (rc == ODP_OK) {
        rj->pop = odp_risk_pop_new(rj->nqi, named, 0, err);
        rc = rj->pop == NULL ? ODP_ENOMEM : ODP_OK;
    }
    while (rc == ODP_OK && (rc = odp_table_next(t, &row, err)) == ODP_OK) {
        uint64_t people;

        for (q = 0; rc == ODP_OK && q < rj->nqi; q++) {
            if (named[q]) {
                rc = level_key(rj, &rj->q[q], &row, rj->q[q].pop_idx, NULL, t, &ids[q], err);
            }
        }
        if (rc < 0) {
            break;
        }
        if (cnt_idx >= row.n || parse_count(&row.f[cnt_idx], &people) < 0) {
            uint64_t line, col;

            odp_table_locate(t, cnt_idx, &line, &col);
            rc = odp_errf(err, ODP_EDATA, &(struct odp_loc){odp_table_path(t), line, col},
                          "population: column '%.64s' must hold a count (digits)", r->pop_count);
            break;
        }
        rj->pop_people += people;
        rc = odp_risk_pop_add(rj->pop, ids, people, err);
    }
    if (rc == ODP_END) {
        rc = ODP_OK;
    }
    odp_table_free(t);
    return rc;
}

static int
setup_qi(struct odp_riskjob *rj, struct rqi *x, const struct odp_keyring *keys, struct odp_err *err)
{
    const struct odp_risk_policy *r = rj->r;
    const struct odp_colrule *rule;
    size_t l;

    x->h = NULL;
    for (l = 0; l < r->nhier; l++) {
        if (strcmp(r->hier[l].column, x->name) == 0) {
            x->h = &r->hier[l];
        }
    }
    x->nlev = r->gen_auto && x->h != NULL ? 1 + x->h->nlevels : 1;
    x->ops = calloc(x->nlev, sizeof(*x->ops));
    x->lev = calloc(x->nlev, sizeof(*x->lev));
    x->map = calloc(x->nlev, sizeof(*x->map));
    if (x->ops == NULL || x->lev == NULL || x->map == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    odp_buf_init(&x->key, (size_t)1 << 24);
    odp_buf_init(&x->scratch, (size_t)1 << 24);
    for (l = 1; l < x->nlev; l++) {
        x->ops[l] = odp_op_new(&x->h->levels[l - 1], keys, 0, err);
        if (x->ops[l] == NULL) {
            return err != NULL && err->code != ODP_OK ? err->code : ODP_ENOMEM;
        }
    }
    rule = odp_policy_find(rj->p, x->name, strlen(x->name));
    if (rule == NULL) {
        return pol_fail(rj, rj->p->qi_line, rj->p->qi_col, err,
                        "risk models: no column rule for quasi-identifier '", x->name);
    }
    if (rule->action == ODP_ACT_DATE_SHIFT) {
        return pol_fail(rj, rule->line, rule->col, err,
                        "risk models: a date_shift quasi-identifier has no population value "
                        "or hierarchy: '",
                        x->name);
    }
    x->verify = rule->action != ODP_ACT_KEEP;
    x->ops[0] = odp_op_new(rule, keys, 0, err);
    if (x->ops[0] == NULL) {
        return err != NULL && err->code != ODP_OK ? err->code : ODP_ENOMEM;
    }
    return ODP_OK;
}

struct odp_riskjob *
odp_riskjob_new(struct odp_policy *p, struct odp_table *t, const struct odp_field *out_header,
                size_t nout, const struct odp_keyring *keys, struct odp_err *err)
{
    const struct odp_row *hdr = odp_table_header(t);
    struct odp_riskjob *rj = calloc(1, sizeof(*rj));
    static const struct odp_risk_policy none; /* k alone (audit --html) */
    struct odp_risk_counts_opts co;
    const struct odp_risk_policy *r = p->risk != NULL ? p->risk : &none;
    size_t i, q;
    int rc = ODP_OK;

    if (rj == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    rj->p = p;
    rj->r = r;
    rj->t = t;
    if (p->nqi == 0) {
        rc = pol_fail(rj, r->gen_auto ? r->gen_line : p->qi_line, 0, err,
                      "risk models need privacy.quasi_identifiers", "");
    } else if (p->nqi > ODP_RISK_MAX_QI) {
        rc = odp_errf(err, ODP_ELIMIT, &(struct odp_loc){p->path, p->qi_line, p->qi_col},
                      "risk models: at most %d quasi-identifiers", ODP_RISK_MAX_QI);
    }
    rj->nqi = p->nqi;
    for (q = 0; rc == ODP_OK && q < rj->nqi; q++) {
        struct rqi *x = &rj->q[q];

        x->name = p->qi[q];
        if (!find_field(out_header, nout, x->name, &x->out_idx) ||
            !find_field(hdr->f, hdr->n, x->name, &x->in_idx)) {
            rc = pol_fail(rj, p->qi_line, p->qi_col, err,
                          "risk models: a quasi-identifier is not a published column: '", x->name);
            break;
        }
        rc = setup_qi(rj, x, keys, err);
    }
    for (i = 0; rc == ODP_OK && i < r->nhier; i++) {
        for (q = 0; q < rj->nqi && strcmp(rj->q[q].name, r->hier[i].column) != 0; q++) {
        }
        if (q == rj->nqi) {
            rc = pol_fail(rj, r->hier[i].line, r->hier[i].col, err,
                          "hierarchies: not a quasi-identifier: '", r->hier[i].column);
        }
    }
    if (rc == ODP_OK && r->gen_auto && r->nhier == 0) {
        rc = pol_fail(rj, r->gen_line, r->gen_col, err,
                      "generalize: auto needs privacy.hierarchies for a quasi-identifier", "");
    }
    if (rc == ODP_OK && r->l_sensitive != NULL &&
        !find_field(out_header, nout, r->l_sensitive, &rj->l_idx)) {
        rc = pol_fail(rj, r->l_line, r->l_col, err,
                      "l_diversity: the sensitive column is not published: '", r->l_sensitive);
    }
    if (rc == ODP_OK && r->t_sensitive != NULL &&
        !find_field(out_header, nout, r->t_sensitive, &rj->t_idx)) {
        rc = pol_fail(rj, r->t_line, r->t_col, err,
                      "t_closeness: the sensitive column is not published: '", r->t_sensitive);
    }
    for (q = 0; rc == ODP_OK && q < rj->nqi; q++) {
        if ((r->l_sensitive != NULL && strcmp(r->l_sensitive, rj->q[q].name) == 0) ||
            (r->t_sensitive != NULL && strcmp(r->t_sensitive, rj->q[q].name) == 0)) {
            rc = pol_fail(rj, p->qi_line, p->qi_col, err,
                          "risk models: a sensitive column cannot be a quasi-identifier: '",
                          rj->q[q].name);
        }
    }
    if (rc == ODP_OK) {
        odp_risk_counts_opts_init(&co);
        co.nqi = rj->nqi;
        co.track_l = r->l_sensitive != NULL;
        co.track_t = r->t_sensitive != NULL;
        co.t_same_as_l = co.track_l && co.track_t && strcmp(r->l_sensitive, r->t_sensitive) == 0;
        rj->counts = odp_risk_counts_new(&co, err);
        rc = rj->counts == NULL ? ODP_ENOMEM : ODP_OK;
    }
    if (rc == ODP_OK && r->pop_file != NULL) {
        rc = load_population(rj, err);
    }
    if (rc < 0) {
        odp_riskjob_free(rj);
        return NULL;
    }
    return rj;
}

static const struct strtab *t_table(const struct odp_riskjob *rj);

static int
kept_as_is(const struct odp_policy *p, const char *col)
{
    const struct odp_colrule *r = col != NULL ? odp_policy_find(p, col, strlen(col)) : NULL;

    return col == NULL || (r != NULL && r->action == ODP_ACT_KEEP);
}

int
odp_riskjob_only_qi(const struct odp_riskjob *rj)
{
    return kept_as_is(rj->p, rj->r->l_sensitive) && kept_as_is(rj->p, rj->r->t_sensitive);
}

int
odp_riskjob_count(struct odp_riskjob *rj, const struct odp_row *row, const struct odp_field *out,
                  struct odp_err *err)
{
    uint32_t ids[ODP_RISK_MAX_QI], sl = 0, st = 0;
    size_t q;
    int ins, rc;

    for (q = 0; q < rj->nqi; q++) {
        struct rqi *x = &rj->q[q];

        rc = level_key(rj, x, row, x->in_idx, &out[x->out_idx], rj->t, &ids[q], err);
        if (rc < 0) {
            return rc;
        }
    }
    if (rj->r->l_sensitive != NULL) {
        const struct odp_field *f = &out[rj->l_idx];

        rc = odp_st_intern(&rj->sl, f->p, f->len, &sl, &ins, &rj->text_total, err);
        if (rc < 0) {
            return rc;
        }
    }
    if (rj->r->t_sensitive != NULL && t_table(rj) == &rj->stt) {
        const struct odp_field *f = &out[rj->t_idx];

        rc = odp_st_intern(&rj->stt, f->p, f->len, &st, &ins, &rj->text_total, err);
        if (rc < 0) {
            return rc;
        }
    }
    rj->rows_seen++;
    return odp_risk_counts_add(rj->counts, ids, sl, st, 1, err);
}

/* ------------------------------------------------------------------ deciding */

static const struct strtab *
t_table(const struct odp_riskjob *rj)
{
    const struct odp_risk_policy *r = rj->r;

    return r->l_sensitive != NULL && strcmp(r->l_sensitive, r->t_sensitive) == 0 ? &rj->sl
                                                                                 : &rj->stt;
}

/* A finite decimal number (the C locale's strtod over the whole text), or -1. */
static int
as_number(const char *p, size_t n, double *v)
{
    char buf[64], *end;

    if (n == 0 || n >= sizeof(buf)) {
        return -1;
    }
    memcpy(buf, p, n);
    buf[n] = '\0';
    if (!((buf[0] >= '0' && buf[0] <= '9') || buf[0] == '-' || buf[0] == '+' || buf[0] == '.')) {
        return -1;
    }
    *v = strtod(buf, &end);
    return *end == '\0' && *v - *v == 0 ? 0 : -1;
}

struct tkey {
    double v;
    int empty;
    uint32_t id;
    const struct strtab *st;
};

static int
cmp_tkey(const void *a, const void *b)
{
    const struct tkey *x = a, *y = b;
    size_t lx, ly;
    int c;

    if (x->empty != y->empty) {
        return x->empty ? -1 : 1;
    }
    if (x->v != y->v) {
        return x->v < y->v ? -1 : 1;
    }
    lx = x->st->len[x->id];
    ly = y->st->len[y->id];
    c = memcmp(x->st->text + x->st->off[x->id], y->st->text + y->st->off[y->id], lx < ly ? lx : ly);
    return c != 0 ? c : (lx < ly ? -1 : lx > ly);
}

/*
 * t-closeness's ground distance: `order:` ranks categories; numbers (every non-empty
 * value a number; an empty value ranks lowest) are ordered by value; otherwise every
 * two values are one apart.
 */
static int
build_t_order(struct odp_riskjob *rj, struct odp_err *err)
{
    const struct odp_risk_policy *r = rj->r;
    const struct strtab *st = t_table(rj);
    struct tkey *k;
    size_t i, j, n = st->n;

    rj->t_rank = calloc(n ? n : 1, sizeof(*rj->t_rank));
    if (rj->t_rank == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    if (r->nt_order > 0) {
        for (i = 0; i < n; i++) {
            for (j = 0; j < r->nt_order; j++) {
                if (strlen(r->t_order[j]) == st->len[i] &&
                    memcmp(r->t_order[j], st->text + st->off[i], st->len[i]) == 0) {
                    break;
                }
            }
            if (j == r->nt_order) {
                return odp_errf(err, ODP_EDATA, &(struct odp_loc){rj->p->path, r->t_line, r->t_col},
                                "t_closeness: column '%.64s' holds a value that 'order' does "
                                "not list",
                                r->t_sensitive);
            }
            rj->t_rank[i] = (uint32_t)j;
        }
        rj->t_ordered = 1;
        return ODP_OK;
    }
    k = calloc(n ? n : 1, sizeof(*k));
    if (k == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    rj->t_ordered = 1;
    for (i = 0; i < n && rj->t_ordered; i++) {
        k[i].id = (uint32_t)i;
        k[i].st = st;
        k[i].empty = st->len[i] == 0;
        if (!k[i].empty && as_number(st->text + st->off[i], st->len[i], &k[i].v) < 0) {
            rj->t_ordered = 0;
        }
    }
    if (rj->t_ordered) {
        qsort(k, n, sizeof(*k), cmp_tkey);
        for (i = 0; i < n; i++) {
            rj->t_rank[k[i].id] = (uint32_t)i;
        }
    }
    free(k);
    return ODP_OK;
}

static int
build_spec(struct odp_riskjob *rj, struct odp_err *err)
{
    const struct odp_risk_policy *r = rj->r;
    struct odp_risk_spec *s = &rj->spec;
    size_t q, l, v;
    int rc;

    odp_risk_spec_init(s);
    for (q = 0; q < rj->nqi; q++) {
        struct rqi *x = &rj->q[q];
        size_t values = x->fine.n > 0 ? x->fine.n : 1;

        x->hmap = calloc(values * x->nlev, sizeof(*x->hmap));
        if (x->hmap == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
        for (v = 0; v < x->fine.n; v++) {
            x->hmap[v] = (uint32_t)v; /* level 0: the finest ids themselves */
        }
        for (l = 1; l < x->nlev; l++) {
            for (v = 0; v < x->fine.n; v++) {
                x->hmap[l * values + v] = x->map[l][v];
            }
        }
        rj->hier[q].levels = (uint32_t)x->nlev;
        rj->hier[q].values = (uint32_t)values;
        rj->hier[q].map = x->hmap;
    }
    s->nqi = rj->nqi;
    s->hier = rj->hier;
    s->k = rj->p->k;
    if (r->l_sensitive != NULL) {
        s->l_measure = r->l_measure == ODP_LDIV_ENTROPY     ? ODP_RISK_LDIV_ENTROPY
                       : r->l_measure == ODP_LDIV_RECURSIVE ? ODP_RISK_LDIV_RECURSIVE
                                                            : ODP_RISK_LDIV_DISTINCT;
        s->l = r->l;
        s->c = r->l_c;
    }
    if (r->t_sensitive != NULL) {
        rc = build_t_order(rj, err);
        if (rc < 0) {
            return rc;
        }
        s->t = r->t;
        s->t_measure = rj->t_ordered ? ODP_RISK_T_ORDERED : ODP_RISK_T_EQUAL;
        s->t_order = rj->t_ordered ? rj->t_rank : NULL;
        s->t_order_len = rj->t_ordered ? t_table(rj)->n : 0;
    }
    if (rj->pop != NULL) {
        s->pop = rj->pop;
        s->k_map = r->pop_k > 0 ? r->pop_k : rj->p->k;
    }
    /* on_violation: fail publishes no suppression at all. */
    if (rj->p->on_violation == ODP_VIOL_FAIL) {
        s->max_suppression = 0;
    } else if (r->has_max_suppression) {
        s->max_suppression = r->max_suppression;
    } else {
        s->max_suppression = r->gen_auto ? 0 : 1;
    }
    s->metric = ODP_RISK_METRIC_NUE;
    s->global = r->search != NULL && strcmp(r->search, "global") == 0;
    if (r->loss_metric != NULL) {
        for (l = 0; l < ODP_RISK_METRIC_COUNT; l++) {
            if (strcmp(odp_risk_metric_name((int)l), r->loss_metric) == 0) {
                s->metric = (enum odp_risk_metric)l;
            }
        }
    }
    return ODP_OK;
}

/* Rewrites the column rule of QI q to its chosen level (the plan is recompiled). */
static int
apply_level(struct odp_riskjob *rj, size_t q, struct odp_err *err)
{
    struct rqi *x = &rj->q[q];
    const struct odp_colrule *lv = &x->h->levels[rj->levels[q] - 1];
    struct odp_colrule *c = NULL;
    struct odp_genmap *map = NULL;
    double *bands = NULL;
    size_t i;

    for (i = 0; i < rj->p->ncols; i++) {
        if (strcmp(rj->p->cols[i].name, x->name) == 0) {
            c = &rj->p->cols[i];
        }
    }
    if (c == NULL) {
        return odp_errf(err, ODP_EINTERNAL, NULL, "generalize: auto: no rule to rewrite");
    }
    if (lv->nbands > 0) {
        bands = malloc(lv->nbands * sizeof(*bands));
        if (bands == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
        memcpy(bands, lv->bands, lv->nbands * sizeof(*bands));
    }
    if (lv->map != NULL) {
        map = odp_genmap_dup(lv->map);
        if (map == NULL) {
            free(bands);
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
    }
    free(c->bands);
    odp_genmap_free(c->map);
    c->map = map;
    c->action = ODP_ACT_GENERALIZE;
    c->gen = lv->gen;
    c->date_unit = lv->date_unit;
    c->date_fmt = lv->date_fmt;
    c->digits = lv->digits;
    c->bands = bands;
    c->nbands = lv->nbands;
    c->width = lv->width;
    c->has_top = lv->has_top;
    c->has_bottom = lv->has_bottom;
    c->top = lv->top;
    c->bottom = lv->bottom;
    /* A generalized value is a class label, not the declared type's value. */
    free(c->type);
    c->type = NULL;
    return ODP_OK;
}

static const char *
model_word(const struct odp_riskjob *rj)
{
    const struct odp_risk_eval *e = odp_risk_node_eval(rj->chosen);

    if (e->k.classes_failing > 0) {
        return "k-anonymity";
    }
    if (e->ldiv.classes_failing > 0) {
        return "l-diversity";
    }
    if (e->tclose.classes_failing > 0) {
        return "t-closeness";
    }
    return "k-map";
}

int
odp_riskjob_decide(struct odp_riskjob *rj, int *changed, struct odp_err *err)
{
    const struct odp_risk_policy *r = rj->r;
    const struct odp_policy *p = rj->p;
    const struct odp_risk_eval *e;
    uint32_t zeros[ODP_RISK_MAX_QI] = {0};
    struct odp_loc at = {p->path, r->gen_auto ? r->gen_line : p->qi_line,
                         r->gen_auto ? r->gen_col : p->qi_col};
    size_t q;
    int rc;

    *changed = 0;
    rc = build_spec(rj, err);
    if (rc < 0) {
        return rc;
    }
    if (r->gen_auto) {
        rc = odp_risk_search(rj->counts, &rj->spec, &rj->res, err);
        if (rc < 0) {
            return rc;
        }
        rj->before = *odp_risk_result_before(rj->res);
        rj->chosen = odp_risk_result_node(rj->res);
        if (rj->chosen == NULL) {
            return odp_errf(err, ODP_EVERIFY, &at,
                            "generalize: auto: no level of the hierarchies meets every model "
                            "with at most %.4g of rows suppressed (%llu lattice nodes); "
                            "nothing was written",
                            rj->spec.max_suppression,
                            (unsigned long long)odp_risk_result_stats(rj->res)->nodes_total);
        }
    } else {
        rj->node = odp_risk_node_new(rj->counts, &rj->spec, zeros, err);
        if (rj->node == NULL) {
            return err != NULL && err->code != ODP_OK ? err->code : ODP_ENOMEM;
        }
        rj->chosen = rj->node;
        rj->before = *odp_risk_node_eval(rj->node);
    }
    e = odp_risk_node_eval(rj->chosen);
    if (!e->passes) {
        if (p->on_violation == ODP_VIOL_FAIL) {
            return odp_errf(err, ODP_EVERIFY, &at,
                            "%s: %llu of %llu quasi-identifier classes (%llu rows) fail a risk "
                            "model and on_violation is fail; nothing was written",
                            model_word(rj), (unsigned long long)e->classes_suppressed,
                            (unsigned long long)e->classes, (unsigned long long)e->rows_suppressed);
        }
        return odp_errf(err, ODP_EVERIFY, &at,
                        "risk models: %llu rows would be suppressed, more than max_suppression "
                        "allows (%llu); nothing was written",
                        (unsigned long long)e->rows_suppressed,
                        (unsigned long long)e->suppression_allowed);
    }
    for (q = 0; q < rj->nqi; q++) {
        rj->levels[q] = e->levels[q];
        if (rj->levels[q] > 0) {
            rc = apply_level(rj, q, err);
            if (rc < 0) {
                return rc;
            }
            *changed = 1;
        }
    }
    return ODP_OK;
}

int
odp_riskjob_suppressed(struct odp_riskjob *rj, const struct odp_field *out, struct odp_err *err)
{
    uint32_t gen[ODP_RISK_MAX_QI];
    size_t q;

    for (q = 0; q < rj->nqi; q++) {
        const struct rqi *x = &rj->q[q];
        const struct odp_field *f = &out[x->out_idx];
        int64_t id =
            odp_st_find(rj->levels[q] == 0 ? &x->fine : &x->lev[rj->levels[q]], f->p, f->len);

        if (id < 0) {
            return odp_errf(err, ODP_EINTERNAL, NULL,
                            "risk models: a value of '%.64s' was not seen by the counting pass",
                            x->name);
        }
        gen[q] = (uint32_t)id;
    }
    return odp_risk_node_suppressed_gen(rj->chosen, gen);
}

/* ------------------------------------------------------------------ report */

void
odp_riskjob_kstats(const struct odp_riskjob *rj, struct odp_kanon_stats *ks)
{
    const struct odp_risk_eval *e = odp_risk_node_eval(rj->chosen);
    uint64_t kept = e->rows - e->rows_suppressed;

    memset(ks, 0, sizeof(*ks));
    ks->classes = e->classes;
    ks->rows = e->rows;
    ks->classes_below_k = e->k.classes_failing;
    ks->rows_below_k = e->k.rows_failing;
    ks->max_risk = e->risk.prosecutor_max;
    ks->avg_risk = e->risk.prosecutor_avg;
    /* the smallest published class: 1 / prosecutor risk */
    ks->smallest_kept =
        kept > 0 && e->risk.prosecutor_max > 0 ? (uint64_t)(1.0 / e->risk.prosecutor_max + 0.5) : 0;
    ks->smallest = ks->smallest_kept;
}

static int
add_model(cJSON *models, const char *name, const struct odp_risk_model *m, cJSON **out)
{
    cJSON *o = cJSON_AddObjectToObject(models, name);
    int rc = 0;

    *out = o;
    if (o == NULL) {
        return 1;
    }
    rc |= odp_json_add_fixed(o, "required", m->required, 6);
    rc |= odp_json_add_fixed(o, "reached", m->reached, 6);
    rc |= odp_json_add_u64(o, "classes_failing", m->classes_failing);
    rc |= odp_json_add_u64(o, "rows_failing", m->rows_failing);
    return rc;
}

static int
add_losses(cJSON *parent, const char *name, const struct odp_risk_eval *e)
{
    cJSON *o = cJSON_AddObjectToObject(parent, name);
    int rc = 0, i;

    if (o == NULL) {
        return 1;
    }
    for (i = 0; i < ODP_RISK_METRIC_COUNT; i++) {
        rc |= odp_json_add_fixed(o, odp_risk_metric_name(i), e->loss[i], 6);
    }
    return rc;
}

int
odp_riskjob_report(const struct odp_riskjob *rj, cJSON *privacy)
{
    static const char *const measures[] = {"none", "distinct", "entropy", "recursive"};
    const struct odp_risk_policy *r = rj->r;
    const struct odp_risk_eval *e = odp_risk_node_eval(rj->chosen);
    cJSON *models, *m, *o, *lv;
    size_t q;
    int rc = 0;

    models = cJSON_AddObjectToObject(privacy, "models");
    if (models == NULL) {
        return 1;
    }
    if (rj->spec.k > 0) {
        rc |= add_model(models, "k_anonymity", &e->k, &m);
    }
    if (r->l_sensitive != NULL) {
        rc |= add_model(models, "l_diversity", &e->ldiv, &m);
        if (m != NULL) {
            rc |= odp_json_add_str(m, "sensitive", r->l_sensitive);
            rc |= odp_json_add_str(m, "measure", measures[r->l_measure]);
            if (r->l_measure == ODP_LDIV_RECURSIVE) {
                rc |= odp_json_add_fixed(m, "c", r->l_c, 6);
            }
        }
    }
    if (r->t_sensitive != NULL) {
        rc |= add_model(models, "t_closeness", &e->tclose, &m);
        if (m != NULL) {
            rc |= odp_json_add_str(m, "sensitive", r->t_sensitive);
            rc |= odp_json_add_str(m, "distance", rj->t_ordered ? "ordered" : "equal");
        }
    }
    if (rj->pop != NULL && rj->spec.k_map > 0) {
        rc |= add_model(models, "k_map", &e->kmap, &m);
    }
    o = cJSON_AddObjectToObject(privacy, "risk");
    rc |= o == NULL;
    if (o != NULL) {
        rc |= odp_json_add_fixed(o, "prosecutor_max", e->risk.prosecutor_max, 6);
        rc |= odp_json_add_fixed(o, "prosecutor_avg", e->risk.prosecutor_avg, 6);
        if (rj->pop != NULL) {
            rc |= odp_json_add_fixed(o, "journalist_max", e->risk.journalist_max, 6);
            rc |= odp_json_add_fixed(o, "marketer", e->risk.marketer, 6);
            rc |= odp_json_add_u64(o, "population", rj->pop_people);
            rc |= odp_json_add_u64(o, "population_undercounts", e->risk.pop_undercounts);
        }
        rc |= odp_json_add_u64(o, "rows_suppressed", e->rows_suppressed);
        rc |= odp_json_add_u64(o, "suppression_allowed", e->suppression_allowed);
    }
    if (!r->gen_auto) {
        return rc;
    }
    o = cJSON_AddObjectToObject(privacy, "generalization");
    if (o == NULL) {
        return 1;
    }
    {
        const struct odp_risk_search_stats *st = odp_risk_result_stats(rj->res);
        cJSON *b;

        rc |= odp_json_add_str(o, "metric", odp_risk_metric_name(rj->spec.metric));
        rc |= odp_json_add_str(o, "search", rj->spec.global ? "global" : "minimal");
        lv = cJSON_AddObjectToObject(o, "levels");
        rc |= lv == NULL;
        for (q = 0; lv != NULL && q < rj->nqi; q++) {
            rc |= odp_json_add_u64(lv, rj->q[q].name, rj->levels[q]);
        }
        lv = cJSON_AddObjectToObject(o, "levels_available");
        rc |= lv == NULL;
        for (q = 0; lv != NULL && q < rj->nqi; q++) {
            rc |= odp_json_add_u64(lv, rj->q[q].name, rj->q[q].nlev);
        }
        rc |= odp_json_add_u64(o, "nodes_total", st->nodes_total);
        rc |= odp_json_add_u64(o, "nodes_evaluated", st->nodes_evaluated);
        rc |= odp_json_add_u64(o, "nodes_pruned", st->nodes_pruned);
        rc |= odp_json_add_str(o, "pruning",
                               st->pruning == 2   ? "passes and failures"
                               : st->pruning == 1 ? "failures"
                                                  : "none");
        rc |= odp_json_add_u64(o, "rows_suppressed", e->rows_suppressed);
        rc |= odp_json_add_fixed(o, "max_suppression", rj->spec.max_suppression, 6);
        rc |= odp_json_add_u64(o, "classes", e->classes);
        rc |= add_losses(o, "loss", e);
        b = cJSON_AddObjectToObject(o, "before");
        rc |= b == NULL;
        if (b != NULL) {
            rc |= odp_json_add_u64(b, "classes", rj->before.classes);
            rc |= odp_json_add_u64(b, "rows_failing", rj->before.rows_suppressed);
            rc |= odp_json_add_u64(b, "classes_failing", rj->before.classes_suppressed);
            rc |= add_losses(b, "loss", &rj->before);
        }
    }
    return rc;
}

char *
odp_riskjob_json(const struct odp_riskjob *rj)
{
    cJSON *root = cJSON_CreateObject(), *o;
    char *text = NULL;
    int rc = root == NULL;

    if (root != NULL && rj->chosen != NULL) {
        int passes = odp_risk_node_eval(rj->chosen)->passes;

        rc |= cJSON_AddBoolToObject(root, "passes", passes) == NULL;
        rc |= odp_riskjob_report(rj, root);
    } else if (root != NULL) {
        rc |= cJSON_AddBoolToObject(root, "passes", 0) == NULL;
        rc |= cJSON_AddNullToObject(root, "models") == NULL;
        rc |= cJSON_AddNullToObject(root, "risk") == NULL;
        o = cJSON_AddObjectToObject(root, "generalization");
        rc |= o == NULL;
        if (o != NULL && rj->res != NULL) {
            const struct odp_risk_search_stats *st = odp_risk_result_stats(rj->res);

            rc |= cJSON_AddBoolToObject(o, "found", 0) == NULL;
            rc |= odp_json_add_str(o, "metric", odp_risk_metric_name(rj->spec.metric));
            rc |= odp_json_add_u64(o, "nodes_total", st->nodes_total);
            rc |= odp_json_add_u64(o, "nodes_evaluated", st->nodes_evaluated);
            rc |= odp_json_add_fixed(o, "max_suppression", rj->spec.max_suppression, 6);
        }
    }
    if (rc == 0) {
        text = cJSON_PrintUnformatted(root);
    }
    cJSON_Delete(root);
    return text;
}

/* ------------------------------------------------------------------ summary */

const char *const odp_risk_bucket_names[ODP_RISK_NBUCKETS] = {"1",     "2",     "3-4",   "5-9",
                                                              "10-19", "20-49", "50-99", "100+"};

static size_t
bucket_of(uint64_t size)
{
    static const uint64_t lo[ODP_RISK_NBUCKETS] = {1, 2, 3, 5, 10, 20, 50, 100};
    size_t b = ODP_RISK_NBUCKETS - 1;

    while (b > 0 && size < lo[b]) {
        b--;
    }
    return b;
}

/* Rolls the finest classes up to `levels` and buckets the class sizes. */
static int
bucket_node(const struct odp_riskjob *rj, const uint32_t *levels, const struct odp_risk_node *n,
            uint64_t *classes, uint64_t *rows, uint64_t *sup, struct odp_err *err)
{
    const struct odp_risk_counts *c = rj->counts;
    struct odp_tab t;
    uint64_t *size = NULL;
    uint32_t tup[ODP_RISK_MAX_QI];
    size_t bytes = 0, e, g, q;
    int ins, rc = ODP_OK;

    odp_tab_init(&t, rj->nqi);
    if (c->classes.n > 0) {
        if (odp_tab_reserve(&t, c->classes.n, &bytes) != 0 ||
            (size = calloc(c->classes.n, sizeof(*size))) == NULL) {
            odp_tab_release(&t, &bytes);
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
    }
    for (e = 0; e < c->classes.n; e++) {
        const uint32_t *k = c->classes.keys + e * rj->nqi;

        for (q = 0; q < rj->nqi; q++) {
            tup[q] = rj->hier[q].map[(size_t)levels[q] * rj->hier[q].values + k[q]];
        }
        g = odp_tab_put(&t, tup, &ins);
        size[g] += c->ccount[e];
    }
    for (g = 0; g < t.n; g++) {
        size_t b = bucket_of(size[g]);
        int s = n != NULL ? odp_risk_node_suppressed_gen(n, t.keys + g * rj->nqi) : 0;

        classes[b]++;
        rows[b] += size[g];
        if (s == 1) {
            sup[b] += size[g];
        }
    }
    free(size);
    odp_tab_release(&t, &bytes);
    return rc;
}

int
odp_riskjob_summary(const struct odp_riskjob *rj, struct odp_risk_summary *s, struct odp_err *err)
{
    static const char *const measures[] = {"none", "distinct", "entropy", "recursive"};
    const struct odp_risk_eval *e = odp_risk_node_eval(rj->chosen);
    uint32_t zeros[ODP_RISK_MAX_QI] = {0};
    size_t q;
    int rc;

    memset(s, 0, sizeof(*s));
    s->before = &rj->before;
    s->after = e;
    s->gen_auto = rj->r->gen_auto;
    s->search = rj->res != NULL ? odp_risk_result_stats(rj->res) : NULL;
    s->metric = odp_risk_metric_name(rj->spec.metric);
    s->metric_id = (int)rj->spec.metric;
    s->nqi = rj->nqi;
    for (q = 0; q < rj->nqi; q++) {
        s->qi[q] = rj->q[q].name;
        s->level[q] = rj->levels[q];
        s->levels[q] = (uint32_t)rj->q[q].nlev;
    }
    s->l_sensitive = rj->r->l_sensitive;
    s->l_measure = measures[rj->r->l_measure];
    s->t_sensitive = rj->r->t_sensitive;
    s->t_distance = rj->t_ordered ? "ordered" : "equal";
    s->has_pop = rj->pop != NULL;
    s->has_kmap = rj->pop != NULL && rj->spec.k_map > 0;
    /* before: the finest node's own verdicts are not kept per class; its rows failing
     * are in s->before, so only the sizes are bucketed */
    rc = bucket_node(rj, zeros, NULL, s->classes[0], s->rows[0], s->rows_suppressed[0], err);
    if (rc == ODP_OK) {
        rc = bucket_node(rj, rj->levels, rj->chosen, s->classes[1], s->rows[1],
                         s->rows_suppressed[1], err);
    }
    return rc;
}

uint64_t
odp_riskjob_rows_suppressed(const struct odp_riskjob *rj)
{
    return odp_risk_node_eval(rj->chosen)->rows_suppressed;
}
