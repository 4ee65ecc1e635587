/*
 * detect_int.h - between detect.c (the registry and matching) and detect_hints.c
 * (header hints and whole-cell names).
 */
#ifndef ODP_DETECT_INT_H
#define ODP_DETECT_INT_H

#include <stddef.h>
#include <stdint.h>

/* Normalised column hints are cached up to this length; longer ones are truncated. */
#define DET_HINT_MAX 256u
#define HINT_MAX_TOKENS 16
#define HINT_TOKEN_LEN 32

/* A whole cell that is a person's name ([*vb, *ve): the name without blanks around). */
int odp_det_valid_name(const char *s, size_t n, size_t *vb, size_t *ve);

/*
 * Length of the UTF-8 look-alike at s[i] and its ASCII stand-in (*out; 0 = drop it), or
 * 0 when s[i] starts none (detect_fold.c).
 */
size_t odp_det_lookalike(const unsigned char *s, size_t n, size_t i, char *out);

#endif
