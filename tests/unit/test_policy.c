/*
 * test_policy.c - policy loader, extends merge and effective-policy writer.
 *
 * Fixtures live in tests/data/policies/. Every error kind is checked at its exact
 * POLICY:LINE:COL; hostile inputs (alias bombs, deep nesting, a 10 MB string) are
 * generated into a temp directory. Run under ASan this also checks that no error path
 * leaks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"
#include "fs.h"
#include "out.h"
#include "detect.h"
#include "lint.h"
#include "policy.h"

#define FIX ODP_SRCDIR "/tests/data/policies/"

static int
ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* ---------------------------------------------------------------------------------- */

static void
test_names(void **state)
{
    int a;

    (void)state;
    for (a = 0; a < ODP_ACT__COUNT; a++) {
        assert_non_null(odp_action_name((enum odp_action)a));
        assert_int_equal(odp_action_from_name(odp_action_name((enum odp_action)a)), a);
    }
    assert_string_equal(odp_action_name(ODP_ACT_DATE_SHIFT), "date_shift");
    assert_null(odp_action_name(ODP_ACT__COUNT));
    assert_int_equal(odp_action_from_name("obliterate"), -1);
    assert_int_equal(odp_action_from_name("Keep"), -1);
    assert_int_equal(odp_action_from_name(NULL), -1);
    assert_string_equal(odp_date_unit_name(ODP_DATE_WEEK), "week");
    assert_null(odp_date_unit_name(0));
    assert_true(odp_date_unit_rank(ODP_DATE_YEAR) > odp_date_unit_rank(ODP_DATE_MONTH));
    assert_true(odp_date_unit_rank(ODP_DATE_MONTH) > odp_date_unit_rank(ODP_DATE_WEEK));
    assert_true(odp_date_unit_rank(ODP_DATE_WEEK) > odp_date_unit_rank(ODP_DATE_DAY));
    assert_true(odp_date_unit_rank(ODP_DATE_DAY) > odp_date_unit_rank(ODP_DATE_HOUR));
    assert_string_equal(odp_date_fmt_name(ODP_DFMT_US_DATETIME_12H), "MM/DD/YYYY hh:mm:ss AM");
}

/* ---------------------------------------------------------------------------------- */

struct err_case {
    const char *file;
    int code;
    uint64_t line, col;
    const char *needle;
};

static const struct err_case err_cases[] = {
    {"err-syntax.yaml", ODP_ESYNTAX, 4, 4, "YAML syntax error"},
    {"err-unknown-top.yaml", ODP_ESCHEMA, 3, 1, "unknown key 'colums' (allowed: odpub, name"},
    {"err-unknown-param.yaml", ODP_ESCHEMA, 4, 39,
     "unknown key 'digits' for action mask (allowed: action, type, description, optional, exempt, "
     "keep_first"},
    {"err-type-k.yaml", ODP_ESCHEMA, 4, 6, "'k': expected an integer"},
    {"err-action.yaml", ODP_ESCHEMA, 4, 13,
     "unknown action 'obliterate' (valid: keep, drop, redact"},
    {"err-missing-action.yaml", ODP_ESCHEMA, 3, 3, "missing parameter 'action'"},
    {"err-gen-missing.yaml", ODP_ESCHEMA, 3, 3, "generalize needs a parameter: to"},
    {"err-gen-two.yaml", ODP_ESCHEMA, 3, 3, "generalize takes only one of"},
    {"err-length0.yaml", ODP_ESCHEMA, 3, 41, "'length': must be between 1 and 64"},
    {"err-length65.yaml", ODP_ESCHEMA, 3, 41, "'length': must be between 1 and 64"},
    {"err-digits.yaml", ODP_ESCHEMA, 3, 37, "'digits': must be between 1 and 5"},
    {"err-decimals.yaml", ODP_ESCHEMA, 3, 34, "'decimals': must be between 0 and 15"},
    {"err-date-unit.yaml", ODP_ESCHEMA, 3, 31,
     "'to': unknown unit 'decade' (valid: year, quarter, month"},
    {"err-date-fmt.yaml", ODP_ESCHEMA, 3, 44, "'format': unknown date format"},
    {"err-detector.yaml", ODP_ESCHEMA, 3, 42,
     "unknown detector 'fingerprint' (valid: all, email, phone"},
    {"err-column-twice.yaml", ODP_ESCHEMA, 5, 3, "column 'a' is named twice (first at line 3"},
    {"err-dup-key.yaml", ODP_ESCHEMA, 3, 41, "duplicate key 'replacement'"},
    {"err-no-odpub.yaml", ODP_ESCHEMA, 1, 1, "missing 'odpub: 1'"},
    {"err-odpub2.yaml", ODP_ESCHEMA, 2, 8, "unsupported policy format version"},
    {"err-keys-spec.yaml", ODP_ESCHEMA, 4, 10, "expected env:NAME"},
    {"err-drop-op.yaml", ODP_ESCHEMA, 5, 19, "unknown operator 'like' (valid: in, equals, matches"},
    {"err-alias.yaml", ODP_ESCHEMA, 2, 4, "anchors"},
    {"err-alias-only.yaml", ODP_ESCHEMA, 4, 6, "aliases"},
    {"err-tag.yaml", ODP_ESCHEMA, 2, 7, "tags"},
    {"err-two-docs.yaml", ODP_ESCHEMA, 2, 1, "one YAML document"},
    {"err-round-missing.yaml", ODP_ESCHEMA, 3, 3, "round needs parameter 'decimals'"},
    {"err-date-shift-by.yaml", ODP_ESCHEMA, 3, 3, "date_shift needs parameter 'by'"},
    {"err-scrub-empty.yaml", ODP_ESCHEMA, 3, 3, "scrub needs 'detect'"},
    {"err-bands-order.yaml", ODP_ESCHEMA, 3, 44, "ascending"},
    {"err-width0.yaml", ODP_ESCHEMA, 3, 36, "'width': must be greater than 0"},
    {"err-mask-char.yaml", ODP_ESCHEMA, 3, 27, "exactly one printable character"},
    {"err-name-slug.yaml", ODP_ESCHEMA, 2, 7, "slug"},
    {"err-nul.yaml", ODP_ESCHEMA, 3, 37, "NUL"},
    {"err-baseline.yaml", ODP_ESCHEMA, 5, 21, "'allowed': unknown action 'hide'"},
    {"err-default.yaml", ODP_ESCHEMA, 2, 10, "expected reject or drop"},
    {"err-type-name.yaml", ODP_ESCHEMA, 3, 27, "unknown type 'uuid' (valid: string, integer"},
    {"ext-missing.yaml", ODP_EIO, 4, 11, "policy 'no-such-policy' not found"},
    {"ext-missing-path.yaml", ODP_EIO, 2, 10, "'./nowhere/parent.yaml' not found"},
};

