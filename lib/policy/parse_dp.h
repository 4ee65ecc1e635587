/*
 * parse_dp.h - `privacy.differential_privacy`: reads it (from parse.c's privacy section)
 * and writes it back (from write.c). Internal to policy/.
 */
#ifndef ODP_PARSE_DP_H
#define ODP_PARSE_DP_H

#include "out.h"
#include "policy.h"
#include "ytree.h"

/*
 * Parses the value `v` of the key `k` (differential_privacy) into p->dp (replacing one
 * an earlier key of the same file set). Errors at POLICY:LINE:COL (ODP_ESCHEMA), never
 * quoting a value.
 */
int odp_pol_parse_dp(struct odp_yctx *c, const struct odp_ynode *k, const struct odp_ynode *v,
                     struct odp_policy *p);

/* Writes "  differential_privacy:\n" and its keys (every default spelled out). */
void odp_pol_write_dp(struct odp_out *o, const struct odp_dp_policy *d);

#endif
