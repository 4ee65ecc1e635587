/*
 * merge.c - layers of an `extends` chain merged into one policy (docs/POLICY.md):
 * parents first, in the order listed, then the child.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "parse_derive.h"
#include "policy_int.h"

/* ------------------------------------------------------------------------------------ */
/* Merging: parents first, the child last */

int
odp_pol_grow(void **arr, size_t n, size_t size)
{
    void *na = realloc(*arr, (n + 1) * size);

    if (na == NULL) {
        return ODP_ENOMEM;
    }
    *arr = na;
    return ODP_OK;
}

/* Moves the strings of src not yet in dst to its end; src keeps what it did not give. */
static int
strv_merge(char ***dst, size_t *nd, char **src, size_t ns)
{
    size_t i, j;

    for (i = 0; i < ns; i++) {
        int dup = 0;

        if (src[i] == NULL) {
            continue;
        }
        for (j = 0; j < *nd && !dup; j++) {
            dup = strcmp((*dst)[j], src[i]) == 0;
        }
        if (dup) {
            continue;
        }
        if (odp_pol_grow((void **)dst, *nd, sizeof(**dst)) < 0) {
            return ODP_ENOMEM;
        }
        (*dst)[(*nd)++] = src[i];
        src[i] = NULL;
    }
    return ODP_OK;
}

static void
move_str(char **dst, char **src)
{
    if (*src != NULL) {
        free(*dst);
        *dst = *src;
        *src = NULL;
    }
}

static int
cond_equal(const struct odp_cond *a, const struct odp_cond *b)
{
    size_t i;

    if (a->op != b->op || strcmp(a->column, b->column) != 0 || a->nvalues != b->nvalues) {
        return 0;
    }
    for (i = 0; i < a->nvalues; i++) {
        if (strcmp(a->values[i], b->values[i]) != 0) {
            return 0;
        }
    }
    return 1;
}

/* Applies src over dst, moving what it uses out of src (which the caller then releases). */
int
odp_pol_merge(struct odp_pol_layer *dst, struct odp_pol_layer *src)
{
    struct odp_policy *d = &dst->p, *s = &src->p;
    struct odp_dataset_meta *dm = &d->dataset, *sm = &s->dataset;
    size_t i, j;

    if (s->version) {
        d->version = s->version;
    }
    if (src->set & SET_NAME) {
        move_str(&d->name, &s->name);
    }
    move_str(&dm->title, &sm->title);
    move_str(&dm->description, &sm->description);
    move_str(&dm->agency, &sm->agency);
    move_str(&dm->category, &sm->category);
    move_str(&dm->update_frequency, &sm->update_frequency);
    move_str(&dm->license, &sm->license);
    move_str(&dm->contact, &sm->contact);
    if (strv_merge(&dm->tags, &dm->ntags, sm->tags, sm->ntags) < 0) {
        return ODP_ENOMEM;
    }
    if (sm->delimiter != 0) { /* how the data is read: the child's, when it says */
        dm->delimiter = sm->delimiter;
    }
    if (sm->encoding != 0) {
        dm->encoding = sm->encoding;
    }
    if (sm->nnull_values > 0) { /* the child's list replaces the parent's */
        odp_pol_strv_free(dm->null_values, dm->nnull_values);
        dm->null_values = sm->null_values;
        dm->nnull_values = sm->nnull_values;
        sm->null_values = NULL;
        sm->nnull_values = 0;
    }
    for (i = 0; i < s->nkeys; i++) {
        for (j = 0; j < d->nkeys && strcmp(d->keys[j].name, s->keys[i].name) != 0; j++) {
        }
        if (j == d->nkeys) {
            if (odp_pol_grow((void **)&d->keys, d->nkeys, sizeof(*d->keys)) < 0) {
                return ODP_ENOMEM;
            }
            d->nkeys++;
        } else {
            free(d->keys[j].name);
            free(d->keys[j].spec);
        }
        d->keys[j] = s->keys[i];
        memset(&s->keys[i], 0, sizeof(s->keys[i]));
    }
    if (src->set & SET_DEFAULT) {
        d->deflt = s->deflt;
    }
    for (i = 0; i < s->ncols; i++) {
        for (j = 0; j < d->ncols && strcmp(d->cols[j].name, s->cols[i].name) != 0; j++) {
        }
        if (j == d->ncols) {
            if (odp_pol_grow((void **)&d->cols, d->ncols, sizeof(*d->cols)) < 0) {
                return ODP_ENOMEM;
            }
            d->ncols++;
        } else {
            odp_pol_colrule_release(&d->cols[j]);
        }
        d->cols[j] = s->cols[i];
        memset(&s->cols[i], 0, sizeof(s->cols[i]));
    }
    for (i = 0; i < s->ndrop_when; i++) {
        int dup = 0;

        for (j = 0; j < d->ndrop_when && !dup; j++) {
            dup = cond_equal(&d->drop_when[j], &s->drop_when[i]);
        }
        if (dup) {
            continue;
        }
        if (odp_pol_grow((void **)&d->drop_when, d->ndrop_when, sizeof(*d->drop_when)) < 0) {
            return ODP_ENOMEM;
        }
        d->drop_when[d->ndrop_when++] = s->drop_when[i];
        memset(&s->drop_when[i], 0, sizeof(s->drop_when[i]));
    }
    if (strv_merge(&d->qi, &d->nqi, s->qi, s->nqi) < 0) {
        return ODP_ENOMEM;
    }
    if (src->set & SET_QI) {
        d->qi_line = s->qi_line;
        d->qi_col = s->qi_col;
    }
    if ((src->set & SET_K) && s->k > d->k) {
        d->k = s->k;
    }
    if (src->set & SET_VIOL) {
        d->on_violation = s->on_violation;
    }
    if (strv_merge(&d->sc_columns, &d->nsc_columns, s->sc_columns, s->nsc_columns) < 0 ||
        strv_merge(&d->sc_by, &d->nsc_by, s->sc_by, s->nsc_by) < 0) {
        return ODP_ENOMEM;
    }
    if ((src->set & SET_SC_THRESH) && s->sc_threshold > d->sc_threshold) {
        d->sc_threshold = s->sc_threshold;
    }
    if (src->set & SET_SC_COMP) {
        d->sc_complementary = s->sc_complementary;
    }
    if (odp_pol_merge_risk(d, s) < 0) {
        return ODP_ENOMEM;
    }
    if (src->set & SET_SC_MARKER) {
        move_str(&d->sc_marker, &s->sc_marker);
    }
    if (s->dp != NULL) { /* a child's differential_privacy block replaces the parent's */
        odp_dp_policy_free(d->dp);
        d->dp = s->dp;
        s->dp = NULL;
    }
    for (i = 0; i < s->ncats; i++) {
        int dup = 0;

        /* A file reached twice through extends (a diamond) adds its categories once. */
        for (j = 0; j < d->ncats && !dup; j++) {
            dup = d->cats[j].path == s->cats[i].path && d->cats[j].line == s->cats[i].line &&
                  d->cats[j].col == s->cats[i].col;
        }
        if (dup) {
            continue;
        }
        if (odp_pol_grow((void **)&d->cats, d->ncats, sizeof(*d->cats)) < 0) {
            return ODP_ENOMEM;
        }
        d->cats[d->ncats++] = s->cats[i];
        memset(&s->cats[i], 0, sizeof(s->cats[i]));
    }
    if (odp_pol_derive_merge(&d->dv, &s->dv) < 0) {
        return ODP_ENOMEM;
    }
    dst->set |= src->set;
    return ODP_OK;
}
