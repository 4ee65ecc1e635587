/*
 * risk.h - statistical-disclosure risk models and the generalisation search.
 *
 * This module judges a table against privacy models (k-anonymity, l-diversity,
 * t-closeness, k-map) and searches a full-domain generalisation lattice for the
 * node with the least information loss that meets every model. It works on
 * integer ids only: the caller interns every cell value into a small integer (per
 * column) and never hands a value to this module, so no value can reach an error
 * message or a report through it.
 *
 * Workflow (odpub's release):
 *
 *   1. First pass over the rows. For every row, call odp_risk_counts_add() with
 *      the id of each quasi-identifier (QI) value at its finest level (level 0)
 *      and the id of the sensitive value(s). Memory grows with the number of
 *      distinct QI tuples ("finest classes") and distinct (class, sensitive value)
 *      pairs, never with the number of rows. Threads or partitions may each fill
 *      their own counts and merge them with odp_risk_counts_merge(); the result is
 *      exactly the one built at once.
 *   2. Describe each QI's hierarchy as integer maps (struct odp_risk_hier) and the
 *      policy as a struct odp_risk_spec. Optionally build a population table
 *      (struct odp_risk_pop) for k-map and journalist/marketer risk.
 *   3. odp_risk_search() walks the lattice (one level per QI) and picks a node;
 *      odp_risk_evaluate() judges one given node. Neither looks at rows again:
 *      classes at a node are roll-ups of the finest classes.
 *   4. Second pass: odp_risk_node_suppressed() tells, in O(number of QIs), whether
 *      a row's class at the chosen node is suppressed.
 *
 * Semantics shared by every call (the policy contract, SPEC-risk.md):
 *
 *   - A class at a node is the set of rows whose QI ids, each mapped to the node's
 *     level for that QI, are equal. Its size is the sum of the row weights.
 *   - Each class is judged on each enabled model on its own. A class failing any
 *     model is suppressed whole. The node passes when the rows suppressed are at
 *     most floor(max_suppression * rows) (computed in double, as ARX does).
 *   - l-diversity and t-closeness judge every class separately against the
 *     distribution of the WHOLE INPUT table (t-closeness) - suppression never
 *     changes the reference distribution. This is what ARX does.
 *   - "reached" values and risks describe the classes that are kept (released).
 *
 * Numbers: counts are uint64_t; at most ODP_RISK_MAX_ROWS rows in all, so the
 * exact integer arithmetic behind t-closeness cannot overflow. Entropy compares
 * with a slack of ODP_RISK_EPS so values that are equal in exact arithmetic
 * compare equal. Results are deterministic: they do not depend on the order rows
 * were added or counts were merged.
 *
 * Thread safety: objects are not locked. Distinct objects may be used from
 * distinct threads; const objects may be read from several threads at once.
 */
#ifndef ODP_RISK_H
#define ODP_RISK_H

#include <stddef.h>
#include <stdint.h>

#include "odp/err.h"

/* Most quasi-identifiers a table may have (fixed arrays in result structs). */
#define ODP_RISK_MAX_QI 32

/* Most rows (sum of weights) a counts object accepts: 2^40. */
#define ODP_RISK_MAX_ROWS ((uint64_t)1 << 40)

/* Slack for entropy comparisons (natural-log units). */
#define ODP_RISK_EPS 1e-9

/* Defaults for the caps (each may be changed in the options). */
#define ODP_RISK_DEFAULT_MAX_CLASSES ((size_t)4000000)
#define ODP_RISK_DEFAULT_MAX_PAIRS ((size_t)16000000)
#define ODP_RISK_DEFAULT_MAX_SENS_ID ((uint32_t)1 << 24)
#define ODP_RISK_DEFAULT_MAX_NODES ((size_t)100000)
#define ODP_RISK_DEFAULT_MAX_POP_CELLS ((size_t)4000000)

/* Hard ceiling for max_nodes: the search keeps a few bytes per lattice node. */
#define ODP_RISK_MAX_NODES_CEILING ((size_t)16000000)

