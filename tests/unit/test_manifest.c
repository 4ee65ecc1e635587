/*
 * test_manifest.c - BagIt manifest parsing, percent-decoding, path safety, bagit.txt,
 * bag-info and tag-file decoding (lib/manifest.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bag_int.h"

static void
test_pct_decode(void **state)
{
    static const struct {
        const char *in, *out;
    } v[] = {
        {"data/a%0Ab", "data/a\nb"},
        {"data/a%0db", "data/a\rb"},
        {"data/100%25", "data/100%"},
        {"data/%7Etest1.txt", "data/%7Etest1.txt"}, /* only %0A %0D %25 are escapes */
        {"data/%test2.txt", "data/%test2.txt"},
        {"data/trailing%2", "data/trailing%2"},
        {"data/%", "data/%"},
        {"%25%25", "%%"},
        {"data/%2525", "data/%25"},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
        char out[64];
        size_t n = odp_bag_pct_decode(v[i].in, strlen(v[i].in), out);

        assert_string_equal(out, v[i].out);
        assert_int_equal(n, strlen(v[i].out));
    }
}

static void
test_pct_roundtrip(void **state)
{
    const char *names[] = {"data/plain.csv", "data/50% off\r\nnew", "data/%0A literal"};
    size_t i;

    (void)state;
    for (i = 0; i < 3; i++) {
        char *enc = odp_bag_pct_encode(names[i]);
        char out[128];

        assert_non_null(enc);
        assert_null(strpbrk(enc, "\r\n"));
        odp_bag_pct_decode(enc, strlen(enc), out);
        assert_string_equal(out, names[i]);
        free(enc);
    }
}

static void
test_manifest_parse(void **state)
{
    const char *text =
        "b1946ac92492d2347c6235b4d2611184  data/hello.txt\r\n"
        "\r\n"
        "B1946AC92492D2347C6235B4D2611184 *data/bin mode.txt\n"
        "b1946ac92492d2347c6235b4d2611184\t./data/rel.txt\r"
        "b1946ac92492d2347c6235b4d2611184 data/a%0Ab.txt";
    struct odp_manifest m;
    struct odp_err err;

    (void)state;
    memset(&err, 0, sizeof(err));
    assert_int_equal(odp_manifest_parse(text, strlen(text), ODP_ALG_MD5, 1, "manifest-md5.txt",
                                        &m, &err),
                     ODP_OK);
    assert_int_equal(m.n, 4);
    assert_string_equal(m.e[0].path, "data/hello.txt");
    assert_int_equal(m.e[0].line, 1);
    assert_int_equal(m.e[0].digest[0], 0xb1);
    assert_int_equal(m.e[0].digest[15], 0x84);
    assert_string_equal(m.e[1].path, "data/bin mode.txt");
    assert_int_equal(m.e[1].line, 3);
    assert_memory_equal(m.e[1].digest, m.e[0].digest, 16);
    assert_string_equal(m.e[2].path, "data/rel.txt");
    assert_string_equal(m.e[3].path, "data/a\nb.txt");
    assert_int_equal(m.e[3].line, 5);
    odp_manifest_release(&m);

    /* Without BagIt 1.0 decoding the escape stays. */
    assert_int_equal(odp_manifest_parse(text, strlen(text), ODP_ALG_MD5, 0, "m", &m, &err),
                     ODP_OK);
    assert_string_equal(m.e[3].path, "data/a%0Ab.txt");
    odp_manifest_release(&m);
}

static void
test_manifest_errors(void **state)
{
    static const struct {
        const char *text;
        uint64_t line;
    } bad[] = {
        {"b1946ac92492d2347c6235b4d261118  data/short\n", 1},           /* 31 digits */
        {"b1946ac92492d2347c6235b4d2611184a data/long\n", 1},           /* 33 digits */
        {"ok\n", 1},
        {"b1946ac92492d2347c6235b4d2611184  data/x\nzz  data/y\n", 2},
        {"b1946ac92492d2347c6235b4d2611184data/nospace\n", 1},
        {"b1946ac92492d2347c6235b4d2611184   \n", 1},                   /* no path */
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct odp_manifest m;
        struct odp_err err;

        memset(&err, 0, sizeof(err));
        assert_int_equal(odp_manifest_parse(bad[i].text, strlen(bad[i].text), ODP_ALG_MD5, 1,
                                            "manifest-md5.txt", &m, &err),
                         ODP_ESYNTAX);
        assert_int_equal(err.line, bad[i].line);
        assert_string_equal(err.path, "manifest-md5.txt");
        /* The message never echoes the line's content. */
        assert_null(strstr(err.msg, "data/"));
        odp_manifest_release(&m);
    }
}

static void
test_path_problem(void **state)
{
    static const char *ok[] = {"data/a.txt", "data/dir/b c.txt", "data/..hidden", "data/~x",
                               "bag-info.txt", "data/a\nb"};
    static const char *bad[] = {"", "/etc/passwd", "~/foo", "~root/foo", "../../x",
                                "data/../../x", "data/./x", "data//x", "data/x/",
                                "C:\\Windows\\x", "data/\x01x", "."};
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        assert_null(odp_bag_path_problem(ok[i]));
    }
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_non_null(odp_bag_path_problem(bad[i]));
    }
}

