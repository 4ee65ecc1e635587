/*
 * detectors.c - names and scrub tokens of the detectors (the policy's vocabulary).
 */
#include <string.h>

#include "detectors.h"

static const struct {
    const char *name;
    const char *token;
} dets[ODP_DET__COUNT] = {
    [ODP_DET_EMAIL] = {"email", "[EMAIL]"},
    [ODP_DET_PHONE] = {"phone", "[PHONE]"},
    [ODP_DET_SSN] = {"ssn", "[SSN]"},
    [ODP_DET_CREDIT_CARD] = {"credit_card", "[CARD]"},
    [ODP_DET_IP] = {"ip", "[IP]"},
    [ODP_DET_DATE] = {"date", "[DATE]"},
    [ODP_DET_ADDRESS] = {"address", "[ADDRESS]"},
    [ODP_DET_PERSON_NAME] = {"person_name", "[NAME]"},
    [ODP_DET_BBL] = {"bbl", "[BBL]"},
    [ODP_DET_LICENSE] = {"license", "[LICENSE]"},
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
