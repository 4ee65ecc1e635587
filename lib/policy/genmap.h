/*
 * genmap.h - the `map` generalisation: each value replaced by its group (a category
 * hierarchy level, docs/PRIVACY.md "Hierarchies and the search").
 *
 * A map is written in a policy inline, `{map: {Bachelors: Undergraduate, ...}}` (as a
 * column's generalize rule or as one level of `privacy.hierarchies`), or comes from an
 * ARX-style hierarchy file `value;level1;level2;...` (`hierarchies: {COL: {file: F}}`),
 * one map per level. Keys are the raw values (exact bytes); a value the map does not name
 * is an error of the data (an empty value is published empty unless mapped).
 *
 * Messages name the policy or hierarchy file, line and column, never a value: the values
 * are a protected column's.
 */
#ifndef ODP_GENMAP_H
#define ODP_GENMAP_H

#include <stddef.h>

#include "odp/err.h"

#define ODP_GENMAP_MAX 1000000                 /* entries of one map */
#define ODP_GENMAP_FILE_MAX ((size_t)64 << 20) /* bytes of one hierarchy file */
#define ODP_GENMAP_MAX_LEVELS 64

struct odp_out;
struct odp_ynode;
struct odp_yctx;

struct odp_genmap {
    size_t n;    /* entries, sorted by `from` (bytes) */
    char **from; /* n raw values, NUL-terminated (no NUL inside) */
    size_t *from_len;
    char **to; /* n groups */
    size_t *to_len;
    size_t ngroups; /* distinct groups */
};

void odp_genmap_free(struct odp_genmap *m);

/* A deep copy; NULL when out of memory. */
struct odp_genmap *odp_genmap_dup(const struct odp_genmap *m);

/*
 * Reads `{VALUE: GROUP, ...}` (a YAML mapping of scalars, at most ODP_GENMAP_MAX) into a
 * new map. `col` names the column in messages.
 */
int odp_genmap_parse(struct odp_yctx *c, const struct odp_ynode *n, const char *col,
                     struct odp_genmap **out);

/*
 * Reads an ARX-style hierarchy file: one line per value, `value;level1;...;levelN` with
 * `sep` between fields (optionally in double quotes, "" for a quote), every line the same
 * number of fields (at least 2), each value on one line only. Fills maps[0..N) (level i+1
 * in maps[i]) and *nlevels. Errors name the file's line and column. `path` is opened as is.
 */
int odp_genmap_read_file(const char *path, char sep, struct odp_genmap **maps, size_t *nlevels,
                         struct odp_err *err);

/* The group of value v[0..n), or NULL when the map does not name it. */
const char *odp_genmap_find(const struct odp_genmap *m, const char *v, size_t n, size_t *len);

/*
 * How map b groups the values compared with map a (odpub diff): the same entries; the same
 * partition of the same values under other group names; a coarser partition (each of a's
 * groups inside one of b's: b publishes less); a finer one; groupings of the same values
 * that cross (the two releases together tell the groups' intersections: finer than
 * either); or maps of other values (not comparable).
 */
enum odp_genmap_cmp {
    ODP_GENMAP_EQUAL,
    ODP_GENMAP_RENAMED,
    ODP_GENMAP_COARSER,
    ODP_GENMAP_FINER,
    ODP_GENMAP_CROSSING,
    ODP_GENMAP_OTHER
};
/* ODP_GENMAP_OTHER also when out of memory (not comparable is the safe answer). */
enum odp_genmap_cmp odp_genmap_compare(const struct odp_genmap *a, const struct odp_genmap *b);

/* Writes `INDENTmap:` and the entries, one per line, deterministic (sorted). */
void odp_genmap_write(struct odp_out *o, const char *indent, const struct odp_genmap *m);

#endif
