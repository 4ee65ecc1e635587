/*
 * detect.h - identifier detectors (PCRE2 JIT, compiled once) with validators.
 *
 * Used by `scrub` (replace what is found) and by `audit` / `init` (count what is found,
 * never print it). A match is reported as a byte range; callers never copy it into an
 * error or a report.
 *
 * What each detector finds (validators in detect.c):
 *   email        local@domain.tld, no "..", TLD alphabetic.
 *   phone        NANP: 212-555-0123, (212) 555-0123, 212.555.0123, 2125550123, +1 212 555
 *                0123, 1-212-555-0123; area and exchange start 2-9, N11 area codes refused;
 *                never part of a longer digit run (also across '-' '.' '/').
 *   ssn          AAA-GG-SSSS, same separator (dash, space or none) twice; area not 000,
 *                666, 900-999; group not 00; serial not 0000; never inside a longer number.
 *   credit_card  13-19 digits, one separator kind (space or dash), Luhn, known IIN + length.
 *   ip           IPv4 (octets 0-255, not in a longer dotted run) and IPv6 (inet_pton).
 *   date         MM/DD/YYYY [hh:mm[:ss] [AM|PM]] and YYYY-MM-DD[THH:MM[:SS[.f]]][zone],
 *                real calendar dates 1800-2199; a bad time shrinks the match to the date.
 *   address      house number (123, 123-45, 12A) + 1-4 words + street suffix (ST, AVE,
 *                BLVD, PL, ...; BROADWAY/BOWERY alone), case-insensitive.
 *   bbl          dashed 1-00234-0056 anywhere; after a BBL / B/B/L cue also undashed
 *                (1012340056, 2/03456/0078), after a BIN cue a 7-digit BIN; under a
 *                bbl / bin header the undashed forms without a cue.
 *   license      after a licence cue (DL, NYS DL#, license no., NYS ID, ...) in any text;
 *                under a license header the whole value (5-7 digits, optional prefix).
 *   person_name  names in running text (textnames.c: titles, roles, name tables, places
 *                and acronyms refused); under a name header the whole value.
 *   apartment, case_number, dob, plate, badge: free-text scanners (apartments.c,
 *                anchored.c), each documented in its file and in docs/SCRUB.md.
 * The rows of the registry in detect.c say which function finds each one.
 */
#ifndef ODP_DETECT_H
#define ODP_DETECT_H

#include <stddef.h>
#include <stdint.h>

#include "detectors.h"
#include "odp/err.h"


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

/*
 * odp_detect_find with the header's kinds already computed (odp_column_hint_kinds),
 * for callers that scan many columns and keep each column's kinds.
 */
int odp_detect_find_kinds(struct odp_detect *d, enum odp_detector which, const char *s, size_t n,
                          size_t start, uint32_t kinds, size_t *mstart, size_t *mend,
                          struct odp_err *err);

/*
 * Extra bit of odp_column_hint_kinds: the header names a record number ("Job #",
 * "unique_key", "CMPLNT_NUM", "job_number"). In such a column a value that is only a
 * digit run is the record's number, so SSN, phone and card detectors do not report a
 * match that spans the whole value (the same number inside longer text still counts).
 */
#define ODP_HINT_RECORD_ID (1u << 30)

/* A detected identifier: bytes [b, e) of the value, found by detector det. */
struct odp_span {
    size_t b, e;
    uint8_t det;
};

/*
 * Runs the detectors order[0..norder) (each compiled into d) over s[0..n) and returns
 * their matches as spans sorted by start, in bytes of s. Matching sees the text with
 * Unicode look-alikes folded to ASCII (fullwidth forms such as "１２３" and "＠",
 * non-breaking and other dashes, non-breaking spaces; zero-width characters dropped),
 * and each span covers the original bytes. Where two matches overlap the detector listed
 * first keeps its match. `kinds` as from odp_column_hint_kinds. The spans stay valid
 * until the next call on d. Returns ODP_OK or the first matching error.
 */
int odp_detect_spans(struct odp_detect *d, const uint8_t *order, size_t norder, const char *s,
                     size_t n, uint32_t kinds, const struct odp_span **spans, size_t *nspans,
                     struct odp_err *err);

#endif
