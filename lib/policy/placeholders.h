/*
 * placeholders.h - the `TODO` placeholders of an `odpub init` draft, left unedited.
 *
 * `init` writes "TODO: title", "TODO: publishing agency", "TODO: license" and the like
 * for the dataset fields; published as is, they would go into every metadata file and
 * the portal. `check` reports each one as a finding and `release` refuses the policy,
 * both at the POLICY:LINE:COL of the field.
 */
#ifndef ODP_POLICY_PLACEHOLDERS_H
#define ODP_POLICY_PLACEHOLDERS_H

#include <stdint.h>

#include "odp/err.h"
#include "policy.h"

struct odp_placeholder {
    const char *path;   /* the policy file holding it (owned by the policy) */
    uint64_t line, col; /* of the value */
    const char *field;  /* "title", "agency", "tags", ... (valid during the call) */
};

/* Does the value read as a placeholder: "TODO" (any case) at its start? */
int odp_is_placeholder(const char *s);

/*
 * Calls fn for every dataset field in effect (a child's field hides its parent's) whose
 * value is a placeholder, child file first. Returns the count, fn's negative return, or
 * a negative code with err (a policy file that no longer reads).
 */
int odp_policy_placeholders(const struct odp_policy *p,
                            int (*fn)(void *ctx, const struct odp_placeholder *ph), void *ctx,
                            struct odp_err *err);

/*
 * For release: ODP_OK when there is none, else ODP_EVERIFY with err at the first one's
 * POLICY:LINE:COL, naming the field.
 */
int odp_policy_refuse_placeholders(const struct odp_policy *p, struct odp_err *err);

#endif