static void
test_errors(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(err_cases) / sizeof(err_cases[0]); i++) {
        const struct err_case *t = &err_cases[i];
        struct odp_err err;
        struct odp_policy *p;
        char path[512];

        odp_err_clear(&err);
        snprintf(path, sizeof(path), FIX "%s", t->file);
        p = odp_policy_load(path, NULL, &err);
        if (p != NULL || err.code != t->code || err.line != t->line || err.col != t->col ||
            strstr(err.msg, t->needle) == NULL || !ends_with(err.path, t->file)) {
            char buf[2048];

            print_error("case %s: got %s (code %d)\n", t->file,
                        odp_err_format(&err, buf, sizeof(buf)), err.code);
            odp_policy_free(p);
            fail();
        }
    }
}

/* A key pasted into the policy by mistake must never be echoed. */
static void
test_error_hides_values(void **state)
{
    struct odp_err err;
    struct odp_policy *p;

    (void)state;
    odp_err_clear(&err);
    p = odp_policy_load(FIX "err-keys-spec.yaml", NULL, &err);
    assert_null(p);
    assert_null(strstr(err.msg, "3f9a61cc"));
    odp_err_clear(&err);
    p = odp_policy_load(FIX "err-date-fmt.yaml", NULL, &err);
    assert_null(p);
    assert_null(strstr(err.msg, "DD.MM"));
}

static void
test_missing_file(void **state)
{
    struct odp_err err;

    (void)state;
    odp_err_clear(&err);
    assert_null(odp_policy_load(FIX "does-not-exist.yaml", NULL, &err));
    assert_int_equal(err.code, ODP_EIO);
    assert_true(ends_with(err.path, "does-not-exist.yaml"));
    odp_err_clear(&err);
    assert_null(odp_policy_load(NULL, NULL, &err));
    assert_int_equal(err.code, ODP_EINVAL);
    /* err may be NULL */
    assert_null(odp_policy_load(FIX "err-syntax.yaml", NULL, NULL));
}

/* ---------------------------------------------------------------------------------- */

static const struct odp_colrule *
col(const struct odp_policy *p, const char *name)
{
    const struct odp_colrule *r = odp_policy_find(p, name, strlen(name));

    if (r == NULL) {
        print_error("no rule for column %s\n", name);
        fail();
    }
    return r;
}

