/*
 * test_derive.c - derived columns: each function on its edge cases (empty, unparsable,
 * negative, leap years, wall-clock hours across daylight-saving changes, truncation,
 * buckets at their edges), the `derive:` / `aggregate:` schema and its errors, the
 * write-back round trip, and the binding to a data header (unknown source, name clash,
 * a derived column used by a later one).
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

#include "actions_int.h"
#include "derive.h"
#include "out.h"
#include "policy.h"

static char *
write_tmp(const char *text)
{
    char *path = strdup("/tmp/odp-test-derive-XXXXXX.yaml");
    int fd;
    size_t n = strlen(text);

    assert_non_null(path);
    fd = mkstemps(path, 5);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, n), (ssize_t)n);
    close(fd);
    return path;
}

/* Evaluates fn on the given sources; returns the code and copies the text to out. */
static int
ev(enum odp_derive_fn fn, const char *a, const char *b, char *out)
{
    struct odp_derive_rule r;
    struct odp_field v[2];
    int fmts[2] = {ODP_DFMT_AUTO, ODP_DFMT_AUTO};
    struct odp_buf buf;
    struct odp_err err;
    char *args[2] = {"a", "b"};
    int rc;

    memset(&r, 0, sizeof(r));
    r.fn = fn;
    r.args = args;
    r.nargs = b != NULL ? 2 : 1;
    v[0].p = a;
    v[0].len = strlen(a);
    v[1].p = b != NULL ? b : "";
    v[1].len = b != NULL ? strlen(b) : 0;
    odp_buf_init(&buf, 1 << 20);
    odp_err_clear(&err);
    rc = odp_derive_eval(&r, fmts, v, &buf, &err);
    snprintf(out, 64, "%s", rc == 1 || rc == 2 || buf.p == NULL ? "" : buf.p);
    odp_buf_release(&buf);
    return rc;
}

#define EXPECT(fn, a, b, code, text)                                                               \
    do {                                                                                           \
        char o_[64];                                                                               \
        assert_int_equal(ev(fn, a, b, o_), code);                                                  \
        assert_string_equal(o_, text);                                                             \
    } while (0)

static void
test_days_between(void **state)
{
    (void)state;
    EXPECT(ODP_DV_DAYS_BETWEEN, "01/01/2025", "01/31/2025", 0, "30");
    EXPECT(ODP_DV_DAYS_BETWEEN, "01/01/2025", "01/01/2025", 0, "0");
    EXPECT(ODP_DV_DAYS_BETWEEN, "12/31/2024", "01/01/2025", 0, "1");
    /* leap years: 2024 has 29 February, 2023 and 1900 not, 2000 has */
    EXPECT(ODP_DV_DAYS_BETWEEN, "02/28/2024", "03/01/2024", 0, "2");
    EXPECT(ODP_DV_DAYS_BETWEEN, "02/28/2023", "03/01/2023", 0, "1");
    EXPECT(ODP_DV_DAYS_BETWEEN, "1900-02-28", "1900-03-01", 0, "1");
    EXPECT(ODP_DV_DAYS_BETWEEN, "2000-02-28", "2000-03-01", 0, "2");
    EXPECT(ODP_DV_DAYS_BETWEEN, "2024-01-01", "2025-01-01", 0, "366");
    /* reversed: negative, kept, code 3 (counted) */
    EXPECT(ODP_DV_DAYS_BETWEEN, "03/10/2025", "03/01/2025", 3, "-9");
    /* the time of day does not count: whole calendar days */
    EXPECT(ODP_DV_DAYS_BETWEEN, "03/01/2025 11:59:59 PM", "03/02/2025 12:00:01 AM", 0, "1");
    /* mixed formats (auto) */
    EXPECT(ODP_DV_DAYS_BETWEEN, "2025-03-01", "03/11/2025", 0, "10");
    /* empty either side: empty (1); unparsable: empty (2) */
    EXPECT(ODP_DV_DAYS_BETWEEN, "", "03/11/2025", 1, "");
    EXPECT(ODP_DV_DAYS_BETWEEN, "03/11/2025", "", 1, "");
    EXPECT(ODP_DV_DAYS_BETWEEN, "02/30/2025", "03/11/2025", 2, "");
    EXPECT(ODP_DV_DAYS_BETWEEN, "03/11/2025", "soon", 2, "");
    EXPECT(ODP_DV_DAYS_BETWEEN, "02/29/2023", "03/11/2025", 2, "");
    /* 9999 years apart still fits */
    EXPECT(ODP_DV_DAYS_BETWEEN, "0001-01-01", "9999-12-31", 0, "3652058");
}

