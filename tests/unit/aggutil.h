/*
 * aggutil.h - scaffolding the aggregate unit tests share (test_aggregate.c,
 * test_aggregate_merge.c): a policy from YAML text, and an aggregate table run to its
 * CSV text. Include after <cmocka.h>, aggregate.h, out.h and policy.h; every helper is
 * `static inline`.
 */
#ifndef ODP_TESTS_AGGUTIL_H
#define ODP_TESTS_AGGUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The policy in text (written to a scratch file, loaded, the file removed). */
static inline struct odp_policy *
agg_load_text(const char *text)
{
    char *path = strdup("/tmp/odp-test-agg-XXXXXX.yaml");
    struct odp_policy *p;
    struct odp_err err;
    int fd;

    assert_non_null(path);
    fd = mkstemps(path, 5);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    odp_err_clear(&err);
    p = odp_policy_load(path, NULL, &err);
    if (p == NULL) {
        fprintf(stderr, "%s\n", err.msg);
    }
    unlink(path);
    free(path);
    assert_non_null(p);
    return p;
}

/* Runs the table and returns its CSV text (caller frees). */
static inline char *
agg_run_table(struct odp_agg *a)
{
    struct odp_out o;
    struct odp_err err;
    const char *t;
    size_t n;
    char *s;

    odp_err_clear(&err);
    assert_int_equal(odp_out_init(&o, -1, "mem", 0, &err), ODP_OK);
    assert_int_equal(odp_agg_write(a, &o, &err), ODP_OK);
    t = odp_out_mem(&o, &n);
    s = strndup(t, n);
    odp_out_release(&o);
    assert_non_null(s);
    return s;
}

#endif
