/*
 * check.c - policy references and baseline lint, without data.
 *
 * The policy is loaded with its extends chain (policy.h does syntax, schema, types and
 * cycles); this module then walks the merged rules. References: every column the
 * privacy section or a rule points at must be named and, where it must be published,
 * not dropped. Baseline lint: each column rule is matched against every baseline
 * category by its lower_snake_case name (fnmatch, minus the category's `except` globs)
 * and must be at least as strong as the category asks.
 *
 * Promises: findings point at the POLICY:LINE:COL of the rule at fault (the file of the
 * extends chain it came from), name the category and its minimum; a policy holds no
 * data, so no message can carry a cell value. The result is in policy order, so output
 * is stable.
 */
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fs.h"
#include "actions.h"
#include "lint.h"
#include "odp/check.h"
#include "placeholders.h"
#include "policy.h"

void
odp_check_opts_init(struct odp_check_opts *o)
{
    memset(o, 0, sizeof(*o));
}

void
odp_check_result_free(struct odp_check_result *res)
{
    size_t i;

    if (res == NULL) {
        return;
    }
    for (i = 0; i < res->nfindings; i++) {
        free(res->findings[i].path);
        free(res->findings[i].column);
        free(res->findings[i].category);
        free(res->findings[i].msg);
    }
    free(res->findings);
    free(res->policy_path);
    free(res->baseline_path);
    memset(res, 0, sizeof(*res));
}

char *
odp_check_normalise(const char *name, char *out, size_t size)
{
    size_t n = 0;
    int pending = 0;
    const unsigned char *p = (const unsigned char *)name;

    if (size == 0) {
        return out;
    }
    for (; *p != '\0' && n + 1 < size; p++) {
        unsigned char c = *p;

        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) {
            if (pending && n > 0 && n + 2 < size) {
                out[n++] = '_';
            }
            pending = 0;
            out[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        } else {
            pending = 1;
        }
    }
    out[n] = '\0';
    return out;
}

/* Adds a finding; the message is formatted here. ODP_OK or ODP_ENOMEM. */
static int ODP_PRINTF(7, 8)
add(struct odp_check_result *res, enum odp_check_kind kind, const char *path, uint64_t line,
    uint64_t col, const char *column, const char *fmt, ...)
{
    struct odp_check_finding *nf, *f;
    char msg[768];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    nf = realloc(res->findings, (res->nfindings + 1) * sizeof(*nf));
    if (nf == NULL) {
        return ODP_ENOMEM;
    }
    res->findings = nf;
    f = &nf[res->nfindings];
    memset(f, 0, sizeof(*f));
    f->kind = kind;
    f->line = line;
    f->col = col;
    f->path = strdup(path != NULL ? path : "");
    f->column = column != NULL ? strdup(column) : NULL;
    f->msg = strdup(msg);
    res->nfindings++;
    if (f->path == NULL || f->msg == NULL || (column != NULL && f->column == NULL)) {
        return ODP_ENOMEM;
    }
    return ODP_OK;
}

/* ---------------------------------------------------------------- references */

/* Checks that `name` is a column rule and, when `published`, not dropped. */
static int
ref(struct odp_check_result *res, const struct odp_policy *p, const char *name,
    int published, const char *what, const char *path, uint64_t line, uint64_t col)
{
    const struct odp_colrule *r = odp_policy_find(p, name, strlen(name));

    if (r == NULL) {
        return add(res, ODP_CHECK_REFERENCE, path, line, col, name,
                   "%s '%s' is not a column of the policy; name it under 'columns:'", what,
                   name);
    }
    if (published && r->action == ODP_ACT_DROP) {
        return add(res, ODP_CHECK_REFERENCE, path, line, col, name,
                   "%s '%s' is dropped (line %llu); list only published columns", what, name,
                   (unsigned long long)r->line);
    }
    return ODP_OK;
}

