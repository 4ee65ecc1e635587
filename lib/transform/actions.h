/*
 * actions.h - the per-column operations of a policy, compiled once, run per value.
 *
 * odp_op_new turns a column rule into a ready op: HMAC keyed state set up once (copied
 * per value, never re-keyed), PCRE2 patterns compiled with JIT and match limits, date
 * formats resolved. odp_op_apply then does no lookups by name and no allocation except
 * growing the caller's reusable output buffer.
 *
 * Secrets: an op that needs a key borrows it from a struct odp_keyring (keys.h); the op
 * keeps only the derived HMAC state, which is freed with odp_op_free.
 */
#ifndef ODP_ACTIONS_H
#define ODP_ACTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "odp/err.h"
#include "policy.h"
#include "table.h"

struct odp_keyring;
struct odp_op;

/*
 * Compiles `rule`. `by_index` is the input column index of rule->by for date_shift
 * (ignored otherwise). Keys are looked up in `keys` by rule->key (default "pseudonym").
 * The op copies the rule's scalars and borrows its strings, bands and patterns: the
 * policy must outlive the op. Errors point at the rule's position in its policy file:
 * ODP_EKEY (key not loaded), ODP_ESCHEMA (parameter out of range, regex that does not
 * compile: at the pattern's line/col), ODP_EINTERNAL (drop, which the plan removes),
 * ODP_ENOMEM. Returns NULL + err on failure. odp_op_free(NULL) is a no-op.
 *
 * Semantics per action (an empty value stays empty under every action):
 *  keep        unchanged.
 *  redact      rule->replacement (default "REDACTED").
 *  mask        keeps keep_first / keep_last characters (UTF-8 code points), every other
 *              character becomes mask_char (default "*"); a value of at most
 *              keep_first + keep_last characters is masked entirely.
 *  pseudonymize  lowercase hex of HMAC-SHA-256(key, [domain 0x00] value), `length`
 *              hex characters.
 *  generalize  date: year "YYYY", month "YYYY-MM", day "YYYY-MM-DD", hour
 *              "YYYY-MM-DDTHH", week ISO "YYYY-Www" (week-year), quarter "YYYY-Qn"; zip: 5 digits
 * or ZIP+4 -> first `digits` digits; number: bands "[a,b)", "<e0", ">=en", or width "[lo,hi)", top
 * ">=top" / bottom "<bottom" first; block: "1234 MAIN ST" -> "1200 BLOCK MAIN ST", no house number
 * -> unchanged. round       snprintf("%.*f", decimals, value) in the C locale (== Python "%.Nf").
 *  date_shift  +-max_days from HMAC(key, "date_shift" 0x00 by-value), same format out.
 *  scrub       detectors in rule->detect_order, then patterns (re.sub semantics).
 * A value an action cannot read (not a date / ZIP / number, empty date_shift key
 * column) is ODP_EDATA; a regex over its match limit is ODP_ELIMIT.
 */
struct odp_op *odp_op_new(const struct odp_colrule *rule, const struct odp_keyring *keys,
                          size_t by_index, struct odp_err *err);

/* dataset.null_values (borrowed, must outlive op): cells equal to one stay as they are. */
void odp_op_set_nulls(struct odp_op *op, char *const *nulls, size_t n);
void odp_op_free(struct odp_op *op);

/*
 * Applies the op to field `col` of `row`. The result is a view in *out: the input
 * itself (unchanged, or a prefix of it for ZIP), bytes in `scratch` (reset by the op;
 * valid until its next use), or the op's own replacement text (redact; valid until
 * odp_op_free). Returns 1 when the value changed, 0 when it is the same bytes, negative
 * on error; the error message names the column and the kind of problem, never the
 * value; the caller stamps file, line and column. Allocates nothing except growth of
 * `scratch` (and of the op's own buffers for scrub). An op is not thread-safe.
 */
int odp_op_apply(struct odp_op *op, const struct odp_row *row, size_t col, struct odp_field *out,
                 struct odp_buf *scratch, struct odp_err *err);