static void
test_hours_between(void **state)
{
    (void)state;
    EXPECT(ODP_DV_HOURS_BETWEEN, "03/01/2025 10:00:00 AM", "03/01/2025 01:30:00 PM", 0, "3");
    /* wall clock: no daylight-saving adjustment (New York springs forward 9 March 2025 at
     * 2 AM and falls back 2 November 2025) */
    EXPECT(ODP_DV_HOURS_BETWEEN, "03/09/2025 01:30:00 AM", "03/09/2025 03:30:00 AM", 0, "2");
    EXPECT(ODP_DV_HOURS_BETWEEN, "11/02/2025 12:30:00 AM", "11/02/2025 02:30:00 AM", 0, "2");
    EXPECT(ODP_DV_HOURS_BETWEEN, "03/08/2025 12:00:00 PM", "03/09/2025 12:00:00 PM", 0, "24");
    /* truncated toward zero both ways */
    EXPECT(ODP_DV_HOURS_BETWEEN, "2025-03-01T10:00:00", "2025-03-01T10:59:59", 0, "0");
    EXPECT(ODP_DV_HOURS_BETWEEN, "2025-03-01T10:00:00", "2025-03-01T08:30:00", 3, "-1");
    /* a date alone is midnight; 12 AM is hour 0, 12 PM hour 12 */
    EXPECT(ODP_DV_HOURS_BETWEEN, "03/01/2025", "03/01/2025 12:00:00 PM", 0, "12");
    EXPECT(ODP_DV_HOURS_BETWEEN, "03/01/2025", "03/01/2025 12:00:00 AM", 0, "0");
    /* leap day in between */
    EXPECT(ODP_DV_HOURS_BETWEEN, "02/28/2024", "03/01/2024", 0, "48");
    EXPECT(ODP_DV_HOURS_BETWEEN, "", "03/01/2024", 1, "");
    EXPECT(ODP_DV_HOURS_BETWEEN, "03/01/2024 13:00:00 PM", "03/01/2024", 2, "");
}

static void
test_year_month_of(void **state)
{
    (void)state;
    EXPECT(ODP_DV_YEAR_OF, "03/09/2025 01:30:00 AM", NULL, 0, "2025");
    EXPECT(ODP_DV_YEAR_OF, "0999-01-01", NULL, 0, "0999");
    EXPECT(ODP_DV_MONTH_OF, "2024-02-29", NULL, 0, "2024-02");
    EXPECT(ODP_DV_MONTH_OF, "12/31/2025", NULL, 0, "2025-12");
    EXPECT(ODP_DV_MONTH_OF, "", NULL, 1, "");
    EXPECT(ODP_DV_MONTH_OF, "2023-02-29", NULL, 2, "");
    EXPECT(ODP_DV_YEAR_OF, "last year", NULL, 2, "");
}

static void
test_age_at(void **state)
{
    (void)state;
    EXPECT(ODP_DV_AGE_AT, "1990-06-15", "2025-06-14", 0, "34");
    EXPECT(ODP_DV_AGE_AT, "1990-06-15", "2025-06-15", 0, "35");
    /* 29 February: a year older on 1 March of a common year, on 29 February of a leap one */
    EXPECT(ODP_DV_AGE_AT, "2000-02-29", "2025-02-28", 0, "24");
    EXPECT(ODP_DV_AGE_AT, "2000-02-29", "2025-03-01", 0, "25");
    EXPECT(ODP_DV_AGE_AT, "2000-02-29", "2024-02-29", 0, "24");
    EXPECT(ODP_DV_AGE_AT, "2025-01-01", "2025-01-01", 0, "0");
    /* event before birth: negative, counted */
    EXPECT(ODP_DV_AGE_AT, "2025-01-02", "2024-01-01", 3, "-2");
    EXPECT(ODP_DV_AGE_AT, "", "2024-01-01", 1, "");
    EXPECT(ODP_DV_AGE_AT, "1990-13-01", "2024-01-01", 2, "");
}

