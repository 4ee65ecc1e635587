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
check_pos(struct odp_detect *d, enum odp_detector det, const char *v, const char *hint, int embed)
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
check_neg(struct odp_detect *d, enum odp_detector det, const char *v, const char *hint, int embed)
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
            print_error("%s: unexpected match in [%s] rc=%d at %zu..%zu\n", odp_detector_name(det),
                        buf, rc, b, e);
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
    "john.doe@example.com",
    "jane@nyc.gov",
    "a@b.co",
    "first.last+tag@sub.example.org",
    "x_y%z@mail.co.uk",
    "UPPER@EXAMPLE.COM",
    "o.brien@x.com",
    "user-name@host-name.net",
    "n123@dot.nyc",
    "m.e@a.b.c.io",
    "joe@311.nyc.gov",
    "bob.smith@gmail.com",
    "test.user@hpd.nyc.gov",
    "x@y.museum",
    "li-wei@qq.cn",
    "99@numbers.com",
    "a+b+c@d.info",
    "foo_bar@baz.travel",
    "resident1@aol.com",
    "s@dep.nyc.gov",
    "k.l.m@n-o.p-q.com",
    "user at example dot com",
    "jane[at]example.org",
    "a(at)b(dot)com",
};

static const char *const email_neg[] = {
    "john.doe@",
    "@example.com",
    "john@example",
    "john@@example.com",
    "john@ex_ample.com",
    "john@.example.com",
    "john@example..com",
    "john@-ex.com",
    "john@ex-.com",
    "user at example dot",
    "foo@bar.c",
    "foo@bar.123",
    "N/A",
    "10:30 @ station",
    "price@$5.00",
    "a@b",
    "twitter @handle",
    "x@y.c0m",
    "me@localhost",
    "@@",
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
    "212-555-0123",     "(212) 555-0123",  "212.555.0123",      "2125550123",   "+1 212 555 0123",
    "1-212-555-0123",   "+1-212-555-0123", "(718)555-0199",     "718 555 0199", "+12125550123",
    "1 (646) 555-0100", "917.555.0144",    "347-555-0123",      "929 555 0123", "(212)-555-0123",
    "1.212.555.0123",   "646 555-0100",    "+1 (917) 555-0144", "3475550123",   "800-555-0199",
    "12125550123",
};

static const char *const phone_neg[] = {
    "112-555-0123", "212-155-0123", "012-555-0123",       "212-055-0123",  "212-555-012",
    "21255501234",  "212555012345", "order 123456789012", "10001-1234",    "$1,234.56",
    "12:30:45",     "1.2.3.4",      "212-555-0123-4567",  "212-555.0123",  "2125550123.45",
    "212/555/0123", "911-555-0123", "411-555-0123",       "ABC2125550123", "99212-555-0123",
    "555-0123",     "123-45-6789",  "1000230056",
};

static void
test_phone(void **state)
{
    (void)state;
    run_table(ODP_DET_PHONE, phone_pos, N(phone_pos), phone_neg, N(phone_neg), NULL, 1);
}

/* ------------------------------------------------------------------ ssn */

static const char *const ssn_pos[] = {
    "123-45-6789", "123 45 6789", "123456789",   "001-01-0001", "665-12-3456", "123.45.6789",
    "667-12-3456", "899-99-9999", "078-05-1120", "219-09-9999", "457-55-5462", "234567890",
    "345 67 8901", "555-12-3456", "111-22-3333", "321-54-9876", "501-02-0003", "700-70-7000",
    "899999999",   "600-01-0001", "010-10-1010", "456-78-9012",
};

static const char *const ssn_neg[] = {
    "000-12-3456",  "666-12-3456",  "900-12-3456",   "999-12-3456",  "123-00-4567",
    "123-45-0000",  "123-45 6789",  "123 45-6789",   "12345-6789",   "1234567890",
    "12345678",     "123-456-789",  "10001-1234",    "$123,456,789", "1000230056",
    "123-45-67890", "9123-45-6789", "212-555-0123",  "123.45-6789",  "order #1234567890",
    "ID123456789",  "123456789.50", "1-123-45-6789",
};

