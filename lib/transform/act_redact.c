/* act_redact.c - redact: every non-empty value becomes the replacement text. */
#include <stdio.h>
#include <string.h>

#include "action.h"

static const char *
replacement(const struct odp_colrule *r)
{
    return r->replacement != NULL ? r->replacement : "REDACTED";
}

static int
compile(struct odp_op *op, const struct odp_keyring *keys, struct odp_err *err)
{
    (void)keys;
    (void)err;
    op->txt = replacement(op->rule);
    op->txt_len = strlen(op->txt);
    return ODP_OK;
}

static int
apply(struct odp_op *op, const struct odp_row *row, const char *v, size_t n, struct odp_field *out,
      struct odp_buf *scratch, struct odp_err *err)
{
    (void)row, (void)v, (void)n, (void)scratch, (void)err;
    out->p = op->txt;
    out->len = op->txt_len;
    return ODP_OK;
}

static int
describe(const struct odp_colrule *r, char *buf, size_t size)
{
    return snprintf(buf, size, "redacted: every non-empty value replaced by \"%s\"",
                    replacement(r));
}

const struct odp_action_ops odp_act_redact = {
    .compile = compile,
    .apply = apply,
    .describe = describe,
};