static void
test_valid_all(void **state)
{
    struct odp_err err;
    struct odp_policy *p;
    const struct odp_colrule *r;

    (void)state;
    odp_err_clear(&err);
    p = odp_policy_load(FIX "valid-all.yaml", NULL, &err);
    assert_non_null(p);
    assert_int_equal(err.code, ODP_OK);
    assert_int_equal(p->version, 1);
    assert_string_equal(p->name, "nyc-311-service-requests");
    assert_int_equal(p->nfiles, 1);
    assert_string_equal(p->files[0], FIX "valid-all.yaml");
    assert_string_equal(p->path, FIX "valid-all.yaml");
    assert_string_equal(p->dataset.title, "311 Service Requests");
    assert_string_equal(p->dataset.contact, "opendata@example.org");
    assert_int_equal(p->dataset.ntags, 2);
    assert_string_equal(p->dataset.tags[0], "311");
    assert_int_equal(p->nkeys, 2);
    assert_string_equal(p->keys[0].name, "pseudonym");
    assert_string_equal(p->keys[0].spec, "env:ODPUB_PSEUDONYM_KEY");
    assert_string_equal(p->keys[1].spec, "file:keys/shift.key");
    assert_int_equal(p->keys[1].line, 15);
    assert_int_equal(p->deflt, ODP_DEFAULT_DROP);
    assert_int_equal(p->ncols, 22);

    r = col(p, "unique_key");
    assert_int_equal(r->action, ODP_ACT_KEEP);
    assert_string_equal(r->type, "integer");
    assert_string_equal(r->description, "Unique id");
    assert_int_equal(r->line, 18);
    assert_int_equal(r->col, 3);
    assert_string_equal(r->path, p->files[0]);
    assert_ptr_equal(r->path, p->files[0]);
    r = col(p, "complainant_name");
    assert_int_equal(r->action, ODP_ACT_DROP);
    assert_null(r->type);
    r = col(p, "complainant_phone");
    assert_string_equal(r->replacement, "REDACTED");
    r = col(p, "complainant_note");
    assert_string_equal(r->replacement, "[gone]");
    r = col(p, "card_number");
    assert_int_equal(r->action, ODP_ACT_MASK);
    assert_int_equal(r->keep_last, 4);
    assert_int_equal(r->keep_first, 0);
    assert_string_equal(r->mask_char, "*");
    r = col(p, "plate");
    assert_int_equal(r->keep_first, 2);
    assert_string_equal(r->mask_char, "#");
    r = col(p, "complainant_email");
    assert_int_equal(r->action, ODP_ACT_PSEUDONYMIZE);
    assert_string_equal(r->key, "pseudonym");
    assert_string_equal(r->domain, "person");
    assert_int_equal(r->length, 16);
    r = col(p, "case_id");
    assert_string_equal(r->key, "shift");
    assert_null(r->domain);
    assert_int_equal(r->length, 64);
    r = col(p, "created_date");
    assert_int_equal(r->action, ODP_ACT_GENERALIZE);
    assert_int_equal(r->gen, ODP_GEN_DATE);
    assert_int_equal(r->date_unit, ODP_DATE_MONTH);
    assert_int_equal(r->date_fmt, ODP_DFMT_AUTO);
    r = col(p, "closed_date");
    assert_int_equal(r->date_unit, ODP_DATE_WEEK);
    assert_int_equal(r->date_fmt, ODP_DFMT_US_DATETIME_12H);
    r = col(p, "birth_date");
    assert_int_equal(r->date_unit, ODP_DATE_YEAR);
    assert_int_equal(r->date_fmt, ODP_DFMT_US_DATE);
    r = col(p, "due_date");
    assert_int_equal(r->date_unit, ODP_DATE_HOUR);
    assert_int_equal(r->date_fmt, ODP_DFMT_ISO);
    r = col(p, "incident_zip");
    assert_int_equal(r->gen, ODP_GEN_ZIP);
    assert_int_equal(r->digits, 3);
    r = col(p, "age");
    assert_int_equal(r->gen, ODP_GEN_NUMBER);
    assert_int_equal(r->nbands, 4);
    assert_true(r->bands[2] == 25.5);
    assert_true(r->bands[3] == 65.0);
    assert_true(r->has_top && r->top == 90.0);
    assert_true(r->has_bottom && r->bottom == 0.0);
    r = col(p, "income");
    assert_null(r->bands);
    assert_true(r->width == 10000.0);
    assert_true(r->has_top && !r->has_bottom);
    r = col(p, "incident_address");
    assert_int_equal(r->gen, ODP_GEN_BLOCK);
    r = col(p, "latitude");
    assert_int_equal(r->action, ODP_ACT_ROUND);
    assert_int_equal(r->decimals, 3);
    r = col(p, "visit_date");
    assert_int_equal(r->action, ODP_ACT_DATE_SHIFT);
    assert_string_equal(r->by, "unique_key");
    assert_int_equal(r->max_days, 30);
    assert_string_equal(r->key, "pseudonym");
    r = col(p, "admit_date");
    assert_int_equal(r->max_days, 3650);
    assert_string_equal(r->key, "shift");
    assert_int_equal(r->date_fmt, ODP_DFMT_ISO);
    r = col(p, "resolution_description");
    assert_int_equal(r->action, ODP_ACT_SCRUB);
    assert_int_equal(r->ndetect, 3);
    assert_int_equal(r->detect_order[0], ODP_DET_SSN);
    assert_int_equal(r->detect_order[1], ODP_DET_EMAIL);
    assert_int_equal(r->detect_order[2], ODP_DET_PHONE);
    assert_int_equal(r->detect_mask,
                     (1u << ODP_DET_SSN) | (1u << ODP_DET_EMAIL) | (1u << ODP_DET_PHONE));
    r = col(p, "notes");
    assert_int_equal(r->npatterns, 2);
    assert_string_equal(r->patterns[0].regex, "\\bBIN[0-9]{7}\\b");
    assert_string_equal(r->patterns[0].replace, "[BIN]");
    assert_int_equal(r->patterns[0].line, 43);
    assert_int_equal(r->patterns[0].col, 16);
    assert_string_equal(r->patterns[1].replace, "[REDACTED]");
    assert_string_equal(r->type, "text");

    assert_int_equal(p->ndrop_when, 3);
    assert_int_equal(p->drop_when[0].op, ODP_COND_IN);
    assert_int_equal(p->drop_when[0].nvalues, 2);
    assert_string_equal(p->drop_when[0].values[1], "Child Abuse");
    assert_int_equal(p->drop_when[1].op, ODP_COND_EQUALS);
    assert_string_equal(p->drop_when[1].values[0], "Unspecified");
    assert_int_equal(p->drop_when[2].op, ODP_COND_MATCHES);
    assert_int_equal(p->drop_when[2].line, 50);
    assert_int_equal(p->drop_when[2].col, 7);
    assert_int_equal(p->nqi, 3);
    assert_int_equal(p->qi_line, 52);
    assert_int_equal(p->k, 10);
    assert_int_equal(p->on_violation, ODP_VIOL_FAIL);
    assert_int_equal(p->nsc_columns, 1);
    assert_int_equal(p->sc_threshold, 10);
    assert_true(p->sc_complementary);
    assert_int_equal(p->nsc_by, 2);
    assert_string_equal(p->sc_marker, "<10");
    assert_int_equal(p->ncats, 0);

    assert_null(odp_policy_find(p, "nope", 4));
    assert_non_null(odp_policy_find(p, "latitude_and_more", 8));
    assert_null(odp_policy_find(p, "latitude", 7));
    odp_policy_free(p);
    odp_policy_free(NULL);
}

