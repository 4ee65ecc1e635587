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

/*
 * Every identifier detector: enum name, policy name, scrub token. The order is the enum's
 * (bit positions in detect masks); append new ones. To add one: a line here and a row in
 * lib/transform/detect.c's registry (docs/SCRUB.md, "How to add a detector").
 */
#define ODP_DETECTORS(D)                                                                  \
    D(EMAIL, email, "[EMAIL]")                                                             \
    D(PHONE, phone, "[PHONE]")                                                             \
    D(SSN, ssn, "[SSN]")                                                                   \
    D(CREDIT_CARD, credit_card, "[CARD]")                                                  \
    D(IP, ip, "[IP]")                                                                      \
    D(DATE, date, "[DATE]")                                                                \
    D(ADDRESS, address, "[ADDRESS]")                                                       \
    D(PERSON_NAME, person_name, "[PERSON]")                                                \
    D(BBL, bbl, "[BBL]")                                                                   \
    D(LICENSE, license, "[LICENSE]")                                                       \
    D(APARTMENT, apartment, "[APARTMENT]")                                                 \
    D(CASE_NUMBER, case_number, "[CASE_NUMBER]")                                           \
    D(DOB, dob, "[DOB]")                                                                   \
    D(PLATE, plate, "[PLATE]")                                                             \
    D(BADGE, badge, "[BADGE]")

enum odp_detector {
#define ODP_DETECTOR_ENUM_(E, n, t) ODP_DET_##E,
    ODP_DETECTORS(ODP_DETECTOR_ENUM_)
#undef ODP_DETECTOR_ENUM_
    ODP_DET__COUNT
};

/* "email", "phone", ... ; NULL for an out-of-range value. */
ODP_API const char *odp_detector_name(enum odp_detector d);
/* Returns the detector named s[0..len), or -1. */
ODP_API int odp_detector_from_name(const char *s, size_t len);

#endif