static void
test_concat_bucket(void **state)
{
    struct odp_derive_rule r;
    struct odp_field v[3] = {{"1", 1}, {"00123", 5}, {"", 0}};
    int fmts[3] = {0, 0, 0};
    char *args[3] = {"boro", "block", "lot"};
    double edges[3] = {0, 30, 90};
    struct odp_buf b;
    struct odp_err err;

    (void)state;
    odp_buf_init(&b, 1 << 20);
    odp_err_clear(&err);
    memset(&r, 0, sizeof(r));
    r.fn = ODP_DV_CONCAT;
    r.args = args;
    r.nargs = 3;
    assert_int_equal(odp_derive_eval(&r, fmts, v, &b, &err), 0);
    assert_string_equal(b.p, "100123");
    r.sep = "-";
    assert_int_equal(odp_derive_eval(&r, fmts, v, &b, &err), 0);
    assert_string_equal(b.p, "1-00123-");

    memset(&r, 0, sizeof(r));
    r.fn = ODP_DV_BUCKET;
    r.args = args;
    r.nargs = 1;
    r.edges = edges;
    r.nedges = 3;
#define BUCKET(val, code, text)                                                                    \
    do {                                                                                           \
        struct odp_field x_ = {val, sizeof(val) - 1};                                              \
        assert_int_equal(odp_derive_eval(&r, fmts, &x_, &b, &err), code);                          \
        if ((code) == 0) {                                                                         \
            assert_string_equal(b.p, text);                                                        \
        }                                                                                          \
    } while (0)
    BUCKET("-1", 0, "<0");
    BUCKET("0", 0, "[0,30)");
    BUCKET("29.999", 0, "[0,30)");
    BUCKET("30", 0, "[30,90)");
    BUCKET("90", 0, ">=90");
    BUCKET("1e6", 0, ">=90");
    BUCKET("", 1, "");
    BUCKET("12 days", 2, "");
    odp_buf_release(&b);
}

static const char *const good_policy =
    "odpub: 1\nname: derive-test\ndefault: reject\n"
    "derive:\n"
    "  days: {days_between: [filed, approved], format: \"MM/DD/YYYY\"}\n"
    "  month: {month_of: filed}\n"
    "  band: {bucket: days, edges: [0, 30, 90.5]}\n"
    "  key: {concat: [a, b], sep: \"/\"}\n"
    "columns:\n"
    "  filed: {action: generalize, to: month, format: \"MM/DD/YYYY\"}\n"
    "  approved: {action: drop}\n"
    "  a: {action: keep}\n  b: {action: keep}\n"
    "  days: {action: keep, type: integer}\n  month: {action: keep}\n"
    "  band: {action: keep}\n  key: {action: keep}\n"
    "aggregate:\n"
    "  by: [month, band]\n"
    "  measures:\n"
    "    n: count\n"
    "    people: {count_distinct: key}\n"
    "    total: {sum: days}\n"
    "    avg: {mean: days, decimals: 1}\n"
    "    med: {median: days}\n"
    "    p90: {quantile: [days, 0.9]}\n"
    "    fast: {share: {column: band, in: [\"[0,30)\"]}}\n";

static struct odp_policy *
load_text(const char *text, struct odp_err *err)
{
    char *path = write_tmp(text);
    struct odp_policy *p;

    odp_err_clear(err);
    p = odp_policy_load(path, NULL, err);
    unlink(path);
    free(path);
    return p;
}

