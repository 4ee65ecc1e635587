/*
 * detect.h - identifier detectors (PCRE2 JIT, compiled once) with validators.
 *
 * Used by `scrub` (replace what is found) and by `audit` / `init` (count what is found,
 * never print it). A match is reported as a byte range; callers never copy it into an
 * error or a report.
 */
#ifndef ODP_DETECT_H
#define ODP_DETECT_H

#include <stddef.h>
#include <stdint.h>

#include "odp/err.h"

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

struct odp_detect;

/* Compiles the detectors whose bits are set in `mask` (1u << d). NULL + err on failure. */
struct odp_detect *odp_detect_new(uint32_t mask, struct odp_err *err);
void odp_detect_free(struct odp_detect *d);

/*
 * Finds the leftmost validated match of detector `which` in s[start..n). Returns 1 and
 * sets [*mstart, *mend) when found, 0 when not, negative on a matching error (limit).
 * Context-only detectors (person_name, license: by column header) match the whole
 * value when `column_hint` says so; column_hint may be NULL.
 */
int odp_detect_find(struct odp_detect *d, enum odp_detector which, const char *s, size_t n,
                    size_t start, const char *column_hint, size_t *mstart, size_t *mend,
                    struct odp_err *err);

#endif
