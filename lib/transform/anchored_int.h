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
int tx_scan_tokens(const char *s, size_t n, size_t start, tx_tok_check_fn check, size_t *ms,
                   size_t *me);
/* Digits and letters in s[b..e). */
void tx_shape(const char *s, size_t b, size_t e, size_t *digits, size_t *letters);
/* "no", "number", "#"-like words between a cue and its value. */
extern struct tx_set tx_num_fillers_set;

/* badge.c: the lists its gate words come from (NULL-terminated). */
extern const char *const tx_badge_cues[];
extern const char *const tx_worker_cues[];
extern const char *const tx_ranks[];
extern const char *const tx_id_roles[];
extern const char *const tx_badge_gate_words[];

#endif
