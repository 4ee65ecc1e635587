/*
 * scrub_tokens.c - `scrub: {detect: [...], tokens: {person_name: "[NAME]"}}`: the
 * replacement written for each detector's matches, instead of its default token
 * ([PERSON], [PHONE] ... from odp/vocab.h). A token names a detector of the rule's
 * `detect` list, is 1-64 printable characters, and must not itself look identifying:
 * no digit and no '@' (a token such as "555-0100" or "x@y.org" would publish something
 * that reads as a phone number or an address in every scrubbed cell).
 */
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "detectors.h"
#include "scrub_tokens.h"

#define TOKEN_MAX 64

static int
token_ok(const char *s, size_t len, const char **why)
{
    size_t i;

    if (len == 0) {
        *why = "must not be empty";
        return 0;
    }
    if (len > TOKEN_MAX) {
        *why = "is longer than 64 bytes";
        return 0;
    }
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c < 0x20 || c == 0x7f) {
            *why = "must not hold control characters";
            return 0;
        }
        if ((c >= '0' && c <= '9') || c == '@') {
            *why = "must not hold a digit or '@' (it would read as an identifier)";
            return 0;
        }
    }
    return 1;
}

int
odp_parse_scrub_tokens(struct odp_yctx *c, const struct odp_ynode *n, struct odp_colrule *r)
{
    size_t j;
    int rc = odp_y_map(c, n, "tokens");

    for (j = 0; rc == ODP_OK && j < n->n; j += 2) {
        const struct odp_ynode *k = n->kids[j], *v = n->kids[j + 1];
        int d = odp_detector_from_name(k->s, k->len);
        const char *why = NULL;
        char *tok = NULL;

        if (d < 0 || d >= ODP_DET__COUNT) {
            char names[400];

            odp_detector_names_list(names, sizeof(names));
            return odp_y_fail(c, ODP_ESCHEMA, k->line, k->col,
                              "'tokens': unknown detector '%.40s' (valid: %s)", k->s, names);
        }
        if ((r->detect_mask & (1u << d)) == 0) {
            return odp_y_fail(c, ODP_ESCHEMA, k->line, k->col,
                              "'tokens': detector '%s' is not in this column's 'detect' list",
                              odp_detector_name((enum odp_detector)d));
        }
        if (r->tokens[d] != NULL) {
            return odp_y_fail(c, ODP_ESCHEMA, k->line, k->col, "'tokens': '%s' given twice",
                              odp_detector_name((enum odp_detector)d));
        }
        rc = odp_y_str(c, v, "tokens", &tok);
        if (rc != ODP_OK) {
            return rc;
        }
        if (!token_ok(tok, strlen(tok), &why)) {
            free(tok);
            return odp_y_fail(c, ODP_ESCHEMA, v->line, v->col, "'tokens': the token for '%s' %s",
                              odp_detector_name((enum odp_detector)d), why);
        }
        r->tokens[d] = tok;
    }
    return rc;
}

void
odp_write_scrub_tokens(struct odp_out *o, const char *indent, const struct odp_colrule *r)
{
    size_t i, k;
    int any = 0;

    for (i = 0; i < ODP_DET__COUNT; i++) {
        any |= r->tokens[i] != NULL;
    }
    if (!any) {
        return;
    }
    odp_out_printf(o, "%stokens:\n", indent);
    /* in the order of the detect list, so the written policy reads like the source */
    for (k = 0; k < r->ndetect; k++) {
        i = r->detect_order[k];
        if (r->tokens[i] != NULL) {
            odp_out_printf(o, "%s  %s: ", indent, odp_detector_name((enum odp_detector)i));
            odp_yaml_put_q(o, r->tokens[i]);
            odp_out_putc(o, '\n');
        }
    }
}

void
odp_free_scrub_tokens(struct odp_colrule *r)
{
    size_t i;

    for (i = 0; i < ODP_DET__COUNT; i++) {
        free(r->tokens[i]);
        r->tokens[i] = NULL;
    }
}
