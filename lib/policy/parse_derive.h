/*
 * parse_derive.h - the `derive:` and `aggregate:` sections (internal to policy/): read
 * from one file's tree (parse.c), merged across `extends` (merge.c), freed, and written
 * back into a package's policy.yaml (write.c).
 */
#ifndef ODP_PARSE_DERIVE_H
#define ODP_PARSE_DERIVE_H

#include "policy.h"
#include "ytree.h"

struct odp_out;

/* `derive:`: a mapping NAME -> {FUNCTION: ARGS[, format|sep|edges]}. */
int odp_pol_parse_derive(struct odp_yctx *c, const struct odp_ynode *n, struct odp_policy *p);
/* `aggregate:`: {by: [...], measures: {NAME: count | {KIND: ARGS[, decimals]}}}. */
int odp_pol_parse_aggregate(struct odp_yctx *c, const struct odp_ynode *n, struct odp_policy *p);

void odp_pol_derive_release(struct odp_policy_derive *d);

/*
 * Merges src into dst: a derived column of src replaces dst's of the same name (in
 * place), others are appended; src's aggregate section, when given, replaces dst's.
 * src is emptied. ODP_OK or ODP_ENOMEM.
 */
int odp_pol_derive_merge(struct odp_policy_derive *dst, struct odp_policy_derive *src);

/* Writes `derive:` and `aggregate:` (when present) as loadable YAML. */
void odp_pol_derive_write(struct odp_out *o, const struct odp_policy *p);

#endif
