/*
 * audit.c - the audit job: apply a policy without writing, and measure what leaks.
 *
 * DATA mode compiles the release plan (policy.h + plan.h, keys loaded as release.c does)
 * and streams the extract once: drop_when, every transform, then the published fields
 * are scanned and their quasi-identifier tuple counted (kanon.h). PKG mode reads a
 * package's data/ CSV files as published and takes the rules and quasi-identifiers from the
 * package's own policy.yaml.
 *
 * Speed: a column is scanned only when its action can leave an identifier in place
 * (keep, mask, scrub, or a column the package policy does not name), and only by the
 * detectors that can fire there: person_name and license need a header that implies
 * them, and each detector's literal prefilter (inside detect.c) rejects most values
 * before PCRE2 runs.
 *
 * Promises: memory is bounded by columns and classes, never rows; the result and every
 * error hold column names, counts and line numbers, never a cell value.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "odp/audit.h"
#include "fs.h"
#include "json.h"
#include "classify.h"
#include "lint.h"
#include "detect.h"
#include "extract.h"
#include "kanon.h"
#include "valmemo.h"
#include "risk_release.h"
#include "risk_report.h"
#include "keyring.h"
#include "plan.h"
#include "smallcells.h"
#include "table.h"

/* Detectors audit runs (the others - date, bbl - describe records, not people). */
#define ODP_AUDIT_DETECTORS                                                                        \
    ((1u << ODP_DET_EMAIL) | (1u << ODP_DET_PHONE) | (1u << ODP_DET_SSN) |                         \
     (1u << ODP_DET_CREDIT_CARD) | (1u << ODP_DET_IP) | (1u << ODP_DET_ADDRESS) |                  \
     (1u << ODP_DET_PERSON_NAME) | (1u << ODP_DET_LICENSE) | ODP_AUDIT_TEXT_DETECTORS)

/*
 * Free-text detectors (person names in running text, apartments, case numbers, birth
 * dates, plates, badges, licences after a cue): run on every value that reads as free
 * text, and on other values only when the header implies them.
 */
#define ODP_AUDIT_TEXT_DETECTORS                                                                   \
    ((1u << ODP_DET_APARTMENT) | (1u << ODP_DET_CASE_NUMBER) | (1u << ODP_DET_DOB) |               \
     (1u << ODP_DET_PLATE) | (1u << ODP_DET_BADGE))
#define FREE_TEXT_ONLY                                                                             \
    ((1u << ODP_DET_PERSON_NAME) | (1u << ODP_DET_LICENSE) | ODP_AUDIT_TEXT_DETECTORS)

/* A free-text scrub without these leaves names or apartments behind: a warning. */
#define SCRUB_TEXT_NEEDS ((1u << ODP_DET_PERSON_NAME) | (1u << ODP_DET_APARTMENT))

/* A value at least this long with at least LONG_TEXT_SPACES spaces reads as free text. */
#define LONG_TEXT_BYTES 32u
#define LONG_TEXT_SPACES 3u

/* Detectors whose match on most values of a kept column is a finding on its own. */
#define AUDIT_VALUE_DETS                                                                           \
    ((1u << ODP_DET_EMAIL) | (1u << ODP_DET_PHONE) | (1u << ODP_DET_SSN) |                         \
     (1u << ODP_DET_CREDIT_CARD) | (1u << ODP_DET_IP))

/* Context-only detectors: they fire only on columns whose header implies them. */
#define CONTEXT_DETECTORS ((1u << ODP_DET_PERSON_NAME) | (1u << ODP_DET_LICENSE))

struct acol {
    uint32_t scan;         /* detectors to run on this column */
    char *hint;            /* NUL-terminated header, for context detectors */
    uint32_t kinds;        /* odp_column_hint_kinds(hint), all bits */
    uint32_t scrub_detect; /* the scrub rule's detectors (scrub columns) */
    size_t in_idx;         /* input column (error positions) */
    int small_cell;        /* a small_cells counted column */
    int exempt;            /* the rule says `exempt:` (the baseline does not apply) */
};

struct job {
    const struct odp_audit_opts *o;
    struct odp_audit_result *res;
    struct odp_policy *policy;
    struct odp_keyring *keys;
    struct odp_detect *det;
    /* per file */
    struct odp_table *table;
    struct odp_plan *plan;
    struct odp_kanon *kanon;
    struct odp_cls *cls;         /* the column classifier over the published columns */
    struct odp_policy *baseline; /* nyc-baseline when the policy has no categories */
    struct odp_riskjob *risk;    /* --html: risk models (lib/privacy) */
    struct acol *ac;
    size_t nac;
    size_t *qi;
    size_t nqi;
    char *xdir; /* a package archive's policy and data, extracted (removed at the end) */
    struct odp_valmemo *memo; /* per file: a value's detector hits by column (NULL: none) */
};

void
odp_audit_opts_init(struct odp_audit_opts *o)
{
    memset(o, 0, sizeof(*o));
}

static void
file_release(struct odp_audit_file *f)
{
    size_t i;

    for (i = 0; i < f->ncols; i++) {
        free(f->cols[i].name);
        free(f->cols[i].why);
    }
    free(f->cols);
    free(f->data_path);
    free(f->privacy_json);
}

void
odp_audit_result_free(struct odp_audit_result *res)
{
    size_t i;

    if (res == NULL) {
        return;
    }
    for (i = 0; i < res->nfiles; i++) {
        file_release(&res->files[i]);
    }
    for (i = 0; i < res->nqi; i++) {
        free(res->qi[i]);
    }
    free(res->qi);
    free(res->files);
    free(res->policy_path);
    free(res->policy_name);
    free(res->throwaway_reason);
    for (i = 0; i < res->nweaker; i++) {
        free(res->weaker[i]);
    }
    free(res->weaker);
    memset(res, 0, sizeof(*res));
}

