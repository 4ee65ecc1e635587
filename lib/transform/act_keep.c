/* act_keep.c - keep: the value is published unchanged. */
#include <stdio.h>

#include "action.h"

static int
describe(const struct odp_colrule *r, char *buf, size_t size)
{
    (void)r;
    return snprintf(buf, size, "published as is");
}

const struct odp_action_ops odp_act_keep = {
    .describe = describe,
    .out_type = odp_out_type_declared,
};