static char *
write_effective(const struct odp_policy *p)
{
    struct odp_out o;
    struct odp_err err;
    const char *t;
    size_t n;
    char *s;

    odp_err_clear(&err);
    assert_int_equal(odp_out_init(&o, -1, "mem", 0, &err), ODP_OK);
    assert_int_equal(odp_policy_write_effective(p, NULL, &o, &err), ODP_OK);
    t = odp_out_mem(&o, &n);
    s = strndup(t, n);
    odp_out_release(&o);
    assert_non_null(s);
    return s;
}

static void
test_policy_parse_and_write(void **state)
{
    struct odp_err err;
    struct odp_policy *p = load_text(good_policy, &err), *q;
    char *w1, *w2;

    (void)state;
    assert_non_null(p);
    assert_int_equal(p->dv.nrules, 4);
    assert_int_equal(p->dv.rules[0].fn, ODP_DV_DAYS_BETWEEN);
    assert_int_equal(p->dv.rules[0].fmt, ODP_DFMT_US_DATE);
    assert_string_equal(p->dv.rules[0].args[1], "approved");
    assert_int_equal(p->dv.rules[1].fmt, -1);
    assert_int_equal(p->dv.rules[2].nedges, 3);
    assert_string_equal(p->dv.rules[3].sep, "/");
    assert_true(p->dv.agg.on);
    assert_int_equal(p->dv.agg.nby, 2);
    assert_int_equal(p->dv.agg.nmeasures, 7);
    assert_int_equal(p->dv.agg.measures[0].kind, ODP_M_COUNT);
    assert_int_equal(p->dv.agg.measures[3].decimals, 1);
    assert_true(p->dv.agg.measures[4].q == 0.5);
    assert_true(p->dv.agg.measures[5].q == 0.9);
    assert_int_equal(p->dv.agg.measures[6].nin, 1);
    /* write-back loads to the same policy: same bytes the second time */
    w1 = write_effective(p);
    assert_non_null(strstr(w1, "derive:\n"));
    assert_non_null(strstr(w1, "aggregate:\n"));
    q = load_text(w1, &err);
    assert_non_null(q);
    w2 = write_effective(q);
    assert_string_equal(w1, w2);
    free(w1);
    free(w2);
    odp_policy_free(q);
    odp_policy_free(p);
}

static void
test_policy_errors(void **state)
{
    static const struct {
        const char *yaml, *want;
    } cases[] = {
        {"derive:\n  d: {days_between: [a]}\n", "expected 2 column names"},
        {"derive:\n  d: {weeks_between: [a, b]}\n", "unknown key"},
        {"derive:\n  d: {format: iso}\n", "missing function"},
        {"derive:\n  d: {year_of: a, month_of: a}\n", "one function per column"},
        {"derive:\n  d: {bucket: a}\n", "needs 'edges'"},
        {"derive:\n  d: {bucket: a, edges: [3, 1]}\n", "ascending"},
        {"derive:\n  d: {year_of: a, sep: \"-\"}\n", "only for concat"},
        {"derive:\n  d: {concat: [a, b], format: iso}\n", "only for date functions"},
        {"derive:\n  d: {year_of: d}\n", "cannot use itself"},
        {"derive:\n  d: {year_of: a, format: \"DD.MM.YYYY\"}\n", "unknown date format"},
        {"aggregate:\n  by: [a]\n", "missing 'measures'"},
        {"aggregate:\n  measures: {n: sum}\n", "expected count or"},
        {"aggregate:\n  measures: {n: {quantile: [a, 1.5]}}\n", "at most 1"},
        {"aggregate:\n  measures: {n: {quantile: a}}\n", "expected [COLUMN, Q]"},
        {"aggregate:\n  measures: {n: {median: a, decimals: 12}}\n", "between 0 and 9"},
        {"aggregate:\n  measures: {n: {share: {column: a}}}\n", "needs 'column' and 'in'"},
        {"aggregate:\n  by: [a]\n  measures: {a: count}\n", "name of a 'by' column"},
        {"aggregate:\n  measures: {n: {mode: a}}\n", "unknown key"},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char text[1024];
        struct odp_err err;
        struct odp_policy *p;

        snprintf(text, sizeof(text), "odpub: 1\nname: t\ncolumns:\n  a: {action: keep}\n%s",
                 cases[i].yaml);
        p = load_text(text, &err);
        if (p != NULL || strstr(err.msg, cases[i].want) == NULL) {
            fprintf(stderr, "case %zu: got '%s', want '%s'\n", i, p ? "(loaded)" : err.msg,
                    cases[i].want);
        }
        assert_null(p);
        assert_int_equal(err.code, ODP_ESCHEMA);
        assert_non_null(strstr(err.msg, cases[i].want));
        assert_true(err.line > 0);
    }
}

