/*
 * policy_write.c - writes the effective (merged) policy as YAML, for a package's
 * policy.yaml.
 *
 * Promises: the output is a function of the policy alone (fixed key order, the order
 * of columns and lists as loaded, numbers formatted to the shortest text that reads
 * back to the same double in the "C" locale), so the same policy gives the same bytes.
 * `extends` is gone (the merge is written out), every column carries every parameter
 * of its action with defaults spelled out, and keys appear only as key ids
 * ("keyid:1a2b3c4d"), never as the env:/file: spec that would locate the secret. Every
 * string is double-quoted with YAML escapes, so odp_policy_load reads the output back
 * to an equal policy.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "odp/format.h"
#include "actions.h"
#include "detectors.h"
#include "parse_dp.h"
#include "policy.h"
#include "parse_derive.h"



static void
put_rule(struct odp_out *o, const struct odp_colrule *r)
{
    const char *ind = "    ";

    odp_out_puts(o, "  ");
    odp_yaml_put_q(o, r->name);
    odp_out_puts(o, ":\n");
    odp_out_printf(o, "%saction: %s\n", ind, odp_action_name(r->action));
    if (r->type != NULL) {
        odp_yaml_put_kv_q(o, ind, "type", r->type);
    }
    if (r->description != NULL) {
        odp_yaml_put_kv_q(o, ind, "description", r->description);
    }
    if (r->exempt != NULL) {
        odp_yaml_put_kv_q(o, ind, "exempt", r->exempt);
    }
    if (r->optional) {
        odp_out_printf(o, "%soptional: true\n", ind);
    }
    odp_action_def(r->action)->write(o, ind, r);
}

static void
put_dataset(struct odp_out *o, const struct odp_dataset_meta *m)
{
    const char *ind = "  ";

    if (!m->title && !m->description && !m->agency && !m->category && !m->update_frequency &&
        !m->license && !m->contact && m->ntags == 0 && m->nnull_values == 0 && m->delimiter == 0 &&
        m->encoding == 0) {
        return;
    }
    odp_out_puts(o, "dataset:\n");
    if (m->title) {
        odp_yaml_put_kv_q(o, ind, "title", m->title);
    }
    if (m->description) {
        odp_yaml_put_kv_q(o, ind, "description", m->description);
    }
    if (m->agency) {
        odp_yaml_put_kv_q(o, ind, "agency", m->agency);
    }
    if (m->category) {
        odp_yaml_put_kv_q(o, ind, "category", m->category);
    }
    if (m->ntags > 0) {
        odp_out_puts(o, "  tags: ");
        odp_yaml_put_strv(o, m->tags, m->ntags);
        odp_out_putc(o, '\n');
    }
    if (m->update_frequency) {
        odp_yaml_put_kv_q(o, ind, "update_frequency", m->update_frequency);
    }
    if (m->license) {
        odp_yaml_put_kv_q(o, ind, "license", m->license);
    }
    if (m->contact) {
        odp_yaml_put_kv_q(o, ind, "contact", m->contact);
    }
    if (m->nnull_values > 0) {
        odp_out_puts(o, "  null_values: ");
        odp_yaml_put_strv(o, m->null_values, m->nnull_values);
        odp_out_putc(o, '\n');
    }
    if (m->delimiter != 0 && odp_delimiter_name(m->delimiter) != NULL) {
        odp_out_puts(o, "  delimiter: \"");
        odp_out_puts(o, odp_delimiter_name(m->delimiter));
        odp_out_puts(o, "\"\n");
    }
    if (m->encoding != 0 && odp_encoding_name((enum odp_encoding)m->encoding) != NULL) {
        odp_out_puts(o, "  encoding: ");
        odp_out_puts(o, odp_encoding_name((enum odp_encoding)m->encoding));
        odp_out_putc(o, '\n');
    }
}

static void
put_privacy(struct odp_out *o, const struct odp_policy *p)
{
    int sc = p->nsc_columns > 0 || p->nsc_by > 0 || p->sc_threshold > 0 || p->sc_complementary ||
             p->sc_marker != NULL;

    if (p->nqi == 0 && p->k == 0 && p->on_violation == ODP_VIOL_SUPPRESS && !sc &&
        p->risk == NULL && p->dp == NULL) {
        return;
    }
    odp_out_puts(o, "privacy:\n");
    if (p->nqi > 0) {
        odp_out_puts(o, "  quasi_identifiers: ");
        odp_yaml_put_strv(o, p->qi, p->nqi);
        odp_out_putc(o, '\n');
    }
    odp_out_printf(o, "  k: %u\n", p->k);
    odp_out_printf(o, "  on_violation: %s\n",
                   p->on_violation == ODP_VIOL_FAIL ? "fail" : "suppress");
    odp_pol_write_risk(o, p->risk);
    odp_pol_write_dp(o, p->dp);
    if (!sc) {
        return;
    }
    odp_out_puts(o, "  small_cells:\n");
    if (p->nsc_columns > 0) {
        odp_out_puts(o, "    columns: ");
        odp_yaml_put_strv(o, p->sc_columns, p->nsc_columns);
        odp_out_putc(o, '\n');
    }
    if (p->sc_threshold > 0) {
        odp_out_printf(o, "    threshold: %u\n", p->sc_threshold);
    }
    odp_out_printf(o, "    complementary: %s\n", p->sc_complementary ? "true" : "false");
    if (p->nsc_by > 0) {
        odp_out_puts(o, "    by: ");
        odp_yaml_put_strv(o, p->sc_by, p->nsc_by);
        odp_out_putc(o, '\n');
    }
    if (p->sc_marker != NULL) {
        odp_yaml_put_kv_q(o, "    ", "marker", p->sc_marker);
    }
}

static void
put_baseline(struct odp_out *o, const struct odp_policy *p)
{
    size_t i;
    int a, first;

    if (p->ncats == 0) {
        return;
    }
    odp_out_puts(o, "baseline:\n");
    for (i = 0; i < p->ncats; i++) {
        const struct odp_baseline_cat *b = &p->cats[i];

        odp_out_puts(o, "  - category: ");
        odp_yaml_put_q(o, b->category);
        odp_out_puts(o, "\n    columns: ");
        odp_yaml_put_strv(o, b->patterns, b->npatterns);
        if (b->nexcept > 0) {
            odp_out_puts(o, "\n    except: ");
            odp_yaml_put_strv(o, b->except, b->nexcept);
        }
        odp_out_puts(o, "\n    allowed: [");
        for (a = 0, first = 1; a < ODP_ACT__COUNT; a++) {
            if (b->allowed & (1u << a)) {
                odp_out_printf(o, "%s%s", first ? "" : ", ", odp_action_name((enum odp_action)a));
                first = 0;
            }
        }
        odp_out_puts(o, "]\n");
        if (b->min_date_unit != 0) {
            odp_out_printf(o, "    min_date_unit: %s\n", odp_date_unit_name(b->min_date_unit));
        }
        if (b->note != NULL) {
            odp_yaml_put_kv_q(o, "    ", "note", b->note);
        }
    }
}

int
odp_policy_write_effective(const struct odp_policy *p, const char *const *key_ids,
                           struct odp_out *o, struct odp_err *err)
{
    size_t i, j;

    if (p == NULL || o == NULL) {
        return odp_errf(err, ODP_EINVAL, NULL, "no policy or output given");
    }
    odp_out_puts(o, "# Effective policy written by odpub: extends resolved, keys shown by id.\n");
    odp_out_puts(o, "odpub: 1\n");
    if (p->name != NULL) {
        odp_yaml_put_kv_q(o, "", "name", p->name);
    }
    put_dataset(o, &p->dataset);
    if (p->nkeys > 0) {
        odp_out_puts(o, "keys:\n");
        for (i = 0; i < p->nkeys; i++) {
            const char *id = key_ids != NULL ? key_ids[i] : NULL;

            odp_out_puts(o, "  ");
            odp_yaml_put_q(o, p->keys[i].name);
            odp_out_puts(o, ": ");
            odp_out_puts(o, "\"keyid:");
            /* Only hex digits of an id are written; anything else reads as unresolved. */
            for (j = 0; id != NULL && id[j] != '\0'; j++) {
                if (!((id[j] >= '0' && id[j] <= '9') || (id[j] >= 'a' && id[j] <= 'f'))) {
                    break;
                }
            }
            if (id == NULL || j == 0 || id[j] != '\0' || j > 64) {
                odp_out_puts(o, "unresolved");
            } else {
                odp_out_puts(o, id);
            }
            odp_out_puts(o, "\"\n");
        }
    }
    odp_out_printf(o, "default: %s\n", p->deflt == ODP_DEFAULT_DROP ? "drop" : "reject");
    if (p->ncols > 0) {
        odp_out_puts(o, "columns:\n");
        for (i = 0; i < p->ncols; i++) {
            put_rule(o, &p->cols[i]);
        }
    }
    if (p->ndrop_when > 0) {
        odp_out_puts(o, "rows:\n  drop_when:\n");
        for (i = 0; i < p->ndrop_when; i++) {
            const struct odp_cond *d = &p->drop_when[i];

            odp_out_puts(o, "    - column: ");
            odp_yaml_put_q(o, d->column);
            if (d->op == ODP_COND_IN) {
                odp_out_puts(o, "\n      in: ");
                odp_yaml_put_strv(o, d->values, d->nvalues);
            } else {
                odp_out_puts(o, d->op == ODP_COND_EQUALS ? "\n      equals: " : "\n      matches: ");
                odp_yaml_put_q(o, d->nvalues > 0 ? d->values[0] : "");
            }
            odp_out_putc(o, '\n');
        }
    }
    odp_pol_derive_write(o, p);
    put_privacy(o, p);
    put_baseline(o, p);
    if (o->err.code != ODP_OK) {
        if (err != NULL && err->code == ODP_OK) {
            *err = o->err;
        }
        return o->err.code;
    }
    return ODP_OK;
}