static void
test_ssn(void **state)
{
    (void)state;
    run_table(ODP_DET_SSN, ssn_pos, N(ssn_pos), ssn_neg, N(ssn_neg), NULL, 1);
}

/* ------------------------------------------------------------------ card */

static const char *const card_pos[] = {
    "4111111111111111",    "4111 1111 1111 1111", "4111-1111-1111-1111", "5500000000000004",
    "5555 5555 5555 4444", "5105105105105100",    "2221000000000009",    "378282246310005",
    "3782 822463 10005",   "371449635398431",     "6011111111111117",    "6011 0009 9013 9424",
    "3530111333300000",    "3566002020360505",    "30569309025904",      "38520000023237",
    "6200000000000005",    "4012888888881881",    "4222222222222",       "5019717010103742",
    "6759649826438453",    "4000000000000000006",
};

static const char *const card_neg[] = {
    "4111111111111112", "4111 1111 1111 1112",  "1234567812345678",     "0000000000000000",
    "4444444444444444", "411111111111",         "4111-1111 1111-1111",  "4111--1111-1111-1111",
    "7111111111111111", "9111111111111111",     "order 12345678901234", "$4,111,111,111,111.11",
    "212-555-0123",     "123-45-6789",          "1000230056",           "4111111111111111.5",
    "3411111111111111", "41111111111111111111", "v4111111111111111",    "10001-1234",
    "12:30:45",         "5500 0000 0000 0005",
};

static void
test_card(void **state)
{
    (void)state;
    run_table(ODP_DET_CREDIT_CARD, card_pos, N(card_pos), card_neg, N(card_neg), NULL, 1);
}

/* ------------------------------------------------------------------ ip */

static const char *const ip_pos[] = {
    "192.168.1.10",
    "10.0.0.1",
    "8.8.8.8",
    "255.255.255.255",
    "0.0.0.0",
    "172.16.254.1",
    "1.2.3.4",
    "100.64.0.1",
    "203.0.113.195",
    "127.0.0.1",
    "2001:db8::1",
    "::1",
    "fe80::1ff:fe23:4567:890a",
    "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
    "::ffff:192.0.2.128",
    "2001:db8:0:0:1:0:0:1",
    "FE80::ABCD",
    "2606:4700:4700::1111",
    "::",
    "1::",
    "64:ff9b::192.0.2.33",
};

static const char *const ip_neg[] = {
    "256.1.1.1",         "1.2.3.4.5",         "1.2.3",
    "192.168.1",         "01.02.03.04",       "999.999.999.999",
    "v1.2.3.4",          "12:30:45",          "10:30 AM",
    "AA:BB:CC:DD:EE:FF", "1:2:3:4:5:6:7:8:9", "2001:db8:::1",
    "fe80::1::2",        "$1,234.56",         "1.2.3.4a",
    "version 2.10.3",    "192.168.1.300",     "gggg::1",
    "10001-1234",        "3.14159",           "12:30",
    "std::vector",
};

static void
test_ip(void **state)
{
    struct odp_detect *d = mk(1u << ODP_DET_IP);
    size_t i;

    (void)state;
    for (i = 0; i < N(ip_pos); i++) {
        /* "::" is the unspecified address and carries no identity: must not match. */
        if (strcmp(ip_pos[i], "::") == 0) {
            check_neg(d, ODP_DET_IP, ip_pos[i], NULL, 1);
            continue;
        }
        check_pos(d, ODP_DET_IP, ip_pos[i], NULL, 1);
    }
    for (i = 0; i < N(ip_neg); i++) {
        check_neg(d, ODP_DET_IP, ip_neg[i], NULL, 1);
    }
    assert_true(N(ip_pos) - 1 >= 20);
    assert_true(N(ip_neg) >= 20);
    {
        /* after a label and a colon, no space ("IP ADDRESS:24.83.31.120") */
        static const char t[] = "MY LOGIN CAME FROM IP ADDRESS:24.83.31.120 BUT";
        struct odp_err err;
        size_t b = 0, e = 0;

        odp_err_clear(&err);
        assert_int_equal(odp_detect_find(d, ODP_DET_IP, t, strlen(t), 0, NULL, &b, &e, &err), 1);
        assert_int_equal(b, 30);
        assert_int_equal(e, 42);
    }
    odp_detect_free(d);
}

