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
 * A struct odp_detect owns its compiled patterns, one PCRE2 match context with match
 * limits and one match data block reused by every call: it is not thread-safe (make one
 * per thread) and allocates nothing per call.
 *
 * Finds the leftmost validated match of detector `which` in s[start..n). Returns 1 and
 * sets [*mstart, *mend) when found, 0 when not, negative on a matching error (limit).
 * Context-only detectors (person_name, license: by column header) match the whole
 * value when `column_hint` says so; column_hint may be NULL.
 */
int odp_detect_find(struct odp_detect *d, enum odp_detector which, const char *s, size_t n,
                    size_t start, const char *column_hint, size_t *mstart, size_t *mend,
                    struct odp_err *err);

/*
 * Runs every detector compiled into `d` over s[0..n) and sets bit (1u << det) in *hits
 * for each one that finds something (bits of other detectors are left as they were).
 * Returns ODP_OK or the first matching error (ODP_ELIMIT when a match limit is hit).
 */
int odp_detect_any(struct odp_detect *d, const char *s, size_t n, const char *column_hint,
                   uint32_t *hits, struct odp_err *err);

/*
 * What a column header says about its content, as a mask of (1u << det): the header
 * names a phone, an email, an SSN, a card, an IP, a date, an address, a person's name,
 * a BBL/BIN or a license. Headers are normalised first (lower case, runs of anything
 * but letters and digits become '_', camelCase is split). The context-only detectors
 * (person_name, license, bbl for undashed values) match only when their bit is set here
 * for the column_hint given to odp_detect_find. `header` may be NULL (returns 0).
 */
uint32_t odp_column_hint_kinds(const char *header);

#endif
