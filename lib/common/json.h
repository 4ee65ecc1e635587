/*
 * json.h - deterministic JSON output helpers over cJSON.
 *
 * Keys come in insertion order (callers insert in a fixed order); integers are written
 * by us (cJSON prints large integers as %g), never in exponent form; output is
 * pretty-printed with two-space indents and a final newline, byte-stable.
 */
#ifndef ODP_COMMON_JSON_H
#define ODP_COMMON_JSON_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "odp/err.h"

/* Adds an unsigned integer member as a raw JSON number. Returns 0 or ODP_ENOMEM. */
int odp_json_add_u64(cJSON *obj, const char *name, uint64_t v);
/* Adds a number with a fixed number of decimals (e.g. rates), never exponent form. */
int odp_json_add_fixed(cJSON *obj, const char *name, double v, int decimals);
/* Adds a string member; NULL s adds null. */
int odp_json_add_str(cJSON *obj, const char *name, const char *s);
/* A new array of the strings v[0..n) (caller owns it), or NULL when out of memory. */
cJSON *odp_json_strv(char *const *v, size_t n);

/* Renders `root` (pretty, 2-space indent, "\n" at the end). Caller frees. NULL on OOM. */
char *odp_json_render(const cJSON *root);

#endif