/* ------------------------------------------------------------------ date */

static const char *const date_pos[] = {
    "01/15/2024",
    "1/5/2024",
    "12/31/1999",
    "02/29/2024",
    "01/15/2024 02:30:00 PM",
    "01/15/2024 12:00:00 AM",
    "10/01/2019 11:59:59 pm",
    "01/15/2024 14:30",
    "2024-01-15",
    "2024-01-15T14:30:00",
    "2024-01-15T14:30:00.000",
    "2000-02-29",
    "2024-12-31T23:59:59Z",
    "2024-06-01 08:00:00",
    "2024-06-01T08:00:00-05:00",
    "07/04/1976",
    "1900-01-01",
    "03/08/2021 09:05:00 AM",
    "2023-11-30T00:00",
    "11/30/2023 00:00:00",
    "06/15/2025 1:05 PM",
};

static const char *const date_neg[] = {
    "13/45/2020", "02/30/2021",  "2021-02-29", "2020-13-01", "2020-00-10",  "00/10/2020",
    "12:30:45",   "1.2.3.4",     "10001-1234", "$1,234.56",  "2020",        "12/2020",
    "2024-1-5",   "20240115",    "1900-02-29", "01/15/24",   "v2024-01-15", "2024-01-15-2",
    "1/2",        "123/45/6789", "01/15/1700", "2024/01/15",
};

static void
test_date(void **state)
{
    (void)state;
    run_table(ODP_DET_DATE, date_pos, N(date_pos), date_neg, N(date_neg), NULL, 1);
}

static void
test_date_bad_time_shrinks(void **state)
{
    static const char text[] = "on 01/15/2024 25:99:00 it happened";
    struct odp_detect *d = mk(1u << ODP_DET_DATE);
    size_t b, e;

    (void)state;
    assert_int_equal(odp_detect_find(d, ODP_DET_DATE, text, strlen(text), 0, NULL, &b, &e, NULL),
                     1);
    assert_int_equal(b, 3);
    assert_int_equal(e, 13);
    odp_detect_free(d);
}

/* ------------------------------------------------------------------ address */

static const char *const addr_pos[] = {
    "123 MAIN STREET",
    "123 Main St",
    "123-45 QUEENS BLVD",
    "345 EAST 12 STREET",
    "1 W 4TH ST",
    "10 Downing Street",
    "1600 Pennsylvania Avenue",
    "55 water st.",
    "200 E 42nd St",
    "89-12 SUTPHIN BOULEVARD",
    "4 St Marks Pl",
    "100 Broadway",
    "1 CENTRE STREET",
    "350 5th Ave",
    "30 Rockefeller Plaza",
    "2 Gold St",
    "145 West 57th Street",
    "12A Beach 116 Street",
    "5000 Grand Central Pkwy",
    "1000 Richmond Ter",
    "67 Park Ln",
    "75 Ninth Avenue",
    "9 Metrotech Ctr Way",
};

static const char *const addr_neg[] = {
    "Call 311 at 9 am",
    "Room 5 on the 3rd floor",
    "2 cars parked in the street",
    "took 3 hours on the way",
    "in 2 days",
    "$1,234.56",
    "Route 9W",
    "Apt 4B",
    "12:30:45",
    "10001",
    "version 1.2.3 Way",
    "5 ST",
    "3 people blocking the drive",
    "2 blocks from the avenue",
    "0 Main St",
    "100 percent",
    "5 trucks blocking driveway",
    "Q12 bus stop",
    "N/A",
    "1,234 Main St extra",
    "ABC123 Main St",
    "about 20 minutes",
    "20 STREET LOOP",
    "13 AVENUE",
};

static void
test_address(void **state)
{
    (void)state;
    run_table(ODP_DET_ADDRESS, addr_pos, N(addr_pos), addr_neg, N(addr_neg), NULL, 1);
}

/* ------------------------------------------------------------------ bbl */