static void
test_baseline(void **state)
{
    struct odp_err err;
    struct odp_policy *p;

    (void)state;
    odp_err_clear(&err);
    p = odp_policy_load(FIX "baseline.yaml", NULL, &err);
    assert_non_null(p);
    assert_int_equal(p->ncats, 2);
    assert_string_equal(p->cats[0].category, "phone");
    assert_int_equal(p->cats[0].npatterns, 2);
    assert_string_equal(p->cats[0].patterns[1], "*_tel"); /* lowercased */
    assert_int_equal(p->cats[0].nexcept, 1);
    assert_string_equal(p->cats[0].except[0], "*phone_type*");
    assert_int_equal(p->cats[1].nexcept, 0);
    assert_int_equal(p->cats[0].allowed, (1u << ODP_ACT_DROP) | (1u << ODP_ACT_REDACT) |
                                             (1u << ODP_ACT_MASK) | (1u << ODP_ACT_PSEUDONYMIZE));
    assert_int_equal(p->cats[0].min_date_unit, 0);
    assert_string_equal(p->cats[0].note, "phone numbers identify a person");
    assert_int_equal(p->cats[0].line, 4);
    assert_int_equal(p->cats[0].col, 5);
    assert_int_equal(p->cats[1].line, 9);
    assert_int_equal(p->cats[1].min_date_unit, ODP_DATE_YEAR);
    assert_null(p->cats[1].note);
    assert_ptr_equal(p->cats[1].path, p->files[0]);
    odp_policy_free(p);
}

/* ---------------------------------------------------------------------------------- */

static void
test_extends_merge(void **state)
{
    struct odp_err err;
    struct odp_policy *p;
    const struct odp_colrule *r;
    size_t i;

    (void)state;
    odp_err_clear(&err);
    p = odp_policy_load(FIX "ext-child.yaml", NULL, &err);
    if (p == NULL) {
        char buf[2048];

        print_error("%s\n", odp_err_format(&err, buf, sizeof(buf)));
        fail();
    }
    /* ext-child -> [ext-mid -> ext-base, sub/ext-other -> ../ext-base]: base read once */
    assert_int_equal(p->nfiles, 4);
    assert_string_equal(p->files[0], FIX "ext-child.yaml");
    assert_true(ends_with(p->files[1], "ext-mid.yaml"));
    assert_true(ends_with(p->files[2], "ext-base.yaml"));
    assert_true(ends_with(p->files[3], "sub/ext-other.yaml"));
    assert_string_equal(p->name, "ext-child");
    assert_int_equal(p->deflt, ODP_DEFAULT_DROP); /* from sub/ext-other */
    /* columns: parents' order, child replaces in place, new ones appended */
    assert_int_equal(p->ncols, 5);
    assert_string_equal(p->cols[0].name, "a");
    assert_string_equal(p->cols[1].name, "b");
    assert_string_equal(p->cols[2].name, "c");
    assert_string_equal(p->cols[3].name, "d");
    assert_string_equal(p->cols[4].name, "e");
    r = col(p, "b");
    assert_int_equal(r->action, ODP_ACT_MASK);
    assert_int_equal(r->keep_last, 2);
    assert_ptr_equal(r->path, p->files[0]);
    assert_int_equal(r->line, 7);
    r = col(p, "c");
    assert_int_equal(r->digits, 2); /* the later parent wins over the earlier */
    assert_ptr_equal(r->path, p->files[3]);
    r = col(p, "a");
    assert_ptr_equal(r->path, p->files[2]);
    assert_int_equal(r->line, 9);
    /* lists concatenate without duplicates */
    assert_int_equal(p->dataset.ntags, 3);
    assert_string_equal(p->dataset.tags[0], "health");
    assert_string_equal(p->dataset.tags[1], "city");
    assert_string_equal(p->dataset.tags[2], "inspections");
    assert_string_equal(p->dataset.agency, "DOHMH");
    assert_int_equal(p->nqi, 3);
    assert_string_equal(p->qi[2], "e");
    assert_int_equal(p->ndrop_when, 2);
    assert_string_equal(p->drop_when[1].column, "u");
    /* the larger k wins; on_violation inherited */
    assert_int_equal(p->k, 10);
    assert_int_equal(p->on_violation, ODP_VIOL_FAIL);
    /* baseline categories concatenate, the diamond adds base's once */
    assert_int_equal(p->ncats, 2);
    assert_string_equal(p->cats[0].category, "email");
    assert_string_equal(p->cats[1].category, "ssn");
    assert_int_equal(p->nkeys, 1);
    assert_string_equal(p->keys[0].spec, "env:BASE_KEY");
    for (i = 0; i < p->ncols; i++) {
        assert_non_null(p->cols[i].path);
    }
    odp_policy_free(p);
}

static void
test_extends_cycle(void **state)
{
    struct odp_err err;

    (void)state;
    odp_err_clear(&err);
    assert_null(odp_policy_load(FIX "cycle-a.yaml", NULL, &err));
    assert_int_equal(err.code, ODP_ESCHEMA);
    assert_true(ends_with(err.path, "cycle-c.yaml"));
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 10);
    assert_non_null(strstr(
        err.msg, "extends cycle: cycle-a.yaml -> cycle-b.yaml -> cycle-c.yaml -> cycle-a.yaml"));
}

static void
test_extends_self(void **state)
{
    static const char self[] = "odpub: 1\nextends: [self]\n";
    struct odp_err err;

    (void)state;
    tu_write_named("self.yaml", self, sizeof(self) - 1);
    odp_err_clear(&err);
    assert_null(odp_policy_load(tu_write_named("self.yaml", self, sizeof(self) - 1), NULL, &err));
    assert_int_equal(err.code, ODP_ESCHEMA);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 11);
    assert_non_null(strstr(err.msg, "self.yaml -> self.yaml"));
}