/* ------------------------------------------------------------------------ */
/* Counts: finest classes and sensitive histograms                          */
/* ------------------------------------------------------------------------ */

/*
 * The finest classes of a table: a hash table from the tuple of level-0 QI ids to
 * the row count, with, per class, sparse histograms of up to two sensitive
 * attributes (one for l-diversity, one for t-closeness; they may be the same
 * column), and the global distribution of each sensitive attribute.
 *
 * Memory: about (4 * nqi + 20) bytes per class and about 40 bytes per distinct
 * (class, sensitive value) pair, plus 8 bytes per sensitive id. Nothing is
 * allocated per row.
 */
struct odp_risk_counts;

struct odp_risk_counts_opts {
    size_t nqi;           /* number of QIs, 1..ODP_RISK_MAX_QI */
    int track_l;          /* non-zero: keep histograms of the l-diversity attribute */
    int track_t;          /* non-zero: keep histograms of the t-closeness attribute */
    int t_same_as_l;      /* non-zero: the t-closeness attribute is the l-diversity one;
                           * only its histograms are stored (needs track_l) and
                           * sens_t is ignored by odp_risk_counts_add() */
    size_t max_classes;   /* cap on finest classes (ODP_ELIMIT past it) */
    size_t max_pairs;     /* cap on (class, sensitive value) pairs per attribute */
    uint32_t max_sens_id; /* sensitive ids must be below this */
};

/* Fills `o` with the defaults: nqi 0 (must be set), nothing tracked, default caps. */
void odp_risk_counts_opts_init(struct odp_risk_counts_opts *o);

/*
 * Creates an empty counts object. Returns NULL and fills `err` on a bad option
 * (ODP_EINVAL) or on allocation failure (ODP_ENOMEM). Free with
 * odp_risk_counts_free(). The options are copied.
 */
struct odp_risk_counts *odp_risk_counts_new(const struct odp_risk_counts_opts *o,
                                            struct odp_err *err);

/*
 * Adds `weight` rows (normally 1) with the given finest QI ids (`qi_ids` holds
 * nqi entries; any uint32_t is a valid id) and sensitive ids. `sens_l` is read
 * only when track_l is set, `sens_t` only when track_t is set and t_same_as_l is
 * not.
 *
 * Returns ODP_OK; ODP_EINVAL for a NULL argument or a zero weight; ODP_ELIMIT when
 * a new class or pair would pass its cap, a sensitive id is >= max_sens_id or the
 * rows would pass ODP_RISK_MAX_ROWS; ODP_ENOMEM. On error nothing was added.
 */
int odp_risk_counts_add(struct odp_risk_counts *c, const uint32_t *qi_ids, uint32_t sens_l,
                        uint32_t sens_t, uint64_t weight, struct odp_err *err);

/*
 * Adds everything in `src` to `dst`, exactly as if src's rows had been added to
 * dst. Both must have been created with the same nqi and tracking flags
 * (ODP_EINVAL otherwise); dst's caps apply. `src` is not changed.
 *
 * Returns ODP_OK, ODP_EINVAL, ODP_ELIMIT or ODP_ENOMEM. On ODP_ELIMIT or
 * ODP_ENOMEM dst holds part of src: discard it.
 */
int odp_risk_counts_merge(struct odp_risk_counts *dst, const struct odp_risk_counts *src,
                          struct odp_err *err);

/* Frees `c`. NULL is a no-op. */
void odp_risk_counts_free(struct odp_risk_counts *c);

/* Number of finest classes, rows (sum of weights), and bytes allocated by `c`. */
size_t odp_risk_counts_classes(const struct odp_risk_counts *c);
uint64_t odp_risk_counts_rows(const struct odp_risk_counts *c);
size_t odp_risk_counts_memory(const struct odp_risk_counts *c);

/* ------------------------------------------------------------------------ */
/* Population table (k-map, journalist and marketer risk)                   */
/* ------------------------------------------------------------------------ */

