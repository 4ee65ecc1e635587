/* act_scrub.c - scrub: free text with identifiers replaced; the detectors and patterns
 * are scrub.c's, compiled once per column. */
#include <stdio.h>

#include "action.h"
#include "actions_int.h"

static int
compile(struct odp_op *op, const struct odp_keyring *keys, struct odp_err *err)
{
    (void)keys;
    op->st = odp_scrub_new(op->rule, err);
    if (op->st == NULL) {
        return err != NULL && err->code != ODP_OK ? err->code : ODP_EINTERNAL;
    }
    return ODP_OK;
}

static void
release(struct odp_op *op)
{
    odp_scrub_free(op->st);
}

static int
apply(struct odp_op *op, const struct odp_row *row, const char *v, size_t n, struct odp_field *out,
      struct odp_buf *b, struct odp_err *err)
{
    int rc;

    (void)row;
    rc = odp_scrub_apply(op->st, v, n, b, out, err);
    return rc < 0 ? rc : ODP_OK;
}

static int
describe(const struct odp_colrule *r, char *buf, size_t size)
{
    size_t i, n;

    n = (size_t)snprintf(buf, size, "scrubbed: free text with identifiers replaced (");
    for (i = 0; i < r->ndetect && n < size; i++) {
        n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? ", " : "",
                              odp_detector_name((enum odp_detector)r->detect_order[i]));
    }
    if (r->npatterns > 0 && n < size) {
        n += (size_t)snprintf(buf + n, size - n, "%s%zu pattern%s", r->ndetect ? ", " : "",
                              r->npatterns, r->npatterns == 1 ? "" : "s");
    }
    if (n < size) {
        n += (size_t)snprintf(buf + n, size - n, ")");
    }
    return (int)n;
}

const struct odp_action_ops odp_act_scrub = {
    .compile = compile,
    .release = release,
    .apply = apply,
    .describe = describe,
};
