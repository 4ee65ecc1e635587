/*
 * test_validators.c - the VIN (ISO 3779 check digit), URL and licence plate validators of
 * lib/transform/validators.c, each with look-alike values that must not pass.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "validators.h"

#define V(fn, s) fn((s), strlen(s))

static void
test_vin(void **state)
{
    (void)state;
    assert_true(V(odp_val_vin, "1HGCM82633A004352"));
    assert_true(V(odp_val_vin, "1hgcm82633a004352")); /* any case */
    assert_true(V(odp_val_vin, " 11111111111111111 "));
    assert_true(V(odp_val_vin, "1M8GDM9AXKP042788")); /* check digit X */
    /* look-alikes */
    assert_false(V(odp_val_vin, "1HGCM82636A004352")); /* check digit off */
    assert_false(V(odp_val_vin, "1M8GDM9A1KP042788"));
    assert_false(V(odp_val_vin, "1HGCM82633A00435"));   /* 16 characters */
    assert_false(V(odp_val_vin, "1HGCM82633A0043521")); /* 18 */
    assert_false(V(odp_val_vin, "1HGCM8263IA004352"));  /* I, O, Q are not in VINs */
    assert_false(V(odp_val_vin, "1HGCM82633A00O352"));
    assert_false(V(odp_val_vin, "1HGCM-2633A004352"));
    assert_false(V(odp_val_vin, "2017-0000012345678"));
    assert_false(V(odp_val_vin, ""));
}

static void
test_url(void **state)
{
    (void)state;
    assert_true(V(odp_val_url, "https://www.example.org/people/jsmith?x=1#top"));
    assert_true(V(odp_val_url, "HTTP://Example.COM"));
    assert_true(V(odp_val_url, "http://sub-domain.example.co.uk:8080/a/b"));
    assert_true(V(odp_val_url, "www.nyc.gov"));
    assert_true(V(odp_val_url, "ftp://192.168.10.4/file.txt"));
    assert_true(V(odp_val_url, "https://example.org/"));
    /* look-alikes */
    assert_false(V(odp_val_url, "example.org")); /* a bare domain */
    assert_false(V(odp_val_url, "report.pdf"));
    assert_false(V(odp_val_url, "john.smith@example.org"));
    assert_false(V(odp_val_url, "http://john@example.org"));
    assert_false(V(odp_val_url, "http://"));
    assert_false(V(odp_val_url, "www."));
    assert_false(V(odp_val_url, "http:// example.org"));
    assert_false(V(odp_val_url, "http://example.org/a b"));
    assert_false(V(odp_val_url, "http://localhost/x")); /* no top-level label */
    assert_false(V(odp_val_url, "http://example.1/x"));
    assert_false(V(odp_val_url, "http://-bad.example.org"));
    assert_false(V(odp_val_url, "http://bad-.example.org"));
    assert_false(V(odp_val_url, "http://a..example.org"));
    assert_false(V(odp_val_url, "http://1.2.3/x")); /* not four numbers */
    assert_false(V(odp_val_url, "http://example.org:/x"));
    assert_false(V(odp_val_url, "http://example.org:123456"));
    assert_false(V(odp_val_url, "https:/example.org"));
    assert_false(V(odp_val_url, "e.g."));
    assert_false(V(odp_val_url, "3.14"));
}

static void
test_plate(void **state)
{
    (void)state;
    assert_true(V(odp_val_plate, "BG84277"));
    assert_true(V(odp_val_plate, "HXY-4821"));
    assert_true(V(odp_val_plate, "7ABC123"));
    assert_true(V(odp_val_plate, "AB 1234"));
    /* look-alikes */
    assert_false(V(odp_val_plate, "A LONG LABEL"));
    assert_false(V(odp_val_plate, "-AB12"));
    assert_false(V(odp_val_plate, "AB12-"));
    assert_false(V(odp_val_plate, "ABCDE123456")); /* 11 characters */
    assert_false(V(odp_val_plate, "A"));
    assert_false(V(odp_val_plate, "AB/12"));
    assert_false(V(odp_val_plate, "12.50"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vin),
        cmocka_unit_test(test_url),
        cmocka_unit_test(test_plate),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
