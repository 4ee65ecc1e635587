/*
 * anchored_int.h - what the cue-anchored detectors (anchored.c, badge.c) share: the
 * token walk, a token's shape, the filler words between a cue and its number, and the
 * badge detector's cue lists that open the shared gate.
 */
#ifndef ODP_ANCHORED_INT_H
#define ODP_ANCHORED_INT_H

#include <stddef.h>

#include "textscan.h"

typedef int (*tx_tok_check_fn)(const char *s, size_t n, size_t tb, size_t te, size_t *ms,
                               size_t *me);

/*
 * Walks the value tokens (letters and digits, joined by single '-' or '/') that hold a
 * digit, from start on; returns the first whose check accepts it at or after start.
 */
static inline int
tx_scan_tokens(const char *s, size_t n, size_t start, tx_tok_check_fn check, size_t *ms, size_t *me)
{
    size_t i = start;

    while (i < n) {
        size_t tb, te;
        int dig = 0;

        if (!tx_alnum((unsigned char)s[i])) {
            i++;
            continue;
        }
        tb = i;
        while (i < n) {
            int c = (unsigned char)s[i];

            if (tx_alnum(c)) {
                dig |= tx_digit(c);
                i++;
            } else if ((c == '-' || c == '/') && i + 1 < n && tx_alnum((unsigned char)s[i + 1])) {
                i++;
            } else {
                break;
            }
        }
        te = i;
        if (dig && check(s, n, tb, te, ms, me) && *ms >= start) {
            return 1;
        }
    }
    return 0;
}

/* Digits and letters in s[b..e). */
static inline void
tx_shape(const char *s, size_t b, size_t e, size_t *digits, size_t *letters)
{
    size_t i;

    *digits = *letters = 0;
    for (i = b; i < e; i++) {
        *digits += tx_digit((unsigned char)s[i]) != 0;
        *letters += tx_alpha((unsigned char)s[i]) != 0;
    }
}

/* "no", "number", "#"-like words between a cue and its value. */
extern struct tx_set tx_num_fillers_set;

/* badge.c: the lists its gate words come from (NULL-terminated). */
extern const char *const tx_badge_cues[];
extern const char *const tx_worker_cues[];
extern const char *const tx_ranks[];
extern const char *const tx_id_roles[];
extern const char *const tx_badge_gate_words[];

#endif