/* Bare names: beside the file, then policies_dir, then ODPUB_POLICY_PATH. */
static void
test_extends_search(void **state)
{
    static const char child[] = "odpub: 1\nextends: ext-base\ncolumns:\n  z: {action: drop}\n";
    struct odp_err err;
    struct odp_policy *p;
    char path[512];

    (void)state;
    snprintf(path, sizeof(path), "%s", tu_write_named("child.yaml", child, sizeof(child) - 1));
    unsetenv("ODPUB_POLICY_PATH");
    odp_err_clear(&err);
    assert_null(odp_policy_load(path, NULL, &err));
    assert_int_equal(err.code, ODP_EIO);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 10);

    odp_err_clear(&err);
    p = odp_policy_load(path, ODP_SRCDIR "/tests/data/policies", &err);
    assert_non_null(p);
    assert_int_equal(p->ncols, 4);
    assert_string_equal(p->files[1], FIX "ext-base.yaml");
    odp_policy_free(p);

    setenv("ODPUB_POLICY_PATH", "/nonexistent-odp::" ODP_SRCDIR "/tests/data/policies", 1);
    odp_err_clear(&err);
    p = odp_policy_load(path, "/also-nonexistent", &err);
    assert_non_null(p);
    assert_int_equal(p->nfiles, 2);
    assert_string_equal(p->name, "ext-base");
    odp_policy_free(p);
    unsetenv("ODPUB_POLICY_PATH");
}

/* ---------------------------------------------------------------------------------- */

static void
test_alias_bomb_fast(void **state)
{
    /* A billion-laughs file must be refused at the first anchor, before any expansion. */
    struct odp_err err;

    (void)state;
    odp_err_clear(&err);
    assert_null(odp_policy_load(FIX "err-alias.yaml", NULL, &err));
    assert_int_equal(err.code, ODP_ESCHEMA);
    assert_non_null(strstr(err.msg, "anchors"));
}

static void
test_deep_nesting(void **state)
{
    char buf[256];
    size_t n = 0, i;
    struct odp_err err;

    (void)state;
    n += (size_t)snprintf(buf, sizeof(buf), "odpub: 1\nx: ");
    for (i = 0; i < 40; i++) {
        buf[n++] = '[';
    }
    for (i = 0; i < 40; i++) {
        buf[n++] = ']';
    }
    buf[n++] = '\n';
    odp_err_clear(&err);
    assert_null(odp_policy_load(tu_write_named("deep.yaml", buf, n), NULL, &err));
    assert_int_equal(err.code, ODP_ELIMIT);
    assert_int_equal(err.line, 2);
    /* the root mapping is level 1 and 32 levels are allowed: the 32nd '[' is refused */
    assert_int_equal(err.col, 3 + ODP_POLICY_MAX_DEPTH);
    assert_non_null(strstr(err.msg, "nested deeper"));

    /* 20 levels are fine for the parser; the schema then rejects the key */
    n = (size_t)snprintf(buf, sizeof(buf), "odpub: 1\nx: ");
    for (i = 0; i < 20; i++) {
        buf[n++] = '[';
    }
    for (i = 0; i < 20; i++) {
        buf[n++] = ']';
    }
    odp_err_clear(&err);
    assert_null(odp_policy_load(tu_write_named("deep2.yaml", buf, n), NULL, &err));
    assert_int_equal(err.code, ODP_ESCHEMA);
    assert_non_null(strstr(err.msg, "unknown key 'x'"));
}

static void
test_size_cap(void **state)
{
    size_t n = 10u << 20, i;
    char *big = malloc(n + 64);
    struct odp_err err;
    size_t len;

    (void)state;
    assert_non_null(big);
    len = (size_t)snprintf(big, 64, "odpub: 1\nname: \"");
    for (i = 0; i < n; i++) {
        big[len++] = 'a';
    }
    big[len++] = '"';
    big[len++] = '\n';
    odp_err_clear(&err);
    assert_null(odp_policy_load(tu_write_named("big.yaml", big, len), NULL, &err));
    free(big);
    assert_int_equal(err.code, ODP_ELIMIT);
    assert_true(ends_with(err.path, "big.yaml"));
}

static void
test_node_caps(void **state)
{
    /* 10001 entries in one list: over ODP_POLICY_MAX_ITEMS */
    size_t cap = 64 + 3 * (ODP_POLICY_MAX_ITEMS + 1), n, i;
    char *buf = malloc(cap);
    struct odp_err err;

    (void)state;
    assert_non_null(buf);
    n = (size_t)snprintf(buf, cap, "odpub: 1\nx: [");
    for (i = 0; i <= ODP_POLICY_MAX_ITEMS; i++) {
        buf[n++] = '1';
        buf[n++] = ',';
    }
    buf[n++] = ']';
    odp_err_clear(&err);
    assert_null(odp_policy_load(tu_write_named("many.yaml", buf, n), NULL, &err));
    free(buf);
    assert_int_equal(err.code, ODP_ELIMIT);
    assert_int_equal(err.line, 2);
}

