/*
 * test_lines.c - the one line splitter (lib/common/lines.h) that the BagIt tag-file
 * parsers and the minisign key and signature parsers share: LF, CR LF and (for BagIt) a
 * lone CR end a line, the last line may lack an end, line numbers count every line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "lines.h"

/* Splits text and joins the lines as "[line]" plus "$" when an end was found. */
static void
split(const char *text, int flags, char *out, size_t cap, uint64_t *count)
{
    struct odp_lines l;
    const char *s;
    size_t n, o = 0;
    int nl;

    odp_lines_init(&l, text, strlen(text));
    out[0] = '\0';
    while (odp_next_line(&l, flags, &s, &n, &nl) == 1) {
        assert_true(o + n + 3 < cap);
        out[o++] = '[';
        memcpy(out + o, s, n);
        o += n;
        out[o++] = ']';
        if (nl) {
            out[o++] = '$';
        }
        out[o] = '\0';
    }
    *count = l.lineno;
}

static void
test_bagit_ends(void **state)
{
    char out[128];
    uint64_t k;

    (void)state;
    split("a\nb\r\nc\rd", ODP_LINES_CR, out, sizeof(out), &k);
    assert_string_equal(out, "[a]$[b]$[c]$[d]");
    assert_int_equal(k, 4);
    split("\r\r\n\n", ODP_LINES_CR, out, sizeof(out), &k);
    assert_string_equal(out, "[]$[]$[]$");
    assert_int_equal(k, 3);
    split("", ODP_LINES_CR, out, sizeof(out), &k);
    assert_string_equal(out, "");
    assert_int_equal(k, 0);
    split("x\n\r", ODP_LINES_CR, out, sizeof(out), &k);
    assert_string_equal(out, "[x]$[]$");
}

static void
test_lf_ends(void **state)
{
    char out[128];
    uint64_t k;

    (void)state;
    /* a lone CR stays in the line (minisign files refuse it), CR LF is one end */
    split("a\r\nb\rc\nd", 0, out, sizeof(out), &k);
    assert_string_equal(out, "[a]$[b\rc]$[d]");
    assert_int_equal(k, 3);
    split("\n\n", 0, out, sizeof(out), &k);
    assert_string_equal(out, "[]$[]$");
    split("\r", 0, out, sizeof(out), &k);
    assert_string_equal(out, "[\r]");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bagit_ends),
        cmocka_unit_test(test_lf_ends),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