static void
test_bagit_txt(void **state)
{
    static const struct {
        const char *text;
        int ok;
    } v[] = {
        {"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n", 1},
        {"BagIt-Version: 0.97\r\nTag-File-Character-Encoding: UTF-8", 1},
        {"BagIt-Version: 0.93\r\nTag-File-Character-Encoding: UTF-8\r\n\r\n", 1},
        {"BagIt-Version : 1.0\nTag-File-Character-Encoding : UTF-8\n", 0},
        {"BagIt-Version: 1.0 \nTag-File-Character-Encoding: UTF-8\n", 0},
        {"BagIt-Version: .97\nTag-File-Character-Encoding: UTF-8\n", 0},
        {"BagIt-Version: 0.97\n", 0},
        {"\xef\xbb\xbf" "BagIt-Version: 0.97\nTag-File-Character-Encoding: UTF-8\n", 0},
        {"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\nExtra: x\n", 0},
        {"", 0},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
        struct odp_bagit_decl d;
        struct odp_err err;
        int rc;

        memset(&err, 0, sizeof(err));
        rc = odp_bagit_parse(v[i].text, strlen(v[i].text), "bagit.txt", &d, &err);
        assert_int_equal(rc, v[i].ok ? ODP_OK : ODP_EVERIFY);
        if (v[i].ok) {
            assert_string_equal(d.enc, "UTF-8");
        } else {
            assert_true(err.line >= 1);
        }
    }
}

static void
test_baginfo(void **state)
{
    const char *t = "Source-Organization: Spengler University\r\n"
                    "External-Description: Uncompressed greyscale TIFF images from the\r\n"
                    "   papers collection.\r\n"
                    "Payload-Oxum:   58.2  \n"
                    "Source-Organization: Second\n";
    char *v;

    (void)state;
    v = odp_baginfo_get(t, strlen(t), "source-organization");
    assert_string_equal(v, "Spengler University");
    free(v);
    v = odp_baginfo_get(t, strlen(t), "External-Description");
    assert_string_equal(v, "Uncompressed greyscale TIFF images from the papers collection.");
    free(v);
    v = odp_baginfo_get(t, strlen(t), "Payload-Oxum");
    assert_string_equal(v, "58.2");
    free(v);
    assert_null(odp_baginfo_get(t, strlen(t), "Bag-Size"));
    assert_null(odp_baginfo_get(t, strlen(t), "Payload"));
}

static void
test_text_decode(void **state)
{
    const char le[] = "\xff\xfe" "a\0\xe9\0\n\0";
    const char be[] = "\xfe\xff" "\0a\xd8\x3d\xde\x00";
    const char latin[] = "caf\xe9";
    struct odp_err err;
    char *out;
    size_t n;

    (void)state;
    memset(&err, 0, sizeof(err));
    assert_int_equal(odp_bag_text_decode(le, sizeof(le) - 1, "UTF-16", "t", &out, &n, &err),
                     ODP_OK);
    assert_string_equal(out, "a\xc3\xa9\n");
    free(out);
    assert_int_equal(odp_bag_text_decode(be, sizeof(be) - 1, "UTF-16", "t", &out, &n, &err),
                     ODP_OK);
    assert_string_equal(out, "a\xf0\x9f\x98\x80");
    free(out);
    assert_int_equal(odp_bag_text_decode(latin, 4, "ISO-8859-1", "t", &out, &n, &err), ODP_OK);
    assert_string_equal(out, "caf\xc3\xa9");
    free(out);
    assert_int_equal(odp_bag_text_decode("x", 1, "EBCDIC", "t", &out, &n, &err), ODP_ESCHEMA);
    memset(&err, 0, sizeof(err));
    assert_int_equal(odp_bag_text_decode("\xff\xfe" "a", 3, "UTF-16", "t", &out, &n, &err),
                     ODP_ESYNTAX);
}

static void
test_numbers(void **state)
{
    uint64_t v = 0;
    char s[32];

    (void)state;
    assert_int_equal(odp_bag_parse_u64("18446744073709551615", 20, &v), 0);
    assert_true(v == UINT64_MAX);
    assert_int_equal(odp_bag_parse_u64("18446744073709551616", 20, &v), -1);
    assert_int_equal(odp_bag_parse_u64("", 0, &v), -1);
    assert_int_equal(odp_bag_parse_u64("-1", 2, &v), -1);
    assert_int_equal(odp_bag_parse_u64("1 ", 2, &v), -1);
    odp_bag_human_size(512, s, sizeof(s));
    assert_string_equal(s, "512 bytes");
    odp_bag_human_size(1536, s, sizeof(s));
    assert_string_equal(s, "1.5 KB");
    odp_bag_human_size((uint64_t)3 << 30, s, sizeof(s));
    assert_string_equal(s, "3.0 GB");
    assert_int_equal(odp_bag_alg_from_name("sha256", 6), ODP_ALG_SHA256);
    assert_int_equal(odp_bag_alg_from_name("sha25", 5), -1);
    assert_int_equal(odp_bag_alg_len(ODP_ALG_SHA512), 64);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pct_decode),    cmocka_unit_test(test_pct_roundtrip),
        cmocka_unit_test(test_manifest_parse), cmocka_unit_test(test_manifest_errors),
        cmocka_unit_test(test_path_problem),  cmocka_unit_test(test_bagit_txt),
        cmocka_unit_test(test_baginfo),       cmocka_unit_test(test_text_decode),
        cmocka_unit_test(test_numbers),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
