/*
 * load.c - reads a policy file and its `extends` chain into a struct odp_policy.
 *
 * The file is read whole under a 1 MiB cap and parsed (ytree.c, parse.c); parents of
 * `extends` are loaded depth first and merged (merge.c) as policy.h documents; a cycle
 * is reported with the chain of files; a file reached twice is read once.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fs.h"
#include "policy_int.h"

/* ------------------------------------------------------------------------------------ */
/* Loading files and their extends chain */

struct loader {
    struct odp_policy *out; /* owns files[] */
    const char *policies_dir;
    struct odp_err *err;
    char *chain_real[ODP_POLICY_MAX_CHAIN]; /* realpath of each file being loaded */
    const char *chain_name[ODP_POLICY_MAX_CHAIN];
    size_t depth;
    size_t loads;
    char **reals; /* realpath of files[i], so a file reached twice is one entry */
    size_t nreals;
};

/*
 * The stored copy of `path` (rules point at it), added to files[] once per real file:
 * a file reached by two routes (a diamond) keeps the name it was first read under.
 */
static const char *
register_file(struct loader *ld, const char *path, const char *real)
{
    struct odp_policy *p = ld->out;
    size_t i;
    char *s, *r;

    for (i = 0; i < ld->nreals; i++) {
        if (strcmp(ld->reals[i], real) == 0) {
            return p->files[i];
        }
    }
    s = strdup(path);
    r = strdup(real);
    if (s == NULL || r == NULL ||
        odp_pol_grow((void **)&p->files, p->nfiles, sizeof(*p->files)) < 0 ||
        odp_pol_grow((void **)&ld->reals, ld->nreals, sizeof(*ld->reals)) < 0) {
        free(s);
        free(r);
        return NULL;
    }
    p->files[p->nfiles++] = s;
    ld->reals[ld->nreals++] = r;
    return s;
}

