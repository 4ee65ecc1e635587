/*
 * test_typecheck.c - odp_type_ok: published values against their declared Table Schema
 * type (issue 21.11), in Table Schema's default formats; empty is a missing value.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "typecheck.h"

static int
ok(const char *type, const char *v)
{
    return odp_type_ok(type, v, strlen(v));
}

static void
test_types(void **state)
{
    static const struct {
        const char *type, *value;
        int want;
    } cases[] = {
        {"integer", "", 1},
        {"integer", "0", 1},
        {"integer", "-12", 1},
        {"integer", "+7", 1},
        {"integer", "abc", 0},
        {"integer", "1e999999", 0},
        {"integer", "1.0", 0},
        {"integer", " 1", 0},
        {"integer", "-", 0},
        {"integer", "12\n", 0},
        {"number", "1.5", 1},
        {"number", "-.5", 1},
        {"number", "1e308", 1},
        {"number", "1E-400", 1},
        {"number", "1e999999", 0},
        {"number", "1e401", 0},
        {"number", "NaN", 1},
        {"number", "-INF", 1},
        {"number", "inf", 0},
        {"number", "0x1p3", 0},
        {"number", "1,5", 0},
        {"number", ".", 0},
        {"number", "e5", 0},
        {"boolean", "true", 1},
        {"boolean", "FALSE", 1},
        {"boolean", "0", 1},
        {"boolean", "yes", 0},
        {"date", "2024-02-29", 1},
        {"date", "2023-02-29", 0},
        {"date", "1900-02-29", 0},
        {"date", "2000-02-29", 1},
        {"date", "2025-04-31", 0},
        {"date", "2025-00-10", 0},
        {"date", "2025-1-10", 0},
        {"date", "02/18/2025", 0},
        {"time", "00:00:00", 1},
        {"time", "23:59:59", 1},
        {"time", "24:00:00", 0},
        {"time", "12:60:00", 0},
        {"datetime", "2025-01-01T00:00:00Z", 1},
        {"datetime", "2025-01-01T00:00:00.5-05:00", 1},
        {"datetime", "2025-01-01T00:00:00", 1},
        {"datetime", "2025-01-01 00:00:00", 0},
        {"datetime", "2025-01-01T00:00:00+5:00", 0},
        {"year", "2025", 1},
        {"year", "25", 0},
        {"yearmonth", "2025-12", 1},
        {"yearmonth", "2025-13", 0},
        {"yearmonth", "2025-00", 0},
        {"string", "anything", 1},
        {"text", "\x01", 1},
        {"geopoint", "x", 1},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        if (ok(cases[i].type, cases[i].value) != cases[i].want) {
            fail_msg("%s '%s': want %d", cases[i].type, cases[i].value, cases[i].want);
        }
    }
    /* Lengths, not NUL: a value is a view into the input. */
    assert_true(odp_type_ok("integer", "12x", 2));
    assert_false(odp_type_ok("integer", "1\0002", 3));
    assert_true(odp_type_checked("integer"));
    assert_true(odp_type_checked("yearmonth"));
    assert_false(odp_type_checked("string"));
    assert_false(odp_type_checked(NULL));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_types),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
