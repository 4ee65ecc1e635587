/*
 * test_detect.c - identifier detectors: true positives, look-alike negatives, match
 * positions inside free text, iteration from `start`, hints, errors.
 *
 * Positive vectors are checked bare and embedded in a sentence, where the match must be
 * exactly the vector's bytes. Negative vectors must not match bare nor embedded.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "detect.h"

struct vec {
    const char *s;
};

static const char *const wraps[][2] = {
    {"", ""},
    {"Customer said: ", " please call back."},
    {"(", ")"},
    {"x ", ", y"},
};

static struct odp_detect *
mk(uint32_t mask)
{
    struct odp_err err;
    struct odp_detect *d;

    odp_err_clear(&err);
    d = odp_detect_new(mask, &err);
    assert_non_null(d);
    assert_int_equal(err.code, ODP_OK);
    return d;
}

/* Asserts that `v` is found exactly, bare and embedded in each wrap. */
static void
check_pos(struct odp_detect *d, enum odp_detector det, const char *v, const char *hint,
          int embed)
{
    char buf[512];
    size_t b, e, pl, vl = strlen(v);
    size_t w, nw = embed ? sizeof(wraps) / sizeof(wraps[0]) : 1;
    struct odp_err err;
    int rc;

    for (w = 0; w < nw; w++) {
        odp_err_clear(&err);
        pl = strlen(wraps[w][0]);
        snprintf(buf, sizeof(buf), "%s%s%s", wraps[w][0], v, wraps[w][1]);
        b = e = 9999;
        rc = odp_detect_find(d, det, buf, strlen(buf), 0, hint, &b, &e, &err);
        if (rc != 1 || b != pl || e != pl + vl) {
            print_error("%s: expected match of [%s] in [%s], rc=%d b=%zu e=%zu\n",
                        odp_detector_name(det), v, buf, rc, b, e);
            fail();
        }
        assert_int_equal(err.code, ODP_OK);
    }
}

static void
check_neg(struct odp_detect *d, enum odp_detector det, const char *v, const char *hint,
          int embed)
{
    char buf[512];
    size_t b, e;
    size_t w, nw = embed ? sizeof(wraps) / sizeof(wraps[0]) : 1;
    struct odp_err err;
    int rc;

    for (w = 0; w < nw; w++) {
        odp_err_clear(&err);
        snprintf(buf, sizeof(buf), "%s%s%s", wraps[w][0], v, wraps[w][1]);
        rc = odp_detect_find(d, det, buf, strlen(buf), 0, hint, &b, &e, &err);
        if (rc != 0) {
            print_error("%s: unexpected match in [%s] rc=%d at %zu..%zu\n",
                        odp_detector_name(det), buf, rc, b, e);
            fail();
        }
        assert_int_equal(err.code, ODP_OK);
    }
}

