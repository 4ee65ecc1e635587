/*
 * actions_int.h - internals shared by actions.c, pseudo.c, datefmt.c and scrub.c, and
 * exposed to tests/unit/test_actions.c. Not installed, not part of the public API.
 */
#ifndef ODP_ACTIONS_INT_H
#define ODP_ACTIONS_INT_H

#include <locale.h>
#include <stddef.h>
#include <stdint.h>

#include "actions.h"
#include "buf.h"
#include "odp/err.h"
#include "policy.h"

/* --- datefmt.c --- */

/* Human name of an input format for error messages ("MM/DD/YYYY", ...). */
const char *odp_date_fmt_label(enum odp_date_fmt fmt);

/* Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant). */
int64_t odp_days_from_civil(int y, int m, int d);
void odp_civil_from_days(int64_t z, int *y, int *m, int *d);

/* ISO 8601 week-year and week (1..53) of a valid date. */
void odp_iso_week(int y, int m, int d, int *wyear, int *week);

/*
 * Writes the generalized form of dt for `unit` into out (at least 16 bytes) and
 * returns its length, or 0 when the unit needs a time of day dt does not have (hour).
 */
size_t odp_date_generalize(const struct odp_datetime *dt, enum odp_date_unit unit, char *out);
/*
 * The same result as odp_date_parse(v, n, fmt) followed by odp_date_generalize(unit),
 * straight from the bytes, for the common cases: a date of the US formats or a plain ISO
 * date (YYYY-MM-DD), generalized to year, month or day. Returns the length written to
 * out, or 0 when it does not decide (another unit or form, or a value the full parser
 * must look at, valid or not): the caller then takes the full path.
 */
size_t odp_date_generalize_fast(const char *v, size_t n, enum odp_date_fmt fmt,
                                enum odp_date_unit unit, char *out);

/*
 * Shifts the date part of v (which odp_date_parse accepted with format `used`) by
 * `days` and writes the whole value back in the same format into `b` (reset first):
 * the date is rewritten, everything after it (time of day, fraction, zone) is copied.
 * ODP_EDATA (err left alone: the caller names the column) when the result leaves
 * the years 0001..9999.
 */
int odp_date_shift_value(const char *v, size_t n, const struct odp_datetime *dt,
                         enum odp_date_fmt used, int64_t days, struct odp_buf *b,
                         struct odp_err *err);

/* --- numbers (actions.c) --- */

/* The "C" locale, created once; (locale_t)0 when it could not be created. */
locale_t odp_c_locale(void);

/*
 * Parses a plain decimal number: [+-] digits [. digits] [e [+-] digits] (at least one
 * mantissa digit, at most 128 bytes). No spaces, inf, nan or hex. 1 = ok, 0 = not one.
 */
int odp_num_parse(const char *v, size_t n, double *out);

/*
 * Shortest text that reads back as exactly d (at most `maxdig` significant digits,
 * 1..17; with fewer than 17 the value is rounded to that many): integers without
 * ".0", no exponent, "-0" printed as "0". out must hold ODP_NUM_TXT bytes. Returns
 * the length.
 */
#define ODP_NUM_TXT 400
size_t odp_num_format(double d, int maxdig, char *out);

/*
 * Rounds the decimal literal v[0..n) to `decimals` places exactly as
 * snprintf("%.*f", decimals, strtod(v)) would, working on the digit string. Returns
 * the length written to out (at least n + decimals + 3 bytes) or 0 when the shortcut
 * cannot prove the result equal (exponent, a decimal tie, too many digits): the caller
 * then takes the strtod + snprintf path.
 */
size_t odp_round_fast(const char *v, size_t n, unsigned decimals, char *out);

/* The reference path: snprintf("%.*f") of the parsed double in the C locale. */
int odp_round_slow(double d, unsigned decimals, struct odp_buf *b, struct odp_err *err);

/* --- scrub.c --- */

struct odp_scrub;
/* Compiles the detectors and patterns of a scrub rule. NULL + err (policy position). */
struct odp_scrub *odp_scrub_new(const struct odp_colrule *rule, struct odp_err *err);
void odp_scrub_free(struct odp_scrub *sc);
/*
 * Scrubs v[0..n): detectors first (rule->detect_order), then patterns in order. The
 * result is v itself (*out = v, returns 0) or bytes in `b` (returns 1).
 */
int odp_scrub_apply(struct odp_scrub *sc, const char *v, size_t n, struct odp_buf *b,
                    struct odp_field *out, struct odp_err *err);

/*
 * Minimum number of ASCII digits any match of `regex` must contain, when the pattern is
 * a plain sequence of literals / classes / \d with quantifiers (no groups, alternation
 * or dots); 0 when the pattern is outside that subset (no prefilter then).
 */
size_t odp_regex_min_digits(const char *regex);
/*
 * Bytes that every match of `regex` contains (same subset; case-sensitive patterns),
 * at most `cap` of them into lits; returns how many (0 = none known).
 */
size_t odp_regex_required_bytes(const char *regex, char *lits, size_t cap);

#endif