static void
test_misc_schema(void **state)
{
    static const struct {
        const char *yaml;
        uint64_t line, col;
        const char *needle;
    } cases[] = {
        {"odpub: 1\n? [a]\n: b\n", 2, 3, "mapping key must be a plain string"},
        {"- odpub: 1\n", 1, 1, "a policy must be a YAML mapping"},
        {"", 1, 1, "empty"},
        {"odpub: \"1\"\n", 1, 8, "expected odpub: 1"},
        {"odpub: 1\nprivacy: {k: -3}\n", 2, 14, "'k': expected an integer"},
        {"odpub: 1\nprivacy: {k: 010}\n", 2, 14, "'k': expected an integer"},
        {"odpub: 1\nprivacy: {k: 99999999999999999999}\n", 2, 14, "'k': must be between"},
        {"odpub: 1\nprivacy: {on_violation: warn}\n", 2, 25, "suppress or fail"},
        {"odpub: 1\nprivacy: {small_cells: {complementary: yes}}\n", 2, 40, "true or false"},
        {"odpub: 1\nprivacy: {quasi_identifiers: [a, b, a]}\n", 2, 37, "listed twice"},
        {"odpub: 1\ncolumns: {a: keep}\n", 2, 14, "expected a mapping such as {action: keep}"},
        {"odpub: 1\ncolumns: {a: {action: generalize, width: 1e999}}\n", 2, 42, "finite"},
        {"odpub: 1\ncolumns: {a: {action: generalize, width: .5}}\n", 2, 42, "decimal number"},
        {"odpub: 1\ncolumns: {a: {action: generalize, width: 5, bands: [1]}}\n", 2, 42,
         "use either bands or width"},
        {"odpub: 1\ncolumns: {a: {action: generalize, width: 5, top: 1, bottom: 2}}\n", 2, 61,
         "'bottom': must be less than 'top'"},
        {"odpub: 1\ncolumns: {a: {action: generalize, to: year, top: 5}}\n", 2, 50,
         "apply only to numbers"},
        {"odpub: 1\ncolumns: {a: {action: generalize, digits: 3, format: iso}}\n", 2, 54,
         "applies only to dates"},
        {"odpub: 1\ncolumns: {a: {action: scrub, detect: [ssn, ssn]}}\n", 2, 44, "listed twice"},
        {"odpub: 1\ncolumns: {a: {action: scrub, patterns: [{replace: x}]}}\n", 2, 41,
         "missing parameter 'regex'"},
        {"odpub: 1\ncolumns: {a: {action: scrub, patterns: [{regex: x, flags: i}]}}\n", 2, 52,
         "unknown key 'flags'"},
        {"odpub: 1\ncolumns: {a: {action: pseudonymize, key: \"a b\"}}\n", 2, 42, "'key'"},
        {"odpub: 1\ncolumns: {a: {action: date_shift, by: b, max_days: 0}}\n", 2, 52,
         "between 1 and 3650"},
        {"odpub: 1\ncolumns: {a: {action: date_shift, by: b, max_days: 3651}}\n", 2, 52,
         "between 1 and 3650"},
        {"odpub: 1\ncolumns: {a: {action: date_shift, by: b, format: euro}}\n", 2, 50,
         "unknown date format"},
        {"odpub: 1\ncolumns: {a: {action: keep, description: ~}}\n", 2, 42, "expected a string"},
        {"odpub: 1\nrows: {drop_when: [{in: [x]}]}\n", 2, 20, "missing parameter 'column'"},
        {"odpub: 1\nrows: {drop_when: [{column: a}]}\n", 2, 20, "missing operator"},
        {"odpub: 1\nrows: {drop_when: [{column: a, in: [x], equals: y}]}\n", 2, 41,
         "one operator per condition"},
        {"odpub: 1\nrows: {drop_when: [{column: a, in: []}]}\n", 2, 36, "at least one value"},
        {"odpub: 1\nrows: {skip: 1}\n", 2, 8, "unknown key 'skip' in rows (allowed: drop_when)"},
        {"odpub: 1\nkeys: {pseudonym: \"env:1BAD\"}\n", 2, 19, "expected env:NAME"},
        {"odpub: 1\nkeys: {pseudonym: \"file:\"}\n", 2, 19, "expected env:NAME"},
        {"odpub: 1\nkeys: {\"bad key\": env:X}\n", 2, 8, "key name"},
        {"odpub: 1\ndataset: {owner: x}\n", 2, 11, "unknown key 'owner' in dataset"},
        {"odpub: 1\ndataset: {tags: x}\n", 2, 17, "'tags': expected a list"},
        {"odpub: 1\nextends: [\"a b\"]\n", 2, 11, "extends: a policy name"},
        {"odpub: 1\nbaseline: [{category: x, allowed: [drop]}]\n", 2, 12,
         "missing parameter 'columns'"},
        {"odpub: 1\nbaseline: [{category: x, columns: [a], allowed: [drop], "
         "min_date_unit: decade}]\n",
         2, 72, "'min_date_unit': unknown unit"},
        {"odpub: 1\nodpub: 1\n", 2, 1, "duplicate key 'odpub'"},
        {"odpub: 1\ncolumns: {\"a\\nb\": {action: nuke}}\n", 2, 28,
         "column 'a\\x0ab': unknown action"},
        {"odpub: 1\nname: [a]\n", 2, 7, "'name': expected a string, found a list"},
        {"odpub: 1\ncolumns: {a: {action: keep}\n", 3, 1, "YAML syntax error"},
        {"odpub: 1\nname: \"\\xff\"\n", 2, 1, NULL},
        {"odpub: 1\nname: x\n\xff\n", 3, 1, "YAML syntax error"},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct odp_err err;
        struct odp_policy *p;

        odp_err_clear(&err);
        p = odp_policy_load(tu_write_named("misc.yaml", cases[i].yaml, strlen(cases[i].yaml)), NULL,
                            &err);
        if (cases[i].needle == NULL) {
            /* "\xff" escape is U+00FF in YAML: a valid (non-slug) name, so a schema error */
            assert_null(p);
            assert_int_equal(err.code, ODP_ESCHEMA);
            continue;
        }
        if (p != NULL || err.line != cases[i].line || err.col != cases[i].col ||
            strstr(err.msg, cases[i].needle) == NULL || !ends_with(err.path, "misc.yaml")) {
            char buf[2048];

            print_error("case %zu: got %s\n", i, odp_err_format(&err, buf, sizeof(buf)));
            odp_policy_free(p);
            fail();
        }
    }
}

/* ---------------------------------------------------------------------------------- */

static char *
effective(const struct odp_policy *p, const char *const *ids, size_t *len)
{
    struct odp_out o;
    struct odp_err err;
    const char *m;
    char *copy;

    odp_err_clear(&err);
    assert_int_equal(odp_out_init(&o, -1, "mem", 0, &err), ODP_OK);
    assert_int_equal(odp_policy_write_effective(p, ids, &o, &err), ODP_OK);
    m = odp_out_mem(&o, len);
    copy = malloc(*len + 1);
    assert_non_null(copy);
    memcpy(copy, m, *len);
    copy[*len] = '\0';
    odp_out_release(&o);
    return copy;
}

