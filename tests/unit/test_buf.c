/*
 * test_buf.c - capped buffers: appends, the cap (ODP_ELIMIT, nothing changed), and the
 * NUL after the bytes even when only reserved (verify once read past an empty file).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"

static void
test_reserve_terminates(void **state)
{
    struct odp_buf b;
    char *s;

    (void)state;
    odp_buf_init(&b, 100);
    assert_int_equal(odp_buf_reserve(&b, 1, NULL), ODP_OK);
    assert_non_null(b.p);
    assert_int_equal(b.p[0], '\0');
    assert_int_equal(b.len, 0);
    s = odp_buf_take(&b);
    assert_string_equal(s, "");
    free(s);
    s = odp_buf_take(&b); /* nothing allocated: still a string */
    assert_string_equal(s, "");
    free(s);
}

static void
test_add_and_cap(void **state)
{
    struct odp_buf b;
    struct odp_err err;
    char big[200];

    (void)state;
    memset(big, 'x', sizeof(big));
    odp_err_clear(&err);
    odp_buf_init(&b, 10);
    assert_int_equal(odp_buf_adds(&b, "hello", &err), ODP_OK);
    assert_int_equal(odp_buf_addf(&b, &err, "%d", 1234), ODP_OK);
    assert_string_equal(b.p, "hello1234");
    assert_int_equal(odp_buf_add(&b, big, 2, &err), ODP_ELIMIT);
    assert_int_equal(err.code, ODP_ELIMIT);
    assert_string_equal(b.p, "hello1234"); /* unchanged */
    assert_int_equal(odp_buf_addc(&b, '!', NULL), ODP_OK);
    assert_int_equal(b.len, 10);
    odp_buf_reset(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.p, "");
    odp_buf_release(&b);
    assert_null(b.p);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reserve_terminates),
        cmocka_unit_test(test_add_and_cap),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