/*
 * A row's pseudonyms two or three at a time (plan.c): odp_op_pseudo_ready says whether op
 * pseudonymizes and a value of n bytes takes the one-block path; odp_op_pseudo_pair
 * writes the two pseudonyms into the scratch buffers ba and bb (what apply would write
 * there); odp_op_apply_done then stands for odp_op_apply of that value with the result
 * already in `done` (empty values and null tokens are still published as they are).
 */
int odp_op_pseudo_ready(const struct odp_op *op, size_t n);
int odp_op_pseudo_pair(struct odp_op *a, const char *va, size_t na, struct odp_buf *ba,
                       struct odp_op *b, const char *vb, size_t nb, struct odp_buf *bb,
                       struct odp_err *err);
/* Three at once (odp_pseudo_hex3), into bufs[0..2]. */
int odp_op_pseudo_triple(struct odp_op *const ops[3], const char *const v[3], const size_t n[3],
                         struct odp_buf *const bufs[3], struct odp_err *err);
int odp_op_apply_done(const struct odp_op *op, const struct odp_row *row, size_t col,
                      struct odp_field *out, const struct odp_buf *done);

/* --- building blocks, exposed for unit tests and for audit/init --- */

/* HMAC-SHA-256(key, [domain NUL] value) as `hexlen` lowercase hex characters. */
struct odp_pseudo;
struct odp_pseudo *odp_pseudo_new(const uint8_t *key, size_t keylen, const char *domain,
                                  struct odp_err *err);
void odp_pseudo_free(struct odp_pseudo *ps);
int odp_pseudo_hex(struct odp_pseudo *ps, const char *v, size_t n, unsigned hexlen,
                   char *out /* >= hexlen bytes */, struct odp_err *err);
/*
 * Two pseudonyms at once (keys and domains may differ): the same bytes as two
 * odp_pseudo_hex calls, with the compressions of the two interleaved when both values
 * fit one block (odp_pseudo_one_block), else simply one after the other.
 */
int odp_pseudo_hex2(struct odp_pseudo *pa, const char *va, size_t na, unsigned hexa, char *outa,
                    struct odp_pseudo *pb, const char *vb, size_t nb, unsigned hexb, char *outb,
                    struct odp_err *err);
/* Three at once, the same way (three chains interleaved when all three fit one block). */
int odp_pseudo_hex3(struct odp_pseudo *const ps[3], const char *const v[3], const size_t n[3],
                    const unsigned hex[3], char *const out[3], struct odp_err *err);
/* 1 when a value of n bytes takes the one-block path (the usual case: n <= 55 less the
 * domain and its NUL). */
int odp_pseudo_one_block(const struct odp_pseudo *ps, size_t n);
/* The raw 32-byte MAC (date_shift derives its offset from it). */
int odp_pseudo_mac(struct odp_pseudo *ps, const char *v, size_t n, uint8_t mac[32],
                   struct odp_err *err);
/* The same MAC by SHA256_Update/Final only (the reference the fast path is tested on). */
int odp_pseudo_mac_plain(struct odp_pseudo *ps, const char *v, size_t n, uint8_t mac[32],
                         struct odp_err *err);

/* Civil date/time parsed from a value. */
struct odp_datetime {
    int year, month, day, hour, minute, second;
    int has_time;
};
/*
 * Parses v[0..n) with `fmt`; AUTO tries MM/DD/YYYY hh:mm:ss AM|PM, MM/DD/YYYY
 * HH:MM:SS, MM/DD/YYYY and ISO YYYY-MM-DD[THH:MM[:SS[.f]]][Z|+hh:mm] in that order
 * (fixed-width fields, ranges and leap days checked, years 0001..9999). dt->hour is
 * 0..23. *used (may be NULL) gets the format that matched. ODP_OK or ODP_EDATA (err is
 * not filled: the caller names the column).
 */
int odp_date_parse(const char *v, size_t n, enum odp_date_fmt fmt, struct odp_datetime *dt,
                   enum odp_date_fmt *used);

#endif
