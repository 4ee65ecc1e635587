/*
 * test_err.c - first-error-wins records, their formatting, and the escaping of bytes a
 * terminal would act on (security review 3a: a header name with ESC/BEL retitled and
 * cleared the terminal that showed the error).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "odp/err.h"

static void
test_first_error_wins(void **state)
{
    struct odp_err err;
    struct odp_loc loc = {"a.csv", 3, 7};
    char line[512];

    (void)state;
    odp_err_clear(&err);
    assert_int_equal(odp_errf(&err, ODP_ESYNTAX, &loc, "column '%s': bad", "zip"), ODP_ESYNTAX);
    assert_int_equal(odp_errf(&err, ODP_EIO, NULL, "later"), ODP_EIO);
    assert_int_equal(err.code, ODP_ESYNTAX);
    assert_string_equal(odp_err_format(&err, line, sizeof(line)), "a.csv:3:7: column 'zip': bad");
    assert_int_equal(odp_errf(NULL, ODP_EDATA, NULL, "x"), ODP_EDATA);
}

static void
test_controls_escaped(void **state)
{
    struct odp_err err;
    struct odp_loc loc = {"dir/\x1b[2Jx.csv", 1, 1};
    size_t i;

    (void)state;
    odp_err_clear(&err);
    odp_errf(&err, ODP_EPOLICY, &loc, "column '%s' is not named", "name\x1b]0;PWNED\x07\x1b[2J\x7f"
             "\xc2\x9b" "31m\xc3\xa9");
    assert_string_equal(err.msg, "column 'name\\x1b]0;PWNED\\x07\\x1b[2J\\x7f\\u009b31m\xc3\xa9' "
                                 "is not named");
    assert_string_equal(err.path, "dir/\\x1b[2Jx.csv");
    for (i = 0; err.msg[i] != '\0'; i++) {
        assert_true((unsigned char)err.msg[i] >= 0x20 && err.msg[i] != 0x7f);
    }
}

static void
test_escape_truncates_whole(void **state)
{
    struct odp_err err;
    char big[1024];
    size_t n;

    (void)state;
    memset(big, 0x1b, sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    odp_err_clear(&err);
    odp_errf(&err, ODP_EDATA, NULL, "%s", big);
    n = strlen(err.msg);
    assert_true(n < sizeof(err.msg));
    assert_int_equal(n % 4, 0); /* only whole \xNN escapes */
    assert_memory_equal(err.msg + n - 4, "\\x1b", 4);
}

/* odp_escape: the public helper the CLI prints names through, same rules as messages. */
static void
test_escape_public(void **state)
{
    char out[64], tiny[6];

    (void)state;
    assert_string_equal(odp_escape(out, sizeof(out), "a\x1b[2Jb\x07\xc2\x85\xc3\xa9\x7f"),
                        "a\\x1b[2Jb\\x07\\u0085\xc3\xa9\\x7f");
    assert_string_equal(odp_escape(out, sizeof(out), NULL), "");
    assert_string_equal(odp_escape(out, sizeof(out), "plain name"), "plain name");
    /* truncation keeps whole escapes: "ab" + "\x1b" needs 7 bytes */
    assert_string_equal(odp_escape(tiny, sizeof(tiny), "ab\x1b"), "ab");
    assert_null(odp_escape(NULL, 4, "x"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_error_wins),
        cmocka_unit_test(test_controls_escaped),
        cmocka_unit_test(test_escape_truncates_whole),
        cmocka_unit_test(test_escape_public),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