static void
same_str(const char *a, const char *b)
{
    if (a == NULL || b == NULL) {
        assert_ptr_equal(a, b);
    } else {
        assert_string_equal(a, b);
    }
}

static void
same_strv(char **a, size_t na, char **b, size_t nb)
{
    size_t i;

    assert_int_equal(na, nb);
    for (i = 0; i < na; i++) {
        assert_string_equal(a[i], b[i]);
    }
}

/* Equal policies: every field but positions, paths and key specs (shown as ids). */
static void
same_policy(const struct odp_policy *a, const struct odp_policy *b)
{
    size_t i, j;

    assert_int_equal(a->version, b->version);
    same_str(a->name, b->name);
    same_str(a->dataset.title, b->dataset.title);
    same_str(a->dataset.description, b->dataset.description);
    same_str(a->dataset.agency, b->dataset.agency);
    same_str(a->dataset.category, b->dataset.category);
    same_str(a->dataset.update_frequency, b->dataset.update_frequency);
    same_str(a->dataset.license, b->dataset.license);
    same_str(a->dataset.contact, b->dataset.contact);
    same_strv(a->dataset.tags, a->dataset.ntags, b->dataset.tags, b->dataset.ntags);
    assert_int_equal(a->nkeys, b->nkeys);
    for (i = 0; i < a->nkeys; i++) {
        assert_string_equal(a->keys[i].name, b->keys[i].name);
    }
    assert_int_equal(a->deflt, b->deflt);
    assert_int_equal(a->ncols, b->ncols);
    for (i = 0; i < a->ncols; i++) {
        const struct odp_colrule *x = &a->cols[i], *y = &b->cols[i];

        assert_string_equal(x->name, y->name);
        assert_int_equal(x->action, y->action);
        same_str(x->type, y->type);
        same_str(x->description, y->description);
        same_str(x->replacement, y->replacement);
        assert_int_equal(x->keep_first, y->keep_first);
        assert_int_equal(x->keep_last, y->keep_last);
        same_str(x->mask_char, y->mask_char);
        same_str(x->key, y->key);
        same_str(x->domain, y->domain);
        assert_int_equal(x->length, y->length);
        assert_int_equal(x->gen, y->gen);
        assert_int_equal(x->date_unit, y->date_unit);
        assert_int_equal(x->date_fmt, y->date_fmt);
        assert_int_equal(x->digits, y->digits);
        assert_int_equal(x->nbands, y->nbands);
        for (j = 0; j < x->nbands; j++) {
            assert_memory_equal(&x->bands[j], &y->bands[j], sizeof(double));
        }
        assert_memory_equal(&x->width, &y->width, sizeof(double));
        assert_int_equal(x->has_top, y->has_top);
        assert_int_equal(x->has_bottom, y->has_bottom);
        assert_true(x->top == y->top && x->bottom == y->bottom);
        assert_int_equal(x->decimals, y->decimals);
        same_str(x->by, y->by);
        assert_int_equal(x->max_days, y->max_days);
        assert_int_equal(x->detect_mask, y->detect_mask);
        assert_int_equal(x->ndetect, y->ndetect);
        assert_memory_equal(x->detect_order, y->detect_order, x->ndetect);
        assert_int_equal(x->npatterns, y->npatterns);
        for (j = 0; j < x->npatterns; j++) {
            assert_string_equal(x->patterns[j].regex, y->patterns[j].regex);
            assert_string_equal(x->patterns[j].replace, y->patterns[j].replace);
        }
    }
    assert_int_equal(a->ndrop_when, b->ndrop_when);
    for (i = 0; i < a->ndrop_when; i++) {
        assert_string_equal(a->drop_when[i].column, b->drop_when[i].column);
        assert_int_equal(a->drop_when[i].op, b->drop_when[i].op);
        same_strv(a->drop_when[i].values, a->drop_when[i].nvalues, b->drop_when[i].values,
                  b->drop_when[i].nvalues);
    }
    same_strv(a->qi, a->nqi, b->qi, b->nqi);
    assert_int_equal(a->k, b->k);
    assert_int_equal(a->on_violation, b->on_violation);
    same_strv(a->sc_columns, a->nsc_columns, b->sc_columns, b->nsc_columns);
    same_strv(a->sc_by, a->nsc_by, b->sc_by, b->nsc_by);
    assert_int_equal(a->sc_threshold, b->sc_threshold);
    assert_int_equal(a->sc_complementary, b->sc_complementary);
    same_str(a->sc_marker, b->sc_marker);
    assert_int_equal(a->ncats, b->ncats);
    for (i = 0; i < a->ncats; i++) {
        assert_string_equal(a->cats[i].category, b->cats[i].category);
        same_strv(a->cats[i].patterns, a->cats[i].npatterns, b->cats[i].patterns,
                  b->cats[i].npatterns);
        same_strv(a->cats[i].except, a->cats[i].nexcept, b->cats[i].except, b->cats[i].nexcept);
        assert_int_equal(a->cats[i].allowed, b->cats[i].allowed);
        assert_int_equal(a->cats[i].min_date_unit, b->cats[i].min_date_unit);
        same_str(a->cats[i].note, b->cats[i].note);
    }
}

