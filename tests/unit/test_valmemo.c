/*
 * test_valmemo.c - the value memo (lib/common/valmemo.c): a hit only for the same tag
 * and the same bytes, a replaced slot forgets its old value, long and empty values are
 * not kept.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "valmemo.h"

static void
test_hits_and_misses(void **state)
{
    struct odp_valmemo *m = odp_valmemo_new();
    char big[ODP_VALMEMO_MAXLEN + 1];
    uint32_t out = 0;
    int i, hits = 0;

    (void)state;
    assert_non_null(m);
    assert_int_equal(odp_valmemo_get(m, 1, "abc", 3, &out), 0);
    odp_valmemo_put(m, 1, "abc", 3, 42);
    assert_int_equal(odp_valmemo_get(m, 1, "abc", 3, &out), 1);
    assert_int_equal(out, 42);
    assert_int_equal(odp_valmemo_get(m, 2, "abc", 3, &out), 0);  /* another column */
    assert_int_equal(odp_valmemo_get(m, 1, "abd", 3, &out), 0);  /* another value */
    assert_int_equal(odp_valmemo_get(m, 1, "abc ", 4, &out), 0); /* a longer one */
    assert_int_equal(odp_valmemo_get(m, 1, "ab", 2, &out), 0);   /* a prefix */
    odp_valmemo_put(m, 1, "", 0, 7);
    assert_int_equal(odp_valmemo_get(m, 1, "", 0, &out), 0);
    memset(big, 'x', sizeof(big));
    odp_valmemo_put(m, 1, big, sizeof(big), 9);
    assert_int_equal(odp_valmemo_get(m, 1, big, sizeof(big), &out), 0);
    odp_valmemo_put(m, 1, big, sizeof(big) - 1, 9);
    assert_int_equal(odp_valmemo_get(m, 1, big, sizeof(big) - 1, &out), 1);
    assert_int_equal(out, 9);
    /* many values: every hit returns that value's own result (slots get replaced) */
    for (i = 0; i < 20000; i++) {
        char v[32];

        snprintf(v, sizeof(v), "value %d", i);
        odp_valmemo_put(m, (uint32_t)(i % 3), v, strlen(v), (uint32_t)i);
    }
    for (i = 0; i < 20000; i++) {
        char v[32];

        snprintf(v, sizeof(v), "value %d", i);
        if (odp_valmemo_get(m, (uint32_t)(i % 3), v, strlen(v), &out)) {
            assert_int_equal(out, (uint32_t)i);
            hits++;
        }
        assert_int_equal(
            odp_valmemo_get(m, (uint32_t)(i % 3 + 1), v, strlen(v), &out) && out != (uint32_t)i, 0);
    }
    assert_true(hits > 1000 && hits < 20000); /* bounded: older values were replaced */
    odp_valmemo_free(m);
    assert_int_equal(odp_valmemo_get(NULL, 1, "abc", 3, &out), 0);
    odp_valmemo_put(NULL, 1, "abc", 3, 1); /* no memo: nothing, no crash */
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hits_and_misses),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
