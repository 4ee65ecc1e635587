/*
 * act_mask.c - mask: keeps the first keep_first and the last keep_last characters (code
 * points) and replaces every other character by mask_char. A value of at most
 * keep_first + keep_last characters is masked entirely: keeping "the first 4" of a
 * 3-character value would reveal all of it, so short values never show through.
 */
#include <stdio.h>
#include <string.h>

#include "action.h"
#include "utf8.h"

static int
compile(struct odp_op *op, const struct odp_keyring *keys, struct odp_err *err)
{
    const struct odp_colrule *r = op->rule;

    (void)keys;
    (void)err;
    op->txt = r->mask_char != NULL && r->mask_char[0] != '\0' ? r->mask_char : "*";
    op->txt_len = strlen(op->txt);
    return ODP_OK;
}

static int
apply(struct odp_op *op, const struct odp_row *row, const char *v, size_t n, struct odp_field *out,
      struct odp_buf *b, struct odp_err *err)
{
    size_t chars = 0, i, c, kf = op->rule->keep_first, kl = op->rule->keep_last;
    int rc = ODP_OK;

    (void)row;
    for (i = 0; i < n; i += odp_u8_seqlen(v, n, i)) {
        chars++;
    }
    if (chars <= kf + kl) {
        kf = kl = 0;
    }
    odp_buf_reset(b);
    for (i = 0, c = 0; i < n && rc == ODP_OK; c++) {
        size_t l = odp_u8_seqlen(v, n, i);

        if (c < kf || c >= chars - kl) {
            rc = odp_buf_add(b, v + i, l, err);
        } else {
            rc = odp_buf_add(b, op->txt, op->txt_len, err);
        }
        i += l;
    }
    out->p = b->p;
    out->len = b->len;
    return rc;
}

static int
describe(const struct odp_colrule *r, char *buf, size_t size)
{
    if (r->keep_first > 0) {
        return snprintf(buf, size, "masked: all but the first %u characters hidden", r->keep_first);
    }
    return snprintf(buf, size, "masked: all but the last %u characters hidden", r->keep_last);
}

const struct odp_action_ops odp_act_mask = {
    .compile = compile,
    .apply = apply,
    .describe = describe,
};