/*
 * Population cells: counts of people in the population per tuple of the QIs the
 * population names (e.g. zip and sex from a census table). QIs it does not name
 * are wildcards: a cell counts for every value of them. Cell ids are level-0 ids
 * of the same QIs as the counts (the caller interns both with one table).
 *
 * At a node, the population count F of a sample class is the sum of the cells
 * whose named ids, generalised to the node's levels, equal the class's. Since
 * the unnamed QIs are wildcards, F over-counts the people who share the class's
 * full tuple: k-map with a partial population is weaker than with a full one.
 */
struct odp_risk_pop;

/*
 * Creates an empty population table for `nqi` QIs; named[q] non-zero says the
 * population names QI q (at least one must). Cells beyond `max_cells` (0 means
 * ODP_RISK_DEFAULT_MAX_POP_CELLS) give ODP_ELIMIT. Returns NULL and fills `err`
 * on ODP_EINVAL or ODP_ENOMEM. `named` is copied.
 */
struct odp_risk_pop *odp_risk_pop_new(size_t nqi, const unsigned char *named, size_t max_cells,
                                      struct odp_err *err);

/*
 * Adds `count` people to the cell of `qi_ids` (nqi entries; entries of unnamed
 * QIs are ignored). Adding to an existing cell sums. A zero count is accepted and
 * adds nothing. Returns ODP_OK, ODP_EINVAL, ODP_ELIMIT (cell cap, or more than
 * 2^62 people) or ODP_ENOMEM.
 */
int odp_risk_pop_add(struct odp_risk_pop *p, const uint32_t *qi_ids, uint64_t count,
                     struct odp_err *err);

/* Frees `p`. NULL is a no-op. */
void odp_risk_pop_free(struct odp_risk_pop *p);

/* ------------------------------------------------------------------------ */
/* Hierarchies and the policy                                               */
/* ------------------------------------------------------------------------ */

/*
 * One QI's hierarchy: `levels` levels (level 0 = finest), `values` finest ids
 * (0..values-1; every id the counts or the population hold for this QI must be
 * below it), and map[l * values + v] = the id at level l of finest id v. Level 0
 * must be the identity. Ids at every level are below `values` (intern each
 * level's generalised values in their own table). The maps are total: a value
 * that cannot be generalised at some level still needs an id there (its own, or
 * the level's "*").
 *
 * Nested hierarchies (every level merges whole groups of the level below, e.g.
 * age bands 5 -> 10 -> 20 from one origin, ZIP digits 4 -> 3 -> 2) let the search
 * prune by monotonicity. A hierarchy that is not nested (ISO weeks -> months:
 * a week can straddle two months) is accepted, but the search then evaluates
 * every node (see odp_risk_search).
 *
 * The struct and the map are borrowed by the calls that take a spec; a node or a
 * search result keeps its own copy of what it needs.
 */
struct odp_risk_hier {
    uint32_t levels;     /* >= 1 */
    uint32_t values;     /* >= 1 */
    const uint32_t *map; /* levels * values ids */
};

enum odp_risk_ldiv {
    ODP_RISK_LDIV_OFF = 0,
    ODP_RISK_LDIV_DISTINCT, /* at least l distinct sensitive values in the class */
    ODP_RISK_LDIV_ENTROPY,  /* entropy of the class's distribution >= log(l) */
    ODP_RISK_LDIV_RECURSIVE /* (c,l): r1 < c * (r_l + ... + r_m), r sorted descending */
};

enum odp_risk_tdist {
    ODP_RISK_T_OFF = 0,
    ODP_RISK_T_EQUAL,  /* equal ground distance: EMD = half the L1 distance */
    ODP_RISK_T_ORDERED /* ordered distance: EMD = sum_i |cum. difference| / (m-1) */
};