static int
is_file(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* dir/NAME.yaml if it is a file: 1 and *out set, 0 if not, < 0 on OOM. */
static int
try_dir(const char *dir, size_t dlen, const char *name, char **out)
{
    size_t nlen = strlen(name);
    char *p = malloc(dlen + nlen + 7);

    if (p == NULL) {
        return ODP_ENOMEM;
    }
    if (dlen == 1 && dir[0] == '.') {
        dlen = 0; /* "NAME.yaml", not "./NAME.yaml": paths in messages stay short */
    } else {
        memcpy(p, dir, dlen);
        p[dlen++] = '/';
    }
    memcpy(p + dlen, name, nlen);
    memcpy(p + dlen + nlen, ".yaml", 6);
    if (is_file(p)) {
        *out = p;
        return 1;
    }
    free(p);
    return 0;
}

int
odp_policy_search(const char *name, const char *beside_dir, const char *policies_dir, char **out)
{
    const char *env = getenv("ODPUB_POLICY_PATH");
    int r = 0;

    *out = NULL;
    if (beside_dir != NULL) {
        r = try_dir(beside_dir, strlen(beside_dir), name, out);
    }
    if (r == 0 && policies_dir != NULL) {
        r = try_dir(policies_dir, strlen(policies_dir), name, out);
    }
    while (r == 0 && env != NULL && *env != '\0') {
        const char *colon = strchr(env, ':');
        size_t n = colon ? (size_t)(colon - env) : strlen(env);

        if (n > 0) {
            r = try_dir(env, n, name, out);
        }
        env = colon ? colon + 1 : NULL;
    }
#ifdef ODP_POLICY_RELDIR
    if (r == 0) {
        /* beside the executable: PREFIX/bin/odpub -> PREFIX/share/odpub/policies, so an
         * installed tree works wherever it is; in the build tree meson links that place
         * to the sources' policies/ (no build path is compiled in) */
        char *d = odp_exe_relative(ODP_POLICY_RELDIR);

        if (d != NULL) {
            r = try_dir(d, strlen(d), name, out);
            free(d);
        }
    }
#endif
#ifdef ODP_POLICY_DIR
    if (r == 0) {
        r = try_dir(ODP_POLICY_DIR, strlen(ODP_POLICY_DIR), name, out);
    }
#endif
    return r;
}

static int
resolve_ext(struct loader *ld, struct odp_yctx *c, const struct odp_pol_ext *e, char **out)
{
    char *dir = odp_dirname(c->path);
    int r;

    *out = NULL;
    if (dir == NULL) {
        return odp_y_oom(c);
    }
    if (strchr(e->name, '/') == NULL && !odp_has_suffix(e->name, ".yaml", 0) &&
        !odp_has_suffix(e->name, ".yml", 0)) {
        /* A bare name: NAME.yaml along the search list. */
        if (!odp_y_is_ident(e->name)) {
            free(dir);
            return odp_y_fail(
                c, ODP_ESCHEMA, e->line, e->col,
                "extends: a policy name is letters, digits, '_' and '-' (or give a path)");
        }
        r = odp_policy_search(e->name, dir, ld->policies_dir, out);
        free(dir);
        if (r < 0) {
            return odp_y_oom(c);
        }
        if (r == 0) {
            return odp_y_fail(
                c, ODP_EIO, e->line, e->col,
                "extends: policy '%.64s' not found (looked for %.64s.yaml beside this "
                "file, in the policies directory and in ODPUB_POLICY_PATH)",
                e->name, e->name);
        }
        return ODP_OK;
    }
    if (e->name[0] == '/' || strcmp(dir, ".") == 0) {
        *out = strdup(e->name);
    } else {
        *out = odp_path_join(dir, e->name);
    }
    free(dir);
    if (*out == NULL) {
        return odp_y_oom(c);
    }
    if (!is_file(*out)) {
        free(*out);
        *out = NULL;
        return odp_y_fail(c, ODP_EIO, e->line, e->col, "extends: policy file '%.200s' not found",
                          e->name);
    }
    return ODP_OK;
}

static int
cycle_error(struct loader *ld, const struct odp_loc *from, size_t first, const char *again)
{
    char chain[400];
    size_t i, n = 0;

    chain[0] = '\0';
    for (i = first; i < ld->depth && n < sizeof(chain); i++) {
        n += (size_t)snprintf(chain + n, sizeof(chain) - n, "%s -> ",
                              odp_basename(ld->chain_name[i]));
    }
    if (n < sizeof(chain)) {
        snprintf(chain + n, sizeof(chain) - n, "%s", odp_basename(again));
    }
    return odp_errf(ld->err, ODP_ESCHEMA, from, "extends cycle: %s", chain);
}

static int
load_layer(struct loader *ld, const char *path, const struct odp_loc *from,
           struct odp_pol_layer *out)
{
    struct odp_yctx c;
    struct odp_pol_layer own, acc;
    struct odp_pol_ext *exts = NULL;
    size_t nexts = 0, i;
    struct odp_ynode *root = NULL;
    char *buf = NULL, *real = NULL;
    size_t len = 0;
    int rc, pushed = 0;

    memset(&own, 0, sizeof(own));
    memset(&acc, 0, sizeof(acc));
    memset(out, 0, sizeof(*out));
    c.err = ld->err;
    if (++ld->loads > ODP_POLICY_MAX_FILES) {
        return odp_errf(ld->err, ODP_ELIMIT, from, "extends: more than %u policy files",
                        ODP_POLICY_MAX_FILES);
    }
    real = realpath(path, NULL);
    if (real == NULL) {
        return odp_err_sys(ld->err, path, "cannot open policy");
    }
    c.path = register_file(ld, path, real);
    if (c.path == NULL) {
        rc = odp_errf(ld->err, ODP_ENOMEM, NULL, "out of memory");
        goto out;
    }
    rc = odp_read_file(path, ODP_POLICY_MAX_BYTES, &buf, &len, ld->err);
    if (rc < 0) {
        goto out;
    }
    for (i = 0; i < ld->depth; i++) {
        if (strcmp(ld->chain_real[i], real) == 0) {
            rc = cycle_error(ld, from, i, c.path);
            goto out;
        }
    }
    if (ld->depth >= ODP_POLICY_MAX_CHAIN) {
        rc = odp_errf(ld->err, ODP_ELIMIT, from, "extends: chain longer than %u files",
                      ODP_POLICY_MAX_CHAIN);
        goto out;
    }
    ld->chain_real[ld->depth] = real;
    ld->chain_name[ld->depth] = c.path;
    ld->depth++;
    pushed = 1;

    rc = odp_y_parse(&c, buf, len, &root);
    if (rc < 0) {
        goto out;
    }
    rc = odp_pol_parse_top(&c, root, &own, &exts, &nexts);
    odp_y_free(root);
    root = NULL;
    if (rc < 0) {
        goto out;
    }
    for (i = 0; i < nexts; i++) {
        struct odp_loc eloc = {c.path, exts[i].line, exts[i].col};
        struct odp_pol_layer par;
        char *ppath = NULL;

        rc = resolve_ext(ld, &c, &exts[i], &ppath);
        if (rc < 0) {
            goto out;
        }
        rc = load_layer(ld, ppath, &eloc, &par);
        free(ppath);
        if (rc == ODP_OK) {
            rc = odp_pol_merge(&acc, &par);
            if (rc < 0) {
                odp_errf(ld->err, ODP_ENOMEM, NULL, "out of memory");
            }
        }
        odp_pol_release(&par.p);
        if (rc < 0) {
            goto out;
        }
    }
    rc = odp_pol_merge(&acc, &own);
    if (rc < 0) {
        odp_errf(ld->err, ODP_ENOMEM, NULL, "out of memory");
        goto out;
    }
    *out = acc;
    memset(&acc, 0, sizeof(acc));
out:
    if (pushed) {
        ld->depth--;
    }
    for (i = 0; i < nexts; i++) {
        free(exts[i].name);
    }
    free(exts);
    odp_y_free(root);
    odp_pol_release(&own.p);
    odp_pol_release(&acc.p);
    free(real);
    free(buf);
    return rc;
}

struct odp_policy *
odp_policy_load(const char *path, const char *policies_dir, struct odp_err *err)
{
    struct loader ld;
    struct odp_pol_layer top;
    struct odp_policy *p;
    char **files;
    size_t nfiles;
    int rc;

    if (path == NULL) {
        odp_errf(err, ODP_EINVAL, NULL, "no policy file given");
        return NULL;
    }
    p = calloc(1, sizeof(*p));
    if (p == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    memset(&ld, 0, sizeof(ld));
    ld.out = p;
    ld.policies_dir = policies_dir;
    ld.err = err;
    rc = load_layer(&ld, path, NULL, &top);
    odp_pol_strv_free(ld.reals, ld.nreals);
    if (rc < 0) {
        odp_policy_free(p);
        return NULL;
    }
    files = p->files;
    nfiles = p->nfiles;
    *p = top.p;
    p->files = files;
    p->nfiles = nfiles;
    p->version = 1;
    p->path = strdup(path);
    if (p->path == NULL) {
        odp_policy_free(p);
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    return p;
}

void
odp_policy_free(struct odp_policy *p)
{
    if (p == NULL) {
        return;
    }
    odp_pol_release(p);
    odp_pol_strv_free(p->files, p->nfiles);
    free(p->path);
    free(p);
}

const struct odp_colrule *
odp_policy_find(const struct odp_policy *p, const char *name, size_t len)
{
    size_t i;

    if (p == NULL || name == NULL) {
        return NULL;
    }
    for (i = 0; i < p->ncols; i++) {
        if (strlen(p->cols[i].name) == len && memcmp(p->cols[i].name, name, len) == 0) {
            return &p->cols[i];
        }
    }
    return NULL;
}
