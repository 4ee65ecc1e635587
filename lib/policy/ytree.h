/*
 * ytree.h - the policy loader's YAML tree and its typed accessors (internal to policy/).
 *
 * libyaml's event stream is turned into a small tree of our own (ytree.c), where hostile
 * YAML is stopped: no anchors, aliases or explicit tags, bounded nesting, node count and
 * entries, scalar keys only, no NUL. The accessors read a node as the type a key wants
 * and report any mismatch at the node's POLICY:LINE:COL through odp_y_fail, quoting key
 * names and the allowed words, never the value (a key pasted by mistake is never shown).
 */
#ifndef ODP_POLICY_YAML_H
#define ODP_POLICY_YAML_H

#include <stddef.h>
#include <stdint.h>

#include "odp/err.h"
#include "policy.h"

enum { ODP_Y_SCALAR = 1, ODP_Y_SEQ, ODP_Y_MAP };

struct odp_ynode {
    int kind;
    int plain;          /* scalar written without quotes (may be a number, bool, null) */
    uint64_t line, col; /* 1-based */
    char *s;            /* scalar bytes, NUL-terminated, no NUL inside */
    size_t len;
    struct odp_ynode **kids; /* sequence items; mapping: key, value, key, value ... */
    size_t n, cap;
};

struct odp_yctx {
    const char *path; /* the file being read (owned by the policy) */
    struct odp_err *err;
};

int odp_y_fail(struct odp_yctx *c, int code, uint64_t line, uint64_t col, const char *fmt, ...)
    ODP_PRINTF(5, 6);

int odp_y_oom(struct odp_yctx *c);

void odp_y_free(struct odp_ynode *n);

/*
 * Turns one YAML document into a tree. Rejects aliases, anchors and tags (a policy needs
 * none, and refusing them is what makes alias bombs impossible), caps depth and size.
 */
int odp_y_parse(struct odp_yctx *c, const char *buf, size_t len, struct odp_ynode **out);

const char *odp_y_kind_name(const struct odp_ynode *n);

int odp_y_is_null(const struct odp_ynode *n);

/* Is `key` one of the words of `list` ("a, b, c")? */
int odp_y_in_list(const char *key, const char *list);

/*
 * " 'word'" for a short identifier-like scalar (an unknown action or unit name, worth
 * echoing back), "" for anything else: only the policy's own vocabulary is ever quoted,
 * never free text or key material.
 */
const char *odp_y_shown(const struct odp_ynode *n, char *buf, size_t size);

int odp_y_map_x(struct odp_yctx *c, const struct odp_ynode *n, const char *what, int is_columns);

int odp_y_map(struct odp_yctx *c, const struct odp_ynode *n, const char *what);

/* Parses one entry NAME: VALUE of a named map into `item` (zeroed, owned by the array). */
typedef int (*odp_y_item_fn)(struct odp_yctx *c, const struct odp_ynode *key,
                             const struct odp_ynode *val, void *item);

/*
 * A map of name -> rule (policy columns, derived columns): a mapping whose names are
 * distinct ("column 'X' is named twice"), read into a new zeroed array of one `size`-byte
 * item per entry, in order, by `fn`. *items and *count are set before the first entry is
 * parsed and *count counts every item begun, so the owner frees a half-parsed item too.
 * An empty map leaves *items NULL. Stops at the first error.
 */
int odp_y_named_map(struct odp_yctx *c, const struct odp_ynode *n, const char *what, size_t size,
                    odp_y_item_fn fn, void **items, size_t *count);

int odp_y_seq(struct odp_yctx *c, const struct odp_ynode *n, const char *what);

/* A non-null scalar, copied into *out (an earlier value is freed). */
int odp_y_str(struct odp_yctx *c, const struct odp_ynode *n, const char *what, char **out);

int odp_y_u32(struct odp_yctx *c, const struct odp_ynode *n, const char *what, uint32_t min,
              uint32_t max, uint32_t *out);

/* A plain decimal number: -?digits[.digits][(e|E)[+-]digits], finite. */
int odp_y_double(struct odp_yctx *c, const struct odp_ynode *n, const char *what, double *out);

int odp_y_bool(struct odp_yctx *c, const struct odp_ynode *n, const char *what, int *out);

/* Index of the scalar in names[0..count) (NULL entries skipped), or -1. */
int odp_y_word(const struct odp_ynode *n, const char *const *names, int count);

int odp_y_push_str(struct odp_yctx *c, char ***v, size_t *n, char *s);

/* A list of distinct strings (appended to *v). `single` also accepts one scalar. */
int odp_y_strv(struct odp_yctx *c, const struct odp_ynode *n, const char *what, int single,
               char ***v, size_t *nv);

int odp_y_unknown_key(struct odp_yctx *c, const struct odp_ynode *k, const char *where,
                      const char *allowed);

/* Letters, digits, '_' and '-', 1..64 bytes: names of keys. */
int odp_y_is_ident(const char *s);

/*
 * Bounded decimal parser: plain digits only (no sign, no leading zero, no 0x, no
 * underscores), value in [min, max]. Returns 1 if parsed, 0 if not an integer, -1 if out
 * of range.
 */
int odp_y_parse_u32(const char *s, size_t len, uint32_t min, uint32_t max, uint32_t *out);

#endif
