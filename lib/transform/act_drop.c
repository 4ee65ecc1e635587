/* act_drop.c - drop: the column is not published. The plan removes it, so it never
 * gets a per-value op; compiling one is a bug. */
#include <stdio.h>

#include "action.h"

static int
compile(struct odp_op *op, const struct odp_keyring *keys, struct odp_err *err)
{
    (void)keys;
    return odp_errf(err, ODP_EINTERNAL, &op->loc, "column '%s': drop has no per-value op",
                    op->name);
}

static int
describe(const struct odp_colrule *r, char *buf, size_t size)
{
    (void)r;
    return snprintf(buf, size, "dropped: not published");
}

const struct odp_action_ops odp_act_drop = {
    .compile = compile,
    .describe = describe,
};
