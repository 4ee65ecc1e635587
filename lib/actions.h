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

#include "common/buf.h"
#include "odp/err.h"
#include "policy.h"
#include "table.h"

struct odp_keyring;
struct odp_op;

/*
 * Compiles `rule`. `by_index` is the input column index of rule->by for date_shift
 * (ignored otherwise). Keys are looked up in `keys` by rule->key. Errors point at the
 * rule's position in its policy file. Returns NULL + err on failure.
 */
struct odp_op *odp_op_new(const struct odp_colrule *rule, const struct odp_keyring *keys,
                          size_t by_index, struct odp_err *err);
void odp_op_free(struct odp_op *op);

/*
 * Applies the op to field `col` of `row`. The result is a view in *out: either the input
 * itself (unchanged) or bytes in `scratch` (reset by the op; valid until its next use).
 * Returns 1 when the value changed, 0 when it is the same bytes, negative on error; the
 * error message names the column and the kind of problem, never the value; the caller
 * stamps file, line and column.
 */
int odp_op_apply(struct odp_op *op, const struct odp_row *row, size_t col,
                 struct odp_field *out, struct odp_buf *scratch, struct odp_err *err);

/* --- building blocks, exposed for unit tests and for audit/init --- */

/* HMAC-SHA-256(key, [domain NUL] value) as `hexlen` lowercase hex characters. */
struct odp_pseudo;
struct odp_pseudo *odp_pseudo_new(const uint8_t *key, size_t keylen, const char *domain,
                                  struct odp_err *err);
void odp_pseudo_free(struct odp_pseudo *ps);
int odp_pseudo_hex(struct odp_pseudo *ps, const char *v, size_t n, unsigned hexlen,
                   char *out /* >= hexlen bytes */, struct odp_err *err);
/* The raw 32-byte MAC (date_shift derives its offset from it). */
int odp_pseudo_mac(struct odp_pseudo *ps, const char *v, size_t n, uint8_t mac[32],
                   struct odp_err *err);

/* Civil date/time parsed from a value. */
struct odp_datetime {
    int year, month, day, hour, minute, second;
    int has_time;
};
/* Parses v with `fmt` (AUTO tries each NYC export format). ODP_OK or ODP_EDATA. */
int odp_date_parse(const char *v, size_t n, enum odp_date_fmt fmt, struct odp_datetime *dt,
                   enum odp_date_fmt *used);

#endif
