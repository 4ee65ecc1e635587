/*
 * odp/vocab.h - the words of the policy language that results carry: the actions a
 * column rule takes and the identifier detectors scrub, audit and init use. Their names
 * are what policies, report.json and --json output write.
 */
#ifndef ODP_VOCAB_H
#define ODP_VOCAB_H

#include <stddef.h>

#include "err.h"

/*
 * Every action, in the order policies list them. To add one: a line here, its parameter
 * schema in lib/policy/actions.c and its behaviour in lib/transform/act_NAME.c
 * (docs/ARCHITECTURE.md, "How to add an action").
 */
#define ODP_ACTIONS(X)                                                                    \
    X(KEEP, keep)                                                                          \
    X(DROP, drop)                                                                          \
    X(REDACT, redact)                                                                      \
    X(MASK, mask)                                                                          \
    X(PSEUDONYMIZE, pseudonymize)                                                          \
    X(GENERALIZE, generalize)                                                              \
    X(ROUND, round)                                                                        \
    X(DATE_SHIFT, date_shift)                                                              \
    X(SCRUB, scrub)

enum odp_action {
#define ODP_ACTION_ENUM_(E, n) ODP_ACT_##E,
    ODP_ACTIONS(ODP_ACTION_ENUM_)
#undef ODP_ACTION_ENUM_
    ODP_ACT__COUNT
};

/* "keep", "drop", ... ; NULL for an out-of-range value. */
ODP_API const char *odp_action_name(enum odp_action a);
/* Returns the action named s, or -1. */
ODP_API int odp_action_from_name(const char *s);

enum odp_detector {
    ODP_DET_EMAIL = 0,
    ODP_DET_PHONE,
    ODP_DET_SSN,
    ODP_DET_CREDIT_CARD,
    ODP_DET_IP,
    ODP_DET_DATE,
    ODP_DET_ADDRESS,
    ODP_DET_PERSON_NAME,
    ODP_DET_BBL,
    ODP_DET_LICENSE,
    ODP_DET__COUNT
};

/* "email", "phone", ... ; NULL for an out-of-range value. */
ODP_API const char *odp_detector_name(enum odp_detector d);
/* Returns the detector named s[0..len), or -1. */
ODP_API int odp_detector_from_name(const char *s, size_t len);

#endif
