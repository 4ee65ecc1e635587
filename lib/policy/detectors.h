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
#include <stdint.h>

#include "odp/vocab.h"

/* Replacement token used by scrub: "[EMAIL]", "[PHONE]", "[SSN]", "[CARD]", ... */
const char *odp_detector_token(enum odp_detector d);

/* `detect: [all]`: the mask of every detector but date, and its priority order (fills up
 * to cap entries of order, returns how many). */
uint32_t odp_detectors_all(void);
size_t odp_detectors_all_order(uint8_t *order, size_t cap);

/* "email, phone, ..." (every detector name) into buf; returns its length. */
size_t odp_detector_names_list(char *buf, size_t size);

#endif