static const char *const bbl_dashed[] = {
    "1-00234-0056", "2-01234-0001", "3-12345-6789", "4-00001-0001", "5-99999-9999",
    "1-01010-1010", "3-05000-0075", "2-03020-0100", "4-16000-0024", "1-00001-7501",
    "5-06480-0150", "3-00123-0045", "1-02222-0033", "2-04455-0012", "4-10011-0005",
    "1-00999-0999", "3-07777-0020", "5-00010-0010", "2-02500-0250", "4-09000-1001",
};

static const char *const bbl_ctx_pos[] = {
    "1000230056", "3012340005", "5000100010",   "1234567",    "3001234",
    "2000010001", "4160000024", "1 00234 0056", "5123456",    "1-00234-0056",
    "2034567",    "4000001",    "3050000075",   "1010101010", "2030200100",
    "1000017501", "5064800150", "3000010045",   "4100110005", "1009990999",
};

static const char *const bbl_neg[] = {
    "1000230056",     "3012340005",    "1234567",      "6-00234-0056", "0-00234-0056",
    "1-0023-0056",    "1-00234-056",   "1-00000-0056", "1-00234-0000", "11-00234-0056",
    "1-00234-0056-7", "212-555-0123",  "123-45-6789",  "10001-1234",   "$1,234.56",
    "A1-00234-0056",  "1-00234-00567", "1.00234.0056", "12:30:45",     "2024-01-15",
};

static const char *const bbl_ctx_neg[] = {
    "6000230056",   "0000230056", "1000000056", "1000230000", "10002300561",    "100023005",
    "1000000",      "6123456",    "0123456",    "12345678",   "123456",         "N/A",
    "1000230056.5", "2000000",    "x1234567",   "3000000",    "1 00234-0056 9", "12:30:45",
    "$1,234.56",    "abc",
};

static void
test_bbl(void **state)
{
    struct odp_detect *d = mk(1u << ODP_DET_BBL);
    size_t i;

    (void)state;
    for (i = 0; i < N(bbl_dashed); i++) {
        check_pos(d, ODP_DET_BBL, bbl_dashed[i], NULL, 1);
        check_pos(d, ODP_DET_BBL, bbl_dashed[i], "notes", 1);
    }
    for (i = 0; i < N(bbl_ctx_pos); i++) {
        check_pos(d, ODP_DET_BBL, bbl_ctx_pos[i], "BBL", 1);
        check_pos(d, ODP_DET_BBL, bbl_ctx_pos[i], "bin_number", 0);
        check_pos(d, ODP_DET_BBL, bbl_ctx_pos[i], "Borough Block Lot", 0);
    }
    for (i = 0; i < N(bbl_neg); i++) {
        /* Undashed forms without a bbl header are not BBLs. */
        check_neg(d, ODP_DET_BBL, bbl_neg[i], NULL, 1);
        check_neg(d, ODP_DET_BBL, bbl_neg[i], "unique_key", 1);
    }
    for (i = 0; i < N(bbl_ctx_neg); i++) {
        check_neg(d, ODP_DET_BBL, bbl_ctx_neg[i], "bbl", 1);
    }
    assert_true(N(bbl_dashed) >= 20 && N(bbl_ctx_pos) >= 20 && N(bbl_neg) >= 20);
    odp_detect_free(d);
}

/* ------------------------------------------------------------------ license */

static const char *const lic_pos[] = {
    "12345",      "123456",      "1234567",     "A12345",  "AB123456", "ABC1234567", "B-123456",
    "  0012345 ", "1234567-DCA", "2012345-DCA", "T 54321", "ML123456", "00001",      "9999999",
    "x77777",     "GC 123456",   "D-00123",     "1000001", "PL123456", "ab12345",    "0609123-DCA",
};

static const char *const lic_neg[] = {
    "1234",     "12345678",        "ABCD12345",   "N/A",          "UNKNOWN",  "",
    "12 345",   "12345 67",        "123-45-6789", "212-555-0123", "1234567A", "$12345",
    "12345.00", "12345 and 23456", "A1B2C3",      "license",      "-12345",   "AB--12345",
    "12,345",   "1234567-DCA-X",
};