/*
 * Information-loss metrics (lower is better). Suppressed rows count as fully
 * generalised wherever a metric looks at rows.
 *
 *   PREC    generalisation intensity (Sweeney's Prec as a loss): mean over QIs of
 *           level / (levels - 1); a QI with one level counts 0. In [0, 1].
 *   DM      discernibility: sum over kept classes of size^2 + suppressed rows *
 *           rows.
 *   NUE     non-uniform entropy (bits): sum over QIs and rows of
 *           -log2(count of the row's finest value / count of its generalised
 *           value), counts over the whole input; a suppressed row's generalised
 *           value counts every row.
 *   AECS    average equivalence-class size: rows / (kept classes + 1 if any row is
 *           suppressed), as the suppressed rows form one all-"*" class.
 *
 * The default is NUE: it reads the data (unlike PREC, a coarse level of a QI whose
 * values are nearly all in one group costs little), it charges suppression row by
 * row (unlike PREC), and it ranks finer cuts of one QI apart (unlike DM and AECS,
 * which only see class sizes).
 */
enum odp_risk_metric {
    ODP_RISK_METRIC_PREC = 0,
    ODP_RISK_METRIC_DM,
    ODP_RISK_METRIC_NUE,
    ODP_RISK_METRIC_AECS,
    ODP_RISK_METRIC_COUNT
};

/* Stable lowercase metric name ("prec", "dm", "nue", "aecs"); "unknown" else. */
const char *odp_risk_metric_name(int metric);

/*
 * The policy. Fill with odp_risk_spec_init() (all models off), then set what the
 * policy asks for. Everything is borrowed for the duration of the call it is
 * passed to.
 */
struct odp_risk_spec {
    size_t nqi;                       /* must equal the counts' nqi */
    const struct odp_risk_hier *hier; /* nqi hierarchies */

    uint64_t k; /* k-anonymity; 0 = off */

    enum odp_risk_ldiv l_measure; /* needs counts with track_l */
    double l;                     /* >= 1; an integer for DISTINCT and RECURSIVE */
    double c;                     /* > 0, RECURSIVE only */

    enum odp_risk_tdist t_measure; /* needs counts with track_t */
    double t;                      /* in [0, 1] */
    const uint32_t *t_order;       /* ORDERED: t_order[id] = rank of sensitive id
                                    * (ids sorted by value); NULL = id order.
                                    * Ranks must be distinct. */
    size_t t_order_len;            /* entries in t_order; every sensitive id seen
                                    * must be below it */

    const struct odp_risk_pop *pop; /* population table or NULL */
    uint64_t k_map;                 /* k-map (needs pop); 0 = off */

    double max_suppression;      /* share of rows that may be suppressed, [0, 1] */
    enum odp_risk_metric metric; /* what the search minimises; default NUE */
    int global;                  /* 0: the least-loss MINIMAL passing node (default);
                                  * 1: the least-loss passing node of the whole lattice
                                  * (every passing node's loss computed, as ARX's optimum:
                                  * differs only for metrics not monotone in the levels,
                                  * e.g. with suppression) */
    size_t max_nodes;            /* lattice size cap (ODP_ELIMIT past it);
                                  * at most ODP_RISK_MAX_NODES_CEILING */
};

/* All models off, max_suppression 0, metric NUE, max_nodes ODP_RISK_DEFAULT_MAX_NODES. */
void odp_risk_spec_init(struct odp_risk_spec *s);

/* ------------------------------------------------------------------------ */
/* Evaluating one node                                                      */
/* ------------------------------------------------------------------------ */

/*
 * One model's verdict at a node.
 *
 *   required          the policy's parameter (k, l, t or k_map).
 *   required_c        RECURSIVE l-diversity: c. Else 0.
 *   reached           over the KEPT classes (0 when none is kept):
 *                       k-anonymity    smallest class size;
 *                       DISTINCT       fewest distinct sensitive values;
 *                       ENTROPY        smallest exp(entropy), the "effective l";
 *                       RECURSIVE      largest r1 / (r_l + ... + r_m), i.e. the c
 *                                      every kept class stays strictly below;
 *                       t-closeness    largest EMD;
 *                       k-map          smallest population count F.
 *   classes_failing   classes at the node failing this model (before suppression).
 *   rows_failing      rows in those classes.
 */
struct odp_risk_model {
    int on;
    double required;
    double required_c;
    double reached;
    uint64_t classes_failing;
    uint64_t rows_failing;
};