static void
run_table(enum odp_detector det, const char *const *pos, size_t npos, const char *const *neg,
          size_t nneg, const char *hint, int embed)
{
    struct odp_detect *d = mk(1u << det);
    size_t i;

    assert_true(npos >= 20);
    assert_true(nneg >= 20);
    for (i = 0; i < npos; i++) {
        check_pos(d, det, pos[i], hint, embed);
    }
    for (i = 0; i < nneg; i++) {
        check_neg(d, det, neg[i], hint, embed);
    }
    odp_detect_free(d);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ email */

static const char *const email_pos[] = {
    "john.doe@example.com",  "jane@nyc.gov",           "a@b.co",
    "first.last+tag@sub.example.org", "x_y%z@mail.co.uk", "UPPER@EXAMPLE.COM",
    "o.brien@x.com",    "user-name@host-name.net", "n123@dot.nyc",
    "m.e@a.b.c.io",          "joe@311.nyc.gov",        "bob.smith@gmail.com",
    "test.user@hpd.nyc.gov", "x@y.museum",             "li-wei@qq.cn",
    "99@numbers.com",        "a+b+c@d.info",           "foo_bar@baz.travel",
    "resident1@aol.com",     "s@dep.nyc.gov",          "k.l.m@n-o.p-q.com",
};

static const char *const email_neg[] = {
    "john.doe@",          "@example.com",     "john@example",       "john@@example.com",
    "john@ex_ample.com",   "john@.example.com", "john@example..com", "john@-ex.com",
    "john@ex-.com",       "user at example dot com", "foo@bar.c",   "foo@bar.123",
    "N/A",                "10:30 @ station",  "price@$5.00",        "a@b",
    "twitter @handle",    "x@y.c0m",          "me@localhost",       "@@",
    "email: none",
};

static void
test_email(void **state)
{
    (void)state;
    run_table(ODP_DET_EMAIL, email_pos, N(email_pos), email_neg, N(email_neg), NULL, 1);
}

/* ------------------------------------------------------------------ phone */

static const char *const phone_pos[] = {
    "212-555-0123",    "(212) 555-0123",  "212.555.0123",    "2125550123",
    "+1 212 555 0123", "1-212-555-0123",  "+1-212-555-0123", "(718)555-0199",
    "718 555 0199",    "+12125550123",    "1 (646) 555-0100", "917.555.0144",
    "347-555-0123",    "929 555 0123",    "(212)-555-0123",  "1.212.555.0123",
    "646 555-0100", "+1 (917) 555-0144", "3475550123",    "800-555-0199",
    "12125550123",
};

static const char *const phone_neg[] = {
    "112-555-0123",       "212-155-0123",        "012-555-0123",     "212-055-0123",
    "212-555-012",        "21255501234",         "212555012345",     "order 123456789012",
    "10001-1234",         "$1,234.56",           "12:30:45",         "1.2.3.4",
    "212-555-0123-4567",  "212-555.0123",        "2125550123.45",    "212/555/0123",
    "911-555-0123",       "411-555-0123",        "ABC2125550123",    "99212-555-0123",
    "555-0123",           "123-45-6789",         "1000230056",
};

static void
test_phone(void **state)
{
    (void)state;
    run_table(ODP_DET_PHONE, phone_pos, N(phone_pos), phone_neg, N(phone_neg), NULL, 1);
}

/* ------------------------------------------------------------------ ssn */

static const char *const ssn_pos[] = {
    "123-45-6789", "123 45 6789", "123456789",   "001-01-0001", "665-12-3456",
    "667-12-3456", "899-99-9999", "078-05-1120", "219-09-9999", "457-55-5462",
    "234567890",   "345 67 8901", "555-12-3456", "111-22-3333", "321-54-9876",
    "501-02-0003", "700-70-7000", "899999999",   "600-01-0001", "010-10-1010",
    "456-78-9012",
};

static const char *const ssn_neg[] = {
    "000-12-3456",  "666-12-3456",  "900-12-3456",  "999-12-3456", "123-00-4567",
    "123-45-0000",  "123-45 6789",  "123 45-6789",  "12345-6789",  "1234567890",
    "12345678",     "123-456-789",  "10001-1234",   "$123,456,789", "1000230056",
    "123-45-67890", "9123-45-6789", "212-555-0123", "123.45.6789", "order #1234567890",
    "ID123456789",  "123456789.50", "1-123-45-6789",
};

static void
test_ssn(void **state)
{
    (void)state;
    run_table(ODP_DET_SSN, ssn_pos, N(ssn_pos), ssn_neg, N(ssn_neg), NULL, 1);
}

/* ------------------------------------------------------------------ positions */

static void
test_positions_and_iteration(void **state)
{
    static const char text[] =
        "Caller jane@nyc.gov gave 212-555-0123 and later (718) 555-0199; SSN 123-45-6789, "
        "bad 000-12-3456, also bob@x.org.";
    struct odp_detect *d = mk((1u << ODP_DET_EMAIL) | (1u << ODP_DET_PHONE) |
                              (1u << ODP_DET_SSN));
    struct odp_err err;
    size_t n = strlen(text), b, e, pos;
    const char *want[] = {"jane@nyc.gov", "bob@x.org"};
    const char *wantp[] = {"212-555-0123", "(718) 555-0199"};
    int rc, k;

    (void)state;
    odp_err_clear(&err);
    /* Iterate emails. */
    for (pos = 0, k = 0;; k++) {
        rc = odp_detect_find(d, ODP_DET_EMAIL, text, n, pos, NULL, &b, &e, &err);
        if (rc == 0) {
            break;
        }
        assert_int_equal(rc, 1);
        assert_true(k < 2);
        assert_int_equal(e - b, strlen(want[k]));
        assert_memory_equal(text + b, want[k], e - b);
        pos = e;
    }
    assert_int_equal(k, 2);
    /* Iterate phones. */
    for (pos = 0, k = 0;; k++) {
        rc = odp_detect_find(d, ODP_DET_PHONE, text, n, pos, NULL, &b, &e, &err);
        if (rc == 0) {
            break;
        }
        assert_true(k < 2);
        assert_memory_equal(text + b, wantp[k], strlen(wantp[k]));
        assert_int_equal(e - b, strlen(wantp[k]));
        pos = e;
    }
    assert_int_equal(k, 2);
    /* SSN: the invalid 000 one is skipped, only one found. */
    rc = odp_detect_find(d, ODP_DET_SSN, text, n, 0, NULL, &b, &e, &err);
    assert_int_equal(rc, 1);
    assert_memory_equal(text + b, "123-45-6789", 11);
    rc = odp_detect_find(d, ODP_DET_SSN, text, n, e, NULL, &b, &e, &err);
    assert_int_equal(rc, 0);
    /* A start inside a match does not find a partial match of it. */
    rc = odp_detect_find(d, ODP_DET_EMAIL, text, n, 8, NULL, &b, &e, &err);
    assert_int_equal(rc, 1);
    assert_memory_equal(text + b, "bob@x.org", 9);
    /* start == n and start > n find nothing. */
    assert_int_equal(odp_detect_find(d, ODP_DET_EMAIL, text, n, n, NULL, &b, &e, &err), 0);
    assert_int_equal(odp_detect_find(d, ODP_DET_EMAIL, text, n, n + 5, NULL, &b, &e, &err),
                     0);
    /* Length bounds the subject: the email cut short is not found. */
    assert_int_equal(odp_detect_find(d, ODP_DET_EMAIL, text, 14, 0, NULL, &b, &e, &err), 0);
    assert_int_equal(err.code, ODP_OK);
    odp_detect_free(d);
}

static void
test_leftmost_validated(void **state)
{
    /* First candidate fails validation (area 666); the next one is returned. */
    static const char text[] = "666-12-3456 then 234-56-7890";
    struct odp_detect *d = mk(1u << ODP_DET_SSN);
    size_t b, e;

    (void)state;
    assert_int_equal(odp_detect_find(d, ODP_DET_SSN, text, strlen(text), 0, NULL, &b, &e, NULL),
                     1);
    assert_int_equal(b, 17);
    assert_int_equal(e, 28);
    odp_detect_free(d);
}

static void
test_any(void **state)
{
    static const char text[] = "mail a@b.com or call 212-555-0123";
    struct odp_detect *d = mk((1u << ODP_DET_EMAIL) | (1u << ODP_DET_PHONE) |
                              (1u << ODP_DET_SSN));
    struct odp_err err;
    uint32_t hits = 0;

    (void)state;
    odp_err_clear(&err);
    assert_int_equal(odp_detect_any(d, text, strlen(text), NULL, &hits, &err), ODP_OK);
    assert_int_equal(hits, (1u << ODP_DET_EMAIL) | (1u << ODP_DET_PHONE));
    hits = 1u << 31;
    assert_int_equal(odp_detect_any(d, "nothing here", 12, NULL, &hits, &err), ODP_OK);
    assert_int_equal(hits, 1u << 31);
    hits = 0;
    assert_int_equal(odp_detect_any(d, "", 0, NULL, &hits, &err), ODP_OK);
    assert_int_equal(hits, 0);
    odp_detect_free(d);
}

static void
test_errors(void **state)
{
    struct odp_detect *d;
    struct odp_err err;
    size_t b, e;

    (void)state;
    odp_err_clear(&err);
    assert_null(odp_detect_new(1u << ODP_DET__COUNT, &err));
    assert_int_equal(err.code, ODP_EINVAL);

    d = mk(1u << ODP_DET_EMAIL);
    odp_err_clear(&err);
    /* A detector not in the set is a usage error, not "no match". */
    assert_int_equal(odp_detect_find(d, ODP_DET_PHONE, "212-555-0123", 12, 0, NULL, &b, &e,
                                     &err),
                     ODP_EINVAL);
    assert_int_equal(err.code, ODP_EINVAL);
    assert_null(strstr(err.msg, "212"));
    odp_err_clear(&err);
    assert_int_equal(odp_detect_find(d, (enum odp_detector)99, "a", 1, 0, NULL, &b, &e, &err),
                     ODP_EINVAL);
    assert_int_equal(odp_detect_find(NULL, ODP_DET_EMAIL, "a", 1, 0, NULL, &b, &e, NULL),
                     ODP_EINVAL);
    assert_int_equal(odp_detect_any(d, "a", 1, NULL, NULL, NULL), ODP_EINVAL);
    odp_detect_free(d);
    odp_detect_free(NULL);
}

static void
test_limits(void **state)
{
    /* A long hostile value: must finish (match or limit), never hang or crash. */
    static char big[200001];
    struct odp_detect *d = mk((1u << ODP_DET__COUNT) - 1u);
    struct odp_err err;
    uint32_t hits = 0;
    size_t i;
    int rc;

    (void)state;
    for (i = 0; i < sizeof(big) - 1; i++) {
        big[i] = (i % 7 == 6) ? '.' : (i % 3 == 0 ? '1' : 'a');
    }
    big[i] = '\0';
    odp_err_clear(&err);
    rc = odp_detect_any(d, big, sizeof(big) - 1, "notes", &hits, &err);
    assert_true(rc == ODP_OK || rc == ODP_ELIMIT);
    if (rc == ODP_ELIMIT) {
        assert_int_equal(err.code, ODP_ELIMIT);
    }
    odp_detect_free(d);
}

static void
test_names(void **state)
{
    int i;

    (void)state;
    for (i = 0; i < ODP_DET__COUNT; i++) {
        const char *nm = odp_detector_name((enum odp_detector)i);

        assert_non_null(nm);
        assert_non_null(odp_detector_token((enum odp_detector)i));
        assert_int_equal(odp_detector_from_name(nm, strlen(nm)), i);
    }
    assert_int_equal(odp_detector_from_name("phones", 6), -1);
    assert_null(odp_detector_name(ODP_DET__COUNT));
    assert_string_equal(odp_detector_token(ODP_DET_SSN), "[SSN]");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_email),
        cmocka_unit_test(test_phone),
        cmocka_unit_test(test_ssn),
        cmocka_unit_test(test_positions_and_iteration),
        cmocka_unit_test(test_leftmost_validated),
        cmocka_unit_test(test_any),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_names),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