static void
test_bind(void **state)
{
    struct odp_err err;
    struct odp_policy *p = load_text(good_policy, &err);
    struct odp_field hf[4] = {{"filed", 5}, {"approved", 8}, {"a", 1}, {"b", 1}};
    struct odp_row hdr = {4, hf, 1, 0};
    struct odp_field rf[4] = {{"01/30/2024", 10}, {"03/01/2024", 10}, {"x", 1}, {"y", 1}};
    struct odp_row row = {4, rf, 2, 1}, out;
    struct odp_derive *dv;
    const struct odp_derive_info *info;
    size_t n;

    (void)state;
    assert_non_null(p);
    dv = odp_derive_new(p, &hdr, &err);
    assert_non_null(dv);
    assert_int_equal(odp_derive_header(dv)->n, 8);
    assert_memory_equal(odp_derive_header(dv)->f[6].p, "band", 4);
    assert_int_equal(odp_derive_row(dv, &row, &out, &err), ODP_OK);
    assert_int_equal(out.n, 8);
    assert_int_equal(out.f[4].len, 2);
    assert_memory_equal(out.f[4].p, "31", 2); /* 2024 is a leap year */
    assert_memory_equal(out.f[5].p, "2024-01", 7);
    assert_memory_equal(out.f[6].p, "[30,90.5)", 9); /* bucket of a derived column */
    assert_memory_equal(out.f[7].p, "x/y", 3);
    rf[1].len = 0;
    assert_int_equal(odp_derive_row(dv, &row, &out, &err), ODP_OK);
    assert_int_equal(out.f[4].len, 0);
    assert_int_equal(out.f[6].len, 0);            /* empty propagates */
    rf[1] = (struct odp_field){"2024-01-01", 10}; /* not MM/DD/YYYY: the rule's format */
    assert_int_equal(odp_derive_row(dv, &row, &out, &err), ODP_OK);
    assert_int_equal(out.f[4].len, 0);
    info = odp_derive_info(dv, &n);
    assert_int_equal(n, 4);
    assert_string_equal(info[0].formula, "days_between(filed, approved)");
    assert_string_equal(info[2].formula, "bucket(days; edges 0, 30, 90.5)");
    assert_int_equal(info[0].rows, 3);
    assert_int_equal(info[0].empty, 1);
    assert_int_equal(info[0].unparsable, 1);
    assert_int_equal(info[2].empty, 2);
    odp_derive_reset_counts(dv);
    assert_int_equal(odp_derive_info(dv, &n)[0].rows, 0);
    odp_derive_free(dv);

    /* a source that is not in the data */
    hf[1] = (struct odp_field){"approval", 8};
    assert_null(odp_derive_new(p, &hdr, &err));
    assert_int_equal(err.code, ODP_EPOLICY);
    assert_non_null(strstr(err.msg, "'approved'"));
    assert_true(err.line > 0);
    /* a derived name that is a data column */
    hf[1] = (struct odp_field){"approved", 8};
    hf[2] = (struct odp_field){"month", 5};
    odp_err_clear(&err);
    assert_null(odp_derive_new(p, &hdr, &err));
    assert_non_null(strstr(err.msg, "has the name of a data column"));
    odp_policy_free(p);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_days_between),  cmocka_unit_test(test_hours_between),
        cmocka_unit_test(test_year_month_of), cmocka_unit_test(test_age_at),
        cmocka_unit_test(test_concat_bucket), cmocka_unit_test(test_policy_parse_and_write),
        cmocka_unit_test(test_policy_errors), cmocka_unit_test(test_bind),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