/*
 * Re-identification risks over the kept rows (0 when none is kept). F is a kept
 * class's population count, or its size when there is no population table (then
 * journalist equals prosecutor risk); a population count below the class's size
 * is taken as an undercount and F is the size (pop_undercounts says how often).
 *
 *   prosecutor_max   1 / smallest kept class.
 *   prosecutor_avg   kept classes / kept rows (mean over records of 1 / class size).
 *   journalist_max   1 / smallest F over kept classes.
 *   marketer         ARX's marketer risk: mean over kept records of 1 / F.
 */
struct odp_risk_risks {
    double prosecutor_max;
    double prosecutor_avg;
    double journalist_max;
    double marketer;
    uint64_t pop_undercounts;
};

/* The full verdict at one node. A plain value struct; no pointers. */
struct odp_risk_eval {
    size_t nqi;
    uint32_t levels[ODP_RISK_MAX_QI]; /* the node */
    int passes;                       /* rows_suppressed <= suppression_allowed */
    uint64_t rows;                    /* input rows */
    uint64_t classes;                 /* classes at the node */
    uint64_t classes_suppressed;      /* classes failing any model */
    uint64_t rows_suppressed;         /* rows in them */
    uint64_t suppression_allowed;     /* floor(max_suppression * rows) */
    struct odp_risk_model k, ldiv, tclose, kmap;
    struct odp_risk_risks risk;
    double loss[ODP_RISK_METRIC_COUNT]; /* by enum odp_risk_metric */
};

/*
 * Judges the node `levels` (nqi entries, levels[q] < hier[q].levels) and fills
 * `*eval`. Does not change `c`. Memory: proportional to the finest classes and
 * pairs, freed before return.
 *
 * Returns ODP_OK; ODP_EINVAL for a bad spec, a bad level, a hierarchy that does
 * not match the counts (an id beyond `values`, a level 0 that is not the
 * identity), a model whose attribute the counts do not track; ODP_ENOMEM.
 */
int odp_risk_evaluate(const struct odp_risk_counts *c, const struct odp_risk_spec *s,
                      const uint32_t *levels, struct odp_risk_eval *eval, struct odp_err *err);

/*
 * A judged node that can answer, for the second pass, whether a row is
 * suppressed. It owns a copy of the node's level maps and the set of failing
 * classes keyed by the generalised tuple; it does not refer to the counts, the
 * spec or the hierarchies after creation.
 */
struct odp_risk_node;

/* Like odp_risk_evaluate(), keeping the result. Returns NULL and fills `err`. */
struct odp_risk_node *odp_risk_node_new(const struct odp_risk_counts *c,
                                        const struct odp_risk_spec *s, const uint32_t *levels,
                                        struct odp_err *err);

/* The node's verdict; borrowed, valid until odp_risk_node_free(). */
const struct odp_risk_eval *odp_risk_node_eval(const struct odp_risk_node *n);

/*
 * Whether the row with finest QI ids `qi_ids` (nqi entries) falls in a suppressed
 * class at this node: 1 yes, 0 no. A row whose class was never counted is kept
 * (0) - the caller checks rows in = out + suppressed. ODP_EINVAL when an id is
 * beyond its hierarchy or an argument is NULL. O(nqi), no allocation.
 */
int odp_risk_node_suppressed(const struct odp_risk_node *n, const uint32_t *qi_ids);

/*
 * The same for a row whose ids are already at the node's levels (gen_ids[q] = the
 * hierarchy map of QI q at the node's level): 1 suppressed, 0 kept. O(nqi).
 */
int odp_risk_node_suppressed_gen(const struct odp_risk_node *n, const uint32_t *gen_ids);

/* Frees `n`. NULL is a no-op. */
void odp_risk_node_free(struct odp_risk_node *n);

/* ------------------------------------------------------------------------ */
/* Searching the lattice                                                    */
/* ------------------------------------------------------------------------ */

