/*
 * scrub_tokens.h - the `tokens:` parameter of scrub (scrub_tokens.c).
 */
#ifndef ODP_SCRUB_TOKENS_H
#define ODP_SCRUB_TOKENS_H

#include "policy.h"
#include "ytree.h"

struct odp_out;

/* Parses `tokens: {detector: "TOKEN", ...}` into r->tokens (after `detect`). */
int odp_parse_scrub_tokens(struct odp_yctx *c, const struct odp_ynode *n, struct odp_colrule *r);
/* Writes the tokens back (nothing when none is set). */
void odp_write_scrub_tokens(struct odp_out *o, const char *indent, const struct odp_colrule *r);
void odp_free_scrub_tokens(struct odp_colrule *r);

#endif