static void
file_job_release(struct job *j)
{
    odp_cls_free(j->cls);
    j->cls = NULL;
    odp_valmemo_free(j->memo);
    j->memo = NULL;
    size_t i;

    for (i = 0; i < j->nac; i++) {
        free(j->ac[i].hint);
    }
    free(j->ac);
    free(j->qi);
    odp_kanon_free(j->kanon);
    odp_riskjob_free(j->risk);
    j->risk = NULL;
    odp_plan_free(j->plan);
    odp_table_free(j->table);
    j->ac = NULL;
    j->nac = 0;
    j->qi = NULL;
    j->nqi = 0;
    j->kanon = NULL;
    j->plan = NULL;
    j->table = NULL;
}

static int
find_name(const struct odp_field *h, size_t n, const char *name, size_t *idx)
{
    size_t i, len = strlen(name);

    for (i = 0; i < n; i++) {
        if (h[i].len == len && memcmp(h[i].p, name, len) == 0) {
            *idx = i;
            return 1;
        }
    }
    return 0;
}

/* Whether an action can leave an identifier in the published value. */
static int
scanned_action(enum odp_action a)
{
    return a == ODP_ACT_KEEP || a == ODP_ACT_MASK || a == ODP_ACT_SCRUB;
}

/* Sets up the columns of one file: names, rules, what to scan, QIs, small cells. */
static int
setup_columns(struct job *j, struct odp_audit_file *f, const struct odp_field *hdr, size_t n,
              struct odp_err *err)
{
    const struct odp_row *in = odp_table_header(j->table);
    const struct odp_policy *p = j->policy;
    const struct odp_audit_result *res = j->res;
    struct odp_loc ploc = {p->path, p->qi_line, p->qi_col};
    size_t i;

