/*
 * test_policy_roundtrip.c - the effective-policy writer escapes whatever YAML forbids
 * raw, so a package's policy.yaml always reads back (issue 21.4: a `\x81` escape was
 * written as a raw C1 byte that no YAML reader accepts).
 *
 * Every Unicode scalar value U+0001..U+10FFFF (surrogates excluded) goes, as a YAML
 * escape, into a dataset description and a column description (every 32nd into a column
 * name, which YAML caps at 1024 characters); the
 * policy is loaded, written back, loaded again and written again: the strings must be
 * equal and the two writes byte-identical. The code point classes that need escaping
 * (C0, DEL, C1, NEL, LS/PS, BOM, U+FFFE/U+FFFF) are also checked to come out escaped.
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
#include "policy.h"

#define BATCH 2048u

static char *
written(const struct odp_policy *p, size_t *len)
{
    struct odp_out o;
    struct odp_err err;
    const char *m;
    char *copy;

    odp_err_clear(&err);
    assert_int_equal(odp_out_init(&o, -1, "mem", 0, &err), ODP_OK);
    assert_int_equal(odp_policy_write_effective(p, NULL, &o, &err), ODP_OK);
    m = odp_out_mem(&o, len);
    copy = malloc(*len + 1);
    assert_non_null(copy);
    memcpy(copy, m, *len);
    copy[*len] = '\0';
    odp_out_release(&o);
    return copy;
}

static struct odp_policy *
load(const char *path)
{
    struct odp_err err;
    struct odp_policy *p;

    odp_err_clear(&err);
    p = odp_policy_load(path, NULL, &err);
    if (p == NULL) {
        fail_msg("%s:%llu:%llu: %s", err.path, (unsigned long long)err.line,
                 (unsigned long long)err.col, err.msg);
    }
    return p;
}

/* Appends "\UXXXXXXXX" for each scalar value of [lo, hi) (every step-th) to buf. */
static size_t
escapes(char *buf, uint32_t lo, uint32_t hi, uint32_t step)
{
    size_t n = 0;
    uint32_t c;

    for (c = lo; c < hi; c += step) {
        if (c >= 0xD800 && c <= 0xDFFF) {
            continue;
        }
        n += (size_t)sprintf(buf + n, "\\U%08X", (unsigned)c);
    }
    buf[n] = '\0';
    return n;
}

static void
roundtrip(uint32_t lo, uint32_t hi)
{
    static char esc[BATCH * 10 + 1], name[BATCH / 32 * 10 + 1], yaml[2 * BATCH * 10 + 1024];
    struct odp_policy *p1, *p2;
    char *w1, *w2;
    size_t n, l1, l2;

    escapes(esc, lo, hi, 1);
    /* A YAML implicit key is at most 1024 characters: the name samples the batch. */
    escapes(name, lo, hi, 32);
    n = (size_t)snprintf(yaml, sizeof(yaml),
                         "odpub: 1\nname: rt\ndataset:\n  title: \"t\"\n  description: \"%s\"\n"
                         "columns:\n  \"a%s\": {action: keep, description: \"%s\"}\n",
                         esc, name, esc);
    assert_true(n < sizeof(yaml));
    p1 = load(tu_write_named("in.yaml", yaml, n));
    w1 = written(p1, &l1);
    p2 = load(tu_write_named("out.yaml", w1, l1));
    w2 = written(p2, &l2);
    assert_int_equal(l1, l2);
    assert_memory_equal(w1, w2, l1);
    assert_string_equal(p1->dataset.description, p2->dataset.description);
    assert_int_equal(p1->ncols, 1);
    assert_int_equal(p2->ncols, 1);
    assert_string_equal(p1->cols[0].name, p2->cols[0].name);
    assert_string_equal(p1->cols[0].description, p2->cols[0].description);
    assert_string_equal(p1->cols[0].description, p1->dataset.description);
    free(w1);
    free(w2);
    odp_policy_free(p1);
    odp_policy_free(p2);
}

static void
test_every_code_point(void **state)
{
    uint32_t lo;

    (void)state;
    for (lo = 1; lo < 0x110000; lo += BATCH) {
        roundtrip(lo, lo + BATCH > 0x110000 ? 0x110000 : lo + BATCH);
    }
}

/* The classes YAML does not take raw come out as escapes. */
static void
test_escaped_classes(void **state)
{
    static const struct {
        uint32_t cp;
        const char *want;
    } cases[] = {
        {0x01, "\\x01"},     {0x1B, "\\x1B"},   {0x7F, "\\x7F"},     {0x0A, "\\n"},
        {0x80, "\\u0080"},   {0x81, "\\u0081"}, {0x9F, "\\u009F"},   {0x85, "\\N"},
        {0x2028, "\\L"},     {0x2029, "\\P"},   {0xFEFF, "\\uFEFF"}, {0xFFFE, "\\uFFFE"},
        {0xFFFF, "\\uFFFF"},
    };
    char yaml[256], *w;
    size_t i, n, len;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct odp_policy *p;

        n = (size_t)snprintf(yaml, sizeof(yaml),
                             "odpub: 1\nname: rt\ndataset:\n  description: \"x\\U%08Xy\"\n",
                             (unsigned)cases[i].cp);
        p = load(tu_write_named("c.yaml", yaml, n));
        w = written(p, &len);
        if (strstr(w, cases[i].want) == NULL) {
            fail_msg("U+%04X not written as %s:\n%s", (unsigned)cases[i].cp, cases[i].want, w);
        }
        free(w);
        odp_policy_free(p);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escaped_classes),
        cmocka_unit_test(test_every_code_point),
    };

    return cmocka_run_group_tests(tests, tu_setup, tu_teardown);
}
