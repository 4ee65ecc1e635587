/*
 * actions.h - the policy side of every action: the parameters a column rule may give
 * for it, how they are read from the YAML and checked, their defaults, and how they are
 * written back into a package's policy.yaml. (What an action does to a value is the
 * transform layer's: lib/transform/act_NAME.c. docs/ARCHITECTURE.md says why the
 * concept is split along the layers.)
 *
 * parse.c reads a rule's common keys (action, type, description) and hands every other
 * key to the action's definition here: a key the action does not list is an error naming
 * the keys it allows; a listed key's node is kept in `nodes`, in the order of `params`,
 * and the action's `parse` reads them all at once, so rules across parameters (generalize
 * takes one of to / digits / bands / width) live in one place.
 */
#ifndef ODP_ACTIONS_DEF_H
#define ODP_ACTIONS_DEF_H

#include <stddef.h>

#include "odp/vocab.h"
#include "out.h"
#include "policy.h"
#include "ytree.h"

#define ODP_ACTION_MAX_PARAMS 12

struct odp_action_def {
    const char *participle;            /* "kept", "masked", ...: for lint messages */
    const char *const *params;         /* parameter keys, NULL-terminated */
    /*
     * Reads the parameters (nodes[i] is the value of params[i], or NULL when absent) of
     * the rule for column `key` into r: types, ranges, defaults, required parameters.
     * Errors at the parameter's (or the column's) POLICY:LINE:COL.
     */
    int (*parse)(struct odp_yctx *c, const struct odp_ynode *key,
                 const struct odp_ynode *const *nodes, struct odp_colrule *r);
    /* Writes every parameter (defaults spelled out), one "INDENTkey: value" line each. */
    void (*write)(struct odp_out *o, const char *indent, const struct odp_colrule *r);
};

/* The definition of action a (never NULL for a valid action). */
const struct odp_action_def *odp_action_def(enum odp_action a);

/* Action names indexed by enum odp_action, and date unit names by enum odp_date_unit
 * (index 0 unused), for odp_y_word. */
extern const char *const odp_action_words[ODP_ACT__COUNT];
extern const char *const odp_date_unit_words[ODP_DATE_UNIT_LAST + 1];

/* "keep, drop, ...": every action name, for messages. */
extern const char odp_action_list_[];
#define ODP_ACTION_LIST (odp_action_list_ + 2)

/* Writers shared by the actions and write.c: a double-quoted YAML string with every
 * escape a reader could fold or reject, and the shortest decimal that reads back. */
void odp_yaml_put_q(struct odp_out *o, const char *s);
void odp_yaml_put_num(struct odp_out *o, double v);
/* ["a", "b"] (no newline) */
void odp_yaml_put_strv(struct odp_out *o, char *const *v, size_t n);
/* "INDENTkey: \"value\"\n" */
void odp_yaml_put_kv_q(struct odp_out *o, const char *indent, const char *key, const char *val);

#endif