static void
roundtrip(const char *fixture, const char *const *ids)
{
    struct odp_err err;
    struct odp_policy *p, *q;
    char *y1, *y2, *path;
    size_t n1, n2;

    odp_err_clear(&err);
    p = odp_policy_load(fixture, NULL, &err);
    assert_non_null(p);
    y1 = effective(p, ids, &n1);
    /* no key locator leaks into the effective policy; extends is resolved away */
    assert_null(strstr(y1, "env:"));
    assert_null(strstr(y1, "file:"));
    assert_null(strstr(y1, "\nextends"));
    path = tu_write_named("effective.yaml", y1, n1);
    q = odp_policy_load(path, NULL, &err);
    if (q == NULL) {
        char buf[2048];

        print_error("%s\n%s\n", odp_err_format(&err, buf, sizeof(buf)), y1);
        fail();
    }
    same_policy(p, q);
    y2 = effective(q, ids, &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(y1, y2, n1);
    odp_policy_free(p);
    odp_policy_free(q);
    free(y1);
    free(y2);
}

static void
test_roundtrip(void **state)
{
    static const char *const ids[] = {"1a2b3c4d", NULL};
    static const char *const bad_ids[] = {"1A2B\"x", "0123456789abcdef"};
    struct odp_err err;
    struct odp_policy *p;
    char *y;
    size_t n;

    (void)state;
    roundtrip(FIX "valid-all.yaml", ids);
    roundtrip(FIX "valid-all.yaml", NULL);
    roundtrip(FIX "ext-child.yaml", ids);
    roundtrip(FIX "baseline.yaml", NULL);
    roundtrip(FIX "valid-escapes.yaml", NULL);

    odp_err_clear(&err);
    p = odp_policy_load(FIX "valid-all.yaml", NULL, &err);
    assert_non_null(p);
    y = effective(p, ids, &n);
    assert_non_null(strstr(y, "  \"pseudonym\": \"keyid:1a2b3c4d\"\n"));
    assert_non_null(strstr(y, "  \"shift\": \"keyid:unresolved\"\n"));
    assert_non_null(strstr(y, "    bands: [0, 18, 25.5, 65]\n"));
    free(y);
    /* an id that is not lowercase hex is never written as given */
    y = effective(p, bad_ids, &n);
    assert_non_null(strstr(y, "  \"pseudonym\": \"keyid:unresolved\"\n"));
    assert_non_null(strstr(y, "  \"shift\": \"keyid:0123456789abcdef\"\n"));
    free(y);
    odp_policy_free(p);
}

/* The policies shipped in policies/ load and round-trip (skipped when absent). */
static void
test_shipped_policies(void **state)
{
    static const char *const names[] = {"nyc-baseline", "nyc-311", "nyc-dob-job-filings",
                                        "nyc-mmr-indicators"};
    char path[512];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        struct odp_err err;
        struct odp_policy *p;

        snprintf(path, sizeof(path), ODP_SRCDIR "/policies/%s.yaml", names[i]);
        if (access(path, R_OK) != 0) {
            continue;
        }
        odp_err_clear(&err);
        p = odp_policy_load(path, ODP_SRCDIR "/policies", &err);
        if (p == NULL) {
            char buf[2048];

            print_error("%s\n", odp_err_format(&err, buf, sizeof(buf)));
            fail();
        }
        if (i == 0) {
            /* "*phone*" is a phone column, not the drug in "Hydromorphone" */
            const struct odp_baseline_cat *ph = NULL;
            size_t k;

            for (k = 0; k < p->ncats; k++) {
                if (strcmp(p->cats[k].category, "phone") == 0) {
                    ph = &p->cats[k];
                }
            }
            assert_non_null(ph);
            assert_true(odp_check_matches(ph, "Home Phone"));
            assert_true(odp_check_matches(ph, "PHONE_NUM"));
            assert_true(odp_check_matches(ph, "Fax"));
            assert_false(odp_check_matches(ph, "Hydromorphone"));
            assert_false(odp_check_matches(ph, "Oxymorphone"));
        }
        odp_policy_free(p);
        roundtrip(path, NULL);
    }
}

static void
test_types(void **state)
{
    static const char y[] = "odpub: 1\ncolumns:\n  m: {action: keep, type: yearmonth}\n"
                            "  g: {action: keep, type: geopoint}\n";
    struct odp_err err;
    struct odp_policy *p;

    (void)state;
    odp_err_clear(&err);
    p = odp_policy_load(tu_write_named("types.yaml", y, sizeof(y) - 1), NULL, &err);
    assert_non_null(p);
    assert_string_equal(col(p, "m")->type, "yearmonth");
    assert_string_equal(col(p, "g")->type, "geopoint");
    odp_policy_free(p);
}

static void
test_escapes(void **state)
{
    struct odp_err err;
    struct odp_policy *p;
    const struct odp_colrule *r;
    char *y;
    size_t n;

    (void)state;
    odp_err_clear(&err);
    p = odp_policy_load(FIX "valid-escapes.yaml", NULL, &err);
    assert_non_null(p);
    r = col(p, "weird \"col\"\\name");
    assert_string_equal(r->description, "line1\nline2\t\"q\" \\ \x01 \xe2\x80\xa8 caf\xc3\xa9");
    assert_string_equal(r->mask_char, "\xe2\x96\x88");
    r = col(p, "w");
    assert_true(r->width == 0.1);
    assert_true(r->top == -1.5e-7);
    y = effective(p, NULL, &n);
    assert_non_null(strstr(y, "\"line1\\nline2\\t\\\"q\\\" \\\\ \\x01 \\L caf\xc3\xa9\""));
    assert_non_null(strstr(y, "    width: 0.1\n"));
    assert_non_null(strstr(y, "    top: -1.5e-07\n"));
    free(y);
    odp_policy_free(p);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_error_hides_values),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_valid_all),
        cmocka_unit_test(test_baseline),
        cmocka_unit_test(test_extends_merge),
        cmocka_unit_test(test_extends_cycle),
        cmocka_unit_test(test_extends_self),
        cmocka_unit_test(test_extends_search),
        cmocka_unit_test(test_alias_bomb_fast),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_size_cap),
        cmocka_unit_test(test_node_caps),
        cmocka_unit_test(test_misc_schema),
        cmocka_unit_test(test_roundtrip),
        cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_shipped_policies),
        cmocka_unit_test(test_types),
    };

    return cmocka_run_group_tests(tests, tu_setup, tu_teardown);
}
