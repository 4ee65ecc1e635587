/*
 * test_format.c - the format registry of odp/format.h: every package format row has a
 * name that round-trips, an extension a path is recognised by, an alias that reads as it,
 * and ODP_PKG_FORMAT_LIST (the list messages print) names exactly the rows, in order.
 * (Each row's writer is checked by the compiler: lib/bag/package.c builds its table from
 * the same rows; the e2e package tests write and verify every archive format.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "odp/format.h"

static void
test_pkg_rows(void **state)
{
    char list[256] = "", path[64];
    int f;

    (void)state;
    for (f = 0; f < ODP_PKG__COUNT; f++) {
        const char *name = odp_pkg_format_name((enum odp_pkg_format)f);
        const char *ext = odp_pkg_format_extension((enum odp_pkg_format)f);

        assert_non_null(name);
        assert_non_null(ext);
        assert_int_equal(odp_pkg_format_from_name(name), f);
        snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", f > 0 ? ", " : "", name);
        snprintf(path, sizeof(path), "out/pkg%s", ext);
        assert_int_equal(odp_pkg_format_of_path(path), f == ODP_PKG_DIR ? -1 : f);
        snprintf(path, sizeof(path), "OUT/PKG%s", ext);
        assert_int_equal(odp_pkg_format_of_path(path), f == ODP_PKG_DIR ? -1 : f);
    }
    assert_string_equal(list, ODP_PKG_FORMAT_LIST);
    /* pinned values: they are the public enum */
    assert_int_equal(ODP_PKG_DIR, 0);
    assert_int_equal(ODP_PKG_ZIP, 1);
    assert_int_equal(ODP_PKG_TGZ, 2);
    assert_int_equal(ODP_PKG_TZST, 3);
}

static void
test_pkg_aliases_and_misses(void **state)
{
    (void)state;
    assert_int_equal(odp_pkg_format_from_name("tgz"), ODP_PKG_TGZ);
    assert_int_equal(odp_pkg_format_from_name("tzst"), ODP_PKG_TZST);
    assert_int_equal(odp_pkg_format_of_path("a.tgz"), ODP_PKG_TGZ);
    assert_int_equal(odp_pkg_format_of_path("a.tzst"), ODP_PKG_TZST);
    assert_int_equal(odp_pkg_format_from_name("tar"), -1);
    assert_int_equal(odp_pkg_format_from_name(""), -1);
    assert_int_equal(odp_pkg_format_of_path("a.tar"), -1);
    assert_int_equal(odp_pkg_format_of_path("zip"), -1);
    assert_null(odp_pkg_format_name(ODP_PKG__COUNT));
    assert_null(odp_pkg_format_extension(ODP_PKG__COUNT));
}

static void
test_input_formats(void **state)
{
    (void)state;
    assert_string_equal(odp_input_format_name(ODP_FMT_CSV), "csv");
    assert_int_equal(odp_input_format_from_name("json"), ODP_FMT_JSON);
    assert_int_equal(odp_input_format_from_name("auto"), -1);
    assert_int_equal(odp_input_format_of_path("x.NDJSON"), ODP_FMT_JSON);
    assert_int_equal(odp_input_format_of_path("x.csv"), ODP_FMT_CSV);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pkg_rows),
        cmocka_unit_test(test_pkg_aliases_and_misses),
        cmocka_unit_test(test_input_formats),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