/* 1 when `name` is a measure of the policy's aggregate table (small_cells may name it). */
static int
is_measure(const struct odp_policy *p, const char *name)
{
    size_t i;

    for (i = 0; p->dv.agg.on && i < p->dv.agg.nmeasures; i++) {
        if (strcmp(p->dv.agg.measures[i].name, name) == 0) {
            return 1;
        }
    }
    return 0;
}

/* derive: and aggregate: name columns the policy must have (and publish, for a table). */
static int
check_derive_refs(struct odp_check_result *res, const struct odp_policy *p)
{
    const struct odp_aggregate_spec *a = &p->dv.agg;
    size_t i;
    int rc = ODP_OK;

    for (i = 0; rc == ODP_OK && p->deflt == ODP_DEFAULT_REJECT && i < p->dv.nrules; i++) {
        const struct odp_derive_rule *r = &p->dv.rules[i];

        rc = ref(res, p, r->name, 0, "derived column", r->path, r->line, r->col);
    }
    for (i = 0; rc == ODP_OK && i < a->nby; i++) {
        rc = ref(res, p, a->by[i], 1, "aggregate 'by' column", a->path, a->line, a->col);
    }
    for (i = 0; rc == ODP_OK && i < a->nmeasures; i++) {
        const struct odp_measure *m = &a->measures[i];

        if (m->column != NULL) {
            rc = ref(res, p, m->column, 1, "measured column", m->path, m->line, m->col);
        }
    }
    return rc;
}

/* Privacy settings that silently do nothing. */
static int
check_privacy(struct odp_check_result *res, const struct odp_policy *p)
{
    if (p->nqi > 0 && p->k == 0) {
        return add(res, ODP_CHECK_PRIVACY, p->path, p->qi_line, p->qi_col, NULL,
                   "quasi_identifiers are listed but privacy.k is 0, so no k-anonymity is "
                   "applied to them; set k (2 or more) or remove the list");
    }
    return ODP_OK;
}

static int
check_refs(struct odp_check_result *res, const struct odp_policy *p)
{
    size_t i;
    int rc = check_derive_refs(res, p);

    for (i = 0; rc == ODP_OK && i < p->nqi; i++) {
        rc = ref(res, p, p->qi[i], 1, "quasi-identifier", p->path, p->qi_line, p->qi_col);
    }
    /* small_cells carries no position of its own: point at the policy file. */
    for (i = 0; rc == ODP_OK && p->sc_threshold > 0 && i < p->nsc_columns; i++) {
        if (is_measure(p, p->sc_columns[i])) {
            continue;
        }
        rc = ref(res, p, p->sc_columns[i], 1, "small_cells column", p->path, 0, 0);
    }
    for (i = 0; rc == ODP_OK && p->sc_threshold > 0 && i < p->nsc_by; i++) {
        rc = ref(res, p, p->sc_by[i], 1, "small_cells 'by' column", p->path, 0, 0);
    }
    for (i = 0; rc == ODP_OK && i < p->ncols; i++) {
        const struct odp_colrule *r = &p->cols[i];

        if (r->action == ODP_ACT_DATE_SHIFT && r->by != NULL) {
            rc = ref(res, p, r->by, 0, "date_shift 'by' column", r->path, r->line, r->col);
        }
    }
    for (i = 0; rc == ODP_OK && p->deflt == ODP_DEFAULT_REJECT && i < p->ndrop_when; i++) {
        const struct odp_cond *c = &p->drop_when[i];

        rc = ref(res, p, c->column, 0, "drop_when column", c->path, c->line, c->col);
    }
    return rc;
}

/* ---------------------------------------------------------------- baseline lint */

static int
glob_any(char *const *globs, size_t n, const char *name)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (fnmatch(globs[i], name, 0) == 0) {
            return 1;
        }
    }
    return 0;
}

/* "drop, redact, pseudonymize" */
static void
allowed_text(uint32_t allowed, char *buf, size_t size)
{
    size_t n = 0;
    int a;

    buf[0] = '\0';
    for (a = 0; a < ODP_ACT__COUNT && n < size; a++) {
        if ((allowed & (1u << a)) != 0) {
            n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? ", " : "",
                                  odp_action_name((enum odp_action)a));
        }
    }
}