static void
test_license(void **state)
{
    struct odp_detect *d = mk(1u << ODP_DET_LICENSE);
    static const char *const hints[] = {"license_number",    "LicenseNo", "permittee_license",
                                        "applicant_license", "Lic #",     "licence"};
    size_t i, h;

    (void)state;
    for (h = 0; h < N(hints); h++) {
        for (i = 0; i < N(lic_pos); i++) {
            size_t b, e, vb, ve, l = strlen(lic_pos[i]);

            vb = 0;
            ve = l;
            while (lic_pos[i][vb] == ' ') {
                vb++;
            }
            while (ve > vb && lic_pos[i][ve - 1] == ' ') {
                ve--;
            }
            assert_int_equal(
                odp_detect_find(d, ODP_DET_LICENSE, lic_pos[i], l, 0, hints[h], &b, &e, NULL), 1);
            assert_int_equal(b, vb);
            assert_int_equal(e, ve);
            /* Without license context the same value is never a license. */
            assert_int_equal(
                odp_detect_find(d, ODP_DET_LICENSE, lic_pos[i], l, 0, "unique_key", &b, &e, NULL),
                0);
            assert_int_equal(
                odp_detect_find(d, ODP_DET_LICENSE, lic_pos[i], l, 0, NULL, &b, &e, NULL), 0);
            /* Whole-value detector: nothing from a later start. */
            assert_int_equal(
                odp_detect_find(d, ODP_DET_LICENSE, lic_pos[i], l, 1, hints[h], &b, &e, NULL), 0);
        }
        for (i = 0; i < N(lic_neg); i++) {
            check_neg(d, ODP_DET_LICENSE, lic_neg[i], hints[h], 0);
        }
    }
    /* "licensee" is a person, not a license number column. */
    check_neg(d, ODP_DET_LICENSE, "1234567", "licensee_name", 0);
    assert_true(N(lic_pos) >= 20 && N(lic_neg) >= 20);
    odp_detect_free(d);
}

/* ------------------------------------------------------------------ person name */

static const char *const name_pos[] = {
    "John Smith",
    "SMITH, JOHN",
    "Smith, John A.",
    "Mary-Jane O'Neil",
    "J. R. Tolkien",
    "Jose Nuñez",
    "Li",
    "Garcia",
    "ANA MARIA LOPEZ",
    "de la Cruz",
    "O'Brien",
    "Jean-Luc Picard",
    "  Jane Doe  ",
    "Kim, Min-Jun",
    "Robert E. Lee",
    "MCDONALD",
    "Van Der Berg",
    "Mohammed Al-Farsi",
    "Chen Wei",
    "St. John",
    "Lee",
};

static const char *const name_neg[] = {
    "N/A",
    "UNKNOWN",
    "Unspecified",
    "NONE",
    "ACME LLC",
    "Joe's Pizza Inc",
    "123 Main St",
    "Room 3",
    "NYPD",
    "DOB",
    "HPD",
    "A B C D E",
    "Queens, Bronx, Kings",
    "john@x.com",
    "212-555-0123",
    "Dept of Buildings",
    "ABC Realty Corp",
    "Not Provided",
    "-",
    "x",
    "Smith & Sons",
    "Anonymous",
    "First Baptist Church",
    "",
};

static const char *const name_hints[] = {
    "complainant_name", "FirstName",     "last_name",
    "applicant",        "Owner Name",    "victim",
    "suspect_name",     "contact_name",  "filing_representative_first_name",
    "permittee_name",   "licensee_name", "name",
};

static const char *const not_name_hints[] = {
    "business_name",      "street_name",       "agency_name",         "facility_name",
    "park_facility_name", "name_of_school",    "owner_business_name", "owner_phone",
    "contact_number",     "complainant_email", "applicant_license",   "last_inspection_date",
    "dog_name",           "unique_key",        "descriptor",          "cross_street_name",
    "AnimalName",         "dba_name",          "borough_name",        "first_seen",
    "owner_type",
};

