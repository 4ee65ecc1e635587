/*
 * diff.c - `odpub diff OLD NEW`: two releases of one dataset compared (odp/diff.h).
 *
 * Each package is opened read-only: a directory in place, an archive through
 * odp_pkg_extract into a private temp dir (policy.yaml, report.json, data/NAME.csv).
 * With a public key both are verified first and a failure stops the comparison.
 *
 * Classes and cells are counted in one table keyed by the length-prefixed published
 * values (so ("ab","c") and ("a","bc") differ), each entry holding the count in OLD and
 * in NEW. Memory grows with classes and cells, never with rows. Only the values of the
 * compared quasi-identifier and group columns enter the table, and so the result.
 *
 * Promise: no value of any other column is read into memory beyond the reader's row
 * view, and nothing is written outside the private temp dir (removed at the end).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "extract.h"
#include "fs.h"
#include "genmap.h"
#include "diff_int.h"
#include "history.h"
#include "json.h"
#include "lint.h"
#include "odp/check.h"
#include "odp/diff.h"
#include "odp/report.h"
#include "odp/verify.h"
#include "policy.h"
#include "sign.h"
#include "table.h"

#define REPORT_MAX (16u << 20)

void
odp_diff_opts_init(struct odp_diff_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->max_listed = 200;
}

/* ---------------------------------------------------------------- one package */

void
odp_pkgview_release(struct odp_pkgview *v)
{
    if (v->xdir != NULL) {
        odp_rmtree(v->xdir);
    }
    free(v->xdir);
    free(v->root);
    free(v->csv);
    odp_report_free(v->rep);
    odp_policy_free(v->pol);
    memset(v, 0, sizeof(*v));
}