static int
lint_rule(struct odp_check_result *res, const struct odp_colrule *r,
          const struct odp_baseline_cat *cat)
{
    char allowed[200], note[300];
    const char *unit;

    snprintf(note, sizeof(note), "%s%s%s", cat->note != NULL ? " (" : "",
             cat->note != NULL ? cat->note : "", cat->note != NULL ? ")" : "");
    allowed_text(cat->allowed, allowed, sizeof(allowed));
    if ((cat->allowed & (1u << r->action)) == 0) {
        return add(res, ODP_CHECK_BASELINE, r->path, r->line, r->col, r->name,
                   "column '%s' is %s, but the baseline category '%s' needs one of %s%s",
                   r->name, odp_action_def(r->action)->participle, cat->category, allowed, note);
    }
    if (cat->min_date_unit == 0 || r->action != ODP_ACT_GENERALIZE) {
        return ODP_OK;
    }
    unit = odp_date_unit_name(cat->min_date_unit);
    if (r->gen != ODP_GEN_DATE) {
        return add(res, ODP_CHECK_BASELINE, r->path, r->line, r->col, r->name,
                   "column '%s' is generalized but not as a date, and the baseline category "
                   "'%s' needs dates generalized to %s or coarser (or one of %s)%s",
                   r->name, cat->category, unit, allowed, note);
    }
    if (odp_date_unit_rank(r->date_unit) < odp_date_unit_rank(cat->min_date_unit)) {
        return add(res, ODP_CHECK_BASELINE, r->path, r->line, r->col, r->name,
                   "column '%s' is generalized to %s, but the baseline category '%s' needs %s "
                   "or coarser (or one of %s)%s",
                   r->name, odp_date_unit_name(r->date_unit), cat->category, unit, allowed,
                   note);
    }
    return ODP_OK;
}

int
odp_check_matches(const struct odp_baseline_cat *cat, const char *name)
{
    char norm[512];

    odp_check_normalise(name, norm, sizeof(norm));
    return glob_any(cat->patterns, cat->npatterns, norm) &&
           !glob_any(cat->except, cat->nexcept, norm);
}

int
odp_check_enough(const struct odp_baseline_cat *cat, enum odp_action a, enum odp_gen_kind gen,
                 enum odp_date_unit unit)
{
    if ((cat->allowed & (1u << a)) == 0) {
        return 0;
    }
    if (cat->min_date_unit == 0 || a != ODP_ACT_GENERALIZE) {
        return 1;
    }
    return gen == ODP_GEN_DATE && odp_date_unit_rank(unit) >= odp_date_unit_rank(cat->min_date_unit);
}

static int
check_baseline(struct odp_check_result *res, const struct odp_policy *p,
               const struct odp_baseline_cat *cats, size_t ncats)
{
    size_t i, c;
    int rc = ODP_OK;

    for (i = 0; rc == ODP_OK && i < p->ncols; i++) {
        const struct odp_colrule *r = &p->cols[i];

        for (c = 0; rc == ODP_OK && c < ncats; c++) {
            const struct odp_baseline_cat *cat = &cats[c];
            size_t before = res->nfindings;

            if (!odp_check_matches(cat, r->name)) {
                continue;
            }
            rc = lint_rule(res, r, cat);
            if (rc == ODP_OK && res->nfindings > before) {
                res->findings[before].category = strdup(cat->category);
                if (res->findings[before].category == NULL) {
                    rc = ODP_ENOMEM;
                }
            }
        }
    }
    return rc;
}

/* The default baseline, searched like a bare `extends` name. NULL when not found. */
/* init's TODO placeholders left in the dataset fields (placeholders.c). */
static int
placeholder_found(void *ctx, const struct odp_placeholder *ph)
{
    return add(ctx, ODP_CHECK_PLACEHOLDER, ph->path, ph->line, ph->col, NULL,
               "dataset.%s is still a TODO placeholder of the 'odpub init' draft: fill it in "
               "before publishing",
               ph->field);
}

