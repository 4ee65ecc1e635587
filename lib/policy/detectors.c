/*
 * detectors.c - names and scrub tokens of the detectors (the policy's vocabulary), from
 * the ODP_DETECTORS list of odp/vocab.h; the "all" set and its order.
 */
#include <stdio.h>
#include <string.h>

#include "detectors.h"

static const struct {
    const char *name;
    const char *token;
} dets[ODP_DET__COUNT] = {
#define ODP_DETECTOR_ROW_(E, n, t) [ODP_DET_##E] = {#n, t},
    ODP_DETECTORS(ODP_DETECTOR_ROW_)
#undef ODP_DETECTOR_ROW_
};

/*
 * `detect: [all]`: every detector but `date` (event dates are not identifiers; birth
 * dates are `dob`'s), in priority order: where two matches overlap the earlier detector
 * keeps its match. Context-anchored detectors (a cue word names what follows) come
 * before the shape-only ones, so "DL 123 456 789" is a licence rather than an SSN;
 * person names come last, after everything with a more specific shape.
 */
static const enum odp_detector all_order[] = {
    ODP_DET_EMAIL,   ODP_DET_IP,      ODP_DET_DOB,         ODP_DET_CASE_NUMBER,
    ODP_DET_BBL,     ODP_DET_LICENSE, ODP_DET_PLATE,       ODP_DET_BADGE,
    ODP_DET_CREDIT_CARD, ODP_DET_SSN, ODP_DET_PHONE,       ODP_DET_ADDRESS,
    ODP_DET_APARTMENT, ODP_DET_PERSON_NAME,
};

const char *
odp_detector_name(enum odp_detector d)
{
    return (unsigned)d < ODP_DET__COUNT ? dets[d].name : NULL;
}

const char *
odp_detector_token(enum odp_detector d)
{
    return (unsigned)d < ODP_DET__COUNT ? dets[d].token : NULL;
}

int
odp_detector_from_name(const char *s, size_t len)
{
    int i;

    for (i = 0; i < ODP_DET__COUNT; i++) {
        if (strlen(dets[i].name) == len && memcmp(dets[i].name, s, len) == 0) {
            return i;
        }
    }
    return -1;
}

uint32_t
odp_detectors_all(void)
{
    uint32_t m = 0;
    size_t i;

    for (i = 0; i < sizeof(all_order) / sizeof(all_order[0]); i++) {
        m |= 1u << all_order[i];
    }
    return m;
}

size_t
odp_detectors_all_order(uint8_t *order, size_t cap)
{
    size_t i, n = sizeof(all_order) / sizeof(all_order[0]);

    for (i = 0; i < n && i < cap; i++) {
        order[i] = (uint8_t)all_order[i];
    }
    return i;
}

size_t
odp_detector_names_list(char *buf, size_t size)
{
    size_t i, n = 0;

    if (size == 0) {
        return 0;
    }
    buf[0] = '\0';
    for (i = 0; i < ODP_DET__COUNT && n < size; i++) {
        int w = snprintf(buf + n, size - n, "%s%s", i ? ", " : "", dets[i].name);

        if (w < 0) {
            break;
        }
        n += (size_t)w;
    }
    return n < size ? n : size - 1;
}