static void
test_person_name(void **state)
{
    struct odp_detect *d = mk(1u << ODP_DET_PERSON_NAME);
    size_t i, h, b, e;

    (void)state;
    for (h = 0; h < N(name_hints); h++) {
        assert_true(odp_column_hint_kinds(name_hints[h]) & (1u << ODP_DET_PERSON_NAME));
        for (i = 0; i < N(name_pos); i++) {
            const char *v = name_pos[i];
            size_t vb = 0, ve = strlen(v);

            while (v[vb] == ' ') {
                vb++;
            }
            while (ve > vb && v[ve - 1] == ' ') {
                ve--;
            }
            if (odp_detect_find(d, ODP_DET_PERSON_NAME, v, strlen(v), 0, name_hints[h], &b, &e,
                                NULL) != 1 ||
                b != vb || e != ve) {
                print_error("name: [%s] under [%s] not found\n", v, name_hints[h]);
                fail();
            }
        }
        for (i = 0; i < N(name_neg); i++) {
            check_neg(d, ODP_DET_PERSON_NAME, name_neg[i], name_hints[h], 0);
        }
    }
    for (h = 0; h < N(not_name_hints); h++) {
        if (odp_column_hint_kinds(not_name_hints[h]) & (1u << ODP_DET_PERSON_NAME)) {
            print_error("header [%s] taken for a person name\n", not_name_hints[h]);
            fail();
        }
    }
    /* Without a name header the free-text rules decide (test_textdetect.c): a name
     * after a cue is found, a bare surname is not. */
    check_pos(d, ODP_DET_PERSON_NAME, "John Smith", NULL, 0);
    check_neg(d, ODP_DET_PERSON_NAME, "Garcia", "street_name", 0);
    assert_true(N(name_pos) >= 20 && N(name_neg) >= 20);
    odp_detect_free(d);
}

static void
test_hint_kinds(void **state)
{
    static const struct {
        const char *h;
        uint32_t want;
    } v[] = {
        {"complainant_phone", 1u << ODP_DET_PHONE},
        {"Phone Number", 1u << ODP_DET_PHONE},
        {"contact_email", 1u << ODP_DET_EMAIL},
        {"E-Mail", 1u << ODP_DET_EMAIL},
        {"SSN", 1u << ODP_DET_SSN},
        {"social_security_number", 1u << ODP_DET_SSN},
        {"credit_card_number", 1u << ODP_DET_CREDIT_CARD},
        {"ip_address", 1u << ODP_DET_IP},
        {"email_address", 1u << ODP_DET_EMAIL},
        {"created_date", 1u << ODP_DET_DATE},
        {"DOB", 1u << ODP_DET_DATE},
        {"incident_address", 1u << ODP_DET_ADDRESS},
        {"BBL", 1u << ODP_DET_BBL},
        {"bin", 1u << ODP_DET_BBL},
        {"borough_block_lot", 1u << ODP_DET_BBL},
        {"license_number", 1u << ODP_DET_LICENSE},
        {"permittee_license", 1u << ODP_DET_LICENSE},
        {"complainant_name", 1u << ODP_DET_PERSON_NAME},
        {"applicantFirstName", 1u << ODP_DET_PERSON_NAME},
        {"CMPLNT_FR_DT", 1u << ODP_DET_DATE},
        {"Address Type", 0},
        {"ADDR_PCT_CD", 0},
        {"Ferry Terminal Name", 0},
        {"Applicant's First Name", 1u << ODP_DET_PERSON_NAME},
        {"Owner's Business Name", 0},
        {"Applicant License #", 1u << ODP_DET_LICENSE},
        {"Bin #", 1u << ODP_DET_BBL},
        {"unique_key", 0},
        {"complaint_type", 0},
        {"cabinet", 0},
        {"binary_flag", 0},
        {"", 0},
    };
    size_t i;

    (void)state;
    for (i = 0; i < N(v); i++) {
        /* detector bits only; ODP_HINT_RECORD_ID has its own test */
        if ((odp_column_hint_kinds(v[i].h) & ~ODP_HINT_RECORD_ID) != v[i].want) {
            print_error("hint [%s]: got %#x want %#x\n", v[i].h, odp_column_hint_kinds(v[i].h),
                        v[i].want);
            fail();
        }
    }
    assert_int_equal(odp_column_hint_kinds(NULL), 0);
}