static char *
find_default(const char *policy_path, const char *policies_dir)
{
    char *dir = odp_dirname(policy_path), *found = NULL;

    if (dir != NULL && odp_policy_search(ODP_CHECK_DEFAULT_BASELINE, dir, policies_dir, &found) <= 0) {
        found = NULL;
    }
    free(dir);
    return found;
}

static int
run(const char *path, const struct odp_check_opts *o, struct odp_check_result *res,
    struct odp_policy **pp, struct odp_policy **bp, struct odp_err *err)
{
    const struct odp_policy *bl;
    char *bpath = NULL;
    int rc;

    res->policy_path = strdup(path);
    if (res->policy_path == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    *pp = odp_policy_load(path, o->policies_dir, err);
    if (*pp == NULL) {
        return err != NULL && err->code != ODP_OK ? err->code : ODP_ESCHEMA;
    }
    if (o->baseline != NULL) {
        bpath = strdup(o->baseline);
    } else if ((*pp)->ncats == 0) {
        bpath = find_default(path, o->policies_dir);
        if (bpath == NULL) {
            return odp_errf(err, ODP_EIO, &(struct odp_loc){path, 0, 0},
                            "no baseline: the policy extends none and %s.yaml is not beside it, "
                            "in --policies-dir or in ODPUB_POLICY_PATH; pass --baseline FILE",
                            ODP_CHECK_DEFAULT_BASELINE);
        }
    }
    if (bpath != NULL) {
        res->baseline_path = bpath;
        *bp = odp_policy_load(bpath, o->policies_dir, err);
        if (*bp == NULL) {
            return err != NULL && err->code != ODP_OK ? err->code : ODP_ESCHEMA;
        }
        if ((*bp)->ncats == 0) {
            return odp_errf(err, ODP_ESCHEMA, &(struct odp_loc){bpath, 1, 1},
                            "not a baseline: no 'baseline:' categories");
        }
        bl = *bp;
    } else {
        bl = *pp;
        res->baseline_path = strdup(bl->cats[0].path != NULL ? bl->cats[0].path : path);
        if (res->baseline_path == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
    }
    res->ncolumns = (*pp)->ncols;
    rc = check_refs(res, *pp);
    if (rc == ODP_OK) {
        rc = check_privacy(res, *pp);
    }
    if (rc == ODP_OK) {
        rc = check_baseline(res, *pp, bl->cats, bl->ncats);
    }
    if (rc == ODP_OK) {
        rc = odp_policy_placeholders(*pp, placeholder_found, res, err);
        rc = rc > 0 ? ODP_OK : rc;
    }
    if (rc < 0) {
        return odp_errf(err, rc, NULL, "out of memory");
    }
    return ODP_OK;
}

int
odp_check_release(const struct odp_policy *p, struct odp_check_result *res)
{
    int rc;

    memset(res, 0, sizeof(*res));
    res->policy_path = strdup(p->path != NULL ? p->path : "");
    if (res->policy_path == NULL) {
        return ODP_ENOMEM;
    }
    res->ncolumns = p->ncols;
    rc = check_privacy(res, p);
    if (rc == ODP_OK) {
        rc = check_baseline(res, p, p->cats, p->ncats);
    }
    if (rc < 0) {
        return rc;
    }
    return res->nfindings > 0 ? ODP_EVERIFY : ODP_OK;
}

int
odp_check(const char *path, const struct odp_check_opts *o, struct odp_check_result *res,
          struct odp_err *err)
{
    struct odp_check_opts defaults;
    struct odp_policy *p = NULL, *b = NULL;
    int rc;

    memset(res, 0, sizeof(*res));
    if (path == NULL) {
        return odp_errf(err, ODP_EINVAL, NULL, "check needs a policy file");
    }
    if (o == NULL) {
        odp_check_opts_init(&defaults);
        o = &defaults;
    }
    rc = run(path, o, res, &p, &b, err);
    odp_policy_free(p);
    odp_policy_free(b);
    if (rc < 0) {
        odp_check_result_free(res);
        return rc;
    }
    return res->nfindings > 0 ? ODP_EVERIFY : ODP_OK;
}
