/*
 * test_names.c - the compiled name tables agree with the vendored sources
 * (data/names/ tables) and the lookup normalises as documented.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "textscan.h"

static int
look(const char *s, struct odp_name_info *ni)
{
    return odp_name_lookup(s, strlen(s), ni);
}

static void
test_known_values(void **state)
{
    struct odp_name_info ni;

    (void)state;
    assert_int_equal(look("SMITH", &ni), 1);
    assert_int_equal(ni.surname_rank, 1);
    assert_int_equal(look("smith", &ni), 1);
    assert_int_equal(ni.surname_rank, 1);
    assert_int_equal(look("James", &ni), 1);
    assert_int_equal(ni.given_count, 5262396);
    assert_int_equal(ni.surname_rank, 88800 - 88729);
    assert_int_equal(look("O'Brien", &ni), 1); /* apostrophes dropped, as in the sources */
    assert_int_equal(ni.surname_rank, 88800 - 88519);
    assert_int_equal(look("May", &ni), 1);
    assert_true(ni.flags & ODP_NAME_MONTH);
    assert_true(ni.flags & ODP_NAME_WORD);
    assert_int_equal(ni.word_level, 10);
    assert_int_equal(look("NA", &ni), 1);
    assert_true(ni.flags & ODP_NAME_PLACEHOLDER);
    assert_true(odp_names_count() > 100000);
}

static void
test_not_names(void **state)
{
    struct odp_name_info ni;

    (void)state;
    assert_int_equal(look("", &ni), 0);
    assert_int_equal(look("Smith-Jones", &ni), 0); /* the caller splits hyphenated names */
    assert_int_equal(look("J0HN", &ni), 0);
    assert_int_equal(look("SMITH ", &ni), 0);
    assert_int_equal(look("QQQXZZY", &ni), 0);
    assert_int_equal(look("ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGH", &ni), 0);
    assert_int_equal(ni.given_count, 0);
    assert_int_equal(ni.surname_rank, 0);
    assert_int_equal(odp_name_lookup("\xc3\xa9", 2, &ni), 0);
}

/* Every line of the vendored tables is found with its value. */
static void
test_tables_round_trip(void **state)
{
    static const char *const files[] = {"given.tsv", "surnames.tsv"};
    char path[1024], line[128];
    size_t f, rows = 0;

    (void)state;
    for (f = 0; f < 2; f++) {
        FILE *fp;

        snprintf(path, sizeof(path), "%s/data/names/%s", ODP_SRCDIR, files[f]);
        fp = fopen(path, "r");
        assert_non_null(fp);
        while (fgets(line, sizeof(line), fp) != NULL) {
            struct odp_name_info ni;
            char *tab = strchr(line, '\t');
            unsigned long v;

            assert_non_null(tab);
            *tab = '\0';
            v = strtoul(tab + 1, NULL, 10);
            assert_int_equal(look(line, &ni), 1);
            if (f == 0) {
                assert_int_equal(ni.given_count, v);
            } else {
                assert_int_equal(ni.surname_rank, 88800 - v);
            }
            rows++;
        }
        fclose(fp);
    }
    assert_true(rows > 120000);
}

/* The hashed index (tx_name_lookup, used by the free-text and person-name validators)
 * answers as the binary search does: every table line, the same line in lower case and
 * with an apostrophe, its prefixes and one-letter changes, and tokens that are no name. */
static void
test_hashed_same_as_search(void **state)
{
    static const char *const files[] = {"given.tsv", "surnames.tsv"};
    static const char *const odd[] = {"", "'", "A'", "O'BRIEN", "o'brien", "X1", "\xc3\xa9",
                                      "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEF",
                                      "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDE"};
    char path[1024], line[128], v[140];
    size_t f, i, rows = 0, hits = 0;

    (void)state;
    for (i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
        struct odp_name_info a, b;

        assert_int_equal(tx_name_lookup(odd[i], strlen(odd[i]), &a),
                         odp_name_lookup(odd[i], strlen(odd[i]), &b));
        assert_memory_equal(&a, &b, sizeof(a));
    }
    for (f = 0; f < 2; f++) {
        FILE *fp;

        snprintf(path, sizeof(path), "%s/data/names/%s", ODP_SRCDIR, files[f]);
        fp = fopen(path, "r");
        assert_non_null(fp);
        while (fgets(line, sizeof(line), fp) != NULL) {
            char *tab = strchr(line, '\t');
            size_t n, form;

            assert_non_null(tab);
            *tab = '\0';
            n = strlen(line);
            for (form = 0; form < 5; form++) {
                struct odp_name_info a, b;
                size_t k, m = n;
                int ra, rb;

                memcpy(v, line, n + 1);
                if (form == 1) { /* lower case */
                    for (k = 0; k < n; k++) {
                        v[k] = (char)(v[k] >= 'A' && v[k] <= 'Z' ? v[k] - 'A' + 'a' : v[k]);
                    }
                } else if (form == 2 && n > 1) { /* an apostrophe inside */
                    memmove(v + 2, v + 1, n);
                    v[1] = '\'';
                    m = n + 1;
                } else if (form == 3) { /* a prefix */
                    m = n > 1 ? n - 1 : n;
                } else if (form == 4) { /* one letter changed */
                    v[n / 2] = v[n / 2] == 'Q' ? 'X' : 'Q';
                }
                ra = tx_name_lookup(v, m, &a);
                rb = odp_name_lookup(v, m, &b);
                assert_int_equal(ra, rb);
                assert_memory_equal(&a, &b, sizeof(a));
                hits += ra == 1;
            }
            rows++;
        }
        fclose(fp);
    }
    assert_true(rows > 120000);
    assert_true(hits > 3 * rows); /* the forms that must hit did */
}

static void
test_shares(void **state)
{
    struct odp_name_info a, b;

    (void)state;
    look("SMITH", &a);
    look("NGUYEN", &b);
    assert_true(odp_name_surname_per_million(&a) > 10000.0);
    assert_true(odp_name_surname_per_million(&a) > odp_name_surname_per_million(&b));
    assert_true(odp_name_surname_per_million(&b) > 100.0);
    look("JAMES", &a);
    assert_true(odp_name_given_per_million(&a) > 10000.0);
    memset(&a, 0, sizeof(a));
    assert_true(odp_name_surname_per_million(&a) == 0.0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_values),
        cmocka_unit_test(test_not_names),
        cmocka_unit_test(test_tables_round_trip),
        cmocka_unit_test(test_shares),
        cmocka_unit_test(test_hashed_same_as_search),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
