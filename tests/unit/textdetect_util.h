/*
 * textdetect_util.h - the table-driven checks shared by the free-text detector tests
 * (test_textdetect.c, test_textround7.c): a positive row gives a sentence and the exact
 * bytes a detector must find first in it; a negative row is a look-alike in which it
 * must find nothing. Include after <cmocka.h> and "detect.h".
 */
#ifndef ODP_TEXTDETECT_UTIL_H
#define ODP_TEXTDETECT_UTIL_H

#define N(a) (sizeof(a) / sizeof((a)[0]))

struct pos {
    const char *text, *want;
};

static struct odp_detect *
mk(uint32_t mask)
{
    struct odp_err err;
    struct odp_detect *d;

    odp_err_clear(&err);
    d = odp_detect_new(mask, &err);
    assert_non_null(d);
    return d;
}

/* A copy of t without its NUL, in a buffer of exactly its length: a detector that reads
 * one byte past the text trips AddressSanitizer in the sanitized build. */
static char *
exact_copy(const char *t)
{
    size_t n = strlen(t);
    char *p = malloc(n > 0 ? n : 1);

    assert_non_null(p);
    memcpy(p, t, n);
    return p;
}

static void
run(enum odp_detector det, const struct pos *pos, size_t np, const char *const *neg, size_t nn)
{
    struct odp_detect *d = mk(1u << det);
    struct odp_err err;
    size_t i, b, e;
    int rc;

    for (i = 0; i < np; i++) {
        const char *t = pos[i].text, *w = strstr(t, pos[i].want);
        char *x = exact_copy(t);

        assert_non_null(w);
        odp_err_clear(&err);
        b = e = 9999;
        rc = odp_detect_find(d, det, x, strlen(t), 0, NULL, &b, &e, &err);
        free(x);
        if (rc != 1 || b != (size_t)(w - t) || e != b + strlen(pos[i].want)) {
            print_error("%s: expected [%s] in [%s], rc=%d got [%.*s]\n", odp_detector_name(det),
                        pos[i].want, t, rc, rc == 1 ? (int)(e - b) : 0, rc == 1 ? t + b : "");
            fail();
        }
    }
    for (i = 0; i < nn; i++) {
        char *x = exact_copy(neg[i]);

        odp_err_clear(&err);
        rc = odp_detect_find(d, det, x, strlen(neg[i]), 0, NULL, &b, &e, &err);
        free(x);
        if (rc != 0) {
            print_error("%s: unexpected [%.*s] in [%s]\n", odp_detector_name(det), (int)(e - b),
                        neg[i] + b, neg[i]);
            fail();
        }
        assert_int_equal(err.code, ODP_OK);
    }
    odp_detect_free(d);
}

#endif