/*
 * The search looks at the full lattice: every vector of levels, one per QI
 * (product of the level counts nodes; more than max_nodes is ODP_ELIMIT). It
 * picks, among the MINIMAL passing nodes (passing nodes none of whose one-step
 * finer neighbours on one QI passes), the one with the least loss by
 * spec->metric; ties go to the lower sum of levels, then to the lexicographically
 * smaller level vector (QI order). The result does not depend on row order.
 *
 * Pruning (never changes a verdict):
 *   - A model is "class-monotone" when a class that unites classes of a finer node
 *     fails only if every one of them fails. Then the rows failing it never grow
 *     as the node gets coarser, so with suppression a node coarser than a passing
 *     node passes. True for k-anonymity, distinct l-diversity and k-map. False
 *     for entropy and recursive (c,l) l-diversity and t-closeness: a class far from
 *     the target can drag a merged class below the bar while its other part passed
 *     (e.g. {x:1, y:1} passes entropy l=2, {x:100} fails, their union fails).
 *   - With no suppression allowed (floor(max_suppression * rows) = 0) a node
 *     passes only when every class passes, and every model here keeps "all parts
 *     pass => the union passes" (entropy and EMD are concave / convex in the
 *     distribution, r1 is subadditive and r_l + ... + r_m superadditive, counts and
 *     population counts add up). Then every model prunes.
 *   - When every enabled model prunes, a pass marks all coarser nodes passing and
 *     a failure marks all finer nodes failing; the search binary-searches chains
 *     from the bottom (like ARX's Flash). Otherwise a node whose class-monotone
 *     models alone already suppress too many rows marks all finer nodes failing,
 *     and the search goes top-down to use that.
 *   - Pruning needs nested hierarchies (see struct odp_risk_hier); with one that is
 *     not nested every node is evaluated.
 */
struct odp_risk_result;

struct odp_risk_search_stats {
    uint64_t nodes_total;     /* lattice size */
    uint64_t nodes_evaluated; /* nodes whose classes were rolled up ("levels tried") */
    uint64_t nodes_pruned;    /* nodes judged by monotonicity */
    uint64_t nodes_passing;   /* passing nodes, evaluated or pruned */
    uint64_t nodes_minimal;   /* minimal passing nodes */
    int pruning;              /* 0 none, 1 failures only, 2 passes and failures */
    int found;                /* 1 when some node passes */
};

/*
 * Searches the lattice and creates a result (free with odp_risk_result_free()).
 * A lattice where no node passes is not an error: stats.found is 0 and
 * odp_risk_result_node() returns NULL.
 *
 * Returns ODP_OK; ODP_EINVAL (as odp_risk_evaluate); ODP_ELIMIT when the lattice
 * has more than spec->max_nodes nodes; ODP_ENOMEM. On error *out is NULL.
 */
int odp_risk_search(const struct odp_risk_counts *c, const struct odp_risk_spec *s,
                    struct odp_risk_result **out, struct odp_err *err);

/* Borrowed; valid until odp_risk_result_free(). */
const struct odp_risk_search_stats *odp_risk_result_stats(const struct odp_risk_result *r);

/* The verdict at the bottom node (all levels 0), for the before/after report. */
const struct odp_risk_eval *odp_risk_result_before(const struct odp_risk_result *r);

/* The chosen node, or NULL when no node passes. Borrowed, like the above. */
const struct odp_risk_node *odp_risk_result_node(const struct odp_risk_result *r);

/* Flags of odp_risk_result_node_status(). */
#define ODP_RISK_NODE_PASS 1      /* the node passes */
#define ODP_RISK_NODE_EVALUATED 2 /* its classes were rolled up (not pruned) */
#define ODP_RISK_NODE_MINIMAL 4   /* it passes and no one-step finer node passes */

/*
 * The search's verdict on node `levels`: a combination of ODP_RISK_NODE_*
 * (>= 0), or ODP_EINVAL for a level out of range.
 */
int odp_risk_result_node_status(const struct odp_risk_result *r, const uint32_t *levels);

/* Frees `r` (and its node). NULL is a no-op. */
void odp_risk_result_free(struct odp_risk_result *r);

#endif
