/*
 * detectors.h - the names of the identifier detectors, as the policy language writes them
 * (`scrub: detect: [email, phone]`) and as audit and init report them, and the typed
 * token scrub puts in place of a match. The detectors themselves (patterns, validators)
 * are the transform layer's (transform/detect.h); the vocabulary is the policy's, so a
 * policy can be loaded and checked without compiling a pattern.
 */
#ifndef ODP_DETECTORS_H
#define ODP_DETECTORS_H

#include <stddef.h>

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

/* "email", "phone", ... */
const char *odp_detector_name(enum odp_detector d);
/* Returns the detector or -1. */
int odp_detector_from_name(const char *s, size_t len);
/* Replacement token used by scrub: "[EMAIL]", "[PHONE]", "[SSN]", "[CARD]", ... */
const char *odp_detector_token(enum odp_detector d);

#endif