    f->cols = calloc(n + 1, sizeof(*f->cols));
    j->ac = calloc(n + 1, sizeof(*j->ac));
    j->qi = calloc(res->nqi + 1, sizeof(*j->qi));
    if (f->cols == NULL || j->ac == NULL || j->qi == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    f->ncols = n;
    j->nac = n;
    j->memo = odp_valmemo_new(); /* without it every value is scanned: slower, the same */
    for (i = 0; i < n; i++) {
        struct odp_audit_col *c = &f->cols[i];
        struct acol *a = &j->ac[i];
        const struct odp_colrule *r = odp_policy_find(p, hdr[i].p, hdr[i].len);

        c->name = strndup(hdr[i].p, hdr[i].len);
        a->hint = strndup(hdr[i].p, hdr[i].len);
        if (c->name == NULL || a->hint == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
        c->named = r != NULL;
        a->exempt = r != NULL && r->exempt != NULL;
        c->action = r != NULL ? r->action : ODP_ACT_KEEP;
        a->kinds = odp_column_hint_kinds(a->hint);
        c->hint_kinds = a->kinds & ODP_AUDIT_DETECTORS;
        c->scanned = scanned_action(c->action);
        if (c->scanned) {
            a->scan = ODP_AUDIT_DETECTORS;
        }
        a->scrub_detect = r != NULL && r->action == ODP_ACT_SCRUB ? r->detect_mask : 0;
        if (!find_name(in->f, in->n, c->name, &a->in_idx)) {
            a->in_idx = i;
        }
    }
    {
        const char **names = calloc(n + 1, sizeof(*names));

        if (names == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
        for (i = 0; i < n; i++) {
            names[i] = j->ac[i].hint;
        }
        j->cls = odp_cls_new(n, names, err);
        free(names);
        if (j->cls == NULL) {
            return err != NULL && err->code != ODP_OK ? err->code : ODP_ENOMEM;
        }
    }
    for (i = 0; i < res->nqi; i++) {
        if (!find_name(hdr, n, res->qi[i], &j->qi[i])) {
            return odp_errf(err, j->o->qi != NULL ? ODP_EINVAL : ODP_EPOLICY,
                            j->o->qi != NULL ? NULL : &ploc,
                            "quasi-identifier '%s' is not a published column of %s", res->qi[i],
                            odp_table_path(j->table));
        }
    }
    j->nqi = res->nqi;
    if (odp_smallcells_wanted(p)) {
        for (i = 0; i < p->nsc_columns; i++) {
            size_t k;

            if (find_name(hdr, n, p->sc_columns[i], &k)) {
                j->ac[k].small_cell = 1;
            }
        }
    }
    if (j->nqi > 0) {
        j->kanon = odp_kanon_new(err);
        if (j->kanon == NULL) {
            return ODP_ENOMEM;
        }
        f->has_risk = 1;
    }
    return ODP_OK;
}

_Static_assert(ODP_DET__COUNT <= 31, "a memo entry holds the hits in bits 0..30");

/* Records one hit of detector d in column c at `line`. */
static void
add_hit(struct odp_audit_col *c, int d, uint64_t line)
{
    struct odp_audit_hits *h = &c->hits[d];

    if (h->nlines < ODP_AUDIT_EXAMPLES) {
        h->lines[h->nlines++] = line;
    }
    h->count++;
    c->hit_mask |= 1u << d;
}

/* A published count under the threshold that is not the suppression marker. */
static int
small_count(const struct odp_policy *p, const struct odp_field *v)
{
    const char *m = p->sc_marker != NULL ? p->sc_marker : "";
    uint64_t x = 0;
    size_t i;

    if (v->len == strlen(m) && memcmp(v->p, m, v->len) == 0) {
        return 0;
    }
    if (v->len == 0 || v->len > 19) {
        return 0;
    }
    for (i = 0; i < v->len; i++) {
        if (v->p[i] < '0' || v->p[i] > '9') {
            return 0;
        }
        x = x * 10 + (uint64_t)(v->p[i] - '0');
    }
    return x < p->sc_threshold;
}

/*
 * Detectors that can possibly match s[0..n), from one pass over the bytes. Each test is
 * implied by (never stricter than) the detector's own prefilter in detect.c, so a skip
 * never hides a hit; it only saves the calls, which dominate on short categorical
 * values. Context detectors are left to detect.c.
 */
static uint32_t
possible(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    uint32_t m = CONTEXT_DETECTORS | FREE_TEXT_ONLY;
    size_t i, digits = 0;

    for (i = 0; i < n; i++) {
        digits += (unsigned)(p[i] - '0') < 10u;
    }
    if (n >= 6 && memchr(s, '@', n) != NULL) {
        m |= 1u << ODP_DET_EMAIL;
    }
    /* IPv6 can be all hex letters ("abcd::ef"): only ':' decides there. */
    if (n >= 3 && (memchr(s, ':', n) != NULL || (digits >= 4 && memchr(s, '.', n) != NULL))) {
        m |= 1u << ODP_DET_IP;
    }
    if (digits == 0) {
        return m;
    }
    if (n >= 6) {
        m |= 1u << ODP_DET_ADDRESS;
    }
    if (digits >= 9) {
        m |= 1u << ODP_DET_SSN;
    }
    if (digits >= 10) {
        m |= 1u << ODP_DET_PHONE;
    }
    if (digits >= 13) {
        m |= 1u << ODP_DET_CREDIT_CARD;
    }
    return m;
}

/* Scans the published fields of one row. */
static int
scan_row(struct job *j, struct odp_audit_file *f, const struct odp_field *fl, uint64_t line,
         struct odp_err *err)
{
    struct odp_err local;
    size_t i, k, spaces;
    uint32_t can, memo, found;
    int d, rc;

    for (i = 0; i < j->nac; i++) {
        const struct odp_field *v = &fl[i];
        struct odp_audit_col *c = &f->cols[i];
        const struct acol *a = &j->ac[i];
        size_t b, e;

        if (c->action == ODP_ACT_KEEP) {
            rc = odp_cls_observe(j->cls, i, v->p, v->len, err);
            if (rc < 0) {
                return rc;
            }
        }
        if (v->len == 0) {
            continue;
        }
        c->values++;
        if (a->small_cell && small_count(j->policy, v)) {
            f->small_cells_below++;
        }
        if (a->scan == 0) {
            continue;
        }
        /* A value met before in this column: the same hits (the detectors see only the
         * value and the column), recorded at this line. Bit 31: long text. */
        if (odp_valmemo_get(j->memo, (uint32_t)i, v->p, v->len, &memo)) {
            c->long_text += memo >> 31;
            for (d = 0; d < ODP_DET__COUNT; d++) {
                if (memo & (1u << d)) {
                    add_hit(c, d, line);
                }
            }
            continue;
        }
        found = 0;
        spaces = 0;
        if (v->len >= LONG_TEXT_BYTES) {
            for (k = 0; k < v->len && spaces < LONG_TEXT_SPACES; k++) {
                spaces += v->p[k] == ' ';
            }
            c->long_text += spaces >= LONG_TEXT_SPACES;
        }
        can = a->scan & possible(v->p, v->len);
        if (spaces < LONG_TEXT_SPACES) {
            /* not free text: the text detectors only where the header implies them */
            can &= ~(FREE_TEXT_ONLY & ~a->kinds);
        }
        for (d = 0; can != 0 && d < ODP_DET__COUNT; d++) {
            if ((can & (1u << d)) == 0) {
                continue;
            }
            local.code = ODP_OK; /* first-error-wins needs only the code cleared */
            rc = odp_detect_find_kinds(j->det, (enum odp_detector)d, v->p, v->len, 0, a->kinds, &b,
                                       &e, &local);
            if (rc < 0) {
                uint64_t l = line, col = 0;

                odp_table_locate(j->table, a->in_idx, &l, &col);
                return odp_errf(err, rc, &(struct odp_loc){odp_table_path(j->table), l, col},
                                "column '%s': %s", c->name, local.msg);
            }
            if (rc == 1) {
                add_hit(c, d, line);
                found |= 1u << d;
            }
        }
        odp_valmemo_put(j->memo, (uint32_t)i, v->p, v->len,
                        found | (spaces >= LONG_TEXT_SPACES ? 1u << 31 : 0));
    }
    if (j->kanon != NULL) {
        return odp_kanon_add(j->kanon, fl, j->qi, j->nqi, err);
    }
    return ODP_OK;
}

/*
 * A kept column whose name matches a baseline category, when the values did not clear
 * it (few values, or no evidence either way): named, with the category as evidence.
 */
static void
baseline_name(struct job *j, struct odp_audit_col *c)
{
    const struct odp_policy *b = j->policy;
    size_t k;

    if (b->ncats == 0) {
        if (j->baseline == NULL) {
            char *path = NULL;

            if (odp_policy_search("nyc-baseline", NULL, j->o->policies_dir, &path) == 1) {
                j->baseline = odp_policy_load(path, j->o->policies_dir, NULL);
            }
            free(path);
        }
        b = j->baseline;
    }
    for (k = 0; b != NULL && k < b->ncats; k++) {
        char why[300];

        if (b->cats[k].allowed != 0 && !(b->cats[k].allowed & (1u << ODP_ACT_KEEP)) &&
            odp_check_matches(&b->cats[k], c->name)) {
            snprintf(why, sizeof(why),
                     "the name matches baseline category '%s' and the values "
                     "do not contradict it%s%s",
                     b->cats[k].category, c->why ? "; " : "", c->why ? c->why : "");
            free(c->why);
            c->why = strdup(why);
            c->identifier = 1;
            return;
        }
    }
}

/*
 * The baseline lint of `odpub check` (odp_check_release: the categories the policy's
 * extends chain brings in, with their minimums), each finding an audit finding too, so a
 * no-op treatment (`digits: 5`, `round: 6`, a wide mask) is named by audit as by check.
 */
static int
audit_weaker(struct job *j, struct odp_err *err)
{
    struct odp_audit_result *res = j->res;
    struct odp_check_result cr;
    size_t i;
    int rc = odp_check_release(j->policy, &cr);

    if (rc == ODP_EVERIFY) {
        res->weaker = calloc(cr.nfindings, sizeof(*res->weaker));
        rc = res->weaker != NULL ? ODP_OK : ODP_ENOMEM;
        for (i = 0; rc == ODP_OK && i < cr.nfindings; i++) {
            const struct odp_check_finding *f = &cr.findings[i];
            const char *path = f->path != NULL ? f->path : "";
            int n = snprintf(NULL, 0, "%s:%llu:%llu: %s", path, (unsigned long long)f->line,
                             (unsigned long long)f->col, f->msg);
            char *m = n >= 0 ? malloc((size_t)n + 1) : NULL;

            if (m != NULL) {
                snprintf(m, (size_t)n + 1, "%s:%llu:%llu: %s", path, (unsigned long long)f->line,
                         (unsigned long long)f->col, f->msg);
            }
            rc = m != NULL ? ODP_OK : ODP_ENOMEM;
            if (m != NULL) {
                res->weaker[res->nweaker++] = m;
            }
        }
        res->findings += res->nweaker;
    }
    odp_check_result_free(&cr);
    return rc == ODP_ENOMEM ? odp_errf(err, ODP_ENOMEM, NULL, "out of memory") : rc;
}

/* Findings and warnings of one file, once every row was seen. */
static void
conclude(struct job *j, struct odp_audit_file *f)
{
    const struct odp_audit_result *res = j->res;
    size_t i;
    int d;

    if (j->cls != NULL) {
        (void)odp_cls_decide(j->cls, NULL);
    }
    for (i = 0; i < f->ncols; i++) {
        struct odp_audit_col *c = &f->cols[i];

        for (d = 0; d < ODP_DET__COUNT; d++) {
            if (c->hits[d].count > 0) {
                f->findings++;
            }
            if (c->values > 0 && c->hits[d].count * 2 > c->values) {
                c->looks_like |= 1u << d;
            }
        }
        if (c->action == ODP_ACT_KEEP && j->cls != NULL) {
            const struct odp_cls_verdict *v = odp_cls_verdict(j->cls, i);

            c->kind = odp_cls_kind_name(v->kind);
            c->why = v->why[0] != '\0' ? strdup(v->why) : NULL;
            /* a detector that matches most values of a kept column is a finding too */
            if (v->protect || (c->looks_like & AUDIT_VALUE_DETS) != 0) {
                c->identifier = 1;
                f->findings++;
            } else if (!v->cleared && !j->ac[i].exempt) {
                baseline_name(j, c);
                f->findings += c->identifier;
            }
        }
        if (c->scanned && c->action != ODP_ACT_SCRUB && c->long_text > 0 &&
            c->long_text * 5 >= c->values) {
            c->free_text = 1;
            f->warnings++;
        }
        if (c->action == ODP_ACT_SCRUB && i < j->nac && c->long_text > 0 &&
            c->long_text * 5 >= c->values &&
            (j->ac[i].scrub_detect & SCRUB_TEXT_NEEDS) != SCRUB_TEXT_NEEDS) {
            c->scrub_omits = SCRUB_TEXT_NEEDS & ~j->ac[i].scrub_detect;
            f->warnings++;
        }
        if (!c->named) {
            f->warnings++;
        }
    }
    if (f->has_risk) {
        odp_kanon_stats(j->kanon, res->k, &f->risk);
        if (res->k > 0 && f->risk.classes_below_k > 0) {
            if (f->k_suppresses) {
                f->warnings++;
            } else {
                f->findings++;
            }
        }
    }
    if (f->small_cells_below > 0) {
        if (res->pkg) {
            f->findings++;
        } else {
            f->warnings++;
        }
    }
}

/*
 * The policy's keys, or (o->throwaway_key, or those keys cannot be read) throwaway
 * random keys: an auditor need not hold the production key, since a pseudonym's value
 * changes no count and no finding. A policy error (an undeclared key) still fails.
 */
static struct odp_keyring *
audit_keys(const struct odp_audit_opts *o, struct odp_audit_result *res, const struct odp_policy *p,
           struct odp_err *err)
{
    struct odp_keyring *kr = NULL;
    struct odp_err kerr;
    char line[1024];

    odp_err_clear(&kerr);
    if (o->throwaway_key <= 0) {
        kr = odp_keyring_load(p, o->throwaway_key < 0 ? err : &kerr);
        if (kr != NULL || o->throwaway_key < 0 || kerr.code != ODP_EKEY) {
            if (kr == NULL && o->throwaway_key == 0 && err != NULL && err->code == ODP_OK) {
                *err = kerr;
            }
            return kr;
        }
        res->throwaway_reason = strdup(odp_err_format(&kerr, line, sizeof(line)));
        if (res->throwaway_reason == NULL) {
            odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
            return NULL;
        }
    }
    kr = odp_keyring_throwaway(p, err);
    res->throwaway_key = kr != NULL;
    return kr;
}

/* --html: the risk models judged as release would, and the readable report. */
static int
audit_html(struct job *j, struct odp_audit_file *f, struct odp_err *err)
{
    struct odp_risk_html_in in;
    struct odp_kanon_stats ks;
    size_t ncols;

    odp_riskjob_kstats(j->risk, &ks);
    memset(&in, 0, sizeof(in));
    in.title = j->policy->dataset.title;
    in.package = j->policy->name != NULL ? j->policy->name : "audit";
    in.release_date = "(audit, not released)";
    in.rows_in = f->rows_in;
    in.rows_dropped = f->rows_dropped;
    in.rows_suppressed = odp_riskjob_rows_suppressed(j->risk);
    in.rows_out = f->rows - in.rows_suppressed;
    in.cols = odp_plan_colinfo(j->plan, &ncols);
    in.ncols = in.cols != NULL ? ncols : 0;
    return odp_riskjob_html_file(j->risk, j->o->html, &in, 1, err);
}

/* The risk models judged as release would: for --json (privacy_json) and --html. A
 * policy no level of which meets its models is a finding for --json, an error (exit 1,
 * as before) for --html. */
static int
audit_models(struct job *j, struct odp_audit_file *f, struct odp_err *err)
{
    int changed, rc = odp_riskjob_decide(j->risk, &changed, err);

    if (rc == ODP_EVERIFY && j->o->html == NULL) {
        f->findings++;
        odp_err_clear(err);
        rc = ODP_OK;
    }
    if (rc < 0) {
        return rc;
    }
    f->privacy_json = odp_riskjob_json(j->risk);
    if (f->privacy_json == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    return j->o->html != NULL ? audit_html(j, f, err) : ODP_OK;
}

/* DATA mode: the plan decides what is published. */
static int
audit_data(struct job *j, struct odp_audit_file *f, struct odp_err *err)
{
    const struct odp_audit_opts *o = j->o;
    const struct odp_policy *p = j->policy;
    /* --delimiter / --encoding, else the policy's dataset keys */
    struct odp_read_opts ro = {
        o->delimiter != 0 ? o->delimiter : p->dataset.delimiter,
        o->encoding != ODP_ENC_DEFAULT ? o->encoding : (enum odp_encoding)p->dataset.encoding,
        0 /* strict, as release */};
    struct odp_row row;
    int rc;

    j->table = odp_table_open_opts(o->data, (enum odp_input_format)o->data_format, 0, &ro, err);
    if (j->table == NULL) {
        return err != NULL && err->code != ODP_OK ? err->code : ODP_EIO;
    }
    f->data_path = strdup(odp_table_path(j->table));
    if (f->data_path == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    j->plan = odp_plan_compile(p, j->table, j->keys, err);
    if (j->plan == NULL) {
        return err != NULL && err->code != ODP_OK ? err->code : ODP_EPOLICY;
    }
    rc = setup_columns(j, f, odp_plan_out_header(j->plan), odp_plan_nout(j->plan), err);
    if (rc < 0) {
        return rc;
    }
    if (o->html != NULL || (o->qi == NULL && odp_riskjob_wanted(p))) {
        j->risk = odp_riskjob_new(j->policy, j->table, odp_plan_out_header(j->plan),
                                  odp_plan_nout(j->plan), j->keys, err);
        if (j->risk == NULL) {
            return err != NULL && err->code != ODP_OK ? err->code : ODP_ENOMEM;
        }
    }
    /* With the policy's own QIs, k and suppress, release removes the small classes. */
    f->k_suppresses =
        o->qi == NULL && p->k > 0 && p->on_violation == ODP_VIOL_SUPPRESS && j->res->k <= p->k;
    while ((rc = odp_table_next(j->table, &row, err)) == ODP_OK) {
        f->rows_in++;
        if (o->progress != NULL && f->rows_in % 65536 == 0) {
            o->progress(o->progress_ctx, f->rows_in, odp_table_bytes_read(j->table));
        }
        rc = odp_plan_drop(j->plan, &row, err);
        if (rc < 0) {
            return rc;
        }
        if (rc == 1) {
            f->rows_dropped++;
            continue;
        }
        rc = odp_plan_row(j->plan, j->table, &row, 0, err);
        if (rc < 0) {
            return rc;
        }
        f->rows++;
        rc = scan_row(j, f, odp_plan_out_fields(j->plan), row.line, err);
        if (rc == ODP_OK && j->risk != NULL) {
            rc = odp_riskjob_count(j->risk, &row, odp_plan_out_fields(j->plan), err);
        }
        if (rc < 0) {
            return rc;
        }
    }
    if (rc != ODP_END) {
        return rc;
    }
    conclude(j, f);
    return j->risk != NULL ? audit_models(j, f, err) : ODP_OK;
}

/* PKG mode: one published data file as it is. */
static int
audit_published(struct job *j, struct odp_audit_file *f, const char *path, struct odp_err *err)
{
    const struct odp_row *h;
    struct odp_row row;
    int rc;

    f->data_path = strdup(path);
    if (f->data_path == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    j->table = odp_table_open(path, ODP_FMT_CSV, 0, err);
    if (j->table == NULL) {
        return err != NULL && err->code != ODP_OK ? err->code : ODP_EIO;
    }
    h = odp_table_header(j->table);
    rc = setup_columns(j, f, h->f, h->n, err);
    if (rc < 0) {
        return rc;
    }
    while ((rc = odp_table_next(j->table, &row, err)) == ODP_OK) {
        f->rows_in++;
        f->rows++;
        rc = scan_row(j, f, row.f, row.line, err);
        if (rc < 0) {
            return rc;
        }
    }
    if (rc != ODP_END) {
        return rc;
    }
    conclude(j, f);
    return ODP_OK;
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The package's data/ CSV files, sorted by name. */
static int
list_data(const char *pkg, char ***out, size_t *n, struct odp_err *err)
{
    char *dir = odp_path_join(pkg, "data");
    char **v = NULL, **nv;
    size_t cap = 0, len;
    struct dirent *de;
    DIR *d;
    int rc = ODP_OK;

    *out = NULL;
    *n = 0;
    if (dir == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    d = opendir(dir);
    if (d == NULL) {
        rc = odp_err_sys(err, dir, "cannot read the package's data directory");
        free(dir);
        return rc;
    }
    while (rc == ODP_OK && (de = readdir(d)) != NULL) {
        len = strlen(de->d_name);
        if (len < 5 || de->d_name[0] == '.' || strcmp(de->d_name + len - 4, ".csv") != 0) {
            continue;
        }
        if (*n == cap) {
            cap = cap ? cap * 2 : 4;
            nv = realloc(v, cap * sizeof(*v));
            if (nv == NULL) {
                rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
                break;
            }
            v = nv;
        }
        v[*n] = odp_path_join(dir, de->d_name);
        if (v[*n] == NULL) {
            rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
            break;
        }
        (*n)++;
    }
    closedir(d);
    if (rc == ODP_OK && *n == 0) {
        rc = odp_errf(err, ODP_EINVAL, &(struct odp_loc){dir, 0, 0},
                      "no .csv file in the package's data directory");
    }
    free(dir);
    if (v != NULL) {
        qsort(v, *n, sizeof(*v), cmp_str);
    }
    *out = v;
    return rc;
}

/* Quasi-identifiers and k: from the options, else from the policy. */
static int
choose_qi(struct job *j, struct odp_err *err)
{
    const struct odp_audit_opts *o = j->o;
    struct odp_audit_result *res = j->res;
    const char *const *names = o->qi != NULL ? o->qi : (const char *const *)j->policy->qi;
    size_t n = o->qi != NULL ? o->nqi : j->policy->nqi, i;

    res->k = o->k > 0 ? o->k : j->policy->k;
    res->qi = calloc(n + 1, sizeof(*res->qi));
    if (res->qi == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    for (i = 0; i < n; i++) {
        res->qi[i] = strdup(names[i]);
        if (res->qi[i] == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
        res->nqi++;
    }
    return ODP_OK;
}

/* If `p` starts with the directory `from`, replaces that prefix by `to`. */
static void
rename_prefix(char *p, size_t cap, const char *from, const char *to)
{
    size_t fl = strlen(from), tl = strlen(to), pl = strlen(p);

    if (strncmp(p, from, fl) != 0 || (p[fl] != '/' && p[fl] != '\0') || tl + (pl - fl) + 1 > cap) {
        return;
    }
    memmove(p + tl, p + fl, pl - fl + 1);
    memcpy(p, to, tl);
}

/* Same for an owned string (replaced in place by a new one). */
static int
rename_owned(char **p, const char *from, const char *to)
{
    size_t cap;
    char *n;

    if (*p == NULL) {
        return ODP_OK;
    }
    cap = strlen(*p) + strlen(to) + 1;
    n = malloc(cap);
    if (n == NULL) {
        return ODP_ENOMEM;
    }
    memcpy(n, *p, strlen(*p) + 1);
    rename_prefix(n, cap, from, to);
    free(*p);
    *p = n;
    return ODP_OK;
}

/* A private directory for an archive's policy and data: $TMPDIR, else /var/tmp. */
static char *
make_xdir(struct odp_err *err)
{
    const char *base = getenv("TMPDIR");
    char *d;
    size_t n;

    if (base == NULL || base[0] == '\0') {
        base = "/var/tmp";
    }
    n = strlen(base) + sizeof("/odpub-audit-XXXXXX");
    d = malloc(n);
    if (d == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    snprintf(d, n, "%s/odpub-audit-XXXXXX", base);
    if (mkdtemp(d) == NULL) {
        odp_err_sys(err, base, "cannot create a temporary directory in");
        free(d);
        return NULL;
    }
    return d;
}

static int run_root(struct job *j, const char *root, struct odp_err *err);

static int
run(struct job *j, struct odp_err *err)
{
    const struct odp_audit_opts *o = j->o;
    struct stat st;
    size_t i;
    int rc;

    /* A package archive is audited like a package directory, with --policy or its own. */
    if ((stat(o->data, &st) == 0 && S_ISDIR(st.st_mode)) || !odp_pkg_is_archive(o->data)) {
        return run_root(j, o->data, err);
    }
    /* A package archive: its policy and data are read from a private copy, and every
     * path shown is the archive's ("PKG.tar.zst/data/NAME.csv"). */
    j->xdir = make_xdir(err);
    if (j->xdir == NULL) {
        return err != NULL && err->code != ODP_OK ? err->code : ODP_EIO;
    }
    rc = odp_pkg_extract(o->data, j->xdir, err);
    if (rc == ODP_OK) {
        rc = run_root(j, j->xdir, err);
    }
    if (err != NULL) {
        rename_prefix(err->path, sizeof(err->path), j->xdir, o->data);
    }
    if (rename_owned(&j->res->policy_path, j->xdir, o->data) != ODP_OK && rc == ODP_OK) {
        rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    for (i = 0; i < j->res->nfiles; i++) {
        if (rename_owned(&j->res->files[i].data_path, j->xdir, o->data) != ODP_OK && rc == ODP_OK) {
            rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
    }
    /* the baseline findings name the policy inside the archive, not the private copy */
    for (i = 0; i < j->res->nweaker; i++) {
        if (rename_owned(&j->res->weaker[i], j->xdir, o->data) != ODP_OK && rc == ODP_OK) {
            rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
    }
    return rc;
}

static int
run_root(struct job *j, const char *root, struct odp_err *err)
{
    const struct odp_audit_opts *o = j->o;
    struct odp_audit_result *res = j->res;
    char *policy_path = NULL, **files = NULL;
    size_t nfiles = 0, i;
    struct stat st;
    int rc;

    res->pkg = stat(root, &st) == 0 && S_ISDIR(st.st_mode);
    if (!res->pkg && o->policy == NULL) {
        return odp_errf(err, ODP_EINVAL, NULL,
                        "audit of a data file needs --policy (a package is a directory or a "
                        ".zip, .tar.gz or .tar.zst archive)");
    }
    policy_path = o->policy != NULL ? strdup(o->policy) : odp_path_join(root, "policy.yaml");
    if (policy_path == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    res->policy_path = policy_path;
    j->policy = odp_policy_load(policy_path, o->policies_dir, err);
    if (j->policy == NULL) {
        return err != NULL && err->code != ODP_OK ? err->code : ODP_EPOLICY;
    }
    if (j->policy->name != NULL) {
        res->policy_name = strdup(j->policy->name);
        if (res->policy_name == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
    }
    rc = audit_weaker(j, err);
    if (rc == ODP_OK) {
        rc = choose_qi(j, err);
    }
    if (rc < 0) {
        return rc;
    }
    j->det = odp_detect_new(ODP_AUDIT_DETECTORS, err);
    if (j->det == NULL) {
        return err != NULL && err->code != ODP_OK ? err->code : ODP_ENOMEM;
    }
    if (!res->pkg) {
        /* Keys only in DATA mode: a package is audited as published. */
        j->keys = audit_keys(j->o, res, j->policy, err);
        if (j->keys == NULL) {
            return err != NULL && err->code != ODP_OK ? err->code : ODP_EKEY;
        }
        res->files = calloc(1, sizeof(*res->files));
        if (res->files == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
        res->nfiles = 1;
        rc = audit_data(j, &res->files[0], err);
        file_job_release(j);
    } else if (j->o->html != NULL) {
        return odp_errf(err, ODP_EINVAL, NULL, "--html needs DATA and --policy (not a package)");
    } else {
        rc = list_data(root, &files, &nfiles, err);
        if (rc == ODP_OK) {
            res->files = calloc(nfiles, sizeof(*res->files));
            rc = res->files != NULL ? ODP_OK : odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
        for (i = 0; rc == ODP_OK && i < nfiles; i++) {
            res->nfiles++;
            rc = audit_published(j, &res->files[i], files[i], err);
            file_job_release(j);
        }
        for (i = 0; i < nfiles; i++) {
            free(files[i]);
        }
        free(files);
    }
    if (rc < 0) {
        return rc;
    }
    for (i = 0; i < res->nfiles; i++) {
        res->findings += res->files[i].findings;
        res->warnings += res->files[i].warnings;
    }
    return ODP_OK;
}

int
odp_audit(const struct odp_audit_opts *o, struct odp_audit_result *res, struct odp_err *err)
{
    struct job j;
    int rc;

    memset(&j, 0, sizeof(j));
    memset(res, 0, sizeof(*res));
    if (o == NULL || o->data == NULL) {
        return odp_errf(err, ODP_EINVAL, NULL, "audit needs DATA or a package directory");
    }
    j.o = o;
    j.res = res;
    rc = run(&j, err);
    file_job_release(&j);
    if (j.xdir != NULL) {
        odp_rmtree(j.xdir);
        free(j.xdir);
    }
    odp_detect_free(j.det);
    odp_keyring_free(j.keys);
    odp_policy_free(j.policy);
    odp_policy_free(j.baseline);
    if (rc < 0) {
        odp_audit_result_free(res);
        return rc;
    }
    return res->findings > 0 ? ODP_EVERIFY : ODP_OK;
}

/* ------------------------------------------------------------------ JSON */

static cJSON *
kinds_array(uint32_t mask)
{
    cJSON *a = cJSON_CreateArray();
    int d;

    for (d = 0; a != NULL && d < ODP_DET__COUNT; d++) {
        if ((mask & (1u << d)) != 0) {
            cJSON *s = cJSON_CreateString(odp_detector_name((enum odp_detector)d));

            if (s == NULL || !cJSON_AddItemToArray(a, s)) {
                cJSON_Delete(s);
                cJSON_Delete(a);
                return NULL;
            }
        }
    }
    return a;
}

static int
add_col(cJSON *arr, const struct odp_audit_col *c, uint64_t rows)
{
    cJSON *o = cJSON_CreateObject(), *dets, *h, *lines;
    int rc = ODP_OK, d;
    size_t i;

    if (o == NULL || !cJSON_AddItemToArray(arr, o)) {
        cJSON_Delete(o);
        return ODP_ENOMEM;
    }
    rc |= odp_json_add_str(o, "name", c->name);
    rc |= odp_json_add_str(o, "action", c->named ? odp_action_name(c->action) : NULL);
    rc |= cJSON_AddBoolToObject(o, "scanned", c->scanned) == NULL;
    rc |= odp_json_add_u64(o, "values", c->values);
    dets = cJSON_AddObjectToObject(o, "detectors");
    rc |= dets == NULL;
    for (d = 0; dets != NULL && d < ODP_DET__COUNT; d++) {
        const struct odp_audit_hits *x = &c->hits[d];

        if (x->count == 0) {
            continue;
        }
        h = cJSON_AddObjectToObject(dets, odp_detector_name((enum odp_detector)d));
        if (h == NULL) {
            return ODP_ENOMEM;
        }
        rc |= odp_json_add_u64(h, "count", x->count);
        rc |= odp_json_add_fixed(h, "rate", rows ? (double)x->count / (double)rows : 0.0, 4);
        lines = cJSON_AddArrayToObject(h, "lines");
        if (lines == NULL) {
            return ODP_ENOMEM;
        }
        for (i = 0; i < x->nlines; i++) {
            char num[24];
            cJSON *it;

            snprintf(num, sizeof(num), "%llu", (unsigned long long)x->lines[i]);
            it = cJSON_CreateRaw(num);
            if (it == NULL || !cJSON_AddItemToArray(lines, it)) {
                cJSON_Delete(it);
                return ODP_ENOMEM;
            }
        }
    }
    h = kinds_array(c->hint_kinds);
    rc |= h == NULL || !cJSON_AddItemToObject(o, "header_says", h);
    h = kinds_array(c->looks_like);
    rc |= h == NULL || !cJSON_AddItemToObject(o, "values_look_like", h);
    rc |= cJSON_AddBoolToObject(o, "identifier", c->identifier) == NULL;
    rc |= odp_json_add_str(o, "class", c->kind);
    rc |= odp_json_add_str(o, "why", c->why);
    rc |= odp_json_add_u64(o, "long_text_values", c->long_text);
    rc |= cJSON_AddBoolToObject(o, "free_text_without_scrub", c->free_text) == NULL;
    h = kinds_array(c->scrub_omits);
    rc |= h == NULL || !cJSON_AddItemToObject(o, "scrub_omits", h);
    return rc != 0 ? ODP_ENOMEM : ODP_OK;
}

static int
add_file(cJSON *arr, const struct odp_audit_result *res, const struct odp_audit_file *f)
{
    cJSON *o = cJSON_CreateObject(), *x, *cols;
    int rc = ODP_OK;
    size_t i;

    if (o == NULL || !cJSON_AddItemToArray(arr, o)) {
        cJSON_Delete(o);
        return ODP_ENOMEM;
    }
    rc |= odp_json_add_str(o, "data", f->data_path);
    x = cJSON_AddObjectToObject(o, "rows");
    rc |= x == NULL;
    if (x != NULL) {
        rc |= odp_json_add_u64(x, "in", f->rows_in);
        rc |= odp_json_add_u64(x, "dropped", f->rows_dropped);
        rc |= odp_json_add_u64(x, "audited", f->rows);
    }
    cols = cJSON_AddArrayToObject(o, "columns");
    rc |= cols == NULL;
    for (i = 0; cols != NULL && i < f->ncols; i++) {
        rc |= add_col(cols, &f->cols[i], f->rows);
    }
    if (f->has_risk) {
        const struct odp_kanon_stats *s = &f->risk;

        x = cJSON_AddObjectToObject(o, "risk");
        rc |= x == NULL;
        if (x != NULL) {
            rc |= odp_json_add_u64(x, "classes", s->classes);
            rc |= odp_json_add_u64(x, "smallest_class", s->smallest);
            rc |= odp_json_add_u64(x, "classes_below_k", s->classes_below_k);
            rc |= odp_json_add_u64(x, "records_below_k", s->rows_below_k);
            rc |= odp_json_add_u64(x, "unique_records", s->unique_rows);
            rc |= odp_json_add_fixed(x, "prosecutor_risk_max", s->max_risk, 4);
            rc |= odp_json_add_fixed(x, "prosecutor_risk_avg", s->avg_risk, 4);
            rc |= cJSON_AddBoolToObject(x, "release_suppresses_below_k", f->k_suppresses) == NULL;
        }
    } else {
        rc |= cJSON_AddNullToObject(o, "risk") == NULL;
    }
    (void)res;
    if (f->privacy_json != NULL) { /* the risk models, as in report.json's privacy */
        x = cJSON_Parse(f->privacy_json);
        if (x == NULL || !cJSON_AddItemToObject(o, "privacy", x)) {
            cJSON_Delete(x);
            rc |= 1;
        }
    }
    rc |= odp_json_add_u64(o, "small_cells_below_threshold", f->small_cells_below);
    rc |= odp_json_add_u64(o, "findings", f->findings);
    rc |= odp_json_add_u64(o, "warnings", f->warnings);
    return rc != 0 ? ODP_ENOMEM : ODP_OK;
}

char *
odp_audit_json(const struct odp_audit_result *res)
{
    cJSON *root = cJSON_CreateObject(), *arr;
    char *text = NULL;
    int rc = ODP_OK;
    size_t i;

    if (root == NULL) {
        return NULL;
    }
    rc |= cJSON_AddBoolToObject(root, "ok", res->findings == 0) == NULL;
    rc |= odp_json_add_str(root, "mode", res->pkg ? "package" : "data");
    rc |= odp_json_add_str(root, "policy", res->policy_path);
    rc |= odp_json_add_str(root, "policy_name", res->policy_name);
    rc |= cJSON_AddBoolToObject(root, "throwaway_key", res->throwaway_key) == NULL;
    rc |= odp_json_add_str(root, "throwaway_reason", res->throwaway_reason);
    arr = cJSON_AddArrayToObject(root, "quasi_identifiers");
    rc |= arr == NULL;
    for (i = 0; arr != NULL && i < res->nqi; i++) {
        cJSON *s = cJSON_CreateString(res->qi[i]);

        rc |= s == NULL || !cJSON_AddItemToArray(arr, s);
    }
    rc |= odp_json_add_u64(root, "k", res->k);
    rc |= odp_json_add_u64(root, "findings", res->findings);
    rc |= odp_json_add_u64(root, "warnings", res->warnings);
    arr = cJSON_AddArrayToObject(root, "weaker_than_baseline");
    rc |= arr == NULL;
    for (i = 0; arr != NULL && i < res->nweaker; i++) {
        cJSON *s = cJSON_CreateString(res->weaker[i]);

        rc |= s == NULL || !cJSON_AddItemToArray(arr, s);
    }
    arr = cJSON_AddArrayToObject(root, "files");
    rc |= arr == NULL;
    for (i = 0; arr != NULL && i < res->nfiles; i++) {
        rc |= add_file(arr, res, &res->files[i]);
    }
    if (rc == 0) {
        text = odp_json_render(root);
    }
    cJSON_Delete(root);
    return text;
}
