/*
 * placeholders.c - finds `init`'s TODO placeholders left in a policy's dataset fields.
 *
 * The loaded policy keeps the values but not where they are, so each file of the
 * extends chain is read again through the same bounded YAML tree (ytree.c) for the
 * positions. Files are taken child first: the first file naming a field is the one in
 * effect (merge.c lets a child override its parent's dataset fields).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fs.h"
#include "placeholders.h"
#include "ytree.h"

int
odp_is_placeholder(const char *s)
{
    if (s == NULL) {
        return 0;
    }
    while (*s == ' ' || *s == '\t') {
        s++;
    }
    return strncasecmp(s, "TODO", 4) == 0 &&
           (s[4] == '\0' || s[4] == ':' || s[4] == ' ' || s[4] == '-' || s[4] == '.');
}

#define MAX_FIELDS 32

static int
seen_before(char seen[][64], size_t nseen, const char *k)
{
    size_t i;

    for (i = 0; i < nseen; i++) {
        if (strcmp(seen[i], k) == 0) {
            return 1;
        }
    }
    return 0;
}

/* One file's dataset: map. Returns the count found or a negative code. */
static int
scan_dataset(const struct odp_ynode *ds, const char *path, char seen[][64], size_t *nseen,
             int (*fn)(void *, const struct odp_placeholder *), void *ctx)
{
    struct odp_placeholder ph;
    size_t i, j;
    int found = 0, rc;

    for (i = 0; i + 1 < ds->n; i += 2) {
        const struct odp_ynode *k = ds->kids[i], *v = ds->kids[i + 1];

        if (k->kind != ODP_Y_SCALAR || strlen(k->s) >= 64 || seen_before(seen, *nseen, k->s)) {
            continue;
        }
        if (*nseen < MAX_FIELDS) {
            memcpy(seen[(*nseen)++], k->s, strlen(k->s) + 1);
        }
        ph.path = path;
        ph.field = k->s;
        if (v->kind == ODP_Y_SCALAR && odp_is_placeholder(v->s)) {
            ph.line = v->line;
            ph.col = v->col;
            rc = fn(ctx, &ph);
            if (rc < 0) {
                return rc;
            }
            found++;
        } else if (v->kind == ODP_Y_SEQ) {
            for (j = 0; j < v->n; j++) {
                if (v->kids[j]->kind == ODP_Y_SCALAR && odp_is_placeholder(v->kids[j]->s)) {
                    ph.line = v->kids[j]->line;
                    ph.col = v->kids[j]->col;
                    rc = fn(ctx, &ph);
                    if (rc < 0) {
                        return rc;
                    }
                    found++;
                }
            }
        }
    }
    return found;
}

int
odp_policy_placeholders(const struct odp_policy *p,
                        int (*fn)(void *ctx, const struct odp_placeholder *ph), void *ctx,
                        struct odp_err *err)
{
    char seen[MAX_FIELDS][64];
    size_t nseen = 0, f, i, len;
    int total = 0, rc;

    if (p == NULL || fn == NULL) {
        return odp_errf(err, ODP_EINVAL, NULL, "odp_policy_placeholders: bad argument");
    }
    for (f = 0; f < p->nfiles; f++) {
        struct odp_yctx c = {p->files[f], err};
        struct odp_ynode *root = NULL;
        char *buf = NULL;

        rc = odp_read_file(p->files[f], ODP_POLICY_MAX_BYTES, &buf, &len, err);
        if (rc < 0) {
            return rc;
        }
        rc = odp_y_parse(&c, buf, len, &root);
        free(buf);
        if (rc < 0) {
            return rc;
        }
        for (i = 0; root != NULL && root->kind == ODP_Y_MAP && i + 1 < root->n; i += 2) {
            if (root->kids[i]->kind == ODP_Y_SCALAR && strcmp(root->kids[i]->s, "dataset") == 0 &&
                root->kids[i + 1]->kind == ODP_Y_MAP) {
                rc = scan_dataset(root->kids[i + 1], p->files[f], seen, &nseen, fn, ctx);
                if (rc < 0) {
                    odp_y_free(root);
                    return rc;
                }
                total += rc;
            }
        }
        odp_y_free(root);
    }
    return total;
}

static int
first_one(void *ctx, const struct odp_placeholder *ph)
{
    struct odp_err *err = ctx;

    odp_errf(err, ODP_EVERIFY, &(struct odp_loc){ph->path, ph->line, ph->col},
             "dataset.%s is still a TODO placeholder of the 'odpub init' draft: fill it in "
             "before publishing (odpub check lists every one)",
             ph->field);
    return ODP_OK;
}

int
odp_policy_refuse_placeholders(const struct odp_policy *p, struct odp_err *err)
{
    struct odp_err tmp;
    int rc;

    odp_err_clear(&tmp);
    rc = odp_policy_placeholders(p, first_one, &tmp, err);
    if (rc < 0) {
        return rc;
    }
    if (rc == 0) {
        return ODP_OK;
    }
    if (err != NULL && err->code == ODP_OK) {
        *err = tmp;
    }
    return ODP_EVERIFY;
}