/* ------------------------------------------------------------------ positions */

static void
test_positions_and_iteration(void **state)
{
    static const char text[] =
        "Caller jane@nyc.gov gave 212-555-0123 and later (718) 555-0199; SSN 123-45-6789, "
        "bad 000-12-3456, also bob@x.org.";
    struct odp_detect *d = mk((1u << ODP_DET_EMAIL) | (1u << ODP_DET_PHONE) | (1u << ODP_DET_SSN));
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
    assert_int_equal(odp_detect_find(d, ODP_DET_EMAIL, text, n, n + 5, NULL, &b, &e, &err), 0);
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
    assert_int_equal(odp_detect_find(d, ODP_DET_SSN, text, strlen(text), 0, NULL, &b, &e, NULL), 1);
    assert_int_equal(b, 17);
    assert_int_equal(e, 28);
    odp_detect_free(d);
}

static void
test_any(void **state)
{
    static const char text[] = "mail a@b.com or call 212-555-0123";
    struct odp_detect *d = mk((1u << ODP_DET_EMAIL) | (1u << ODP_DET_PHONE) | (1u << ODP_DET_SSN));
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

/* A record-number column: the whole value is the record's number, not an SSN or phone. */
static void
test_record_id_hint(void **state)
{
    struct odp_detect *d =
        mk((1u << ODP_DET_SSN) | (1u << ODP_DET_PHONE) | (1u << ODP_DET_CREDIT_CARD));
    struct odp_err err;
    uint32_t hits;

    (void)state;
    odp_err_clear(&err);
    assert_true((odp_column_hint_kinds("Job #") & ODP_HINT_RECORD_ID) != 0);
    assert_true((odp_column_hint_kinds("unique_key") & ODP_HINT_RECORD_ID) != 0);
    assert_true((odp_column_hint_kinds("CMPLNT_NUM") & ODP_HINT_RECORD_ID) != 0);
    assert_true((odp_column_hint_kinds("ssn_number") & ODP_HINT_RECORD_ID) == 0);
    assert_true((odp_column_hint_kinds("phone_no") & ODP_HINT_RECORD_ID) == 0);
    assert_true((odp_column_hint_kinds("notes") & ODP_HINT_RECORD_ID) == 0);
    /* the bare number in a record-number column: nothing */
    hits = 0;
    assert_int_equal(odp_detect_any(d, "123456789", 9, "Job #", &hits, &err), ODP_OK);
    assert_int_equal(hits, 0);
    hits = 0;
    assert_int_equal(odp_detect_any(d, " 2125550123 ", 12, "unique_key", &hits, &err), ODP_OK);
    assert_int_equal(hits, 0);
    /* the same number elsewhere, or inside text in that column, still counts */
    hits = 0;
    assert_int_equal(odp_detect_any(d, "123456789", 9, "notes", &hits, &err), ODP_OK);
    assert_int_equal(hits, 1u << ODP_DET_SSN);
    hits = 0;
    assert_int_equal(odp_detect_any(d, "ssn 123-45-6789", 15, "Job #", &hits, &err), ODP_OK);
    assert_int_equal(hits, 1u << ODP_DET_SSN);
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
    assert_int_equal(odp_detect_find(d, ODP_DET_PHONE, "212-555-0123", 12, 0, NULL, &b, &e, &err),
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
        cmocka_unit_test(test_card),
        cmocka_unit_test(test_ip),
        cmocka_unit_test(test_date),
        cmocka_unit_test(test_date_bad_time_shrinks),
        cmocka_unit_test(test_address),
        cmocka_unit_test(test_bbl),
        cmocka_unit_test(test_license),
        cmocka_unit_test(test_person_name),
        cmocka_unit_test(test_hint_kinds),
        cmocka_unit_test(test_positions_and_iteration),
        cmocka_unit_test(test_leftmost_validated),
        cmocka_unit_test(test_any),
        cmocka_unit_test(test_record_id_hint),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_names),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