static char *
private_dir(struct odp_err *err)
{
    const char *base = getenv("TMPDIR");
    char *d;
    size_t n;

    if (base == NULL || base[0] == '\0') {
        base = "/var/tmp";
    }
    n = strlen(base) + sizeof("/odpub-diff-XXXXXX");
    d = malloc(n);
    if (d == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    snprintf(d, n, "%s/odpub-diff-XXXXXX", base);
    if (mkdtemp(d) == NULL) {
        odp_err_sys(err, base, "cannot create a temporary directory in");
        free(d);
        return NULL;
    }
    return d;
}

/* Rewrites a path under `from` (a private copy) to read `to/...` in an error. */
static void
err_rename(struct odp_err *err, const char *from, const char *to)
{
    size_t n = strlen(from);
    char tmp[sizeof(err->path)];

    if (err == NULL || strncmp(err->path, from, n) != 0) {
        return;
    }
    snprintf(tmp, sizeof(tmp), "%s%s", to, err->path + n);
    snprintf(err->path, sizeof(err->path), "%s", tmp);
}

int
odp_pkgview_open(const char *path, const char *policies_dir, struct odp_pkgview *v,
                 struct odp_err *err)
{
    const struct odp_loc loc = {path, 0, 0};
    struct stat st;
    char *p = NULL, *text = NULL;
    const char *df;
    size_t len;
    int rc;

    memset(v, 0, sizeof(*v));
    v->path = path;
    if (stat(path, &st) != 0) {
        return odp_err_sys(err, path, "cannot read package");
    }
    if (S_ISDIR(st.st_mode)) {
        v->root = strdup(path);
    } else if (odp_pkg_is_archive(path)) {
        v->xdir = private_dir(err);
        if (v->xdir == NULL) {
            return err != NULL && err->code != ODP_OK ? err->code : ODP_EIO;
        }
        rc = odp_pkg_extract(path, v->xdir, err);
        if (rc != ODP_OK) {
            err_rename(err, v->xdir, path);
            return rc;
        }
        v->root = strdup(v->xdir);
    } else {
        return odp_errf(err, ODP_EINVAL, &loc,
                        "not a package: a directory or a .zip, .tar.gz or .tar.zst archive");
    }
    if (v->root == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    p = odp_path_join(v->root, "report.json");
    if (p == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    if (access(p, F_OK) != 0) {
        free(p);
        return odp_errf(err, ODP_ESCHEMA, &loc, "not an odpub package: no report.json");
    }
    rc = odp_read_file(p, REPORT_MAX, &text, &len, err);
    free(p);
    if (rc == ODP_OK) {
        rc = odp_report_parse(text, len, "report.json", &v->rep, err);
    }
    free(text);
    if (rc != ODP_OK) {
        snprintf(err->path, sizeof(err->path), "%s/report.json", path);
        return rc;
    }
    p = odp_path_join(v->root, "policy.yaml");
    if (p == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    v->pol = odp_policy_load(p, policies_dir, err);
    free(p);
    if (v->pol == NULL) {
        if (v->xdir != NULL) {
            err_rename(err, v->xdir, path);
        }
        return err != NULL && err->code != ODP_OK ? err->code : ODP_EPOLICY;
    }
    df = v->rep->output_file;
    if (df == NULL || strncmp(df, "data/", 5) != 0 || strchr(df + 5, '/') != NULL || df[5] == '.' ||
        df[5] == '\0') {
        return odp_errf(err, ODP_ESCHEMA, &loc, "report.json names no data/NAME.csv file");
    }
    v->csv = odp_path_join(v->root, df);
    if (v->csv == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    return ODP_OK;
}

/* ---------------------------------------------------------------- result */

void
odp_diff_strv_free(char **v, size_t n)
{
    size_t i;

    for (i = 0; v != NULL && i < n; i++) {
        free(v[i]);
    }
    free(v);
}

void
odp_diff_classes_free(struct odp_diff_class *c, size_t n, size_t nv)
{
    size_t i;

    for (i = 0; c != NULL && i < n; i++) {
        odp_diff_strv_free(c[i].values, nv);
        free(c[i].column);
    }
    free(c);
}

static void
side_free(struct odp_diff_side *s)
{
    free(s->path);
    free(s->package);
    free(s->dataset);
    free(s->release_date);
    free(s->verify_error);
    free(s->policy_sha256);
    free(s->data_sha256);
}

void
odp_diff_result_free(struct odp_diff_result *r)
{
    size_t i;

    if (r == NULL) {
        return;
    }
    side_free(&r->old);
    side_free(&r->cur);
    for (i = 0; i < r->ncols; i++) {
        struct odp_diff_col *c = &r->cols[i];

        free(c->name);
        free(c->old_action);
        free(c->new_action);
        free(c->old_treatment);
        free(c->new_treatment);
        free(c->category);
        free(c->why);
    }
    free(r->cols);
    free(r->baseline_path);
    odp_diff_classes_free(r->classes, r->nclasses, r->nqi);
    odp_diff_classes_free(r->cells, r->ncells, r->ncell_by);
    odp_diff_strv_free(r->qi, r->nqi);
    odp_diff_strv_free(r->cell_by, r->ncell_by);
    free(r);
}

static char *
dup_or_null(const char *s)
{
    return s != NULL ? strdup(s) : NULL;
}

static int
fill_side(struct odp_diff_side *s, const struct odp_pkgview *v)
{
    const struct odp_report *r = v->rep;

    s->package = dup_or_null(r->package);
    s->dataset = dup_or_null(r->policy);
    s->release_date = dup_or_null(r->release_date);
    s->policy_sha256 = dup_or_null(r->policy_sha256);
    s->data_sha256 = dup_or_null(r->output_sha256);
    s->rows_in = r->rows_in;
    s->rows_out = r->rows_out;
    s->rows_dropped = r->rows_dropped;
    s->rows_suppressed = r->rows_suppressed;
    s->k = r->k;
    s->threshold = r->has_small_cells ? r->small_cell_threshold : 0;
    if ((r->package != NULL && s->package == NULL) || (r->policy != NULL && s->dataset == NULL) ||
        (r->release_date != NULL && s->release_date == NULL)) {
        return ODP_ENOMEM;
    }
    return ODP_OK;
}

/* ---------------------------------------------------------------- columns */

/* How strong an action is on its own (higher = less published). */
static int
rank(enum odp_action a)
{
    switch (a) {
    case ODP_ACT_KEEP:
        return 0;
    case ODP_ACT_SCRUB:
        return 1;
    case ODP_ACT_GENERALIZE:
    case ODP_ACT_ROUND:
    case ODP_ACT_DATE_SHIFT:
        return 2;
    case ODP_ACT_MASK:
    case ODP_ACT_PSEUDONYMIZE:
        return 3;
    case ODP_ACT_REDACT:
        return 4;
    case ODP_ACT_DROP:
        return 5;
    case ODP_ACT__COUNT:
        break;
    }
    return 0;
}

static int
cmp3(double a, double b)
{
    return a < b ? -1 : a > b ? 1 : 0;
}

/* >0 when b is stronger than a, <0 weaker, 0 neither (or not comparable). */
static int
stronger(const struct odp_colrule *a, const struct odp_colrule *b)
{
    if (a->action != b->action) {
        return rank(b->action) - rank(a->action);
    }
    switch (a->action) {
    case ODP_ACT_GENERALIZE:
        if (a->gen != b->gen) {
            return 0;
        }
        if (a->gen == ODP_GEN_DATE) {
            return odp_date_unit_rank(b->date_unit) - odp_date_unit_rank(a->date_unit);
        }
        if (a->gen == ODP_GEN_ZIP) {
            return (int)a->digits - (int)b->digits;
        }
        if (a->gen == ODP_GEN_NUMBER && a->bands == NULL && b->bands == NULL) {
            return cmp3(b->width, a->width);
        }
        if (a->gen == ODP_GEN_NUMBER && a->bands != NULL && b->bands != NULL) {
            return a->nbands > b->nbands ? 1 : a->nbands < b->nbands ? -1 : 0;
        }
        if (a->gen == ODP_GEN_MAP) {
            enum odp_genmap_cmp m = odp_genmap_compare(a->map, b->map);

            return m == ODP_GENMAP_COARSER                             ? 1
                   : m == ODP_GENMAP_FINER || m == ODP_GENMAP_CROSSING ? -1
                                                                       : 0;
        }
        return 0;
    case ODP_ACT_ROUND:
        return (int)a->decimals - (int)b->decimals;
    case ODP_ACT_MASK:
        return (int)(a->keep_first + a->keep_last) - (int)(b->keep_first + b->keep_last);
    case ODP_ACT_DATE_SHIFT:
        return (int)b->max_days - (int)a->max_days;
    case ODP_ACT_SCRUB:
        if (a->detect_mask == b->detect_mask) {
            return (int)b->npatterns - (int)a->npatterns;
        }
        if ((a->detect_mask & b->detect_mask) == a->detect_mask) {
            return 1;
        }
        if ((a->detect_mask & b->detect_mask) == b->detect_mask) {
            return -1;
        }
        return 0;
    case ODP_ACT_KEEP:
    case ODP_ACT_DROP:
    case ODP_ACT_REDACT:
    case ODP_ACT_PSEUDONYMIZE:
    case ODP_ACT__COUNT:
        break;
    }
    return 0;
}

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

/* A column of one release: published (report), dropped, or absent. */
struct colv {
    const char *action; /* "drop" for dropped; NULL absent */
    const char *treatment;
    const struct odp_colrule *rule;
};

/* Both rules generalize by a map: how the new one groups the values (else -1). Two maps
 * of the same size and group count have the same treatment text. */
static int
map_change(const struct colv *a, const struct colv *b)
{
    if (a->rule == NULL || b->rule == NULL || a->rule->action != ODP_ACT_GENERALIZE ||
        b->rule->action != ODP_ACT_GENERALIZE || a->rule->gen != ODP_GEN_MAP ||
        b->rule->gen != ODP_GEN_MAP) {
        return -1;
    }
    return (int)odp_genmap_compare(a->rule->map, b->rule->map);
}

static const char *
map_change_text(int m)
{
    switch (m) {
    case ODP_GENMAP_RENAMED:
        return "the same grouping under other group names";
    case ODP_GENMAP_COARSER:
        return "coarser groups";
    case ODP_GENMAP_FINER:
        return "finer groups";
    case ODP_GENMAP_CROSSING:
        return "groups that cross the old ones (the two releases together single out their "
               "intersections)";
    case ODP_GENMAP_OTHER:
        return "groups of other values (not comparable)";
    default:
        return "";
    }
}

static struct colv
find_col(const struct odp_pkgview *v, const char *name)
{
    struct colv c = {NULL, NULL, NULL};
    size_t i;

    for (i = 0; i < v->rep->ncolumns; i++) {
        if (strcmp(v->rep->columns[i].name, name) == 0) {
            c.action = v->rep->columns[i].action;
            c.treatment = v->rep->columns[i].treatment;
            break;
        }
    }
    for (i = 0; c.action == NULL && i < v->rep->ndropped; i++) {
        if (strcmp(v->rep->dropped_columns[i], name) == 0) {
            c.action = "drop";
            c.treatment = "dropped: not published";
        }
    }
    if (c.action != NULL) {
        c.rule = odp_policy_find(v->pol, name, strlen(name));
    }
    return c;
}

static int
enough(const struct odp_baseline_cat *cat, const struct colv *c)
{
    int a;

    if (c->action == NULL) {
        return 1; /* not in the release: nothing published */
    }
    if (c->rule != NULL) {
        return odp_check_enough(cat, c->rule->action, c->rule->gen, c->rule->date_unit);
    }
    a = odp_action_from_name(c->action);
    return a >= 0 && odp_check_enough(cat, (enum odp_action)a, 0, 0);
}

static int
add_col(struct cmpctx *x, const char *name)
{
    struct odp_diff_result *r = x->res;
    struct colv a = find_col(x->old, name), b = find_col(x->cur, name);
    const struct odp_baseline_cat *cat = NULL;
    struct odp_diff_col *c, *nc;
    char why[1024], allowed[256];
    size_t i;
    int s = 0, old_ok = 1, new_ok = 1, mc = -1;

    for (i = 0; x->baseline != NULL && i < x->baseline->ncats; i++) {
        if (odp_check_matches(&x->baseline->cats[i], name)) {
            cat = &x->baseline->cats[i];
            break;
        }
    }
    nc = realloc(r->cols, (r->ncols + 1) * sizeof(*nc));
    if (nc == NULL) {
        return ODP_ENOMEM;
    }
    r->cols = nc;
    c = &nc[r->ncols++];
    memset(c, 0, sizeof(*c));
    c->name = strdup(name);
    c->old_action = dup_or_null(a.action);
    c->new_action = dup_or_null(b.action);
    c->old_treatment = dup_or_null(a.treatment);
    c->new_treatment = dup_or_null(b.treatment);
    if (cat != NULL) {
        c->category = strdup(cat->category);
        old_ok = enough(cat, &a);
        new_ok = enough(cat, &b);
        c->below_baseline = !new_ok;
    }
    if (c->name == NULL || (a.action != NULL && c->old_action == NULL) ||
        (b.action != NULL && c->new_action == NULL) || (cat != NULL && c->category == NULL)) {
        return ODP_ENOMEM;
    }
    why[0] = '\0';
    if (a.action == NULL) {
        c->change = ODP_DIFF_ADDED;
        snprintf(why, sizeof(why), "new column, %s", b.treatment != NULL ? b.treatment : b.action);
    } else if (b.action == NULL) {
        c->change = ODP_DIFF_REMOVED;
        snprintf(why, sizeof(why), "no longer in the release (was %s)", a.action);
    } else if (strcmp(a.action, b.action) != 0 ||
               strcmp(a.treatment != NULL ? a.treatment : "",
                      b.treatment != NULL ? b.treatment : "") != 0 ||
               (mc = map_change(&a, &b)) > ODP_GENMAP_EQUAL) {
        c->change = ODP_DIFF_RETREATED;
        if (a.rule != NULL && b.rule != NULL) {
            s = stronger(a.rule, b.rule);
        } else {
            int ia = odp_action_from_name(a.action), ib = odp_action_from_name(b.action);

            s = ia >= 0 && ib >= 0 ? rank((enum odp_action)ib) - rank((enum odp_action)ia) : 0;
        }
        c->dir = s > 0 ? ODP_DIFF_STRONGER : s < 0 ? ODP_DIFF_WEAKER : ODP_DIFF_NEUTRAL;
        snprintf(why, sizeof(why), "re-treated from %s (%s) to %s (%s)%s", a.action,
                 a.treatment != NULL ? a.treatment : "", b.action,
                 b.treatment != NULL ? b.treatment : "",
                 s > 0   ? ": stronger"
                 : s < 0 ? ": weaker"
                         : "");
        mc = map_change(&a, &b);
        if (mc > ODP_GENMAP_EQUAL) {
            size_t n = strlen(why);

            snprintf(why + n, sizeof(why) - n, "; the map now gives %s", map_change_text(mc));
        }
    }
    if (cat != NULL && old_ok && !new_ok) {
        size_t n = strlen(why);

        c->dir = ODP_DIFF_WEAKER;
        allowed_text(cat->allowed, allowed, sizeof(allowed));
        snprintf(why + n, sizeof(why) - n,
                 "%sno longer meets the baseline category '%s' (needs %s%s%s)", n > 0 ? "; " : "",
                 cat->category, allowed, cat->min_date_unit != 0 ? "; dates at least to " : "",
                 cat->min_date_unit != 0 ? odp_date_unit_name(cat->min_date_unit) : "");
    } else if (cat != NULL && !new_ok && c->change != ODP_DIFF_SAME) {
        size_t n = strlen(why);

        snprintf(why + n, sizeof(why) - n, "%sbelow the baseline category '%s' in both releases",
                 n > 0 ? "; " : "", cat->category);
    }
    if (why[0] != '\0') {
        c->why = strdup(why);
        if (c->why == NULL) {
            return ODP_ENOMEM;
        }
    }
    switch (c->change) {
    case ODP_DIFF_ADDED:
        r->cols_added++;
        break;
    case ODP_DIFF_REMOVED:
        r->cols_removed++;
        break;
    case ODP_DIFF_RETREATED:
        r->cols_retreated++;
        break;
    case ODP_DIFF_SAME:
        break;
    }
    if (c->dir == ODP_DIFF_WEAKER) {
        r->weakened++;
    } else if (c->dir == ODP_DIFF_STRONGER) {
        r->strengthened++;
    }
    return ODP_OK;
}

static int
seen_col(const struct odp_diff_result *r, const char *name)
{
    size_t i;

    for (i = 0; i < r->ncols; i++) {
        if (strcmp(r->cols[i].name, name) == 0) {
            return 1;
        }
    }
    return 0;
}

static int
compare_columns(struct cmpctx *x)
{
    const struct odp_pkgview *sides[2] = {x->old, x->cur};
    size_t s, i;
    int rc = ODP_OK;

    for (s = 0; s < 2 && rc == ODP_OK; s++) {
        const struct odp_report *rep = sides[s]->rep;

        for (i = 0; i < rep->ncolumns && rc == ODP_OK; i++) {
            if (!seen_col(x->res, rep->columns[i].name)) {
                rc = add_col(x, rep->columns[i].name);
            }
        }
        for (i = 0; i < rep->ndropped && rc == ODP_OK; i++) {
            if (!seen_col(x->res, rep->dropped_columns[i])) {
                rc = add_col(x, rep->dropped_columns[i]);
            }
        }
    }
    return rc;
}

/* The baseline of the comparison: opts->baseline, else nyc-baseline looked up. */
static int
load_baseline(const struct odp_diff_opts *o, struct odp_policy **out, char **path,
              struct odp_err *err)
{
    char *found = NULL;

    *out = NULL;
    if (o->baseline != NULL) {
        found = strdup(o->baseline);
        if (found == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
    } else if (odp_policy_search(ODP_CHECK_DEFAULT_BASELINE, NULL, o->policies_dir, &found) <= 0) {
        return ODP_OK; /* no baseline: columns are still compared with each other */
    }
    *path = found;
    *out = odp_policy_load(found, o->policies_dir, err);
    if (*out == NULL) {
        return err != NULL && err->code != ODP_OK ? err->code : ODP_EPOLICY;
    }
    if ((*out)->ncats == 0) {
        return odp_errf(err, ODP_ESCHEMA, &(struct odp_loc){found, 1, 1},
                        "not a baseline: no 'baseline:' categories");
    }
    return ODP_OK;
}

/* ---------------------------------------------------------------- verification */

static int
verify_side(const char *path, const struct odp_diff_opts *o, struct odp_diff_side *s,
            struct odp_err *err)
{
    struct odp_verify_opts vo;
    struct odp_verify_result *vr = NULL;
    struct odp_err verr;
    struct stat st;
    char detail[1024];
    size_t i;
    int vrc;

    if (stat(path, &st) != 0) {
        return odp_err_sys(err, path, "cannot read package");
    }
    memset(&verr, 0, sizeof(verr));
    odp_verify_opts_init(&vo);
    vo.pubkey_path = o->pubkey_path;
    vrc = odp_verify_package(path, &vo, &vr, &verr);
    if (vrc == ODP_OK && vr != NULL && vr->ok) {
        s->verified = 1;
        odp_verify_result_free(vr);
        return ODP_OK;
    }
    if (vrc == ODP_ENOMEM) {
        odp_verify_result_free(vr);
        *err = verr;
        return vrc;
    }
    snprintf(detail, sizeof(detail), "%s", verr.msg[0] != '\0' ? verr.msg : "verification failed");
    for (i = 0; vr != NULL && i < vr->nchecks; i++) {
        if (!vr->checks[i].ok) {
            snprintf(detail, sizeof(detail), "%s: %s%s%s", vr->checks[i].check, vr->checks[i].file,
                     vr->checks[i].file[0] != '\0' ? ": " : "", vr->checks[i].detail);
            break;
        }
    }
    odp_verify_result_free(vr);
    s->verify_error = strdup(detail);
    return s->verify_error != NULL ? ODP_EVERIFY : odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
}

/* ---------------------------------------------------------------- the job */

int
odp_diff(const char *old_pkg, const char *new_pkg, const struct odp_diff_opts *o,
         struct odp_diff_result **out, struct odp_err *err)
{
    struct odp_diff_opts dflt;
    struct odp_diff_result *r = calloc(1, sizeof(*r));
    struct odp_pkgview a, b;
    struct odp_policy *bl = NULL;
    struct cmpctx x;
    int rc, vfail = 0;

    memset(&a, 0, sizeof(a));
    memset(&b, 0, sizeof(b));
    *out = r;
    if (r == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    if (o == NULL) {
        odp_diff_opts_init(&dflt);
        o = &dflt;
    }
    if (old_pkg == NULL || new_pkg == NULL) {
        return odp_errf(err, ODP_EINVAL, NULL, "diff needs two packages, OLD and NEW");
    }
    r->old.path = strdup(old_pkg);
    r->cur.path = strdup(new_pkg);
    if (r->old.path == NULL || r->cur.path == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    if (o->pubkey_path != NULL) {
        struct odp_pubkey *pk = NULL;

        /* an unusable key is bad input (exit 2), not a failed verification */
        rc = odp_pubkey_load(o->pubkey_path, &pk, err);
        odp_pubkey_free(pk);
        if (rc != ODP_OK) {
            return rc;
        }
        rc = verify_side(old_pkg, o, &r->old, err);
        if (rc == ODP_OK || rc == ODP_EVERIFY) {
            vfail += rc == ODP_EVERIFY;
            rc = verify_side(new_pkg, o, &r->cur, err);
            vfail += rc == ODP_EVERIFY;
        }
        if (rc != ODP_OK && rc != ODP_EVERIFY) {
            return rc;
        }
        if (vfail > 0) {
            r->findings = (size_t)vfail;
            return odp_errf(
                err, ODP_EVERIFY,
                &(struct odp_loc){r->old.verify_error != NULL ? old_pkg : new_pkg, 0, 0},
                "verification failed: %s",
                r->old.verify_error != NULL ? r->old.verify_error : r->cur.verify_error);
        }
    }
    rc = odp_pkgview_open(old_pkg, o->policies_dir, &a, err);
    if (rc == ODP_OK) {
        rc = odp_pkgview_open(new_pkg, o->policies_dir, &b, err);
    }
    if (rc == ODP_OK) {
        rc = fill_side(&r->old, &a) == ODP_OK && fill_side(&r->cur, &b) == ODP_OK
                 ? ODP_OK
                 : odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    if (rc == ODP_OK && (r->old.dataset == NULL || r->cur.dataset == NULL ||
                         strcmp(r->old.dataset, r->cur.dataset) != 0)) {
        rc = odp_errf(err, ODP_EINVAL, &(struct odp_loc){new_pkg, 0, 0},
                      "not a release of the same dataset: OLD is '%s', NEW is '%s' (diff "
                      "compares two releases of one dataset)",
                      r->old.dataset != NULL ? r->old.dataset : "?",
                      r->cur.dataset != NULL ? r->cur.dataset : "?");
    }
    if (rc == ODP_OK) {
        rc = load_baseline(o, &bl, &r->baseline_path, err);
    }
    x.old = &a;
    x.cur = &b;
    x.baseline = bl;
    x.res = r;
    if (rc == ODP_OK) {
        rc = compare_columns(&x) == ODP_OK ? ODP_OK
                                           : odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    if (rc == ODP_OK) {
        rc = odp_diff_classes(&x, o, err);
    }
    if (rc == ODP_OK) {
        rc = odp_diff_cells(&x, o, err);
    }
    odp_policy_free(bl);
    odp_pkgview_release(&a);
    odp_pkgview_release(&b);
    if (rc != ODP_OK) {
        return rc;
    }
    r->findings = r->weakened + (size_t)r->classes_risk + (size_t)r->cells_risk;
    r->ok = r->findings == 0;
    return r->ok ? ODP_OK : ODP_EVERIFY;
}
